// Natives that need Elixir code for part of their work: `inspect` meeting a struct with its
// own Inspect implementation, `to_string` meeting a String.Chars implementation, Enum
// natives meeting a stream or a struct implementing Enumerable.
//
// Elixir code never runs on the JS stack (see code.ts), so such a native cannot call it.
// Instead it asks for the call (`request`), naming a key for its result. The first time,
// the request is thrown as NeedsElixir, and runNative continues in the native's retry code:
// a frame that makes the calls through the machine, remembers each result under its key,
// and runs the native again from the start with the results at hand (`memoized`). During
// such a run, further requests do not throw: they are collected (the native goes on with a
// stand-in value) and made together before the next run, so a list of a thousand structs
// costs a few runs, not a thousand. Natives are pure functions of their arguments and the
// remembered results, so running one again is safe; nothing changes for a native that
// needs no Elixir code (the fast path).
import { activeRuntime } from "./active.js";
import { TailCall, enterTarget, tagNativeError } from "./calls.js";
import { Code, CodeObj, Frame, ProcLike, RET, Status } from "./code.js";
import { BeamError, raise } from "./errors.js";
import type { Runtime } from "./runtime.js";
import { Term } from "./term.js";

/** A call a native needs: `module.name(args)`, its result remembered as (key, sub). */
export interface Request {
  key: Term;
  /** Distinguishes results for the same key (e.g. inspect options). */
  sub: string;
  module: string;
  name: string;
  args: Term[];
}

/** Thrown by a native on its first request; anywhere but a native it is the error it carries. */
export class NeedsElixir extends BeamError {
  constructor(
    /** What the request stands for when it cannot be served (raised as is). */
    reason: Term,
    readonly requests: Request[],
  ) {
    super("error", reason);
  }
}

type Memo = Map<Term, Map<string, Term>>;

/** The results remembered for the native running now (only while its retry code runs it). */
let current: Memo | null = null;
/** Requests made by the native running now, in a run by its retry code. */
let collecting: Request[] | null = null;

/** The result of an earlier request with this key, or undefined. */
export function memoized(key: Term, sub = ""): Term | undefined {
  return current === null ? undefined : current.get(key)?.get(sub);
}

/** True while a native runs again for its requests (requests are collected, not thrown). */
export function retrying(): boolean {
  return collecting !== null;
}

/**
 * Asks for `module.name(args)`. Throws NeedsElixir when the native runs for the first time;
 * in a run by the retry code, the request is noted and the caller goes on with a stand-in
 * (the run's result is discarded). `reason` is the error it stands for in compiled code.
 * Returns false, asking nothing, outside any process (a crash report or the shell
 * formatting a value): the caller does without Elixir code.
 */
export function request(reason: Term, key: Term, sub: string, module: string, name: string, args: Term[]): boolean {
  const r: Request = { key, sub, module, name, args };
  if (collecting === null) {
    if (activeRuntime()?.scheduler.current == null) return false;
    throw new NeedsElixir(reason, [r]);
  }
  if (!collecting.some((x) => x.key === key && x.sub === sub)) collecting.push(r);
  return true;
}

/**
 * Natives call this just before a side effect (writing output, say): in a run that made
 * requests, the effect must wait for the run that has all it needs, so this one stops here.
 */
export function beforeEffect(): void {
  if (collecting !== null && collecting.length > 0) throw new NeedsElixir(null, []);
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

/**
 * The same protocol for native work done inside a generator (generator-code.ts): `run` is
 * run with the results remembered so far; the Elixir calls it asks for are yielded, as the
 * generator's own calls are, and it runs again until it needs nothing more.
 */
export function* withElixirCalls<T>(run: () => T): Generator<{ module: string; name: string; args: Term[] }, T, Term> {
  const memo: Memo = new Map();
  for (;;) {
    const out = runWith(memo, run, (e) => e);
    if ("value" in out) return out.value;
    for (const q of fresh(out.requests, memo, "native work")) remember(memo, q, yield { module: q.module, name: q.name, args: q.args });
  }
}

/**
 * Runs `run` with the remembered results: its value, or the requests it still has. What it
 * throws otherwise goes through `failed` (a native's error gets the native's stack entry).
 */
function runWith<T>(memo: Memo, run: () => T, failed: (e: unknown) => unknown): { value: T } | { requests: Request[] } {
  const [prevMemo, prevCollecting] = [current, collecting];
  const asked: Request[] = [];
  current = memo;
  collecting = asked;
  try {
    const value = run();
    return asked.length > 0 ? { requests: asked } : { value };
  } catch (e) {
    // Stand-in values may make a native fail: what it asked for comes first.
    if (asked.length > 0) return { requests: asked };
    if (e instanceof NeedsElixir) return { requests: e.requests };
    throw failed(e);
  } finally {
    current = prevMemo;
    collecting = prevCollecting;
  }
}

/** Remembers a request's result. */
function remember(memo: Memo, req: Request, value: Term): void {
  let byKey = memo.get(req.key);
  if (byKey === undefined) memo.set(req.key, (byKey = new Map()));
  byKey.set(req.sub, value);
}

/**
 * The requests not yet answered. Asking only again for what it was given, the work (`what`)
 * would run forever: that is a bug.
 */
function fresh(requests: Request[], memo: Memo, what: string): Request[] {
  const left = requests.filter((q) => !memo.get(q.key)?.has(q.sub));
  if (left.length === 0) throw raise("RuntimeError", { message: `internal error: ${what} asked again for a result it was given` });
  return left;
}

// Registers: r[0] the native's arguments (a JS array), r[1] the pending requests, r[2] the
// memo, r[3] the index of the request under way.
function retry(native: Code, f: Frame, p: ProcLike): Status {
  const r = f.r;
  if (f.pc === 0) {
    r[1] = (r[1] as NeedsElixir).requests;
    r[2] = new Map();
    r[3] = 0;
  } else {
    const reqs = r[1] as Request[];
    const req = reqs[r[3] as number];
    const memo = r[2] as Memo;
    remember(memo, req, p.x);
    r[3] = (r[3] as number) + 1;
    if ((r[3] as number) >= reqs.length) {
      const args = r[0] as Term[];
      const out = runWith(memo, () => native.native!(args, p), (e) => tagNativeError(e, native, args));
      if ("value" in out) {
        const v = out.value;
        if (v instanceof TailCall) return enterTarget(p, v.target, v.args, f.up);
        p.x = v;
        return RET;
      }
      r[1] = fresh(out.requests, memo, `${native.module}.${native.name}/${native.arity}`);
      r[3] = 0;
    }
  }
  return call(f, p, (r[1] as Request[])[r[3] as number]);
}

function call(f: Frame, p: ProcLike, req: Request): Status {
  const rt = p.rt as Runtime;
  const code = rt.modules.lookup(req.module, req.name, req.args.length);
  if (code === null) throw rt.modules.undefinedError(req.module, req.name, req.args.length);
  f.pc = 1;
  return enterTarget(p, code, req.args, f);
}
