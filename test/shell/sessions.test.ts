// Every recorded session in test/sessions replays through the shell with iex's exact output.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { normalise, runSession } from "../helpers/session.js";

const dir = join(process.cwd(), "test", "sessions");

// Transcripts may be grouped by topic in subfolders (test/sessions/erlang/queue.in).
const files = readdirSync(dir, { recursive: true }).map(String).filter((x) => x.endsWith(".in")).sort();

// Sessions write their files under System.tmp_dir!(): each run gets its own directory, so
// runs in several checkouts at once do not share files, and prints it as /tmp, where the
// transcripts were recorded.
const tmp = mkdtempSync(join(tmpdir(), "beamsh-sessions-"));
const savedTmp = process.env.TMPDIR;
process.env.TMPDIR = tmp;
after(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  rmSync(tmp, { recursive: true, force: true });
});

for (const f of files) {
  test(`session ${f} matches iex`, async () => {
    const input = readFileSync(join(dir, f));
    const expected = readFileSync(join(dir, f.replace(/\.in$/, ".out")), "utf8");
    const actual = (await runSession(input)).split(tmp).join("/tmp");
    assert.equal(normalise(actual), normalise(expected));
  });
}
