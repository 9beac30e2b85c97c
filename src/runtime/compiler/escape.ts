// Macro.escape/2: the quoted form that evaluates to a given term (used by Macro.escape, by
// quote's bind_quoted and unquote of values, and by Macro.expand_once for __ENV__).
import { BeamError, raise } from "../errors.js";
import { Fun } from "../fun.js";
import { inspect } from "../inspect.js";
import { MapTerm } from "../map.js";
import { Atom, Bin, Cons, Float, NIL, Pid, Term, a, binFromBytes, list, listToArray } from "../term.js";

const UNQUOTE = a("unquote");
const QUOTE = a("quote");

const LINE = a("line");
const NO_PARENS = a("no_parens");

/**
 * Macro.escape/2: the quoted form that evaluates to `t`. With `prune` (prune_metadata: true)
 * every 3-tuple is taken for a quoted node and keeps only the :line and :no_parens of its
 * metadata, as elixir_quote does.
 */
export function escape(t: Term, unquote: boolean, prune = false): Term {
  if (t === null || t === true || t === false || typeof t === "number" || typeof t === "bigint" || typeof t === "string") return t;
  if (t instanceof Atom || t instanceof Pid) return t;
  if (t instanceof Float) return t;
  if (t instanceof Bin) {
    if (t.bits === 0) return t;
    // <<leading::size(n), rest::binary>>, n being the bit size modulo 8.
    const bytes = t.bytes;
    const lead = t.bits;
    const bit = (i: number) => (bytes[i >> 3] >> (7 - (i & 7))) & 1;
    let value = 0;
    for (let i = 0; i < lead; i++) value = (value << 1) | bit(i);
    const rest = new Uint8Array(bytes.length - 1);
    for (let i = 0; i < rest.length * 8; i++) rest[i >> 3] |= bit(lead + i) << (7 - (i & 7));
    const restBin = rest.length === 0 ? "" : binFromBytes(rest);
    return [a("<<>>"), NIL, list([[a("::"), NIL, list([value, [a("size"), NIL, list([lead])]])], [a("::"), NIL, list([restBin, [a("binary"), NIL, NIL]])]])];
  }
  if (t === NIL) return NIL;
  if (t instanceof Cons) {
    const items: Term[] = [];
    let l: Term = t;
    for (; l instanceof Cons; l = l.t) items.push(l.h);
    if (unquote && items.some(splices)) return spliced(items, l, prune);
    if (l === NIL) return list(items.map((x) => escape(x, unquote, prune)));
    const escaped = items.map((x) => escape(x, unquote, prune));
    const last = escaped.pop();
    return list([...escaped, [a("|"), NIL, list([last, escape(l, unquote, prune)])]]);
  }
  if (Array.isArray(t)) {
    if (unquote && isUnquote(t)) return (t as Term[])[2] instanceof Cons ? ((t as Term[])[2] as Cons).h : t;
    // (a quote inside: its own unquotes are its own, as elixir_quote leaves them)
    if (unquote && t.length === 3 && t[0] === QUOTE && (t[2] instanceof Cons) && (t[2].t === NIL || (t[2].t instanceof Cons && t[2].t.t === NIL))) {
      const parts = listToArray(t[2])!;
      const body = escape(parts[parts.length - 1], false, prune);
      const head = parts.slice(0, -1).map((x) => escape(x, unquote, prune));
      return [a("{}"), NIL, list([QUOTE, escape(t[1], unquote, prune), list([...head, body])])];
    }
    if (unquote && t.length === 3) {
      // `Left.unquote(name)(args)` / `Left.unquote(name)`: the call made when it runs
      const call = t[0], dot = Array.isArray(call) && call.length === 3 && Array.isArray(call[0]) ? call[0] : call;
      if (Array.isArray(dot) && dot.length === 3 && dot[0] === DOT) {
        const parts = listToArray(dot[2]);
        const inner = dot === call ? null : listToArray((call as Term[])[2]);
        if (parts !== null && parts.length === 2 && parts[1] === UNQUOTE && (dot === call ? (listToArray(t[2])?.length === 1) : inner?.length === 1)) {
          const meta = dot[1];
          const expr = dot === call ? (t[2] as Cons).h : inner![0];
          const args = dot === call ? null : escape(t[2], unquote, prune);
          return runtimeCall(meta, "dot", [meta, escape(parts[0], unquote, prune), expr, args, null]);
        }
      }
    }
    if (t.length === 2) {
      // (a pair with a splice is the tuple {:{}, [], [left, right]}, as elixir_quote makes it)
      if (unquote && (splicing(t[0]) || splicing(t[1]))) return [a("{}"), NIL, list([a("{}"), NIL, escape(list(t), unquote, prune)])];
      return [escape(t[0], unquote, prune), escape(t[1], unquote, prune)];
    }
    if (prune && t.length === 3) {
      const meta = listToArray(t[1]);
      if (meta === null) throw new BeamError("error", [a("bad_generator"), t[1]]);
      const kept = meta.filter((m) => Array.isArray(m) && m.length === 2 && (m[0] === LINE || m[0] === NO_PARENS));
      return [a("{}"), NIL, list([escape(t[0], unquote, prune), list(kept), escape(t[2], unquote, prune)])];
    }
    return [a("{}"), NIL, list(t.map((x) => escape(x, unquote, prune)))];
  }
  if (t instanceof MapTerm) {
    return [a("%{}"), NIL, list([...t.entries.values()].map(([k, v]) => [escape(k, unquote, prune), escape(v, unquote, prune)]))];
  }
  if (t instanceof Fun && t.code === null && t.module !== null && t.env.length === 0) {
    const dot = [a("."), NIL, list([t.module, t.name])];
    return [a("&"), NIL, list([[a("/"), NIL, list([[dot, list([[a("no_parens"), true]]), NIL], t.arity])]])];
  }
  throw raise("ArgumentError", {
    message: `cannot escape ${inspect(t)}. The supported values are: lists, tuples, maps, atoms, numbers, bitstrings, PIDs and remote functions in the format &Mod.fun/arity`,
  });
}

/**
 * The first part of `t` Macro.escape/1 cannot escape (a reference, a port, a local fun, or
 * a remote one that closes over values), in the order escape meets them, or undefined.
 */
export function unescapable(t: Term): Term | undefined {
  if (t instanceof Cons) {
    let l: Term = t;
    for (; l instanceof Cons; l = l.t) {
      const bad = unescapable(l.h);
      if (bad !== undefined) return bad;
    }
    return l === NIL ? undefined : unescapable(l);
  }
  if (Array.isArray(t)) {
    for (const x of t) {
      const bad = unescapable(x);
      if (bad !== undefined) return bad;
    }
    return undefined;
  }
  if (t instanceof MapTerm) {
    for (const [k, v] of t.entries.values()) {
      const bad = unescapable(k) ?? unescapable(v);
      if (bad !== undefined) return bad;
    }
    return undefined;
  }
  if (t instanceof Fun) return t.code === null && t.module !== null && t.env.length === 0 ? undefined : t;
  if (t === null || t === NIL || typeof t !== "object" || t instanceof Atom || t instanceof Pid || t instanceof Float || t instanceof Bin) return undefined;
  return t;
}

const DOT = a(".");
const UNQUOTE_SPLICING = a("unquote_splicing");

/** A tuple tagged unquote_splicing (what a pair checks, as elixir_quote does). */
const splicing = (t: Term): boolean => Array.isArray(t) && t[0] === UNQUOTE_SPLICING;

/** `unquote_splicing(expr)` as a list element (or `unquote_splicing(expr) | tail` last). */
function splices(t: Term): boolean {
  if (!Array.isArray(t) || t.length !== 3) return false;
  if (t[0] === UNQUOTE_SPLICING) return t[2] instanceof Cons && t[2].t === NIL;
  if (t[0] !== a("|")) return false;
  const parts = listToArray(t[2]);
  return parts !== null && parts.length === 2 && Array.isArray(parts[0]) && parts[0].length === 3 && parts[0][0] === UNQUOTE_SPLICING && parts[0][2] instanceof Cons && parts[0][2].t === NIL;
}

/** `:elixir_quote.fun(args)` as quoted code with `meta`. */
function runtimeCall(meta: Term, fun: string, args: Term[]): Term {
  return [[DOT, meta, list([a("elixir_quote"), a(fun)])], meta, list(args)];
}

/** Quoted elements before a quoted list: the one list, or `left ++ right` when it runs. */
function concat(left: Term[], right: Term | null): Term {
  if (right === null) return list(left);
  if (left.length === 0) return right;
  return [[DOT, NIL, list([a("erlang"), a("++")])], NIL, list([list(left), right])];
}

/**
 * A list with `unquote_splicing(expr)` elements escaped with unquote: true, as elixir_quote's
 * do_quote_tail and do_quote_splice build it (from the end: each splice joins the spliced list
 * to what follows it when it runs; `[... | tail]` after the last splice, with tail_list).
 */
function spliced(items: Term[], tail: Term, prune: boolean): Term {
  const rev = [...items].reverse();
  const splice = (from: Term[]): Term => {
    let buffer: Term[] = [];
    let acc: Term | null = null;
    for (const x of from) {
      if (Array.isArray(x) && x[0] === UNQUOTE_SPLICING && x[2] instanceof Cons && x[2].t === NIL) {
        acc = runtimeCall(x[1], "list", [x[2].h, concat(buffer, acc)]);
        buffer = [];
      } else buffer.unshift(escape(x, true, prune));
    }
    return concat(buffer, acc);
  };
  if (tail !== NIL) {
    // (an improper list: its last element takes the tail)
    const body = splice(rev);
    const tailQ = escape(tail, true, prune);
    const elems = listToArray(body);
    if (elems === null || elems.length === 0) return body;
    elems[elems.length - 1] = [a("|"), NIL, list([elems[elems.length - 1], tailQ])];
    return list(elems);
  }
  const last = rev[0];
  if (Array.isArray(last) && last[0] === a("|") && splices(last)) {
    const [left, right] = listToArray(last[2])!;
    return runtimeCall(last[1], "tail_list", [((left as Term[])[2] as Cons).h, escape(right, true, prune), splice(rev.slice(1))]);
  }
  return splice(rev);
}

function isUnquote(t: Term): boolean {
  return Array.isArray(t) && t.length === 3 && t[0] === UNQUOTE && t[2] instanceof Cons && t[2].t === NIL;
}

