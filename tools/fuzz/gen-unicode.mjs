// Random :unicode conversions and normalizations between encodings, with invalid and
// incomplete input, for erl-diff.mjs.
// Usage: node gen-unicode.mjs SEED COUNT
let seed = Number(process.argv[2] || 1);
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const data = () => pick(['"abc"', '"héllo"', '"日本"', "<<0xC3>>", "<<0xE6, 0x97>>", "<<255, 97>>", "'héllo'", "[1000, 0x10FFFF]", "[0x110000]", "[-1]", '["a", [?b, "é"]]', "[\"a\" | \"b\"]", ":x", "<<0, 0, 0, 97>>", "<<0xFE, 0xFF, 0, 97>>", "[0xD800]", '"e\\u0301"', '"ﬁ"', '"Å"', "[?a, <<0xC3, 0xA9>>]", "<<97, 0xC3>>", "[233]", "<<233>>", '""', "[]"]);
const enc = () => pick([":unicode", ":utf8", ":latin1", ":utf16", "{:utf16, :little}", ":utf32", "{:utf32, :big}", ":bad"]);
const calls = [
  () => `:unicode.characters_to_binary(${data()})`, () => `:unicode.characters_to_binary(${data()}, ${enc()})`, () => `:unicode.characters_to_binary(${data()}, ${enc()}, ${enc()})`,
  () => `:unicode.characters_to_list(${data()})`, () => `:unicode.characters_to_list(${data()}, ${enc()})`,
  () => `:unicode.${pick(["characters_to_nfc_binary", "characters_to_nfd_binary", "characters_to_nfkc_binary", "characters_to_nfkd_binary", "characters_to_nfc_list", "characters_to_nfd_list", "characters_to_nfkc_list", "characters_to_nfkd_list"])}(${data()})`,
  () => `:unicode.bom_to_encoding(${pick(["<<0xEF, 0xBB, 0xBF>>", "<<0xFE, 0xFF>>", "<<0xFF, 0xFE>>", "<<0xFF, 0xFE, 0, 0>>", "<<0, 0, 0xFE, 0xFF>>", '"abc"', '""'])})`,
  () => `:unicode.encoding_to_bom(${enc()})`,
];
const out = [];
for (let i = 0; i < Number(process.argv[3] || 300); i++) out.push(pick(calls)());
console.log(out.join("\n"));
