// Runs a runtime's scheduler against real time inside Node's event loop.
//
// A tick runs slices for SLICE_MS, then returns to the event loop with setImmediate, so
// stdin, Node timers and sockets are served between ticks (never a setTimeout per slice:
// Node clamps those to 1 ms). When nothing is runnable the driver sleeps: one setTimeout
// until the next runtime timer, or nothing at all until a process is woken (`onWake`), so
// an idle runtime costs no CPU. The sleep timer keeps Node alive (a process sleeping in
// `receive after` is work still to do); whoever owns the driver calls stop() to quit.
//
// A seeded runtime (seed.ts) must not depend on real time: a tick is a fixed number of
// slices, and when all are idle the driver waits for the next timer in real time and then
// moves the virtual clock to it.
//
// Slow motion (pause.ts: speed below 1): after each tick the driver rests so that running
// takes 1/speed of the time, and timers wait 1/speed as long. While the runtime is paused
// its clock stands still, so the driver does not sleep towards timers.
import { heapWatch } from "./heap-watch.js";
import type { HeapWatch } from "./heap-watch.js";
import type { Runtime } from "./runtime.js";

/** How long the scheduler runs before yielding to the event loop. */
export const SLICE_MS = 4;
/** Slices between two clock reads inside a tick (reading the clock is not free). */
/** The longest wait Node's setTimeout takes (a longer one fires at once, with a warning). */
const MAX_NODE_TIMEOUT = 2 ** 31 - 1;

const CHECK_EVERY = 8;
/**
 * The least time between two of the heap watch's looks inside a tick. Asking V8 for its heap
 * statistics takes microseconds, as long as a slice of a process that sends and waits: every
 * 8 slices, that was a twentieth of a GenServer.call round trip. A process fills the heap at
 * hundreds of MB a second at most, so a look every half a millisecond misses nothing.
 */
const WATCH_EVERY_MS = 0.5;
/** Slices in a tick of a seeded runtime. */
const SEEDED_TICK = 64;

/** Why the scheduler is held (bits of Driver.holds). */
export const HOLD = {
  /** The reader of the program's output lags. */
  output: 1,
  /** A seeded piped shell waits for its next input. */
  input: 2,
} as const;

export class Driver {
  private scheduled = false;
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  private stopped = false;
  private holds = 0;
  /** Slow motion: no tick before this (performance.now() ms). */
  private restUntil = 0;
  private watchedAt = -Infinity;
  /** Kills the process holding the most when the JS heap is nearly full (heap-watch.ts). */
  private readonly watch: HeapWatch;

  constructor(private readonly rt: Runtime) {
    rt.scheduler.onWake = () => this.kick();
    this.watch = heapWatch(rt);
  }

  /** Makes sure the scheduler runs soon. */
  kick(): void {
    if (this.scheduled || this.stopped || this.holds !== 0) return;
    this.scheduled = true;
    this.cancelSleep();
    if (this.rt.scheduler.speed < 1) {
      const rest = this.restUntil - performance.now();
      if (rest > 0) {
        setTimeout(() => this.tick(), Math.ceil(rest));
        return;
      }
    }
    setImmediate(() => this.tick());
  }

  /**
   * Pauses the scheduler while `on` for a reason (`why`, a HOLD bit: the reader of the
   * program's output is behind, as on BEAM, where a process writing to a slow device waits
   * for it), then resumes it when no reason is left.
   */
  hold(on: boolean, why: number = HOLD.output): void {
    this.holds = on ? this.holds | why : this.holds & ~why;
    if (on) this.cancelSleep();
    else this.kick();
  }

  stop(): void {
    this.stopped = true;
    this.cancelSleep();
  }

  private cancelSleep(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
      this.timerAt = Infinity;
    }
  }

  private tick(): void {
    this.scheduled = false;
    if (this.stopped || this.holds !== 0) return;
    const rt = this.rt;
    const start = performance.now();
    if (rt.scheduler.seeded !== null) {
      for (let n = 0; n < SEEDED_TICK && rt.step(); n++);
    } else {
      const end = performance.now() + SLICE_MS;
      for (let n = 1; ; n++) {
        if (!rt.step()) break;
        if (n % CHECK_EVERY === 0) {
          const now = performance.now();
          if (now - this.watchedAt >= WATCH_EVERY_MS) {
            this.watchedAt = now;
            this.watch.check(now);
          }
          if (now >= end) break;
        }
      }
    }
    const speed = rt.scheduler.speed;
    if (speed < 1) this.restUntil = performance.now() + (performance.now() - start) * (1 / speed - 1);
    this.watch.check();
    rt.scheduler.fireTimers();
    if (rt.scheduler.hasRunnable) return this.kick();
    this.sleepUntilNextTimer();
  }

  /** Nothing to run: wake up when the earliest runtime timer is due. */
  private sleepUntilNextTimer(): void {
    const clock = this.rt.clock;
    const next = clock.nextDeadline();
    // A paused runtime's time stands still: no timer comes due until it resumes.
    if (next === null || this.stopped || clock.rate === 0) return;
    if (this.timer !== null && this.timerAt <= next) return;
    this.cancelSleep();
    const from = clock.now();
    const delay = Math.max(0, next - from) / clock.rate;
    // (Node's timers take at most 2^31 - 1 ms, BEAM's far more: a longer wait is taken in
    // steps, each ending with a look at what is due)
    const wait = Math.min(Math.ceil(delay), MAX_NODE_TIMEOUT);
    this.timerAt = wait < Math.ceil(delay) ? from + wait * clock.rate : next;
    const until = this.timerAt;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerAt = Infinity;
      // A virtual clock (a seeded run) does not move by itself: now it is that time.
      if (this.rt.clock.virtual && this.rt.clock.rate !== 0) this.rt.clock.advanceTo(until);
      this.kick();
    }, wait);
  }
}
