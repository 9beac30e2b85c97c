// :erlang.raise/3 and Kernel.reraise rethrow with exactly the stacktrace they are given,
// as on BEAM (expected values recorded from Elixir 1.14 / OTP 25 iex).
import assert from "node:assert/strict";
import { test } from "node:test";
import { evalsTo } from "../helpers/eval.js";

const R = `
defmodule R do
  def go(st), do: :erlang.raise(:error, :boom, st)
  def rr(st), do: reraise(ArgumentError, "rr", st)
  def again do
    try do
      raise "inner"
    rescue
      e -> reraise e, __STACKTRACE__
    end
  end
  def rethrow do
    try do
      throw :t
    catch
      k, r -> :erlang.raise(k, r, __STACKTRACE__)
    end
  end
end
st = [{M, :f, 1, [file: 'x.ex', line: 3]}]
`;
const ST = "[{M, :f, 1, [file: 'x.ex', line: 3]}]";

test("raise/3 inside a function keeps the given stacktrace, without the caller's frames", () => {
  assert.equal(evalsTo(`${R}try do R.go(st) rescue e -> {e, __STACKTRACE__} end`), `{%ErlangError{original: :boom, reason: nil}, ${ST}}`);
  assert.equal(evalsTo(`${R}try do R.go(st) catch k, r -> {k, r, __STACKTRACE__} end`), `{:error, :boom, ${ST}}`);
});

test("raise/3 rethrows throws and exits with the given stacktrace", () => {
  for (const kind of ["throw", "exit"]) {
    const src = `try do :erlang.raise(:${kind}, :foo, [{M, :f, 1, [file: 'x.ex', line: 3]}]) catch k, r -> {k, r, __STACKTRACE__} end`;
    assert.equal(evalsTo(src), `{:${kind}, :foo, ${ST}}`);
  }
});

test("reraise/2,3 keep the given stacktrace exactly", () => {
  assert.equal(evalsTo(`${R}try do R.rr(st) rescue e -> {e, __STACKTRACE__} end`), `{%ArgumentError{message: "rr"}, ${ST}}`);
  assert.equal(evalsTo(`${R}try do reraise "msg", st rescue e -> {e, __STACKTRACE__} end`), `{%RuntimeError{message: "msg"}, ${ST}}`);
});

test("__STACKTRACE__ after a rethrow is the original one", () => {
  assert.equal(
    evalsTo(`${R}try do R.again() rescue e -> {e, __STACKTRACE__} end`),
    "{%RuntimeError{message: \"inner\"}, [{R, :again, 0, [file: 'test', line: 7, error_info: %{module: Exception}]}]}",
  );
  assert.equal(evalsTo(`${R}try do R.rethrow() catch k, r -> {k, r, __STACKTRACE__} end`), "{:throw, :t, [{R, :rethrow, 0, [file: 'test', line: 14]}]}");
  const src = "try do raise \"a\" rescue _ -> s1 = __STACKTRACE__; try do reraise \"b\", s1 rescue _ -> __STACKTRACE__ == s1 end end";
  assert.equal(evalsTo(src), "true");
});

test("raise/3 completes {m, f, a} and {fun, args} entries with an empty location", () => {
  assert.equal(evalsTo("try do :erlang.raise(:error, :foo, [{M, :f, 1}]) catch _, _ -> __STACKTRACE__ end"), "[{M, :f, 1, []}]");
  assert.equal(evalsTo("try do :erlang.raise(:error, :foo, [{M, :f, :x}]) catch _, _ -> __STACKTRACE__ end"), "[{M, :f, :x, []}]");
  assert.equal(evalsTo("f = fn -> 1 end; try do :erlang.raise(:error, :foo, [{f, [1]}]) catch _, _ -> [{g, [1], []}] = __STACKTRACE__; g == f end"), "true");
  assert.equal(evalsTo("try do :erlang.raise(:error, :foo, [{M, :f, 1, [:a | :b]}]) catch _, _ -> __STACKTRACE__ end"), "[{M, :f, 1, [:a | :b]}]");
});

test("raise/3 returns :badarg for a bad class or a malformed stacktrace", () => {
  const bad = [
    ":erlang.raise(:foo, :foo, [])",
    ":erlang.raise(:error, :foo, :bad)",
    ":erlang.raise(:error, :foo, [{M, :f, 1} | :x])",
    ":erlang.raise(:error, :foo, [{M, :f, 1, [line: 1]}, :bad])",
    ":erlang.raise(:error, :foo, [{M, :f, 1, :x}])",
    ":erlang.raise(:error, :foo, [{1, :f, 1, []}])",
    ":erlang.raise(:error, :foo, [{\"a\", :b, 1}])",
    ":erlang.raise(:error, :foo, [{:a, :b}])",
    "f = fn -> 1 end; :erlang.raise(:error, :foo, [{f, [1], :x}])",
  ];
  for (const src of bad) assert.equal(evalsTo(src), ":badarg", src);
});

test("raise/3 keeps at most 8 entries (BEAM's default backtrace_depth)", () => {
  const src = "try do :erlang.raise(:error, :foo, Enum.map(1..25, &{M, :f, &1, []})) catch _, _ -> Enum.map(__STACKTRACE__, &elem(&1, 2)) end";
  assert.equal(evalsTo(src), "[1, 2, 3, 4, 5, 6, 7, 8]");
});
