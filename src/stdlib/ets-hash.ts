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
import { Atom, Term } from "../runtime/term.js";
import { strictEquals } from "../runtime/term-order.js";
import { atomTextHash, internalHash } from "../runtime/term-hash.js";

/**
 * The objects of one key. A set's group holds its object as it is (`obj`; no array to
 * allocate per insert and to follow per lookup); a bag's holds them in `objs`, oldest first
 * (the chain holds them newest first). See objectsOf.
 */
export interface KeyGroup {
  key: Term;
  hval: number;
  /** a set's object (undefined while deleted, and in a bag's group) */
  obj: Term[] | undefined;
  /** a bag's objects, oldest first (null in a set's group) */
  objs: Term[][] | null;
  /** deleted while the table was fixed */
  deleted: boolean;
  /** the next group in its bucket's chain */
  next: KeyGroup | undefined;
}

/** A group's objects, oldest first (a new array for a set's group). */
export function objectsOf(g: KeyGroup): Term[][] {
  if (g.objs !== null) return g.objs;
  return g.obj === undefined ? [] : [g.obj];
}

/** Pushes a group's objects onto `out`, newest first (as a chain walk meets them). */
function pushNewestFirst(g: KeyGroup, out: Term[][]): void {
  const objs = g.objs;
  if (objs === null) {
    if (g.obj !== undefined) out.push(g.obj);
    return;
  }
  for (let i = objs.length - 1; i >= 0; i--) out.push(objs[i]);
}

/** A group without objects (its key deleted while the table is fixed). */
function empty(g: KeyGroup): void {
  g.obj = undefined;
  if (g.objs !== null) g.objs = [];
}

const FIRST_SEGSZ = 256;
const EXT_SEGSZ = 2048;
/** Lock stripes of a fine-locked (write_concurrency) table: the walk's stride. */
const LOCK_CNT = 64;
const MAX_HASH_MASK = 0x7fffffff;

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
  /**
   * slot → the first key group of its chain (undefined when empty), linked through `next`:
   * no array per bucket to allocate, grow and split. A key is found by walking its chain
   * (comparing hash values first), as erl_db_hash.c finds it: no second index to keep.
   */
  private buckets: (KeyGroup | undefined)[] = [];
  /** keys deleted while the table was fixed, still in their chains */
  private deletedKeys = 0;
  /** objects in the table */
  size = 0;
  /** safe_fixtable nesting */
  private fixed = 0;

  constructor(private readonly fineLocked: boolean) {}

  /** The live objects of `key`. */
  get(key: Term): KeyGroup | undefined {
    const g = this.find(key, etsHash(key));
    return g === undefined || g.deleted ? undefined : g;
  }

  /** `key`'s group (live or deleted while fixed), whose hash value is `hval`. */
  private find(key: Term, hval: number): KeyGroup | undefined {
    for (let g = this.buckets[this.slotOf(hval)]; g !== undefined; g = g.next) {
      if (g.hval === hval && sameKey(g.key, key)) return g;
    }
    return undefined;
  }

  fix(): void {
    this.fixed++;
  }

  unfix(): void {
    if (this.fixed === 0 || --this.fixed > 0 || this.deletedKeys === 0) return;
    for (let ix = 0; ix < this.nactive; ix++) {
      let g = this.buckets[ix];
      while (g !== undefined && g.deleted) g = g.next;
      this.buckets[ix] = g;
      while (g !== undefined) {
        let n = g.next;
        while (n !== undefined && n.deleted) n = n.next;
        g.next = n;
        g = n;
      }
    }
    this.deletedKeys = 0;
  }

  get isFixed(): boolean {
    return this.fixed > 0;
  }

  private slotOf(hval: number): number {
    let ix = hval & this.szm;
    if (ix >= this.nactive) ix &= this.szm >> 1;
    return ix;
  }

  /** A set's object for `key` replaced (in place) or added at the end of its chain. */
  putSet(key: Term, obj: Term[]): void {
    const hval = etsHash(key);
    const ix = this.slotOf(hval);
    let c = this.buckets[ix];
    if (c === undefined) {
      this.buckets[ix] = { key, hval, obj, objs: null, deleted: false, next: undefined };
      this.added();
      return;
    }
    // one walk finds the key or the chain's end
    for (;;) {
      if (c.hval === hval && sameKey(c.key, key)) {
        if (c.deleted) this.revive(c, obj);
        else c.obj = obj;
        return;
      }
      if (c.next === undefined) break;
      c = c.next;
    }
    c.next = { key, hval, obj, objs: null, deleted: false, next: undefined };
    this.added();
  }

  /** A key deleted while fixed gets an object again, in its old place. */
  private revive(g: KeyGroup, obj: Term[]): void {
    g.deleted = false;
    this.deletedKeys--;
    if (g.objs === null) g.obj = obj;
    else g.objs = [obj];
    this.size++;
  }

  /** A bag's (or duplicate bag's) new object: first among its key's objects in the chain. */
  putBag(key: Term, obj: Term[], duplicates: boolean, same: (x: Term[], y: Term[]) => boolean): void {
    const hval = etsHash(key);
    const g = this.find(key, hval);
    if (g === undefined) {
      this.addGroup(key, hval, obj);
      return;
    }
    if (g.deleted) {
      this.revive(g, obj);
      return;
    }
    const objs = g.objs!;
    if (!duplicates && objs.some((o) => same(o, obj))) return;
    objs.push(obj);
    this.added();
  }

  private addGroup(key: Term, hval: number, obj: Term[]): void {
    const g: KeyGroup = { key, hval, obj: undefined, objs: [obj], deleted: false, next: undefined };
    const ix = this.slotOf(hval);
    let c = this.buckets[ix];
    if (c === undefined) this.buckets[ix] = g;
    else {
      while (c.next !== undefined) c = c.next;
      c.next = g;
    }
    this.added();
  }

  private added(): void {
    this.size++;
    for (let i = 0; i < 5 && this.size > this.nactive && !this.fixed; i++) this.grow();
  }

  /** Removes the objects `drop` picks among `key`'s (all of them without `drop`). */
  remove(key: Term, drop?: (o: Term[]) => boolean): Term[][] {
    const g = this.get(key);
    if (g === undefined) return [];
    const objs = objectsOf(g);
    const removed = drop === undefined ? objs : objs.filter(drop);
    if (removed.length === 0) return [];
    if (removed.length === objs.length) {
      if (this.fixed) {
        g.deleted = true;
        empty(g);
        this.deletedKeys++;
      } else this.unlink(g);
    } else g.objs = objs.filter((o) => !removed.includes(o));
    this.size -= removed.length;
    for (let i = 0; i < 5 && this.size < this.shrinkLimit && !this.fixed; i++) this.shrink();
    return removed;
  }

  private unlink(g: KeyGroup): void {
    const ix = this.slotOf(g.hval);
    let c = this.buckets[ix]!;
    if (c === g) this.buckets[ix] = g.next;
    else {
      while (c.next !== g) c = c.next!;
      c.next = g.next;
    }
    g.next = undefined;
  }

  clear(): void {
    if (this.fixed) {
      // all keys stay (invisible) until the table is unfixed
      for (const g of this.walk()) {
        g.deleted = true;
        empty(g);
        this.deletedKeys++;
      }
      this.size = 0;
      return;
    }
    this.nactive = FIRST_SEGSZ;
    this.szm = FIRST_SEGSZ - 1;
    this.nslots = FIRST_SEGSZ;
    this.shrinkLimit = 0;
    this.buckets = [];
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
    let g = this.buckets[fromIx];
    if (g === undefined) {
      this.buckets[toIx] = undefined;
      return;
    }
    // Split, keeping both orders (the moving groups go to the new chain).
    let stay: KeyGroup | undefined;
    let stayEnd: KeyGroup | undefined;
    let move: KeyGroup | undefined;
    let moveEnd: KeyGroup | undefined;
    for (; g !== undefined; g = g.next) {
      if ((g.hval & szm) === fromIx) {
        if (stayEnd === undefined) stay = g;
        else stayEnd.next = g;
        stayEnd = g;
      } else {
        if (moveEnd === undefined) move = g;
        else moveEnd.next = g;
        moveEnd = g;
      }
    }
    if (stayEnd !== undefined) stayEnd.next = undefined;
    if (moveEnd !== undefined) moveEnd.next = undefined;
    this.buckets[fromIx] = stay;
    this.buckets[toIx] = move;
  }

  private shrink(): void {
    const srcIx = this.nactive - 1;
    const lowSzm = this.szm >> 1;
    const dstIx = srcIx & lowSzm;
    const src = this.buckets[srcIx];
    this.buckets[srcIx] = undefined;
    this.nactive = srcIx;
    if (dstIx === 0) this.szm = lowSzm;
    if (this.nslots - srcIx >= EXT_SEGSZ) {
      this.nslots -= EXT_SEGSZ;
      this.updateShrinkLimit();
    }
    // the top bucket's chain goes before the one it joins
    if (src !== undefined) {
      let end = src;
      while (end.next !== undefined) end = end.next;
      end.next = this.buckets[dstIx];
      this.buckets[dstIx] = src;
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

  /** Key groups in walk order. */
  *walk(): Generator<KeyGroup> {
    let ix = 0;
    do {
      for (let g = this.buckets[ix]; g !== undefined; g = g.next) if (!g.deleted) yield g;
      ix = this.nextSlot(ix);
    } while (ix !== 0);
  }

  /** Objects in the order select, match and tab2list return them (the walk reversed). */
  objects(): Term[][] {
    const out: Term[][] = [];
    for (const g of this.walk()) pushNewestFirst(g, out);
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
      for (let g = this.buckets[ix]; g !== undefined; g = g.next) pushNewestFirst(g, out);
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
    for (let g = this.buckets[ix]; g !== undefined; g = g.next) {
      const objs = g.objs;
      if (objs === null) {
        if (g.obj !== undefined) visit(g.obj);
      } else for (let i = objs.length - 1; i >= 0; i--) visit(objs[i]);
    }
  }

  first(): KeyGroup | undefined {
    return this.walk().next().value ?? undefined;
  }

  /** The group after `key`'s in walk order; null when `key` is not in the table. */
  next(key: Term): KeyGroup | undefined | null {
    const g = this.find(key, etsHash(key));
    if (g === undefined) return null;
    let ix = this.slotOf(g.hval);
    for (let x = g.next; x !== undefined; x = x.next) if (!x.deleted) return x;
    while ((ix = this.nextSlot(ix)) !== 0) {
      for (let x = this.buckets[ix]; x !== undefined; x = x.next) if (!x.deleted) return x;
    }
    return undefined;
  }

  /** ets:slot/2: the objects of slot `i` as the BIF returns them; null past the end. */
  slot(i: number): Term[][] | null {
    if (i >= this.nactive) return null;
    const out: Term[][] = [];
    for (let g = this.buckets[i]; g !== undefined; g = g.next) pushNewestFirst(g, out);
    return out.reverse();
  }

  get activeSlots(): number {
    return this.nactive;
  }
}
