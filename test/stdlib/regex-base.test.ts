// Regex and Base natives vs. real Elixir 1.14 output.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { NativeFn } from "../../src/runtime/code.js";
import { natives as regex, makeRegex } from "../../src/stdlib/regex.js";
import { natives as base } from "../../src/stdlib/base.js";
import { natives as string } from "../../src/stdlib/string.js";
import { at, bin, kw, l, run, show } from "./helpers.js";

type Case = [string, unknown[], string];
function check(name: string, fns: Record<string, NativeFn>, cases: Case[]): void {
  const failures: string[] = [];
  for (const [key, args, expected] of cases) {
    const got = run(fns, key, ...args);
    if (got !== expected) failures.push(`${name}.${key}(${args.map(show).join(", ")}): got ${got} want ${expected}`);
  }
  assert.deepEqual(failures, []);
}

const r = (src: string, opts = "") => makeRegex(src, opts);

test("Regex", () => {
  check("Regex", regex.fns, [
    ["match?/2", [r("^[[:alnum:]]+$"), "123"], "true"],
    ["match?/2", [r("^[[:alnum:][:blank:]]+$"), "123 456"], "true"],
    ["match?/2", [r("^[[:lower:]]+$"), "josé"], "false"],
    ["match?/2", [r("^[[:lower:]]+$", "u"), "josé"], "true"],
    ["replace/3", [r("\\s"), "Unicode\u00a0spaces", "-"], '"Unicode\u00a0spaces"'],
    ["replace/3", [r("\\s", "u"), "Unicode\u00a0spaces", "-"], '"Unicode-spaces"'],
    ["escape/1", ["."], '"\\\\."'],
    ["escape/1", ["\\what if"], '"\\\\\\\\what\\\\ if"'],
    ["escape/1", ["a.b\nc#d-e f"], '"a\\\\.b\\\\\\nc\\\\#d\\\\-e\\\\ f"'],
    ["named_captures/2", [r("c(?<foo>d)"), "abcd"], '%{"foo" => "d"}'],
    ["named_captures/2", [r("a(?<foo>b)c(?<bar>d)"), "abcd"], '%{"bar" => "d", "foo" => "b"}'],
    ["named_captures/2", [r("a(?<foo>b)c(?<bar>d)"), "efgh"], "nil"],
    ["opts/1", [r("foo", "m")], '"m"'],
    ["opts/1", [run(regex.fns, "compile!/2", "foo", l(at("caseless"))) && regex.fns["compile!/2"](["foo", l(at("caseless"))], null as never)], "[:caseless]"],
    ["run/2", [r("c(d)"), "abcd"], '["cd", "d"]'],
    ["run/2", [r("e"), "abcd"], "nil"],
    ["run/3", [r("c(d)"), "abcd", kw({ return: at("index") })], "[{2, 2}, {3, 1}]"],
    ["source/1", [r("foo")], '"foo"'],
    ["source/1", [r("\\d")], '"\\\\d"'],
    ["run/2", [r("(a)|(b)"), "a"], '["a", "a"]'],
    ["run/2", [r("(a)|(b)"), "b"], '["b", "", "b"]'],
    ["run/3", [r("(a)|(b)"), "b", kw({ return: at("index") })], "[{0, 1}, {-1, 0}, {0, 1}]"],
    ["run/3", [r("(a)(x)?"), "a", kw({ return: at("index") })], "[{0, 1}, {0, 1}]"],
    ["run/3", [r("(?<z>a)(?<b>x)?"), "a", kw({ capture: at("all_names") })], '["", "a"]'],
    ["names/1", [r("(?<z>a)(?<b>x)?")], '["b", "z"]'],
    ["run/3", [r("(?<z>a)(?<b>x)?"), "a", kw({ capture: l("z", "b") })], '["a", ""]'],
    ["run/3", [r("(a)"), "a", kw({ capture: at("none") })], "[]"],
    ["run/3", [r("a"), "xaxa", kw({ offset: 2, return: at("index") })], "[{3, 1}]"],
    ["scan/2", [r("c(d|e)"), "abcd abce"], '[["cd", "d"], ["ce", "e"]]'],
    ["scan/3", [r("c(?:d|e)"), "abcd abce", kw({ capture: at("first") })], '[["cd"], ["ce"]]'],
    ["scan/2", [r("a*"), "baaab"], '[[""], ["aaa"], [""], [""]]'],
    ["scan/2", [r(""), "abc"], '[[""], [""], [""], [""]]'],
    ["scan/2", [r("", "u"), "é"], '[[""], [""]]'],
    ["scan/2", [r(""), "é"], '[[""], [""], [""]]'],
    ["scan/3", [r("\\b"), "ab cd", kw({ return: at("index") })], "[[{0, 0}], [{2, 0}], [{3, 0}], [{5, 0}]]"],
    ["scan/2", [r("[\\x{20ac}\\x{24}\\x{a3}]", "u"), "$, £, and €"], '[["$"], ["£"], ["€"]]'],
    ["scan/3", [r("=+"), "=ü†ƒ8===", kw({ return: at("index") })], "[[{0, 1}], [{9, 3}]]"],
    ["split/2", [r("-"), "a-b-c"], '["a", "b", "c"]'],
    ["split/3", [r("-"), "a-b-c", kw({ parts: 2 })], '["a", "b-c"]'],
    ["split/2", [r("-"), "abc"], '["abc"]'],
    ["split/2", [r(""), "abc"], '["", "a", "b", "c", ""]'],
    ["split/2", [r("a(?<second>b)c"), "abc"], '["", ""]'],
    ["split/3", [r("a(?<second>b)c"), "abc", kw({ on: l(at("second")) })], '["a", "c"]'],
    ["split/3", [r("(x)"), "Elixir", kw({ include_captures: true })], '["Eli", "x", "ir"]'],
    ["split/3", [r("a(?<second>b)c"), "abc", kw({ on: l(at("second")), include_captures: true })], '["a", "b", "c"]'],
    ["split/3", [r("(-)"), "a-b-c", kw({ include_captures: true })], '["a", "-", "b", "-", "c"]'],
    ["split/3", [r("a(?<n>b)c"), "xabcy", kw({ on: l(at("n")) })], '["xa", "cy"]'],
    ["split/3", [r("-"), "-a--b-", kw({ trim: true })], '["a", "b"]'],
    ["split/2", [r("x"), ""], '[""]'],
    ["replace/3", [r("d"), "abc", "d"], '"abc"'],
    ["replace/3", [r("b"), "abc", "d"], '"adc"'],
    ["replace/3", [r("b"), "abc", "[\\0]"], '"a[b]c"'],
    ["replace/3", [r("a(b|d)c"), "abcadc", "[\\1]"], '"[b][d]"'],
    ["replace/3", [r("\\.(\\d)$"), "500.5", ".\\g{1}0"], '"500.50"'],
    ["replace/3", [r("a(b|d)c"), "abcadc", "[\\g{1}]"], '"[b][d]"'],
    ["replace/4", [r("b"), "abcb", "x", kw({ global: false })], '"axcb"'],
    ["replace/3", [r("(\\w)"), "ab", "[\\1\\0\\2\\\\]"], '"[aa\\\\][bb\\\\]"'],
    ["replace/3", [r(""), "abc", "-"], '"-a-b-c-"'],
    ["replace/3", [r("a"), "aa", "\\g{0}!"], '"a!a!"'],
    ["compile/1", ["foo"], "{:ok, ~r/foo/}"],
    ["compile/1", ["*foo"], "{:error, {'nothing to repeat', 0}}"],
    ["compile/2", ["foo", "i"], "{:ok, ~r/foo/i}"],
    ["compile/1", ["a{"], "{:ok, ~r/a{/}"],
    ["compile/1", ["(?<n>a)\\k<n>"], "{:ok, ~r/(?<n>a)\\k<n>/}"],
    ["compile/1", ["["], "{:error, {'missing terminating ] for character class', 1}}"],
    ["compile/1", ["a)"], "{:error, {'unmatched parentheses', 1}}"],
    ["compile/1", ["(foo"], "{:error, {'missing )', 4}}"],
    ["compile!/1", ["*"], "** (Regex.CompileError) nothing to repeat at position 0"],
    ["compile/2", ["a", "iz"], '{:error, {:invalid_option, "z"}}'],
    ["match?/2", [r("a$"), "a\n"], "true"],
    ["scan/2", [r("^b", "m"), "a\nb\r\nb"], '[["b"], ["b"]]'],
    ["run/2", [r("."), "é"], "[<<195>>]"],
    ["run/2", [r(".", "u"), "é"], '["é"]'],
    ["run/3", [r("."), "é", kw({ return: at("index") })], "[{0, 1}]"],
    ["run/3", [r("(é)", "u"), "aé", kw({ return: at("index") })], "[{1, 2}, {1, 2}]"],
    ["run/2", [r("[[:alpha:]]+"), "abé1"], "[<<97, 98, 195>>]"],
    ["run/2", [r("\\w+", "u"), "abé1 x"], '["abé1"]'],
    ["run/2", [r("a+", "U"), "aaa"], '["a"]'],
    ["run/2", [r("a+?", "U"), "aaa"], '["aaa"]'],
    ["run/2", [r(" a b # comment\n c", "x"), "abc"], '["abc"]'],
    ["run/2", [r("\\Aa\\z"), "a"], '["a"]'],
    ["run/2", [r("(?i)ab"), "AB"], '["AB"]'],
    ["run/2", [r("\\x41"), "A"], '["A"]'],
    ["run/2", [r("ab", "i"), "AB"], '["AB"]'],
    ["run/2", [r("\\d+"), "a123"], '["123"]'],
    ["run/2", [r("é"), "é"], '["é"]'],
    ["run/2", [r("[é]"), "é"], "[<<195>>]"],
    ["run/2", [r("\\w+"), "abé1"], "[<<97, 98, 195>>]"],
    ["run/2", [r("[[:lower:]]+"), bin(0xdf, 0xe9, 0xaa, 0xb5)], "[<<223, 233, 170, 181>>]"],
    ["run/2", [r("[[:upper:]]+"), bin(0xc9, 0xde, 0xd7)], "[<<201, 222>>]"],
    ["run/2", [r("\\s+"), bin(0x85, 0xa0)], "nil"],
    ["run/2", [r("\\W"), "é"], "[<<169>>]"],
    ["regex?/1", [r("a")], "true"],
    ["regex?/1", ["a"], "false"],
  ]);
  assert.equal(show(r("foo", "iu")), "~r/foo/iu");
});

test("String.split with regex through Regex.split", () => {
  assert.equal(run(string.fns, "split/3", "a,b,,c", r(","), kw({ trim: true })), '["a", "b", "c"]');
});

const NON = (ch: string, b: number) => `** (ArgumentError) non-alphabet character found: "${ch}" (byte ${b})`;

test("Base", () => {
  check("Base", base.fns, [
    ["decode16/1", ["666F6F626172"], '{:ok, "foobar"}'],
    ["decode16/2", ["666f6f626172", kw({ case: at("lower") })], '{:ok, "foobar"}'],
    ["decode16/2", ["666f6F626172", kw({ case: at("mixed") })], '{:ok, "foobar"}'],
    ["decode32/1", ["MZXW6YTBOI======"], '{:ok, "foobar"}'],
    ["decode32/2", ["mzxw6ytboi======", kw({ case: at("lower") })], '{:ok, "foobar"}'],
    ["decode32/2", ["mzXW6ytBOi======", kw({ case: at("mixed") })], '{:ok, "foobar"}'],
    ["decode32/2", ["MZXW6YTBOI", kw({ padding: false })], '{:ok, "foobar"}'],
    ["decode64/1", ["Zm9vYmFy"], '{:ok, "foobar"}'],
    ["decode64/2", ["Zm9vYmFy\n", kw({ ignore: at("whitespace") })], '{:ok, "foobar"}'],
    ["decode64/1", ["Zm9vYg=="], '{:ok, "foob"}'],
    ["decode64/2", ["Zm9vYg", kw({ padding: false })], '{:ok, "foob"}'],
    ["decode64/1", ["Zm9vYg"], ":error"],
    ["encode16/1", ["foobar"], '"666F6F626172"'],
    ["encode16/2", ["foobar", kw({ case: at("lower") })], '"666f6f626172"'],
    ["encode64/1", ["foobar"], '"Zm9vYmFy"'],
    ["encode64/1", ["foob"], '"Zm9vYg=="'],
    ["encode64/2", ["foob", kw({ padding: false })], '"Zm9vYg"'],
    ["hex_decode32!/1", ["CPNMUOJ1E8======"], '"foobar"'],
    ["hex_decode32!/2", ["cpnmuoj1e8======", kw({ case: at("lower") })], '"foobar"'],
    ["hex_decode32!/2", ["cpnMuOJ1E8======", kw({ case: at("mixed") })], '"foobar"'],
    ["hex_decode32!/2", ["CPNMUOJ1E8", kw({ padding: false })], '"foobar"'],
    ["url_decode64/1", ["_3_-_A=="], "{:ok, <<255, 127, 254, 252>>}"],
    ["url_decode64/2", ["_3_-_A==\n", kw({ ignore: at("whitespace") })], "{:ok, <<255, 127, 254, 252>>}"],
    ["url_decode64/2", ["_3_-_A", kw({ padding: false })], "{:ok, <<255, 127, 254, 252>>}"],
    ["url_encode64/1", [bin(255, 127, 254, 252)], '"_3_-_A=="'],
    ["url_encode64/2", [bin(255, 127, 254, 252), kw({ padding: false })], '"_3_-_A"'],
    ["encode32/1", ["foobar"], '"MZXW6YTBOI======"'],
    ["encode32/2", ["foobar", kw({ case: at("lower"), padding: false })], '"mzxw6ytboi"'],
    ["hex_encode32/1", ["foobar"], '"CPNMUOJ1E8======"'],
    ["decode64!/1", ["Zm9v!mFy"], NON("!", 33)],
    ["decode64!/1", [bin(255, 65, 65, 65)], NON("\\xFF", 255)],
    ["decode64!/1", ["Zm9vYm"], "** (ArgumentError) incorrect padding"],
    ["decode64!/1", ["Zm9vY==="], NON("=", 61)],
    ["decode64!/1", ["Zm9vYmE=Zm9v"], NON("=", 61)],
    ["decode64!/2", ["Zm9vYg=", kw({ padding: false })], NON("=", 61)],
    ["decode64/2", ["Zm9vYmFy", kw({ padding: false })], '{:ok, "foobar"}'],
    ["decode16!/1", ["66F"], "** (ArgumentError) string given to decode has wrong length. An even number of bytes was expected, got: 3. Double check your string for unwanted characters or pad it accordingly"],
    ["decode16!/1", ["6g"], NON("g", 103)],
    ["decode16!/1", ["\n6"], NON("\\n", 10)],
    ["decode16!/1", ["ff"], NON("f", 102)],
    ["decode32!/1", ["MZXW6YTBO"], "** (ArgumentError) incorrect padding"],
    ["encode16/1", [at("a")], "** (FunctionClauseError) no function clause matching in Base.encode16/2"],
    ["decode64/1", [at("a")], "** (FunctionClauseError) no function clause matching in Base.decode64/2"],
  ]);
});
