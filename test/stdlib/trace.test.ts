// BEAM tracing (stdlib/trace.ts): erlang:trace/3's messages to a tracer, flags inherited on
// spawn and link, a tracer's death, call tracing by trace_pattern/3 with match
// specifications, and the module table's entries put back when a pattern is cleared. The
// scheduler is driven deterministically (virtual clock, runUntilIdle).
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "../../src/runtime/inspect.js";
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

/** Collects the messages in the evaluating process's mailbox, as a list. */
const FLUSH = `
  flush = fn flush, acc ->
    receive do
      m -> flush.(flush, [m | acc])
    after 0 -> Enum.reverse(acc)
    end
  end`;

test("send, receive and procs flags: the tracer gets each event of the traced process, in order", () => {
  const out = evalsTo(`
    ${FLUSH}
    me = self()
    pid = spawn(fn -> receive do :go -> send(me, :done); receive do :never -> :ok after 5 -> :ok end end end)
    1 = :erlang.trace(pid, true, [:send, :receive, :procs])
    send(pid, :go)
    receive do :done -> :ok end
    Process.sleep(20)
    msgs = flush.(flush, [])
    Enum.map(msgs, fn
      {:trace, ^pid, kind, a} -> {kind, a}
      {:trace, ^pid, kind, a, b} -> {kind, a, b == me}
      other -> other
    end)
  `);
  assert.equal(out, "[{:receive, :go}, {:send, :done, true}, {:receive, :timeout}, {:exit, :normal}]");
});

test("a send to a dead process is traced as send_to_non_existing_process", () => {
  const out = evalsTo(`
    ${FLUSH}
    dead = spawn(fn -> :ok end)
    Process.sleep(1)
    pid = spawn(fn -> receive do :go -> send(dead, :x) end end)
    :erlang.trace(pid, true, [:send])
    send(pid, :go)
    Process.sleep(5)
    for {:trace, _, kind, msg, to} <- flush.(flush, []), do: {kind, msg, to == dead}
  `);
  assert.equal(out, "[{:send_to_non_existing_process, :x, true}]");
});

test("set_on_spawn passes the flags to every child, set_on_first_spawn to the first only", () => {
  const out = evalsTo(`
    ${FLUSH}
    parent = fn -> receive do :go -> spawn(fn -> :ok end); spawn(fn -> :ok end); receive do :stop -> :ok end end end
    p1 = spawn(parent)
    p2 = spawn(parent)
    :erlang.trace(p1, true, [:procs, :set_on_spawn])
    :erlang.trace(p2, true, [:procs, :set_on_first_spawn])
    send(p1, :go)
    Process.sleep(5)
    send(p2, :go)
    Process.sleep(5)
    msgs = flush.(flush, [])
    count = fn who, kind -> Enum.count(msgs, &match?({:trace, ^who, ^kind, _, _}, &1)) end
    spawned = Enum.count(msgs, &match?({:trace, _, :spawned, _, _}, &1))
    {count.(p1, :spawn), count.(p2, :spawn), spawned, :erlang.trace_info(p2, :flags)}
  `);
  // p1's two children and p2's first are traced (each says it was spawned); p2 loses set_on_first_spawn
  assert.equal(out, "{2, 2, 3, {:flags, [:procs]}}");
});

test("a tracer that ends leaves its processes untraced", () => {
  const out = evalsTo(`
    tracer = spawn(fn -> receive do :stop -> :ok end end)
    pid = spawn(fn -> receive do :stop -> :ok end end)
    :erlang.trace(pid, true, [:send, {:tracer, tracer}])
    before = :erlang.trace_info(pid, :tracer) == {:tracer, tracer}
    send(tracer, :stop)
    Process.sleep(1)
    {before, :erlang.trace_info(pid, :flags), :erlang.trace_info(pid, :tracer)}
  `);
  assert.equal(out, "{true, {:flags, []}, {:tracer, []}}");
});

test("call tracing: call, return_from, exception_from and the message action's caller", () => {
  const out = evalsTo(`
    ${FLUSH}
    defmodule TraceMe do
      def double(x) when is_integer(x), do: x * 2
      def run(x), do: TraceMe.double(x)
    end
    me = self()
    pid = spawn(fn ->
      receive do :go -> :ok end
      TraceMe.run(4)
      try do TraceMe.double(:a) rescue _ -> :ok end
      send(me, :done)
    end)
    :erlang.trace(pid, true, [:call])
    5 = :erlang.trace_pattern({TraceMe, :_, :_}, [{:_, [], [{:exception_trace}, {:message, {:caller}}]}])
    send(pid, :go)
    receive do :done -> :ok end
    Process.sleep(1)
    flush.(flush, []) |> Enum.reject(&match?(:done, &1)) |> Enum.map(&Tuple.delete_at(&1, 1))
  `);
  assert.equal(
    out,
    // (the test's code is evaluated as shell code is: erl_eval calls; run's call of double is a tail call)
    "[{:trace, :call, {TraceMe, :run, [4]}, {:erl_eval, :do_apply, 7}}, {:trace, :call, {TraceMe, :double, [4]}, {:erl_eval, :do_apply, 7}}, " +
      "{:trace, :return_from, {TraceMe, :double, 1}, 8}, {:trace, :return_from, {TraceMe, :run, 1}, 8}, " +
      "{:trace, :call, {TraceMe, :double, [:a]}, {:erl_eval, :do_apply, 7}}, " +
      "{:trace, :exception_from, {TraceMe, :double, 1}, {:error, :function_clause}}]",
  );
});

test("a match specification's head and guards choose the calls traced; arity flag sends {m, f, arity}", () => {
  const out = evalsTo(`
    ${FLUSH}
    me = self()
    pid = spawn(fn -> receive do :go -> :ok end; :lists.seq(1, 2); :lists.seq(5, 6); send(me, :done) end)
    :erlang.trace(pid, true, [:call, :arity])
    :erlang.trace_pattern({:lists, :seq, 2}, [{[:"$1", :_], [{:>, :"$1", 2}], []}])
    send(pid, :go)
    receive do :done -> :ok end
    Process.sleep(1)
    for {:trace, _, :call, mfa} <- flush.(flush, []), do: mfa
  `);
  assert.equal(out, "[{:lists, :seq, 2}]");
});

test("clearing a pattern puts the function's own entry back in the module table", () => {
  const t = testRuntime();
  const before = t.rt.modules.lookup("lists", "seq", 2);
  evalsTo(`:erlang.trace_pattern({:lists, :seq, 2}, true)`, t);
  assert.notEqual(t.rt.modules.lookup("lists", "seq", 2), before);
  assert.equal(evalsTo(`:lists.seq(1, 3)`, t), "[1, 2, 3]");
  evalsTo(`:erlang.trace_pattern({:lists, :seq, :_}, false)`, t);
  assert.equal(t.rt.modules.lookup("lists", "seq", 2), before);
  assert.equal(evalsTo(`:erlang.trace_info({:lists, :seq, 2}, :traced)`, t), "{:traced, false}");
});

test("running: a traced process's slices come as in and out messages", () => {
  const out = evalsTo(`
    ${FLUSH}
    pid = spawn(fn -> receive do :go -> :ok end; receive do :go -> :ok end end)
    Process.sleep(1)
    :erlang.trace(pid, true, [:running])
    send(pid, :go)
    Process.sleep(5)
    send(pid, :go)
    Process.sleep(5)
    for {:trace, _, inout, _mfa} <- flush.(flush, []), do: inout
  `);
  // (a process that ends is not scheduled out)
  assert.equal(out, "[:in, :out, :in]");
});

test("system_monitor/0,1,2 keep and answer the settings", () => {
  const out = evalsTo(`
    a = :erlang.system_monitor()
    b = :erlang.system_monitor(self(), [{:long_gc, 100}, :busy_port])
    c = :erlang.system_monitor()
    d = :erlang.system_monitor(:undefined)
    {a, b, c == {self(), [{:long_gc, 100}, :busy_port]}, d == c, :erlang.system_monitor()}
  `);
  assert.equal(out, "{:undefined, :undefined, true, true, :undefined}");
});

test("seq_trace: the token travels with messages; send, receive and print tell the system tracer (serials as erts counts them)", () => {
  // The same program in iex gives these messages (recorded from Erlang/OTP 25).
  const out = evalsTo(`
    ${FLUSH}
    me = self()
    false = :seq_trace.set_system_tracer(me)
    worker = fn -> receive do {:ping, from} -> :seq_trace.print(:in_worker); send(from, :pong) end end
    runner = spawn(fn ->
      receive do :go -> :ok end
      w = spawn(worker)
      r1 = :seq_trace.set_token(:label, :lbl)
      r2 = :seq_trace.set_token(:serial, {0, 0})
      r3 = Enum.map([:send, :receive, :print], &:seq_trace.set_token(&1, true))
      send(w, {:ping, self()})
      receive do :pong -> :ok end
      :seq_trace.print(:done)
      t = :seq_trace.get_token()
      info = Enum.map([:label, :serial, :send, :timestamp], &:seq_trace.get_token/1)
      old = :seq_trace.set_token([])
      send(me, {:results, {r1, r2, r3, t == old, elem(t, 2), elem(t, 4), elem(t, 3) == self()}, info,
        :seq_trace.get_token(), :seq_trace.get_token(:label), :seq_trace.get_token(:serial), :seq_trace.get_token(:send), :seq_trace.set_token(:label, 5)})
    end)
    send(runner, :go)
    results = receive do {:results, a, b, c, d, e, f, g} -> {a, b, c, d, e, f, g} end
    Process.sleep(1)
    ping = fn {:ping, p} -> {:ping, p == runner}; m -> m end
    msgs = for {:seq_trace, :lbl, info} <- flush.(flush, []) do
      case put_elem(info, tuple_size(info) - 1, ping.(elem(info, tuple_size(info) - 1))) do
        {:send, serial, from, to, msg} -> {:send, serial, from == runner, to == runner, msg}
        {:receive, serial, from, to, msg} -> {:receive, serial, from == runner, to == runner, msg}
        {:print, serial, from, [], what} -> {:print, serial, from == runner, what}
      end
    end
    {results, msgs, :seq_trace.get_system_tracer() == me, :seq_trace.set_system_tracer(false) == me, :seq_trace.get_system_tracer()}
  `);
  assert.equal(
    out,
    "{{{0, {0, 0}, [false, false, false], true, 4, 3, true}, [label: :lbl, serial: {3, 4}, send: true, timestamp: false], [], [], [], {:send, false}, 0}, " +
      "[{:send, {0, 1}, true, false, {:ping, true}}, {:receive, {0, 1}, true, false, {:ping, true}}, {:print, {1, 2}, false, :in_worker}, " +
      "{:send, {1, 3}, false, true, :pong}, {:receive, {1, 3}, false, true, :pong}, {:print, {3, 4}, true, :done}], true, true, false}",
  );
});

test("process_info :trace is erts's trace control word; :sequential_trace_token the process's token", () => {
  const out = evalsTo(`
    pid = spawn(fn -> receive do :x -> :ok end end)
    a = Process.info(pid, :trace)
    :erlang.trace(pid, true, [:send, :receive, :procs, :call])
    b = Process.info(pid, :trace)
    :seq_trace.set_token(:label, 3)
    {:sequential_trace_token, {0, 3, 0, from, 0}} = Process.info(self(), :sequential_trace_token)
    {a, b, from == self(), Process.info(pid, :sequential_trace_token)}
  `);
  assert.equal(out, "{{:trace, 0}, {:trace, 3120}, true, {:sequential_trace_token, []}}");
});
