// MapTerm: Elixir maps (and structs). Immutable from the outside: every update returns a
// new MapTerm. Keys are compared with Erlang's exact equality (1 and 1.0 are different keys).
//
// Invariant: `entries` is keyed by `keyOf(k)`: JS primitives (safe integers, UTF-8 binaries
// that do not start with "\0", booleans, null), interned Atom objects and bigints are their
// own key; every other term is encoded as a canonical string starting with "\0".
import { Fun } from "./fun.js";
// A walk over a big map (building, listing, sorting its entries) runs inside one native
// call: each step lets a Ctrl+C in now and then.
import { pollStep as step } from "./heap-room.js";
import { Atom, Bin, Cons, EmptyList, Float, Pid, Port, Ref, Term, NIL, pidKey, refKey } from "./term.js";

type Entry = [Term, Term];

// ---- the persistent hash trie ----------------------------------------------------------
//
// Maps are immutable values, so an update must leave the old map intact. A copy of the
// whole table per update made building a map with Map.put in a loop quadratic (20,000 puts
// took half a minute); a hash array mapped trie (Bagwell) shares all but one path: an
// update copies at most ~7 small nodes. Its nodes are laid out as CHAMP's (Steindorfer and
// Vinju, 2015): a node keeps its entries inline, three slots each, ahead of its sub-nodes,
// with one bitmap saying which of the 32 hash slots hold an entry and another which hold a
// sub-node. No object per entry: a put allocates only the copied path, and a lookup reads
// the key and value from the last node it reaches (a lookup in a big map is bound by the
// memory it touches).

/**
 * `[datamap, nodemap, k0, key0, v0, k1, key1, v1, ..., sub0, sub1, ...]`: entry i (the i-th
 * bit of datamap) is its key as keyOf gives it, the key as given and the value, at
 * 2 + 3i; sub-node j (the j-th bit of nodemap) follows the entries. One array per node
 * (not a node and its arrays): half as many pointers to chase.
 */
type Node = unknown[];

/** Entries whose keys share a full hash, as flat triples (k, key, v): a sub-node of its own. */
class Collision {
  constructor(
    readonly h: number,
    readonly e: unknown[],
  ) {}
}

/**
 * A node of `len` slots with these bitmaps, its other slots to be filled by the caller.
 * Made at its final size (growing an array by pushes reallocates it, leaving the old
 * store and the new one's spare room to the collector). Every node's array holds any value
 * (V8's HOLEY_ELEMENTS, from the object stored first): a node made of small integers only
 * would otherwise be an array of another kind (of doubles even, when a bitmap has bit 31),
 * and lookups would meet several kinds of array, each read slower (a double read boxed).
 */
function newNode(datamap: number, nodemap: number, len: number): Node {
  const n: Node = new Array(len);
  n[0] = n;
  n[0] = datamap;
  n[1] = nodemap;
  return n;
}

const EMPTY_NODE: Node = newNode(0, 0, 2);

/** The most keys a map keeps flat (BEAM's small maps hold up to 32). */
const FLAT_MAX = 32;

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return (x * 0x01010101) >>> 24;
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * A 32-bit integer key's hash: its low 20 bits as four 5-bit digits in reverse order, then
 * the rest. The trie takes a hash five bits at a time from its low end, so keys that differ
 * only in their low bits (consecutive integers) share their path down to the last level: a
 * walk over such keys in order finds the nodes it needs in the cache, and a range of keys
 * makes full, balanced nodes (200,000 lookups in order in a 200,000-key map: 24 ms of CPU
 * against 190 with a mixing hash; in random order 150 against 195; 200,000 puts 130 against
 * 310). Distinct keys keep distinct hashes (a bijection), so 32-bit integers never collide.
 */
function intHash(k: number): number {
  return (((k & 31) << 15) | (((k >>> 5) & 31) << 10) | (((k >>> 10) & 31) << 5) | ((k >>> 15) & 31) | ((k >>> 20) << 20)) >>> 0;
}

/** Hash of a key as produced by keyOf (primitives and interned atoms). */
function hashKey(k: unknown): number {
  switch (typeof k) {
    case "number":
      return (k | 0) === k ? intHash(k) : hashString(String(k));
    case "string":
      return hashString(k);
    case "bigint":
      // (hex text: decimal conversion is quadratic in the number's size)
      return hashString(k.toString(16));
    case "boolean":
      return k ? 0x9e3779b9 : 0x7f4a7c15;
  }
  if (k === null) return 0x2545f491;
  const atom = k as Atom;
  let h = atom.mapHash;
  if (h < 0) h = atom.mapHash = hashString("atom:" + atom.name);
  return h;
}

/** The value of key `k` (hash `h`), or undefined. */
function find(node: Node, h: number, k: unknown): Term | undefined {
  let shift = 0;
  for (;;) {
    const bit = 1 << ((h >>> shift) & 31);
    const datamap = node[0] as number;
    if ((datamap & bit) !== 0) {
      const at = 2 + 3 * popcount(datamap & (bit - 1));
      return node[at] === k ? (node[at + 2] as Term) : undefined;
    }
    const nodemap = node[1] as number;
    if ((nodemap & bit) === 0) return undefined;
    const c = node[2 + 3 * popcount(datamap) + popcount(nodemap & (bit - 1))];
    if (c instanceof Collision) {
      const e = c.e;
      for (let i = 0; i < e.length; i += 3) if (e[i] === k) return e[i + 2] as Term;
      return undefined;
    }
    node = c as Node;
    shift += 5;
  }
}

/** A sub-node at `shift` holding two entries (different keys). */
function pair(k1: unknown, h1: number, t1: Term, v1: Term, k2: unknown, h2: number, t2: Term, v2: Term, shift: number): Node | Collision {
  if (h1 === h2) return new Collision(h1, [k1, t1, v1, k2, t2, v2]);
  const i1 = (h1 >>> shift) & 31;
  const i2 = (h2 >>> shift) & 31;
  if (i1 === i2) {
    const n = newNode(0, 1 << i1, 3);
    n[2] = pair(k1, h1, t1, v1, k2, h2, t2, v2, shift + 5);
    return n;
  }
  const n = newNode((1 << i1) | (1 << i2), 0, 8);
  const [a, b] = i1 < i2 ? [2, 5] : [5, 2];
  n[a] = k1;
  n[a + 1] = t1;
  n[a + 2] = v1;
  n[b] = k2;
  n[b + 1] = t2;
  n[b + 2] = v2;
  return n;
}

/** Set by insert: whether the entry was added (else it replaced the value of the same key). */
let grew = false;

/** `node` with the entry (k, key, v) added or replacing the one of the same key; `grew` says which. */
function insert(node: Node, h: number, k: unknown, key: Term, v: Term, shift: number): Node {
  const bit = 1 << ((h >>> shift) & 31);
  const datamap = node[0] as number;
  const nodemap = node[1] as number;
  const len = node.length;
  if ((datamap & bit) !== 0) {
    const at = 2 + 3 * popcount(datamap & (bit - 1));
    const k0 = node[at];
    if (k0 === k) {
      const n = node.slice();
      n[at + 1] = key;
      n[at + 2] = v;
      return n;
    }
    // Two keys in one slot: the entry goes down into a new sub-node with the new one.
    grew = true;
    const sub = pair(k0, hashKey(k0), node[at + 1] as Term, node[at + 2] as Term, k, h, key, v, shift + 5);
    const subAt = 2 + 3 * popcount(datamap) - 3 + popcount(nodemap & (bit - 1));
    // (the entries after it move up three slots; the sub-node goes in among the sub-nodes)
    const n = newNode(datamap & ~bit, nodemap | bit, len - 2);
    for (let i = 2; i < at; i++) n[i] = node[i];
    for (let i = at + 3; i < subAt + 3; i++) n[i - 3] = node[i];
    n[subAt] = sub;
    for (let i = subAt + 3; i < len; i++) n[i - 2] = node[i];
    return n;
  }
  if ((nodemap & bit) !== 0) {
    const at = 2 + 3 * popcount(datamap) + popcount(nodemap & (bit - 1));
    const c = node[at];
    const n = node.slice();
    n[at] = c instanceof Collision ? collisionPut(c, k, key, v) : insert(c as Node, h, k, key, v, shift + 5);
    return n;
  }
  // A free slot: the entry goes in (copied by hand: slice + splice costs twice as much).
  grew = true;
  const at = 2 + 3 * popcount(datamap & (bit - 1));
  const n = newNode(datamap | bit, nodemap, len + 3);
  for (let i = 2; i < at; i++) n[i] = node[i];
  n[at] = k;
  n[at + 1] = key;
  n[at + 2] = v;
  for (let i = at; i < len; i++) n[i + 3] = node[i];
  return n;
}

function collisionPut(c: Collision, k: unknown, key: Term, v: Term): Collision {
  const e = c.e.slice();
  for (let i = 0; i < e.length; i += 3)
    if (e[i] === k) {
      e[i + 1] = key;
      e[i + 2] = v;
      return new Collision(c.h, e);
    }
  e.push(k, key, v);
  grew = true;
  return new Collision(c.h, e);
}

/**
 * `node` without key `k` (the same node when absent). A sub-node left with a single entry
 * and no sub-nodes gives the entry back to its parent (so a trie has one shape per set of
 * keys); the root may be left empty.
 */
function remove(node: Node, h: number, k: unknown, shift: number): Node {
  const bit = 1 << ((h >>> shift) & 31);
  const datamap = node[0] as number;
  const nodemap = node[1] as number;
  if ((datamap & bit) !== 0) {
    const at = 2 + 3 * popcount(datamap & (bit - 1));
    if (node[at] !== k) return node;
    const n = newNode(datamap & ~bit, nodemap, node.length - 3);
    for (let i = 2; i < at; i++) n[i] = node[i];
    for (let i = at + 3; i < node.length; i++) n[i - 3] = node[i];
    return n;
  }
  if ((nodemap & bit) === 0) return node;
  const at = 2 + 3 * popcount(datamap) + popcount(nodemap & (bit - 1));
  const c = node[at];
  let single: unknown[] | null = null;
  let next: Node | Collision;
  if (c instanceof Collision) {
    const e: unknown[] = [];
    for (let i = 0; i < c.e.length; i += 3) if (c.e[i] !== k) e.push(c.e[i], c.e[i + 1], c.e[i + 2]);
    if (e.length === c.e.length) return node;
    if (e.length === 3) single = e;
    next = new Collision(c.h, e);
  } else {
    const sub = remove(c as Node, h, k, shift + 5);
    if (sub === c) return node;
    if (sub[1] === 0 && sub.length === 5) single = [sub[2], sub[3], sub[4]];
    next = sub;
  }
  if (single === null) {
    const n = node.slice();
    n[at] = next;
    return n;
  }
  // The sub-node's last entry comes up into this node's slot.
  const dat = 2 + 3 * popcount(datamap & (bit - 1));
  const n = newNode(datamap | bit, nodemap & ~bit, node.length + 2);
  for (let i = 2; i < dat; i++) n[i] = node[i];
  n[dat] = single[0];
  n[dat + 1] = single[1];
  n[dat + 2] = single[2];
  for (let i = dat, j = dat + 3; i < node.length; i++) if (i !== at) n[j++] = node[i];
  return n;
}

/** Calls `f(k, key, v)` for every entry, in hash-slot order. */
function eachEntry(node: Node, f: (k: unknown, key: Term, v: Term) => void): void {
  const datamap = node[0] as number;
  const nodemap = node[1] as number;
  let d = 2;
  let s = 2 + 3 * popcount(datamap);
  for (let bits = datamap | nodemap; bits !== 0; bits &= bits - 1) {
    const bit = bits & -bits;
    if ((datamap & bit) !== 0) {
      f(node[d], node[d + 1] as Term, node[d + 2] as Term);
      d += 3;
    } else {
      const c = node[s++];
      if (c instanceof Collision) for (let i = 0; i < c.e.length; i += 3) f(c.e[i], c.e[i + 1] as Term, c.e[i + 2] as Term);
      else eachEntry(c as Node, f);
    }
  }
}

export class MapTerm {
  /** The hash trie (EMPTY_NODE while the map is flat). */
  private readonly root: Node;
  private readonly count: number;
  /**
   * A small map (up to FLAT_MAX keys) is flat, as BEAM keeps its small maps: its keys as
   * keyOf gives them (`fk`, in the order they were added), the keys as given (`ft`: the
   * same array when every key is its own keyOf, as atoms and integers are) and the values
   * (`fv`), at the same positions. A lookup compares keys one by one; an update that keeps
   * the keys copies only the values and shares both key arrays with the map it came from.
   * null: the map is a trie.
   */
  private readonly fk: unknown[] | null;
  private readonly ft: Term[] | null;
  private readonly fv: Term[] | null;
  /** The entries as a JS Map, built on first use (iteration); key → [originalKey, value]. */
  private _entries: Map<unknown, Entry> | null = null;
  private _sorted: Entry[] | null = null;
  private _sortedBy: ((a: Term, b: Term) => number) | null = null;

  /**
   * A map with the given entries (keyed by keyOf; the Map must not be changed afterwards),
   * or (for map.ts) one made of a trie or of flat arrays.
   */
  constructor(entries?: Map<unknown, Entry>, root?: Node, count?: number, fk?: unknown[], ft?: Term[], fv?: Term[]) {
    if (fk !== undefined) {
      this.root = EMPTY_NODE;
      this.count = fk.length;
      this.fk = fk;
      this.ft = ft!;
      this.fv = fv!;
      return;
    }
    if (root !== undefined) {
      this.root = root;
      this.count = count!;
      this.fk = this.ft = this.fv = null;
      return;
    }
    if (entries === undefined || entries.size <= FLAT_MAX) {
      const ks: unknown[] = [];
      const ts: Term[] = [];
      const vs: Term[] = [];
      let own = true;
      if (entries !== undefined)
        for (const [k, e] of entries) {
          ks.push(k);
          ts.push(e[0]);
          vs.push(e[1]);
          if (k !== e[0]) own = false;
        }
      this.root = EMPTY_NODE;
      this.count = ks.length;
      this.fk = ks;
      this.ft = own ? ks : ts;
      this.fv = vs;
    } else {
      let r = EMPTY_NODE;
      for (const [k, e] of entries) {
        step();
        r = insert(r, hashKey(k), k, e[0], e[1], 0);
      }
      this.root = r;
      this.count = entries.size;
      this.fk = this.ft = this.fv = null;
    }
    this._entries = entries ?? null;
  }

  /** key → [originalKey, value], for iteration (in no particular order; sort for Erlang's order). */
  get entries(): Map<unknown, Entry> {
    if (this._entries === null) {
      const m = new Map<unknown, Entry>();
      const fk = this.fk;
      if (fk !== null) {
        const ft = this.ft!;
        const fv = this.fv!;
        for (let i = 0; i < fk.length; i++) m.set(fk[i], [ft[i], fv[i]]);
      } else
        eachEntry(this.root, (k, key, v) => {
          step();
          m.set(k, [key, v]);
        });
      this._entries = m;
    }
    return this._entries;
  }

  get size(): number {
    return this.count;
  }
  /** The value of atom key `k` (what `map.field` reads), or undefined. */
  getAtom(k: Atom): Term | undefined {
    const fk = this.fk;
    if (fk !== null) {
      for (let i = 0; i < fk.length; i++) if (fk[i] === k) return this.fv![i];
      return undefined;
    }
    return find(this.root, hashKey(k), k);
  }
  get(k: Term): Term | undefined {
    const key = keyOf(k);
    const fk = this.fk;
    if (fk !== null) {
      for (let i = 0; i < fk.length; i++) if (fk[i] === key) return this.fv![i];
      return undefined;
    }
    return find(this.root, hashKey(key), key);
  }
  has(k: Term): boolean {
    const key = keyOf(k);
    const fk = this.fk;
    if (fk !== null) return fk.indexOf(key) >= 0;
    return find(this.root, hashKey(key), key) !== undefined;
  }
  put(k: Term, v: Term): MapTerm {
    const key = keyOf(k);
    const fk = this.fk;
    if (fk !== null) {
      const i = fk.indexOf(key);
      if (i >= 0) {
        const vs = this.fv!.slice();
        vs[i] = v;
        return new MapTerm(undefined, undefined, undefined, fk, this.ft!, vs);
      }
      if (fk.length < FLAT_MAX) {
        const ks = fk.slice();
        ks.push(key);
        let ts: Term[];
        if (this.ft === fk && key === k) ts = ks;
        else {
          ts = this.ft!.slice();
          ts.push(k);
        }
        const vs = this.fv!.slice();
        vs.push(v);
        return new MapTerm(undefined, undefined, undefined, ks, ts, vs);
      }
      return this.putMany([[k, v]]);
    }
    grew = false;
    const root = insert(this.root, hashKey(key), key, k, v, 0);
    return new MapTerm(undefined, root, this.count + (grew ? 1 : 0));
  }
  /**
   * `%{m | k1 => v1, ...}` given kv = [k1, v1, ...]: the map with those values, or the index
   * in kv of the first key the map lacks (nothing is changed then).
   */
  update(kv: Term[]): MapTerm | number {
    const fk = this.fk;
    if (fk === null) {
      const pairs: Entry[] = [];
      for (let i = 0; i < kv.length; i += 2) {
        if (!this.has(kv[i])) return i;
        pairs.push([kv[i], kv[i + 1]]);
      }
      return this.putMany(pairs);
    }
    const vs = this.fv!.slice();
    for (let i = 0; i < kv.length; i += 2) {
      const j = fk.indexOf(keyOf(kv[i]));
      if (j < 0) return i;
      vs[j] = kv[i + 1];
    }
    return new MapTerm(undefined, undefined, undefined, fk, this.ft!, vs);
  }
  /** Puts given as kv = [k1, v1, ...] (a later key replaces an earlier equal one). */
  putKv(kv: Term[]): MapTerm {
    const fk = this.fk;
    if (fk === null || kv.length > 2 * FLAT_MAX) return this.putMany(pairsOf(kv));
    let ks = fk;
    let ts = this.ft!;
    const vs = this.fv!.slice();
    let copied = false;
    for (let i = 0; i < kv.length; i += 2) {
      const k = kv[i];
      const key = keyOf(k);
      const j = ks.indexOf(key);
      if (j >= 0) {
        vs[j] = kv[i + 1];
        continue;
      }
      if (ks.length === FLAT_MAX) return this.putMany(pairsOf(kv));
      if (!copied) {
        const own = ts === ks;
        ks = ks.slice();
        ts = own ? ks : ts.slice();
        copied = true;
      }
      if (ts === ks && key !== k) ts = ks.slice();
      ks.push(key);
      if (ts !== ks) ts.push(k);
      vs.push(kv[i + 1]);
    }
    return new MapTerm(undefined, undefined, undefined, ks, ts, vs);
  }
  /** Several puts. */
  putMany(pairs: Iterable<Entry>): MapTerm {
    let root = this.root;
    let count = this.count;
    let ks: unknown[] | null = null;
    let ts: Term[] | null = null;
    let vs: Term[] | null = null;
    // A flat map stays flat while it has room: the arrays are copied once, when the first
    // pair comes; a new key copies the key arrays too (until then they are shared).
    let flat = this.fk !== null;
    let keysCopied = false;
    for (const [k, v] of pairs) {
      step();
      const key = keyOf(k);
      if (flat) {
        if (vs === null) {
          ks = this.fk!;
          ts = this.ft!;
          vs = this.fv!.slice();
        }
        const i = ks!.indexOf(key);
        if (i >= 0) {
          vs[i] = v;
          continue;
        }
        if (ks!.length < FLAT_MAX) {
          if (!keysCopied) {
            const own = ts === ks;
            ks = ks!.slice();
            ts = own ? ks : ts!.slice();
            keysCopied = true;
          }
          if (ts === ks && key !== k) ts = ks!.slice();
          ks!.push(key);
          if (ts !== ks) ts!.push(k);
          vs.push(v);
          continue;
        }
        // One key too many for a flat map: the entries so far become a trie.
        flat = false;
        root = EMPTY_NODE;
        for (let j = 0; j < ks!.length; j++) root = insert(root, hashKey(ks![j]), ks![j], ts![j], vs[j], 0);
        count = ks!.length;
      }
      grew = false;
      root = insert(root, hashKey(key), key, k, v, 0);
      if (grew) count++;
    }
    if (flat) return vs === null ? this : new MapTerm(undefined, undefined, undefined, ks!, ts!, vs);
    return new MapTerm(undefined, root, count);
  }
  delete(k: Term): MapTerm {
    const key = keyOf(k);
    const fk = this.fk;
    if (fk !== null) {
      const i = fk.indexOf(key);
      if (i < 0) return this;
      const ks = without(fk, i);
      return new MapTerm(undefined, undefined, undefined, ks, this.ft === fk ? ks : without(this.ft!, i), without(this.fv!, i));
    }
    const root = remove(this.root, hashKey(key), key, 0);
    if (root === this.root) return this;
    return new MapTerm(undefined, root, this.count - 1);
  }
  /** Entries in Erlang term order of keys (how maps are printed and enumerated). */
  sorted(compare: (a: Term, b: Term) => number): Entry[] {
    if (this._sorted === null || this._sortedBy !== compare) {
      this._sorted = [...this.entries.values()].sort((x, y) => (step(), compare(x[0], y[0])));
      this._sortedBy = compare;
    }
    return this._sorted;
  }
  static fromPairs(pairs: Iterable<Entry>): MapTerm {
    return EMPTY_MAP.putMany(pairs);
  }
}

export const EMPTY_MAP: MapTerm = new MapTerm();

/** `xs` without its element at `i`. */
function without<T>(xs: T[], i: number): T[] {
  const r: T[] = [];
  for (let j = 0; j < xs.length; j++) if (j !== i) r.push(xs[j]);
  return r;
}

function pairsOf(kv: Term[]): Entry[] {
  const pairs: Entry[] = [];
  for (let i = 0; i < kv.length; i += 2) pairs.push([kv[i], kv[i + 1]]);
  return pairs;
}

/** The JS Map key for a term (see the invariant above). */
export function keyOf(t: Term): unknown {
  switch (typeof t) {
    case "number":
    case "bigint":
    case "boolean":
      return t;
    case "string":
      return t.length > 0 && t.charCodeAt(0) === 0 ? "\0s" + t : t;
    case "object":
      if (t === null || t instanceof Atom) return t;
      // A local reference or pid, as "\0" + encode(t) spells it (they key monitors and tasks).
      if (t instanceof Ref && t.node === null && t.words === null) return "\0r" + t.id + ";";
      if (t instanceof Pid && t.node === null) return "\0p" + t.id + ";";
      return "\0" + encode(t);
  }
  return "\0" + encode(t);
}

/** Canonical string encoding of a term, equal for exactly-equal terms. */
export function encode(t: Term): string {
  switch (typeof t) {
    case "number":
      return "i" + t + ";";
    case "bigint":
      return "i" + t.toString() + ";";
    case "boolean":
      return t ? "a4:true" : "a5:false";
    case "string":
      return "s" + t.length + ":" + t;
  }
  if (t === null) return "a3:nil";
  if (t instanceof Atom) return "a" + t.name.length + ":" + t.name;
  if (t instanceof Float) return "f" + (Object.is(t.v, -0) ? 0 : t.v) + ";";
  if (Array.isArray(t)) return "t" + t.length + "(" + t.map(encode).join("") + ")";
  if (t === NIL || t instanceof EmptyList) return "l)";
  if (t instanceof Cons) {
    let s = "l(";
    let l: Term = t;
    while (l instanceof Cons) {
      s += encode(l.h);
      l = l.t;
    }
    return s + (l === NIL ? ")" : "|" + encode(l) + ")");
  }
  if (t instanceof MapTerm) {
    const parts = [...t.entries.values()].map(([k, v]) => encode(k) + "=" + encode(v)).sort();
    return "m" + parts.length + "(" + parts.join("") + ")";
  }
  if (t instanceof Bin) return "b" + t.bits + ":" + Array.from(t.bytes).join(",") + ";";
  if (t instanceof Pid) return "p" + pidKey(t) + ";";
  if (t instanceof Ref) return "r" + refKey(t) + ";";
  if (t instanceof Port) return "o" + t.id + (t.node === null ? "" : "/" + t.node.name + "/" + t.creation) + ";";
  // `&Mod.fun/arity` is equal to every other capture of the same function, as on BEAM.
  if (t instanceof Fun && t.isExternal && t.code === null) return "e" + encode(t.module) + encode(t.name) + t.arity + ";";
  // Other funs and anything else: identity-based (closures are only equal to themselves here).
  return "x" + identityId(t) + ";";
}

const ids = new WeakMap<object, number>();
let nextId = 1;
function identityId(o: object): number {
  let id = ids.get(o);
  if (id === undefined) {
    id = nextId++;
    ids.set(o, id);
  }
  return id;
}
