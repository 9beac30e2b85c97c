// `beamsh FILE.exs` prints what `elixir FILE.exs` prints, on each stream, and ends with its
// status. Each test/shell/scripts/NAME.exs has NAME.out (standard output), NAME.err
// (standard error) and NAME.status recorded from real elixir run in that folder
// (`elixir NAME.exs > NAME.out 2> NAME.err; echo $? > NAME.status`). They are about how a
// file is compiled: its whole top level is expanded before any of it runs.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

const dir = join(process.cwd(), "test", "shell", "scripts");
const BIN = join(process.cwd(), "bin", "beamsh.js");

for (const f of readdirSync(dir).filter((x) => x.endsWith(".exs")).sort()) {
  test(`script ${f} prints what elixir prints`, () => {
    const base = join(dir, f.replace(/\.exs$/, ""));
    const r = spawnSync("node", [BIN, f], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", BEAMSH_HISTORY: "0" } });
    assert.equal(r.stdout, readFileSync(base + ".out", "utf8"));
    assert.equal(r.stderr, readFileSync(base + ".err", "utf8"));
    assert.equal(r.status, Number(readFileSync(base + ".status", "utf8").trim()));
  });
}
