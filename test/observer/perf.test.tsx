// With 10,000 live processes the observer refreshes and shows them all; the time per refresh
// is reported as a diagnostic here and measured by `npm run bench` (bench/observer.ts), not
// asserted (timed tests are flaky on a busy machine).
import assert from "node:assert/strict";
import { test } from "node:test";
import { createElement } from "react";
import { queryRows } from "../../src/observer/model.js";
import { buildForest } from "../../src/observer/tree.js";
import { Observer } from "../../src/observer/Observer.js";
import { Sampler } from "../../src/observer/sampler.js";
import { RuntimeSource } from "../../src/observer/source.js";
import { spawnEval, testRuntime } from "../helpers/eval.js";
import { mount } from "./ink-harness.js";

test("10,000 processes: the observer samples, sorts and renders them all", async (ctx) => {
  const t = testRuntime();
  spawnEval(t.rt, "for _ <- 1..10_000, do: spawn(fn -> receive do :stop -> :ok end end)");
  t.rt.runUntilIdle();
  spawnEval(t.rt, "defmodule Perf.Spin do\n def spin(n), do: spin(n + 1)\nend\nfor i <- 1..10, do: spawn(fn -> Perf.Spin.spin(i) end)");
  t.rt.runUntilIdle(50);
  const source = new RuntimeSource(t.rt);
  const sampler = new Sampler(source, 1000);
  sampler.sample();
  const m = mount(createElement(Observer, { source, sampler, onQuit: () => {} }), 120, 40);
  await m.press("");
  const work: number[] = [];
  const frames: number[] = [];
  for (let i = 0; i < 5; i++) {
    t.rt.runUntilIdle(20);
    const t0 = performance.now();
    const frame = m.nextFrame();
    const s = sampler.sample();
    queryRows(s, sampler.prev, { mode: "delta", sort: "reductions", desc: true, filter: "" });
    buildForest(s.procs);
    work.push(performance.now() - t0);
    await frame;
    frames.push(performance.now() - t0);
  }
  m.unmount();
  source.dispose();
  assert.match(m.frame(), /processes 10010 · run queue 10/);
  const ms = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(", ");
  ctx.diagnostic(`observer work per refresh: ${ms(work)} ms; whole frame: ${ms(frames)} ms`);
});
