// Process benchmarks (issue 3): spawn/send/receive throughput, ping-pong latency, the
// "Soul of Erlang" responsiveness figure under ten spinning processes, and memory per idle
// process. Each figure is printed on its own line as `name: value unit (target)`.
//
//   node dist/bench/procs.js            (run with --expose-gc for a steadier memory figure)
import { parse } from "../src/lang/parser.js";
import { createRuntime } from "../src/runtime/boot.js";
import { compileEval } from "../src/runtime/compiler/module.js";
import { newEnv } from "../src/runtime/compiler/unit.js";
import { Driver } from "../src/runtime/driver.js";
import { hostFor } from "../src/runtime/host.js";
import type { Process } from "../src/runtime/process.js";
import type { Runtime } from "../src/runtime/runtime.js";

function spawnSrc(rt: Runtime, src: string): Process {
  const { code } = compileEval(hostFor(rt), parse(src, { file: "bench" }), [], newEnv(), "bench");
  return rt.spawn(code, []);
}

/**
 * Runs `src` in a fresh process to completion on the calling thread; returns [value, wall ms,
 * CPU ms]. CPU time (this process, all threads) is steadier than wall time when other work
 * shares the machine.
 */
function run(rt: Runtime, src: string): [unknown, number, number] {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const p = spawnSrc(rt, src);
  rt.runUntilIdle();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  if (p.status !== "exited" || p.x === null) throw new Error("benchmark did not finish: " + src.slice(0, 40));
  return [(p.x as unknown[])[0], ms, (c.user + c.system) / 1000];
}

/** Best wall and best CPU time of `n` runs of `src`, as "W ms (cpu C ms)". */
function timed(rt: Runtime, n: number, src: string): string {
  let wall = Infinity;
  let cpu = Infinity;
  for (let i = 0; i < n; i++) {
    const [, w, c] = run(rt, src);
    wall = Math.min(wall, w);
    cpu = Math.min(cpu, c);
  }
  return `${wall.toFixed(1)} ms (cpu ${cpu.toFixed(1)} ms)`;
}

const MODULES = `
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

function spawnMany(rt: Runtime): void {
  run(rt, "Bench.spawn_all(20_000, self()); Bench.collect(20_000)"); // warm up
  const t = timed(rt, 5, "Bench.spawn_all(100_000, self()); Bench.collect(100_000)");
  console.log(`spawn 100k processes, each sends one message back: ${t} (target <= 250)`);
}

function pingPong(rt: Runtime): void {
  run(rt, "pid = spawn(&Bench.pong/0); Bench.ping(pid, 20_000); Process.exit(pid, :kill)");
  const t = timed(rt, 5, "pid = spawn(&Bench.pong/0); Bench.ping(pid, 200_000); Process.exit(pid, :kill)");
  console.log(`200k ping-pong round trips: ${t} (target <= 200)`);
}

/** The Soul of Erlang demo: ten spinners, then small requests timed from inside the runtime. */
async function responsiveness(rt: Runtime): Promise<void> {
  const driver = new Driver(rt);
  const spinners = [];
  for (let i = 0; i < 10; i++) spinners.push(spawnSrc(rt, "Bench.spin(0)"));
  const p = spawnSrc(rt, `
    me = self()
    for _ <- 1..200 do
      receive do after 2 -> :ok end
      t0 = :erlang.monotonic_time(:microsecond)
      spawn(fn -> send(me, {:fact, Bench.fact(20)}) end)
      receive do {:fact, _} -> :erlang.monotonic_time(:microsecond) - t0 end
    end`);
  driver.kick();
  await new Promise<void>((resolve) => rt.onExit.push((x) => x === p && resolve()));
  driver.stop();
  for (const s of spinners) rt.signals.exitProcess(s, null);
  const times = ((p.x as unknown[])[0] as { h: number; t: unknown } | null);
  const us: number[] = [];
  for (let l = times as { h: number; t: unknown } | null; l !== null && l !== undefined && "h" in l; l = l.t as typeof l) us.push(l.h);
  us.sort((x, y) => x - y);
  const median = us[us.length >> 1] / 1000;
  const p95 = us[Math.floor(us.length * 0.95)] / 1000;
  console.log(`ten spin/1 processes: median time to spawn a factorial worker and get the answer: ${median.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms (target <= 5)`);
}

function memoryPerProcess(): void {
  const rt = createRuntime({ write: () => {} });
  run(rt, MODULES);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const procs: Process[] = [];
  const code = rt.lookup("Elixir.Bench", "idle", 0)!;
  for (let i = 0; i < 100_000; i++) procs.push(rt.spawn(code, []));
  rt.runUntilIdle();
  gc?.();
  const after = process.memoryUsage().heapUsed;
  const per = (after - before) / 100_000;
  console.log(`memory per idle process (blocked in receive) at 100k processes: ${(per / 1024).toFixed(2)} KB (aim <= 2)${gc ? "" : " (run with --expose-gc for a steadier figure)"}`);
  if (procs.some((p) => p.status !== "waiting")) throw new Error("idle processes are not waiting");
}

async function main(): Promise<void> {
  const rt = createRuntime({ write: () => {} });
  run(rt, MODULES);
  spawnMany(rt);
  pingPong(rt);
  await responsiveness(rt);
  memoryPerProcess();
}

main().catch((e) => {
  console.log("benchmark failed: " + (e as Error).message);
  process.exitCode = 1;
});
