// The multi-node sessions in test/sessions/dist (NAME.nodes, recorded from real iex nodes as
// NAME.nodes.out): every node's terminal shows what the iex node's showed.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { normalise } from "../helpers/session.js";
import { NodeKind, runNodes } from "./run-nodes.js";
import { hasErlang } from "./real-erl.js";
import { parseScript, privateEpmd, splitOutputs } from "./nodes.js";

const dir = join(process.cwd(), "test", "sessions", "dist");

/**
 * What a node printed, prompts left out, in sorted order: with a real node on the other side,
 * output its processes send may come just before or just after the local result (its
 * timing, which the test does not control), so mixed runs compare the lines, not their order.
 * Runs between beamsh nodes compare in order.
 */
function linesPrinted(text: string): string {
  return text
    .split("\n")
    .map((l) => l.replace(/^((iex|\.\.\.)\([^)]*\)\d+> ?)+/, ""))
    .filter((l) => l !== "")
    .sort()
    .join("\n");
}
let epmd: { port: number; close(): void; idle(): Promise<void> };
before(async () => {
  epmd = await privateEpmd();
});
after(() => epmd.close());

for (const f of readdirSync(dir).filter((x) => x.endsWith(".nodes") && !x.endsWith(".tty.nodes")).sort()) {
  test(`nodes session ${f} matches iex`, async () => {
    const script = parseScript(readFileSync(join(dir, f), "utf8"));
    const expected = splitOutputs(readFileSync(join(dir, f + ".out"), "utf8"));
    const check = async (kindOf: (n: string) => NodeKind, what: string, inOrder = false) => {
      await epmd.idle();
      const actual = await runNodes(script, { epmdPort: epmd.port, kindOf });
      const text = inOrder ? normalise : (t: string) => linesPrinted(normalise(t));
      for (const node of script.nodes) {
        assert.equal(text(actual.get(node) ?? ""), text(expected.get(node) ?? ""), `${f} (${what}): node ${node}`);
      }
    };
    await check(() => "beamsh", "beamsh nodes", !script.unordered);
    // With real nodes too: the first node real and the others beamsh, then the other way round.
    if (script.mixed && hasErlang()) {
      const first = script.nodes[0];
      await check((n) => (n === first ? "iex" : "beamsh"), `${first} real`);
      await check((n) => (n === first ? "beamsh" : "iex"), `${first} beamsh, the others real`);
    }
    for (const real of hasErlang() ? script.real : []) {
      await check((n) => (real.includes(n) ? "iex" : "beamsh"), `${real.join(", ")} real`);
    }
  });
}
