// Crash replay in a real terminal: a process raises inside a supervised Agent's link; the
// observer's Crashes view (9) replays it step by step on the tree as it was right before:
// the raise, the link's exit signal, the Agent taken down, the supervisor trapping it, the
// restart.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { BEAMSH, TmuxSession } from "./tmux.js";

const sessions: TmuxSession[] = [];
after(() => sessions.forEach((s) => s.kill()));

test("crash replay: the failing process, then each signal, trap and restart, marked on the tree", async () => {
  const t = new TmuxSession(BEAMSH, 150, 30);
  sessions.push(t);
  await t.waitFor("iex(1)>");
  t.type('defmodule Foo, do: def bar(n), do: raise("boom #{n}")');
  t.send("Enter");
  await t.waitFor("iex(2)>");
  t.type("{:ok, sup} = Supervisor.start_link([%{id: :w, start: {Agent, :start_link, [fn -> 0 end, [name: W]]}}], strategy: :one_for_one); Process.unlink(sup)");
  t.send("Enter");
  await t.waitFor("iex(3)>");
  // The crash happens a little later, while the observer is open (it samples once a second).
  t.type("spawn(fn -> Process.sleep(6000); Agent.cast(W, fn _ -> spawn_link(fn -> Foo.bar(3) end); 0 end) end)");
  t.send("Enter");
  await t.waitFor("iex(4)>");
  t.type("observer()");
  t.send("Enter");
  await t.waitFor("9 Crashes");
  t.send("9");
  await t.waitFor("No crash recorded yet");
  // The view shows the newest crash once it is there; 9 again starts it at its first step.
  await t.waitFor("Crash replay · crash 1 of 1", 30000);
  t.send("9");
  let s = await t.waitFor(/Crash replay · crash 1 of 1 .* step 1 of 6/);
  assert.match(s, /▶  1\. #PID<0\.\d+\.0> raised RuntimeError "boom 3" in Foo\.bar\/1/);
  assert.match(s, /The processes right before it \(the sample at \d\d:\d\d:\d\d\):/);
  assert.match(s, /└─ <0\.\d+\.0> W/);
  t.send("Right");
  s = await t.waitFor(/step 2 of 6/);
  assert.match(s, /▶  2\. the link carries #PID<0\.\d+\.0>'s exit signal .* to #PID<0\.\d+\.0> \(W\)/);
  assert.match(s, /W .*⇐ exit signal from <0\.\d+\.0>/);
  t.send("Right");
  s = await t.waitFor(/step 3 of 6/);
  assert.match(s, /W .*✖ taken down/);
  t.send("Right", "Right");
  s = await t.waitFor(/step 5 of 6/);
  assert.match(s, /\[supervisor, :one_for_one\].*⚑ trapped it: \{:EXIT, \.\.\.\} message/);
  t.send("Right");
  s = await t.waitFor(/step 6 of 6/);
  assert.match(s, /\[supervisor, :one_for_one\].*↻ restarted it as <0\.\d+\.0>/);
  assert.match(s, /▶  6\. supervisor #PID<0\.\d+\.0> restarts the child as #PID<0\.\d+\.0> \(1 restart within 5s, max_restarts 3\)/);
  t.send("Left");
  await t.waitFor(/step 5 of 6/);
  t.send("q");
  await t.waitFor("iex(5)>");
});
