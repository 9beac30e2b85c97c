// How yecc prints a token in "syntax error before: ..." messages (yecctoken2string/1 of
// Erlang's yeccpre.hrl, applied to Elixir's token tuples), plus the markers that tell
// parseError which elixir_errors:parse_error/5 clause applies (strings and sigils).
import type { StringPart, Token } from "./token.js";

const ERLANG_RESERVED = new Set([
  "after", "and", "andalso", "band", "begin", "bnot", "bor", "bsl", "bsr", "bxor", "case", "catch",
  "cond", "div", "end", "fun", "if", "let", "not", "of", "or", "orelse", "receive", "rem", "try", "when", "xor",
]);

/** An atom as Erlang's ~tp prints it: bare when it is a plain lowercase name, else quoted. */
export function erlangAtom(name: string): string {
  if (/^[a-zß-öø-ÿ][a-zA-Z0-9_@À-ÖØ-öø-ÿ]*$/.test(name) && !ERLANG_RESERVED.has(name)) return name;
  return "'" + name.replace(/\\/g, "\\\\").replace(/'/g, "\\'") + "'";
}

const PUNCT = new Set([";", ",", ".", "(", ")", "[", "]", "{", "}", "<<", ">>", "%{}", "%", "end"]);

export function tokenText(t: Token): string {
  switch (t.kind) {
    case "eol": return "eol";
    case "fn": case "do": case "true": case "false": case "nil": return t.kind;
    case "int": case "flt": return JSON.stringify(t.text ?? String(t.value));
    case "char": return "$" + erlangChar(t.value as number);
    case "bin_string": case "list_string": case "atom_unsafe": case "atom_safe":
    case "kw_identifier_unsafe": case "kw_identifier_safe":
      return "\u0000str:" + firstPartText(t.value as StringPart[]);
    case "sigil": return "\u0000sigil:" + sigilText(t);
    case "bin_heredoc": case "list_heredoc": return heredocText(t);
    default:
      if (PUNCT.has(t.kind)) return `'${t.kind}'`;
      return erlangAtom(String(t.value));
  }
}

// io_lib's ~tp prints a binary as a string only if it is printable Latin-1.
const LATIN1_PRINTABLE = /^[\x20-\x7e\xa0-\xff\n\r\t\v\b\f\x1b]*$/;

// elixir_errors re-reads the token with erl_scan from bytes, so non-ASCII text comes out
// as UTF-8 bytes read as Latin-1 (mojibake), exactly as Elixir prints it.
function firstPartText(parts: StringPart[]): string {
  const first = parts[0];
  if (typeof first !== "string") return '"';
  if (!LATIN1_PRINTABLE.test(first)) return `"${first}"`;
  return `"${String.fromCharCode(...new TextEncoder().encode(first))}"`;
}

function sigilText(t: Token): string {
  const first = (t.value as StringPart[])[0];
  return `sigil ~${t.sigil} starting with content '${typeof first === "string" ? first : ""}'`;
}

function heredocText(t: Token): string {
  const parts = (t.value as StringPart[]).map((p) => (typeof p === "string" ? `<<${JSON.stringify(p)}>>` : "{...}"));
  return `{${t.kind},{${t.line},${t.column},nil},${t.indentation},[${parts.join(",")}]}`;
}

function erlangChar(c: number): string {
  const named: Record<number, string> = { 10: "\\n", 9: "\\t", 13: "\\r", 32: "\\s", 27: "\\e", 8: "\\b", 12: "\\f", 11: "\\v", 127: "\\d", 0: "\\0", 92: "\\\\" };
  return named[c] ?? String.fromCodePoint(c);
}
