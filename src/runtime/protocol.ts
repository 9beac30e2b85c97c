// The calling protocol: how executable code, frames and the dispatch loops cooperate. This
// file is its one definition. Every place that runs code follows it through what is here:
// the machine's loop (`run`), the dispatch loop of each compiled unit and the body of each
// compiled function (the `gen*` fragments below, which the compiler writes into generated
// JS), and natives that run a callee themselves (`finishCall`). A new VM design changes
// this file; the compiler and the natives only name what they need from it.
//
// Code and frames (see code.ts). A Code's `fn(frame, proc)` runs its frame from `frame.pc`
// until it must stop, and returns a status telling its caller what to do next:
//   RET   the frame is done; its result is in `proc.x`. The loop pops to `frame.up`.
//   CALL  a callee frame was pushed (proc.frame is the callee); `frame.pc` is where to
//         resume, and on resumption `proc.x` holds the callee's result. One reduction is
//         charged. A tail call also returns CALL, after replacing the frame (callee.up =
//         frame.up).
//   CONT  keep running proc.frame (it may have changed, e.g. a native returned a value inline).
//   WAIT  the process blocks in `receive`; resume at `frame.pc` when a message or timeout comes.
//   YIELD give up the rest of the slice; resume at `frame.pc` on the next slice.
//   BACK  a loop's back edge (comprehensions): charged one reduction, then the frame continues.
// Reductions: `proc.reds` is what is left of the slice; every CALL and BACK costs one, and
// when none are left the process yields (preempted).
// Invariant: Elixir code never calls Elixir code through the JS stack; only natives that
// cannot call back into Elixir run as plain JS calls.
//
// Fast paths (all equivalent to going through `run`): a compiled unit's dispatch loop runs
// the frames of its own functions back to back and returns to `run` only when control
// leaves the unit; a compiled function returns in place to a caller running the same code,
// and continues in place into a call to itself (charging the reduction itself).
import { CodeObj, newFrame, pushFrame, userCode } from "./code.js";
import type { Frame } from "./code.js";
import type { Code, ProcLike } from "./code.js";
import { RunResult } from "./machine.js";
import type { Process } from "./process.js";
import { a } from "./term.js";
import type { Term } from "./term.js";

export const RET = 0;
export const CALL = 1;
export const CONT = 2;
export const WAIT = 3;
export const YIELD = 4;
export const BACK = 5;
export type Status = 0 | 1 | 2 | 3 | 4 | 5;

const NORMAL = a("normal");

/**
 * A receive's `deadline` while it has not blocked: the time it will wait from is read as
 * it blocks (`Process.waitMs` then), not at every receive with an after.
 */
export const DEADLINE_AT_WAIT = -2;

// ---- the machine's loop ----------------------------------------------------------------

/**
 * Runs `p` until it blocks, exits, yields or runs out of reductions (the hot loop, kept
 * free of try/catch so it optimises well: machine.ts catches and unwinds). Compiled code
 * runs inside its unit's own loop (genUnitLoop), which charges reductions to `p.reds`
 * itself and comes back here on a transition to another unit; `p.frame` is then the frame
 * to continue.
 */
export function run(p: Process): RunResult {
  for (;;) {
    const f = p.frame;
    const s = f.code.fn!(f, p);
    if (s === CALL || s === BACK) {
      if (--p.reds <= 0) {
        p.reds = 0;
        return RunResult.Yielded;
      }
    } else if (s === RET) {
      const up = p.frame.up;
      if (up === null) {
        p.exitReason = NORMAL;
        return RunResult.Exited;
      }
      p.frame = up;
    } else if (s === WAIT) {
      // (inside the slice: a seeded run's clock moves only after it)
      if (p.deadline === DEADLINE_AT_WAIT) p.deadline = p.rt.clock.now() + p.waitMs;
      return RunResult.Waiting;
    } else if (s === YIELD) {
      return RunResult.Yielded;
    }
  }
}

// ---- natives that run a callee themselves ------------------------------------------------

/** finishCall's answer when the call completed here: its result is in `p.x`, `f` runs again. */
export const FINISHED = -1;

/**
 * A native running as frame `f` made a call that returned status `s` (fcall1 and friends).
 * When the call completes within this slice, finishes it here, without going back to the
 * machine, and answers FINISHED; otherwise answers the status to return to the machine (the
 * call is under way, the process blocks or yields, or the reductions ran out). A callee
 * frame is run by calling its code's own dispatch loop once (that loop returns here as soon
 * as the callee returns or leaves its unit), and its reduction is charged here, as the
 * machine would.
 */
export function finishCall(p: ProcLike, f: Frame, s: Status): Status | typeof FINISHED {
  if (s === CONT && p.frame === f) {
    // A native ran inline: charge it like a call; when that ends the budget, give up the
    // slice (the native resumes at its pc and takes the result from p.x).
    return --p.reds <= 0 ? YIELD : FINISHED;
  }
  if (s !== CALL) return s;
  if (p.reds <= 1) return CALL;
  p.reds--;
  const g = p.frame;
  const st = g.code.fn!(g, p);
  if (st !== RET) return st;
  if (p.frame.up !== f) return RET;
  p.frame = f;
  return FINISHED;
}

// ---- generated code ----------------------------------------------------------------------
// The compiler writes these fragments into the JS it generates. Names they rely on: `f` the
// running frame, `p` the process, `r` the frame's registers, `SELF` the function's own Code,
// `C[i]` the unit's Codes, labels `L` (the function's pc loop) and `S` (its block switch).

/**
 * The dispatch loop a unit's functions share as their `fn` (U): runs frames of this unit
 * back to back; returns to the machine when control leaves the unit, the process must
 * block or yield, or the reductions run out. `cases` dispatches on `f.code.ix` to the
 * function bodies (`s=F<i>(f,p)`).
 */
export function genUnitLoop(cases: string): string {
  return (
    `function U(f,p){for(;;){let s;switch(f.code.ix){${cases}default:throw new Error("bad code index")}` +
    `if(s===${CALL}||s===${BACK}){if(--p.reds<=0)return ${YIELD};f=p.frame;if(f.code.fn!==U)return ${CONT};}` +
    `else if(s===${RET}){f=p.frame;const up=f.up;if(up===null||up.code.fn!==U)return ${RET};p.frame=f=up;}` +
    `else if(s===${CONT}){f=p.frame;if(f.code.fn!==U)return ${CONT};}` +
    `else return s;}}`
  );
}

/**
 * A compiled function's body: its blocks in a switch on `f.pc` (`cases`); a block that
 * returns leaves the switch (genReturn), and the return is done here, in place, when the
 * caller runs this same code (recursion), else by returning RET to the unit's loop.
 */
export function genFunction(cases: string): string {
  return (
    `function(f,p){let r=f.r;const SELF=f.code;L:for(;;){S:switch(f.pc){\n${cases}\ndefault:throw new Error("bad pc "+f.pc);}` +
    `const up=f.up;if(up===null||up.code!==SELF)return ${RET};f=up;p.frame=up;r=up.r;}}`
  );
}

/** Returns `value` from the function (see genFunction). */
export function genReturn(value: string): string {
  return `p.x=${value};break S;`;
}

/** Returns `value` from a function that has no epilogue (a shell evaluation's top frame). */
export function genReturnNow(value: string): string {
  return `p.x=${value};return ${RET};`;
}

/**
 * A call made by a helper that pushes the callee (or runs a native inline) and answers the
 * status (`statusExpr`, e.g. O.rcall(...)); the function resumes at block `resume`, where
 * `p.x` holds the result.
 */
export function genCall(line: number, resume: number, statusExpr: string): string {
  return `f.line=${line};f.pc=${resume};return ${statusExpr};`;
}

/** A call answered without entering the callee: `value` is its result; the function resumes at `f.pc`. */
export function genAnswered(value: string, resume: number): string {
  return `p.x=${value};${jumpMark(resume)}continue L;`;
}

/**
 * Marks the `continue L;` right after it as a jump to block `k` (its pc already set
 * earlier in the block): the layout (compiler/unit.ts) turns such a jump into a fall-through
 * when block k comes next.
 */
export function jumpMark(k: number): string {
  return `/*>${k}*/`;
}

/** A tail call: the helper replaces the frame and answers the status. */
export function genTailCall(line: number, statusExpr: string): string {
  return `f.line=${line};return ${statusExpr};`;
}

/**
 * A call to a function of the same unit, whose frame `g` is pushed (or, for a tail call, is
 * `f` itself made over) with the arguments in `q`: a call to the function itself continues
 * in place on the callee's frame, charging its reduction here; any other goes through the
 * unit's loop. `enter` is what makes the callee's frame current for a self call.
 */
export function genLocalCallGo(self: boolean, enter = ""): string {
  return self ? `${enter}if(--p.reds<=0)return ${YIELD};continue L;` : `return ${CALL};`;
}

/**
 * Pushes the frame for a call to `code` from `f` (pushFrame of code.ts written out, so the
 * hot path of a local call needs no inlining: the pooled frame at that depth usually
 * already has this code and this caller). Leaves the callee frame in `g` and its registers
 * in `q`.
 */
export function genPushFrame(code: string): string {
  return (
    `let g=p.stack[f.depth+1];if(g===undefined)g=O.push(p,${code},f);` +
    `else{if(g.code!==${code})g.code=${code};if(g.up!==f)g.up=f;g.pc=0;g.line=0;if(g.h!==null)g.h=null;p.frame=g;}const q=g.r;`
  );
}

/** Makes `f` itself the frame of a tail call to `code` (the frame is reused); registers in `q`. */
export function genReuseFrame(code: string): string {
  return `f.code=${code};f.pc=0;f.line=0;f.h=null;const q=r;`;
}

/** Blocks in `receive` (the receive resumes at `f.pc` when a message or its timeout comes). */
export const GEN_WAIT = `return ${WAIT};`;

/** A loop's back edge to block `head` (charged one reduction by the loop that runs it). */
export function genBackEdge(head: number): string {
  return `f.pc=${head};return ${BACK};`;
}

// ---- direct bodies -----------------------------------------------------------------------
// A compiled function may also have a *direct* body (Code.direct): the same clauses as a
// plain JS function of the process and the arguments (`D(p, a0, ...)`; a closure's gets its
// environment last: `D(p, a0, ..., env)`, so that a fun of a named function, whose code
// is the named one, can be called the same way), whose registers are JS locals and whose calls
// to other direct bodies are JS calls returning the callee's value. See
// docs/call-protocol-design.md.
//
// When a process must stop inside direct code (its reductions are spent at a direct body's
// entry, or it calls code that has no direct body: a resumable native, a function with a
// receive or a try), the innermost activation records what it was about to do (`suspend`)
// and returns SUSPEND; every direct caller on the way out records its own activation (its
// resumable body's pc after that call, its registers, its line) and returns SUSPEND too,
// except a tail call's caller, whose activation is over. The resumable code that made the
// outermost direct call then turns the records into heap frames above its own frame
// (`materialize`), and the process continues on heap frames as it always did. A resumable
// body's calls go to direct bodies again, so a suspension costs one resumable step per
// captured activation.
//
// Depth: a direct body charges a reduction on entry, so the JS stack never holds more
// direct activations than one slice's reductions, and a deep recursion becomes heap frames
// a slice at a time. Exceptions: each direct body's catch adds its activation (code, line)
// to the error (`directFrame`), which the machine puts above the heap frames when it
// builds the stack trace (machine.ts). A direct body with a `try` keeps its active handlers
// in a local ($h, like a heap frame's `h`, as one number): its catch goes to the innermost one, and a
// suspension inside a try body gives the heap frame those handlers (suspendH). A receive
// scans the mailbox in the direct body; only when nothing matches does it suspend, and the
// process blocks (suspendWait).

/**
 * A direct body charged the last reduction of its slice: true when the process must stop
 * (suspend), false when the scheduler gave it more reductions and it goes on, its callers
 * still JS activations (Scheduler.extendSlice: nothing else wants to run, and the JS stack
 * has room). Capturing a deep recursion's activations a slice at a time is what a body
 * recursion spends most of its time on otherwise.
 */
export function spent(p: ProcLike): boolean {
  return !(p.extend! > 0) || !p.rt.scheduler.extendSlice(p);
}

/** What a direct body returns when its process must stop (never a term). */
export const SUSPEND = Object.freeze({ suspend: true }) as unknown as Term;

// The recorded activations (`p.cap`, written up to `p.capN`) are flat, innermost first, one
// record per activation: [site, v0 ... v(k-1)] — the Site says what code to continue at which
// pc of its resumable body, its line, its active try handlers (`h`, 0 for none; see
// HANDLER_BASE) and which registers the values are (`live`: a call site records only those
// its continuation may read). No object per activation: a deep recursion records thousands of
// them per slice, and they may all live until it returns. A call site's Site is made once,
// with its unit; other points (a body's entry, a receive, a try's handlers) make one per record.

/**
 * Where a recorded activation continues: its code, the pc of its resumable body, its line,
 * its try handlers, the registers its record holds (`live`, in order) out of `nslots`, and
 * whether its direct body restores itself from the record (RESUME: a call site of a function
 * that makes body calls).
 */
export class Site {
  constructor(
    readonly code: Code,
    readonly pc: number,
    readonly line: number,
    readonly h: number,
    readonly live: readonly number[],
    readonly nslots: number,
    readonly resumes: boolean = false,
  ) {}
  /**
   * The call site's continuation as a function of its record and the callee's value, when
   * it makes no call (it cannot suspend): a spill frame runs it in place (runSpill).
   */
  k: ((p: ProcLike, c: unknown[], i: number, x: Term) => Term) | null = null;
}

/** [0, 1, ..., n-1], shared. */
const ALL: number[][] = [];
function allRegs(n: number): number[] {
  let l = ALL[n];
  if (l === undefined) {
    l = [];
    for (let i = 0; i < n; i++) l.push(i);
    ALL[n] = l;
  }
  return l;
}

/** How many slots the record at c[i] takes. */
function recordSize(c: unknown[], i: number): number {
  return 1 + (c[i] as Site).live.length;
}

/** Most registers a direct body passes to `sus` one by one (more go as an array). */
export const SUS_MAX_REGS = 8;

/**
 * Records an activation of `code` that is to continue at `pc` of its resumable body with
 * registers `regs` (see above), and answers SUSPEND.
 */
export function suspend(p: ProcLike, code: Code, pc: number, line: number, regs: Term[]): Term {
  return record(p, code, pc, line, 0, regs);
}

function record(p: ProcLike, code: Code, pc: number, line: number, h: number, regs: Term[]): Term {
  const c = p.cap ?? (p.cap = []);
  const i = p.capN ?? 0;
  const n = regs.length;
  c[i] = new Site(code, pc, line, h, allRegs(n), n);
  if (h !== 0) p.capH = true;
  for (let j = 0; j < n; j++) c[i + 1 + j] = regs[j];
  p.capN = i + 1 + n;
  return SUSPEND;
}

/**
 * suspend for a direct body of at most SUS_MAX_REGS registers, given one by one (`n` of
 * them), with its active try handlers `h`: what generated code calls.
 */
export function sus(p: ProcLike, code: Code, pc: number, line: number, h: number, n: number, a0?: Term, a1?: Term, a2?: Term, a3?: Term, a4?: Term, a5?: Term, a6?: Term, a7?: Term): Term {
  const c = p.cap ?? (p.cap = []);
  const i = p.capN ?? 0;
  c[i] = new Site(code, pc, line, h, allRegs(n), n);
  if (h !== 0) p.capH = true;
  if (n > 0) {
    c[i + 1] = a0;
    if (n > 1) {
      c[i + 2] = a1;
      if (n > 2) {
        c[i + 3] = a2;
        if (n > 3) {
          c[i + 4] = a3;
          if (n > 4) {
            c[i + 5] = a4;
            if (n > 5) {
              c[i + 6] = a5;
              if (n > 6) {
                c[i + 7] = a6;
                if (n > 7) c[i + 8] = a7;
              }
            }
          }
        }
      }
    }
  }
  p.capN = i + 1 + n;
  return SUSPEND;
}

// A call site's record (its Site made with the unit): sc0 ... sc4 take the live registers one
// by one, scN as an array; scH, of a function with try, makes a Site of its own when handlers
// are active.
export function sc0(p: ProcLike, s: Site): Term {
  const c = p.cap ?? (p.cap = []);
  const i = p.capN ?? 0;
  c[i] = s;
  p.capN = i + 1;
  return SUSPEND;
}
export function sc1(p: ProcLike, s: Site, a0: Term): Term {
  const c = p.cap ?? (p.cap = []);
  const i = p.capN ?? 0;
  c[i] = s;
  c[i + 1] = a0;
  p.capN = i + 2;
  return SUSPEND;
}
export function sc2(p: ProcLike, s: Site, a0: Term, a1: Term): Term {
  const c = p.cap ?? (p.cap = []);
  const i = p.capN ?? 0;
  c[i] = s;
  c[i + 1] = a0;
  c[i + 2] = a1;
  p.capN = i + 3;
  return SUSPEND;
}
export function sc3(p: ProcLike, s: Site, a0: Term, a1: Term, a2: Term): Term {
  const c = p.cap ?? (p.cap = []);
  const i = p.capN ?? 0;
  c[i] = s;
  c[i + 1] = a0;
  c[i + 2] = a1;
  c[i + 3] = a2;
  p.capN = i + 4;
  return SUSPEND;
}
export function sc4(p: ProcLike, s: Site, a0: Term, a1: Term, a2: Term, a3: Term): Term {
  const c = p.cap ?? (p.cap = []);
  const i = p.capN ?? 0;
  c[i] = s;
  c[i + 1] = a0;
  c[i + 2] = a1;
  c[i + 3] = a2;
  c[i + 4] = a3;
  p.capN = i + 5;
  return SUSPEND;
}
export function scN(p: ProcLike, s: Site, regs: Term[]): Term {
  const c = p.cap ?? (p.cap = []);
  const i = p.capN ?? 0;
  c[i] = s;
  const n = regs.length;
  for (let j = 0; j < n; j++) c[i + 1 + j] = regs[j];
  p.capN = i + 1 + n;
  return SUSPEND;
}
export function scH(p: ProcLike, s: Site, h: number, regs: Term[]): Term {
  if (h === 0) return scN(p, s, regs);
  p.capH = true;
  return scN(p, new Site(s.code, s.pc, s.line, h, s.live, s.nslots, s.resumes), regs);
}

// ---- self calls on an explicit stack -------------------------------------------------------
// A direct body's non-tail call to itself (`h + sum(t)`) does not make a JS call: it pushes
// its activation's record onto the process's explicit stack (`p.xs`, up to `p.xsN`: the
// registers its call site's continuation reads, [v0 ... v(k-1)], innermost on top; a
// continuation that reads none still takes one slot, so that records can be counted) and
// jumps back to its own entry with the new arguments, charging the reduction as any call.
// A function has at most one such call site (unit.ts xsMode), so a record need not say
// which site it is: what reads records knows it from the region they lie in (xregion) or
// is that site's own body. Where the body would return a value, it pops the innermost record
// of its own instead, restores those registers and goes on at the site's continuation with
// the value; only when none is left does it return. The descent of a body recursion is a
// loop that writes one slot per level (`h` of `h + sum(t)`), its return a loop that reads
// them: a slot for the Site as well made both a third slower (memory traffic, on a
// 1,000,000-deep recursion).
//
// Every JS activation keeps to its own part of the stack (above `$b`) and leaves it as it
// found it when it returns (all popped) or throws (each record becomes an activation of the
// stack trace, as a JS activation's catch adds itself: xunwind). When it suspends, its
// records stay where they are: it records one *region* (xregion: its call site and the
// records' bounds) where its activation's record would go, and materialize makes that a frame like any
// other (or part of a spill frame). Run, a region frame enters the code's direct body in
// *pop mode* (runRegion), which pops the region's records one by one as above, on the JS
// stack; it suspends again as a new region for what is left. So a 1,000,000-deep recursion
// suspended a slice at a time leaves 1,000 region frames over one array, nothing copied.
// Regions lie on the stack in the order of their frames (the innermost on top); an exception
// that discards region frames lowers the height to the lowest of them (machine.ts unwind),
// and a frame reading that turns a topmost region into ordinary frames (explodeSpills) gives
// its records back.

/** Slots a record of self-call site `s` takes on `p.xs` (see above). */
export function xsRecordSlots(s: { live: readonly number[] }): number {
  return s.live.length === 0 ? 1 : s.live.length;
}

/**
 * Marks where the records of a suspended direct body with self calls on `p.xs` lie: its `k`
 * slots below the regions its callees recorded (or the top), records of its self-call site
 * `site`. Answers SUSPEND.
 */
export function xregion(p: ProcLike, site: Site, k: number): Term {
  const cut = p.xsCut!;
  const top = p.xsN! < cut ? p.xsN! : cut;
  const b = top - k;
  if (k > 0) {
    const c = p.cap ?? (p.cap = []);
    const i = p.capN ?? 0;
    c[i] = regionSite();
    c[i + 1] = b;
    c[i + 2] = top;
    c[i + 3] = site;
    c[i + 4] = p;
    p.capN = i + 5;
  }
  p.xsCut = b;
  return SUSPEND;
}

/**
 * An exception leaves a direct body that had `k` slots of self-call records (of its call site
 * `s`) on top of `p.xs`: each is an activation of its stack trace (its code, at its call's
 * line), innermost first, after the body's own (directFrame). Answers the exception.
 */
export function xunwind(e: unknown, p: ProcLike, k: number, s: Site): unknown {
  if (k === 0) return e;
  const b = p.xsN! - k;
  p.xsN = b;
  if (e === null || typeof e !== "object") return e;
  const t = e as { directFrames?: unknown[] };
  const d = t.directFrames ?? (t.directFrames = []);
  for (let n = xsRecordSlots(s); k > 0; k -= n) d.push(s.code, s.line);
  return e;
}

/** The code of region frames (see above), and the Site of their records. Made on first use. */
let REGION: Code | undefined;
let REGION_SITE: Site | undefined;

function regionCode(): Code {
  return REGION ?? (REGION = new CodeObj("", "region", 0, "", 0, runRegion, undefined));
}

function regionSite(): Site {
  return REGION_SITE ?? (REGION_SITE = new Site(regionCode(), 0, 0, 0, [0, 1, 2, 3], 4));
}

/** Whether `f` is a region frame: registers [base, top, site, process]. */
export function isRegion(f: Frame): boolean {
  return f.code === REGION && REGION !== undefined;
}

/** Runs a region frame: its code's direct body pops its records (pop mode, RESUME.i = -2). */
function runRegion(f: Frame, p: ProcLike): Status {
  const r = f.r as unknown[];
  const code = (r[2] as Site).code;
  // (whatever lay above it is gone: an exception discarded it, or a frame reading took it)
  p.xsN = r[1] as number;
  p.frame = f.up!;
  RESUME.i = -2;
  RESUME.k = (r[1] as number) - (r[0] as number);
  RESUME.reds = p.reds;
  p.reds = 0;
  const x = code.direct!(p);
  if (x === SUSPEND) return materialize(p, f.up);
  p.frame = f;
  p.x = x;
  return RET;
}

/** The activations of a region frame, innermost first: [code, line, registers]. */
function regionActivations(f: Frame): [Code, number, number, Term[]][] {
  const r = f.r as unknown[];
  const b = r[0] as number;
  const s = r[2] as Site;
  const a = (r[3] as ProcLike).xs!;
  const out: [Code, number, number, Term[]][] = [];
  const k = s.live.length;
  for (let n = r[1] as number, m = xsRecordSlots(s); n > b; ) {
    n -= m;
    const regs = new Array<Term>(s.nslots).fill(undefined as unknown as Term);
    for (let j = 0; j < k; j++) regs[s.live[j]] = a[n + j] as Term;
    out.push([s.code, s.pc, s.line, regs]);
  }
  return out;
}

/** sus for a receive that found nothing to take (see suspendWait). */
export function susWait(p: ProcLike, code: Code, pc: number, line: number, h: number, n: number, a0?: Term, a1?: Term, a2?: Term, a3?: Term, a4?: Term, a5?: Term, a6?: Term, a7?: Term): Term {
  p.capWait = true;
  return sus(p, code, pc, line, h, n, a0, a1, a2, a3, a4, a5, a6, a7);
}

/**
 * A direct body's active try handlers are one number (no array to allocate as a try is
 * entered): each handler's pc + 1 is a digit in base HANDLER_BASE, the innermost lowest; 0
 * is none. A function whose blocks or handler nesting do not fit gets no direct body
 * (unit.ts: directCapable).
 */
export const HANDLER_BASE = 8192;
/** Most handlers a direct body may have active at once (4 digits fit a double exactly). */
export const MAX_DIRECT_HANDLERS = 4;

/** The handlers of such a number as a heap frame keeps them (innermost last). */
function handlersOf(h: number): { pc: number }[] {
  const hs: { pc: number }[] = [];
  for (; h !== 0; h = Math.floor(h / HANDLER_BASE)) hs.unshift({ pc: (h % HANDLER_BASE) - 1 });
  return hs;
}

/**
 * suspend, for an activation whose try handlers `h` (their pcs in its resumable body,
 * innermost last) are active: its heap frame gets them, so an exception raised after the
 * suspension still reaches them.
 */
export function suspendH(p: ProcLike, code: Code, pc: number, line: number, regs: Term[], h: number): Term {
  return record(p, code, pc, line, h, regs);
}

/**
 * A direct body's receive found no message and has not timed out: records the activation
 * at its scanning block (`pc`), and the process blocks once its activations are heap frames
 * (materialize answers WAIT).
 */
export function suspendWait(p: ProcLike, code: Code, pc: number, line: number, regs: Term[], h: number): Term {
  p.capWait = true;
  return record(p, code, pc, line, h, regs);
}

/** Where each recorded activation starts (materialize's scratch list). */
const starts: number[] = [];

/**
 * Makes heap frames of the activations `suspend` recorded, the outermost called from `up`
 * (the resumable caller, or its caller for a tail call); the innermost becomes `p.frame`.
 * Answers the status for the resumable code to return: WAIT when the innermost activation
 * is a receive with nothing to take (suspendWait), YIELD when the slice is spent (the direct
 * body that stopped charged the reduction already), else CALL (the innermost frame is a
 * callee to enter, charged as any call).
 *
 * A deep capture (a body recursion suspended a slice at a time) keeps its outer
 * activations in the record array, behind spill frames (below), which make them frames one
 * at a time as the recursion returns into them. Only runs of activations without try
 * handlers are spilled, so unwinding never needs to look inside a spill frame.
 */
export function materialize(p: ProcLike, up: Frame | null): Status {
  const c = p.cap!;
  const end = p.capN!;
  const stack = p.stack!;
  let f = up;
  let spilled = false;
  const first = recordSize(c, 0);
  if (p.capH !== true && end - first >= SPILL_MIN * 2) {
    // No activation has try handlers, and there are many: all but the innermost go to one
    // spill frame as they are (no need to find where each record starts).
    const s = newFrame(spillCode(), c as Term[], up);
    s.pc = first;
    s.line = end;
    frameOf(p, stack, c, 0, s);
    spilled = true;
  } else {
    starts.length = 0;
    for (let i = 0; i < end; i += recordSize(c, i)) starts.push(i);
    // starts[k]: the k-th activation from the innermost; runs of unhandled ones from `hi` down
    let hi = starts.length - 1;
    for (let k = hi; k >= 1; k--) {
      if ((c[starts[k]] as Site).h === 0) continue;
      if (hi > k) f = spillOrFrames(p, stack, c, k + 1, hi, f) ?? f;
      f = frameOf(p, stack, c, starts[k], f);
      hi = k - 1;
    }
    if (hi >= 1) f = spillOrFrames(p, stack, c, 1, hi, f) ?? f;
    frameOf(p, stack, c, 0, f);
    if (spilledNow) {
      spilledNow = false;
      spilled = true;
    }
  }
  p.capN = 0;
  p.capH = false;
  p.xsCut = Infinity;
  // (a spill frame keeps the array: the next capture writes to another)
  if (spilled) p.cap = p.capPool?.pop() ?? newChunk();
  if (p.capWait === true) {
    p.capWait = false;
    return WAIT;
  }
  return p.reds <= 0 ? YIELD : CALL;
}

/** Set by spillOrFrames when it made a spill frame. */
let spilledNow = false;

/**
 * The activations starts[lo..hi] (hi outermost) above `up`: one spill frame when there are
 * enough of them, else a frame each. Answers the innermost frame made.
 */
function spillOrFrames(p: ProcLike, stack: Frame[], c: unknown[], lo: number, hi: number, up: Frame | null): Frame | null {
  if (hi - lo + 1 >= SPILL_MIN) {
    spilledNow = true;
    const last = starts[hi];
    const f = newFrame(spillCode(), c as Term[], up);
    f.pc = starts[lo];
    f.line = last + recordSize(c, last);
    return f;
  }
  let f = up;
  for (let k = hi; k >= lo; k--) f = frameOf(p, stack, c, starts[k], f);
  return f;
}

/** A heap frame for the activation recorded at c[i], called from `up`; made `p.frame`. */
function frameOf(p: ProcLike, stack: Frame[], c: unknown[], i: number, up: Frame | null): Frame {
  const s = c[i] as Site;
  let f: Frame;
  const depth = up === null ? 0 : up.depth + 1;
  if (stack[depth] === undefined && depth >= POOLED_DEPTH) {
    // Deeper than the pool reaches: a frame of its own (not pooled, so it is garbage once
    // it returns).
    f = newFrame(s.code, registersOf(c, i), up);
    p.frame = f;
  } else {
    // (a shallow depth the pool has not reached yet gets its pooled frame now: a process
    // that suspends over and over at the same few depths, a client of a server blocking in
    // each call, would otherwise make new frames and register arrays every time)
    f = pushFrame(p, s.code, up);
    placeRegisters(c, i, f.r);
  }
  f.pc = s.pc;
  f.line = s.line;
  if (s.h !== 0) f.h = handlersOf(s.h);
  return f;
}

/**
 * Depths below which materialize makes pooled frames even where the pool has not reached
 * (pushFrame adds them); deeper activations get frames of their own.
 */
const POOLED_DEPTH = 256;

/** Writes the registers the record at c[i] holds into `r` (the others are dead there). */
function placeRegisters(c: unknown[], i: number, r: Term[]): void {
  const live = (c[i] as Site).live;
  for (let j = 0; j < live.length; j++) r[live[j]] = c[i + 1 + j] as Term;
}

/** A register array of its own for the record at c[i]. */
function registersOf(c: unknown[], i: number): Term[] {
  const r = new Array<Term>((c[i] as Site).nslots).fill(undefined as unknown as Term);
  placeRegisters(c, i, r);
  return r;
}

// ---- spill frames ------------------------------------------------------------------------
// A deep recursion suspended a slice at a time records thousands of activations per slice.
// Making each a heap frame (an object, plus its registers) was most of what a 1,000,000-deep
// body recursion cost: they all live until it returns, so the collector moves them. A spill
// frame stands for a run of them instead: its registers are the record array itself (`r`),
// `pc` is where the innermost record still to run starts and `line` where the run ends. When
// the frame above it returns, the spill frame's code (runSpill) runs the next activation:
// its call site's continuation (Site.k: the rest of a body that makes no further call, such
// as `h + sum(t)`, run in the spill frame's own loop), else back in its direct body
// (RESUME), or, for code without one that resumes, as a (pooled) frame above it; when none
// is left it returns the value it was given,
// and its array goes back to the process's pool (`capPool`), for the next deep capture: a
// recursion that goes deep again reuses them instead of allocating (and copying) new ones.
// A process that blocks in a receive lets the pool go (scheduler.ts).
//
// Whatever reads a process's frames other than to run them (stack traces, process_info,
// the observer) turns the spill frames it meets back into ordinary frames (explodeSpills),
// which is what materialize made of them before; the heap watch counts them as they are.

/** Fewest activations a capture spills (fewer become frames at once). */
const SPILL_MIN = 64;

/**
 * Slots of a record array given to a process after its last one went to a spill frame: one
 * slice's capture fits (1,000 activations of up to 11 registers), and the array is big
 * enough for V8 to allocate it outside the young generation, where it is never copied.
 */
const CHUNK = 16_384;

function newChunk(): unknown[] {
  return new Array(CHUNK).fill(undefined);
}

/** Record arrays a process keeps for its next deep captures. */
const POOL_MAX = 4096;

/**
 * The spill frames' code: runs their activations, innermost first (see above). Made on first
 * use (code.ts and this file import each other).
 */
let SPILL: Code | undefined;

function spillCode(): Code {
  return SPILL ?? (SPILL = new CodeObj("", "spill", 0, "", 0, runSpill, undefined));
}

/** Whether `f` is a spill frame. */
export function isSpill(f: Frame): boolean {
  return f.code === SPILL && SPILL !== undefined;
}

/**
 * A recorded activation to be resumed by entering its direct body (runSpill): the record
 * array and where the record starts (-1: none), and the slice's reductions, which the
 * resumer sets aside so that the body's entry takes its slow path, where it restores itself
 * from the record (genDirectRestore) instead of starting afresh. Only one is ever pending:
 * the body's entry takes it at once.
 */
export const RESUME: { c: unknown[]; i: number; reds: number; k: number } = { c: [], i: -1, reds: 0, k: 0 };
const NO_RECORDS: unknown[] = [];

function runSpill(s: Frame, p: ProcLike): Status {
  const c = s.r as unknown[];
  const end = s.line;
  for (let i = s.pc; i < end; ) {
    const site = c[i] as Site;
    const code = site.code;
    const k = site.k;
    if (k !== null) {
      // A continuation that makes no call: run here, with no frame and no dispatch; the
      // same site's records one after another (a body recursion's) in one loop.
      const n = 1 + site.live.length;
      let x = p.x;
      do {
        const at = i;
        s.pc = i += n;
        x = k(p, c, at, x);
      } while (i < end && c[i] === site && s.code === SPILL);
      p.x = x;
      if (s.code !== SPILL) {
        p.frame = s;
        return CONT;
      }
      continue;
    }
    if (site.resumes) {
      // Straight back into its direct body, on the JS stack: no frame, no dispatch.
      RESUME.c = c;
      RESUME.i = i;
      s.pc = i += 1 + site.live.length;
      RESUME.reds = p.reds;
      p.reds = 0;
      const x = code.direct!(p);
      RESUME.c = NO_RECORDS;
      if (x === SUSPEND) return materialize(p, s);
      p.x = x;
      if (s.code !== SPILL) {
        // Something made this frame ordinary meanwhile (explodeSpills): it is now the next
        // activation, to be run with this value.
        p.frame = s;
        return CONT;
      }
      continue;
    }
    const f = pushFrame(p, code, s);
    placeRegisters(c, i, f.r);
    f.pc = site.pc;
    f.line = site.line;
    s.pc = i += 1 + site.live.length;
    const st = code.fn!(f, p);
    // The activation returned to this frame: on to the next one, its callee's value in p.x.
    // (Unless something read the frames meanwhile and made this one ordinary: explodeSpills.)
    if (st !== RET || p.frame.up !== s || !isSpill(s)) return st;
  }
  // All done: the array is free (nothing else refers to it once this frame is gone).
  const pool = p.capPool ?? (p.capPool = []);
  if (pool.length < POOL_MAX && c.length >= CHUNK) pool.push(c);
  s.r = [];
  s.line = s.pc = 0;
  p.frame = s;
  return RET;
}

/**
 * Turns the spill frames among the first `max` frames from `top` into ordinary frames (in
 * place: a spill frame becomes its innermost activation, so the frame above it keeps its
 * `up`). For what reads frames other than to run them.
 */
export function explodeSpills(top: Frame | null, max = Infinity): void {
  let above: Frame | null = null;
  for (let f = top, n = 0; f !== null && n < max; above = f, f = f.up, n++) {
    if (isRegion(f)) {
      explodeRegion(f);
      continue;
    }
    if (!isSpill(f)) continue;
    const c = f.r as unknown[];
    const from = f.pc;
    if (from >= f.line) {
      // Nothing left to run (its last activation is running): the frame only passes the
      // value on, so it leaves the chain (runSpill sees that it is no longer below).
      if (above !== null) {
        above.up = f.up;
        f = above;
      } else {
        f.code = PASS ?? (PASS = new CodeObj("", "spill", 0, "", 0, () => RET, undefined));
        f.r = [];
      }
      continue;
    }
    const at: number[] = [];
    for (let i = from; i < f.line; i += recordSize(c, i)) at.push(i);
    let up = f.up;
    for (let k = at.length - 1; k >= 1; k--) {
      const i = at[k];
      const site = c[i] as Site;
      up = newFrame(site.code, registersOf(c, i), up);
      up.pc = site.pc;
      up.line = site.line;
    }
    const site = c[from] as Site;
    f.code = site.code;
    f.r = registersOf(c, from);
    f.pc = site.pc;
    f.line = site.line;
    f.up = up;
  }
}

/**
 * The lowest base on the explicit stack of the regions frame `f` stands for (a region frame,
 * or a spill frame holding region records), or Infinity.
 */
export function regionBase(f: Frame): number {
  if (isRegion(f)) return (f.r as unknown[])[0] as number;
  if (!isSpill(f) || REGION_SITE === undefined) return Infinity;
  const c = f.r as unknown[];
  let b = Infinity;
  for (let i = f.pc; i < f.line; i += recordSize(c, i)) if (c[i] === REGION_SITE && (c[i + 1] as number) < b) b = c[i + 1] as number;
  return b;
}

/** Makes a region frame its innermost activation, above frames of the others (explodeSpills). */
function explodeRegion(f: Frame): void {
  const acts = regionActivations(f);
  const r = f.r as unknown[];
  const p = r[3] as ProcLike;
  // (a topmost region gives its records back: they are frames now)
  if (p.xsN === r[1]) p.xsN = r[0] as number;
  let up = f.up;
  for (let k = acts.length - 1; k >= 1; k--) {
    const [code, pc, line, regs] = acts[k];
    up = newFrame(code, regs, up);
    up.pc = pc;
    up.line = line;
  }
  const [code, pc, line, regs] = acts[0];
  f.code = code;
  f.r = regs;
  f.pc = pc;
  f.line = line;
  f.up = up;
}

/**
 * Lets go of the record arrays a process keeps for deep captures (it blocked in a receive:
 * whatever recursion filled them is over or will be resumed from its spill frames).
 */
export function releaseRecordArrays(p: ProcLike): void {
  p.capPool = undefined;
  if (p.xsN === 0) p.xs = null;
  if (p.cap !== undefined && p.cap.length >= CHUNK && p.capN === 0) p.cap = undefined;
}

/** A frame that returns the value its callee returned (an emptied spill frame, exploded). */
let PASS: Code | undefined;

/** The activations a spill frame stands for (1 for any other frame). */
export function activationsIn(f: Frame): number {
  if (isRegion(f)) return regionCount(f.r as unknown[], 0);
  if (!isSpill(f)) return 1;
  const c = f.r as unknown[];
  let n = 0;
  for (let i = f.pc; i < f.line; i += recordSize(c, i)) n += c[i] === REGION_SITE ? regionSize(c, i) : 1;
  return n;
}

/** How many activations the region record at c[i] stands for. */
function regionSize(c: unknown[], i: number): number {
  return regionCount(c, i + 1);
}

/** How many records the region [base, top, site, process] at r[i] holds. */
function regionCount(r: unknown[], i: number): number {
  return Math.ceil(((r[i + 1] as number) - (r[i] as number)) / xsRecordSlots(r[i + 2] as Site));
}

/** The code and registers of each activation a spill or region frame stands for, innermost first. */
export function* spilledActivations(f: Frame): Generator<[Code, Term[]]> {
  if (isRegion(f)) {
    for (const [code, , , regs] of regionActivations(f)) yield [code, regs];
    return;
  }
  const c = f.r as unknown[];
  for (let i = f.pc; i < f.line; i += recordSize(c, i)) {
    if (c[i] === REGION_SITE) {
      for (const [code, , , regs] of regionActivations(newFrame(regionCode(), c.slice(i + 1, i + 5) as Term[], null))) yield [code, regs];
    } else yield [(c[i] as Site).code, c.slice(i + 1, i + recordSize(c, i)) as Term[]];
  }
}

/**
 * A direct activation the exception `e` passed through, for its stack trace (innermost
 * first). `line` is `~L` while the activation makes a tail call at line L: its frame is
 * gone on BEAM once the callee runs, so it is left out when the callee has recorded itself,
 * and kept when the error came from the call itself (a native raising, an undefined
 * function), as the resumable path keeps it.
 */
export function directFrame(e: unknown, code: Code, line: number): unknown {
  if (e !== null && typeof e === "object") {
    const t = e as { directFrames?: unknown[]; fromCall?: boolean };
    if (line < 0) {
      if (t.directFrames !== undefined && t.directFrames.length > 0) return e;
      // A tail call to an undefined function: the error handler runs in this frame's place
      // (and in that of every tail caller below it, until a frame that made a body call).
      if (t.fromCall === true) return e;
      // A native standing for a function with a frame of its own (not a BIF) raised: that
      // function had replaced this frame (calls.ts hasOwnFrame). Shell code's are erl_eval's.
      if ((t as { ownFrame?: boolean }).ownFrame === true && userCode(code)) return e;
      line = ~line;
    }
    (t.directFrames ?? (t.directFrames = [])).push(code, line);
  }
  return e;
}

/**
 * The frames for a stack trace of an exception thrown while `top` was the current heap
 * frame: the direct activations it passed through (innermost first) above `top`.
 */
export function withDirectFrames(top: Frame | null, e: unknown): Frame | null {
  const d = (e as { directFrames?: unknown[] }).directFrames;
  if (d === undefined) return top;
  let f = top;
  for (let i = d.length - 2; i >= 0; i -= 2) {
    f = newFrame(d[i] as Code, [], f);
    f.line = d[i + 1] as number;
  }
  (e as { directFrames?: unknown[] }).directFrames = undefined;
  return f;
}

/** The rewriting of toDirect without its check (for the protocol's own pieces). */
export function directVocabulary(text: string, codeRef: string): string {
  return text
    .replace(/\br\[(\d+)\]/g, "r$$$1")
    .replace(/\bp\.x\b/g, "$$x")
    .replace(/\bf\.pc=/g, "$$pc=")
    .replace(/\bf\.line=/g, "$$ln=")
    .replace(/\bSELF\b/g, codeRef);
}

/** SUSPEND as generated code names it. */
export const D_SUSP = "O.SUSPEND";

/**
 * A direct body around its blocks. Its own JS locals are named with a `$` (registers `r$N`,
 * the result `$x`, the resume point `$pc`, the line `$ln`, the closure environment `$E`),
 * which no other generated code uses; `cases` are its blocks, in that vocabulary.
 */
export function genDirectFunction(codeRef: string, arity: number, nslots: number, envSlots: number[] | undefined, cases: string, hasTry = false, sites: readonly DirectSite[] = [], xsites: readonly DirectSite[] = []): string {
  // (only an activation that made a body call is ever resumed from a record: see RESUME)
  const resumes = envSlots === undefined && sites.length > 0;
  const xs = xsites.length > 0 && !hasTry && envSlots === undefined;
  // (records on the explicit stack do not name their site: one per function, see XS)
  if (xs && xsites.some((s) => s !== xsites[0])) throw new Error("internal compiler error: two self-call sites on the explicit stack");
  const params: string[] = [];
  for (let i = 0; i < arity; i++) params.push(`r$${i}`);
  // (how deep this activation is in self calls made as JS calls: see XS_JS_DEPTH; absent
  // from other callers, or the environment of a fun of this named function, empty)
  if (xs) params.push("$d");
  const locals: string[] = [];
  for (let i = arity; i < nslots; i++) {
    const e = envSlots === undefined ? -1 : envSlots.indexOf(i);
    locals.push(e >= 0 ? `r$${i}=$E[${e}]` : `r$${i}`);
  }
  locals.push("$x", "$pc=0", "$ln=0");
  if (hasTry) locals.push("$h=0", "$exc=null", "$c=null", "$cl=0");
  // ($k: the slots of this activation's records on the explicit stack)
  if (xs) locals.push("$k=0");
  // (pop mode: a region frame runs the records it stands for, see XS)
  const popMode = xs ? `if(O.RESUME.i===-2){O.RESUME.i=-1;p.reds=O.RESUME.reds;$k=O.RESUME.k;$x=p.x;$pc=-1;}else ` : "";
  const head =
    `function(${["p", ...params, ...(envSlots === undefined ? [] : ["$E"])].join(",")}){let ${locals.join(",")};` +
    (xs ? "$d=$d|0;" : "") +
    (resumes || xs
      ? `if(--p.reds<=0){${popMode}${resumes ? `if(O.RESUME.i>=0){${genDirectRestore(sites, hasTry)}}else ` : ""}if(O.spent(p))return ${genDirectSuspend(codeRef, "0", "0", "0", nslots)};}`
      : `if(--p.reds<=0&&O.spent(p))return ${genDirectSuspend(codeRef, "0", "0", "0", nslots)};`);
  const body = `try{L:for(;;){S:switch($pc){\n${cases}\n${xs ? "case -1:break S;" : ""}default:throw new Error("bad pc "+$pc);}${xs ? genDirectPop(xsites) : ""}return $x;}}`;
  if (xs) return head + body + `catch($e){throw O.xunwind(O.directFrame($e,${codeRef},$ln),p,$k,${xsites[0].ref});}}`;
  if (!hasTry) return head + body + `catch($e){throw O.directFrame($e,${codeRef},$ln);}}`;
  // With try handlers: an exception reaching an active handler ($h, innermost last) goes to
  // its block with the exception in $exc, as unwind (machine.ts) does for a heap frame.
  // $c is the last exception caught here and $cl the line where it was raised: rethrown (no
  // clause matched, or after `after`), it records this activation at that line, the line
  // its stack trace has on the heap path (traced when caught there).
  return (
    head +
    `for(;;){${body}catch($e){const $l=$e===$c?$cl:$ln;if($h!==0){const $k=O.directCatch(p,$e,${codeRef},$l);` +
    `if($k!==null){if($k!==$c){$c=$k;$cl=$l;}$pc=$h%${HANDLER_BASE}-1;${GEN_DIRECT_TRY_POP}$exc=$k;continue;}}throw O.directFrame($e,${codeRef},$l);}}}`
  );
}

/**
 * Where a direct body with self calls on XS has its value (`$x`; the cases' returns are
 * `{$x=...;break S;}` there, rewriteReturns): the innermost record above `$b`, if any, is
 * popped and its continuation runs with that value; a suspension moves the records to p.cap
 * (xflush).
 */
function genDirectPop(xsites: readonly DirectSite[]): string {
  // (one site: see genDirectFunction)
  const site = xsites[0];
  const k = site.live.length;
  const m = xsRecordSlots(site);
  let restore = "";
  site.live.forEach((reg, j) => (restore += `r$${reg}=$a[$n-${k - j}];`));
  restore += `p.xsN=$n-${m};$k-=${m};`;
  const suspended = `if($x===${D_SUSP})return O.xregion(p,${site.ref},$k);`;
  // A continuation that makes no call runs here, record after record, in a loop of its own
  // (a body recursion's return is then a tight loop: `h + sum(t)` pops h and adds); it
  // ends the body (break S, its own label here) with the value for the next record.
  if (site.cont !== undefined) return `if($k>0){${suspended}const $a=p.xs;do{const $n=p.xsN;${restore}$ln=${site.ref}.line;S:{${site.cont}}}while($k>0);return $x;}`;
  return `if($k>0){${suspended}const $a=p.xs,$n=p.xsN;${restore}$pc=${site.pc};$ln=${site.ref}.line;continue L;}`;
}

/**
 * A direct body's non-tail call to itself on the explicit stack (see XS): the record of this
 * activation (its call site's live registers) is pushed, the arguments `args`
 * (JS names) become the registers, and the body starts again, charging a reduction; when none
 * is left, it suspends at its entry (the records follow: genDirectPop). While the blocks are
 * read for their registers (`site` null) it reads as the JS call it stands for.
 */
export function genDirectSelfCall(codeRef: string, line: number, resume: number, args: string[], site: DirectSite | null, nslots: number, jsCall: string): string {
  if (site === null) return `$ln=${line};$pc=${resume};${jumpMark(resume)}continue L;`;
  const m = xsRecordSlots(site);
  let t = `$ln=${line};if($d<${XS_JS_DEPTH}&&p.xsN===0){${jsCall}}if(p.xsN<${XS_MAX}){let $a=p.xs;if($a===null)$a=p.xs=[];const $n=p.xsN;`;
  site.live.forEach((reg, j) => (t += `$a[$n+${j}]=r$${reg};`));
  // (a record of no register still takes a slot: records are counted by their slots)
  if (site.live.length === 0) t += `$a[$n]=0;`;
  t += `p.xsN=$n+${m};$k+=${m};`;
  args.forEach((a, i) => (t += `r$${i}=${a};`));
  return t + `$pc=0;$ln=0;if(--p.reds<=0&&O.spent(p)){$x=${genDirectSuspend(codeRef, "0", "0", "0", nslots)};break S;}continue L;}${jsCall}`;
}

/**
 * How deep self calls nest as JS calls before they go on the explicit stack: a JS call costs
 * less than a push and a pop while the recursion is shallow (fib(30), a list of 20: 10-20%
 * less), and the stack counts only once a recursion is deep enough for its suspensions to
 * matter. (A self call made as a JS call passes its depth, `$d`, as an extra argument.)
 * Once the process has records on the explicit stack (a deep recursion resumed after a
 * suspension), self calls go there at once: each slice of a 1,000,000-deep recursion
 * started with 64 JS calls, which its suspension captured again.
 */
export const XS_JS_DEPTH = 64;

/**
 * The most slots a process's explicit stack holds: a self call past it is a JS call (`jsCall`
 * above), recorded as before when it suspends, so that a recursion that never ends fills the
 * heap as it did (and is stopped as it was: heap-watch.ts) instead of growing one array to
 * V8's largest (heap-room.ts ARRAY_LIMIT), which aborts the program. 4M slots (32 MB):
 * growing the array copies it into one half as large again, both alive at once, and at 2^25
 * slots that one step (about 670 MB) filled a small heap (BEAMSH_HEAP_MB=400) before the heap
 * watch could stop the recursion, aborting the program. The value is baked into generated
 * code (and the prelude cache), so it cannot follow the heap's limit.
 */
export const XS_MAX = 1 << 22;

/**
 * The blocks of a direct body with self calls on XS: each `return X;` becomes
 * `{$x=X;break S;}`, so that the value (or SUSPEND) goes through genDirectPop. Null when the
 * text cannot be read that way (a nested function, a string).
 */
export function rewriteReturns(text: string): string | null {
  if (/function|=>|["'`]/.test(text)) return null;
  let out = "";
  let at = 0;
  const re = /(?<![\w$.])return(?![\w$])/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    let i = m.index + 6;
    let depth = 0;
    for (; i < text.length; i++) {
      const ch = text[i];
      if (ch === "(" || ch === "[" || ch === "{") depth++;
      else if (ch === ")" || ch === "]" || ch === "}") {
        if (--depth < 0) return null;
      } else if (ch === ";" && depth === 0) break;
    }
    if (i >= text.length) return null;
    const value = text.slice(m.index + 6, i).trim();
    if (value === "") return null;
    out += text.slice(at, m.index) + `{$x=${value};break S;}`;
    at = i + 1;
    re.lastIndex = at;
  }
  return out + text.slice(at);
}

/**
 * A call site of a direct body, as the function's direct body and its unit see it: the block
 * it resumes at, the registers its continuation may read (the only ones its record holds),
 * and the unit's name for its Site (`S[k]`).
 */
export interface DirectSite {
  pc: number;
  live: number[];
  ref: string;
  /**
   * For a self call's site on the explicit stack whose continuation makes no call (Site.k):
   * that continuation's text, which the pop runs in a loop of its own (genDirectPop).
   */
  cont?: string;
}

/**
 * A direct body entered to resume a recorded activation (RESUME): its registers, resume
 * point, line and handlers come from the record (its Site says which registers it holds:
 * those of the call site's continuation), its callee's value from `p.x`, and the
 * reductions the caller set aside to get here are given back (a return charges none).
 */
function genDirectRestore(sites: readonly DirectSite[], hasTry: boolean): string {
  let t = `const $c=O.RESUME.c,$i=O.RESUME.i,$s=$c[$i];O.RESUME.i=-1;p.reds=O.RESUME.reds;$pc=$s.pc;$ln=$s.line;`;
  if (hasTry) t += `$h=$s.h;`;
  t += "switch($pc){";
  // (sites recording the same registers share one case: a function whose sites all keep
  // every register would otherwise repeat the whole register file at each, and a body past
  // V8's bytecode limit for optimization stays interpreted)
  const byLive = new Map<string, DirectSite[]>();
  for (const site of sites) {
    const key = site.live.join(",");
    const same = byLive.get(key);
    if (same === undefined) byLive.set(key, [site]);
    else same.push(site);
  }
  for (const same of byLive.values()) {
    for (const site of same) t += `case ${site.pc}:`;
    same[0].live.forEach((r, j) => (t += `r$${r}=$c[$i+${1 + j}];`));
    t += "break;";
  }
  return t + `}$x=p.x;`;
}

/**
 * The unit's text giving a call site's Site its continuation (Site.k), or "" when it has
 * none: the site's resume block `text` (direct vocabulary) must end the function without
 * calling, jumping or suspending, so that it runs alone on the record's registers (those it
 * reads are the site's live ones, or written before read).
 */
export function genSiteContinuation(codeRef: string, site: DirectSite, line: number, text: string): string {
  if (!(text.endsWith("break S;") || /throw [^;]*\);$/.test(text)) || /\breturn\b|SUSPEND|pc=|\/\*>|continue\b|\bO\.(?:RESUME|sc\w*|sus\w*|suspend\w*|materialize|spent)\b|\$h\b|\$E\b|\$exc\b/.test(text)) return "";
  // (every label it breaks out of is its own, or S: the end of the body)
  const own = new Set([...text.matchAll(/(?<![\w$])([A-Z]\d*):\{/g)].map((m) => m[1]));
  for (const m of text.matchAll(/\bbreak ([\w$]+);/g)) if (m[1] !== "S" && !own.has(m[1])) return "";
  const regs = new Set<number>();
  for (const m of text.matchAll(/\br\$(\d+)/g)) regs.add(Number(m[1]));
  const locals = [...regs].map((r) => {
    const j = site.live.indexOf(r);
    return j < 0 ? `r$${r}` : `r$${r}=$c[$i+${1 + j}]`;
  });
  locals.push(`$ln=${line}`);
  return `${site.ref}.k=function(p,$c,$i,$x){let ${locals.join(",")};try{S:{${text}}return $x;}catch($e){throw O.directFrame($e,${codeRef},$ln);}};`;
}

/**
 * The unit's text making a call site's Site (see DirectSite): `codeRef` the function's Code,
 * `resumes` whether its direct body restores itself from the record.
 */
export function genSiteDef(codeRef: string, site: DirectSite, line: number, nslots: number, resumes: boolean): string {
  return `${site.ref}=new O.Site(${codeRef},${site.pc},${line},0,[${site.live.join(",")}],${nslots},${resumes});`;
}

/** A direct body's try handler at block `pc` is installed / removed / reads its exception. */
export const genDirectTryPush = (pc: number): string => `$h=$h*${HANDLER_BASE}+${pc + 1};`;
export const GEN_DIRECT_TRY_POP = `$h=Math.floor($h/${HANDLER_BASE});`;
export const genDirectTryCaught = (reg: string): string => `${reg}=$exc;$exc=null;`;

/**
 * A direct body's receive that found nothing to take: its activation suspends at the
 * scanning block `scan` and the process blocks (suspendWait).
 */
export function genDirectWait(scan: number, codeRef: string, nslots: number, hasTry: boolean): string {
  return `return ${genDirectSuspend(codeRef, String(scan), "$ln", hasTry ? "$h" : "0", nslots, true)};`;
}

/**
 * A direct body's activation recorded (see suspend): to continue at block `pc`, at line
 * `line`, with try handlers `h` (JS expressions), and its `nslots` registers; answers
 * SUSPEND. `wait`: a receive that found nothing to take (suspendWait).
 */
export function genDirectSuspend(codeRef: string, pc: string, line: string, h: string, nslots: number, wait = false): string {
  const r: string[] = [];
  for (let i = 0; i < nslots; i++) r.push(`r$${i}`);
  if (nslots <= SUS_MAX_REGS) return `O.${wait ? "susWait" : "sus"}(${["p", codeRef, pc, line, h, String(nslots), ...r].join(",")})`;
  return `O.${wait ? "suspendWait" : "suspendH"}(p,${codeRef},${pc},${line},[${r.join(",")}],${h})`;
}

/**
 * A direct body's call whose value is the JS expression `value` (a direct call, or a helper
 * that answers a term or SUSPEND); it continues at block `resume` (the resumable body's
 * block for the same point), and on SUSPEND records itself at `site` (its Site and live
 * registers; null while the function's blocks are being read for their registers: a record
 * of none).
 */
export function genDirectCall(line: number, resume: number, value: string, site: DirectSite | null, hasTry = false): string {
  return `$ln=${line};$pc=${resume};$x=${value};if($x===${D_SUSP})return ${genSiteRecord(site, hasTry)};${jumpMark(resume)}continue L;`;
}

/** A call site's record (sc0 ... scN, scH). */
function genSiteRecord(site: DirectSite | null, hasTry: boolean): string {
  if (site === null) return "O.sc0(p,null)";
  const r = site.live.map((i) => `r$${i}`);
  if (hasTry) return `O.scH(p,${site.ref},$h,[${r.join(",")}])`;
  if (r.length <= 4) return `O.sc${r.length}(${["p", site.ref, ...r].join(",")})`;
  return `O.scN(p,${site.ref},[${r.join(",")}])`;
}

/**
 * A direct body's tail call: the callee's value, or SUSPEND, is this body's. Its line is
 * written `~line` (see directFrame).
 */
export function genDirectTailCall(line: number, value: string): string {
  return `$ln=${~line};return ${value};`;
}

/**
 * A resumable body's call straight into a direct body (`value`): the result is in `p.x`
 * at block `f.pc`; on SUSPEND the recorded activations become frames above this one.
 */
export function genResumableDirectCall(value: string): string {
  return `{const x=${value};if(x===${D_SUSP})return O.materialize(p,f);p.x=x;continue L;}`;
}

/**
 * Rewrites a piece of resumable-body text into the direct body's vocabulary: registers
 * become locals, `p.x` the local result, `f.pc`/`f.line` the local resume point and line,
 * `SELF` the function's Code. Answers null when the text still needs the heap frame (it
 * reads `f`, returns a status, ...), in which case the function gets no direct body.
 */
export function toDirect(text: string, codeRef: string): string | null {
  const t = directVocabulary(text, codeRef);
  // (`.stacktrace`: __STACKTRACE__ in a rescue or catch clause, which needs the whole trace
  // when the exception is caught, callers included; a direct body's callers are JS activations then.)
  if (/(^|[^\w$.])(f|r|q|g|U|return)(?![\w$])|p\.frame|p\.stack|p\.exc\b|\.stacktrace\b/.test(t)) return null;
  return t;
}

/**
 * A direct body's tail call to itself (the arguments already written to its registers):
 * a jump to its start, charged a reduction; when none are left it suspends at its entry.
 */
export function genDirectSelfTailCall(codeRef: string, nslots: number): string {
  return `$pc=0;$ln=0;if(--p.reds<=0&&O.spent(p))return ${genDirectSuspend(codeRef, "0", "0", "0", nslots)};continue L;`;
}

/**
 * A resumable body's tail call straight into a direct body (`value`): the frame is left
 * first (as calls.ts `leave` does), so the callee's frames, if it suspends, go on the
 * caller's caller; its value is returned from this frame. From a process's first frame
 * (no caller) the frame stays current but is left all the same (`Process.base`: an
 * exception leaves it out, a suspension makes the callee's frames the process's first), so
 * a process spinning in a tail-recursive function it was spawned with runs it on the JS
 * stack after a preemption too, instead of on this frame for good. A frame with try
 * handlers active (none is, in a tail call) or one already left that way runs `fallback`,
 * the heap-frame tail call.
 */
export function genResumableDirectTailCall(value: string, fallback: string): string {
  return (
    `if(f.up!==null){p.frame=f.up;const x=${value};if(x===${D_SUSP})return O.materialize(p,f.up);p.frame=f;p.x=x;break S;}` +
    `if(p.base===null&&(f.h===null||f.h.length===0)){p.base=f;const x=${value};p.base=null;if(x===${D_SUSP})return O.materialize(p,null);p.x=x;break S;}` +
    fallback
  );
}
