// The runtime adapter against a real runtime (virtual clock, scheduler stepped by hand):
// samples, detail, exit signals, traces, :sys.get_state through a helper process.
import assert from "node:assert/strict";
import { test } from "node:test";
import { RuntimeSource } from "../../src/observer/source.js";
import { formatTraceEvent, TraceLog } from "../../src/observer/trace.js";
import { a } from "../../src/runtime/term.js";
import { startSystemProcesses } from "../../src/stdlib/system-procs.js";
import { spawnEval, testRuntime } from "../helpers/eval.js";

const WORLD = `
defmodule Obs.Spin do
  def spin(n), do: spin(n + 1)
end

defmodule Obs.Loop do
  def loop(state) do
    receive do
      {:get, from} ->
        send(from, {:state, state})
        loop(state)
      :bump -> loop(state + 1)
    end
  end
end
`;

function world() {
  const t = testRuntime(1000);
  const spin = spawnEval(t.rt, `${WORLD}\nObs.Spin.spin(0)`);
  t.rt.runUntilIdle(3);
  const loop = spawnEval(t.rt, "Obs.Loop.loop(41)");
  const linked = spawnEval(t.rt, "receive do :never -> :ok end");
  t.rt.runUntilIdle(10);
  t.rt.signals.link(loop, linked.pid);
  return { ...t, spin, loop, linked, source: new RuntimeSource(t.rt) };
}

test("a snapshot has one plain sample per live process", () => {
  const { source, spin, loop, linked } = world();
  const s = source.snapshot();
  assert.deepEqual(
    s.procs.map((p) => p.id).sort(),
    [spin.pid.id, loop.pid.id, linked.pid.id].sort(),
  );
  const sp = s.procs.find((p) => p.id === spin.pid.id)!;
  assert.equal(sp.current, "Obs.Spin.spin/1");
  assert.equal(sp.status, "runnable");
  assert.ok(sp.reductions >= 1000);
  assert.ok(sp.memory > 2000);
  const lp = s.procs.find((p) => p.id === loop.pid.id)!;
  assert.equal(lp.status, "waiting");
  assert.deepEqual(lp.links, [linked.pid.id]);
  assert.equal(s.system.procCount, 3);
  assert.equal(s.system.runQueue, 1);
  assert.ok(s.system.totalReductions >= sp.reductions);
  source.dispose();
});

test("the system's own processes are left out until asked for", () => {
  const t = testRuntime(1000);
  startSystemProcesses(t.rt, "iex");
  const user = spawnEval(t.rt, "receive do :never -> :ok end");
  t.rt.runUntilIdle(10);
  const source = new RuntimeSource(t.rt);
  assert.deepEqual(source.snapshot().procs.map((p) => p.id), [user.pid.id]);
  source.showSystem(true);
  const all = source.snapshot().procs;
  assert.ok(all.some((p) => p.name === ":init") && all.some((p) => p.name === ":code_server"), all.map((p) => p.name).join(" "));
  assert.equal(all.length, t.rt.systemPids.size + 1);
  source.showSystem(false);
  assert.equal(source.snapshot().procs.length, 1);
  source.dispose();
});

test("the detail shows the stack, the current function's arguments and the first messages", () => {
  const { rt, source, loop } = world();
  rt.send(loop.pid, { unexpected: true } as never);
  const d = source.detail(loop.pid.id)!;
  assert.equal(d.pid, `#PID<0.${loop.pid.id}.0>`);
  assert.equal(d.stack[0].mfa, "Obs.Loop.loop/1");
  assert.deepEqual(d.args, ["41"]);
  assert.equal(d.messages.length, 1);
  assert.equal(source.detail(999_999), null);
  source.dispose();
});

test("exit with :kill ends a spinning process; reductions of exited processes stay counted", () => {
  const { source, spin, rt } = world();
  const before = source.snapshot().system.totalReductions;
  assert.equal(source.exit(spin.pid.id, a("kill")), true);
  assert.equal(spin.status, "exited");
  assert.equal(rt.process(spin.pid), undefined);
  const after = source.snapshot();
  assert.equal(after.system.procCount, 2);
  assert.ok(after.system.totalReductions >= before);
  assert.equal(source.exit(spin.pid.id, a("kill")), false);
  source.dispose();
});

test(":normal from the observer does not end a process that does not trap exits", () => {
  const { source, loop } = world();
  source.exit(loop.pid.id, a("normal"));
  assert.equal(loop.status, "waiting");
  source.dispose();
});

test("a trace records messages received and sent, links and the exit, and stops cleanly", () => {
  const { rt, source, loop, linked } = world();
  const log = new TraceLog();
  const stop = source.trace(loop.pid.id, (ev) => log.push(ev));
  rt.registry.register(a("obs_loop"), loop);
  spawnEval(rt, "send(:obs_loop, {:get, self()}); receive do x -> x end");
  rt.runUntilIdle(20);
  source.exit(linked.pid.id, a("boom"));
  rt.runUntilIdle(20);
  const text = log.events.map((e) => formatTraceEvent(e).replace(/^\S+ /, ""));
  assert.ok(text.some((l) => /received \{:get, #PID<0\.\d+\.0>\}/.test(l)), text.join("\n"));
  assert.ok(text.some((l) => /sent \{:state, 41\} to #PID/.test(l)), text.join("\n"));
  assert.ok(text.some((l) => /got exit signal :boom from/.test(l)), text.join("\n"));
  assert.ok(text.some((l) => /exited with reason :boom/.test(l)), text.join("\n"));
  stop();

  source.dispose();
});

test("the trace log is rate limited and counts drops", () => {
  const log = new TraceLog(5, 3);
  for (let i = 0; i < 10; i++) log.push({ at: 1000, pid: 1, kind: "receive", other: null, term: i });
  assert.equal(log.events.length, 3);
  assert.equal(log.dropped, 7);
  log.push({ at: 2500, pid: 1, kind: "receive", other: null, term: 99 });
  assert.equal(log.events.length, 4);
});

test("getState asks :sys.get_state/2 from a helper process and never blocks", async () => {
  const { rt, source, loop } = world();
  assert.equal((await source.getState(999_999, 100)).ok, false, "a dead pid has no state");
  // A stand-in for :sys.get_state/2 using the loop's own protocol (:sys itself is a sticky
  // OTP module a defmodule cannot replace, so the test puts the function in its table).
  spawnEval(rt, `
defmodule FakeSys do
  def get_state(pid, timeout) do
    send(pid, {:get, self()})
    receive do
      {:state, s} -> s
    after
      timeout -> exit(:timeout)
    end
  end
end`);
  rt.runUntilIdle(20);
  rt.modules.addFunctions("sys", [["get_state/2", rt.modules.lookup("Elixir.FakeSys", "get_state", 2)!]]);
  const pending = source.getState(loop.pid.id, 100);
  rt.runUntilIdle(20);
  assert.deepEqual(await pending, { ok: true, text: "41" });
  source.dispose();
});
