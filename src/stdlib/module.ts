// Module (the functions code uses at compile time: attributes, definitions, names), and
// the calls that module bodies are expanded into (:beamsh_module, standing in for
// :elixir_module / :elixir_def), and quote's run-time helpers (:elixir_quote).
import { codePath } from "./code-loading.js";
import { debugInfoOfObject, findObjectFile } from "./object-file.js";
import type { NativeFn } from "../runtime/code.js";
import { TailCall } from "../runtime/calls.js";
import { raise } from "../runtime/errors.js";
import { Gen, generatorCode } from "../runtime/generator-code.js";
import type { NativeModule } from "../runtime/library.js";
import { MapTerm } from "../runtime/map.js";
import type { Runtime } from "../runtime/runtime.js";
import { Atom, Bin, Cons, NIL, Term, a, binBytes, charlistOf, isBinary, list, listToArray } from "../runtime/term.js";
import { inspect } from "../runtime/inspect.js";
import {
  addDoc, attributesIn, buildFile, buildModule, compileModuleBody, compileState, compileStatic, definesQ, definesType, definitionsIn, defstruct, deleteAttribute,
  deleteDefinition, getAttribute, getDefinition, hasAttribute, isOverridable, makeOverridable, moduleMode, overridablesIn, putAttribute,
  localFunctionCode, moduleHooks, protocolFunctionDeclared, registerAttribute, specToCallback, storeDefinition, typespecAttribute,
} from "../runtime/compiler/module-build.js";
import { Expander } from "../runtime/compiler/expand.js";
import { expandRecordTypes } from "../runtime/compiler/typespec-records.js";
import { fce } from "../runtime/arith.js";
import { VarScope, envFromTerm } from "../runtime/compiler/env.js";
import { QUOTE_CONTEXT_PLACEHOLDER } from "../runtime/compiler/quote.js";
import { evalQuoted } from "../runtime/compiler/eval.js";
import { linify, nextCounter } from "../runtime/compiler/expand.js";
import { astToTerm, linifyQuoted, termToAst } from "../runtime/compiler/quoted.js";
import { atomName } from "../runtime/term.js";
import { etsHash } from "./ets-hash.js";
import { decode } from "../runtime/dist/etf.js";
import { etfContext } from "../runtime/dist/context.js";
import { bindingFrom, bindingTerm, evalEnv } from "./code-eval.js";

const rtOf = (p: unknown): Runtime => (p as { rt: Runtime }).rt;

function atomArg(t: Term, what = "atom"): string {
  if (t instanceof Atom) return t.name;
  if (t === null || t === true || t === false) return t === null ? "nil" : String(t);
  throw raise("ArgumentError", { message: `expected an ${what}, got: ${inspect(t)}` });
}

// ---- names -------------------------------------------------------------------------------

/** elixir_aliases:concat/1's name: aliases and binaries joined, "Elixir." first. */
export function concat(parts: Term[]): Atom {
  return a(concatName(parts));
}

function concatName(parts: Term[]): string {
  const text = (p: Term): string | null =>
    p instanceof Atom ? p.name : p === true || p === false ? String(p) : typeof p === "string" ? p : p instanceof Bin ? Buffer.from(p.bytes).toString("utf8") : null;
  let i = 0;
  let acc = "Elixir";
  const first = parts.length > 0 && parts[0] !== null ? text(parts[0]) : null;
  if (first !== null && (first === "Elixir" || first.startsWith("Elixir."))) {
    acc = first;
    i = 1;
  }
  for (; i < parts.length; i++) {
    const p = parts[i];
    if (p === null) continue;
    const t = text(p);
    if (t === null) throw fce("elixir_aliases", "do_concat", [list(parts.slice(i)), acc]);
    acc += "." + (t.startsWith("Elixir.") ? t.slice(7) : t.startsWith(".") ? t.slice(1) : t);
  }
  return acc;
}

function listItems(l: Term): Term[] {
  const out: Term[] = [];
  for (; l instanceof Cons; l = l.t) out.push(l.h);
  return out;
}

const RESERVED: [string, string][] = [
  ["after_compile", "A hook that will be invoked right after the current module is compiled."],
  ["after_verify", "A hook that will be invoked right after the current module is verified."],
  ["before_compile", "A hook that will be invoked before the module is compiled."],
  ["behaviour", "Specifies that the current module implements a given behaviour."],
  ["callback", "Provides a specification for a behaviour callback."],
  ["compile", "Defines options for module compilation."],
  ["deprecated", "Provides the deprecation reason for a function."],
  ["derive", "Derives an implementation for the given protocol for the struct defined in the current module."],
  ["dialyzer", "Defines Dialyzer warnings to request or suppress."],
  ["doc", "Provides documentation for a function/macro/callback."],
  ["external_resource", "Specifies an external resource for the current module."],
  ["file", "Changes the filename used in stacktraces for the function or macro that follows the attribute."],
  ["impl", "Declares an implementation of a callback function or macro."],
  ["macrocallback", "Provides a specification for a macro behaviour callback."],
  ["moduledoc", "Provides documentation for the current module."],
  ["on_definition", "A hook that will be invoked when each function or macro in the current module is defined."],
  ["on_load", "A hook that will be invoked whenever the module is loaded."],
  ["opaque", "Defines an opaque type to be used in `@spec`."],
  ["optional_callbacks", "Specifies which behaviour callbacks and macro behaviour callbacks are optional."],
  ["spec", "Provides a specification for a function."],
  ["type", "Defines a type to be used in `@spec`."],
  ["typedoc", "Provides documentation for a type."],
  ["typep", "Defines a private type to be used in `@spec`."],
  ["vsn", "Specify the module version."],
];

function reservedAttributes(): Term {
  return MapTerm.fromPairs(RESERVED.map(([k, doc]) => [a(k), MapTerm.fromPairs([[a("doc"), doc]])] as [Term, Term]));
}

/**
 * Attribute names in the order a select on an ETS set (elixir_module's data table, 256
 * slots) gives them: the walk goes slot by slot and the select prepends, so last slot first.
 */
function inTableOrder(names: string[]): Term {
  const keyed = names.map((n, i) => ({ n, i, slot: etsHash(a(n)) & 255 }));
  keyed.sort((x, y) => y.slot - x.slot || y.i - x.i);
  return list(keyed.map((k) => a(k.n)));
}

/**
 * Evaluates quoted code in the context of a module being built (Module.eval_quoted/4):
 * definitions go to it, the binding comes back.
 */
function evalInModule(module: string, args: Term[], p: unknown): Gen<Term> {
  return (function* (): Gen<Term> {
    const [quoted, binding, envOrOpts] = args;
    const rt = rtOf(p);
    const env = evalEnv(envOrOpts);
    env.module = module;
    env.function = null;
    if (!env.contextModules.includes(module)) env.contextModules = [module, ...env.contextModules];
    const r = yield* evalQuoted(rt, termToAst(quoted), bindingFrom(binding), env, false, true);
    return [r.value, bindingTerm(r.binding.names, r.binding.values)];
  })();
}

/** Module.create/3: the quoted body built as a module, lines missing from it given `line`. */
function* createModule(rt: Runtime, name: string, quoted: Term, opts: Term): Gen<Term> {
  const env = evalEnv(opts);
  // (an env gives its line, as its fields are the options)
  const lineOpt = opts instanceof MapTerm ? opts.get(a("line")) : keywordGet(opts, "line");
  const line = typeof lineOpt === "number" ? lineOpt : 0;
  env.line = line;
  // (elixir_quote:linify_with_context_counter: the line where a node has none, and a fresh
  // counter on its aliases, imports and requires, so an alias the quoted body defines is the
  // one its own aliases name)
  const body = linify(termToAst(quoted), line, name, nextCounter(rt));
  env.vars = new VarScope(null);
  return yield* buildModule(rt, name, body, env, line);
}

function keywordGet(opts: Term, key: string): Term | undefined {
  for (let l = opts; l instanceof Cons; l = l.t) {
    const p = l.h;
    if (Array.isArray(p) && p.length === 2 && p[0] === a(key)) return p[1];
  }
  return undefined;
}

const atomOf = (t: Term): string => atomName(t);

// ---- what module bodies call ---------------------------------------------------------------

const beamshModule: Record<string, NativeFn | ReturnType<typeof generatorCode>> = {
  "concat/1": ([parts]) => concat(listItems(parts)),
  "concat_name/1": ([parts]) => concatName(listItems(parts)),
  "reserved_attributes/0": () => reservedAttributes(),
  "mode/1": ([m], p) => a(moduleMode(rtOf(p), atomOf(m))),
  // the file a module being built is in (relative, as Elixir's attribute warnings name it)
  "file/1": ([m], p) => charlistOf(buildFile(rtOf(p), atomOf(m))),
  "register_attribute/3": ([m, k, opts], p) => registerAttribute(rtOf(p), atomOf(m), atomOf(k), opts),
  "delete_attribute/2": ([m, k], p) => deleteAttribute(rtOf(p), atomOf(m), atomOf(k)),
  "has_attribute?/2": ([m, k], p) => hasAttribute(rtOf(p), atomOf(m), atomOf(k)),
  "attributes_in/1": ([m], p) => inTableOrder(attributesIn(rtOf(p), atomOf(m))),
  "definitions_in/2": ([m, kind], p) => definitionsIn(rtOf(p), atomOf(m), kind === null ? null : atomOf(kind)),
  "defines?/4": ([m, n, ar, kind], p) => definesQ(rtOf(p), atomOf(m), atomOf(n), ar as number, kind === null ? null : atomOf(kind)),
  "get_definition/4": ([m, n, ar, skip], p) => getDefinition(rtOf(p), atomOf(m), atomOf(n), ar as number, skip !== null && skip !== false),
  "delete_definition/3": ([m, n, ar], p) => deleteDefinition(rtOf(p), atomOf(m), atomOf(n), ar as number),
  "make_overridable/2": ([m, spec], p) => makeOverridable(rtOf(p), atomOf(m), spec),
  "overridables_in/1": ([m], p) => overridablesIn(rtOf(p), atomOf(m)),
  "overridable?/3": ([m, n, ar], p) => isOverridable(rtOf(p), atomOf(m), atomOf(n), ar as number),
  "defines_type?/3": ([m, n, ar], p) => definesType(rtOf(p), atomOf(m), atomOf(n), ar as number),
  "spec_to_callback/3": ([m, n, ar], p) => specToCallback(rtOf(p), atomOf(m), atomOf(n), ar as number),
  "add_doc/6": ([m, line, kind, n, ar, doc], p) => addDoc(rtOf(p), atomOf(m), line as number, atomOf(kind), atomOf(n), ar as number, doc),
  "eval_quoted/4": generatorCode("beamsh_module", "eval_quoted", 4, ([m, ...rest], p) => evalInModule(atomOf(m), rest, p)),
  "create/3": generatorCode("beamsh_module", "create", 3, ([m, quoted, opts], p) => createModule(rtOf(p), atomOf(m), quoted, opts)),
  "__compile__/2": generatorCode("beamsh_module", "__compile__", 2, ([key, vars], p) => compileModuleBody(rtOf(p), Number(key), undefined, listToArray(vars) ?? [])),
  "__compile__/3": generatorCode("beamsh_module", "__compile__", 3, ([name, key, vars], p) => compileModuleBody(rtOf(p), Number(key), name, listToArray(vars) ?? [])),
  // A function of a module being built, called as stored so far (Macro.struct!/2 on the
  // module's own __struct__, as elixir_map loads it); undef when it has none.
  "__local__/3": generatorCode("beamsh_module", "__local__", 3, function* ([m, n, args], p): Gen<Term> {
    const xs = listToArray(args) ?? [];
    const code = localFunctionCode(rtOf(p), atomArg(m), atomArg(n), xs.length);
    if (code === null) throw raise("UndefinedFunctionError", { module: m, function: n, arity: xs.length, reason: null, message: null });
    return yield { code, args: xs };
  }),
  "__def__/6": generatorCode("beamsh_module", "__def__", 6, (args, p) => storeDefinition(rtOf(p), args) as Gen<Term>),
  "__put_attribute__/4": ([m, k, v, line], p) => putAttribute(rtOf(p), atomArg(m), atomArg(k), v, typeof line === "number" && line > 0 ? line : undefined),
  // @name value in quoted code: not warned about when unused
  "__put_attribute__/5": ([m, k, v, line], p) => putAttribute(rtOf(p), atomArg(m), atomArg(k), v, typeof line === "number" && line > 0 ? line : undefined, false),
  "__get_attribute__/3": ([m, k, line], p) => getAttribute(rtOf(p), atomArg(m), atomArg(k), typeof line === "number" ? line : null),
  "__defstruct__/3": ([m, fields, line], p) => defstruct(rtOf(p), atomArg(m), fields, false, typeof line === "number" ? line : 0),
  // After defstruct: the @derive whose Any implementation has __deriving__/3 run in Elixir
  // (Protocol.__derive_deferred__/4, prelude/protocol.ex); the struct is defstruct's value.
  "__derive_deferred__/2": ([struct, env], p) => {
    const rt = rtOf(p);
    const module = struct instanceof MapTerm ? struct.get(a("__struct__")) : undefined;
    const b = module instanceof Atom ? compileState(rt).building.get(module.name) : undefined;
    if (b === undefined || b.deferredDerives.length === 0) return struct;
    const deferred = list(b.deferredDerives);
    b.deferredDerives = [];
    return new TailCall(rt.modules.lookup("Elixir.Protocol", "__derive_deferred__", 4)!, [deferred, module, env, struct]);
  },
  "__defexception__/3": ([m, fields, line], p) => defstruct(rtOf(p), atomArg(m), fields, true, typeof line === "number" ? line : 0),
  "__overridable__/2": ([m, spec], p) => {
    makeOverridable(rtOf(p), atomArg(m), spec);
    return a("ok");
  },
  "__static__/1": ([key], p) => compileStatic(rtOf(p), key as number),
  "__protocol_def__/4": ([m, n, ar, line], p) => protocolFunctionDeclared(rtOf(p), atomArg(m), atomArg(n), Number(ar), Number(line)),
  // `@type`...: the typespec as quoted form, its line, what names the environment it is written
  // in, and that environment (__ENV__) when it names a record, whose macro is expanded now
  "__typespec__/6": generatorCode("beamsh_module", "__typespec__", 6, function* ([m, k, spec, line, envKey, caller], p): Gen<Term> {
    const rt = rtOf(p);
    let kept = spec;
    if (caller !== null) {
      const env = envFromTerm(caller)!;
      const x = new Expander(rt, compileState(rt).host, moduleHooks(rt));
      const at = typeof line === "number" ? line : env.line;
      const fail = (description: string) => raise("CompileError", { file: env.file, line: at, description });
      kept = astToTerm(yield* expandRecordTypes(x, termToAst(spec), env, fail));
      for (const w of x.warnings) compileState(rt).warn(w);
    }
    return typespecAttribute(rt, atomArg(m), atomArg(k), kept, line, typeof envKey === "string" ? envKey : new TextDecoder().decode(binBytes(envKey as Bin)));
  }),
  // Code.Typespec's source: `{module, [{kind, quoted, line}], [macro names]}` of the module
  // a `{:module, M, binary, _}` binary stands for, or :error (a module named by atom lives in
  // memory only, with no BEAM file to read, as a module defined in iex or a script).
  // `quote(context: expr, ...)`: the quoted form built with a stand-in atom for the context, put in now
  "__quote_context__/2": ([context, quoted]) => putContext(quoted, a(QUOTE_CONTEXT_PLACEHOLDER), context),
  "__typespecs__/1": ([target], p) => {
    const rt = rtOf(p);
    if (target instanceof Atom || isBinary(target)) {
      // (an object file: the module's from the code path, or the bytes given)
      const def = target instanceof Atom ? rt.modules.get(target.name) : undefined;
      const bytes = isBinary(target) ? binBytes(target) : def === undefined || !def.library ? findObjectFile(rt, (target as Atom).name, codePath({ rt }))?.bytes : undefined;
      const info = bytes === undefined ? null : debugInfoOfObject(rt, bytes);
      if (info !== null) return [a(info.module), info.typespecs, info.macros];
    }
    const beam = isBinary(target) ? beamParts(binBytes(target)) : null;
    if (beam === null) return a("error");
    if (beam.debugInfo !== null) {
      try {
        const [typespecs, macros] = decode(beam.debugInfo, etfContext(rt)).term as Term[];
        return [a(beam.name), typespecs, macros];
      } catch {
        return a("error");
      }
    }
    const def = rt.modules.get(beam.name);
    if (def === undefined || def.typespecs === undefined) return a("error");
    const macros = (def.macros ?? []).map((k) => [a(k.slice(0, k.lastIndexOf("/"))), Number(k.slice(k.lastIndexOf("/") + 1))] as Term);
    return [a(def.name), def.typespecs, list(macros)];
  },
};

/**
 * The module a fakeBeam binary names (its header, then the name's bytes up to a zero), and
 * the debug info after its fixed part when it has one.
 */
function beamParts(bytes: Uint8Array): { name: string; debugInfo: Uint8Array | null } | null {
  const header = [70, 79, 82, 49, 0, 0, 9, 44, 66, 69, 65, 77, 65, 116, 85, 56];
  if (bytes.length < 17 || header.some((x, i) => bytes[i] !== x)) return null;
  let end = 16;
  while (end < bytes.length && bytes[end] !== 0) end++;
  const name = Buffer.from(bytes.subarray(16, end)).toString("latin1");
  const fixed = 64 + (end - 16);
  return { name, debugInfo: bytes.length > fixed ? bytes.subarray(fixed) : null };
}

// ---- quote's run-time helpers ----------------------------------------------------------------

function validateList(l: Term): void {
  if (!(l === NIL || l instanceof Cons)) {
    throw raise("ArgumentError", { message: `expected a list with quoted expressions in unquote_splicing/1, got: ${inspect(l)}` });
  }
}

const elixirQuote: Record<string, NativeFn> = {
  "list/2": ([left, right]) => {
    validateList(left);
    return list(listItems(left), right);
  },
  "tail_list/3": ([left, right, tail]) => {
    validateList(left);
    if ((right === NIL || right instanceof Cons) && (tail === NIL || tail instanceof Cons)) {
      return list([...listItems(tail), ...listItems(left)], right);
    }
    const items = [...listItems(tail), ...listItems(left)];
    const last = items.pop();
    return list([...items, [a("|"), NIL, list([last, right])]]);
  },
  "dot/5": ([meta, left, right, args, context]) => dotCall(meta, left, right, args, context),
  // quote's options given as values known only when it runs (`quote(context: ctx, do: ...)`)
  "validate_runtime/2": ([key, value]) => {
    const k = key instanceof Atom ? key.name : "";
    const valid = k === "line" ? typeof value === "number" || typeof value === "bigint"
      : k === "file" ? isBinary(value)
      : k === "context" ? value instanceof Atom || value === true || value === false
      : value === true || value === false;
    if (valid) return value;
    throw raise("ArgumentError", { message: `invalid runtime value for option :${k} in quote, got: ${inspect(value)}` });
  },
};

/** The atom a quote stands in for its context given at run time (see QUOTE_CONTEXT_PLACEHOLDER). */
function putContext(t: Term, from: Atom, to: Term): Term {
  if (t === from) return to;
  if (Array.isArray(t)) return t.map((x) => putContext(x, from, to));
  if (t instanceof Cons) {
    const items: Term[] = [];
    let l: Term = t;
    for (; l instanceof Cons; l = l.t) items.push(putContext(l.h, from, to));
    return list(items, putContext(l, from, to));
  }
  return t;
}

function dotCall(meta: Term, left: Term, right: Term, args: Term, context: Term): Term {
  void context;
  const noParens = new Cons([a("no_parens"), true], meta);
  if (args === null) {
    if (Array.isArray(right) && right[0] === a("__aliases__")) return [a("__aliases__"), meta, new Cons(left, right[2])];
    if (right instanceof Atom) {
      if (right.name.startsWith("Elixir.")) return [a("__aliases__"), meta, list([left, right])];
      return [[a("."), meta, list([left, right])], noParens, NIL];
    }
    if (Array.isArray(right) && right[0] instanceof Atom && (right[2] instanceof Atom || right[2] === null)) {
      return [[a("."), meta, list([left, right[0]])], noParens, NIL];
    }
    if (Array.isArray(right) && right[0] instanceof Atom) return [[a("."), meta, list([left, right[0]])], meta, right[2]];
    throw raise("ArgumentError", { message: `expected unquote after dot to return an atom, an alias or a quoted call, got: ${inspect(right)}` });
  }
  if (right instanceof Atom) return [[a("."), meta, list([left, right])], meta, args];
  if (Array.isArray(right) && right[0] instanceof Atom && (right[2] instanceof Atom || right[2] === null)) {
    return [[a("."), meta, list([left, right[0]])], meta, args];
  }
  throw raise("ArgumentError", { message: `expected unquote after dot with args to return an atom or a quoted call, got: ${inspect(right)}` });
}

export const natives: NativeModule[] = [
  { module: "beamsh_module", fns: beamshModule },
  { module: "elixir_quote", fns: elixirQuote },
];
