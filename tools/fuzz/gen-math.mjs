// Random calls of every :math function on ordinary, boundary and bad arguments, for erl-diff.mjs.
// Usage: node gen-math.mjs SEED COUNT
let seed = Number(process.argv[2] || 1);
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const x = () => pick(["0", "1", "-1", "0.5", "-0.5", "2", "10", "1.0e308", "-1.0e308", "1.0e-308", "3.141592653589793", "100", "0.0", "-0.0", "1000", "710", "-745", ":x", "12345678901234567890123", "2.0"]);
const f1 = ["sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "exp", "log", "log2", "log10", "sqrt", "erf", "erfc", "ceil", "floor"];
const calls = [
  () => `:math.${pick(f1)}(${x()})`, () => `:math.pow(${x()}, ${x()})`, () => `:math.atan2(${x()}, ${x()})`, () => `:math.fmod(${x()}, ${x()})`, () => `:math.pi()`, () => `:math.tau()`,
];
const out = [];
for (let i = 0; i < Number(process.argv[3] || 300); i++) out.push(pick(calls)());
console.log(out.join("\n"));
