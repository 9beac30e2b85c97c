// A process mailbox with BEAM's selective-receive save pointer.
//
// Invariants: messages live in items[head..end) in arrival order (removed slots inside that
// range are compacted immediately). `save` is where the current `receive` resumes scanning:
// every message in [head, save) has already been tried against the current receive's
// patterns and did not match. `save` is reset to `head` when a receive completes, so the
// next receive starts from the oldest message.
import type { Term } from "./term.js";

export class Mailbox {
  items: Term[] = [];
  head = 0;
  save = 0;

  get length(): number {
    return this.items.length - this.head;
  }
  get end(): number {
    return this.items.length;
  }

  push(msg: Term): void {
    this.items.push(msg);
  }

  /** Removes the message at absolute index i (head <= i < end) and ends the receive. */
  take(i: number): Term {
    const m = this.items[i];
    if (i === this.head) {
      this.items[i] = undefined;
      this.head++;
      if (this.head > 1024 && this.head * 2 > this.items.length) this.compact();
    } else {
      this.items.splice(i, 1);
    }
    this.save = this.head;
    return m;
  }

  /** Ends a receive without taking a message (after a timeout). */
  reset(): void {
    this.save = this.head;
  }

  private compact(): void {
    this.items = this.items.slice(this.head);
    this.save -= this.head;
    this.head = 0;
  }

  /** Messages in order (for Process.info and the observer). */
  toArray(): Term[] {
    return this.items.slice(this.head);
  }

  /** Takes the oldest message, if any (flush/0). */
  shift(): Term | undefined {
    if (this.length === 0) return undefined;
    return this.take(this.head);
  }
}
