// The REPL-facing API: parseStatus, parseIex (iex's continuation rules) and ParseError.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse, parseIex, parseStatus, tokenize, ParseError } from "../../src/lang/parser.js";

test("parse: empty source and single/multiple expressions", () => {
  assert.deepEqual(parse(""), { name: "__block__", meta: {}, args: [] });
  assert.equal(parse("1"), 1n);
  assert.deepEqual(parse("1; 2"), { name: "__block__", meta: {}, args: [1n, 2n] });
  assert.equal(parse("1.5"), 1.5);
  assert.deepEqual(parse(":ok"), { atom: "ok" });
  assert.equal(parse("nil"), null);
  assert.deepEqual(parse("'ab'"), [97n, 98n]);
});

test("parseStatus reports errors as values", () => {
  const r = parseStatus("foo(]", { file: "iex", line: 5 });
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.ok(r.error instanceof ParseError);
  assert.equal(r.error.kind, "SyntaxError");
  assert.equal(r.error.incomplete, false);
  assert.equal(r.error.formatIex(), '** (SyntaxError) iex:5:5: unexpected token: ]. The "(" at line 5 is missing terminator ")"');
});

test("incomplete inputs are flagged (iex prints ...(N)>)", () => {
  const inputs = ["1 +", "foo(", '"abc', "defmodule A do", "[1,", "fn x ->", '"""\nabc', "%{a: 1,", "x |>", "1 \\\n", "%Foo", '"#{1 +}"'];
  for (const src of inputs) {
    const r = parseStatus(src);
    assert.ok(!r.ok && r.error.incomplete, `expected incomplete: ${JSON.stringify(src)}`);
    assert.equal(parseIex(src.endsWith("\n") ? src : src + "\n").status, "incomplete", src);
  }
  for (const src of ["foo(]", "end", "1 2", "[foo 1, 2]"]) {
    const r = parseStatus(src);
    assert.ok(!r.ok && !r.error.incomplete, `expected a hard error: ${JSON.stringify(src)}`);
  }
});

test("error messages match iex, including snippets and column-less locations", () => {
  const msg = (src: string, line = 1) => {
    const r = parseIex(src, { line });
    assert.equal(r.status, "error");
    return r.status === "error" ? r.error.formatIex() : "";
  };
  assert.equal(msg("Foo 1\n", 3), '** (SyntaxError) iex:3:5: syntax error before: "1"\n    |\n  3 | Foo 1\n    |     ^');
  assert.equal(msg("end\n", 4), "** (SyntaxError) iex:4:1: unexpected reserved word: end");
  assert.match(msg("[foo 1, 2]\n"), /^\*\* \(SyntaxError\) iex:1: unexpected comma\. Parentheses are required to solve ambiguity inside containers\./);
  assert.equal(msg("1 else\n"), '** (SyntaxError) iex:1:3: syntax error before: else. "else" is a reserved word in Elixir and therefore its usage is limited. For instance, it can\'t be used as a variable or be defined nor invoked as a regular function');
});

test("parseIex: operator at line start continues the previous result", () => {
  const r = parseIex("|> foo()\n", { line: 4, lastOp: "other" });
  assert.equal(r.status, "ok");
  if (r.status !== "ok") return;
  assert.deepEqual(r.ast, {
    name: "|>",
    meta: { line: 4, column: 1 },
    args: [
      { name: "v", meta: { line: 4, column: 1 }, args: [{ name: "-", meta: { line: 4, column: 3 }, args: [1n] }] },
      { name: "foo", meta: { line: 4, column: 4 }, args: [] },
    ],
  });
  const m = parseIex("x = 1\n");
  assert.equal(m.status === "ok" && m.lastOp, "match");
  const e = parseIex("|> foo\n", { line: 2, lastOp: "match" });
  assert.equal(
    e.status === "error" && e.error.formatIex(),
    "** (SyntaxError) iex:2:1: pipe shorthand is not allowed immediately after a match expression in IEx. To make it work, surround the whole pipeline with parentheses '|>'\n    |\n  2 | |> foo\n    | ^",
  );
});

test("tokenize exposes Elixir's token kinds", () => {
  const kinds = tokenize("foo(1) |> bar do end").map((t) => t.kind);
  assert.deepEqual(kinds, ["paren_identifier", "(", "int", ")", "arrow_op", "do_identifier", "do", "end"]);
});
