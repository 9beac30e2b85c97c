// The obsolete :string functions and bad arguments, for tools/fuzz/erl-diff.mjs.
// Usage: node gen-string-old.mjs SEED COUNT
let seed = Number(process.argv[2] || 1);
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const str = () => pick(["'hello world'", "'  a  b  '", "''", "'abcabc'", "'x'", "'a,b,,c'", "'   '", "'Hello'", "\"bin\"", ":atom", "[1, 2 | 3]", "'ab' ++ [300]", "'ÀÉ ÿ'"]);
const ch = () => pick(["?a", "?\\s", "?,", "?b", "?x", "?l", ":a", "300"]);
const n = () => pick(["0", "1", "2", "3", "5", "10", "-1", ":a"]);
const calls = [
  () => `:string.len(${str()})`, () => `:string.concat(${str()}, ${str()})`,
  () => `:string.chr(${str()}, ${ch()})`, () => `:string.rchr(${str()}, ${ch()})`,
  () => `:string.str(${str()}, ${str()})`, () => `:string.rstr(${str()}, ${str()})`,
  () => `:string.span(${str()}, ${str()})`, () => `:string.cspan(${str()}, ${str()})`,
  () => `:string.substr(${str()}, ${n()})`, () => `:string.substr(${str()}, ${n()}, ${n()})`,
  () => `:string.sub_string(${str()}, ${n()})`, () => `:string.sub_string(${str()}, ${n()}, ${n()})`,
  () => `:string.tokens(${str()}, ${str()})`, () => `:string.chars(${ch()}, ${n()})`, () => `:string.chars(${ch()}, ${n()}, ${str()})`,
  () => `:string.copies(${str()}, ${n()})`, () => `:string.words(${str()})`, () => `:string.words(${str()}, ${ch()})`,
  () => `:string.sub_word(${str()}, ${n()})`, () => `:string.sub_word(${str()}, ${n()}, ${ch()})`,
  () => `:string.strip(${str()})`, () => `:string.strip(${str()}, ${pick([":left", ":right", ":both", ":x"])})`,
  () => `:string.strip(${str()}, ${pick([":left", ":right", ":both"])}, ${ch()})`,
  () => `:string.left(${str()}, ${n()})`, () => `:string.left(${str()}, ${n()}, ${ch()})`,
  () => `:string.right(${str()}, ${n()})`, () => `:string.right(${str()}, ${n()}, ${ch()})`,
  () => `:string.centre(${str()}, ${n()})`, () => `:string.centre(${str()}, ${n()}, ${ch()})`,
  () => `:string.to_lower(${pick([str(), ch()])})`, () => `:string.to_upper(${pick([str(), ch()])})`,
  () => `:string.join(${pick(["['a', 'b']", "[]", "['x']", "[\"a\", 'b']", ":x", "['a', :b]"])}, ${str()})`,
  () => `:string.${pick(["length", "trim", "uppercase", "lowercase", "titlecase", "casefold", "reverse", "to_graphemes", "is_empty", "next_grapheme", "next_codepoint", "chomp", "to_integer", "to_float"])}(${pick([":a", "123", "{1}", "<<255>>", "\"ab\" <> <<255>>", "[97 | :x]", "[-1]", "1.5"])})`,
  () => `:string.${pick(["split", "find", "prefix", "lexemes", "take"])}(${pick([":a", "\"ab\"", "'ab'"])}, ${pick([":a", "\"a\"", "'a'", "123", "[]"])})`,
  () => `:string.pad(${pick([":a", "\"ab\"", "'ab'"])}, ${n()}, ${pick([":leading", ":x", "1"])})`,
  () => `:string.slice(${pick([":a", "\"abc\"", "'abc'"])}, ${n()}, ${n()})`,
];
const out = [];
for (let i = 0; i < Number(process.argv[3] || 300); i++) out.push(pick(calls)());
console.log(out.join("\n"));
