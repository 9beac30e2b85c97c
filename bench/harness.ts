// Shared benchmark helpers: run Elixir source in a fresh process to completion and time it.
// The source runs as `elixir FILE` runs a script (macros expanded, as on the BEAM).
import { scriptCode } from "../src/runtime/compiler/eval.js";
import { inspect } from "../src/runtime/inspect.js";
import { currentFunction, liveProcesses, receiveScan } from "../src/runtime/inspection.js";
import type { Process } from "../src/runtime/process.js";
import type { Runtime } from "../src/runtime/runtime.js";
import { a } from "../src/runtime/term.js";

/** Spawns a process evaluating `src` (not yet run). */
export function spawnSrc(rt: Runtime, src: string): Process {
  return rt.spawn(scriptCode(rt, src, "bench"), []);
}

/** Runs `src` to completion on the calling thread; returns [value, wall ms, cpu ms]. */
export function run(rt: Runtime, src: string): [unknown, number, number] {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const p = spawnSrc(rt, src);
  rt.runUntilIdle();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  if (p.status !== "exited" || p.exitReason !== a("normal")) throw new Error(`benchmark did not finish: ${src.trim().slice(0, 60)}\n${whyNot(rt, p)}`);
  return [p.x, ms, (c.user + c.system) / 1000];
}

/**
 * Why a benchmark's process did not finish: how it exited, or where it and every other live
 * process wait (runUntilIdle does not wait for timers: a benchmark must not need them).
 */
function whyNot(rt: Runtime, p: Process): string {
  if (p.status === "exited") return `  exited: ${inspect(p.exitReason)}`;
  return liveProcesses(rt)
    .map((q) => {
      const mfa = currentFunction(q);
      const scan = receiveScan(q);
      const at = mfa === null ? "?" : `${mfa[0].replace(/^Elixir\./, "")}.${mfa[1]}/${mfa[2]}`;
      const waits = scan === null ? "" : ` receiving ${(scan.patterns ?? ["?"]).join(" | ")}${scan.timeoutMs === null ? "" : ` after ${scan.timeoutMs} ms`}`;
      return `  ${inspect(q.pid)}${q === p ? " (the benchmark)" : ""} ${q.status} in ${at}${waits}`;
    })
    .join("\n");
}

/** Best wall and best CPU time of `n` runs of `src`, as "W ms (cpu C ms)". */
export function timed(rt: Runtime, n: number, src: string): string {
  let wall = Infinity;
  let cpu = Infinity;
  for (let i = 0; i < n; i++) {
    const [, w, c] = run(rt, src);
    wall = Math.min(wall, w);
    cpu = Math.min(cpu, c);
  }
  return `${wall.toFixed(1)} ms (cpu ${cpu.toFixed(1)} ms)`;
}

/** The process benchmarks' module (procs.ts, events.ts): spawn, collect, ping-pong, spinners. */
export const PROCS_MODULES = `
defmodule Bench do
  def collect(0), do: :ok
  def collect(n), do: receive(do: (_ -> collect(n - 1)))

  def spawn_all(0, _), do: :ok
  def spawn_all(n, me), do: (spawn(fn -> send(me, :hi) end); spawn_all(n - 1, me))

  def pong, do: receive(do: ({:ping, from} -> send(from, :pong); pong()))

  def ping(_, 0), do: :ok
  def ping(pid, n) do
    send(pid, {:ping, self()})
    receive do
      :pong -> ping(pid, n - 1)
    end
  end

  def spin(n), do: spin(n + 1)

  def fact(0), do: 1
  def fact(n), do: n * fact(n - 1)

  def idle, do: receive(do: (_ -> :ok))
end`;
