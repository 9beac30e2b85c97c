// Calling conventions used by compiled code: remote calls through cached call sites,
// fun calls, and natives that ask for a tail call (apply/3 and friends).
import { explainBifArgs } from "./erts-errors.js";
import { isBif } from "./bifs.js";
import { KERNEL_INLINE, KERNEL_REWRITTEN } from "./compiler/rewrite.js";
import { CALL, CONT, Code, CodeObj, DirectFn, Frame, ProcLike, RET, Status, pushCall, pushFrame, userCode } from "./code.js";
import { SUSPEND, materialize, suspend } from "./protocol.js";
import { BeamError, badArgs, badArity, badFunction, raise } from "./errors.js";
import { NeedsElixir, retryCode } from "./elixir-callback.js";
import { Fun } from "./fun.js";
import { isLibraryMacro } from "./module-info.js";
import type { Runtime } from "./runtime.js";
import { Atom, Cons, NIL, Term, a, atomName, list, listToArray } from "./term.js";
import { add, mul, sub } from "./ops.js";

/** A remote call site: caches the resolved Code per runtime and module generation. */
export class CallSite {
  code: Code | null = null;
  rt: Runtime | null = null;
  gen = -1;
  constructor(
    readonly module: string,
    readonly name: string,
    readonly arity: number,
    /** A call to a library macro the library implements as a function, made without requiring its module: it fails as a call to a macro does. */
    readonly macroOnly = false,
  ) {}
}

/** Returned by a native to mean "my result is the result of calling this". */
export class TailCall {
  constructor(
    readonly target: Fun | Code,
    readonly args: Term[],
  ) {}
}

function resolveSite(rt: Runtime, cs: CallSite, args: Term[]): Code {
  const code = cs.macroOnly ? null : rt.modules.lookup(cs.module, cs.name, cs.arity);
  if (code === null) throw undefinedCall(withEntry(rt.modules.undefinedError(cs.module, cs.name, cs.arity), cs.module, cs.name, args));
  cs.code = code;
  cs.rt = rt;
  cs.gen = rt.modules.gen;
  return code;
}

/**
 * Marks the error of a call to an undefined function: raised by the call itself, before any
 * callee runs. Made in tail position, the caller's frame is already gone on the BEAM (the
 * error handler runs in its place), so the stack trace goes on from the caller's caller.
 */
function undefinedCall(e: BeamError): BeamError {
  (e as { fromCall?: boolean }).fromCall = true;
  return e;
}

/** A tail call from heap frame `f` failed: an undefined function leaves `f` out of the trace. */
function tailFailure(e: unknown, f: Frame): unknown {
  if (e instanceof BeamError && (e as { fromCall?: boolean }).fromCall === true) (e as { droppedFrame?: Frame }).droppedFrame = f;
  return e;
}

function resolveTailSite(rt: Runtime, cs: CallSite, args: Term[], f: Frame): Code {
  try {
    return resolveSite(rt, cs, args);
  } catch (e) {
    throw tailFailure(e, f);
  }
}

/** Natives that raise on purpose (raise/throw/exit): they add no stack entry of their own. */
const RAISERS = new Set(["error", "raise", "exit", "throw"]);

function withEntry(e: BeamError, module: string, name: string, args: Term[]): BeamError {
  const t = e as BeamError & { native?: unknown };
  if ((t.stacktrace === null || t.stacktrace === NIL) && !t.native && !t.forCaller) {
    if (module === "erlang") explainBifArgs(e, name, args);
    t.native = [a(module), name, args];
  }
  return e;
}

/**
 * Runs a native, tagging an error with the native's stack entry. A native that needs
 * Elixir code for part of its work continues in its retry code (see elixir-callback.ts).
 */
export function runNative(p: ProcLike, code: Code, args: Term[]): Term {
  try {
    return code.native!(args, p);
  } catch (e) {
    if (e instanceof NeedsElixir) return new TailCall(retryCode(code), [args, e]);
    throw tagNativeError(e, code, args);
  }
}

/**
 * Whether the function a native stands for has a stack frame of its own on BEAM: Erlang or
 * Elixir code, not a BIF (nor a Kernel function Elixir inlines as one). Called last, such a
 * function has replaced its caller's frame, so its failure shows no entry of the caller.
 */
function hasOwnFrame(code: Code, arity: number): boolean {
  if (RAISERS.has(code.name)) return false;
  if (code.module === "Elixir.Kernel") {
    const erl = KERNEL_INLINE[`${code.name}/${arity}`] ?? KERNEL_REWRITTEN[`${code.name}/${arity}`];
    return erl === undefined || !isBif("erlang", erl, arity);
  }
  return !isBif(code.module, code.name, arity);
}

/**
 * A tail call from heap frame `f` to a native failed: when the native stands for a function
 * with a frame of its own, `f` is gone on BEAM (unwind leaves it out).
 */
function nativeTailFailure(e: unknown, f: Frame): unknown {
  if (e instanceof BeamError && (e as { ownFrame?: boolean }).ownFrame === true && userCode(f.code)) {
    (e as { droppedFrame?: Frame }).droppedFrame = f;
  }
  return e;
}

/** An error raised by a native gets the native's own stack entry (raise/throw/exit excepted). */
export function tagNativeError(e: unknown, code: Code, args: Term[]): unknown {
  if (e instanceof BeamError) {
    e.fromNative = true;
    // (the outermost native decides: the function its caller called)
    (e as { ownFrame?: boolean }).ownFrame = hasOwnFrame(code, args.length);
    // the native that was running (the innermost): its helpers may have raised as other
    // functions of the library (stacktraceOf puts it below their entry)
    (e as { entered?: [string, string, number] }).entered ??= [code.module, code.name, args.length];
    if (!RAISERS.has(code.name)) withEntry(e, code.module, code.name, args);
  }
  return e;
}

/** Enters `code` with `args`, returning to `up` (the caller, or the caller's caller for a tail call). */
function enter(p: ProcLike, code: Code, args: Term[], up: Frame | null): Status {
  const d = code.direct;
  if (d !== undefined && leave(p, up)) return answered(p, callDirect(d, p, args), up);
  if (code.native !== undefined) {
    let v: Term | TailCall;
    if (up === p.frame) v = runNative(p, code, args);
    else {
      try {
        v = runNative(p, code, args);
      } catch (e) {
        throw nativeTailFailure(e, p.frame!);
      }
    }
    if (v instanceof TailCall) return enterTarget(p, v.target, v.args, up);
    p.x = v;
    if (up !== p.frame) {
      // Tail position: the native's value is this frame's result.
      return returnTo(p, up, v);
    }
    return CONT;
  }
  pushCall(p, code, args, up);
  return CALL;
}

/**
 * Before a resumable frame calls a direct body that returns to `up`: for a tail call (`up`
 * is the caller's caller) the caller's frame is left now, as BEAM leaves it, so that an
 * error in the callee does not show it and a suspension puts the callee's frames on `up`.
 * Answers false for a tail call from a process's first frame (the callee then takes the
 * frame over as a heap frame).
 */
function leave(p: ProcLike, up: Frame | null): boolean {
  if (up === p.frame) return true;
  if (up === null) return false;
  p.frame = up;
  return true;
}

/**
 * The value `v` of a direct body called from resumable code, to be returned to `up`: as a
 * native's value; SUSPEND makes the recorded activations frames above `up` (a CALL).
 */
function answered(p: ProcLike, v: Term, up: Frame | null): Status {
  if (v === SUSPEND) return materialize(p, up);
  p.x = v;
  return up !== p.frame ? returnTo(p, up, v) : CONT;
}

/** Calls a named function's direct body with `args`. */
function callDirect(d: DirectFn, p: ProcLike, args: Term[]): Term {
  switch (args.length) {
    case 0:
      return d(p);
    case 1:
      return d(p, args[0]);
    case 2:
      return d(p, args[0], args[1]);
    case 3:
      return d(p, args[0], args[1], args[2]);
    default:
      return d(p, ...args);
  }
}

/** Calls a fun's direct body with `args` and the fun's environment (last). */
function callDirectFun(d: DirectFn, p: ProcLike, env: Term[], args: Term[]): Term {
  switch (args.length) {
    case 0:
      return d(p, env);
    case 1:
      return d(p, args[0], env);
    case 2:
      return d(p, args[0], args[1], env);
    default:
      return d(p, ...args, env);
  }
}

// ---- calls made by direct bodies (protocol.ts): they answer a term or SUSPEND -------------

/**
 * `code(args)` from a direct body: its direct body, a native run here, or else (resumable
 * code) a recorded activation at its entry, so that the caller suspends.
 */
export function dcode(p: ProcLike, code: Code, args: Term[]): Term {
  const d = code.direct;
  if (d !== undefined) return callDirect(d, p, args);
  if (code.native !== undefined && !(code as CodeObj).readsStack) {
    const v = runNative(p, code, args);
    if (v instanceof TailCall) return dtarget(p, v.target, v.args);
    return v;
  }
  return suspend(p, code.native !== undefined ? nativeFrame(code) : code, 0, 0, args.slice());
}

const nativeFrames = new WeakMap<Code, Code>();

/**
 * A resumable code that runs native `code` with its registers as arguments, and shows no
 * stack entry of its own: a direct body suspends into it to run a native that reads the
 * frames of its caller (CodeObj.readsStack), which are then on the heap.
 */
function nativeFrame(code: Code): Code {
  let c = nativeFrames.get(code);
  if (c === undefined) {
    const run = (f: Frame, p: ProcLike): Status => {
      const args = f.r.slice(0, code.arity);
      const v = runNative(p, code, args);
      if (v instanceof TailCall) return enterTarget(p, v.target, v.args, f.up);
      p.x = v;
      return RET;
    };
    c = new CodeObj("", "native", code.arity, "", 0, run, undefined);
    nativeFrames.set(code, c);
  }
  return c;
}

function dtarget(p: ProcLike, target: Fun | Code, args: Term[]): Term {
  if (target instanceof Fun) return dfun(p, target, args);
  return dcode(p, target, args);
}

function dfun(p: ProcLike, fun: Term, args: Term[]): Term {
  if (!(fun instanceof Fun)) throw badFunction(fun);
  if (fun.arity !== args.length) throw badArity(fun, list(args));
  if (fun.code === null && fun.name !== null) return dcode(p, externalCode(p.rt as Runtime, fun, args), args);
  const code = fun.code ?? receivedCode(p.rt as Runtime, fun, args);
  const d = code.direct;
  if (d !== undefined) return callDirectFun(d, p, fun.env, args);
  const regs = args.slice();
  const slots = (code as Code & { envSlots?: number[] }).envSlots;
  if (slots !== undefined) for (let i = 0; i < slots.length; i++) regs[slots[i]] = fun.env[i];
  return suspend(p, code, 0, 0, regs);
}

/** `Mod.fun(args)` from a direct body. */
export function drcall(p: ProcLike, cs: CallSite, args: Term[]): Term {
  const rt = p.rt as Runtime;
  const code = cs.rt === rt && cs.gen === rt.modules.gen ? cs.code! : resolveSite(rt, cs, args);
  return dcode(p, code, args);
}

/** `fun.(args)` from a direct body. */
export function dfcall(p: ProcLike, fun: Term, args: Term[]): Term {
  return dfun(p, fun, args);
}

/** `fun.(a)` from a direct body. */
export function dfcall1(p: ProcLike, fun: Term, a0: Term): Term {
  const code = closureCode(fun, 1);
  if (code !== null && code.direct !== undefined) return code.direct(p, a0, (fun as Fun).env);
  const ext = resolvedExternal(p, fun, 1);
  if (ext !== null) return ext.direct !== undefined ? ext.direct(p, a0) : dcode(p, ext, [a0]);
  return dfun(p, fun, [a0]);
}

const ERLANG = a("erlang");
const PLUS = a("+");
const MINUS = a("-");
const TIMES = a("*");

/** `fun.(a, b)` from a direct body. */
export function dfcall2(p: ProcLike, fun: Term, a0: Term, a1: Term): Term {
  const code = closureCode(fun, 2);
  if (code !== null && code.direct !== undefined) return code.direct(p, a0, a1, (fun as Fun).env);
  // `&+/2`, `&-/2`, `&*/2` (Enum.sum/1 and product/1 reduce with them) of two small integers:
  // the operator's inline form answers as :erlang's native would, without its arguments
  // array and error framing (two small integers cannot fail).
  if (typeof a0 === "number" && typeof a1 === "number" && fun instanceof Fun && fun.module === ERLANG && fun.arity === 2 && fun.code === null) {
    const n = fun.name;
    if (n === PLUS) return add(a0, a1);
    if (n === MINUS) return sub(a0, a1);
    if (n === TIMES) return mul(a0, a1);
  }
  const ext = resolvedExternal(p, fun, 2);
  if (ext !== null) return ext.direct !== undefined ? ext.direct(p, a0, a1) : dcode(p, ext, [a0, a1]);
  return dfun(p, fun, [a0, a1]);
}

/** `mod.fun(args)` from a direct body, the module known only at run time. */
export function dmcall(p: ProcLike, mod: Term, name: string, args: Term[]): Term {
  return dcode(p, dynCode(p, mod, name, args), args);
}

/** Completes a tail-called native: pops to `up` with value v. */
function returnTo(p: ProcLike, up: Frame | null, v: Term): Status {
  p.x = v;
  if (up === null) {
    // The whole process ends with this value: emulate RET from the current frame.
    p.frame.up = null;
    return RET;
  }
  p.frame = up;
  return CONT;
}

export function enterTarget(p: ProcLike, target: Fun | Code, args: Term[], up: Frame | null): Status {
  // (a tail call to what is no fun, apply(:foo, []) say, is BadFunctionError there)
  if (target instanceof Fun || target === null || typeof (target as Partial<Code>).module !== "string") return enterFun(p, target as Term, args, up);
  return enter(p, target, args, up);
}

function enterFun(p: ProcLike, fun: Term, args: Term[], up: Frame | null): Status {
  if (!(fun instanceof Fun)) throw badFunction(fun);
  if (fun.arity !== args.length) throw badArity(fun, list(args));
  if (fun.code === null && fun.name !== null) return enter(p, externalCode(p.rt as Runtime, fun, args), args, up);
  const code = fun.code ?? receivedCode(p.rt as Runtime, fun, args);
  const d = code.direct;
  if (d !== undefined && leave(p, up)) return answered(p, callDirectFun(d, p, fun.env, args), up);
  const f = pushCall(p, code, args, up);
  const slots = (code as Code & { envSlots?: number[] }).envSlots;
  if (slots !== undefined) for (let i = 0; i < slots.length; i++) f.r[slots[i]] = fun.env[i];
  return CALL;
}

/**
 * Whether `module.name/arity` is a library macro the library implements as a function
 * (Integer.is_odd/1, Logger.info/1): a macro, so no function of that name answers a fun or
 * a call whose module is known only at run time (apply/3), as on the BEAM. (Kernel's are
 * the compiler's own and stay callable.)
 */
function macroFunction(module: string, name: string, arity: number): boolean {
  return module !== "Elixir.Kernel" && isLibraryMacro(module, name, arity);
}

/**
 * apply/3's call of `mod.name(args)`; a Kernel macro (to_string/1...) is no function there,
 * as on the BEAM, even if the compiler calls one by that name.
 */
export function applyCall(p: ProcLike, mod: Term, name: Term, args: Term[]): TailCall {
  if (mod instanceof Atom && mod.name === "Elixir.Kernel" && name instanceof Atom && isLibraryMacro(mod.name, name.name, args.length)) {
    const rt = p.rt as Runtime;
    throw undefinedCall(withEntry(rt.modules.undefinedError(mod.name, name.name, args.length), mod.name, name.name, args));
  }
  // (a function named nil: an external fun has no such name, so its call is undefined here,
  // as on the BEAM, where UndefinedFunctionError reads the missing name as "undefined function")
  if (name === null && (mod === null || mod instanceof Atom)) {
    const e = raise("UndefinedFunctionError", { module: mod, function: null, arity: args.length, reason: null, message: null });
    throw undefinedCall(withEntry(e, mod === null ? "nil" : mod.name, "nil", args));
  }
  // (a defined function is entered at once, as the fun would resolve it: proc_lib's
  // init_p_do_apply/3 applies once per process it starts)
  const code = name instanceof Atom ? dynLookup(p.rt as Runtime, mod, name.name, args.length) : null;
  if (code !== null) return new TailCall(code, args);
  return new TailCall(new Fun(args.length, null, [], mod, name), args);
}

/**
 * The code an external fun (`&Mod.fun/n`) stands for, cached on the fun per runtime and
 * module generation (callbacks like `&+/2` are called once per element).
 */
function externalCode(rt: Runtime, fun: Fun, args: Term[]): Code {
  const code = lookupExternal(rt, fun);
  if (code !== null) return code;
  const [m, n] = [atomName(fun.module!), atomName(fun.name!)];
  throw undefinedCall(withEntry(rt.modules.undefinedError(m, n, fun.arity), m, n, args));
}

/** externalCode's lookup and cache: null when the function is not defined. */
function lookupExternal(rt: Runtime, fun: Fun): Code | null {
  const cache = fun as Fun & { _code?: Code; _rt?: Runtime; _gen?: number };
  if (cache._rt === rt && cache._gen === rt.modules.gen) return cache._code!;
  const [m, n] = [atomName(fun.module!), atomName(fun.name!)];
  const code = macroFunction(m, n, fun.arity) ? null : rt.modules.lookup(m, n, fun.arity);
  if (code === null) return null;
  cache._code = code;
  cache._rt = rt;
  cache._gen = rt.modules.gen;
  // (a fun call site of a direct body then calls it as it calls a closure, expr.ts funCall)
  if (code.direct !== undefined) {
    fun.direct = code.direct;
    fun.directGen = rt.modules.gen;
  }
  return code;
}

/**
 * The code of a closure received from another node (dist/funs.ts) that arrived without it:
 * found, as BEAM finds a fun's code, by its module and lambda index once that module is
 * loaded here. A module that is not loaded makes the call undefined (error_handler's
 * undefined_lambda: `undef` with the fun and its arguments as the stack entry); a loaded
 * module without that fun makes it a bad fun.
 */
function receivedCode(rt: Runtime, fun: Fun, args: Term[]): Code {
  const wire = (fun as Fun & { wire?: { module: Atom; index: number } }).wire;
  if (wire === undefined) throw badFunction(fun);
  const def = rt.modules.get(atomName(wire.module));
  if (def === undefined) {
    const e = raise("UndefinedFunctionError", { module: null, function: null, arity: null, reason: null, message: null });
    (e as BeamError & { native?: unknown }).native = [fun, null, args];
    throw e;
  }
  const l = def.lambdas?.get(wire.index);
  if (l === undefined || l.code.arity !== fun.arity + fun.env.length) throw badFunction(fun);
  return l.code;
}

/** `Mod.fun(args)` from frame f (f.pc already points past the call). */
export function rcall(p: ProcLike, f: Frame, cs: CallSite, args: Term[]): Status {
  const rt = p.rt as Runtime;
  const code = cs.rt === rt && cs.gen === rt.modules.gen ? cs.code! : resolveSite(rt, cs, args);
  return enter(p, code, args, f);
}

/** `Mod.fun(args)` in tail position. */
export function rtail(p: ProcLike, f: Frame, cs: CallSite, args: Term[]): Status {
  const rt = p.rt as Runtime;
  const code = cs.rt === rt && cs.gen === rt.modules.gen ? cs.code! : resolveTailSite(rt, cs, args, f);
  return enter(p, code, args, f.up);
}

/** A local (same-module) call to a known Code (compiled code writes the arguments itself). */
export const push = pushFrame;

/** The closure's code when `fun` is a closure of `arity` (the fast path), else null. */
function closureCode(fun: Term, arity: number): (Code & { envSlots?: number[] }) | null {
  return fun instanceof Fun && fun.arity === arity && fun.code !== null && fun.module === null ? fun.code : null;
}

/**
 * The code an external fun of `arity` arguments (`&Mod.fun/arity`) stands for, else null
 * (another fun, or a function that is not defined: the general path raises): a callback
 * called once per element (`Enum.reduce(list, acc, &Mod.fun/2)`) then calls the function's
 * direct body as a closure's (without an arguments array; a named function's direct body
 * takes no environment), or its native, as dfun would after the same checks.
 */
function resolvedExternal(p: ProcLike, fun: Term, arity: number): Code | null {
  if (!(fun instanceof Fun) || fun.arity !== arity || fun.code !== null || fun.name === null) return null;
  return lookupExternal(p.rt as Runtime, fun);
}

/**
 * The direct body of a closure or external fun of `arity` arguments, if it has one: a loop
 * calling the same fun on many elements (Enum.map) calls it as fcall1 would,
 * `d(p, ...args, fun.env)`, without asking again for each element.
 */
export function funDirect(p: ProcLike, fun: Term, arity: number): DirectFn | undefined {
  const code = closureCode(fun, arity) ?? resolvedExternal(p, fun, arity);
  return code === null ? undefined : code.direct;
}

/** `fun.(a)` returning to `up`: registers written directly for closures. */
export function fcall1(p: ProcLike, up: Frame | null, fun: Term, a0: Term): Status {
  const code = closureCode(fun, 1);
  if (code === null) return enterFun(p, fun, [a0], up);
  const d = code.direct;
  if (d !== undefined && leave(p, up)) return answered(p, d(p, a0, (fun as Fun).env), up);
  const r = pushFrame(p, code, up).r;
  r[0] = a0;
  const slots = code.envSlots;
  if (slots !== undefined) for (let i = 0; i < slots.length; i++) r[slots[i]] = (fun as Fun).env[i];
  return CALL;
}

/** `fun.(a, b)` returning to `up`. */
export function fcall2(p: ProcLike, up: Frame | null, fun: Term, a0: Term, a1: Term): Status {
  const code = closureCode(fun, 2);
  if (code === null) return enterFun(p, fun, [a0, a1], up);
  const d = code.direct;
  if (d !== undefined && leave(p, up)) return answered(p, d(p, a0, a1, (fun as Fun).env), up);
  const r = pushFrame(p, code, up).r;
  r[0] = a0;
  r[1] = a1;
  const slots = code.envSlots;
  if (slots !== undefined) for (let i = 0; i < slots.length; i++) r[slots[i]] = (fun as Fun).env[i];
  return CALL;
}

/**
 * The badarg :erlang.apply/3 raises for a module or function name that is not an atom, or
 * arguments that are not a proper list (Elixir words its message from these arguments).
 */
export function badApply(mod: Term, fun: Term, args: Term): BeamError {
  // (the BIF's error_info; the shell blames it further, exception-message.ts blameApply)
  const problems: [number, string][] = [];
  if (!isAtomTerm(mod)) problems.push([1, "not an atom"]);
  if (!isAtomTerm(fun)) problems.push([2, "not an atom"]);
  if (!(args === NIL || args instanceof Cons)) problems.push([3, "not a list"]);
  else if (listToArray(args) === null) problems.push([3, "not a proper list"]);
  const e = (problems.length > 0 ? badArgs(problems) : raise("ArgumentError", { message: "argument error" })) as BeamError & { native?: unknown };
  e.native = [a("erlang"), "apply", [mod, fun, args]];
  return e;
}

const isAtomTerm = (t: Term): boolean => t instanceof Atom || t === null || t === true || t === false;

/** The arguments of apply/3 as an array, or badApply. */
export function applyArgs(mod: Term, fun: Term, args: Term): Term[] {
  const xs = listToArray(args);
  if (xs === null || !isAtomTerm(mod) || !isAtomTerm(fun)) throw badApply(mod, fun, args);
  return xs;
}

/** `fun.(args)` */
export function fcall(p: ProcLike, f: Frame, fun: Term, args: Term[]): Status {
  return enterFun(p, fun, args, f);
}

export function ftail(p: ProcLike, f: Frame, fun: Term, args: Term[]): Status {
  try {
    return enterFun(p, fun, args, f.up);
  } catch (e) {
    throw tailFailure(e, f);
  }
}

/** `mod.fun(args)` with a module known only at run time. */
export function dcall(p: ProcLike, f: Frame, mod: Term, name: string, args: Term[], tail: boolean): Status {
  let code: Code;
  try {
    code = dynCode(p, mod, name, args);
  } catch (e) {
    throw tail ? tailFailure(e, f) : e;
  }
  return enter(p, code, args, tail ? f.up : f);
}

/** The code `mod.name/arity` names, for a call with a module known only at run time. */
function dynCode(p: ProcLike, mod: Term, name: string, args: Term[]): Code {
  const rt = p.rt as Runtime;
  if (!(mod instanceof Atom) && mod !== true && mod !== false && mod !== null) throw badApply(mod, a(name), list(args));
  const code = dynLookup(rt, mod, name, args.length);
  if (code === null) {
    const modName = atomName(mod);
    throw undefinedCall(withEntry(rt.modules.undefinedError(modName, name, args.length), modName, name, args));
  }
  return code;
}

/**
 * rt.modules.lookup for a dynamic call, cached per module atom and arity (callbacks such as a
 * GenServer's `mod.handle_call/3` are called this way on every message); the cache is
 * dropped whenever the runtime's modules change.
 */
export function dynLookup(rt: Runtime, mod: Term, name: string, arity: number): Code | null {
  let e = rt.modules.dynCache.get(mod);
  if (e === undefined || e.gen !== rt.modules.gen) {
    e = { gen: rt.modules.gen, byArity: [] };
    rt.modules.dynCache.set(mod, e);
  }
  let byName = e.byArity[arity];
  if (byName === undefined) byName = e.byArity[arity] = new Map();
  let code = byName.get(name);
  if (code === undefined) {
    const found = macroFunction(atomName(mod), name, arity) ? null : rt.modules.lookup(atomName(mod), name, arity);
    if (found === null) return null;
    byName.set(name, (code = found));
  }
  return code;
}

