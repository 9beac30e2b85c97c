// The Exception module and the exception/1 + message/1 functions of Elixir's built-in
// exception structs (user exceptions get theirs from defexception).
import type { NativeFn } from "../runtime/code.js";
import { argumentError } from "../runtime/errors.js";
import { ErrorKind, blameError, exceptionMessage, exceptionModule, formatBannerPlain, formatExit, formatMfa, formatStacktrace, formatStacktraceEntry, normalizeError } from "../runtime/exception-message.js";
import { errorContext } from "../runtime/error-context.js";
import { builtinStructFields, inspect } from "../runtime/inspect.js";
import { MapTerm } from "../runtime/map.js";
import type { Runtime } from "../runtime/runtime.js";
import { Atom, Cons, NIL, Pid, Term, a, atomName, isAtom } from "../runtime/term.js";
import { fce } from "../runtime/arith.js";
import { toStringTerm } from "../runtime/string-chars.js";

type NativeModule = { module: string; fns: Record<string, NativeFn> };

const DEFAULT_MESSAGES: Record<string, string> = {
  RuntimeError: "runtime error",
  ArgumentError: "argument error",
  ArithmeticError: "bad argument in arithmetic expression",
  SystemLimitError: "a system limit has been reached",
  "Enum.OutOfBoundsError": "out of bounds error",
  "Enum.EmptyError": "empty error",
};

const BUILTIN = [
  "RuntimeError", "ArgumentError", "ArithmeticError", "SystemLimitError", "BadFunctionError",
  "BadStructError", "BadMapError", "BadBooleanError", "MatchError", "CaseClauseError",
  "WithClauseError", "CondClauseError", "TryClauseError", "BadArityError", "UndefinedFunctionError",
  "FunctionClauseError", "Protocol.UndefinedError", "KeyError", "UnicodeConversionError",
  "Enum.OutOfBoundsError", "Enum.EmptyError", "ErlangError", "CompileError", "SyntaxError",
  "TokenMissingError",
];

/** Exception.__build__/2: a struct from defaults plus a message string or keyword fields. */
function build(mod: Atom, defaults: [string, Term][], arg: Term): MapTerm {
  let m = MapTerm.fromPairs([[a("__struct__"), mod], [a("__exception__"), true], ...defaults.filter(([k]) => k !== "__exception__").map(([k, v]) => [a(k), v] as [Term, Term])]);
  if (typeof arg === "string") {
    if (!m.has(a("message"))) throw argumentError(`expected a keyword list as the argument of ${atomName(mod).replace(/^Elixir\./, "")}.exception/1`);
    return m.put(a("message"), arg);
  }
  for (let l = arg; l instanceof Cons; l = l.t) {
    // (an element that is no {key, value} pair is named whole: never as JS text)
    const pair = Array.isArray(l.h) && l.h.length === 2;
    const [k, v] = pair ? (l.h as Term[]) : [l.h, null];
    if (!pair || !m.has(k)) throw unknownKey(k, mod);
    m = m.put(k, v);
  }
  return m;
}

function unknownKey(k: Term, mod: Atom) {
  return argumentError(`unknown key ${inspect(k)} for struct ${mod.name.replace(/^Elixir\./, "")}`);
}

function builtinDefaults(name: string): [string, Term][] {
  const fields = builtinStructFields(a("Elixir." + name)) ?? ["message"];
  return fields.map((f) => [f, f === "message" ? DEFAULT_MESSAGES[name] ?? null : f === "description" ? "" : null]);
}

function builtinModule(name: string): NativeModule {
  const mod = a("Elixir." + name);
  return {
    module: "Elixir." + name,
    fns: {
      "exception/1": ([arg]) => build(mod, builtinDefaults(name), arg),
      "__struct__/0": () => build(mod, builtinDefaults(name), NIL),
      "message/1": ([e]) => exceptionMessage(e as MapTerm),
    },
  };
}

export const builtinExceptions: NativeModule[] = BUILTIN.map(builtinModule);

export const natives: NativeModule = {
  module: "Elixir.Exception",
  fns: {
    "__build__/2": ([mod, arg], p) => build(mod, (p.rt as Runtime).modules.get(atomName(mod))?.struct ?? [], arg),
    "__message_field__/1": ([e]) => {
      const m = (e as MapTerm).get(a("message"));
      return m === undefined ? null : m;
    },
    "message/1": ([e], p) => exceptionMessage(e as MapTerm, errorContext(p.rt as Runtime)),
    "exception?/1": ([e]) => e instanceof MapTerm && e.get(a("__exception__")) === true,
    // Only errors are normalized; a throw's value or an exit's reason is kept as it is.
    // An exception is kept as it is too (its message is left for blame/3 to fill).
    "normalize/2": ([k, e]) => (k === a("error") && exceptionModule(e) === null ? normalizeError(e) : e),
    "normalize/3": ([k, e, st]) => (k === a("error") && exceptionModule(e) === null ? normalizeError(e, st) : e),
    // Exception.blame/3: an error normalized and given what explains it (the arguments of a
    // FunctionClauseError, the map of a KeyError...); other kinds are kept as they are.
    "blame/3": ([k, r, st], p) => {
      if (k !== a("error")) return [r, st];
      const [blamed, stack] = blameError(r, st, errorContext(p.rt as Runtime));
      return [blamed, stack];
    },
    "format_banner/2": ([k, r], p) => formatBannerPlain(kindOf(k, [k, r, NIL]), r, NIL, errorContext(p.rt as Runtime)),
    "format_banner/3": ([k, r, st], p) => formatBannerPlain(kindOf(k, [k, r, st]), r, st, errorContext(p.rt as Runtime)),
    "format/2": ([k, r], p) => formatBannerPlain(kindOf(k, [k, r, NIL]), r, NIL, errorContext(p.rt as Runtime)) + "\n",
    "format/3": ([k, r, st], p) => formatBannerPlain(kindOf(k, [k, r, st]), r, st, errorContext(p.rt as Runtime)) + "\n" + formatStacktrace(st, errorContext(p.rt as Runtime)),
    "format_exit/1": ([r], p) => formatExit(r, errorContext(p.rt as Runtime)),
    "format_stacktrace/1": ([st], p) => formatStacktrace(st ?? NIL, errorContext(p.rt as Runtime)),
    "format_stacktrace_entry/1": ([e], p) => formatStacktraceEntry(e, errorContext(p.rt as Runtime)),
    "format_mfa/3": (args) => {
      const [m, f, arity] = args;
      if (!isAtom(m) || !isAtom(f)) throw fce("Exception", "format_mfa", args);
      return formatMfa(m, f, arity);
    },
    "format_file_line/2": ([file, line]) => formatFileLine(file, line, ""),
    "format_file_line/3": ([file, line, suffix]) => formatFileLine(file, line, suffix),
    "format_file_line_column/3": ([file, line, column]) => formatFileLineColumn(file, line, column, ""),
    "format_file_line_column/4": ([file, line, column, suffix]) => formatFileLineColumn(file, line, column, suffix),
  },
};

/**
 * Exception.format_file_line/3: "file:line:" (no line: "file:"; no file: ""), each part
 * interpolated (String.Chars) as Elixir does.
 */
function formatFileLine(file: Term, line: Term, suffix: Term): string {
  if (file === null) return "";
  const text = (t: Term) => {
    const s = toStringTerm(t);
    return typeof s === "string" ? s : new TextDecoder("utf-8", { ignoreBOM: true }).decode(s.bytes);
  };
  const f = text(file);
  return line === null || line === 0 ? `${f}:${text(suffix)}` : `${f}:${text(line)}:${text(suffix)}`;
}

/** Exception.format_file_line_column/4: "file:line:column:" (no column: "file:line:"). */
function formatFileLineColumn(file: Term, line: Term, column: Term, suffix: Term): string {
  if (file === null || line === null || line === 0 || column === null || column === 0) return formatFileLine(file, line, suffix);
  return formatFileLine(file, line, "") + `${column}:` + (typeof suffix === "string" ? suffix : "");
}

/** The kind format_banner/3 takes; anything else matches none of its clauses. */
function kindOf(k: Term, args: Term[]): ErrorKind {
  const n = isAtom(k) ? atomName(k) : "";
  if (n === "throw" || n === "exit" || n === "error") return n;
  // {:EXIT, pid}: the exit of a linked process ("** (EXIT from #PID<...>) ...")
  if (Array.isArray(k) && k.length === 2 && k[0] === a("EXIT") && k[1] instanceof Pid) return { exitFrom: k[1] };
  throw fce("Exception", "format_banner", args);
}
