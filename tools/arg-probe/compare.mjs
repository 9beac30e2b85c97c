#!/usr/bin/env node
// Compares beamsh's answers to bad-argument probe inputs (generate.exs) with real iex's:
//
//   node tools/arg-probe/compare.mjs [--cmd "node bin/beamsh.js"] [--diffs FILE [--per-function N]] DIR
//
// DIR holds MODULE.in (one call a line) and MODULE.out (iex < MODULE.in > MODULE.out 2>&1).
// Each .in file is run through the shell; both outputs are split at the prompts, one piece
// per input line, and compared with funs' identities left out (#Function<...>). Prints the
// number of inputs, how many differ, and per function how many of its inputs differ;
// --diffs writes up to three (--per-function N: N) differing pieces per function, iex's answer and beamsh's.
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const args = process.argv.slice(2);
let cmd = "node bin/beamsh.js";
let diffsFile = null;
let perFunction = 3;
let dir = null;
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--cmd") cmd = args[++i];
  else if (args[i] === "--diffs") diffsFile = args[++i];
  else if (args[i] === "--per-function") perFunction = Number(args[++i]);
  else dir = args[i];
}
if (dir === null) {
  console.error("usage: compare.mjs [--cmd CMD] [--diffs FILE [--per-function N]] DIR");
  process.exit(2);
}

const pieces = (text) => text.split(/iex\(\d+\)> /).slice(1).map((p) => p.replace(/#Function<[^>]*>/g, "#Function<>"));

let total = 0;
const bad = new Map();
for (const f of readdirSync(dir).filter((x) => x.endsWith(".in")).sort()) {
  const input = readFileSync(join(dir, f));
  const inputs = input.toString("utf8").split("\n").slice(0, -1);
  const expected = pieces(readFileSync(join(dir, f.replace(/\.in$/, ".out")), "utf8"));
  // (warnings go to standard error: both streams in one, in the order written, as iex's were)
  const run = spawnSync("sh", ["-c", `${cmd} 2>&1`], { input, encoding: "utf8", maxBuffer: 1 << 28 });
  const actual = pieces(run.stdout ?? "");
  inputs.forEach((line, i) => {
    total++;
    if (expected[i] === actual[i]) return;
    const fn = line.slice(0, line.indexOf("("));
    if (!bad.has(fn)) bad.set(fn, []);
    bad.get(fn).push([line, expected[i], actual[i]]);
  });
}
const differing = [...bad.values()].reduce((n, v) => n + v.length, 0);
console.log(`${total} inputs, ${differing} differ, in ${bad.size} functions`);
for (const [fn, v] of bad) console.log(`${v.length} ${fn}`);
if (diffsFile !== null) {
  let out = "";
  for (const [fn, v] of bad) {
    out += `=== ${fn} (${v.length})\n`;
    for (const [line, x, y] of v.slice(0, perFunction)) out += `> ${line}\n--- iex\n${x}\n--- beamsh\n${y}\n`;
  }
  writeFileSync(diffsFile, out);
}
