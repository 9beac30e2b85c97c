// FunctionClauseError blame for Elixir's own functions: the "Attempted function clauses"
// block iex prints, with every argument pattern and guard that does not hold marked -so-.
//
// iex computes it from the function's compiled clauses (Exception.blame_mfa/3). beamsh's
// library is not Elixir's code, so the clauses iex would show come from a table generated
// with real Elixir (elixir-functions.json, by elixir-functions.gen.exs): the text of each clause's patterns and guard
// leaves. Here each pattern is matched against its argument (bindings carry from one
// argument to the next, as the BEAM matches them), then each guard leaf is evaluated with
// those bindings; a leaf that raises or is not `true` is marked, as iex marks it.
import { parse } from "../lang/parser.js";
import { Ast, AstNode, isAtomAst, isNode, isTupleAst } from "../lang/ast.js";
import { binMatch } from "../runtime/compiler/binaries.js";
import { Fun } from "../runtime/fun.js";
import { MapTerm } from "../runtime/map.js";
import { compare, strictEquals, looseEquals } from "../runtime/term-order.js";
import {
  Atom, Bin, Cons, Float, NIL, Term, a, atom, binBytes, byteSize, int, isAtom, isBinary, isBitstring,
  isBoolean, isInteger, isList, isNumber, isPid, isRef, isTuple, listLength, Port,
} from "../runtime/term.js";
import { readFileSync } from "node:fs";

/** A guard: a leaf's text, or [op, left, right] for `and` / `or`. */
type GuardTree = string | [string, GuardTree, GuardTree];
type Heads = { kind: string; clauses: [string[], GuardTree[]][] };

interface Table {
  heads: Map<string, Heads>;
  /** module -> "file fun/arity:line ..." (split on demand) */
  locations: Record<string, string>;
  lines: Map<string, [string, Map<string, number>]>;
}
let table: Table | null = null;

/** src/stdlib/elixir-functions.json (next to this file's source: dist/src/stdlib -> src/stdlib). */
function load(): Table {
  if (table === null) {
    const file = new URL("../../../src/stdlib/elixir-functions.json", import.meta.url);
    let data: { clauses: [string, string, string, [string[], GuardTree[]][]][]; locations: Record<string, string> };
    try {
      data = JSON.parse(readFileSync(file, "utf8"));
    } catch {
      data = { clauses: [], locations: {} }; // a broken install loses the detail, not the error
    }
    const heads = new Map<string, Heads>();
    for (const [m, fa, kind, clauses] of data.clauses) heads.set(`${m}.${fa}`, { kind, clauses });
    table = { heads, locations: data.locations, lines: new Map() };
  }
  return table;
}

function heads(mod: string, fun: string, arity: number): Heads | undefined {
  return load().heads.get(`${mod}.${fun}/${arity}`);
}

/**
 * Where Elixir 1.14 defines `mod.fun/arity` (its first clause), as a stack frame shows it:
 * ["lib/string.ex", 831]; null for functions that are not Elixir's own.
 */
export function elixirLocation(mod: Atom, fun: Atom, arity: number): [string, number] | null {
  // The __struct__/0,1 defstruct generates are at no line in a stack trace.
  if (fun.name === "__struct__") return null;
  const entry = moduleLines(mod);
  const line = entry?.[1].get(`${fun.name}/${arity}`);
  return line === undefined ? null : [entry![0], line];
}

/** The file of one of Elixir's (or Erlang's stdlib's) modules, as a stack frame shows it. */
export function elixirModuleFile(mod: Atom): string | null {
  return moduleLines(mod)?.[0] ?? null;
}

function moduleLines(mod: Atom): [string, Map<string, number>] | null {
  const t = load();
  let entry = t.lines.get(mod.name);
  if (entry === undefined) {
    const text = t.locations[mod.name];
    if (text === undefined) return null;
    const [file, ...rest] = text.split(" ");
    const lines = new Map<string, number>();
    for (const item of rest) {
      const i = item.lastIndexOf(":");
      lines.set(item.slice(0, i), Number(item.slice(i + 1)));
    }
    entry = [file, lines];
    t.lines.set(mod.name, entry);
  }
  return entry;
}

/**
 * The clauses iex lists for a FunctionClauseError in `mod.fun` called with `args`, formatted
 * as iex prints them ("def at(enumerable, index, default) when -is_integer(index)-"), or null
 * when the function is not one of Elixir's.
 */
export function blameClauses(mod: Atom, fun: Atom, args: Term[], cli = false, marker?: Marker): string[] | null {
  const h = heads(mod.name, fun.name, args.length);
  if (h === undefined) return null;
  const mark = marker ?? ((text: string, ok: boolean) => defaultMark(text, ok, cli));
  return h.clauses.map(([patterns, guards]) => {
    const binding = new Map<string, Term>();
    const shown = patterns.map((text, i) => mark(text, matches(parsed(text), args[i], binding)));
    let out = `${h.kind} ${fun.name}(${shown.join(", ")})`;
    for (const g of guards) out += " when " + guardText(g, binding, mark);
    return out;
  });
}

/** How a pattern or guard leaf is shown, given whether it held. */
export type Marker = (text: string, ok: boolean) => string;

/**
 * What did not match between `-`; with `cli`, what did between `+` (Kernel.CLI's blame
 * without ANSI colours; FunctionClauseError's own message leaves it bare).
 */
const defaultMark = (text: string, ok: boolean, cli: boolean) => (ok ? (cli ? `+${text}+` : text) : `-${text}-`);

function guardText(g: GuardTree, binding: Map<string, Term>, mark: Marker): string {
  if (typeof g === "string") return mark(g, holds(parsed(g), binding));
  const [op, l, r] = g;
  return `${guardText(l, binding, mark)} ${op} ${guardText(r, binding, mark)}`;
}

const astCache = new Map<string, Ast>();
function parsed(text: string): Ast {
  let ast = astCache.get(text);
  if (ast === undefined) {
    ast = parse(text, { file: "blame" });
    astCache.set(text, ast);
  }
  return ast;
}

function holds(ast: Ast, binding: Map<string, Term>): boolean {
  try {
    return evalGuard(ast, binding) === true;
  } catch {
    return false;
  }
}

// ---- patterns -------------------------------------------------------------------------

class NoMatch extends Error {}

function matches(pat: Ast, value: Term, binding: Map<string, Term>): boolean {
  const trial = new Map(binding);
  try {
    match(pat, value, trial);
  } catch (e) {
    if (e instanceof NoMatch) return false;
    throw e;
  }
  for (const [k, v] of trial) binding.set(k, v);
  return true;
}

function fail(): never {
  throw new NoMatch();
}

function match(pat: Ast, v: Term, b: Map<string, Term>): void {
  if (Array.isArray(pat)) return matchList(pat, v, b);
  if (isTupleAst(pat)) {
    if (!isTuple(v) || v.length !== 2) fail();
    match(pat.tuple[0], v[0], b);
    return match(pat.tuple[1], v[1], b);
  }
  if (isNode(pat)) {
    const { name, args } = pat;
    if (typeof name === "string" && args === null) {
      if (name.startsWith("_")) return;
      if (b.has(name)) {
        if (!strictEquals(b.get(name), v)) fail();
      } else b.set(name, v);
      return;
    }
    switch (name) {
      case "=":
        match(args![0], v, b);
        return match(args![1], v, b);
      case "{}":
        if (!isTuple(v) || v.length !== args!.length) fail();
        args!.forEach((p, i) => match(p, v[i], b));
        return;
      case "%{}":
        return matchMap(args!, v, b);
      case "%": {
        if (!(v instanceof MapTerm)) fail();
        const struct = v.get(a("__struct__"));
        const [modPat, body] = args!;
        if (isNode(modPat) && modPat.args === null) {
          if (!(struct instanceof Atom)) fail();
          match(modPat, struct, b);
        } else if (!strictEquals(struct, literal(modPat))) fail();
        return matchMap((body as AstNode).args!, v, b);
      }
      case "<>": {
        const prefix = literal(args![0]);
        if (typeof prefix !== "string" || !isBinary(v)) fail();
        const bytes = binBytes(v), pre = binBytes(prefix);
        if (bytes.length < pre.length || pre.some((x, i) => bytes[i] !== x)) fail();
        const rest = typeof v === "string" && typeof prefix === "string" ? v.slice(prefix.length) : sliceBytes(bytes, pre.length);
        return match(args![1], rest, b);
      }
      case "<<>>":
        return matchBinary(args!, v, b);
      case "..//":
        return matchRange(args!, v, b);
      case "..":
        return matchRange([...args!, 1n], v, b);
    }
  }
  if (!strictEquals(literal(pat), v)) fail();
}

function sliceBytes(bytes: Uint8Array, from: number): Term {
  const rest = bytes.subarray(from);
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(rest);
  } catch {
    return new Bin(rest.slice());
  }
}

function matchList(items: Ast[], v: Term, b: Map<string, Term>): void {
  let cur = v;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (i === items.length - 1 && isNode(item) && item.name === "|" && item.args?.length === 2) {
      if (!(cur instanceof Cons)) fail();
      match(item.args[0], cur.h, b);
      return match(item.args[1], cur.t, b);
    }
    if (!(cur instanceof Cons)) fail();
    match(item, cur.h, b);
    cur = cur.t;
  }
  if (cur !== NIL) fail();
}

function matchMap(pairs: Ast[], v: Term, b: Map<string, Term>): void {
  if (!(v instanceof MapTerm)) fail();
  for (const pair of pairs) {
    if (!isTupleAst(pair)) fail();
    const key = literal(pair.tuple[0]);
    if (!v.has(key)) fail();
    match(pair.tuple[1], v.get(key), b);
  }
}

function matchRange(args: Ast[], v: Term, b: Map<string, Term>): void {
  if (!(v instanceof MapTerm) || v.get(a("__struct__")) !== a("Elixir.Range")) fail();
  match(args[0], v.get(a("first")), b);
  match(args[1], v.get(a("last")), b);
  match(args[2], v.get(a("step")), b);
}

type Spec = [string, number | undefined, number, boolean, boolean];

/** `<<43, tail::binary>>`, `<<c::utf8, rest::binary>>`, ...: each segment read in turn. */
function matchBinary(segs: Ast[], v: Term, b: Map<string, Term>): void {
  if (!isBitstring(v)) fail();
  const specs: Spec[] = [];
  const pats: Ast[] = [];
  for (const seg of segs) {
    let pat: Ast = seg;
    let type = "integer", size: number | undefined, unit = 1, signed = false, little = false;
    if (isNode(seg) && seg.name === "::") {
      pat = seg.args![0];
      for (const t of flattenDash(seg.args![1])) {
        if (isNode(t) && t.args === null && typeof t.name === "string") {
          if (t.name === "signed") signed = true;
          else if (t.name === "little") little = true;
          else if (t.name === "unsigned" || t.name === "big") continue;
          else type = t.name === "bits" ? "bitstring" : t.name === "bytes" ? "binary" : t.name;
        } else if (isNode(t) && t.name === "size") size = Number(literal(t.args![0]));
        else if (isNode(t) && t.name === "unit") unit = Number(literal(t.args![0]));
        else if (typeof t === "bigint") size = Number(t);
      }
    } else if (typeof seg === "string") {
      pat = seg;
      type = "binary";
      size = byteSize(seg);
    }
    specs.push([type, size, unit, signed, little]);
    pats.push(pat);
  }
  const values = binMatch(v, specs);
  if (values === null) fail();
  pats.forEach((p, i) => match(p, values[i], b));
}

function flattenDash(t: Ast): Ast[] {
  return isNode(t) && t.name === "-" && t.args?.length === 2 ? [...flattenDash(t.args[0]), ...flattenDash(t.args[1])] : [t];
}

/** The term a literal (or alias, or negated number) in a pattern stands for. */
function literal(x: Ast): Term {
  if (typeof x === "bigint") return int(x);
  if (typeof x === "number") return new Float(x);
  if (typeof x === "string" || x === null || typeof x === "boolean") return x;
  if (isAtomAst(x)) return atom(x.atom);
  if (Array.isArray(x)) {
    let l: Term = NIL;
    for (let i = x.length - 1; i >= 0; i--) l = new Cons(literal(x[i]), l);
    return l;
  }
  if (isTupleAst(x)) return [literal(x.tuple[0]), literal(x.tuple[1])];
  if (isNode(x)) {
    if (x.name === "__aliases__") return a("Elixir." + x.args!.map((p) => (p as { atom: string }).atom).join("."));
    if (x.name === "-" && x.args?.length === 1) {
      const n = literal(x.args[0]);
      return n instanceof Float ? new Float(-n.v) : int(-BigInt(n));
    }
    if (x.name === "{}") return x.args!.map(literal);
  }
  throw new NoMatch();
}

// ---- guards ----------------------------------------------------------------------------

class GuardError extends Error {}
const bad = (): never => {
  throw new GuardError();
};

function evalGuard(x: Ast, b: Map<string, Term>): Term {
  if (Array.isArray(x)) {
    let l: Term = NIL;
    for (let i = x.length - 1; i >= 0; i--) l = new Cons(evalGuard(x[i], b), l);
    return l;
  }
  if (isTupleAst(x)) return [evalGuard(x.tuple[0], b), evalGuard(x.tuple[1], b)];
  if (!isNode(x)) return literal(x);
  const { name, args } = x;
  if (typeof name === "string") {
    if (args === null) return b.has(name) ? b.get(name) : bad();
    if (name === "__aliases__") return literal(x);
    if (name === "{}") return args.map((y) => evalGuard(y, b));
    if (name === "and" || name === "or") {
      const l = evalGuard(args[0], b);
      if (!isBoolean(l)) bad();
      if (name === "and" ? l === false : l === true) return l;
      const r = evalGuard(args[1], b);
      return isBoolean(r) ? r : bad();
    }
    return bif(name, args.map((y) => evalGuard(y, b)));
  }
  // remote call or field access: Mod.fun(args) / map.field
  if (isNode(name) && name.name === ".") {
    const [target, fn] = name.args!;
    if (isAtomAst(fn) && args!.length === 0 && x.meta.no_parens && !(isAtomAst(target) || (isNode(target) && target.name === "__aliases__"))) {
      const m = evalGuard(target, b);
      const key = a(fn.atom);
      return m instanceof MapTerm && m.has(key) ? m.get(key) : bad();
    }
    const mod = literal(target);
    if (mod instanceof Atom && isAtomAst(fn)) {
      const vals = args!.map((y) => evalGuard(y, b));
      if (mod.name === "erlang") return erlangBif(fn.atom, vals);
      if (mod.name === "Elixir.Kernel" || mod.name === "Elixir.Bitwise") return bif(fn.atom, vals);
    }
  }
  return bad();
}

const ERLANG_NAMES: Record<string, string> = {
  "=:=": "===", "=/=": "!==", "==": "==", "/=": "!=", "=<": "<=", ">=": ">=", "<": "<", ">": ">",
  andalso: "and", orelse: "or", not: "not",
};

function erlangBif(name: string, v: Term[]): Term {
  if (name === "element" && v.length === 2) return bif("elem", [v[1], isInteger(v[0]) ? int(BigInt(v[0]) - 1n) : bad()]);
  if (name === "is_map_key") return bif("is_map_key", [v[1], v[0]]);
  if (name === "map_get") return bif("map_get", v);
  return bif(ERLANG_NAMES[name] ?? name, v);
}

const num = (t: Term): number | bigint => (isInteger(t) ? t : t instanceof Float ? t.v : bad());
const intArg = (t: Term): bigint => (isInteger(t) ? BigInt(t) : bad());
const both = (x: Term, y: Term) => [x, y].every(isInteger);

function arith(op: string, x: Term, y: Term): Term {
  if (!isNumber(x) || !isNumber(y)) bad();
  if (both(x, y)) {
    const [p, q] = [BigInt(x), BigInt(y)];
    if (op === "+") return int(p + q);
    if (op === "-") return int(p - q);
    return int(p * q);
  }
  const [p, q] = [Number(num(x)), Number(num(y))];
  return new Float(op === "+" ? p + q : op === "-" ? p - q : p * q);
}

function bif(name: string, v: Term[]): Term {
  const [x, y] = v;
  switch (`${name}/${v.length}`) {
    case "is_atom/1": return isAtom(x);
    case "is_binary/1": return isBinary(x);
    case "is_bitstring/1": return isBitstring(x);
    case "is_boolean/1": return isBoolean(x);
    case "is_float/1": return x instanceof Float;
    case "is_function/1": return x instanceof Fun;
    case "is_function/2": return x instanceof Fun && (isInteger(y) ? x.arity === Number(y) : bad());
    case "is_integer/1": return isInteger(x);
    case "is_list/1": return isList(x);
    case "is_map/1": return x instanceof MapTerm;
    case "is_nil/1": return x === null;
    case "is_number/1": return isNumber(x);
    case "is_pid/1": return isPid(x);
    case "is_port/1": return x instanceof Port;
    case "is_reference/1": return isRef(x);
    case "is_tuple/1": return isTuple(x);
    case "is_map_key/2": return x instanceof MapTerm ? x.has(y) : bad();
    case "map_get/2": return y instanceof MapTerm && y.has(x) ? y.get(x) : bad();
    case "is_struct/1": return x instanceof MapTerm && x.get(a("__struct__")) instanceof Atom;
    case "is_struct/2": return x instanceof MapTerm && isAtom(y) && x.get(a("__struct__")) === y;
    case "is_exception/1": return x instanceof MapTerm && x.get(a("__exception__")) === true;
    case "is_exception/2": return x instanceof MapTerm && x.get(a("__exception__")) === true && x.get(a("__struct__")) === y;
    case "===/2": return strictEquals(x, y);
    case "!==/2": return !strictEquals(x, y);
    case "==/2": return looseEquals(x, y);
    case "!=/2": return !looseEquals(x, y);
    case "</2": return compare(x, y) < 0;
    case ">/2": return compare(x, y) > 0;
    case "<=/2": return compare(x, y) <= 0;
    case ">=/2": return compare(x, y) >= 0;
    case "not/1": return isBoolean(x) ? !x : bad();
    case "+/2": case "-/2": case "*/2": return arith(name, x, y);
    case "-/1": return isInteger(x) ? int(-BigInt(x)) : x instanceof Float ? new Float(-x.v) : bad();
    case "//2": {
      const d = Number(num(y));
      return d === 0 ? bad() : new Float(Number(num(x)) / d);
    }
    case "div/2": case "rem/2": {
      const [p, q] = [intArg(x), intArg(y)];
      if (q === 0n) bad();
      return int(name === "div" ? p / q : p % q);
    }
    case "abs/1": return isInteger(x) ? int(BigInt(x) < 0n ? -BigInt(x) : BigInt(x)) : x instanceof Float ? (x.v < 0 ? new Float(-x.v) : x) : bad();
    case "band/2": return int(intArg(x) & intArg(y));
    case "bor/2": return int(intArg(x) | intArg(y));
    case "bxor/2": return int(intArg(x) ^ intArg(y));
    case "bnot/1": return int(~intArg(x));
    case "bsl/2": return int(intArg(x) << intArg(y));
    case "bsr/2": return int(intArg(x) >> intArg(y));
    case "byte_size/1": return isBitstring(x) ? int(binBytes(x).length) : bad();
    case "bit_size/1": return isBitstring(x) ? int(x instanceof Bin && x.bits ? (x.bytes.length - 1) * 8 + x.bits : byteSize(x) * 8) : bad();
    case "map_size/1": return x instanceof MapTerm ? int(x.size) : bad();
    case "tuple_size/1": return isTuple(x) ? int(x.length) : bad();
    case "length/1": return isList(x) ? int(listLength(x)) : bad();
    case "hd/1": return x instanceof Cons ? x.h : bad();
    case "tl/1": return x instanceof Cons ? x.t : bad();
    case "elem/2": {
      const i = Number(intArg(y));
      return isTuple(x) && i >= 0 && i < x.length ? x[i] : bad();
    }
    default: return bad();
  }
}
