// :crypto's symmetric ciphers as OTP 25 names them (crypto_one_time/4,5, crypto_init/3,4,
// crypto_update/2, crypto_final/1, crypto_one_time_aead/6,7, cipher_info/1), on Node's
// OpenSSL. A streaming state is a reference whose Node cipher lives in a side table. Errors
// keep the NIF's shapes: {:badarg, {'api_ng.c', line}, 'text'} naming the argument at fault.
import { createCipheriv, createDecipheriv, randomBytes, getCiphers, Cipher, Decipher } from "node:crypto";
import type { NativeFn, ProcLike } from "../runtime/code.js";
import { BeamError, argumentError, raise } from "../runtime/errors.js";
import { fce } from "../runtime/arith.js";
import { MapTerm } from "../runtime/map.js";
import type { Process } from "../runtime/process.js";
import { Atom, Cons, NIL, Ref, Term, a, binFromBytes, isInteger, list } from "../runtime/term.js";
import { iodataBytes, stringToCharlist } from "./unicode.js";

type Mode = "cbc" | "ecb" | "ctr" | "gcm" | "ccm" | "cfb" | "ofb" | "stream";

/** A cipher: Node's name for it, key/iv/block sizes, mode and cipher_info's OpenSSL NID. */
interface CipherSpec {
  node: string;
  key: number;
  iv: number;
  block: number;
  mode: Mode;
  nid: number | null;
  aead: boolean;
}

const CIPHERS = new Map<string, CipherSpec>();
const spec = (name: string, node: string, key: number, iv: number, block: number, mode: Mode, nid: number | null, aead = false) =>
  CIPHERS.set(name, { node, key, iv, block, mode, nid, aead });
// AES in each key size; NIDs as OpenSSL numbers them (cipher_info's type).
for (const [bits, nids] of [[128, [418, 419, 421, 420, 895, 896]], [192, [422, 423, 425, 424, 898, 899]], [256, [426, 427, 429, 428, 901, 902]]] as const) {
  const k = bits / 8;
  spec(`aes_${bits}_ecb`, `aes-${bits}-ecb`, k, 0, 16, "ecb", nids[0]);
  spec(`aes_${bits}_cbc`, `aes-${bits}-cbc`, k, 16, 16, "cbc", nids[1]);
  spec(`aes_${bits}_cfb128`, `aes-${bits}-cfb`, k, 16, 1, "cfb", nids[2]);
  spec(`aes_${bits}_cfb8`, `aes-${bits}-cfb8`, k, 16, 1, "cfb", nids[2]);
  spec(`aes_${bits}_ofb`, `aes-${bits}-ofb`, k, 16, 1, "ofb", nids[3]);
  spec(`aes_${bits}_ctr`, `aes-${bits}-ctr`, k, 16, 1, "ctr", null);
  spec(`aes_${bits}_gcm`, `aes-${bits}-gcm`, k, 12, 1, "gcm", nids[4], true);
  spec(`aes_${bits}_ccm`, `aes-${bits}-ccm`, k, 12, 1, "ccm", nids[5], true);
}
spec("chacha20", "chacha20", 32, 16, 1, "stream", null);
spec("chacha20_poly1305", "chacha20-poly1305", 32, 12, 1, "stream", null, true);
spec("des_ede3_cbc", "des-ede3-cbc", 24, 8, 8, "cbc", 44);
spec("des_ede3_cfb", "des-ede3-cfb", 24, 8, 1, "cfb", 30);

/** The key-size-generic AES names (aes_cbc, ...): the cipher is chosen by the key's size. */
const GENERIC = ["aes_cbc", "aes_ccm", "aes_cfb128", "aes_cfb8", "aes_ctr", "aes_ecb", "aes_gcm"];

/** The ciphers this Node provides, in crypto:supports(ciphers)'s order. */
export function supportedCiphers(): Term[] {
  const have = new Set(getCiphers());
  const order = [
    "chacha20", "aes_256_ofb", "aes_192_ofb", "aes_128_ofb", "des_ede3_cfb", "aes_192_cbc", "aes_256_cbc", "aes_128_cfb128", "aes_192_cfb128",
    "aes_256_cfb128", "aes_128_cfb8", "aes_192_cfb8", "aes_256_cfb8", "aes_128_ecb", "aes_192_ecb", "aes_256_ecb", "chacha20_poly1305",
    "aes_256_gcm", "aes_256_ccm", "aes_192_gcm", "aes_192_ccm", "aes_128_gcm", "aes_128_ccm", "aes_256_ctr", "aes_192_ctr", "aes_128_ctr",
    "aes_128_cbc", "des_ede3_cbc",
  ];
  return [...order.filter((n) => have.has(CIPHERS.get(n)!.node)), ...GENERIC].map(a);
}

const ORD = ["1st", "2nd", "3rd", "4th", "5th", "6th", "7th"];

/** The NIF's {:badarg, {'file.c', line}, 'text'} naming argument `arg`, raised at crypto.erl:`erlLine`. */
function badarg(file: string, line: number, text: string, arg: number, fun: string, args: Term[], erlLine: number): BeamError {
  const original = [a("badarg"), [stringToCharlist(file), line], stringToCharlist(text)];
  return framedAt(raise("ErlangError", { original, reason: `:\n\n  * ${ORD[arg - 1]} argument: ${text}\n` }), fun, args, erlLine);
}

/** {:error, {'file.c', line}, 'text'}: a failure that names no argument. */
function failure(file: string, line: number, text: string, fun: string, args: Term[], erlLine: number): BeamError {
  return framedAt(raise("ErlangError", { original: [a("error"), [stringToCharlist(file), line], stringToCharlist(text)] }), fun, args, erlLine);
}

function framedAt(e: BeamError, fun: string, args: Term[], line: number): BeamError {
  e.stacktrace = list([[a("crypto"), a(fun), list(args), list([[a("file"), stringToCharlist("crypto.erl")], [a("line"), line]])]]);
  return e;
}

/** Where an error of a call is reported: the function and arguments as crypto.erl shows them. */
interface Site {
  fun: string;
  args: Term[];
  line: number;
  /** Argument positions (1-based) of cipher, key, iv, data, flag in `args` (0 when absent). */
  pos: { key: number; iv: number; data: number; flag: number };
}

function resolve(cipher: Term, key: Uint8Array | null, site: Site): CipherSpec {
  const name = cipher instanceof Atom ? cipher.name : "";
  let s = CIPHERS.get(name);
  if (s === undefined && GENERIC.includes(name) && key !== null) s = CIPHERS.get(name.replace("aes_", `aes_${key.length * 8}_`));
  if (s === undefined) throw badarg("api_ng.c", 242, "Unknown cipher", 1, site.fun, site.args, site.line);
  return s;
}

function binaryArg(t: Term): Uint8Array | null {
  return iodataBytes(t);
}

type Padding = "none" | "pkcs" | "zero" | "random";
interface Flags {
  encrypt: boolean;
  padding: Padding;
}

function flags(t: Term, site: Site): Flags {
  if (t === true || t === false) return { encrypt: t, padding: "none" };
  const out: Flags = { encrypt: true, padding: "none" };
  let l = t;
  for (; l instanceof Cons; l = l.t) {
    const o = l.h;
    if (Array.isArray(o) && o.length === 2 && o[0] === a("encrypt") && (o[1] === true || o[1] === false)) out.encrypt = o[1];
    else if (Array.isArray(o) && o.length === 2 && o[0] === a("padding") && o[1] instanceof Atom && ["none", "undefined", "pkcs_padding", "zero", "random"].includes(o[1].name)) {
      const p = o[1].name;
      out.padding = p === "pkcs_padding" ? "pkcs" : p === "zero" ? "zero" : p === "random" ? "random" : "none";
    } else {
      const tag = Array.isArray(o) && o.length === 2 && o[0] instanceof Atom ? o[0].name : "";
      const text = tag === "encrypt" || tag === "padding" ? `Bad ${tag} option` : `Bad tag in option: ${tag}`;
      throw badarg("api_ng.c", 174, text, site.pos.flag, site.fun, site.args, site.line);
    }
  }
  if (l !== NIL) throw badarg("api_ng.c", 120, "Options are not a boolean or a proper list", site.pos.flag, site.fun, site.args, site.line);
  return out;
}

/** A running cipher: Node's object, the padding OTP applies, and bytes fed (for zero/random padding). */
interface CipherState {
  c: Cipher | Decipher;
  spec: CipherSpec;
  flags: Flags;
  fed: number;
  done: boolean;
}

function start(cipher: Term, key: Term, iv: Term | null, flagTerm: Term, site: Site): CipherState {
  const k = binaryArg(key);
  const s = resolve(cipher, k, site);
  if ((k === null || k.length !== s.key) && s.node.startsWith("des")) throw failure("api_ng.c", 363, "Can't initialize context, key_length", site.fun, site.args, site.line);
  if (k === null || k.length !== s.key) throw badarg("api_ng.c", 244, "Bad key size", site.pos.key, site.fun, site.args, site.line);
  if (s.aead) throw badarg("api_ng.c", 250, "Missing arguments for this cipher", 1, site.fun, site.args, site.line);
  let ivBytes: Uint8Array | null = null;
  if (s.iv > 0) {
    ivBytes = iv === null ? null : binaryArg(iv);
    if (ivBytes === null || ivBytes.length !== s.iv) throw badarg("api_ng.c", 310, "Bad iv size", site.pos.iv, site.fun, site.args, site.line);
  }
  const f = flags(flagTerm, site);
  const c = f.encrypt ? createCipheriv(s.node, k, ivBytes) : createDecipheriv(s.node, k, ivBytes);
  c.setAutoPadding(s.block > 1 && f.padding === "pkcs" && f.encrypt);
  return { c, spec: s, flags: f, fed: 0, done: false };
}

function update(st: CipherState, d: Uint8Array): Uint8Array {
  st.fed += d.length;
  return new Uint8Array(st.c.update(d));
}

/** The end of the data: a padded last block when padding asks for one; nothing otherwise. */
function finish(st: CipherState): Uint8Array | "cant_finalize" {
  st.done = true;
  const { block } = st.spec;
  if (block > 1 && st.flags.padding === "pkcs") {
    if (!st.flags.encrypt) return "cant_finalize";
    return new Uint8Array(st.c.final());
  }
  if (block > 1 && st.flags.encrypt && (st.flags.padding === "zero" || st.flags.padding === "random")) {
    const rest = st.fed % block;
    if (rest === 0) return new Uint8Array(0);
    const pad = st.flags.padding === "zero" ? new Uint8Array(block - rest) : new Uint8Array(randomBytes(block - rest));
    return new Uint8Array(st.c.update(pad));
  }
  // Without padding an incomplete last block is dropped, as the NIF does.
  return new Uint8Array(0);
}

const concat = (x: Uint8Array, y: Uint8Array): Uint8Array => {
  const out = new Uint8Array(x.length + y.length);
  out.set(x);
  out.set(y, x.length);
  return out;
};

function oneTime(cipher: Term, key: Term, iv: Term | null, text: Term, flagTerm: Term, site: Site): Term {
  const st = start(cipher, key, iv, flagTerm, site);
  const d = binaryArg(text);
  if (d === null) throw badarg("api_ng.c", 966, "expected binary as data", site.pos.data, site.fun, site.args, site.line);
  const out = update(st, d);
  const last = finish(st);
  if (last === "cant_finalize") throw failure("api_ng.c", 638, "Can't finalize", site.fun, site.args, site.line);
  return binFromBytes(concat(out, last));
}

const states = new WeakMap<Ref, CipherState>();

function stateOf(t: Term, fun: string, args: Term[], line: number, nifLine: number): CipherState {
  const s = t instanceof Ref ? states.get(t) : undefined;
  if (s === undefined) throw badarg("api_ng.c", nifLine, "Bad State", 1, fun, args, line);
  return s;
}

/** The default tag length of an AEAD cipher (16, or 12 for CCM). */
const defaultTag = (s: CipherSpec): number => (s.mode === "ccm" ? 12 : 16);

function aead(args: Term[], decryptTag: Term | null, tagLen: number | null, encrypt: boolean): Term {
  const [cipher, key, iv, text, aad] = args;
  const fun = "crypto_one_time_aead";
  const name = cipher instanceof Atom ? cipher.name : "";
  const k = binaryArg(key);
  let s = CIPHERS.get(name);
  if (s === undefined && GENERIC.includes(name) && k !== null) s = CIPHERS.get(name.replace("aes_", `aes_${k.length * 8}_`));
  const shown = args.length === 6 && s?.aead ? [...args.slice(0, 5), defaultTag(s), true] : args;
  if (args.length === 6 && (s === undefined || !s.aead)) {
    const e = argumentError("argument error: 'Not an AEAD cipher'");
    e.stacktrace = list([
      [a("crypto"), a("aead_tag_len"), 1, list([[a("file"), stringToCharlist("crypto.erl")], [a("line"), 1025]])],
      [a("crypto"), a(fun), args.length, list([[a("file"), stringToCharlist("crypto.erl")], [a("line"), 985]])],
    ]);
    throw e;
  }
  const line = args.length === 6 ? 985 : 1009;
  if (s !== undefined && !s.aead) throw badarg("aead.c", 94, "Not aead cipher", 1, fun, shown, line);
  if (s === undefined || k === null || k.length !== s.key) throw badarg("aead.c", 90, "Unknown cipher or invalid key size", 1, fun, shown, line);
  const ivB = binaryArg(iv);
  const d = binaryArg(text);
  const ad = binaryArg(aad);
  if (ivB === null) throw badarg("aead.c", 100, "Bad iv", 3, fun, shown, line);
  if (d === null) throw badarg("aead.c", 104, "Bad text", 4, fun, shown, line);
  if (ad === null) throw badarg("aead.c", 102, "Bad aad", 5, fun, shown, line);
  const tl = tagLen ?? (decryptTag === null ? defaultTag(s) : 0);
  if (encrypt) {
    if (tl > 16 || tl < 1) throw failure("aead.c", 156, "Can't get Tag", fun, shown, 1009);
    const opts = s.mode === "ccm" || s.node === "chacha20-poly1305" ? { authTagLength: s.mode === "ccm" ? tl : 16 } : {};
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const c = createCipheriv(s.node as any, k, ivB, opts as any) as any;
    c.setAAD(ad, s.mode === "ccm" ? { plaintextLength: d.length } : undefined);
    const out = concat(new Uint8Array(c.update(d)), new Uint8Array(c.final()));
    const tag = new Uint8Array(c.getAuthTag()).subarray(0, tl);
    return [binFromBytes(out), binFromBytes(tag)];
  }
  const tag = decryptTag === null ? null : binaryArg(decryptTag);
  if (tag === null) throw badarg("aead.c", 77, "non-binary Tag", 6, fun, args, 1009);
  try {
    const opts = s.mode === "ccm" || s.mode === "gcm" ? { authTagLength: tag.length } : {};
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const c = createDecipheriv(s.node as any, k, ivB, opts as any) as any;
    c.setAuthTag(tag);
    c.setAAD(ad, s.mode === "ccm" ? { plaintextLength: d.length } : undefined);
    const out = concat(new Uint8Array(c.update(d)), new Uint8Array(c.final()));
    return binFromBytes(out);
  } catch {
    return a("error");
  }
}

function cipherInfo(t: Term): Term {
  const name = t instanceof Atom ? t.name : "";
  const s = CIPHERS.get(GENERIC.includes(name) ? name.replace("aes_", "aes_128_") : name);
  if (s === undefined) {
    const e = argumentError();
    e.stacktrace = list([[a("crypto"), a("cipher_info"), 1, list([[a("file"), stringToCharlist("crypto.erl")], [a("line"), 831]])]]);
    throw e;
  }
  const mode = s.mode === "stream" ? "stream_cipher" : s.mode + "_mode";
  return MapTerm.fromPairs([
    [a("block_size"), s.block], [a("iv_length"), s.iv], [a("key_length"), s.key], [a("mode"), a(mode)],
    [a("prop_aead"), s.aead], [a("type"), s.nid === null ? a("undefined") : s.nid],
  ]);
}

const pos5 = { key: 2, iv: 3, data: 4, flag: 5 };
const pos4 = { key: 2, iv: 0, data: 3, flag: 4 };

export const cipherNatives: { module: string; fns: Record<string, NativeFn> } = {
  module: "crypto",
  fns: {
    "crypto_one_time/4": (args) => {
      const [c, k, d, f] = args;
      return oneTime(c, k, null, d, f, { fun: "crypto_one_time", args, line: 951, pos: pos4 });
    },
    "crypto_one_time/5": (args) => {
      const [c, k, iv, d, f] = args;
      return oneTime(c, k, iv, d, f, { fun: "crypto_one_time", args, line: 967, pos: pos5 });
    },
    "crypto_init/3": ([c, k, f], p) => {
      const args = [c, k, binFromBytes(new Uint8Array(0)), f];
      return stateRef(p, start(c, k, null, f, { fun: "crypto_init", args, line: 865, pos: pos5 }));
    },
    "crypto_init/4": (args, p) => {
      const [c, k, iv, f] = args;
      return stateRef(p, start(c, k, iv, f, { fun: "crypto_init", args, line: 876, pos: { ...pos5, flag: 4 } }));
    },
    "crypto_update/2": (args) => {
      const st = stateOf(args[0], "crypto_update", args, 903, 731);
      const d = binaryArg(args[1]);
      if (d === null) throw badarg("api_ng.c", 966, "expected binary as data", 2, "crypto_update", args, 903);
      if (st.done) return binFromBytes(new Uint8Array(0));
      return binFromBytes(update(st, d));
    },
    "crypto_final/1": (args) => {
      const st = stateOf(args[0], "crypto_final", args, 924, 886);
      if (st.done) return binFromBytes(new Uint8Array(0));
      const last = finish(st);
      if (last === "cant_finalize") throw failure("api_ng.c", 638, "Can't finalize", "crypto_final", args, 924);
      return binFromBytes(last);
    },
    "crypto_one_time_aead/6": (args) => {
      if (args[5] !== true) throw fce("crypto", "crypto_one_time_aead", args);
      return aead(args, null, null, true);
    },
    "crypto_one_time_aead/7": (args) => {
      const [, , , , , tagOrLen, enc] = args;
      if (enc === true) {
        if (!isInteger(tagOrLen)) throw fce("crypto", "crypto_one_time_aead", args);
        return aead(args, null, Number(tagOrLen), true);
      }
      if (enc !== false) throw fce("crypto", "crypto_one_time_aead", args);
      return aead(args, tagOrLen, null, false);
    },
    "cipher_info/1": ([t]) => cipherInfo(t),
  },
};

function stateRef(p: ProcLike, s: CipherState): Ref {
  const r = (p as Process).rt.makeRef();
  states.set(r, s);
  return r;
}
