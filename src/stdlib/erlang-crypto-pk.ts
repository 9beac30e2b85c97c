// :crypto's public-key functions on Node's crypto: keys in the shapes OTP 25 takes and
// returns (RSA keys as lists of big-endian binaries, [E, N] and [E, N, D, P1, P2, E1, E2, C];
// EC keys as the raw point <<4, X, Y>> and scalar; X25519/X448/Ed25519/Ed448 keys as raw
// bytes; DH keys over [P, G]), turned into Node key objects (JWK or DER) when used.
// generate_key/2,3, compute_key/4, sign/4,5, verify/5,6, public_encrypt, private_decrypt,
// private_encrypt, public_decrypt and privkey_to_pubkey/2, with the NIF's errors for keys it
// cannot read ({:badarg, {'pkey.c', line}, text}).
import * as nodeCrypto from "node:crypto";
import {
  KeyObject, constants, createDiffieHellman, createECDH, createHash, createPrivateKey, createPublicKey, generateKeyPairSync,
  privateDecrypt, privateEncrypt, publicDecrypt, publicEncrypt, randomBytes, sign as nodeSign, verify as nodeVerify,
} from "node:crypto";
import type { NativeFn } from "../runtime/code.js";
import { BeamError } from "../runtime/errors.js";
import { fce } from "../runtime/arith.js";
import { Atom, Term, a, binBytes, binFromBytes, int, isBinary, isInteger, list, listToArray, tuple } from "../runtime/term.js";
import { iodataBytes, stringToCharlist } from "./unicode.js";

const bin = (b: Uint8Array): Term => binFromBytes(Uint8Array.from(b));
const b64 = (b: Uint8Array): string => Buffer.from(b).toString("base64url");
const unb64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "base64url"));
const atomName = (t: Term): string | null => (t instanceof Atom ? t.name : null);

/** The NIF's error: {:badarg | :error | :notsup, {'file.c', line}, 'text'}. */
function nifError(kind: string, file: string, line: number, text: string): BeamError {
  return new BeamError("error", tuple(a(kind), tuple(stringToCharlist(file), line), stringToCharlist(text)));
}

/** A key component: an integer or its big-endian binary. */
function mpint(t: Term): Uint8Array | null {
  if (isBinary(t)) {
    const b = binBytes(t as string);
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    return b.subarray(i);
  }
  if (isInteger(t)) {
    let n = BigInt(t as number | bigint);
    if (n < 0n) return null;
    const out: number[] = [];
    while (n > 0n) {
      out.unshift(Number(n & 0xffn));
      n >>= 8n;
    }
    return Uint8Array.from(out.length ? out : [0]);
  }
  return null;
}
const big = (b: Uint8Array): bigint => b.reduce((n, x) => (n << 8n) | BigInt(x), 0n);
const bytesOf = (n: bigint): Uint8Array => {
  const out: number[] = [];
  while (n > 0n) {
    out.unshift(Number(n & 0xffn));
    n >>= 8n;
  }
  return Uint8Array.from(out.length ? out : [0]);
};
const padTo = (b: Uint8Array, n: number): Uint8Array => {
  if (b.length >= n) return b;
  const out = new Uint8Array(n);
  out.set(b, n - b.length);
  return out;
};
/** base ** exp rem mod, by squaring (:crypto.mod_pow's arithmetic; RSA and DH here). */
export function modPow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  b %= m;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return r % m;
}
function modInv(x: bigint, m: bigint): bigint {
  let [a0, b0, x0, x1] = [x % m, m, 1n, 0n];
  while (b0 !== 0n) {
    const q = a0 / b0;
    [a0, b0] = [b0, a0 - q * b0];
    [x0, x1] = [x1, x0 - q * x1];
  }
  return ((x0 % m) + m) % m;
}
function gcd(x: bigint, y: bigint): bigint {
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** p and q from n, e, d (the usual randomized factoring). */
function factor(n: bigint, e: bigint, d: bigint): [bigint, bigint] | null {
  const k = d * e - 1n;
  let t = k;
  let s = 0;
  while ((t & 1n) === 0n) {
    t >>= 1n;
    s++;
  }
  for (let g = 2n; g < 200n; g++) {
    let x = modPow(g, t, n);
    for (let i = 0; i < s; i++) {
      const y = (x * x) % n;
      if (y === 1n && x !== 1n && x !== n - 1n) {
        const p = gcd(x - 1n, n);
        return [p, n / p];
      }
      x = y;
    }
  }
  return null;
}

// ---- RSA keys

function rsaPublic(key: Term): KeyObject {
  const parts = listToArray(key);
  const comps = parts?.map(mpint);
  if (!comps || comps.length < 2 || comps.some((c) => c === null)) throw nifError("badarg", "pkey.c", 357, "Couldn't get RSA public key");
  const [e, n] = comps as Uint8Array[];
  try {
    return createPublicKey({ key: { kty: "RSA", n: b64(n), e: b64(e) }, format: "jwk" });
  } catch {
    throw nifError("badarg", "pkey.c", 357, "Couldn't get RSA public key");
  }
}

function rsaPrivate(key: Term): KeyObject {
  const parts = listToArray(key);
  const comps = parts?.map(mpint);
  const bad = () => nifError("badarg", "pkey.c", 357, "Couldn't get RSA private key");
  if (!comps || (comps.length !== 3 && comps.length !== 8) || comps.some((c) => c === null)) throw bad();
  const [e, n, d] = comps as Uint8Array[];
  let crt: Uint8Array[];
  if (comps.length === 8) crt = (comps as Uint8Array[]).slice(3);
  else {
    const pq = factor(big(n), big(e), big(d));
    if (pq === null) throw bad();
    const [p, q] = pq;
    const D = big(d);
    crt = [bytesOf(p), bytesOf(q), bytesOf(D % (p - 1n)), bytesOf(D % (q - 1n)), bytesOf(modInv(q, p))];
  }
  const [p, q, dp, dq, qi] = crt;
  try {
    return createPrivateKey({ key: { kty: "RSA", n: b64(n), e: b64(e), d: b64(d), p: b64(p), q: b64(q), dp: b64(dp), dq: b64(dq), qi: b64(qi) }, format: "jwk" });
  } catch {
    throw bad();
  }
}

function rsaLists(priv: KeyObject): [Term, Term] {
  const j = priv.export({ format: "jwk" }) as Record<string, string>;
  const [e, n, d, p, q, dp, dq, qi] = [j.e, j.n, j.d, j.p, j.q, j.dp, j.dq, j.qi].map((s) => bin(unb64(s)));
  return [list([e, n]), list([e, n, d, p, q, dp, dq, qi])];
}

// ---- EC and Edwards keys

const EC_CURVES: Record<string, [string, string, number]> = {
  // OTP name: [OpenSSL name, JWK crv, field bytes]
  secp256r1: ["prime256v1", "P-256", 32], prime256v1: ["prime256v1", "P-256", 32], secp384r1: ["secp384r1", "P-384", 48],
  secp521r1: ["secp521r1", "P-521", 66], secp256k1: ["secp256k1", "secp256k1", 32], secp224r1: ["secp224r1", "", 28],
  prime192v1: ["prime192v1", "", 24], secp192r1: ["prime192v1", "", 24],
};
const OKP: Record<string, [string, string, string, number]> = {
  // name: [Node type, PKCS8 prefix, SPKI prefix, key bytes]
  x25519: ["x25519", "302e020100300506032b656e04220420", "302a300506032b656e032100", 32],
  x448: ["x448", "3046020100300506032b656f043a0438", "3042300506032b656f033900", 56],
  ed25519: ["ed25519", "302e020100300506032b657004220420", "302a300506032b6570032100", 32],
  ed448: ["ed448", "3047020100300506032b6571043b0439", "3043300506032b6571033a00", 57],
};
const hex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "hex"));
const cat = (x: Uint8Array, y: Uint8Array): Uint8Array => {
  const out = new Uint8Array(x.length + y.length);
  out.set(x);
  out.set(y, x.length);
  return out;
};

function curveOf(t: Term): string | null {
  const name = atomName(t);
  return name !== null && (EC_CURVES[name] !== undefined || OKP[name] !== undefined) ? name : null;
}

function okpPrivate(name: string, priv: Uint8Array): KeyObject {
  const [, pk8] = OKP[name];
  return createPrivateKey({ key: Buffer.from(cat(hex(pk8), priv)), format: "der", type: "pkcs8" });
}
function okpPublic(name: string, pub: Uint8Array): KeyObject {
  const [, , spki] = OKP[name];
  return createPublicKey({ key: Buffer.from(cat(hex(spki), pub)), format: "der", type: "spki" });
}
function okpRaw(k: KeyObject): Uint8Array {
  const j = k.export({ format: "jwk" }) as Record<string, string>;
  return unb64(k.type === "private" ? j.d : j.x);
}
function okpPublicOf(name: string, priv: Uint8Array): Uint8Array {
  const j = createPublicKey(okpPrivate(name, priv)).export({ format: "jwk" }) as Record<string, string>;
  return unb64(j.x);
}

function ecPublicOf(name: string, priv: Uint8Array): Uint8Array {
  const ecdh = createECDH(EC_CURVES[name][0]);
  ecdh.setPrivateKey(Buffer.from(priv));
  return new Uint8Array(ecdh.getPublicKey());
}
function ecPrivateKey(name: string, priv: Uint8Array): KeyObject {
  const [, crv, size] = EC_CURVES[name];
  const pub = ecPublicOf(name, priv);
  return createPrivateKey({ key: { kty: "EC", crv, d: b64(padTo(priv, size)), x: b64(pub.subarray(1, 1 + size)), y: b64(pub.subarray(1 + size)) }, format: "jwk" });
}
function ecPublicKey(name: string, pub: Uint8Array): KeyObject {
  const [, crv, size] = EC_CURVES[name];
  if (pub[0] !== 4 || pub.length !== 1 + 2 * size) throw new Error("point");
  return createPublicKey({ key: { kty: "EC", crv, x: b64(pub.subarray(1, 1 + size)), y: b64(pub.subarray(1 + size)) }, format: "jwk" });
}

/** [Key, Curve] as sign/verify take an EC or EdDSA key. */
function curveKey(key: Term): [string, Uint8Array] | null {
  const parts = listToArray(key);
  if (parts === null || parts.length !== 2 || !isBinary(parts[0])) return null;
  const c = curveOf(parts[1]);
  return c === null ? null : [c, binBytes(parts[0] as string)];
}

// ---- digests and padding

const DIGEST: Record<string, string> = { md5: "md5", sha: "sha1", sha224: "sha224", sha256: "sha256", sha384: "sha384", sha512: "sha512", sha3_256: "sha3-256", sha3_384: "sha3-384", sha3_512: "sha3-512" };

/** The message to sign: the data (iodata) or {:digest, hash}. */
function message(msg: Term): { data?: Uint8Array; digest?: Uint8Array } {
  if (Array.isArray(msg) && msg.length === 2 && msg[0] === a("digest") && isBinary(msg[1])) return { digest: binBytes(msg[1] as string) };
  return { data: iodataBytes(msg) ?? (() => { throw new BeamError("error", a("badarg")); })() };
}

interface RsaOpts {
  padding: string;
  saltLength?: number;
  oaepHash?: string;
  mgf1?: string;
}
function rsaOpts(opts: Term, dflt: string): RsaOpts {
  if (opts instanceof Atom) return { padding: opts.name };
  const out: RsaOpts = { padding: dflt };
  for (const o of listToArray(opts) ?? []) {
    if (!Array.isArray(o) || o.length !== 2) continue;
    const k = atomName(o[0]);
    if (k === "rsa_padding") out.padding = atomName(o[1]) ?? dflt;
    else if (k === "rsa_pss_saltlen" && isInteger(o[1])) out.saltLength = Number(o[1]);
    else if (k === "rsa_oaep_md") out.oaepHash = DIGEST[atomName(o[1]) ?? ""];
    else if (k === "rsa_mgf1_md") out.mgf1 = DIGEST[atomName(o[1]) ?? ""];
  }
  return out;
}
const PADDING: Record<string, number> = {
  rsa_pkcs1_padding: constants.RSA_PKCS1_PADDING, rsa_pkcs1_oaep_padding: constants.RSA_PKCS1_OAEP_PADDING,
  rsa_no_padding: constants.RSA_NO_PADDING, rsa_x931_padding: constants.RSA_X931_PADDING ?? 5, rsa_pkcs1_pss_padding: constants.RSA_PKCS1_PSS_PADDING,
};

function sign(args: Term[]): Term {
  const [alg, digestType, msg, key] = args;
  const opts = args[4] ?? list([]);
  const algName = atomName(alg);
  const m = message(msg);
  const hashName = DIGEST[atomName(digestType) ?? ""];
  try {
    if (algName === "rsa") {
      const k = rsaPrivate(key);
      const o = rsaOpts(opts, "rsa_pkcs1_padding");
      const padding = PADDING[o.padding] ?? constants.RSA_PKCS1_PADDING;
      if (m.digest !== undefined) return bin(signDigestRsa(k, hashName, m.digest, padding, o));
      return bin(new Uint8Array(nodeSign(hashName, m.data!, { key: k, padding, saltLength: o.saltLength ?? constants.RSA_PSS_SALTLEN_MAX_SIGN })));
    }
    if (algName === "ecdsa") {
      const ck = curveKey(key);
      if (ck === null || EC_CURVES[ck[0]] === undefined) throw nifError("badarg", "pkey.c", 357, "Couldn't get ECDSA private key");
      const k = ecPrivateKey(ck[0], ck[1]);
      const data = m.data ?? m.digest!;
      return bin(new Uint8Array(nodeSign(m.digest !== undefined ? null : hashName, data, k)));
    }
    if (algName === "eddsa") {
      const ck = curveKey(key);
      if (ck === null || OKP[ck[0]] === undefined || ck[0].startsWith("x")) throw nifError("badarg", "pkey.c", 357, "Couldn't get EDDSA private key");
      return bin(new Uint8Array(nodeSign(null, m.data ?? m.digest!, okpPrivate(ck[0], ck[1]))));
    }
  } catch (e) {
    if (e instanceof BeamError) throw e;
    throw nifError("badarg", "pkey.c", 357, `Couldn't get ${algName === "rsa" ? "RSA" : algName === "ecdsa" ? "ECDSA" : "EDDSA"} private key`);
  }
  throw fce("crypto", "sign", [alg, digestType, msg, key, opts]);
}

/** DigestInfo prefixes (PKCS#1 v1.5) for signing a digest given as it is. */
const DIGEST_INFO: Record<string, string> = {
  md5: "3020300c06082a864886f70d020505000410", sha1: "3021300906052b0e03021a05000414", sha224: "302d300d06096086480165030402040500041c",
  sha256: "3031300d060960864801650304020105000420", sha384: "3041300d060960864801650304020205000430", sha512: "3051300d060960864801650304020305000440",
};
function signDigestRsa(k: KeyObject, hashName: string, digest: Uint8Array, padding: number, o: RsaOpts): Uint8Array {
  if (padding === constants.RSA_PKCS1_PADDING) return new Uint8Array(privateEncrypt({ key: k, padding }, Buffer.from(cat(hex(DIGEST_INFO[hashName] ?? ""), digest))));
  void o;
  throw nifError("notsup", "pkey.c", 0, "Unsupported digest signing");
}

function verify(args: Term[]): Term {
  const [alg, digestType, msg, sig, key] = args;
  const opts = args[5] ?? list([]);
  const algName = atomName(alg);
  const m = message(msg);
  if (!isBinary(sig)) throw new BeamError("error", a("badarg"));
  const s = binBytes(sig as string);
  const hashName = DIGEST[atomName(digestType) ?? ""];
  if (algName === "rsa") {
    const k = rsaPublic(key);
    const o = rsaOpts(opts, "rsa_pkcs1_padding");
    const padding = PADDING[o.padding] ?? constants.RSA_PKCS1_PADDING;
    try {
      if (m.digest !== undefined) {
        const plain = new Uint8Array(publicDecrypt({ key: k, padding }, Buffer.from(s)));
        return Buffer.from(plain).equals(Buffer.from(cat(hex(DIGEST_INFO[hashName] ?? ""), m.digest)));
      }
      return nodeVerify(hashName, m.data!, { key: k, padding, saltLength: o.saltLength ?? constants.RSA_PSS_SALTLEN_AUTO }, s);
    } catch {
      return false;
    }
  }
  if (algName === "ecdsa") {
    const ck = curveKey(key);
    if (ck === null || EC_CURVES[ck[0]] === undefined) throw nifError("badarg", "pkey.c", 357, "Couldn't get ECDSA public key");
    let k: KeyObject;
    try {
      k = ecPublicKey(ck[0], ck[1]);
    } catch {
      throw nifError("badarg", "pkey.c", 357, "Couldn't get ECDSA public key");
    }
    try {
      return nodeVerify(m.digest !== undefined ? null : hashName, m.data ?? m.digest!, k, s);
    } catch {
      return false;
    }
  }
  if (algName === "eddsa") {
    const ck = curveKey(key);
    if (ck === null || OKP[ck[0]] === undefined || ck[0].startsWith("x")) throw nifError("badarg", "pkey.c", 357, "Couldn't get EDDSA public key");
    try {
      return nodeVerify(null, m.data ?? m.digest!, okpPublic(ck[0], ck[1]), s);
    } catch {
      return false;
    }
  }
  throw fce("crypto", "verify", [alg, digestType, msg, sig, key, opts]);
}

function crypt(which: "public_encrypt" | "private_decrypt" | "private_encrypt" | "public_decrypt", args: Term[]): Term {
  const [alg, text, key, opts] = args;
  if (atomName(alg) !== "rsa") throw fce("crypto", which, args);
  const data = iodataBytes(text);
  if (data === null) throw new BeamError("error", a("badarg"));
  const isPrivate = which.startsWith("private");
  const k = isPrivate ? rsaPrivate(key) : rsaPublic(key);
  const o = rsaOpts(opts, "rsa_pkcs1_padding");
  const padding = PADDING[o.padding] ?? constants.RSA_PKCS1_PADDING;
  const spec = { key: k, padding, ...(o.oaepHash ? { oaepHash: o.oaepHash } : {}) };
  try {
    if (which === "private_decrypt" && padding === constants.RSA_PKCS1_PADDING) {
      // (Node refuses PKCS#1 v1.5 decryption since the Marvin attack: the padding is taken off here)
      const em = new Uint8Array(privateDecrypt({ key: k, padding: constants.RSA_NO_PADDING }, Buffer.from(data)));
      let i = 2;
      while (i < em.length && em[i] !== 0) i++;
      if (em[0] !== 0 || em[1] !== 2 || i < 10 || i >= em.length) throw new Error("padding");
      return bin(em.subarray(i + 1));
    }
    const f = which === "public_encrypt" ? publicEncrypt : which === "private_decrypt" ? privateDecrypt : which === "private_encrypt" ? privateEncrypt : publicDecrypt;
    return bin(new Uint8Array(f(spec, Buffer.from(data))));
  } catch {
    throw nifError("error", "pkey.c", 1184, "Couldn't get the result");
  }
}

function generateKey(args: Term[]): Term {
  const [type, params, given] = args;
  const t = atomName(type);
  const priv = given !== undefined && isBinary(given) ? binBytes(given as string) : null;
  switch (t) {
    case "rsa": {
      if (!Array.isArray(params) || params.length !== 2 || !isInteger(params[0])) break;
      const bits = Number(params[0]);
      const e = mpint(params[1]);
      if (e === null) break;
      const { privateKey } = generateKeyPairSync("rsa", { modulusLength: bits, publicExponent: Number(big(e)) });
      const [pub, pk] = rsaLists(privateKey);
      return tuple(pub, pk);
    }
    case "ecdh":
    case "eddsa": {
      const c = curveOf(params);
      if (c === null) break;
      if (t === "eddsa" && !c.startsWith("ed")) break;
      if (OKP[c] !== undefined) {
        if (priv !== null) return tuple(bin(okpPublicOf(c, priv)), bin(priv));
        const { publicKey, privateKey } = generateKeyPairSync(OKP[c][0] as "ed25519", {});
        return tuple(bin(okpRaw(publicKey)), bin(okpRaw(privateKey)));
      }
      const size = EC_CURVES[c][2];
      if (priv !== null) return tuple(bin(ecPublicOf(c, priv)), bin(priv));
      const ecdh = createECDH(EC_CURVES[c][0]);
      ecdh.generateKeys();
      return tuple(bin(new Uint8Array(ecdh.getPublicKey())), bin(padTo(new Uint8Array(ecdh.getPrivateKey()), size)));
    }
    case "dh": {
      const ps = listToArray(params)?.map(mpint);
      if (!ps || ps.length < 2 || ps.some((x) => x === null)) break;
      const [p, g] = ps as Uint8Array[];
      // (a private key given is not used: OTP 25 on OpenSSL 3 makes a new pair anyway)
      try {
        const dh = createDiffieHellman(Buffer.from(p), Buffer.from(g));
        dh.generateKeys();
        return tuple(bin(new Uint8Array(dh.getPublicKey())), bin(new Uint8Array(dh.getPrivateKey())));
      } catch {
        throw nifError("error", "dh.c", 124, "Can't generate DH key pair");
      }
    }
  }
  throw fce("crypto", "generate_key", [type, params, given ?? a("undefined")]);
}

function computeKey(args: Term[]): Term {
  const [type, others, mine, params] = args;
  const t = atomName(type);
  if (t === "ecdh") {
    const c = curveOf(params);
    if (c !== null && isBinary(others) && isBinary(mine)) {
      const o = binBytes(others as string);
      const m = binBytes(mine as string);
      try {
        if (OKP[c] !== undefined) {
          const { diffieHellman } = require_dh();
          return bin(new Uint8Array(diffieHellman({ privateKey: okpPrivate(c, m), publicKey: okpPublic(c, o) })));
        }
        const ecdh = createECDH(EC_CURVES[c][0]);
        ecdh.setPrivateKey(Buffer.from(m));
        return bin(new Uint8Array(ecdh.computeSecret(Buffer.from(o))));
      } catch {
        throw nifError("error", "ecdh.c", 0, "Couldn't compute the shared secret");
      }
    }
  }
  if (t === "dh") {
    const ps = listToArray(params)?.map(mpint);
    const o = mpint(others);
    const m = mpint(mine);
    if (ps && ps.length >= 2 && o !== null && m !== null && ps.every((x) => x !== null)) {
      const P = big(ps[0]!);
      return bin(padTo(bytesOf(modPow(big(o), big(m), P)), ps[0]!.length));
    }
  }
  throw fce("crypto", "compute_key", args);
}

const require_dh = () => nodeCrypto as unknown as { diffieHellman: (o: { privateKey: KeyObject; publicKey: KeyObject }) => Buffer };

function privkeyToPubkey(args: Term[]): Term {
  const [type, key] = args;
  if (atomName(type) === "rsa") {
    const parts = listToArray(key);
    // (as integers, whatever form the private key's are in)
    const comps = parts?.slice(0, 2).map(mpint);
    if (comps && comps.length === 2 && comps.every((c) => c !== null)) return list(comps.map((c) => int(big(c!))));
  }
  throw fce("crypto", "privkey_to_pubkey", args);
}

export const pkNatives: Record<string, NativeFn> = {
  "generate_key/2": ([t, p]) => generateKey([t, p]),
  "generate_key/3": (args) => generateKey(args),
  "compute_key/4": (args) => computeKey(args),
  "sign/4": (args) => sign(args),
  "sign/5": (args) => sign(args),
  "verify/5": (args) => verify(args),
  "verify/6": (args) => verify(args),
  "public_encrypt/4": (args) => crypt("public_encrypt", args),
  "private_decrypt/4": (args) => crypt("private_decrypt", args),
  "private_encrypt/4": (args) => crypt("private_encrypt", args),
  "public_decrypt/4": (args) => crypt("public_decrypt", args),
  "privkey_to_pubkey/2": (args) => privkeyToPubkey(args),
};
void createHash;
void randomBytes;
