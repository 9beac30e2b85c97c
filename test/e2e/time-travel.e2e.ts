// Time travel in a real terminal: the observer keeps its samples; after a supervised child
// is killed and restarted, { goes back to the tree right before it ended, ] and [ step, L
// returns to the live view.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { BEAMSH, TmuxSession } from "./tmux.js";

const sessions: TmuxSession[] = [];
after(() => sessions.forEach((s) => s.kill()));

test("time travel: the tree right before a restart, stepping forward to the new child, back to live", async () => {
  const t = new TmuxSession(BEAMSH, 130, 24);
  sessions.push(t);
  await t.waitFor("iex(1)>");
  t.type("{:ok, sup} = Supervisor.start_link([%{id: W, start: {Agent, :start_link, [fn -> 0 end, [name: W]]}}], strategy: :one_for_one); Process.unlink(sup)");
  t.send("Enter");
  await t.waitFor("iex(2)>");
  t.type("observer()");
  t.send("Enter");
  await t.waitFor("6 Lanes");
  t.send("2");
  const before = await t.waitFor(/└─ <0\.\d+\.0> W/);
  const oldW = before.match(/└─ (<0\.\d+\.0>) W/)![1];
  // A sample or two with the old child, then kill it from the tree (k, Enter: :kill).
  t.send("Down", "Down");
  await t.waitFor(/^▶ .*└─ <0\.\d+\.0> W/m);
  t.send("k");
  await t.waitFor("reason");
  t.send("Enter");
  const restarted = await t.waitFor(new RegExp(`└─ (?!${oldW})<0\\.\\d+\\.0> W`));
  const newW = restarted.match(/└─ (<0\.\d+\.0>) W/)![1];
  // Back to the sample right before the child ended (one or two jumps: the restart may fall
  // in the same sample as the exit or in the next).
  t.send("{");
  let s = await t.waitFor(/⏪ [\d.]+ s back \(sample \d+ of \d+\)/);
  if (!s.includes(`${oldW} W`)) {
    t.send("{");
    s = await t.waitFor(`next sample: ${oldW} ended`);
  }
  assert.match(s, new RegExp(`└─ ${oldW} W`));
  assert.match(s, new RegExp(`next sample: ${oldW} ended`));
  assert.match(s, /restarts ▯▯▯ 0\/3 in 5s/);
  // Forward, sample by sample, until the new child is there.
  for (let i = 0; i < 4 && !t.screen().includes(`${newW} W`); i++) {
    t.send("]");
    await new Promise((r) => setTimeout(r, 300));
  }
  s = await t.waitFor(new RegExp(`└─ ${newW} W`));
  assert.match(s, /restarts ▮▯▯ 1\/3 in 5s/);
  if (s.includes("⏪")) {
    t.send("[");
    await t.waitFor(/⏪/);
    t.send("L");
  }
  s = await t.waitFor("live again");
  assert.doesNotMatch(s, /⏪/);
  assert.match(s, /uptime \d\d:\d\d:\d\d · processes/);
  t.send("q");
  await t.waitFor("iex(3)>");
});
