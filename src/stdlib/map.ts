// Elixir's Map module (functions without fun arguments). Non-maps raise BadMapError as
// the underlying :maps BIFs do; missing keys in the bang variants raise KeyError.
import type { NativeFn } from "../runtime/code.js";
import { MapTerm, EMPTY_MAP } from "../runtime/map.js";
import { BeamError, badMap, keyError, raisedKeyError, argumentError, badArgs } from "../runtime/errors.js";
import { calledBifError } from "../runtime/ops.js";
import { strictEquals } from "../runtime/term-order.js";
import { a, Cons, NIL, Term, list, listToArray } from "../runtime/term.js";
import { STRUCT, enumToArray, functionClause, isStruct, lazyError, mapEntries } from "./enumerable.js";

const OK = a("ok");
const ERROR = a("error");
const isList = (t: Term) => t === NIL || t instanceof Cons;

/** The map argument, or BadMapError. */
export function asMap(t: Term): MapTerm {
  if (!(t instanceof MapTerm)) throw badMap(t);
  return t;
}

/**
 * The map argument, or the BadMapError of the BIF Elixir's function calls with it (its
 * entry, with its arguments, shows above the function's: :maps.take(key, map)).
 */
function mapIn(t: Term, mod: string, fun: string, args: Term[]): MapTerm {
  if (!(t instanceof MapTerm)) throw inBif(badMap(t), mod, fun, args);
  return t;
}

function inBif(e: BeamError, mod: string, fun: string, args: Term[]): BeamError {
  return calledBifError(e, fun, args, mod);
}

/** Entries of a map in map key order (the order Elixir enumerates small maps in). */
export function entries(m: MapTerm): [Term, Term][] {
  return mapEntries(m);
}

/** An enumerable of keys (Map.drop/take/split): lists directly, anything else enumerated. */
function keysOf(t: Term): Term[] {
  const xs = enumToArray(t);
  if (xs === null) throw lazyError(t);
  return xs;
}

/** maps:from_list/1: pairs as {k, v} tuples (later keys win). */
export function fromPairs(t: Term): MapTerm {
  try {
    return pairsToMap(t);
  } catch (e) {
    throw e instanceof BeamError ? inBif(e, "maps", "from_list", [t]) : e;
  }
}

function pairsToMap(t: Term): MapTerm {
  const xs = isList(t) ? listToArray(t) : null;
  if (xs === null) throw badArgs([[1, isList(t) ? "not a proper list" : "not a list"]]);
  for (const x of xs) if (!Array.isArray(x) || x.length !== 2) throw argumentError();
  return MapTerm.fromPairs(xs as [Term, Term][]);
}

function mapNew(t: Term): MapTerm {
  if (t instanceof MapTerm && !isStruct(t)) return t;
  if (isList(t)) return fromPairs(t);
  const xs = enumToArray(t);
  if (xs === null) throw lazyError(t);
  return fromPairs(list(xs));
}

function fetchBang(m: Term, k: Term): Term {
  const v = asMap(m).get(k);
  if (v === undefined) throw keyError(k, m);
  return v;
}

function take(m: Term, keys: Term): MapTerm {
  const map = asMap(m);
  const pairs: [Term, Term][] = [];
  for (const k of keysOf(keys)) {
    const v = map.get(k);
    if (v !== undefined) pairs.push([k, v]);
  }
  return MapTerm.fromPairs(pairs);
}

function drop(m: Term, keys: Term): MapTerm {
  let map = asMap(m);
  for (const k of keysOf(keys)) map = map.delete(k);
  return map;
}

function pop(m: Term, k: Term, d: Term): Term {
  const map = mapIn(m, "maps", "take", [k, m]);
  const v = map.get(k);
  return v === undefined ? [d, map] : [v, map.delete(k)];
}

function replaceBang(m: Term, k: Term, v: Term): MapTerm {
  const map = asMap(m);
  if (!map.has(k)) throw keyError(k, m);
  return map.put(k, v);
}

/** maps:from_keys/2 (Elixir's Map.from_keys/2 calls it). */
function fromKeys(keys: Term, v: Term): MapTerm {
  const xs = isList(keys) ? listToArray(keys) : null;
  if (xs === null) throw inBif(badArgs([[1, keys instanceof Cons ? "not a proper list" : "not a list"]]), "maps", "from_keys", [keys, v]);
  return MapTerm.fromPairs(xs.map((k) => [k, v] as [Term, Term]));
}

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.Map",
  fns: {
    "new/0": () => EMPTY_MAP,
    "new/1": ([t]) => mapNew(t),
    // (get/2 is get/3 with its default: erlang:error/2 gives get/3's three arguments)
    "get/2": ([m, k]) => mapIn(m, "Elixir.Map", "get", [m, k, null]).get(k) ?? null,
    "get/3": ([m, k, d]) => {
      const v = asMap(m).get(k);
      return v === undefined ? d : v;
    },
    "fetch/2": ([m, k]) => {
      const v = asMap(m).get(k);
      return v === undefined ? ERROR : [OK, v];
    },
    "fetch!/2": ([m, k]) => fetchBang(m, k),
    "put/3": ([m, k, v]) => asMap(m).put(k, v),
    "put_new/3": ([m, k, v]) => (asMap(m).has(k) ? m : m.put(k, v)),
    "delete/2": ([m, k]) => asMap(m).delete(k),
    "drop/2": ([m, ks]) => drop(m, ks),
    "take/2": ([m, ks]) => take(m, ks),
    "keys/1": ([m]) => list(entries(asMap(m)).map((e) => e[0])),
    "values/1": ([m]) => list(entries(asMap(m)).map((e) => e[1])),
    "to_list/1": ([m]) => list(entries(asMap(m)).map(([k, v]) => [k, v])),
    "merge/2": ([m1, m2]) => asMap(m1).putMany(asMap(m2).entries.values()),
    "has_key?/2": ([m, k]) => asMap(m).has(k),
    "pop/2": ([m, k]) => pop(m, k, null),
    "pop/3": ([m, k, d]) => pop(m, k, d),
    "pop!/2": ([m, k]) => {
      const v = mapIn(m, "maps", "take", [k, m]).get(k);
      if (v === undefined) throw raisedKeyError(k, m);
      return [v, (m as MapTerm).delete(k)];
    },
    "replace/3": ([m, k, v]) => (asMap(m).has(k) ? m.put(k, v) : m),
    "replace!/3": ([m, k, v]) => replaceBang(m, k, v),
    "split/2": ([m, ks]) => {
      const taken = take(m, ks);
      return [taken, drop(m, list([...taken.entries.values()].map((e) => e[0])))];
    },
    "size/1": ([m]) => mapIn(m, "erlang", "map_size", [m]).size,
    "from_keys/2": ([ks, v]) => fromKeys(ks, v),
  },
};
