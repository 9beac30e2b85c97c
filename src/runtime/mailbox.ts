// A process mailbox with BEAM's selective-receive save pointer and receive mark.
//
// Invariants:
//  - messages live in items[head..end) in arrival order; a message taken from the middle is
//    spliced out at once, so the range never has holes;
//  - `save` is where the current `receive` resumes scanning: every message in [head, save)
//    has already been tried against the current receive's patterns and did not match. `save`
//    is reset to `head` when a receive completes, so the next receive starts from the oldest;
//  - the mark (BEAM's recv_mark) remembers the mailbox end when a reference was created
//    (`make_ref`, `monitor`). No message in [head, markPos) can contain that reference, so a
//    receive whose every clause matches the reference may start scanning at markPos
//    (`seekMark`). A take below markPos shifts it down; compaction rebases it;
//  - `end` is kept apart from the array's length: every slot outside [head, end) holds
//    undefined, and a mailbox that empties keeps a small array for its next messages (a
//    process that receives one message at a time, ping-pong's or a task's, allocated a new
//    array per message).
import type { Term } from "./term.js";

const EMPTY: Term[] = [];
/** A mailbox that empties keeps its array when it has at most this many slots. */
const KEEP = 8;

export class Mailbox {
  /** Shared empty array until the first message arrives (idle processes stay small). */
  items: Term[] = EMPTY;
  head = 0;
  /** One past the newest message (items[end..] are free slots holding undefined). */
  end = 0;
  save = 0;
  private markRef: Term = null;
  private markPos = -1;
  /** Where the current receive's scan jumped to by the mark (-1: it did not), for the observer. */
  seekedTo = -1;

  get length(): number {
    return this.end - this.head;
  }

  push(msg: Term): void {
    const items = this.items;
    if (this.end < items.length) items[this.end++] = msg;
    else if (items === EMPTY) {
      this.items = [msg];
      this.end = 1;
    } else {
      items.push(msg);
      this.end++;
    }
  }

  /** Removes the message at absolute index i (head <= i < end) and ends the receive. */
  take(i: number): Term {
    const items = this.items;
    const m = items[i];
    if (i === this.head) {
      items[i] = undefined;
      this.head++;
      if (this.head === this.end) this.clear();
      else if (this.head > 1024 && this.head * 2 > this.end) this.compact();
    } else {
      const end = --this.end;
      if (i < end) items.copyWithin(i, i + 1, end + 1);
      items[end] = undefined;
      if (i < this.markPos) this.markPos--;
    }
    this.save = this.head;
    this.seekedTo = -1;
    return m;
  }

  /** Ends a receive without taking a message (after a timeout). */
  reset(): void {
    this.save = this.head;
    this.seekedTo = -1;
  }

  /** Records that `ref` was just created: no message before the current end mentions it. */
  mark(ref: Term): void {
    this.markRef = ref;
    this.markPos = this.end;
  }

  /**
   * Starts the current receive's scan at the mark when it was made for `ref` (the receive
   * must match only messages containing `ref`). Returns true when the scan was advanced.
   */
  seekMark(ref: Term): boolean {
    if (ref !== this.markRef || this.markPos < this.head) return false;
    if (this.markPos > this.save) this.save = this.seekedTo = this.markPos;
    return true;
  }

  /** Empty now: the next message goes to slot 0 (of the same array when it is small). */
  private clear(): void {
    if (this.items.length > KEEP) this.items = EMPTY;
    this.seekedTo = -1;
    this.markPos = this.markPos >= 0 ? 0 : -1;
    this.head = 0;
    this.end = 0;
    this.save = 0;
  }

  /** Drops every message at once (a finished process's, see heap-watch.ts). */
  drop(): void {
    this.items = EMPTY;
    this.head = 0;
    this.end = 0;
    this.save = 0;
    this.seekedTo = -1;
    this.markPos = -1;
    this.markRef = null;
  }

  private compact(): void {
    this.items = this.items.slice(this.head, this.end);
    this.end -= this.head;
    this.save -= this.head;
    if (this.seekedTo >= 0) this.seekedTo = Math.max(0, this.seekedTo - this.head);
    if (this.markPos >= 0) this.markPos = Math.max(0, this.markPos - this.head);
    this.head = 0;
  }

  /** Messages in order (for Process.info and the observer). */
  toArray(): Term[] {
    return this.items.slice(this.head, this.end);
  }

  /** Takes the oldest message, if any (flush/0). */
  shift(): Term | undefined {
    if (this.length === 0) return undefined;
    return this.take(this.head);
  }

  /** Removes every message for which `drop` is true, keeping the others in order. */
  removeWhere(drop: (m: Term) => boolean): void {
    // Usually nothing matches (demonitor's flush): then the mailbox is left as it is.
    let any = false;
    for (let i = this.head; i < this.end && !any; i++) any = drop(this.items[i]);
    if (!any) return;
    const kept = this.toArray().filter((m) => !drop(m));
    this.items = kept.length === 0 ? EMPTY : kept;
    this.head = 0;
    this.end = kept.length;
    this.save = 0;
    this.seekedTo = -1;
    this.markPos = -1;
    this.markRef = null;
  }
}
