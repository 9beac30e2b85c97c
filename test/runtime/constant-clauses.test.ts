// Local calls answer leading constant clauses (`def fib(0), do: 0`) without a frame: the
// result must be exactly what calling the function gives, clause order included.
import assert from "node:assert/strict";
import { test } from "node:test";
import { evalsTo } from "../helpers/eval.js";

const T = `
defmodule T do
  def same(x, x), do: true
  def same(_, _), do: false
  def k(:a), do: 1
  def k(nil), do: 2
  def k([]), do: 3
  def k(0), do: 4
  def k(true), do: :yes
  def k(x), do: {:other, x}
  def first(_, 0), do: :zero
  def first(a, _), do: a
  def t(0), do: :done
  def t(n), do: t(n - 1)
  def fib(0), do: 0
  def fib(1), do: 1
  def fib(n), do: fib(n - 1) + fib(n - 2)
  def go(xs), do: Enum.map(xs, fn x -> k(x) end) ++ [same(1, 1), same(1, 2), k(0.0), k(false), first(:x, 0), first(:x, 1), t(3), fib(20)]
end`;

test("leading constant clauses answered inline match the function", () => {
  assert.equal(
    evalsTo(`${T}\nT.go([:a, nil, [], 0, true, :b])`),
    "[1, 2, 3, 4, :yes, {:other, :b}, true, false, {:other, 0.0}, {:other, false}, :zero, :x, :done, 6765]",
  );
});
