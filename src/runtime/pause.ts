// Pausing, stepping and slow motion (:beamsh.pause/0, step/0,1, resume/0, speed/1; the
// observer's keys). While the runtime is paused, only its controllers run: the process that
// paused it and whatever the front end names (the shell's evaluator, so the shell keeps
// answering). Every other process that becomes runnable is held, in order, out of the run
// queue; messages still arrive in mailboxes, and time stands still (the clock's rate is 0),
// so timers and receive timeouts wait too.
//
// A step, asked for by a controller, lets held processes run and reports what happened:
//   one slice            {:ran, pid, reductions, :preempted | :waiting | :suspended | {:exited, reason}}
//   slices until a message is delivered  (the same reports, then {:delivered, from, to, msg})
// When nothing is held but a timer is pending, a step first moves time to that timer (a
// receive timeout or a send_after fires), so a program can be stepped through its timeouts.
// The answer is sent to the asker as `{tag, reports}` (see :beamsh_control.await/1).
//
// Slow motion: `speed` below 1 makes the Driver rest between its ticks and the clock run
// at that rate, so everything (timers included) happens that many times slower.
import { EV } from "./events.js";
import type { Process } from "./process.js";
import type { Runtime } from "./runtime.js";
import { Pid, Term, a, list, samePid, tuple } from "./term.js";

interface StepRequest {
  by: Pid;
  tag: Term;
  /** Slices left to run (for a delivery step: the most it may take). */
  slices: number;
  untilDelivery: boolean;
  reports: Term[];
  /** Whether the answer is the list of reports (step/1) or the only one (step/0). */
  single: boolean;
}

/** The most slices a step to the next delivery runs (it stops earlier when all are idle). */
const MAX_DELIVERY_SLICES = 10_000;

export class Pause {
  /** Runnable processes kept from running, in the order they became runnable. */
  private held: Process[] = [];
  private requests: StepRequest[] = [];

  constructor(
    private readonly rt: Runtime,
    /** The process that paused the runtime (it keeps running), or null. */
    readonly by: Pid | null,
  ) {}

  /** Whether `p` may run while paused. */
  exempt(p: Process): boolean {
    if (this.by !== null && samePid(p.pid, this.by)) return true;
    const c = this.rt.scheduler.controller;
    return c !== null && c(p);
  }

  hold(p: Process): void {
    this.held.push(p);
  }

  /** How many processes are held (runnable, waiting for resume or a step). */
  get size(): number {
    let n = 0;
    for (const p of this.held) if (p.status === "runnable") n++;
    return n;
  }

  /** A controller asks for a step; the answer comes as a message `{tag, reports}`. */
  request(by: Pid, tag: Term, what: "slice" | "delivery", slices: number, single: boolean): void {
    const untilDelivery = what === "delivery";
    this.requests.push({ by, tag, slices: untilDelivery ? MAX_DELIVERY_SLICES : slices, untilDelivery, reports: [], single });
  }

  /**
   * Nothing exempt can run: serves the oldest step request with one slice of a held
   * process. False when there is no request (the scheduler is idle).
   */
  serve(): boolean {
    const r = this.requests[0];
    if (r === undefined) return false;
    const p = this.takeHeld();
    if (p === undefined) {
      // Nothing held can run: time reaches the next timer, if any (what it wakes is held
      // on the scheduler's next step, and served then).
      const next = this.rt.clock.nextDeadline();
      if (next !== null) {
        this.rt.clock.advanceTo(next);
        this.rt.scheduler.fireTimers();
        return true;
      }
    }
    if (p === undefined) {
      this.answer(r);
      return true;
    }
    const ev = this.rt.events;
    const sub = r.untilDelivery
      ? ev.subscribe((e) => {
          if (e.kind === "deliver") r.reports.push(tuple(a("delivered"), e.from, e.to, e.msg));
        }, ["deliver"])
      : null;
    const before = p.reductions;
    const reports = r.reports.length;
    this.rt.scheduler.runSlice(p);
    sub?.close();
    r.reports.splice(reports, 0, tuple(a("ran"), p.pid, p.reductions - before, outcome(p)));
    r.slices--;
    const delivered = r.reports.length > reports + 1;
    if (r.slices <= 0 || (r.untilDelivery && delivered)) this.answer(r);
    return true;
  }

  /**
   * A step asked for from outside the runtime (the observer, between scheduler turns): one
   * slice of a held process, run now. Null when nothing can run (after letting time reach
   * the next timer, if any).
   */
  stepNow(): { pid: Pid; reductions: number; outcome: Term } | null {
    this.rt.scheduler.holdRunnable();
    let p = this.takeHeld();
    if (p === undefined) {
      const next = this.rt.clock.nextDeadline();
      if (next === null) return null;
      this.rt.clock.advanceTo(next);
      this.rt.scheduler.fireTimers();
      // What the timer woke is in the run queue: hold it, then take it.
      this.rt.scheduler.holdRunnable();
      p = this.takeHeld();
      if (p === undefined) return null;
    }
    const before = p.reductions;
    this.rt.scheduler.runSlice(p);
    this.rt.scheduler.holdRunnable();
    return { pid: p.pid, reductions: p.reductions - before, outcome: outcome(p) };
  }

  /** Ends the pause: the held processes, still runnable, in the order they were held. */
  release(): Process[] {
    const out = this.held.filter((p) => p.status === "runnable");
    this.held = [];
    // Pending steps are answered with what they did so far.
    for (const r of [...this.requests]) this.answer(r);
    return out;
  }

  private answer(r: StepRequest): void {
    this.requests.splice(this.requests.indexOf(r), 1);
    const reports = r.single ? (r.reports[0] ?? a("idle")) : list(r.reports);
    this.rt.send(r.by, tuple(r.tag, reports), null);
  }

  /** The next held process that can run: the oldest, or one chosen by the seed. */
  private takeHeld(): Process | undefined {
    const seeded = this.rt.scheduler.seeded;
    for (;;) {
      if (this.held.length === 0) return undefined;
      const i = seeded === null ? 0 : seeded.below(this.held.length);
      const [p] = this.held.splice(i, 1);
      if (p.status === "runnable") return p;
    }
  }
}

function outcome(p: Process): Term {
  if (p.status === "exited") return tuple(a("exited"), p.exitReason);
  if (p.suspends !== 0) return a("suspended");
  return p.status === "waiting" ? a("waiting") : a("preempted");
}

/** Pauses `rt` (`by` keeps running); no-op when already paused. */
export function pauseRuntime(rt: Runtime, by: Pid | null): void {
  const s = rt.scheduler;
  if (s.pause !== null) return;
  s.pause = new Pause(rt, by);
  rt.clock.setRate(0);
  if ((rt.events.mask & EV.fault) !== 0) rt.events.emit("fault", { fault: 0, type: "pause", op: "apply", from: by, to: null, msg: null });
}

/** Resumes a paused `rt`: held processes run again, in order; time goes on. */
export function resumeRuntime(rt: Runtime): void {
  const s = rt.scheduler;
  const pause = s.pause;
  if (pause === null) return;
  s.pause = null;
  rt.clock.setRate(s.speed);
  for (const p of pause.release()) s.enqueue(p);
  if ((rt.events.mask & EV.fault) !== 0) rt.events.emit("fault", { fault: 0, type: "resume", op: "apply", from: pause.by, to: null, msg: null });
  s.onWake?.();
}

/** Slow motion: the runtime runs at `speed` (0 < speed <= 1) of its pace. */
export function setSpeed(rt: Runtime, speed: number): void {
  rt.scheduler.speed = speed;
  if (rt.scheduler.pause === null) rt.clock.setRate(speed);
}
