// Erlang's :lists module (the functions that take no fun), plus the list primitives the
// Elixir List module is built on (keyfind & co. with 1-based positions, flatten, sort).
// Errors follow OTP 25: FunctionClauseError in :lists.fun/arity for bad shapes, and the
// BIF-style ArgumentError ("errors were found at the given arguments") for the BIFs
// (keyfind, keymember, keysearch, member, reverse/2...).
import type { NativeFn } from "../runtime/code.js";
import { BeamError, argumentError, arithmeticError, badArgs, caseClauseError } from "../runtime/errors.js";
import { callSite, locatedEntries } from "./library-frames.js";
import { bifError } from "../runtime/ops.js";
import { MapTerm, keyOf } from "../runtime/map.js";
import { merge2Failure } from "./lists-merge-failures.js";
import { keysortFailure, sort1Failure, sortable, ukeysortFailure, usort1Failure } from "./lists-sort-failures.js";
import { compare, looseEquals, strictEquals } from "../runtime/term-order.js";
import { a, Atom, Cons, Float, NIL, Term, atomName, isInteger, list, listToArray } from "../runtime/term.js";
import { withFrame } from "../runtime/arith.js";
import { functionClause, iadd, isub, numAdd } from "./enumerable.js";
import { CONS_BYTES, arrayRoom, pollInterrupt, reserve } from "../runtime/heap-room.js";
import { LARGE, STEP_UNITS, Work, inSteps, runToEnd } from "../runtime/work-in-steps.js";

const VALUE = a("value");
const fc = (fn: string, args: Term[]) => functionClause("lists", fn, args);
const isList = (t: Term) => t === NIL || t instanceof Cons;

/** A proper list as an array, or FunctionClauseError in :lists.fn. */
export function proper(t: Term, fn: string, args: Term[]): Term[] {
  const xs = isList(t) ? listToArray(t) : null;
  if (xs === null) throw fc(fn, args);
  return xs;
}

// ---------------------------------------------------------------------------
// Key functions (1-based positions; keys compared with ==)

/** `l` when a list of one element, else `err` raised. */
function oneElement(l: Term, err: BeamError): Term {
  if (l instanceof Cons && l.t === NIL) return l;
  throw err;
}

/** Whether a term is a tuple with an element `n` (1-based). */
const hasKey = (n: Term) => (x: Term) => Array.isArray(x) && x.length >= (n as number);

function keyMatch(x: Term, key: Term, n: number): boolean {
  return Array.isArray(x) && x.length >= n && looseEquals(x[n - 1], key);
}

/**
 * The keyfind/keymember/keysearch BIFs: the first tuple whose element n is == key, or false.
 * The position is checked first; the list only as far as the search goes (a match before
 * an improper end is found).
 */
function keySearch(key: Term, n: Term, l: Term): Term {
  if (!isInteger(n) || n < 1) {
    const problems: [number, string][] = [[2, isInteger(n) ? "out of range" : "not an integer"]];
    if (!isList(l)) problems.push([3, "not a list"]);
    else if (!properEnd(l)) problems.push([3, "not a proper list"]);
    throw badArgs(problems);
  }
  let c = l;
  for (; c instanceof Cons; c = c.t) if (keyMatch(c.h, key, n)) return c.h;
  if (c !== NIL) throw badArgs([[3, l instanceof Cons ? "not a proper list" : "not a list"]]);
  return false;
}

function properEnd(l: Term): boolean {
  let c = l;
  while (c instanceof Cons) c = c.t;
  return c === NIL;
}

export function keyfind(key: Term, n: Term, l: Term): Term {
  return keySearch(key, n, l);
}

export function keymember(key: Term, n: Term, l: Term): boolean {
  return keySearch(key, n, l) !== false;
}

export function keydelete(key: Term, n: Term, l: Term): Term {
  if (!isInteger(n) || n < 1) throw fc("keydelete", [key, n, l]);
  const before: Term[] = [];
  let c = l;
  for (; c instanceof Cons; c = c.t) {
    if (keyMatch(c.h, key, n)) return list(before, c.t);
    before.push(c.h);
  }
  // (keydelete/3 goes on to keydelete3/3 as its last call; each cell passed waits on the next)
  if (c !== NIL) throw clauseIn("keydelete3", [key, n, c], waiting(before.length, "keydelete3/3"));
  return l;
}

/**
 * keyreplace/4 and keystore/4: after their guards, keyreplace3/4 (keystore2/4) walks the list,
 * each cell passed waiting on the rest, and fails at an improper tail.
 */
function keyWalk(fn: "keyreplace" | "keystore", key: Term, n: Term, l: Term, tuple: Term): Term {
  if (!isInteger(n) || n < 1 || !Array.isArray(tuple)) throw fc(fn, [key, n, l, tuple]);
  const loop = fn === "keyreplace" ? "keyreplace3" : "keystore2";
  const before: Term[] = [];
  let c = l;
  for (; c instanceof Cons; c = c.t) {
    if (keyMatch(c.h, key, n)) return list([...before, tuple], c.t);
    before.push(c.h);
  }
  if (c !== NIL) throw clauseIn(loop, [key, n, c, tuple], waiting(before.length, `${loop}/4`));
  return fn === "keyreplace" ? l : list([...before, tuple]);
}

export function keyreplace(key: Term, n: Term, l: Term, tuple: Term): Term {
  return keyWalk("keyreplace", key, n, l, tuple);
}

export function keystore(key: Term, n: Term, l: Term, tuple: Term): Term {
  return keyWalk("keystore", key, n, l, tuple);
}

/** {:value, tuple, rest} or false. */
export function keytake(key: Term, n: Term, l: Term): Term {
  if (!isInteger(n) || n < 1) throw fc("keytake", [key, n, l]);
  let passed: Term = NIL;
  let c = l;
  for (; c instanceof Cons; c = c.t) {
    if (keyMatch(c.h, key, n)) return [VALUE, c.h, reverseOnto(passed, c.t)!];
    passed = new Cons(c.h, passed);
  }
  // (keytake/4, a loop with the cells passed in reverse)
  if (c !== NIL) throw fc("keytake", [key, n, c, passed]);
  return false;
}

/** Stable sort of tuples by element n (ArgumentError "out of range" for short tuples). */
export function keysortArray(n: Term, xs: Term[], desc = false): Term[] {
  if (!isInteger(n) || n < 1) throw badArgs([[1, "out of range"]]);
  for (const x of xs) if (!Array.isArray(x) || x.length < n) throw badArgs([[1, "out of range"]]);
  const i = (n as number) - 1;
  return smallIntegerKeysort(xs as Term[][], i, desc) ?? [...xs].sort(desc ? (x, y) => keyCompare(y, x, i) : (x, y) => keyCompare(x, y, i));
}

/** Term order of the tuples' elements i, small integers compared in place. */
function keyCompare(x: Term, y: Term, i: number): number {
  const a = (x as Term[])[i];
  const b = (y as Term[])[i];
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  return compare(a, b);
}

/** Positions below this many tuples fit beside a key in a double (see below). */
const POSITION_LIMIT = 2 ** 21;
const KEY_LIMIT = 2 ** 31;

/**
 * A stable sort of tuples whose key (element i) is an integer of at most 31 bits, the
 * usual sort_by key, without a comparison function: each tuple's key and position packed
 * into one double (key * 2^21 + position, exact below 2^52), the doubles sorted natively,
 * the tuples read back in that order. Equal keys keep their positions' order, as the stable
 * sort does; descending negates the key. Null when some key is another term.
 */
function smallIntegerKeysort(xs: Term[][], i: number, desc: boolean): Term[] | null {
  const len = xs.length;
  if (len < 2 || len >= POSITION_LIMIT) return null;
  const packed = new Float64Array(len);
  for (let j = 0; j < len; j++) {
    const k = xs[j][i];
    if (typeof k !== "number" || k >= KEY_LIMIT || k <= -KEY_LIMIT) return null;
    packed[j] = (desc ? -k : k) * POSITION_LIMIT + j;
  }
  packed.sort();
  const out: Term[] = new Array(len);
  for (let j = 0; j < len; j++) {
    const v = packed[j];
    out[j] = xs[v - Math.floor(v / POSITION_LIMIT) * POSITION_LIMIT];
  }
  return out;
}

// ---------------------------------------------------------------------------
// Flattening, sorting, misc

/** lists:flatten/2: deep list flattened in front of `tail`; null if some list is improper. */
export function flattenArray(t: Term): Term[] | null {
  const out: Term[] = [];
  const walk = (l: Term): boolean => {
    for (; l instanceof Cons; l = l.t) {
      if (isList(l.h)) {
        if (!walk(l.h)) return false;
      } else if (out.push(l.h) % 0x10000 === 0) {
        pollInterrupt();
        arrayRoom(out.length + 0x10000);
      }
    }
    return l === NIL;
  };
  return walk(t) ? out : null;
}

/** lists:flatten/1 (`args` [t]) and flatten/2 ([t, tail]: both lists). */
export function flatten(t: Term, tail: Term, args: Term[]): Term {
  if (!isList(t) || !isList(tail)) throw fc("flatten", args);
  const xs = flattenArray(t);
  // (an improper list somewhere: where lists.erl's walk meets it first)
  if (xs === null) return doFlatten(t, tail, []);
  return list(xs, tail);
}

export function sortArray(xs: Term[]): Term[] {
  return [...xs].sort(compare);
}

/** Sorted with duplicates (==) removed, keeping the first of equal elements. */
function usort(xs: Term[], key: (x: Term) => Term = (x) => x): Term[] {
  const s = [...xs].sort((x, y) => compare(key(x), key(y)));
  return s.filter((x, i) => i === 0 || compare(key(s[i - 1]), key(x)) !== 0);
}

/**
 * `n` copies of `x` (lists:duplicate/2, List.duplicate/2), in steps when long; a length the
 * heap cannot hold kills the caller (heap-room.ts) before anything is built.
 */
export function duplicateList(x: Term, n: number | bigint, module: string, name: string): Term {
  reserve(Number(n) * CONS_BYTES);
  let k = Number(n);
  let acc: Term = NIL;
  const work: Work = {
    step() {
      const stop = Math.max(0, k - STEP_UNITS);
      for (; k > stop; k--) acc = new Cons(x, acc);
      return k === 0;
    },
    result: () => acc,
    held: () => acc,
  };
  return k < LARGE ? runToEnd(work) : inSteps(module, name, 2, work);
}

/** seq's list of `count` numbers. */
function seqList(from: number, incr: number, count: number, arity: number): Term {
  return sequenceList(from, incr, count, "lists", "seq", arity);
}

/**
 * The list first, first + step, ... of `count` safe integers, built front to back (in steps
 * when long, standing for module.name/arity), so that its cells lie in memory in the order
 * a walk down the list reads them: built back to front they lay in reverse, and walking a
 * 1,000,000-element list took two to three times longer (as a body recursion over it does).
 */
export function sequenceList(first: number, step: number, count: number, module: string, name: string, arity: number): Term {
  reserve(count * CONS_BYTES);
  let k = 0;
  let acc: Term = NIL;
  let end: Cons | null = null;
  const work: Work = {
    step() {
      const stop = Math.min(count, k + STEP_UNITS);
      for (; k < stop; k++) {
        const cell = new Cons(first + k * step, NIL);
        if (end === null) acc = cell;
        else (end as { t: Term }).t = cell;
        end = cell;
      }
      return k >= count;
    },
    result: () => acc,
    held: () => acc,
  };
  return count < LARGE ? runToEnd(work) : inSteps(module, name, arity, work);
}

/**
 * sort/1 as a stable natural merge sort done in steps: runs (ascending, or strictly
 * descending and reversed; short ones extended by insertion), merged pairwise pass after
 * pass (two runs already in order are copied), then the list built from the end.
 */
class SortWork implements Work {
  private a: Term[];
  private b: Term[];
  private runs: number[] = [0];
  private next: number[] = [0];
  private phase = 0;
  private i = 0;
  private r = 0;
  private merging = false;
  private li = 0;
  private lend = 0;
  private ri = 0;
  private rend = 0;
  private k = 0;
  private acc: Term = NIL;

  constructor(xs: Term[]) {
    this.a = xs;
    this.b = new Array(xs.length);
  }

  private static readonly MIN_RUN = 32;
  private static readonly MAX_RUN = 1 << 16;

  /** Makes the run starting at `start` and returns its end. */
  private runEnd(start: number): number {
    const a = this.a;
    const n = a.length;
    const cap = Math.min(n, start + SortWork.MAX_RUN);
    let j = start + 1;
    if (j < cap && compare(a[j], a[start]) < 0) {
      while (j + 1 < cap && compare(a[j + 1], a[j]) < 0) j++;
      for (let x = start, y = j; x < y; x++, y--) [a[x], a[y]] = [a[y], a[x]];
    } else while (j + 1 < cap && compare(a[j + 1], a[j]) >= 0) j++;
    let end = Math.min(cap, j + 1);
    const force = Math.min(n, start + SortWork.MIN_RUN);
    for (; end < force; end++) {
      const x = a[end];
      let lo = start;
      let hi = end;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (compare(x, a[mid]) < 0) hi = mid;
        else lo = mid + 1;
      }
      for (let m = end; m > lo; m--) a[m] = a[m - 1];
      a[lo] = x;
    }
    return end;
  }

  step(): boolean {
    let budget = STEP_UNITS;
    const n = this.a.length;
    while (budget > 0) {
      if (this.phase === 0) {
        if (this.i >= n) {
          this.phase = 1;
          continue;
        }
        const end = this.runEnd(this.i);
        budget -= end - this.i;
        this.runs.push(end);
        this.i = end;
        continue;
      }
      if (this.phase === 1) {
        const runs = this.runs;
        if (runs.length <= 2) {
          this.phase = 2;
          this.k = n;
          continue;
        }
        const { a, b } = this;
        if (!this.merging) {
          if (this.r + 2 >= runs.length) {
            // The pass is over (an odd run left is copied as it is).
            if (this.r + 1 < runs.length) {
              for (let x = runs[this.r]; x < runs[this.r + 1]; x++) b[x] = a[x];
              this.next.push(runs[this.r + 1]);
            }
            [this.a, this.b] = [b, a];
            this.runs = this.next;
            this.next = [0];
            this.r = 0;
            budget -= 64;
            continue;
          }
          this.li = this.k = runs[this.r];
          this.lend = this.ri = runs[this.r + 1];
          this.rend = runs[this.r + 2];
          this.merging = true;
          // Already in order, or the right run wholly before the left: copy.
          if (compare(a[this.lend - 1], a[this.ri]) <= 0) {
            for (let x = this.li; x < this.rend; x++) b[x] = a[x];
            this.li = this.lend;
            this.ri = this.rend;
            this.k = this.rend;
          } else if (compare(a[this.rend - 1], a[this.li]) < 0) {
            let k = this.li;
            for (let x = this.ri; x < this.rend; x++) b[k++] = a[x];
            for (let x = this.li; x < this.lend; x++) b[k++] = a[x];
            this.li = this.lend;
            this.ri = this.rend;
            this.k = this.rend;
          }
          budget -= 16;
        }
        let { li, ri, k } = this;
        const { lend, rend } = this;
        while (budget > 0 && li < lend && ri < rend) {
          if (compare(a[ri], a[li]) < 0) b[k++] = a[ri++];
          else b[k++] = a[li++];
          budget--;
        }
        if (li === lend || ri === rend) {
          while (li < lend) b[k++] = a[li++];
          while (ri < rend) b[k++] = a[ri++];
          this.merging = false;
          this.next.push(rend);
          this.r += 2;
        }
        this.li = li;
        this.ri = ri;
        this.k = k;
        continue;
      }
      const stop = Math.max(0, this.k - budget);
      let acc = this.acc;
      const a = this.a;
      for (let k = this.k - 1; k >= stop; k--) acc = new Cons(a[k], acc);
      this.acc = acc;
      budget -= this.k - stop;
      this.k = stop;
      if (stop === 0) return true;
    }
    return false;
  }

  result(): Term {
    return this.acc;
  }
}

/** :lists.sort/1 of the elements `xs` (a fresh array): at once when short, else in steps. */
function sortList(xs: Term[]): Term {
  if (xs.length < LARGE) return list(sortArray(xs));
  return inSteps("lists", "sort", 1, new SortWork(xs));
}

function seq(from: Term, to: Term, incr: Term, arity = 3): Term {
  const notInts = [from, to, incr].map((x, i) => [i + 1, x] as [number, Term]).filter(([, x]) => !isInteger(x));
  if (notInts.length) throw badArgs(notInts.map(([i]) => [i, "not an integer"]));
  const badIncr = () => badArgs([[3, incr <= 0 && isub(from, incr) <= to ? "not a positive increment" : "not a negative increment"]]);
  if (incr > 0 && to < isub(from, incr)) throw badIncr();
  if (incr < 0 && to > isub(from, incr)) throw badIncr();
  if (incr !== 0 && typeof from === "number" && typeof to === "number" && typeof incr === "number") {
    return seqList(from, incr, Math.max(0, Math.floor((to - from) / incr) + 1), arity);
  }
  if (incr !== 0) {
    // A big integer bound: the length is known before the walk, so a list longer than the
    // heap can hold stops its process as the one built from small integers does.
    const n = (BigInt(to as number | bigint) - BigInt(from as number | bigint)) / BigInt(incr as number | bigint) + 1n;
    reserve(Number(n) * CONS_BYTES);
    arrayRoom(Number(n));
  }
  const out: Term[] = [];
  if (incr > 0) {
    for (let x = from; x <= to; x = iadd(x, incr)) out.push(x);
  } else if (incr < 0) {
    for (let x = from; x >= to; x = iadd(x, incr)) out.push(x);
  } else {
    if (from !== to) throw badIncr();
    out.push(from);
  }
  return list(out);
}

/** nth/2: walks down; a failure names the position and tail reached, as OTP's recursion. */
/**
 * N - 1 for nth/2 and nthtail/2's clause `when N > 1`: any term but a number is greater
 * than 1 in term order, so it passes the guard and fails the (inline) subtraction.
 */
function countDown(k: Term, fa: string, line: number): Term {
  if (isInteger(k)) return isub(k, 1);
  if (k instanceof Float) return new Float(k.v - 1);
  throw raisedIn(arithmeticError(), fa, line);
}

function nth(n: Term, l: Term): Term {
  let k = n;
  let c = l;
  for (;;) {
    if (k === 1 && c instanceof Cons) return c.h;
    if (!(c instanceof Cons && compare(k, 1) > 0)) throw fc("nth", [k, c]);
    k = countDown(k, "nth/2", 200);
    c = c.t;
  }
}

function nthtail(n: Term, l: Term): Term {
  let k = n;
  let c = l;
  for (;;) {
    if (k === 1 && c instanceof Cons) return c.t;
    if (c instanceof Cons && compare(k, 1) > 0) {
      k = countDown(k, "nthtail/2", 210);
      c = c.t;
      continue;
    }
    if (k === 0 && isList(c)) return c;
    throw fc("nthtail", [k, c]);
  }
}

/**
 * lists:max/1 and min/1: the first element, then max/2 (min/2) over the rest with the best
 * so far, the earlier of equal ones kept; an improper tail fails in max/2 with that tail
 * and the best so far, as lists.erl's clauses do.
 */
function extreme(l: Term, fn: string, sign: number): Term {
  if (!(l instanceof Cons)) throw fc(fn, [l]);
  let best = l.h;
  let t = l.t;
  for (; t instanceof Cons; t = t.t) if (compare(t.h, best) * sign > 0) best = t.h;
  if (t !== NIL) throw fc(fn, [t, best]);
  return best;
}

/** lists:member/2 (a BIF): true at the first element equal to `x` (=:=), before any improper tail. */
function member(x: Term, l: Term): boolean {
  let t = l;
  for (; t instanceof Cons; t = t.t) if (strictEquals(x, t.h)) return true;
  if (t !== NIL) throw badArgs([[2, l instanceof Cons ? "not a proper list" : "not a list"]]);
  return false;
}

/** l1 ++ l2 (append/2, erlang:'++'): l1 must be a proper list. */
export function append2(l1: Term, l2: Term): Term {
  const xs = isList(l1) ? listToArray(l1) : null;
  if (xs === null) throw argumentError();
  return list(xs, l2);
}

function append1(ls: Term): Term {
  const [cells, end] = spine(ls);
  // (append([E]) ends it: each cell before waits on the rest)
  if (end !== NIL) throw clauseIn("append", [end], waiting(cells.length, "append/1"));
  const xs = cells.map((c) => c.h);
  if (xs.length === 0) return NIL;
  let acc = xs[xs.length - 1];
  for (let i = xs.length - 2; i >= 0; i--) acc = append2(xs[i], acc);
  return acc;
}

/** l1 -- l2 (subtract/2, erlang:'--'): removes the first === occurrence of each. */
export function subtract(l1: Term, l2: Term): Term {
  const xs = isList(l1) ? listToArray(l1) : null;
  const ys = isList(l2) ? listToArray(l2) : null;
  if (xs === null || ys === null) throw argumentError();
  const out = [...xs];
  for (const y of ys) {
    const i = out.findIndex((x) => strictEquals(x, y));
    if (i >= 0) out.splice(i, 1);
  }
  return list(out);
}

/** `f()`, its error raised by the BIF erlang:`bif`/`args.length` that the function calls. */
function inBif(f: () => Term, bif: string, args: Term[]): Term {
  try {
    return f();
  } catch (e) {
    if (e instanceof BeamError && e.stacktrace === null) throw bifError(e, bif, args);
    throw e;
  }
}

/**
 * sublist/3: its clauses drop a cell per step while the start is 2 or more ([] gives [] then,
 * whatever the length); at start 1 with a list and a non-negative length it is sublist/2.
 * Any other arguments, as the steps left them, are its FunctionClauseError.
 */
function sublist3(l: Term, start: Term, len: Term): Term {
  let c = l;
  let s = start;
  while (isInteger(s) && s >= 2) {
    if (c === NIL) return NIL;
    if (!(c instanceof Cons)) break;
    c = c.t;
    s = isub(s, 1);
  }
  if (s === 1 && isList(c) && isInteger(len) && len >= 0) return sublist2(c, len);
  throw fc("sublist", [c, s, len]);
}

/**
 * split/2: past its guard (a non-negative integer, a list) split/3 takes `n` cells, the rest
 * (whatever ends it) the second part; a list ending in [] before `n` cells is
 * erlang:error(badarg, [N, List]) from the case on split/3's answer (line 1568), an improper
 * end split/3's FunctionClauseError (the cells taken reversed), a failed guard 1571.
 */
function split(n: Term, l: Term): Term {
  const badarg = (line: number) => {
    const err = argumentError();
    const entry: Term[] = [a("lists"), a("split"), list([n, l]), list([[a("file"), list([..."lists.erl"].map((c) => c.charCodeAt(0)))], [a("line"), line]])];
    locatedEntries.add(entry);
    err.stacktrace = list([entry]);
    return err;
  };
  if (!isInteger(n) || n < 0 || !isList(l)) throw badarg(1571);
  const taken: Term[] = [];
  let c = l;
  for (; taken.length < (n as number) && c instanceof Cons; c = c.t) taken.push(c.h);
  if (taken.length < (n as number)) {
    if (c === NIL) throw badarg(1568);
    throw clauseIn("split", [isub(n, taken.length), c, list(taken.slice().reverse())], [["split/2", 1565]]);
  }
  return [list(taken), c];
}

/**
 * sublist/2 past its guard: sublist_2/2 takes cells while the count is above 0 (a body-
 * recursive call each); it ends at a count of 0, or at [] with a positive count; anything
 * else (an improper tail, a negative count) fails there, the calls waiting below.
 */
function sublist2(l: Term, len: Term): Term {
  if (!isInteger(len) || !isList(l)) throw fc("sublist", [l, len]);
  const taken: Term[] = [];
  let c = l;
  let k = len;
  for (; k > 0 && c instanceof Cons; c = c.t, k = isub(k, 1)) taken.push(c.h);
  if (k === 0 || (k > 0 && c === NIL)) return list(taken);
  throw clauseIn("sublist_2", [c, k], waiting(taken.length, "sublist_2/2"));
}

/** zip/2 and zip3/3: a failure names the tails reached, as OTP's recursion does. */
function zipN(fn: string, ls: Term[]): Term {
  const out: Term[] = [];
  let cs = ls;
  while (cs.every((c) => c instanceof Cons)) {
    out.push(cs.map((c) => c.h));
    cs = cs.map((c) => c.t);
  }
  if (!cs.every((c) => c === NIL)) throw fc(fn, cs);
  return list(out);
}

/**
 * unzip/1, unzip3/1: unzip/3 (unzip3/4) walks the list by last calls gathering each column
 * reversed; a cell that is no tuple of the size, or an end that is not [], is its
 * FunctionClauseError with what it walked to and the columns so far.
 */
function unzipN(l: Term, n: number): Term {
  const fn = n === 2 ? "unzip" : "unzip3";
  const cols: Term[][] = Array.from({ length: n }, () => []);
  let c = l;
  for (; c instanceof Cons; c = c.t) {
    const x = c.h;
    if (!Array.isArray(x) || x.length !== n) break;
    x.forEach((v, i) => cols[i].push(v));
  }
  if (c !== NIL) throw fc(fn, [c, ...cols.map((col) => list(col.slice().reverse()))]);
  return cols.map((col) => list(col));
}

// ---------------------------------------------------------------------------
// Merging. Inputs are meant to be sorted, but any lists merge, and the result for unsorted
// ones is what OTP's merge loops give, so these follow them: `merge` takes from the first
// list while its head is <= the other's; `rmerge` (descending) takes from the second while
// the first's head is <= it; the `u` forms drop an element of the second list equal (==)
// to the one of the first just taken. `key` compares whole elements or one tuple element.

type Key = (x: Term) => Term;
const whole: Key = (x) => x;
const le = (key: Key, x: Term, y: Term) => compare(key(x), key(y)) <= 0;
const eqKey = (key: Key, x: Term, y: Term) => looseEquals(key(x), key(y));

function mergeBy(a: Term[], b: Term[], key: Key): Term[] {
  const out: Term[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(le(key, a[i], b[j]) ? a[i++] : b[j++]);
  return out.concat(a.slice(i), b.slice(j));
}

function rmergeBy(a: Term[], b: Term[], key: Key): Term[] {
  const out: Term[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(le(key, a[i], b[j]) ? b[j++] : a[i++]);
  return out.concat(a.slice(i), b.slice(j));
}

function umergeBy(a: Term[], b: Term[], key: Key): Term[] {
  if (a.length === 0) return b;
  const out: Term[] = [];
  let h1 = a[0];
  let i = 1;
  let j = 0;
  for (;;) {
    // h1 pending: pass the second list's smaller elements.
    for (;;) {
      if (j >= b.length) return out.concat([h1], a.slice(i));
      const h2 = b[j++];
      if (!le(key, h1, h2)) {
        out.push(h2);
        continue;
      }
      out.push(h1);
      let last = h1;
      // h2 pending: take the first list while <= h2; h2 goes unless equal to the last taken.
      for (;;) {
        if (i >= a.length) return out.concat(eqKey(key, h2, last) ? [] : [h2], b.slice(j));
        h1 = a[i++];
        if (le(key, h1, h2)) {
          out.push(h1);
          last = h1;
          continue;
        }
        if (!eqKey(key, h2, last)) out.push(h2);
        break;
      }
    }
  }
}

function rumergeBy(a: Term[], b: Term[], key: Key): Term[] {
  if (b.length === 0) return a;
  const out: Term[] = [];
  let h2 = b[0];
  let j = 1;
  let i = 0;
  for (;;) {
    // h2 pending: take the first list while greater.
    let h1: Term;
    for (;;) {
      if (i >= a.length) return out.concat([h2], b.slice(j));
      h1 = a[i++];
      if (le(key, h1, h2)) break;
      out.push(h1);
    }
    // h1 and h2m pending: pass the second list while >= h1; h1 replaces an equal h2m.
    let h2m = h2;
    for (;;) {
      if (j >= b.length) return out.concat(eqKey(key, h1, h2m) ? [h1] : [h2m, h1], a.slice(i));
      h2 = b[j++];
      if (le(key, h1, h2)) {
        out.push(h2m);
        h2m = h2;
        continue;
      }
      if (eqKey(key, h1, h2m)) out.push(h1);
      else out.push(h2m, h1);
      break;
    }
  }
}

function keyOfTuple(n: Term, fn: string, args: Term[]): Key {
  if (!isInteger(n) || n < 1) throw fc(fn, args);
  return (x) => {
    if (!Array.isArray(x)) throw withFrame(badArgs([[2, "not a tuple"]]), "erlang", "element", [n, x]);
    if (x.length < (n as number)) throw withFrame(badArgs([[1, "out of range"]]), "erlang", "element", [n, x]);
    return x[(n as number) - 1];
  };
}

type Merge = (a: Term[], b: Term[], key: Key) => Term[];

// How lists.erl's merges begin, which is where a bad argument fails: merge/2 takes the
// second list's head (merge(T1, []) is T1, whatever T1 is) and hands the first list to its
// helper; umerge/2 takes the first list's head and hands the second on. The three-list
// merges are the two-list one when the second or third list is empty, else their helper
// takes the first. The key merges look at one list in a case, the key of its head by
// element/2, then hand the other list to their helper. Lists that are both lists merge
// here; one found improper further in fails as the function called (its helpers' state
// there is not worked out).

/** The helper a two-list merge hands its other list to, with its arguments. */
function merge2Helper(fn: string, head: Cons, other: Term): [string, Term[]] {
  switch (fn) {
    case "merge": return ["merge2_1", [other, head.h, head.t, NIL]];
    case "rmerge": return ["rmerge2_1", [other, head.h, head.t, NIL]];
    case "rumerge": return ["rumerge2_1", [other, head.t, NIL, head.h]];
    default: return ["umerge2_2", [head.t, other, NIL, head.h]];
  }
}

/** The elements of each of `ls` when all are proper lists, else FunctionClauseError in lists:`fn` given `args`. */
function allProper(fn: string, args: Term[], ls: Term[]): Term[][] {
  return ls.map((l) => proper(l, fn, args));
}

function merge2(m: Merge, fn: string, l1: Term, l2: Term): Term {
  const args = [l1, l2];
  // (umerge takes its first list's head; the others their second's)
  const [taken, other] = fn === "umerge" ? [l1, l2] : [l2, l1];
  if (!isList(taken)) throw fc(fn, args);
  if (taken === NIL) return other;
  if (!isList(other)) {
    const [helper, helperArgs] = merge2Helper(fn, taken as Cons, other);
    throw clauseIn(helper, helperArgs, [`${fn}/2`]);
  }
  if (!properEnd(l1) || !properEnd(l2)) {
    const err = merge2Failure(fn, l1, l2, reverse2);
    if (err) throw err;
  }
  const [xs, ys] = allProper(fn, args, [l1, l2]);
  return list(m(xs, ys, whole));
}

function merge3(m: Merge, fn: string, l1: Term, l2: Term, l3: Term): Term {
  const two = fn.slice(0, -1);
  if (l2 === NIL) return merge2(m, two, l1, l3);
  if (l3 === NIL) return merge2(m, two, l1, l2);
  const args = [l1, l2, l3];
  if (!(l2 instanceof Cons && l3 instanceof Cons)) throw fc(fn, args);
  if (!isList(l1)) {
    const [h2, t2, h3, t3] = [l2.h, l2.t, l3.h, l3.t];
    const helper: Record<string, [string, Term[]]> = {
      merge3: ["merge3_1", [l1, NIL, h2, t2, h3, t3]],
      rmerge3: ["rmerge3_1", [l1, NIL, h2, t2, h3, t3]],
      umerge3: ["umerge3_1", [l1, new Cons(h2, h3), t2, h2, NIL, t3, h3]],
      rumerge3: ["rumerge3_1", [l1, t2, h2, NIL, t3, h3]],
    };
    const [name, helperArgs] = helper[fn];
    throw clauseIn(name, helperArgs, [`${fn}/3`]);
  }
  const [xs, ys, zs] = allProper(fn, args, args);
  return list(m(m(xs, ys, whole), zs, whole));
}

/** merge/1 and umerge/1: the lists merged in turn, from the first. */
function mergeAll(m: Merge, fn: string, ls: Term): Term {
  const xs = isList(ls) ? listToArray(ls) : null;
  const all = xs?.map((l) => (isList(l) ? listToArray(l) : null));
  // (mergel/2 and umergel/3, their last calls, pair the lists up by their clauses)
  if (all === undefined || all.some((l) => l === null)) throw fn === "merge" ? fc("mergel", [ls, NIL]) : fc("umergel", [ls, NIL, a("asc")]);
  return list((all as Term[][]).reduce((acc, l) => m(acc, l, whole), [] as Term[]));
}

/** Where the key merges' case on a list and their element/2 of its head are (lists.erl). */
const KEY_MERGE_LINES: Record<string, [number, number]> = {
  keymerge: [849, 853], rkeymerge: [864, 868], ukeymerge: [952, 956], rukeymerge: [967, 971],
};

function keyMerge(m: Merge, fn: string, n: Term, l1: Term, l2: Term): Term {
  const args = [n, l1, l2];
  if (!isInteger(n) || n < 1) throw fc(fn, args);
  const [caseLine, elementLine] = KEY_MERGE_LINES[fn];
  // (ukeymerge looks at its first list, the others at their second)
  const [looked, other] = fn === "ukeymerge" ? [l1, l2] : [l2, l1];
  if (looked === NIL) return other;
  if (!(looked instanceof Cons)) throw raisedIn(caseClauseError(looked), `${fn}/3`, caseLine);
  const h = looked.h;
  if (!Array.isArray(h) || h.length < (n as number)) {
    const err = withFrame(badArgs([[Array.isArray(h) ? 1 : 2, Array.isArray(h) ? "out of range" : "not a tuple"]]), "erlang", "element", [n, h]);
    throw calledFrom(err, "erlang:element/2", [[`${fn}/3`, elementLine]]);
  }
  if (!isList(other)) {
    const e = h[(n as number) - 1];
    const helper: Record<string, [string, Term[]]> = {
      keymerge: ["keymerge2_1", [n, other, e, h, looked.t, NIL]],
      rkeymerge: ["rkeymerge2_1", [n, other, e, h, looked.t, NIL]],
      ukeymerge: ["ukeymerge2_2", [n, looked.t, e, h, other, NIL]],
      rukeymerge: ["rukeymerge2_1", [n, other, e, looked.t, NIL, h]],
    };
    const [name, helperArgs] = helper[fn];
    throw clauseIn(name, helperArgs, [`${fn}/3`]);
  }
  const key = keyOfTuple(n, fn, args);
  const [xs, ys] = allProper(fn, args, [l1, l2]);
  return list(m(xs, ys, key));
}

/**
 * uniq/1: uniq_1/2 keeps an element not yet in its map of those seen (a body-recursive call
 * past it) and skips one that is (a last call); an end that is not [] fails there with the
 * map, the calls waiting below.
 */
function uniq(l: Term): Term {
  const seen = new Map<unknown, Term>();
  const kept: Term[] = [];
  let c = l;
  for (; c instanceof Cons; c = c.t) {
    const k = keyOf(c.h);
    if (seen.has(k)) continue;
    seen.set(k, c.h);
    kept.push(c.h);
  }
  if (c !== NIL) throw clauseIn("uniq_1", [c, MapTerm.fromPairs([...seen.values()].map((x) => [x, true] as [Term, Term]))], waiting(kept.length, ["uniq_1/2", 2993]));
  return list(kept);
}

function flatlength(l: Term): Term {
  const xs = flattenArray(l);
  return xs === null ? flatlength2(l, 0, []) : xs.length;
}

/** `l` reversed in front of `tail`, walking the cells once; undefined for an improper list. */
function reverseOnto(l: Term, tail: Term): Term | undefined {
  let acc = tail;
  let c = l;
  for (let n = 1; c instanceof Cons; c = c.t, n++) {
    acc = new Cons(c.h, acc);
    if ((n & 0xffff) === 0) {
      pollInterrupt();
      if ((n & 0x1fffff) === 0) reserve(0x200000 * CONS_BYTES);
    }
  }
  return c === NIL ? acc : undefined;
}

/** The reverse/2 BIF. */
function reverse2(l: Term, tail: Term): Term {
  const r = reverseOnto(l, tail);
  if (r === undefined) throw withFrame(badArgs([[1, l instanceof Cons ? "not a proper list" : "not a list"]]), "lists", "reverse", [l, tail]);
  return r;
}

function lists(fn: string, l: Term): Term[] {
  return proper(l, fn, [l]);
}

/** enumerate/1,2: a list numbered from `from` (enumerate_1/2 fails at an improper end). */
function enumerate(from: Term, l: Term, args: Term[]): Term {
  if (!isInteger(from) || !isList(l)) throw fc("enumerate", args);
  const [cells, end] = spine(l);
  if (end !== NIL) throw clauseIn("enumerate_1", [iadd(from, cells.length), end], waiting(cells.length, "enumerate_1/2"));
  return list(cells.map((c, i) => [iadd(from, i), c.h]));
}

function reverse1(l: Term): Term {
  const r = reverseOnto(l, NIL);
  if (r !== undefined) return r;
  // OTP reverses two cells itself, then hands the rest to the reverse/2 BIF.
  if (!(l instanceof Cons) || !(l.t instanceof Cons)) throw fc("reverse", [l]);
  return reverse2(l.t.t, list([l.t.h, l.h]));
}

/**
 * `l` reversed onto `tail`, in steps when long; `whole` (the native done at once) is run
 * again to raise its error when `l` turns out improper.
 */
function reverseInSteps(l: Term, tail: Term, arity: number, whole: () => Term): Term {
  let c = l;
  let acc = tail;
  for (let n = 0; c instanceof Cons && n < LARGE; c = c.t, n++) acc = new Cons(c.h, acc);
  if (!(c instanceof Cons)) return c === NIL ? acc : whole();
  const work: Work = {
    step() {
      for (let k = 0; k < STEP_UNITS && c instanceof Cons; k++, c = c.t) acc = new Cons(c.h, acc);
      if (c instanceof Cons) return false;
      if (c !== NIL) whole();
      return true;
    },
    result: () => acc,
    held: () => acc,
  };
  return inSteps("lists", "reverse", arity, work);
}


// ---------------------------------------------------------------------------
// Failing as OTP's code fails. Given an improper list or a bad argument, lists.erl fails
// in the helper walking it, with that helper's arguments at that point (the improper
// tail, an accumulator), below it the entries of the functions waiting on it (a body-
// recursive call leaves one; a last call none). The natives run fast on good input and
// work out that failure only when they meet bad input.

/** A caller's entry: its "name/arity" (at its call to the entry above, from the table of lists.erl's bodies) or that and a line. */
type Caller = string | [string, number];

/** The BEAM's most entries (its backtrace depth). */
const MAX_ENTRIES = 8;

function lineEntry(fa: string, line: number): Term[] {
  const slash = fa.lastIndexOf("/");
  const entry: Term[] = [a("lists"), a(fa.slice(0, slash)), Number(fa.slice(slash + 1)), list([[a("file"), list([..."lists.erl"].map((c) => c.charCodeAt(0)))], [a("line"), line]])];
  locatedEntries.add(entry);
  return entry;
}

/**
 * `err` (whose stack trace holds the entry of the lists function that raised it, `callee`
 * "name/arity") with the entries of `callers` below (innermost first), each at its call to
 * the one above; a return address right after the same one shows once, as on the BEAM.
 */
function calledFrom(err: BeamError, callee: string, callers: Caller[]): BeamError {
  const entries: Term[] = err.stacktrace instanceof Cons ? (listToArray(err.stacktrace) ?? []) : [];
  let last = "";
  for (const c of callers) {
    if (entries.length >= MAX_ENTRIES) break;
    const [fa, line] = typeof c === "string" ? [c, callSite("lists", c, "lists:" + callee)] : c;
    callee = fa;
    if (line === undefined) continue;
    const key = `${fa}:${line}`;
    if (key === last) continue;
    last = key;
    entries.push(lineEntry(fa, line));
  }
  err.stacktrace = list(entries);
  return err;
}

/** FunctionClauseError of lists:`fn` given `args`, called from `callers` (innermost first). */
function clauseIn(fn: string, args: Term[], callers: Caller[] = []): BeamError {
  return calledFrom(fc(fn, args), `${fn}/${args.length}`, callers);
}

/** An error the BEAM raised inside lists:`fa` at `line` (inline arithmetic: no operands shown). */
function raisedIn(err: BeamError, fa: string, line: number, callers: Caller[] = []): BeamError {
  err.stacktrace = list([lineEntry(fa, line)]);
  return calledFrom(err, fa, callers);
}

/** The cells of a list's spine and what ends it ([] for a proper list). */
function spine(l: Term): [Cons[], Term] {
  const cells: Cons[] = [];
  let c = l;
  for (; c instanceof Cons; c = c.t) cells.push(c);
  return [cells, c];
}

/** `n` waiting calls of a body-recursive function: one entry (repeated return addresses show once). */
const waiting = (n: number, c: Caller): Caller[] => (n > 0 ? [c] : []);

/**
 * do_flatten/2 as lists.erl evaluates it (a cell's tail before its head: the last nested
 * list is flattened first), raising where it fails: each cell still waiting on its tail
 * leaves an entry (line 660 for a cell whose head is a list, 662 for the others).
 */
function doFlatten(l: Term, tail: Term, outer: Caller[]): Term {
  const [cells, end] = spine(l);
  const waitingOn = (upTo: number): Caller[] => {
    const out: Caller[] = [];
    for (let i = upTo - 1; i >= 0 && out.length < MAX_ENTRIES; i--) out.push(["do_flatten/2", isList(cells[i].h) ? 660 : 662]);
    return [...out, ...outer];
  };
  if (end !== NIL) throw clauseIn("do_flatten", [end, tail], waitingOn(cells.length));
  let acc = tail;
  for (let i = cells.length - 1; i >= 0; i--) {
    const h = cells[i].h;
    // (the head's flattening is the cell's last call: no entry of that cell)
    acc = isList(h) ? doFlatten(h, acc, waitingOn(i)) : new Cons(h, acc);
  }
  return acc;
}

/** flatlength/2 as lists.erl evaluates it (a list head's tail first, line 676), raising where it fails. */
function flatlength2(l: Term, n: Term, outer: Caller[]): Term {
  const [cells, end] = spine(l);
  let acc = n;
  for (const c of cells) if (!isList(c.h)) acc = numAdd(acc, 1);
  if (end !== NIL) {
    const out: Caller[] = [];
    for (let i = cells.length - 1; i >= 0 && out.length < MAX_ENTRIES; i--) if (isList(cells[i].h)) out.push(["flatlength/2", 676]);
    throw clauseIn("flatlength", [end, acc], [...out, ...outer]);
  }
  for (let i = cells.length - 1; i >= 0; i--) {
    if (!isList(cells[i].h)) continue;
    const out: Caller[] = [];
    for (let j = i - 1; j >= 0 && out.length < MAX_ENTRIES; j--) if (isList(cells[j].h)) out.push(["flatlength/2", 676]);
    acc = flatlength2(cells[i].h, acc, [...out, ...outer]);
  }
  return acc;
}

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "lists",
  fns: {
    "reverse/1": ([l]) => reverseInSteps(l, NIL, 1, () => reverse1(l)),
    "reverse/2": ([l, tail]) => reverseInSteps(l, tail, 2, () => reverse2(l, tail)),
    "sort/1": ([l]) => {
      if (!sortable(l)) throw sort1Failure(l) ?? fc("sort", [l]);
      return sortList(lists("sort", l));
    },
    "usort/1": ([l]) => {
      if (!sortable(l)) throw usort1Failure(l) ?? fc("usort", [l]);
      return list(usort(lists("usort", l)));
    },
    "nth/2": ([n, l]) => nth(n, l),
    "nthtail/2": ([n, l]) => nthtail(n, l),
    "last/1": ([l]) => {
      if (!(l instanceof Cons)) throw fc("last", [l]);
      const [cells, end] = spine(l);
      const e = cells[cells.length - 1].h;
      if (end !== NIL) throw fc("last", [e, end]);
      return e;
    },
    "droplast/1": ([l]) => {
      const [cells, end] = spine(l);
      // (droplast([_]) ends it: a list of none, or an improper one, fails at its end)
      if (end !== NIL || cells.length === 0) throw clauseIn("droplast", [end], waiting(cells.length, "droplast/1"));
      return list(cells.slice(0, -1).map((c) => c.h));
    },
    "seq/2": ([f, t]) => {
      if (!isInteger(f) || !isInteger(t) || t < isub(f, 1)) throw fc("seq", [f, t]);
      return seq(f, t, 1, 2);
    },
    "seq/3": ([f, t, i]) => seq(f, t, i),
    "sum/1": ([l]) => {
      let acc: Term = 0;
      let c = l;
      for (; c instanceof Cons; c = c.t) acc = numAdd(acc, c.h);
      if (c !== NIL) throw fc("sum", [c, acc]);
      return acc;
    },
    "max/1": ([l]) => extreme(l, "max", 1),
    "min/1": ([l]) => extreme(l, "min", -1),
    "member/2": ([x, l]) => member(x, l),
    "append/1": ([ls]) => append1(ls),
    // (lists.erl's append/2 and subtract/2 are L1 ++ L2 and L1 -- L2: the operator's BIF
    // raises, below it the function's frame)
    "append/2": ([l1, l2]) => inBif(() => append2(l1, l2), "++", [l1, l2]),
    "subtract/2": ([l1, l2]) => inBif(() => subtract(l1, l2), "--", [l1, l2]),
    "delete/2": ([x, l]) => {
      const before: Term[] = [];
      let c = l;
      for (; c instanceof Cons; c = c.t) {
        if (strictEquals(x, c.h)) return list(before, c.t);
        before.push(c.h);
      }
      if (c !== NIL) throw clauseIn("delete", [x, c], waiting(before.length, "delete/2"));
      return l;
    },
    "flatten/1": ([l]) => flatten(l, NIL, [l]),
    "flatten/2": ([l, t]) => flatten(l, t, [l, t]),
    "flatlength/1": ([l]) => flatlength(l),
    "duplicate/2": ([n, x]) => {
      if (!isInteger(n) || n < 0) throw fc("duplicate", [n, x]);
      return duplicateList(x, n, "lists", "duplicate");
    },
    "zip/2": ([l1, l2]) => zipN("zip", [l1, l2]),
    "zip3/3": ([l1, l2, l3]) => zipN("zip3", [l1, l2, l3]),
    "unzip/1": ([l]) => unzipN(l, 2),
    "unzip3/1": ([l]) => unzipN(l, 3),
    "keyfind/3": ([k, n, l]) => keyfind(k, n, l),
    "keymember/3": ([k, n, l]) => keymember(k, n, l),
    "keysearch/3": ([k, n, l]) => {
      const r = keyfind(k, n, l);
      return r === false ? false : [VALUE, r];
    },
    "keydelete/3": ([k, n, l]) => keydelete(k, n, l),
    "keyreplace/4": ([k, n, l, t]) => keyreplace(k, n, l, t),
    "keystore/4": ([k, n, l, t]) => keystore(k, n, l, t),
    "keytake/3": ([k, n, l]) => keytake(k, n, l),
    "keysort/2": ([n, l]) => {
      if (!isInteger(n) || n < 1) throw fc("keysort", [n, l]);
      // (a list of one element is sorted without a look at it)
      if (!sortable(l, hasKey(n))) return oneElement(l, keysortFailure(n as number, l) ?? fc("keysort", [n, l]));
      return list(keysortArray(n, lists("keysort", l)));
    },
    "ukeysort/2": ([n, l]) => {
      if (!isInteger(n) || n < 1) throw fc("ukeysort", [n, l]);
      if (!sortable(l, hasKey(n))) return oneElement(l, ukeysortFailure(n as number, l) ?? fc("ukeysort", [n, l]));
      const xs = keysortArray(n, lists("ukeysort", l));
      return list(usort(xs, (x) => x[(n as number) - 1]));
    },
    "keymerge/3": ([n, l1, l2]) => keyMerge(mergeBy, "keymerge", n, l1, l2),
    "rkeymerge/3": ([n, l1, l2]) => keyMerge(rmergeBy, "rkeymerge", n, l1, l2),
    "ukeymerge/3": ([n, l1, l2]) => keyMerge(umergeBy, "ukeymerge", n, l1, l2),
    "rukeymerge/3": ([n, l1, l2]) => keyMerge(rumergeBy, "rukeymerge", n, l1, l2),
    "sublist/2": ([l, len]) => sublist2(l, len),
    "sublist/3": ([l, s, len]) => sublist3(l, s, len),
    "split/2": ([n, l]) => split(n, l),
    // prefix/2 walks both lists while their heads match (=:=); suffix/2 takes length/1 of both
    "prefix/2": ([p, l]) => {
      let x = p;
      let y = l;
      for (; x instanceof Cons && y instanceof Cons && strictEquals(x.h, y.h); x = x.t, y = y.t);
      if (isList(y) && isList(x)) return x === NIL;
      throw fc("prefix", [x, y]);
    },
    "suffix/2": ([s, l]) => {
      for (const t of [l, s]) {
        if (!isList(t) || listToArray(t) === null) throw calledFrom(withFrame(badArgs([[1, "not a list"]]), "erlang", "length", [t]), "erlang:length/1", [["suffix/2", 233]]);
      }
      const ss = listToArray(s)!, xs = listToArray(l)!;
      const off = xs.length - ss.length;
      return off >= 0 && ss.every((x, i) => strictEquals(x, xs[off + i]));
    },
    "merge/1": ([ls]) => mergeAll(mergeBy, "merge", ls),
    "merge/2": ([l1, l2]) => merge2(mergeBy, "merge", l1, l2),
    "merge3/3": ([l1, l2, l3]) => merge3(mergeBy, "merge3", l1, l2, l3),
    "rmerge/2": ([l1, l2]) => merge2(rmergeBy, "rmerge", l1, l2),
    "rmerge3/3": ([l1, l2, l3]) => merge3(rmergeBy, "rmerge3", l1, l2, l3),
    "umerge/1": ([ls]) => mergeAll(umergeBy, "umerge", ls),
    "umerge/2": ([l1, l2]) => merge2(umergeBy, "umerge", l1, l2),
    "umerge3/3": ([l1, l2, l3]) => merge3(umergeBy, "umerge3", l1, l2, l3),
    "rumerge/2": ([l1, l2]) => merge2(rumergeBy, "rumerge", l1, l2),
    "rumerge3/3": ([l1, l2, l3]) => merge3(rumergeBy, "rumerge3", l1, l2, l3),
    "enumerate/1": ([l]) => enumerate(1, l, [l]),
    "enumerate/2": ([s, l]) => enumerate(s, l, [s, l]),
    "join/2": ([sep, l]) => {
      const [cells, end] = spine(l);
      if (end !== NIL) {
        if (cells.length === 0) throw fc("join", [sep, l]);
        throw clauseIn("join_prepend", [sep, end], [...waiting(cells.length - 1, "join_prepend/2"), "join/2"]);
      }
      return list(cells.flatMap((c, i) => (i === 0 ? [c.h] : [sep, c.h])));
    },
    "uniq/1": ([l]) => uniq(l),
  },
};
