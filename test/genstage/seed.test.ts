// Seed 003 (a GenStage lesson): its programs run unmodified. The lesson's three stages
// (counting producer, even-number producer_consumer, printing consumer) are started by its
// Application callback with Supervisor.Spec workers, once with one consumer and once with
// two; the pipeline is endless, so the scheduler runs a bounded number of slices and the
// printed events are checked: evens in order, none twice, each consumer's own increasing.
import assert from "node:assert/strict";
import { test } from "node:test";
import { evaluate, spawnEval, testRuntime } from "../helpers/eval.js";

// The lesson's code, verbatim.
const PRODUCER = `
defmodule GenstageExample.Producer do
  use GenStage

  def start_link(initial \\\\ 0) do
    GenStage.start_link(__MODULE__, initial, name: __MODULE__)
  end

  def init(counter), do: {:producer, counter}

  def handle_demand(demand, state) do
    events = Enum.to_list(state..(state + demand - 1))
    {:noreply, events, state + demand}
  end
end`;

const PRODUCER_CONSUMER = `
defmodule GenstageExample.ProducerConsumer do
  use GenStage

  require Integer

  def start_link do
    GenStage.start_link(__MODULE__, :state_doesnt_matter, name: __MODULE__)
  end

  def init(state) do
    {:producer_consumer, state, subscribe_to: [GenstageExample.Producer]}
  end

  def handle_events(events, _from, state) do
    numbers =
      events
      |> Enum.filter(&Integer.is_even/1)

    {:noreply, numbers, state}
  end
end`;

const CONSUMER = `
defmodule GenstageExample.Consumer do
  use GenStage

  def start_link do
    GenStage.start_link(__MODULE__, :state_doesnt_matter)
  end

  def init(state) do
    {:consumer, state, subscribe_to: [GenstageExample.ProducerConsumer]}
  end

  def handle_events(events, _from, state) do
    for event <- events do
      IO.inspect({self(), event, state})
    end

    # As a consumer we never emit events
    {:noreply, [], state}
  end
end`;

// The lesson's application callback (shown as a fragment of lib/genstage_example/application.ex).
const application = (children: string) => `
defmodule GenstageExample.Application do
  use Application

  def start(_type, _args) do
    import Supervisor.Spec, warn: false

    children = [
${children}
    ]

    opts = [strategy: :one_for_one, name: GenstageExample.Supervisor]
    Supervisor.start_link(children, opts)
  end
end`;

const ONE_CONSUMER = `      worker(GenstageExample.Producer, [0]),
      worker(GenstageExample.ProducerConsumer, []),
      worker(GenstageExample.Consumer, [])`;

const TWO_CONSUMERS = `      worker(GenstageExample.Producer, [0]),
      worker(GenstageExample.ProducerConsumer, []),
      worker(GenstageExample.Consumer, [], id: 1),
      worker(GenstageExample.Consumer, [], id: 2)`;

/** Runs the lesson's program for a while; the {pid, event} pairs printed, in order. */
function run(children: string, slices: number): Array<[string, number]> {
  const t = testRuntime();
  evaluate([PRODUCER, PRODUCER_CONSUMER, CONSUMER, application(children)].join("\n") + "\n:ok", t);
  t.output.length = 0;
  const starter = spawnEval(t.rt, "{:ok, _} = GenstageExample.Application.start(:normal, []); receive do end");
  t.rt.runUntilIdle(slices);
  assert.notEqual(starter.status, "exited", "the supervisor's starter died");
  const lines = t.output.join("").split("\n").filter((l) => l !== "");
  return lines.map((line) => {
    const m = /^\{(#PID<[\d.]+>), (\d+), :state_doesnt_matter\}$/.exec(line);
    assert.ok(m, `unexpected output line: ${line}`);
    return [m[1], Number(m[2])];
  });
}

test("seed 003: producer -> producer_consumer -> consumer prints the even numbers in order", () => {
  const printed = run(ONE_CONSUMER, 300);
  assert.ok(printed.length >= 1000, `only ${printed.length} events printed`);
  assert.equal(new Set(printed.map(([pid]) => pid)).size, 1);
  printed.forEach(([, n], i) => assert.equal(n, 2 * i));
});

test("seed 003: two consumers share the even numbers, none lost or repeated", () => {
  const printed = run(TWO_CONSUMERS, 300);
  const pids = new Set(printed.map(([pid]) => pid));
  assert.equal(pids.size, 2, "both consumers print events");
  for (const pid of pids) {
    const own = printed.filter(([p]) => p === pid).map(([, n]) => n);
    own.forEach((n, i) => i > 0 && assert.ok(n > own[i - 1], `consumer ${pid} went back from ${own[i - 1]} to ${n}`));
  }
  const all = printed.map(([, n]) => n).sort((x, y) => x - y);
  assert.equal(new Set(all).size, all.length, "no event printed twice");
  // Every even number below the largest one any consumer has finished a batch of was printed:
  // the lowest of the two consumers' last events bounds what both have fully received.
  const lows = [...pids].map((pid) => printed.filter(([p]) => p === pid).reduce((m, [, n]) => Math.max(m, n), 0));
  const bound = Math.min(...lows);
  const below = all.filter((n) => n <= bound);
  below.forEach((n, i) => assert.equal(n, 2 * i));
});
