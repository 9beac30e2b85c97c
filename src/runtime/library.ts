// How the library (src/stdlib) plugs into a runtime: the one registration path.
//
// A library is a table of native modules — each function a plain native (runs to
// completion in JS) or a resumable Code (runs on the machine, see code.ts) — plus the few
// functions the compiled code needs from the library but the runtime cannot import
// (layers: the runtime does not depend on stdlib). boot.ts installs the library into each
// new runtime; the shell installs its helpers the same way.
import { Code, NativeFn, nativeCode } from "./code.js";
import { raise } from "./errors.js";
import { MapTerm } from "./map.js";
import { buildStruct } from "./compiler/module.js";
import { builtinEnforcedKeys } from "./inspect.js";
import type { Runtime } from "./runtime.js";
import { Atom, Pid, Term, a, listToArray } from "./term.js";

/** One module's natives, by "name/arity". */
export interface NativeModule {
  module: string;
  fns: Record<string, NativeFn | Code>;
}

/** What compiled code calls into the library for (see compiler/support.ts). */
export interface LibraryHooks {
  /** The elements of an eager enumerable (comprehensions), or null when it needs Elixir code. */
  enumToArray(e: Term): Term[] | null;
  /** `x in e` for an enumerable struct. */
  enumMember(e: Term, x: Term): boolean;
  /** String.Chars for the library's structs (URI, ...); undefined for other structs. */
  structToString(t: MapTerm): Term | undefined;
  /** `~r/src/opts`. */
  regexCompile(src: string, opts: string): Term;
  /** `string =~ regex`. */
  regexMatch(s: Term, re: Term): boolean;
  /** The clause heads iex lists for a FunctionClauseError in one of Elixir's functions. */
  blameClauses?(mod: Atom, fun: Atom, args: Term[], cli?: boolean, marker?: (text: string, ok: boolean) => string): string[] | null;
  /** Where Elixir (or Erlang's stdlib) defines a function, for frames of native functions. */
  locationOf?(mod: Atom, fun: Atom, arity: number): [string, number] | null;
  /**
   * A stack trace's entries as iex shows them, given which of them are the library's
   * functions (indexes, in order) and the module of the exception raised (null when not an
   * exception): each library function at the line of its raise or of its call to the entry
   * above it, functions Elixir's compiler inlines left out.
   */
  libraryFrames?(entries: Term[], library: number[], exception: string | null): Term[];
  /** Why a library function is deprecated (Elixir's @deprecated, OTP's obsolete/3), or null. */
  deprecation?(module: string, fun: string, arity: number): string | null;
  /** Why OTP removed a function of its module (otp_internal:obsolete/3's `{removed, Text}`), or null. */
  otpRemoved?(module: string, fun: string, arity: number): string | null;
  /** The deprecated functions of a library module, for `__info__(:deprecated)`. */
  deprecations?(module: string): [string, number, string][];
  /** The runtime's current directory (File.cwd!/0). */
  cwd?(rt: import("./runtime.js").Runtime): string;
  /**
   * A process died of an exception (`reason`, its stacktrace): when Logger is configured
   * beyond what the runtime's own report shows (backends, other translators, a console
   * format), the emulator's "Error in process" event is sent on to Logger's handler and this
   * gives true; false leaves the report to the runtime (crash-report.ts).
   */
  routeCrash?(rt: import("./runtime.js").Runtime, pid: Pid, reason: Term, stack: Term): boolean;
}

export interface Library {
  modules: NativeModule[];
  hooks: LibraryHooks;
}

/** What a runtime without a library does (tests of the machine alone). */
export const NO_LIBRARY_HOOKS: LibraryHooks = {
  enumToArray: (e) => listToArray(e),
  enumMember: () => false,
  structToString: () => undefined,
  regexCompile: (src, opts) =>
    MapTerm.fromPairs([[a("__struct__"), a("Elixir.Regex")], [a("source"), src], [a("opts"), opts], [a("re_pattern"), new RegExp(src, opts.replace(/[^imsu]/g, ""))]]),
  regexMatch: (s, re) => ((re as MapTerm).get(a("re_pattern")) as RegExp).test(s as string),
};

/** Installs a library: its native modules and hooks. */
export function installLibrary(rt: Runtime, lib: Library): void {
  installNatives(rt, lib.modules);
  for (const m of lib.modules) rt.modules.get(m.module)!.library = true;
  // A struct the library builds natively (Date, URI, the exceptions...) gets __struct__/1 as
  // defstruct makes it: the fields given put over __struct__/0's, its @enforce_keys checked.
  for (const m of lib.modules) {
    const def = rt.modules.get(m.module)!;
    const zero = def.fns.get("__struct__/0")?.native;
    if (zero === undefined || def.fns.has("__struct__/1")) continue;
    const enforce = builtinEnforcedKeys(m.module).map((k) => a(k));
    def.fns.set("__struct__/1", nativeCode(m.module, "__struct__", 1, ([kv], p) => buildStruct(m.module, zero([], p) as MapTerm, enforce, kv)));
  }
  rt.hooks = lib.hooks;
  rt.modules.libraryDeprecations = lib.hooks.deprecations;
}

/** Adds native modules to the runtime's module table (extending modules of the same name). */
export function installNatives(rt: Runtime, modules: NativeModule[]): void {
  for (const m of modules) rt.modules.addFunctions(m.module, codesOf(m));
}

const codeCache = new WeakMap<NativeModule, [string, Code][]>();

/** Code objects for a native module (built once, shared by all runtimes). */
function codesOf(m: NativeModule): [string, Code][] {
  let c = codeCache.get(m);
  if (c === undefined) {
    c = Object.entries(m.fns).map(([key, fn]) => {
      if (typeof fn !== "function") return [key, fn];
      const slash = key.lastIndexOf("/");
      return [key, nativeCode(m.module, key.slice(0, slash), Number(key.slice(slash + 1)), fn)];
    });
    codeCache.set(m, c);
  }
  return c;
}
