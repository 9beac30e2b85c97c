// Result colours match the bytes real iex 1.14 writes (recorded from a terminal session).
import assert from "node:assert/strict";
import { test } from "node:test";
import { colorizeResult, iexPalette, paint, paletteFor, plainPalette } from "../../src/shell/colors.js";

test("a result is coloured with iex's syntax colours, byte for byte", () => {
  const plain = `{1..3, -1, :"foo bar", %{"k" => :v}, Foo.Bar, nil, [a: 1, b: "x"], <<1, 2>>,\n 2.5, 'ab', %{"a b": true}}`;
  const iex =
    '\x1b[33m\x1b[39m{\x1b[0m\x1b[33m\x1b[33m1\x1b[0m\x1b[33m..\x1b[33m3\x1b[0m\x1b[33m\x1b[39m,\x1b[0m\x1b[33m \x1b[33m-1\x1b[0m\x1b[33m\x1b[39m,\x1b[0m\x1b[33m \x1b[36m:"foo bar"\x1b[0m\x1b[33m\x1b[39m,\x1b[0m\x1b[33m \x1b[39m%{\x1b[0m\x1b[33m\x1b[32m"k"\x1b[0m\x1b[33m\x1b[39m => \x1b[0m\x1b[33m\x1b[36m:v\x1b[0m\x1b[33m\x1b[39m}\x1b[0m\x1b[33m\x1b[39m,\x1b[0m\x1b[33m \x1b[36mFoo.Bar\x1b[0m\x1b[33m\x1b[39m,\x1b[0m\x1b[33m \x1b[35mnil\x1b[0m\x1b[33m\x1b[39m,\x1b[0m\x1b[33m \x1b[39m[\x1b[0m\x1b[33m\x1b[36ma:\x1b[0m\x1b[33m \x1b[33m1\x1b[0m\x1b[33m\x1b[39m,\x1b[0m\x1b[33m \x1b[36mb:\x1b[0m\x1b[33m \x1b[32m"x"\x1b[0m\x1b[33m\x1b[39m]\x1b[0m\x1b[33m\x1b[39m,\x1b[0m\x1b[33m \x1b[39m<<\x1b[0m\x1b[33m\x1b[33m1\x1b[0m\x1b[33m, \x1b[33m2\x1b[0m\x1b[33m\x1b[39m>>\x1b[0m\x1b[33m\x1b[39m,\x1b[0m\x1b[33m\n \x1b[33m2.5\x1b[0m\x1b[33m\x1b[39m,\x1b[0m\x1b[33m \x1b[33m\'ab\'\x1b[0m\x1b[33m\x1b[39m,\x1b[0m\x1b[33m \x1b[39m%{\x1b[0m\x1b[33m\x1b[36m"a b":\x1b[0m\x1b[33m \x1b[35mtrue\x1b[0m\x1b[33m\x1b[39m}\x1b[0m\x1b[33m\x1b[39m}\x1b[0m\x1b[33m\x1b[0m';
  assert.equal(colorizeResult(plain, iexPalette), iex);
});

test("custom inspect forms (MapSet.new, structs, pids) are coloured like iex", () => {
  assert.equal(
    colorizeResult("MapSet.new([1])", iexPalette),
    "\x1b[33mMapSet.new(\x1b[39m[\x1b[0m\x1b[33m\x1b[33m1\x1b[0m\x1b[33m\x1b[39m]\x1b[0m\x1b[33m)\x1b[0m",
  );
  assert.equal(
    colorizeResult("%URI{port: nil}", iexPalette),
    "\x1b[33m\x1b[39m%URI{\x1b[0m\x1b[33m\x1b[36mport:\x1b[0m\x1b[33m \x1b[35mnil\x1b[0m\x1b[33m\x1b[39m}\x1b[0m\x1b[33m\x1b[0m",
  );
  assert.equal(colorizeResult("#PID<0.108.0>", iexPalette), "\x1b[33m#PID<0.108.0>\x1b[0m");
  assert.equal(colorizeResult(":ok", iexPalette), "\x1b[33m\x1b[36m:ok\x1b[0m\x1b[33m\x1b[0m");
});

test("no colour without a terminal or with NO_COLOR", () => {
  assert.equal(colorizeResult("[1, :a]", plainPalette), "[1, :a]");
  assert.equal(paletteFor({ isTTY: false }, {}), plainPalette);
  assert.equal(paletteFor({ isTTY: true }, { NO_COLOR: "1" }), plainPalette);
  assert.equal(paletteFor({ isTTY: true }, { TERM: "xterm" }), iexPalette);
});

test("errors are painted red with the trailing newlines left outside", () => {
  assert.equal(paint(iexPalette.error, "** (RuntimeError) x\n\n"), "\x1b[31m** (RuntimeError) x\x1b[0m\n\n");
  assert.equal(paint(plainPalette.error, "x\n"), "x\n");
});
