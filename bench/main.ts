// `npm run bench [-- OPTIONS] [BENCHMARK...]`: runs the named benchmarks (all of them by
// default) each in its own Node process (some need --expose-gc), in order. `--help` prints
// the usage; an unknown option or benchmark is an error (exit status 2) that names the valid
// ones. The options of the comparison with the BEAM are checked here too (vs-beam-args.ts),
// so a typo fails before minutes of other benchmarks have run.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { VS_BEAM_OPTIONS, VsBeamArgs, WORKLOAD_NAMES, parseVsBeamOption } from "./vs-beam-args.js";

/** The benchmarks in the order they run: name, what it measures, Node flags. */
const BENCHMARKS: { name: string; what: string; nodeFlags: string[] }[] = [
  { name: "run", what: "parsing, fib, Enum pipelines, factorial, maps, binary appends", nodeFlags: [] },
  { name: "procs", what: "spawn, ping-pong, responsiveness under spinners, memory per process", nodeFlags: ["--expose-gc"] },
  { name: "otp", what: "GenServer.call and cast, Agent, Task.async_stream", nodeFlags: [] },
  { name: "observer", what: "an observer refresh with 10,000 processes", nodeFlags: [] },
  { name: "genstage", what: "events per second through the GenStage lesson's pipeline", nodeFlags: [] },
  { name: "events", what: "the event stream's cost with and without subscribers", nodeFlags: [] },
  { name: "dist", what: "round trips and throughput over the distribution protocol", nodeFlags: [] },
  { name: "vs-beam", what: "the same .exs programs on `elixir` and on beamsh, side by side", nodeFlags: [] },
];

const USAGE = `Usage: npm run bench -- [OPTIONS] [BENCHMARK...]

Runs the named benchmarks (default: all but vs-beam), each in its own Node process,
printing one figure per line.

Benchmarks:
${BENCHMARKS.map((b) => `  ${b.name.padEnd(10)}${b.what}`).join("\n")}

Options:
  --vs-beam         also compare with the BEAM (needs \`elixir\`): runs vs-beam after the
                    others, and genstage also on the BEAM with real GenStage
  --vs-beam-only    run only vs-beam (the same as naming just vs-beam)
${VS_BEAM_OPTIONS}
  -h, --help        print this and exit

vs-beam workloads: ${WORKLOAD_NAMES.join(", ")}

Examples:
  npm run bench -- genstage otp
  npm run bench -- --vs-beam-only --only map,genserver_call --runs 5
`;

class UsageError extends Error {}

interface Plan {
  help: boolean;
  benches: string[];
  vsBeam: boolean;
  vsBeamArgs: string[];
}

export function parseArgs(args: string[]): Plan {
  const plan: Plan = { help: false, benches: [], vsBeam: false, vsBeamArgs: [] };
  const named: string[] = [];
  let only = false;
  const vs: VsBeamArgs = { runs: 3, only: undefined, base: undefined };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "-h" || arg === "--help") plan.help = true;
    else if (arg === "--vs-beam") plan.vsBeam = true;
    else if (arg === "--vs-beam-only") only = true;
    else if (arg.startsWith("-")) {
      const used = parseVsBeamOption(args, i, vs, (msg) => new UsageError(msg));
      if (used === 0) throw new UsageError(`unknown option ${arg}`);
      plan.vsBeamArgs.push(...args.slice(i, i + used));
      i += used - 1;
    } else if (BENCHMARKS.some((b) => b.name === arg)) {
      if (!named.includes(arg)) named.push(arg);
    } else {
      const hint = WORKLOAD_NAMES.includes(arg) ? ` (${arg} is a vs-beam workload: --vs-beam-only --only ${arg})` : "";
      throw new UsageError(`no benchmark named ${JSON.stringify(arg)}${hint}; the benchmarks are ${BENCHMARKS.map((b) => b.name).join(", ")}`);
    }
  }
  if (only && named.some((n) => n !== "vs-beam")) throw new UsageError("--vs-beam-only runs vs-beam alone: do not name other benchmarks with it");
  if (only) named.push("vs-beam");
  plan.benches = named.length > 0 ? BENCHMARKS.map((b) => b.name).filter((n) => named.includes(n)) : BENCHMARKS.map((b) => b.name).filter((n) => n !== "vs-beam" || plan.vsBeam);
  if (plan.benches.includes("vs-beam")) plan.vsBeam = true;
  if (plan.vsBeamArgs.length > 0 && !plan.benches.includes("vs-beam")) {
    throw new UsageError(`${plan.vsBeamArgs[0]} is an option of the comparison with the BEAM: add --vs-beam or --vs-beam-only`);
  }
  return plan;
}

function main(): void {
  let plan: Plan;
  try {
    plan = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`bench: ${e.message}\n(npm run bench -- --help for the usage)\n`);
    process.exitCode = 2;
    return;
  }
  if (plan.help) {
    process.stdout.write(USAGE);
    return;
  }
  let failed = false;
  for (const name of plan.benches) {
    const b = BENCHMARKS.find((x) => x.name === name)!;
    const benchArgs = name === "vs-beam" ? plan.vsBeamArgs : name === "genstage" && plan.vsBeam ? ["--vs-beam"] : [];
    const file = fileURLToPath(new URL(`${name}.js`, import.meta.url));
    const r = spawnSync(process.execPath, [...b.nodeFlags, file, ...benchArgs], { stdio: "inherit" });
    if (r.status !== 0) failed = true;
  }
  process.exitCode = failed ? 1 : 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
