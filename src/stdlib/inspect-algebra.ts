// Inspect.Algebra's document builders and renderer, Inspect.Opts, and the documents of the
// built-in types (what the library's Inspect implementations return). Documents are the
// Elixir terms Elixir 1.14 builds ({:doc_cons, left, right}, ...); the functions that take
// a function (container_doc/6, fold_doc/2) and to_doc/2's handling of a user's
// implementation are in the prelude (inspect/algebra.ex).
import type { NativeFn } from "../runtime/code.js";
import { TailCall } from "../runtime/calls.js";
import { Doc, docFromTerm, docToTerm, formatParts, isDocTerm } from "../runtime/algebra.js";
import { fce } from "../runtime/arith.js";
import { raise } from "../runtime/errors.js";
import { graphemeLength } from "../runtime/graphemes.js";
import {
  defaultOptsFields, defaultStructDoc, hiddenFieldsDoc, inspectPlainMap, inspectStructFields, isKeyword, keywordItem,
  defaultInspectFun, implDoc, optsFromTerm, optsStruct, setDefaultInspectFun, toDoc,
} from "../runtime/inspect.js";
import { MapTerm } from "../runtime/map.js";
import { Fun } from "../runtime/fun.js";
import type { Runtime } from "../runtime/runtime.js";
import { Atom, Bin, Cons, NIL, Term, a, binBytes, list } from "../runtime/term.js";

const ALGEBRA = "Elixir.Inspect.Algebra";
const STRUCT = a("__struct__");
const OPTS = a("Elixir.Inspect.Opts");
const DOC_NIL = a("doc_nil");
const INFINITY = a("infinity");

const fail = (fun: string, args: Term[]) => fce(ALGEBRA, fun, args);
const is = (x: Term, ...names: string[]): boolean => x instanceof Atom && names.includes(x.name);
const isBinary = (x: Term): boolean => typeof x === "string" || (x instanceof Bin && x.bits === 0);
const cons = (l: Term, r: Term): Term => [a("doc_cons"), l, r];

/** A native whose arguments must all be documents (the is_doc/1 guard). */
function docs(fun: string, build: (args: Term[]) => Term): NativeFn {
  return (args) => {
    if (!args.every(isDocTerm)) throw fail(fun, args);
    return build(args);
  };
}

function isOpts(t: Term): t is MapTerm {
  return t instanceof MapTerm && t.get(STRUCT) === OPTS;
}

function nest(args: Term[]): Term {
  const [doc, level, mode = a("always")] = args;
  if (!isDocTerm(doc) || !is(mode, "always", "break")) throw fail("nest", args);
  if (is(level, "cursor", "reset")) return [a("doc_nest"), doc, level, mode];
  if (level === 0) return doc;
  if (typeof level !== "number" || level < 0) throw fail("nest", args);
  return [a("doc_nest"), doc, level, mode];
}

function breakDoc(fun: string, mode: string): NativeFn {
  return (args) => {
    const s = args.length === 0 ? " " : args[0];
    if (!isBinary(s)) throw fail(fun, args);
    return [a("doc_break"), s, a(mode)];
  };
}

/** glue/2,3 and flex_glue/2,3: `doc1 <break> doc2`. */
function glue(fun: string, mode: string): NativeFn {
  return (args) => {
    const [d1, s, d2] = args.length === 2 ? [args[0], " ", args[1]] : args;
    if (!isBinary(s)) throw fail(fun, args);
    return cons(d1, cons([a("doc_break"), s, a(mode)], d2));
  };
}

/** Keyword.get/3 on a keyword list. */
function kwGet(kw: Term, key: Term, dflt: Term): Term {
  for (let l = kw; l instanceof Cons; l = l.t) {
    const p = l.h;
    if (Array.isArray(p) && p.length === 2 && p[0] === key) return p[1];
  }
  return dflt;
}

/** concat/1: folded from the right, as fold_doc/2 does. */
function concatList(args: Term[]): Term {
  const items: Term[] = [];
  let l = args[0];
  for (; l instanceof Cons; l = l.t) items.push(l.h);
  if (l !== NIL) throw fail("concat", args);
  if (items.length === 0) return DOC_NIL;
  let acc = items[items.length - 1];
  for (let i = items.length - 2; i >= 0; i--) {
    if (!isDocTerm(items[i]) || !isDocTerm(acc)) throw fail("concat", [items[i], acc]);
    acc = cons(items[i], acc);
  }
  return acc;
}

const width = (t: Term): number | null => (t === INFINITY ? Infinity : typeof t === "number" && t >= 0 ? t : null);

/** The document of a value as the library's own Inspect implementations build it. */
function nativeDoc(t: Term, opts: Term): Doc {
  const o = optsFromTerm(opts as MapTerm);
  const mod = t instanceof MapTerm ? t.get(STRUCT) : undefined;
  if (mod instanceof Atom && o.structs) return defaultStructDoc(t as MapTerm, mod, o);
  return implDoc(t, o);
}

const DEFAULT_FUN: Term = defaultOptsFields().find(([k]) => k === "inspect_fun")![1];

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: ALGEBRA,
  fns: {
    "empty/0": () => DOC_NIL,
    "line/0": () => a("doc_line"),
    "line/2": docs("line", ([x, y]) => cons(x, cons(a("doc_line"), y))),
    "string/1": (args) => {
      const [s] = args;
      if (!isBinary(s)) throw fail("string", args);
      const text = typeof s === "string" ? s : new TextDecoder("utf-8", { ignoreBOM: true }).decode(binBytes(s));
      return [a("doc_string"), s, graphemeLength(text)];
    },
    "concat/2": docs("concat", ([x, y]) => cons(x, y)),
    "concat/1": concatList,
    "space/2": docs("space", ([x, y]) => cons(x, cons(" ", y))),
    "no_limit/1": docs("no_limit", ([d]) => [a("doc_limit"), d, INFINITY]),
    "force_unfit/1": docs("force_unfit", ([d]) => [a("doc_force"), d]),
    "group/1": docs("group", ([d]) => [a("doc_group"), d, a("self")]),
    "group/2": (args) => {
      const [d, mode] = args;
      if (!isDocTerm(d) || !is(mode, "self", "inherit")) throw fail("group", args);
      return [a("doc_group"), d, mode];
    },
    "next_break_fits/1": docs("next_break_fits", ([d]) => [a("doc_fits"), d, a("enabled")]),
    "next_break_fits/2": (args) => {
      const [d, mode] = args;
      if (!isDocTerm(d) || !is(mode, "enabled", "disabled")) throw fail("next_break_fits", args);
      return [a("doc_fits"), d, mode];
    },
    "collapse_lines/1": (args) => {
      const [n] = args;
      if (typeof n !== "number" || n <= 0) throw fail("collapse_lines", args);
      return [a("doc_collapse"), n];
    },
    "nest/2": nest,
    "nest/3": nest,
    "break/0": breakDoc("break", "strict"),
    "break/1": breakDoc("break", "strict"),
    "flex_break/0": breakDoc("flex_break", "flex"),
    "flex_break/1": breakDoc("flex_break", "flex"),
    "glue/2": glue("glue", "strict"),
    "glue/3": glue("glue", "strict"),
    "flex_glue/2": glue("flex_glue", "flex"),
    "flex_glue/3": glue("flex_glue", "flex"),
    "color/3": (args) => {
      const [doc, key, opts] = args;
      if (!isDocTerm(doc) || !isOpts(opts)) throw fail("color", args);
      const colors = opts.get(a("syntax_colors")) ?? NIL;
      const pre = kwGet(colors, key, null);
      if (pre === null || pre === false) return doc;
      const post = kwGet(colors, a("reset"), a("reset"));
      return cons([a("doc_color"), doc, pre], [a("doc_color"), DOC_NIL, post]);
    },
    "surround/3": docs("surround", ([l, d, r]) => cons(cons(l, [a("doc_nest"), d, 1, a("always")]), r)),
    "format/2": (args) => {
      const [doc, w] = args;
      const cols = width(w);
      if (!isDocTerm(doc) || cols === null) throw fail("format", args);
      return list(formatParts(docFromTerm(doc), cols));
    },
    "to_doc/2": (args, p) => {
      const [t, opts] = args;
      if (!isOpts(opts)) throw fail("to_doc", args);
      // A custom inspect function is Elixir code: Elixir's to_doc/2 calls it.
      if (!sameFun(opts.get(a("inspect_fun")), DEFAULT_FUN)) {
        const code = (p.rt as Runtime).modules.lookup(ALGEBRA, "__to_doc__", 2);
        if (code !== null) return new TailCall(code, [t, opts]);
      }
      return docToTerm(toDoc(t, optsFromTerm(opts)));
    },
    "__native_doc__/2": ([t, opts]) => docToTerm(nativeDoc(t, opts)),
    "__map_doc__/2": ([m, opts]) => docToTerm(inspectPlainMap(m as MapTerm, optsFromTerm(opts as MapTerm))),
  },
};

function sameFun(x: Term, y: Term): boolean {
  return x !== null && y !== null && typeof x === "object" && typeof y === "object" && x.module === y.module && x.name === y.name && x.arity === y.arity;
}

export const optsNatives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.Inspect.Opts",
  fns: {
    "__struct__/0": () => optsStruct(NIL, false),
    "__struct__/1": ([kv]) => optsStruct(kv, false),
    "new/1": ([kv]) => optsStruct(kv, true),
    "default_inspect_fun/0": (_, p) => defaultInspectFun(p.rt as Runtime),
    "default_inspect_fun/1": (args, p) => {
      const [fun] = args;
      if (!(fun instanceof Fun) || fun.arity !== 2) throw fce("Elixir.Inspect.Opts", "default_inspect_fun", args);
      setDefaultInspectFun(p.rt as Runtime, fun);
      return a("ok");
    },
  },
};

/** The fields named by a list of %{field: name} infos (as __info__(:struct) gives them). */
function infoFields(infos: Term, fun: string, args: Term[], mod: string): string[] {
  const out: string[] = [];
  for (let l = infos; l instanceof Cons; l = l.t) {
    const f = l.h instanceof MapTerm ? l.h.get(a("field")) : undefined;
    if (!(f instanceof Atom)) throw fce(mod, fun, args);
    out.push(f.name);
  }
  return out;
}

const text = (t: Term): string => (typeof t === "string" ? t : new TextDecoder("utf-8", { ignoreBOM: true }).decode(binBytes(t)));

/** Inspect.List's keyword helpers and the inspect/4 of Inspect.Map and Inspect.Any (used by derivations). */
export const implNatives: { module: string; fns: Record<string, NativeFn> }[] = [
  {
    module: "Elixir.Inspect.List",
    fns: {
      "keyword/2": (args) => {
        const [pair, opts] = args;
        if (!Array.isArray(pair) || pair.length !== 2 || !isOpts(opts)) throw fce("Elixir.Inspect.List", "keyword", args);
        return docToTerm(keywordItem(pair, optsFromTerm(opts)));
      },
      "keyword?/1": ([l]) => {
        const items: Term[] = [];
        let x = l;
        for (; x instanceof Cons; x = x.t) items.push(x.h);
        return x === NIL && isKeyword(items);
      },
    },
  },
  {
    module: "Elixir.Inspect.Map",
    fns: {
      "inspect/4": (args) => {
        const [map, name, infos, opts] = args;
        if (!(map instanceof MapTerm) || !isBinary(name) || !isOpts(opts)) throw fce("Elixir.Inspect.Map", "inspect", args);
        return docToTerm(inspectStructFields(map, text(name), infoFields(infos, "inspect", args, "Elixir.Inspect.Map"), optsFromTerm(opts)));
      },
    },
  },
  {
    module: "Elixir.Inspect.Any",
    fns: {
      "inspect/4": (args) => {
        const [map, name, infos, opts] = args;
        if (!(map instanceof MapTerm) || !isBinary(name) || !isOpts(opts)) throw fce("Elixir.Inspect.Any", "inspect", args);
        const fields = infoFields(infos, "inspect", args, "Elixir.Inspect.Any");
        return docToTerm(hiddenFieldsDoc(map, text(name), fields, optsFromTerm(opts)));
      },
    },
  },
];
