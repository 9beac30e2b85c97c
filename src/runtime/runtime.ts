// A runtime: one independent BEAM-like node — module table, process table, scheduler,
// timers and output. Tests create as many as they like; nothing here is global.
import { Code, Frame } from "./code.js";
import { Clock, RealClock } from "./clock.js";
import { BeamError, raise, undefinedFunction } from "./errors.js";
import { RunResult, execute } from "./machine.js";
import { Process } from "./process.js";
import { Signals } from "./signals.js";
import { Atom, Pid, Ref, Term, a, atomName } from "./term.js";

/** Reductions per scheduling slice (BEAM's CONTEXT_REDS). */
export const CONTEXT_REDS = 4000;

export interface ModuleDef {
  name: string;
  fns: Map<string, Code>;
  /** Struct fields in definition order with defaults, when the module defines a struct. */
  struct?: [string, Term][];
  /** Exception module: has `message/1` or a `message` field. */
  exception?: boolean;
  attributes?: Map<string, Term>;
  /** Fake BEAM bytes returned by defmodule. */
  source?: string;
}

export interface RuntimeOptions {
  clock?: Clock;
  /** Where process output goes (IO.puts, crash reports). */
  write?: (text: string) => void;
  contextReds?: number;
}

export class Runtime {
  readonly modules = new Map<string, ModuleDef>();
  /** `use Mod` templates (def forms injected into the using module), by module name. */
  readonly usingTemplates = new Map<string, import("../lang/ast.js").Ast[]>();
  /** Bumped whenever a module is (re)defined: invalidates call-site caches. */
  gen = 0;
  readonly procs = new Map<number, Process>();
  readonly registry = new Map<Atom, Pid>();
  readonly runQueue: Process[] = [];
  private rqHead = 0;
  readonly clock: Clock;
  readonly signals: Signals;
  write: (text: string) => void;
  contextReds: number;
  private nextPid = 100;
  private nextRef = 1;
  /** Called when a process exits (used by the shell and the observer). */
  onExit: ((p: Process) => void)[] = [];
  /** Called when a process becomes runnable while the scheduler may be asleep. */
  onWake: (() => void) | null = null;

  constructor(opts: RuntimeOptions = {}) {
    this.clock = opts.clock ?? new RealClock();
    this.write = opts.write ?? ((t) => process.stdout.write(t));
    this.contextReds = opts.contextReds ?? CONTEXT_REDS;
    this.signals = new Signals(this);
  }

  // ---- modules ----------------------------------------------------------

  defineModule(def: ModuleDef): void {
    this.modules.set(def.name, def);
    this.gen++;
  }

  /** Adds functions to a module (creating it), e.g. natives, then prelude code. */
  addFunctions(module: string, fns: Iterable<[string, Code]>): void {
    let m = this.modules.get(module);
    if (m === undefined) {
      m = { name: module, fns: new Map() };
      this.modules.set(module, m);
    }
    for (const [k, c] of fns) m.fns.set(k, c);
    this.gen++;
  }

  lookup(module: string, name: string, arity: number): Code | null {
    const m = this.modules.get(module);
    if (m === undefined) return null;
    return m.fns.get(name + "/" + arity) ?? null;
  }

  undefinedError(module: string, name: string, arity: number): BeamError {
    // The reason is left nil: the message is worked out from which modules are loaded.
    return undefinedFunction(a(module), name, arity, null);
  }

  dynamicCallError(mod: Term, name: string, args: Term[]): BeamError {
    void name;
    void args;
    return raise("ArgumentError", { message: "you attempted to apply a function on " + String(mod) });
  }

  newFrame(code: Code, args: Term[]): Frame {
    return new Frame(code, [...args], null);
  }

  // ---- processes ----------------------------------------------------------

  newPid(): Pid {
    return new Pid(this.nextPid++, 0);
  }

  makeRef(): Ref {
    return new Ref(this.nextRef++);
  }

  /** Creates a runnable process that runs `code` with `args`. */
  spawn(code: Code, args: Term[], parent?: Process): Process {
    const p = new Process(this.newPid(), this, code, args);
    if (parent) p.groupLeader = parent.groupLeader ?? parent.pid;
    this.procs.set(p.pid.id, p);
    this.enqueue(p);
    return p;
  }

  process(pid: Pid): Process | undefined {
    const p = this.procs.get(pid.id);
    return p !== undefined && p.status !== "exited" ? p : undefined;
  }

  enqueue(p: Process): void {
    p.status = "runnable";
    this.runQueue.push(p);
    if (this.onWake) this.onWake();
  }

  /** Delivers a message (the one place messages pass through, for later distribution). */
  send(to: Pid, msg: Term): void {
    const p = this.procs.get(to.id);
    if (p === undefined || p.status === "exited") return;
    p.mailbox.push(msg);
    if (p.status === "waiting") this.wake(p);
  }

  wake(p: Process): void {
    if (p.status !== "waiting") return;
    this.clearTimer(p);
    this.enqueue(p);
  }

  whereis(name: Atom): Pid | null {
    const pid = this.registry.get(name);
    if (pid === undefined) return null;
    return this.process(pid) ? pid : null;
  }

  // ---- scheduling -----------------------------------------------------------

  get hasRunnable(): boolean {
    return this.rqHead < this.runQueue.length;
  }

  private dequeue(): Process | undefined {
    while (this.rqHead < this.runQueue.length) {
      const p = this.runQueue[this.rqHead++];
      if (this.rqHead > 4096 && this.rqHead * 2 > this.runQueue.length) {
        this.runQueue.splice(0, this.rqHead);
        this.rqHead = 0;
      }
      if (p.status === "runnable") return p;
    }
    return undefined;
  }

  /** Runs one slice of the next runnable process. Returns false when nothing could run. */
  step(): boolean {
    this.fireTimers();
    const p = this.dequeue();
    if (p === undefined) return false;
    p.status = "running";
    const r = execute(p, this.contextReds);
    if (p.pendingKill !== undefined) {
      this.signals.exitProcess(p, p.pendingKill);
      return true;
    }
    if (r === RunResult.Yielded) this.enqueue(p);
    else if (r === RunResult.Waiting) this.startWaiting(p);
    else this.signals.exitProcess(p, p.exitReason);
    return true;
  }

  /** Runs until no process is runnable (timers included only if due). */
  runUntilIdle(maxSlices = Infinity): number {
    let n = 0;
    while (n < maxSlices && this.step()) n++;
    return n;
  }

  private startWaiting(p: Process): void {
    p.status = "waiting";
    if (p.mailbox.save < p.mailbox.end) {
      // A message arrived during the slice that the receive has not seen yet.
      this.enqueue(p);
      return;
    }
    if (p.deadline >= 0 && p.timerId === null) {
      p.timerId = this.clock.setTimer(p.deadline, () => {
        p.timerId = null;
        if (p.status !== "waiting") return;
        p.timedOut = true;
        this.enqueue(p);
      });
    }
  }

  clearTimer(p: Process): void {
    if (p.timerId !== null) {
      this.clock.clearTimer(p.timerId);
      p.timerId = null;
    }
  }

  fireTimers(): void {
    this.clock.fireDue();
  }

  /** Registered name or pid for messages. */
  nameOf(t: Term): string {
    return t instanceof Atom ? atomName(t) : String(t);
  }
}
