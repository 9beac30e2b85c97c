// Double-double arithmetic's exact steps: a sum or a product of two doubles as an unevaluated
// pair (high, low) whose sum is the exact result (Dekker's and Knuth's error-free
// transformations). float-libm.ts and float-trig.ts build their ~2^-100 evaluations on them.

/** A number as high + low, |low| <= half an ulp of high. */
export type DD = [number, number];

/** 2^27 + 1: splits a double into two halves of 26 bits whose products are exact. */
export const SPLITTER = 134217729;

/** a + b exactly. */
export function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}

/** a + b exactly, when |a| >= |b|. */
export function quickTwoSum(a: number, b: number): DD {
  const s = a + b;
  return [s, b - (s - a)];
}

/** a * b exactly. */
export function twoProd(a: number, b: number): DD {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}
