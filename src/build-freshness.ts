// Is dist/ built from the sources beside it? In a git checkout the shell runs the compiled
// JS in dist/ but reads the prelude's Elixir from src/prelude/ at start. After a `git pull`
// or a merge without `npm run build`, the two disagree: the new prelude calls natives the
// old build lacks, and library functions fail in ways that look like bugs. bin/beamsh.js
// asks here first and rebuilds when a TypeScript source is newer than its compiled file.
//
// An installed package (npx beamsh) ships no TypeScript sources: there is nothing to check.
// Imports only Node built-ins: it must work from an old build.
import { execFileSync, spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

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

/** Whether process `pid` has ended (a zombie, ended but not yet reaped by its parent, counts). */
function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ESRCH";
  }
  try {
    // /proc/PID/stat: "pid (name) STATE ..."; the name may hold spaces and parentheses
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) === "Z";
  } catch {
    return false;
  }
}

/** Whether the rebuild holding the lock is gone: its process has exited (killed mid-build), or it is too old. */
export function abandonedLock(lock: string): boolean {
  try {
    const pid = Number(readFileSync(join(lock, "pid"), "utf8"));
    if (pid > 0 && gone(pid)) return true;
  } catch {
    // no pid yet: the owner is between mkdir and writing it
  }
  return Date.now() - statSync(lock).mtimeMs > LOCK_STALE_MS;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

const lockOf = (root: string) => join(root, "dist", ".rebuilding");
const logOf = (root: string) => join(root, "dist", ".rebuild.log");

/**
 * The rebuild itself, run as a process of its own (`node build-freshness.js --rebuild ROOT`)
 * in its own session: a shell killed while it waits (a test harness's timeout, Ctrl+C) does
 * not take the half-done build with it, and the next start waits for this one instead of
 * starting over. It holds the lock while it runs (at most one rebuild at a time) and writes
 * the compiler's messages to dist/.rebuild.log.
 */
function rebuild(root: string): void {
  const lock = lockOf(root);
  try {
    mkdirSync(lock, { recursive: false });
  } catch {
    return; // another rebuild is running
  }
  try {
    writeFileSync(join(lock, "pid"), String(process.pid));
    if (staleSource(root) === null) return;
    const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
    const log = openSync(logOf(root), "w");
    try {
      execFileSync(process.execPath, [tsc, "-p", root], { cwd: root, stdio: ["ignore", log, log] });
    } catch {
      // Type errors: tsc still wrote the JavaScript, and reported them in the log.
    } finally {
      closeSync(log);
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Starts a rebuild process (see rebuild) that outlives this one if this one is killed. */
function startRebuild(root: string): void {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), "--rebuild", root], { cwd: root, detached: true, stdio: "ignore" });
  child.unref();
}

/**
 * Rebuilds dist/ (as `npm run build` does) when it is older than the sources and the
 * TypeScript compiler is installed; says so on stderr, and passes on the compiler's
 * messages. Several shells started at once rebuild once: the others wait for the first; a
 * rebuild whose process was killed is started again. `BEAMSH_REBUILD=0` turns it off.
 * Returns whether it waited for a rebuild.
 */
export function ensureFreshBuild(root: string, say: (s: string) => void = (s) => process.stderr.write(s)): boolean {
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  // Not under a test run (node --test sets NODE_TEST_CONTEXT): a shell a test starts must
  // not rebuild the code the rest of the suite is running.
  if (process.env.BEAMSH_REBUILD === "0" || process.env.NODE_TEST_CONTEXT !== undefined || !existsSync(tsc)) return false;
  const stale = staleSource(root);
  if (stale === null) return false;
  say(`beamsh: ${stale} is newer than its build in dist/; rebuilding (npm run build)...\n`);
  const lock = lockOf(root);
  // (a rebuild that ended without freshening dist/, or never got going, is tried twice more)
  let starts = 0;
  for (;;) {
    if (existsSync(lock)) {
      try {
        if (abandonedLock(lock)) rmSync(lock, { recursive: true, force: true });
      } catch {
        // gone meanwhile
      }
    } else if (staleSource(root) === null) {
      break;
    } else if (starts < 3) {
      starts++;
      startRebuild(root);
      // (the new process takes the lock at once; look again when it has)
      for (let i = 0; i < 50 && !existsSync(lock) && staleSource(root) !== null; i++) sleep(20);
      continue;
    } else {
      break;
    }
    sleep(200);
  }
  try {
    const messages = readFileSync(logOf(root), "utf8");
    if (messages !== "") say(messages);
  } catch {
    // no log: another start's rebuild, already read
  }
  return true;
}

if (process.argv[2] === "--rebuild" && process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) rebuild(process.argv[3]);
