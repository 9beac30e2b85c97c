// Modules are built by running their body, as Elixir does. `defmodule Name do body end`
// becomes a call that, when it runs (in the calling process: the shell's evaluator, a
// script, another module's body):
//   1. expands the body (expand.ts) — `def` becomes a call storing the definition, `@x v`
//      a call setting the attribute, `defstruct` a call defining the struct, ...;
//   2. compiles the expanded body and runs it, so attributes and struct defaults can be any
//      expression and a `for` can generate functions with `unquote` fragments;
//   3. runs @before_compile callbacks, compiles the stored definitions, installs the
//      module, runs @after_compile callbacks, and returns {:module, Name, bin, last}.
// A definition's body is expanded when the body stores it (so it sees the attributes set
// before it, and the macros defined before it, as in Elixir).
import { compilerOption, warnsModuleConflict } from "../compiler-options.js";
import { charlistOf } from "../term.js";
import { LexicalTracker } from "./lexical-tracker.js";
import { Ast, AstNode, Meta, guardAlternatives, isAtomAst, isNode, isTupleAst } from "../../lang/ast.js";
import { parse } from "../../lang/parser.js";
import type { Code } from "../code.js";
import { BeamError, raise } from "../errors.js";
import { escape, unescapable } from "./escape.js";
import { MapTerm } from "../map.js";
import type { Runtime } from "../runtime.js";
import { Atom, Bin, Cons, NIL, Term, a, atomName, binBytes, isAtom, isBinary, isList, list, listToArray, tuple } from "../term.js";
import { Gen } from "../generator-code.js";
import { hostFor } from "../host.js";
import { isStickyModule, libraryBeamPath, shippedBeamPath } from "../code-paths.js";
import { logTime } from "../crash-report.js";
import { wallClockMs } from "../seed.js";
import { inspect, inspectModule } from "../inspect.js";
import { Expander, ModuleHooks, astText, bareCalls, dot, keywordPairs } from "./expand.js";
import { VarScope, XEnv, counterKey, envToTerm } from "./env.js";
import { Quoter } from "./quote.js";
import { BLOCK_ITEM, MATCH_RIGHT, REMOTE_ARG, TUPLE_ELEMENT } from "./expansion-trace.js";
import { astToTerm, termToAst } from "./quoted.js";
import { elixirShape } from "./elixir-shape.js";
import { quotedToString } from "./code-formatter.js";
import type { Clause } from "./control.js";
import { CompiledModule, DefGroup, addModuleWarning, compileDefinitions, compileEval, enforcedKeys, fakeBeam } from "./module.js";
import { ERL_COMPILER_FRAME } from "./expr.js";
import { encode } from "../dist/etf.js";
import { resolve as resolvePath } from "node:path";
import { relativeToCwd } from "../relative-to-cwd.js";
import { TypespecModule, callbackFormError, resolveTypespecs, typespecError } from "./typespec-check.js";
import { hasRecordTypes } from "./typespec-records.js";
import { etfContext } from "../dist/context.js";
import { GUARD_CHECK } from "./intrinsics.js";
import { kernelInlined } from "./match-calls.js";
import { CompileError, CompilerHost, funText, newEnv } from "./unit.js";
import { PROTOCOL_FORBIDDEN, assertProtocol, compileDefinition, defimplFor, defimplParts, deriveImpls } from "./protocols.js";
import { ImplInfo, ProtocolInfo, implFunctions, implName, protocolFunctions } from "../protocols.js";
import { DocsChunkSource, FunctionDocEntry, SpecDocEntry, guessSignature, mergeSignatures, objectFilePath } from "./docs-chunk.js";
import { Callback, Definition as BehaviourDefinition, behaviourInfoCode, callbackHead, checkBehaviours } from "./behaviours.js";

export type DefKind = "def" | "defp" | "defmacro" | "defmacrop";

/** The documentation of a compiled module: what doctest/1 reads (beamsh keeps no docs chunk). */
export interface KeptDoc {
  kind: "function" | "macro";
  name: string;
  arity: number;
  line: number;
  doc: Term;
  /** Its first clause was written by a macro (a quote's context): later @docs do not warn. */
  quoted?: boolean;
}
export interface ModuleDocs {
  file: string;
  moduledoc: { line: number; value: Term } | undefined;
  docs: KeptDoc[];
}
const keptDocs = new WeakMap<Runtime, Map<string, ModuleDocs>>();

const docsSources = new WeakMap<Runtime, Map<string, DocsChunkSource>>();

/** What the Docs chunk of `module` holds, when it was compiled in this runtime with docs. */
export function docsSourceOf(rt: Runtime, module: string): DocsChunkSource | undefined {
  return docsSources.get(rt)?.get(module);
}

/** The docs kept for `module` when it was compiled in this runtime, if any. */
export function docsOf(rt: Runtime, module: string): ModuleDocs | undefined {
  return keptDocs.get(rt)?.get(module);
}

/** A module whose body is running. */
export class ModuleBuild {
  readonly attributes = new Map<string, Term>();
  /** The struct's `@enforce_keys` when defstruct ran. */
  enforce: Term[] = [];
  /** Attributes registered with `accumulate: true`. */
  readonly accumulate = new Set<string>();
  /** Attributes set or read (for "set but never used" warnings). */
  readonly used = new Set<string>();
  readonly setAt = new Map<string, number>();
  /** Attributes set with `@name value` and not read since, with the line that set them. */
  readonly unread = new Map<string, number>();
  /** The @moduledoc and the @doc of each public definition (kept for doctests), with lines. */
  moduledoc: { line: number; value: Term } | undefined;
  readonly docs: KeptDoc[] = [];
  /** A @doc (and an @impl) waiting for the next definition, with its line. */
  pendingDoc: { line: number; value: Term } | undefined;
  pendingImplLine: number | undefined;
  /** The line of a @typedoc waiting for the next @type (nil and false document nothing). */
  pendingTypedoc: { line: number; value: Term } | undefined;
  /** Doc metadata (`@doc since: ...`) waiting for the next definition, type or callback, and the module's own. */
  readonly pendingMeta = { doc: new Map<string, Term>(), typedoc: new Map<string, Term>(), moduledoc: new Map<string, Term>() };
  /** The Docs chunk's entries: public functions and macros, callbacks and public types. */
  readonly docEntries: FunctionDocEntry[] = [];
  readonly specDocs: SpecDocEntry[] = [];
  /** Local macros each definition expanded ("name/arity" of both), for the unused-local check. */
  readonly macroCalls: [string, string][] = [];
  /** Calls in the module's functions that imports answered: "name/arity" → the importing module. */
  readonly importCalls = new Map<string, string>();
  /** Definition sources and environments stored by `def` calls (indexes into these). */
  readonly cache: Ast[] = [];
  readonly envs: XEnv[] = [];
  readonly defs = new Map<string, Definition>();
  readonly order: Definition[] = [];
  /** The last definition stored that is checked for grouping (elixir_def's last_def). */
  lastDef: [string, number] | null = null;
  /** Every clause given defaults: its name, arity and how many (elixir_def's {default, Name}). */
  readonly defaultsOf: { name: string; arity: number; defaults: number }[] = [];
  struct: [string, Term][] | undefined;
  exception = false;
  /** `{protocol, options}` of each @derive whose Any implementation has `__deriving__/3`, for Protocol.__derive__ (after defstruct). */
  deferredDerives: Term[] = [];
  readonly nested: CompiledModule[] = [];
  /** Overridable definitions (defoverridable): "name/arity" → the definition replaced. */
  readonly overridable = new Map<string, Definition | null>();
  /** "name/arity" → the private name its overridden definition is kept under, for super. */
  readonly superOf = new Map<string, string>();
  readonly superCount = new Map<string, number>();
  /** The replaced definitions some super calls (the others are dropped, as Elixir does). */
  readonly superCalled = new Set<string>();
  /** @callback/@macrocallback declarations and @optional_callbacks (a behaviour's). */
  readonly callbacks: Callback[] = [];
  readonly optional: string[] = [];
  /** Typespec attributes as written, newest first: `{kind, quoted, line}`. */
  typespecs: Term = NIL;
  /** Each typespec's position in the environment cache (as `typespecs`, newest first). */
  readonly typespecPositions: number[] = [];
  /** The environment cached last (its key) and its position (elixir_locals:cache_env/1). */
  envCache: [string, number] = ["", 0];
  /** An @impl waiting for the next definition. */
  pendingImpl: Term | undefined;
  /** Each definition stored with an @impl, as Module's impls bag keeps them (an overridden one's stays). */
  readonly impls: BehaviourDefinition[] = [];
  /** A @deprecated reason waiting for the next definition, with its line. */
  pendingDeprecated: { line: number | undefined; reason: string } | undefined;
  /** The @deprecated definitions: name, arity, reason (each arity a default gives too). */
  readonly deprecated: [string, number, string][] = [];
  /** Attribute names registered (Module.register_attribute/3) or put: what attributes_in/1 lists. */
  readonly registered = new Set<string>(PREREGISTERED);
  /** Attributes registered with `persist: true`, in registration order (kept in the module's attributes). */
  readonly persisted: string[] = [];
  /** Attributes registered and never set since (they read as nil but are not persisted). */
  readonly unset = new Set<string>();
  /** In its @after_compile callbacks: readable but no longer writable. */
  readonly = false;
  /** A protocol's functions (defprotocol's `def`s) and their lines. */
  protocol: { functions: [string, number][]; lines: number[] } | undefined;
  constructor(
    readonly name: string,
    readonly file: string,
    readonly line: number,
    readonly env: XEnv,
  ) {}
}

export interface Definition {
  kind: DefKind;
  name: string;
  arity: number;
  clauses: Clause[];
  /** Parameters with `\\` defaults (expanded), from the clause that gave them. */
  defaults: Ast[] | null;
  line: number;
  contextModules: string[];
  /** Compiled on demand when used as a local macro later in the module. */
  macro?: { clauses: number; fns: Map<string, Code> };
  /** The @impl given before it (true, false or a behaviour). */
  impl?: Term;
  /** Its @impl is the one of the overridable definition it replaced (given in that one's context). */
  implInherited?: boolean;
  /** Written by a macro (its head carries a quote's context): never reported unused. */
  generated?: boolean;
  /** The quote's context it was written in (a macro's module: GenServer for its defaults). */
  context?: string;
  /** The file of its first clause. */
  file?: string;
  /** Whether a @file before its first clause named that file (elixir_def keeps it in the meta). */
  fileSet?: boolean;
  /**
   * What elixir_def keeps of the clauses stored so far, to check the next one: the most
   * defaults any gave, whether the last had a body and how many defaults it gave, and
   * whether the last is checked for grouping (not written with unquote or by a macro).
   */
  stored?: { defaults: number; lastHasBody: boolean; lastDefaults: number; check: boolean };
  /** Lower arities its defaults no longer give: an override's super/N took their clause. */
  defaultsTaken?: number[];
}

/** What a module body defines besides a plain module: a protocol (defprotocol), an implementation (defimpl). */
export interface ModuleKind {
  protocol?: true;
  impl?: ImplInfo;
}

/** What compiling in one runtime keeps: the modules being built, pending module bodies. */
export interface CompileState {
  building: Map<string, ModuleBuild>;
  /** A module body waiting to run: `binding`, the names of the variables it is handed. */
  bodies: Map<number, { node: AstNode; env: XEnv; name: string; binding?: string[]; kind?: ModuleKind }>;
  nextBody: number;
  /** Modules compiled since the last check of their remote calls (xref.ts). */
  compiled: CompiledModule[];
  /** Where warnings go (iex prints them as they come). */
  warn: (text: string) => void;
  /** What the compiler knows about the runtime (boot.ts adjusts it for the prelude). */
  host: CompilerHost;
  /** Check remote calls only when told (the prelude is checked once all of it is loaded). */
  deferChecks?: boolean;
  /** Every module defined here, in order (c/1 reports those its file defined). */
  defined: string[];
}

const states = new WeakMap<Runtime, CompileState>();

/**
 * A compiler warning goes to standard error: to the I/O server that captures it
 * (ExUnit.CaptureIO.capture_io(:stderr, ...)) if any, as a put_chars request sent from the
 * compiling process (so it stays in order with what that process writes after it).
 */
function warnToStderr(rt: Runtime, text: string): void {
  const taken = rt.stderrCaptures;
  if (taken.length === 0) return rt.writeErr(text);
  const dev = taken[taken.length - 1];
  // The reply goes to the server itself, which ignores it.
  rt.send(dev, tuple(a("io_request"), dev, rt.newRef(), tuple(a("put_chars"), a("unicode"), text)), rt.scheduler.current?.pid ?? null);
}

export function compileState(rt: Runtime): CompileState {
  let s = states.get(rt);
  if (s === undefined) {
    const building = new Map<string, ModuleBuild>();
    const host: CompilerHost = { ...hostFor(rt), buildingStruct: (m) => building.get(m)?.struct ?? null, buildingEnforced: (m) => building.get(m)?.enforce ?? [] };
    s = { building, bodies: new Map(), nextBody: 1, compiled: [], warn: (t) => warnToStderr(rt, t), host, defined: [] };
    states.set(rt, s);
  }
  return s;
}

/** A file name as Erlang keeps it in stack entries: a charlist. */
const displayName = (m: string) => inspectModule(m);
const M0 = { line: 0, column: 0 } as Meta;
const v = (name: string, meta: Meta = M0): AstNode => ({ name, meta, args: null });

function buildOf(rt: Runtime, module: string, fun: string, arity: number, write = false): ModuleBuild {
  const b = compileState(rt).building.get(module);
  if (b === undefined) {
    throw raise("ArgumentError", { message: `could not call Module.${fun}/${arity} because the module ${inspect(a(module))} is already compiled` });
  }
  if (write && b.readonly) {
    throw raise("ArgumentError", { message: `could not call Module.${fun}/${arity} because the module ${inspect(a(module))} is in read-only mode (@after_compile)` });
  }
  return b;
}

/** The file a module being built is in, as messages name it (elixir_module:file/1, relative). */
export function buildFile(rt: Runtime, module: string): string {
  return buildOf(rt, module, "put_attribute", 3).file;
}

/** The attributes every module has registered from the start (elixir_module's data tables). */
const PREREGISTERED = [
  "after_compile", "after_verify", "before_compile", "behaviour", "callback", "compile", "derive", "dialyzer", "external_resource",
  "macrocallback", "moduledoc", "on_definition", "opaque", "optional_callbacks", "spec", "type", "typep",
];

/** elixir_module:mode/1: all (its body runs), readonly (@after_compile), closed (compiled or unknown). */
export function moduleMode(rt: Runtime, module: string): string {
  const b = compileState(rt).building.get(module);
  return b === undefined ? "closed" : b.readonly ? "readonly" : "all";
}

// ---- the expander's hooks ------------------------------------------------------------

const DEF_FORMS = new Set(["def/1", "def/2", "defp/1", "defp/2", "defmacro/1", "defmacro/2", "defmacrop/1", "defmacrop/2"]);

export function moduleHooks(rt: Runtime): ModuleHooks {
  return {
    moduleForm(x, node, env) {
      const name = node.name as string;
      const key = `${name}/${node.args!.length}`;
      const building = compileState(rt).building.get(env.module!);
      if (building?.protocol !== undefined && PROTOCOL_FORBIDDEN.has(name)) return protocolDef(x, node, env);
      if (DEF_FORMS.has(key)) return defForm(rt, x, node, env, name as DefKind);
      switch (key) {
        case "@/1":
          return attributeForm(x, node, env);
        case "defstruct/1":
          return defstructForm(x, node, env);
        case "defexception/1":
          return defexceptionForm(x, node, env);
        case "defoverridable/1":
          return x.expand(dot("beamsh_module", "__overridable__", [{ atom: env.module! }, node.args![0]], node.meta), env);
        case "defdelegate/2":
          return delegateForm(x, node, env);
        case "defguard/1":
        case "defguardp/1":
          return guardForm(rt, x, node, env, name === "defguard" ? "defmacro" : "defmacrop");
      }
      return null;
    },
    readAttribute(env, name, meta) {
      const b = compileState(rt).building.get(env.module!);
      if (b === undefined) return null;
      b.used.add(name);
      b.unread.delete(name);
      const value = TYPESPECS.has(name) ? typespecsRead(b, name) : b.attributes.get(name) ?? (ACCUMULATED.has(name) && name !== "on_definition" ? NIL : undefined);
      if (value === undefined) {
        compileState(rt).warn(`warning: undefined module attribute @${name}, please remove access to @${name} or explicitly set it before access\n  ${env.file}:${meta?.line || env.line}: ${displayName(env.module!)}${env.function ? `.${env.function[0]}/${env.function[1]}` : " (module)"}\n\n`);
        return null;
      }
      // Kernel.@/1 injects the value escaped: what cannot be is an ArgumentError
      const bad = unescapable(value);
      if (bad !== undefined) {
        const err = raise("ArgumentError", {
          message: `cannot inject attribute @${name} into function/macro because cannot escape ${inspect(bad)}. The supported values are: lists, tuples, maps, atoms, numbers, bitstrings, PIDs and remote functions in the format &Mod.fun/arity`,
        });
        const loc = list([[a("file"), charlistOf(env.file)], [a("line"), (meta?.line as number) || env.line]]);
        err.stacktrace = list([
          [a("Elixir.Kernel"), a("do_at"), 5, list([[a("file"), charlistOf("lib/kernel.ex")], [a("line"), 3543]])],
          [a("Elixir.Kernel"), a("@"), 1, list([[a("file"), charlistOf("expanding macro")]])],
          env.function !== null ? [a(env.module!), a(env.function[0]), env.function[1], loc] : [a(env.module!), a("__MODULE__"), 0, loc],
        ]);
        err.traced = true;
        err.complete = true;
        throw err;
      }
      return { literal: value };
    },
    guardBody: (x, node, env) => guardBody(rt, x, node, env),
    *localMacro(env, name, arity) {
      const b = compileState(rt).building.get(env.module!);
      // The macro of that arity, or one whose defaults give it (`defmacro m(a \\ 1)` is m/0 too).
      let d = b?.defs.get(`${name}/${arity}`);
      if (b !== undefined && d === undefined) {
        d = [...b.defs.values()].find((x) => x.name === name && x.arity > arity && x.defaults !== null && x.arity - x.defaults.filter((p) => isNode(p) && p.name === "\\\\").length <= arity);
      }
      if (b === undefined || d === undefined || (d.kind !== "defmacro" && d.kind !== "defmacrop")) return null;
      if (env.function !== null) b.macroCalls.push([`${env.function[0]}/${env.function[1]}`, `${name}/${arity}`]);
      if (d.macro === undefined || d.macro.clauses !== d.clauses.length) d.macro = { clauses: d.clauses.length, fns: localMacroCode(rt, b, d) };
      return d.macro.fns.get(`MACRO-${name}/${arity + 1}`) ?? null;
    },
    overridables(env) {
      const b = compileState(rt).building.get(env.module!);
      return b === undefined ? null : [...b.overridable.keys()];
    },
    importDispatch(env, key, module) {
      const b = compileState(rt).building.get(env.module!);
      if (b !== undefined && !b.importCalls.has(key)) b.importCalls.set(key, module);
    },
    defmodule: (x, node, env) => defmoduleForm(rt, x, node, env),
    *staticDefinition(x, node, env) {
      if (node.name === "defimpl") {
        const out = yield* defimplForm(rt, x, node, env);
        if (out !== null) return out;
      } else {
        // Protocol.__protocol__: a defmodule importing Protocol's def/1 instead of Kernel's definitions
        x.useAllVars(env);
        return yield* defmoduleForm(rt, x, { ...node, name: "defmodule" }, env, { protocol: true });
      }
      // (a defimpl whose protocol or types are known only when it runs: the static compiler's)
      const s = compileState(rt);
      const key = s.nextBody++;
      s.bodies.set(key, { node, env: { ...env, vars: new VarScope(null), prematch: null, context: null }, name: env.module ?? "" });
      return dot("beamsh_module", "__static__", [BigInt(key)], node.meta);
    },
  };
}

/**
 * `defexception fields` as Kernel.defexception/1 expands: the struct (with
 * `__exception__: true`); when it has a :message field, `message/1` giving it and an
 * `exception/1` clause taking the message as a binary; an `exception/1` clause taking a
 * list, whose `{key, value}` pairs the struct lacks are warned about (IO.warn/1) and
 * dropped, the rest put in with Kernel.struct!/2. Both are overridable, with `@impl true`.
 * Everything is at the defexception's line, as Elixir's generated code is; modules are
 * named as atoms (no alias of the module applies).
 */
/**
 * `defexception fields`: as Kernel.defexception/1's bind_quoted block, the fields are bound
 * first (expanded inside the macro's result: its frame on an error's trace), then the struct
 * and the Exception callbacks are defined.
 */
function* defexceptionForm(x: Expander, node: AstNode, env: XEnv): Gen<Ast> {
  const line = (node.meta?.line as number) || env.line;
  const fields: AstNode = { name: "fields", meta: { line, column: 0 }, args: null, context: "Elixir.Kernel" };
  const bind = yield* x.expandInMacro("defexception", 1, line, [BLOCK_ITEM], { name: "=", meta: { line, column: 0 }, args: [fields, node.args![0]] }, env);
  const body = yield* x.expand(defexceptionBlock(env.module!, fields, line), env);
  return { name: "__block__", meta: { line: 0, column: 0 }, args: [bind, body] };
}

function defexceptionBlock(module: string, fields: Ast, line: number): Ast {
  const source =
    "case :maps.is_key(:message, :beamsh_module.__defexception__(beamsh_mod__, beamsh_fields__, beamsh_line__)) do " +
    "true -> (@impl true; def message(exception), do: exception.message; defoverridable message: 1; " +
    "@impl true; def exception(msg) when :erlang.is_binary(msg), do: exception(message: msg)); false -> :ok end; " +
    "@impl true; def exception(args) when :erlang.is_list(args), do: (struct = beamsh_mod__.__struct__(); " +
    "{valid, invalid} = :\"Elixir.Enum\".split_with(args, fn {k, _} -> :maps.is_key(k, struct) end); " +
    "case invalid do [] -> :ok; _ -> :\"Elixir.IO\".warn(:\"Elixir.Exception\".__unknown_fields__(beamsh_mod__, invalid)) end; " +
    ":\"Elixir.Kernel\".struct!(struct, valid)); defoverridable exception: 1";
  const put = (ast: Ast): Ast => {
    if (Array.isArray(ast)) return ast.map(put);
    if (isTupleAst(ast)) return { tuple: [put(ast.tuple[0]), put(ast.tuple[1])] };
    if (!isNode(ast)) return ast;
    if (ast.args === null && ast.name === "beamsh_mod__") return { atom: module };
    if (ast.args === null && ast.name === "beamsh_fields__") return fields;
    if (ast.args === null && ast.name === "beamsh_line__") return BigInt(line);
    // (its definitions are quoted in Kernel: their @impl is given in that context, so a
    // module's own message/1 or exception/1 over them is not asked for one)
    if (ast.name === "def" && ast.args !== null && isNode(ast.args[0])) {
      const kernel = (n: AstNode): AstNode => ({ ...n, meta: { ...n.meta, context: { atom: "Elixir.Kernel" } } as Meta });
      const h = ast.args[0];
      const head = h.name === "when" && h.args !== null && isNode(h.args[0]) ? { ...h, args: [kernel(h.args[0]), ...h.args.slice(1)] } : kernel(h);
      return { ...ast, args: [put(head), ...ast.args.slice(1).map(put)] };
    }
    return { ...ast, name: typeof ast.name === "string" ? ast.name : put(ast.name), args: ast.args === null ? null : ast.args.map(put) };
  };
  return put(parse(source, { line }));
}

/** Whether quoted code has `unquote` fragments (they make a definition depend on the body's values). */
export function hasUnquotes(ast: Ast): boolean {
  if (Array.isArray(ast)) return ast.some(hasUnquotes);
  if (isTupleAst(ast)) return hasUnquotes(ast.tuple[0]) || hasUnquotes(ast.tuple[1]);
  if (!isNode(ast)) return false;
  if ((ast.name === "unquote" || ast.name === "unquote_splicing") && ast.args?.length === 1) return true;
  if (ast.args === null) return false;
  return (typeof ast.name !== "string" && hasUnquotes(ast.name)) || ast.args.some(hasUnquotes);
}

/** Code building `ast` with its unquotes evaluated (`:elixir_quote.escape(ast, :none, true)`). */
function escapeWithUnquotes(ast: Ast, env: XEnv, x: Expander): Ast {
  return new Quoter({ context: env.module ?? "Elixir", unquote: true, line: true, file: null, generated: false, hygiene: false }, x.quoteEnv(env)).quote(ast);
}

/** Snapshot of the environment a definition's body expands in (no body variables). */
function defEnv(env: XEnv): XEnv {
  return { ...env, vars: new VarScope(null), prematch: null, context: null, function: null };
}

function* defForm(rt: Runtime, x: Expander, node: AstNode, env: XEnv, kind: DefKind): Gen<Ast> {
  const b = buildOf(rt, env.module!, kind, node.args!.length);
  const [head, body] = node.args!;
  const bodyAst = body === undefined ? null : body;
  const unquoted = hasUnquotes(head) || (bodyAst !== null && hasUnquotes(bodyAst));
  b.envs.push(defEnv(env));
  const envIdx = BigInt(b.envs.length - 1);
  let h: Ast;
  let bd: Ast;
  if (unquoted) {
    h = escapeWithUnquotes(head, env, x);
    bd = bodyAst === null ? null : escapeWithUnquotes(bodyAst, env, x);
  } else {
    b.cache.push(head, bodyAst);
    h = BigInt(b.cache.length - 2);
    bd = BigInt(b.cache.length - 1);
  }
  const call = dot("beamsh_module", "__def__", [{ atom: env.module! }, { atom: kind }, unquoted, h, bd, envIdx], node.meta);
  return unquoted ? yield* x.expand(call, env) : call;
}

const TYPESPECS = new Set(["spec", "type", "typep", "opaque", "callback", "macrocallback"]);

/**
 * `defstruct fields`: the fields are expanded where Kernel.defstruct/1 puts them (the first
 * binding of its bind_quoted block), then the struct is defined and the derives whose Any
 * implementation has __deriving__/3 (which run Elixir code) are run.
 */
function* defstructForm(x: Expander, node: AstNode, env: XEnv): Gen<Ast> {
  const line = (node.meta?.line as number) || env.line;
  const fields = yield* x.expandInMacro("defstruct", 1, line, [BLOCK_ITEM, MATCH_RIGHT], node.args![0], env);
  const struct = dot("beamsh_module", "__defstruct__", [{ atom: env.module! }, fields, BigInt(env.line)], node.meta);
  const callerEnv = yield* x.expand({ name: "__ENV__", meta: node.meta, args: null }, env);
  return dot("beamsh_module", "__derive_deferred__", [struct, callerEnv], node.meta);
}

function* attributeForm(x: Expander, node: AstNode, env: XEnv): Gen<Ast> {
  const inner = node.args![0];
  // Kernel.@/1's ArgumentErrors, raised as it expands in the module's body.
  const invalid = (message: string, doAtLine?: number): BeamError => {
    const loc = list([[a("file"), charlistOf(env.file)], [a("line"), (node.meta?.line as number) || env.line]]);
    const err = raise("ArgumentError", { message });
    err.stacktrace = list([
      ...(doAtLine === undefined ? [] : [[a("Elixir.Kernel"), a("do_at"), 5, list([[a("file"), charlistOf("lib/kernel.ex")], [a("line"), doAtLine]])] as Term]),
      [a("Elixir.Kernel"), a("@"), 1, list([[a("file"), charlistOf("expanding macro")]])],
      [a(env.module!), a("__MODULE__"), 0, loc],
    ]);
    err.traced = true;
    err.complete = true;
    return err;
  };
  if (isNode(inner) && inner.name === "__aliases__") throw invalid("module attributes set via @ cannot start with an uppercase letter");
  if (isNode(inner) && typeof inner.name === "string" && env.context === "match") {
    throw invalid("invalid write attribute syntax. If you want to define an attribute, don't do this:\n\n    @foo = :value\n\nInstead, do this:\n\n    @foo :value\n");
  }
  if (isNode(inner) && typeof inner.name === "string" && inner.args !== null && inner.args.length > 1 && !TYPESPECS.has(inner.name)) {
    const [first, kw] = inner.args;
    const doKw = inner.args.length === 2 && Array.isArray(kw) && kw.length > 0 && isTupleAst(kw[0]) && isAtomAst(kw[0].tuple[0]) && kw[0].tuple[0].atom === "do";
    if (doKw && isNode(first)) {
      const call: AstNode = { ...first, args: [...(first.args ?? []), kw] };
      const code = `\n@${inner.name} (${quotedToString(astToTerm(call))})`.replace(/\n/g, "\n    ");
      throw invalid(`expected 0 or 1 argument for @${inner.name}, got 2.\n\nIt seems you are trying to use the do-syntax with @module attributes but the do-block is binding to the attribute name. You probably want to wrap the argument value in parentheses, like this:\n${code}\n`, 3573);
    }
    throw invalid(`expected 0 or 1 argument for @${inner.name}, got: ${inner.args.length}`, 3584);
  }
  if (!isNode(inner) || typeof inner.name !== "string") {
    throw x.error(env, `invalid write attribute syntax. If you want to define an attribute, don't use parentheses`, node.meta);
  }
  const line = BigInt((node.meta?.line as number) || env.line);
  if (TYPESPECS.has(inner.name) && inner.args?.length === 1) {
    // A typespec is not evaluated: it is kept as quoted form (Kernel.Typespec). The aliases
    // it names count as used.
    if (env.tracker !== undefined) for (const short of aliasHeads(inner.args[0])) if (env.aliases.has(short)) env.tracker.aliasUsed(short);
    const spec = escapeWithUnquotes(annotateAliases(inner.args[0], env), env, x);
    // (a record's macro is expanded where the typespec is, as the attribute is set: typespec-records.ts)
    const caller: Ast = hasRecordTypes(inner.args[0]) ? { name: "__ENV__", meta: node.meta, args: null } : null;
    return yield* x.expand(dot("beamsh_module", "__typespec__", [{ atom: env.module! }, { atom: inner.name }, spec, line, envCacheKey(env), caller], node.meta), env);
  }
  if (inner.args === null || inner.args.length === 0) {
    if (inner.args !== null) x.attributeParens(env, inner.name, node);
    // (as Kernel.@/1 reads it in a user's module body: Module.__get_attribute__/4)
    if (!x.host.library) return dot("Elixir.Module", "__get_attribute__", [{ atom: env.module! }, { atom: inner.name }, line, true], node.meta);
    return dot("beamsh_module", "__get_attribute__", [{ atom: env.module! }, { atom: inner.name }, line], node.meta);
  }
  if (inner.args.length !== 1) throw x.error(env, `invalid write attribute syntax. If you want to define an attribute, don't use parentheses`, node.meta);
  // (Kernel.@/1 gives Module.__put_attribute__(__MODULE__, name, value, ...): @doc's value in a {line, value} tuple)
  const docs = inner.name === "moduledoc" || inner.name === "typedoc" || inner.name === "doc";
  const value = yield* x.expandInMacro("@", 1, Number(line), docs ? [REMOTE_ARG, TUPLE_ELEMENT] : [REMOTE_ARG], inner.args[0], env);
  // An attribute set by quoted code (a macro's, its @ carries the quote's :context) is never
  // warned about as unused, as Kernel.@ passes no line for it.
  const quoted = node.meta !== undefined && node.meta !== null && "context" in node.meta;
  // A user's module sets it as Kernel.@ does, through Module.__put_attribute__/5, whose
  // checks of a built-in attribute's value raise from Module's own functions (the library's
  // modules set theirs directly).
  if (!x.host.library) {
    const arg: Ast = docs ? { tuple: [line, value] } : value;
    return dot("Elixir.Module", "__put_attribute__", [{ atom: env.module! }, { atom: inner.name }, arg, quoted ? null : line, []], node.meta);
  }
  if (quoted) {
    return dot("beamsh_module", "__put_attribute__", [{ atom: env.module! }, { atom: inner.name }, value, line, false], node.meta);
  }
  return dot("beamsh_module", "__put_attribute__", [{ atom: env.module! }, { atom: inner.name }, value, line], node.meta);
}

/**
 * `defdelegate fun(args), to: Mod, as: name` → a def calling Mod.name(args) (defaults give
 * the lower arities, as for any def). A list of heads is each delegated (Elixir 1.14 warns
 * that this is deprecated). Bad options or heads raise the ArgumentError of Kernel.Utils.
 */
function* delegateForm(x: Expander, node: AstNode, env: XEnv): Gen<Ast> {
  const [heads, opts] = node.args!;
  const line = (node.meta?.line as number) || env.line;
  const loc = list([[a("file"), charlistOf(env.file)], [a("line"), line]]);
  // (Raised as the module body runs: its frame is the body's, printed "(module)".)
  const moduleFrame: Term = [a("elixir_compiler_1"), a("__MODULE__"), 1, loc];
  const utils = (fun: string, arity: number, ln: number): Term => [a("Elixir.Kernel.Utils"), a(fun), arity, list([[a("file"), charlistOf("lib/kernel/utils.ex")], [a("line"), ln]])];
  const reduce: Term = [a("Elixir.Enum"), a("-reduce/3-lists^foldl/2-0-"), 3, list([[a("file"), charlistOf("lib/enum.ex")], [a("line"), 2468]])];
  const fail = (message: string, frames: Term[]) => {
    const err = raise("ArgumentError", { message });
    err.stacktrace = list([...frames, moduleFrame]);
    err.traced = true;
    err.complete = true;
    return err;
  };
  if (Array.isArray(heads)) {
    x.warnings.push(`warning: passing a list to Kernel.defdelegate/2 is deprecated, please define each delegate separately\n  ${env.file}:${line}: ${displayName(env.module!)} (module)\n\n`);
  }
  const kw = Array.isArray(opts) && opts.every((p) => isTupleAst(p) && isAtomAst(p.tuple[0])) ? keywordPairs(opts) : new Map<string, Ast>();
  const to = kw.get("to");
  if (to === undefined) throw fail("expected to: to be given as argument", [utils("defdelegate_all", 3, 28)]);
  const target = yield* x.expand(to, env);
  const asName = kw.get("as");
  // (Kernel.Utils.defdelegate_all: delegating to the module itself needs another name)
  if (asName === undefined && isAtomAst(target) && target.atom === env.module) {
    throw fail("defdelegate function is calling itself, which will lead to an infinite loop. You should either change the value of the :to option or specify the :as option", [utils("defdelegate_all", 3, 32)]);
  }
  const out: Ast[] = [];
  const defined: Ast[] = [];
  for (const head of Array.isArray(heads) ? heads : [heads]) {
    if (isNode(head) && head.name === "when") {
      throw fail(`guards are not allowed in defdelegate/2, got: when ${quotedToString(astToTerm(head.args![1]))}`, [utils("defdelegate_each", 2, 63), reduce]);
    }
    // The name may be an unquote fragment (`defdelegate unquote(name)(list), to: List`), as
    // Kernel.defdelegate escapes its heads with their unquotes evaluated in the module body.
    const unquotedName = isNode(head) && isNode(head.name) && head.name.name === "unquote" && head.name.args?.length === 1 && head.args !== null;
    if (!isNode(head) || (typeof head.name !== "string" && !unquotedName)) throw x.error(env, `invalid delegate head: ${astText(head)}`, node.meta);
    const nameAst: Ast = unquotedName ? (head.name as AstNode) : { atom: head.name as string };
    const fun: Ast = asName !== undefined && isAtomAst(asName) ? asName : nameAst;
    const params = head.args ?? [];
    const callArgs = params.map((p) => {
      // (a default's variable is the parameter: Kernel.Utils.validate_arg takes `{:\\\\, _, [arg, _]}` to arg)
      const arg = isNode(p) && p.name === "\\\\" && p.args?.length === 2 ? p.args[0] : p;
      if (isNode(arg) && typeof arg.name === "string" && arg.args === null) return arg;
      if (isNode(arg) && (arg.name === "unquote" || arg.name === "unquote_splicing") && arg.args?.length === 1) return arg;
      throw fail(`defdelegate/2 only accepts function parameters, got: ${quotedToString(astToTerm(arg))}`, [
        utils("validate_arg", 1, 96),
        [a("lists"), a("map"), 2, list([[a("file"), charlistOf("lists.erl")], [a("line"), 1315]])],
        utils("build_as_args", 2, 80),
        utils("defdelegate_each", 2, 74),
        reduce,
      ]);
    });
    const def: AstNode = {
      name: "def",
      meta: node.meta,
      args: [head, [{ tuple: [{ atom: "do" }, { name: { name: ".", meta: node.meta, args: [target, fun] }, meta: node.meta, args: callArgs }] }]],
    };
    // (Kernel.defdelegate documents the definition as delegating: `@doc delegate_to: {m, f, a}`)
    if (isAtomAst(fun)) {
      const mfa: Ast = { name: "{}", meta: node.meta, args: [target, fun, BigInt(params.length)] };
      const docMeta: AstNode = { name: "doc", meta: node.meta, args: [[{ tuple: [{ atom: "delegate_to" }, mfa] }]] };
      out.push(yield* x.expand({ name: "@", meta: node.meta, args: [docMeta] }, env));
    }
    out.push(yield* x.expand(def, env));
    defined.push({ tuple: [unquotedName ? (nameAst as AstNode).args![0] : nameAst, BigInt(params.length)] });
  }
  return { name: "__block__", meta: node.meta, args: [...out, yield* x.expand(defined, env)] };
}

/**
 * `defguard name(args) when expr`: a macro giving `expr` with the arguments put in — as
 * they are inside a guard, bound once to variables elsewhere (Kernel.Utils.defguard).
 */
function* guardForm(rt: Runtime, x: Expander, node: AstNode, env: XEnv, kind: DefKind): Gen<Ast> {
  void rt;
  const [w] = node.args!;
  const loc = list([[a("file"), charlistOf(env.file)], [a("line"), (node.meta?.line as number) || env.line]]);
  const kernel = (fun: string, arity: number, ln: number): Term => [a("Elixir.Kernel"), a(fun), arity, list([[a("file"), charlistOf("lib/kernel.ex")], [a("line"), ln]])];
  // An ArgumentError of Kernel.define_guard/3 (frames: what raised it, then the macro and the module).
  const invalid = (message: string, frames: Term[]): BeamError => {
    const err = raise("ArgumentError", { message });
    err.stacktrace = list([
      ...frames,
      [a("Elixir.Kernel"), a(kind === "defmacro" ? "defguard" : "defguardp"), 1, list([[a("file"), charlistOf("expanding macro")]])],
      [env.module === null ? a("elixir_compiler_1") : a(env.module), a("__MODULE__"), env.module === null ? 1 : 0, loc],
    ]);
    err.traced = true;
    err.complete = true;
    return err;
  };
  // :elixir_utils.extract_guards/1: `call when g1 when g2...` is the call and its guards.
  const guards: Ast[] = [];
  let head: Ast = w;
  if (isNode(w) && w.name === "when" && w.args?.length === 2) {
    head = w.args[0];
    let rest: Ast = w.args[1];
    while (isNode(rest) && rest.name === "when" && rest.args?.length === 2) {
      guards.push(rest.args[0]);
      rest = rest.args[1];
    }
    guards.push(rest);
  }
  if (guards.length > 1) throw invalid(`invalid syntax in defguard ${quotedToString(astToTerm(head))}, only a single when clause is allowed`, [kernel("define_guard", 3, 5528)]);
  // Macro.decompose_call/1: a local call (or a bare name) only.
  const isLocalCall = isNode(head) && typeof head.name === "string" && head.name !== "__aliases__";
  if (!isLocalCall) throw invalid(`invalid syntax in defguard ${quotedToString(astToTerm(head))}`, [kernel("define_guard", 3, 5558)]);
  const call = head as AstNode;
  const expr = guards[0];
  const params = (call.args ?? []) as Ast[];
  // Each argument a variable, or one with a default (`rem \\ 2`, given by the macro's own
  // default): anything else is Kernel.validate_variable_only_args!'s ArgumentError.
  const isVar = (p: Ast): p is AstNode => isNode(p) && typeof p.name === "string" && p.args === null;
  const vars = params.map((p) => (isVar(p) ? p : isNode(p) && p.name === "\\\\" && p.args?.length === 2 && isVar(p.args[0]) ? (p.args[0] as AstNode) : null));
  if (vars.some((p) => p === null)) {
    throw invalid(`invalid syntax in defguard ${quotedToString(astToTerm(call))}`, [
      kernel("-validate_variable_only_args!/2-fun-0-", 2, 5572),
      [a("Elixir.Enum"), a("-each/2-lists^foreach/1-0-"), 2, list([[a("file"), charlistOf("lib/enum.ex")], [a("line"), 975]])],
      kernel("define_guard", 3, 5535),
    ]);
  }
  // Without a guard, defguard declares the macro's head only (as Kernel.define/4 with no body).
  if (expr === undefined) return yield* x.expand({ name: kind, meta: node.meta, args: [call] }, env);
  // (the arguments as written: a variable is told apart by its name and context, as quoted
  // code from another module carries one)
  const refs = vars.map((p) => ({ ...p!, meta: { ...p!.meta } }) as AstNode);
  // The body is built when the macro is stored, with the module's macros defined before it
  // (Kernel.Utils.defguard expands the guard inside the macro's definition).
  const body: AstNode = { name: GUARD_BODY, meta: node.meta, args: [refs, expr] };
  const def: AstNode = { name: kind, meta: node.meta, args: [call, [{ tuple: [{ atom: "do" }, body] }]] };
  return yield* x.expand(def, env);
}

/** The call a defguard's macro body is until the macro is stored (see guardBody). */
const GUARD_BODY = "__beamsh_defguard__";

/**
 * A defguard's macro body, built as the macro is stored: the guard with the macros it calls
 * expanded (the module's own defined so far, imported and required ones; Kernel's stay, as
 * they expand differently inside and outside guards), quoted with the arguments put in when
 * used in a guard, bound once to variables elsewhere (Kernel.Utils.defguard).
 */
function* guardBody(rt: Runtime, x: Expander, node: AstNode, env: XEnv): Gen<Ast> {
  const [refsAst, expr] = node.args!;
  const refs = refsAst as AstNode[];
  const refOf = (n: AstNode): number =>
    n.args === null && typeof n.name === "string" ? refs.findIndex((r) => r.name === n.name && r.context === n.context && r.meta?.counter === n.meta?.counter) : -1;
  const guardEnv: XEnv = { ...env, context: "guard" };
  const expandMacros = function* (ast: Ast): Gen<Ast> {
    if (Array.isArray(ast)) {
      const out: Ast[] = [];
      for (const y of ast) out.push(yield* expandMacros(y));
      return out;
    }
    if (isTupleAst(ast)) return { tuple: [yield* expandMacros(ast.tuple[0]), yield* expandMacros(ast.tuple[1])] };
    if (!isNode(ast) || ast.args === null || ast.name === "__aliases__") return ast;
    const once = yield* x.expandOnce(ast, guardEnv, false);
    if (once !== null) return yield* expandMacros(once);
    const args: Ast[] = [];
    for (const y of ast.args) args.push(yield* expandMacros(y));
    return { ...ast, args };
  };
  // (as elixir_expand leaves it: Kernel's functions that Elixir inlines are Erlang's, so
  // Macro.expand of a use of the guard shows :erlang.+(a, b) where the guard wrote a + b)
  const guardExpr = inlineKernelFunctions(yield* expandMacros(expr), env);
  // The guard expanded whole as a guard (Kernel.Utils.defguard's :elixir_expand.expand in
  // the guard context, with the arguments defined) and compiled as one: what guards cannot
  // hold (a local or remote function, !, &&, case...) is the error it is in a guard, raised
  // as the macro is defined rather than where it is used.
  const checked = yield* x.guard(guardExpr, { ...env, vars: new VarScope(env.vars), prematch: null });
  const check = compileEval(hostFor(rt), { name: GUARD_CHECK, meta: node.meta, args: [checked] }, [...env.vars.all()], codegenEnv(env), env.file, { module: env.module ?? undefined, record: false });
  for (const w of check.warnings) compileState(rt).warn(w);
  const replace = (ast: Ast, f: (ref: number) => Ast): Ast => {
    if (Array.isArray(ast)) return ast.map((y) => replace(y, f));
    if (isTupleAst(ast)) return { tuple: [replace(ast.tuple[0], f), replace(ast.tuple[1], f)] };
    if (!isNode(ast)) return ast;
    const ref = refOf(ast);
    if (ref >= 0) return f(ref);
    return { ...ast, name: typeof ast.name === "string" ? ast.name : replace(ast.name, f), args: ast.args === null ? null : ast.args.map((y) => replace(y, f)) };
  };
  const unq = (n: Ast): Ast => ({ name: "unquote", meta: M0, args: [n] });
  // In a guard: the arguments' code put in at each use.
  const inGuard = replace(guardExpr, (i) => unq(refs[i]));
  // Elsewhere: each argument used evaluated once, in the order of the arguments, into
  // arg1, arg2... numbered by first use (Kernel.Utils.defguard's unquote_refs_once); an
  // argument the guard does not use is not evaluated.
  const numbered = new Map<number, string>();
  const bound = replace(guardExpr, (i) => {
    if (!numbered.has(i)) numbered.set(i, `arg${numbered.size + 1}`);
    return v(numbered.get(i)!);
  });
  const used = refs.map((_, i) => i).filter((i) => numbered.has(i));
  const tupleOf = (items: Ast[]): Ast => (items.length === 2 ? { tuple: [items[0], items[1]] } : { name: "{}", meta: M0, args: items });
  const binds: Ast[] = [{ name: "=", meta: M0, args: [tupleOf(used.map((i) => v(numbered.get(i)!))), tupleOf(used.map((i) => unq(refs[i])))] }];
  const q = (body: Ast): Ast => ({ name: "quote", meta: M0, args: [[{ tuple: [{ atom: "do" }, body] }]] });
  const inGuardTest: Ast = { name: "==", meta: M0, args: [{ name: { name: ".", meta: M0, args: [v("__CALLER__"), { atom: "context" }] }, meta: { ...M0, no_parens: true } as Meta, args: [] }, { atom: "guard" }] };
  const macroBody: Ast = {
    name: "if",
    meta: M0,
    args: [inGuardTest, [{ tuple: [{ atom: "do" }, q(inGuard)] }, { tuple: [{ atom: "else" }, q({ name: "__block__", meta: M0, args: [...binds, bound] })] }]],
  };
  return yield* x.expand(macroBody, env);
}

/** `name(args)` calls of Kernel functions elixir_rewrite inlines, as the :erlang calls they become. */
function inlineKernelFunctions(ast: Ast, env: XEnv): Ast {
  if (Array.isArray(ast)) return ast.map((y) => inlineKernelFunctions(y, env));
  if (isTupleAst(ast)) return { tuple: [inlineKernelFunctions(ast.tuple[0], env), inlineKernelFunctions(ast.tuple[1], env)] };
  if (!isNode(ast) || ast.args === null || ast.name === "__aliases__") return ast;
  const args = ast.args.map((y) => inlineKernelFunctions(y, env));
  if (typeof ast.name === "string") {
    const key = `${ast.name}/${args.length}`;
    const inlined = kernelInlined(ast.name, args.length);
    // (only where the name is Kernel's import: the first import that has it)
    let from: string | undefined;
    for (const [mod, names] of env.functions) {
      if (names.has(key)) {
        from = mod;
        break;
      }
    }
    if (inlined !== undefined && from === "Elixir.Kernel") return dot("erlang", inlined, args, ast.meta ?? M0);
    return { ...ast, args };
  }
  return { ...ast, name: inlineKernelFunctions(ast.name, env), args };
}

// ---- defmodule ---------------------------------------------------------------------

/** `defmodule Name do body end` → the call that compiles it when it runs. */
function* defmoduleForm(rt: Runtime, x: Expander, node: AstNode, env: XEnv, kind?: ModuleKind): Gen<Ast> {
  const [nameAst, kw] = node.args!;
  let name: string;
  if (isNode(nameAst) && nameAst.name === "__aliases__" && env.module !== null && isAtomAst(nameAst.args![0]) && !(nameAst.args![0].atom === "Elixir" && nameAst.args!.length > 1)) {
    // A nested module: Outer.Name, with Name aliased to it in the outer scope.
    const parts = (nameAst.args as { atom: string }[]).map((p) => p.atom);
    name = env.module + "." + parts.join(".");
    const first = env.module + "." + parts[0];
    const aliases = new Map(env.aliases);
    aliases.set("Elixir." + parts[0], first);
    env.aliases = aliases;
    // (a name from quoted code also aliases it for that expansion: Kernel.defmodule's alias
    // carries the name's meta, hygiene counter included)
    const counter = counterKey(nameAst.meta?.counter);
    if (counter !== null) env.macroAliases = new Map(env.macroAliases ?? []).set("Elixir." + parts[0], [counter, first]);
  } else {
    // (Kernel.defmodule expands an alias with elixir_aliases:expand_or_concat/2, which traces
    // nothing: the module's name is no alias_reference to Code's tracers)
    const aliasName = isNode(nameAst) && nameAst.name === "__aliases__";
    const tracers = env.tracers;
    if (aliasName) env.tracers = undefined;
    let e: Ast;
    try {
      e = yield* x.expand(nameAst, env);
    } finally {
      if (aliasName) env.tracers = tracers;
    }
    if (!isAtomAst(e)) {
      // A name computed when the code runs (`defmodule name do`, in a comprehension): the
      // body is compiled then, under that name, as elixir_module compiles it.
      const s = compileState(rt);
      const key = s.nextBody++;
      const body = keywordPairs(kw).get("do");
      const [names, refs] = handedVars(env, node);
      s.bodies.set(key, { node: { ...node, args: [{ atom: "" }, body === undefined ? null : body] }, env: { ...env, vars: new VarScope(null), prematch: null, context: null }, name: "", binding: names, kind });
      return dot("beamsh_module", "__compile__", [e, BigInt(key), refs], node.meta);
    }
    name = e.atom;
  }
  const s = compileState(rt);
  const key = s.nextBody++;
  const body = keywordPairs(kw).get("do");
  const [names, refs] = handedVars(env, node);
  s.bodies.set(key, { node: { ...node, args: [{ atom: name }, body === undefined ? null : body] }, env: { ...env, vars: new VarScope(null), prematch: null, context: null }, name, binding: names, kind });
  env.contextModules = [name, ...env.contextModules];
  return dot("beamsh_module", "__compile__", [BigInt(key), refs], node.meta);
}

/**
 * `defimpl Proto, for: Type do ... end` as Kernel.defimpl expands it (Protocol.__impl__/4):
 * for each type (a list of them gives a list of modules), a module Proto.Type defined as
 * defmodule defines one, its body run at compile time, with @behaviour Proto, @protocol and
 * @for set and `__impl__/1` given (Protocol.assert_protocol! checks the protocol first).
 * Null when the protocol or a type is no module name known while expanding.
 */
function* defimplForm(rt: Runtime, x: Expander, node: AstNode, env: XEnv): Gen<Ast | null> {
  const protocol = yield* x.expand(node.args![0], env);
  if (!isAtomAst(protocol)) return null;
  const written = defimplFor(node);
  const forAst = written === undefined ? undefined : yield* x.expand(written, env);
  const { fors, body } = defimplParts(node, forAst, env.module, env.file);
  if (fors === null) return null;
  // (the module's defmodule hands the variables in scope to its body: they are read)
  x.useAllVars(env);
  const s = compileState(rt);
  const [names, refs] = handedVars(env, node);
  const calls = fors.map((f): Ast => {
    const name = implName(protocol.atom, f);
    const key = s.nextBody++;
    const impl: ImplInfo = { protocol: protocol.atom, for: f, target: name };
    s.bodies.set(key, { node: { ...node, name: "defmodule", args: [{ atom: name }, body] }, env: { ...env, vars: new VarScope(null), prematch: null, context: null }, name, binding: names, kind: { impl } });
    env.contextModules = [name, ...env.contextModules];
    return dot("beamsh_module", "__compile__", [BigInt(key), refs], node.meta);
  });
  return Array.isArray(forAst) ? calls : calls[0];
}

/**
 * A definition in a protocol's body: Protocol's `def name(args)` declares one of its
 * functions (recorded when the body runs, `__protocol_def__`); Kernel's other definitions
 * are not imported there.
 */
function* protocolDef(x: Expander, node: AstNode, env: XEnv): Gen<Ast> {
  const name = node.name as string;
  const args = node.args!;
  if (name !== "def" || args.length !== 1) throw x.error(env, `undefined function ${name}/${args.length} (there is no such import)`, node.meta);
  const head = args[0];
  const line = (node.meta?.line as number) || env.line;
  const fail = (message: string): BeamError => {
    const e = raise("ArgumentError", { message });
    e.stacktrace = list([[a("Elixir.Protocol"), a("def"), 1, list([[a("file"), charlistOf("expanding macro")]])], [a(env.module!), a("__MODULE__"), 0, list([[a("file"), charlistOf(env.file)], [a("line"), line]])]]);
    e.traced = true;
    return e;
  };
  if (!isNode(head) || typeof head.name !== "string" || head.name === "when") throw fail("invalid arguments for def inside defprotocol");
  const arity = head.args?.length ?? 0;
  if (arity === 0) throw fail("protocol functions expect at least one argument");
  return dot("beamsh_module", "__protocol_def__", [{ atom: env.module! }, { atom: head.name }, BigInt(arity), BigInt(line)], node.meta);
}

/** `:beamsh_module.__protocol_def__/4`: one of a protocol's functions, declared (its @doc taken). */
export function protocolFunctionDeclared(rt: Runtime, module: string, name: string, arity: number, line: number): Term {
  const b = buildOf(rt, module, "def", 1, true);
  if (b.protocol === undefined) throw raise("ArgumentError", { message: `${displayName(module)} is not a protocol being defined` });
  if (!b.protocol.functions.some(([n, ar]) => n === name && ar === arity)) {
    b.protocol.functions.push([name, arity]);
    b.protocol.lines.push(line);
  }
  takeDoc(rt, b, "def", name, arity);
  // Protocol's def/1: the function's @spec copied as its callback, else
  // `@callback name(t, term, ...) :: term` (at the def's line, as the macro's code is)
  if (!specToCallback(rt, module, name, arity)) {
    const meta = list([[a("line"), line]]);
    const args = [[a("t"), meta, a("Elixir.Protocol")], ...Array.from({ length: arity - 1 }, () => [a("term"), meta, a("Elixir.Protocol")])];
    const spec: Term = [a("::"), meta, list([[a(name), meta, list(args)], [a("term"), meta, a("Elixir.Protocol")]])];
    typespecAttribute(rt, module, "callback", spec, line, null);
  }
  return tuple(a(name), arity);
}

/**
 * Protocol.__before_compile__'s warnings: a @callback that is none of the protocol's
 * functions, any @macrocallback (by name and arity, each at the line of its first
 * declaration), and @optional_callbacks given at all.
 */
function protocolCallbackWarnings(b: ModuleBuild): string[] {
  const functions = new Set(b.protocol!.functions.map(([n, ar]) => `${n}/${ar}`));
  const declared = new Map<string, { kind: string; name: string; arity: number; line: number }>();
  for (const entry of listOf(reverseList(b.typespecs))) {
    const [kind, quoted, line] = entry as [Atom, Term, Term];
    if (kind.name !== "callback" && kind.name !== "macrocallback") continue;
    const head = callbackHead(termToAst(quoted));
    const key = head === null ? null : `${kind.name} ${head[0]}/${head[1]}`;
    if (head !== null && !declared.has(key!)) declared.set(key!, { kind: kind.name, name: head[0], arity: head[1], line: typeof line === "number" ? line : b.line });
  }
  const byKey = (x: { name: string; arity: number }, y: { name: string; arity: number }) => (x.name < y.name ? -1 : x.name > y.name ? 1 : x.arity - y.arity);
  const where = (line: number) => `\n  ${b.file}:${line}: ${displayName(b.name)} (module)\n\n`;
  const out: string[] = [];
  for (const kind of ["callback", "macrocallback"]) {
    const wrong = [...declared.values()].filter((c) => c.kind === kind && (kind === "macrocallback" || !functions.has(`${c.name}/${c.arity}`))).sort(byKey);
    for (const c of wrong) out.push(`warning: cannot define @${kind} ${c.name}/${c.arity} inside protocol, use def/1 to outline your protocol definition${where(c.line)}`);
  }
  const optional = b.attributes.get("optional_callbacks");
  if (optional !== undefined && optional !== NIL && optional !== null) {
    out.push(`warning: cannot define @optional_callbacks inside protocol, all of the protocol definitions are required${where(b.line)}`);
  }
  return out;
}

/** A protocol's dispatching functions and marks, once its body has run (as Protocol's after_defprotocol defines them). */
function finishProtocolModule(b: ModuleBuild, m: CompiledModule): void {
  const fallback = b.attributes.get("fallback_to_any");
  const info: ProtocolInfo = {
    functions: b.protocol!.functions,
    functionLines: b.protocol!.lines,
    fallbackToAny: fallback !== undefined && fallback !== false && fallback !== null,
    file: b.file,
    line: b.line,
  };
  for (const [k, c] of protocolFunctions(b.name, info)) m.fns.set(k, c);
  m.attributes.set("__protocol__", list([tuple(a("fallback_to_any"), info.fallbackToAny)]));
  m.protocol = info;
  m.last = tuple(a("__protocol__"), 1);
}

/**
 * The variables defmodule hands to the module's body (Kernel.defmodule passes the binding
 * in scope to elixir_module): their names, and the list reading them where defmodule runs.
 * The body reads them (`@x x`, `unquote(x)` in a definition) but cannot rebind them outside.
 */
function handedVars(env: XEnv, node: AstNode): [string[], Ast] {
  const names = [...env.vars.all()].filter((k) => k !== "__CALLER__").sort();
  return [names, names.map((k) => ({ name: k, meta: node.meta, args: null }) as Ast)];
}

/** The codegen environment (aliases by short name, imports) for an expander environment. */
export function codegenEnv(env: XEnv): import("./unit.js").Env {
  const out = newEnv();
  for (const [k, m] of env.aliases) out.aliases.set(k.replace(/^Elixir\./, ""), m);
  for (const [m, names] of env.functions) if (m !== "Elixir.Kernel" && m !== "Elixir.IEx.Helpers") out.imports.set(m, names);
  out.defined = env.contextModules;
  return out;
}

/** The module's typespecs and what their translation reads of it (typespec-check.ts). */
function typespecModule(b: ModuleBuild, host: CompilerHost): TypespecModule {
  return {
    name: b.name,
    file: b.file,
    typespecs: listOf(reverseList(b.typespecs)),
    // (read as Module.get_attribute/2 reads it: used now)
    attribute: (k) => {
      b.used.add(k);
      b.unread.delete(k);
      return b.attributes.get(k) ?? undefined;
    },
    protocol: b.protocol !== undefined,
    // (the module's own struct once defstruct ran, else what a loaded version of it gives: elixir_map's load_struct)
    structFields: (mod) => (mod === b.name ? b.struct ?? host.structFields(mod) : host.structFields(mod)),
  };
}

/**
 * What of the environment elixir_locals:cache_env/1 compares with the one it cached last (all
 * of it but the variables and the line): a typespec attribute's position names the cached
 * environment it was written in.
 */
function envCacheKey(env: XEnv): string {
  const sets = (m: Map<string, Set<string>>) => [...m].map(([k, v]) => [k, [...v]]);
  return JSON.stringify([env.file, env.function, env.context, [...env.aliases], [...env.requires], sets(env.functions), sets(env.macros), env.contextModules]);
}

/**
 * A copy of a typespec whose aliases say what they expand to here (`alias: String` in their
 * metadata, as quote writes them), for Code.Typespec to read after the module is compiled.
 */
function annotateAliases(ast: Ast, env: XEnv): Ast {
  if (Array.isArray(ast)) return ast.map((x) => annotateAliases(x, env));
  if (isTupleAst(ast)) return { ...ast, tuple: ast.tuple.map((x) => annotateAliases(x, env)) } as Ast;
  if (!isNode(ast)) return ast;
  if (ast.name === "__aliases__" && ast.args !== null && isAtomAst(ast.args[0])) {
    const first = env.aliases.get("Elixir." + ast.args[0].atom);
    const rest = ast.args.slice(1);
    if (first === undefined || !rest.every(isAtomAst)) return ast;
    const full = [first, ...rest.map((p) => (p as { atom: string }).atom)].join(".");
    return { ...ast, meta: { ...ast.meta, alias: a(full) } };
  }
  const name = typeof ast.name === "string" ? ast.name : annotateAliases(ast.name, env);
  return { ...ast, name, args: ast.args === null ? null : ast.args.map((x) => annotateAliases(x, env)) } as Ast;
}

function aliasHeads(ast: Ast, out = new Set<string>()): Set<string> {
  if (Array.isArray(ast)) for (const x of ast) aliasHeads(x, out);
  else if (isTupleAst(ast)) for (const x of ast.tuple) aliasHeads(x, out);
  else if (isNode(ast)) {
    if (ast.name === "__aliases__" && ast.args !== null && isAtomAst(ast.args[0])) out.add("Elixir." + ast.args[0].atom);
    if (typeof ast.name !== "string") aliasHeads(ast.name, out);
    if (ast.args !== null) for (const x of ast.args) aliasHeads(x, out);
  }
  return out;
}

/** `defprotocol`/`defimpl` (registered under `key`), compiled by protocols.ts now. */
export function compileStatic(rt: Runtime, key: number): Term {
  const s = compileState(rt);
  const pending = s.bodies.get(key)!;
  const { node, env, name } = pending;
  const building = name ? s.building.get(name) : undefined;
  // The enclosing module's struct is already usable inside it (`defimpl ... do %Mod{} end`).
  const host = building?.struct === undefined ? s.host : { ...s.host, structFields: (m: string) => (m === name ? building.struct! : s.host.structFields(m)) };
  // Compiled without the expander: every alias it names and every import counts as used.
  if (env.tracker !== undefined) {
    for (const short of aliasHeads(node)) env.tracker.aliasUsed(short);
    for (const m of [...env.functions.keys(), ...env.macros.keys()]) env.tracker.importsUsed(m);
  }
  let ms: CompiledModule[];
  try {
    ms = compileDefinition(host, node, codegenEnv(env), env.file, name);
  } catch (e) {
    if (e instanceof CompileError) {
      // Raised while expanding (iex shows no frames for it).
      const err = raise("CompileError", { file: e.file, line: e.line, description: e.description });
      err.stacktrace = NIL;
      err.traced = true;
      throw err;
    }
    throw e;
  }
  const results: Term[] = [];
  const line = (node.meta?.line as number) || env.line;
  for (const m of ms) {
    // Redefining a module (a protocol over a plain module, an implementation again) warns as defmodule does.
    // A library's implementation (Inspect.PID, say) was loaded from its .beam file.
    const warning = redefinition(rt, m.name, s.host.library === true);
    if (warning !== null && !s.building.has(m.name) && warnsModuleConflict(rt)) s.warn(`warning: redefining module ${displayName(m.name)}${warning}\n  ${env.file}:${line}\n\n`);
    s.host.defineModule(m);
    s.defined.push(m.name, ...m.nested.map((n) => n.name));
    for (const w of m.warnings) s.warn(w);
    // An implementation is a module defmodule names when it runs (Protocol.__impl__):
    // Elixir does not check its remote calls.
    if (node.name !== "defimpl") s.compiled.push(m);
    const b = name ? s.building.get(name) : undefined;
    if (b !== undefined) b.nested.push(m);
    results.push(tuple(a("module"), a(m.name), moduleBeam(rt, m.name), m.last));
  }
  return node.name === "defimpl" && ms.length !== 1 ? list(results) : results[0];
}

// ---- running a module's body ------------------------------------------------------------

/**
 * What defining `name` again says about the version it replaces (null: nothing to warn of):
 * one defined in memory, or a library module (one beamsh has, or any a real installation
 * ships, as the code server would load it) replaced by the user's code (not by the prelude
 * extending a native module).
 */
function redefinition(rt: Runtime, name: string, byLibrary: boolean): string | null {
  const existing = rt.modules.get(name);
  if (existing !== undefined && existing.library !== true) {
    const file = objectFilePath(rt, name);
    return file !== undefined ? ` (current version loaded from ${file})` : " (current version defined in memory)";
  }
  if (byLibrary) return null;
  if (existing !== undefined) {
    const path = libraryBeamPath(name);
    return path !== null ? ` (current version loaded from ${path})` : "";
  }
  const shipped = shippedBeamPath(name);
  return shipped !== null ? ` (current version loaded from ${shipped})` : null;
}

/** Module names elixir_module keeps for itself. */
const RESERVED_MODULES = new Set(["Elixir.True", "Elixir.False", "Elixir.Nil", "Elixir.Any", "Elixir.BitString", "Elixir.PID", "Elixir.Reference", "Elixir.Elixir", "Elixir"]);

/** Compiles the module registered under `key` (the runtime part of defmodule). */
export function* compileModuleBody(rt: Runtime, key: number, named?: Term, values: Term[] = []): Gen<Term> {
  const s = compileState(rt);
  const pending = s.bodies.get(key);
  if (pending === undefined) throw raise("ArgumentError", { message: "unknown module body" });
  const { node, env: outer } = pending;
  const line = (node.meta?.line as number) || outer.line;
  let name = pending.name;
  if (named !== undefined) {
    // a name known only now: an atom other than nil, true and false (elixir_module's check)
    if (!(named instanceof Atom) || named === a("nil") || named === a("true") || named === a("false") || /[/\\]/.test(named.name)) {
      const err = raise("CompileError", { file: outer.file, line, description: `invalid module name: ${inspect(named)}` });
      err.stacktrace = NIL;
      err.traced = true;
      throw err;
    }
    name = named.name;
  } else if (/[/\\]/.test(name)) {
    // (nor may a name hold a slash or backslash: elixir_module's validate_module_name)
    const err = raise("CompileError", { file: outer.file, line, description: `invalid module name: ${inspect(a(name))}` });
    err.stacktrace = NIL;
    err.traced = true;
    throw err;
  }
  const body = node.args![1];
  // (a module named when the code runs is not checked for undefined remote calls: Elixir's
  // checker skips it, as it skips protocol implementations)
  const binding = { names: pending.binding ?? [], values };
  // (an implementation: Protocol.assert_protocol! first; its remote calls are not checked)
  const kind = pending.kind ?? {};
  if (kind.impl !== undefined) assertProtocol(s.host, kind.impl.protocol);
  return yield* buildModule(rt, name, body, outer, line, named === undefined && kind.impl === undefined, binding, kind);
}

/** Builds `name` from `body` in environment `outer` (defmodule, Module.create/3; `impl`: defimpl). */
export function* buildModule(rt: Runtime, name: string, body: Ast, outer: XEnv, line: number, checked = true, binding: { names: string[]; values: Term[] } = { names: [], values: [] }, kind: ModuleKind = {}): Gen<Term> {
  const impl = kind.impl;
  const s = compileState(rt);
  const host = s.host;
  // A library module redefined by the user's code (not by the prelude extending a native one).
  const replacesLibrary = rt.modules.get(name)?.library === true && host.library !== true;
  // elixir_module's checks of the name: reserved ones, then one being defined already (a
  // defmodule of the same name inside its own body)
  if (RESERVED_MODULES.has(name)) throw raise("CompileError", { file: outer.file, line, description: `module ${displayName(name)} is reserved and cannot be defined` });
  const open = s.building.get(name);
  if (open !== undefined && kind.impl === undefined) {
    const err = raise("CompileError", { file: outer.file, line, description: `cannot define module ${displayName(name)} because it is currently being defined in ${open.file}:${open.line}` });
    // (raised in the body of the module around it)
    if (outer.module !== null) {
      err.stacktrace = list([[a(outer.module), a("__MODULE__"), 1, list([[a("file"), charlistOf(outer.file)], [a("line"), line]])]]);
      err.traced = true;
      err.complete = true;
    }
    throw err;
  }
  const warning = redefinition(rt, name, host.library === true);
  if (warning !== null && !s.building.has(name) && warnsModuleConflict(rt)) s.warn(`warning: redefining module ${displayName(name)}${warning}\n  ${outer.file}:${line}\n\n`);
  // A module's aliases and imports are tracked with those of the modules nested in it.
  const tracker = outer.tracker !== undefined && !outer.tracker.ended ? outer.tracker : new LexicalTracker();
  const env: XEnv = { ...outer, module: name, function: null, context: null, vars: new VarScope(null), prematch: null, contextModules: [name, ...outer.contextModules], line, tracker };
  for (const n of binding.names) env.vars.vars.add(n);
  const build = new ModuleBuild(name, outer.file, line, env);
  s.building.set(name, build);
  if (kind.protocol) {
    // Protocol.__protocol__: the body defines the protocol's functions with Protocol's def/1
    build.protocol = { functions: [], lines: [] };
    putAttribute(rt, name, "fallback_to_any", false, undefined, false);
  }
  if (impl !== undefined) {
    // what Protocol.__impl__ puts first in the body
    putAttribute(rt, name, "behaviour", a(impl.protocol), undefined, false);
    putAttribute(rt, name, "protocol", a(impl.protocol), undefined, false);
    putAttribute(rt, name, "for", a(impl.for), undefined, false);
  }
  try {
    const x = new Expander(rt, host, moduleHooks(rt));
    let expanded: Ast;
    try {
      expanded = yield* x.expand(body ?? null, env);
      x.checkUnused(env);
    } finally {
      // (given before the error when the body fails to expand, as Elixir prints them as it goes)
      for (const w of x.warnings) s.warn(w);
    }
    const last = yield* runBody(rt, host, build, expanded, binding);
    // @before_compile callbacks: macros whose code runs at the end of the body.
    for (const [i, cb] of attributeList(build.attributes.get("before_compile")).entries()) {
      const [mod, fun] = Array.isArray(cb) ? [atomName(cb[0]), atomName(cb[1])] : [atomName(cb), "__before_compile__"];
      yield* moduleCallback(rt, host, build, mod, fun, [envToTerm({ ...env, vars: new VarScope(null), line })], env, line, i);
    }
    if (build.protocol !== undefined) {
      // (Protocol.__before_compile__; then the definitions Protocol adds, each with @doc false, take a @doc left pending)
      if (build.protocol.functions.length === 0) s.warn(`warning: protocols must define at least one function, but none was defined\n  ${build.file}:${line}: ${displayName(name)} (module)\n\n`);
      for (const w of protocolCallbackWarnings(build)) s.warn(w);
      build.pendingDoc = undefined;
    }
    const m = finishModule(build, last, host, s.warn);
    if (build.protocol !== undefined) finishProtocolModule(build, m);
    if (impl !== undefined) {
      // __impl__/1 (the protocol dispatches on the implementation's mark) and the persisted @__impl__
      m.impl = impl;
      for (const [k, c] of implFunctions(name, impl)) m.fns.set(k, c);
      m.attributes.set("__impl__", list([tuple(a("protocol"), a(impl.protocol)), tuple(a("for"), a(impl.for))]));
    }
    // The code server keeps OTP's own modules (sticky directories): the new version is
    // compiled but never loaded, and the old one stays.
    if (replacesLibrary && isStickyModule(name)) {
      rt.logger.log(`\n${logTime(new Date(wallClockMs(rt)))} [error] Can't load module '${displayName(name)}' that resides in sticky dir\n\n`);
      rt.logger.flush();
    } else if (!autoloadOff(build)) host.defineModule(m);
    // Elixir reads a module's docs from its BEAM file: a module typed at the prompt or compiled
    // from a string (Code.eval_string's "nofile") has none, and doctest/1 raises as in iex. The
    // docs of a module compiled from a source file are kept (beamsh writes no BEAM files; the
    // project's and a script's modules stand in for compiled ones).
    let kept = keptDocs.get(rt);
    if (kept === undefined) keptDocs.set(rt, (kept = new Map()));
    if (build.file !== "iex" && build.file !== "nofile") kept.set(name, { file: build.file, moduledoc: build.moduledoc, docs: build.docs });
    else kept.delete(name);
    // What the module's Docs chunk is made of (none when compiled with `docs: false`).
    let chunks = docsSources.get(rt);
    if (chunks === undefined) docsSources.set(rt, (chunks = new Map()));
    if (compilerOption(rt, "docs") === false) chunks.delete(name);
    else chunks.set(name, { line, moduledoc: build.moduledoc, moduledocMeta: build.pendingMeta.moduledoc, functions: build.docEntries, specs: build.specDocs });
    s.defined.push(m.name);
    for (const w of m.warnings) s.warn(w);
    for (const w of unusedAttributeWarnings(build)) s.warn(w);
    if (tracker !== outer.tracker) for (const w of tracker.warnings()) s.warn(w);
    if (checked) s.compiled.push(m);
    const beam = moduleBeam(rt, name);
    build.readonly = true;
    // @on_load: the function runs as the module is loaded; an answer other than :ok leaves
    // the module unloaded (code:load_binary's on_load_failure, which the compiler ignores).
    if (m.onLoad !== undefined && !autoloadOff(build)) {
      let ok = false;
      try {
        ok = (yield { code: m.onLoad, args: [] }) === a("ok");
      } catch {
        ok = false;
      }
      if (!ok) rt.modules.remove(name);
    }
    for (const [i, cb] of attributeList(build.attributes.get("after_compile")).entries()) {
      const [mod, fun] = Array.isArray(cb) ? [atomName(cb[0]), atomName(cb[1])] : [atomName(cb), "__after_compile__"];
      yield* moduleCallback(rt, host, build, mod, fun, [envToTerm({ ...env, vars: new VarScope(null) }), beam], env, line, i, true);
    }
    // the compiler tracers' {:on_module, bytecode, :none}, after the @after_compile callbacks
    for (const tracer of env.tracers ?? []) {
      const r = yield { module: tracer, name: "trace", args: [tuple(a("on_module"), beam, a("none")), envToTerm({ ...env, vars: new VarScope(null) })] };
      if (r !== a("ok")) throw new BeamError("error", tuple(a("badmatch"), r));
    }
    // @after_verify: run once the module's calls are verified: at the end of the file or
    // evaluation that defines it (afterVerifyScope), right away when none is under way.
    const verify = attributeList(build.attributes.get("after_verify")).map((cb) => (Array.isArray(cb) ? [atomName(cb[0]), atomName(cb[1])] : [atomName(cb), "__after_verify__"]) as [string, string]);
    const scope = verifyScopes.get(rt.scheduler.current as object);
    if (scope !== undefined && scope.depth > 0) for (const [mod, fun] of verify) scope.queue.push([mod, fun, name]);
    else for (const [mod, fun] of verify) yield { module: mod, name: fun, args: [a(name)] };
    return tuple(a("module"), a(name), beam, m.last);
  } catch (e) {
    throw compileUndef(e, name);
  } finally {
    s.building.delete(name);
  }
}

/**
 * The binary `{:module, name, binary, _}` gives for a loaded module: fakeBeam with the
 * module's typespecs and macros as its debug info (what Code.Typespec reads from a binary).
 */
export function moduleBeam(rt: Runtime, name: string): Term {
  const def = rt.modules.get(name);
  if (def?.typespecs === undefined) return fakeBeam(name);
  const macros = (def.macros ?? []).map((k) => tuple(a(k.slice(0, k.lastIndexOf("/"))), Number(k.slice(k.lastIndexOf("/") + 1))));
  return fakeBeam(name, encode(tuple(def.typespecs, list(macros)), etfContext(rt)));
}

/**
 * elixir_module's compile_undef: a call to a function of the module being compiled (from its
 * body or a local macro's code) fails with the reason 'function not available', not that the
 * module is not available.
 */
function compileUndef(e: unknown, name: string): unknown {
  if (!(e instanceof BeamError) || !(e.reason instanceof MapTerm)) return e;
  const r = e.reason;
  if (r.get(a("__struct__")) !== a("Elixir.UndefinedFunctionError") || r.get(a("module")) !== a(name) || (r.get(a("reason")) ?? null) !== null || (r.get(a("function")) ?? null) === null) return e;
  const out = new BeamError(e.kind, r.put(a("reason"), a("function not available")));
  for (const k of Object.keys(e) as (keyof BeamError)[]) if (k !== "reason" && k !== "kind") (out as unknown as Record<string, unknown>)[k] = e[k];
  return out;
}

/**
 * A @before_compile or @after_compile callback, as Elixir dispatches it (a required call):
 * a macro's expansion runs in the module's body, a function is called. Its code sees none of
 * the body's variables, nor those defmodule handed to it.
 */
function* moduleCallback(rt: Runtime, host: CompilerHost, build: ModuleBuild, mod: string, fun: string, args: Term[], env: XEnv, line: number, index = 0, after = false): Gen<Term> {
  const macro = rt.modules.lookup(mod, `MACRO-${fun}`, args.length + 1);
  if (macro !== null) {
    const x = new Expander(rt, host, moduleHooks(rt));
    const cbEnv: XEnv = { ...env, vars: new VarScope(null) };
    const extra = yield* x.callMacro(macro, mod, fun, { name: fun, meta: { line } as Meta, args: args.map((t) => ({ literal: t })) }, cbEnv);
    for (const w of x.warnings) compileState(rt).warn(w);
    return yield* runBody(rt, host, build, extra);
  }
  // (a module not loaded yet is loaded by the call; no such function is the call's error)
  try {
    return yield { module: mod, name: fun, args };
  } catch (e) {
    if (e instanceof BeamError) withCallbackFrames(e, mod, fun, args, index, after);
    throw e;
  }
}

/**
 * An error raised by a module callback (@before_compile and friends) or by the call to it:
 * its trace goes on with elixir_module's entries, as Elixir calls each callback in a
 * lists:foldl/3 (the first callback from foldl/3 itself, a later one from foldl_1/3). A call
 * to a function that does not exist gets the callee's entry with its arguments.
 */
function withCallbackFrames(e: BeamError, mod: string, fun: string, args: Term[], index: number, after: boolean): void {
  const st: Term[] = (e.stacktrace === null ? null : listToArray(e.stacktrace)) ?? [];
  const undef = e.reason instanceof MapTerm && e.reason.get(a("__struct__")) === a("Elixir.UndefinedFunctionError") && e.reason.get(a("module")) === a(mod) && e.reason.get(a("function")) === a(fun);
  if (st.length === 0 && undef) st.push([a(mod), a(fun), list(args), NIL]);
  const at = (m: string, f: string, arity: number, file: string, line: number): Term => [a(m), a(f), arity, list([[a("file"), charlistOf(file)], [a("line"), line]])];
  const below = [
    at("elixir_module", "-expand_callback/6-fun-0-", 6, "src/elixir_module.erl", 399),
    at("elixir_module", "expand_callback", 6, "src/elixir_module.erl", 398),
    index === 0 ? at("lists", "foldl", 3, "lists.erl", 1350) : at("lists", "foldl_1", 3, "lists.erl", 1355),
    // (@before_compile's run as the body's last form; @after_compile's once the module is compiled)
    ...(after ? [at("elixir_module", "compile", 5, "src/elixir_module.erl", 161)] : [at("elixir_module", "eval_form", 6, "src/elixir_module.erl", 382), at("elixir_module", "compile", 5, "src/elixir_module.erl", 105)]),
  ];
  e.stacktrace = list([...st, ...below].slice(0, e.traceCap));
}

/** Per process: the files and evaluations under way, and the @after_verify calls they wait to make. */
const verifyScopes = new WeakMap<object, { depth: number; queue: [string, string, string][] }>();

/**
 * Runs `body` (a file's or an evaluation's code) as a scope of Module.ParallelChecker.verify:
 * the @after_verify callbacks of the modules it defines are called when the outermost scope
 * of the process ends without an error (and dropped if it raises).
 */
export function* afterVerifyScope<T>(rt: Runtime, body: () => Gen<T>): Gen<T> {
  const key = rt.scheduler.current as object | null;
  if (key === null || key === undefined) return yield* body();
  let scope = verifyScopes.get(key);
  if (scope === undefined) verifyScopes.set(key, (scope = { depth: 0, queue: [] }));
  const from = scope.queue.length;
  scope.depth++;
  let result: T;
  try {
    result = yield* body();
  } catch (e) {
    scope.queue.length = from;
    throw e;
  } finally {
    scope.depth--;
  }
  if (scope.depth === 0) {
    const calls = scope.queue.splice(0);
    for (const [mod, fun, module] of calls) yield { module: mod, name: fun, args: [a(module)] };
  }
  return result;
}

/** `@compile {:autoload, false}` (or in a list of options): the module is compiled, not loaded. */
function autoloadOff(b: ModuleBuild): boolean {
  let off = false;
  const walk = (t: Term): void => {
    if (t instanceof Cons) for (const x of listOf(t)) walk(x);
    else if (Array.isArray(t) && t.length === 2 && t[0] === a("autoload")) off = t[1] === false;
  };
  for (const opt of attributeList(b.attributes.get("compile"))) walk(opt);
  return off;
}

function listOf(l: Term): Term[] {
  const out: Term[] = [];
  for (; l instanceof Cons; l = l.t) out.push(l.h);
  return out;
}

function attributeList(t: Term | undefined): Term[] {
  const out: Term[] = [];
  if (t === undefined || t === null) return out;
  for (let l = t; l instanceof Cons; l = l.t) out.push(l.h);
  if (!(t instanceof Cons) && t !== NIL) out.push(t);
  return out.reverse();
}

/** Compiles expanded body code as a function of the module and runs it. */
function* runBody(rt: Runtime, host: CompilerHost, build: ModuleBuild, expanded: Ast, binding: { names: string[]; values: Term[] } = { names: [], values: [] }): Gen<Term> {
  const env = { ...newEnv(), defined: build.env.contextModules };
  const compiled = compileEval(host, expanded, binding.names, env, build.file, { module: build.name, record: false });
  for (const w of compiled.warnings) compileState(rt).warn(w);
  const out = (yield { code: compiled.code, args: binding.values }) as [Term, Term[]];
  return out[0];
}

// ---- definitions ----------------------------------------------------------------------

const INVALID_HEAD_ARGS = "only variables and \\\\ are allowed as arguments in function head.\n\nIf you did not intend to define a function head, make sure your function definition has the proper syntax by wrapping the arguments in parentheses and using the do instruction accordingly:\n\n    def add(a, b), do: a + b\n\n    def add(a, b) do\n      a + b\n    end\n";

/**
 * elixir_quote:linify(Line, keep, Ast): a node quoted with `location: :keep` gets the line it
 * was quoted at (its keep entry goes), any other without a line gets `line`.
 */
function linifyKeep(ast: Ast, line: number): Ast {
  if (Array.isArray(ast)) return ast.map((x) => linifyKeep(x, line));
  if (isTupleAst(ast)) return { tuple: [linifyKeep(ast.tuple[0], line), linifyKeep(ast.tuple[1], line)] };
  if (!isNode(ast)) return ast;
  let meta = ast.meta;
  const keep = meta?.keep;
  if (Array.isArray(keep) && keep.length === 2 && typeof keep[1] === "number") {
    const rest = Object.fromEntries(Object.entries(meta).filter(([k]) => k !== "keep" && k !== "line"));
    meta = { line: keep[1], ...rest } as Meta;
  } else if (line !== 0 && !meta?.line) meta = Object.assign({ line }, meta);
  const name = typeof ast.name === "string" ? ast.name : linifyKeep(ast.name, line);
  return { ...ast, name, meta, args: ast.args === null ? null : ast.args.map((x) => linifyKeep(x, line)) };
}

/** `:beamsh_module.__def__/6`: stores one clause, expanding it now. */
export function* storeDefinition(rt: Runtime, [mod, kindT, unquoted, headT, bodyT, envIdx]: Term[]): Gen<Term> {
  const module = atomName(mod);
  const kind = atomName(kindT) as DefKind;
  const b = buildOf(rt, module, kind, 2);
  let head: Ast;
  let body: Ast;
  if (unquoted === true) {
    head = termToAst(headT);
    body = termToAst(bodyT);
  } else {
    head = b.cache[headT as number];
    body = b.cache[bodyT as number];
  }
  // A @file set before the definition is where it is (elixir_def's retrieve_location takes
  // it, "file" or {"file", line}): its warnings and errors name that file.
  const fileAttr = b.attributes.get("file");
  const fileName = typeof fileAttr === "string" || fileAttr instanceof Bin ? fileAttr : Array.isArray(fileAttr) && fileAttr.length === 2 && (typeof fileAttr[0] === "string" || fileAttr[0] instanceof Bin) ? fileAttr[0] : undefined;
  if (fileAttr !== undefined) b.attributes.delete("file");
  // (__ENV__.file in the definition is the file's absolute name; errors name it relative to
  // the current directory, as elixir_def normalizes the location)
  const fileText = fileName === undefined ? undefined : typeof fileName === "string" ? fileName : new TextDecoder("utf-8", { ignoreBOM: true }).decode(binBytes(fileName));
  const absFile = fileText === undefined ? undefined : resolvePath(process.cwd(), fileText);
  const env0 = absFile === undefined ? b.envs[envIdx as number] : { ...b.envs[envIdx as number], file: relativeToCwd(absFile, process.cwd()), envFile: absFile };
  const fail = (msg: string, meta?: Meta): CompileError => new CompileError(msg, env0.file, (meta?.line as number) || env0.line);
  {
    // A definition quoted with `location: :keep` (its call's meta has keep: {file, line}):
    // its code runs at the lines it was quoted at, as elixir_def linifies it with keep
    // (only in the file it is defined in: stack entries name the file of the module)
    const headCall = isNode(head) && head.name === "when" && head.args?.length === 2 ? head.args[0] : head;
    const keep = isNode(headCall) ? headCall.meta?.keep : undefined;
    if (Array.isArray(keep) && keep.length === 2 && typeof keep[0] === "string" && typeof keep[1] === "number" && resolvePath(process.cwd(), keep[0]) === resolvePath(process.cwd(), env0.envFile ?? env0.file)) {
      const line = (isNode(headCall) && (headCall.meta?.line as number)) || env0.line;
      head = linifyKeep(head, line);
      body = linifyKeep(body, line);
    }
  }
  let guard: Ast | null = null;
  let call = head;
  if (isNode(call) && call.name === "when" && call.args?.length === 2) {
    guard = call.args[1];
    call = call.args[0];
  }
  if (!isNode(call) || typeof call.name !== "string") {
    throw fail(`invalid syntax in ${kind} ${astText(call)}`, isNode(call) ? call.meta : undefined);
  }
  // elixir_def's assert_no_aliases_name and assert_valid_name
  if (call.name === "__aliases__" && call.args?.length === 1 && isAtomAst(call.args[0])) {
    throw fail(`function names should start with lowercase characters or underscore, invalid name ${call.args[0].atom}`, call.meta);
  }
  {
    const n = call.args?.length ?? 0;
    if (call.name === "__info__" && n === 1) throw fail(`cannot define ${kind} __info__/1 as it is automatically defined by Elixir`, call.meta);
    if (call.name === "module_info" && n <= 1) throw fail(`cannot define ${kind} module_info/${n} as it is automatically defined by Erlang`, call.meta);
    if (call.name === "is_record" && n === 2 && (kind === "def" || kind === "defp")) throw fail(`cannot define ${kind} is_record/2 due to compatibility issues with the Erlang compiler (it is a known limitation)`, call.meta);
  }
  const name = call.name;
  const params = call.args ?? [];
  const arity = params.length;
  const line = (call.meta?.line as number) || env0.line;
  const key = `${name}/${arity}`;
  // A definition replacing an overridable one: the replaced one is kept for super/N, and
  // super(...) in the new body calls it. (A changed kind is an error once the clause's own
  // warnings are out, as elixir_def reports it.)
  const prior = b.defs.get(key);
  let kindClash = false;
  // (The replaced definition's @impl stays with the name, as Module's impls table keeps it.)
  let inheritedImpl: Definition["impl"] = undefined;
  // (an arity another definition's defaults give, made overridable: that definition and the clause)
  let given: { owner: Definition; clause: Definition } | null = null;
  // (the overridable definition this one replaces)
  let replaced: Definition | null = null;
  if (prior !== undefined && prior.kind !== kind) {
    const isMacro = (k: DefKind) => k === "defmacro" || k === "defmacrop";
    if (b.overridable.has(key) && isMacro(prior.kind) !== isMacro(kind)) {
      // (elixir_overridable: a function overrides a function, a macro a macro)
      const what = (k: DefKind) => (isMacro(k) ? "macro (defmacro, defmacrop)" : "function (def, defp)");
      throw fail(`cannot override ${what(prior.kind)} ${key} in module ${displayName(module)} as a ${what(kind)}`, call.meta);
    }
    if (b.overridable.has(key)) {
      b.defs.delete(key);
      b.order.splice(b.order.indexOf(prior), 1);
      keepForSuper(b, key, prior);
      inheritedImpl = prior.impl;
      replaced = prior;
    } else kindClash = true;
  } else if (prior !== undefined && b.overridable.has(key) && b.overridable.get(key) === null) {
    // First definition after defoverridable replaces the overridable one.
    b.overridable.set(key, prior);
    b.defs.delete(key);
    b.order.splice(b.order.indexOf(prior), 1);
    keepForSuper(b, key, prior);
    inheritedImpl = prior.impl;
    replaced = prior;
  } else if (prior === undefined && b.overridable.has(key) && b.overridable.get(key) === null) {
    // An arity an overridable function's defaults give: super/N calls that clause.
    given = defaultArityClause(b, name, arity);
    if (given !== null) {
      b.overridable.set(key, given.clause);
      keepForSuper(b, key, given.clause);
    }
  }
  const superName = b.superOf.get(key);
  if (superName !== undefined && body !== null) {
    const found: { super: boolean; otherArity?: Meta; at?: Meta } = { super: false };
    body = callSuper(body, superName, kind === "defmacro" || kind === "defmacrop", found, false, arity);
    if (found.otherArity !== undefined) throw fail("super must be called with the same number of arguments as the current definition", found.otherArity);
    if (found.super) b.superCalled.add(superName);
    // elixir_expand: super of a default GenServer callback (child_spec/1 aside) is deprecated
    if (found.at !== undefined && b.defs.get(`${superName}/${arity}`)?.context === "Elixir.GenServer" && key !== "child_spec/1") {
      compileState(rt).warn(`warning: calling super for GenServer callback ${name}/${arity} is deprecated\n  ${env0.file}:${(found.at.line as number) || env0.line}: ${displayName(b.name)}.${name}/${arity}\n\n`);
    }
    // (super took the clause the defaults gave: they give it no more, as elixir_overridable keeps it)
    // (a macro's code takes the caller too)
    if (found.super && given !== null) (given.owner.defaultsTaken ??= []).push(kind === "defmacro" || kind === "defmacrop" ? arity + 1 : arity);
  }
  const hasDefaults = params.some((p) => isNode(p) && p.name === "\\\\");
  // elixir_def's def_to_clauses: a head takes variables alone (defaults aside), a guard or a
  // body that is not a keyword list with :do has no :do option.
  if (body === null && guard === null) {
    for (const p of params) {
      const arg = isNode(p) && p.name === "\\\\" && p.args?.length === 2 ? p.args[0] : p;
      if (!(isNode(arg) && typeof arg.name === "string" && arg.args === null)) throw fail(INVALID_HEAD_ARGS, call.meta);
    }
  } else if (body === null || !keywordPairs(body).has("do")) throw fail(`missing :do option in "${kind}"`, call.meta);
  const macro = kind === "defmacro" || kind === "defmacrop";
  const env: XEnv = { ...env0, function: [name, arity], vars: new VarScope(null), line };
  if (macro) env.vars.vars.add("__CALLER__");
  const x = new Expander(rt, compileState(rt).host, moduleHooks(rt));
  const pats: Ast[] = [];
  const defaults: Ast[] = [];
  // (the head's patterns are one match: a size may not read another argument's variable)
  const prematch = env.vars.all();
  for (const p of params) {
    if (isNode(p) && p.name === "\\\\" && p.args?.length === 2) {
      const pat = yield* x.pattern(p.args[0], env, prematch);
      const dflt = yield* x.expand(p.args[1], { ...env, vars: new VarScope(null) });
      pats.push(pat);
      defaults.push({ ...p, args: [pat, dflt] });
    } else {
      const pat = yield* x.pattern(p, env, prematch);
      pats.push(pat);
      defaults.push(pat);
    }
  }
  const eguard = guard === null ? null : yield* x.guard(guard, env);
  let clause: Clause | null = null;
  if (body !== null) {
    const kwBody = body;
    const sections = keywordPairs(kwBody);
    let code: Ast = sections.get("do") ?? null;
    const extra = [...sections.keys()].filter((k) => k !== "do");
    if (extra.length > 0) {
      // def f do ... rescue ... end: the body is a try.
      code = { name: "try", meta: { ...call.meta, origin: { atom: kind } } as Meta, args: [kwBody] };
    }
    let ebody: Ast;
    try {
      ebody = yield* x.expand(code, env);
    } catch (e) {
      // (what was warned before the error is printed before it, as Elixir prints at once)
      for (const w of x.warnings) compileState(rt).warn(w);
      throw e;
    }
    // (a clause's unused variables are warned about as soon as it is expanded)
    x.checkUnused(env);
    clause = { pats: macro ? [v("__CALLER__"), ...pats] : pats, guard: eguard, body: ebody, line };
  }
  for (const w of x.warnings) compileState(rt).warn(w);
  x.warnings.length = 0;
  // What elixir_def checks as it stores the clause, once it is expanded.
  const defaultCount = params.filter((p) => isNode(p) && p.name === "\\\\").length;
  checkPreviousDefaults(b, kind, name, arity, defaultCount, fail, call.meta);
  if (kindClash) throw fail(`${kind} ${key} already defined as ${prior!.kind} in ${env0.file}:${prior!.line}`, call.meta);
  let d = b.defs.get(key);
  const check = unquoted !== true && !(call.meta !== undefined && call.meta !== null && "context" in call.meta);
  // (The library's own modules are not checked: some group their clauses by topic.)
  const warnDef = (text: string) => {
    if (compileState(rt).host.library !== true) compileState(rt).warn(`warning: ${text}\n  ${env0.file}:${line}\n\n`);
  };
  if (d !== undefined) {
    const st = (d.stored ??= { defaults: d.defaults === null ? 0 : d.defaults.filter((p) => isNode(p) && p.name === "\\\\").length, lastHasBody: d.clauses.length > 0, lastDefaults: 0, check: false });
    if (defaultCount > 0 && st.defaults > 0) {
      throw fail(`${kind} ${name}/${arity} defines defaults multiple times. Elixir allows defaults to be declared once per definition. Instead of:\n\n    def foo(:first_clause, b \\\\ :default) do ... end\n    def foo(:second_clause, b \\\\ :default) do ... end\n\none should write:\n\n    def foo(a, b \\\\ :default)\n    def foo(:first_clause, b) do ... end\n    def foo(:second_clause, b) do ... end\n`, call.meta);
    }
    if ((defaultCount > 0 && st.defaults === 0) || (defaultCount === 0 && clause !== null && st.lastHasBody && st.lastDefaults > 0)) {
      warnDef(`${kind} ${name}/${arity} has multiple clauses and also declares default values. In such cases, the default values should be defined in a header. Instead of:\n\n    def foo(:first_clause, b \\\\ :default) do ... end\n    def foo(:second_clause, b) do ... end\n\none should write:\n\n    def foo(a, b \\\\ :default)\n    def foo(:first_clause, b) do ... end\n    def foo(:second_clause, b) do ... end\n`);
    }
    if (check && st.check && b.lastDef !== null) {
      const [lastName, lastArity] = b.lastDef;
      if (lastName === name && lastArity === arity) {
        if (clause === null) warnDef(`function head for ${kind} ${name}/${arity} must come at the top of its direct implementation. Instead of:\n\n    def add(a, b), do: a + b\n    def add(a, b)\n\none should write:\n\n    def add(a, b)\n    def add(a, b), do: a + b\n`);
      } else {
        const what = lastName === name ? "clauses with the same name should be grouped together" : "clauses with the same name and arity (number of arguments) should be grouped together";
        warnDef(`${what}, "${kind} ${name}/${arity}" was previously defined (${d.file ?? env0.file}:${d.line})`);
      }
    }
    st.defaults = Math.max(st.defaults, defaultCount);
    st.lastHasBody = clause !== null;
    st.lastDefaults = defaultCount;
    st.check = check;
  } else {
    d = { kind, name, arity, clauses: [], defaults: null, line, contextModules: env0.contextModules, generated: call.meta !== undefined && call.meta !== null && "context" in call.meta, file: env0.file, ...(absFile !== undefined ? { fileSet: true } : {}), context: metaAtom(call.meta?.context) };
    d.stored = { defaults: defaultCount, lastHasBody: clause !== null, lastDefaults: defaultCount, check };
    // The lower arities the replaced definition's defaults gave stay (elixir_def stores them as
    // definitions of their own): they now call this one.
    if (replaced !== null && replaced.defaults !== null && defaultCount === 0 && !macro) {
      d.defaults = replaced.defaults;
      d.defaultsTaken = replaced.defaultsTaken;
    }
    b.defs.set(key, d);
    b.order.push(d);
  }
  if (defaultCount > 0) b.defaultsOf.push({ name, arity, defaults: defaultCount });
  if (check) b.lastDef = [name, arity];
  // (Its @doc is looked at once the clause is expanded, after the clause's own warnings.)
  const doc = b.pendingDoc;
  b.pendingDoc = undefined;
  const clauseImpl = b.pendingImpl;
  const deprecatedReason = b.pendingDeprecated?.reason;
  if (b.pendingImpl !== undefined) {
    if (d.impl === undefined) d.impl = b.pendingImpl;
    b.impls.push({ kind, name, arity, line, defaults: defaultCount, fromUse: false, impl: b.pendingImpl, context: metaAtom(call.meta?.context) ?? null });
    b.pendingImpl = undefined;
  }
  if (d.impl === undefined && inheritedImpl !== undefined) {
    d.impl = inheritedImpl;
    d.implInherited = true;
  }
  if (b.pendingDeprecated !== undefined) {
    // Module.compile_deprecated/6: the definition takes the reason, for each of its arities.
    for (let k = arity - defaultCount; k <= arity; k++) b.deprecated.push([name, k, b.pendingDeprecated.reason]);
    b.pendingDeprecated = undefined;
  }
  if (hasDefaults) d.defaults = macro ? [v("__CALLER__"), ...defaults] : defaults;
  if (clause !== null) d.clauses.push(clause);
  for (const w of x.warnings) compileState(rt).warn(w);
  b.pendingDoc = doc;
  takeDoc(rt, b, kind, name, arity, clause !== null, call.meta !== undefined && call.meta !== null && "context" in call.meta);
  recordDocEntry(b, kind, name, arity, line, params, pats, doc, clauseImpl, deprecatedReason, defaultCount, call.meta !== undefined && call.meta !== null && "context" in call.meta);
  // @on_definition: each hook, the last set first, called with the definition as it
  // was written (elixir_def's run_on_definition_callbacks: the args with their defaults, the
  // guards of `when` (one per `when`), the body keyword list or nil for a head).
  const hooks = attributeList(b.attributes.get("on_definition"));
  if (hooks.length > 0) {
    const envTerm = envToTerm({ ...env0, function: [name, arity], vars: new VarScope(null), line });
    const guards = guardAlternatives(guard);
    const callArgs = [envTerm, a(kind), a(name), list(params.map((p) => astToTerm(p))), list(guards.map((g) => astToTerm(g))), body === null ? null : astToTerm(body)];
    for (const h of hooks.reverse()) {
      const [mod, fun] = Array.isArray(h) ? [atomName(h[0]), atomName(h[1])] : [atomName(h), "__on_definition__"];
      yield { module: mod, name: fun, args: callArgs };
    }
  }
  return tuple(a(name), arity);
}

/**
 * The clause a function's defaults give for a lower arity (`f(a, b \\ 1)` gives
 * `f(a) -> f(a, 1)`), as a definition of its own, or null when no function's defaults give it.
 */
function defaultArityClause(b: ModuleBuild, name: string, arity: number): { owner: Definition; clause: Definition } | null {
  const count = (d: Definition) => (d.defaults === null ? 0 : d.defaults.filter((p) => isNode(p) && p.name === "\\\\").length);
  const owner = b.order.find((d) => d.name === name && !d.name.includes(" (overridable ") && d.arity > arity && d.arity - count(d) <= arity);
  if (owner === undefined || owner.defaults === null) return null;
  // (a macro's clause takes the caller first, and calls the macro's code with it)
  const macro = owner.kind === "defmacro" || owner.kind === "defmacrop";
  // (defaults are filled from the left: the first ones given stand for arguments)
  let skip = owner.arity - arity;
  const params = macro ? owner.defaults.slice(1) : owner.defaults;
  const pats: Ast[] = [];
  const args: Ast[] = [];
  params.forEach((p, i) => {
    const later = params.slice(i).filter((q) => isNode(q) && q.name === "\\\\").length;
    if (isNode(p) && p.name === "\\\\" && skip > 0 && later <= skip) {
      skip--;
      args.push(p.args![1]);
    } else {
      const x = v(`__arg${pats.length}`);
      pats.push(x);
      args.push(x);
    }
  });
  const line = owner.line;
  const caller = v("__CALLER__");
  const body: Ast = macro ? { name: `MACRO-${name}`, meta: { ...M0, line } as Meta, args: [caller, ...args] } : { name, meta: { ...M0, line } as Meta, args };
  return { owner, clause: { kind: owner.kind, name, arity, clauses: [{ pats: macro ? [caller, ...pats] : pats, guard: null, body, line }], defaults: null, line, contextModules: owner.contextModules, generated: true, file: owner.file } };
}

/**
 * An overridable definition being replaced stays, as a private one under a name no code can
 * write (elixir_overridable's "name (overridable N)"), for super/N to call.
 */
function keepForSuper(b: ModuleBuild, key: string, d: Definition): void {
  const n = (b.superCount.get(key) ?? 0) + 1;
  b.superCount.set(key, n);
  const macro = d.kind === "defmacro" || d.kind === "defmacrop";
  // (It is no callback: its @impl goes with the replaced name, not with the copy.)
  const hidden: Definition = { ...d, kind: macro ? "defmacrop" : "defp", name: `${d.name} (overridable ${n})`, generated: true, impl: undefined };
  b.defs.set(`${hidden.name}/${d.arity}`, hidden);
  b.order.push(hidden);
  b.superOf.set(key, hidden.name);
}

/**
 * `super(args)` calls (and `&super/N` captures) in a definition's body turned into calls of
 * the replaced definition; a macro's super calls the replaced macro's code with the caller,
 * as elixir_overridable does (it gives the quoted code that macro returns). A quote's
 * unquoted parts are code too. `found` is set when the body calls super.
 */
/** A meta value naming an atom (a quote's :context), as its name. */
function metaAtom(v: unknown): string | undefined {
  if (v instanceof Atom) return v.name;
  return typeof v === "object" && v !== null && typeof (v as { atom?: unknown }).atom === "string" ? (v as { atom: string }).atom : undefined;
}

function callSuper(ast: Ast, name: string, macro: boolean, found: { super: boolean; otherArity?: Meta; at?: Meta }, quoted = false, arity = -1): Ast {
  const walk = (x: Ast): Ast => callSuper(x, name, macro, found, quoted, arity);
  if (Array.isArray(ast)) return ast.map(walk);
  if (isTupleAst(ast)) return { ...ast, tuple: ast.tuple.map(walk) } as Ast;
  if (!isNode(ast)) return ast;
  if (quoted) {
    if ((ast.name === "unquote" || ast.name === "unquote_splicing") && Array.isArray(ast.args)) return { ...ast, args: ast.args.map((x) => callSuper(x, name, macro, found, false, arity)) };
  } else {
    // (with another number of arguments it stays super, which the expander refuses as Elixir does)
    if (ast.name === "super" && Array.isArray(ast.args) && (arity < 0 || ast.args.length === arity)) {
      found.super = true;
      found.at ??= ast.meta ?? {};
      const args = ast.args.map(walk);
      return macro ? { ...ast, name: `MACRO-${name}`, args: [v("__CALLER__", ast.meta), ...args] } : { ...ast, name, args };
    }
    // &super/N: a capture of the replaced function; of a macro's, a fun calling it with the caller
    const cap = ast.name === "&" && ast.args?.length === 1 ? ast.args[0] : null;
    if (isNode(cap) && cap.name === "/" && cap.args?.length === 2 && isNode(cap.args[0]) && cap.args[0].name === "super" && !Array.isArray(cap.args[0].args) && typeof cap.args[1] === "bigint") {
      // (a capture of another arity is refused as elixir_expand's resolve_super refuses it)
      if (arity >= 0 && Number(cap.args[1]) !== arity) {
        found.otherArity ??= ast.meta ?? {};
        return ast;
      }
      found.super = true;
      found.at ??= ast.meta ?? {};
      if (!macro) return { ...ast, args: [{ ...cap, args: [v(name, cap.args[0].meta), cap.args[1]] }] };
      const params = Array.from({ length: Number(cap.args[1]) }, (_, i) => v(`super arg ${i + 1}`, ast.meta));
      const call: AstNode = { name: `MACRO-${name}`, meta: ast.meta, args: [v("__CALLER__", ast.meta), ...params] };
      return { name: "fn", meta: ast.meta, args: [{ name: "->", meta: ast.meta, args: [params, call] }] };
    }
    if (ast.name === "quote") return { ...ast, args: ast.args === null ? null : ast.args.map((x) => callSuper(x, name, macro, found, true, arity)) } as Ast;
  }
  return { ...ast, name: typeof ast.name === "string" ? ast.name : walk(ast.name), args: ast.args === null ? null : ast.args.map(walk) } as Ast;
}

/**
 * elixir_def's check_previous_defaults: a definition whose arity falls in the range another
 * one's defaults generate (or whose defaults generate the arity of another) conflicts.
 */
function checkPreviousDefaults(b: ModuleBuild, kind: DefKind, name: string, arity: number, defaults: number, fail: (msg: string, meta?: Meta) => CompileError, meta: Meta | undefined): void {
  for (const o of b.defaultsOf) {
    if (o.name !== name || o.arity === arity || o.defaults === 0) continue;
    const conflict = (arity >= o.arity - o.defaults && arity < o.arity) || (o.arity >= arity - defaults && o.arity < arity);
    if (!conflict) continue;
    throw fail(arity > o.arity ? `${kind} ${name}/${arity} defaults conflicts with ${name}/${o.arity}` : `${kind} ${name}/${arity} conflicts with defaults from ${name}/${o.arity}`, meta);
  }
}

/**
 * The code of a function (def) of a module still being built, as stored so far (with the
 * module's functions it calls), or null when it has none: elixir_def's external_for, which
 * elixir_map's load_struct calls a module's own __struct__ through before the module exists.
 */
export function localFunctionCode(rt: Runtime, module: string, name: string, arity: number): Code | null {
  const b = compileState(rt).building.get(module);
  const d = b?.defs.get(`${name}/${arity}`);
  if (b === undefined || d === undefined || d.kind !== "def" || d.clauses.length === 0) return null;
  const m = compileDefinitions(compileState(rt).host, b.name, b.file, groupsOf([d, ...localsReached(b, [d])]), { struct: b.struct, exception: false, contextModules: b.env.contextModules, record: false, private: true, linkUndefined: true });
  return m.fns.get(`${name}/${arity}`) ?? null;
}

/** A module's macro (each arity its defaults give), compiled now so later code of the same module can use it. */
function localMacroCode(rt: Runtime, b: ModuleBuild, d: Definition): Map<string, Code> {
  // (with the definitions it replaced, which its super calls)
  const replaced = [...b.defs.values()].filter((x) => x.arity === d.arity && x.name.startsWith(`${d.name} (overridable `) && b.superCalled.has(x.name));
  // (and the module's functions it calls, as defined so far: elixir_def:local_for gives the
  // macro's local calls the definitions stored when they run)
  const m = compileDefinitions(compileState(rt).host, b.name, b.file, groupsOf([d, ...replaced, ...localsReached(b, [d, ...replaced])]), { struct: b.struct, exception: false, contextModules: b.env.contextModules, record: false, private: true, linkUndefined: true });
  // (a call to a local function not defined is a call to the module, which fails as the macro
  // runs: elixir_module's compile_undef)
  return m.fns;
}

/**
 * The functions (def, defp) of the module being built that `from` call, directly or through
 * each other: every name/arity their clauses name as a call or capture that is one of them.
 */
function localsReached(b: ModuleBuild, from: Definition[]): Definition[] {
  const seen = new Set<Definition>(from);
  const out: Definition[] = [];
  const visit = (name: string, arity: number): void => {
    let d = b.defs.get(`${name}/${arity}`);
    // (a call that a definition's defaults give: `f(1)` of `def f(a, b \\ 2)`)
    if (d === undefined) d = [...b.defs.values()].find((x) => x.name === name && x.arity > arity && x.defaults !== null);
    if (d === undefined || seen.has(d) || (d.kind !== "def" && d.kind !== "defp")) return;
    seen.add(d);
    out.push(d);
    for (const c of d.clauses) walk([...c.pats, c.guard, c.body]);
  };
  const walk = (ast: Ast): void => {
    if (Array.isArray(ast)) return ast.forEach(walk);
    if (isTupleAst(ast)) return ast.tuple.forEach(walk);
    if (!isNode(ast)) return;
    if (typeof ast.name === "string") {
      const args = ast.args;
      if (args === null) visit(ast.name, 0);
      else {
        // (a capture's name/arity)
        if (ast.name === "/" && args.length === 2 && isNode(args[0]) && typeof args[0].name === "string" && typeof args[1] === "bigint") visit(args[0].name, Number(args[1]));
        visit(ast.name, args.length);
      }
    } else walk(ast.name);
    if (ast.args !== null) walk(ast.args);
  };
  for (const d of from) for (const c of d.clauses) walk([...c.pats, c.guard, c.body]);
  return out;
}

function groupsOf(defs: Definition[]): DefGroup[] {
  return defs.map((d) => {
    const macro = d.kind === "defmacro" || d.kind === "defmacrop";
    return {
      name: macro ? `MACRO-${d.name}` : d.name,
      arity: macro ? d.arity + 1 : d.arity,
      isPrivate: d.kind === "defp" || d.kind === "defmacrop",
      clauses: d.clauses,
      defaults: d.defaults,
      defaultsTaken: d.defaultsTaken,
      idx: -1,
      line: d.line,
      contextModules: d.contextModules,
      ...(d.fileSet === true ? { file: d.file } : {}),
    };
  });
}

function finishModule(b: ModuleBuild, last: Term, host: CompilerHost, warn: (text: string) => void): CompiledModule {
  // A replaced overridable definition no super calls is not compiled (its code may not be).
  const kept = b.order.filter((d) => !d.name.includes(" (overridable ") || b.superCalled.has(d.name));
  const onLoadAttr = b.attributes.get("on_load");
  const onLoad = onLoadAttr instanceof Atom ? `${onLoadAttr.name}/0` : Array.isArray(onLoadAttr) && onLoadAttr[0] instanceof Atom ? `${onLoadAttr[0].name}/${onLoadAttr[1]}` : undefined;
  const attributeWarnings: string[] = [];
  if (!host.library) {
    const attributeError = attributeChecks(b, onLoad, attributeWarnings);
    if (attributeError !== null) throw attributeError;
  }
  const m = compileDefinitions(host, b.name, b.file, groupsOf(kept), { struct: b.struct, exception: b.exception, contextModules: b.env.contextModules, record: true, enforce: b.enforce, onLoad });
  if (m.undefinedLocals !== undefined) throw undefinedLocalsError(b, m, warn);
  // (The library's own modules are not checked: some call a Kernel import they also define.)
  const conflict = host.library ? null : importConflict(b);
  if (conflict !== null) {
    for (const w of m.warnings) warn(w);
    for (const w of unusedLocalWarnings(b)) warn(w);
    throw conflict;
  }
  // Kernel.Typespec's warnings as it translates the typespecs (before the unused types')
  const typespecWarnings: string[] = [];
  if (!host.library && b.typespecs !== NIL) {
    // Kernel.Typespec's translation fails as the module's code is made (after its warnings).
    const bad = typespecError(typespecModule(b, host), typespecWarnings);
    if (bad !== null) {
      for (const w of m.warnings) warn(w);
      for (const w of unusedLocalWarnings(b)) warn(w);
      for (const w of typespecWarnings) warn(w);
      throw bad;
    }
  }
  if (!host.library) {
    const callbacks = [...b.callbacks.filter((c) => c.kind === "function"), ...b.callbacks.filter((c) => c.kind === "macro")];
    const bad = callbackFormError({
      file: b.file,
      line: b.line,
      callbacks: callbacks.map((c) => ({ kind: c.kind === "function" ? "callback" : "macrocallback", name: c.name, arity: c.arity })),
      optional: listOf(reverseList((b.attributes.get("optional_callbacks") as Term | undefined) ?? NIL)),
      definesBehaviourInfo: b.defs.has("behaviour_info/1"),
    });
    if (bad !== null) {
      for (const w of m.warnings) warn(w);
      for (const w of unusedLocalWarnings(b)) warn(w);
      // (after the translation's warnings, the unused types' among them)
      for (const w of typespecWarnings) warn(w);
      for (const w of unusedTypeWarnings(b, reverseList(b.typespecs))) warn(w);
      for (const w of typespecWarnings) warn(w);
      throw bad;
    }
  }
  if (!host.library) {
    const undefinedSpec = specForUndefined(b);
    if (undefinedSpec !== null) {
      // (raised as the Erlang forms are made, after the module's other warnings)
      for (const w of m.warnings) warn(w);
      for (const w of unusedLocalWarnings(b)) warn(w);
      for (const w of typespecWarnings) warn(w);
      for (const w of unusedTypeWarnings(b, reverseList(b.typespecs))) warn(w);
      throw undefinedSpec;
    }
  }
  m.last = last;
  m.attributes = new Map([...b.attributes].filter(([k]) => !k.startsWith("__")));
  // (defstruct took @enforce_keys: the loaded module keeps them where its readers look)
  if (b.enforce.length > 0) m.attributes.set("enforce_keys", list(b.enforce));
  m.persisted = persistedAttributes(b);
  m.nested = b.nested;
  m.macros = b.order.filter((d) => d.kind === "defmacro").map((d) => `${d.name}/${d.arity}`);
  if (b.deprecated.length > 0) m.deprecated = b.deprecated;
  // (what the translation reads from the module, put in as the binary keeps them)
  m.typespecs = host.library || b.typespecs === NIL ? reverseList(b.typespecs) : list(resolveTypespecs(typespecModule(b, host), listOf(reverseList(b.typespecs))));
  for (const w of unusedLocalWarnings(b)) addModuleWarning(m, w);
  for (const w of typespecWarnings) addModuleWarning(m, w);
  for (const w of unusedTypeWarnings(b, m.typespecs)) addModuleWarning(m, w);
  if (b.callbacks.length > 0) {
    m.callbacks = { callbacks: b.callbacks, optional: b.optional };
    m.fns.set("behaviour_info/1", behaviourInfoCode(b.name, m.callbacks));
  }
  // (each @behaviour as given: one declared twice is warned about)
  const declared = attributeList(b.attributes.get("behaviour")).map((x) => atomName(x));
  const behaviours = [...new Set(declared)];
  if (behaviours.length > 0) m.behaviours = behaviours;
  // The module's end checks (Module.check_behaviours_and_impls) come after its functions' warnings.
  if (behaviours.length > 0 || b.impls.length > 0) {
    const defs: BehaviourDefinition[] = b.order.map((d) => ({
      kind: d.kind,
      name: d.name,
      arity: d.arity,
      line: d.line,
      fromUse: b.overridable.has(`${d.name}/${d.arity}`) && b.overridable.get(`${d.name}/${d.arity}`) === null,
      defaults: d.defaults === null ? 0 : d.defaults.filter((p) => isNode(p) && p.name === "\\\\").length,
      impl: d.impl,
      context: d.context ?? null,
    }));
    checkBehaviours(host, b.name, b.line, declared, defs, (msg, line) => addModuleWarning(m, `warning: ${msg}\n  ${b.file}:${line}: ${displayName(b.name)} (module)\n\n`), b.impls);
  }
  for (const w of attributeWarnings) addModuleWarning(m, w);
  return m;
}

/**
 * `type name/arity is unused` for each @typep no typespec of the module names (its own
 * definition counts), in definition order, as Kernel.Typespec warns when it translates them.
 */
function unusedTypeWarnings(b: ModuleBuild, typespecs: Term): string[] {
  const head = (quoted: Term): [string, number] | null => {
    if (!Array.isArray(quoted) || quoted[0] !== a("::") || !(quoted[2] instanceof Cons)) return null;
    const h = quoted[2].h;
    if (!Array.isArray(h) || !(h[0] instanceof Atom)) return null;
    return [h[0].name, h[2] instanceof Cons ? [...listOf(h[2])].length : 0];
  };
  const privates: { name: string; arity: number; line: Term }[] = [];
  const named = new Set<string>();
  const walk = (t: Term): void => {
    if (t instanceof Cons) for (const x of listOf(t)) walk(x);
    else if (Array.isArray(t)) {
      if (t.length === 3 && t[0] instanceof Atom && (t[1] === NIL || t[1] instanceof Cons)) {
        named.add(`${t[0].name}/${t[2] instanceof Cons ? [...listOf(t[2])].length : 0}`);
      }
      t.forEach(walk);
    }
  };
  for (const entry of listOf(typespecs)) {
    const [kind, quoted, line] = entry as [Atom, Term, Term];
    if (kind.name === "typep") {
      const h = head(quoted);
      if (h !== null) privates.push({ name: h[0], arity: h[1], line });
    }
    // A type's own name and parameters are no use of it; its definition is.
    if (["type", "typep", "opaque"].includes(kind.name) && Array.isArray(quoted) && quoted[2] instanceof Cons) walk(quoted[2].t);
    else walk(quoted);
  }
  return privates.filter((t) => !named.has(`${t.name}/${t.arity}`)).map((t) => `warning: type ${t.name}/${t.arity} is unused\n  ${b.file}:${t.line}\n\n`);
}

/**
 * elixir_erl's validate_spec_for_existing_function: each @spec, in order, must name a
 * function or macro the module defines (any arity its defaults give).
 */
function specForUndefined(b: ModuleBuild): CompileError | null {
  const defined = new Set<string>();
  for (const d of b.order) {
    const count = d.defaults === null ? 0 : d.defaults.filter((p) => isNode(p) && p.name === "\\\\").length;
    for (let k = d.arity - count; k <= d.arity; k++) defined.add(`${d.name}/${k}`);
  }
  if (b.struct !== undefined) defined.add("__struct__/0").add("__struct__/1");
  if (b.exception) defined.add("exception/1").add("message/1");
  for (const [n, ar] of b.protocol?.functions ?? []) defined.add(`${n}/${ar}`);
  let index = 0;
  for (const entry of listOf(reverseList(b.typespecs))) {
    const [kind, quoted, line] = entry as [Atom, Term, Term];
    if (kind.name !== "spec") continue;
    const head = callbackHead(termToAst(quoted));
    if (head !== null && !defined.has(`${head[0]}/${head[1]}`)) {
      const err = new CompileError(`spec for undefined function ${head[0]}/${head[1]}`, b.file, typeof line === "number" ? line : b.line);
      const lists = index === 0 ? ["foldl", 1350] : ["foldl_1", 1355];
      err.elixirFrames = [[a("lists"), a(lists[0] as string), 3, list([[a("file"), list(Array.from("lists.erl", (c) => c.codePointAt(0)!))], [a("line"), lists[1]]])], ERL_COMPILER_FRAME];
      return err;
    }
    index++;
  }
  return null;
}

function reverseList(l: Term): Term {
  let out: Term = NIL;
  for (let x = l; x instanceof Cons; x = x.t) out = new Cons(x.h, out);
  return out;
}

/** `@callback`/`@spec`/`@type`...: the value is a typespec, kept as quoted form. */
export function typespecAttribute(rt: Runtime, module: string, name: string, spec: Term, line: Term, envKey: string | null): Term {
  const b = buildOf(rt, module, "put_attribute", 3, true);
  // (null: copied from another typespec, in the environment cached last)
  if (envKey !== null && envKey !== b.envCache[0]) b.envCache = [envKey, b.envCache[1] + 1];
  b.typespecs = new Cons(tuple(a(name), spec, line), b.typespecs);
  b.typespecPositions.unshift(b.envCache[1]);
  if (name === "type" || name === "typep" || name === "opaque") {
    // Kernel.Typespec's deftypespec: the type takes the @typedoc before it; a private one
    // discards it, with a warning (at the @typedoc's line, naming the file only)
    const doc = b.pendingTypedoc;
    b.pendingTypedoc = undefined;
    const head = typeHead(termToAst(spec));
    if (head !== null && ((head[0] === "required" && head[1] === 1) || (head[0] === "optional" && head[1] === 1))) {
      throw raise("CompileError", { file: b.file, line: typeof line === "number" ? line : b.line, description: `type ${head[0]}/${head[1]} is a reserved type and it cannot be defined` });
    }
    if (name === "typep" && doc !== undefined && doc.value !== null && doc.value !== false && head !== null) {
      compileState(rt).warn(`warning: type ${head[0]}/${head[1]} is private, @typedoc's are always discarded for private types\n  ${b.file}:${doc.line}\n\n`);
    }
    if (name !== "typep" && head !== null) {
      // (the Docs chunk's entry: the @typedoc's line, else the type's; an opaque type says so)
      const meta = new Map(b.pendingMeta.typedoc);
      b.pendingMeta.typedoc.clear();
      if (name === "opaque") meta.set("opaque", true);
      b.specDocs.push({ kind: "type", name: head[0], arity: head[1], line: doc?.line ?? (typeof line === "number" ? line : b.line), doc: doc?.value ?? null, meta });
    }
  }
  if (name === "callback" || name === "macrocallback") {
    // A @doc before a callback documents it (its first clause's, with the doc metadata).
    const doc = b.pendingDoc;
    b.pendingDoc = undefined;
    const head = callbackHead(termToAst(spec));
    if (head !== null && !b.specDocs.some((d) => d.kind === name && d.name === head[0] && d.arity === head[1])) {
      const meta = new Map(b.pendingMeta.doc);
      b.pendingMeta.doc.clear();
      b.specDocs.push({ kind: name, name: head[0], arity: head[1], line: doc?.line ?? (typeof line === "number" ? line : b.line), doc: doc?.value ?? null, meta });
    }
    if (head !== null) b.callbacks.push({ kind: name === "callback" ? "function" : "macro", name: head[0], arity: head[1] });
  }
  return a("ok");
}

/** The name and arity of a type definition `name(args) :: type` (Kernel.Typespec's type_to_signature). */
function typeHead(spec: Ast): [string, number] | null {
  if (!isNode(spec) || spec.name !== "::" || spec.args?.length !== 2) return null;
  const head = spec.args[0];
  if (!isNode(head) || typeof head.name !== "string") return null;
  return [head.name, head.args?.length ?? 0];
}

// ---- attributes --------------------------------------------------------------------------

/** Attributes Elixir keeps for itself (they do not warn when unused). */
const RESERVED = new Set([
  "after_compile", "after_verify", "before_compile", "behaviour", "callback", "compile", "deprecated", "derive", "dialyzer", "doc", "enforce_keys",
  "external_resource", "file", "impl", "macrocallback", "moduledoc", "on_definition", "on_load", "opaque", "optional_callbacks",
  "spec", "since", "type", "typedoc", "typep", "vsn", "fallback_to_any", "protocol", "for",
]);
const ACCUMULATED = new Set(["before_compile", "after_compile", "after_verify", "on_definition", "behaviour", "derive", "compile", "external_resource", "dialyzer", "optional_callbacks"]);

/** `line` is given for `@name value` (not for Module.put_attribute/3): only those are warned about. */
export function putAttribute(rt: Runtime, module: string, name: string, value: Term, line?: number, warnUnused = true): Term {
  const b = buildOf(rt, module, "put_attribute", 3, true);
  b.unset.delete(name);
  b.registered.add(name);
  if (name === "impl") {
    b.pendingImpl = value;
    b.pendingImplLine = line;
  }
  // (a keyword list given to @doc, @typedoc or @moduledoc is metadata, merged into what the next entry takes)
  if ((name === "doc" || name === "typedoc" || name === "moduledoc") && (value === NIL || value instanceof Cons)) {
    for (const p of listToArray(value) ?? []) if (Array.isArray(p) && p.length === 2 && p[0] instanceof Atom) b.pendingMeta[name].set(p[0].name, p[1]);
    return a("ok");
  }
  if (name === "moduledoc") b.moduledoc = { line: line ?? b.line, value };
  // (Module.put_attribute/7 in prelude/module.ex checked the value: a string)
  if (name === "deprecated" && isBinary(value)) {
    b.pendingDeprecated = { line, reason: typeof value === "string" ? value : new TextDecoder("utf-8", { ignoreBOM: true }).decode(binBytes(value as Bin)) };
    return a("ok");
  }
  if (name === "typedoc" && line !== undefined) b.pendingTypedoc = { line, value };
  if (name === "doc" && line !== undefined) {
    const before = b.pendingDoc;
    if (before !== undefined && typeof before.value === "string" && typeof value === "string") {
      compileState(rt).warn(`warning: redefining @doc attribute previously set at line ${before.line}\n  ${b.file}:${line}: ${displayName(module)} (module)\n\n`);
    }
    b.pendingDoc = { line, value };
  }
  if (line !== undefined && warnUnused && !RESERVED.has(name) && !b.accumulate.has(name)) b.unread.set(name, line);
  else if (!warnUnused) b.unread.delete(name);
  if (name === "optional_callbacks") {
    for (const p of listOf(value)) if (Array.isArray(p) && p[0] instanceof Atom) b.optional.push(`${p[0].name}/${p[1]}`);
  }
  if (b.accumulate.has(name) || ACCUMULATED.has(name)) {
    const prev = b.attributes.get(name);
    b.attributes.set(name, new Cons(value, prev === undefined || prev === null ? NIL : prev));
  } else b.attributes.set(name, value);
  return a("ok");
}

/**
 * Private functions and macros no public one reaches through local calls (and defaults
 * never used), as Elixir's locals tracker reports them, by name.
 */
function unusedLocalWarnings(b: ModuleBuild, called: Set<string> = new Set()): string[] {
  const defaultsOf = (d: Definition) => (d.defaults === null ? 0 : d.defaults.filter((p) => isNode(p) && p.name === "\\\\").length);
  // Every arity a definition answers to → the definition's key.
  const byArity = new Map<string, string>();
  for (const d of b.order) for (let k = d.arity - defaultsOf(d); k <= d.arity; k++) byArity.set(`${d.name}/${k}`, `${d.name}/${d.arity}`);
  const calls = new Map<string, Set<string>>();
  const add = (from: string, to: string) => {
    let s = calls.get(from);
    if (s === undefined) calls.set(from, (s = new Set()));
    s.add(to);
  };
  for (const d of b.order) {
    const from = `${d.name}/${d.arity}`;
    const walk = (x: Ast): void => {
      if (Array.isArray(x)) return x.forEach(walk);
      if (isTupleAst(x)) return x.tuple.forEach(walk);
      if (!isNode(x)) return;
      if (typeof x.name !== "string") walk(x.name);
      else if (x.args !== null && byArity.has(`${x.name}/${x.args.length}`)) add(from, `${x.name}/${x.args.length}`);
      else if (x.args === null && bareCalls.has(x) && byArity.has(`${x.name}/0`)) add(from, `${x.name}/0`);
      // &name/arity
      if (x.name === "/" && x.args?.length === 2 && isNode(x.args[0]) && typeof x.args[0].name === "string" && x.args[0].args === null && typeof x.args[1] === "bigint") {
        add(from, `${x.args[0].name}/${x.args[1]}`);
      }
      if (x.args !== null) x.args.forEach(walk);
    };
    for (const c of d.clauses) {
      walk(c.pats);
      if (c.guard !== null) walk(c.guard);
      walk(c.body);
    }
    if (d.defaults !== null) walk(d.defaults);
  }
  for (const [from, to] of b.macroCalls) add(from, to);
  const reached = new Set<string>();
  const visit = (fa: string) => {
    if (reached.has(fa)) return;
    reached.add(fa);
    const key = byArity.get(fa);
    if (key !== undefined && key !== fa) visit(key);
    for (const to of calls.get(key ?? fa) ?? []) visit(to);
  };
  for (const d of b.order) if (d.kind === "def" || d.kind === "defmacro") visit(`${d.name}/${d.arity}`);
  // (the @on_load function is used: the loader calls it)
  const onLoad = b.attributes.get("on_load");
  if (onLoad instanceof Atom) visit(`${onLoad.name}/0`);
  else if (Array.isArray(onLoad) && onLoad[0] instanceof Atom) visit(`${onLoad[0].name}/${onLoad[1]}`);
  const out: { name: string; arity: number; text: string }[] = [];
  for (const d of b.order) {
    if ((d.kind !== "defp" && d.kind !== "defmacrop") || d.generated || called.has(`${d.name}/${d.arity}`)) continue;
    const at = `\n  ${b.file}:${d.line}\n\n`;
    const unused = `warning: ${d.kind === "defp" ? "function" : "macro"} ${d.name}/${d.arity} is unused${at}`;
    const min = d.arity - defaultsOf(d);
    let lowest: number | null = null;
    for (let k = d.arity; k >= min; k--) if (reached.has(`${d.name}/${k}`)) lowest = k;
    let text: string | null = null;
    if (lowest === null) text = unused;
    else if (lowest === d.arity && min < d.arity) text = `warning: default values for the optional arguments in ${d.name}/${d.arity} are never used${at}`;
    else if (lowest !== min) {
      text = lowest === 1
        ? `warning: the default value for the first optional argument in ${d.name}/${d.arity} is never used${at}`
        : `warning: the default values for the first ${lowest} optional arguments in ${d.name}/${d.arity} are never used${at}`;
    }
    if (text !== null) out.push({ name: d.name, arity: d.arity, text });
  }
  out.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : x.arity - y.arity));
  return out.map((w) => w.text);
}

/**
 * A module whose functions call locals that do not exist, as elixir_locals reports it: the
 * functions' warnings and the unused private ones first, then each undefined call but the
 * first (by line, then name and arity) as a warning, latest first, and the first as the error.
 */
function undefinedLocalsError(b: ModuleBuild, m: CompiledModule, warn: (text: string) => void): CompileError {
  for (const w of m.warnings) warn(w);
  // (A private macro called before its definition is called all the same.)
  for (const w of unusedLocalWarnings(b, new Set(m.undefinedLocals!.map((u) => `${u.name}/${u.arity}`)))) warn(w);
  const seen = new Set<string>();
  const calls = m.undefinedLocals!.filter((u) => {
    const k = `${u.error.line} ${u.name}/${u.arity}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
  calls.sort((x, y) => x.error.line - y.error.line || (x.name < y.name ? -1 : x.name > y.name ? 1 : x.arity - y.arity));
  for (const u of calls.slice(1).reverse()) warn(`warning: ${u.error.description}\n  ${u.error.file}:${u.error.line}\n\n`);
  return calls[0].error;
}

/**
 * elixir_locals' check once the body has run: a function the module defines that one of its
 * calls reached through an import instead (imports answer before local functions). Of
 * several, the one latest in name order is reported, at its definition.
 */
function importConflict(b: ModuleBuild): CompileError | null {
  if (b.name === "Elixir.Kernel" || b.importCalls.size === 0) return null;
  const found = b.order.filter((d) => (d.kind === "def" || d.kind === "defp") && b.importCalls.has(`${d.name}/${d.arity}`));
  if (found.length === 0) return null;
  found.sort((x, y) => (x.name < y.name ? 1 : x.name > y.name ? -1 : y.arity - x.arity));
  const d = found[0];
  const mod = b.importCalls.get(`${d.name}/${d.arity}`)!;
  const err = new CompileError(`imported ${displayName(mod)}.${d.name}/${d.arity} conflicts with local function`, b.file, d.line);
  const at = (fun: string, arity: number, line: number): Term => [a("elixir_locals"), a(fun), arity, list([[a("file"), charlistOf("src/elixir_locals.erl")], [a("line"), line]])];
  err.elixirFrames = [at("-ensure_no_import_conflict/3-lc$^0/1-0-", 2, 95), at("-ensure_no_import_conflict/3-fun-0-", 3, 96), ERL_COMPILER_FRAME];
  err.hideFramesInScripts = true;
  return err;
}

/**
 * The checks elixir_module makes of a compiled module's @on_load and @dialyzer against its
 * definitions (the function named must be defined; @on_load's must be a function), then of
 * its @compile options (an inlined function must be defined; a parse transform is deprecated,
 * warned about): the first error, or null.
 */
function attributeChecks(b: ModuleBuild, onLoad: string | undefined, warnings: string[]): CompileError | null {
  const kinds = new Map<string, string>();
  for (const d of b.order) if (!d.name.includes(" (overridable ")) kinds.set(`${d.name}/${d.arity}`, d.kind);
  const error = (text: string, frames: Term[] = []): CompileError => {
    const err = new CompileError(text, b.file, b.line);
    err.elixirFrames = [...frames, ERL_COMPILER_FRAME];
    err.hideFramesInScripts = true;
    return err;
  };
  if (onLoad !== undefined) {
    const kind = kinds.get(onLoad);
    if (kind === undefined) return error(`undefined function ${onLoad} given to @on_load`);
    if (kind !== "def" && kind !== "defp") return error(`expected @on_load function ${onLoad} to be a function, got "${kind}"`);
  }
  // @dialyzer: {key, fun/arity or a list of them}, or a list of such (atoms name no function)
  const flat = (t: Term): Term[] => (isList(t) ? listToArray(t)!.flatMap(flat) : [t]);
  for (const entry of flat(b.attributes.get("dialyzer") ?? NIL)) {
    if (!Array.isArray(entry) || entry.length !== 2 || !(entry[0] instanceof Atom)) continue;
    for (const fa of flat(entry[1])) {
      if (Array.isArray(fa) && fa.length === 2 && fa[0] instanceof Atom && !kinds.has(`${fa[0].name}/${fa[1]}`)) {
        return error(`undefined function ${fa[0].name}/${fa[1]} given to @dialyzer :${entry[0].name}`);
      }
    }
  }
  // @compile (accumulated, latest first): options in the order they were set
  const flatmap: Term = [a("lists"), a("flatmap_1"), 2, list([[a("file"), charlistOf("lists.erl")], [a("line"), 1335]])];
  for (const opt of flat(reverseList(b.attributes.get("compile") ?? NIL))) {
    if (!Array.isArray(opt) || opt.length !== 2 || !(opt[0] instanceof Atom)) continue;
    if (opt[0].name === "parse_transform") {
      warnings.push(`warning: @compile {:parse_transform, ${inspect(opt[1])}} is deprecated. Elixir will no longer support Erlang-based transforms in future versions\n  ${b.file}:${b.line}\n\n`);
    }
    if (opt[0].name === "inline") {
      for (const fa of flat(opt[1])) {
        if (Array.isArray(fa) && fa.length === 2 && fa[0] instanceof Atom && !kinds.has(`${fa[0].name}/${fa[1]}`)) {
          return error(`inlined function ${fa[0].name}/${fa[1]} undefined`, [flatmap]);
        }
      }
    }
  }
  return null;
}

/** Elixir's warnings, once a module is compiled, about attributes nothing used. */
function unusedAttributeWarnings(b: ModuleBuild): string[] {
  const at = (line: number) => `\n  ${b.file}:${line}\n\n`;
  const out: string[] = [];
  // @derive left over (a defstruct takes it): Elixir's message has "warning: " in it too.
  if (b.attributes.get("derive") instanceof Cons) {
    const where = b.struct !== undefined ? "was set after defstruct, all @derive calls must come before defstruct" : "was set but never used (it must come before defstruct)";
    out.push(`warning: warning: module attribute @derive ${where}\n  ${b.file}:${b.line}: ${displayName(b.name)} (module)\n\n`);
  }
  // (Latest first, as Elixir selects them.)
  for (const [name, line] of [...b.unread].reverse()) if (!b.persisted.includes(name)) out.push(`warning: module attribute @${name} was set but never used${at(line)}`);
  if (b.pendingImpl !== undefined && b.pendingImplLine !== undefined) out.push(`warning: module attribute @impl was set but no definition follows it${at(b.pendingImplLine)}`);
  if (b.pendingDoc !== undefined) out.push(`warning: module attribute @doc was set but no definition follows it${at(b.pendingDoc.line)}`);
  if (b.pendingTypedoc !== undefined) out.push(`warning: module attribute @typedoc was set but no type follows it${at(b.pendingTypedoc.line)}`);
  if (b.pendingDeprecated?.line !== undefined) out.push(`warning: module attribute @deprecated was set but no definition follows it${at(b.pendingDeprecated.line)}`);
  return out;
}

/**
 * Module.compile_doc/12's entry of a definition for the Docs chunk: every clause takes the doc
 * metadata set before it (and an @deprecated's reason, and its default count); a public
 * definition's entry is made by its first clause (the @doc's line, else its own) and later
 * clauses merge their guessed signature, @doc and metadata into it. An @impl'd definition
 * without a @doc is hidden.
 */
function recordDocEntry(b: ModuleBuild, kind: DefKind, name: string, arity: number, line: number, params: Ast[], pats: Ast[], doc: { line: number; value: Term } | undefined, impl: Term | undefined, deprecated: string | undefined, defaults: number, quoted: boolean): void {
  const meta = new Map<string, Term>();
  if (deprecated !== undefined) meta.set("deprecated", deprecated);
  for (const [k, v] of b.pendingMeta.doc) meta.set(k, v);
  b.pendingMeta.doc.clear();
  if (defaults > 0) meta.set("defaults", defaults);
  if (kind !== "def" && kind !== "defmacro") return;
  const implied = impl !== undefined && impl !== false && impl !== null;
  const signature = guessSignature(params, pats, (attr) => b.attributes.get(attr));
  let value: Term = doc?.value ?? null;
  const entry = b.docEntries.find((e) => e.name === name && e.arity === arity && e.kind === (kind === "def" ? "function" : "macro"));
  if (entry === undefined) {
    if (value === null && implied) value = false;
    b.docEntries.push({ kind: kind === "def" ? "function" : "macro", name, arity, line: doc?.line ?? line, signature, doc: value, meta, quoted });
    return;
  }
  entry.signature = mergeSignatures(entry.signature, signature);
  if (value === null) value = entry.doc;
  if (value === null && implied) value = false;
  entry.doc = value;
  for (const [k, v] of meta) entry.meta.set(k, v);
}

/** A definition takes the @doc set before it; a private one warns that it is discarded. */
function takeDoc(rt: Runtime, b: ModuleBuild, kind: DefKind, name: string, arity: number, hasBody = true, quoted = false): void {
  const doc = b.pendingDoc;
  b.pendingDoc = undefined;
  const kept = b.docs.find((d) => d.name === name && d.arity === arity);
  if (doc !== undefined && (kind === "def" || kind === "defmacro") && kept === undefined) {
    b.docs.push({ kind: kind === "def" ? "function" : "macro", name, arity, line: doc.line, doc: doc.value, quoted });
  } else if (doc !== undefined && (kind === "def" || kind === "defmacro") && kept !== undefined) {
    // Module.compile_doc/12: a second clause's @doc over the first's (a clause with a body, the
    // first not written by a macro) warns; the latest @doc is the one kept, at the first's line
    if (isBinary(kept.doc) && isBinary(doc.value) && hasBody && kept.quoted !== true) {
      compileState(rt).warn(`warning: redefining @doc attribute previously set at line ${kept.line}.\n\nPlease remove the duplicate docs. If instead you want to override a previously defined @doc, attach the @doc attribute to a function head (the function signature not followed by any do-block). For example:\n\n    @doc """\n    new docs\n    """\n    def ${name}(...)\n\n  ${b.file}:${doc.line}: ${displayName(b.name)}.${funText(name)}/${arity}\n\n`);
    }
    if (doc.value !== null) kept.doc = doc.value;
  }
  if (doc === undefined || (kind !== "defp" && kind !== "defmacrop") || doc.value === false || doc.value === null) return;
  compileState(rt).warn(`warning: ${kind} ${name}/${arity} is private, @doc attribute is always discarded for private functions/macros/types\n  ${b.file}:${doc.line}: ${displayName(b.name)}.${name}/${arity}\n\n`);
}

/** A typespec attribute read: what Kernel.Typespec accumulated, `{kind, quoted, {module, position}}`, newest first. */
function typespecsRead(b: ModuleBuild, name: string): Term {
  const out: Term[] = [];
  let i = 0;
  for (const entry of listOf(b.typespecs)) {
    const [kind, quoted, line] = entry as [Atom, Term, Term];
    if (kind.name === name) out.push(tuple(kind, quoted, tuple(a(b.name), tuple(typeof line === "number" ? line : b.line, b.typespecPositions[i] ?? 0))));
    i++;
  }
  return list(out);
}

export function getAttribute(rt: Runtime, module: string, name: string, warnLine: number | null): Term {
  const b = buildOf(rt, module, "get_attribute", 2);
  b.used.add(name);
  b.unread.delete(name);
  if (TYPESPECS.has(name)) return typespecsRead(b, name);
  // (@doc and @impl are taken by the next definition: none is left once it is stored)
  const taken = (name === "doc" && b.pendingDoc === undefined) || (name === "impl" && b.pendingImpl === undefined);
  const value = taken ? undefined : b.attributes.get(name);
  // (defstruct keeps the struct in @__struct__, as Kernel.Utils.defstruct puts it there)
  if (value === undefined && name === "__struct__" && b.struct !== undefined) {
    return MapTerm.fromPairs([[a("__struct__"), a(module)], ...b.struct.map(([k, val]) => [a(k), val] as [Term, Term])]);
  }
  if (value === undefined) {
    // (Elixir sets up its own accumulating attributes as each module starts)
    if (b.accumulate.has(name) || (ACCUMULATED.has(name) && name !== "on_definition")) return NIL;
    if (warnLine !== null && (!RESERVED.has(name) || taken)) {
      compileState(rt).warn(`warning: undefined module attribute @${name}, please remove access to @${name} or explicitly set it before access\n  ${b.file}${warnLine ? `:${warnLine}` : ""}: ${displayName(module)} (module)\n\n`);
    }
    return null;
  }
  return value;
}

export function registerAttribute(rt: Runtime, module: string, name: string, opts: Term): Term {
  const b = buildOf(rt, module, "register_attribute", 3, true);
  b.registered.add(name);
  for (let l = opts; l instanceof Cons; l = l.t) {
    const [k, val] = l.h as Term[];
    if (k === a("accumulate") && val !== false && val !== null) {
      b.accumulate.add(name);
      if (!b.attributes.has(name) || b.attributes.get(name) === null) b.attributes.set(name, NIL);
    }
    if (k === a("persist") && val !== false && val !== null && !b.persisted.includes(name)) {
      b.persisted.push(name);
      b.unread.delete(name);
    }
  }
  // (registered and unset: reads as nil without a warning)
  if (!b.attributes.has(name)) {
    b.attributes.set(name, null);
    b.unset.add(name);
  }
  return a("ok");
}

/**
 * The attributes a module keeps (module_info(:attributes)) besides its vsn and behaviours, as
 * elixir_module persists them: external_resource, dialyzer and a @vsn the module
 * set, then those registered with `persist: true` in registration order; each value of an
 * accumulating attribute in the order set; a value that is not a list wrapped in one (an
 * Erlang attribute's form). A registered attribute never set is left out.
 */
function persistedAttributes(b: ModuleBuild): [string, Term][] {
  const out: [string, Term][] = [];
  // (on_load is persisted too, but the Erlang compiler makes it the module's on_load form:
  // module_info(:attributes) does not list it)
  const keys = [...new Set(["external_resource", "dialyzer", "vsn", ...b.persisted])].filter((k) => k !== "on_load");
  for (const key of keys) {
    if (!b.attributes.has(key) || b.unset.has(key)) continue;
    const v = b.attributes.get(key)!;
    const values = b.accumulate.has(key) || ACCUMULATED.has(key) ? listToArray(reverseList(v === null ? NIL : v)) ?? [] : key === "vsn" && v === null ? [] : [v];
    for (const x of values) out.push([key, x === NIL || x instanceof Cons ? x : list([x])]);
  }
  return out;
}

/** Module.delete_attribute/2: an accumulating attribute gives its values (newest first) and stays registered. */
export function deleteAttribute(rt: Runtime, module: string, name: string): Term {
  const b = buildOf(rt, module, "delete_attribute", 2, true);
  const value = b.attributes.get(name);
  if (b.accumulate.has(name) || ACCUMULATED.has(name)) {
    b.attributes.set(name, NIL);
    return value === undefined || value === null ? NIL : value;
  }
  b.attributes.delete(name);
  b.registered.delete(name);
  return value === undefined ? null : value;
}

/** Module.has_attribute?/2. */
export function hasAttribute(rt: Runtime, module: string, name: string): boolean {
  const b = buildOf(rt, module, "has_attribute?", 2);
  if (TAKEN.has(name)) return (name === "doc" && b.pendingDoc !== undefined) || (name === "impl" && b.pendingImpl !== undefined);
  return b.registered.has(name) || b.attributes.has(name);
}

/** Attributes the next definition takes (present only until then). */
const TAKEN = new Set(["doc", "impl"]);

/** The names Module.attributes_in/1 lists, oldest first. */
export function attributesIn(rt: Runtime, module: string): string[] {
  const b = buildOf(rt, module, "attributes_in", 1);
  const names = new Set<string>([...b.registered, ...b.attributes.keys()].filter((n) => !TAKEN.has(n)));
  if (b.pendingDoc !== undefined) names.add("doc");
  if (b.pendingImpl !== undefined) names.add("impl");
  return [...names];
}

export function defstruct(rt: Runtime, module: string, fields: Term, exception: boolean, line = 0): Term {
  const b = buildOf(rt, module, exception ? "defexception" : "defstruct", 1);
  // Kernel.Utils.defstruct/3's checks, in its order, raised where it raises them.
  const at = (fun: string, arity: number, file: string, ln: number): Term => [a(fun.includes(":") ? fun.split(":")[0] : "Elixir.Kernel.Utils"), a(fun.includes(":") ? fun.split(":")[1] : fun), arity, list([[a("file"), charlistOf(file)], [a("line"), ln]])];
  const fail = (message: string, frames: Term[]) => {
    const err = raise("ArgumentError", { message });
    // (below them the module body's frame, printed "(module)")
    err.stacktrace = list([...frames, [a("elixir_compiler_1"), a("__MODULE__"), 1, list([[a("file"), charlistOf(b.file)], [a("line"), line]])]]);
    err.traced = true;
    err.complete = true;
    return err;
  };
  const utils = "lib/kernel/utils.ex";
  if (b.struct !== undefined) throw fail(`defstruct has already been called for ${inspect(a(module))}, defstruct can only be called once per module`, [at("defstruct", 3, utils, 107)]);
  const items = listToArray(fields);
  if (items === null) throw fail(`struct fields definition must be list, got: ${inspect(fields)}`, [at("defstruct", 3, utils, 117)]);
  const out: [string, Term][] = exception ? [["__exception__", true]] : [];
  const mapper = (ln: number) => [at("-defstruct/3-fun-0-", 1, utils, ln), at("lists:map", 2, "lists.erl", 1315), at("defstruct", 3, utils, 138)];
  for (const f of items) {
    if (f instanceof Atom) out.push([f.name, null]);
    else if (Array.isArray(f) && f.length === 2 && f[0] instanceof Atom) {
      try {
        escape(f[1], false);
      } catch (e) {
        const message = e instanceof BeamError && e.reason instanceof MapTerm ? e.reason.get(a("message")) : undefined;
        if (typeof message !== "string") throw e;
        throw fail(`invalid value for struct field ${f[0].name}, ${message}`, mapper(126));
      }
      out.push([f[0].name, f[1]]);
    } else throw fail(`struct field names must be atoms, got: ${inspect(f)}`, mapper(135));
  }
  // @enforce_keys is taken when defstruct runs (one key or a list of them).
  const enforce = enforcedKeys(b.attributes.get("enforce_keys"));
  b.attributes.delete("enforce_keys");
  const seen = new Set<string>();
  for (const [k] of [...out].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
    if (seen.has(k)) compileState(rt).warn(`warning: duplicate key ${inspect(a(k))} found in struct\n  ${b.file}:${line}: ${displayName(module)} (module)\n\n`);
    seen.add(k);
  }
  for (const k of enforce) {
    if (!(k instanceof Atom)) throw fail(`keys given to @enforce_keys must be atoms, got: ${inspect(k)}`, [at("-defstruct/3-fun-1-", 1, utils, 155), at("lists:foreach_1", 2, "lists.erl", 1442), at("defstruct", 3, utils, 158)]);
  }
  const undefinedKeys = enforce.filter((k) => !out.some(([f]) => f === (k as Atom).name));
  if (undefinedKeys.length > 0) {
    const kw = out.map(([f, v]) => [a(f), v] as Term);
    throw fail(`@enforce_keys required keys (${inspect(list(undefinedKeys))}) that are not defined in defstruct: ${inspect(list(kw))}`, [at("defstruct", 3, utils, 217)]);
  }
  b.struct = out;
  b.exception = exception;
  b.enforce = enforce;
  // defexception declares @behaviour Exception (its exception/1 and message/1 are @impl true).
  if (exception) b.attributes.set("behaviour", new Cons(a("Elixir.Exception"), (b.attributes.get("behaviour") as Term | undefined) ?? NIL));
  // @derive values given before the struct become implementations for it now.
  const derives = b.attributes.get("derive");
  if (derives instanceof Cons) {
    b.attributes.delete("derive");
    const s = compileState(rt);
    const host = { ...s.host, structFields: (m: string) => (m === module ? out : s.host.structFields(m)) };
    b.nested.push(...deriveImpls(host, { module, file: b.file }, listOf(derives).reverse(), out, b.line, b.deferredDerives));
  }
  return MapTerm.fromPairs([[a("__struct__"), a(module)], ...out.map(([k, val]) => [a(k), val] as [Term, Term])]);
}

export function makeOverridable(rt: Runtime, module: string, spec: Term): Term {
  const b = buildOf(rt, module, "make_overridable", 2, true);
  if (isAtom(spec)) spec = behaviourOverridables(rt, b, atomName(spec));
  for (let l = spec; l instanceof Cons; l = l.t) {
    const [n, ar] = l.h as Term[];
    const key = `${atomName(n)}/${ar}`;
    // (an arity its defaults give stands for the whole definition)
    const d = b.defs.get(key) ?? b.order.find((x) => x.name === atomName(n) && x.defaults !== null && x.arity > (ar as number) && x.arity - x.defaults.filter((p) => isNode(p) && p.name === "\\\\").length <= (ar as number));
    if (d === undefined) throw raise("ArgumentError", { message: `cannot make function ${key} overridable because it was not defined` });
    b.overridable.set(key, null);
    b.overridable.set(`${d.name}/${d.arity}`, null);
    // (its defaults go with it, as elixir_def's take_definition drops them: a new
    // definition of an arity they gave does not conflict with them)
    // (naming only an arity they give takes no definition's defaults)
    if (d.arity === ar) for (let i = b.defaultsOf.length - 1; i >= 0; i--) if (b.defaultsOf[i].name === d.name && b.defaultsOf[i].arity === d.arity) b.defaultsOf.splice(i, 1);
  }
  return a("ok");
}

/**
 * `defoverridable Behaviour`: the module's definitions that are callbacks of the behaviour
 * (a macro callback by its macro's name), after Module.make_overridable/2's checks.
 */
function behaviourOverridables(rt: Runtime, b: ModuleBuild, behaviour: string): Term {
  const host = compileState(rt).host;
  const fail = (why: string) => raise("ArgumentError", { message: `cannot pass module ${inspect(a(behaviour))} as argument to defoverridable/1 because ${why}` });
  if (!host.moduleExists(behaviour)) throw fail("it was not defined");
  const info = host.behaviourInfo?.(behaviour) ?? null;
  if (info === null || info.callbacks.length === 0) throw fail("it does not define any callbacks");
  const declared = listOf(b.attributes.get("behaviour") ?? NIL);
  if (!declared.includes(a(behaviour))) throw fail(`its corresponding behaviour is missing. Did you forget to add @behaviour ${inspect(a(behaviour))}?`);
  const callbacks = new Set(info.callbacks.map((c) => `${c.name}/${c.arity}`));
  return list(b.order.filter((d) => !pendingOverridable(b, d) && !d.name.includes(" (overridable ") && callbacks.has(`${d.name}/${d.arity}`)).map((d) => [a(d.name), d.arity]));
}

/** The names of a module's definitions (Module.definitions_in/1,2). */
export function definitionsIn(rt: Runtime, module: string, kind: string | null): Term {
  const b = buildOf(rt, module, "definitions_in", kind === null ? 1 : 2);
  return list(b.order.filter((d) => (kind === null || d.kind === kind) && !pendingOverridable(b, d) && !d.name.includes(" (overridable ")).map((d) => [a(d.name), d.arity]));
}

export function definesQ(rt: Runtime, module: string, name: string, arity: number, kind: string | null): boolean {
  const b = buildOf(rt, module, "defines?", kind === null ? 2 : 3);
  const d = b.defs.get(`${name}/${arity}`);
  return d !== undefined && (kind === null || d.kind === kind) && !pendingOverridable(b, d);
}

/** Module.overridables_in/1: each definition ever made overridable, newest first. */
export function overridablesIn(rt: Runtime, module: string): Term {
  const b = buildOf(rt, module, "overridables_in", 1);
  return list([...b.overridable.keys()].reverse().map(pairOfKey));
}

const pairOfKey = (key: string): Term => {
  const i = key.lastIndexOf("/");
  return [a(key.slice(0, i)), Number(key.slice(i + 1))];
};

/** Module.overridable?/2 (a compiled module has no table to look in). */
export function isOverridable(rt: Runtime, module: string, name: string, arity: number): boolean {
  const b = compileState(rt).building.get(module);
  if (b === undefined) throw noTableKey();
  return b.overridable.has(`${name}/${arity}`);
}

/** :ets.lookup_element/3's error for a key its table lacks (what Elixir's code meets on a compiled module). */
function noTableKey(): ReturnType<typeof raise> {
  return raise("ArgumentError", { message: "errors were found at the given arguments:\n\n  * 2nd argument: not a key that exists in the table\n" });
}

/** The typespecs of a module being built (Kernel.Typespec reads them from its data table). */
function specsOf(rt: Runtime, module: string): Term[] {
  const b = compileState(rt).building.get(module);
  if (b === undefined) throw noTableKey();
  return listOf(b.typespecs).reverse();
}

/** `name/arity` of a typespec's quoted head (`name(args) :: ...`, `name(args) :: ... when ...`). */
function specHead(quoted: Term): string | null {
  let t = quoted;
  if (Array.isArray(t) && t[0] === a("when") && t[2] instanceof Cons) t = t[2].h;
  if (!(Array.isArray(t) && t[0] === a("::") && t[2] instanceof Cons)) return null;
  const head = t[2].h;
  if (!Array.isArray(head) || head.length !== 3 || !(head[0] instanceof Atom)) return null;
  const args = head[2];
  const arity = args instanceof Cons ? listOf(args).length : 0;
  return `${head[0].name}/${arity}`;
}

/** Module.defines_type?/2: a @type, @typep or @opaque of that name and arity. */
export function definesType(rt: Runtime, module: string, name: string, arity: number): boolean {
  return specsOf(rt, module).some((s) => {
    const [kind, quoted] = s as Term[];
    return (kind === a("type") || kind === a("typep") || kind === a("opaque")) && specHead(quoted) === `${name}/${arity}`;
  });
}

/** Module.spec_to_callback/2: each @spec of name/arity copied as a @callback. */
export function specToCallback(rt: Runtime, module: string, name: string, arity: number): boolean {
  const specs = specsOf(rt, module).filter((s) => (s as Term[])[0] === a("spec") && specHead((s as Term[])[1]) === `${name}/${arity}`);
  for (const s of specs) typespecAttribute(rt, module, "callback", (s as Term[])[1], (s as Term[])[2], null);
  return specs.length > 0;
}

/**
 * Module.get_definition/3: `{:v1, kind, meta, clauses}` (each clause `{meta, args, guards,
 * body}` in expanded quoted form), nil when not defined.
 */
export function getDefinition(rt: Runtime, module: string, name: string, arity: number, skipClauses: boolean): Term {
  const b = buildOf(rt, module, "get_definition", 3);
  const d = b.defs.get(`${name}/${arity}`);
  if (d === undefined) return null;
  const meta = (line: number): Term => list([[a("line"), line]]);
  const clauses = skipClauses
    ? NIL
    : list(d.clauses.map((c) => {
        const macro = d.kind === "defmacro" || d.kind === "defmacrop";
        const pats = macro ? c.pats.slice(1) : c.pats;
        // (in the shapes Elixir's expander gives: variables as written, Kernel's calls as remote ones; `when a when b` as [a, b])
        const guards = guardAlternatives(c.guard);
        return tuple(meta(c.line ?? d.line), list(pats.map((p) => astToTerm(elixirShape(p)))), list(guards.map((g) => astToTerm(elixirShape(g)))), astToTerm(elixirShape(c.body)));
      }));
  return tuple(a("v1"), a(d.kind), meta(d.line), clauses);
}

/** Module.delete_definition/2: true when it was there. */
export function deleteDefinition(rt: Runtime, module: string, name: string, arity: number): boolean {
  const b = buildOf(rt, module, "delete_definition", 2, true);
  const key = `${name}/${arity}`;
  const d = b.defs.get(key);
  if (d === undefined) return false;
  b.defs.delete(key);
  b.order.splice(b.order.indexOf(d), 1);
  return true;
}

/** The deprecated Module.add_doc/6: a doc for a public definition, as @doc before it would. */
export function addDoc(rt: Runtime, module: string, line: number, kind: string, name: string, arity: number, doc: Term): Term {
  const b = buildOf(rt, module, "add_doc", 6);
  if (kind === "defp" || kind === "defmacrop" || kind === "typep") return doc === null || doc === false ? a("ok") : tuple(a("error"), a("private_doc"));
  if ((kind === "def" || kind === "defmacro") && !b.docs.some((d) => d.name === name && d.arity === arity)) {
    b.docs.push({ kind: kind === "def" ? "function" : "macro", name, arity, line, doc });
  }
  return a("ok");
}

/** Made overridable and not defined again since (defines?/2 and definitions_in/1 leave it out). */
function pendingOverridable(b: ModuleBuild, d: Definition): boolean {
  return b.overridable.get(`${d.name}/${d.arity}`) === null;
}

export function isBuilding(rt: Runtime, module: string): boolean {
  return compileState(rt).building.has(module);
}
