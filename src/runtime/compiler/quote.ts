// `quote` (and Macro.escape): the code that builds a quoted expression, following
// elixir_quote's rules, so the terms `quote` gives carry exactly Elixir's metadata:
//   - line/column are dropped (unless `line:`/`location: :keep`/escaping keeps them);
//   - variables get the quote's context (`{:x, [], Elixir}`), for hygiene;
//   - aliases record what they expanded to where quoted (`alias: Foo.Bar` or `alias: false`);
//   - calls of imported functions record `context:` and `imports: [{arity, Module}]`, so a
//     macro's code calls what was imported where it was written;
//   - `unquote(expr)` is `expr` itself, `unquote_splicing` splices a list at run time.
// Parts without unquotes are built now, at compile time, and become one constant.
import { Ast, AstNode, Meta, isAtomAst, isLiteralAst, isNode, isTupleAst } from "../../lang/ast.js";
import { Atom, Cons, NIL, Term, a, list } from "../term.js";
import { astToTerm } from "./quoted.js";

/**
 * The context a quote gives its variables and calls when `context:` is a value known only
 * when the quote runs: the form is built with this atom, replaced then (:beamsh_module.__quote_context__/2).
 */
export const QUOTE_CONTEXT_PLACEHOLDER = "beamsh quote context";

export interface QuoteOptions {
  /** The context atom name variables get (the module, or "Elixir" outside modules). */
  context: string;
  unquote: boolean;
  /** false: drop lines; true: keep them; a number: set every line to it. */
  line: boolean | number;
  /** `line: expr` with a value known only when the quote runs: every line is set to it. */
  lineCode?: Ast;
  /** `location: :keep` records `keep: {file, line}`. */
  file: string | null;
  generated: boolean;
  /** Hygiene: off for Macro.escape. */
  hygiene: boolean;
}

/** What quoting needs from the environment where `quote` is written. */
export interface QuoteEnv {
  /** The module an alias expands to there, or false when it is not aliased. */
  aliasAnnotation(first: string): string | false;
  /** [{arity, module}] for every import of `name` (functions and macros), sorted. */
  imports(name: string): [number, string][];
  /** The module `name/arity` is imported from, or null. */
  importOf(name: string, arity: number): string | null;
}

/** A quoted value known now (`t`) or code that builds it (`c`). */
type QV = { t: Term } | { c: Ast };

const isT = (q: QV): q is { t: Term } => "t" in q;
const code = (q: QV): Ast => (isT(q) ? literalOf(q.t) : q.c);

/** Ast for a known term (plain scalars stay themselves, so the code reads naturally). */
function literalOf(t: Term): Ast {
  if (t === null || t === true || t === false || typeof t === "string") return t;
  if (typeof t === "number") return BigInt(t);
  if (t instanceof Atom) return { atom: t.name };
  return { literal: t };
}

const M0 = { line: 0, column: 0 } as Meta;
const remote = (mod: string, fun: string, args: Ast[]): Ast => ({ name: { name: ".", meta: M0, args: [{ atom: mod }, { atom: fun }] }, meta: M0, args });

function tupleQ(items: QV[]): QV {
  if (items.every(isT)) return { t: items.map((q) => (q as { t: Term }).t) };
  if (items.length === 2) return { c: { tuple: [code(items[0]), code(items[1])] } };
  return { c: { name: "{}", meta: M0, args: items.map(code) } };
}

function listQ(items: QV[], tail: QV | null = null): QV {
  if (items.every(isT) && (tail === null || isT(tail))) return { t: list(items.map((q) => (q as { t: Term }).t), tail === null ? NIL : tail.t) };
  const elems = items.map(code);
  if (tail !== null) elems[elems.length - 1] = { name: "|", meta: M0, args: [elems[elems.length - 1], code(tail)] };
  return { c: elems };
}

// ---- ordered metadata --------------------------------------------------------------------

type KW = [string, Term][];

const kwFrom = (meta: Meta | undefined): KW => (meta ? Object.keys(meta).filter((k) => meta[k] !== undefined && k !== "column").map((k) => [k, meta[k] as Term]) : []);
const kwFind = (kw: KW, k: string): Term | undefined => kw.find((p) => p[0] === k)?.[1];
const kwDelete = (kw: KW, k: string): KW => kw.filter((p) => p[0] !== k);
/** lists:keystore: replace in place, else append; a nil value leaves it unchanged. */
function kwStore(kw: KW, k: string, v: Term): KW {
  if (v === null) return kw;
  const i = kw.findIndex((p) => p[0] === k);
  if (i < 0) return [...kw, [k, v]];
  const out = [...kw];
  out[i] = [k, v];
  return out;
}
const kwTerm = (kw: KW): Term => list(kw.map(([k, v]) => [a(k), v]));

export class Quoter {
  constructor(
    readonly q: QuoteOptions,
    readonly env: QuoteEnv,
  ) {}

  /** Code building the quoted form of `ast` (a constant when nothing is unquoted). */
  quote(ast: Ast): Ast {
    if (this.q.unquote && isNode(ast) && ast.name === "unquote_splicing" && ast.args?.length === 1) {
      throw new QuoteError("unquote_splicing only works inside arguments and block contexts, wrap it in parens if you want it to work with one-liners");
    }
    return code(this.do(ast));
  }

  private meta(kw: KW): QV {
    const t = this.metaTerm(kw);
    const lineCode = this.q.lineCode;
    if (lineCode === undefined || this.q.file !== null) return { t };
    // Stored as lists:keystore does: in place of a line the node has, else last.
    const entries: QV[] = [];
    let stored = false;
    for (let l = t; l instanceof Cons; l = l.t) {
      const [k, v] = l.h as [Atom, Term];
      if (k.name === "line") {
        entries.push(tupleQ([{ t: k }, { c: lineCode }]));
        stored = true;
      } else entries.push({ t: [k, v] });
    }
    if (!stored) entries.push(tupleQ([{ t: a("line") }, { c: lineCode }]));
    return listQ(entries);
  }

  private metaTerm(kw: KW): Term {
    let out = kw;
    const { line, file } = this.q;
    if (file !== null) {
      const l = kwFind(out, "line");
      out = kwDelete(out, "line");
      out = [["keep", [file, l === undefined ? 0 : l]], ...out];
    } else if (line === false) out = kwDelete(out, "line");
    else if (typeof line === "number") out = kwStore(out, "line", line);
    if (this.q.generated) out = [["generated", true], ...out];
    return kwTerm(out);
  }

  private importMeta(kw: KW, name: string, arity: number): KW {
    if (kwFind(kw, "import") !== undefined) return kw;
    const imports = this.env.imports(name);
    if (imports.length === 0) {
      if (arity === 1 && kwFind(kw, "ambiguous_op") === null && kw.some((p) => p[0] === "ambiguous_op")) return kwStore(kw, "ambiguous_op", a(this.q.context));
      return kw;
    }
    return kwStore(kwStore(kw, "context", a(this.q.context)), "imports", list(imports.map(([n, m]) => [n, a(m)])));
  }

  private do(ast: Ast): QV {
    if (Array.isArray(ast)) return this.list(ast);
    if (isTupleAst(ast)) return this.pair(ast.tuple[0], ast.tuple[1]);
    if (isLiteralAst(ast)) return { t: ast.literal as Term };
    if (!isNode(ast)) return { t: astToTerm(ast) };
    const node = ast;
    const { q } = this;
    const name = node.name;
    // quote inside quote: its body is not unquoted now
    if (name === "quote" && node.args !== null && (node.args.length === 1 || node.args.length === 2)) {
      const inner = new Quoter({ ...q, unquote: false }, this.env);
      const args = node.args.length === 1 ? [inner.do(node.args[0])] : [this.do(node.args[0]), inner.do(node.args[1])];
      let kw = kwFrom(node.meta);
      if (q.hygiene) kw = kwStore(kw, "context", a(q.context));
      return tupleQ([{ t: a("quote") }, this.meta(kw), listQ(args)]);
    }
    if (name === "unquote" && q.unquote && node.args?.length === 1) return { c: node.args[0] };
    if (name === "__aliases__" && q.hygiene && node.args !== null && node.args.length > 0 && isAtomAst(node.args[0]) && node.args[0].atom !== "Elixir") {
      // (what elixir_aliases:expand gives: the alias's module with the rest of the names joined on)
      const first = this.env.aliasAnnotation(node.args[0].atom);
      const rest = node.args.slice(1);
      const ann = first === false || !rest.every(isAtomAst) ? first : [first, ...rest.map((p) => (p as { atom: string }).atom)].join(".");
      const kw = kwStore(kwDelete(kwFrom(node.meta), "counter"), "alias", ann === false ? false : a(ann));
      return this.tuple("__aliases__", kw, node.args);
    }
    if (typeof name === "string" && node.args === null && node.context === undefined && q.hygiene) {
      const kw = this.importMeta(kwFrom(node.meta), name, 0);
      return tupleQ([{ t: a(name) }, this.meta(kw), { t: a(q.context) }]);
    }
    // Left.unquote(expr)(args) and Left.unquote(expr): the call is made at run time.
    if (q.unquote && isNode(name) && node.args !== null) {
      const dotUnquote = (n: Ast): [Ast, Ast, Meta] | null => {
        if (!isNode(n) || n.args?.length !== 1 || !isNode(n.name) || n.name.name !== "." || n.name.args?.length !== 2) return null;
        const [left, right] = n.name.args;
        return isAtomAst(right) && right.atom === "unquote" ? [left, n.args[0], n.name.meta] : null;
      };
      const withArgs = dotUnquote(name);
      if (withArgs !== null) return this.dot(withArgs[2], withArgs[0], withArgs[1], node.args);
      const plain = dotUnquote(node);
      if (plain !== null) return this.dot(plain[2], plain[0], plain[1], null);
    }
    if (name === "&" && q.hygiene && node.args?.length === 1) {
      const slash = node.args[0];
      if (isNode(slash) && slash.name === "/" && slash.args?.length === 2 && typeof slash.args[1] === "bigint") {
        const f = slash.args[0];
        if (isNode(f) && typeof f.name === "string" && f.args === null) {
          const arity = Number(slash.args[1]);
          const from = this.env.importOf(f.name, arity);
          let kw = kwFrom(node.meta);
          if (from !== null) kw = kwStore(kwStore(kw, "imports", list([[arity, a(from)]])), "context", a(q.context));
          return this.tuple("&", kw, node.args);
        }
      }
    }
    if (typeof name === "string") {
      let kw = kwFrom(node.meta);
      if (q.hygiene) kw = this.importMeta(kw, name, node.args === null ? 0 : node.args.length);
      const args = this.annotate(name, kw, node);
      if (args.kw !== undefined) kw = args.kw;
      return this.tuple(name, kw, args.args, node.context);
    }
    const annotated = this.annotate(null, kwFrom(node.meta), node);
    return tupleQ([this.do(name), this.meta(annotated.kw ?? kwFrom(node.meta)), node.args === null ? { t: node.context === undefined ? null : a(node.context) } : this.list(annotated.args ?? node.args)]);
  }

  /** Context annotations: a definition's head, an alias/import/require call. */
  private annotate(name: string | null, kw: KW, node: AstNode): { kw?: KW; args: Ast[] | null } {
    const args = node.args;
    const defName = name ?? (isNode(node.name) && node.name.name === "." && node.name.args?.length === 2 && isAtomAst(node.name.args[1]) ? node.name.args[1].atom : null);
    if (defName !== null && ["def", "defp", "defmacro", "defmacrop", "@"].includes(defName) && args !== null && args.length > 0 && isNode(args[0])) {
      const head = args[0];
      const meta = { ...head.meta, context: a(this.q.context) } as Meta;
      if (head.meta && "context" in head.meta) meta.context = a(this.q.context);
      return { args: [{ ...head, meta }, ...args.slice(1)] };
    }
    if (name !== null && ["import", "alias", "require"].includes(name) && args !== null && args.length > 0) {
      return { kw: kwStore(kwDelete(kw, "counter"), "context", a(this.q.context)), args };
    }
    return { args };
  }

  private tuple(name: string, kw: KW, args: Ast[] | null, context?: string): QV {
    const right: QV = args === null ? { t: context === undefined ? null : a(context) } : this.list(args);
    return tupleQ([{ t: a(name) }, this.meta(kw), right]);
  }

  private pair(left: Ast, right: Ast): QV {
    const splice = (x: Ast) => isNode(x) && x.name === "unquote_splicing";
    if (this.q.unquote && (splice(left) || splice(right))) return this.do({ name: "{}", meta: M0, args: [left, right] });
    return tupleQ([this.do(left), this.do(right)]);
  }

  private dot(meta: Meta, left: Ast, expr: Ast, args: Ast[] | null): QV {
    const all = [this.do(left), { c: expr } as QV, args === null ? { t: null } : this.list(args), { t: a(this.q.context) }];
    return { c: remote("elixir_quote", "dot", [code(this.meta(kwFrom(meta))), ...all.map(code)]) };
  }

  private list(items: Ast[]): QV {
    // In quoted form a list's tail is an ordinary `{:|, _, [h, t]}` element.
    if (!this.q.unquote) return listQ(items.map((x) => this.do(x)));
    // [..., unquote_splicing(x) | tail]
    const last = items[items.length - 1];
    if (isNode(last) && last.name === "|" && last.args?.length === 2 && isNode(last.args[0]) && last.args[0].name === "unquote_splicing" && last.args[0].args?.length === 1) {
      const before = this.splice(items.slice(0, -1));
      return { c: remote("elixir_quote", "tail_list", [last.args[0].args[0], code(this.do(last.args[1])), code(before)]) };
    }
    return this.splice(items);
  }

  /** A list whose items may be `unquote_splicing(x)`: concatenated at run time. */
  private splice(items: Ast[]): QV {
    const parts: QV[] = [];
    let buffer: QV[] = [];
    const flush = () => {
      if (buffer.length > 0) parts.push(listQ(buffer));
      buffer = [];
    };
    for (const it of items) {
      if (isNode(it) && it.name === "unquote_splicing" && it.args?.length === 1) {
        flush();
        parts.push({ c: remote("elixir_quote", "list", [it.args[0], []]) });
      } else buffer.push(this.do(it));
    }
    flush();
    if (parts.length === 0) return { t: NIL };
    return parts.reduce((acc, p) => ({ c: remote("erlang", "++", [code(acc), code(p)]) }));
  }
}

/** An error in how quote/unquote was used (raised as ArgumentError or CompileError). */
export class QuoteError extends Error {}
