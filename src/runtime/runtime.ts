// A runtime: one independent BEAM-like node — module table, process table, registered
// names, run queue, timers and output. Tests create as many as they like; nothing here is
// global except the list of native installers the library registers at import time.
import { Code, Frame } from "./code.js";
import { Clock, RealClock } from "./clock.js";
import { crashReport } from "./crash-report.js";
import { Logger } from "./logger.js";
import { BeamError, raise, undefinedFunction } from "./errors.js";
import { RunResult, execute } from "./machine.js";
import { Process } from "./process.js";
import { Signals } from "./signals.js";
import { Atom, Pid, Ref, Term, a, atomName } from "./term.js";

/**
 * Reductions per scheduling slice (BEAM's CONTEXT_REDS is 4000). One reduction is one
 * function call; ours cost more wall time than BEAM's, so a smaller budget keeps a slice
 * near 50 µs and ten CPU-bound processes still answer a request within a few milliseconds.
 */
export const CONTEXT_REDS = 1000;

/** The node every local pid and reference belongs to until distribution exists. */
export const LOCAL_NODE = a("nonode@nohost");

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

/** What the runtime tells subscribers (the observer, the shell) about processes. */
export type ProcessEvent =
  | { type: "spawn"; pid: Pid; parent: Pid | null }
  | { type: "exit"; pid: Pid; reason: Term };

/** A `send_after` timer: the message, its destination and when it fires. */
interface MessageTimer {
  at: number;
  handle: unknown;
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

  private grow(): void {
    const old = this.buf;
    const buf = new Array(old.length * 2);
    for (let i = 0; i < this.length; i++) buf[i] = old[(this.head + i) & (old.length - 1)];
    this.buf = buf;
    this.head = 0;
  }
}

/** Functions the library registers so every new runtime installs them (see stdlib/kernel.ts). */
export const nativeInstallers: ((rt: Runtime) => void)[] = [];

export class Runtime {
  readonly modules = new Map<string, ModuleDef>();
  /** `use Mod` templates (def forms injected into the using module), by module name. */
  readonly usingTemplates = new Map<string, import("../lang/ast.js").Ast[]>();
  /** Bumped whenever a module is (re)defined: invalidates call-site caches. */
  gen = 0;
  /** Dynamic calls (`mod.fun(...)` with `mod` known at run time): module → per arity, name → code. */
  readonly dynCache = new Map<Term, { gen: number; byArity: (Map<string, Code> | undefined)[] }>();
  /** Live processes by pid id (a process is removed as soon as it exits). */
  readonly procs = new Map<number, Process>();
  readonly registry = new Map<Atom, Pid>();
  readonly clock: Clock;
  readonly signals: Signals;
  readonly node: Atom = LOCAL_NODE;
  write: (text: string) => void;
  /** Crash reports and other log events (written after the current scheduler turn). */
  readonly logger: Logger;
  contextReds: number;
  /** The process whose slice is running, or null between slices. */
  current: Process | null = null;
  /** Called when a process exits (used by the shell). */
  onExit: ((p: Process) => void)[] = [];
  /** Called when a process becomes runnable while the scheduler may be asleep. */
  onWake: (() => void) | null = null;
  private readonly runQueue = new RunQueue();
  private nextPid = 100;
  private nextRef = 1;
  private readonly listeners = new Set<(e: ProcessEvent) => void>();
  private readonly messageTimers = new Map<number, MessageTimer>();

  constructor(opts: RuntimeOptions = {}) {
    this.clock = opts.clock ?? new RealClock();
    this.write = opts.write ?? ((t) => process.stdout.write(t));
    this.contextReds = opts.contextReds ?? CONTEXT_REDS;
    this.logger = new Logger((t) => this.write(t), this.clock instanceof RealClock);
    this.signals = new Signals(this);
    for (const install of nativeInstallers) install(this);
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

  /** A new reference; the running process's mailbox is marked for it (see mailbox.ts). */
  makeRef(): Ref {
    const ref = new Ref(this.nextRef++);
    if (this.current !== null) this.current.mailbox.mark(ref);
    return ref;
  }

  /** Creates a runnable process that runs `code` with `args`. */
  spawn(code: Code, args: Term[], parent?: Process): Process {
    const p = new Process(this.newPid(), this, code, args);
    if (parent) p.groupLeader = parent.groupLeader ?? parent.pid;
    this.procs.set(p.pid.id, p);
    this.enqueue(p);
    if (this.listeners.size > 0) this.emit({ type: "spawn", pid: p.pid, parent: parent?.pid ?? null });
    return p;
  }

  /** The live process for `pid`, or undefined when it has exited (or is remote). */
  process(pid: Pid): Process | undefined {
    const p = this.procs.get(pid.id);
    return p !== undefined && p.status !== "exited" ? p : undefined;
  }

  /** Bookkeeping after signals.ts has finished a process. */
  processExited(p: Process): void {
    for (const hook of this.onExit) hook(p);
    if (this.listeners.size > 0) this.emit({ type: "exit", pid: p.pid, reason: p.exitReason });
    this.procs.delete(p.pid.id);
  }

  enqueue(p: Process): void {
    p.status = "runnable";
    this.runQueue.push(p);
    if (this.onWake !== null) this.onWake();
  }

  /**
   * Delivers a message: the one place every message passes through, where delivery to
   * another node will plug in. Messages to dead processes are dropped, as on BEAM.
   */
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

  // ---- registered names -----------------------------------------------------

  whereis(name: Atom): Pid | null {
    const pid = this.registry.get(name);
    if (pid === undefined) return null;
    return this.process(pid) ? pid : null;
  }

  /** Registers `p` as `name`; false when the name is taken or `p` already has a name. */
  registerName(name: Atom, p: Process): boolean {
    if (p.status === "exited" || p.registeredName !== null || this.whereis(name) !== null) return false;
    this.registry.set(name, p.pid);
    p.registeredName = name;
    return true;
  }

  /** Removes a registered name; false when nothing was registered under it. */
  unregisterName(name: Atom): boolean {
    const pid = this.registry.get(name);
    if (pid === undefined) return false;
    this.registry.delete(name);
    const p = this.procs.get(pid.id);
    if (p !== undefined && p.registeredName === name) p.registeredName = null;
    return true;
  }

  // ---- message timers (send_after) --------------------------------------------

  /** Sends `msg` to `dest` (pid or registered name) at time `at`; returns the timer ref. */
  sendAfter(dest: Pid | Atom, msg: Term, at: number): Ref {
    const ref = new Ref(this.nextRef++);
    const handle = this.clock.setTimer(at, () => {
      this.messageTimers.delete(ref.id);
      const to = dest instanceof Pid ? dest : this.whereis(dest);
      if (to !== null) this.send(to, msg);
    });
    this.messageTimers.set(ref.id, { at, handle });
    return ref;
  }

  /** Cancels a send_after timer: the milliseconds it had left, or false when unknown/fired. */
  cancelTimer(ref: Ref): number | false {
    const t = this.messageTimers.get(ref.id);
    if (t === undefined) return false;
    this.messageTimers.delete(ref.id);
    this.clock.clearTimer(t.handle);
    return this.remaining(t.at);
  }

  readTimer(ref: Ref): number | false {
    const t = this.messageTimers.get(ref.id);
    return t === undefined ? false : this.remaining(t.at);
  }

  private remaining(at: number): number {
    return Math.max(0, Math.floor(at - this.clock.now()));
  }

  // ---- events -------------------------------------------------------------------

  /** Subscribes to spawn/exit events; returns the unsubscribe function. */
  subscribe(listener: (e: ProcessEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: ProcessEvent): void {
    for (const l of this.listeners) l(e);
  }

  // ---- scheduling -----------------------------------------------------------

  get hasRunnable(): boolean {
    return this.runQueue.length > 0;
  }

  /** Processes waiting in the run queue (for the observer). */
  get runQueueLength(): number {
    return this.runQueue.length;
  }

  private dequeue(): Process | undefined {
    for (;;) {
      const p = this.runQueue.shift();
      if (p === undefined || p.status === "runnable") return p;
    }
  }

  /** Runs one slice of the next runnable process. Returns false when nothing could run. */
  step(): boolean {
    this.fireTimers();
    const p = this.dequeue();
    if (p === undefined) return false;
    p.status = "running";
    this.current = p;
    const r = execute(p, this.contextReds);
    this.current = null;
    if (p.pendingKill !== undefined) this.signals.exitProcess(p, p.pendingKill);
    else if (r === RunResult.Yielded) {
      trimFramePool(p);
      this.enqueue(p);
    } else if (r === RunResult.Waiting) {
      trimFramePool(p);
      this.startWaiting(p);
    } else this.finishSlice(p);
    return true;
  }

  /**
   * A process ran to its end or died of an uncaught exception. The crash report goes out
   * before the exit signals, so a linked or monitoring process (the shell printing an EXIT,
   * say) never shows the effect before the cause; an unwatched crash is logged after the
   * current turn, like Elixir's asynchronous Logger.
   */
  private finishSlice(p: Process): void {
    const report = crashReport(this, p);
    if (report !== null) {
      if (p.links.size + p.monitoredBy.size > 0) {
        this.logger.flush();
        this.write(report);
      } else this.logger.log(report);
    }
    this.signals.exitProcess(p, p.exitReason);
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

  /** Fires due timers (cheap when none is pending). */
  fireTimers(): void {
    if (this.clock.hasTimers) this.clock.fireDue();
  }

  /** Registered name or pid for messages. */
  nameOf(t: Term): string {
    return t instanceof Atom ? atomName(t) : String(t);
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
