// Helpers about code and the system: c/1 and r/1 (compile and reload files), exports/1,
// ls/0,1 and clear/0, printed in IEx.Helpers' layouts.
import { homedir } from "node:os";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { objectFileBytes, setObjectFilePath } from "../../stdlib/object-file.js";
import { join, resolve } from "node:path";
import type { Ast } from "../../lang/ast.js";
import { ParseError, parse } from "../../lang/parser.js";
import { fce } from "../../runtime/arith.js";
import { TailCall } from "../../runtime/calls.js";
import { fileEnv } from "../../runtime/compiler/env.js";
import { relativeToCwd } from "../../runtime/relative-to-cwd.js";
import { evalFile } from "../../runtime/compiler/eval.js";
import { compileState } from "../../runtime/compiler/module-build.js";
import { type Gen, call, generatorCode } from "../../runtime/generator-code.js";
import { BeamError, argumentError, raise } from "../../runtime/errors.js";
import { CompileError as CompilerError } from "../../runtime/compiler/unit.js";
import { exceptionModule } from "../../runtime/exception-message.js";
import { formatEvalError } from "../errors.js";
import { inspect } from "../../runtime/inspect.js";
import type { Runtime } from "../../runtime/runtime.js";
import { Atom, Term, a, atomName, charlistOf, list, listToArray, tuple } from "../../runtime/term.js";
import { functionsOf, macrosOf } from "../../runtime/module-info.js";
import type { Palette } from "../colors.js";
import { VERSION_INFO } from "../version.js";
import { cwdOf } from "../../stdlib/file.js";
import { applicationEnv } from "../../stdlib/application.js";

/** Which file each module was compiled from (by c/1), so r/1 can reload it. */
const sourceFiles = new WeakMap<Runtime, Map<string, string>>();

function sourcesOf(rt: Runtime): Map<string, string> {
  let m = sourceFiles.get(rt);
  if (m === undefined) sourceFiles.set(rt, (m = new Map()));
  return m;
}

/**
 * c/1: compiles a file into the runtime — evaluates it as Elixir's compiler does a `.ex`
 * file (module bodies run, macros expand) — and answers the modules it defined.
 */
export function compileFile(rt: Runtime, paths: string[], outDir?: string): Term {
  // (every file must be there before any is compiled: "could not find files a.ex, b.ex")
  const missing = paths.filter((p) => !existsSync(resolve(cwdOf(rt), p)));
  if (missing.length > 0) throw argumentError(`could not find files ${missing.join(", ")}`);
  const one = (path: string): (() => Gen<Term>) => {
    // (named relative to the current directory in messages, absolute in __ENV__.file; the
    // directory is the runtime's, which File.cd/1 and cd/1 change)
    const absolute = resolve(cwdOf(rt), path);
    const shown = relativeToCwd(absolute, cwdOf(rt));
    let ast: Ast;
    try {
      ast = readSource(absolute, shown, path);
    } catch (e) {
      // (a missing file is c/2's own ArgumentError; a syntax error is the compiler's)
      if (!(e instanceof BeamError) || exceptionModule(e.reason) === "Elixir.ArgumentError") throw e;
      return () => reportingFailure(rt, shown, failing(e));
    }
    const steps = () => (outDir === undefined ? compileSteps(rt, absolute, shown, ast) : writingObjectFiles(rt, outDir, compileSteps(rt, absolute, shown, ast)));
    return () => reportingFailure(rt, shown, steps());
  };
  const each = paths.map(one);
  return new TailCall(
    generatorCode("Elixir.IEx.Helpers", "c", 1, function* () {
      const modules: Term[] = [];
      for (const steps of each) modules.push(...(listToArray(yield* steps()) ?? []));
      return list(modules);
    }),
    [],
  );
}

/**
 * c/2 with a directory (Kernel.ParallelCompiler.compile_to_path/2): each module the file
 * defined gets its object file there, `DIR/Elixir.Foo.beam`, which it is then loaded from.
 */
function* writingObjectFiles(rt: Runtime, dir: string, steps: Gen<Term>): Gen<Term> {
  const modules = yield* steps;
  for (const m of listToArray(modules) ?? []) {
    const name = atomName(m);
    // (filename:join/2: `./Elixir.Foo.beam`, as :code.which/1 then gives it)
    const shownPath = dir.replace(/\/+$/, "") + "/" + name + ".beam";
    try {
      writeFileSync(resolve(cwdOf(rt), shownPath), objectFileBytes(rt, name));
    } catch (e) {
      throw raise("File.Error", { reason: a(((e as { code?: string }).code ?? "eio").toLowerCase()), action: "write to file", path: shownPath });
    }
    setObjectFilePath(rt, name, shownPath);
  }
  return modules;
}

function* reportingFailure(rt: Runtime, shown: string, steps: Gen<Term>): Gen<Term> {
  try {
    return yield* steps;
  } catch (e) {
    // (the report is written with IO.write by the caller, to its standard output)
    const failed = compilationFailed(rt, shown, e);
    if (failed.report !== "") yield* call("Elixir.IO", "write", [failed.report]);
    throw failed.error;
  }
}

// eslint-disable-next-line require-yield
function* failing(e: unknown): Gen<Term> {
  throw e;
}

/** Where Kernel.ParallelCompiler's worker ran the file: under every trace of its failure. */
const PARALLEL_COMPILER: Term = [a("Elixir.Kernel.ParallelCompiler"), a("-spawn_workers/7-fun-7-"), 5, list([[a("file"), charlistOf("lib/kernel/parallel_compiler.ex")], [a("line"), 347]])];
const HELPERS_C: Term = [a("Elixir.IEx.Helpers"), a("c"), 2, list([[a("file"), charlistOf("lib/iex/helpers.ex")], [a("line"), 204]])];

/**
 * A file c/1 could not compile, as Kernel.ParallelCompiler reports it: "== Compilation error
 * in file F ==" and the error as Kernel.CLI formats it (the report, which the compiler writes
 * with IO.write: on the caller's standard output; a compile error shows no trace, others theirs
 * with the compiler's worker under it), then c/2 raises a bare CompileError ("compile error").
 */
function compilationFailed(rt: Runtime, shown: string, e: unknown): { report: string; error: unknown } {
  let err: BeamError;
  if (e instanceof CompilerError) err = raise("CompileError", { file: e.file, line: e.line, description: e.description });
  else if (e instanceof BeamError && e.kind === "error") err = e;
  else return { report: "", error: e };
  const isCompileError = exceptionModule(err.reason) === "Elixir.CompileError";
  const given = err.traced ? listToArray(err.stacktrace) ?? [] : [];
  err.stacktrace = list(isCompileError ? [] : [...given, PARALLEL_COMPILER]);
  const report = `\n== Compilation error in file ${shown} ==\n` + formatEvalError(rt, err, undefined, true);
  const failed = raise("CompileError", { file: null, line: null, description: "compile error" });
  failed.stacktrace = list([HELPERS_C]);
  failed.traced = true;
  failed.complete = true;
  return { report, error: failed };
}

/** A file's parsed source; a missing file (named as `given`) or a syntax error raises before anything runs. */
function readSource(path: string, shown: string, given = path): Ast {
  let source: string;
  try {
    source = readFileSync(path, "utf8");
  } catch {
    throw argumentError(`could not find files ${given}`);
  }
  try {
    return parse(source, { file: shown });
  } catch (e) {
    if (e instanceof ParseError) throw raise(e.kind, { description: e.description, file: shown, line: e.line, column: e.column });
    throw e;
  }
}

/** Compiles (evaluates) a parsed file (`path` absolute), giving the list of modules it defined. */
function* compileSteps(rt: Runtime, path: string, shown: string, ast: Ast): Gen<Term> {
  const s = compileState(rt);
  const before = s.defined.length;
  // (Kernel.ParallelCompiler compiles the file whole, as elixir_compiler does a script)
  yield* evalFile(rt, ast, { names: [], values: [] }, fileEnv(shown, path));
  // iex lists them sorted (as atoms compare: by name).
  const names = [...new Set(s.defined.slice(before))].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  for (const n of names) sourcesOf(rt).set(n, path);
  return list(names.map((n) => a(n)));
}

/** r/1: recompiles the file a module came from; returns `{:reloaded, modules}`. */
export function recompileModule(rt: Runtime, mod: Term): Term {
  const name = mod instanceof Atom ? mod.name : null;
  const file = name === null ? undefined : sourcesOf(rt).get(name);
  const def = name === null ? undefined : rt.modules.get(name);
  if (file === undefined && def !== undefined && !def.library) {
    // A module typed at the prompt: its source is "iex" in the directory it was compiled in, as iex says.
    throw argumentError(`could not find source (${def.file !== undefined && def.file !== "iex" ? def.file : cwdOf(rt) + "/iex"}) for module: ${inspect(mod)}`);
  }
  if (file === undefined) throw argumentError(`could not load nor find module: ${inspect(mod)}`);
  // (the file as compiled, absolute: r/1 finds it from any directory, as the module's compile source)
  const shown = relativeToCwd(file, cwdOf(rt));
  const ast = readSource(file, shown);
  const steps = function* (): Gen<Term> {
    return tuple(a("reloaded"), yield* compileSteps(rt, file, shown, ast));
  };
  return new TailCall(generatorCode("Elixir.IEx.Helpers", "r", 1, steps), []);
}

/** exports/1: the module's public functions as a table of `name/arity`. */
export function exportsText(rt: Runtime, mod: Term): string {
  // (IEx.Autocomplete.exports/1 asks Code.ensure_loaded?/1, then the module's module_info(:exports))
  const at = (file: string, line: number): Term => list([tuple(a("file"), list(Array.from(file, (c) => c.charCodeAt(0)))), tuple(a("line"), line)]);
  const callers = (line: number): Term[] => [tuple(a("Elixir.IEx.Autocomplete"), a("exports"), 1, at("lib/iex/autocomplete.ex", line)), tuple(a("Elixir.IEx.Helpers"), a("exports"), 1, at("lib/iex/helpers.ex", 736))];
  if (!(mod instanceof Atom)) {
    const err = fce("Elixir.Code", "ensure_loaded?", [mod]);
    err.stacktrace = list([tuple(a("Elixir.Code"), a("ensure_loaded?"), list([mod]), at("lib/code.ex", 1547)), ...callers(135)]);
    throw err;
  }
  const def = rt.modules.get(mod.name);
  if (def === undefined) {
    const err = raise("UndefinedFunctionError", { module: mod, function: a("module_info"), arity: 1, reason: null, message: null });
    err.stacktrace = list([tuple(mod, a("module_info"), list([a("exports")]), list([])), ...callers(138)]);
    throw err;
  }
  // As IEx.Autocomplete.exports/1: the module's __info__(:macros) ++ __info__(:functions)
  // (each sorted); a module without __info__ (Erlang's) lists its module_info(:exports).
  const names = (xs: [string, number][]) => xs.map(([n, ar]) => `${n}/${ar}`);
  if (def.name.startsWith("Elixir.")) return printTable([...names(macrosOf(def)), ...names(functionsOf(def))]);
  const keys = [...def.fns.keys()].filter((k) => !k.startsWith("module_info/") && !k.startsWith("MACRO-") && !(def.library && isInternal(k)));
  return printTable(keys.sort(compareExport));
}

/** The __name__ functions Elixir's own modules export (others are beamsh's internals). */
const ELIXIR_DUNDERS = new Set(["__struct__", "__impl__", "__protocol__", "__using__", "__derive__", "__deriving__", "__before_compile__", "__after_compile__", "__exception__"]);

function isInternal(key: string): boolean {
  const name = splitKey(key.startsWith("MACRO-") ? key.slice(6) : key)[0];
  return name.startsWith("__") && name.endsWith("__") && !ELIXIR_DUNDERS.has(name) && !/^__[A-Z]+__$/.test(name) && name !== "__block__";
}

function compareExport(x: string, y: string): number {
  const [xn, xa] = splitKey(x);
  const [yn, ya] = splitKey(y);
  if (xn !== yn) return xn < yn ? -1 : 1;
  return xa - ya;
}

function splitKey(k: string): [string, number] {
  const i = k.lastIndexOf("/");
  return [k.slice(0, i), Number(k.slice(i + 1))];
}

/**
 * IEx.Helpers.print_table/2: each item padded to the longest (at most 30) + 4 and followed by
 * a space (a longer item is written whole), a new row once a row reaches 80 columns.
 */
export function printTable(items: string[]): string {
  if (items.length === 0) return "";
  const offset = Math.min(Math.max(...items.map((s) => [...s].length)), 30) + 4;
  let out = "";
  let len = 0;
  for (const item of items) {
    if (len >= 80) {
      out += "\n";
      len = 0;
    }
    const printed = item + " ".repeat(Math.max(0, offset - [...item].length));
    out += printed + " ";
    len += [...printed].length + 1;
  }
  return out + "\n";
}

/** ls/1: the directory's entries as a table (or the path itself for a file). */
export function lsText(rt: Runtime, dir: string): string {
  // (~ is the home directory, as IEx expands it)
  if (dir === "~" || dir.startsWith("~/")) dir = homedir() + dir.slice(1);
  const path = resolve(cwdOf(rt), dir);
  try {
    if (!statSync(path).isDirectory()) return join(cwdOf(rt), dir) + "\n";
    return printTable(readdirSync(path).sort());
  } catch {
    return `No such file or directory ${dir}\n`;
  }
}

/**
 * clear/0: clears the terminal when ANSI escapes are enabled (IO.ANSI.enabled?/0: the :elixir
 * application's ansi_enabled, which the shell's colours stand for while it is unset), a
 * notice otherwise.
 */
export function clearScreen(rt: Runtime, pal: Palette): string {
  const setting = applicationEnv(rt, "elixir", "ansi_enabled");
  const enabled = setting === undefined ? pal.enabled : setting === true;
  if (!enabled) return "Cannot clear the screen because ANSI escape codes are not enabled on this shell\n";
  return "\x1b[H\x1b[2J";
}
