// What a module's "Docs" chunk holds (EEP 48's docs_v1, as Elixir's compiler writes it): the
// @moduledoc, and for each public function and macro its doc, the signature Elixir guesses
// from the clauses' arguments and the doc metadata (@doc keyword lists, @deprecated, default
// argument counts); then the callbacks' and the public types' docs. The module build
// (module-build.ts) records the entries as definitions and typespecs are stored; the object
// file (stdlib/object-file.ts) encodes the chunk.
import type { Ast, AstNode } from "../../lang/ast.js";
import { isAtomAst, isNode } from "../../lang/ast.js";
import { Atom, NIL, Term, a, isBinary, list } from "../term.js";
import { MapTerm } from "../map.js";
import { astToTerm } from "./quoted.js";
import { quotedToAlgebra } from "./code-formatter.js";
import { format } from "../algebra.js";
import type { Runtime } from "../runtime.js";

/** One argument of a guessed signature: a name (strong when written as a plain variable), or a default around one. */
export type SigArg = { name: string; strong: boolean } | { name: string; strong: boolean; default: Term };

/** A public function's or macro's entry. */
export interface FunctionDocEntry {
  kind: "function" | "macro";
  name: string;
  arity: number;
  line: number;
  signature: SigArg[];
  /** A string, false (hidden) or nil (none given). */
  doc: Term;
  meta: Map<string, Term>;
  /** Written by a macro (a quote's context). */
  quoted: boolean;
}

export interface SpecDocEntry {
  kind: "callback" | "macrocallback" | "type";
  name: string;
  arity: number;
  line: number;
  doc: Term;
  meta: Map<string, Term>;
}

/** Everything the chunk is made of, gathered while the module's body runs. */
export interface DocsChunkSource {
  /** The module's own line (the moduledoc's when there is none). */
  line: number;
  moduledoc: { line: number; value: Term } | undefined;
  moduledocMeta: Map<string, Term>;
  functions: FunctionDocEntry[];
  specs: SpecDocEntry[];
}

type AutoArg = { auto: string };
type Simple = SigArg | AutoArg | { auto: string; default: Term };

/**
 * The signature Elixir's Module guesses from one clause's arguments as written (`written`)
 * and expanded (`expanded`, for the module a struct pattern names): plain variables keep
 * their name (a leading underscore taken off, then only a guess), a variable bound with `=`
 * its name, literals and other patterns a name of their type (map, struct's module, int,
 * atom, binary, list, float, bool, arg), numbered when several share one; defaults stay.
 */
export function guessSignature(written: Ast[], expanded: Ast[], attribute: (name: string) => Term | undefined): SigArg[] {
  const counters = new Map<string, number | "once">();
  const auto = (key: string): AutoArg => {
    const c = counters.get(key);
    counters.set(key, c === undefined ? "once" : c === "once" ? 2 : c + 1);
    return { auto: key };
  };
  const simplify = (arg: Ast, exp: Ast): Simple => {
    if (isNode(arg) && arg.name === "\\\\" && arg.args?.length === 2) {
      const left = simplify(arg.args[0], isNode(exp) && exp.name === "\\\\" && exp.args ? exp.args[0] : exp);
      return { ...left, default: astToTerm(expandAttributes(arg.args[1], attribute)) };
    }
    if (isNode(arg) && arg.name === "=" && arg.args?.length === 2) {
      for (const side of arg.args) if (isVar(side)) return variable(side.name as string, true);
    }
    if (isVar(arg)) return variable(arg.name as string, false);
    if (isNode(arg) && arg.name === "%" && arg.args?.length === 2) {
      const mod = structModule(arg.args[0], exp);
      return auto(mod === null ? "struct" : underscoreAlias(mod));
    }
    if (isNode(arg) && arg.name === "%{}") return auto("map");
    if (isNode(arg) && arg.name === "@" && arg.args?.length === 1 && isNode(arg.args[0])) {
      const value = attribute(String(arg.args[0].name));
      if (value !== undefined) return simplifyTerm(value, auto);
    }
    if (isNode(arg) && arg.name === "var!" && arg.args !== null && arg.args.length >= 1 && isVar(arg.args[0])) return variable(arg.args[0].name as string, false, true);
    if (typeof arg === "bigint") return auto("int");
    if (typeof arg === "boolean") return auto("bool");
    if (arg === null || isAtomAst(arg)) return auto("atom");
    if (Array.isArray(arg)) return auto("list");
    if (typeof arg === "number") return auto("float");
    if (typeof arg === "string") return auto("binary");
    return auto("arg");
  };
  const simple = written.map((arg, i) => simplify(arg, expanded[i] ?? null));
  // (the keys numbered from the last argument back: two maps are map1 and map2)
  const out: SigArg[] = [];
  for (let i = simple.length - 1; i >= 0; i--) {
    const s = simple[i];
    if (!("auto" in s)) {
      out.unshift(s);
      continue;
    }
    const c = counters.get(s.auto);
    let name = s.auto;
    if (typeof c === "number" && c >= 1) {
      name = s.auto + c;
      counters.set(s.auto, c - 1);
    }
    out.unshift("default" in s ? { name, strong: false, default: s.default } : { name, strong: false });
  }
  return out;
}

function isVar(x: Ast): x is AstNode {
  return isNode(x) && typeof x.name === "string" && x.args === null;
}

function variable(name: string, named: boolean, guess = false): SigArg {
  if (name === "_") return { name: "_", strong: named };
  if (name.startsWith("_")) return { name: name.slice(1), strong: named };
  return { name, strong: !guess };
}

/** An attribute's value in a pattern: named as its type is. */
function simplifyTerm(t: Term, auto: (key: string) => AutoArg): Simple {
  if (typeof t === "number" || typeof t === "bigint") return auto(Number.isInteger(t) || typeof t === "bigint" ? "int" : "float");
  if (t === true || t === false) return auto("bool");
  if (t === null || t instanceof Atom) return auto("atom");
  if (isBinary(t)) return auto("binary");
  if (t === NIL || (typeof t === "object" && t !== null && "h" in t)) return auto("list");
  if (t instanceof MapTerm) return auto("map");
  return auto("arg");
}

/** `@attr` in a default value: the attribute's value, as Elixir expands it there. */
function expandAttributes(ast: Ast, attribute: (name: string) => Term | undefined): Ast {
  if (Array.isArray(ast)) return ast.map((x) => expandAttributes(x, attribute));
  if (!isNode(ast)) return ast;
  if (ast.name === "@" && ast.args?.length === 1 && isVar(ast.args[0])) {
    const value = attribute(String(ast.args[0].name));
    if (value !== undefined) return { literal: value };
  }
  if (ast.args === null) return ast;
  return { ...ast, args: ast.args.map((x) => expandAttributes(x, attribute)) };
}

/** The module a struct pattern names (from its expansion, else the alias as written), or null. */
function structModule(left: Ast, expanded: Ast): string | null {
  if (isNode(expanded) && expanded.name === "%" && expanded.args?.length === 2) {
    const m = expanded.args[0];
    if (isAtomAst(m)) return m.atom;
    if (isNode(m) && (m as AstNode).name === "__aliases__") return aliasName(m);
  }
  if (isAtomAst(left)) return left.atom;
  if (isNode(left) && left.name === "__aliases__") return aliasName(left);
  return null;
}

function aliasName(n: AstNode): string | null {
  const parts = (n.args ?? []).map((x) => (isAtomAst(x) ? x.atom : null));
  return parts.every((p) => p !== null) ? "Elixir." + parts.join(".") : null;
}

/** Macro.underscore of a module's last segment (`Elixir.Foo.HTTPServer` → "http_server"). */
function underscoreAlias(module: string): string {
  if (!module.startsWith("Elixir.")) return module;
  const last = module.slice(module.lastIndexOf(".") + 1);
  let out = "";
  for (let i = 0; i < last.length; i++) {
    const c = last[i];
    const prev = last[i - 1];
    const next = last[i + 1];
    const upper = c >= "A" && c <= "Z";
    if (upper && i > 0 && ((prev >= "a" && prev <= "z") || (prev >= "0" && prev <= "9") || (prev >= "A" && prev <= "Z" && next !== undefined && next >= "a" && next <= "z"))) out += "_";
    out += upper ? c.toLowerCase() : c === "." ? "/" : c;
  }
  return out;
}

/** Module.merge_signatures: a later clause's guess over the first's, argument by argument. */
export function mergeSignatures(older: SigArg[], newer: SigArg[]): SigArg[] {
  if (older.length !== newer.length) return older;
  return older.map((o, i) => mergeArg(o, newer[i], i + 1));
}

function mergeArg(older: SigArg, newer: SigArg, i: number): SigArg {
  const strip = (s: SigArg): SigArg => ({ name: s.name, strong: s.strong });
  if ("default" in older) return { ...mergeArg(strip(older), newer, i), default: older.default };
  if ("default" in newer) return mergeArg(older, strip(newer), i);
  if (older.strong) return older;
  if (newer.strong) return newer;
  if (older.name === newer.name) return older;
  return { name: `arg${i}`, strong: false };
}

/** elixir_erl's signature_to_binary: the call as the formatter writes it. */
export function signatureText(module: string, name: string, signature: SigArg[]): string {
  if (name === "__aliases__" || name === "__block__") return `${name}(args)`;
  if (name === "fn") return "fn(clauses)";
  if (["__CALLER__", "__DIR__", "__ENV__", "__MODULE__", "__STACKTRACE__", "%{}"].includes(name)) return name;
  if (name === "%") return "%struct{}";
  if (name === "__struct__" && signature.length === 0) return `%${module.startsWith("Elixir.") ? module.slice(7) : ":" + module}{}`;
  const args = signature.map((s) => {
    const v: Term = [a(s.name), NIL, s.strong ? null : a("Elixir")];
    return "default" in s ? ([a("\\\\"), NIL, list([v, s.default])] as Term) : v;
  });
  const quoted: Term = [a(name), list([[a("closing"), NIL]]), list(args)];
  return format(quotedToAlgebra(quoted), Infinity);
}

const en = (doc: Term): Term => MapTerm.fromPairs([["en", doc]]);

/** elixir_erl's doc_value: false hides, nil is none (hidden for a name starting with `_`). */
function docValue(doc: Term, name: string): Term {
  if (doc === false) return a("hidden");
  if (doc === null || doc === undefined) return name.startsWith("_") ? a("hidden") : a("none");
  return en(doc);
}

const metaMap = (m: Map<string, Term>): Term => MapTerm.fromPairs([...m].map(([k, v]) => [a(k), v] as [Term, Term]));

/** The docs_v1 term of a module (what Code.fetch_docs/1 answers). */
export function docsChunkTerm(module: string, src: DocsChunkSource): Term {
  const md = src.moduledoc;
  const moduleLine = md?.line ?? src.line;
  const moduledoc = md === undefined || md.value === null ? a("none") : md.value === false ? a("hidden") : en(md.value);
  const byKey = (x: { name: string; arity: number }, y: { name: string; arity: number }) => (x.name < y.name ? -1 : x.name > y.name ? 1 : x.arity - y.arity);
  const fns = src.functions.filter((f) => f.kind === "function").sort(byKey);
  const macros = src.functions.filter((f) => f.kind === "macro").sort(byKey);
  const entries: Term[] = [...fns, ...macros].map((f) => [[a(f.kind), a(f.name), f.arity], f.line, list([signatureText(module, f.name, f.signature)]), docValue(f.doc, f.name), metaMap(f.meta)] as Term);
  // (callbacks sorted, macrocallbacks after; the types as Kernel.Typespec takes them: @type's, then @opaque's)
  const callbacks = [...src.specs.filter((s) => s.kind === "callback").sort(byKey), ...src.specs.filter((s) => s.kind === "macrocallback").sort(byKey)];
  const isOpaque = (s: SpecDocEntry) => s.meta.get("opaque") === true;
  const types = [...src.specs.filter((s) => s.kind === "type" && !isOpaque(s)), ...src.specs.filter((s) => s.kind === "type" && isOpaque(s))];
  for (const s of [...callbacks, ...types]) entries.push([[a(s.kind), a(s.name), s.arity], s.line, NIL, docValue(s.doc, s.name), metaMap(s.meta)] as Term);
  return [a("docs_v1"), moduleLine, a("elixir"), "text/markdown", moduledoc, metaMap(src.moduledocMeta), list(entries)];
}

/**
 * Where each module's object file was written (as given: `./Elixir.Foo.beam`), by runtime,
 * with the module's code loaded from it: a module defined again in memory has no file.
 */
const written = new WeakMap<Runtime, Map<string, { path: string; def: object }>>();

/** The object file `module`'s loaded code came from, if any. */
export function objectFilePath(rt: Runtime, module: string): string | undefined {
  const w = written.get(rt)?.get(module);
  return w !== undefined && rt.modules.get(module) === w.def ? w.path : undefined;
}

/** Remembers `path` as the object file `module`'s loaded code came from. */
export function setObjectFilePath(rt: Runtime, module: string, path: string): void {
  const def = rt.modules.get(module);
  if (def === undefined) return;
  let m = written.get(rt);
  if (m === undefined) written.set(rt, (m = new Map()));
  m.set(module, { path, def });
}

