// The Tree view's restart bar in a real terminal: a supervisor (max_restarts 3 in 30 s)
// whose child is killed every 2.5 s; the bar fills (2/3, 3/3), then the supervisor gives up
// and the view says so and where its exit went.
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
  t.type("{:ok, sup} = Supervisor.start_link([%{id: W, start: {Agent, :start_link, [fn -> 0 end, [name: W]]}}], strategy: :one_for_one, max_restarts: 3, max_seconds: 30); Process.unlink(sup)");
  t.send("Enter");
  await t.waitFor("iex(2)>");
  t.type("Process.exit(Process.whereis(W), :kill); Supervisor.count_children(sup); spawn(fn -> for _ <- 1..3, do: (Process.sleep(2500); Process.exit(Process.whereis(W), :kill)) end)");
  t.send("Enter");
  await t.waitFor("iex(3)>");
  t.type("observer()");
  t.send("Enter");
  await t.waitFor("6 Sequence");
  t.send("2");
  const one = await t.waitFor(/\[supervisor, :one_for_one\] +restarts ▮▯▯ 1\/3 in 30s/);
  assert.match(one, /└─ <0\.\d+\.0> W/);
  await t.waitFor(/restarts ▮▮▯ 2\/3 in 30s/);
  await t.waitFor(/restarts ▮▮▮ 3\/3 in 30s/);
  const gaveUp = await t.waitFor(/✖ Supervisor #PID<0\.\d+\.0> gave up \(4 restarts within 30s, max_restarts 3\) and exited with reason :shutdown/);
  assert.doesNotMatch(gaveUp, /\[supervisor/, "the supervisor is gone from the tree");
  t.send("q");
  await t.waitFor("iex(4)>");
  t.type("Process.alive?(sup)");
  t.send("Enter");
  await t.waitFor(/^false\s*$/m);
});
