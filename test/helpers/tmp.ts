// Temporary directories for tests: each is removed when the test process exits, whether its
// tests passed, failed or threw, so repeated runs leave nothing behind in the system's tmp
// (only a process killed by a signal leaves its directories).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const made: string[] = [];
let hooked = false;

function removeAll(): void {
  for (const d of made.splice(0)) removeDir(d);
}

/** Removes a directory made by tempDir now (nothing if it is already gone). */
export function removeDir(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    // best effort: a directory a child process still writes to may refuse
  }
}

/** A new empty directory under the system's tmp, named `prefix` + random characters. */
export function tempDir(prefix: string): string {
  if (!hooked) {
    hooked = true;
    process.on("exit", removeAll);
  }
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
