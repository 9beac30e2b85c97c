// Module (the functions code uses at compile time: attributes, definitions, names), and
// the calls that module bodies are expanded into (:beamsh_module, standing in for
// :elixir_module / :elixir_def), and quote's run-time helpers (:elixir_quote).
import type { NativeFn } from "../runtime/code.js";
import { raise } from "../runtime/errors.js";
import { Gen, generatorCode } from "../runtime/generator-code.js";
import type { NativeModule } from "../runtime/library.js";
import { MapTerm } from "../runtime/map.js";
import type { Runtime } from "../runtime/runtime.js";
import { Atom, Bin, Cons, NIL, Term, a, binBytes, isBinary, list } from "../runtime/term.js";
import { inspect } from "../runtime/inspect.js";
import {
  compileModuleBody, compileStatic, definesQ, definitionsIn, defstruct, deleteAttribute, getAttribute, isBuilding, makeOverridable,
  putAttribute, registerAttribute, storeDefinition, typespecAttribute,
} from "../runtime/compiler/module-build.js";

const rtOf = (p: unknown): Runtime => (p as { rt: Runtime }).rt;

function atomArg(t: Term, what = "atom"): string {
  if (t instanceof Atom) return t.name;
  if (t === null || t === true || t === false) return t === null ? "nil" : String(t);
  throw raise("ArgumentError", { message: `expected an ${what}, got: ${inspect(t)}` });
}

// ---- names -------------------------------------------------------------------------------

/** elixir_aliases:concat/1: aliases and binaries joined into one module name. */
export function concat(parts: Term[]): Atom {
  const names: string[] = [];
  for (const p of parts) {
    if (p === null) continue;
    let s: string;
    if (p instanceof Atom || p === true || p === false) s = atomArg(p);
    else if (typeof p === "string") s = p;
    else if (p instanceof Bin) s = Buffer.from(p.bytes).toString("latin1");
    else throw raise("ArgumentError", { message: `expected an alias or a binary, got: ${inspect(p)}` });
    if (s.startsWith("Elixir.")) s = s.slice(7);
    else if (s === "Elixir") continue;
    if (s !== "") names.push(s);
  }
  return a(["Elixir", ...names].join("."));
}

function listItems(l: Term): Term[] {
  const out: Term[] = [];
  for (; l instanceof Cons; l = l.t) out.push(l.h);
  return out;
}

function split(mod: Term): Term {
  let s = typeof mod === "string" ? mod : mod instanceof Atom ? mod.name : null;
  if (s === null || !s.startsWith("Elixir.")) throw raise("ArgumentError", { message: `expected an Elixir module, got: ${inspect(mod)}` });
  s = s.slice(7);
  return list(s.split("."));
}

function safeConcat(rt: Runtime, parts: Term[]): Atom {
  const m = concat(parts);
  if (!rt.modules.has(m.name)) throw raise("ArgumentError", { message: `argument error` });
  return m;
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

// ---- Module ------------------------------------------------------------------------------

const module: Record<string, NativeFn> = {
  "concat/1": ([parts]) => concat(listItems(parts)),
  "concat/2": ([x, y]) => concat([x, y]),
  "safe_concat/1": ([parts], p) => safeConcat(rtOf(p), listItems(parts)),
  "safe_concat/2": ([x, y], p) => safeConcat(rtOf(p), [x, y]),
  "split/1": ([m]) => split(m),
  "reserved_attributes/0": () => reservedAttributes(),
  "open?/1": ([m], p) => isBuilding(rtOf(p), atomArg(m)),
  "put_attribute/3": ([m, k, v], p) => putAttribute(rtOf(p), atomArg(m), atomArg(k), v),
  "get_attribute/2": ([m, k], p) => getAttribute(rtOf(p), atomArg(m), atomArg(k), null),
  "get_attribute/3": ([m, k, d], p) => {
    const rt = rtOf(p);
    const v = getAttribute(rt, atomArg(m), atomArg(k), null);
    return v === null && !hasAttribute(rt, m, k) ? d : v;
  },
  "has_attribute?/2": ([m, k], p) => hasAttribute(rtOf(p), m, k),
  "delete_attribute/2": ([m, k], p) => deleteAttribute(rtOf(p), atomArg(m), atomArg(k)),
  "register_attribute/3": ([m, k, opts], p) => registerAttribute(rtOf(p), atomArg(m), atomArg(k), opts),
  "definitions_in/1": ([m], p) => definitionsIn(rtOf(p), atomArg(m), null),
  "definitions_in/2": ([m, kind], p) => definitionsIn(rtOf(p), atomArg(m), atomArg(kind)),
  "defines?/2": ([m, [n, ar]], p) => definesQ(rtOf(p), atomArg(m), atomArg(n), ar as number, null),
  "defines?/3": ([m, [n, ar], kind], p) => definesQ(rtOf(p), atomArg(m), atomArg(n), ar as number, atomArg(kind)),
  "make_overridable/2": ([m, spec], p) => makeOverridable(rtOf(p), atomArg(m), spec),
};

function hasAttribute(rt: Runtime, m: Term, k: Term): boolean {
  const v = getAttribute(rt, atomArg(m), atomArg(k), null);
  return v !== null;
}

// ---- what module bodies call ---------------------------------------------------------------

const beamshModule: Record<string, NativeFn | ReturnType<typeof generatorCode>> = {
  "__compile__/1": generatorCode("beamsh_module", "__compile__", 1, ([key], p) => compileModuleBody(rtOf(p), key as number)),
  "__compile__/2": generatorCode("beamsh_module", "__compile__", 2, ([name, key], p) => compileModuleBody(rtOf(p), Number(key), name)),
  "__def__/6": generatorCode("beamsh_module", "__def__", 6, (args, p) => storeDefinition(rtOf(p), args) as Gen<Term>),
  "__put_attribute__/4": ([m, k, v, line], p) => putAttribute(rtOf(p), atomArg(m), atomArg(k), v, typeof line === "number" && line > 0 ? line : undefined),
  "__get_attribute__/3": ([m, k, line], p) => getAttribute(rtOf(p), atomArg(m), atomArg(k), line as number),
  "__defstruct__/3": ([m, fields], p) => defstruct(rtOf(p), atomArg(m), fields, false),
  "__defexception__/3": ([m, fields], p) => defstruct(rtOf(p), atomArg(m), fields, true),
  "__overridable__/2": ([m, spec], p) => {
    makeOverridable(rtOf(p), atomArg(m), spec);
    return a("ok");
  },
  "__static__/1": ([key], p) => compileStatic(rtOf(p), key as number),
  "__typespec__/4": ([m, k, spec, line], p) => typespecAttribute(rtOf(p), atomArg(m), atomArg(k), spec, line),
  // Code.Typespec's source: `{module, [{kind, quoted, line}], [macro names]}` of the module
  // a `{:module, M, binary, _}` binary stands for, or :error (a module named by atom lives in
  // memory only, with no BEAM file to read, as a module defined in iex or a script).
  "__typespecs__/1": ([target], p) => {
    const rt = rtOf(p);
    const name = isBinary(target) ? beamModuleName(binBytes(target)) : null;
    const def = name === null ? undefined : rt.modules.get(name);
    if (def === undefined || def.typespecs === undefined) return a("error");
    const macros = (def.macros ?? []).map((k) => [a(k.slice(0, k.lastIndexOf("/"))), Number(k.slice(k.lastIndexOf("/") + 1))] as Term);
    return [a(def.name), def.typespecs, list(macros)];
  },
};

/** The module a fakeBeam binary names (its header, then the name's bytes up to a zero). */
function beamModuleName(bytes: Uint8Array): string | null {
  const header = [70, 79, 82, 49, 0, 0, 9, 44, 66, 69, 65, 77, 65, 116, 85, 56];
  if (bytes.length < 17 || header.some((x, i) => bytes[i] !== x)) return null;
  let end = 16;
  while (end < bytes.length && bytes[end] !== 0) end++;
  return Buffer.from(bytes.subarray(16, end)).toString("latin1");
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
};

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
  { module: "Elixir.Module", fns: module },
  { module: "beamsh_module", fns: beamshModule },
  { module: "elixir_quote", fns: elixirQuote },
];
