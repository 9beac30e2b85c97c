// Multi-node sessions in real terminals: each node is a beamsh started with --sname in its
// own tmux session, lines are typed into them, and each terminal must end up showing what
// the real iex nodes' terminals showed (test/sessions/dist/NAME.tty.nodes.out, recorded with
// `node dist/test/dist/record.js --terminals`).
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { normaliseScreen, parseScript, privateEpmd, runTerminals, splitOutputs } from "../dist/nodes.js";
import { BEAMSH } from "./tmux.js";

const dir = join(process.cwd(), "test", "sessions", "dist");
let epmd: { port: number; close(): void };
before(async () => {
  epmd = await privateEpmd();
});
after(() => epmd.close());

for (const f of readdirSync(dir).filter((x) => x.endsWith(".tty.nodes")).sort()) {
  test(`terminals of ${f} show what iex's show`, async () => {
    const script = parseScript(readFileSync(join(dir, f), "utf8"));
    const expected = splitOutputs(readFileSync(join(dir, f + ".out"), "utf8"));
    const actual = await runTerminals(script, (n, cookie) => `${BEAMSH} --no-history --sname ${n}@localhost --cookie ${cookie}`, {
      env: { ERL_EPMD_PORT: String(epmd.port) },
    });
    for (const node of script.nodes) {
      assert.equal(normaliseScreen(actual.get(node) ?? ""), normaliseScreen(expected.get(node) ?? ""), `${f}: node ${node}`);
    }
  });
}
