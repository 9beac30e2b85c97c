// Random Kernel inspect/2 and to_string/string-interpolation calls: every option (limit,
// printable_limit, pretty, width, charlists, binaries, structs, base, custom_options, safe) on
// odd terms (structs, nested maps, improper lists, unicode and invalid binaries, bitstrings,
// atoms needing quotes, floats, huge integers, functions, ranges), for tools/fuzz/erl-diff.mjs.
// Usage: node gen-inspect.mjs SEED COUNT > x.txt && node erl-diff.mjs x.txt
let seed = Number(process.argv[2] || 1);
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const atom = () => pick([":a", ":\"hello world\"", ":\"9x\"", ":Foo", ":\"Elixir.Foo\"", "Foo.Bar", ":ok?", ":a!", ":@", ":+", ":\"é\"", ":nil", ":true", ":\"\"", ":\"a-b\"", ":||", ":..", ":..//", ":%{}", ":\"A\"", ":_", ":__MODULE__", ":\"with\\nnl\""]);
const bin = () => pick(['""', '"abc"', '"é\\u0301"', '"\\x00\\x01"', '"a\\"b"', '"#{1}"', '"a\\\\b"', "<<0xFF, 97>>", "<<1::size(3)>>", "<<97, 98, 0>>", '"\\e[31m"', '"tab\\there"', '"🇸🇪"', '"line\\nbreak"', "<<>>", "String.duplicate(\"ab\", 30)", '"\\u2028"', '"\\x7F"']);
const scalar = () => pick([atom, bin, () => pick(["0", "-1", "123456789012345678901234567890", "1.0", "-0.0", "1.0e100", "1.0e-10", "0.1", "100.0", "1.0e16", "123.456e7", "255", "'abc'", "[7, 8]", "'é'", "[0, 1]", "[?a | ?b]", "[1 | 2]", "1..3", "1..10//2", "10..1//-1", "~D[2020-01-01]", "~T[12:00:00]", "~r/a+/i", "&Enum.map/2", "MapSet.new([1])", "%URI{host: \"h\"}", "%{__struct__: NotAStruct, a: 1}", "%ArgumentError{}", "{}", "%{}", "[]", "nil", "[a: 1]", "[{:\"a b\", 1}]", "[{1, 2}]", "%{:a => 1, \"b\" => 2}", "%{a: 1, b: %{c: [1, 2]}}"])])();
const term = (d = 0) => {
  const r = rnd();
  if (d > 2 || r < 0.5) return scalar();
  const n = Math.floor(rnd() * 4);
  const xs = Array.from({ length: n }, () => term(d + 1));
  if (r < 0.65) return `[${xs.join(", ")}]`;
  if (r < 0.8) return `{${xs.join(", ")}}`;
  if (r < 0.9) { const kw = rnd() < 0.5; return `%{${xs.map((x, i) => `${kw ? "k" + i + ": " : i + " => "}${x}`).join(", ")}}`; }
  return `[${xs.join(", ")}${xs.length ? " | :t" : ""}]`;
};
const opt = () => pick(["limit: 3", "limit: 0", "limit: 1", "limit: :infinity", "printable_limit: 3", "printable_limit: 0", "pretty: true", "pretty: true, width: 10", "width: 0, pretty: true", "charlists: :as_lists", "charlists: :as_charlists", "binaries: :as_binaries", "binaries: :as_strings", "structs: false", "base: :hex", "base: :binary", "base: :octal", "limit: 2, pretty: true, width: 20", "safe: false", "syntax_colors: [atom: :red, number: :blue]", "custom_options: [a: 1]", "inspect_fun: fn t, o -> Inspect.inspect(t, o) end", "limit: 5, printable_limit: 5", "width: 30"]);
const calls = [
  () => `inspect(${term()})`, () => `inspect(${term()}, ${opt()})`, () => `inspect(${term()}, ${opt()}, ${opt()})`, () => `inspect(${term()}, pretty: true, width: ${pick(["5", "20", "40", "80"])})`,
  () => `to_string(${scalar()})`, () => `"#{${scalar()}}"`, () => `IO.iodata_to_binary(${pick(['["a", ?b, ["c"]]', "[1, 2]", '"x"', "[<<1::3>>]", "[256]", '["a" | "b"]'])})`, () => `IO.chardata_to_string(${pick(['["a", ?é, ["c"]]', "[256]", '"x"', "[-1]", '["a" | "b"]'])})`,
  () => `inspect(${term()}, limit: ${pick(["1", "2", "4"])}, pretty: true, width: ${pick(["10", "30"])})`, () => `Kernel.inspect(${scalar()}, base: ${pick([":hex", ":octal", ":binary", ":decimal"])})`, () => `inspect(${bin()}, binaries: :as_binaries, base: ${pick([":hex", ":decimal"])})`,
  () => `inspect(${pick(["'abc'", "[97, 98, 0]", "[?a, 300]", "'\\n'", "[]", "[7]", "'a\\e'"])}, charlists: ${pick([":infer", ":as_lists", ":as_charlists"])})`, () => `Macro.to_string(quote(do: (${pick(["1 + 2 * 3", "fn x -> x end", "a.b.c()", "%{a: 1}", "[1 | t]", "x |> f(y)", "if a, do: b, else: c", "-(-x)", "!(!x)", "@attr", "&(&1 + 1)", "~w(a b)", "<<1, 2::8>>", "{1, 2, 3}", "not a", "a..b//c", "..", "x = y = z"])})))`,
];
const out = [];
for (let i = 0; i < Number(process.argv[3] || 300); i++) out.push(pick(calls)());
console.log(out.join("\n"));
