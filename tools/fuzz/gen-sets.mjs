// Random calls of :sets (both versions), :ordsets, :gb_sets and :gb_trees, for erl-diff.mjs.
// Results are compared through to_list and friends as well as whole (the printed structure).
// Usage: node gen-sets.mjs SEED COUNT
let seed = Number(process.argv[2] || 1);
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const el = () => pick(["1", "2", "3", "1.0", ":a", '"s"', "{1}", "[]", "10", "-5"]);
const lst = () => `[${Array.from({ length: Math.floor(rnd() * (rnd() < 0.1 ? 40 : 6)) }, el).join(", ")}]`;
const version = () => pick(["", ", [{:version, 2}]", ", [{:version, 1}]"]);
const sets = () => rnd() < 0.05 ? ":x" : pick([() => `:sets.from_list(${lst()}${version()})`, () => `:sets.new(${version().slice(2)})`, () => `:sets.add_element(${el()}, :sets.from_list(${lst()}${version()}))`, () => `:sets.del_element(${el()}, :sets.from_list(${lst()}${version()}))`])();
const gb = () => rnd() < 0.05 ? ":x" : pick([() => `:gb_sets.from_list(${lst()})`, () => ":gb_sets.new()", () => `:gb_sets.add(${el()}, :gb_sets.from_list(${lst()}))`, () => `:gb_sets.delete_any(${el()}, :gb_sets.from_list(${lst()}))`, () => `:gb_sets.from_ordset(:ordsets.from_list(${lst()}))`, () => `:gb_sets.balance(:gb_sets.from_list(${lst()}))`])();
const tree = () => rnd() < 0.05 ? ":x" : pick([() => `:gb_trees.from_orddict(:orddict.from_list(${pairs()}))`, () => ":gb_trees.empty()", () => `:gb_trees.enter(${el()}, :v, :gb_trees.from_orddict(:orddict.from_list(${pairs()})))`, () => `Enum.reduce(${lst()}, :gb_trees.empty(), fn x, t -> :gb_trees.enter(x, x, t) end)`])();
const pairs = () => `[${Array.from({ length: Math.floor(rnd() * 6) }, () => `{${el()}, ${pick([":v", "1", '"w"'])}}`).join(", ")}]`;
const fun = () => pick(["fn x -> is_integer(x) end", "fn x -> {x} end", "fn _ -> true end", "fn x -> is_atom(x) end"]);
const calls = [
  () => `:sets.to_list(${sets()}) |> Enum.sort()`, () => `:sets.size(${sets()})`, () => `:sets.is_element(${el()}, ${sets()})`, () => `:sets.is_set(${sets()})`, () => `:sets.is_empty(${sets()})`,
  () => `:sets.union(${sets()}, ${sets()}) |> :sets.to_list() |> Enum.sort()`, () => `:sets.intersection(${sets()}, ${sets()}) |> :sets.to_list() |> Enum.sort()`, () => `:sets.subtract(${sets()}, ${sets()}) |> :sets.to_list() |> Enum.sort()`,
  () => `:sets.is_subset(${sets()}, ${sets()})`, () => `:sets.is_disjoint(${sets()}, ${sets()})`, () => `:sets.filter(${fun()}, ${sets()}) |> :sets.to_list() |> Enum.sort()`, () => `:sets.fold(fn x, a -> [x | a] end, [], ${sets()}) |> Enum.sort()`,
  () => `:sets.union([${sets()}, ${sets()}]) |> :sets.size()`, () => `:sets.intersection([${sets()}, ${sets()}]) |> :sets.size()`, () => sets(), () => `:sets.map(${fun()}, ${sets()}) |> :sets.to_list() |> Enum.sort()`, () => `:sets.filtermap(${fun()}, ${sets()}) |> :sets.to_list() |> Enum.sort()`,
  () => gb(), () => `:gb_sets.to_list(${gb()})`, () => `:gb_sets.size(${gb()})`, () => `:gb_sets.is_member(${el()}, ${gb()})`, () => `:gb_sets.smallest(${gb()})`, () => `:gb_sets.largest(${gb()})`,
  () => `:gb_sets.take_smallest(${gb()})`, () => `:gb_sets.take_largest(${gb()})`, () => `:gb_sets.union(${gb()}, ${gb()})`, () => `:gb_sets.intersection(${gb()}, ${gb()})`, () => `:gb_sets.difference(${gb()}, ${gb()})`,
  () => `:gb_sets.is_subset(${gb()}, ${gb()})`, () => `:gb_sets.is_disjoint(${gb()}, ${gb()})`, () => `:gb_sets.next(:gb_sets.iterator(${gb()}))`, () => `:gb_sets.next(:gb_sets.iterator_from(${el()}, ${gb()}))`,
  () => `:gb_sets.insert(${el()}, ${gb()})`, () => `:gb_sets.delete(${el()}, ${gb()})`, () => `:gb_sets.filter(${fun()}, ${gb()})`, () => `:gb_sets.fold(fn x, a -> [x | a] end, [], ${gb()})`,
  () => `:gb_sets.smaller(${el()}, ${gb()})`, () => `:gb_sets.larger(${el()}, ${gb()})`, () => `:gb_sets.singleton(${el()})`, () => `:gb_sets.map(${fun()}, ${gb()})`,
  () => tree(), () => `:gb_trees.to_list(${tree()})`, () => `:gb_trees.size(${tree()})`, () => `:gb_trees.lookup(${el()}, ${tree()})`, () => `:gb_trees.get(${el()}, ${tree()})`,
  () => `:gb_trees.insert(${el()}, :new, ${tree()})`, () => `:gb_trees.update(${el()}, :new, ${tree()})`, () => `:gb_trees.delete(${el()}, ${tree()})`, () => `:gb_trees.delete_any(${el()}, ${tree()})`,
  () => `:gb_trees.take(${el()}, ${tree()})`, () => `:gb_trees.take_any(${el()}, ${tree()})`, () => `:gb_trees.smallest(${tree()})`, () => `:gb_trees.largest(${tree()})`, () => `:gb_trees.take_smallest(${tree()})`,
  () => `:gb_trees.keys(${tree()})`, () => `:gb_trees.values(${tree()})`, () => `:gb_trees.is_defined(${el()}, ${tree()})`, () => `:gb_trees.balance(${tree()})`, () => `:gb_trees.map(fn k, v -> {k, v} end, ${tree()})`,
  () => `:gb_trees.next(:gb_trees.iterator(${tree()}))`, () => `:gb_trees.next(:gb_trees.iterator_from(${el()}, ${tree()}))`, () => `:gb_trees.smaller(${el()}, ${tree()})`, () => `:gb_trees.larger(${el()}, ${tree()})`,
  () => `:ordsets.from_list(${lst()})`, () => `:ordsets.union(:ordsets.from_list(${lst()}), :ordsets.from_list(${lst()}))`, () => `:ordsets.add_element(${el()}, ${lst()})`, () => `:ordsets.subtract(${lst()}, ${lst()})`,
];
const out = [];
for (let i = 0; i < Number(process.argv[3] || 300); i++) out.push(pick(calls)());
console.log(out.join("\n"));
