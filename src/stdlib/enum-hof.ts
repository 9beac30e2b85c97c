// Enum.map and Enum.filter over lists and integer ranges as hand-written resumable code.
//
// They call the user's function through the machine (each call is a frame and a reduction,
// so a long map stays preemptible and the function may receive, raise or be traced), and
// build the result front to back by filling in the tail of the last cell: one cell per
// element kept, with no accumulator to reverse. The cells are private until the result is
// returned, so completing them in place is invisible to Elixir code.
//
// Frame registers: r[0] the rest of the list (or the next integer of a range), r[1] the
// function, r[2] the first cell of the result, r[3] the last cell, r[4] the range's last,
// r[5] its step, r[6] the current element.
import { Code, CodeObj, DirectFn, Frame, ProcLike, RET, Status } from "../runtime/code.js";
import { FINISHED, SUSPEND, YIELD, directFrame, finishCall, materialize, spent, suspend } from "../runtime/protocol.js";
import { fcall1, funDirect } from "../runtime/calls.js";
import { Fun } from "../runtime/fun.js";
import { raise } from "../runtime/errors.js";
import { Atom, Cons, NIL, Term, a, int, list, tuple } from "../runtime/term.js";
import { locatedEntries } from "./library-frames.js";

/** Appends `x` to the result being built in f's registers. */
function append(r: Term[], x: Term): void {
  const cell = new Cons(x, NIL);
  if (r[3] === null) r[2] = cell;
  else (r[3] as { t: Term }).t = cell;
  r[3] = cell;
}

/**
 * Calls the function on `x`. When the call completes within this slice the result is left
 * in p.x and FINISHED is returned, so the loop continues without going back to the machine;
 * otherwise the status for the machine (see finishCall in protocol.ts).
 */
function callFun(p: ProcLike, f: Frame, x: Term, line: number): Status | typeof FINISHED {
  f.line = line;
  return finishCall(p, f, fcall1(p, f, f.r[1], x));
}

function done(p: ProcLike, r: Term[]): Status {
  p.x = r[2];
  return RET;
}

/** The next element of a list (r[0]) or range (r[0], r[4], r[5]); `undefined` at the end. */
function next(r: Term[], ranged: boolean, name: string): Term | undefined {
  if (ranged) {
    // Small integers, or all bigints for ranges beyond the safe integers.
    const i = r[0] as number;
    const step = r[5] as number;
    if (step > 0 ? i > (r[4] as number) : i < (r[4] as number)) return undefined;
    r[0] = i + step;
    return typeof i === "bigint" ? int(i) : i;
  }
  const l = r[0];
  if (l instanceof Cons) {
    r[0] = l.t;
    return l.h;
  }
  if (l === NIL) {
    // (lists:map/2's last clause, which Elixir inlines, wants a fun of one argument: so
    // only an empty list gets there with another, nothing mapped)
    if (name === MAP_NAME && !(r[1] instanceof Fun && r[1].arity === 1)) throw clauseError(name, [r[1], l], false);
    return undefined;
  }
  // An improper tail: the clause error of Elixir's function (lists:map takes the fun first).
  throw clauseError(name, name === MAP_NAME ? [r[1], l] : [l, r[1]], r[2] !== NIL);
}

const MAP_NAME = "-map/2-lists^map/1-0-";

/**
 * Where Elixir's functions raise on an improper tail ([raise, waiting on the recursion]):
 * both are body recursive, so a frame of the function waits below the raising one, once
 * for all the elements before it (the BEAM records a repeated return address once) — for
 * filter_list/2 only if an element was kept (a dropped one's recursion is a last call).
 */
const CLAUSE_LINES: Record<string, [number, number]> = { [MAP_NAME]: [1658, 1658], filter_list: [4196, 4198] };

function clauseError(name: string, args: Term[], kept: boolean) {
  const mod = a("Elixir.Enum");
  const e = raise("FunctionClauseError", { module: mod, function: a(name), arity: args.length, kind: null, args: null, clauses: null });
  const lines = CLAUSE_LINES[name];
  if (lines === undefined) {
    (e as { native?: unknown }).native = [mod, name, args];
    return e;
  }
  const fn = a(name);
  const head = [located(mod, fn, list(args), lines[0])];
  // (map's recursion waits below once an element is mapped: not at the end of an empty list)
  if ((name === MAP_NAME && !(args[1] === NIL && !kept)) || kept) head.push(located(mod, fn, args.length, lines[1]));
  // (the entries stand for the native's own frame)
  Object.assign(e, { headFrames: head, skipFrames: 1 });
  return e;
}

/** An entry of lib/enum.ex kept as it is by the library's frame rewriting. */
function located(mod: Atom, fun: Atom, arityOrArgs: Term, line: number): Term[] {
  const file = list(Array.from("lib/enum.ex", (c) => c.codePointAt(0)!));
  const e = tuple(mod, fun, arityOrArgs, list([tuple(a("file"), file), tuple(a("line"), line)])) as Term[];
  locatedEntries.add(e);
  return e;
}

function start(f: Frame, ranged: boolean): void {
  const r = f.r;
  if (ranged) {
    // (first, last, step, fun) → r[0] first, r[1] fun, r[4] last, r[5] step
    let [first, last, step] = [r[0], r[1], r[2]];
    const fun = r[3];
    const big = (x: Term) => typeof x === "bigint" || Math.abs(x as number) > 2 ** 52;
    if (big(first) || big(last) || big(step)) [first, last, step] = [BigInt(first), BigInt(last), BigInt(step)];
    r[0] = first;
    r[1] = fun;
    r[4] = last;
    r[5] = step;
  }
  r[2] = NIL;
  r[3] = null;
}

function enumCode(name: string, arity: number, line: number, fn: (f: Frame, p: ProcLike) => Status): [CodeObj, CodeObj] {
  const code = new CodeObj("Elixir.Enum", name, arity, "lib/enum.ex", line, fn, undefined);
  // (what the direct form's activation shows when the function raised after an element was
  // kept: its frame has no registers to tell, see direct below)
  const kept = new CodeObj("Elixir.Enum", name, arity, "lib/enum.ex", line, fn, undefined);
  if (arity === 2) {
    // Over a list, Elixir's functions are body recursive: once an element is in the result,
    // a frame of the function waits below the one calling the function (once for all of
    // them: the BEAM records a repeated return address once), and a stack trace shows it.
    const once: [string, number][] = [[name, 2]];
    const twice: [string, number][] = [[name, 2], [name, 2]];
    code.traceAs = (f) => (f.pc !== 0 && f.r[2] !== NIL ? twice : once);
    kept.traceAs = () => twice;
  } else {
    // Over a range, Elixir's map/2 (filter/2) gives reduce_range/5 a fun to call, and
    // reverses what it gives back.
    const fun = `-${name.slice(0, name.indexOf("_"))}/2-fun-0-`;
    const entries: [string, number][] = [[fun, 3], ["reduce_range", 5], [name.slice(0, name.indexOf("_")), 2]];
    code.traceAs = () => entries;
    kept.traceAs = () => entries;
  }
  return [code, kept];
}

/** What a call's result `y` on the element `x` adds to the result: map keeps y, filter x if y is truthy. */
function settle(r: Term[], filter: boolean, x: Term, y: Term): void {
  if (!filter) append(r, y);
  else if (y !== false && y !== null) append(r, x);
}

/**
 * A resumable loop over a list or range: calls the function on each element (kept in r[6]
 * while the call is under way) and, with its result, map appends the result, filter the
 * element when the result is truthy.
 *
 * When the function has a direct body (a closure such as `&(&1 * 2)`, or `&Mod.fun/1`), the loop calls
 * that body itself, as fcall1 and finishCall would (the same reduction charged for the
 * call, the same slice end, the same frame line for a raise), keeping the list and the
 * result's ends in locals; anything else goes through fcall1 one element at a time. The
 * direct body is asked for again whenever modules change (an external fun calls the
 * function's latest code).
 */
function looper(name: string, line: number, ranged: boolean, filter: boolean): Code {
  const [code, kept] = enumCode(name, ranged ? 4 : 2, line, (f, p) => {
    const r = f.r;
    if (f.pc === 0) {
      start(f, ranged);
      f.pc = 1;
    } else if (f.pc === 1) settle(r, filter, r[6], p.x);
    else f.pc = 1;
    f.line = line;
    for (;;) {
      const d = p.frame === f && (!ranged || typeof r[0] === "number") ? funDirect(p, r[1], 1) : undefined;
      if (d === undefined) break;
      const s = ranged ? directRange(f, p, d, filter) : directList(f, p, d, filter, name);
      if (s !== FINISHED) return s;
      f.line = line;
    }
    for (;;) {
      const x = next(r, ranged, name);
      if (x === undefined) return done(p, r);
      r[6] = x;
      const s = callFun(p, f, x, line);
      if (s !== FINISHED) return s;
      settle(r, filter, x, p.x);
    }
  });
  code.direct = ranged ? directRangeForm(code, kept, line, filter) : directListForm(code, kept, line, filter);
  return code;
}

// ---- the direct forms: called from direct bodies (and by the machine for resumable callers) ----
//
// A direct body calling Enum.map calls the direct form as any direct body: a JS call that
// answers the result, calling the fun's direct body for each element. It stops only where
// the loop above would give control back to the machine: it records its activation
// (protocol.ts suspend: the registers the loop above reads, at pc 0 to start over, 1 with
// the call on r[6] under way, 2 to go on) and answers SUSPEND; materialize makes it the
// loop's heap frame. So it stops when the fun has no direct body (a fun of the shell), when
// a call suspends (receive, reductions spent inside) or spends the slice's last reduction
// (each call is charged as the loop above charges it), on anything it does not handle
// itself (an improper tail, a range of big integers, modules changed and the fun has no
// direct body now), which the loop above handles. An exception raised in a call goes
// through with the direct form's activation added (directFrame), as a direct body's catch
// adds its own; `kept` stands for it when an element is in the result already (traceAs).

/** The direct form of a loop over a list: `(p, list, fun)`. */
function directListForm(code: Code, kept: Code, line: number, filter: boolean): DirectFn {
  return (p: ProcLike, l: Term, fun: Term): Term => {
    if (--p.reds <= 0 && spent(p)) return suspend(p, code, 0, line, [l, fun]);
    let d = funDirect(p, fun, 1);
    if (d === undefined) return suspend(p, code, 0, line, [l, fun]);
    const env = (fun as Fun).env;
    const modules = p.rt.modules;
    let gen = modules.gen;
    let first: Term = NIL;
    let last: Cons | null = null;
    for (;;) {
      if (!(l instanceof Cons)) {
        if (l === NIL) return first;
        // (an improper tail: the loop above raises as Elixir's function does)
        return suspend(p, code, 2, line, [l, fun, first, last as unknown as Term]);
      }
      const x = l.h;
      l = l.t;
      let y: Term;
      try {
        y = d(p, x, env);
      } catch (e) {
        throw directFrame(e, first === NIL ? code : kept, line);
      }
      if (y === SUSPEND) return suspend(p, code, 1, line, [l, fun, first, last as unknown as Term, null, null, x]);
      if (!filter || (y !== false && y !== null)) {
        const cell = new Cons(filter ? x : y, NIL);
        if (last === null) first = cell;
        else (last as { t: Term }).t = cell;
        last = cell;
      }
      if (--p.reds <= 0 && spent(p)) return suspend(p, code, 2, line, [l, fun, first, last as unknown as Term]);
      if (modules.gen !== gen) {
        // (an external fun calls the function's latest code)
        gen = modules.gen;
        d = funDirect(p, fun, 1);
        if (d === undefined) return suspend(p, code, 2, line, [l, fun, first, last as unknown as Term]);
      }
    }
  };
}

/** The direct form of a loop over a range: `(p, first, last, step, fun)`. */
function directRangeForm(code: Code, kept: Code, line: number, filter: boolean): DirectFn {
  return (p: ProcLike, from: Term, to: Term, by: Term, fun: Term): Term => {
    if (--p.reds <= 0 && spent(p)) return suspend(p, code, 0, line, [from, to, by, fun]);
    let d = funDirect(p, fun, 1);
    // (ranges beyond the safe integers count in bigints: the loop above)
    const small = (x: Term) => typeof x === "number" && Math.abs(x) <= 2 ** 52;
    if (d === undefined || !small(from) || !small(to) || !small(by)) return suspend(p, code, 0, line, [from, to, by, fun]);
    const env = (fun as Fun).env;
    const stop = to as number;
    const step = by as number;
    const modules = p.rt.modules;
    let gen = modules.gen;
    let i = from as number;
    let first: Term = NIL;
    let last: Cons | null = null;
    for (;;) {
      if (step > 0 ? i > stop : i < stop) return first;
      const x = i;
      i += step;
      let y: Term;
      try {
        y = d(p, x, env);
      } catch (e) {
        throw directFrame(e, first === NIL ? code : kept, line);
      }
      if (y === SUSPEND) return suspend(p, code, 1, line, [i, fun, first, last as unknown as Term, stop, step, x]);
      if (!filter || (y !== false && y !== null)) {
        const cell = new Cons(filter ? x : y, NIL);
        if (last === null) first = cell;
        else (last as { t: Term }).t = cell;
        last = cell;
      }
      if (--p.reds <= 0 && spent(p)) return suspend(p, code, 2, line, [i, fun, first, last as unknown as Term, stop, step]);
      if (modules.gen !== gen) {
        gen = modules.gen;
        d = funDirect(p, fun, 1);
        if (d === undefined) return suspend(p, code, 2, line, [i, fun, first, last as unknown as Term, stop, step]);
      }
    }
  };
}

/**
 * The loop over a list (r[0]) calling the direct body `d` of the fun r[1]: the status to
 * return (RET with the result, or the call's when it suspended or the slice ended), or
 * FINISHED when the loop is to go on with the fun's direct body asked for again (a
 * suspended call completed within the slice, or modules changed).
 */
function directList(f: Frame, p: ProcLike, d: DirectFn, filter: boolean, name: string): Status | typeof FINISHED {
  const r = f.r;
  const env = (r[1] as Fun).env;
  const modules = p.rt.modules;
  const gen = modules.gen;
  let l = r[0];
  let last = r[3] as Cons | null;
  let first = r[2];
  for (;;) {
    if (!(l instanceof Cons) || modules.gen !== gen) {
      r[0] = l;
      r[2] = first;
      r[3] = last;
      if (l === NIL) return done(p, r);
      if (l instanceof Cons) return FINISHED;
      next(r, false, name); // (raises the clause error of an improper tail)
    }
    const x = (l as Cons).h;
    l = (l as Cons).t;
    let y: Term;
    try {
      y = d(p, x, env);
    } catch (e) {
      // (what the result holds so far tells a stack trace whether a frame waits below: traceAs)
      r[2] = first;
      r[3] = last;
      throw e;
    }
    if (y === SUSPEND || --p.reds <= 0) {
      r[0] = l;
      r[2] = first;
      r[3] = last;
      r[6] = x;
      return pending(f, p, y, filter);
    }
    if (filter && (y === false || y === null)) continue;
    const cell = new Cons(filter ? x : y, NIL);
    if (last === null) first = cell;
    else (last as { t: Term }).t = cell;
    last = cell;
  }
}

/** directList over a range of small integers (r[0] the next, r[4] the last, r[5] the step). */
function directRange(f: Frame, p: ProcLike, d: DirectFn, filter: boolean): Status | typeof FINISHED {
  const r = f.r;
  const env = (r[1] as Fun).env;
  const stop = r[4] as number;
  const step = r[5] as number;
  const modules = p.rt.modules;
  const gen = modules.gen;
  let i = r[0] as number;
  let last = r[3] as Cons | null;
  let first = r[2];
  for (;;) {
    const end = step > 0 ? i > stop : i < stop;
    if (end || modules.gen !== gen) {
      r[0] = i;
      r[2] = first;
      r[3] = last;
      return end ? done(p, r) : FINISHED;
    }
    const x = i;
    i += step;
    let y: Term;
    try {
      y = d(p, x, env);
    } catch (e) {
      // (what the result holds so far tells a stack trace whether a frame waits below: traceAs)
      r[2] = first;
      r[3] = last;
      throw e;
    }
    if (y === SUSPEND || --p.reds <= 0) {
      r[0] = i;
      r[2] = first;
      r[3] = last;
      r[6] = x;
      return pending(f, p, y, filter);
    }
    if (filter && (y === false || y === null)) continue;
    const cell = new Cons(filter ? x : y, NIL);
    if (last === null) first = cell;
    else (last as { t: Term }).t = cell;
    last = cell;
  }
}

/**
 * The direct call on r[6] answered `y` but the loop must stop: its body suspended (its
 * activations become frames, as fcall1 answers) or the call spent the slice's last
 * reduction (as finishCall gives up the slice). The result waits in p.x for f.pc 1.
 */
function pending(f: Frame, p: ProcLike, y: Term, filter: boolean): Status | typeof FINISHED {
  if (y !== SUSPEND) {
    p.x = y;
    return YIELD;
  }
  const s = finishCall(p, f, materialize(p, f));
  if (s === FINISHED) settle(f.r, filter, f.r[6], p.x);
  return s;
}

const mapper = (name: string, line: number, ranged: boolean) => looper(name, line, ranged, false);
const filterer = (name: string, line: number, ranged: boolean) => looper(name, line, ranged, true);

// Named after the functions Elixir 1.14 runs for these (so stack entries read the same).
export const MAP_LIST = mapper(MAP_NAME, 1658, false);
export const MAP_RANGE = mapper("map_range", 1662, true); // (traceAs: as -map/2-fun-0-/3 under reduce_range/5)
export const FILTER_LIST = filterer("filter_list", 4197, false);
export const FILTER_RANGE = filterer("filter_range", 1112, true);

/** Registered as Enum.__map_list__/2 (list, fun) and friends, called by the prelude. */
export const natives = {
  module: "Elixir.Enum",
  fns: {
    "__map_list__/2": MAP_LIST,
    "__map_range__/4": MAP_RANGE,
    "__filter_list__/2": FILTER_LIST,
    "__filter_range__/4": FILTER_RANGE,
  } as Record<string, Code>,
};

