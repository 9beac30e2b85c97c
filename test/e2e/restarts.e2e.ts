// The Tree view's restart bar in a real terminal: a supervisor (max_restarts 3 in 60 s)
// whose child is killed (once from the shell, then from the tree with k); the bar fills
// (1/3, 2/3, 3/3), then the supervisor gives up and the view says so and where its exit went.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { BEAMSH, TmuxSession } from "./tmux.js";

let t: TmuxSession;
before(async () => {
  t = new TmuxSession(BEAMSH, 120, 24);
  await t.waitFor("iex(1)>");
});
after(() => t.kill());

test("the tree shows a supervisor's restarts against max_restarts, then that it gave up", async () => {
  t.type("{:ok, sup} = Supervisor.start_link([%{id: W, start: {Agent, :start_link, [fn -> 0 end, [name: W]]}}], strategy: :one_for_one, max_restarts: 3, max_seconds: 60); Process.unlink(sup)");
  t.send("Enter");
  await t.waitFor("iex(2)>");
  t.type("Process.exit(Process.whereis(W), :kill); Supervisor.count_children(sup)");
  t.send("Enter");
  await t.waitFor("iex(3)>");
  t.type("observer()");
  t.send("Enter");
  await t.waitFor("6 Lanes");
  t.send("2");
  const one = await t.waitFor(/\[supervisor, :one_for_one\] +restarts ▮▯▯ 1\/3 in 60s/);
  assert.match(one, /└─ <0\.\d+\.0> W/);
  // Kill the child from the tree (k, Enter: :kill) until the supervisor gives up.
  t.send("Down", "Down");
  await t.waitFor(/^▶ .*└─ <0\.\d+\.0> W/m);
  for (const bar of ["▮▮▯ 2/3", "▮▮▮ 3/3"]) {
    t.send("k");
    await t.waitFor("reason");
    t.send("Enter");
    await t.waitFor(`restarts ${bar} in 60s`);
    await t.waitFor(/^▶ .*└─ <0\.\d+\.0> W/m);
  }
  t.send("k");
  await t.waitFor("reason");
  t.send("Enter");
  await t.waitFor(/✖ Supervisor #PID<0\.\d+\.0> gave up \(4 restarts within 60s, max_restarts 3\) and exited with reason :shutdown/);
  // The next sample: only the shell is left in the tree.
  const gone = await t.waitFor(/processes 1 ·/);
  assert.doesNotMatch(gone, /\[supervisor/, "the supervisor is gone from the tree");
  assert.match(gone, /✖ Supervisor #PID<0\.\d+\.0> gave up/);
  t.send("q");
  await t.waitFor("iex(4)>");
  t.type("Process.alive?(sup)");
  t.send("Enter");
  await t.waitFor(/^false\s*$/m);
});
