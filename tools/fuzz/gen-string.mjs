// Random :string calls on random chardata (binaries, charlists, nested mixes, combining
// marks, emoji, CRLF), for tools/fuzz/erl-diff.mjs. Usage: node gen-string.mjs SEED COUNT
let seed = Number(process.argv[2] || 1);
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const pieces = ["", "", "a", "b", "c", " ", " ", ",", "\\r", "\\n", "\\r\\n", "é", "e\\u0301", "x", "ß", "İ", "Σ", "🇸🇪", "👍🏽", "\\t", "1", "2", "-", "."];
const bin = (n) => '"' + Array.from({ length: n }, () => pick(pieces)).join("") + '"';
const charlist = (n) => "'" + Array.from({ length: n }, () => pick(pieces)).join("").replace(/'/g, "") + "'";
function chardata(depth = 0) {
  const r = rnd();
  if (r < 0.3) return bin(Math.floor(rnd() * 6));
  if (r < 0.5 || depth > 2) return charlist(Math.floor(rnd() * 6));
  const n = 1 + Math.floor(rnd() * 3);
  const items = Array.from({ length: n }, () => (rnd() < 0.3 ? String(pick([97, 32, 44, 13, 10, 769, 98])) : chardata(depth + 1)));
  if (rnd() < 0.2) return `[${items.join(", ")} | ${bin(2)}]`;
  if (rnd() < 0.1) return `[[${items.join(", ")}]]`;
  return `[${items.join(", ")}]`;
}
const sepList = () => pick(["' '", "', '", "[?\\s, [?\\r, ?\\n]]", "'ab'", "[?,]", "'x'", "[]", "' \\t'", "[?e, 233]", "[[?e, 769]]"]);
const needle = () => pick(['" "', '","', "'ab'", '"b"', '"é"', "'e'", '"\\r\\n"', '""', "[?a, \"b\"]", '"x "']);
const calls = [
  () => `:string.length(${chardata()})`,
  () => `:string.to_graphemes(${chardata()})`,
  () => `:string.reverse(${chardata()})`,
  () => `:string.equal(${chardata()}, ${chardata()})`,
  () => `:string.slice(${chardata()}, ${Math.floor(rnd() * 4)})`,
  () => `:string.slice(${chardata()}, ${Math.floor(rnd() * 4)}, ${pick([0, 1, 2, 3, ":infinity"])})`,
  () => `:string.pad(${chardata()}, ${Math.floor(rnd() * 8)}, ${pick([":leading", ":trailing", ":both"])})`,
  () => `:string.trim(${chardata()})`,
  () => `:string.trim(${chardata()}, ${pick([":leading", ":trailing", ":both"])})`,
  () => `:string.trim(${chardata()}, ${pick([":leading", ":trailing", ":both"])}, ${sepList()})`,
  () => `:string.chomp(${chardata()})`,
  () => `:string.take(${chardata()}, ${sepList()})`,
  () => `:string.take(${chardata()}, ${sepList()}, ${pick(["true", "false"])}, ${pick([":leading", ":trailing"])})`,
  () => `:string.lexemes(${chardata()}, ${sepList()})`,
  () => `:string.nth_lexeme(${chardata()}, ${1 + Math.floor(rnd() * 3)}, ${sepList()})`,
  () => `:string.uppercase(${chardata()})`,
  () => `:string.lowercase(${chardata()})`,
  () => `:string.casefold(${chardata()})`,
  () => `:string.titlecase(${chardata()})`,
  () => `:string.prefix(${chardata()}, ${needle()})`,
  () => `:string.split(${chardata()}, ${needle()})`,
  () => `:string.split(${chardata()}, ${needle()}, ${pick([":leading", ":trailing", ":all"])})`,
  () => `:string.replace(${chardata()}, ${needle()}, "-", ${pick([":leading", ":trailing", ":all"])})`,
  () => `:string.find(${chardata()}, ${needle()}, ${pick([":leading", ":trailing"])})`,
  () => `:string.next_grapheme(${chardata()})`,
  () => `:string.next_codepoint(${chardata()})`,
  () => `:string.equal(${chardata()}, ${chardata()}, true)`,
  () => `:string.is_empty(${chardata()})`,
  () => `:string.take(${chardata()}, ${sepList()}, true)`,
  () => `:string.take(${chardata()}, ${sepList()}, true, :trailing)`,
  () => `:string.take(${chardata()}, ${sepList()}, false, :trailing)`,
  () => `:string.pad(${chardata()}, ${Math.floor(rnd() * 8)}, ${pick([":leading", ":trailing", ":both"])}, ${pick(["?x", "[?e, 769]", "?\\s"])})`,
  () => `:string.to_integer(${pick([chardata(), '"12abc"', "'-7 x'", '"+3"', "['1', \"2x\"]", '"9999999999999999999999z"', '"x1"', '"1.5"'])})`,
  () => `:string.to_float(${pick([chardata(), '"1.5e3x"', "'2.0'", '"1e5"', '"1."', "['1', \".5\"]", '"-0.25,1"', '"3.0E-2"', '"1,5"'])})`,
  () => `:string.equal(${chardata()}, ${chardata()}, ${pick(["true", "false"])}, ${pick([":none", ":nfc", ":nfd", ":nfkc", ":nfkd"])})`,
  () => `:string.trim(${chardata()}, :both, ${pick(['[?a, ?b]', "'\\r\\n'", "[[?\\r, ?\\n]]", "[?.]"])})`,
  () => `:string.lexemes(${chardata()}, ${pick(["[?\\r]", "[[?\\r, ?\\n]]", "'\\r\\n'", "[?e]", "[?,, ?\\s]"])})`,
];
const n = Number(process.argv[3] || 300);
const out = [];
for (let i = 0; i < n; i++) out.push(pick(calls)());
console.log(out.join("\n"));
