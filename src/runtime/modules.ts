// The module table of one runtime: every loaded module (natives, the prelude, user code) by
// name, its functions by "name/arity", its struct, and the `use` templates. Call sites
// cache what they resolved here and check `gen` to know when a module was (re)defined.
import type { Ast } from "../lang/ast.js";
import type { Code } from "./code.js";
import { BeamError, undefinedFunction } from "./errors.js";
import { introspection } from "./module-info.js";
import { Term, a, atom } from "./term.js";

export interface ModuleDef {
  name: string;
  fns: Map<string, Code>;
  /** Struct fields in definition order with defaults, when the module defines a struct. */
  struct?: [string, Term][];
  /** Exception module: has `message/1` or a `message` field. */
  exception?: boolean;
  attributes?: Map<string, Term>;
  /** The attributes module_info(:attributes) lists after vsn and behaviour (see module-build's persistedAttributes). */
  persisted?: [string, Term][];
  /** Fake BEAM bytes returned by defmodule. */
  source?: string;
  /** Set for a protocol module (defprotocol). */
  protocol?: import("./protocols.js").ProtocolInfo;
  /** Set for a protocol implementation module (defimpl, @derive). */
  impl?: import("./protocols.js").ImplInfo;
  /** Part of the library (natives and the prelude) rather than user code. */
  library?: boolean;
  /** Public macros ("name/arity"; their code is `MACRO-name/arity+1` in fns). */
  macros?: string[];
  /** The behaviours the module declares (@behaviour), by module name. */
  behaviours?: string[];
  /** The callbacks it declares as a behaviour (@callback, @macrocallback). */
  callbacks?: import("./compiler/behaviours.js").BehaviourInfo;
  /** The file it was compiled from ("iex" for the shell). */
  file?: string;
  /** Its funs by BEAM lambda index (funs of it received from other nodes run this code). */
  lambdas?: import("./compiler/module.js").Lambdas;
  /**
   * Its @type/@typep/@opaque/@spec/@callback/@macrocallback attributes as written, oldest
   * first: `[{kind, quoted, line}]` (Code.Typespec translates them to Erlang's abstract
   * format, as Elixir keeps them in a BEAM file's debug info).
   */
  typespecs?: Term;
  /** Its @deprecated definitions: name, arity, reason (a library module's are in the library's table). */
  deprecated?: [string, number, string][];
}

/** The last generation given to any module table: generations are unique across runtimes. */
let lastGen = 0;

/** Modules by name ("Elixir.Enum", "erlang"). */
export class ModuleTable extends Map<string, ModuleDef> {
  /**
   * Changed whenever a module is (re)defined: invalidates call-site caches. Unique across
   * runtimes (no two tables, nor two states of one, share a value), so that a cache that
   * holds a generation needs no runtime beside it (an external fun's `directGen`).
   */
  gen = ++lastGen;
  /** The deprecated functions of a library module (the library's hook, set when it is installed). */
  libraryDeprecations?: (module: string) => [string, number, string][];
  /** Dynamic calls (`mod.fun(...)` with `mod` known at run time): module → per arity, name → code. */
  readonly dynCache = new Map<Term, { gen: number; byArity: (Map<string, Code> | undefined)[] }>();

  /** Defines (or redefines) a whole module. */
  define(def: ModuleDef): void {
    this.set(def.name, def);
    this.gen = ++lastGen;
  }

  /** Takes a module out (:code.delete/1): calls to it fail from now on. */
  remove(module: string): boolean {
    const had = this.delete(module);
    this.gen = ++lastGen;
    return had;
  }

  /** Adds functions to a module (creating it), e.g. natives, then prelude code. */
  addFunctions(module: string, fns: Iterable<[string, Code]>): void {
    let m = this.get(module);
    if (m === undefined) {
      m = { name: module, fns: new Map() };
      this.set(module, m);
    }
    for (const [k, c] of fns) m.fns.set(k, c);
    this.gen = ++lastGen;
  }

  lookup(module: string, name: string, arity: number): Code | null {
    const m = this.get(module);
    if (m === undefined) return null;
    return m.fns.get(name + "/" + arity) ?? introspection(this, m, name, arity);
  }

  /** Field names of a user struct in definition order, or null when `module` defines none. */
  structFieldNames(module: string): string[] | null {
    const def = this.get(module);
    return def?.struct ? def.struct.map(([k]) => k).filter((k) => k !== "__exception__") : null;
  }

  undefinedError(module: string, name: string, arity: number): BeamError {
    // The reason is left nil: the message is worked out from which modules are loaded.
    return undefinedFunction(atom(module), name, arity, null);
  }
}
