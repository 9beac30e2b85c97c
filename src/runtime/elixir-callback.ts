// Natives that need Elixir code for part of their work: `inspect` meeting a struct with its
// own Inspect implementation, `to_string` meeting a String.Chars implementation, Enum
// natives meeting a stream or a struct implementing Enumerable.
//
// Elixir code never runs on the JS stack (see code.ts), so such a native cannot call it.
// Instead it throws a NeedsElixir request naming the call it needs and a key for its result.
// runNative turns the request into a frame of the native's retry code, which makes the
// call through the machine, remembers the result under the key, and runs the native again
// from the start with the remembered results at hand (`memoized`). A native finding all it
// needs completes; one needing more asks again. Natives are pure functions of their
// arguments and the remembered results, so running one again is safe; nothing changes for
// a native that needs no Elixir code (the fast path).
import { TailCall, enterTarget, tagNativeError } from "./calls.js";
import { Code, CodeObj, Frame, ProcLike, RET, Status } from "./code.js";
import { BeamError } from "./errors.js";
import type { Runtime } from "./runtime.js";
import { Term } from "./term.js";

/** A native's request: call `module.name(args)` and run me again knowing the result by `key`. */
export class NeedsElixir extends BeamError {
  constructor(
    /** What the request stands for when it cannot be served (raised as is). */
    reason: Term,
    readonly key: Term,
    /** Distinguishes results for the same key (e.g. inspect options). */
    readonly sub: string,
    readonly module: string,
    readonly name: string,
    readonly args: Term[],
  ) {
    super("error", reason);
  }
}

type Memo = Map<Term, Map<string, Term>>;

/** The results remembered for the native running now (only while a retry runs it). */
let current: Memo | null = null;

/** The result of an earlier request with this key, or undefined. */
export function memoized(key: Term, sub = ""): Term | undefined {
  return current === null ? undefined : current.get(key)?.get(sub);
}

const retryCodes = new WeakMap<Code, Code>();

/** The retry code of a native (named after it, so stack traces read the same). */
export function retryCode(native: Code): Code {
  let c = retryCodes.get(native);
  if (c === undefined) {
    c = new CodeObj(native.module, native.name, native.arity, native.file, native.line ?? 0, (f, p) => retry(native, f, p), undefined);
    retryCodes.set(native, c);
  }
  return c;
}

/** The native's result when it needs no (more) Elixir code, else its next request. */
function runAgain(native: Code, args: Term[], memo: Memo, p: ProcLike): { value: Term } | { request: NeedsElixir } {
  const prev = current;
  current = memo;
  try {
    return { value: native.native!(args, p) };
  } catch (e) {
    if (e instanceof NeedsElixir) return { request: e };
    throw tagNativeError(e, native, args);
  } finally {
    current = prev;
  }
}

// Registers: r[0] the native's arguments (a JS array), r[1] the pending request, r[2] the memo.
function retry(native: Code, f: Frame, p: ProcLike): Status {
  const r = f.r;
  if (f.pc === 0) {
    r[2] = new Map();
  } else {
    const req = r[1] as NeedsElixir;
    const memo = r[2] as Memo;
    let byKey = memo.get(req.key);
    if (byKey === undefined) memo.set(req.key, (byKey = new Map()));
    byKey.set(req.sub, p.x);
    const out = runAgain(native, r[0] as Term[], memo, p);
    if ("value" in out) {
      const v = out.value;
      if (v instanceof TailCall) return enterTarget(p, v.target, v.args, f.up);
      p.x = v;
      return RET;
    }
    r[1] = out.request;
  }
  return request(f, p, r[1] as NeedsElixir);
}

function request(f: Frame, p: ProcLike, req: NeedsElixir): Status {
  const rt = p.rt as Runtime;
  const code = rt.modules.lookup(req.module, req.name, req.args.length);
  if (code === null) throw rt.modules.undefinedError(req.module, req.name, req.args.length);
  f.pc = 1;
  return enterTarget(p, code, req.args, f);
}
