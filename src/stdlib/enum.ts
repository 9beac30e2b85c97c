// Enum natives: every function of Elixir 1.14's Enum that takes no function argument.
// Enumerables are converted with enumerable.ts (ranges are indexed without being
// materialised where Elixir does so). Lazy enumerables (streams, funs, other structs)
// raise `lazyError`: the prelude calls `Enum.__to_list__/1` first and uses a reduce-based
// path when it returns `:lazy`.
import { Fun } from "../runtime/fun.js";
import type { NativeFn } from "../runtime/code.js";
import { MapTerm, keyOf } from "../runtime/map.js";
import { compare, strictEquals } from "../runtime/term-order.js";
import { raise, argumentError, BeamError } from "../runtime/errors.js";
import { a, Bin, Cons, NIL, Term, isInteger, list, listToArray } from "../runtime/term.js";
import { toStringTerm } from "../runtime/string-chars.js";
import { sequenceList } from "./lists.js";
import {
  binConcat, eager, enumCount, enumMember, enumToArray, functionClause, indexed, isLazy, isMapSet,
  isRange, mapSetMap, numAdd, numMul, protocolError, rangeParts, rangeSize, iadd, imul,
  isub, idiv, Int, lazyError, mapSetFromMap, isStruct, makeRange, mapFoldEntries,
} from "./enumerable.js";

const OK = a("ok");
const ERROR = a("error");
const LAZY = a("lazy");
const DISCARD = a("discard");
const ASC = a("asc");
const DESC = a("desc");

const fc = (fn: string, arity: number | Term[]) => functionClause("Enum", fn, arity);
const emptyError = () => raise("Enum.EmptyError", { message: "empty error" });
const outOfBounds = () => raise("Enum.OutOfBoundsError", { message: "out of bounds error" });
const isInt = (x: Term): x is Int => isInteger(x);
/** Clamps a (possibly bigint) integer to a JS number usable as an index. */
const num = (x: Int): number => (typeof x === "bigint" ? (x > 0n ? Number.MAX_SAFE_INTEGER : -Number.MAX_SAFE_INTEGER) : x);

/**
 * An enumerable as an array. Improper lists raise FunctionClauseError: in `fn`, or where
 * Elixir's implementation fails for the functions listed in IMPROPER.
 */
function arr(t: Term, fn: string, arity: number): Term[] {
  return eager(t, () => IMPROPER[fn]?.() ?? fc(fn, arity));
}

const IMPROPER: Record<string, () => BeamError> = {
  sum: () => fc("-sum/1-lists^foldl/2-0-", 3),
  product: () => fc("-product/1-lists^foldl/2-0-", 3),
  reverse: () => fc("-reverse/1-lists^foldl/2-0-", 3),
  sort: () => functionClause("lists", "sort", 1),
  at: () => fc("drop_list", 2),
};

// ---------------------------------------------------------------------------
// Indexing and slicing (Enum.slice semantics on an indexed view)

/** Elements start, start+step, ... (`amount` raw positions, Elixir slice_forward). */
function sliceForward(t: Term, start: number, amount: number, step: number): Term[] {
  const v = indexed(t, IMPROPER.at);
  if (start < 0) {
    start = v.n + start;
    if (start < 0) return [];
  }
  const out: Term[] = [];
  const count = step === 1 ? amount : Math.trunc((amount - 1) / step) + 1;
  for (let k = 0; k < count; k++) {
    const i = start + k * step;
    if (i >= v.n) break;
    out.push(v.at(i));
  }
  return out;
}

function at1(t: Term, index: Term, fn: string, args: Term[]): Term[] {
  if (!isInt(index)) throw fc(fn, args);
  return sliceForward(t, num(index), 1, 1);
}

function sliceRange(t: Term, first: number, last: number, step: number): Term[] {
  const v = indexed(t);
  const f = first >= 0 ? first : Math.max(first + v.n, 0);
  const l = last >= 0 ? last : last + v.n;
  const amount = l - f + 1;
  if (!(f < v.n && amount > 0)) return [];
  const out: Term[] = [];
  for (let i = f; i <= l && i < v.n; i += step) out.push(v.at(i));
  return out;
}

function slice2(t: Term, range: Term): Term[] {
  if (!isRange(range)) throw fc("slice", [t, range]);
  const { first, last, step } = rangeParts(range);
  const [f, l, s] = [num(first), num(last), num(step)];
  if (s > 0) return sliceRange(t, f, l, s);
  if (s === -1 && f > l) return sliceRange(t, f, l, 1);
  throw argumentError("Enum.slice/2 does not accept ranges with negative steps, got: " + inspectRange(range));
}

function inspectRange(r: MapTerm): string {
  const { first, last, step } = rangeParts(r);
  return step === 1 && first <= last ? `${first}..${last}` : `${first}..${last}//${step}`;
}

function slice3(t: Term, start: Term, amount: Term): Term[] {
  if (!isInt(start)) throw fc("slice", [t, start, amount]);
  if (amount === 0) return [];
  if (!isInt(amount) || amount < 0) throw fc("slice", [t, start, amount]);
  const s = num(start), n = num(amount);
  if (s < 0) {
    const v = indexed(t);
    const st = Math.max(v.n + s, 0);
    return sliceForward(t, st, Math.min(n, v.n - st), 1);
  }
  return sliceForward(t, s, n, 1);
}

function take(t: Term, amount: Term): Term[] {
  if (amount === 0) return [];
  if (!isInt(amount)) throw fc("take", [t, amount]);
  if (amount > 0) return sliceForward(t, 0, num(amount), 1);
  const v = indexed(t);
  const first = Math.max(num(amount) + v.n, 0);
  return sliceForward(t, first, v.n - first, 1);
}

function drop(t: Term, amount: Term): Term[] {
  if (!isInt(amount)) throw fc("drop", [t, amount]);
  const xs = arr(t, "drop", 2);
  const n = num(amount);
  return n >= 0 ? xs.slice(n) : xs.slice(0, Math.max(xs.length + n, 0));
}

function split(t: Term, count: Term): Term {
  if (!isInt(count)) throw fc("split", [t, count]);
  const xs = arr(t, "split", 2);
  const n = num(count);
  const at = n >= 0 ? Math.min(n, xs.length) : Math.max(xs.length + n, 0);
  return [list(xs.slice(0, at)), list(xs.slice(at))];
}

function takeEvery(t: Term, nth: Term): Term[] {
  if (nth === 0) return [];
  if (!isInt(nth) || nth < 1) throw fc("take_every", [t, nth]);
  return arr(t, "take_every", 2).filter((_, i) => i % num(nth) === 0);
}

function dropEvery(t: Term, nth: Term): Term[] {
  if (nth === 1) return [];
  if (nth === 0) return toArray(t);
  if (!isInt(nth) || nth < 1) throw fc("drop_every", [t, nth]);
  return arr(t, "drop_every", 2).filter((_, i) => i % num(nth) !== 0);
}

function reverseSlice(t: Term, start: Term, count: Term): Term[] {
  if (!isInt(start) || start < 0 || !isInt(count) || count < 0) throw fc("reverse_slice", [t, start, count]);
  const xs = arr(t, "reverse_slice", 3);
  const s = num(start), c = Math.min(num(count), xs.length - s);
  if (c <= 0) return xs;
  return [...xs.slice(0, s), ...xs.slice(s, s + c).reverse(), ...xs.slice(s + c)];
}

function slide(t: Term, index: Term, insertion: Term): Term[] {
  const range = isInt(index) ? makeRange(index, index, 1) : index;
  if (!isRange(range) || !isInt(insertion)) throw fc("slide", [t, index, insertion]);
  const { first, last, step } = rangeParts(range);
  if (step !== 1) {
    throw argumentError("Enum.slide/3 does not accept ranges with custom steps, got: " + inspectRange(range));
  }
  const xs = arr(t, "slide", 3);
  let f = num(first), l = num(last), ins = num(insertion);
  // Elixir normalises negative indexes and recurses until none is negative.
  while (f < 0 || l < 0 || ins < 0) {
    const n = xs.length;
    f = f >= 0 ? f : Math.max(f + n, 0);
    l = l >= 0 ? l : l + n;
    ins = ins >= 0 ? ins : ins + n;
    if (!(f < n && f !== ins)) return xs;
  }
  if (ins === f) return xs;
  if (ins > f && ins <= l) {
    throw argumentError(`insertion index for slide must be outside the range being moved (tried to insert ${f}..${l} at ${ins})`);
  }
  if (f > l) return xs;
  if (ins <= f) return [...xs.slice(0, ins), ...xs.slice(f, l + 1), ...xs.slice(ins, f), ...xs.slice(l + 1)];
  return [...xs.slice(0, f), ...xs.slice(l + 1, ins + 1), ...xs.slice(f, l + 1), ...xs.slice(ins + 1)];
}

// ---------------------------------------------------------------------------
// Chunking, zipping

function chunkEvery(t: Term, count: Term, step: Term, leftover: Term): Term[] {
  if (!isInt(count) || count <= 0 || !isInt(step) || step <= 0) throw fc("chunk_every", [t, count, step, leftover]);
  const xs = arr(t, "chunk_every", 4);
  const n = num(count), s = num(step);
  const out: Term[] = [];
  let i = 0;
  for (; i + n <= xs.length; i += s) out.push(list(xs.slice(i, i + n)));
  if (leftover !== DISCARD && i < xs.length) {
    const rest = xs.slice(i);
    const pad = n - rest.length > 0 ? take(leftover, n - rest.length) : [];
    out.push(list([...rest, ...pad]));
  }
  return out;
}

function zipArrays(enums: Term[][]): Term[] {
  if (enums.length === 0) return [];
  const n = Math.min(...enums.map((e) => e.length));
  const out: Term[] = [];
  for (let i = 0; i < n; i++) out.push(enums.map((e) => e[i]));
  return out;
}

function zip1(enums: Term): Term[] {
  return zipArrays(arr(enums, "zip", 1).map((e) => toArray(e)));
}

function unzip(t: Term): Term {
  const xs = arr(t, "unzip", 1);
  const l: Term[] = [], r: Term[] = [];
  for (const x of xs) {
    if (!Array.isArray(x) || x.length !== 2) throw fc("unzip", 3);
    l.push(x[0]);
    r.push(x[1]);
  }
  return [list(l), list(r)];
}

function withIndex(t: Term, offset: Term): Term[] {
  if (!isInt(offset)) throw fc("with_index", [t, offset]);
  return arr(t, "with_index", 2).map((x, i) => [x, iadd(offset, i)]);
}

// ---------------------------------------------------------------------------
// Aggregates

function sum(t: Term): Term {
  if (isRange(t)) {
    const r = rangeParts(t);
    const size = rangeSize(r);
    // size * (first + last - rem(last - first, step)) div 2
    const d = isub(r.last, r.first);
    const rem = typeof d === "number" && typeof r.step === "number" ? d % r.step : BigInt(d) % BigInt(r.step);
    return idiv(imul(size, isub(iadd(r.first, r.last), rem as Int)), 2);
  }
  return arr(t, "sum", 1).reduce((acc, x) => numAdd(acc, x), 0);
}

function product(t: Term): Term {
  return arr(t, "product", 1).reduce((acc, x) => numMul(acc, x), 1);
}

function extreme(t: Term, sign: number): Term {
  const xs = arr(t, sign > 0 ? "max" : "min", 1);
  if (xs.length === 0) throw emptyError();
  let best = xs[0];
  for (let i = 1; i < xs.length; i++) if (compare(xs[i], best) * sign > 0) best = xs[i];
  return best;
}

function minMax(t: Term): Term {
  if (isRange(t)) {
    const r = rangeParts(t);
    if (rangeSize(r) === 0) throw emptyError();
    const d = isub(r.last, r.first);
    const rem = typeof d === "number" && typeof r.step === "number" ? d % r.step : BigInt(d) % BigInt(r.step);
    const last = isub(r.last, rem as Int);
    return r.first <= last ? [r.first, last] : [last, r.first];
  }
  return [extreme(t, -1), extreme(t, 1)];
}

function sort(t: Term, order: Term): Term[] {
  const xs = [...arr(t, "sort", order === undefined ? 1 : 2)];
  if (order === undefined || order === ASC) return xs.sort(compare);
  if (order === DESC) return xs.sort((x, y) => compare(y, x));
  throw fc("to_sort_fun", 1);
}

function uniq(t: Term): Term[] {
  const seen = new Set<unknown>();
  const out: Term[] = [];
  for (const x of arr(t, "uniq", 1)) {
    const k = keyOf(x);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(x);
    }
  }
  return out;
}

function dedup(t: Term): Term[] {
  const out: Term[] = [];
  for (const x of arr(t, "dedup", 1)) {
    if (out.length === 0 || !strictEquals(out[out.length - 1], x)) out.push(x);
  }
  return out;
}

function frequencies(t: Term): MapTerm {
  const counts = new Map<unknown, [Term, number]>();
  for (const x of arr(t, "frequencies", 1)) {
    const k = keyOf(x);
    const e = counts.get(k);
    if (e) e[1]++;
    else counts.set(k, [x, 1]);
  }
  return MapTerm.fromPairs(counts.values());
}

function intersperse(t: Term, sep: Term): Term[] {
  const out: Term[] = [];
  arr(t, "intersperse", 2).forEach((x, i) => {
    if (i > 0) out.push(sep);
    out.push(x);
  });
  return out;
}

function join(t: Term, joiner: Term): Term {
  if (typeof joiner !== "string" && !(joiner instanceof Bin && joiner.bits === 0)) throw fc("join", [t, joiner]);
  const parts: (string | Bin)[] = [];
  arr(t, "join", 2).forEach((x, i) => {
    if (i > 0 && joiner !== "") parts.push(joiner);
    parts.push(toStringTerm(x));
  });
  return binConcat(parts);
}

function concat1(t: Term): Term[] {
  const out: Term[] = [];
  for (const e of arr(t, "concat", 1)) for (const x of toArray(e)) out.push(x);
  return out;
}

// ---------------------------------------------------------------------------
// Conversion and collecting

/** Any finite non-lazy enumerable as an array (lazy ones raise lazyError). */
function toArray(t: Term): Term[] {
  return eager(t);
}

/** Enum.to_list/1: lists are returned as they are (even improper ones). */
function toList(t: Term): Term {
  if (t === NIL || t instanceof Cons) return t;
  return list(toArray(t));
}

/** Collects `source` into a list, map or MapSet; null when Elixir code is needed. */
export function intoNative(source: Term, target: Term): Term | null {
  if (target === NIL) return isLazy(source) ? null : toList(source);
  if (isLazy(source)) return null;
  if (target instanceof MapTerm) {
    if (isMapSet(target)) {
      return mapSetFromMap(mapSetMap(target).putMany(toArray(source).map((x) => [x, NIL] as [Term, Term])));
    }
    if (isStruct(target)) return null;
    if (source instanceof MapTerm && !isStruct(source)) return target.putMany(source.entries.values());
    const pairs = toArray(source);
    // (an element that is no pair: Elixir's code fails where it does, prelude/enum.ex)
    if (!pairs.every((x) => Array.isArray(x) && x.length === 2)) return null;
    return target.putMany(pairs as [Term, Term][]);
  }
  // (a non-empty list: Collectable.List.into/1 warns that it is deprecated)
  if (target instanceof Cons) return null;
  if (typeof target === "string" || target instanceof Bin) {
    const parts = [target, ...toArray(source)];
    if (!parts.every((p) => typeof p === "string" || p instanceof Bin)) return null;
    return binConcat(parts);
  }
  return null;
}

function into(source: Term, target: Term): Term {
  const r = intoNative(source, target);
  if (r === null) {
    if (target instanceof MapTerm && isStruct(target) && !isMapSet(target)) throw protocolError("Collectable", target);
    throw lazyError(source);
  }
  return r;
}

const L = list;

/** A range of safe integers as a list, without an intermediate array (lists.ts sequenceList). */
function smallRangeList(t: Term): Term | null {
  if (!(t instanceof MapTerm) || t.get(a("__struct__")) !== a("Elixir.Range")) return null;
  const first = t.get(a("first"));
  const last = t.get(a("last"));
  const step = t.get(a("step"));
  if (typeof first !== "number" || typeof last !== "number" || typeof step !== "number") return null;
  const n = step > 0 ? (last >= first ? Math.floor((last - first) / step) + 1 : 0) : first >= last ? Math.floor((first - last) / -step) + 1 : 0;
  if (n > 0x7fffffff) return null;
  return sequenceList(first, step, n, "Elixir.Enum", "to_list", 1);
}

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.Enum",
  fns: {
    "__to_list__/1": ([t]) => {
      if (t === NIL || t instanceof Cons) return t;
      const direct = smallRangeList(t);
      if (direct !== null) return direct;
      // what is not enumerable goes to Enumerable.reduce/3 too, which raises as Elixir's does
      if (!(t instanceof MapTerm || t instanceof Fun)) return LAZY;
      const xs = enumToArray(t);
      return xs === null ? LAZY : L(xs);
    },
    // The elements in the order Enum.reduce/3 visits them: for plain maps that is
    // :maps.fold/3's order, which above 32 keys is the reverse of :maps.to_list/1's.
    "__fold_list__/1": ([t]) => {
      if (t instanceof MapTerm && !isStruct(t)) return L(mapFoldEntries(t).map(([k, v]) => [k, v] as Term));
      if (t === NIL || t instanceof Cons) return t;
      const direct = smallRangeList(t);
      if (direct !== null) return direct;
      if (!(t instanceof MapTerm || t instanceof Fun)) return LAZY;
      const xs = enumToArray(t);
      return xs === null ? LAZY : L(xs);
    },
    // (what fails natively is done again by Elixir's clauses, prelude/enum.ex, to fail as Elixir's)
    "__into__/2": ([s, t]) => {
      try {
        return intoNative(s, t) ?? LAZY;
      } catch (e) {
        if (e instanceof BeamError) return LAZY;
        throw e;
      }
    },
    "at/2": ([t, i]) => at1(t, i, "at", [t, i, null])[0] ?? null,
    "at/3": ([t, i, d]) => {
      const r = at1(t, i, "at", [t, i, d]);
      return r.length ? r[0] : d;
    },
    "fetch/2": ([t, i]) => {
      const r = at1(t, i, "fetch", [t, i]);
      return r.length ? [OK, r[0]] : ERROR;
    },
    "fetch!/2": ([t, i]) => {
      const r = at1(t, i, "fetch!", [t, i]);
      if (!r.length) throw outOfBounds();
      return r[0];
    },
    "count/1": ([t]) => enumCount(t),
    "member?/2": ([t, x]) => enumMember(t, x),
    "empty?/1": ([t]) => (t instanceof Cons ? false : enumCount(t) === 0),
    "sum/1": ([t]) => sum(t),
    "product/1": ([t]) => product(t),
    "max/1": ([t]) => extreme(t, 1),
    "min/1": ([t]) => extreme(t, -1),
    "min_max/1": ([t]) => minMax(t),
    "sort/1": ([t]) => L(sort(t, undefined)),
    "sort/2": ([t, o]) => L(sort(t, o)),
    "reverse/1": ([t]) => L([...arr(t, "reverse", 1)].reverse()),
    "reverse/2": ([t, tail]) => L([...arr(t, "reverse", 2)].reverse(), toList(tail)),
    "reverse_slice/3": ([t, s, c]) => L(reverseSlice(t, s, c)),
    "uniq/1": ([t]) => L(uniq(t)),
    "dedup/1": ([t]) => L(dedup(t)),
    "concat/1": ([t]) => L(concat1(t)),
    "concat/2": ([l, r]) => L([...toArray(l), ...toArray(r)]),
    "join/1": ([t]) => join(t, ""),
    "join/2": ([t, j]) => join(t, j),
    "take/2": ([t, n]) => L(take(t, n)),
    "drop/2": ([t, n]) => L(drop(t, n)),
    "take_every/2": ([t, n]) => L(takeEvery(t, n)),
    "drop_every/2": ([t, n]) => L(dropEvery(t, n)),
    "split/2": ([t, n]) => split(t, n),
    "slice/2": ([t, r]) => L(slice2(t, r)),
    "slice/3": ([t, s, n]) => L(slice3(t, s, n)),
    "slide/3": ([t, r, i]) => L(slide(t, r, i)),
    "chunk_every/2": ([t, n]) => L(chunkEvery(t, n, n, NIL)),
    "chunk_every/3": ([t, n, s]) => L(chunkEvery(t, n, s, NIL)),
    "chunk_every/4": ([t, n, s, l]) => L(chunkEvery(t, n, s, l)),
    "chunk/2": ([t, n]) => L(chunkEvery(t, n, n, DISCARD)),
    "chunk/3": ([t, n, s]) => L(chunkEvery(t, n, s, DISCARD)),
    "chunk/4": ([t, n, s, l]) => L(chunkEvery(t, n, s, l === null || l === false ? DISCARD : l)),
    "zip/1": ([t]) => L(zip1(t)),
    "zip/2": ([l, r]) => L(zipArrays([toArray(l), toArray(r)])),
    "unzip/1": ([t]) => unzip(t),
    "with_index/1": ([t]) => L(withIndex(t, 0)),
    "with_index/2": ([t, o]) => L(withIndex(t, o)),
    "frequencies/1": ([t]) => frequencies(t),
    "intersperse/2": ([t, s]) => L(intersperse(t, s)),
    "into/2": ([s, t]) => into(s, t),
    "to_list/1": ([t]) => toList(t),
  },
};

