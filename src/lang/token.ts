// Token kinds produced by the lexer. They mirror the token tuples of Elixir 1.14's
// `elixir_tokenizer.erl` one to one, so that the parser can follow `elixir_parser.yrl`
// and so that error messages can print tokens the way yecc prints them.

/** Operator token kinds (each carries its operator text in `value`). */
export type OpKind =
  | "comp_op" | "at_op" | "unary_op" | "and_op" | "or_op" | "arrow_op" | "match_op"
  | "in_op" | "in_match_op" | "type_op" | "dual_op" | "mult_op" | "power_op" | "concat_op"
  | "range_op" | "xor_op" | "pipe_op" | "stab_op" | "when_op" | "assoc_op" | "capture_op"
  | "rel_op" | "ternary_op" | "dot_call_op";

/** Identifier-like token kinds (each carries the name in `value`). */
export type IdentKind =
  | "identifier" | "kw_identifier" | "bracket_identifier" | "paren_identifier"
  | "do_identifier" | "block_identifier" | "op_identifier" | "alias";

/** Literal and punctuation kinds. */
export type OtherKind =
  | "kw_identifier_safe" | "kw_identifier_unsafe"
  | "atom" | "atom_quoted" | "atom_safe" | "atom_unsafe"
  | "bin_string" | "list_string" | "bin_heredoc" | "list_heredoc" | "sigil"
  | "int" | "flt" | "char"
  | "fn" | "end" | "true" | "false" | "nil" | "do" | "eol" | ";" | "," | "."
  | "(" | ")" | "[" | "]" | "{" | "}" | "<<" | ">>" | "%{}" | "%";

export type TokenKind = OpKind | IdentKind | OtherKind;

/** An interpolation `#{...}` inside a string-like token: its tokens, parsed later. */
export interface Interpolation {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  tokens: Token[];
}

/** A part of a string-like token: literal text or an interpolation. */
export type StringPart = string | Interpolation;

export interface Token {
  kind: TokenKind;
  line: number;
  column: number;
  /**
   * Payload: operator text, identifier/atom name, number value (bigint | number),
   * char code (number), or string parts (StringPart[]) for string-like tokens.
   */
  value?: unknown;
  /** Original source text for numbers and chars (used in error messages). */
  text?: string;
  /** Sigils: the sigil letter, modifiers, delimiter; heredocs: indentation. */
  sigil?: string;
  modifiers?: string;
  delimiter?: string;
  indentation?: number | null;
  /**
   * The newline count elixir_tokenizer keeps as the location's third element: on `eol`, `,`
   * and `;` the newlines that followed them; on operators and closing brackets the newlines
   * before them (previous_was_eol). The parser's token metadata reads it.
   */
  eol?: number;
}

/** A comment as Code.string_to_quoted_with_comments/2 reports it. */
export interface SourceComment {
  line: number;
  column: number;
  previousEol: number;
  nextEol: number;
  text: string;
}

export const isInterpolation = (p: StringPart): p is Interpolation => typeof p !== "string";
