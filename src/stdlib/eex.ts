// What EEx's compiler asks of Elixir's tokenizer: whether the code of a tag starts a block
// (`<%= if x do %>`, `<%= for y <- ys do %>`, `<% fn x -> %>`), continues one
// (`<% else %>`, `<% {:ok, x} -> %>`) or ends it (`<% end %>`), read from its tokens as
// EEx.Compiler does, with terminators not checked (a tag holds only part of a block).
import type { NativeFn } from "../runtime/code.js";
import { tokenize } from "../lang/lexer.js";
import type { Token } from "../lang/token.js";
import { a, isBinary, binBytes } from "../runtime/term.js";
import { argumentError } from "../runtime/errors.js";

function tagKind(code: string): string {
  let tokens: Token[];
  try {
    tokens = tokenize(code, 1, 1, { checkTerminators: false });
  } catch {
    return "expr";
  }
  const reversed = [...tokens].reverse();
  while (reversed.length > 0 && reversed[0].kind === "eol") reversed.shift();
  const first = tokens[0]?.kind;
  const last = reversed[0]?.kind;
  if (last === "do") return first === "end" ? "middle_expr" : "start_expr+";
  if (last === "block_identifier") return "middle_expr+";
  if (last === "stab_op") {
    if (first === "end") return "middle_expr";
    // `fn x ->` opens a block unless an `end` closes something after its `fn`.
    const rest = reversed.slice(1);
    const fnAt = rest.findIndex((t) => t.kind === "fn");
    const endAt = rest.findIndex((t) => t.kind === "end");
    const fnIndex = fnAt < 0 ? Infinity : fnAt;
    const endIndex = endAt < 0 ? Infinity : endAt;
    return endIndex > fnIndex ? "start_expr" : "middle_expr";
  }
  let i = 0;
  while (i < tokens.length && ["(", "[", "{"].includes(tokens[i].kind)) i++;
  return tokens[i]?.kind === "end" ? "end_expr" : "expr";
}

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "beamsh_eex",
  fns: {
    // The tag's code as a string: :start_expr, :middle_expr, :end_expr or :expr, or
    // {kind, :spaced} when the code ends with `do` or `else` and the like (EEx then makes
    // sure it ends with a space).
    "tag_kind/1": ([code]) => {
      if (!isBinary(code)) throw argumentError("expected a string");
      const kind = tagKind(new TextDecoder("utf-8", { ignoreBOM: true }).decode(binBytes(code as Parameters<typeof binBytes>[0])));
      return kind.endsWith("+") ? [a(kind.slice(0, -1)), a("spaced")] : a(kind);
    },
  },
};
