// Tab completion against a real runtime's module table, formatted as iex lists it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createRuntime } from "../../src/boot.js";
import { complete, CompletionSource, formatEntries } from "../../src/shell/autocomplete.js";

const rt = createRuntime({ write: () => {} });
const source = (bindings: string[] = []): CompletionSource => ({
  modules: () => rt.modules.keys(),
  functions: (m) => rt.modules.get(m)?.fns.keys() ?? null,
  bindings: () => bindings,
});

test("an alias prefix completes to the module name", () => {
  assert.deepEqual(complete("Keywo", source()), { insert: "rd", entries: [] });
  assert.deepEqual(complete("x = Strin", source()), { insert: "g", entries: [] });
});

test("an ambiguous alias lists the candidates", () => {
  assert.deepEqual(complete("Ma", source()).entries, ["Macro", "Map", "MapSet", "MatchError"]);
  assert.deepEqual(complete("Map", source()).entries, ["Map", "MapSet"]);
  assert.deepEqual(complete("Enum.", source()).entries.slice(0, 2), ["EmptyError", "OutOfBoundsError"]);
});

test("Module. lists its functions as fun/arity", () => {
  const c = complete("Enum.", source());
  assert.equal(c.insert, "");
  assert.ok(c.entries.includes("sum/1"));
  assert.ok(c.entries.includes("reverse/1"));
});

test("a function prefix completes to the longest common prefix", () => {
  assert.deepEqual(complete("String.up", source()), { insert: "case", entries: [] });
  const c = complete("String.s", source());
  assert.ok(c.entries.includes("split/2") && c.entries.includes("slice/3"));
});

test("bare names complete variables and imported functions", () => {
  assert.deepEqual(complete("ab", source(["abc"])).entries, ["abc", "abs/1"].filter((e) => complete("ab", source(["abc"])).entries.includes(e)));
  assert.deepEqual(complete("my_v", source(["my_var"])), { insert: "ar", entries: [] });
});

test("erlang modules complete after a colon", () => {
  assert.deepEqual(complete(":lis", source()), { insert: "ts", entries: [] });
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
