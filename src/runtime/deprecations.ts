// Deprecated functions: a user module's `@deprecated` definitions (kept on its ModuleDef),
// or the library's table (the library's hooks, from Elixir's and OTP's own lists). Read by
// the compiler's warnings (expand.ts, xref.ts) and by `__info__(:deprecated)`.
import type { ModuleDef, ModuleTable } from "./modules.js";
import type { Runtime } from "./runtime.js";

export type Deprecation = [fun: string, arity: number, reason: string];

/** Why `module.fun/arity` is deprecated, or null (also when the module is not loaded). */
export function deprecationOf(rt: Runtime, module: string, fun: string, arity: number): string | null {
  const def = rt.modules.get(module);
  if (def === undefined) return null;
  if (!def.library) return def.deprecated?.find(([f, n]) => f === fun && n === arity)?.[2] ?? null;
  return rt.hooks.deprecation?.(module, fun, arity) ?? null;
}

/** The deprecated functions of a loaded module, sorted by name and arity. */
export function deprecationsOf(table: ModuleTable, def: ModuleDef): Deprecation[] {
  if (!def.library) return [...(def.deprecated ?? [])].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] - y[1]));
  return table.libraryDeprecations?.(def.name) ?? [];
}
