#!/usr/bin/env node
// Compares the stack-trace lines a shell prints for probe inputs (see generate.exs) with
// what real iex printed (NAME.out, recorded with parity.mjs --record --cmd iex):
//
//   node tools/frame-probes/compare.mjs [--cmd "node bin/beamsh.js"] [--diffs FILE] DIR...
//
// Each file's output is split at the prompts, one piece per input line; in each piece
// the stack-trace lines (parity.mjs's pattern) are compared in order. Prints how many of
// iex's trace lines beamsh reproduces (longest common subsequence per piece) and how many
// pieces have exactly iex's trace; --diffs writes every piece that differs.
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync, statSync, existsSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const args = process.argv.slice(2);
let cmd = "node bin/beamsh.js";
let diffsFile = null;
const paths = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--cmd") cmd = args[++i];
  else if (args[i] === "--diffs") diffsFile = args[++i];
  else paths.push(args[i]);
}

const collect = (p, out) => {
  if (statSync(p).isDirectory()) for (const e of readdirSync(p).sort()) collect(join(p, e), out);
  else if (p.endsWith(".in")) out.push(resolve(p));
  return out;
};

const TRACE = /^ {4}(\([^)]*\) )?(\S+:\d+: \S|:?[A-Za-z_][\w.]*\.[^\s(]+\(.*\)$)/;
// iex's own frames below the shell's evaluation are not the library's
const pieces = (text) =>
  text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "").replace(/\r/g, "").split(/(?:^|\n)iex\(\d+\)> /).slice(1)
    .map((p) => p.split("\n").filter((l) => TRACE.test(l)).map((l) => l.replace(/#(PID|Reference|Port)<[\d.]+>/g, "#$1<>").replace(/#Function<[^>]*>/g, "#Function<>")));

function lcs(a, b) {
  let prev = new Array(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
    prev = cur;
  }
  return prev[b.length];
}

let lines = 0, matched = 0, traces = 0, exact = 0;
const diffs = [];
for (const f of paths.flatMap((p) => collect(p, []))) {
  const outFile = f.replace(/\.in$/, ".out");
  if (!existsSync(outFile)) continue;
  const inputs = readFileSync(f, "utf8").split("\n");
  const r = spawnSync("sh", ["-c", `${cmd} 2>&1`], { input: readFileSync(f), env: { ...process.env, NO_COLOR: "1", TERM: "dumb" }, timeout: 60000, maxBuffer: 1 << 26 });
  const exp = pieces(readFileSync(outFile, "utf8"));
  const act = pieces(String(r.stdout));
  exp.forEach((e, i) => {
    if (e.length === 0) return;
    const a = act[i] ?? [];
    traces++;
    lines += e.length;
    const m = lcs(e, a);
    matched += m;
    if (m === e.length && a.length === e.length) exact++;
    else diffs.push(`## ${inputs[i] ?? "?"}\n-- iex\n${e.join("\n")}\n-- beamsh\n${a.join("\n")}\n`);
  });
}
if (diffsFile) writeFileSync(diffsFile, diffs.join("\n"));
console.log(`trace lines: ${matched}/${lines} (${((100 * matched) / lines).toFixed(1)}%) reproduced; traces exactly iex's: ${exact}/${traces} (${((100 * exact) / traces).toFixed(1)}%)`);
