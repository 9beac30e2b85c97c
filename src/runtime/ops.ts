// Operators and guard BIFs as called by compiled code: small functions with an inline fast
// path for small integers, falling back to exact (bigint/float) arithmetic.
import { BeamError, argumentError, badArgs, raise } from "./errors.js";
import { MapTerm } from "./map.js";
import { explainBifArgs } from "./erts-errors.js";
import { compare, looseEquals, strictEquals } from "./term-order.js";
import * as A from "./arith.js";
import { Bin, Cons, Float, NIL, Term, a, binBytes, byteSize, isAtom, isList, list, listToArray } from "./term.js";
import { appendByte, appendBytes } from "./binary-append.js";
import { inspect } from "./inspect.js";


/** Tags an error raised by an inlined BIF with its stack entry (`:erlang` unless told). */
export function bifError(err: BeamError, name: string, args: Term[], module = "erlang"): BeamError {
  if (module === "erlang") explainBifArgs(err, name, args);
  (err as BeamError & { native?: unknown }).native = [a(module), name, args];
  return err;
}

/**
 * The error of a BIF that a function of Elixir's library calls (Map.pop/3 calling
 * :maps.take/2), raised by that function's native: the BIF's entry shows, with the
 * function's own below it where Elixir's code waits on the call (machine.ts `entered`).
 */
export function calledBifError(err: BeamError, name: string, args: Term[], module = "erlang"): BeamError {
  (err as BeamError & { viaCall?: boolean }).viaCall = true;
  return bifError(err, name, args, module);
}

// Both operands are JS numbers only when they are small integers (floats are boxed), so the
// result is an integer and a range test is enough (cheaper than Number.isSafeInteger).
const MAX_SAFE = 9007199254740991;

export function add(x: Term, y: Term): Term {
  if (typeof x === "number" && typeof y === "number") {
    const s = x + y;
    if (s <= MAX_SAFE && s >= -MAX_SAFE) return s;
  }
  return A.add(x, y);
}

export function sub(x: Term, y: Term): Term {
  if (typeof x === "number" && typeof y === "number") {
    const s = x - y;
    if (s <= MAX_SAFE && s >= -MAX_SAFE) return s;
  }
  return A.sub(x, y);
}

/**
 * `+` and `-` in a module's function where neither operand is a number literal: the BEAM's
 * JIT computes those with the BIF, so a failure keeps its `:erlang.+(x, y)` entry (with a
 * literal operand it computes inline, and machine.ts leaves the entry out).
 */
export function addBif(x: Term, y: Term): Term {
  if (typeof x === "number" && typeof y === "number") {
    const s = x + y;
    if (s <= MAX_SAFE && s >= -MAX_SAFE) return s;
  }
  return keepingEntry(A.add, x, y);
}

export function subBif(x: Term, y: Term): Term {
  if (typeof x === "number" && typeof y === "number") {
    const s = x - y;
    if (s <= MAX_SAFE && s >= -MAX_SAFE) return s;
  }
  return keepingEntry(A.sub, x, y);
}

function keepingEntry(op: (x: Term, y: Term) => Term, x: Term, y: Term): Term {
  try {
    return op(x, y);
  } catch (e) {
    if (e instanceof BeamError) e.fromNative = true;
    throw e;
  }
}

export function mul(x: Term, y: Term): Term {
  if (typeof x === "number" && typeof y === "number") {
    const s = x * y;
    if (s <= MAX_SAFE && s >= -MAX_SAFE) return s + 0;
  }
  return A.mul(x, y);
}

export const fdiv = A.fdiv;

export function idiv(x: Term, y: Term): Term {
  if (typeof x === "number" && typeof y === "number" && y !== 0) {
    const q = Math.trunc(x / y);
    return q === 0 ? 0 : q;
  }
  return A.idiv(x, y);
}

export function irem(x: Term, y: Term): Term {
  if (typeof x === "number" && typeof y === "number" && y !== 0) {
    const r = x % y;
    return r === 0 ? 0 : r;
  }
  return A.rem(x, y);
}

export const neg = A.neg;
export const pos = A.pos;

// Comparisons (term order).
export const lt = (x: Term, y: Term): boolean =>
  typeof x === "number" && typeof y === "number" ? x < y : compare(x, y) < 0;
export const gt = (x: Term, y: Term): boolean =>
  typeof x === "number" && typeof y === "number" ? x > y : compare(x, y) > 0;
export const le = (x: Term, y: Term): boolean =>
  typeof x === "number" && typeof y === "number" ? x <= y : compare(x, y) <= 0;
export const ge = (x: Term, y: Term): boolean =>
  typeof x === "number" && typeof y === "number" ? x >= y : compare(x, y) >= 0;
// == and === answer from `===` alone when a side is a small integer (a JS number: integers
// are normalised, so one equals no bigint, and only a float can be == to it) or, for ===,
// not an object: `rem(x, 3) == 0` costs no call.
export const eq = (x: Term, y: Term): boolean =>
  x === y ||
  (typeof x === "number" ? y instanceof Float && y.v === x : typeof y === "number" ? x instanceof Float && x.v === y : looseEquals(x, y));
export const ne = (x: Term, y: Term): boolean => !eq(x, y);
export const seq = (x: Term, y: Term): boolean => x === y || (typeof x === "object" && typeof y === "object" && strictEquals(x, y));
export const sne = (x: Term, y: Term): boolean => !seq(x, y);

/** Strict boolean check for `and`/`or`/`not`. */
export function bool(x: Term, op: string): boolean {
  if (x === true || x === false) return x;
  throw raise("BadBooleanError", { term: x, operator: a(op) });
}

export function not(x: Term): boolean {
  if (x === true) return false;
  if (x === false) return true;
  // BEAM has no extended error info for `not`: plain "argument error".
  throw bifError(argumentError(), "not", [x]);
}

/** `++` (erlang:'++' fails with a bare badarg, as BEAM's does). */
export function append(x: Term, y: Term): Term {
  if (x === NIL) return y;
  if (!(x instanceof Cons)) throw bifError(argumentError(), "++", [x, y]);
  // listToArray and list check the heap and poll for Ctrl+C on long lists.
  const items = listToArray(x);
  if (items === null) throw bifError(argumentError(), "++", [x, y]);
  return list(items, y);
}

/** `--` */
export function subtract(x: Term, y: Term): Term {
  const items: Term[] = [];
  let lx = x;
  for (; lx instanceof Cons; lx = lx.t) items.push(lx.h);
  let ly = y;
  while (ly instanceof Cons) ly = ly.t;
  if (lx !== NIL || ly !== NIL) throw bifError(argumentError(), "--", [x, y]);
  for (let l = y; l instanceof Cons; l = l.t) {
    const i = items.findIndex((e) => seq(e, l.h));
    if (i >= 0) items.splice(i, 1);
  }
  let out: Term = NIL;
  for (let i = items.length - 1; i >= 0; i--) out = new Cons(items[i], out);
  return out;
}

/** `<>` on binaries. */
export function concat(x: Term, y: Term): Term {
  if (typeof x === "string" && typeof y === "string") return x + y;
  if (!(typeof x === "string" || x instanceof Bin)) throw argErr("<>", x, y, 1);
  if (!(typeof y === "string" || y instanceof Bin)) throw argErr("<>", x, y, 2);
  return concatBinaries(x, y);
}

function argErr(_op: string, _x: Term, _y: Term, n: number): BeamError {
  return badArgs([[n, "not a binary"]]);
}

/**
 * A segment of type binary or bitstring (0-based `i`) whose value is none: compiled code
 * fails as the BEAM explains it; the shell (erl_eval) takes the segment's size first.
 */
export function notBitstring(i: number, v: Term, shell: boolean): BeamError {
  if (shell) return bifError(badArgs([[1, "not a bitstring"]]), "bit_size", [v]);
  return bsFail(i, "binary", "type", v, `expected a binary but got: ${inspect(v)}`);
}

/**
 * The failure of segment `i` (0-based) of a binary under construction, as the BEAM raises
 * it: caught, the reason is :badarg (or :system_limit for a SystemLimitError); the function
 * building the binary gets an error_info naming :erl_erts_errors.format_bs_fail/2 in its
 * stack entry, with the cause `{segment, type, error, value}` (`error` one of type, size,
 * unit, short, invalid) that Elixir explains as the exception's message.
 */
export function bsFail(i: number, type: string, error: string, value: Term, what: string, exception = "ArgumentError"): BeamError {
  const err = raise(exception, { message: `construction of binary failed: segment ${i + 1} of type '${type}': ${what}` });
  (err as BsFailure).bsCause = [i + 1, a(type), a(error), value];
  return err;
}

/** An error of binary construction: its erl_erts_errors cause (machine.ts puts it in the stack entry). */
export type BsFailure = BeamError & { bsCause?: Term };

/** `a <> b <> c`: one binary of the parts, as Elixir builds it (`<<a::binary, b::binary, c::binary>>`). */
export function concatParts(parts: Term[], shell?: number): Term {
  for (let i = 0; i < parts.length; i++) {
    const v = parts[i];
    if (typeof v === "string" || (v instanceof Bin && (v.bits === 0 || shell === 1))) continue;
    if (shell === 1) throw notBitstring(i, v, true);
    // (compiled, the BEAM sizes the parts after the first, then looks at the first, the
    // binary appended to, then writes the others: compiler/binaries.ts firstFailing)
    const notWhole = (j: number) => bsFail(j, "binary", "unit", parts[j], `the size of the value ${inspect(parts[j])} is not a multiple of the unit for the segment`);
    for (let j = 1; j < parts.length; j++) if (typeof parts[j] !== "string" && !(parts[j] instanceof Bin)) throw notBitstring(j, parts[j], false);
    if (typeof parts[0] !== "string" && !(parts[0] instanceof Bin)) throw notBitstring(0, parts[0], false);
    for (let j = 0; j < parts.length; j++) if ((parts[j] as Bin).bits) throw notWhole(j);
  }
  return binConcat(parts);
}

export function binConcat(parts: (string | Bin)[]): Term {
  let out: string | Bin = parts.length === 0 ? "" : parts[0];
  for (let i = 1; i < parts.length; i++) out = concatBinaries(out, parts[i]);
  return out;
}

/** Two binaries joined (a bitstring is not one); appending to a binary is amortised O(1) (binary-append.ts). */
function concatBinaries(x: string | Bin, y: string | Bin): string | Bin {
  if (typeof x === "string" && typeof y === "string") return x + y;
  if ((typeof x !== "string" && x.bits !== 0) || (typeof y !== "string" && y.bits !== 0)) throw argumentError();
  // (one byte, as `acc <> <<byte>>` appends: no array made for it)
  if (typeof y === "string") {
    if (y.length === 1 && y.charCodeAt(0) < 0x80) return appendByte(x, y.charCodeAt(0));
  } else if (y.size === 1) return appendByte(x, y.bytes[0]);
  return appendBytes(x, binBytes(y));
}

// Guard BIFs that can fail (compiled guards treat a throw as a failed guard).
export function elem(t: Term, i: Term): Term {
  if (Array.isArray(t) && typeof i === "number" && i >= 0 && i < t.length) return t[i];
  // (Elixir's elem/2 is :erlang.element(index + 1, tuple): the sum fails first)
  const n = add(i, 1);
  if (!Array.isArray(t)) throw bifError(badArgs([[2, "not a tuple"]]), "element", [n, t]);
  if (typeof i !== "number") throw bifError(badArgs([[1, typeof i === "bigint" ? "out of range" : "not an integer"]]), "element", [n, t]);
  throw bifError(badArgs([[1, "out of range"]]), "element", [n, t]);
}

export function hd(l: Term): Term {
  if (l instanceof Cons) return l.h;
  throw bifError(badArgs([[1, "not a nonempty list"]]), "hd", [l]);
}

export function tl(l: Term): Term {
  if (l instanceof Cons) return l.t;
  throw bifError(badArgs([[1, "not a nonempty list"]]), "tl", [l]);
}

export function length(list: Term): number {
  let n = 0;
  let l = list;
  while (l instanceof Cons) {
    n++;
    l = l.t;
  }
  // (the BIF's entry shows the list it was given, not the tail it stopped at)
  if (l !== NIL) throw bifError(badArgs([[1, "not a list"]]), "length", [list]);
  return n;
}

export function tupleSize(t: Term): number {
  if (!Array.isArray(t)) throw bifError(badArgs([[1, "not a tuple"]]), "tuple_size", [t]);
  return t.length;
}

export function mapSize(m: Term): number {
  if (!(m instanceof MapTerm)) throw bifError(raise("BadMapError", { term: m }), "map_size", [m]);
  return m.size;
}

export function bsize(b: Term): number {
  if (typeof b === "string" || b instanceof Bin) return byteSize(b);
  throw bifError(badArgs([[1, "not a bitstring"]]), "byte_size", [b]);
}

export const abs = A.abs;

export function isMapKey(m: Term, k: Term): boolean {
  if (!(m instanceof MapTerm)) throw bifError(raise("BadMapError", { term: m }), "is_map_key", [k, m]);
  return m.has(k);
}

/**
 * Kernel.is_struct/2 (and is_exception/2, `exception`: also `__exception__: true`) as their
 * expansions behave: in a guard a map given a name that is no atom fails the guard (any other
 * term is false first); elsewhere such a name raises ArgumentError, whatever the term.
 */
export function isStructNamed(t: Term, mod: Term, exception: boolean, guard: boolean): boolean {
  if (guard && !(t instanceof MapTerm)) return false;
  if (!isAtom(mod)) throw raise("ArgumentError", { message: "argument error" });
  if (!(t instanceof MapTerm) || t.get(a("__struct__")) !== mod) return false;
  return !exception || t.get(a("__exception__")) === true;
}

export function isStruct(t: Term, mod?: Term): boolean {
  if (!(t instanceof MapTerm)) return false;
  const s = t.get(a("__struct__"));
  if (s === undefined || !isAtom(s)) return false;
  return mod === undefined ? true : s === mod;
}
