// Grapheme clusters (runtime/graphemes.ts) found a window at a time are the clusters the
// segmenter finds in the whole text: around window ends, surrogate pairs, regional
// indicator pairs, emoji sequences, Hangul jamo and clusters longer than a window.
import assert from "node:assert/strict";
import { test } from "node:test";
import { graphemeClusters, graphemeLength, reverseGraphemes } from "../../src/runtime/graphemes.js";

const segmenter = new Intl.Segmenter("en", { granularity: "grapheme" });
const whole = (s: string) => Array.from(segmenter.segment(s), (g) => g.segment);

const PARTS = [
  "a", " ", "é", "中", "e\u0301", "\u0301", "\u{1F1F0}", "\u{1F1F0}\u{1F1F7}", "\u{1F468}\u200d\u{1F469}\u200d\u{1F467}", "\u200d",
  "\u{1F44D}\u{1F3FD}", "\u{1F3FD}", "\u1100", "\u1161", "\u11a8", "가", "각", "\r", "\n", "\r\n", "\u0600", "\u0903", "\u{E0020}",
  "\u{1F3F4}\u{E0067}\u{E0062}\u{E007F}", "\u00ad", "\u0e33", "ก",
];

function check(s: string): void {
  const expected = whole(s);
  assert.deepEqual([...graphemeClusters(s)], expected);
  assert.equal(graphemeLength(s), expected.length);
  assert.equal(reverseGraphemes(s), [...expected].reverse().join(""));
}

test("random mixtures of every kind of cluster, some of them long", () => {
  let seed = 7;
  const r = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  for (let t = 0; t < 400; t++) {
    const run = PARTS[Math.floor(r() * PARTS.length)];
    let s = "";
    const n = Math.floor(r() * 600);
    for (let k = 0; k < n; k++) s += r() < 0.4 ? run : PARTS[Math.floor(r() * PARTS.length)];
    check(s);
  }
});

test("runs longer than a window: regional indicators (odd and even), combining marks, jamo", () => {
  for (const s of [
    "\u{1F1F0}".repeat(1001),
    "x" + "\u{1F1F0}".repeat(1000) + "y",
    "a" + "\u0301".repeat(1000) + "b",
    ("\u{1F468}\u200d\u{1F469}\u200d\u{1F467}" + "\u0301".repeat(300)).repeat(5),
    "\u1100".repeat(700) + "\u1161".repeat(600) + "\u11a8".repeat(300),
    "\u{1F44D}\u{1F3FD}e\u0301".repeat(3000),
  ]) check(s);
});
