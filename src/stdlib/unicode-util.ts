// :unicode_util, the code-point and grapheme-cluster stepping that Erlang's :string module
// is built on. Chardata (binaries, code points, nested lists of both) is walked one code
// point (cp/1) or one grapheme cluster (gc/1) at a time; each step answers
// `[first | rest]`, `[]` at the end, or `{:error, rest}` at bytes that are not UTF-8.
//
// The shape of `rest` is observable (:string.next_codepoint/1 returns it, and most :string
// results are built from it), so it follows OTP 25 exactly: stepping into a nested list
// pulls up to four code points to the front ([c1, c2, c3, c4 | more]) and keeps binaries
// whole; a cluster's rest is what remained after its last code point was taken.
// Cluster boundaries are Unicode's (Intl.Segmenter), adjusted to OTP 25's Unicode 14 rules.
import { BeamError } from "../runtime/errors.js";
import { MapTerm } from "../runtime/map.js";
import { Bin, Cons, NIL, Term, a, binFromBytes, fromCodePoints, list } from "../runtime/term.js";
import { fce } from "../runtime/arith.js";
import { FOLD, LOWER_UNCHANGED, TITLE, UPPER_UNCHANGED } from "./unicode-case-data.js";

const ERROR = a("error");
const isInt = (t: Term): t is number => typeof t === "number";
const isBin = (t: Term): t is string | Bin => typeof t === "string" || (t instanceof Bin && t.bits === 0);

// ---------------------------------------------------------------------------
// Code points

/** The first code point of a binary and the rest, or null when it is not UTF-8 there. */
export function binCp(b: string | Bin): [number, string | Bin] | null {
  if (typeof b === "string") {
    const c = b.codePointAt(0)!;
    return [c, b.slice(c > 0xffff ? 2 : 1)];
  }
  const bytes = b.bytes;
  const n = utf8SeqLength(bytes, 0);
  if (n === 0) return null;
  const c = decodeSeq(bytes, n);
  return [c, binFromBytes(bytes.subarray(n))];
}

function utf8SeqLength(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i];
  const cont = (k: number) => i + k < bytes.length && (bytes[i + k] & 0xc0) === 0x80;
  if (b0 === undefined) return 0;
  if (b0 < 0x80) return 1;
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const b1 = bytes[i + 1];
    if (!cont(1) || !cont(2) || (b0 === 0xe0 && b1 < 0xa0) || (b0 === 0xed && b1 >= 0xa0)) return 0;
    return 3;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const b1 = bytes[i + 1];
    if (!cont(1) || !cont(2) || !cont(3) || (b0 === 0xf0 && b1 < 0x90) || (b0 === 0xf4 && b1 >= 0x90)) return 0;
    return 4;
  }
  return 0;
}

function decodeSeq(bytes: Uint8Array, n: number): number {
  if (n === 1) return bytes[0];
  let c = bytes[0] & (0xff >> (n + 1));
  for (let k = 1; k < n; k++) c = (c << 6) | (bytes[k] & 0x3f);
  return c;
}

const isEmptyBin = (t: Term) => t === "" || (t instanceof Bin && t.bytes.length === 0 && t.bits === 0);

/** unicode_util:cp/1. Raises FunctionClauseError for terms that are not chardata. */
export function cp(t: Term): Term {
  for (;;) {
    if (t instanceof Cons) {
      if (isInt(t.h)) return t;
      if (t.t === NIL) {
        t = t.h;
        continue;
      }
      return cpIn(t.h, t.t);
    }
    if (t === NIL) return NIL;
    if (isBin(t)) {
      if (isEmptyBin(t)) return NIL;
      const r = binCp(t);
      return r === null ? [ERROR, t] : new Cons(r[0], r[1]);
    }
    throw fce("unicode_util", "cp", [t]);
  }
}

/**
 * The first code point inside `x`, followed by `more`. With `noBin` (OTP's cp_no_bin),
 * null where a binary would have to be looked into.
 */
function cpIn(x: Term, more: Term, noBin = false): Term | null {
  for (;;) {
    if (x instanceof Cons) {
      if (isInt(x.h)) return new Cons(x.h, x.t === NIL ? pullFrom(more, 1) : pullInto(x.t, more, 1));
      if (x.t === NIL) x = x.h;
      else {
        more = new Cons(x.t, more);
        x = x.h;
      }
      continue;
    }
    if (x === NIL) return noBin ? cpNoBin(more) : cp(more);
    if (noBin) return null;
    if (isBin(x)) {
      if (isEmptyBin(x)) return cp(more);
      const r = binCp(x);
      return r === null ? [ERROR, new Cons(x, more)] : new Cons(r[0], new Cons(r[1], more));
    }
    throw fce("unicode_util", "cpl", [x, more]);
  }
}

/**
 * After a code point found in a list: brings up to three more code points of `x` (then
 * `more`) to the front, `have` being how many were brought so far (1..3). Binaries and
 * other tails stay as they are.
 */
function pullInto(x: Term, more: Term, have: number): Term {
  for (;;) {
    if (x instanceof Cons) {
      if (isInt(x.h)) {
        if (have < 3) return new Cons(x.h, pullInto(x.t, more, have + 1));
        return x.t === NIL ? new Cons(x.h, more) : new Cons(x.h, new Cons(x.t, more));
      }
      if (x.t === NIL) x = x.h;
      else {
        more = new Cons(x.t, more);
        x = x.h;
      }
      continue;
    }
    if (x === NIL) return pullFrom(more, have);
    return new Cons(x, more);
  }
}

/** Like pullInto, for the list of pending pieces `r` itself. */
function pullFrom(r: Term, have: number): Term {
  for (;;) {
    if (r instanceof Cons) {
      if (isInt(r.h)) return have < 3 ? new Cons(r.h, pullFrom(r.t, have + 1)) : r;
      if (r.t === NIL) {
        r = r.h;
        continue;
      }
      return pullInto(r.h, r.t, have);
    }
    return r;
  }
}

/** cp/1 as OTP's cp_no_bin: null where it would have to look into a binary. */
function cpNoBin(t: Term): Term | null {
  for (;;) {
    if (t instanceof Cons) {
      if (isInt(t.h)) return t;
      if (t.t === NIL) {
        t = t.h;
        continue;
      }
      return cpIn(t.h, t.t, true);
    }
    return t === NIL ? NIL : null;
  }
}

// ---------------------------------------------------------------------------
// Grapheme clusters

const segmenter = new Intl.Segmenter("en", { granularity: "grapheme" });

/** Code points OTP treats as controls: a cluster of their own. */
function isControl(c: number): boolean {
  return (c <= 31 && c !== 13) || (c >= 127 && c <= 159) || c === 173 || c === 1564 || c === 6158 || c === 8203 ||
    c === 65279 || (c >= 8206 && c <= 8207) || (c >= 8232 && c <= 8238) || (c >= 8288 && c <= 8303) ||
    (c >= 65520 && c <= 65531) || (c >= 78896 && c <= 78904) || (c >= 113824 && c <= 113827) ||
    (c >= 119155 && c <= 119162) || (c >= 917504 && c <= 917535) || (c >= 917632 && c <= 917759) ||
    (c >= 918000 && c <= 921599);
}

const EXTEND = /^[\p{Mn}\p{Me}\u200c\u200d\u{1f3fb}-\u{1f3ff}\u{e0020}-\u{e007f}\u0f8d-\u0f8f\u302e\u302f\uff9e\uff9f]$/u;
const BRAHMIC_LETTER = /^\p{L}$/u;

/** Whether `next` continues the cluster made of `prev` (Unicode 14 rules, as OTP 25). */
function continues(prev: number[], next: number): boolean {
  const last = prev[prev.length - 1];
  if (next < 0x300 && last < 0x300) return false;
  // Unicode 15.1's rule joining Indic conjuncts (GB9c) is newer than OTP 25.
  if (next >= 0x900 && next <= 0xdff && BRAHMIC_LETTER.test(String.fromCodePoint(next)) && !isPrepend(last)) return false;
  const s = fromCodePoints([...prev, next]);
  const first = segmenter.segment(s)[Symbol.iterator]().next().value!.segment;
  return first.length === s.length;
}

function isPrepend(c: number): boolean {
  return c === 1757 || c === 1807 || c === 2274 || c === 3406 || c === 69821 || c === 69837 || c === 71999 ||
    c === 72001 || c === 72250 || c === 73030 || (c >= 70082 && c <= 70083) || (c >= 1536 && c <= 1541) ||
    (c >= 2192 && c <= 2193) || (c >= 72324 && c <= 72329);
}

const cluster = (cps: number[]): Term => (cps.length === 1 ? cps[0] : list(cps));

/** unicode_util:gc/1. */
export function gc(t: Term): Term {
  if (t === NIL) return NIL;
  if (t instanceof Cons && isInt(t.h)) {
    const c1 = t.h;
    const t1 = t.t;
    if (t1 === NIL) return t;
    if (c1 === 13) {
      const r = cp(t1);
      if (r instanceof Cons && r.h === 10) return new Cons(list([13, 10]), r.t);
      return new Cons(13, r);
    }
    if (c1 < 256) {
      if (t1 instanceof Cons && isInt(t1.h) && t1.h < 256) return t;
      const flat = cpNoBin(t1);
      if (flat instanceof Cons && flat.h < 256) return new Cons(c1, flat);
      return flat === null ? clusterFrom(c1, t1) : clusterFrom(c1, flat);
    }
    return clusterFrom(c1, t1);
  }
  if (isBin(t)) {
    if (isEmptyBin(t)) return NIL;
    const r = binCp(t);
    if (r !== null) {
      const [c1, rest] = r;
      if (c1 < 256 && c1 !== 13 && typeof rest === "string" && rest.length > 0 && rest.codePointAt(0)! < 256) {
        return new Cons(c1, rest);
      }
      return clusterFrom(c1, rest);
    }
  }
  const r = cp(t);
  if (!(r instanceof Cons)) return r;
  return gc(r);
}

/** The cluster starting with code point `c1`, whose following chardata is `rest`. */
function clusterFrom(c1: number, rest: Term): Term {
  if (c1 === 13) {
    const r = cp(rest);
    if (r instanceof Cons && r.h === 10) return new Cons(list([13, 10]), r.t);
    return new Cons(13, rest);
  }
  if (isControl(c1)) return new Cons(c1, rest);
  if (c1 < 256 && c1 !== 169 && c1 !== 174 && rest instanceof Cons && isInt(rest.h) && rest.h < 256) {
    return new Cons(c1, rest);
  }
  const cps = [c1];
  let tail = rest;
  for (;;) {
    const r = cp(tail);
    if (r === NIL) break;
    if (!(r instanceof Cons)) {
      // Bytes that are not UTF-8 end the cluster; OTP hands them back as the rest.
      const bad = (r as Term[])[1];
      return cps.length === 1 ? new Cons(c1, bad) : new Cons(list(cps), new Cons(bad, NIL));
    }
    if (isControl(r.h) || r.h === 13 || !continues(cps, r.h)) break;
    cps.push(r.h);
    tail = r.t;
  }
  return new Cons(cluster(cps), tail);
}

// ---------------------------------------------------------------------------
// Case mapping and normalisation, one code point or cluster at a time

const UPPER_SAME = new Set(UPPER_UNCHANGED);
const LOWER_SAME = new Set(LOWER_UNCHANGED);
const TITLE_MAP = new Map(TITLE);
const FOLD_MAP = new Map(FOLD);

const asGc = (s: string): number | number[] => {
  const cps = [...s].map((ch) => ch.codePointAt(0)!);
  return cps.length === 1 ? cps[0] : cps;
};

export function upperOf(c: number): number | number[] {
  if (c < 128) return c >= 97 && c <= 122 ? c - 32 : c;
  return UPPER_SAME.has(c) ? c : asGc(String.fromCodePoint(c).toUpperCase());
}

export function lowerOf(c: number): number | number[] {
  if (c < 128) return c >= 65 && c <= 90 ? c + 32 : c;
  return LOWER_SAME.has(c) ? c : asGc(String.fromCodePoint(c).toLowerCase());
}

export function titleOf(c: number): number | number[] {
  return TITLE_MAP.get(c) ?? upperOf(c);
}

export function foldOf(c: number): number | number[] {
  return FOLD_MAP.get(c) ?? lowerOf(c);
}

const gcTerm = (g: number | number[]): Term => (typeof g === "number" ? g : list(g));

/** `[mapped first code point | rest]` of chardata (unicode_util:uppercase/1 & co.). */
function mapFirst(t: Term, f: (c: number) => number | number[]): Term {
  const r = cp(t);
  if (r === NIL) return NIL;
  if (!(r instanceof Cons)) throw new BeamError("error", [a("badarg"), (r as Term[])[1]]);
  return new Cons(gcTerm(f(r.h)), r.t);
}

type Form = "NFC" | "NFD" | "NFKC" | "NFKD";

/** `[normalised first cluster | rest]` (unicode_util:nfc/1 & co.). */
export function normFirst(t: Term, form: Form): Term {
  const r = gc(t);
  if (!(r instanceof Cons)) return r;
  const g = r.h;
  const limit = form === "NFC" ? 256 : 128;
  if (isInt(g) && g < limit) return r;
  const cps = isInt(g) ? [g] : (listInts(g) ?? []);
  return new Cons(gcTerm(asGc(fromCodePoints(cps).normalize(form))), r.t);
}

function listInts(l: Term): number[] | null {
  const out: number[] = [];
  for (; l instanceof Cons; l = l.t) out.push(l.h);
  return l === NIL ? out : null;
}

/** A grapheme cluster term (code point or list of them) as code points. */
export function gcCodePoints(g: Term): number[] {
  return isInt(g) ? [g] : (listInts(g) ?? []);
}

export const WHITESPACE: readonly (number | number[])[] = [[13, 10], 9, 10, 11, 12, 13, 32, 133, 8206, 8207, 8232, 8233];

function isWhitespace(g: Term): boolean {
  if (g instanceof Cons) return g.h === 13 && g.t instanceof Cons && g.t.h === 10 && g.t.t === NIL;
  return WHITESPACE.some((w) => w === g);
}

export const natives = {
  module: "unicode_util",
  fns: {
    "cp/1": ([t]: Term[]) => cp(t),
    "gc/1": ([t]: Term[]) => gc(t),
    "uppercase/1": ([t]: Term[]) => mapFirst(t, upperOf),
    "lowercase/1": ([t]: Term[]) => mapFirst(t, lowerOf),
    "titlecase/1": ([t]: Term[]) => mapFirst(t, titleOf),
    "casefold/1": ([t]: Term[]) => mapFirst(t, foldOf),
    "nfc/1": ([t]: Term[]) => normFirst(t, "NFC"),
    "nfd/1": ([t]: Term[]) => normFirst(t, "NFD"),
    "nfkc/1": ([t]: Term[]) => normFirst(t, "NFKC"),
    "nfkd/1": ([t]: Term[]) => normFirst(t, "NFKD"),
    "whitespace/0": () => list(WHITESPACE.map(gcTerm)),
    "is_whitespace/1": ([g]: Term[]) => isWhitespace(g),
    "spec_version/0": () => [14, 0],
    "get_case/1": ([c]: Term[]) => {
      if (!isInt(c)) throw fce("unicode_util", "case_table", [c]);
      return caseMap(c);
    },
  },
};

function caseMap(c: number): Term {
  return MapTerm.fromPairs([
    [a("fold"), gcTerm(foldOf(c))],
    [a("lower"), gcTerm(lowerOf(c))],
    [a("title"), gcTerm(titleOf(c))],
    [a("upper"), gcTerm(upperOf(c))],
  ]);
}
