// A short seeded run of the shell fuzzer (shell-fuzzer.ts; `npm run fuzz` runs it at
// length) against the real program, and every input the fuzzer ever found failing
// (test/fuzz/regressions/*.in): no JS exception text, no bad exit, no hang, and the shell
// answers afterwards.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { check, generate, rng, transcriptChunks } from "./shell-fuzzer.js";

const REGRESSIONS = join(process.cwd(), "test", "fuzz", "regressions");

test("a seeded batch of fuzzed inputs: no crash, no hang, no JS text, the shell answers afterwards", async () => {
  const chunks = transcriptChunks();
  for (const seed of [7, 8]) {
    const r = rng(seed);
    const inputs = Array.from({ length: 80 }, () => generate(r, chunks));
    const v = await check(inputs, seed);
    assert.ok(v.ok, `seed ${seed}: ${v.why}`);
  }
});

for (const name of readdirSync(REGRESSIONS).filter((n) => n.endsWith(".in")).sort()) {
  test(`fuzz regression ${name}`, async () => {
    const inputs = readFileSync(join(REGRESSIONS, name), "latin1").replace(/\n$/, "").split("\n");
    const v = await check(inputs);
    assert.ok(v.ok, v.why);
  });
}
