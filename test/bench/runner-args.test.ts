// The benchmark runner's command line (bench/main.ts): which benchmarks a command runs, and
// the usage errors for what it does not know (checked before anything runs).
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseArgs } from "../../bench/main.js";

const ALL = ["run", "procs", "otp", "observer", "genstage", "events", "dist"];

test("no arguments run every benchmark but the comparison with the BEAM", () => {
  assert.deepEqual(parseArgs([]).benches, ALL);
  assert.equal(parseArgs([]).vsBeam, false);
});

test("--help asks for the usage", () => {
  assert.equal(parseArgs(["--help"]).help, true);
  assert.equal(parseArgs(["-h"]).help, true);
  assert.equal(parseArgs([]).help, false);
});

test("named benchmarks run alone, in the runner's order", () => {
  assert.deepEqual(parseArgs(["otp", "genstage", "otp"]).benches, ["otp", "genstage"]);
});

test("--vs-beam adds the comparison; --vs-beam-only and the name vs-beam run it alone", () => {
  assert.deepEqual(parseArgs(["--vs-beam"]).benches, [...ALL, "vs-beam"]);
  assert.equal(parseArgs(["--vs-beam"]).vsBeam, true);
  assert.deepEqual(parseArgs(["--vs-beam-only"]).benches, ["vs-beam"]);
  assert.deepEqual(parseArgs(["vs-beam", "--runs", "5", "--only", "map,fib"]), { help: false, benches: ["vs-beam"], vsBeam: true, vsBeamArgs: ["--runs", "5", "--only", "map,fib"] });
  assert.deepEqual(parseArgs(["genstage", "--vs-beam"]).benches, ["genstage"]);
});

test("unknown options, benchmarks and workloads are usage errors naming what there is", () => {
  assert.throws(() => parseArgs(["--fast"]), /unknown option --fast/);
  assert.throws(() => parseArgs(["nope"]), /no benchmark named "nope"; the benchmarks are run, procs, otp, observer, genstage, events, dist, vs-beam/);
  assert.throws(() => parseArgs(["map"]), /map is a vs-beam workload: --vs-beam-only --only map/);
  assert.throws(() => parseArgs(["--vs-beam", "--only", "map,nope"]), /no vs-beam workload named "nope"; the workloads are fib, /);
  assert.throws(() => parseArgs(["--vs-beam", "--only", ","]), /--only needs at least one workload/);
  assert.throws(() => parseArgs(["--vs-beam", "--runs", "two"]), /--runs takes a positive integer, not "two"/);
  assert.throws(() => parseArgs(["--vs-beam", "--runs"]), /--runs needs a value/);
  assert.throws(() => parseArgs(["--vs-beam", "--base", "/nonexistent-dir"]), /--base \/nonexistent-dir: no bin\/beamsh.js there/);
  assert.throws(() => parseArgs(["--only", "map"]), /--only is an option of the comparison with the BEAM: add --vs-beam or --vs-beam-only/);
  assert.throws(() => parseArgs(["--vs-beam-only", "otp"]), /--vs-beam-only runs vs-beam alone/);
});
