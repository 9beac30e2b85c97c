// The BEAM's internal term hash (OTP 25's make_internal_hash) and the order it gives maps of
// more than 32 keys.
//
// A map of up to 32 keys is a sorted key array on the BEAM; above that it is a hash trie of
// 16-way nodes indexed by 4-bit slices of each key's 32-bit internal hash, lowest bits
// first. Iterating the trie depth-first, slots in increasing order, is the order of
// :maps.fold/3, :maps.iterator/1 and Enum.reduce/3; :maps.to_list/1, keys/1, values/1 and
// inspect build their lists by prepending, so they give the reverse. The order depends only
// on the set of keys (a map that shrinks back to 32 keys is a sorted array again).
//
// The hash mixes the machine words of a term with Bob Jenkins' 96-bit mix (1996): an
// immediate (small integer, atom, [], pid, port) by its tagged 64-bit word, a tuple by its
// arity then its elements, a list by cons cells (runs of bytes four at a time), a binary by
// blocks of 12 bytes, floats by their IEEE bits, bignums by 64-bit digits, maps by size then
// pairs in their own order. When two keys share all 32 bits, the next 32 come from hashing
// the improper list [level div 8 | key].
//
// What beamsh cannot know exactly: an atom's hash is its index in the BEAM's atom table,
// which depends on everything the node loaded before; pids, ports and references have other
// numbers than on the BEAM; funs hash their code's identity. Those get stable stand-ins, so
// maps keyed by them have a fixed order but not the BEAM's.
import { Atom, Bin, Cons, EmptyList, Float, NIL, Pid, Port, Ref, Term, binBytes, refWords } from "./term.js";
import { Fun } from "./fun.js";
import type { MapTerm } from "./map.js";

const HCONST = 0x9e3779b9;
const HCONST_4 = 0x78dde6e4;
const HCONST_5 = 0x1715609d;
const HCONST_6 = 0xb54cda56;
const HCONST_7 = 0x5384540f;
const HCONST_8 = 0xf1bbcdc8;
const HCONST_9 = 0x8ff34781;
const HCONST_10 = 0x2e2ac13a;
const HCONST_11 = 0xcc623af3;
const HCONST_12 = 0x6a99b4ac;
const HCONST_13 = 0x08d12e65;
const HCONST_14 = 0xa708a81e;
const HCONST_15 = 0x454021d7;
const HCONST_16 = 0xe3779b90;
const HCONST_17 = 0x81af1549;
const HCONST_18 = 0x1fe68f02;
const HCONST_20 = 0x5c558274;
const HCONST_21 = 0xfa8cfc2d;
const HCONST_22 = 0x98c475e6;
/** A 32-bit prime the internal hash starts from (so it differs from phash2). */
const INTERNAL_HASH_SALT = 3432918353;

/** Jenkins' mix of (a, b, c); returns the new c. */
function mix(a: number, b: number, c: number): number {
  a = (a - b - c) >>> 0; a = (a ^ (c >>> 13)) >>> 0;
  b = (b - c - a) >>> 0; b = (b ^ (a << 8)) >>> 0;
  c = (c - a - b) >>> 0; c = (c ^ (b >>> 13)) >>> 0;
  a = (a - b - c) >>> 0; a = (a ^ (c >>> 12)) >>> 0;
  b = (b - c - a) >>> 0; b = (b ^ (a << 16)) >>> 0;
  c = (c - a - b) >>> 0; c = (c ^ (b >>> 5)) >>> 0;
  a = (a - b - c) >>> 0; a = (a ^ (c >>> 3)) >>> 0;
  b = (b - c - a) >>> 0; b = (b ^ (a << 10)) >>> 0;
  c = (c - a - b) >>> 0; c = (c ^ (b >>> 15)) >>> 0;
  return c;
}

/** Mixes two 32-bit words, each offset by a type constant, into `hash`. */
const hash2 = (hash: number, x: number, y: number, k: number): number => mix((k + x) >>> 0, (k + y) >>> 0, hash);

/** Lightweight mixing of a type constant (list structure). */
const constHash = (hash: number, k: number): number => {
  const h = (hash ^ k) >>> 0;
  return ((h << 17) ^ (h >>> 15)) >>> 0;
};


/** A binary's bytes, then its trailing bits: the same in phash2 and in the map hash. */
function binaryHash(hash: number, t: string | Bin): number {
  const bytes = binBytes(t);
  const bits = t instanceof Bin ? t.bits : 0;
  const size = bits ? bytes.length - 1 : bytes.length;
  const con = (HCONST_13 + hash) >>> 0;
  if (size === 0 && bits === 0) return con;
  const h = blockHash(bytes, size, con);
  return bits > 0 ? hash2(h, bits, bytes[size] >> (8 - bits), HCONST_15) : h;
}

/** Jenkins' lookup2 over bytes, starting from `initval` (block_hash). */
export function blockHash(k: Uint8Array, length: number, initval: number): number {
  let a = HCONST, b = HCONST, c = initval >>> 0;
  let i = 0;
  const word = (j: number) => (k[j] | (k[j + 1] << 8) | (k[j + 2] << 16) | (k[j + 3] << 24)) >>> 0;
  for (; length - i >= 12; i += 12) {
    a = (a + word(i)) >>> 0;
    b = (b + word(i + 4)) >>> 0;
    c = (c + word(i + 8)) >>> 0;
    // mix in place (a, b, c all change)
    a = (a - b - c) >>> 0; a = (a ^ (c >>> 13)) >>> 0;
    b = (b - c - a) >>> 0; b = (b ^ (a << 8)) >>> 0;
    c = (c - a - b) >>> 0; c = (c ^ (b >>> 13)) >>> 0;
    a = (a - b - c) >>> 0; a = (a ^ (c >>> 12)) >>> 0;
    b = (b - c - a) >>> 0; b = (b ^ (a << 16)) >>> 0;
    c = (c - a - b) >>> 0; c = (c ^ (b >>> 5)) >>> 0;
    a = (a - b - c) >>> 0; a = (a ^ (c >>> 3)) >>> 0;
    b = (b - c - a) >>> 0; b = (b ^ (a << 10)) >>> 0;
    c = (c - a - b) >>> 0; c = (c ^ (b >>> 15)) >>> 0;
  }
  c = (c + length) >>> 0;
  const rest = length - i;
  // the first byte of c is reserved for the length
  if (rest >= 11) c = (c + (k[i + 10] << 24)) >>> 0;
  if (rest >= 10) c = (c + (k[i + 9] << 16)) >>> 0;
  if (rest >= 9) c = (c + (k[i + 8] << 8)) >>> 0;
  if (rest >= 8) b = (b + (k[i + 7] << 24)) >>> 0;
  if (rest >= 7) b = (b + (k[i + 6] << 16)) >>> 0;
  if (rest >= 6) b = (b + (k[i + 5] << 8)) >>> 0;
  if (rest >= 5) b = (b + k[i + 4]) >>> 0;
  if (rest >= 4) a = (a + (k[i + 3] << 24)) >>> 0;
  if (rest >= 3) a = (a + (k[i + 2] << 16)) >>> 0;
  if (rest >= 2) a = (a + (k[i + 1] << 8)) >>> 0;
  if (rest >= 1) a = (a + k[i]) >>> 0;
  return mix(a, b, c);
}

// ---- machine words of immediates -------------------------------------------------------

const MAX_SMALL = (1n << 59n) - 1n;
const MIN_SMALL = -(1n << 59n);
const TWO32 = 0x100000000;

/** Low and high 32 bits of a small integer's tagged word (n << 4 | 0xF). */
function smallWords(n: number | bigint): [number, number] {
  if (typeof n === "number" && n >= -0x4000000 && n < 0x4000000) {
    return [((n << 4) | 0xf) >>> 0, n < 0 ? 0xffffffff : 0];
  }
  const w = ((BigInt(n) << 4n) | 0xfn) & 0xffffffffffffffffn;
  return [Number(w & 0xffffffffn), Number(w >> 32n)];
}

/** The word of `[]` on a 64-bit BEAM. */
const NIL_WORDS: [number, number] = [0x3b, 0];

/**
 * Stand-in atom indexes. The BEAM's index is the atom's position in its atom table, unknown
 * here; a fixed function of the name keeps orders stable from run to run.
 */
const atomIndexes = new Map<string, number>();
function atomWords(name: string): [number, number] {
  let index = atomIndexes.get(name);
  if (index === undefined) {
    index = blockHash(new TextEncoder().encode(name), Buffer.byteLength(name), 0) & 0xfffff;
    atomIndexes.set(name, index);
  }
  const w = index * 64 + 0x0b; // (index << 6) | atom tag
  return [w >>> 0, Math.floor(w / TWO32)];
}

/** A local pid's word: (serial << 28 | number) << 4 | 3. */
function pidWords(p: Pid): [number, number] {
  const data = BigInt(p.id) | (BigInt(p.serial) << 28n);
  const w = (data << 4n) | 0x3n;
  return [Number(w & 0xffffffffn), Number(w >> 32n)];
}

// ---- the hash --------------------------------------------------------------------------

/** Marker pushed after a cons cell whose tail is not a list. */
const CDR_MARKER = Symbol("cdr");
/** A node of a hash-trie map: its children in slot order (leaves are [key, value]). */
class TrieNode {
  constructor(
    readonly children: ([Term, Term] | TrieNode)[],
    /** size for the trie's head (the map's size); -1 for inner nodes */
    readonly size: number,
  ) {}
}

/** make_internal_hash(term, salt). */
export function internalHash(term: Term, salt = 0): number {
  let hash = (salt ^ INTERNAL_HASH_SALT) >>> 0;
  // the common key: a small integer's tagged word fits 32 bits
  if (typeof term === "number" && term >= -0x4000000 && term < 0x4000000) {
    return hash2(hash, ((term << 4) | 0xf) >>> 0, term < 0 ? 0xffffffff : 0, HCONST);
  }
  const stack: unknown[] = [];
  let t: unknown = term;
  for (;;) {
    // ---- hash `t` (a term, or a trie node of a big map) ----
    if (typeof t === "number" || typeof t === "bigint") {
      const n = typeof t === "bigint" ? t : t;
      if (typeof n === "number" || (n >= MIN_SMALL && n <= MAX_SMALL)) {
        const [lo, hi] = smallWords(n);
        hash = hash2(hash, lo, hi, HCONST);
      } else {
        // bignum: 64-bit digits, least significant first
        const neg = n < 0n;
        hash = wideHash(hash, neg ? -n : n, neg ? HCONST_10 : HCONST_11);
      }
    } else if (t === null || typeof t === "boolean" || t instanceof Atom) {
      const [lo, hi] = atomWords(t === null ? "nil" : t === true ? "true" : t === false ? "false" : (t as Atom).name);
      hash = hash2(hash, lo, hi, HCONST);
    } else if (t === NIL || t instanceof EmptyList) {
      hash = hash2(hash, NIL_WORDS[0], NIL_WORDS[1], HCONST);
    } else if (typeof t === "string" || t instanceof Bin) {
      hash = binaryHash(hash, t);
    } else if (t instanceof Float) {
      const dv = new DataView(new ArrayBuffer(8));
      dv.setFloat64(0, t.v === 0 ? 0 : t.v, true);
      hash = hash2(hash, dv.getUint32(0, true), dv.getUint32(4, true), HCONST_12);
    } else if (t instanceof Cons) {
      // runs of bytes: four per word, then the count of the rest
      let c = 0, sh = 0;
      let cell: Term = t;
      while (cell instanceof Cons && isByte(cell.h)) {
        sh = ((sh << 8) + (cell.h as number)) >>> 0;
        if (c === 3) {
          hash = hash2(hash, sh, 0, HCONST_4);
          c = sh = 0;
        } else c++;
        cell = cell.t;
      }
      if (c > 0) hash = hash2(hash, sh, c, HCONST_22);
      if (cell instanceof Cons) {
        hash = constHash(hash, HCONST_17); // the head of a cell
        stack.push(cell.t);
        if (!(cell.t instanceof Cons)) stack.push(CDR_MARKER);
        t = cell.h;
        continue;
      }
      t = cell; // the tail after the bytes (a list's [] or an improper tail)
      continue;
    } else if (Array.isArray(t)) {
      hash = hash2(hash, t.length, 0, HCONST_9);
      if (t.length > 0) {
        for (let i = t.length - 1; i >= 1; i--) stack.push(t[i]);
        t = t[0];
        continue;
      }
    } else if (t instanceof TrieNode) {
      if (t.size >= 0) hash = hash2(hash, t.size, 0, HCONST_16);
      if (t.size < 0 && t.children.length === 16) {
        // a full inner node is a 16-tuple on the BEAM: its leaves are [key | value] cells
        hash = hash2(hash, 16, 0, HCONST_9);
        const items = t.children.map((ch) => (ch instanceof TrieNode ? ch : new Cons(ch[0], ch[1])));
        for (let i = 15; i >= 1; i--) stack.push(items[i]);
        t = items[0];
        continue;
      }
      for (const ch of t.children) {
        if (ch instanceof TrieNode) stack.push(ch);
        else stack.push(ch[1], ch[0]);
      }
    } else if (isMap(t)) {
      const entries = mapPairsInKeyOrder(t);
      if (entries.length <= 32) {
        hash = hash2(hash, entries.length, 0, HCONST_16);
        for (let i = entries.length - 1; i >= 0; i--) stack.push(entries[i][1], entries[i][0]);
      } else {
        t = hashTrie(entries);
        continue;
      }
    } else if (t instanceof Pid) {
      const [lo, hi] = pidWords(t);
      if (t.node === null) hash = hash2(hash, lo, hi, HCONST);
      else hash = hash2(hash2(hash, lo, hi, HCONST_5), t.id, t.serial, HCONST_5);
    } else if (t instanceof Port) {
      const w = t.id * 16 + 0x7;
      hash = hash2(hash, w >>> 0, Math.floor(w / TWO32), t.node === null ? HCONST : HCONST_6);
    } else if (t instanceof Ref) {
      const w = refWords(t);
      hash = hash2(hash2(hash, w[0] ?? 0, 0, HCONST_7), w[1] ?? 0, w[2] ?? 0, HCONST_8);
    } else if (t instanceof Fun) {
      if (t.isExternal && t.code === null) {
        hash = hash2(hash, blockHash(new TextEncoder().encode(`${t.module?.name}.${t.name?.name}/${t.arity}`), 0, 0), 0, HCONST_14);
      } else {
        hash = hash2(hash, t.env.length, 0, HCONST_20);
        hash = hash2(hash, t.index, t.uniq, HCONST_21);
        if (t.env.length > 0) {
          for (let i = t.env.length - 1; i >= 1; i--) stack.push(t.env[i]);
          t = t.env[0];
          continue;
        }
      }
    }
    // ---- next item ----
    for (;;) {
      if (stack.length === 0) return hash;
      const next = stack.pop();
      if (next === CDR_MARKER) {
        hash = constHash(hash, HCONST_18); // the tail of a cell
        continue;
      }
      t = next;
      break;
    }
  }
}

const isByte = (x: Term): boolean => typeof x === "number" && x >= 0 && x <= 255 && Number.isInteger(x);

// ---- map order -------------------------------------------------------------------------

/** Provided by map.ts (which imports this module) to avoid an import cycle. */
let mapPairsInKeyOrder: (m: MapTerm) => [Term, Term][] = () => [];
let isMap: (t: unknown) => t is MapTerm = (_t): _t is MapTerm => false;
export function registerMapAccess(pairs: (m: MapTerm) => [Term, Term][], test: (t: unknown) => t is MapTerm): void {
  mapPairsInKeyOrder = pairs;
  isMap = test;
}

/** Reverses the eight 4-bit slices of a 32-bit hash, so that numeric order is slot order. */
function swizzle(h: number): number {
  let r = 0;
  for (let i = 0; i < 8; i++) r = r * 16 + ((h >>> (4 * i)) & 0xf);
  return r;
}

/** The hash deciding slots at `level` (0, 8, 16, ...: each 32 bits serve eight levels). */
function levelHash(key: Term, level: number): number {
  return level === 0 ? internalHash(key, 0) : internalHash(new Cons(level >> 3, key), 0);
}

/**
 * Pairs in the BEAM's fold order for a map of more than 32 keys (depth-first over the trie,
 * slots in increasing order). :maps.to_list/1 order is the reverse.
 */
export function hashOrder(pairs: [Term, Term][]): [Term, Term][] {
  const n = pairs.length;
  const hashes = new Uint32Array(n);
  for (let i = 0; i < n; i++) hashes[i] = swizzle(internalHash(pairs[i][0], 0));
  let order: number[];
  if (n <= INDEX_SPACE) {
    // One numeric sort of hash * 2^21 + index (exact in a double), then the index back.
    const packed = new Float64Array(n);
    for (let i = 0; i < n; i++) packed[i] = hashes[i] * INDEX_SPACE + i;
    packed.sort();
    order = new Array(n);
    for (let i = 0; i < n; i++) order[i] = packed[i] % INDEX_SPACE;
  } else {
    order = Array.from({ length: n }, (_, i) => i);
    order.sort((x, y) => hashes[x] - hashes[y]);
  }
  // Keys whose 32 bits all collide share a deeper node: order each run by the next hashes.
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && hashes[order[j]] === hashes[order[i]]) j++;
    if (j - i > 1) {
      const run = order.slice(i, j).sort((x, y) => deeperCompare(pairs[x][0], pairs[y][0]));
      for (let k = i; k < j; k++) order[k] = run[k - i];
    }
    i = j;
  }
  const out: [Term, Term][] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = pairs[order[i]];
  return out;
}

const INDEX_SPACE = 2 ** 21;

/** Order of two keys with equal first 32 hash bits: by the next 32, and so on. */
function deeperCompare(x: Term, y: Term): number {
  for (let level = 8; level < 256; level += 8) {
    const a = swizzle(levelHash(x, level));
    const b = swizzle(levelHash(y, level));
    if (a !== b) return a - b;
  }
  return 0;
}

/** The BEAM's trie for a map of more than 32 keys (for hashing a map used as a key). */
function hashTrie(pairs: [Term, Term][]): TrieNode {
  const ordered = hashOrder(pairs).map((p) => ({ p, h: internalHash(p[0], 0) }));
  const build = (items: { p: [Term, Term]; h: number }[], depth: number, head: boolean): TrieNode => {
    const slots = new Map<number, { p: [Term, Term]; h: number }[]>();
    for (const it of items) {
      const slot = (it.h >>> (4 * (depth % 8))) & 0xf;
      let group = slots.get(slot);
      if (group === undefined) slots.set(slot, (group = []));
      group.push(it);
    }
    const children: ([Term, Term] | TrieNode)[] = [];
    for (const slot of [...slots.keys()].sort((a, b) => a - b)) {
      const group = slots.get(slot)!;
      if (group.length === 1) children.push(group[0].p);
      else {
        const nextDepth = depth + 1;
        const regroup = nextDepth % 8 === 0 ? group.map((g) => ({ p: g.p, h: levelHash(g.p[0], nextDepth) })) : group;
        children.push(build(regroup, nextDepth, false));
      }
    }
    return new TrieNode(children, head ? pairs.length : -1);
  };
  return build(ordered, 0, true);
}

// ---- the portable hash (erlang:phash2/1,2) ---------------------------------------------
//
// OTP's make_hash2: the same Jenkins mix over a term's values rather than its machine words,
// so it is the same on every node and every run. Atoms hash their name (the atom table's
// hashpjw); small integers by their 32-bit value (negatives mixed twice), wider ones by 64-bit
// magnitude words with a sign constant; floats by their IEEE words (high first, -0.0 as
// 0.0); lists by runs of bytes four at a time; tuples by arity then elements; maps by size
// and the xor of each pair's own hash, so key order does not matter. Pids, ports and
// references hash their numbers (beamsh's, not the BEAM's); a closure its index and uniq.

/** hashpjw over an atom's UTF-8 name, a two-byte Latin-1 character taken as one byte. */
export function atomTextHash(name: string): number {
  const bytes = Buffer.from(name, "utf8");
  let h = 0;
  for (let i = 0; i < bytes.length; i++) {
    let v = bytes[i];
    if (i + 1 < bytes.length && (v & 0xfe) === 0xc2 && (bytes[i + 1] & 0xc0) === 0x80) {
      v = ((v << 6) | (bytes[i + 1] & 0x3f)) & 0xff;
      i++;
    }
    h = ((h << 4) + v) >>> 0;
    const g = h & 0xf0000000;
    if (g !== 0) {
      h = (h ^ (g >>> 24)) >>> 0;
      h = (h ^ g) >>> 0;
    }
  }
  return h;
}

const HCONST_2 = 0x3c6ef372;
const HCONST_3 = 0xdaa66d2b;
const HCONST_19 = 0xbe1e08bb;
/** `[]`'s type number (erts' NIL_DEF), mixed in after other terms. */
const NIL_DEF = 2;
/** The hash of a lone `[]`. */
const NIL_ALONE = 3468870702;

const atomTextHashes = new Map<string, number>();
function atomNameHash(name: string): number {
  let h = atomTextHashes.get(name);
  if (h === undefined) atomTextHashes.set(name, (h = atomTextHash(name)));
  return h;
}

/** Markers on the portable hash's stack: a map pair ends, a map ends. */
const PAIR_END = Symbol("pair");
const MAP_END = Symbol("map");

/**
 * Mixes a magnitude's 64-bit digits (each as its low and high word), least significant
 * first, with a sign constant. The digits are read off its hexadecimal text, made once:
 * shifting the magnitude right a digit at a time copied it each time (quadratic).
 */
function wideHash(hash: number, mag: bigint, con: number): number {
  if (mag <= 0xffffffffffffffffn) return hash2(hash, Number(mag & 0xffffffffn), Number(mag >> 32n), con);
  const hex = mag.toString(16);
  for (let end = hex.length; end > 0; end -= 16) {
    const mid = Math.max(0, end - 8);
    hash = hash2(hash, hexWord(hex, mid, end), hexWord(hex, Math.max(0, end - 16), mid), con);
  }
  return hash;
}

/** The number written in hex digits text[from..to) (at most 8 of them: a 32-bit word). */
function hexWord(text: string, from: number, to: number): number {
  let w = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    w = w * 16 + (c <= 57 ? c - 48 : c - 87);
  }
  return w;
}

/** make_hash2(term): the 32-bit hash erlang:phash2/1,2 reduce. */
export function portableHash(term: Term): number {
  let hash = 0;
  let xorPairs = 0;
  const stack: unknown[] = [];
  let t: unknown = term;
  for (;;) {
    if (typeof t === "number" || typeof t === "bigint") {
      if (typeof t === "number" && t >= -0x8000000 && t < 0x8000000) {
        if (t < 0) hash = hash2(hash, -t, 0, HCONST);
        hash = hash2(hash, t >>> 0, 0, HCONST);
      } else {
        const n = BigInt(t);
        hash = n < 0n ? wideHash(hash, -n, HCONST_10) : wideHash(hash, n, HCONST_11);
      }
    } else if (t === null || typeof t === "boolean" || t instanceof Atom) {
      const name = t === null ? "nil" : t === true ? "true" : t === false ? "false" : (t as Atom).name;
      hash = hash === 0 ? atomNameHash(name) : hash2(hash, atomNameHash(name), 0, HCONST_3);
    } else if (t === NIL || t instanceof EmptyList) {
      hash = hash === 0 ? NIL_ALONE : hash2(hash, NIL_DEF, 0, HCONST_2);
    } else if (typeof t === "string" || t instanceof Bin) {
      hash = binaryHash(hash, t);
    } else if (t instanceof Float) {
      const dv = new DataView(new ArrayBuffer(8));
      dv.setFloat64(0, t.v === 0 ? 0 : t.v, true);
      hash = hash2(hash, dv.getUint32(4, true), dv.getUint32(0, true), HCONST_12);
    } else if (t instanceof Cons) {
      let c = 0, sh = 0;
      let cell: Term = t;
      for (;;) {
        const h = (cell as Cons).h;
        if (!isByte(h)) break;
        sh = ((sh << 8) + (h as number)) >>> 0;
        if (c === 3) {
          hash = hash2(hash, sh, 0, HCONST_4);
          c = sh = 0;
        } else c++;
        cell = (cell as Cons).t;
        if (!(cell instanceof Cons)) break;
      }
      if (c > 0) hash = hash2(hash, sh, 0, HCONST_4);
      if (cell instanceof Cons && !isByte(cell.h)) {
        stack.push(cell.t);
        t = cell.h;
      } else t = cell;
      continue;
    } else if (Array.isArray(t)) {
      hash = hash2(hash, t.length, 0, HCONST_9);
      if (t.length > 0) {
        for (let i = t.length - 1; i >= 1; i--) stack.push(t[i]);
        t = t[0];
        continue;
      }
    } else if (isMap(t)) {
      const pairs = [...t.entries.values()];
      hash = hash2(hash, pairs.length, 0, HCONST_16);
      if (pairs.length > 0) {
        stack.push(xorPairs, hash, MAP_END);
        hash = 0;
        xorPairs = 0;
        for (let i = pairs.length - 1; i >= 0; i--) stack.push(PAIR_END, pairs[i][1], pairs[i][0]);
      }
    } else if (t instanceof Pid) {
      hash = hash2(hash, t.id, 0, HCONST_5);
    } else if (t instanceof Port) {
      hash = hash2(hash, t.id >>> 0, Math.floor(t.id / TWO32) >>> 0, HCONST_6);
    } else if (t instanceof Ref) {
      hash = hash2(hash, refWords(t)[0] ?? 0, 0, HCONST_7);
    } else if (t instanceof Fun) {
      if (t.isExternal) {
        hash = hash2(hash, t.arity, atomNameHash(t.module!.name), HCONST);
        hash = hash2(hash, atomNameHash(t.name?.name ?? ""), 0, HCONST_14);
      } else {
        hash = hash2(hash, t.env.length, atomNameHash(t.code?.module ?? ""), HCONST);
        hash = hash2(hash, t.index, t.uniq, HCONST);
        if (t.env.length > 0) {
          for (let i = t.env.length - 1; i >= 1; i--) stack.push(t.env[i]);
          t = t.env[0];
          continue;
        }
      }
    }
    // ---- next item ----
    for (;;) {
      if (stack.length === 0) return hash;
      const next = stack.pop();
      if (next === PAIR_END) {
        xorPairs = (xorPairs ^ hash) >>> 0;
        hash = 0;
        continue;
      }
      if (next === MAP_END) {
        hash = stack.pop() as number;
        hash = hash2(hash, xorPairs, 0, HCONST_19);
        xorPairs = stack.pop() as number;
        continue;
      }
      t = next;
      break;
    }
  }
}

// ---- the old portable hash (erlang:phash/2) --------------------------------------------
//
// OTP's make_hash, which :sets and :dict still use to place their elements, so their orders
// depend on it. Every step is h*P + x modulo 2^32 with primes just above 2^28 (the
// "funny numbers"): integers byte by byte, least significant first, over whole 32-bit words
// of their magnitude, then a sign prime; lists of bytes a byte per step; other lists by
// head then tail; tuples by elements then arity; binaries byte by byte then their size;
// atoms by their name's hashpjw; floats by the xor of their two words; maps by make_hash2.
// Pids, ports and references hash their numbers (beamsh's), funs their index and uniq.

const FN1 = 268440163, FN2 = 268439161, FN3 = 268435459, FN4 = 268436141, FN5 = 268438633;
const FN6 = 268437017, FN8 = 268437511, FN9 = 268439627, FN10 = 268440479;
const FN11 = 268440577, FN12 = 268440581, FN13 = 268440593, FN14 = 268440611;

/** h * p + x modulo 2^32. */
const step = (h: number, p: number, x: number): number => (Math.imul(h, p) + x) >>> 0;

/** A 32-bit word byte by byte, least significant first. */
const wordStep = (h: number, x: number, p: number): number =>
  step(step(step(step(h, p, x & 0xff), p, (x >>> 8) & 0xff), p, (x >>> 16) & 0xff), p, x >>> 24);

/** Markers on make_hash's stack: a list's tail is next, a list has ended, a tuple has ended. */
const CDR_PRE = Symbol("cdr");
const CDR_POST = Symbol("cdrPost");
const TUPLE_END = Symbol("tuple");

/** make_hash(term): the 32-bit hash erlang:phash/2 reduces to [1, range]. */
export function oldPortableHash(term: Term): number {
  let hash = 0;
  const stack: unknown[] = [];
  let t: unknown = term;
  for (;;) {
    if (typeof t === "number" || typeof t === "bigint") {
      let mag = typeof t === "number" ? BigInt(Math.abs(t)) : t < 0n ? -t : t;
      const neg = typeof t === "number" ? t < 0 : t < 0n;
      // whole 32-bit words of the magnitude (one for zero), low word first
      do {
        hash = wordStep(hash, Number(mag & 0xffffffffn), FN2);
        mag >>= 32n;
      } while (mag > 0n);
      hash = Math.imul(hash, neg ? FN4 : FN3) >>> 0;
    } else if (t === null || typeof t === "boolean" || t instanceof Atom) {
      const name = t === null ? "nil" : t === true ? "true" : t === false ? "false" : (t as Atom).name;
      hash = step(hash, FN1, atomNameHash(name));
    } else if (t === NIL || t instanceof EmptyList) {
      hash = step(hash, FN3, 1);
    } else if (typeof t === "string" || t instanceof Bin) {
      const bytes = binBytes(t);
      const bits = t instanceof Bin ? t.bits : 0;
      const size = bits ? bytes.length - 1 : bytes.length;
      for (let i = 0; i < size; i++) hash = step(hash, FN1, bytes[i]);
      if (bits > 0) hash = step(step(hash, FN1, bytes[size] >> (8 - bits)), FN12, bits);
      hash = step(hash, FN4, size);
    } else if (t instanceof Float) {
      const dv = new DataView(new ArrayBuffer(8));
      dv.setFloat64(0, t.v === 0 ? 0 : t.v, true);
      hash = step(hash, FN6, (dv.getUint32(0, true) ^ dv.getUint32(4, true)) >>> 0);
    } else if (t instanceof Cons) {
      let cell: Cons = t;
      while (isByte(cell.h)) {
        hash = step(hash, FN2, cell.h as number);
        if (!(cell.t instanceof Cons)) break;
        cell = cell.t;
      }
      if (isByte(cell.h)) {
        // an improper or proper end after bytes: the tail, then the list's end
        stack.push(CDR_POST);
        t = cell.t;
      } else {
        stack.push(cell.t, CDR_PRE);
        t = cell.h;
      }
      continue;
    } else if (Array.isArray(t)) {
      stack.push(t.length, TUPLE_END);
      for (let i = t.length - 1; i >= 0; i--) stack.push(t[i]);
      // elements come off the stack first to last, then the arity
      const next = stack.pop();
      if (next !== TUPLE_END) { t = next; continue; }
      stack.push(TUPLE_END);
    } else if (isMap(t)) {
      hash = (Math.imul(hash, FN13) + FN14 + portableHash(t)) >>> 0;
    } else if (t instanceof Pid) {
      hash = Math.imul(wordStep(hash, t.id >>> 0, FN5), FN6) >>> 0;
    } else if (t instanceof Port) {
      const high = Math.floor(t.id / TWO32) >>> 0;
      if (high) hash = wordStep(hash, high, FN11);
      hash = Math.imul(wordStep(hash, t.id >>> 0, FN9), FN10) >>> 0;
    } else if (t instanceof Ref) {
      hash = Math.imul(wordStep(hash, refWords(t)[0] ?? 0, FN9), FN10) >>> 0;
    } else if (t instanceof Fun) {
      if (t.isExternal) {
        hash = step(hash, FN11, t.arity);
        hash = step(hash, FN1, atomNameHash(t.module!.name));
        hash = step(hash, FN1, atomNameHash(t.name?.name ?? ""));
      } else {
        hash = step(hash, FN10, t.env.length);
        hash = step(hash, FN1, atomNameHash(t.code?.module ?? ""));
        hash = step(hash, FN2, t.index);
        hash = step(hash, FN2, t.uniq);
        if (t.env.length > 0) {
          for (let i = t.env.length - 1; i >= 1; i--) stack.push(t.env[i]);
          t = t.env[0];
          continue;
        }
      }
    }
    // ---- next item ----
    for (;;) {
      if (stack.length === 0) return hash;
      const next = stack.pop();
      if (next === CDR_POST) {
        hash = Math.imul(hash, FN8) >>> 0;
        continue;
      }
      if (next === TUPLE_END) {
        hash = step(hash, FN9, stack.pop() as number);
        continue;
      }
      if (next === CDR_PRE) {
        const tail = stack.pop();
        if (tail instanceof Cons) { t = tail; break; }
        stack.push(CDR_POST);
        t = tail;
        break;
      }
      t = next;
      break;
    }
  }
}
