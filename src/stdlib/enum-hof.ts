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
import { Code, CodeObj, Frame, ProcLike, RET, Status } from "../runtime/code.js";
import { FINISHED, finishCall } from "../runtime/protocol.js";
import { fcall1 } from "../runtime/calls.js";
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
  if (l === NIL) return undefined;
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
  if (name === MAP_NAME || kept) head.push(located(mod, fn, args.length, lines[1]));
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

function enumCode(name: string, arity: number, line: number, fn: (f: Frame, p: ProcLike) => Status): Code {
  return new CodeObj("Elixir.Enum", name, arity, "lib/enum.ex", line, fn, undefined);
}

/**
 * A resumable loop over a list or range: calls the function on each element (kept in r[6])
 * and, with its result, `kept` says what to append to the result, if anything.
 */
function looper(name: string, line: number, ranged: boolean, kept: (x: Term, result: Term) => Term | undefined): Code {
  return enumCode(name, ranged ? 4 : 2, line, (f, p) => {
    const r = f.r;
    if (f.pc === 0) {
      start(f, ranged);
      f.pc = 1;
    } else {
      const k = kept(r[6], p.x);
      if (k !== undefined) append(r, k);
    }
    for (;;) {
      const x = next(r, ranged, name);
      if (x === undefined) return done(p, r);
      r[6] = x;
      const s = callFun(p, f, x, line);
      if (s !== FINISHED) return s;
      const k = kept(x, p.x);
      if (k !== undefined) append(r, k);
    }
  });
}

const mapper = (name: string, line: number, ranged: boolean) => looper(name, line, ranged, (_x, y) => y);
const filterer = (name: string, line: number, ranged: boolean) =>
  looper(name, line, ranged, (x, keep) => (keep !== false && keep !== null ? x : undefined));

// Named after the functions Elixir 1.14 runs for these (so stack entries read the same).
export const MAP_LIST = mapper(MAP_NAME, 1658, false);
export const MAP_RANGE = mapper("map_range", 1662, true);
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

