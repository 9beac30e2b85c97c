// A standalone observer demo (`node dist/src/observer/demo.js [spinners] [idle]`): a runtime
// with a supervisor-like tree, ten processes spinning in `spin/1` (the "Soul of Erlang"
// lesson), a deep stack, a flooded mailbox and optional idle processes, then the observer.
import { pathToFileURL } from "node:url";
import { createRuntime } from "../boot.js";
import { scriptCode } from "../runtime/compiler/eval.js";
import { Driver } from "../runtime/driver.js";
import type { Process } from "../runtime/process.js";
import type { Runtime } from "../runtime/runtime.js";
import { openObserver } from "./index.js";

const DEMO = `
defmodule Demo.Worker do
  def start(n), do: loop(%{id: n, ticks: 0})

  def loop(state) do
    receive do
      :tick -> loop(%{state | ticks: state.ticks + 1})
      {:get, from} ->
        send(from, {:state, state})
        loop(state)
    end
  end
end

defmodule Demo.Sup do
  # A supervisor-like process: traps exits and restarts a crashed child (one_for_one).
  def start(ids, parent) do
    # What proc_lib records for an OTP process, so the observer can draw the tree.
    Process.put(:"$initial_call", {:supervisor, Demo.Sup, 1})
    Process.put(:"$ancestors", [parent])
    Process.flag(:trap_exit, true)
    loop(%{strategy: :one_for_one, children: start_children(ids, %{}), restarts: 0})
  end

  def start_children([], acc), do: acc
  def start_children([id | rest], acc), do: start_children(rest, Map.put(acc, start_child(id), id))

  def start_child(id), do: spawn_link(fn -> Demo.Worker.start(id) end)

  def loop(state) do
    receive do
      {:EXIT, pid, _reason} ->
        {id, children} = Map.pop(state.children, pid)
        children = if id == nil, do: children, else: Map.put(children, start_child(id), id)
        loop(%{state | children: children, restarts: state.restarts + 1})
    end
  end
end

defmodule Demo.Ticker do
  # Every 200 ms: a :tick to the counter; every 5th tick it asks the counter for its state.
  def start(counter), do: loop(counter, 1)

  def loop(counter, n) do
    receive do
    after
      200 ->
        send(counter, :tick)
        if rem(n, 5) == 0, do: ask(counter)
        loop(counter, n + 1)
    end
  end

  def ask(counter) do
    send(counter, {:get, self()})
    receive do
      {:state, state} -> state
    end
  end
end

defmodule Demo.Spin do
  def spin(n), do: spin(n + 1)
end

defmodule Demo.Deep do
  def down(0), do: Demo.Spin.spin(0)
  def down(n), do: 1 + down(n - 1)
end

defmodule Demo.Main do
  def start(spinners, idle) do
    me = self()
    top = spawn_link(fn -> Demo.Sup.start([5, 6], me) end)
    sup = spawn_link(fn -> Demo.Sup.start([1, 2, 3, 4], top) end)
    Process.register(sup, Demo.Supervisor)
    counter = spawn_link(fn -> Demo.Worker.start(:counter) end)
    Process.register(counter, :counter)
    ticker = spawn_link(fn -> Demo.Ticker.start(counter) end)
    Process.register(ticker, :ticker)
    for i <- 1..spinners, do: spawn(fn -> Demo.Spin.spin(i) end)
    spawn(fn -> Demo.Deep.down(6) end)
    inbox = spawn(fn -> receive do :never -> :ok end end)
    Process.register(inbox, :flooded)
    for i <- 1..250, do: send(inbox, {:job, i, "payload #{i}"})
    for _ <- 1..idle, do: spawn(fn -> receive do :stop -> :ok end end)
    Process.put(:role, :demo_shell)
    receive do
      :stop -> {top, ticker}
    end
  end
end

Demo.Main.start(SPINNERS, IDLE)
`;

/** Starts the demo's processes on `rt`; returns the demo's "shell" process. */
export function startDemo(rt: Runtime, spinners = 10, idle = 0): Process {
  const src = DEMO.replace("SPINNERS", String(spinners)).replace("IDLE", String(idle));
  return rt.spawn(scriptCode(rt, src, "demo.exs"), []);
}

async function main(): Promise<void> {
  const [spinners = 10, idle = 0] = process.argv.slice(2).map(Number);
  const rt = createRuntime({ write: () => {} });
  const driver = new Driver(rt);
  const shell = startDemo(rt, spinners, idle);
  driver.kick();
  await openObserver(rt, { shellIds: () => [shell.pid.id] });
  driver.stop();
  const alive = [...rt.procs.values()].filter((p) => p.status !== "exited").length;
  process.stdout.write(`observer closed; ${alive} processes alive\n`);
  process.exit(0);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
