// A runtime: one independent BEAM-like node. It owns the process table and creates pids
// and references; the other concepts are parts it holds: the module table (modules.ts),
// the scheduler and run queue (scheduler.ts), registered names (registry.ts), message
// timers (timers.ts) and exit signals, links and monitors (signals.ts). Tests create as
// many runtimes as they like; nothing here is global.
import type { StdinDevice } from "./stdio.js";
import { Code, Frame, newFrame } from "./code.js";
import { Clock, RealClock } from "./clock.js";
import { LibraryHooks, NO_LIBRARY_HOOKS } from "./library.js";
import { EV, EventStream } from "./events.js";
import { Logger } from "./logger.js";
import { ModuleTable } from "./modules.js";
import { Process } from "./process.js";
import { ProcessTable } from "./process-table.js";
import { NameRegistry } from "./registry.js";
import { Scheduler } from "./scheduler.js";
import { Signals } from "./signals.js";
import { MessageTimers } from "./timers.js";
import { seedRuntime } from "./seed.js";
import { Faults } from "./faults.js";
import type { Distribution, NodeConnection } from "./nodes.js";
import { Atom, Pid, PidKey, Port, Ref, Term, a, refKey, tuple } from "./term.js";

export type { ModuleDef } from "./modules.js";

/** A bit of `watching` that is no event: faults are installed (faults.ts). */
const FAULTS_ON = 1 << 30;
const SEND_EVENTS = EV.send | EV.deliver | FAULTS_ON;
export { CONTEXT_REDS } from "./scheduler.js";

/** The name of a node that is not distributed (BEAM's `nonode@nohost`). */
export const LOCAL_NODE = a("nonode@nohost");

export interface RuntimeOptions {
  /** This node's name (default `nonode@nohost`) and creation (default 0). */
  node?: Atom;
  creation?: number;
  clock?: Clock;
  /** Where process output goes (IO.puts, crash reports). */
  write?: (text: string) => void;
  /** Where `:stderr` output goes (IO.puts(:stderr, ...)); `write` by default. */
  writeErr?: (text: string) => void;
  /** Ends the program (System.halt/1, :init.stop/1); by default ends this JS process. */
  halt?: (code: number) => void;
  /** Changes the working directory (the shell's cd/1); process.chdir by default. */
  chdir?: (dir: string) => void;
  contextReds?: number;
  /** Run seeded from the start (seed.ts): reproducible scheduling, virtual time. */
  seed?: number;
}

export class Runtime {
  readonly modules = new ModuleTable();
  /** Live processes by pid id (a process is removed as soon as it exits). */
  readonly procs = new ProcessTable();
  readonly registry: NameRegistry;
  readonly timers: MessageTimers;
  readonly scheduler: Scheduler;
  readonly clock: Clock;
  readonly signals: Signals;
  /** This node's name: `nonode@nohost` until it is started as a distributed node. */
  node: Atom;
  /** Which incarnation of the node this is (0 when not distributed). */
  creation: number;
  /** How other nodes are reached (null: not distributed; see nodes.ts). */
  distribution: Distribution | null = null;
  write: (text: string) => void;
  writeErr: (text: string) => void;
  halt: (code: number) => void;
  chdir: (dir: string) => void;
  /** Standard input (IO.gets and friends on :stdio); null reads as end of input. */
  stdin: StdinDevice | null = null;
  /** Crash reports and other log events (written after the current scheduler turn). */
  readonly logger: Logger;
  /** What compiled code calls into the library for (set by installLibrary). */
  hooks: LibraryHooks = NO_LIBRARY_HOOKS;
  /** The script's arguments (System.argv/0), set by the command line. */
  argv: string[] = [];
  /** System.no_halt/1's flag (whether the command line keeps running after the script). */
  noHalt = false;
  /** The file a script run by `beamsh FILE` is evaluated as (its top level shows in stack traces). */
  scriptFile: string | null = null;
  /**
   * Local processes made group leaders with group_leader/2 (a StringIO under
   * ExUnit.CaptureIO): standard I/O of the processes they lead goes to them through the
   * I/O protocol. (Other processes' standard I/O is the runtime's own.)
   */
  ioLeaders = new Set<PidKey>();
  /**
   * The system's I/O servers (:user and :standard_error, stdlib/system-procs.ts) by pid
   * number: output to them by name is written here at once, to standard output or error.
   */
  readonly systemIo = new Map<number, "out" | "err">();
  /** The system's own boot processes (stdlib/system-procs.ts): the observer leaves them out. */
  readonly systemPids = new Set<number>();
  /** StringIO processes capturing standard error (ExUnit.CaptureIO), the newest last. */
  stderrCaptures: Pid[] = [];
  /**
   * The applications loaded on this node (kept by :application's controller): a stack trace
   * names a module's application ("(ex_unit 1.14.0) ...") only when it is loaded, as
   * :application.get_application/1 finds it. iex starts with these.
   */
  loadedApplications = new Set<string>(["kernel", "stdlib", "compiler", "elixir", "iex", "logger"]);
  /** Funs given to System.at_exit/1, oldest first (run newest first after a script). */
  atExit: Term[] = [];
  /**
   * :persistent_term's store, by keyOf(key): [key, value] (each node has its own). The
   * library's default inspect fun lives here too (Inspect.Opts.default_inspect_fun/1).
   */
  readonly persistentTerms = new Map<unknown, [Term, Term]>();
  /** Everything that happens between processes, for whoever watches (see events.ts). */
  readonly events: EventStream;
  /**
   * `events.mask`, kept on the runtime so that the hot paths (send, receive, a slice) test
   * one field of an object they already hold; plus FAULTS_ON while faults are installed.
   */
  watching = 0;
  /** Injected faults on messages (see faults.ts). */
  readonly faults: Faults;
  /**
   * Called when a process exits, for the library's own bookkeeping (ETS tables owned by the
   * process). Watching processes is done through `events`, not here.
   */
  onExit: ((p: Process) => void)[] = [];
  private nextPid = 100;
  /**
   * References' counter. On the BEAM the system has made tens of thousands of references by
   * the time a shell or script runs (iex 1.14 piped: about 60,000), so a user's first ones
   * print with a five-digit low word; starting there keeps their printed width, which decides
   * where inspect breaks lines.
   */
  private nextRef = 60000;
  private nextUnique = 0;

  constructor(opts: RuntimeOptions = {}) {
    this.node = opts.node ?? LOCAL_NODE;
    this.creation = opts.creation ?? 0;
    this.clock = opts.clock ?? new RealClock();
    const clock = this.clock;
    this.events = new EventStream(
      () => clock.now(),
      (mask) => (this.watching = mask | (this.watching & FAULTS_ON)),
    );
    this.faults = new Faults(this, (on) => (this.watching = on ? this.watching | FAULTS_ON : this.watching & ~FAULTS_ON));
    this.write = opts.write ?? ((t) => process.stdout.write(t));
    this.writeErr = opts.writeErr ?? ((t) => this.write(t));
    this.halt = opts.halt ?? ((code) => process.exit(code));
    this.chdir = opts.chdir ?? ((dir) => process.chdir(dir));
    this.logger = new Logger(
      {
        write: (t) => this.writeUser(t),
        now: () => this.clock.now(),
        setTimer: (at, fn) => this.clock.setTimer(at, fn),
        send: (to, msg) => this.send(to, msg),
        newRef: () => this.newRef(),
      },
      this.clock instanceof RealClock,
    );
    this.signals = new Signals(this);
    this.registry = new NameRegistry(this);
    this.timers = new MessageTimers(this);
    this.scheduler = new Scheduler(this, opts.contextReds);
    if (opts.seed !== undefined) seedRuntime(this, opts.seed, true);
  }

  /**
   * Writes to the :user device, where Logger's console writes: the shell's output, unless a
   * process is registered as :user (ExUnit.CaptureIO's StringIO in capture_io(:user, ...)),
   * which is sent the text as an I/O request (its reply goes back to it and is ignored).
   */
  writeUser(text: string): void {
    const user = this.registry.whereis(a("user"));
    if (user === null || this.systemIo.get(user.id) === "out") return this.write(text);
    this.send(user, tuple(a("io_request"), user, this.newRef(), tuple(a("put_chars"), a("unicode"), text)));
  }

  // ---- processes ----------------------------------------------------------

  newFrame(code: Code, args: Term[]): Frame {
    return newFrame(code, [...args], null);
  }

  newPid(): Pid {
    return new Pid(this.nextPid++, 0);
  }

  /** erlang:unique_integer/0,1: a new integer, unique in this runtime. */
  nextUniqueInteger(): number {
    return ++this.nextUnique;
  }

  /** A new reference (not marked in any mailbox; see makeRef). */
  newRef(): Ref {
    return new Ref(this.nextRef++);
  }

  /** A new reference; the running process's mailbox is marked for it (see mailbox.ts). */
  makeRef(): Ref {
    const ref = this.newRef();
    const current = this.scheduler.current;
    if (current !== null) current.mailbox.mark(ref);
    return ref;
  }

  /** Creates a runnable process that runs `code` with `args`. */
  spawn(code: Code, args: Term[], parent?: Process, initialCall: [Term, Term, number] | null = null, fun?: Term): Process {
    const p = new Process(this.newPid(), this, code, args);
    if (parent) {
      p.groupLeader = parent.groupLeader ?? parent.pid;
      p.parent = parent.pid;
    }
    p.initialCall = initialCall;
    this.procs.set(p.pid.id, p);
    const ev = this.events;
    if ((this.watching & EV.spawn) !== 0) ev.emit("spawn", { pid: p.pid, parent: parent?.pid ?? null, initialCall, fun });
    this.scheduler.enqueue(p);
    return p;
  }

  /** The live local process for `pid`, or undefined when it has exited or is on another node. */
  process(pid: Pid): Process | undefined {
    if (pid.node !== null) return undefined;
    const p = this.procs.get(pid.id);
    return p !== undefined && p.status !== "exited" ? p : undefined;
  }

  /** The connection to `node` (null when it cannot be reached or this node is not distributed). */
  connection(node: Atom): NodeConnection | null {
    return this.distribution === null ? null : this.distribution.connection(node);
  }

  /** The node an identifier belongs to. */
  nodeOf(id: Pid | Ref | Port): Atom {
    return id.node ?? this.node;
  }

  /** Bookkeeping after signals.ts has finished a process. */
  processExited(p: Process): void {
    for (const hook of this.onExit) hook(p);
    this.scheduler.processExited(p);
    this.procs.delete(p.pid.id);
  }

  /**
   * Sends a message: the one place every message passes through. A message to a process of
   * another node goes to that node's connection; one to a dead process, or to a node that
   * cannot be reached, is dropped, as on BEAM.
   */
  send(to: Pid, msg: Term, from?: Pid | null): void {
    if ((this.watching & SEND_EVENTS) !== 0) return this.sendWatched(to, msg, from);
    if (to.node !== null) return this.sendRemote(to, msg, from);
    const p = this.procs.get(to.id);
    if (p === undefined || p.status === "exited") return;
    p.mailbox.push(msg);
    if (p.status === "waiting") this.scheduler.wake(p);
  }

  /**
   * send() while someone watches sends or deliveries, or faults are installed. `from`
   * defaults to the running process.
   */
  private sendWatched(to: Pid, msg: Term, from?: Pid | null): void {
    const ev = this.events;
    const sender = from !== undefined ? from : (this.scheduler.current?.pid ?? null);
    if ((ev.mask & EV.send) !== 0) ev.emit("send", { from: sender, to, msg, cause: ev.cause });
    if ((this.watching & FAULTS_ON) !== 0) return this.faults.send(sender, to, msg);
    this.forward(to, msg, sender);
  }

  /** A sent message on its way, once faults are done with it: to a local mailbox or another node. */
  forward(to: Pid, msg: Term, from: Pid | null): void {
    if (to.node !== null) return this.sendRemote(to, msg, from);
    this.deliver(to, msg, from);
  }

  private sendRemote(to: Pid, msg: Term, from?: Pid | null): void {
    const sender = from !== undefined ? from : (this.scheduler.current?.pid ?? null);
    this.connection(to.node!)?.send(sender, to, msg);
  }

  /**
   * Puts a message in a local mailbox (a message from another node arrives here; `from` is
   * its sender, for the event stream). Dropped when the process is not alive.
   */
  deliver(to: Pid, msg: Term, from: Pid | null = null): void {
    const p = to.node === null ? this.procs.get(to.id) : undefined;
    if (p === undefined || p.status === "exited") return;
    p.mailbox.push(msg);
    const ev = this.events;
    if ((ev.mask & EV.deliver) !== 0) ev.emit("deliver", { from, to, msg });
    if (p.status === "waiting") this.scheduler.wake(p);
  }

  /**
   * A message to a process alias (`send(ref, msg)`, OTP 24). beamsh's aliases are the
   * references of monitors (a gen call's or a task's), so the message goes to the local
   * process holding a monitor with this reference, and is dropped when none does (an alias
   * that was never made or is no longer active).
   */
  sendAlias(alias: Ref, msg: Term): void {
    if (alias.node !== null) {
      const from = this.scheduler.current;
      this.connection(alias.node)?.aliasSend?.(from === null ? null : from.pid, alias, msg);
      return;
    }
    const key = refKey(alias);
    const made = this.aliases.get(key);
    if (made !== undefined) {
      const p = this.procs.get(made.pid.id);
      // an alias made with a monitor lives as long as the monitor (demonitor, a DOWN message)
      const alive = p !== undefined && p.status !== "exited" && (made.mode === "explicit" || made.mode === "reply" || p.monitors.get(key) !== undefined);
      if (!alive) {
        this.unalias(key);
        return;
      }
      this.send(made.pid, msg);
      if (made.mode === "reply" || made.mode === "reply_demonitor") {
        this.unalias(key);
        if (made.mode === "reply_demonitor") this.signals.demonitor(p!, alias);
      }
      return;
    }
    if (this.unaliased.has(key)) return;
    for (const p of this.procs.values()) {
      if (p.status !== "exited" && p.monitors.get(key) !== undefined) {
        this.send(p.pid, msg);
        return;
      }
    }
  }

  /**
   * Aliases made by erlang:alias/0,1 and monitor/3's {alias, Mode}, by reference: the owner
   * and when the alias ends (explicit: at unalias; demonitor: with the monitor; reply: after
   * one message; reply_demonitor: after one message, which also ends the monitor). A
   * reference that was an alias and ended is remembered, so that it is not taken for a
   * monitor's (which, for the gen calls' sake, beamsh still treats as aliases).
   */
  readonly aliases = new Map<number | string, { pid: Pid; mode: "explicit" | "demonitor" | "reply" | "reply_demonitor" }>();
  private readonly unaliased = new Set<number | string>();

  makeAlias(ref: Ref, pid: Pid, mode: "explicit" | "demonitor" | "reply" | "reply_demonitor"): void {
    const key = refKey(ref);
    this.aliases.set(key, { pid, mode });
    this.unaliased.delete(key);
  }

  /** Ends an alias; true when it was active. */
  unalias(key: number | string, owner?: Pid): boolean {
    const made = this.aliases.get(key);
    if (made === undefined || (owner !== undefined && made.pid.id !== owner.id)) return false;
    this.aliases.delete(key);
    this.unaliased.add(key);
    const p = this.procs.get(made.pid.id);
    return p !== undefined && p.status !== "exited" && (made.mode === "explicit" || made.mode === "reply" || p.monitors.get(key) !== undefined);
  }

  /** A message to the process registered as `name` here (dropped when there is none). */
  sendNamed(name: Atom, msg: Term, from: Pid | null = null): void {
    const pid = this.registry.whereis(name);
    if (pid !== null) this.deliver(pid, msg, from);
  }

  // ---- running ------------------------------------------------------------------

  /** Runs one slice of the next runnable process. Returns false when nothing could run. */
  step(): boolean {
    return this.scheduler.step();
  }

  /** Runs until no process is runnable (timers included only if due). */
  runUntilIdle(maxSlices = Infinity): number {
    return this.scheduler.runUntilIdle(maxSlices);
  }
}
