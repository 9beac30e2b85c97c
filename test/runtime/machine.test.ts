// The machine's non-negotiable properties: heap frames (deep recursion), constant-space
// tail calls, and suspension after a reduction budget with exact resumption.
import assert from "node:assert/strict";
import { test } from "node:test";
import { evalsTo, spawnEval, testRuntime } from "../helpers/eval.js";

const LEN = `
defmodule Len do
  def len([]), do: 0
  def len([_ | t]), do: 1 + len(t)
end`;

test("non-tail recursion one million deep works", () => {
  const t = testRuntime();
  assert.equal(evalsTo(`${LEN}\nLen.len(Enum.to_list(1..1_000_000))`, t), "1000000");
});

test("an infinite tail-recursive loop runs in constant memory and is suspended by reductions", () => {
  const t = testRuntime(1000);
  const p = spawnEval(t.rt, `
defmodule Spin do
  def spin(n), do: spin(n + 1)
end
Spin.spin(0)`);
  let depthOk = true;
  for (let i = 0; i < 2000; i++) {
    t.rt.step();
    let depth = 0;
    for (let f: typeof p.frame | null = p.frame; f !== null; f = f.up) depth++;
    if (depth > 3) depthOk = false;
  }
  assert.ok(depthOk, "frame stack stays shallow");
  assert.equal(p.status, "runnable");
  assert.ok(p.reductions >= 1_900_000, `ran ${p.reductions} reductions`);
});

test("a computation suspended after every budget resumes to the exact result", () => {
  const fib = `
defmodule Fib do
  def fib(0), do: 0
  def fib(1), do: 1
  def fib(n), do: fib(n - 1) + fib(n - 2)
end
Fib.fib(20)`;
  const t = testRuntime(7);
  const p = spawnEval(t.rt, fib);
  let slices = 0;
  while (t.rt.step()) slices++;
  assert.ok(slices > 1000, `suspended ${slices} times`);
  assert.equal((p.x as unknown[])[0], 6765);
});

test("two spinning processes share the scheduler fairly", () => {
  const t = testRuntime(100);
  const src = `
defmodule Count do
  def loop(0), do: :done
  def loop(n), do: loop(n - 1)
end`;
  const a = spawnEval(t.rt, `${src}\nCount.loop(100_000_000)`);
  const b = spawnEval(t.rt, `Count.loop(100_000_000)`);
  for (let i = 0; i < 1000; i++) t.rt.step();
  assert.ok(Math.abs(a.reductions - b.reductions) <= 200, `${a.reductions} vs ${b.reductions}`);
});

test("Enum.map over a long list stays preemptible", () => {
  const t = testRuntime(500);
  const p = spawnEval(t.rt, `Enum.map(1..200_000, fn x -> x * 2 end) |> length()`);
  let slices = 0;
  while (t.rt.step()) slices++;
  assert.ok(slices > 100, `${slices} slices`);
  assert.equal((p.x as unknown[])[0], 200000);
});

test("after a deep recursion the frame pool shrinks back once the process waits", () => {
  const t = testRuntime();
  const p = spawnEval(t.rt, `${LEN}\nn = Len.len(Enum.to_list(1..200_000))\nreceive do :go -> n end`);
  t.rt.runUntilIdle();
  assert.equal(p.status, "waiting");
  assert.ok(p.stack.length < 2_000, `pool still holds ${p.stack.length} frames`);
});
