// Elixir's Range module: new/2,3, size/1, disjoint?/2 (a literal port of 1.14's, quirks
// included), shift/2 and range?/1. Ranges are `%Range{first, last, step}` maps;
// enumerating them is done by the Enum natives (see enumerable.ts).
import type { NativeFn } from "../runtime/code.js";
import { argumentError } from "../runtime/errors.js";
import { inspect } from "../runtime/inspect.js";
import { MapTerm } from "../runtime/map.js";
import { Term, a, isInteger } from "../runtime/term.js";
import {
  Int, functionClause, iadd, imul, isRange, makeRange, rangeParts, rangeSize,
} from "./enumerable.js";

const fc = (fn: string, args: Term[]) => functionClause("Range", fn, args);
const big = (n: Int): bigint => BigInt(n);

function new2(first: Term, last: Term): Term {
  if (!isInteger(first) || !isInteger(last)) {
    throw argumentError(`ranges (first..last) expect both sides to be integers, got: ${inspect(first)}..${inspect(last)}`);
  }
  return makeRange(first, last, first <= last ? 1 : -1);
}

function new3(first: Term, last: Term, step: Term): Term {
  if (!isInteger(first) || !isInteger(last) || !isInteger(step) || step === 0) {
    throw argumentError(
      "ranges (first..last//step) expect both sides to be integers and the step to be a non-zero integer, got: " +
      `${inspect(first)}..${inspect(last)}//${inspect(step)}`,
    );
  }
  return makeRange(first, last, step);
}

/** Integer.extended_gcd/2 (as Elixir 1.14 computes it) on bigints. */
export function extendedGcd(a: bigint, b: bigint): [bigint, bigint, bigint] {
  if (a === 0n && b === 0n) return [0n, 0n, 0n];
  if (a === 0n) return [b, 0n, 1n];
  if (b === 0n) return [a, 1n, 0n];
  let [r1, r0, s1, s0, t1, t0] = [b, a, 0n, 1n, 1n, 0n];
  for (;;) {
    const d = r0 / r1;
    const r2 = r0 - d * r1;
    if (r2 === 0n) return r1 > 0n ? [r1, s1, t1] : [-r1, -s1, -t1];
    [r1, r0, s1, s0, t1, t0] = [r2, r1, s0 - d * s1, s1, t0 - d * t1, t1];
  }
}

function normalize(first: Int, last: Int, step: Int): [bigint, bigint, bigint] {
  return first > last ? [big(last), big(first), -big(step)] : [big(first), big(last), big(step)];
}

const bdiv = (x: bigint, y: bigint) => x / y; // Erlang div truncates like bigint division

function disjoint(r1: Term, r2: Term): boolean {
  if (!isRange(r1) || !isRange(r2)) throw fc("disjoint?", [r1, r2]);
  const p1 = rangeParts(r1), p2 = rangeParts(r2);
  if (rangeSize(p1) === 0 || rangeSize(p2) === 0) return true;
  const [f1, l1, s1] = normalize(p1.first, p1.last, p1.step);
  const [f2, l2, s2] = normalize(p2.first, p2.last, p2.step);
  if (l2 < f1 || l1 < f2) return true;
  const abs = (x: bigint) => (x < 0n ? -x : x);
  if (abs(s1) === 1n && abs(s2) === 1n) return false;
  const [gcd, u, v] = extendedGcd(-s1, s2);
  const c = f1 - f2 + s2 - s1;
  const t1 = (Number(-c) / Number(s1)) * Number(u);
  const t2 = (Number(-c) / Number(s2)) * Number(v);
  const t = BigInt(Math.max(Math.floor(t1) + 1, Math.floor(t2) + 1));
  const x = bdiv(c * u + t * s2, gcd) - 1n;
  const y = bdiv(c * v + t * s1, gcd) - 1n;
  return x < 0n || f1 + x * s1 > l1 || y < 0n || f2 + y * s2 > l2;
}

function shift(r: Term, n: Term): Term {
  if (!isRange(r) || !isInteger(n)) throw fc("shift", [r, n]);
  const { first, last, step } = rangeParts(r);
  return new3(iadd(first, imul(n, step)), iadd(last, imul(n, step)), step);
}

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.Range",
  fns: {
    "__struct__/0": () => MapTerm.fromPairs([[a("__struct__"), a("Elixir.Range")], [a("first"), null], [a("last"), null], [a("step"), null]]),
    "new/2": ([f, l]) => new2(f, l),
    "new/3": ([f, l, s]) => new3(f, l, s),
    "size/1": ([r]) => {
      if (!isRange(r)) throw fc("size", [r]);
      return rangeSize(rangeParts(r));
    },
    "disjoint?/2": ([r1, r2]) => disjoint(r1, r2),
    "shift/2": ([r, n]) => shift(r, n),
    "range?/1": ([r]) => isRange(r) && isInteger(r.get(a("first"))) && isInteger(r.get(a("last"))),
  },
};

