// :unicode — conversions of character data (nested lists of code points and binaries)
// between latin1, UTF-8, UTF-16 and UTF-32 (either byte order), with OTP's answers for
// bad data: {:error, converted, rest} at an invalid character, {:incomplete, converted,
// rest} when the data ends inside a character; the normalization forms (NFC, NFD, NFKC,
// NFKD) and byte order marks.
import type { NativeFn } from "../runtime/code.js";
import { BeamError, badArgs } from "../runtime/errors.js";
import { Atom, Bin, Cons, NIL, Term, a, binBytes, binFromBytes, isBinary, list } from "../runtime/term.js";
import { stringToCharlist } from "./unicode.js";

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
}

/**
 * Converts character data to code points in `out` (which `emit` encodes); returns the
 * failure with OTP's rest (the bad element onwards, each enclosing list's remaining tail
 * appended as a further element), or null when all of it converted.
 */
function walk(t: Term, inEnc: Enc, emit: (cp: number) => boolean, last: boolean): Failure | null {
  if (typeof t === "number") {
    const ok = (inEnc.kind === "latin1" ? t >= 0 && t <= 255 : validCp(t)) && emit(t);
    return ok ? null : { kind: "error", rest: list([t]) };
  }
  if (isBinary(t)) {
    const b = binBytes(t as string | Bin);
    for (let i = 0; i < b.length;) {
      const r = decodeAt(b, i, inEnc);
      if (r === "short" && last) return { kind: "incomplete", rest: binFromBytes(b.subarray(i)) };
      if (r === "bad" || r === "short" || !emit(r[0])) return { kind: "error", rest: binFromBytes(b.subarray(i)) };
      i += r[1];
    }
    return null;
  }
  for (let l = t; l !== NIL; l = l instanceof Cons ? l.t : NIL) {
    if (!(l instanceof Cons)) {
      // A binary tail.
      return walk(l, inEnc, emit, last);
    }
    const tail = l.t;
    const atEnd = last && (tail === NIL || (isBinary(tail) && binBytes(tail).length === 0));
    const h = l.h;
    if (typeof h === "number") {
      const ok = (inEnc.kind === "latin1" ? h >= 0 && h <= 255 : validCp(h)) && emit(h);
      if (!ok) return { kind: "error", rest: l };
      continue;
    }
    const f = walk(h, inEnc, emit, atEnd);
    if (f !== null) return tail === NIL ? f : { kind: f.kind, rest: list([f.rest, tail]) };
  }
  return null;
}

function convert(data: Term, inT: Term, outT: Term | null, fn: string, args: Term[]): Term {
  const inEnc = encodingOf(inT);
  if (inEnc === null) throw badArgs([[2, "not a valid encoding"]]);
  const outEnc = outT === null ? null : encodingOf(outT);
  if (outT !== null && outEnc === null) throw badArgs([[3, "not a valid encoding"]]);
  if (!isChardata(data)) throw atLine(badArgs([[1, "not valid character data (an iodata term)"]]), fn, args, 895);
  const bytes: number[] = [];
  const cps: number[] = [];
  const emit = outEnc === null ? (cp: number) => (cps.push(cp), true) : (cp: number) => encodeCp(cp, outEnc, bytes);
  const f = walk(data, inEnc, emit, true);
  const done = outEnc === null ? list(cps) : binFromBytes(Uint8Array.from(bytes));
  return f === null ? done : [a(f.kind), done, f.rest];
}

function atLine(err: BeamError, fn: string, args: Term[], line: number): BeamError {
  err.stacktrace = list([[a("unicode"), a(fn), list(args), list([[a("file"), stringToCharlist("unicode.erl")], [a("line"), line]])]]);
  return err;
}

type Form = "NFC" | "NFD" | "NFKC" | "NFKD";

/** characters_to_nf*: the data as UTF-8 code points, normalized; errors as the conversion's. */
function normalize(data: Term, form: Form, asList: boolean, fn: string): Term {
  if (!isChardata(data)) throw atLine(badArgs([[1, "not valid character data (an iodata term)"]]), fn, [data], 892);
  const cps: number[] = [];
  const f = walk(data, { kind: "utf8", little: false }, (cp) => (cps.push(cp), true), true);
  const text = String.fromCodePoint(...cps).normalize(form);
  const out: number[] = [];
  for (const ch of text) out.push(ch.codePointAt(0)!);
  const done = asList ? list(out) : binFromBytes(new TextEncoder().encode(text));
  return f === null ? done : [a(f.kind), done, f.rest];
}

function bomToEncoding(b: Term): Term {
  if (!isBinary(b)) throw badArgs([[1, "not a binary"]]);
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
  if (enc === null) throw badArgs([[1, "not a valid encoding"]]);
  if (enc.kind === "latin1") return "";
  const out: number[] = [];
  encodeCp(0xfeff, enc, out);
  return binFromBytes(Uint8Array.from(out));
}

const U = a("unicode");

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "unicode",
  fns: {
    "characters_to_binary/1": (args) => convert(args[0], U, U, "characters_to_binary", args),
    "characters_to_binary/2": (args) => convert(args[0], args[1], U, "characters_to_binary", args),
    "characters_to_binary/3": (args) => convert(args[0], args[1], args[2], "characters_to_binary", args),
    "characters_to_list/1": (args) => convert(args[0], U, null, "characters_to_list", args),
    "characters_to_list/2": (args) => convert(args[0], args[1], null, "characters_to_list", args),
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
