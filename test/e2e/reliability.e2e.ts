// The interactive shell under what a hostile (or just busy) user does: pasting a very long
// line, answering IO.gets, interrupting natives that run long.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { BEAMSH, TmuxSession } from "./tmux.js";

let t: TmuxSession;
before(async () => {
  t = new TmuxSession(BEAMSH);
  await t.waitFor("iex(1)>");
});
after(() => t.kill());

test("a pasted 40 KB line is read and evaluated (pasting was quadratic: 49 s)", async () => {
  t.paste("x = [" + Array(20_000).fill("1").join(",") + "]; length(x)");
  t.send("Enter");
  await t.waitFor(/^20000\s*$/m);
  t.send("C-l");
  await t.waitFor(/^iex\(2\)>\s*$/m);
});

test("IO.gets reads a line typed at the terminal, after its prompt", async () => {
  t.type('IO.gets("name? ")');
  t.send("Enter");
  await t.waitFor(/^name\?\s*$/m);
  t.type("Ada");
  t.send("Enter");
  const s = await t.waitFor(/^"Ada\\n"\s*$/m);
  assert.match(s, /^name\? Ada$/m);
  await t.waitFor(/^iex\(3\)>\s*$/m);
});

test("Ctrl+C while IO.gets waits interrupts the evaluation", async () => {
  t.type('IO.gets("more? ")');
  t.send("Enter");
  await t.waitFor(/^more\?\s*$/m);
  t.send("C-c");
  await t.waitFor("** (EXIT) interrupted");
  t.type("1 + 1");
  t.send("Enter");
  await t.waitFor(/^2\s*$/m);
});

test("Ctrl+C while a long native runs (++ of 10M-element lists, done at once in JS) interrupts it; bindings are kept", async () => {
  const n = Number(/iex\((\d+)\)> *$/m.exec(t.screen().trimEnd())![1]);
  t.type("keep = 7; big = List.duplicate(0, 10_000_000); :built");
  t.send("Enter");
  await t.waitFor(`iex(${n + 1})>`, 120_000);
  const interrupts = (t.screen().match(/\*\* \(EXIT\) interrupted/g) ?? []).length;
  t.type("length(big ++ big ++ big ++ big)");
  t.send("Enter");
  await new Promise((r) => setTimeout(r, 300));
  t.send("C-c");
  const s = await t.waitFor(new RegExp(`(\\*\\* \\(EXIT\\) interrupted[\\s\\S]*){${interrupts + 1}}`), 5000);
  assert.doesNotMatch(s, /^40000000\s*$/m, "the native was stopped, not waited for");
  assert.doesNotMatch(s, /BREAK:/, "the key was not seen again at the prompt");
  t.type("keep * 6");
  t.send("Enter");
  await t.waitFor(/^42\s*$/m);
});
