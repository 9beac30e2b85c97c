// Running a process for one slice: at most `budget` reductions on its explicit frame stack,
// by the protocol's loop (protocol.ts: Elixir calls never nest on the JS stack). Here:
// exceptions unwind frames to the nearest try handler, and stack traces are built.
import { SCRIPT_MODULE, newFrame, shownAs } from "./code.js";
import { EVAL_FORMS, EVAL_QUOTED, VALIDATED_EVAL_STRING } from "./runner-frames.js";
import { P, erlEvalEntry, generatorFrame, isGeneratorEntry, siteAt } from "./erl-eval-trace.js";
import { forSiteAt, forSiteEntries } from "./comprehension-trace.js";
import type { Code, Frame } from "./code.js";
import { explodeSpills, regionBase, run, withDirectFrames } from "./protocol.js";
import { BeamError, raise } from "./errors.js";
import { NativeInterrupted, OutOfHeap } from "./heap-room.js";
import { heapWatch } from "./heap-watch.js";
import { bifInfo } from "./arith.js";
import type { Process } from "./process.js";
import type { LibraryHooks } from "./library.js";
import { Atom, Cons, Term, a, isList, list, listToArray, tuple } from "./term.js";
import { MapTerm } from "./map.js";
import { exceptionModule, normalizeError } from "./exception-message.js";
import { caughtReason } from "./compiler/support.js";
import { isTraceFence } from "./generator-code.js";

export const enum RunResult {
  /** The budget ran out or the process yielded: put it back in the run queue. */
  Yielded,
  /** Blocked in receive. */
  Waiting,
  /** Finished (normally or by an uncaught exception): see `p.exitReason`. */
  Exited,
}

/** Runs `p` until it blocks, exits or uses `budget` reductions. */
export function execute(p: Process, budget: number): RunResult {
  p.reds = budget;
  for (;;) {
    try {
      const r = run(p);
      p.reductions += budget - p.reds;
      return r;
    } catch (e) {
      // A native asked for more memory than is left: the process is killed (it cannot catch
      // that), and ends with this slice.
      if (e instanceof OutOfHeap) {
        heapWatch(p.rt).outOfHeap(p, e);
        p.reductions += budget - p.reds;
        return RunResult.Yielded;
      }
      // Ctrl+C came while a native ran, and the interrupt killed this process: it stops here.
      if (e instanceof NativeInterrupted && p.pendingKill !== undefined) {
        p.reductions += budget - p.reds;
        return RunResult.Yielded;
      }
      if (!unwind(p, toBeamError(e))) {
        p.reductions += budget - p.reds;
        return RunResult.Exited;
      }
    }
  }
}

/** Converts anything thrown inside the machine to a BeamError. */
export function toBeamError(e: unknown): BeamError {
  if (e instanceof BeamError) return e;
  if (e instanceof RangeError) {
    return raise("SystemLimitError", { message: "a system limit has been reached" });
  }
  const msg = e instanceof Error ? e.message : String(e);
  return raise("RuntimeError", { message: "internal error: " + msg });
}

/**
 * What a direct body's try handler catches (protocol.ts: genDirectFunction): the exception
 * as a BeamError, or null for what no handler may catch (the process is out of heap, or
 * Ctrl+C killed it while a native ran). Its stack trace is made later, if it is rethrown
 * (the direct activations it passes keep being recorded); but ErlangError's normalisation
 * of a raw reason (:undef, :function_clause, {:badkey, k}) reads the top of the trace, so
 * for those the entries known here (the activations it passed, then `code` at `line`) are
 * kept as a partial trace.
 */
export function directCatch(p: Process, e: unknown, code: Code, line: number): BeamError | null {
  if (e instanceof OutOfHeap || (e instanceof NativeInterrupted && p.pendingKill !== undefined)) return null;
  const err = toBeamError(e);
  if (!err.traced && err.kind === "error" && !(err.reason instanceof MapTerm && err.reason.get(a("__exception__")) === true)) {
    const here = newFrame(code, [], null);
    here.line = line < 0 ? ~line : line;
    const saved = (err as { directFrames?: unknown[] }).directFrames;
    const top = withDirectFrames(here, err);
    (err as { directFrames?: unknown[] }).directFrames = saved;
    (err as { partialTrace?: Term }).partialTrace = stacktraceOf(top, err, err.stacktrace, p.rt.scriptFile);
  }
  return err;
}

/**
 * Unwinds `p`'s frames to the innermost try handler. Returns false (and sets the exit
 * reason) when no handler exists, i.e. the process dies.
 */
function unwind(p: Process, err: BeamError): boolean {
  const e = err as BeamError & { traced?: boolean };
  // A first frame that tail-called the direct body this came out of is gone (protocol.ts
  // genResumableDirectTailCall).
  const left = p.base;
  p.base = null;
  if (!e.traced) {
    // The direct bodies it passed through are above the current frame (protocol.ts).
    let top = withDirectFrames(left !== null && left === p.frame ? left.up : p.frame, e);
    // A heap frame's tail call to an undefined function: that frame is gone (calls.ts).
    if (top !== null && (e as { droppedFrame?: Frame }).droppedFrame === top) top = top.up;
    // Entries a native recorded itself (e.g. `:erlang.+(1, :a)`) come first, then the frames.
    // Arithmetic compiled inline in a user's module is a BEAM instruction, not a call: its
    // failure has no `:erlang` entry (so iex prints no operands either).
    if (!e.fromNative && top !== null && inlineArithmetic(top, e.stacktrace)) e.stacktrace = null;
    e.stacktrace = stacktraceOf(top, err, e.stacktrace, p.rt.scriptFile, p.rt);
    e.traced = true;
    // An error the VM raised is caught as its raw reason (:badarg); normalizing that reason
    // with this stack trace (or one keeping its first entry, as ExUnit's pruning does) gives
    // back the exception as raised, whose message the BIF's error_info explained.
    if (e.kind === "error" && e.stacktrace instanceof Cons && Array.isArray(e.stacktrace.h)) {
      const raw = caughtReason(err);
      if (raw !== e.reason) (e.stacktrace.h as RaisedAs).raisedAs = [raw, e.reason];
    }
  } else {
    (e as { directFrames?: unknown }).directFrames = undefined;
  }
  let f: Frame | null = p.frame;
  while (f !== null) {
    if (f.h !== null && f.h.length > 0) {
      const h = f.h.pop()!;
      f.pc = h.pc;
      p.exc = err;
      p.frame = f;
      return true;
    }
    // (the self-call records of a region frame it discards are gone: protocol.ts XS)
    const b = regionBase(f);
    if (b < p.xsN) p.xsN = b;
    f = f.up;
  }
  p.exitReason = exitReasonOf(err);
  p.exc = err;
  return false;
}

/**
 * The operators the BEAM's JIT (OTP 25, x86-64) computes inline, failing without an entry of
 * their own: +/2, -/2, //2 and +/1. The others (*, div, rem, unary -, the bitwise ones...)
 * call the BIF, whose entry `{:erlang, :*, ["x", 2], ...}` heads the stack trace.
 */
const INLINE_ARITHMETIC: Record<string, number[]> = { "+": [1, 2], "-": [2], "/": [2] };

/** Whether `head` is the entry of an arithmetic operator raised inline by user module code. */
function inlineArithmetic(f: Frame, head: Term): boolean {
  const c = f.code as Code & { library?: boolean };
  // (A script's code keeps it: elixir_compiler compiles it without optimisations.)
  if (c.module === "" || c.module === SCRIPT_MODULE || c.fn === undefined || c.library === true || !(head instanceof Cons)) return false;
  const e = head.h;
  if (!Array.isArray(e) || e[0] !== a("erlang") || !(e[1] instanceof Atom)) return false;
  const arities = INLINE_ARITHMETIC[e[1].name];
  const args = listToArray(e[2]);
  return arities !== undefined && args !== null && arities.includes(args.length);
}

/** A stack trace's first entry, knowing the exception it was raised with (see normalizeError). */
export type RaisedAs = { raisedAs?: [Term, Term] };

/** The exit reason a process dies with for an uncaught exception. */
export function exitReasonOf(err: BeamError): Term {
  if (err.kind === "exit") return err.reason;
  if (err.kind === "throw") return tuple(tuple(a("nocatch"), err.reason), err.stacktrace);
  // The BEAM's own reason for an error the VM raised ({:undef, stack}, {:badarith, stack}),
  // as a link or a monitor sees it; an exception raised as such stays one.
  return tuple(caughtReason(err), err.stacktrace);
}

const FILE = a("file");
/** Erlang keeps file names in stack entries as charlists ('iex'). */
const charlist = (s: string): Term => list(Array.from(s, (c) => c.codePointAt(0)!));
const ERROR_INFO = MapTerm.fromPairs([[a("module"), a("Elixir.Exception")]]);
/** The error_info of a failed binary construction: its cause, for :erl_erts_errors.format_bs_fail/2. */
const bsErrorInfo = (cause: Term): Term => MapTerm.fromPairs([[a("cause"), cause], [a("function"), a("format_bs_fail")], [a("module"), a("erl_erts_errors")]]);
/**
 * The entries erl_eval leaves where a shell fun's own code raised (no callee in between):
 * a failed match, a case without a matching clause, a call of what is not a function, a
 * fun's clauses not matching; anything else is raised through erlang:error, which erl_eval
 * applies (raise, a missing field, cond) — as the fun's last call when `last`.
 */
function erlEvalRaiseSite(err: BeamError | undefined, last: boolean): Term[] {
  const r = err?.reason;
  const explicit = (err as { explicit?: boolean } | undefined)?.explicit === true;
  const kind = !explicit && r instanceof MapTerm ? (r.get(a("__struct__")) as Atom | undefined)?.name : undefined;
  switch (kind) {
    case "Elixir.MatchError":
      return [erlEvalEntry(P.BADMATCH)];
    case "Elixir.CaseClauseError":
      return [erlEvalEntry(P.CASE_CLAUSE)];
    case "Elixir.BadFunctionError":
      // (erlang:apply/2 fails where it is called, and that call's return address follows)
      return last ? [erlEvalEntry(P.APPLY_FUN_LAST)] : [erlEvalEntry(P.APPLY_FUN), erlEvalEntry(P.APPLY_FUN)];
    case "Elixir.FunctionClauseError":
      if (r instanceof MapTerm && r.get(a("module")) === a("erl_eval")) return [erlEvalEntry(P.FUN_CLAUSE)];
  }
  return [erlEvalEntry(last ? P.APPLY_LAST : P.APPLY)];
}
const isErlTop = (f: Frame | null): boolean => f !== null && (f.code as { erlTop?: boolean }).erlTop === true;
const isShellFun = (f: Frame | null): boolean => f !== null && f.code.module === "" && f.code.name.startsWith("-fun-");
const LINE = a("line");
/** The location of a native's entry stacktraceOf adds below what its helper raised as (libraryFrames drops or places it). */
export const ENTERED: Term = list([tuple(a("beamsh_entered"), true)]);
/**
 * The exception libraryFrames is given for the stack of a process waiting in a receive
 * (Process.info(pid, :current_stacktrace)): its top entry is where it waits.
 */
export const WAITING = "(waiting)";

/**
 * How far below its function's first line a prelude function's entry stood (the library's
 * Elixir code lays its clauses out as Elixir's where that tells which of several sites it
 * was at): libraryFrames reads it.
 */
export const LIBRARY_LINE_OFFSET = new WeakMap<Term[], number>();

/** Where erl_eval waits for a message: prim_eval's receive/2 (no location). */
const PRIM_EVAL_RECEIVE: Term = tuple(a("prim_eval"), a("receive"), 2, list([]));

/** BEAM's default backtrace depth (erlang:system_flag(backtrace_depth, 8)). */
const BACKTRACE_DEPTH = 8;
/** The most entries a several-expression input's error shows with its top level's (see stacktraceOf). */
const ITEM_ENTRIES = 6;
const ITEMS_REDUCE = generatorFrame("list").entry;

/** Stack trace entries `{mod, fun, arity | args, [file: ..., line: ...]}` from frame upward. */
export function stacktraceOf(
  top: Frame | null,
  err?: BeamError & { native?: [Term, string | null, Term[]] },
  head: Term = null,
  script: string | null = null,
  rt?: { hooks: LibraryHooks; modules: { get(name: string): { library?: boolean } | undefined } },
  waiting = false,
): Term {
  const entries: Term[] = head === null ? [] : listToArray(head) ?? [];
  const MAX_TRACE = err?.traceCap ?? BACKTRACE_DEPTH;
  // Spill frames become ordinary frames as the walk meets them (protocol.ts), a frame ahead.
  explodeSpills(top, 3 + ((err as { skipFrames?: number } | undefined)?.skipFrames ?? 0));
  // Entries of library functions (natives, the prelude): they read as iex's (libraryFrames).
  const library: number[] = [];
  let f = top;
  // Frames the library's Elixir implementation would show above the raise (generated code).
  const head2 = (err as { headFrames?: Term[] } | undefined)?.headFrames;
  if (head2 !== undefined) entries.push(...head2);
  // entries a library function recorded itself (a protocol's impl_for!/1 and its caller),
  // unless they are Elixir's own already (Elixir's parser's: parseException)
  const final = (err as { headFinal?: boolean } | undefined)?.headFinal === true;
  for (let i = 0; i < entries.length && !final; i++) {
    const e = entries[i];
    if (Array.isArray(e) && e[0] instanceof Atom && rt?.modules.get(e[0].name)?.library === true) library.push(i);
  }
  if (head2 === undefined && err && err.native && err.native[1] === null) {
    // A fun whose code is not loaded (calls.ts): `{fun, args, []}`, as error_handler makes it.
    entries.push(tuple(err.native[0], list(err.native[2]), list([])));
  } else if (head2 === undefined && err && err.native) {
    const [mod, name, args] = err.native;
    // A clause error inside a function replaces that function's own entry (args + location).
    const c = f?.code;
    // (a closure's code takes its captured variables after the arguments the clause error names)
    const given = c === undefined ? -1 : c.arity - ((c as { envSlots?: number[] }).envSlots?.length ?? 0);
    const own = c !== undefined && c.module === (mod as { name: string }).name && c.name === name && (c.arity === args.length || given === args.length);
    const loc = own && c.file ? list([tuple(FILE, charlist(c.file)), tuple(LINE, f!.line || c.line || 0)]) : bifInfo(mod, (err as { cause?: Term }).cause);
    if (mod instanceof Atom && rt?.modules.get(mod.name)?.library === true) library.push(entries.length);
    entries.push(tuple(mod, a(name!), list(args), loc));
    if (own) f = f!.up;
  }
  // A native raising for the library code that called it (IO's I/O protocol helpers) may
  // stand for that code's frames: its entries replace theirs.
  const skip = (err as { skipFrames?: number } | undefined)?.skipFrames ?? 0;
  for (let i = 0; i < skip && f !== null; i++) f = f.up;
  // A native's helper that raised as another function of Elixir's library (Calendar.ISO's
  // day_of_era/3 failing in ensure_day_in_month!/3): the native's own entry goes below it,
  // marked, for libraryFrames to join the two as Elixir's code calls one from the other.
  const entered = (err as { entered?: [string, string, number] } | undefined)?.entered;
  if (entered !== undefined && skip === 0 && head2 === undefined && entries.length === 1 && rt !== undefined) {
    const e0 = entries[0];
    const [m, n, ar] = entered;
    // (or an Erlang library function's native raising as the BIF that function calls:
    // lists:append/2's erlang:'++'/2)
    // (or lists:reverse/1's, raising as the BIF lists:reverse/2)
    const bif = Array.isArray(e0) && e0[0] instanceof Atom && e0[1] instanceof Atom && isList(e0[2]) && !m.startsWith("Elixir.") && m !== "erlang"
      && (e0[0].name === "erlang" || (e0[0].name === m && !(e0[1].name === n && (listToArray(e0[2]) ?? []).length === ar)))
      // (a BIF raises no function_clause: that is a function the native raised as, called last)
      && !(err?.kind === "error" && exceptionModule(normalizeError(err.reason)) === "Elixir.FunctionClauseError")
      // (or an Elixir function's native raising as the BIF that function calls: Map.pop/3's :maps.take/2)
      || ((err as { viaCall?: boolean }).viaCall === true && m.startsWith("Elixir.") && Array.isArray(e0) && e0[0] instanceof Atom && e0[0].name !== m);
    if (Array.isArray(e0) && e0[0] instanceof Atom && e0[1] instanceof Atom && (bif || (e0[0].name.startsWith("Elixir.") && m.startsWith("Elixir.")
      && rt.modules.get(e0[0].name)?.library === true)) && rt.modules.get(m)?.library === true) {
      const arity0 = typeof e0[2] === "number" ? e0[2] : (listToArray(e0[2]) ?? []).length;
      if (!(e0[0].name === m && e0[1].name === n && arity0 === ar)) {
        library.push(entries.length);
        entries.push(tuple(a(m), a(n), ar, ENTERED));
      }
    }
  }
  // erl_eval's entries for shell funs: where the innermost one raised, and each call a shell
  // fun made and was waiting on (a tail call leaves none: its frame is gone), with the
  // constructs each was inside of (erl-eval-trace.ts).
  let shellFuns = 0;
  // Like BEAM, a return address right after the same one is recorded once (erl_eval's
  // expr/6 evaluating a match inside a match, a body inside a body).
  let lastReturn: Term | null = null;
  const pushReturn = (entry: Term) => {
    if (entry === lastReturn) return;
    push([...(entry as Term[])]);
    lastReturn = entry;
  };
  let below: Frame | null = null;
  // where the entries of a several-expression input's top level begin (-1: none)
  let itemStart = -1;
  let itemFenced = false;
  // `raise/1` marks the raise site with error_info (it expands to erlang:error/3 with
  // error_info: %{module: Exception}); raise/2 and reraise expand to calls without it.
  let raised = false;
  // A binary construction that failed (ops.ts bsFail): the function building it carries the
  // cause in its entry, as the BEAM's bs_create_bin leaves it (erl_eval's shell code aside).
  let bsCause = (err as { bsCause?: Term } | undefined)?.bsCause;
  const push = (entry: Term[]) => {
    if (raised) {
      entry[3] = list([...(listToArray(entry[3]) ?? []), tuple(a("error_info"), ERROR_INFO)]);
      raised = false;
    }
    if (bsCause !== undefined) {
      if (entries.length === 0 && entry[0] instanceof Atom && entry[0].name !== "erl_eval") entry[3] = list([...(listToArray(entry[3]) ?? []), tuple(a("error_info"), bsErrorInfo(bsCause))]);
      bsCause = undefined;
    }
    entries.push(entry);
    lastReturn = null;
  };
  /**
   * At a comprehension site of compiled code, pushes the entries of the funs and Enum's
   * functions it runs in on BEAM, and gives the line of the function's own entry (null: gone).
   */
  const pushForEntries = (c: Frame["code"], line: number): number | null => {
    const site = forSiteAt(c, line);
    if (site === null) return line;
    const out = forSiteEntries(site, c.file ?? "");
    for (const e of out.entries) push([...(e as Term[])]);
    return out.outerLine;
  };
  let prevCode: unknown = null;
  let prevLine = -1;
  let trailer: Term[] | null = null;
  for (; f !== null && entries.length < MAX_TRACE; f = f.up) {
    explodeSpills(f, 2);
    const c = f.code;
    // A nested shell loop (a pry session's, shell/evaluator.ts): what it runs starts a trace afresh.
    if ((c as { traceFloor?: boolean }).traceFloor === true) break;
    // A macro's call (generator-code.ts): an error it raised shows the macro's frames only.
    if (err !== undefined && isTraceFence(f)) break;
    // What runs the shell's or a script's evaluation (IEx.Evaluator, elixir_compiler): its
    // entries as the BEAM has them, under everything above (after what this walk adds).
    const runner = (c as { traceTrailer?: Term[] }).traceTrailer;
    if (runner !== undefined) {
      if (err !== undefined) trailer = runner;
      break;
    }
    // Like BEAM, a return address repeated by recursion is recorded once: a body-recursive
    // function 1000 deep shows its raise site and its call site, not 1000 entries.
    if (c === prevCode && f.line === prevLine) continue;
    // (only return addresses are: where the process is, the top frame, is not one of them,
    // so `h + sum(t)` failing in its `+` shows its own entry and its caller's)
    prevCode = f === top ? null : c;
    prevLine = f.line;
    if (c.module === "") {
      // A script's top level (`elixir FILE`) is compiled code on BEAM: its entry reads
      // "FILE:LINE: (file)".
      if (script !== null && c.file === script && c.name === "__eval__") {
        const line = pushForEntries(c, f.line);
        if (line !== null) push(tuple(a("elixir_compiler_0"), a("__FILE__"), 1, list([tuple(FILE, charlist(c.file)), tuple(LINE, line)])));
        continue;
      }
      // Shell code is interpreted by erl_eval on BEAM: a shell fun shows erl_eval's frame;
      // the top-level evaluation itself is not shown, as in iex.
      if (c.name.startsWith("-fun-") || (c as { erlTop?: boolean }).erlTop === true) {
        const shellItem = (c as { shellItem?: boolean }).shellItem === true;
        if (shellItem) itemStart = entries.length;
        // (a script's own code is compiled on BEAM; what it gives Code.eval_* is erl_eval's)
        const interpreted = script === null || c.file !== script;
        const site = interpreted ? siteAt(c, f.line) : null;
        // Called by a shell fun that goes on after it, erl_eval evaluates this fun's body
        // within the caller's evaluation: never in tail position.
        // (Code.eval_*'s top level is never in tail position: erl_eval goes on to give the binding)
        const last = !(site?.nonTail ?? false) && !(interpreted && (isShellFun(f.up) || isErlTop(f.up))) && !isErlTop(f);
        const shellClause = err?.native !== undefined && (err.native[0] as Atom | null)?.name === "erl_eval";
        if (waiting && f === top && entries.length === 0) {
          // waiting in the code's receive: erl_eval's receive_clauses/8 in prim_eval's receive/2
          push([...(PRIM_EVAL_RECEIVE as Term[])]);
          push([...(erlEvalEntry(P.RECEIVE_CLAUSES) as Term[])]);
        } else if (shellFuns === 0 && (entries.length === 0 || shellClause)) {
          // raised by the fun's own code
          for (const e of erlEvalRaiseSite(err, last)) push([...(e as Term[])]);
        } else if (f !== top || shellFuns > 0) {
          // waiting on a callee: erl_eval applied it and goes on with its result (a shell
          // fun it evaluates itself, inside this evaluation)
          // (a call in tail position that is no tail call here: a comprehension's reduce: body
          // is its fun's last call on BEAM)
          const gone = site !== null && last;
          if (entries.length > 0 && !gone && !(below !== null && below.up === f && isShellFun(below))) pushReturn(erlEvalEntry(site?.funCall === true ? P.APPLY_FUN : P.APPLY));
        } else if (!last) {
          // a BIF or native the fun called raised: erl_eval applied it and would go on
          pushReturn(erlEvalEntry(P.APPLY));
        }
        // (a BIF or native the fun called last raised: erl_eval applied it as a tail call,
        // so only the BIF's own entry shows)
        if (site !== null) {
          for (const e of site.ctx) {
            pushReturn(e);
            // (a comprehension of the top level: Elixir's evaluation shows nothing below
            // its generator's frame, the frames erl_eval runs the comprehension's fun with
            // leaving no room for them)
            if (shellItem && isGeneratorEntry(e)) {
              itemStart = entries.length;
              itemFenced = true;
            }
          }
        }
        // (IEx's Enum.reduce/3 over the input's expressions)
        if (shellItem) pushReturn(ITEMS_REDUCE);
        shellFuns++;
        below = f;
      }
      continue;
    }
    // The compiler's own natives (a module body's calls to define functions and attributes,
    // quote's helpers) are Elixir's compiler internals: not shown.
    if (c.module === "beamsh_module" || c.module === "elixir_quote") {
      // Below a module's compilation, nothing is shown: Elixir compiles a module's body
      // apart from the code that defined it.
      if (c.name === "__compile__" && err !== undefined) {
        err.complete = true;
        break;
      }
      continue;
    }
    // A module body runs as compiled code of its own on BEAM: "FILE:LINE: (module)".
    if (c.name === "__MODULE__" && c.file) {
      push(tuple(a(c.module), a("__MODULE__"), 1, list([tuple(FILE, charlist(c.file)), tuple(LINE, f.line || c.line || 0)])));
      continue;
    }
    // Code.eval_string/1,2,3 evaluates in validated_eval_string/3 (its last call), eval_quoted/1,2 in eval_quoted/3.
    if (c.module === "Elixir.Code" && c.native === undefined && (c.name === "eval_string" || c.name === "eval_quoted")) {
      for (const e of [...EVAL_FORMS, c.name === "eval_string" ? VALIDATED_EVAL_STRING : EVAL_QUOTED]) {
        if (entries.length < MAX_TRACE) push([...(e as Term[])]);
      }
      below = f;
      continue;
    }
    if (c.module === "Elixir.Kernel" && (c.name === "raise" || c.name === "reraise")) {
      raised = entries.length === 0 && c.name === "raise" && c.arity === 1;
      continue;
    }
    // (inside a comprehension: the entries of its funs and of Enum's functions calling them)
    const line = pushForEntries(c, f.line);
    if (line === null) {
      below = f;
      continue;
    }
    const loc = c.file ? list([tuple(FILE, charlist(c.file)), tuple(LINE, line || c.line || 0)]) : list([]);
    if (c.native !== undefined || (c as { library?: boolean }).library === true || rt?.modules.get(c.module)?.library === true) library.push(entries.length);
    // (a library loop shows as the function it is the loop of: code.ts shownAs)
    const [name, shownArity] = shownAs(c);
    // (A fun's entry counts the variables it captures, except those bound to literals.)
    const arity = shownArity - ((c as { literalEnv?: number }).literalEnv ?? 0);
    // (erlang:error/2,3 given the caller's arguments: BEAM shows them in its entry)
    const given = f === top && entries.length === 0 ? (err as { callerArgs?: Term[] } | undefined)?.callerArgs : undefined;
    const info = given === undefined ? undefined : (err as { errorInfo?: Term } | undefined)?.errorInfo;
    const entry = tuple(a(c.module), a(name), given === undefined ? arity : list(given), info === undefined ? loc : list([...(listToArray(loc) ?? []), info])) as Term[];
    if ((c as { library?: boolean }).library === true && c.line !== undefined && c.line > 0 && line >= c.line) LIBRARY_LINE_OFFSET.set(entry, line - c.line);
    const as = c.traceAs?.(f);
    if (as !== undefined) {
      // (a native standing for frames of Elixir's functions: theirs, the library's entries)
      for (const [n, ar] of as) {
        if (entries.length >= MAX_TRACE) break;
        if (library[library.length - 1] !== entries.length) library.push(entries.length);
        push(tuple(a(c.module), a(n), ar, loc) as Term[]);
      }
    } else push(entry);
    below = f;
  }
  // An expression of a several-expression input shows erl_eval's entries for its top level
  // and IEx's reduce only when they fit in the BEAM's 8 entries with the frames of erl_eval
  // and Elixir's evaluator it hides (6 shown at most); otherwise Elixir's evaluation drops
  // them all as shared with the evaluator's own stack.
  if (itemStart >= 0 && (itemFenced || entries.length > ITEM_ENTRIES)) entries.length = itemStart;
  if (entries.length > MAX_TRACE) entries.length = MAX_TRACE;
  const translate = rt?.hooks.libraryFrames;
  // the exception as Elixir sees it: what the BEAM raised ({:badmatch, x}) is a MatchError
  const exception = () => (waiting ? WAITING : err?.kind === "error" ? exceptionModule(normalizeError(err.reason)) : null);
  const shown = translate === undefined || library.length === 0 ? entries : translate(entries, library.filter((i) => i < MAX_TRACE), exception());
  // (what runs the code, where the entries of the library as Elixir has them leave room)
  if (trailer !== null && err?.complete !== true) for (const e of trailer) if (shown.length < MAX_TRACE) shown.push(e);
  return list(shown);
}

