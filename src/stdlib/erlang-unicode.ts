// :unicode — conversions of character data (nested lists of code points and binaries)
// between latin1, UTF-8, UTF-16 and UTF-32 (either byte order), with OTP's answers for
// bad data: {:error, converted, rest} at an invalid character, {:incomplete, converted,
// rest} when the data ends inside a character; the normalization forms (NFC, NFD, NFKC,
// NFKD) and byte order marks.
import type { NativeFn } from "../runtime/code.js";
import { BeamError, badArgs } from "../runtime/errors.js";
import { Atom, Bin, Cons, NIL, Term, a, binBytes, binFromBytes, isBinary, isInteger, list } from "../runtime/term.js";
import { stringToCharlist } from "./unicode.js";
import { fce, withFrame } from "../runtime/arith.js";

type Enc = { kind: "latin1" | "utf8" | "utf16" | "utf32"; little: boolean };

function encodingOf(t: Term): Enc | null {
  if (t instanceof Atom) {
    switch (t.name) {
      case "latin1": return { kind: "latin1", little: false };
      case "unicode": case "utf8": return { kind: "utf8", little: false };
      case "utf16": return { kind: "utf16", little: false };
      case "utf32": return { kind: "utf32", little: false };
    }
    return null;
  }
  if (Array.isArray(t) && t.length === 2 && (t[0] === a("utf16") || t[0] === a("utf32")) && (t[1] === a("big") || t[1] === a("little"))) {
    return { kind: (t[0] as Atom).name as "utf16" | "utf32", little: t[1] === a("little") };
  }
  return null;
}

const validCp = (c: number): boolean => c >= 0 && c <= 0x10ffff && !(c >= 0xd800 && c <= 0xdfff);

/** One character decoded from `b` at `i`: [code point, length], "bad", or "short". */
function decodeAt(b: Uint8Array, i: number, enc: Enc): [number, number] | "bad" | "short" {
  const left = b.length - i;
  switch (enc.kind) {
    case "latin1":
      return [b[i], 1];
    case "utf8": {
      const b0 = b[i];
      if (b0 < 0x80) return [b0, 1];
      const n = b0 >= 0xf0 && b0 <= 0xf4 ? 4 : b0 >= 0xe0 && b0 <= 0xef ? 3 : b0 >= 0xc2 && b0 <= 0xdf ? 2 : 0;
      if (n === 0) return "bad";
      let cp = b0 & (0xff >> (n + 1));
      for (let k = 1; k < n; k++) {
        if (k >= left) return "short";
        if ((b[i + k] & 0xc0) !== 0x80) return "bad";
        cp = (cp << 6) | (b[i + k] & 0x3f);
      }
      const min = n === 2 ? 0x80 : n === 3 ? 0x800 : 0x10000;
      return cp < min || !validCp(cp) ? "bad" : [cp, n];
    }
    case "utf16": {
      if (left < 2) return "short";
      const unit = (j: number) => (enc.little ? b[j] | (b[j + 1] << 8) : (b[j] << 8) | b[j + 1]);
      const u = unit(i);
      if (u >= 0xdc00 && u <= 0xdfff) return "bad";
      if (u < 0xd800 || u > 0xdbff) return [u, 2];
      if (left < 4) return "short";
      const u2 = unit(i + 2);
      if (u2 < 0xdc00 || u2 > 0xdfff) return "bad";
      return [0x10000 + ((u - 0xd800) << 10) + (u2 - 0xdc00), 4];
    }
    case "utf32": {
      if (left < 4) return "short";
      const cp = enc.little
        ? (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0
        : ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
      return validCp(cp) ? [cp, 4] : "bad";
    }
  }
}

function encodeCp(cp: number, enc: Enc, out: number[]): boolean {
  switch (enc.kind) {
    case "latin1":
      if (cp > 255) return false;
      out.push(cp);
      return true;
    case "utf8":
      if (cp < 0x80) out.push(cp);
      else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
      else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
      else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
      return true;
    case "utf16": {
      const units = cp < 0x10000 ? [cp] : [0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff)];
      for (const u of units) out.push(...(enc.little ? [u & 255, u >> 8] : [u >> 8, u & 255]));
      return true;
    }
    case "utf32": {
      const bytes = [(cp >>> 24) & 255, (cp >> 16) & 255, (cp >> 8) & 255, cp & 255];
      out.push(...(enc.little ? bytes.reverse() : bytes));
      return true;
    }
  }
}

/** Whether a term is character data (integers, binaries, lists of them, a binary tail). */
function isChardata(t: Term): boolean {
  if (typeof t === "number" || isBinary(t)) return true;
  const stack: Term[] = [t];
  while (stack.length) {
    let l = stack.pop();
    if (typeof l === "number" || isBinary(l)) continue;
    if (l !== NIL && !(l instanceof Cons)) return false;
    for (; l instanceof Cons; l = l.t) {
      const h = l.h;
      if (typeof h === "number" || isBinary(h)) continue;
      if (h === NIL || h instanceof Cons) stack.push(h);
      else return false;
    }
    if (l !== NIL && !isBinary(l)) return false;
  }
  return true;
}

interface Failure {
  kind: "error" | "incomplete";
  rest: Term;
  /** A character begun in an earlier binary that this element did not finish (its bytes). */
  unfinished?: Term;
}

/** A character cut at the end of a binary, waiting for the next one's bytes. */
type Pending = { bytes: Uint8Array | null; missing: number };

/**
 * The conversions OTP does in its C BIF (reading latin1 or UTF-8): code points go to
 * `emit`; returns the failure with OTP's rest, or null when all of it converted. A bad
 * element of a list is `[rest | the list's tail]` (an integer's rest is the list from it);
 * a character cut at a binary's end is finished by the next binary's bytes (if they do not
 * finish it, the rest is `[its bytes, the list from that element]`); the data's end inside
 * a character is incomplete (or an error when the bytes gathered cannot start one).
 */
function walk(t: Term, inEnc: Enc, emit: (cp: number) => boolean, pending: Pending): Failure | null {
  const okInt = (c: number) => (inEnc.kind === "latin1" ? c >= 0 && c <= 255 : validCp(c)) && emit(c);
  if (typeof t === "number") return okInt(t) ? null : { kind: "error", rest: list([t]) };
  if (isBinary(t)) {
    let b = binBytes(t as string | Bin);
    if (pending.bytes !== null) {
      if (b.length < pending.missing) {
        pending.bytes = Uint8Array.from([...pending.bytes, ...b]);
        pending.missing -= b.length;
        return null;
      }
      const joined = Uint8Array.from([...pending.bytes, ...b.subarray(0, pending.missing)]);
      const r = decodeAt(joined, 0, inEnc);
      const unfinished = binFromBytes(pending.bytes);
      pending.bytes = null;
      if (r === "bad" || r === "short" || r[1] !== joined.length || !emit(r[0])) return { kind: "error", rest: t, unfinished };
      b = b.subarray(pending.missing);
    }
    for (let i = 0; i < b.length;) {
      const r = decodeAt(b, i, inEnc);
      if (r === "short") {
        pending.bytes = b.slice(i);
        pending.missing = missingAt(b, i, inEnc);
        return null;
      }
      if (r === "bad" || !emit(r[0])) return { kind: "error", rest: binFromBytes(b.subarray(i)) };
      i += r[1];
    }
    return null;
  }
  for (let l = t; l !== NIL; l = l instanceof Cons ? l.t : NIL) {
    // (a binary tail)
    if (!(l instanceof Cons)) return walk(l, inEnc, emit, pending);
    const h = l.h;
    if (typeof h === "number") {
      if (pending.bytes !== null) {
        const unfinished = binFromBytes(pending.bytes);
        pending.bytes = null;
        return { kind: "error", rest: list([unfinished, l]) };
      }
      if (!okInt(h)) return { kind: "error", rest: l };
      continue;
    }
    const f = walk(h, inEnc, emit, pending);
    if (f !== null) return { kind: f.kind, rest: f.unfinished !== undefined ? list([f.unfinished, l]) : new Cons(f.rest, l.t) };
  }
  return null;
}

/** The data's end: a character still cut is incomplete, or an error if it cannot start one. */
function ended(pending: Pending): Failure | null {
  if (pending.bytes === null) return null;
  const r = decodeAt(pending.bytes, 0, { kind: "utf8", little: false });
  return { kind: r === "short" ? "incomplete" : "error", rest: binFromBytes(pending.bytes) };
}

/** Bytes still needed to finish the character that starts at `i` (after "short"). */
function missingAt(b: Uint8Array, i: number, enc: Enc): number {
  const left = b.length - i;
  if (enc.kind === "utf8") return (b[i] >= 0xf0 ? 4 : b[i] >= 0xe0 ? 3 : 2) - left;
  if (enc.kind === "utf16") return left < 2 ? 2 - left : 4 - left;
  return 4 - left;
}

/** How many bytes would finish the character `b` begins (unicode.erl's cbv/2), or null when no more bytes could. */
function completable(enc: Enc, b: Uint8Array): number | null {
  const n = b.length;
  const cont = (k: number) => (b[k] & 0xc0) === 0x80;
  switch (enc.kind) {
    case "utf8": {
      const b0 = b[0];
      if ((b0 & 0xe0) === 0xc0) return n === 1 ? 1 : null;
      if ((b0 & 0xf0) === 0xe0) return n === 1 ? 2 : n === 2 && cont(1) ? 1 : null;
      if ((b0 & 0xf8) === 0xf0) return n === 1 ? 3 : n === 2 && cont(1) ? 2 : n === 3 && cont(1) && cont(2) ? 1 : null;
      return null;
    }
    case "utf16":
      if (!enc.little) {
        const high = (b[0] >> 2) === 54;
        if (n === 1) return b[0] <= 215 || b[0] >= 224 ? 1 : high ? 3 : null;
        if (n === 2) return high ? 2 : null;
        if (n === 3) return high && (b[2] >> 2) === 55 ? 1 : null;
        return null;
      }
      if (n === 1) return 1;
      if (n === 2) return (b[1] >> 2) === 54 ? 2 : null;
      if (n === 3) return (b[1] >> 2) === 54 ? 1 : null;
      return null;
    case "utf32": {
      const ok = (x: number, y: number) => x <= 16 && (x > 0 || y <= 215 || y >= 224);
      if (!enc.little) {
        if (b[0] !== 0) return null;
        if (n === 1) return 3;
        if (n === 2) return b[1] <= 16 ? 2 : null;
        if (n === 3) return ok(b[1], b[2]) ? 1 : null;
        return null;
      }
      if (n === 1) return 3;
      if (n === 2) return 2;
      if (n === 3) return (b[0] === 254 || b[0] === 255) && b[1] === 255 && b[2] === 0 ? null : ok(b[2], b[1]) ? 1 : null;
      return null;
    }
    case "latin1":
      return null;
  }
}

/** Where ml_map is: no character cut, or one begun in an earlier binary (its bytes, and how many it lacks). */
type Cut = { inc: Uint8Array; missing: number } | null;
type MlResult = { kind: "ok" } | { kind: "incomplete"; inc: Uint8Array; missing: number } | { kind: "error"; rest: Term };
const ML_OK: MlResult = { kind: "ok" };
/** unicode.erl converts binaries in chunks of at most this many bytes. */
const CHUNK = 8192;

/**
 * The conversions OTP's unicode module does in Erlang (ml_map/3: any that reads UTF-16/32
 * or writes latin1, UTF-16 or UTF-32), with its rests: a bad element of a list is `[rest |
 * the list's tail]` (an integer as `[int]`); a character cut at a binary's end is finished
 * by the next binary's bytes (an integer meanwhile is an error, `[the bytes | the list from
 * it]`); binaries are converted 8192 bytes at a time; the data's end inside a character is
 * incomplete. Converted bytes go to `out`.
 */
function mlMap(t: Term, inEnc: Enc, outEnc: Enc, out: number[], cut: Cut): MlResult {
  const limit = inEnc.kind === "latin1" ? 255 : 0x10ffff;
  // one binary: its characters (only latin1 ones when writing latin1), then at what stopped them
  const binary = (b: Uint8Array): MlResult => {
    for (let i = 0; i < b.length;) {
      const r = decodeAt(b, i, inEnc);
      const bytes: number[] = [];
      if (r !== "bad" && r !== "short" && (outEnc.kind !== "latin1" || r[0] <= 255) && encodeCp(r[0], outEnc, bytes)) {
        out.push(...bytes);
        i += r[1];
        continue;
      }
      const rest = b.slice(i);
      const missing = r === "bad" || r === "short" ? completable(inEnc, rest) : null;
      return missing === null ? { kind: "error", rest: binFromBytes(rest) } : { kind: "incomplete", inc: rest, missing };
    }
    return ML_OK;
  };
  const join = (x: Uint8Array, y: Uint8Array) => {
    const z = new Uint8Array(x.length + y.length);
    z.set(x);
    z.set(y, x.length);
    return z;
  };
  let l: Term = t;
  while (l instanceof Cons) {
    const part = l.h;
    const tail = l.t;
    if (typeof part === "number") {
      if (cut !== null) return { kind: "error", rest: new Cons(binFromBytes(cut.inc), l) };
      const bytes: number[] = [];
      if (!(part <= limit && part >= 0 && validCp(part) && encodeCp(part, outEnc, bytes))) return { kind: "error", rest: new Cons(list([part]), tail) };
      out.push(...bytes);
      l = tail;
      continue;
    }
    if (isBinary(part)) {
      const b = binBytes(part as string | Bin);
      if (cut !== null) {
        if (b.length >= cut.missing) {
          l = new Cons(binFromBytes(join(cut.inc, b.subarray(0, cut.missing))), new Cons(binFromBytes(b.slice(cut.missing)), tail));
          cut = null;
        } else {
          cut = { inc: join(cut.inc, b), missing: cut.missing - b.length };
          l = tail;
        }
        continue;
      }
      if (b.length > CHUNK) {
        l = new Cons(binFromBytes(b.slice(0, CHUNK)), new Cons(binFromBytes(b.slice(CHUNK)), tail));
        continue;
      }
      const r = binary(b);
      if (r.kind === "error") return { kind: "error", rest: new Cons(r.rest, tail) };
      cut = r.kind === "incomplete" ? { inc: r.inc, missing: r.missing } : null;
      l = tail;
      continue;
    }
    // a nested list
    const r = mlMap(part, inEnc, outEnc, out, cut);
    if (r.kind === "error") return { kind: "error", rest: new Cons(r.rest, tail) };
    cut = r.kind === "incomplete" ? { inc: r.inc, missing: r.missing } : null;
    l = tail;
  }
  if (l === NIL) return cut === null ? ML_OK : { kind: "incomplete", inc: cut.inc, missing: cut.missing };
  // a binary (the whole data, or a list's tail)
  const b = binBytes(l as string | Bin);
  if (cut !== null) {
    if (b.length >= cut.missing) return mlMap(list([binFromBytes(cut.inc), l]), inEnc, outEnc, out, null);
    return { kind: "incomplete", inc: join(cut.inc, b), missing: cut.missing - b.length };
  }
  if (b.length > CHUNK) return mlMap(list([binFromBytes(b.slice(0, CHUNK)), binFromBytes(b.slice(CHUNK))]), inEnc, outEnc, out, null);
  return binary(b);
}

/** Whether OTP converts these encodings in the C BIF (reading latin1 or UTF-8, writing UTF-8 or a list). */
const inBif = (inEnc: Enc, outEnc: Enc | null): boolean => (inEnc.kind === "latin1" || inEnc.kind === "utf8") && (outEnc === null || outEnc.kind === "utf8");

function convert(data: Term, inT: Term, outT: Term | null, fn: string, args: Term[]): Term {
  const inEnc = encodingOf(inT);
  const outEnc = outT === null ? null : encodingOf(outT);
  // (chardata is a binary or a list at the top)
  const badData = !(isBinary(data) || data === NIL || data instanceof Cons) || !isChardata(data);
  if (badData || inEnc === null || (outT !== null && outEnc === null)) {
    // every argument judged, as erl_stdlib_errors does; the two-argument forms are BIFs (an
    // entry without a line), the others raise from unicode.erl's error_with_info/2
    const problems: [number, string][] = [];
    if (badData || !convertsAsUnicode(data)) problems.push([1, "not valid character data (an iodata term)"]);
    if (inEnc === null) problems.push([2, "not a valid encoding"]);
    if (outT !== null && outEnc === null) problems.push([3, "not a valid encoding"]);
    const err = badArgs(problems);
    throw args.length === 2 ? withFrame(err, "unicode", fn, args) : atLine(err, fn, args, 895);
  }
  if (inEnc === null) throw badArgs([[2, "not a valid encoding"]]);
  if (!inBif(inEnc, outEnc)) {
    // (characters_to_list of UTF-16/32 converts to UTF-8 this way, then to code points.)
    const out: number[] = [];
    const r = mlMap(data, inEnc, outEnc ?? { kind: "utf8", little: false }, out, null);
    const bytes = Uint8Array.from(out);
    const done = outEnc === null ? list(Array.from(new TextDecoder().decode(bytes), (c) => c.codePointAt(0)!)) : binFromBytes(bytes);
    if (r.kind === "error") return [a("error"), done, r.rest];
    return r.kind === "incomplete" ? [a("incomplete"), done, binFromBytes(r.inc)] : done;
  }
  const bytes: number[] = [];
  const cps: number[] = [];
  const emit = outEnc === null ? (cp: number) => (cps.push(cp), true) : (cp: number) => encodeCp(cp, outEnc, bytes);
  const pending: Pending = { bytes: null, missing: 0 };
  const f = walk(data, inEnc, emit, pending) ?? ended(pending);
  const done = outEnc === null ? list(cps) : binFromBytes(Uint8Array.from(bytes));
  return f === null ? done : [a(f.kind), done, f.rest];
}

/** Whether chardata `t` converts whole from unicode to unicode (erl_stdlib_errors's test of it). */
function convertsAsUnicode(t: Term): boolean {
  const utf8: Enc = { kind: "utf8", little: false };
  const pending: Pending = { bytes: null, missing: 0 };
  return (walk(t, utf8, () => true, pending) ?? ended(pending)) === null;
}

function atLine(err: BeamError, fn: string, args: Term[], line: number): BeamError {
  err.stacktrace = list([[a("unicode"), a(fn), list(args), list([[a("file"), stringToCharlist("unicode.erl")], [a("line"), line]])]]);
  return err;
}

type Form = "NFC" | "NFD" | "NFKC" | "NFKD";

/**
 * characters_to_nf*: the data as UTF-8 code points, normalized. A binary that does not
 * hold whole valid characters stops it with `{:error, normalized so far, rest}` (the rest is
 * that binary from the bad byte followed by the elements after it; the binary alone when
 * none follow; characters are not joined across binaries). The data must be a list or a
 * binary (a bare integer is badarg). An integer of a list that is not a character (negative,
 * past 0x10FFFF, a surrogate) stays as it is in the list forms, a character of its own that
 * nothing composes with, as OTP's unicode_util passes it through; the binary forms cannot
 * encode it: badarg.
 */
function normalize(data: Term, form: Form, asList: boolean, fn: string): Term {
  const invalid = () => atLine(badArgs([[1, "not valid character data (an iodata term)"]]), fn, [data], 892);
  if (!isNormalizable(data)) throw invalid();
  const elements: Term[] = [];
  const flatten = (t: Term): void => {
    for (let l = t; l !== NIL; l = l instanceof Cons ? l.t : NIL) {
      if (!(l instanceof Cons)) return void elements.push(l);
      if (l.h instanceof Cons || l.h === NIL) flatten(l.h);
      else elements.push(l.h);
    }
  };
  if (isBinary(data)) elements.push(data);
  else flatten(data);
  // runs of characters, normalized run by run; what is not a character separates them
  const out: Term[] = [];
  let cps: number[] = [];
  const endRun = () => {
    if (cps.length === 0) return;
    for (const ch of String.fromCodePoint(...cps).normalize(form)) out.push(ch.codePointAt(0)!);
    cps = [];
  };
  let rest: Term | null = null;
  scan: for (let e = 0; e < elements.length; e++) {
    const x = elements[e];
    if (isInteger(x)) {
      if (typeof x === "number" && validCp(x)) {
        cps.push(x);
        continue;
      }
      if (!asList) throw invalid();
      endRun();
      out.push(x);
      continue;
    }
    const b = binBytes(x as string | Bin);
    for (let i = 0; i < b.length;) {
      const r = decodeAt(b, i, { kind: "utf8", little: false });
      if (r === "bad" || r === "short") {
        const after = elements.slice(e + 1);
        rest = after.length === 0 ? binFromBytes(b.slice(i)) : list([binFromBytes(b.slice(i)), ...after]);
        break scan;
      }
      cps.push(r[0]);
      i += r[1];
    }
  }
  endRun();
  const done = asList ? list(out) : binFromBytes(new TextEncoder().encode(String.fromCodePoint(...(out as number[]))));
  return rest === null ? done : [a("error"), done, rest];
}

/** Chardata as the normalizing functions take it: a binary, or a list of integers, binaries and such lists (a binary tail too). */
function isNormalizable(t: Term): boolean {
  if (isBinary(t)) return true;
  if (t !== NIL && !(t instanceof Cons)) return false;
  const stack: Term[] = [t];
  while (stack.length) {
    let l = stack.pop()!;
    for (; l instanceof Cons; l = l.t) {
      const h = l.h;
      if (isInteger(h) || isBinary(h)) continue;
      if (h === NIL || h instanceof Cons) stack.push(h);
      else return false;
    }
    if (l !== NIL && !isBinary(l)) return false;
  }
  return true;
}

function bomToEncoding(b: Term): Term {
  if (!isBinary(b)) throw fce("unicode", "bom_to_encoding", [b]);
  const x = binBytes(b);
  const starts = (...p: number[]) => p.every((v, i) => x[i] === v) && x.length >= p.length;
  if (starts(0xef, 0xbb, 0xbf)) return [a("utf8"), 3];
  if (starts(0, 0, 0xfe, 0xff)) return [[a("utf32"), a("big")], 4];
  if (starts(0xff, 0xfe, 0, 0)) return [[a("utf32"), a("little")], 4];
  if (starts(0xfe, 0xff)) return [[a("utf16"), a("big")], 2];
  if (starts(0xff, 0xfe)) return [[a("utf16"), a("little")], 2];
  return [a("latin1"), 0];
}

function encodingToBom(e: Term): Term {
  const enc = encodingOf(e);
  if (enc === null) throw fce("unicode", "encoding_to_bom", [e]);
  if (enc.kind === "latin1") return "";
  const out: number[] = [];
  encodeCp(0xfeff, enc, out);
  return binFromBytes(Uint8Array.from(out));
}

const U = a("unicode");

/** An internal function raising as the BIF it stands for: the BIF's entry replaces its own frame. */
function asBif(f: () => Term): Term {
  try {
    return f();
  } catch (e) {
    if (e instanceof BeamError && e.stacktrace !== null) (e as BeamError & { skipFrames?: number }).skipFrames = 1;
    throw e;
  }
}

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "unicode",
  fns: {
    "characters_to_binary/1": (args) => convert(args[0], U, U, "characters_to_binary", args),
    "characters_to_binary/2": (args) => convert(args[0], args[1], U, "characters_to_binary", args),
    "characters_to_binary/3": (args) => convert(args[0], args[1], args[2], "characters_to_binary", args),
    "characters_to_list/1": (args) => convert(args[0], U, null, "characters_to_list", args),
    "characters_to_list/2": (args) => convert(args[0], args[1], null, "characters_to_list", args),
    // (what the BIFs above hand over to when they cannot finish in C: raising as they do)
    "characters_to_binary_int/2": (args) => asBif(() => convert(args[0], args[1], U, "characters_to_binary", args)),
    "characters_to_list_int/2": (args) => asBif(() => convert(args[0], args[1], null, "characters_to_list", args)),
    "bin_is_7bit/1": ([b]) => isBinary(b) && binBytes(b as string | Bin).every((x) => x < 128),
    "characters_to_nfc_binary/1": ([d]) => normalize(d, "NFC", false, "characters_to_nfc_binary"),
    "characters_to_nfd_binary/1": ([d]) => normalize(d, "NFD", false, "characters_to_nfd_binary"),
    "characters_to_nfkc_binary/1": ([d]) => normalize(d, "NFKC", false, "characters_to_nfkc_binary"),
    "characters_to_nfkd_binary/1": ([d]) => normalize(d, "NFKD", false, "characters_to_nfkd_binary"),
    "characters_to_nfc_list/1": ([d]) => normalize(d, "NFC", true, "characters_to_nfc_list"),
    "characters_to_nfd_list/1": ([d]) => normalize(d, "NFD", true, "characters_to_nfd_list"),
    "characters_to_nfkc_list/1": ([d]) => normalize(d, "NFKC", true, "characters_to_nfkc_list"),
    "characters_to_nfkd_list/1": ([d]) => normalize(d, "NFKD", true, "characters_to_nfkd_list"),
    "bom_to_encoding/1": ([b]) => bomToEncoding(b),
    "encoding_to_bom/1": ([e]) => encodingToBom(e),
  },
};
