// The external term format: known encodings from OTP 25, round trips, malformed input, and a
// property test against a real Erlang VM (same bytes as its term_to_binary, and its
// encoding decodes back to the same term).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createRuntime } from "../../src/boot.js";
import { etfContext } from "../../src/runtime/dist/context.js";
import { EncodeOptions, EtfError, decode, encode, formatE20 } from "../../src/runtime/dist/etf.js";
import { Fun } from "../../src/runtime/fun.js";
import { inspect } from "../../src/runtime/inspect.js";
import { MapTerm } from "../../src/runtime/map.js";
import { strictEquals } from "../../src/runtime/term-order.js";
import { Bin, Cons, Float, NIL, Pid, Term, a, atom, binFromBytes, int, list } from "../../src/runtime/term.js";
import { ErlOracle, NO_ERLANG, hasErlang } from "./real-erl.js";
import { evalsTo, testRuntime } from "../helpers/eval.js";

const rt = createRuntime({ write: () => {} });
const ctx = etfContext(rt);
const enc = (t: Term, o: EncodeOptions = {}) => [...encode(t, ctx, o)];
const dec = (b: number[]) => decode(new Uint8Array(b), ctx).term;

describe("encoding as OTP 25 does", () => {
  test("numbers", () => {
    assert.deepEqual(enc(1), [131, 97, 1]);
    assert.deepEqual(enc(256), [131, 98, 0, 0, 1, 0]);
    assert.deepEqual(enc(-1), [131, 98, 255, 255, 255, 255]);
    assert.deepEqual(enc(-2147483648), [131, 98, 128, 0, 0, 0]);
    assert.deepEqual(enc(2147483648), [131, 110, 4, 0, 0, 0, 0, 128]);
    assert.deepEqual(enc(int(1n << 64n)), [131, 110, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual(enc(new Float(1.5)), [131, 70, 63, 248, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(enc(new Float(-0)), [131, 70, 128, 0, 0, 0, 0, 0, 0, 0]);
  });

  test("floats as text in minor version 0", () => {
    assert.equal(formatE20(1.5), "1.50000000000000000000e+00");
    assert.equal(formatE20(1e300), "1.00000000000000005250e+300");
    assert.equal(formatE20(5e-324), "4.94065645841246544177e-324");
    assert.deepEqual(enc(new Float(1.5), { minorVersion: 0 }).slice(0, 4), [131, 99, 49, 46]);
    assert.equal(enc(new Float(1.5), { minorVersion: 0 }).length, 33);
  });

  test("atoms: Latin-1 ATOM_EXT by default, UTF-8 past Latin-1 or in minor version 2", () => {
    assert.deepEqual(enc(a("a")), [131, 100, 0, 1, 97]);
    assert.deepEqual(enc(a("é")), [131, 100, 0, 1, 233]);
    assert.deepEqual(enc(a("日")), [131, 119, 3, 230, 151, 165]);
    assert.deepEqual(enc(a("a"), { minorVersion: 2 }), [131, 119, 1, 97]);
    assert.deepEqual(enc(true), [131, 100, 0, 4, 116, 114, 117, 101]);
    assert.deepEqual(enc(null), [131, 100, 0, 3, 110, 105, 108]);
    const long = a("日".repeat(100));
    assert.deepEqual(enc(long).slice(0, 4), [131, 118, 1, 44]);
    assert.equal(dec(enc(long)), long);
  });

  test("lists, strings, tuples, binaries, bitstrings, maps", () => {
    assert.deepEqual(enc(list([1, 2, 3])), [131, 107, 0, 3, 1, 2, 3]);
    assert.deepEqual(enc(new Cons(1, 2)), [131, 108, 0, 0, 0, 1, 97, 1, 97, 2]);
    assert.deepEqual(enc(list([1, a("a")])), [131, 108, 0, 0, 0, 2, 97, 1, 100, 0, 1, 97, 106]);
    assert.deepEqual(enc(NIL), [131, 106]);
    assert.deepEqual(enc([1, 2]), [131, 104, 2, 97, 1, 97, 2]);
    assert.deepEqual(enc("abc"), [131, 109, 0, 0, 0, 3, 97, 98, 99]);
    assert.deepEqual(enc(new Bin(new Uint8Array([32]), 3)), [131, 77, 0, 0, 0, 1, 3, 32]);
    const m = MapTerm.fromPairs([[a("a"), 1], [new Float(1), 2], [1, 3]]);
    assert.deepEqual(enc(m), [131, 116, 0, 0, 0, 3, 97, 1, 97, 3, 70, 63, 240, 0, 0, 0, 0, 0, 0, 97, 2, 100, 0, 1, 97, 97, 1]);
  });

  test("export funs", () => {
    assert.deepEqual(enc(new Fun(2, null, [], a("lists"), a("map"))), [131, 113, 100, 0, 5, 108, 105, 115, 116, 115, 100, 0, 3, 109, 97, 112, 97, 2]);
  });

  test("compression only when it pays", () => {
    assert.deepEqual(enc([1, 2], { compressed: 6 }), [131, 104, 2, 97, 1, 97, 2]);
    const hundred = "a".repeat(100);
    assert.deepEqual(enc(hundred, { compressed: 9 }), [131, 80, 0, 0, 0, 105, 120, 218, 203, 101, 96, 96, 72, 73, 164, 3, 0, 0, 206, 117, 38, 182]);
    assert.equal(dec(enc(hundred, { compressed: 1 })), hundred);
  });
});

describe("decoding", () => {
  test("deprecated and alternative tags", () => {
    assert.equal(dec([131, 115, 1, 97]), a("a"));
    assert.equal(dec([131, 100, 0, 4, 116, 114, 117, 101]), true);
    assert.deepEqual(inspect(dec([131, 99, ...Buffer.from("1.5"), ...new Array(28).fill(0)])), "1.5");
    assert.equal(dec([131, 110, 1, 0, 5]), 5);
    assert.equal(dec([131, 110, 8, 0, 255, 255, 255, 255, 255, 255, 255, 255]), 18446744073709551615n);
    assert.ok(strictEquals(dec([131, 77, 0, 0, 0, 1, 3, 255]), new Bin(new Uint8Array([224]), 3)));
  });

  test("trailing bytes are ignored; `used` says how many were read", () => {
    const r = decode(new Uint8Array([131, 97, 1, 2, 3]), ctx);
    assert.deepEqual([r.term, r.used], [1, 3]);
  });

  test("malformed input is an EtfError, never a crash", () => {
    const bad = [[], [1, 2], [131], [131, 104, 5], [131, 107, 0, 9, 1], [131, 116, 0, 0, 0, 2, 97, 1, 97, 1, 97, 1, 97, 2], [131, 77, 0, 0, 0, 0, 8], [131, 200], [131, 99, ...Buffer.from("15"), ...new Array(29).fill(0)], [131, 80, 0, 0, 0, 9, 1, 2, 3], [131, 108, 255, 255, 255, 255]];
    for (const b of bad) assert.throws(() => dec(b), EtfError, JSON.stringify(b));
  });

  test("safe refuses new atoms", () => {
    assert.throws(() => decode(new Uint8Array([131, 100, 0, 9, ...Buffer.from("zq_nope_x")]), ctx, { safe: true }), EtfError);
    assert.equal(decode(new Uint8Array(enc(a("ok"))), ctx, { safe: true }).term, a("ok"));
  });

  test("a term nested a million levels deep", () => {
    let t: Term = NIL;
    for (let i = 0; i < 1_000_000; i++) t = [t];
    const b = encode(t, ctx);
    let back = decode(b, ctx).term;
    let depth = 0;
    while (Array.isArray(back)) {
      back = back[0];
      depth++;
    }
    assert.equal(depth, 1_000_000);
  });
});

// ---- random terms ------------------------------------------------------------------------

/** A small seeded PRNG (mulberry32), so failures reproduce. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Gen {
  constructor(readonly r: () => number) {}
  int(n: number): number {
    return Math.floor(this.r() * n);
  }
  pick<T>(xs: T[]): T {
    return xs[this.int(xs.length)];
  }
  text(max: number, alphabet: string[]): string {
    let s = "";
    const n = this.int(max + 1);
    for (let i = 0; i < n; i++) s += this.pick(alphabet);
    return s;
  }
  float(): Float {
    const special = [0, -0, 1.5, 0.1, 1e300, -1e-300, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308];
    if (this.r() < 0.3) return new Float(this.pick(special));
    for (;;) {
      const b = new DataView(new ArrayBuffer(8));
      b.setUint32(0, this.int(2 ** 32));
      b.setUint32(4, this.int(2 ** 32));
      const v = b.getFloat64(0);
      if (Number.isFinite(v)) return new Float(v);
    }
  }
  integer(): Term {
    switch (this.int(5)) {
      case 0: return this.int(256);
      case 1: return this.int(2 ** 32) - 2 ** 31;
      case 2: return this.pick([255, 256, -1, 2147483647, 2147483648, -2147483648, -2147483649, 9007199254740991, -9007199254740991]);
      case 3: return this.int(2 ** 53) * (this.r() < 0.5 ? -1 : 1);
      default: {
        let v = 0n;
        const bytes = 1 + this.int(300);
        for (let i = 0; i < bytes; i++) v = (v << 8n) | BigInt(this.int(256));
        return int(this.r() < 0.5 ? -v : v);
      }
    }
  }
  atomTerm(): Term {
    const latin = ["a", "b", "z", "_", "@", "é", "ß", "ÿ", " "];
    const uni = [...latin, "日", "本", "🙂", "λ"];
    if (this.r() < 0.2) return this.pick([true, false, null, a("ok"), a("Elixir.Enum")]);
    return atom(this.text(this.r() < 0.1 ? 255 : 12, this.r() < 0.5 ? latin : uni) || "x");
  }
  binary(): Term {
    if (this.r() < 0.5) return this.text(this.r() < 0.05 ? 2000 : 40, ["a", "é", "日", "🙂", "\0", " "]);
    const n = this.int(this.r() < 0.05 ? 5000 : 50);
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) b[i] = this.int(256);
    return binFromBytes(b);
  }
  bitstring(): Term {
    const n = 1 + this.int(20);
    const bits = 1 + this.int(7);
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) b[i] = this.int(256);
    b[n - 1] &= (0xff << (8 - bits)) & 0xff;
    return new Bin(b, bits);
  }
  term(depth: number): Term {
    const leaf = depth <= 0 || this.r() < 0.35;
    if (leaf) {
      switch (this.int(8)) {
        case 0: case 1: return this.integer();
        case 2: return this.float();
        case 3: return this.atomTerm();
        case 4: return this.binary();
        case 5: return this.bitstring();
        case 6: return new Fun(this.int(4), null, [], a(this.pick(["lists", "Elixir.Enum", "erlang"])), a(this.pick(["map", "foldl", "+"])));
        default: return NIL;
      }
    }
    switch (this.int(6)) {
      case 0: {
        const n = this.int(this.r() < 0.05 ? 300 : 6);
        return Array.from({ length: n }, () => this.term(depth - 1));
      }
      case 1: {
        const n = this.int(6);
        const items = Array.from({ length: n }, () => this.term(depth - 1));
        return list(items, this.r() < 0.2 ? this.term(0) : NIL);
      }
      case 2: {
        const n = this.r() < 0.005 ? 70000 : this.int(40);
        return list(Array.from({ length: n }, () => this.int(256)));
      }
      case 3: {
        const n = this.int(8);
        const pairs: [Term, Term][] = [];
        for (let i = 0; i < n; i++) pairs.push([this.term(depth - 1), this.term(depth - 1)]);
        if (this.r() < 0.3) pairs.push([1, 1], [new Float(1), 2]);
        return MapTerm.fromPairs(pairs);
      }
      case 4: return [a("ok"), this.term(depth - 1)];
      default: return list([this.term(depth - 1), this.term(depth - 1)]);
    }
  }
}

describe("against a real Erlang VM", { skip: hasErlang() ? false : NO_ERLANG }, () => {
  let erl: ErlOracle;
  before(() => {
    erl = new ErlOracle();
  });
  after(() => erl.close());

  async function check(t: Term, mode: "plain" | "det" | "zip" | "zip9" | "v0" | "v2", opts: EncodeOptions): Promise<void> {
    const ours = encode(t, ctx, opts);
    const theirs = await erl.reencode(ours, mode);
    if (theirs === null) assert.fail("the real VM could not decode " + inspect(t).slice(0, 300));
    if (Buffer.compare(Buffer.from(ours), Buffer.from(theirs)) !== 0) {
      let i = 0;
      while (ours[i] === theirs[i]) i++;
      const around = (b: Uint8Array) => Buffer.from(b.subarray(Math.max(0, i - 24), i + 24)).toString("hex");
      assert.fail(`bytes differ at ${i} of ${ours.length}/${theirs.length} (${mode}): ours ${around(ours)} theirs ${around(theirs)} for ${inspect(t).slice(0, 300)}`);
    }
    if (!strictEquals(decode(theirs, ctx).term, t)) assert.fail("round trip changed " + inspect(t).slice(0, 300));
  }

  /**
   * zlib output depends on the zlib build (Node bundles Chromium's, BEAM links the system's),
   * so compressed terms are checked both ways by content: the VM reads ours as the term and
   * we read the VM's as the term. (Whether to compress follows BEAM's rule, zlib output no
   * larger than the plain encoding minus 6 bytes, but the sizes come from different zlibs.)
   */
  async function checkCompressed(t: Term, level: number): Promise<void> {
    const plain = encode(t, ctx);
    const ours = encode(t, ctx, { compressed: level });
    const back = await erl.reencode(ours, "plain");
    if (back === null || Buffer.compare(Buffer.from(back), Buffer.from(plain)) !== 0) assert.fail("the VM read our compressed term differently: " + inspect(t).slice(0, 200));
    const theirs = await erl.reencode(plain, level === 9 ? "zip9" : "zip");
    assert.ok(theirs !== null && strictEquals(decode(theirs, ctx).term, t));
  }

  test("random terms: same bytes as term_to_binary, and back", async () => {
    const g = new Gen(prng(12345));
    for (let i = 0; i < 1000; i++) await check(g.term(4), "plain", {});
  });

  test("random terms with options: compressed, minor versions 0 and 2", async () => {
    const g = new Gen(prng(777));
    for (let i = 0; i < 200; i++) {
      const t = g.term(3);
      await checkCompressed(t, 6);
      await checkCompressed(t, 9);
      await check(t, "v0", { minorVersion: 0 });
      await check(t, "v2", { minorVersion: 2 });
    }
  });

  test("large maps in deterministic order", async () => {
    const g = new Gen(prng(99));
    for (let i = 0; i < 40; i++) {
      const pairs: [Term, Term][] = [];
      const n = 33 + g.int(100);
      for (let k = 0; k < n; k++) pairs.push([g.term(1), g.term(1)]);
      await check(MapTerm.fromPairs(pairs), "det", { deterministic: true });
    }
  });

  test("pids and references of this node", async () => {
    await check(new Pid(81, 0), "plain", {});
    await check([rt.makeRef(), new Pid(100, 3)], "plain", {});
  });
});

describe("funs of compiled modules", () => {
  const run = (src: string) => {
    const t = testRuntime();
    return { t, v: evalsTo(src, t) };
  };

  test("a module's closure travels as module and lambda index, and runs where the module is loaded", () => {
    const mod = "defmodule Shared do\n  def f(zed, abe), do: fn x -> {x, abe, zed} end\nend\n";
    const here = testRuntime();
    evalsTo(mod, here);
    const there = testRuntime();
    evalsTo(mod, there);
    const bytes = evalsTo(":erlang.term_to_binary(Shared.f(1, 2)) |> :erlang.binary_to_list() |> inspect(limit: :infinity)", here);
    // Bound outside in the order zed, abe: the environment keeps that order, as BEAM's does.
    assert.equal(evalsTo(`:erlang.fun_info(Shared.f(1, 2), :env)`, here), "{:env, [1, 2]}");
    assert.equal(evalsTo(`f = :erlang.binary_to_term(:erlang.list_to_binary(${bytes.slice(1, -1)})); f.(0)`, there), "{0, 2, 1}");
    const lost = testRuntime();
    assert.match(evalsTo(`f = :erlang.binary_to_term(:erlang.list_to_binary(${bytes.slice(1, -1)})); try do f.(0) rescue e -> Exception.message(e) end`, lost), /^"undefined function"$/);
  });

  test("a module's fun is local to fun_info, named after its function", () => {
    const { t } = run("defmodule Named do\n  def adder(n), do: fn x -> x + n end\nend\n");
    assert.equal(evalsTo(":erlang.fun_info(Named.adder(1), :type)", t), "{:type, :local}");
    assert.equal(evalsTo(":erlang.fun_info(Named.adder(1), :name)", t), `{:name, :"-adder/1-fun-0-"}`);
    assert.equal(evalsTo(":erlang.fun_info(fn -> 1 end, :name)", t), `{:name, :"-expr/6-fun-2-"}`);
  });
});
