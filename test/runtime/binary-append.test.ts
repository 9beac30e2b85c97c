// Appending to binaries (binary-append.ts): in place into a shared buffer when the binary is
// the buffer's newest, copied otherwise, and always the same bytes as a fresh build; UTF-8
// validity (string or Bin) decided as binFromBytes would.
import assert from "node:assert/strict";
import { test } from "node:test";
import { appendByte, appendBytes } from "../../src/runtime/binary-append.js";
import { Bin, binBytes, binFromBytes } from "../../src/runtime/term.js";
import { evalsTo } from "../helpers/eval.js";

/** A deterministic pseudo-random generator (xorshift). */
function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

/** Valid UTF-8 as the WHATWG decoder sees it (overlong forms, surrogates, past U+10FFFF: invalid), as the BEAM does. */
const fatal = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
function decodes(bytes: number[]): boolean {
  try {
    fatal.decode(Uint8Array.from(bytes));
    return true;
  } catch {
    return false;
  }
}

function same(got: string | Bin, bytes: number[]): void {
  assert.equal(typeof got === "string", decodes(bytes), `string or Bin for ${bytes}`);
  assert.equal(typeof binFromBytes(Uint8Array.from(bytes)) === "string", decodes(bytes), `binFromBytes for ${bytes}`);
  assert.deepEqual([...binBytes(got)], bytes);
}

test("random appends, also to older binaries, agree with building the bytes afresh", () => {
  const rand = rng(7);
  // Bytes drawn so that UTF-8 sequences are often started, completed and broken.
  const pool = [0x41, 0x7a, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0xff, 0xed, 0xa0, 0x80];
  const kept: [string | Bin, number[]][] = [["", []]];
  for (let i = 0; i < 20_000; i++) {
    // mostly the newest binary (in place), sometimes an older one (copies)
    const [x, xs] = rand() < 0.8 ? kept[kept.length - 1] : kept[Math.floor(rand() * kept.length)];
    const add = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pool[Math.floor(rand() * pool.length)]);
    const y = appendBytes(x, Uint8Array.from(add));
    const ys = [...xs, ...add];
    same(y, ys);
    kept.push([y, ys]);
    if (kept.length > 200) kept.splice(1, 1);
  }
  for (const [x, xs] of kept) same(x, xs);
});

test("appendByte (one byte, no array for it) agrees with appendBytes and with building afresh", () => {
  const rand = rng(11);
  const pool = [0x41, 0x7a, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0xff, 0xed, 0xa0, 0x80];
  const kept: [string | Bin, number[]][] = [["", []]];
  for (let i = 0; i < 20_000; i++) {
    const [x, xs] = rand() < 0.8 ? kept[kept.length - 1] : kept[Math.floor(rand() * kept.length)];
    const byte = pool[Math.floor(rand() * pool.length)];
    // one byte at a time, or now and then several (the buffer moves on under older binaries)
    const one = rand() < 0.9;
    const y = one ? appendByte(x, byte) : appendBytes(x, Uint8Array.of(byte, byte));
    const ys = one ? [...xs, byte] : [...xs, byte, byte];
    same(y, ys);
    kept.push([y, ys]);
    if (kept.length > 200) kept.splice(1, 1);
  }
  for (const [x, xs] of kept) same(x, xs);
  // in place once the buffer can no longer be UTF-8; an older binary copies
  const a = appendByte(appendByte("", 0xff), 1);
  const b = appendByte(a, 2);
  const c = appendByte(a, 3);
  same(b, [0xff, 1, 2]);
  same(c, [0xff, 1, 3]);
  assert.ok(a instanceof Bin && b instanceof Bin && c instanceof Bin && a.buf === b.buf && c.buf !== b.buf);
});

test("appending to the same binary twice gives two binaries, the first unchanged", () => {
  const a = appendBytes("", Uint8Array.of(0xff));
  const b = appendBytes(a, Uint8Array.of(1));
  const c = appendBytes(a, Uint8Array.of(2));
  const d = appendBytes(b, Uint8Array.of(3));
  same(a, [0xff]);
  same(b, [0xff, 1]);
  same(c, [0xff, 2]);
  same(d, [0xff, 1, 3]);
  assert.ok(b instanceof Bin && d instanceof Bin && b.buf === d.buf, "the newest binary appends in place");
  assert.ok(c instanceof Bin && c.buf !== b.buf, "an older one is copied");
});

test("<> and <<acc::binary, ...>> in Elixir", () => {
  assert.equal(evalsTo(`
    defmodule AppendT do
      def app(acc, 0), do: acc
      def app(acc, n), do: app(acc <> <<rem(n, 256)>>, n - 1)
      def seg(acc, 0), do: acc
      def seg(acc, n), do: seg(<<acc::binary, rem(n, 256), 1::16>>, n - 1)
    end
    a = AppendT.app(<<>>, 1000)
    b = AppendT.seg("", 1000)
    {byte_size(a), byte_size(b), :binary.at(a, 999), binary_part(b, 0, 3), a <> <<1>> == a <> <<1>>}`), "{1000, 3000, 1, <<232, 0, 1>>, true}");
  assert.equal(evalsTo(`x = <<0xC3>>; y = x <> <<0xA9>>; {y, x, y <> "!", x <> "!", String.valid?(y)}`), `{"é", <<195>>, "é!", <<195, 33>>, true}`);
  assert.equal(evalsTo(`s = "ab" <> <<0xE2, 0x82>>; {s <> <<0xAC>>, s <> "c", s}`), `{"ab€", <<97, 98, 226, 130, 99>>, <<97, 98, 226, 130>>}`);
  assert.equal(evalsTo(`y = <<1::1>>; {try(do: "a" <> y, rescue: (e -> e)), try(do: y <> "a", rescue: (e -> e))}`), "{%ArgumentError{message: \"argument error\"}, %ArgumentError{message: \"argument error\"}}");
});
