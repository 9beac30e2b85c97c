// Records the reference output of multi-node sessions with real iex nodes:
//   node dist/test/dist/record.js [--terminals] test/sessions/dist/NAME.nodes...
// writes NAME.nodes.out next to each script (see nodes.ts): by default what `iex < pipe`
// prints per node; with --terminals (for NAME.tty.nodes) what each node's terminal shows.
import { readFileSync, writeFileSync } from "node:fs";
import { formatOutputs, parseScript, privateEpmd, runTerminals } from "./nodes.js";
import { runNodes } from "./run-nodes.js";

const args = process.argv.slice(2);
const terminals = args.includes("--terminals");
for (const file of args.filter((x) => !x.startsWith("--"))) {
  const script = parseScript(readFileSync(file, "utf8"));
  const epmd = await privateEpmd();
  try {
    const out = terminals
      ? await runTerminals(script, (n, cookie) => `iex --sname ${n}@localhost --cookie ${cookie}`, { env: { ERL_EPMD_PORT: String(epmd.port) } })
      : await runNodes(script, { epmdPort: epmd.port, kindOf: () => "iex" });
    writeFileSync(file + ".out", formatOutputs(script.nodes, out));
    console.log("recorded " + file + ".out");
  } finally {
    epmd.close();
  }
}
process.exit(0);
