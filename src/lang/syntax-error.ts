// Parse errors of the beamsh front end, shaped like Elixir 1.14's SyntaxError and
// TokenMissingError so that the shell can print them exactly as iex does.

export type ParseErrorKind = "SyntaxError" | "TokenMissingError" | "MismatchedDelimiterError";

export interface ParseErrorInit {
  kind: ParseErrorKind;
  line: number;
  column: number;
  description: string;
  file?: string;
  /** True when the input ended before the expression was complete (iex asks for more). */
  incomplete?: boolean;
  /** False when Elixir reports the error from AST metadata, which has no column in iex. */
  showColumn?: boolean;
  /** Whether Elixir attaches a source snippet (the `|` lines) to the message. */
  snippet?: boolean;
}

export class ParseError extends Error {
  readonly kind: ParseErrorKind;
  readonly line: number;
  readonly column: number;
  readonly description: string;
  file: string;
  readonly incomplete: boolean;
  readonly showColumn: boolean;
  readonly wantsSnippet: boolean;
  /**
   * The parser's (message, token) pair, as Code.string_to_quoted/2 returns them; the message
   * is a {prefix, suffix} pair when the token sits inside it.
   */
  raw: [string | [string, string], string] | null = null;
  /** Source text and starting line, filled in by the parser to render snippets. */
  source = "";
  startLine = 1;
  /** Column the source's first line starts at (Code.string_to_quoted's :column). */
  startColumn = 1;

  constructor(init: ParseErrorInit) {
    super(init.description);
    this.name = init.kind;
    this.kind = init.kind;
    this.line = init.line;
    this.column = init.column;
    this.description = init.description;
    this.file = init.file ?? "nofile";
    this.incomplete = init.incomplete ?? false;
    this.showColumn = init.showColumn ?? true;
    this.wantsSnippet = init.snippet ?? false;
  }

  /** `file:line:column: description` plus the snippet, as `Exception.message/1` gives it. */
  formatMessage(): string {
    const col = this.showColumn && this.column > 0 ? `${this.column}:` : "";
    const head = `${this.file}:${this.line}:${col} ${this.description}`;
    const snip = this.snippetText();
    return snip === null ? head : `${head}\n${snip}`;
  }

  /** The full line iex prints: `** (SyntaxError) iex:1:5: ...`. */
  formatIex(): string {
    return `** (${this.kind}) ${this.formatMessage()}`;
  }

  /** Records where the error happened so the message can show a snippet. */
  attachSource(source: string, startLine: number, file: string, startColumn = 1): this {
    this.source = source;
    this.startLine = startLine;
    this.startColumn = startColumn;
    this.file = file;
    this.message = this.formatMessage();
    return this;
  }

  /** Where the caret goes under the error's line (its first line may start at a later column). */
  snippetOffset(): number {
    return Math.max(0, this.line === this.startLine ? this.column - this.startColumn : this.column - 1);
  }

  // Mirrors elixir_errors:snippet/4 and Exception.format_snippet/2.
  private snippetText(): string | null {
    if (!this.wantsSnippet || !this.showColumn) return null;
    const lines = this.source.split("\n");
    const text = lines[this.line - this.startLine];
    if (text === undefined || text.trimStart() === "") return null;
    const offset = this.snippetOffset();
    const digits = String(this.line).length;
    const placeholder = " ".repeat(Math.max(digits, 2));
    const padding = digits < 2 ? " " : "";
    return ` ${placeholder} |\n ${padding}${this.line} | ${text}\n ${placeholder} | ${" ".repeat(offset)}^`;
  }
}

export const isParseError = (e: unknown): e is ParseError => e instanceof ParseError;

const RESERVED_QUOTED = new Set(["'not'", "'and'", "'or'", "'when'", "'after'", "'catch'", "'end'"]);
const RESERVED_PLAIN = new Set(["fn", "else", "rescue", "true", "false", "nil", "in"]);

/** Description used when a reserved word appears where it cannot. */
export const reservedDescription = (word: string): string =>
  `syntax error before: ${word}. "${word}" is a reserved word in Elixir and therefore its usage ` +
  "is limited. For instance, it can't be used as a variable or be defined nor invoked as a regular function";

/**
 * Builds the error Elixir raises for a tokenizer/parser failure, mirroring
 * `elixir_errors:parse_error/5`: `error` is a prefix string or a [prefix, suffix] pair
 * and `token` the offending token text ("" means the input ended: TokenMissingError).
 */
export function parseError(line: number, column: number, error: string | [string, string], token: string): ParseError {
  const e = makeParseError(line, column, error, token);
  e.raw = [error, token];
  return e;
}

function makeParseError(line: number, column: number, error: string | [string, string], token: string): ParseError {
  const at = { line, column };
  if (token === "") {
    const d = error === "syntax error before: " ? "syntax error: expression is incomplete" : joinError(error, "");
    return new ParseError({ ...at, kind: "TokenMissingError", description: d, incomplete: true, snippet: true });
  }
  const syntax = (description: string, snippet = false) =>
    new ParseError({ ...at, kind: "SyntaxError", description, snippet });
  if (Array.isArray(error)) return syntax(error[0] + token + error[1]);
  if (error === "syntax error before: ") {
    if (token === "eol") return syntax("unexpectedly reached end of line. The current expression is invalid or incomplete");
    if (RESERVED_QUOTED.has(token)) return syntax(reservedDescription(token.slice(1, -1)));
    if (RESERVED_PLAIN.has(token)) return syntax(reservedDescription(token));
    if (token.startsWith("$")) return syntax(error + "?" + token.slice(1));
  }
  if (token.startsWith("\u0000sigil:")) return syntax(error + token.slice(7));
  if (token.startsWith("\u0000str:")) return syntax(error + token.slice(5));
  return syntax(error + token, true);
}

const joinError = (error: string | [string, string], token: string): string =>
  Array.isArray(error) ? error[0] + token + error[1] : error + token;
