// Pausing the runtime, stepping it and slow motion (runtime/pause.ts): while paused only
// the controllers run, others are held in order and time stands still; steps run held
// processes one slice (or up to a delivery) at a time and report it; resume lets everything
// go on as if nothing had happened.
import { test } from "node:test";
import assert from "node:assert/strict";
import { RealClock } from "../../src/runtime/clock.js";
import { inspect } from "../../src/runtime/inspect.js";
import { pauseRuntime, resumeRuntime, setSpeed } from "../../src/runtime/pause.js";
import { listToArray } from "../../src/runtime/term.js";
import { spawnEval, testRuntime } from "../helpers/eval.js";

const PING = `
  defmodule Ping do
    def loop(n), do: receive(do: ({:ping, from} -> send(from, {:pong, n}); loop(n + 1)))
    def client(server, k), do: for(i <- 1..k, do: (send(server, {:ping, self()}); receive(do: ({:pong, n} -> {i, n}))))
  end`;

test("paused: the controller runs, the others are held with their messages; resume lets them go on in order", () => {
  const t = testRuntime();
  spawnEval(t.rt, PING);
  t.rt.runUntilIdle();
  const controller = spawnEval(t.rt, "receive do :never -> :ok end");
  t.rt.runUntilIdle();
  pauseRuntime(t.rt, controller.pid);
  const server = spawnEval(t.rt, "Ping.loop(0)");
  const client = spawnEval(t.rt, `Ping.client(:erlang.list_to_pid('<0.${server.pid.id}.0>'), 3)`);
  t.rt.send(controller.pid, "for the controller");
  assert.equal(t.rt.runUntilIdle(), 1, "only the controller ran");
  assert.equal(controller.status, "waiting");
  assert.equal(server.status, "runnable");
  assert.equal(client.status, "runnable");
  assert.equal(t.rt.scheduler.pause!.size, 2);
  t.rt.send(server.pid, "queued while paused");
  resumeRuntime(t.rt);
  t.rt.runUntilIdle();
  assert.equal(client.status, "exited");
  assert.equal(inspect((client.x as unknown[])[0]), "[{1, 0}, {2, 1}, {3, 2}]");
  assert.deepEqual(server.mailbox.toArray(), ["queued while paused"]);
});

test("time stands still while paused: a receive timeout waits for resume", () => {
  const t = testRuntime();
  const clock = new RealClock();
  clock.setRate(0);
  const frozen = clock.now();
  for (let i = 0; i < 1e5; i++);
  assert.equal(clock.now(), frozen, "a real clock at rate 0 does not move");
  clock.setRate(1);
  clock.advanceTo(frozen + 1000);
  assert.ok(clock.now() >= frozen + 1000, "advanceTo moves a real clock forward");

  const sleeper = spawnEval(t.rt, "receive do after 100 -> :woke end");
  t.rt.runUntilIdle();
  pauseRuntime(t.rt, null);
  t.clock.advance(200);
  t.rt.runUntilIdle();
  // The virtual test clock was moved by hand; the timer fired, but the woken process is held.
  assert.equal(sleeper.status, "runnable");
  resumeRuntime(t.rt);
  t.rt.runUntilIdle();
  assert.equal(inspect((sleeper.x as unknown[])[0]), ":woke");
});

test(":beamsh.step/0,1 from a controller: one slice, n slices, up to the next delivery, and through a timeout", () => {
  const t = testRuntime();
  spawnEval(t.rt, PING);
  t.rt.runUntilIdle();
  const shell = spawnEval(
    t.rt,
    `
    :ok = :beamsh.pause()
    server = spawn(fn -> Ping.loop(0) end)
    client = spawn(fn -> Ping.client(server, 2) end)
    s1 = :beamsh.step()
    s2 = :beamsh.step(:message)
    s3 = :beamsh.step(:message)
    s4 = :beamsh.step(10)
    sleeper = spawn(fn -> receive do after 5_000 -> exit(:slept) end end)
    s5 = :beamsh.step(2)
    s6 = :beamsh.step()
    paused = :beamsh.paused()
    :ok = :beamsh.resume()
    {server, client, sleeper, [s1, s2, s3, s4, s5, s6], paused, :beamsh.paused()}`,
  );
  t.rt.runUntilIdle();
  assert.equal(inspect(shell.exitReason), ":normal");
  const [server, client, sleeper, steps, paused, after] = (shell.x as unknown[])[0] as unknown[];
  const [s, c, z] = [server, client, sleeper].map((p) => inspect(p));
  const shown = listToArray(steps)!.map((x) => inspect(x).replaceAll(s, "S").replaceAll(c, "C").replaceAll(z, "Z").replace(/, \d+, /g, ", n, "));
  assert.deepEqual(shown, [
    "{:ran, S, n, :waiting}",
    "[{:ran, C, n, :waiting}, {:delivered, C, S, {:ping, C}}]",
    "[{:ran, S, n, :waiting}, {:delivered, S, C, {:pong, 0}}]",
    // The rest of the exchange, then the client ends; the steps stop when nothing can run.
    "[{:ran, C, n, :waiting}, {:ran, S, n, :waiting}, {:ran, C, n, {:exited, :normal}}]",
    // The sleeper blocks; nothing else can run, so the next step lets time reach its timeout.
    "[{:ran, Z, n, :waiting}, {:ran, Z, n, {:exited, :slept}}]",
    ":idle",
  ]);
  assert.equal(paused, true);
  assert.equal(after, false);
});

test("slow motion: the clock runs at the speed; :beamsh.speed/1 checks its argument", () => {
  const t = testRuntime();
  setSpeed(t.rt, 0.25);
  assert.equal(t.rt.scheduler.speed, 0.25);
  assert.equal(t.clock.rate, 0.25);
  pauseRuntime(t.rt, null);
  assert.equal(t.clock.rate, 0);
  resumeRuntime(t.rt);
  assert.equal(t.clock.rate, 0.25);
  const p = spawnEval(t.rt, `
    :ok = :beamsh.speed(1)
    a = :beamsh.speed()
    :ok = :beamsh.speed(0.1)
    b = :beamsh.speed()
    e = for x <- [0, 2, :fast], do: (try do :beamsh.speed(x) rescue e -> e.message end)
    {a, b, e}`);
  t.rt.runUntilIdle();
  assert.equal(
    inspect((p.x as unknown[])[0]),
    '{1.0, 0.1, ["speed: expected a number above 0 and at most 1, got: 0", "speed: expected a number above 0 and at most 1, got: 2", "speed: expected a number above 0 and at most 1, got: :fast"]}',
  );
});
