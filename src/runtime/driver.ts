// Runs a runtime's scheduler against real time inside Node's event loop: slices run for a
// few milliseconds, then control returns to the event loop (setImmediate) so stdin, timers
// and sockets stay responsive; when nothing is runnable it sleeps until the next timer or
// until a process is woken (no busy waiting).
import type { Runtime } from "./runtime.js";

/** How long the scheduler runs before yielding to the event loop. */
export const SLICE_MS = 4;

export class Driver {
  private scheduled = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly rt: Runtime) {
    rt.onWake = () => this.kick();
  }

  /** Makes sure the scheduler runs soon. */
  kick(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    setImmediate(() => this.tick());
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private tick(): void {
    this.scheduled = false;
    const end = performance.now() + SLICE_MS;
    while (performance.now() < end) {
      if (!this.rt.step()) break;
    }
    this.rt.fireTimers();
    if (this.rt.hasRunnable) return this.kick();
    const next = this.rt.clock.nextDeadline();
    if (next !== null && !this.stopped) {
      const delay = Math.max(0, next - this.rt.clock.now());
      this.timer = setTimeout(() => {
        this.timer = null;
        this.kick();
      }, Math.ceil(delay));
      this.timer.unref?.();
    }
  }
}
