// Random Enum calls (every function, with options, sorters, fallbacks, ranges with steps, maps,
// MapSets, improper lists and wrong types), for tools/fuzz/erl-diff.mjs.
// Usage: node gen-enum.mjs SEED COUNT > x.txt && node erl-diff.mjs x.txt
let seed = Number(process.argv[2] || 1);
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const elem = () => pick(["1", "2", "3", "-1", "0", "2.0", "-0.0", ":a", ":b", '"s"', '"é"', "{1, :x}", "{2, :y}", "[1]", "[]", "nil", "true", "10", "5", "1.5"]);
const nums = () => `[${Array.from({ length: Math.floor(rnd() * 7) }, () => pick(["1", "2", "3", "-4", "0", "2.0", "7", "5", "1.5", "-0.0"])).join(", ")}]`;
const list = () => `[${Array.from({ length: Math.floor(rnd() * 7) }, elem).join(", ")}]`;
const range = () => pick(["1..10", "1..10//3", "10..1//-1", "10..1//-3", "1..0//1", "5..5", "0..-3", "-2..2", "1..1//2", "3..1"]);
const enumerable = () => {
  const r = rnd();
  if (r < 0.35) return nums();
  if (r < 0.55) return list();
  if (r < 0.75) return range();
  if (r < 0.82) return pick(["%{a: 1, b: 2}", "%{}", "%{1 => :x, 2 => :y, 3 => :z}"]);
  if (r < 0.88) return pick(["MapSet.new([3, 1, 2])", "MapSet.new()", "Stream.map(1..4, & &1 * 2)", "Stream.cycle([1, 2]) |> Stream.take(5)"]);
  return pick(["[1, 2 | 3]", ":atom", "{1, 2}", "nil", '"abc"', "42", "[]"]);
};
const kw = () => pick(["[a: 1, b: 2]", "[a: 1, a: 2, b: 3]", "[{:a, 1}, {:b, 2}, {:a, 3}]", "[]"]);
const int = () => pick(["0", "1", "2", "3", "-1", "-2", "10", "100", ":x", "1.0", "-100", "4"]);
const fun1 = () => pick(["fn x -> x end", "&is_integer/1", "fn x -> is_number(x) and x > 1 end", "fn x -> {x} end", "&to_string/1", "fn x -> rem(x, 2) == 0 end", "fn x -> x * 2 end", "fn _ -> nil end", "fn _ -> :ok end", ":notfun", "fn a, b -> {a, b} end"]);
const fun2 = () => pick(["fn a, b -> a <= b end", "fn a, b -> a > b end", "fn x, acc -> [x | acc] end", "fn x, acc -> x + acc end", "&+/2", "&max/2", ":notfun", "fn x -> x end", "fn a, b -> {a, b} end"]);
const sorter = () => pick([":asc", ":desc", "&<=/2", "&>=/2", "Date", "{:asc, Date}", "{:desc, Date}", ":bogus", "fn a, b -> a < b end"]);
const fallback = () => pick(["fn -> :empty end", "fn -> raise \"none\" end", ":notfn"]);
const dates = () => pick(["[~D[2020-01-02], ~D[2019-12-31], ~D[2020-01-01]]", "[]", "[~D[2000-01-01]]"]);
const calls = [
  () => `Enum.all?(${enumerable()})`, () => `Enum.all?(${enumerable()}, ${fun1()})`, () => `Enum.any?(${enumerable()})`, () => `Enum.any?(${enumerable()}, ${fun1()})`,
  () => `Enum.at(${enumerable()}, ${int()})`, () => `Enum.at(${enumerable()}, ${int()}, :default)`,
  () => `Enum.chunk_by(${enumerable()}, ${fun1()})`, () => `Enum.chunk_every(${enumerable()}, ${int()})`,
  () => `Enum.chunk_every(${enumerable()}, ${int()}, ${int()})`, () => `Enum.chunk_every(${enumerable()}, ${int()}, ${int()}, ${pick([":discard", "[]", "[:p, :q]", "nil", "[:x]", "1..3"])})`,
  () => `Enum.chunk_while(${enumerable()}, [], fn x, acc -> if rem(length(acc) + 1, 2) == 0, do: {:cont, Enum.reverse([x | acc]), []}, else: {:cont, [x | acc]} end, fn [] -> {:cont, []}; acc -> {:cont, Enum.reverse(acc), []} end)`,
  () => `Enum.concat(${pick(["[[1], [2, 3]]", "[1..3, [4]]", "[]", "[[1], :x]", `[${enumerable()}, ${enumerable()}]`])})`, () => `Enum.concat(${enumerable()}, ${enumerable()})`,
  () => `Enum.count(${enumerable()})`, () => `Enum.count(${enumerable()}, ${fun1()})`, () => `Enum.count_until(${enumerable()}, ${int()})`, () => `Enum.count_until(${enumerable()}, ${fun1()}, ${int()})`,
  () => `Enum.dedup(${enumerable()})`, () => `Enum.dedup_by(${enumerable()}, ${fun1()})`,
  () => `Enum.drop(${enumerable()}, ${int()})`, () => `Enum.drop_every(${enumerable()}, ${int()})`, () => `Enum.drop_while(${enumerable()}, ${fun1()})`,
  () => `Enum.each(${enumerable()}, ${fun1()})`, () => `Enum.empty?(${enumerable()})`,
  () => `Enum.fetch(${enumerable()}, ${int()})`, () => `Enum.fetch!(${enumerable()}, ${int()})`,
  () => `Enum.filter(${enumerable()}, ${fun1()})`, () => `Enum.find(${enumerable()}, ${fun1()})`, () => `Enum.find(${enumerable()}, :none, ${fun1()})`,
  () => `Enum.find_index(${enumerable()}, ${fun1()})`, () => `Enum.find_value(${enumerable()}, ${fun1()})`, () => `Enum.find_value(${enumerable()}, :none, ${fun1()})`,
  () => `Enum.flat_map(${enumerable()}, ${pick(["fn x -> [x, x] end", "fn x -> x end", "fn x -> 1..2 end", "fn x -> {x} end"])})`,
  () => `Enum.flat_map_reduce(${enumerable()}, 0, fn x, acc -> if acc > 2, do: {:halt, acc}, else: {[x, x], acc + 1} end)`,
  () => `Enum.frequencies(${enumerable()})`, () => `Enum.frequencies_by(${enumerable()}, ${fun1()})`,
  () => `Enum.group_by(${enumerable()}, ${fun1()})`, () => `Enum.group_by(${enumerable()}, ${fun1()}, ${fun1()})`,
  () => `Enum.intersperse(${enumerable()}, :sep)`, () => `Enum.into(${enumerable()}, ${pick(["[]", "%{}", "MapSet.new()", '""', "[:z]", "%{a: 0}", ":x"])})`,
  () => `Enum.into(${enumerable()}, ${pick(["[]", "%{}", '""'])}, ${pick(["fn x -> {x, x} end", "&to_string/1", "fn x -> x end"])})`,
  () => `Enum.join(${enumerable()})`, () => `Enum.join(${enumerable()}, ${pick(['", "', '""', "'-'", ":x", '"é"'])})`,
  () => `Enum.map(${enumerable()}, ${fun1()})`, () => `Enum.map_every(${enumerable()}, ${int()}, ${fun1()})`, () => `Enum.map_intersperse(${enumerable()}, :s, ${fun1()})`,
  () => `Enum.map_join(${enumerable()}, ${pick(['"-"', '""'])}, ${fun1()})`, () => `Enum.map_reduce(${enumerable()}, 0, fn x, acc -> {{x, acc}, acc + 1} end)`,
  () => `Enum.max(${enumerable()})`, () => `Enum.max(${enumerable()}, ${fallback()})`, () => `Enum.max(${pick([dates(), enumerable()])}, ${sorter()})`, () => `Enum.max(${pick([dates(), enumerable()])}, ${sorter()}, ${fallback()})`,
  () => `Enum.min(${enumerable()})`, () => `Enum.min(${enumerable()}, ${fallback()})`, () => `Enum.min(${pick([dates(), enumerable()])}, ${sorter()})`, () => `Enum.min(${pick([dates(), enumerable()])}, ${sorter()}, ${fallback()})`,
  () => `Enum.max_by(${enumerable()}, ${fun1()})`, () => `Enum.max_by(${enumerable()}, ${fun1()}, ${sorter()})`, () => `Enum.max_by(${enumerable()}, ${fun1()}, ${sorter()}, ${fallback()})`,
  () => `Enum.min_by(${enumerable()}, ${fun1()})`, () => `Enum.min_by(${enumerable()}, ${fun1()}, ${fallback()})`, () => `Enum.min_by(${enumerable()}, ${fun1()}, ${sorter()}, ${fallback()})`,
  () => `Enum.min_max(${enumerable()})`, () => `Enum.min_max(${enumerable()}, ${fallback()})`, () => `Enum.min_max_by(${enumerable()}, ${fun1()})`,
  () => `Enum.min_max_by(${enumerable()}, ${fun1()}, ${sorter()})`, () => `Enum.min_max_by(${enumerable()}, ${fun1()}, ${fallback()})`, () => `Enum.min_max_by(${enumerable()}, ${fun1()}, ${sorter()}, ${fallback()})`,
  () => `Enum.member?(${enumerable()}, ${elem()})`, () => `Enum.product(${enumerable()})`, () => `Enum.sum(${enumerable()})`,
  () => `Enum.random(${pick(["[]", "[1]", "1..1", "%{}", ":x"])})`, () => `Enum.reduce(${enumerable()}, ${fun2()})`, () => `Enum.reduce(${enumerable()}, 0, ${fun2()})`,
  () => `Enum.reduce_while(${enumerable()}, 0, fn x, acc -> if acc > 3, do: {:halt, acc}, else: {:cont, acc + 1} end)`,
  () => `Enum.reject(${enumerable()}, ${fun1()})`, () => `Enum.reverse(${enumerable()})`, () => `Enum.reverse(${enumerable()}, ${enumerable()})`,
  () => `Enum.reverse_slice(${enumerable()}, ${int()}, ${int()})`, () => `Enum.scan(${enumerable()}, ${fun2()})`, () => `Enum.scan(${enumerable()}, 0, ${fun2()})`,
  () => `Enum.slice(${enumerable()}, ${int()}, ${int()})`, () => `Enum.slice(${enumerable()}, ${pick(["0..2", "1..-1", "-3..-1", "2..1", "0..10//2", "-1..0//-1", "1..-2//2", "5..10", "-10..-8", "0..-1//1"])})`,
  () => `Enum.slide(${enumerable()}, ${pick(["0", "1", "-1", "2", "0..1", "1..2", "-2..-1", "5", "3..1"])}, ${int()})`,
  () => `Enum.sort(${enumerable()})`, () => `Enum.sort(${pick([dates(), enumerable()])}, ${sorter()})`, () => `Enum.sort_by(${enumerable()}, ${fun1()})`, () => `Enum.sort_by(${pick([dates(), enumerable()])}, ${pick(["fn x -> x end", "&to_string/1"])}, ${sorter()})`,
  () => `Enum.split(${enumerable()}, ${int()})`, () => `Enum.split_while(${enumerable()}, ${fun1()})`, () => `Enum.split_with(${enumerable()}, ${fun1()})`,
  () => `Enum.take(${enumerable()}, ${int()})`, () => `Enum.take_every(${enumerable()}, ${int()})`, () => `Enum.take_random(${pick(["[]", "[1]", "1..1", ":x", "[1, 1]"])}, ${pick(["0", "1", "-1", ":x"])})`,
  () => `Enum.take_while(${enumerable()}, ${fun1()})`, () => `Enum.to_list(${enumerable()})`, () => `Enum.uniq(${enumerable()})`, () => `Enum.uniq_by(${enumerable()}, ${fun1()})`,
  () => `Enum.unzip(${pick(["[{1, :a}, {2, :b}]", "[]", "[{1, 2, 3}]", "[1]", "%{a: 1}", enumerable()])})`,
  () => `Enum.with_index(${enumerable()})`, () => `Enum.with_index(${enumerable()}, ${pick(["1", "-1", ":x", "fn x, i -> {i, x} end"])})`,
  () => `Enum.zip(${enumerable()}, ${enumerable()})`, () => `Enum.zip([${enumerable()}, ${enumerable()}, ${enumerable()}])`, () => `Enum.zip(${pick(["[]", "[[1]]", ":x"])})`,
  () => `Enum.zip_with(${enumerable()}, ${enumerable()}, ${fun2()})`, () => `Enum.zip_with([${enumerable()}, ${enumerable()}], fn xs -> xs end)`,
  () => `Enum.zip_reduce(${enumerable()}, ${enumerable()}, [], fn a, b, acc -> [{a, b} | acc] end)`, () => `Enum.zip_reduce([${enumerable()}, ${enumerable()}], [], fn xs, acc -> [xs | acc] end)`,
  () => `Enum.dedup(${kw()})`, () => `Enum.into(${kw()}, %{})`, () => `Enum.split(${enumerable()}, ${pick(["-1", "-2", "-10"])})`, () => `Enum.take(${enumerable()}, ${pick(["-1", "-2", "-10"])})`,
];
const out = [];
for (let i = 0; i < Number(process.argv[3] || 300); i++) out.push(pick(calls)());
console.log(out.join("\n"));
