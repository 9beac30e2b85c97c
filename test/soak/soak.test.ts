// The soak tests at a tenth of their size (npm run soak runs them whole): beamsh prints what
// Elixir printed for each.
import assert from "node:assert/strict";
import { test } from "node:test";
import { runSoak, soakFiles } from "./soak.js";

for (const file of soakFiles()) {
  test(`soak ${file} (SOAK_SCALE=10) counts what elixir counts`, () => {
    const r = runSoak(file, 10);
    assert.equal(r.actual, r.expected);
  });
}
