// OTP benchmarks (issue 4): sequential GenServer.call round trips, casts, Agent updates and
// Task.async_stream throughput. Each figure is printed on its own line as
// `name: value unit (target)`.
//
//   node dist/bench/otp.js
import { createRuntime } from "../src/boot.js";
import { run, spawnSrc, timed } from "./harness.js";
import type { Runtime } from "../src/runtime/runtime.js";

const MODULES = `
defmodule BenchCounter do
  use GenServer
  def init(n), do: {:ok, n}
  def handle_call(:inc, _from, n), do: {:reply, n + 1, n + 1}
  def handle_call(:get, _from, n), do: {:reply, n, n}
  def handle_cast(:inc, n), do: {:noreply, n + 1}
end

defmodule BenchOtp do
  def calls(_pid, 0), do: :ok
  def calls(pid, n) do
    GenServer.call(pid, :inc)
    calls(pid, n - 1)
  end

  def casts(_pid, 0), do: :ok
  def casts(pid, n) do
    GenServer.cast(pid, :inc)
    casts(pid, n - 1)
  end

  def updates(_a, 0), do: :ok
  def updates(a, n) do
    Agent.update(a, &(&1 + 1))
    updates(a, n - 1)
  end
end`;

function main(): void {
  const rt = createRuntime({ write: () => {} });
  run(rt, MODULES);
  for (let i = 0; i < 3; i++) run(rt, "{:ok, pid} = GenServer.start(BenchCounter, 0); BenchOtp.calls(pid, 100_000); GenServer.stop(pid)"); // warm up
  const calls = timed(rt, 5, "{:ok, pid} = GenServer.start(BenchCounter, 0); BenchOtp.calls(pid, 100_000); GenServer.stop(pid)");
  console.log(`100k sequential GenServer.call round trips: ${calls} (target <= 300)`);
  const casts = timed(rt, 3, "{:ok, pid} = GenServer.start(BenchCounter, 0); BenchOtp.casts(pid, 100_000); 100_000 = GenServer.call(pid, :get, :infinity); GenServer.stop(pid)");
  console.log(`100k GenServer.cast then one call: ${casts}`);
  const agent = timed(rt, 3, "{:ok, a} = Agent.start(fn -> 0 end); BenchOtp.updates(a, 100_000); Agent.stop(a)");
  console.log(`100k Agent.update round trips: ${agent}`);
  const stream = timed(rt, 3, "1..10_000 |> Task.async_stream(&(&1 * 2), max_concurrency: 8) |> Enum.reduce(0, fn {:ok, v}, acc -> v + acc end)");
  console.log(`Task.async_stream over 10k elements (max_concurrency 8): ${stream}`);
}

main();
