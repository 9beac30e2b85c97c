// :persistent_term: a runtime-wide store of terms by key, for values read often and written
// rarely (each runtime has its own store, as each BEAM node has).
import type { NativeFn, ProcLike } from "../runtime/code.js";
import { badArgs } from "../runtime/errors.js";
import { MapTerm, keyOf } from "../runtime/map.js";
import type { Runtime } from "../runtime/runtime.js";
import { Term, a, list } from "../runtime/term.js";
import { Cons, byteSize, isBinary } from "../runtime/term.js";

/** Roughly the words a term takes on a BEAM heap (for info/0's memory). */
function words(t: Term): number {
  if (Array.isArray(t)) return t.reduce((n: number, x: Term) => n + words(x), 1 + t.length);
  if (t instanceof Cons) return 2 + words(t.h) + words(t.t);
  if (t instanceof MapTerm) return [...t.entries.values()].reduce((n, [k, v]) => n + words(k) + words(v), 3);
  if (isBinary(t)) return 3 + Math.ceil(byteSize(t) / 8);
  return 1;
}

const storeOf = (p: ProcLike): Map<unknown, [Term, Term]> => (p.rt as Runtime).persistentTerms;

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "persistent_term",
  fns: {
    "put/2": ([k, v], p) => {
      storeOf(p).set(keyOf(k), [k, v]);
      return a("ok");
    },
    "get/1": ([k], p) => {
      const e = storeOf(p).get(keyOf(k));
      if (e === undefined) throw badArgs([[1, "no persistent term stored with this key"]]);
      return e[1];
    },
    "get/2": ([k, d], p) => storeOf(p).get(keyOf(k))?.[1] ?? d,
    "get/0": (_, p) => list([...storeOf(p).values()].map(([k, v]) => [k, v])),
    "erase/1": ([k], p) => storeOf(p).delete(keyOf(k)),
    "info/0": (_, p) => {
      const s = storeOf(p);
      let total = 0;
      for (const [k, v] of s.values()) total += words(k) + words(v) + 3;
      return MapTerm.fromPairs([[a("count"), s.size], [a("memory"), total * 8]]);
    },
  },
};
