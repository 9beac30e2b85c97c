// Runs a runtime's scheduler against real time inside Node's event loop.
//
// A tick runs slices for SLICE_MS, then returns to the event loop with setImmediate, so
// stdin, Node timers and sockets are served between ticks (never a setTimeout per slice:
// Node clamps those to 1 ms). When nothing is runnable the driver sleeps: one setTimeout
// until the next runtime timer, or nothing at all until a process is woken (`onWake`), so
// an idle runtime costs no CPU. The sleep timer keeps Node alive (a process sleeping in
// `receive after` is work still to do); whoever owns the driver calls stop() to quit.
import type { Runtime } from "./runtime.js";

/** How long the scheduler runs before yielding to the event loop. */
export const SLICE_MS = 4;
/** Slices between two clock reads inside a tick (reading the clock is not free). */
const CHECK_EVERY = 8;

export class Driver {
  private scheduled = false;
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  private stopped = false;
  private held = false;

  constructor(private readonly rt: Runtime) {
    rt.scheduler.onWake = () => this.kick();
  }

  /** Makes sure the scheduler runs soon. */
  kick(): void {
    if (this.scheduled || this.stopped || this.held) return;
    this.scheduled = true;
    this.cancelSleep();
    setImmediate(() => this.tick());
  }

  /**
   * Pauses the scheduler while `on` (the reader of the program's output is behind: as on
   * BEAM, where a process writing to a slow device waits for it), then resumes it.
   */
  hold(on: boolean): void {
    this.held = on;
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
    if (this.stopped || this.held) return;
    const rt = this.rt;
    const end = performance.now() + SLICE_MS;
    for (let n = 1; ; n++) {
      if (!rt.step()) break;
      if (n % CHECK_EVERY === 0 && performance.now() >= end) break;
    }
    rt.scheduler.fireTimers();
    if (rt.scheduler.hasRunnable) return this.kick();
    this.sleepUntilNextTimer();
  }

  /** Nothing to run: wake up when the earliest runtime timer is due. */
  private sleepUntilNextTimer(): void {
    const next = this.rt.clock.nextDeadline();
    if (next === null || this.stopped) return;
    if (this.timer !== null && this.timerAt <= next) return;
    this.cancelSleep();
    const delay = Math.max(0, next - this.rt.clock.now());
    this.timerAt = next;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerAt = Infinity;
      this.kick();
    }, Math.ceil(delay));
  }
}
