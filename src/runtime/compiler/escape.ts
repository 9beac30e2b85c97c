// Macro.escape/2: the quoted form that evaluates to a given term (used by Macro.escape, by
// quote's bind_quoted and unquote of values, and by Macro.expand_once for __ENV__).
import { BeamError, raise } from "../errors.js";
import { Fun } from "../fun.js";
import { inspect } from "../inspect.js";
import { MapTerm } from "../map.js";
import { Atom, Bin, Cons, Float, NIL, Pid, Term, a, binFromBytes, list, listToArray } from "../term.js";

const UNQUOTE = a("unquote");

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
    if (l === NIL) return list(items.map((x) => escape(x, unquote, prune)));
    const escaped = items.map((x) => escape(x, unquote, prune));
    const last = escaped.pop();
    return list([...escaped, [a("|"), NIL, list([last, escape(l, unquote, prune)])]]);
  }
  if (Array.isArray(t)) {
    if (unquote && isUnquote(t)) return (t as Term[])[2] instanceof Cons ? ((t as Term[])[2] as Cons).h : t;
    if (t.length === 2) return [escape(t[0], unquote, prune), escape(t[1], unquote, prune)];
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

function isUnquote(t: Term): boolean {
  return Array.isArray(t) && t.length === 3 && t[0] === UNQUOTE && t[2] instanceof Cons && t[2].t === NIL;
}

