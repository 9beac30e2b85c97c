// Where lists:merge/2, rmerge/2, umerge/2 and rumerge/2 fail when a list is not proper, as
// OTP 25's lists.erl does. The natives merge proper lists at once; otherwise the merge is
// walked here as lists.erl's helpers walk it (merge2_1/4 and merge2_2/5, umerge2_1/5 and
// umerge2_2/4...), each a last call of the one before, gathering the merged elements in
// reverse, until a helper meets a tail that is neither a cell nor [] (its
// FunctionClauseError, with its arguments there) or hands an improper rest to
// lists:reverse/2 (that BIF's badarg, the helper's frame and line below it). Under either
// sits the merge itself, waiting at its lists:reverse(Helper(...), []) call.
import { BeamError } from "../runtime/errors.js";
import { compare, looseEquals } from "../runtime/term-order.js";
import { Cons, NIL, Term, a, list } from "../runtime/term.js";
import { functionClause } from "./enumerable.js";
import { locatedEntries } from "./library-frames.js";

const le = (x: Term, y: Term) => compare(x, y) <= 0;
const eq = (x: Term, y: Term) => looseEquals(x, y);
const cons = (h: Term, t: Term): Term => new Cons(h, t);

function lineEntry(fa: string, line: number): Term[] {
  const slash = fa.lastIndexOf("/");
  const entry: Term[] = [a("lists"), a(fa.slice(0, slash)), Number(fa.slice(slash + 1)), list([[a("file"), list([..."lists.erl"].map((c) => c.charCodeAt(0)))], [a("line"), line]])];
  locatedEntries.add(entry);
  return entry;
}

/** lists.erl's lines of the merges' calls of their helpers. */
const LINES: Record<string, number> = { "merge/2": 610, "rmerge/2": 622, "umerge/2": 1220, "rumerge/2": 1233 };

type Reverse = (l: Term, tail: Term) => Term;

/** Thrown by a walk step: which helper failed, and how. */
class Failed {
  constructor(
    readonly err: BeamError,
    readonly frames: [string, number][],
  ) {}
}

/**
 * The error lists:`fn`(l1, l2) raises, for lists that are not both proper (undefined if the
 * walk reaches its end: it cannot then, as every merge walks both lists to their ends).
 * `reverse` is the lists:reverse/2 BIF (its badarg, with its own frame, on an improper list).
 */
export function merge2Failure(fn: string, l1: Term, l2: Term, reverse: Reverse): BeamError | undefined {
  const helperFc = (name: string, args: Term[]) => new Failed(functionClause("lists", name, args), []);
  const rev = (name: string, arity: number, line: number, l: Term, tail: Term): void => {
    try {
      reverse(l, tail);
    } catch (e) {
      if (e instanceof BeamError) throw new Failed(e, [[`${name}/${arity}`, line]]);
      throw e;
    }
  };
  try {
    walk(fn, l1, l2, helperFc, rev);
    return undefined;
  } catch (e) {
    if (!(e instanceof Failed)) throw e;
    // the error's own entry (the helper with its arguments, or reverse/2's), then the frames below it
    const own = e.err.stacktrace instanceof Cons ? [e.err.stacktrace.h] : [];
    const entries = [...own, ...e.frames.map(([fa, line]) => lineEntry(fa, line)), lineEntry(`${fn}/2`, LINES[`${fn}/2`])];
    e.err.stacktrace = list(entries);
    return e.err;
  }
}

type Fc = (name: string, args: Term[]) => Failed;
type Rev = (name: string, arity: number, line: number, l: Term, tail: Term) => void;

function walk(fn: string, l1: Term, l2: Term, fc: Fc, rev: Rev): void {
  switch (fn) {
    case "merge": {
      if (!(l2 instanceof Cons)) return;
      // merge2_1(T1, H2, T2, M) / merge2_2(T1, HdM, T2, M, H1)
      let [t1, h2, t2, m] = [l1, l2.h, l2.t, NIL as Term];
      for (;;) {
        if (t1 instanceof Cons) {
          const h1 = t1.h;
          t1 = t1.t;
          if (le(h1, h2)) { m = cons(h1, m); continue; }
          let hdM = h2;
          for (;;) {
            if (t2 instanceof Cons) {
              const x = t2.h;
              t2 = t2.t;
              if (le(h1, x)) { m = cons(h1, cons(hdM, m)); h2 = x; break; }
              m = cons(hdM, m);
              hdM = x;
              continue;
            }
            if (t2 === NIL) return rev("merge2_2", 5, 1808, t1, cons(h1, cons(hdM, m)));
            throw fc("merge2_2", [t1, hdM, t2, m, h1]);
          }
          continue;
        }
        if (t1 === NIL) return rev("merge2_1", 4, 1801, t2, cons(h2, m));
        throw fc("merge2_1", [t1, h2, t2, m]);
      }
    }
    case "rmerge": {
      if (!(l2 instanceof Cons)) return;
      let [t1, h2, t2, m] = [l1, l2.h, l2.t, NIL as Term];
      for (;;) {
        if (t1 instanceof Cons) {
          const h1 = t1.h;
          t1 = t1.t;
          if (!le(h1, h2)) { m = cons(h1, m); continue; }
          let hdM = h2;
          for (;;) {
            if (t2 instanceof Cons) {
              const x = t2.h;
              t2 = t2.t;
              if (le(h1, x)) { m = cons(hdM, m); hdM = x; continue; }
              m = cons(h1, cons(hdM, m));
              h2 = x;
              break;
            }
            if (t2 === NIL) return rev("rmerge2_2", 5, 1824, t1, cons(h1, cons(hdM, m)));
            throw fc("rmerge2_2", [t1, hdM, t2, m, h1]);
          }
          continue;
        }
        if (t1 === NIL) return rev("rmerge2_1", 4, 1817, t2, cons(h2, m));
        throw fc("rmerge2_1", [t1, h2, t2, m]);
      }
    }
    case "umerge": {
      if (!(l1 instanceof Cons)) return;
      // umerge2_2(T1, T2, M, H1) / umerge2_1(T1, T2, M, HdM, H2)
      let [t1, t2, m, h1] = [l1.t, l2, NIL as Term, l1.h];
      for (;;) {
        // umerge2_2
        if (t2 instanceof Cons) {
          const h2 = t2.h;
          t2 = t2.t;
          if (!le(h1, h2)) { m = cons(h2, m); continue; }
          m = cons(h1, m);
          let hdM = h1;
          // umerge2_1
          for (;;) {
            if (t1 instanceof Cons) {
              const x = t1.h;
              t1 = t1.t;
              if (le(x, h2)) { m = cons(x, m); hdM = x; continue; }
              if (!eq(h2, hdM)) m = cons(h2, m);
              h1 = x;
              break;
            }
            if (t1 === NIL) return rev("umerge2_1", 5, eq(h2, hdM) ? 2074 : 2076, t2, eq(h2, hdM) ? m : cons(h2, m));
            throw fc("umerge2_1", [t1, t2, m, hdM, h2]);
          }
          continue;
        }
        if (t2 === NIL) return rev("umerge2_2", 4, 2083, t1, cons(h1, m));
        throw fc("umerge2_2", [t1, t2, m, h1]);
      }
    }
    case "rumerge": {
      if (!(l2 instanceof Cons)) return;
      // rumerge2_1(T1, T2, M, H2) / rumerge2_2(T1, T2, M, H2M, H1)
      let [t1, t2, m, h2] = [l1, l2.t, NIL as Term, l2.h];
      for (;;) {
        if (t1 instanceof Cons) {
          const h1 = t1.h;
          t1 = t1.t;
          if (!le(h1, h2)) { m = cons(h1, m); continue; }
          let h2m = h2;
          for (;;) {
            if (t2 instanceof Cons) {
              const x = t2.h;
              t2 = t2.t;
              if (le(h1, x)) { m = cons(h2m, m); h2m = x; continue; }
              m = eq(h1, h2m) ? cons(h1, m) : cons(h1, cons(h2m, m));
              h2 = x;
              break;
            }
            if (t2 === NIL) return rev("rumerge2_2", 5, eq(h1, h2m) ? 2103 : 2105, t1, eq(h1, h2m) ? cons(h1, m) : cons(h1, cons(h2m, m)));
            throw fc("rumerge2_2", [t1, t2, m, h2m, h1]);
          }
          continue;
        }
        if (t1 === NIL) return rev("rumerge2_1", 4, 2093, t2, cons(h2, m));
        throw fc("rumerge2_1", [t1, t2, m, h2]);
      }
    }
  }
}
