// `npm run fuzz`: the shell fuzzer (shell-fuzzer.ts) at length. Options:
//   --inputs N   inputs to generate (default 100000)
//   --batch B    inputs per shell run (default 250)
//   --seed S     first seed (default 1); batch i uses seed S + i
//   --iex K      every K-th batch also runs through real iex: both must frame the input the
//                same way (the same prompts), so every input iex answers beamsh answers
//   --save DIR   write each failing input (or batch) there as NAME.in, to keep as a
//                regression case (test/fuzz/regressions); default fuzz-failures/. A
//                failing batch is written whole first (seed-S-batch.in): the inputs a
//                seed makes depend on the transcripts in the tree, so a seed alone does
//                not reproduce it later
// Prints one line per failing batch and a summary; exits 1 when anything failed.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { preludeKey } from "../../src/runtime/prelude-cache.js";
import { BEAMSH, FUZZ_ENV, batchBytes, sentinel, batchTimeout, generate, judge, narrow, prompts, rng, runProgram, transcriptChunks } from "./shell-fuzzer.js";

function option(name: string, def: number | string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : String(def);
}

const total = Number(option("inputs", 100_000));
const batchSize = Number(option("batch", 250));
const seed0 = Number(option("seed", 1));
const iexEvery = Number(option("iex", 0));
const saveDir = option("save", "fuzz-failures");

const chunks = transcriptChunks();
const counts = { inputs: 0, batches: 0, hangs: 0, sharedHangs: 0, sharedSilent: 0, jsTexts: 0, exits: 0, silent: 0, framing: 0, iexAborted: 0, iexBatches: 0 };
const haveIex = spawnSync("iex", ["--version"], { stdio: "ignore" }).status === 0;
const failures: string[] = [];
const t0 = performance.now();

// Every batch must run the same build: the shells read src/prelude live and the natives
// from dist/, so a merge or rebuild during a run would make later batches fail (or pass)
// for reasons that are not the inputs'. A change stops the run, saying so.
const buildKey = () => preludeKey([join(process.cwd(), "src", "prelude"), join(process.cwd(), "dist", "src")]);
const build0 = buildKey();

function save(name: string, inputs: string[]): void {
  if (saveDir === "") return;
  mkdirSync(saveDir, { recursive: true });
  writeFileSync(join(saveDir, `${name}.in`), Buffer.from(inputs.join("\n") + "\n", "latin1"));
}

for (let b = 0; counts.inputs < total; b++) {
  const seed = seed0 + b;
  if (buildKey() !== build0) {
    console.log(`the build changed during the run (src/prelude or dist/ rewritten) before batch seed ${seed}: stopping, later batches would not test the same program`);
    process.exit(2);
  }
  const r = rng(seed);
  const n = Math.min(batchSize, total - counts.inputs);
  const inputs = Array.from({ length: n }, () => generate(r, chunks));
  const bytes = batchBytes(inputs, seed);
  const run = await runProgram(BEAMSH, bytes, batchTimeout(bytes.length, n), FUZZ_ENV);
  const v = judge(run, seed);
  counts.inputs += n;
  counts.batches++;
  if (!v.ok) {
    if (v.why.startsWith("hang")) counts.hangs++;
    else if (v.why.startsWith("JS text")) counts.jsTexts++;
    else if (v.why.startsWith("exit")) counts.exits++;
    else counts.silent++;
    console.log(`batch seed ${seed}: ${v.why.slice(0, 600)}`);
    save(`seed-${seed}-batch`, inputs);
    let found = await narrow(inputs, v.why);
    // A hang iex shares (a receive or call that never returns) is not beamsh's, nor is a
    // sentinel iex swallows too (an operator or `do:` at the end of the input takes it).
    const both: typeof found = [];
    const silent = v.why.startsWith("the shell did not answer");
    if ((v.why.startsWith("hang") || silent) && haveIex) {
      for (const f of found) {
        const bytes = batchBytes(f.inputs, 0);
        const ref = await runProgram(["iex"], bytes, batchTimeout(bytes.length, f.inputs.length));
        if (ref.timedOut || (silent && !ref.stdout.includes(`${sentinel(0)}\n`))) both.push(f);
      }
      found = found.filter((f) => !both.includes(f));
      if (both.length > 0) console.log(`  ${both.length} of them ${silent ? "swallow the sentinel" : "hang"} in iex too`);
      if (found.length === 0) {
        if (silent) counts.silent--;
        else counts.hangs--;
      }
      if (silent) counts.sharedSilent += both.length;
      else counts.sharedHangs += both.length;
    }
    found.forEach((f, i) => {
      const what = f.inputs.length === 1 ? JSON.stringify(f.inputs[0].slice(0, 300)) : `${f.inputs.length} inputs together`;
      console.log(`  ${what}: ${f.why.slice(0, 300)}`);
      save(`seed-${seed}-${i}`, f.inputs);
      failures.push(`seed ${seed}: ${what}`);
    });
  }
  if (iexEvery > 0 && b % iexEvery === 0) {
    counts.iexBatches++;
    // (an input that makes the whole BEAM abort writes no crash dump here)
    const ref = await runProgram(["iex"], bytes, batchTimeout(bytes.length, n) * 2, { ERL_CRASH_DUMP: "/dev/null" });
    const [ours, theirs] = [prompts(run.stdout), prompts(ref.stdout)];
    // An input on which the BEAM itself aborts ("binary_alloc: Cannot allocate …", a crash
    // dump) ends iex's answers; beamsh kills only the process and goes on: not a difference
    // when beamsh framed everything before it as iex did.
    const iexAborted = /Crash dump is being written/.test(ref.stdout + ref.stderr) && ours.slice(0, theirs.length).join("") === theirs.join("");
    if (iexAborted) {
      counts.iexAborted++;
      console.log(`batch seed ${seed}: the BEAM aborted under iex after prompt ${theirs.length}; beamsh framed the same up to there and answered all ${ours.length}`);
    } else if (!ref.timedOut && !run.timedOut && ours.join("") !== theirs.join("")) {
      counts.framing++;
      let i = 0;
      while (i < ours.length && ours[i] === theirs[i]) i++;
      console.log(`batch seed ${seed}: framed differently from iex at prompt ${i} (beamsh ${ours.length} prompts, iex ${theirs.length})`);
      save(`seed-${seed}-framing`, inputs);
      failures.push(`seed ${seed}: framing differs from iex`);
    }
  }
  if (counts.batches % 10 === 0) console.log(`… ${counts.inputs} inputs, ${counts.batches} batches, ${Math.round((performance.now() - t0) / 1000)} s`);
}

const secs = Math.round((performance.now() - t0) / 1000);
console.log(
  `${counts.inputs} inputs in ${counts.batches} batches (${secs} s): ${counts.hangs} hangs (${counts.sharedHangs} more that iex shares), ${counts.jsTexts} JS exception texts, ${counts.exits} bad exits, ${counts.silent} batches not answered afterwards (${counts.sharedSilent} more where iex does not answer either)` +
    (iexEvery > 0 ? `; ${counts.iexBatches} batches also through iex, ${counts.framing} framed differently (${counts.iexAborted} more where the BEAM aborted under iex)` : ""),
);
process.exit(failures.length === 0 ? 0 : 1);
