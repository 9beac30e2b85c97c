// Binary construction and matching for `<<...>>` with integer, float, binary, bitstring and
// utf8/16/32 segments, sizes and units, signedness and endianness.
import { BeamError, argumentError, raise } from "../errors.js";
import { bifError, bsFail, notBitstring } from "../ops.js";
import { inspect } from "../inspect.js";
import { Bin, Float, Term, a, binBytes, binFromBytes, int } from "../term.js";
import { MapTerm } from "../map.js";
import { appendByte, appendBytes } from "../binary-append.js";

/** [value, type, size | undefined, unit, signed, little] */
type Seg = [Term, string, number | undefined, number, boolean, boolean];

class BitWriter {
  bytes: number[] = [];
  bits = 0; // total bits written
  writeBits(value: bigint, n: number): void {
    for (let i = n - 1; i >= 0; i--) {
      const bit = Number((value >> BigInt(i)) & 1n);
      const byteIdx = this.bits >> 3;
      if (byteIdx >= this.bytes.length) this.bytes.push(0);
      if (bit) this.bytes[byteIdx] |= 0x80 >> (this.bits & 7);
      this.bits++;
    }
  }
  writeBytes(b: Uint8Array, nbits = b.length * 8): void {
    if ((this.bits & 7) === 0 && nbits % 8 === 0) {
      for (let i = 0; i < nbits / 8; i++) this.bytes.push(b[i]);
      this.bits += nbits;
      return;
    }
    for (let i = 0; i < nbits; i++) this.writeBits(BigInt((b[i >> 3] >> (7 - (i & 7))) & 1), 1);
  }
}

function intBytes(v: bigint, nbits: number, little: boolean): bigint {
  const mask = (1n << BigInt(nbits)) - 1n;
  let x = v & mask;
  if (little && nbits % 8 === 0) {
    let out = 0n;
    for (let i = 0; i < nbits / 8; i++) {
      out = (out << 8n) | (x & 0xffn);
      x >>= 8n;
    }
    return out;
  }
  return x;
}

/**
 * `<<...>>`. A segment of the wrong type fails as the BEAM explains it ("construction of
 * binary failed: segment 2 of type 'binary': expected a binary but got: :a"); `shell` is 1
 * for code the shell evaluates, where erl_eval takes a binary segment's size first
 * (`:erlang.bit_size(:a)`'s error), and 2 in Elixir's own modules, which OTP 24 compiled:
 * there a bad segment is the plain badarg, ArgumentError "argument error".
 */
export function binBuild(segs: Seg[], shell?: number): Term {
  if (shell !== 2) return build(segs, shell);
  try {
    return build(segs, undefined);
  } catch (e) {
    const struct = e instanceof BeamError && e.reason instanceof MapTerm ? e.reason.get(a("__struct__")) : undefined;
    throw struct === a("Elixir.ArgumentError") ? argumentError() : e;
  }
}

function build(segs: Seg[], shell?: number): Term {
  if (shell === 1) return buildIn(segs, shell);
  try {
    return buildIn(segs, shell);
  } catch (e) {
    throw (e instanceof BeamError ? firstFailing(segs) : null) ?? e;
  }
}

/**
 * The failure the BEAM reports when several segments are wrong: its bs_create_bin sizes the
 * segments first, so a binary segment taken whole (no size) that is no bitstring fails
 * before the others, in order, except the first segment when it is one: that is the binary
 * appended to, looked at next (a bitstring of it not whole bytes fails there too). The rest
 * fail as the segments are written, in order (writeSegs); null then.
 */
function firstFailing(segs: Seg[]): BeamError | null {
  const whole = (i: number) => (segs[i][1] === "binary" || segs[i][1] === "bitstring") && segs[i][2] === undefined;
  const notBits = (v: Term) => typeof v !== "string" && !(v instanceof Bin);
  for (let i = 0; i < segs.length; i++) {
    const size = badSize(i, segs[i][1], segs[i][2]);
    if (size !== null) return size;
    if (i > 0 && whole(i) && notBits(segs[i][0])) return notBitstring(i, segs[i][0], false);
  }
  if (!whole(0)) return null;
  const [v, type, , unit] = segs[0];
  if (notBits(v)) return notBitstring(0, v, false);
  if (type === "binary" && unit === 1 && v instanceof Bin && v.bits) return segmentError(0, "binary", "unit", v, `the size of the value ${inspect(v)} is not a multiple of the unit for the segment`);
  return null;
}

function buildIn(segs: Seg[], shell?: number): Term {
  // <<acc::binary, ...>>: an append to acc, amortised O(1) when acc was itself appended to last.
  const first = segs[0];
  if (segs.length > 1 && (first[1] === "binary" || first[1] === "bitstring") && first[2] === undefined && (typeof first[0] === "string" || (first[0] instanceof Bin && first[0].bits === 0))) {
    const w = new BitWriter();
    writeSegs(w, segs, 1, shell === 1);
    if ((w.bits & 7) === 0) return appendBytes(first[0], Uint8Array.from(w.bytes));
  }
  const w = new BitWriter();
  writeSegs(w, segs, 0, shell === 1);
  const rem = w.bits & 7;
  return binFromBytes(Uint8Array.from(w.bytes), rem);
}

/** `<<v>>`: one byte (`shell` as binBuild's). */
export function binByte(v: Term, shell?: number): Term {
  if (typeof v !== "number") return binBuild([[v, "integer", undefined, 1, false, false]], shell);
  const byte = v & 0xff;
  return byte < 0x80 ? String.fromCharCode(byte) : new Bin(Uint8Array.of(byte));
}

/**
 * `x <> <<v>>` (`shell` as concatParts's, `lib` as binByte's): an append of one byte that
 * makes no binary of the byte first. It is `<<x::binary, v>>`, as Kernel.<> expands it, and
 * fails as that does: segment 1 (`x`) first, then segment 2.
 */
export function concatByte(shell: number, x: Term, v: Term, lib?: number): Term {
  if (typeof v === "number" && (typeof x === "string" || (x instanceof Bin && x.bits === 0))) return appendByte(x, v & 0xff);
  return binAppendByte(x, v, 0, lib === 2 ? 2 : shell === 1 ? 1 : undefined);
}

/**
 * `<<x::binary, v>>` (or `x::bitstring`; `shell` as binBuild's): an append of one byte,
 * as concatByte. Anything else is binBuild's.
 */
export function binAppendByte(x: Term, v: Term, bitstring: number, shell?: number): Term {
  if (typeof v === "number" && (typeof x === "string" || (x instanceof Bin && x.bits === 0))) return appendByte(x, v & 0xff);
  return binBuild(
    [
      [x, bitstring === 1 ? "bitstring" : "binary", undefined, 1, false, false],
      [v, "integer", undefined, 1, false, false],
    ],
    shell,
  );
}

/** The error of segment `i` (0-based) of a binary under construction (`error` and `value`: its cause, ops.ts bsFail). */
function segmentError(i: number, type: string, error: string, value: Term, what: string): BeamError {
  return bsFail(i, type, error, value, what);
}

/**
 * A segment's size that is no non-negative integer: the BEAM sizes every segment before it
 * writes any, so this fails before a wrong value of an earlier segment.
 */
function badSize(i: number, type: string, size: unknown): BeamError | null {
  if (size === undefined || (typeof size === "number" && size >= 0) || (typeof size === "bigint" && size >= 0n)) return null;
  return segmentError(i, type === "bitstring" ? "binary" : type, "size", size as Term, `expected a non-negative integer as size but got: ${inspect(size as Term)}`);
}

/**
 * A segment's size in bits when it is beyond what any binary can hold (past 2^53 bits, a
 * bignum size included): BEAM's SystemLimitError, before the value is looked at.
 */
function sizeTooLarge(i: number, type: string, size: number | bigint | undefined, unit: number): BeamError | null {
  if (size === undefined || (typeof size !== "bigint" && typeof size !== "number")) return null;
  const bits = BigInt(size) * BigInt(type === "binary" && unit === 1 ? 8 : unit);
  if (bits <= BigInt(Number.MAX_SAFE_INTEGER)) return null;
  const shown = type === "bitstring" ? "binary" : type;
  return bsFail(i, shown, "size", bits, `the size ${bits} is too large`, "SystemLimitError");
}

function writeSegs(w: BitWriter, segs: Seg[], from: number, shell: boolean): void {
  for (let i = from; i < segs.length; i++) {
    const [v, type, size, unit, , little] = segs[i];
    // (erl_eval multiplies a size by its unit first: :erlang.*/2's plain badarg for an atom)
    if (shell && size !== undefined && typeof size !== "number" && typeof size !== "bigint" && !((size as unknown) instanceof Float)) throw bifError(argumentError(), "*", [size, unit]);
    const limit = badSize(i, type, size) ?? sizeTooLarge(i, type, size as number | bigint | undefined, unit);
    if (limit !== null) throw limit;
    switch (type) {
      case "integer": {
        if (typeof v !== "number" && typeof v !== "bigint") {
          throw segmentError(i, "integer", "type", v, `expected an integer but got: ${inspect(v)}`);
        }
        const n = (size ?? 8) * unit;
        if (n === 8 && typeof v === "number" && (w.bits & 7) === 0) {
          w.bytes.push(v & 0xff);
          w.bits += 8;
        } else w.writeBits(intBytes(BigInt(v), n, little), n);
        break;
      }
      case "float": {
        if (typeof v !== "number" && typeof v !== "bigint" && !(v instanceof Float)) throw segmentError(i, "float", "type", v, `expected a float or an integer but got: ${inspect(v)}`);
        const n = (size ?? 64) * unit;
        if (n !== 16 && n !== 32 && n !== 64) throw segmentError(i, "float", "invalid", n, `expected one of the supported sizes 16, 32, or 64 but got: ${n}`);
        const f = v instanceof Float ? v.v : Number(v);
        const dv = new DataView(new ArrayBuffer(n / 8));
        if (n === 64) dv.setFloat64(0, f, little);
        else if (n === 32) dv.setFloat32(0, f, little);
        else dv.setUint16(0, toHalf(f), little);
        w.writeBytes(new Uint8Array(dv.buffer));
        break;
      }
      case "binary":
      case "bitstring": {
        if (typeof v !== "string" && !(v instanceof Bin)) throw notBitstring(i, v, shell);
        const b = binBytes(v);
        const nbits = v instanceof Bin && v.bits ? (b.length - 1) * 8 + v.bits : b.length * 8;
        // A binary segment of its whole value takes whole bytes (erl_eval: the plain badarg).
        if (size === undefined && type === "binary" && unit === 1 && nbits % 8 !== 0) throw shell ? argumentError() : segmentError(i, "binary", "unit", v, `the size of the value ${inspect(v)} is not a multiple of the unit for the segment`);
        const take = size === undefined ? nbits : size * (type === "binary" && unit === 1 ? 8 : unit);
        if (take > nbits) throw segmentError(i, "binary", "short", v, `the value ${inspect(v)} is shorter than the size of the segment`);
        w.writeBytes(b, Math.min(take, nbits));
        break;
      }
      case "utf8":
        // A string literal with a utf type (<<"héllo"::utf8>>) is its code points, encoded.
        if (typeof v !== "string") codePoint(i, type, v);
        w.writeBytes(new TextEncoder().encode(typeof v === "string" ? v : String.fromCodePoint(Number(v))));
        break;
      default:
        if (typeof v !== "string") codePoint(i, type, v);
        if (typeof v === "string") for (const ch of v) w.writeBytes(utfBytes(type, ch.codePointAt(0)!, little));
        else w.writeBytes(utfBytes(type, Number(v), little));
    }
  }
}

/** A utf segment's value must be a code point (not a surrogate). */
function codePoint(i: number, type: string, v: Term): void {
  const n = typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : -1;
  if (n < 0 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) throw segmentError(i, type, "type", v, `expected a non-negative integer encodable as ${type} but got: ${inspect(v)}`);
}

function utfBytes(type: string, cp: number, little: boolean): Uint8Array {
  if (type === "utf32") {
    const dv = new DataView(new ArrayBuffer(4));
    dv.setUint32(0, cp, little);
    return new Uint8Array(dv.buffer);
  }
  const s = String.fromCodePoint(cp);
  const dv = new DataView(new ArrayBuffer(s.length * 2));
  for (let i = 0; i < s.length; i++) dv.setUint16(i * 2, s.charCodeAt(i), little);
  return new Uint8Array(dv.buffer);
}

class BitReader {
  pos = 0;
  constructor(readonly b: Uint8Array, readonly total: number) {}
  get left(): number {
    return this.total - this.pos;
  }
  readBits(n: number): bigint {
    if ((this.pos & 7) === 0 && n === 8) {
      const byte = this.b[this.pos >> 3];
      this.pos += 8;
      return BigInt(byte);
    }
    let v = 0n;
    for (let i = 0; i < n; i++) {
      const p = this.pos++;
      v = (v << 1n) | BigInt((this.b[p >> 3] >> (7 - (p & 7))) & 1);
    }
    return v;
  }
  readBytes(nbits: number): Term {
    if ((this.pos & 7) === 0 && nbits % 8 === 0) {
      const out = this.b.slice(this.pos >> 3, (this.pos + nbits) >> 3);
      this.pos += nbits;
      return binFromBytes(out);
    }
    const w = new BitWriter();
    for (let i = 0; i < nbits; i++) w.writeBits(this.readBits(1), 1);
    return binFromBytes(Uint8Array.from(w.bytes), nbits & 7);
  }
}

/** Decodes `v` by segment specs; null when it does not match. */
export function binMatch(v: Term, specs: [string, number | undefined, number, boolean, boolean][]): Term[] | null {
  if (typeof v !== "string" && !(v instanceof Bin)) return null;
  const bytes = binBytes(v);
  const total = v instanceof Bin && v.bits ? (bytes.length - 1) * 8 + v.bits : bytes.length * 8;
  const r = new BitReader(bytes, total);
  const out: Term[] = [];
  for (let i = 0; i < specs.length; i++) {
    // (a size known at compile time as a bignum is larger than any binary: no match)
    if (typeof specs[i][1] === "bigint") return null;
    const x = readSeg(r, specs[i], i === specs.length - 1);
    if (x === undefined) return null;
    out.push(x);
  }
  return r.left === 0 ? out : null;
}

/** A reader over `v` for matching segment by segment (null when `v` is not a bitstring). */
export function binReader(v: Term): BitReader | null {
  if (typeof v !== "string" && !(v instanceof Bin)) return null;
  const bytes = binBytes(v);
  return new BitReader(bytes, v instanceof Bin && v.bits ? (bytes.length - 1) * 8 + v.bits : bytes.length * 8);
}

/** The next segment's value, or undefined when it does not match (a size that is not a non-negative integer never does). */
export function binRead(r: BitReader, spec: [string, Term, number, boolean, boolean], last: boolean): Term | undefined {
  const size = spec[1];
  if (size !== undefined && !(typeof size === "number" && size >= 0)) return undefined;
  return readSeg(r, spec as [string, number | undefined, number, boolean, boolean], last);
}

function readSeg(r: BitReader, [type, size, unit, signed, little]: [string, number | undefined, number, boolean, boolean], last: boolean): Term | undefined {
  switch (type) {
    case "integer": {
      const n = (size ?? 8) * unit;
      if (r.left < n) return undefined;
      let x = intBytes(r.readBits(n), n, little);
      if (signed && n > 0 && x >> BigInt(n - 1) === 1n) x -= 1n << BigInt(n);
      return int(x);
    }
    case "float": {
      const n = (size ?? 64) * unit;
      if (r.left < n || (n !== 64 && n !== 32 && n !== 16)) return undefined;
      const raw = r.readBits(n);
      const dv = new DataView(new ArrayBuffer(n / 8));
      if (n === 64) dv.setBigUint64(0, raw);
      else if (n === 32) dv.setUint32(0, Number(raw));
      else dv.setUint16(0, Number(raw));
      const f = n === 64 ? dv.getFloat64(0, little) : n === 32 ? dv.getFloat32(0, little) : fromHalf(dv.getUint16(0, little));
      // (infinities and NaNs are no Erlang floats: they do not match)
      return Number.isFinite(f) ? new Float(f) : undefined;
    }
    case "binary":
    case "bitstring": {
      const n = size === undefined ? (last ? r.left : -1) : size * (type === "binary" && unit === 1 ? 8 : unit);
      if (n < 0 || r.left < n) return undefined;
      if (type === "binary" && n % 8 !== 0) return undefined;
      return r.readBytes(n);
    }
    case "utf8":
      return readUtf8(r);
    case "utf16":
      return readUtf16(r, little);
    case "utf32": {
      if (r.left < 32) return undefined;
      const cp = Number(intBytes(r.readBits(32), 32, little));
      return cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? undefined : cp;
    }
    default:
      return undefined;
  }
}

/**
 * A ::utf8 segment: one well-formed UTF-8 sequence (no stray or missing continuation bytes,
 * no overlong forms, no surrogates, nothing above U+10FFFF), else no match (as the BEAM).
 */
function readUtf8(r: BitReader): Term | undefined {
  if (r.left < 8) return undefined;
  const b0 = Number(r.readBits(8));
  const extra = b0 < 0x80 ? 0 : b0 >= 0xf8 ? -1 : b0 >= 0xf0 ? 3 : b0 >= 0xe0 ? 2 : b0 >= 0xc0 ? 1 : -1;
  if (extra < 0 || r.left < extra * 8) return undefined;
  let cp = extra === 0 ? b0 : b0 & (0x3f >> extra);
  for (let i = 0; i < extra; i++) {
    const b = Number(r.readBits(8));
    if ((b & 0xc0) !== 0x80) return undefined;
    cp = (cp << 6) | (b & 0x3f);
  }
  const least = extra === 1 ? 0x80 : extra === 2 ? 0x800 : extra === 3 ? 0x10000 : 0;
  if (cp < least || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
  return cp;
}

/**
 * A ::utf16 segment: one code unit outside the surrogates, or a high surrogate followed by a
 * low one (a pair), else no match (as the BEAM).
 */
function readUtf16(r: BitReader, little: boolean): Term | undefined {
  if (r.left < 16) return undefined;
  const u0 = Number(intBytes(r.readBits(16), 16, little));
  if (u0 < 0xd800 || u0 > 0xdfff) return u0;
  if (u0 > 0xdbff || r.left < 16) return undefined;
  const u1 = Number(intBytes(r.readBits(16), 16, little));
  if (u1 < 0xdc00 || u1 > 0xdfff) return undefined;
  return 0x10000 + ((u0 - 0xd800) << 10) + (u1 - 0xdc00);
}

/** Rounds to the nearest integer, halves to even (IEEE's default rounding). */
function roundEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** An IEEE 754 half-precision float's bits for `f`, rounded to nearest even (too large: infinity). */
function toHalf(f: number): number {
  const sign = f < 0 || Object.is(f, -0) ? 0x8000 : 0;
  const x = Math.abs(f);
  if (Number.isNaN(f)) return 0x7e00;
  if (x < 2 ** -14) return sign | roundEven(x / 2 ** -24); // subnormal (1024 is the smallest normal's bits)
  let e = Math.floor(Math.log2(x));
  if (2 ** e > x) e--;
  else if (2 ** (e + 1) <= x) e++;
  let m = roundEven((x / 2 ** e - 1) * 1024);
  if (m === 1024) {
    m = 0;
    e++;
  }
  if (e > 15) return sign | 0x7c00;
  return sign | ((e + 15) << 10) | m;
}

/** The value of a half-precision float's bits. */
function fromHalf(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return sign * m * 2 ** -24;
  if (e === 31) return m === 0 ? sign * Infinity : NaN;
  return sign * (1 + m / 1024) * 2 ** (e - 15);
}
