// The Exception module and the exception/1 + message/1 functions of Elixir's built-in
// exception structs (user exceptions get theirs from defexception).
import type { Code, NativeFn, ProcLike } from "../runtime/code.js";
import { TailCall, applyCall } from "../runtime/calls.js";
import { Fun } from "../runtime/fun.js";
import { elixirLocation } from "./clause-blame.js";
import { locatedEntries } from "./library-frames.js";
import { raise } from "../runtime/errors.js";
import { ErrorKind, blameError, exceptionMessage, exceptionModule, formatBannerPlain, formatExit, formatMfa, formatStacktrace, formatStacktraceEntry, normalizeError } from "../runtime/exception-message.js";
import { errorContext } from "../runtime/error-context.js";
import { builtinStructFields, inspect } from "../runtime/inspect.js";
import { MapTerm } from "../runtime/map.js";
import type { Runtime } from "../runtime/runtime.js";
import { Atom, Cons, NIL, Pid, Term, a, atomName, isAtom, isBinary, isInteger, isList, list, listToArray, tuple } from "../runtime/term.js";
import { fce } from "../runtime/arith.js";
import { Gen, generatorCode } from "../runtime/generator-code.js";
import { withElixirCalls } from "../runtime/elixir-callback.js";
import { buildStruct } from "../runtime/compiler/module.js";
import { toStringTerm } from "../runtime/string-chars.js";

type NativeModule = { module: string; fns: Record<string, NativeFn | Code> };

/**
 * ErlangError.normalize/2's error_info: a stack whose first entry carries
 * `error_info: %{module: m, function: f}` (erlang:error/3's option, a BIF's) asks m.f(reason,
 * stack) (f defaults to format_error, m to the entry's module) for the explanation of an
 * ArgumentError, a SystemLimitError or an ErlangError: the arguments' texts, else :general.
 * What the callback raises is ignored, as Elixir rescues it. Null when nothing applies (the
 * BIFs' own explanations are made natively, as the error is raised: normalizeError).
 */
function* withErrorInfo(reason: Term, st: Term, normalized: MapTerm, p: ProcLike): Gen<MapTerm | null> {
  const struct = atomName(normalized.get(a("__struct__")) as Atom);
  const plain = struct === "Elixir.ErlangError" ? normalized.get(a("reason")) === null
    : (struct === "Elixir.ArgumentError" && reason === a("badarg")) || (struct === "Elixir.SystemLimitError" && reason === a("system_limit"));
  if (!plain || !(st instanceof Cons) || !Array.isArray(st.h) || st.h.length !== 4) return null;
  const [mod, fun, argsOrArity, opts] = st.h;
  const optList = listToArray(opts) ?? [];
  const info = optList.find((o): o is Term[] => Array.isArray(o) && o.length === 2 && o[0] === a("error_info"))?.[1];
  if (!(info instanceof MapTerm)) return null;
  const errorModule = info.get(a("module")) ?? mod;
  const errorFun = info.get(a("function")) ?? a("format_error");
  if (!(errorModule instanceof Atom) || !(errorFun instanceof Atom)) return null;
  const rt = p.rt as Runtime;
  // (OTP's own error modules are not beamsh's: their explanations come with the error itself)
  if (rt.modules.lookup(errorModule.name, errorFun.name, 2) === null) return null;
  const printer = new Fun(1, null, [], a("Elixir.Kernel"), a("inspect"));
  const withPrinter = info.put(a("pretty_printer"), printer);
  const head = tuple(mod, fun, argsOrArity, list(optList.map((o) => (Array.isArray(o) && o[0] === a("error_info") ? tuple(a("error_info"), withPrinter) : o))));
  let extra: Term;
  try {
    extra = yield { module: errorModule.name, name: errorFun.name, args: [reason, new Cons(head, st.t)] };
  } catch {
    extra = MapTerm.fromPairs([]);
  }
  if (!(extra instanceof MapTerm)) return null;
  const arity = typeof argsOrArity === "number" ? argsOrArity : (listToArray(argsOrArity) ?? []).length;
  const argTexts: string[] = [];
  for (let i = 1; i <= arity; i++) {
    const t = extra.get(i);
    if (t !== undefined) argTexts.push(`  * ${ordinal(i)} argument: ${textOf(t)}\n`);
  }
  const defaults: Record<string, string> = {
    "Elixir.ArgumentError": "errors were found at the given arguments",
    "Elixir.SystemLimitError": "a system limit has been reached due to errors at the given arguments",
    "Elixir.ErlangError": "",
  };
  const reasonText = extra.get(a("reason"));
  const general = extra.get(a("general"));
  let details: string;
  if (argTexts.length > 0) details = ":\n\n" + argTexts.join("");
  else if (general !== undefined && general !== null && general !== false) details = ": " + textOf(general);
  else return null;
  if (struct === "Elixir.ErlangError") return normalized.put(a("reason"), details);
  const head_ = reasonText === undefined ? defaults[struct] : textOf(reasonText);
  return normalized.put(a("message"), head_ + details);
}

/** An error's reason as format_banner/3 normalizes it when its stack has an error_info callback; else the reason. */
function* explained(k: Term, r: Term, st: Term, p: ProcLike): Gen<Term> {
  if (k !== a("error") || exceptionModule(r) !== null) return r;
  return (yield* withErrorInfo(r, st, normalizeError(r, st), p)) ?? r;
}

/**
 * format_banner/3: the error explained by its error_info callback, and a user exception's
 * message/1 run in the process (withElixirCalls).
 */
function* banner(k: Term, r: Term, st: Term, p: ProcLike): Gen<string> {
  const kind = kindOf(k, [k, r, st]);
  const why = yield* explained(k, r, st, p);
  return yield* withElixirCalls(() => formatBannerPlain(kind, why, st, errorContext(p.rt as Runtime)));
}

/** Text of chardata a format_error callback gives. */
function textOf(t: Term): string {
  const s = typeof t === "string" ? t : toStringTerm(t);
  return typeof s === "string" ? s : inspect(t);
}

function ordinal(i: number): string {
  return i === 1 ? "1st" : i === 2 ? "2nd" : i === 3 ? "3rd" : `${i}th`;
}

const DEFAULT_MESSAGES: Record<string, string> = {
  RuntimeError: "runtime error",
  ArgumentError: "argument error",
  ArithmeticError: "bad argument in arithmetic expression",
  SystemLimitError: "a system limit has been reached",
  "Enum.OutOfBoundsError": "out of bounds error",
  "Enum.EmptyError": "empty error",
};

const DEFAULT_DESCRIPTIONS: Record<string, string> = {
  CompileError: "compile error",
  SyntaxError: "syntax error",
  TokenMissingError: "expression is incomplete",
};

const BUILTIN = [
  "RuntimeError", "ArgumentError", "ArithmeticError", "SystemLimitError", "BadFunctionError",
  "BadStructError", "BadMapError", "BadBooleanError", "MatchError", "CaseClauseError",
  "WithClauseError", "CondClauseError", "TryClauseError", "BadArityError", "UndefinedFunctionError",
  "FunctionClauseError", "Protocol.UndefinedError", "KeyError", "UnicodeConversionError",
  "Enum.OutOfBoundsError", "Enum.EmptyError", "ErlangError", "CompileError", "SyntaxError",
  "TokenMissingError",
];

/**
 * `Mod.exception/1` as `defexception` defines it (Kernel.defexception/1), for Elixir's own
 * exceptions (natives): a binary is the message (only for a struct with a :message field);
 * a list is split (Enum.split_with/2) into the `{key, value}` pairs whose key the struct has
 * and the others, which are warned about (IO.warn/1) and dropped, the kept ones put in
 * with Kernel.struct!/2 (`__struct__` itself is skipped). Anything else matches no clause.
 * The errors come with the entries Elixir's code leaves: the fn given to split_with for an
 * element that is no pair, the inlined :lists.foldl/3 for an improper tail.
 */
function defexceptionException(p: ProcLike, mod: Atom, def: MapTerm, arg: Term): Term | TailCall {
  if (isBinary(arg) && def.has(MESSAGE)) return def.put(MESSAGE, arg);
  if (arg !== NIL && !(arg instanceof Cons)) throw fce(atomName(mod), "exception", [arg]);
  const here = elixirLocation(mod, EXCEPTION, 1);
  const own = located(mod, EXCEPTION, 1, here?.[0] ?? "lib/exception.ex", here?.[1] ?? 0);
  const valid: Term[] = [];
  const invalid: Term[] = [];
  let l: Term = arg;
  for (; l instanceof Cons; l = l.t) {
    const x = l.h;
    if (!(Array.isArray(x) && x.length === 2)) {
      // `fn {k, _} -> Map.has_key?(struct, k) end` given something else
      const err = raise("FunctionClauseError", { module: mod, function: a("-exception/1-fun-0-"), arity: 1, kind: null, args: null, clauses: null });
      (err as { headFrames?: Term[] }).headFrames = [located(mod, a("-exception/1-fun-0-"), list([x]), here?.[0] ?? "lib/exception.ex", here?.[1] ?? 0), ...splitWithFrames(1), own];
      throw err;
    }
    (def.has(x[0]) ? valid : invalid).push(x);
  }
  if (l !== NIL) {
    // the fold Elixir inlines into Enum.split_with/2, given its fn, the lists so far (newest first) and the tail
    const acc = tuple(list([...valid].reverse()), list([...invalid].reverse()));
    const err = raise("FunctionClauseError", { module: ENUM, function: SPLIT_WITH_FOLDL, arity: 3, kind: null, args: null, clauses: null });
    (err as { headFrames?: Term[] }).headFrames = [located(ENUM, SPLIT_WITH_FOLDL, list([SPLIT_WITH_FUN, acc, l]), "lib/enum.ex", 2468), ...splitWithFrames(2), own];
    throw err;
  }
  let m = def;
  for (const x of valid) {
    const [k, v] = x as Term[];
    if (k !== STRUCT) m = m.put(k, v);
  }
  if (invalid.length === 0) return m;
  // The warning names this function's entry over its caller's (a tail call from here).
  return applyCall(p, a("Elixir.Exception"), a("__warn_unknown_fields__"), [m, list(invalid), own]);
}

const MESSAGE = a("message");
const STRUCT = a("__struct__");
const EXCEPTION = a("exception");
const ENUM = a("Elixir.Enum");
const SPLIT_WITH_FOLDL = a("-split_with/2-lists^foldl/2-0-");
/** The fn Enum.split_with/2 folds with, as Elixir 1.14's compiled Enum numbers it. */
const SPLIT_WITH_FUN = new Fun(2, null, [], null, null, 195, 22346666, "Enum.split_with/2");

/** The entries of Enum.split_with/2 under the fn it was given (1), or under its fold's own entry (2). */
function splitWithFrames(from: 1 | 2): Term[] {
  const frames = [
    located(ENUM, a("-split_with/2-fun-0-"), 3, "lib/enum.ex", 2294),
    located(ENUM, SPLIT_WITH_FOLDL, 3, "lib/enum.ex", 2468),
    located(ENUM, a("split_with"), 2, "lib/enum.ex", 2468),
  ];
  return from === 1 ? frames : frames.slice(2);
}

/** A stack entry at a known place, kept as it is by the library's frame rewriting. */
function located(mod: Atom, fun: Atom, arityOrArgs: Term, file: string, line: number): Term {
  const e = tuple(mod, fun, arityOrArgs, list([tuple(a("file"), charlist(file)), tuple(a("line"), line)])) as Term[];
  locatedEntries.add(e);
  return e;
}

const charlist = (s: string): Term => list(Array.from(s, (c) => c.codePointAt(0)!));

function builtinDefaults(name: string): MapTerm {
  const fields = builtinStructFields(a("Elixir." + name)) ?? ["message"];
  const pairs = fields.map((f) => [a(f), f === "message" ? DEFAULT_MESSAGES[name] ?? null : f === "description" ? DEFAULT_DESCRIPTIONS[name] ?? "" : null] as [Term, Term]);
  return MapTerm.fromPairs([[STRUCT, a("Elixir." + name)], [a("__exception__"), true], ...pairs]);
}

function builtinModule(name: string): NativeModule {
  const mod = a("Elixir." + name);
  const def = builtinDefaults(name);
  const fns: Record<string, NativeFn> = {
    "__struct__/0": () => def,
    "__struct__/1": ([kv]) => buildStruct("Elixir." + name, def, [], kv),
    "message/1": ([e], p) => exceptionMessage(e as MapTerm, errorContext(p.rt as Runtime)),
  };
  // (UnicodeConversionError's own exception/1 is Elixir code: src/prelude/exception.ex)
  if (name !== "UnicodeConversionError") fns["exception/1"] = ([arg], p) => defexceptionException(p, mod, def, arg);
  return { module: "Elixir." + name, fns };
}

export const builtinExceptions: NativeModule[] = BUILTIN.map(builtinModule);

export const natives: NativeModule = {
  module: "Elixir.Exception",
  fns: {
    "message/1": ([e], p) => exceptionMessage(e as MapTerm, errorContext(p.rt as Runtime)),
    // exception/1 and message/1 of an exception defined in a protocol's or implementation's
    // body (compiler/module.ts); defmodule's defexception defines them as Elixir code.
    "__build__/2": ([mod, arg], p) => {
      const struct = (p.rt as Runtime).modules.get(atomName(mod))?.struct ?? [];
      return defexceptionException(p, mod as Atom, MapTerm.fromPairs([[STRUCT, mod], ...struct.map(([k, v]) => [a(k), v] as [Term, Term])]), arg);
    },
    "__message_field__/1": ([e]) => {
      const m = (e as MapTerm).get(MESSAGE);
      return m === undefined ? null : m;
    },
    "exception?/1": ([e]) => e instanceof MapTerm && e.get(a("__exception__")) === true,
    // Only errors are normalized; a throw's value or an exit's reason is kept as it is.
    // An exception is kept as it is too (its message is left for blame/3 to fill).
    "normalize/2": ([k, e]) => (k === a("error") && exceptionModule(e) === null ? normalizeError(e) : e),
    "normalize/3": generatorCode("Elixir.Exception", "normalize", 3, function* ([k, e, st], p): Gen<Term> {
      if (k !== a("error") || exceptionModule(e) !== null) return e;
      const n = normalizeError(e, st);
      return (yield* withErrorInfo(e, st, n, p)) ?? n;
    }),
    // Exception.blame/3: an error normalized and given what explains it (the arguments of a
    // FunctionClauseError, the map of a KeyError...); other kinds are kept as they are.
    "blame/3": ([k, r, st], p) => {
      if (k !== a("error")) return [r, st];
      const [blamed, stack] = blameError(r, st, errorContext(p.rt as Runtime));
      return [blamed, stack];
    },
    "format_banner/2": ([k, r], p) => formatBannerPlain(kindOf(k, [k, r, NIL]), r, NIL, errorContext(p.rt as Runtime)),
    "format_banner/3": generatorCode("Elixir.Exception", "format_banner", 3, ([k, r, st], p) => banner(k, r, st, p)),
    // Exception.format/2,3: the banner, and the stacktrace after a newline when there is one
    // (an {:EXIT, pid} kind has none to show).
    "format/2": ([k, r], p) => formatBannerPlain(kindOf(k, [k, r, NIL]), r, NIL, errorContext(p.rt as Runtime)),
    "format/3": generatorCode("Elixir.Exception", "format", 3, function* ([k, r, st], p): Gen<Term> {
      const text = yield* banner(k, r, st, p);
      const exit = Array.isArray(k) && k.length === 2 && k[0] === a("EXIT");
      return exit || st === NIL ? text : text + "\n" + formatStacktrace(st, errorContext(p.rt as Runtime));
    }),
    "format_fa/2": (args) => {
      const [fun, arity] = args;
      if (!(fun instanceof Fun)) throw fce("Exception", "format_fa", args);
      if (!isList(arity) && !isInteger(arity)) throw fce("Exception", "format_arity", [arity]);
      const shown = isInteger(arity) ? `/${arity}` : `(${(listToArray(arity) ?? []).map((x) => inspect(x)).join(", ")})`;
      return inspect(fun) + shown;
    },
    "format_exit/1": ([r], p) => formatExit(r, errorContext(p.rt as Runtime)),
    "format_stacktrace/1": ([st], p) => formatStacktrace(st ?? NIL, errorContext(p.rt as Runtime)),
    "format_stacktrace_entry/1": ([e], p) => formatStacktraceEntry(e, errorContext(p.rt as Runtime)),
    "format_mfa/3": (args) => {
      const [m, f, arity] = args;
      if (!isAtom(m) || !isAtom(f)) throw fce("Exception", "format_mfa", args);
      // (the arity is a list of arguments or an integer: format_arity/1's two clauses)
      if (!isList(arity) && !isInteger(arity)) throw fce("Exception", "format_arity", [arity]);
      return formatMfa(m, f, arity);
    },
  },
};

/**
 * Exception.format_file_line/3: "file:line:" (no line: "file:"; no file: ""), each part
 * interpolated (String.Chars) as Elixir does.
 */
function formatFileLine(file: Term, line: Term, suffix: Term): string {
  if (file === null) return "";
  const f = text(file);
  return line === null || line === 0 ? `${f}:${text(suffix)}` : `${f}:${text(line)}:${text(suffix)}`;
}

/** A part of a location, interpolated (String.Chars) as Elixir does. */
function text(t: Term): string {
  const s = toStringTerm(t);
  return typeof s === "string" ? s : new TextDecoder("utf-8", { ignoreBOM: true }).decode(s.bytes);
}

/**
 * Exception.format_file_line_column/4: "file:line:column:" (no column: "file:line:"), each
 * part interpolated as Elixir does (a map raises Protocol.UndefinedError).
 */
function formatFileLineColumn(file: Term, line: Term, column: Term, suffix: Term): string {
  if (file === null || line === null || line === 0 || column === null || column === 0) return formatFileLine(file, line, suffix);
  return `${text(file)}:${text(line)}:${text(column)}:${text(suffix)}`;
}

/** The kind format_banner/3 takes; anything else matches none of its clauses. */
function kindOf(k: Term, args: Term[]): ErrorKind {
  const n = isAtom(k) ? atomName(k) : "";
  if (n === "throw" || n === "exit" || n === "error") return n;
  // {:EXIT, pid}: the exit of a linked process ("** (EXIT from #PID<...>) ...")
  if (Array.isArray(k) && k.length === 2 && k[0] === a("EXIT") && k[1] instanceof Pid) return { exitFrom: k[1] };
  throw fce("Exception", "format_banner", args);
}
