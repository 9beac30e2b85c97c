// :queue.in/2, the one :queue function Elixir source cannot define (`in` is an operator
// there); the rest of the module is Elixir in src/prelude/queue.ex.
import type { NativeFn } from "../runtime/code.js";
import { argumentError } from "../runtime/errors.js";
import { Cons, NIL, Term, isList } from "../runtime/term.js";
import { withFrame } from "../runtime/arith.js";

/** Appends `x` at the rear; a rear of one item with an empty front moves that item over. */
function enqueue(x: Term, q: Term): Term {
  if (Array.isArray(q) && q.length === 2 && isList(q[0]) && isList(q[1])) {
    const [r, f] = q;
    if (f === NIL && r instanceof Cons && r.t === NIL) return [new Cons(x, NIL), r];
    return [new Cons(x, r), f];
  }
  throw withFrame(argumentError(), "queue", "in", [x, q]);
}

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "queue",
  fns: { "in/2": ([x, q]) => enqueue(x, q) },
};
