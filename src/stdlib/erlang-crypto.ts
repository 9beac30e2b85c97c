// :crypto — digests, MACs and random bytes on Node's crypto (OpenSSL underneath, as for
// OTP's crypto). Digest and MAC states (hash_init, mac_init) are references whose JS hash
// object lives in a side table; every update gives a new reference, as the NIF does.
// Errors keep the shapes crypto raises: {:badarg, {'file.c', line}, 'text'} from the NIFs,
// the iolist_to_binary ArgumentError for data that is not iodata.
import { createCipheriv, createHash, createHmac, getHashes, pbkdf2Sync, randomBytes, randomInt, timingSafeEqual, Hash } from "node:crypto";
import type { NativeFn, ProcLike } from "../runtime/code.js";
import { BeamError, argumentError, raise } from "../runtime/errors.js";
import { fce, withFrame } from "../runtime/arith.js";
import { MapTerm } from "../runtime/map.js";
import type { Process } from "../runtime/process.js";
import type { Runtime } from "../runtime/runtime.js";
import { Atom, NIL, Ref, Term, a, listToArray, binBytes, binFromBytes, int, isBinary, isInteger, list } from "../runtime/term.js";
import { iodataBytes, stringToCharlist } from "./unicode.js";
import { Md4, hmacMd4 } from "./md4.js";
import { cipherNatives, supportedCiphers } from "./erlang-crypto-cipher.js";
import { modPow, pkNatives } from "./erlang-crypto-pk.js";

/** Each digest crypto knows: Node's name, OpenSSL's NID (hash_info's type), block size. */
const DIGESTS: Record<string, [string, number, number]> = {
  md4: ["md4", 257, 64], md5: ["md5", 4, 64], sha: ["sha1", 64, 64], sha224: ["sha224", 675, 64],
  sha256: ["sha256", 672, 64], sha384: ["sha384", 673, 128], sha512: ["sha512", 674, 128],
  sha3_224: ["sha3-224", 1096, 144], sha3_256: ["sha3-256", 1097, 136], sha3_384: ["sha3-384", 1098, 104],
  sha3_512: ["sha3-512", 1099, 72], blake2b: ["blake2b512", 1056, 128], blake2s: ["blake2s256", 1057, 64],
  ripemd160: ["ripemd160", 117, 64],
};

/** The digests this Node's OpenSSL provides, in crypto:supports(hashs)'s order. */
function supportedDigests(): string[] {
  const have = new Set(getHashes().map((h) => h.toLowerCase()));
  return ["blake2s", "blake2b", "sha3_512", "sha3_384", "sha3_256", "sha3_224", "sha512", "sha384", "sha256", "sha224", "sha", "ripemd160", "md5", "md4"].filter((d) => {
    if (d === "md4") return true;
    if (!have.has(DIGESTS[d][0])) return false;
    try {
      createHash(DIGESTS[d][0]);
      return true;
    } catch {
      return false;
    }
  });
}

const ORD = ["1st", "2nd", "3rd", "4th", "5th"];

/**
 * An error of crypto's NIFs: ErlangError of {:badarg, {'file.c', line}, 'text'}, whose
 * error info names the argument at fault (`arg`, 1-based), as iex prints it.
 */
function nifError(file: string, line: number, text: string, arg = 1): BeamError {
  const original = [a("badarg"), [stringToCharlist(file), line], stringToCharlist(text)];
  return raise("ErlangError", { original, reason: `:\n\n  * ${ORD[arg - 1]} argument: ${text}\n` });
}

type FrameSpec = [string, string, Term[] | number, number?];

/** Sets an error's stacktrace: frames of [module, function, args or arity, crypto.erl line]. */
function trace(err: BeamError, ...frames: FrameSpec[]): BeamError {
  err.stacktrace = list(frames.map(([m, f, args, line]) => [
    a(m), a(f), Array.isArray(args) ? list(args) : args,
    line === undefined ? NIL : list([[a("file"), stringToCharlist(`${m}.erl`)], [a("line"), line]]),
  ]));
  return err;
}

const at = (err: BeamError, fun: string, args: Term[] | number, line: number): BeamError => trace(err, ["crypto", fun, args, line]);

/**
 * Runs `f`, placing a NIF error at crypto.erl's `line`, and data that is not iodata below
 * the crypto function that converted it (`dataLine`).
 */
function framed<T>(fun: string, args: Term[], line: number, f: () => T, dataLine?: number): T {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof BeamError)) throw e;
    if (e.stacktrace === null) throw at(e, fun, args, line);
    const top = listToArray(e.stacktrace)?.[0];
    if (dataLine !== undefined && Array.isArray(top) && top[1] === a("iolist_to_binary")) {
      throw trace(e, ["erlang", "iolist_to_binary", listToArray(top[2])!], ["crypto", fun, args.length, dataLine]);
    }
    throw e;
  }
}

/** Data as crypto takes it (iodata); otherwise erlang:iolist_to_binary's error. */
function data(t: Term): Uint8Array {
  const b = iodataBytes(t);
  if (b === null) {
    const e = argumentError("errors were found at the given arguments:\n\n  * 1st argument: not an iodata term\n");
    throw withFrame(e, "erlang", "iolist_to_binary", [t]);
  }
  return b;
}

function digestName(t: Term): string | null {
  if (!(t instanceof Atom) || !(t.name in DIGESTS)) return null;
  return DIGESTS[t.name][0];
}

function newHash(alg: Term, file: string, line: number): Hash {
  const n = digestName(alg);
  if (n === null) throw nifError("hash.c", line, "Bad digest type");
  try {
    return createHash(n);
  } catch {
    if (n === "md4") return new Md4() as unknown as Hash;
    throw nifError("hash.c", line, "Bad digest type");
  }
}

const bin = (b: Uint8Array): Term => binFromBytes(b);

// ---------------------------------------------------------------------------
// Streaming states

type MacState = { kind: "mac"; type: Term; sub: Term; key: Term; chunks: Uint8Array[] };
type State = { kind: "hash"; h: Hash } | MacState;
const macDigest = (s: MacState): Uint8Array => mac(s.type, s.sub, s.key, list(s.chunks.map((c) => binFromBytes(c))));
const states = new WeakMap<Ref, State>();
const rtOf = (p: ProcLike): Runtime => (p as Process).rt as Runtime;

function stateRef(p: ProcLike, s: State): Ref {
  const r = rtOf(p).makeRef();
  states.set(r, s);
  return r;
}

function stateOf(t: Term, kind: State["kind"], file: string, line: number): State {
  const s = t instanceof Ref ? states.get(t) : undefined;
  if (s === undefined || s.kind !== kind) throw nifError(file, line, "Bad state");
  return s;
}

// ---------------------------------------------------------------------------
// MACs

function hmacKey(key: Term): Uint8Array {
  return data(key);
}

function mac(type: Term, sub: Term, key: Term, text: Term): Uint8Array {
  if (type === a("hmac")) {
    const n = digestName(sub);
    const k = hmacKey(key);
    if (n === null) throw nifError("mac.c", 263, "Bad digest algorithm for HMAC", 2);
    const t = iodataBytes(text);
    if (t === null) throw nifError("mac.c", 175, "Bad text", 4);
    if (n === "md4") return hmacMd4(k, t);
    return createHmac(n, k).update(t).digest();
  }
  if (type === a("cmac")) return cmac(sub, key, text);
  if (type === a("poly1305")) return poly1305(key, text);
  throw nifError("mac.c", 233, "Unknown mac algorithm");
}

/** AES-CMAC (RFC 4493): CBC-MAC of the padded message with a subkey mixed into the last block. */
function cmac(cipher: Term, key: Term, text: Term): Uint8Array {
  const m = cipher instanceof Atom ? /^aes_(?:(128|192|256)_)?(cbc|ecb)$/.exec(cipher.name) : null;
  if (m === null) throw nifError("mac.c", 170, "Unknown cipher", 2);
  const k = data(key);
  if ((m[1] !== undefined && k.length * 8 !== Number(m[1])) || ![16, 24, 32].includes(k.length)) throw nifError("mac.c", 235, "Bad key length", 3);
  const t = iodataBytes(text);
  if (t === null) throw nifError("mac.c", 175, "Bad text", 4);
  const aes = (block: Uint8Array) => {
    const c = createCipheriv(`aes-${k.length * 8}-ecb`, k, null);
    c.setAutoPadding(false);
    return new Uint8Array(c.update(block));
  };
  const dbl = (b: Uint8Array) => {
    const out = new Uint8Array(16);
    for (let i = 0; i < 16; i++) out[i] = ((b[i] << 1) | (i < 15 ? b[i + 1] >> 7 : 0)) & 0xff;
    if (b[0] & 0x80) out[15] ^= 0x87;
    return out;
  };
  const k1 = dbl(aes(new Uint8Array(16)));
  const k2 = dbl(k1);
  const n = Math.max(1, Math.ceil(t.length / 16));
  const complete = t.length > 0 && t.length % 16 === 0;
  const last = new Uint8Array(16);
  last.set(t.subarray((n - 1) * 16));
  if (!complete) last[t.length - (n - 1) * 16] = 0x80;
  const sub = complete ? k1 : k2;
  for (let i = 0; i < 16; i++) last[i] ^= sub[i];
  let x = new Uint8Array(16);
  for (let b = 0; b < n; b++) {
    const blk = b === n - 1 ? last : t.subarray(b * 16, b * 16 + 16);
    x = aes(x.map((v, i) => v ^ blk[i]));
  }
  return x;
}

/** Poly1305 (RFC 8439) over a 32-byte one-time key. */
function poly1305(key: Term, text: Term): Uint8Array {
  const k = data(key);
  if (k.length !== 32) throw nifError("mac.c", 235, "Bad key length", 3);
  const t = iodataBytes(text);
  if (t === null) throw nifError("mac.c", 175, "Bad text", 4);
  const le = (b: Uint8Array) => b.reduceRight((n, x) => (n << 8n) | BigInt(x), 0n);
  const r = le(k.subarray(0, 16)) & 0x0ffffffc0ffffffc0ffffffc0fffffffn;
  const s = le(k.subarray(16));
  const p = (1n << 130n) - 5n;
  let acc = 0n;
  for (let i = 0; i < t.length; i += 16) {
    const block = t.subarray(i, i + 16);
    acc = ((acc + le(block) + (1n << BigInt(8 * block.length))) * r) % p;
  }
  let tag = (acc + s) & ((1n << 128n) - 1n);
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++, tag >>= 8n) out[i] = Number(tag & 0xffn);
  return out;
}

function macN(type: Term, sub: Term, key: Term, text: Term, n: Term): Term {
  const full = mac(type, sub, key, text);
  if (!isInteger(n) || n < 0 || n > full.length) {
    const e = argumentError("errors were found at the given arguments:\n\n  * 3rd argument: out of range\n");
    throw trace(e, ["erlang", "binary_part", [bin(full), 0, n]], ["crypto", "macN", 5, 721]);
  }
  return bin(full.subarray(0, Number(n)));
}

function bytesToInteger(b: Uint8Array): Term {
  let n = 0n;
  for (const x of b) n = (n << 8n) | BigInt(x);
  return int(n);
}

function integerToBytes(n: bigint): Uint8Array {
  const out: number[] = [];
  while (n > 0n) {
    out.unshift(Number(n & 0xffn));
    n >>= 8n;
  }
  return Uint8Array.from(out);
}

/** crypto.erl's ensure_int_as_bin: an integer as its big-endian bytes (a negative one in two's complement, at least one byte with its sign bit set); anything else as it is. */
function intAsBin(t: Term): Term {
  if (!isInteger(t)) return t;
  let n = BigInt(t);
  const out: number[] = [];
  if (n < 0n) {
    do {
      out.unshift(Number(n & 0xffn));
      n >>= 8n;
    } while (!(n === -1n && out[0] >= 0x80));
  } else {
    do {
      out.unshift(Number(n & 0xffn));
      n >>= 8n;
    } while (n !== 0n);
  }
  return bin(Uint8Array.from(out));
}

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "crypto",
  fns: {
    "hash/2": ([alg, d]) => framed("hash", [alg, d], 2181, () => bin(newHash(alg, "hash.c", 108).update(data(d)).digest()), 639),
    "hash_info/1": ([alg]) => {
      if (!(alg instanceof Atom) || !supportedDigests().includes(alg.name)) throw argumentError();
      const [name, nid, block] = DIGESTS[alg.name];
      return MapTerm.fromPairs([[a("block_size"), block], [a("size"), createHash(name).digest().length], [a("type"), nid]]);
    },
    "hash_init/1": ([alg], p) => framed("hash_init", [alg], 648, () => stateRef(p, { kind: "hash", h: newHash(alg, "hash.c", 142) })),
    "hash_update/2": ([st, d], p) => {
      const s = framed("hash_update", [st, d], 2188, () => stateOf(st, "hash", "hash.c", 171)) as { kind: "hash"; h: Hash };
      const bytes = data(d);
      return stateRef(p, { kind: "hash", h: s.h.copy().update(bytes) });
    },
    "hash_final/1": ([st]) => {
      const s = framed("hash_final", [st], 661, () => stateOf(st, "hash", "hash.c", 205)) as { kind: "hash"; h: Hash };
      return bin(s.h.copy().digest());
    },
    "mac/3": ([type, key, text]) => {
      if (type !== a("poly1305")) throw at(fce("crypto", "mac", [type, key, text]), "mac", [type, key, text], 687);
      return framed("mac", [type, a("undefined"), key, text], 699, () => bin(mac(type, a("undefined"), key, text)));
    },
    "mac/4": ([type, sub, key, text]) => framed("mac", [type, sub, key, text], 699, () => bin(mac(type, sub, key, text))),
    "macN/4": ([type, key, text, n]) => macN(type, a("undefined"), key, text, n),
    "macN/5": ([type, sub, key, text, n]) => macN(type, sub, key, text, n),
    "mac_init/2": ([type, key], p) => {
      mac(type, a("undefined"), key, "");
      return stateRef(p, { kind: "mac", type, sub: a("undefined"), key, chunks: [] });
    },
    "mac_init/3": ([type, sub, key], p) => {
      mac(type, sub, key, "");
      return stateRef(p, { kind: "mac", type, sub, key, chunks: [] });
    },
    "mac_update/2": ([st, d], p) => {
      // An HMAC object cannot be copied: a state keeps the bytes seen, replayed at the end.
      const s = stateOf(st, "mac", "mac.c", 500) as MacState;
      const bytes = iodataBytes(d);
      if (bytes === null) throw nifError("mac.c", 502, "Bad text");
      return stateRef(p, { ...s, chunks: [...s.chunks, bytes] });
    },
    "mac_final/1": ([st]) => {
      return bin(macDigest(stateOf(st, "mac", "mac.c", 520) as MacState));
    },
    "mac_finalN/2": ([st, n]) => {
      const full = macDigest(stateOf(st, "mac", "mac.c", 520) as MacState);
      if (!isInteger(n) || n < 0) throw argumentError();
      return bin(full.subarray(0, Number(n)));
    },
    "strong_rand_bytes/1": ([n]) => {
      if (!isInteger(n) || n < 0 || n > 2 ** 31) throw trace(argumentError(), ["crypto", "strong_rand_bytes_nif", [n]], ["crypto", "strong_rand_bytes", 1, 1140]);
      return bin(randomBytes(Number(n)));
    },
    "rand_uniform/2": ([lo, hi]) => {
      if (!isInteger(lo) || !isInteger(hi) || hi <= lo) throw at(argumentError(), "rand_uniform_pos", 2, 1389);
      const span = BigInt(hi) - BigInt(lo);
      if (span < 2n ** 47n) return int(BigInt(lo) + BigInt(randomInt(Number(span))));
      return int(BigInt(lo) + BigInt(bytesToInteger(randomBytes(16))) % span);
    },
    "exor/2": ([x, y]) => {
      if (!isBinary(x) || !isBinary(y) || binBytes(x).length !== binBytes(y).length) {
        throw withFrame(argumentError(), "crypto", "do_exor", [x, y]);
      }
      const bx = binBytes(x);
      const by = binBytes(y);
      return bin(bx.map((v, i) => v ^ by[i]));
    },
    "hash_equals/2": ([x, y]) => {
      if (!isBinary(x) || !isBinary(y) || binBytes(x).length !== binBytes(y).length) {
        throw withFrame(argumentError(), "crypto", "hash_equals_nif", [x, y]);
      }
      return timingSafeEqual(binBytes(x), binBytes(y));
    },
    "bytes_to_integer/1": ([b]) => {
      if (!isBinary(b)) throw argumentError();
      return bytesToInteger(binBytes(b));
    },
    "mod_pow/3": ([b, e, m]) => {
      // crypto.erl turns integers into big-endian bytes (a negative one into its two's
      // complement, which the NIF reads as unsigned) and calls mod_exp_nif, which takes only
      // binaries and fails on a modulus of 0; a result of <<0>> is the atom error.
      const args = [b, e, m].map(intAsBin);
      const [bb, eb, mb] = args.map((t) => (isBinary(t) ? BigInt(bytesToInteger(binBytes(t))) : null));
      if (bb === null || eb === null || mb === null || mb === 0n) {
        throw trace(argumentError(), ["crypto", "mod_exp_nif", [...args, 0]], ["crypto", "mod_pow", 3, 1790]);
      }
      const r = integerToBytes(modPow(bb, eb, mb));
      return r.length === 1 && r[0] === 0 ? a("error") : bin(r);
    },
    "pbkdf2_hmac/5": ([alg, pw, salt, iter, len]) => {
      const n = digestName(alg);
      if (n === null) throw nifError("pbkdf2_hmac.c", 54, "Bad digest type");
      if (!isInteger(iter) || iter < 1 || !isInteger(len) || len < 1) throw argumentError();
      return bin(pbkdf2Sync(data(pw), data(salt), Number(iter), Number(len), n));
    },
    "supports/1": ([k]) => {
      if (k === a("hashs")) return list(supportedDigests().map(a));
      if (k === a("macs")) return list([a("cmac"), a("hmac"), a("poly1305")]);
      if (k === a("ciphers")) return list(supportedCiphers());
      if (k === a("public_keys") || k === a("curves") || k === a("rsa_opts")) return list([]);
      throw withFrame(argumentError(), "crypto", "supports", [k]);
    },
    "supports/0": () => list([[a("hashs"), list(supportedDigests().map(a))], [a("ciphers"), list(supportedCiphers())], [a("public_keys"), list([])], [a("macs"), list([a("cmac"), a("hmac"), a("poly1305")])], [a("curves"), list([])], [a("rsa_opts"), list([])]]),
    "version/0": () => stringToCharlist("5.1.2"),
    "start/0": () => a("ok"),
    "stop/0": () => a("ok"),
    "info_lib/0": () => list([["OpenSSL", 805306672, `OpenSSL ${process.versions.openssl} (Node.js)`]]),
    "info_fips/0": () => a("not_supported"),
    ...cipherNatives.fns,
    ...pkNatives,
  },
};
