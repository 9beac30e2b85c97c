// Restart intensity: a supervisor's restarts within max_seconds, read from its state (OTP's
// supervisor and DynamicSupervisor), drawn as a bar in the tree; a supervisor giving up is
// reported with where its exit went.
import assert from "node:assert/strict";
import { test } from "node:test";
import { RuntimeSource } from "../../src/observer/source.js";
import { intensityBar } from "../../src/observer/tree.js";
import { spawnEval, testRuntime } from "../helpers/eval.js";
import { proc } from "./fixtures.js";

test("the source reads restarts within the window for Supervisor and DynamicSupervisor", () => {
  const t = testRuntime();
  const source = new RuntimeSource(t.rt);
  spawnEval(
    t.rt,
    `{:ok, s} = Supervisor.start_link([%{id: W, start: {Agent, :start_link, [fn -> 0 end, [name: W]]}}], strategy: :one_for_one, max_restarts: 5, max_seconds: 60)
     Process.register(s, :sup)
     for _ <- 1..2, do: (Process.exit(Process.whereis(W), :kill); Supervisor.count_children(s))
     {:ok, d} = DynamicSupervisor.start_link(strategy: :one_for_one, max_restarts: 2, max_seconds: 10)
     Process.register(d, :dyn)
     {:ok, c} = DynamicSupervisor.start_child(d, {Agent, fn -> 0 end})
     Process.exit(c, :kill); DynamicSupervisor.count_children(d)
     receive do end`,
  );
  t.rt.runUntilIdle(500);
  const procs = source.snapshot().procs;
  const sup = procs.find((p) => p.name === ":sup")!;
  const dyn = procs.find((p) => p.name === ":dyn")!;
  assert.deepEqual(sup.intensity, { restarts: 2, maxRestarts: 5, maxSeconds: 60 });
  assert.deepEqual(dyn.intensity, { restarts: 1, maxRestarts: 2, maxSeconds: 10 });
  source.dispose();
});

test("the bar: one cell per allowed restart (at most 10), filled by the restarts in the window", () => {
  const s = (restarts: number, maxRestarts: number) => ({ ...proc(1), kind: "supervisor" as const, intensity: { restarts, maxRestarts, maxSeconds: 5 } });
  assert.equal(intensityBar(s(0, 3)), "restarts ▯▯▯ 0/3 in 5s");
  assert.equal(intensityBar(s(2, 3)), "restarts ▮▮▯ 2/3 in 5s");
  assert.equal(intensityBar(s(50, 100)), "restarts ▮▮▮▮▮▯▯▯▯▯ 50/100 in 5s");
  assert.equal(intensityBar(s(1, 0)), "restarts ▮ 1/0 in 5s");
  assert.equal(intensityBar(proc(2)), null);
});

test("a supervisor that gives up is reported with where its exit went", () => {
  const t = testRuntime();
  const source = new RuntimeSource(t.rt);
  spawnEval(
    t.rt,
    `Process.flag(:trap_exit, true)
     {:ok, s} = Supervisor.start_link([%{id: W, start: {Agent, :start_link, [fn -> 0 end, [name: W]]}}], strategy: :one_for_one, max_restarts: 1)
     for _ <- 1..2, do: (Process.exit(Process.whereis(W), :kill); Process.sleep(1))
     receive do end`,
  );
  t.rt.runUntilIdle(500);
  t.clock.advance(10);
  t.rt.runUntilIdle(500);
  const [e] = source.escalations();
  assert.match(e, /^Supervisor #PID<0\.\d+\.0> gave up \(2 restarts within 5s, max_restarts 1\) and exited with reason :shutdown, escalating to #PID<0\.\d+\.0>$/);
  source.dispose();
});
