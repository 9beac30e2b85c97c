// Test helpers for the collection natives: a tiny reader for Elixir literal expressions
// and calls (`Enum.sort([3, 1, 2])`, pipes, ranges, keyword sugar, charlists...), an
// evaluator that dispatches `Mod.fun(args)` to the natives, a canonical inspect close to
// Elixir's for the terms these tests produce, and exception messages (Exception.message/1
// without blame). Case files (`cases/*.txt`, lines `expr  =>  result`) are recorded from
// real Elixir 1.14 with cases/record.exs.
import { readFileSync } from "node:fs";
import { BeamError } from "../../src/runtime/errors.js";
import { MapTerm } from "../../src/runtime/map.js";
import { formatFloat } from "../../src/runtime/float-format.js";
import {
  a, Atom, Bin, Cons, Float, NIL, Term, atomName, float, int, isInteger, list, listToArray,
} from "../../src/runtime/term.js";
import type { NativeFn } from "../../src/runtime/code.js";
import { makeRange, makeMapSet, mapEntries } from "../../src/stdlib/enumerable.js";
import * as enumM from "../../src/stdlib/enum.js";
import * as listM from "../../src/stdlib/list.js";
import * as mapM from "../../src/stdlib/map.js";
import * as kwM from "../../src/stdlib/keyword.js";
import * as msM from "../../src/stdlib/map-set.js";
import * as rangeM from "../../src/stdlib/range.js";
import * as accessM from "../../src/stdlib/access.js";
import * as listsM from "../../src/stdlib/lists.js";
import * as mapsM from "../../src/stdlib/maps.js";

const registry = new Map<string, Record<string, NativeFn>>();
for (const m of [enumM, listM, mapM, kwM, msM, rangeM, accessM, listsM, mapsM]) {
  registry.set(m.natives.module, m.natives.fns);
}

export class Unsupported extends Error {}

// ---------------------------------------------------------------------------
// Reader

type Tok = { k: string; v: string };

const PUNCT = ["|>", "=>", "//", "..", "::", "[", "]", "{", "}", "(", ")", ",", "|", "%", "-", ".", "<<", ">>", "="];

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const re = {
    num: /^(0x[0-9a-fA-F_]+|0b[01_]+|\d[\d_]*(\.\d[\d_]*([eE][-+]?\d+)?)?)/,
    kw: /^([a-zA-Z_][\w]*[?!]?):(?=\s)/,
    atom: /^:([a-zA-Z_][\w@]*[?!]?|"(?:[^"\\]|\\.)*"|[<>=!+\-*\/|&]+)/,
    qkw: /^"((?:[^"\\]|\\.)*)":(?=\s)/,
    ident: /^[a-zA-Z_][\w.]*[?!]?/,
  };
  while (i < src.length) {
    const rest = src.slice(i);
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === "#") break;
    let m: RegExpMatchArray | null;
    if ((m = rest.match(re.qkw))) { toks.push({ k: "kw", v: unescape(m[1]) }); i += m[0].length; continue; }
    if (c === '"') { const [s, n] = readQuoted(rest, '"'); toks.push({ k: "str", v: s }); i += n; continue; }
    if (c === "'") { const [s, n] = readQuoted(rest, "'"); toks.push({ k: "chars", v: s }); i += n; continue; }
    if (c === "?") { const cp = rest.codePointAt(1)!; toks.push({ k: "int", v: String(cp) }); i += cp > 0xffff ? 3 : 2; continue; }
    if ((m = rest.match(re.num))) { toks.push({ k: m[2] ? "float" : "int", v: m[0].replace(/_/g, "") }); i += m[0].length; continue; }
    if ((m = rest.match(re.kw))) { toks.push({ k: "kw", v: m[1] }); i += m[0].length; continue; }
    if ((m = rest.match(re.atom))) {
      const name = m[1].startsWith('"') ? unescape(m[1].slice(1, -1)) : m[1];
      toks.push({ k: "atom", v: name }); i += m[0].length; continue;
    }
    if ((m = rest.match(re.ident))) { toks.push({ k: "id", v: m[0] }); i += m[0].length; continue; }
    const p = PUNCT.find((q) => rest.startsWith(q));
    if (!p) throw new Unsupported("token: " + rest);
    toks.push({ k: p, v: p });
    i += p.length;
  }
  return toks;
}

function unescape(s: string): string {
  return s.replace(/\\(u\{[0-9a-fA-F]+\}|x\{?[0-9a-fA-F]+\}?|.)/g, (_, e: string) => {
    if (e[0] === "u") return String.fromCodePoint(parseInt(e.slice(2, -1), 16));
    if (e[0] === "x") return String.fromCodePoint(parseInt(e.replace(/[x{}]/g, ""), 16));
    return ({ n: "\n", t: "\t", r: "\r", e: "\x1b", a: "\x07", b: "\b", f: "\f", v: "\v", s: " ", "0": "\0" } as Record<string, string>)[e] ?? e;
  });
}

function readQuoted(s: string, q: string): [string, number] {
  let i = 1;
  while (s[i] !== q) i += s[i] === "\\" ? 2 : 1;
  return [unescape(s.slice(1, i)), i + 1];
}

/** Variable bindings of a session (`x = expr` lines), as in one iex session. */
export type Env = Map<string, Term>;

class Reader {
  i = 0;
  constructor(readonly t: Tok[], readonly env: Env = new Map()) {}
  peek(k: string): boolean { return this.t[this.i]?.k === k; }
  next(): Tok {
    if (this.i >= this.t.length) throw new Unsupported("unexpected end");
    return this.t[this.i++];
  }
  expect(k: string): Tok {
    const t = this.next();
    if (!t || t.k !== k) throw new Unsupported(`expected ${k}, got ${t?.k}`);
    return t;
  }
  /** expr := range ("|>" call)* */
  expr(): Term {
    let v = this.range();
    while (this.peek("|>")) {
      this.next();
      const name = this.expect("id").v;
      this.expect("(");
      const args = this.args(")");
      v = call(name, [v, ...args]);
    }
    return v;
  }
  range(): Term {
    if (this.peek("..") && (this.t.length === this.i + 1 || [")", ",", "]"].includes(this.t[this.i + 1].k))) {
      this.next();
      return makeRange(0, -1, 1);
    }
    const first = this.primary();
    if (!this.peek("..")) return first;
    this.next();
    const last = this.primary();
    let step: Term = first <= last ? 1 : -1;
    if (this.peek("//")) { this.next(); step = this.primary(); }
    return makeRange(first, last, step);
  }
  args(close: string): Term[] {
    const out: Term[] = [];
    const kws: Term[] = [];
    while (!this.peek(close)) {
      if (this.peek("kw")) kws.push([a(this.next().v), this.expr()]);
      else out.push(this.expr());
      if (this.peek(",")) this.next();
    }
    this.next();
    if (kws.length) out.push(list(kws));
    return out;
  }
  primary(): Term {
    const t = this.next();
    switch (t.k) {
      case "int": return int(BigInt(t.v));
      case "float": return float(Number(t.v));
      case "str": return t.v;
      case "chars": return list([...t.v].map((c) => c.codePointAt(0)!));
      case "atom": return atomTerm(t.v);
      case "-": {
        const v = this.primary();
        if (v instanceof Float) return float(-v.v);
        if (isInteger(v)) return int(-BigInt(v));
        throw new Unsupported("unary minus");
      }
      case "[": return this.listLit();
      case "{": return this.args("}");
      case "<<": {
        const bytes = this.args(">>");
        if (bytes.some((b) => typeof b === "string")) return bytes.join("");
        return binOf(bytes as number[]);
      }
      case "%": return this.mapLit();
      case "id": return this.ident(t.v);
    }
    throw new Unsupported("primary " + t.k);
  }
  listLit(): Term {
    const items: Term[] = [];
    while (!this.peek("]")) {
      if (this.peek("kw")) items.push([a(this.next().v), this.expr()]);
      else items.push(this.expr());
      if (this.peek("|")) {
        this.next();
        const tail = this.expr();
        this.expect("]");
        return list(items, tail);
      }
      if (this.peek(",")) this.next();
    }
    this.next();
    return list(items);
  }
  mapLit(): Term {
    let struct: Term = null;
    if (this.peek("id")) throw new Unsupported("struct literal");
    this.expect("{");
    const pairs: [Term, Term][] = [];
    while (!this.peek("}")) {
      if (this.peek("kw")) pairs.push([a(this.next().v), this.expr()]);
      else {
        const k = this.expr();
        this.expect("=>");
        pairs.push([k, this.expr()]);
      }
      if (this.peek(",")) this.next();
    }
    this.next();
    if (struct !== null) pairs.push([a("__struct__"), struct]);
    return MapTerm.fromPairs(pairs);
  }
  ident(name: string): Term {
    if (name === "true") return true;
    if (name === "false") return false;
    if (name === "nil") return null;
    if (this.peek("(")) {
      this.next();
      return call(name, this.args(")"));
    }
    if (/^[A-Z]/.test(name)) return a("Elixir." + name);
    if (this.env.has(name)) return this.env.get(name);
    throw new Unsupported("variable " + name);
  }
}

function atomTerm(name: string): Term {
  return name === "true" ? true : name === "false" ? false : name === "nil" ? null : a(name);
}

function binOf(bytes: number[]): Term {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array(bytes));
  } catch {
    return new Bin(new Uint8Array(bytes));
  }
}

function call(name: string, args: Term[]): Term {
  const local: Record<string, string> = { get_in: "Access.__get_in__", put_in: "Access.__put_in__", pop_in: "Access.__pop_in__" };
  if (local[name]) name = local[name];
  const dot = name.lastIndexOf(".");
  if (dot < 0) throw new Unsupported("local call " + name);
  let mod = name.slice(0, dot);
  const fn = name.slice(dot + 1);
  if (mod === "MapSet" && fn === "new" && args.length <= 1 && registry.get("Elixir.MapSet") === undefined) {
    return makeMapSet(args.length ? listToArray(args[0])! : []);
  }
  mod = /^[A-Z]/.test(mod) ? "Elixir." + mod : mod.replace(/^:/, "");
  const f = registry.get(mod)?.[`${fn}/${args.length}`];
  if (!f) throw new Unsupported(`no native ${mod}.${fn}/${args.length}`);
  return f(args, null as never);
}

/** Reads and evaluates one expression line (`name = expr` binds in `env`). */
export function evaluate(src: string, env: Env = new Map()): Term {
  const toks = tokenize(src.startsWith(":") ? src : src);
  // `:lists.foo(...)` tokenizes as atom + "." + ident: rejoin it.
  const fixed: Tok[] = [];
  for (let i = 0; i < toks.length; i++) {
    if (toks[i].k === "atom" && toks[i + 1]?.k === "." && toks[i + 2]?.k === "id") {
      fixed.push({ k: "id", v: ":" + toks[i].v + "." + toks[i + 2].v });
      i += 2;
    } else fixed.push(toks[i]);
  }
  if (fixed.length === 0) throw new Unsupported("empty");
  const bind = fixed.length > 2 && fixed[0].k === "id" && /^[a-z_]\w*$/.test(fixed[0].v) && fixed[1].k === "=";
  const r = new Reader(bind ? fixed.slice(2) : fixed, env);
  const v = r.expr();
  if (r.i !== r.t.length) throw new Unsupported("trailing tokens");
  if (bind) env.set(fixed[0].v, v);
  return v;
}

// ---------------------------------------------------------------------------
// Inspect

function isPrintableCharlist(xs: Term[]): boolean {
  return xs.length > 0 && xs.every((c) => typeof c === "number" && ((c >= 32 && c <= 126) || [7, 8, 9, 10, 11, 12, 13, 27].includes(c)));
}

const ESC: Record<number, string> = { 7: "\\a", 8: "\\b", 9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r", 27: "\\e" };

function quote(s: string, q: string): string {
  let out = q;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ESC[c]) out += ESC[c];
    else if (ch === q || ch === "\\") out += "\\" + ch;
    else if (ch === "#" && q === '"') out += "#";
    else out += ch;
  }
  return out + q;
}

function isPrintableString(s: string): boolean {
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (!((c >= 32 && c <= 126) || ESC[c] || c >= 160)) return false;
  }
  return true;
}

function showAtom(t: Term): string {
  const n = atomName(t);
  if (t === true || t === false || t === null) return n;
  if (n === "Elixir") return n;
  if (n.startsWith("Elixir.")) return n.slice(7);
  if (/^[a-zA-Z_][\w@]*[?!]?$/.test(n) || ["true", "false", "nil"].includes(n)) return ":" + n;
  if (/^(\+|-|\*|\/|==|!=|<|>|<=|>=|===|!==|\|\||&&|<>|\+\+|--|\.\.|\|>|=~)$/.test(n)) return ":" + n;
  return ":" + quote(n, '"');
}

function keyAtom(t: Term): string {
  const n = atomName(t);
  return /^[a-zA-Z_][\w@]*[?!]?$/.test(n) ? n + ":" : quote(n, '"') + ":";
}

const isKwPair = (x: Term) => Array.isArray(x) && x.length === 2 && (x[0] instanceof Atom || typeof x[0] === "boolean" || x[0] === null);

/** Elixir-like inspect for test expectations. */
export function show(t: Term): string {
  if (typeof t === "number" || typeof t === "bigint") return String(t);
  if (t instanceof Float) return formatFloat(t.v);
  if (t === true || t === false || t === null || t instanceof Atom) return showAtom(t);
  if (typeof t === "string") return isPrintableString(t) ? quote(t, '"') : showBytes(new TextEncoder().encode(t));
  if (t instanceof Bin) return showBytes(t.bytes);
  if (Array.isArray(t)) return "{" + t.map(show).join(", ") + "}";
  if (t === NIL) return "[]";
  if (t instanceof Cons) {
    const xs = listToArray(t);
    if (xs === null) {
      const items: Term[] = [];
      let l: Term = t;
      while (l instanceof Cons) { items.push(l.h); l = l.t; }
      return "[" + items.map(show).join(", ") + " | " + show(l) + "]";
    }
    if (isPrintableCharlist(xs)) return quote(String.fromCodePoint(...xs), "'");
    if (xs.every(isKwPair)) return "[" + xs.map((p) => keyAtom(p[0]) + " " + show(p[1])).join(", ") + "]";
    return "[" + xs.map(show).join(", ") + "]";
  }
  if (t instanceof MapTerm) return showMap(t);
  return String(t);
}

function showBytes(b: Uint8Array): string {
  return "<<" + Array.from(b).join(", ") + ">>";
}

function showMap(m: MapTerm): string {
  const s = m.get(a("__struct__"));
  if (s === a("Elixir.MapSet")) {
    const inner = m.get(a("map")) as MapTerm;
    return "MapSet.new(" + show(list(mapEntries(inner).map((e) => e[0]))) + ")";
  }
  if (s === a("Elixir.Range")) {
    const [f, l, st] = ["first", "last", "step"].map((k) => m.get(a(k)));
    return st === 1 && f <= l ? `${f}..${l}` : `${f}..${l}//${st}`;
  }
  let entries = mapEntries(m);
  let prefix = "%";
  if (s instanceof Atom) {
    prefix = "%" + showAtom(s);
    entries = entries.filter((e) => e[0] !== a("__struct__"));
  }
  const allAtoms = entries.every((e) => e[0] instanceof Atom || typeof e[0] === "boolean" || e[0] === null);
  const txt = entries.map(([k, v]) => (allAtoms ? keyAtom(k) + " " : show(k) + " => ") + show(v));
  return prefix + "{" + txt.join(", ") + "}";
}

// ---------------------------------------------------------------------------
// Exceptions

const field = (e: MapTerm, k: string) => e.get(a(k));

/** Exception.message/1 (without blame) for the exceptions the natives raise. */
export function message(err: BeamError): string {
  const e = err.reason;
  if (!(e instanceof MapTerm)) return `** ${err.kind} ${show(e)}`;
  const name = atomName(field(e, "__struct__")).replace(/^Elixir\./, "");
  let msg: string;
  switch (name) {
    case "KeyError": {
      const m = field(e, "message");
      msg = m !== null && m !== undefined ? m : `key ${show(field(e, "key"))} not found` + (field(e, "term") !== null ? ` in: ${show(field(e, "term"))}` : "");
      break;
    }
    case "MatchError": msg = `no match of right hand side value: ${show(field(e, "term"))}`; break;
    case "CaseClauseError": msg = `no case clause matching: ${show(field(e, "term"))}`; break;
    case "BadMapError": msg = `expected a map, got: ${show(field(e, "term"))}`; break;
    case "FunctionClauseError": {
      const mod = showAtom(field(e, "module"));
      msg = `no function clause matching in ${formatMfa(mod, atomName(field(e, "function")), field(e, "arity"))}`;
      break;
    }
    case "Protocol.UndefinedError": {
      const v = field(e, "value");
      const d = field(e, "description");
      msg = `protocol ${showAtom(field(e, "protocol"))} not implemented for ${show(v)} of type ${typeName(v)}` + (d ? ", " + d : "");
      break;
    }
    default: msg = field(e, "message");
  }
  return `** (${name}) ${msg}`;
}

function fmtFn(n: string): string {
  return /^[a-z_][\w]*[?!]?$/.test(n) ? n : quote(n, '"');
}

/** Exception.format_mfa/3: anonymous functions print as "anonymous fn/N in M.f/A". */
function formatMfa(mod: string, fn: string, arity: Term): string {
  const m = fn.match(/^-(.+)\/(\d+)-fun-\d+-$/);
  if (m) return `anonymous fn/${arity} in ${mod}.${fmtFn(m[1])}/${m[2]}`;
  return `${mod}.${fmtFn(fn)}/${arity}`;
}

function typeName(v: Term): string {
  if (isInteger(v)) return "Integer";
  if (v instanceof Float) return "Float";
  if (v === true || v === false || v === null || v instanceof Atom) return "Atom";
  if (typeof v === "string") return "BitString";
  if (Array.isArray(v)) return "Tuple";
  if (v === NIL || v instanceof Cons) return "List";
  if (v instanceof MapTerm) {
    const s = v.get(a("__struct__"));
    return s instanceof Atom ? showAtom(s) + " (a struct)" : "Map";
  }
  return "Unknown";
}

/** Evaluates a line and renders the result or the exception as record.exs does. */
export function run(src: string, env: Env = new Map()): string {
  try {
    return show(evaluate(src, env));
  } catch (e) {
    if (e instanceof BeamError) return message(e);
    throw e;
  }
}

/** Parses a case file: `expr  =>  expected` per line (newlines in results escaped as \n). */
export function loadCases(file: string): [string, string][] {
  const url = new URL("../../../test/collections/cases/" + file, import.meta.url);
  return readFileSync(url, "utf8").split("\n").filter((l) => l.includes("  =>  ")).map((l) => {
    const i = l.indexOf("  =>  ");
    return [l.slice(0, i), l.slice(i + 6).replace(/⏎/g, "\n")];
  });
}
