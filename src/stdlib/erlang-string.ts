// Erlang's :string module (OTP 25): the grapheme-aware functions over chardata (binaries,
// code point lists, nested mixes of both). The obsolete flat-list functions (str, substr,
// strip, tokens, ...) are Elixir in src/prelude/string_obsolete.ex.
//
// Results are chardata assembled from pieces of the input, and their shape is what iex
// prints, so every function returns the same shape OTP's does: binaries are answered with
// binaries (sub-binaries of the input), lists with lists whose tails are the input's own
// tails as unicode_util:cp/gc step through them (see unicode-util.ts). Bytes that are not
// UTF-8 raise `{:badarg, rest}` where OTP does.
import type { NativeFn } from "../runtime/code.js";
import { BeamError, argumentError, badArgs, caseClauseError, matchError } from "../runtime/errors.js";
import { strictEquals } from "../runtime/term-order.js";
import { Bin, Cons, NIL, Term, a, binBytes, float, fromCodePoints, list } from "../runtime/term.js";
import { add, fce, withFrame } from "../runtime/arith.js";
import { parseErlFloat } from "./float.js";
import { useSlice } from "./io-lib.js";
import { locatedEntries } from "./library-frames.js";
import { binCp, cp, foldOf, gc, gcCodePoints, lowerOf, normFirst, titleOf, upperOf, WHITESPACE } from "./unicode-util.js";

const NOMATCH = a("nomatch");
const ERROR = a("error");
const isInt = (t: Term): t is number => typeof t === "number";
const isBin = (t: Term): t is string | Bin => typeof t === "string" || (t instanceof Bin && t.bits === 0);
const isList = (t: Term) => t === NIL || t instanceof Cons;
const cons = (h: Term, t: Term) => new Cons(h, t);
const fc = (fn: string, args: Term[]) => fce("string", fn, args);

/** `error({badarg, What})`, as OTP raises on chardata it cannot read. */
const badarg = (what: Term) => new BeamError("error", [a("badarg"), what]);

/** OTP's fast-path test: two code points that cannot join (no CR, both Latin-1). */
const asciiPair = (c1: Term, c2: Term) => isInt(c1) && isInt(c2) && c1 < 256 && c2 < 256 && c1 !== 13;

/** The `[first | rest]` of a cp/gc step, or null at the end; `{:error, rest}` raises badarg. */
function step(r: Term): Cons | null {
  if (r instanceof Cons) return r;
  if (r === NIL) return null;
  throw badarg((r as Term[])[1]);
}

/** Grapheme cluster equality (clusters are code points or lists of them). */
const gcEq = (x: Term, y: Term) => x === y || (!isInt(x) && !isInt(y) && strictEquals(x, y));
const member = (g: Term, seps: Term[]): boolean => {
  // (separators given as no proper list: lists:member/2 rejects them at the first look-up)
  const improper = (seps as Term[] & { improper?: Term }).improper;
  if (improper !== undefined) throw withFrame(badArgs([[2, improper instanceof Cons ? "not a proper list" : "not a list"]]), "lists", "member", [g, improper]);
  return seps.some((s) => gcEq(g, s));
};

function isEmpty(t: Term): boolean {
  for (;;) {
    if (t === NIL || t === "") return true;
    if (t instanceof Bin) return t.bytes.length === 0 && t.bits === 0;
    if (!(t instanceof Cons)) return false;
    if (!isEmpty(t.h)) return false;
    t = t.t;
  }
}

/** First code point of a (non-empty) JS string and its width in UTF-16 units. */
function first(s: string): [number, number] {
  const c = s.codePointAt(0)!;
  return [c, c > 0xffff ? 2 : 1];
}

// ---------------------------------------------------------------------------
// Building results (the pieces OTP glues chardata with)

/** A cluster put in front of chardata: `[c | str]`, `gc ++ str`, or `[c, bin]`. */
function prepend(g: Term, str: Term): Term {
  if (typeof str === "string" && str === "" || str instanceof Bin && str.bytes.length === 0) return isInt(g) ? cons(g, NIL) : g;
  if (isBin(str)) return cons(g, cons(str, NIL));
  if (isInt(g)) return cons(g, str);
  return list(gcCodePoints(g), str);
}

/** A binary piece in front of an accumulated list, dropping empties. */
function stack(bin: Term, st: Term): Term {
  if (st === NIL) return bin;
  if (bin === "" || bin === NIL) return st;
  return cons(bin, st);
}

/** Reverses an accumulator of pieces (one binary stands alone). */
function rev(acc: Term): Term {
  if (acc instanceof Cons && acc.t === NIL && isBin(acc.h)) return acc.h;
  if (isInt(acc)) return acc;
  let out: Term = NIL;
  for (let l = acc; l instanceof Cons; l = l.t) out = cons(l.h, out);
  return out;
}

/** The reversal of `g` pushed on an accumulator (OTP's append(rev(GC), Acc)). */
const pushGc = (g: Term, acc: Term): Term => (isInt(g) ? cons(g, acc) : list(gcCodePoints(g).reverse(), acc));

/** A binary token with what was accumulated before it (OTP's btoken). */
function btoken(piece: string | Bin, acc: Term): Term {
  if (acc === NIL) return piece;
  if (acc instanceof Cons && acc.t === NIL && isInt(acc.h)) return fromCodePoints([acc.h]) + asStr(piece);
  if (piece === "") return reverseList(acc);
  return cons(reverseList(acc), cons(piece, NIL));
}

const asStr = (b: string | Bin): string => (typeof b === "string" ? b : new TextDecoder("utf-8", { ignoreBOM: true }).decode(binBytes(b)));

const addNonEmpty = (token: Term, l: Term): Term => (token === "" ? l : cons(token, l));

/** Chardata as code points (unicode:characters_to_list); raises badarg when it cannot. */
export function codepointsOf(t: Term): number[] {
  const out: number[] = [];
  const walk = (x: Term): void => {
    for (; x instanceof Cons; x = x.t) {
      if (isInt(x.h)) out.push(x.h);
      else walk(x.h);
    }
    if (x === NIL) return;
    if (typeof x === "string") {
      for (const ch of x) out.push(ch.codePointAt(0)!);
      return;
    }
    throw withFrame(badArgs([[1, "not valid character data (an iodata term)"]]), "unicode", "characters_to_list", [t]);
  };
  walk(t);
  return out;
}

// ---------------------------------------------------------------------------
// length, to_graphemes, reverse, equal

function length(t: Term): number {
  let n = 0;
  for (let s = t; ;) {
    if (s instanceof Cons && isInt(s.h) && s.t instanceof Cons && asciiPair(s.h, s.t.h)) {
      s = s.t;
      n++;
      continue;
    }
    if (typeof s === "string") return n + stringLength(s);
    const r = gc(s);
    if (r === NIL) return n;
    if (!(r instanceof Cons)) throw badarg((r as Term[])[1]);
    s = r.t;
    n++;
  }
}

function stringLength(s: string): number {
  let n = 0;
  let t: Term = s;
  while (typeof t === "string" && t !== "") {
    let i = 0;
    while (i + 1 < t.length && asciiPair(t.charCodeAt(i), t.charCodeAt(i + 1))) i++;
    if (i > 0) {
      n += i;
      t = t.slice(i);
      continue;
    }
    const r = step(gc(t));
    if (r === null) break;
    n++;
    t = r.t;
  }
  return t === "" ? n : n + length(t);
}

function graphemes(t: Term): Term[] {
  const out: Term[] = [];
  for (let s = t; ;) {
    const r = step(gc(s));
    if (r === null) return out;
    out.push(r.h);
    s = r.t;
  }
}

function equal(x: Term, y: Term): boolean {
  if (isBin(x) && isBin(y)) return strictEquals(x, y);
  for (;;) {
    if (x instanceof Cons && y instanceof Cons && isInt(x.h) && isInt(y.h)) {
      if (x.h !== y.h) return false;
      x = x.t;
      y = y.t;
      continue;
    }
    if (x === NIL) return isEmpty(y);
    const rx = cp(x), ry = cp(y);
    if (rx instanceof Cons && ry instanceof Cons) {
      if (rx.h !== ry.h) return false;
      x = rx.t;
      y = ry.t;
      continue;
    }
    if (rx === NIL && ry === NIL) return true;
    if (isList(rx) && isList(ry)) return false;
    throw caseClauseError([rx, ry]);
  }
}

type Norm = "none" | "nfc" | "nfd" | "nfkc" | "nfkd";

/** equal/4: code points compared after optional normalisation and case folding. */
function equalWith(x: Term, y: Term, fold: boolean, norm: Norm): boolean {
  if (norm === "none") return fold ? equalFolded(x, y, (t) => t) : equal(x, y);
  const form = norm.toUpperCase() as "NFC" | "NFD" | "NFKC" | "NFKD";
  return equalFolded(x, y, (t) => normFirst(t, form), fold);
}

function equalFolded(x: Term, y: Term, norm: (t: Term) => Term, fold = true): boolean {
  for (;;) {
    if (x === y || strictEquals(x, y)) return true;
    const nx = norm(x), ny = norm(y);
    const rx = cp(fold ? foldFirst(nx) : nx), ry = cp(fold ? foldFirst(ny) : ny);
    if (rx instanceof Cons && ry instanceof Cons) {
      if (rx.h !== ry.h) return false;
      x = rx.t;
      y = ry.t;
      continue;
    }
    if (rx === NIL && ry === NIL) return true;
    if (isList(rx) && isList(ry)) return false;
    throw caseClauseError([rx, ry]);
  }
}

function foldFirst(t: Term): Term {
  const r = cp(t);
  if (r === NIL) return NIL;
  if (!(r instanceof Cons)) throw badarg((r as Term[])[1]);
  const f = foldOf(r.h);
  return cons(isInt(f) ? f : list(f), r.t);
}

// ---------------------------------------------------------------------------
// slice

/** What follows the first `n` clusters ([] past the end). */
function sliceFrom(t: Term, n: number): Term {
  if (typeof t === "string" && n > 0) {
    const rest = dropClusters(t, n);
    return rest;
  }
  let s = t;
  while (n > 0) {
    if (s instanceof Cons && s.t instanceof Cons && asciiPair(s.h, s.t.h)) {
      s = s.t;
      n--;
      continue;
    }
    const r = step(gc(s));
    if (r === null) return NIL;
    s = r.t;
    n--;
  }
  return s;
}

/** The rest of binary `s` after `n` clusters (a binary). */
function dropClusters(s: string, n: number): Term {
  let t: Term = s;
  while (n > 0) {
    if (typeof t !== "string") {
      const r = step(gc(t));
      if (r === null) return "";
      t = r.t;
      n--;
      continue;
    }
    if (t === "") return "";
    let i = 0;
    while (n > 1 && i + 1 < t.length && asciiPair(t.charCodeAt(i), t.charCodeAt(i + 1))) {
      i++;
      n--;
    }
    if (i > 0) t = t.slice(i);
    const r = step(gc(t));
    if (r === null) return "";
    t = r.t;
    n--;
  }
  return t;
}

/** The first `n` clusters of chardata: a binary prefix of a binary, else a flat list. */
function sliceTake(t: Term, n: number): Term {
  if (!isList(t) && !isBin(t)) throw fce("string", "slice_trail", [t, n]);
  if (isBin(t)) {
    if (typeof t !== "string") {
      if (binCp(t) === null && n > 0) throw badarg(t);
    }
    if (n <= 0 || t === "") return "";
    let taken = 0;
    let rest: Term = t;
    while (taken < n) {
      const r = step(gc(rest));
      if (r === null) return t;
      rest = r.t;
      taken++;
    }
    const s = asStr(t);
    return s.slice(0, s.length - asStr(rest as string).length);
  }
  const out: number[] = [];
  let s = t;
  for (let k = 0; k < n; k++) {
    const r = step(gc(s));
    if (r === null) break;
    out.push(...gcCodePoints(r.h));
    s = r.t;
  }
  return list(out);
}

function slice(args: Term[]): Term {
  const [t, n, len] = args;
  const nonNeg = (x: Term) => isInt(x) && x >= 0;
  if (args.length === 2) {
    if (!nonNeg(n)) throw fc("slice", args);
    const r = sliceFrom(t, n);
    return r === NIL && isBin(t) ? "" : r;
  }
  if (nonNeg(n) && isInt(len) && len > 0) {
    const r = sliceFrom(t, n);
    if (r === NIL && isBin(t)) return "";
    return sliceTake(r, len);
  }
  if (len === a("infinity")) {
    if (!isInt(n)) throw fc("slice", args);
    const r = sliceFrom(t, n);
    return r === NIL && isBin(t) ? "" : r;
  }
  if (len === 0) return isBin(t) ? "" : NIL;
  throw fc("slice", args);
}

// ~ts in a field truncates by clusters as string:slice/3 does.
useSlice((t, n) => sliceTake(t, n));

// ---------------------------------------------------------------------------
// pad

function duplicate(n: number, x: Term): Term {
  return list(new Array(Math.max(0, n)).fill(x));
}

function pad(args: Term[]): Term {
  const [t, len, dir = a("trailing"), ch = 32] = args;
  const name = dir instanceof Object && "name" in dir ? (dir as { name: string }).name : "";
  if (!isInt(len) || !["leading", "trailing", "both"].includes(name)) throw fc("pad", [t, len, dir, ch]);
  const size = Math.max(0, len - length(t));
  if (name === "leading") return list([duplicate(size, ch), t]);
  if (name === "trailing") return cons(t, duplicate(size, ch));
  const pre = duplicate(Math.floor(size / 2), ch);
  return list([pre, t, pre], size % 2 === 1 ? list([ch]) : NIL);
}

// ---------------------------------------------------------------------------
// Searching binaries for separator clusters

/** The search pattern as OTP's internal functions carry it: {clusters, code points, :undefined}. */
const patternTerm = (seps: Seps): Term => [list(seps.gcs), list(seps.cps), a("undefined")];

interface Seps {
  gcs: Term[];
  /** The first code point of each separator. */
  cps: number[];
}

function sepsOf(l: Term): Seps {
  const gcs: Term[] = [];
  for (let x = l; x instanceof Cons; x = x.t) gcs.push(x.h);
  const cps = gcs.map((g) => {
    if (isInt(g)) return g;
    const r = cp(g);
    if (!(r instanceof Cons)) throw new BeamError("error", [a("badmatch"), r]);
    return r.h;
  });
  return { gcs, cps };
}

type Found = { nomatch: true; cont: Term } | { nomatch: false; at: Term };

/**
 * Skips the separator clusters at the start of binary `bin` (whose chardata continues
 * with `cont`): the rest from the first other cluster (`[bin' | cont]`), or nomatch with
 * what follows when everything was a separator.
 */
function skipSeps(bin: Term, cont: Term, seps: Term[]): Found {
  const single = seps.length === 1;
  for (;;) {
    if (bin === "" || bin === NIL) return { nomatch: true, cont };
    if (!isBin(bin) || binCp(bin) === null) throw badarg(bin);
    const s = bin as string | Bin;
    const [c1, after] = binCp(s)!;
    const c2 = after !== "" && binCp(after) !== null ? binCp(after)![0] : -1;
    if (c2 >= 0 && asciiPair(c1, c2)) {
      if (member(c1, seps)) {
        bin = after;
        continue;
      }
      return { nomatch: false, at: cons(s, cont) };
    }
    if (cont === NIL) {
      const r = gc(s);
      if (!(r instanceof Cons)) {
        if (single) return { nomatch: false, at: cons(s, cont) };
        throw new BeamError("error", [a("badmatch"), r]);
      }
      if (member(r.h, seps)) {
        bin = r.t;
        continue;
      }
      return { nomatch: false, at: cons(s, cont) };
    }
    const r = gc(cons(s, cont));
    if (!(r instanceof Cons)) {
      if (single) return { nomatch: false, at: cons(s, cont) };
      throw new BeamError("error", [a("badmatch"), r]);
    }
    if (!member(r.h, seps)) return { nomatch: false, at: cons(s, cont) };
    const rest = r.t;
    if (rest instanceof Cons && isBin(rest.h) && (rest.t === cont || strictEquals(rest.t, cont))) {
      bin = rest.h;
      continue;
    }
    return { nomatch: true, cont: rest };
  }
}

/**
 * Finds the first separator cluster in binary `bin` (chardata continuing with `cont`):
 * `[bin from there | cont]` (or the binary alone when cont is []), else nomatch.
 */
function findSep(bin: string, cont: Term, seps: Seps): Found {
  if (seps.cps.length === 0) throw withFrame(badArgs([[1, "not a valid pattern"]]), "binary", "compile_pattern", [NIL]);
  let start = 0;
  for (;;) {
    if (start >= bin.length) return { nomatch: true, cont };
    let where = -1;
    for (const c of seps.cps) {
      const i = bin.indexOf(String.fromCodePoint(c), start);
      if (i >= 0 && (where < 0 || i < where)) where = i;
    }
    if (where < 0) return { nomatch: true, cont };
    const from = bin.slice(where);
    if (cont === NIL) {
      const r = gc(from) as Cons;
      if (member(r.h, seps.gcs)) return { nomatch: false, at: cons(from, NIL) };
      if (r.t === NIL) return { nomatch: true, cont: NIL };
      start = bin.length - asStr(r.t).length;
      continue;
    }
    const here = cons(from, cont);
    const r = gc(here);
    if (r instanceof Cons && member(r.h, seps.gcs)) return { nomatch: false, at: here };
    const rest = r instanceof Cons ? r.t : r;
    if (rest instanceof Cons && isBin(rest.h) && (rest.t === cont || strictEquals(rest.t, cont))) {
      start = bin.length - asStr(rest.h).length;
      continue;
    }
    return { nomatch: true, cont: rest };
  }
}

const headBin = (t: Term): string => (t instanceof Cons ? t.h : t);
const sizeBefore = (whole: string, tail: string) => whole.length - tail.length;

// ---------------------------------------------------------------------------
// trim, chomp

function trim(args: Term[]): Term {
  const [str, dir = a("both"), sepsT = list(WHITESPACE.map((w) => (isInt(w) ? w : list(w))))] = args;
  if (sepsT === NIL) return str;
  const name = dir instanceof Object && "name" in dir ? (dir as { name: string }).name : "";
  if (!isList(sepsT) || !["leading", "trailing", "both"].includes(name)) throw fc("trim", [str, dir, sepsT]);
  const seps = sepsOf(sepsT);
  if (name === "leading") return trimLeading(str, seps.gcs);
  if (name === "trailing") return trimTrailing(str, seps);
  return trimTrailing(trimLeading(str, seps.gcs), seps);
}

function trimLeading(str: Term, seps: Term[]): Term {
  for (;;) {
    if (str instanceof Cons && str.t instanceof Cons && asciiPair(str.h, str.t.h)) {
      if (!member(str.h, seps)) return str;
      str = str.t;
      continue;
    }
    if (str instanceof Cons && isBin(str.h)) {
      const f = skipSeps(str.h, str.t, seps);
      if (!f.nomatch) return f.at;
      str = f.cont;
      continue;
    }
    if (isList(str)) {
      const r = gc(str);
      if (r === NIL) return NIL;
      if (!(r instanceof Cons)) throw caseClauseError(r);
      if (!member(r.h, seps)) return str;
      str = r.t;
      continue;
    }
    if (isBin(str)) {
      const f = skipSeps(str, NIL, seps);
      return f.nomatch ? "" : (f.at as Cons).h;
    }
    throw fce("string", "trim_l", [str, list(seps)]);
  }
}

/** Chardata with trailing separator clusters removed. */
function trimTrailing(str: Term, seps: Seps): Term {
  if (!isList(str) && !isBin(str)) throw fce("string", "trim_t", [str, 0, patternTerm(seps)]);
  if (str instanceof Bin && !containsAny(str, seps.cps)) return str;
  if (isBin(str)) return trimTrailingBin(asStr(str as string), seps);
  if (str instanceof Cons && isBin(str.h)) {
    const bin = asStr(str.h);
    return trimTrailingMixed(bin, str.t, seps);
  }
  if (str instanceof Cons && isInt(str.h)) {
    const c = str.h;
    if (!seps.cps.includes(c)) return cons(c, trimTrailing(str.t, seps));
    const r = gc(str) as Cons;
    const tail = trimTrailing(r.t, seps);
    if (member(r.h, seps.gcs)) return isEmpty(tail) ? NIL : prepend(r.h, tail);
    return prepend(r.h, tail);
  }
  const r = gc(str);
  if (r === NIL) return NIL;
  if (!(r instanceof Cons)) throw caseClauseError(r);
  const tail = trimTrailing(r.t, seps);
  if (member(r.h, seps.gcs)) return isEmpty(tail) ? NIL : prepend(r.h, tail);
  return prepend(r.h, tail);
}

/** Whether the bytes of a binary hold the UTF-8 encoding of one of `cps`. */
function containsAny(b: Bin, cps: number[]): boolean {
  const hay = Buffer.from(b.bytes);
  return cps.some((c) => hay.includes(Buffer.from(String.fromCodePoint(c), "utf8")));
}

function trimTrailingBin(bin: string, seps: Seps): Term {
  let from = 0;
  for (;;) {
    const f = findSep(bin.slice(from), NIL, seps);
    if (f.nomatch) return bin;
    const sepStart = headBin(f.at);
    const s = skipSeps(sepStart, NIL, seps.gcs);
    if (s.nomatch) return bin.slice(0, sizeBefore(bin, sepStart));
    from = sizeBefore(bin, headBin(s.at));
  }
}

function trimTrailingMixed(bin: string, cont: Term, seps: Seps, from = 0): Term {
  for (;;) {
    const f = findSep(bin.slice(from), cont, seps);
    if (f.nomatch) return stack(bin, trimTrailing(cont, seps));
    const sepStart = headBin(f.at);
    const s = skipSeps(sepStart, (f.at as Cons).t, seps.gcs);
    if (s.nomatch) {
      const tail = trimTrailing(s.cont, seps);
      if (isEmpty(tail)) return bin.slice(0, sizeBefore(bin, sepStart));
      const used = cpPrefix(cont, s.cont);
      return stack(bin, stack(used, tail));
    }
    from = sizeBefore(bin, headBin(s.at));
    // OTP resumes with the original chardata from `bin` onwards.
    const rest = s.at as Cons;
    cont = rest.t;
  }
}

/** The code points of `orig` that come before its tail `rest` (as a flat list). */
function cpPrefix(orig: Term, rest: Term): Term {
  const r = cp(rest);
  if (r === NIL) return orig;
  const until = (r as Cons).h;
  const cont = (r as Cons).t;
  const out: number[] = [];
  let o = orig;
  for (;;) {
    const x = cp(o) as Cons;
    if (x.h === until && equal(x.t, cont)) return list(out);
    out.push(x.h);
    o = x.t;
  }
}

// ---------------------------------------------------------------------------
// take

function take(args: Term[]): Term {
  const [str, sepsT, complement = false, dir = a("leading")] = args;
  const name = dir instanceof Object && "name" in dir ? (dir as { name: string }).name : "";
  if (sepsT === NIL) {
    const empty = isBin(str) ? "" : NIL;
    const leadingLike = (complement === false) === (name === "leading");
    if ((complement !== true && complement !== false) || (name !== "leading" && name !== "trailing")) {
      throw caseClauseError([complement, dir]);
    }
    return leadingLike ? [empty, str] : [str, empty];
  }
  if (complement === false && name === "leading") return takeLeading(str, sepsOfList(sepsT), NIL, sepsT);
  if (complement === true && name === "leading") return takeLeadingNot(str, sepsOf(sepsT), NIL);
  if (complement === false && name === "trailing") return takeTrailing(str, sepsOf(sepsT), false);
  if (complement === true && name === "trailing") return takeTrailing(str, sepsOf(sepsT), true);
  throw fc("take", [str, sepsT, complement, dir]);
}

function sepsOfList(l: Term): Term[] {
  const out: Term[] = [];
  let x = l;
  for (; x instanceof Cons; x = x.t) out.push(x.h);
  // OTP looks separators up with lists:member/2, which rejects anything but a proper list.
  if (x !== NIL) (out as Term[] & { improper?: Term }).improper = l;
  return out;
}

/** {leading separators, rest}. */
function takeLeading(str: Term, seps: Term[], acc: Term, raw: Term = list(seps)): Term {
  for (;;) {
    if (str instanceof Cons && str.t instanceof Cons && asciiPair(str.h, str.t.h)) {
      const h = str.h;
      if (!calledFrom([["take_l", 3, 961]], () => member(h, seps), MEMBER)) return [rev(acc), str];
      acc = cons(str.h, acc);
      str = str.t;
      continue;
    }
    if (str instanceof Cons && isBin(str.h)) {
      const bin = str.h;
      const cont = str.t;
      const f = calledFrom([["bin_search_inv_n", 3, 1677], ["take_l", 3, 966]], () => skipSeps(bin, cont, seps), MEMBER);
      if (f.nomatch) {
        const used = cpPrefix(str.t, f.cont);
        acc = cons(charsToBinary(cons(bin, used)), acc);
        str = f.cont;
        continue;
      }
      const b1 = headBin(f.at);
      return [btoken(asStr(bin).slice(0, sizeBefore(asStr(bin), asStr(b1))), acc), f.at];
    }
    if (isList(str)) {
      const r = gc(str);
      if (r === NIL) return [rev(acc), NIL];
      if (!(r instanceof Cons)) throw caseClauseError(r);
      const g = r.h;
      if (!calledFrom([["take_l", 3, 978]], () => member(g, seps), MEMBER)) return [rev(acc), str];
      acc = pushGc(r.h, acc);
      str = r.t;
      continue;
    }
    if (isBin(str)) {
      const bin = str;
      const f = calledFrom([["bin_search_inv_n", 3, 1677], ["take_l", 3, 985]], () => skipSeps(bin, NIL, seps), MEMBER);
      if (f.nomatch) return [btoken(str, acc), ""];
      const after = headBin(f.at);
      const s = asStr(str);
      return [btoken(s.slice(0, sizeBefore(s, asStr(after))), acc), after];
    }
    throw fce("string", "take_l", [str, raw, acc]);
  }
}

/** {leading non-separators, rest}. */
function takeLeadingNot(str: Term, seps: Seps, acc: Term): Term {
  for (;;) {
    if (str instanceof Cons && isInt(str.h)) {
      if (seps.cps.includes(str.h)) {
        const r = gc(str) as Cons;
        if (member(r.h, seps.gcs)) return [rev(acc), str];
        acc = pushGc(r.h, acc);
        str = r.t;
      } else {
        acc = cons(str.h, acc);
        str = str.t;
      }
      continue;
    }
    if (str instanceof Cons && isBin(str.h)) {
      const bin = asStr(str.h);
      const f = findSep(bin, str.t, seps);
      if (f.nomatch) {
        const used = cpPrefix(str.t, f.cont);
        acc = cons(charsToBinary(cons(bin, used)), acc);
        str = f.cont;
        continue;
      }
      return [btoken(bin.slice(0, sizeBefore(bin, headBin(f.at))), acc), f.at];
    }
    if (isList(str)) {
      const r = gc(str);
      if (r === NIL) return [rev(acc), NIL];
      if (!(r instanceof Cons)) throw caseClauseError(r);
      if (member(r.h, seps.gcs)) return [rev(acc), str];
      acc = pushGc(r.h, acc);
      str = r.t;
      continue;
    }
    if (isBin(str)) {
      const s = asStr(str);
      const f = findSep(s, NIL, seps);
      if (f.nomatch) return [btoken(s, acc), ""];
      const after = headBin(f.at);
      return [btoken(s.slice(0, sizeBefore(s, after)), acc), after];
    }
    throw fce("string", "take_lc", [str, list(seps.gcs), acc]);
  }
}

/**
 * {head, trailing part}: the trailing part is the longest run of separators at the end
 * (or of non-separators, when `complement`).
 */
function takeTrailing(str: Term, seps: Seps, complement: boolean): Term[] {
  const inRun = (g: Term) => member(g, seps.gcs) !== complement;
  const joined = (g: Term, [head, tail]: Term[]): Term[] =>
    inRun(g) && isEmpty(head) ? [head, prepend(g, tail)] : [prepend(g, head), tail];
  if (str instanceof Cons && isInt(str.h)) {
    const c = str.h;
    if (complement && str.t instanceof Cons && asciiPair(c, str.t.h)) return joined(c, takeTrailing(str.t, seps, complement));
    if (!complement && !seps.cps.includes(c)) {
      const [head, tail] = takeTrailing(str.t, seps, complement);
      return [cons(c, head), tail];
    }
    const g = gc(str) as Cons;
    return joined(g.h, takeTrailing(g.t, seps, complement));
  }
  if (str instanceof Cons && isBin(str.h)) return takeTrailingMixed(asStr(str.h), str.t, seps, complement, 0);
  if (isList(str)) {
    const r = gc(str);
    if (r === NIL) return [NIL, NIL];
    if (!(r instanceof Cons)) throw caseClauseError(r);
    const [head, tail] = takeTrailing(r.t, seps, complement);
    if (inRun(r.h)) return isEmpty(head) ? [head, prepend(r.h, tail)] : [prepend(r.h, head), tail];
    return [prepend(r.h, head), tail];
  }
  if (isBin(str)) return takeTrailingBin(asStr(str), seps, complement, 0);
  throw fce("string", complement ? "take_tc" : "take_t", [str, 0, list(seps.gcs)]);
}

/** Finds where a run starts (separators, or non-separators when complement). */
function runStart(bin: string, cont: Term, seps: Seps, complement: boolean): Found {
  return complement ? skipSeps(bin, cont, seps.gcs) : findSep(bin, cont, seps);
}

/** Finds where that run ends. */
function runEnd(bin: Term, cont: Term, seps: Seps, complement: boolean): Found {
  return complement ? findSep(asStr(bin), cont, seps) : skipSeps(bin, cont, seps.gcs);
}

function takeTrailingBin(bin: string, seps: Seps, complement: boolean, from: number): Term[] {
  for (;;) {
    const f = runStart(bin.slice(from), NIL, seps, complement);
    if (f.nomatch) return [bin, ""];
    const start = headBin(f.at);
    const e = runEnd(start, NIL, seps, complement);
    if (e.nomatch) {
      const keep = sizeBefore(bin, asStr(start));
      return [bin.slice(0, keep), bin.slice(keep)];
    }
    from = sizeBefore(bin, asStr(headBin(e.at)));
  }
}

function takeTrailingMixed(bin: string, cont0: Term, seps: Seps, complement: boolean, from: number): Term[] {
  for (;;) {
    const f = runStart(bin.slice(from), cont0, seps, complement);
    if (f.nomatch) {
      const used = cpPrefix(cont0, f.cont);
      const [head, tail] = takeTrailing(f.cont, seps, complement);
      return [stack(charsToBinary(cons(bin, used)), head), tail];
    }
    const start = headBin(f.at);
    const e = runEnd(start, (f.at as Cons).t ?? NIL, seps, complement);
    if (e.nomatch) {
      const [head, tail] = takeTrailing(e.cont, seps, complement);
      const used = cpPrefix(cont0, e.cont);
      if (isEmpty(head)) {
        const keep = sizeBefore(bin, asStr(start));
        return [bin.slice(0, keep), stack(stack(bin.slice(keep), used), tail)];
      }
      return [stack(charsToBinary(cons(bin, used)), head), tail];
    }
    from = sizeBefore(bin, asStr(headBin(e.at)));
    cont0 = (e.at as Cons).t;
  }
}

/** unicode:characters_to_binary of well-formed chardata. */
function charsToBinary(t: Term): string {
  return fromCodePoints(codepointsOf(t));
}

// ---------------------------------------------------------------------------
// prefix, split, replace, find

/** The rest of `str` after the code points `pre`, or null; the last must be a whole cluster. */
function prefixRest(str: Term, pre: number[]): Term | null {
  let s = str;
  for (let i = 0; i < pre.length; i++) {
    if (i === pre.length - 1) {
      const r = gc(s);
      return r instanceof Cons && r.h === pre[i] ? r.t : null;
    }
    if (s instanceof Cons && isInt(s.h)) {
      if (s.h !== pre[i]) return null;
      s = s.t;
      continue;
    }
    if (typeof s === "string" && s !== "") {
      const [c, w] = first(s);
      if (c !== pre[i]) return null;
      s = s.slice(w);
      continue;
    }
    const r = cp(s);
    if (!(r instanceof Cons) || r.h !== pre[i]) return null;
    s = r.t;
  }
  return s;
}

function prefix(str: Term, pre: Term): Term {
  const cps = calledFrom([["prefix", 2, 444]], () => codepointsOf(pre));
  const r = cps.length === 0 ? str : prefixRest(str, cps);
  if (r === null) return NOMATCH;
  return r === NIL && isBin(str) ? "" : r;
}

type Where = "leading" | "trailing" | "all";

/** A needle's occurrence in a binary: [text before, chardata from it, chardata after]. */
type Hit = { before: string; at: Term; after: Term } | { nomatch: true; size: number; cont: Term };

function searchBin(bin: string, start: number, cont: Term, needle: number[]): Hit {
  const firstCh = String.fromCodePoint(needle[0]);
  const whole = fromCodePoints(needle);
  let from = start;
  for (;;) {
    const where = bin.indexOf(cont === NIL ? whole : firstCh, from);
    if (where < 0) return { nomatch: true, size: bin.length, cont };
    const keep = bin.slice(0, where);
    const cs0 = bin.slice(where);
    if (cont === NIL) {
      const rest = prefixRest(cs0, needle);
      if (rest === null) {
        from = where + first(cs0)[1];
        continue;
      }
      return { before: keep, at: cons(cs0, NIL), after: rest === NIL ? "" : rest };
    }
    const g = gc(cs0) as Cons;
    const rest = prefixRest(stack(cs0, cont), needle);
    if (rest === null) {
      if (isBin(g.t)) {
        from = bin.length - asStr(g.t).length;
        continue;
      }
      return { nomatch: true, size: where, cont: stack(g, cont) };
    }
    return { before: keep, at: cons(cs0, cont), after: rest === NIL ? "" : rest };
  }
}

/**
 * Runs `f`, a function of string.erl whose unicode:characters_to_list/1 call failed when
 * `f` throws that error: the entries of string.erl's functions it was called from
 * ([name, arity, line], innermost first) go below that call's, as the BEAM shows them.
 */
function calledFrom<T>(frames: [string, number, number][], f: () => T, failed: [string, string] = ["unicode", "characters_to_list"]): T {
  try {
    return f();
  } catch (e) {
    const st = e instanceof BeamError ? e.stacktrace : null;
    const top = st instanceof Cons ? st.h : null;
    if (st instanceof Cons && st.t === NIL && Array.isArray(top) && top[0] === a(failed[0]) && top[1] === a(failed[1])) {
      const entries = frames.map(([name, arity, line]) => {
        const entry: Term[] = [a("string"), a(name), arity, list([[a("file"), list([..."string.erl"].map((c) => c.charCodeAt(0)))], [a("line"), line]])];
        locatedEntries.add(entry);
        return entry;
      });
      (e as BeamError).stacktrace = list([top, ...entries]);
    }
    throw e;
  }
}

/**
 * Runs `f`, a function of string.erl that fails when unicode_util:cp/1 meets what is no
 * character data: the entries of the functions it was called through ([module, name,
 * arity, line], innermost first) go below cp/1's, as the BEAM shows them.
 */
function throughCp<T>(frames: [string, string, number, number][], f: () => T): T {
  try {
    return f();
  } catch (e) {
    const st = e instanceof BeamError ? e.stacktrace : null;
    const top = st instanceof Cons ? st.h : null;
    if (st instanceof Cons && st.t === NIL && Array.isArray(top) && top[0] === a("unicode_util") && top[1] === a("cp")) {
      const entries = frames.map(([mod, name, arity, line]) => {
        const entry: Term[] = [a(mod), a(name), arity, list([[a("file"), list([...`${mod}.erl`].map((c) => c.charCodeAt(0)))], [a("line"), line]])];
        locatedEntries.add(entry);
        return entry;
      });
      (e as BeamError).stacktrace = list([top, ...entries]);
    }
    throw e;
  }
}

const GC_IN: [string, string, number, number] = ["unicode_util", "gc", 1, 393];

/** Where pad/4 takes the string's length/1, by direction (its clause for each). */
function padFrames(dir: Term): [string, string, number, number][] {
  const line = dir === a("leading") ? 232 : dir === a("both") ? 238 : 235;
  return [GC_IN, ["string", "length_1", 2, 554], ["string", "pad", 4, line]];
}

const MEMBER: [string, string] = ["lists", "member"];

function split(args: Term[]): Term {
  return calledFrom([["split", 3, 469]], () => splitIn(args));
}

function splitIn(args: Term[]): Term {
  const [str, pattern, whereT = a("leading")] = args;
  if (isEmpty(pattern)) return list([str]);
  const needle = codepointsOf(pattern);
  const name = whereT instanceof Object && "name" in whereT ? (whereT as { name: string }).name : "";
  const where = (["leading", "trailing", "all"].includes(name) ? name : whereT) as Where;
  const r = splitLoop(str, needle, 0, where, NIL, NIL);
  if (Array.isArray(r)) {
    const [curr, acc] = r;
    if (acc === NIL) return list([str]);
    if (where === "trailing") return acc;
    if (where === "all") return reverseList(cons(curr, acc));
    throw caseClauseError(r);
  }
  return r;
}

function reverseList(l: Term): Term {
  let out: Term = NIL;
  for (; l instanceof Cons; l = l.t) out = cons(l.h, out);
  return out;
}

/**
 * Walks `cs` looking for `needle`; `curr` accumulates the current part reversed, `acc` the
 * parts found. Returns the list of parts when done early (leading), else [curr, acc].
 */
function splitLoop(cs: Term, needle: number[], start: number, where: Where, curr: Term, acc: Term): Term {
  const c0 = needle[0];
  for (;;) {
    if (cs instanceof Cons && isBin(cs.h)) {
      const bin = asStr(cs.h);
      const hit = searchBin(bin, start, cs.t, needle);
      if ("nomatch" in hit) {
        curr = cons(bin.slice(0, hit.size), curr);
        cs = hit.cont;
        start = 0;
        continue;
      }
      const curr1 = addNonEmpty(hit.before, curr);
      if (where !== "leading" && where !== "trailing" && where !== "all") throw caseClauseError(where);
      if (where === "leading") return list([rev(curr1), hit.after]);
      if (where === "trailing") {
        const cs0 = headBin(hit.at);
        const next = bin.length - cs0.length + first(cs0)[1];
        acc = list([rev(curr1), hit.after]);
        start = next;
        continue;
      }
      acc = cons(rev(curr1), acc);
      curr = NIL;
      cs = hit.after;
      start = 0;
      continue;
    }
    if (isList(cs)) {
      // (a list starting with a code point is its own cp step)
      const r = cp(cs);
      if (r === NIL) return [rev(curr), acc];
      if (!(r instanceof Cons)) throw fce("string", "split_1", [cs, list(needle), start, a(where), curr, acc]);
      if (r.h === c0) {
        const rest = prefixRest(cs, needle);
        if (rest === null) {
          curr = prepend(c0, curr);
          cs = r.t;
        } else if (where === "leading") return list([rev(curr), rest]);
        else if (where === "trailing") {
          acc = list([rev(curr), rest]);
          curr = cons(c0, curr);
          cs = r.t;
        } else if (where !== "all") throw caseClauseError(rest);
        else {
          acc = cons(rev(curr), acc);
          curr = NIL;
          cs = rest;
        }
      } else {
        curr = prepend(r.h, curr);
        cs = r.t;
      }
      start = 0;
      continue;
    }
    if (isBin(cs)) {
      const bin = asStr(cs);
      const hit = searchBin(bin, start, NIL, needle);
      if ("nomatch" in hit) return [rev(cons(bin.slice(start), curr)), acc];
      if (where !== "leading" && where !== "trailing" && where !== "all") throw caseClauseError(where);
      if (where === "leading") return list([rev(cons(hit.before, curr)), hit.after]);
      if (where === "trailing") {
        const cs0 = headBin(hit.at);
        const next = bin.length - cs0.length + first(cs0)[1];
        acc = list([btoken(hit.before, curr), hit.after]);
        start = next;
        continue;
      }
      const next = bin.length - asStr(hit.after).length;
      acc = cons(rev(cons(hit.before.slice(start), curr)), acc);
      curr = NIL;
      start = next;
      continue;
    }
    // OTP's last clause takes anything as a binary and fails matching it.
    throw matchError(cs);
  }
}

/** lists:join/2. */
function join(sep: Term, l: Term): Term {
  const xs: Term[] = [];
  for (; l instanceof Cons; l = l.t) xs.push(l.h);
  return list(xs.flatMap((x, i) => (i === 0 ? [x] : [sep, x])));
}

function find(args: Term[]): Term {
  const [str, pattern, dir = a("leading")] = args;
  if (pattern === NIL || pattern === "") return str;
  const name = (dir as { name?: string }).name;
  if (name === "leading") return findLeading(str, calledFrom([["find", 3, 533]], () => codepointsOf(pattern)));
  if (name === "trailing") return findTrailing(str, calledFrom([["find", 3, 535]], () => codepointsOf(pattern)), NOMATCH);
  throw fc("find", [str, pattern, dir]);
}

function findLeading(cs: Term, needle: number[]): Term {
  for (;;) {
    if (cs instanceof Cons && isInt(cs.h)) {
      if (cs.h === needle[0] && prefixRest(cs, needle) !== null) return cs;
      cs = cs.t;
      continue;
    }
    if (cs instanceof Cons && isBin(cs.h)) {
      const hit = searchBin(asStr(cs.h), 0, cs.t, needle);
      if ("nomatch" in hit) {
        cs = hit.cont;
        continue;
      }
      return hit.at;
    }
    if (isList(cs)) {
      const r = cp(cs);
      if (r === NIL) return NOMATCH;
      if (!(r instanceof Cons)) throw fce("string", "find_l", [cs, list(needle)]);
      if (r.h === needle[0] && prefixRest(cs, needle) !== null) return cs;
      cs = r.t;
      continue;
    }
    if (isBin(cs)) {
      const hit = searchBin(asStr(cs), 0, NIL, needle);
      return "nomatch" in hit ? NOMATCH : (hit.at as Cons).h;
    }
    throw matchError(cs);
  }
}

function findTrailing(cs: Term, needle: number[], res: Term): Term {
  for (;;) {
    if (cs instanceof Cons && isInt(cs.h)) {
      if (cs.h === needle[0] && prefixRest(cs, needle) !== null) res = cs;
      cs = cs.t;
      continue;
    }
    if (cs instanceof Cons && isBin(cs.h)) {
      const hit = searchBin(asStr(cs.h), 0, cs.t, needle);
      if ("nomatch" in hit) {
        cs = hit.cont;
        continue;
      }
      res = hit.at;
      cs = (gc(hit.at) as Cons).t;
      continue;
    }
    if (isList(cs)) {
      const r = cp(cs);
      if (r === NIL) return res;
      if (!(r instanceof Cons)) throw fce("string", "find_r", [cs, list(needle), res]);
      if (r.h === needle[0] && prefixRest(cs, needle) !== null) res = cs;
      cs = r.t;
      continue;
    }
    if (isBin(cs)) {
      const hit = searchBin(asStr(cs), 0, NIL, needle);
      if ("nomatch" in hit) return res;
      const at = (hit.at as Cons).h as string;
      res = at;
      cs = at.slice(first(at)[1]);
      continue;
    }
    throw matchError(cs);
  }
}

// ---------------------------------------------------------------------------
// lexemes, nth_lexeme

function lexemes(str: Term, sepsT: Term): Term {
  if (str === NIL) return NIL;
  if (sepsT === NIL) return list([str]);
  if (!(sepsT instanceof Cons)) throw fc("lexemes", [str, sepsT]);
  const seps = sepsOf(sepsT);
  const out: Term[] = [];
  let cs = str;
  for (;;) {
    if (cs instanceof Cons && isInt(cs.h)) {
      if (seps.cps.includes(cs.h)) {
        const g = gc(cs) as Cons;
        if (member(g.h, seps.gcs)) {
          cs = g.t;
          continue;
        }
      }
      const [lex, rest] = pickLexeme(cs, seps);
      out.push(lex);
      cs = rest;
      continue;
    }
    if (cs instanceof Cons && isBin(cs.h)) {
      const f = skipSeps(cs.h, cs.t, seps.gcs);
      if (f.nomatch) {
        cs = f.cont;
        continue;
      }
      const [lex, rest] = pickLexeme(f.at, seps);
      out.push(lex);
      cs = rest;
      continue;
    }
    if (isList(cs)) {
      const g = gc(cs);
      if (g === NIL) return list(out);
      if (!(g instanceof Cons)) throw caseClauseError(g);
      if (member(g.h, seps.gcs)) {
        cs = g.t;
        continue;
      }
      const [lex, rest] = pickLexeme(cs, seps);
      out.push(lex);
      cs = rest;
      continue;
    }
    if (isBin(cs)) {
      const f = skipSeps(cs, NIL, seps.gcs);
      if (f.nomatch) return list(out);
      const [lex, rest] = pickLexeme((f.at as Cons).h, seps);
      if (lex !== "") out.push(lex);
      cs = rest;
      continue;
    }
    throw fce("string", "lexemes_m", [cs, list(seps.gcs), list(out.reverse())]);
  }
}

/** The lexeme at the start of `cs` (up to a separator) and what follows that separator. */
function pickLexeme(cs: Term, seps: Seps): [Term, Term] {
  let tkn: Term = NIL;
  for (;;) {
    if (cs instanceof Cons && isInt(cs.h)) {
      if (seps.cps.includes(cs.h)) {
        const g = gc(cs) as Cons;
        if (member(g.h, seps.gcs)) return [rev(tkn), g.t];
        tkn = pushGc(g.h, tkn);
        cs = g.t;
      } else {
        tkn = cons(cs.h, tkn);
        cs = cs.t;
      }
      continue;
    }
    if (cs instanceof Cons && isBin(cs.h)) {
      const bin = asStr(cs.h);
      const f = findSep(bin, cs.t, seps);
      if (f.nomatch) {
        tkn = cons(cs.h, tkn);
        cs = cs.t;
        continue;
      }
      const left = headBin(f.at);
      return [btoken(bin.slice(0, sizeBefore(bin, asStr(left))), tkn), f.at];
    }
    if (isList(cs)) {
      const r = cp(cs);
      if (r === NIL) return [rev(tkn), NIL];
      if (!(r instanceof Cons)) throw fce("string", "lexeme_pick", [cs, list(seps.gcs), tkn]);
      if (seps.cps.includes(r.h)) {
        const g = gc(cs) as Cons;
        if (member(g.h, seps.gcs)) return [rev(tkn), g.t];
        tkn = pushGc(g.h, tkn);
        cs = g.t;
      } else {
        tkn = prepend(r.h, tkn);
        cs = r.t;
      }
      continue;
    }
    if (isBin(cs)) {
      const bin = asStr(cs);
      const f = findSep(bin, NIL, seps);
      if (f.nomatch) return [btoken(bin, tkn), NIL];
      const left = headBin(f.at);
      return [btoken(bin.slice(0, sizeBefore(bin, left)), tkn), left];
    }
    throw fce("string", "lexeme_pick", [cs, list(seps.gcs), tkn]);
  }
}

/** What follows the lexeme at the start of `cs` and its separator. */
function skipLexeme(cs: Term, seps: Seps): Term {
  for (;;) {
    if (cs instanceof Cons && isInt(cs.h)) {
      if (seps.cps.includes(cs.h)) {
        const g = gc(cs) as Cons;
        if (member(g.h, seps.gcs)) return g.t;
        cs = g.t;
      } else cs = cs.t;
      continue;
    }
    if (cs instanceof Cons && isBin(cs.h)) {
      const f = findSep(asStr(cs.h), cs.t, seps);
      if (f.nomatch) {
        cs = cs.t;
        continue;
      }
      return (gc(f.at) as Cons).t;
    }
    if (isList(cs)) {
      const r = cp(cs);
      if (r === NIL) return NIL;
      if (!(r instanceof Cons)) throw fce("string", "lexeme_skip", [cs, list(seps.gcs)]);
      if (seps.cps.includes(r.h)) {
        const g = gc(cs) as Cons;
        if (member(g.h, seps.gcs)) return g.t;
        cs = g.t;
      } else cs = r.t;
      continue;
    }
    if (isBin(cs)) {
      const f = findSep(asStr(cs), NIL, seps);
      if (f.nomatch) return "";
      return (gc(headBin(f.at)) as Cons).t;
    }
    throw fce("string", "lexeme_skip", [cs, list(seps.gcs)]);
  }
}

function nthLexeme(str: Term, n: Term, sepsT: Term): Term {
  if (n === 1 && sepsT === NIL) return str;
  if (!isList(sepsT) || !isInt(n) || n <= 0) throw fc("nth_lexeme", [str, n, sepsT]);
  const seps = sepsOf(sepsT);
  let cs = str;
  let k = n;
  for (;;) {
    if (cs instanceof Cons && isBin(cs.h)) {
      const f = skipSeps(cs.h, cs.t, seps.gcs);
      if (f.nomatch) {
        cs = f.cont;
        continue;
      }
      if (k > 1) {
        cs = skipLexeme(f.at, seps);
        k--;
        continue;
      }
      return pickLexeme(f.at, seps)[0];
    }
    if (isList(cs)) {
      const g = gc(cs);
      if (g === NIL) return NIL;
      if (!(g instanceof Cons)) throw caseClauseError(g);
      if (member(g.h, seps.gcs)) {
        cs = g.t;
        continue;
      }
      if (k > 1) {
        cs = skipLexeme(g.t, seps);
        k--;
        continue;
      }
      return pickLexeme(cs, seps)[0];
    }
    if (isBin(cs)) {
      if (seps.cps.length === 0) throw withFrame(badArgs([[1, "not a valid pattern"]]), "binary", "compile_pattern", [NIL]);
      const f = skipSeps(cs, NIL, seps.gcs);
      if (f.nomatch) return "";
      const at = (f.at as Cons).h;
      if (k > 1) {
        cs = skipLexeme(at, seps);
        k--;
        continue;
      }
      return pickLexeme(at, seps)[0];
    }
    throw fce("string", "nth_lexeme_m", [cs, list(seps.gcs), k]);
  }
}

// ---------------------------------------------------------------------------
// Case

/**
 * Maps every code point of chardata (uppercase/lowercase/casefold). An unchanged list
 * or binary is returned as given; a changed binary comes back as a binary.
 */
function mapCase(t: Term, f: (c: number) => number | number[], fn: string): Term {
  if (isList(t)) {
    const out: Term[] = [];
    let changed = false;
    let s = t;
    for (;;) {
      if (s instanceof Cons && isInt(s.h) && s.t instanceof Cons && isInt(s.t.h) && s.h < 128 && s.t.h < 256) {
        const m = f(s.h) as number;
        if (m !== s.h) changed = true;
        out.push(m);
        s = s.t;
        continue;
      }
      const r = cp(s);
      if (r === NIL) break;
      if (!(r instanceof Cons)) throw badarg((r as Term[])[1]);
      const m = f(r.h);
      // OTP counts a step as unchanged only when the mapped character is the list's own head.
      if (!(s instanceof Cons && m === s.h)) changed = true;
      if (isInt(m)) out.push(m);
      else out.push(...m);
      s = r.t;
    }
    return changed ? list(out) : t;
  }
  if (isBin(t)) {
    if (t === "") return "";
    if (typeof t !== "string") throw badarg(invalidPart(t));
    let out = "";
    let changed = false;
    for (const ch of t) {
      const c = ch.codePointAt(0)!;
      const m = f(c);
      if (m !== c) changed = true;
      out += isInt(m) ? String.fromCodePoint(m) : fromCodePoints(m);
    }
    return changed ? out : t;
  }
  throw badarg(t);
}

/** Where a binary stops being UTF-8 (what OTP's badarg errors carry). */
function invalidPart(b: Bin): Term {
  let rest: string | Bin = b;
  for (;;) {
    if (typeof rest === "string") return rest;
    const r = binCp(rest);
    if (r === null) return rest;
    rest = r[1];
  }
}

function titlecase(t: Term): Term {
  if (isList(t)) {
    const r = cp(t);
    if (r === NIL) return NIL;
    if (!(r instanceof Cons)) throw badarg((r as Term[])[1]);
    return prepend(gcTerm(titleOf(r.h)), r.t);
  }
  if (isBin(t)) {
    const r = cp(t);
    if (r === NIL) return "";
    if (!(r instanceof Cons)) throw badarg((r as Term[])[1]);
    const m = titleOf(r.h);
    return (isInt(m) ? String.fromCodePoint(m) : fromCodePoints(m)) + asStr(r.t);
  }
  throw fc("titlecase", [t]);
}

const gcTerm = (g: number | number[]): Term => (isInt(g) ? g : list(g));

// ---------------------------------------------------------------------------
// to_integer, to_float

const INT_CHARS = [..."+-0123456789"].map((c) => c.charCodeAt(0));
const FLOAT_CHARS = [..."+-0123456789eE.,"].map((c) => c.charCodeAt(0));

/** string:list_to_integer/1: {int, rest} | {:error, reason}. */
function listToIntegerPrefix(cps: number[]): [Term, number] | null {
  const s = fromCodePoints(cps);
  const m = /^[+-]?[0-9]+/.exec(s);
  if (!m) return null;
  const v = BigInt(m[0]);
  const n = v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  return [n, m[0].length];
}

function listToFloatPrefix(cps: number[]): [Term, number] | null {
  const s = fromCodePoints(cps);
  // The decimal point may also be a comma.
  const m = /^[+-]?[0-9]+[.,][0-9]+(?:[eE][+-]?[0-9]+)?/.exec(s);
  if (!m) return null;
  const v = parseErlFloat(m[0].replace(",", "."));
  if (v === null || !Number.isFinite(v)) return null;
  return [float(v), m[0].length];
}

function toNumber(t: Term, chars: number[], parse: (cps: number[]) => [Term, number] | null, none: string): Term {
  try {
    const [head, tail] = takeLeading(t, chars, NIL) as Term[];
    if (isEmpty(head)) return [ERROR, a(none)];
    const cps = codepointsOf(head);
    const r = parse(cps);
    if (r === null) return [ERROR, a(none)];
    const [value, used] = r;
    const restCps = cps.slice(used);
    if (isBin(t)) {
      const s = asStr(t);
      return [value, s.slice(fromCodePoints(cps.slice(0, used)).length)];
    }
    return [value, concatRest(list(restCps), tail)];
  } catch (e) {
    if (e instanceof BeamError) return [ERROR, a("badarg")];
    throw e;
  }
}

/** OTP's concat/2 of the old API (S1 ++ S2). */
function concatRest(s1: Term, s2: Term): Term {
  const xs: Term[] = [];
  for (let l = s1; l instanceof Cons; l = l.t) xs.push(l.h);
  return list(xs, s2);
}

// ---------------------------------------------------------------------------


export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "string",
  fns: {
    "is_empty/1": ([t]) => isEmpty(t),
    "length/1": ([t]) => throughCp([GC_IN, ["string", "length_1", 2, 554]], () => length(t)),
    "to_graphemes/1": ([t]) => list(graphemes(t)),
    "reverse/1": ([t]) => throughCp([GC_IN, ["string", "reverse_1", 2, 611]], () => list(graphemes(t).reverse())),
    "equal/2": ([x, y]) => throughCp([["string", "equal_1", 2, 575]], () => equal(x, y)),
    "equal/3": ([x, y, fold]) => {
      if (fold === false) return equal(x, y);
      if (fold === true) return equalWith(x, y, true, "none");
      throw fc("equal", [x, y, fold]);
    },
    "equal/4": ([x, y, fold, norm]) => {
      const n = (norm as { name?: string }).name as Norm;
      if (!["none", "nfc", "nfd", "nfkc", "nfkd"].includes(n) || (fold !== true && fold !== false)) {
        throw fc("equal", [x, y, fold, norm]);
      }
      return equalWith(x, y, fold, n);
    },
    "slice/2": (args) => slice(args),
    "slice/3": (args) => slice(args),
    // (pad/2 and pad/3 hand on to pad/4 by last calls; pad/4 takes the length first)
    "pad/2": ([t, n]) => throughCp(padFrames(a("trailing")), () => pad([t, n])),
    "pad/3": ([t, n, d]) => throughCp(padFrames(d), () => pad([t, n, d])),
    "pad/4": ([t, n, d, c]) => throughCp(padFrames(d), () => pad([t, n, d, c])),
    "trim/1": ([t]) => trim([t]),
    "trim/2": ([t, d]) => trim([t, d]),
    "trim/3": ([t, d, s]) => trim([t, d, s]),
    "chomp/1": ([t]) => trim([t, a("trailing"), list([list([13, 10]), 10])]),
    "take/2": ([t, s]) => take([t, s]),
    "take/3": ([t, s, c]) => take([t, s, c]),
    "take/4": ([t, s, c, d]) => take([t, s, c, d]),
    "lexemes/2": ([t, s]) => lexemes(t, s),
    "nth_lexeme/3": ([t, n, s]) => nthLexeme(t, n, s),
    "uppercase/1": ([t]) => mapCase(t, upperOf, "uppercase"),
    "lowercase/1": ([t]) => mapCase(t, lowerOf, "lowercase"),
    "casefold/1": ([t]) => mapCase(t, foldOf, "casefold"),
    "titlecase/1": ([t]) => titlecase(t),
    "prefix/2": ([t, p]) => prefix(t, p),
    "split/2": ([t, p]) => split([t, p]),
    "split/3": ([t, p, w]) => split([t, p, w]),
    "replace/3": ([t, p, r]) => join(r, calledFrom([["split", 3, 469], ["replace", 3, 485]], () => splitIn([t, p]))),
    "replace/4": ([t, p, r, w]) => join(r, calledFrom([["split", 3, 469], ["replace", 4, 495]], () => splitIn([t, p, w]))),
    "find/2": ([t, p]) => find([t, p]),
    "find/3": ([t, p, d]) => find([t, p, d]),
    "next_grapheme/1": ([t]) => gc(t),
    "next_codepoint/1": ([t]) => cp(t),
    "to_integer/1": ([t]) => toNumber(t, INT_CHARS, listToIntegerPrefix, "no_integer"),
    "to_float/1": ([t]) => toNumber(t, FLOAT_CHARS, listToFloatPrefix, "no_float"),
    "list_to_integer/1": ([l]) => listPrefix(l, listToIntegerPrefix, "no_integer"),
    "list_to_float/1": ([l]) => listPrefix(l, listToFloatPrefix, "no_float"),
  },
};

/** string:list_to_integer/1 and list_to_float/1 (BIFs answering the unparsed rest). */
function listPrefix(l: Term, parse: (cps: number[]) => [Term, number] | null, none: string): Term {
  if (!isList(l)) return [ERROR, a("not_a_list")];
  // (only the leading characters are read: the rest, whatever it is, is handed back)
  const xs: number[] = [];
  for (let c = l; c instanceof Cons && typeof c.h === "number" && c.h >= 0 && c.h <= 0x10ffff; c = c.t) xs.push(c.h);
  const r = parse(xs);
  if (r === null) return [ERROR, a(none)];
  let rest = l;
  for (let i = 0; i < r[1]; i++) rest = (rest as Cons).t;
  return [r[0], rest];
}

