// :beamsh — beamsh's own controls, callable from the shell and from programs:
//   :beamsh.seed(n)   run seeded from now on (runtime/seed.ts): reproducible scheduling,
//                     virtual time; another seed, another interleaving
//   :beamsh.seed()    the seed in use, or nil
import type { NativeFn, ProcLike } from "../runtime/code.js";
import { badArgs } from "../runtime/errors.js";
import type { Runtime } from "../runtime/runtime.js";
import { seedOf, seedRuntime } from "../runtime/seed.js";
import { Term, a, isInteger } from "../runtime/term.js";

const OK = a("ok");
const NIL = a("nil");
const rtOf = (p: ProcLike): Runtime => p.rt as Runtime;

const fns: Record<string, NativeFn> = {
  "seed/0": (_, p) => seedOf(rtOf(p)) ?? NIL,
  "seed/1": ([n]: Term[], p) => {
    if (!isInteger(n)) throw badArgs([[1, "not an integer"]]);
    seedRuntime(rtOf(p), typeof n === "number" ? n : Number(BigInt.asUintN(32, n as bigint)));
    return OK;
  },
};

export const natives = { module: "beamsh", fns };
