// Exit signals, links and monitors with BEAM's semantics.
import assert from "node:assert/strict";
import { test } from "node:test";
import { runSrc, spawnEval, testRuntime } from "./helpers.js";

test("a normal exit does not kill a linked process", () => {
  assert.equal(runSrc(`spawn_link(fn -> :ok end); Process.sleep(0); receive do after 0 -> :alive end`), ":alive");
});

test("an abnormal exit kills linked processes along a chain", () => {
  const t = testRuntime();
  const a = spawnEval(t.rt, `receive do _ -> :never end`);
  t.rt.runUntilIdle();
  const b = spawnEval(t.rt, `receive do _ -> :never end`);
  t.rt.runUntilIdle();
  t.rt.signals.link(a, b.pid);
  const c = spawnEval(t.rt, `exit(:boom)`);
  t.rt.signals.link(b, c.pid);
  t.rt.runUntilIdle();
  assert.equal(a.status, "exited");
  assert.equal((a.exitReason as { name: string }).name, "boom");
  assert.equal((b.exitReason as { name: string }).name, "boom");
});

test("a trapping process receives {:EXIT, pid, reason} instead of dying", () => {
  const r = runSrc(`
    Process.flag(:trap_exit, true)
    pid = spawn_link(fn -> exit(:oops) end)
    receive do {:EXIT, ^pid, reason} -> reason end`);
  assert.equal(r, ":oops");
});

test("trap_exit also turns normal exits of linked processes into messages", () => {
  const r = runSrc(`
    Process.flag(:trap_exit, true)
    pid = spawn_link(fn -> :done end)
    receive do {:EXIT, ^pid, reason} -> reason end`);
  assert.equal(r, ":normal");
});

test(":kill is untrappable and linked processes see :killed", () => {
  const r = runSrc(`
    Process.flag(:trap_exit, true)
    victim = spawn_link(fn ->
      Process.flag(:trap_exit, true)
      receive do _ -> :never end
    end)
    Process.exit(victim, :kill)
    receive do {:EXIT, ^victim, reason} -> {reason, Process.alive?(victim)} end`);
  assert.equal(r, "{:killed, false}");
});

test("a process that calls exit(:kill) sends a trappable :kill along its links", () => {
  const r = runSrc(`
    Process.flag(:trap_exit, true)
    pid = spawn_link(fn -> exit(:kill) end)
    receive do {:EXIT, ^pid, reason} -> reason end`);
  assert.equal(r, ":kill");
});

test("exit/2 with :normal is ignored by other processes but ends the caller itself", () => {
  const r = runSrc(`
    victim = spawn(fn -> receive do _ -> :never end end)
    Process.exit(victim, :normal)
    Process.alive?(victim)`);
  assert.equal(r, "true");
  const t = testRuntime();
  const p = spawnEval(t.rt, `Process.exit(self(), :normal); send(self(), :not_reached); :not_reached`);
  t.rt.runUntilIdle();
  assert.equal((p.exitReason as { name: string }).name, "normal");
  assert.equal(p.x, null, "the process stopped before returning");
});

test("a process that kills itself stops at once", () => {
  const r = runSrc(`
    Process.flag(:trap_exit, true)
    me = self()
    pid = spawn_link(fn -> Process.exit(self(), :kill); send(me, :leaked) end)
    receive do {:EXIT, ^pid, r} -> {r, Process.info(self(), :messages)} end`);
  assert.equal(r, "{:killed, {:messages, []}}");
});

test("exit/2 to a trapping process delivers a message, even from itself", () => {
  const r = runSrc(`
    Process.flag(:trap_exit, true)
    Process.exit(self(), :normal)
    Process.exit(self(), :foo)
    me = self()
    [receive(do: (m -> m)), receive(do: (m -> m))] == [{:EXIT, me, :normal}, {:EXIT, me, :foo}]`);
  assert.equal(r, "true");
});

test("linking to a dead process raises :noproc, or sends an EXIT when trapping", () => {
  const r = runSrc(`
    dead = spawn(fn -> :ok end)
    Process.sleep(1)
    caught = try do Process.link(dead) rescue e -> e.original end
    Process.flag(:trap_exit, true)
    true = Process.link(dead)
    {caught, receive(do: ({:EXIT, ^dead, r} -> r))}`);
  assert.equal(r, "{:noproc, :noproc}");
});

test("unlink stops exit propagation", () => {
  const r = runSrc(`
    pid = spawn_link(fn -> receive do :die -> exit(:bad) end end)
    Process.unlink(pid)
    send(pid, :die)
    Process.sleep(1)
    {Process.alive?(pid), Process.info(self(), :links)}`);
  assert.equal(r, "{false, {:links, []}}");
});

test("a crash carries {exception, stacktrace} to linked and monitoring processes", () => {
  const r = runSrc(`
    {pid, ref} = spawn_monitor(fn -> raise "boom" end)
    receive do {:DOWN, ^ref, :process, ^pid, {%RuntimeError{message: m}, st}} when is_list(st) -> m end`);
  assert.equal(r, '"boom"');
});

test("monitors deliver DOWN with the exit reason", () => {
  const r = runSrc(`
    pid = spawn(fn -> receive do :go -> exit(:bye) end end)
    ref = Process.monitor(pid)
    send(pid, :go)
    receive do {:DOWN, ^ref, :process, ^pid, reason} -> reason end`);
  assert.equal(r, ":bye");
});

test("monitoring a dead pid or an unregistered name gives a :noproc DOWN", () => {
  const r = runSrc(`
    dead = spawn(fn -> :ok end)
    Process.sleep(1)
    r1 = Process.monitor(dead)
    r2 = Process.monitor(:nobody)
    a = receive do {:DOWN, ^r1, :process, ^dead, reason} -> reason end
    b = receive do {:DOWN, ^r2, :process, obj, reason} -> {obj, reason} end
    {a, b}`);
  assert.equal(r, "{:noproc, {{:nobody, :nonode@nohost}, :noproc}}");
});

test("demonitor with :flush removes a DOWN already delivered", () => {
  const r = runSrc(`
    {pid, ref} = spawn_monitor(fn -> :ok end)
    Process.sleep(1)
    before = Process.info(self(), :message_queue_len)
    {before, Process.demonitor(ref, [:flush, :info]), Process.info(self(), :message_queue_len), Process.demonitor(ref, [:info])}`);
  assert.equal(r, "{{:message_queue_len, 1}, false, {:message_queue_len, 0}, false}");
});

test("demonitor before the exit means no DOWN arrives", () => {
  const r = runSrc(`
    pid = spawn(fn -> receive do :go -> :ok end end)
    ref = Process.monitor(pid)
    true = Process.demonitor(ref, [:info])
    send(pid, :go)
    Process.sleep(1)
    Process.info(self(), :messages)`);
  assert.equal(r, "{:messages, []}");
});

test("a chain of 100k linked processes dies without overflowing the stack", () => {
  const t = testRuntime();
  const procs = [];
  for (let i = 0; i < 100_000; i++) procs.push(t.rt.spawn(procs.length === 0 ? waitCode() : waitCode(), []));
  t.rt.runUntilIdle();
  for (let i = 1; i < procs.length; i++) t.rt.signals.link(procs[i - 1], procs[i].pid);
  t.rt.signals.deliverExit(procs[0].pid, procs[0], { name: "x" }, false);
  t.rt.runUntilIdle();
  assert.equal(procs[procs.length - 1].status, "exited");
  assert.equal(t.rt.procs.size, 0);
});

function waitCode() {
  return { module: "test", name: "wait", arity: 0, file: "", fn: () => 3 as const };
}
