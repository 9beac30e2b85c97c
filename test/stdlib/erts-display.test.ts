// erlang:display/1's printer vs. what OTP 25's emulator prints (recorded with iex:
// `:erlang.display(term)` for each term below).
import { test } from "node:test";
import assert from "node:assert/strict";
import { ertsDisplay } from "../../src/stdlib/erts-display.js";
import { MapTerm } from "../../src/runtime/map.js";
import { Bin, Cons, Term, a, list } from "../../src/runtime/term.js";
import { at, bin, f, l } from "./helpers.js";

const chars = (s: string) => list(Array.from(s, (c) => c.codePointAt(0)!));
const cases: [Term, string][] = [
  [MapTerm.fromPairs([[a("a"), 1], [a("b"), "x"]]), '#{a=>1,b=><<"x">>}'],
  ["bin", '<<"bin">>'],
  [bin(1, 2, 3), "<<1,2,3>>"],
  [[1, f(2.5), at("a"), chars("abc"), new Cons(1, 2)], '{1,2.500000e+00,a,"abc",[1|2]}'],
  [-1, "-1"],
  [new Bin(Uint8Array.of(1 << 5), 3), "<<1:3>>"],
  [new Bin(Uint8Array.of(1, 5 << 5), 3), "<<1,5:3>>"],
  [at("A b"), "'A b'"],
  [at("a@b"), "'a@b'"],
  [at("a'b"), "'a\\'b'"],
  [at(""), "''"],
  [MapTerm.fromPairs([[[1, 2], l(3)]]), "#{{1,2}=>[3]}"],
  ["héllo", "<<104,195,169,108,108,111>>"],
  [l(), "[]"],
  [f(1.0e100), "1.000000e+100"],
  [f(-0.5), "-5.000000e-01"],
  [chars('a"b\nc\td'), '"a\\"b\\nc\td"'],
  [l(7, 8), "[7,8]"],
  [bin(), "<<>>"],
  [at("ok"), "ok"],
  [[], "{}"],
  [12345678901234567890n, "12345678901234567890"],
];

test("erlang:display/1 prints terms as the emulator does", () => {
  for (const [t, expected] of cases) assert.equal(Buffer.from(ertsDisplay(t)).toString("latin1"), expected + "\n");
});
