// Test helpers for the stdlib natives: term builders and a small inspect-like printer
// (enough of Kernel.inspect to compare with iex transcripts), plus `run` which returns
// either the printed result or "** (Exception) message" like iex.
import type { NativeFn, ProcLike } from "../../src/runtime/code.js";
import { Runtime } from "../../src/runtime/runtime.js";
import { BeamError } from "../../src/runtime/errors.js";
import { formatFloat } from "../../src/runtime/float-format.js";
import { MapTerm } from "../../src/runtime/map.js";
import { Atom, Bin, Cons, Float, NIL, Term, a, atom, list } from "../../src/runtime/term.js";
import { compare } from "../../src/runtime/term-order.js";

export const f = (v: number) => new Float(v);
export const at = (n: string) => atom(n);
export const l = (...xs: Term[]) => list(xs);
export const bin = (...bytes: number[]) => new Bin(Uint8Array.from(bytes));
/** Keyword list from an object: kw({parts: 2}) */
export const kw = (o: Record<string, Term>) => list(Object.entries(o).map(([k, v]) => [a(k), v]));
export const range = (first: number, last: number, step = 1) =>
  MapTerm.fromPairs([
    [a("__struct__"), a("Elixir.Range")],
    [a("first"), first],
    [a("last"), last],
    [a("step"), step],
  ]);

function printable(s: string): boolean {
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const ok =
      (c >= 0x20 && c <= 0x7e) || [10, 13, 9, 11, 8, 12, 27, 127, 7].includes(c) ||
      (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || c >= 0x10000;
    if (!ok) return false;
  }
  return true;
}

function str(s: string, q = '"'): string {
  let out = q;
  for (const ch of s) {
    const esc: Record<string, string> = { "\n": "\\n", "\t": "\\t", "\r": "\\r", "\\": "\\\\", "\x1b": "\\e", "\v": "\\v", "\b": "\\b", "\f": "\\f", "\x07": "\\a", "\x7f": "\\d", "#": "#" };
    if (ch === q) out += "\\" + q;
    else if (esc[ch] !== undefined) out += esc[ch];
    else out += ch;
  }
  return out + q;
}

function atomText(t: Term): string {
  if (t === true) return "true";
  if (t === false) return "false";
  if (t === null) return "nil";
  const n = (t as Atom).name;
  if (n.startsWith("Elixir.")) return n.slice(7);
  if (/^[\p{L}_][\p{L}\p{N}_@]*[?!]?$/u.test(n)) return ":" + n;
  if (/^(\+|-|\*|\/|==|!=|<|>|<=|>=|&&&|\|\|\||<<<|>>>|~~~|\^\^\^)$/.test(n)) return ":" + n;
  return ":" + str(n);
}

const isKeyAtom = (k: Term) => k instanceof Atom && /^[a-z_][a-zA-Z0-9_@]*[?!]?$/.test(k.name);

export function show(t: Term): string {
  if (typeof t === "number" || typeof t === "bigint") return String(t);
  if (t instanceof Float) return formatFloat(t.v);
  if (t === null || t === true || t === false || t instanceof Atom) return atomText(t);
  if (typeof t === "string") return printable(t) ? str(t) : "<<" + Array.from(new TextEncoder().encode(t)).join(", ") + ">>";
  if (t instanceof Bin) return "<<" + Array.from(t.bytes).join(", ") + (t.bits ? "::size(" + t.bits + ")" : "") + ">>";
  if (Array.isArray(t)) return "{" + t.map(show).join(", ") + "}";
  if (t === NIL) return "[]";
  if (t instanceof Cons) {
    const items: Term[] = [];
    let c: Term = t;
    while (c instanceof Cons) {
      items.push(c.h);
      c = c.t;
    }
    if (c === NIL && items.every((x) => typeof x === "number" && x >= 32 && x < 127)) {
      return str(String.fromCharCode(...items), "'");
    }
    if (c === NIL && items.every((x) => Array.isArray(x) && x.length === 2 && isKeyAtom(x[0]))) {
      return "[" + items.map(([k, v]) => k.name + ": " + show(v)).join(", ") + "]";
    }
    return "[" + items.map(show).join(", ") + (c === NIL ? "" : " | " + show(c)) + "]";
  }
  if (t instanceof MapTerm) {
    const st = t.get(a("__struct__"));
    if (st === a("Elixir.Regex")) {
      const o = t.get(a("opts"));
      return typeof o === "string" ? `~r/${t.get(a("source"))}/${o}` : `Regex.compile!(${str(t.get(a("source")))}, ${show(o)})`;
    }
    if (st === a("Elixir.Range")) return `${t.get(a("first"))}..${t.get(a("last"))}`;
    const entries = t.sorted(compare);
    if (entries.every(([k]) => isKeyAtom(k))) return "%{" + entries.map(([k, v]) => k.name + ": " + show(v)).join(", ") + "}";
    return "%{" + entries.map(([k, v]) => show(k) + " => " + show(v)).join(", ") + "}";
  }
  return String(t);
}

/** What a native sees as its process when called alone: only a runtime (a bare one). */
export const NO_PROCESS = { rt: new Runtime({ write: () => {} }) } as unknown as ProcLike;

/** Calls a native and prints its result, or "** (Mod) message" for an exception. */
export function run(fns: Record<string, NativeFn>, key: string, ...args: Term[]): string {
  const fn = fns[key];
  if (!fn) throw new Error("no native " + key);
  try {
    return show(fn(args, NO_PROCESS));
  } catch (e) {
    if (e instanceof BeamError) return errText(e);
    throw e;
  }
}

export function errText(e: BeamError): string {
  const r = e.reason;
  if (e.kind !== "error") return `** (${e.kind}) ${show(r)}`;
  if (r instanceof MapTerm) {
    const name = atomText(r.get(a("__struct__")));
    let msg = r.get(a("message"));
    if (name === "FunctionClauseError") {
      msg = `no function clause matching in ${atomText(r.get(a("module")))}.${(r.get(a("function")) as Atom).name}/${r.get(a("arity"))}`;
    }
    return `** (${name}) ${msg}`;
  }
  return `** (ErlangError) Erlang error: ${show(r)}`;
}

/** The stacktrace head of an error as "mod.fun(args)". */
export function frame(fns: Record<string, NativeFn>, key: string, ...args: Term[]): string {
  try {
    fns[key](args, null as never);
  } catch (e) {
    if (e instanceof BeamError && e.stacktrace instanceof Cons) {
      const [m, fn, as] = e.stacktrace.h as Term[];
      const argv: Term[] = [];
      for (let c = as; c instanceof Cons; c = c.t) argv.push(c.h);
      return `${atomText(m)}.${(fn as Atom).name}(${argv.map(show).join(", ")})`;
    }
  }
  return "(no frame)";
}
