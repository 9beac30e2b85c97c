// Exit reasons typed at the kill prompt.
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseReason } from "../../src/observer/reason.js";
import { inspect } from "../../src/runtime/inspect.js";

const read = (s: string) => {
  const r = parseReason(s);
  return r.ok ? inspect(r.term) : "error: " + r.error;
};

test("literal reasons become terms", () => {
  assert.equal(read(":kill"), ":kill");
  assert.equal(read("{:shutdown, :restart}"), "{:shutdown, :restart}");
  assert.equal(read('{:error, "boom", [1, -2, 3.5]}'), '{:error, "boom", [1, -2, 3.5]}');
  assert.equal(read("MyApp.Error"), "MyApp.Error");
});

test("code is not run: a call is refused", () => {
  assert.match(read("exit(:x)"), /^error: only literal/);
  assert.match(read("{"), /^error: cannot parse/);
});
