// Property test of GenStage's demand protocol: for random max/min demand, random consumer
// speeds (busy work per batch), random producer batch excess and random preemption points
// (reduction budgets), on the deterministic scheduler:
//   - no consumer is ever sent more events than it has asked for (checked by a spy
//     dispatcher that wraps the real one and compares each consumer's asks with what the
//     real dispatcher handed out), and no ask exceeds the consumer's max_demand;
//   - consumers that ask by hand (:manual) never receive more than they asked for;
//   - every event reaches exactly one consumer (DemandDispatcher) or its partition's consumer
//     (PartitionDispatcher), once; with a BroadcastDispatcher every consumer receives the same
//     first events, each once.
import assert from "node:assert/strict";
import { test } from "node:test";
import { evaluate, spawnEval, testRuntime } from "../helpers/eval.js";
import { Atom, Term, listToArray } from "../../src/runtime/term.js";

/** mulberry32: a small seeded PRNG, so every run checks the same cases. */
function rng(seed: number): (lo: number, hi: number) => number {
  let s = seed >>> 0;
  return (lo, hi) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const r = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return lo + Math.floor(r * (hi - lo + 1));
  };
}

const MODULES = `
defmodule PropSpy do
  # Wraps a dispatcher: every ask and every dispatch goes through, and the per-consumer
  # totals (asked, handed out) are kept in the producer's dictionary for the checks.
  def init(opts) do
    inner = Keyword.fetch!(opts, :inner)
    {:ok, state} = inner.init([])
    {:ok, {inner, state}}
  end

  def subscribe(opts, from, {inner, state}) do
    Process.put({:max, elem(from, 1)}, Keyword.get(opts, :max_demand, 1000))
    wrap(inner, inner.subscribe(opts, from, state))
  end

  def cancel(from, {inner, state}), do: wrap(inner, inner.cancel(from, state))

  def ask(n, {_, ref} = from, {inner, state}) do
    if n > Process.get({:max, ref}), do: Process.put(:violations, [{:ask_over_max, n} | Process.get(:violations, [])])
    Process.put({:asked, ref}, Process.get({:asked, ref}, 0) + n)
    wrap(inner, inner.ask(n, from, state))
  end

  def info(msg, {inner, state}) do
    {:ok, state} = inner.info(msg, state)
    {:ok, {inner, state}}
  end

  def dispatch(events, length, {inner, state}) do
    before = pending(inner, state)
    {:ok, left, state} = inner.dispatch(events, length, state)
    after_ = pending(inner, state)

    for {ref, was} <- before do
      sent = was - Map.get(after_, ref, 0)
      total = Process.get({:sent, ref}, 0) + sent
      Process.put({:sent, ref}, total)

      if total > Process.get({:asked, ref}, 0),
        do: Process.put(:violations, [{:sent_over_asked, total, Process.get({:asked, ref})} | Process.get(:violations, [])])
    end

    {:ok, left, {inner, state}}
  end

  defp wrap(inner, {:ok, demand, state}), do: {:ok, demand, {inner, state}}
  defp wrap(_inner, other), do: other

  # Demand each consumer still has with the wrapped DemandDispatcher.
  defp pending(GenStage.DemandDispatcher, {demands, _, _, _}), do: Map.new(demands, fn {n, _pid, ref} -> {ref, n} end)
end

defmodule PropSource do
  use GenStage

  # Demand accumulates until every consumer is subscribed (a broadcast would otherwise start
  # with the first consumer alone).
  def init({n, extra, dispatcher}), do: {:producer, {1, n, extra}, dispatcher: dispatcher, demand: :accumulate}

  def handle_call(:violations, _from, state), do: {:reply, Process.get(:violations, []), [], state}

  # Emits what was asked plus up to extra more (buffered), until n events.
  def handle_demand(demand, {next, n, extra}) do
    count = min(demand + extra, n - next + 1)
    events = if count > 0, do: Enum.to_list(next..(next + count - 1)), else: []
    {:noreply, events, {next + count, n, extra}}
  end
end

defmodule PropRelay do
  use GenStage

  def init({dispatcher, subscribe_to}), do: {:producer_consumer, :ok, dispatcher: dispatcher, subscribe_to: subscribe_to}

  def handle_call(:violations, _from, state), do: {:reply, Process.get(:violations, []), [], state}

  def handle_events(events, _from, state), do: {:noreply, events, state}
end

defmodule PropSink do
  use GenStage

  def init({collector, work, subscribe_to}), do: {:consumer, {collector, work}, subscribe_to: subscribe_to}

  def handle_events(events, _from, {collector, work} = state) do
    Enum.reduce(1..work, 0, fn i, acc -> acc + i end)
    send(collector, {:got, self(), events})
    {:noreply, [], state}
  end
end

defmodule PropManual do
  use GenStage

  def init({collector, asks, subscribe_to}) do
    {:consumer, %{collector: collector, asks: asks, outstanding: 0, from: nil}, subscribe_to: subscribe_to}
  end

  def handle_subscribe(:producer, _opts, from, state), do: {:manual, ask_next(%{state | from: from})}

  def handle_events(events, _from, state) do
    if length(events) > state.outstanding, do: send(state.collector, {:violation, self(), length(events), state.outstanding})
    send(state.collector, {:got, self(), events})
    state = %{state | outstanding: state.outstanding - length(events)}
    state = if state.outstanding == 0, do: ask_next(state), else: state
    {:noreply, [], state}
  end

  defp ask_next(%{asks: [n | rest]} = state) do
    GenStage.ask(state.from, n)
    %{state | asks: rest ++ [n], outstanding: state.outstanding + n}
  end
end

defmodule PropCollector do
  def collect(acc) do
    receive do
      {:got, pid, events} -> collect(Map.update(acc, pid, events, &(&1 ++ events)))
      {:violation, pid, got, asked} -> collect(Map.update(acc, :violations, [{pid, got, asked}], &[{pid, got, asked} | &1]))
      {:report, to} -> send(to, {:collected, acc})
    end
  end
end
`;

interface Case {
  dispatcher: "demand" | "broadcast" | "partition";
  n: number;
  extra: number;
  relay: null | { max: number; min: number };
  sinks: Array<{ manual: boolean; max: number; min: number; work: number; asks: number[] }>;
  reds: number;
}

function randomCase(seed: number): Case {
  const r = rng(seed);
  const dispatcher = (["demand", "demand", "broadcast", "partition"] as const)[r(0, 3)];
  const count = dispatcher === "partition" ? r(1, 3) : r(1, 4);
  const sinks = Array.from({ length: count }, () => {
    const max = r(1, 40);
    return {
      // Manual consumers ask by hand; with a broadcast they must keep up like the others.
      manual: dispatcher === "demand" && r(0, 3) === 0,
      max,
      min: r(0, max - 1),
      work: r(1, 400),
      asks: Array.from({ length: r(1, 4) }, () => r(1, max)),
    };
  });
  const rmax = r(1, 60);
  return {
    dispatcher,
    n: r(50, 400),
    extra: r(0, 3) === 0 ? r(1, 30) : 0,
    relay: r(0, 2) === 0 ? { max: rmax, min: r(0, rmax - 1) } : null,
    sinks,
    reds: [50, 200, 1000, 4000][r(0, 3)],
  };
}

function dispatcherOption(c: Case): string {
  if (c.dispatcher === "demand") return "{PropSpy, inner: GenStage.DemandDispatcher}";
  if (c.dispatcher === "broadcast") return "GenStage.BroadcastDispatcher";
  return `{GenStage.PartitionDispatcher, partitions: ${c.sinks.length}, hash: fn e -> {e, rem(e, ${c.sinks.length})} end}`;
}

function program(c: Case): string {
  const lines = [
    "collector = spawn(fn -> PropCollector.collect(%{}) end)",
    `{:ok, source} = GenStage.start_link(PropSource, {${c.n}, ${c.extra}, ${c.relay ? "{PropSpy, inner: GenStage.DemandDispatcher}" : dispatcherOption(c)}})`,
  ];
  if (c.relay) {
    lines.push(`{:ok, _relay} = GenStage.start_link(PropRelay, {${dispatcherOption(c)}, [{source, max_demand: ${c.relay.max}, min_demand: ${c.relay.min}}]}, name: PropRelay)`);
  }
  const producer = c.relay ? "PropRelay" : "source";
  c.sinks.forEach((s, i) => {
    const part = c.dispatcher === "partition" ? `, partition: ${i}` : "";
    const sub = `[{${producer}, max_demand: ${s.max}, min_demand: ${s.min}${part}}]`;
    lines.push(
      s.manual
        ? `{:ok, sink${i}} = GenStage.start_link(PropManual, {collector, [${s.asks.join(", ")}], ${sub}})`
        : `{:ok, sink${i}} = GenStage.start_link(PropSink, {collector, ${s.work}, ${sub}})`,
    );
  });
  lines.push(`sinks = [${c.sinks.map((_, i) => `sink${i}`).join(", ")}]`);
  lines.push("GenStage.demand(source, :forward)");
  lines.push(`relay = ${c.relay ? "Process.whereis(PropRelay)" : "nil"}`);
  return lines.join("\n");
}

/** A term as plain JS: lists and tuples as arrays, atoms as strings, numbers as numbers. */
function toJS(t: Term): unknown {
  if (t instanceof Atom) return t.name;
  if (Array.isArray(t)) return t.map(toJS);
  const items = listToArray(t);
  if (items !== null) return items.map(toJS);
  return typeof t === "number" ? t : String(t);
}

for (let seed = 1; seed <= 40; seed++) {
  const c = randomCase(seed);
  const label = `${c.dispatcher}${c.relay ? " via a producer_consumer" : ""}, ${c.sinks.length} consumer(s), ${c.n} events`;
  test(`GenStage demand protocol holds: random case ${seed} (${label})`, () => {
    const t = testRuntime(c.reds);
    evaluate(MODULES + "\n:ok", t);
    // Start the pipeline, let it run dry (virtual time only passes when told), then report.
    const main = spawnEval(
      t.rt,
      `${program(c)}
       receive do after 60_000 -> :ok end
       send(collector, {:report, self()})
       collected = receive do {:collected, acc} -> acc end
       spy = GenStage.call(source, :violations) ++ if(relay, do: GenStage.call(relay, :violations), else: [])
       {Enum.map(sinks, &Map.get(collected, &1, [])), Map.get(collected, :violations, []), spy}`,
    );
    t.rt.runUntilIdle(500_000);
    assert.equal(main.status, "waiting", "the pipeline ran dry within the slice budget");
    t.clock.advance(60_000);
    t.rt.runUntilIdle(500_000);
    assert.equal(main.status, "exited", "the report finished");
    assert.doesNotMatch(t.output.join(""), /in excess|\[error\]/, "no stage reported excess events or an error");
    const [received, manualViolations, spyViolations] = toJS((main.x as Term[])[0]) as [number[][], unknown[], unknown[]];
    assert.deepEqual(manualViolations, [], "manual consumers never got more than they asked for");
    assert.deepEqual(spyViolations, [], "the dispatcher never sent a consumer more than it asked for, nor took an ask above max_demand");

    // Order is not promised: events a producer emits beyond the demand wait in its buffer
    // (or a partition's queue) and may go out after newer ones, as in GenStage itself.
    const all = Array.from({ length: c.n }, (_, i) => i + 1);
    const sorted = (xs: number[]) => [...xs].sort((x, y) => x - y);
    if (c.dispatcher === "demand") {
      assert.deepEqual(sorted(received.flat()), all, "every event delivered exactly once");
    } else if (c.dispatcher === "broadcast") {
      // A broadcast moves at the pace of its slowest asker (and GenStage's broadcast may stop
      // early when consumers' demands interleave badly): every consumer gets the same
      // events, each once, and they are the first k events for some k.
      const first = sorted(received[0]);
      assert.ok(first.length > 0, "events flowed");
      assert.deepEqual(first, all.slice(0, first.length), "a prefix of the events, each once");
      for (const got of received) assert.deepEqual(sorted(got), first, "every consumer gets the same events");
    } else {
      received.forEach((got, i) => assert.deepEqual(sorted(got), all.filter((e) => e % c.sinks.length === i), `partition ${i} gets all its events, each once`));
    }
  });
}
