// The inspection API (runtime/inspection.ts) is the one place processes are measured:
// Process.info, the observer's samples and the shell's i/1 all agree with it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { RuntimeSource } from "../../src/observer/source.js";
import { inspect } from "../../src/runtime/inspect.js";
import { liveProcesses, processInfo } from "../../src/runtime/inspection.js";
import type { Process } from "../../src/runtime/process.js";
import { Pid, Term, a, list, listToArray, tuple } from "../../src/runtime/term.js";
import { spawnEval, testRuntime } from "../helpers/eval.js";

/** Processes in many shapes: idle, with a mailbox, a dictionary, links, monitors, a name, deep. */
const WORLD = `
defmodule Shapes do
  def deep(0), do: receive(do: (:stop -> :ok))
  def deep(n), do: 1 + deep(n - 1)
  def holder(state), do: receive(do: (:stop -> state))
end

idle = spawn(fn -> receive do :stop -> :ok end end)
busy = spawn(fn -> receive do :never -> :ok end end)
for i <- 1..40, do: send(busy, {:job, i, String.duplicate("x", i)})
dict = spawn(fn -> Process.put(:a, Enum.to_list(1..50)); Process.put(:b, %{k: "v"}); receive do :stop -> :ok end end)
named = spawn(fn -> receive do :stop -> :ok end end)
Process.register(named, :inspected)
trapper = spawn(fn -> Process.flag(:trap_exit, true); Process.link(idle); receive do :stop -> :ok end end)
watcher = spawn(fn -> Process.monitor(busy); Process.monitor(:inspected); receive do :stop -> :ok end end)
deep = spawn(fn -> Shapes.deep(30) end)
big = spawn(fn -> Shapes.holder(Enum.to_list(1..2000)) end)
pids = [idle, busy, dict, named, trapper, watcher, deep, big]
receive do :go -> :ok end
items = [:memory, :current_function, :status, :message_queue_len, :links, :monitors, :monitored_by,
         :registered_name, :reductions, :heap_size, :total_heap_size, :stack_size, :trap_exit,
         :initial_call, :priority, :group_leader]
for pid <- pids, do: {pid, Process.info(pid, items)}`;

const atomOrMfa = (m: [string, string, number] | null): Term => (m === null ? a("undefined") : tuple(a(m[0]), a(m[1]), m[2]));

/** What Process.info(pid, items) should say, built from the inspection API. */
function expected(p: Process): Term {
  const i = processInfo(p);
  return list([
    tuple(a("memory"), i.memory),
    tuple(a("current_function"), atomOrMfa(i.currentFunction)),
    tuple(a("status"), a(i.status)),
    tuple(a("message_queue_len"), i.messageQueueLen),
    tuple(a("links"), list(i.links)),
    tuple(a("monitors"), list(i.monitors.map((m) => tuple(a("process"), m)))),
    tuple(a("monitored_by"), list(i.monitoredBy)),
    tuple(a("registered_name"), i.registeredName ?? list([])),
    tuple(a("reductions"), i.reductions),
    tuple(a("heap_size"), i.heapSize),
    tuple(a("total_heap_size"), i.heapSize),
    tuple(a("stack_size"), i.stackSize),
    tuple(a("trap_exit"), i.trapExit),
    tuple(a("initial_call"), tuple(...i.initialCall)),
    tuple(a("priority"), i.priority),
    tuple(a("group_leader"), i.groupLeader),
  ]);
}

test("the inspection API agrees with Process.info, and the observer with both, on every process", () => {
  const { rt } = testRuntime();
  const asker = spawnEval(rt, WORLD);
  rt.runUntilIdle();
  rt.send(asker.pid, a("go"));
  rt.runUntilIdle();
  assert.equal(inspect(asker.exitReason), ":normal");
  const answers = listToArray((asker.x as Term[])[0])!;
  assert.equal(answers.length, 8);
  const source = new RuntimeSource(rt);
  const samples = new Map(source.snapshot().procs.map((s) => [s.id, s]));
  const seen = new Set<number>();
  for (const [pid, info] of answers as [Pid, Term][]) {
    const p = rt.process(pid)!;
    const want = expected(p);
    assert.equal(inspect(info, { limit: Infinity as never }), inspect(want, { limit: Infinity as never }), `Process.info of ${inspect(pid)}`);
    const i = processInfo(p);
    const s = samples.get(pid.id)!;
    assert.equal(s.memory, i.memory);
    assert.equal(s.status, i.status);
    assert.equal(s.reductions, i.reductions);
    assert.equal(s.mqueue, i.messageQueueLen);
    assert.deepEqual(s.links, i.links.map((l) => l.id));
    const cf = i.currentFunction!;
    assert.equal(s.current.replace(/^:/, ""), `${cf[0].replace(/^Elixir\./, "")}.${cf[1]}/${cf[2]}`);
    seen.add(i.memory);
  }
  source.dispose();
  // The measurements tell the processes apart: a fresh process is BEAM's 2640 bytes; 40
  // messages make it bigger, a 2000-element state bigger still.
  const memory = (i: number) => processInfo(rt.process((answers[i] as Term[])[0])!).memory;
  assert.equal(memory(0), 2640);
  assert.ok(memory(1) > memory(0) && memory(7) > memory(1), [...seen].join(", "));
  assert.deepEqual(liveProcesses(rt).map((p) => p.pid.id), [...liveProcesses(rt).map((p) => p.pid.id)].sort((x, y) => x - y));
});
