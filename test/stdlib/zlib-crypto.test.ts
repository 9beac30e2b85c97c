// :zlib streams and checksums, MD4, and :crypto's ciphers, against values from OTP 25.
import { test } from "node:test";
import assert from "node:assert/strict";
import { natives as zlib } from "../../src/stdlib/zlib.js";
import { adler32, crc32 } from "../../src/stdlib/erlang-system.js";
import { natives as crypto } from "../../src/stdlib/erlang-crypto.js";
import { Md4 } from "../../src/stdlib/md4.js";
import { NO_PROCESS, at, kw } from "./helpers.js";
import { Bin, Term, binBytes } from "../../src/runtime/term.js";
import type { BeamError } from "../../src/runtime/errors.js";
import type { MapTerm } from "../../src/runtime/map.js";

const Z = zlib.fns;
const CR = crypto.fns;
const call = (fns: typeof Z, key: string, ...args: Term[]): Term => (fns[key] as (a: Term[], p: typeof NO_PROCESS) => Term)(args, NO_PROCESS);
const hex = (t: Term) => Buffer.from(binBytes(t as Bin)).toString("hex");
const b = (s: string) => new Bin(new TextEncoder().encode(s));

test("MD4 test vectors (RFC 1320)", () => {
  const md4 = (s: string) => new Md4().update(new TextEncoder().encode(s)).digest().toString("hex");
  assert.equal(md4(""), "31d6cfe0d16ae931b73c59d7e0c089c0");
  assert.equal(md4("abc"), "a448017aaf21d8525fc10ae87aa6729d");
  assert.equal(md4("12345678901234567890123456789012345678901234567890123456789012345678901234567890"), "e33b4ddc9c38f2199c3e7b164fcc0536");
  assert.equal(hex(call(CR, "hash/2", at("md4"), b("a".repeat(200)))), "e4720c787792df1ec36423b1f3fb0ee6");
});

test("crc32 and adler32 as zlib computes them", () => {
  const hello = new TextEncoder().encode("hello");
  assert.equal(crc32(0, hello), 907060870);
  assert.equal(adler32(1, hello), 103547413);
  const z = call(Z, "open/0");
  const c = (s: string) => call(Z, "crc32/2", z, b(s));
  assert.equal(call(Z, "crc32_combine/4", z, c("hel"), c("lo"), 2), 907060870);
  const ad = (s: string) => call(Z, "adler32/2", z, b(s));
  assert.equal(call(Z, "adler32_combine/4", z, ad("hel"), ad("lo"), 2), 103547413);
  // A long second part costs no memory: the combination works on lengths alone.
  assert.equal(call(Z, "crc32_combine/4", z, 0, 0, 2 ** 40), 0);
});

test("zlib one-shot and streamed output are OTP's bytes", () => {
  assert.equal(hex(call(Z, "compress/1", b("hello hello hello"))), "789ccb48cdc9c957c84090003a2e067d");
  assert.throws(() => call(Z, "uncompress/1", b("garbage")), (e: BeamError) => (e.reason as MapTerm).get(at("original")) === at("data_error"));
  const z = call(Z, "open/0");
  call(Z, "deflateInit/2", z, 9);
  const chunks = ["abc", "def", ""].map((s, i) => call(Z, "deflate/3", z, b(s), at(["full", "sync", "finish"][i])));
  assert.deepEqual(chunks.map((c) => hex((c as { h: Term }).h)), ["78da4a4c4a06000000ffff", "4a494d03000000ffff", "0300081e0256"]);
});

test("crypto ciphers: block modes, padding and AEAD as OTP 25", () => {
  const k = new Bin(new Uint8Array(16).fill(0).map((_, i) => (i === 15 ? 1 : 0)));
  const iv = new Bin(new Uint8Array(16).map((_, i) => (i === 15 ? 2 : 0)));
  const data = b("0123456789abcdef");
  assert.equal(hex(call(CR, "crypto_one_time/5", at("aes_128_cbc"), k, iv, data, true)), "acb7468f09107165a1b23e41e03e6e6a");
  assert.equal(hex(call(CR, "crypto_one_time/5", at("aes_128_cbc"), k, iv, b("0123456789abcde"), true)), "");
  assert.equal(hex(call(CR, "crypto_one_time/5", at("aes_128_cbc"), k, iv, b("0123456789abcde"), kw({ encrypt: true, padding: at("zero") }))), "85894f15d69236e7f6754afdbd0efa9e");
  assert.throws(() => call(CR, "crypto_one_time/5", at("aes_128_gcm"), k, iv, data, true), (e: BeamError) => /Missing arguments for this cipher/.test(String((e.reason as MapTerm).get(at("reason")))));
  const nonce = new Bin(new Uint8Array(12).map((_, i) => (i === 11 ? 1 : 0)));
  const [ct, tag] = call(CR, "crypto_one_time_aead/6", at("aes_128_gcm"), k, nonce, b("hello"), b("aad"), true) as Term[];
  assert.equal(hex(ct), "0cfc6afa04");
  assert.equal(hex(tag), "702e8119ee01f95edf22b53eb71371cd");
  assert.deepEqual(call(CR, "crypto_one_time_aead/7", at("aes_128_gcm"), k, nonce, ct, b("aab"), tag, false), at("error"));
});
