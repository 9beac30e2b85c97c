// Timers on a virtual clock: receive ... after, Process.sleep, send_after, cancel/read_timer.
import assert from "node:assert/strict";
import { test } from "node:test";
import { TestRuntime, advance, resultOf, runSrc, spawnEval, testRuntime } from "./helpers.js";

/** Spawns `src` and runs it until it blocks, at virtual time 0. */
function start(t: TestRuntime, src: string) {
  const p = spawnEval(t.rt, src);
  t.rt.runUntilIdle();
  return p;
}

test("receive ... after fires exactly when virtual time reaches the timeout", () => {
  const t = testRuntime();
  const p = start(t, `receive do :never -> :no after 50 -> :timed_out end`);
  advance(t, 49);
  assert.equal(p.status, "waiting");
  advance(t, 1);
  assert.equal(resultOf(p), ":timed_out");
});

test("a receive's after counts from when it blocks, and a non-matching message does not restart it", () => {
  const t = testRuntime();
  const p = start(t, `
    me = self()
    spawn(fn -> Process.sleep(30); send(me, :noise) end)
    receive do :never -> :no after 50 -> :timed_out end`);
  advance(t, 30);
  assert.equal(p.status, "waiting", "the noise was scanned and the receive blocked again");
  advance(t, 19);
  assert.equal(p.status, "waiting");
  advance(t, 1);
  assert.equal(resultOf(p), ":timed_out");
});

test("a receive with an after that finds its message reads no clock", () => {
  const t = testRuntime();
  const p = spawnEval(t.rt, `
    defmodule Reads do
      def loop(0, acc), do: acc
      def loop(n, acc) do
        send(self(), {:v, n})
        receive do
          {:v, v} -> loop(n - 1, acc + v)
        after
          5000 -> :timed_out
        end
      end
    end
    Reads.loop(1000, 0)`);
  t.rt.runUntilIdle();
  assert.equal(resultOf(p), "500500");
  let reads = 0;
  const clock = t.rt.clock;
  const now = clock.now.bind(clock);
  clock.now = () => (reads++, now());
  const q = spawnEval(t.rt, `Reads.loop(1000, 0)`);
  t.rt.runUntilIdle();
  assert.equal(resultOf(q), "500500");
  assert.ok(reads < 100, `${reads} clock reads for 1000 receives`);
});

test("after 0 checks the mailbox once and never blocks", () => {
  assert.equal(runSrc(`receive do :x -> :got after 0 -> :empty end`), ":empty");
  assert.equal(runSrc(`send(self(), :x); receive do :x -> :got after 0 -> :empty end`), ":got");
});

test("a message arriving before the timeout cancels it", () => {
  const t = testRuntime();
  const p = start(t, `
    me = self()
    spawn(fn -> Process.sleep(10); send(me, :hello) end)
    receive do :hello -> :got after 100 -> :timed_out end`);
  advance(t, 10);
  assert.equal(resultOf(p), ":got");
  assert.equal(t.rt.clock.nextDeadline(), null, "no timer left behind");
});

test("Process.sleep blocks for the given time only", () => {
  const t = testRuntime();
  const p = start(t, `Process.sleep(30); :woke`);
  advance(t, 29);
  assert.equal(p.status, "waiting");
  advance(t, 1);
  assert.equal(resultOf(p), ":woke");
});

test("send_after delivers at the due time; timers fire in order", () => {
  const t = testRuntime();
  const p = start(t, `
    Process.send_after(self(), :second, 20)
    Process.send_after(self(), :first, 10)
    a = receive do m -> m end
    b = receive do m -> m end
    [a, b]`);
  advance(t, 15);
  assert.equal(p.status, "waiting");
  advance(t, 5);
  assert.equal(resultOf(p), "[:first, :second]");
});

test("cancel_timer returns the time left, then false; read_timer too", () => {
  const t = testRuntime();
  const p = start(t, `
    ref = Process.send_after(self(), :tick, 1000)
    receive do after 250 -> :ok end
    left = Process.read_timer(ref)
    {left, Process.cancel_timer(ref), Process.cancel_timer(ref), Process.read_timer(ref)}`);
  advance(t, 250);
  assert.equal(resultOf(p), "{750, 750, false, false}");
});

test("send_after to a registered name resolves the name when the timer fires", () => {
  const r = runSrc(`
    Process.send_after(:later, :hi, 10)
    Process.register(self(), :later)
    receive do :hi -> :got after 20 -> :missed end`);
  assert.equal(r, ":got");
});

test("timers fire on time while other processes spin", () => {
  const t = testRuntime(1000);
  const spin = `defmodule Spin do\n  def spin(n), do: spin(n + 1)\nend`;
  spawnEval(t.rt, spin);
  t.rt.runUntilIdle();
  for (let i = 0; i < 5; i++) spawnEval(t.rt, `Spin.spin(0)`);
  const sleeper = spawnEval(t.rt, `receive do after 10 -> :late? end`);
  for (let i = 0; i < 10; i++) t.rt.step();
  t.clock.advance(10);
  let slices = 0;
  while (sleeper.status !== "exited" && slices < 100) {
    t.rt.step();
    slices++;
  }
  assert.equal(resultOf(sleeper), ":late?");
  assert.ok(slices <= 7, `woke after ${slices} slices of the spinners`);
});
