// Recorded iex sessions whose output contains crash reports: replayed through the shell like
// test/sessions, with Logger timestamps ("01:08:26.290 ") removed before comparing.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { normalise, runSession } from "../helpers/session.js";

const dir = join(process.cwd(), "test", "procs", "sessions");
const untimed = (s: string) => normalise(s).replace(/^\d\d:\d\d:\d\d\.\d{3} \[/gm, "[");

for (const f of readdirSync(dir).filter((x) => x.endsWith(".in")).sort()) {
  test(`session ${f} matches iex`, async () => {
    const input = readFileSync(join(dir, f), "utf8");
    const expected = readFileSync(join(dir, f.replace(/\.in$/, ".out")), "utf8");
    assert.equal(untimed(await runSession(input)), untimed(expected));
  });
}
