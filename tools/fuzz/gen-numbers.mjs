// Random Integer, Float, Bitwise and Kernel arithmetic calls (bases, digits, pow, gcd,
// floor_div, rounding with precision, to_string, parse, ratio, div/rem/round/trunc) on
// negative, huge and float edge arguments (-0.0, 1.0e308, subnormals) and wrong types.
// Usage: node gen-numbers.mjs SEED COUNT > x.txt && node erl-diff.mjs x.txt
let seed = Number(process.argv[2] || 1);
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const int = () => pick(["0", "1", "-1", "2", "7", "-7", "10", "12", "-12", "255", "1024", "123456789", "-987654321", "12345678901234567890", "-12345678901234567890", "340282366920938463463374607431768211456", "3", "36", "37"]);
const flt = () => pick(["0.0", "-0.0", "1.5", "-1.5", "2.5", "-2.5", "0.1", "1.005", "123.456", "-123.456", "1.0e308", "-1.0e308", "5.0e-324", "2.2250738585072014e-308", "1.0e15", "1.0e16", "123456789.987654321", "0.5", "3.14159", "1.0e-10", "9.999999999999999e22", "1.0e23", "0.3", "100.0", "7.0"]);
const num = () => (rnd() < 0.5 ? int() : flt());
const bad = () => pick([":x", '"1"', "nil", "[1]"]);
const arg = () => (rnd() < 0.07 ? bad() : num());
const iarg = () => (rnd() < 0.07 ? pick([bad(), flt()]) : int());
const prec = () => pick(["0", "1", "2", "3", "5", "15", "16", "-1", "20"]);
const base = () => pick(["2", "8", "10", "16", "36", "1", "37", "3"]);
const calls = [
  () => `Integer.parse(${pick(['"12"', '"-12"', '"ff"', '"FF"', '"1z"', '""', '"+"', '"  1"', '"1_0"', '"0b101"', '"zz"', '"-0"', '"12345678901234567890123"'])}, ${base()})`,
  () => `Integer.to_string(${iarg()}, ${base()})`, () => `Integer.to_string(${iarg()})`, () => `Integer.to_charlist(${iarg()}, ${base()})`,
  () => `Integer.digits(${iarg()})`, () => `Integer.digits(${iarg()}, ${base()})`, () => `Integer.undigits(${pick(["[1, 2, 3]", "[]", "[1, 15]", "[-1, 2]", "[1, 2, 3, 4]", "[0, 0, 1]", "[1, 10]", "[:x]"])}, ${base()})`,
  () => `Integer.pow(${iarg()}, ${pick(["0", "1", "2", "3", "-1", "64", "100"])})`, () => `Integer.gcd(${iarg()}, ${iarg()})`, () => `Integer.extended_gcd(${iarg()}, ${iarg()})`,
  () => `Integer.floor_div(${iarg()}, ${iarg()})`, () => `Integer.mod(${iarg()}, ${iarg()})`, () => `Integer.is_odd(${iarg()})`, () => `Integer.is_even(${iarg()})`,
  () => `Float.round(${arg()}, ${prec()})`, () => `Float.round(${arg()})`, () => `Float.ceil(${arg()}, ${prec()})`, () => `Float.floor(${arg()}, ${prec()})`, () => `Float.ceil(${arg()})`, () => `Float.floor(${arg()})`,
  () => `Float.to_string(${arg()})`, () => `Float.to_charlist(${arg()})`, () => `Float.ratio(${arg()})`, () => `Float.pow(${arg()}, ${arg()})`,
  () => `Float.parse(${pick(['"1.5"', '"-1.5e3"', '"1e3"', '".5"', '"1."', '"1.0e400"', '"abc"', '""', '"1.5x"', '"-0.0"', '"  1.0"', '"1_000.5"', '"0x10"', '"1.0E+3"', '"1.0e-400"', '"123"', '"1.2.3"'])})`,
  () => `Float.min_finite()`, () => `Float.max_finite()`,
  () => `div(${iarg()}, ${iarg()})`, () => `rem(${iarg()}, ${iarg()})`, () => `round(${arg()})`, () => `trunc(${arg()})`, () => `abs(${arg()})`, () => `ceil(${arg()})`, () => `floor(${arg()})`,
  () => `${arg()} / ${arg()}`, () => `${arg()} * ${arg()}`, () => `${arg()} + ${arg()}`, () => `${arg()} - ${arg()}`, () => `-(${arg()})`,
  () => `${arg()} == ${arg()}`, () => `${arg()} === ${arg()}`, () => `${arg()} < ${arg()}`, () => `max(${arg()}, ${arg()})`, () => `min(${arg()}, ${arg()})`,
  () => `to_string(${arg()})`, () => `inspect(${arg()})`, () => `"#{${arg()}}"`, () => `:erlang.float_to_binary(${arg()}, ${pick(["[:short]", "[decimals: 2]", "[decimals: 0]", "[scientific: 3]", "[decimals: 3, compact: true]", "[]"])})`,
  () => `Bitwise.band(${iarg()}, ${iarg()})`, () => `Bitwise.bor(${iarg()}, ${iarg()})`, () => `Bitwise.bxor(${iarg()}, ${iarg()})`, () => `Bitwise.bnot(${iarg()})`,
  () => `Bitwise.bsl(${iarg()}, ${pick(["0", "1", "3", "-1", "-3", "64", "100", "-100"])})`, () => `Bitwise.bsr(${iarg()}, ${pick(["0", "1", "3", "-1", "-3", "64", "100", "-100"])})`,
  () => `Integer.to_string(${iarg()}, ${base()}) |> String.to_integer(${base()})`, () => `:math.pow(${arg()}, ${arg()})`, () => `:math.sqrt(${arg()})`, () => `:math.log(${arg()})`,
  () => `is_integer(${arg()})`, () => `Float.round(${int()}.0 / 7, ${prec()})`, () => `Integer.parse(${pick(['"12"', '"-12"', '"abc"', '"3.5"', '""'])})`,
  () => `trunc(${flt()} * 1.0e10)`, () => `round(${flt()} * 1.0e20)`, () => `Float.floor(${flt()} * 1000, ${prec()})`, () => `Float.round(-(${flt()}), ${prec()})`,
];
const out = [];
for (let i = 0; i < Number(process.argv[3] || 300); i++) out.push(pick(calls)());
console.log(out.join("\n"));
