// Random :rand calls on explicit seeds of every algorithm (seed/2,3, seed_s, uniform,
// normal, bytes, jump, export_seed), which must give the BEAM's numbers, for erl-diff.mjs.
// Usage: node gen-rand.mjs SEED COUNT
let seed = Number(process.argv[2] || 1);
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const alg = () => pick([":exsss", ":exro928ss", ":exrop", ":exs1024s", ":exsp", ":exsplus", ":exs1024", ":exs64", ":dummy", ":bad"]);
const sd = () => pick(["{1, 2, 3}", "42", "0", "-7", "123456789012345678901234567890", "{0, 0, 0}", ":x", "[1, 2]"]);
const st = () => `:rand.seed_s(${alg()}, ${sd()})`;
const n = () => pick(["1", "2", "10", "100", "1000000", "18446744073709551616", "0", "-1", "1.5"]);
const calls = [
  () => `:rand.uniform_s(${st()}) |> elem(0)`, () => `:rand.uniform_s(${n()}, ${st()}) |> elem(0)`, () => `:rand.uniform_real_s(${st()}) |> elem(0)`,
  () => `:rand.normal_s(${st()}) |> elem(0)`, () => `:rand.normal_s(${pick(["0", "5.0", "-1"])}, ${pick(["1", "0.5", "4.0"])}, ${st()}) |> elem(0)`, () => `:rand.bytes_s(${pick(["0", "1", "7", "20"])}, ${st()}) |> elem(0)`,
  () => `:rand.jump(${st()}) |> :rand.uniform_s() |> elem(0)`, () => `:rand.export_seed_s(${st()})`, () => `Enum.map_reduce(1..5, ${st()}, fn _, s -> :rand.uniform_s(100, s) end) |> elem(0)`,
  () => `(:rand.seed(${alg()}, ${sd()}); Enum.map(1..4, fn _ -> :rand.uniform(1000) end))`, () => `(:rand.seed(${alg()}, ${sd()}); {:rand.uniform(), :rand.normal()})`,
  () => `(:rand.seed(${st()}); :rand.uniform(6))`, () => `:rand.seed_s(${st()}) |> :rand.uniform_s() |> elem(0)`, () => `:rand.uniform_s(elem(:rand.uniform_s(${st()}), 1)) |> elem(0)`,
  () => `:rand.seed_s(:rand.export_seed_s(${st()})) |> :rand.uniform_s(1000) |> elem(0)`, () => `(:rand.seed(${alg()}, ${sd()}); :rand.bytes(5))`,
];
const out = [];
for (let i = 0; i < Number(process.argv[3] || 300); i++) out.push(pick(calls)());
console.log(out.join("\n"));
