// Long natives, done in steps. A native runs to completion in JS, so one over a large input
// (sorting 15M elements, building a 30M-element list, reversing 100 MB) would hold the
// scheduler for seconds: no Ctrl+C, no observer, no other process. Such a native checks its
// arguments as usual and then, when the input is large, hands the rest of the work to a
// Code that does it a bounded step at a time, charged in reductions like any code, so the
// scheduler preempts it between steps, as a BEAM BIF traps and resumes.
import { TailCall } from "./calls.js";
import { CodeObj, RET, YIELD } from "./code.js";
import type { Code, Frame, ProcLike, Status } from "./code.js";
import type { Term } from "./term.js";

/** Work a native hands over: `step()` does about STEP_UNITS units and says whether it is done. */
export interface Work {
  step(): boolean;
  result(): Term;
  /** What the work has built so far (the heap watch counts it as the process's). */
  held?(): Term;
}

/** True for a Work handed over (the heap watch looks inside it). */
export function isWork(x: unknown): x is Work {
  return typeof x === "object" && x !== null && typeof (x as Work).step === "function" && typeof (x as Work).result === "function";
}

/** Units (elements, characters) a step does: tens of microseconds. */
export const STEP_UNITS = 8192;
/** Reductions a step is charged (a slice is CONTEXT_REDS = 1000): about a quarter slice. */
const STEP_REDS = 250;

/** Inputs below this many units are done at once (no frame, no steps). */
export const LARGE = 4 * STEP_UNITS;

const codes = new Map<string, Code>();

/** The Code running handed-over work for `module.name/arity` (shown as that function). */
function stepCode(module: string, name: string, arity: number): Code {
  const key = `${module}\0${name}\0${arity}`;
  let c = codes.get(key);
  if (c === undefined) {
    c = new CodeObj(module, name, arity, "", 0, runSteps, undefined);
    codes.set(key, c);
  }
  return c;
}

function runSteps(f: Frame, p: ProcLike): Status {
  const w = f.r[0] as unknown as Work;
  for (;;) {
    let done: boolean;
    try {
      done = w.step();
    } catch (e) {
      // An error found on the way is the native's: raised from its caller's frame, as when
      // the native does the work at once (the stepping frame is no call of its own).
      if (f.up !== null) p.frame = f.up;
      throw e;
    }
    if (done) {
      p.x = w.result();
      f.r[0] = null;
      return RET;
    }
    p.reds -= STEP_REDS;
    if (p.reds <= 0) {
      p.reds = 0;
      return YIELD;
    }
  }
}

/** What a native returns to have `work` done in steps as `module.name/arity`. */
export function inSteps(module: string, name: string, arity: number, work: Work): Term {
  return new TailCall(stepCode(module, name, arity), [work as unknown as Term]) as unknown as Term;
}

/** Runs `work` to the end at once (inputs too small to be worth steps, or callers without a process). */
export function runToEnd(work: Work): Term {
  while (!work.step());
  return work.result();
}
