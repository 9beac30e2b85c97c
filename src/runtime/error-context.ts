// What error messages need to know about a runtime's loaded modules (for "is undefined or
// private" and "did you mean" hints), plus what the library knows about
// Elixir's own functions (rt.hooks: clause heads, locations).
import type { ErrorContext, ModuleExports } from "./exception-message.js";
import type { ModuleDef, Runtime } from "./runtime.js";
import { behaviourOf } from "./host.js";
import { functionsOf, macrosOf } from "./module-info.js";
import { Atom, atomName } from "./term.js";

export function errorContext(rt: Runtime): ErrorContext {
  return {
    blameClauses: rt.hooks.blameClauses,
    locationOf: rt.hooks.locationOf,
    cwd: rt.hooks.cwd === undefined ? undefined : () => rt.hooks.cwd!(rt),
    moduleExports: (mod: Atom): ModuleExports | null => {
      const m = rt.modules.get(atomName(mod));
      if (m === undefined) return null;
      // What Elixir's hints look through: __info__(:macros) and __info__(:functions), sorted.
      const removed = rt.hooks.otpRemoved === undefined ? undefined : (fun: string, arity: number) => rt.hooks.otpRemoved!(atomName(mod), fun, arity);
      return { functions: functionsOf(m), macros: macrosOf(m), behaviours: behavioursOf(rt, m), removed };
    },
  };
}

/** The behaviours a module declares, with their required callbacks. */
function behavioursOf(rt: Runtime, m: ModuleDef): [string, [string, number][]][] {
  const out: [string, [string, number][]][] = [];
  for (const b of m.behaviours ?? []) {
    const info = behaviourOf(rt, b);
    if (info === null) continue;
    const required = info.callbacks.filter((c) => !info.optional.includes(`${c.name}/${c.arity}`));
    out.push([b, required.map((c) => [c.name, c.arity])]);
  }
  return out;
}
