// The storage of :ordered_set ETS tables: objects in key term order (keys equal by ==, as
// the BEAM's ordered_set compares them), kept in a list of short sorted runs so that insert,
// delete, lookup, first/last and next/prev take O(log n) (a binary search over the runs,
// then within one run; a run is split when it grows past RUN and dropped when empty).
import type { Term } from "../runtime/term.js";
import { compare } from "../runtime/term-order.js";

const RUN = 256;

export class OrderedObjects {
  /** Sorted runs of objects; every key of a run is below every key of the next. */
  private runs: Term[][][] = [];
  size = 0;

  constructor(private readonly keypos: number) {}

  private key(o: Term[]): Term {
    return o[this.keypos - 1];
  }

  /** Index of the first run whose last key is >= key (runs.length when none). */
  private runFor(key: Term): number {
    let lo = 0;
    let hi = this.runs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const run = this.runs[mid];
      if (compare(this.key(run[run.length - 1]), key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index in `run` of the first object whose key is >= key. */
  private lowerBound(run: Term[][], key: Term): number {
    let lo = 0;
    let hi = run.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(this.key(run[mid]), key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** [run index, position] of the first object whose key is >= key. */
  private locate(key: Term): [number, number] {
    const r = this.runFor(key);
    if (r === this.runs.length) return [r, 0];
    return [r, this.lowerBound(this.runs[r], key)];
  }

  get(key: Term): Term[] | undefined {
    const [r, i] = this.locate(key);
    const o = this.runs[r]?.[i];
    return o !== undefined && compare(this.key(o), key) === 0 ? o : undefined;
  }

  /** Inserts or replaces the object of its key; true when the key is new. */
  put(obj: Term[]): boolean {
    const key = this.key(obj);
    if (this.runs.length === 0) {
      this.runs.push([obj]);
      this.size = 1;
      return true;
    }
    let [r, i] = this.locate(key);
    if (r === this.runs.length) {
      // Past every key: the end of the last run.
      r = this.runs.length - 1;
      i = this.runs[r].length;
    } else if (compare(this.key(this.runs[r][i]), key) === 0) {
      this.runs[r][i] = obj;
      return false;
    }
    const run = this.runs[r];
    run.splice(i, 0, obj);
    this.size++;
    if (run.length > RUN) this.runs.splice(r + 1, 0, run.splice(run.length >> 1));
    return true;
  }

  /** Removes the object of `key`; true when there was one. */
  delete(key: Term): boolean {
    const [r, i] = this.locate(key);
    const run = this.runs[r];
    if (run === undefined || i >= run.length || compare(this.key(run[i]), key) !== 0) return false;
    run.splice(i, 1);
    if (run.length === 0) this.runs.splice(r, 1);
    this.size--;
    return true;
  }

  first(): Term[] | undefined {
    return this.runs[0]?.[0];
  }

  last(): Term[] | undefined {
    const run = this.runs[this.runs.length - 1];
    return run?.[run.length - 1];
  }

  /** The object with the smallest key above `key`. */
  after(key: Term): Term[] | undefined {
    let [r, i] = this.locate(key);
    const o = this.runs[r]?.[i];
    if (o !== undefined && compare(this.key(o), key) === 0) i++;
    if (this.runs[r] !== undefined && i >= this.runs[r].length) {
      r++;
      i = 0;
    }
    return this.runs[r]?.[i];
  }

  /** The object with the largest key below `key`. */
  before(key: Term): Term[] | undefined {
    const [r, i] = this.locate(key);
    if (i > 0) return this.runs[r][i - 1];
    const prev = this.runs[r - 1];
    return prev?.[prev.length - 1];
  }

  /** The object at position `n` in key order (ets:slot/2). */
  at(n: number): Term[] | undefined {
    for (const run of this.runs) {
      if (n < run.length) return run[n];
      n -= run.length;
    }
    return undefined;
  }

  /** Objects in key order (descending when `reverse`), starting past `from` when given. */
  *walk(reverse: boolean, from?: Term): Generator<Term[]> {
    if (!reverse) {
      let [r, i] = from === undefined ? [0, 0] : this.locate(from);
      for (; r < this.runs.length; r++, i = 0) {
        const run = this.runs[r];
        for (; i < run.length; i++) if (from === undefined || compare(this.key(run[i]), from) > 0) yield run[i];
      }
      return;
    }
    let r: number;
    let i: number;
    if (from === undefined) {
      r = this.runs.length - 1;
      i = (this.runs[r]?.length ?? 0) - 1;
    } else {
      [r, i] = this.locate(from);
      i--;
      if (i < 0) {
        r--;
        i = (this.runs[r]?.length ?? 0) - 1;
      }
    }
    for (; r >= 0; r--, i = (this.runs[r]?.length ?? 0) - 1) {
      const run = this.runs[r];
      for (; i >= 0; i--) yield run[i];
    }
  }

  toArray(): Term[][] {
    return this.runs.flat();
  }

  clear(): void {
    this.runs = [];
    this.size = 0;
  }
}
