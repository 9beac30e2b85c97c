// Time travel: the observer keeps the snapshots it takes (processes with their links,
// parents, mailbox lengths, reductions and supervisors' restart counts) so the user can
// scrub back through them: "what did the tree look like right before the restart?".
//
// Bounded: the newest `capacity` snapshots (600: ten minutes at the default interval of a
// second). A snapshot holds one record per live process, and the source reuses a process's
// record while nothing it shows changed, so snapshots of a quiet system share nearly all
// their records: a few hundred bytes per process that changed per sample at most.
//
// Positions are sequence numbers (the n-th snapshot taken since the observer opened), so a
// position keeps naming the same snapshot while newer ones arrive and old ones drop off.
import type { Snapshot } from "./source.js";

export const HISTORY_CAPACITY = 600;

/** What the UI reducer needs to know about the history (plain numbers and look-ups). */
export interface HistoryIndex {
  /** Sequence numbers of the oldest and newest snapshots kept (first > last: none). */
  readonly first: number;
  readonly last: number;
  /** The newest snapshot s <= seq / oldest s > seq in which processes started or ended since
   *  the snapshot before it (s - 1), or null. */
  changeBefore(seq: number): number | null;
  changeAfter(seq: number): number | null;
}

export class SnapshotHistory implements HistoryIndex {
  private buf: Snapshot[] = [];
  /** Sequence number of buf[0]. */
  private base = 0;

  constructor(readonly capacity = HISTORY_CAPACITY) {}

  push(s: Snapshot): void {
    this.buf.push(s);
    // Trimmed in batches, so a push costs O(1) on average.
    if (this.buf.length >= this.capacity + Math.max(1, this.capacity >> 3)) {
      const drop = this.buf.length - this.capacity;
      this.buf = this.buf.slice(drop);
      this.base += drop;
    }
  }

  get first(): number {
    return Math.max(this.base, this.base + this.buf.length - this.capacity);
  }

  get last(): number {
    return this.base + this.buf.length - 1;
  }

  get size(): number {
    return this.last - this.first + 1;
  }

  /** The snapshot with sequence number `seq`, if still kept. */
  get(seq: number): Snapshot | null {
    if (seq < this.first || seq > this.last) return null;
    return this.buf[seq - this.base];
  }

  /** The newest snapshot taken at or before `uptimeMs` on the runtime's clock. */
  before(uptimeMs: number): number | null {
    for (let seq = this.last; seq >= this.first; seq--) if (this.get(seq)!.system.uptimeMs <= uptimeMs) return seq;
    return null;
  }

  changeBefore(seq: number): number | null {
    for (let s = Math.min(seq, this.last); s > this.first; s--) if (changed(this.get(s - 1)!, this.get(s)!)) return s;
    return null;
  }

  changeAfter(seq: number): number | null {
    for (let s = Math.max(seq, this.first) + 1; s <= this.last; s++) if (changed(this.get(s - 1)!, this.get(s)!)) return s;
    return null;
  }

  /** What changed from the snapshot before `seq` to it: processes that started and ended. */
  diff(seq: number): { started: number[]; ended: number[] } {
    const cur = this.get(seq);
    const prev = this.get(seq - 1);
    if (cur === null || prev === null) return { started: [], ended: [] };
    const now = new Set(cur.procs.map((p) => p.id));
    const then = new Set(prev.procs.map((p) => p.id));
    return { started: [...now].filter((id) => !then.has(id)), ended: [...then].filter((id) => !now.has(id)) };
  }
}

/** Whether processes started or ended between two snapshots. */
function changed(prev: Snapshot, cur: Snapshot): boolean {
  if (prev.procs.length !== cur.procs.length) return true;
  const then = new Set(prev.procs.map((p) => p.id));
  return cur.procs.some((p) => !then.has(p.id));
}
