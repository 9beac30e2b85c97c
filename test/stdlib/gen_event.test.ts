// :gen_event driven on a test runtime (virtual clock, no sleeping): the manager's handler
// list, crash removal with its report, supervised handlers and the event stream.
import { test } from "node:test";
import assert from "node:assert/strict";
import { RuntimeEvent } from "../../src/runtime/events.js";
import { inspect } from "../../src/runtime/inspect.js";
import { evaluate, spawnEval, testRuntime } from "../helpers/eval.js";

const HANDLER = `
  defmodule Acc do
    def init(n), do: {:ok, n}
    def handle_event(:crash, _n), do: raise "acc crashed"
    def handle_event(:remove, _n), do: :remove_handler
    def handle_event(k, n) when is_integer(k), do: {:ok, n + k}
    def handle_call(:get, n), do: {:ok, n, n}
    def terminate(reason, n), do: {:terminated, reason, n}
  end
`;

test("handlers get every event, newest first; a call goes to one handler by module or {module, id}", () => {
  const out = evaluate(`${HANDLER}
    {:ok, m} = :gen_event.start()
    :ok = :gen_event.add_handler(m, Acc, 0)
    :ok = :gen_event.add_handler(m, {Acc, :b}, 100)
    :gen_event.notify(m, 1)
    :ok = :gen_event.sync_notify(m, 2)
    r = {:gen_event.which_handlers(m), :gen_event.call(m, Acc, :get), :gen_event.call(m, {Acc, :b}, :get),
         :gen_event.call(m, {Acc, :c}, :get), :gen_event.delete_handler(m, {Acc, :b}, :bye),
         :gen_event.delete_handler(m, {Acc, :b}, :bye)}
    :gen_event.stop(m)
    r`);
  assert.equal(
    inspect(out),
    "{[{Acc, :b}, Acc], 3, 103, {:error, :bad_module}, {:terminated, :bye, 103}, {:error, :module_not_found}}",
  );
});

test("a crashing handler is removed, its terminate gets {:error, {:EXIT, ...}} and the crash is reported", () => {
  const t = testRuntime();
  const out = evaluate(`${HANDLER}
    {:ok, m} = :gen_event.start({:local, :acc_mgr})
    :gen_event.add_handler(m, Acc, 5)
    :gen_event.add_handler(m, {Acc, 2}, 7)
    :gen_event.sync_notify(m, :crash)
    :gen_event.which_handlers(m)`, t);
  assert.equal(inspect(out), "[]");
  t.rt.runUntilIdle();
  const log = t.output.join("");
  assert.match(log, /\[error\] :gen_event handler \{Acc, 2\} installed in :acc_mgr terminating\n\*\* \(RuntimeError\) acc crashed\n/);
  assert.match(log, /\(stdlib 4\.2\) gen_event\.erl:802: :gen_event\.server_update\/4\n/);
  assert.match(log, /Last message: :crash\nState: 5/);
});

test("a supervised handler's owner is told why it went: {:gen_event_EXIT, handler, reason}", () => {
  const out = evaluate(`${HANDLER}
    {:ok, m} = :gen_event.start()
    :ok = :gen_event.add_sup_handler(m, Acc, 1)
    :ok = :gen_event.add_sup_handler(m, {Acc, :x}, 1)
    :gen_event.sync_notify(m, :remove)
    first = receive do msg -> msg end
    second = receive do msg -> msg end
    :ok = :gen_event.add_sup_handler(m, Acc, 1)
    :gen_event.stop(m)
    third = receive do msg -> msg end
    {first, second, third}`);
  assert.equal(inspect(out), "{{:gen_event_EXIT, {Acc, :x}, :normal}, {:gen_event_EXIT, Acc, :normal}, {:gen_event_EXIT, Acc, :shutdown}}");
});

test(":sys.trace on a manager prints OTP's *DBG* lines and tells its debug events to the stream", () => {
  const t = testRuntime();
  const events: RuntimeEvent[] = [];
  t.rt.events.subscribe((e) => events.push(e), ["debug"]);
  const p = spawnEval(t.rt, `${HANDLER}
    {:ok, m} = :gen_event.start({:local, :traced_mgr})
    :gen_event.add_handler(m, Acc, 0)
    :sys.trace(m, true)
    :gen_event.notify(m, 3)
    :gen_event.call(m, Acc, :get)
    :sys.trace(m, false)
    :gen_event.notify(m, 4)
    m`);
  t.rt.runUntilIdle();
  assert.equal(inspect(p.exitReason), ":normal");
  const manager = inspect((p.x as unknown[])[0] as never);
  const shown = events.map((e) => (e.kind === "debug" && inspect(e.pid) === manager ? inspect(e.event) : "?"));
  assert.equal(shown.length, 2, shown.join("\n"));
  assert.equal(shown[0], "{:in, {:notify, 3}}");
  assert.match(shown[1], /^\{:in, \{#PID<0\.\d+\.0>, \{#PID<0\.\d+\.0>, \[:alias \| #Reference<[\d.]+>\]\}, \{:call, Acc, :get\}\}\}$/);
  assert.match(t.output.join(""), /\*DBG\* traced_mgr got event 3\n\*DBG\* traced_mgr\('Elixir\.Acc'\) got call get\n/);
});
