// Runs every recorded case (test/collections/cases/*.txt, recorded from real Elixir 1.14
// with cases/record.exs) through the natives and compares the inspected result or the
// exception message.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { Env, loadCases, run } from "./helpers.js";

const dir = new URL("../../../test/collections/cases/", import.meta.url);
for (const file of readdirSync(dir).filter((f) => f.endsWith(".txt")).sort()) {
  test(`cases/${file}`, () => {
    const env: Env = new Map(); // a file is one session: `x = ...` lines bind variables
    for (const [expr, expected] of loadCases(file)) {
      assert.equal(run(expr, env), expected, expr);
    }
  });
}
