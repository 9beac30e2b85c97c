// A rate-limited trace log and the text form of trace events. The observer's Trace view and
// a shell `trace(pid)` helper both use it. Recording an event is O(1) and never inspects
// terms; lines are formatted only when shown, so tracing a busy process cannot stall the
// runtime. Events over the rate limit are dropped and counted.
import { inspect } from "../runtime/inspect.js";
import { clockTime, oneLine, pidText } from "./format.js";
import type { ObserverSource } from "./source.js";
import type { TraceEvent } from "./source-trace.js";

export type { TraceEvent } from "./source-trace.js";

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
  const other = ev.other === null ? "" : pidText(ev.other);
  const term = () => oneLine(inspect(ev.term, { limit: 20, printable_limit: 120, width: Infinity }));
  let what: string;
  switch (ev.kind) {
    case "receive":
      what = `received ${term()}` + (other ? ` from ${other}` : "");
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
  }
  const line = `${clockTime(ev.at)} ${who} ${what}`;
  return line.length > width ? line.slice(0, width - 1) + "…" : line;
}

/**
 * Traces a process without the UI: calls `write` with one formatted line per event, batched
 * on a timer so the scheduler is never held up. Returns the function that stops tracing.
 * (For a shell helper such as `trace(pid)`.)
 */
export function startTrace(source: ObserverSource, id: number, write: (line: string) => void, flushMs = 50): () => void {
  const log = new TraceLog(TRACE_KEEP, TRACE_RATE);
  let shown = 0;
  let dropped = 0;
  const stop = source.trace(id, (ev) => log.push(ev));
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
