// Seeded runs (runtime/seed.ts): the same seed gives the same interleaving, pids, virtual
// times and output every time; other seeds give other interleavings; without a seed the
// scheduler is first in, first out as before.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRuntime } from "../../src/boot.js";
import { inspect } from "../../src/runtime/inspect.js";
import type { Runtime } from "../../src/runtime/runtime.js";
import { SeededRandom, seedOf } from "../../src/runtime/seed.js";
import { spawnEval } from "../helpers/eval.js";

// dist/test/runtime → the repository's examples/
const EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "examples");
const HOG = readFileSync(join(EXAMPLES, "hog.exs"), "utf8");
const RACE = readFileSync(join(EXAMPLES, "race.exs"), "utf8");

/**
 * Runs `src` in a fresh runtime to its end as the Driver would: slices until nothing can
 * run, then virtual time jumps to the next timer. Returns everything written.
 */
function run(src: string, seed?: number, setup?: (rt: Runtime) => void): string {
  const out: string[] = [];
  const rt = createRuntime({ seed, write: (s) => out.push(s) });
  setup?.(rt);
  const p = spawnEval(rt, src);
  for (;;) {
    rt.runUntilIdle();
    const next = rt.clock.nextDeadline();
    if (next === null) break;
    if (rt.scheduler.seeded === null) throw new Error("an unseeded run with timers cannot be finished here");
    rt.clock.advanceTo(next);
  }
  assert.equal(p.status, "exited");
  assert.equal(inspect(p.exitReason), ":normal", out.join(""));
  return out.join("");
}

test("the hog demo and the race give the same output in 20 runs with the same seed", () => {
  for (const [name, src, seed] of [["hog", HOG, 4], ["race", RACE, 1]] as const) {
    const first = run(src, seed);
    assert.match(first, name === "hog" ? /counted to 10 in #PID<0\.\d+\.0>, answered after/ : /counter = \d+ \(200 increments\)/);
    for (let i = 1; i < 20; i++) assert.equal(run(src, seed), first, `${name}, run ${i + 1}`);
  }
});

test("other seeds give other interleavings (the race loses a different number of increments)", () => {
  const races = new Set<string>();
  const hogs = new Set<string>();
  for (let seed = 1; seed <= 8; seed++) {
    races.add(run(RACE, seed));
    hogs.add(run(HOG, seed));
  }
  assert.ok(races.size >= 3, [...races].join(""));
  assert.ok(hogs.size >= 3, [...hogs].join(""));
  // Whatever the seed, the short request is answered first: the hogs are preempted.
  for (const out of hogs) assert.match(out, /^counted to 10 in /);
});

test("without a seed the run queue is first in, first out with full slices", () => {
  const src = `
    me = self()
    for i <- 1..5, do: spawn(fn -> send(me, i) end)
    for _ <- 1..5, do: receive(do: (i -> i))`;
  const out = () => {
    const rt = createRuntime({ write: () => {} });
    const p = spawnEval(rt, src);
    rt.runUntilIdle();
    return inspect((p.x as unknown[])[0]);
  };
  assert.equal(out(), "[1, 2, 3, 4, 5]");
  // Seeded: some seed sends them in another order, and each order repeats with its seed.
  const orders = new Set<string>();
  for (let seed = 1; seed <= 6; seed++) {
    const once = run(`${src} |> inspect() |> IO.puts()`, seed);
    assert.equal(run(`${src} |> inspect() |> IO.puts()`, seed), once);
    orders.add(once);
  }
  assert.ok(orders.size > 1);
});

test("a seeded clock is virtual: it moves by the reductions that ran, and jumps to timers", () => {
  const out = run(
    `
    t0 = System.monotonic_time(:microsecond)
    spin = fn _f, 0 -> :ok; f, n -> f.(f, n - 1) end
    spin.(spin, 100_000)
    t1 = System.monotonic_time(:microsecond)
    Process.sleep(1_000)
    t2 = System.monotonic_time(:microsecond)
    {us, _} = :timer.tc(fn -> receive do after 250 -> :ok end end)
    IO.puts("#{t1 - t0} #{t2 - t1} #{us}")`,
    9,
  );
  const [spun, slept, waited] = out.trim().split(" ").map(Number);
  // 100k calls at 50 ns of virtual time each (the clock moves when a slice ends, so the
  // reading is up to one slice off).
  assert.ok(spun >= 4_900 && spun < 5_100, out);
  assert.ok(slept >= 1_000_000 && slept < 1_000_100, out);
  assert.ok(waited >= 250_000 && waited < 250_100, out);
});

test(":beamsh.seed/1 seeds a running runtime; :beamsh.seed/0 answers the seed", () => {
  const src = `
    before = :beamsh.seed()
    :ok = :beamsh.seed(42)
    me = self()
    for i <- 1..6, do: spawn(fn -> send(me, i) end)
    got = for _ <- 1..6, do: receive(do: (i -> i))
    IO.puts(inspect({before, :beamsh.seed(), got, Enum.random(1..1_000_000)}))`;
  const once = run(src, undefined, (rt) => assert.equal(seedOf(rt), null));
  assert.match(once, /^\{nil, 42, \[[1-6, ]+\], \d+\}\n$/);
  for (let i = 0; i < 5; i++) assert.equal(run(src), once);
  assert.match(run("try do :beamsh.seed(:x) rescue e -> IO.puts(Exception.message(e)) end"), /1st argument: not an integer/);
});

test("the time of day is virtual too: a seeded run starts at 2000-01-01, crash reports and :rand repeat", () => {
  const src = `
    IO.puts(DateTime.utc_now() |> DateTime.to_iso8601())
    IO.puts(inspect({:rand.uniform(1_000_000), Enum.random(1..1_000_000), Enum.shuffle(1..5)}))
    spawn(fn -> raise "boom" end)
    receive do after 10 -> :ok end
    IO.puts(System.os_time(:millisecond) - 946_684_800_000)`;
  const once = run(src, 3);
  assert.match(once, /^2000-01-01T00:00:00\.\d{6}Z\n/);
  assert.match(once, /\d\d:\d\d:\d\d\.\d{3} \[error\] Process #PID<0\.\d+\.0> raised an exception/);
  for (let i = 0; i < 3; i++) assert.equal(run(src, 3), once);
});

test("the seeded generator repeats its sequence and spreads evenly", () => {
  const seq = (seed: number) => {
    const r = new SeededRandom(seed);
    return Array.from({ length: 1000 }, () => r.below(10));
  };
  assert.deepEqual(seq(7), seq(7));
  assert.notDeepEqual(seq(7), seq(8));
  const counts = new Array(10).fill(0);
  for (const x of seq(123)) counts[x]++;
  for (const c of counts) assert.ok(c > 60 && c < 140, counts.join(","));
});
