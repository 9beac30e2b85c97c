// Erlang term order and equality:
//   number < atom < reference < fun < port < pid < tuple < map < [] < list < bitstring
// `compare` is `<`/`>` ordering (1 == 1.0 compare equal); `strictEquals` is `===`
// (1 !== 1.0); `looseEquals` is `==`.
import { Fun } from "./fun.js";
import { MapTerm } from "./map.js";
import { activeRuntime } from "./active.js";
import { Atom, Bin, Cons, Float, NIL, Pid, Port, Ref, Term, a, atomName, binBytes, refWords, samePid, samePort, sameRef } from "./term.js";

const LOCAL_NODE = a("nonode@nohost");

function rank(t: Term): number {
  switch (typeof t) {
    case "number":
    case "bigint":
      return 0;
    case "boolean":
      return 1;
    case "string":
      return 10;
  }
  if (t === null || t instanceof Atom) return 1;
  if (t instanceof Float) return 0;
  if (t instanceof Ref) return 2;
  if (t instanceof Fun) return 3;
  if (t instanceof Port) return 4;
  if (t instanceof Pid) return 5;
  if (Array.isArray(t)) return 6;
  if (t instanceof MapTerm) return 7;
  if (t === NIL) return 8;
  if (t instanceof Cons) return 9;
  if (t instanceof Bin) return 10;
  return 11;
}

function numCompare(x: Term, y: Term): number {
  const a = x instanceof Float ? x.v : x;
  const b = y instanceof Float ? y.v : y;
  if (typeof a === typeof b) return a < b ? -1 : a > b ? 1 : 0;
  // Mixed bigint and float/number.
  if (typeof a === "bigint") {
    if (!Number.isFinite(b)) return b > 0 ? -1 : 1;
    const bb = Number.isInteger(b) ? BigInt(b) : BigInt(Math.floor(b));
    if (a < bb) return -1;
    if (a > bb) return 1;
    return Number.isInteger(b) ? 0 : -1;
  }
  return -numCompare(y, x);
}

function strCompare(a: string, b: string): number {
  // UTF-8 byte order equals code point order; JS strings compare by UTF-16 units, which
  // differs only for astral vs. U+E000..U+FFFF. Compare code points to be exact.
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(i)!;
    if (ca !== cb) return ca < cb ? -1 : 1;
    if (ca > 0xffff) i++;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

function bytesCompare(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return a.length - b.length < 0 ? -1 : a.length > b.length ? 1 : 0;
}

/** Term order: negative, zero or positive. Numbers of different types compare by value. */
export function compare(x: Term, y: Term): number {
  if (x === y) return 0;
  const rx = rank(x);
  const ry = rank(y);
  if (rx !== ry) return rx < ry ? -1 : 1;
  switch (rx) {
    case 0:
      return numCompare(x, y);
    case 1:
      return strCompare(atomName(x), atomName(y));
    case 2:
      return compareRefs(x, y);
    case 4:
      return compareIds(x.id, y.id) || compareNodes(x, y);
    case 3:
      return compareFuns(x, y);
    case 5:
      return compareIds(x.serial, y.serial) || compareIds(x.id, y.id) || compareNodes(x, y);
    case 6:
      return compareTuples(x, y);
    case 7:
      return compareMaps(x, y);
    case 9:
      return compareLists(x, y);
    case 10:
      if (typeof x === "string" && typeof y === "string") return strCompare(x, y);
      return bytesCompare(binBytes(x), binBytes(y));
  }
  return 0;
}

function compareIds(x: number, y: number): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Identifiers of different nodes order by node name, then creation. An internal identifier's
 * node is the active runtime's (see active.ts).
 */
function compareNodes(x: Pid | Ref | Port, y: Pid | Ref | Port): number {
  if (x.node === y.node && x.creation === y.creation) return 0;
  const here = activeRuntime();
  const nx = x.node ?? here?.node ?? LOCAL_NODE;
  const ny = y.node ?? here?.node ?? LOCAL_NODE;
  if (nx !== ny) return strCompare(nx.name, ny.name);
  const cx = x.node === null ? (here?.creation ?? 0) : x.creation;
  const cy = y.node === null ? (here?.creation ?? 0) : y.creation;
  return compareIds(cx, cy);
}

/** References: by node, then by id words from the most significant. */
function compareRefs(x: Ref, y: Ref): number {
  const c = compareNodes(x, y);
  if (c !== 0) return c;
  const wx = refWords(x);
  const wy = refWords(y);
  if (wx.length !== wy.length) return wx.length < wy.length ? -1 : 1;
  for (let i = wx.length - 1; i >= 0; i--) if (wx[i] !== wy[i]) return wx[i] < wy[i] ? -1 : 1;
  return 0;
}

function compareFuns(x: Fun, y: Fun): number {
  // Closures sort before `&Mod.fun/arity` exports; exports by module, name, then arity.
  const ex = x.isExternal && x.code === null;
  const ey = y.isExternal && y.code === null;
  if (ex !== ey) return ex ? 1 : -1;
  if (ex) return compare(x.module, y.module) || compare(x.name, y.name) || Math.sign(x.arity - y.arity);
  if (x.arity !== y.arity) return x.arity < y.arity ? -1 : 1;
  return x.uniq - y.uniq || x.index - y.index;
}

function compareTuples(x: Term[], y: Term[], cmp = compare): number {
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  for (let i = 0; i < x.length; i++) {
    const c = cmp(x[i], y[i]);
    if (c !== 0) return c;
  }
  return 0;
}

function compareLists(x: Term, y: Term, cmp = compare): number {
  while (x instanceof Cons && y instanceof Cons) {
    const c = cmp(x.h, y.h);
    if (c !== 0) return c;
    x = x.t;
    y = y.t;
  }
  return cmp(x, y);
}

/** Maps: by size, then keys in map key order, then values in that order. */
function compareMaps(x: MapTerm, y: MapTerm): number {
  if (x.size !== y.size) return x.size < y.size ? -1 : 1;
  const ex = x.sorted(mapKeyCompare);
  const ey = y.sorted(mapKeyCompare);
  for (let i = 0; i < ex.length; i++) {
    const c = mapKeyCompare(ex[i][0], ey[i][0]);
    if (c !== 0) return c;
  }
  for (let i = 0; i < ex.length; i++) {
    const c = compare(ex[i][1], ey[i][1]);
    if (c !== 0) return c;
  }
  return 0;
}

const isNum = (t: Term): boolean => typeof t === "number" || typeof t === "bigint" || t instanceof Float;

/**
 * Map key order (how maps are printed, enumerated, encoded and compared): term order,
 * except that every integer sorts before every float, at any depth (%{2 => _, 1.5 => _}).
 */
export function mapKeyCompare(x: Term, y: Term): number {
  if (isNum(x) && isNum(y)) {
    const fx = x instanceof Float;
    const fy = y instanceof Float;
    if (fx !== fy) return fx ? 1 : -1;
    return compare(x, y);
  }
  if (Array.isArray(x) && Array.isArray(y)) return compareTuples(x, y, mapKeyCompare);
  if (x instanceof Cons && y instanceof Cons) return compareLists(x, y, mapKeyCompare);
  return compare(x, y);
}

/** `===` / pattern-match equality: exact, 1 !== 1.0. */
export function strictEquals(x: Term, y: Term): boolean {
  if (x === y) return true;
  const tx = typeof x;
  if (tx !== "object" || typeof y !== "object" || x === null || y === null) {
    return tx === "bigint" && x === y;
  }
  if (x instanceof Float) return y instanceof Float && (x.v === y.v);
  if (Array.isArray(x)) {
    if (!Array.isArray(y) || x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!strictEquals(x[i], y[i])) return false;
    return true;
  }
  if (x instanceof Cons) {
    while (x instanceof Cons) {
      if (!(y instanceof Cons) || !strictEquals(x.h, y.h)) return false;
      x = x.t;
      y = y.t;
    }
    return strictEquals(x, y);
  }
  if (x instanceof MapTerm) {
    if (!(y instanceof MapTerm) || x.size !== y.size) return false;
    for (const [k, e] of x.entries) {
      const o = y.entries.get(k);
      if (o === undefined || !strictEquals(e[1], o[1])) return false;
    }
    return true;
  }
  if (x instanceof Bin) {
    return y instanceof Bin && x.bits === y.bits && bytesCompare(x.bytes, y.bytes) === 0;
  }
  if (x instanceof Pid) return y instanceof Pid && samePid(x, y);
  if (x instanceof Ref) return y instanceof Ref && sameRef(x, y);
  if (x instanceof Port) return y instanceof Port && samePort(x, y);
  if (x instanceof Fun) return y instanceof Fun && sameExport(x, y);
  return false;
}

/** Two captures of the same `&Mod.fun/arity` are the same fun, as on BEAM. */
function sameExport(x: Fun, y: Fun): boolean {
  return x.isExternal && y.isExternal && x.code === null && y.code === null && x.module === y.module && x.name === y.name && x.arity === y.arity;
}

/**
 * `==`: like `===` but numbers compare by value (1 == 1.0). Map keys still compare exactly
 * (%{1 => :a} == %{1.0 => :a} is false), so two maps are equal when every key of one is in
 * the other with an equal value: looked up, not found by sorting both maps into term order
 * (two different maps of 3,000,000 keys took minutes that way).
 */
export function looseEquals(x: Term, y: Term): boolean {
  if (strictEquals(x, y)) return true;
  // An identifier is == only to itself (`pid == self()` on every GenServer.call).
  if (x instanceof Pid || x instanceof Ref || x instanceof Port || y instanceof Pid || y instanceof Ref || y instanceof Port) return false;
  if (x instanceof MapTerm || y instanceof MapTerm) {
    if (!(x instanceof MapTerm) || !(y instanceof MapTerm) || x.size !== y.size) return false;
    const ys = y.entries;
    for (const [k, e] of x.entries) {
      const o = ys.get(k);
      if (o === undefined || !looseEquals(e[1], o[1])) return false;
    }
    return true;
  }
  return compare(x, y) === 0;
}
