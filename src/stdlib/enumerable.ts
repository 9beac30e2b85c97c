// Enumerable support shared by the collection natives (Enum, List, Map, MapSet, Range...):
// converting finite, non-lazy enumerables (lists, ranges, maps, MapSets) to JS arrays,
// O(1) count/member/at for ranges, struct helpers, integer-safe arithmetic, map key order
// and the FunctionClauseError/Protocol.UndefinedError helpers.
//
// Lazy enumerables (funs, %Stream{} and every other struct but Range/MapSet) need Elixir
// code to enumerate: `enumToArray` returns null for them and the prelude falls back to
// Enumerable.reduce. Natives that cannot handle them raise `lazyError`, a request for
// Enum.to_list/1 of the enumerable, and then run again with the list at hand.
import { arrayRoom, reserve } from "../runtime/heap-room.js";
import { dateRangeMember, dateRangeSize, dateRangeToArray } from "./date.js";
import { Fun } from "../runtime/fun.js";
import { MapTerm, EMPTY_MAP } from "../runtime/map.js";
import { mapFoldOrder, mapListOrder } from "../runtime/map-order.js";
import { strictEquals } from "../runtime/term-order.js";
import { raise, argumentError, BeamError } from "../runtime/errors.js";
import { NeedsElixir, memoized, request, retrying } from "../runtime/elixir-callback.js";
import { inspect, mapKeyCompare } from "../runtime/inspect.js";
import { fce, add, mul } from "../runtime/arith.js";
import {
  a, Atom, Bin, Cons, NIL, Term, binBytes, binFromBytes, int, isInteger, list,
  listToArray,
} from "../runtime/term.js";

export const STRUCT = a("__struct__");
export const RANGE = a("Elixir.Range");
export const MAPSET = a("Elixir.MapSet");
const DATE_RANGE = a("Elixir.Date.Range");
const FIRST = a("first");
const LAST = a("last");
const STEP = a("step");
const MAP = a("map");
const VERSION = a("version");

// ---------------------------------------------------------------------------
// Errors

/**
 * FunctionClauseError for `Module.fun/arity` (module as "Enum" or "lists"). Given the
 * arguments (not just the arity), they are carried in the stacktrace as arith.ts's `fce`.
 */
export function functionClause(module: string, fn: string, arityOrArgs: number | Term[]): BeamError {
  if (Array.isArray(arityOrArgs)) return fce(module, fn, arityOrArgs);
  const mod = /^[A-Z]/.test(module) ? a("Elixir." + module) : a(module);
  return raise("FunctionClauseError", {
    module: mod, function: a(fn), arity: arityOrArgs, kind: null, args: null, clauses: null,
  });
}

/** Protocol.UndefinedError for a protocol ("Enumerable", "String.Chars", "Collectable"). */
export function protocolError(protocol: string, value: Term, description = ""): BeamError {
  return raise("Protocol.UndefinedError", {
    protocol: a("Elixir." + protocol), value, description,
  });
}

/**
 * Raised by natives given an enumerable they cannot enumerate (a fun, a stream, a struct
 * with its own Enumerable implementation or none): a request for Enum.to_list/1 of it, after
 * which the native runs again (see elixir-callback.ts). Enum.to_list/1 raises
 * Protocol.UndefinedError for a struct with no implementation.
 */
export function lazyError(value: Term): BeamError {
  return new NeedsElixir(protocolError("Enumerable", value).reason, [{ key: value, sub: "", module: "Elixir.Enum", name: "to_list", args: [value] }]);
}

/**
 * The elements of a lazy enumerable when an earlier request listed them; null when none
 * did (outside a retry: the caller decides), or the request and an empty stand-in.
 */
function lazyElements(t: Term): Term[] | null {
  const l = memoized(t);
  if (l !== undefined) return listToArray(l);
  if (!retrying()) return null;
  return request(protocolError("Enumerable", t).reason, t, "", "Elixir.Enum", "to_list", [t]) ? [] : null;
}

// ---------------------------------------------------------------------------
// Structs

export function structName(t: Term): Atom | null {
  if (!(t instanceof MapTerm)) return null;
  const s = t.get(STRUCT);
  return s instanceof Atom ? s : null;
}

export const isStruct = (t: Term): boolean => structName(t) !== null;
export const isRange = (t: Term): boolean => structName(t) === RANGE;
export const isMapSet = (t: Term): boolean => structName(t) === MAPSET;
export const isPlainMap = (t: Term): boolean => t instanceof MapTerm && !isStruct(t);

/** `%Range{first, last, step}`. */
export function makeRange(first: Term, last: Term, step: Term): MapTerm {
  return MapTerm.fromPairs([[STRUCT, RANGE], [FIRST, first], [LAST, last], [STEP, step]]);
}

/** `%MapSet{map: %{elem => []}, version: 2}` from a JS array of elements. */
export function makeMapSet(items: Iterable<Term>): MapTerm {
  const pairs: [Term, Term][] = [];
  for (const x of items) pairs.push([x, NIL]);
  return mapSetFromMap(MapTerm.fromPairs(pairs));
}

export function mapSetFromMap(m: MapTerm): MapTerm {
  return MapTerm.fromPairs([[STRUCT, MAPSET], [MAP, m], [VERSION, 2]]);
}

/** MapSet `s` with its inner map replaced (one update of the struct instead of a new one). */
export function mapSetWith(s: MapTerm, m: MapTerm): MapTerm {
  return s.put(MAP, m);
}

/** The inner `%{elem => []}` map of a MapSet. */
export function mapSetMap(s: MapTerm): MapTerm {
  const m = s.get(MAP);
  return m instanceof MapTerm ? m : EMPTY_MAP;
}

/**
 * Map key order (how Erlang orders the keys of small maps, so how Elixir enumerates and
 * prints them): term order, except that every integer sorts before every float, also
 * inside tuples and lists. E.g. Map.keys(%{2 => :a, 1.0 => :b, 1 => :c}) == [1, 2, 1.0].
 * Shared with inspect so enumeration and printing agree.
 */
export const keyCompare = mapKeyCompare;

/**
 * Entries of a map as :maps.to_list/1 gives them (map key order up to 32 keys, the BEAM's
 * hash order above): the order of Map.to_list/keys/values and the Enumerable protocol.
 */
export function mapEntries(m: MapTerm): [Term, Term][] {
  return mapListOrder(m);
}

/** Entries of a map in :maps.fold/3 order: what Enum.reduce/3 and its users see. */
export function mapFoldEntries(m: MapTerm): [Term, Term][] {
  return mapFoldOrder(m);
}

/** Elements of a MapSet in MapSet.to_list/1 order. */
export function mapSetItems(s: MapTerm): Term[] {
  return mapEntries(mapSetMap(s)).map((e) => e[0]);
}

/** Map entries as `{k, v}` tuples in map key order. */
export function mapPairs(m: MapTerm): Term[] {
  return mapEntries(m).map(([k, v]) => [k, v]);
}

// ---------------------------------------------------------------------------
// Integer arithmetic (number | bigint)

export type Int = number | bigint;
const big = (n: Int): bigint => (typeof n === "bigint" ? n : BigInt(n));
const safe = (n: number) => Number.isSafeInteger(n);

export function iadd(x: Int, y: Int): Int {
  if (typeof x === "number" && typeof y === "number" && safe(x + y)) return x + y;
  return int(big(x) + big(y));
}
export function isub(x: Int, y: Int): Int {
  if (typeof x === "number" && typeof y === "number" && safe(x - y)) return x - y;
  return int(big(x) - big(y));
}
export function imul(x: Int, y: Int): Int {
  if (typeof x === "number" && typeof y === "number" && safe(x * y)) return x * y;
  return int(big(x) * big(y));
}
/** Integer division truncating toward zero (Erlang `div`). */
export function idiv(x: Int, y: Int): Int {
  if (typeof x === "number" && typeof y === "number") return Math.trunc(x / y);
  return int(big(x) / big(y));
}
export function icmp(x: Int, y: Int): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/** `+` on numbers (ArithmeticError blamed on :erlang.+ otherwise). */
export const numAdd = (x: Term, y: Term): Term => add(x, y);

/** `*` on numbers (ArithmeticError blamed on :erlang.* otherwise). */
export const numMul = (x: Term, y: Term): Term => mul(x, y);


// ---------------------------------------------------------------------------
// Ranges

export interface RangeParts { first: Int; last: Int; step: Int }

export function rangeParts(r: MapTerm): RangeParts {
  const first = r.get(FIRST), last = r.get(LAST);
  let step = r.get(STEP);
  if (step === undefined) step = first <= last ? 1 : -1;
  if (!isInteger(first) || !isInteger(last) || !isInteger(step) || step === 0) {
    throw argumentError(
      `ranges (first..last//step) expect the step to be a non-zero integer, got: ${inspect(step)}`,
    );
  }
  return { first, last, step };
}

/** Number of elements of a range. */
export function rangeSize({ first, last, step }: RangeParts): Int {
  if (step > 0 ? first > last : first < last) return 0;
  return iadd(idiv(isub(last, first), step), 1);
}

export function rangeAt({ first, step }: RangeParts, i: Int): Int {
  return iadd(first, imul(step, i));
}

export function rangeMember(r: RangeParts, x: Term): boolean {
  if (!isInteger(x)) return false;
  const { first, last, step } = r;
  if (step > 0 ? x < first || x > last : x > first || x < last) return false;
  const d = isub(x, first);
  return typeof d === "number" && typeof step === "number" ? d % step === 0 : big(d) % big(step) === 0n;
}

/** Elements at indexes [start, start+amount) of a range (caller keeps them in bounds). */
export function rangeSlice(r: RangeParts, start: number, amount: number, every = 1): Term[] {
  const out: Term[] = [];
  for (let i = 0; i < amount; i++) out.push(rangeAt(r, start + i * every));
  return out;
}

export function rangeToArray(r: RangeParts): Term[] {
  const n = rangeSize(r);
  // Too many for the heap: the process is killed, as one that outgrows the memory; too many
  // for one array (with room to spare): a system limit.
  reserve(Number(n) * 8);
  if (typeof n === "bigint" || n > 0x7fffffff) throw raise("SystemLimitError", { message: "a system limit has been reached" });
  arrayRoom(n);
  return rangeSlice(r, 0, n);
}

// ---------------------------------------------------------------------------
// Enumerables

/** True when enumerating `t` needs Elixir code (funs, streams, other structs). */
export function isLazy(t: Term): boolean {
  if (t instanceof Fun) return true;
  const s = structName(t);
  return s !== null && s !== RANGE && s !== MAPSET;
}

/** Raises Protocol.UndefinedError for a term that is not enumerable at all. */
export function notEnumerable(t: Term): BeamError {
  return protocolError("Enumerable", t);
}

/**
 * A finite non-lazy enumerable as a JS array (maps as `{k, v}` tuples in term order);
 * null when Elixir code is needed. Raises Protocol.UndefinedError for non-enumerables and
 * `improper` (default: FunctionClauseError in Enum.reduce/3... see callers) for improper lists.
 */
export function enumToArray(t: Term, improper?: () => BeamError): Term[] | null {
  if (t === NIL) return [];
  if (t instanceof Cons) {
    const arr = listToArray(t);
    if (arr === null) throw (improper ? improper() : functionClause("Enum", "reduce", 3));
    return arr;
  }
  if (t instanceof MapTerm) {
    const s = structName(t);
    if (s === null) return mapPairs(t);
    if (s === RANGE) return rangeToArray(rangeParts(t));
    if (s === MAPSET) return mapSetItems(t);
    if (s === DATE_RANGE) return dateRangeToArray(t);
    return lazyElements(t);
  }
  if (t instanceof Fun) return lazyElements(t);
  throw notEnumerable(t);
}

/** Like enumToArray but raises `lazyError` instead of returning null. */
export function eager(t: Term, improper?: () => BeamError): Term[] {
  const arr = enumToArray(t, improper);
  if (arr === null) throw lazyError(t);
  return arr;
}

/** Enum.count/1 for non-lazy enumerables (O(1) for ranges, maps and MapSets). */
export function enumCount(t: Term): Int {
  if (t instanceof MapTerm) {
    const s = structName(t);
    if (s === null) return t.size;
    if (s === RANGE) return rangeSize(rangeParts(t));
    if (s === MAPSET) return mapSetMap(t).size;
    if (s === DATE_RANGE) return dateRangeSize(t);
  }
  if (t === NIL || t instanceof Cons) {
    let n = 0;
    let l = t;
    while (l instanceof Cons) { n++; l = l.t; }
    if (l !== NIL) throw argumentError("errors were found at the given arguments:\n\n  * 1st argument: not a list\n");
    return n;
  }
  return eager(t).length;
}

/** Enum.member?/2 for non-lazy enumerables (strict equality, as Elixir). */
export function enumMember(t: Term, x: Term): boolean {
  if (t instanceof MapTerm) {
    const s = structName(t);
    if (s === null) {
      if (!Array.isArray(x) || x.length !== 2 || !t.has(x[0])) return false;
      return strictEquals(t.get(x[0]), x[1]);
    }
    if (s === RANGE) return rangeMember(rangeParts(t), x);
    if (s === MAPSET) return mapSetMap(t).has(x);
    if (s === DATE_RANGE) return dateRangeMember(t, x);
  }
  if (t === NIL || t instanceof Cons) {
    let l = t;
    for (; l instanceof Cons; l = l.t) if (strictEquals(l.h, x)) return true;
    if (l !== NIL) throw argumentError("errors were found at the given arguments:\n\n  * 2nd argument: not a proper list\n");
    return false;
  }
  return eager(t).some((y) => strictEquals(y, x));
}

/** An indexable view: length and element access without materialising ranges. */
export interface Indexed { n: number; at(i: number): Term }

export function indexed(t: Term, improper?: () => BeamError): Indexed {
  if (isRange(t)) {
    const r = rangeParts(t);
    const n = rangeSize(r);
    const len = typeof n === "bigint" || n > Number.MAX_SAFE_INTEGER ? Number.MAX_SAFE_INTEGER : n;
    return { n: len, at: (i) => rangeAt(r, i) };
  }
  const arr = eager(t, improper);
  return { n: arr.length, at: (i) => arr[i] };
}

/**
 * Elements `start, start+step, ...` (at most `amount` of them, within bounds) of an
 * enumerable; `start` may be negative (counted from the end). Enum.slice semantics.
 */
export function enumSlice(t: Term, start: number, amount: number, step = 1): Term[] {
  const v = indexed(t);
  if (start < 0) start = v.n + start;
  if (start < 0 || amount <= 0) return [];
  const out: Term[] = [];
  for (let k = 0; k < amount; k++) {
    const i = start + k * step;
    if (i >= v.n) break;
    out.push(v.at(i));
  }
  return out;
}

// ---------------------------------------------------------------------------
// Binaries and String.Chars

/** Concatenates binaries (strings or Bins) into one binary. */
export function binConcat(parts: (string | Bin)[]): string | Bin {
  if (parts.every((p) => typeof p === "string")) return (parts as string[]).join("");
  const chunks = parts.map(binBytes);
  const out = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
  let off = 0;
  for (const c of chunks) { out.set(c, off); off += c.length; }
  return binFromBytes(out);
}

/** A JS array as an Elixir list (re-export for convenience). */
export { list };
