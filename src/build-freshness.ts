// Is dist/ built from the sources beside it? In a git checkout the shell runs the compiled
// JS in dist/ but reads the prelude's Elixir from src/prelude/ at start. After a `git pull`
// or a merge without `npm run build`, the two disagree: the new prelude calls natives the
// old build lacks, and library functions fail in ways that look like bugs. bin/beamsh.js
// asks here first and rebuilds when a TypeScript source is newer than its compiled file.
//
// An installed package (npx beamsh) ships no TypeScript sources: there is nothing to check.
// Imports only Node built-ins: it must work from an old build.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

/** The first TypeScript source under root/src whose dist/src/*.js is missing or older; null: fresh. */
export function staleSource(root: string): string | null {
  const src = join(root, "src");
  const out = join(root, "dist", "src");
  const walk = (dir: string): string | null => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) {
        const found = walk(path);
        if (found !== null) return found;
        continue;
      }
      if (!/\.tsx?$/.test(e.name) || e.name.endsWith(".d.ts")) continue;
      const js = join(out, relative(src, path)).replace(/\.tsx?$/, ".js");
      if (!existsSync(js) || statSync(js).mtimeMs < statSync(path).mtimeMs) return relative(root, path);
    }
    return null;
  };
  return existsSync(src) ? walk(src) : null;
}

/** How long a rebuild lock may stand before it is taken for a crashed rebuild's leftover. */
const LOCK_STALE_MS = 10 * 60_000;

/** Whether the rebuild holding the lock is gone: its process has exited (killed mid-build), or it is too old. */
export function abandonedLock(lock: string): boolean {
  try {
    const pid = Number(readFileSync(join(lock, "pid"), "utf8"));
    if (pid > 0) {
      try {
        process.kill(pid, 0);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ESRCH") return true;
      }
    }
  } catch {
    // no pid yet: the owner is between mkdir and writing it
  }
  return Date.now() - statSync(lock).mtimeMs > LOCK_STALE_MS;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Rebuilds dist/ (as `npm run build` does) when it is older than the sources and the
 * TypeScript compiler is installed; says so on stderr. Several shells started at once
 * rebuild once: the others wait for the first. `BEAMSH_REBUILD=0` turns it off. Returns
 * whether it rebuilt.
 */
export function ensureFreshBuild(root: string, say: (s: string) => void = (s) => process.stderr.write(s)): boolean {
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  // Not under a test run (node --test sets NODE_TEST_CONTEXT): a shell a test starts must
  // not rebuild the code the rest of the suite is running.
  if (process.env.BEAMSH_REBUILD === "0" || process.env.NODE_TEST_CONTEXT !== undefined || !existsSync(tsc)) return false;
  const stale = staleSource(root);
  if (stale === null) return false;
  const lock = join(root, "dist", ".rebuilding");
  for (;;) {
    try {
      mkdirSync(lock, { recursive: false });
      writeFileSync(join(lock, "pid"), String(process.pid));
      break;
    } catch {
      // Another start is rebuilding: wait for it, then look again.
      try {
        if (abandonedLock(lock)) rmSync(lock, { recursive: true, force: true });
      } catch {
        // gone meanwhile
      }
      sleep(200);
      if (!existsSync(lock) && staleSource(root) === null) return false;
    }
  }
  try {
    if (staleSource(root) === null) return false;
    say(`beamsh: ${stale} is newer than its build in dist/; rebuilding (npm run build)...\n`);
    try {
      execFileSync(process.execPath, [tsc, "-p", root], { cwd: root, stdio: ["ignore", 2, 2] });
    } catch {
      // Type errors: tsc still wrote the JavaScript, and reported them above.
    }
    return true;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
