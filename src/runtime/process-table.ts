// The runtime's local processes by pid number (Runtime.procs): get, set, delete, has, size
// and values() in pid order, which is spawn order.
//
// Not a JS Map: a Map under spawn/exit churn (a few processes alive, thousands a second
// coming and going) keeps replacing its hash table, and V8 links each replaced table to its
// successor (for iterators that were walking it). Once one such table has reached the old
// generation it keeps the next one alive through every young collection, and with it every
// process that table held, their frames, mailboxes and dictionaries: a chain that only a
// full collection cuts. Task.async_stream with 8 tasks at a time had about 14% of all it
// allocated survive young collections that way (almost nothing with a plain object), and
// the copying took a third of its time. The table is an object without prototype whose
// keys are the pid numbers (V8 keeps them as a number dictionary: no link between tables).
import type { Process } from "./process.js";

export class ProcessTable {
  private byId: Record<number, Process> = Object.create(null) as Record<number, Process>;
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(id: number): Process | undefined {
    return this.byId[id];
  }

  has(id: number): boolean {
    return this.byId[id] !== undefined;
  }

  set(id: number, p: Process): this {
    if (this.byId[id] === undefined) this.count++;
    this.byId[id] = p;
    return this;
  }

  delete(id: number): boolean {
    if (this.byId[id] === undefined) return false;
    delete this.byId[id];
    this.count--;
    return true;
  }

  /** The processes in pid order (a copy: the table may change while they are visited). */
  values(): IterableIterator<Process> {
    return Object.values(this.byId).values();
  }
}
