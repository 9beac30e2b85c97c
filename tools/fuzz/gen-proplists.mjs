// Random calls of every :proplists function, with good and bad arguments, for erl-diff.mjs.
// Usage: node gen-proplists.mjs SEED COUNT
let seed = Number(process.argv[2] || 1);
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const key = () => pick([":a", ":b", ":c", '"s"', "1", ":no"]);
const item = () => pick([":a", ":b", "{:a, 1}", "{:b, 2}", "{:a, 3}", "{:c, :x, :y}", "{:c}", '"s"', '{"s", 1}', "{:no, false}", "{1, 2}", "[:a]", "{:b, true}", ":c"]);
const pl = () => rnd() < 0.07 ? pick([":x", "[:a | :b]"]) : `[${Array.from({ length: Math.floor(rnd() * 6) }, item).join(", ")}]`;
const keys = () => `[${Array.from({ length: Math.floor(rnd() * 3) }, key).join(", ")}]`;
const expand = () => pick(["[{:a, [:x, :y]}]", "[{{:b, 2}, [:z]}]", "[{:c, []}]", "[{:a, [{:a, 9}]}]", "[]", ":x"]);
const calls = [
  () => `:proplists.get_value(${key()}, ${pl()})`, () => `:proplists.get_value(${key()}, ${pl()}, :dflt)`, () => `:proplists.get_all_values(${key()}, ${pl()})`,
  () => `:proplists.get_bool(${key()}, ${pl()})`, () => `:proplists.is_defined(${key()}, ${pl()})`, () => `:proplists.lookup(${key()}, ${pl()})`, () => `:proplists.lookup_all(${key()}, ${pl()})`,
  () => `:proplists.delete(${key()}, ${pl()})`, () => `:proplists.get_keys(${pl()})`, () => `:proplists.append_values(${key()}, ${pl()})`, () => `:proplists.compact(${pl()})`,
  () => `:proplists.unfold(${pl()})`, () => `:proplists.property(${item()})`, () => `:proplists.property(${key()}, ${pick(["true", "1", "false", "[1]"])})`,
  () => `:proplists.substitute_aliases(${pick(["[{:a, :z}]", "[{:b, :a}]", "[]"])}, ${pl()})`, () => `:proplists.substitute_negations(${pick(["[{:no, :a}]", "[{:b, :c}]", "[]"])}, ${pl()})`,
  () => `:proplists.expand(${expand()}, ${pl()})`, () => `:proplists.normalize(${pl()}, ${pick(["[]", "[aliases: [{:a, :z}]]", "[negations: [{:no, :yes}]]", "[expand: [{:b, [:q]}]]", "[{:aliases, [{:c, :a}]}, {:expand, [{:a, [:w]}]}]"])})`,
  () => `:proplists.split(${pl()}, ${pick(["[[:a], [:b]]", "[[:a, :c]]", "[]", "[[]]"])})`, () => `:proplists.to_map(${pl()})`, () => `:proplists.to_map(${pl()}, ${pick(["[]", "[aliases: [{:a, :z}]]", "[negations: [{:no, :a}]]"])})`,
  () => `:proplists.from_map(${pick(["%{a: 1}", "%{}", "%{:a => true, 1 => 2}", ":x"])})`, () => `:proplists.get_value(${key()}, ${keys()})`,
];
const out = [];
for (let i = 0; i < Number(process.argv[3] || 300); i++) out.push(pick(calls)());
console.log(out.join("\n"));
