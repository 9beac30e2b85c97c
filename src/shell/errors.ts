// How the shell prints what went wrong, exactly as iex does.
import { errorContext } from "../runtime/error-context.js";
import type { ParseError } from "../lang/syntax-error.js";
import type { CompileError } from "../runtime/compiler/unit.js";
import type { BeamError } from "../runtime/errors.js";
import { ErrorContext, formatBannerPlain, formatIexError, formatStacktrace, ModuleExports } from "../runtime/exception-message.js";
import { inspect } from "../runtime/inspect.js";
import { ERL_EVAL_APPLY, IEX_RUNNER } from "../runtime/runner-frames.js";
import type { Runtime } from "../runtime/runtime.js";
import { MapTerm } from "../runtime/map.js";
import { Atom, NIL, Term, a, atomName, list, listToArray, tuple } from "../runtime/term.js";

/**
 * `** (Kind) message` + stacktrace (or a blank line), for an uncaught evaluation error;
 * `message` is the exception's message when its own message/1 computed it.
 */
export function formatEvalError(rt: Runtime, err: BeamError, message?: string, cli = false): string {
  const ctx = { ...errorContext(rt), ...(cli ? { cli } : {}) };
  // (a script's trace is elixir's: Kernel.CLI leaves erl_eval's entries of `-e` in it)
  return formatIexError(err.kind, err.reason, err.stacktrace, message === undefined ? ctx : { ...ctx, message }, cli ? pruneCli : pruneEvaluation);
}

const moduleOf = (e: Term) => (Array.isArray(e) && e[0] instanceof Atom ? e[0].name : "");

/** Elixir's compiler and evaluator modules IEx.Evaluator leaves out of a stack trace it prints. */
const IEX_INTERNALS = new Set(["elixir", "elixir_expand", "elixir_compiler", "elixir_module", "elixir_clauses", "elixir_lexical", "elixir_def", "elixir_map", "elixir_erl", "elixir_erl_clauses", "elixir_erl_pass", "Elixir.Kernel.ErrorHandler", "Elixir.Module.ParallelChecker"]);

/**
 * What IEx.Evaluator leaves out of a stack trace it prints (Erlang/OTP before 25, as Debian's
 * Elixir 1.14 was built): from the bottom, its own process's entries (proc_lib's, its own),
 * then Code's and :elixir's that ran the input, then erl_eval's (the input's top level); then
 * the entries of Elixir's compiler and evaluator anywhere (Code.eval_string/3's
 * :elixir.eval_forms/3).
 */
function pruneEvaluation(stacktrace: Term): Term {
  const given = listToArray(stacktrace);
  if (given === null) return stacktrace;
  // (a trace made whole where it was raised, without the evaluator's entries under it: the
  // BEAM's has them, under erl_eval's apply of the input's call)
  const padded = given.length < 8 && !given.some((e) => moduleOf(e) === "Elixir.IEx.Evaluator");
  const apply = padded && (given.length === 0 || moduleOf(given[given.length - 1]) !== "erl_eval") ? [ERL_EVAL_APPLY] : [];
  const entries = padded ? [...given, ...apply, ...IEX_RUNNER].slice(0, 8) : given;
  let n = entries.length;
  const dropWhile = (mods: string[]) => {
    while (n > 0 && mods.includes(moduleOf(entries[n - 1]))) n--;
  };
  dropWhile(["proc_lib"]);
  dropWhile(["Elixir.IEx.Evaluator"]);
  dropWhile(["Elixir.Code", "Elixir.Module.ParallelChecker", "elixir"]);
  dropWhile(["erl_eval", "eval_bits"]);
  const kept = entries.slice(0, n).filter((e) => !IEX_INTERNALS.has(moduleOf(e)));
  return kept.length === given.length ? stacktrace : list(kept);
}

/** Kernel.CLI's list of Elixir's internals, which it leaves out of a script's error. */
const CLI_INTERNALS = new Set([...IEX_INTERNALS, "elixir_aliases", "elixir_locals", "elixir_erl_compiler"]);

/**
 * What Elixir's command line leaves out of a stack trace it prints: Elixir's internals, and
 * everything from its own wrapper/1 down.
 */
function pruneCli(stacktrace: Term): Term {
  const entries = listToArray(stacktrace);
  if (entries === null) return stacktrace;
  const kept: Term[] = [];
  for (const e of entries) {
    if (Array.isArray(e) && moduleOf(e) === "Elixir.Kernel.CLI" && e[1] === a("wrapper") && e[2] === 1) break;
    if (!CLI_INTERNALS.has(moduleOf(e))) kept.push(e);
  }
  return kept.length === entries.length ? stacktrace : list(kept);
}

export function formatParseError(e: ParseError, inPry = false): string {
  return e.formatIex() + "\n" + (inPry ? formatStacktrace(PRY_PARSE_FRAMES) : "\n");
}

const iexEntry = (fun: string, arity: number, line: number): Term =>
  tuple(a("Elixir.IEx.Evaluator"), a(fun), arity, list([tuple(a("file"), list(Array.from("lib/iex/evaluator.ex", (c) => c.charCodeAt(0)))), tuple(a("line"), line)]));

/**
 * In a pry session the input's parse error keeps IEx.Evaluator's entries under it, as iex
 * 1.14 prints them there (at the prompt its trace is empty: a blank line).
 */
const PRY_PARSE_FRAMES = list([iexEntry("parse_eval_inspect", 3, 292), iexEntry("loop", 1, 187), iexEntry("init", 4, 32)]);

export function formatCompileError(e: CompileError): string {
  return `** (CompileError) ${e.file}:${e.line}: ${e.description}\n\n`;
}

/** The frame iex shows for code evaluated in the shell (erl_eval runs it on BEAM). */
const ERL_EVAL_ENTRY = tuple(a("erl_eval"), a("do_apply"), 7, list([tuple(a("file"), "erl_eval.erl"), tuple(a("line"), 742)]));

/** `** (EXIT from #PID<...>) shell process exited with reason: ...` (no trailing newline). */
export function formatExitFrom(rt: Runtime, from: Term, reason: Term): string {
  // A fun spawned from the shell always has erl_eval's frame on BEAM: an exception reason
  // with an empty stacktrace is shown with it, so it reads "an exception was raised".
  if (Array.isArray(reason) && reason.length === 2 && reason[0] instanceof MapTerm && reason[1] === NIL) {
    reason = tuple(reason[0], list([ERL_EVAL_ENTRY]));
  }
  const banner = formatBannerPlain({ exitFrom: from }, reason, null, errorContext(rt));
  const head = `** (EXIT from ${inspect(from)}) `;
  return head + "shell process exited with reason: " + banner.slice(head.length);
}
