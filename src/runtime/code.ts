// Code units and frames: what every piece of executable code is made of (compiled Elixir,
// the prelude, and hand-written resumable natives). How they run — the statuses a Code
// returns and the loops that act on them — is the calling protocol, in protocol.ts.
import type { Status } from "./protocol.js";
import type { Term } from "./term.js";

export { BACK, CALL, CONT, RET, WAIT, YIELD } from "./protocol.js";
export type { Status } from "./protocol.js";

/** The module a script's code (`elixir FILE`) is compiled to on BEAM, by elixir_compiler. */
export const SCRIPT_MODULE = "elixir_compiler_0";

/** A native function: runs to completion in JS; may not call Elixir code. */
export type NativeFn = (args: Term[], p: ProcLike) => Term;

/** The parts of a process that code and natives may touch (process.ts implements it). */
export interface ProcLike {
  /** Current frame. */
  frame: Frame;
  /** Frame pool: `stack[d]` is the frame object reused for call depth d (see pushFrame). */
  stack?: Frame[];
  /** Return-value register. */
  x: Term;
  /** Reductions left in the current slice (machine.ts charges one per call). */
  reds: number;
  /** Reductions the slice may run past its budget (Process.extend; absent: none). */
  extend?: number;
  /** The runtime this process belongs to. */
  rt: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Activations recorded by direct bodies while they suspend (protocol.ts: suspend/materialize). */
  cap?: unknown[];
  /** How much of `cap` holds records (protocol.ts: suspend). */
  capN?: number;
  /** Record arrays for the next deep captures (protocol.ts: spill frames). */
  capPool?: unknown[][];
  /** Set while the activations `cap` holds end in a receive that blocks (protocol.ts: suspendWait). */
  capWait?: boolean;
  /** Set while some activation `cap` holds has try handlers (protocol.ts: materialize). */
  capH?: boolean;
  /** The explicit stack of direct self calls (protocol.ts: XS), made on first use. */
  xs?: unknown[] | null;
  /** Its height. */
  xsN?: number;
  /** While direct bodies suspend: the lowest base of the regions recorded so far (protocol.ts: xregion). */
  xsCut?: number;
}

/**
 * A direct body (protocol.ts): `(p, a0, ...)`, or `(p, a0, ..., env)` for a closure; answers
 * the function's value, or SUSPEND.
 */
export type DirectFn = (p: ProcLike, ...args: any[]) => Term; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Code {
  /** Module, function name and arity, for stack traces and current_function. */
  readonly module: string;
  readonly name: string;
  readonly arity: number;
  readonly file: string;
  /** Line where the function is defined (stack entries before any call has run). */
  readonly line?: number;
  /** Resumable body (compiled or hand-written). Absent for natives. */
  readonly fn?: (f: Frame, p: ProcLike) => Status;
  /** Native body (runs to completion). */
  readonly native?: NativeFn;
  /** The entries (name, arity) of Elixir's functions a native's frame stands for, innermost first (CodeObj). */
  readonly traceAs?: (f: Frame) => [string, number][];
  /** Direct body, when the function has one (protocol.ts). */
  readonly direct?: DirectFn;
}

/**
 * The one concrete shape of every Code object. The dispatch loop reads `code.fn` on every
 * step; giving all codes the same hidden class keeps that property access monomorphic.
 */
export class CodeObj implements Code {
  constructor(
    readonly module: string,
    readonly name: string,
    readonly arity: number,
    readonly file: string,
    readonly line: number,
    readonly fn: ((f: Frame, p: ProcLike) => Status) | undefined,
    readonly native: NativeFn | undefined,
    readonly envSlots: number[] | undefined = undefined,
    /** Index of a compiled function in its unit (the unit's dispatch loop switches on it). */
    readonly ix: number = -1,
    /** Compiled from the library (the prelude), which stands for Elixir's and Erlang's own modules. */
    readonly library: boolean = false,
  ) {
    this.readsStack =
      native !== undefined &&
      ((module === "erlang" && (name === "process_info" || name === "process_display")) || (module === "Elixir.Process" && name === "info"));
  }
  /** Direct body (protocol.ts), set once the unit is linked; absent for most natives. */
  direct: DirectFn | undefined = undefined;
  /** A closure's definition, shared by the funs it makes (fun.ts FunInfo), set once the unit is linked. */
  funInfo: unknown = undefined;
  /** The one fun of a closure that captures nothing (made once the unit is linked). */
  lit: unknown = undefined;
  /**
   * A native standing for several frames of Elixir's functions (a body-recursive one waiting
   * below itself, a fun under the function that called it): their names and arities,
   * innermost first, which a stack trace shows in the native's place.
   */
  traceAs: ((f: Frame) => [string, number][]) | undefined = undefined;
  /** Shell code's erl_eval sites, which its frames' lines name (erl-eval-trace.ts). */
  erlSites: unknown[] | undefined = undefined;
  /** A fun's captured variables that were literals (BEAM's lambda does not take them: its entries' arity is less). */
  literalEnv: number | undefined = undefined;
  /** Compiled code's points inside comprehensions, which its frames' lines name (comprehension-trace.ts). */
  forSites: unknown[] | undefined = undefined;
  /** Code.eval_*'s top level: erl_eval interprets it as a shell fun's body (erl-eval-trace.ts). */
  erlTop = false;
  /**
   * One expression of a several-expression iex input, which IEx evaluates in Enum.reduce/3
   * (an erl_eval top level whose trace ends with that reduce's frame).
   */
  shellItem = false;
  /**
   * A native that reads its caller's frames (process_info of the process itself): a direct
   * body calls it only after its activations are heap frames (calls.ts: dcode).
   */
  readonly readsStack: boolean;
}

/**
 * A library function written as the loop of another (`:"reject_list/2 loop"` in the
 * prelude: the part of Elixir's body-recursive reject_list/2 that beamsh runs with an
 * accumulator, its extra arguments hidden) shows as that function: [name, arity]. Anything
 * else shows as itself.
 */
export function shownAs(c: Code): [string, number] {
  const m = (c as { library?: boolean }).library === true ? LOOP_NAME.exec(c.name) : null;
  return m === null ? [c.name, c.arity] : [m[1], Number(m[2])];
}
const LOOP_NAME = /^(.+)\/(\d+) loop$/;

/** A Code for a native function. */
export function nativeCode(module: string, name: string, arity: number, native: NativeFn): Code {
  return new CodeObj(module, name, arity, "", 0, undefined, native);
}

/** A Code for a hand-written resumable function. */
export function resumableCode(module: string, name: string, arity: number, fn: (f: Frame, p: ProcLike) => Status): Code {
  return new CodeObj(module, name, arity, "", 0, fn, undefined);
}

/** A try/catch handler inside a frame: where to jump when an exception reaches this frame. */
export interface Handler {
  pc: number;
}

/** One activation record: heap-allocated, linked to its caller through `up`. */
export class Frame {
  pc = 0;
  /** Line currently executing (kept up to date at call sites, for stack traces). */
  line = 0;
  /** Active try handlers, innermost last. */
  h: Handler[] | null = null;
  /** Call depth (index in the process's frame pool). */
  depth: number;
  constructor(
    public code: Code,
    /** Registers: arguments first, then locals and temporaries. */
    public r: Term[],
    public up: Frame | null,
  ) {
    this.depth = up === null ? 0 : up.depth + 1;
  }
}

/**
 * A new frame. Every frame is made here, as an object literal: V8 tracks the survival of a
 * literal's allocations and, when most survive, makes them in the old generation directly
 * instead of copying them out of the young one. Pooled frames survive, so it decides that
 * early, and a deep recursion's captured frames (protocol.ts: materialize), which all live
 * until it returns, are then not copied (1,000,000-deep body recursion: about 30% less CPU).
 */
export function newFrame(code: Code, r: Term[], up: Frame | null): Frame {
  return { code, r, up, pc: 0, line: 0, h: null, depth: up === null ? 0 : up.depth + 1 };
}

/**
 * Makes `code` the current frame, called from `up` (the caller; the caller's caller for a
 * tail call). Frame objects and their register arrays are reused per call depth, so a call
 * allocates nothing in the steady state.
 *
 * Invariant: a frame object is referenced only from its process's `up` chain (closures copy
 * values, never frames), so once a frame has returned, the object at its depth is free.
 * Registers are not cleared: compiled code writes every register before reading it.
 */
export function pushFrame(p: ProcLike, code: Code, up: Frame | null): Frame {
  const depth = up === null ? 0 : up.depth + 1;
  const stack = p.stack ?? (p.stack = []);
  let f = stack[depth];
  if (f === undefined) {
    f = newFrame(code, freshRegisters(), up);
    // Keep a few empty slots past the deepest frame: compiled code reads `stack[depth + 1]`
    // inline, and a read past the end would deoptimise it each time recursion goes deeper.
    while (stack.length <= depth + 8) stack.push(undefined as unknown as Frame);
    stack[depth] = f;
  } else {
    f.code = code;
    f.up = up;
    f.pc = 0;
    f.line = 0;
    f.h = null;
  }
  p.frame = f;
  return f;
}

/**
 * A register file for a pooled frame: pre-sized and packed with `undefined`, so the frames
 * every function reuses share one elements kind and in-bounds writes never reallocate.
 */
function freshRegisters(): Term[] {
  return [
    undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined,
    undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined,
  ];
}

/** pushFrame + copy the arguments into the registers. */
export function pushCall(p: ProcLike, code: Code, args: Term[], up: Frame | null): Frame {
  const f = pushFrame(p, code, up);
  const r = f.r;
  for (let i = 0; i < args.length; i++) r[i] = args[i];
  return f;
}

/**
 * Compiled code of the user's (a module's, a script's): shell code's frames are erl_eval's,
 * and the library's are as Elixir's code has them (stdlib/library-frames.ts), where a
 * native may stand for part of a function's body.
 */
export function userCode(c: Code): boolean {
  return c.module !== "" && (c as { library?: boolean }).library !== true;
}
