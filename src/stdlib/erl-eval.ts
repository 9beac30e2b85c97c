// What :erl_eval (prelude/erlang/erl_eval.ex) needs of the runtime: putting back, at the
// front of the mailbox and in order, the messages an interpreted receive took and no
// clause matched (prim_eval:'receive'/2 leaves them where they were), and the clauses and
// bindings behind each fun it made (erl_eval:fun_data/1).
import type { NativeFn } from "../runtime/code.js";
import type { Mailbox } from "../runtime/mailbox.js";
import { Term, a, listToArray } from "../runtime/term.js";

const funData = new WeakMap<object, Term>();

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "beamsh_erl_eval",
  fns: {
    "unshift/1": ([msgs], p) => {
      const items = listToArray(msgs) ?? [];
      if (items.length === 0) return a("ok");
      const mb = (p as unknown as { mailbox: Mailbox }).mailbox;
      const rest = mb.toArray();
      // the mailbox keeps its invariants: a fresh array, the mark dropped (a full scan is always right)
      mb.drop();
      for (const m of items) mb.push(m);
      for (const m of rest) mb.push(m);
      return a("ok");
    },
    "remember/2": ([fun, data]) => {
      if (typeof fun === "object" && fun !== null) funData.set(fun, data);
      return a("ok");
    },
    "fun_info/1": ([fun]) => (typeof fun === "object" && fun !== null ? funData.get(fun) ?? false : false),
  },
};
