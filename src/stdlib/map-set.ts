// Elixir's MapSet (functions without fun arguments). A MapSet is
// `%MapSet{map: %{elem => []}, version: 2}` exactly as in Elixir 1.14, so pattern
// matching and Map.from_struct/1 see the same fields. Non-MapSets raise
// FunctionClauseError like the real clauses.
import type { NativeFn } from "../runtime/code.js";
import { MapTerm } from "../runtime/map.js";
import { NIL, Term, list } from "../runtime/term.js";
import {
  enumToArray, functionClause, isMapSet, lazyError, makeMapSet, mapSetFromMap, mapSetItems, mapSetMap, mapSetWith,
} from "./enumerable.js";

const fc = (fn: string, args: Term[]) => functionClause("MapSet", fn, args);

/** The inner map of a MapSet argument (FunctionClauseError in MapSet.fn otherwise). */
function inner(fn: string, args: Term[], s: Term): MapTerm {
  if (!isMapSet(s)) throw fc(fn, args);
  return mapSetMap(s);
}

/** MapSet.new/1 for any non-lazy enumerable. */
export function mapSetNew(t: Term): MapTerm {
  if (isMapSet(t)) return t;
  const xs = enumToArray(t);
  if (xs === null) throw lazyError(t);
  return makeMapSet(xs);
}

function both(fn: string, s1: Term, s2: Term): [MapTerm, MapTerm] {
  return [inner(fn, [s1, s2], s1), inner(fn, [s1, s2], s2)];
}

function filterKeys(m: MapTerm, keep: (k: Term) => boolean): MapTerm {
  return MapTerm.fromPairs([...m.entries.values()].filter(([k]) => keep(k)));
}

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.MapSet",
  fns: {
    "__struct__/0": () => makeMapSet([]),
    "new/0": () => makeMapSet([]),
    "new/1": ([t]) => mapSetNew(t),
    "put/2": ([s, x]) => mapSetWith(s, inner("put", [s, x], s).put(x, NIL)),
    "delete/2": ([s, x]) => {
      const m = inner("delete", [s, x], s);
      const d = m.delete(x);
      return d === m ? s : mapSetWith(s, d);
    },
    "member?/2": ([s, x]) => inner("member?", [s, x], s).has(x),
    "size/1": ([s]) => inner("size", [s], s).size,
    "to_list/1": ([s]) => (inner("to_list", [s], s), list(mapSetItems(s))),
    "union/2": ([s1, s2]) => {
      const [m1, m2] = both("union", s1, s2);
      return mapSetFromMap(m1.putMany(m2.entries.values()));
    },
    "intersection/2": ([s1, s2]) => {
      const [m1, m2] = both("intersection", s1, s2);
      return mapSetFromMap(filterKeys(m1, (k) => m2.has(k)));
    },
    "difference/2": ([s1, s2]) => {
      const [m1, m2] = both("difference", s1, s2);
      return mapSetFromMap(filterKeys(m1, (k) => !m2.has(k)));
    },
    "symmetric_difference/2": ([s1, s2]) => {
      const [m1, m2] = both("symmetric_difference", s1, s2);
      return mapSetFromMap(filterKeys(m1, (k) => !m2.has(k)).putMany(filterKeys(m2, (k) => !m1.has(k)).entries.values()));
    },
    "subset?/2": ([s1, s2]) => {
      const [m1, m2] = both("subset?", s1, s2);
      return m1.size <= m2.size && [...m1.entries.values()].every(([k]) => m2.has(k));
    },
    "disjoint?/2": ([s1, s2]) => {
      const [m1, m2] = both("disjoint?", s1, s2);
      return [...m1.entries.values()].every(([k]) => !m2.has(k));
    },
    "equal?/2": ([s1, s2]) => {
      const [m1, m2] = both("equal?", s1, s2);
      return m1.size === m2.size && [...m1.entries.values()].every(([k]) => m2.has(k));
    },
  },
};
