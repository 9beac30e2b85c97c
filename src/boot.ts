// The composition root: builds a ready runtime from the runtime (src/runtime), the native
// library (src/stdlib, one table: LIBRARY) and the prelude (src/prelude, library code
// written in Elixir, compiled once per JS process and cached on disk).
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "./lang/parser.js";
import { LIBRARY } from "./stdlib/index.js";
import { activate } from "./runtime/active.js";
import { installLibrary } from "./runtime/library.js";
import type { Code } from "./runtime/code.js";
import { CompiledModule, directBodiesOff, instantiate } from "./runtime/compiler/module.js";
import { compileState } from "./runtime/compiler/module-build.js";
import { evalQuoted } from "./runtime/compiler/eval.js";
import { topEnv } from "./runtime/compiler/env.js";
import { generatorCode } from "./runtime/generator-code.js";
import { inspect } from "./runtime/inspect.js";
import { a } from "./runtime/term.js";
import { undefinedCallWarnings } from "./runtime/compiler/xref.js";
import { LinkRecord, decodePrelude, encodePrelude, preludeKey, readCache, writeCache } from "./runtime/prelude-cache.js";
import { hostFor } from "./runtime/host.js";
import { Runtime, RuntimeOptions } from "./runtime/runtime.js";
import type { Ast, AstNode } from "./lang/ast.js";


/** Where the prelude's .ex files live (src/prelude, next to the compiled dist/). */
function preludeDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // dist/src → ../../src/prelude
  return join(here, "..", "..", "src", "prelude");
}

let preludeCache: CompiledModule[] | null = null;

/**
 * The prelude's source files, relative to src/prelude: one module per file, at the path
 * Elixir gives it (`task/supervised.ex` for Task.Supervised) or `erlang/NAME.ex` for an
 * Erlang module. Kernel comes first: the other modules call its functions unqualified.
 * Application comes after Macro.Env, whose struct its function heads match
 * (compile_env/4), and which derives Inspect.
 */
function preludeFiles(): string[] {
  const dir = preludeDir();
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel === "" ? e.name : rel + "/" + e.name;
      if (e.isDirectory()) {
        walk(path);
      } else if (e.name.endsWith(".ex")) out.push(path);
    }
  };
  walk("");
  const rank = (f: string) => (f === "kernel.ex" ? 0 : f === "application.ex" ? 2 : 1);
  return out.sort((x, y) => rank(x) - rank(y) || (x < y ? -1 : 1));
}

/** The file name stack entries show: Elixir's `lib/...ex`, or `NAME.erl` for an Erlang module. */
function stackFile(path: string): string {
  return path.startsWith("erlang/") ? path.slice("erlang/".length, -".ex".length) + ".erl" : "lib/" + path;
}

/**
 * Compiles the prelude into `rt`; returns its modules and every unit linked on the way.
 * Its files are evaluated like a user's, by a process (module bodies run, macros expand);
 * their modules extend the native modules of the same name.
 */
function compilePrelude(rt: Runtime): { mods: CompiledModule[]; records: LinkRecord[]; warnings: string[] } {
  const dir = preludeDir();
  const mods: CompiledModule[] = [];
  const records: LinkRecord[] = [];
  const warnings: string[] = [];
  const s = compileState(rt);
  const saved = { host: s.host, warn: s.warn };
  s.host = {
    ...hostFor(rt),
    library: true,
    recordLink: (r: LinkRecord) => records.push(r),
    defineModule: (m: CompiledModule) => {
      mods.push(m);
      install(rt, m);
    },
  };
  s.warn = (w) => warnings.push(w);
  s.deferChecks = true;
  const files = preludeFiles().map((f) => ({ file: stackFile(f), src: readFileSync(join(dir, f), "utf8") }));
  const code = generatorCode("", "prelude", 0, function* () {
    for (const { file, src } of files) {
      yield* evalQuoted(rt, parse(src, { file }), { names: [], values: [] }, topEnv(file, false));
    }
    return null;
  });
  try {
    const p = rt.spawn(code, []);
    rt.runUntilIdle();
    if (p.exitReason !== a("normal")) throw new Error("the prelude does not compile: " + inspect(p.exitReason));
  } finally {
    s.host = saved.host;
    s.warn = saved.warn;
    s.compiled = [];
    s.deferChecks = false;
  }
  return { mods, records, warnings };
}

/**
 * Where the compiled prelude is cached: dist/prelude.cache.json, or
 * dist/prelude.resumable.cache.json for BEAMSH_DIRECT=0 (each mode keeps its own, so that
 * running both in turn, as a comparison does, does not recompile the library every time).
 */
function cacheFile(): string {
  return join(dirname(fileURLToPath(import.meta.url)), "..", directBodiesOff() ? "prelude.resumable.cache.json" : "prelude.cache.json");
}

/** What decides the compiled prelude: its sources and the compiled compiler and library. */
function cacheKey(): string {
  const here = dirname(fileURLToPath(import.meta.url)); // dist/src
  const key = preludeKey([preludeDir(), fileURLToPath(import.meta.url), join(here, "runtime"), join(here, "lang"), join(here, "stdlib")]);
  // BEAMSH_DIRECT=0 compiles without direct bodies (protocol.ts): another compiled prelude.
  return directBodiesOff() ? key + "-resumable" : key;
}

/** A runtime with natives, but no prelude yet. */
function bareRuntime(opts: RuntimeOptions): Runtime {
  const rt = new Runtime(opts);
  activate(rt);
  installLibrary(rt, LIBRARY);
  return rt;
}

/** The prelude compiled from source, serialized as the cache file holds it (or why it cannot be). */
export function compiledPreludeText(): string | { error: string } {
  const { mods, records } = compilePrelude(bareRuntime({}));
  return encodePrelude(cacheKey(), records, mods);
}

/**
 * The compiler's undefined-call warnings for the prelude, checked once all of it is
 * loaded, as a project's modules are (the library must compile silently: a test checks).
 */
export function preludeCallWarnings(): string[] {
  const rt = bareRuntime({});
  const { mods, warnings } = compilePrelude(rt);
  return [...warnings, ...undefinedCallWarnings(hostFor(rt), mods)];
}

/** Installs the prelude serialized in `text` into `rt`; null (nothing installed) if unusable. */
function installPreludeText(rt: Runtime, text: string, key: string): CompiledModule[] | null {
  const mods = decodePrelude(text, key, hostFor(rt), instantiate);
  if (mods !== null) for (const m of mods) install(rt, m);
  return mods;
}

/** A runtime whose prelude comes from `text` (the cache file's content); null if unusable. */
export function runtimeFromPreludeText(text: string, opts: RuntimeOptions = {}): Runtime | null {
  const rt = bareRuntime(opts);
  return installPreludeText(rt, text, cacheKey()) === null ? null : rt;
}

/**
 * The prelude from the cache when it matches the sources, otherwise compiled (and the
 * cache rewritten). `BEAMSH_PRELUDE_CACHE=0` always compiles and writes nothing.
 */
let reportedCache = false;

function loadPrelude(rt: Runtime): CompiledModule[] {
  const useCache = process.env.BEAMSH_PRELUDE_CACHE !== "0";
  const key = useCache ? cacheKey() : "";
  if (useCache) {
    const text = readCache(cacheFile());
    const mods = text === null ? null : installPreludeText(rt, text, key);
    if (mods !== null) return mods;
  }
  const { mods, records } = compilePrelude(rt);
  checkBuild(rt, mods);
  if (useCache) {
    const text = encodePrelude(key, records, mods);
    // Every start would compile the library again: say why, once per process.
    if (typeof text === "string") writeCache(cacheFile(), text);
    else if (!reportedCache) {
      reportedCache = true;
      process.stderr.write(`beamsh: the compiled library cannot be cached (${text.error}); each start compiles it\n`);
    }
  }
  return mods;
}

/**
 * The prelude is read from src/prelude while the natives it calls come from the compiled
 * dist/: when the sources are newer than the build (a pull, rebase or merge without a
 * rebuild), prelude functions would call natives that do not exist yet and fail at run
 * time in every shell, far from the cause. Such a library is refused, with the cause.
 */
export function checkBuild(rt: Runtime, mods: CompiledModule[]): void {
  const missing = undefinedCallWarnings(hostFor(rt), mods);
  if (missing.length === 0) return;
  throw new StaleBuildError(
    "beamsh: the library's Elixir sources (src/prelude) call functions its compiled code (dist/) lacks, " +
      "so the build is older than the sources: rebuild it (npx tsc -p .)\n" +
      missing.join(""),
  );
}

/** The library's sources and its build do not match (see checkBuild). */
export class StaleBuildError extends Error {
  override name = "StaleBuildError";
}

/** Prelude modules extend the native modules of the same name. */
function install(rt: Runtime, m: CompiledModule): void {
  for (const n of m.nested) install(rt, n);
  rt.modules.addFunctions(m.name, m.fns as Map<string, Code>);
  const def = rt.modules.get(m.name)!;
  if (m.struct) def.struct = m.struct;
  // defstruct's @enforce_keys, which __info__(:struct) and %Mod{} literals read.
  const enforce = m.attributes.get("enforce_keys");
  if (enforce !== undefined) (def.attributes ??= new Map()).set("enforce_keys", enforce);
  if (m.exception) def.exception = true;
  if (m.protocol) def.protocol = m.protocol;
  if (m.impl) def.impl = m.impl;
  if (m.behaviours) def.behaviours = m.behaviours;
  def.library = true;
}

/** A runtime with the whole library loaded. */
export function createRuntime(opts: RuntimeOptions = {}): Runtime {
  // A seeded runtime must not spend its seed's draws and pids compiling the prelude: that is
  // done on a runtime of its own, so a seeded run is the same with or without the cache file.
  if (preludeCache === null && opts.seed !== undefined) preludeCache = loadPrelude(bareRuntime({}));
  const rt = bareRuntime(opts);
  if (preludeCache === null) preludeCache = loadPrelude(rt);
  else for (const m of preludeCache) install(rt, m);
  return rt;
}
