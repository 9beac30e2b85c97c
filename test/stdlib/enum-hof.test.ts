// Enum.map / Enum.filter over lists and ranges (resumable natives in src/stdlib/enum-hof.ts):
// results, preemption between elements, functions that block or raise, odd inputs.
import assert from "node:assert/strict";
import { test } from "node:test";
import { evalsTo, spawnEval, testRuntime } from "../helpers/eval.js";

test("map and filter over lists and ranges", () => {
  assert.equal(evalsTo("Enum.map([1, 2, 3], &(&1 * 10))"), "[10, 20, 30]");
  assert.equal(evalsTo("Enum.map([], &(&1 * 10))"), "[]");
  assert.equal(evalsTo("Enum.map(1..4, &(&1 * &1))"), "[1, 4, 9, 16]");
  assert.equal(evalsTo("Enum.map(5..1//-2, & &1)"), "[5, 3, 1]");
  assert.equal(evalsTo("Enum.map(1..0//1, & &1)"), "[]");
  assert.equal(evalsTo("Enum.filter([1, nil, false, 2, :a], & &1)"), "[1, 2, :a]");
  assert.equal(evalsTo("Enum.filter(10..1//-3, &(&1 > 2))"), "[10, 7, 4]");
  assert.equal(evalsTo("Enum.filter(1..10, &(rem(&1, 3) == 0))"), "[3, 6, 9]");
  // External and native funs run inline; bigint ranges step exactly.
  assert.equal(evalsTo("Enum.map([-1, 2], &abs/1)"), "[1, 2]");
  assert.equal(evalsTo("Enum.map(9007199254740990..9007199254740993, &(&1 + 1))"), "[9007199254740991, 9007199254740992, 9007199254740993, 9007199254740994]");
  assert.equal(evalsTo("Enum.map(%{a: 1}, fn {k, v} -> {v, k} end)"), "[{1, :a}]");
  assert.equal(evalsTo("1..1_000 |> Enum.map(&(&1 * 2)) |> Enum.filter(&(rem(&1, 3) == 0)) |> Enum.sum()"), "333666");
});

test("errors: a raising function, improper lists, bad funs", () => {
  assert.equal(evalsTo(`try do Enum.map([1, 2], fn 2 -> raise "boom"; x -> x end) rescue e -> e.message end`), `"boom"`);
  assert.equal(evalsTo("try do Enum.map([1 | 2], & &1) rescue e -> e.__struct__ end"), "FunctionClauseError");
  assert.equal(evalsTo("try do Enum.filter(1..3, :foo) rescue e -> e.__struct__ end"), "BadFunctionError");
  assert.equal(evalsTo("try do Enum.map([1], fn a, b -> {a, b} end) rescue e -> e.__struct__ end"), "BadArityError");
});

test("a long map is preempted between elements and another process keeps running", () => {
  const t = testRuntime(100);
  const long = spawnEval(t.rt, "1..20_000 |> Enum.map(&(&1 + 1)) |> length()");
  const other = spawnEval(t.rt, "Enum.sum(1..10)");
  // Within a few slices the short process finishes while the long map is still running.
  for (let i = 0; i < 6; i++) t.rt.step();
  assert.equal(other.status, "exited");
  assert.notEqual(long.status, "exited");
  t.rt.runUntilIdle();
  assert.equal((long.x as unknown[])[0], 20_000);
});

test("the function may block in receive inside map", () => {
  const t = testRuntime();
  assert.equal(
    evalsTo(`
      me = self()
      pid = spawn(fn -> send(me, {:r, Enum.map([1, 2, 3], fn x -> receive do {:add, n} -> x + n end end)}) end)
      for n <- [10, 20, 30], do: send(pid, {:add, n})
      receive do {:r, r} -> r end`, t),
    "[11, 22, 33]",
  );
});

test("a function whose body stops on the way (a comprehension, a receive) inside map and filter over lists and ranges", () => {
  // The comprehension has no direct body, so each call suspends into heap frames and the
  // loop takes its result back from them; thousands of elements cross many slice ends.
  assert.equal(evalsTo("Enum.map(1..3_000, fn x -> hd(for y <- [x], do: y + 1) end) |> Enum.sum()"), "4504500");
  assert.equal(evalsTo("Enum.filter(1..3_000, fn x -> hd(for y <- [x], do: rem(y, 3) == 0) end) |> length()"), "1000");
  assert.equal(evalsTo("Enum.map(Enum.to_list(1..3_000), fn x -> hd(for y <- [x], do: y * 2) end) |> Enum.sum()"), "9003000");
  assert.equal(evalsTo("Enum.filter(Enum.to_list(1..3_000), fn x -> hd(for y <- [x], do: y > 2_990) end)"), "[2991, 2992, 2993, 2994, 2995, 2996, 2997, 2998, 2999, 3000]");
  assert.equal(
    evalsTo(`
      me = self()
      pid = spawn(fn -> send(me, {:r, Enum.filter(1..4, fn x -> receive do {:keep, k} -> k && x > 0 end end)}) end)
      for k <- [true, false, true, nil], do: send(pid, {:keep, k})
      receive do {:r, r} -> r end`),
    "[1, 3]",
  );
});

test("a long filter over a list is preempted between elements too", () => {
  const t = testRuntime(100);
  const long = spawnEval(t.rt, "Enum.to_list(1..20_000) |> Enum.filter(&(rem(&1, 2) == 0)) |> length()");
  const other = spawnEval(t.rt, "Enum.sum(1..10)");
  for (let i = 0; i < 6; i++) t.rt.step();
  assert.equal(other.status, "exited");
  assert.notEqual(long.status, "exited");
  t.rt.runUntilIdle();
  assert.equal((long.x as unknown[])[0], 10_000);
});

test("&Mod.fun/arity captures run their function's direct body inline and call its latest code", () => {
  const t = testRuntime();
  evalsTo(
    `defmodule HofExt do
       def inc(x), do: x + 1
       def odd(x), do: rem(x, 2) == 1
       def add(x, acc), do: x + acc
     end`,
    t,
  );
  assert.equal(evalsTo("Enum.map(Enum.to_list(1..5_000), &HofExt.inc/1) |> Enum.sum()", t), "12507500");
  assert.equal(evalsTo("Enum.map(1..5_000, &HofExt.inc/1) |> Enum.sum()", t), "12507500");
  assert.equal(evalsTo("Enum.filter(Enum.to_list(1..5_000), &HofExt.odd/1) |> length()", t), "2500");
  assert.equal(evalsTo("Enum.reduce(Enum.to_list(1..5_000), 0, &HofExt.add/2)", t), "12502500");
  assert.equal(evalsTo("Enum.reduce(1..5_000, 0, &HofExt.add/2)", t), "12502500");
  assert.equal(evalsTo("try do Enum.map([1, 2], &HofExt.nope/1) rescue e -> e.__struct__ end", t), "UndefinedFunctionError");
  assert.equal(evalsTo("try do Enum.reduce([1, 2], 0, &HofExt.nope/2) rescue e -> e.__struct__ end", t), "UndefinedFunctionError");
  // An external fun always calls the module's current code (as on the BEAM): the function
  // redefines its module on the first element, and the later elements run the new code.
  for (const [call, want] of [
    ["Enum.map([1, 2, 3], &Redef.f/1)", "[1, nil, 300]"],
    ["Enum.map(1..3, &Redef.f/1)", "[1, nil, 300]"],
    ["Enum.filter([1, 2, 3], &Redef.f/1)", "[1, 3]"],
  ]) {
    evalsTo(
      `Code.compiler_options(ignore_module_conflict: true)
       defmodule Redef do
         def f(1), do: (Code.eval_string("defmodule Redef do def f(x), do: if(x == 2, do: nil, else: x * 100) end"); 1)
       end`,
      t,
    );
    assert.equal(evalsTo(call, t), want);
  }
  evalsTo(
    `defmodule Redef do
       def g(1, acc), do: (Code.eval_string("defmodule Redef do def g(x, acc), do: x * 100 + acc end"); acc + 1)
     end`,
    t,
  );
  assert.equal(evalsTo("Enum.reduce([1, 2, 3], 0, &Redef.g/2)", t), "501");
});

// A compiled function's direct body calls the loops' direct forms (a JS call, the fun's
// direct body called per element), which stop into the resumable loops only where those
// would give control back to the machine.
const HOF_DIRECT = `defmodule HofDirect do
  def map(l, k), do: Enum.map(l, fn x -> x * k end)
  def filter(l, k), do: Enum.filter(l, fn x -> rem(x, k) == 0 end)
  def nested(n, l), do: Enum.map(1..n, fn i -> Enum.map(l, fn x -> x + i end) |> Enum.filter(&(rem(&1, 2) == 0)) end)
  def blocking(l), do: Enum.map(l, fn x -> receive do {:add, n} -> x + n end end)
  def comp(r), do: Enum.filter(r, fn x -> hd(for y <- [x], do: rem(y, 3) == 0) end)
  def tagged(l), do: {:ok, Enum.map(l, &HofDirectExt.f/1)}
end`;

test("map and filter called from a module's function: results, nesting, a fun without a direct body", () => {
  const t = testRuntime();
  evalsTo(HOF_DIRECT, t);
  assert.equal(evalsTo("HofDirect.map([1, 2, 3], 10)", t), "[10, 20, 30]");
  assert.equal(evalsTo("HofDirect.map([], 10)", t), "[]");
  assert.equal(evalsTo("HofDirect.map(1..4//2, 10)", t), "[10, 30]");
  assert.equal(evalsTo("HofDirect.filter(10..1//-1, 5)", t), "[10, 5]");
  assert.equal(evalsTo("HofDirect.filter([3, 4, 6], 3)", t), "[3, 6]");
  assert.equal(evalsTo("HofDirect.map(9007199254740990..9007199254740993, 1)", t), "[9007199254740990, 9007199254740991, 9007199254740992, 9007199254740993]");
  assert.equal(evalsTo("HofDirect.nested(3, [1, 2, 3])", t), "[[2, 4], [4], [4, 6]]");
  assert.equal(evalsTo("HofDirect.comp(1..3_000) |> length()", t), "1000");
  assert.equal(evalsTo("HofDirect.comp(Enum.to_list(1..3_000)) |> length()", t), "1000");
  assert.equal(evalsTo("HofDirect.nested(300, Enum.to_list(1..100)) |> List.flatten() |> length()", t), "15000");
  // A shell fun (no direct body) given to a module's function.
  assert.equal(evalsTo("defmodule HofApply do def map(l, f), do: Enum.map(l, f) end; HofApply.map([1, 2], fn x -> x + 1 end)", t), "[2, 3]");
});

test("map called from a module's function is preempted between elements, and its fun may block in receive", () => {
  const t = testRuntime(100);
  evalsTo(HOF_DIRECT, t);
  const long = spawnEval(t.rt, "HofDirect.map(Enum.to_list(1..20_000), 1) |> length()");
  const longNested = spawnEval(t.rt, "HofDirect.nested(200, Enum.to_list(1..100)) |> length()");
  const other = spawnEval(t.rt, "Enum.sum(1..10)");
  for (let i = 0; i < 8; i++) t.rt.step();
  assert.equal(other.status, "exited");
  assert.notEqual(long.status, "exited");
  assert.notEqual(longNested.status, "exited");
  t.rt.runUntilIdle();
  assert.equal((long.x as unknown[])[0], 20_000);
  assert.equal((longNested.x as unknown[])[0], 200);
  assert.equal(
    evalsTo(
      `me = self()
       pid = spawn(fn -> send(me, {:r, HofDirect.blocking([1, 2, 3])}) end)
       for n <- [10, 20, 30], do: send(pid, {:add, n})
       receive do {:r, r} -> r end`,
      t,
    ),
    "[11, 22, 33]",
  );
});

test("map called from a module's function calls an external fun's latest code", () => {
  const t = testRuntime();
  evalsTo(HOF_DIRECT, t);
  evalsTo(
    `Code.compiler_options(ignore_module_conflict: true)
     defmodule HofDirectExt do
       def f(1), do: (Code.eval_string("defmodule HofDirectExt do def f(x), do: x * 100 end"); 1)
     end`,
    t,
  );
  assert.equal(evalsTo("HofDirect.tagged([1, 2, 3])", t), "{:ok, [1, 200, 300]}");
});
