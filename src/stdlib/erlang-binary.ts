// :binary's searching with every option OTP 25 documents (match/3, matches/3, split/3 and
// replace/4 with {scope, part}, global, trim, trim_all, {insert_replaced, positions}),
// integer encodings (decode_unsigned, encode_unsigned), common prefixes and suffixes,
// bin_to_list/2,3, hex encoding and referenced_byte_size. Patterns, copy, part and the
// rest of the module live with String's natives in string.ts (compile_pattern's patterns
// are shared through patternsOf). Subjects are handled as bytes (latin1 strings).
import type { NativeFn } from "../runtime/code.js";
import { BeamError, badArgs } from "../runtime/errors.js";
import { Atom, Bin, Cons, NIL, Term, a, binBytes, binFromBytes, int, isBinary, isBitstring, isInteger, list, listToArray } from "../runtime/term.js";
import { asLatin1, binFromLatin1 } from "./unicode.js";
import { bytePatterns } from "./string.js";
import { pollStep, reserve } from "../runtime/heap-room.js";

type Match = [number, number];

/** The scope {start, length} of an option list, as [from, to) byte offsets; null when absent. */
function optionsOf(opts: Term, allowed: string[], pos: number, size: number): { flags: Set<string>; scope: [number, number] | null; insert: number[] } {
  const items = opts === NIL || opts instanceof Cons ? listToArray(opts) : null;
  const invalid = () => badArgs([[pos, "invalid options"]]);
  if (items === null) throw invalid();
  const flags = new Set<string>();
  let scope: [number, number] | null = null;
  let insert: number[] = [];
  for (const o of items) {
    if (o instanceof Atom && allowed.includes(o.name)) flags.add(o.name);
    else if (Array.isArray(o) && o.length === 2 && o[0] === a("scope") && allowed.includes("scope")) {
      const p = o[1];
      if (!Array.isArray(p) || p.length !== 2 || !isInteger(p[0]) || !isInteger(p[1])) throw invalid();
      const start = Number(p[0]);
      const len = Number(p[1]);
      const [from, to] = len >= 0 ? [start, start + len] : [start + len, start];
      if (from < 0 || to > size || start < 0 || start > size) throw badArgs([[pos, "specified part is not wholly inside binary"]]);
      scope = [from, to];
    } else if (Array.isArray(o) && o.length === 2 && o[0] === a("insert_replaced") && allowed.includes("insert_replaced")) {
      const v = o[1];
      const ps = isInteger(v) ? [v] : listToArray(v);
      if (ps === null || !ps.every((x) => isInteger(x) && x >= 0)) throw invalid();
      insert = ps.map(Number);
    } else throw invalid();
  }
  return { flags, scope, insert };
}

/** Non-overlapping matches, leftmost first and the longest pattern at a position. */
function findAll(s: string, pats: string[], from: number, to: number, global: boolean): Match[] {
  const out: Match[] = [];
  let i = from;
  while (i < to) {
    pollStep();
    let best: Match | null = null;
    for (const p of pats) {
      const j = s.indexOf(p, i);
      if (j < 0 || j + p.length > to) continue;
      if (best === null || j < best[0] || (j === best[0] && p.length > best[1])) best = [j, p.length];
    }
    if (best === null) break;
    out.push(best);
    if (!global) break;
    i = best[0] + best[1];
  }
  return out;
}

function subject(t: Term, fn: string): string {
  if (!isBinary(t)) throw badArgs([[1, "not a binary"]]);
  return asLatin1(t as string | Bin);
}

/** Subject, patterns and options; `shown` are the arguments error frames show. */
function searchArgs(args: Term[], fn: string, allowed: string[], shown: Term[], optPos = 3) {
  const s = subject(args[0], fn);
  const pats = bytePatterns(args[0], args[1], fn, shown);
  const o = optionsOf(args[2] ?? NIL, allowed, optPos, s.length);
  const [from, to] = o.scope ?? [0, s.length];
  return { s, pats, o, from, to };
}

function matches(args: Term[], global: boolean, shown: Term[]): Match[] {
  const { s, pats, from, to } = searchArgs(args, global ? "matches" : "match", ["scope"], shown);
  return findAll(s, pats, from, to, global);
}

function split(args: Term[], shown: Term[]): Term {
  let found;
  try {
    found = searchArgs(args, "split", ["global", "trim", "trim_all", "scope"], shown);
  } catch (e) {
    // split/3 reports a scope outside the subject as invalid options.
    if (e instanceof BeamError && /wholly inside/.test(String((e.reason as { get?: (k: Term) => Term }).get?.(a("message"))))) {
      throw badArgs([[3, "invalid options"]]);
    }
    throw e;
  }
  const { s, pats, o, from, to } = found;
  const ms = findAll(s, pats, from, to, o.flags.has("global"));
  let parts: string[] = [];
  let pos = 0;
  for (const [i, n] of ms) {
    pollStep();
    parts.push(s.slice(pos, i));
    pos = i + n;
  }
  parts.push(s.slice(pos));
  if (o.flags.has("trim_all")) parts = parts.filter((p) => p !== "");
  else if (o.flags.has("trim")) while (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
  let out: Term = NIL;
  for (let k = parts.length - 1; k >= 0; k--) {
    pollStep();
    out = new Cons(binFromLatin1(parts[k]), out);
  }
  return out;
}

/** replace/3,4 run in binary.erl, whose error frames carry its lines. */
function replace(args: Term[], shown: Term[]): Term {
  const line = shown.length === 3 ? 497 : 491;
  try {
    return replaceIn(args, shown);
  } catch (e) {
    if (e instanceof BeamError && e.stacktrace === null) throw atBinaryErl(e, "replace", shown, (e as BeamError & { line?: number }).line ?? line);
    throw e;
  }
}

function replaceIn(args: Term[], shown: Term[]): Term {
  const [, , repl] = args;
  if (!isBinary(args[0])) throw badArgs([[1, "not a binary"]]);
  if (!isBinary(repl)) throw badArgs([[3, "not a binary"]]);
  const { s, pats, o, from, to } = searchArgs([args[0], args[1], args[3] ?? NIL], "replace", ["global", "scope", "insert_replaced"], shown, 4);
  const r = asLatin1(repl as string | Bin);
  if (o.insert.some((p) => p > r.length)) throw Object.assign(badArgs([[4, "invalid options"]]), { line: 494 });
  const ms = findAll(s, pats, from, to, o.flags.has("global"));
  let out = "";
  let pos = 0;
  for (const [i, n] of ms) {
    pollStep();
    const matched = s.slice(i, i + n);
    let piece = "";
    let last = 0;
    for (const p of [...o.insert].sort((x, y) => x - y)) {
      piece += r.slice(last, p) + matched;
      last = p;
    }
    out += s.slice(pos, i) + piece + r.slice(last);
    pos = i + n;
  }
  return binFromLatin1(out + s.slice(pos));
}

function endianness(t: Term): boolean {
  if (t === a("big")) return false;
  if (t === a("little")) return true;
  throw badArgs([[2, "must be 'big' or 'little'"]]);
}

function decodeUnsigned(b: Term, e: Term): Term {
  if (!isBitstring(b)) throw badArgs([[1, "not a binary"]]);
  if (!isBinary(b)) throw badArgs([[1, "is a bitstring (expected a binary)"]]);
  const little = endianness(e);
  const bytes = binBytes(b as string | Bin);
  let n = 0n;
  const ordered = little ? Array.from(bytes).reverse() : Array.from(bytes);
  for (const x of ordered) n = (n << 8n) | BigInt(x);
  return int(n);
}

function encodeUnsigned(n: Term, e: Term): Term {
  if (!isInteger(n) || n < 0) throw badArgs([[1, isInteger(n) ? "out of range" : "not an integer"]]);
  const little = endianness(e);
  let v = BigInt(n);
  const out: number[] = [];
  do {
    out.unshift(Number(v & 0xffn));
    v >>= 8n;
  } while (v > 0n);
  return binFromBytes(Uint8Array.from(little ? out.reverse() : out));
}

/** The binaries of a longest_common_prefix/suffix argument. */
function binaryList(t: Term): string[] {
  const xs = t === NIL || t instanceof Cons ? listToArray(t) : null;
  if (xs === null || xs.length === 0 || !xs.every(isBinary)) throw badArgs([[1, "not a flat list of binaries"]]);
  return xs.map((x) => asLatin1(x));
}

function commonLength(xs: string[], fromEnd: boolean): number {
  let n = 0;
  const min = Math.min(...xs.map((x) => x.length));
  const at = (x: string, i: number) => (fromEnd ? x[x.length - 1 - i] : x[i]);
  while (n < min && xs.every((x) => at(x, n) === at(xs[0], n))) n++;
  return n;
}

function binToList(args: Term[], start: Term, len: Term): Term {
  const [b] = args;
  if (!isBinary(b)) throw badArgs([[1, "not a binary"]]);
  const bytes = binBytes(b as string | Bin);
  if (!isInteger(start) || !isInteger(len)) throw badArgs([[2, "not a valid part"]]);
  const s = Number(start);
  const l = Number(len);
  const [from, to] = l >= 0 ? [s, s + l] : [s + l, s];
  if (from < 0 || to > bytes.length || s > bytes.length) {
    const err = badArgs([[args.length === 2 ? 2 : 3, "out of range"]]);
    if (args.length === 3) atBinaryErl(err, "bin_to_list", args, 497);
    throw err;
  }
  return list(Array.from(bytes.subarray(from, to)));
}

function atBinaryErl(err: BeamError, fn: string, args: Term[], line: number): BeamError {
  err.stacktrace = list([[a("binary"), a(fn), list(args), list([[a("file"), list(Array.from("binary.erl", (c) => c.charCodeAt(0)))], [a("line"), line]])]]);
  return err;
}

const HEX_DIGITS = new TextEncoder().encode("0123456789ABCDEF");

/** encode_hex/1's upper-case digits, two a byte, polling for Ctrl+C along the way. */
function encodeHex(bytes: Uint8Array): Term {
  reserve(bytes.length * 2);
  const out = new Uint8Array(bytes.length * 2);
  for (let i = 0; i < bytes.length; i++) {
    pollStep();
    out[2 * i] = HEX_DIGITS[bytes[i] >> 4];
    out[2 * i + 1] = HEX_DIGITS[bytes[i] & 15];
  }
  return binFromBytes(out);
}

function decodeHex(args: Term[]): Term {
  const [h] = args;
  if (!isBinary(h)) throw badArgs([[1, "not a binary"]]);
  const s = asLatin1(h as string | Bin);
  if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) throw atBinaryErl(badArgs([[1, "must contain an even number of bytes"]]), "decode_hex", args, 494);
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) {
    pollStep();
    out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  }
  return binFromBytes(out);
}

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "binary",
  fns: {
    "match/2": (args) => matches([...args, NIL], false, args)[0] ?? a("nomatch"),
    "match/3": (args) => matches(args, false, args)[0] ?? a("nomatch"),
    "matches/2": (args) => list(matches([...args, NIL], true, args)),
    "matches/3": (args) => list(matches(args, true, args)),
    "split/2": (args) => split([...args, NIL], args),
    "split/3": (args) => split(args, args),
    "replace/3": (args) => replace([...args, NIL], args),
    "replace/4": (args) => replace(args, args),
    "decode_unsigned/1": ([b]) => decodeUnsigned(b, a("big")),
    "decode_unsigned/2": ([b, e]) => decodeUnsigned(b, e),
    "encode_unsigned/1": ([n]) => encodeUnsigned(n, a("big")),
    "encode_unsigned/2": ([n, e]) => encodeUnsigned(n, e),
    "longest_common_prefix/1": ([l]) => commonLength(binaryList(l), false),
    "longest_common_suffix/1": ([l]) => commonLength(binaryList(l), true),
    "bin_to_list/2": (args) => {
      const p = args[1];
      if (!Array.isArray(p) || p.length !== 2) throw badArgs([[2, "not a valid part"]]);
      return binToList(args, p[0], p[1]);
    },
    "bin_to_list/3": (args) => binToList(args, args[1], args[2]),
    "referenced_byte_size/1": ([b]) => {
      if (!isBinary(b)) throw badArgs([[1, "not a binary"]]);
      return binBytes(b as string | Bin).length;
    },
    "encode_hex/1": ([b]) => {
      if (!isBinary(b)) throw badArgs([[1, "not a binary"]]);
      return encodeHex(binBytes(b as string | Bin));
    },
    "decode_hex/1": (args) => decodeHex(args),
  },
};
