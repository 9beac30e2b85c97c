// Why did it die: cause chains kept from the event stream, told as one paragraph.
import assert from "node:assert/strict";
import { test } from "node:test";
import { CrashLog, explain, wrap } from "../../src/observer/crashes.js";
import { evaluate, spawnEval, testRuntime } from "../helpers/eval.js";

test("a chain of links: each process names the one that took it down, back to the raise", () => {
  const t = testRuntime();
  evaluate("defmodule Deep do\n  def boom(), do: raise(ArgumentError, \"bad\")\nend", t);
  const log = new CrashLog(t.rt);
  const top = spawnEval(t.rt, "Process.register(self(), :top); spawn_link(fn -> spawn_link(fn -> Deep.boom() end); receive do end end); receive do end");
  t.rt.runUntilIdle(200);
  const text = explain(log, top.pid, false).replace(/#PID<[\d.]+>/g, "#PID");
  assert.equal(
    text,
    '#PID (:top) exited: it was linked to #PID, which was linked to #PID, which raised ArgumentError "bad" in Deep.boom/0.',
  );
  log.close();
});

test("a process that trapped the exit is named, and one that is alive says so", () => {
  const t = testRuntime();
  const log = new CrashLog(t.rt);
  const trapper = spawnEval(t.rt, "Process.flag(:trap_exit, true); spawn_link(fn -> exit(:bye) end); receive do end");
  t.rt.runUntilIdle(200);
  const child = [...log.exits.values()][0];
  assert.match(explain(log, child.pid, false), /^#PID<[\d.]+> exited with reason :bye\. Its exit signal was trapped \(turned into an \{:EXIT, \.\.\.\} message\) by #PID<[\d.]+>\.$/);
  assert.match(explain(log, trapper.pid, true), /^#PID<[\d.]+> is alive\.$/);
  log.close();
});

test("wrap breaks at spaces within the width", () => {
  assert.equal(wrap("aaa bbb ccc ddd", 7), "aaa bbb\nccc ddd");
  assert.equal(wrap("a-very-long-word x", 5), "a-very-long-word\nx");
});
