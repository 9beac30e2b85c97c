// Tab completion: the shell asks IEx.Autocomplete.expand/2 (prelude/iex.ex, the function
// Elixir code calls), with its own evaluator answering for the variables, imports and
// aliases of the session; entries are formatted as iex lists them.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createRuntime } from "../../src/boot.js";
import { formatEntries } from "../../src/shell/autocomplete.js";
import { ShellServer } from "../../src/shell/server.js";

function shell(): ShellServer {
  const rt = createRuntime({ write: () => {} });
  const server = new ShellServer(rt, () => {});
  return server;
}

test("an alias prefix completes to the module name", async (t) => {
  const s = shell();
  t.after(() => s.driver.stop());
  assert.deepEqual(await s.expand("Keywo"), { insert: "rd", entries: [] });
  assert.deepEqual(await s.expand("x = Strin"), { insert: "g", entries: [] });
  assert.deepEqual(await s.expand("Enumerable"), { insert: ".", entries: [] });
});

test("an ambiguous alias lists the candidates", async (t) => {
  const s = shell();
  t.after(() => s.driver.stop());
  assert.deepEqual((await s.expand("Ma")).entries, ["Macro", "Map", "MapSet", "MatchError"]);
  assert.deepEqual((await s.expand("Map")).entries, ["Map", "MapSet"]);
  assert.deepEqual((await s.expand("Enum.")).entries.slice(0, 2), ["EmptyError", "OutOfBoundsError"]);
});

test("Module. lists its functions as fun/arity", async (t) => {
  const s = shell();
  t.after(() => s.driver.stop());
  const c = await s.expand("Enum.");
  assert.equal(c.insert, "");
  assert.ok(c.entries.includes("sum/1"));
  assert.ok(c.entries.includes("reverse/1"));
});

test("a function prefix completes to the longest common prefix", async (t) => {
  const s = shell();
  t.after(() => s.driver.stop());
  assert.deepEqual(await s.expand("String.up"), { insert: "case", entries: [] });
  const c = await s.expand("String.s");
  assert.ok(c.entries.includes("split/2") && c.entries.includes("slice/3"));
});

test("bare names complete the shell's variables and imports", async (t) => {
  const s = shell();
  t.after(() => s.driver.stop());
  await s.feedLine("abc = 1; my_var = %{key: 1}");
  assert.deepEqual((await s.expand("ab")).entries, ["abc", "abs/1"]);
  assert.deepEqual(await s.expand("my_v"), { insert: "ar", entries: [] });
  assert.deepEqual(await s.expand("my_var.k"), { insert: "ey", entries: [] });
  await s.feedLine("import Integer");
  assert.deepEqual(await s.expand("undig"), { insert: "its", entries: [] });
  assert.deepEqual((await s.expand("pw")).insert, "d");
});

test("erlang modules complete after a colon", async (t) => {
  const s = shell();
  t.after(() => s.driver.stop());
  assert.deepEqual(await s.expand(":lis"), { insert: "ts", entries: [] });
});

test("entries are laid out in columns like edlin's", () => {
  const out = formatEntries(["slice/2", "slice/3", "split/1", "split/2", "split/3", "split_at/2", "splitter/2", "splitter/3", "starts_with?/2"]);
  assert.equal(
    out,
    "slice/2           slice/3           split/1           split/2\n" +
      "split/3           split_at/2        splitter/2        splitter/3\n" +
      "starts_with?/2\n",
  );
});
