// The term codec bound to one runtime: its node name and creation for local pids and
// references, its fun codec, and which exports exist (for `binary_to_term(b, [:safe])`).
import type { Runtime } from "../runtime.js";
import { Atom, atomName } from "../term.js";
import type { EtfContext } from "./etf.js";
import type { ErlEvalProfile } from "./erl-eval.js";
import { funCodec } from "./funs.js";

const contexts = new WeakMap<Runtime, EtfContext>();

/** The codec context of `rt` (one per runtime; it follows the node's name as it changes). */
export function etfContext(rt: Runtime): EtfContext {
  let ctx = contexts.get(rt);
  if (ctx === undefined) {
    ctx = {
      get node() {
        return rt.node;
      },
      get creation() {
        return rt.creation;
      },
      funs: funCodec(rt),
      exportExists: (m: Atom, f: Atom, arity: number) => rt.modules.lookup(m.name, atomName(f), arity) !== null,
    };
    contexts.set(rt, ctx);
  }
  return ctx;
}

/**
 * The codec of one connection: `etfContext(rt)`, except that shell closures take the form
 * the peer runs (`erlEval()`: its erl_eval profile when it is a real node; `peerMd5`: its
 * MD5 of a module, for funs of modules compiled on both sides).
 */
export function connectionContext(rt: Runtime, erlEval: () => ErlEvalProfile | null, peerMd5: (module: string) => Uint8Array | null | undefined = () => undefined): EtfContext {
  const base = etfContext(rt);
  return {
    get node() {
      return rt.node;
    },
    get creation() {
      return rt.creation;
    },
    funs: funCodec(rt, erlEval, peerMd5),
    exportExists: base.exportExists,
  };
}
