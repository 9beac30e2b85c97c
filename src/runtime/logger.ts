// The runtime's logger: where crash reports and Logger messages are written, and when.
//
// Elixir's Logger is asynchronous and loads code as it meets new kinds of events: its
// formatter and console backend with the first event of the session, the translator and
// exception formatting for the first crash report of each kind (a process crash, a
// gen_server, a task). On the BEAM such a cold event appears a few milliseconds late, and a
// gen_server writing its first crash report stays alive meanwhile; warm events appear at
// once. In iex's piped mode (`iex < file`) those milliseconds are many quick inputs, so a
// cold event lands in the next wait (a sleep, a receive), or never when the input ends
// first. The logger reproduces this in one of three ways:
//
//   instant  (virtual clock, tests): everything is written at once;
//   timed    (real clock): a cold event is late by its measured time;
//   stepped  (piped shell input): a cold event waits until the shell's input is blocked
//            with nothing else to run (a sleep, a receive), the shell compiles a module,
//            or until STEPS scheduler slices have gone by (about what fits in those
//            milliseconds) — deterministic, whatever the machine's load.
//
// A late event is either text to write (a crash report the runtime writes for a process
// that died) or a process to release (a process writing its own event, which waits first:
// see :beamsh_otp.log/3). Late events come out in the order they were emitted.
//
// log() queues an event to be written after the current turn of Node's event loop (what a
// report racing with the shell's own output looks like), flush() writes that queue now.
import { Term, a, tuple } from "./term.js";
import type { Pid, Ref } from "./term.js";

/**
 * Milliseconds a cold event is late, measured with iex 1.14 (piped, on a loaded 2-core
 * machine): 3 to 5 for the Logger and a gen_server's first report, about 15 for a task's,
 * about 4 for a process crash (given 10 here: nothing waits for it, and the margin keeps the
 * outcome steady).
 */
const LOGGER_COLD_MS = 5;
/** Crash reports, cold until the first of their kind. */
const REPORT_COLD_MS: Record<string, number> = { process: 10, gen_server: 5, task: 15 };
/** Stepped mode: scheduler slices a cold event waits at most (about 15 quick inputs). */
const STEPS = 48;

/** What the logger needs from its runtime. */
export interface LoggerHost {
  write(text: string): void;
  now(): number;
  setTimer(at: number, fn: () => void): void;
  send(to: Pid, msg: Term): void;
  newRef(): Ref;
}

interface LateEvent {
  /** When it is due: clock time (timed) or slice count (stepped). */
  due: number;
  text?: string;
  release?: { pid: Pid; token: Term };
}

const WARM = a("$logger_warm");

/** Logger's levels, least severe first. */
export const LOG_RANKS: Record<string, number> = { all: 0, debug: 1, info: 2, notice: 3, warning: 4, warn: 4, error: 5, critical: 6, alert: 7, emergency: 8, none: 9 };

export class Logger {
  /** Whether Logger's console backend is on (Logger.remove_backend(:console) turns it off). */
  console = true;
  /** The console backend's configuration, as Logger's Elixir code keeps it (nil: the default). */
  consoleConfig: Term = null;
  mode: "instant" | "timed" | "stepped";
  /** Stepped mode: whether the shell is in the middle of an input (set by the shell). */
  foregroundBusy: (() => boolean) | null = null;
  private queue: string[] = [];
  private scheduled = false;
  private late: LateEvent[] = [];
  private slices = 0;
  /** Stepped mode: the slice count at which the events waiting now are due. */
  private warmSlice = 0;
  /**
   * When each part of the Logger is warm (clock time); the first event needing it sets it.
   * Stepped mode: Infinity while the events waiting for it are late, 0 once they came out.
   */
  private readonly warmAt = new Map<string, number>();

  constructor(
    private readonly host: LoggerHost,
    realClock: boolean,
  ) {
    this.mode = realClock ? "timed" : "instant";
  }

  /**
   * How many milliseconds an event of `kind` emitted now is late: `logger` and
   * `error_logger` messages need the Logger itself warm, crash reports (`process`,
   * `gen_server`, `task`) also their own kind. 0 when warm, and always in instant mode.
   */
  coldDelay(kind: string): number {
    if (this.mode === "instant") return 0;
    if (this.mode === "stepped") {
      // On the runtime's clock, not the wall's: a part is cold from the first event that
      // needs it until the late events come out (the moment it got warm), so whether an
      // event waits does not depend on how loaded the machine is.
      let delay = 0;
      for (const [part, ms] of [["logger", LOGGER_COLD_MS], ...(kind in REPORT_COLD_MS ? [[kind, REPORT_COLD_MS[kind]] as const] : [])] as const) {
        if (!this.warmAt.has(part)) this.warmAt.set(part, Infinity);
        if (this.warmAt.get(part) === Infinity) delay = Math.max(delay, ms);
      }
      return delay;
    }
    const now = this.host.now();
    let at = this.warmUntil("logger", LOGGER_COLD_MS, now);
    if (kind in REPORT_COLD_MS) at = Math.max(at, this.warmUntil(kind, REPORT_COLD_MS[kind], now));
    return Math.max(0, at - now);
  }

  private warmUntil(part: string, cold: number, now: number): number {
    let at = this.warmAt.get(part);
    if (at === undefined) {
      at = now + cold;
      this.warmAt.set(part, at);
    }
    return at;
  }

  /** Captures (ExUnit.CaptureLog) in progress: each takes the events at or above its level. */
  private captures = new Map<number, { min: number; text: string }>();
  private nextCapture = 1;

  /** Starts capturing log events of `min` rank or more (see LOG_RANKS); its id. */
  captureStart(min: number): number {
    const id = this.nextCapture++;
    this.captures.set(id, { min, text: "" });
    return id;
  }

  /** Ends capture `id`: what it took. */
  captureStop(id: number): string {
    const c = this.captures.get(id);
    this.captures.delete(id);
    return c?.text ?? "";
  }

  /** The Logger's level (Logger.configure(level: ...)): events below it are dropped. */
  level = "debug";

  /** Levels set per module (Logger.put_module_level, :logger.set_module_level): module name → level. */
  moduleLevels = new Map<string, string>();

  /** Whether events of `level` pass the Logger's level (none: no event does). */
  enabled(level: string): boolean {
    return (LOG_RANKS[level] ?? LOG_RANKS.error) >= (LOG_RANKS[this.level] ?? LOG_RANKS.none);
  }

  /** The level of a formatted event ("\n12:00:00.000 [info] ..."); error when it has none. */
  private levelOf(text: string): string {
    const m = /^\n\d\d:\d\d:\d\d\.\d{3} \[(\w+)\]/.exec(text);
    return m !== null && m[1] in LOG_RANKS ? m[1] : "error";
  }

  /**
   * Events the level drops, and while a capture runs, events it takes (true: not for the
   * console). `allowed`: the level was checked already (Logger's macros: a module's own level
   * may let through what the primary level would not).
   */
  private captured(text: string, allowed = false, known?: string): boolean {
    const level = known ?? this.levelOf(text);
    if (!allowed && !this.enabled(level)) return true;
    if (this.captures.size === 0) return false;
    const rank = LOG_RANKS[level];
    for (const c of this.captures.values()) if (rank >= c.min) c.text += text;
    return true;
  }

  /**
   * Writes `text`, `ms` late (or after the late events still due, if any). `level`: the
   * event's, when the text is not in the default format (Logger's console configured).
   */
  writeAfter(text: string, ms: number, allowed = false, level?: string): void {
    if (this.captured(text, allowed, level)) return;
    if (!this.console) return;
    if (this.mode === "instant" || (ms <= 0 && this.late.length === 0)) return this.host.write(text);
    this.addLate({ due: 0, text }, ms);
  }

  /**
   * A process about to write a cold event waits `ms`: the token of the message
   * `{:"$logger_warm", token}` that releases it, or null when it need not wait.
   */
  hold(pid: Pid, ms: number): Term | null {
    if (this.mode === "instant" || ms <= 0) return null;
    const token = this.host.newRef();
    this.addLate({ due: 0, release: { pid, token } }, ms);
    return token;
  }

  private addLate(e: LateEvent, ms: number): void {
    const last = this.late.length > 0 ? this.late[this.late.length - 1].due : 0;
    if (this.mode === "timed") {
      e.due = Math.max(this.host.now() + ms, last);
      this.host.setTimer(e.due, () => this.releaseDue(this.host.now()));
    } else {
      // The Logger gets warm at one moment for everything waiting on it (on the BEAM the
      // processes that need the same code wait for the same load): events that turn up
      // while it is cold are all due when the first one is.
      if (this.late.length === 0 || this.warmSlice <= this.slices) this.warmSlice = this.slices + STEPS;
      e.due = Math.max(this.warmSlice, last);
    }
    this.late.push(e);
  }

  /** Whether events are late still (a later one must come out after them). */
  hasLate(): boolean {
    return this.late.length > 0;
  }

  /**
   * The shell compiled a module: on the BEAM that takes the milliseconds a cold event is
   * late, so in stepped mode the late events come out now (before the {:module, ...} result).
   */
  onCompile(): void {
    if (this.late.length > 0 && this.mode === "stepped") this.releaseDue(Infinity);
  }

  /**
   * An input of the shell raised: on the BEAM, raising and formatting the error (the compiler's
   * error paths, Exception's blame and formatting code, loaded when first met) takes the
   * milliseconds a cold event is late, so in stepped mode the late events come out, and the
   * processes waiting on them are released, before the error is printed. A process released
   * this way may still end the shell (a linked crasher's exit), and the error is then never
   * printed, as in iex.
   */
  onShellError(): void {
    if (this.late.length > 0 && this.mode === "stepped") this.releaseDue(Infinity);
  }

  /** Stepped mode: one more scheduler slice has run. */
  onSlice(): void {
    if (this.late.length === 0 || this.mode !== "stepped") return;
    this.slices++;
    this.releaseDue(this.slices);
  }

  /**
   * Nothing can run: in stepped mode, while the shell is in the middle of an input, time
   * would pass on the BEAM, so late events come out. True if a released process can run.
   */
  onIdle(): boolean {
    if (this.late.length === 0 || this.mode !== "stepped") return false;
    if (this.foregroundBusy !== null && !this.foregroundBusy()) return false;
    return this.releaseDue(Infinity);
  }

  private releaseDue(now: number): boolean {
    let woke = false;
    while (this.late.length > 0 && this.late[0].due <= now) {
      const e = this.late.shift()!;
      if (e.text !== undefined) this.host.write(e.text);
      else {
        this.host.send(e.release!.pid, tuple(WARM, e.release!.token));
        woke = true;
      }
    }
    // Stepped mode: what the late events waited for is loaded now.
    if (this.late.length === 0) for (const [part, at] of this.warmAt) if (at === Infinity) this.warmAt.set(part, 0);
    return woke;
  }

  /** Writes (or queues) one formatted log event. */
  log(text: string): void {
    if (this.captured(text)) return;
    if (this.mode === "instant") return this.host.write(text);
    this.queue.push(text);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Writes every queued event now (late events keep their time). */
  flush(): void {
    this.scheduled = false;
    const q = this.queue;
    this.queue = [];
    for (const t of q) this.host.write(t);
  }
}
