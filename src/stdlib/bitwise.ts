// Elixir's Bitwise module (functions and operator forms), bigint-correct via arith.ts.
import type { NativeFn } from "../runtime/code.js";
import { band, bnot, bor, bsl, bsr, bxor } from "../runtime/arith.js";

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.Bitwise",
  fns: {
    "band/2": ([x, y]) => band(x, y),
    "&&&/2": ([x, y]) => band(x, y),
    "bor/2": ([x, y]) => bor(x, y),
    "|||/2": ([x, y]) => bor(x, y),
    "bxor/2": ([x, y]) => bxor(x, y),
    "^^^/2": ([x, y]) => bxor(x, y),
    "bnot/1": ([x]) => bnot(x),
    "~~~/1": ([x]) => bnot(x),
    "bsl/2": ([x, y]) => bsl(x, y),
    "<<</2": ([x, y]) => bsl(x, y),
    "bsr/2": ([x, y]) => bsr(x, y),
    ">>>/2": ([x, y]) => bsr(x, y),
  },
};
