// The :erlang BIFs that are pure functions: arithmetic, tuples, lists, atoms, number and
// binary conversions, iodata, type checks, time, unique integers, error raising.
// Bad arguments raise ArgumentError with Erlang's "errors were found at the given
// arguments" text; every error carries the `{:erlang, fun, args, []}` frame.
import { reserve } from "../runtime/heap-room.js";
import { activeRuntime } from "../runtime/active.js";
import { seededMs, wallClockMs } from "../runtime/seed.js";
import type { NativeFn, ProcLike } from "../runtime/code.js";
import { bifError } from "../runtime/ops.js";
import type { Runtime } from "../runtime/runtime.js";
import { BeamError, argumentError, badArgs, badMap, exit, keyError, raise, throwTerm } from "../runtime/errors.js";
import { Fun } from "../runtime/fun.js";
import { MapTerm } from "../runtime/map.js";
import { oldPortableHash, portableHash } from "../runtime/term-hash.js";
import {
  Atom, Bin, Cons, Float, NIL, Term, a, atom, atomName, binBytes, binFromBytes, byteSize, float, int,
  isAtom, isBinary, isBitstring, isBoolean, isFloat, isInteger, isList, isNumber, isPid, isRef, isTuple,
  list, listToArray, Pid, Port, Ref,
} from "../runtime/term.js";
import { compare, looseEquals, strictEquals } from "../runtime/term-order.js";
import * as A from "../runtime/arith.js";
import { floorDiv, isInt, sysLimit, withFrame } from "../runtime/arith.js";
import { erlRound, formatFloatOpts, parseErlFloat } from "./float.js";
import { charlistToString, codepoints, iodataBytes, iolistToBinary, latin1, segments, stringToCharlist } from "./unicode.js";

// ---------------------------------------------------------------------------
// Shared conversions (also used by Integer/String/Atom)

const DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz";

/** Parses an integer in `base` (2..36) with optional sign; null when not textual. */
export function parseInteger(s: string, base: number): number | bigint | null {
  const m = /^([+-]?)([0-9a-zA-Z]+)$/.exec(s);
  if (!m) return null;
  const body = m[2].toLowerCase();
  for (const ch of body) {
    const d = DIGITS.indexOf(ch);
    if (d < 0 || d >= base) return null;
  }
  let n: bigint;
  if (base === 10) n = BigInt(body);
  else if (base === 16) n = BigInt("0x" + body);
  else if (base === 2) n = BigInt("0b" + body);
  else if (base === 8) n = BigInt("0o" + body);
  else {
    n = 0n;
    const b = BigInt(base);
    for (const ch of body) n = n * b + BigInt(DIGITS.indexOf(ch));
  }
  return int(m[1] === "-" ? -n : n);
}

export function integerToString(n: number | bigint, base: number): string {
  return n.toString(base).toUpperCase();
}

const badInt = (pos: number, what: string) => badArgs([[pos, what]]);

function needBase(b: Term, pos = 2): number {
  if (typeof b !== "number" || b < 2 || b > 36) throw badInt(pos, "not an integer in the range 2 through 36");
  return b;
}

/** Atom from a name, raising SystemLimitError over 255 characters. */
export function makeAtom(name: string): Term {
  let n = 0;
  for (const _ of name) if (++n > 255) throw sysLimit();
  return atom(name);
}

export function existingAtom(name: string, pos = 1): Term {
  if (!Atom.exists(name)) throw badArgs([[pos, "not an already existing atom"]]);
  return atom(name);
}

function needTuple(t: Term, pos: number): Term[] {
  if (!Array.isArray(t)) throw badArgs([[pos, "not a tuple"]]);
  return t;
}

function needIndex(i: Term, pos: number, max: number): number {
  if (!isInt(i)) throw badArgs([[pos, "not an integer"]]);
  if (typeof i !== "number" || i < 1 || i > max) throw badArgs([[pos, "out of range"]]);
  return i;
}

function needBinary(b: Term, pos = 1): string | Bin {
  if (!isBinary(b)) throw badArgs([[pos, "not a binary"]]);
  return b;
}

function needNumber(x: Term): number | bigint | Float {
  if (!isNumber(x)) throw badArgs([[1, "not a number"]]);
  return x;
}

/** Decodes a binary as UTF-8 text (atom names); raises "invalid UTF8 encoding". */
function utf8Name(b: string | Bin): string {
  if (typeof b !== "string") throw badArgs([[1, "invalid UTF8 encoding"]]);
  return b;
}

function encodingName(b: string | Bin, enc: Term): string {
  if (enc === a("latin1")) return latin1(binBytes(b));
  if (enc === a("utf8") || enc === a("unicode")) return utf8Name(b);
  throw badArgs([[2, "is an invalid encoding option"]]);
}

function atomToBinary(x: Term, enc: Term): Term {
  if (!isAtom(x)) throw badArgs([[1, "not an atom"]]);
  const name = atomName(x);
  if (enc === a("utf8") || enc === a("unicode")) return name;
  if (enc !== a("latin1")) throw badArgs([[2, "is an invalid encoding option"]]);
  const bytes: number[] = [];
  for (const ch of name) {
    const c = ch.codePointAt(0)!;
    if (c > 255) throw badArgs([[1, "contains a character not expressible in latin1"]]);
    bytes.push(c);
  }
  return binFromBytes(Uint8Array.from(bytes));
}

function charlistArg(l: Term): string {
  if (l !== NIL && !(l instanceof Cons)) throw badArgs([[1, "not a list"]]);
  const arr = listToArray(l);
  if (arr === null) throw badArgs([[1, "not a proper list"]]);
  const s = charlistToString(l);
  if (s === null) throw badArgs([[1, "not a list of characters"]]);
  return s;
}

/** Whether `l` is no proper list: list_to_integer/float's "not a list" (an improper one too). */
const notAList = (l: Term): boolean => !isList(l) || listToArray(l) === null;

function listToInteger(l: Term, base: Term): Term {
  if (notAList(l)) throw badArgs([[1, "not a list"]]);
  const b = needBase(base);
  const s = charlistToString(l);
  const n = s === null ? null : parseInteger(s, b);
  if (n === null) throw badArgs([[1, "not a textual representation of an integer"]]);
  return n;
}

function binaryToInteger(s: Term, base: Term): Term {
  const bin = needBinary(s);
  const b = needBase(base);
  const n = typeof bin === "string" ? parseInteger(bin, b) : null;
  if (n === null) throw badArgs([[1, "not a textual representation of an integer"]]);
  return n;
}

function integerToBinary(n: Term, base: Term): string {
  if (!isInt(n)) throw badArgs([[1, "not an integer"]]);
  return integerToString(n, needBase(base));
}

function binaryToFloat(s: Term): Float {
  const bin = needBinary(s);
  const v = typeof bin === "string" ? parseErlFloat(bin) : null;
  if (v === null) throw badArgs([[1, "not a textual representation of a float"]]);
  return float(v);
}

function floatToBinary(f: Term, opts: Term): string {
  if (!(f instanceof Float)) throw badArgs([[1, "not a float"]]);
  if (opts !== NIL && !(opts instanceof Cons)) throw badArgs([[2, "not a list"]]);
  const s = formatFloatOpts(f.v, listToArray(opts));
  if (s === null) throw badArgs([[2, "invalid option in list"]]);
  return s;
}

function toFloat(x: Term): Float {
  const n = needNumber(x);
  if (n instanceof Float) return n;
  const v = Number(n);
  if (!Number.isFinite(v)) throw badArgs([[1, "not a number"]]);
  return float(v);
}

/** trunc/round/floor/ceil of a float to an integer. */
function floatToInt(x: Term, f: (v: number) => number): Term {
  const n = needNumber(x);
  if (!(n instanceof Float)) return n;
  const r = f(n.v);
  return Number.isSafeInteger(r) ? r + 0 : int(BigInt(r));
}

export function binaryPart(b: Term, pos: Term, len: Term): Term {
  // (a bitstring is taken too: its whole bytes are the part's range, as the BIF's binary_size)
  const bin = b instanceof Bin && b.bits !== 0 ? b : needBinary(b);
  if (!isInt(pos)) throw badArgs([[2, "not an integer"]]);
  if (!isInt(len)) throw badArgs([[3, "not an integer"]]);
  const size = bin instanceof Bin && bin.bits !== 0 ? binBytes(bin).length - 1 : byteSize(bin);
  if (typeof pos !== "number" || pos < 0 || pos > size) throw badArgs([[2, "out of range"]]);
  if (typeof len !== "number") throw badArgs([[3, "out of range"]]);
  let start = pos;
  let end = pos + len;
  if (len < 0) [start, end] = [pos + len, pos];
  if (start < 0 || end > size) throw badArgs([[3, "out of range"]]);
  return sliceBytes(bin, start, end);
}

/**
 * binary_part/2 (and :binary.part/2): the part `{pos, len}` names, every problem with it
 * reported against the tuple, the 2nd argument.
 */
export function binaryPartOf(b: Term, pl: Term): Term {
  if (!(b instanceof Bin && b.bits !== 0)) needBinary(b);
  if (!Array.isArray(pl) || pl.length !== 2 || !isInt(pl[0]) || !isInt(pl[1])) throw badArgs([[2, "not a valid {Pos,Length} tuple"]]);
  try {
    return binaryPart(b, pl[0], pl[1]);
  } catch (e) {
    throw badArgs([[2, "out of range"]]);
  }
}

/** Bytes [start, end) of a binary. */
export function sliceBytes(bin: string | Bin, start: number, end: number): string | Bin {
  if (typeof bin === "string" && isAsciiPrefix(bin, end)) return bin.slice(start, end);
  return binFromBytes(binBytes(bin).slice(start, end));
}

function isAsciiPrefix(s: string, end: number): boolean {
  if (end > s.length) return false;
  for (let i = 0; i < end; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}

function binaryToList(b: Term): Term {
  if (!isBinary(b)) throw badArgs([[1, "not a binary"]]);
  return list(Array.from(binBytes(b)));
}

// ---------------------------------------------------------------------------
// Time

const NATIVE = 1_000_000_000n;
const hr0 = process.hrtime.bigint();
const sys0 = BigInt(Date.now()) * 1_000_000n;
const MONO_OFFSET = -576460752303423488n;

function timeUnit(u: Term, pos: number): bigint {
  if (typeof u === "number" && u > 0) return BigInt(u);
  if (typeof u === "bigint" && u > 0n) return u;
  switch (u instanceof Atom ? u.name : "") {
    case "second":
    case "seconds":
      return 1n;
    case "millisecond":
    case "milli_seconds":
      return 1000n;
    case "microsecond":
    case "micro_seconds":
      return 1_000_000n;
    case "nanosecond":
    case "nano_seconds":
    case "native":
    case "perf_counter":
      return NATIVE;
  }
  throw badArgs([[pos, "invalid time unit"]]);
}

/** The unit argument of system_time/1, monotonic_time/1 (their only one: "1st argument"). */
function timeUnitArg(u: Term): Term {
  timeUnit(u, 1);
  return u;
}

export function convertTime(t: Term, from: Term, to: Term): Term {
  if (!isInt(t)) throw badArgs([[1, "not an integer"]]);
  const f = timeUnit(from, 2);
  const u = timeUnit(to, 3);
  return floorDiv(BigInt(t) * u, f);
}

/** The time of day (ns): the machine's, or virtual in a seeded run (runtime/seed.ts). */
export function systemTimeNative(): bigint {
  const rt = activeRuntime();
  if (rt !== null && rt.scheduler.seeded !== null) return BigInt(Math.round(wallClockMs(rt) * 1000)) * 1000n;
  return sys0 + (process.hrtime.bigint() - hr0);
}
/** Monotonic time: the runtime's virtual clock in a seeded run (seed.ts), else the machine's. */
export function monotonicNative(p: ProcLike): bigint {
  const ms = seededMs(p.rt as Runtime);
  if (ms !== null) return BigInt(Math.round(ms * 1e6)) + MONO_OFFSET;
  return process.hrtime.bigint() + MONO_OFFSET;
}
/**
 * The units monotonic_time/1 converts to without BigInt arithmetic: unit → [d, q, m] with
 * d nanoseconds per unit and -MONO_OFFSET = q * d + m.
 */
const MONO_UNITS = new Map<Term, [number, number, number]>(
  ([["second", 1_000_000_000n], ["millisecond", 1_000_000n], ["microsecond", 1000n]] as const).map(([u, d]) => [a(u), [Number(d), Number(-MONO_OFFSET / d), Number(-MONO_OFFSET % d)]]),
);

/**
 * erlang:monotonic_time(unit) on the real clock for the common units, in doubles:
 * floor((ns + MONO_OFFSET) / d) = floor((ns - m) / d) - q, exact while ns (nanoseconds
 * since the machine started) is below 2^53 (104 days); null when it does not apply.
 */
function monotonicFast(p: ProcLike, unit: Term): number | null {
  const u = MONO_UNITS.get(unit);
  if (u === undefined || seededMs(p.rt as Runtime) !== null) return null;
  const [s, ns] = process.hrtime();
  const t = s * 1e9 + ns;
  if (t >= 2 ** 53) return null;
  return Math.floor((t - u[2]) / u[0]) - u[1];
}

/** erlang:monotonic_time(:millisecond) in `rt` now (the observer compares supervisors' restart times with it). */
export function monotonicMillis(rt: Runtime): number {
  return Number(monotonicNative({ rt } as ProcLike) / 1_000_000n);
}

// ---------------------------------------------------------------------------
// Unique integers and hashing

/** erlang:unique_integer/1: unique in the runtime (the node), as on BEAM. */
function uniqueInteger(p: ProcLike, mods: Term): Term {
  const arr = listToArray(mods);
  if (arr === null) throw badArgs([[1, mods instanceof Cons ? "not a proper list" : "not a list"]]);
  let positive = false;
  for (const m of arr) {
    if (m === a("positive")) positive = true;
    else if (m !== a("monotonic")) throw badArgs([[1, "invalid modifier"]]);
  }
  const n = (p.rt as Runtime).nextUniqueInteger();
  return positive ? n : int(-576460752303423489n + BigInt(n));
}

/**
 * The range of erlang:phash/2 and phash2/2, 1..2^32. erl_erts_errors blames the "1st
 * argument" for a bad range (OTP 25 says so), and has nothing to say of one above 2^32.
 */
function hashRange(r: Term): number {
  if (!isInt(r)) throw badArgs([[1, "not an integer"]]);
  if (r < 1) throw badArgs([[1, "out of range"]]);
  if (typeof r !== "number" || r > 2 ** 32) throw argumentError();
  return r;
}

/** erlang:phash2/1,2: the BEAM's portable term hash (term-hash.ts) in [0, range). */
export function phash2(t: Term, range = 2 ** 27): number {
  return portableHash(t) % range;
}

// ---------------------------------------------------------------------------
// Tuples

function makeTuple(n: Term, v: Term): Term[] {
  if (!isInt(n)) throw badArgs([[1, "not an integer"]]);
  if (typeof n !== "number" || n < 0) throw badArgs([[1, "out of range"]]);
  if (n > 16_777_215) throw sysLimit();
  reserve(n * 8);
  return new Array(n).fill(v);
}

function insertElement(i: Term, t: Term, v: Term): Term[] {
  const tup = needTuple(t, 2);
  const idx = needIndex(i, 1, tup.length + 1);
  return [...tup.slice(0, idx - 1), v, ...tup.slice(idx - 1)];
}

function deleteElement(i: Term, t: Term): Term[] {
  const tup = needTuple(t, 2);
  const idx = needIndex(i, 1, tup.length);
  return [...tup.slice(0, idx - 1), ...tup.slice(idx)];
}

// ---------------------------------------------------------------------------
// Natives table

const boolArgs = (x: Term, y: Term): void => {
  if (!isBoolean(x) || !isBoolean(y)) throw argumentError();
};

const raw: Record<string, NativeFn> = {
  // arithmetic
  "+/2": ([x, y]) => A.add(x, y),
  "-/2": ([x, y]) => A.sub(x, y),
  "*/2": ([x, y]) => A.mul(x, y),
  "//2": ([x, y]) => A.fdiv(x, y),
  "div/2": ([x, y]) => A.idiv(x, y),
  "rem/2": ([x, y]) => A.rem(x, y),
  "+/1": ([x]) => A.pos(x),
  "-/1": ([x]) => A.neg(x),
  "abs/1": ([x]) => A.abs(x),
  "band/2": ([x, y]) => A.band(x, y),
  "bor/2": ([x, y]) => A.bor(x, y),
  "bxor/2": ([x, y]) => A.bxor(x, y),
  "bsl/2": ([x, y]) => A.bsl(x, y),
  "bsr/2": ([x, y]) => A.bsr(x, y),
  "bnot/1": ([x]) => A.bnot(x),
  "float/1": ([x]) => toFloat(x),
  "trunc/1": ([x]) => floatToInt(x, Math.trunc),
  "round/1": ([x]) => floatToInt(x, erlRound),
  "floor/1": ([x]) => floatToInt(x, Math.floor),
  "ceil/1": ([x]) => floatToInt(x, Math.ceil),
  "max/2": ([x, y]) => (compare(x, y) < 0 ? y : x),
  "min/2": ([x, y]) => (compare(x, y) > 0 ? y : x),
  // comparison and boolean operators
  "==/2": ([x, y]) => looseEquals(x, y),
  "/=/2": ([x, y]) => !looseEquals(x, y),
  "=:=/2": ([x, y]) => strictEquals(x, y),
  "=/=/2": ([x, y]) => !strictEquals(x, y),
  "</2": ([x, y]) => compare(x, y) < 0,
  ">/2": ([x, y]) => compare(x, y) > 0,
  "=</2": ([x, y]) => compare(x, y) <= 0,
  ">=/2": ([x, y]) => compare(x, y) >= 0,
  "and/2": ([x, y]) => (boolArgs(x, y), x && y),
  "or/2": ([x, y]) => (boolArgs(x, y), x || y),
  "xor/2": ([x, y]) => (boolArgs(x, y), x !== y),
  "not/1": ([x]) => {
    if (!isBoolean(x)) throw argumentError();
    return !x;
  },
  // tuples
  "element/2": ([i, t]) => {
    if (!isInt(i)) throw badArgs([[1, "not an integer"]]);
    const tup = needTuple(t, 2);
    return tup[needIndex(i, 1, tup.length) - 1];
  },
  "setelement/3": ([i, t, v]) => {
    if (!isInt(i)) throw badArgs([[1, "not an integer"]]);
    const tup = needTuple(t, 2);
    const idx = needIndex(i, 1, tup.length);
    const out = tup.slice();
    out[idx - 1] = v;
    return out;
  },
  "tuple_size/1": ([t]) => needTuple(t, 1).length,
  "make_tuple/2": ([n, v]) => makeTuple(n, v),
  "make_tuple/3": ([n, v, init]) => {
    const tup = makeTuple(n, v);
    const items = listToArray(init);
    if (items === null) throw badArgs([[3, init instanceof Cons ? "not a proper list" : "not a list"]]);
    for (const e of items) {
      if (!Array.isArray(e) || e.length !== 2 || typeof e[0] !== "number" || e[0] < 1 || e[0] > tup.length) {
        throw badArgs([[3, "invalid option in list"]]);
      }
      tup[e[0] - 1] = e[1];
    }
    return tup;
  },
  "append_element/2": ([t, v]) => [...needTuple(t, 1), v],
  "insert_element/3": ([i, t, v]) => insertElement(i, t, v),
  "delete_element/2": ([i, t]) => deleteElement(i, t),
  "tuple_to_list/1": ([t]) => list(needTuple(t, 1)),
  "list_to_tuple/1": ([l]) => {
    const arr = listToArray(l);
    if (arr === null) throw badArgs([[1, "not a list"]]);
    return arr;
  },
  // lists
  "length/1": ([l]) => {
    let n = 0;
    let c = l;
    for (; c instanceof Cons; c = c.t) n++;
    if (c !== NIL) throw badArgs([[1, "not a list"]]);
    return n;
  },
  "hd/1": ([l]) => {
    if (!(l instanceof Cons)) throw badArgs([[1, "not a nonempty list"]]);
    return l.h;
  },
  "tl/1": ([l]) => {
    if (!(l instanceof Cons)) throw badArgs([[1, "not a nonempty list"]]);
    return l.t;
  },
  // atoms
  "atom_to_binary/1": ([x]) => atomToBinary(x, a("utf8")),
  "atom_to_binary/2": ([x, e]) => atomToBinary(x, e),
  "atom_to_list/1": ([x]) => {
    if (!isAtom(x)) throw badArgs([[1, "not an atom"]]);
    return stringToCharlist(atomName(x));
  },
  "binary_to_atom/1": ([b]) => makeAtom(utf8Name(needBinary(b))),
  "binary_to_atom/2": ([b, e]) => makeAtom(encodingName(needBinary(b), e)),
  "binary_to_existing_atom/1": ([b]) => existingAtom(utf8Name(needBinary(b))),
  "binary_to_existing_atom/2": ([b, e]) => existingAtom(encodingName(needBinary(b), e)),
  "list_to_atom/1": ([l]) => makeAtom(charlistArg(l)),
  "list_to_existing_atom/1": ([l]) => existingAtom(charlistArg(l)),
  // integers
  "integer_to_binary/1": ([n]) => integerToBinary(n, 10),
  "integer_to_binary/2": ([n, b]) => integerToBinary(n, b),
  "integer_to_list/1": ([n]) => stringToCharlist(integerToBinary(n, 10)),
  "integer_to_list/2": ([n, b]) => stringToCharlist(integerToBinary(n, b)),
  "binary_to_integer/1": ([s]) => binaryToInteger(s, 10),
  "binary_to_integer/2": ([s, b]) => binaryToInteger(s, b),
  "list_to_integer/1": ([l]) => listToInteger(l, 10),
  "list_to_integer/2": ([l, b]) => listToInteger(l, b),
  // floats
  "float_to_binary/1": ([f]) => floatToBinary(f, list([[a("scientific"), 20]])),
  "float_to_binary/2": ([f, o]) => floatToBinary(f, o),
  "float_to_list/1": ([f]) => stringToCharlist(floatToBinary(f, list([[a("scientific"), 20]]))),
  "float_to_list/2": ([f, o]) => stringToCharlist(floatToBinary(f, o)),
  "binary_to_float/1": ([s]) => binaryToFloat(s),
  "list_to_float/1": ([l]) => {
    if (notAList(l)) throw badArgs([[1, "not a list"]]);
    const s = charlistToString(l);
    const v = s === null ? null : parseErlFloat(s);
    if (v === null) throw badArgs([[1, "not a textual representation of a float"]]);
    return float(v);
  },
  // binaries
  "byte_size/1": ([b]) => {
    if (!isBitstring(b)) throw badArgs([[1, "not a bitstring"]]);
    return byteSize(b);
  },
  "bit_size/1": ([b]) => {
    if (!isBitstring(b)) throw badArgs([[1, "not a bitstring"]]);
    if (b instanceof Bin && b.bits) return (b.bytes.length - 1) * 8 + b.bits;
    return byteSize(b) * 8;
  },
  "binary_part/3": ([b, p, l]) => binaryPart(b, p, l),
  "binary_part/2": ([b, pl]) => binaryPartOf(b, pl),
  "split_binary/2": ([b, n]) => {
    const bin = needBinary(b);
    if (!isInt(n)) throw badArgs([[2, "not an integer"]]);
    const size = byteSize(bin);
    if (typeof n !== "number" || n < 0 || n > size) throw badArgs([[2, "out of range"]]);
    return [sliceBytes(bin, 0, n), sliceBytes(bin, n, size)];
  },
  "binary_to_list/1": ([b]) => binaryToList(b),
  "binary_to_list/3": ([b, s, e]) => {
    const bytes = binBytes(needBinary(b));
    if (typeof s !== "number" || s < 1 || s > bytes.length) throw badArgs([[2, "out of range"]]);
    if (typeof e !== "number" || e < s || e > bytes.length) throw badArgs([[3, "out of range"]]);
    return list(Array.from(bytes.subarray(s - 1, e)));
  },
  "list_to_binary/1": ([l]) => {
    const bytes = iodataBytes(l, true);
    if (bytes === null) throw badArgs([[1, "not an iolist term"]]);
    return binFromBytes(bytes);
  },
  "iolist_to_binary/1": ([l]) => iolistToBinary(l),
  "iolist_size/1": ([l]) => {
    const bytes = iodataBytes(l);
    if (bytes === null) throw badArgs([[1, "not an iodata term"]]);
    return bytes.length;
  },
  // maps (the BIF forms)
  "map_size/1": ([m]) => {
    if (!(m instanceof MapTerm)) throw badMap(m);
    return m.size;
  },
  "map_get/2": ([k, m]) => {
    if (!(m instanceof MapTerm)) throw badMap(m);
    const v = m.get(k);
    if (v === undefined) throw keyError(k, m);
    return v;
  },
  "is_map_key/2": ([k, m]) => {
    if (!(m instanceof MapTerm)) throw badMap(m);
    return m.has(k);
  },
  // type checks
  "is_atom/1": ([x]) => isAtom(x),
  "is_binary/1": ([x]) => isBinary(x),
  "is_bitstring/1": ([x]) => isBitstring(x),
  "is_boolean/1": ([x]) => isBoolean(x),
  "is_float/1": ([x]) => isFloat(x),
  "is_function/1": ([x]) => x instanceof Fun,
  "is_function/2": ([x, n]) => {
    if (!isInt(n)) throw badArgs([[2, "not an integer"]]);
    if (n < 0) throw badArgs([[2, "out of range"]]);
    return x instanceof Fun && x.arity === n;
  },
  "is_integer/1": ([x]) => isInteger(x),
  "is_list/1": ([x]) => isList(x),
  "is_map/1": ([x]) => x instanceof MapTerm,
  "is_number/1": ([x]) => isNumber(x),
  "is_pid/1": ([x]) => isPid(x),
  "is_port/1": ([x]) => x instanceof Port,
  "is_reference/1": ([x]) => isRef(x),
  "is_tuple/1": ([x]) => isTuple(x),
  "is_record/2": ([t, tag]) => {
    if (!isAtom(tag)) throw badArgs([[2, "not an atom"]]);
    return Array.isArray(t) && t.length > 0 && t[0] === tag;
  },
  "is_record/3": ([t, tag, n]) => {
    if (!isAtom(tag)) throw badArgs([[2, "not an atom"]]);
    // a size that is no small integer is a badarg (a bignum one, which erl_erts_errors
    // cannot explain, the bare "argument error")
    if (typeof n !== "number") throw isInt(n) ? argumentError("argument error") : badArgs([[3, "not an integer"]]);
    return Array.isArray(t) && t.length === n && t[0] === tag;
  },
  // time
  "system_time/0": () => int(systemTimeNative()),
  "system_time/1": ([u]) => convertTime(int(systemTimeNative()), a("native"), timeUnitArg(u)),
  "monotonic_time/0": (_, p) => int(monotonicNative(p)),
  "monotonic_time/1": ([u], p) => monotonicFast(p, u) ?? convertTime(int(monotonicNative(p)), a("native"), timeUnitArg(u)),
  "time_offset/0": (_, p) => int(systemTimeNative() - monotonicNative(p)),
  "convert_time_unit/3": ([t, f, u]) => convertTime(t, f, u),
  "unique_integer/0": (_, p) => uniqueInteger(p, NIL),
  "unique_integer/1": ([m], p) => uniqueInteger(p, m),
  "phash/2": ([t, r]) => (oldPortableHash(t) % hashRange(r)) + 1,
  "phash2/1": ([t]) => phash2(t),
  "phash2/2": ([t, r]) => phash2(t, hashRange(r)),
  "node/0": (_, p) => (p.rt as Runtime).node,
  "node/1": ([x], p) => {
    if (!(x instanceof Pid) && !(x instanceof Ref) && !(x instanceof Port)) throw badArgs([[1, "not a pid"]]);
    return (p.rt as Runtime).nodeOf(x);
  },
  // raising
  "error/1": ([r]) => {
    throw explicitError(r);
  },
  "error/2": ([r, args]) => {
    throw explicitError(r, args);
  },
  "error/3": ([r, args, opts]) => {
    const e = explicitError(r, args);
    // (error_info: {:error_info, map} joins the location of the caller's entry, as on BEAM)
    const info = (listToArray(opts) ?? []).find((o) => Array.isArray(o) && o.length === 2 && o[0] === a("error_info"));
    if (info !== undefined) (e as BeamError & { errorInfo?: Term }).errorInfo = info;
    throw e;
  },
  "throw/1": ([r]) => {
    throw throwTerm(r);
  },
  "exit/1": ([r]) => {
    throw exit(r);
  },
  // Like BEAM, a bad class or stacktrace is not raised: the call returns :badarg.
  "raise/3": ([k, r, st]) => {
    const trace = checkedStacktrace(st);
    if ((k !== a("error") && k !== a("throw") && k !== a("exit")) || trace === null) return a("badarg");
    const e = new BeamError(atomName(k) as "error" | "throw" | "exit", r);
    e.stacktrace = trace;
    // BEAM rethrows with exactly this stacktrace: the machine must not add the caller's frames.
    e.traced = true;
    throw e;
  },
};

/** raise/3 keeps at most this many entries, BEAM's default `backtrace_depth`. */
const BACKTRACE_DEPTH = 8;

/**
 * A raise/3 stacktrace as BEAM accepts it: a proper list of `{m, f, arity | args, location}`
 * or `{fun, args, location}` entries; `{m, f, a}` and `{fun, args}` gain an empty location.
 * Null when malformed.
 */
function checkedStacktrace(st: Term): Term | null {
  const entries = listToArray(st);
  if (entries === null) return null;
  const out: Term[] = [];
  for (const e of entries) {
    const entry = checkedEntry(e);
    if (entry === null) return null;
    out.push(entry);
  }
  return list(out.slice(0, BACKTRACE_DEPTH));
}

function checkedEntry(e: Term): Term | null {
  if (!isTuple(e)) return null;
  const mfa = e.length >= 3 && isAtom(e[0]) && isAtom(e[1]);
  if (e.length === 2) return e[0] instanceof Fun ? [e[0], e[1], NIL] : null;
  if (e.length === 3 && mfa) return [e[0], e[1], e[2], NIL];
  if (e.length === 3 && e[0] instanceof Fun) return isList(e[2]) ? e : null;
  if (e.length === 4 && mfa) return isList(e[3]) ? e : null;
  return null;
}

/** Wraps every native so errors carry the `:erlang.fun(args)` frame. */
export function framed(mod: string, fns: Record<string, NativeFn>): Record<string, NativeFn> {
  const out: Record<string, NativeFn> = {};
  for (const key of Object.keys(fns)) {
    const name = key.slice(0, key.lastIndexOf("/"));
    const fn = fns[key];
    out[key] = (args, p) => {
      try {
        return fn(args, p);
      } catch (e) {
        const skip = name === "error" || name === "throw" || name === "exit" || name === "raise";
        if (e instanceof BeamError && !skip) withFrame(e, mod, name, args);
        throw e;
      }
    };
  }
  return out;
}

/**
 * An error raised on purpose (erlang:error/1,2,3, so also `raise`): `catch` sees the reason
 * as given. Given the arguments of the function that calls it (a proper list, not
 * :none), BEAM shows them in that function's stack entry in place of its arity.
 */
const NONE = a("none");

function explicitError(r: Term, args: Term = NONE): BeamError {
  const e = new BeamError("error", r);
  (e as BeamError & { explicit?: boolean }).explicit = true;
  const given = args === NONE ? null : listToArray(args);
  if (given !== null) (e as BeamError & { callerArgs?: Term[] }).callerArgs = given;
  return e;
}

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "erlang",
  fns: framed("erlang", raw),
};
