// The observer in a real terminal, following "The Soul of Erlang": ten spinning processes
// show at the top by reductions; one is selected, inspected and killed; the shell answers.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { BEAMSH, TmuxSession } from "./tmux.js";

let t: TmuxSession;
before(async () => {
  t = new TmuxSession(BEAMSH, 140, 40);
  await t.waitFor("iex(1)>");
});
after(() => t.kill());

test("observer shows spinners by reductions, kills one, and returns to the shell", async () => {
  t.type("defmodule Spin do def spin(n), do: spin(n + 1) end");
  t.send("Enter");
  await t.waitFor("{:spin, 1}");
  t.type("pids = for _ <- 1..10, do: spawn(fn -> Spin.spin(0) end)");
  t.send("Enter");
  await t.waitFor("iex(3)>");
  t.type("observer()");
  t.send("Enter");
  const opened = await t.waitFor(/processes 11\b/);
  const rows = opened.split("\n").filter((l) => l.includes("<0."));
  assert.match(rows[0], /Spin\.spin\/1/, "a spinner is at the top (sorted by reductions)");
  t.send("Enter");
  await t.waitFor("current function");
  t.send("Escape");
  await t.waitFor(/Reds/);
  t.send("k");
  await t.waitFor("reason");
  t.send("Enter");
  await t.waitFor(/processes 10\b/);
  t.send("q");
  await t.waitFor("iex(4)>");
  t.type("Enum.count(pids, &Process.alive?/1)");
  t.send("Enter");
  await t.waitFor(/^9\s*$/m);
});
