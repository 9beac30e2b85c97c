// String natives vs. real Elixir 1.14 output (doctests and extra edge cases).
import { test } from "node:test";
import assert from "node:assert/strict";
import { natives } from "../../src/stdlib/string.js";
import { natives as regex } from "../../src/stdlib/regex.js";
import { makeRegex } from "../../src/stdlib/regex.js";
import { a, list } from "../../src/runtime/term.js";
import { at, bin, f, kw, l, range, run } from "./helpers.js";

const S = natives.fns;
const cases: [string, unknown[], string][] = [
  // moduledoc
  ["length/1", ["héllo"], "5"],
  ["length/1", ["e\u0301"], "1"],
  ["codepoints/1", ["e\u0301"], '["e", "\u0301"]'],
  ["graphemes/1", ["e\u0301"], '["e\u0301"]'],
  ["to_charlist/1", ["héllo"], "[104, 233, 108, 108, 111]"],
  ["split/2", ["foo bar", " "], '["foo", "bar"]'],
  ["split/2", ["foo bar!", l(" ", "!")], '["foo", "bar", ""]'],
  // the deprecated :insert_replaced option (real elixir's results; it warns as well)
  ["replace/4", ["a,b,c", ",", "[]", kw({ insert_replaced: 1 })], '"a[,]b[,]c"'],
  ["replace/4", ["a,b,c", ",", "[]", kw({ insert_replaced: 1, global: false })], '"a[,]b,c"'],
  ["replace/4", ["aǆé", "a", "-", kw({ insert_replaced: l(0, 1) })], '"a-aǆé"'],
  ["replace/4", ["a,b,c", ",", "[]", kw({ insert_replaced: null })], '"a[]b[]c"'],
  // bag_distance
  ["bag_distance/2", ["abc", ""], "0.0"],
  ["bag_distance/2", ["abcd", "a"], "0.25"],
  ["bag_distance/2", ["abcd", "ab"], "0.5"],
  ["bag_distance/2", ["abcd", "abc"], "0.75"],
  ["bag_distance/2", ["abcd", "abcd"], "1.0"],
  ["bag_distance/2", ["abc", "cba"], "1.0"],
  // chunk
  ["chunk/2", [bin(97, 98, 99, 0), at("valid")], "[<<97, 98, 99, 0>>]"],
  ["chunk/2", [bin(97, 98, 99, 0, 255, 255), at("valid")], "[<<97, 98, 99, 0>>, <<255, 255>>]"],
  ["chunk/2", ["abc\0\uffff", at("printable")], '["abc", <<0, 239, 191, 191>>]'],
  ["chunk/2", [bin(97, 255, 98), at("valid")], '["a", <<255>>, "b"]'],
  // contains?
  ["contains?/2", ["elixir of life", "of"], "true"],
  ["contains?/2", ["elixir of life", l("life", "death")], "true"],
  ["contains?/2", ["elixir of life", l("death", "mercury")], "false"],
  ["contains?/2", ["elixir of life", ""], "true"],
  ["contains?/2", ["elixir of life", l("", "other")], "true"],
  ["contains?/2", ["elixir of life", l()], "false"],
  ["contains?/2", ["", l()], "false"],
  ["contains?/2", ["e\u0301", "e"], "true"],
  ["contains?/2", ["é", "e"], "false"],
  ["contains?/2", ["abc", 1], "** (ArgumentError) errors were found at the given arguments:\n\n  * 2nd argument: not a valid pattern\n"],
  // duplicate
  ["duplicate/2", ["abc", 0], '""'],
  ["duplicate/2", ["abc", 1], '"abc"'],
  ["duplicate/2", ["abc", 2], '"abcabc"'],
  ["duplicate/2", ["a", -1], "** (ArgumentError) errors were found at the given arguments:\n\n  * 2nd argument: out of range\n"],
  // equivalent?
  ["equivalent?/2", ["abc", "abc"], "true"],
  ["equivalent?/2", ["man\u0303ana", "mañana"], "true"],
  ["equivalent?/2", ["abc", "ABC"], "false"],
  ["equivalent?/2", ["nø", "nó"], "false"],
  // graphemes / last / first / at
  ["graphemes/1", ["Ńaïve"], '["Ń", "a", "ï", "v", "e"]'],
  ["graphemes/1", ["\u00e9"], '["é"]'],
  ["graphemes/1", [bin(97, 255, 98)], '["a", <<255>>, "b"]'],
  ["last/1", [""], "nil"],
  ["last/1", ["elixir"], '"r"'],
  ["last/1", ["եոգլի"], '"ի"'],
  ["first/1", ["elixir"], '"e"'],
  ["first/1", [""], "nil"],
  ["at/2", ["elixir", 0], '"e"'],
  ["at/2", ["elixir", 10], "nil"],
  ["at/2", ["elixir", -1], '"r"'],
  ["at/2", ["abc", -4], "nil"],
  // next_codepoint / next_grapheme
  ["next_codepoint/1", ["olá"], '{"o", "lá"}'],
  ["next_codepoint/1", [bin(128, 128, 79, 75)], "{<<128>>, <<128, 79, 75>>}"],
  ["next_codepoint/1", [bin(128, 79, 75)], '{<<128>>, "OK"}'],
  ["next_codepoint/1", [""], "nil"],
  ["next_grapheme/1", ["olá"], '{"o", "lá"}'],
  ["next_grapheme_size/1", ["\r\nab"], '{2, "ab"}'],
  // normalize
  ["normalize/2", ["y\u00ea\u1e69", at("nfd")], '"ye\u0302s\u0323\u0307"'],
  ["normalize/2", ["len\u0303a", at("nfc")], '"le\u00f1a"'],
  ["normalize/2", ["ﬁ", at("nfkd")], '"fi"'],
  ["normalize/2", ["fi", at("nfkc")], '"fi"'],
  // pad
  ["pad_trailing/2", ["abc", 5], '"abc  "'],
  ["pad_trailing/3", ["abc", 4, "12"], '"abc1"'],
  ["pad_trailing/3", ["abc", 6, "12"], '"abc121"'],
  ["pad_trailing/3", ["abc", 5, l("1", "23")], '"abc123"'],
  ["pad_leading/3", ["abc", 6, "12"], '"121abc"'],
  ["pad_leading/3", ["a", 3, l("x", 1)], "** (ArgumentError) expected a string padding element, got: 1"],
  ["pad_leading/3", ["a", 3, ""], "** (FunctionClauseError) no function clause matching in String.pad_leading/3"],
  // replace
  ["replace/3", ["a,b,c", ",", "-"], '"a-b-c"'],
  ["replace/4", ["a,b,c", ",", "-", kw({ global: false })], '"a-b,c"'],
  ["replace/3", ["ELIXIR", "", "."], '".E.L.I.X.I.R."'],
  ["replace/3", ["ELIXIR", "", ""], '"ELIXIR"'],
  ["replace/3", ["e\u0301", "e", "o"], '"o\u0301"'],
  ["replace/3", ["é", "e", "o"], '"é"'],
  ["replace/4", ["abc", "", "-", kw({ global: false })], '"-abc"'],
  ["replace/3", ["aaa", l("a", "aa"), "x"], '"xx"'],
  // replace_prefix / suffix / leading / trailing
  ["replace_prefix/3", ["world", "hello ", ""], '"world"'],
  ["replace_prefix/3", ["hello world", "hello ", ""], '"world"'],
  ["replace_prefix/3", ["hello hello world", "hello ", ""], '"hello world"'],
  ["replace_prefix/3", ["world", "hello ", "ola "], '"world"'],
  ["replace_prefix/3", ["hello world", "hello ", "ola "], '"ola world"'],
  ["replace_prefix/3", ["hello hello world", "hello ", "ola "], '"ola hello world"'],
  ["replace_prefix/3", ["world", "", "hello "], '"hello world"'],
  ["replace_suffix/3", ["hello world", " world", " mundo"], '"hello mundo"'],
  ["replace_trailing/3", ["hello world", " world", ""], '"hello"'],
  ["replace_trailing/3", ["hello world world", " world", ""], '"hello"'],
  ["replace_trailing/3", ["hello world", " world", " mundo"], '"hello mundo"'],
  ["replace_trailing/3", ["hello world world", " world", " mundo"], '"hello mundo mundo"'],
  ["replace_leading/3", ["hello hello world", "hello ", "ola "], '"ola ola world"'],
  ["replace_leading/3", ["hello", "", "x"], "** (ArgumentError) cannot use an empty string as the match to replace"],
  // slice
  ["slice/2", ["elixir", range(1, 3)], '"lix"'],
  ["slice/2", ["elixir", range(1, 10)], '"lixir"'],
  ["slice/2", ["elixir", range(-4, -1)], '"ixir"'],
  ["slice/2", ["elixir", range(-4, 6)], '"ixir"'],
  ["slice/2", ["elixir", range(-100, 100)], '"elixir"'],
  ["slice/2", ["elixir", range(2, -1, 1)], '"ixir"'],
  ["slice/2", ["elixir", range(1, -2, 1)], '"lixi"'],
  ["slice/2", ["elixir", range(0, -1, 1)], '"elixir"'],
  ["slice/2", ["elixir", range(0, -1, 2)], '"eii"'],
  ["slice/2", ["elixir", range(10, 3, -1)], '""'],
  ["slice/2", ["a", range(1, 1500)], '""'],
  ["slice/2", ["elixir", range(5, 1, -1)], '""'],
  ["slice/2", ["elixir", range(1, 5, -2)], "** (ArgumentError) String.slice/2 does not accept ranges with negative steps, got: 1..5//-2"],
  ["slice/2", ["elixir", range(-3, -1, 2)], '"xr"'],
  ["slice/2", ["elixir", range(1, -2, 2)], '"lx"'],
  ["slice/3", ["elixir", 1, 3], '"lix"'],
  ["slice/3", ["elixir", 2, 10], '"ixir"'],
  ["slice/3", ["elixir", -10, 3], '"eli"'],
  ["slice/3", ["elixir", 10, 3], '""'],
  // split
  ["split/1", ["foo bar"], '["foo", "bar"]'],
  ["split/1", ["foo\u0085bar"], '["foo", "bar"]'],
  ["split/1", [" foo   bar "], '["foo", "bar"]'],
  ["split/1", ["no\u00a0break"], '["no\u00a0break"]'],
  ["split/3", ["a,b,,c", ",", kw({ trim: true })], '["a", "b", "c"]'],
  ["split/3", ["a,b,,c", ",", kw({ parts: 3, trim: true })], '["a", "b", ",c"]'],
  [
    "split/3", [",a,,b", ",", kw({ parts: 2, trim: true })], '["a", ",b"]'],
  ["split/3", ["a,b,c", ",", kw({ parts: 2 })], '["a", "b,c"]'],
  ["split/2", ["abc", ""], '["", "a", "b", "c", ""]'],
  ["split/3", ["abc", "", kw({ parts: 2 })], '["", "abc"]'],
  ["split/3", ["abc", "", kw({ trim: true })], '["a", "b", "c"]'],
  ["split/3", ["abc", "", kw({ parts: 3 })], '["", "a", "bc"]'],
  ["split/3", ["abc", "b", kw({ parts: at("infinity"), trim: true })], '["a", "c"]'],
  ["split/2", ["a b", l("", "b")], "** (ArgumentError) errors were found at the given arguments:\n\n  * 2nd argument: not a valid pattern\n"],
  ["split/2", ["1,2 3,4", l(" ", ",")], '["1", "2", "3", "4"]'],
  // split_at
  ["split_at/2", ["sweetelixir", 5], '{"sweet", "elixir"}'],
  ["split_at/2", ["sweetelixir", -6], '{"sweet", "elixir"}'],
  ["split_at/2", ["abc", 0], '{"", "abc"}'],
  ["split_at/2", ["abc", 1000], '{"abc", ""}'],
  ["split_at/2", ["abc", -1000], '{"", "abc"}'],
  // starts_with? / ends_with?
  ["starts_with?/2", ["elixir", "eli"], "true"],
  ["starts_with?/2", ["elixir", l("erlang", "elixir")], "true"],
  ["starts_with?/2", ["elixir", l("erlang", "ruby")], "false"],
  ["starts_with?/2", ["elixir", ""], "true"],
  ["starts_with?/2", ["elixir", l("", "other")], "true"],
  ["starts_with?/2", ["elixir", l()], "false"],
  ["starts_with?/2", ["", l()], "false"],
  ["ends_with?/2", ["language", "age"], "true"],
  ["ends_with?/2", ["language", l("youth", "age")], "true"],
  // conversions
  ["to_charlist/1", ["æß"], "[230, 223]"],
  ["to_charlist/1", [bin(97, 255, 98)], "** (UnicodeConversionError) invalid encoding starting at <<255, 98>>"],
  ["to_float/1", ["2.2017764e+0"], "2.2017764"],
  ["to_float/1", ["3.0"], "3.0"],
  ["to_float/1", ["3"], "** (ArgumentError) errors were found at the given arguments:\n\n  * 1st argument: not a textual representation of a float\n"],
  ["to_integer/2", ["3FF", 16], "1023"],
  ["to_integer/1", ["123"], "123"],
  ["to_integer/1", ["nope"], "** (ArgumentError) errors were found at the given arguments:\n\n  * 1st argument: not a textual representation of an integer\n"],
  ["to_atom/1", ["my_atom"], ":my_atom"],
  ["to_atom/1", ["a".repeat(300)], "** (SystemLimitError) a system limit has been reached"],
  ["to_existing_atom/1", ["my_atom"], ":my_atom"],
  // trim
  ["trim/2", ["a  abc  a", "a"], '"  abc  "'],
  ["trim_leading/2", ["__ abc _", "_"], '" abc _"'],
  ["trim_leading/2", ["1 abc", "11"], '"1 abc"'],
  ["trim_trailing/2", ["_ abc __", "_"], '"_ abc "'],
  ["trim_trailing/2", ["abc 1", "11"], '"abc 1"'],
  ["trim/1", ["\n  abc\n  "], '"abc"'],
  ["trim/1", ["\u00a0 a \u2007"], '"a"'],
  ["trim_leading/1", ["\n  abc   "], '"abc   "'],
  ["trim_trailing/1", ["   abc\n  "], '"   abc"'],
  // valid? / printable?
  ["valid?/1", ["a"], "true"],
  ["valid?/1", ["ø"], "true"],
  ["valid?/1", [bin(0xff, 0xff)], "false"],
  ["valid?/1", ["\ufdd0"], "true"],
  ["valid?/1", [bin(97, 115, 100, 0xff, 0xff)], "false"],
  ["valid?/1", [4], "false"],
  ["printable?/1", ["abc"], "true"],
  ["printable?/1", ["abc\0"], "false"],
  ["printable?/2", ["abc" + "\0", 2], "true"],
  ["printable?/2", [bin(255), 0], "true"],
  // case
  ["upcase/1", ["abcD"], '"ABCD"'],
  ["upcase/1", ["olá"], '"OLÁ"'],
  ["upcase/2", ["olá", at("ascii")], '"OLá"'],
  ["upcase/2", ["iı", at("turkic")], '"İI"'],
  ["upcase/1", ["ǆ ß ŉ"], '"Ǆ SS ʼN"'],
  ["upcase/1", [1], "** (FunctionClauseError) no function clause matching in String.upcase/2"],
  ["downcase/1", ["ABCD"], '"abcd"'],
  ["downcase/2", ["OLÁ", at("ascii")], '"olÁ"'],
  ["downcase/1", ["ΑΣ ΣΑ"], '"ασ σα"'],
  ["downcase/2", ["ΣΣ", at("greek")], '"σς"'],
  ["downcase/2", ["Iİ", at("turkic")], '"ıi"'],
  ["downcase/1", ["Iİ"], '"ii̇"'],
  ["capitalize/1", ["abcd"], '"Abcd"'],
  ["capitalize/1", ["ﬁn"], '"Fin"'],
  ["capitalize/1", ["olá"], '"Olá"'],
  ["capitalize/1", ["ǆa ß"], '"ǅa ß"'],
  ["capitalize/1", ["ßa"], '"Ssa"'],
  ["capitalize/1", ["ŉa"], '"ʼNa"'],
  ["capitalize/2", ["aBC", at("ascii")], '"Abc"'],
  // reverse
  ["reverse/1", ["abcd"], '"dcba"'],
  ["reverse/1", ["hello world"], '"dlrow olleh"'],
  ["reverse/1", ["hello ∂og"], '"go∂ olleh"'],
  ["reverse/1", ["ab\u0301c"], '"cb\u0301a"'],
  // jaro / myers
  ["jaro_distance/2", ["Dwayne", "Duane"], "0.8222222222222223"],
  ["jaro_distance/2", ["even", "odd"], "0.0"],
  ["jaro_distance/2", ["same", "same"], "1.0"],
  ["jaro_distance/2", ["martha", "marhta"], "0.9444444444444445"],
  ["jaro_distance/2", ["dixon", "dicksonx"], "0.7666666666666666"],
  ["jaro_distance/2", ["ab", "ba"], "0.0"],
  ["myers_difference/2", ["abc", "adc"], '[eq: "a", del: "b", ins: "d", eq: "c"]'],
  ["myers_difference/2", ["fox hops over the dog", "fox jumps over the lazy cat"], '[eq: "fox ", del: "ho", ins: "jum", eq: "ps over the ", del: "dog", ins: "lazy cat"]'],
  ["myers_difference/2", ["aaa", "aaaa"], '[eq: "aaa", ins: "a"]'],
  ["myers_difference/2", ["", "ab"], '[ins: "ab"]'],
  ["length/1", ["🏳️‍🌈ab\r\n"], "4"],
];

test("String natives match Elixir 1.14", () => {
  const failures: string[] = [];
  for (const [key, args, expected] of cases) {
    const got = run(S, key, ...args);
    if (got !== expected) failures.push(`String.${key}(${args.map(String).join(", ")}): got ${got} want ${expected}`);
  }
  assert.deepEqual(failures, []);
});

test("String with regex patterns", () => {
  assert.equal(run(S, "match?/2", "foo", makeRegex("foo", "")), "true");
  assert.equal(run(S, "match?/2", "bar", makeRegex("foo", "")), "false");
  assert.equal(run(S, "replace/3", "a,b,c", makeRegex(",(.)", ""), ",\\1\\g{1}"), '"a,bb,cc"');
  assert.equal(run(S, "split/2", "abc", makeRegex("", "")), '["", "a", "b", "c", ""]');
  assert.equal(run(S, "split/2", "a-b-c", makeRegex("-", "")), '["a", "b", "c"]');
  assert.equal(run(regex.fns, "match?/2", makeRegex("^[[:alnum:]]+$", ""), "123"), "true");
  void f;
  void list;
  void a;
});

test(":binary natives and compiled patterns", async () => {
  const { binaryNatives } = await import("../../src/stdlib/string.js");
  const B = binaryNatives.fns;
  const BA = (n: string, what: string) => `** (ArgumentError) errors were found at the given arguments:\n\n  * ${n} argument: ${what}\n`;
  const cases: [string, unknown[], string][] = [
    ["split/3", ["a,b,,c,,", ",", l(at("global"), at("trim"))], '["a", "b", "", "c"]'],
    ["split/3", ["a,b,,c,,", ",", l(at("global"), at("trim_all"))], '["a", "b", "c"]'],
    ["split/2", ["a,b", ","], '["a", "b"]'],
    ["match/2", ["abc", l("b", "bc")], "{1, 2}"],
    ["match/2", ["abc", "x"], ":nomatch"],
    ["matches/2", ["aébé", "é"], "[{1, 2}, {4, 2}]"],
    ["replace/4", ["aXbX", "X", "-", l(at("global"))], '"a-b-"'],
    ["replace/3", ["aXbX", "X", "-"], '"a-bX"'],
    ["first/1", [""], BA("1st", "a zero-sized binary is not allowed")],
    ["at/2", ["abc", 5], "** (ArgumentError) argument error"],
    ["compile_pattern/1", [""], BA("1st", "not a valid pattern")],
    ["match/2", [at("a"), "x"], BA("1st", "not a binary")],
  ];
  const failures: string[] = [];
  for (const [key, args, expected] of cases) {
    const got = run(B, key, ...args);
    if (got !== expected) failures.push(`:binary.${key}: got ${got} want ${expected}`);
  }
  assert.deepEqual(failures, []);
  const cp = (p: unknown) => B["compile_pattern/1"]([p], null as never);
  assert.match(run(B, "compile_pattern/1", l(" ", "!")), /^\{:ac, /);
  assert.match(run(B, "compile_pattern/1", ","), /^\{:bm, /);
  assert.equal(run(S, "split/2", "foo bar!", cp(l(" ", "!"))), '["foo", "bar", ""]');
  assert.equal(run(S, "contains?/2", "elixir of life", cp(l("life", "death"))), "true");
  assert.equal(run(S, "replace/3", "a,b,c", cp(","), "[]"), '"a[]b[]c"');
});
