// Two nodes in one JS process, joined by the in-process test link (test/helpers/nodes.ts):
// remote pids and references compare, sort and print as BEAM's, messages cross the link,
// and links and monitors keyed by remote pids behave as on BEAM (including :noconnection).
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "../../src/runtime/inspect.js";
import type { Process } from "../../src/runtime/process.js";
import { a } from "../../src/runtime/term.js";
import { spawnEval } from "../helpers/eval.js";
import { TestNetwork, TestNode, testNode } from "../helpers/nodes.js";

function twoNodes(): { net: TestNetwork; x: TestNode; y: TestNode } {
  const net = new TestNetwork();
  const x = testNode("kate@host", 3);
  const y = testNode("liz@host", 7);
  net.add(x.rt);
  net.add(y.rt);
  net.connect(x.rt, y.rt);
  return { net, x, y };
}

/** The value a finished process returned, inspected. */
function value(p: Process): string {
  assert.equal(p.status, "exited", "the process did not finish");
  assert.equal(inspect(p.exitReason), ":normal", "the process died");
  return inspect((p.x as unknown[])[0], { width: Infinity });
}

const n = (node: string) => a(node).index;

test("a pid from another node prints with that node's number, knows its node, and is never equal to a local one", () => {
  const { net, x, y } = twoNodes();
  const server = spawnEval(y.rt, "receive do {:who, from} -> send(from, {:me, self()}) end");
  y.rt.runUntilIdle();
  const client = spawnEval(
    x.rt,
    `send(:erlang.list_to_pid(~c"<${n("liz@host")}.${server.pid.id}.0>"), {:who, self()})
     receive do
       {:me, pid} -> {pid, node(pid), node(), pid == self(), is_pid(pid), inspect(pid) == inspect(self())}
     end`,
  );
  net.settle();
  assert.equal(value(client), `{#PID<${n("liz@host")}.${server.pid.id}.0>, :liz@host, :kate@host, false, true, false}`);
  assert.equal(value(server), `{:me, #PID<0.${server.pid.id}.0>}`);
});

test("a local pid that went to another node and came back is the same local pid again", () => {
  const { net, x, y } = twoNodes();
  spawnEval(y.rt, "Process.register(self(), :echo); receive do {from, t} -> send(from, t) end");
  y.rt.runUntilIdle();
  const p = spawnEval(x.rt, `send({:echo, :"liz@host"}, {self(), {self(), make_ref()}})
    receive do {pid, ref} -> {pid == self(), node(pid), is_reference(ref), node(ref)} end`);
  net.settle();
  assert.equal(value(p), "{true, :kate@host, true, :kate@host}");
});

test("pids sort as BEAM's: serial, then number, then node name, then creation", () => {
  const net = new TestNetwork();
  const here = testNode("m@host", 1);
  const others = ["a@host", "z@host"].map((name, i) => testNode(name, 10 + i));
  for (const t of [here, ...others]) net.add(t.rt);
  for (const t of others) net.connect(here.rt, t.rt);
  const [na, nz] = [n("a@host"), n("z@host")];
  const p = spawnEval(here.rt, `
    pid = fn s -> :erlang.list_to_pid(String.to_charlist(s)) end
    local = pid.("<0.100.0>")
    pids = [pid.("<${nz}.5.1>"), pid.("<${nz}.100.0>"), local, pid.("<${na}.100.0>"), pid.("<${na}.7.0>")]
    {Enum.sort(pids) |> Enum.map(&:erlang.pid_to_list/1), Enum.max(pids) == pid.("<${nz}.5.1>"), local < pid.("<${nz}.100.0>")}`);
  here.rt.runUntilIdle();
  assert.equal(value(p), `{['<${na}.7.0>', '<${na}.100.0>', '<0.100.0>', '<${nz}.100.0>', '<${nz}.5.1>'], true, true}`);
});

test("references print BEAM's id words and sort by node, then by words from the most significant", () => {
  const { net, x } = twoNodes();
  void net;
  const ny = n("liz@host");
  const p = spawnEval(x.rt, `
    ref = fn s -> :erlang.list_to_ref(String.to_charlist(s)) end
    refs = [ref.("#Ref<${ny}.1.2.3>"), ref.("#Ref<0.9.9.0>"), ref.("#Ref<0.3.2.1>"), ref.("#Ref<${ny}.0.9.9>")]
    mine = make_ref()
    {Enum.sort(refs) |> Enum.map(&inspect/1), node(hd(refs)), :erlang.ref_to_list(ref.("#Ref<${ny}.1.2.3>")),
     mine == :erlang.list_to_ref(:erlang.ref_to_list(mine))}`);
  x.rt.runUntilIdle();
  // kate@host (this node) sorts before liz@host.
  assert.equal(value(p), `{["#Reference<0.3.2.1>", "#Reference<0.9.9.0>", "#Reference<${ny}.0.9.9>", "#Reference<${ny}.1.2.3>"], :liz@host, '#Ref<${ny}.1.2.3>', true}`);
});

test("a link to a process on another node carries its exit signal back, keyed by the remote pid", () => {
  const { net, x, y } = twoNodes();
  const worker = spawnEval(y.rt, "receive do :crash -> exit(:boom) end");
  y.rt.runUntilIdle();
  const wpid = `:erlang.list_to_pid(~c"<${n("liz@host")}.${worker.pid.id}.0>")`;
  const p = spawnEval(x.rt, `
    Process.flag(:trap_exit, true)
    w = ${wpid}
    Process.link(w)
    send(self(), :linked)
    receive do :linked -> :ok end
    {:links, [^w]} = Process.info(self(), :links)
    send(w, :crash)
    receive do {:EXIT, ^w, reason} -> {reason, Process.info(self(), :links)} end`);
  net.settle();
  assert.equal(value(p), "{:boom, {:links, []}}");
  // The worker saw the link too (keyed by the remote pid) before it died.
  assert.equal(inspect(worker.exitReason), ":boom");
});

test("a process that dies takes a linked process on another node with it, and unlink stops that", () => {
  const { net, x, y } = twoNodes();
  const victim = spawnEval(y.rt, "receive do :never -> :ok end");
  const spared = spawnEval(y.rt, "receive do :never -> :ok end");
  y.rt.runUntilIdle();
  const pidOf = (p: Process) => `:erlang.list_to_pid(~c"<${n("liz@host")}.${p.pid.id}.0>")`;
  const killer = spawnEval(x.rt, `
    Process.link(${pidOf(victim)})
    Process.link(${pidOf(spared)})
    Process.unlink(${pidOf(spared)})
    receive do :go -> exit(:gone) end`);
  net.settle();
  assert.equal(y.rt.process(victim.pid)?.links.size, 1);
  assert.equal(y.rt.process(spared.pid)?.links.size, 0);
  x.rt.send(killer.pid, a("go"));
  net.settle();
  assert.equal(inspect(victim.exitReason), ":gone");
  assert.equal(spared.status, "waiting");
});

test("monitors on a process of another node: DOWN names the remote pid; demonitor cancels; by name too", () => {
  const { net, x, y } = twoNodes();
  const a1 = spawnEval(y.rt, "receive do :stop -> exit(:done) end");
  const a2 = spawnEval(y.rt, "receive do :stop -> exit(:done) end");
  spawnEval(y.rt, "Process.register(self(), :named); receive do :stop -> exit(:bye) end");
  y.rt.runUntilIdle();
  const pidOf = (p: Process) => `:erlang.list_to_pid(~c"<${n("liz@host")}.${p.pid.id}.0>")`;
  const p = spawnEval(x.rt, `
    w1 = ${pidOf(a1)}
    w2 = ${pidOf(a2)}
    r1 = Process.monitor(w1)
    r2 = Process.monitor(w2)
    r3 = Process.monitor({:named, :"liz@host"})
    Process.demonitor(r2)
    send(self(), :monitored)
    receive do :monitored -> :ok end
    Enum.each([w1, w2, {:named, :"liz@host"}], &send(&1, :stop))
    d1 = receive do {:DOWN, ^r1, :process, obj, reason} -> {obj == w1, reason} end
    d3 = receive do {:DOWN, ^r3, :process, obj, reason} -> {obj, reason} end
    more = receive do {:DOWN, ^r2, _, _, _} -> :unexpected after 0 -> :none end
    {d1, d3, more}`);
  net.settle();
  assert.equal(value(p), "{{true, :done}, {{:named, :liz@host}, :bye}, :none}");
  assert.equal(a1.monitoredBy.size + a2.monitoredBy.size, 0);
});

test("monitoring or linking a process that is already dead on the other node gives :noproc", () => {
  const { net, x, y } = twoNodes();
  const dead = spawnEval(y.rt, ":ok");
  y.rt.runUntilIdle();
  const p = spawnEval(x.rt, `
    Process.flag(:trap_exit, true)
    w = :erlang.list_to_pid(~c"<${n("liz@host")}.${dead.pid.id}.0>")
    ref = Process.monitor(w)
    Process.link(w)
    down = receive do {:DOWN, ^ref, :process, ^w, r} -> r end
    exit = receive do {:EXIT, ^w, r} -> r end
    {down, exit}`);
  net.settle();
  assert.equal(value(p), "{:noproc, :noproc}");
});

test("a node that cannot be reached: sends are dropped, links and monitors fail at once with :noconnection", () => {
  const { net, x, y } = twoNodes();
  const target = spawnEval(y.rt, "receive do m -> m end");
  y.rt.runUntilIdle();
  net.disconnect(x.rt, y.rt);
  // x still knows the node (it was connected), so its pids can be written down.
  const p = spawnEval(x.rt, `
    w = :erlang.list_to_pid(~c"<${n("liz@host")}.${target.pid.id}.0>")
    Process.flag(:trap_exit, true)
    send(w, :lost)
    ref = Process.monitor(w)
    true = Process.link(w)
    down = receive do {:DOWN, ^ref, :process, ^w, r} -> r end
    exit = receive do {:EXIT, ^w, r} -> r end
    {down, exit, Process.info(self(), :links)}`);
  net.settle();
  assert.equal(value(p), "{:noconnection, :noconnection, {:links, []}}");
  assert.equal(target.mailbox.length, 0);
});

test("when the connection goes down, links break and monitors fire with :noconnection", () => {
  const { net, x, y } = twoNodes();
  const far = spawnEval(y.rt, "receive do :never -> :ok end");
  y.rt.runUntilIdle();
  const p = spawnEval(x.rt, `
    Process.flag(:trap_exit, true)
    w = :erlang.list_to_pid(~c"<${n("liz@host")}.${far.pid.id}.0>")
    Process.link(w)
    ref = Process.monitor(w)
    receive do
      {:EXIT, ^w, r1} -> receive do {:DOWN, ^ref, :process, ^w, r2} -> {r1, r2} end
    end`);
  net.settle();
  assert.equal(p.status, "waiting");
  net.disconnect(x.rt, y.rt);
  net.settle();
  assert.equal(value(p), "{:noconnection, :noconnection}");
  // The far side lost the link too: not trapping exits, it died of it.
  assert.equal(inspect(far.exitReason), ":noconnection");
});

test("a send to a pid of a node this runtime never heard of is dropped; a non-distributed node cannot name one", () => {
  const alone = testNode("solo@host", 1);
  const p = spawnEval(alone.rt, `
    {send({:x, :"nowhere@host"}, :hi),
     (try do :erlang.list_to_pid(~c"<${n("nowhere@host")}.1.0>") rescue e -> e.__struct__ end)}`);
  alone.rt.runUntilIdle();
  assert.equal(value(p), "{:hi, ArgumentError}");
});

test("per-node state: unique integers, System.argv and user struct fields belong to their runtime", () => {
  const { x, y } = twoNodes();
  x.rt.argv = ["one"];
  const px = spawnEval(x.rt, `
    defmodule Shape do
      defstruct [:w, :h]
    end
    {System.unique_integer([:positive]), System.unique_integer([:positive]), System.argv(), inspect(%Shape{w: 1, h: 2})}`);
  x.rt.runUntilIdle();
  const py = spawnEval(y.rt, `
    defmodule Shape do
      defstruct [:h, :w, :d]
    end
    {System.unique_integer([:positive]), System.argv(), inspect(%Shape{w: 1, h: 2, d: 3})}`);
  y.rt.runUntilIdle();
  assert.equal(value(px), `{1, 2, ["one"], "%Shape{w: 1, h: 2}"}`);
  assert.equal(value(py), `{1, [], "%Shape{h: 2, w: 1, d: 3}"}`);
});
