// Selective receive, visible: the detail view of a process waiting in receive marks each
// message in its mailbox with what the receive did with it: tried and matched no clause (it
// stays), or never looked at because the receive waits for a newer reference (make_ref).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { BEAMSH, TmuxSession } from "./tmux.js";

let t: TmuxSession;
before(async () => {
  t = new TmuxSession(BEAMSH, 110, 40);
  await t.waitFor("iex(1)>");
});
after(() => t.kill());

async function detailOf(name: string): Promise<string> {
  t.type("observer()");
  t.send("Enter");
  await t.waitFor("6 Lanes");
  t.send("/");
  t.type(name);
  t.send("Enter");
  await t.waitFor(new RegExp(`^▶ <0\\.\\d+\\.0> +${name} `, "m"));
  // On a loaded machine the two Enters (close the filter, open the detail) can arrive as one
  // chunk: press again until the detail shows (Enter does nothing there).
  for (let attempt = 0; ; attempt++) {
    t.send("Enter");
    try {
      return await t.waitFor(/Messages \(first/, 4000);
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
}

test("messages that match no clause stay in the mailbox, marked as tried", async () => {
  t.paste("defmodule Picky do\n  def wait_for_b do\n    receive do\n      {:b, x} -> x\n    end\n  end\nend\n");
  await t.waitFor("{:module, Picky,");
  t.type("picky = spawn(&Picky.wait_for_b/0); Process.register(picky, Picky); for m <- [{:a, 1}, :hello], do: send(picky, m)");
  t.send("Enter");
  await t.waitFor("iex(3)>");
  const s = await detailOf("Picky");
  assert.match(s, /Messages \(first 2 of 2\) · waiting in receive in Picky\.wait_for_b\/0/);
  assert.match(s, /it waits for a message matching its pattern:\n +⊳ \{:b, x\}\n/);
  assert.match(s, /✗ 2 tried: no clause of the receive matches \(they stay in the mailbox\)/);
  assert.match(s, /^ +✗ \{:a, 1\}$/m);
  assert.match(s, /^ +✗ :hello$/m);
  t.send("q");
  await t.waitFor("iex(4)>");
});

test("a receive waiting for a new reference does not look at older messages", async () => {
  t.type("p = spawn(fn -> receive do :go -> :ok end; ref = make_ref(); receive do {^ref, x} -> x end end); Process.register(p, RefWaiter); send(p, {:junk, 1}); send(p, :go)");
  t.send("Enter");
  await t.waitFor("iex(5)>");
  const s = await detailOf("RefWaiter");
  assert.match(s, /⤼ 1 not looked at: older than the reference the receive waits for/);
  assert.match(s, /⊳ \{\^ref, x\}/);
  assert.match(s, /^ +⤼ \{:junk, 1\}$/m);
  t.send("q");
  await t.waitFor("iex(6)>");
});
