// The scheduler: one run queue of runnable processes, served one slice at a time. A slice
// runs a process for at most `contextReds` reductions (machine.ts counts them); then the
// process goes back to the end of the queue (preempted), waits in `receive` (blocked), or
// has exited. Receive timeouts are timers on the runtime's clock that make a waiting process
// runnable again. The scheduler is the only writer of `Process.status` (see process.ts).
// A seeded runtime (seed.ts) picks the next process and each slice's budget from its seed
// and moves its virtual clock by the reductions that ran.
import { activate } from "./active.js";
import { EV } from "./events.js";
import { crashReport } from "./crash-report.js";
import { heapWatch } from "./heap-watch.js";
import { interrupted } from "./heap-room.js";
import { RunResult, execute } from "./machine.js";
import { releaseRecordArrays } from "./protocol.js";
import type { Process } from "./process.js";
import type { Pid } from "./term.js";
import type { Pause } from "./pause.js";
import type { Runtime } from "./runtime.js";
import { type SeededRandom, NS_PER_REDUCTION } from "./seed.js";
import { isMainThread, resourceLimits } from "node:worker_threads";

/**
 * Reductions per scheduling slice (BEAM's CONTEXT_REDS is 4000). One reduction is one
 * function call; ours cost more wall time than BEAM's, so a smaller budget keeps a slice
 * near 50 µs and ten CPU-bound processes still answer a request within a few milliseconds.
 */
export const CONTEXT_REDS = 1000;

const SLICE_EVENTS = EV.scheduled | EV.preempted | EV.blocked;

/**
 * Stack bytes allowed per reduction a slice runs past its budget (Scheduler.extendSlice):
 * a direct activation takes about 90 bytes of JS stack, a big function's a few hundred, and
 * reductions that return or loop take none, so the reductions of a slice bound its depth
 * with room to spare for natives that recurse on top of it.
 */
const STACK_BYTES_PER_REDUCTION = 512;
/**
 * Most reductions one slice may run past its budget. Activations still on the JS stack when
 * it ends are captured at once, and a capture that deep allocates while every scavenge scans
 * the deep stack (10M levels took twice as long with 4M-reduction slices); 1.5M lets a
 * million-deep recursion complete on the JS stack.
 */
const EXTEND_MAX = 1_500_000;
/**
 * Most CPU time one slice may run while nothing else wants to (µs of the program's CPU
 * time, not wall time: on a loaded machine a wall-clock limit ended the slices of a deep
 * recursion halfway, and the capture of a deep JS stack is the costly case).
 */
const EXTEND_CPU_US = 250_000;
/** Extensions between two looks at the JS heap (as the driver looks every few slices). */
const HEAP_CHECK_EVERY = 8;

/** The program's CPU time so far (µs, all threads, user and system). */
function cpuNow(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/**
 * Reductions a slice may run past its budget on this thread's JS stack, with
 * `BEAMSH_EXTEND=1` (off by default: measured faster on a warm million-deep recursion, slower
 * on a cold one and on deeper ones; see docs/call-protocol-design.md): the shell's worker
 * thread has a stack of gigabytes (shell/launcher.ts); the main thread's (about 1 MB, where
 * tests run) holds only a slice's worth, so it gets none.
 */
function defaultExtendReds(): number {
  if (process.env.BEAMSH_EXTEND !== "1") return 0;
  const mb = isMainThread ? 0 : (resourceLimits.stackSizeMb ?? 0);
  return mb < 64 ? 0 : Math.min(EXTEND_MAX, Math.floor((mb * (1 << 20)) / 2 / STACK_BYTES_PER_REDUCTION));
}

/**
 * The run queue: a growable ring buffer of processes in the order they became runnable.
 * Entries may be stale (a process killed while queued); dequeue skips them.
 */
class RunQueue {
  private buf: (Process | undefined)[] = new Array(64);
  private head = 0;
  length = 0;

  push(p: Process): void {
    if (this.length === this.buf.length) this.grow();
    this.buf[(this.head + this.length) & (this.buf.length - 1)] = p;
    this.length++;
  }

  shift(): Process | undefined {
    if (this.length === 0) return undefined;
    const p = this.buf[this.head];
    this.buf[this.head] = undefined; // a finished process must not be kept alive by the queue
    this.head = (this.head + 1) & (this.buf.length - 1);
    this.length--;
    return p;
  }

  /** Takes the `i`th entry out of the queue (the head takes its place). */
  takeAt(i: number): Process | undefined {
    if (i !== 0) {
      const mask = this.buf.length - 1;
      const at = (this.head + i) & mask;
      const p = this.buf[at];
      this.buf[at] = this.buf[this.head];
      this.buf[this.head] = p;
    }
    return this.shift();
  }

  private grow(): void {
    const old = this.buf;
    const buf = new Array(old.length * 2);
    for (let i = 0; i < this.length; i++) buf[i] = old[(this.head + i) & (old.length - 1)];
    this.buf = buf;
    this.head = 0;
  }
}

export class Scheduler {
  /** The process whose slice is running, or null between slices. */
  current: Process | null = null;
  /** Called when a process becomes runnable while the scheduler may be asleep (the Driver). */
  onWake: (() => void) | null = null;
  /** A seeded run's random sequence (seed.ts), or null: first in, first out, full slices. */
  seeded: SeededRandom | null = null;
  /**
   * Time moved by the reductions that ran, as in a seeded run, with the scheduler kept
   * first in, first out (seed.ts: timeByReductions): timers come due at the same points of
   * a program every run, however loaded the machine.
   */
  reductionTime = false;
  /** Set while the runtime is paused (pause.ts): who may run, who is held, steps asked for. */
  pause: Pause | null = null;
  /** Processes that keep running while the runtime is paused (the shell's evaluator). */
  controller: ((p: Process) => boolean) | null = null;
  /** Slow motion: the pace of the runtime (1: full speed; see pause.ts and driver.ts). */
  speed = 1;
  /**
   * Reductions a slice may run past its budget when nothing else wants to run, so that a
   * deep body recursion stays on the JS stack instead of being captured into heap frames a
   * slice at a time (0: never; see extendSlice).
   */
  extendReds = defaultExtendReds();
  /** When the running slice must end even if it could go on (CPU time, µs; see cpuNow). */
  private sliceDeadline = 0;
  private extensions = 0;
  /** Suspensions held: suspender's pid id (null: beamsh itself) → suspendee's pid id → count. */
  private readonly suspensions = new Map<number | null, Map<number, number>>();
  private readonly runQueue = new RunQueue();

  constructor(
    private readonly rt: Runtime,
    public contextReds: number = CONTEXT_REDS,
  ) {}

  get hasRunnable(): boolean {
    return this.runQueue.length > 0;
  }

  /** Processes waiting in the run queue (for the observer). */
  get runQueueLength(): number {
    return this.runQueue.length;
  }

  enqueue(p: Process): void {
    if (p.suspends !== 0) {
      p.status = "suspended";
      return;
    }
    p.status = "runnable";
    this.runQueue.push(p);
    if (this.onWake !== null) this.onWake();
  }

  /**
   * One more suspension of `p` (not the running process) by process `by` (null: beamsh's
   * own fault command): `p` runs no more until every suspension is lifted. Messages still
   * arrive in its mailbox, and exit signals still kill it.
   */
  suspend(p: Process, by: Pid | null): void {
    const key = by === null ? null : by.id;
    let mine = this.suspensions.get(key);
    if (mine === undefined) this.suspensions.set(key, (mine = new Map()));
    mine.set(p.pid.id, (mine.get(p.pid.id) ?? 0) + 1);
    p.suspends++;
    if (p.status === "runnable") p.status = "suspended"; // its queue entry is skipped
    this.tellSuspension("suspend", p.pid, by);
  }

  /** How many suspensions of `p` process `by` (null: beamsh) holds. */
  suspensionsBy(p: Process, by: Pid | null): number {
    return this.suspensions.get(by === null ? null : by.id)?.get(p.pid.id) ?? 0;
  }

  /**
   * Lifts one suspension of `p` made by `by`; the last one makes it runnable again if it
   * was. False when `by` holds none.
   */
  resume(p: Process, by: Pid | null): boolean {
    const key = by === null ? null : by.id;
    const mine = this.suspensions.get(key);
    const n = mine?.get(p.pid.id) ?? 0;
    if (n === 0) return false;
    if (n === 1) mine!.delete(p.pid.id);
    else mine!.set(p.pid.id, n - 1);
    if (mine!.size === 0) this.suspensions.delete(key);
    this.tellSuspension("resume", p.pid, by);
    if (--p.suspends === 0 && p.status === "suspended") this.enqueue(p);
    return true;
  }

  /** A process ended: the suspensions it held are lifted, and nobody holds it any more. */
  processExited(p: Process): void {
    if (this.suspensions.size === 0) return;
    const mine = this.suspensions.get(p.pid.id);
    if (mine !== undefined) {
      for (const [id, n] of mine) {
        const other = this.rt.procs.get(id);
        if (other !== undefined) for (let i = 0; i < n; i++) this.resume(other, p.pid);
      }
    }
    for (const [key, held] of this.suspensions) {
      held.delete(p.pid.id);
      if (held.size === 0) this.suspensions.delete(key);
    }
  }

  private tellSuspension(type: "suspend" | "resume", pid: Pid, by: Pid | null): void {
    const ev = this.rt.events;
    if ((ev.mask & EV.fault) !== 0) ev.emit("fault", { fault: 0, type, op: "apply", from: by, to: pid, msg: null });
  }

  /** Makes a process blocked in `receive` runnable (a message or signal arrived). */
  wake(p: Process): void {
    if (p.status !== "waiting") return;
    clearReceiveTimeout(p);
    this.enqueue(p);
  }

  private dequeue(): Process | undefined {
    for (;;) {
      const p = this.runQueue.shift();
      if (p === undefined || p.status === "runnable") return p;
    }
  }

  /** A seeded run: any runnable process, chosen by the seed (stale entries are dropped). */
  private dequeueSeeded(seeded: SeededRandom): Process | undefined {
    for (;;) {
      const q = this.runQueue;
      if (q.length === 0) return undefined;
      const p = q.takeAt(seeded.below(q.length));
      if (p !== undefined && p.status === "runnable") return p;
    }
  }

  /** Runs one slice of the next runnable process. Returns false when nothing could run. */
  step(): boolean {
    this.fireTimers();
    const p = this.next();
    if (p === undefined) {
      // Paused: a step someone asked for lets a held process run.
      if (this.pause !== null && this.pause.serve()) return true;
      // Nothing to run: the logger may let out events that were waiting for time to pass.
      return this.rt.logger.onIdle() && this.step();
    }
    this.runSlice(p);
    return true;
  }

  /** The next process to run (paused: the next one allowed to; the others are held). */
  private next(): Process | undefined {
    const seeded = this.seeded;
    for (;;) {
      const p = seeded === null ? this.dequeue() : this.dequeueSeeded(seeded);
      if (p === undefined || this.pause === null || this.pause.exempt(p)) return p;
      this.pause.hold(p);
    }
  }

  /** Paused: moves what is runnable and may not run from the run queue to the held ones. */
  holdRunnable(): void {
    if (this.pause === null) return;
    const keep: Process[] = [];
    for (let p = this.dequeue(); p !== undefined; p = this.dequeue()) {
      if (this.pause.exempt(p)) keep.push(p);
      else this.pause.hold(p);
    }
    for (const p of keep) this.runQueue.push(p);
  }

  /** Runs one slice of `p` (taken off the run queue). */
  runSlice(p: Process): void {
    if (p.pendingKill !== undefined) {
      // an exit signal that arrived since it was queued: handled now, instead of a slice
      this.rt.signals.exitProcess(p, p.pendingKill);
      this.rt.logger.onSlice();
      return;
    }
    p.status = "running";
    activate(this.rt);
    const seeded = this.seeded;
    if ((this.rt.watching & SLICE_EVENTS) !== 0 || seeded !== null || this.reductionTime) return this.fullSlice(p, seeded);
    this.current = p;
    if (this.extendReds > 0 && this.pause === null && this.speed === 1 && p.maxHeap.size === 0) {
      p.extend = this.extendReds;
      this.sliceDeadline = cpuNow() + EXTEND_CPU_US;
    }
    const r = execute(p, this.contextReds);
    p.extend = 0;
    this.current = null;
    this.endSlice(p, r);
  }

  /**
   * A slice while someone watches slices (told before it runs and after, with its
   * reductions), in a seeded run (its budget drawn from the seed, the clock moved by the
   * reductions it used) or with time moved by reductions (the clock only).
   */
  private fullSlice(p: Process, seeded: SeededRandom | null): void {
    const ev = this.rt.events;
    const before = p.reductions;
    if ((ev.mask & EV.scheduled) !== 0) ev.emit("scheduled", { pid: p.pid, queue: this.runQueue.length });
    this.current = p;
    const r = execute(p, seeded === null ? this.contextReds : 1 + seeded.below(this.contextReds));
    this.current = null;
    if (seeded !== null || this.reductionTime) this.rt.clock.advance(((p.reductions - before) * NS_PER_REDUCTION) / 1e6);
    if (p.pendingKill === undefined && r !== RunResult.Exited) {
      const kind = r === RunResult.Yielded ? "preempted" : "blocked";
      if ((ev.mask & EV[kind]) !== 0) ev.emit(kind, { pid: p.pid, reductions: p.reductions - before });
    }
    this.endSlice(p, r);
  }

  /**
   * The running process `p` spent its slice inside direct code (protocol.ts: spent): when
   * nothing else wants to run (no runnable process, no timer due, no Ctrl+C, no kill), the
   * JS stack has room for another slice of calls and the slice has not run too long, gives
   * it another budget and answers true; it goes on where it is. The reductions stay
   * counted. Otherwise false: it stops as at the end of any slice.
   */
  extendSlice(p: Process): boolean {
    const budget = this.contextReds;
    if (this.runQueue.length !== 0 || p.pendingKill !== undefined || p.extend < budget) return false;
    const clock = this.rt.clock;
    if (clock.hasTimers) {
      const next = clock.nextDeadline();
      if (next !== null && next <= clock.now()) return false;
    }
    if (cpuNow() >= this.sliceDeadline) return false;
    if (++this.extensions % HEAP_CHECK_EVERY === 0) heapWatch(this.rt).check();
    if (interrupted() || p.pendingKill !== undefined || this.runQueue.length !== 0) return false;
    p.extend -= budget;
    p.reductions += budget - p.reds;
    p.reds = budget;
    return true;
  }

  /** What follows a slice: back in the queue (preempted), waiting (blocked), or finished. */
  private endSlice(p: Process, r: RunResult): void {
    if (p.maxHeap.size !== 0 && r !== RunResult.Exited && p.pendingKill === undefined) heapWatch(this.rt).afterSlice(p);
    if (p.pendingKill !== undefined) this.rt.signals.exitProcess(p, p.pendingKill);
    else if (r === RunResult.Yielded) {
      trimFramePool(p);
      this.enqueue(p);
    } else if (r === RunResult.Waiting) {
      trimFramePool(p);
      releaseRecordArrays(p);
      this.startWaiting(p);
    } else this.finishSlice(p);
    this.rt.logger.onSlice();
  }

  /** Runs until no process is runnable (timers included only if due). */
  runUntilIdle(maxSlices = Infinity): number {
    let n = 0;
    while (n < maxSlices && this.step()) n++;
    return n;
  }

  /**
   * A process ran to its end or died of an uncaught exception. On the BEAM the crash report
   * travels through the logger while the exit signals go straight to linked processes: a
   * shell killed by the crash prints its EXIT first. So the report is written at once only
   * when no link dies of it; otherwise after the current turn. The first report of the
   * session comes late (the Logger loads its code then).
   */
  private finishSlice(p: Process): void {
    const rt = this.rt;
    const report = crashReport(rt, p);
    if (report !== null) {
      const late = rt.logger.coldDelay("process");
      // after what the links' deaths print, and never before a late report still due
      if (late === 0 && killsALink(rt, p) && !rt.logger.hasLate()) rt.logger.log(report);
      else rt.logger.writeAfter(report, late);
    }
    rt.signals.exitProcess(p, p.exitReason);
  }

  private startWaiting(p: Process): void {
    p.status = "waiting";
    if (p.mailbox.save < p.mailbox.end) {
      // A message arrived during the slice that the receive has not seen yet.
      this.enqueue(p);
      return;
    }
    if (p.deadline >= 0 && p.timerId === null) {
      p.timerId = this.rt.clock.setTimer(p.deadline, () => {
        p.timerId = null;
        if (p.status !== "waiting") return;
        p.timedOut = true;
        const ev = this.rt.events;
        if ((ev.mask & EV.timeout) !== 0) ev.emit("timeout", { pid: p.pid });
        this.enqueue(p);
      });
    }
  }

  /** Fires due timers (cheap when none is pending). */
  fireTimers(): void {
    const clock = this.rt.clock;
    if (clock.hasTimers) clock.fireDue();
  }
}

/** Cancels the timer of a `receive ... after` (the receive completed, or the process exited). */
export function clearReceiveTimeout(p: Process): void {
  if (p.timerId !== null) {
    p.rt.clock.clearTimer(p.timerId);
    p.timerId = null;
  }
}

/**
 * Drops pooled frames far above the current depth: after a deep recursion (a million
 * frames for `len/1` on a long list) the pool would otherwise keep them for the life of
 * the process. Frames above the current one are free (see pushFrame).
 */
function trimFramePool(p: Process): void {
  const stack = p.stack;
  if (stack.length < 4096) return;
  const depth = p.frame.depth;
  if (depth * 2 + 1024 < stack.length) stack.length = depth + 1024;
}

/** Whether `p`'s (abnormal) exit will kill a process linked to it (one not trapping exits). */
function killsALink(rt: Runtime, p: Process): boolean {
  for (const pid of p.links.values()) {
    const other = rt.process(pid);
    if (other !== undefined && other.status !== "exited" && !other.trapExit) return true;
  }
  return false;
}
