// Erlang's formatted output: io_lib:format/2 with every control sequence (~p ~P ~w ~W ~s ~c
// ~e ~f ~g ~b ~B ~x ~X ~# ~+ ~i ~n ~~, field width, precision, pad character, the t and l
// modifiers and `*` arguments), io_lib:write/print, and the pretty printer behind ~p
// (line breaking at the line length, tagged-tuple indentation, as io_lib_pretty does).
//
// Results are deep character lists and their nesting is visible (iex prints what
// :io_lib.format returns), so each piece is built with the shape OTP 25 gives it: small
// controls are spliced in flat, ~s/~w/~p results stay one nested element, and padding is
// built by halving as OTP's chars/2 does. Text for :io.format is that list flattened.
import { BeamError, argumentError, badArgs } from "../runtime/errors.js";
import { Fun } from "../runtime/fun.js";
import { formatFloatShort } from "../runtime/float-format.js";
import { inspectPid, inspectPort, inspectRef } from "../runtime/inspect.js";
import { mapFoldOrder } from "../runtime/map-order.js";
import { MapTerm } from "../runtime/map.js";
import { Atom, Bin, Cons, Float, NIL, Pid, Port, Ref, Term, a, atomName, binBytes, isAtom, list } from "../runtime/term.js";
import { graphemeLength } from "../runtime/graphemes.js";

const isInt = (t: Term): t is number | bigint => typeof t === "number" || typeof t === "bigint";
const isBin = (t: Term): t is string | Bin => typeof t === "string" || (t instanceof Bin && t.bits === 0);
const isBits = (t: Term): t is string | Bin => typeof t === "string" || t instanceof Bin;
const isList = (t: Term) => t === NIL || t instanceof Cons;
const cons = (h: Term, t: Term) => new Cons(h, t);
const L = (...xs: Term[]) => list(xs);

/** A flat character list. */
export function chars(s: string): Term {
  const cps: number[] = [];
  for (const ch of s) cps.push(ch.codePointAt(0)!);
  return list(cps);
}

/** Thrown by the formatter when the format does not fit the arguments (becomes badarg). */
class BadFormat extends Error {}
const bad = (): never => {
  throw new BadFormat();
};

export type Encoding = "latin1" | "unicode";

// ---------------------------------------------------------------------------
// Deep character lists

/** The code points of a deep character list (binaries count as their bytes). */
export function flatChars(t: Term, out: number[] = []): number[] {
  const stack: Term[] = [t];
  while (stack.length) {
    let x = stack.pop();
    for (; x instanceof Cons; x = x.t) {
      const h = x.h;
      if (typeof h === "number") out.push(h);
      else if (h instanceof Cons || h === NIL) {
        stack.push(x.t);
        stack.push(h);
        x = NIL;
        break;
      } else if (isBin(h)) for (const b of binBytes(h)) out.push(b);
      else bad();
    }
    if (x !== NIL) {
      if (isBin(x)) for (const b of binBytes(x)) out.push(b);
      else bad();
    }
  }
  return out;
}

const textOf = (cps: number[]): string => {
  let s = "";
  for (let i = 0; i < cps.length; i += 4096) s += String.fromCodePoint(...cps.slice(i, i + 4096));
  return s;
};

/** A deep character list as text. */
export function charsText(t: Term): string {
  return textOf(flatChars(t));
}

/** io_lib:chars_length/1: iolist size, or the grapheme count when that is not an iolist. */
export function charsLength(t: Term): number {
  const cps = flatChars(t);
  if (cps.every((c) => c <= 255)) return cps.length;
  return graphemeLength(textOf(cps));
}

/** OTP's io_lib_format chars/2: `n` copies of `c`, built by halving. */
function padChars(c: Term, n: number): Term {
  if (n === 0) return NIL;
  if (n === 1) return L(c);
  if (n === 2) return L(c, c);
  if (n === 3) return L(c, c, c);
  const s = padChars(c, n >> 1);
  return n % 2 === 0 ? cons(s, s) : cons(c, cons(s, s));
}

/** io_lib_pretty's variant (no one-character case). */
function prettyChars(c: number, n: number): Term {
  if (n === 0) return NIL;
  if (n === 2) return L(c, c);
  if (n === 3) return L(c, c, c);
  const s = prettyChars(c, n >> 1);
  return n % 2 === 0 ? cons(s, s) : cons(c, cons(s, s));
}

// ---------------------------------------------------------------------------
// io_lib:write

const RESERVED = new Set([
  "after", "and", "andalso", "band", "begin", "bnot", "bor", "bsl", "bsr", "bxor", "case", "catch", "cond", "div",
  "end", "fun", "if", "let", "not", "of", "or", "orelse", "receive", "rem", "try", "when", "xor", "maybe",
]);

function nameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 0xdf && c <= 0xff && c !== 0xf7) || (c >= 65 && c <= 90) ||
    (c >= 0xc0 && c <= 0xde && c !== 0xd7) || (c >= 48 && c <= 57) || c === 95 || c === 64;
}

/** Whether an atom needs quotes in Erlang syntax. */
function quoteAtom(name: string): boolean {
  if (RESERVED.has(name)) return true;
  const cps = [...name].map((ch) => ch.codePointAt(0)!);
  if (cps.length === 0) return true;
  const c = cps[0];
  if (!((c >= 97 && c <= 122) || (c >= 0xdf && c <= 0xff && c !== 0xf7))) return true;
  return !cps.slice(1).every(nameChar);
}

export type StringEnc = "latin1" | "unicode_as_unicode" | "unicode_as_latin1";

/** One character of a quoted string or atom (io_lib's string_char). */
function stringChar(enc: StringEnc, c: number, q: number, out: number[]): void {
  if (c === q) return void out.push(92, q);
  if (c === 92) return void out.push(92, 92);
  if (c >= 32 && c <= 126) return void out.push(c);
  if (enc === "latin1" && c >= 0xa0 && c <= 0xff) return void out.push(c);
  if (enc === "unicode_as_unicode" && c >= 0xa0) return void out.push(c);
  if (enc === "unicode_as_latin1" && c >= 0xa0 && c <= 0xff) return void out.push(c);
  if (enc === "unicode_as_latin1" && c > 0xff) {
    for (const ch of `\\x{${c.toString(16).toUpperCase()}}`) out.push(ch.charCodeAt(0));
    return;
  }
  const esc: Record<number, number> = { 10: 110, 13: 114, 9: 116, 11: 118, 8: 98, 12: 102, 27: 101, 127: 100 };
  if (esc[c] !== undefined) return void out.push(92, esc[c]);
  out.push(92, (c >> 6) + 48, ((c >> 3) & 7) + 48, (c & 7) + 48);
}

/** A quoted string as io_lib:write_string/2 builds it (a flat list). */
export function writeString(cps: number[], q = 34, enc: StringEnc = "unicode_as_unicode"): Term {
  const out: number[] = [q];
  for (const c of cps) stringChar(enc, c, q, out);
  out.push(q);
  return list(out);
}

export function writeAtom(x: Term, enc: Encoding = "unicode"): Term {
  const name = atomName(x);
  if (!quoteAtom(name)) return chars(name);
  return writeString([...name].map((ch) => ch.codePointAt(0)!), 39, enc === "latin1" ? "unicode_as_latin1" : "unicode_as_unicode");
}

function intChars(n: number | bigint, base = 10): Term {
  return chars(n.toString(base).toUpperCase());
}

/** float_to_list(F, [short]). */
function shortFloat(v: number): Term {
  return chars(formatFloatShort(v));
}

function pidChars(p: Pid): Term {
  return chars(inspectPid(p).replace(/^#PID/, ""));
}

function refChars(r: Ref): Term {
  return chars(inspectRef(r).replace(/^#Reference/, "#Ref"));
}

function funChars(f: Fun): Term {
  if (f.isExternal && f.module !== null && f.name !== null) {
    return chars(`fun ${charsText(writeAtom(f.module))}:${charsText(writeAtom(f.name))}/${f.arity}`);
  }
  const mod = f.where.startsWith(":erl_eval") || f.where === "" ? "erl_eval" : "Elixir." + f.where.replace(/\.[^.]*\/\d+$/, "");
  return chars(`#Fun<${mod}.${f.index}.${f.uniq}>`);
}

/** io_lib:write_binary/3: `<<1,2,3>>` (a bit string ends in `Value:Size`), to depth `d`. */
function writeBinary(b: string | Bin, d: number): Term {
  const bytes = binBytes(b);
  const bits = b instanceof Bin ? b.bits : 0;
  const whole = bits === 0 ? bytes.length : bytes.length - 1;
  const acc: Term[] = [];
  for (let i = 0, depth = d; ; i++, depth--) {
    if (i === whole && bits === 0) break;
    if (depth === 1) {
      acc.push(chars("..."));
      break;
    }
    if (i === whole) {
      acc.push(intChars(bytes[i] >> (8 - bits)), 58, intChars(bits));
      break;
    }
    acc.push(intChars(bytes[i]));
    if (i === whole - 1 && bits === 0) break;
    acc.push(44);
  }
  return L(60, 60, list(acc), 62, 62);
}

/** io_lib:write/2 at depth `d` (-1: unlimited). */
export function write(t: Term, d = -1, enc: Encoding = "latin1"): Term {
  if (d === 0) return chars("...");
  if (isInt(t)) return intChars(t);
  if (t instanceof Float) return shortFloat(t.v);
  if (t === null || t === true || t === false || t instanceof Atom) return writeAtom(t, enc);
  if (t instanceof Port) return chars(inspectPort(t));
  if (t instanceof Pid) return pidChars(t);
  if (t instanceof Ref) return refChars(t);
  if (isBits(t)) return writeBinary(t, d);
  if (t === NIL) return chars("[]");
  if (Array.isArray(t) && t.length === 0) return chars("{}");
  if (t instanceof Cons) {
    if (d === 1) return chars("[...]");
    return L(91, cons(write(t.h, d - 1, enc), writeTail(t.t, d - 1, enc)), 93);
  }
  if (t instanceof Fun) return funChars(t);
  if (t instanceof MapTerm) return writeMap(t, d, enc);
  if (Array.isArray(t)) {
    if (d === 1) return chars("{...}");
    return L(123, cons(write(t[0], d - 1, enc), writeTupleRest(t, 1, d - 1, enc)), 125);
  }
  return chars(String(t));
}

function writeTail(t: Term, d: number, enc: Encoding): Term {
  if (t === NIL) return NIL;
  if (d === 1) return cons(124, chars("..."));
  if (t instanceof Cons) return cons(44, cons(write(t.h, d - 1, enc), writeTail(t.t, d - 1, enc)));
  return L(124, write(t, d - 1, enc));
}

function writeTupleRest(t: Term[], i: number, d: number, enc: Encoding): Term {
  if (i >= t.length) return NIL;
  if (d === 1) return cons(44, chars("..."));
  return cons(44, cons(write(t[i], d - 1, enc), writeTupleRest(t, i + 1, d - 1, enc)));
}

function writeMap(m: MapTerm, d: number, enc: Encoding): Term {
  if (d === 1) return chars("#{}");
  // (io_lib walks a map with maps:iterator/1: a large map in its fold order)
  const es = mapFoldOrder(m);
  if (es.length === 0) return chars("#{}");
  const d0 = d - 1;
  const assoc = ([k, v]: [Term, Term]) => L(write(k, d0, enc), chars(" => "), write(v, d0, enc));
  const body = (i: number, dd: number): Term => {
    if (dd === 1) return chars(",...");
    if (i >= es.length) return NIL;
    return cons(44, cons(assoc(es[i]), body(i + 1, dd - 1)));
  };
  return L(35, 123, cons(assoc(es[0]), body(1, d0)), 125);
}

// ---------------------------------------------------------------------------
// Printable lists (io:printable_range() is latin1 in iex)

function printableLatin1(cps: Term[]): boolean {
  return cps.every((c) => typeof c === "number" && ((c >= 32 && c <= 126) || (c >= 0xa0 && c <= 0xff) || [10, 13, 9, 11, 8, 12, 27].includes(c)));
}

/** The elements of a proper list, or null. */
function properItems(t: Term): Term[] | null {
  const out: Term[] = [];
  for (; t instanceof Cons; t = t.t) out.push(t.h);
  return t === NIL ? out : null;
}

// ---------------------------------------------------------------------------
// io_lib_pretty

type Piece = { k: "s"; s: Term } | { k: "bin"; s: Term } | { k: "list"; items: Items } | { k: "tuple"; tagged: boolean; items: Items } |
  { k: "map"; items: Items } | { k: "pair"; key: If; val: If };
/** A term laid out: what it is, its length on one line, and whether depth cut it short. */
interface If {
  w: Piece;
  len: number;
  dots: number;
}
/** Elements, ending in [] (null), a depth cut ("dots") or an improper tail. */
interface Items {
  elems: If[];
  tail: null | "dots" | If;
}

const isAtm = (i: If) => i.w.k === "s";
const leaf = (s: Term, len: number): If => ({ w: { k: "s", s }, len, dots: 0 });
const DOTS_LEN = 3;

function listLength(items: Items, acc: number): [number, number] {
  let len = acc;
  let dots = 0;
  items.elems.forEach((e, i) => {
    len += e.len + (i > 0 ? 1 : 0);
    dots += e.dots;
  });
  if (items.tail === "dots") {
    len += DOTS_LEN + (items.elems.length > 0 ? 1 : 0);
    dots += 3;
  } else if (items.tail !== null) {
    len += items.tail.len + (items.elems.length > 0 ? 1 : 0);
    dots += items.tail.dots;
  }
  return [len, dots];
}

/** print_length/6 with no character limit. */
function printLength(t: Term, d: number, enc: Encoding, str: boolean): If {
  if (t === NIL) return leaf(chars("[]"), 2);
  if (Array.isArray(t) && t.length === 0) return leaf(chars("{}"), 2);
  if (t instanceof MapTerm && t.size === 0) return leaf(chars("#{}"), 3);
  if (t === null || t === true || t === false || t instanceof Atom) {
    const s = writeAtom(t, enc);
    return leaf(s, charsLength(s));
  }
  if (t instanceof Cons) {
    const items = properItems(t);
    if (str && d !== 1 && items !== null && printableLatin1(items)) {
      const s = writeString(items as number[], 34, "latin1");
      return leaf(s, charsLength(s));
    }
    const its = lengthItems(t, d, enc, str);
    const [len, dots] = listLength(its, 2);
    return { w: { k: "list", items: its }, len, dots };
  }
  if (t instanceof Fun) {
    const s = write(t);
    return leaf(s, flatChars(s).length);
  }
  if (Array.isArray(t)) {
    if (d === 1) return { w: { k: "s", s: chars("{...}") }, len: 5, dots: 3 };
    const elems: If[] = [];
    let tail: Items["tail"] = null;
    let dd = d;
    for (let i = 0; i < t.length; i++) {
      if (dd === 1) {
        tail = "dots";
        break;
      }
      elems.push(printLength(t[i], dd - 1, enc, str));
      dd--;
    }
    const items = { elems, tail };
    const [len, dots] = listLength(items, 2);
    return { w: { k: "tuple", tagged: isAtom(t[0]) && t.length > 1, items }, len, dots };
  }
  if (t instanceof MapTerm) {
    if (d === 1) return { w: { k: "s", s: chars("#{...}") }, len: 6, dots: 3 };
    const elems: If[] = [];
    let tail: Items["tail"] = null;
    let dd = d;
    for (const [k, v] of mapFoldOrder(t)) {
      if (dd === 1) {
        tail = "dots";
        break;
      }
      const key = printLength(k, d - 1, enc, str);
      const val = printLength(v, d - 1, enc, str);
      elems.push({ w: { k: "pair", key, val }, len: key.len + 4 + val.len, dots: key.dots + val.dots });
      dd--;
    }
    const items = { elems, tail };
    const [len, dots] = listLength(items, 3);
    return { w: { k: "map", items }, len, dots };
  }
  if (isBits(t)) return printLengthBinary(t, d, enc, str);
  const s = write(t);
  return leaf(s, charsLength(s));
}

function lengthItems(t: Term, d: number, enc: Encoding, str: boolean): Items {
  const elems: If[] = [];
  let dd = d;
  let l = t;
  for (; l instanceof Cons; l = l.t) {
    if (dd === 1) return { elems, tail: "dots" };
    elems.push(printLength(l.h, dd - 1, enc, str));
    dd--;
  }
  if (l === NIL) return { elems, tail: null };
  if (dd === 1) return { elems, tail: "dots" };
  return { elems, tail: printLength(l, dd - 1, enc, str) };
}

function printLengthBinary(b: string | Bin, d: number, enc: Encoding, str: boolean): If {
  const bytes = binBytes(b);
  const bits = b instanceof Bin ? b.bits : 0;
  if (bytes.length === 0 && bits === 0) return leaf(chars("<<>>"), 4);
  if (d === 1) return { w: { k: "s", s: chars("<<...>>") }, len: 7, dots: 3 };
  if (str && bits === 0) {
    const p = printableBin(b, bytes, d - 1, enc);
    if (p !== null) {
      const { latin1, cps, cut } = p;
      const s = writeString(cps);
      const n = flatChars(s).length;
      if (latin1 && !cut) return leaf(L(60, 60, s, 62, 62), 4 + n);
      if (!cut) return leaf(L(60, 60, s, chars("/utf8>>")), 9 + charsLength(s));
      if (latin1) return { w: { k: "s", s: cons(60, cons(60, cons(s, chars("...>>")))) }, len: 7 + n, dots: 3 };
      return { w: { k: "s", s: cons(60, cons(60, cons(s, chars("/utf8...>>")))) }, len: 12 + charsLength(s), dots: 3 };
    }
  }
  const s = writeBinary(b, d);
  return { w: { k: "bin", s }, len: flatChars(s).length, dots: 0 };
}

const printableByte = (c: number) => (c >= 32 && c <= 126) || (c >= 0xa0 && c <= 0xff) || [10, 13, 9, 11, 8, 12, 27].includes(c);

/**
 * Whether a binary prints as text (printable_bin0/4): its code points, as latin1 bytes or
 * UTF-8 (`/utf8`), and whether depth `d` cut it short (at four characters a level).
 */
function printableBin(b: string | Bin, bytes: Uint8Array, d: number, enc: Encoding): { latin1: boolean; cps: number[]; cut: boolean } | null {
  const len = d >= 0 ? Math.min(4 * d, bytes.length) : bytes.length;
  if (len === 0) return null;
  const latin1 = () => {
    // How many of the first `n` bytes are printable before the first that is not.
    const run = (from: number, n: number) => {
      let k = 0;
      while (k < n && printableByte(bytes[from + k])) k++;
      return k;
    };
    const ok = run(0, len);
    if (ok === len) return len === bytes.length ? { latin1: true, cps: Array.from(bytes), cut: false } : { latin1: true, cps: Array.from(bytes.subarray(0, len)), cut: true };
    if (d > 0 && ok >= d) return { latin1: true, cps: Array.from(bytes.subarray(0, ok)), cut: true };
    return null;
  };
  if (enc === "latin1" || typeof b !== "string") return latin1();
  const all = [...b].map((ch) => ch.codePointAt(0)!);
  const cps: number[] = [];
  let used = 0;
  for (const c of all) {
    if (cps.length === len || !printableByte(c)) break;
    cps.push(c);
    used += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  if (cps.length === all.length) return { latin1: bytes.length === cps.length, cps, cut: false };
  if (d > 0 && cps.length >= d) return { latin1: used === cps.length, cps, cut: true };
  return null;
}

/** io_lib_pretty:write/1 of a laid-out term (everything on one line). */
function writeIf(i: If): Term {
  const w = i.w;
  switch (w.k) {
    case "s":
    case "bin":
      return w.s;
    case "tuple":
      return L(123, writeItems(w.items, 44), 125);
    case "list":
      return L(91, writeItems(w.items, 124), 93);
    case "map":
      return L(35, 123, writeItems(w.items, 44), 125);
    case "pair":
      return writePair(i);
  }
}

function writePair(i: If): Term {
  const w = i.w as Extract<Piece, { k: "pair" }>;
  return L(writeIf(w.key), chars(" => "), writeIf(w.val));
}

function writeItems(items: Items, sep: number): Term {
  if (items.elems.length === 0) return items.tail === "dots" ? chars("...") : NIL;
  const tailTerm = (): Term => {
    if (items.tail === null) return NIL;
    if (items.tail === "dots") return cons(sep, chars("..."));
    return cons(sep, writeIf(items.tail));
  };
  let acc = tailTerm();
  for (let k = items.elems.length - 1; k >= 1; k--) acc = cons(44, cons(writeIf(items.elems[k]), acc));
  return cons(writeIf(items.elems[0]), acc);
}

/** Indentation text for column `col` (1-based): col - 1 spaces. */
const indentFor = (col: number): Term => prettyChars(32, col - 1);

function indentMore(n: number, ind: Term): Term {
  if (n === 1) return cons(32, ind);
  if (n === 4) {
    const s2 = L(32, 32);
    return cons(s2, cons(s2, ind));
  }
  return cons(prettyChars(32, n), ind);
}

class NoGood extends Error {}

interface Layout {
  ll: number;
  m: number;
}

/** io_lib_pretty:print/2 with column, line length and depth (no character limit). */
export function prettyPrint(t: Term, col: number, ll: number, d: number, enc: Encoding, str: boolean): Term {
  if (d === 0) return chars("...");
  if (col <= 0) col = 1;
  if (t === null || t === true || t === false || t instanceof Atom) return writeAtom(t, enc);
  if (!(Array.isArray(t) || isList(t) || t instanceof MapTerm || isBits(t))) return write(t);
  const i = printLength(t, d, enc, str);
  const m = i.len;
  if (ll === 0 || (i.len < ll - col && i.len <= m)) return writeIf(i);
  const lay = { ll, m };
  let tind = 1;
  for (const candidate of [-1, 4]) {
    try {
      tind = cind(i, col, lay, candidate, 0, 0);
      break;
    } catch (e) {
      if (!(e instanceof NoGood)) throw e;
    }
  }
  return pp(i, col, lay, tind, indentFor(col), 0, 0);
}

const fits = (i: If, col: number, lay: Layout, ld: number, w: number) => i.len < lay.ll - col - ld && i.len + w + ld <= lay.m;

function pp(i: If, col: number, lay: Layout, tind: number, ind: Term, ld: number, w: number): Term {
  if (fits(i, col, lay, ld, w)) return writeIf(i);
  const p = i.w;
  switch (p.k) {
    case "list":
      return L(91, ppList(p.items, col + 1, lay, tind, indentMore(1, ind), ld, 124, w + 1), 93);
    case "tuple":
      if (p.tagged) return L(123, ppTagTuple(p.items, col, lay, tind, ind, ld, w + 1), 125);
      return L(123, ppList(p.items, col + 1, lay, tind, indentMore(1, ind), ld, 44, w + 1), 125);
    case "map":
      return L(35, 123, ppMap(p.items, col + 2, lay, tind, indentMore(2, ind), ld, w + 1), 125);
    case "bin":
      return ppBinary(p.s, col + 2, lay, indentMore(2, ind), ld, w);
    default:
      return (p as { s: Term }).s;
  }
}

/** The items after index `from` (elements, then the tail). */
function restOf(items: Items, from: number): Items {
  return { elems: items.elems.slice(from), tail: items.tail };
}

function ppTagTuple(items: Items, col: number, lay: Layout, tind: number, ind: Term, ld: number, w: number): Term {
  if (items.elems.length === 0) return chars("...");
  const tag = items.elems[0];
  const tlen = tag.len;
  const tagInd = tlen + 2;
  const tcol = col + tagInd;
  const rest = restOf(items, 1);
  const tagS = (tag.w as { s: Term }).s;
  if (tind > 0 && tagInd > tind) {
    const col1 = col + tind;
    return cons(tagS, ppTail(rest, col1, tcol, lay, tind, indentMore(tind, ind), ld, 44, w + tlen));
  }
  return cons(tagS, cons(44, ppList(rest, tcol, lay, tind, indentMore(tagInd, ind), ld, 44, w + tlen + 1)));
}

function ppList(items: Items, col0: number, lay: Layout, tind: number, ind: Term, ld: number, sep: number, w: number): Term {
  if (items.elems.length === 0) return items.tail === "dots" ? chars("...") : NIL;
  const e = items.elems[0];
  const rest = restOf(items, 1);
  const [es, we] = ppElement(e, col0, lay, tind, ind, lastDepthOf(rest, ld), w);
  return cons(es, ppTail(rest, col0, col0 + we, lay, tind, ind, ld, sep, w + we));
}

const lastDepthOf = (items: Items, ld: number) => (items.elems.length > 0 ? 0 : ld + 1);

function ppTail(items: Items, col0: number, col: number, lay: Layout, tind: number, ind: Term, ld: number, sep: number, w: number): Term {
  if (items.elems.length === 0) {
    if (items.tail === null) return NIL;
    if (items.tail === "dots") return cons(sep, chars("..."));
    const e = items.tail;
    if (e.len + 1 < lay.ll - col - (ld + 1) && e.len + 1 + w + (ld + 1) <= lay.m && isAtm(e)) return cons(sep, writeIf(e));
    return cons(sep, cons(10, cons(ind, pp(e, col0, lay, tind, ind, ld + 1, 0))));
  }
  const e = items.elems[0];
  const rest = restOf(items, 1);
  const ld1 = lastDepthOf(rest, ld);
  const elen = 1 + e.len;
  if ((ld1 === 0 && elen + 1 < lay.ll - col && w + elen + 1 <= lay.m && isAtm(e)) ||
      (ld1 > 0 && elen < lay.ll - col - ld1 && w + elen + ld1 <= lay.m && isAtm(e))) {
    return cons(44, cons(writeIf(e), ppTail(rest, col0, col + elen, lay, tind, ind, ld, sep, w + elen)));
  }
  const [es, we] = ppElement(e, col0, lay, tind, ind, ld1, 0);
  return cons(44, cons(10, cons(ind, cons(es, ppTail(rest, col0, col0 + we, lay, tind, ind, ld, sep, we)))));
}

function ppElement(e: If, col: number, lay: Layout, tind: number, ind: Term, ld: number, w: number): [Term, number] {
  if (fits(e, col, lay, ld, w) && isAtm(e)) return [writeIf(e), e.len];
  return [pp(e, col, lay, tind, ind, ld, w), lay.ll];
}

const mapValueIndent = (tind: number) => (tind > 0 ? tind : 4);
const atmPair = (p: If) => {
  const w = p.w as Extract<Piece, { k: "pair" }>;
  return isAtm(w.key) && isAtm(w.val);
};

function ppMap(items: Items, col: number, lay: Layout, tind: number, ind: Term, ld: number, w: number): Term {
  if (items.elems.length === 0) return items.tail === "dots" ? chars("...") : NIL;
  const p = items.elems[0];
  const rest = restOf(items, 1);
  const [ps, pw] = ppPair(p, col, lay, tind, ind, lastDepthOf(rest, ld), w);
  return cons(ps, ppPairsTail(rest, col, col + pw, lay, tind, ind, ld, pw));
}

function ppPairsTail(items: Items, col0: number, col: number, lay: Layout, tind: number, ind: Term, ld: number, w: number): Term {
  if (items.elems.length === 0) return items.tail === "dots" ? chars(",...") : NIL;
  const p = items.elems[0];
  const rest = restOf(items, 1);
  const ld1 = lastDepthOf(rest, ld);
  const elen = 1 + p.len;
  if ((ld1 === 0 && elen + 1 < lay.ll - col && w + elen + 1 <= lay.m && atmPair(p)) ||
      (ld1 > 0 && elen < lay.ll - col - ld1 && w + elen + ld1 <= lay.m && atmPair(p))) {
    return cons(44, cons(writePair(p), ppPairsTail(rest, col0, col + elen, lay, tind, ind, ld, w + elen)));
  }
  const [ps, pw] = ppPair(p, col0, lay, tind, ind, ld1, 0);
  return cons(44, cons(10, cons(ind, cons(ps, ppPairsTail(rest, col0, col0 + pw, lay, tind, ind, ld, pw)))));
}

function ppPair(p: If, col0: number, lay: Layout, tind: number, ind0: Term, ld: number, w: number): [Term, number] {
  if (fits(p, col0, lay, ld, w)) return [writePair(p), atmPair(p) ? p.len : lay.ll];
  const { key, val } = p.w as Extract<Piece, { k: "pair" }>;
  const i = mapValueIndent(tind);
  const ind = indentMore(i, ind0);
  return [cons(pp(key, col0, lay, tind, ind0, ld, w), cons(chars(" =>\n"), cons(ind, pp(val, col0 + i, lay, tind, ind, ld, 0)))), lay.ll];
}

function ppBinary(s: Term, col: number, lay: Layout, ind: Term, ld: number, w: number): Term {
  // s = [$<, $<, Body, $>, $>]
  const parts = properItems(s)!;
  const n = Math.max(8, Math.min(lay.ll - col, lay.m - 4 - w) - ld);
  return L(60, 60, ppBinaryBody(parts[2], n, n, ind), 62, 62);
}

function ppBinaryBody(s: Term, n: number, n0: number, ind: Term): Term {
  if (s instanceof Cons && s.t instanceof Cons && s.t.h === 44) {
    const bs = s.h;
    const len = flatChars(bs).length + 1;
    const n1 = n - len;
    if (n1 < 0) return cons(10, cons(ind, cons(bs, cons(44, ppBinaryBody(s.t.t, n0 - len, n0, ind)))));
    return cons(bs, cons(44, ppBinaryBody(s.t.t, n1, n0, ind)));
  }
  const items = properItems(s);
  if (items !== null && items.length === 3 && items[1] === 58) {
    if (flatChars(items[0]).length + flatChars(items[2]).length + 1 > n) return L(10, ind, s);
    return s;
  }
  return flatChars(s).length > n ? L(10, ind, s) : s;
}

/** The indentation for tagged tuples, or NoGood when this one does not fit. */
function cind(i: If, col: number, lay: Layout, ind: number, ld: number, w: number): number {
  if (fits(i, col, lay, ld, w)) return ind;
  const p = i.w;
  switch (p.k) {
    case "list":
      return cindList(p.items, col + 1, lay, ind, ld, w + 1);
    case "tuple":
      if (p.tagged) return cindTagTuple(p.items, col, lay, ind, ld, w + 1);
      return cindList(p.items, col + 1, lay, ind, ld, w + 1);
    case "map":
      return cindMap(p.items, col + 2, lay, ind, ld, w + 2);
    default:
      return ind;
  }
}

function cindTagTuple(items: Items, col: number, lay: Layout, ind: number, ld: number, w: number): number {
  if (items.elems.length === 0) return ind;
  const tlen = items.elems[0].len;
  const tagInd = tlen + 2;
  const tcol = col + tagInd;
  const rest = restOf(items, 1);
  if (ind > 0 && tagInd > ind) {
    const col1 = col + ind;
    if (lay.m + col1 <= lay.ll || col1 <= Math.floor(lay.ll / 2)) return cindTail(rest, col1, tcol, lay, ind, ld, w + tlen);
    throw new NoGood();
  }
  if (lay.m + tcol < lay.ll || tcol < Math.floor(lay.ll / 2)) return cindList(rest, tcol, lay, ind, ld, w + tlen + 1);
  throw new NoGood();
}

function cindMap(items: Items, col: number, lay: Layout, ind: number, ld: number, w: number): number {
  if (items.elems.length === 0) return ind;
  const p = items.elems[0];
  const rest = restOf(items, 1);
  const pw = cindPair(p, col, lay, ind, lastDepthOf(rest, ld), w);
  return cindPairsTail(rest, col, col + pw, lay, ind, ld, w + pw);
}

function cindPairsTail(items: Items, col0: number, col: number, lay: Layout, ind: number, ld: number, w: number): number {
  if (items.elems.length === 0) return ind;
  const p = items.elems[0];
  const rest = restOf(items, 1);
  const ld1 = lastDepthOf(rest, ld);
  const elen = 1 + p.len;
  if ((ld1 === 0 && elen + 1 < lay.ll - col && w + elen + 1 <= lay.m && atmPair(p)) ||
      (ld1 > 0 && elen < lay.ll - col - ld1 && w + elen + ld1 <= lay.m && atmPair(p))) {
    return cindPairsTail(rest, col0, col + elen, lay, ind, ld, w + elen);
  }
  const pw = cindPair(p, col0, lay, ind, ld1, 0);
  return cindPairsTail(rest, col0, col0 + pw, lay, ind, ld, pw);
}

function cindPair(p: If, col: number, lay: Layout, ind: number, ld: number, w: number): number {
  if (fits(p, col, lay, ld, w)) return atmPair(p) ? p.len : lay.ll;
  const { key, val } = p.w as Extract<Piece, { k: "pair" }>;
  cind(key, col, lay, ind, ld, w);
  cind(val, col + mapValueIndent(ind), lay, ind, ld, 0);
  return lay.ll;
}

function cindList(items: Items, col0: number, lay: Layout, ind: number, ld: number, w: number): number {
  if (items.elems.length === 0) return ind;
  const e = items.elems[0];
  const rest = restOf(items, 1);
  const we = cindElement(e, col0, lay, ind, lastDepthOf(rest, ld), w);
  return cindTail(rest, col0, col0 + we, lay, ind, ld, w + we);
}

function cindTail(items: Items, col0: number, col: number, lay: Layout, ind: number, ld: number, w: number): number {
  if (items.elems.length === 0) {
    if (items.tail === null || items.tail === "dots") return ind;
    const e = items.tail;
    if (e.len + 1 < lay.ll - col - (ld + 1) && e.len + 1 + w + (ld + 1) <= lay.m && isAtm(e)) return ind;
    return cind(e, col, lay, ind, ld + 1, 0);
  }
  const e = items.elems[0];
  const rest = restOf(items, 1);
  const ld1 = lastDepthOf(rest, ld);
  const elen = 1 + e.len;
  if ((ld1 === 0 && elen + 1 < lay.ll - col && w + elen + 1 <= lay.m && isAtm(e)) ||
      (ld1 > 0 && elen < lay.ll - col - ld1 && w + elen + ld1 <= lay.m && isAtm(e))) {
    return cindTail(rest, col0, col + elen, lay, ind, ld, w + elen);
  }
  const we = cindElement(e, col0, lay, ind, ld1, 0);
  return cindTail(rest, col0, col0 + we, lay, ind, ld, we);
}

function cindElement(e: If, col: number, lay: Layout, ind: number, ld: number, w: number): number {
  if (fits(e, col, lay, ld, w) && isAtm(e)) return e.len;
  cind(e, col, lay, ind, ld, w);
  return lay.ll;
}


// ---------------------------------------------------------------------------
// io_lib_format: scanning the format

interface Spec {
  c: number;
  args: Term[];
  width: number | null;
  left: boolean;
  prec: number | null;
  pad: Term;
  enc: Encoding;
  strings: boolean;
}

/** The format as a list of characters (binaries give their bytes, as binary_to_list). */
function formatChars(f: Term): Term[] {
  if (isAtom(f) || f === null || f === true || f === false) return [...atomName(f)].map((ch) => ch.codePointAt(0)!);
  if (isBin(f)) return Array.from(binBytes(f));
  const out: Term[] = [];
  let l = f;
  for (; l instanceof Cons; l = l.t) out.push(l.h);
  if (l !== NIL) bad();
  return out;
}

const DIGIT = (c: Term) => typeof c === "number" && c >= 48 && c <= 57;

/** io_lib_format:scan/2: literal characters and control specs with their arguments. */
function scan(format: Term, argsT: Term): (Term | Spec)[] {
  const fmt = formatChars(format);
  const args = properItems(argsT) ?? bad();
  let i = 0;
  let ai = 0;
  const take = (): Term => (ai < args.length ? args[ai++] : bad());
  const fieldValue = (): number | null => {
    if (fmt[i] === 42) {
      if (ai >= args.length || !isInt(args[ai])) return null;
      i++;
      return Number(take());
    }
    if (!DIGIT(fmt[i])) return null;
    let v = 0;
    while (DIGIT(fmt[i])) v = v * 10 + (fmt[i++] - 48);
    return v;
  };
  const out: (Term | Spec)[] = [];
  while (i < fmt.length) {
    const ch = fmt[i++];
    if (ch !== 126) {
      out.push(ch);
      continue;
    }
    let left = false;
    if (fmt[i] === 45) {
      i++;
      left = true;
    }
    let width = fieldValue();
    if (left) {
      if (width === null) bad();
      width = -width!;
    }
    if (width !== null && width < 0) {
      left = true;
      width = -width;
    } else left = false;
    let prec: number | null = null;
    if (fmt[i] === 46) {
      i++;
      prec = fieldValue();
    }
    let pad: Term = 32;
    if (fmt[i] === 46 && i + 1 < fmt.length) {
      if (fmt[i + 1] === 42) {
        i += 2;
        pad = take();
      } else {
        pad = fmt[i + 1];
        i += 2;
      }
    }
    let enc: Encoding = "latin1";
    let strings = true;
    for (;;) {
      if (fmt[i] === 116) enc = "unicode";
      else if (fmt[i] === 108) strings = false;
      else break;
      i++;
    }
    if (i >= fmt.length) bad();
    const c = fmt[i++] as number;
    const n = ({ 119: 1, 112: 1, 87: 2, 80: 2, 115: 1, 101: 1, 102: 1, 103: 1, 98: 1, 66: 1, 120: 2, 88: 2, 43: 1, 35: 1, 99: 1, 126: 0, 110: 0, 105: 1 } as Record<number, number>)[c];
    if (n === undefined) bad();
    const cargs: Term[] = [];
    for (let k = 0; k < n; k++) cargs.push(take());
    out.push({ c, args: cargs, width, left, prec, pad, enc, strings } as Spec);
  }
  if (ai !== args.length) bad();
  return out;
}

const isSpec = (x: Term | Spec): x is Spec => typeof x === "object" && x !== null && "c" in x && "args" in x && !(x instanceof Cons);

// ---------------------------------------------------------------------------
// io_lib_format: building the text

const adjust = (data: Term, pad: Term, left: boolean): Term => (pad === NIL ? data : left ? cons(data, pad) : cons(pad, data));

/** term/5: a written term in a field (asterisks when it does not fit). */
function termField(t: Term, f: number | null, left: boolean, p0: number | null, pad: Term): Term {
  if (f === null && p0 === null) return t;
  if (f === null) return termField(t, p0, left, p0, pad);
  const len = charsLength(t);
  const p = Math.min(len, p0 === null ? f : Math.min(p0, f));
  if (len > p) return adjust(padChars(42, p), padChars(pad, f - p), left);
  if (f >= p) return adjust(t, padChars(pad, f - len), left);
  return bad();
}

/** string/6: a string in a field of width f, truncated to precision p. */
function stringField(s: Term, f: number | null, left: boolean, p: number | null, pad: Term, enc: Encoding): Term {
  if (f === null && p === null) return s;
  const n = charsLength(s);
  const field = (width: number, adj: boolean) => {
    if (n > width) return flatTrunc(s, width, enc);
    if (n < width) return adjust(s, padChars(pad, width - n), adj);
    return s;
  };
  if (p === null) return field(f!, left);
  if (f === null) return field(p, true);
  if (f < p) return bad();
  if (f === p) return field(f, left);
  if (n > p) return adjust(flatTrunc(s, p, enc), padChars(pad, f - p), left);
  if (n < p) return adjust(cons(s, padChars(pad, p - n)), padChars(pad, f - p), left);
  return adjust(s, padChars(pad, f - p), left);
}

let sliceGraphemes: ((t: Term, n: number) => Term) | null = null;
/** string:slice/3 from the :string module (set by erlang-string.ts, which imports this file). */
export function useSlice(f: (t: Term, n: number) => Term): void {
  sliceGraphemes = f;
}

function flatTrunc(s: Term, n: number, enc: Encoding): Term {
  if (enc === "unicode" && sliceGraphemes !== null) return n === 0 ? NIL : sliceGraphemes(s, n);
  return list(flatChars(s).slice(0, n));
}

/** iolist_to_chars/1 (latin1 ~s): code points 0..255 and binaries' bytes, nesting kept. */
function iolistToChars(t: Term): Term {
  if (isBin(t)) return list(Array.from(binBytes(t)));
  if (t === NIL) return NIL;
  if (!(t instanceof Cons)) return bad();
  const items: Term[] = [];
  let l: Term = t;
  for (; l instanceof Cons; l = l.t) {
    const h = l.h;
    items.push(typeof h === "number" ? (h >= 0 && h <= 255 ? h : bad()) : iolistToChars(h));
  }
  return list(items, l === NIL ? NIL : iolistToChars(l));
}

/** cdata_to_chars/1 (unicode ~ts). */
function cdataToChars(t: Term): Term {
  if (typeof t === "string") return chars(t);
  if (t instanceof Bin) return t.bits === 0 ? list(Array.from(t.bytes)) : bad();
  if (t === NIL) return NIL;
  if (!(t instanceof Cons)) return bad();
  const items: Term[] = [];
  let l: Term = t;
  for (; l instanceof Cons; l = l.t) {
    const h = l.h;
    items.push(typeof h === "number" ? (h >= 0 ? h : bad()) : cdataToChars(h));
  }
  return list(items, l === NIL ? NIL : cdataToChars(l));
}

// Floats (~e ~f ~g): digits from float_to_list/1 ("%.20e"), rounded by hand as OTP does.

function floatData(v: number): [string, number] {
  const [m, e] = Math.abs(v).toExponential(20).split("e");
  return [m.replace(".", ""), Number(e) + 1];
}

/** float_man/3: `i` integer digits then `dc` decimals of digit string `ds`, with carry. */
function floatMan(ds: string, i: number, dc: number): [string, boolean] {
  const digits = ds.split("").map(Number);
  const total = i + dc;
  while (digits.length < total + 1) digits.push(0);
  let carry = digits[total] >= 5 && ds.length > total;
  const kept = digits.slice(0, total);
  for (let k = total - 1; k >= 0 && carry; k--) {
    if (kept[k] === 9) kept[k] = 0;
    else {
      kept[k]++;
      carry = false;
    }
  }
  const txt = kept.join("");
  return [txt.slice(0, i) + "." + txt.slice(i), carry];
}

const signbit = (v: number) => (v < 0 || Object.is(v, -0) ? "-" : "");

function floatE(v: number, p: number): string {
  const [ds, e] = floatData(v);
  const [fs, carry] = floatMan(ds, 1, p - 1);
  const exp = (x: number) => (x >= 0 ? "e+" + x : "e" + x);
  return signbit(v) + (carry ? "1" + fs.slice(1) + exp(e) : fs + exp(e - 1));
}

function floatF(v: number, p: number): string {
  let [ds, e] = floatData(v);
  if (e <= 0) {
    ds = "0".repeat(-e + 1) + ds;
    e = 1;
  }
  const [fs, carry] = floatMan(ds, e, p);
  return signbit(v) + (carry ? "1" + fs : fs);
}

function fwriteE(v: number, f: number | null, left: boolean, p: number | null, pad: Term): Term {
  const prec = p ?? 6;
  if (prec < 2) return bad();
  const s = chars(floatE(v, prec));
  return f === null ? s : termField(s, f, left, f, pad);
}

function fwriteF(v: number, f: number | null, left: boolean, p: number | null, pad: Term): Term {
  const prec = p ?? 6;
  if (prec < 1) return bad();
  const s = chars(floatF(v, prec));
  return f === null ? s : termField(s, f, left, f, pad);
}

function fwriteG(v: number, f: number | null, left: boolean, p: number | null, pad: Term): Term {
  const prec = p ?? 6;
  if (prec < 1) return bad();
  const x = Math.abs(v);
  const e = x < 0.1 ? -2 : x < 1 ? -1 : x < 10 ? 0 : x < 100 ? 1 : x < 1000 ? 2 : x < 10000 ? 3 : null;
  if ((prec <= 1 && e === -1) || (e !== null && prec - 1 > e && e >= -1)) return fwriteF(v, f, left, prec - 1 - e!, pad);
  if (prec <= 1) return fwriteE(v, f, left, 2, pad);
  return fwriteE(v, f, left, prec, pad);
}

function integerChars(n: number | bigint, base: number, lower: boolean): string {
  const s = (n < 0 ? -BigInt(n) : BigInt(n)).toString(base).toUpperCase();
  return lower ? s.toLowerCase() : s;
}

function baseOf(p: number | null): number {
  const b = p ?? 10;
  return b >= 2 && b <= 36 ? b : bad();
}

function integerField(n: Term, f: number | null, left: boolean, p: number | null, pad: Term, prefix: Term | null, lower: boolean): Term {
  const digits = chars(integerChars(n, baseOf(p), lower));
  const neg = n < 0;
  let body: Term;
  if (prefix === null) body = neg ? cons(45, digits) : digits;
  else body = neg ? cons(45, cons(prefix, digits)) : cons(prefix, digits);
  return termField(body, f, left, null, pad);
}

function charField(c: Term, f: number | null, left: boolean, p: number | null, pad: Term): Term {
  if (f === null && p === null) return L(c);
  if (p === null) return padChars(c, f!);
  if (f === null) return padChars(c, p);
  if (f < p) return bad();
  return adjust(padChars(c, p), padChars(pad, f - p), left);
}

function isDeepCharList(t: Term): boolean {
  const ok = (c: Term) => typeof c === "number" && c >= 0 && (c < 0xd800 || (c > 0xdfff && c < 0xfffe) || (c > 0xffff && c <= 0x10ffff));
  if (t === NIL) return true;
  if (!(t instanceof Cons)) return false;
  for (let l: Term = t; l !== NIL; l = l.t) {
    if (!(l instanceof Cons)) return false;
    if (isList(l.h)) {
      if (!isDeepCharList(l.h)) return false;
    } else if (!ok(l.h)) return false;
  }
  return true;
}

/** control_small/7: the controls whose text does not depend on the column (or null). */
function controlSmall(sp: Spec): Term | null {
  const { c, args, width: f, left, prec: p, pad, enc } = sp;
  const [x, y] = args;
  switch (c) {
    case 115: // s of an atom
      if (!(x === null || x === true || x === false || x instanceof Atom)) return null;
      return stringField(enc === "latin1" ? iolistToChars(chars(atomName(x))) : chars(atomName(x)), f, left, p, pad, enc);
    case 101:
      return x instanceof Float ? fwriteE(x.v, f, left, p, pad) : null;
    case 102:
      return x instanceof Float ? fwriteF(x.v, f, left, p, pad) : null;
    case 103:
      return x instanceof Float ? fwriteG(x.v, f, left, p, pad) : null;
    case 98:
    case 66:
      return isInt(x) ? integerField(x, f, left, p, pad, null, c === 98) : null;
    case 120:
    case 88: {
      if (!isInt(x)) return null;
      const prefix = x !== null && isAtom(y) ? chars(atomName(y)) : isDeepCharList(y) ? y : bad();
      return integerField(x, f, left, p, pad, prefix, c === 120);
    }
    case 43:
    case 35: {
      if (!isInt(x)) return null;
      const base = baseOf(p);
      return integerField(x, f, left, p, pad, L(chars(String(base)), 35), c === 43);
    }
    case 99:
      if (!isInt(x)) return null;
      return charField(enc === "unicode" ? x : Number(BigInt(x) & 255n), f, left, p, pad);
    case 126:
      return charField(126, f, left, p, pad);
    case 110:
      if (f === null) return L(10);
      return left ? bad() : padChars(10, f);
    case 105:
      return NIL;
  }
  return null;
}

/** control_limited/10 (no character limit): ~s ~w ~p ~W ~P at column `col`. */
function controlLimited(sp: Spec, col: number): Term {
  const { c, args, width: f, left, prec: p, pad, enc, strings } = sp;
  const [x, depth] = args;
  switch (c) {
    case 115:
      return stringField(enc === "latin1" ? iolistToChars(x) : cdataToChars(x), f, left, p, pad, enc);
    case 119:
      return termField(write(x, -1, enc), f, left, p, pad);
    case 87:
      if (typeof depth !== "number") return bad();
      return termField(write(x, depth, enc), f, left, p, pad);
    case 112:
    case 80: {
      const d = c === 112 ? -1 : typeof depth === "number" ? depth : bad();
      if (left) return bad();
      return prettyPrint(x, p ?? col + 1, f ?? 80, d, enc, strings);
    }
  }
  return bad();
}

/** io_lib_format:indentation/2: the column after writing deep chars `t` from column `i`. */
export function indentation(t: Term, i: number): number {
  for (let l = t; l instanceof Cons; l = l.t) {
    const h = l.h;
    if (h === 10) i = 0;
    else if (h === 9) i = Math.floor((i + 8) / 8) * 8;
    else if (typeof h === "number") i++;
    else i = indentation(h, i);
  }
  return i;
}

/** io_lib:format/2 as a deep character list; BadFormat when the format does not fit. */
function build(format: Term, args: Term): Term {
  return buildSpecs(scan(format, args));
}

/** io_lib_format:build/1: the text of a scanned format (characters and control specs). */
function buildSpecs(specs: (Term | Spec)[]): Term {
  const small: (Term | Spec)[] = [];
  let limited = 0;
  let ps = 0;
  for (const x of specs) {
    if (!isSpec(x)) {
      small.push(x);
      continue;
    }
    const s = controlSmall(x);
    if (s === null) {
      small.push(x);
      limited++;
      if (x.c === 112 || x.c === 80) ps++;
    } else small.push(...flatTerms(s));
  }
  if (limited === 0) return list(small as Term[]);
  const out: Term[] = [];
  let col = 0;
  for (const x of small) {
    if (isSpec(x)) {
      const s = controlLimited(x, col);
      if (x.c === 112 || x.c === 80) ps--;
      if (ps > 0) col = indentation(s, col);
      out.push(s);
    } else {
      out.push(x);
      col = x === 10 ? 0 : x === 9 ? Math.floor((col + 8) / 8) * 8 : col + 1;
    }
  }
  return list(out);
}

/** lists:flatten/1 of a small control's result, as a JS array. */
function flatTerms(t: Term): Term[] {
  const out: Term[] = [];
  const walk = (x: Term) => {
    for (; x instanceof Cons; x = x.t) {
      if (x.h instanceof Cons || x.h === NIL) walk(x.h);
      else out.push(x.h);
    }
  };
  walk(t);
  return out;
}

/** io_lib:format/2 (FormatError when it does not fit). */
export function format(fmt: Term, args: Term): Term {
  try {
    return build(fmt, args);
  } catch (e) {
    if (e instanceof BadFormat || e instanceof BeamError || e instanceof RangeError) throw new FormatError();
    throw e;
  }
}

export class FormatError extends Error {}

/** A control spec as io_lib:scan_format/2 shows it (a map of OTP 25's keys). */
function specMap(sp: Spec): Term {
  return MapTerm.fromPairs([
    [a("control_char"), sp.c],
    [a("args"), list(sp.args)],
    [a("width"), sp.width ?? a("none")],
    [a("adjust"), a(sp.left ? "left" : "right")],
    [a("precision"), sp.prec ?? a("none")],
    [a("pad_char"), sp.pad],
    [a("encoding"), a(sp.enc)],
    [a("strings"), sp.strings],
  ]);
}

const SPEC_KEYS = ["control_char", "args", "width", "adjust", "precision", "pad_char", "encoding"].map((k) => a(k));

/**
 * The spec of a scan_format map, or the map itself when it lacks one of the keys
 * io_lib_format's build matches (it is then text like any other element); BadFormat when
 * a value is not what scan makes.
 */
function mapSpec(m: MapTerm): Spec | MapTerm {
  if (!SPEC_KEYS.every((k) => m.has(k))) return m;
  const get = (k: string): Term => (m.has(a(k)) ? m.get(a(k)) : k === "strings" ? true : bad());
  const c = get("control_char");
  const args = properItems(get("args"));
  const width = get("width");
  const prec = get("precision");
  const adj = get("adjust");
  const enc = get("encoding");
  const strings = get("strings");
  if (typeof c !== "number" || args === null) return bad();
  if (!(width === a("none") || typeof width === "number") || !(prec === a("none") || typeof prec === "number")) return bad();
  if (adj !== a("left") && adj !== a("right")) return bad();
  if (enc !== a("latin1") && enc !== a("unicode")) return bad();
  if (typeof strings !== "boolean") return bad();
  return {
    c, args, width: width === a("none") ? null : (width as number), left: adj === a("left"), prec: prec === a("none") ? null : (prec as number),
    pad: get("pad_char"), enc: (enc as Atom).name as Encoding, strings,
  };
}

/** io_lib:scan_format/2: the format's characters and its control sequences as maps (FormatError when it does not fit). */
export function scanFormat(fmt: Term, args: Term): Term {
  try {
    return list(scan(fmt, args).map((x) => (isSpec(x) ? specMap(x) : x)));
  } catch (e) {
    if (e instanceof BadFormat || e instanceof BeamError || e instanceof RangeError) throw new FormatError();
    throw e;
  }
}

/** io_lib:build_text/1: the text of a scan_format list (FormatError when it cannot be built). */
export function buildText(items: Term): Term {
  try {
    const xs = properItems(items) ?? bad();
    return buildSpecs(xs.map((x) => (x instanceof MapTerm ? mapSpec(x) : x)));
  } catch (e) {
    if (e instanceof BadFormat || e instanceof BeamError || e instanceof RangeError) throw new FormatError();
    throw e;
  }
}

// ---------------------------------------------------------------------------
// What :io.format says is wrong (erl_stdlib_errors' check of the format and arguments)

/** The argument types a format needs (erl_lint:check_format_string/1), or an error text. */
function formatNeeds(fmt: number[]): string[] | string {
  const need: string[] = [];
  let i = 0;
  const digits = () => {
    while (DIGIT(fmt[i])) i++;
  };
  while (i < fmt.length) {
    if (fmt[i++] !== 126) continue;
    if (i >= fmt.length) return "truncated";
    if (fmt[i] === 45 && DIGIT(fmt[i + 1])) (i++, digits());
    else if (DIGIT(fmt[i])) digits();
    else if (fmt[i] === 45 && fmt[i + 1] === 42) (i += 2, need.push("int"));
    else if (fmt[i] === 42) (i++, need.push("int"));
    if (fmt[i] === 46 && DIGIT(fmt[i + 1])) (i++, digits());
    else if (fmt[i] === 46 && fmt[i + 1] === 42) (i += 2, need.push("int"));
    else if (fmt[i] === 46) i++;
    if (fmt[i] === 46 && fmt[i + 1] === 42) (i += 2, need.push("int"));
    else if (fmt[i] === 46 && i + 1 < fmt.length) i += 2;
    let mods = "";
    while (fmt[i] === 116 || fmt[i] === 108) mods += String.fromCharCode(fmt[i++]);
    if (i >= fmt.length) return "truncated";
    const c = String.fromCodePoint(fmt[i++]);
    if (mods.includes("t") && !"cspPwW".includes(c)) return `invalid control ~${mods.includes("l") ? "lt" : "t"}${c}`;
    if (mods.includes("l") && !"pP".includes(c)) return `invalid control ~l${c}`;
    const types: Record<string, string[]> = {
      "~": [], c: ["int"], f: ["float"], e: ["float"], g: ["float"], s: ["string"], w: ["term"], p: ["term"],
      W: ["term", "int"], P: ["term", "int"], b: ["int"], B: ["int"], x: ["int", "string"], X: ["int", "string"],
      "+": ["term"], "#": ["term"], n: [], i: ["term"],
    };
    if (types[c] === undefined) return `invalid control ~${c}`;
    need.push(...types[c]);
  }
  return need;
}

function isIoFormat(f: Term): boolean {
  if (isAtom(f) || f === null || f === true || f === false || isBin(f)) return true;
  const xs = properItems(f);
  return xs !== null && xs.every((x) => typeof x === "number");
}

/**
 * The ArgumentError :io.format raises for a format the device could not use: the problems
 * by argument position (`withDevice`: the format is the 2nd argument).
 */
export function ioFormatError(fmt: Term, args: Term, withDevice: boolean, isPidOrAtomFmt = false): BeamError {
  const shift = withDevice ? 1 : 0;
  const problems: [number, string][] = [];
  const general: string[] = [];
  if (!isIoFormat(fmt)) {
    problems.push([1 + shift, "not a valid format string"]);
    if (!isList(args)) problems.push([2 + shift, "not a list"]);
    if (isPidOrAtomFmt && isIoFormat(args)) general.push("possibly missing argument list");
  } else if (!isList(args)) problems.push([2 + shift, "not a list"]);
  else {
    const argv = properItems(args) ?? [];
    const needs = formatNeeds(formatChars(fmt) as number[]);
    if (typeof needs === "string") problems.push([1 + shift, `format string invalid (${needs})`]);
    else if (needs.length !== argv.length) problems.push([1 + shift, "wrong number of arguments"]);
    else {
      const errs: string[] = [];
      needs.forEach((t, k) => {
        const x = argv[k];
        const ok = t === "term" || (t === "float" && x instanceof Float) || (t === "int" && isInt(x)) ||
          (t === "string" && (isAtom(x) || x === null || x === true || x === false || isBin(x) || (isList(x) && isCharData(x))));
        if (!ok) errs.push(`element ${k + 1} must be of type ${t === "int" ? "integer" : t}`);
      });
      if (errs.length) problems.push([2 + shift, errs.join("\n")]);
      else problems.push([1 + shift, "failed to format string"]);
    }
  }
  const e = badArgs(problems);
  if (general.length) {
    const exc = e.reason as MapTerm;
    const msg = exc.get(a("message")) as string;
    return argumentError(msg + general.map((g) => `  * ${g}\n`).join(""));
  }
  return e;
}

function isCharData(t: Term): boolean {
  if (typeof t === "number") return t >= 0 && t <= 0x10ffff && !(t >= 0xd800 && t <= 0xdfff);
  if (typeof t === "string") return true;
  if (t instanceof Bin) return false;
  if (t === NIL) return true;
  if (!(t instanceof Cons)) return false;
  let l: Term = t;
  for (; l instanceof Cons; l = l.t) if (!isCharData(l.h)) return false;
  return l === NIL || typeof l === "string";
}
