// Random calls of every :maps function, with good and bad arguments, for erl-diff.mjs.
// Usage: node gen-maps.mjs SEED COUNT
let seed = Number(process.argv[2] || 1);
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const key = () => pick(["1", "2", "1.0", ":a", ":b", '"k"', "{1}", "[]", "nil", "-0.0", "0.0", "3"]);
const val = () => pick(["1", ":x", '"v"', "[1, 2]", "{:t}", "nil", "2.5"]);
const map = () => {
  const r = rnd();
  if (r < 0.08) return pick([":notmap", "[a: 1]", "{1, 2}", "nil"]);
  if (r < 0.12) return `Map.new(1..${pick(["33", "40", "70"])}, &{&1, &1 * 2})`;
  return `%{${Array.from({ length: Math.floor(rnd() * 5) }, () => `${key()} => ${val()}`).join(", ")}}`;
};
const keys = () => rnd() < 0.1 ? pick([":x", "[1 | 2]"]) : `[${Array.from({ length: Math.floor(rnd() * 4) }, key).join(", ")}]`;
const pairs = () => rnd() < 0.1 ? pick([":x", "[{1}]", "[1]"]) : `[${Array.from({ length: Math.floor(rnd() * 4) }, () => `{${key()}, ${val()}}`).join(", ")}]`;
const fun2 = () => pick(["fn _k, v -> is_integer(v) end", "fn k, v -> {k, v} end", "fn _, _ -> true end", ":notfun", "fn x -> x end", "fn k, _ -> is_atom(k) end"]);
const fun3 = () => pick(["fn k, v, acc -> [{k, v} | acc] end", "fn _, v, acc -> acc + (if is_number(v), do: v, else: 0) end", ":nofun", "fn a, b -> {a, b} end"]);
const order = () => pick([":ordered", ":reversed", "fn a, b -> a >= b end", ":undefined", "fn a -> a end"]);
const calls = [
  () => `:maps.get(${key()}, ${map()})`, () => `:maps.get(${key()}, ${map()}, :default)`, () => `:maps.find(${key()}, ${map()})`,
  () => `:maps.is_key(${key()}, ${map()})`, () => `:maps.put(${key()}, ${val()}, ${map()})`, () => `:maps.update(${key()}, ${val()}, ${map()})`,
  () => `:maps.remove(${key()}, ${map()})`, () => `:maps.take(${key()}, ${map()})`, () => `:maps.keys(${map()})`, () => `:maps.values(${map()})`,
  () => `:maps.to_list(${map()})`, () => `:maps.from_list(${pairs()})`, () => `:maps.from_keys(${keys()}, ${val()})`, () => `:maps.size(${map()})`,
  () => `:maps.merge(${map()}, ${map()})`, () => `:maps.merge_with(fn _k, a, b -> {a, b} end, ${map()}, ${map()})`, () => `:maps.intersect(${map()}, ${map()})`,
  () => `:maps.intersect_with(fn _k, a, b -> [a, b] end, ${map()}, ${map()})`, () => `:maps.with(${keys()}, ${map()})`, () => `:maps.without(${keys()}, ${map()})`,
  () => `:maps.filter(${fun2()}, ${map()})`, () => `:maps.filtermap(${fun2()}, ${map()})`, () => `:maps.map(${fun2()}, ${map()})`, () => `:maps.fold(${fun3()}, [], ${map()})`,
  () => `:maps.foreach(${fun2()}, ${map()})`, () => `:maps.update_with(${key()}, fn v -> {v} end, ${map()})`, () => `:maps.update_with(${key()}, fn v -> {v} end, :init, ${map()})`,
  () => `:maps.groups_from_list(fn x -> rem(x, 2) end, ${pick(["[1, 2, 3, 4]", "[]", ":x"])})`, () => `:maps.groups_from_list(fn x -> rem(x, 2) end, fn x -> x * 10 end, [1, 2, 3])`,
  () => `:maps.new()`, () => `:maps.iterator(${map()}) |> :maps.next()`, () => `:maps.iterator(${map()}, ${order()}) |> :maps.to_list()`,
  () => `:maps.next(${pick([":none", ":x", "{1, 2}"])})`, () => `(i = :maps.iterator(${map()}, :ordered); Stream.unfold(:maps.next(i), fn :none -> nil; {k, v, n} -> {{k, v}, :maps.next(n)} end) |> Enum.to_list())`,
  () => `:maps.filter(${fun2()}, :maps.iterator(${map()}))`, () => `:maps.fold(${fun3()}, [], :maps.iterator(${map()}, :reversed))`,
];
const out = [];
for (let i = 0; i < Number(process.argv[3] || 300); i++) out.push(pick(calls)());
console.log(out.join("\n"));
