// Integer, Float, Bitwise, Atom, Tuple, :math natives vs. real Elixir 1.14 output.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { NativeFn } from "../../src/runtime/code.js";
import { natives as integer } from "../../src/stdlib/integer.js";
import { natives as floatMod } from "../../src/stdlib/float.js";
import { natives as bitwise } from "../../src/stdlib/bitwise.js";
import { natives as atomMod } from "../../src/stdlib/atom.js";
import { natives as tuple } from "../../src/stdlib/tuple.js";
import { natives as math } from "../../src/stdlib/math.js";
import { at, bin, f, frame, l, run } from "./helpers.js";

type Case = [string, unknown[], string];

function check(name: string, fns: Record<string, NativeFn>, cases: Case[]): void {
  const failures: string[] = [];
  for (const [key, args, expected] of cases) {
    const got = run(fns, key, ...args);
    if (got !== expected) failures.push(`${name}.${key}(${args.map(String).join(", ")}): got ${got} want ${expected}`);
  }
  assert.deepEqual(failures, []);
}

const ARITH = "** (ArithmeticError) bad argument in arithmetic expression";

test("Integer", () => {
  check("Integer", integer.fns, [
    ["digits/1", [123], "[1, 2, 3]"],
    ["digits/2", [170, 2], "[1, 0, 1, 0, 1, 0, 1, 0]"],
    ["digits/2", [-170, 2], "[-1, 0, -1, 0, -1, 0, -1, 0]"],
    ["digits/1", [0], "[0]"],
    ["digits/2", [12, 1], "** (FunctionClauseError) no function clause matching in Integer.digits/2"],
    ["digits/1", [10n ** 20n], "[1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]"],
    ["is_even/1", [10], "true"],
    ["is_even/1", [5], "false"],
    ["is_even/1", [-10], "true"],
    ["is_even/1", [0], "true"],
    ["is_odd/1", [5], "true"],
    ["is_odd/1", [-9], "true"],
    ["pow/2", [2, 0], "1"],
    ["pow/2", [2, 1], "2"],
    ["pow/2", [2, 10], "1024"],
    ["pow/2", [2, 11], "2048"],
    ["pow/2", [2, 64], "18446744073709551616"],
    ["pow/2", [3, 4], "81"],
    ["pow/2", [4, 3], "64"],
    ["pow/2", [-2, 3], "-8"],
    ["pow/2", [-2, 4], "16"],
    ["pow/2", [2, -2], ARITH],
    ["pow/2", [f(2), 2], "** (FunctionClauseError) no function clause matching in Integer.pow/2"],
    ["pow/2", [2, 10_000_000_000], "** (SystemLimitError) a system limit has been reached"],
    ["to_string/1", [123], '"123"'],
    ["to_string/1", [-789], '"-789"'],
    ["to_string/2", [100, 16], '"64"'],
    ["to_string/2", [-100, 16], '"-64"'],
    ["to_string/2", [882_681_651, 36], '"ELIXIR"'],
    ["to_string/1", [f(1)], "** (ArgumentError) errors were found at the given arguments:\n\n  * 1st argument: not an integer\n"],
    ["to_charlist/2", [255, 16], "'FF'"],
    ["to_charlist/1", [123], "'123'"],
    ["parse/1", ["34"], '{34, ""}'],
    ["parse/1", ["34.5"], '{34, ".5"}'],
    ["parse/1", ["three"], ":error"],
    ["parse/2", ["34", 10], '{34, ""}'],
    ["parse/2", ["f4", 16], '{244, ""}'],
    ["parse/2", ["Awww++", 36], '{509216, "++"}'],
    ["parse/2", ["fab", 10], ":error"],
    ["parse/2", ["a2", 38], "** (ArgumentError) invalid base 38"],
    ["parse/1", ["-"], ":error"],
    ["parse/1", ["+12abc"], '{12, "abc"}'],
    ["parse/1", [" 12"], ":error"],
    ["parse/1", [at("a")], "** (FunctionClauseError) no function clause matching in Integer.parse/2"],
    ["gcd/2", [2, 3], "1"],
    ["gcd/2", [8, 12], "4"],
    ["gcd/2", [8, -12], "4"],
    ["gcd/2", [10, 0], "10"],
    ["gcd/2", [7, 7], "7"],
    ["gcd/2", [0, 0], "0"],
  ]);
  assert.equal(frame(integer.fns, "pow/2", 2, -2), "Integer.pow(2, -2)");
});

test("Float", () => {
  check("Float", floatMod.fns, [
    ["max_finite/0", [], "1.7976931348623157e308"],
    ["min_finite/0", [], "-1.7976931348623157e308"],
    ["ratio/1", [f(0)], "{0, 1}"],
    ["ratio/1", [f(3.14)], "{7070651414971679, 2251799813685248}"],
    ["ratio/1", [f(-3.14)], "{-7070651414971679, 2251799813685248}"],
    ["ratio/1", [f(1.5)], "{3, 2}"],
    ["ratio/1", [f(-1.5)], "{-3, 2}"],
    ["ratio/1", [f(16.0)], "{16, 1}"],
    ["ratio/1", [f(-16.0)], "{-16, 1}"],
    ["to_charlist/1", [f(7.0)], "'7.0'"],
    ["to_string/1", [f(7.0)], '"7.0"'],
    ["to_string/1", [f(1e22)], '"1.0e22"'],
    ["pow/2", [f(2.0), -3], "0.125"],
    ["pow/2", [f(-1.0), f(0.5)], ARITH],
  ]);
});

test("Bitwise", () => {
  check("Bitwise", bitwise.fns, [
    ["band/2", [1, 1], "1"],
    ["<<</2", [1, 2], "4"],
    ["<<</2", [1, -2], "0"],
    ["<<</2", [-1, 2], "-4"],
    ["<<</2", [-1, -2], "-1"],
    ["band/2", [9, 3], "1"],
    ["bor/2", [9, 3], "11"],
    ["bsr/2", [1, 2], "0"],
    ["bsr/2", [1, -2], "4"],
    ["bsr/2", [-1, 2], "-1"],
    ["bsr/2", [-1, -2], "-4"],
    ["|||/2", [9, 3], "11"],
    ["bxor/2", [9, 3], "10"],
    ["bnot/1", [2], "-3"],
    ["bnot/1", [-3], "2"],
    ["bsl/2", [1, 64], "18446744073709551616"],
    ["band/2", [2n ** 70n + 5n, 7], "5"],
    ["bnot/1", [2n ** 64n], "-18446744073709551617"],
    ["band/2", [f(1.0), 1], ARITH],
    ["bsl/2", [1, 100000000000], "** (SystemLimitError) a system limit has been reached"],
  ]);
  assert.equal(frame(bitwise.fns, "band/2", f(1.0), 1), ":erlang.band(1.0, 1)");
});

test("Atom and Tuple", () => {
  check("Atom", atomMod.fns, [
    ["to_string/1", [at("foo")], '"foo"'],
    ["to_charlist/1", [at("foo")], "'foo'"],
    ["to_charlist/1", [at("é")], "[233]"],
    ["to_string/1", ["a"], "** (ArgumentError) errors were found at the given arguments:\n\n  * 1st argument: not an atom\n"],
  ]);
  check("Tuple", tuple.fns, [
    ["delete_at/2", [[at("foo"), at("bar"), at("baz")], 0], "{:bar, :baz}"],
    ["insert_at/3", [[at("bar"), at("baz")], 0, at("foo")], "{:foo, :bar, :baz}"],
    ["insert_at/3", [[at("bar"), at("baz")], 2, at("bong")], "{:bar, :baz, :bong}"],
    ["sum/1", [[255, 255]], "510"],
    ["sum/1", [[255, f(0)]], "255.0"],
    ["sum/1", [[]], "0"],
    ["product/1", [[255, 0]], "0"],
    ["product/1", [[2, f(3)]], "6.0"],
    ["append/2", [[at("foo"), at("bar")], at("baz")], "{:foo, :bar, :baz}"],
    ["duplicate/2", [at("hello"), 3], "{:hello, :hello, :hello}"],
    ["to_list/1", [[at("share"), l(at("elixir"), 163)]], "[:share, [:elixir, 163]]"],
    ["append/2", [at("a"), 1], "** (ArgumentError) errors were found at the given arguments:\n\n  * 1st argument: not a tuple\n"],
    ["insert_at/3", [[1], 5, 0], "** (ArgumentError) errors were found at the given arguments:\n\n  * 1st argument: out of range\n"],
    ["delete_at/2", [[1], 1], "** (ArgumentError) errors were found at the given arguments:\n\n  * 1st argument: out of range\n"],
    ["duplicate/2", [at("a"), -1], "** (ArgumentError) errors were found at the given arguments:\n\n  * 1st argument: out of range\n"],
    ["sum/1", [[1, at("a")]], ARITH],
  ]);
  assert.equal(frame(tuple.fns, "sum/1", [1, at("a")]), ":erlang.+(:a, 1)");
});

test(":math", () => {
  check(":math", math.fns, [
    ["pi/0", [], "3.141592653589793"],
    ["sqrt/1", [2], "1.4142135623730951"],
    ["pow/2", [2, f(0.5)], "1.4142135623730951"],
    ["pow/2", [-8, f(1 / 3)], ARITH],
    ["log2/1", [8], "3.0"],
    ["log10/1", [1000], "3.0"],
    ["exp/1", [1000], ARITH],
    ["fmod/2", [f(5.5), 2], "1.5"],
    ["fmod/2", [5, 0], ARITH],
    ["floor/1", [f(-1.5)], "-2.0"],
    ["ceil/1", [1], "1.0"],
    ["atanh/1", [1], ARITH],
    ["acos/1", [2], ARITH],
    ["asinh/1", [1], "0.881373587019543"],
    ["cosh/1", [1000], ARITH],
    ["sqrt/1", [-1], ARITH],
    ["log/1", [0], ARITH],
    ["sqrt/1", [at("a")], "** (ArgumentError) errors were found at the given arguments:\n\n  * 1st argument: not a number\n"],
    ["erf/1", [f(0.5)], "0.5204998778130465"],
    ["erfc/1", [f(0.5)], "0.4795001221869535"],
  ]);
  assert.equal(frame(math.fns, "sqrt/1", -1), ":math.sqrt(-1)");
  void bin;
});
