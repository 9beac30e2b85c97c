// Erlang's :maps module (functions without fun arguments). Argument order is Erlang's
// (key first, map last); errors are BadMapError / KeyError (Elixir's view of
// {badmap, T} and {badkey, K}) and BIF-style ArgumentErrors.
import type { NativeFn } from "../runtime/code.js";
import { MapTerm, EMPTY_MAP } from "../runtime/map.js";
import { badArgs, keyError } from "../runtime/errors.js";
import { fce } from "../runtime/arith.js";
import { Fun } from "../runtime/fun.js";
import { a, Cons, NIL, Term, list, listToArray } from "../runtime/term.js";
import { asMap, entries, fromPairs } from "./map.js";
import { mapFoldOrder } from "../runtime/map-order.js";

const OK = a("ok");
const ERROR = a("error");

function keyList(t: Term): Term[] {
  const xs = t === NIL || t instanceof Cons ? listToArray(t) : null;
  if (xs === null) throw badArgs([[1, "not a list"]]);
  return xs;
}

function get(k: Term, m: Term): Term {
  const v = asMap(m).get(k);
  if (v === undefined) throw keyError(k, m);
  return v;
}

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "maps",
  fns: {
    "new/0": () => EMPTY_MAP,
    "get/2": ([k, m]) => get(k, m),
    "get/3": ([k, m, d]) => asMap(m).get(k) ?? (asMap(m).has(k) ? null : d),
    "find/2": ([k, m]) => {
      const v = asMap(m).get(k);
      return v === undefined ? ERROR : [OK, v];
    },
    "is_key/2": ([k, m]) => asMap(m).has(k),
    "put/3": ([k, v, m]) => asMap(m).put(k, v),
    "update/3": ([k, v, m]) => {
      get(k, m);
      return m.put(k, v);
    },
    "remove/2": ([k, m]) => asMap(m).delete(k),
    "take/2": ([k, m]) => {
      const v = asMap(m).get(k);
      return v === undefined ? ERROR : [v, m.delete(k)];
    },
    "keys/1": ([m]) => list(entries(asMap(m)).map((e) => e[0])),
    "values/1": ([m]) => list(entries(asMap(m)).map((e) => e[1])),
    "to_list/1": ([m]) => list(entries(asMap(m)).map(([k, v]) => [k, v])),
    // The pairs in the order maps:fold/3 and maps:next/1 visit them (the prelude's :maps
    // walks with it): above 32 keys the reverse of to_list/1's (see map-order.ts).
    "__fold_list__/1": ([m]) => list(mapFoldOrder(asMap(m)).map(([k, v]) => [k, v])),
    "from_list/1": ([l]) => fromPairs(l),
    "from_keys/2": ([ks, v]) => {
      // (a list that does not end in [] is "not a proper list", as erl_stdlib_errors says)
      if (ks instanceof Cons && listToArray(ks) === null) throw badArgs([[1, "not a proper list"]]);
      return MapTerm.fromPairs(keyList(ks).map((k) => [k, v] as [Term, Term]));
    },
    "size/1": ([m]) => asMap(m).size,
    "merge/2": ([m1, m2]) => asMap(m1).putMany(asMap(m2).entries.values()),
    "without/2": ([ks, m]) => {
      let map = asMap(m);
      if (ks !== NIL && !(ks instanceof Cons)) throw badArgs([[1, "not a list"]]);
      // (maps.erl folds maps:remove/2 over the keys with lists:foldl/3: an improper tail
      // fails its loop, given the map so far)
      let l = ks;
      for (; l instanceof Cons; l = l.t) map = map.delete(l.h);
      if (l !== NIL) throw fce("lists", "foldl_1", [new Fun(2, null, [], a("maps"), a("remove")), map, l]);
      return map;
    },
    "with/2": ([ks, m]) => {
      const map = asMap(m);
      if (ks !== NIL && !(ks instanceof Cons)) throw badArgs([[1, "not a list"]]);
      const pairs: [Term, Term][] = [];
      let l = ks;
      for (; l instanceof Cons; l = l.t) if (map.has(l.h)) pairs.push([l.h, map.get(l.h)]);
      // (maps.erl's with_1/2 walks the keys: an improper tail matches none of its clauses)
      if (l !== NIL) throw fce("maps", "with_1", [l, map]);
      return MapTerm.fromPairs(pairs);
    },
    "intersect/2": ([m1, m2]) => {
      const x = asMap(m1), y = asMap(m2);
      return MapTerm.fromPairs([...y.entries.values()].filter(([k]) => x.has(k)));
    },
  },
};
