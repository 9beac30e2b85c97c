// A bounded estimate of how many machine words a term occupies on a BEAM heap, used for a
// process's memory (inspection.ts). It visits at most `budget` nodes so measuring thousands
// of processes stays cheap; anything past the budget is not counted (the figure is a floor).
import { Fun } from "./fun.js";
import { MapTerm } from "./map.js";
import { Bin, Cons, Float, Term } from "./term.js";

export const WORD = 8;

/** Words for `t` (BEAM-like: immediates 1, cons 2 per cell, tuple 1 + n, boxed float 3). */
export function termWords(t: Term, budget = 64): number {
  const stack: Term[] = [t];
  let words = 0;
  let visited = 0;
  while (stack.length > 0 && visited < budget) {
    const x = stack.pop();
    visited++;
    words += shallowWords(x, stack);
  }
  return words;
}

/** Words of the node itself; pushes its children on `stack`. */
function shallowWords(x: Term, stack: Term[]): number {
  if (x === null || x === undefined || typeof x !== "object") return typeof x === "string" ? binaryWords(x.length) : bigWords(x);
  if (x instanceof Cons) {
    stack.push(x.h, x.t);
    return 2;
  }
  if (Array.isArray(x)) {
    for (const e of x) stack.push(e);
    return 1 + x.length;
  }
  if (x instanceof Float) return 3;
  if (x instanceof Bin) return binaryWords(x.bytes.length);
  if (x instanceof MapTerm) {
    let n = 0;
    for (const [k, v] of x.entries.values()) {
      stack.push(k, v);
      n++;
    }
    return 3 + 2 * n;
  }
  if (x instanceof Fun) {
    for (const e of x.env) stack.push(e);
    return 4 + x.env.length;
  }
  return 1;
}

/** Heap binaries up to 64 bytes live inline; larger ones are reference-counted (6 words). */
function binaryWords(bytes: number): number {
  return bytes <= 64 ? 3 + Math.ceil(bytes / WORD) : 6;
}

function bigWords(x: Term): number {
  return typeof x === "bigint" ? 2 + Math.ceil(x.toString(16).length / 16) : 1;
}
