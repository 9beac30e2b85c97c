// Ports to programs (Port.open/2 with {:spawn, ...} and {:spawn_executable, ...}): each
// test/stdlib/ports/NAME.exs run as `beamsh NAME.exs` prints what `elixir NAME.exs` printed
// (recorded in that folder: `elixir NAME.exs > NAME.out`). The programs are the system's
// own (sh, cat, echo, printf, pwd, true).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

const dir = join(process.cwd(), "test", "stdlib", "ports");
const BIN = join(process.cwd(), "bin", "beamsh.js");

for (const f of readdirSync(dir).filter((x) => x.endsWith(".exs")).sort()) {
  const out = join(dir, f.replace(/\.exs$/, ".out"));
  if (!existsSync(out)) continue;
  test(`ports script ${f} prints what elixir prints`, () => {
    const r = spawnSync("node", [BIN, f], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", BEAMSH_HISTORY: "0" }, timeout: 120_000 });
    assert.equal(r.stdout, readFileSync(out, "utf8"), r.stderr);
    assert.equal(r.stderr, "");
    assert.equal(r.status, 0);
  });
}
