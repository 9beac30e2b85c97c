// Lexer for beamsh: a port of Elixir 1.14's `elixir_tokenizer.erl` (and the string
// extraction of `elixir_interpolation.erl`). It works on code points, tracks line and
// column exactly as Elixir does, checks terminators (so that `foo(` reports a
// TokenMissingError) and throws ParseError for anything it cannot tokenize.
import { UNICODE_CONTINUE, UNICODE_START, UNICODE_UPPER, inRanges } from "./identifier-chars.js";
import { confusableWarnings, mixedScriptError, suggestSimpler, tokenizeIdentifier } from "./string-tokenizer.js";
import { ParseError, parseError } from "./syntax-error.js";
import type { Interpolation, SourceComment, StringPart, Token, TokenKind } from "./token.js";
import { unescapeString, charlistCodes, UnescapeFailure } from "./unescape.js";

const C = (s: string): number => s.codePointAt(0)!;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isUpper = (c: number) => c >= 65 && c <= 90;
const isLower = (c: number) => c >= 97 && c <= 122;
const isHex = (c: number) => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const isHSpace = (c: number) => c === 32 || c === 9;
const isSpace = (c: number) => isHSpace(c) || c === 13 || c === 10;
const isQuote = (c: number) => c === 34 || c === 39;
const isSigilDelim = (c: number) => "/<\"'[({|".includes(String.fromCodePoint(c));
const BIDI = new Set([0x202a, 0x202b, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x202c, 0x2069]);
const SIGIL_CLOSE: Record<string, string> = { "(": ")", "[": "]", "{": "}", "<": ">" };
const TERMINATOR: Record<string, string> = { fn: "end", do: "end", "(": ")", "[": "]", "{": "}", "<<": ">>" };

// Operators by length, in the order elixir_tokenizer tries them.
const OPS3: Record<string, TokenKind> = {
  "~~~": "unary_op", "===": "comp_op", "!==": "comp_op", "&&&": "and_op", "|||": "or_op",
  "^^^": "xor_op", "+++": "concat_op", "---": "concat_op", "<<<": "arrow_op", ">>>": "arrow_op",
  "~>>": "arrow_op", "<<~": "arrow_op", "<~>": "arrow_op", "<|>": "arrow_op",
};

/** Three-character operators the tokenizer warns about when their own character follows. */
const REPEATABLE_OPS = new Set(["&&&", "|||", "^^^", "+++", "---"]);
const OPS2: Record<string, TokenKind> = {
  "**": "power_op", "..": "range_op", "++": "concat_op", "--": "concat_op", "<>": "concat_op",
  "|>": "arrow_op", "~>": "arrow_op", "<~": "arrow_op", "==": "comp_op", "=~": "comp_op",
  "!=": "comp_op", "<=": "rel_op", ">=": "rel_op", "&&": "and_op", "||": "or_op",
  "<-": "in_match_op", "\\\\": "in_match_op", "::": "type_op", "->": "stab_op",
};
const OPS1: Record<string, TokenKind> = {
  "@": "at_op", "!": "unary_op", "^": "unary_op", "<": "rel_op", ">": "rel_op", "+": "dual_op",
  "-": "dual_op", "*": "mult_op", "/": "mult_op", "=": "match_op", "|": "pipe_op",
};
// Operators usable as atoms (`:+`) and as remote call names (`Kernel.+`).
const ATOM_OPS3 = Object.keys(OPS3);
const ATOM_OPS2 = ["==", "=~", "!=", "<=", ">=", "&&", "||", "|>", "~>", "<~", "<-", "\\\\", "++", "--", "<>", "**", "->", ".."];
const ATOM_OPS1 = ["@", "!", "^", "&", "+", "-", "*", "/", "<", ">", "=", "|", "."];
const DOT_OPS2 = ["==", "=~", "!=", "<=", ">=", "&&", "||", "|>", "~>", "<~", "<-", "\\\\", "++", "--", "<>", "**", "::", ".."];
const DOT_OPS1 = ["@", "!", "^", "&", "+", "-", "*", "/", "<", ">", "=", "|"];
const KEYWORDS = new Map<string, string>(Object.entries({
  fn: "terminator", do: "terminator", end: "terminator", true: "token", false: "token", nil: "token",
  not: "unary_op", and: "and_op", or: "or_op", when: "when_op", in: "in_op",
  after: "block", else: "block", catch: "block", rescue: "block",
}));
const CHAR_NAMES: Record<number, [string, string]> = {
  0: ["\\0", "null byte"], 7: ["\\a", "alert"], 8: ["\\b", "backspace"], 127: ["\\d", "delete"],
  27: ["\\e", "escape"], 12: ["\\f", "form feed"], 10: ["\\n", "newline"], 13: ["\\r", "carriage return"],
  32: ["\\s", "space"], 9: ["\\t", "tab"], 11: ["\\v", "vertical tab"],
};

interface Terminator { kind: string; line: number; indent: number }
interface Ident { kind: "alias" | "identifier"; name: string; length: number; ascii: boolean; at: boolean }
type Raw = (string | Interpolation)[];
interface Extracted { line: number; column: number; parts: Raw }

/** Operators keyed by their (up to three) ASCII char codes packed into one number. */
const key3 = (a: number, b: number, c: number): number => (a & 0x7f) | ((b & 0x7f) << 7) | ((c & 0x7f) << 14) | (a > 127 || b > 127 || c > 127 || a < 0 || b < 0 || c < 0 ? 1 << 22 : 0);
const OPS_BY_KEY = new Map<number, { kind: TokenKind; op: string }>();
for (const table of [OPS3, OPS2, OPS1]) {
  for (const [op, kind] of Object.entries(table)) {
    const cs = Array.from(op, (ch) => ch.charCodeAt(0));
    OPS_BY_KEY.set(key3(cs[0], cs[1] ?? 0, cs[2] ?? 0), { kind, op });
  }
}
const OPKW_FIRST = new Set(Array.from(".<%&{", (ch) => ch.codePointAt(0)!));
const OP_FIRST = new Set(Array.from("~=!&|^+-<>*/.,()[]{}:\\@", (ch) => ch.codePointAt(0)!));

/** String.fromCodePoint over a slice, in chunks (spreading huge arrays overflows the stack). */
export function fromCps(cs: number[], from = 0, to = cs.length): string {
  let out = "";
  for (let i = from; i < to; i += 4096) out += String.fromCodePoint(...cs.slice(i, Math.min(to, i + 4096)));
  return out;
}

// Erlang's ~4.16.0B prints "****" when the value needs more than four digits.
const hex4 = (c: number) => (c > 0xffff ? "****" : c.toString(16).toUpperCase().padStart(4, "0"));

/** Tokenizes `source`; positions start at `line`:`column`. Throws ParseError. */
/** A warning the tokenizer gives about code it accepts (`? ` instead of `?\s`). */
export interface LexWarning {
  line: number;
  column: number;
  message: string;
  /** Written as it is met, without a location (elixir_interpolation's io:format): no line or column shown. */
  bare?: boolean;
}

export interface TokenizeOptions {
  checkTerminators?: boolean;
  warnings?: LexWarning[];
  /** Collects the comments (Code.string_to_quoted_with_comments). */
  comments?: SourceComment[];
  /** false keeps escapes in strings, charlists and quoted atoms as written (`unescape: false`). */
  unescape?: boolean;
  /**
   * cursor_completion (Code.Fragment.container_cursor_to_quoted): the input ends at a cursor.
   * The tokens after the innermost open container (or comma, keyword, `do`) are dropped, a
   * `__cursor__()` call takes their place, and every open bracket and block is closed.
   */
  cursorCompletion?: boolean;
  /**
   * Code.string_to_quoted's :existing_atoms_only: whether an atom exists already. The first
   * identifier, alias, atom or keyword key naming one that does not is an error.
   */
  existingAtom?: (name: string) => boolean;
  /**
   * Code.string_to_quoted's :static_atoms_encoder: every name elixir_tokenizer would make an
   * atom of with unsafe_to_atom (identifiers, aliases, `:atom`, `:"quoted"`, `key:` and
   * `"quoted key":`, quoted calls; not reserved words or operators) is collected here, in
   * source order, and its token holds a stand-in name (see `atomSlot`) the encoder's term
   * replaces once the quoted form is made.
   */
  atomSlots?: AtomSlot[];
}

/** A name given to the :static_atoms_encoder, where it was written. */
export interface AtomSlot {
  name: string;
  line: number;
  column: number;
}

/** The stand-in name of the `index`th encoded atom (no name the tokenizer reads has a NUL). */
export const atomSlot = (index: number): string => `\u0000${index}`;

/**
 * elixir_tokenizer's is_unnecessary_quote: quoted text without interpolation (escapes as
 * written) that would tokenize whole as a plain ASCII identifier, with no `@` (`foo`, `_`,
 * `do`, `valid?`; not `Foo`, `a?b`, `héllo`, `a@b`).
 */
function needsNoQuotes(parts: readonly unknown[]): parts is [string] {
  return parts.length === 1 && typeof parts[0] === "string" && /^[a-z_][A-Za-z0-9_]*[?!]?$/.test(parts[0]);
}

/** Tokens String.Tokenizer.Security compares for confusable names: identifiers, aliases, plain atoms. */
const NAMED_TOKENS = new Set<TokenKind>(["identifier", "op_identifier", "kw_identifier", "paren_identifier", "bracket_identifier", "alias", "atom"]);

function isNamedToken(t: Token): boolean {
  if (!NAMED_TOKENS.has(t.kind) || typeof t.value !== "string") return false;
  const c = t.value.codePointAt(0) ?? 0;
  return c > 127 || c === 95 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Token kinds whose text becomes an atom as the tokenizer reads it. */
const STATIC_ATOMS = new Set<TokenKind>([
  "identifier", "kw_identifier", "bracket_identifier", "paren_identifier", "do_identifier", "op_identifier", "alias", "atom", "atom_quoted",
]);

/** The first token (interpolations' included, in source order) naming an atom that does not exist. */
function checkExistingAtoms(tokens: Token[], exists: (name: string) => boolean): void {
  for (const t of tokens) {
    if (STATIC_ATOMS.has(t.kind) && typeof t.value === "string" && !exists(t.value)) {
      throw parseError(t.line, t.column, "unsafe atom does not exist: ", t.value);
    }
    if (Array.isArray(t.value)) for (const part of t.value as StringPart[]) if (typeof part !== "string") checkExistingAtoms(part.tokens, exists);
  }
}

/** Each encodable token's name moved to `slots` (interpolations' in their place), a stand-in left. */
function slotAtoms(tokens: Token[], encoded: Set<Token>, slots: AtomSlot[]): void {
  for (const t of tokens) {
    if (encoded.has(t) && typeof t.value === "string") {
      slots.push({ name: t.value, line: t.line, column: t.column });
      t.value = atomSlot(slots.length - 1);
    }
    if (Array.isArray(t.value)) for (const part of t.value as StringPart[]) if (typeof part !== "string") slotAtoms(part.tokens, encoded, slots);
  }
}

export function tokenize(source: string, line = 1, column = 1, opts: TokenizeOptions = {}): Token[] {
  const cs: number[] = [];
  for (let i = 0; i < source.length; i++) {
    const c = source.codePointAt(i)!;
    cs.push(c);
    if (c > 0xffff) i++;
  }
  const lexer = new Lexer(cs, 0, line, column, false);
  // (Elixir's check_terminators: false, as EEx tokenizes a fragment such as `if x do`.)
  if (opts.checkTerminators === false) lexer.checkTerminators = false;
  lexer.comments = opts.comments ?? null;
  lexer.unescape = opts.unescape !== false;
  lexer.cursor = opts.cursorCompletion === true;
  if (opts.atomSlots !== undefined) lexer.encoded = new Set();
  let tokens: Token[];
  try {
    tokens = lexer.run()!;
  } catch (e) {
    // (what unescaping strings wrote as it went is written even when tokenizing then fails)
    opts.warnings?.push(...lexer.bareWarnings);
    throw e;
  }
  // (with an encoder the encoder decides instead, as unsafe_to_atom asks it first)
  if (opts.atomSlots !== undefined) slotAtoms(tokens, lexer.encoded!, opts.atomSlots);
  else if (opts.existingAtom !== undefined) checkExistingAtoms(tokens, opts.existingAtom);
  // As elixir_tokenizer, the warnings count only once the whole input has tokenized; what
  // unescaping strings wrote at once comes before them.
  opts.warnings?.push(...lexer.bareWarnings, ...lexer.warnings);
  return tokens;
}

class Lexer {
  tokens: Token[] = [];
  /** Open brackets and blocks, innermost last. */
  terminators: Terminator[] = [];
  /** Suspicious openings (for error hints), newest last. */
  hints: Terminator[] = [];
  indentation = 0;
  /** Whether brackets and blocks must be balanced (unmatched ones are errors). */
  checkTerminators = true;
  /** Warnings so far, in source order (shared with the lexers of interpolations). */
  warnings: LexWarning[] = [];
  /** What unescaping strings wrote (deprecated escapes), in order (shared with interpolations' lexers too). */
  bareWarnings: LexWarning[] = [];
  /** Whether an identifier of non-ASCII characters was met (then confusable ones are looked for). */
  nonAscii = false;
  /** Where comments go, when they are kept. */
  comments: SourceComment[] | null = null;
  /** Whether escapes in strings are interpreted. */
  unescape = true;
  /** Whether the input ends at a completion cursor (see TokenizeOptions.cursorCompletion). */
  cursor = false;
  /** The tokens whose name unsafe_to_atom makes (shared with interpolations' lexers): see TokenizeOptions.atomSlots. */
  encoded: Set<Token> | null = null;

  constructor(
    readonly cs: number[],
    public i: number,
    public line: number,
    public col: number,
    readonly interpolation: boolean,
  ) {}

  // ---- driver -------------------------------------------------------------

  /** Tokenizes to the end; an interpolation lexer stops at its closing `}` (null at EOF). */
  run(): Token[] | null {
    while (this.i < this.cs.length) {
      if (this.interpolation && this.at(0) === C("}") && this.terminators.length === 0) return this.tokens;
      this.step();
    }
    if (this.cursor && !this.interpolation) this.cursorComplete();
    else this.checkEof();
    if (this.interpolation) return null;
    if (this.nonAscii) this.warnings.push(...confusableWarnings(this.tokens.filter(isNamedToken).map((t) => ({ line: t.line, column: t.column, name: t.value as string }))));
    return this.tokens;
  }

  /** The tokens of a fragment ending at a cursor, completed (see TokenizeOptions.cursorCompletion). */
  private cursorComplete(): void {
    const toks = this.tokens;
    const terms = this.terminators.map((t) => t.kind);
    const opener: string[] = [];
    const CLOSE = new Set(["end", ")", "]", "}", ">>"]);
    const OPENS: Record<string, string> = { fn: "end", do: "end", "(": ")", "[": "]", "{": "}", "<<": ">>" };
    const STOP = new Set(["(", ",", "do", "[", "{", "<<", "block_identifier", "kw_identifier", "kw_identifier_safe", "kw_identifier_unsafe"]);
    let j = toks.length - 1;
    while (j >= 0) {
      const t = toks[j];
      const innermost = terms[terms.length - 1];
      if (CLOSE.has(t.kind)) {
        opener.push(t.kind);
        j--;
      } else if (opener.length > 0 && OPENS[t.kind] === opener[opener.length - 1]) {
        opener.pop();
        j--;
      } else if (opener.length === 0 && innermost === "fn") {
        // An anonymous function is no container: it goes, up to its `fn`.
        while (j >= 0 && toks[j].kind !== "fn") j--;
        j--;
        terms.pop();
      } else if (opener.length === 0 && innermost === "(" && t.kind === "(" && toks[j - 1]?.kind === "capture_op") {
        j -= 2;
        terms.pop();
      } else if (opener.length === 0 && (STOP.has(t.kind) || (t.kind === "type_op" && t.value === "::" && innermost === "<<"))) {
        break;
      } else j--;
    }
    toks.length = j + 1;
    const [line, col] = [this.line, this.col];
    toks.push({ kind: "paren_identifier", line, column: col, value: "__cursor__" }, { kind: "(", line, column: col + 10 }, { kind: ")", line, column: col + 11 });
    let c = col + 12;
    for (let k = terms.length - 1; k >= 0; k--) {
      const end = TERMINATOR[terms[k]];
      toks.push({ kind: end as TokenKind, line, column: c });
      c += end.length;
    }
    this.terminators = [];
  }

  private checkEof(): void {
    if (!this.checkTerminators) return;
    const top = this.terminators[this.terminators.length - 1];
    if (!top) return;
    const end = TERMINATOR[top.kind];
    const msg = `missing terminator: ${end} (for "${top.kind}" starting at line ${top.line})` + this.hint(top.kind, end);
    throw parseError(this.line, this.col, msg, "");
  }

  private at(k: number): number {
    return this.cs[this.i + k] ?? -1;
  }

  private startsWith(s: string, k = 0): boolean {
    for (let j = 0; j < s.length; j++) if (this.at(k + j) !== s.charCodeAt(j)) return false;
    return true;
  }

  private str(from: number, to: number): string {
    const end = Math.min(to, this.cs.length);
    if (end - from > 16) return fromCps(this.cs, from, end);
    let s = "";
    for (let j = from; j < end; j++) s += String.fromCodePoint(this.cs[j]);
    return s;
  }

  private prev(): Token | undefined {
    return this.tokens[this.tokens.length - 1];
  }

  /** A token whose name (when it is one, not interpolated) unsafe_to_atom makes. */
  private pushAtom(t: Token): void {
    if (this.encoded !== null && typeof t.value === "string") this.encoded.add(t);
    this.push(t);
  }

  private push(t: Token): void {
    this.tokens.push(t);
  }

  /** add_token_with_eol: operators continue the previous line, swallowing its eol. */
  private pushDroppingEol(t: Token): void {
    if (t.kind !== "do") {
      const n = this.previousEol();
      if (n > 0) t.eol = n;
    }
    if (t.kind !== "unary_op" && this.prev()?.kind === "eol") this.tokens.pop();
    this.tokens.push(t);
  }

  /** previous_was_eol: the newline count of a preceding `eol`, `,` or `;` (0 if none). */
  private previousEol(): number {
    const p = this.prev();
    return p !== undefined && (p.kind === "eol" || p.kind === "," || p.kind === ";") ? p.eol ?? 0 : 0;
  }

  private tok(kind: TokenKind, line: number, column: number, value?: unknown): Token {
    return value === undefined ? { kind, line, column } : { kind, line, column, value };
  }

  private fail(line: number, column: number, error: string | [string, string], token: string): never {
    throw parseError(line, column, error, token);
  }

  // ---- main dispatch (clause order of elixir_tokenizer:tokenize/5) ---------

  private step(): void {
    const c = this.at(0);
    // Fast paths: these characters can only start one kind of token.
    if (isLower(c) || isUpper(c) || c === 95 || (c > 127 && !BIDI.has(c))) return this.identifier();
    if (c === 32 || c === 9) return this.spaces();
    if (c === 10) return this.newline(1);
    if (isDigit(c) && c !== 48) return this.number();
    this.stepSlow(c);
  }

  private stepSlow(c: number): void {
    if (c === C("<") && this.col === 1 && this.startsWith("<<<<<<<")) return this.conflictMarker();
    if (c === C("0") && this.baseNumber()) return;
    if (c === C("#")) return this.comment();
    if (c === C("~") && this.sigil()) return;
    if (c === C("?") && this.charLiteral()) return;
    if (this.startsWith('"""') || this.startsWith("'''")) return this.heredoc(c);
    if (isQuote(c)) return this.string(c);
    if (this.operatorKeyword() || (c === C(":") && this.operatorAtom())) return;
    if (this.standalone() || this.operator()) return;
    if (c === C(":")) return isQuote(this.at(1)) ? this.quotedAtom() : this.plainAtom();
    if (isDigit(c)) return this.number();
    if (isHSpace(c)) return this.spaces();
    this.stepRest(c);
  }

  private stepRest(c: number): void {
    if (c === C(";")) return this.semicolon();
    if (c === C("\\")) return this.backslash();
    if (c === 10 || (c === 13 && this.at(1) === 10)) return this.newline(c === 13 ? 2 : 1);
    if (c === C("%")) return this.percent();
    if (c === C(".")) return this.dot();
    this.identifier();
  }

  private conflictMarker(): never {
    let j = 0;
    while (this.at(j) !== -1 && this.at(j) !== 10 && this.at(j) !== 13) j++;
    this.fail(this.line, 1, "found an unexpected version control marker, please resolve the conflicts: ", this.str(this.i, this.i + j));
  }

  // ---- numbers ------------------------------------------------------------

  private baseNumber(): boolean {
    const b = this.at(1);
    const test = b === C("x") ? isHex : b === C("b") ? (x: number) => x === 48 || x === 49 : b === C("o") ? (x: number) => x >= 48 && x <= 55 : null;
    if (test && this.cursor && this.at(2) === -1) {
      // `0x` at a cursor: a number still being typed, nothing yet.
      this.i = this.cs.length;
      return true;
    }
    if (!test || !test(this.at(2))) return false;
    let j = 2;
    let digits = "";
    while (test(this.at(j)) || (this.at(j) === C("_") && test(this.at(j + 1)))) {
      if (this.at(j) !== C("_")) digits += String.fromCodePoint(this.at(j));
      j++;
    }
    const prefix = b === C("x") ? "0x" : b === C("b") ? "0b" : "0o";
    const text = this.str(this.i, this.i + j);
    this.push({ ...this.tok("int", this.line, this.col, BigInt(prefix + digits)), text });
    this.advance(j);
    return true;
  }

  private advance(n: number): void {
    this.i += n;
    this.col += n;
  }

  private number(): void {
    const { length, isFloat } = this.scanNumber();
    const text = this.str(this.i, this.i + length);
    const next = this.at(length);
    if (isUpper(next) || isLower(next) || next === C("_")) {
      const msg = `invalid character "${String.fromCodePoint(next)}" after number ${text}. If you intended to write a number, make sure to separate the number from the character (using comma, space, etc). If you meant to write a function name or a variable, note that identifiers in Elixir cannot start with numbers. Unexpected token: `;
      this.fail(this.line, this.col, msg, String.fromCodePoint(next));
    }
    const clean = text.replace(/_/g, "");
    let value: bigint | number = 0;
    if (isFloat) {
      value = Number(clean);
      if (!Number.isFinite(value)) this.fail(this.line, this.col, "invalid float number ", text);
    } else value = BigInt(clean);
    this.push({ ...this.tok(isFloat ? "flt" : "int", this.line, this.col, value), text });
    this.advance(length);
  }

  // Mirrors tokenize_number/4: digits, one ".digit", "_digit" separators, exponents on floats.
  private scanNumber(): { length: number; isFloat: boolean } {
    let j = 1;
    let isFloat = false;
    for (;;) {
      const c = this.at(j);
      if (c === C(".") && !isFloat && isDigit(this.at(j + 1))) { isFloat = true; j += 2; continue; }
      if (c === C("_") && isDigit(this.at(j + 1))) { j += 2; continue; }
      if (isFloat && (c === C("e") || c === C("E"))) {
        const s = this.at(j + 1);
        if ((s === C("+") || s === C("-")) && isDigit(this.at(j + 2))) { j += 3; continue; }
        if (isDigit(s)) { j += 2; continue; }
      }
      if (isDigit(c)) { j++; continue; }
      return { length: j, isFloat };
    }
  }

  // ---- comments, spaces, newlines ----------------------------------------

  private comment(): void {
    let j = 1;
    for (;;) {
      const c = this.at(j);
      if (c === -1 || c === 10 || (c === 13 && this.at(j + 1) === 10)) break;
      if (BIDI.has(c)) this.fail(this.line, this.col, "invalid bidirectional formatting character in comment: ", `\\u${hex4(c)}`);
      j++;
    }
    if (this.comments !== null) {
      let k = j;
      let next = 0;
      for (;;) {
        const c = this.at(k);
        if (c === 32 || c === 9) k++;
        else if (c === 10) { k++; next++; }
        else if (c === 13 && this.at(k + 1) === 10) { k += 2; next++; }
        else break;
      }
      const previousEol = this.tokens.length === 0 ? 1 : this.previousEol();
      this.comments.push({ line: this.line, column: this.col, previousEol, nextEol: next, text: this.str(this.i, this.i + j) });
    }
    // reset_eol: the newlines before a comment do not count towards the next expression's.
    const p = this.prev();
    if (p?.kind === "eol") p.eol = 0;
    this.i += j; // the column is not advanced: Elixir keeps it (comments end the line anyway)
  }

  private spaces(): void {
    let j = 1;
    while (isHSpace(this.at(j))) j++;
    this.advance(j);
    const prev = this.prev();
    // At a cursor, `foo ` is the start of a call without parentheses: `foo(`.
    if (this.cursor && this.i >= this.cs.length && prev?.kind === "identifier") {
      prev.kind = "paren_identifier";
      this.col += 1;
      this.terminators.push({ kind: "(", line: this.line, indent: this.indentation });
      this.push(this.tok("(", this.line, this.col - 1));
      return;
    }
    this.spaceSensitive();
  }

  /** handle_space_sensitive_tokens: `foo -1` makes foo an op_identifier. */
  private spaceSensitive(): void {
    const sign = this.at(0);
    const marker = this.at(1);
    const prev = this.prev();
    if ((sign !== C("+") && sign !== C("-")) || prev?.kind !== "identifier") return;
    if (marker === -1 || isSpace(marker) || "([<{%+-/>:".includes(String.fromCodePoint(marker))) return;
    prev.kind = "op_identifier";
    this.push(this.tok("dual_op", this.line, this.col, String.fromCodePoint(sign)));
    this.advance(1);
  }

  private semicolon(): void {
    if (this.prev()?.kind === ";") return this.unexpected();
    this.push({ ...this.tok(";", this.line, this.col), eol: 0 });
    this.advance(1);
  }

  private backslash(): void {
    const rest = this.cs.length - this.i;
    const nl = this.at(1) === 10 ? 2 : this.at(1) === 13 && this.at(2) === 10 ? 3 : 0;
    if (rest === 1 || (nl > 0 && rest === nl)) this.fail(this.line, this.col, "invalid escape \\ at end of file", "");
    if (nl === 0) return this.identifier();
    this.i += nl;
    this.afterNewline();
  }

  private newline(width: number): void {
    const prev = this.prev();
    if (!(prev && (prev.kind === "," || prev.kind === ";" || prev.kind === "eol"))) {
      this.push({ ...this.tok("eol", this.line, this.col), eol: 1 });
    } else prev.eol = (prev.eol ?? 0) + 1;
    this.i += width;
    this.afterNewline();
  }

  private afterNewline(): void {
    let j = 0;
    while (isHSpace(this.at(j))) j++;
    this.i += j;
    this.indentation = j;
    this.line += 1;
    this.col = j + 1;
  }

  // ---- punctuation and operators -----------------------------------------

  /** `.:`, `...:`, `<<>>:` etc. used as keyword keys. */
  private operatorKeyword(): boolean {
    if (!OPKW_FIRST.has(this.at(0))) return false;
    for (const op of [".", "...", "<<>>", "%{}", "%", "&", "{}", "..//"]) {
      if (this.startsWith(op + ":") && isSpace(this.at(op.length + 1))) {
        this.push(this.tok("kw_identifier", this.line, this.col, op));
        this.advance(op.length + 1);
        return true;
      }
    }
    return false;
  }

  private operatorAtom(): boolean {
    for (const op of ["...", "<<>>", "%{}", "%", "{}", "..//"]) {
      if (this.startsWith(op, 1)) return this.atomToken(op, op.length + 1);
    }
    const three = this.str(this.i + 1, this.i + 4);
    if (ATOM_OPS3.includes(three)) return this.atomToken(three, 4);
    if (this.startsWith(":::")) {
      this.warn('atom ::: must be written between quotes, as in :"::", to avoid ambiguity');
      return this.atomToken("::", 3);
    }
    const two = this.str(this.i + 1, this.i + 3);
    if (ATOM_OPS2.includes(two)) return this.atomToken(two, 3);
    const one = this.at(1) === -1 ? "" : String.fromCodePoint(this.at(1));
    if (ATOM_OPS1.includes(one)) return this.atomToken(one, 2);
    return false;
  }

  private atomToken(name: string, width: number): boolean {
    this.push(this.tok("atom", this.line, this.col, name));
    this.advance(width);
    return true;
  }

  /** `...`, `=>` and `..//`: tokens handled before the generic operators. */
  private standalone(): boolean {
    if (this.startsWith("...")) {
      this.warnSameCharAfter("...");
      this.push(this.callIdentifier("...", 3));
      this.advance(3);
      return true;
    }
    if (this.startsWith("=>")) {
      this.pushDroppingEol(this.tok("assoc_op", this.line, this.col, "=>"));
      this.advance(2);
      return true;
    }
    if (!this.startsWith("..//")) return false;
    const extra = this.hspaceAt(4);
    if (this.at(4 + extra) !== C("/")) this.unexpected();
    this.push(this.tok("identifier", this.line, this.col, "..//"));
    this.advance(4 + extra);
    return true;
  }

  private hspaceAt(k: number): number {
    let j = 0;
    while (isHSpace(this.at(k + j))) j++;
    return j;
  }

  private operator(): boolean {
    if (!OP_FIRST.has(this.at(0))) return false;
    const a = this.at(0);
    const b = this.at(1);
    const op3 = OPS_BY_KEY.get(key3(a, b, this.at(2)));
    if (op3 && op3.op.length === 3) return this.opToken(op3.kind, op3.op);
    if (a === C(",")) {
      this.push({ ...this.tok(",", this.line, this.col), eol: 0 });
      this.advance(1);
      return true;
    }
    if (a === C("<") && b === C("<")) return this.open("<<", 2);
    if (a === C(">") && b === C(">")) return this.close(">>", 2);
    if (a === C("(") || a === C("[") || a === C("{")) return this.open(String.fromCharCode(a) as "(", 1);
    if (a === C(")") || a === C("]") || a === C("}")) return this.close(String.fromCharCode(a) as ")", 1);
    return this.operator2(a, b);
  }

  private operator2(a: number, b: number): boolean {
    if (a === C("/") && b === C("/")) {
      this.pushDroppingEol(this.tok("ternary_op", this.line, this.col, "//"));
      this.advance(2);
      return true;
    }
    const op2 = OPS_BY_KEY.get(key3(a, b, 0));
    if (op2) return this.opToken(op2.kind, op2.op);
    if (a === C("&")) return this.capture();
    const op1 = OPS_BY_KEY.get(key3(a, 0, 0));
    if (op1) return this.opToken(op1.kind, op1.op);
    return false;
  }

  private simple(kind: TokenKind, width: number): boolean {
    this.push(this.tok(kind, this.line, this.col));
    this.advance(width);
    return true;
  }

  private capture(): boolean {
    const a = this.hspaceAt(1);
    let kind: TokenKind = "capture_op";
    if (this.at(1 + a) === C("/")) {
      const b = this.hspaceAt(2 + a);
      if (this.at(2 + a + b) !== C("/")) kind = "identifier";
    }
    this.push(this.tok(kind, this.line, this.col, "&"));
    this.advance(1);
    return true;
  }

  /** handle_op / handle_unary_op: keyword form, `op/arity` identifier form, or operator. */
  private opToken(kind: TokenKind, op: string): boolean {
    const n = op.length;
    if (REPEATABLE_OPS.has(op)) this.warnSameCharAfter(op);
    if (this.at(n) === C(":") && isSpace(this.at(n + 1))) {
      this.push(this.tok("kw_identifier", this.line, this.col, op));
      this.advance(n + 1);
      return true;
    }
    const extra = this.hspaceAt(n);
    const unary = kind === "unary_op" || kind === "at_op" || kind === "dual_op";
    if (this.at(n + extra) === C("/")) {
      this.push(this.tok("identifier", this.line, this.col, op));
    } else if (unary) {
      this.push(this.tok(kind, this.line, this.col, op));
    } else {
      // (deprecated operators, still accepted; ~~~ is unary and taken elsewhere)
      if (op === "^^^") this.warn("^^^ is deprecated. It is typically used as xor but it has the wrong precedence, use Bitwise.bxor/2 instead");
      else if (op === "<|>") this.warn("<|> is deprecated. Use another pipe-like operator");
      this.pushDroppingEol(this.tok(kind, this.line, this.col, op));
    }
    this.advance(n + extra);
    return true;
  }

  // ---- terminators --------------------------------------------------------

  private open(kind: "(" | "[" | "{" | "<<", width: number): boolean {
    const prev = this.prev();
    if (kind === "(" && prev?.kind === "alias") this.aliasParen(prev);
    this.terminators.push({ kind, line: this.line, indent: this.indentation });
    return this.simple(kind, width);
  }

  private aliasParen(prev: Token): never {
    const msg =
      `unexpected ( after alias ${prev.value}. Function names and identifiers in Elixir start with lowercase characters or underscore. For example:\n\n` +
      "    hello_world()\n    _starting_with_underscore()\n    numb3rs_are_allowed()\n    may_finish_with_question_mark?()\n    may_finish_with_exclamation_mark!()\n\nUnexpected token: ";
    this.fail(this.line, this.col + 1, msg, "(");
  }

  private close(kind: ")" | "]" | "}" | ">>", width: number): boolean {
    this.checkClose(kind, this.line, this.col);
    return this.simple(kind, width);
  }

  /** check_terminator/3 for closing tokens (including `end`). */
  private checkClose(kind: string, line: number, column: number): void {
    if (!this.checkTerminators) return;
    const top = this.terminators[this.terminators.length - 1];
    if (!top) return this.unmatchedClose(kind, line, column);
    if (kind === "end" && top.kind === "do" && this.indentation > top.indent) {
      this.hints.push({ kind: "end", line, indent: this.indentation });
    }
    const expected = TERMINATOR[top.kind];
    if (expected === kind) {
      this.terminators.pop();
      return;
    }
    const prefix = kind === "end" ? "unexpected reserved word: " : "unexpected token: ";
    const suffix = `. The "${top.kind}" at line ${top.line} is missing terminator "${expected}"` + this.hint(top.kind, expected);
    this.fail(line, column, [prefix, suffix], kind);
  }

  private unmatchedClose(kind: string, line: number, column: number): never {
    if (kind !== "end") this.fail(line, column, "unexpected token: ", kind);
    const hint = lastOf(this.hints, "end");
    const suffix = hint ? `\n\n    HINT: it looks like the "end" on line ${hint.line} does not have a matching "do" defined before it\n` : "";
    this.fail(line, column, ["unexpected reserved word: ", suffix], "end");
  }

  private openBlock(kind: "fn" | "do", line: number): void {
    const top = this.terminators[this.terminators.length - 1];
    if (top && top.kind === kind && this.indentation <= top.indent) this.hints.push(top);
    this.terminators.push({ kind, line, indent: this.indentation });
  }

  private hint(start: string, end: string): string {
    const h = lastOf(this.hints, start);
    return h ? `\n\n    HINT: it looks like the "${start}" on line ${h.line} does not have a matching "${end}"\n` : "";
  }

  // ---- % and . --------------------------------------------------------------

  private percent(): void {
    const n = this.at(1);
    if (n === C("(") || n === C("[")) this.fail(this.line, this.col, "expected %{ to define a map, got: ", "%" + String.fromCodePoint(n));
    if (n === C("{")) {
      this.push(this.tok("%{}", this.line, this.col));
      this.advance(1);
      return;
    }
    this.simple("%", 1);
  }

  /** tokenize_dot: a dot may be followed by spaces, comments and newlines. */
  private dot(): void {
    const dotTok = this.tok(".", this.line, this.col);
    this.advance(1);
    for (;;) {
      const sp = this.hspaceAt(0);
      const c = this.at(sp);
      if (c === C("#")) {
        this.i += sp;
        this.comment();
        this.col = 1;
        continue;
      }
      const nl = c === 10 ? 1 : c === 13 && this.at(sp + 1) === 10 ? 2 : 0;
      if (nl === 0) {
        this.advance(sp);
        return this.handleDot(dotTok);
      }
      this.i += sp + nl;
      this.line += 1;
      this.col = 1;
    }
  }

  private handleDot(dotTok: Token): void {
    const op = this.dotOperator();
    if (op) {
      this.pushDroppingEol(dotTok);
      this.push(this.callIdentifierAt(op, op.length));
      this.advance(op.length);
      return;
    }
    if (this.at(0) === C("(")) {
      this.pushDroppingEol({ ...dotTok, kind: "dot_call_op", value: "." });
      return;
    }
    if (isQuote(this.at(0))) return this.quotedCall(dotTok);
    this.pushDroppingEol(dotTok);
  }

  private dotOperator(): string | null {
    const three = this.str(this.i, this.i + 3);
    if (ATOM_OPS3.includes(three)) return three;
    const two = this.str(this.i, this.i + 2);
    if (DOT_OPS2.includes(two)) return two;
    const one = this.at(0) === -1 ? "" : String.fromCodePoint(this.at(0));
    return DOT_OPS1.includes(one) ? one : null;
  }

  private quotedCall(dotTok: Token): void {
    const [line, col, q] = [this.line, this.col, this.at(0)];
    this.i += 1;
    const ex = this.extract(line, col + 1, true, String.fromCodePoint(q), " (for function name starting at line " + line + ")");
    if (ex.parts.length !== 1 || typeof ex.parts[0] !== "string") {
      const msg = "interpolation is not allowed when calling function/macro. Found interpolation in a call starting with: ";
      this.fail(line, col, msg, String.fromCodePoint(q));
    }
    this.checkAtomLength(ex.parts[0], line, col);
    if (needsNoQuotes(ex.parts)) this.warnAt(line, col, `found quoted call "${ex.parts[0]}" but the quotes are not required. Calls made exclusively of Unicode letters, numbers, and underscores and not beginning with a number do not require quotes`);
    this.pushDroppingEol(dotTok);
    this.pushAtom(this.callIdentifierAt(ex.parts[0], 0, line, col));
    [this.line, this.col] = [ex.line, ex.column];
  }

  /** check_call_identifier: the kind depends on the character right after the name. */
  private callIdentifier(name: string, width: number): Token {
    return this.callIdentifierAt(name, width);
  }

  private callIdentifierAt(name: string, width: number, line = this.line, col = this.col): Token {
    const next = this.at(width);
    const kind: TokenKind = next === C("(") ? "paren_identifier" : next === C("[") ? "bracket_identifier" : "identifier";
    return this.tok(kind, line, col, name);
  }

  // ---- identifiers, aliases and keywords ----------------------------------

  private scanIdentifier(k: number, keyOnly = false): Ident | null {
    const first = this.at(k);
    if (first === -1) return null;
    const ch = String.fromCodePoint(first);
    // A non-ASCII uppercase letter may start an atom (`:Ńa`, a keyword key `Ńa: 1`) but not
    // an alias or variable.
    // (which non-ASCII letters: Elixir's tokenizer's, UTS 39's restrictions included)
    const unicodeUpper = first > 127 && inRanges(UNICODE_UPPER, first);
    if (unicodeUpper && k === 0 && !keyOnly) return null;
    const upper = isUpper(first);
    const start = upper || unicodeUpper || isLower(first) || first === C("_") || (first > 127 && inRanges(UNICODE_START, first));
    if (!start) return null;
    let j = k + 1;
    let ascii = first < 128;
    let at = false;
    for (;;) {
      const c = this.at(j);
      if (c === C("!") || c === C("?")) { j++; break; }
      if (c === C("@")) at = true;
      else if (!(isUpper(c) || isLower(c) || isDigit(c) || c === C("_") || (c > 127 && inRanges(UNICODE_CONTINUE, c)))) break;
      if (c > 127) ascii = false;
      j++;
    }
    return { kind: upper ? "alias" : "identifier", name: this.str(this.i + k, this.i + j), length: j - k, ascii, at };
  }

  private identifier(): void {
    const id = this.scanIdentifier(0);
    if (!id) {
      // `Ólá: 1`: a keyword key may start with any uppercase letter
      const key = this.scanIdentifier(0, true);
      if (key !== null && this.at(key.length) === C(":") && isSpace(this.at(key.length + 1))) {
        this.checkScripts(key);
        this.checkAtomLength(key.name, this.line, this.col);
        this.pushAtom(this.tok("kw_identifier", this.line, this.col, key.name));
        return this.advance(key.length + 1);
      }
      if (key !== null && this.at(key.length) === C(":") && this.at(key.length + 1) !== C(":") && this.at(key.length + 1) !== -1) {
        this.fail(this.line, this.col, "keyword argument must be followed by space after: ", key.name + ":");
      }
      return this.emptyIdentifier();
    }
    this.checkCompatibilityForm(id);
    this.checkScripts(id);
    // Every identifier is an atom (a variable's name, a call's, an alias, a keyword key).
    this.checkAtomLength(id.name, this.line, this.col);
    const rest = this.at(id.length);
    const maybeKeyword = this.prev()?.kind !== "." && this.maybeKeyword(id.length);
    const keyword = maybeKeyword ? KEYWORDS.get(id.name) : undefined;
    if (keyword !== undefined) return this.keyword(id.name, keyword);
    if (rest === C(":") && isSpace(this.at(id.length + 1))) {
      this.pushAtom(this.tok("kw_identifier", this.line, this.col, id.name));
      return this.advance(id.length + 1);
    }
    if (rest === C(":") && this.at(id.length + 1) !== C(":") && this.at(id.length + 1) !== -1) {
      this.fail(this.line, this.col, "keyword argument must be followed by space after: ", id.name + ":");
    }
    this.identifierToken(id);
  }

  /**
   * An identifier followed by a non-ASCII character no identifier takes (`xﬁ`, `a…`): when
   * the two in compatibility form (NFKC), or else their confusable skeleton, would tokenize,
   * elixir_tokenizer's error suggests that form (or the failing character's own); otherwise
   * the character is an unexpected token of its own.
   */
  private checkCompatibilityForm(id: Ident): void {
    const next = this.at(id.length);
    if (next <= 127 || inRanges(UNICODE_CONTINUE, next)) return;
    const wrong = [...Array.from(id.name, (ch) => ch.codePointAt(0)!), next];
    const message = suggestSimpler(wrong) ?? suggestSimpler([next]);
    if (message !== null) this.fail(this.line, this.col + id.length, "unexpected token: ", message);
  }

  /**
   * A non-ASCII identifier is taken in NFC form (and µ as μ), and must not mix scripts:
   * String.Tokenizer's checks. The error is placed at the token (an atom's colon), as
   * elixir_tokenizer places it.
   */
  private checkScripts(id: Ident): void {
    if (id.ascii) return;
    const r = tokenizeIdentifier(Array.from(id.name, (ch) => ch.codePointAt(0)!));
    if ("error" in r) {
      if (r.error !== "not_highly_restrictive") return;
      const e = mixedScriptError(r, this.col);
      this.fail(this.line, e.column, [e.prefix, e.suffix], String.fromCodePoint(...r.wrong));
    }
    id.name = String.fromCodePoint(...r.acc);
    this.nonAscii = true;
  }

  private emptyIdentifier(): void {
    this.unexpected();
  }

  private identifierToken(id: Ident): void {
    if (id.at) this.fail(this.line, this.col, invalidChar(id.kind, C("@")), id.name);
    if (id.name === "__aliases__" || id.name === "__block__") this.fail(this.line, this.col, "reserved token: ", id.name);
    if (id.kind === "alias") return this.alias(id);
    this.warnBangBeforeEquals("identifier", id.name, id.length);
    this.pushAtom(this.callIdentifier(id.name, id.length));
    this.advance(id.length);
  }

  private alias(id: Ident): void {
    if (!id.ascii || /[!?]$/.test(id.name)) {
      const bad = Array.from(id.name).find((ch) => ch.codePointAt(0)! < 65 || ch.codePointAt(0)! > 127) ?? "?";
      this.fail(this.line, this.col, invalidChar("alias (only ASCII characters, without punctuation, are allowed)", bad.codePointAt(0)!), id.name);
    }
    this.pushAtom(this.tok("alias", this.line, this.col, id.name));
    this.advance(id.length);
  }

  private maybeKeyword(k: number): boolean {
    if (this.at(k) !== C(":")) return true;
    return this.at(k + 1) === C(":");
  }

  private keyword(name: string, type: string): void {
    const len = name.length;
    if (type === "terminator") return this.keywordTerminator(name, len);
    if (type === "token") return void this.simple(name as TokenKind, len);
    if (type === "block") {
      this.push(this.tok("block_identifier", this.line, this.col, name));
      return this.advance(len);
    }
    this.keywordOperator(name, type as TokenKind, len);
  }

  private keywordOperator(name: string, kind: TokenKind, len: number): void {
    const prev = this.prev();
    if (this.at(len + this.hspaceAt(len)) === C("/")) {
      this.push(this.tok("identifier", this.line, this.col, name));
    } else if (kind === "in_op" && prev?.kind === "unary_op" && prev.value === "not") {
      this.tokens.pop();
      this.pushDroppingEol(this.tok("in_op", prev.line, prev.column, "not in"));
    } else if (kind === "unary_op") {
      this.push(this.tok(kind, this.line, this.col, name));
    } else {
      this.pushDroppingEol(this.tok(kind, this.line, this.col, name));
    }
    this.advance(len);
  }

  private keywordTerminator(name: string, len: number): void {
    const [line, col] = [this.line, this.col];
    if (name === "do") this.doKeyword();
    else if (name === "fn") {
      this.openBlock("fn", line);
      this.push(this.tok("fn", line, col));
    } else {
      this.checkClose("end", line, col);
      this.push(this.tok("end", line, col));
    }
    this.advance(len);
  }

  private doKeyword(): void {
    const prev = this.prev();
    if (prev?.kind === "identifier") prev.kind = "do_identifier";
    else if (prev?.kind === "fn") this.fail(this.line, this.col, ["unexpected reserved word: ", ". Anonymous functions are written as:\n\n    fn pattern -> expression end"], "do");
    else if (prev?.kind === "," || prev?.kind === ";") this.fail(this.line, this.col, invalidDoError("unexpected reserved word: "), "do");
    this.openBlock("do", this.line);
    this.pushDroppingEol(this.tok("do", this.line, this.col));
  }

  private unexpected(): never {
    const c = this.at(0);
    const name = CHAR_NAMES[c];
    const what = name ? name[1] : `"${String.fromCodePoint(c)}"`;
    this.fail(this.line, this.col, "unexpected token: ", `${what} (column ${this.col}, code point U+${hex4(c)})`);
  }

  // ---- atoms and chars ----------------------------------------------------

  private plainAtom(): void {
    const id = this.scanIdentifier(1);
    if (!id && this.cursor && this.at(1) === -1) {
      this.i = this.cs.length;
      return;
    }
    if (!id) return this.unexpected();
    this.checkScripts(id);
    this.checkAtomLength(id.name, this.line, this.col);
    this.warnBangBeforeEquals("atom", ":" + id.name, 1 + id.length);
    this.pushAtom(this.tok("atom", this.line, this.col, id.name));
    this.advance(1 + id.length);
  }

  private quotedAtom(): void {
    const [line, col, q] = [this.line, this.col, this.at(1)];
    this.i += 2;
    const ex = this.extract(line, col + 2, true, String.fromCodePoint(q), ` (for atom starting at line ${line})`);
    if (needsNoQuotes(ex.parts)) this.warnAt(line, col, `found quoted atom "${ex.parts[0]}" but the quotes are not required. Atoms made exclusively of ASCII letters, numbers, underscores, beginning with a letter or underscore, and optionally ending with ! or ? do not require quotes`);
    const parts = this.unescapeParts(ex.parts, line, col);
    const simple = parts.length === 1 && typeof parts[0] === "string";
    if (simple) this.checkAtomLength(parts[0] as string, line, col);
    this.pushAtom(this.tok(simple ? "atom_quoted" : "atom_unsafe", line, col, simple ? parts[0] : parts));
    [this.line, this.col] = [ex.line, ex.column];
  }

  private checkAtomLength(name: string, line: number, col: number): void {
    if (name.length > 255 && Array.from(name).length > 255) this.fail(line, col, "atom length must be less than system limit: ", name);
  }

  private charLiteral(): boolean {
    const c1 = this.at(1);
    if (c1 === -1) return false;
    if (c1 === C("\\") && this.at(2) !== -1) {
      const h = this.at(2);
      const code = unescapeChar(h);
      if (code === h && h !== C("\\")) {
        const named = CHAR_NAMES[code];
        if (named !== undefined) this.warn(`found ?\\ followed by code point 0x${code.toString(16).toUpperCase()} (${named[1]}), please use ?${named[0]} instead`);
        else if ((h >= C("a") && h <= C("z")) || (h >= C("A") && h <= C("Z"))) this.warn(`unknown escape sequence ?\\${String.fromCodePoint(h)}, use ?${String.fromCodePoint(h)} instead`);
      }
      this.push({ ...this.tok("char", this.line, this.col, code), text: this.str(this.i, this.i + 3) });
      this.advance(3);
      return true;
    }
    const named = CHAR_NAMES[c1];
    if (named !== undefined) this.warn(`found ? followed by code point 0x${c1.toString(16).toUpperCase()} (${named[1]}), please use ?${named[0]} instead`);
    this.push({ ...this.tok("char", this.line, this.col, c1), text: this.str(this.i, this.i + 2) });
    this.advance(2);
    return true;
  }

  /**
   * A three-character operator followed by its own character (`a ++++ b`, `....`): the
   * tokenizer takes the operator and warns (elixir_tokenizer's maybe_warn_too_many_of_same_char).
   */
  private warnSameCharAfter(op: string): void {
    const c = op[0];
    if (this.at(op.length) !== C(c)) return;
    const advice = c === "." ? `please use parens around "${op}" instead` : `please use a space between "${op}" and the next "${c}"`;
    this.warn(`found "${op}" followed by "${c}", ${advice}`);
  }

  /**
   * elixir_tokenizer's maybe_warn_for_ambiguous_bang_before_equals: `foo!=` or `:foo?=`
   * (what is written, `width` characters, then `=`) reads as `foo! =`, which may not be meant.
   */
  private warnBangBeforeEquals(what: "atom" | "identifier", written: string, width: number): void {
    if (this.at(width) !== C("=")) return;
    const last = written[written.length - 1];
    if (last !== "!" && last !== "?") return;
    const base = written.slice(0, -1);
    this.warn(`found ${what} "${written}", ending with "${last}", followed by =. It is unclear if you mean "${base} ${last}=" or "${written} =". Please add a space before or after ${last} to remove the ambiguity`);
  }

  private warn(message: string): void {
    this.warnAt(this.line, this.col, message);
  }

  private warnAt(line: number, column: number, message: string): void {
    this.warnings.push({ line, column, message });
  }

  // ---- strings, heredocs, sigils -----------------------------------------

  private string(q: number): void {
    const [line, col] = [this.line, this.col];
    this.i += 1;
    const ex = this.extract(line, col + 1, true, String.fromCodePoint(q), ` (for string starting at line ${line})`);
    const parts = this.unescapeParts(ex.parts, line, col + 1);
    [this.line, this.col] = [ex.line, ex.column];
    if (this.at(0) === C(":") && isSpace(this.at(1))) {
      // (at the column after the opening quote, where elixir_tokenizer's handle_strings stands)
      if (needsNoQuotes(ex.parts)) this.warnAt(line, col + 1, `found quoted keyword "${ex.parts[0]}" but the quotes are not required. Note that keywords are always atoms, even when quoted. Similar to atoms, keywords made exclusively of ASCII letters, numbers, and underscores and not beginning with a number do not require quotes`);
      return this.quotedKeyword(parts, line, col);
    }
    const kind: TokenKind = q === 34 ? "bin_string" : "list_string";
    this.push(this.tok(kind, line, col, parts));
  }

  private quotedKeyword(parts: StringPart[], line: number, col: number): void {
    const simple = parts.length === 1 && typeof parts[0] === "string";
    if (simple) this.checkAtomLength(parts[0] as string, line, col);
    this.pushAtom(this.tok(simple ? "kw_identifier" : "kw_identifier_unsafe", line, col, simple ? parts[0] : parts));
    this.advance(1);
  }

  private heredoc(q: number): void {
    const [line, col] = [this.line, this.col];
    const quote = String.fromCodePoint(q);
    this.i += 3;
    const ex = this.extractHeredoc(line, col, true, quote);
    const parts = this.unescapeParts(ex.parts, line, col);
    const kind: TokenKind = q === 34 ? "bin_heredoc" : "list_heredoc";
    this.push({ ...this.tok(kind, line, col, parts), indentation: ex.column - 4 });
    [this.line, this.col] = [ex.line, ex.column];
  }

  private sigil(): boolean {
    const s = this.at(1);
    if (!(isUpper(s) || isLower(s))) return false;
    const h = this.at(2);
    if (h === -1 && this.cursor) {
      this.i = this.cs.length;
      return true;
    }
    if (h === -1) return false;
    const [line, col] = [this.line, this.col];
    const letter = String.fromCodePoint(s);
    if (isQuote(h) && this.at(3) === h && this.at(4) === h) return this.sigilHeredoc(letter, String.fromCodePoint(h));
    if (!isSigilDelim(h)) {
      const msg = `"${String.fromCodePoint(h)}" (column ${col + 2}, code point U+${hex4(h)}). The available delimiters are: //, ||, "", '', (), [], {}, <>`;
      this.fail(line, col, "invalid sigil delimiter: ", msg);
    }
    const open = String.fromCodePoint(h);
    this.i += 3;
    const ext = ` (for sigil ~${letter}${open} starting at line ${line})`;
    const ex = this.extract(line, col + 3, isLower(s), SIGIL_CLOSE[open] ?? open, ext);
    [this.line, this.col] = [ex.line, ex.column];
    this.pushSigil(letter, ex.parts, open, null, line, col);
    return true;
  }

  private sigilHeredoc(letter: string, quote: string): boolean {
    const [line, col] = [this.line, this.col];
    this.i += 5;
    const ex = this.extractHeredoc(line, col, isLower(letter.codePointAt(0)!), quote);
    [this.line, this.col] = [ex.line, ex.column];
    this.pushSigil(letter, ex.parts, quote.repeat(3), ex.column - 4, line, col);
    return true;
  }

  private pushSigil(letter: string, parts: Raw, delimiter: string, indentation: number | null, line: number, col: number): void {
    let j = 0;
    while (isUpper(this.at(j)) || isLower(this.at(j)) || isDigit(this.at(j))) j++;
    const modifiers = this.str(this.i, this.i + j);
    this.i += j;
    this.col += j;
    const tok = this.tok("sigil", line, col, parts);
    this.push({ ...tok, sigil: letter, modifiers, delimiter, indentation });
  }

  private unescapeParts(parts: Raw, line: number, col: number): StringPart[] {
    if (!this.unescape) return parts;
    try {
      const warn = (message: string) => this.bareWarnings.push({ line, column: col, message, bare: true });
      return parts.map((p) => (typeof p === "string" ? unescapeString(p, warn) : p));
    } catch (e) {
      if (e instanceof UnescapeFailure) this.fail(line, col, e.message + ". Syntax error after: ", e.token);
      throw e;
    }
  }

  // ---- string extraction (elixir_interpolation:extract/6) ------------------

  private stringError(line: number, column: number, message: string, token: string): ParseError {
    return parseError(line, column, message, token);
  }

  /**
   * Reads string contents up to `last` (already past the opening delimiter), splitting
   * out `#{...}` interpolations (tokenized by a nested lexer) when `interpol` is set.
   * Escapes are kept verbatim except an escaped delimiter, exactly like Elixir.
   */
  private extract(line: number, column: number, interpol: boolean, last: string, ext: string): Extracted {
    const st = { line, column, buf: [] as number[], out: [] as Raw };
    const lastCps = Array.from(last, (ch) => ch.codePointAt(0)!);
    const heredoc = lastCps.length === 3;
    for (;;) {
      const c = this.at(0);
      if (c === -1) {
        if (this.cursor) return this.finish(st, st.column);
        throw this.stringError(st.line, st.column, `missing terminator: ${last}` + ext, "");
      }
      if (!heredoc && c === lastCps[0]) {
        this.i += 1;
        return this.finish(st, st.column + 1);
      }
      const done = this.extractStep(st, c, interpol, lastCps, heredoc, ext);
      if (done) return done;
    }
  }

  private extractStep(st: ExtractState, c: number, interpol: boolean, last: number[], heredoc: boolean, ext: string): Extracted | null {
    if (c === C("\\") && this.at(1) === 13 && this.at(2) === 10) return this.extractNl(st, 3, [92, 13, 10], last, heredoc);
    if (c === C("\\") && this.at(1) === 10) return this.extractNl(st, 2, [92, 10], last, heredoc);
    if (c === 10) return this.extractNl(st, 1, [10], last, heredoc);
    if (c === C("\\") && !heredoc && this.at(1) === last[0]) return this.take(st, 2, [last[0]], 2);
    if (c === C("\\") && heredoc && this.at(1) === last[0] && this.at(2) === last[0] && this.at(3) === last[0]) {
      return this.take(st, 4, [last[0], last[0], last[0]], 4);
    }
    if (c === C("\\") && interpol && this.at(1) === C("#") && this.at(2) === C("{")) return this.take(st, 3, [92, 35, 123], 1);
    if (c === C("#") && interpol && this.at(1) === C("{")) return this.interpolate(st, ext);
    if (c === C("\\")) {
      this.take(st, 1, [92], 1);
      return this.extractChar(st, this.at(0));
    }
    if (c <= 255 && this.at(1) <= 255 && this.at(1) !== -1) return this.take(st, 1, [c], 1);
    return this.extractChar(st, c);
  }

  private take(st: ExtractState, n: number, cps: number[], cols: number): null {
    this.i += n;
    st.buf.push(...cps);
    st.column += cols;
    return null;
  }

  /** Consumes one grapheme cluster (approximated: a code point plus combining marks). */
  private extractChar(st: ExtractState, c: number): null {
    if (c === -1) return null;
    if (BIDI.has(c)) {
      const token = `\\u${hex4(c)}`;
      this.fail(st.line, st.column, ["invalid bidirectional formatting character in string: ", `. If you want to use such character, use it in its escaped ${token} form instead`], token);
    }
    let n = 1;
    while (isExtender(this.at(n)) || (this.at(n - 1) === 0x200d && this.at(n) !== -1)) n++;
    if (c === 13 && this.at(1) === 10) n = 2;
    st.buf.push(...this.cs.slice(this.i, this.i + n));
    this.i += n;
    st.column += 1;
    return null;
  }

  private extractNl(st: ExtractState, n: number, cps: number[], last: number[], heredoc: boolean): Extracted | null {
    this.i += n;
    st.buf.push(...cps);
    if (!heredoc) {
      st.line += 1;
      st.column = 1;
      return null;
    }
    let sp = 0;
    while (isHSpace(this.at(sp))) sp++;
    if (this.at(sp) === last[0] && this.at(sp + 1) === last[0] && this.at(sp + 2) === last[0]) {
      this.i += sp + 3;
      return this.finish({ ...st, line: st.line + 1 }, sp + 1 + 3);
    }
    st.buf.push(...this.cs.slice(this.i, this.i + sp));
    this.i += sp;
    st.line += 1;
    st.column = sp + 1;
    return null;
  }

  private interpolate(st: ExtractState, ext: string): null {
    if (st.buf.length) st.out.push(fromCps(st.buf));
    st.buf = [];
    const sub = new Lexer(this.cs, this.i + 2, st.line, st.column + 2, true);
    sub.warnings = this.warnings;
    sub.bareWarnings = this.bareWarnings;
    sub.comments = this.comments;
    sub.unescape = this.unescape;
    sub.encoded = this.encoded;
    sub.indentation = this.indentation;
    if (sub.run() === null) throw this.stringError(st.line, st.column, 'missing interpolation terminator: "}"' + ext, "");
    st.out.push({ line: st.line, column: st.column, endLine: sub.line, endColumn: sub.col, tokens: sub.tokens });
    this.i = sub.i + 1;
    st.line = sub.line;
    st.column = sub.col + 1;
    return null;
  }

  private finish(st: ExtractState, column: number): Extracted {
    if (st.buf.length) st.out.push(fromCps(st.buf));
    if (st.out.length === 0) st.out.push("");
    return { line: st.line, column, parts: st.out };
  }

  /** extract_heredoc_with_interpolation: header check, extraction, indentation removal. */
  private extractHeredoc(line: number, col: number, interpol: boolean, quote: string): Extracted {
    let j = 0;
    while (isHSpace(this.at(j))) j++;
    const nl = this.at(j) === 10 ? 1 : this.at(j) === 13 && this.at(j + 1) === 10 ? 2 : 0;
    if (nl === 0) this.fail(line, col, "heredoc allows only zero or more whitespace characters followed by a new line after ", quote.repeat(3));
    this.i += j + nl;
    const st: ExtractState = { line: line + 1, column: 1, buf: [], out: [] };
    const ext = ` (for heredoc starting at line ${line})`;
    const last = Array.from(quote.repeat(3), (ch) => ch.codePointAt(0)!);
    const first = this.afterHeredocHeader(st, last);
    const ex = first ?? this.extractLoop(st, interpol, last, ext);
    const warnLine = outdentedLine(ex.parts, ex.column - 4, line);
    if (warnLine !== null) {
      const q = quote.repeat(3);
      this.warnAt(warnLine, col, `outdented heredoc line. The contents inside the heredoc should be indented at the same level as the closing ${q}. The following is forbidden:\n\n    def text do\n      """\n    contents\n      """\n    end\n\nInstead make sure the contents are indented as much as the heredoc closing:\n\n    def text do\n      """\n      contents\n      """\n    end\n\nThe current heredoc line is indented too little`);
    }
    return { ...ex, parts: stripHeredoc(ex.parts, ex.column - 4) };
  }

  private afterHeredocHeader(st: ExtractState, last: number[]): Extracted | null {
    // The prepended newline of Elixir's algorithm: the first line may already close.
    let sp = 0;
    while (isHSpace(this.at(sp))) sp++;
    if (this.at(sp) === last[0] && this.at(sp + 1) === last[0] && this.at(sp + 2) === last[0]) {
      this.i += sp + 3;
      return this.finish({ ...st, buf: [10] }, sp + 4);
    }
    st.buf.push(10, ...this.cs.slice(this.i, this.i + sp));
    this.i += sp;
    st.column = sp + 1;
    return null;
  }

  private extractLoop(st: ExtractState, interpol: boolean, last: number[], ext: string): Extracted {
    for (;;) {
      const c = this.at(0);
      if (c === -1) throw this.stringError(st.line, st.column, `missing terminator: ${String.fromCodePoint(...last)}` + ext, "");
      const done = this.extractStep(st, c, interpol, last, true, ext);
      if (done) return done;
    }
  }
}

interface ExtractState { line: number; column: number; buf: number[]; out: Raw }

const isExtender = (c: number): boolean =>
  c !== -1 && c > 255 && (c === 0x200d || c === 0xfe0f || (c >= 0x1f3fb && c <= 0x1f3ff) || /\p{M}/u.test(String.fromCodePoint(c)));

/**
 * The first line of a heredoc's contents indented less than its closing delimiter (`indent`
 * spaces), as elixir_tokenizer's extract_heredoc_indent finds it: a line starts after each
 * newline of the literal parts (the first after the one prepended to the contents), blank
 * lines and a line cut by an interpolation are not looked at; null when there is none.
 */
function outdentedLine(parts: Raw, indent: number, line: number): number | null {
  let at = line;
  for (const p of parts) {
    if (typeof p !== "string") {
      at = p.endLine;
      continue;
    }
    for (let k = 0; k < p.length; k++) {
      if (p[k] !== "\n") continue;
      at++;
      let j = k + 1;
      let left = indent;
      while (left > 0 && j < p.length && (p[j] === " " || p[j] === "\t")) {
        j++;
        left--;
      }
      if (left === 0 || j >= p.length || p[j] === "\n" || (p[j] === "\r" && p[j + 1] === "\n")) continue;
      return at;
    }
  }
  return null;
}

/** Removes `indent` leading spaces after each newline of the literal parts, then the first newline. */
function stripHeredoc(parts: Raw, indent: number): Raw {
  const out = parts.map((p) => (typeof p === "string" ? stripIndent(p, indent) : p));
  const head = out[0];
  if (typeof head === "string") out[0] = head.slice(1);
  return out;
}

function stripIndent(text: string, indent: number): string {
  return text.replace(/\n([ \t]*)/g, (_m, sp: string) => {
    let k = 0;
    while (k < sp.length && k < indent) k++;
    return "\n" + sp.slice(k);
  });
}


const UNESCAPE: Record<string, number> = { "0": 0, a: 7, b: 8, d: 127, e: 27, f: 12, n: 10, r: 13, s: 32, t: 9, v: 11 };

/** unescape_map/1 applied to the character after `?\`. */
export function unescapeChar(c: number): number {
  const m = UNESCAPE[String.fromCodePoint(c)];
  return m === undefined ? c : m;
}

function invalidChar(what: string, c: number): string {
  return `invalid character "${String.fromCodePoint(c)}" (code point U+${hex4(c)}) in ${what}: `;
}

export function invalidDoError(prefix: string): [string, string] {
  return [
    prefix,
    '. In case you wanted to write a "do" expression, you must either use do-blocks or separate the keyword argument with comma. For example, you should either write:\n\n' +
      "    if some_condition? do\n      :this\n    else\n      :that\n    end\n\nor the equivalent construct:\n\n" +
      "    if(some_condition?, do: :this, else: :that)\n\n" +
      'where "some_condition?" is the first argument and the second argument is a keyword list.\n\n' +
      'You may see this error if you forget a trailing comma before the "do" in a "do" block',
  ];
}

export { charlistCodes };

/** The newest entry of `list` of this kind. */
function lastOf(list: Terminator[], kind: string): Terminator | undefined {
  for (let i = list.length - 1; i >= 0; i--) if (list[i].kind === kind) return list[i];
  return undefined;
}

