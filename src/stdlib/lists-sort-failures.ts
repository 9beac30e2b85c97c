// Where lists:sort/1, usort/1, keysort/2 and ukeysort/2 fail on bad input, as OTP 25's
// lists.erl does. The natives sort good input at once; given an improper list (or, for the
// key sorts, an element that has no such key) they run here the walk lists.erl makes
// before merging: its head clauses, then the split helpers that gather runs (split_1/5,
// usplit_2/5, keysplit_1/8, ukeysplit_2/5...) until one meets the end that is not [] (its
// FunctionClauseError with its arguments there) or an element whose key element/2 cannot
// take (that BIF's error, under the helper at the line of its case). The walk never calls
// user code and stops at the first failure; all its calls are last calls, so only the
// function that failed shows.
import { BeamError, badArgs, caseClauseError } from "../runtime/errors.js";
import { withFrame } from "../runtime/arith.js";
import { compare, looseEquals } from "../runtime/term-order.js";
import { Cons, NIL, Term, a, list } from "../runtime/term.js";
import { functionClause } from "./enumerable.js";
import { locatedEntries } from "./library-frames.js";

const cons = (h: Term, t: Term): Term => new Cons(h, t);
const le = (x: Term, y: Term) => compare(x, y) <= 0;
const lt = (x: Term, y: Term) => compare(x, y) < 0;
const eq = (x: Term, y: Term) => looseEquals(x, y);
const fc = (fn: string, args: Term[]) => functionClause("lists", fn, args);

/** Whether `l` ends in [] and every element passes `ok` (the natives' fast path then). */
export function sortable(l: Term, ok: (x: Term) => boolean = () => true): boolean {
  let c = l;
  for (; c instanceof Cons; c = c.t) if (!ok(c.h)) return false;
  return c === NIL;
}

function lineEntry(fa: string, line: number): Term[] {
  const slash = fa.lastIndexOf("/");
  const entry: Term[] = [a("lists"), a(fa.slice(0, slash)), Number(fa.slice(slash + 1)), list([[a("file"), list([..."lists.erl"].map((c) => c.charCodeAt(0)))], [a("line"), line]])];
  locatedEntries.add(entry);
  return entry;
}

/** `err` raised in lists:`fa` at `line`. */
function raisedAt(err: BeamError, fa: string, line: number): BeamError {
  err.stacktrace = list([lineEntry(fa, line)]);
  return err;
}

/** lists:sort/1's failure on `l` (a list that is not proper, or no list); null if it has none. */
export function sort1Failure(l: Term): BeamError | null {
  if (!(l instanceof Cons) || !(l.t instanceof Cons)) return l === NIL || (l instanceof Cons && l.t === NIL) ? null : fc("sort", [l]);
  let x = l.h;
  let y = l.t.h;
  let rest = l.t.t;
  if (rest === NIL || (rest instanceof Cons && rest.t === NIL)) return null;
  let r: Term = NIL;
  if (le(x, y) && eq(x, y)) {
    // sort_1/3: a run of equal elements, gathered
    r = list([x]);
    x = y;
    for (;;) {
      if (!(rest instanceof Cons)) return rest === NIL ? null : fc("sort_1", [x, rest, r]);
      const z = rest.h;
      rest = rest.t;
      if (eq(x, z)) { r = cons(x, r); x = z; continue; }
      if (lt(x, z)) { y = z; break; }
      y = z;
      return splits(x, y, rest, r, NIL, "split_2");
    }
    return splits(x, y, rest, r, NIL, "split_1");
  }
  return splits(x, y, rest, NIL, NIL, le(x, y) ? "split_1" : "split_2");
}

/** split_1/5, split_1_1/6 (ascending runs) and split_2/5, split_2_1/6 (descending). */
function splits(x: Term, y: Term, l: Term, r: Term, rs: Term, fn: string): BeamError | null {
  let s: Term = NIL;
  for (;;) {
    const one = fn.endsWith("_1_1") || fn.endsWith("_2_1");
    if (!(l instanceof Cons)) return l === NIL ? null : fc(fn, one ? [x, y, l, r, rs, s] : [x, y, l, r, rs]);
    const z = l.h;
    l = l.t;
    const asc = fn.startsWith("split_1");
    // ascending: z >= y, z >= x; descending: z =< y, z =< x
    const past = (p: Term) => (asc ? compare(z, p) >= 0 : compare(z, p) <= 0);
    if (past(y)) { r = cons(x, r); x = y; y = z; continue; }
    if (past(x)) { r = cons(x, r); x = z; continue; }
    if (!one) {
      if (r === NIL) { r = list([z]); continue; }
      s = z;
      fn = asc ? "split_1_1" : "split_2_1";
      continue;
    }
    rs = cons(cons(y, cons(x, r)), rs);
    r = NIL;
    // ascending: S =< Z starts S, Z; descending: S > Z starts S, Z
    const sFirst = asc ? le(s, z) : compare(s, z) > 0;
    [x, y] = sFirst ? [s, z] : [z, s];
    fn = asc ? "split_1" : "split_2";
  }
}

/** lists:usort/1's failure on `l`; null if it has none. */
export function usort1Failure(l: Term): BeamError | null {
  if (!(l instanceof Cons) || !(l.t instanceof Cons)) return l === NIL || (l instanceof Cons && l.t === NIL) ? null : fc("usort", [l]);
  let x = l.h;
  const y = l.t.h;
  let rest = l.t.t;
  if (lt(x, y) || compare(x, y) > 0) {
    if (rest === NIL || (rest instanceof Cons && rest.t === NIL)) return null;
    return usplits(x, y, rest, NIL, NIL, lt(x, y) ? "usplit_1" : "usplit_2");
  }
  // usort_1/2: elements equal to the first dropped
  for (;;) {
    if (!(rest instanceof Cons)) return rest === NIL ? null : fc("usort_1", [x, rest]);
    const z = rest.h;
    rest = rest.t;
    if (eq(x, z)) continue;
    return usplits(x, z, rest, NIL, NIL, lt(x, z) ? "usplit_1" : "usplit_2");
  }
}

/** usplit_1/5, usplit_1_1/6, usplit_2/5, usplit_2_1/6: as the split helpers, equal elements dropped. */
function usplits(x: Term, y: Term, l: Term, r: Term, rs: Term, fn: string): BeamError | null {
  let s: Term = NIL;
  for (;;) {
    const one = fn.endsWith("_1_1") || fn.endsWith("_2_1");
    if (!(l instanceof Cons)) return l === NIL ? null : fc(fn, one ? [x, y, l, r, rs, s] : [x, y, l, r, rs]);
    const z = l.h;
    l = l.t;
    const asc = fn.startsWith("usplit_1");
    const past = (p: Term) => (asc ? compare(z, p) > 0 : compare(z, p) < 0);
    if (past(y)) { r = cons(x, r); x = y; y = z; continue; }
    if (eq(z, y)) continue;
    if (past(x)) { r = cons(x, r); x = z; continue; }
    if (eq(z, x)) continue;
    if (!one) {
      if (r === NIL) { r = list([z]); continue; }
      s = z;
      fn = asc ? "usplit_1_1" : "usplit_2_1";
      continue;
    }
    if (eq(z, s)) continue;
    rs = cons(cons(y, cons(x, r)), rs);
    r = NIL;
    [x, y] = past(s) ? [s, z] : [z, s];
    fn = asc ? "usplit_1" : "usplit_2";
  }
}

/** element(I, T) as the key sorts take it: its error under lists:`fa` at `line`. */
function keyAt(i: number, t: Term, fa: string, line: number): Term {
  if (Array.isArray(t) && t.length >= i) return t[i - 1];
  const err = withFrame(badArgs([[Array.isArray(t) ? 1 : 2, Array.isArray(t) ? "out of range" : "not a tuple"]]), "erlang", "element", [i, t]);
  const st = err.stacktrace instanceof Cons ? err.stacktrace.h : null;
  err.stacktrace = list([...(st === null ? [] : [st]), lineEntry(fa, line)]);
  throw err;
}

/** The key sorts' failure: run the walk, catching the element/2 error it throws. */
function caught(walk: () => BeamError | null): BeamError | null {
  try {
    return walk();
  } catch (e) {
    if (e instanceof BeamError) return e;
    throw e;
  }
}

/** lists:keysort/2's failure on `l` given a good index `i`; null if it has none. */
export function keysortFailure(i: number, l: Term): BeamError | null {
  return caught(() => {
    if (l === NIL || (l instanceof Cons && l.t === NIL)) return null;
    if (!(l instanceof Cons) || !(l.t instanceof Cons)) return raisedAt(caseClauseError(l), "keysort/2", 785);
    const [x, y, t] = [l.h, l.t.h, l.t.t];
    const ex = keyAt(i, x, "keysort/2", 789);
    const ey = keyAt(i, y, "keysort/2", 789);
    if (le(ex, ey)) {
      if (t === NIL) return null;
      if (t instanceof Cons && t.t === NIL) return (keyAt(i, t.h, "keysort/2", 795), null);
      if (eq(x, y)) {
        // keysort_1/5: a run of elements equal to the first
        let [cx, r, rest] = [y, list([x]), t];
        for (;;) {
          if (!(rest instanceof Cons)) return rest === NIL ? null : fc("keysort_1", [i, cx, ex, rest, r]);
          const z = rest.h;
          rest = rest.t;
          if (eq(cx, z)) { r = cons(cx, r); cx = z; continue; }
          const ez = keyAt(i, z, "keysort_1/5", 830);
          return keysplits(i, cx, ex, z, ez, rest, r, NIL, le(ex, ez));
        }
      }
      return keysplits(i, x, ex, y, ey, t, NIL, NIL, true);
    }
    if (t === NIL) return null;
    if (t instanceof Cons && t.t === NIL) return (keyAt(i, t.h, "keysort/2", 813), null);
    return keysplits(i, x, ex, y, ey, t, NIL, NIL, false);
  });
}

const KEYSPLIT_LINES: Record<string, number> = { keysplit_1: 2111, keysplit_1_1: 2125, keysplit_2: 2140, keysplit_2_1: 2154 };

/** keysplit_1/8, keysplit_1_1/10 (ascending), keysplit_2/8, keysplit_2_1/10 (descending). */
function keysplits(i: number, x: Term, ex: Term, y: Term, ey: Term, l: Term, r: Term, rs: Term, asc: boolean): BeamError | null {
  let one = false;
  let s: Term = NIL;
  let es: Term = NIL;
  for (;;) {
    const fn = `keysplit_${asc ? 1 : 2}${one ? "_1" : ""}`;
    if (!(l instanceof Cons)) {
      if (l === NIL) return null;
      return fc(fn, one ? [i, x, ex, y, ey, es, r, rs, s, l] : [i, x, ex, y, ey, l, r, rs]);
    }
    const z = l.h;
    l = l.t;
    const ez = keyAt(i, z, `${fn}/${one ? 10 : 8}`, KEYSPLIT_LINES[fn]);
    // ascending: EY =< EZ, EX =< EZ; descending: EY > EZ, EX > EZ
    const past = (p: Term) => (asc ? le(p, ez) : compare(p, ez) > 0);
    if (past(ey)) { r = cons(x, r); [x, ex, y, ey] = [y, ey, z, ez]; continue; }
    if (past(ex)) { r = cons(x, r); [x, ex] = [z, ez]; continue; }
    if (!one) {
      if (r === NIL) { r = list([z]); continue; }
      [s, es, one] = [z, ez, true];
      continue;
    }
    rs = cons(cons(y, cons(x, r)), rs);
    r = NIL;
    one = false;
    [x, ex, y, ey] = past(es) ? [s, es, z, ez] : [z, ez, s, es];
  }
}

/** lists:ukeysort/2's failure on `l` given a good index `i`; null if it has none. */
export function ukeysortFailure(i: number, l: Term): BeamError | null {
  return caught(() => {
    if (l === NIL || (l instanceof Cons && l.t === NIL)) return null;
    if (!(l instanceof Cons) || !(l.t instanceof Cons)) return raisedAt(caseClauseError(l), "ukeysort/2", 880);
    const [x, y, t] = [l.h, l.t.h, l.t.t];
    const ex = keyAt(i, x, "ukeysort/2", 884);
    const ey = keyAt(i, y, "ukeysort/2", 884);
    if (eq(ex, ey)) {
      // ukeysort_1/4: elements with the first's key dropped
      let rest = t;
      for (;;) {
        if (!(rest instanceof Cons)) return rest === NIL ? null : fc("ukeysort_1", [i, x, ex, rest]);
        const z = rest.h;
        rest = rest.t;
        const ez = keyAt(i, z, "ukeysort_1/4", 931);
        if (eq(ex, ez)) continue;
        return lt(ex, ez) ? ukeysplit1(i, x, ex, z, ez, rest, NIL, NIL) : ukeysplit2(i, z, ez, rest, list([x]));
      }
    }
    if (t === NIL) return null;
    if (t instanceof Cons && t.t === NIL) return (keyAt(i, t.h, "ukeysort/2", lt(ex, ey) ? 892 : 912), null);
    return lt(ex, ey) ? ukeysplit1(i, x, ex, y, ey, t, NIL, NIL) : ukeysplit2(i, y, ey, t, list([x]));
  });
}

/** ukeysplit_1/8 and ukeysplit_1_1/10 (ascending runs, equal keys dropped). */
function ukeysplit1(i: number, x: Term, ex: Term, y: Term, ey: Term, l: Term, r: Term, rs: Term): BeamError | null {
  let one = false;
  let s: Term = NIL;
  let es: Term = NIL;
  for (;;) {
    const fn = one ? "ukeysplit_1_1" : "ukeysplit_1";
    if (!(l instanceof Cons)) {
      if (l === NIL) return null;
      return fc(fn, one ? [i, x, ex, y, ey, l, r, rs, s, es] : [i, x, ex, y, ey, l, r, rs]);
    }
    const z = l.h;
    l = l.t;
    const ez = keyAt(i, z, one ? "ukeysplit_1_1/10" : "ukeysplit_1/8", one ? 2388 : 2370);
    if (eq(ey, ez)) continue;
    if (lt(ey, ez)) { r = cons(x, r); [x, ex, y, ey] = [y, ey, z, ez]; continue; }
    if (eq(ex, ez)) continue;
    if (lt(ex, ez)) { r = cons(x, r); [x, ex] = [z, ez]; continue; }
    if (!one) {
      if (r === NIL) { r = list([z]); continue; }
      [s, es, one] = [z, ez, true];
      continue;
    }
    if (eq(es, ez)) continue;
    rs = cons(cons(y, cons(x, r)), rs);
    r = NIL;
    one = false;
    [x, ex, y, ey] = lt(es, ez) ? [s, es, z, ez] : [z, ez, s, es];
  }
}

/** ukeysplit_2/5 (a descending run, equal keys dropped), which turns into ukeysplit_1/8. */
function ukeysplit2(i: number, y: Term, ey: Term, l: Term, r: Term): BeamError | null {
  for (;;) {
    if (!(l instanceof Cons)) return l === NIL ? null : fc("ukeysplit_2", [i, y, ey, l, r]);
    const z = l.h;
    l = l.t;
    const ez = keyAt(i, z, "ukeysplit_2/5", 2409);
    if (eq(ey, ez)) continue;
    if (lt(ey, ez)) {
      const rev: Term[] = [];
      for (let c = r; c instanceof Cons; c = c.t) rev.unshift(c.h);
      return ukeysplit1(i, y, ey, z, ez, l, NIL, list([list(rev)]));
    }
    r = cons(y, r);
    [y, ey] = [z, ez];
  }
}
