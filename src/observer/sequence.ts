// Message sequence diagrams: what happened between processes, one lane per process, one
// row per event, drawn as text. The shell's seq/1 prints one; the observer's Sequence view
// draws one live. Pure: events in (from the runtime's event stream, recorded by
// recorder.ts), lines out.
//
//   iex (shell)          EchoServer
//   #PID<0.100.0>        #PID<0.105.0>
//   │                    │
//   │ {:"$gen_call", {#PID<0.100.0>, [:alias | #Reference<0.1.2.3>]}, :ping}
//   ├───────────────────▶│
//   │                    ● receive {:"$gen_call", {#PID<0.100.0>, [:alias | …
//   │ {[:alias | #Reference<0.1.2.3>], {:pong, 0}}
//   │◀───────────────────┤
//   ● receive {[:alias | #Reference<0.1.2.3>], {:pong, 0}}
//
// Which processes get a lane: Membership starts from a few processes (the shell, for seq/1)
// and takes in every process they spawn, link, monitor, message or hear from; events between
// other processes are left out, so a busy system does not drown the diagram. With no roots
// every process is a member (the observer's view without a filter).
import type { RuntimeEvent } from "../runtime/events.js";
import { inspect } from "../runtime/inspect.js";
import { MapTerm } from "../runtime/map.js";
import { Atom, Cons, Pid, Term, a } from "../runtime/term.js";
import { moduleName } from "./format.js";

/** What is known about a process, captured while it was alive (see recorder.ts). */
export interface LaneInfo {
  /** Its registered name, as Elixir prints it. */
  name: string | null;
  /** Its initial call, `Mod.fun/arity` (proc_lib's `$initial_call` when it has one). */
  call: string | null;
  /** The shell's evaluator. */
  shell: boolean;
}

/** A process and the events that make it one of the diagram's processes. */
export class Membership {
  private readonly members: Set<string> | null;

  /** `roots` null: every process is a member. */
  constructor(roots: Pid[] | null) {
    this.members = roots === null ? null : new Set(roots.map(pidKey));
  }

  has(p: Pid): boolean {
    return this.members === null || this.members.has(pidKey(p));
  }

  /** Whether `e` belongs in the diagram; takes in the processes it brings along. */
  admit(e: RuntimeEvent): boolean {
    const m = this.members;
    if (m === null) return KINDS.has(e.kind) && (e.kind !== "fault" || e.to !== null);
    const join = (...ps: (Pid | null)[]) => {
      if (!ps.some((p) => p !== null && m.has(pidKey(p)))) return false;
      for (const p of ps) if (p !== null) m.add(pidKey(p));
      return true;
    };
    switch (e.kind) {
      case "spawn":
        return e.parent !== null && m.has(pidKey(e.parent)) ? join(e.parent, e.pid) : false;
      case "send":
        return join(e.from, e.to);
      case "link":
      case "unlink":
        return join(e.pid, e.other);
      case "monitor":
        return m.has(pidKey(e.pid)) ? join(e.pid, e.target instanceof Pid ? e.target : null) : false;
      case "signal":
        return join(e.from, e.to);
      case "receive":
      case "exit":
      case "timeout":
        return m.has(pidKey(e.pid));
      case "restart":
        return join(e.supervisor, e.old, e.new);
      case "fault":
        // A fault's doing on a member's messages, or a member suspended or resumed (the
        // runtime's pause has no lane).
        if (e.to === null) return false;
        if (e.type === "suspend" || e.type === "resume") return m.has(pidKey(e.to));
        return e.from !== null ? join(e.from, e.to) : m.has(pidKey(e.to));
      default:
        return false;
    }
  }
}

/** The event kinds a diagram is drawn from. */
export const SEQUENCE_KINDS = ["spawn", "send", "receive", "link", "unlink", "monitor", "signal", "exit", "timeout", "restart", "fault"] as const;
const KINDS = new Set<string>(SEQUENCE_KINDS);

export const pidKey = (p: Pid): string => (p.node === null ? String(p.id) : `${p.node.name}/${p.id}/${p.serial}`);

export type ArrowStyle = "send" | "signal" | "spawn" | "link" | "monitor" | "down";
export type NoteStyle = "receive" | "exit" | "crash" | "timeout" | "restart" | "self" | "fault";

export type Row =
  | { kind: "arrow"; from: string; to: string; label: string; style: ArrowStyle }
  | { kind: "note"; lane: string; text: string; style: NoteStyle };

export interface Lane {
  key: string;
  pid: Pid;
  info: LaneInfo;
  /** The row that starts it (a spawn), or -1 when it was there before the diagram began. */
  born: number;
  /** The row where it exits, or -1 while alive. */
  died: number;
}

export interface Diagram {
  lanes: Lane[];
  rows: Row[];
  /** Events recorded but not kept (over the recorder's bounds). */
  dropped: number;
}

export interface BuildOptions {
  /** Lane facts by pid key (names captured while the processes lived). */
  info: (pid: Pid) => LaneInfo;
  /** At most this many characters of a term in a label (the line is cut later anyway). */
  termChars?: number;
}

const DOWN = a("DOWN");
const EXIT = a("EXIT");
const NORMAL = a("normal");

/** The diagram of `events` (already admitted by a Membership, oldest first). */
export function buildDiagram(events: readonly RuntimeEvent[], opts: BuildOptions, dropped = 0): Diagram {
  const lanes = new Map<string, Lane>();
  const rows: Row[] = [];
  const chars = opts.termChars ?? 120;
  const fmt = (t: Term) => termText(t, chars);
  const lane = (p: Pid, born = -1): string => {
    const k = pidKey(p);
    if (!lanes.has(k)) lanes.set(k, { key: k, pid: p, info: opts.info(p), born, died: -1 });
    return k;
  };
  const arrow = (from: Pid, to: Pid, label: string, style: ArrowStyle) => {
    const f = lane(from);
    const t = lane(to);
    if (f === t) rows.push({ kind: "note", lane: f, text: `${style === "send" ? "sends itself" : label} ${style === "send" ? label : ""}`.trim(), style: "self" });
    else rows.push({ kind: "arrow", from: f, to: t, label, style });
  };
  const note = (p: Pid, text: string, style: NoteStyle) => rows.push({ kind: "note", lane: lane(p), text, style });

  for (const e of events) {
    switch (e.kind) {
      case "spawn":
        if (e.parent === null) break;
        lane(e.parent);
        lane(e.pid, rows.length);
        rows.push({ kind: "arrow", from: pidKey(e.parent), to: pidKey(e.pid), label: "spawn", style: "spawn" });
        break;
      case "send": {
        if (e.from === null) break;
        const m = e.msg;
        const down = Array.isArray(m) && (m[0] === DOWN || m[0] === EXIT);
        arrow(e.from, e.to, fmt(m), down ? "down" : "send");
        break;
      }
      case "link":
      case "monitor": {
        const other = e.kind === "link" ? e.other : e.target instanceof Pid ? e.target : null;
        if (other === null) break;
        // spawn_link/spawn_monitor: the spawn just drawn takes the link's name.
        const last = rows[rows.length - 1];
        if (last?.kind === "arrow" && last.style === "spawn" && last.label === "spawn" && last.from === pidKey(e.pid) && last.to === pidKey(other)) {
          last.label = e.kind === "link" ? "spawn_link" : "spawn_monitor";
          break;
        }
        arrow(e.pid, other, e.kind, e.kind);
        break;
      }
      case "unlink":
        arrow(e.pid, e.other, "unlink", "link");
        break;
      case "signal":
        arrow(e.from, e.to, `exit signal: ${reasonText(e.reason, chars)}`, "signal");
        break;
      case "receive":
        note(e.pid, `receive ${fmt(e.msg)}`, "receive");
        break;
      case "timeout":
        note(e.pid, "receive timed out (after)", "timeout");
        break;
      case "exit": {
        const k = lane(e.pid);
        note(e.pid, `exit ${reasonText(e.reason, chars)}`, isCrash(e.reason) ? "crash" : "exit");
        lanes.get(k)!.died = rows.length - 1;
        break;
      }
      case "fault":
        if (e.to !== null) note(e.to, faultNote(e, fmt), "fault");
        break;
      case "restart":
        if (e.gaveUp) note(e.supervisor, `gave up: ${e.restarts} restarts within ${e.maxSeconds}s (max_restarts: ${e.maxRestarts})`, "restart");
        else if (e.new !== null) note(e.supervisor, `restarted ${fmt(e.child)} as ${inspect(e.new)}${e.old === null ? "" : ` (was ${inspect(e.old)})`}`, "restart");
        else note(e.supervisor, `could not restart ${fmt(e.child)}`, "restart");
        break;
    }
  }
  // The shell first, then in order of appearance.
  const ordered = [...lanes.values()];
  ordered.sort((x, y) => Number(y.info.shell) - Number(x.info.shell));
  return { lanes: ordered, rows, dropped };
}

const FAULT_DONE: Record<string, string> = { drop: "dropped", delay: "delayed", duplicate: "duplicated", reorder: "reordered" };

/** What an injected fault did, on the lane of the process it was done to (runtime/faults.ts). */
function faultNote(e: Extract<RuntimeEvent, { kind: "fault" }>, fmt: (t: Term) => string): string {
  if (e.type === "suspend") return "suspended";
  if (e.type === "resume") return "resumed";
  const which = `fault #${e.fault} (${e.type})`;
  const from = e.from === null ? "" : ` from ${inspect(e.from)}`;
  if (e.op === "add") return `${which} installed on messages${from} to it`;
  if (e.op === "remove") return `${which} removed`;
  return `${which}: ${FAULT_DONE[e.type] ?? e.type} ${fmt(e.msg)}`;
}

/** A term for a label: inspect, shortened (the line is cut to the width later). */
export function termText(t: Term, chars = 120): string {
  const s = inspect(t, { limit: 12, printable_limit: 60 });
  return s.length <= chars ? s : s.slice(0, chars - 1) + "…";
}

const EXCEPTION = a("__exception__");
const STRUCT = a("__struct__");

/** An exit reason told shortly: `{exception, stack}` as the exception and where it was raised. */
export function reasonText(reason: Term, chars = 120): string {
  const crash = raised(reason);
  if (crash !== null) return `${termText(crash.error, chars)}${crash.where === null ? "" : ` (raised in ${crash.where})`}`;
  return termText(reason, chars);
}

/** `{%SomeError{}, stacktrace}` (a raise) or `{reason, stacktrace}` (an error): what and where. */
export function raised(reason: Term): { error: Term; exception: boolean; where: string | null } | null {
  if (!Array.isArray(reason) || reason.length !== 2) return null;
  const [error, stack] = reason;
  if (!isStack(stack)) return null;
  const exception = error instanceof MapTerm && error.get(EXCEPTION) === true;
  const where = topFrame(stack);
  // Code typed at the shell runs in erl_eval: no module of the user's to name.
  return { error, exception, where: where?.startsWith(":erl_eval.") ? null : where };
}

function isStack(t: Term): boolean {
  if (!(t instanceof Cons)) return false;
  const h = t.h;
  return Array.isArray(h) && (h.length === 4 || h.length === 3) && h[0] instanceof Atom;
}

/** `Foo.bar/1` for the first entry of a stacktrace. */
function topFrame(stack: Term): string | null {
  if (!(stack instanceof Cons)) return null;
  const h = stack.h;
  if (!Array.isArray(h) || !(h[0] instanceof Atom) || !(h[1] instanceof Atom)) return null;
  const arity = typeof h[2] === "number" ? h[2] : h[2] instanceof Cons ? listLength(h[2]) : 0;
  return `${moduleName(h[0].name)}.${h[1].name}/${arity}`;
}

function listLength(l: Term): number {
  let n = 0;
  for (let x = l; x instanceof Cons; x = x.t) n++;
  return n;
}

/** A reason that is a crash (not :normal, :shutdown or {:shutdown, _}). */
export function isCrash(reason: Term): boolean {
  if (reason === NORMAL || reason === SHUTDOWN) return false;
  return !(Array.isArray(reason) && reason.length === 2 && reason[0] === SHUTDOWN);
}
const SHUTDOWN = a("shutdown");

/** The name of a struct (`RuntimeError`), for sentences. */
export function structName(t: Term): string | null {
  if (!(t instanceof MapTerm)) return null;
  const s = t.get(STRUCT);
  return s instanceof Atom ? moduleName(s.name) : null;
}

// ---- drawing ------------------------------------------------------------------------------

export type Tone = "head" | "label" | "arrow" | "signal" | "note" | "crash" | "fault" | "dim";

export interface SeqLine {
  text: string;
  tone: Tone;
}

export interface DrawOptions {
  width: number;
  /** Draw only rows from this index (the view's scroll position); lanes still start at the top. */
  fromRow?: number;
  /** At most this many rows (the rest is summarised in a last line). */
  maxRows?: number;
}

/** Lane titles: the shell, a registered name, or the pid; below, the pid or initial call. */
export function laneTitles(l: Lane): [string, string] {
  const pid = pidLabel(l.pid);
  if (l.info.shell) return ["iex (shell)", pid];
  if (l.info.name !== null) return [l.info.name, pid];
  return [pid, l.info.call ?? ""];
}

function pidLabel(p: Pid): string {
  return inspect(p);
}

const PATH: Record<ArrowStyle, string> = { send: "─", down: "─", spawn: "─", signal: "━", link: "┄", monitor: "┄" };
const MARK: Record<NoteStyle, string> = { receive: "●", exit: "✖", crash: "✖", timeout: "◌", restart: "↻", self: "↺", fault: "⚑" };

/** Lane spacing for `n` lanes in `width` columns. */
export function laneSpacing(n: number, width: number): number {
  if (n <= 1) return width;
  return Math.max(14, Math.min(30, Math.floor((width - 1) / n)));
}

/** The diagram as lines of text (two header lines, then each row). */
export function sequenceLines(d: Diagram, opts: DrawOptions): SeqLine[] {
  const { width } = opts;
  if (d.lanes.length === 0) return [{ text: "(no messages, spawns, links or exits were seen)", tone: "dim" }];
  const spacing = laneSpacing(d.lanes.length, width);
  const x = new Map(d.lanes.map((l, i) => [l.key, i * spacing]));
  const lineWidth = Math.max(width, (d.lanes.length - 1) * spacing + 1);
  const out: SeqLine[] = [];
  const titles = d.lanes.map(laneTitles);
  for (const row of [0, 1]) {
    const chars = blank(lineWidth);
    d.lanes.forEach((l, i) => put(chars, x.get(l.key)!, cut(titles[i][row], spacing - 2)));
    out.push({ text: chars.join("").trimEnd(), tone: "head" });
  }
  const first = opts.fromRow ?? 0;
  const last = opts.maxRows === undefined ? d.rows.length : Math.min(d.rows.length, first + opts.maxRows);
  const alive = (l: Lane, r: number) => l.born <= r && (l.died === -1 || r <= l.died);
  const bars = (r: number) => {
    const chars = blank(lineWidth);
    for (const l of d.lanes) if (alive(l, r) && l.born !== r) chars[x.get(l.key)!] = "│";
    return chars;
  };
  // A line of bars above the first row shown: the lanes there before it.
  const top = blank(lineWidth);
  for (const l of d.lanes) if (l.born < first && (l.died === -1 || l.died >= first)) top[x.get(l.key)!] = "│";
  out.push({ text: top.join("").trimEnd(), tone: "dim" });
  for (let r = first; r < last; r++) {
    const row = d.rows[r];
    if (row.kind === "arrow") {
      const xa = x.get(row.from)!;
      const xb = x.get(row.to)!;
      const label = bars(r);
      const start = Math.min(xa, xb) + 2;
      put(label, start, cut(row.label, lineWidth - start));
      out.push({ text: label.join("").trimEnd(), tone: "label" });
      const line = bars(r);
      const right = xb > xa;
      for (let i = Math.min(xa, xb) + 1; i < Math.max(xa, xb); i++) line[i] = PATH[row.style];
      line[xa] = right ? "├" : "┤";
      line[right ? xb - 1 : xb + 1] = right ? "▶" : "◀";
      const target = d.lanes.find((l) => l.key === row.to)!;
      line[xb] = target.born === r ? "┬" : "│";
      out.push({ text: line.join("").trimEnd(), tone: row.style === "signal" ? "signal" : "arrow" });
    } else {
      const line = bars(r);
      const xl = x.get(row.lane)!;
      line[xl] = MARK[row.style];
      put(line, xl + 2, cut(row.text, lineWidth - xl - 2));
      out.push({ text: line.join("").trimEnd(), tone: row.style === "crash" ? "crash" : row.style === "fault" ? "fault" : "note" });
    }
  }
  const hidden = d.rows.length - last;
  if (hidden > 0 || d.dropped > 0) {
    const parts = [];
    if (hidden > 0) parts.push(`${hidden} more event${hidden === 1 ? "" : "s"} below`);
    if (d.dropped > 0) parts.push(`${d.dropped} event${d.dropped === 1 ? "" : "s"} not recorded (over the limit)`);
    out.push({ text: `(${parts.join("; ")})`, tone: "dim" });
  }
  return out;
}

/** Lines drawn per row (an arrow takes a label line and an arrow line). */
export function rowHeight(r: Row): number {
  return r.kind === "arrow" ? 2 : 1;
}

function blank(n: number): string[] {
  return Array.from({ length: n }, () => " ");
}

/** Writes `s` over `chars` from column `at`, within the line. */
function put(chars: string[], at: number, s: string): void {
  let i = at;
  for (const c of s) {
    if (i >= chars.length) break;
    chars[i++] = c;
  }
}

function cut(s: string, n: number): string {
  if (n <= 0) return "";
  const cs = Array.from(s);
  return cs.length <= n ? s : cs.slice(0, Math.max(0, n - 1)).join("") + "…";
}
