// Recorded sessions as golden files (beamsh record / replay / test): each recording here
// (made with `beamsh record FILE --seed N < input`) runs again with its seed and must give
// the very same output: the interleaving, pids, virtual times and the faults its input
// injects. Another seed gives another interleaving. Replay types each input after its prompt.
import assert from "node:assert/strict";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { spawnSync } from "node:child_process";
import { checkRecording, readRecording, recordedText, replay, rerun } from "../../src/shell/recording.js";
import { runLessonTests } from "../../src/shell/lesson-test.js";
import { tempDir } from "../helpers/tmp.js";

const dir = join(process.cwd(), "test", "teaching", "recordings");

for (const f of readdirSync(dir).filter((x) => x.endsWith(".rec")).sort()) {
  test(`recording ${f} reproduces its output with its seed`, async () => {
    const r = await checkRecording(join(dir, f));
    assert.deepEqual(r.actual, r.expected);
  });
}

test("the fault plan in a recording acts the same way each run: dropped, duplicated, reordered, delayed", async () => {
  const r = readRecording(join(dir, "faults_seed7.rec"));
  const out = recordedText(r, "o");
  assert.doesNotMatch(out, /got 1 /, "dropped");
  assert.equal(out.match(/got :twice/g)?.length, 2, "duplicated");
  assert.ok(out.indexOf("got :y") < out.indexOf("got :x"), "reordered");
  assert.ok(out.indexOf("got :late") < out.indexOf("got :after_late"), "a delay holds back the later messages of the pair");
  for (let i = 0; i < 3; i++) assert.equal((await rerun(r)).out, out);
});

test("another seed: another interleaving of the race", async () => {
  const r = readRecording(join(dir, "race_seed1.rec"));
  const outs = new Set<string>();
  for (const seed of [2, 3, 5, 8]) outs.add((await rerun({ ...r, seed })).out.replace(/#PID<[\d.]+>/g, "#PID"));
  outs.add(recordedText(r, "o").replace(/#PID<[\d.]+>/g, "#PID"));
  assert.ok(outs.size > 1, "different seeds, different runs");
});

test("beamsh test takes recordings: a changed output fails with the difference", async () => {
  const r = readRecording(join(dir, "race_seed1.rec"));
  const tmp = tempDir("beamsh-rec-");
  const bad = { ...r, events: r.events.map((e) => (e[1] === "o" ? ([e[0], e[1], e[2].replace("finished first", "won")] as typeof e) : e)) };
  writeFileSync(join(tmp, "bad.rec"), JSON.stringify(bad));
  writeFileSync(join(tmp, "junk.rec"), "not json");
  let out = "";
  const status = await runLessonTests([tmp], (s) => (out += s));
  assert.equal(status, 1);
  assert.match(out, /FAIL .*bad\.rec\n {4}expected:\n[\s\S]*won[\s\S]* {4}got:\n[\s\S]*finished first/);
  assert.match(out, /FAIL .*junk\.rec\n {4}expected:\n {6}.*junk\.rec: not a beamsh recording/);
  assert.match(out, /0 passed, 2 failed\n$/);
});

test("replay writes the output as recorded, each input typed after its prompt, at the recorded pace or stepped", async () => {
  const r = { beamsh: "recording" as const, version: 1 as const, seed: 1, input: "1 + 1\n", events: [[0, "o", "iex(1)> "], [500, "i", "1 + 1\n"], [510, "o", "2\niex(2)> "]] as [number, "o" | "i", string][] };
  let screen = "";
  const slept: number[] = [];
  await replay(r, (s) => (screen += s), { sleep: async (ms) => void slept.push(ms), typeMs: 10 });
  assert.equal(screen, "iex(1)> 1 + 1\n2\niex(2)> ");
  assert.deepEqual(slept, [500, 10, 10, 10, 10, 10, 10]);
  slept.length = 0;
  await replay(r, () => {}, { sleep: async (ms) => void slept.push(ms), typeMs: 10, speed: 2 });
  assert.deepEqual(slept, [250, 5, 5, 5, 5, 5, 5]);
  let steps = 0;
  slept.length = 0;
  await replay(r, () => {}, { sleep: async (ms) => void slept.push(ms), typeMs: 0, step: true, nextStep: async () => void steps++ });
  assert.equal(steps, 1);
  assert.deepEqual(slept, []);
});

test("a seeded run does not depend on the prelude cache: compiled from source, the recording still reproduces", () => {
  const r = spawnSync(process.execPath, ["bin/beamsh.js", "test", join(dir, "race_seed1.rec")], { env: { ...process.env, BEAMSH_PRELUDE_CACHE: "0" }, encoding: "utf8" });
  assert.equal(r.stdout.trim().split("\n").pop(), "1 passed, 0 failed", r.stdout + r.stderr);
});
