// Per-suite figures for the doctest suites: examples passed and line parity.
//
//   node dist/test/doctests/report.js [SUITE...] [--failures] [--update]
//
// --failures lists the failing example ids; --update rewrites expected-failures.txt with
// the examples failing now (review the diff: a suite that should pass must stay empty).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadExpectedFailures, loadSuite, runSuite, suiteNames, suitesDir } from "./suites.js";

const args = process.argv.slice(2);
const showFailures = args.includes("--failures");
const update = args.includes("--update");
const wanted = args.filter((a) => !a.startsWith("--"));
const names = wanted.length ? wanted : suiteNames();
const failures = loadExpectedFailures();
const HEADER = `# Doctest examples that beamsh does not pass yet, by suite. doctests.test.ts checks this
# list is exact. Ids are \`Module.fun/arity #k\` (the k-th input under that header in
# MODULE.in). Update with \`node dist/test/doctests/report.js --update\` and review the diff.
`;
let passed = 0, examples = 0, lm = 0, lt = 0;
for (const name of names) {
  const r = await runSuite(loadSuite(name));
  const ok = r.examples - r.failing.filter((id) => !id.endsWith(" (header)")).length;
  passed += ok; examples += r.examples; lm += r.linesMatched; lt += r.linesTotal;
  const pct = ((100 * r.linesMatched) / r.linesTotal).toFixed(1);
  console.log(`${name.padEnd(14)} ${String(ok).padStart(4)}/${String(r.examples).padEnd(4)} examples  line parity ${pct}% (${r.linesMatched}/${r.linesTotal})`);
  if (showFailures) for (const id of r.failing) console.log(`    ${id}`);
  if (update) {
    const unstable = (failures.get(name) ?? []).filter((e) => e.startsWith("? "));
    const kept = r.failing.filter((id) => !unstable.includes(`? ${id}`));
    if (kept.length || unstable.length) failures.set(name, [...kept, ...unstable]);
    else failures.delete(name);
  }
}
console.log(`${"total".padEnd(14)} ${String(passed).padStart(4)}/${String(examples).padEnd(4)} examples  line parity ${((100 * lm) / lt).toFixed(1)}% (${lm}/${lt})`);
/** The `? ID  reason` lines of a suite, verbatim from the file (update keeps them). */
function unstableLines(suite: string): string[] {
  const lines = readFileSync(join(suitesDir, "expected-failures.txt"), "utf8").split("\n");
  const out: string[] = [];
  let inSuite = false;
  for (const l of lines) {
    const s = /^\[([\w.]+)\]$/.exec(l.trim());
    if (s) inSuite = s[1] === suite;
    else if (inSuite && l.startsWith("? ")) out.push(l);
  }
  return out;
}
if (update) {
  const sections = [...failures.keys()].sort().map((s) => {
    const ids = failures.get(s)!.filter((e) => !e.startsWith("? "));
    return `[${s}]\n${[...ids, ...unstableLines(s)].join("\n")}\n`;
  });
  writeFileSync(join(suitesDir, "expected-failures.txt"), HEADER + "\n" + sections.join("\n"));
}
