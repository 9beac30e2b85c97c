// Unicode/binary helpers shared by the string-ish natives: UTF-8 encode/decode, splitting
// binaries that may contain invalid UTF-8 into valid runs and stray bytes, graphemes,
// byte/index conversions, latin1 views of bytes (used for byte-mode regexes).
import { badArgs } from "../runtime/errors.js";
import { pollInterrupt, pollStep } from "../runtime/heap-room.js";
import { graphemeClusters, graphemeLength } from "../runtime/graphemes.js";
import { utf8Length } from "../runtime/term.js";
import { Bin, Term, binBytes, binFromBytes, isBinary } from "../runtime/term.js";

const enc = new TextEncoder();

export function utf8(s: string): Uint8Array {
  return enc.encode(s);
}

/** Bytes (0..255) as a string with one char per byte. */
export function latin1(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 8192) {
    // Every MB, a poll for Ctrl+C (a 100 MB binary takes seconds).
    if ((i & 0xfffff) === 0 && i > 0) pollInterrupt();
    s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  }
  return s;
}

/** Inverse of latin1(): chars (all < 256) to bytes. */
export function fromLatin1(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    if ((i & 0xfffff) === 0 && i > 0) pollInterrupt();
    out[i] = s.charCodeAt(i) & 0xff;
  }
  return out;
}

/** The binary whose bytes are the latin1 string `s`. */
export function binFromLatin1(s: string): string | Bin {
  return binFromBytes(fromLatin1(s));
}

/** A binary (string or whole-byte Bin) as latin1 text. */
export function asLatin1(b: string | Bin): string {
  return latin1(binBytes(b));
}

/** Concatenates binaries (strings stay strings when possible). */
export function concat(parts: (string | Bin)[]): string | Bin {
  if (parts.every((p) => typeof p === "string")) return (parts as string[]).join("");
  const arrs = parts.map(binBytes);
  const total = arrs.reduce((n, x) => n + x.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const x of arrs) {
    out.set(x, o);
    o += x.length;
  }
  return binFromBytes(out);
}

/** Length in bytes of the UTF-8 sequence starting with `b0` when it is valid there, else 0. */
function seqLen(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i];
  if (b0 < 0x80) return 1;
  const cont = (k: number) => i + k < bytes.length && (bytes[i + k] & 0xc0) === 0x80;
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    if (!cont(1) || !cont(2)) return 0;
    const b1 = bytes[i + 1];
    if (b0 === 0xe0 && b1 < 0xa0) return 0;
    if (b0 === 0xed && b1 >= 0xa0) return 0; // surrogates
    return 3;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    const b1 = bytes[i + 1];
    if (b0 === 0xf0 && b1 < 0x90) return 0;
    if (b0 === 0xf4 && b1 >= 0x90) return 0;
    return 4;
  }
  return 0;
}

/**
 * Splits a binary into maximal valid UTF-8 runs (strings) and single invalid bytes
 * (numbers). A plain string yields itself.
 */
export function segments(b: string | Bin): (string | number)[] {
  return [...segmentsOf(b)];
}

/** segments(b), one at a time (a walk that stops early reads only what it needs). */
export function* segmentsOf(b: string | Bin): Generator<string | number> {
  if (typeof b === "string") {
    if (b !== "") yield b;
    return;
  }
  const bytes = b.bytes;
  let start = 0;
  let i = 0;
  while (i < bytes.length) {
    pollStep();
    const n = seqLen(bytes, i);
    if (n === 0) {
      if (i > start) yield binFromBytes(bytes.subarray(start, i)) as string;
      yield bytes[i];
      i++;
      start = i;
    } else i += n;
  }
  if (i > start) yield binFromBytes(bytes.subarray(start, i)) as string;
}

export function isValidUtf8(b: string | Bin): boolean {
  return typeof b === "string";
}

/** One raw byte as a binary. */
export function byteBin(n: number): Bin {
  return new Bin(Uint8Array.of(n));
}


/** Grapheme clusters of a valid string. */
export function graphemesOf(s: string): string[] {
  const out: string[] = [];
  for (const g of graphemeClusters(s)) out.push(g);
  return out;
}

/** Graphemes of any binary: invalid bytes are their own grapheme. */
export function graphemes(b: string | Bin): (string | Bin)[] {
  return [...graphemesOfBinary(b)];
}

/** graphemes(b), one at a time. */
export function* graphemesOfBinary(b: string | Bin): Generator<string | Bin> {
  for (const seg of segmentsOf(b)) {
    if (typeof seg === "number") yield byteBin(seg);
    else yield* graphemeClusters(seg);
  }
}

/** Codepoints (as strings) of any binary: invalid bytes are their own item. */
export function codepoints(b: string | Bin): (string | Bin)[] {
  return [...codepointsOf(b)];
}

/** codepoints(b), one at a time. */
export function* codepointsOf(b: string | Bin): Generator<string | Bin> {
  for (const seg of segmentsOf(b)) {
    if (typeof seg === "number") yield byteBin(seg);
    else {
      for (let i = 0; i < seg.length; ) {
        pollStep();
        const c = seg.codePointAt(i)!;
        const n = c > 0xffff ? 2 : 1;
        yield n === 1 ? seg[i] : seg.slice(i, i + 2);
        i += n;
      }
    }
  }
}

/** The first item `items` yields and the rest of `b` after it, or null for an empty binary. */
export function splitFirst(b: string | Bin, items: Generator<string | Bin>): [string | Bin, string | Bin] | null {
  const first = items.next();
  if (first.done === true) return null;
  const g = first.value;
  if (typeof b === "string") return [g, b.slice((g as string).length)];
  return [g, binFromBytes(b.bytes.subarray(binBytes(g).length))];
}

/** Number of graphemes. */
export function graphemeCount(b: string | Bin): number {
  if (typeof b === "string") {
    let ascii = true;
    for (let i = 0; i < b.length; i++) {
      const c = b.charCodeAt(i);
      if (c >= 0x7f || c === 13) {
        ascii = false;
        break;
      }
    }
    if (ascii) return b.length;
    return graphemeLength(b);
  }
  let n = 0;
  for (const _ of graphemesOfBinary(b)) n++;
  return n;
}

/** UTF-8 byte length of a JS string prefix up to UTF-16 index `idx`. */
export function byteOffset(s: string, idx: number): number {
  return utf8Length(s, idx);
}

/** True for a binary argument (string or whole-byte Bin). */
export const isBin = (t: Term): t is string | Bin => isBinary(t);

// ---------------------------------------------------------------------------
// Charlists and iodata

import { Cons, Float, NIL, list } from "../runtime/term.js";
import { formatFloat } from "../runtime/float-format.js";

/** A proper list of valid codepoints as a string; null otherwise. */
export function charlistToString(l: Term): string | null {
  let s = "";
  while (l instanceof Cons) {
    const c = l.h;
    if (typeof c !== "number" || c < 0 || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) return null;
    s += String.fromCodePoint(c);
    l = l.t;
  }
  return l === NIL ? s : null;
}

/** A string as a list of codepoints. */
export function stringToCharlist(s: string): Term {
  const cps: number[] = [];
  for (const ch of s) cps.push(ch.codePointAt(0)!);
  return list(cps);
}

/**
 * iodata made only of strings and ASCII bytes, joined as a string without going through
 * bytes; null when anything else is met (the caller then uses iodataBytes, which also
 * reports what is not iodata).
 */
export function iodataAsciiString(t: Term): string | null {
  if (typeof t === "string") return t;
  const chunks: string[] = [];
  const pending: Term[] = [t];
  while (pending.length > 0) {
    let l = pending.pop();
    for (; l instanceof Cons; l = l.t) {
      const h = l.h;
      if (typeof h === "string") chunks.push(h);
      else if (typeof h === "number" && h >= 0 && h < 128) chunks.push(String.fromCharCode(h));
      else if (h === NIL) continue;
      else if (h instanceof Cons) {
        pending.push(l.t, h);
        l = undefined;
        break;
      } else return null;
    }
    if (l === undefined || l === NIL) continue;
    if (typeof l === "string") chunks.push(l);
    else return null;
  }
  return chunks.join("");
}

/**
 * :erlang.iolist_to_binary/1: plain string iodata is joined directly, anything else goes
 * through bytes. Bad iodata raises the BIF's ArgumentError (its stack entry is added by
 * whoever calls this: runNative for the BIF itself).
 */
export function iolistToBinary(t: Term): Term {
  const s = iodataAsciiString(t);
  if (s !== null) return s;
  const bytes = iodataBytes(t);
  if (bytes === null) throw badArgs([[1, "not an iodata term"]]);
  return binFromBytes(bytes);
}

/**
 * Flattens iodata (bytes 0..255, binaries, nested lists, binary tails) to bytes; null when
 * the term is not iodata. `listOnly` rejects a bare binary at the top (iolist).
 */
export function iodataBytes(t: Term, listOnly = false): Uint8Array | null {
  if (isBinary(t)) return listOnly ? null : binBytes(t as string | Bin);
  if (t !== NIL && !(t instanceof Cons)) return null;
  const chunks: Uint8Array[] = [];
  const bytes: number[] = [];
  const flush = () => {
    if (bytes.length) {
      chunks.push(Uint8Array.from(bytes));
      bytes.length = 0;
    }
  };
  const stack: Term[] = [t];
  while (stack.length) {
    let l = stack.pop();
    while (l instanceof Cons) {
      const h = l.h;
      if (typeof h === "number") {
        if (h < 0 || h > 255) return null;
        bytes.push(h);
      } else if (isBinary(h)) {
        flush();
        chunks.push(binBytes(h));
      } else if (h === NIL || h instanceof Cons) {
        stack.push(l.t);
        l = h;
        continue;
      } else return null;
      l = l.t;
    }
    if (isBinary(l)) {
      flush();
      chunks.push(binBytes(l));
    } else if (l !== NIL) return null;
  }
  flush();
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

