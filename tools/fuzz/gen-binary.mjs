// Random calls of every :binary function, with good and bad arguments, for erl-diff.mjs.
// Usage: node gen-binary.mjs SEED COUNT
let seed = Number(process.argv[2] || 1);
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const bin = () => pick(['"abcabc"', '""', '"a,b,,c"', '"héllo"', "<<0, 1, 2, 255>>", '"aaa"', '"banana"', "<<1, 2::4>>", ":x", "'ab'", '"xyz xyz"', '"ab"']);
const pat = () => pick(['"a"', '"b"', '","', '"an"', '""', '["a", "b"]', '["an", "a"]', "[]", ":x", '"zz"', '"abc"', "<<255>>", ':binary.compile_pattern("a")', ':binary.compile_pattern(["b", "c"])']);
const n = () => pick(["0", "1", "2", "3", "-1", "10", ":x", "1.0"]);
const part = () => pick(["{0, 1}", "{1, 2}", "{2, -1}", "{0, 0}", "{3, 10}", "{-1, 1}", "{1, -2}", ":x"]);
const opts = () => pick(["[]", "[:global]", "[scope: {1, 3}]", "[:global, scope: {0, 4}]", "[:trim]", "[:trim_all]", "[:global, :trim_all]", "[insert_replaced: 0]", "[:global, insert_replaced: [0, 1]]", "[:bad]", ":x", "[scope: {5, 3}]"]);
const calls = [
  () => `:binary.at(${bin()}, ${n()})`, () => `:binary.first(${bin()})`, () => `:binary.last(${bin()})`, () => `:binary.bin_to_list(${bin()})`,
  () => `:binary.bin_to_list(${bin()}, ${part()})`, () => `:binary.bin_to_list(${bin()}, ${n()}, ${n()})`, () => `:binary.list_to_bin(${pick(["[1, 2]", "'ab'", "[1, [2, \"c\"]]", "[256]", ":x", "[-1]"])})`,
  () => `:binary.copy(${bin()})`, () => `:binary.copy(${bin()}, ${n()})`, () => `:binary.decode_unsigned(${bin()})`, () => `:binary.decode_unsigned(${bin()}, ${pick([":big", ":little", ":mid"])})`,
  () => `:binary.encode_unsigned(${pick(["0", "255", "256", "65535", "-1", "123456789012345678901234567890", ":x"])})`, () => `:binary.encode_unsigned(${pick(["0", "256", "1", "-5"])}, ${pick([":big", ":little", ":x"])})`,
  () => `:binary.longest_common_prefix(${pick(['["abc", "abd"]', '["a"]', "[]", '["", "a"]', ":x", '["ab", 1]'])})`, () => `:binary.longest_common_suffix(${pick(['["abc", "xbc"]', '["a"]', "[]", '["x", "yx", "zyx"]'])})`,
  () => `:binary.match(${bin()}, ${pat()})`, () => `:binary.match(${bin()}, ${pat()}, ${opts()})`, () => `:binary.matches(${bin()}, ${pat()})`, () => `:binary.matches(${bin()}, ${pat()}, ${opts()})`,
  () => `:binary.split(${bin()}, ${pat()})`, () => `:binary.split(${bin()}, ${pat()}, ${opts()})`, () => `:binary.replace(${bin()}, ${pat()}, ${pick(['"X"', '"[]"', '""', ":x", '"<>"'])})`,
  () => `:binary.replace(${bin()}, ${pat()}, ${pick(['"X"', '"[]"', '"<>"'])}, ${opts()})`, () => `:binary.part(${bin()}, ${part()})`, () => `:binary.part(${bin()}, ${n()}, ${n()})`,
  () => `:binary.referenced_byte_size(${bin()})`, () => `:binary.encode_hex(${bin()})`, () => `:binary.decode_hex(${pick(['"0aFF"', '"abc"', '""', '"zz"', ":x", '"A1b2"'])})`,
];
const out = [];
for (let i = 0; i < Number(process.argv[3] || 300); i++) out.push(pick(calls)());
console.log(out.join("\n"));
