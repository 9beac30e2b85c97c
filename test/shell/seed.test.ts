// `beamsh --seed N` as a user runs it (bin/beamsh.js in a child process): a script and a
// piped session print the same thing every time with the same seed, and something else
// with another seed.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";

const BIN = join(process.cwd(), "bin", "beamsh.js");
const HOG = join(process.cwd(), "examples", "hog.exs");

function beamsh(args: string[], input = ""): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync("node", [BIN, ...args], { input, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", BEAMSH_HISTORY: "0" } });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

test("beamsh --seed N FILE: the same run every time", () => {
  const first = beamsh(["--seed", "4", HOG]);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /^counted to 10 in #PID<0\.\d+\.0>, answered after [\d.]+ ms\n(counted to 200000 .*\n){10}$/);
  for (let i = 0; i < 2; i++) assert.deepEqual(beamsh(["--seed", "4", HOG]), first);
  assert.notEqual(beamsh(["--seed", "5", HOG]).stdout, first.stdout);
});

test("a piped session with --seed: the same interleaving of background output and results every time", () => {
  const input = [
    "for i <- 1..4, do: spawn(fn -> IO.puts(\"bg #{i}\") end)",
    "Process.sleep(20)",
    ":beamsh.seed()",
    "send(self(), :x); receive do :x -> System.monotonic_time(:microsecond) end",
    "",
  ].join("\n");
  const first = beamsh(["--seed", "11"], input);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /iex\(3\)> 11\n/);
  for (let i = 0; i < 2; i++) assert.deepEqual(beamsh(["--seed", "11"], input), first);
  const others = new Set([2, 3, 4, 5].map((s) => beamsh(["--seed", String(s)], input).stdout.replace(/iex\(3\)> \d+\n/, "")));
  assert.ok(others.size > 1, [...others].join("\n---\n"));
});

test("--seed needs an integer", () => {
  const r = beamsh(["--seed", "x", "-e", "1"]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /option '--seed <n>' argument 'x' is invalid\. the seed must be an integer/);
});
