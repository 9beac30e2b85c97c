// The launcher's check that dist/ was built from the sources beside it.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { spawn, spawnSync } from "node:child_process";
import { abandonedLock, ensureFreshBuild, staleSource } from "../../src/build-freshness.js";
import { tempDir } from "../helpers/tmp.js";

function checkout(): string {
  const root = tempDir("beamsh-fresh-");
  for (const d of ["src/shell", "dist/src/shell"]) mkdirSync(join(root, d), { recursive: true });
  return root;
}

function touch(path: string, secondsAgo: number): void {
  writeFileSync(path, "");
  const t = Date.now() / 1000 - secondsAgo;
  utimesSync(path, t, t);
}

test("a build newer than every source is fresh", () => {
  const root = checkout();
  touch(join(root, "src/boot.ts"), 100);
  touch(join(root, "src/shell/main.ts"), 100);
  touch(join(root, "dist/src/boot.js"), 50);
  touch(join(root, "dist/src/shell/main.js"), 50);
  assert.equal(staleSource(root), null);
});

test("a source edited after the build, or never built, makes it stale", () => {
  const root = checkout();
  touch(join(root, "src/boot.ts"), 100);
  touch(join(root, "dist/src/boot.js"), 50);
  touch(join(root, "src/shell/main.ts"), 10);
  touch(join(root, "dist/src/shell/main.js"), 50);
  assert.equal(staleSource(root), join("src", "shell", "main.ts"));
  touch(join(root, "dist/src/shell/main.js"), 5);
  touch(join(root, "src/shell/view.tsx"), 100);
  assert.equal(staleSource(root), join("src", "shell", "view.tsx"));
});

test("prelude sources and declaration files need no build; no src/ (an installed package) is fresh", () => {
  const root = checkout();
  mkdirSync(join(root, "src/prelude"));
  touch(join(root, "src/prelude/enum.ex"), 1);
  touch(join(root, "src/shell/types.d.ts"), 1);
  assert.equal(staleSource(root), null);
  assert.equal(staleSource(tempDir("beamsh-pkg-")), null);
});

test("without the TypeScript compiler, or under a test run, nothing is rebuilt", () => {
  const root = checkout();
  touch(join(root, "src/boot.ts"), 1);
  const said: string[] = [];
  assert.equal(ensureFreshBuild(root, (s) => said.push(s)), false);
  assert.deepEqual(said, []);
});

test("a rebuild lock left by a killed rebuild is taken over; a live rebuild's lock is waited for", () => {
  const lock = join(checkout(), "dist", ".rebuilding");
  mkdirSync(lock);
  writeFileSync(join(lock, "pid"), String(process.pid));
  assert.equal(abandonedLock(lock), false);
  const gone = spawnSync(process.execPath, ["-e", ""]).pid!;
  writeFileSync(join(lock, "pid"), String(gone));
  assert.equal(abandonedLock(lock), true);
  // A lock without its owner's pid yet is fresh until it is ten minutes old.
  const bare = join(checkout(), "dist", ".rebuilding");
  mkdirSync(bare);
  assert.equal(abandonedLock(bare), false);
  const old = Date.now() / 1000 - 11 * 60;
  utimesSync(bare, old, old);
  assert.equal(abandonedLock(bare), true);
});

test("the rebuild runs as a process of its own that holds the lock, writes the compiler's messages to a log, and frees the lock", async () => {
  const root = checkout();
  touch(join(root, "src/boot.ts"), 1);
  // A stand-in compiler: says something, then writes the build a moment later.
  mkdirSync(join(root, "node_modules/typescript/bin"), { recursive: true });
  writeFileSync(
    join(root, "node_modules/typescript/bin/tsc"),
    `process.stdout.write("compiled\\n"); setTimeout(() => require("fs").writeFileSync(${JSON.stringify(join(root, "dist/src/boot.js"))}, ""), 300);`,
  );
  const script = new URL("../../src/build-freshness.js", import.meta.url).pathname;
  const builder = spawn(process.execPath, [script, "--rebuild", root], { stdio: "ignore" });
  const lock = join(root, "dist", ".rebuilding");
  const until = async (cond: () => boolean) => {
    for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(cond());
  };
  await until(() => existsSync(join(lock, "pid")));
  assert.equal(readFileSync(join(lock, "pid"), "utf8"), String(builder.pid));
  assert.equal(abandonedLock(lock), false);
  await until(() => !existsSync(lock));
  assert.equal(staleSource(root), null);
  assert.equal(readFileSync(join(root, "dist", ".rebuild.log"), "utf8"), "compiled\n");
});
