// The workloads of the comparison with the BEAM (bench/vs-beam/*.exs) and its options, shared
// by vs-beam.ts and the runner (main.ts), which checks them before running anything.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

export interface Workload {
  /** The file under bench/vs-beam/. */
  file: string;
  /** What is measured, as the README's table names it. */
  name: string;
  /** The ratio issue 15 aims at. */
  target: string;
  /** Extra emulator flags for `elixir --erl`. */
  erlFlags?: string;
  /** Whether the file measures itself without _measure.exs. */
  standalone?: boolean;
}

export const WORKLOADS: Workload[] = [
  { file: "fib", name: "fib(30), naive recursion", target: "<= 2x" },
  { file: "factorial", name: "10000! with big integers", target: "<= 1.5x" },
  { file: "map", name: "Map.put 200k keys then Map.fetch! each", target: "<= 1.5x" },
  { file: "stream", name: "1..1_000_000 |> Stream.map |> Stream.filter |> Enum.sum", target: "<= 2x" },
  { file: "async_stream", name: "Task.async_stream over 10k items, max_concurrency 8", target: "<= 2x" },
  { file: "ets", name: ":ets insert + lookup 100k", target: "<= 1.5x" },
  { file: "binary_append", name: "acc <> <<byte>> 50k times", target: "<= 3x" },
  { file: "enum", name: "Enum.map/filter/reduce over 1..1_000_000", target: "<= 1.5x" },
  { file: "capture", name: "Enum.map/filter/reduce of a 1,000,000 list with &Mod.fun/arity captures", target: "<= 1.5x" },
  { file: "enum_nested", name: "a def calling Enum.map and Enum.filter with a fun on a 10-element list, 100k times", target: "<= 1.5x" },
  { file: "sort_by", name: "Enum.sort_by(list, &(-&1)) of 100k integers", target: "<= 1.5x" },
  { file: "closures", name: "1,000,000 funs capturing two variables, kept in a list", target: "<= 1.5x" },
  { file: "genserver_call", name: "100k GenServer.call", target: "<= 1x" },
  { file: "spawn", name: "spawn 100k + one message back each", target: "<= 1x" },
  { file: "ping_pong", name: "200k ping-pong round trips", target: "<= 0.5x" },
  { file: "body_recursion", name: "body recursion 1,000,000 deep", target: "<= 2x" },
  { file: "idle_processes", name: "spawn 1,000,000 idle processes, then stop them", target: "-", erlFlags: "+P 2000000" },
  { file: "soul", name: "10 CPU hogs: median latency of a short request (BEAM +S 1)", target: "<= 1x", erlFlags: "+S 1", standalone: true },
];

export const WORKLOAD_NAMES = WORKLOADS.map((w) => w.file);

export interface VsBeamArgs {
  runs: number;
  only: string[] | undefined;
  base: string | undefined;
}

/** The options' lines of a usage text. */
export const VS_BEAM_OPTIONS = `  --runs N          vs-beam: best of N alternating runs of each side (default 3)
  --only W1,W2,...  vs-beam: only these workloads (names below)
  --base DIR        vs-beam: also run another built checkout of beamsh (DIR/bin/beamsh.js)
                    in the same alternation and print its ratio beside this one's`;

/**
 * Reads the vs-beam option at args[i] into `into`: how many arguments it took (0 when
 * args[i] is not one of them). A bad value is `fail(message)`, thrown.
 */
export function parseVsBeamOption(args: string[], i: number, into: VsBeamArgs, fail: (message: string) => Error): number {
  const flag = args[i];
  if (flag !== "--runs" && flag !== "--only" && flag !== "--base") return 0;
  const value = args[i + 1];
  if (value === undefined || value.startsWith("--")) throw fail(`${flag} needs a value`);
  if (flag === "--runs") {
    if (!/^[1-9]\d*$/.test(value)) throw fail(`--runs takes a positive integer, not ${JSON.stringify(value)}`);
    into.runs = Number(value);
  } else if (flag === "--only") {
    const names = value.split(",").filter((n) => n !== "");
    const unknown = names.filter((n) => !WORKLOAD_NAMES.includes(n));
    if (names.length === 0) throw fail("--only needs at least one workload");
    if (unknown.length > 0) throw fail(`no vs-beam workload named ${unknown.map((n) => JSON.stringify(n)).join(", ")}; the workloads are ${WORKLOAD_NAMES.join(", ")}`);
    into.only = names;
  } else {
    if (!existsSync(join(resolve(value), "bin", "beamsh.js"))) throw fail(`--base ${value}: no bin/beamsh.js there (a built checkout of beamsh is needed)`);
    into.base = resolve(value);
  }
  return 2;
}
