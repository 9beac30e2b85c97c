// Resumable code written as a JS generator. The compiler's compile-time work (expanding
// macros, running a module's body, Code.eval_string) is TypeScript, but it must call Elixir
// code: macros, `__using__/1`, the module body itself. Elixir code never runs on the JS
// stack (code.ts), so such work is a generator that *yields* each call it needs; its frame
// makes the call through the machine like any other call and resumes the generator with
// the result (or throws the callee's exception into it). Compile-time code therefore runs
// in the calling process, as in Elixir: a macro can send messages, receive, raise with a
// proper stack trace, and the scheduler preempts it between calls.
import { enterTarget } from "./calls.js";
import { CodeObj, Frame, ProcLike, RET, Status } from "./code.js";
import type { Code } from "./code.js";
import { Fun } from "./fun.js";
import type { Runtime } from "./runtime.js";
import { NIL, list } from "./term.js";
import type { Term } from "./term.js";
import { CompileError } from "./compiler/unit.js";
import { raise } from "./errors.js";

/**
 * A call a generator asks for: a code, a fun, or `module.name` looked up now. A macro's call
 * is `fenced`: what it raises has a stack trace of the macro's frames only, as
 * elixir_dispatch prunes it (the expander adds "expanding macro" and the caller's entry).
 */
export type CallRequest =
  | { code: Code; args: Term[]; fenced?: boolean }
  | { fun: Term; args: Term[] }
  | { module: string; name: string; args: Term[] };

/** What compile-time generators are: they yield calls and receive their results. */
export type Gen<T> = Generator<CallRequest, T, Term>;

/** Asks for `module.name(args)` and gives its result (use as `yield* call(...)`). */
export function* call(module: string, name: string, args: Term[]): Gen<Term> {
  return yield { module, name, args };
}

/** Asks for a fun (or code) to be applied to `args`. */
export function* apply(fun: Term, args: Term[]): Gen<Term> {
  return yield { fun, args };
}

/**
 * A Code running the generator `make(args, p)`: arguments in r[0..arity-1], the generator in
 * r[arity]. While a call it asked for runs, a handler at pc 2 catches what the callee
 * raises and throws it into the generator, which may catch it or let it propagate.
 */
export function generatorCode(module: string, name: string, arity: number, make: (args: Term[], p: ProcLike) => Gen<Term>): Code {
  return new CodeObj(module, name, arity, "", 0, (f, p) => run(f, p, arity, make), undefined);
}

const HANDLER = [{ pc: 2 }];

/** Generator frames waiting on a fenced call: a stack trace of what it raises ends there. */
const FENCES = new WeakSet<Frame>();

/** Whether a stack trace of an error raised above `f` ends at `f` (a macro's call). */
export function isTraceFence(f: Frame): boolean {
  return FENCES.has(f);
}

function run(f: Frame, p: ProcLike, arity: number, make: (args: Term[], p: ProcLike) => Gen<Term>): Status {
  try {
    return step(f, p, arity, make);
  } catch (e) {
    // The compiler's own errors become CompileError exceptions of the process. One raised
    // while a module compiles has no stack trace (Elixir compiles modules in a process of
    // its own); one at the top level gets the caller's frames, and one raised by a
    // definition while the body runs the body's "(module)" line.
    if (e instanceof CompileError) {
      const err = raise("CompileError", { file: e.file, line: e.line, description: e.description });
      err.hideFramesInScripts = e.hideFramesInScripts;
      if (e.elixirFrames.length > 0) {
        // Raised inside Elixir's compiler: its frames are the whole trace.
        err.stacktrace = list(e.elixirFrames as Term[]);
        err.traced = true;
        err.complete = true;
        err.hideFramesInScripts = e.hideFramesInScripts;
      } else if (e.callerHidden || (f.code.module === "beamsh_module" && f.code.name === "__compile__")) {
        err.stacktrace = NIL;
        err.traced = true;
        err.complete = true;
      }
      throw err;
    }
    throw e;
  }
}

function step(f: Frame, p: ProcLike, arity: number, make: (args: Term[], p: ProcLike) => Gen<Term>): Status {
  const r = f.r;
  let step: IteratorResult<CallRequest, Term>;
  if (f.pc === 0) {
    const g = make(r.slice(0, arity), p);
    r[arity] = g;
    step = g.next();
  } else {
    const g = r[arity] as Gen<Term>;
    f.h = null;
    FENCES.delete(f);
    if (f.pc === 1) step = g.next(p.x);
    else {
      const proc = p as ProcLike & { exc: unknown };
      const e = proc.exc;
      proc.exc = null;
      step = g.throw(e);
    }
  }
  if (step.done) {
    p.x = step.value;
    return RET;
  }
  const req = step.value;
  f.pc = 1;
  f.h = [...HANDLER];
  if ("fun" in req) return enterTarget(p, req.fun as Fun, req.args, f);
  let code: Code | null;
  if ("code" in req) {
    code = req.code;
    if (req.fenced === true) FENCES.add(f);
  }
  else {
    const rt = p.rt as Runtime;
    code = rt.modules.lookup(req.module, req.name, req.args.length);
    if (code === null) throw rt.modules.undefinedError(req.module, req.name, req.args.length);
  }
  return enterTarget(p, code, req.args, f);
}

/**
 * Runs a generator that must not need Elixir code (the compiler's synchronous entry points:
 * code without macros of its own); `onCall` decides what a call request becomes.
 */
export function runSync<T>(g: Gen<T>, onCall: (req: CallRequest) => never): T {
  const step = g.next();
  if (!step.done) onCall(step.value);
  return step.value as T;
}
