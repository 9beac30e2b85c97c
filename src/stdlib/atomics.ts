// :atomics and :counters: fixed-size arrays of 64-bit integers shared by every process that
// holds the reference. On the BEAM the array lives outside any process heap and every
// operation is atomic; beamsh's scheduler runs one process at a time, so plain typed arrays
// give the same results. Arithmetic wraps around as the hardware's does (a typed array's
// store keeps the value modulo 2^64): signed arrays
// (the default) hold -2^63..2^63-1, unsigned ones 0..2^64-1.
//
// An :atomics reference is a reference term; a :counters reference is `{:atomics, ref}` or
// `{:write_concurrency, ref}` as OTP's counters module returns. Bad arguments give the
// per-argument explanations OTP 25's erl_erts_errors gives.
import type { NativeFn, ProcLike } from "../runtime/code.js";
import { arithmeticError, badArgs, raise } from "../runtime/errors.js";
import { MapTerm } from "../runtime/map.js";
import { availableParallelism } from "node:os";
import { Atom, Cons, Float, NIL, Ref, Term, a, isInteger, listToArray } from "../runtime/term.js";

interface AtomicArray {
  readonly signed: boolean;
  readonly cells: BigInt64Array | BigUint64Array;
  /** Made by counters:new/2 with [:write_concurrency] (only its memory is told differently). */
  readonly writeConcurrency: boolean;
}

const arrays = new WeakMap<object, Map<number, AtomicArray>>();

function arraysOf(p: ProcLike): Map<number, AtomicArray> {
  let m = arrays.get(p.rt);
  if (m === undefined) arrays.set(p.rt, (m = new Map()));
  return m;
}

const MIN_SIGNED = -(1n << 63n);
const MAX_SIGNED = (1n << 63n) - 1n;
const MAX_UNSIGNED = (1n << 64n) - 1n;
/** Any integer an add may be given: the BEAM takes a signed or an unsigned 64-bit word. */
const MIN_INCR = MIN_SIGNED;
const MAX_INCR = MAX_UNSIGNED;

const BAD_REF = "invalid atomics reference";
const RANGE = "out of range";
const NOT_INTEGER = "not an integer";

const toTerm = (n: bigint): Term => (n >= -(2n ** 53n) + 1n && n <= 2n ** 53n - 1n ? Number(n) : n);

function lookup(p: ProcLike, ref: Term): AtomicArray | undefined {
  return ref instanceof Ref && ref.node === null ? arraysOf(p).get(ref.id) : undefined;
}

function intIn(t: Term, min: bigint, max: bigint): string | null {
  if (!isInteger(t)) return NOT_INTEGER;
  const n = BigInt(t as number | bigint);
  return n < min || n > max ? RANGE : null;
}
const posInt = (t: Term): string | null => intIn(t, 1n, MAX_UNSIGNED * MAX_UNSIGNED);

/** Throws erl_erts_errors' explanation when any argument is wrong (`null` verdicts are fine). */
function fail(verdicts: (string | null)[]): never {
  throw badArgs(verdicts.flatMap((v, i): [number, string][] => (v === null ? [] : [[i + 1, v]])));
}

const limits = (arr: AtomicArray): [bigint, bigint] => (arr.signed ? [MIN_SIGNED, MAX_SIGNED] : [0n, MAX_UNSIGNED]);

/**
 * The array and the 0-based cell for (ref, index) when the value is acceptable to it
 * (`valueRange` "value": within the array's limits; "incr": any 64-bit word).
 */
function cell(p: ProcLike, ref: Term, index: Term, values: Term[], valueRange: "value" | "incr"): [AtomicArray, number] {
  const arr = lookup(p, ref);
  if (arr === undefined) fail([BAD_REF, posInt(index), ...values.map((v) => (isInteger(v) ? null : NOT_INTEGER))]);
  const [min, max] = valueRange === "value" ? limits(arr) : [MIN_INCR, MAX_INCR];
  const verdicts = [null, intIn(index, 1n, BigInt(arr.cells.length)), ...values.map((v) => intIn(v, min, max))];
  if (verdicts.some((v) => v !== null)) fail(verdicts);
  return [arr, Number(index) - 1];
}

const big = (t: Term): bigint => BigInt(t as number | bigint);

function newArray(p: ProcLike, size: Term, signed: boolean, writeConcurrency: boolean, kind: "atomics" | "counters"): Ref {
  let cells: BigInt64Array | BigUint64Array;
  try {
    cells = signed ? new BigInt64Array(Number(size)) : new BigUint64Array(Number(size));
  } catch {
    // (with the BIF's error_info, as erl_erts_errors explains a system_limit)
    throw raise("SystemLimitError", {
      message: `a system limit has been reached due to errors at the given arguments:\n\n  * 1st argument: ${kind} array size reached a system limit\n`,
    });
  }
  const ref = p.rt.newRef();
  arraysOf(p).set(ref.id, { signed, cells, writeConcurrency });
  return ref;
}

/** atomics:new/2's options: [{signed, boolean}]; null when they are not acceptable. */
function signedOption(opts: Term): boolean | null {
  const items = listToArray(opts);
  if (items === null) return null;
  let signed = true;
  for (const o of items) {
    if (!Array.isArray(o) || o.length !== 2 || o[0] !== a("signed") || typeof o[1] !== "boolean") return null;
    signed = o[1] === true;
  }
  return signed;
}

/** The verdict on an option list found wrong (erl_erts_errors' must_be_list(_, bad_option)). */
function badOptions(opts: Term): string {
  if (opts !== NIL && !(opts instanceof Cons)) return "not a list";
  return listToArray(opts) === null ? "not a proper list" : "invalid option in list";
}

function info(arr: AtomicArray): Term {
  const n = arr.cells.length;
  if (arr.writeConcurrency) {
    // one cache line of 8 counters per scheduler and one more, as erl_bif_counters lays them out
    const lines = Math.ceil(n / 8) * (availableParallelism() + 1);
    return MapTerm.fromPairs([[a("memory"), 32 + 64 * lines], [a("size"), n]]);
  }
  const [min, max] = limits(arr);
  return MapTerm.fromPairs([[a("max"), toTerm(max)], [a("memory"), 40 + 8 * n], [a("min"), toTerm(min)], [a("size"), n]]);
}

const atomics: Record<string, NativeFn> = {
  "new/2": ([size, opts], p) => {
    const signed = signedOption(opts);
    if (signed === null) fail([posInt(size), badOptions(opts)]);
    const sizeError = posInt(size);
    if (sizeError !== null) fail([sizeError]);
    return newArray(p, size, signed, false, "atomics");
  },
  "get/2": ([ref, ix], p) => {
    const [arr, i] = cell(p, ref, ix, [0], "value");
    return toTerm(arr.cells[i]!);
  },
  "put/3": ([ref, ix, v], p) => {
    const [arr, i] = cell(p, ref, ix, [v], "value");
    arr.cells[i] = big(v);
    return a("ok");
  },
  "add/3": ([ref, ix, v], p) => {
    const [arr, i] = cell(p, ref, ix, [v], "incr");
    arr.cells[i] = arr.cells[i]! + big(v);
    return a("ok");
  },
  "add_get/3": ([ref, ix, v], p) => {
    const [arr, i] = cell(p, ref, ix, [v], "incr");
    arr.cells[i] = arr.cells[i]! + big(v);
    return toTerm(arr.cells[i]!);
  },
  "sub/3": ([ref, ix, v], p) => {
    const [arr, i] = cell(p, ref, ix, [v], "incr");
    arr.cells[i] = arr.cells[i]! - big(v);
    return a("ok");
  },
  "sub_get/3": ([ref, ix, v], p) => {
    const [arr, i] = cell(p, ref, ix, [v], "incr");
    arr.cells[i] = arr.cells[i]! - big(v);
    return toTerm(arr.cells[i]!);
  },
  "exchange/3": ([ref, ix, v], p) => {
    const [arr, i] = cell(p, ref, ix, [v], "value");
    const old = arr.cells[i]!;
    arr.cells[i] = big(v);
    return toTerm(old);
  },
  "compare_exchange/4": ([ref, ix, expected, desired], p) => {
    const [arr, i] = cell(p, ref, ix, [expected, desired], "value");
    const old = arr.cells[i]!;
    if (old !== big(expected)) return toTerm(old);
    arr.cells[i] = big(desired);
    return a("ok");
  },
  "info/1": ([ref], p) => {
    const arr = lookup(p, ref);
    if (arr === undefined || arr.writeConcurrency) fail([BAD_REF]);
    return info(arr);
  },
};

/** The reference inside a counters reference, if it is one. */
function countersArray(p: ProcLike, ref: Term): AtomicArray | undefined {
  if (!Array.isArray(ref) || ref.length !== 2 || !(ref[0] instanceof Atom)) return undefined;
  const arr = lookup(p, ref[1]!);
  if (arr === undefined) return undefined;
  return (ref[0] === a("write_concurrency")) === arr.writeConcurrency && (ref[0] === a("atomics") || ref[0] === a("write_concurrency")) ? arr : undefined;
}

/** The cell of a counters operation, judged as erl_erts_errors judges counters' arguments. */
function counter(p: ProcLike, ref: Term, ix: Term, v: Term, range: "value" | "incr"): [AtomicArray, number] {
  const arr = countersArray(p, ref);
  if (arr === undefined) fail([BAD_REF, posInt(ix), isInteger(v) ? null : NOT_INTEGER]);
  const ixError = intIn(ix, 1n, BigInt(arr.cells.length));
  if (ixError !== null) fail([null, ixError]);
  const [min, max] = range === "value" ? limits(arr) : [MIN_INCR, MAX_INCR];
  if (!isInteger(v)) fail([null, null, NOT_INTEGER]);
  if (big(v) < min || big(v) > max) fail([null, null, RANGE]);
  return [arr, Number(ix) - 1];
}

const counters: Record<string, NativeFn> = {
  "new/2": ([size, opts], p) => {
    const items = listToArray(opts);
    const ok = items !== null && (items.length === 0 || (items.length === 1 && (items[0] === a("atomics") || items[0] === a("write_concurrency"))));
    if (!ok) fail([posInt(size), badOptions(opts)]);
    const sizeError = posInt(size);
    if (sizeError !== null) fail([sizeError]);
    const wc = items[0] === a("write_concurrency");
    return [a(wc ? "write_concurrency" : "atomics"), newArray(p, size, true, wc, "counters")];
  },
  "get/2": ([ref, ix], p) => {
    const [arr, i] = counter(p, ref, ix, 0, "value");
    return toTerm(arr.cells[i]!);
  },
  "add/3": ([ref, ix, v], p) => {
    const [arr, i] = counter(p, ref, ix, v, "incr");
    arr.cells[i] = arr.cells[i]! + big(v);
    return a("ok");
  },
  "sub/3": ([ref, ix, v], p) => {
    // counters:sub negates the decrement before adding it: a non-number fails that negation,
    // and the range is add's mirrored
    if (!isInteger(v) && !(v instanceof Float)) throw arithmeticError();
    const [arr, i] = counter(p, ref, ix, isInteger(v) ? toTerm(-big(v)) : v, "incr");
    arr.cells[i] = arr.cells[i]! - big(v);
    return a("ok");
  },
  "put/3": ([ref, ix, v], p) => {
    const [arr, i] = counter(p, ref, ix, v, "value");
    arr.cells[i] = big(v);
    return a("ok");
  },
  "info/1": ([ref], p) => {
    const arr = countersArray(p, ref);
    if (arr === undefined) fail([BAD_REF]);
    return info(arr);
  },
};

export const natives: { module: string; fns: Record<string, NativeFn> }[] = [
  { module: "atomics", fns: atomics },
  { module: "counters", fns: counters },
];
