// Fault injection (runtime/faults.ts) and suspension: what each fault does to delivery
// (counts and order), and that once a fault is gone delivery is as BEAM promises it
// between two processes: in the order sent, nothing lost.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { RuntimeEvent } from "../../src/runtime/events.js";
import type { FaultSpec } from "../../src/runtime/faults.js";
import { inspect } from "../../src/runtime/inspect.js";
import { formatTraceEvent, traceProcess } from "../../src/observer/trace.js";
import type { Process } from "../../src/runtime/process.js";
import { spawnEval, testRuntime, type TestRuntime } from "../helpers/eval.js";

/** Evaluates `src` to its end, letting virtual time pass whenever all processes wait. */
function evalsTo(src: string, t: TestRuntime = testRuntime()): string {
  const p = spawnEval(t.rt, src);
  for (;;) {
    t.rt.runUntilIdle();
    const next = t.clock.nextDeadline();
    if (p.status === "exited" || next === null) break;
    t.clock.advanceTo(next);
  }
  assert.equal(inspect(p.exitReason), ":normal");
  return inspect((p.x as unknown[])[0]);
}

/** Three idle processes: a and c send to b; b's mailbox is what arrived. */
function setup(): TestRuntime & { a: Process; b: Process; c: Process; got: () => unknown[] } {
  const t = testRuntime();
  const idle = "receive do :never -> :ok end";
  const [a, b, c] = [spawnEval(t.rt, idle), spawnEval(t.rt, idle), spawnEval(t.rt, idle)];
  t.rt.runUntilIdle();
  return { ...t, a, b, c, got: () => b.mailbox.toArray() };
}

type Env = ReturnType<typeof setup>;

function fault(t: Env, spec: Partial<FaultSpec> & Pick<FaultSpec, "kind">): number {
  return t.rt.faults.add({ from: t.a.pid, to: t.b.pid, count: null, until: null, delay: 100, ...spec }).id;
}

/** a sends `xs` to b. */
const send = (t: Env, xs: unknown[], from = t.a) => xs.forEach((x) => t.rt.send(t.b.pid, x, from.pid));
/** Time passes (timers fire when the scheduler next steps). */
const wait = (t: Env, ms: number) => {
  t.clock.advance(ms);
  t.rt.runUntilIdle();
};

test("drop: the next `count` messages are lost, then every message arrives in order", () => {
  const t = setup();
  fault(t, { kind: "drop", count: 2 });
  send(t, [1, 2, 3, 4, 5]);
  assert.deepEqual(t.got(), [3, 4, 5]);
  assert.equal(t.rt.faults.list().length, 0, "a used-up fault is removed");
  send(t, [6, 7]);
  assert.deepEqual(t.got(), [3, 4, 5, 6, 7]);
});

test("drop for a time: messages sent within it are lost, later ones arrive", () => {
  const t = setup();
  fault(t, { kind: "drop", until: 100 });
  send(t, [1, 2]);
  wait(t, 99);
  send(t, [3]);
  wait(t, 1);
  assert.equal(t.rt.faults.list().length, 0);
  send(t, [4, 5]);
  assert.deepEqual(t.got(), [4, 5]);
});

test("delay: matched messages arrive `delay` ms late, and later messages of the pair wait behind them", () => {
  const t = setup();
  fault(t, { kind: "delay", count: 2, delay: 50 });
  send(t, [1, 2, 3]);
  // c -> b is another pair: not held back.
  send(t, ["c"], t.c);
  assert.deepEqual(t.got(), ["c"]);
  wait(t, 49);
  assert.deepEqual(t.got(), ["c"]);
  wait(t, 1);
  assert.deepEqual(t.got(), ["c", 1, 2, 3]);
  send(t, [4]);
  assert.deepEqual(t.got(), ["c", 1, 2, 3, 4]);
  assert.equal(t.rt.watching & (1 << 30), 0, "no fault, nothing in flight: sends take the fast path again");
});

test("delay removed while messages are in flight: they still arrive, in order, after which sends are immediate", () => {
  const t = setup();
  const id = fault(t, { kind: "delay", delay: 30 });
  send(t, [1, 2]);
  wait(t, 10);
  send(t, [3]);
  assert.ok(t.rt.faults.remove(id));
  send(t, [4]);
  assert.deepEqual(t.got(), []);
  wait(t, 20);
  assert.deepEqual(t.got(), [1, 2]);
  wait(t, 10);
  assert.deepEqual(t.got(), [1, 2, 3, 4]);
  send(t, [5]);
  assert.deepEqual(t.got(), [1, 2, 3, 4, 5]);
});

test("duplicate: each of the next `count` messages arrives twice", () => {
  const t = setup();
  fault(t, { kind: "duplicate", count: 2 });
  send(t, [1, 2, 3]);
  assert.deepEqual(t.got(), [1, 1, 2, 2, 3]);
});

test("reorder: each matched message is overtaken by the next one", () => {
  const t = setup();
  fault(t, { kind: "reorder", count: 4 });
  send(t, [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(t.got(), [2, 1, 4, 3, 5, 6]);
});

test("reorder removed while holding a message: it is delivered, nothing is lost", () => {
  const t = setup();
  const id = fault(t, { kind: "reorder" });
  send(t, [1, 2, 3]);
  assert.deepEqual(t.got(), [2, 1]);
  t.rt.faults.remove(id);
  assert.deepEqual(t.got(), [2, 1, 3]);
  send(t, [4, 5]);
  assert.deepEqual(t.got(), [2, 1, 3, 4, 5]);
});

test("a fault on one end: from a process to anyone, or to a process from anyone", () => {
  const t = setup();
  t.rt.faults.add({ kind: "drop", from: null, to: t.b.pid, count: null, until: null, delay: 0 });
  send(t, [1]);
  send(t, [2], t.c);
  t.rt.send(t.c.pid, "to c", t.a.pid);
  assert.deepEqual(t.got(), []);
  assert.deepEqual(t.c.mailbox.toArray(), ["to c"]);
  t.rt.faults.clear();
  t.rt.faults.add({ kind: "duplicate", from: t.a.pid, to: null, count: null, until: null, delay: 0 });
  send(t, [3]);
  send(t, [4], t.c);
  t.rt.send(t.c.pid, "again", t.a.pid);
  assert.deepEqual(t.got(), [3, 3, 4]);
  assert.deepEqual(t.c.mailbox.toArray(), ["to c", "again", "again"]);
});

test("faults are told to the event stream: installed, applied to a message, removed", () => {
  const t = setup();
  const events: RuntimeEvent[] = [];
  t.rt.events.subscribe((e) => events.push(e), ["fault", "send", "deliver"]);
  fault(t, { kind: "drop", count: 1 });
  send(t, ["lost", "kept"]);
  const shown = events.map((e) =>
    e.kind === "fault" ? `fault ${e.type} ${e.op} ${inspect(e.msg)}` : e.kind === "send" || e.kind === "deliver" ? `${e.kind} ${inspect(e.msg)}` : e.kind,
  );
  assert.deepEqual(shown, ["fault drop add nil", 'send "lost"', 'fault drop apply "lost"', "fault drop remove nil", 'send "kept"', 'deliver "kept"']);
});

test("the faults from Elixir: :beamsh.fault/2, :beamsh.faults/0, :beamsh.remove_fault/1, and their errors", () => {
  const out = evalsTo(`
    me = self()
    echo = spawn(fn -> Stream.repeatedly(fn -> receive do x -> send(me, {:echo, x}) end end) |> Stream.run() end)
    id = :beamsh.fault(:duplicate, to: echo, count: 1)
    [%{id: ^id, kind: :duplicate, to: ^echo, from: nil, count: 1, for: :infinity, hits: 0}] = :beamsh.faults()
    send(echo, :ping)
    got = for _ <- 1..2, do: receive(do: ({:echo, x} -> x))
    d = :beamsh.fault(:delay, from: me, to: echo, delay: 5, for: 1000)
    [%{kind: :delay, delay: 5, for: 1000}] = :beamsh.faults()
    :ok = :beamsh.remove_fault(d)
    errors = for args <- [[:explode, [to: echo]], [:drop, []], [:drop, [to: :nobody]], [:drop, [to: echo, count: 0]], [:drop, [to: echo, delay: 5]], [:drop, [to: echo, bogus: 1]]] do
      try do
        apply(:beamsh, :fault, args)
      rescue
        e in ArgumentError -> e.message
      end
    end
    {got, :beamsh.remove_fault(d), :beamsh.faults(), errors}`);
  assert.equal(
    out,
    '{[:ping, :ping], {:error, :not_found}, [], ["unknown fault :explode, expected one of: :drop, :delay, :duplicate, :reorder", "a fault needs from: or to: (or both)", "to: expected a pid or a registered name, got: :nobody", "count: expected a positive integer, got: 0", "delay: is an option of :delay faults only", "unknown option :bogus, expected :from, :to, :count, :for or :delay"]}',
  );
});

test("suspend: the process stops running, messages queue up, status is :suspended; resume lets it go on", () => {
  const out = evalsTo(
    `
    c = spawn(fn ->
      loop = fn loop, n -> receive do {:inc, from} -> send(from, n + 1); loop.(loop, n + 1) end end
      loop.(loop, 0)
    end)
    :ok = :beamsh.suspend(c)
    {:status, s1} = Process.info(c, :status)
    send(c, {:inc, self()}); send(c, {:inc, self()})
    r1 = receive do n -> n after 100 -> :timeout end
    {:message_queue_len, q} = Process.info(c, :message_queue_len)
    :ok = :beamsh.resume(c)
    r2 = for _ <- 1..2, do: receive(do: (n -> n))
    {s1, r1, q, r2, :beamsh.resume(c), Process.info(c, :status)}`,
  );
  assert.equal(out, "{:suspended, :timeout, 2, [1, 2], {:error, :not_suspended}, {:status, :waiting}}");
});

test("erlang:suspend_process/1,2 and resume_process/1: counted per suspender, lifted when the suspender dies", () => {
  const t = testRuntime();
  const out = evalsTo(
    `
    worker = spawn(fn -> receive do :go -> :ok end end)
    suspender = spawn(fn -> :erlang.suspend_process(worker); :erlang.suspend_process(worker); receive do :stop -> :ok end end)
    Process.sleep(1)
    {:status, s1} = Process.info(worker, :status)
    send(suspender, :stop)
    Process.sleep(1)
    {:status, s2} = Process.info(worker, :status)
    true = :erlang.suspend_process(worker)
    false = :erlang.suspend_process(worker, [:unless_suspending])
    true = :erlang.suspend_process(worker, [{:asynchronous, :tag}])
    reply = receive do {:tag, x} -> x end
    true = :erlang.resume_process(worker)
    true = :erlang.resume_process(worker)
    e = try do :erlang.resume_process(worker) rescue e -> Exception.message(e) end
    send(worker, :go)
    Process.sleep(1)
    {s1, s2, reply, e, Process.alive?(worker)}`,
    t,
  );
  assert.equal(out, '{:suspended, :waiting, :suspended, "errors were found at the given arguments:\\n\\n  * 1st argument: process is not suspended or is not alive\\n", false}');
});

test("a suspended process still dies of an exit signal", () => {
  assert.equal(
    evalsTo(`
      p = spawn(fn -> receive do :never -> :ok end end)
      :beamsh.suspend(p)
      Process.exit(p, :kill)
      Process.alive?(p)`),
    "false",
  );
});

test("a trace of the process shows what faults did to its messages, and its suspension", () => {
  const t = setup();
  const lines: string[] = [];
  const stop = traceProcess(t.rt, t.b.pid.id, (e) => lines.push(formatTraceEvent(e).replace(/^\S+ /, "")));
  fault(t, { kind: "drop", count: 1 });
  send(t, ["lost", "kept"]);
  t.rt.scheduler.suspend(t.b, null);
  t.rt.scheduler.resume(t.b, null);
  stop();
  const b = inspect(t.b.pid);
  const a = inspect(t.a.pid);
  assert.deepEqual(lines, [
    `${b} fault drop installed on its messages`,
    `${b} fault: message "lost" dropped (with ${a})`,
    `${b} fault drop removed`,
    `${b} got "kept" from ${a}`,
    `${b} suspended`,
    `${b} resumed`,
  ]);
});
