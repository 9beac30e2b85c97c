// Code's evaluation and parsing functions: eval_string/1,2,3, eval_quoted/1,2,3,
// string_to_quoted/1,2 and string_to_quoted!/1,2. Evaluation goes through the compiler's
// evalQuoted in the calling process (macros run there, modules defined by the code are
// installed), exactly as the shell evaluates an input.
import type { Code, NativeFn } from "../runtime/code.js";
import type { Ast } from "../lang/ast.js";
import { parse, ParseError } from "../lang/parser.js";
import { fce } from "../runtime/arith.js";
import { XEnv, counterKey, counterOfKey, envFromTerm, topEnv } from "../runtime/compiler/env.js";
import { evalQuoted } from "../runtime/compiler/eval.js";
import { compileState } from "../runtime/compiler/module-build.js";
import { fakeBeam } from "../runtime/compiler/module.js";
import { astToTerm, termToAst } from "../runtime/compiler/quoted.js";
import { raise } from "../runtime/errors.js";
import { Gen, generatorCode } from "../runtime/generator-code.js";
import type { NativeModule } from "../runtime/library.js";
import type { Runtime } from "../runtime/runtime.js";
import { MapTerm } from "../runtime/map.js";
import { Atom, Bin, Cons, NIL, Term, a, atomName, list } from "../runtime/term.js";
import { bytesToString } from "../lang/unescape.js";
import { docModules } from "./docs/index.js";
import { elixirLocation } from "./clause-blame.js";

function keyword(opts: Term, key: string): Term | undefined {
  for (let l = opts; l instanceof Cons; l = l.t) {
    const p = l.h;
    if (Array.isArray(p) && p.length === 2 && p[0] === a(key)) return p[1];
  }
  return undefined;
}

function sourceText(fun: string, t: Term, args: Term[]): string {
  if (typeof t === "string") return t;
  if (t instanceof Bin && t.bits === 0) return bytesToString(t.bytes);
  // A charlist is accepted too (Elixir calls to_string/1 on it).
  if (t === NIL || t instanceof Cons) {
    let s = "";
    for (let l: Term = t; l instanceof Cons; l = l.t) {
      if (typeof l.h !== "number") throw fce("Elixir.Code", fun, args);
      s += String.fromCodePoint(l.h);
    }
    return s;
  }
  throw fce("Elixir.Code", fun, args);
}

/** The exception a parse error raises (SyntaxError, TokenMissingError, ...). */
function parseException(e: ParseError, frames: Term[] = []): ReturnType<typeof raise> {
  const lineText = e.source.split("\n")[e.line - e.startLine];
  const snippet = e.wantsSnippet && e.showColumn && lineText !== undefined && lineText.trim() !== ""
    ? MapTerm.fromPairs([[a("content"), lineText], [a("offset"), e.snippetOffset()]])
    : null;
  const err = raise(e.kind, { file: e.file, line: e.line, column: e.showColumn ? e.column : null, snippet, description: e.description });
  // Elixir's parser raises from its own code: what iex shows is these frames only.
  err.stacktrace = list(frames);
  err.traced = true;
  return err;
}

function parseSource(src: string, opts: Term): Ast {
  const file = keyword(opts, "file");
  const line = keyword(opts, "line");
  try {
    return parse(src, { file: typeof file === "string" ? file : "nofile", line: typeof line === "number" ? line : 1 });
  } catch (e) {
    if (e instanceof ParseError) throw parseException(e, [[a("Elixir.Code"), a("validated_eval_string"), 3, list([[a("file"), charlist("lib/code.ex")], [a("line"), 421]])]]);
    throw e;
  }
}

const charlist = (s: string): Term => list(Array.from(s, (c) => c.codePointAt(0)!));

/** The environment from eval's third argument: a %Macro.Env{} or options (file, line). */
function evalEnv(opts: Term): XEnv {
  const fromEnv = envFromTerm(opts);
  if (fromEnv !== null) return fromEnv;
  const file = keyword(opts, "file");
  const env = topEnv(typeof file === "string" ? file : "nofile", false);
  const line = keyword(opts, "line");
  env.line = typeof line === "number" ? line : 1;
  return env;
}

/** A binding keyword list as names and values (later duplicates are dropped, as Elixir does). */
function bindingFrom(t: Term): { names: string[]; values: Term[] } {
  const names: string[] = [];
  const values: Term[] = [];
  for (let l = t; l instanceof Cons; l = l.t) {
    const p = l.h;
    if (!Array.isArray(p) || p.length !== 2) continue;
    const k = p[0];
    let name: string | null = null;
    if (k instanceof Atom) name = k.name;
    else if (Array.isArray(k) && k.length === 2 && k[0] instanceof Atom) {
      // {name, context} keys: a hygienic variable of that context.
      name = k[1] === null ? k[0].name : `${k[0].name}\0${counterKey(k[1]) ?? atomName(k[1])}`;
    }
    if (name === null || names.includes(name)) continue;
    names.push(name);
    values.push(p[1]);
  }
  return { names, values };
}

/** The binding Elixir 1.14 gives back: every variable, names in descending order. */
function bindingTerm(names: string[], values: Term[]): Term {
  const pairs: [string, Term][] = names.map((n, i) => [n, values[i]]);
  const key = (n: string): Term => {
    const i = n.indexOf("\0");
    if (i < 0) return a(n);
    const ctx = n.slice(i + 1);
    return [a(n.slice(0, i)), counterOfKey(ctx) ?? a(ctx)];
  };
  pairs.sort((x, y) => (x[0] < y[0] ? 1 : x[0] > y[0] ? -1 : 0));
  return list(pairs.map(([n, v]) => [key(n), v]));
}

function evaluator(fun: string, arity: number, toAst: (args: Term[]) => Ast): Code {
  return generatorCode("Elixir.Code", fun, arity, function* (args, p): Gen<Term> {
    const ast = toAst(args);
    const binding = arity >= 2 ? args[1] : NIL;
    if (!(binding === NIL || binding instanceof Cons || binding instanceof MapTerm)) throw fce("Elixir.Code", fun, args);
    const b = bindingFrom(binding instanceof MapTerm ? list([...binding.entries.values()].map(([k, v]) => [k, v])) : binding);
    const env = evalEnv(arity >= 3 ? args[2] : NIL);
    const r = yield* evalQuoted((p as unknown as { rt: Runtime }).rt, ast, b, env);
    return [r.value, bindingTerm(r.binding.names, r.binding.values)];
  });
}

function quotedResult(fun: string, args: Term[], bang: boolean): Term {
  const src = sourceText(fun, args[0], args);
  const opts = args[1] ?? NIL;
  const columns = keyword(opts, "columns") === true;
  try {
    const file = keyword(opts, "file");
    const line = keyword(opts, "line");
    const column = keyword(opts, "column");
    const ast = parse(src, { file: typeof file === "string" ? file : "nofile", line: typeof line === "number" ? line : 1, column: typeof column === "number" ? column : 1 });
    const t = astToTerm(ast, { columns });
    return bang ? t : [a("ok"), t];
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    if (bang) {
      // Raised for the caller: its stack shows where string_to_quoted! was called from.
      const err = parseException(e);
      err.stacktrace = null;
      err.traced = false;
      err.forCaller = true;
      throw err;
    }
    const meta = list([[a("line"), e.line], [a("column"), e.column]]);
    const [prefix, token] = e.raw ?? [e.description, ""];
    return [a("error"), [meta, prefix, token]];
  }
}

/**
 * Code.compile_string/1,2 and compile_quoted/1,2: the code runs as a file elixirc compiles
 * would (top-level expressions too); the result is `{module, bytecode}` for each module it
 * defined, in the order their definitions completed (a nested module before its parent).
 */
function compiler(fun: string, arity: number, toAst: (args: Term[], file: string) => Ast): Code {
  return generatorCode("Elixir.Code", fun, arity, function* (args, p): Gen<Term> {
    const fileArg = arity === 2 ? args[1] : "nofile";
    if (typeof fileArg !== "string") throw fce("Elixir.Code", fun, args);
    const ast = toAst(args, fileArg);
    const rt = (p as unknown as { rt: Runtime }).rt;
    const s = compileState(rt);
    const before = s.defined.length;
    yield* evalQuoted(rt, ast, { names: [], values: [] }, topEnv(fileArg, false));
    const names = [...new Set(s.defined.slice(before))];
    return list(names.map((n) => [a(n), fakeBeam(n)]));
  });
}

function parseFile(src: string, file: string): Ast {
  try {
    return parse(src, { file, line: 1 });
  } catch (e) {
    if (e instanceof ParseError) throw parseException(e);
    throw e;
  }
}

/**
 * Code.fetch_docs/1. A module compiled here (in memory, like one defined in iex or a
 * script) has no BEAM file to read docs from: {:error, :module_not_found}, as in Elixir.
 * The library's modules give beamsh's own doc text (what h/1 shows) as a docs_v1 chunk;
 * a library module without docs (Erlang's) {:error, :chunk_not_found}.
 */
function fetchDocs(args: Term[], rt: Runtime): Term {
  const [m] = args;
  if (typeof m === "string" || m instanceof Bin) return [a("error"), a("module_not_found")];
  if (!(m instanceof Atom)) throw fce("Elixir.Code", "fetch_docs", args);
  const def = rt.modules.get(m.name);
  if (def === undefined || def.library !== true) return [a("error"), a("module_not_found")];
  const doc = docModules().get(m.name);
  if (doc === undefined) return [a("error"), a("chunk_not_found")];
  const en = (text: string): Term => MapTerm.fromPairs([["en", text]]);
  const entries = doc.functions.map((f) => {
    const arity = f.arities[f.arities.length - 1];
    const kind = a(f.kind === "defmacro" ? "macro" : "function");
    const line = elixirLocation(m, a(f.name), arity)?.[1] ?? 0;
    const defaults = f.arities.length - 1;
    const meta = defaults > 0 ? MapTerm.fromPairs([[a("defaults"), defaults]]) : MapTerm.fromPairs([]);
    return [[kind, a(f.name), arity], line, list([f.signature]), f.doc === "" ? a("none") : en(f.doc), meta] as Term;
  });
  const key = (e: Term): string => {
    const [k] = e as Term[];
    const [kind, name, arity] = k as [Atom, Atom, number];
    return `${kind.name}\0${name.name}\0${String(arity).padStart(4, "0")}`;
  };
  entries.sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
  return [a("docs_v1"), 0, a("elixir"), "text/markdown", doc.moduledoc === "" ? a("none") : en(doc.moduledoc), MapTerm.fromPairs([]), list(entries)];
}

const code: Record<string, NativeFn | Code> = {
  "fetch_docs/1": (args, p) => fetchDocs(args, (p as unknown as { rt: Runtime }).rt),
  "compile_string/1": compiler("compile_string", 1, (args, file) => parseFile(sourceText("compile_string", args[0], args), file)),
  "compile_string/2": compiler("compile_string", 2, (args, file) => parseFile(sourceText("compile_string", args[0], args), file)),
  "compile_quoted/1": compiler("compile_quoted", 1, (args) => termToAst(args[0])),
  "compile_quoted/2": compiler("compile_quoted", 2, (args) => termToAst(args[0])),
  "eval_string/1": evaluator("eval_string", 1, (args) => parseSource(sourceText("eval_string", args[0], args), NIL)),
  "eval_string/2": evaluator("eval_string", 2, (args) => parseSource(sourceText("eval_string", args[0], args), NIL)),
  "eval_string/3": evaluator("eval_string", 3, (args) => parseSource(sourceText("eval_string", args[0], args), envFromTerm(args[2]) === null ? args[2] : NIL)),
  "eval_quoted/1": evaluator("eval_quoted", 1, (args) => termToAst(args[0])),
  "eval_quoted/2": evaluator("eval_quoted", 2, (args) => termToAst(args[0])),
  "eval_quoted/3": evaluator("eval_quoted", 3, (args) => termToAst(args[0])),
  "string_to_quoted/1": (args) => quotedResult("string_to_quoted", args, false),
  "string_to_quoted/2": (args) => quotedResult("string_to_quoted", args, false),
  "string_to_quoted!/1": (args) => quotedResult("string_to_quoted!", args, true),
  "string_to_quoted!/2": (args) => quotedResult("string_to_quoted!", args, true),
};

export const natives: NativeModule[] = [{ module: "Elixir.Code", fns: code }];
