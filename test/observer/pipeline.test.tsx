// The observer's Pipeline view: GenStage stages sampled from a live runtime (their states,
// subscriptions and the events sent between them), the graph laid out as text, and the view
// reached with 5 in the observer.
import assert from "node:assert/strict";
import { test } from "node:test";
import { PipelineSample, edgeRates, pipelineLines } from "../../src/observer/pipeline.js";
import { RuntimeSource } from "../../src/observer/source.js";
import { evaluate, spawnEval, testRuntime } from "../helpers/eval.js";
import { FakeSource, proc, snapshot } from "./fixtures.js";
import { openObserver } from "./open-observer.js";

/** Seed 003's pipeline, two consumers. */
const SEED = `
defmodule Counter do
  use GenStage
  def start_link(n), do: GenStage.start_link(__MODULE__, n, name: __MODULE__)
  def init(n), do: {:producer, n}
  def handle_demand(d, n), do: {:noreply, Enum.to_list(n..(n + d - 1)), n + d}
end
defmodule Evens do
  use GenStage
  require Integer
  def start_link(), do: GenStage.start_link(__MODULE__, :ok, name: __MODULE__)
  def init(s), do: {:producer_consumer, s, subscribe_to: [Counter]}
  def handle_events(e, _from, s), do: {:noreply, Enum.filter(e, &Integer.is_even/1), s}
end
defmodule Sink do
  use GenStage
  def start_link(), do: GenStage.start_link(__MODULE__, :ok)
  def init(s), do: {:consumer, s, subscribe_to: [{Evens, max_demand: 100}]}
  def handle_events(_e, _from, s), do: {:noreply, [], s}
end
:ok`;

const text = (lines: ReturnType<typeof pipelineLines>) => lines.map((l) => l.map((s) => s.text).join(""));

test("the source finds the stages, their subscriptions and the events sent along them", () => {
  const t = testRuntime();
  evaluate(SEED, t);
  const source = new RuntimeSource(t.rt);
  const stop = source.watchPipeline();
  spawnEval(t.rt, "{:ok, _} = Counter.start_link(0); {:ok, _} = Evens.start_link(); {:ok, _} = Sink.start_link(); {:ok, _} = Sink.start_link(); receive do end");
  t.rt.runUntilIdle(300);
  const a = source.pipeline();
  t.clock.advance(1000);
  t.rt.runUntilIdle(300);
  const b = source.pipeline();
  stop();

  const types = b.stages.map((s) => [s.label.replace(/#PID<[\d.]+>/, "#PID"), s.type]);
  assert.deepEqual(types, [
    ["Counter", "producer"],
    ["Evens", "producer_consumer"],
    ["Sink #PID", "consumer"],
    ["Sink #PID", "consumer"],
  ]);
  const [counter, evens, sink1, sink2] = b.stages.map((s) => s.id);
  const edges = b.edges.map((e) => [e.producer, e.consumer, e.max]).sort();
  assert.deepEqual(edges, [[counter, evens, 1000], [evens, sink1, 100], [evens, sink2, 100]].sort());
  for (const e of b.edges) assert.ok(e.pending !== null && e.pending >= 0 && e.pending <= e.max!, "pending demand within max_demand");
  const rates = edgeRates(b, a);
  assert.ok((rates.get(`${counter}>${evens}`) ?? 0) > 0, "events flow from the producer");
  assert.ok((rates.get(`${evens}>${sink1}`) ?? 0) > 0 && (rates.get(`${evens}>${sink2}`) ?? 0) > 0, "both consumers get events");
  // Half the numbers are even: the producer_consumer passes on about half of what it gets.
  const inEvens = rates.get(`${counter}>${evens}`)!;
  const outEvens = rates.get(`${evens}>${sink1}`)! + rates.get(`${evens}>${sink2}`)!;
  assert.ok(Math.abs(outEvens * 2 - inEvens) <= 2000, `about half: in ${inEvens}/s, out ${outEvens}/s`);
});

test("a stream consuming from a stage shows as a consumer of it", () => {
  const t = testRuntime();
  const source = new RuntimeSource(t.rt);
  spawnEval(t.rt, "{:ok, s} = GenStage.from_enumerable(1..100_000, name: Numbers); GenStage.stream([{s, max_demand: 10}]) |> Stream.each(fn _ -> receive do after 1 -> :ok end end) |> Stream.run()");
  t.rt.runUntilIdle(200);
  const s = source.pipeline();
  const producer = s.stages.find((x) => x.type === "producer")!;
  const stream = s.stages.find((x) => x.type === "external")!;
  assert.equal(producer.label, "Numbers");
  assert.deepEqual(s.edges.map((e) => [e.producer, e.consumer]), [[producer.id, stream.id]]);
});

test("no stages: the view says how to make some", () => {
  assert.deepEqual(text(pipelineLines({ at: 0, stages: [], edges: [] }, null)), [
    "No GenStage stages are running. Start a pipeline (GenStage.start_link/3) and it shows here.",
  ]);
});

const stage = (id: number, label: string, type: PipelineSample["stages"][number]["type"], over = {}) => ({
  id,
  label,
  type,
  buffered: type === "consumer" ? null : 0,
  queued: 0,
  accumulating: false,
  children: null,
  ...over,
});

test("the graph: stages left to right, a stage with several consumers branching down", () => {
  const prev: PipelineSample = {
    at: 0,
    stages: [],
    edges: [
      { producer: 1, consumer: 2, pending: 1000, max: 1000, sent: 0 },
      { producer: 2, consumer: 3, pending: 100, max: 100, sent: 0 },
      { producer: 2, consumer: 4, pending: 100, max: 100, sent: 0 },
    ],
  };
  const cur: PipelineSample = {
    at: 2000,
    stages: [stage(1, "Counter", "producer"), stage(2, "Evens", "producer_consumer", { buffered: 242, queued: 1 }), stage(3, "Sink <0.110.0>", "consumer"), stage(4, "Sink <0.111.0>", "consumer")],
    edges: [
      { producer: 1, consumer: 2, pending: 500, max: 1000, sent: 4000 },
      { producer: 2, consumer: 3, pending: 60, max: 100, sent: 1200 },
      { producer: 2, consumer: 4, pending: 100, max: 100, sent: 800 },
    ],
  };
  assert.deepEqual(text(pipelineLines(cur, prev)), [
    "4 stages · 3 subscriptions · 1000 events/s into consumers",
    "edges: [demand the consumer still expects/max_demand · events/s]",
    "",
    "Counter                         ───[500/1000 · 2000/s]─▶ Evens                                           ─┬─[60/100 · 600/s]────▶ Sink <0.110.0>",
    "producer · buffer 0 · out 2000/s                         producer_consumer · buffer 242 · 1 batch waiting │                       consumer · in 600/s",
    "                                                         in 2000/s · out 1000/s                           └─[100/100 · 400/s]───▶ Sink <0.111.0>",
    "                                                                                                                                  consumer · in 400/s",
  ]);
});

test("5 opens the Pipeline view in the observer, and the source counts events only meanwhile", async () => {
  const source = new FakeSource([snapshot(1000, [proc(100)]), snapshot(2000, [proc(100)])]);
  source.pipelines = [
    { at: 1000, stages: [stage(1, "Counter", "producer"), stage(2, "Sink <0.110.0>", "consumer")], edges: [{ producer: 1, consumer: 2, pending: 10, max: 10, sent: 0 }] },
    { at: 2000, stages: [stage(1, "Counter", "producer"), stage(2, "Sink <0.110.0>", "consumer")], edges: [{ producer: 1, consumer: 2, pending: 4, max: 10, sent: 300 }] },
  ];
  const { m, sampler } = openObserver(source, 120, 20);
  await m.press("");
  assert.equal(source.watchingPipeline, 0);
  await m.press("5");
  let f = (await m.press("")).split("\n");
  assert.match(f[0], /5 Pipeline/);
  assert.equal(source.watchingPipeline, 1, "watching while the view is shown");
  assert.ok(f.some((l) => /^Counter +───\[10\/10 · 0\/s\]─▶ Sink <0\.110\.0>/.test(l)), f.join("\n"));
  sampler.sample();
  f = (await m.press("")).split("\n");
  assert.ok(f.some((l) => /^Counter +───\[4\/10 · 300\/s\]─▶ Sink <0\.110\.0>/.test(l)), f.join("\n"));
  await m.press("1");
  await m.press("");
  assert.equal(source.watchingPipeline, 0, "not watching once the view is left");
  m.unmount();
});
