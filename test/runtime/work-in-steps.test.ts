// Long natives work in steps (work-in-steps.ts): over a large input they are preempted like
// code, so other processes run meanwhile, and their results are those of the one-go path.
import assert from "node:assert/strict";
import { test } from "node:test";
import { inspect } from "../../src/runtime/inspect.js";
import { evaluate, spawnEval, testRuntime } from "../helpers/eval.js";

/** Slices the scheduler runs before `p` is done, with a spinning process beside it. */
function slicesBeside(src: string): { slices: number; other: number } {
  const t = testRuntime();
  const p = spawnEval(t.rt, src);
  const spinner = spawnEval(t.rt, "defmodule Spin do\n def spin(n), do: spin(n + 1)\nend\nSpin.spin(0)");
  let slices = 0;
  while (p.status !== "exited" && slices < 100_000 && t.rt.step()) slices++;
  assert.equal(p.status, "exited");
  return { slices, other: spinner.reductions };
}

for (const [what, src] of [
  [":lists.seq/2", "length(:lists.seq(1, 300_000))"],
  [":lists.seq/3", "length(:lists.seq(900_000, 1, -3))"],
  [":lists.sort/1", "length(:lists.sort(Enum.to_list(300_000..1//-1)))"],
  ["String.reverse/1", "byte_size(String.reverse(String.duplicate(\"ab\", 150_000)))"],
  // Text where no boundary is certain without the segmenter: it is still done in steps.
  ["String.reverse/1 of emoji and combining marks", "byte_size(String.reverse(String.duplicate(\"👍🏽e\\u0301\", 40_000)))"],
] as const) {
  test(`${what} over a large input is preempted: another process runs meanwhile`, () => {
    const { slices, other } = slicesBeside(src);
    assert.ok(slices > 10, `only ${slices} slices`);
    assert.ok(other > 1000, `the other process ran only ${other} reductions`);
  });
}

test("sorting in steps gives :lists.sort/1's order (stable, term order, runs of every shape)", () => {
  const src = `
    :rand.seed(:exsss, {1, 2, 3})
    random = for _ <- 1..100_000, do: Enum.random([1, 1.0, 2, :a, "b", {1}, [2], Enum.random(1..1000)])
    shaped = Enum.to_list(1..50_000) ++ Enum.to_list(60_000..40_000//-1) ++ List.duplicate(7, 30_000) ++ [3.0, 3]
    for l <- [random, shaped] do
      sorted = :lists.sort(l)
      {length(sorted) == length(l), sorted == Enum.sort(l, &<=/2),
       Enum.chunk_every(sorted, 2, 1, :discard) |> Enum.all?(fn [x, y] -> x <= y end)}
    end`;
  assert.equal(inspect(evaluate(src)), "[{true, true, true}, {true, true, true}]");
});

test("equal terms keep their order through a large sort (1 and 1.0)", () => {
  const src = "l = List.flatten(List.duplicate([1.0, 1], 20_000)); s = :lists.sort(l); {Enum.take(s, 4), s == l}";
  assert.equal(inspect(evaluate(src)), "{[1.0, 1, 1.0, 1], true}");
});

test("seq and reverse in steps give the one-go results", () => {
  assert.equal(inspect(evaluate(":lists.seq(5, 200_004) |> Enum.take(-2)")), "[200003, 200004]");
  assert.equal(inspect(evaluate(":lists.seq(10, -200_000, -7) |> Enum.take(-2)")), "[-199987, -199994]");
  assert.equal(inspect(evaluate('s = String.duplicate("é日\\r\\ne\\u0301", 40_000); String.reverse(s) == (s |> String.graphemes() |> Enum.reverse() |> Enum.join())')), "true");
});
