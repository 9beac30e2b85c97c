// The runtime's event stream: independent subscribers (three process tracers and the
// observer, detached in every order, each seeing exactly its events), what each kind of
// event says, the causes linking an exit to the signals it sent and the deaths they caused,
// and the bounded ring for heavy subscribers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { RuntimeSource } from "../../src/observer/source.js";
import { TraceEvent, traceEventOf, traceProcess } from "../../src/observer/trace.js";
import { EventRing, RuntimeEvent } from "../../src/runtime/events.js";
import { inspect } from "../../src/runtime/inspect.js";
import type { Process } from "../../src/runtime/process.js";
import type { Runtime } from "../../src/runtime/runtime.js";
import { a, tuple } from "../../src/runtime/term.js";
import { spawnEval, testRuntime } from "../helpers/eval.js";

const LOOP = `
  loop = fn loop ->
    receive do
      {:go, to} -> send(to, {:hi, self()}); loop.(loop)
      {:hi, _from} -> loop.(loop)
      :stop -> :ok
    end
  end
  loop.(loop)`;

/** Three processes that message each other in a ring, one round at a time. */
function ring(rt: Runtime): { procs: Process[]; round: () => void } {
  const procs = [0, 1, 2].map(() => spawnEval(rt, LOOP));
  rt.runUntilIdle();
  const round = () => {
    for (let i = 0; i < 3; i++) rt.send(procs[i].pid, tuple(a("go"), procs[(i + 1) % 3].pid));
    rt.runUntilIdle();
  };
  return { procs, round };
}

/** A trace event without its wall-clock time, as text (for comparing). */
const show = (e: TraceEvent) => `${e.kind} ${e.other === null ? "-" : inspect(e.other)} ${inspect(e.term)}`;

interface Tracer {
  pid: number;
  from: number;
  to: number;
  seen: string[];
  stop: () => void;
}

function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

for (const order of permutations(["t0", "t1", "t2", "observer"])) {
  test(`three tracers and the observer, detached in the order ${order.join(", ")}, each see exactly their events`, () => {
    const { rt } = testRuntime();
    const all: RuntimeEvent[] = [];
    const recorder = rt.events.subscribe((e) => all.push(e));
    const { procs, round } = ring(rt);
    const tracers = new Map<string, Tracer>();
    const attach = (name: string, pid: number, trace: (l: (e: TraceEvent) => void) => () => void) => {
      const t: Tracer = { pid, from: all.length, to: Infinity, seen: [], stop: () => {} };
      t.stop = trace((e) => t.seen.push(show(e)));
      tracers.set(name, t);
    };
    procs.forEach((p, i) => attach("t" + i, p.pid.id, (l) => traceProcess(rt, p.pid.id, l)));
    round();
    // The observer traces process 1 too (a fourth, independent subscriber).
    const source = new RuntimeSource(rt);
    attach("observer", procs[1].pid.id, (l) => source.trace(procs[1].pid.id, l));
    round();
    for (const name of order) {
      const t = tracers.get(name)!;
      t.stop();
      if (name === "observer") source.dispose();
      t.to = all.length;
      round();
    }
    for (const [name, t] of tracers) {
      const expected = all
        .slice(t.from, t.to)
        .map((e) => traceEventOf(e, t.pid))
        .filter((e): e is TraceEvent => e !== null)
        .map(show);
      assert.ok(expected.length > 0, `${name} had something to see`);
      assert.deepEqual(t.seen, expected, `${name} saw exactly its events`);
    }
    recorder.close();
    assert.equal(rt.events.size, 0);
    assert.equal(rt.events.mask, 0, "with nobody listening, no event is built");
  });
}

test("a message's life: send, deliver, then receive naming the clause that took it", () => {
  const { rt } = testRuntime();
  const events: RuntimeEvent[] = [];
  rt.events.subscribe((e) => events.push(e), ["send", "deliver", "receive"]);
  const server = spawnEval(rt, "receive do :a -> 1; {:b, x} -> x end");
  rt.runUntilIdle();
  const client = spawnEval(rt, `send(${"pid"}, :ignored)`.replace("pid", `:erlang.list_to_pid(~c"<0.${server.pid.id}.0>")`));
  rt.runUntilIdle();
  rt.send(server.pid, tuple(a("b"), 7));
  rt.runUntilIdle();
  const text = events.map((e) => {
    if (e.kind === "send") return `send ${e.from === null ? "-" : inspect(e.from)} ${inspect(e.msg)}`;
    if (e.kind === "deliver") return `deliver ${inspect(e.to)} ${inspect(e.msg)}`;
    if (e.kind === "receive") return `receive ${inspect(e.pid)} ${inspect(e.msg)} clause ${e.clause}`;
    return e.kind;
  });
  const s = inspect(server.pid);
  assert.deepEqual(text, [
    `send ${inspect(client.pid)} :ignored`,
    `deliver ${s} :ignored`,
    `send - {:b, 7}`,
    `deliver ${s} {:b, 7}`,
    `receive ${s} {:b, 7} clause 1`,
  ]);
  // Ids grow in emission order; times come from the runtime's clock.
  assert.ok(events.every((e, i) => i === 0 || e.id > events[i - 1].id));
  assert.ok(events.every((e) => e.at === rt.clock.now()));
});

test("causes: an exit, the exit signals it sent, the deaths they caused, the EXIT and DOWN messages", () => {
  const { rt } = testRuntime();
  const events: RuntimeEvent[] = [];
  rt.events.subscribe((e) => events.push(e));
  const p = spawnEval(rt, `
    me = self()
    Process.flag(:trap_exit, true)
    a = spawn(fn -> receive do :die -> exit(:boom) end end)
    b = spawn(fn -> Process.link(a); send(me, :linked); receive do _ -> :ok end end)
    receive do :linked -> :ok end
    Process.link(b)
    ref = Process.monitor(a)
    send(a, :die)
    receive do {:DOWN, ^ref, :process, _, :boom} -> :ok end
    receive do {:EXIT, ^b, :boom} -> {a, b} end`);
  rt.runUntilIdle();
  assert.equal(inspect(p.exitReason), ":normal");
  const [pa, pb] = (p.x as unknown[][])[0] as unknown as [unknown, unknown];
  const byId = new Map(events.map((e) => [e.id, e]));
  const exitOf = (pid: unknown) => events.find((e) => e.kind === "exit" && e.pid === pid)!;
  const exitA = exitOf(pa);
  const exitB = exitOf(pb);
  assert.equal(exitA.kind === "exit" && exitA.cause, 0, "a exited by itself");
  // b died of the signal a's exit sent along the link.
  const sigAB = byId.get(exitB.kind === "exit" ? exitB.cause : 0)!;
  assert.equal(sigAB.kind, "signal");
  assert.ok(sigAB.kind === "signal" && sigAB.from === pa && sigAB.to === pb && sigAB.link && sigAB.cause === exitA.id);
  // The shell-like process traps exits: b's signal became an {:EXIT, b, :boom} message.
  const exitMsg = events.find((e) => e.kind === "send" && Array.isArray(e.msg) && e.msg[0] === a("EXIT"))!;
  assert.ok(exitMsg.kind === "send" && exitMsg.from === pb && byId.get(exitMsg.cause)?.kind === "signal");
  // The DOWN message names a's exit as its cause.
  const down = events.find((e) => e.kind === "send" && Array.isArray(e.msg) && e.msg[0] === a("DOWN"))!;
  assert.ok(down.kind === "send" && down.cause === exitA.id && down.from === pa);
  // And the other kinds were told along the way.
  const kinds = new Set(events.map((e) => e.kind));
  for (const k of ["spawn", "link", "monitor", "signal", "exit", "scheduled", "blocked", "receive", "deliver"]) {
    assert.ok(kinds.has(k as RuntimeEvent["kind"]), "saw " + k);
  }
});

test("scheduler events: each slice is scheduled, then preempted or blocked, with its reductions", () => {
  const { rt } = testRuntime(50);
  const events: RuntimeEvent[] = [];
  rt.events.subscribe((e) => events.push(e), ["scheduled", "preempted", "blocked"]);
  const p = spawnEval(rt, "Enum.each(1..200, fn _ -> :ok end); receive do :x -> :ok end");
  rt.runUntilIdle();
  const mine = events.filter((e) => "pid" in e && e.pid === p.pid);
  assert.equal(mine[0].kind, "scheduled");
  assert.ok(mine.some((e) => e.kind === "preempted" && e.reductions === 50), "preempted when its 50 reductions ran out");
  const last = mine[mine.length - 1];
  assert.ok(last.kind === "blocked" && last.reductions > 0 && last.reductions <= 50);
  const slices = mine.filter((e) => e.kind === "scheduled").length;
  assert.equal(slices, mine.filter((e) => e.kind !== "scheduled").length, "every slice ends once");
  assert.equal(p.reductions, mine.reduce((n, e) => n + (e.kind === "scheduled" ? 0 : (e as { reductions: number }).reductions), 0));
});

test("timer events: send_after starts, fires or is cancelled; a receive timeout is told", () => {
  const t = testRuntime();
  const events: RuntimeEvent[] = [];
  t.rt.events.subscribe((e) => events.push(e), ["timer", "timeout"]);
  const p = spawnEval(t.rt, `
    r1 = Process.send_after(self(), :one, 10)
    r2 = Process.send_after(self(), :two, 20)
    Process.cancel_timer(r2)
    receive do :one -> :ok end
    receive do :never -> :ok after 5 -> :timed_out end`);
  t.rt.runUntilIdle();
  t.clock.advance(10);
  t.rt.runUntilIdle();
  t.clock.advance(5);
  t.rt.runUntilIdle();
  assert.equal(inspect(p.exitReason), ":normal");
  assert.deepEqual(
    events.map((e) => (e.kind === "timer" ? `${e.op} ${inspect(e.msg)}` : e.kind)),
    ["start :one", "start :two", "cancel :two", "fire :one", "timeout"],
  );
});

test("supervisors tell restarts (and giving up) with their restart intensity", () => {
  const t = testRuntime();
  const events: RuntimeEvent[] = [];
  t.rt.events.subscribe((e) => events.push(e), ["restart"]);
  const p = spawnEval(t.rt, `
    Process.flag(:trap_exit, true)
    children = [%{id: :w, start: {Agent, :start_link, [fn -> 0 end]}}]
    {:ok, sup} = Supervisor.start_link(children, strategy: :one_for_one, max_restarts: 1, max_seconds: 5)
    [{:w, w1, _, _}] = Supervisor.which_children(sup)
    Process.exit(w1, :kill)
    Process.sleep(1)
    [{:w, w2, _, _}] = Supervisor.which_children(sup)
    Process.exit(w2, :kill)
    receive do {:EXIT, ^sup, reason} -> {w1, w2, reason} end`);
  t.rt.runUntilIdle();
  t.clock.advance(1);
  t.rt.runUntilIdle();
  assert.equal(inspect(p.exitReason), ":normal");
  const [w1, w2] = (p.x as unknown[][])[0] as unknown as unknown[];
  assert.equal(events.length, 2);
  const [first, last] = events;
  assert.ok(first.kind === "restart" && first.old === w1 && first.new !== null && first.new.id === (w2 as { id: number }).id);
  assert.ok(first.kind === "restart" && first.restarts === 1 && first.maxRestarts === 1 && first.maxSeconds === 5 && !first.gaveUp);
  assert.ok(last.kind === "restart" && last.gaveUp && last.old === w2 && last.new === null && last.restarts === 2);
});

test("an event ring keeps the newest events and counts what it could not keep", () => {
  const { rt } = testRuntime();
  const ring = new EventRing(4);
  const sub = rt.events.subscribe(ring.push, ["send"]);
  const p = spawnEval(rt, "for i <- 1..10, do: send(self(), i)");
  rt.runUntilIdle();
  sub.close();
  assert.equal(inspect(p.exitReason), ":normal");
  assert.equal(ring.dropped, 6);
  assert.deepEqual(ring.drain().map((e) => (e.kind === "send" ? e.msg : null)), [7, 8, 9, 10]);
  assert.equal(ring.length, 0);
  const limited = new EventRing(100, 3);
  const sub2 = rt.events.subscribe(limited.push, ["send"]);
  spawnEval(rt, "for i <- 1..10, do: send(self(), i)");
  rt.runUntilIdle();
  sub2.close();
  assert.equal(limited.length, 3, "at most 3 a second");
  assert.equal(limited.dropped, 7);
});

test("only the kinds someone listens to are built: a subscriber to exits leaves sends unwatched", () => {
  const { rt } = testRuntime();
  const sub = rt.events.subscribe(() => {}, ["exit"]);
  assert.equal(rt.events.mask & ~(1 << 9), 0);
  sub.close();
  sub.close();
  assert.equal(rt.events.mask, 0);
});

test("a watcher of one process's exit gets that exit alone, and the others build no event", () => {
  const { rt } = testRuntime();
  const watched = spawnEval(rt, "receive do: (:stop -> exit(:bye))");
  const other = spawnEval(rt, "receive do: (:stop -> :ok)");
  rt.runUntilIdle();
  const seen: RuntimeEvent[] = [];
  const watch = rt.events.watchExit(watched.pid, (e) => seen.push(e));
  // (no kind is watched by all: nothing else is built)
  assert.equal(rt.events.mask, 0);
  assert.equal(rt.events.wantsExit(watched.pid), true);
  assert.equal(rt.events.wantsExit(other.pid), false);
  rt.send(other.pid, a("stop"));
  rt.runUntilIdle();
  assert.equal(seen.length, 0);
  rt.send(watched.pid, a("stop"));
  rt.runUntilIdle();
  assert.equal(seen.length, 1);
  const e = seen[0];
  assert.equal(e.kind, "exit");
  if (e.kind === "exit") {
    assert.equal(e.pid, watched.pid);
    assert.equal(inspect(e.reason), ":bye");
  }
  watch.close();
  watch.close();
  assert.equal(rt.events.wantsExit(watched.pid), false);
});

test(":sys.trace: a traced GenServer prints OTP's *DBG* lines and tells its debug events to the stream", () => {
  const t = testRuntime();
  const events: RuntimeEvent[] = [];
  t.rt.events.subscribe((e) => events.push(e), ["debug"]);
  const p = spawnEval(t.rt, `
    defmodule Traced do
      use GenServer
      def init(n), do: {:ok, n}
      def handle_call(:inc, _from, n), do: {:reply, n + 1, n + 1}
      def handle_cast(:reset, _n), do: {:noreply, 0}
    end
    {:ok, s} = GenServer.start(Traced, 1)
    :sys.trace(s, true)
    GenServer.call(s, :inc)
    GenServer.cast(s, :reset)
    :sys.get_state(s)
    :sys.trace(s, false)
    GenServer.call(s, :inc)
    s`);
  t.rt.runUntilIdle();
  assert.equal(inspect(p.exitReason), ":normal");
  const server = (p.x as unknown[])[0];
  assert.ok(events.every((e) => e.kind === "debug" && e.pid === server));
  const shown = events.map((e) => (e.kind === "debug" ? inspect(e.event) : ""));
  assert.equal(shown.length, 4, shown.join("\n"));
  // The call's `from` is {caller, tag}; OTP 25's tag is [:alias | ref].
  assert.match(shown[0], /^\{:in, \{:"\$gen_call", \{#PID<0\.\d+\.0>, \[:alias \| #Reference<[\d.]+>\]\}, :inc\}\}$/);
  assert.match(shown[1], /^\{:out, 2, \{#PID<0\.\d+\.0>, \[:alias \| #Reference<[\d.]+>\]\}, 2\}$/);
  assert.deepEqual(shown.slice(2), ['{:in, {:"$gen_cast", :reset}}', "{:noreply, 0}"]);
  assert.match(t.output.join(""), /\*DBG\* <0\.\d+\.0> got call inc from <0\.\d+\.0>\n\*DBG\* <0\.\d+\.0> sent 2 to <0\.\d+\.0>, new state 2\n/);
});
