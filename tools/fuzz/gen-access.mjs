// Random Access calls for tools/fuzz/erl-diff.mjs: get_in/put_in/update_in/pop_in/
// get_and_update_in (the functions and the macros) through Access.at/at!/elem/key/key!/
// filter/all/slice/fetch/fetch! on maps, keyword lists, lists, tuples, structs and wrong
// shapes (nil on the way, negative and out-of-range indexes, keys missing, :pop returns).
// Usage: node gen-access.mjs SEED COUNT > x.txt && node erl-diff.mjs x.txt
let seed = Number(process.argv[2] || 1);
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const data = () => pick([
  "%{a: 1, b: %{c: 2}}", "%{a: [1, 2, 3]}", "[a: 1, b: [c: 2], a: 3]", "[1, 2, 3]", "[[1, 2], [3, 4]]", "{1, {2, 3}}", "%{a: {1, 2}}",
  "%{a: nil}", "nil", "%{}", "[]", "%URI{host: \"h\", port: 1}", "%{\"a\" => %{\"b\" => 1}}", "[%{a: 1}, %{a: 2}]", "%{a: [%{b: 1}, %{b: 2}]}",
  ":atom", "42", "[a: %{b: [1, 2]}]", "{:x}", "%{1 => :one, 1.0 => :float}", "[{:a, 1}, {\"a\", 2}]", "[1 | 2]", "%{a: %{b: %{c: %{d: 1}}}}",
  "MapSet.new([1])", "'abc'", "%{a: [b: 1]}", "[[a: 1], [a: 2]]",
]);
const idx = () => pick(["0", "1", "2", "-1", "-3", "5", "-5", ":x", "1.0"]);
const pred = () => pick(["&(&1 > 1)", "&is_integer/1", "fn _ -> true end", "fn _ -> false end", "&is_map/1", "fn {k, _} -> k == :a end"]);
const acc = () => pick([
  ":a", ":b", ":c", "\"a\"", "\"b\"", "0", "1", "nil",
  `Access.at(${idx()})`, `Access.at!(${idx()})`, `Access.elem(${idx()})`, `Access.key(${pick([":a", ":b", ":c", ":host", "\"a\"", ":x"])})`,
  `Access.key(${pick([":a", ":b", ":x"])}, ${pick(["%{}", "0", "[]", "nil"])})`, `Access.key!(${pick([":a", ":b", ":host", ":x"])})`,
  `Access.filter(${pred()})`, "Access.all()", `Access.slice(${pick(["0..1", "1..-1//1", "-2..-1", "0..5", "1..0//1", "0..2//2", "2..0//-1"])})`,
]);
const path = () => `[${Array.from({ length: 1 + Math.floor(rnd() * 3) }, acc).join(", ")}]`;
const upd = () => pick(["&{&1}", "fn x -> x end", "&(&1 * 2)", "fn _ -> :new end", "&to_string/1"]);
const gau = () => pick(["&{&1, :new}", "fn _ -> :pop end", "fn x -> {x, [x]} end", "fn _ -> :bad end", "&{&1, &1}"]);
const calls = [
  () => `get_in(${data()}, ${path()})`, () => `put_in(${data()}, ${path()}, :v)`, () => `update_in(${data()}, ${path()}, ${upd()})`,
  () => `pop_in(${data()}, ${path()})`, () => `get_and_update_in(${data()}, ${path()}, ${gau()})`,
  () => `Access.get(${data()}, ${pick([":a", "\"a\"", "0", "nil", "1"])})`, () => `Access.get(${data()}, ${pick([":a", ":x"])}, :dflt)`,
  () => `Access.fetch(${data()}, ${pick([":a", "\"a\"", "0", ":x"])})`, () => `Access.fetch!(${data()}, ${pick([":a", "\"a\"", "0", ":x"])})`,
  () => `Access.pop(${data()}, ${pick([":a", "\"a\"", ":x", "0"])})`, () => `Access.get_and_update(${data()}, ${pick([":a", ":x", "\"a\""])}, ${gau()})`,
  () => `Access.at(${idx()}) |> then(&get_in(${data()}, [&1]))`, () => `Access.at(${idx()}).(:get, ${data()}, fn x -> x end)`,
  () => `Access.elem(${idx()}).(:get_and_update, ${data()}, ${gau()})`, () => `Access.key(:a).(:get, ${data()}, fn x -> x end)`,
  () => { const d = pick(["%{a: %{b: 1}}", "%{a: [b: 1]}", "%{a: nil}", "[a: [b: 1]]", "%{}", "nil"]); return `put_in(${d}[:a][:b], :v)`; },
  () => { const d = pick(["%{a: %{b: 1}}", "%{a: [b: 1]}", "%{a: nil}", "[a: [b: 1]]", "%{}"]); return `update_in(${d}[:a][:b], ${upd()})`; },
  () => { const d = pick(["%{a: %{b: 1}}", "%{a: %{}}", "%{}", "%URI{}"]); return `get_and_update_in(${d}.a.b, ${gau()})`; },
  () => { const d = pick(["%{a: %{b: 1}}", "%{a: [b: 1]}", "%{a: nil}", "%{}", "[a: [b: 1]]"]); return `pop_in(${d}[:a][:b])`; },
  () => { const d = pick(["%{a: %{b: 1}}", "%{a: %{}}", "%URI{host: \"x\"}", "%{b: 1}"]); return `put_in(${d}.${pick(["a.b", "host", "a", "b"])}, :v)`; },
  () => `${data()}[${pick([":a", "\"a\"", "0", "nil", ":b"])}]`, () => `Access.fetch(${data()}, ${pick(["0", "[]", "{1}"])})`,
];
const out = [];
for (let i = 0; i < Number(process.argv[3] || 300); i++) out.push(pick(calls)());
console.log(out.join("\n"));
