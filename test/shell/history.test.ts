// History: navigation, search and the history file.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { History, historyFileFromEnv } from "../../src/shell/history.js";
import { tempDir } from "../helpers/tmp.js";

test("entries are appended to the history file and loaded by the next session", () => {
  const file = join(tempDir("beamsh-history-"), "history");
  const h = new History(file);
  h.add("x = 1");
  h.add("x = 1");
  h.add("   ");
  h.add('IO.puts("a\\nb")');
  assert.equal(readFileSync(file, "utf8"), 'x = 1\nIO.puts("a\\\\nb")\n');
  const again = new History(file);
  assert.deepEqual(again.entries, ["x = 1", 'IO.puts("a\\nb")']);
  assert.equal(again.previous(""), 'IO.puts("a\\nb")');
});

test("a missing or unreadable file starts an empty history", () => {
  assert.deepEqual(new History("/nonexistent/dir/history").entries, []);
});

test("previous/next stop at the ends and return the draft", () => {
  const h = new History(null);
  h.add("a");
  h.add("b");
  assert.equal(h.next(), null);
  assert.equal(h.previous("typing"), "b");
  assert.equal(h.previous("b"), "a");
  assert.equal(h.previous("a"), null);
  assert.equal(h.next(), "b");
  assert.equal(h.next(), "typing");
});

test("search finds the newest match before a position", () => {
  const h = new History(null);
  for (const l of ["spawn(a)", "x", "spawn(b)"]) h.add(l);
  assert.deepEqual(h.search("spawn"), { index: 2, line: "spawn(b)" });
  assert.deepEqual(h.search("spawn", 2), { index: 0, line: "spawn(a)" });
  assert.equal(h.search("nope"), null);
});

test("BEAMSH_HISTORY=0 disables the file; BEAMSH_HISTORY_FILE chooses it", () => {
  assert.equal(historyFileFromEnv({ BEAMSH_HISTORY: "0" }), null);
  assert.equal(historyFileFromEnv({ BEAMSH_HISTORY_FILE: "/tmp/h" }), "/tmp/h");
  assert.match(historyFileFromEnv({})!, /\.beamsh_history$/);
  const dir = tempDir("beamsh-history-");
  writeFileSync(join(dir, "h"), "a\nb\n");
  assert.deepEqual(new History(join(dir, "h")).entries, ["a", "b"]);
});
