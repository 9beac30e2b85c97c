// The event stream's cost (issue 10): the same workloads with nobody listening, with a
// subscriber to exits only (what the shell keeps), and with a subscriber to every kind
// filling a bounded ring (a view open). With nobody listening each place that could emit
// tests one bit, so the first figures should match the other benchmarks'.
//
//   node dist/bench/events.js
import { createRuntime } from "../src/boot.js";
import { EventRing, type EventKind } from "../src/runtime/events.js";
import type { Runtime } from "../src/runtime/runtime.js";
import { PROCS_MODULES, run, timed } from "./harness.js";

const MODULES = `${PROCS_MODULES}

defmodule EvCounter do
  use GenServer
  def init(n), do: {:ok, n}
  def handle_call(:inc, _from, n), do: {:reply, n + 1, n + 1}
end`;

const WORK: [string, string, string][] = [
  ["200k ping-pong round trips", "pid = spawn(&Bench.pong/0); Bench.ping(pid, 20_000); Process.exit(pid, :kill)", "pid = spawn(&Bench.pong/0); Bench.ping(pid, 200_000); Process.exit(pid, :kill)"],
  ["spawn 100k processes, each sends one message back", "Bench.spawn_all(20_000, self()); Bench.collect(20_000)", "Bench.spawn_all(100_000, self()); Bench.collect(100_000)"],
  ["100k sequential GenServer.call round trips", "{:ok, s} = GenServer.start(EvCounter, 0); for _ <- 1..10_000, do: GenServer.call(s, :inc)", "{:ok, s} = GenServer.start(EvCounter, 0); for _ <- 1..100_000, do: GenServer.call(s, :inc)"],
];

function measure(label: string, listen: (rt: Runtime) => void): void {
  const rt = createRuntime({ write: () => {} });
  run(rt, MODULES);
  listen(rt);
  for (const [name, warm, src] of WORK) {
    run(rt, warm);
    console.log(`${name} (${label}): ${timed(rt, 5, src)}`);
  }
}

function main(): void {
  measure("no subscriber", () => {});
  measure("exits only", (rt) => rt.events.subscribe(() => {}, ["exit"]));
  const all: EventKind[] = ["spawn", "send", "deliver", "receive", "link", "unlink", "monitor", "demonitor", "signal", "exit", "restart", "scheduled", "preempted", "blocked", "timer", "timeout"];
  measure("every kind, into a ring of 10k", (rt) => rt.events.subscribe(new EventRing(10_000).push, all));
}

try {
  main();
} catch (e) {
  console.log("benchmark failed: " + (e as Error).message);
  process.exitCode = 1;
}
