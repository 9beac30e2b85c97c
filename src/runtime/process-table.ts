// The runtime's local processes by pid number (Runtime.procs): get, set, delete, has, size
// and values() in pid order, which is spawn order.
//
// Not a JS Map: a Map under spawn/exit churn (a few processes alive, thousands a second
// coming and going) keeps replacing its hash table, and V8 links each replaced table to its
// successor (for iterators that were walking it). Once one such table has reached the old
// generation it keeps the next one alive through every young collection, and with it every
// process that table held, their frames, mailboxes and dictionaries: a chain that only a
// full collection cuts. Task.async_stream with 8 tasks at a time had about 14% of all it
// allocated survive young collections that way, and the copying took a third of its time.
//
// An open-addressing table instead: pid numbers plus one in a Float64Array (0: a free slot;
// the system's processes start at pid number 0, init's), their processes at the same index, probed linearly from the pid
// number itself (pids are handed out in sequence, so the live ones spread over the slots
// without hashing), deleted by moving the entries after the hole back (no tombstones). Its
// arrays are replaced only as it grows or shrinks by half, and a replaced one links to nothing.
// It never shrinks below SHRINK_FLOOR slots: a few processes coming and going around a
// power of two (Task.async_stream's 8 tasks beside the 3 of a script) made it grow and
// shrink about twice per task, 2% of that workload's time.
import type { Process } from "./process.js";

const MIN_CAPACITY = 16;
/** The table shrinks (to half) only while it has more slots than this (4 KB of them). */
const SHRINK_FLOOR = 256;

export class ProcessTable {
  private ids = new Float64Array(MIN_CAPACITY);
  private procs: (Process | undefined)[] = new Array<Process | undefined>(MIN_CAPACITY).fill(undefined);
  private mask = MIN_CAPACITY - 1;
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(id: number): Process | undefined {
    const ids = this.ids;
    const mask = this.mask;
    const key = id + 1;
    for (let i = key & mask; ; i = (i + 1) & mask) {
      const k = ids[i];
      if (k === key) return this.procs[i];
      if (k === 0) return undefined;
    }
  }

  has(id: number): boolean {
    return this.get(id) !== undefined;
  }

  set(id: number, p: Process): this {
    if (!(id >= 0)) throw new Error(`process table: bad pid number ${id}`);
    const ids = this.ids;
    const mask = this.mask;
    const key = id + 1;
    for (let i = key & mask; ; i = (i + 1) & mask) {
      const k = ids[i];
      if (k === key) {
        this.procs[i] = p;
        return this;
      }
      if (k === 0) {
        ids[i] = key;
        this.procs[i] = p;
        if (++this.count * 2 > ids.length) this.resize(ids.length * 2);
        return this;
      }
    }
  }

  delete(id: number): boolean {
    const ids = this.ids;
    const procs = this.procs;
    const mask = this.mask;
    const key = id + 1;
    let i = key & mask;
    for (; ; i = (i + 1) & mask) {
      const k = ids[i];
      if (k === key) break;
      if (k === 0) return false;
    }
    // Close the hole: an entry further on whose home slot is not between the hole and it
    // (cyclically) moves into the hole, which moves on to where it was.
    for (let j = (i + 1) & mask; ids[j] !== 0; j = (j + 1) & mask) {
      const home = ids[j] & mask;
      const between = i <= j ? i < home && home <= j : i < home || home <= j;
      if (between) continue;
      ids[i] = ids[j];
      procs[i] = procs[j];
      i = j;
    }
    ids[i] = 0;
    procs[i] = undefined;
    if (--this.count * 8 < ids.length && ids.length > SHRINK_FLOOR) this.resize(ids.length / 2);
    return true;
  }

  /** The processes in pid order (a copy: the table may change while they are visited). */
  values(): IterableIterator<Process> {
    const out: Process[] = [];
    const ids = this.ids;
    let sorted = true;
    let last = 0;
    for (let i = 0; i < ids.length; i++) {
      const k = ids[i];
      if (k === 0) continue;
      if (k < last) sorted = false;
      last = k;
      out.push(this.procs[i]!);
    }
    if (!sorted) out.sort((x, y) => x.pid.id - y.pid.id);
    return out.values();
  }

  private resize(capacity: number): void {
    const ids = this.ids;
    const procs = this.procs;
    this.ids = new Float64Array(capacity);
    this.procs = new Array<Process | undefined>(capacity).fill(undefined);
    this.mask = capacity - 1;
    for (let i = 0; i < ids.length; i++) {
      const k = ids[i];
      if (k === 0) continue;
      for (let j = k & this.mask; ; j = (j + 1) & this.mask) {
        if (this.ids[j] === 0) {
          this.ids[j] = k;
          this.procs[j] = procs[i];
          break;
        }
      }
    }
  }
}
