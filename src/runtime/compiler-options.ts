// The compiler's options (Code.compiler_options/0,1, get_compiler_option/1,
// put_compiler_option/2): one table per runtime, as a node keeps them for all its processes.
// The compiler reads them (ignore_module_conflict silences "redefining module"); Code's
// functions in the prelude validate what is put, as Elixir's do.
import type { Runtime } from "./runtime.js";
import { Atom, NIL, Term, a, listToArray } from "./term.js";

/** The options Elixir 1.14 has, in Code.available_compiler_options/0's order, with their defaults. */
const DEFAULTS: [string, () => Term][] = [
  ["docs", () => true],
  ["debug_info", () => true],
  ["ignore_already_consolidated", () => false],
  ["ignore_module_conflict", () => false],
  ["relative_paths", () => true],
  ["warnings_as_errors", () => false],
  ["no_warn_undefined", () => NIL],
  ["tracers", () => NIL],
  ["parser_options", () => NIL],
];

export const COMPILER_OPTION_NAMES: readonly string[] = DEFAULTS.map(([k]) => k);

const tables = new WeakMap<Runtime, Map<string, Term>>();

function table(rt: Runtime): Map<string, Term> {
  let t = tables.get(rt);
  if (t === undefined) tables.set(rt, (t = new Map(DEFAULTS.map(([k, v]) => [k, v()]))));
  return t;
}

/** The value of compiler option `name` (undefined for a name that is not one). */
export function compilerOption(rt: Runtime, name: string): Term | undefined {
  return table(rt).get(name);
}

/** Stores an option (already validated by the caller). */
export function setCompilerOption(rt: Runtime, name: string, value: Term): void {
  if (!COMPILER_OPTION_NAMES.includes(name)) throw new Error(`unknown compiler option ${name}`);
  table(rt).set(name, value);
}

/** Whether redefining a module warns (Code.put_compiler_option(:ignore_module_conflict, true) silences it). */
export function warnsModuleConflict(rt: Runtime): boolean {
  return compilerOption(rt, "ignore_module_conflict") !== true;
}

export const OPTION_ATOMS = (): Term[] => COMPILER_OPTION_NAMES.map((k) => a(k));

/**
 * Whether an undefined `module.name/arity` goes unwarned: the option :no_warn_undefined is
 * :all, or lists the module or {module, name, arity}.
 */
export function noWarnUndefined(rt: Runtime, module: string, name: string, arity: number): boolean {
  const v = compilerOption(rt, "no_warn_undefined");
  if (v instanceof Atom) return v.name === "all";
  for (const e of listToArray(v ?? NIL) ?? []) {
    if (e instanceof Atom && e.name === module) return true;
    if (Array.isArray(e) && e.length === 3 && e[0] instanceof Atom && e[0].name === module && e[1] instanceof Atom && e[1].name === name && e[2] === arity) return true;
  }
  return false;
}
