// The shell's evaluator: a runtime process (like IEx.Evaluator) that runs each input with
// the current bindings. It catches every error of an evaluation, so a failing input leaves
// the process, its bindings and its mailbox intact.
//
// Invariants:
//  - at most one job runs at a time; `job` is set by eval() and cleared when the job ends
//    (its promise resolves exactly once: with a value, an error, or `died`);
//  - bindings change only when a job completes, so killing the process mid-job (Ctrl+C)
//    and starting a new one keeps the bindings of the last completed input;
//  - after a job the process yields once before reporting, so processes it spawned run
//    first (their output, or a linked crash, comes before the result, as in iex).
import { appendHistory, iexInspectOptions, iexWidth } from "./iex-config.js";
import { IEX_RUNNER } from "../runtime/runner-frames.js";
import { Ast, isNode, isTupleAst } from "../lang/ast.js";
import { CALL, CONT, Code, Frame, RET, Status, WAIT, YIELD, nativeCode, pushCall, resumableCode } from "../runtime/code.js";
import { TailCall, enterTarget, runNative } from "../runtime/calls.js";
import { inspectForShell, inspectWith } from "../runtime/inspect.js";
import { takePortNumber } from "../stdlib/gen-tcp.js";
import { CompileError } from "../runtime/compiler/unit.js";
import { XEnv, envFromTerm, envToTerm, topEnv } from "../runtime/compiler/env.js";
import { bindingFrom } from "../stdlib/code-eval.js";
import { Binding, evalFile, evalQuoted } from "../runtime/compiler/eval.js";
import { Gen, generatorCode } from "../runtime/generator-code.js";
import { BeamError } from "../runtime/errors.js";
import { hostFor } from "../runtime/host.js";
import type { Subscription } from "../runtime/events.js";
import type { Process } from "../runtime/process.js";
import type { Runtime } from "../runtime/runtime.js";
import { Bin, Cons, NIL, Pid, Term, a, atomName, isAtom, list, listToArray, tuple } from "../runtime/term.js";
import { MapTerm } from "../runtime/map.js";
import { strictEquals } from "../runtime/term-order.js";
import { chardata } from "../stdlib/io.js";
import { erase, put } from "../stdlib/process.js";
import { makeMapSet } from "../stdlib/enumerable.js";
import { IexLastOp, ParseWarning, formatParseWarning, parseIex } from "../lang/parser.js";
import { formatCompileError, formatEvalError, formatParseError } from "./errors.js";

/**
 * How an evaluation ended. `text` is what iex prints for it, worked out in the evaluator
 * process (a value's own Inspect implementation, an exception's message/1 are Elixir code);
 * absent when that failed, and the shell then prints without Elixir code.
 */
export type EvalOutcome =
  | { ok: true; value: Term; text?: string }
  | { ok: false; error: BeamError; text?: string }
  | { ok: false; compileError: CompileError }
  | { ok: false; died: Term }
  | { ok: false; suspended: true };

/**
 * A pry session (IEx.Pry.pry/2 in the evaluator process, as `dbg` at the prompt calls it):
 * the job that pried is suspended inside a nested evaluator loop, which runs the shell's
 * inputs with the pried binding until `continue`, `next` or `respawn` ends it.
 */
interface PryLevel {
  bindings: string[];
  values: Term[];
  env: XEnv;
  whereami: Evaluator["whereami"];
  outer: Job;
  /** Set when the session is to end: whether to stop again at the next step (next/0). */
  end: boolean | null;
}

const WHEREAMI = a("iex_whereami");

/** Where inputs evaluated in `env` are, for whereami/0 (null in iex's own environment). */
export function whereamiOf(env: XEnv, stacktrace: Term = null): Evaluator["whereami"] {
  return env.file === "iex" ? null : { file: env.envFile ?? env.file, line: env.line, stacktrace };
}

interface Job {
  code: Code;
  args: Term[];
  names: string[];
  env?: XEnv;
  /** Prints the outcome (the shell's), the moment the job ends. */
  report?: (o: EvalOutcome) => void;
  /** Hands control back to whoever waits for this job (its end, or a pry session taking over). */
  settle?: (o: EvalOutcome) => void;
  /** A pry session inside this job ended: the loop running it ends after it (IEx.Evaluator's :done). */
  exitAfter?: boolean;
  result?: EvalOutcome;
  resultNames?: string[];
  resultValues?: Term[];
  /** Whether the wait for quiet connections before reporting is over (see reportJob). */
  settled?: boolean;
  /** An input IEx's evaluator protocol sent: what the reply to its server says (see protocolMessage). */
  reply?: ProtocolReply;
}

/**
 * IEx's evaluator protocol, for an evaluator IEx.Server.start_evaluator/1 started
 * (shell/iex-protocol.ts): its server (null for none) sends it `{:eval, server, code,
 * %IEx.State{}}`, which it parses with the state's pending input, evaluates, prints and
 * answers with `{:evaled, evaluator, status, new_state}`; `{:done, server, next?}` ends it.
 */
export interface EvalProtocol {
  server: Term;
  /** Results by counter (IEx.History), for v/1. */
  history: Map<number, Term>;
  /** The counter of the input being evaluated. */
  counter: number;
}

interface ProtocolReply {
  state: Term;
  /** A startup file's evaluation (the .iex file): nothing is answered, only an error printed. */
  startup?: string;
  /** The state's parser_state after this input, and its counter. */
  parserState: Term;
  counter: number;
}

const KILL = a("kill");

/** Reports a job's outcome and hands control back (even when reporting throws). */
function done(job: Job, o: EvalOutcome): void {
  const settle = job.settle;
  job.settle = undefined;
  try {
    job.report?.(o);
  } finally {
    settle?.(o);
  }
}
/** Evaluator frame states while the outcome's text is worked out in Elixir. */
const PRESENTED = 4;
const PRESENT_FAILED = 5;

export class Evaluator {
  bindings: string[] = [];
  values: Term[] = [];
  env: XEnv;
  proc!: Process;
  private job: Job | null = null;
  /** Width results are printed at (iex uses 80). */
  width = 80;
  /**
   * The stack entries of what runs the code on the BEAM (IEx's evaluator, or Elixir's
   * compiler and command line for a script): they end its stack traces (runner-frames.ts).
   */
  runner: readonly Term[];
  /** Errors are printed as Elixir's command line prints them (Kernel.CLI.format_error/3: a script's). */
  cliErrors = false;
  /** Called when the evaluator process dies for any reason other than `stop()`/`restart()`. */
  onDeath: ((reason: Term, pid: Term) => void) | null = null;
  private replacing = false;
  private pryLevels: PryLevel[] = [];
  /**
   * Where inputs are evaluated when that is a file's code (a pry session's location, or the
   * :env IEx.Server.run/1 was given): whereami/0 and open/0 show it. Null at iex's top level.
   */
  whereami: { file: string; line: number; stacktrace: Term } | null = null;
  /** Told when a pry session takes over (its location) and when one ends. */
  onTakeOver: ((location: string) => void) | null = null;
  onPryEnd: (() => void) | null = null;
  /** What the shell waits for after a pry session ended: the suspended job's end (or next stop). */
  resumed: Promise<EvalOutcome> | null = null;
  /** The watch on the current process's exit (replaced with the process). */
  private exitWatch: Subscription | null = null;
  /** Whether this evaluates iex input (IEx.Helpers imported) rather than a script. */
  readonly shell: boolean;

  /** Set for an evaluator speaking IEx's message protocol (IEx.Server.start_evaluator/1). */
  protocol: EvalProtocol | null = null;
  /**
   * The shell's Tab completion (ShellServer.expand): the process running
   * IEx.Autocomplete.expand/2 whose questions (variables, imports, aliases) this answers.
   */
  questionsFrom: Term = null;

  /** A script's file as __ENV__.file and __DIR__ name it (absolute; `file` is how messages name it). */
  private envFile: string | undefined;

  constructor(
    readonly rt: Runtime,
    readonly file = "iex",
    protocol: EvalProtocol | null = null,
  ) {
    this.shell = file === "iex";
    this.runner = this.shell ? IEX_RUNNER : [];
    this.env = topEnv(file, this.shell);
    this.protocol = protocol;
    // (iex's terminal has a port of its own: a user's first port is one number later than a script's)
    if (this.shell && protocol === null) takePortNumber(rt);
    this.start();
  }

  /** Names the script's file for __ENV__.file and __DIR__ (see envFile). */
  setEnvFile(absolute: string): void {
    this.envFile = absolute;
    if (absolute !== this.file) this.env.envFile = absolute;
  }

  /** True while an input is being evaluated. */
  get busy(): boolean {
    return this.job !== null;
  }

  /** Starts (or restarts) the evaluator process; `keepBindings` keeps the variables. */
  start(keepBindings = false): void {
    if (!keepBindings) {
      this.bindings = [];
      this.values = [];
      this.env = topEnv(this.file, this.shell);
      if (this.envFile !== undefined) this.env.envFile = this.envFile;
    }
    // (started by proc_lib in iex: its initial call is proc_lib's)
    this.proc = this.rt.spawn(this.loopCode(), [], undefined, [a("proc_lib"), a("init_p"), 5]);
    // The evaluator learns of its process's death (a linked crash, an exit signal) from the
    // runtime's event stream, like any other watcher (of this process's exit alone).
    const proc = this.proc;
    this.exitWatch?.close();
    this.exitWatch = this.rt.events.watchExit(proc.pid, () => this.exited(proc));
  }

  /**
   * Kills the current process (reason `kill`, so linked processes die too) and starts a new
   * one, keeping the bindings unless told otherwise. A pending job resolves as `died`.
   */
  restart(keepBindings: boolean, reason: Term = KILL): void {
    const old = this.proc;
    this.replacing = true;
    try {
      if (old.status !== "exited") this.rt.signals.kill(old, reason);
    } finally {
      this.replacing = false;
    }
    this.failPending(reason);
    this.start(keepBindings);
  }

  /**
   * Expands, compiles and runs one input in the evaluator process (macros and module bodies
   * run there, as in iex); resolves when the evaluation finishes. The environment (aliases,
   * imports, requires) and bindings change only when the input succeeds.
   *
   * `report` (optional) is called with the outcome synchronously, the moment the job ends,
   * before any other process runs: so a result is printed before the shell restarts when a
   * linked process kills the evaluator right after (the promise resolves only later).
   */
  eval(ast: Ast, report?: (o: EvalOutcome) => void, whole = false): Promise<EvalOutcome> {
    return new Promise((resolve) => {
      // Resolved even when reporting throws (the shell must go on to the next input).
      const env = { ...this.env };
      const binding = { names: [...this.bindings], values: [...this.values] };
      const code = generatorCode("", "eval", 0, () => this.evaluate(ast, binding, env, whole));
      // (a file's code runs on Elixir's compiler's frames: Process.info's current_stacktrace shows them)
      if (whole) (code as { runsFile?: boolean }).runsFile = true;
      this.job = { code, args: [], names: [], env, report, settle: resolve };
      if (this.proc.status === "waiting") this.rt.scheduler.wake(this.proc);
    });
  }

  private *evaluate(ast: Ast, binding: Binding, env: XEnv, whole: boolean): Gen<Term> {
    if (this.shell && !whole) markImportedVariables(ast, env);
    // Inputs evaluated in a file's environment (a pry session's, or IEx.Server.run/1's :env)
    // know where they are: whereami/0 and open/0 read {file, line, stacktrace} from the
    // evaluator's dictionary while an input runs, as IEx.Evaluator puts it there.
    const at = this.shell && !whole ? this.whereami : null;
    const whereami = at !== null;
    if (at !== null) put(this.proc, WHEREAMI, tuple(at.file, at.line, at.stacktrace));
    try {
      // (`elixir -e`'s code is evaluated by Code.eval_string/3: erl_eval's top level)
      const r = whole ? yield* evalFile(this.rt, ast, binding, env) : yield* evalQuoted(this.rt, ast, binding, env, this.shell, this.file === "nofile", 2);
      return [r.value, r.binding.names, r.binding.values];
    } finally {
      if (whereami) erase(this.proc, WHEREAMI);
    }
  }

  /** Resolves the pending job (if any), and the jobs pry sessions suspended, as `died` with `reason`. */
  failPending(reason: Term): void {
    const job = this.job;
    this.job = null;
    const levels = this.pryLevels;
    this.pryLevels = [];
    this.resumed = null;
    if (levels.length > 0) {
      // The bindings of the last input completed before the first session.
      this.bindings = levels[0].bindings;
      this.values = levels[0].values;
      this.env = levels[0].env;
      this.whereami = levels[0].whereami;
      this.onPryEnd?.();
    }
    if (job) done(job, { ok: false, died: reason });
    for (const l of levels.reverse()) done(l.outer, { ok: false, died: reason });
  }

  /** How many pry sessions are open, one inside another. */
  get pryDepth(): number {
    return this.pryLevels.length;
  }

  /**
   * IEx.Pry.pry/2 called by `proc`: when it is this evaluator's process running an input,
   * the input is suspended and a nested loop (returned, to be entered by the caller) runs
   * the next inputs with `binding` in `env` until the session ends; it returns {:ok, next?}.
   * Null when no shell can take the process over.
   */
  takeOver(proc: Process, binding: Term, envTerm: Term, location: string): Code | null {
    const outer = this.job;
    if (proc !== this.proc || outer === null || outer.result !== undefined || !this.shell || this.onTakeOver === null) return null;
    const pried = envFromTerm(envTerm);
    let env: XEnv;
    if (pried === null || pried.module === null) env = { ...(outer.env ?? this.env) };
    else {
      // A function's environment, with IEx.Helpers imported as iex's evaluator does.
      const shellEnv = topEnv("iex", true);
      env = { ...pried, functions: new Map([...shellEnv.functions, ...pried.functions]), macros: new Map([...shellEnv.macros, ...pried.macros]), requires: new Set([...pried.requires, ...shellEnv.requires]) };
    }
    const { names, values } = bindingFrom(binding);
    this.pryLevels.push({ bindings: this.bindings, values: this.values, env: this.env, whereami: this.whereami, outer, end: null });
    this.bindings = names;
    this.values = values;
    this.env = env;
    this.whereami = whereamiOf(env);
    this.job = null;
    this.onTakeOver(location);
    const settle = outer.settle;
    outer.settle = undefined;
    settle?.({ ok: false, suspended: true });
    return this.loopCode(this.pryLevels.length);
  }

  /** continue/0, next/0 (`next` true), respawn/0 in a pry session: it ends after this input. */
  endPry(next: boolean): boolean {
    const level = this.pryLevels[this.pryLevels.length - 1];
    if (level === undefined) return false;
    level.end = next;
    // What the shell waits for next: the suspended job's end (or its next stop).
    if (level.outer.settle === undefined) this.resumed = new Promise((resolve) => (level.outer.settle = resolve));
    if (this.job === null && this.proc.status === "waiting") this.rt.scheduler.wake(this.proc);
    return true;
  }

  /** Leaves the innermost session: the suspended job goes on, the shell waits for it. */
  private leavePry(proc: Process, next: boolean): Status {
    const level = this.pryLevels.pop()!;
    this.bindings = level.bindings;
    this.values = level.values;
    this.env = level.env;
    this.whereami = level.whereami;
    this.job = level.outer;
    // As IEx.Evaluator: the loop the session was opened from ends after its current input.
    level.outer.exitAfter = true;
    if (level.outer.settle === undefined) this.resumed = new Promise((resolve) => (level.outer.settle = resolve));
    this.onPryEnd?.();
    proc.x = [a("ok"), next ? a("true") : a("false")];
    return RET;
  }

  private exited(p: Process): void {
    if (p !== this.proc || this.replacing) return;
    const reason = p.exitReason;
    this.failPending(reason);
    if (this.onDeath) this.onDeath(reason, p.pid);
  }

  /**
   * IEx's evaluator protocol: takes the first `{:eval, server, code, state}` or `{:done,
   * server, next?}` from the server in the mailbox (other messages stay, as IEx.Evaluator's
   * selective receive leaves them). An input is parsed with the state's pending input
   * (IEx.Evaluator.parse/3: incomplete, a syntax error, or code run as a job); null when
   * there is no such message.
   */
  private protocolMessage(f: Frame, proc: Process): Status | null {
    const protocol = this.protocol;
    const box = proc.mailbox;
    for (let i = box.head; i < box.end; i++) {
      const m = box.items[i];
      if (!Array.isArray(m) || m.length < 3) continue;
      if (this.questionsFrom !== null && m.length >= 5 && strictEquals(m[1], this.questionsFrom) && this.answerQuestion(m)) {
        box.take(i);
        i--;
        continue;
      }
      if (protocol === null || !strictEquals(m[1], protocol.server)) continue;
      if (m[0] === DONE && m.length === 3) {
        box.take(i);
        proc.x = tuple(a("ok"), m[2]);
        return RET;
      }
      if (m.length >= 5 && this.answerQuestion(m)) {
        box.take(i);
        i--;
        continue;
      }
      if (m[0] !== EVAL || m.length !== 4 || !(m[3] instanceof MapTerm)) continue;
      if (typeof m[2] !== "string" && !(m[2] instanceof Bin)) continue;
      box.take(i);
      return this.protocolInput(f, proc, chardata(m[2]), m[3]);
    }
    return null;
  }

  /**
   * What the server asks between inputs (IEx.Evaluator.value_from_binding/4,
   * variables_from_binding/3, fields_from_env/3): answered to the receiver as {ref, answer}.
   * False when `m` is no such question.
   */
  private answerQuestion(m: Term[]): boolean {
    const [question, , ref, receiver] = m;
    if (!(receiver instanceof Pid)) return false;
    let answer: Term;
    if (question === VALUE_FROM_BINDING && m.length === 6) {
      const i = isAtom(m[4]) ? this.bindings.indexOf(atomName(m[4])) : -1;
      answer = i < 0 ? a("error") : tuple(a("ok"), this.values[i]);
      for (let keys = m[5]; keys instanceof Cons && answer !== a("error"); keys = keys.t) {
        const map = (answer as Term[])[1];
        const v = map instanceof MapTerm ? map.get(keys.h) : undefined;
        answer = v === undefined ? a("error") : tuple(a("ok"), v);
      }
    } else if (question === VARIABLES_FROM_BINDING && m.length === 5) {
      const prefix = typeof m[4] === "string" || m[4] instanceof Bin ? chardata(m[4]) : "";
      // (a variable of a macro's context is no name the user can type)
      answer = list(this.bindings.filter((n) => !n.includes("\0") && n.startsWith(prefix)));
    } else if (question === FIELDS_FROM_ENV && m.length === 5) {
      const env = envToTerm(this.env);
      const pairs: [Term, Term][] = [];
      for (let l = m[4]; l instanceof Cons; l = l.t) {
        const v = env.get(l.h);
        if (v !== undefined) pairs.push([l.h, v]);
      }
      answer = MapTerm.fromPairs(pairs);
    } else return false;
    this.rt.send(receiver, tuple(ref, answer));
    return true;
  }

  private protocolInput(f: Frame, proc: Process, code: string, state: MapTerm): Status {
    const counterTerm = state.get(a("counter"));
    const counter = typeof counterTerm === "number" ? counterTerm : 1;
    const pending = state.get(a("parser_state"));
    let buffer = "";
    let lastOp: IexLastOp = "other";
    if (Array.isArray(pending) && pending.length === 2) {
      buffer = chardata(pending[0]);
      lastOp = pending[1] === a("match") ? "match" : "other";
    }
    const pendingState = (text: string, op: IexLastOp): Term => tuple(text, a(op));
    if (code === BREAK_TRIGGER) {
      // (#iex:break: an empty buffer stays as it is; a pending input is given up as incomplete)
      if (buffer === "") return this.replyTo(f, { state, parserState: state.get(a("parser_state")) ?? "", counter }, "incomplete");
      return this.replyTo(f, { state, parserState: "", counter }, { text: `** (TokenMissingError) iex:${counter}: incomplete expression\n\n` });
    }
    const source = buffer + code;
    const warnings: ParseWarning[] = [];
    const st = parseIex(source, { file: "iex", line: counter, lastOp, warnings });
    for (const w of warnings) this.rt.writeErr(formatParseWarning(w, "iex"));
    if (st.status === "incomplete") return this.replyTo(f, { state, parserState: pendingState(source, lastOp), counter }, "incomplete");
    if (st.status === "error") return this.replyTo(f, { state, parserState: "", counter }, { text: formatParseError(st.error) });
    this.protocol!.counter = counter;
    const env = { ...this.env };
    const binding = { names: [...this.bindings], values: [...this.values] };
    const ast = st.ast;
    const job: Job = {
      code: generatorCode("", "eval", 0, () => this.evaluate(ast, binding, env, false)),
      args: [],
      names: [],
      env,
      reply: { state, parserState: pendingState("", st.lastOp), counter },
    };
    this.job = job;
    return this.runJob(f, proc, job);
  }

  /** Evaluates a startup file (IEx's .iex file) before the first input: its bindings, imports and aliases stay. */
  protocolStartup(ast: Ast, file: string): void {
    const env = { ...this.env, file };
    const binding = { names: [...this.bindings], values: [...this.values] };
    // (its import_file calls skip a file already imported: IEx.Helpers.import_file/1 reads
    // the paths imported so far from the evaluator's dictionary while the file runs)
    const proc = this.proc;
    const imported = a("iex_imported_paths");
    const code = generatorCode("", "eval", 0, function* (this: Evaluator) {
      put(proc, imported, makeMapSet([file]));
      try {
        return yield* this.evaluate(ast, binding, env, false);
      } finally {
        erase(proc, imported);
      }
    }.bind(this));
    this.job = { code, args: [], names: [], env, reply: { state: null, parserState: "", counter: 1, startup: file } };
  }

  /**
   * Prints what the input gave and answers the server, in this process (IEx.Evaluator.__evaled__/5,
   * prelude/iex.ex): a result (recorded for v/1) or an error. An input that raised leaves the
   * counter and drops the pending input, as IEx.Evaluator does.
   */
  private replyTo(f: Frame, reply: ProtocolReply, outcome: EvalOutcome | "incomplete" | { text: string }): Status {
    const protocol = this.protocol!;
    let kind: Term = null;
    let text: Term = null;
    let status = a("ok");
    let { parserState, counter } = reply;
    if (outcome === "incomplete") status = a("incomplete");
    else if ("text" in outcome && !("ok" in outcome)) {
      kind = a("error");
      text = outcome.text;
    } else if (reply.startup !== undefined) {
      // (inputs are evaluated in iex's environment again)
      this.env = { ...this.env, file: "iex" };
      if (!outcome.ok && "error" in outcome) {
        kind = a("error");
        text = `Error while evaluating: ${reply.startup}\n` + (outcome.text ?? formatEvalError(this.rt, outcome.error));
      }
    } else if (outcome.ok) {
      appendHistory(this.rt, protocol.history, counter, outcome.value);
      counter++;
      if (!(isAtom(outcome.value) && atomName(outcome.value) === DONT_DISPLAY_NAME)) {
        kind = a("result");
        text = outcome.text ?? inspectForShell(outcome.value, { width: this.width });
      }
    } else {
      parserState = "";
      if ("error" in outcome) {
        kind = a("error");
        text = outcome.text ?? formatEvalError(this.rt, outcome.error);
      } else if ("compileError" in outcome) {
        kind = a("error");
        text = formatCompileError(outcome.compileError);
      }
    }
    const evaled = this.rt.modules.lookup("Elixir.IEx.Evaluator", "__evaled__", 6);
    f.pc = 0;
    if (evaled === null) return CONT;
    const server = reply.startup === undefined ? protocol.server : null;
    pushCall(this.proc, evaled, [server, kind, text, status, reply.state, tuple(parserState, counter)], f);
    return CALL;
  }

  /** The evaluator's main loop: wait for a job, run it under a catch-all handler, report. */
  private loopCode(depth = 0): Code {
    const code = resumableCode("", "evaluator", 0, (f: Frame, p) => {
      const proc = p as Process;
      if (f.pc === 0) return this.startJob(f, proc, depth);
      if (f.pc === 2) return this.finishJob(f, proc);
      if (f.pc === PRESENTED || f.pc === PRESENT_FAILED) return this.presented(f, proc);
      return this.reportJob(f);
    });
    // (a pry session's errors show no frame of the code it pried: machine.ts stops there)
    if (depth > 0) (code as { traceFloor?: boolean }).traceFloor = true;
    // (what runs the evaluation on the BEAM: its entries end a stack trace, machine.ts)
    else Object.defineProperty(code, "traceTrailer", { get: () => this.runner });
    return code;
  }

  private startJob(f: Frame, proc: Process, depth: number): Status {
    const job = this.job;
    if (proc !== this.proc) return RET; // replaced while a pry session's input ran (respawn/0)
    const level = this.pryLevels[depth - 1];
    if (depth > 0 && depth === this.pryLevels.length && level.end !== null && (job === null || job.result !== undefined)) return this.leavePry(proc, level.end);
    if (job === null || job.result !== undefined) {
      if ((this.protocol !== null || this.questionsFrom !== null) && depth === 0) {
        const st = this.protocolMessage(f, proc);
        if (st !== null) return st;
      }
      proc.mailbox.save = proc.mailbox.end;
      return WAIT;
    }
    return this.runJob(f, proc, job);
  }

  private runJob(f: Frame, proc: Process, job: Job): Status {
    proc.mailbox.save = proc.mailbox.head;
    f.pc = 2;
    f.h = [{ pc: 2 }];
    pushCall(proc, job.code, job.args, f);
    return CALL;
  }

  /** The job returned or raised: remember the outcome, then let spawned processes run. */
  private finishJob(f: Frame, proc: Process): Status {
    const job = this.job!;
    f.h = null;
    if (proc.exc !== null) {
      const err = proc.exc;
      proc.exc = null;
      if (this.cliErrors && err.hideFramesInScripts) err.stacktrace = NIL;
      job.result = { ok: false, error: err };
      // raising and formatting the error takes time: late log events come out first
      this.rt.logger.onShellError();
      return this.present(f, proc, () => formatEvalError(this.rt, err, undefined, this.cliErrors));
    }
    const [value, names, vals] = proc.x as [Term, string[], Term[]];
    job.result = { ok: true, value };
    job.resultNames = names;
    job.resultValues = vals;
    return this.present(f, proc, () => {
      // IEx.configure(inspect: ..., width: ...) changes how results are inspected.
      const configured = iexInspectOptions(this.rt, iexWidth(this.rt, this.width));
      return configured === null ? inspectForShell(value, { width: this.width }) : inspectWith(value, configured);
    });
  }

  /**
   * Works out the text printed for the outcome in this process, where Elixir code can run
   * (see runtime/elixir-callback.ts), then lets spawned processes run before reporting.
   */
  private present(f: Frame, proc: Process, text: () => string): Status {
    const job = this.job!;
    f.pc = 3;
    try {
      const v = runNative(proc, nativeCode("Elixir.IEx.Evaluator", "present", 0, () => text()), []);
      if (!(v instanceof TailCall)) {
        (job.result as { text?: string }).text = v as string;
        return YIELD;
      }
      f.pc = PRESENTED;
      f.h = [{ pc: PRESENT_FAILED }];
      return enterTarget(proc, v.target, v.args, f);
    } catch {
      // Printed without Elixir code by the shell.
      return YIELD;
    }
  }

  private presented(f: Frame, proc: Process): Status {
    const job = this.job!;
    f.h = null;
    if (f.pc === PRESENTED) (job.result as { text?: string }).text = proc.x as string;
    proc.exc = null;
    f.pc = 3;
    return YIELD;
  }

  private reportJob(f: Frame): Status {
    const job = this.job;
    // On a distributed node, output other nodes are sending for this input (what a process
    // it spawned there prints) comes before the result, as iex prints results through its
    // I/O server: the process waits until the connections have been quiet for a moment
    // (25 ms: a real node evaluating a shell closure for the first time loads code for ~10 ms).
    if (job !== null && job.result !== undefined && job.settled !== true) {
      const settle = this.rt.distribution?.settle;
      if (settle !== undefined) {
        job.settled = false;
        const proc = this.proc;
        void settle.call(this.rt.distribution, 25, 150).then(() => {
          job.settled = true;
          if (proc.status === "waiting") this.rt.scheduler.wake(proc);
        });
      } else job.settled = true;
    }
    if (job !== null && job.settled === false) {
      this.proc.mailbox.save = this.proc.mailbox.end;
      return WAIT;
    }
    f.pc = 0;
    this.job = null;
    if (job === null || job.result === undefined) return CONT;
    if (job.resultValues !== undefined) {
      this.bindings = job.resultNames!;
      this.values = job.resultValues;
      if (job.env !== undefined) this.env = job.env;
    }
    done(job, job.result);
    if (job.reply !== undefined) return this.replyTo(f, job.reply, job.result);
    if (job.exitAfter === true) {
      // The loop ends: at the bottom the process exits normally and the shell starts afresh.
      this.proc.x = [a("ok"), a("false")];
      const level = this.pryLevels[this.pryLevels.length - 1];
      if (level !== undefined) return this.leavePry(this.proc, false);
      return RET;
    }
    return CONT;
  }
}

const EVAL = a("eval");
const VALUE_FROM_BINDING = a("value_from_binding");
const VARIABLES_FROM_BINDING = a("variables_from_binding");
const FIELDS_FROM_ENV = a("fields_from_env");
/** IEx.dont_display_result/0's atom: a result not printed. */
const DONT_DISPLAY_NAME = "do not show this result in output";
const DONE = a("done");
const BREAK_TRIGGER = "#iex:break\n";

/**
 * IEx.Evaluator's add_if_undefined_apply_to_vars: every bare name in the input that the
 * shell imports with arity 0 (`self`, `node`, `h`, `v`...) is marked `if_undefined: :apply`,
 * so it is called without the "variable does not exist" warning a script or a module file
 * gets (the mark shows in what `quote` gives). Walked without recursion: inputs nest deep.
 */
function markImportedVariables(ast: Ast, env: XEnv): void {
  const imported = (name: string) => {
    const key = `${name}/0`;
    for (const names of env.functions.values()) if (names.has(key)) return true;
    for (const names of env.macros.values()) if (names.has(key)) return true;
    return false;
  };
  const stack: Ast[] = [ast];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (Array.isArray(x)) {
      for (const y of x) stack.push(y);
    } else if (isTupleAst(x)) {
      stack.push(x.tuple[0], x.tuple[1]);
    } else if (isNode(x)) {
      if (typeof x.name === "string" && x.args === null) {
        if (x.meta.if_undefined === undefined && imported(x.name)) x.meta = { if_undefined: a("apply"), ...x.meta };
      } else {
        if (typeof x.name !== "string") stack.push(x.name);
        if (x.args !== null) for (const y of x.args) stack.push(y);
      }
    }
  }
}

