// Seeded runs (`beamsh --seed N`, `:beamsh.seed/1`): the same program gives the same
// interleaving, pids, timings and output every time, and another seed gives another legal
// interleaving. Without a seed nothing here runs and the scheduler is BEAM's single run
// queue (first in, first out, full slices) on real time.
//
// What a seed decides (all from one pseudo-random sequence):
//   - which runnable process runs next: any of them, as on a BEAM with several schedulers
//     (`Scheduler.step`);
//   - how many reductions each slice may use: 1 to the full budget, so preemption points
//     move between seeds;
//   - `Enum.random/1` and friends.
// And time is virtual: the runtime's clock moves by the reductions that ran
// (`NS_PER_REDUCTION`), and when nothing can run it jumps to the next timer (the Driver
// still waits that long in real time, so `Process.sleep(1000)` takes a second). Timers,
// `receive ... after`, `:erlang.monotonic_time` and `:timer.tc` read that clock, and so
// does the time of day (`SEEDED_EPOCH_MS` plus the virtual time: System.os_time,
// DateTime.utc_now, Logger's timestamps, and :rand's default seed, which mixes it in).
//
// What stays nondeterministic: the moments input arrives (keys typed, IO.gets on a slow pipe; piped shell input is read
// with the scheduler paused between inputs, so it is deterministic), files and the
// network (other nodes).
import type { Runtime } from "./runtime.js";

/**
 * Virtual nanoseconds one reduction takes in a seeded run: about what one costs on a
 * laptop, so a full slice (1000 reductions) is 50 µs and virtual time runs near real time.
 */
export const NS_PER_REDUCTION = 50;

/**
 * A small pseudo-random generator (32-bit state, Weyl sequence plus an integer mix): fast,
 * reproducible, well spread. Not for cryptography.
 */
export class SeededRandom {
  private s: number;

  /**
   * `seed` starts the sequence; `origin` is the clock's reading when the runtime was seeded
   * (seeded time of day and monotonic time count from it).
   */
  constructor(
    readonly seed: number,
    readonly origin = 0,
  ) {
    this.s = seed >>> 0;
  }

  /** The next 32-bit unsigned integer. */
  next(): number {
    this.s = (this.s + 0x9e3779b9) >>> 0;
    let z = this.s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor((this.next() / 0x100000000) * n);
  }

  /** A float in [0, 1). */
  float(): number {
    return this.next() / 0x100000000;
  }
}

/**
 * Makes `rt` run seeded from now on: its scheduler draws from `seed`, its clock becomes
 * virtual (at 0 for a new runtime, else keeping its current reading; the time of day and
 * monotonic time count from the seeding, so a runtime seeded late repeats too), its logger counts cold events
 * in slices.
 */
export function seedRuntime(rt: Runtime, seed: number, fresh = false): void {
  rt.clock.makeVirtual(fresh ? 0 : undefined);
  rt.scheduler.seeded = new SeededRandom(seed, rt.clock.now());
  if (rt.logger.mode === "timed") rt.logger.mode = "stepped";
}

/**
 * Makes `rt`'s time virtual and moved by the reductions that run (NS_PER_REDUCTION each),
 * and, when nothing can run, to the next timer, as in a seeded run; but the scheduler stays
 * BEAM's single run queue. So a timer comes due at the same point of a program on every run,
 * whatever else the machine is doing (tests replaying transcripts, where a 10 ms timer must
 * not fire early because the machine is slow).
 */
export function timeByReductions(rt: Runtime): void {
  rt.clock.makeVirtual();
  rt.scheduler.reductionTime = true;
}

/** The time of day when a seeded runtime's clock reads 0: 2000-01-01T00:00:00Z. */
export const SEEDED_EPOCH_MS = 946_684_800_000;

/** The time of day in ms since 1970 as `rt`'s processes see it (virtual in a seeded run). */
export function wallClockMs(rt: Runtime | null): number {
  const seeded = rt?.scheduler.seeded ?? null;
  if (seeded === null) return Date.now();
  return SEEDED_EPOCH_MS + rt!.clock.now() - seeded.origin;
}

/** Milliseconds since the runtime was seeded (its monotonic time), or null when it is not. */
export function seededMs(rt: Runtime): number | null {
  const seeded = rt.scheduler.seeded;
  return seeded === null ? null : rt.clock.now() - seeded.origin;
}

/** The seed `rt` runs with, or null. */
export function seedOf(rt: Runtime): number | null {
  return rt.scheduler.seeded?.seed ?? null;
}

/** A random float in [0, 1): from the seed when the runtime has one. */
export function randomFloat(rt: Runtime): number {
  const s = rt.scheduler.seeded;
  return s === null ? Math.random() : s.float();
}
