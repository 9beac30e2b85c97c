// GenStage throughput: events per second through seed 003's pipeline (a counting producer,
// a producer_consumer keeping the even numbers, a consumer) with the default max_demand of
// 1000. The consumer counts instead of printing (printing would measure the terminal).
//
//   node dist/bench/genstage.js [--vs-beam]
//
// With --vs-beam (or BENCH_VS_BEAM=1), the same program also runs on the BEAM with real
// GenStage (compiled from its source; GEN_STAGE_EBIN names its ebin directory, default
// /tmp/gen_stage/_build/dev/lib/gen_stage/ebin) and the ratio is printed.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRuntime } from "../src/boot.js";
import { run } from "./harness.js";

/** Events to push through the producer per measured run. */
const EVENTS = 400_000;

const PIPELINE = `
defmodule BenchStage.Producer do
  use GenStage

  def start_link(initial \\\\ 0) do
    GenStage.start_link(__MODULE__, initial, name: __MODULE__)
  end

  def init(counter), do: {:producer, counter}

  def handle_demand(demand, state) do
    events = Enum.to_list(state..(state + demand - 1))
    {:noreply, events, state + demand}
  end
end

defmodule BenchStage.ProducerConsumer do
  use GenStage

  require Integer

  def start_link do
    GenStage.start_link(__MODULE__, :state_doesnt_matter, name: __MODULE__)
  end

  def init(state) do
    {:producer_consumer, state, subscribe_to: [{BenchStage.Producer, max_demand: 1000}]}
  end

  def handle_events(events, _from, state) do
    numbers =
      events
      |> Enum.filter(&Integer.is_even/1)

    {:noreply, numbers, state}
  end
end

defmodule BenchStage.Consumer do
  use GenStage

  def start_link(target), do: GenStage.start_link(__MODULE__, {self(), target})

  def init({parent, target}) do
    {:consumer, {parent, target, 0}, subscribe_to: [{BenchStage.ProducerConsumer, max_demand: 1000}]}
  end

  def handle_events(events, _from, {parent, target, seen}) do
    seen = seen + length(events)
    if seen >= target and seen - length(events) < target, do: send(parent, :done)
    {:noreply, [], {parent, target, seen}}
  end
end

defmodule BenchStage do
  # Microseconds for the producer to emit 'events' (half of them reach the consumer).
  def measure(events) do
    Process.flag(:trap_exit, true)
    t0 = System.monotonic_time(:microsecond)
    {:ok, p} = BenchStage.Producer.start_link(0)
    {:ok, pc} = BenchStage.ProducerConsumer.start_link()
    {:ok, c} = BenchStage.Consumer.start_link(div(events, 2))
    receive do
      :done -> :ok
    end
    elapsed = System.monotonic_time(:microsecond) - t0
    for pid <- [c, pc, p], do: GenStage.stop(pid)
    elapsed
  end
end
`;

function rate(events: number, micros: number): number {
  return events / (micros / 1e6);
}

function beamshRate(): number {
  const rt = createRuntime({ write: () => {} });
  run(rt, PIPELINE + "\n:ok");
  run(rt, "BenchStage.measure(100_000)"); // warm up
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const [us] = run(rt, `BenchStage.measure(${EVENTS})`);
    best = Math.min(best, us as number);
  }
  return rate(EVENTS, best);
}

/** The same program on the BEAM with real GenStage; null when that cannot run here. */
function beamRate(): number | null {
  const ebin = process.env.GEN_STAGE_EBIN ?? "/tmp/gen_stage/_build/dev/lib/gen_stage/ebin";
  if (!existsSync(join(ebin, "Elixir.GenStage.beam"))) {
    console.log(`(no compiled GenStage at ${ebin}: set GEN_STAGE_EBIN to compare with the BEAM)`);
    return null;
  }
  const dir = mkdtempSync(join(tmpdir(), "beamsh-bench-"));
  const script = join(dir, "genstage_bench.exs");
  writeFileSync(
    script,
    PIPELINE + `\nBenchStage.measure(100_000)\nbest = Enum.min(for _ <- 1..3, do: BenchStage.measure(${EVENTS}))\nIO.puts(best)\n`,
  );
  try {
    const out = execFileSync("elixir", ["-pa", ebin, script], { encoding: "utf8" });
    return rate(EVENTS, Number(out.trim().split("\n").pop()));
  } catch (e) {
    console.log(`(the BEAM run failed: ${(e as Error).message.split("\n")[0]})`);
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main(): void {
  const ours = beamshRate();
  console.log(`GenStage seed pipeline (producer -> producer_consumer -> consumer, max_demand 1000): ${Math.round(ours).toLocaleString("en-US")} events/s`);
  if (process.argv.includes("--vs-beam") || process.env.BENCH_VS_BEAM === "1") {
    const beam = beamRate();
    if (beam !== null) {
      console.log(`  same pipeline on the BEAM with GenStage 1.3: ${Math.round(beam).toLocaleString("en-US")} events/s (beamsh/BEAM = ${(ours / beam).toFixed(3)})`);
    }
  }
}

main();
