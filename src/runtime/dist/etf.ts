// The external term format (erts's "External Term Format"): how terms travel between nodes
// and what :erlang.term_to_binary/1,2 and :erlang.binary_to_term/1,2 read and write.
//
// Encoding follows what OTP 25 writes, byte for byte:
//   integers  0..255 SMALL_INTEGER_EXT, 32-bit INTEGER_EXT, else SMALL_BIG_EXT/LARGE_BIG_EXT
//   floats    NEW_FLOAT_EXT (minor version 1, the default), FLOAT_EXT ("%.20e") in version 0
//   atoms     term_to_binary: ATOM_EXT (Latin-1) when every character fits, else the UTF-8
//             tags; minor version 2 and the distribution always use the UTF-8 tags
//   lists     STRING_EXT for proper lists of bytes up to 65535 long, else LIST_EXT
//   maps      MAP_EXT; keys in map key order (every integer before every float) for maps
//             up to 32 keys, as BEAM's flat maps; larger maps in the BEAM's hash order
//             (:maps.to_list/1's, map-order.ts) unless `deterministic` asks for key order
//   pids/refs/ports  NEW_PID_EXT, NEWER_REFERENCE_EXT, NEW_PORT_EXT (V4_PORT_EXT past 28 bits)
//   funs      EXPORT_EXT for `&Mod.fun/arity`, NEW_FUN_EXT for closures (the fields come
//             from a FunCodec: see funs.ts)
// Decoding accepts every tag a peer may send, including the deprecated ones, and the
// distribution header's atom cache references when given a cache.
//
// Both directions use an explicit stack, never JS recursion, so a term nested a million
// levels deep encodes and decodes like a flat one.
import { deflateSync, inflateSync } from "node:zlib";
import { Fun } from "../fun.js";
import { MapTerm } from "../map.js";
import { mapKeyOrder, mapListOrder } from "../map-order.js";
import { Atom, Bin, Cons, Float, NIL, Pid, Port, Ref, Term, atom, atomName, binFromBytes, int } from "../term.js";
import { NodeIds, pidFromWire, pidToWire, portFromWire, portToWire, refFromWire, refToWire } from "./identity.js";

export const VERSION_MAGIC = 131;
export const enum Tag {
  NewFloat = 70,
  BitBinary = 77,
  AtomCacheRef = 82,
  NewPid = 88,
  NewPort = 89,
  NewerReference = 90,
  SmallInteger = 97,
  Integer = 98,
  Float = 99,
  Atom = 100,
  Reference = 101,
  Port = 102,
  Pid = 103,
  SmallTuple = 104,
  LargeTuple = 105,
  Nil = 106,
  String = 107,
  List = 108,
  Binary = 109,
  SmallBig = 110,
  LargeBig = 111,
  NewFun = 112,
  Export = 113,
  NewReference = 114,
  SmallAtom = 115,
  Map = 116,
  Fun = 117,
  AtomUtf8 = 118,
  SmallAtomUtf8 = 119,
  V4Port = 120,
  Local = 121,
  Compressed = 80,
}

/** The fields of NEW_FUN_EXT (a closure on the wire). */
export interface FunWire {
  arity: number;
  /** 16 bytes: the MD5 of the module's code. */
  uniq: Uint8Array;
  index: number;
  module: Atom;
  oldIndex: number;
  oldUniq: number;
  /** The process that created the fun. */
  pid: Pid;
  free: Term[];
}

/** Turns closures into wire fields and back (see funs.ts); without one, closures are refused. */
export interface FunCodec {
  /** The wire fields of a closure (never called for `&Mod.fun/arity` captures). */
  toWire(f: Fun): FunWire;
  /** A fun from wire fields. */
  fromWire(w: FunWire): Term;
}

/** Everything the codec needs to know about the node it runs on. */
export interface EtfContext extends NodeIds {
  funs?: FunCodec;
  /** For `safe` decoding of `&Mod.fun/arity`: does this export exist? */
  exportExists?: (module: Atom, name: Atom, arity: number) => boolean;
}

export interface EncodeOptions {
  /** 0: floats as text (FLOAT_EXT); 1 (default): NEW_FLOAT_EXT; 2: atoms always UTF-8. */
  minorVersion?: number;
  /** Atoms always in the UTF-8 tags (the distribution does this). */
  utf8Atoms?: boolean;
  /** Maps of any size in key order. */
  deterministic?: boolean;
  /** zlib level 1..9 when the term should be compressed (kept only when smaller). */
  compressed?: number;
  /** Leave out the leading 131 (terms after a distribution header). */
  noMagic?: boolean;
  /** Collects [offset, length] of the data of binaries over 64 bytes (term_to_iovec). */
  largeBinaries?: [number, number][];
}

export interface DecodeOptions {
  /** Refuse to create atoms or export funs that do not exist (binary_to_term's `safe`). */
  safe?: boolean;
  /** Atoms of the distribution header (ATOM_CACHE_REF indexes into it). */
  atomCache?: Term[];
  /** The first byte is not the version magic (terms after a distribution header). */
  noMagic?: boolean;
}

/** Malformed or unsafe input: binary_to_term turns this into its ArgumentError. */
export class EtfError extends Error {
  constructor(
    message: string,
    /** The input was well formed but unsafe (a new atom or export under `safe`). */
    readonly unsafe = false,
  ) {
    super(message);
  }
}

// ---- writing ---------------------------------------------------------------------------

const utf8 = new TextEncoder();

/** A growable byte buffer. */
export class Writer {
  buf: Uint8Array;
  view: DataView;
  pos = 0;

  constructor(size = 256) {
    this.buf = new Uint8Array(size);
    this.view = new DataView(this.buf.buffer);
  }

  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const buf = new Uint8Array(size);
    buf.set(this.buf.subarray(0, this.pos));
    this.buf = buf;
    this.view = new DataView(buf.buffer);
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.pos++] = v;
  }

  u16(v: number): void {
    this.ensure(2);
    this.view.setUint16(this.pos, v);
    this.pos += 2;
  }

  u32(v: number): void {
    this.ensure(4);
    this.view.setUint32(this.pos, v >>> 0);
    this.pos += 4;
  }

  i32(v: number): void {
    this.ensure(4);
    this.view.setInt32(this.pos, v);
    this.pos += 4;
  }

  u64(v: number | bigint): void {
    this.ensure(8);
    this.view.setBigUint64(this.pos, BigInt(v));
    this.pos += 8;
  }

  f64(v: number): void {
    this.ensure(8);
    this.view.setFloat64(this.pos, v);
    this.pos += 8;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** Writes a string as UTF-8; returns the number of bytes. */
  utf8(s: string): number {
    this.ensure(s.length * 3);
    const { written } = utf8.encodeInto(s, this.buf.subarray(this.pos));
    this.pos += written;
    return written;
  }

  result(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

// ---- encoding ---------------------------------------------------------------------------

/** A pending back-patch: the 4-byte size field of NEW_FUN_EXT at `at`. */
class FunSizePatch {
  constructor(readonly at: number) {}
}

/** term_to_binary: the term's external format (with the leading 131 unless `noMagic`). */
export function encode(t: Term, ctx: EtfContext, opts: EncodeOptions = {}): Uint8Array {
  const w = new Writer();
  if (!opts.noMagic) w.u8(VERSION_MAGIC);
  encodeInto(w, t, ctx, opts);
  if (opts.compressed === undefined || opts.compressed === 0) return w.result();
  return compress(w.result(), opts.compressed);
}

/**
 * BEAM keeps the compressed form only when it saves more than the compressed header costs:
 * zlib gets an output buffer 5 bytes smaller than the plain encoding and gives up when
 * that is not enough.
 */
function compress(plain: Uint8Array, level: number): Uint8Array {
  const body = plain.subarray(1);
  const z = deflateSync(body, { level });
  if (z.length > plain.length - 6) return plain;
  const out = new Uint8Array(6 + z.length);
  out[0] = VERSION_MAGIC;
  out[1] = Tag.Compressed;
  new DataView(out.buffer).setUint32(2, body.length);
  out.set(z, 6);
  return out;
}

/** Appends the encoding of `t` (no magic byte) to `w`. */
export function encodeInto(w: Writer, t: Term, ctx: EtfContext, opts: EncodeOptions = {}): void {
  const minor = opts.minorVersion ?? 1;
  const utf8Atoms = opts.utf8Atoms === true || minor >= 2;
  const stack: Term[] = [t];
  while (stack.length > 0) {
    const x = stack.pop();
    if (x instanceof FunSizePatch) {
      w.view.setUint32(x.at, w.pos - x.at);
      continue;
    }
    switch (typeof x) {
      case "number":
        if (x >= 0 && x <= 255 && Number.isInteger(x)) {
          w.u8(Tag.SmallInteger);
          w.u8(x);
        } else if (x >= -2147483648 && x <= 2147483647) {
          w.u8(Tag.Integer);
          w.i32(x);
        } else writeBig(w, BigInt(x));
        continue;
      case "bigint":
        writeBig(w, x);
        continue;
      case "string": {
        w.u8(Tag.Binary);
        const n = writeBinaryString(w, x);
        if (n > 64 && opts.largeBinaries) opts.largeBinaries.push([w.pos - n, n]);
        continue;
      }
      case "boolean":
        writeAtom(w, x ? "true" : "false", utf8Atoms);
        continue;
    }
    if (x === null) {
      writeAtom(w, "nil", utf8Atoms);
    } else if (x instanceof Atom) {
      writeAtom(w, x.name, utf8Atoms);
    } else if (Array.isArray(x)) {
      if (x.length <= 255) {
        w.u8(Tag.SmallTuple);
        w.u8(x.length);
      } else {
        w.u8(Tag.LargeTuple);
        w.u32(x.length);
      }
      for (let i = x.length - 1; i >= 0; i--) stack.push(x[i]);
    } else if (x === NIL) {
      w.u8(Tag.Nil);
    } else if (x instanceof Cons) {
      writeList(w, x, stack);
    } else if (x instanceof Float) {
      writeFloat(w, x.v, minor);
    } else if (x instanceof MapTerm) {
      w.u8(Tag.Map);
      w.u32(x.size);
      const entries = mapOrder(x, opts.deterministic === true);
      for (let i = entries.length - 1; i >= 0; i--) stack.push(entries[i][1], entries[i][0]);
    } else if (x instanceof Bin) {
      if (x.bits === 0) {
        w.u8(Tag.Binary);
        w.u32(x.bytes.length);
      } else {
        w.u8(Tag.BitBinary);
        w.u32(x.bytes.length);
        w.u8(x.bits);
      }
      w.bytes(x.bytes);
      if (x.bytes.length > 64 && opts.largeBinaries) opts.largeBinaries.push([w.pos - x.bytes.length, x.bytes.length]);
    } else if (x instanceof Pid) {
      const [node, id, serial, creation] = pidToWire(x, ctx);
      w.u8(Tag.NewPid);
      writeAtom(w, node.name, utf8Atoms);
      w.u32(id);
      w.u32(serial);
      w.u32(creation);
    } else if (x instanceof Ref) {
      const [node, creation, words] = refToWire(x, ctx);
      w.u8(Tag.NewerReference);
      w.u16(words.length);
      writeAtom(w, node.name, utf8Atoms);
      w.u32(creation);
      for (const word of words) w.u32(word);
    } else if (x instanceof Port) {
      const [node, id, creation] = portToWire(x, ctx);
      if (id > 0x0fffffff) {
        w.u8(Tag.V4Port);
        writeAtom(w, node.name, utf8Atoms);
        w.u64(id);
      } else {
        w.u8(Tag.NewPort);
        writeAtom(w, node.name, utf8Atoms);
        w.u32(id);
      }
      w.u32(creation);
    } else if (x instanceof Fun) {
      writeFun(w, x, ctx, utf8Atoms, stack);
    } else {
      throw new EtfError("cannot encode " + String(x));
    }
  }
}

/** A list: STRING_EXT when it is a proper list of at most 65535 bytes, else LIST_EXT. */
function writeList(w: Writer, l: Cons, stack: Term[]): void {
  let n = 0;
  let bytes = true;
  let t: Term = l;
  for (; t instanceof Cons; t = t.t) {
    const h = t.h;
    if (bytes && !(typeof h === "number" && h >= 0 && h <= 255 && Number.isInteger(h))) bytes = false;
    n++;
  }
  if (bytes && t === NIL && n <= 65535) {
    w.u8(Tag.String);
    w.u16(n);
    w.ensure(n);
    for (let c: Term = l; c instanceof Cons; c = c.t) w.buf[w.pos++] = c.h;
    return;
  }
  w.u8(Tag.List);
  w.u32(n);
  // Elements go on the stack last-first, after the tail, so they come off in order.
  const items: Term[] = new Array(n);
  let i = 0;
  for (let c: Term = l; c instanceof Cons; c = c.t) items[i++] = c.h;
  stack.push(t);
  for (let j = n - 1; j >= 0; j--) stack.push(items[j]);
}

/** The order BEAM writes a map's pairs in: :maps.to_list/1's, or key order when deterministic. */
function mapOrder(m: MapTerm, deterministic: boolean): [Term, Term][] {
  return deterministic ? mapKeyOrder(m) : mapListOrder(m);
}

function writeBinaryString(w: Writer, s: string): number {
  const at = w.pos;
  w.u32(0);
  const n = w.utf8(s);
  w.view.setUint32(at, n);
  return n;
}

function isLatin1(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 255) return false;
  return true;
}

/** An atom: ATOM_EXT in Latin-1 when allowed and possible, else SMALL_ATOM_UTF8_EXT / ATOM_UTF8_EXT. */
export function writeAtom(w: Writer, name: string, utf8Atoms: boolean): void {
  if (!utf8Atoms && isLatin1(name)) {
    w.u8(Tag.Atom);
    w.u16(name.length);
    w.ensure(name.length);
    for (let i = 0; i < name.length; i++) w.buf[w.pos++] = name.charCodeAt(i);
    return;
  }
  const at = w.pos;
  w.u8(Tag.SmallAtomUtf8);
  w.u8(0);
  const n = w.utf8(name);
  if (n < 256) {
    w.buf[at + 1] = n;
    return;
  }
  // Too long for the small form: move the text one byte up for the 2-byte length.
  w.ensure(1);
  w.buf.copyWithin(at + 3, at + 2, at + 2 + n);
  w.buf[at] = Tag.AtomUtf8;
  w.view.setUint16(at + 1, n);
  w.pos = at + 3 + n;
}

function writeBig(w: Writer, v: bigint): void {
  const neg = v < 0n;
  let m = neg ? -v : v;
  const digits: number[] = [];
  while (m > 0n) {
    digits.push(Number(m & 0xffn));
    m >>= 8n;
  }
  if (digits.length < 256) {
    w.u8(Tag.SmallBig);
    w.u8(digits.length);
  } else {
    w.u8(Tag.LargeBig);
    w.u32(digits.length);
  }
  w.u8(neg ? 1 : 0);
  w.bytes(Uint8Array.from(digits));
}

function writeFloat(w: Writer, v: number, minor: number): void {
  if (minor === 0) {
    w.u8(Tag.Float);
    const text = formatE20(v);
    w.ensure(31);
    for (let i = 0; i < 31; i++) w.buf[w.pos++] = i < text.length ? text.charCodeAt(i) : 0;
    return;
  }
  w.u8(Tag.NewFloat);
  w.f64(v);
}

/** C's `sprintf("%.20e", v)`, exactly (21 significant digits, ties to even). */
export function formatE20(v: number): string {
  if (v === 0) return (Object.is(v, -0) ? "-" : "") + "0." + "0".repeat(20) + "e+00";
  const neg = v < 0;
  const x = Math.abs(v);
  // x = mant * 2^exp exactly.
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const bexp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (bexp === 0) exp = -1074;
  else {
    mant |= 1n << 52n;
    exp = bexp - 1075;
  }
  // digits / 10^scale == x
  let digits: bigint;
  let scale: number;
  if (exp >= 0) {
    digits = mant << BigInt(exp);
    scale = 0;
  } else {
    digits = mant * 5n ** BigInt(-exp);
    scale = -exp;
  }
  let s = digits.toString();
  let e10 = s.length - 1 - scale;
  if (s.length > 21) {
    const cut = s.length - 21;
    const keep = BigInt(s.slice(0, 21));
    const rest = s.slice(21);
    const half = "5" + "0".repeat(cut - 1);
    let r = keep;
    if (rest > half || (rest === half && (keep & 1n) === 1n)) r += 1n;
    s = r.toString();
    if (s.length > 21) {
      s = s.slice(0, 21);
      e10++;
    }
  } else s = s.padEnd(21, "0");
  const expText = (e10 < 0 ? "-" : "+") + String(Math.abs(e10)).padStart(2, "0");
  return (neg ? "-" : "") + s[0] + "." + s.slice(1) + "e" + expText;
}

function writeFun(w: Writer, f: Fun, ctx: EtfContext, utf8Atoms: boolean, stack: Term[]): void {
  if (f.isExternal && f.code === null) {
    w.u8(Tag.Export);
    writeAtom(w, f.module!.name, utf8Atoms);
    writeAtom(w, atomName(f.name), utf8Atoms);
    w.u8(Tag.SmallInteger);
    w.u8(f.arity);
    return;
  }
  if (ctx.funs === undefined) throw new EtfError("cannot encode a fun here");
  const fw = ctx.funs.toWire(f);
  const start = w.pos;
  w.u8(Tag.NewFun);
  w.u32(0);
  w.u8(fw.arity);
  w.bytes(fw.uniq);
  w.u32(fw.index);
  w.u32(fw.free.length);
  // The size covers the free variables too: patched once they are written.
  stack.push(new FunSizePatch(start + 1));
  for (let i = fw.free.length - 1; i >= 0; i--) stack.push(fw.free[i]);
  stack.push(fw.pid, fw.oldUniq, fw.oldIndex, fw.module);
}

// ---- reading ----------------------------------------------------------------------------

const utf8Strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const latin1 = new TextDecoder("latin1");

/** A cursor over bytes; running past the end raises an EtfError. */
export class Reader {
  pos: number;
  readonly view: DataView;
  constructor(
    readonly buf: Uint8Array,
    pos = 0,
    readonly end = buf.length,
  ) {
    this.pos = pos;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  need(n: number): void {
    if (this.pos + n > this.end) throw new EtfError("truncated term");
  }
  u8(): number {
    this.need(1);
    return this.buf[this.pos++];
  }
  u16(): number {
    this.need(2);
    const v = this.view.getUint16(this.pos);
    this.pos += 2;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos);
    this.pos += 4;
    return v;
  }
  i32(): number {
    this.need(4);
    const v = this.view.getInt32(this.pos);
    this.pos += 4;
    return v;
  }
  u64(): number | bigint {
    this.need(8);
    const v = this.view.getBigUint64(this.pos);
    this.pos += 8;
    return int(v);
  }
  f64(): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos);
    this.pos += 8;
    return v;
  }
  bytes(n: number): Uint8Array {
    this.need(n);
    const b = this.buf.slice(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
  view8(n: number): Uint8Array {
    this.need(n);
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
}

/** A container being filled while decoding. */
interface Pending {
  kind: Kind;
  items: Term[];
  need: number;
  /** Extra fields (a list's element count, a fun's fixed header). */
  extra?: unknown;
}

const enum Kind {
  Tuple,
  List,
  Map,
  Fun,
  Export,
  Pid,
  Port,
  Ref,
}

interface FunHeader {
  arity: number;
  uniq: Uint8Array;
  index: number;
  end: number;
}

/**
 * binary_to_term: decodes one term from `bytes` (starting with 131 unless `noMagic`).
 * Returns the term and the number of bytes used.
 */
export function decode(bytes: Uint8Array, ctx: EtfContext, opts: DecodeOptions = {}): { term: Term; used: number } {
  const r = new Reader(bytes);
  if (!opts.noMagic && r.u8() !== VERSION_MAGIC) throw new EtfError("bad version");
  if (r.pos < r.end && bytes[r.pos] === Tag.Compressed) {
    r.pos++;
    const size = r.u32();
    let inner: Uint8Array;
    try {
      inner = inflateSync(bytes.subarray(r.pos), { maxOutputLength: Math.max(1, size + 1) });
    } catch {
      throw new EtfError("bad compressed data");
    }
    if (inner.length !== size) throw new EtfError("bad compressed size");
    const ir = new Reader(new Uint8Array(inner.buffer, inner.byteOffset, inner.length));
    const term = decodeFrom(ir, ctx, opts);
    if (ir.pos !== ir.end) throw new EtfError("trailing bytes in compressed term");
    return { term, used: bytes.length };
  }
  const term = decodeFrom(r, ctx, opts);
  return { term, used: r.pos };
}

/** Decodes one term at the reader's position (no magic byte). */
export function decodeFrom(r: Reader, ctx: EtfContext, opts: DecodeOptions = {}): Term {
  const safe = opts.safe === true;
  const stack: Pending[] = [];
  for (;;) {
    let value: Term;
    let done = false;
    const tag = r.u8();
    switch (tag) {
      case Tag.SmallInteger:
        value = r.u8();
        done = true;
        break;
      case Tag.Integer:
        value = r.i32();
        done = true;
        break;
      case Tag.SmallBig:
        value = readBig(r, r.u8());
        done = true;
        break;
      case Tag.LargeBig:
        value = readBig(r, r.u32());
        done = true;
        break;
      case Tag.NewFloat:
        value = checkFloat(r.f64());
        done = true;
        break;
      case Tag.Float: {
        // Erlang float syntax only: digits, a point, digits, an optional exponent.
        const text = latin1.decode(r.view8(31)).replace(/\0.*$/s, "");
        if (!/^[+-]?\d+\.\d+(?:[eE][+-]?\d+)?$/.test(text)) throw new EtfError("bad float text");
        value = checkFloat(Number.parseFloat(text));
        done = true;
        break;
      }
      case Tag.Atom:
      case Tag.SmallAtom:
      case Tag.AtomUtf8:
      case Tag.SmallAtomUtf8:
      case Tag.AtomCacheRef:
        r.pos--;
        value = readAtomTerm(r, safe, opts.atomCache);
        done = true;
        break;
      case Tag.SmallTuple:
      case Tag.LargeTuple: {
        const n = tag === Tag.SmallTuple ? r.u8() : r.u32();
        if (n === 0) {
          value = [];
          done = true;
        } else {
          r.need(n); // every element takes at least a byte: refuse absurd sizes early
          stack.push({ kind: Kind.Tuple, items: [], need: n });
        }
        break;
      }
      case Tag.Nil:
        value = NIL;
        done = true;
        break;
      case Tag.String: {
        const b = r.view8(r.u16());
        let l: Term = NIL;
        for (let i = b.length - 1; i >= 0; i--) l = new Cons(b[i], l);
        value = l;
        done = true;
        break;
      }
      case Tag.List: {
        const n = r.u32();
        r.need(n + 1);
        stack.push({ kind: Kind.List, items: [], need: n + 1 });
        break;
      }
      case Tag.Binary:
        value = binFromBytes(r.bytes(r.u32()));
        done = true;
        break;
      case Tag.BitBinary: {
        const len = r.u32();
        const bits = r.u8();
        if (bits < 1 || bits > 8 || len === 0) throw new EtfError("bad bit binary");
        const b = r.bytes(len);
        if (bits !== 8) b[len - 1] &= (0xff << (8 - bits)) & 0xff;
        value = bits === 8 ? binFromBytes(b) : new Bin(b, bits);
        done = true;
        break;
      }
      case Tag.Map: {
        const n = r.u32();
        if (n === 0) {
          value = MapTerm.fromPairs([]);
          done = true;
        } else {
          r.need(2 * n);
          stack.push({ kind: Kind.Map, items: [], need: 2 * n });
        }
        break;
      }
      case Tag.NewPid:
      case Tag.Pid: {
        const node = readAtomTerm(r, safe, opts.atomCache);
        const id = r.u32();
        const serial = r.u32();
        const creation = tag === Tag.NewPid ? r.u32() : r.u8() & 3;
        value = pidFromWire(nodeAtom(node), id, serial, creation, ctx);
        done = true;
        break;
      }
      case Tag.NewPort:
      case Tag.Port:
      case Tag.V4Port: {
        const node = readAtomTerm(r, safe, opts.atomCache);
        const id = tag === Tag.V4Port ? r.u64() : r.u32();
        const creation = tag === Tag.Port ? r.u8() & 3 : r.u32();
        value = portFromWire(nodeAtom(node), Number(id), creation, ctx);
        done = true;
        break;
      }
      case Tag.NewerReference:
      case Tag.NewReference: {
        const len = r.u16();
        if (len < 1 || len > 5) throw new EtfError("bad reference");
        const node = readAtomTerm(r, safe, opts.atomCache);
        const creation = tag === Tag.NewerReference ? r.u32() : r.u8() & 3;
        const words: number[] = [];
        for (let i = 0; i < len; i++) words.push(r.u32());
        value = refFromWire(nodeAtom(node), creation, words, ctx);
        done = true;
        break;
      }
      case Tag.Reference: {
        const node = readAtomTerm(r, safe, opts.atomCache);
        const id = r.u32();
        const creation = r.u8() & 3;
        value = refFromWire(nodeAtom(node), creation, [id], ctx);
        done = true;
        break;
      }
      case Tag.Export:
        stack.push({ kind: Kind.Export, items: [], need: 3 });
        break;
      case Tag.NewFun: {
        const start = r.pos - 1;
        const size = r.u32();
        const arity = r.u8();
        const uniq = r.bytes(16);
        const index = r.u32();
        const numFree = r.u32();
        r.need(numFree);
        const header: FunHeader = { arity, uniq, index, end: start + 1 + size };
        stack.push({ kind: Kind.Fun, items: [], need: 4 + numFree, extra: header });
        break;
      }
      default:
        throw new EtfError("unknown tag " + tag);
    }
    // Hand the value to the innermost pending container; finish containers that are full.
    while (done) {
      const top = stack[stack.length - 1];
      if (top === undefined) return value;
      top.items.push(value);
      if (top.items.length < top.need) break;
      stack.pop();
      value = finish(top, ctx, safe, r);
    }
  }
}

function finish(p: Pending, ctx: EtfContext, safe: boolean, r: Reader): Term {
  const items = p.items;
  switch (p.kind) {
    case Kind.Tuple:
      return items;
    case Kind.List: {
      let l = items[items.length - 1];
      for (let i = items.length - 2; i >= 0; i--) l = new Cons(items[i], l);
      return l;
    }
    case Kind.Map: {
      const pairs: [Term, Term][] = [];
      for (let i = 0; i < items.length; i += 2) pairs.push([items[i], items[i + 1]]);
      const m = MapTerm.fromPairs(pairs);
      if (m.size !== pairs.length) throw new EtfError("duplicate map key");
      return m;
    }
    case Kind.Export: {
      const [mod, name, arity] = items;
      if (!(mod instanceof Atom) || !isAtomTerm(name) || typeof arity !== "number" || arity < 0 || arity > 255) {
        throw new EtfError("bad export");
      }
      const nameAtom = name instanceof Atom ? name : (atom(atomName(name)) as Atom);
      if (safe && ctx.exportExists !== undefined && !ctx.exportExists(mod, nameAtom, arity)) throw new EtfError("unsafe export", true);
      return new Fun(arity, null, [], mod, name);
    }
    case Kind.Fun: {
      const h = p.extra as FunHeader;
      const [module, oldIndex, oldUniq, pid, ...free] = items;
      if (r.pos !== h.end) throw new EtfError("bad fun size");
      if (!(module instanceof Atom) || typeof oldIndex !== "number" || typeof oldUniq !== "number" || !(pid instanceof Pid)) {
        throw new EtfError("bad fun");
      }
      const wire: FunWire = { arity: h.arity, uniq: h.uniq, index: h.index, module, oldIndex, oldUniq, pid, free };
      if (ctx.funs === undefined) throw new EtfError("cannot decode a fun here");
      return ctx.funs.fromWire(wire);
    }
  }
  throw new EtfError("bad container");
}

function isAtomTerm(t: Term): boolean {
  return t instanceof Atom || t === true || t === false || t === null;
}

function nodeAtom(t: Term): Atom {
  if (t instanceof Atom) return t;
  throw new EtfError("bad node name");
}

function checkFloat(v: number): Float {
  if (!Number.isFinite(v)) throw new EtfError("bad float");
  return new Float(v);
}

function readBig(r: Reader, n: number): Term {
  const sign = r.u8();
  if (sign > 1) throw new EtfError("bad bignum sign");
  const d = r.view8(n);
  let v = 0n;
  // Eight bytes at a time: far fewer bigint operations for large numbers.
  let i = n;
  while (i >= 8) {
    i -= 8;
    let chunk = 0n;
    for (let k = 7; k >= 0; k--) chunk = (chunk << 8n) | BigInt(d[i + k]);
    v = (v << 64n) | chunk;
  }
  while (i > 0) {
    i--;
    v = (v << 8n) | BigInt(d[i]);
  }
  return int(sign ? -v : v);
}

/** An atom tag at the reader; `true`/`false`/`nil` come back as JS values. */
function readAtomTerm(r: Reader, safe: boolean, cache?: Term[]): Term {
  const tag = r.u8();
  let name: string;
  switch (tag) {
    case Tag.Atom:
      name = latin1.decode(r.view8(r.u16()));
      break;
    case Tag.SmallAtom:
      name = latin1.decode(r.view8(r.u8()));
      break;
    case Tag.AtomUtf8:
    case Tag.SmallAtomUtf8: {
      const b = r.view8(tag === Tag.AtomUtf8 ? r.u16() : r.u8());
      try {
        name = utf8Strict.decode(b);
      } catch {
        throw new EtfError("bad atom text");
      }
      break;
    }
    case Tag.AtomCacheRef: {
      const i = r.u8();
      const cached = cache?.[i];
      if (cached === undefined) throw new EtfError("bad atom cache reference");
      return cached;
    }
    default:
      throw new EtfError("expected an atom");
  }
  if ([...name].length > 255) throw new EtfError("atom too long");
  if (safe && !Atom.exists(name)) throw new EtfError("unsafe atom", true);
  return atom(name);
}
