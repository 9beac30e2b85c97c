// `npm run soak`: every soak test at full size (1,000 x 1,000 messages, 1,000,000 spawns...),
// each compared with what Elixir printed. `--scale 10` runs the smaller sizes npm test uses.
import { runSoak, soakFiles } from "./soak.js";

const scale = process.argv.includes("--scale") && process.argv[process.argv.indexOf("--scale") + 1] === "10" ? 10 : 1;
let failed = 0;
for (const file of soakFiles()) {
  const r = runSoak(file, scale);
  console.log(`${r.ok ? "ok  " : "FAIL"} ${r.name} (${(r.ms / 1000).toFixed(1)} s)`);
  for (const line of r.actual.trimEnd().split("\n")) console.log(`     ${line}`);
  if (!r.ok) {
    failed++;
    console.log(`     expected (elixir):\n${r.expected.replace(/^/gm, "     ")}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
