// The shell server: reads input, decides when an expression is complete (continuation
// prompts), hands complete inputs to the evaluator process and prints results and errors
// as iex does. The same loop serves piped input (`beamsh < file`) and the terminal.
//
// When the evaluator process dies (a linked process crashed, or it was killed), the server
// prints iex's `** (EXIT from #PID<...>) shell process exited with reason: ...`, the banner
// again, and starts a fresh evaluator: counter back to 1, bindings and history gone.
import { startSystemProcesses } from "../stdlib/system-procs.js";
import type { Ast } from "../lang/ast.js";
import { IexLastOp, ParseWarning, formatParseWarning, parseIex } from "../lang/parser.js";
import { Driver, HOLD } from "../runtime/driver.js";
import { inspectForShell } from "../runtime/inspect.js";
import { LOCAL_NODE, Runtime } from "../runtime/runtime.js";
import { appendHistory, iexPrompt, loadIexEnvironment } from "./iex-config.js";
import { Atom, Term, a, atomName, binFromBytes, list, listToArray } from "../runtime/term.js";
import { call, generatorCode } from "../runtime/generator-code.js";
import { put } from "../stdlib/process.js";
import type { Completion } from "./autocomplete.js";
import type { Code } from "../runtime/code.js";
import type { Process } from "../runtime/process.js";
import { BeamError, raise } from "../runtime/errors.js";
import { inspect } from "../runtime/inspect.js";
import { InputQueue, invalidUtf8, queueDevice } from "./input.js";
import { Palette, colorizeResult, paint, plainPalette } from "./colors.js";
import { Evaluator, EvalOutcome } from "./evaluator.js";
import { formatCompileError, formatEvalError, formatExitFrom, formatParseError } from "./errors.js";
import { installHelpers } from "./helpers/index.js";

import { BANNER } from "./version.js";

export { BANNER, VERSION } from "./version.js";

/** What a helper returns to have no result printed (IEx.dont_display_result/0). */
export const DONT_DISPLAY = "do not show this result in output";

/** Where the observer opens (seq(pids): the Sequence view following those processes). */
export interface ObserverOpening {
  view: "sequence";
  followed: number[];
}

export interface ShellOptions {
  /** Colour palette for results and errors (default: none). */
  palette?: Palette;
  /** Terminal width for pretty-printing results (iex uses 80). */
  width?: number;
  /** false (`--no-pry`): dbg/2 keeps Macro.dbg/3 as its backend. */
  pry?: boolean;
}

export class ShellServer {
  readonly evaluator: Evaluator;
  readonly driver: Driver;
  counter = 1;
  /** Results by counter, for v/1 (IEx.History). */
  readonly history = new Map<number, Term>();
  palette: Palette;
  private buffer = "";
  private bufferLine = 1;
  private lastOp: IexLastOp = "other";
  private interrupted = false;
  private respawnRequested = false;
  /** Input comes from a pipe: like `iex < file`, an empty line is an input (nil). */
  private piped = false;
  private observerRequested = false;
  private observerOpening: ObserverOpening | undefined = undefined;
  /** Opens the observer over the terminal (set by the interactive front end). */
  onObserver: ((opening?: ObserverOpening) => Promise<void>) | null = null;
  /** Turns split mode (a live view above the prompt) on or off (set by the interactive front end). */
  onSplit: (() => void) | null = null;
  /** Told each input line a piped session reads (beamsh record). */
  onInputLine: ((line: string) => void) | null = null;
  /** The terminal's width, when the shell runs in one (set by the interactive front end). */
  terminalColumns: (() => number) | null = null;
  private splitRequested = false;
  /** Whether the evaluator process died and was restarted during this session. */
  private restarted = false;
  /** Called after the evaluator restarted on its own (not while an input was running). */
  onRestart: (() => void) | null = null;
  /**
   * The shell's state under each open pry session (counter, history, pipe shorthand), put
   * back when the session ends; a session starts at pry(1) with its own history.
   */
  private pryStates: { counter: number; history: [number, Term][]; lastOp: IexLastOp }[] = [];
  /** The evaluator that ends after a pry session is replaced without a banner (respawn, end of input). */
  private quietRestart = false;

  constructor(
    readonly rt: Runtime,
    readonly write: (s: string) => void,
    readonly opts: ShellOptions = {},
  ) {
    this.palette = opts.palette ?? plainPalette;
    installHelpers(rt, this);
    loadIexEnvironment(rt, opts.pry ?? true);
    // iex keeps the system running after its command line (System.no_halt/0 is true).
    rt.noHalt = true;
    startSystemProcesses(rt, "iex");
    this.driver = new Driver(rt);
    this.evaluator = new Evaluator(rt);
    this.evaluator.width = opts.width ?? 80;
    this.evaluator.onDeath = (reason, pid) => this.evaluatorDied(reason, pid);
    this.evaluator.onTakeOver = (location) => this.takenOver(location);
    this.evaluator.onPryEnd = () => this.pryEnded();
    // The shell keeps answering while the runtime is paused (:beamsh.pause/0, runtime/pause.ts).
    rt.scheduler.controller = (p) => p === this.evaluator.proc;
    this.driver.kick();
  }

  /** The prompt for the next line. */
  prompt(): string {
    // As IEx.Server: the configured prompt (a distributed node's shows its name: iex(alex@host)1>).
    return iexPrompt(this.rt, this.counter, this.buffer !== "", this.pryStates.length > 0 ? "pry" : "iex");
  }

  /** True while an input is being evaluated. */
  get busy(): boolean {
    return this.evaluator.busy;
  }

  /** True when the lines typed so far are an incomplete expression. */
  get continuing(): boolean {
    return this.buffer !== "";
  }

  /** Feeds one line of input; resolves once it has been handled (evaluated if complete). */
  async feedLine(line: string): Promise<void> {
    if (this.buffer === "") this.bufferLine = this.counter;
    this.buffer += line + "\n";
    if (this.buffer.trim() === "" && !this.piped) {
      this.buffer = "";
      return;
    }
    const warnings: ParseWarning[] = [];
    const st = parseIex(this.buffer, { file: "iex", line: this.bufferLine, lastOp: this.lastOp, warnings });
    if (st.status !== "ok") {
      // The tokenizer's warnings, given before the parse is known to need more or to fail.
      for (const w of warnings) this.rt.writeErr(formatParseWarning(w, "iex"));
      warnings.length = 0;
    }
    if (st.status === "incomplete") return;
    this.buffer = "";
    if (st.status === "error") {
      // As IEx's evaluator, a failed parse starts the next input afresh (no pipe shorthand check).
      this.lastOp = "other";
      this.write(paint(this.palette.error, formatParseError(st.error, this.evaluator.pryDepth > 0)));
      return;
    }
    // The parser's warnings come first, on standard error, as iex writes them.
    for (const w of warnings) this.rt.writeErr(formatParseWarning(w, "iex"));
    this.lastOp = st.lastOp;
    await this.evalAst(st.ast);
    if (this.observerRequested) await this.openObserver();
    if (this.splitRequested) this.toggleSplit();
  }

  /** observer/0 and :observer.start/0: open the observer once the input has finished. */
  requestObserver(opening?: ObserverOpening): void {
    this.observerRequested = true;
    this.observerOpening = opening;
  }

  /** observer(:split): toggle split mode once the input has finished. */
  requestSplit(): void {
    this.splitRequested = true;
  }

  private toggleSplit(): void {
    this.splitRequested = false;
    if (this.onSplit === null) this.write("Split mode needs an interactive terminal: run beamsh in a terminal and call observer(:split)\n");
    else this.onSplit();
  }

  private async openObserver(): Promise<void> {
    this.observerRequested = false;
    if (this.onObserver === null) {
      this.write("The observer needs an interactive terminal: run beamsh in a terminal and call observer()\n");
      return;
    }
    const opening = this.observerOpening;
    this.observerOpening = undefined;
    await this.onObserver(opening);
  }

  /**
   * Tab completion of the code before the cursor: IEx.Autocomplete.expand/2 (prelude/iex.ex),
   * the same function Elixir code calls, run in a process of its own whose questions (the
   * shell's variables, imports, aliases) the evaluator answers between inputs.
   */
  expand(before: string): Promise<Completion> {
    const rt = this.rt;
    const evaluator = this.evaluator;
    const none: Completion = { insert: "", entries: [] };
    return new Promise((resolve) => {
      const code = list(Array.from(before, (c) => c.codePointAt(0)!).reverse());
      const run = generatorCode("Elixir.IEx.Autocomplete", "expand", 0, function* (_args, p) {
        try {
          put(p as Process, a("evaluator"), evaluator.proc.pid);
          resolve(completionOf(yield* call("Elixir.IEx.Autocomplete", "expand", [code, (p as Process).pid])));
        } catch {
          resolve(none);
        }
        return a("ok");
      });
      const proc = rt.spawn(run, []);
      proc.groupLeader = evaluator.proc.groupLeader;
      evaluator.questionsFrom = proc.pid;
      if (evaluator.proc.status === "waiting") rt.scheduler.wake(evaluator.proc);
      this.driver.kick();
    });
  }

  /** Discards a partly typed expression (Ctrl+C at a continuation prompt does this in iex via #iex:break). */
  discardBuffer(): void {
    this.buffer = "";
  }

  /** Evaluates a parsed input and prints its result. */
  async evalAst(ast: Ast): Promise<void> {
    // The driver's timers do not keep Node alive; a pending evaluation must (e.g. a sleep).
    const keepAlive = setInterval(() => {}, 1 << 30);
    try {
      // The outcome is printed the moment the evaluation ends (see Evaluator.eval).
      await this.evaluator.eval(ast, (o) => this.printOutcome(o));
      await this.whilePriedJobRuns();
    } finally {
      clearInterval(keepAlive);
    }
    if (this.respawnRequested) {
      this.respawn();
      await this.whilePriedJobRuns();
    }
  }

  /**
   * After a pry session ended, the input it suspended goes on (printing its result) until
   * it ends, or stops at the next pry (`next` in a pipeline) and a new session takes over.
   */
  private async whilePriedJobRuns(): Promise<void> {
    for (let r = this.evaluator.resumed; r !== null; r = this.evaluator.resumed) {
      this.evaluator.resumed = null;
      this.driver.kick();
      await r;
    }
  }

  /** IEx.Pry.pry/2 in the evaluator: from the next prompt on, inputs run in the pried code. */
  private takenOver(location: string): void {
    this.write(paint(this.palette.interrupt, `Break reached: ${location}`) + "\n");
    this.pryStates.push({ counter: this.counter, history: [...this.history], lastOp: this.lastOp });
    this.counter = 1;
    this.history.clear();
    this.lastOp = "other";
  }

  private pryEnded(): void {
    const st = this.pryStates.pop();
    if (st === undefined) return;
    this.counter = st.counter;
    this.history.clear();
    for (const [k, v] of st.history) this.history.set(k, v);
    this.lastOp = st.lastOp;
  }

  /** continue/0, next/0, n/0: ends the innermost pry session after this input. */
  requestContinue(next: boolean): boolean {
    return this.evaluator.endPry(next);
  }

  /** IEx.Pry.pry/2: the evaluator's nested loop when `p` is the evaluator running an input. */
  takeOver(p: Process, binding: Term, env: Term, location: string): Code | null {
    return this.evaluator.takeOver(p, binding, env, location);
  }

  /**
   * The end of input with pry sessions open: as IEx's server stopping its evaluator, each
   * session ends and the suspended input finishes (its result printed); no new shell starts.
   */
  async endPrySessions(): Promise<void> {
    if (this.evaluator.pryDepth === 0) return;
    this.quietRestart = true;
    this.evaluator.endPry(false);
    this.driver.kick();
    await this.whilePriedJobRuns();
  }

  /** Ctrl+C during an evaluation: kill the evaluator, start a new one with the same bindings. */
  interrupt(): boolean {
    if (!this.busy) return false;
    this.interrupted = true;
    this.evaluator.restart(true);
    this.driver.kick();
    return true;
  }

  /** respawn/0: after this input, a new evaluator without bindings replaces the current one. */
  requestRespawn(): void {
    this.respawnRequested = true;
  }

  private respawn(): void {
    this.respawnRequested = false;
    if (this.evaluator.pryDepth > 0) {
      // As IEx's server: a new shell at once; the pried process goes on with the input it
      // was running (what it prints comes after the banner) and then ends.
      this.write("\n" + BANNER + "\n");
      this.quietRestart = true;
      this.evaluator.endPry(false);
      this.driver.kick();
      return;
    }
    this.evaluator.restart(false);
    this.resetCounters();
    this.write("\n" + BANNER + "\n");
    this.driver.kick();
  }

  private printOutcome(o: EvalOutcome): void {
    if (o.ok) {
      appendHistory(this.rt, this.history, this.counter, o.value);
      this.counter++;
      if (o.value instanceof Atom && o.value.name === DONT_DISPLAY) return;
      const text = o.text ?? this.inspectSafely(o.value);
      this.write(colorizeResult(text, this.palette) + "\n");
      return;
    }
    // An input that raised does not count as a match for the next one's pipe shorthand
    // (IEx resets its parser state when an evaluation fails).
    this.lastOp = "other";
    if ("compileError" in o) this.write(paint(this.palette.error, formatCompileError(o.compileError)));
    else if ("error" in o) this.write(paint(this.palette.error, o.text ?? formatEvalError(this.rt, o.error)));
    else if (this.interrupted) {
      this.interrupted = false;
      this.write(paint(this.palette.interrupt, "** (EXIT) interrupted") + "\n");
    }
  }

  /** A result as the shell prints it; a value the printer chokes on is shown plainly. */
  private inspectSafely(value: Term): string {
    try {
      return inspectForShell(value, { width: this.opts.width ?? 80 });
    } catch {
      return inspect(value, { structs: false });
    }
  }

  /** The evaluator process died (not by our own restart): tell the user and start afresh. */
  private evaluatorDied(reason: Term, pid: Term): void {
    this.pryStates.length = 0;
    if (this.quietRestart) {
      this.quietRestart = false;
      this.resetCounters();
      this.evaluator.start(false);
      this.driver.kick();
      return;
    }
    this.restarted = true;
    // As IEx.Server: a shell process that exited normally (Process.exit(self(), :normal))
    // restarts without an EXIT line.
    const normal = reason instanceof Atom && reason.name === "normal";
    const text = normal ? "" : paint(this.palette.error, formatExitFrom(this.rt, pid, reason)) + "\n";
    this.write(text);
    // A crash report on its way (the crash of a linked process that killed the evaluator)
    // comes out between the EXIT and the new shell's banner, as in iex.
    this.rt.logger.flush();
    this.write("\n" + BANNER + "\n");
    this.resetCounters();
    this.evaluator.start(false);
    this.driver.kick();
    if (this.onRestart) queueMicrotask(() => this.onRestart?.());
  }

  private resetCounters(): void {
    this.counter = 1;
    this.buffer = "";
    this.lastOp = "other";
    this.history.clear();
  }

  /**
   * Evaluates a startup file (`.iex.exs`) before the first prompt, as iex does: its
   * bindings stay, its result is not printed, errors are.
   */
  async loadStartupFile(source: string, file: string): Promise<void> {
    const warnings: ParseWarning[] = [];
    const st = parseIex(source, { file, line: 1, warnings });
    for (const w of warnings) this.rt.writeErr(formatParseWarning(w, file));
    if (st.status === "incomplete") return;
    if (st.status === "error") {
      this.write(paint(this.palette.error, formatParseError(st.error)));
      return;
    }
    const o = await this.evaluator.eval(st.ast);
    if (!o.ok) this.printOutcome(o);
  }

  /** Starts a piped session fed line by line with feedLine: the banner; empty lines count. */
  beginPiped(): void {
    this.piped = true;
    this.write(BANNER + "\n");
  }

  /**
   * Runs a whole piped session (`iex < file`): banner, a prompt before every line, results.
   * The input is shared with the program's reads of standard input (IO.gets reads the next
   * line), as iex's group leader shares it.
   */
  async runPiped(input: string | Uint8Array | InputQueue): Promise<void> {
    this.piped = true;
    // Input lines come as fast as iex reads them: the Logger's cold milliseconds are counted
    // in the runtime's own steps, and pass while an input waits (see runtime/logger.ts).
    if (this.rt.logger.mode === "timed") {
      this.rt.logger.mode = "stepped";
      this.rt.logger.foregroundBusy = () => this.evaluator.busy;
    }
    let queue: InputQueue;
    if (input instanceof InputQueue) queue = input;
    else {
      queue = new InputQueue();
      queue.push(typeof input === "string" ? Buffer.from(input, "utf8") : input);
      queue.end();
    }
    this.rt.stdin = queueDevice(queue, this.write);
    this.write(BANNER + "\n");
    // A seeded run (runtime/seed.ts), or one whose time moves by reductions, must not depend
    // on when input arrives: the scheduler waits while the next input is read, as if it came at once.
    for (;;) {
      this.write(this.prompt());
      const seeded = this.rt.scheduler.seeded !== null || this.rt.scheduler.reductionTime;
      if (seeded) this.driver.hold(true, HOLD.input);
      const line = await queue.line();
      if (seeded) this.driver.hold(false, HOLD.input);
      if (line === null) break;
      this.onInputLine?.(utf8.decode(line));
      await this.feedBytes(line);
    }
    await this.endPrySessions();
    if (this.restarted) await this.drainAfterRestart();
  }

  /**
   * The end of piped input after the shell process was restarted: iex no longer notices it
   * and runs on until it is killed, so what its processes still had to do (crash reports on
   * their way, processes still running, timers soon due) comes out. beamsh lets that happen,
   * then stops once nothing is left but timers further than DRAIN_TIMER_MS away (or after
   * DRAIN_MAX_MS).
   */
  private async drainAfterRestart(): Promise<void> {
    const rt = this.rt;
    rt.logger.foregroundBusy = () => true; // time passes: late log events come out
    const start = performance.now();
    for (;;) {
      this.driver.kick();
      await new Promise((r) => setTimeout(r, 5));
      if (performance.now() - start > DRAIN_MAX_MS) break;
      if (rt.scheduler.hasRunnable || rt.logger.hasLate()) continue;
      const next = rt.clock.nextDeadline();
      if (next === null || next - rt.clock.now() > DRAIN_TIMER_MS) break;
    }
    rt.logger.flush();
  }

  /**
   * Feeds one line read as bytes: iex turns the pending input into a charlist first, so
   * bytes that are not UTF-8 raise UnicodeConversionError and drop the pending input.
   */
  async feedBytes(bytes: Uint8Array): Promise<void> {
    let end = bytes.length;
    if (end > 0 && bytes[end - 1] === 10) end--;
    const bad = invalidUtf8(bytes);
    if (bad !== null) {
      // (raised inside IEx's parse: the evaluator starts the next input afresh, so no pipe
      // shorthand check against the input before)
      this.buffer = "";
      this.lastOp = "other";
      this.write(paint(this.palette.error, formatEvalError(this.rt, unicodeConversionError(bytes.subarray(bad.at), bad.incomplete))));
      return;
    }
    if (end > 0 && bytes[end - 1] === 13) end--;
    await this.feedLine(utf8.decode(bytes.subarray(0, end)));
  }
}

const utf8 = new TextDecoder("utf-8");

/** IEx.Autocomplete's answer ({:yes, hint, entries} or {:no, '', []}) as the line editor uses it. */
function completionOf(r: Term): Completion {
  const text = (t: Term): string => String.fromCodePoint(...((listToArray(t) ?? []) as number[]));
  if (!Array.isArray(r) || r[0] !== a("yes")) return { insert: "", entries: [] };
  return { insert: text(r[1]), entries: (listToArray(r[2]) ?? []).map(text) };
}
/** After a restart, the longest wait at the end of piped input (ms, real time). */
const DRAIN_MAX_MS = 10_000;
/** ... and how soon a timer must be due to be waited for (ms, runtime clock). */
const DRAIN_TIMER_MS = 2_000;

/** String.to_charlist/1's error for input that is not UTF-8 from `rest` on. */
function unicodeConversionError(rest: Uint8Array, incomplete: boolean): BeamError {
  const encoded = binFromBytes(rest);
  const message = `${incomplete ? "incomplete" : "invalid"} encoding starting at ${inspect(encoded)}`;
  const err = raise("UnicodeConversionError", { encoded, message });
  const loc = list([[a("file"), list(Array.from("lib/string.ex", (c) => c.charCodeAt(0)))], [a("line"), incomplete ? 2538 : 2535]]);
  err.stacktrace = list([[a("Elixir.String"), a("to_charlist"), 1, loc]]);
  return err;
}
