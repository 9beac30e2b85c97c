// :binary's searching with every option OTP 25 documents (match/3, matches/3, split/3 and
// replace/4 with {scope, part}, global, trim, trim_all, {insert_replaced, positions}),
// integer encodings (decode_unsigned, encode_unsigned), common prefixes and suffixes,
// bin_to_list/2,3, hex encoding and referenced_byte_size. Patterns, copy, part and the
// rest of the module live with String's natives in string.ts (compile_pattern's patterns
// are shared through patternsOf). Subjects are handled as bytes (latin1 strings).
import type { NativeFn } from "../runtime/code.js";
import { BeamError, badArgs } from "../runtime/errors.js";
import { MapTerm } from "../runtime/map.js";
import { Atom, Bin, Cons, NIL, Term, a, binBytes, binFromBytes, int, isBinary, isBitstring, isInteger, list, listToArray } from "../runtime/term.js";
import { asLatin1, binFromLatin1 } from "./unicode.js";
import { bytePatterns } from "./string.js";
import { natives as erlang } from "./erlang.js";
import { locatedEntries } from "./library-frames.js";
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
  if (s.length === 0) {
    // OTP's BIFs answer an empty subject before they look at the pattern (not before its
    // options): `:binary.match("", 1)` is :nomatch; a bad option fails as it always does.
    try {
      const o = optionsOf(args[2] ?? NIL, allowed, optPos, 0);
      return { s, pats: [] as string[], o, from: 0, to: 0 };
    } catch {
      // (the errors as the checks below raise them)
    }
  }
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

/**
 * replace/3,4 run in binary.erl, whose error frames carry its lines: options it cannot read
 * raise with the cause badopt (badarg_with_cause), every other failure plainly
 * (badarg_with_info); replace/3 re-raises its replace/4's error for its own arguments.
 */
function replace(args: Term[]): Term {
  if (args.length === 4) return replaceIn(args);
  try {
    return replaceIn([...args, NIL]);
  } catch (e) {
    if (e instanceof BeamError) throw atBinaryErl(badArgs([]), "replace", args, ERROR_WITH_INFO, true);
    throw e;
  }
}

/** binary.erl's get_opts_replace/2: the options' shape alone (their values are judged later). */
function replaceOptionsReadable(opts: Term): boolean {
  let o = opts;
  while (o instanceof Cons) {
    const x = o.h;
    const ok = x === a("global")
      || (Array.isArray(x) && x.length === 2 && x[0] === a("scope") && Array.isArray(x[1]) && x[1].length === 2)
      || (Array.isArray(x) && x.length === 2 && x[0] === a("insert_replaced"));
    if (!ok) return false;
    o = o.t;
  }
  return o === NIL;
}

function replaceIn(args: Term[]): Term {
  const [subj, , repl, opts] = args;
  const fail = () => atBinaryErl(badArgs([]), "replace", args, WITH_INFO);
  if (!isBinary(repl)) throw fail();
  if (!replaceOptionsReadable(opts)) {
    const err = badArgs([]);
    (err as BeamError & { cause?: Term }).cause = a("badopt");
    throw atBinaryErl(err, "replace", args, WITH_CAUSE);
  }
  let found;
  try {
    found = searchArgs([subj, args[1], opts], "replace", ["global", "scope", "insert_replaced"], args, 4);
  } catch (e) {
    if (e instanceof BeamError) throw fail();
    throw e;
  }
  const { s, pats, o, from, to } = found;
  const r = asLatin1(repl as string | Bin);
  const ms = findAll(s, pats, from, to, o.flags.has("global"));
  if (o.insert.some((p) => p > r.length)) throw fail();
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

/** The lines of binary.erl's raising helpers (OTP 25): badarg_with_cause, badarg_with_info, error_with_info. */
const WITH_CAUSE = 491;
const WITH_INFO = 494;
const ERROR_WITH_INFO = 497;

/** bin_to_list/3 as binary.erl runs it: a badarg raised at `line` of binary.erl for its own arguments. */
function binToList3(b: Term, start: Term, len: Term): Term {
  const args = [b, start, len];
  if (!isBinary(b) || !isInteger(start) || !isInteger(len)) throw atBinaryErl(badArgs([]), "bin_to_list", args, WITH_INFO);
  const bytes = binBytes(b as string | Bin);
  const s = Number(start);
  const l = Number(len);
  if (l === 0) {
    if (s >= 0 && s <= bytes.length) return NIL;
    throw atBinaryErl(badArgs([]), "bin_to_list", args, WITH_INFO);
  }
  // (a negative length: the part before Pos, its failure re-raised for these arguments)
  const [from, to] = l > 0 ? [s, s + l] : [s + l, s];
  if (from < 0 || to > bytes.length) throw atBinaryErl(badArgs([]), "bin_to_list", args, ERROR_WITH_INFO);
  return list(Array.from(bytes.subarray(from, to)));
}

function binToList2(b: Term, p: Term): Term {
  if (!Array.isArray(p) || p.length !== 2) throw atBinaryErl(badArgs([]), "bin_to_list", [b, p], WITH_INFO);
  try {
    return binToList3(b, p[0], p[1]);
  } catch (e) {
    if (e instanceof BeamError) throw atBinaryErl(badArgs([]), "bin_to_list", [b, p], ERROR_WITH_INFO, true);
    throw e;
  }
}

function atBinaryErl(err: BeamError, fn: string, args: Term[], line: number, again = false): BeamError {
  if (again) err.stacktrace = null;
  if (err.stacktrace !== null) return err;
  // (explained here: explained() below sees the arguments of the function called, not these)
  explainBinaryError(err, fn, args);
  (err as BeamError & { explained?: boolean }).explained = true;
  const entry: Term[] = [a("binary"), a(fn), list(args), list([[a("file"), list(Array.from("binary.erl", (c) => c.charCodeAt(0)))], [a("line"), line]])];
  // (the line is the raise's own: library-frames keeps it rather than the function's first raise)
  locatedEntries.add(entry);
  err.stacktrace = list([entry]);
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

const isHexDigit = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

function decodeHex(args: Term[]): Term {
  const [h] = args;
  if (!isBinary(h)) throw atBinaryErl(badArgs([]), "decode_hex", args, WITH_INFO);
  const bytes = binBytes(h as string | Bin);
  if (bytes.length % 2 !== 0) throw atBinaryErl(badArgs([]), "decode_hex", args, WITH_INFO);
  const out = new Uint8Array(bytes.length / 2);
  for (let i = 0; i < out.length; i++) {
    pollStep();
    const [x, y] = [bytes[2 * i], bytes[2 * i + 1]];
    if (!isHexDigit(x) || !isHexDigit(y)) {
      // binary.erl's unhex/1 fails on the pair, inside decode_hex/1's comprehension
      const pair = binFromBytes(Uint8Array.of(x, y));
      const err = atBinaryErl(badArgs([]), "unhex", [pair], WITH_INFO);
      const inner: Term[] = [a("binary"), a("-decode_hex/1-lbc$^0/2-0-"), 2, list([[a("file"), list(Array.from("binary.erl", (c) => c.charCodeAt(0)))], [a("line"), 415]])];
      locatedEntries.add(inner);
      err.stacktrace = new Cons((err.stacktrace as Cons).h, list([inner]));
      throw err;
    }
    out[i] = parseInt(String.fromCharCode(x, y), 16);
  }
  return binFromBytes(out);
}

// ---------------------------------------------------------------------------
// What was wrong with each argument of a failed :binary function, as OTP 25's
// erl_stdlib_errors judges them (format_binary_error): every argument on its own, from the
// arguments alone, whichever one the function tripped over first.

type Verdict = string | null;
const NOT_BINARY = "not a binary";
const BITSTRING = "is a bitstring (expected a binary)";
const RANGE = "out of range";
const NOT_INTEGER = "not an integer";
const BAD_OPTIONS = "invalid options";
const BAD_PATTERN = "not a valid pattern";

const mustBeBinary = (t: Term): Verdict => (isBinary(t) ? null : isBitstring(t) ? BITSTRING : NOT_BINARY);
const mustBeInteger = (t: Term): Verdict => (isInteger(t) ? null : NOT_INTEGER);
const mustBeNonNeg = (t: Term): Verdict => (!isInteger(t) ? NOT_INTEGER : t < 0 ? RANGE : null);
const mustBePosition = mustBeNonNeg;
const mustBeEndianness = (t: Term): Verdict => (t === a("big") || t === a("little") ? null : "must be 'big' or 'little'");
/** A pattern binary:match(<<"a">>, P) accepts. */
function mustBePattern(p: Term): Verdict {
  try {
    matches(["a", p, NIL], false, ["a", p]);
    return null;
  } catch (e) {
    if (e instanceof BeamError) return BAD_PATTERN;
    throw e;
  }
}

/** No explanation at all: Elixir's plain "argument error". */
const PLAIN: Verdict[] = [];

function partVerdicts(args: Term[]): Verdict[] {
  if (args.length === 2) {
    const p = args[1];
    if (Array.isArray(p) && p.length === 2 && isInteger(p[0]) && isInteger(p[1])) {
      const v = partVerdicts([args[0], p[0], p[1]]);
      // (a start beyond the end: [[], range] matches neither of erl_stdlib_errors' cases, its
      // formatter fails and the error reads as a plain argument error)
      if (v.length === 2) return PLAIN;
      return v[1] === null && v[2] === null ? [v[0]] : [v[0], RANGE];
    }
    return [mustBeBinary(args[0]), "not a valid {Pos,Length} tuple"];
  }
  const [b, pos, len] = args;
  const errors = [mustBeBinary(b), mustBePosition(pos), mustBeInteger(len)];
  if (errors.some((e) => e !== null)) return errors;
  return pos > binBytes(b as string | Bin).length ? [null, RANGE] : [null, null, RANGE];
}

function binaryVerdicts(fn: string, args: Term[], cause: Term | undefined): Verdict[] {
  const [x, y] = args;
  switch (`${fn}/${args.length}`) {
    case "at/2": return [mustBeBinary(x), mustBePosition(y)];
    case "bin_to_list/1": case "copy/1": case "decode_unsigned/1": case "referenced_byte_size/1": case "encode_hex/1":
      return [mustBeBinary(x)];
    case "bin_to_list/2": case "bin_to_list/3": case "part/2": case "part/3": return partVerdicts(args);
    case "compile_pattern/1": return [BAD_PATTERN];
    case "copy/2": return [mustBeBinary(x), mustBeNonNeg(y)];
    case "decode_unsigned/2": return [mustBeBinary(x), mustBeEndianness(y)];
    case "encode_unsigned/1": return [mustBeNonNeg(x)];
    case "encode_unsigned/2": return [mustBeNonNeg(x), mustBeEndianness(y)];
    case "encode_hex/2": return [mustBeBinary(x), y === a("uppercase") || y === a("lowercase") ? null : "not uppercase or lowercase"];
    case "decode_hex/1":
      return [isBinary(x) && binBytes(x as string | Bin).length % 2 === 1 ? "must contain an even number of bytes" : mustBeBinary(x)];
    case "unhex/1": return [`${asLatin1(x as string | Bin)} is not a valid hex`];
    case "first/1": case "last/1": return [isBinary(x) && binBytes(x as string | Bin).length === 0 ? "a zero-sized binary is not allowed" : mustBeBinary(x)];
    case "list_to_bin/1": return ["not an iodata term"];
    case "longest_common_prefix/1": case "longest_common_suffix/1": return ["not a flat list of binaries"];
    case "match/2": case "matches/2": case "split/2": return [mustBeBinary(x), mustBePattern(y)];
    case "match/3": case "matches/3": {
      const errors = [mustBeBinary(x), mustBePattern(y)];
      if (errors.some((e) => e !== null)) return errors;
      const o = listToArray(args[2]);
      const scope = o !== null && o.length === 1 && Array.isArray(o[0]) && o[0].length === 2 && o[0][0] === a("scope") && Array.isArray(o[0][1]) && o[0][1].length === 2 && isInteger(o[0][1][0]) && isInteger(o[0][1][1]);
      return [null, null, scope ? "specified part is not wholly inside binary" : BAD_OPTIONS];
    }
    case "split/3": {
      const errors = [mustBeBinary(x), mustBePattern(y)];
      return errors.some((e) => e !== null) ? errors : [null, null, BAD_OPTIONS];
    }
    case "replace/3": return [mustBeBinary(x), mustBePattern(y), mustBeBinary(args[2])];
    case "replace/4": {
      const errors = [mustBeBinary(x), mustBePattern(y), mustBeBinary(args[2])];
      if (cause === a("badopt")) return [...errors, BAD_OPTIONS];
      return errors.some((e) => e !== null) ? errors : [null, null, null, BAD_OPTIONS];
    }
  }
  return [];
}

const ORDINALS = ["1st", "2nd", "3rd"];
const MESSAGE = a("message");
const HEADER = "errors were found at the given arguments:\n\n";

/** An ArgumentError of :binary.fn(args) with every argument explained, as erl_stdlib_errors does (in place). */
export function explainBinaryError(err: BeamError, fn: string, args: Term[]): BeamError {
  const r = err.reason;
  if (!(r instanceof MapTerm) || r.get(a("__struct__")) !== a("Elixir.ArgumentError")) return err;
  const message = r.get(MESSAGE);
  if (typeof message !== "string" || !(message.startsWith(HEADER) || message === "argument error")) return err;
  const lines = binaryVerdicts(fn, args, (err as { cause?: Term }).cause)
    .map((v, i) => (v === null ? "" : `  * ${ORDINALS[i] ?? `${i + 1}th`} argument: ${v}\n`))
    .join("");
  (err as { reason: Term }).reason = r.put(MESSAGE, lines === "" ? "argument error" : HEADER + lines);
  return err;
}

/** :binary's natives, their ArgumentErrors explained as erl_stdlib_errors does. */
export function explained(fns: Record<string, NativeFn>): Record<string, NativeFn> {
  const out: Record<string, NativeFn> = {};
  for (const [key, f] of Object.entries(fns)) {
    const name = key.slice(0, key.lastIndexOf("/"));
    out[key] = (args, p) => {
      try {
        return f(args, p);
      } catch (e) {
        if (e instanceof BeamError && e.kind === "error" && (e as BeamError & { explained?: boolean }).explained !== true) explainBinaryError(e, name, args);
        throw e;
      }
    };
  }
  return out;
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
    "replace/3": (args) => replace(args),
    "replace/4": (args) => replace(args),
    "decode_unsigned/1": ([b]) => decodeUnsigned(b, a("big")),
    "decode_unsigned/2": ([b, e]) => decodeUnsigned(b, e),
    "encode_unsigned/1": ([n]) => encodeUnsigned(n, a("big")),
    "encode_unsigned/2": ([n, e]) => encodeUnsigned(n, e),
    "longest_common_prefix/1": ([l]) => commonLength(binaryList(l), false),
    "longest_common_suffix/1": ([l]) => commonLength(binaryList(l), true),
    "bin_to_list/1": ([b]) => {
      if (!isBinary(b)) throw atBinaryErl(badArgs([]), "bin_to_list", [b], ERROR_WITH_INFO);
      return list(Array.from(binBytes(b as string | Bin)));
    },
    "bin_to_list/2": ([b, p]) => binToList2(b, p),
    "bin_to_list/3": ([b, s, l]) => binToList3(b, s, l),
    "list_to_bin/1": ([l]) => {
      try {
        return erlang.fns["list_to_binary/1"]([l], null as never);
      } catch (e) {
        // (a BIF of its own: its entry, not :erlang.list_to_binary/1's)
        if (e instanceof BeamError) throw badArgs([]);
        throw e;
      }
    },
    "copy/1": ([b]) => {
      if (!isBinary(b)) throw badArgs([]);
      return b;
    },
    "referenced_byte_size/1": ([b]) => {
      // (a bitstring too: the bytes its bits are held in)
      if (!isBitstring(b)) throw badArgs([[1, "not a binary"]]);
      return typeof b === "string" ? binBytes(b).length : (b as Bin).size;
    },
    "encode_hex/1": ([b]) => {
      // binary.erl encodes k bytes at a time, k the largest of 8..2 dividing the byte size
      // (a bitstring's counts its last, partial byte): a bitstring's whole chunks only, as
      // its comprehension takes them; one whose byte size no k divides is not a binary
      if (b instanceof Bin && b.bits !== 0) {
        const k = [8, 7, 6, 5, 4, 3, 2].find((n) => b.size % n === 0);
        if (k === undefined) throw badArgs([[1, "not a binary"]]);
        return encodeHex(b.bytes.subarray(0, Math.floor((b.size - 1) / k) * k));
      }
      if (!isBinary(b)) throw badArgs([[1, "not a binary"]]);
      return encodeHex(binBytes(b as string | Bin));
    },
    "decode_hex/1": (args) => decodeHex(args),
  },
};
natives.fns = explained(natives.fns);
