// ExUnit scripts run as `beamsh FILE.exs` print what `elixir FILE.exs` prints. Each
// test/ex_unit/scripts/NAME.exs has NAME.out, the standard output of real `elixir NAME.exs`
// run in that folder (record: `cd test/ex_unit/scripts && elixir NAME.exs > NAME.out`), and
// a line of it says the exit status elixir ended with (`# exit status: 2`). Only what
// varies from run to run is not compared: the times of "Finished in ..." and of --trace lines,
// and the random seed of files that do not fix one.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

const dir = join(process.cwd(), "test", "ex_unit", "scripts");
const BIN = join(process.cwd(), "bin", "beamsh.js");

export function normaliseRun(text: string): string {
  return text
    .replace(/^Finished in \S+ seconds \(.*\)$/gm, "Finished in X seconds (...)")
    .replace(/^Randomized with seed \d+$/gm, "Randomized with seed N")
    .replace(/ \(\d+\.\d+ms\) \[L#/g, " (T ms) [L#");
}

for (const f of readdirSync(dir).filter((x) => x.endsWith(".exs")).sort()) {
  test(`ExUnit script ${f} prints what elixir prints`, () => {
    const source = readFileSync(join(dir, f), "utf8");
    const status = Number(/^# exit status: (\d+)/m.exec(source)?.[1] ?? "0");
    const expected = readFileSync(join(dir, f.replace(/\.exs$/, ".out")), "utf8");
    const r = spawnSync("node", [BIN, f], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", BEAMSH_HISTORY: "0" } });
    assert.equal(normaliseRun(r.stdout), normaliseRun(expected), r.stderr);
    assert.equal(r.status, status);
  });
}
