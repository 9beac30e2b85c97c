// Random calls of :queue (original, extended and Okasaki APIs) on queues built several ways, for erl-diff.mjs.
// Usage: node gen-queue.mjs SEED COUNT
let seed = Number(process.argv[2] || 1);
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const el = () => pick(["1", "2", ":a", '"s"', "{1}", "[]"]);
const lst = () => `[${Array.from({ length: Math.floor(rnd() * 5) }, el).join(", ")}]`;
const q = (d = 0) => {
  const r = rnd();
  if (d > 2 || r < 0.3) return `:queue.from_list(${lst()})`;
  if (r < 0.4) return ":queue.new()";
  if (r < 0.45) return pick([":x", "{[], :x}", "[1]", "{[1], []}"]);
  return pick([
    () => `:queue.in(${el()}, ${q(d + 1)})`, () => `:queue.in_r(${el()}, ${q(d + 1)})`, () => `:queue.drop(${q(d + 1)})`, () => `:queue.drop_r(${q(d + 1)})`,
    () => `:queue.reverse(${q(d + 1)})`, () => `:queue.join(${q(d + 1)}, ${q(d + 1)})`, () => `:queue.cons(${el()}, ${q(d + 1)})`, () => `:queue.snoc(${q(d + 1)}, ${el()})`,
    () => `:queue.tail(${q(d + 1)})`, () => `:queue.init(${q(d + 1)})`, () => `elem(:queue.split(${pick(["0", "1", "2"])}, ${q(d + 1)}), 1)`,
  ])();
};
const fun = () => pick(["fn x -> is_integer(x) end", "fn x -> [x, x] end", "fn x -> {true, x} end", "fn _ -> false end", "fn x -> x end", ":nofun"]);
const calls = [
  () => `:queue.to_list(${q()})`, () => `:queue.len(${q()})`, () => `:queue.is_empty(${q()})`, () => `:queue.is_queue(${q()})`, () => `:queue.member(${el()}, ${q()})`,
  () => `:queue.out(${q()})`, () => `:queue.out_r(${q()})`, () => `:queue.get(${q()})`, () => `:queue.get_r(${q()})`, () => `:queue.peek(${q()})`, () => `:queue.peek_r(${q()})`,
  () => `:queue.head(${q()})`, () => `:queue.daeh(${q()})`, () => `:queue.last(${q()})`, () => `:queue.liat(${q()})`, () => `:queue.lait(${q()})`,
  () => `:queue.split(${pick(["0", "1", "2", "5", "-1", ":x"])}, ${q()})`, () => `:queue.filter(${fun()}, ${q()})`, () => `:queue.filtermap(${fun()}, ${q()})`,
  () => `:queue.fold(fn x, acc -> [x | acc] end, [], ${q()})`, () => `:queue.any(${fun()}, ${q()})`, () => `:queue.all(${fun()}, ${q()})`, () => `:queue.delete(${el()}, ${q()})`,
  () => `:queue.delete_r(${el()}, ${q()})`, () => `:queue.delete_with(${fun()}, ${q()})`, () => `:queue.delete_with_r(${fun()}, ${q()})`, () => `:queue.join(${q()}, ${q()})`,
  () => q(), () => `:queue.reverse(${q()})`, () => `:queue.drop(${q()})`,
];
const out = [];
for (let i = 0; i < Number(process.argv[3] || 300); i++) out.push(pick(calls)());
console.log(out.join("\n"));
