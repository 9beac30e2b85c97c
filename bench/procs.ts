// Process benchmarks (issue 3): spawn/send/receive throughput, ping-pong latency, the
// "Soul of Erlang" responsiveness figure under ten spinning processes, and memory per idle
// process. Each figure is printed on its own line as `name: value unit (target)`.
//
//   node dist/bench/procs.js            (run with --expose-gc for a steadier memory figure)
import { createRuntime } from "../src/boot.js";
import { PROCS_MODULES as MODULES, run, spawnSrc, timed } from "./harness.js";
import { Driver } from "../src/runtime/driver.js";
import type { Process } from "../src/runtime/process.js";
import type { Runtime } from "../src/runtime/runtime.js";

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
  // (the script's value: the comprehension's list of times, as scriptCode gives it)
  const times = p.x as { h: number; t: unknown } | null;
  const us: number[] = [];
  for (let l = times as { h: number; t: unknown } | null; l !== null && l !== undefined && "h" in l; l = l.t as typeof l) us.push(l.h);
  us.sort((x, y) => x - y);
  const median = us[us.length >> 1] / 1000;
  const p95 = us[Math.floor(us.length * 0.95)] / 1000;
  console.log(`ten spin/1 processes: median time to spawn a factorial worker and get the answer: ${median.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms (target <= 5)`);
}

/** Spawns `n` processes that block in receive: the heap each one takes, and the time to spawn and run them all to their receive. */
function memoryPerProcess(n: number): void {
  const rt = createRuntime({ write: () => {} });
  run(rt, MODULES);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const procs: Process[] = [];
  const code = rt.modules.lookup("Elixir.Bench", "idle", 0)!;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) procs.push(rt.spawn(code, []));
  rt.runUntilIdle();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  gc?.();
  const after = process.memoryUsage().heapUsed;
  const per = (after - before) / n;
  const time = `${ms.toFixed(0)} ms (cpu ${((c.user + c.system) / 1000).toFixed(0)} ms)`;
  console.log(`${n.toLocaleString("en")} idle processes (blocked in receive): ${(per / 1024).toFixed(2)} KB each (aim <= 2; BEAM 25: 2.6, process_info memory 2,640 bytes), spawned and run in ${time}${gc ? "" : " (run with --expose-gc for a steadier figure)"}`);
  if (procs.some((p) => p.status !== "waiting")) throw new Error("idle processes are not waiting");
}

async function main(): Promise<void> {
  const rt = createRuntime({ write: () => {} });
  run(rt, MODULES);
  spawnMany(rt);
  pingPong(rt);
  await responsiveness(rt);
  memoryPerProcess(100_000);
  memoryPerProcess(1_000_000);
}

main().catch((e) => {
  console.log("benchmark failed: " + (e as Error).message);
  process.exitCode = 1;
});
