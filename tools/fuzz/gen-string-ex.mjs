// Random Elixir String calls (split with parts/trim, slice with ranges and steps, pad, replace
// options, distances, to_integer/to_float, capitalize modes, normalize...) on ASCII, unicode
// (combining marks, emoji, ZWJ), empty and invalid-UTF-8 binaries, and wrong types.
// Usage: node gen-string-ex.mjs SEED COUNT > x.txt && node erl-diff.mjs x.txt
let seed = Number(process.argv[2] || 1);
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const pieces = ["", "a", "b", "A", "B", "c", " ", " ", ",", "\\r\\n", "\\n", "\\t", "é", "e\\u0301", "ß", "ﬁ", "İ", "ı", "Σ", "ς", "ǆ", "ǅ", "🇸🇪", "👩‍👩‍👧", "👍🏽", "1", "-", ".", "x", "Ω", "Å", "\\u00A0", "\\u2028", "\\u3000", "ŉ"];
const str = () => {
  const r = rnd();
  if (r < 0.06) return pick(["<<0xFF>>", "<<\"a\", 0xC3>>", "<<0xE2, 0x82>>", "<<97, 0xC0, 0x80>>", "<<0xED, 0xA0, 0x80>>"]);
  if (r < 0.09) return pick([":atom", "'charlist'", "123", "nil", "[\"a\"]"]);
  return '"' + Array.from({ length: Math.floor(rnd() * 7) }, () => pick(pieces)).join("") + '"';
};
const pat = () => pick(['" "', '","', '"a"', '""', '["a", "b"]', '[",", " "]', "[]", '"é"', '"e"', "~r/,/", "~r/\\s+/", "~r//", ":binary.compile_pattern([\",\"])", '"\\u0301"', ":x"]);
const int = () => pick(["0", "1", "2", "3", "-1", "-2", "5", "10", "-10", ":x", "1.0"]);
const numstr = () => pick(['"12"', '"-12"', '"+12"', '" 12"', '"12 "', '"1_000"', '"0x1F"', '"1F"', '"ff"', '"zz"', '""', '"-"', '"+"', '"12.5"', '"1.0e3"', '"1e3"', '"1.e3"', '".5"', '"5."', '"-0.0"', '"1.0E-3"', '"1.7976931348623157e308"', '"1.0e309"', '"0.1e-400"', '"٣"', '"1_0.0"', '"007"', '"123456789012345678901234567890"', '"1.5abc"', '"abc"', '"Infinity"', '"NaN"', '"+.5"', '"1.0e+5"']);
const calls = [
  () => `String.split(${str()})`, () => `String.split(${str()}, ${pat()})`, () => `String.split(${str()}, ${pat()}, ${pick(["parts: 2", "trim: true", "parts: 2, trim: true", "parts: 1", "parts: :infinity", "parts: 0", "parts: -1", "trim: :x", "[]"])})`,
  () => `String.split_at(${str()}, ${int()})`, () => `String.splitter(${str()}, ${pat()}, ${pick(["[]", "trim: true"])}) |> Enum.to_list()`,
  () => `String.slice(${str()}, ${int()}, ${int()})`, () => `String.slice(${str()}, ${pick(["0..2", "1..-1", "-3..-1", "2..1", "0..10//2", "-1..0//-1", "1..-2//2", "5..10", "-10..-8", "0..-1//1", "1..1", "..", "3..-1//3"])})`,
  () => `String.pad_leading(${str()}, ${int()})`, () => `String.pad_trailing(${str()}, ${int()}, ${pick(['"-"', '"ab"', '""', '"é"', "[\"a\", \"b\"]", ":x"])})`, () => `String.pad_leading(${str()}, ${int()}, ${pick(['"-"', '"ab"', '""', "[\"a\", \"b\"]"])})`,
  () => `String.replace(${str()}, ${pat()}, ${pick(['"-"', '""', '"[\\\\0]"', 'fn m -> "<" <> m <> ">" end', '"\\\\1"', ":x"])})`,
  () => `String.replace(${str()}, ${pat()}, ${pick(['"-"', '""', 'fn m -> String.upcase(m) end'])}, ${pick(["global: false", "global: true", "insert_replaced: 0", "insert_replaced: [0, 1]", "[]"])})`,
  () => `String.replace_prefix(${str()}, ${pick(['"a"', '""', '"é"'])}, "X")`, () => `String.replace_suffix(${str()}, ${pick(['"a"', '""', '"é"'])}, "X")`,
  () => `String.replace_leading(${str()}, ${pick(['"a"', '" "', '"é"', '""'])}, "X")`, () => `String.replace_trailing(${str()}, ${pick(['"a"', '" "', '"é"', '""'])}, "X")`,
  () => `String.jaro_distance(${str()}, ${str()})`, () => `String.bag_distance(${str()}, ${str()})`, () => `String.myers_difference(${str()}, ${str()})`,
  () => `String.to_integer(${numstr()})`, () => `String.to_integer(${numstr()}, ${pick(["2", "16", "36", "37", "1", "10", ":x"])})`, () => `String.to_float(${numstr()})`,
  () => `Integer.parse(${numstr()})`, () => `Float.parse(${numstr()})`,
  () => `String.capitalize(${str()})`, () => `String.capitalize(${str()}, ${pick([":default", ":ascii", ":greek", ":turkic", ":x"])})`,
  () => `String.upcase(${str()}, ${pick([":default", ":ascii", ":greek", ":turkic"])})`, () => `String.downcase(${str()}, ${pick([":default", ":ascii", ":greek", ":turkic"])})`,
  () => `String.upcase(${str()})`, () => `String.downcase(${str()})`,
  () => `String.normalize(${str()}, ${pick([":nfc", ":nfd", ":nfkc", ":nfkd"])})`, () => `:unicode.characters_to_nfc_binary(${str()})`,
  () => `String.length(${str()})`, () => `String.graphemes(${str()})`, () => `String.codepoints(${str()})`, () => `String.reverse(${str()})`,
  () => `String.next_grapheme(${str()})`, () => `String.next_codepoint(${str()})`, () => `String.first(${str()})`, () => `String.last(${str()})`, () => `String.at(${str()}, ${int()})`,
  () => `String.valid?(${str()})`, () => `String.printable?(${str()})`, () => `String.printable?(${str()}, ${pick(["0", "1", "2", ":infinity"])})`,
  () => `String.trim(${str()})`, () => `String.trim(${str()}, ${pick(['"a"', '" "', '""', '"ab"'])})`, () => `String.trim_leading(${str()})`, () => `String.trim_trailing(${str()}, ${pick(['"a"', '" "', '"é"'])})`,
  () => `String.contains?(${str()}, ${pat()})`, () => `String.starts_with?(${str()}, ${pat()})`, () => `String.ends_with?(${str()}, ${pat()})`,
  () => `String.duplicate(${str()}, ${int()})`, () => `String.equivalent?(${str()}, ${str()})`, () => `String.chunk(${str()}, ${pick([":valid", ":printable"])})`,
  () => `String.to_charlist(${str()})`, () => `String.to_atom(${str()})`, () => `String.to_existing_atom(${pick(['"ok"', '"nonexistingatomxyz"', '""'])})`,
  () => `String.match?(${str()}, ${pick(["~r/a/", "~r/^\\\\w+$/u", "~r//"])})`, () => `String.grapheme_jaro_distance(${str()}, ${str()})`,
  () => `String.split(${str()}, "", ${pick(["parts: 2", "trim: true", "parts: 3, trim: true"])})`, () => `String.upcase(${str()}) |> String.length()`,
  () => `"#{${pick([":a", "1.0", "nil", "[97, 98]", "'ab'", "1..2", "%{}", "{1}", "[1 | 2]", "-0.0", "1.0e20", "123456789.123"])}}"`,
];
const out = [];
for (let i = 0; i < Number(process.argv[3] || 300); i++) out.push(pick(calls)());
console.log(out.join("\n"));
