// Elixir's Base module: base16/32/hex32/64/url64 encoding and decoding with the exact
// error messages of Elixir 1.14 (non-alphabet character, incorrect padding, odd length).
import type { NativeFn } from "../runtime/code.js";
import { BeamError, argumentError, raise } from "../runtime/errors.js";
import { MapTerm } from "../runtime/map.js";
import { Cons, NIL, Term, a, binBytes, binFromBytes, isList } from "../runtime/term.js";
import { fce, withFrame } from "../runtime/arith.js";
import { inspect } from "../runtime/inspect.js";
import { isBin } from "./unicode.js";

const B16 = "0123456789ABCDEF";
const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const HEX32 = "0123456789ABCDEFGHIJKLMNOPQRSTUV";
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/**
 * Keyword.get(opts, key, default), as Elixir's Base reads each option: options that are no
 * list are Keyword.get/3's FunctionClauseError (Base's function below it in the trace).
 */
function opt(opts: Term, key: string, dflt: Term): Term {
  const k = a(key);
  if (!isList(opts)) throw fce("Keyword", "get", [opts, k, dflt]);
  for (let l = opts; l instanceof Cons; l = l.t) {
    const kv = l.h;
    // (:lists.keyfind/3 finds any tuple by its first element; Keyword.get/3 matches a pair)
    if (Array.isArray(kv) && kv.length > 0 && kv[0] === k) {
      if (kv.length === 2) return kv[1];
      throw withFrame(raise("CaseClauseError", { term: kv }), "Elixir.Keyword", "get", [opts, k, dflt], false);
    }
  }
  return dflt;
}

/** Generic encoder: `bits` per output char, output groups of `group` chars for padding. */
function encode(bytes: Uint8Array, alphabet: string, bits: number, group: number, pad: boolean): string {
  let out = "";
  let acc = 0;
  let n = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    n += 8;
    while (n >= bits) {
      n -= bits;
      out += alphabet[(acc >> n) & ((1 << bits) - 1)];
    }
    acc &= (1 << n) - 1;
  }
  if (n > 0) out += alphabet[(acc << (bits - n)) & ((1 << bits) - 1)];
  if (pad) while (out.length % group !== 0) out += "=";
  return out;
}

function badChar(c: number): never {
  // the byte as inspect(<<byte>>, binaries: :as_strings) shows it ("\\0", "\\a", "\\xC8")
  const shown = inspect(binFromBytes(new Uint8Array([c])), { binaries: "as_strings" });
  throw argumentError(`non-alphabet character found: ${shown} (byte ${c})`);
}

const isArgumentError = (r: Term) => r instanceof MapTerm && r.get(a("__struct__")) === a("Elixir.ArgumentError");

type Case = "upper" | "lower" | "mixed";

function decodeTable(alphabet: string, cs: Case): Int16Array {
  const t = new Int16Array(256).fill(-1);
  for (let i = 0; i < alphabet.length; i++) {
    const ch = alphabet[i];
    if (cs !== "lower" || !/[A-Z]/.test(ch)) t[ch.charCodeAt(0)] = i;
    if (cs !== "upper" && /[A-Z]/.test(ch)) t[ch.toLowerCase().charCodeAt(0)] = i;
  }
  return t;
}

/** Valid (dataChars, padChars) shapes of the final chunk. */
const REST64 = { padded: [[2, 2], [3, 1], [4, 0], [6, 2], [7, 1], [8, 0]], bare: [2, 3, 6, 7] };
const REST32 = { padded: [[2, 6], [4, 4], [5, 3], [7, 1], [8, 0]], bare: [2, 4, 5, 7] };

function decode(
  input: Uint8Array,
  table: Int16Array,
  bits: number,
  shapes: { padded: number[][]; bare: number[] },
  pad: boolean,
): Uint8Array {
  if (input.length === 0) return input;
  const segs = Math.floor((input.length + 7) / 8) - 1;
  const mainLen = segs * 8;
  const vals: number[] = [];
  const val = (c: number) => {
    const v = table[c];
    if (v < 0) badChar(c);
    return v;
  };
  for (let i = 0; i < mainLen; i++) vals.push(val(input[i]));
  const rest = input.subarray(mainLen);
  // First shape (in Elixir's clause order) whose trailing `p` chars are all "=".
  const fits = ([x, y]: number[]) => x + y === rest.length && rest.subarray(x).every((c) => c === 61);
  const shape = shapes.padded.find(fits) ?? (!pad ? shapes.bare.map((x) => [x, 0]).find(fits) : undefined);
  if (shape === undefined) throw argumentError("incorrect padding");
  const d = shape[0];
  for (let i = 0; i < d; i++) vals.push(val(rest[i]));
  const out: number[] = [];
  let acc = 0;
  let n = 0;
  for (const v of vals) {
    acc = (acc << bits) | v;
    n += bits;
    if (n >= 8) {
      n -= 8;
      out.push((acc >> n) & 0xff);
      acc &= (1 << n) - 1;
    }
  }
  return Uint8Array.from(out);
}

function removeWs(bytes: Uint8Array): Uint8Array {
  return bytes.filter((c) => c !== 32 && c !== 9 && c !== 13 && c !== 10);
}

// ---------------------------------------------------------------------------
// Natives

type Fns = Record<string, NativeFn>;

/** encode/1 and encode/2 entries validating the binary argument. */
function encoder(name: string, f: (bytes: Uint8Array, opts: Term) => string): Fns {
  const two: NativeFn = (args) => {
    if (!isBin(args[0])) throw fce("Base", name, args);
    return f(binBytes(args[0]), args[1]);
  };
  return { [name + "/1"]: ([d], p) => two([d, NIL], p), [name + "/2"]: two };
}

/** decode!/1,2 and decode/1,2 entries ({:ok, bin} or :error). */
function decoder(name: string, f: (bytes: Uint8Array, opts: Term, string: Term) => Uint8Array, guarded: boolean): Fns {
  const bang: NativeFn = (args) => {
    if (!isBin(args[0])) throw fce("Base", name + "!", args);
    return binFromBytes(f(binBytes(args[0]), args[1], args[0]));
  };
  const safe: NativeFn = (args, p) => {
    // (decode64/url_decode64 have the bang's is_binary guard; decode16/32 and hex_decode32
    // call the bang function whatever they are given, and its clauses fail under them)
    if (!isBin(args[0])) throw fce("Base", guarded ? name : name + "!", args);
    try {
      return [a("ok"), bang(args, p)];
    } catch (e) {
      if (e instanceof BeamError && isArgumentError(e.reason)) return a("error");
      // (what the bang function raised itself is its entry's, below which this one waits)
      if (e instanceof BeamError && e.stacktrace === null) withFrame(e, "Elixir.Base", name + "!", args, false);
      throw e;
    }
  };
  return {
    [name + "/1"]: ([s], p) => safe([s, NIL], p),
    [name + "/2"]: safe,
    [name + "!/1"]: ([s], p) => bang([s, NIL], p),
    [name + "!/2"]: bang,
  };
}

/** The :case option: :upper, :lower (and :mixed when decoding); anything else is the case's CaseClauseError. */
const caseOpt = (opts: Term, mixed = true): Case => {
  const c = opt(opts, "case", a("upper"));
  if (c === a("upper") || c === a("lower") || (mixed && c === a("mixed"))) return (c as { name: string }).name as Case;
  throw raise("CaseClauseError", { term: c });
};
const padOpt = (opts: Term): boolean => opt(opts, "padding", true) !== false;
/** The :ignore option (read after :padding), nil or :whitespace, as Base's remove_ignored/2 takes it. */
const ignoreWs = (bytes: Uint8Array, opts: Term, string: Term) => {
  const ignore = opt(opts, "ignore", null);
  if (ignore === null) return bytes;
  if (ignore === a("whitespace")) return removeWs(bytes);
  throw fce("Base", "remove_ignored", [string, ignore]);
};
/** Encoders read :padding (where they pad) before :case. */
const lowerIf = (s: string, opts: Term) => (caseOpt(opts, false) === "lower" ? s.toLowerCase() : s);

/** Encoders read :padding first too, as it is given: only true or false pads (maybe_pad/3). */
const withPadTerm = <T>(opts: Term, f: (pad: Term) => T): T => f(opt(opts, "padding", true));

/** `s` padded with "=" to a multiple of `group` when `pad` is true; what is no boolean is Base.maybe_pad/3's FunctionClauseError. */
function padTo(s: string, group: number, pad: Term): string {
  const count = (group - (s.length % group)) % group;
  if (count === 0 || pad === false) return s;
  if (pad === true) return s + "=".repeat(count);
  throw fce("Base", "maybe_pad", [binFromBytes(new TextEncoder().encode(s)), pad, count]);
}

/** Decoders read :padding first (Elixir's pad? = Keyword.get(opts, :padding, true)). */
const withPad = <T>(opts: Term, f: (pad: boolean) => T): T => f(padOpt(opts));

function decode16(bytes: Uint8Array, opts: Term): Uint8Array {
  if (bytes.length % 2 !== 0) {
    throw argumentError(
      `string given to decode has wrong length. An even number of bytes was expected, got: ${bytes.length}. ` +
        "Double check your string for unwanted characters or pad it accordingly",
    );
  }
  const t = decodeTable(B16, caseOpt(opts));
  const out = new Uint8Array(bytes.length / 2);
  for (let i = 0; i < bytes.length; i += 2) {
    const hi = t[bytes[i]];
    if (hi < 0) badChar(bytes[i]);
    const lo = t[bytes[i + 1]];
    if (lo < 0) badChar(bytes[i + 1]);
    out[i / 2] = (hi << 4) | lo;
  }
  return out;
}

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.Base",
  fns: {
    ...encoder("encode16", (b, o) => lowerIf(encode(b, B16, 4, 1, false), o)),
    ...encoder("encode32", (b, o) => withPadTerm(o, (pad) => padTo(lowerIf(encode(b, B32, 5, 8, false), o), 8, pad))),
    ...encoder("hex_encode32", (b, o) => withPadTerm(o, (pad) => padTo(lowerIf(encode(b, HEX32, 5, 8, false), o), 8, pad))),
    ...encoder("encode64", (b, o) => withPadTerm(o, (pad) => padTo(encode(b, B64, 6, 4, false), 4, pad))),
    ...encoder("url_encode64", (b, o) => withPadTerm(o, (pad) => padTo(encode(b, URL64, 6, 4, false), 4, pad))),
    ...decoder("decode16", decode16, false),
    ...decoder("decode32", (b, o) => withPad(o, (pad) => decode(b, decodeTable(B32, caseOpt(o)), 5, REST32, pad)), false),
    ...decoder("hex_decode32", (b, o) => withPad(o, (pad) => decode(b, decodeTable(HEX32, caseOpt(o)), 5, REST32, pad)), false),
    ...decoder("decode64", (b, o, s) => withPad(o, (pad) => decode(ignoreWs(b, o, s), decodeTable(B64, "upper"), 6, REST64, pad)), true),
    ...decoder("url_decode64", (b, o, s) => withPad(o, (pad) => decode(ignoreWs(b, o, s), decodeTable(URL64, "upper"), 6, REST64, pad)), true),
  },
};
