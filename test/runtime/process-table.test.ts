// The runtime's process table (process-table.ts): a Map's operations, values in pid order.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ProcessTable } from "../../src/runtime/process-table.js";
import type { Process } from "../../src/runtime/process.js";
import { evalsTo, testRuntime } from "../helpers/eval.js";

const fake = (id: number) => ({ pid: { id } }) as unknown as Process;

test("the process table counts, finds, replaces and deletes by pid number", () => {
  const t = new ProcessTable();
  const a = fake(100);
  const b = fake(250);
  assert.equal(t.size, 0);
  assert.equal(t.get(100), undefined);
  t.set(100, a).set(250, b);
  assert.equal(t.size, 2);
  assert.equal(t.get(250), b);
  assert.equal(t.has(100), true);
  const a2 = fake(100);
  t.set(100, a2);
  assert.equal(t.size, 2);
  assert.equal(t.get(100), a2);
  assert.equal(t.delete(100), true);
  assert.equal(t.delete(100), false);
  assert.equal(t.has(100), false);
  assert.equal(t.size, 1);
});

test("the process table lists processes in pid order, unaffected by changes while it is walked", () => {
  const t = new ProcessTable();
  for (const id of [105, 101, 300000, 102, 7000]) t.set(id, fake(id));
  t.delete(102);
  const seen: number[] = [];
  for (const p of t.values()) {
    seen.push(p.pid.id);
    t.delete(7000);
    t.set(400000, fake(400000));
  }
  assert.deepEqual(seen, [101, 105, 7000, 300000]);
  assert.deepEqual([...t.values()].map((p) => p.pid.id), [101, 105, 300000, 400000]);
});

test("Process.list/0 answers the live processes in spawn order after thousands came and went", () => {
  const src = `
parent = self()
Enum.each(1..3000, fn _ -> spawn(fn -> :ok end) end)
keep = for i <- 1..3, do: spawn(fn -> receive do: (:stop -> send(parent, {:stopped, i})) end)
Enum.each(1..3000, fn _ -> spawn(fn -> :ok end) end)
:erlang.yield()
mine = Enum.filter(Process.list(), &(&1 in keep))
Enum.each(keep, &send(&1, :stop))
for i <- 1..3, do: receive(do: ({:stopped, ^i} -> :ok))
{mine == keep, Enum.all?(keep, &(not Process.alive?(&1)))}`;
  assert.equal(evalsTo(src, testRuntime()), "{true, true}");
});

test("the process table agrees with a Map through growth, shrinking and colliding pid numbers", () => {
  const t = new ProcessTable();
  const model = new Map<number, Process>();
  let seed = 12345;
  const rand = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
  let next = 100;
  for (let step = 0; step < 20000; step++) {
    const r = rand(10);
    if (r < 5 || model.size === 0) {
      // new pids in sequence, now and then one that lands on a busy slot (a multiple of 1024 away)
      const id = rand(8) === 0 ? next + 1024 * (1 + rand(4)) : next++;
      if (!model.has(id)) {
        const p = fake(id);
        t.set(id, p);
        model.set(id, p);
      }
    } else {
      const keys = [...model.keys()];
      const id = rand(3) === 0 ? next + 7 : keys[rand(keys.length)];
      assert.equal(t.delete(id), model.delete(id));
    }
    if (step % 997 === 0 || step > 19900) {
      assert.equal(t.size, model.size);
      for (const [id, p] of model) assert.equal(t.get(id), p);
      assert.deepEqual([...t.values()].map((p) => p.pid.id), [...model.keys()].sort((a, b) => a - b));
    }
  }
  for (const id of [...model.keys()]) assert.equal(t.delete(id), true);
  assert.equal(t.size, 0);
  assert.deepEqual([...t.values()], []);
});
