// The storage of :set, :bag and :duplicate_bag ETS tables, laid out as OTP 25's
// erl_db_hash.c lays them out, so that every order the BEAM shows comes out the same:
// first/next, tab2list, select, match and foldl.
//
// A table is a linear hash table. A key's hash value is the internal term hash
// (term-hash.ts), except that an atom key hashes its name (hashpjw, as the atom table
// does). Slot = hash & szm, or hash & (szm >> 1) when that slot is not active yet. A table
// starts with 256 active slots; inserting a new object when there are more objects than
// active slots splits one bucket (linear hashing): the next slot becomes active and takes
// the objects of its buddy slot whose hash says so, both chains keeping their order. A
// table that grew past two extra segments (4352 slots) joins its top bucket back when it
// falls under half its load.
//
// In a bucket's chain a new key goes last, a replaced object keeps its place, and the
// objects of one key (bag, duplicate_bag) stay together with the newest first.
//
// While a table is fixed (ets:safe_fixtable/2, ets:foldl/3) it neither grows nor shrinks, and
// a deleted key stays in its chain, invisible, so that ets:next/2 still goes on from it; a
// new object for it takes its place again. Unfixing drops those keys. Walks
// (first/next, select, match) go slot by slot from 0, or 0, 64, 128, ... then 1, 65, ...
// for write_concurrency tables (their lock stripes). Select and match prepend what they
// find, so their results (and tab2list) come in the reverse of the walk.
//
// Storage: a key's entry is an index into parallel arrays (its key, its objects, its hash
// value, the next entry of its chain, whether it was deleted while fixed), and a bucket is
// the index of its chain's first entry. No JavaScript object is made per key: an insert
// writes into arrays (of small integers where they hold numbers; a big table's live in the
// old generation), so the young generation's collections have only the objects themselves
// to move (and a lookup follows no object but the one it returns). Entries unlinked from
// their chains go on a free list. Plain arrays, not typed ones: a table is cheap to make
// (a typed array's buffer is allocated outside the JS heap, slowly).
import { Atom, Term } from "../runtime/term.js";
import { strictEquals } from "../runtime/term-order.js";
import { atomTextHash, internalHash } from "../runtime/term-hash.js";

const FIRST_SEGSZ = 256;
const EXT_SEGSZ = 2048;
/** Lock stripes of a fine-locked (write_concurrency) table: the walk's stride. */
const LOCK_CNT = 64;
const MAX_HASH_MASK = 0x7fffffff;
/** What nextKey answers for a key that is not in the table. */
export const NOT_IN_TABLE: unique symbol = Symbol("not in table");
/** The end of a chain (and an empty bucket). */
const END = -1;

/** An atom's name hashed as the atom table does (kept on the atom: a lookup hashes its key). */
function atomHash(a: Atom | string): number {
  if (typeof a === "string") return atomTextHash(a);
  if (a.textHash < 0) a.textHash = atomTextHash(a.name);
  return a.textHash;
}

/** Whether two keys are the same key (exact equality, as ETS matches keys). */
function sameKey(x: Term, y: Term): boolean {
  return x === y || (typeof x === "object" && typeof y === "object" && strictEquals(x, y));
}

/** MAKE_HASH of erl_db_hash.c. */
export function etsHash(key: Term): number {
  let h: number;
  if (key instanceof Atom) h = atomHash(key);
  else if (key === null) h = atomHash("nil");
  else if (typeof key === "boolean") h = atomHash(key ? "true" : "false");
  else h = internalHash(key, 0);
  return (h & MAX_HASH_MASK) >>> 0;
}

export class EtsHashTable {
  private nactive = FIRST_SEGSZ;
  private szm = FIRST_SEGSZ - 1;
  private nslots = FIRST_SEGSZ;
  private shrinkLimit = 0;
  /** slot → the first entry of its chain (END, or a hole, when empty) */
  private buckets: number[] = [];
  // ---- entries ----
  /** entry → its key */
  private keys: Term[] = [];
  /**
   * entry → its objects: a set's object as it is (undefined while deleted), a bag's objects
   * in an array, oldest first (the chain holds them newest first)
   */
  private objs: (Term[] | Term[][] | undefined)[] = [];
  /** entry → its key's hash value */
  private hvals: number[] = [];
  /** entry → the next entry of its chain (END at the end; the next free entry when free) */
  private nexts: number[] = [];
  /** entry → 1 when its key was deleted while the table was fixed */
  private dead: number[] = [];
  /** entries ever used (the free ones among them are on the free list) */
  private used = 0;
  private free = END;
  /** keys deleted while the table was fixed, still in their chains */
  private deletedKeys = 0;
  /** objects in the table */
  size = 0;
  /** safe_fixtable nesting */
  private fixed = 0;

  constructor(
    private readonly fineLocked: boolean,
    /** a bag's or duplicate bag's table (its entries hold arrays of objects) */
    private readonly bag = false,
  ) {}

  /** The live entry of `key`, or -1. */
  get(key: Term): number {
    const e = this.find(key, etsHash(key));
    return e === END || this.dead[e] === 1 ? END : e;
  }

  /** A set's object for `key` (undefined when none). */
  getSet(key: Term): Term[] | undefined {
    const e = this.find(key, etsHash(key));
    return e === END ? undefined : (this.objs[e] as Term[] | undefined);
  }

  /** An entry's key. */
  keyAt(e: number): Term {
    return this.keys[e];
  }

  /** An entry's objects, oldest first (a bag's own array; a new array for a set's). */
  objectsAt(e: number): Term[][] {
    const o = this.objs[e];
    if (this.bag) return o as Term[][];
    return o === undefined ? [] : [o as Term[]];
  }

  /** `key`'s entry (live or deleted while fixed), whose hash value is `hval`; END when none. */
  private find(key: Term, hval: number): number {
    const hvals = this.hvals;
    const nexts = this.nexts;
    const keys = this.keys;
    for (let e = this.first(this.slotOf(hval)); e !== END; e = nexts[e]) {
      if (hvals[e] === hval && sameKey(keys[e], key)) return e;
    }
    return END;
  }

  fix(): void {
    this.fixed++;
  }

  unfix(): void {
    if (this.fixed === 0 || --this.fixed > 0 || this.deletedKeys === 0) return;
    const { buckets, nexts, dead } = this;
    for (let ix = 0; ix < this.nactive; ix++) {
      let e = this.first(ix);
      while (e !== END && dead[e] === 1) e = this.release(e);
      buckets[ix] = e;
      while (e !== END) {
        let n = nexts[e];
        while (n !== END && dead[n] === 1) n = this.release(n);
        nexts[e] = n;
        e = n;
      }
    }
    this.deletedKeys = 0;
  }

  get isFixed(): boolean {
    return this.fixed > 0;
  }

  /** The first entry of slot `ix`'s chain (END when empty). */
  private first(ix: number): number {
    const e = this.buckets[ix];
    return e === undefined ? END : e;
  }

  private slotOf(hval: number): number {
    let ix = hval & this.szm;
    if (ix >= this.nactive) ix &= this.szm >> 1;
    return ix;
  }

  /** A new entry (not linked yet). */
  private alloc(key: Term, hval: number, o: Term[] | Term[][]): number {
    let e = this.free;
    if (e !== END) this.free = this.nexts[e];
    else e = this.used++;
    this.keys[e] = key;
    this.objs[e] = o;
    this.hvals[e] = hval;
    this.nexts[e] = END;
    this.dead[e] = 0;
    return e;
  }

  /** Frees an entry (already unlinked, or being unlinked): returns the entry after it. */
  private release(e: number): number {
    const n = this.nexts[e];
    this.keys[e] = undefined as unknown as Term;
    this.objs[e] = undefined;
    this.dead[e] = 0;
    this.nexts[e] = this.free;
    this.free = e;
    return n;
  }

  /** A set's object for `key` replaced (in place) or added at the end of its chain. */
  putSet(key: Term, obj: Term[]): void {
    const hval = etsHash(key);
    const ix = this.slotOf(hval);
    let c = this.first(ix);
    if (c === END) {
      this.buckets[ix] = this.alloc(key, hval, obj);
      this.added();
      return;
    }
    // one walk finds the key or the chain's end
    const { hvals, keys, nexts } = this;
    for (;;) {
      if (hvals[c] === hval && sameKey(keys[c], key)) {
        if (this.dead[c] === 1) this.revive(c, obj);
        else this.objs[c] = obj;
        return;
      }
      const n = nexts[c];
      if (n === END) break;
      c = n;
    }
    const e = this.alloc(key, hval, obj);
    this.nexts[c] = e;
    this.added();
  }

  /** A key deleted while fixed gets an object again, in its old place. */
  private revive(e: number, obj: Term[]): void {
    this.dead[e] = 0;
    this.deletedKeys--;
    this.objs[e] = this.bag ? [obj] : obj;
    this.size++;
  }

  /** A bag's (or duplicate bag's) new object: first among its key's objects in the chain. */
  putBag(key: Term, obj: Term[], duplicates: boolean, same: (x: Term[], y: Term[]) => boolean): void {
    const hval = etsHash(key);
    const e = this.find(key, hval);
    if (e === END) {
      this.addEntry(key, hval, [obj]);
      return;
    }
    if (this.dead[e] === 1) {
      this.revive(e, obj);
      return;
    }
    const objs = this.objs[e] as Term[][];
    if (!duplicates && objs.some((o) => same(o, obj))) return;
    objs.push(obj);
    this.added();
  }

  private addEntry(key: Term, hval: number, o: Term[] | Term[][]): void {
    const e = this.alloc(key, hval, o);
    const ix = this.slotOf(hval);
    let c = this.first(ix);
    if (c === END) this.buckets[ix] = e;
    else {
      while (this.nexts[c] !== END) c = this.nexts[c];
      this.nexts[c] = e;
    }
    this.added();
  }

  private added(): void {
    this.size++;
    for (let i = 0; i < 5 && this.size > this.nactive && !this.fixed; i++) this.grow();
  }

  /** Removes the objects `drop` picks among `key`'s (all of them without `drop`). */
  remove(key: Term, drop?: (o: Term[]) => boolean): Term[][] {
    const e = this.get(key);
    if (e === END) return [];
    const objs = this.objectsAt(e);
    const removed = drop === undefined ? objs : objs.filter(drop);
    if (removed.length === 0) return [];
    if (removed.length === objs.length) {
      if (this.fixed) {
        this.dead[e] = 1;
        this.objs[e] = this.bag ? [] : undefined;
        this.deletedKeys++;
      } else this.unlink(e);
    } else this.objs[e] = objs.filter((o) => !removed.includes(o));
    this.size -= removed.length;
    for (let i = 0; i < 5 && this.size < this.shrinkLimit && !this.fixed; i++) this.shrink();
    return removed;
  }

  private unlink(e: number): void {
    const ix = this.slotOf(this.hvals[e]);
    let c = this.first(ix);
    if (c === e) this.buckets[ix] = this.nexts[e];
    else {
      while (this.nexts[c] !== e) c = this.nexts[c];
      this.nexts[c] = this.nexts[e];
    }
    this.release(e);
  }

  clear(): void {
    if (this.fixed) {
      // all keys stay (invisible) until the table is unfixed
      this.forEachLive((e) => {
        this.dead[e] = 1;
        this.objs[e] = this.bag ? [] : undefined;
        this.deletedKeys++;
      });
      this.size = 0;
      return;
    }
    this.nactive = FIRST_SEGSZ;
    this.szm = FIRST_SEGSZ - 1;
    this.nslots = FIRST_SEGSZ;
    this.shrinkLimit = 0;
    this.buckets = [];
    this.keys = [];
    this.objs = [];
    this.hvals = [];
    this.nexts = [];
    this.dead = [];
    this.used = 0;
    this.free = END;
    this.deletedKeys = 0;
    this.size = 0;
  }

  // ---- linear hashing ----

  private grow(): void {
    if (this.nactive === this.nslots) {
      this.nslots += EXT_SEGSZ;
      this.updateShrinkLimit();
    }
    let fromIx: number;
    let szm = this.szm;
    if (this.nactive <= szm) fromIx = this.nactive & (szm >> 1);
    else {
      fromIx = 0;
      szm = (szm << 1) | 1;
    }
    const toIx = this.nactive;
    this.nactive++;
    this.szm = szm;
    const buckets = this.buckets;
    const nexts = this.nexts;
    const hvals = this.hvals;
    let e = this.first(fromIx);
    if (e === END) {
      buckets[toIx] = END;
      return;
    }
    // Split, keeping both orders (the moving entries go to the new chain).
    let stay = END;
    let stayEnd = END;
    let move = END;
    let moveEnd = END;
    for (; e !== END; e = nexts[e]) {
      if ((hvals[e] & szm) === fromIx) {
        if (stayEnd === END) stay = e;
        else nexts[stayEnd] = e;
        stayEnd = e;
      } else {
        if (moveEnd === END) move = e;
        else nexts[moveEnd] = e;
        moveEnd = e;
      }
    }
    if (stayEnd !== END) nexts[stayEnd] = END;
    if (moveEnd !== END) nexts[moveEnd] = END;
    buckets[fromIx] = stay;
    buckets[toIx] = move;
  }

  private shrink(): void {
    const srcIx = this.nactive - 1;
    const lowSzm = this.szm >> 1;
    const dstIx = srcIx & lowSzm;
    const buckets = this.buckets;
    const src = this.first(srcIx);
    buckets[srcIx] = END;
    this.nactive = srcIx;
    if (dstIx === 0) this.szm = lowSzm;
    if (this.nslots - srcIx >= EXT_SEGSZ) {
      this.nslots -= EXT_SEGSZ;
      this.updateShrinkLimit();
    }
    // the top bucket's chain goes before the one it joins
    if (src !== END) {
      const nexts = this.nexts;
      let end = src;
      while (nexts[end] !== END) end = nexts[end];
      nexts[end] = this.first(dstIx);
      buckets[dstIx] = src;
    }
  }

  private updateShrinkLimit(): void {
    this.shrinkLimit = this.nslots >= FIRST_SEGSZ + 2 * EXT_SEGSZ ? (this.nslots - EXT_SEGSZ) / 2 : 0;
  }

  // ---- walking ----

  /** The slot after `ix` in walk order, or 0 at the end. */
  private nextSlot(ix: number): number {
    if (!this.fineLocked) return ix + 1 < this.nactive ? ix + 1 : 0;
    ix += LOCK_CNT;
    if (ix < this.nactive) return ix;
    return (ix + 1) & (LOCK_CNT - 1);
  }

  /** Calls `f` on the live entries in walk order. */
  private forEachLive(f: (e: number) => void): void {
    let ix = 0;
    do {
      for (let e = this.first(ix); e !== END; e = this.nexts[e]) if (this.dead[e] === 0) f(e);
      ix = this.nextSlot(ix);
    } while (ix !== 0);
  }

  /** Pushes an entry's objects onto `out`, newest first (as a chain walk meets them). */
  private pushNewestFirst(e: number, out: Term[][]): void {
    const o = this.objs[e];
    if (!this.bag) {
      if (o !== undefined) out.push(o as Term[]);
      return;
    }
    const objs = o as Term[][];
    for (let i = objs.length - 1; i >= 0; i--) out.push(objs[i]);
  }

  /** Objects in the order select, match and tab2list return them (the walk reversed). */
  objects(): Term[][] {
    const out: Term[][] = [];
    this.forEachLive((e) => this.pushNewestFirst(e, out));
    return out.reverse();
  }

  /** The objects of the buckets holding `keys` (in that order), as select returns them. */
  objectsInBucketsOf(keys: Term[]): Term[][] {
    const out: Term[][] = [];
    const seen = new Set<number>();
    for (const k of keys) {
      const ix = this.slotOf(etsHash(k));
      if (seen.has(ix)) continue;
      seen.add(ix);
      for (let e = this.first(ix); e !== END; e = this.nexts[e]) this.pushNewestFirst(e, out);
    }
    return out.reverse();
  }

  /**
   * A select's walk: the objects of each slot in chain order, slot by slot from `start` (or
   * only the slots of `keys`, in that order), stopping at a slot boundary once `enough`
   * says so. Returns the slot to resume from, or -1 at the end of the table.
   */
  traverse(start: number, keys: Term[] | null, visit: (o: Term[]) => void, enough: () => boolean): number {
    if (keys !== null) {
      const seen = new Set<number>();
      for (const k of keys) {
        const ix = this.slotOf(etsHash(k));
        if (seen.has(ix)) continue;
        seen.add(ix);
        this.visitSlot(ix, visit);
      }
      return -1;
    }
    let ix = start;
    if (ix >= this.nactive) return -1;
    for (;;) {
      this.visitSlot(ix, visit);
      ix = this.nextSlot(ix);
      if (ix === 0) return -1;
      if (enough()) return ix;
    }
  }

  private visitSlot(ix: number, visit: (o: Term[]) => void): void {
    for (let e = this.first(ix); e !== END; e = this.nexts[e]) {
      const o = this.objs[e];
      if (!this.bag) {
        if (o !== undefined) visit(o as Term[]);
      } else {
        const objs = o as Term[][];
        for (let i = objs.length - 1; i >= 0; i--) visit(objs[i]);
      }
    }
  }

  /** The first key in walk order (undefined when the table is empty). */
  firstKey(): Term | undefined {
    let ix = 0;
    do {
      for (let e = this.first(ix); e !== END; e = this.nexts[e]) if (this.dead[e] === 0) return this.keys[e];
      ix = this.nextSlot(ix);
    } while (ix !== 0);
    return undefined;
  }

  /** The key after `key` in walk order (undefined at the end); NOT_IN_TABLE when `key` is not in the table. */
  nextKey(key: Term): Term | undefined | typeof NOT_IN_TABLE {
    const hval = etsHash(key);
    const e = this.find(key, hval);
    if (e === END) return NOT_IN_TABLE;
    let ix = this.slotOf(hval);
    for (let x = this.nexts[e]; x !== END; x = this.nexts[x]) if (this.dead[x] === 0) return this.keys[x];
    while ((ix = this.nextSlot(ix)) !== 0) {
      for (let x = this.first(ix); x !== END; x = this.nexts[x]) if (this.dead[x] === 0) return this.keys[x];
    }
    return undefined;
  }

  /** ets:slot/2: the objects of slot `i` as the BIF returns them; null past the end. */
  slot(i: number): Term[][] | null {
    if (i >= this.nactive) return null;
    const out: Term[][] = [];
    for (let e = this.first(i); e !== END; e = this.nexts[e]) this.pushNewestFirst(e, out);
    return out.reverse();
  }

  get activeSlots(): number {
    return this.nactive;
  }
}
