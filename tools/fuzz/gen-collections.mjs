// Random Map, Keyword, List, Tuple, MapSet, Range, Stream and Access calls (duplicate keys,
// improper lists, ranges with steps, validate!/split/pop_first, myers_difference, to_integer,
// stream take/drop/chunk/transform/resource) with wrong types, for tools/fuzz/erl-diff.mjs.
// Usage: node gen-collections.mjs SEED COUNT > x.txt && node erl-diff.mjs x.txt
let seed = Number(process.argv[2] || 1);
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const key = () => pick([":a", ":b", ":c", ":d", "1", "1.0", '"a"', "nil"]);
const val = () => pick(["1", "2", "nil", ":v", "[1]", "%{x: 1}", "false"]);
const map = () => pick(["%{}", "%{a: 1}", "%{a: 1, b: 2}", "%{1 => :x, 1.0 => :y}", '%{"a" => 1, a: 2}', "%{a: nil, b: false}", "%{a: %{b: %{c: 1}}}", "[a: 1]", ":notmap", "%URI{}"]);
const kw = () => pick(["[]", "[a: 1]", "[a: 1, b: 2]", "[a: 1, a: 2, b: 3]", "[b: 2, a: 1, c: 3, a: 4]", "[{:a, 1}, {\"b\", 2}]", "[a: nil]", "%{a: 1}", "[1, 2]", "[{:a, 1} | :tail]"]);
const keys = () => pick(["[]", "[:a]", "[:a, :b]", "[:a, :x]", "[:c, :a, :a]", ":a"]);
const list = () => pick(["[]", "[1]", "[1, 2, 3]", "[3, 1, 2, 1]", "[[1, 2], [3]]", "[1, [2, [3, [4]]], []]", "[1 | 2]", "[1, 2 | 3]", "'abc'", "[?a, ?b, ?c]", "[:a, nil, :b, nil]", ":x", "[{1, :a}, {2, :b}]", "[1.0, 1, -0.0]"]);
const int = () => pick(["0", "1", "2", "3", "-1", "-2", "10", "-10", ":x", "1.0"]);
const tup = () => pick(["{}", "{1}", "{1, 2, 3}", "{:a, :b}", "[1]"]);
const range = () => pick(["1..10", "1..10//3", "10..1//-1", "10..1//-3", "1..0//1", "5..5", "0..-3", "-2..2", "1..1//2", "3..1", "1..9//2", "0..0//-1"]);
const chars = () => pick(['"123"', '"-12"', '"+5"', '""', '"12a"', '"ff"', '"1.5"', '"1e3"', '"3.0e-2"', '"."', '"-.5"']);
const set = () => pick(["MapSet.new()", "MapSet.new([1, 2, 3])", "MapSet.new([2, 3, 4, 1.0])", "MapSet.new([:a])", "[1, 2]", "MapSet.new(1..5)"]);
const fun1 = () => pick(["fn x -> x end", "fn {k, v} -> {v, k} end", "fn {_k, v} -> is_integer(v) end", "fn x -> x * 2 end", "&is_integer/1", ":notfun"]);
const stream = () => pick(["1..10", "Stream.cycle([1, 2, 3])", "Stream.iterate(0, &(&1 + 3))", "[1, 2, 3, 4, 5]", "Stream.repeatedly(fn -> :r end)", "Stream.unfold(5, fn 0 -> nil; n -> {n, n - 1} end)", "%{a: 1, b: 2}", "[]", "10..1//-2", ":x"]);
const calls = [
  () => `Map.get(${map()}, ${key()})`, () => `Map.get(${map()}, ${key()}, :dflt)`, () => `Map.fetch(${map()}, ${key()})`, () => `Map.fetch!(${map()}, ${key()})`,
  () => `Map.put(${map()}, ${key()}, ${val()})`, () => `Map.put_new(${map()}, ${key()}, ${val()})`, () => `Map.put_new_lazy(${map()}, ${key()}, fn -> :lazy end)`,
  () => `Map.delete(${map()}, ${key()})`, () => `Map.drop(${map()}, ${keys()})`, () => `Map.take(${map()}, ${keys()})`, () => `Map.split(${map()}, ${keys()})`,
  () => `Map.merge(${map()}, ${map()})`, () => `Map.merge(${map()}, ${map()}, fn _k, a, b -> {a, b} end)`, () => `Map.update(${map()}, ${key()}, :init, fn v -> {v} end)`, () => `Map.update!(${map()}, ${key()}, fn v -> {v} end)`,
  () => `Map.pop(${map()}, ${key()})`, () => `Map.pop!(${map()}, ${key()})`, () => `Map.pop_lazy(${map()}, ${key()}, fn -> :l end)`, () => `Map.get_and_update(${map()}, ${key()}, fn v -> {v, :new} end)`,
  () => `Map.get_and_update(${map()}, ${key()}, fn _ -> :pop end)`, () => `Map.get_and_update!(${map()}, ${key()}, fn v -> {v, :n} end)`, () => `Map.get_and_update(${map()}, ${key()}, fn _ -> :bad end)`,
  () => `Map.new(${kw()})`, () => `Map.new(${list()}, fn x -> {x, x} end)`, () => `Map.from_struct(${pick(["%URI{}", "URI", "%{}", "%{__struct__: Foo, a: 1}", ":x"])})`,
  () => `Map.keys(${map()})`, () => `Map.values(${map()})`, () => `Map.to_list(${map()})`, () => `Map.has_key?(${map()}, ${key()})`, () => `Map.equal?(${map()}, ${map()})`,
  () => `Map.filter(${map()}, ${fun1()})`, () => `Map.reject(${map()}, ${fun1()})`, () => `Map.map(${map()}, fn {k, v} -> {k, v} end)`, () => `Map.replace(${map()}, ${key()}, :r)`, () => `Map.replace!(${map()}, ${key()}, :r)`, () => `Map.replace_lazy(${map()}, ${key()}, fn v -> {v} end)`,
  () => `Keyword.get(${kw()}, ${key()})`, () => `Keyword.get_values(${kw()}, ${key()})`, () => `Keyword.fetch!(${kw()}, ${key()})`, () => `Keyword.put(${kw()}, ${key()}, ${val()})`, () => `Keyword.put_new(${kw()}, ${key()}, ${val()})`,
  () => `Keyword.delete(${kw()}, ${key()})`, () => `Keyword.delete_first(${kw()}, ${key()})`, () => `Keyword.pop(${kw()}, ${key()})`, () => `Keyword.pop!(${kw()}, ${key()})`, () => `Keyword.pop_first(${kw()}, ${key()}, :d)`, () => `Keyword.pop_values(${kw()}, ${key()})`,
  () => `Keyword.split(${kw()}, ${keys()})`, () => `Keyword.take(${kw()}, ${keys()})`, () => `Keyword.drop(${kw()}, ${keys()})`, () => `Keyword.merge(${kw()}, ${kw()})`, () => `Keyword.merge(${kw()}, ${kw()}, fn _k, a, b -> a + b end)`,
  () => `Keyword.update(${kw()}, ${key()}, 0, fn v -> {v} end)`, () => `Keyword.update!(${kw()}, ${key()}, fn v -> {v} end)`, () => `Keyword.replace!(${kw()}, ${key()}, :r)`, () => `Keyword.replace(${kw()}, ${key()}, :r)`,
  () => `Keyword.validate(${kw()}, ${pick(["[:a, :b]", "[a: 0, c: 5]", "[:a]", "[]", "[:a, {:b, 1}, :c]", "[1]"])})`, () => `Keyword.validate!(${kw()}, ${pick(["[:a, :b]", "[a: 0, c: 5]", "[:a]", "[]", "[:c, :d]"])})`,
  () => `Keyword.keys(${kw()})`, () => `Keyword.values(${kw()})`, () => `Keyword.keyword?(${kw()})`, () => `Keyword.new(${kw()})`, () => `Keyword.new(${list()}, fn x -> {x, x} end)`, () => `Keyword.equal?(${kw()}, ${kw()})`,
  () => `Keyword.filter(${kw()}, ${fun1()})`, () => `Keyword.map(${kw()}, fn {_k, v} -> v end)`, () => `Keyword.has_key?(${kw()}, ${key()})`, () => `Keyword.to_list(${kw()})`, () => `Keyword.get_lazy(${kw()}, ${key()}, fn -> :z end)`,
  () => `List.first(${list()})`, () => `List.last(${list()})`, () => `List.first(${list()}, :d)`, () => `List.flatten(${list()})`, () => `List.flatten(${list()}, ${list()})`, () => `List.wrap(${pick([list(), "nil", ":a", "{1}"])})`,
  () => `List.delete(${list()}, 1)`, () => `List.delete_at(${list()}, ${int()})`, () => `List.insert_at(${list()}, ${int()}, :new)`, () => `List.replace_at(${list()}, ${int()}, :r)`, () => `List.update_at(${list()}, ${int()}, fn x -> {x} end)`,
  () => `List.duplicate(${val()}, ${int()})`, () => `List.foldl(${list()}, [], fn x, a -> [x | a] end)`, () => `List.foldr(${list()}, [], fn x, a -> [x | a] end)`,
  () => `List.keyfind(${list()}, 1, 0)`, () => `List.keyfind(${list()}, 1, ${int()}, :d)`, () => `List.keydelete(${list()}, 1, 0)`, () => `List.keysort(${list()}, ${int()})`, () => `List.keystore(${list()}, 1, 0, {1, :new})`, () => `List.keytake(${list()}, 2, 0)`, () => `List.keyreplace(${list()}, 1, 0, {1, :z})`, () => `List.keymember?(${list()}, 1, 0)`,
  () => `List.myers_difference(${list()}, ${list()})`, () => `List.myers_difference(${list()}, ${list()}, fn a, b -> if is_list(a), do: List.myers_difference(a, b), else: nil end)`,
  () => `List.improper?(${list()})`, () => `List.pop_at(${list()}, ${int()})`, () => `List.starts_with?(${list()}, ${list()})`, () => `List.zip(${pick(["[[1, 2], [3, 4, 5]]", "[]", "[[1], :x]", "[[], [1]]"])})`,
  () => `List.to_integer(${chars()} |> String.to_charlist())`, () => `List.to_integer(${chars()} |> String.to_charlist(), ${pick(["2", "16", "36", "37"])})`, () => `List.to_float(${chars()} |> String.to_charlist())`,
  () => `List.to_string(${pick([list(), "[?a, \"bc\", [?d]]", "[0x1F600]", "[-1]", "[0x110000]", "[\"a\" | \"b\"]"])})`, () => `List.to_charlist(${pick(["[?a, \"bc\", [?d]]", "[0x1F600]", "[-1]", list()])})`, () => `List.to_tuple(${list()})`, () => `List.to_atom('abc')`, () => `List.ascii_printable?(${list()})`, () => `List.ascii_printable?(${list()}, ${int()})`,
  () => `Tuple.append(${tup()}, :x)`, () => `Tuple.insert_at(${tup()}, ${int()}, :x)`, () => `Tuple.delete_at(${tup()}, ${int()})`, () => `Tuple.duplicate(:d, ${int()})`, () => `Tuple.to_list(${tup()})`, () => `Tuple.product(${tup()})`, () => `Tuple.sum(${tup()})`, () => `elem(${tup()}, ${int()})`, () => `put_elem(${tup()}, ${int()}, :p)`,
  () => `MapSet.union(${set()}, ${set()})`, () => `MapSet.intersection(${set()}, ${set()})`, () => `MapSet.difference(${set()}, ${set()})`, () => `MapSet.symmetric_difference(${set()}, ${set()})`, () => `MapSet.subset?(${set()}, ${set()})`, () => `MapSet.disjoint?(${set()}, ${set()})`,
  () => `MapSet.member?(${set()}, ${pick(["1", "1.0", ":a"])})`, () => `MapSet.put(${set()}, 1)`, () => `MapSet.delete(${set()}, 1)`, () => `MapSet.size(${set()})`, () => `MapSet.to_list(${set()})`, () => `MapSet.equal?(${set()}, ${set()})`, () => `MapSet.filter(${set()}, &is_integer/1)`, () => `MapSet.reject(${set()}, &is_integer/1)`, () => `MapSet.new(${list()}, fn x -> {x} end)`, () => `inspect(${set()})`,
  () => `Range.new(${int()}, ${int()})`, () => `Range.new(${int()}, ${int()}, ${int()})`, () => `Range.size(${range()})`, () => `Range.disjoint?(${range()}, ${range()})`, () => `Range.shift(${range()}, ${int()})`, () => `Range.split(${range()}, ${int()})`,
  () => `Enum.to_list(${range()})`, () => `inspect(${range()})`, () => `Enum.count(${range()})`, () => `Enum.member?(${range()}, ${int()})`, () => `Enum.slice(${range()}, ${pick(["1..3", "-3..-1", "0..-1//2"])})`, () => `Enum.reverse(${range()})`, () => `first..last//step = ${range()}; {first, last, step}`, () => `${int()} in ${range()}`,
  () => `Stream.take(${stream()}, ${int()}) |> Enum.to_list()`, () => `Stream.drop(${stream()}, ${int()}) |> Enum.take(4)`, () => `Stream.chunk_every(${stream()}, ${int()}, ${int()}, ${pick([":discard", "[]", "[:pad]"])}) |> Enum.take(3)`,
  () => `Stream.chunk_by(${stream()}, &(rem(&1, 2) == 0)) |> Enum.take(3)`, () => `Stream.dedup(Stream.take(${stream()}, 12)) |> Enum.take(5)`, () => `Stream.with_index(${stream()}, ${int()}) |> Enum.take(3)`, () => `Stream.zip(${stream()}, ${stream()}) |> Enum.take(3)`,
  () => `Stream.transform(Stream.take(${stream()}, 12), 0, fn x, acc -> if acc > 3, do: {:halt, acc}, else: {[x, acc], acc + 1} end) |> Enum.to_list()`, () => `Stream.transform(${stream()}, fn -> 0 end, fn x, acc -> {[x], acc + 1} end, fn acc -> send(self(), {:done, acc}) end) |> Enum.take(3)`,
  () => `Stream.resource(fn -> 3 end, fn 0 -> {:halt, 0}; n -> {[n], n - 1} end, fn _ -> :ok end) |> Enum.to_list()`, () => `Stream.take_every(${stream()}, ${int()}) |> Enum.take(4)`, () => `Stream.drop_every(${stream()}, ${int()}) |> Enum.take(4)`,
  () => `Stream.scan(${stream()}, &+/2) |> Enum.take(4)`, () => `Stream.intersperse(${stream()}, :s) |> Enum.take(5)`, () => `Stream.take_while(${stream()}, &(&1 < 5)) |> Enum.take(4)`, () => `Stream.uniq(Stream.take(${stream()}, 12)) |> Enum.take(3)`, () => `Stream.map_every(Stream.take(${stream()}, 12), ${int()}, &(&1 * 10)) |> Enum.take(5)`,
  () => `Stream.chunk_while(${stream()}, [], fn x, acc -> if length(acc) == 1, do: {:cont, [x | acc], []}, else: {:cont, [x | acc]} end, fn acc -> {:cont, acc, []} end) |> Enum.take(3)`, () => `Stream.split_while(${stream()}, &(&1 < 3))`, () => `Stream.zip_with(${stream()}, ${stream()}, &{&1, &2}) |> Enum.take(3)`, () => `Stream.concat(${stream()}, ${stream()}) |> Enum.take(4)`,
  () => `get_in(${map()}, ${pick(["[:a]", "[:a, :b]", "[:a, :b, :c]", "[]", "[Access.key(:a, 0)]", "[Access.all()]", "[:a, Access.key!(:z)]"])})`, () => `put_in(${map()}, ${pick(["[:a]", "[:a, :b]", "[:x, :y]", "[Access.key(:a, %{}), :q]"])}, :p)`,
  () => `update_in(${map()}, ${pick(["[:a]", "[:a, :b]", "[Access.key(:z, 0)]"])}, fn v -> {v} end)`, () => `pop_in(${map()}, ${pick(["[:a]", "[:a, :b]", "[:z]"])})`,
  () => `get_in(${pick(["[1, 2, 3]", "[[1, 2], [3]]", "[%{a: 1}, %{a: 2}]", "{1, 2, 3}", "[a: [b: 1]]"])}, ${pick(["[Access.at(1)]", "[Access.at(-1)]", "[Access.all(), Access.at(0)]", "[Access.elem(1)]", "[Access.filter(&is_map/1), :a]", "[Access.at(5)]", "[:a, :b]", "[Access.slice(1..2)]"])})`,
  () => `update_in(${pick(["[1, 2, 3]", "[a: [b: 1]]", "{1, 2}", "[%{a: 1}]"])}, ${pick(["[Access.at(1)]", "[Access.at(-1)]", "[Access.all()]", "[Access.elem(0)]", "[:a, :b]", "[Access.at!(9)]"])}, fn v -> {v} end)`,
  () => `Access.fetch(${pick([map(), kw(), "{1}", "nil"])}, ${key()})`, () => `Access.get(${pick([map(), kw(), "nil"])}, ${key()}, :d)`, () => `${map()}[${key()}]`, () => `${kw()}[${key()}]`,
];
const out = [];
for (let i = 0; i < Number(process.argv[3] || 300); i++) out.push(pick(calls)());
console.log(out.join("\n"));
