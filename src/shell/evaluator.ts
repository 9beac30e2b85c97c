// The shell's evaluator: a runtime process (like IEx.Evaluator) that runs each input with
// the current bindings. It catches every error of an evaluation, so a failing input leaves
// the process, its bindings and its mailbox intact.
import type { Ast } from "../lang/ast.js";
import { CALL, CONT, Code, Frame, WAIT, pushCall, resumableCode } from "../runtime/code.js";
import { compileEval } from "../runtime/compiler/module.js";
import { CompileError, Env, newEnv } from "../runtime/compiler/unit.js";
import { BeamError } from "../runtime/errors.js";
import { hostFor } from "../runtime/host.js";
import type { Process } from "../runtime/process.js";
import type { Runtime } from "../runtime/runtime.js";
import { Term } from "../runtime/term.js";

export type EvalOutcome =
  | { ok: true; value: Term }
  | { ok: false; error: BeamError }
  | { ok: false; compileError: CompileError }
  | { ok: false; died: Term };

interface Job {
  code: Code;
  args: Term[];
  names: string[];
  done: (o: EvalOutcome) => void;
}

export class Evaluator {
  bindings: string[] = [];
  values: Term[] = [];
  env: Env = newEnv();
  proc!: Process;
  private job: Job | null = null;

  constructor(
    readonly rt: Runtime,
    readonly file = "iex",
  ) {
    this.start();
  }

  /** Starts (or restarts) the evaluator process with fresh bindings. */
  start(): void {
    this.bindings = [];
    this.values = [];
    this.env = newEnv();
    this.proc = this.rt.spawn(this.loopCode(), []);
    this.proc.initialCall = null;
  }

  /** Compiles and runs one input; resolves when the evaluation finishes. */
  eval(ast: Ast): Promise<EvalOutcome> {
    let compiled;
    try {
      compiled = compileEval(hostFor(this.rt), ast, this.bindings, this.env, this.file);
    } catch (e) {
      if (e instanceof CompileError) return Promise.resolve({ ok: false, compileError: e });
      throw e;
    }
    // Compiler warnings come before the evaluation's own output, as in iex.
    for (const w of compiled.warnings) this.rt.write(w);
    return new Promise((resolve) => {
      this.job = { code: compiled.code, args: [...this.values], names: compiled.names, done: resolve };
      if (this.proc.status === "waiting") this.rt.wake(this.proc);
    });
  }

  /** Called when the evaluator process dies (e.g. a linked process crashed). */
  failPending(reason: Term): void {
    const job = this.job;
    this.job = null;
    if (job) job.done({ ok: false, died: reason });
  }

  /** The evaluator's main loop: wait for a job, run it under a catch-all handler. */
  private loopCode(): Code {
    return resumableCode("", "evaluator", 0, (f: Frame, p) => {
        const proc = p as Process;
        if (f.pc === 0) {
          const job = this.job;
          if (job === null) {
            proc.mailbox.save = proc.mailbox.end;
            return WAIT;
          }
          f.pc = 1;
          f.h = [{ pc: 2 }];
          pushCall(proc, job.code, job.args, f);
          return CALL;
        }
        const job = this.job!;
        this.job = null;
        f.h = null;
        f.pc = 0;
        if (proc.exc !== null) {
          const err = proc.exc;
          proc.exc = null;
          job.done({ ok: false, error: err });
        } else {
          const [value, vals] = proc.x as [Term, Term[]];
          this.bindings = job.names;
          this.values = vals;
          job.done({ ok: true, value });
        }
        return CONT;
    });
  }
}
