// Code's evaluation and parsing functions: eval_string/1,2,3, eval_quoted/1,2,3,
// string_to_quoted/1,2 and string_to_quoted!/1,2. Evaluation goes through the compiler's
// evalQuoted in the calling process (macros run there, modules defined by the code are
// installed), exactly as the shell evaluates an input.
import type { Code, NativeFn } from "../runtime/code.js";
import type { Ast, AstNode } from "../lang/ast.js";
import { isTupleAst } from "../lang/ast.js";
import { ParseWarning, formatParseWarning, parse, ParseError } from "../lang/parser.js";
import { parseError } from "../lang/syntax-error.js";
import { AtomSlot, atomSlot } from "../lang/lexer.js";
import type { SourceComment } from "../lang/token.js";
import { fce } from "../runtime/arith.js";
import { VarScope, XEnv, counterKey, counterOfKey, envFromTerm, envToTerm, fileEnv, topEnv } from "../runtime/compiler/env.js";
import { evalFile, evalQuoted } from "../runtime/compiler/eval.js";
import { compileState, moduleBeam } from "../runtime/compiler/module-build.js";
import { astToTerm, linifyQuoted, metaToTerm, termToAst } from "../runtime/compiler/quoted.js";
import { raise } from "../runtime/errors.js";
import { Gen, apply, generatorCode, runSync } from "../runtime/generator-code.js";
import { TailCall } from "../runtime/calls.js";
import type { NativeModule } from "../runtime/library.js";
import type { Runtime } from "../runtime/runtime.js";
import { MapTerm } from "../runtime/map.js";
import { Atom, Bin, Cons, NIL, Pid, Term, a, atomName, binBytes, binFromBytes, list, listToArray } from "../runtime/term.js";
import { docsOfObject, findObjectFile } from "./object-file.js";
import { codePath } from "./code-loading.js";
import { Fun } from "../runtime/fun.js";
import { bytesToString } from "../lang/unescape.js";
import { INCOMPLETE, VALID, scanEnd, scanUtf8 } from "../runtime/utf8.js";
import { inspect } from "../runtime/inspect.js";

import { docModules } from "./docs/index.js";
import { elixirLocation } from "./clause-blame.js";
import { cwdOf } from "./file.js";
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { resolve as resolvePath } from "node:path";
import { relativeToCwd } from "../runtime/relative-to-cwd.js";

function keyword(opts: Term, key: string): Term | undefined {
  for (let l = opts; l instanceof Cons; l = l.t) {
    const p = l.h;
    if (Array.isArray(p) && p.length === 2 && p[0] === a(key)) return p[1];
  }
  return undefined;
}

/**
 * A source given as a binary, read as UTF-8 first (String.to_charlist/1, :unicode's
 * characters_to_list): a byte sequence that is not UTF-8 raises UnicodeConversionError there.
 */
export function sourceUtf8(bytes: Uint8Array): string {
  const state = scanUtf8(bytes, 0, bytes.length);
  if (state !== VALID) {
    const at = scanEnd();
    const rest = binFromBytes(bytes.slice(at), 0);
    const what = state === INCOMPLETE ? "incomplete" : "invalid";
    const encoded = list(Array.from(bytesToString(bytes.slice(0, at)), (c) => c.codePointAt(0)!));
    throw raise("UnicodeConversionError", { encoded, message: `${what} encoding starting at ${inspect(rest)}` });
  }
  return bytesToString(bytes);
}

function sourceText(fun: string, t: Term, args: Term[]): string {
  if (typeof t === "string") return t;
  if (t instanceof Bin && t.bits === 0) return sourceUtf8(t.bytes);
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
export function parseException(e: ParseError, frames: Term[] = []): ReturnType<typeof raise> {
  const lineText = e.source.split("\n")[e.line - e.startLine];
  const snippet = e.wantsSnippet && e.showColumn && lineText !== undefined && lineText.trim() !== ""
    ? MapTerm.fromPairs([[a("content"), lineText], [a("offset"), e.snippetOffset()]])
    : null;
  const err = raise(e.kind, { file: e.file, line: e.line, column: e.showColumn ? e.column : null, snippet, description: e.description });
  // Elixir's parser raises from its own code (elixir_errors:raise/3, with the trace of its
  // raise less its own entry): these frames, then its callers'.
  err.stacktrace = list(frames);
  err.traceCap = 7;
  (err as { headFinal?: boolean }).headFinal = true;
  return err;
}

function parseSource(src: string, opts: Term, rt: Runtime): Ast {
  const file = keyword(opts, "file");
  const line = keyword(opts, "line");
  try {
    const shown = typeof file === "string" ? file : "nofile";
    return withWarnings(rt, shown, (warnings) => parse(src, { file: shown, line: typeof line === "number" ? line : 1, warnings }));
  } catch (e) {
    if (e instanceof ParseError) {
      // (parsed in validated_eval_string/3 before it evaluates: that entry stands for Code.eval_string's frame)
      const err = parseException(e, [[a("Elixir.Code"), a("validated_eval_string"), 3, list([[a("file"), charlist("lib/code.ex")], [a("line"), 421]])]]);
      (err as { skipFrames?: number }).skipFrames = 1;
      throw err;
    }
    throw e;
  }
}

/**
 * Parses with `parse`, then writes its tokenizer's and parser's warnings as elixir_errors
 * does (also when the parse fails: they were given while it read, before the error).
 */
function withWarnings(rt: Runtime, file: string, parse: (warnings: ParseWarning[]) => Ast): Ast {
  const warnings: ParseWarning[] = [];
  try {
    return parse(warnings);
  } finally {
    for (const w of warnings) compileState(rt).warn(formatParseWarning(w, file));
  }
}

const charlist = (s: string): Term => list(Array.from(s, (c) => c.codePointAt(0)!));

/** The environment from eval's third argument: a %Macro.Env{} or options (file, line). */
export function evalEnv(opts: Term): XEnv {
  const fromEnv = envFromTerm(opts);
  if (fromEnv !== null) {
    // (:elixir.env_for_eval/1: evaluation is outside any context)
    fromEnv.context = null;
    fromEnv.contextModules = [];
    return fromEnv;
  }
  // :elixir.env_for_eval/1 of options: each given (of the right type) replaces the default.
  const file = keyword(opts, "file");
  const env = topEnv(typeof file === "string" ? file : file instanceof Bin ? bytesToString(file.bytes) : "nofile", false);
  const line = keyword(opts, "line");
  env.line = typeof line === "number" ? line : 1;
  const aliases = keyword(opts, "aliases");
  if (aliases === NIL || aliases instanceof Cons) {
    env.aliases = new Map();
    for (let l: Term = aliases; l instanceof Cons; l = l.t) {
      if (Array.isArray(l.h) && l.h.length === 2 && l.h[0] instanceof Atom && l.h[1] instanceof Atom) env.aliases.set(l.h[0].name, l.h[1].name);
    }
  }
  const requires = keyword(opts, "requires");
  if (requires === NIL || requires instanceof Cons) env.requires = new Set(listToArray(requires)!.filter((m): m is Atom => m instanceof Atom).map((m) => m.name));
  const functions = keyword(opts, "functions");
  if (functions === NIL || functions instanceof Cons) env.functions = importsFrom(functions);
  const macros = keyword(opts, "macros");
  if (macros === NIL || macros instanceof Cons) env.macros = importsFrom(macros);
  const module = keyword(opts, "module");
  if (module instanceof Atom) env.module = module.name;
  const fun = keyword(opts, "function");
  if (Array.isArray(fun) && fun.length === 2 && fun[0] instanceof Atom && typeof fun[1] === "number") env.function = [fun[0].name, fun[1]];
  return env;
}

/** `[{Module, [name: arity, ...]}]` (the :functions and :macros options) as imports. */
function importsFrom(t: Term): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (let l = t; l instanceof Cons; l = l.t) {
    if (!Array.isArray(l.h) || l.h.length !== 2 || !(l.h[0] instanceof Atom)) continue;
    const set = new Set<string>();
    for (let f: Term = l.h[1]; f instanceof Cons; f = f.t) {
      if (Array.isArray(f.h) && f.h.length === 2 && f.h[0] instanceof Atom) set.add(`${f.h[0].name}/${f.h[1]}`);
    }
    out.set(l.h[0].name, set);
  }
  return out;
}

/**
 * Code.env_for_eval/1 (:elixir.env_for_eval/1): the environment evaluation starts from, from
 * options (as eval_string/3 takes them) or from an env (outside any context, with no
 * variables: a dead lexical tracker is warned about and dropped, with the tracers).
 */
function* envForEval(t: Term, p: unknown): Gen<Term> {
  if (t instanceof MapTerm && t.get(a("__struct__")) === a("Elixir.Macro.Env")) {
    let env = t.put(a("context"), null).put(a("context_modules"), NIL).put(a("macro_aliases"), NIL).put(a("versioned_vars"), MapTerm.fromPairs([]));
    const tracker = t.get(a("lexical_tracker")) ?? null;
    if (tracker instanceof Pid) {
      const alive = yield { module: "erlang", name: "is_process_alive", args: [tracker] };
      if (alive !== true) {
        yield { module: "Elixir.IO", name: "warn", args: ["an __ENV__ with outdated compilation information was given to eval, call Macro.Env.prune_compile_info/1 to prune it"] };
        env = env.put(a("lexical_tracker"), null).put(a("tracers"), NIL);
      }
    } else env = env.put(a("tracers"), NIL);
    return env;
  }
  if (!(t === NIL || t instanceof Cons)) throw fce("elixir", "env_for_eval", [t]);
  let env = envToTerm(evalEnv(t));
  const tracers = keyword(t, "tracers");
  const tracker = keyword(t, "lexical_tracker");
  if (tracker instanceof Pid && (yield { module: "erlang", name: "is_process_alive", args: [tracker] }) === true) {
    env = env.put(a("lexical_tracker"), tracker);
    if (tracers === NIL || tracers instanceof Cons) env = env.put(a("tracers"), tracers);
  } else if (tracker === undefined && (tracers === NIL || tracers instanceof Cons)) env = env.put(a("tracers"), tracers);
  return env;
  void p;
}

/** The source Code's parsing and evaluating functions take: any List.Chars (to_charlist/1). */
function* sourceChars(t: Term): Gen<Term> {
  if (typeof t === "string" || t instanceof Bin || t === NIL || t instanceof Cons) return t;
  return yield { module: "Elixir.List.Chars", name: "to_charlist", args: [t] };
}

/** A binding keyword list as names and values (a name given twice has its last value). */
export function bindingFrom(t: Term): { names: string[]; values: Term[] } {
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
    if (name === null) continue;
    // (a name given twice takes its last value, as :elixir_erl_var.load_binding/1 keeps it)
    const at = names.indexOf(name);
    if (at >= 0) {
      values[at] = p[1];
      continue;
    }
    names.push(name);
    values.push(p[1]);
  }
  return { names, values };
}

/** The binding Elixir 1.14 gives back: every variable, names in descending order. */
export function bindingTerm(names: string[], values: Term[]): Term {
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

function evaluator(fun: string, arity: number, toAst: (args: Term[], rt: Runtime, env: XEnv) => Ast): Code {
  return generatorCode("Elixir.Code", fun, arity, function* (args, p): Gen<Term> {
    if (arity >= 3 && !(args[2] === NIL || args[2] instanceof Cons || envFromTerm(args[2]) !== null)) throw fce("Elixir.Code", fun, args);
    // (a %Macro.Env{} as :elixir.env_for_eval/1 takes it: outside any context; its tracers
    // kept only with a live lexical tracker, one that is dead warned about)
    const given = arity >= 3 && args[2] instanceof MapTerm && args[2].get(a("__struct__")) === a("Elixir.Macro.Env") ? yield* envForEval(args[2], p) : arity >= 3 ? args[2] : NIL;
    const env = evalEnv(given);
    if (fun === "eval_string") args = [yield* sourceChars(args[0]), ...args.slice(1)];
    const ast = toAst(args, (p as unknown as { rt: Runtime }).rt, env);
    const binding = arity >= 2 ? args[1] : NIL;
    if (!(binding === NIL || binding instanceof Cons || binding instanceof MapTerm)) throw fce("Elixir.Code", fun, args);
    const b = bindingFrom(binding instanceof MapTerm ? list([...binding.entries.values()].map(([k, v]) => [k, v])) : binding);
    const r = yield* evalQuoted((p as unknown as { rt: Runtime }).rt, ast, b, env, false, true);
    return [r.value, bindingTerm(r.binding.names, r.binding.values)];
  });
}

/** eval_quoted's code, what has no line given the env's line (:elixir.eval_quoted/4 linifies it). */
function quotedWithLines(args: Term[], _rt: Runtime, env: XEnv): Ast {
  return termToAst(env.line === 0 ? args[0] : linifyQuoted(args[0], env.line));
}

/** The options of Code.string_to_quoted/2 this parser takes. */
export interface QuotedOptions {
  file: string;
  line: number;
  column: number;
  columns: boolean;
  tokenMetadata: boolean;
  unescape: boolean;
  /** The :literal_encoder function, if any. */
  encoder: Term | null;
  /** The :static_atoms_encoder function, if any. */
  atomEncoder: Term | null;
  /** cursor_completion (Code.Fragment.container_cursor_to_quoted). */
  cursor?: boolean;
  /** :existing_atoms_only: names that are no atom yet are an error. */
  existingAtomsOnly: boolean;
  /** :emit_warnings (false: the tokenizer's and parser's warnings are not written). */
  emitWarnings: boolean;
}

export function quotedOptions(opts: Term): QuotedOptions {
  const file = keyword(opts, "file");
  const line = keyword(opts, "line");
  const column = keyword(opts, "column");
  const encoder = keyword(opts, "literal_encoder");
  const atomEncoder = keyword(opts, "static_atoms_encoder");
  return {
    file: typeof file === "string" ? file : file instanceof Bin ? bytesToString(file.bytes) : "nofile",
    line: typeof line === "number" ? line : 1,
    column: typeof column === "number" ? column : 1,
    columns: keyword(opts, "columns") === true,
    tokenMetadata: keyword(opts, "token_metadata") === true,
    unescape: keyword(opts, "unescape") !== false,
    encoder: encoder === undefined || encoder === null ? null : encoder,
    // (elixir_tokenizer takes a function only)
    atomEncoder: atomEncoder instanceof Fun ? atomEncoder : null,
    existingAtomsOnly: keyword(opts, "existing_atoms_only") === true,
    emitWarnings: keyword(opts, "emit_warnings") !== false,
  };
}

/** Parses with the options; comments go to `comments` when given. Throws ParseError. */
export function parseQuoted(src: string, o: QuotedOptions, literalEncoder: boolean, comments?: SourceComment[], warnings?: ParseWarning[], atomSlots?: AtomSlot[]): Ast {
  return parse(src, {
    warnings, atomSlots,
    file: o.file, line: o.line, column: o.column, tokenMetadata: o.tokenMetadata, literalEncoder,
    unescape: o.unescape, comments, cursorCompletion: o.cursor, existingAtom: o.existingAtomsOnly ? (name) => Atom.exists(name) : undefined,
  });
}

/** The comments as Code.string_to_quoted_with_comments/2 gives them (maps, in source order). */
export function commentsTerm(comments: SourceComment[]): Term {
  return list(comments.map((c) => MapTerm.fromPairs([
    [a("line"), c.line], [a("column"), c.column], [a("previous_eol_count"), c.previousEol],
    [a("next_eol_count"), c.nextEol], [a("text"), c.text],
  ])));
}

/** The wrapped literals of `ast` (children before their parents, in source order). */
function encodedNodes(ast: Ast, out: AstNode[]): AstNode[] {
  if (Array.isArray(ast)) for (const x of ast) encodedNodes(x, out);
  else if (isTupleAst(ast)) {
    encodedNodes(ast.tuple[0], out);
    encodedNodes(ast.tuple[1], out);
  } else if (typeof ast === "object" && ast !== null && "args" in ast) {
    if (typeof ast.name !== "string") encodedNodes(ast.name, out);
    if (ast.args !== null) for (const x of ast.args) encodedNodes(x, out);
    if (ast.encoded) out.push(ast);
  }
  return out;
}

/**
 * The quoted form as a term. With a :literal_encoder each literal is what the encoder
 * returns for it (`{:ok, term}`), called as the parser reduces them; `{:error, reason}` is
 * a syntax error at the literal.
 */
function* quotedTerm(ast: Ast, o: QuotedOptions, atoms?: Map<string, Term>): Gen<Term> {
  if (o.encoder === null) return astToTerm(ast, { columns: o.columns, atoms });
  const encoded = new Map<AstNode, Term>();
  for (const n of encodedNodes(ast, [])) {
    const lit = astToTerm(n.args![0], { columns: o.columns, encoded, atoms });
    const r = yield* apply(o.encoder, [lit, metaToTerm(n.meta, { columns: o.columns })]);
    if (Array.isArray(r) && r.length === 2 && r[0] === a("ok")) encoded.set(n, r[1]);
    else if (Array.isArray(r) && r.length === 2 && r[0] === a("error")) {
      const reason = typeof r[1] === "string" ? r[1] : r[1] instanceof Bin ? bytesToString(r[1].bytes) : atomName(r[1]);
      throw parseError(n.meta.line, n.meta.column, reason + ": ", "literal");
    } else throw raise("CaseClauseError", { term: r });
  }
  return astToTerm(ast, { columns: o.columns, encoded, atoms });
}

/**
 * What the :static_atoms_encoder makes of each name the tokenizer met (unsafe_to_atom asks it
 * as it reads them, in source order): `{:ok, term}` stands for the atom; `{:error, reason}`
 * is a syntax error at the name ("reason: " before it).
 */
function* encodedAtoms(encoder: Term, slots: AtomSlot[]): Gen<Map<string, Term>> {
  const out = new Map<string, Term>();
  for (const [i, slot] of slots.entries()) {
    const r = yield* apply(encoder, [slot.name, list([[a("line"), slot.line], [a("column"), slot.column]])]);
    if (Array.isArray(r) && r.length === 2 && r[0] === a("ok")) out.set(atomSlot(i), r[1]);
    else if (Array.isArray(r) && r.length === 2 && r[0] === a("error") && (typeof r[1] === "string" || (r[1] instanceof Bin && r[1].bits === 0))) {
      const reason = typeof r[1] === "string" ? r[1] : bytesToString(r[1].bytes);
      throw parseError(slot.line, slot.column, reason + ": ", slot.name);
    } else throw raise("CaseClauseError", { term: r });
  }
  return out;
}

/** A parse error's text with the encoded names' stand-ins read back as the names. */
function unslot(e: ParseError, slots: AtomSlot[]): void {
  const back = (text: string) => text.replace(/\u0000(\d+)/g, (_, n: string) => slots[Number(n)]?.name ?? "");
  const err = e as { description: string; raw: ParseError["raw"] };
  err.description = back(e.description);
  if (err.raw !== null) err.raw = [Array.isArray(err.raw[0]) ? [back(err.raw[0][0]), back(err.raw[0][1])] : back(err.raw[0]), back(err.raw[1])];
}

/** A parse error as string_to_quoted gives it (`{:error, ...}`) or raises it (the bang forms). */
function quotedError(e: ParseError, bang: boolean): Term {
  if (bang) {
    // Raised for the caller: its stack shows where string_to_quoted! was called from.
    const err = parseException(e);
    err.stacktrace = null;
    err.traced = false;
    err.forCaller = true;
    throw err;
  }
  const meta = list([[a("line"), e.line], [a("column"), e.column]]);
  const [message, token] = e.raw ?? [e.description, ""];
  return [a("error"), [meta, Array.isArray(message) ? [message[0], message[1]] : message, token]];
}

/** string_to_quoted/1,2 and string_to_quoted_with_comments/1,2, with and without the bang. */
function* quotedResult(fun: string, args: Term[], bang: boolean, withComments: boolean, cursor: boolean, rt: Runtime | undefined): Gen<Term> {
  const src = sourceText(fun, yield* sourceChars(args[0]), args);
  const opts = args[1] ?? NIL;
  if (!(opts === NIL || opts instanceof Cons)) throw fce("Elixir.Code", fun, args);
  const o = quotedOptions(opts);
  if (cursor) {
    // Code.Fragment.container_cursor_to_quoted/2 takes these options only.
    o.unescape = true;
    o.cursor = true;
  }
  const comments: SourceComment[] | undefined = withComments ? [] : undefined;
  const warnings: ParseWarning[] = [];
  const slots: AtomSlot[] | undefined = o.atomEncoder === null ? undefined : [];
  try {
    let ast: Ast;
    try {
      ast = parseQuoted(src, o, o.encoder !== null, comments, cursor ? undefined : warnings, slots);
    } finally {
      // (the tokenizer's and parser's warnings, on standard error as elixir_errors writes them,
      // also before an error)
      if (rt !== undefined && o.emitWarnings) for (const w of warnings) compileState(rt).warn(formatParseWarning(w, o.file));
    }
    // (the tokenizer asks the atom encoder as it reads, before the parser runs)
    const atoms = slots === undefined ? undefined : yield* encodedAtoms(o.atomEncoder!, slots);
    const t = yield* quotedTerm(ast, o, atoms);
    if (withComments) return bang ? [t, commentsTerm(comments!)] : [a("ok"), t, commentsTerm(comments!)];
    return bang ? t : [a("ok"), t];
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    if (slots !== undefined) unslot(e, slots);
    e.attachSource(src, o.line, o.file, o.column);
    return quotedError(e, bang);
  }
}

/**
 * A native parsing synchronously; with a :literal_encoder (Elixir code to call for every
 * literal) it continues as resumable code that makes those calls. `cursor`: the parse of
 * Code.Fragment.container_cursor_to_quoted/2.
 */
export function quotedCode(fun: string, arity: number, bang: boolean, withComments: boolean, cursor = false): NativeFn {
  const module = cursor ? "Elixir.Code.Fragment" : "Elixir.Code";
  const withEncoder = generatorCode(module, fun, arity, (args, p) => quotedResult(fun, args, bang, withComments, cursor, (p as unknown as { rt?: Runtime }).rt));
  return (args, p) => {
    const enc = keyword(args[1] ?? NIL, "literal_encoder") ?? keyword(args[1] ?? NIL, "static_atoms_encoder");
    // (an encoder is Elixir code to call; so is List.Chars for a source that is no text)
    const text = typeof args[0] === "string" || args[0] instanceof Bin || args[0] === NIL || args[0] instanceof Cons;
    if ((enc !== undefined && enc !== null) || !text) return new TailCall(withEncoder, args);
    return runSync(quotedResult(fun, args, bang, withComments, cursor, (p as unknown as { rt?: Runtime } | undefined)?.rt), () => {
      throw new Error("string_to_quoted without an encoder calls no Elixir code");
    });
  };
}

/**
 * Code.compile_string/1,2 and compile_quoted/1,2: the code runs as a file elixirc compiles
 * would (top-level expressions too: expanded whole, its unused variables and imports warned
 * about, then run, as elixir_compiler:quoted does for require_file); the result is `{module, bytecode}` for each module it
 * defined, in the order their definitions completed (a nested module before its parent).
 */
function compiler(fun: string, arity: number, toAst: (args: Term[], file: string, rt: Runtime) => Ast): Code {
  return generatorCode("Elixir.Code", fun, arity, function* (args, p): Gen<Term> {
    const fileArg = arity === 2 ? args[1] : "nofile";
    if (typeof fileArg !== "string") throw fce("Elixir.Code", fun, args);
    const rt = (p as unknown as { rt: Runtime }).rt;
    if (fun === "compile_string") args = [yield* sourceChars(args[0]), ...args.slice(1)];
    const ast = toAst(args, fileArg, rt);
    const s = compileState(rt);
    const before = s.defined.length;
    yield* evalFile(rt, ast, { names: [], values: [] }, topEnv(fileArg, false));
    const names = [...new Set(s.defined.slice(before))];
    return list(names.map((n) => [a(n), moduleBeam(rt, n)]));
  });
}

/** The files required so far (Code.require_file/2, load_file/2, the script `elixir` ran), per runtime. */
const requiredFiles = new WeakMap<Runtime, string[]>();

/** Code.required_files/0's list, in the order the files were required (the script first). */
export function requiredFilesOf(rt: Runtime): string[] {
  let r = requiredFiles.get(rt);
  if (r === undefined) requiredFiles.set(rt, (r = []));
  return r;
}

const expandHome = (p: string): string => (p === "~" ? homedir() : p.startsWith("~/") ? homedir() + p.slice(1) : p);

/**
 * The file a Code.*_file function names, as Path.expand/1,2 gives it (against `relative_to`
 * when given, else the current directory), and its source; Code.LoadError with the file's
 * posix reason when it cannot be read.
 */
function findFile(rt: Runtime, fun: string, args: Term[]): { file: string; source: string } {
  const [name, relativeTo = a("nil")] = args;
  if (typeof name !== "string" || !(relativeTo === a("nil") || typeof relativeTo === "string")) throw fce("Elixir.Code", fun, args);
  const base = typeof relativeTo !== "string" ? cwdOf(rt) : resolvePath(cwdOf(rt), expandHome(relativeTo as string));
  const file = resolvePath(base, expandHome(name));
  try {
    return { file, source: readFileSync(file, "utf8") };
  } catch (e) {
    const reason = a(((e as { code?: string }).code ?? "EIO").toLowerCase());
    throw raise("Code.LoadError", { file, reason, message: `could not load ${file}. Reason: ${atomName(reason)}` });
  }
}

/** A file compiled as elixir_compiler does (the whole file expanded first): the modules it defined with their bytecode. */
function* compileWhole(rt: Runtime, file: string, source: string, fun: string): Gen<Term> {
  const s = compileState(rt);
  const before = s.defined.length;
  // Warnings and errors name the file relative to the current directory, as Elixir prints them.
  const absolute = resolvePath(cwdOf(rt), file);
  const label = relativeToCwd(absolute, cwdOf(rt));
  yield* evalFile(rt, parseFile(source, label, rt, fun), { names: [], values: [] }, fileEnv(label, absolute));
  return list([...new Set(s.defined.slice(before))].map((n) => [a(n), moduleBeam(rt, n)]));
}

/**
 * Code.require_file/1,2 (nil once the file was required), Code.load_file/1,2 (deprecated:
 * compiles it again all the same, and marks it required) and Code.compile_file/1,2 (does not
 * mark it).
 */
function fileCompiler(fun: "require_file" | "load_file" | "compile_file", arity: number): Code {
  return generatorCode("Elixir.Code", fun, arity, function* (args, p): Gen<Term> {
    const rt = (p as unknown as { rt: Runtime }).rt;
    const { file, source } = findFile(rt, fun, args);
    const required = requiredFilesOf(rt);
    if (fun === "require_file" && required.includes(file)) return a("nil");
    const modules = yield* compileWhole(rt, file, source, fun);
    if (fun !== "compile_file" && !required.includes(file)) required.push(file);
    return modules;
  });
}

/** Code.eval_file/1,2: the file's source given to eval_string/3 (a last call: its frame goes). */
function fileEvaluator(arity: number): NativeFn {
  return (args, p) => {
    const { file, source } = findFile((p as unknown as { rt: Runtime }).rt, "eval_file", args);
    return new TailCall(code["eval_string/3"] as Code, [source, NIL, list([[a("file"), file], [a("line"), 1]])]);
  };
}

/** Where Elixir's compiler parses a file's or a string's code (elixir_compiler:string/3). */
const COMPILER_STRING: Term[] = [
  [a("elixir_compiler"), a("string"), 3, list([[a("file"), charlist("src/elixir_compiler.erl")], [a("line"), 7]])],
  [a("Elixir.Module.ParallelChecker"), a("verify"), 1, list([[a("file"), charlist("lib/module/parallel_checker.ex")], [a("line"), 100]])],
];
const REQUIRE_FILE: Term = [a("Elixir.Code"), a("require_file"), 2, list([[a("file"), charlist("lib/code.ex")], [a("line"), 1245]])];

/**
 * The code of a file or string Elixir's compiler compiles; a syntax error is raised by its
 * parser under elixir_compiler:string/3, whose entries stand for the frame of the Code
 * function that called it (Code.require_file/2's own entry stays: it goes on after it).
 */
function parseFile(src: string, file: string, rt: Runtime, fun: string): Ast {
  try {
    return withWarnings(rt, file, (warnings) => parse(src, { file, line: 1, warnings }));
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    const err = parseException(e, fun === "require_file" ? [...COMPILER_STRING, REQUIRE_FILE] : COMPILER_STRING);
    (err as { skipFrames?: number }).skipFrames = 1;
    throw err;
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
  if (typeof m === "string" || m instanceof Bin) {
    // (a .beam file's path: its Docs chunk)
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(resolvePath(cwdOf(rt), Buffer.from(binBytes(m)).toString("utf8"))));
    } catch {
      return [a("error"), a("module_not_found")];
    }
    return docsAnswer(rt, bytes);
  }
  if (!(m instanceof Atom)) throw fce("Elixir.Code", "fetch_docs", args);
  const def = rt.modules.get(m.name);
  if (def === undefined || def.library !== true) {
    // Another module's docs are in its object file, found as :code.get_object_code/1 finds it.
    const found = findObjectFile(rt, m.name, codePath({ rt }));
    return found === null ? [a("error"), a("module_not_found")] : docsAnswer(rt, found.bytes);
  }
  const doc = docModules().get(m.name);
  if (doc === undefined) return [a("error"), a("chunk_not_found")];
  const en = (text: string): Term => MapTerm.fromPairs([["en", text]]);
  const entries = doc.functions.map((f) => {
    const arity = f.arities[f.arities.length - 1];
    const kind = a(f.kind === "defmacro" ? "macro" : "function");
    const line = elixirLocation(m, a(f.name), arity)?.[1] ?? 0;
    const defaults = f.arities.length - 1;
    const pairs: [Term, Term][] = defaults > 0 ? [[a("defaults"), defaults]] : [];
    if (f.meta.deprecated !== undefined) pairs.push([a("deprecated"), f.meta.deprecated]);
    if (f.meta.guard !== undefined) pairs.push([a("guard"), f.meta.guard]);
    if (f.meta.since !== undefined) pairs.push([a("since"), f.meta.since]);
    const meta = MapTerm.fromPairs(pairs);
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

/** What Code.fetch_docs/1 answers for an object file's bytes. */
function docsAnswer(rt: Runtime, bytes: Uint8Array): Term {
  const docs = docsOfObject(rt, bytes);
  if (docs === "chunk_not_found") return [a("error"), a("chunk_not_found")];
  if (docs === "invalid") throw raise("CaseClauseError", { term: [a("error"), a("beam_lib"), [a("not_a_beam_file"), list([])]] });
  return docs;
}

const code: Record<string, NativeFn | Code> = {
  "fetch_docs/1": (args, p) => fetchDocs(args, (p as unknown as { rt: Runtime }).rt),
  "compile_string/1": compiler("compile_string", 1, (args, file, rt) => parseFile(sourceText("compile_string", args[0], args), file, rt, "compile_string")),
  "compile_string/2": compiler("compile_string", 2, (args, file, rt) => parseFile(sourceText("compile_string", args[0], args), file, rt, "compile_string")),
  "compile_quoted/1": compiler("compile_quoted", 1, (args) => termToAst(args[0])),
  "compile_quoted/2": compiler("compile_quoted", 2, (args) => termToAst(args[0])),
  "eval_string/1": evaluator("eval_string", 1, (args, rt) => parseSource(sourceText("eval_string", args[0], args), NIL, rt)),
  "eval_string/2": evaluator("eval_string", 2, (args, rt) => parseSource(sourceText("eval_string", args[0], args), NIL, rt)),
  "eval_string/3": evaluator("eval_string", 3, (args, rt) => parseSource(sourceText("eval_string", args[0], args), envFromTerm(args[2]) === null ? args[2] : NIL, rt)),
  "require_file/1": fileCompiler("require_file", 1),
  "require_file/2": fileCompiler("require_file", 2),
  "compile_file/1": fileCompiler("compile_file", 1),
  "compile_file/2": fileCompiler("compile_file", 2),
  "load_file/1": fileCompiler("load_file", 1),
  "load_file/2": fileCompiler("load_file", 2),
  "eval_file/1": fileEvaluator(1),
  "eval_file/2": fileEvaluator(2),
  "required_files/0": (_args, p) => list(requiredFilesOf((p as unknown as { rt: Runtime }).rt)),
  "unrequire_files/1": ([files], p) => {
    if (!(files === NIL || files instanceof Cons)) throw fce("Elixir.Code", "unrequire_files", [files]);
    const r = requiredFilesOf((p as unknown as { rt: Runtime }).rt);
    const drop = new Set(listToArray(files));
    for (let i = r.length - 1; i >= 0; i--) if (drop.has(r[i])) r.splice(i, 1);
    return a("ok");
  },
  "env_for_eval/1": generatorCode("Elixir.Code", "env_for_eval", 1, (args, p) => envForEval(args[0], p)),
  // The env it returns is the one the code leaves: its aliases, requires and imports, and
  // the binding's variables (for the next call of a loop, as a shell makes).
  "eval_quoted_with_env/3": generatorCode("Elixir.Code", "eval_quoted_with_env", 3, function* (args, p): Gen<Term> {
    const [quoted, binding, envTerm] = args;
    const env = envFromTerm(envTerm);
    if (env === null || !(binding === NIL || binding instanceof Cons)) throw fce("Elixir.Code", "eval_quoted_with_env", args);
    const rt = (p as unknown as { rt: Runtime }).rt;
    const r = yield* evalQuoted(rt, termToAst(quoted), bindingFrom(binding), env, false, true);
    env.vars = new VarScope(null);
    for (const n of r.binding.names) env.vars.vars.add(n);
    const after = envToTerm(env);
    let out = envTerm as MapTerm;
    for (const k of ["aliases", "requires", "functions", "macros", "context_modules", "versioned_vars"]) out = out.put(a(k), after.get(a(k))!);
    return [r.value, bindingTerm(r.binding.names, r.binding.values), out];
  }),
  "eval_quoted/1": evaluator("eval_quoted", 1, quotedWithLines),
  "eval_quoted/2": evaluator("eval_quoted", 2, quotedWithLines),
  "eval_quoted/3": evaluator("eval_quoted", 3, quotedWithLines),
  "string_to_quoted/1": quotedCode("string_to_quoted", 1, false, false),
  "string_to_quoted/2": quotedCode("string_to_quoted", 2, false, false),
  "string_to_quoted!/1": quotedCode("string_to_quoted!", 1, true, false),
  "string_to_quoted!/2": quotedCode("string_to_quoted!", 2, true, false),
  "string_to_quoted_with_comments/1": quotedCode("string_to_quoted_with_comments", 1, false, true),
  "string_to_quoted_with_comments/2": quotedCode("string_to_quoted_with_comments", 2, false, true),
  "string_to_quoted_with_comments!/1": quotedCode("string_to_quoted_with_comments!", 1, true, true),
  "string_to_quoted_with_comments!/2": quotedCode("string_to_quoted_with_comments!", 2, true, true),
};

export const natives: NativeModule[] = [{ module: "Elixir.Code", fns: code }];
