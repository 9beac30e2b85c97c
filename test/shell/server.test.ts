// The shell server as a process: restarts on EXIT, interrupts keep bindings, respawn.
import assert from "node:assert/strict";
import { test } from "node:test";
import { testShell } from "../helpers/session.js";

const shell = testShell;

test("a linked process exiting abnormally restarts the shell: message, banner, counter 1", async (t) => {
  const s = shell();
  t.after(() => s.sh.driver.stop());
  await s.sh.feedLine("x = 1");
  await s.sh.feedLine("pid = spawn_link(fn -> receive do :go -> exit(:bar) end end)");
  const old = s.sh.evaluator.proc.pid;
  s.take();
  await s.sh.feedLine("send(pid, :go); Process.sleep(50)");
  assert.match(s.take(), /^\*\* \(EXIT from #PID<0\.\d+\.0>\) shell process exited with reason: :bar\n\nInteractive beamsh .*\n$/);
  assert.notEqual(s.sh.evaluator.proc.pid, old);
  assert.equal(s.sh.prompt(), "iex(1)> ");
  assert.deepEqual(s.sh.evaluator.bindings, []);
});

test("exit/1 typed at the prompt is reported and does not restart", async (t) => {
  const s = shell();
  t.after(() => s.sh.driver.stop());
  await s.sh.feedLine("y = 2");
  const pid = s.sh.evaluator.proc.pid;
  s.take();
  await s.sh.feedLine("exit(:foo)");
  assert.equal(s.take(), "** (exit) :foo\n\n");
  await s.sh.feedLine("y");
  assert.equal(s.take(), "2\n");
  assert.equal(s.sh.evaluator.proc.pid, pid);
});

test("interrupting a running evaluation prints iex's message and keeps the bindings", async (t) => {
  const s = shell();
  t.after(() => s.sh.driver.stop());
  await s.sh.feedLine("z = 42");
  await s.sh.feedLine("defmodule Spin do def loop, do: loop() end");
  s.take();
  const running = s.sh.feedLine("Spin.loop()");
  await new Promise((r) => setTimeout(r, 30));
  assert.ok(s.sh.busy);
  assert.ok(s.sh.interrupt());
  await running;
  assert.equal(s.take(), "** (EXIT) interrupted\n");
  assert.equal(s.sh.prompt(), "iex(3)> ");
  await s.sh.feedLine("z");
  assert.equal(s.take(), "42\n");
});

test("respawn/0 starts a new evaluator without bindings", async (t) => {
  const s = shell();
  t.after(() => s.sh.driver.stop());
  await s.sh.feedLine("w = 1");
  s.take();
  await s.sh.feedLine("respawn()");
  assert.match(s.take(), /^\nInteractive beamsh .*\n$/);
  assert.equal(s.sh.prompt(), "iex(1)> ");
  assert.deepEqual(s.sh.evaluator.bindings, []);
});

test("an input starting with an operator continues the previous result (v(-1))", async (t) => {
  const s = shell();
  t.after(() => s.sh.driver.stop());
  await s.sh.feedLine("[3, 1, 2]");
  await s.sh.feedLine("|> Enum.sort()");
  assert.equal(s.output(), "[3, 1, 2]\n[1, 2, 3]\n");
});

test("the startup file's bindings are available and its result is not printed", async (t) => {
  const s = shell();
  t.after(() => s.sh.driver.stop());
  await s.sh.loadStartupFile("greeting = \"hi\"\nIO.puts(\"loaded\")", ".iex.exs");
  assert.equal(s.take(), "loaded\n");
  await s.sh.feedLine("greeting");
  assert.equal(s.take(), '"hi"\n');
  assert.equal(s.sh.prompt(), "iex(2)> ");
});
