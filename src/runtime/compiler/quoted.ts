// Quoted form as the compiler holds it (Ast, see lang/ast.ts) and as Elixir code sees it
// (terms: `{name, meta, args}` tuples, keyword-list metadata, lists, atoms). Macros take and
// return terms, `quote` builds them, Code.string_to_quoted gives them; the compiler works on
// Ast. These two functions convert between the forms without loss: metadata keeps its keys
// in order, a variable keeps its context, and a term that is not quoted form (a pid, a map,
// a 3-tuple that is no call) travels as an Ast literal for the expander to judge.
import type { Ast, AstNode, Meta } from "../../lang/ast.js";
import { isAtomAst, isLiteralAst, isTupleAst } from "../../lang/ast.js";
import { bytesToString, stringToBytes } from "../../lang/unescape.js";
import { Atom, Bin, Cons, Float, NIL, Term, a, binFromBytes, int, list } from "../term.js";

export interface ToTermOptions {
  /** Keep `column:` in metadata (Code.string_to_quoted(s, columns: true)). */
  columns?: boolean;
  /** What a :literal_encoder made of each wrapped literal. */
  encoded?: Map<AstNode, Term>;
  /** What the :static_atoms_encoder made of each name, by its stand-in (lang/lexer.ts atomSlot). */
  atoms?: Map<string, Term>;
}

/** An atom of the quoted form: the encoder's term for a stand-in name. */
const atomTerm = (name: string, opts: ToTermOptions): Term => (opts.atoms !== undefined && name.charCodeAt(0) === 0 ? opts.atoms.get(name) ?? a(name) : a(name));

/** The term for quoted form `ast`. */
export function astToTerm(ast: Ast, opts: ToTermOptions = {}): Term {
  if (typeof ast === "bigint") return int(ast);
  if (typeof ast === "number") return new Float(ast);
  if (typeof ast === "string") return /[\uDC80-\uDCFF]/.test(ast) ? binFromBytes(stringToBytes(ast)) : ast;
  if (ast === null || ast === true || ast === false) return ast;
  if (Array.isArray(ast)) return list(ast.map((x) => astToTerm(x, opts)));
  if (isAtomAst(ast)) return atomTerm(ast.atom, opts);
  if (isTupleAst(ast)) return [astToTerm(ast.tuple[0], opts), astToTerm(ast.tuple[1], opts)];
  if (isLiteralAst(ast)) return ast.literal as Term;
  const node = ast as AstNode;
  if (node.encoded && opts.encoded !== undefined) {
    const t = opts.encoded.get(node);
    if (t !== undefined) return t;
  }
  const name = typeof node.name === "string" ? atomTerm(node.name, opts) : astToTerm(node.name, opts);
  const args = node.args === null ? (node.context === undefined ? null : a(node.context)) : list(node.args.map((x) => astToTerm(x, opts)));
  return [name, metaToTerm(node.meta, opts), args];
}

/** Metadata as a keyword list, in the order the keys were set. */
export function metaToTerm(meta: Meta | undefined, opts: ToTermOptions = {}): Term {
  if (meta === undefined || meta === null) return NIL;
  const pairs: Term[] = [];
  for (const k of Object.keys(meta)) {
    const v = meta[k];
    // A key repeated in the metadata is stored with a "\0" suffix (see appendMeta in lang/ast.ts).
    const name = k.includes("\0") ? k.slice(0, k.indexOf("\0")) : k;
    if (v === undefined || (name === "column" && !opts.columns)) continue;
    pairs.push([a(name), metaValue(v, opts)]);
  }
  return list(pairs);
}

/**
 * A metadata value: a term, or what the parser's token metadata writes as plain objects:
 * a nested location (`closing: [line: 1, column: 6]`) or an atom (`format: :keyword`).
 */
function metaValue(v: unknown, opts: ToTermOptions): Term {
  if (typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype) {
    const o = v as Record<string, unknown>;
    if (typeof o.atom === "string" && Object.keys(o).length === 1) return a(o.atom);
    return metaToTerm(o as Meta, opts);
  }
  return v as Term;
}

/** Quoted form `t` as Ast (non-quoted values become literals). */
export function termToAst(t: Term): Ast {
  if (typeof t === "number") return BigInt(t);
  if (typeof t === "bigint") return t;
  if (typeof t === "string") return t;
  if (t === null || t === true || t === false) return t;
  if (t instanceof Atom) return { atom: t.name };
  if (t instanceof Float) return t.v;
  if (t instanceof Bin) return t.bits === 0 ? bytesToString(t.bytes) : { literal: t };
  if (t === NIL || t instanceof Cons) {
    const out: Ast[] = [];
    let l = t;
    for (; l instanceof Cons; l = l.t) out.push(termToAst(l.h));
    if (l !== NIL) return { literal: t, invalid: true };
    return out;
  }
  if (Array.isArray(t)) {
    if (t.length === 2) return { tuple: [termToAst(t[0]), termToAst(t[1])] };
    if (t.length === 3 && isQuotedCall(t)) {
      const [name, meta, args] = t;
      const node: AstNode = { name: name instanceof Atom ? name.name : termToAst(name), meta: metaFromTerm(meta), args: null };
      if (args === NIL || args instanceof Cons) node.args = termToAst(args) as Ast[];
      else if (args instanceof Atom) node.context = args.name;
      return node;
    }
  }
  return { literal: t, invalid: true };
}

/**
 * elixir_quote:linify/3 (:elixir.eval_quoted/4, Module.create/3): every `{form, meta, args}`
 * whose keyword meta has no :line gets `line: line` first.
 */
export function linifyQuoted(t: Term, line: number): Term {
  if (t instanceof Cons) {
    const items: Term[] = [];
    let l: Term = t;
    for (; l instanceof Cons; l = l.t) items.push(linifyQuoted(l.h, line));
    return list(items, l);
  }
  if (!Array.isArray(t)) return t;
  if (t.length === 2) return [linifyQuoted(t[0], line), linifyQuoted(t[1], line)];
  if (t.length !== 3) return t;
  const [form, meta, args] = t;
  let hasLine = false;
  for (let m = meta; m instanceof Cons && !hasLine; m = m.t) hasLine = Array.isArray(m.h) && m.h[0] === a("line");
  const newMeta = hasLine || !(meta === NIL || meta instanceof Cons) ? meta : new Cons([a("line"), line], meta);
  return [linifyQuoted(form, line), newMeta, args instanceof Cons ? linifyQuoted(args, line) : args];
}

/** `{name, meta, args}` with a keyword-list meta, args a list or a context atom. */
function isQuotedCall(t: Term[]): boolean {
  const [name, meta, args] = t;
  if (!(meta === NIL || meta instanceof Cons)) return false;
  if (!(args === null || args instanceof Atom || args === NIL || (args instanceof Cons && listIsProper(args)))) return false;
  // The name: an atom, or a call (a remote `{:., _, _}` or anything quoted).
  return name instanceof Atom || (Array.isArray(name) && name.length === 3) || (args !== null && !(args instanceof Atom));
}

function listIsProper(l: Term): boolean {
  for (; l instanceof Cons; l = l.t);
  return l === NIL;
}

/** A keyword list of metadata as a Meta object (line and column default to 0 if absent). */
export function metaFromTerm(meta: Term): Meta {
  const out = {} as Meta;
  for (let l = meta; l instanceof Cons; l = l.t) {
    const p = l.h;
    if (Array.isArray(p) && p.length === 2 && p[0] instanceof Atom && !(p[0].name in out)) out[p[0].name] = p[1];
  }
  return out;
}
