// Every recorded session in test/sessions replays through the shell with iex's exact output.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { normalise, runSession } from "../helpers/session.js";

const dir = join(process.cwd(), "test", "sessions");

// Transcripts may be grouped by topic in subfolders (test/sessions/erlang/queue.in).
const files = readdirSync(dir, { recursive: true }).map(String).filter((x) => x.endsWith(".in")).sort();

for (const f of files) {
  test(`session ${f} matches iex`, async () => {
    const input = readFileSync(join(dir, f));
    const expected = readFileSync(join(dir, f.replace(/\.in$/, ".out")), "utf8");
    assert.equal(normalise(await runSession(input)), normalise(expected));
  });
}
