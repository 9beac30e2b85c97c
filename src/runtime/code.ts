// Code units and frames: the explicit-frame calling convention every piece of executable
// code follows (compiled Elixir, the prelude, and hand-written resumable natives).
//
// A Code's `fn(frame, proc)` runs its frame from `frame.pc` until it must stop, and returns
// a status telling the dispatch loop (machine.ts) what to do next:
//   RET   the frame is done; its result is in `proc.x`. The loop pops to `frame.up`.
//   CALL  a callee frame was pushed (proc.frame is the callee); `frame.pc` is where to resume,
//         and on resumption `proc.x` holds the callee's result. One reduction is charged.
//         A tail call also returns CALL, after replacing the frame (callee.up = frame.up).
//   CONT  keep running proc.frame (it may have changed, e.g. a native returned a value inline).
//   WAIT  the process blocks in `receive`; resume at `frame.pc` when a message or timeout comes.
//   YIELD give up the rest of the slice; resume at `frame.pc` on the next slice.
// Invariant: Elixir code never calls Elixir code through the JS stack; only natives that
// cannot call back into Elixir run as plain JS calls.
import type { Term } from "./term.js";

export const RET = 0;
export const CALL = 1;
export const CONT = 2;
export const WAIT = 3;
export const YIELD = 4;
/** A loop back edge (comprehensions): charged one reduction, then the frame continues. */
export const BACK = 5;
export type Status = 0 | 1 | 2 | 3 | 4 | 5;

/** A native function: runs to completion in JS; may not call Elixir code. */
export type NativeFn = (args: Term[], p: ProcLike) => Term;

/** The parts of a process that code and natives may touch (process.ts implements it). */
export interface ProcLike {
  /** Current frame. */
  frame: Frame;
  /** Return-value register. */
  x: Term;
  /** The runtime this process belongs to. */
  rt: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

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
  constructor(
    public code: Code,
    /** Registers: arguments first, then locals and temporaries. */
    public r: Term[],
    public up: Frame | null,
  ) {}
}
