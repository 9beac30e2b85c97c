// Elixir's String module (1.14). Grapheme functions use Intl.Segmenter; binary-level
// functions (split/replace/contains?...) work on JS strings when all inputs are valid
// UTF-8 and on latin1 views of the bytes otherwise. Regex patterns delegate to regex.ts.
// Function-taking variants (replace with a fun, splitter streams) live in the prelude.
import type { NativeFn } from "../runtime/code.js";
import { BeamError, argumentError, badArgs, caseClauseError, raise } from "../runtime/errors.js";
import { locatedEntries } from "./library-frames.js";
import { elixirLocation } from "./clause-blame.js";
import { LIBRARY_LINE_OFFSET } from "../runtime/machine.js";
import { MapTerm } from "../runtime/map.js";
import { Fun } from "../runtime/fun.js";
import { Bin, Cons, NIL, Ref, Term, a, binBytes, float, isBitstring, list, listToArray, truthy } from "../runtime/term.js";
import { strictEquals } from "../runtime/term-order.js";
import { fce, sysLimit, withFrame } from "../runtime/arith.js";
import { natives as erlang, binaryPart, binaryPartOf } from "./erlang.js";
import { natives as erlangUnicode } from "./erlang-unicode.js";
import { natives as erlangBinary } from "./erlang-binary.js";
import { isRegex, regexMatch, regexReplace, regexSplit } from "./regex.js";
import {
  asLatin1, binFromLatin1, byteBin, codepoints, codepointsOf, concat, graphemeCount, graphemes, graphemesOfBinary,
  isBin, segments, splitFirst, stringToCharlist, utf8,
} from "./unicode.js";
import { inspect } from "../runtime/inspect.js";
import { ReversedGraphemes, reverseGraphemes } from "../runtime/graphemes.js";
import { LARGE, inSteps } from "../runtime/work-in-steps.js";
import { reserve } from "../runtime/heap-room.js";
import { constants as bufferConstants } from "node:buffer";

const MAX_STRING_LENGTH = bufferConstants.MAX_STRING_LENGTH;
/** Text V8 keeps one byte per character. */
const ONE_BYTE = /^[\x00-\xff]*$/;

type B = string | Bin;
const S = "String";

// ---------------------------------------------------------------------------
// Argument checks

function bin(fn: string, args: Term[], ...idx: number[]): void {
  for (const i of idx) if (!isBin(args[i])) throw fce(S, fn, args);
}

function intArg(fn: string, args: Term[], i: number, min = -Infinity): number {
  const n = args[i];
  if (typeof n !== "number" || n < min) {
    if (typeof n === "bigint" && n >= min) return n > 0n ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER;
    throw fce(S, fn, args);
  }
  return n;
}

function keyword(opts: Term, key: string, dflt: Term): Term {
  let v = dflt;
  for (const kv of listToArray(opts) ?? []) {
    if (Array.isArray(kv) && kv.length === 2 && kv[0] === a(key)) return kv[1];
  }
  return v;
}

// ---------------------------------------------------------------------------
// Binary-level workspace: JS strings when all valid, else latin1 byte views

interface Work {
  enc(b: B): string;
  dec(s: string): B;
}

function work(...bins: B[]): Work {
  if (bins.every((b) => typeof b === "string")) return { enc: (b) => b as string, dec: (s) => s };
  return { enc: asLatin1, dec: binFromLatin1 };
}

/** Leftmost (then longest) occurrence of any pattern at or after `from`. */
function search(s: string, pats: string[], from: number): [number, number] | null {
  let best: [number, number] | null = null;
  for (const p of pats) {
    const i = s.indexOf(p, from);
    if (i >= 0 && (best === null || i < best[0] || (i === best[0] && p.length > best[1]))) best = [i, p.length];
  }
  return best;
}

// Compiled patterns (:binary.compile_pattern/1): {:bm | :ac, ref} → their strings.
const compiledPatterns = new WeakMap<object, B[]>();
let patternRef = 2 ** 40;

/** The strings of a compiled pattern tuple, or null. */
export function compiledOf(p: Term): B[] | null {
  if (Array.isArray(p) && p.length === 2 && (p[0] === a("bm") || p[0] === a("ac")) && p[1] instanceof Ref) {
    return compiledPatterns.get(p[1]) ?? null;
  }
  return null;
}

/** :binary.compile_pattern/1. */
export function compilePattern(p: Term): Term {
  const pats = patterns(p, "binary", "compile_pattern", [p], 1);
  const ref = new Ref(patternRef++);
  compiledPatterns.set(ref, pats);
  return [a(pats.length === 1 ? "bm" : "ac"), ref];
}

/** Patterns from a string, a list of strings or a compiled pattern; raises like :binary. */
function patterns(p: Term, mod: string, fn: string, args: Term[], pos = 2): B[] {
  const invalid = () => withFrame(badArgs([[pos, "not a valid pattern"]]), mod, fn, args);
  const comp = compiledOf(p);
  if (comp !== null) return comp;
  if (isBin(p)) {
    if (p === "") throw invalid();
    return [p];
  }
  const arr = listToArray(p);
  if (arr === null || arr.length === 0 || arr.some((x) => !isBin(x) || x === "")) throw invalid();
  return arr;
}

/** :binary.split(subject, pattern, [global?]) with optional trim_all. */
function binarySplit(subject: B, pats: B[], global: boolean, trimAll: boolean): B[] {
  const w = work(subject, ...pats);
  const s = w.enc(subject);
  const ps = pats.map(w.enc);
  const out: string[] = [];
  let pos = 0;
  for (;;) {
    const m = search(s, ps, pos);
    if (m === null) break;
    out.push(s.slice(pos, m[0]));
    pos = m[0] + m[1];
    if (!global) break;
  }
  out.push(s.slice(pos));
  return (trimAll ? out.filter((x) => x !== "") : out).map(w.dec);
}

// ---------------------------------------------------------------------------
// Whitespace

const WS = new Set([
  0x9, 0xa, 0xb, 0xc, 0xd, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005,
  0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);
const NON_BREAKING = new Set([0xa0, 0x2007, 0x202f]);

function trimLeadingWs(b: B): B {
  if (typeof b !== "string") return mapSegments(b, (s) => s, "lead");
  let i = 0;
  while (i < b.length && WS.has(b.charCodeAt(i))) i++;
  return b.slice(i);
}

function trimTrailingWs(b: B): B {
  if (typeof b !== "string") return mapSegments(b, (s) => s, "trail");
  let i = b.length;
  while (i > 0 && WS.has(b.charCodeAt(i - 1))) i--;
  return b.slice(0, i);
}

/** Applies `f` to valid runs of a Bin (invalid bytes kept); optionally trims whitespace. */
function mapSegments(b: Bin, f: (s: string) => string, trim?: "lead" | "trail"): B {
  const segs = segments(b);
  if (trim === "lead" && typeof segs[0] === "string") segs[0] = trimLeadingWs(segs[0]) as string;
  const last = segs.length - 1;
  if (trim === "trail" && typeof segs[last] === "string") segs[last] = trimTrailingWs(segs[last] as string) as string;
  return concat(segs.map((x) => (typeof x === "number" ? byteBin(x) : f(x))));
}

/**
 * String.split/1 is String.Break.split/1, which splits with :binary.split/3 on the
 * whitespace it breaks at (in the order its pattern list has them) without a guard: the
 * BIF's error for what is no binary, String.Break's entry below.
 */
const BREAK_WHITESPACE = [0x3000, 0x205f, 0x2029, 0x2028, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2008, 0x2009, 0x200a, 0x1680, 0x85, 0x20, 0x9, 0xa, 0xb, 0xc, 0xd];

function breakSplitError(t: Term): BeamError {
  const patterns = list(BREAK_WHITESPACE.map((c) => String.fromCodePoint(c)));
  const err = withFrame(badArgs([[1, isBitstring(t) ? "is a bitstring (expected a binary)" : "not a binary"]]), "binary", "split", [t, patterns, list([a("global"), a("trim_all")])]);
  const entry: Term[] = [a("Elixir.String.Break"), a("split"), 1, list([[a("file"), list([..."lib/elixir/unicode/unicode.ex"].map((c) => c.charCodeAt(0)))], [a("line"), 515]])];
  locatedEntries.add(entry);
  err.stacktrace = list([...(listToArray(err.stacktrace) ?? []), entry]);
  return err;
}

function splitWs(b: B): Term {
  const w = typeof b === "string" ? null : asLatin1(b);
  if (w === null) {
    const s = b as string;
    const parts: string[] = [];
    let cur = "";
    for (const ch of s) {
      const c = ch.codePointAt(0)!;
      if (WS.has(c) && !NON_BREAKING.has(c)) {
        if (cur) parts.push(cur);
        cur = "";
      } else cur += ch;
    }
    if (cur) parts.push(cur);
    return list(parts);
  }
  const seps = [...WS].filter((c) => !NON_BREAKING.has(c)).map((c) => asLatin1(String.fromCodePoint(c)));
  return list(binarySplit(b, seps.map(binFromLatin1), true, true));
}

// ---------------------------------------------------------------------------
// Case mapping

type Mode = "default" | "ascii" | "greek" | "turkic";

/** capitalize/2's entry under what it called, at its second clause's call of downcase/2. */
function underCapitalize(e: BeamError): BeamError {
  const first = elixirLocation(a("Elixir.String"), a("capitalize"), 2);
  if (first === null) return e;
  const line = 952;
  const entry: Term[] = [a("Elixir.String"), a("capitalize"), 2, list([[a("file"), stringToCharlist(first[0])], [a("line"), line]])];
  LIBRARY_LINE_OFFSET.set(entry, line - first[1]);
  e.stacktrace = list([...(listToArray(e.stacktrace ?? NIL) ?? []), entry]);
  return e;
}

function modeArg(fn: string, args: Term[]): Mode {
  const m = args[1];
  if (m === a("default") || m === a("ascii") || m === a("greek") || m === a("turkic")) return m.name as Mode;
  throw fce(S, fn, args);
}

function upcaseStr(s: string, mode: Mode): string {
  if (mode === "ascii") return s.replace(/[a-z]+/g, (x) => x.toUpperCase());
  if (mode === "turkic") s = s.replace(/i/g, "\u0130");
  return s.toUpperCase();
}

function downcaseStr(s: string, mode: Mode): string {
  if (mode === "ascii") return s.replace(/[A-Z]+/g, (x) => x.toLowerCase());
  if (mode === "turkic") s = s.replace(/I\u0307|\u0130/g, "i").replace(/I/g, "\u0131");
  if (mode === "greek") return s.toLowerCase();
  // Default mode has no final-sigma rule: map Σ to σ first.
  return s.replace(/\u03a3/g, "\u03c3").toLowerCase();
}

const TITLE: Record<string, string> = {
  "\u01c4": "\u01c5", "\u01c5": "\u01c5", "\u01c6": "\u01c5", "\u01c7": "\u01c8", "\u01c8": "\u01c8",
  "\u01c9": "\u01c8", "\u01ca": "\u01cb", "\u01cb": "\u01cb", "\u01cc": "\u01cb", "\u01f1": "\u01f2",
  "\u01f2": "\u01f2", "\u01f3": "\u01f2",
};

function titlecaseChar(ch: string, mode: Mode): string {
  if (TITLE[ch]) return TITLE[ch];
  if (mode === "turkic" && ch === "i") return "\u0130";
  const up = ch.toUpperCase();
  const cps = Array.from(up);
  // Ligatures title-case as "Fi"/"Ss"; when the first mapped char is uncased (ŉ → ʼN) keep upper.
  if (cps.length > 1 && cps[0].toLowerCase() !== cps[0]) return cps[0] + cps.slice(1).join("").toLowerCase();
  return up;
}

function caseMap(b: B, f: (s: string) => string): B {
  return typeof b === "string" ? f(b) : mapSegments(b, f);
}

function capitalize(b: B, mode: Mode): B {
  if (mode === "ascii") {
    const s = typeof b === "string" ? b : asLatin1(b);
    const r = s.slice(0, 1).replace(/[a-z]/, (x) => x.toUpperCase()) + downcaseStr(s.slice(1), "ascii");
    return typeof b === "string" ? r : binFromLatin1(r);
  }
  const cps = codepoints(b);
  if (cps.length === 0) return "";
  const first = cps[0];
  const head = typeof first === "string" ? titlecaseChar(first, mode) : first;
  const rest = concat(cps.slice(1));
  return concat([head, caseMap(rest, (s) => downcaseStr(s, mode))]);
}

// ---------------------------------------------------------------------------
// Graphemes

/** Graphemes of a binary; cached for the last few large strings. */
function gs(b: B): B[] {
  return graphemes(b);
}

function sliceGraphemes(b: B, start: number, len: number): B {
  if (typeof b === "string" && /^[\x00-\x7e]*$/.test(b) && !b.includes("\r")) return b.substr(start, len);
  return concat(gs(b).slice(start, start + len));
}

function every(g: B[], count: number, step: number): B {
  const out: B[] = [];
  for (let i = 0; i < g.length && i < count; i += step) out.push(g[i]);
  return concat(out);
}

function sliceNegative(g: B[], first: number, last: number): B[] {
  const len = g.length;
  first = Math.max(first < 0 ? first + len : first, 0);
  last = last < 0 ? last + len : last;
  if (first > last || first > len) return [];
  return g.slice(first, Math.min(last + 1, len));
}

function sliceRange(b: B, first: number, last: number, step: number): B {
  if (b === "" || (b instanceof Bin && b.bytes.length === 0)) return "";
  if (first >= 0 && last >= 0 && first > last) return "";
  const g = gs(b);
  if (first >= 0) {
    const rest = g.slice(first);
    if (last === -1) return every(rest, Infinity, step);
    if (last >= 0) return every(rest, last - first + 1, step);
    return every(sliceNegative(rest, 0, last), Infinity, step);
  }
  return every(sliceNegative(g, first, last), Infinity, step);
}

function rangeParts(r: Term): [number, number, number] | null {
  if (!(r instanceof MapTerm) || r.get(a("__struct__")) !== a("Elixir.Range")) return null;
  const f = r.get(a("first"));
  const l = r.get(a("last"));
  let st = r.get(a("step"));
  if (typeof f !== "number" || typeof l !== "number") return null;
  if (st === undefined) st = f <= l ? 1 : -1;
  return [f, l, st];
}

function slice2(args: Term[]): B {
  const [s, r] = args;
  const rp = rangeParts(r);
  if (!isBin(s) || rp === null) throw fce(S, "slice", args);
  const [first, last, step] = rp;
  if (step > 0) return sliceRange(s, first, last, step);
  if (step === -1 && first > last) return sliceRange(s, first, last, 1);
  throw argumentError(`String.slice/2 does not accept ranges with negative steps, got: ${first}..${last}//${step}`);
}

function slice3(args: Term[]): B {
  const [s, start, len] = args;
  if (len === 0) return "";
  if (!isBin(s) || typeof start !== "number" || typeof len !== "number" || len < 0) throw fce(S, "slice", args);
  const st = start >= 0 ? start : Math.max(graphemeCount(s) + start, 0);
  return sliceGraphemes(s, st, len);
}

function splitAt(args: Term[]): Term {
  const [s] = args;
  bin("split_at", args, 0);
  let pos = intArg("split_at", args, 1);
  const g = gs(s);
  if (pos < 0) {
    pos = g.length + pos;
    if (pos < 0) return ["", s];
  }
  return [concat(g.slice(0, pos)), concat(g.slice(pos))];
}

function at(args: Term[]): Term {
  const [s] = args;
  bin("at", args, 0);
  let pos = intArg("at", args, 1);
  if (pos >= 0) {
    // Only as far as the position.
    for (const g of graphemesOfBinary(s)) if (pos-- === 0) return g;
    return null;
  }
  const g = gs(s);
  pos = g.length + pos;
  return pos >= 0 && pos < g.length ? g[pos] : null;
}

/** Elixir's pad/4 raises a bad padding element in build_filler/5: their entries, not pad_*'s. */
function inBuildFiller(e: BeamError): BeamError {
  const file = stringToCharlist("lib/string.ex");
  const entry = (fun: string, arity: number, line: number): Term => {
    const t = [a("Elixir.String"), a(fun), arity, list([[a("file"), file], [a("line"), line]])];
    locatedEntries.add(t);
    return t;
  };
  Object.assign(e, { headFrames: [entry("build_filler", 5, 1415), entry("pad", 4, 1384)] });
  return e;
}

function pad(kind: "leading" | "trailing", args: Term[]): B {
  const fn = "pad_" + kind;
  const [s, count] = args;
  let padding = args[2];
  if (isBin(padding)) padding = list(gs(padding));
  const pads = listToArray(padding);
  if (!isBin(s) || typeof count !== "number" || count < 0 || pads === null || pads.length === 0) {
    // (a binary padding goes on as its graphemes to the second clause, which fails with them)
    throw fce(S, fn, [s, count, padding]);
  }
  const len = graphemeCount(s);
  if (len >= count) return s;
  const need = count - len;
  for (let i = 0; i < Math.min(need, pads.length); i++) {
    if (!isBin(pads[i])) throw inBuildFiller(argumentError(`expected a string padding element, got: ${inspect(pads[i])}`));
  }
  // Whole rounds of the padding repeated as one binary (a JS array of `need` pieces would
  // abort V8 past some hundred million), then the first pieces of one more round.
  const k = pads.length;
  const rounds = Math.floor(need / k);
  const fill = concat([...(rounds > 0 ? [dupl([concat(pads as B[]), rounds])] : []), ...(pads.slice(0, need % k) as B[])]);
  return kind === "leading" ? concat([fill, s]) : concat([s, fill]);
}

// ---------------------------------------------------------------------------
// Split / replace

// (as Elixir's split/3: the :trim option is compared with false and true exactly where
// Elixir's clauses and guards do (only an empty pattern list takes any truthy value); :parts is
// checked only on the paths that
// call parts_to_index/1)
function split3(args: Term[]): Term {
  const [s, pattern, opts] = args;
  if (!isBin(s) || listToArray(opts) === null) throw fce(S, "split", args);
  if (isRegex(pattern)) return regexSplit(pattern, s, opts);
  const partsOpt = keyword(opts, "parts", a("infinity"));
  const trim = keyword(opts, "trim", false);
  if (pattern === NIL) return s === "" && truthy(trim) ? NIL : list([s]);
  const index = () => {
    if (partsOpt === a("infinity")) return 0;
    if (typeof partsOpt !== "number" || partsOpt <= 0) throw fce(S, "parts_to_index", [partsOpt]);
    return partsOpt;
  };
  if (pattern === "") return list(splitEmpty(s, trim, index()));
  const infinity = partsOpt === a("infinity");
  if (infinity && (trim === false || trim === true)) {
    // (:binary.split/3 answers an empty subject before it looks at the pattern)
    if (isEmptyBin(s)) return trim ? NIL : list([s]);
    return list(binarySplit(s, patterns(pattern, "binary", "split", [s, pattern, list(trim ? [a("global"), a("trim_all")] : [a("global")])]), true, trim));
  }
  if (partsOpt === 2 && trim === false) {
    if (isEmptyBin(s)) return list([s]);
    return list(binarySplit(s, patterns(pattern, "binary", "split", [s, pattern]), false, false));
  }
  const pats = patterns(pattern, "binary", "compile_pattern", [pattern], 1);
  return list(splitEach(s, pats, trim, index()));
}

function splitEmpty(s: B, trim: Term, index: number): B[] {
  const g = gs(s);
  const out: B[] = [];
  let count = trim === false && index !== 1 ? index - 1 : index;
  if (trim === false && index !== 1) out.push("");
  let i = 0;
  while (true) {
    if (count === 1) {
      const rest = concat(g.slice(i));
      if (!(rest === "" && trim === true)) out.push(rest);
      return out;
    }
    if (i >= g.length) {
      if (trim !== true) out.push("");
      return out;
    }
    out.push(g[i++]);
    count--;
  }
}

function splitEach(s: B, pats: B[], trim: Term, count: number): B[] {
  const out: B[] = [];
  let cur: B | null = s;
  while (cur !== null) {
    if (count === 1) {
      if (!(cur === "" && trim === true)) out.push(cur);
      break;
    }
    // do_splitter
    let piece: [B, B | null] | null = null;
    let str: B = cur;
    for (;;) {
      if (str === "") {
        piece = trim === true ? null : ["", null];
        break;
      }
      const parts = binarySplit(str, pats, false, false);
      if (parts.length === 2 && parts[0] === "" && trim === true) {
        str = parts[1];
        continue;
      }
      piece = parts.length === 2 ? [parts[0], parts[1]] : [parts[0], null];
      break;
    }
    if (piece === null) break;
    out.push(piece[0]);
    cur = piece[1];
    count--;
  }
  return out;
}

function replace(args: Term[]): B {
  const [subject, pattern, replacement, opts] = args;
  if (!isBin(subject) || !isBin(replacement) || listToArray(opts) === null) throw fce(S, "replace", args);
  if (isRegex(pattern)) return regexReplace(pattern, subject, replacement, opts);
  if (pattern === "" && replacement === "") return subject;
  if (pattern === NIL) return subject;
  const global = keyword(opts, "global", true) !== false;
  if (pattern === "") {
    if (!global) return concat([replacement, subject]);
    const out: B[] = [replacement];
    for (const g of gs(subject)) out.push(g, replacement);
    return concat(out);
  }
  // (the deprecated :insert_replaced option: :binary.replace/4 with it, and :global unless
  // global: false)
  const insert = keyword(opts, "insert_replaced", null);
  if (truthy(insert)) {
    const binOpts = [[a("insert_replaced"), insert], ...(keyword(opts, "global", null) !== false ? [a("global")] : [])];
    return erlangBinary.fns["replace/4"]!([subject, pattern, replacement, list(binOpts)], undefined as never) as B;
  }
  // (:binary.matches/2 finds nothing in an empty subject, whatever the pattern)
  if (isEmptyBin(subject)) return subject;
  const pats = patterns(pattern, "binary", "matches", [subject, pattern]);
  const w = work(subject, replacement, ...pats);
  const s = w.enc(subject);
  const r = w.enc(replacement);
  const ps = pats.map(w.enc);
  let out = "";
  let pos = 0;
  for (;;) {
    const m = search(s, ps, pos);
    if (m === null) break;
    out += s.slice(pos, m[0]) + r;
    pos = m[0] + m[1];
    if (!global) break;
  }
  return w.dec(out + s.slice(pos));
}

function replaceLeading(args: Term[], fn: string): B {
  bin(fn, args, 0, 1, 2);
  const [s, match, repl] = args as B[];
  if (match === "") throw argumentError("cannot use an empty string as the match to replace");
  const w = work(s, match, repl);
  let str = w.enc(s);
  const m = w.enc(match);
  let n = 0;
  while (str.startsWith(m)) {
    str = str.slice(m.length);
    n++;
  }
  return w.dec(w.enc(repl).repeat(n) + str);
}

function replaceTrailing(args: Term[], fn: string): B {
  bin(fn, args, 0, 1, 2);
  const [s, match, repl] = args as B[];
  if (match === "") throw argumentError("cannot use an empty string as the match to replace");
  const w = work(s, match, repl);
  let str = w.enc(s);
  const m = w.enc(match);
  let n = 0;
  while (str.endsWith(m)) {
    str = str.slice(0, str.length - m.length);
    n++;
  }
  return w.dec(str + w.enc(repl).repeat(n));
}

function replacePrefix(args: Term[]): B {
  bin("replace_prefix", args, 0, 1, 2);
  const [s, match, repl] = args as B[];
  const w = work(s, match, repl);
  const str = w.enc(s);
  const m = w.enc(match);
  return str.startsWith(m) ? w.dec(w.enc(repl) + str.slice(m.length)) : s;
}

function replaceSuffix(args: Term[]): B {
  bin("replace_suffix", args, 0, 1, 2);
  const [s, match, repl] = args as B[];
  const w = work(s, match, repl);
  const str = w.enc(s);
  const m = w.enc(match);
  return str.endsWith(m) ? w.dec(str.slice(0, str.length - m.length) + w.enc(repl)) : s;
}

function affix(args: Term[], fn: string, test: (s: string, p: string) => boolean): boolean {
  const [s, p] = args;
  if (!isBin(s)) throw fce(S, fn, args);
  // (a pattern that is neither a binary nor a list: starts_with?/2 hands it to :binary.match/2,
  // as compiled patterns once were; ends_with?/2 has no clause for it)
  if (isBin(p)) return testAffix(s, p, test);
  if (p === NIL || p instanceof Cons) {
    // (Enum.any?/2 over the list: the first hit ends it, an improper tail fails in any_list/2;
    // the inlined starts_with_string?/3 fails as a case on {string, size, prefix})
    let l: Term = p;
    for (; l instanceof Cons; l = l.t) {
      if (!isBin(l.h)) throw caseClauseError([s, binBytes(s as B).length, l.h]);
      if (testAffix(s, l.h, test)) return true;
    }
    if (l !== NIL) throw fce("Enum", "any_list", [l, new Fun(1, null, [s], null, null, 0, 0, `String.${fn}/2`)]);
    return false;
  }
  // (any other pattern: starts_with?/2 hands it to :binary.match/2, as compiled patterns once
  // were; ends_with?/2 has no clause for it)
  if (fn !== "starts_with?") throw fce(S, fn, args);
  if (isEmptyBin(s)) return false;
  return patterns(p, "binary", "match", [s, p]).some((x) => testAffix(s, x, test));
}

function testAffix(s: Term, x: Term, test: (s: string, p: string) => boolean): boolean {
  const w = work(s, x);
  return test(w.enc(s), w.enc(x));
}

/** Whether `t` is the empty binary. */
function isEmptyBin(t: Term): boolean {
  return t === "" || (t instanceof Bin && t.bits === 0 && t.bytes.length === 0);
}

function contains(args: Term[]): boolean {
  const [s, c] = args;
  if (!isBin(s)) throw fce(S, "contains?", args);
  if (c === "") return true;
  if (c === NIL) return false;
  // ("" in contents, else :binary.match/2, which answers :nomatch in an empty subject whatever the pattern)
  if (isEmptyBin(s)) {
    const l = listToArray(c);
    if (l === null && !(c instanceof Cons)) return false;
    if (l !== null && l.every(isBin)) return l.some(isEmptyBin);
  }
  const arr = isBin(c) ? [c] : compiledOf(c) ?? listToArray(c);
  if (arr === null) throw withFrame(badArgs([[2, "not a valid pattern"]]), "binary", "match", [s, c]);
  if (arr.some((x) => x === "")) return true;
  if (arr.some((x) => !isBin(x))) throw withFrame(badArgs([[2, "not a valid pattern"]]), "binary", "match", [s, c]);
  const w = work(s, ...arr);
  const str = w.enc(s);
  return arr.some((x) => str.includes(w.enc(x)));
}

// ---------------------------------------------------------------------------
// Validity, printability, chunks

function isPrintableCp(c: number): boolean {
  return (
    (c >= 0x20 && c <= 0x7e) ||
    [10, 13, 9, 11, 8, 12, 27, 127, 7].includes(c) ||
    (c >= 0xa0 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd) ||
    (c >= 0x10000 && c <= 0x10ffff)
  );
}

function printable(b: B, limit: number): boolean {
  for (const seg of segments(b)) {
    if (limit === 0) return true;
    if (typeof seg === "number") return false;
    for (const ch of seg) {
      if (limit === 0) return true;
      if (!isPrintableCp(ch.codePointAt(0)!)) return false;
      limit--;
    }
  }
  return true;
}

function chunk(args: Term[]): Term {
  const [s, trait] = args;
  if (s === "") return NIL;
  if (!isBin(s) || (trait !== a("valid") && trait !== a("printable"))) throw fce(S, "chunk", args);
  const pred = trait === a("valid") ? (cp: B) => typeof cp === "string" : (cp: B) => typeof cp === "string" && printable(cp, Infinity);
  const out: B[] = [];
  let cur: B[] = [];
  let flag: boolean | null = null;
  for (const cp of codepoints(s)) {
    const f = pred(cp);
    if (flag !== null && f !== flag) {
      out.push(concat(cur));
      cur = [];
    }
    flag = f;
    cur.push(cp);
  }
  if (cur.length) out.push(concat(cur));
  return list(out);
}

function normalize(b: B, form: string): B {
  const f = (s: string) => s.normalize(form.toUpperCase() as "NFC");
  return caseMap(b, f);
}

// ---------------------------------------------------------------------------
// Distances and diffs

function bagDistance(s1: B, s2: B): number {
  if (s2 === "" || s1 === "") return 0;
  const bag = (s: B) => {
    const m = new Map<string, number>();
    const g = gs(s);
    for (const x of g) {
      const k = typeof x === "string" ? x : "\0" + x.bytes[0];
      m.set(k, (m.get(k) ?? 0) + 1);
    }
    return { m, n: g.length };
  };
  const b1 = bag(s1);
  const b2 = bag(s2);
  const diff = (x: Map<string, number>, y: Map<string, number>) => {
    let sum = 0;
    for (const [k, c] of x) sum += Math.max(c - (y.get(k) ?? 0), 0);
    return sum;
  };
  return 1 - Math.max(diff(b1.m, b2.m), diff(b2.m, b1.m)) / Math.max(b1.n, b2.n);
}

function gkey(x: B): string {
  return typeof x === "string" ? x : "\0" + x.bytes[0];
}

function jaroDistance(s1: B, s2: B): number {
  if (strictEquals(s1, s2)) return 1;
  if (s1 === "" || s2 === "") return 0;
  const c1 = gs(s1).map(gkey);
  const c2 = gs(s2).map(gkey);
  const [short, long] = c1.length < c2.length ? [c1, c2] : [c2, c1];
  const lim = Math.floor(long.length / 2) - 1;
  // Port of Elixir's match/5: scan `short`, search a window of `long`.
  let chars: (string | null)[] = long.slice();
  let pre = 0;
  let comm = 0;
  let trans = 0;
  let former = -1;
  for (let idx = 0; idx < short.length; idx++) {
    const ch = short[idx];
    let window = pre + 1 + lim;
    for (let j = 0; j < chars.length && window > 0; j++, window--) {
      if (chars[j] === ch) {
        chars = chars.slice();
        chars[j] = null;
        const current = idx - pre + j;
        if (current < former) trans++;
        comm++;
        former = current;
        break;
      }
    }
    if (pre === lim) chars = chars.slice(1);
    else pre++;
  }
  if (comm === 0) return 0;
  return (comm / c1.length + comm / c2.length + (comm - trans) / comm) / 3;
}

interface Edit {
  op: "eq" | "ins" | "del";
  el: B;
  next: Edit | null;
}

function myers(l1: B[], l2: B[]): Term {
  type Path = { y: number; i1: number; i2: number; edits: Edit | null };
  const push = (p: Path, op: Edit["op"], el: B): Edit => ({ op, el, next: p.edits });
  const moveRight = (p: Path): Path =>
    p.i2 < l2.length ? { ...p, i2: p.i2 + 1, edits: push(p, "ins", l2[p.i2]) } : p;
  const moveDown = (p: Path): Path =>
    p.i1 < l1.length ? { ...p, y: p.y + 1, i1: p.i1 + 1, edits: push(p, "del", l1[p.i1]) } : { ...p, y: p.y + 1 };
  const follow = (p: Path): Path | Edit | null => {
    while (p.i1 < l1.length && p.i2 < l2.length && strictEquals(l1[p.i1], l2[p.i2])) {
      p = { y: p.y + 1, i1: p.i1 + 1, i2: p.i2 + 1, edits: push(p, "eq", l1[p.i1]) };
    }
    if (p.i1 === l1.length && p.i2 === l2.length) return p.edits ?? null;
    return p;
  };
  let paths: Path[] = [{ y: 0, i1: 0, i2: 0, edits: null }];
  for (let env = 0; ; env++) {
    const next: Path[] = [];
    let rest = paths;
    for (let diag = -env; diag <= env; diag += 2) {
      let path: Path;
      if (diag === 0 && env === 0) {
        path = rest[0];
        rest = [];
      } else if (diag === -env) path = moveDown(rest[0]);
      else if (diag === env && rest.length === 1) {
        path = moveRight(rest[0]);
        rest = [];
      } else {
        const [p1, p2] = rest;
        if (p1.y > p2.y) path = moveRight(p1);
        else path = moveDown(p2);
        rest = rest.slice(1);
      }
      const r = follow(path);
      if (r === null || !("i1" in r)) return compactReverse(r as Edit | null);
      next.push(r);
    }
    paths = next;
  }
}

function compactReverse(e: Edit | null): Term {
  const acc: [string, B[]][] = []; // the head of Elixir's acc is the end of this array
  const sameEls = (x: B[], y: B[]) => strictEquals(list(x), list(y));
  for (; e !== null; e = e.next) {
    for (;;) {
      const n = acc.length;
      if (n && acc[n - 1][0] === e.op) {
        acc[n - 1][1].unshift(e.el);
        break;
      }
      if (n >= 3 && acc[n - 1][0] === "eq" && acc[n - 2][0] === "ins" && acc[n - 3][0] === "eq" &&
          sameEls(acc[n - 1][1], acc[n - 2][1])) {
        const elem = acc[n - 1][1];
        const other = acc[n - 3][1];
        acc.splice(n - 3, 3, ["eq", [...elem, ...other]], ["ins", elem]);
        continue;
      }
      acc.push([e.op, [e.el]]);
      break;
    }
  }
  return list(acc.reverse().map(([op, els]) => [a(op), concat(els)]));
}

// ---------------------------------------------------------------------------
// Conversions (delegating to :erlang with its frames)

const erl = (name: string, args: Term[]) => erlang.fns[name](args, null as never);

/**
 * String.to_charlist/1: :unicode.characters_to_list/1's list, or its error or incomplete
 * tuple as UnicodeConversionError (the code points converted so far, a charlist, in :encoded).
 */
function toCharlist(b: B): Term {
  if (typeof b === "string") return stringToCharlist(b);
  const r = erlangUnicode.fns["characters_to_list/1"]([b], null as never);
  if (!Array.isArray(r)) return r;
  const [kind, encoded, rest] = r as [Term, Term, Term];
  const word = kind === a("incomplete") ? "incomplete" : "invalid";
  throw raise("UnicodeConversionError", { encoded, message: `${word} encoding starting at ${inspect(rest)}` });
}

// ---------------------------------------------------------------------------
// Natives

const one = (fn: string, f: (s: B) => Term): NativeFn => (args) => {
  bin(fn, args, 0);
  return f(args[0]);
};

const two = (fn: string, f: (s: B, t: B) => Term): NativeFn => (args) => {
  bin(fn, args, 0, 1);
  return f(args[0], args[1]);
};

function caseFn(fn: string, f: (s: string, m: Mode) => string): Record<string, NativeFn> {
  const impl: NativeFn = (args) => {
    if (args[0] === "") return "";
    const mode = modeArg(fn, args);
    bin(fn, args, 0);
    return caseMap(args[0], (s) => f(s, mode));
  };
  return { [fn + "/1"]: ([s]) => impl([s, a("default")], null as never), [fn + "/2"]: impl };
}

function dupl(args: Term[]): B {
  const [s, n] = args;
  // Inlined by Elixir's compiler into :binary.copy/2, whose errors these are.
  // (every bad argument explained, as erl_stdlib_errors does for binary:copy/2)
  const problems: [number, string][] = [];
  if (!isBin(s)) problems.push([1, isBitstring(s) ? "is a bitstring (expected a binary)" : "not a binary"]);
  if (typeof n !== "number" && typeof n !== "bigint") problems.push([2, "not an integer"]);
  else if (n < 0) problems.push([2, "out of range"]);
  if (problems.length > 0) throw withFrame(badArgs(problems), "binary", "copy", args);
  if (typeof n === "bigint") throw sysLimit();
  // Binaries are JS strings here (latin1 for those not UTF-8): past V8's longest string the
  // result cannot be held at all; short of it, one the heap has no room for kills the caller.
  const chars = typeof s === "string" ? s.length : s.bytes.length;
  reserve(chars * n * (typeof s === "string" && !ONE_BYTE.test(s) ? 2 : 1));
  if (chars * n > MAX_STRING_LENGTH) throw sysLimit();
  return typeof s === "string" ? s.repeat(n) : binFromLatin1(asLatin1(s).repeat(n));
}

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.String",
  fns: {
    "length/1": one("length", graphemeCount),
    "graphemes/1": one("graphemes", (s) => list(gs(s))),
    "codepoints/1": one("codepoints", (s) => list(codepoints(s))),
    // These read only the start of the string, as Elixir's do.
    "next_grapheme/1": one("next_grapheme", (s) => splitFirst(s, graphemesOfBinary(s))),
    "next_grapheme_size/1": one("next_grapheme_size", (s) => {
      const g = splitFirst(s, graphemesOfBinary(s));
      return g === null ? null : [typeof g[0] === "string" ? utf8(g[0]).length : 1, g[1]];
    }),
    "next_codepoint/1": one("next_codepoint", (s) => splitFirst(s, codepointsOf(s))),
    "first/1": one("first", (s) => graphemesOfBinary(s).next().value ?? null),
    "last/1": one("last", (s) => {
      const g = gs(s);
      return g.length ? g[g.length - 1] : null;
    }),
    "at/2": at,
    "reverse/1": one("reverse", (s) => {
      if (typeof s !== "string") {
        // (:unicode_util.gc/1 answers an error at an invalid byte: Elixir's reverse/1 keeps the
        // byte there and reverses each valid run on its own)
        return concat(segments(s).map((x) => (typeof x === "string" ? reverseGraphemes(x) : byteBin(x))));
      }
      return s.length < LARGE ? reverseGraphemes(s) : inSteps("Elixir.String", "reverse", 1, new ReversedGraphemes(s));
    }),
    "duplicate/2": dupl,
    ...caseFn("upcase", upcaseStr),
    ...caseFn("downcase", downcaseStr),
    "capitalize/1": ([s]) => {
      if (!isBin(s)) throw fce(S, "capitalize", [s, a("default")]);
      return capitalize(s, "default");
    },
    "capitalize/2": (args) => {
      const [s, m] = args;
      if (isBin(s) && !(m === a("default") || m === a("ascii") || m === a("greek") || m === a("turkic"))) {
        // A mode Elixir's clauses do not know: the first character is titlecased by default,
        // and downcase/2 has no clause for the rest (unless nothing is left)
        const split = splitFirst(s, codepointsOf(s));
        if (split === null || binBytes(split[1]).length === 0) return capitalize(s, "default");
        throw underCapitalize(fce(S, "downcase", [split[1], m]));
      }
      const mode = modeArg("capitalize", args);
      bin("capitalize", args, 0);
      return capitalize(args[0], mode);
    },
    "trim/1": one("trim", (s) => trimTrailingWs(trimLeadingWs(s))),
    // (Elixir's trim_leading/1 and trim_trailing/1 go on to String.Break's, whose clause fails)
    "trim_leading/1": ([s]) => {
      if (!isBin(s)) throw fce("Elixir.String.Break", "trim_leading", [s]);
      return trimLeadingWs(s);
    },
    "trim_trailing/1": ([s]) => {
      if (!isBin(s)) throw fce("Elixir.String.Break", "trim_trailing", [s]);
      return trimTrailingWs(s);
    },
    "trim/2": (args) => {
      bin("trim", args, 0, 1);
      const l = replaceLeading([args[0], args[1], ""], "replace_leading");
      return replaceTrailing([l, args[1], ""], "replace_trailing");
    },
    "trim_leading/2": (args) => {
      bin("trim_leading", args, 0, 1);
      return replaceLeading([args[0], args[1], ""], "replace_leading");
    },
    "trim_trailing/2": (args) => {
      bin("trim_trailing", args, 0, 1);
      return replaceTrailing([args[0], args[1], ""], "replace_trailing");
    },
    "pad_leading/2": ([s, n]) => pad("leading", [s, n, list([" "])]),
    "pad_leading/3": (args) => pad("leading", args),
    "pad_trailing/2": ([s, n]) => pad("trailing", [s, n, list([" "])]),
    "pad_trailing/3": (args) => pad("trailing", args),
    "split/1": ([t]) => {
      if (!isBin(t)) throw breakSplitError(t);
      return splitWs(t as B);
    },
    "split/2": ([s, p]) => split3([s, p, NIL]),
    "split/3": split3,
    "split_at/2": splitAt,
    "slice/2": slice2,
    "slice/3": slice3,
    "contains?/2": contains,
    "starts_with?/2": (args) => affix(args, "starts_with?", (s, p) => s.startsWith(p)),
    "ends_with?/2": (args) => affix(args, "ends_with?", (s, p) => s.endsWith(p)),
    "match?/2": (args) => {
      bin("match?", args, 0);
      if (!isRegex(args[1])) throw fce("Regex", "match?", [args[1], args[0]]);
      return regexMatch(args[1], args[0]);
    },
    "replace/3": ([s, p, r]) => replace([s, p, r, NIL]),
    "replace/4": replace,
    "replace_leading/3": (args) => replaceLeading(args, "replace_leading"),
    "replace_trailing/3": (args) => replaceTrailing(args, "replace_trailing"),
    "replace_prefix/3": replacePrefix,
    "replace_suffix/3": replaceSuffix,
    "to_integer/1": one("to_integer", (s) => erl("binary_to_integer/1", [s])),
    "to_integer/2": (args) => {
      bin("to_integer", args, 0);
      if (typeof args[1] !== "number" && typeof args[1] !== "bigint") throw fce(S, "to_integer", args);
      return erl("binary_to_integer/2", args);
    },
    "to_float/1": one("to_float", (s) => erl("binary_to_float/1", [s])),
    "to_atom/1": one("to_atom", (s) => erl("binary_to_atom/2", [s, a("utf8")])),
    "to_existing_atom/1": one("to_existing_atom", (s) => erl("binary_to_existing_atom/2", [s, a("utf8")])),
    "to_charlist/1": one("to_charlist", toCharlist),
    "valid?/1": ([s]) => typeof s === "string",
    "valid_character?/1": ([s]) => typeof s === "string" && Array.from(s).length === 1,
    // (printable?/1 is printable?/2 with its :infinity default, whose clause fails)
    "printable?/1": ([s]) => {
      if (!isBin(s)) throw fce(S, "printable?", [s, a("infinity")]);
      return printable(s, Infinity);
    },
    "printable?/2": (args) => {
      const [s, lim] = args;
      if (!isBin(s) || !(lim === a("infinity") || (typeof lim === "number" && lim >= 0))) throw fce(S, "printable?", args);
      return printable(s, lim === a("infinity") ? Infinity : lim);
    },
    "chunk/2": chunk,
    "normalize/2": (args) => {
      const [s, f] = args;
      if (!isBin(s) || ![a("nfd"), a("nfc"), a("nfkd"), a("nfkc")].includes(f)) throw fce(S, "normalize", args);
      return normalize(s, f.name);
    },
    "equivalent?/2": two("equivalent?", (x, y) => strictEquals(normalize(x, "nfd"), normalize(y, "nfd"))),
    "bag_distance/2": (args) => {
      if (args[1] === "" || args[0] === "") return float(0);
      bin("bag_distance", args, 0, 1);
      return float(bagDistance(args[0], args[1]));
    },
    "jaro_distance/2": (args) => {
      if (strictEquals(args[0], args[1])) return float(1);
      if (args[1] === "" || args[0] === "") return float(0);
      bin("jaro_distance", args, 0, 1);
      return float(jaroDistance(args[0], args[1]));
    },
    "myers_difference/2": two("myers_difference", (x, y) => myers(gs(x), gs(y))),
  },
};

// ---------------------------------------------------------------------------
// :binary (the pattern-based part; byte offsets). Registered as module "binary".

function bytePats(subject: Term, p: Term, fn: string, args: Term[]): [string, string[]] {
  if (!isBin(subject)) throw withFrame(badArgs([[1, "not a binary"]]), "binary", fn, args);
  return [asLatin1(subject), patterns(p, "binary", fn, args).map(asLatin1)];
}

/** The patterns of a :binary search as latin1 strings (raising :binary's errors). */
export function bytePatterns(subject: Term, p: Term, fn: string, args: Term[]): string[] {
  return bytePats(subject, p, fn, args)[1];
}

function binMatches(args: Term[], fn: string, global: boolean): [number, number][] {
  const [s, pats] = bytePats(args[0], args[1], fn, args);
  const out: [number, number][] = [];
  let pos = 0;
  for (;;) {
    const m = search(s, pats, pos);
    if (m === null) break;
    out.push(m);
    pos = m[0] + m[1];
    if (!global) break;
  }
  return out;
}

function binOpts(opts: Term): Set<string> {
  const set = new Set<string>();
  for (const o of listToArray(opts) ?? []) if (o && typeof o === "object" && "name" in o) set.add(o.name);
  return set;
}

function binSplit(args: Term[]): Term {
  const o = binOpts(args[2] ?? NIL);
  const [, pats] = bytePats(args[0], args[1], "split", args);
  let parts = binarySplit(args[0], pats.map(binFromLatin1), o.has("global"), o.has("trim_all"));
  if (o.has("trim") && !o.has("trim_all")) {
    while (parts.length && (parts[parts.length - 1] === "")) parts = parts.slice(0, -1);
  }
  return list(parts);
}

function binReplace(args: Term[]): Term {
  const [subject, p, repl] = args;
  const o = binOpts(args[3] ?? NIL);
  const ms = binMatches([subject, p], "replace", o.has("global"));
  if (!isBin(repl)) throw withFrame(badArgs([[3, "not a valid replacement"]]), "binary", "replace", args);
  const s = asLatin1(subject);
  const r = asLatin1(repl);
  let out = "";
  let pos = 0;
  for (const [i, n] of ms) {
    out += s.slice(pos, i) + r;
    pos = i + n;
  }
  return binFromLatin1(out + s.slice(pos));
}

function binPart(b: Term, pos: Term, len: Term): Term {
  return binaryPart(b, pos, len);
}

export const binaryNatives: { module: string; fns: Record<string, NativeFn> } = {
  module: "binary",
  fns: {
    "compile_pattern/1": ([p]) => compilePattern(p),
    "split/2": ([s, p]) => binSplit([s, p, NIL]),
    "split/3": binSplit,
    "match/2": (args) => {
      const m = binMatches(args, "match", false);
      return m.length ? m[0] : a("nomatch");
    },
    "matches/2": (args) => list(binMatches(args, "matches", true)),
    "replace/3": ([s, p, r]) => binReplace([s, p, r, NIL]),
    "replace/4": binReplace,
    "copy/1": ([b]) => dupl([b, 1]),
    "copy/2": dupl,
    "part/2": ([b, pl]) => binaryPartOf(b, pl),
    "part/3": ([b, p, l]) => binPart(b, p, l),
    "at/2": (args) => {
      const [b, i] = args;
      if (!isBin(b)) throw withFrame(badArgs([[1, "not a binary"]]), "binary", "at", args);
      const bytes = binBytes(b);
      if (typeof i !== "number" || i < 0 || i >= bytes.length) throw withFrame(argumentError(), "binary", "at", args);
      return bytes[i];
    },
    "first/1": (args) => {
      const b = args[0];
      if (!isBin(b) || binBytes(b).length === 0) throw withFrame(badArgs([[1, isBin(b) ? "a zero-sized binary is not allowed" : "not a binary"]]), "binary", "first", args);
      return binBytes(b)[0];
    },
    "last/1": (args) => {
      const b = args[0];
      if (!isBin(b) || binBytes(b).length === 0) throw withFrame(badArgs([[1, isBin(b) ? "a zero-sized binary is not allowed" : "not a binary"]]), "binary", "last", args);
      const bytes = binBytes(b);
      return bytes[bytes.length - 1];
    },
    "bin_to_list/1": ([b]) => erlang.fns["binary_to_list/1"]([b], null as never),
    "list_to_bin/1": ([l]) => erlang.fns["list_to_binary/1"]([l], null as never),
  },
};
