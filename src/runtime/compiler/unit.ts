// Compilation state: a Unit is one batch of generated JS (a module, or one shell input);
// an FnCtx is one resumable function inside it; a Scope maps variable names to registers.
//
// Generated functions have this shape (see code.ts for the status protocol):
//   function (f, p) { const r = f.r; L: for (;;) switch (f.pc) { case 0: {...} case 1: {...} } }
// Every block ends in `continue L` (a jump: f.pc was set) or `return STATUS`.
// Registers are write-once along any path: a (re)binding always gets a fresh register,
// so an inner scope can never clobber a variable of an enclosing scope.
import type { Ast, Meta } from "../../lang/ast.js";
import { DirectSite, HANDLER_BASE, MAX_DIRECT_HANDLERS, rewriteReturns, genCall, genDirectCall, genDirectFunction, genDirectTailCall, genFunction, genReturn, genSiteContinuation, genSiteDef, genTailCall, toDirect, directVocabulary } from "../protocol.js";
import type { Term } from "../term.js";
import { Atom } from "../term.js";
import { inspectAtom } from "../inspect.js";
import type { Expansion } from "./expansion-trace.js";
import type { ErlFrame, ErlSites } from "../erl-eval-trace.js";
import { ForSites } from "../comprehension-trace.js";
import type { ForLevel } from "../comprehension-trace.js";

export class CompileError extends Error {
  constructor(
    readonly description: string,
    readonly file: string,
    readonly line: number,
    readonly kind = "CompileError",
  ) {
    super(`${file}:${line}: ${description}`);
  }
  /** Entries of Elixir's compiler shown above the caller's frames, when Elixir shows some. */
  elixirFrames: unknown[] = [];
  /** Whether elixirFrames are only the expander's entries around where it was raised. */
  framesFromExpansion = false;
  /** Whether `elixir FILE` leaves elixirFrames out (it does for a module's undefined local). */
  hideFramesInScripts = false;
  /**
   * Raised so deep in the expansion of code Code.eval_* (or `elixir -e`) evaluates that
   * Elixir's expander fills BEAM's 8 entries: none of the caller's frames show.
   */
  callerHidden = false;
  /** Where in the code being expanded it was raised (null: not by the expander). */
  expansion: Expansion | null = null;
}

import type { FunSource } from "../dist/fun-source.js";

export interface CodeSpec {
  module: string;
  name: string;
  arity: number;
  file: string;
  /** JS source of `function (f, p) {...}`. */
  src: string;
  envSlots?: number[];
  /** How many of the captured variables were literals (see CodeObj.literalEnv). */
  literalEnv?: number;
  /** A shell closure's source, for sending it to another node (see dist/fun-source.ts). */
  funSource?: FunSource;
  /** A closure's definition: its arity, lambda index, uniq and where (a constant's reference): see Fun's FunInfo. */
  funInfo?: { arity: number; index: string; uniq: number; where: string };
  /** Registers the function needs (set once compiled). */
  nslots?: number;
  /** Line of the definition (first clause). */
  line?: number;
  /** The compiled function, rendered into `src` (and a direct body) when the unit is linked. */
  body?: FnCtx;
  /** JS source of the direct body `function (p, ...) {...}`, when it has one (set at link). */
  dsrc?: string;
}

/** What rendering a function needs to know about its unit: which codes have direct bodies. */
export interface LinkInfo {
  direct: boolean[];
}

/**
 * A protocol point in a function's body: rendered one way in the resumable body, another in
 * the direct body (null: this point needs a heap frame, so the function has no direct body).
 * The direct rendering is in resumable vocabulary (`r[i]`, `p.x`), translated by toDirect.
 */
export interface Point {
  res: (l: LinkInfo) => string;
  dir: ((l: LinkInfo) => string) | null;
  /** The block a call resumes at (its result's block), when the point is a call. */
  resume?: number;
}

/** How a direct body's call goes on to its result block through the dispatch loop. */
const CONTINUE = "continue L;";

/**
 * The switch of a function's blocks. A block that ends by going on to another block (a jump,
 * or a direct call's result block: `next`) is followed by that block where it can be, and
 * falls through into it (a switch's cases can come in any order) instead of going round the
 * dispatch loop; its pc is still set, so a suspended or failing frame reads the same.
 */
function layout(texts: string[], next: (number | null)[], pc: string): string {
  const placed = new Array<boolean>(texts.length).fill(false);
  const order: number[] = [];
  for (let start = 0; start < texts.length; start++) {
    for (let b: number | null = start; b !== null && !placed[b]; b = next[b]) {
      placed[b] = true;
      order.push(b);
    }
  }
  return order
    .map((b, j) => {
      let text = texts[b];
      const falls = next[b] !== null && order[j + 1] === next[b] && text.endsWith(CONTINUE);
      if (falls) text = text.slice(0, -CONTINUE.length);
      // A jump from inside the block to the block that comes next (`pc=k;continue L;`, or
      // marked by jumpMark: a call's result block, its answer without a call) leaves the
      // block instead, and falls through: going round the dispatch loop costs more than
      // the call itself in a small recursive function.
      const after = order[j + 1];
      if (after !== undefined && text.includes(CONTINUE)) {
        let jumps = 0;
        text = text.replace(jumpsTo(pc, after), (_m, set: string | undefined) => {
          jumps++;
          return `${set ?? ""}break B${b};`;
        });
        if (jumps > 0) text = `B${b}:{${text}}`;
      }
      return `case ${b}:{${text}}`;
    })
    .join("\n");
}

/** The jumps to block k in a block's text (see layout), by pc variable and k. */
function jumpsTo(pc: string, k: number): RegExp {
  const key = `${pc}=${k}`;
  let re = JUMPS.get(key);
  if (re === undefined) {
    re = new RegExp(`(?<![\\w$.])(${pc.replace(/[.$]/g, "\\$&")}=${k};)${CONTINUE}|/\\*>${k}\\*/${CONTINUE}`, "g");
    JUMPS.set(key, re);
  }
  return re;
}
const JUMPS = new Map<string, RegExp>();

/** The block a block's text ends by jumping to (`pc=k;continue L;`), or null. */
function jumpTarget(text: string, pc: string): number | null {
  if (!text.endsWith(CONTINUE)) return null;
  const at = text.lastIndexOf(pc + "=", text.length - CONTINUE.length);
  if (at < 0) return null;
  const m = /^(\d+);$/.exec(text.slice(at + pc.length + 1, text.length - CONTINUE.length));
  return m === null || (at > 0 && text[at - 1] !== ";" && text[at - 1] !== "{" && text[at - 1] !== "}") ? null : Number(m[1]);
}

/** Most registers a function may have and still get a direct body (its locals). */
const MAX_DIRECT_SLOTS = 200;

/** Aliases, imports and requires in effect (lexical; the shell keeps one across inputs). */
export interface Env {
  aliases: Map<string, string>;
  /** Imported module → restriction (null: everything; else allowed "name/arity" keys). */
  imports: Map<string, Set<string> | null>;
  /**
   * Modules defined in this context, latest first (Elixir's `__ENV__.context_modules`):
   * every `defmodule` adds its module to the enclosing environment, and a module's own
   * environment starts with the module itself.
   */
  defined: string[];
}

export function newEnv(): Env {
  return { aliases: new Map(), imports: new Map(), defined: [] };
}

export function copyEnv(e: Env): Env {
  return { aliases: new Map(e.aliases), imports: new Map(e.imports), defined: e.defined };
}

/**
 * A call `Mod.fun(...)` (or capture `&Mod.fun/n`) in a function of a module, kept for the
 * check that the module and function exist (xref.ts), done once the modules are installed.
 */
export interface RemoteCall {
  module: string;
  name: string;
  arity: number;
  file: string;
  line: number;
  /** The calling function: module, name and arity. */
  caller: [string, string, number];
  /** A call of a library macro (implemented as a function) whose module is not required. */
  unrequiredMacro?: boolean;
}

export class Unit {
  readonly consts: Term[] = [];
  /** The Sites of its direct bodies' call sites (`S[k]=...`, protocol.ts genSiteDef), made once its codes are. */
  readonly siteDefs: string[] = [];
  readonly codes: CodeSpec[] = [];
  private constIds = new Map<unknown, number>();
  /** Local functions of the module being compiled: "name/arity" → index in codes. */
  readonly locals = new Map<string, number>();
  /** Clauses of the module's functions by code index (known before any body compiles). */
  readonly localClauses = new Map<number, import("./control.js").Clause[]>();
  /** Module attributes (@name) of the module being compiled. */
  readonly attributes = new Map<string, Term>();
  /** Every variable binding made while compiling (for unused-variable warnings). */
  readonly bindings: Binding[] = [];
  /** Warnings of modules compiled inside this unit (a defmodule typed at the prompt). */
  readonly childWarnings: string[] = [];
  /** Warnings the Erlang compiler would give (printed after Elixir's own, by line). */
  readonly erlangWarnings: { line: number; text: string; order?: string }[] = [];
  /** Remote calls made by this module's functions, to check once the modules are loaded. */
  readonly remoteCalls: RemoteCall[] = [];
  /**
   * Local calls to functions that do not exist, collected (not raised) while a module's
   * definitions compile, when set: elixir_locals reports them all once the module is done.
   */
  undefinedLocals: { error: CompileError; name: string; arity: number }[] | null = null;
  /** The file of the definition being compiled (a @file before it; else the unit's). */
  definitionFile: string | null = null;
  /** Whether the definition being compiled is private (defp, defmacrop). */
  definitionPrivate = false;
  /** `env.defined` where each function ("name/arity") was defined. */
  readonly defContexts = new Map<string, string[]>();
  /** Modules a shell input defined since its last check of remote calls. */
  pendingModules: import("./module.js").CompiledModule[] = [];
  fnCounter = 0;
  /** How many funs each function ("name/arity") has so far: a fun's name counts per function (-f/1-fun-0-). */
  readonly funsPerDef = new Map<string, number>();
  /** The BEAM name of the next fun of compiled function `defName` (a module's; a script's top level is elixir_compiler's __FILE__/1). */
  nextFunName(defName: string): string {
    const nth = this.funsPerDef.get(defName) ?? 0;
    this.funsPerDef.set(defName, nth + 1);
    return this.module ? `-${defName}-fun-${nth}-` : `-__FILE__/1-fun-${nth}-`;
  }
  /** The module's funs by BEAM lambda index: the code's slot in the unit and where it was made (`node`: numbered by numberFuns). */
  readonly lambdas: { index: number; idx: number; where: string; node?: FunNode }[] = [];
  /**
   * The funs of a user's module or script in the order they begin in the source (each fn,
   * each generator's fun of a comprehension, each `&local/n`): their BEAM lambda indexes are
   * given once the whole unit is compiled (numberFuns), the code holding `$FI<n>$` for each.
   */
  readonly funNodes: FunNode[] = [];
  /** A new fun made in `fn`'s code (inside the fun `fn` is compiling, if any). */
  funNode(fn: FnCtx, local?: string): FunNode {
    const node: FunNode = { parent: fn.funNode, def: fn.defName, local, index: -1, n: this.funNodes.length };
    this.funNodes.push(node);
    return node;
  }
  /** A script's code (its funs are elixir_compiler_0's: see fns.ts). */
  script = false;
  /** Shell code erl_eval runs on BEAM: its funs' sites (erl-eval-trace.ts); null elsewhere. */
  erlSites: ErlSites | null = null;
  /** Compiled code's points inside comprehensions (comprehension-trace.ts). */
  readonly forSites = new ForSites();
  scopeCounter = 0;
  /** For each variable name, how many of this unit's scopes have come to hold it (see Scope.holder). */
  readonly scopeHolds = new Map<string, number>();
  /** Fields of the struct this module defines (known before its functions compile). */
  ownStruct: [string, Term][] | null = null;
  /** Its `@enforce_keys`, as defstruct took them. */
  ownEnforce: Term[] = [];
  constructor(
    /** Module atom name ("Elixir.Foo"), or "" for shell input. */
    readonly module: string,
    readonly file: string,
    public env: Env,
    /** Struct fields of modules, for %Struct{} (looked up through the compiler host). */
    readonly host: CompilerHost,
  ) {}

  /** Index of a constant in K (deduplicated by identity or primitive value). */
  constant(v: Term): string {
    let i = this.constIds.get(v);
    if (i === undefined) {
      i = this.consts.length;
      this.consts.push(v);
      this.constIds.set(v, i);
    }
    return `K[${i}]`;
  }

  /** Reserves a code slot (so local calls can refer to it before it is compiled). */
  reserveCode(name: string, arity: number, module = this.module): number {
    this.codes.push({ module, name, arity, file: this.definitionFile ?? this.file, src: "" });
    return this.codes.length - 1;
  }

  /**
   * The warnings of modules compiled inside this unit. (Unused variables are warned about by
   * the expander, clause by clause, as elixir_expand does: expand.ts `clauseScope`.)
   */
  warnings(): string[] {
    return [...this.childWarnings];
  }

  /** The Erlang compiler's warnings for what this unit compiled, in line order. */
  erlangWarningTexts(): string[] {
    // (in the order of their terms, {Line, Module, Description}: on one line sys_core_fold's
    // failures, then ignored results, then clauses that cannot match)
    const order = (w: { order?: string }) => w.order ?? "2";
    return [...this.erlangWarnings].sort((x, y) => x.line - y.line || (order(x) < order(y) ? -1 : order(x) > order(y) ? 1 : 0)).map((w) => w.text);
  }

  error(description: string, meta?: Meta | null): CompileError {
    return new CompileError(description, this.file, meta?.line ?? 0);
  }

  /**
   * Records a remote call made inside a function, unless Elixir would skip it: a call to
   * a module of the context (defined around or before it) from a function written after
   * a nested `defmodule` (elixir_expand's attach_context_module). The module's own name
   * is always checked.
   */
  noteRemoteCall(fn: FnCtx, module: string, name: string, arity: number, line: number, unrequiredMacro = false): void {
    if (!this.module || !fn.defName) return;
    const ctx = this.defContexts.get(fn.defName);
    if (ctx !== undefined && ctx[0] !== this.module && module !== this.module && ctx.includes(module)) return;
    const i = fn.defName.lastIndexOf("/");
    const caller: [string, string, number] = [this.module, fn.defName.slice(0, i), Number(fn.defName.slice(i + 1))];
    this.remoteCalls.push({ module, name, arity, file: this.file, line, caller, ...(unrequiredMacro ? { unrequiredMacro } : {}) });
  }
}

/** What the compiler needs to know about the runtime it compiles for. */
export interface CompilerHost {
  structFields(module: string): [string, Term][] | null;
  /**
   * The struct of a module still being built (an enclosing `defmodule` whose `defstruct` has
   * run), or null: elixir_map reads the struct of a module in context from its definitions.
   */
  buildingStruct?(module: string): [string, Term][] | null;
  /** The `@enforce_keys` of such a module's defstruct. */
  buildingEnforced?(module: string): Term[];
  /** Remembers the struct a loaded module's own `__struct__/0` gave (no defstruct). */
  learnStruct?(module: string, fields: [string, Term][]): void;
  /** The `@enforce_keys` of a loaded struct module (none when it has none). */
  structEnforced?(module: string): Term[];
  hasFunction(module: string, name: string, arity: number): boolean;
  /** Whether a loaded module exports the macro `name/arity` (its own or the library's). */
  isMacro?(module: string, name: string, arity: number): boolean;
  /** The native implementing module.name/arity, if it is one (guards call natives directly). */
  nativeCode(module: string, name: string, arity: number): import("../code.js").Code | null;
  moduleExists(module: string): boolean;
  /** Why `module.name/arity` is deprecated (its @deprecated, or the library's table), or null. */
  deprecation?(module: string, name: string, arity: number): string | null;
  /** Whether the compiler option :no_warn_undefined silences an undefined `module.name/arity`. */
  noWarnUndefined?(module: string, name: string, arity: number): boolean;
  /** Public functions ("name/arity") of a loaded module, or null when it is not loaded. */
  moduleFunctions?(module: string): string[] | null;
  /** The body (def forms) that `use module` injects, or null when `use` adds nothing. */
  usingTemplate?(module: string): import("../../lang/ast.js").Ast[] | null;
  /** The protocol a loaded module defines, or null when it is not a protocol. */
  protocolInfo?(module: string): import("../protocols.js").ProtocolInfo | null;
  /** The callbacks of a loaded behaviour (its own, the library's, a protocol's), or null. */
  behaviourInfo?(module: string): import("./behaviours.js").BehaviourInfo | null;
  /** The implementation a loaded module is, or null when it is none. */
  implInfo?(module: string): import("../protocols.js").ImplInfo | null;
  /** Installs a module compiled by a `defmodule` inside an expression. */
  defineModule(m: import("./module.js").CompiledModule): void;
  /** Compiling the library (the prelude) rather than user code. */
  library?: boolean;
  /** Sees every unit linked (the prelude cache records them). */
  recordLink?(record: import("../prelude-cache.js").LinkRecord): void;
}

/** A variable binding, tracked to warn about unused variables as Elixir does. */
export interface Binding {
  name: string;
  line: number;
  used: boolean;
  /** Compiled code bound it to a literal (`x = 1`): the Erlang compiler puts the value where it is read. */
  constant?: boolean;
  /** A variable of that name was visible when this one was bound (it shadows it). */
  overridden: boolean;
  /** Where to report it: "" in the shell, "Mod.fun/1" in a module. */
  where: string;
  scope: Scope;
}

/** Clause blocks open in one JS block before a clause body moves to a block of its own. */
const MAX_OPEN_CLAUSES = 32;

/** A scope's variables (name to register), counting in the unit's tally each name it gains. */
class ScopeVars extends Map<string, number> {
  constructor(private readonly holds: Map<string, number>) {
    super();
  }
  override set(name: string, slot: number): this {
    if (!super.has(name)) this.holds.set(name, (this.holds.get(name) ?? 0) + 1);
    return super.set(name, slot);
  }
}

/**
 * A scope of the code generator. Lookups find the nearest scope holding a name, from this
 * one outwards (through enclosing functions); each remembers, in the scopes it passed, where
 * it found the name, valid while no scope of the unit gains that name: code nested
 * thousands deep binds and reads variables without walking every level each time.
 */
export class Scope {
  readonly vars: Map<string, number>;
  /** Lookups that passed here: the scope holding the name (null: none), and the unit's count of holders of it then. */
  private found: Map<string, { at: Scope | null; holds: number }> | null = null;
  /** Bindings made in this scope, by name (the latest one). */
  readonly bindings = new Map<string, Binding>();
  /** Scopes opened inside this one (a closure's root is a child of where it is written). */
  readonly children: Scope[] = [];
  /** The enclosing scope: the parent, or for a closure's root the scope it is defined in. */
  readonly up: Scope | null;
  readonly seq: number;
  constructor(
    readonly fn: FnCtx,
    readonly parent: Scope | null,
  ) {
    this.vars = new ScopeVars(fn.unit.scopeHolds);
    this.up = parent ?? fn.outer;
    this.up?.children.push(this);
    this.seq = fn.unit.scopeCounter++;
  }
  child(): Scope {
    return new Scope(this.fn, this);
  }
  /** Records a new binding of `name` (a rebinding starts a new one). */
  bind(name: string, slot: number, line: number): void {
    const overridden = this.visible(name);
    this.vars.set(name, slot);
    if (name.startsWith("_") || name.startsWith("__")) return;
    const b: Binding = { name, line, used: false, overridden, where: this.fn.where(), scope: this };
    this.bindings.set(name, b);
    this.fn.unit.bindings.push(b);
  }
  /** The nearest scope holding `name`, from this one outwards through enclosing functions. */
  holder(name: string): Scope | null {
    const holds = this.fn.unit.scopeHolds.get(name);
    if (holds === undefined) return null;
    const passed: Scope[] = [];
    let at: Scope | null = null;
    for (let s: Scope | null = this; s !== null; s = s.up) {
      if (s.vars.has(name)) {
        at = s;
        break;
      }
      const known = s.found?.get(name);
      if (known !== undefined && known.holds === holds) {
        at = known.at;
        break;
      }
      passed.push(s);
    }
    for (const s of passed) (s.found ??= new Map()).set(name, { at, holds });
    return at;
  }
  /** The nearest scope of this function holding `name` (the walk outwards reaches the enclosing functions after this one's root). */
  localHolder(name: string): Scope | null {
    const s = this.holder(name);
    return s !== null && s.fn === this.fn ? s : null;
  }
  /** The register and binding `name` resolves to in this function, without marking it used. */
  find(name: string): { slot: number; binding: Binding | undefined } | null {
    const s = this.localHolder(name);
    return s === null ? null : { slot: s.vars.get(name)!, binding: s.bindings.get(name) };
  }
  /** Whether `name` is a variable here, in this function or an enclosing one. */
  visible(name: string): boolean {
    return this.holder(name) !== null;
  }
  /** Marks the binding `name` resolves to as used. */
  markUsed(name: string): void {
    const b = this.localHolder(name)?.bindings.get(name);
    if (b) b.used = true;
  }
}

/**
 * A comprehension generator being compiled in compiled code: its level (comprehension-trace.ts)
 * and the variables its fun closes over on BEAM (read inside it, bound outside its scope).
 */
export class ForScope {
  readonly free = new Set<string>();
  constructor(
    readonly level: ForLevel,
    /** Where the generator's pattern binds: what is bound here or inside is the fun's own. */
    readonly scope: Scope,
    readonly up: ForScope | null,
  ) {}
  /**
   * A variable read here, held by scope `at` of this function (null: an enclosing function's);
   * one bound to a literal is no variable on BEAM (its value is put where it is read).
   */
  noteRead(at: Scope | null, name: string, literal: boolean): void {
    if (literal) return;
    for (let fs: ForScope | null = this; fs !== null; fs = fs.up) {
      if (at !== null && inside(at, fs.scope)) return;
      fs.free.add(name);
    }
  }
}

/** Whether scope `s` is `outer` or opened inside it (in the same function). */
function inside(s: Scope, outer: Scope): boolean {
  for (let x: Scope | null = s; x !== null; x = x.parent) if (x === outer) return true;
  return false;
}

export class FnCtx {
  readonly blocks: (string | Point)[][] = [[]];
  /**
   * For each block, how many clause blocks (`M1:{...}`) are open in it where code is being
   * emitted. A clause body is written inside its clause's block, so clauses nested in
   * bodies nest JS labels; V8 checks each label against every enclosing one, which made
   * 20,000 nested cases quadratic to load. Past MAX_OPEN_CLAUSES a body goes to a block of
   * its own (see bodyBlock).
   */
  readonly openClauses: number[] = [0];
  /** This function's index among its unit's codes. */
  selfIdx = -1;
  cur = 0;
  nslots: number;
  readonly captures: { outer: number; inner: number; name: string; constant: boolean }[] = [];
  /** Depth of enclosing try bodies (tail calls are not allowed inside them). */
  tryDepth = 0;
  /** Whether the function installs try handlers (its direct body then keeps them: protocol.ts). */
  hasTry = false;
  /** Try handlers lexically open here, and the most at once (a direct body keeps them in a number). */
  handlerNest = 0;
  maxHandlerNest = 0;
  /** Whether the function contains a receive. */
  hasReceive = false;
  /** Whether the function (or a fn inside it) reads __STACKTRACE__: it gets no direct body. */
  readsStacktrace = false;
  /** Inside a guard: only inline code and direct native calls are allowed. */
  inGuard = 0;
  /** What the guard being compiled is, as errors name it: "guards", or a match's "bitstring size specifier". */
  guardWhere = "guards";
  line = 0;
  private label = 0;
  readonly root: Scope;
  /** The named function this code belongs to (closures inherit it): "name/arity". */
  defName = "";
  /** Code index of the named function being compiled (-1 for closures and the shell). */
  codeIndex = -1;
  /** A shell fun's sites (erl-eval-trace.ts): null for every other function. */
  erl: ErlSites | null = null;
  /** The erl_eval constructs the code being compiled is inside of, outermost first. */
  readonly erlStack: ErlFrame[] = [];
  /** For each frame of erlStack, where the run of frames with its entry begins (pushErl). */
  private readonly erlRuns: number[] = [];
  /** Where in erlStack comprehension generators' frames are (comprehensions.ts). */
  readonly erlGenerators: number[] = [];
  /** The call being compiled applies a fun value (`f.(x)`). */
  erlFunCall = false;
  /** In compiled code, the comprehension generator the code being compiled runs in (comprehension-trace.ts). */
  forScope: ForScope | null = null;
  /** The fun (a fn, a comprehension generator's) whose body is being compiled: null in the function's own (Unit.funNode). */
  funNode: FunNode | null = null;
  constructor(
    readonly unit: Unit,
    readonly arity: number,
    /** Scope of the enclosing function at the point this fn is defined (closures). */
    readonly outer: Scope | null,
  ) {
    this.nslots = arity;
    this.root = new Scope(this, null);
    if (outer !== null) this.defName = outer.fn.defName;
  }

  emit(s: string): void {
    this.blocks[this.cur].push(s);
  }
  /** Emits a protocol point (see Point). */
  emitPoint(pt: Point): void {
    this.blocks[this.cur].push(pt);
  }
  newBlock(): number {
    this.blocks.push([]);
    this.openClauses.push(0);
    return this.blocks.length - 1;
  }
  /**
   * Where a clause body opened in the current block is written: here, or, with too many
   * clause blocks open here already, in a new block jumped to (its labels start afresh).
   */
  bodyBlock(): void {
    if (this.openClauses[this.cur] < MAX_OPEN_CLAUSES) return;
    const k = this.newBlock();
    this.jump(k);
    this.setBlock(k);
  }
  /** The block being emitted. */
  currentBlock(): number {
    return this.cur;
  }
  setBlock(k: number): void {
    this.cur = k;
  }
  jump(k: number): void {
    this.emit(`f.pc=${k};continue L;`);
  }
  slot(): number {
    return this.nslots++;
  }
  freshLabel(): string {
    return `M${this.label++}`;
  }
  /** A fresh JS temp name (block-scoped const). */
  temp(): string {
    return `t${this.label++}`;
  }

  /**
   * What a frame's line is set to at a call or a raise: the source line, or in a shell fun
   * the site (the line and the erl_eval constructs around; erl-eval-trace.ts).
   */
  siteLine(): number {
    if (this.erl === null) return this.forScope === null ? this.line : this.unit.forSites.lineOf(this.line, this.forScope.level);
    return this.erl.lineOf(this.line, this.erlStack, this.erlFunCall, this.erlRuns, this.erlGenerators);
  }

  /**
   * Whether this is code the Erlang compiler compiles on BEAM (a module's, a script's top
   * level), not shell code erl_eval interprets: its frames show lines.
   */
  compiled(): boolean {
    return this.erl === null && (this.unit.module !== "" || this.unit.script);
  }

  /**
   * Compiles a value (`gen`) inside erl_eval constructs `frames` (innermost first): in a shell
   * fun, the frame's line says so while the value is computed (so the value is computed
   * there, into a register), and says where the code is again once it is done.
   */
  within(frames: readonly ErlFrame[], gen: () => string): string {
    if (this.erl === null || this.inGuard > 0 || frames.length === 0) return gen();
    const at = this.enterErl(frames);
    const block = this.cur;
    const mark = this.blocks[block].length;
    let v: string;
    try {
      v = gen();
      if (!/^(r\[\d+\]|K\[\d+\]|-?\d+|null|true|false)$/.test(v)) {
        const s = this.slot();
        this.emit(`r[${s}]=${v};`);
        v = `r[${s}]`;
      }
    } catch (e) {
      this.erlStack.length = at;
      throw e;
    }
    if (this.cur === block && this.blocks[block].length === mark) {
      // Nothing was computed there (a literal, a variable): no need to say so.
      this.blocks[block].length = mark - 1;
      this.erlStack.length = at;
      return v;
    }
    this.leaveErl(at);
    return v;
  }

  /** Compiles code that ends its block (a tail position) inside erl_eval constructs `frames`. */
  withinTail(frames: readonly ErlFrame[], gen: () => void): void {
    if (this.erl === null || this.inGuard > 0 || frames.length === 0) return gen();
    const at = this.enterErl(frames);
    try {
      gen();
    } finally {
      this.leaveErl(at);
    }
  }

  /** Whether erl_eval goes on after the code being compiled in this shell fun (see ErlSites). */
  erlNonTail(): boolean {
    for (let i = this.erlStack.length - 1; i >= 0 && this.erlStack[i].fence !== true; i--) if (!this.erlStack[i].keep) return true;
    return false;
  }

  /** Enters one erl_eval construct (erlStack is only ever pushed to here, and cut back). */
  pushErl(frame: ErlFrame): void {
    const i = this.erlStack.length;
    this.erlRuns[i] = i > 0 && this.erlStack[i - 1].entry === frame.entry ? this.erlRuns[i - 1] : i;
    this.erlStack.push(frame);
  }

  private enterErl(frames: readonly ErlFrame[]): number {
    const at = this.erlStack.length;
    for (let i = frames.length - 1; i >= 0; i--) this.pushErl(frames[i]);
    this.emit(`f.line=${this.siteLine()};`);
    return at;
  }

  private leaveErl(at: number): void {
    this.erlStack.length = at;
    if (!this.blockEnded()) this.emit(`f.line=${this.siteLine()};`);
  }

  /** Whether the block being emitted has ended (a jump, a return, a tail call). */
  private blockEnded(): boolean {
    const b = this.blocks[this.cur];
    const last = b[b.length - 1];
    if (last === undefined) return false;
    if (typeof last !== "string") return true;
    return /(continue L;|break S;|return [^;{}]*;)$/.test(last);
  }

  /**
   * Emits a call whose status expression is `statusExpr` and returns the register holding
   * its result; `direct` is the same call as a direct body makes it (a term or SUSPEND),
   * or null when it has none.
   */
  call(statusExpr: string, direct: string | null = null): string {
    const k = this.newBlock();
    const line = this.siteLine();
    this.emitPoint({
      res: () => genCall(line, k, statusExpr),
      dir: direct === null ? null : () => genDirectCall(line, k, direct, this.directSite(k, line), this.hasTry),
      resume: k,
    });
    this.setBlock(k);
    const t = this.slot();
    this.emit(`r[${t}]=p.x;`);
    return `r[${t}]`;
  }

  /** Emits a tail call (the frame is replaced); `direct` as for call(). */
  tailCall(statusExpr: string, direct: string | null = null): void {
    const line = this.siteLine();
    this.emitPoint({ res: () => genTailCall(line, statusExpr), dir: direct === null ? null : () => genDirectTailCall(line, direct) });
  }

  /** Returns `value`: leaves the switch for the return sequence at the end of `source()`. */
  ret(value: string): void {
    this.emit(genReturn(value));
  }

  /** "Mod.fun/arity" of the function being compiled ("" in the shell). */
  where(): string {
    if (!this.unit.module || !this.defName) return "";
    const m = this.unit.module.startsWith("Elixir.") ? this.unit.module.slice(7) : ":" + this.unit.module;
    // The module body itself (compiled as __MODULE__/N) is named by the module alone.
    if (this.defName.startsWith("__MODULE__/")) return m;
    // A macro (MACRO-name/arity+1 on the BEAM) as its caller sees it: name/arity.
    const [, name, arity] = /^(.*)\/(\d+)$/.exec(this.defName)!;
    const macro = /^MACRO-(.*)$/.exec(name);
    return macro !== null ? `${m}.${funText(macro[1])}/${Number(arity) - 1}` : `${m}.${funText(name)}/${arity}`;
  }

  /** Looks a variable up, capturing it from enclosing functions when needed. */
  lookup(scope: Scope, name: string): number | null {
    const s = scope.localHolder(name);
    if (s !== null) {
      const b = s.bindings.get(name);
      if (b) b.used = true;
      if (this.forScope !== null) this.forScope.noteRead(s, name, this.literalVar(scope, name));
      return s.vars.get(name)!;
    }
    const slot = this.lookupOuter(name);
    if (slot !== null && this.forScope !== null) this.forScope.noteRead(null, name, this.literalVar(scope, name));
    return slot;
  }

  /** Looks `name` up in the enclosing functions only, capturing it (null: not found). */
  /**
   * Whether variable `name`, as `scope` of this function sees it, was bound to a literal (the
   * Erlang compiler puts the value where it is read), here or in the function it was captured from.
   */
  literalVar(scope: Scope, name: string): boolean {
    const b = scope.localHolder(name)?.bindings.get(name);
    return b !== undefined ? b.constant === true : this.captures.some((c) => c.name === name && c.constant);
  }

  lookupOuter(name: string): number | null {
    if (this.outer === null) return null;
    const outerSlot = this.outer.fn.lookup(this.outer, name);
    if (outerSlot === null) return null;
    const inner = this.slot();
    // (bound to a literal out there: no variable of the fun on BEAM, its value is put in)
    this.captures.push({ outer: outerSlot, inner, name, constant: this.outer.fn.literalVar(this.outer, name) });
    this.root.vars.set(name, inner);
    return inner;
  }

  /**
   * The JS source of this function. A return to a frame running this same code (recursion)
   * is done here, without going back to the unit's dispatch loop; so are self calls
   * (see localCall), which switch `f`/`r` to the callee frame and continue.
   */
  source(l: LinkInfo): string {
    const texts = this.blocks.map((b) => b.map((x) => (typeof x === "string" ? x : x.res(l))).join(""));
    return genFunction(layout(texts, texts.map((x) => jumpTarget(x, "f.pc")), "f.pc"));
  }

  /** Whether this function can have a direct body (every piece of it has a direct form). */
  directCapable(): boolean {
    if (this.selfIdx < 0 || this.nslots > MAX_DIRECT_SLOTS || this.readsStacktrace) return false;
    if (this.hasTry && (this.blocks.length >= HANDLER_BASE - 1 || this.maxHandlerNest > MAX_DIRECT_HANDLERS)) return false;
    const ref = `C[${this.selfIdx}]`;
    return this.blocks.every((b) => b.every((x) => (typeof x === "string" ? toDirect(x, ref) !== null : x.dir !== null)));
  }

  /** The direct body's JS source (only for a directCapable function). */
  directSource(l: LinkInfo, envSlots: number[] | undefined): string {
    const ref = `C[${this.selfIdx}]`;
    const piece = (x: string | Point): string => (typeof x === "string" ? toDirect(x, ref)! : directVocabulary(x.dir!(l), ref));
    // First the blocks as they read registers (call sites recording nothing), to find what
    // each call site's record must hold; then the body with those records.
    this.siteLines = new Map();
    this.selfCalls = 0;
    const reading = this.blocks.map((b) => b.map(piece).join(""));
    const selfCalls = this.selfCalls;
    const lines = this.siteLines;
    const live = liveAtSites(
      this.blocks.map((b) => b.map((x) => (typeof x === "string" ? x : x.res(l))).join("")),
      reading,
      [...lines.keys()],
      this.nslots,
      this.hasTry,
    );
    this.siteLines = null;
    const sites: DirectSite[] = [];
    this.sites = new Map();
    for (const [k, line] of lines) {
      const site: DirectSite = { pc: k, live: live.get(k)!, ref: `S[${this.unit.siteDefs.length}]` };
      this.unit.siteDefs.push(genSiteDef(ref, site, line, this.nslots, envSlots === undefined));
      this.sites.set(k, site);
      sites.push(site);
    }
    // Self calls go on the explicit stack (protocol.ts XS) where the body's returns can be
    // read (rewriteReturns) and no try handler needs its JS activation; only in a function
    // with one self call (a recursion over a list or a count, which may go deep: a tree
    // recursion such as fib's two calls goes about as deep as the logarithm of its work,
    // and its body, bigger by the stack's code, measured 50% slower).
    this.xsMode = selfCalls === 1 && envSlots === undefined && !this.hasTry && reading.every((t) => rewriteReturns(t) !== null);
    this.xsSites = [];
    let texts = this.blocks.map((b) => b.map(piece).join(""));
    let bodies = texts;
    if (this.xsSites.length > 0) {
      const rewritten = texts.map(rewriteReturns);
      if (rewritten.every((t) => t !== null)) bodies = rewritten as string[];
      else {
        this.xsMode = false;
        this.xsSites = [];
        texts = bodies = this.blocks.map((b) => b.map(piece).join(""));
      }
    }
    const xsites = this.xsSites;
    this.xsMode = false;
    this.xsSites = [];
    this.sites = null;
    // (a call site with a continuation is never resumed through its direct body: the
    // body restores itself only at the others)
    const restored: DirectSite[] = [];
    for (const site of sites) {
      const k = envSlots === undefined && !this.hasTry ? genSiteContinuation(ref, site, lines.get(site.pc)!, texts[site.pc]) : "";
      if (k !== "") {
        this.unit.siteDefs.push(k);
        if (xsites.includes(site)) site.cont = texts[site.pc];
      } else restored.push(site);
    }
    const next = this.blocks.map((b, i) => {
      const last = b[b.length - 1];
      return typeof last !== "string" && last !== undefined && last.resume !== undefined ? last.resume : jumpTarget(bodies[i], "$pc");
    });
    const cases = layout(bodies, next, "$pc");
    return genDirectFunction(ref, this.arity, this.nslots, envSlots, cases, this.hasTry, restored, xsites);
  }

  /** While directSource reads the blocks: how many non-tail self calls it met. */
  selfCalls = 0;
  /** While directSource renders the body: whether self calls go on the explicit stack (XS). */
  xsMode = false;
  /** The call sites of those self calls, as they are rendered. */
  xsSites: DirectSite[] = [];

  /** While directSource reads the blocks: the call sites met (resume block → line). */
  private siteLines: Map<number, number> | null = null;
  /** While directSource renders the body: each call site's Site. */
  private sites: Map<number, DirectSite> | null = null;

  /**
   * The Site of the direct body's call resuming at block `k`, at `line`, for its record on
   * suspension (protocol.ts genDirectCall): null while the blocks are read for registers.
   */
  directSite(k: number, line: number): DirectSite | null {
    if (this.siteLines !== null) {
      this.siteLines.set(k, line);
      return null;
    }
    const s = this.sites?.get(k);
    if (s === undefined) throw new Error(`internal compiler error: no site for block ${k}`);
    return s;
  }
}

/**
 * For each call site (its resume block), the registers its continuation may read before
 * writing them: those named in any block reachable from there (by a jump, a call's resume,
 * a jump mark), in either body, except the one the resume block first writes with the
 * callee's value (`r[t]=p.x;`, where call results go). When the blocks' flow cannot be read
 * from their text (try handlers, a computed pc, the register file used whole, a block that
 * may run on into another), every site keeps every register.
 */
export function liveAtSites(res: string[], dir: string[], resumeBlocks: number[], nslots: number, hasTry: boolean): Map<number, number[]> {
  const out = new Map<number, number[]>();
  const all: number[] = [];
  for (let i = 0; i < nslots; i++) all.push(i);
  const everything = () => {
    for (const k of resumeBlocks) out.set(k, all);
    return out;
  };
  if (hasTry || resumeBlocks.length === 0) return everything();
  const n = res.length;
  const mentions: Set<number>[] = [];
  const succ: number[][] = [];
  // Blocks something may enter: the first and every block a jump names (a block that runs
  // on into the next gives up below). The others are dead (the result block of a call
  // whose value goes unused, as in `and`) and say nothing about the flow.
  const named = new Set<number>([0]);
  for (let b = 0; b < n; b++) for (const x of (res[b] + "\n" + dir[b]).matchAll(/pc=(\d+)|\/\*>(\d+)\*\//g)) named.add(Number(x[1] ?? x[2]));
  for (let b = 0; b < n; b++) {
    if (!named.has(b)) {
      mentions.push(new Set());
      succ.push([]);
      continue;
    }
    // (a suspension's record names every register, but reads none: where it resumes does;
    // its code is C[i])
    const text = res[b] + "\n" + dir[b].replace(/O\.(?:sus|susWait)\(p,[^()]*\)|O\.(?:suspendH|suspendWait)\(p,(?:[^()[\]]|\[\d+\])*\[[^()[\]]*\][^()[\]]*\)/g, "O.sus()");
    // (the register file itself, other than taken by a frame switch or a tail call's writes)
    const whole = text.replace(/\br=(f|up|q)\.r;|\br=q;|\bconst q=r;|\br\[/g, "");
    if (/(^|[^\w$.])r(?![\w$])/.test(whole)) return everything();
    if (/pc=(?!\d)/.test(text)) return everything();
    if (!endsBlock(res[b]) || !endsBlock(dir[b])) return everything();
    const m = new Set<number>();
    for (const x of text.matchAll(/(?<![\w$.])(?:r\[|q\[|r\$)(\d+)/g)) m.add(Number(x[1]));
    mentions.push(m);
    const s: number[] = [];
    for (const x of text.matchAll(/pc=(\d+)|\/\*>(\d+)\*\//g)) s.push(Number(x[1] ?? x[2]));
    succ.push(s);
  }
  for (const k of resumeBlocks) {
    const seen = new Set<number>([k]);
    const todo = [k];
    const regs = new Set<number>();
    while (todo.length > 0) {
      const b = todo.pop()!;
      if (b >= n) return everything();
      for (const r of mentions[b]) regs.add(r);
      for (const t of succ[b]) if (!seen.has(t)) (seen.add(t), todo.push(t));
    }
    const first = /^r\[(\d+)\]=p\.x;/.exec(res[k]);
    if (first !== null && dir[k].startsWith(`r$${first[1]}=$x;`)) regs.delete(Number(first[1]));
    out.set(
      k,
      [...regs].filter((r) => r < nslots).sort((a, b) => a - b),
    );
  }
  return out;
}

/** Whether a block's text ends by leaving it (a jump, a return, a throw), so it never runs on into the next. */
function endsBlock(text: string): boolean {
  return /(continue L;|break S;|return [^;{}]*;|throw [^;{}]*;|throw [^;]*\);)\}*$/.test(text);
}

export type { Ast };

/** A function's name after `Mod.` as Exception.format_mfa/3 writes it: quoted when it must be (M."test a b"/0). */
export function funText(name: string): string {
  return inspectAtom("remote_call", Atom.intern(name));
}

/** "name/arity" with the name as funText gives it. */
export function defText(defName: string): string {
  const m = /^(.*)\/(\d+)$/.exec(defName);
  return m === null ? funText(defName) : `${funText(m[1])}/${m[2]}`;
}

/** A fun a user's module or script makes (Unit.funNodes): `local` names the function a `&local/n` is. */
export interface FunNode {
  parent: FunNode | null;
  def: string;
  local?: string;
  index: number;
  n: number;
}

/**
 * Gives a unit's funs their BEAM lambda indexes, as OTP 25's compiler does: the module's
 * functions in the order Elixir hands them over (sorted by name and arity, macros after the
 * functions) number the funs they make, each in the order they are written; then the funs
 * lifted out of them, in the reverse of the order their bodies end, number the funs they make
 * in turn. Every `&local/n` of one function shares one index.
 */
export function numberFuns(nodes: readonly FunNode[]): void {
  const key = (d: string) => {
    const i = d.lastIndexOf("/");
    return { macro: d.startsWith("MACRO-"), name: d.slice(0, i), arity: Number(d.slice(i + 1)) };
  };
  const defs = [...new Set(nodes.map((x) => x.def))].sort((x, y) => {
    const a = key(x);
    const b = key(y);
    if (a.macro !== b.macro) return a.macro ? 1 : -1;
    if (a.name !== b.name) return a.name < b.name ? -1 : 1;
    return a.arity - b.arity;
  });
  const children = new Map<FunNode | string, FunNode[]>();
  for (const x of nodes) {
    const k = x.parent ?? x.def;
    const l = children.get(k);
    if (l === undefined) children.set(k, [x]);
    else l.push(x);
  }
  let next = 0;
  const locals = new Map<string, number>();
  const number = (k: FunNode | string) => {
    for (const x of children.get(k) ?? []) {
      if (x.local === undefined) x.index = next++;
      else {
        let i = locals.get(x.local);
        if (i === undefined) locals.set(x.local, (i = next++));
        x.index = i;
      }
    }
  };
  for (const d of defs) number(d);
  // (lifted as each fun's body ends, innermost first; the module lists them newest first)
  const ended: FunNode[] = [];
  const walk = (k: FunNode | string) => {
    for (const x of children.get(k) ?? []) {
      if (x.local !== undefined) continue;
      walk(x);
      ended.push(x);
    }
  };
  for (const d of defs) walk(d);
  for (let i = ended.length - 1; i >= 0; i--) number(ended[i]);
}
