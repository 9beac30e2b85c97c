// Funs: anonymous functions (closures) and external captures (&Mod.fun/arity).
import type { Code, DirectFn } from "./code.js";
import { Atom, Term } from "./term.js";

/**
 * What every fun made by one `fn` definition shares: its BEAM lambda index, its module's
 * uniq and where it was defined (`#Function<index.uniq/arity in where>`). Compiled code
 * makes it once per definition (the code's `funInfo`), so making a closure writes only what
 * differs between closures: the captured variables.
 */
export class FunInfo {
  constructor(
    readonly index: number,
    readonly uniq: number,
    readonly where: string,
  ) {}
}

const NO_INFO = new FunInfo(0, 0, "");

/** An external fun's resolution cache (see externalCode in calls.ts), made on first use. */
class ExternalCache {
  code: Code | undefined = undefined;
  rt: unknown = undefined;
  gen: number | undefined = undefined;
}

export class Fun {
  /** Index, uniq and where (see FunInfo): shared by the funs of one definition. */
  readonly info: FunInfo;
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
    /**
     * For a closure: its lambda index, or the FunInfo of its definition (then `uniq` and
     * `where` are not given); where it was defined, printed as `#Function<index.uniq/arity in where>`.
     */
    index: number | FunInfo = 0,
    uniq = 0,
    where = "",
  ) {
    this.info = typeof index === "object" ? index : index === 0 && uniq === 0 && where === "" ? NO_INFO : new FunInfo(index, uniq, where);
    this.direct = module === null && code !== null ? code.direct : undefined;
  }
  get index(): number {
    return this.info.index;
  }
  get uniq(): number {
    return this.info.uniq;
  }
  get where(): string {
    return this.info.where;
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
  /** Resolution cache of an external fun, made when first resolved (closures have none). */
  private ext: ExternalCache | undefined = undefined;
  /** Resolution cache for external funs (see externalCode in calls.ts). */
  get _code(): Code | undefined {
    return this.ext?.code;
  }
  set _code(c: Code | undefined) {
    (this.ext ??= new ExternalCache()).code = c;
  }
  get _rt(): unknown {
    return this.ext?.rt;
  }
  set _rt(rt: unknown) {
    (this.ext ??= new ExternalCache()).rt = rt;
  }
  get _gen(): number | undefined {
    return this.ext?.gen;
  }
  set _gen(g: number | undefined) {
    (this.ext ??= new ExternalCache()).gen = g;
  }
  /** A capture of a named function (`&Mod.fun/arity`), printed as such; `code` may
   *  still be set for captures of local (possibly private) functions. */
  get isExternal(): boolean {
    return this.module !== null;
  }
}
