// Crash replay: a crash as the steps it took (the raise, each exit signal, who trapped it,
// who was taken down, the supervisor's restart), newest crash first, and the marks each step
// leaves on the processes.
import assert from "node:assert/strict";
import { test } from "node:test";
import { CrashLog } from "../../src/observer/crashes.js";
import { crashStories, marksAt } from "../../src/observer/crash-replay.js";
import { evaluate, spawnEval, testRuntime } from "../helpers/eval.js";

const PID = /#PID<[\d.]+>/g;

test("a raise in a linked process: the raise, the link's signal, the process taken down, the trap and the supervisor's restart", () => {
  const t = testRuntime();
  evaluate('defmodule Boom do\n  def bar(n), do: raise("boom #{n}")\nend', t);
  const log = new CrashLog(t.rt);
  spawnEval(
    t.rt,
    "children = [%{id: :w, start: {Agent, :start_link, [fn -> 0 end, [name: W]]}}]; {:ok, _} = Supervisor.start_link(children, strategy: :one_for_one); Agent.cast(W, fn _ -> spawn_link(fn -> Boom.bar(3) end); 0 end); receive do end",
  );
  t.rt.runUntilIdle(500);
  const stories = crashStories(log);
  assert.equal(stories.length, 1, "one crash: the others were brought on by links");
  const s = stories[0];
  assert.deepEqual(
    s.steps.map((x) => `${x.kind}: ${x.text.replace(PID, "#PID")}`),
    [
      'end: #PID raised RuntimeError "boom 3" in Boom.bar/1',
      `signal: the link carries #PID's exit signal (%RuntimeError{message: "boom 3"} (raised in Boom.bar/1)) to #PID (W)`,
      'killed: #PID (W) does not trap exits, so it exits too (%RuntimeError{message: "boom 3"} (raised in Boom.bar/1))',
      `signal: the link carries #PID (W)'s exit signal (%RuntimeError{message: "boom 3"} (raised in Boom.bar/1)) to #PID`,
      'trapped: #PID traps exits: the signal becomes the message {:EXIT, #PID, %RuntimeError{message: "boom 3"} (raised in Boom.bar/1)} in its mailbox',
      "restart: supervisor #PID restarts the child as #PID (1 restart within 5s, max_restarts 3)",
    ],
  );
  assert.ok(s.at !== null);
  // After step 3 the raising process and W are marked, W as taken down; the supervisor not yet.
  const marks = marksAt(s, 2);
  assert.equal(marks.size, 2);
  assert.deepEqual([...marks.values()].map((m) => [m.mark.replace(/\(.*/, ""), m.current]), [["✖ raised RuntimeError", false], ["✖ taken down ", true]]);
  log.close();
});

test("a kill with Process.exit/2 is a crash of its own; a normal exit is none; newest first", () => {
  const t = testRuntime();
  const log = new CrashLog(t.rt);
  spawnEval(t.rt, "spawn(fn -> :ok end); p = spawn(fn -> receive do end end); Process.exit(p, :kill); q = spawn(fn -> receive do end end); Process.exit(q, :bye); receive do end");
  t.rt.runUntilIdle(200);
  const stories = crashStories(log);
  assert.deepEqual(
    stories.map((s) => s.steps.map((x) => x.text.replace(PID, "#PID"))),
    [
      ["#PID sent #PID an exit signal with Process.exit(pid, :bye)", "#PID exited with reason :bye"],
      ["#PID sent #PID an exit signal with Process.exit(pid, :kill)", "#PID exited with reason :killed"],
    ],
  );
  log.close();
});
