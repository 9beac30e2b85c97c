// Direct bodies (protocol.ts): compiled functions run as plain JS calls and turn into heap
// frames only when the process must stop. What must hold whichever way a call runs: stack
// traces name the same frames (tail calls leave none), deep and infinite recursion,
// preemption at any point, suspension into code that has no direct body (receive, try,
// natives that read the stack), closures, and exceptions caught by a try further up.
import assert from "node:assert/strict";
import { test } from "node:test";
import { evalsTo, spawnEval, testRuntime } from "../helpers/eval.js";

const CHAIN = `
defmodule Chain do
  def a(x), do: {:a, b(x)}
  def b(x), do: {:b, c(x)}
  def c(x), do: x + 1
  def t(x), do: c(x)
end`;

test("a raise three direct calls deep shows every frame with its call line", () => {
  const got = evalsTo(`${CHAIN}
try do
  Chain.a(:x)
rescue
  _ -> Enum.map(__STACKTRACE__, fn {m, f, n, loc} -> {m, f, if(is_list(n), do: length(n), else: n), loc[:line]} end)
end`);
  assert.match(got, /^\[\{Chain, :c, 1, 5\}, \{Chain, :b, 1, 4\}, \{Chain, :a, 1, 3\}/);
});

test("a tail call leaves no frame of the caller in a stack trace", () => {
  const got = evalsTo(`${CHAIN}
try do
  Chain.t(:x)
rescue
  _ -> Enum.map(__STACKTRACE__, fn {m, f, _, _} -> {m, f} end)
end`);
  assert.match(got, /^\[\{Chain, :c\}/);
  assert.doesNotMatch(got, /:t\}/);
});

test("the error of a native called in tail position keeps the caller's frame", () => {
  const got = evalsTo(`
defmodule N do
  def n(s), do: String.to_integer(s)
end
try do
  N.n("x")
rescue
  _ -> Enum.map(__STACKTRACE__, fn {m, f, _, _} -> {m, f} end)
end`);
  assert.match(got, /^\[\{:erlang, :binary_to_integer\}, \{N, :n\}/);
});

test("one million deep body recursion gives the exact result with small slices", () => {
  const t = testRuntime(50);
  const p = spawnEval(t.rt, `
defmodule Sum do
  def sum([]), do: 0
  def sum([h | t]), do: h + sum(t)
end
Sum.sum(Enum.to_list(1..1_000_000))`);
  let slices = 0;
  while (t.rt.step()) slices++;
  assert.ok(slices > 20_000, `${slices} slices`);
  assert.equal((p.x as unknown[])[0], 500000500000);
});

test("mutual tail recursion runs in constant memory, preempted by reductions", () => {
  const t = testRuntime(1000);
  const p = spawnEval(t.rt, `
defmodule Ping do
  def ping(n), do: pong(n + 1)
  def pong(n), do: Ping.ping(n + 1)
end
Ping.ping(0)`);
  let maxDepth = 0;
  for (let i = 0; i < 500; i++) {
    t.rt.step();
    let depth = 0;
    for (let f: typeof p.frame | null = p.frame; f !== null; f = f.up) depth++;
    maxDepth = Math.max(maxDepth, depth);
  }
  assert.ok(maxDepth <= 4, `frame stack ${maxDepth} deep`);
  assert.equal(p.status, "runnable");
  assert.ok(p.reductions >= 450_000, `ran ${p.reductions} reductions`);
});

test("every slice size gives the same result (suspension at any call)", () => {
  const src = `
defmodule Mix1 do
  def go(n), do: Enum.reduce(1..n, 0, fn x, acc -> acc + f(x) end)
  defp f(x) when rem(x, 3) == 0, do: g(x) * 2
  defp f(x), do: g(x) + h(x)
  defp g(x), do: x + 1
  defp h(x), do: apply(__MODULE__, :k, [x])
  def k(x), do: x * x
end
Mix1.go(300)`;
  const want = evalsTo(src);
  for (const reds of [1, 2, 3, 5, 17]) assert.equal(evalsTo(src, testRuntime(reds)), want, `slices of ${reds}`);
});

test("a direct body calling a function with receive suspends into it and gets its value", () => {
  const got = evalsTo(`
defmodule W do
  def outer(x), do: 1 + inner(x)
  def inner(x) do
    send(self(), {:v, x})
    wait()
  end
  def wait do
    receive do
      {:v, v} -> v * 10
    end
  end
end
W.outer(4)`);
  assert.equal(got, "41");
});

test("a try in resumable code catches an error raised in direct code below it", () => {
  const got = evalsTo(`${CHAIN}
defmodule Guard do
  def safe(x) do
    try do
      Chain.a(x)
    rescue
      ArithmeticError -> :caught
    end
  end
end
{Guard.safe(:x), Guard.safe(1)}`);
  assert.equal(got, "{:caught, {:a, {:b, 2}}}");
});

test("closures with captured variables run direct and through Enum's natives", () => {
  const got = evalsTo(`
defmodule Clo do
  def run(k) do
    add = fn x -> x + k end
    Enum.map([1, 2, 3], add) ++ [add.(10)] ++ Enum.map([1, 2], &twice/1)
  end
  defp twice(x), do: x * 2
end
Clo.run(100)`);
  assert.equal(got, "[101, 102, 103, 110, 2, 4]");
});

test("Process.info(self(), :current_stacktrace) sees the direct callers", () => {
  const got = evalsTo(`
defmodule Deep do
  def a, do: {:a, b()}
  def b, do: {:b, Process.info(self(), :current_stacktrace)}
end
{:a, {:b, {:current_stacktrace, st}}} = Deep.a()
Enum.take(Enum.map(st, fn {m, f, n, _} -> {m, f, n} end), 3)`);
  assert.equal(got, "[{Process, :info, 2}, {Deep, :b, 0}, {Deep, :a, 0}]");
});
