// MapTerm: Elixir maps (and structs). Immutable from the outside: every update returns a
// new MapTerm. Keys are compared with Erlang's exact equality (1 and 1.0 are different keys).
//
// Invariant: `entries` is keyed by `keyOf(k)`: JS primitives (safe integers, UTF-8 binaries
// that do not start with "\0", booleans, null), interned Atom objects and bigints are their
// own key; every other term is encoded as a canonical string starting with "\0".
import { Atom, Bin, Cons, EmptyList, Float, Pid, Port, Ref, Term, NIL } from "./term.js";

type Entry = [Term, Term];

export class MapTerm {
  /** key → [originalKey, value] */
  readonly entries: Map<unknown, Entry>;
  private _sorted: Entry[] | null = null;
  constructor(entries?: Map<unknown, Entry>) {
    this.entries = entries ?? new Map();
  }
  get size(): number {
    return this.entries.size;
  }
  get(k: Term): Term | undefined {
    const e = this.entries.get(keyOf(k));
    return e === undefined ? undefined : e[1];
  }
  has(k: Term): boolean {
    return this.entries.has(keyOf(k));
  }
  put(k: Term, v: Term): MapTerm {
    const m = new Map(this.entries);
    m.set(keyOf(k), [k, v]);
    return new MapTerm(m);
  }
  /** Several puts with one copy. */
  putMany(pairs: Iterable<Entry>): MapTerm {
    const m = new Map(this.entries);
    for (const [k, v] of pairs) m.set(keyOf(k), [k, v]);
    return new MapTerm(m);
  }
  delete(k: Term): MapTerm {
    const key = keyOf(k);
    if (!this.entries.has(key)) return this;
    const m = new Map(this.entries);
    m.delete(key);
    return new MapTerm(m);
  }
  /** Entries in Erlang term order of keys (how maps are printed and enumerated). */
  sorted(compare: (a: Term, b: Term) => number): Entry[] {
    if (this._sorted === null) {
      this._sorted = [...this.entries.values()].sort((x, y) => compare(x[0], y[0]));
    }
    return this._sorted;
  }
  static fromPairs(pairs: Iterable<Entry>): MapTerm {
    const m = new Map<unknown, Entry>();
    for (const [k, v] of pairs) m.set(keyOf(k), [k, v]);
    return new MapTerm(m);
  }
}

export const EMPTY_MAP = new MapTerm();

/** The JS Map key for a term (see the invariant above). */
export function keyOf(t: Term): unknown {
  switch (typeof t) {
    case "number":
    case "bigint":
    case "boolean":
      return t;
    case "string":
      return t.length > 0 && t.charCodeAt(0) === 0 ? "\0s" + t : t;
    case "object":
      if (t === null || t instanceof Atom) return t;
      return "\0" + encode(t);
  }
  return "\0" + encode(t);
}

/** Canonical string encoding of a term, equal for exactly-equal terms. */
export function encode(t: Term): string {
  switch (typeof t) {
    case "number":
      return "i" + t + ";";
    case "bigint":
      return "i" + t.toString() + ";";
    case "boolean":
      return t ? "a4:true" : "a5:false";
    case "string":
      return "s" + t.length + ":" + t;
  }
  if (t === null) return "a3:nil";
  if (t instanceof Atom) return "a" + t.name.length + ":" + t.name;
  if (t instanceof Float) return "f" + (Object.is(t.v, -0) ? 0 : t.v) + ";";
  if (Array.isArray(t)) return "t" + t.length + "(" + t.map(encode).join("") + ")";
  if (t === NIL || t instanceof EmptyList) return "l)";
  if (t instanceof Cons) {
    let s = "l(";
    let l: Term = t;
    while (l instanceof Cons) {
      s += encode(l.h);
      l = l.t;
    }
    return s + (l === NIL ? ")" : "|" + encode(l) + ")");
  }
  if (t instanceof MapTerm) {
    const parts = [...t.entries.values()].map(([k, v]) => encode(k) + "=" + encode(v)).sort();
    return "m" + parts.length + "(" + parts.join("") + ")";
  }
  if (t instanceof Bin) return "b" + t.bits + ":" + Array.from(t.bytes).join(",") + ";";
  if (t instanceof Pid) return "p" + t.id + "." + t.serial + "." + (t.node ? t.node.name : "") + ";";
  if (t instanceof Ref) return "r" + t.id + "." + (t.node ? t.node.name : "") + ";";
  if (t instanceof Port) return "o" + t.id + ";";
  // Funs and anything else: identity-based (funs are only equal to themselves here).
  return "x" + identityId(t) + ";";
}

const ids = new WeakMap<object, number>();
let nextId = 1;
function identityId(o: object): number {
  let id = ids.get(o);
  if (id === undefined) {
    id = nextId++;
    ids.set(o, id);
  }
  return id;
}
