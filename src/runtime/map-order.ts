// The orders in which a map's entries come out, as on the BEAM (see term-hash.ts).
//
// Up to 32 keys a map is a sorted key array: every function sees its entries in map key order.
// Above 32 keys a map is a hash trie and two orders exist: :maps.to_list/1 (also keys,
// values, inspect and the Enumerable protocol) and the fold order of :maps.fold/3,
// :maps.iterator/1 and Enum.reduce/3, which is its reverse.
import { MapTerm } from "./map.js";
import { hashOrder, registerMapAccess } from "./term-hash.js";
import { mapKeyCompare } from "./term-order.js";
import type { Term } from "./term.js";

type Entry = [Term, Term];

const sortedCache = new WeakMap<MapTerm, Entry[]>();
const listCache = new WeakMap<MapTerm, Entry[]>();
const foldCache = new WeakMap<MapTerm, Entry[]>();

/** Entries in map key order (a small map's own order; also how maps compare). */
export function mapKeyOrder(m: MapTerm): Entry[] {
  let e = sortedCache.get(m);
  if (e === undefined) {
    e = [...m.entries.values()].sort((x, y) => mapKeyCompare(x[0], y[0]));
    sortedCache.set(m, e);
  }
  return e;
}

/** Entries as :maps.to_list/1 gives them. */
export function mapListOrder(m: MapTerm): Entry[] {
  if (m.size <= 32) return mapKeyOrder(m);
  let e = listCache.get(m);
  if (e === undefined) {
    e = mapFoldOrder(m).slice().reverse();
    listCache.set(m, e);
  }
  return e;
}

/** Entries as :maps.fold/3 and Enum.reduce/3 visit them. */
export function mapFoldOrder(m: MapTerm): Entry[] {
  if (m.size <= 32) return mapKeyOrder(m);
  let e = foldCache.get(m);
  if (e === undefined) {
    e = hashOrder([...m.entries.values()]);
    foldCache.set(m, e);
  }
  return e;
}

registerMapAccess(mapKeyOrder, (t): t is MapTerm => t instanceof MapTerm);
