// Selective receive in the detail view: what the waiting receive did with each message.
import assert from "node:assert/strict";
import { test } from "node:test";
import { mailboxLines } from "../../src/observer/detail-lines.js";
import { RuntimeSource } from "../../src/observer/source.js";
import { receiveScan } from "../../src/runtime/inspection.js";
import { spawnEval, testRuntime } from "../helpers/eval.js";

test("tried messages, messages skipped by the reference mark, and a process not in receive", () => {
  const t = testRuntime();
  const picky = spawnEval(t.rt, "receive do {:b, x} -> x end");
  const waiter = spawnEval(t.rt, "receive do :go -> :ok end; ref = make_ref(); receive do {^ref, x} -> x end");
  t.rt.runUntilIdle(50);
  spawnEval(t.rt, `send(:erlang.list_to_pid('<0.${picky.pid.id}.0>'), {:a, 1}); send(:erlang.list_to_pid('<0.${waiter.pid.id}.0>'), {:junk, 1}); send(:erlang.list_to_pid('<0.${waiter.pid.id}.0>'), :go)`);
  t.rt.runUntilIdle(50);
  assert.deepEqual(receiveScan(picky), { skipped: 0, tried: 1, untried: 0, patterns: ["{:b, x}"], timeoutMs: null });
  assert.deepEqual(receiveScan(waiter), { skipped: 1, tried: 0, untried: 0, patterns: ["{^ref, x}"], timeoutMs: null });
  const source = new RuntimeSource(t.rt);
  const lines = mailboxLines(source.detail(picky.pid.id)!).map((l) => l.text);
  assert.deepEqual(lines.slice(1), ["  it waits for a message matching its pattern:", "    ⊳ {:b, x}", "  ✗ 1 tried: no clause of the receive matches (they stay in the mailbox)", "  ✗ {:a, 1}"]);
  assert.match(lines[0], /^Messages \(first 1 of 1\) · waiting in receive in /);
  const busy = spawnEval(t.rt, "Enum.each(1..100_000_000, fn _ -> :ok end)");
  assert.equal(receiveScan(busy), null, "runnable, not waiting in receive");
  source.dispose();
});

test("the receive's patterns as written: guards, pins, several clauses, after, and a GenServer's loop", () => {
  const t = testRuntime();
  const p = spawnEval(t.rt, "x = 3; receive do {:b, n} when n > x -> n; {:c, ^x, [h | _]} -> h; %{id: id} -> id; :stop -> :stopped after 60_000 -> :timeout end");
  const g = spawnEval(t.rt, "{:ok, pid} = Agent.start_link(fn -> 0 end); Process.register(pid, Acc); receive do end");
  t.rt.runUntilIdle(50);
  const r = receiveScan(p)!;
  assert.deepEqual(r.patterns, ["{:b, n} when n > x", "{:c, ^x, [h | _]}", "%{id: id}", ":stop"]);
  assert.ok(r.timeoutMs !== null && r.timeoutMs > 59_000 && r.timeoutMs <= 60_000, String(r.timeoutMs));
  assert.deepEqual(receiveScan(g)!.patterns, [], "receive do end: no clauses");
  const agent = [...t.rt.procs.values()].find((x) => x.registeredName?.name === "Elixir.Acc")!;
  assert.ok((receiveScan(agent)!.patterns ?? []).length > 0, "the GenServer loop's receive (prelude code) has its patterns too");
});
