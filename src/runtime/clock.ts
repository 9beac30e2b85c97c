// Clocks: the scheduler's notion of time. RealClock follows wall time; VirtualClock only
// moves when a test advances it, so timer behaviour is deterministic in tests. A real clock
// becomes virtual when the runtime is seeded (seed.ts): from then on the scheduler moves it
// by the reductions that ran, and the Driver moves it to the next timer when all are idle.

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

const NOTHING = (): void => {};

/**
 * Timers in a binary min-heap ordered by (at, seq). A cancelled timer stays in the heap
 * until it reaches the top, unless cancelled ones come to outnumber the live ones: then the
 * heap is rebuilt without them (a receive with a timeout sets and cancels one per receive,
 * GenServer.call's 5 s default among them, and would otherwise keep each for 5 s).
 */
class TimerHeap {
  private heap: Timer[] = [];
  private seq = 0;
  /** Cancelled timers still in the heap. */
  private cancelled = 0;
  cancel(t: Timer): void {
    if (t.cancelled) return;
    t.cancelled = true;
    t.fn = NOTHING;
    if (++this.cancelled > 64 && this.cancelled * 2 > this.heap.length) this.purge();
  }
  /** Rebuilds the heap from its live timers. */
  private purge(): void {
    const live = this.heap.filter((t) => !t.cancelled);
    live.sort((x, y) => (less(x, y) ? -1 : less(y, x) ? 1 : 0));
    this.heap = live;
    this.cancelled = 0;
  }
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
    while (this.heap.length > 0 && this.heap[0].cancelled) {
      this.pop();
      this.cancelled--;
    }
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
  /** The time when the clock is virtual (moved only by advance), else null. */
  protected manual: number | null = null;
  /** Milliseconds (monotonic). */
  abstract now(): number;
  /** True when time moves only by advance()/advanceTo(). */
  get virtual(): boolean {
    return this.manual !== null;
  }
  /**
   * From now on time moves only by advance()/advanceTo(), starting at `at` (a clock no
   * timer was set on yet) or from the current reading.
   */
  makeVirtual(at?: number): void {
    if (this.manual === null) this.manual = at ?? this.now();
  }
  /** Moves virtual time forward (timers fire on the scheduler's next step). */
  advance(ms: number): void {
    if (this.manual === null) throw new Error("advance() on a real clock");
    this.manual += ms;
  }
  /** Moves time forward to `at` (never back). */
  advanceTo(at: number): void {
    if (this.manual !== null && at > this.manual) this.manual = at;
  }
  /**
   * How fast time goes against real time: 1, below 1 in slow motion, 0 while the runtime is
   * paused (see pause.ts). A virtual clock keeps it for the Driver, which waits for timers
   * in real time.
   */
  rate = 1;
  setRate(rate: number): void {
    this.rate = rate;
  }
  setTimer(at: number, fn: () => void): unknown {
    return this.timers.add(at, fn);
  }
  clearTimer(id: unknown): void {
    this.timers.cancel(id as Timer);
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
      // Out of the heap: cancelling it now is a no-op.
      t.cancelled = true;
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
  /** The clock's time at `realBase` (real ms); from there it runs at `rate`. */
  private base = 0;
  private realBase = performance.now();
  now(): number {
    if (this.manual !== null) return this.manual;
    return this.base + (performance.now() - this.realBase) * this.rate;
  }
  override setRate(rate: number): void {
    this.base = this.now();
    this.realBase = performance.now();
    this.rate = rate;
  }
  override advanceTo(at: number): void {
    if (this.manual !== null) return super.advanceTo(at);
    const now = this.now();
    if (at > now) this.base += at - now;
  }
}

export class VirtualClock extends Clock {
  constructor() {
    super();
    this.manual = 0;
  }
  now(): number {
    return this.manual!;
  }
}
