// The observer's Sequence view: 6 opens it, s follows the selected process, the diagram is
// drawn from the source's recording, newest rows at the bottom, ↑ scrolls back.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Diagram } from "../../src/observer/sequence.js";
import { Pid } from "../../src/runtime/term.js";
import { FakeSource, proc, snapshot } from "./fixtures.js";
import { KEYS } from "./ink-harness.js";
import { openObserver } from "./open-observer.js";

const pid = (id: number) => new Pid(id);

function pingPong(n: number): Diagram {
  const rows: Diagram["rows"] = [];
  for (let i = 0; i < n; i++) {
    rows.push({ kind: "arrow", from: "100", to: "101", label: `{:ping, ${i}}`, style: "send" });
    rows.push({ kind: "note", lane: "101", text: `receive {:ping, ${i}}`, style: "receive" });
  }
  return {
    lanes: [
      { key: "100", pid: pid(100), info: { name: null, call: "Pinger.run/0", shell: false }, born: -1, died: -1 },
      { key: "101", pid: pid(101), info: { name: "Echo", call: null, shell: false }, born: -1, died: -1 },
    ],
    rows,
    dropped: 0,
  };
}

test("6 shows the diagram; s follows the selected process; ↑ scrolls back", async () => {
  const source = new FakeSource([snapshot(1000, [proc(100), proc(101)]), snapshot(2000, [proc(100), proc(101)])]);
  source.sequence = pingPong(20);
  const { m } = openObserver(source, 120, 24);
  await m.press("");
  assert.equal(source.sequenceWatchers, 0, "nothing recorded before the view is shown");
  await m.press("s");
  let f = (await m.press("8")).split("\n");
  assert.match(f[0], /8 Sequence/);
  assert.equal(source.sequenceWatchers, 1);
  assert.equal(source.sequenceRoots.at(-1)?.length, 1, "following the selected process");
  assert.ok(f.some((l) => /^Sequence · following <0\.\d+\.0>/.test(l)), f.join("\n"));
  assert.ok(f.some((l) => /^#PID<0\.100\.0> +Echo$/.test(l)), "lane titles");
  assert.ok(f.some((l) => l.includes("receive {:ping, 19}")), "the newest row at the bottom");
  assert.ok(!f.some((l) => l.includes("{:ping, 0}")), "the oldest rows are above");
  f = (await m.press(KEYS.up)).split("\n");
  assert.ok(!f.some((l) => l.includes("receive {:ping, 19}")), "scrolled back one row");
  assert.ok(f.some((l) => /rows back/.test(l)));
  await m.press("a");
  assert.deepEqual(source.sequenceRoots.at(-1), [], "a: all processes");
  await m.press("1");
  await m.press("");
  assert.equal(source.sequenceWatchers, 0, "not recording once the view is left");
  m.unmount();
});
