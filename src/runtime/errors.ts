// Exceptions as the machine sees them: a BeamError carries Erlang's class (error, throw,
// exit) and reason. Elixir exceptions are structs with `__exception__: true`; natives
// raise them through the helpers below so messages match Elixir's exactly.
import { MapTerm } from "./map.js";
import { a, Atom, Term } from "./term.js";

export type ErrorClass = "error" | "throw" | "exit";

/** Thrown (as a JS exception) by natives and compiled code; caught by the dispatch loop. */
export class BeamError {
  /** Stacktrace as a list term once known (filled in by the machine while unwinding). */
  stacktrace: Term = null;
  /** Set once `stacktrace` is final; the machine then adds no frames (e.g. :erlang.raise/3). */
  traced = false;
  /** Raised inside a native function (rather than by compiled code's inline operations). */
  fromNative = false;
  /** Raised by a native for its caller: the trace starts at the caller, with no entry for the native. */
  forCaller = false;
  /** The stack trace is complete as it is: no caller adds entries (a module's compile error). */
  complete = false;
  /**
   * The most entries its stack trace keeps (BEAM's 8): Elixir's parser raises with the trace
   * of its raise less that raise's own entry, 7 at most (elixir_errors:raise/3).
   */
  traceCap = 8;
  /** Frames iex prints but `elixir FILE` does not (a module's undefined local function). */
  hideFramesInScripts = false;
  constructor(
    readonly kind: ErrorClass,
    readonly reason: Term,
  ) {}
}

const STRUCT = a("__struct__");
const EXCEPTION = a("__exception__");

/** Module atom for an Elixir alias name: "ArgumentError" → :"Elixir.ArgumentError". */
export function moduleAtom(alias: string): Atom {
  return a(alias.startsWith("Elixir.") ? alias : "Elixir." + alias);
}

/** Builds an exception struct `%Name{__exception__: true, ...fields}`. */
export function exception(alias: string, fields: Record<string, Term>): MapTerm {
  const pairs: [Term, Term][] = [
    [STRUCT, moduleAtom(alias)],
    [EXCEPTION, true],
  ];
  for (const k of Object.keys(fields)) pairs.push([a(k), fields[k]]);
  return MapTerm.fromPairs(pairs);
}

/** A BeamError of class error carrying `%Name{...}`. */
export function raise(alias: string, fields: Record<string, Term>): BeamError {
  return new BeamError("error", exception(alias, fields));
}

/** `throw argumentError("...")` — ArgumentError with a message. */
export function argumentError(message = "argument error"): BeamError {
  return raise("ArgumentError", { message });
}

/**
 * ArgumentError as Erlang BIFs report bad arguments in Elixir 1.14:
 * "errors were found at the given arguments:\n\n  * 1st argument: not a nonempty list\n".
 * `problems` lists [argumentPosition(1-based), description].
 */
export function badArgs(problems: [number, string][]): BeamError {
  const ord = (n: number) => (n === 1 ? "1st" : n === 2 ? "2nd" : n === 3 ? "3rd" : n + "th");
  const lines = problems.map(([n, d]) => `  * ${ord(n)} argument: ${d}\n`).join("");
  return argumentError("errors were found at the given arguments:\n\n" + lines);
}

export function arithmeticError(message = "bad argument in arithmetic expression"): BeamError {
  return raise("ArithmeticError", { message });
}

export function badArity(fun: Term, args: Term): BeamError {
  return raise("BadArityError", { function: fun, args });
}

export function badFunction(term: Term): BeamError {
  return raise("BadFunctionError", { term });
}

export function badMap(term: Term): BeamError {
  return raise("BadMapError", { term });
}

export function keyError(key: Term, term: Term, message: Term = null): BeamError {
  return raise("KeyError", { key, term, message });
}

/** A KeyError Elixir code raises itself (`raise KeyError, ...`: Keyword.fetch!/2): caught as the exception, not a {:badkey, ...} reason. */
export function raisedKeyError(key: Term, term: Term): BeamError {
  const e = keyError(key, term);
  (e as BeamError & { explicit?: boolean }).explicit = true;
  return e;
}

export function matchError(term: Term): BeamError {
  return raise("MatchError", { term });
}

export function caseClauseError(term: Term): BeamError {
  return raise("CaseClauseError", { term });
}

export function undefinedFunction(module: Term, fn: string, arity: number, reason: Term = null): BeamError {
  return raise("UndefinedFunctionError", { module, function: a(fn), arity, reason, message: null });
}

export function throwTerm(value: Term): BeamError {
  return new BeamError("throw", value);
}

export function exit(reason: Term): BeamError {
  return new BeamError("exit", reason);
}
