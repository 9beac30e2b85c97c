// Units: `defmodule` bodies (def/defp/defstruct/defexception/attributes/alias/import) and
// shell inputs, compiled to JS source and linked into Code objects with `new Function`.
import { writeFileSync } from "node:fs";
import { charlistOf } from "../term.js";
import { Ast, AstNode, Meta, isAtomAst, isNode, isTupleAst } from "../../lang/ast.js";
import { genReturnNow, genUnitLoop } from "../protocol.js";
import { Code, CodeObj, nativeCode } from "../code.js";
import { ERL, ErlSites } from "../erl-eval-trace.js";
import { Atom, Bin, Cons, NIL, Term, a, list, tuple } from "../term.js";
import { MapTerm } from "../map.js";
import { BeamError, raise } from "../errors.js";
import { Fun } from "../fun.js";
import { memoized, request } from "../elixir-callback.js";
import { listToArray } from "../term.js";
import { inspect } from "../inspect.js";
import { Clause, sections } from "./control.js";
import { ERL_COMPILER_FRAME, aliasName, block, displayModule, literalTerm, tailBlock } from "./expr.js";
import { warnScriptCalls } from "./literal-warnings.js";
import { PROTOCOL_FORBIDDEN, compileDefinition, deriveAll, finishImpl, finishProtocol, isDerive, protocolFunction, startImpl } from "./protocols.js";
import type { ImplInfo, ProtocolInfo } from "../protocols.js";
import { BehaviourInfo, Callback, Definition, behaviourInfoCode, callbackHead, checkBehaviours, optionalCallbacks } from "./behaviours.js";
import { compileFunction } from "./fns.js";
import { OPS } from "./ops-table.js";
import { CompileError, CompilerHost, Env, FnCtx, LinkInfo, RemoteCall, Unit, copyEnv, newEnv, numberFuns } from "./unit.js";
import { undefinedCallWarnings } from "./xref.js";
import { astText } from "./expand.js";
import { isSnapshotKey } from "./env.js";
import { keepFunSource } from "../dist/fun-source.js";

export interface CompiledModule {
  name: string;
  /** Public functions: "name/arity" → code. */
  fns: Map<string, Code>;
  struct?: [string, Term][];
  exception?: boolean;
  attributes: Map<string, Term>;
  /** What module_info(:attributes) lists after vsn and behaviour (persisted attributes). */
  persisted?: [string, Term][];
  /** The value of the last expression of the module body (returned by defmodule). */
  last: Term;
  /** Nested modules, compiled first. */
  nested: CompiledModule[];
  /** The @on_load function's code (public or private), which loading the module runs. */
  onLoad?: Code;
  /** Its funs (closures) by BEAM lambda index, so a fun of it sent from another node runs here. */
  lambdas?: Lambdas;
  /** Compiler warnings (unused variables), iex formatted. */
  warnings: string[];
  /** How many of `warnings`, at the end, are the Erlang compiler's (they follow the module's checks). */
  erlangWarnings?: number;
  /** Remote calls of its functions, checked once modules are installed (xref.ts). */
  calls?: RemoteCall[];
  /** Set when the module is a protocol (defprotocol). */
  protocol?: ProtocolInfo;
  /** Set when the module implements a protocol (defimpl, @derive). */
  impl?: ImplInfo;
  /** The file it was compiled from. */
  file?: string;
  /** The callbacks it declares as a behaviour (@callback, @macrocallback). */
  callbacks?: BehaviourInfo;
  /** Its typespecs as written (see ModuleDef.typespecs). */
  typespecs?: Term;
  /** Its @behaviour declarations. */
  behaviours?: string[];
  /**
   * Set when its functions call locals that do not exist: the module cannot be loaded
   * (finishModule reports them as elixir_locals does).
   */
  undefinedLocals?: { error: CompileError; name: string; arity: number }[];
  /** Public macros ("name/arity"; their code is `MACRO-name/arity+1` in fns). */
  macros?: string[];
  /** Its @deprecated definitions: name, arity, reason. */
  deprecated?: [string, number, string][];
}

/** What kind of module a defprotocol/defimpl compiles (plain modules have none). */
export interface ModuleKind {
  protocol?: boolean;
  impl?: ImplInfo;
}

interface FnGroup {
  name: string;
  arity: number;
  isPrivate: boolean;
  /** Line of its first clause. */
  line?: number;
  /** The @impl given before it (true, false or a behaviour). */
  impl?: Term;
  clauses: Clause[];
  defaults: Ast[] | null;
  /** Lower arities its defaults do not give (an overridable one's clause taken by super). */
  defaultsTaken?: number[];
  idx: number;
  /** Defined by a `use` template: a definition in the module itself replaces it. */
  overridable?: boolean;
  /** `__ENV__.context_modules` where it was defined (for the undefined-call check). */
  contextModules?: string[];
  /** The file a @file before it named (its undefined local calls are reported there). */
  file?: string;
}

/** One function (or a macro's `MACRO-name/arity+1`) to compile: its expanded clauses. */
export type DefGroup = FnGroup;

export interface DefinitionsOptions {
  struct: [string, Term][] | undefined;
  exception: boolean;
  contextModules: string[];
  /** Record the unit for the prelude cache (false for compile-time-only code). */
  record: boolean;
  /** Keep private functions in `fns` (a module's macros compiled for its own later use). */
  private?: boolean;
  /** The struct's `@enforce_keys`, as defstruct read them. */
  enforce?: Term[];
  /** "name/arity" of the @on_load function. */
  onLoad?: string;
  /** Link even with undefined local calls, which call the module (and fail as they run). */
  linkUndefined?: boolean;
}

/**
 * Compiles a module's definitions, already expanded (module-build.ts stores them), into a
 * CompiledModule: lower arities for defaults, exception defaults, one unit for all.
 */
export function compileDefinitions(host: CompilerHost, module: string, file: string, groups: DefGroup[], opts: DefinitionsOptions): CompiledModule {
  const env = { ...newEnv(), defined: opts.contextModules };
  const unit = new Unit(module, file, env, host);
  unit.ownStruct = opts.struct ?? null;
  unit.ownEnforce = opts.enforce ?? [];
  const st: ModState = { groups: new Map(), order: [], last: null, nested: [], struct: opts.struct, exception: opts.exception, line: 0, derive: [], callbacks: [], optional: [], behaviours: [] };
  for (const g0 of groups) {
    const g: FnGroup = { ...g0, idx: unit.reserveCode(g0.name, g0.arity) };
    unit.codes[g.idx].line = g.line ?? 0;
    st.groups.set(`${g.name}/${g.arity}`, g);
    st.order.push(g);
    unit.locals.set(`${g.name}/${g.arity}`, g.idx);
    unit.defContexts.set(`${g.name}/${g.arity}`, g.contextModules ?? opts.contextModules);
  }
  for (const g of [...st.order]) if (g.defaults) defaultArities(unit, g, st);
  for (const g of st.order) unit.localClauses.set(g.idx, g.clauses);
  unit.undefinedLocals = [];
  for (const g of st.order) {
    if (g.clauses.length === 0) throw notProvided(unit, g);
    unit.definitionFile = g.file ?? file;
    unit.definitionPrivate = g.isPrivate;
    // (a @file before the definition is where its code runs: its stack entries, and those
    // of the anonymous functions in it, name that file, as on BEAM)
    unit.codes[g.idx].file = unit.definitionFile;
    compileFunction(unit, g.idx, g.name, g.arity, g.clauses);
  }
  unit.definitionFile = null;
  if (unit.undefinedLocals.length > 0 && opts.linkUndefined !== true) {
    return { name: module, fns: new Map(), attributes: new Map(), last: null, nested: [], warnings: unit.warnings(), undefinedLocals: unit.undefinedLocals, file };
  }
  const codes = link(unit, opts.record);
  const fns = new Map<string, Code>();
  for (const g of st.order) if (!g.isPrivate || opts.private) fns.set(`${g.name}/${g.arity}`, codes[g.idx]);
  if (st.struct) addStructFunctions(module, st.struct, fns, opts.enforce ?? []);
  const erlang = unit.erlangWarningTexts();
  const onLoad = opts.onLoad === undefined ? undefined : st.groups.get(opts.onLoad);
  return { name: module, fns, lambdas: lambdasOf(unit, codes), struct: st.struct, exception: st.exception, attributes: new Map(), last: null, nested: [], warnings: [...unit.warnings(), ...erlang], erlangWarnings: erlang.length, calls: unit.remoteCalls, file, onLoad: onLoad && codes[onLoad.idx] };
}

/** A warning from the module's own checks: before the Erlang compiler's, as Elixir prints them. */
export function addModuleWarning(m: CompiledModule, text: string): void {
  m.warnings.splice(m.warnings.length - (m.erlangWarnings ?? 0), 0, text);
}

const DOC_ATTRS = new Set(["doc", "moduledoc", "impl", "spec", "type", "typep", "opaque", "callback", "behaviour", "typedoc", "since", "deprecated", "dialyzer", "compile", "optional_callbacks", "macrocallback"]);

/** Compiles `defmodule Name do ... end`. `env` is the enclosing lexical environment. */
export function compileModule(host: CompilerHost, node: AstNode, env: Env, file: string, enclosing = "", kind: ModuleKind = {}): CompiledModule {
  const [nameAst, kw] = node.args!;
  if (node.args!.length !== 2 || !(isAtomAst(nameAst) || (isNode(nameAst) && nameAst.name === "__aliases__"))) {
    throw new CompileError("invalid module name in defmodule", file, node.meta?.line ?? 0);
  }
  let name = isAtomAst(nameAst) ? nameAst.atom : aliasName({ env, module: enclosing }, nameAst as AstNode);
  if (enclosing && isNode(nameAst) && nameAst.name === "__aliases__") {
    name = enclosing + "." + (nameAst.args as { atom: string }[]).map((p) => p.atom).join(".");
  }
  // Like the alias `defmodule` expands to, the module joins the enclosing context; its
  // own context starts with it (elixir_compiler adds it once more).
  env.defined = [name, ...env.defined];
  const modEnv = copyEnv(env);
  modEnv.defined = [name, ...env.defined];
  if (enclosing && isNode(nameAst) && nameAst.name === "__aliases__") {
    const first = ((nameAst.args![0]) as { atom: string }).atom;
    env.aliases.set(first, enclosing + "." + first);
    modEnv.aliases.set(first, enclosing + "." + first);
  }
  const unit = new Unit(name, file, modEnv, host);
  const line = node.meta?.line ?? 0;
  const state: ModState = { groups: new Map<string, FnGroup>(), order: [] as FnGroup[], last: null as Term, nested: [] as CompiledModule[], struct: undefined as [string, Term][] | undefined, exception: false, line, derive: [], callbacks: [], optional: [], behaviours: [] };
  if (kind.protocol) state.protocol = { functions: [], lines: [] };
  if (kind.impl) {
    startImpl(unit, kind.impl);
    // An implementation is checked against its protocol like a behaviour (@behaviour Proto).
    state.behaviours.push(kind.impl.protocol);
  }
  state.impl = kind.impl;
  const body = sections(new FnCtx(unit, 0, null), kw).do;
  const items = isNode(body) && body.name === "__block__" ? body.args! : [body];
  for (const item of items) moduleItem(unit, item, state, host);
  return finishModule(unit, state);
}

export type ModState = {
  /** Processing the body of a `use` template (its definitions are overridable). */
  inTemplate?: boolean;
  /** Line of the defmodule (warnings about the whole module point there). */
  line: number;
  /** A protocol's functions, when compiling a defprotocol. */
  protocol?: { functions: [string, number][]; lines: number[] };
  /** The implementation a defimpl compiles. */
  impl?: ImplInfo;
  /** `@derive` values not yet used by a defstruct. */
  derive: Term[];
  /** @callback/@macrocallback declarations, @optional_callbacks, @behaviour modules. */
  callbacks: Callback[];
  optional: string[];
  behaviours: string[];
  /** An @impl waiting for the next definition. */
  pendingImpl?: Term;
  groups: Map<string, FnGroup>;
  order: FnGroup[];
  last: Term;
  nested: CompiledModule[];
  struct: [string, Term][] | undefined;
  exception: boolean;
};

function moduleItem(unit: Unit, item: Ast, st: ModState, host: CompilerHost): void {
  if (!isNode(item) || typeof item.name !== "string") {
    st.last = null;
    return;
  }
  const fn = new FnCtx(unit, 0, null);
  if (st.protocol !== undefined && PROTOCOL_FORBIDDEN.has(item.name)) {
    if (item.name === "def" && item.args?.length === 1) {
      protocolFunction(unit, item, st);
      return;
    }
    throw unit.error(`undefined function ${item.name}/${item.args?.length ?? 0} (there is no such import)`, item.meta);
  }
  switch (item.name) {
    case "def":
    case "defp":
      addDef(unit, item, st);
      return;
    case "@":
      if (isDerive(item)) {
        st.derive.push(literalTerm(fn, (item.args![0] as AstNode).args![0]));
        st.last = null;
        return;
      }
      if (behaviourAttribute(unit, fn, item, st)) return;
      st.last = attribute(unit, fn, item);
      return;
    case "defstruct":
      st.struct = structFields(fn, item.args![0]);
      unit.ownStruct = st.struct;
      unit.ownEnforce = enforcedKeys(unit.attributes.get("enforce_keys"));
      st.last = structDefault(unit.module, st.struct);
      if (st.derive.length > 0) {
        deriveAll(host, unit, st, st.derive);
        st.derive = [];
      }
      return;
    case "defexception":
      st.struct = [["__exception__", true], ...structFields(fn, item.args![0])];
      unit.ownStruct = st.struct;
      st.exception = true;
      st.last = a("ok");
      return;
    case "alias":
    case "import":
    case "require":
      st.last = applyDirective(unit.env, unit, item);
      return;
    case "use":
      applyUse(unit, item, st, host);
      return;
    case "defmodule":
    case "defprotocol":
    case "defimpl": {
      // The module's struct is already usable inside it (`defimpl ... do %Mod{} end`).
      const inner: CompilerHost = st.struct === undefined ? host : { ...host, structFields: (m) => (m === unit.module ? st.struct! : host.structFields(m)) };
      const ms = compileDefinition(inner, item, unit.env, unit.file, unit.module);
      const results: Term[] = [];
      for (const m of ms) {
        // Installed at once: the enclosing module's functions may use its struct or functions.
        host.defineModule(m);
        unit.childWarnings.push(...m.warnings);
        st.nested.push(m);
        results.push(tuple(a("module"), a(m.name), fakeBeam(m.name), m.last));
      }
      st.last = item.name === "defimpl" && ms.length !== 1 ? list(results) : results[0];
      return;
    }
    case "defdelegate":
      addDelegate(unit, item, st);
      return;
    case "defmacro":
    case "defmacrop":
    case "defoverridable":
    case "defguard":
    case "defguardp":
      st.last = null;
      return;
  }
  st.last = null;
}

/**
 * `use Mod, opts`: the template registered for Mod (prelude `using/` files, standing in for
 * `Mod.__using__/1`) is compiled into this module with `@__using__` bound to the options.
 * Its definitions are overridable; `@behaviour` and docs are ignored.
 */
function applyUse(unit: Unit, item: AstNode, st: ModState, host: CompilerHost): void {
  const [target, opts] = item.args!;
  const mod = isAtomAst(target) ? target.atom : aliasName(unit, target as AstNode);
  const template = host.usingTemplate?.(mod) ?? null;
  st.last = null;
  if (template === null) return;
  const fn = new FnCtx(unit, 0, null);
  unit.attributes.set("__using__", opts === undefined ? NIL : literalTerm(fn, opts));
  st.inTemplate = true;
  try {
    for (const t of template) moduleItem(unit, t, st, host);
  } finally {
    st.inTemplate = false;
  }
}

/** `defdelegate fun(args), to: Mod, as: name` (in a defimpl or defprotocol's body): a def calling Mod.name(args). */
function addDelegate(unit: Unit, item: AstNode, st: ModState): void {
  const [head, opts] = item.args ?? [];
  const kw = Array.isArray(opts) ? optsMap(opts) : {};
  const to = kw.to;
  if (to === undefined) throw unit.error("missing :to option in defdelegate", item.meta);
  const target: Ast = isNode(to) && to.name === "__aliases__" ? { atom: aliasName(unit, to) } : to;
  if (!isNode(head) || typeof head.name !== "string") throw unit.error("invalid arguments for defdelegate", item.meta);
  const fun = kw.as !== undefined && isAtomAst(kw.as) ? kw.as.atom : head.name;
  const params = head.args ?? [];
  const callArgs = params.map((p) => {
    if (isNode(p) && p.name === "\\\\" && p.args?.length === 2) return p.args[0];
    if (isNode(p) && typeof p.name === "string" && p.args === null) return p;
    throw unit.error(`defdelegate/2 only accepts function parameters, got: ${astText(p)}`, item.meta);
  });
  const call: AstNode = { name: { name: ".", meta: item.meta, args: [target, { atom: fun }] }, meta: item.meta, args: callArgs };
  addDef(unit, { name: "def", meta: item.meta, args: [head, [{ tuple: [{ atom: "do" }, call] }]] }, st);
  st.last = list([tuple(a(head.name), params.length)]);
}

function addDef(unit: Unit, item: AstNode, st: ModState): void {
  let [head, kw] = item.args!;
  let guard: Ast | null = null;
  if (isNode(head) && head.name === "when") {
    guard = head.args![1];
    head = head.args![0];
  }
  if (!isNode(head) || typeof head.name !== "string") throw unit.error("invalid function head", item.meta);
  const name = head.name;
  const params = head.args ?? [];
  const arity = params.length;
  const key = `${name}/${arity}`;
  let g = st.groups.get(key);
  if (g !== undefined && g.overridable && !st.inTemplate) {
    // The module overrides a default injected by `use`: its clauses, and its line in traces.
    g.clauses = [];
    g.overridable = false;
    g.line = item.meta?.line ?? 0;
    unit.codes[g.idx].line = g.line;
  }
  if (g === undefined) {
    g = { name, arity, isPrivate: item.name === "defp", clauses: [], defaults: null, idx: unit.reserveCode(name, arity), overridable: st.inTemplate, line: item.meta?.line ?? 0 };
    unit.codes[g.idx].line = item.meta?.line ?? 0;
    st.groups.set(key, g);
    st.order.push(g);
    unit.locals.set(key, g.idx);
    unit.defContexts.set(key, unit.env.defined);
  }
  if (st.pendingImpl !== undefined) {
    if (g.impl === undefined) g.impl = st.pendingImpl;
    st.pendingImpl = undefined;
  }
  const hasDefaults = params.some((p) => isNode(p) && p.name === "\\\\");
  if (hasDefaults) g.defaults = params;
  const pats = params.map((p) => (isNode(p) && p.name === "\\\\" ? p.args![0] : p));
  if (kw !== undefined) {
    const s = sections(new FnCtx(unit, 0, null), kw);
    g.clauses.push({ pats, guard, body: s.do ?? null, line: item.meta?.line as number | undefined });
  }
  st.last = tuple(a(name), arity);
}

/** Generates the lower arities of a function with default arguments. */
function defaultArities(unit: Unit, g: FnGroup, st: ModState): void {
  const params = g.defaults!;
  const nDefaults = params.filter((p) => isNode(p) && p.name === "\\\\").length;
  for (let k = g.arity - nDefaults; k < g.arity; k++) {
    if (g.defaultsTaken?.includes(k)) continue;
    const key = `${g.name}/${k}`;
    let given = 0;
    let skip = g.arity - k;
    const vars: Ast[] = [];
    const call: Ast[] = [];
    params.forEach((p, i) => {
      const isDef = isNode(p) && p.name === "\\\\";
      if (isDef && skip > 0 && defaultsAfter(params, i) <= skip) {
        skip--;
        call.push((p as AstNode).args![1]);
      } else {
        const v: Ast = { name: `__arg${given++}`, meta: { line: 0, column: 0 }, args: null };
        vars.push(v);
        call.push(v);
      }
    });
    const body: Ast = { name: g.name, meta: { line: 0, column: 0 }, args: call };
    const clause: Clause = { pats: vars, guard: null, body };
    const existing = st.groups.get(key);
    if (existing) {
      // Explicit clauses of the lower arity come first; the default-filling clause after them,
      // at the line of the def with the defaults (where the Erlang compiler reports it).
      existing.clauses.push(g.line ? { ...clause, line: g.line } : clause);
      continue;
    }
    const sub: FnGroup = { name: g.name, arity: k, isPrivate: g.isPrivate, clauses: [clause], defaults: null, idx: unit.reserveCode(g.name, k) };
    st.groups.set(key, sub);
    st.order.push(sub);
    unit.locals.set(key, sub.idx);
  }
}

/** Number of default parameters at index >= i (defaults are filled from the left). */
function defaultsAfter(params: Ast[], i: number): number {
  return params.slice(i).filter((p) => isNode(p) && p.name === "\\\\").length;
}

function finishModule(unit: Unit, st: ModState): CompiledModule {
  if (st.derive.length > 0) {
    const where = st.struct ? "was set after defstruct, all @derive calls must come before defstruct" : "was set but never used (it must come before defstruct)";
    unit.childWarnings.push(moduleWarning(unit, st, `warning: module attribute @derive ${where}`));
  }
  for (const g of [...st.order]) if (g.defaults) defaultArities(unit, g, st);
  if (st.exception) addExceptionDefaults(unit, st);
  for (const g of st.order) unit.localClauses.set(g.idx, g.clauses);
  for (const g of st.order) {
    if (g.clauses.length === 0) throw notProvided(unit, g);
    compileFunction(unit, g.idx, g.name, g.arity, g.clauses);
  }
  const codes = link(unit);
  const fns = new Map<string, Code>();
  for (const g of st.order) if (!g.isPrivate) fns.set(`${g.name}/${g.arity}`, codes[g.idx]);
  if (st.struct) addStructFunctions(unit.module, st.struct, fns, enforcedKeys(unit.attributes.get("enforce_keys")));
  const m: CompiledModule = { name: unit.module, fns, lambdas: lambdasOf(unit, codes), struct: st.struct, exception: st.exception, attributes: unit.attributes, last: st.last, nested: st.nested, warnings: [], calls: unit.remoteCalls, file: unit.file };
  if (st.protocol) finishProtocol(unit, st, m);
  if (st.impl) finishImpl(unit, st, m);
  if (st.callbacks.length > 0) {
    m.callbacks = { callbacks: st.callbacks, optional: st.optional };
    m.fns.set("behaviour_info/1", behaviourInfoCode(unit.module, m.callbacks));
  }
  if (st.behaviours.length > 0) m.behaviours = st.behaviours;
  const erlang = unit.erlangWarningTexts();
  m.warnings = [...unit.warnings(), ...erlang];
  m.erlangWarnings = erlang.length;
  // Module's end checks (Module.check_behaviours_and_impls) come after its functions' warnings.
  if (st.behaviours.length > 0 || st.order.some((g) => g.impl !== undefined)) {
    const defs: Definition[] = st.order.map((g) => ({
      kind: g.isPrivate ? "defp" : "def", name: g.name, arity: g.arity, line: g.line ?? st.line, fromUse: g.overridable === true,
      defaults: g.defaults === null ? 0 : g.defaults.filter((p) => isNode(p) && p.name === "\\\\").length, impl: g.impl,
    }));
    checkBehaviours(unit.host, unit.module, st.line, st.behaviours, defs, (msg, line) => addModuleWarning(m, lineWarning(unit, line, msg)));
  }
  return m;
}

/** An iex warning about the module, at a line ("  iex:3: Foo (module)"). */
function lineWarning(unit: Unit, line: number, message: string): string {
  return `warning: ${message}\n  ${unit.file}:${line}: ${displayModule(unit.module)} (module)\n\n`;
}

/** @callback, @macrocallback, @optional_callbacks, @behaviour and @impl: recorded for the end checks. */
function behaviourAttribute(unit: Unit, fn: FnCtx, item: AstNode, st: ModState): boolean {
  const inner = item.args![0];
  if (!isNode(inner) || typeof inner.name !== "string" || inner.args === null || inner.args.length !== 1) return false;
  const value = inner.args[0];
  switch (inner.name) {
    case "callback":
    case "macrocallback": {
      const head = callbackHead(value);
      if (head !== null) st.callbacks.push({ kind: inner.name === "callback" ? "function" : "macro", name: head[0], arity: head[1] });
      break;
    }
    case "optional_callbacks":
      st.optional.push(...optionalCallbacks(value));
      break;
    case "behaviour": {
      const b = literalTerm(fn, value);
      if (b instanceof Atom && !st.behaviours.includes(b.name)) st.behaviours.push(b.name);
      break;
    }
    case "impl":
      st.pendingImpl = literalTerm(fn, value);
      break;
    default:
      return false;
  }
  st.last = a("ok");
  return true;
}

/** An iex warning about the whole module ("  iex:3: Foo (module)"). */
export function moduleWarning(unit: Unit, st: ModState, message: string): string {
  return `warning: ${message}\n  ${unit.file}:${st.line}: ${displayModule(unit.module)} (module)\n\n`;
}

/** The default struct value `%Mod{...}` of a defstruct. */
function structDefault(module: string, fields: [string, Term][]): MapTerm {
  return MapTerm.fromPairs([[a("__struct__"), a(module)], ...fields.map(([k, v]) => [a(k), v] as [Term, Term])]);
}

/** The keys `@enforce_keys` names (one atom or a list of atoms), as defstruct reads them. */
export function enforcedKeys(attr: Term | undefined): Term[] {
  if (attr === undefined || attr === null || attr === NIL) return [];
  if (attr instanceof Cons) {
    const out: Term[] = [];
    for (let l: Term = attr; l instanceof Cons; l = l.t) out.push(l.h);
    return out;
  }
  return [attr];
}

/**
 * `Mod.__struct__(kv)` as defstruct generates it: Enum.reduce/3 over `kv` (any enumerable)
 * from the defaults, each element a `{key, value}` whose key the struct has (else the fn's
 * FunctionClauseError, or the map update's KeyError); with `@enforce_keys`, each key not
 * given is then an ArgumentError. The entries under the raise are those of the reduction
 * over that kind of enumerable; the function's own entry only when it is no tail call
 * (with enforced keys).
 */
export function buildStruct(module: string, def: MapTerm, enforce: Term[], kv: Term): MapTerm {
  const own: Term = [a(module), a("__struct__"), 1, NIL];
  const at = (file: string, line: number) => list([[a("file"), charlistOf(file)], [a("line"), line]]);
  const tail = enforce.length > 0 ? [own] : [];
  let items: Term[];
  let over: Term;
  const range = kv instanceof MapTerm ? kv.get(a("__struct__")) : undefined;
  if (kv === NIL || kv instanceof Cons) {
    items = [];
    let l = kv;
    for (; l instanceof Cons; l = l.t) items.push(l.h);
    over = [a("Elixir.Enum"), a("-reduce/3-lists^foldl/2-0-"), 3, at("lib/enum.ex", 2468)];
    if (l !== NIL) {
      // The fold's own clause error, after the elements before the improper tail, given
      // the fn defstruct generates, the accumulator so far and the tail.
      const acc = fold(items, over, false);
      const fn = new Fun(2, null, [], null, null, 0, structFunUniq(module), `${displayModule(module)}.__struct__/1`);
      const err = raise("FunctionClauseError", { module: a("Elixir.Enum"), function: a("-reduce/3-lists^foldl/2-0-"), arity: 3, kind: null, args: null, clauses: null });
      (err as { headFrames?: Term[] }).headFrames = [[a("Elixir.Enum"), a("-reduce/3-lists^foldl/2-0-"), list([fn, acc, l]), at("lib/enum.ex", 2468)], ...tail];
      throw err;
    }
  } else if (kv instanceof MapTerm && range === undefined) {
    items = [...kv.entries.values()].map(([k, v]) => [k, v] as Term);
    over = [a("maps"), a("fold_1"), 3, at("maps.erl", 411)];
  } else if (kv instanceof MapTerm && range === a("Elixir.Range") && typeof kv.get(a("step")) !== "undefined") {
    items = [];
    const [first, last, step] = [kv.get(a("first")), kv.get(a("last")), kv.get(a("step"))].map((x) => BigInt(x as number | bigint));
    if (step > 0n) for (let i = first; i <= last; i += step) items.push(Number.isSafeInteger(Number(i)) ? Number(i) : i);
    else for (let i = first; i >= last; i += step) items.push(Number.isSafeInteger(Number(i)) ? Number(i) : i);
    over = [a("Elixir.Enum"), a("reduce_range"), 5, at("lib/enum.ex", 4299)];
  } else {
    const undef = () => {
      const err = raise("Protocol.UndefinedError", { protocol: a("Elixir.Enumerable"), value: kv, description: "" });
      (err as { headFrames?: Term[] }).headFrames = [
        [a("Elixir.Enumerable"), a("impl_for!"), 1, at("lib/enum.ex", 1)],
        [a("Elixir.Enumerable"), a("reduce"), 3, at("lib/enum.ex", 166)],
        [a("Elixir.Enum"), a("reduce"), 3, at("lib/enum.ex", 4307)],
        ...tail,
      ];
      return err;
    };
    if (!(kv instanceof MapTerm) && !(kv instanceof Fun)) throw undef();
    // A stream or a struct with its own Enumerable: its elements through Enum.to_list/1.
    const listed = memoized(kv);
    if (listed === undefined && !request(undef().reason, kv, "", "Elixir.Enum", "to_list", [kv])) throw undef();
    items = listed === undefined ? [] : (listToArray(listed) ?? []);
    over = [a("Elixir.Enum"), a("reduce"), 3, at("lib/enum.ex", 4307)];
  }
  return fold(items, over);

  /** The struct built from `xs` (with enforced keys, and the keys still missing when not at the end). */
  function fold(xs: Term[], over: Term, end: false): Term;
  function fold(xs: Term[], over: Term): MapTerm;
  function fold(xs: Term[], over: Term, end = true): Term {
    let m = def;
    let missing = enforce;
    for (const x of xs) {
      const acc = () => (enforce.length > 0 ? tuple(m, list(missing)) : m);
      if (!(Array.isArray(x) && x.length === 2)) {
        const err = raise("FunctionClauseError", { module: a(module), function: a("-__struct__/1-fun-0-"), arity: 2, kind: null, args: null, clauses: null });
        (err as { headFrames?: Term[] }).headFrames = [[a(module), a("-__struct__/1-fun-0-"), list([x, acc()]), NIL], over, ...tail];
        throw err;
      }
      const [k, v] = x as Term[];
      if (!m.has(k)) {
        // Raised in the fn Elixir's defstruct generates, by its map update.
        const err = raise("KeyError", { key: k, term: null, message: null });
        (err as { headFrames?: Term[] }).headFrames = [[a(module), a("-__struct__/1-fun-0-"), 2, NIL], over, ...tail];
        throw err;
      }
      m = m.put(k, v);
      if (missing.length > 0) {
        const i = missing.findIndex((y) => y === k);
        if (i >= 0) missing = [...missing.slice(0, i), ...missing.slice(i + 1)];
      }
    }
    if (end && missing.length > 0) {
      const err = raise("ArgumentError", { message: `the following keys must also be given when building struct ${displayModule(module)}: ${inspect(list(missing))}` });
      (err as { headFrames?: Term[] }).headFrames = [own];
      throw err;
    }
    return !end && enforce.length > 0 ? tuple(m, list(missing)) : m;
  }
}

/** A stable number standing for the BEAM's unique of the fn a struct module's __struct__/1 reduces with. */
function structFunUniq(module: string): number {
  let h = 0;
  for (let i = 0; i < module.length; i++) h = (Math.imul(h, 31) + module.charCodeAt(i)) >>> 0;
  return h % 134217728;
}


/** `__struct__/0` and `__struct__/1` for a module with defstruct. */
export function addStructFunctions(module: string, fields: [string, Term][], fns: Map<string, Code>, enforce: Term[] = []): void {
  const def = structDefault(module, fields);
  fns.set("__struct__/0", nativeCode(module, "__struct__", 0, () => def));
  fns.set("__struct__/1", nativeCode(module, "__struct__", 1, ([kv]) => buildStruct(module, def, enforce, kv)));
}

/** `defexception` modules get `exception/1` and `message/1` unless they define them. */
function addExceptionDefaults(unit: Unit, st: ModState): void {
  const add = (name: string, body: Ast) => {
    if (st.groups.has(`${name}/1`)) return;
    const g: FnGroup = { name, arity: 1, isPrivate: false, clauses: [{ pats: [{ name: "__arg", meta: { line: 0, column: 0 }, args: null }], guard: null, body }], defaults: null, idx: unit.reserveCode(name, 1) };
    st.groups.set(`${name}/1`, g);
    st.order.push(g);
    unit.locals.set(`${name}/1`, g.idx);
  };
  const arg: Ast = { name: "__arg", meta: { line: 0, column: 0 }, args: null };
  const mod: Ast = { atom: unit.module };
  const remote = (m: string, f: string, args: Ast[]): Ast => ({ name: { name: ".", meta: { line: 0, column: 0 }, args: [{ atom: m }, { atom: f }] }, meta: { line: 0, column: 0 }, args });
  add("exception", remote("Elixir.Exception", "__build__", [mod, arg]));
  add("message", remote("Elixir.Exception", "__message_field__", [arg]));
}

function attribute(unit: Unit, fn: FnCtx, item: AstNode): Term {
  const inner = item.args![0] as AstNode;
  const name = inner.name as string;
  if (inner.args === null || inner.args.length === 0) return unit.attributes.get(name) ?? null;
  // Setting an attribute (Module.__put_attribute__/4 in Elixir) returns :ok.
  if (DOC_ATTRS.has(name)) return a("ok");
  unit.attributes.set(name, literalTerm(fn, inner.args[0]));
  return a("ok");
}

function structFields(fn: FnCtx, ast: Ast): [string, Term][] {
  if (!Array.isArray(ast)) throw fn.unit.error("defstruct expects a list of fields");
  return ast.map((f) => {
    if (isAtomAst(f)) return [f.atom, null] as [string, Term];
    if (isTupleAst(f) && isAtomAst(f.tuple[0])) return [f.tuple[0].atom, literalTerm(fn, f.tuple[1])] as [string, Term];
    throw fn.unit.error("invalid struct field");
  });
}

/** alias/import/require: updates `env`; returns the module atom like Elixir does. */
export function applyDirective(env: Env, unit: { env: Env; module: string; error: Unit["error"] }, item: AstNode): Term {
  const [target, opts] = item.args!;
  if (isNode(target) && isNode(target.name as Ast) && (target.name as AstNode).name === ".") {
    // alias Foo.{Bar, Baz}
    const [base] = (target.name as AstNode).args!;
    const baseName = aliasName(unit, base as AstNode);
    for (const t of target.args!) {
      const parts = ((t as AstNode).args as { atom: string }[]).map((p) => p.atom);
      env.aliases.set(parts[parts.length - 1], baseName + "." + parts.join("."));
    }
    return null;
  }
  const mod = isAtomAst(target) ? target.atom : aliasName(unit, target as AstNode);
  if (item.name === "alias") {
    const o = opts !== undefined && Array.isArray(opts) ? optsMap(opts) : {};
    const as = o.as as AstNode | undefined;
    const short = as ? ((as.args as { atom: string }[]).map((p) => p.atom).join(".")) : mod.split(".").pop()!;
    env.aliases.set(short, mod);
  } else if (item.name === "import") {
    const o = opts !== undefined && Array.isArray(opts) ? optsMap(opts) : {};
    env.imports.set(mod, o.only ? onlySet(o.only) : null);
  }
  return a(mod);
}

function optsMap(kw: Ast[]): Record<string, Ast> {
  const out: Record<string, Ast> = {};
  for (const p of kw) if (isTupleAst(p) && isAtomAst(p.tuple[0])) out[p.tuple[0].atom] = p.tuple[1];
  return out;
}

function onlySet(only: Ast): Set<string> | null {
  if (!Array.isArray(only)) return null;
  const s = new Set<string>();
  for (const p of only) if (isTupleAst(p) && isAtomAst(p.tuple[0])) s.add(`${p.tuple[0].atom}/${p.tuple[1]}`);
  return s;
}

/**
 * Bytes standing in for BEAM code in `{:module, Name, <<...>>, last}`: a header, the module's
 * name, and (`debugInfo`) what a BEAM file's debug info chunk gives Code.Typespec: the
 * module's typespecs and macros in the external term format, readable after the module
 * is purged, as from a real binary (stdlib/module.ts's __typespecs__).
 */
export function fakeBeam(name: string, debugInfo?: Uint8Array): Term {
  const fixed = 64 + name.length;
  const bytes = new Uint8Array(fixed + (debugInfo?.length ?? 0));
  bytes.set([70, 79, 82, 49, 0, 0, 9, 44, 66, 69, 65, 77, 65, 116, 85, 56]);
  for (let i = 0; i < name.length; i++) bytes[16 + i] = name.charCodeAt(i) & 0xff;
  if (debugInfo !== undefined) bytes.set(debugInfo, fixed);
  return new Bin(bytes);
}

// ---- shell inputs ------------------------------------------------------------

export interface CompiledEval {
  code: Code;
  /** Compiler warnings to print before evaluating (iex formatted). */
  warnings: string[];
  /** Variable names whose values the code returns (in order), after evaluation (a script's code returns its value alone). */
  names: string[];
}

/**
 * Compiles one shell input. The code takes the current bindings (in `bindings` order) and
 * returns `[value, [newBindingValues...]]` (for the names in `names`).
 */
export function compileEval(host: CompilerHost, ast: Ast, bindings: string[], env: Env, file = "iex", opts: EvalOptions = {}): CompiledEval {
  try {
    return compileEvalUnsafe(host, ast, bindings, env, file, opts);
  } catch (e) {
    // An Elixir exception raised while compiling (a sigil in a pattern that cannot parse
    // its text, a struct that fails to expand) is the input's error, as when iex expands the macro.
    if (e instanceof BeamError) throw e;
    throw asCompileError(e, file);
  }
}

/**
 * Any failure while compiling becomes a CompileError, so no input can crash the shell.
 * One that is not a deliberate CompileError is a compiler bug and says so (`internal`).
 */
export function asCompileError(e: unknown, file: string): CompileError {
  if (e instanceof CompileError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  const err = new CompileError(`internal compiler error: ${msg}`, file, 0);
  (err as CompileError & { internal?: boolean }).internal = true;
  return err;
}

export interface EvalOptions {
  /** The module whose body this is (code of a module body runs as that module). */
  module?: string;
  /** Record the unit for the prelude cache (default: yes). */
  record?: boolean;
  /** Code erl_eval interprets on BEAM (the shell, Code.eval_*): its funs record erl_eval's frames. */
  erlEval?: boolean;
  /** A file's code (`elixir FILE`): compiled on BEAM as module elixir_compiler_0, its funs that module's. */
  script?: boolean;
  /**
   * Code.eval_*'s code: erl_eval interprets its top level as a shell fun's body, so that too
   * records erl_eval's frames; `more`: other top-level expressions follow this one.
   */
  erlTop?: { more: boolean; shellItem?: boolean };
  /** Give the variables a macro introduced too (an expression of a block that goes on). */
  hygienic?: boolean;
}

/** A variable key of a macro's hygienic variable (its context a counter). */
export const isHygienicKey = (n: string): boolean => /\0c-?\d+$/.test(n);

function compileEvalUnsafe(host: CompilerHost, ast: Ast, bindings: string[], env: Env, file: string, opts: EvalOptions): CompiledEval {
  const module = opts.module ?? "";
  const unit = new Unit(module, file, env, host);
  if (!module && opts.erlEval === true) unit.erlSites = new ErlSites();
  if (!module && opts.script === true) unit.script = true;
  const idx = unit.reserveCode(module ? "__MODULE__" : "__eval__", bindings.length, module);
  const fn = new FnCtx(unit, bindings.length, null);
  if (module) fn.defName = "__MODULE__/0";
  bindings.forEach((b, i) => fn.root.vars.set(b, i));
  const erlTop = !module && opts.erlTop !== undefined && unit.erlSites !== null;
  if (erlTop) {
    fn.erl = unit.erlSites;
    (unit.codes[idx] as { erlTop?: boolean }).erlTop = true;
    if (opts.erlTop!.shellItem === true) (unit.codes[idx] as { shellItem?: boolean }).shellItem = true;
  }
  // iex evaluates the expressions of a top-level block one by one, checking the remote
  // calls of the modules each one defined when it is done.
  const items = isNode(ast) && ast.name === "__block__" && ast.args !== null ? ast.args : [ast];
  const compileItems = () =>
    block(fn, fn.root, items, () => {
      unit.childWarnings.push(...undefinedCallWarnings(host, unit.pendingModules));
      unit.pendingModules = [];
    });
  // (an expression of Code.eval_*'s that is not the last is evaluated inside erl_eval's exprs/6)
  // (a script's top level is elixir_compiler_0's function, which the Erlang compiler warns about)
  if (unit.script) warnScriptCalls(unit, items);
  let names: string[] = [];
  if (unit.script) {
    // elixir_compiler_0:__FILE__/1 returns its last expression's value, nothing else: a call
    // there is a tail call on BEAM (the file's frame is gone from a trace under it).
    tailBlock(fn, fn.root, items, () => {
      unit.childWarnings.push(...undefinedCallWarnings(host, unit.pendingModules));
      unit.pendingModules = [];
    });
  } else {
    const v = erlTop && opts.erlTop!.more ? fn.within([ERL.BODY], compileItems) : compileItems();
    // Variables a macro introduced (hygiene: a counter context) are not the caller's: they do
    // not outlive the input. One given a context by hand (`var!(x, :foo) = 1`) does, as in iex.
    // (nor do the values a group of arguments kept of variables an argument rebound)
    names = [...fn.root.vars.keys()].filter((n) => (opts.hygienic === true || !isHygienicKey(n)) && !isSnapshotKey(n));
    fn.emit(genReturnNow(`[${v},[${names.map((n) => `r[${fn.root.vars.get(n)}]`).join(",")}]]`));
  }
  unit.codes[idx].body = fn;
  const codes = link(unit, opts.record ?? true);
  return { code: codes[idx], names, warnings: unit.script ? [...unit.erlangWarningTexts(), ...unit.warnings()] : unit.warnings() };
}

/** A module's funs by BEAM lambda index (see Unit.lambdas). */
export type Lambdas = Map<number, { code: Code; where: string }>;

function lambdasOf(unit: Unit, codes: Code[]): Lambdas | undefined {
  if (unit.lambdas.length === 0) return undefined;
  return new Map(unit.lambdas.map((l) => [l.index, { code: codes[l.idx], where: l.where }]));
}

// ---- linking --------------------------------------------------------------------

/** Turns a unit's generated sources into Code objects (one `new Function` per unit). */
export function link(unit: Unit, record = true): Code[] {
  // Every function body is its own JS function (F<i>); all codes of the unit share one
  // dispatch loop (U) as their `fn`. U runs frames of this unit back to back, so calls and
  // returns inside a unit (recursion, local helpers) go through a switch of direct calls
  // that V8 can inline, and only cross-unit transitions reach the machine's shared, and
  // therefore megamorphic, call site.
  renderBodies(unit);
  let bodies = unit.codes.map((c, i) => `F${i}=${c.src}` + (c.dsrc === undefined ? "" : `,\nD${i}=${c.dsrc}`)).join(",\n");
  // (the funs' BEAM lambda indexes, now that all of them are known: unit.ts numberFuns)
  if (unit.funNodes.length > 0) {
    numberFuns(unit.funNodes);
    for (const l of unit.lambdas) if (l.node !== undefined) l.index = l.node.index;
    bodies = bodies.replace(/\$FI(\d+)\$/g, (_, n: string) => String(unit.funNodes[Number(n)].index));
  }
  const cases = unit.codes.map((_, i) => `case ${i}:s=F${i}(f,p);break;`).join("");
  const loop = genUnitLoop(cases);
  // Names (module, function, file) are user text: like every string the compiler meets,
  // they reach the generated code only as constants (K[i]), never spliced into its source.
  const parts = unit.codes.map((c, i) => {
    const head = [unit.constant(c.module), unit.constant(c.name), c.arity, unit.constant(c.file), c.line ?? 0].join(",");
    const env = c.envSlots ? `[${c.envSlots.join(",")}]` : "undefined";
    const direct = c.dsrc === undefined ? "" : `C[${i}].direct=D${i};`;
    // (a closure's FunInfo, shared by the funs it makes; the one fun of a closure that captures nothing)
    const fi = c.funInfo;
    const info =
      fi === undefined
        ? ""
        : `C[${i}].funInfo=new O.FunInfo(${fi.index.replace(/\$FI(\d+)\$/g, (_, n: string) => String(unit.funNodes[Number(n)].index))},${fi.uniq},${fi.where});` + (c.envSlots?.length === 0 ? `C[${i}].lit=new O.Fun(${fi.arity},C[${i}],[],null,null,C[${i}].funInfo);` : "");
    return `C[${i}]=new O.CodeObj(${head},U,undefined,${env},${i}${unit.host.library ? ",true" : ""});${direct}${info}`;
  });
  let body = (bodies ? `const ${bodies};\n` : "") + loop + "\n" + parts.join("\n") + (unit.siteDefs.length > 0 ? "\n" + unit.siteDefs.join("") : "");
  checkGeneratedStrings(body);
  // Hoist the runtime helpers used (O.x → O_x) and size local-call register files.
  const used = new Set<string>();
  body = body.replace(/\bO\.(\w+)/g, (_, n: string) => (used.add(n), "O_" + n));
  const hoist = [...used].map((n) => `O_${n}=O.${n}`).join(",");
  const src = `"use strict";const C=[],S=[]${hoist ? "," + hoist : ""};\n${body}\nreturn C;`;
  const codes = instantiate(src, unit.consts);
  unit.codes.forEach((c, i) => c.funSource && keepFunSource(codes[i], c.funSource));
  if (unit.erlSites !== null && unit.erlSites.sites.length > 0) for (const c of codes) (c as CodeObj).erlSites = unit.erlSites.sites;
  if (unit.forSites.sites.length > 0) for (const c of codes) (c as CodeObj).forSites = unit.forSites.sites;
  unit.codes.forEach((c, i) => (c as { erlTop?: boolean }).erlTop === true && ((codes[i] as CodeObj).erlTop = true));
  unit.codes.forEach((c, i) => c.literalEnv !== undefined && ((codes[i] as CodeObj).literalEnv = c.literalEnv));
  unit.codes.forEach((c, i) => (c as { shellItem?: boolean }).shellItem === true && ((codes[i] as CodeObj).shellItem = true));
  if (record) unit.host.recordLink?.({ src, consts: unit.consts, codes });
  return codes;
}

/** Whether compiled functions get no direct bodies (BEAMSH_DIRECT=0: the resumable-only VM, for comparison). */
export function directBodiesOff(): boolean {
  return process.env.BEAMSH_DIRECT === "0";
}

/**
 * Renders each function of the unit: its resumable body, and its direct body when every
 * piece of it has a direct form (protocol.ts). Which functions have one is decided first,
 * since a call to a local function is rendered according to whether the callee has one.
 */
function renderBodies(unit: Unit): void {
  const off = directBodiesOff();
  const l: LinkInfo = { direct: unit.codes.map((c) => !off && c.body !== undefined && c.body.directCapable()) };
  unit.codes.forEach((c, i) => {
    if (c.body === undefined) return;
    c.src = c.body.source(l);
    if (l.direct[i]) c.dsrc = c.body.directSource(l, c.envSlots);
    c.body = undefined;
  });
}

/**
 * The generated source may contain string literals only of the compiler's own making (words
 * such as "error" or "and"): text from the program being compiled travels in K. A literal of
 * any other shape would be a compiler defect that lets source text reach generated code
 * (where the O.x rewrite above, or worse, would see it), so it fails loudly here.
 */
function checkGeneratedStrings(src: string): void {
  for (const m of src.matchAll(/"(?:[^"\\\n]|\\.)*"/g)) {
    if (!/^"[A-Za-z0-9_ ]*"$/.test(m[0])) throw new Error("generated code contains the string literal " + m[0].slice(0, 80));
  }
}

/** Makes the Code objects of a unit from its generated source and constants. */
export function instantiate(src: string, consts: Term[]): Code[] {
  const dump = process.env.BEAMSH_PROFILE_DIR;
  const file = dump === undefined ? "" : `${dump}/unit${++dumped}.js`;
  let make: (K: Term[], O: unknown) => Code[];
  try {
    if (dump !== undefined && process.env.BEAMSH_PROFILE_LINES === "1") src = src.replace(/;/g, ";\n");
    make = new Function("K", "O", dump === undefined ? src : `${src}\n//# sourceURL=file://${file}`) as typeof make;
  } catch (e) {
    throw new Error("internal compiler error: generated invalid JS: " + (e as Error).message + "\n" + src.slice(0, 4000));
  }
  const codes = make(consts, OPS);
  if (dump !== undefined) writeFileSync(file, src + "\n" + codes.map((c, i) => `// F${i} ${c.module}.${c.name}/${c.arity}`).join("\n") + "\n");
  return codes;
}

/**
 * For profiling: with BEAMSH_PROFILE_DIR set, every unit's generated code is named
 * DIR/unitN.js in CPU profiles (`node --cpu-prof`) and written there, its functions F<i>
 * listed at the end. BEAMSH_PROFILE_LINES=1 also breaks the code after every `;`, so that a
 * profile's line ticks (positionTicks) tell the statements of a body apart.
 */
let dumped = 0;

/** A bodiless def (default arguments declared) that no clause followed: raised by the compiler process. */
function notProvided(unit: Unit, g: FnGroup): CompileError {
  // (named by its kind, a macro by its own name and arity, as elixir_def's function_head error)
  const macro = g.name.startsWith("MACRO-");
  const kind = (macro ? "defmacro" : "def") + (g.isPrivate ? "p" : "");
  const name = macro ? g.name.slice(6) : g.name;
  const err = unit.error(`implementation not provided for predefined ${kind} ${name}/${macro ? g.arity - 1 : g.arity}`, { line: g.line ?? 0 } as Meta);
  err.elixirFrames = [ERL_COMPILER_FRAME];
  err.hideFramesInScripts = true;
  return err;
}
