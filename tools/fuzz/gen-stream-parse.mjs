// Random Stream pipelines (always ended by a bounded take/to_list) and number parsing for
// tools/fuzz/erl-diff.mjs: Stream.chunk_every/chunk_by/chunk_while/transform/resource/zip/
// unfold/iterate/cycle/dedup/intersperse/scan/take_every/drop_while/flat_map/with_index/
// concat/interval-free sources, halting early and wrong arguments; Integer.parse/Float.parse/
// String.to_integer/to_float/Integer.parse with bases on edge strings.
// Usage: node gen-stream-parse.mjs SEED COUNT > x.txt && node erl-diff.mjs x.txt
let seed = Number(process.argv[2] || 1);
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const src = () => pick([
  "1..10", "[]", "[1, 2, 2, 3, 1]", "Stream.cycle([1, 2, 3])", "Stream.iterate(1, &(&1 * 2))", "Stream.unfold(5, fn 0 -> nil; n -> {n, n - 1} end)",
  "Stream.repeatedly(fn -> :x end)", "%{a: 1, b: 2}", "10..1//-3", "'abc'", "Stream.map(1..5, & &1)", "MapSet.new([3, 1, 2])", "Stream.concat([1, 2], [3])",
  "Stream.resource(fn -> 0 end, fn n when n < 4 -> {[n], n + 1}; n -> {:halt, n} end, fn _ -> :ok end)", "Stream.cycle([])", ":x", "[1 | 2]",
]);
const n = () => pick(["0", "1", "2", "3", "-1", ":x"]);
const stage = () => pick([
  `Stream.chunk_every(${n()})`, `Stream.chunk_every(${pick(["2", "3"])}, ${pick(["1", "2", "3", "4"])}, ${pick([":discard", "[]", "[:pad]", "[0, 0, 0]"])})`, "Stream.chunk_by(&rem(&1, 2))",
  "Stream.chunk_while([], fn x, acc -> if(length(acc) == 2, do: {:cont, Enum.reverse([x | acc]), []}, else: {:cont, [x | acc]}) end, fn [] -> {:cont, []}; acc -> {:cont, Enum.reverse(acc), []} end)",
  "Stream.transform(0, fn x, acc -> if(acc > 3, do: {:halt, acc}, else: {[x, x], acc + 1}) end)", "Stream.transform(fn -> 0 end, fn x, acc -> {[x], acc + 1} end, fn acc -> send(self(), {:after, acc}) end)",
  "Stream.dedup()", `Stream.intersperse(${pick([":sep", "0"])})`, "Stream.scan(&+/2)", "Stream.scan(0, &(&1 + &2))", `Stream.take_every(${n()})`, `Stream.drop_every(${n()})`,
  "Stream.drop_while(&(&1 < 3))", "Stream.take_while(&(&1 < 5))", "Stream.flat_map(&[&1, &1])", "Stream.with_index()", `Stream.with_index(${pick(["1", "-2", ":x"])})`,
  `Stream.zip(${pick(["[:a, :b, :c]", "Stream.cycle([:z])", "[]", "1..2"])})`, `Stream.drop(${n()})`, `Stream.take(${pick(["2", "-2", "0"])})`, "Stream.uniq()", "Stream.map(&{&1})",
  "Stream.filter(&is_integer/1)", "Stream.reject(&(&1 == 2))", "Stream.each(&send(self(), &1))", "Stream.dedup_by(&div(&1, 2))", "Stream.map_every(2, &(&1 * 10))", "Stream.split_while(&(&1 < 3))",
]);
const intStr = () => pick(['"12"', '"-12"', '"+12"', '"ff"', '"FF"', '"1z"', '""', '"+"', '"-"', '"  1"', '"1_0"', '"0b101"', '"zz"', '"-0"', '"12345678901234567890123"', '"1.5"', '"0x1F"', '"٣"', '"1 "', '"--1"']);
const fltStr = () => pick(['"1.5"', '"-1.5e3"', '"1e3"', '".5"', '"1."', '"1.0e400"', '"abc"', '""', '"1.5x"', '"-0.0"', '"1_000.5"', '"1.0E+3"', '"1.0e-400"', '"123"', '"1.2.3"', '"+1.5"', '"1.5e"', '"1.5e+"', '"0.1e1_0"', '"NaN"', '"inf"', '"1e-3"', '"9.9999999999999999e22"']);
const base = () => pick(["2", "8", "10", "16", "36", "1", "37", ":x"]);
// An infinite source followed by stages that may drop every element (a filter of what never
// passes, uniq of a cycle...) never ends, in elixir as in beamsh: such a source is bounded first.
const INFINITE = /^Stream\.(cycle\(\[1|iterate|repeatedly)/;
const DROPPING = /filter|reject|take_every|uniq|dedup|drop_every|chunk_while|chunk_by/;
const pipe = (s, ...stages) => (INFINITE.test(s) && stages.some((x) => DROPPING.test(x)) ? `${s} |> Stream.take(40)` : s) + stages.map((x) => ` |> ${x}`).join("");
const calls = [
  () => `${pipe(src(), stage())} |> Enum.take(${pick(["3", "5", "8"])})`, () => `${pipe(src(), stage(), stage())} |> Enum.take(6)`,
  () => `Stream.zip([${src()}, ${src()}]) |> Enum.take(4)`, () => `Stream.zip_with([1..3, ${src()}], &List.to_tuple/1) |> Enum.take(4)`, () => `${src()} |> Stream.take(4) |> ${stage()} |> Enum.to_list()`,
  () => `Stream.unfold(${pick(["0", "{0, 1}", ":x"])}, ${pick(["fn n -> {n, n + 1} end", "fn {a, b} -> {a, {b, a + b}} end", "fn _ -> nil end", "fn _ -> :bad end"])}) |> Enum.take(5)`,
  () => `Stream.iterate(${pick(["0", "1.0", ":a"])}, ${pick(["&(&1 + 1)", "fn x -> x end", "&{&1}"])}) |> Enum.take(${pick(["0", "1", "3"])})`, () => `Stream.chunk_every(${src()}, ${n()}) |> Enum.take(3)`,
  () => `Enum.take(Stream.resource(fn -> ${pick(["[1, 2, 3]", "[]", ":x"])} end, fn [] -> {:halt, []}; [h | t] -> {[h], t}; x -> {[x], []} end, fn _ -> :ok end), 5)`,
  () => `Integer.parse(${intStr()})`, () => `Integer.parse(${intStr()}, ${base()})`, () => `String.to_integer(${intStr()})`, () => `String.to_integer(${intStr()}, ${base()})`,
  () => `Float.parse(${fltStr()})`, () => `String.to_float(${fltStr()})`, () => `Integer.parse(${pick(["'12'", ":x", "12"])})`, () => `Float.parse(${pick(["'1.5'", ":x", "1.5"])})`,
  () => `:string.to_integer(${intStr()})`, () => `:string.to_float(${fltStr()})`, () => `String.to_integer(${intStr()}) |> Integer.to_string(${pick(["2", "16", "36"])})`,
];
const out = [];
for (let i = 0; i < Number(process.argv[3] || 300); i++) out.push(pick(calls)());
console.log(out.join("\n"));
