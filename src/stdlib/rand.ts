// The natives of Erlang's :rand (the module itself is Elixir, src/prelude/erlang/rand.ex).
import type { NativeFn } from "../runtime/code.js";
import { Fun } from "../runtime/fun.js";
import type { Runtime } from "../runtime/runtime.js";
import { Atom, Term, atomName } from "../runtime/term.js";

/** The uniq of OTP 25's rand module: its funs print as #Function<I.34006561/N in :rand.F>. */
const RAND_UNIQ = 34006561;

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "rand",
  fns: {
    // `fun Name/Arity` inside rand.erl, as an algorithm handler holds it: a local fun with
    // rand.erl's fun index, printed as the BEAM prints it, calling :rand.Name/Arity.
    "__local_fun__/3": ([name, arity, index], p) => {
      const n = atomName(name as Atom);
      const code = (p.rt as Runtime).modules.lookup("rand", n, arity as number);
      if (code === null) throw new Error(`:rand.${n}/${arity} is not defined`);
      return new Fun(arity as number, code, [] as Term[], null, null, index as number, RAND_UNIQ, `:rand.${n}`);
    },
  },
};
