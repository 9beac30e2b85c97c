// What error messages need to know about a runtime's loaded modules (for "is undefined or
// private" and "did you mean" hints), plus what the library knows about
// Elixir's own functions (rt.hooks: clause heads, locations).
import type { ErrorContext, ModuleExports } from "./exception-message.js";
import type { ModuleDef, Runtime } from "./runtime.js";
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
      return { functions, behaviours: behavioursOf(rt, m) };
    },
  };
}

/** The behaviours a module declares (a protocol implementation: its protocol), with their callbacks. */
function behavioursOf(rt: Runtime, m: ModuleDef): [string, [string, number][]][] {
  const out: [string, [string, number][]][] = [];
  if (m.impl !== undefined) {
    const proto = rt.modules.get(m.impl.protocol)?.protocol;
    if (proto !== undefined) out.push([m.impl.protocol, proto.functions]);
  }
  return out;
}
