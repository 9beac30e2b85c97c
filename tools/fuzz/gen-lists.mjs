// Random calls of every :lists function, with good and bad arguments, for erl-diff.mjs.
// Usage: node gen-lists.mjs SEED COUNT
let seed = Number(process.argv[2] || 1);
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const elem = () => pick(["1", "2", "3", "2.0", ":a", ":b", '"s"', "{1, :x}", "{2, :y}", "{1.0, :z}", "[1]", "[]", "0"]);
const lst = () => {
  const r = rnd();
  if (r < 0.08) return pick([":atom", "[1 | 2]", "[1, 2 | 3]", "%{}", "{1, 2}"]);
  return `[${Array.from({ length: Math.floor(rnd() * 6) }, elem).join(", ")}]`;
};
const tuples = () => rnd() < 0.1 ? lst() : `[${Array.from({ length: Math.floor(rnd() * 5) }, () => pick(["{1, :a}", "{2, :b}", "{1.0, :c}", "{3, :d, :e}", "{0, :f}", "{2, :g}"])).join(", ")}]`;
const nested = () => rnd() < 0.1 ? lst() : `[${Array.from({ length: Math.floor(rnd() * 4) }, () => pick([lst, elem, () => "[[1], [2, [3]]]"])()).join(", ")}]`;
const n = () => pick(["0", "1", "2", "3", "5", "-1", ":x", "1.0"]);
const fun1 = () => pick(["fn x -> is_integer(x) end", "fn x -> x end", "&is_atom/1", "fn x -> [x, x] end", "fn x -> {true, x} end", ":notfun", "fn x, _ -> x end"]);
const fun2 = () => pick(["fn a, b -> a <= b end", "fn a, b -> a >= b end", "fn x, acc -> [x | acc] end", "&+/2", ":notfun", "fn x -> x end"]);
const calls = [
  () => `:lists.append(${nested()})`, () => `:lists.append(${lst()}, ${lst()})`, () => `:lists.subtract(${lst()}, ${lst()})`,
  () => `:lists.nth(${n()}, ${lst()})`, () => `:lists.nthtail(${n()}, ${lst()})`, () => `:lists.prefix(${lst()}, ${lst()})`,
  () => `:lists.suffix(${lst()}, ${lst()})`, () => `:lists.droplast(${lst()})`, () => `:lists.last(${lst()})`,
  () => `:lists.seq(${n()}, ${pick(["0", "3", "10", "-2", ":x"])})`, () => `:lists.seq(${n()}, ${pick(["0", "10", "-5"])}, ${pick(["1", "2", "-1", "0", "3"])})`,
  () => `:lists.sum(${lst()})`, () => `:lists.min(${lst()})`, () => `:lists.max(${lst()})`,
  () => `:lists.sublist(${lst()}, ${n()})`, () => `:lists.sublist(${lst()}, ${n()}, ${n()})`,
  () => `:lists.zip(${lst()}, ${lst()})`, () => `:lists.zip3(${lst()}, ${lst()}, ${lst()})`, () => `:lists.unzip(${tuples()})`, () => `:lists.unzip3(${tuples()})`,
  () => `:lists.zipwith(${fun2()}, ${lst()}, ${lst()})`, () => `:lists.flatten(${nested()})`, () => `:lists.flatten(${nested()}, ${lst()})`, () => `:lists.flatlength(${nested()})`,
  () => `:lists.keyfind(${elem()}, ${n()}, ${tuples()})`, () => `:lists.keymember(${elem()}, ${n()}, ${tuples()})`, () => `:lists.keysearch(${elem()}, ${n()}, ${tuples()})`,
  () => `:lists.keydelete(${elem()}, ${n()}, ${tuples()})`, () => `:lists.keyreplace(${elem()}, ${n()}, ${tuples()}, {:new})`, () => `:lists.keystore(${elem()}, ${n()}, ${tuples()}, {:new, 1})`,
  () => `:lists.keytake(${elem()}, ${n()}, ${tuples()})`, () => `:lists.keysort(${n()}, ${tuples()})`, () => `:lists.ukeysort(${n()}, ${tuples()})`, () => `:lists.keymap(fn x -> {x} end, ${n()}, ${tuples()})`,
  () => `:lists.sort(${lst()})`, () => `:lists.usort(${lst()})`, () => `:lists.sort(${fun2()}, ${lst()})`, () => `:lists.usort(${fun2()}, ${lst()})`,
  () => `:lists.reverse(${lst()})`, () => `:lists.reverse(${lst()}, ${lst()})`, () => `:lists.member(${elem()}, ${lst()})`, () => `:lists.delete(${elem()}, ${lst()})`,
  () => `:lists.duplicate(${n()}, ${elem()})`, () => `:lists.split(${n()}, ${lst()})`, () => `:lists.splitwith(${fun1()}, ${lst()})`,
  () => `:lists.partition(${fun1()}, ${lst()})`, () => `:lists.takewhile(${fun1()}, ${lst()})`, () => `:lists.dropwhile(${fun1()}, ${lst()})`,
  () => `:lists.filter(${fun1()}, ${lst()})`, () => `:lists.filtermap(${fun1()}, ${lst()})`, () => `:lists.map(${fun1()}, ${lst()})`, () => `:lists.flatmap(${fun1()}, ${lst()})`,
  () => `:lists.foldl(${fun2()}, [], ${lst()})`, () => `:lists.foldr(${fun2()}, [], ${lst()})`, () => `:lists.mapfoldl(fn x, a -> {x, [x | a]} end, [], ${lst()})`, () => `:lists.mapfoldr(fn x, a -> {x, [x | a]} end, [], ${lst()})`,
  () => `:lists.foreach(${fun1()}, ${lst()})`, () => `:lists.all(${fun1()}, ${lst()})`, () => `:lists.any(${fun1()}, ${lst()})`, () => `:lists.search(${fun1()}, ${lst()})`,
  () => `:lists.concat(${pick(["[:a, 1, 'bc', 2.5]", "[]", "[\"x\"]", "[[1]]", ":x"])})`, () => `:lists.join(${elem()}, ${lst()})`,
  () => `:lists.enumerate(${lst()})`, () => `:lists.enumerate(${n()}, ${lst()})`, () => `:lists.uniq(${lst()})`, () => `:lists.uniq(${fun1()}, ${lst()})`,
  () => `:lists.merge(${lst()}, ${lst()})`, () => `:lists.umerge(${lst()}, ${lst()})`, () => `:lists.rmerge(${lst()}, ${lst()})`, () => `:lists.rumerge(${lst()}, ${lst()})`,
  () => `:lists.merge(${fun2()}, ${lst()}, ${lst()})`, () => `:lists.keymerge(${n()}, ${tuples()}, ${tuples()})`, () => `:lists.merge(${nested()})`,
  () => `:lists.zipwith3(fn a, b, c -> {a, b, c} end, ${lst()}, ${lst()}, ${lst()})`,
];
const out = [];
for (let i = 0; i < Number(process.argv[3] || 300); i++) out.push(pick(calls)());
console.log(out.join("\n"));
