// How the shell prints what went wrong, exactly as iex does.
import type { ParseError } from "../lang/syntax-error.js";
import type { CompileError } from "../runtime/compiler/unit.js";
import type { BeamError } from "../runtime/errors.js";
import { ErrorContext, formatBannerPlain, formatIexError, ModuleExports } from "../runtime/exception-message.js";
import { inspect } from "../runtime/inspect.js";
import type { Runtime } from "../runtime/runtime.js";
import { Atom, Term, atomName } from "../runtime/term.js";

/** What the error formatter needs to know about the runtime's modules. */
export function errorContext(rt: Runtime): ErrorContext {
  return {
    moduleExports: (mod: Atom): ModuleExports | null => {
      const m = rt.modules.get(atomName(mod));
      if (m === undefined) return null;
      const functions = [...m.fns.keys()].map((k) => {
        const i = k.lastIndexOf("/");
        return [k.slice(0, i), Number(k.slice(i + 1))] as [string, number];
      });
      return { functions };
    },
  };
}

/** `** (Kind) message` + stacktrace (or a blank line), for an uncaught evaluation error. */
export function formatEvalError(rt: Runtime, err: BeamError): string {
  return formatIexError(err.kind, err.reason, err.stacktrace, errorContext(rt));
}

export function formatParseError(e: ParseError): string {
  return e.formatIex() + "\n\n";
}

export function formatCompileError(e: CompileError): string {
  return `** (CompileError) ${e.file}:${e.line}: ${e.description}\n\n`;
}

/** `** (EXIT from #PID<...>) shell process exited with reason: ...` (no trailing newline). */
export function formatExitFrom(rt: Runtime, from: Term, reason: Term): string {
  const banner = formatBannerPlain({ exitFrom: from }, reason, null, errorContext(rt));
  const head = `** (EXIT from ${inspect(from)}) `;
  return head + "shell process exited with reason: " + banner.slice(head.length);
}
