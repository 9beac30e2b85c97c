// Samples a source on an interval (default 1 s) and keeps the last two snapshots, so the
// model can show reductions per interval, and a bounded history of them (time travel). Sampling runs on a Node timer between scheduler
// slices: it never runs inside the scheduler and never waits for a process.
import type { ObserverSource, Snapshot } from "./source.js";
import { SnapshotHistory } from "./history.js";

export type SampleListener = (cur: Snapshot, prev: Snapshot | null) => void;

export class Sampler {
  cur: Snapshot | null = null;
  prev: Snapshot | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly listeners = new Set<SampleListener>();
  private paused = false;
  /** Every snapshot taken, for time travel (bounded, see history.ts). */
  readonly history = new SnapshotHistory();

  constructor(
    private readonly source: ObserverSource,
    private intervalMs = 1000,
  ) {}

  get interval(): number {
    return this.intervalMs;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  subscribe(l: SampleListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** Takes a sample now and notifies listeners. */
  sample(): Snapshot {
    const s = this.source.snapshot();
    this.prev = this.cur;
    this.cur = s;
    this.history.push(s);
    for (const l of this.listeners) l(s, this.prev);
    return s;
  }

  start(): void {
    if (this.cur === null) this.sample();
    this.schedule();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  setInterval(ms: number): void {
    if (ms === this.intervalMs) return;
    this.intervalMs = ms;
    if (this.timer) this.schedule();
  }

  setPaused(paused: boolean): void {
    if (paused === this.paused) return;
    this.paused = paused;
    if (paused) this.stop();
    else {
      this.sample();
      this.schedule();
    }
  }

  private schedule(): void {
    this.stop();
    if (this.paused) return;
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref?.();
  }
}
