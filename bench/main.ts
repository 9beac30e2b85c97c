// `npm run bench [-- --vs-beam]`: runs every benchmark in its own Node process (some need
// --expose-gc), in order; with --vs-beam also the side-by-side comparison with `elixir`
// (vs-beam.ts) and the BEAM half of the GenStage benchmark. Extra arguments after --vs-beam
// (--runs N, --only NAME,...) go to vs-beam.ts; --vs-beam-only skips the other benchmarks.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));
const args = process.argv.slice(2);
const vsBeam = args.includes("--vs-beam") || args.includes("--vs-beam-only");
const rest = args.filter((a) => a !== "--vs-beam" && a !== "--vs-beam-only");

const benches: [string, string[], string[]][] = args.includes("--vs-beam-only") ? [] : [
  ["run.js", [], []],
  ["procs.js", ["--expose-gc"], []],
  ["otp.js", [], []],
  ["observer.js", [], []],
  ["genstage.js", [], vsBeam ? ["--vs-beam"] : []],
  ["events.js", [], []],
  ["dist.js", [], []],
];
if (vsBeam) benches.push(["vs-beam.js", [], rest]);

let failed = false;
for (const [file, nodeFlags, benchArgs] of benches) {
  const r = spawnSync(process.execPath, [...nodeFlags, here(file), ...benchArgs], { stdio: "inherit" });
  if (r.status !== 0) failed = true;
}
process.exitCode = failed ? 1 : 0;
