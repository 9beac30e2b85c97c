// The report Elixir's Logger prints when a plain spawned process dies of an exception:
//
//   (blank line)
//   01:08:26.290 [error] Process #PID<0.116.0> raised an exception
//   ** (FunctionClauseError) no function clause matching in F.f/1
//       iex:2: F.f(2)
//
// Only errors (and throws, which become `{:nocatch, value}` errors) are reported; exits,
// whatever their reason, are not. The banner is Exception.format_banner/3 (no iex blame).
// This is the text Logger.Translator makes of the emulator's "Error in process" event with
// Logger's defaults; when Logger is configured otherwise (backends, translators, a console
// format) the event goes to Logger's handler instead, through logger_proxy (the library's
// routeCrash hook, prelude/erlang/logger_proxy.ex).
import { wallClockMs } from "./seed.js";
import { errorContext } from "./error-context.js";
import { formatBannerPlain, formatStacktrace, ErrorContext } from "./exception-message.js";
import { inspect } from "./inspect.js";
import { MapTerm } from "./map.js";
import type { Process } from "./process.js";
import type { Runtime } from "./runtime.js";
import { Atom, Cons, Term, a, atomName, list, tuple } from "./term.js";

/** The frame iex shows for code evaluated in the shell (erl_eval runs it on BEAM). */
const ERL_EVAL_ENTRY = tuple(a("erl_eval"), a("do_apply"), 7, list([tuple(a("file"), "erl_eval.erl"), tuple(a("line"), 742)]));

/** The report for a process that just died, or null when its death is not reported. */
export function crashReport(rt: Runtime, p: Process): string | null {
  const err = p.exc;
  if (err === null || err.kind === "exit" || p.exitReason === a("normal")) return null;
  const reason = err.kind === "throw" ? tuple(a("nocatch"), err.reason) : unblamed(err.reason);
  const stack: Term = err.stacktrace instanceof Cons ? err.stacktrace : list([ERL_EVAL_ENTRY]);
  // (Logger configured beyond the default console: its handler takes the emulator's event)
  if (rt.hooks.routeCrash?.(rt, p.pid, reason, stack) === true) return null;
  const ctx = errorContext(rt);
  const banner = formatBannerPlain("error", reason, stack, ctx);
  return `\n${logTime(new Date(wallClockMs(rt)))} [error] Process ${inspect(p.pid)} raised an exception\n${banner}\n${formatStacktrace(stack, ctx)}`;
}

/**
 * On BEAM a function clause error reaches the logger as the raw `:function_clause` reason,
 * so its message has no "The following arguments were given" block (that is iex's blame).
 */
function unblamed(reason: Term): Term {
  if (!(reason instanceof MapTerm) || reason.get(a("__struct__")) !== a("Elixir.FunctionClauseError")) return reason;
  return reason.put(a("args"), null).put(a("clauses"), null);
}

/** Logger's default time format: local HH:MM:SS.mmm. */
export function logTime(d = new Date()): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, "0")}`;
}

