// :zlib on Node's zlib (the same library OTP links, so the bytes are the BEAM's): the
// one-shot compress/uncompress, zip/unzip (raw deflate) and gzip/gunzip, and z streams
// (open, deflateInit/inflateInit, deflate/inflate with flush modes, safeInflate, reset,
// end, close, checksums). A z stream is a reference; its Node zlib handle lives in a side
// table and is driven one synchronous write at a time, so a stream keeps its state across
// calls as zlib's does.
import * as nodeZlib from "node:zlib";
import type { NativeFn, ProcLike } from "../runtime/code.js";
import { BeamError, argumentError, raise } from "../runtime/errors.js";
import type { Process } from "../runtime/process.js";
import { Atom, NIL, Ref, Term, a, binFromBytes, int, isInteger, list } from "../runtime/term.js";
import { iodataBytes } from "./unicode.js";
import { adler32, crc32 } from "./erlang-system.js";
import { adler32Combine, crc32Combine } from "./erlang-misc.js";

const C = nodeZlib.constants;
const OUT = 16384;

/** The low-level handle Node keeps behind a zlib stream object (driven synchronously). */
interface Handle {
  writeSync(flush: number, input: Uint8Array, inOff: number, inLen: number, out: Uint8Array, outOff: number, outLen: number): void;
  onerror: (message: string, errno: number) => void;
}
interface NodeStream {
  _handle: Handle | null;
  _writeState: Uint32Array;
  close(): void;
}

type Frame = [string, string, Term[] | number];

function erlangError(reason: string, frames: Frame[]): BeamError {
  const e = raise("ErlangError", { original: a(reason) });
  return framed(e, frames);
}

function framed(e: BeamError, frames: Frame[]): BeamError {
  e.stacktrace = list(frames.map(([m, f, x]) => [a(m), a(f), Array.isArray(x) ? list(x) : x, NIL]));
  return e;
}

/** Data as zlib takes it: iodata, else iolist_to_iovec's error below the calling functions. */
function input(t: Term, callers: Frame[]): Uint8Array {
  const b = iodataBytes(t);
  if (b === null) {
    const e = argumentError("errors were found at the given arguments:\n\n  * 1st argument: not an iodata term\n");
    throw framed(e, [["erlang", "iolist_to_iovec", [t]], ...callers]);
  }
  return b;
}

/** A zlib stream's state: which direction is initialised, and Node's stream doing the work. */
interface ZState {
  mode: "none" | "deflate" | "inflate";
  s: NodeStream | null;
  opts: nodeZlib.ZlibOptions;
  kind: "zlib" | "raw" | "gzip" | "auto";
  finished: boolean;
  closed: boolean;
  error: string | null;
  /** Output produced by deflateParams' flush, returned by the next deflate. */
  pending: Uint8Array[];
}

const streams = new WeakMap<Ref, ZState>();

function newStream(st: ZState): NodeStream {
  const make = st.mode === "deflate"
    ? { zlib: nodeZlib.createDeflate, raw: nodeZlib.createDeflateRaw, gzip: nodeZlib.createGzip, auto: nodeZlib.createDeflate }[st.kind]
    : { zlib: nodeZlib.createInflate, raw: nodeZlib.createInflateRaw, gzip: nodeZlib.createGunzip, auto: nodeZlib.createUnzip }[st.kind];
  const s = make(st.opts) as unknown as NodeStream;
  s._handle!.onerror = (message: string) => {
    st.error = message;
  };
  return s;
}

/** Feeds `data` with `flush` through the stream; the output chunks, or the zlib error's name. */
function run(st: ZState, data: Uint8Array, flush: number): Uint8Array[] | "data_error" | "stream_error" {
  const h = st.s?._handle;
  if (h === undefined || h === null) return "stream_error";
  const out: Uint8Array[] = [];
  let off = 0;
  let avail = data.length;
  for (;;) {
    const buf = new Uint8Array(OUT);
    st.error = null;
    h.writeSync(flush, data, off, avail, buf, 0, OUT);
    if (st.error !== null) return "data_error";
    const [availOut, availIn] = st.s!._writeState;
    if (availOut < OUT) out.push(buf.subarray(0, OUT - availOut));
    off += avail - availIn;
    avail = availIn;
    if (availOut !== 0) break;
  }
  return out;
}

function zstate(z: Term, frames: Frame[]): ZState {
  const st = z instanceof Ref ? streams.get(z) : undefined;
  if (st === undefined) throw framed(argumentError(), frames);
  if (st.closed) throw erlangError("not_initialized", frames);
  return st;
}

const LEVELS: Record<string, number> = { none: 0, default: -1, best_compression: 9, best_speed: 1 };
const STRATEGIES: Record<string, number> = { default: C.Z_DEFAULT_STRATEGY, filtered: C.Z_FILTERED, huffman_only: C.Z_HUFFMAN_ONLY, rle: C.Z_RLE };
const FLUSHES: Record<string, number> = { none: C.Z_NO_FLUSH, sync: C.Z_SYNC_FLUSH, full: C.Z_FULL_FLUSH, finish: C.Z_FINISH };

function level(t: Term): number | null {
  if (t instanceof Atom && t.name in LEVELS) return LEVELS[t.name];
  if (isInteger(t) && t >= 0 && t <= 9) return Number(t);
  return null;
}

/** windowBits as zlib reads them: 8..15 zlib, -8..-15 raw, 24..31 gzip (inflate: 40..47 either). */
function windowKind(w: number): ["zlib" | "raw" | "gzip" | "auto", number] | null {
  if (w >= 8 && w <= 15) return ["zlib", w];
  if (w <= -8 && w >= -15) return ["raw", -w];
  if (w >= 24 && w <= 31) return ["gzip", w - 16];
  if (w >= 40 && w <= 47) return ["auto", w - 32];
  return null;
}

function init(z: Term, mode: "deflate" | "inflate", opts: nodeZlib.ZlibOptions, kind: ZState["kind"], fun: string, args: Term[]): Term {
  const st = zstate(z, [["zlib", fun, args]]);
  if (st.mode !== "none") throw erlangError("already_initialized", [["zlib", fun, args]]);
  Object.assign(st, { mode, opts, kind, finished: false });
  st.s = newStream(st);
  return a("ok");
}

/** zlib.erl's argument checks: each failure an ErlangError of its own reason, below `caller`. */
function arg<T>(value: T | null, reason: string, check: string, caller: Frame): T {
  if (value === null) throw erlangError(reason, [["zlib", check, 1], caller]);
  return value;
}

function deflateInit(args: Term[]): Term {
  const [z, lv = a("default"), method = a("deflated"), wbits = 15, mem = 8, strat = a("default")] = args;
  const caller: Frame = ["zlib", "deflateInit", 6];
  const l = arg(level(lv), "bad_compression_level", "arg_level", caller);
  arg(method === a("deflated") ? true : null, "bad_compression_method", "arg_method", caller);
  const w = arg(isInteger(wbits) ? windowKind(Number(wbits)) : null, "bad_windowbits", "arg_bitsz", caller);
  const m = arg(isInteger(mem) && mem >= 1 && mem <= 9 ? Number(mem) : null, "bad_memlevel", "arg_mem", caller);
  const st = arg(strat instanceof Atom && strat.name in STRATEGIES ? STRATEGIES[strat.name] : null, "bad_compression_strategy", "arg_strategy", caller);
  if (w[0] === "auto") throw framed(argumentError(), [["zlib", "deflateInit_nif", [z, l, 8, wbits, m, st]], caller]);
  const opts: nodeZlib.ZlibOptions = { level: l, windowBits: w[1] === 8 ? 9 : w[1], memLevel: m, strategy: st };
  return init(z, "deflate", opts, w[0], "deflateInit", args);
}

function inflateInit(args: Term[]): Term {
  const [z, wbits = 15, eos = a("cut")] = args;
  const caller: Frame = ["zlib", "inflateInit", 3];
  const w = arg(isInteger(wbits) ? windowKind(Number(wbits)) : null, "bad_windowbits", "arg_bitsz", caller);
  arg(eos instanceof Atom && ["error", "reset", "cut"].includes(eos.name) ? true : null, "bad_eos_behavior", "arg_eos_behavior", caller);
  return init(z, "inflate", { windowBits: w[1] }, w[0], "inflateInit", args);
}

const bins = (chunks: Uint8Array[]): Term => list(chunks.map((c) => binFromBytes(c)));

function deflate(args: Term[]): Term {
  const [z, d, flush = a("none")] = args;
  const frames: Frame[] = [["zlib", "deflate", args]];
  const st = zstate(z, frames);
  if (st.mode !== "deflate") throw erlangError("not_initialized", [["zlib", "deflate_nif", 4], ["zlib", "deflate", 3]]);
  if (!(flush instanceof Atom) || !(flush.name in FLUSHES)) throw erlangError("bad_flush_mode", [["zlib", "arg_flush", 1], ["zlib", "deflate_opts", 1], ["zlib", "deflate", 3]]);
  const data = input(d, [["zlib", "enqueue_input", 2], ["zlib", "deflate", 3]]);
  const out = run(st, data, FLUSHES[flush.name]);
  if (typeof out === "string") throw erlangError(out, [["zlib", "deflate", 3]]);
  if (flush.name === "finish") st.finished = true;
  // As zlib.erl's append_iolist: the saved progress is one nested list before the new chunks.
  const progress = st.pending.splice(0);
  return progress.length === 0 ? bins(out) : list([bins(progress), ...out.map((c) => binFromBytes(c))]);
}

function inflateChunks(st: ZState, z: Term, data: Uint8Array, callers: Frame[]): Uint8Array[] {
  const out = run(st, data, C.Z_SYNC_FLUSH);
  if (typeof out === "string") {
    throw erlangError(out, [["zlib", "inflate_nif", [z, 8192, 16384, 0]], ["zlib", "dequeue_all_chunks_1", 3], ["zlib", "inflate", 3], ...callers]);
  }
  return out;
}

function inflate(args: Term[]): Term {
  const [z, d] = args;
  const frames: Frame[] = [["zlib", "inflate", args]];
  const st = zstate(z, frames);
  if (st.mode !== "inflate") throw erlangError("not_initialized", [["zlib", "inflate_nif", 4], ["zlib", "inflate", 3]]);
  const data = input(d, [["zlib", "enqueue_input", 2], ["zlib", "inflate", 3]]);
  return bins(inflateChunks(st, z, data, []));
}

function end(z: Term, fun: string, mode: ZState["mode"]): Term {
  const st = zstate(z, [["zlib", fun, [z]]]);
  if (st.mode !== mode) throw erlangError("not_initialized", [["zlib", fun + "_nif", [z]], ["zlib", fun, 1]]);
  st.s?.close();
  st.s = null;
  st.mode = "none";
  return a("ok");
}

function reset(z: Term, fun: string, mode: ZState["mode"]): Term {
  const st = zstate(z, [["zlib", fun, [z]]]);
  if (st.mode !== mode) throw erlangError("not_initialized", [["zlib", fun + "_nif", [z]], ["zlib", fun, 1]]);
  st.s?.close();
  st.s = newStream(st);
  st.finished = false;
  return a("ok");
}

// ---------------------------------------------------------------------------
// Checksums (the same functions as :erlang.crc32/adler32 and their _combine)

function checksum(args: Term[], fun: string, f: (prev: number, b: Uint8Array) => number, init: number): Term {
  const [z, ...rest] = args;
  zstate(z, [["zlib", fun, args]]);
  const [prev, d] = rest.length === 1 ? [init, rest[0]] : rest;
  if (!isInteger(prev) || prev < 0) throw framed(argumentError(), [["zlib", fun, args]]);
  return int(f(Number(prev), input(d, [["zlib", fun, args.length]])));
}

// ---------------------------------------------------------------------------
// One-shot functions

function oneShot(fun: string, t: Term, make: (b: Uint8Array) => Buffer, decompress: boolean): Term {
  const b = decompress ? iodataBytes(t) : input(t, [["zlib", "enqueue_input", 2], ["zlib", "deflate", 3], ["zlib", fun, 1]]);
  if (b === null) throw framed(argumentError(), [["zlib", fun, 1]]);
  try {
    return binFromBytes(new Uint8Array(make(b)));
  } catch {
    throw erlangError("data_error", [["zlib", fun, 1]]);
  }
}

function newRef(p: ProcLike): Ref {
  const r = (p as Process).rt.makeRef();
  streams.set(r, { mode: "none", s: null, opts: {}, kind: "zlib", finished: false, closed: false, error: null, pending: [] });
  return r;
}

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "zlib",
  fns: {
    "compress/1": ([t]) => oneShot("compress", t, (b) => nodeZlib.deflateSync(b), false),
    "uncompress/1": ([t]) => oneShot("uncompress", t, (b) => nodeZlib.inflateSync(b), true),
    "zip/1": ([t]) => oneShot("zip", t, (b) => nodeZlib.deflateRawSync(b), false),
    "unzip/1": ([t], p) => {
      const b = iodataBytes(t);
      if (b === null) throw framed(argumentError(), [["zlib", "unzip", 1]]);
      try {
        return binFromBytes(new Uint8Array(nodeZlib.inflateRawSync(b)));
      } catch {
        throw erlangError("data_error", [["zlib", "inflateEnd_nif", [newRef(p)]], ["zlib", "unzip", 1]]);
      }
    },
    "gzip/1": ([t]) => oneShot("gzip", t, (b) => nodeZlib.gzipSync(b), false),
    "gunzip/1": ([t], p) => {
      const b = iodataBytes(t);
      if (b === null) throw framed(argumentError(), [["zlib", "gunzip", 1]]);
      try {
        return binFromBytes(new Uint8Array(nodeZlib.gunzipSync(b)));
      } catch {
        const frames: Frame[] = [["zlib", "inflate_nif", [newRef(p), 8192, 16384, 0]], ["zlib", "dequeue_all_chunks_1", 3], ["zlib", "inflate", 3], ["zlib", "gunzip", 1]];
        throw erlangError("data_error", frames);
      }
    },
    "open/0": (_a, p) => newRef(p),
    "close/1": ([z]) => {
      const st = zstate(z, [["zlib", "close_nif", [z]]]);
      st.s?.close();
      st.s = null;
      st.closed = true;
      return a("ok");
    },
    "set_controlling_process/2": ([z]) => (zstate(z, [["zlib", "set_controlling_process", 2]]), a("ok")),
    "deflateInit/1": (args) => deflateInit(args),
    "deflateInit/2": (args) => deflateInit(args),
    "deflateInit/6": (args) => deflateInit(args),
    "deflate/2": (args) => deflate(args),
    "deflate/3": (args) => deflate(args),
    "deflateReset/1": ([z]) => reset(z, "deflateReset", "deflate"),
    "deflateParams/3": (args) => {
      const [z, lv, strat] = args;
      const st = zstate(z, [["zlib", "deflateParams", args]]);
      const l = level(lv);
      arg(l, "bad_compression_level", "arg_level", ["zlib", "deflateParams", 3]);
      arg(strat instanceof Atom && strat.name in STRATEGIES ? true : null, "bad_compression_strategy", "arg_strategy", ["zlib", "deflateParams", 3]);
      if (st.mode !== "deflate") throw erlangError("not_initialized", [["zlib", "deflateParams", args]]);
      // As zlib.erl: flush what is pending (kept for the next deflate), then change parameters.
      const progress = run(st, new Uint8Array(0), C.Z_SYNC_FLUSH);
      if (typeof progress === "string") throw erlangError(progress, [["zlib", "deflateParams", 3]]);
      st.pending.push(...progress);
      (st.s!._handle as unknown as { params(level: number, strategy: number): void }).params(l!, STRATEGIES[(strat as Atom).name]);
      return a("ok");
    },
    "deflateEnd/1": ([z]) => end(z, "deflateEnd", "deflate"),
    "inflateInit/1": (args) => inflateInit(args),
    "inflateInit/2": (args) => inflateInit(args),
    "inflateInit/3": (args) => inflateInit(args),
    "inflate/2": (args) => inflate(args),
    "inflate/3": ([z, d]) => inflate([z, d]),
    "safeInflate/2": (args) => {
      const [z, d] = args;
      const st = zstate(z, [["zlib", "safeInflate", args]]);
      if (st.mode !== "inflate") throw erlangError("not_initialized", [["zlib", "inflate_nif", 4], ["zlib", "safeInflate", 2]]);
      const data = input(d, [["zlib", "enqueue_input", 2], ["zlib", "safeInflate", 2]]);
      const out = run(st, data, C.Z_SYNC_FLUSH);
      if (typeof out === "string") throw erlangError(out, [["zlib", "inflate_nif", [z, 8192, 16384, 0]]]);
      // All the input is inflated at once, so the output is always complete.
      return [a("finished"), bins(out)];
    },
    "inflateReset/1": ([z]) => reset(z, "inflateReset", "inflate"),
    "inflateEnd/1": ([z]) => end(z, "inflateEnd", "inflate"),
    "crc32/2": (args) => checksum(args, "crc32", crc32, 0),
    "crc32/3": (args) => checksum(args, "crc32", crc32, 0),
    "adler32/2": (args) => checksum(args, "adler32", adler32, 1),
    "adler32/3": (args) => checksum(args, "adler32", adler32, 1),
    "crc32_combine/4": ([z, c1, c2, n]) => (zstate(z, [["zlib", "crc32_combine", 4]]), combine(c1, c2, n, crc32Combine)),
    "adler32_combine/4": ([z, a1, a2, n]) => (zstate(z, [["zlib", "adler32_combine", 4]]), combine(a1, a2, n, adler32Combine)),
  },
};

function combine(x: Term, y: Term, n: Term, f: (x: number, y: number, n: number) => number): Term {
  if (!isInteger(x) || !isInteger(y) || !isInteger(n) || x < 0 || y < 0 || n < 0) throw argumentError();
  return int(f(Number(x), Number(y), Number(n)));
}

