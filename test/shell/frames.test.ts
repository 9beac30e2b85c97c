// Transcripts whose stack traces must read exactly as iex's, line by line: frames of
// Elixir's own functions at the lines Elixir's code raises or calls (src/stdlib/library-frames.ts).
// They live in test/sessions/errors/frames (sessions.test.ts replays them too, without the traces).
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { normalise, runSession } from "../helpers/session.js";

const dir = join(process.cwd(), "test", "sessions", "errors", "frames");

for (const f of readdirSync(dir).filter((x) => x.endsWith(".in")).sort()) {
  test(`session errors/frames/${f} has iex's stack traces`, async () => {
    const input = readFileSync(join(dir, f));
    const expected = readFileSync(join(dir, f.replace(/\.in$/, ".out")), "utf8");
    assert.equal(normalise(await runSession(input), true), normalise(expected, true));
  });
}
