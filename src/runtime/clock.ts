// Clocks: the scheduler's notion of time. RealClock follows wall time; VirtualClock only
// moves when a test advances it, so timer behaviour is deterministic in tests.

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/** Timers in a binary min-heap ordered by (at, seq). */
class TimerHeap {
  private heap: Timer[] = [];
  private seq = 0;
  add(at: number, fn: () => void): Timer {
    const t = { at, seq: this.seq++, fn, cancelled: false };
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const j = (i - 1) >> 1;
      if (!less(h[i], h[j])) break;
      [h[i], h[j]] = [h[j], h[i]];
      i = j;
    }
    return t;
  }
  peek(): Timer | undefined {
    while (this.heap.length > 0 && this.heap[0].cancelled) this.pop();
    return this.heap[0];
  }
  pop(): Timer | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && less(h[l], h[m])) m = l;
        if (r < h.length && less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
  get size(): number {
    return this.heap.length;
  }
}

function less(a: Timer, b: Timer): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

export abstract class Clock {
  private timers = new TimerHeap();
  /** Milliseconds (monotonic). */
  abstract now(): number;
  setTimer(at: number, fn: () => void): unknown {
    return this.timers.add(at, fn);
  }
  clearTimer(id: unknown): void {
    (id as Timer).cancelled = true;
  }
  /** True when a timer (possibly cancelled) is pending: lets the scheduler skip now(). */
  get hasTimers(): boolean {
    return this.timers.size > 0;
  }
  /** Runs every timer whose time has come. */
  fireDue(): void {
    const now = this.now();
    for (let t = this.timers.peek(); t !== undefined && t.at <= now; t = this.timers.peek()) {
      this.timers.pop();
      t.fn();
    }
  }
  /** When the next timer is due, or null when there is none. */
  nextDeadline(): number | null {
    const t = this.timers.peek();
    return t === undefined ? null : t.at;
  }
}

export class RealClock extends Clock {
  private readonly origin = performance.now();
  now(): number {
    return performance.now() - this.origin;
  }
}

export class VirtualClock extends Clock {
  private t = 0;
  now(): number {
    return this.t;
  }
  /** Moves time forward (timers fire on the scheduler's next step). */
  advance(ms: number): void {
    this.t += ms;
  }
}
