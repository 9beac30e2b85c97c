// What error messages need to know about a runtime's loaded modules (for "is undefined or
// private" and "did you mean" hints), plus what the library knows about
// Elixir's own functions (rt.hooks: clause heads, locations).
import type { ErrorContext, ModuleExports } from "./exception-message.js";
import type { Runtime } from "./runtime.js";
import { Atom, atomName } from "./term.js";

export function errorContext(rt: Runtime): ErrorContext {
  return {
    blameClauses: rt.hooks.blameClauses,
    locationOf: rt.hooks.locationOf,
    moduleExports: (mod: Atom): ModuleExports | null => {
      const m = rt.modules.get(atomName(mod));
      if (m === undefined) return null;
      const functions = [...m.fns.keys()].map((k) => {
        const i = k.lastIndexOf("/");
        return [k.slice(0, i), Number(k.slice(i + 1))] as [string, number];
      });
      return { functions };
    },
  };
}
