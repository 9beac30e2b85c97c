// Code.Formatter: quoted form (as the normalizer or the formatting parser gives it) to an
// Inspect.Algebra document, laid out by the rules Elixir 1.14's `mix format` follows:
// operators with the parentheses precedence needs and their five breaking styles (no space,
// no new line, pipelines and `when`/`|` starting the next line, the rest breaking after the
// operator), calls with and without parentheses (keyword tails, do/end blocks, next-break-
// fits for a last argument that can open), containers that break one item a line, strings,
// heredocs, charlists and sigils with their escapes, bitstrings, anonymous functions and
// clauses, and comments placed between the expressions their lines fall between.
// Macro.to_string/1 and Code.quoted_to_algebra/2 go through normalize() and then here.
import * as A from "../algebra.js";
import type { Doc } from "../algebra.js";
import { fce } from "../arith.js";
import { badArgs } from "../errors.js";
import { classifyAtom, inspect, inspectAtom } from "../inspect.js";
import { Atom, Bin, Cons, Float, NIL, Term, a, atomName, list } from "../term.js";
import { bytesToString } from "../../lang/unescape.js";
import { parse } from "../../lang/parser.js";
import type { SourceComment } from "../../lang/token.js";
import { astToTerm } from "./quoted.js";
import {
  DEFAULT_LOCALS_WITHOUT_PARENS, LocalSpec, binaryOp, isLocalWithoutParens, unaryOp,
} from "./code-formatter-tables.js";
import {
  isAtomT, isCall, isInterpolated, isKernelToString, isListT, items, kwDelete, kwGet, normalize,
} from "./code-normalizer.js";

const NEWLINES = 2;
const MIN_LINE = 0;
const MAX_LINE = 9_999_999;
const EMPTY: Doc = A.DOC_NIL;

const NO_SPACE_OPS = new Set(["..", "//"]);
const NO_NEWLINE_OPS = new Set(["\\\\", "in"]);
const PIPELINE_OPS = new Set(["|>", "~>>", "<<~", "~>", "<~", "<~>", "<|>"]);
const RIGHT_NEWLINE_BEFORE_OPS = new Set(["|", "when"]);
const LOGICAL_OPS = new Set(["||", "|||", "or", "&&", "&&&", "and"]);
const NEXT_BREAK_FITS_OPS = new Set(["<-", "==", "!=", "=~", "===", "!==", "<", ">", "<=", ">=", "=", "::"]);
const PARENS_ON_OPERANDS_OPS = new Set(["|>", "<<<", ">>>", "<~", "~>", "<<~", "~>>", "<~>", "<|>", "^^^", "+++", "---", "in", "++", "--", "..", "<>"]);
const DO_END_KEYWORDS = new Set(["rescue", "catch", "else", "after"]);
const BITSTRING_MODIFIERS = new Set(["integer", "float", "bits", "bitstring", "binary", "bytes", "utf8", "utf16", "utf32", "signed", "unsigned", "little", "big", "native", "_"]);
const AMPERSAND_PREC = 90;

type Ctx = "block" | "operand" | "parens_arg" | "no_parens_arg" | "parens_one_arg" | "no_parens_one_arg";
type Parens = "skip_unless_many_args" | "skip_if_only_do_end" | "skip_if_do_end" | "required";
type Join = "line" | "break" | "flex_break";
type LastArgMode = "force_comma" | "next_break_fits" | "none";

/** A comment as Code.string_to_quoted_with_comments/2 reports it. */
export interface Comment {
  line: number;
  previousEol: number;
  nextEol: number;
  text: Doc;
}

export interface FormatterOptions {
  comments?: Comment[];
  forceDoEndBlocks?: boolean;
  localsWithoutParens?: LocalSpec[];
  normalizeBitstringModifiers?: boolean;
}

/** Nodes the formatter makes for itself while laying out clause heads and bitstring segments. */
class Special {
  constructor(readonly kind: "clause_args" | "bitstring_segment", readonly meta: Term, readonly args: Term[]) {}
}

type Triplet = [Doc, Doc, number];

const atomIs = (t: Term, name: string): boolean => t instanceof Atom && t.name === name;
const nameOf = (t: Term): string | null => (t instanceof Atom ? t.name : t === null ? "nil" : t === true ? "true" : t === false ? "false" : null);
const isBinaryT = (t: Term): boolean => typeof t === "string" || (t instanceof Bin && t.bits === 0);
const binText = (t: Term): string => (typeof t === "string" ? t : bytesToString((t as Bin).bytes));
const isInt = (t: Term): boolean => typeof t === "number" || typeof t === "bigint";

function lineOf(meta: Term): number {
  const l = kwGet(meta, "line");
  return typeof l === "number" ? l : MAX_LINE;
}
function nestedLine(meta: Term, key: string): number {
  const inner = kwGet(meta, key);
  const l = inner === undefined ? undefined : kwGet(inner, "line");
  return typeof l === "number" ? l : MIN_LINE;
}
const endLine = (meta: Term): number => nestedLine(meta, "end");
const closingLine = (meta: Term): number => nestedLine(meta, "closing");
const metaIsList = (meta: Term, key: string): boolean => isListT(kwGet(meta, key) ?? 0);

const glue = (x: Doc, y: Doc): Doc => A.glue(x, " ", y);
const flexGlue = (x: Doc, y: Doc): Doc => A.flexGlue(x, " ", y);
const line = (x: Doc, y: Doc): Doc => A.lineJoin(x, y);
const collapseLines = (max: number): Doc => ({ k: "collapse", max });

function surround(left: Doc, doc: Doc, right: Doc): Doc {
  if (doc === EMPTY) return A.concat(left, right);
  return A.group(A.glue(A.nest(A.glue(left, "", doc), 2, "break"), "", right));
}

const wrapInParens = (doc: Doc): Doc => A.concat(A.concat("(", A.nest(doc, "cursor")), ")");

function concatToLastGroup(doc: Doc, c: Doc): Doc {
  if (typeof doc === "object" && doc.k === "cons") return { k: "cons", l: doc.l, r: concatToLastGroup(doc.r, c) };
  if (typeof doc === "object" && doc.k === "group") return { k: "group", d: { k: "cons", l: doc.d, r: c }, inherit: doc.inherit };
  return { k: "cons", l: doc, r: c };
}

const ungroupIfGroup = (doc: Doc): Doc => (typeof doc === "object" && doc.k === "group" ? doc.d : doc);
const formatToString = (doc: Doc): string => A.format(doc, Infinity);

function withNextBreakFits(condition: boolean, doc: Doc, fun: (d: Doc) => Doc): Doc {
  if (!condition) return fun(doc);
  return A.nextBreakFits(fun(A.nextBreakFits(doc, "enabled")), "disabled");
}

function splitLast<T>(xs: T[]): [T[], T] {
  return [xs.slice(0, -1), xs[xs.length - 1]];
}

/** Keyword?/1 as the formatter decides it: a list of 2-tuples. */
function isKeyword(t: Term): boolean {
  if (!isListT(t)) return false;
  let l = t;
  for (; l instanceof Cons; l = l.t) if (!(Array.isArray(l.h) && l.h.length === 2)) return false;
  return l === NIL;
}

function isBinaryOperator(q: Term): boolean {
  if (!isCall(q) || !(q[0] instanceof Atom) || !isListT(q[2])) return false;
  const n = items(q[2]).length;
  if (n === 3) return q[0].name === "..//";
  return n === 2 && binaryOp(q[0].name) !== null;
}

function isUnaryOperator(q: Term): boolean {
  return isCall(q) && q[0] instanceof Atom && isListT(q[2]) && items(q[2]).length === 1 && unaryOp(q[0].name) !== null;
}

function isModuleAttributeRead(q: Term): boolean {
  if (!isCall(q) || !atomIs(q[0], "@")) return false;
  const args = items(q[2]);
  if (args.length !== 1) return false;
  const v = args[0];
  return isCall(v) && v[0] instanceof Atom && isAtomT(v[2]) && classifyAtom(v[0].name) === "identifier";
}

const isIntegerCapture = (q: Term): boolean => isCall(q) && atomIs(q[0], "&") && isListT(q[2]) && items(q[2]).length === 1 && isInt(items(q[2])[0]);

function wrapInParensIfOperator(doc: Doc, q: Term): Doc {
  if (isCall(q) && atomIs(q[0], "__block__") && isListT(q[2]) && items(q[2]).length === 1) return wrapInParensIfOperator(doc, items(q[2])[0]);
  if ((isUnaryOperator(q) || isBinaryOperator(q)) && !isModuleAttributeRead(q) && !isIntegerCapture(q)) return wrapInParens(doc);
  return doc;
}

const wrapInParensIfBinaryOperator = (doc: Doc, q: Term): Doc => (isBinaryOperator(q) ? wrapInParens(doc) : doc);

function insertUnderscores(digits: string): string {
  if (digits.includes("_")) return digits;
  if (digits.length < 6) return digits;
  const rev = [...digits].reverse();
  const chunks: string[] = [];
  for (let i = 0; i < rev.length; i += 3) chunks.push(rev.slice(i, i + 3).join(""));
  return [...chunks.join("_")].reverse().join("");
}

function integerText(token: string): string {
  if (token.startsWith("0x")) return "0x" + token.slice(2).toUpperCase();
  if (token.startsWith("0b") || token.startsWith("0o")) return token;
  if (token.startsWith("?")) return token;
  return insertUnderscores(token);
}

function floatText(token: string): string {
  const dot = token.indexOf(".");
  return insertUnderscores(token.slice(0, dot)) + "." + token.slice(dot + 1).toLowerCase();
}

const replaceAll = (s: string, from: string, to: string): string => s.split(from).join(to);

function heredocLine(rest: string[]): Doc {
  return rest.length >= 2 && rest[0] === "" ? A.nest(A.DOC_LINE, "reset") : A.DOC_LINE;
}

function heredocToAlgebra(parts: string[]): Doc {
  if (parts.length === 1) return A.string(parts[0]);
  const [first, ...rest] = parts;
  if (first === "") return A.concat(heredocLine(rest), heredocToAlgebra(rest));
  return A.concat(A.concat(A.string(first), heredocLine(rest)), heredocToAlgebra(rest));
}

function escapeHeredoc(s: string, escape: string): Doc {
  return heredocToAlgebra(["", ...replaceAll(s, escape, "\\" + escape).split("\n")]);
}

function escapeString(s: string, escape: string): Doc {
  const escaped = replaceAll(s, escape, "\\" + escape);
  if ([...escape].length === 3) return heredocToAlgebra(escaped.split("\n"));
  const parts = escaped.split("\n").map((p) => A.string(p));
  let acc = parts[parts.length - 1];
  for (let i = parts.length - 2; i >= 0; i--) acc = A.concat(parts[i], A.concat(A.nest(A.DOC_LINE, "reset"), acc));
  return acc;
}

function closingSigilDelimiter(open: string): string {
  return ({ "(": ")", "[": "]", "{": "}", "<": ">" } as Record<string, string>)[open] ?? open;
}

function prependHeredocLine(entries: Term[]): Term[] {
  if (entries.length > 0 && isBinaryT(entries[0])) return ["\n" + binText(entries[0]), ...entries.slice(1)];
  return ["\n", ...entries];
}

export class Formatter {
  private forceDoEnd: boolean;
  private locals: LocalSpec[];
  private nesting = 2;
  private skipEol = false;
  private comments: Comment[];
  private normalizeModifiers: boolean;

  constructor(opts: FormatterOptions = {}) {
    this.forceDoEnd = opts.forceDoEndBlocks ?? false;
    this.locals = [...(opts.localsWithoutParens ?? []), ...DEFAULT_LOCALS_WITHOUT_PARENS];
    this.comments = gatherComments((opts.comments ?? []).map((c) => ({ ...c, text: formatCommentText(c.text as string) })));
    this.normalizeModifiers = opts.normalizeBitstringModifiers ?? true;
  }

  toAlgebra(quoted: Term): Doc {
    return this.block(quoted, MIN_LINE, MAX_LINE);
  }

  private eol(meta: Term): boolean {
    if (this.skipEol) return false;
    const n = kwGet(meta, "newlines");
    return typeof n === "number" && n > 0;
  }

  // -------------------------------------------------------------------------
  // Expressions

  private q2a(q: Term, ctx: Ctx): Doc {
    if (q instanceof Special) {
      if (q.kind === "clause_args") return A.group(this.clauseArgs(items(q.args[0])));
      return this.bitstringSegment(q.args[0], -1, q.args[1] as number);
    }
    if (Array.isArray(q) && q.length === 2) return this.pair(q[0], q[1], ctx);
    if (isListT(q)) {
      const xs = items(q);
      if (xs.length > 0 && isCall(xs[0]) && atomIs(xs[0][0], "->")) return this.typeFun(xs, MAX_LINE, MIN_LINE);
      return this.manyArgs(xs, (x) => this.q2a(x, ctx));
    }
    if (!isCall(q)) return inspect(q);
    const [form, meta, args] = q;
    if (isAtomT(args)) {
      if (!isAtomT(form)) throw badArgs([[1, "not an atom"]]);
      return A.string(nameOf(form)!);
    }
    if (!isListT(args)) return inspect(q);
    const argv = items(args);
    const name = nameOf(form);

    switch (name) {
      case "<<>>":
        return this.bitstringOrString(meta, argv);
      case "%":
        if (argv.length === 2 && isCall(argv[1]) && atomIs(argv[1][0], "%{}") && isListT(argv[1][2])) {
          return this.map(argv[1][1], this.q2a(argv[0], "parens_arg"), items(argv[1][2]));
        }
        break;
      case "%{}":
        return this.map(meta, EMPTY, argv);
      case "{}":
        return this.tuple(meta, argv, "flex_break");
      case "__block__":
        return this.blockNode(q as [Term, Term, Term], meta, argv, ctx);
      case "__aliases__":
        if (argv.length > 0) {
          let doc: Doc = isAtomT(argv[0]) ? atomName(argv[0]) : this.withParensIfOperator(argv[0], ctx);
          for (const seg of argv.slice(1)) doc = A.concat(doc, "." + atomName(seg));
          return doc;
        }
        break;
      case "&":
        if (argv.length === 1) return this.capture(argv[0], ctx);
        break;
      case "@":
        if (argv.length === 1) return this.moduleAttribute(meta, argv[0], ctx);
        break;
      case "not":
        if (argv.length === 1 && isCall(argv[0]) && atomIs(argv[0][0], "in") && isListT(argv[0][2]) && items(argv[0][2]).length === 2) {
          const [l, r] = items(argv[0][2]);
          return this.binaryOp("in", "not in", meta, l, r, ctx, this.nesting);
        }
        break;
      case "..":
        if (argv.length === 0) return ctx === "no_parens_arg" || ctx === "no_parens_one_arg" ? "(..)" : "..";
        break;
      case "..//":
        if (argv.length === 3) return this.q2a([a("//"), meta, list([[a(".."), meta, list([argv[0], argv[1]])], argv[2]])], ctx);
        break;
      case "fn":
        if (argv.length > 0) return this.anonFun(argv, lineOf(meta), closingLine(meta), this.eol(meta));
        break;
    }
    if (isCall(form) && atomIs(form[0], ".") && isListT(form[2])) {
      const dotArgs = items(form[2]);
      if (dotArgs.length === 2) {
        const [target, fun] = dotArgs;
        if (atomIs(target, "Elixir.List") && atomIs(fun, "to_charlist") && argv.length === 1 && isListT(argv[0])) {
          const entries = items(argv[0]);
          if (entries.every((e) => isBinaryT(e) || isKernelToString(e))) {
            if (kwGet(meta, "delimiter") === "'''") {
              return A.forceUnfit(this.listInterpolation(prependHeredocLine(entries), "'''", "'''", "'''"));
            }
            return this.listInterpolation(entries, "'", "'", "'");
          }
        }
        if (atomIs(target, "erlang") && atomIs(fun, "binary_to_atom") && argv.length === 2 && atomIs(argv[1], "utf8") &&
          isCall(argv[0]) && atomIs(argv[0][0], "<<>>") && isListT(argv[0][2]) && isInterpolatedParts(items(argv[0][2]))) {
          return this.interpolation(items(argv[0][2]), '"', ':"', '"');
        }
        if (atomIs(target, "Elixir.Access") && atomIs(fun, "get") && argv.length === 2) {
          const targetDoc = this.remoteTarget(argv[0]);
          const arg = argv[1];
          const accessDoc = isKeyword(arg) && isListT(arg) ? this.listLiteral(meta, items(arg)) : this.listLiteral(meta, [arg]);
          return A.concat(targetDoc, accessDoc);
        }
      }
    }
    if (form instanceof Atom || isAtomT(form)) {
      const fname = nameOf(form)!;
      return this.sigil(fname, meta, argv) ?? this.unaryOpMaybe(fname, meta, argv, ctx) ?? this.binaryOpMaybe(fname, meta, argv, ctx) ??
        this.local(fname, meta, argv, ctx);
    }
    return this.remote(q as [Term, Term, Term], ctx);
  }

  private blockNode(q: [Term, Term, Term], meta: Term, argv: Term[], ctx: Ctx): Doc {
    if (argv.length === 1) {
      const x = argv[0];
      if (Array.isArray(x) && x.length === 2) return this.tuple(meta, [x[0], x[1]], "flex_break");
      if (isListT(x)) {
        const delimiter = kwGet(meta, "delimiter");
        if (delimiter === "'''") {
          const s = escapeHeredoc(charlistText(x), "'''");
          return A.forceUnfit(A.concat(A.concat("'''", s), "'''"));
        }
        if (delimiter === "'") return A.concat(A.concat("'", escapeString(charlistText(x), "'")), "'");
        return this.listLiteral(meta, items(x));
      }
      if (isBinaryT(x)) {
        if (kwGet(meta, "delimiter") === '"""') return A.forceUnfit(A.concat(A.concat('"""', escapeHeredoc(binText(x), '"""')), '"""'));
        return A.concat(A.concat('"', escapeString(binText(x), '"')), '"');
      }
      if (isAtomT(x)) return atomToAlgebra(x, meta);
      if (isInt(x)) return integerText(tokenOf(meta, x));
      if (x instanceof Float) return floatText(tokenOf(meta, x));
      if (isCall(x) && atomIs(x[0], "unquote_splicing") && isListT(x[2]) && items(x[2]).length === 1) {
        return wrapInParens(this.local("unquote_splicing", x[1], items(x[2]), ctx));
      }
      return this.q2a(x, ctx);
    }
    if (argv.length === 0) return "nil";
    return surround("(", this.block(q, lineOf(meta), closingLine(meta)), ")");
  }

  /** `{left, right}`: a keyword pair (`key: value`) or a map pair (`key => value`). */
  private pair(left: Term, right: Term, ctx: Ctx): Doc {
    let leftDoc: Doc;
    let op: string;
    if (isKeywordKey(left)) {
      const inner = items(left[2]);
      if (isCall(left) && atomIs(left[0], "__block__")) {
        const key = inner[0];
        const n = nameOf(key)!;
        if (n === "..//") leftDoc = A.string('"..//":');
        else {
          const c = classifyAtom(n);
          leftDoc = A.string(c === "identifier" || c === "unquoted" ? n + ":" : '"' + n + '":');
        }
      } else {
        const str = inner[0];
        leftDoc = this.interpolation(items(str[2]), '"', '"', '":');
      }
      op = "";
    } else {
      leftDoc = wrapInParensIfBinaryOperator(this.q2a(left, ctx), left);
      op = " =>";
    }
    const rightDoc = this.q2a(right, ctx);
    return withNextBreakFits(this.nextBreakFits(right), rightDoc, (r) =>
      A.concat(A.group(leftDoc), A.group(A.nest(A.glue(op, " ", A.group(r)), 2, "break"))));
  }

  // -------------------------------------------------------------------------
  // Blocks

  private block(q: Term, min: number, max: number): Doc {
    if (q instanceof Cons && isCall(q.h) && atomIs(q.h[0], "->")) return this.typeFun(items(q), min, max);
    if (isCall(q) && atomIs(q[0], "__block__") && isListT(q[2])) {
      const args = items(q[2]);
      if (args.length === 0) return this.blockArgs([], min, max);
      if (args.length >= 2) return this.blockArgs(args, min, max);
    }
    return this.blockArgs([q], min, max);
  }

  private blockArgs(args: Term[], min: number, max: number): Doc {
    const docs = this.withComments(args, [], min, max, (arg) => {
      const meta = isCall(arg) ? arg[1] : NIL;
      const eoe = kwGet(meta, "end_of_expression");
      const nl = eoe === undefined ? undefined : kwGet(eoe, "newlines");
      const newlines = typeof nl === "number" ? nl : 1;
      const doc = this.q2a(arg, "block");
      return [doc, isCall(arg) && atomIs(arg[0], "@") ? EMPTY : A.breakDoc(""), newlines];
    }).docs;
    if (docs.length === 0) return EMPTY;
    if (docs.length === 1) return docs[0];
    return A.forceUnfit(docs.reduce((acc, d) => line(acc, d)));
  }

  // -------------------------------------------------------------------------
  // Operators

  private unaryOpMaybe(fun: string, meta: Term, args: Term[], ctx: Ctx): Doc | null {
    if (args.length !== 1 || unaryOp(fun) === null) return null;
    return this.unaryOp(fun, meta, args[0], ctx);
  }

  private unaryOp(op: string, _meta: Term, arg: Term, ctx: Ctx): Doc {
    let doc = this.q2a(arg, forceManyArgsOrOperand(ctx, "operand"));
    const nestable = (op === "!" || op === "not") && isCall(arg) && atomIs(arg[0], op) && isListT(arg[2]) && items(arg[2]).length === 1;
    if (!nestable) doc = wrapInParensIfOperator(doc, arg);
    return A.concat(op === "not" ? "not " : op, doc);
  }

  private binaryOpMaybe(fun: string, meta: Term, args: Term[], ctx: Ctx): Doc | null {
    if (args.length !== 2 || binaryOp(fun) === null) return null;
    return this.binaryOp(fun, fun, meta, args[0], args[1], ctx, this.nesting);
  }

  private binaryOp(op: string, opString: string, meta: Term, left: Term, right: Term, ctx: Ctx, nesting: number): Doc {
    const info = binaryOp(op)!;
    const leftCtx = forceManyArgsOrOperand(ctx, "parens_arg");
    const rightCtx = forceManyArgsOrOperand(ctx, "operand");

    if (RIGHT_NEWLINE_BEFORE_OPS.has(op)) {
      const opStr = opString + " ";
      const min = isCall(left) ? lineOf(left[1]) : lineOf(meta);
      const operands: [string, Ctx, Term][] = [["root", leftCtx, left]];
      let cur = right;
      let curMeta = meta;
      let curCtx = rightCtx;
      while (isCall(cur) && atomIs(cur[0], op) && isListT(cur[2]) && items(cur[2]).length === 2) {
        const [l, r] = items(cur[2]);
        operands.push(["left", forceManyArgsOrOperand(curCtx, "parens_arg"), l]);
        curMeta = cur[1];
        curCtx = forceManyArgsOrOperand(curCtx, "operand");
        cur = r;
      }
      operands.push(["right", curCtx, cur]);
      const max = lineOf(curMeta);
      const doc = this.operandsWithComments(operands, meta, min, max, ctx, ([kind, c, arg]) => {
        if (kind === "root") return [this.binaryOperand(arg, c, op, info, "left", 2), EMPTY, 1];
        let d = this.binaryOperand(arg, c, op, info, kind as "left" | "right", 0);
        d = A.nest(d, [...opStr].length);
        if (arg instanceof Cons && forceArgs(items(arg))) d = A.forceUnfit(d);
        return [A.concat(opStr, d), EMPTY, 1];
      });
      if (isKeyword(right) && (ctx === "parens_arg" || ctx === "no_parens_arg")) return wrapInParens(doc);
      return doc;
    }

    if (PIPELINE_OPS.has(op)) {
      const max = lineOf(meta);
      const pipes: [string, Ctx, Term][] = [[op, rightCtx, right]];
      let cur = left;
      let curMeta = meta;
      let curCtx = leftCtx;
      while (isCall(cur) && cur[0] instanceof Atom && PIPELINE_OPS.has(cur[0].name) && isListT(cur[2]) && items(cur[2]).length === 2) {
        const [l, r] = items(cur[2]);
        pipes.unshift([cur[0].name, forceManyArgsOrOperand(curCtx, "operand"), r]);
        curMeta = cur[1];
        curCtx = forceManyArgsOrOperand(curCtx, "parens_arg");
        cur = l;
      }
      pipes.unshift(["root", curCtx, cur]);
      const min = isCall(cur) ? lineOf(cur[1]) : lineOf(curMeta);
      return this.operandsWithComments(pipes, meta, min, max, ctx, ([kind, c, arg]) => {
        if (kind === "root") return [this.binaryOperand(arg, c, op, info, "left", 2), EMPTY, 1];
        const d = this.binaryOperand(arg, c, kind, binaryOp(kind)!, "right", 0);
        return [A.concat(kind + " ", d), EMPTY, 1];
      });
    }

    const leftDoc = this.binaryOperand(left, leftCtx, op, info, "left", 2);
    const rightDoc = this.binaryOperand(right, rightCtx, op, info, "right", 0);
    if (NO_SPACE_OPS.has(op)) return A.concat(A.concat(A.group(leftDoc), opString), A.group(rightDoc));
    if (NO_NEWLINE_OPS.has(op)) return A.concat(A.concat(A.group(leftDoc), " " + opString + " "), A.group(rightDoc));
    const eol = this.eol(meta);
    const nbf = NEXT_BREAK_FITS_OPS.has(op) && this.nextBreakFits(right) && !eol;
    return withNextBreakFits(nbf, rightDoc, (r) => {
      let rd = A.nest(A.glue(" " + opString, " ", A.group(r)), nesting, "break");
      if (eol) rd = A.forceUnfit(rd);
      return A.concat(A.group(leftDoc), A.group(rd));
    });
  }

  private binaryOperand(operand: Term, ctx: Ctx, parentOp: string, parentInfo: [string, number], side: "left" | "right", nesting: number): Doc {
    const [parentAssoc, parentPrec] = parentInfo;
    if (parentOp === "in" && side === "left" && isCall(operand) && atomIs(operand[0], "__block__") && isListT(operand[2])) {
      const inner = items(operand[2]);
      if (inner.length === 1 && isCall(inner[0]) && (atomIs(inner[0][0], "not") || atomIs(inner[0][0], "!")) && isListT(inner[0][2]) && items(inner[0][2]).length === 1) {
        return wrapInParens(this.unaryOp(nameOf(inner[0][0])!, inner[0][1], items(inner[0][2])[0], ctx));
      }
    }
    if (isCall(operand) && operand[0] instanceof Atom && isListT(operand[2]) && items(operand[2]).length === 2 && binaryOp(operand[0].name) !== null) {
      const op = operand[0].name;
      const [, prec] = binaryOp(op)!;
      const [l, r] = items(operand[2]);
      const meta = operand[1];
      if (parentPrec === prec && parentAssoc === side && (side === "left" || op === parentOp)) {
        return this.binaryOp(op, op, meta, l, r, ctx, nesting);
      }
      if ((PARENS_ON_OPERANDS_OPS.has(parentOp) && !NO_SPACE_OPS.has(op)) || (LOGICAL_OPS.has(op) && LOGICAL_OPS.has(parentOp)) ||
        parentPrec > prec || (parentPrec === prec && parentAssoc !== side)) {
        return wrapInParens(this.binaryOp(op, op, meta, l, r, ctx, 2));
      }
      return this.binaryOp(op, op, meta, l, r, ctx, 2);
    }
    if (isCall(operand) && atomIs(operand[0], "&") && isListT(operand[2]) && items(operand[2]).length === 1 && !isInt(items(operand[2])[0]) &&
      (side === "left" || (parentAssoc === "left" && parentPrec > AMPERSAND_PREC))) {
      return wrapInParens(this.q2a(operand, ctx));
    }
    return this.q2a(operand, ctx);
  }

  private operandsWithComments<T extends [string, Ctx, Term]>(operands: T[], meta: Term, min: number, max: number, ctx: Ctx, fun: (x: T) => Triplet): Doc {
    let rest = operands;
    const acc: Triplet[] = [];
    if (ctx === "no_parens_one_arg") {
      acc.push(fun(operands[0]));
      rest = operands.slice(1);
    }
    const { docs, comments } = this.withComments(rest, acc, min, max, (x) => fun(x as T), (x) => (x as T)[2]);
    if (comments || this.eol(meta)) return A.forceUnfit(docs.reduce((x, y) => line(x, y)));
    return docs.reduce((x, y) => glue(x, y));
  }

  // -------------------------------------------------------------------------
  // Module attributes and captures

  private moduleAttribute(meta: Term, arg: Term, ctx: Ctx): Doc {
    if (isCall(arg) && atomIs(arg[0], "__aliases__") && isListT(arg[2]) && items(arg[2]).length >= 2) {
      return A.concat(A.concat("@(", this.q2a(arg, "parens_arg")), ")");
    }
    if (isCall(arg) && arg[0] instanceof Atom && !atomIs(arg[0], "__block__") && !atomIs(arg[0], "__aliases__") && isListT(arg[2]) && items(arg[2]).length === 1) {
      if (classifyAtom(arg[0].name) === "identifier") {
        const [callDoc, wrap] = this.callArgs(items(arg[2]), arg[1], ctx, "skip_unless_many_args", false);
        const doc = A.concat(A.string("@" + arg[0].name), callDoc);
        return wrap ? wrapInParens(doc) : doc;
      }
    }
    return this.unaryOp("@", meta, arg, ctx);
  }

  private capture(arg: Term, ctx: Ctx): Doc {
    if (isInt(arg)) return "&" + String(arg);
    const doc = this.captureTarget(arg, ctx);
    return A.concat(formatToString(doc).startsWith("&") ? "& " : "&", doc);
  }

  private captureTarget(arg: Term, ctx: Ctx): Doc {
    if (isCall(arg) && atomIs(arg[0], "/") && isListT(arg[2]) && items(arg[2]).length === 2) {
      const [callee, arityBlock] = items(arg[2]);
      const arity = isCall(arityBlock) && atomIs(arityBlock[0], "__block__") && isListT(arityBlock[2]) && items(arityBlock[2]).length === 1 ? items(arityBlock[2])[0] : undefined;
      if (isInt(arity)) {
        if (isCall(callee) && isCall(callee[0]) && atomIs(callee[0][0], ".") && callee[2] === NIL) {
          const dot = items(callee[0][2]);
          if (dot.length === 2 && isAtomT(dot[1])) {
            const targetDoc = this.remoteTarget(dot[0]);
            return A.concat(A.nest(targetDoc, 1), A.string("." + inspectAtom("remote_call", dot[1]) + "/" + String(arity)));
          }
        }
        if (isCall(callee) && isAtomT(callee[0]) && isAtomT(callee[2])) return A.string(nameOf(callee[0]) + "/" + String(arity));
      }
    }
    return wrapInParensIfOperator(this.q2a(arg, ctx), arg);
  }

  // -------------------------------------------------------------------------
  // Calls

  private remote(q: [Term, Term, Term], ctx: Ctx): Doc {
    const [form, meta, argsT] = q;
    const args = items(argsT);
    if (isCall(form) && atomIs(form[0], ".") && isListT(form[2])) {
      const dot = items(form[2]);
      if (dot.length === 2 && atomIs(dot[1], "{}")) {
        return A.concat(A.concat(this.remoteTarget(dot[0]), "."), this.tuple(meta, args, "break"));
      }
      if (dot.length === 1) {
        const [callDoc, wrap] = this.callArgs(args, meta, ctx, "skip_if_do_end", true);
        const doc = A.concat(A.concat(this.remoteTarget(dot[0]), "."), callDoc);
        return wrap ? wrapInParens(doc) : doc;
      }
      if (dot.length === 2 && isAtomT(dot[1])) {
        const [target, fun] = dot;
        const remoteDoc = A.concat(A.concat(this.remoteTarget(target), "."), A.string(inspectAtom("remote_call", fun)));
        if (args.length === 0 && !isModuleTarget(target) && !metaIsList(meta, "closing")) return remoteDoc;
        const [callDoc, wrap] = this.callArgs(args, meta, ctx, "skip_if_do_end", true);
        const doc = A.concat(remoteDoc, callDoc);
        return wrap ? wrapInParens(doc) : doc;
      }
    }
    const targetDoc = this.q2a(form, "no_parens_arg");
    const [callDoc, wrap] = this.callArgs(args, meta, ctx, "required", true);
    const doc = A.concat(targetDoc, callDoc);
    return wrap ? wrapInParens(doc) : doc;
  }

  private remoteTarget(q: Term): Doc {
    if (isCall(q) && atomIs(q[0], "fn") && q[2] instanceof Cons) return wrapInParens(this.q2a(q, "no_parens_arg"));
    return this.withParensIfOperator(q, "no_parens_arg");
  }

  private withParensIfOperator(q: Term, ctx: Ctx): Doc {
    return wrapInParensIfOperator(this.q2a(q, ctx), q);
  }

  private local(fun: string, meta: Term, args: Term[], ctx: Ctx): Doc {
    const parens: Parens = metaIsList(meta, "closing") ? "skip_if_only_do_end" : isLocalWithoutParens(fun, args.length, this.locals) ? "skip_unless_many_args" : "skip_if_do_end";
    const [callDoc, wrap] = this.callArgs(args, meta, ctx, parens, true);
    const doc = A.concat(A.string(fun), callDoc);
    return wrap ? wrapInParens(doc) : doc;
  }

  /** The arguments of a call and whether the whole call needs wrapping in parentheses. */
  private callArgs(args: Term[], meta: Term, ctx: Ctx, parens: Parens, listToKeyword: boolean): [Doc, boolean] {
    if (args.length === 0) {
      const { doc } = this.argsWithComments([], meta, false, "none", "break", (x) => this.q2a(x, ctx));
      return [surround("(", doc, ")"), false];
    }
    const [rest, last] = splitLast(args);
    const blocks = this.doEndBlocks(meta, last);
    if (blocks !== null) {
      let callDoc: Doc;
      if (rest.length === 0) callDoc = parens === "required" ? "() do" : " do";
      else {
        const noParens = parens !== "required" && parens !== "skip_if_only_do_end";
        callDoc = this.callArgsNoBlocks(meta, rest, noParens, listToKeyword, " do");
      }
      const blocksDoc = this.doEndBlocksToAlgebra(blocks);
      return [A.forceUnfit(line(A.concat(callDoc, blocksDoc), "end")), ctx === "no_parens_arg" || ctx === "no_parens_one_arg"];
    }
    const noParens = parens === "skip_unless_many_args" && (ctx === "block" || ctx === "operand" || ctx === "no_parens_one_arg" || ctx === "parens_one_arg");
    return [this.callArgsNoBlocks(meta, args, noParens, listToKeyword, EMPTY), false];
  }

  private callArgsNoBlocks(meta: Term, args: Term[], skipParens: boolean, listToKeyword: boolean, extra: Doc): Doc {
    const [left, right0] = splitLast(args);
    const [keyword, right] = this.lastArgToKeyword(right0, listToKeyword, skipParens);
    let ctx: Ctx;
    if (left.length === 0 && !keyword) ctx = skipParens ? "no_parens_one_arg" : "parens_one_arg";
    else ctx = skipParens ? "no_parens_arg" : "parens_arg";
    const all = keyword ? [...left, ...items(right)] : [...left, right];
    const manyEol = all.length >= 2 && this.eol(meta);
    const noGenerators = !all.some((x) => isCall(x) && atomIs(x[0], "<-") && isListT(x[2]) && items(x[2]).length === 2);
    const fun = (x: Term) => this.q2a(x, ctx);
    let argsDoc: Doc;
    let nbf: boolean;
    if (left.length > 0 && keyword && noGenerators) {
      let join: Join = forceArgs(left) || manyEol ? "line" : "break";
      const leftDoc = this.argsWithComments(left, kwDelete(meta, "closing"), skipParens, "force_comma", join, fun).doc;
      join = forceArgs(items(right)) || forceArgs(all) || manyEol ? "line" : "break";
      let rightDoc = this.argsWithComments(items(right), meta, false, "none", join, fun).doc;
      rightDoc = A.concat(join === "line" ? A.DOC_LINE : A.breakDoc(" "), rightDoc);
      if (skipParens) {
        argsDoc = A.nest(A.concat(leftDoc, A.nextBreakFits(A.group(rightDoc, "inherit"), "enabled")), "cursor", "break");
      } else {
        rightDoc = A.nextBreakFits(A.group(A.concat(A.nest(rightDoc, 2, "break"), A.breakDoc("")), "inherit"), "enabled");
        argsDoc = A.concat(A.nest(leftDoc, 2, "break"), rightDoc);
      }
      nbf = true;
    } else {
      const join: Join = forceArgs(all) || manyEol ? "line" : "break";
      nbf = join === "break" && this.nextBreakFits(right);
      argsDoc = this.argsWithComments(all, meta, skipParens, nbf ? "next_break_fits" : "none", join, fun).doc;
      argsDoc = ungroupIfGroup(argsDoc);
      argsDoc = skipParens ? A.nest(argsDoc, "cursor", "break") : A.concat(A.nest(argsDoc, 2, "break"), A.breakDoc(""));
    }
    let doc: Doc;
    if (left.length > 0 && keyword && skipParens && noGenerators) doc = A.group(A.concat(A.nest(A.concat(" ", argsDoc), 2), extra));
    else if (skipParens) doc = A.group(A.concat(A.concat(" ", argsDoc), extra));
    else doc = A.group(A.concat(A.concat(A.concat(A.nest(A.concat("(", A.breakDoc("")), 2, "break"), argsDoc), ")"), extra));
    return nbf ? A.nextBreakFits(doc, "disabled") : doc;
  }

  private lastArgToKeyword(arg: Term, listToKeyword: boolean, skipParens: boolean): [boolean, Term] {
    if (arg instanceof Cons) return [isKeyword(arg), arg];
    if (listToKeyword && isCall(arg) && atomIs(arg[0], "__block__") && isListT(arg[2])) {
      const inner = items(arg[2]);
      if (inner.length === 1 && inner[0] instanceof Cons) {
        const kw = inner[0];
        if (!isKeyword(kw)) return [false, arg];
        if (skipParens) {
          const blockLine = lineOf(arg[1]);
          const firstKey = (kw.h as Term[])[0];
          const firstLine = isCall(firstKey) ? lineOf(firstKey[1]) : MAX_LINE;
          const next = this.comments.find((c) => c.line > blockLine);
          if (next !== undefined && next.line <= firstLine) return [false, arg];
        }
        return [true, kw];
      }
    }
    return [false, arg];
  }

  private doEndBlocks(meta: Term, last: Term): [string, number, number, Term][] | null {
    if (!(last instanceof Cons)) return null;
    const pairs = items(last);
    const first = pairs[0];
    if (!(Array.isArray(first) && first.length === 2 && isBlockKey(first[0], "do"))) return null;
    const rest = pairs.slice(1);
    const canForce = this.forceDoEnd && rest.every((p) => Array.isArray(p) && p.length === 2 && isCall(p[0]) && DO_END_KEYWORDS.has(nameOf(items(p[0][2])[0]) ?? ""));
    if (!metaIsList(meta, "do") && !canForce) return null;
    const blocks = pairs.map((p) => {
      const [key, value] = p as [Term, Term];
      return [nameOf(items(key[2])[0])!, lineOf(key[1]), value] as [string, number, Term];
    });
    const end = endLine(meta);
    return blocks.map(([k, l, v], i) => [k, l, i + 1 < blocks.length ? blocks[i + 1][1] : end, v]);
  }

  private doEndBlocksToAlgebra(blocks: [string, number, number, Term][]): Doc {
    const [, l0, e0, v0] = blocks[0];
    let acc = this.doEndBlock(EMPTY, l0, e0, v0);
    for (const [key, l, e, v] of blocks.slice(1)) acc = line(acc, this.doEndBlock(key, l, e, v));
    return acc;
  }

  private doEndBlock(keyDoc: Doc, ln: number, end: number, value: Term): Doc {
    const valueDoc = this.clauses(value, ln, end);
    if (valueDoc === EMPTY) return keyDoc;
    return A.nest(line(keyDoc, valueDoc), 2);
  }

  // -------------------------------------------------------------------------
  // Strings, charlists, sigils and bitstrings

  private bitstringOrString(meta: Term, entries: Term[]): Doc {
    if (entries.length === 0) return "<<>>";
    if (!isInterpolatedParts(entries)) return this.bitstring(meta, entries);
    if (kwGet(meta, "delimiter") === '"""') {
      return A.forceUnfit(this.interpolation(prependHeredocLine(entries), '"""', '"""', '"""'));
    }
    return this.interpolation(entries, '"', '"', '"');
  }

  private interpolation(entries: Term[], escape: string, start: Doc, last: Doc): Doc {
    let acc = start;
    for (const entry of entries) {
      if (isBinaryT(entry)) acc = A.concat(acc, escapeString(binText(entry), escape));
      else {
        const call = items(entry[2])[0];
        acc = A.concat(acc, this.interpolated(items(call[2])[0]));
      }
    }
    return A.concat(acc, last);
  }

  private listInterpolation(entries: Term[], escape: string, start: Doc, last: Doc): Doc {
    let acc = start;
    for (const entry of entries) {
      if (isBinaryT(entry)) acc = A.concat(acc, escapeString(binText(entry), escape));
      else acc = A.concat(acc, this.interpolated(items(entry[2])[0]));
    }
    return A.concat(acc, last);
  }

  private interpolated(q: Term): Doc {
    const saved = this.skipEol;
    this.skipEol = true;
    const doc = this.block(q, MAX_LINE, MIN_LINE);
    this.skipEol = saved;
    return A.noLimit(surround("#{", doc, "}"));
  }

  private sigil(fun: string, meta: Term, args: Term[]): Doc | null {
    if (!fun.startsWith("sigil_") || Buffer.byteLength(fun) !== 7) return null;
    if (args.length !== 2 || !isCall(args[0]) || !atomIs(args[0][0], "<<>>") || !isListT(args[0][2]) || !isListT(args[1])) return null;
    const delimiter = kwGet(meta, "delimiter");
    if (delimiter === undefined || delimiter === null) return null;
    const open = binText(delimiter);
    const entries = items(args[0][2]);
    const modifiers = charlistText(args[1]);
    const start = "~" + fun.slice(6) + open;
    if (open === '"""' || open === "'''") {
      return A.forceUnfit(this.interpolation(prependHeredocLine(entries), open, start, open + modifiers));
    }
    const close = closingSigilDelimiter(open);
    return this.interpolation(entries, close, start, close + modifiers);
  }

  private bitstring(meta: Term, args: Term[]): Doc {
    const last = args.length - 1;
    const join: Join = this.eol(meta) ? "line" : "flex_break";
    const indexed = args.map((x, i) => [x, i] as [Term, number]);
    const r = this.argsWithComments(indexed as unknown as Term[], meta, false, "none", join, (x) => {
      const [seg, i] = x as unknown as [Term, number];
      return this.bitstringSegment(seg, i, last);
    });
    if (r.join === "flex_break") return A.group(A.concat(A.nest(A.concat("<<", r.doc), 2), ">>"));
    return surround("<<", r.doc, ">>");
  }

  private bitstringSegment(seg: Term, i: number, last: number): Doc {
    if (isCall(seg) && atomIs(seg[0], "<-") && isListT(seg[2]) && items(seg[2]).length === 2) {
      const [l, r] = items(seg[2]);
      const doc = this.q2a([a("<-"), seg[1], list([new Special("bitstring_segment", seg[1], [l, last]), r])], "parens_arg");
      return this.bitstringWrapParens(doc, i, last);
    }
    if (isCall(seg) && atomIs(seg[0], "::") && isListT(seg[2]) && items(seg[2]).length === 2) {
      const [value, spec] = items(seg[2]);
      const doc = this.q2a(value, "parens_arg");
      let specDoc = this.bitstringSpec(spec);
      if (typeof specDoc === "string" && specDoc.startsWith(":")) specDoc = "(" + specDoc + ")";
      if (i === last) specDoc = this.bitstringWrapParens(specDoc, i, last);
      return A.concat(A.concat(this.bitstringWrapParens(doc, i, -1), "::"), specDoc);
    }
    return this.bitstringWrapParens(this.q2a(seg, "parens_arg"), i, last);
  }

  private bitstringSpec(spec: Term): Doc {
    if (isCall(spec) && (atomIs(spec[0], "-") || atomIs(spec[0], "*")) && isListT(spec[2]) && items(spec[2]).length === 2) {
      const [l, r] = items(spec[2]);
      return A.concat(A.concat(this.bitstringSpec(l), nameOf(spec[0])!), this.bitstringSpecElement(r));
    }
    return this.bitstringSpecElement(spec);
  }

  private bitstringSpecElement(el: Term): Doc {
    if (this.normalizeModifiers && isCall(el) && el[0] instanceof Atom && (el[2] === null || el[2] === NIL)) {
      const empty = BITSTRING_MODIFIERS.has(el[0].name) ? null : NIL;
      return this.withParensIfOperator([el[0], el[1], empty], "parens_arg");
    }
    return this.withParensIfOperator(el, "parens_arg");
  }

  private bitstringWrapParens(doc: Doc, i: number, last: number): Doc {
    if (i !== 0 && i !== last) return doc;
    const s = formatToString(doc);
    if ((i === 0 && (s.startsWith("~") || s.startsWith("<<"))) || (i === last && s.endsWith(">>"))) return wrapInParens(doc);
    return doc;
  }

  // -------------------------------------------------------------------------
  // Containers

  private listLiteral(meta: Term, args: Term[]): Doc {
    const join: Join = this.eol(meta) ? "line" : "break";
    const { doc } = this.argsWithComments(args, meta, false, "none", join, (x) => this.q2a(x, "parens_arg"));
    return surround("[", doc, "]");
  }

  private map(meta: Term, nameDoc: Doc, args: Term[]): Doc {
    const join: Join = this.eol(meta) ? "line" : "break";
    const fun = (x: Term) => this.q2a(x, "parens_arg");
    const open = A.concat(A.concat("%", nameDoc), "{");
    if (args.length === 1 && isCall(args[0]) && atomIs(args[0][0], "|") && isListT(args[0][2]) && items(args[0][2]).length === 2) {
      const [l, r] = items(args[0][2]);
      const leftDoc = fun(l);
      const { doc: rightDoc } = this.argsWithComments(isListT(r) ? items(r) : [r], meta, false, "none", join, fun);
      const argsDoc = glue(wrapInParensIfBinaryOperator(leftDoc, l), A.concat("| ", A.nest(rightDoc, 2)));
      return surround(open, argsDoc, "}");
    }
    const { doc } = this.argsWithComments(args, meta, false, "none", join, fun);
    return surround(open, doc, "}");
  }

  private tuple(meta: Term, args: Term[], join0: Join): Doc {
    const join: Join = this.eol(meta) ? "line" : join0;
    const r = this.argsWithComments(args, meta, false, "none", join, (x) => this.q2a(x, "parens_arg"));
    if (r.join === "flex_break") return A.group(A.concat(A.nest(A.concat("{", r.doc), 1), "}"));
    return surround("{", r.doc, "}");
  }

  private manyArgs(args: Term[], fun: (x: Term) => Doc): Doc {
    if (args.length === 0) return EMPTY;
    let acc = fun(args[0]);
    for (const x of args.slice(1)) acc = glue(A.concat(acc, ","), fun(x));
    return acc;
  }

  private argsWithComments(args: Term[], meta: Term, skipParens: boolean, lastMode: LastArgMode, join: Join, fun: (x: Term) => Doc): { doc: Doc; join: Join | "empty" } {
    const min = lineOf(meta);
    const max = closingLine(meta);
    const total = args.length;
    const argDoc = (arg: Term, index: number): Triplet => {
      let doc = fun(arg);
      const isLast = index === total - 1;
      if (!isLast || lastMode === "force_comma") doc = concatToLastGroup(doc, ",");
      else if (lastMode === "next_break_fits") doc = A.nextBreakFits(doc, "enabled");
      return [doc, EMPTY, 1];
    };
    let rest = args.map((x, i) => [x, i] as [Term, number]);
    const acc: Triplet[] = [];
    if (skipParens && rest.length > 0) {
      acc.push(argDoc(args[0], 0));
      rest = rest.slice(1);
    }
    const { docs, comments } = this.withComments(rest, acc, min, max, ([x, i]) => argDoc(x, i), ([x]) => x);
    if (docs.length === 0) return { doc: EMPTY, join: "empty" };
    if (join === "line" || comments) return { doc: A.forceUnfit(docs.reduce((x, y) => line(x, y))), join: "line" };
    if (join === "break") return { doc: docs.reduce((x, y) => glue(x, y)), join: "break" };
    return { doc: docs.reduce((x, y) => flexGlue(x, y)), join: "flex_break" };
  }

  // -------------------------------------------------------------------------
  // Anonymous functions, type functions and clauses

  private anonFun(clauses: Term[], min: number, max: number, multiClauseStyle: boolean): Doc {
    if (clauses.length === 1 && isArrow(clauses[0])) {
      const [, meta, argsT] = clauses[0];
      const [args, body] = items(argsT);
      if (args === NIL) {
        const bodyDoc = this.block(body, lineOf(meta), max);
        const bol = this.clauseBreakOrLine(clauses);
        return A.group(this.maybeForceClauses(A.concat(A.concat(A.nest(A.concat(A.concat("fn ->", bol), bodyDoc), 2), bol), "end"), clauses));
      }
      if (!multiClauseStyle) {
        const minLine = lineOf(meta);
        const argsDoc = this.clauseArgsWithComments(args, minLine);
        const bodyDoc = this.block(body, minLine, max);
        const head = A.group(A.nest(A.concat(ungroupIfGroup(argsDoc), " ->"), "cursor"));
        const bol = this.clauseBreakOrLine(clauses);
        const inner = A.nest(A.concat(A.concat(A.concat("fn ", head), bol), bodyDoc), 2);
        return A.group(this.maybeForceClauses(A.concat(A.concat(inner, bol), "end"), clauses));
      }
    }
    const clausesDoc = this.clauses(list(clauses), min, max);
    return A.forceUnfit(line(A.nest(line("fn", clausesDoc), 2), "end"));
  }

  private typeFun(clauses: Term[], min: number, max: number): Doc {
    if (clauses.length === 1 && isArrow(clauses[0])) {
      const [, meta, argsT] = clauses[0];
      const [args, body] = items(argsT);
      const minLine = lineOf(meta);
      if (args === NIL) {
        const bodyDoc = this.block(body, minLine, max);
        return A.group(this.maybeForceClauses(A.concat(A.concat("(() -> ", A.nest(bodyDoc, "cursor")), ")"), clauses));
      }
      const argsDoc = this.clauseArgsWithComments(args, minLine);
      const bodyDoc = this.block(body, minLine, max);
      const bol = this.clauseBreakOrLine(clauses);
      const doc = A.concat(A.group(A.concat(ungroupIfGroup(argsDoc), " ->")), A.nest(A.concat(bol, bodyDoc), 2));
      return A.group(this.maybeForceClauses(wrapInParens(doc), clauses));
    }
    const clausesDoc = this.clauses(list(clauses), min, max);
    return A.forceUnfit(line(A.nest(line("(", clausesDoc), 2), ")"));
  }

  private multiLineClauses(clauses: Term[]): boolean {
    return clauses.some((c) => {
      if (!isArrow(c)) return false;
      const body = items(c[2])[1];
      return this.eol(c[1]) || (isCall(body) && atomIs(body[0], "__block__") && isListT(body[2]) && items(body[2]).length >= 2);
    });
  }

  private clauseBreakOrLine(clauses: Term[]): Doc {
    return this.multiLineClauses(clauses) ? A.DOC_LINE : A.breakDoc(" ");
  }

  private maybeForceClauses(doc: Doc, clauses: Term[]): Doc {
    return this.multiLineClauses(clauses) ? A.forceUnfit(doc) : doc;
  }

  private clauses(value: Term, min: number, max: number): Doc {
    if (value instanceof Cons && isArrow(value.h)) {
      const all = items(value);
      const last = all[all.length - 1];
      all[all.length - 1] = [last[0], new Cons([a("closing"), list([[a("line"), max]])], last[1]), last[2]];
      let doc = this.clause(all[0], min);
      for (const c of all.slice(1)) doc = line(A.concat(doc, A.nest(A.breakDoc(""), "reset")), this.clause(c, min));
      return A.group(this.maybeForceClauses(doc, all));
    }
    const doc = this.block(value, min, max);
    return doc === EMPTY ? EMPTY : A.group(doc);
  }

  private clause(c: Term, min: number): Doc {
    const [, meta, argsT] = c;
    const [args, body] = items(argsT);
    if (args === NIL) {
      const bodyDoc = this.block(body, lineOf(meta), closingLine(meta));
      return A.nest(glue("() ->", bodyDoc), 2);
    }
    const saved = this.nesting;
    this.nesting = saved + 2;
    const argsDoc = this.clauseArgsWithComments(args, min);
    this.nesting = saved;
    const bodyDoc = this.block(body, min, closingLine(meta));
    return A.concat(A.group(A.concat(ungroupIfGroup(argsDoc), " ->")), A.nest(A.concat(A.breakDoc(" "), bodyDoc), 2));
  }

  private clauseArgsWithComments(args: Term, min: number): Doc {
    const { docs, comments } = this.withComments([args], [], min, MIN_LINE, (x) => [this.clauseArgs(isListT(x) ? items(x) : [x]), EMPTY, 1]);
    return comments ? docs.reduce((x, y) => line(x, y)) : docs.reduce((x, y) => glue(x, y));
  }

  private clauseArgs(args: Term[]): Doc {
    if (args.length === 1 && isCall(args[0]) && atomIs(args[0][0], "when") && isListT(args[0][2])) {
      const [, meta, whenArgs] = args[0];
      const [heads, right] = splitLast(items(whenArgs));
      return this.binaryOp("when", "when", meta, new Special("clause_args", meta, [list(heads)]), right, "no_parens_arg", this.nesting);
    }
    if (args.length === 0) return "()";
    return this.manyArgs(args, (x) => this.q2a(x, "no_parens_arg"));
  }

  // -------------------------------------------------------------------------
  // Comments

  private withComments<T>(args: T[], acc0: Triplet[], min: number, max: number, fun: (x: T) => Triplet, quotedOf: (x: T) => Term = (x) => x as Term): { docs: Doc[]; comments: boolean } {
    let k = 0;
    while (k < this.comments.length && this.comments[k].line <= min) k++;
    const pre = this.comments.slice(0, k);
    this.comments = this.comments.slice(k);
    const acc = [...acc0].reverse();
    let comments = false;
    for (const arg of args) {
      const range = traverseLine(quotedOf(arg), [MAX_LINE, MIN_LINE]);
      if (range[0] === MAX_LINE && range[1] === MIN_LINE) {
        acc.unshift(fun(arg));
        continue;
      }
      const [start, end] = range;
      comments = this.extractCommentsBefore(start, acc) || comments;
      const triplet = fun(arg);
      while (this.comments.length > 0 && this.comments[0].line >= start && this.comments[0].line <= end) {
        acc.unshift([this.comments[0].text, EMPTY, 1]);
        this.comments = this.comments.slice(1);
        comments = true;
      }
      if (triplet[2] > 1 && this.comments.length > 0 && this.comments[0].line === end + 1) acc.unshift([triplet[0], triplet[1], 1]);
      else acc.unshift(triplet);
    }
    comments = this.extractCommentsBefore(max, acc) || comments;
    const docs = mergeWithComments(acc.reverse());
    this.comments = [...pre, ...this.comments];
    return { docs, comments };
  }

  /** Moves the comments before line `max` into `acc` (newest first); true if there were any. */
  private extractCommentsBefore(max: number, acc: Triplet[]): boolean {
    let any = false;
    while (this.comments.length > 0 && this.comments[0].line < max) {
      const c = this.comments[0];
      if (acc.length > 0 && acc[0][2] < c.previousEol) acc[0] = [acc[0][0], acc[0][1], c.previousEol];
      acc.unshift([c.text, EMPTY, c.nextEol]);
      this.comments = this.comments.slice(1);
      any = true;
    }
    return any;
  }

  private nextBreakFits(q: Term): boolean {
    if (Array.isArray(q) && q.length === 2) {
      const [k, v] = q;
      if (isCall(k) && atomIs(k[0], "__block__") && isListT(k[2]) && items(k[2]).length === 1 && isAtomT(items(k[2])[0])) return this.nextBreakFits(v);
      return false;
    }
    if (!isCall(q)) return false;
    const [form, meta, args] = q;
    const argv = isListT(args) ? items(args) : null;
    if (atomIs(form, "{}")) return this.eolOrComments(meta);
    if (atomIs(form, "__block__") && argv !== null && argv.length === 1) {
      const x = argv[0];
      if (Array.isArray(x) && x.length === 2) return this.eolOrComments(meta);
      if (isBinaryT(x)) return kwGet(meta, "delimiter") === '"""';
      if (isListT(x)) return kwGet(meta, "delimiter") !== "'";
    }
    if (atomIs(form, "<<>>") && argv !== null && argv.length > 0) {
      return kwGet(meta, "delimiter") === '"""' || (!isInterpolatedParts(argv) && this.eolOrComments(meta));
    }
    if (isCall(form) && atomIs(form[0], ".") && isListT(form[2])) {
      const dot = items(form[2]);
      if (dot.length === 2 && atomIs(dot[0], "Elixir.List") && atomIs(dot[1], "to_charlist") && argv !== null && argv.length === 1 && argv[0] instanceof Cons) {
        return kwGet(meta, "delimiter") === "'''";
      }
      if (dot.length === 2 && atomIs(dot[1], "{}")) return true;
    }
    if ((atomIs(form, "fn") || atomIs(form, "%{}") || atomIs(form, "%")) && argv !== null && argv.length > 0) return true;
    if (isAtomT(form) && argv !== null) {
      const d = kwGet(meta, "delimiter");
      return (d === '"""' || d === "'''") && (nameOf(form) ?? "").startsWith("sigil_");
    }
    return false;
  }

  private eolOrComments(meta: Term): boolean {
    if (this.eol(meta)) return true;
    const min = lineOf(meta);
    const max = closingLine(meta);
    return this.comments.some((c) => c.line > min && c.line < max);
  }
}

const isArrow = (t: Term): t is [Term, Term, Term] => isCall(t) && atomIs(t[0], "->") && isListT(t[2]) && items(t[2]).length === 2;

function isBlockKey(t: Term, key: string): boolean {
  return isCall(t) && atomIs(t[0], "__block__") && isListT(t[2]) && items(t[2]).length === 1 && nameOf(items(t[2])[0]) === key;
}

function isModuleTarget(t: Term): boolean {
  if (!isCall(t)) return false;
  if (atomIs(t[0], "__MODULE__") && isAtomT(t[2])) return true;
  if (atomIs(t[0], "__block__") && isListT(t[2]) && items(t[2]).length === 1 && isAtomT(items(t[2])[0])) return true;
  return atomIs(t[0], "__aliases__");
}

function isKeywordKey(t: Term): t is [Term, Term, Term] {
  if (!isCall(t)) return false;
  if (atomIs(t[0], "__block__") && isListT(t[2]) && items(t[2]).length === 1 && isAtomT(items(t[2])[0])) return kwGet(t[1], "format") === a("keyword");
  if (isCall(t[0]) && atomIs(t[0][0], ".") && isListT(t[2])) {
    const dot = items(t[0][2]);
    const args = items(t[2]);
    if (dot.length === 2 && atomIs(dot[0], "erlang") && atomIs(dot[1], "binary_to_atom") && args.length === 2 && atomIs(args[1], "utf8") && isCall(args[0]) && atomIs(args[0][0], "<<>>")) {
      return kwGet(t[1], "format") === a("keyword");
    }
  }
  return false;
}

function isInterpolatedParts(parts: Term[]): boolean {
  return isInterpolated(parts);
}

function charlistText(l: Term): string {
  return String.fromCodePoint(...items(l).map((c) => Number(c)));
}

function tokenOf(meta: Term, value: Term): string {
  const t = kwGet(meta, "token");
  if (t === undefined) throw new Error("the formatter needs a :token for the number " + inspect(value));
  return binText(t);
}

function atomToAlgebra(atom: Term, meta: Term): Doc {
  if (atom === null || atom === true || atom === false) return nameOf(atom)!;
  const name = atomName(atom);
  if (name === "..//") return A.string(':"..//"');
  if (name === "\\\\") return A.string(kwGet(meta, "delimiter") === '"' ? ':"\\\\"' : ":\\\\");
  const c = classifyAtom(name);
  return A.string(c === "unquoted" || c === "identifier" ? ":" + name : ':"' + replaceAll(name, '"', '\\"') + '"');
}

function forceManyArgsOrOperand(ctx: Ctx, choice: Ctx): Ctx {
  switch (ctx) {
    case "no_parens_one_arg": case "no_parens_arg": return "no_parens_arg";
    case "parens_one_arg": case "parens_arg": return "parens_arg";
    default: return choice;
  }
}

/** True when the arguments sit on two or more distinct lines, each on its own. */
function forceArgs(args: Term[]): boolean {
  if (args.length === 0) return false;
  const lines = new Set<number>();
  for (let arg of args) {
    while (arg instanceof Cons) arg = arg.h;
    let ln: Term;
    if (Array.isArray(arg) && arg.length === 2 && isCall(arg[0])) ln = kwGet(arg[0][1], "line");
    else if (isCall(arg)) ln = kwGet(arg[1], "line");
    if (typeof ln !== "number") continue;
    if (lines.has(ln)) return false;
    lines.add(ln);
  }
  return lines.size >= 2;
}

function traverseLine(q: Term, acc: [number, number]): [number, number] {
  if (q instanceof Special) {
    const l = kwGet(q.meta, "line");
    let r: [number, number] = typeof l === "number" ? [Math.min(l, acc[0]), Math.max(l, acc[1])] : acc;
    for (const x of q.args) r = traverseLine(x, r);
    return r;
  }
  if (Array.isArray(q) && q.length === 3) {
    // Keyword.fetch/2 of the metadata: a 3-tuple that is no quoted call fails there in Elixir.
    if (!isListT(q[1])) throw fce("Elixir.Keyword", "fetch", [q[1], a("line")]);
    const l = kwGet(q[1], "line");
    let r: [number, number] = typeof l === "number" ? [Math.min(l, acc[0]), Math.max(l, acc[1])] : acc;
    r = traverseLine(q[0], r);
    return traverseLine(q[2], r);
  }
  if (Array.isArray(q) && q.length === 2) return traverseLine(q[1], traverseLine(q[0], acc));
  if (q instanceof Cons) {
    let r = acc;
    for (const x of items(q)) r = traverseLine(x, r);
    return r;
  }
  return acc;
}

function mergeWithComments(triplets: Triplet[]): Doc[] {
  const out: Doc[] = [];
  let left: Doc = EMPTY;
  triplets.forEach(([doc0, nextLine, newlines], i) => {
    const right = newlines >= NEWLINES ? A.DOC_LINE : nextLine;
    let doc = left !== EMPTY ? A.concat(left, doc0) : doc0;
    if (i < triplets.length - 1 && right !== EMPTY) doc = A.concat(doc, A.concat(collapseLines(2), right));
    out.push(A.group(doc));
    left = right;
  });
  return out;
}

function formatCommentText(text: string): string {
  if (text === "#" || text.startsWith("#!")) return text;
  if (text.startsWith("##")) return "#" + formatCommentText(text.slice(1));
  if (text.startsWith("# ")) return text;
  return "# " + text.slice(1);
}

function gatherComments(comments: Comment[]): Comment[] {
  const out: Comment[] = [];
  let i = 0;
  while (i < comments.length) {
    const c = comments[i++];
    if (c.previousEol === 0) {
      out.push({ ...c, previousEol: NEWLINES });
      continue;
    }
    let text = c.text;
    let next = c.nextEol;
    let ln = c.line + 1;
    while (i < comments.length && comments[i].line === ln && comments[i].previousEol !== 0) {
      text = line(text, comments[i].text);
      next = comments[i].nextEol;
      ln++;
      i++;
    }
    out.push({ ...c, text, nextEol: next });
  }
  return out;
}

export interface QuotedToAlgebraOptions extends FormatterOptions {
  escape?: boolean;
  line?: Term;
}

/** Code.quoted_to_algebra/2: normalizes `quoted` and lays it out as a document. */
export function quotedToAlgebra(quoted: Term, opts: QuotedToAlgebraOptions = {}): Doc {
  const normalized = normalize(quoted, { line: opts.line ?? null, escape: opts.escape ?? true, localsWithoutParens: opts.localsWithoutParens ?? [] });
  return new Formatter(opts).toAlgebra(normalized);
}

/** Macro.to_string/1: the quoted form as Elixir's formatter writes it in 98 columns. */
export function quotedToString(quoted: Term): string {
  return A.format(quotedToAlgebra(quoted), 98);
}

export interface FormatSourceOptions extends FormatterOptions {
  file?: string;
  line?: number;
  column?: number;
  /** Columns to fill (Code.format_string!'s :line_length, 98 by default). */
  lineLength?: number;
}

/**
 * Code.format_string!/2's pieces of output: `src` parsed in the formatting mode (token
 * metadata, literals wrapped with theirs, escapes kept, comments collected) and laid out.
 * Throws the parser's ParseError.
 */
export function formatStringParts(src: string, opts: FormatSourceOptions = {}): string[] {
  const comments: SourceComment[] = [];
  const ast = parse(src, {
    file: opts.file ?? "nofile", line: opts.line ?? 1, column: opts.column ?? 1,
    tokenMetadata: true, literalEncoder: true, unescape: false, comments,
  });
  const doc = new Formatter({
    ...opts,
    comments: comments.map((c) => ({ line: c.line, previousEol: c.previousEol, nextEol: c.nextEol, text: c.text })),
  }).toAlgebra(astToTerm(ast));
  return A.formatParts(doc, opts.lineLength ?? 98);
}

/** Code.format_string!/2 as one string. */
export function formatString(src: string, opts: FormatSourceOptions = {}): string {
  return formatStringParts(src, opts).join("");
}
