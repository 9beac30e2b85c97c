// Helpers about code and the system: c/1 and r/1 (compile and reload files), exports/1,
// ls/0,1, clear/0 and runtime_info/0,1, printed in IEx.Helpers' layouts.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Ast } from "../../lang/ast.js";
import { ParseError, parse } from "../../lang/parser.js";
import { TailCall } from "../../runtime/calls.js";
import { topEnv } from "../../runtime/compiler/env.js";
import { evalQuoted } from "../../runtime/compiler/eval.js";
import { compileState } from "../../runtime/compiler/module-build.js";
import { generatorCode } from "../../runtime/generator-code.js";
import { argumentError, raise } from "../../runtime/errors.js";
import { inspect } from "../../runtime/inspect.js";
import type { Runtime } from "../../runtime/runtime.js";
import { Atom, Term, a, list, tuple } from "../../runtime/term.js";
import type { Palette } from "../colors.js";
import { VERSION_INFO } from "../version.js";

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
export function compileFile(rt: Runtime, path: string): Term {
  let source: string;
  try {
    source = readFileSync(path, "utf8");
  } catch {
    throw argumentError(`could not find files ${path}`);
  }
  let ast: Ast;
  try {
    ast = parse(source, { file: path });
  } catch (e) {
    if (e instanceof ParseError) throw raise(e.kind, { description: e.description, file: path, line: e.line });
    throw e;
  }
  const code = generatorCode("Elixir.IEx.Helpers", "c", 1, function* () {
    const s = compileState(rt);
    const before = s.defined.length;
    yield* evalQuoted(rt, ast, { names: [], values: [] }, topEnv(path, false));
    const names = [...new Set(s.defined.slice(before))];
    for (const n of names) sourcesOf(rt).set(n, path);
    return list(names.map((n) => a(n)));
  });
  return new TailCall(code, []);
}

/** r/1: recompiles the file a module came from; returns `{:reloaded, modules}`. */
export function recompileModule(rt: Runtime, mod: Term): Term {
  const name = mod instanceof Atom ? mod.name : null;
  const file = name === null ? undefined : sourcesOf(rt).get(name);
  if (file === undefined) throw argumentError(`could not load nor find module: ${inspect(mod)}`);
  return tuple(a("reloaded"), compileFile(rt, file));
}

/** exports/1: the module's public functions as a table of `name/arity`. */
export function exportsText(rt: Runtime, mod: Term): string {
  const name = mod instanceof Atom ? mod.name : String(mod);
  const def = rt.modules.get(name);
  if (def === undefined) {
    throw raise("UndefinedFunctionError", { module: mod, function: a("module_info"), arity: 1, reason: null, message: null });
  }
  const keys = [...def.fns.keys()].filter((k) => !k.startsWith("__info__/") && !k.startsWith("module_info/"));
  return printTable(keys.sort(compareExport));
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

/** IEx.Helpers.print_table/2: items padded to the longest + 5, a new row past 80 columns. */
export function printTable(items: string[]): string {
  if (items.length === 0) return "";
  const offset = Math.min(Math.max(...items.map((s) => [...s].length)), 30) + 5;
  let out = "";
  let len = 0;
  for (const item of items) {
    if (len >= 80) {
      out += "\n";
      len = 0;
    }
    out += item.padEnd(offset);
    len += offset;
  }
  return out + "\n";
}

/** ls/1: the directory's entries as a table (or the path itself for a file). */
export function lsText(dir: string): string {
  try {
    if (!statSync(dir).isDirectory()) return join(process.cwd(), dir) + "\n";
    return printTable(readdirSync(dir).sort());
  } catch {
    return `No such file or directory ${dir}\n`;
  }
}

/** clear/0: clears the terminal (iex prints a notice when ANSI is off). */
export function clearScreen(pal: Palette): string {
  if (!pal.enabled) return "Cannot clear the screen because ANSI escape codes are not enabled on this shell\n";
  return "\x1b[H\x1b[2J";
}

const MB = 1024 * 1024;

function formatBytes(n: number): string {
  if (n >= MB) return `${Math.round(n / MB)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} B`;
}

function pad(label: string, value: string): string {
  return (label + ":").padEnd(20) + value + "\n";
}

/** runtime_info/0,1: system, memory and limits, in iex's layout. */
export function runtimeInfoText(rt: Runtime, topic: Term): string {
  const topics = topic === null ? ["system", "memory", "limits"] : topicNames(topic);
  let out = "";
  for (const t of topics) {
    if (t === "system") out += systemTopic();
    else if (t === "memory") out += memoryTopic();
    else if (t === "limits") out += limitsTopic(rt);
  }
  out += "\n" + pad("Showing topics", "[" + topics.map((t) => ":" + t).join(", ") + "]");
  out += pad("Additional topics", "[:applications]") + "\nTo view a specific topic call runtime_info(topic)\n\n";
  return out;
}

function topicNames(t: Term): string[] {
  const items = t instanceof Atom ? [t] : [];
  if (items.length === 0) throw argumentError("argument error");
  return items.map((x) => (x as Atom).name);
}

function systemTopic(): string {
  return (
    "\n## System and architecture \n\n" +
    pad("Elixir version", VERSION_INFO.elixir) +
    pad("beamsh version", VERSION_INFO.beamsh) +
    pad("Node.js version", process.versions.node) +
    pad("Compiled for", `${process.arch}-${process.platform}`) +
    pad("Schedulers", "1") +
    pad("Schedulers online", "1")
  );
}

function memoryTopic(): string {
  const m = process.memoryUsage();
  return (
    "\n## Memory \n\n" +
    pad("Total", formatBytes(m.rss)) +
    pad("Binaries", formatBytes(m.arrayBuffers)) +
    pad("Processes", formatBytes(m.heapUsed)) +
    pad("External", formatBytes(m.external))
  );
}

function limitsTopic(rt: Runtime): string {
  const uptime = Math.floor(process.uptime());
  const procs = [...rt.procs.values()].filter((p) => p.status !== "exited").length;
  return (
    "\n## Statistics / limits \n\n" +
    pad("Uptime", `${uptime} seconds`) +
    pad("Run queue", String(rt.scheduler.runQueueLength)) +
    pad("Modules", String(rt.modules.size)) +
    pad("Processes", `${procs} / 262144 (${Math.floor((procs * 100) / 262144)}% used)`)
  );
}
