// Compile-time warnings and errors as Elixir 1.14 gives them: the tokenizer's (unnecessary
// quotes, deprecated operators), elixir_expand's (values dropped in a block, super), and
// Kernel's (if/unless keys). Texts recorded from iex.
import assert from "node:assert/strict";
import { test } from "node:test";
import { tokenize } from "../../src/lang/lexer.js";
import type { LexWarning } from "../../src/lang/lexer.js";
import { runSession } from "../helpers/session.js";

function lexWarnings(src: string): string[] {
  const warnings: LexWarning[] = [];
  tokenize(src, 1, 1, { warnings });
  return warnings.map((w) => `${w.line}:${w.column} ${w.message.slice(0, w.message.indexOf(" but"))}`);
}

test("quoted atoms, keywords and calls that need no quotes are warned about where they start", () => {
  assert.deepEqual(lexWarnings(':"foo"'), ['1:1 found quoted atom "foo"']);
  assert.deepEqual(lexWarnings("x = :'valid?'"), ['1:5 found quoted atom "valid?"']);
  assert.deepEqual(lexWarnings('[do: 1, "do": 2]'), ['1:10 found quoted keyword "do"']);
  assert.deepEqual(lexWarnings("['d': 1]"), ['1:3 found quoted keyword "d"']);
  assert.deepEqual(lexWarnings('Kernel."is_atom"(1)'), ['1:8 found quoted call "is_atom"']);
  assert.deepEqual(lexWarnings('m."a"'), ['1:3 found quoted call "a"']);
});

test("quotes that are needed are not warned about", () => {
  for (const src of [':"foo bar"', ':"Foo"', ':"foo@bar"', ':"héllo"', ':""', ':"1a"', ':"a?b"', ':"a#{1}"', ':"fo\\x6f"', '%{"héllo": 1}', 'Kernel."+"(1, 2)', '"plain"']) {
    assert.deepEqual(lexWarnings(src), [], src);
  }
});

test("^^^ and <|> are deprecated where they are operators", () => {
  assert.deepEqual(lexWarnings("1 ^^^ 2"), ["1:3 ^^^ is deprecated. It is typically used as xor"]);
  assert.deepEqual(lexWarnings("1 <|> 2").map((w) => w.slice(0, 22)), ["1:3 <|> is deprecated."]);
  assert.deepEqual(lexWarnings("&^^^/2"), []);
});

test("a literal, variable or attribute dropped in a block warns, at its line or the block's", async () => {
  const out = await runSession(
    [
      "defmodule Blocks do",
      "  @attr 1",
      "  def a do",
      "    1",
      '    "two"',
      "    :atom",
      "    :ok",
      "  end",
      "  def b(x) do",
      "    x",
      "    @attr",
      "    (4; x)",
      "  end",
      "  def c, do: (if true do 5; :ok end)",
      "end",
      "(1; :top)",
    ].join("\n"),
  );
  const warnings = out.split("\n\n").filter((x) => x.includes("warning:")).map((x) => x.replace(/^.*warning: /s, ""));
  assert.deepEqual(warnings, [
    "code block contains unused literal 1 (remove the literal or assign it to _ to avoid warnings)\n  iex: Blocks.a/0",
    'code block contains unused literal "two" (remove the literal or assign it to _ to avoid warnings)\n  iex: Blocks.a/0',
    "variable x in code block has no effect as it is never returned (remove the variable or assign it to _ to avoid warnings)\n  iex:10: Blocks.b/1",
    "module attribute @attr in code block has no effect as it is never returned (remove the attribute or assign it to _ to avoid warnings)\n  iex:11: Blocks.b/1",
    "code block contains unused literal 4 (remove the literal or assign it to _ to avoid warnings)\n  iex:12: Blocks.b/1",
    "code block contains unused literal 5 (remove the literal or assign it to _ to avoid warnings)\n  iex:14: Blocks.c/0",
  ]);
  // (the prompt's own top-level block is evaluated expression by expression, unchecked)
  assert.match(out, /:top/);
});

test("if and unless take do: alone or do: then else:", async () => {
  const out = await runSession("if true, else: 1, do: 2\nunless true, do: 1, else: 2, else: 3\nif true, [do: 1, else: 2]\nopts = [do: 1]\nif true, opts\n");
  assert.match(out, /iex\(1\)> \*\* \(ArgumentError\) invalid or duplicate keys for if, only "do" and an optional "else" are permitted\n {4}\(elixir 1\.14\.0\) lib\/kernel\.ex:3731: Kernel\.build_if\/2/);
  assert.match(out, /\*\* \(ArgumentError\) invalid or duplicate keys for unless, only "do" and an optional "else" are permitted\n {4}\(elixir 1\.14\.0\) lib\/kernel\.ex:3775: Kernel\.build_unless\/2/);
  assert.match(out, /iex\(1\)> 1\n/);
  assert.match(out, /iex\(3\)> \*\* \(ArgumentError\) invalid or duplicate keys for if/);
});

test("super: only in a function of a module, with its arity, of one made overridable", async () => {
  const out = await runSession(
    [
      "super()",
      "defmodule S1, do: super()",
      "defmodule S2 do",
      "  def a, do: 1",
      "  def b(x), do: x",
      "  def valid?(x), do: x",
      "  defoverridable [b: 1, a: 0]",
      "  defoverridable [valid?: 1]",
      "  def c(x), do: super(x)",
      "end",
      "defmodule S3 do",
      "  def a, do: 1",
      "  defoverridable [a: 0]",
      "  def a(x), do: super()",
      "end",
      "defmodule S4 do",
      "  def a(x), do: x",
      "  defoverridable [a: 1]",
      "  def a(x), do: super(x) + 1",
      "end",
      "S4.a(1)",
    ].join("\n"),
  );
  assert.match(out, /\*\* \(CompileError\) iex:1: cannot invoke super outside module\n/);
  assert.match(out, /\*\* \(CompileError\) iex:1: cannot invoke super outside function\n/);
  assert.match(out, /\*\* \(CompileError\) iex:7: no super defined for c\/1 in module S2\. Overridable functions available are: b\/1, a\/0, valid\?\/1\n/);
  assert.match(out, /\*\* \(CompileError\) iex:\d+: super must be called with the same number of arguments as the current definition\n/);
  assert.match(out, /iex\(\d+\)> 2\n/);
});

test("a range of values that are not integers fails in Range.new", async () => {
  const out = await runSession("x = :a\nx..1\n1..2//x\n");
  assert.match(out, /\*\* \(ArgumentError\) ranges \(first\.\.last\) expect both sides to be integers, got: :a\.\.1\n {4}\(elixir 1\.14\.0\) lib\/range\.ex:193: Range\.new\/2\n/);
  assert.match(out, /got: 1\.\.2\/\/:a\n {4}\(elixir 1\.14\.0\) lib\/range\.ex:215: Range\.new\/3\n/);
});

/** The warnings defining `body` in a module prints (without the {:module, ...} result). */
async function moduleWarnings(body: string[]): Promise<string[]> {
  const out = await runSession(["defmodule W do", ...body.map((l) => "  " + l), "end"].join("\n"));
  return out.split("\n\n").filter((x) => x.includes("warning: ")).map((x) => x.replace(/^.*warning: /s, ""));
}

test("a pure BIF of constants that raises will fail, named as Elixir calls it", async () => {
  assert.deepEqual(
    await moduleWarnings([
      "def a, do: 1 + :a",
      "def b, do: elem({}, 0)",
      "def c, do: Atom.to_string(\"a\")",
      "def d, do: String.to_atom(1)",
      "def e, do: 1 / 0",
      "def f, do: Bitwise.<<<(1, :a)",
      "def g(x) do",
      "  y = :b",
      "  z = 2 + 3",
      "  fn -> {y * 2, x, z + :c} end",
      "end",
      "def h, do: {1 + :a, 2 + :b}",
      "def i, do: if(false, do: 1 + :a, else: 2)",
      "def j, do: :math.sqrt(:x)",
      "def k, do: 1 + 2",
    ]),
    [
      "the call to +/2 will fail with ArithmeticError\n  iex:2",
      "the call to :erlang.element/2 will fail with ArgumentError\n  iex:3",
      "the call to Atom.to_string/1 will fail with ArgumentError\n  iex:4",
      "the call to :erlang.binary_to_atom/2 will fail with ArgumentError\n  iex:5",
      "the call to //2 will fail with ArithmeticError\n  iex:6",
      "the call to Bitwise.bsl/2 will fail with ArithmeticError\n  iex:7",
      "the call to */2 will fail with ArithmeticError\n  iex:11",
      "the call to +/2 will fail with ArithmeticError\n  iex:11",
      "the call to +/2 will fail with ArithmeticError\n  iex:13",
      "the call to :math.sqrt/1 will fail with ArgumentError\n  iex:15",
    ],
  );
});

test("a BIF called for its effect: no effect when safe, its result ignored when pure", async () => {
  const ignored = (what: string, line: number) => `the result of ${what} is ignored (suppress the warning by assigning the expression to the _ variable)\n  iex:${line}`;
  assert.deepEqual(
    await moduleWarnings([
      "def f(x) do",
      "  x == 1",
      "  x <= 1",
      "  x + 1",
      "  not x",
      "  is_atom(x)",
      "  elem(x, 0)",
      "  self()",
      "  x |> Kernel.-(1)",
      "  is_nil(x)",
      "  x in [1, 2]",
      "  {x * 2, 1}",
      "  if x, do: x + 1",
      "  _ = x + 1",
      "  fn -> x + 1 end",
      "  Map.get(x, 1)",
      "  (hd([]); :ok)",
      "  :ok",
      "end",
    ]),
    [
      "use of operator == has no effect\n  iex:3",
      "use of operator <= has no effect\n  iex:4",
      ignored("evaluating operator '+'/2", 5),
      ignored("evaluating operator 'not'/1", 6),
      "the call to is_atom/1 has no effect\n  iex:7",
      ignored("calling element/2", 8),
      "the call to self/0 has no effect\n  iex:9",
      ignored("evaluating operator '-'/2", 10),
      "use of operator == has no effect\n  iex:11",
      "use of operator === has no effect\n  iex:12",
      ignored("evaluating operator '*'/2", 13),
      ignored("evaluating operator '+'/2", 14),
      "the call to hd/1 will fail with ArgumentError\n  iex:18",
      ignored("calling hd/1", 18),
    ],
  );
});

test("clauses after one that always matches are not looked at; the prompt's own code is not checked", async () => {
  assert.deepEqual(await moduleWarnings(["def g(1), do: 1", "def g(_), do: 2", "def g(3), do: hd([])"]), [
    "this clause for g/1 cannot match because a previous clause at line 3 always matches\n  iex:4",
  ]);
  // (a call failing in the value a plain variable is matched to is not warned about)
  assert.deepEqual(await moduleWarnings(["def m do", "  y = foo(1 + :w)", "  {a} = {1 + :w}", "  b = c = 2 + :w", "  {y, a, b, c}", "end", "def foo(x), do: x"]), [
    "the call to +/2 will fail with ArithmeticError\n  iex:4",
    "the call to +/2 will fail with ArithmeticError\n  iex:5",
  ]);
  const out = await runSession("x = 5\nx == 1\nfn -> hd([]) end\n");
  assert.doesNotMatch(out, /warning/);
});
