// The teaching helpers' text output (seq/1, why/1) replayed through the shell: each NAME.in
// here is fed to a piped shell and compared with NAME.out. These helpers exist only in
// beamsh, so the .out files are beamsh's own output, reviewed by hand when recorded
// (`node bin/beamsh.js < test/teaching/NAME.in > test/teaching/NAME.out`); the programs are
// the seeds' (000's pmap, 001's GenServer) and crashes under a supervisor and in the shell.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { normalise, runSession } from "../helpers/session.js";

const dir = join(process.cwd(), "test", "teaching");

for (const f of readdirSync(dir).filter((x) => x.endsWith(".in")).sort()) {
  test(`teaching transcript ${f}`, async () => {
    const input = readFileSync(join(dir, f));
    const expected = readFileSync(join(dir, f.replace(/\.in$/, ".out")), "utf8");
    assert.equal(normalise(await runSession(input)), normalise(expected));
  });
}
