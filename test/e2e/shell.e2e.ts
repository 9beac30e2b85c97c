// The interactive shell in a real terminal: history, completion, colours, Ctrl+C on a
// runaway evaluation, and output from other processes arriving while a line is typed.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { BEAMSH, TmuxSession } from "./tmux.js";

let t: TmuxSession;
before(async () => {
  t = new TmuxSession(BEAMSH);
  await t.waitFor("iex(1)>");
});
after(() => t.kill());

test("history recall brings back an earlier input", async () => {
  t.type("x = 41");
  t.send("Enter");
  await t.waitFor("iex(2)>");
  t.send("Up");
  await t.waitFor(/iex\(2\)> x = 41\s*$/m);
  t.send("C-u");
  t.type("x + 1");
  t.send("Enter");
  await t.waitFor(/^42\s*$/m);
});

test("Tab after Enum. lists its functions", async () => {
  t.type("Enum.");
  t.send("Tab");
  const s = await t.waitFor("map_reduce/3");
  assert.match(s, /reduce\/3/);
  t.send("C-u");
});

test("results are coloured like iex", async () => {
  t.type(":coloured");
  t.send("Enter");
  // Atoms are cyan in iex's default palette.
  await t.waitFor(/\x1b\[36m:coloured/, 20000, true);
});

test("Ctrl+C interrupts an infinite loop; the shell answers and keeps bindings", async () => {
  t.type("defmodule Loop do def forever, do: forever() end");
  t.send("Enter");
  await t.waitFor("{:forever, 0}");
  t.type("Loop.forever()");
  t.send("Enter");
  await new Promise((r) => setTimeout(r, 1000));
  t.send("C-c");
  await t.waitFor("** (EXIT) interrupted");
  t.type("x * 2");
  t.send("Enter");
  await t.waitFor(/^82\s*$/m);
});

test("a crash report arriving while typing does not garble the line", async () => {
  const n = Number(/iex\((\d+)\)> *$/m.exec(t.screen().trimEnd())![1]);
  t.type('spawn(fn -> Process.sleep(1500); raise "late crash" end)');
  t.send("Enter");
  await t.waitFor(`iex(${n + 1})>`);
  t.type("1 + ");
  const s = await t.waitFor("** (RuntimeError) late crash", 10000);
  const lines = s.trimEnd().split("\n");
  assert.match(lines[lines.length - 1], /^iex\(\d+\)> 1 \+\s*$/, "the typed line is redrawn below the report");
  t.type("1");
  t.send("Enter");
  await t.waitFor(/^2\s*$/m);
});
