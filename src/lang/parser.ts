// Parser for beamsh: a precedence-climbing (Pratt) parser that follows Elixir 1.14's
// `elixir_parser.yrl` and produces Elixir's quoted form (see ast.ts).
//
// The yecc grammar distinguishes three kinds of expressions, and so do we (`Cat`):
//   M  matched    — ordinary expressions (`a + b`, `foo(1)`, `foo 1`)
//   U  unmatched  — expressions containing a do-block call (`if a do b end`)
//   N  no_parens  — calls without parentheses and several arguments (`foo a, b`)
// A no_parens expression swallows every following comma, so it can only be the sole
// argument of an enclosing call; do-blocks attach to the outermost call without
// parentheses (`foo bar do ... end` is `foo(bar, do: ...)`).
import type { Ast, AstNode, Meta } from "./ast.js";
import { appendMeta } from "./ast.js";
import { AtomSlot, tokenize } from "./lexer.js";
import { invalidDoError } from "./lexer.js";
import { BINARY_OPS, DOT_PREC, UNARY_OPS, rightPrec } from "./precedence.js";
import { ParseError, parseError } from "./syntax-error.js";
import type { Interpolation, SourceComment, StringPart, Token, TokenKind } from "./token.js";
import { charlistCodes } from "./unescape.js";
import { tokenText } from "./token-text.js";

export { ParseError } from "./syntax-error.js";
export { tokenize } from "./lexer.js";

export interface ParseOptions {
  file?: string;
  line?: number;
  /** Column of the first character (Code.string_to_quoted's :column option). */
  column?: number;
  /** When given, the warnings Elixir's parser prints (ambiguous pipes, empty clauses) are added here. */
  warnings?: ParseWarning[];
  /**
   * Code.string_to_quoted's :token_metadata: calls, containers and blocks carry `closing`,
   * `newlines`, `do`/`end`, `end_of_expression`, `last`, strings their `delimiter`.
   */
  tokenMetadata?: boolean;
  /** Wrap every literal as `{:__block__, meta, [literal]}` marked `encoded` (:literal_encoder). */
  literalEncoder?: boolean;
  /** false keeps escapes as written in strings, charlists and quoted atoms. */
  unescape?: boolean;
  /** Collects the comments (Code.string_to_quoted_with_comments). */
  comments?: SourceComment[];
  /** The input ends at a completion cursor (Code.Fragment.container_cursor_to_quoted). */
  cursorCompletion?: boolean;
  /** :existing_atoms_only (see TokenizeOptions.existingAtom). */
  existingAtom?: (name: string) => boolean;
  /** :static_atoms_encoder: the names to encode, collected (see TokenizeOptions.atomSlots). */
  atomSlots?: AtomSlot[];
}

/** The formatting options of a parse (token metadata, literal wrapping). */
interface Fmt {
  tm: boolean;
  enc: boolean;
  /** :existing_atoms_only: interpolated atoms are made by binary_to_existing_atom. */
  existing?: boolean;
}
const NO_FMT: Fmt = { tm: false, enc: false };
/** A location in metadata (`closing: [line: l, column: c]`): a plain object, a keyword list as a term. */
const loc = (t: { line: number; column: number }): Meta => ({ line: t.line, column: t.column });
/** `format: :keyword` (an atom value in metadata). */
const KEYWORD_FORMAT = { atom: "keyword" };
/** Binary operators whose grammar rule takes the newlines after them (next_is_eol). */
const NEXT_IS_EOL = new Set<TokenKind>([
  "dual_op", "mult_op", "power_op", "concat_op", "range_op", "ternary_op", "xor_op", "pipe_op", "and_op",
  "or_op", "in_op", "in_match_op", "type_op", "when_op", "stab_op", "comp_op", "rel_op", "arrow_op",
]);

/** A warning the parser gives about code it accepts. */
export interface ParseWarning {
  line: number;
  column: number;
  message: string;
  /** Written without a location (see LexWarning). */
  bare?: boolean;
}

/** A parser warning as Elixir prints it (`file:line:column` below the message). */
export function formatParseWarning(w: ParseWarning, file: string): string {
  if (w.bare === true) return `warning: ${w.message}\n`;
  return `warning: ${w.message}\n  ${file}:${w.line}:${w.column}\n\n`;
}

const AMBIGUOUS_PIPE = (op: string) =>
  `parentheses are required when piping into a function call. For example:\n\n    foo 1 ${op} bar 2 ${op} baz 3\n\n` +
  `is ambiguous and should be written as\n\n    foo(1) ${op} bar(2) ${op} baz(3)\n\nAmbiguous pipe found at:`;

const EMPTY_PAREN =
  "invalid expression (). If you want to invoke or define a function, make sure there are no spaces between the function name " +
  "and its arguments. If you wanted to pass an empty block or code, pass a value instead, such as a nil or an atom";

type Cat = "M" | "U" | "N";
/** What grammar symbol an expression came from, where the grammar cares. */
type Form = "access" | "ident" | "call1" | "parens" | "at" | "alias" | "emptyParen" | "parenArgs" | "other";

interface PExpr {
  ast: Ast;
  cat: Cat;
  form: Form;
  /** For parenArgs: the argument list and the parentheses. */
  args?: Ast[];
  open?: Token;
  close?: Token;
  /** A call without parentheses that has arguments (and no do-block): `bar 2`. */
  noParensCall?: boolean;
}

interface Ctx {
  /** Inside the arguments of a call without parentheses: do-blocks belong to that call. */
  noDo: boolean;
  /** Stop at a top-level `|` (map entries, for `%{map | k => v}`). */
  stopAtPipe?: boolean;
  /** Only a matched_expr may follow (no `when` with keywords). */
  matchedOnly?: boolean;
  /** Parsing the name of a struct: an identifier followed by `{` takes no arguments. */
  structName?: boolean;
  /** Calls without parentheses take a single argument (no commas), as in struct names. */
  noMany?: boolean;
}

type StabItem =
  | { type: "expr"; ast: Ast }
  | { type: "clause"; ast: AstNode }
  | { type: "args"; args: Ast[]; close: Token };

const FREE: Ctx = { noDo: false };
const IN_ARGS: Ctx = { noDo: true };
/** An atom; `true`, `false` and `nil` are the JS literals. */
const atom = (name: string): Ast => (name === "true" ? true : name === "false" ? false : name === "nil" ? null : { atom: name });
const node = (name: string | Ast, meta: Meta, args: Ast[] | null): AstNode => ({ name, meta, args });
const meta = (t: { line: number; column: number }): Meta => ({ line: t.line, column: t.column });
const EMPTY_META = {} as Meta;
const emptyBlock = (): AstNode => node("__block__", { ...EMPTY_META }, []);
const isNodeAst = (a: Ast): a is AstNode => typeof a === "object" && a !== null && !Array.isArray(a) && "args" in a;
const isAtomLike = (a: Ast): boolean =>
  a === true || a === false || a === null || (typeof a === "object" && a !== null && !Array.isArray(a) && "atom" in a);

// Tokens that can start an argument of a call without parentheses (`foo <arg>`).
const ARG_START = new Set<TokenKind>([
  "int", "flt", "char", "atom", "atom_quoted", "atom_safe", "atom_unsafe", "bin_string", "list_string",
  "bin_heredoc", "list_heredoc", "sigil", "alias", "true", "false", "nil", "fn", "(", "[", "{", "<<", "%{}",
  "%", "identifier", "paren_identifier", "bracket_identifier", "do_identifier", "op_identifier",
  "kw_identifier", "kw_identifier_safe", "kw_identifier_unsafe", "unary_op", "at_op", "capture_op",
]);
const EXPR_START = new Set<TokenKind>([...ARG_START, "dual_op", "ternary_op", "range_op"]);
// Tokens on which yecc reduces a no_parens call inside arguments or containers (and so
// reports the ambiguity); before any other token it reports a plain syntax error first.
const STRICT_FOLLOW = new Set<TokenKind | undefined>([",", ")", "]", "}", ">>", ";", "eol", "end", "block_identifier", "stab_op", "do", "assoc_op", undefined]);
const KW_START = new Set<TokenKind>(["kw_identifier", "kw_identifier_safe", "kw_identifier_unsafe"]);

const MANY_STRICT =
  "unexpected comma. Parentheses are required to solve ambiguity in nested calls.\n\n" +
  "This error happens when you have nested function calls without parentheses. For example:\n\n" +
  "    one a, two b, c, d\n\n" +
  'In the example above, we don\'t know if the parameters "c" and "d" apply to the function "one" or "two". ' +
  "You can solve this by explicitly adding parentheses:\n\n    one a, two(b, c, d)\n\n" +
  "Or by adding commas (in case a nested call is not intended):\n\n    one, a, two, b, c, d\n\n" +
  "Elixir cannot compile otherwise. Syntax error before: ";
const CONTAINER_STRICT =
  "unexpected comma. Parentheses are required to solve ambiguity inside containers.\n\n" +
  "This error may happen when you forget a comma in a list or other container:\n\n    [a, b c, d]\n\n" +
  "Or when you have ambiguous calls:\n\n    [one, two three, four, five]\n\n" +
  'In the example above, we don\'t know if the parameters "four" and "five" belongs to the list or the function "two". ' +
  "You can solve this by explicitly adding parentheses:\n\n    [one, two(three, four), five]\n\n" +
  "Elixir cannot compile otherwise. Syntax error before: ";
const KW_CALL_FOLLOW =
  "unexpected expression after keyword list. Keyword lists must always come as the last argument. Therefore, this is not allowed:\n\n" +
  "    function_call(1, some: :option, 2)\n\nInstead, wrap the keyword in brackets:\n\n" +
  "    function_call(1, [some: :option], 2)\n\nSyntax error after: ";
const KW_DATA_FOLLOW =
  "unexpected expression after keyword list. Keyword lists must always come last in lists and maps. Therefore, this is not allowed:\n\n" +
  "    [some: :value, :another]\n    %{some: :value, another => value}\n\n" +
  "Instead, reorder it to be the last entry:\n\n    [:another, some: :value]\n    %{another => value, some: :value}\n\n" +
  "Syntax error after: ";

/** Parses Elixir source into its quoted form. Throws ParseError. */
export function parse(source: string, opts: ParseOptions = {}): Ast {
  const file = opts.file ?? "nofile";
  const line = opts.line ?? 1;
  const column = opts.column ?? 1;
  // The parser's warnings are given as Elixir's parser gives them, while it reads: also
  // when the parse then fails or needs more input.
  let parser: Parser | undefined;
  try {
    const fmt: Fmt = opts.tokenMetadata || opts.literalEncoder || opts.existingAtom !== undefined
      ? { tm: opts.tokenMetadata === true, enc: opts.literalEncoder === true, existing: opts.existingAtom !== undefined }
      : NO_FMT;
    const tokens = tokenize(source, line, column, { warnings: opts.warnings, comments: opts.comments, unescape: opts.unescape, cursorCompletion: opts.cursorCompletion, existingAtom: opts.existingAtom, atomSlots: opts.atomSlots });
    parser = new Parser(tokens, fmt);
    const ast = parser.parseGrammar();
    opts.warnings?.push(...parser.warnings);
    return ast;
  } catch (e) {
    if (e instanceof ParseError || e instanceof RangeError) opts.warnings?.push(...(parser?.warnings ?? []));
    if (e instanceof ParseError) throw e.attachSource(source, line, file, column);
    if (e instanceof RangeError) throw tooDeep(line).attachSource(source, line, file, column);
    throw e;
  }
}

/** The state iex keeps between inputs: whether the last expression was a match `a = b`. */
export type IexLastOp = "match" | "other";

export type IexResult =
  | { status: "ok"; ast: Ast; lastOp: IexLastOp }
  | { status: "incomplete" }
  | { status: "error"; error: ParseError };

// Token kinds that make iex treat an input as a continuation of the previous result.
const IEX_OP_TOKENS = new Set<TokenKind>(["or_op", "and_op", "comp_op", "rel_op", "arrow_op", "in_op", "concat_op", "mult_op"]);

/**
 * Parses one iex input the way IEx.Evaluator.parse/3 does: an input starting with a binary
 * operator (`|> f()`, `++ [1]`) continues the previous result as `v(-1) |> f()`, unless the
 * previous expression was a match. `incomplete` means iex would prompt for another line.
 */
export function parseIex(source: string, opts: ParseOptions & { lastOp?: IexLastOp } = {}): IexResult {
  const file = opts.file ?? "iex";
  const line = opts.line ?? 1;
  let parser: Parser | undefined;
  try {
    // The tokenizer's warnings are given even when the parse then fails or needs more input.
    const tokens = tokenize(source, line, 1, { warnings: opts.warnings });
    const first = tokens[0];
    if (first && IEX_OP_TOKENS.has(first.kind)) {
      if (opts.lastOp === "match") throw pipeShorthandError(line, String(first.value));
      tokens.unshift(...previousResultTokens(line));
    }
    parser = new Parser(tokens);
    const ast = parser.parseGrammar();
    opts.warnings?.push(...parser.warnings);
    const lastOp: IexLastOp = isNodeAst(ast) && ast.name === "=" && ast.args?.length === 2 ? "match" : "other";
    return { status: "ok", ast, lastOp };
  } catch (e) {
    const error = e instanceof RangeError ? tooDeep(line) : e;
    if (!(error instanceof ParseError)) throw e;
    // (so are the parser's, given while it read: iex prints them at every attempt)
    opts.warnings?.push(...(parser?.warnings ?? []));
    if (error.incomplete) return { status: "incomplete" };
    return { status: "error", error: error.attachSource(source, line, file) };
  }
}

function pipeShorthandError(line: number, op: string): ParseError {
  const msg = "pipe shorthand is not allowed immediately after a match expression in IEx. To make it work, surround the whole pipeline with parentheses ";
  return parseError(line, 1, msg, `'${op}'`);
}

/** The tokens of `v(-1)`, as iex prepends them. */
function previousResultTokens(line: number): Token[] {
  return [
    { kind: "paren_identifier", line, column: 1, value: "v" },
    { kind: "(", line, column: 2 },
    { kind: "dual_op", line, column: 3, value: "-" },
    { kind: "int", line, column: 4, value: 1n, text: "1" },
    { kind: ")", line, column: 5 },
  ];
}

/** Like parse, but returns the error instead of throwing it (for the REPL). */
export function parseStatus(source: string, opts: ParseOptions = {}): { ok: true; ast: Ast } | { ok: false; error: ParseError } {
  try {
    return { ok: true, ast: parse(source, opts) };
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, error: e };
    throw e;
  }
}

function tooDeep(line: number): ParseError {
  return new ParseError({ kind: "SyntaxError", line, column: 1, description: "expression is too deeply nested" });
}

class Parser {
  private pos = 0;
  readonly warnings: ParseWarning[] = [];

  constructor(private readonly toks: Token[], private readonly f: Fmt = NO_FMT) {}

  // ---- formatting metadata ----------------------------------------------------

  /** handle_literal: under a literal encoder, `{:__block__, extra ++ meta, [value]}`. */
  private lit(value: Ast, t: { line: number; column: number }, extra: Record<string, unknown> = {}): Ast {
    if (!this.f.enc) return value;
    const n = node("__block__", { ...extra, ...meta(t) } as Meta, [value]);
    n.encoded = true;
    return n;
  }

  /** Metadata that only token_metadata adds. */
  private tmOnly(extra: Record<string, unknown>): Record<string, unknown> {
    return this.f.tm ? extra : {};
  }

  /** newlines_pair: the newlines after an opening bracket and where it closes. */
  private pair(openEol: number, close: Token): Record<string, unknown> {
    if (!this.f.tm) return {};
    return openEol > 0 ? { newlines: openEol, closing: loc(close) } : { closing: loc(close) };
  }

  /** annotate_eoe: the expression before an end of expression records it. */
  private annotateEoe(e: Ast, eoe: Token | undefined): void {
    if (!this.f.tm || eoe === undefined) return;
    let target: Ast = e;
    if (isNodeAst(e) && e.name === "->" && e.args?.length === 2) target = e.args[1];
    if (!isNodeAst(target)) return;
    const end: Meta = { newlines: eoe.eol ?? 0, ...loc(eoe) } as Meta;
    target.meta = { end_of_expression: end, ...target.meta };
  }

  // ---- token helpers ------------------------------------------------------

  private peek(k = 0): Token | undefined {
    return this.toks[this.pos + k];
  }

  private kind(k = 0): TokenKind | undefined {
    return this.toks[this.pos + k]?.kind;
  }

  private next(): Token {
    const t = this.toks[this.pos++];
    if (!t) throw this.syntaxError(undefined);
    return t;
  }

  private expect(kind: TokenKind): Token {
    if (this.kind() !== kind) throw this.syntaxError(this.peek());
    return this.next();
  }

  /** Skips a newline; gives its count (0 if there was none). */
  private skipEol(): number {
    if (this.kind() !== "eol") return 0;
    return this.toks[this.pos++].eol ?? 0;
  }

  private isEoe(): boolean {
    return this.kind() === "eol" || this.kind() === ";";
  }

  /** Skips an end of expression (newlines, `;`, or both); gives its first token. */
  private skipEoe(): Token | undefined {
    const first = this.isEoe() ? this.peek() : undefined;
    if (this.kind() === "eol") this.pos++;
    if (this.kind() === ";") this.pos++;
    return first;
  }

  /** The error yecc reports for an unexpected token (or the end of input). */
  private syntaxError(t: Token | undefined): ParseError {
    if (t) return parseError(t.line, t.column, "syntax error before: ", tokenText(t));
    const last = this.toks[this.toks.length - 1] ?? { line: 1, column: 1 };
    return parseError(last.line, last.column, "syntax error before: ", "");
  }

  private metaError(m: Meta, description: string, token: string): ParseError {
    const e = parseError(m.line, m.column, description, token);
    return new ParseError({ kind: e.kind, line: m.line, column: m.column, description: e.description, showColumn: false });
  }

  // ---- grammar and expression lists ---------------------------------------

  parseGrammar(): Ast {
    const first = this.peek();
    const hadEoe = this.isEoe();
    this.skipEoe();
    if (this.pos >= this.toks.length) {
      return first && hadEoe ? node("__block__", meta(first), []) : emptyBlock();
    }
    const exprs = [this.parseExpr(FREE).ast];
    while (this.isEoe()) {
      const eoe = this.skipEoe();
      if (this.pos >= this.toks.length) break;
      this.annotateEoe(exprs[exprs.length - 1], eoe);
      exprs.push(this.parseExpr(FREE).ast);
    }
    if (this.pos < this.toks.length) throw this.syntaxError(this.peek());
    return buildBlock(exprs);
  }

  // ---- binary operators -----------------------------------------------------

  private parseExpr(ctx: Ctx): PExpr {
    return this.parseBinary(0, ctx);
  }

  private parseBinary(minPrec: number, ctx: Ctx, primary?: PExpr): PExpr {
    let left = primary ? this.finishOperand(primary, minPrec, ctx) : this.parseUnary(minPrec, ctx);
    for (;;) {
      const t = this.peek();
      const info = t && BINARY_OPS[t.kind];
      if (!t || !info || left.cat === "N" || info.prec <= minPrec) return left;
      if (ctx.stopAtPipe && t.kind === "pipe_op") return left;
      this.pos++;
      const after = this.skipEol();
      const opNewlines = after > 0 && NEXT_IS_EOL.has(t.kind) ? after : t.eol ?? 0;
      const inner: Ctx = { noDo: ctx.noDo, matchedOnly: ctx.matchedOnly, noMany: ctx.noMany };
      const whenKw = t.kind === "when_op" && this.isKwStart();
      if (whenKw && ctx.matchedOnly) throw this.syntaxError(this.peek());
      const right = whenKw ? { ...this.noParensKw(inner), cat: "N" as Cat } : this.parseBinary(rightPrec(info), inner);
      // warn_pipe: `x |> foo 1` pipes into a call without parentheses.
      if (t.kind === "arrow_op" && right.noParensCall) this.warnings.push({ line: t.line, column: t.column, message: AMBIGUOUS_PIPE(String(t.value)) });
      left = { ast: buildOp(left.ast, t, right.ast, this.f.tm ? opNewlines : 0, this.warnings), cat: combine(left.cat, right.cat), form: "other" };
    }
  }

  // ---- prefix operators -----------------------------------------------------

  private parseUnary(minPrec: number, ctx: Ctx): PExpr {
    const t = this.peek();
    const info = t && UNARY_OPS[t.kind];
    if (!t || !info || (t.kind === "capture_op" && this.kind(1) === "int")) return this.parseOperand(minPrec, ctx);
    this.pos++;
    this.skipEol();
    const operand = this.parseBinary(info.prec, { noDo: ctx.noDo, structName: ctx.structName, noMany: ctx.noMany });
    const built: PExpr = { ast: buildUnary(t, operand.ast), cat: operand.cat, form: t.kind === "at_op" ? "at" : "other" };
    return t.kind === "at_op" && minPrec < DOT_PREC && built.cat === "M" ? this.parsePostfix(built, ctx) : built;
  }

  private parseOperand(minPrec: number, ctx: Ctx): PExpr {
    return this.finishOperand(this.parsePrimary(ctx, minPrec >= DOT_PREC), minPrec, ctx);
  }

  private finishOperand(p: PExpr, minPrec: number, ctx: Ctx): PExpr {
    if (p.form === "parenArgs") throw this.syntaxError(p.close);
    const q = minPrec < DOT_PREC && p.cat === "M" ? this.parsePostfix(p, ctx) : p;
    const t = this.peek();
    if (t?.kind === "kw_identifier" && isAccess(q)) throw invalidKwIdentifier(t);
    return q;
  }

  // ---- postfix: dots, dot calls, brackets -------------------------------------

  private parsePostfix(p: PExpr, ctx: Ctx): PExpr {
    for (;;) {
      const k = this.kind();
      if (p.cat !== "M") return p;
      if (k === ".") p = this.parseDot(p, this.next(), ctx);
      else if (k === "dot_call_op") p = this.parseDotCall(p, this.next(), ctx);
      else if (k === "[" && (isAccess(p) || p.form === "at")) p = this.parseAccess(p.ast);
      else return p;
    }
  }

  private parseDot(target: PExpr, dot: Token, ctx: Ctx): PExpr {
    const t = this.next();
    switch (t.kind) {
      case "alias":
        return { ast: dotAlias(target.ast, dot, t, this.f.tm), cat: "M", form: "alias" };
      case "{":
        return this.parseDotContainer(target.ast, dot);
      case "identifier": case "paren_identifier": case "bracket_identifier": case "do_identifier": case "op_identifier":
        return this.parseCallish(t, { target: target.ast, dot }, ctx, false);
      default:
        throw this.syntaxError(t);
    }
  }

  private parseDotContainer(target: Ast, dot: Token): PExpr {
    const nl = this.skipEol();
    const args = this.kind() === "}" ? [] : this.containerArgs("}", "tuple");
    const close = this.closeWith("}");
    const m = meta(dot);
    const extra = args.length === 0 ? {} : this.pair(nl, close);
    return { ast: node(node(".", m, [target, atom("{}")]), { ...extra, ...m } as Meta, args), cat: "M", form: "access" };
  }

  private parseDotCall(target: PExpr, dot: Token, ctx: Ctx): PExpr {
    const m = meta(dot);
    const [args, pm] = this.parenArgs();
    const call = node(node(".", m, [target.ast]), { ...pm, ...m } as Meta, args);
    return this.afterParenCall(call, ctx);
  }

  private parseAccess(target: Ast): PExpr {
    const open = this.next();
    const nl = this.skipEol();
    let arg: Ast;
    if (this.isKwStart()) arg = this.kwData("]");
    else {
      arg = this.containerExpr();
      if (this.kind() === ",") this.pos++;
    }
    const close = this.closeWith("]");
    const m = { ...this.pair(nl, close), ...meta(open) } as Meta;
    return { ast: node(node(".", m, [atom("Elixir.Access"), atom("get")]), { ...m }, [target, arg]), cat: "M", form: "access" };
  }

  // ---- primaries --------------------------------------------------------------

  /** `argsAllowed`: a parenthesized argument list `(a, b)` may appear here (stab heads). */
  private parsePrimary(ctx: Ctx, noPostfix: boolean, argsAllowed = false): PExpr {
    const t = this.peek();
    if (!t) throw this.syntaxError(undefined);
    const lit = this.literal(t);
    if (lit) return lit;
    switch (t.kind) {
      case "identifier": case "paren_identifier": case "bracket_identifier": case "do_identifier": case "op_identifier":
        this.pos++;
        return this.parseCallish(t, null, ctx, noPostfix);
      case "[": return this.parseList();
      case "{": return this.parseTuple();
      case "<<": return this.parseBits();
      case "%{}": return this.parseMap();
      case "%": return this.parseStruct();
      case "(": return this.parseParenGroup(argsAllowed);
      case "fn": return this.parseFn();
      default: throw this.syntaxError(t);
    }
  }

  /** Literals and other single-token access expressions. */
  private literal(t: Token): PExpr | null {
    const ast = this.literalAst(t);
    if (ast === undefined) return null;
    this.pos++;
    return { ast, cat: "M", form: t.kind === "alias" ? "alias" : "access" };
  }

  private literalAst(t: Token): Ast | undefined {
    switch (t.kind) {
      case "int": case "flt": return this.lit(t.value as bigint | number, t, this.tmOnly({ token: t.text }));
      case "char": return this.lit(BigInt(t.value as number), t, this.tmOnly({ token: t.text }));
      case "atom": return this.lit(atom(t.value as string), t);
      case "atom_quoted": return this.lit(atom(t.value as string), t, this.tmOnly({ delimiter: '"' }));
      case "true": return this.lit(true, t);
      case "false": return this.lit(false, t);
      case "nil": return this.lit(null, t);
      case "alias": return node("__aliases__", { ...this.tmOnly({ last: loc(t) }), ...meta(t) } as Meta, [atom(t.value as string)]);
      case "range_op": return node("..", meta(t), []);
      case "capture_op": return this.kind(1) === "int" ? this.captureInt(t) : undefined;
      default: return this.stringAst(t);
    }
  }

  private captureInt(t: Token): Ast {
    this.pos++;
    return node("&", meta(t), [this.peek()!.value as bigint]);
  }

  // ---- identifiers and calls ----------------------------------------------------

  /**
   * An identifier token, possibly after `target.`: a variable, a call with parentheses,
   * an access `foo[...]`, a call without parentheses, or a do-block call.
   */
  private parseCallish(t: Token, dot: DotInfo | null, ctx: Ctx, noPostfix: boolean): PExpr {
    const name = t.value as string;
    switch (t.kind) {
      case "paren_identifier": {
        const [args, pm] = this.parenArgs();
        const call = callNode(name, t, dot, args);
        call.meta = { ...pm, ...call.meta } as Meta;
        return this.afterParenCall(call, ctx);
      }
      case "bracket_identifier":
        if (noPostfix) return this.zeroArity(name, t, dot);
        return this.parseAccess(zeroArityAst(name, t, dot));
      case "do_identifier":
        if (ctx.noDo || this.kind() !== "do") return this.zeroArity(name, t, dot);
        const [block, bm] = this.parseDoBlock();
        const call = callNode(name, t, dot, block);
        call.meta = { ...bm, ...call.meta } as Meta;
        return { ast: call, cat: "U", form: "other" };
      default:
        if (ctx.structName && this.kind() === "{") return this.zeroArity(name, t, dot);
        if (t.kind === "op_identifier" || ARG_START.has(this.kind() as TokenKind)) return this.noParensCall(name, t, dot, ctx);
        return this.zeroArity(name, t, dot);
    }
  }

  private zeroArity(name: string, t: Token, dot: DotInfo | null): PExpr {
    return { ast: zeroArityAst(name, t, dot), cat: "M", form: "ident" };
  }

  /** After `f(args)`: optional second argument list `f(a)(b)`, then an optional do-block. */
  private afterParenCall(call: AstNode, ctx: Ctx): PExpr {
    if (this.kind() === "(") {
      const [args, pm] = this.parenArgs();
      call = node(call, appendMeta(pm, call.meta), args);
    }
    if (ctx.noDo || this.kind() !== "do") return { ast: call, cat: "M", form: "parens" };
    const [block, bm] = this.parseDoBlock();
    return { ast: node(call.name, { ...bm, ...call.meta } as Meta, [...(call.args ?? []), ...block]), cat: "U", form: "other" };
  }

  private noParensCall(name: string, t: Token, dot: DotInfo | null, ctx: Ctx): PExpr {
    const { args, cat } = this.noParensArgs(ctx.noMany ? { noDo: true, noMany: true } : IN_ARGS);
    const ast = callNode(name, t, dot, args);
    if (!ctx.noDo && this.kind() === "do") {
      const [block, bm] = this.parseDoBlock();
      ast.args = [...args, ...block];
      ast.meta = { ...bm, ...ast.meta } as Meta;
      return { ast, cat: "U", form: "other" };
    }
    // build_identifier/2 marks `foo -1` (a single argument, no do-block) as ambiguous.
    if (t.kind === "op_identifier" && !dot && args.length === 1) ast.meta = { ambiguous_op: null, ...ast.meta };
    return { ast, cat, form: cat === "M" ? "call1" : "other", noParensCall: true };
  }

  /** call_args_no_parens_all: one argument, a nested ambiguous call, or many arguments. */
  private noParensArgs(argCtx: Ctx): { args: Ast[]; cat: Cat } {
    if (this.isKwStart()) {
      const kw = this.noParensKw(argCtx);
      return { args: [kw.ast], cat: kw.cat === "N" ? "N" : "M" };
    }
    const first = this.firstNoParensArg(argCtx);
    if (first.cat === "N") return { args: [first.ast], cat: "N" };
    if (this.kind() !== "," || argCtx.noMany) return { args: [first.ast], cat: "M" };
    const args = [first.ast];
    while (this.kind() === ",") {
      this.pos++;
      if (this.isKwStart()) {
        args.push(this.noParensKw(argCtx).ast);
        break;
      }
      args.push(this.strictArg(this.parseExpr(argCtx), false));
    }
    return { args, cat: "N" };
  }

  private firstNoParensArg(argCtx: Ctx): PExpr {
    if (this.kind() !== "(") return this.parseExpr(argCtx);
    const p = this.parsePrimary(argCtx, false, true);
    if (p.form === "emptyParen") this.warnEmptyParen(p.open!);
    if (p.form === "parenArgs") {
      const o = p.open!;
      throw parseError(o.line, o.column, "unexpected parentheses. If you are making a function call, do not insert spaces between the function name and the opening parentheses. Syntax error before: ", "'('");
    }
    return this.parseBinary(0, argCtx, p);
  }

  private strictArg(e: PExpr, checkFollow = true): Ast {
    if (e.cat !== "N") return e.ast;
    if (checkFollow && !STRICT_FOLLOW.has(this.kind())) throw this.syntaxError(this.peek());
    throw this.metaError((e.ast as AstNode).meta, MANY_STRICT, "','");
  }

  /** call_args_no_parens_kw: `a: 1, b: 2` where values may be calls without parens. */
  private noParensKw(ctx: Ctx): PExpr {
    const pairs: Ast[] = [];
    for (;;) {
      const key = this.kwKey();
      const value = this.parseExpr(ctx);
      pairs.push({ tuple: [key, value.ast] });
      if (value.cat === "N") return { ast: pairs, cat: "N", form: "other" };
      if (this.kind() !== ",") return { ast: pairs, cat: "M", form: "other" };
      if (this.cursorAfterComma()) return { ast: [...pairs, this.cursorCall()], cat: "M", form: "other" };
      if (!KW_START.has(this.kind(1) as TokenKind)) throw this.badKwFollow(KW_CALL_FOLLOW, ctx);
      this.pos++;
    }
  }

  /** A comma after a keyword list followed by a non-keyword expression. */
  private badKwFollow(message: string, ctx: Ctx): ParseError {
    const comma = this.next();
    if (!EXPR_START.has(this.kind() as TokenKind)) return this.syntaxError(this.peek());
    this.parseExpr({ ...ctx, matchedOnly: true });
    return parseError(comma.line, comma.column, message, "','");
  }

  /** `, __cursor__()` (a completion cursor may follow keywords: maybe_bad_keyword_*_follow_up). */
  private cursorAfterComma(): boolean {
    const t = this.peek(1);
    return t?.kind === "paren_identifier" && t.value === "__cursor__" && this.kind(2) === "(" && this.kind(3) === ")";
  }

  private cursorCall(): Ast {
    this.pos++;
    const t = this.next();
    this.pos += 2;
    return node("__cursor__", meta(t), []);
  }

  private isKwStart(): boolean {
    return KW_START.has(this.kind() as TokenKind);
  }

  /** A keyword key (`a:`, `"a b":`, `"a#{b}":`) followed by an optional newline. */
  private kwKey(): Ast {
    const t = this.next();
    this.skipEol();
    if (t.kind === "kw_identifier") return this.lit(atom(t.value as string), t, { format: KEYWORD_FORMAT });
    return quotedAtom(t, this.stringParts(t.value as StringPart[]), this.tmOnly({ format: KEYWORD_FORMAT }), this.f.existing === true);
  }

  // ---- call arguments with parentheses ------------------------------------------

  /** call_args_parens: the arguments and their newlines_pair metadata. */
  private parenArgs(): [Ast[], Record<string, unknown>] {
    this.expect("(");
    const nl = this.skipEol();
    if (this.kind() === ")") return [[], this.pair(nl, this.next())];
    const args = this.parenArgList();
    const close = this.closeWith(")");
    return [args, this.pair(nl, close)];
  }

  private parenArgList(): Ast[] {
    if (this.isKwStart()) return [this.kwCall()];
    const first = this.parseExpr(FREE);
    const args = [first.ast];
    if (first.cat === "N" && (this.kind() === ")" || this.kind() === "eol")) return args;
    if (first.cat === "N") this.strictArg(first);
    while (this.kind() === ",") {
      this.pos++;
      if (this.isKwStart()) {
        args.push(this.kwCall());
        break;
      }
      args.push(this.strictArg(this.parseExpr(FREE)));
    }
    return args;
  }

  /** kw_call: keyword arguments inside parentheses (a trailing comma is allowed). */
  private kwCall(): Ast[] {
    return this.kwList(KW_CALL_FOLLOW, ")");
  }

  /** kw_data: keyword entries of lists and maps. */
  private kwData(close: TokenKind): Ast[] {
    return this.kwList(KW_DATA_FOLLOW, close);
  }

  private kwList(follow: string, close: TokenKind): Ast[] {
    const pairs: Ast[] = [];
    for (;;) {
      const key = this.kwKey();
      pairs.push({ tuple: [key, this.containerExpr()] });
      if (this.kind() !== ",") return pairs;
      if (this.isCloseAfterComma(close)) {
        // (elixir_parser's warn_trailing_comma: a call's keywords end at `)`, a list's may end with `,`)
        if (follow === KW_CALL_FOLLOW) {
          const comma = this.peek()!;
          this.warnings.push({ line: comma.line, column: comma.column, message: "trailing commas are not allowed inside function/macro call arguments" });
        }
        this.pos++;
        return pairs;
      }
      if (this.cursorAfterComma()) return [...pairs, this.cursorCall()];
      if (!KW_START.has(this.kind(1) as TokenKind)) throw this.badKwFollow(follow, FREE);
      this.pos++;
    }
  }

  private isCloseAfterComma(close: TokenKind): boolean {
    const k = this.kind(1);
    return k === close || (k === "eol" && this.kind(2) === close);
  }

  private closeWith(kind: TokenKind): Token {
    this.skipEol();
    return this.expect(kind);
  }

  // ---- containers -------------------------------------------------------------------

  private containerExpr(): Ast {
    const e = this.parseExpr(FREE);
    if (e.cat === "N") {
      if (!STRICT_FOLLOW.has(this.kind())) throw this.syntaxError(this.peek());
      throw this.metaError((e.ast as AstNode).meta, CONTAINER_STRICT, "','");
    }
    return e.ast;
  }

  /** Elements up to `close`; trailing keywords are flattened (lists) or nested (tuples). */
  private containerArgs(close: TokenKind, mode: "list" | "tuple"): Ast[] {
    const items: Ast[] = [];
    if (this.isKwStart()) return mode === "list" ? this.kwData(close) : (this.syntaxFail() as never);
    for (;;) {
      items.push(this.containerExpr());
      if (this.kind() !== ",") return items;
      this.pos++;
      if (this.kind() === close || (this.kind() === "eol" && this.kind(1) === close)) return items;
      if (this.isKwStart()) {
        const kw = this.kwData(close);
        return mode === "list" ? [...items, ...kw] : [...items, kw];
      }
    }
  }

  private syntaxFail(): never {
    throw this.syntaxError(this.peek());
  }

  private parseList(): PExpr {
    const open = this.next();
    const nl = this.skipEol();
    const items = this.kind() === "]" ? [] : this.containerArgs("]", "list");
    const close = this.closeWith("]");
    return { ast: this.lit(items, open, this.pair(nl, close)), cat: "M", form: "access" };
  }

  private parseTuple(): PExpr {
    const open = this.next();
    const nl = this.skipEol();
    const items = this.kind() === "}" ? [] : this.containerArgs("}", "tuple");
    const close = this.closeWith("}");
    const pm = this.pair(nl, close);
    const ast: Ast = items.length === 2 ? this.lit({ tuple: [items[0], items[1]] }, open, pm) : node("{}", { ...pm, ...meta(open) } as Meta, items);
    return { ast, cat: "M", form: "access" };
  }

  private parseBits(): PExpr {
    const open = this.next();
    const nl = this.skipEol();
    const items = this.kind() === ">>" ? [] : this.containerArgs(">>", "tuple");
    const close = this.closeWith(">>");
    return { ast: node("<<>>", { ...this.pair(nl, close), ...meta(open) } as Meta, items), cat: "M", form: "access" };
  }

  // ---- maps and structs -------------------------------------------------------------

  private parseMap(): PExpr {
    this.pos++;
    this.skipEol();
    return { ast: this.mapArgs(), cat: "M", form: "access" };
  }

  private mapArgs(): AstNode {
    const open = this.expect("{");
    const nl = this.skipEol();
    const m = meta(open);
    if (this.kind() === "}") return node("%{}", { ...this.pair(nl, this.next()), ...m } as Meta, []);
    const entries = this.isKwStart() ? this.kwData("}") : this.mapEntries();
    const close = this.closeWith("}");
    return node("%{}", { ...this.pair(nl, close), ...m } as Meta, entries);
  }

  private mapEntries(): Ast[] {
    const first = this.parseExpr({ noDo: false, stopAtPipe: true, matchedOnly: true });
    if (this.kind() !== "pipe_op") return this.assocList(first);
    const pipe = this.next();
    const after = this.skipEol();
    const rest = this.isKwStart() ? this.kwData("}") : this.assocList(this.parseExpr({ noDo: false, stopAtPipe: true, matchedOnly: true }));
    const nl = this.f.tm ? (after > 0 ? after : pipe.eol ?? 0) : 0;
    return [node("|", nl > 0 ? ({ newlines: nl, ...meta(pipe) } as Meta) : meta(pipe), [first.ast, rest])];
  }

  /** assoc entries (`k => v`, or the bare forms the grammar allows), then optional keywords. */
  private assocList(first: PExpr): Ast[] {
    const entries: Ast[] = [];
    let e = first;
    for (;;) {
      entries.push(this.assocEntry(e));
      if (this.kind() !== ",") return entries;
      this.pos++;
      if (this.kind() === "}" || (this.kind() === "eol" && this.kind(1) === "}")) return entries;
      if (this.isKwStart()) return [...entries, ...this.kwData("}")];
      e = this.parseExpr({ noDo: false, stopAtPipe: true, matchedOnly: true });
    }
  }

  private assocEntry(left: PExpr): Ast {
    if (this.kind() !== "assoc_op") {
      if (left.cat !== "N" && (left.form === "ident" || left.form === "call1" || left.form === "parens")) return left.ast;
      throw this.syntaxError(this.peek());
    }
    if (left.cat === "N") throw this.syntaxError(this.peek());
    this.pos++;
    this.skipEol();
    const right = this.parseExpr(FREE);
    if (right.cat === "N") throw this.syntaxError(this.peek());
    return { tuple: [left.ast, right.ast] };
  }

  private parseStruct(): PExpr {
    const pct = this.next();
    const name = this.structExpr();
    this.skipEol();
    if (this.kind() !== "{") throw this.syntaxError(this.peek());
    return { ast: node("%", meta(pct), [name, this.mapArgs()]), cat: "M", form: "access" };
  }

  /**
   * struct_expr: an atom, alias, variable, `@attr`, call with parens or dotted alias. Like
   * yecc we read a whole operand (so `%foo bar{}` is incomplete) and then check its shape.
   */
  private structExpr(): Ast {
    const t = this.peek();
    if (t && (t.kind === "unary_op" || t.kind === "dual_op" || t.kind === "ternary_op")) {
      this.pos++;
      this.skipEol();
      return buildUnary(t, this.structExpr());
    }
    const p = this.parseBinary(0, { noDo: true, structName: true, noMany: true });
    const lit = isNodeAst(p.ast) && p.ast.encoded ? p.ast.args![0] : p.ast;
    const atomName = typeof lit === "object" && lit !== null && !Array.isArray(lit) && "atom" in lit;
    const ok = p.cat === "M" && (p.form === "alias" || p.form === "ident" || p.form === "parens" || p.form === "at" || (p.form === "access" && atomName));
    if (!ok) throw this.syntaxError(this.peek());
    return p.ast;
  }

  // ---- parentheses, fn, stabs and do-blocks -----------------------------------------

  private parseParenGroup(argsAllowed: boolean): PExpr {
    const open = this.next();
    this.skipEol();
    if (this.kind() === ")") {
      this.pos++;
      // Unless it may yet be a clause head (`() -> x`), it is an expression: warned about.
      if (!argsAllowed) this.warnEmptyParen(open);
      return { ast: emptyBlock(), cat: "M", form: "emptyParen", open };
    }
    if (this.kind() === ";") this.pos++;
    const items = this.kind() === ")" ? [] : this.parseStab((k) => k === ")", argsAllowed);
    const close = this.closeWith(")");
    const only = items[0];
    if (items.length === 1 && only.type === "args") return { ast: null, cat: "M", form: "parenArgs", args: only.args, open, close };
    const built = buildStab(items);
    if (isNodeAst(built) && built.name === "__block__") built.meta = appendMeta(built.meta, { ...this.tmOnly({ closing: loc(close) }), ...meta(open) });
    return { ast: built, cat: "M", form: "access" };
  }

  /** `()` as an expression (Elixir's parser accepts it as an empty block, with this warning). */
  private warnEmptyParen(open: Token): void {
    this.warnings.push({ line: open.line, column: open.column, message: EMPTY_PAREN });
  }

  private parseFn(): PExpr {
    const fn = this.next();
    const first = this.kind() === "eol" ? this.peek()!.eol ?? 0 : 0;
    this.skipEoe();
    const items = this.parseStab((k) => k === "end", false);
    const end = this.expect("end");
    if (!items.some((i) => i.type === "clause")) {
      throw parseError(fn.line, fn.column, "expected anonymous functions to be defined with -> inside: ", "'fn'");
    }
    const m = this.f.tm ? ({ ...(first > 0 ? { newlines: first } : {}), closing: loc(end), ...meta(fn) } as Meta) : meta(fn);
    return { ast: node("fn", m, collectStab(items) as Ast[]), cat: "M", form: "access" };
  }

  /** do_block: `do ... [else ... | rescue ... | catch ... | after ...] end` as a keyword list. */
  private parseDoBlock(): [Ast[], Record<string, unknown>] {
    const doTok = this.expect("do");
    this.skipEoe();
    // Sections are built only after `end`, as yecc does (so syntax errors come first).
    const sections: [Token, StabItem[] | null][] = [[doTok, this.blockBody()]];
    while (this.kind() === "block_identifier") {
      const b = this.next();
      this.skipEoe();
      sections.push([b, this.blockBody()]);
    }
    if (this.kind() !== "end") throw this.syntaxError(this.peek());
    const end = this.next();
    const kw = sections.map(([t, items]): Ast => ({ tuple: [this.lit(atom(t.kind === "do" ? "do" : (t.value as string)), t), items ? buildStab(items) : emptyBlock()] }));
    return [[kw], this.tmOnly({ do: loc(doTok), end: loc(end) })];
  }

  private blockBody(): StabItem[] | null {
    const k = this.kind();
    if (k === "end" || k === "block_identifier") return null;
    return this.parseStab((x) => x === "end" || x === "block_identifier", false);
  }

  /** stab: items separated by newlines/semicolons, up to a terminator. */
  private parseStab(isEnd: (k: TokenKind | undefined) => boolean, inParens: boolean): StabItem[] {
    const items: StabItem[] = [];
    for (;;) {
      const item = this.parseStabItem(inParens);
      items.push(item);
      if (this.isEoe()) {
        const eoe = this.skipEoe();
        if (isEnd(this.kind())) return items;
        if (item.type !== "args") this.annotateEoe(item.ast, eoe);
        continue;
      }
      if (isEnd(this.kind()) || (this.kind() === "eol" && isEnd(this.kind(1)))) return items;
      throw this.syntaxError(this.peek());
    }
  }

  private parseStabItem(inParens: boolean): StabItem {
    const k = this.kind();
    if (k === "stab_op") return this.clause([], this.next());
    if (this.isKwStart()) return this.argsItem([this.noParensKw(FREE).ast], inParens);
    if (k === "(") return this.parenStabItem(inParens);
    return this.exprStabItem(this.parseExpr(FREE), inParens);
  }

  private parenStabItem(inParens: boolean): StabItem {
    const p = this.parsePrimary(FREE, false, true);
    const k = this.kind();
    if ((p.form === "emptyParen" || p.form === "parenArgs") && (k === "stab_op" || k === "when_op")) {
      const args = p.form === "emptyParen" ? [] : p.args!;
      if (k === "stab_op") return this.clause(args, this.next());
      const when = this.next();
      const guard = this.parseExpr(FREE).ast;
      if (this.kind() !== "stab_op") throw this.syntaxError(this.peek());
      return this.clause([node("when", meta(when), [...args, guard])], this.next());
    }
    if (p.form === "parenArgs") throw this.syntaxError(this.peek());
    if (p.form === "emptyParen") this.warnEmptyParen(p.open!);
    return this.exprStabItem(this.parseBinary(0, FREE, p), inParens);
  }

  private exprStabItem(first: PExpr, inParens: boolean): StabItem {
    if (this.kind() === "stab_op") return this.clause(unwrapWhen([first.ast]), this.next());
    if (this.kind() !== ",") return { type: "expr", ast: first.ast };
    const args = [first.ast];
    while (this.kind() === ",") {
      this.pos++;
      if (this.isKwStart()) {
        args.push(this.noParensKw(FREE).ast);
        break;
      }
      args.push(this.strictArg(this.parseExpr(FREE)));
    }
    return this.argsItem(args, inParens);
  }

  /** A comma list: a clause head if `->` follows, or `(a, b)` arguments inside parens. */
  private argsItem(args: Ast[], inParens: boolean): StabItem {
    if (this.kind() === "stab_op") return this.clause(unwrapWhen(args), this.next());
    const close = this.kind() === ")" ? this.peek() : this.kind() === "eol" && this.kind(1) === ")" ? this.peek(1) : undefined;
    if (inParens && close) return { type: "args", args, close };
    throw this.syntaxError(this.peek());
  }

  private clause(head: Ast[], arrow: Token): StabItem {
    const after = this.skipEol();
    const k = this.kind();
    const empty = k === undefined || k === "end" || k === ")" || k === "block_identifier" || k === ";" || k === "eol";
    if (empty) this.warnings.push({ line: arrow.line, column: arrow.column, message: "an expression is always required on the right side of ->. Please provide a value after ->" });
    const body = empty ? this.lit(null, arrow) : this.parseExpr(FREE).ast;
    const nl = after > 0 ? after : arrow.eol ?? 0;
    const m = this.f.tm && nl > 0 ? ({ newlines: nl, ...meta(arrow) } as Meta) : meta(arrow);
    return { type: "clause", ast: node("->", m, [head, body]) };
  }

  // ---- strings ------------------------------------------------------------------------

  private stringAst(t: Token): Ast | undefined {
    switch (t.kind) {
      case "bin_string": case "bin_heredoc": return this.binString(t);
      case "list_string": case "list_heredoc": return this.listString(t);
      case "sigil": return this.sigilAst(t);
      case "atom_unsafe": case "atom_safe": return quotedAtom(t, this.stringParts(t.value as StringPart[]), this.tmOnly({ delimiter: '"' }), this.f.existing === true);
      default: return undefined;
    }
  }

  /** The delimiter (and a heredoc's indentation) token_metadata records on a string. */
  private stringExtra(t: Token, quote: string): Record<string, unknown> {
    const heredoc = t.kind === "bin_heredoc" || t.kind === "list_heredoc";
    return this.tmOnly(heredoc ? { delimiter: quote.repeat(3), indentation: t.indentation } : { delimiter: quote });
  }

  private binString(t: Token): Ast {
    const parts = t.value as StringPart[];
    const extra = this.stringExtra(t, '"');
    if (parts.length === 1 && typeof parts[0] === "string") return this.lit(parts[0], t, extra);
    return node("<<>>", { ...extra, ...meta(t) } as Meta, this.stringParts(parts));
  }

  private listString(t: Token): Ast {
    const parts = t.value as StringPart[];
    const extra = this.stringExtra(t, "'");
    if (parts.length === 1 && typeof parts[0] === "string") return this.lit(charlistCodes(parts[0]), t, extra);
    const m = meta(t);
    const args = parts.map((p) => (typeof p === "string" ? p : toStringCall(p, this.interpolation(p), this.f.tm)));
    return node(node(".", m, [atom("Elixir.List"), atom("to_charlist")]), { ...extra, ...m } as Meta, [args]);
  }

  private sigilAst(t: Token): Ast {
    const m = meta(t);
    const inner: Meta = t.indentation == null ? { ...m } : { indentation: t.indentation, ...m };
    const content = node("<<>>", inner, this.stringParts(t.value as StringPart[]));
    return node("sigil_" + t.sigil, { delimiter: t.delimiter, ...m }, [content, charlistCodes(t.modifiers ?? "")]);
  }

  private stringParts(parts: StringPart[]): Ast[] {
    return parts.map((p) => (typeof p === "string" ? p : interpolationPart(p, this.interpolation(p), this.f.tm)));
  }

  private interpolation(p: Interpolation): Ast {
    const inner = new Parser(p.tokens, this.f);
    try {
      return inner.parseGrammar();
    } finally {
      this.warnings.push(...inner.warnings);
    }
  }
}

// ---- AST builders ----------------------------------------------------------------------

interface DotInfo {
  target: Ast;
  dot: Token;
}

/** A call `name(args)` or `target.name(args)`. */
function callNode(name: string, t: Token, dot: DotInfo | null, args: Ast[]): AstNode {
  if (!dot) return node(name, meta(t), args);
  return node(node(".", meta(dot.dot), [dot.target, atom(name)]), meta(t), args);
}

/** A variable `name` or a no-parens remote `target.name`. */
function zeroArityAst(name: string, t: Token, dot: DotInfo | null): AstNode {
  if (!dot) return node(name, meta(t), null);
  return node(node(".", meta(dot.dot), [dot.target, atom(name)]), { no_parens: true, ...meta(t) }, []);
}

function dotAlias(target: Ast, dot: Token, alias: Token, tm: boolean): Ast {
  const name = atom(alias.value as string);
  if (isNodeAst(target) && target.name === "__aliases__") {
    const m = tm ? ({ ...target.meta, last: loc(alias) } as Meta) : target.meta;
    return node("__aliases__", m, [...target.args!, name]);
  }
  if (isAtomLike(isNodeAst(target) && target.encoded ? target.args![0] : target)) {
    throw parseError(alias.line, alias.column, "atom cannot be followed by an alias. If the '.' was meant to be part of the atom's name, the atom name must be quoted. Syntax error before: ", "'.'");
  }
  return node("__aliases__", tm ? ({ last: loc(alias), ...meta(dot) } as Meta) : meta(dot), [target, name]);
}

function combine(left: Cat, right: Cat): Cat {
  if (right === "N") return left === "U" ? "U" : "N";
  return left === "U" || right === "U" ? "U" : "M";
}

const RANGE_STEP_ERROR =
  "the range step operator (//) must immediately follow the range definition operator (..), for example: 1..9//2. " +
  "If you wanted to define a default argument, use (\\\\) instead. Syntax error before: ";

/** build_op/3 of the grammar: `..//`, `not in`, and the deprecated `not a in b`. */
function buildOp(left: Ast, op: Token, right: Ast, newlines = 0, warnings: ParseWarning[] = []): Ast {
  const m = meta(op);
  const name = op.value as string;
  if (name === "//") {
    if (isNodeAst(left) && left.name === ".." && left.args?.length === 2) return node("..//", left.meta, [...left.args, right]);
    throw parseError(op.line, op.column, RANGE_STEP_ERROR, "'//'");
  }
  if (name === "not in") return node("not", m, [node("in", { ...m }, [left, right])]);
  if (name === "in" && isNodeAst(left) && (left.name === "not" || left.name === "!") && left.args?.length === 1) {
    warnings.push({ line: op.line, column: op.column, message: `"not expr1 in expr2" is deprecated, use "expr1 not in expr2" instead` });
    return node(left.name, m, [node("in", { ...m }, [left.args[0], right])]);
  }
  return node(name, newlines > 0 ? ({ newlines, ...m } as Meta) : m, [left, right]);
}

function buildUnary(op: Token, operand: Ast): Ast {
  if (op.value === "//") {
    return node("/", { line: op.line, column: op.column + 1 }, [node("/", meta(op), null), operand]);
  }
  return node(op.value as string, meta(op), [operand]);
}

/** build_block: one expression stays bare unless it is `not x` / `!x` / unquote_splicing. */
function buildBlock(exprs: Ast[]): Ast {
  if (exprs.length === 1) {
    const e = exprs[0];
    const wrap = isNodeAst(e) && e.args?.length === 1 && (e.name === "not" || e.name === "!" || e.name === "unquote_splicing");
    return wrap ? node("__block__", { ...EMPTY_META }, exprs) : e;
  }
  return node("__block__", { ...EMPTY_META }, exprs);
}

/** build_stab: a block of expressions, or a list of `->` clauses. */
function buildStab(items: StabItem[]): Ast {
  if (!items.some((i) => i.type === "clause")) return buildBlock(items.map((i) => (i.type === "expr" ? i.ast : null)));
  return collectStab(items);
}

/** collect_stab: expressions after a clause belong to its body; the first item must be a clause. */
function collectStab(items: StabItem[]): AstNode[] {
  if (items[0].type !== "clause") {
    const firstClause = items.find((i) => i.type === "clause") as { ast: AstNode };
    const m = firstClause.ast.meta;
    const e = parseError(m.line, m.column, "unexpected operator ->. If you want to define multiple clauses, the first expression must use ->. Syntax error before: ", "'->'");
    throw new ParseError({ kind: "SyntaxError", line: m.line, column: m.column, description: e.description, showColumn: false });
  }
  const clauses: AstNode[] = [];
  let body: Ast[] = [];
  const flush = () => {
    const c = clauses[clauses.length - 1];
    if (c) c.args![1] = buildBlock(body);
  };
  for (const item of items) {
    if (item.type === "clause") {
      flush();
      clauses.push(item.ast);
      body = [item.ast.args![1]];
    } else body.push(item.type === "expr" ? item.ast : null);
  }
  flush();
  return clauses;
}

/** unwrap_when: `a, b when g -> ...` puts all arguments inside the `when`. */
function unwrapWhen(args: Ast[]): Ast[] {
  const last = args[args.length - 1];
  if (isNodeAst(last) && last.name === "when" && last.args?.length === 2) {
    return [node("when", last.meta, [...args.slice(0, -1), ...last.args])];
  }
  return args;
}

function isAccess(p: PExpr): boolean {
  return p.form === "access" || p.form === "parens" || p.form === "alias" || p.form === "emptyParen";
}

function invalidKwIdentifier(t: Token): ParseError {
  if (t.value === "do") return parseError(t.line, t.column, invalidDoError("unexpected keyword: "), "do:");
  return parseError(t.line, t.column, "syntax error before: ", `'${t.value}:'`);
}

function interpolationPart(p: Interpolation, expr: Ast, tm: boolean): Ast {
  const m = meta(p);
  return node("::", m, [toStringCall(p, expr, tm), node("binary", { ...m }, null)]);
}

function toStringCall(p: Interpolation, expr: Ast, tm: boolean): AstNode {
  const m = meta(p);
  const closing = tm ? { closing: { line: p.endLine, column: p.endColumn } } : {};
  return node(node(".", m, [atom("Elixir.Kernel"), atom("to_string")]), { ...closing, ...m } as Meta, [expr]);
}

/** An interpolated atom: `:erlang.binary_to_atom/2` (to_existing under :existing_atoms_only) of its parts. */
function quotedAtom(t: Token, parts: Ast[], extra: Record<string, unknown> = {}, existing = false): Ast {
  const m = meta(t);
  return node(node(".", m, [atom("erlang"), atom(existing ? "binary_to_existing_atom" : "binary_to_atom")]), { ...extra, ...m } as Meta, [node("<<>>", { ...m }, parts), atom("utf8")]);
}
