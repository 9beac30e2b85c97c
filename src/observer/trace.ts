// Tracing one process: its events, taken from the runtime's event stream (runtime/events.ts)
// and turned into plain trace events; a rate-limited log of them; and their text form. The
// observer's Trace view and the shell's `trace(pid)` helper both use it, and any number of
// traces (of the same or different processes) run side by side, each its own subscriber.
// Recording an event is O(1) and never inspects terms; lines are formatted only when shown,
// so tracing a busy process cannot stall the runtime. Events over the rate limit are
// dropped and counted.
import type { EventKind, RuntimeEvent } from "../runtime/events.js";
import { inspect } from "../runtime/inspect.js";
import type { Runtime } from "../runtime/runtime.js";
import type { Pid, Term } from "../runtime/term.js";
import { clockTime, oneLine, pidText } from "./format.js";

/**
 * What happened to the traced process: a message arrived in its mailbox (`deliver`) or was
 * taken by a receive clause (`receive`), it sent one, spawned, linked or unlinked, got an
 * exit signal, or exited.
 */
export type TraceKind = "deliver" | "receive" | "send" | "spawn" | "link" | "unlink" | "signal" | "exit" | "fault";

export interface TraceEvent {
  /** Wall-clock time (ms since the epoch). */
  at: number;
  /** The traced process (a local pid number). */
  pid: number;
  kind: TraceKind;
  /** The other party: sender/receiver, spawned child, linked process, signal sender. */
  other: Pid | null;
  /** The message or exit reason (terms are immutable, so keeping the reference is safe). */
  term: Term;
  /** For `fault`: an injected fault acting on the process's messages, or its suspension. */
  fault?: { type: string; op: "add" | "remove" | "apply" };
}

export type TraceListener = (ev: TraceEvent) => void;

/** The event kinds a process trace is made of. */
const TRACED: EventKind[] = ["deliver", "receive", "send", "spawn", "link", "unlink", "signal", "exit", "fault"];

const isLocal = (p: Pid | null, id: number): boolean => p !== null && p.node === null && p.id === id;

/** The trace event `e` is for the local process `id`, or null when `e` is not about it. */
export function traceEventOf(e: RuntimeEvent, id: number, at = Date.now()): TraceEvent | null {
  const ev = (kind: TraceKind, other: Pid | null, term: Term = null): TraceEvent => ({ at, pid: id, kind, other, term });
  switch (e.kind) {
    case "send":
      return isLocal(e.from, id) ? ev("send", e.to, e.msg) : null;
    case "deliver":
      return isLocal(e.to, id) ? ev("deliver", e.from, e.msg) : null;
    case "receive":
      return isLocal(e.pid, id) ? ev("receive", null, e.msg) : null;
    case "spawn":
      return isLocal(e.parent, id) ? ev("spawn", e.pid) : null;
    case "link":
    case "unlink":
      if (isLocal(e.pid, id)) return ev(e.kind, e.other);
      return isLocal(e.other, id) ? ev(e.kind, e.pid) : null;
    case "signal":
      return isLocal(e.to, id) ? ev("signal", e.from, e.reason) : null;
    case "exit":
      return isLocal(e.pid, id) ? ev("exit", null, e.reason) : null;
    case "fault": {
      const mine = isLocal(e.to, id) ? e.from : isLocal(e.from, id) ? e.to : undefined;
      return mine === undefined ? null : { ...ev("fault", mine, e.msg), fault: { type: e.type, op: e.op } };
    }
    default:
      return null;
  }
}

/** Delivers the trace events of local process `id` to `listener` until the returned function is called. */
export function traceProcess(rt: Runtime, id: number, listener: TraceListener): () => void {
  const sub = rt.events.subscribe((e) => {
    const t = traceEventOf(e, id);
    if (t !== null) listener(t);
  }, TRACED);
  return () => sub.close();
}

/** Events kept for display. */
export const TRACE_KEEP = 500;
/** Events accepted per second; the rest are dropped (and counted). */
export const TRACE_RATE = 200;

export class TraceLog {
  readonly events: TraceEvent[] = [];
  dropped = 0;
  /** Bumped on every change, so a view can tell when to redraw. */
  version = 0;
  private windowStart = 0;
  private inWindow = 0;

  constructor(
    readonly keep = TRACE_KEEP,
    readonly rate = TRACE_RATE,
  ) {}

  push(ev: TraceEvent): void {
    if (ev.at - this.windowStart >= 1000) {
      this.windowStart = ev.at;
      this.inWindow = 0;
    }
    if (++this.inWindow > this.rate) {
      this.dropped++;
      this.version++;
      return;
    }
    this.events.push(ev);
    if (this.events.length > this.keep) this.events.splice(0, this.events.length - this.keep);
    this.version++;
  }

  clear(): void {
    this.events.length = 0;
    this.dropped = 0;
    this.version++;
  }
}

/** One event as a line in Elixir syntax: `12:00:01.234 #PID<0.104.0> received {:hello, 1}`. */
export function formatTraceEvent(ev: TraceEvent, width = 200): string {
  const who = pidText(ev.pid);
  const other = ev.other === null ? "" : inspect(ev.other);
  const term = () => oneLine(inspect(ev.term, { limit: 20, printable_limit: 120, width: Infinity }));
  let what: string;
  switch (ev.kind) {
    case "deliver":
      what = `got ${term()}` + (other ? ` from ${other}` : "");
      break;
    case "receive":
      what = `received ${term()}`;
      break;
    case "send":
      what = `sent ${term()} to ${other}`;
      break;
    case "spawn":
      what = `spawned ${other}`;
      break;
    case "link":
      what = `linked to ${other}`;
      break;
    case "unlink":
      what = `unlinked from ${other}`;
      break;
    case "signal":
      what = `got exit signal ${term()} from ${other}`;
      break;
    case "exit":
      what = `exited with reason ${term()}`;
      break;
    case "fault":
      what = faultText(ev, other, term);
      break;
  }
  const line = `${clockTime(ev.at)} ${who} ${what}`;
  return line.length > width ? line.slice(0, width - 1) + "…" : line;
}

const FAULT_DONE: Record<string, string> = { drop: "dropped", delay: "delayed", duplicate: "duplicated", reorder: "held back (reordered)" };

/** A fault's doing, from the traced process's side (see runtime/faults.ts). */
function faultText(ev: TraceEvent, other: string, term: () => string): string {
  const { type, op } = ev.fault!;
  if (type === "suspend" || type === "resume") return `${type === "suspend" ? "suspended" : "resumed"}` + (other ? ` by ${other}` : "");
  if (op === "add") return `fault ${type} installed on its messages`;
  if (op === "remove") return `fault ${type} removed`;
  return `fault: message ${term()} ${FAULT_DONE[type] ?? type}` + (other ? ` (with ${other})` : "");
}

/**
 * Traces a process without the UI (the shell's `trace(pid)`): calls `write` with one
 * formatted line per event, batched on a timer so the scheduler is never held up. Returns
 * the function that stops tracing.
 */
export function startTrace(rt: Runtime, id: number, write: (line: string) => void, flushMs = 50): () => void {
  const log = new TraceLog(TRACE_KEEP, TRACE_RATE);
  let shown = 0;
  let dropped = 0;
  const stop = traceProcess(rt, id, (ev) => log.push(ev));
  const flush = () => {
    for (const ev of log.events.slice(shown)) write(formatTraceEvent(ev) + "\n");
    if (log.dropped > dropped) write(`(${log.dropped - dropped} trace events dropped)\n`);
    dropped = log.dropped;
    log.events.length = 0;
    shown = 0;
  };
  const timer = setInterval(flush, flushMs);
  timer.unref?.();
  return () => {
    stop();
    clearInterval(timer);
    flush();
  };
}
