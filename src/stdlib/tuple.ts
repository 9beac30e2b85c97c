// Elixir's Tuple module (1.14): thin layer over the :erlang tuple BIFs, with Elixir's
// guards (FunctionClauseError) and sum/product evaluated in Elixir's order.
import type { NativeFn } from "../runtime/code.js";
import { Term } from "../runtime/term.js";
import { add, fce, isInt, mul } from "../runtime/arith.js";
import { natives as erlang } from "./erlang.js";

const erl = (name: string, args: Term[]) => erlang.fns[name](args, null as never);
const index = (fn: string, args: Term[], i: number) => {
  const n = args[i];
  if (!isInt(n) || n < 0) throw fce("Tuple", fn, args);
  return typeof n === "bigint" ? n + 1n : n + 1;
};

/** sum/product: `element(n) op fold(n - 1)`, so the innermost operation comes first. */
function fold(t: Term, op: (x: Term, y: Term) => Term, unit: number): Term {
  const n = erl("tuple_size/1", [t]) as number;
  let acc: Term = unit;
  for (let i = 0; i < n; i++) acc = op(t[i], acc);
  return acc;
}

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.Tuple",
  fns: {
    "to_list/1": ([t]) => erl("tuple_to_list/1", [t]),
    "append/2": ([t, v]) => erl("append_element/2", [t, v]),
    "insert_at/3": (args) => erl("insert_element/3", [index("insert_at", args, 1), args[0], args[2]]),
    "delete_at/2": (args) => erl("delete_element/2", [index("delete_at", args, 1), args[0]]),
    "duplicate/2": ([v, n]) => erl("make_tuple/2", [n, v]), // inlined by Elixir's compiler
    "sum/1": ([t]) => fold(t, add, 0),
    "product/1": ([t]) => fold(t, mul, 1),
  },
};
