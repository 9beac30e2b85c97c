// Elixir's Atom module: to_string/1 and to_charlist/1 (via the :erlang BIFs).
import type { NativeFn } from "../runtime/code.js";
import { natives as erlang } from "./erlang.js";

const erl = (name: string): NativeFn => (args, p) => erlang.fns[name](args, p);

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.Atom",
  fns: {
    "to_string/1": erl("atom_to_binary/1"),
    "to_charlist/1": erl("atom_to_list/1"),
    "to_char_list/1": erl("atom_to_list/1"),
  },
};
