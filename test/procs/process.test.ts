// The Process module: registered names, Process.info, the dictionary, crash reports,
// preemption and the inspection snapshot.
import assert from "node:assert/strict";
import { test } from "node:test";
import { a } from "../../src/runtime/term.js";
import { resultOf, runSrc, spawnEval, testRuntime } from "./helpers.js";

test("registered names: register, whereis, send to a name, unregister", () => {
  const r = runSrc(`
    pid = spawn(fn -> receive do {:hi, from} -> send(from, :hello_back) end end)
    true = Process.register(pid, :greeter)
    same = Process.whereis(:greeter) == pid
    send(:greeter, {:hi, self()})
    reply = receive do m -> m end
    Process.sleep(1)
    {same, reply, Process.whereis(:greeter), :greeter in Process.registered()}`);
  assert.equal(r, "{true, :hello_back, nil, false}");
});

test("sending to an unregistered name raises ArgumentError like iex", () => {
  const r = runSrc(`try do send(:nobody, :msg) rescue e -> Exception.message(e) end`);
  assert.equal(r, JSON.stringify("errors were found at the given arguments:\n\n  * 1st argument: invalid destination\n").replace(/\\n/g, "\\n"));
});

test("a name can be held once and a process holds one name", () => {
  const r = runSrc(`
    Process.register(self(), :a)
    msg = try do Process.register(self(), :b) rescue e -> e.message end
    {msg, Process.info(self(), :registered_name)}`);
  assert.match(r, /could not register #PID<0\.\d+\.0> with name :b because it is not alive, the name is already taken/);
  assert.match(r, /\{:registered_name, :a\}\}$/);
});

test("Process.info/2 reports queue, links, monitors, status and dictionary", () => {
  const r = runSrc(`
    Process.put(:k, 1)
    send(self(), :one)
    pid = spawn_link(fn -> receive do _ -> :ok end end)
    ref = Process.monitor(pid)
    Process.sleep(1)
    info = Process.info(self(), [:message_queue_len, :messages, :status, :dictionary, :trap_exit])
    {info, Process.info(self(), :links) == {:links, [pid]}, Process.info(self(), :monitors) == {:monitors, [process: pid]},
     Process.info(pid, :monitored_by) == {:monitored_by, [self()]}, Process.info(pid, :status), is_reference(ref)}`);
  assert.equal(r, "{[message_queue_len: 1, messages: [:one], status: :running, dictionary: [k: 1], trap_exit: false], true, true, true, {:status, :waiting}, true}");
});

test("Process.info/1 lists BEAM's keys in order; a dead pid gives nil", () => {
  const r = runSrc(`
    pid = spawn(fn -> receive do _ -> :ok end end)
    Process.sleep(1)
    keys = Keyword.keys(Process.info(pid))
    send(pid, :x)
    Process.sleep(1)
    {keys, Process.info(pid), Process.info(pid, :status)}`);
  assert.equal(r, "{[:current_function, :initial_call, :status, :message_queue_len, :links, :dictionary, :trap_exit, :error_handler, :priority, :group_leader, :total_heap_size, :heap_size, :stack_size, :reductions, :garbage_collection, :suspending], nil, nil}");
});

test("Process.info reports the current and initial function of a module process", () => {
  const r = runSrc(`
    defmodule W do
      def wait, do: receive(do: (x -> x))
    end
    w = spawn(W, :wait, [])
    Process.sleep(1)
    {Process.info(w, :current_function), Process.info(w, :initial_call)}`);
  assert.equal(r, "{{:current_function, {W, :wait, 0}}, {:initial_call, {W, :wait, 0}}}");
});

test("Process.info with an unknown item or a non-pid raises like BEAM", () => {
  const r = runSrc(`
    a = try do Process.info(self(), :foo) rescue e -> Exception.message(e) end
    b = try do Process.info(:foo) rescue e -> Exception.message(e) end
    {a, b}`);
  assert.match(r, /2nd argument: invalid item or item list/);
  assert.match(r, /1st argument: not a pid/);
});

test("the process dictionary: put returns the old value, delete, get_keys", () => {
  const r = runSrc(`
    a = Process.put(:k, 1)
    b = Process.put(:k, 2)
    c = Process.get(:k)
    d = Process.get(:nope, :default)
    Process.put({:t, 1}, :tuple)
    e = Process.get({:t, 1})
    f = Process.delete(:k)
    {a, b, c, d, e, f, Process.get_keys(), Process.delete(:k)}`);
  assert.equal(r, "{nil, 1, 2, :default, :tuple, 2, [t: 1], nil}");
});

test("flag(:trap_exit) returns the old value and rejects non-booleans", () => {
  const r = runSrc(`
    a = Process.flag(:trap_exit, true)
    b = Process.flag(:trap_exit, false)
    c = try do Process.flag(:trap_exit, :yes) rescue e -> Exception.message(e) end
    {a, b, c}`);
  assert.match(r, /^\{false, true, "errors were found at the given arguments:\\n\\n  \* 2nd argument: invalid value for this process flag\\n"\}$/);
});

test("node/0,1 and pids know the node", () => {
  assert.equal(runSrc(`{node(), node(self()), node(make_ref())}`), "{:nonode@nohost, :nonode@nohost, :nonode@nohost}");
});

test("a crashing process prints iex's crash report and harms nobody else", () => {
  const t = testRuntime();
  const bystander = spawnEval(t.rt, `receive do :go -> :still_fine end`);
  const p = spawnEval(t.rt, `raise "boom"`);
  t.rt.runUntilIdle();
  assert.equal(p.status, "exited");
  const text = t.output.join("");
  assert.match(text, /^\n\d\d:\d\d:\d\d\.\d{3} \[error\] Process #PID<0\.\d+\.0> raised an exception\n\*\* \(RuntimeError\) boom\n {4}\S.*\n$/);
  t.rt.send(bystander.pid, a("go"));
  t.rt.runUntilIdle();
  assert.equal(resultOf(bystander), ":still_fine");
});

test("exits by exit/1 are not reported; throws are reported as nocatch errors", () => {
  const t = testRuntime();
  spawnEval(t.rt, `exit(:foo)`);
  t.rt.runUntilIdle();
  assert.equal(t.output.join(""), "");
  spawnEval(t.rt, `throw(:x)`);
  t.rt.runUntilIdle();
  assert.match(t.output.join(""), /\*\* \(ErlangError\) Erlang error: \{:nocatch, :x\}\n/);
});

test("ten spinning processes do not keep a short request waiting (preemption)", () => {
  const t = testRuntime(1000);
  spawnEval(t.rt, `defmodule Spin do\n  def spin(n), do: spin(n + 1)\n  def fact(0), do: 1\n  def fact(n), do: n * fact(n - 1)\nend`);
  t.rt.runUntilIdle();
  const spinners = [];
  for (let i = 0; i < 10; i++) spinners.push(spawnEval(t.rt, `Spin.spin(0)`));
  for (let i = 0; i < 50; i++) t.rt.step();
  const req = spawnEval(t.rt, `
    me = self()
    spawn(fn -> send(me, {:fact, Spin.fact(20)}) end)
    receive do {:fact, f} -> f end`);
  let slices = 0;
  while (req.status !== "exited" && slices < 1000) {
    t.rt.step();
    slices++;
  }
  assert.equal(resultOf(req), "2432902008176640000");
  assert.ok(slices <= 40, `answered within ${slices} slices`);
  const reds = spinners.map((s) => s.reductions);
  assert.ok(Math.max(...reds) - Math.min(...reds) <= 1000, `fair shares: ${reds.join(" ")}`);
  for (const s of spinners) t.rt.signals.deliverExit(s.pid, s, a("kill"), false);
});

test("a runaway process is killable with Process.exit(pid, :kill)", () => {
  const t = testRuntime(1000);
  spawnEval(t.rt, `defmodule Spin do\n  def spin(n), do: spin(n + 1)\nend`);
  t.rt.runUntilIdle();
  const r = spawnEval(t.rt, `
    pid = spawn(Spin, :spin, [0])
    Process.sleep(1)
    Process.exit(pid, :kill)
    Process.alive?(pid)`);
  for (let i = 0; i < 10; i++) t.rt.step();
  t.clock.advance(1);
  t.rt.runUntilIdle();
  assert.equal(resultOf(r), "false");
});

