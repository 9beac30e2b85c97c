// Recording for the sequence diagrams: a subscriber of the runtime's event stream that keeps
// the events a Membership admits (bounded: the first N for seq/1, the newest N under a rate
// limit for the live view) and, while the processes live, what to call them (registered
// names go away when a process dies). Listeners run inside the scheduler, so recording only
// stores references; terms are formatted when a diagram is drawn.
import { EventRing, RuntimeEvent, Subscription } from "../runtime/events.js";
import type { Process } from "../runtime/process.js";
import type { Runtime } from "../runtime/runtime.js";
import { Atom, Pid, a } from "../runtime/term.js";
import { inspect } from "../runtime/inspect.js";
import { mfa, moduleName } from "./format.js";
import { Diagram, LaneInfo, Membership, SEQUENCE_KINDS, buildDiagram, pidKey } from "./sequence.js";

export interface RecorderOptions {
  /** Processes the diagram follows (null: every process). */
  roots: Pid[] | null;
  /** Shell evaluators (their lanes are marked). */
  shells?: Pid[];
  /** Events kept at most. */
  capacity?: number;
  /** "first": keep the first `capacity` (seq/1); "newest": keep the newest (a live view). */
  keep?: "first" | "newest";
  /** With keep "newest": events taken per second of the runtime's clock at most. */
  ratePerSecond?: number;
  /** Called once when a root process exits (seq/1's shell killed by a linked crash). */
  onRootExit?: () => void;
}

const INITIAL_CALL = a("$initial_call");

export class SequenceRecorder {
  private readonly sub: Subscription;
  private readonly membership: Membership;
  private readonly first: RuntimeEvent[] = [];
  private readonly ring: EventRing | null;
  private readonly capacity: number;
  private over = 0;
  private readonly info = new Map<string, LaneInfo & { settled: boolean }>();
  private readonly shells: Set<string>;
  private readonly roots: Set<string>;
  private readonly onRootExit: (() => void) | null;

  constructor(
    private readonly rt: Runtime,
    opts: RecorderOptions,
  ) {
    this.membership = new Membership(opts.roots);
    this.capacity = opts.capacity ?? 5000;
    this.ring = opts.keep === "newest" ? new EventRing(this.capacity, opts.ratePerSecond ?? Infinity) : null;
    this.shells = new Set((opts.shells ?? []).map(pidKey));
    this.roots = new Set((opts.roots ?? []).map(pidKey));
    this.onRootExit = opts.onRootExit ?? null;
    for (const p of [...(opts.roots ?? []), ...(opts.shells ?? [])]) this.learn(p);
    this.sub = rt.events.subscribe((e) => this.record(e), [...SEQUENCE_KINDS]);
  }

  private record(e: RuntimeEvent): void {
    if (!this.membership.admit(e)) return;
    if (this.ring !== null) this.ring.push(e);
    else if (this.first.length < this.capacity) this.first.push(e);
    else this.over++;
    switch (e.kind) {
      case "spawn":
        this.learn(e.pid, e.initialCall);
        break;
      case "send":
        if (e.from !== null) this.learn(e.from);
        this.learn(e.to);
        break;
      case "receive":
        this.learn(e.pid);
        break;
      case "link":
      case "unlink":
        this.learn(e.pid);
        this.learn(e.other);
        break;
      case "monitor":
        if (e.target instanceof Pid) this.learn(e.target);
        break;
      case "signal":
        // Before it takes effect: a process killed by it still has its name now.
        this.learn(e.from);
        this.learn(e.to);
        break;
      case "exit":
        if (this.onRootExit !== null && this.roots.has(pidKey(e.pid))) this.onRootExit();
        break;
      case "restart":
        if (e.new !== null) this.learn(e.new);
        this.learn(e.supervisor);
        break;
    }
  }

  /** Notes what a live process is called (cheap: a name read, a dictionary look-up until found). */
  private learn(pid: Pid, initialCall: [unknown, unknown, number] | null = null): void {
    const k = pidKey(pid);
    let i = this.info.get(k);
    if (i === undefined) {
      i = { name: null, call: null, shell: this.shells.has(k), settled: false };
      if (initialCall !== null && initialCall[0] instanceof Atom && initialCall[1] instanceof Atom) i.call = mfa(initialCall[0].name, initialCall[1].name, initialCall[2]);
      this.info.set(k, i);
    }
    if (i.settled || pid.node !== null) return;
    const p = this.rt.procs.get(pid.id);
    if (p === undefined || p.status === "exited") return;
    if (p.registeredName !== null) i.name = inspect(p.registeredName);
    const otp = otpInitialCall(p);
    if (otp !== null) i.call = otp;
    else if (i.call === null && p.initialCall !== null) i.call = mfa(atomName(p.initialCall[0]), atomName(p.initialCall[1]), p.initialCall[2]);
    i.settled = i.name !== null;
  }

  /** The diagram of what was recorded so far. */
  diagram(): Diagram {
    const events = this.ring === null ? this.first : this.ringEvents();
    const dropped = this.ring === null ? this.over : this.ring.dropped;
    return buildDiagram(events, { info: (p) => this.info.get(pidKey(p)) ?? { name: null, call: null, shell: this.shells.has(pidKey(p)) } }, dropped);
  }

  private kept: RuntimeEvent[] = [];

  /** The ring's events, oldest first (drained into a list that keeps the newest `capacity`). */
  private ringEvents(): RuntimeEvent[] {
    const fresh = this.ring!.drain();
    this.kept = [...this.kept, ...fresh].slice(-this.capacity);
    return this.kept;
  }

  /** Forgets what was recorded (the view's clear). */
  clear(): void {
    this.first.length = 0;
    this.kept = [];
    this.ring?.drain();
    this.over = 0;
  }

  /** Whether a member process is still runnable (seq/1 waits for quiet before drawing). */
  busy(except: Pid): boolean {
    for (const p of this.rt.procs.values()) {
      if (p.pid === except || p.status === "exited" || p.status === "waiting") continue;
      if (this.membership.has(p.pid)) return true;
    }
    return false;
  }

  close(): void {
    this.sub.close();
  }
}

/** proc_lib's `$initial_call` (`{Mod, :init, 1}`), as `Mod.init/1`. */
function otpInitialCall(p: Process): string | null {
  if (p.dictionary.size === 0) return null;
  for (const [k, v] of p.dictionary.values()) {
    if (k === INITIAL_CALL && Array.isArray(v) && v.length === 3 && v[0] instanceof Atom && v[1] instanceof Atom) {
      return `${moduleName(v[0].name)}.${v[1].name}/${typeof v[2] === "number" ? v[2] : 0}`;
    }
  }
  return null;
}

function atomName(t: unknown): string {
  return t instanceof Atom ? t.name : String(t);
}
