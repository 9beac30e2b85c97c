// What the measuring tools (tools/script-parity, tools/exercism-practice, tools/koans) share:
// running one program under real elixir or under bin/beamsh.js, a few at a time, normalising
// what legitimately differs between two runs, and counting the reference's lines reproduced.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const BEAMSH = path.join(ROOT, "bin/beamsh.js");

// The command running `args` (a script and its arguments) under real elixir (ref) or beamsh;
// with `shell`, real iex or beamsh's shell (its input on stdin).
export const command = (ref, args, shell = false) => (ref ? [shell ? "iex" : "elixir", args] : ["node", [BEAMSH, ...args]]);

// What differs between two runs of the same program by time or identity alone: ExUnit's
// timing line and per-test times (--trace), its random seed, pids and references, the clock
// time a Logger line starts with, and the hash a fun's inspection carries (#Function<0.HASH/1
// in M.f/1>, or #Function<0.HASH in file:x.exs> for a fun of a script's top level: the BEAM
// derives it from the compiled module's code, which beamsh does not have).
export const normalise = (s) =>
  s
    .replace(/Finished in .*\n/g, "Finished in X\n")
    .replace(/\(\d+\.\d+ms\)/g, "(Xms)")
    .replace(/Randomized with seed \d+/g, "Randomized with seed X")
    .replace(/#PID<[\d.]+>/g, "#PID<X>")
    .replace(/#Reference<[\d.]+>/g, "#Reference<X>")
    .replace(/^\d\d:\d\d:\d\d\.\d\d\d (\[[a-z]+\])/gm, "HH:MM:SS.mmm $1")
    .replace(/#Function<(\d+)\.\d+([/ ])/g, "#Function<$1.X$2");

// Runs one program; resolves {out, err, code, timedOut}. stdin: a string fed then closed, or
// null for none. A run still going after `timeout` ms is killed (SIGKILL). `shell`: see command.
export function run(ref, args, { cwd, stdin = null, timeout = 120000, env, shell = false } = {}) {
  return new Promise((done) => {
    const [c, argv] = command(ref, args, shell);
    const p = spawn(c, argv, { cwd, env: env ? { ...process.env, ...env } : process.env, stdio: [stdin === null ? "ignore" : "pipe", "pipe", "pipe"] });
    let out = "", err = "", timedOut = false;
    p.stdout.on("data", (b) => (out += b));
    p.stderr.on("data", (b) => (err += b));
    if (stdin !== null) { p.stdin.on("error", () => {}); p.stdin.end(stdin); }
    const timer = setTimeout(() => { timedOut = true; p.kill("SIGKILL"); }, timeout);
    p.on("close", (code) => { clearTimeout(timer); done({ out, err, code, timedOut }); });
  });
}

// Runs `fn` over `items`, `workers` at a time (the machine is shared: two by default).
export async function pool(items, fn, workers = Number(process.env.JOBS ?? 2)) {
  const q = [...items];
  const worker = async () => { while (q.length) await fn(q.shift()); };
  await Promise.all(Array.from({ length: workers }, worker));
}

// How many of the reference's lines the other output reproduces: at the same position, and
// in order allowing for lines added or missing (longest common subsequence).
export function lineParity(ref, got) {
  const a = ref.split("\n"), b = got.split("\n");
  const positional = a.filter((l, i) => b[i] === l).length;
  let prev = new Array(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
    prev = cur;
  }
  return { lines: a.length, positional, inOrder: prev[b.length] };
}
