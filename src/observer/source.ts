// The observer's only window on the runtime: turns live processes into the plain samples
// the views show (`snapshot`), one process into a detail record, traces processes, and
// carries out the two actions the UI has (exit signals, :sys.get_state). Measurements come
// from the runtime's inspection API (runtime/inspection.ts, which Process.info also uses)
// and events from its event stream; what is added here is presentation (text, the tree's
// roles). Everything else in src/observer works on these plain records.
//
// Cost rules: `snapshot` is O(processes) with a bounded amount of work per process (stack
// walks and term sizes are capped), never runs Elixir code and never blocks the scheduler.
import { SLICE_MS } from "../runtime/driver.js";
import type { Frame } from "../runtime/code.js";
import { Fun } from "../runtime/fun.js";
import { inspect } from "../runtime/inspect.js";
import type { Process } from "../runtime/process.js";
import type { RuntimeEvent, Subscription } from "../runtime/events.js";
import { LANE_EVENTS } from "./lanes.js";
import type { FaultKind } from "../runtime/faults.js";
import { pauseRuntime, resumeRuntime } from "../runtime/pause.js";
import type { Runtime } from "../runtime/runtime.js";
import { Atom, Pid, Term, a, atomName } from "../runtime/term.js";
import { APPLY_FUN } from "../stdlib/kernel.js";
import { monotonicMillis } from "../stdlib/erlang.js";
import { mfa, moduleName, pidText } from "./format.js";
import { InfoStatus, connectedNodes, explodeSpills, processInfo, receiveScan, stackOf, statusOf } from "../runtime/inspection.js";
import { TraceListener, traceProcess } from "./trace.js";
import { VERSIONS } from "./versions.js";
import type { EdgeSample, PipelineSample, StageSample } from "./pipeline.js";
import type { NodesSample } from "./nodes.js";
import type { Diagram } from "./sequence.js";
import { SequenceRecorder } from "./recorder.js";
import { CrashLog, escalations } from "./crashes.js";
import { pidKey } from "./sequence.js";
import { CrashStory, crashStories } from "./crash-replay.js";
import { MapTerm } from "../runtime/map.js";
import { Cons, NIL } from "../runtime/term.js";

export type ProcStatus = InfoStatus;

/** A sequence diagram being recorded (see recorder.ts). */
export interface SequenceWatch {
  diagram(): Diagram;
  close(): void;
}
/** What the tree view needs to know about a process's role. */
export type ProcKind = "supervisor" | "worker" | "shell" | "process";

/** One process at sampling time: plain data, safe to keep after the process is gone. */
export interface ProcSample {
  id: number;
  serial: number;
  /** Registered name as Elixir prints the atom (`MyServer`, `:logger`), or null. */
  name: string | null;
  initialCall: string | null;
  current: string;
  status: ProcStatus;
  reductions: number;
  /** Estimated bytes (process overhead, stack, heap terms; bounded walk). */
  memory: number;
  mqueue: number;
  links: number[];
  trapExit: boolean;
  /** Parent from `$ancestors` in the process dictionary, when present. */
  parent: number | null;
  kind: ProcKind;
  /** Restart strategy when the process is a supervisor and it could be read cheaply. */
  strategy: string | null;
  /** A supervisor's restarts within its window (max_seconds) against max_restarts. */
  intensity?: RestartIntensity | null;
}

export interface RestartIntensity {
  restarts: number;
  maxRestarts: number;
  maxSeconds: number;
}

export interface SystemSample {
  uptimeMs: number;
  procCount: number;
  runQueue: number;
  /** Reductions done by all processes since start, including ones that have exited. */
  totalReductions: number;
  procMemory: number;
  nodeHeapUsed: number;
  nodeHeapTotal: number;
  nodeRss: number;
  contextReds: number;
  sliceMs: number;
  atoms: number;
  beamshVersion: string;
  nodeVersion: string;
}

export interface Snapshot {
  /** When it was taken (ms, monotonic). */
  at: number;
  procs: ProcSample[];
  system: SystemSample;
  /** How long taking the snapshot took (ms). */
  costMs: number;
}

export interface StackEntry {
  mfa: string;
  file: string;
  line: number;
}

export interface ProcDetail {
  sample: ProcSample;
  pid: string;
  stack: StackEntry[];
  /** Arguments of the current function, inspected (for a `loop(state)` process: its state). */
  args: string[];
  messages: string[];
  /** Where its receive stands with the mailbox (see inspection.ts receiveScan); null unless waiting. */
  receive: { skipped: number; tried: number; untried: number; patterns?: string[] | null; timeoutMs?: number | null } | null;
  dictionary: [string, string][];
  links: string[];
  monitors: string[];
  monitoredBy: string[];
  groupLeader: string | null;
  /** Started through proc_lib (GenServer, Agent, Supervisor...): `:sys.get_state` may work. */
  otp: boolean;
  /** Injected faults on its messages, as text (see faultsOn). */
  faults?: string[];
}

export type StateResult = { ok: true; text: string } | { ok: false; why: string };

export interface DetailOptions {
  messages?: number;
  width?: number;
  stackDepth?: number;
}

/** What the observer needs from a runtime. */
export interface ObserverSource {
  snapshot(): Snapshot;
  detail(id: number, opts?: DetailOptions): ProcDetail | null;
  /** Sends an exit signal as `Process.exit(pid, reason)` would; false if the process is gone. */
  exit(id: number, reason: Term): boolean;
  /** `:sys.get_state(pid, timeout)` run in a helper process; never blocks. */
  getState(id: number, timeoutMs: number): Promise<StateResult>;
  trace(id: number, listener: TraceListener): () => void;
  /** The GenStage stages and their subscriptions, now (see pipeline.ts). */
  pipeline(): PipelineSample;
  /** Counts the events sent between stages (for rates) until the returned function is called. */
  watchPipeline(): () => void;
  /** Whether snapshots include the system's own processes (left out at start). */
  showSystem?(on: boolean): void;
  /** Suspends the process, or resumes it when the observer suspended it: true when now suspended, null when gone. */
  toggleSuspend?(id: number): boolean | null;
  /** Injects a fault on the messages to or from a process (runtime/faults.ts): its id, or null when the process is gone. */
  injectFault?(spec: FaultRequest): number | null;
  /** Removes the faults on the messages to or from a process: how many. */
  removeFaults?(id: number, dir: "to" | "from"): number;
  /** The faults installed on a process's messages, as text. */
  faultsOn?(id: number): string[];
  /** Pauses or resumes the runtime (runtime/pause.ts); whether it is paused. */
  pauseRuntime?(on: boolean): void;
  runtimePaused?(): boolean;
  /** Pauses the runtime if needed and runs one slice of a held process: what happened, or null. */
  stepRuntime?(): string | null;
  /** Tells `listener` every scheduling slice and exit (scheduler lanes) until the returned function is called. */
  watchSlices?(listener: (e: RuntimeEvent) => void): () => void;
  /** This node and the nodes connected to it, now (see nodes.ts). */
  nodes?(): NodesSample;
  /** Supervisors that gave up while the observer watched: whom their exit went to (newest last). */
  escalations(): string[];
  /** The crashes recorded (newest first), as steps to replay (crash-replay.ts). */
  crashStories?(): CrashStory[];
  /** Records a sequence diagram of `roots` (pid ids; empty: every process) until closed. */
  watchSequence(roots: number[]): SequenceWatch;
  dispose(): void;
}

/** A fault asked for from the observer: on the messages to or from process `id`. */
export interface FaultRequest {
  id: number;
  dir: "to" | "from";
  kind: FaultKind;
  /** How many messages (null: until removed). */
  count: number | null;
  /** For delay: how late (ms). */
  delay?: number;
}

export interface SourceOptions {
  /** Pid ids of shell evaluator processes (marked in the tree). */
  shellIds?: () => Iterable<number>;
  /** A crash log kept from before the observer opened (the shell's, for why/1); crash replay reads it. */
  crashLog?: CrashLog;
}

const MAX_FRAMES = 64;
const ANCESTORS = a("$ancestors");
const INITIAL_CALL = a("$initial_call");
const SUPERVISOR_MODULES = new Set(["supervisor", "Elixir.Supervisor", "Elixir.DynamicSupervisor"]);

/** An ObserverSource reading a Runtime directly. */
export class RuntimeSource implements ObserverSource {
  private exitedReductions = 0;
  private withSystem = false;
  private readonly staticInfo = new Map<number, { initialCall: string | null; kind: ProcKind }>();
  private readonly cache = new Map<number, { sample: ProcSample; dictSize: number; name: Term }>();
  /** Exits, while the observer watches: reductions of processes gone, caches to drop. */
  private readonly exits: Subscription;
  /** The pid exit signals from the observer come from (like :observer's own process). */
  private readonly selfPid: Pid;
  /** Exits, signals and restarts while the observer watches (supervisors giving up). */
  private readonly crashes: CrashLog;

  constructor(
    private readonly rt: Runtime,
    private readonly opts: SourceOptions = {},
  ) {
    this.exits = rt.events.subscribe((e) => {
      if (e.kind !== "exit" || e.pid.node !== null) return;
      const p = rt.procs.get(e.pid.id);
      if (p !== undefined) this.exitedReductions += p.reductions;
      this.staticInfo.delete(e.pid.id);
      this.cache.delete(e.pid.id);
    }, ["exit"]);
    this.selfPid = rt.newPid();
    const shells = () => new Set(this.opts.shellIds?.() ?? []);
    this.crashes = new CrashLog(rt, { isShell: (pid) => pid.node === null && shells().has(pid.id), capacity: 500 });
    // Exit signals sent from the observer (k) are told as the observer's.
    for (const log of [this.crashes, opts.crashLog]) log?.names.set(pidKey(this.selfPid), "observer");
  }

  dispose(): void {
    this.exits.close();
    this.crashes.close();
    for (const stop of [...this.traces]) stop();
  }

  showSystem(on: boolean): void {
    this.withSystem = on;
  }

  snapshot(): Snapshot {
    const t0 = performance.now();
    const shells = new Set(this.opts.shellIds?.() ?? []);
    const procs: ProcSample[] = [];
    let runQueue = 0;
    let live = 0;
    let procMemory = 0;
    const now = monotonicMillis(this.rt);
    for (const p of this.rt.procs.values()) {
      // (the system's own boot processes are left out unless asked for: the views show the user's world)
      if (p.status === "exited" || (!this.withSystem && this.rt.systemPids.has(p.pid.id))) continue;
      let s = this.sample(p, shells);
      // Restarts leave the window as time passes, whether or not the supervisor runs.
      if (s.kind === "supervisor") s = { ...s, intensity: restartIntensity(p, now) };
      procs.push(s);
      if (s.status === "runnable") runQueue++;
      live += s.reductions;
      procMemory += s.memory;
    }
    const mem = process.memoryUsage();
    const system: SystemSample = {
      uptimeMs: this.rt.clock.now(),
      procCount: procs.length,
      runQueue,
      totalReductions: this.exitedReductions + live,
      procMemory,
      nodeHeapUsed: mem.heapUsed,
      nodeHeapTotal: mem.heapTotal,
      nodeRss: mem.rss,
      contextReds: this.rt.scheduler.contextReds,
      sliceMs: SLICE_MS,
      atoms: atomCount(),
      beamshVersion: VERSIONS.beamsh,
      nodeVersion: process.version,
    };
    return { at: t0, procs, system, costMs: performance.now() - t0 };
  }

  /** A process's sample, reused while nothing it shows can have changed: a process whose
   *  reductions did not move has not run, so only its mailbox, links, dictionary, name and
   *  flags can differ, and those are compared. Idle processes cost almost nothing. */
  private sample(p: Process, shells: Set<number>): ProcSample {
    const c = this.cache.get(p.pid.id);
    if (
      c !== undefined &&
      c.sample.reductions === p.reductions &&
      c.sample.status === statusOf(p) &&
      c.sample.mqueue === p.mailbox.length &&
      c.sample.links.length === p.links.size &&
      c.dictSize === p.dictionary.size &&
      c.name === p.registeredName &&
      c.sample.trapExit === p.trapExit
    ) {
      return c.sample;
    }
    const sample = this.freshSample(p, shells);
    this.cache.set(p.pid.id, { sample, dictSize: p.dictionary.size, name: p.registeredName });
    return sample;
  }

  private freshSample(p: Process, shells: Set<number>): ProcSample {
    const st = this.staticOf(p, shells);
    const dict = dictionaryInfo(p);
    const kind = st.kind === "process" && dict.supervisor ? "supervisor" : st.kind;
    const info = processInfo(p);
    const cf = info.currentFunction;
    return {
      id: p.pid.id,
      serial: p.pid.serial,
      name: info.registeredName === null ? null : inspect(info.registeredName),
      initialCall: dict.initialCall ?? st.initialCall,
      current: cf === null ? "" : mfa(cf[0], cf[1], cf[2]),
      status: info.status,
      reductions: info.reductions,
      memory: info.memory,
      mqueue: info.messageQueueLen,
      links: info.links.filter((l) => l.node === null).map((l) => l.id),
      trapExit: info.trapExit,
      parent: dict.parent,
      kind,
      strategy: kind === "supervisor" ? strategyOf(p.frame) : null,
    };
  }

  /** Facts that never change for a process, computed once. */
  private staticOf(p: Process, shells: Set<number>): { initialCall: string | null; kind: ProcKind } {
    let st = this.staticInfo.get(p.pid.id);
    if (st === undefined) {
      const ic = p.initialCall;
      const initialCall = ic === null ? null : mfa(atomName(ic[0]), atomName(ic[1]), ic[2]);
      const kind: ProcKind = shells.has(p.pid.id) || isEvaluator(p) ? "shell" : "process";
      st = { initialCall: kind === "shell" ? "IEx.Evaluator.init/5" : initialCall, kind };
      this.staticInfo.set(p.pid.id, st);
    }
    return st;
  }

  detail(id: number, opts: DetailOptions = {}): ProcDetail | null {
    const p = this.rt.procs.get(id);
    if (p === undefined || p.status === "exited") return null;
    const width = opts.width ?? 80;
    const show = (t: Term) => inspect(t, { pretty: true, width, limit: 25, printable_limit: 512 });
    const dict = [...p.dictionary.values()].map(([k, v]) => [show(k), show(v)] as [string, string]);
    return {
      sample: this.freshSample(p, new Set(this.opts.shellIds?.() ?? [])),
      faults: this.rt.faults.active ? this.faultsOn(id) : [],
      pid: pidText(p.pid.id, p.pid.serial),
      stack: stackOf(p, opts.stackDepth ?? 30).map((f) => ({ mfa: f.module === "" ? `(iex) ${f.name}` : mfa(f.module, f.name, f.arity), file: f.file, line: f.line })),
      args: p.frame.r.slice(0, p.frame.code.arity).map(show),
      messages: p.mailbox.toArray().slice(0, opts.messages ?? 10).map(show),
      receive: receiveScan(p),
      dictionary: dict,
      links: [...p.links.values()].map((l) => inspect(l)),
      monitors: [...p.monitors.values()].map((m) => inspect(m.target)),
      monitoredBy: [...p.monitoredBy.values()].map((m) => inspect(m.watcher)),
      groupLeader: p.groupLeader === null ? null : inspect(p.groupLeader),
      otp: dictionaryInfo(p).otp,
    };
  }

  exit(id: number, reason: Term): boolean {
    const p = this.rt.procs.get(id);
    if (p === undefined || p.status === "exited") return false;
    this.rt.signals.deliverExit(this.selfPid, p, reason, false, true);
    this.rt.scheduler.onWake?.();
    return true;
  }

  getState(id: number, timeoutMs: number): Promise<StateResult> {
    const target = this.rt.procs.get(id);
    if (target === undefined) return Promise.resolve({ ok: false, why: "the process is not alive" });
    if (this.rt.modules.lookup("sys", "get_state", 2) === null) {
      return Promise.resolve({ ok: false, why: ":sys.get_state/2 is not available in this runtime" });
    }
    const fun = new Fun(2, null, [], a("sys"), a("get_state"));
    const helper = this.rt.spawn(APPLY_FUN, [fun, [target.pid, timeoutMs]], undefined, [a("sys"), a("get_state"), 2]);
    return new Promise((resolve) => {
      const sub = this.rt.events.subscribe((e) => {
        if (e.kind !== "exit" || e.pid !== helper.pid) return;
        sub.close();
        const normal = e.reason === a("normal");
        resolve(normal ? { ok: true, text: inspect(helper.x, { pretty: true, width: 100, limit: 50 }) } : { ok: false, why: "exited: " + inspect(e.reason) });
      }, ["exit"]);
    });
  }

  /** Events sent along each subscription (`producer>consumer`) while the pipeline is watched. */
  private readonly flows = new Map<string, number>();
  private flowWatch: Subscription | null = null;
  private flowWatchers = 0;
  /** The last stage state read for each stage (a stage busy in a callback is not readable). */
  private readonly stageCache = new Map<number, MapTerm>();

  toggleSuspend(id: number): boolean | null {
    const p = this.rt.procs.get(id);
    if (p === undefined || p.status === "exited") return null;
    if (this.rt.scheduler.resume(p, null)) return false;
    this.rt.scheduler.suspend(p, null);
    return true;
  }

  injectFault(r: FaultRequest): number | null {
    const p = this.rt.procs.get(r.id);
    if (p === undefined || p.status === "exited") return null;
    const f = this.rt.faults.add({ kind: r.kind, from: r.dir === "from" ? p.pid : null, to: r.dir === "to" ? p.pid : null, count: r.count, until: null, delay: r.delay ?? 1000 });
    return f.id;
  }

  removeFaults(id: number, dir: "to" | "from"): number {
    const mine = this.rt.faults.list().filter((f) => (dir === "to" ? f.to : f.from)?.id === id && (dir === "to" ? f.to : f.from)?.node === null);
    for (const f of mine) this.rt.faults.remove(f.id);
    return mine.length;
  }

  faultsOn(id: number): string[] {
    const mine = (p: Pid | null) => p !== null && p.node === null && p.id === id;
    return this.rt.faults
      .list()
      .filter((f) => mine(f.to) || mine(f.from))
      .map((f) => {
        const pair = `${f.from === null ? "any" : inspect(f.from)} → ${f.to === null ? "any" : inspect(f.to)}`;
        const left = f.count === null ? "" : `, ${f.count} more`;
        return `#${f.id} ${f.kind}${f.kind === "delay" ? ` ${f.delay} ms` : ""} ${pair} (${f.hits} so far${left})`;
      });
  }

  pauseRuntime(on: boolean): void {
    if (on) pauseRuntime(this.rt, null);
    else resumeRuntime(this.rt);
  }

  runtimePaused(): boolean {
    return this.rt.scheduler.pause !== null;
  }

  stepRuntime(): string | null {
    pauseRuntime(this.rt, null);
    const r = this.rt.scheduler.pause!.stepNow();
    return r === null ? null : `${inspect(r.pid)} ran ${r.reductions} reductions: ${inspect(r.outcome)}`;
  }

  watchSlices(listener: (e: RuntimeEvent) => void): () => void {
    const sub = this.rt.events.subscribe(listener, LANE_EVENTS);
    return () => sub.close();
  }

  watchPipeline(): () => void {
    if (this.flowWatchers++ === 0) {
      this.flowWatch = this.rt.events.subscribe((e) => {
        if (e.kind !== "send" || e.from === null) return;
        const n = genConsumerEvents(e.msg);
        if (n === 0) return;
        const k = `${e.from.id}>${e.to.id}`;
        this.flows.set(k, (this.flows.get(k) ?? 0) + n);
      }, ["send"]);
    }
    let open = true;
    return () => {
      if (!open) return;
      open = false;
      if (--this.flowWatchers === 0) {
        this.flowWatch?.close();
        this.flowWatch = null;
        this.flows.clear();
      }
    };
  }

  nodes(): NodesSample {
    const self = this.rt.node.name;
    return { at: Date.now(), self, alive: self !== "nonode@nohost", nodes: connectedNodes(this.rt) };
  }

  pipeline(): PipelineSample {
    const stages: StageSample[] = [];
    const edges: EdgeSample[] = [];
    const seen = new Set<number>();
    const external = new Map<number, Process>();
    const streamEdges: EdgeSample[] = [];
    for (const p of this.rt.procs.values()) {
      if (p.status === "exited") continue;
      const st = stageState(p) ?? this.stageCache.get(p.pid.id);
      if (st === undefined) continue;
      this.stageCache.set(p.pid.id, st);
      seen.add(p.pid.id);
      stages.push(stageSample(p, st));
      // The consumer side knows what it still expects from each producer.
      for (const [, entry] of mapEntries(st.get(a("producers")))) {
        if (!Array.isArray(entry) || !(entry[0] instanceof Pid)) continue;
        const demand = entry[2];
        const pending = Array.isArray(demand) ? (demand[0] as number) : null;
        const max = Array.isArray(demand) ? (demand[2] as number) : null;
        edges.push({ producer: entry[0].id, consumer: p.pid.id, pending, max, sent: this.flows.get(`${entry[0].id}>${p.pid.id}`) ?? 0 });
      }
      // Consumers that are not stages (a GenStage.stream): the producer's dispatcher knows
      // what it still owes them.
      for (const [, entry] of mapEntries(st.get(a("consumers")))) {
        if (!Array.isArray(entry) || !(entry[0] instanceof Pid)) continue;
        const c = this.rt.procs.get(entry[0].id);
        if (c === undefined || c.status === "exited") continue;
        external.set(c.pid.id, c);
        streamEdges.push({ producer: p.pid.id, consumer: c.pid.id, pending: owed(st, entry[0]), max: null, sent: this.flows.get(`${p.pid.id}>${c.pid.id}`) ?? 0 });
      }
    }
    for (const id of [...this.stageCache.keys()]) if (!seen.has(id)) this.stageCache.delete(id);
    for (const id of seen) external.delete(id);
    edges.push(...streamEdges.filter((e) => external.has(e.consumer)));
    for (const c of external.values()) {
      stages.push({ id: c.pid.id, label: `${c.registeredName === null ? "" : inspect(c.registeredName) + " "}${pidText(c.pid.id, c.pid.serial)}`.trim(), type: "external", buffered: null, queued: 0, accumulating: false, children: null });
    }
    stages.sort((x, y) => x.id - y.id);
    return { at: this.rt.clock.now(), stages, edges };
  }

  crashStories(): CrashStory[] {
    return crashStories(this.opts.crashLog ?? this.crashes);
  }

  escalations(): string[] {
    return escalations(this.crashes);
  }

  watchSequence(roots: number[]): SequenceWatch {
    const pids = roots.map((id) => this.rt.procs.get(id)?.pid).filter((p): p is Pid => p !== undefined);
    const shells = [...(this.opts.shellIds?.() ?? [])].map((id) => this.rt.procs.get(id)?.pid).filter((p): p is Pid => p !== undefined);
    // A live view keeps the newest events, at most a few thousand a second (a flood of
    // messages costs the runtime O(1) each and never grows memory).
    return new SequenceRecorder(this.rt, { roots: roots.length === 0 ? null : pids, shells, keep: "newest", capacity: 2000, ratePerSecond: 5000 });
  }

  /** Traces that are on (each its own subscriber of the event stream). */
  private readonly traces = new Set<() => void>();

  trace(id: number, listener: TraceListener): () => void {
    const stop = traceProcess(this.rt, id, listener);
    const off = () => {
      stop();
      this.traces.delete(off);
    };
    this.traces.add(off);
    return off;
  }
}

/** The shell's evaluator: a process whose bottom frame is the evaluator loop. */
function isEvaluator(p: Process): boolean {
  if (p.initialCall !== null) return false;
  let f: Frame | null = p.frame;
  for (let i = 0; f !== null && i < MAX_FRAMES; i++, f = f.up) {
    if (f.up === null) return f.code.module === "" && f.code.name === "evaluator";
  }
  return false;
}

interface DictInfo {
  parent: number | null;
  initialCall: string | null;
  supervisor: boolean;
  otp: boolean;
}

const NO_DICT: DictInfo = { parent: null, initialCall: null, supervisor: false, otp: false };

/** What proc_lib leaves in the dictionary: `$ancestors` (parent first) and `$initial_call`. */
function dictionaryInfo(p: Process): DictInfo {
  if (p.dictionary.size === 0) return NO_DICT;
  let parent: number | null = null;
  let initialCall: string | null = null;
  let supervisor = false;
  let otp = false;
  for (const [k, v] of p.dictionary.values()) {
    if (k === ANCESTORS) {
      otp = true;
      const first = v?.h;
      if (first instanceof Pid) parent = first.id;
    } else if (k === INITIAL_CALL && Array.isArray(v) && v.length === 3 && v[0] instanceof Atom) {
      otp = true;
      // proc_lib's `{:supervisor, Module, 1}` names the callback module in the function slot.
      initialCall = mfa(atomName(v[0]), moduleName(atomName(v[1])).replace(/^:/, ""), typeof v[2] === "number" ? v[2] : 0);
      supervisor = SUPERVISOR_MODULES.has(atomName(v[0]));
    }
  }
  return { parent, initialCall, supervisor, otp };
}

/** A supervisor's strategy, when its loop argument is a map with `:strategy` or an Erlang
 *  `#state{name, strategy, ...}` record. */
function strategyOf(f: Frame): string | null {
  const key = a("strategy");
  for (let j = 0; j < f.code.arity && j < f.r.length; j++) {
    const x = f.r[j];
    const v = typeof x?.get === "function" ? x.get(key) : Array.isArray(x) && x[0] === a("state") ? x[2] : undefined;
    if (v instanceof Atom) return inspect(v);
  }
  return null;
}

const STATE = a("state");
const INTENSITY = a("intensity");
const PERIOD = a("period");
const RESTARTS = a("restarts");

/**
 * A supervisor's restart intensity, read from its loop state: OTP's `#state{}` record
 * (intensity, period, restart times) or DynamicSupervisor's map; restart times are
 * monotonic milliseconds, counted while within the period.
 */
export function restartIntensity(p: Process, now: number): RestartIntensity | null {
  const f = p.frame;
  if (f === null) return null;
  for (let j = 0; j < f.code.arity && j < f.r.length; j++) {
    const x = f.r[j];
    let intensity: Term, period: Term, times: Term;
    if (Array.isArray(x) && x[0] === STATE && x.length === 12) [intensity, period, times] = [x[5], x[6], x[7]];
    else if (x instanceof MapTerm && x.get(INTENSITY) !== undefined) [intensity, period, times] = [x.get(INTENSITY)!, x.get(PERIOD)!, x.get(RESTARTS)!];
    else continue;
    if (typeof intensity !== "number" || typeof period !== "number") return null;
    let restarts = 0;
    for (let l = times; l instanceof Cons; l = l.t) if (typeof l.h === "number" && now - l.h < period * 1000) restarts++;
    return { restarts, maxRestarts: intensity, maxSeconds: period };
  }
  return null;
}

function atomCount(): number {
  const table = (Atom as unknown as { table?: Map<string, Atom> }).table;
  return table?.size ?? 0;
}

// ---- GenStage stages ------------------------------------------------------------------

const GENSTAGE = a("Elixir.GenStage");
const STRUCT = a("__struct__");

/**
 * The %GenStage{} state of a stage: an argument of its gen_server loop, or (while it runs a
 * callback) of the gen_server frame below (a bounded walk). Undefined for other processes.
 */
function stageState(p: Process): MapTerm | undefined {
  explodeSpills(p.frame, MAX_FRAMES);
  let f: Frame | null = p.frame;
  for (let i = 0; f !== null && i < MAX_FRAMES; i++, f = f.up) {
    if (f.code.module !== "gen_server") continue;
    for (let j = 0; j < f.code.arity && j < f.r.length; j++) {
      const x = f.r[j];
      if (x instanceof MapTerm && x.get(STRUCT) === GENSTAGE) return x;
    }
  }
  return undefined;
}

function stageSample(p: Process, st: MapTerm): StageSample {
  const type = atomName(st.get(a("type")) as Atom) as StageSample["type"];
  const mod = st.get(a("mod"));
  const label = p.registeredName !== null ? inspect(p.registeredName) : `${mod instanceof Atom ? moduleName(atomName(mod)) : "?"} ${pidText(p.pid.id, p.pid.serial)}`;
  const buffer = st.get(a("buffer"));
  const events = st.get(a("events"));
  const user = st.get(a("state"));
  const children = user instanceof MapTerm && user.get(STRUCT) === a("Elixir.ConsumerSupervisor") ? (user.get(a("children")) as MapTerm).size : null;
  return {
    id: p.pid.id,
    label,
    type,
    buffered: Array.isArray(buffer) && typeof buffer[1] === "number" ? buffer[1] : null,
    queued: type === "producer_consumer" && Array.isArray(events) ? queueLength(events[0]) : 0,
    accumulating: type === "producer" && (events instanceof Cons || events === NIL),
    children,
  };
}

/** Elements of an OTP :queue ({rear, front} lists). */
function queueLength(q: Term): number {
  if (!Array.isArray(q)) return 0;
  return listLength(q[0]) + listLength(q[1]);
}

function listLength(l: Term): number {
  let n = 0;
  for (let x = l; x instanceof Cons; x = x.t) n++;
  return n;
}

function mapEntries(m: Term | undefined): [Term, Term][] {
  return m instanceof MapTerm ? [...m.entries.values()] : [];
}

/** What a producer's DemandDispatcher still owes `consumer` (null when not known). */
function owed(st: MapTerm, consumer: Pid): number | null {
  const ds = st.get(a("dispatcher_state"));
  if (st.get(a("dispatcher_mod")) !== a("Elixir.GenStage.DemandDispatcher") || !Array.isArray(ds)) return null;
  for (let l = ds[0]; l instanceof Cons; l = l.t) {
    const d = l.h;
    if (Array.isArray(d) && d[1] instanceof Pid && d[1].id === consumer.id) return d[0] as number;
  }
  return null;
}

/** Events in a `{:"$gen_consumer", {producer, ref}, [event, ...]}` message (0 for any other). */
function genConsumerEvents(msg: Term): number {
  if (!Array.isArray(msg) || msg.length !== 3 || msg[0] !== GEN_CONSUMER || !(msg[2] instanceof Cons)) return 0;
  return listLength(msg[2]);
}

const GEN_CONSUMER = a("$gen_consumer");
