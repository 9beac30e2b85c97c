// The compiler's view of a runtime: which functions and structs exist.
import type { CompiledModule } from "./compiler/module.js";
import { BehaviourInfo, libraryBehaviour } from "./compiler/behaviours.js";
import type { CompilerHost } from "./compiler/unit.js";
import type { Runtime } from "./runtime.js";
import { builtinEnforcedKeys, builtinStructFields } from "./inspect.js";
import { Term, a, atomName } from "./term.js";
import { enforcedKeys } from "./compiler/module.js";
import { MapTerm } from "./map.js";
import { deprecationOf } from "./deprecations.js";
import { macrosOf } from "./module-info.js";
import { noWarnUndefined } from "./compiler-options.js";

const STRUCT = a("__struct__");

/** Structs that modules' own __struct__/0 functions gave, by the module's definition (a redefinition forgets). */
const learned = new WeakMap<object, [string, Term][]>();

export function hostFor(rt: Runtime): CompilerHost {
  return {
    structFields(module: string): [string, Term][] | null {
      const def = rt.modules.get(module);
      if (def?.struct) return def.struct;
      const own = def === undefined ? undefined : learned.get(def);
      if (own !== undefined) return own;
      // Built-in structs with a native __struct__/0 (Date, ...) give their real defaults.
      const ctor = rt.modules.lookup(module, "__struct__", 0);
      if (ctor?.native) {
        const d = ctor.native([], null as never) as MapTerm;
        return [...d.entries.values()].filter(([k]) => k !== STRUCT).map(([k, v]) => [atomName(k), v] as [string, Term]);
      }
      const builtin = builtinStructFields(a(module));
      return builtin ? builtin.map((f) => [f, null] as [string, Term]) : null;
    },
    learnStruct: (module, fields) => {
      const def = rt.modules.get(module);
      if (def !== undefined) learned.set(def, fields);
    },
    structEnforced: (module) => {
      const def = rt.modules.get(module);
      // A struct the library builds natively: the keys Elixir's defstruct enforces.
      if (def?.library && def.struct === undefined && def.fns.has("__struct__/0")) return builtinEnforcedKeys(module).map((k) => a(k));
      return enforcedKeys(def?.attributes?.get("enforce_keys"));
    },
    // __info__/1 and module_info/0,1 are every module's, but never imported.
    hasFunction: (module, name, arity) => name !== "__info__" && name !== "module_info" && rt.modules.lookup(module, name, arity) !== null,
    nativeCode: (module, name, arity) => {
      const c = rt.modules.lookup(module, name, arity);
      return c !== null && c.native !== undefined ? c : null;
    },
    isMacro: (module, name, arity) => {
      const def = rt.modules.get(module);
      return def !== undefined && macrosOf(def).some(([n, ar]) => n === name && ar === arity);
    },
    moduleExists: (module) => rt.modules.has(module),
    deprecation: (module, name, arity) => deprecationOf(rt, module, name, arity),
    noWarnUndefined: (module, name, arity) => noWarnUndefined(rt, module, name, arity),
    moduleFunctions: (module) => {
      const m = rt.modules.get(module);
      return m === undefined ? null : [...m.fns.keys()];
    },
    protocolInfo: (module) => rt.modules.get(module)?.protocol ?? null,
    implInfo: (module) => rt.modules.get(module)?.impl ?? null,
    behaviourInfo: (module) => behaviourOf(rt, module),
    defineModule: (m) => installModule(rt, m),
  };
}

/** Defines a compiled module (and its nested modules) in the runtime. */
export function installModule(rt: Runtime, m: CompiledModule): void {
  for (const n of m.nested) installModule(rt, n);
  rt.modules.define({ name: m.name, fns: m.fns, struct: m.struct, exception: m.exception, attributes: m.attributes, persisted: m.persisted, protocol: m.protocol, impl: m.impl, file: m.file, lambdas: m.lambdas,
    callbacks: m.callbacks, macros: m.macros, deprecated: m.deprecated, typespecs: m.typespecs, behaviours: m.behaviours ?? (m.impl !== undefined ? [m.impl.protocol] : undefined) });
  // compiling took time: late log events come out
  rt.logger.onCompile();
}

/** The callbacks a behaviour asks for: a module's own, the library's, or a protocol's functions. */
export function behaviourOf(rt: Runtime, module: string): BehaviourInfo | null {
  const def = rt.modules.get(module);
  if (def === undefined) return null;
  if (def.callbacks !== undefined) return def.callbacks;
  const lib = libraryBehaviour(module);
  if (lib !== undefined) return lib;
  if (def.protocol !== undefined) return { callbacks: def.protocol.functions.map(([name, arity]) => ({ kind: "function", name, arity })), optional: [] };
  return null;
}
