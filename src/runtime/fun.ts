// Funs: anonymous functions (closures) and external captures (&Mod.fun/arity).
import type { Code, DirectFn } from "./code.js";
import { Atom, Term } from "./term.js";

export class Fun {
  constructor(
    /** Number of arguments. */
    readonly arity: number,
    /** Compiled body; null for an external capture resolved through the module table. */
    readonly code: Code | null,
    /** Captured variables (closure environment), in the slot order the code expects. */
    readonly env: Term[],
    /** For an external capture: module and function name (`&Mod.fun/arity`). */
    readonly module: Atom | null = null,
    readonly name: Atom | null = null,
    /** For a closure: where it was defined, printed as `#Function<index.uniq/arity in where>`. */
    readonly index = 0,
    readonly uniq = 0,
    readonly where = "",
  ) {
    this.direct = module === null && code !== null ? code.direct : undefined;
  }
  /**
   * A closure's direct body (`code.direct`, taking the environment last), read by the fast
   * path compiled at each `fun.(args)` site of a direct body (expr.ts funCall): a site that
   * always calls the same closure then calls one JS function, which V8 can inline there.
   * For an external fun, the direct body of the function it last resolved to through the
   * module table (calls.ts lookupExternal), valid only while the module table is at
   * generation `directGen` (so that it calls the function's latest code). Undefined for code
   * without a direct body and for an external fun not yet resolved.
   */
  direct: DirectFn | undefined;
  /**
   * 0 for a closure (its `direct` is always its own); for an external fun, the generation
   * (ModuleTable.gen, unique across runtimes) at which `direct` was resolved.
   */
  directGen = 0;
  /** Resolution cache for external funs (see externalCode in calls.ts). */
  _code?: Code = undefined;
  _rt?: unknown = undefined;
  _gen?: number = undefined;
  /** A capture of a named function (`&Mod.fun/arity`), printed as such; `code` may
   *  still be set for captures of local (possibly private) functions. */
  get isExternal(): boolean {
    return this.module !== null;
  }
}
