// beamsh against the BEAM, side by side (issue 15): every workload of bench/vs-beam/ runs as
// the same .exs program on `elixir` and on beamsh (`node bin/beamsh.js FILE`), alternating,
// and the best of N runs of each is compared. The programs time themselves (VsBeam.measure
// in _measure.exs: a warm-up run, then the best of 2 to 5, so neither side's start-up or
// compile time counts) and print `us: N` (wall) and `cpu_us: N` (CPU time of the whole
// runtime, all threads; millisecond resolution); the ratio is beamsh's time over the BEAM's.
// On a machine shared with other work the CPU ratio is the steadier one: a program that runs
// longer is preempted more often, which inflates the slower side's wall time. The BEAM runs
// with its schedulers' busy waiting off (+sbwt none ...), so that idle spinning is not
// counted as CPU time.
//
//   node dist/bench/vs-beam.js [--runs N] [--only NAME,...] [--base DIR] [--help]
//
// --base DIR also runs another built checkout of beamsh (DIR/bin/beamsh.js, e.g. main before
// a change) in the same alternation, and prints its ratio beside this one's: a before/after
// comparison made under the same load.
//
// Without `elixir` on the PATH it says so and prints beamsh's times alone.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { VS_BEAM_OPTIONS, VsBeamArgs, WORKLOADS, WORKLOAD_NAMES, parseVsBeamOption } from "./vs-beam-args.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SOURCES = join(ROOT, "bench", "vs-beam");

function hasElixir(): boolean {
  try {
    execFileSync("elixir", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs one program; returns its [wall, cpu] figures per run in microseconds (cpu NaN when
 * not printed) and the CPU clock's resolution per run (its millisecond over the batch of
 * runs timed together), or an error text.
 */
function measure(cmd: string, args: string[]): [number, number, number] | string {
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: 300_000, maxBuffer: 16 << 20 });
  const m = /^us: (\d+)$/m.exec(r.stdout ?? "");
  const c = /^cpu_us: (\d+)$/m.exec(r.stdout ?? "");
  const k = /^reps: (\d+)$/m.exec(r.stdout ?? "");
  if (m !== null) return [Number(m[1]), c === null ? NaN : Number(c[1]), 1000 / (k === null ? 1 : Number(k[1]))];
  const why = (r.stderr || r.stdout || String(r.error ?? r.signal ?? r.status)).trim().split("\n").slice(0, 3).join(" / ");
  return `failed: ${why}`;
}

function ms(us: number): string {
  return (us / 1000).toFixed(us < 10_000 ? 2 : 1) + " ms";
}

function main(): void {
  const argv = process.argv.slice(2);
  const opts: VsBeamArgs = { runs: 3, only: undefined, base: undefined };
  for (let i = 0; i < argv.length; ) {
    if (argv[i] === "-h" || argv[i] === "--help") {
      process.stdout.write(`Usage: node dist/bench/vs-beam.js [OPTIONS]\n\n${VS_BEAM_OPTIONS.replaceAll("vs-beam: ", "")}\n  -h, --help        print this and exit\n\nWorkloads: ${WORKLOAD_NAMES.join(", ")}\n`);
      return;
    }
    let used: number;
    try {
      used = parseVsBeamOption(argv, i, opts, (msg) => new Error(msg));
    } catch (e) {
      used = -1;
      process.stderr.write(`vs-beam: ${(e as Error).message}\n`);
    }
    if (used === 0) process.stderr.write(`vs-beam: unknown argument ${argv[i]} (--help for the usage)\n`);
    if (used <= 0) {
      process.exitCode = 2;
      return;
    }
    i += used;
  }
  const { runs, only, base } = opts;
  const beam = hasElixir();
  if (!beam) console.log("vs-beam: `elixir` is not installed; showing beamsh's times only");
  const prologue = readFileSync(join(SOURCES, "_measure.exs"), "utf8");
  const dir = mkdtempSync(join(tmpdir(), "beamsh-vs-beam-"));
  console.log(`vs-beam: best of ${runs} alternating runs; ratio = beamsh / BEAM (${beam ? "elixir " + execFileSync("elixir", ["-e", "IO.write System.version"], { encoding: "utf8" }) : "no BEAM"}, node ${process.version})`);
  try {
    for (const w of WORKLOADS) {
      if (only !== undefined && !only.includes(w.file)) continue;
      const src = readFileSync(join(SOURCES, w.file + ".exs"), "utf8");
      const file = join(dir, w.file + ".exs");
      writeFileSync(file, w.standalone === true ? src : prologue + "\n" + src);
      const ours = [Infinity, Infinity, 0];
      const theirs = [Infinity, Infinity, 0];
      const before = [Infinity, Infinity, 0];
      let failure = "";
      // (each side's coarsest CPU clock resolution per run, from its batch size)
      const keep = (best: number[], t: [number, number, number]): void => {
        best[0] = Math.min(best[0], t[0]);
        best[1] = Math.min(best[1], t[1]);
        best[2] = Math.max(best[2], t[2]);
      };
      for (let i = 0; i < runs && failure === ""; i++) {
        if (beam) {
          const t = measure("elixir", ["--erl", `+sbwt none +sbwtdcpu none +sbwtdio none ${w.erlFlags ?? ""}`, file]);
          if (typeof t === "string") failure = "elixir " + t;
          else keep(theirs, t);
        }
        const b = measure(process.execPath, [join(ROOT, "bin", "beamsh.js"), file]);
        if (typeof b === "string") failure = "beamsh " + b;
        else keep(ours, b);
        if (base !== undefined) {
          const o = measure(process.execPath, [join(base, "bin", "beamsh.js"), file]);
          if (typeof o === "string") failure = "base beamsh " + o;
          else keep(before, o);
        }
      }
      const ratio = beam && failure === "" ? `${(ours[0] / theirs[0]).toFixed(2)}x` : "-";
      // CPU times come in milliseconds per batch of runs: a ratio needs some of them, on each side.
      const enough = (side: number[]): boolean => side[1] >= 5 * side[2];
      const cpuOk = enough(theirs) && enough(ours);
      const cpuRatio = beam && failure === "" && ours[1] === ours[1] ? (cpuOk ? `, CPU ${(ours[1] / theirs[1]).toFixed(2)}x` : ", CPU too short to compare") : "";
      const cpu = (c: number): string => (c === c ? `, cpu ${ms(c)}` : "");
      const figures = failure !== "" ? failure : beam ? `beamsh ${ms(ours[0])}${cpu(ours[1])}; BEAM ${ms(theirs[0])}${cpu(theirs[1])}` : `beamsh ${ms(ours[0])}${cpu(ours[1])}`;
      const was =
        base !== undefined && beam && failure === ""
          ? ` [base: ${(before[0] / theirs[0]).toFixed(2)}x${enough(theirs) && enough(before) ? `, CPU ${(before[1] / theirs[1]).toFixed(2)}x` : ""}; ${ms(before[0])}${cpu(before[1])}]`
          : "";
      console.log(`${w.name}: ${ratio}${cpuRatio}${was} (${figures}; target ${w.target})`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
