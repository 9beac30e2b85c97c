// Why did it die? Each exit's cause chain, kept from the runtime's event stream: who raised
// or exited, which links carried the exit signal on, which processes trapped it, which
// supervisor restarted what (or gave up). The shell's why/1 prints it in one paragraph.
//
// CrashLog records (bounded: the newest exits, signals, links and restarts) the four kinds of
// events it needs; explain() is pure text over what it kept.
import type { RuntimeEvent, Subscription } from "../runtime/events.js";
import { inspect } from "../runtime/inspect.js";
import { MapTerm } from "../runtime/map.js";
import type { Runtime } from "../runtime/runtime.js";
import { Atom, Pid, Term, a } from "../runtime/term.js";
import { pidKey, raised, structName, termText } from "./sequence.js";

export interface ExitRecord {
  id: number;
  pid: Pid;
  reason: Term;
  /** The signal that brought it (0: the process ended by itself). */
  cause: number;
  /** When (the runtime's clock, ms). */
  at?: number;
  /** Processes its exit signals reached that trapped them, and those they took down. */
  trappedBy: Pid[];
  tookDown: Pid[];
}

export interface SignalRecord {
  id: number;
  from: Pid;
  to: Pid;
  reason: Term;
  link: boolean;
  /** The exit it came from (0: exit/2 called by a live process). */
  cause: number;
  trapped: boolean;
}

export interface RestartRecord {
  /** The restart event's id (crash replay orders steps by it). */
  id?: number;
  supervisor: Pid;
  child: Term;
  old: Pid | null;
  new: Pid | null;
  gaveUp: boolean;
  restarts: number;
  maxRestarts: number;
  maxSeconds: number;
}

export interface LinkRecord {
  /** The shell input that made it (`iex(3)`), when the shell was one end. */
  prompt: number | null;
  /** Made by spawn_link (the other end had just been spawned). */
  spawned: boolean;
}

export interface CrashLogOptions {
  /** Whether a pid is the shell's evaluator (now). */
  isShell?: (pid: Pid) => boolean;
  /** The number of the shell input being evaluated, if any. */
  prompt?: () => number | null;
  /** Records kept of each kind at most. */
  capacity?: number;
}

/** The facts explain() reads (a CrashLog, or plain data in tests). */
export interface CrashFacts {
  exits: ReadonlyMap<string, ExitRecord>;
  exitsById: ReadonlyMap<number, ExitRecord>;
  signals: ReadonlyMap<number, SignalRecord>;
  restarts: ReadonlyMap<string, RestartRecord>;
  links: ReadonlyMap<string, LinkRecord>;
  names: ReadonlyMap<string, string>;
  shells: ReadonlySet<string>;
  lastShellExit: Pid | null;
}

export class CrashLog implements CrashFacts {
  readonly exits = new Map<string, ExitRecord>();
  readonly exitsById = new Map<number, ExitRecord>();
  readonly signals = new Map<number, SignalRecord>();
  readonly restarts = new Map<string, RestartRecord>();
  readonly links = new Map<string, LinkRecord>();
  readonly names = new Map<string, string>();
  readonly shells = new Set<string>();
  lastShellExit: Pid | null = null;
  private readonly sub: Subscription;
  private readonly capacity: number;

  constructor(
    private readonly rt: Runtime,
    private readonly opts: CrashLogOptions = {},
  ) {
    this.capacity = opts.capacity ?? 2000;
    this.sub = rt.events.subscribe((e) => this.record(e), ["exit", "signal", "restart", "link"]);
  }

  close(): void {
    this.sub.close();
  }

  private record(e: RuntimeEvent): void {
    switch (e.kind) {
      case "exit": {
        const k = pidKey(e.pid);
        if (e.name !== null) this.names.set(k, inspect(e.name));
        const r: ExitRecord = { id: e.id, pid: e.pid, reason: e.reason, cause: e.cause, at: e.at, trappedBy: [], tookDown: [] };
        bounded(this.exits, k, r, this.capacity);
        bounded(this.exitsById, e.id, r, this.capacity);
        const sig = this.signals.get(e.cause);
        if (sig !== undefined) this.exitsById.get(sig.cause)?.tookDown.push(e.pid);
        if (this.shells.has(k) || this.opts.isShell?.(e.pid)) {
          this.shells.add(k);
          this.lastShellExit = e.pid;
        }
        break;
      }
      case "signal": {
        const to = e.to.node === null ? this.rt.procs.get(e.to.id) : undefined;
        const trapped = to !== undefined && to.trapExit && e.reason !== KILL_ATOM;
        this.learn(e.from);
        this.learn(e.to);
        bounded(this.signals, e.id, { id: e.id, from: e.from, to: e.to, reason: e.reason, link: e.link, cause: e.cause, trapped }, this.capacity);
        if (trapped) this.exitsById.get(e.cause)?.trappedBy.push(e.to);
        break;
      }
      case "restart":
        this.learn(e.supervisor);
        if (e.new !== null) this.learn(e.new);
        if (e.old !== null) bounded(this.restarts, pidKey(e.old), { ...e }, this.capacity);
        if (e.gaveUp) bounded(this.restarts, `gave-up:${pidKey(e.supervisor)}`, { ...e }, this.capacity);
        break;
      case "link": {
        const shellEnd = [e.pid, e.other].find((p) => this.opts.isShell?.(p));
        this.learn(e.pid);
        this.learn(e.other);
        if (shellEnd === undefined) break;
        this.shells.add(pidKey(shellEnd));
        const other = shellEnd === e.pid ? e.other : e.pid;
        const o = other.node === null ? this.rt.procs.get(other.id) : undefined;
        const spawned = o !== undefined && o.reductions === 0 && o.status !== "exited";
        bounded(this.links, linkKey(e.pid, e.other), { prompt: this.opts.prompt?.() ?? null, spawned }, this.capacity);
        break;
      }
    }
  }

  /** Notes a live process's registered name (gone once it has exited). */
  private learn(pid: Pid): void {
    if (pid.node !== null) return;
    const p = this.rt.procs.get(pid.id);
    if (p !== undefined && p.registeredName !== null) this.names.set(pidKey(pid), inspect(p.registeredName));
  }
}

const KILL_ATOM = a("kill");
const NORMAL = a("normal");
const SHUTDOWN = a("shutdown");
const KILLED = a("killed");
const MESSAGE = a("message");

function bounded<K, V>(m: Map<K, V>, k: K, v: V, capacity: number): void {
  m.delete(k);
  m.set(k, v);
  if (m.size > capacity) m.delete(m.keys().next().value as K);
}

export const linkKey = (x: Pid, y: Pid): string => [pidKey(x), pidKey(y)].sort().join("~");

// ---- explaining ---------------------------------------------------------------------------

/** `#PID<0.106.0> (iex shell)`, `#PID<0.103.0> (Counter)`, `#PID<0.110.0>`. */
export function who(f: CrashFacts, pid: Pid): string {
  const k = pidKey(pid);
  if (f.shells.has(k)) return `${inspect(pid)} (iex shell)`;
  const name = f.names.get(k);
  return name === undefined ? inspect(pid) : `${inspect(pid)} (${name})`;
}

/** What a process that ended by itself did: raised, failed, returned, or exited. */
export function ownEnd(reason: Term): string {
  const r = raised(reason);
  if (r !== null) {
    const where = r.where === null ? "" : ` in ${r.where}`;
    if (r.exception) {
      const name = structName(r.error) ?? "an exception";
      const msg = r.error instanceof MapTerm ? r.error.get(MESSAGE) : undefined;
      return `raised ${name}${typeof msg === "string" ? " " + inspect(msg) : ""}${where}`;
    }
    return `failed with ${termText(r.error, 80)}${where}`;
  }
  if (reason === NORMAL) return "exited normally (its function returned)";
  if (reason === SHUTDOWN || (Array.isArray(reason) && reason[0] === SHUTDOWN)) return `shut down (${termText(reason, 80)})`;
  return `exited with reason ${termText(reason, 80)}`;
}

/** The chain that ended `pid`, from it back to the process that started it. */
function chain(f: CrashFacts, pid: Pid, depth: number): string {
  const e = f.exits.get(pidKey(pid));
  if (e === undefined) return "exited (how was not recorded)";
  const sig = f.signals.get(e.cause);
  if (sig === undefined || depth > 8) return ownEnd(e.reason);
  if (!sig.link) {
    const by = who(f, sig.from);
    if (sig.reason === KILL_ATOM) return `was killed by ${by} with Process.exit(pid, :kill)`;
    return `was sent the exit signal ${termText(sig.reason, 80)} by ${by} with Process.exit/2`;
  }
  const l = f.links.get(linkKey(sig.from, sig.to));
  const how = l === undefined ? "" : ` (${l.spawned ? "spawn_link" : "link"}${l.prompt === null ? "" : ` at iex(${l.prompt})`})`;
  const reason = e.reason === KILLED ? " and was killed" : "";
  return `was linked${how} to ${who(f, sig.from)}, which ${chain(f, sig.from, depth + 1)}${reason}`;
}

/** why(pid): one short paragraph. */
export function explain(f: CrashFacts, pid: Pid, alive: boolean): string {
  const k = pidKey(pid);
  const e = f.exits.get(k);
  if (e === undefined) {
    return alive ? `${who(f, pid)} is alive.` : `${who(f, pid)} is not alive, and how it exited was not recorded (it exited before the shell started, or too long ago).`;
  }
  const how = chain(f, pid, 0);
  const parts = [`${who(f, pid)} ${how.startsWith("was linked") ? "exited: it " : ""}${how}.`];
  const gaveUp = f.restarts.get(`gave-up:${k}`);
  if (gaveUp !== undefined) {
    parts.push(`As a supervisor it had given up: its children needed ${gaveUp.restarts} restarts within ${gaveUp.maxSeconds}s, more than max_restarts ${gaveUp.maxRestarts} allows (the last to exit: child ${termText(gaveUp.child, 40)}).`);
  }
  if (e.trappedBy.length > 0) parts.push(`Its exit signal was trapped (turned into an {:EXIT, ...} message) by ${e.trappedBy.map((p) => who(f, p)).join(", ")}.`);
  if (e.tookDown.length > 0) parts.push(`It took down ${e.tookDown.map((p) => who(f, p)).join(", ")} (linked, not trapping exits).`);
  const r = f.restarts.get(k);
  if (r !== undefined) {
    const within = `${r.restarts} restart${r.restarts === 1 ? "" : "s"} within ${r.maxSeconds}s, max_restarts ${r.maxRestarts}`;
    if (r.new !== null) parts.push(`Supervisor ${who(f, r.supervisor)} restarted it (child ${termText(r.child, 40)}) as ${inspect(r.new)} (${within}).`);
    else if (r.gaveUp) parts.push(`Supervisor ${who(f, r.supervisor)} gave up (${within}) and ${escalation(f, r.supervisor)}.`);
    else parts.push(`Supervisor ${who(f, r.supervisor)} could not restart it (child ${termText(r.child, 40)}).`);
  }
  return parts.join(" ");
}

/** The supervisors that gave up, newest last: what each did and where its exit went. */
export function escalations(f: CrashFacts, max = 3): string[] {
  const out: string[] = [];
  for (const [k, r] of f.restarts) {
    if (!k.startsWith("gave-up:")) continue;
    const within = `${r.restarts} restarts within ${r.maxSeconds}s, max_restarts ${r.maxRestarts}`;
    out.push(`Supervisor ${who(f, r.supervisor)} gave up (${within}) and ${escalation(f, r.supervisor)}`);
  }
  return out.slice(-max);
}

/** A supervisor that gave up exits with :shutdown; its exit goes to its own parent. */
function escalation(f: CrashFacts, sup: Pid): string {
  const e = f.exits.get(pidKey(sup));
  if (e === undefined) return "is shutting down";
  const to = [...e.tookDown, ...e.trappedBy];
  return to.length === 0 ? "exited with reason :shutdown (no process was linked to it to take it further)" : `exited with reason :shutdown, escalating to ${to.map((p) => who(f, p)).join(", ")}`;
}

/** why(): the shell's last exit, or a sentence saying there was none. */
export function explainShell(f: CrashFacts): string {
  if (f.lastShellExit === null) return "The shell has not exited since beamsh started.";
  return explain(f, f.lastShellExit, false);
}

/** Whether `t` names a process for why/1 (a pid, or a registered name's atom). */
export function isPidLike(t: Term): t is Pid | Atom {
  return t instanceof Pid || t instanceof Atom;
}

/** Greedy word wrap at `width` columns (a word longer than the width keeps its own line). */
export function wrap(text: string, width = 80): string {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") out.push(line);
  return out.join("\n");
}
