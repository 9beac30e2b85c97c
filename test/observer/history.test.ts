// Time travel: the snapshot history (bounded, positions that keep naming the same
// snapshot), the jumps to the sample before processes started or ended, and the keys.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Key } from "ink";
import { SnapshotHistory } from "../../src/observer/history.js";
import type { ProcSample, Snapshot } from "../../src/observer/source.js";
import { initialState, pressKey, type UiState, type ViewContext } from "../../src/observer/state.js";

function snap(uptimeMs: number, ids: number[]): Snapshot {
  const procs = ids.map((id) => ({ id }) as ProcSample);
  return { at: uptimeMs, procs, costMs: 0, system: { uptimeMs, procCount: ids.length } as Snapshot["system"] };
}

test("the history keeps the newest snapshots; a position names the same snapshot as newer ones arrive", () => {
  const h = new SnapshotHistory(4);
  for (let i = 0; i < 10; i++) h.push(snap(i * 1000, [1]));
  assert.equal(h.last, 9);
  assert.equal(h.first, 6);
  assert.equal(h.size, 4);
  assert.equal(h.get(5), null);
  assert.equal(h.get(7)!.system.uptimeMs, 7000);
  assert.equal(h.before(7500), 7);
  assert.equal(h.before(100), null);
});

test("changes: the samples in which processes started or ended, and what changed", () => {
  const h = new SnapshotHistory(100);
  [[1, 2], [1, 2], [1], [1, 3], [1, 3], [1, 3]].forEach((ids, i) => h.push(snap(i * 1000, ids)));
  assert.equal(h.changeBefore(5), 3);
  assert.equal(h.changeBefore(2), 2);
  assert.equal(h.changeBefore(1), null);
  assert.equal(h.changeAfter(0), 2);
  assert.equal(h.changeAfter(2), 3);
  assert.equal(h.changeAfter(3), null);
  assert.deepEqual(h.diff(2), { started: [], ended: [2] });
  assert.deepEqual(h.diff(3), { started: [3], ended: [] });
});

const NO_KEY = { upArrow: false, downArrow: false, return: false, escape: false, ctrl: false, meta: false, tab: false, shift: false } as Key;

test("keys: [ and ] step through the samples, { and } jump to just before processes started or ended, L (or ] past the newest) is live", () => {
  const h = new SnapshotHistory(100);
  [[1, 2], [1, 2], [1], [1, 3], [1, 3], [1, 3]].forEach((ids, i) => h.push(snap(i * 1000, ids)));
  const ctx: ViewContext = { rows: [{ id: 1 }], labelOf: () => "", pageSize: 10, history: h, };
  const press = (s: UiState, ...keys: string[]) => keys.reduce((st, k) => pressKey(st, k, NO_KEY, ctx)[0], s);
  const s0 = { ...initialState(), view: "tree" as const };
  assert.equal(press(s0, "[").travel, 4);
  assert.equal(press(s0, "[", "[", "]").travel, 4);
  assert.equal(press(s0, "[", "]").travel, null);
  assert.equal(press(s0, "{").travel, 2, "right before <3> started");
  assert.equal(press(s0, "{", "{").travel, 1, "right before <2> ended");
  assert.equal(press(s0, "{", "{", "{").message, "no processes started or ended earlier in the recorded samples");
  assert.equal(press(s0, "{", "{", "}").travel, 2);
  assert.equal(press(s0, "{", "{", "}", "}").travel, null);
  assert.equal(press(s0, "[", "[", "[", "[", "[", "[", "[").travel, 0);
  const back = press(s0, "{", "L");
  assert.equal(back.travel, null);
  assert.equal(back.message, "live again");
  assert.equal(press({ ...s0, view: "sequence" }, "[").travel, null, "only the views drawn from samples travel");
});

test("crash replay keys: ← → step within the crash, ↑ ↓ pick another (its first step), 9 opens on the newest crash's first step", () => {
  const ctx: ViewContext = { rows: [], labelOf: () => "", pageSize: 10, crashSteps: [3, 5] };
  const key = (k: Partial<Key>) => ({ ...NO_KEY, ...k }) as Key;
  const go = (s: UiState, ...keys: [string, Partial<Key>][]) => keys.reduce((st, [i, k]) => pressKey(st, i, key(k), ctx)[0], s);
  const R: [string, Partial<Key>] = ["", { rightArrow: true }];
  const L: [string, Partial<Key>] = ["", { leftArrow: true }];
  const D: [string, Partial<Key>] = ["", { downArrow: true }];
  const s0 = go(initialState(), ["9", {}]);
  assert.equal(s0.view, "crashes");
  assert.equal(go(s0, R, R, R, R).crashStep, 2, "stops at the last step");
  assert.equal(go(s0, R, L, L).crashStep, 0);
  const other = go(s0, R, D);
  assert.deepEqual([other.crash, other.crashStep], [1, 0]);
  assert.equal(go(s0, D, ["G", {}]).crashStep, 4);
  assert.equal(go(s0, D, D, D).crash, 1);
  const again = go({ ...s0, crash: 1, crashStep: 3, view: "tree" }, ["9", {}]);
  assert.deepEqual([again.crash, again.crashStep], [0, 0]);
});
