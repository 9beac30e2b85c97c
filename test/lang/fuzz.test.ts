// Robustness: random and mutated inputs must either parse or raise ParseError (never
// another exception, never hang), and pathological nesting must not overflow the stack.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse, ParseError } from "../../src/lang/parser.js";
import type { Fixture } from "./fixture-json.js";

const dir = fileURLToPath(new URL("../../../test/lang/fixtures/", import.meta.url));
const fixtures: Fixture[] = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .flatMap((f) => JSON.parse(readFileSync(dir + f, "utf8")) as Fixture[]);
const corpus = fixtures.map((x) => x.src);

/** mulberry32: a small deterministic PRNG. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  "(", ")", "[", "]", "{", "}", "<<", ">>", "%{", "%", "do", "end", "fn", "->", ",", ";", "\n", "\"", "'",
  "\"\"\"\n", "#{", "~s(", "~r/", "?", ":", "::", ".", "..", "//", "|", "|>", "=>", "&", "&1", "@", "^", "!",
  "not", "in", "when", "else", "after", "\\\\", "\\", "#", " ", "a", "Foo", "1", "1.0", "0x", "_", "é", "😀",
  "\t", "\r\n", "-", "+", "*", "=", "==", "a:", "\"k\":", "do:", "...", "\u202e", "\u0000",
];

function mutate(src: string, r: () => number): string {
  const chars = Array.from(src);
  const n = 1 + Math.floor(r() * 4);
  for (let k = 0; k < n; k++) {
    const at = Math.floor(r() * (chars.length + 1));
    const op = r();
    if (op < 0.35) chars.splice(at, 1 + Math.floor(r() * 3));
    else if (op < 0.8) chars.splice(at, 0, PIECES[Math.floor(r() * PIECES.length)]);
    else if (chars.length > 1) {
      const j = Math.floor(r() * chars.length);
      [chars[at % chars.length], chars[j]] = [chars[j], chars[at % chars.length]];
    }
  }
  return chars.join("");
}

function garbage(r: () => number): string {
  let s = "";
  const n = Math.floor(r() * 40);
  for (let k = 0; k < n; k++) s += r() < 0.7 ? PIECES[Math.floor(r() * PIECES.length)] : String.fromCharCode(Math.floor(r() * 128));
  return s;
}

function assertParseOrParseError(src: string): void {
  try {
    parse(src);
  } catch (e) {
    if (!(e instanceof ParseError)) assert.fail(`non-ParseError ${(e as Error)?.stack} for ${JSON.stringify(src)}`);
    assert.equal(typeof e.formatMessage(), "string");
  }
}

test("fuzz: mutated corpus and random garbage", () => {
  const r = rng(12345);
  for (let i = 0; i < 4000; i++) {
    const base = corpus[Math.floor(r() * corpus.length)];
    assertParseOrParseError(i % 4 === 3 ? garbage(r) : mutate(base, r));
  }
});

test("deep nesting raises ParseError or parses, never RangeError", () => {
  const deep = [
    "(".repeat(10000) + "1" + ")".repeat(10000),
    "[".repeat(10000) + "]".repeat(10000),
    "{".repeat(10000) + "}".repeat(10000),
    "fn -> ".repeat(3000) + "1" + " end".repeat(3000),
    "\"#{".repeat(3000) + "1" + "}\"".repeat(3000),
    "-".repeat(20000) + "1",
    "!".repeat(20000) + "a",
    "a = ".repeat(20000) + "1",
    "a" + ".b".repeat(20000),
    "1" + " + 1".repeat(50000),
    "foo ".repeat(10000) + "1",
    "[".repeat(10000),
    "%{a: ".repeat(5000),
  ];
  for (const src of deep) assertParseOrParseError(src);
});

// Parse speed is measured by `npm run bench` (timed tests are flaky on a busy machine).
test("a 2,000-line program made of the lesson modules parses", () => {
  const lessons = fixtures.filter((x) => x.ast && x.src.includes("defmodule")).map((x) => x.src).join("\n");
  let src = "";
  while (src.split("\n").length < 2000) src += lessons + "\n";
  const ast = parse(src) as { name: string; args: unknown[] };
  assert.equal(ast.name, "__block__");
  assert.ok(ast.args.length > 100);
});
