// open/1 (IEx.Introspection.open/1): the source of a module or function, or a {file, line},
// handed to the editor named by ELIXIR_EDITOR or EDITOR, with IEx's messages when it cannot.
//
// Where a module's source is: a module defined in the shell or compiled by c/1 lives only in
// memory, so as on the BEAM (no abstract code to find a function's line in) only its source
// file is known, which is no {file, line}; Elixir's and OTP's modules are in their
// application's directory, at the lines Elixir 1.14 defines them (the table the stack frames
// use), and the module itself at its file's first line.
import { execSync } from "node:child_process";
import { statSync } from "node:fs";
import { inspect } from "../../runtime/inspect.js";
import { moduleApplication } from "../../runtime/exception-message.js";
import type { Runtime } from "../../runtime/runtime.js";
import { Term, a, atomName, isAtom, isInteger } from "../../runtime/term.js";
import { elixirLocation, elixirModuleFile } from "../../stdlib/clause-blame.js";
import { applicationDir } from "../../stdlib/code-loading.js";
import { type Palette, paint } from "../colors.js";
import { cwdOfRuntime } from "../../runtime/relative-to-cwd.js";

/** What h/t/b/open were given: a module, a function of it (of any arity when `arity` is null). */
export interface DocTarget {
  module: string | null;
  fun: string | null;
  arity: number | null;
}

type Place = { file: string; line: number | null };

/** What open/1 prints for `t` (the editor's own output when it ran). */
export function openText(rt: Runtime, t: Term, pal: Palette): string {
  const error = (s: string) => paint(pal.error, s) + "\n";
  if (isAtom(t)) {
    const place = sourceOf(rt, atomName(t), null, null);
    if (place === null) return error(`Could not open: ${inspect(t)}. Module is not available.`);
    return place.line === null ? error(`Invalid arguments for open helper: ${inspect(place.file)}`) : openFile(place.file, place.line, pal);
  }
  if (Array.isArray(t) && (t.length === 2 || t.length === 3) && isAtom(t[0]) && isAtom(t[1]) && (t.length === 2 || isInteger(t[2]))) {
    const arity = t.length === 3 ? Number(t[2]) : null;
    const shown = `${inspect(t[0])}.${atomName(t[1])}${arity === null ? "" : "/" + arity}`;
    const place = sourceOf(rt, atomName(t[0]), atomName(t[1]), arity);
    if (place === null) return error(`Could not open: ${shown}. Module is not available.`);
    if (place.line === null) return error(`Could not open: ${shown}. Function/macro is not available.`);
    return openFile(place.file, place.line, pal);
  }
  if (Array.isArray(t) && t.length === 2 && typeof t[0] === "string" && isInteger(t[1])) return openFile(t[0], Number(t[1]), pal);
  return error(`Invalid arguments for open helper: ${inspect(t)}`);
}

/**
 * The file of `module` and the line of `fun` (of any arity when `arity` is null; the
 * module's own line when `fun` is null), null for a module that is not loaded or has no
 * source; the line is null when it cannot be known.
 */
function sourceOf(rt: Runtime, module: string, fun: string | null, arity: number | null): Place | null {
  const def = rt.modules.get(module);
  if (def === undefined) return null;
  if (!def.library) {
    if (def.file === undefined) return null;
    return { file: def.file.startsWith("/") ? def.file : cwdOfRuntime(rt) + "/" + def.file, line: null };
  }
  const mod = a(module);
  const file = elixirModuleFile(mod);
  const app = moduleApplication(module)?.split(" ")[0];
  const dir = app === undefined ? null : applicationDir(app);
  if (file === null || dir === null) return null;
  // (an Erlang module's source is in its application's src/, as rewrite_source finds it)
  const path = `${dir}/${file.includes("/") ? file : "src/" + file}`;
  if (fun === null) return { file: path, line: 1 };
  const arities = arity !== null ? [arity] : [...def.fns.values()].filter((c) => c.name === fun || c.name === "MACRO-" + fun).map((c) => (c.name === fun ? c.arity : c.arity - 1));
  for (const n of arities.sort((x, y) => x - y)) {
    const at = elixirLocation(mod, a(fun), n);
    if (at !== null) return { file: path, line: at[1] };
  }
  return { file: path, line: null };
}

/** open({file, line}): the editor's output, or why it cannot run. */
function openFile(file: string, line: number, pal: Palette): string {
  let regular = false;
  try {
    regular = statSync(file).isFile();
  } catch {
    regular = false;
  }
  const shown = inspect(file);
  if (!regular) return paint(pal.error, `Could not open: ${shown}. File is not available.`) + "\n";
  const editor = process.env.ELIXIR_EDITOR || process.env.EDITOR;
  if (!editor) {
    return paint(pal.error, `Could not open: ${shown}. Please set the ELIXIR_EDITOR or EDITOR environment variables with the command line invocation of your favorite EDITOR.`) + "\n";
  }
  const command = editor.includes("__FILE__") || editor.includes("__LINE__")
    ? editor.replaceAll("__FILE__", shown).replaceAll("__LINE__", String(line))
    : `${editor} ${shown}:${line}`;
  let out: string;
  try {
    // (as os:cmd/1: the shell's output and errors together, whether or not it succeeded)
    out = execSync(`(${command}) 2>&1`, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  } catch (e) {
    out = (e as { stdout?: string }).stdout ?? "";
  }
  return out;
}
