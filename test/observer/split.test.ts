// Split mode's compact view: busiest first, tagged with the input that spawned each process,
// the shell's evaluator always listed.
import assert from "node:assert/strict";
import { test } from "node:test";
import { splitLines } from "../../src/observer/split.js";
import { proc, snapshot } from "./fixtures.js";

test("processes by reductions since the last sample, tags, and the shell kept in view", () => {
  const prev = snapshot(1000, [proc(100, { kind: "shell", initialCall: "IEx.Evaluator.init/5" }), proc(101, { reductions: 0 }), proc(102, { reductions: 0 }), proc(103, { reductions: 0 })]);
  const cur = snapshot(2000, [
    proc(100, { kind: "shell", initialCall: "IEx.Evaluator.init/5" }),
    proc(101, { reductions: 5000, status: "runnable", current: "Spin.spin/1" }),
    proc(102, { reductions: 90000, status: "runnable", current: "Spin.spin/1" }),
    proc(103, { reductions: 10, name: "Counter" }),
  ]);
  const lines = splitLines(cur, prev, new Map([[101, 4], [102, 4]]), 100, 3);
  assert.equal(lines.length, 3);
  assert.match(lines[0].text, /^beamsh · 4 processes · run queue \d+/);
  assert.match(lines[1].text, /^<0\.102\.0> +iex\(4\) +Spin\.spin\/1 +runnable reds +90\.0K\/s  mq 0$/);
  assert.match(lines[2].text, /^<0\.100\.0> +iex shell +IEx\.Evaluator\.init\/5/, "the shell replaces the last row when it would not fit");
  assert.equal(lines[2].shell, true);
});
