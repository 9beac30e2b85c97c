// Observer benchmark: the cost of one refresh (snapshot, rows, tree) with 10,000 live
// processes, and how much the open observer slows ten spinning processes.
import { createRuntime } from "../src/boot.js";
import { queryRows } from "../src/observer/model.js";
import { Sampler } from "../src/observer/sampler.js";
import { RuntimeSource } from "../src/observer/source.js";
import { buildForest } from "../src/observer/tree.js";
import { spawnSrc as spawnEval } from "./harness.js";

const rt = createRuntime({ write: () => {} });
spawnEval(rt, "for _ <- 1..10_000, do: spawn(fn -> receive do :stop -> :ok end end)");
rt.runUntilIdle();
spawnEval(rt, "defmodule B.Spin do\n def spin(n), do: spin(n + 1)\nend\nfor i <- 1..10, do: spawn(fn -> B.Spin.spin(i) end)");
rt.runUntilIdle(50);
const source = new RuntimeSource(rt);
const sampler = new Sampler(source, 1000);
sampler.sample();
const times: number[] = [];
for (let i = 0; i < 10; i++) {
  rt.runUntilIdle(20);
  const t0 = performance.now();
  const s = sampler.sample();
  queryRows(s, sampler.prev, { mode: "delta", sort: "reductions", desc: true, filter: "" });
  buildForest(s.procs);
  times.push(performance.now() - t0);
}
times.sort((x, y) => x - y);
console.log(`observer refresh with 10,000 processes (snapshot, rows, tree), median: ${times[5].toFixed(1)} ms (target <= 200)`);
source.dispose();
