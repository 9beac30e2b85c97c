// The observer's scheduler lanes: slices recorded from a live runtime's event stream, laid
// out as lanes (the hog demo: the hogs preempted slice after slice, the short request
// getting in between), and the view reached with 6.
import assert from "node:assert/strict";
import { test } from "node:test";
import { LaneLog, laneRows, MARK } from "../../src/observer/lanes.js";
import { Observer } from "../../src/observer/Observer.js";
import { Sampler } from "../../src/observer/sampler.js";
import { RuntimeSource } from "../../src/observer/source.js";
import { ThemeContext } from "../../src/observer/hooks/use-theme.js";
import { listToArray } from "../../src/runtime/term.js";
import { spawnEval, testRuntime } from "../helpers/eval.js";
import { mount } from "./ink-harness.js";

const HOGS = `
  defmodule Hog do
    def count(n), do: count(n, 0)
    defp count(n, n), do: n
    defp count(n, i), do: count(n, i + 1)
  end
  me = self()
  hogs = for _ <- 1..2, do: spawn(fn -> Hog.count(5_000) end)
  answer = fn -> receive do {:ask, from} -> send(from, :answer) end end
  quick = spawn(fn -> answer.(); answer.() end)
  for _ <- 1..2, do: (send(quick, {:ask, me}); receive(do: (:answer -> :ok)))
  {hogs, quick}`;

test("a lane log records each slice from the event stream: preempted, blocked, exited, with reductions and the run queue", () => {
  const t = testRuntime();
  const log = new LaneLog();
  const source = new RuntimeSource(t.rt);
  const stop = source.watchSlices((e) => log.push(e));
  const main = spawnEval(t.rt, HOGS);
  t.rt.runUntilIdle();
  stop();
  const [hogList, quick] = (main.x as unknown[])[0] as [unknown, { id: number }];
  const hogs = listToArray(hogList) as { id: number }[];
  const slices = log.slices;
  assert.equal(log.total, slices.length);
  const of = (id: number) => slices.filter((s) => s.pid === id);
  for (const h of hogs) {
    const mine = of(h.id);
    // 5000 reductions at 1000 a slice: preempted four times or five, then it ends.
    assert.ok(mine.length >= 5, JSON.stringify(mine));
    assert.ok(mine.slice(0, -1).every((s) => s.end === "preempted" && s.reductions === 1000));
    assert.equal(mine[mine.length - 1].end, "exited");
  }
  const q = of(quick.id);
  assert.deepEqual(q.map((s) => s.end), ["blocked", "exited"]);
  // The quick process got in before the hogs were done.
  const firstQuick = slices.findIndex((s) => s.pid === quick.id);
  const lastHog = slices.map((s) => s.pid).lastIndexOf(hogs[0].id);
  assert.ok(firstQuick < lastHog);
  assert.ok(slices.some((s) => s.queue >= 2), "the run queue is recorded");
  assert.equal(t.rt.events.mask & (1 << 11), 0, "the source stopped watching slices");
  source.dispose();
});

test("lanes: one row per process in pid order, one column per slice, newest at the right, and the run queue", () => {
  const slices = [
    { pid: 7, reductions: 1000, end: "preempted" as const, queue: 2 },
    { pid: 5, reductions: 3, end: "blocked" as const, queue: 1 },
    { pid: 7, reductions: 1000, end: "preempted" as const, queue: 12 },
    { pid: 5, reductions: null, end: "exited" as const, queue: 0 },
  ];
  const { lanes, queue } = laneRows(slices, 3);
  assert.deepEqual(
    lanes.map((l) => [l.pid, l.cells, l.slices, l.reductions, l.preempted, l.blocked]),
    [
      [5, `${MARK.blocked}${MARK.idle}${MARK.exited}`, 2, 3, 0, 1],
      [7, `${MARK.idle}${MARK.preempted}${MARK.idle}`, 1, 1000, 1, 0],
    ],
  );
  assert.equal(queue, "1+0");
  const log = new LaneLog(4);
  for (let i = 0; i < 20; i++) {
    log.push({ id: 0, at: 0, kind: "scheduled", pid: { id: 1, node: null } as never, queue: 0 });
    log.push({ id: 0, at: 0, kind: "blocked", pid: { id: 1, node: null } as never, reductions: i });
  }
  assert.equal(log.total, 20);
  assert.ok(log.slices.length <= 8, "the log is bounded");
  assert.equal(log.slices[log.slices.length - 1].reductions, 19);
});

test("6 opens the lanes view: the hogs' lanes are solid with preemptions, the quick process's lane has its slices", async () => {
  const t = testRuntime();
  const source = new RuntimeSource(t.rt);
  const sampler = new Sampler(source, 1000);
  sampler.sample();
  const m = mount(
    <ThemeContext.Provider value={{}}>
      <Observer source={source} sampler={sampler} onQuit={() => {}} />
    </ThemeContext.Provider>,
    120,
    20,
  );
  await m.press("");
  await m.press("6");
  let f = (await m.press("")).split("\n");
  assert.match(f[0], /6 Lanes/);
  assert.ok(f.some((l) => /No slice yet/.test(l)), f.join("\n"));
  const main = spawnEval(t.rt, HOGS);
  t.rt.runUntilIdle();
  const [hogList, quick] = (main.x as unknown[])[0] as [unknown, { id: number }];
  const hogs = listToArray(hogList) as { id: number }[];
  sampler.sample();
  f = (await m.press("")).split("\n");
  const lane = (id: number) => f.find((l) => l.startsWith(`<0.${id}.0>`)) ?? "";
  assert.match(f.find((l) => /Scheduler lanes/.test(l)) ?? "", /\d+ slices/);
  for (const h of hogs) {
    assert.ok(lane(h.id).split("█").length - 1 >= 4, f.join("\n"));
    assert.match(lane(h.id), /×/);
  }
  assert.match(lane(quick.id), /▄.*×/, f.join("\n"));
  assert.ok(f.some((l) => /^run queue +[\d+]+/.test(l)), f.join("\n"));
  await m.press("1");
  await m.press("");
  assert.equal(t.rt.events.mask & ((1 << 11) | (1 << 12) | (1 << 13)), 0, "slices are not watched once the view is left");
  m.unmount();
  source.dispose();
});

test("in the lanes view z pauses the runtime, s steps one slice, z resumes", async () => {
  const t = testRuntime();
  const source = new RuntimeSource(t.rt);
  const sampler = new Sampler(source, 1000);
  sampler.sample();
  const m = mount(
    <ThemeContext.Provider value={{}}>
      <Observer source={source} sampler={sampler} onQuit={() => {}} />
    </ThemeContext.Provider>,
    120,
    20,
  );
  await m.press("6");
  let f = await m.press("z");
  assert.match(f, /runtime paused: s steps one slice, z resumes/);
  assert.match(f, /Scheduler lanes · runtime paused/);
  assert.ok(t.rt.scheduler.pause !== null);
  const hog = spawnEval(t.rt, "defmodule Spin, do: def spin(n), do: spin(n + 1)\nSpin.spin(0)");
  t.rt.runUntilIdle();
  assert.equal(hog.reductions, 0, "held while paused");
  f = await m.press("s");
  assert.match(f, new RegExp(`paused; #PID<0\\.${hog.pid.id}\\.0> ran \\d+ reductions: :preempted`));
  assert.ok(hog.reductions > 0);
  const after = hog.reductions;
  t.rt.runUntilIdle();
  assert.equal(hog.reductions, after, "still held after the step");
  f = await m.press("z");
  assert.match(f, /runtime resumed/);
  t.rt.runUntilIdle(3);
  assert.ok(hog.reductions > after, "runs again once resumed");
  m.unmount();
  source.dispose();
});

test("u suspends the selected process and resumes it (a fault from the observer)", async () => {
  const t = testRuntime();
  const spinner = spawnEval(t.rt, "defmodule Spin2, do: def spin(n), do: spin(n + 1)\nSpin2.spin(0)");
  t.rt.runUntilIdle(2);
  const source = new RuntimeSource(t.rt);
  const sampler = new Sampler(source, 1000);
  sampler.sample();
  const m = mount(
    <ThemeContext.Provider value={{}}>
      <Observer source={source} sampler={sampler} onQuit={() => {}} />
    </ThemeContext.Provider>,
    120,
    20,
  );
  await m.press("");
  let f = await m.press("u");
  assert.match(f, new RegExp(`suspended <0\\.${spinner.pid.id}\\.0>`));
  assert.equal(spinner.suspends, 1);
  const reds = spinner.reductions;
  t.rt.runUntilIdle(3);
  assert.equal(spinner.reductions, reds, "a suspended process does not run");
  f = await m.press("u");
  assert.match(f, new RegExp(`resumed <0\\.${spinner.pid.id}\\.0>`));
  t.rt.runUntilIdle(3);
  assert.ok(spinner.reductions > reds);
  m.unmount();
  source.dispose();
});

test("faults: a row marks the slices in which an injected fault acted (x drop, ~ delay, 2 duplicate, r reorder, S/R suspend/resume)", () => {
  const t = testRuntime();
  const log = new LaneLog();
  const source = new RuntimeSource(t.rt);
  const stop = source.watchSlices((e) => log.push(e));
  const sink = spawnEval(t.rt, "Enum.each(1..4, fn _ -> receive do _ -> :ok end end)");
  t.rt.runUntilIdle();
  t.rt.faults.add({ kind: "drop", from: null, to: sink.pid, count: 1, until: null, delay: 0 });
  t.rt.faults.add({ kind: "duplicate", from: null, to: sink.pid, count: 1, until: null, delay: 0 });
  spawnEval(t.rt, `p = :erlang.list_to_pid(~c"${inspectPid(sink.pid)}"); send(p, 1); send(p, 2); send(p, 3)`);
  t.rt.runUntilIdle();
  stop();
  source.dispose();
  const { faults } = laneRows(log.slices, 50);
  assert.equal(faults.trim(), "x");
  assert.ok(log.slices.some((s) => s.faults === "x2"), JSON.stringify(log.slices));
  assert.equal(laneRows(log.slices.filter((s) => s.faults === undefined), 50).faults, "", "no faults: no row");
});

function inspectPid(p: { id: number; serial: number }): string {
  return `<0.${p.id}.${p.serial}>`;
}
