#!/usr/bin/env node
// Differential check of expressions against real Elixir: every line of FILE is evaluated
// by `elixir` and by beamsh (`bin/beamsh.js`), its inspected result (or the exception it
// raises) printed, and the lines that differ are shown. Keep files to a few hundred lines
// (elixir compiles the whole script first). Generators: tools/fuzz/gen-*.mjs.
// Usage: node tools/fuzz/erl-diff.mjs FILE      (SHOW=N shows up to N differences, STDERR=1 shows warnings)
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const lines = readFileSync(process.argv[2], "utf8").split("\n").filter((l) => l.trim());
const wrap = (e) =>
  `IO.puts(inspect(try do ${e} rescue err -> {:raised, err.__struct__, Exception.message(err)} ` +
  `catch k, v -> {:caught, k, v} end, limit: :infinity, printable_limit: :infinity, charlists: :as_lists))`;
const dir = mkdtempSync(join(tmpdir(), "erl-diff-"));
const script = join(dir, "run.exs");
writeFileSync(script, lines.map(wrap).join("\n") + "\n");
const opts = { encoding: "utf8", maxBuffer: 1 << 28, stdio: ["ignore", "pipe", process.env.STDERR ? "inherit" : "pipe"] };
const beamsh = new URL("../../bin/beamsh.js", import.meta.url).pathname;
let real, ours;
try {
  real = execFileSync("elixir", [script], opts).split("\n");
  ours = execFileSync("node", [beamsh, script], opts).split("\n");
} catch (e) {
  // (a line that does not compile stops the whole script: show why)
  console.error(String(e.stderr ?? e).split("\n").filter((l) => !/^warning|^\s|^$/.test(l)).slice(0, 8).join("\n"));
  process.exit(2);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
// Anonymous functions print a hash of their module's code, which differs by construction.
const norm = (s) => s?.replace(/#Function<(\d+)\.\d+ in /g, "#Function<$1.H in ");
real = real.map(norm);
ours = ours.map(norm);
let bad = 0;
for (let i = 0; i < lines.length; i++) {
  if (real[i] === ours[i]) continue;
  if (++bad <= (Number(process.env.SHOW) || 15)) console.log(`#${i}: ${lines[i]}\n  real: ${real[i]}\n  ours: ${ours[i]}`);
}
console.log(`${lines.length - bad}/${lines.length} match`);
process.exitCode = bad === 0 ? 0 : 1;
