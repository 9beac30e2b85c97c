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
import { iexInspectOptions, iexWidth } from "./iex-config.js";
import type { Ast } from "../lang/ast.js";
import { CALL, CONT, Code, Frame, Status, WAIT, YIELD, nativeCode, pushCall, resumableCode } from "../runtime/code.js";
import { TailCall, enterTarget, runNative } from "../runtime/calls.js";
import { inspectForShell, inspectWith } from "../runtime/inspect.js";
import { formatEvalError } from "./errors.js";
import { CompileError } from "../runtime/compiler/unit.js";
import { XEnv, topEnv } from "../runtime/compiler/env.js";
import { Binding, evalFile, evalQuoted } from "../runtime/compiler/eval.js";
import { Gen, generatorCode } from "../runtime/generator-code.js";
import { BeamError } from "../runtime/errors.js";
import { hostFor } from "../runtime/host.js";
import type { Process } from "../runtime/process.js";
import type { Runtime } from "../runtime/runtime.js";
import { NIL, Term, a, list, listToArray } from "../runtime/term.js";

/**
 * How an evaluation ended. `text` is what iex prints for it, worked out in the evaluator
 * process (a value's own Inspect implementation, an exception's message/1 are Elixir code);
 * absent when that failed, and the shell then prints without Elixir code.
 */
export type EvalOutcome =
  | { ok: true; value: Term; text?: string }
  | { ok: false; error: BeamError; text?: string }
  | { ok: false; compileError: CompileError }
  | { ok: false; died: Term };

interface Job {
  code: Code;
  args: Term[];
  names: string[];
  env?: XEnv;
  done: (o: EvalOutcome) => void;
  result?: EvalOutcome;
  resultNames?: string[];
  resultValues?: Term[];
  /** Whether the wait for quiet connections before reporting is over (see reportJob). */
  settled?: boolean;
}

const KILL = a("kill");
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
  /** Entries added below an error's stack trace (a script's: what ran it, as `elixir` shows). */
  stackTrailer: Term[] = [];
  /**
   * Entries of what ran the code that are on the stack under it but never shown (a file's:
   * elixir_compiler's and elixir_lexical's own, Module.ParallelChecker.verify/1): they count
   * towards Erlang's 8, so the trailer shows only when there is room for it.
   */
  hiddenTrailer = 0;
  /** Called when the evaluator process dies for any reason other than `stop()`/`restart()`. */
  onDeath: ((reason: Term, pid: Term) => void) | null = null;
  private replacing = false;
  /** Whether this evaluates iex input (IEx.Helpers imported) rather than a script. */
  readonly shell: boolean;

  constructor(
    readonly rt: Runtime,
    readonly file = "iex",
  ) {
    this.shell = file === "iex";
    this.env = topEnv(file, this.shell);
    // The evaluator learns of its process's death (a linked crash, an exit signal) from the
    // runtime's event stream, like any other watcher.
    rt.events.subscribe((e) => {
      if (e.kind === "exit" && e.pid === this.proc.pid) this.exited(this.proc);
    }, ["exit"]);
    this.start();
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
    }
    // (started by proc_lib in iex: its initial call is proc_lib's)
    this.proc = this.rt.spawn(this.loopCode(), [], undefined, [a("proc_lib"), a("init_p"), 5]);
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
      const done =
        report === undefined
          ? resolve
          : (o: EvalOutcome) => {
              try {
                report(o);
              } finally {
                resolve(o);
              }
            };
      const env = { ...this.env };
      const binding = { names: [...this.bindings], values: [...this.values] };
      const code = generatorCode("", "eval", 0, () => this.evaluate(ast, binding, env, whole));
      this.job = { code, args: [], names: [], env, done };
      if (this.proc.status === "waiting") this.rt.scheduler.wake(this.proc);
    });
  }

  private *evaluate(ast: Ast, binding: Binding, env: XEnv, whole: boolean): Gen<Term> {
    const r = whole ? yield* evalFile(this.rt, ast, binding, env) : yield* evalQuoted(this.rt, ast, binding, env, this.shell);
    return [r.value, r.binding.names, r.binding.values];
  }

  /** Resolves the pending job (if any) as `died` with `reason`. */
  failPending(reason: Term): void {
    const job = this.job;
    this.job = null;
    if (job) job.done({ ok: false, died: reason });
  }

  private exited(p: Process): void {
    if (p !== this.proc || this.replacing) return;
    const reason = p.exitReason;
    this.failPending(reason);
    if (this.onDeath) this.onDeath(reason, p.pid);
  }

  /** The evaluator's main loop: wait for a job, run it under a catch-all handler, report. */
  private loopCode(): Code {
    return resumableCode("", "evaluator", 0, (f: Frame, p) => {
      const proc = p as Process;
      if (f.pc === 0) return this.startJob(f, proc);
      if (f.pc === 2) return this.finishJob(f, proc);
      if (f.pc === PRESENTED || f.pc === PRESENT_FAILED) return this.presented(f, proc);
      return this.reportJob(f);
    });
  }

  private startJob(f: Frame, proc: Process): Status {
    const job = this.job;
    if (job === null || job.result !== undefined) {
      proc.mailbox.save = proc.mailbox.end;
      return WAIT;
    }
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
      if (this.stackTrailer.length > 0 && err.hideFramesInScripts) err.stacktrace = NIL;
      else if (this.stackTrailer.length > 0 && !err.complete) {
        const entries = listToArray(err.stacktrace) ?? [];
        if (this.hiddenTrailer === 0 || entries.length + this.hiddenTrailer + this.stackTrailer.length <= 8) err.stacktrace = list([...entries, ...this.stackTrailer]);
      }
      job.result = { ok: false, error: err };
      return this.present(f, proc, () => formatEvalError(this.rt, err));
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
    job.done(job.result);
    return CONT;
  }
}
