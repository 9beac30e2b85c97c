// The observer's pure model: rows, reduction deltas, sorting, filtering, selection, paging.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  columnWidths,
  filterRows,
  pageInfo,
  queryRows,
  reductionsPerSecond,
  rowsOf,
  scrollTop,
  selectionIndex,
  sortRows,
} from "../../src/observer/model.js";
import { bytes, compactNumber, duration, mfa, moduleName } from "../../src/observer/format.js";
import { proc, snapshot } from "./fixtures.js";

const prev = snapshot(1000, [proc(100, { reductions: 50 }), proc(101, { reductions: 1000 }), proc(102, { reductions: 10 })]);
const cur = snapshot(2000, [
  proc(100, { reductions: 60 }),
  proc(101, { reductions: 5000, current: "Demo.Spin.spin/1", status: "runnable" }),
  proc(102, { reductions: 10, name: ":ticker", mqueue: 7 }),
  proc(103, { reductions: 300 }),
]);

test("reductions are the change since the previous sample; a new process counts all of its own", () => {
  const rows = rowsOf(cur, prev, "delta");
  assert.deepEqual(
    rows.map((r) => [r.id, r.reductions]),
    [
      [100, 10],
      [101, 4000],
      [102, 0],
      [103, 300],
    ],
  );
});

test("total mode shows the cumulative reductions", () => {
  assert.deepEqual(
    rowsOf(cur, prev, "total").map((r) => r.reductions),
    [60, 5000, 10, 300],
  );
});

test("the first sample has no previous one: deltas equal totals", () => {
  assert.deepEqual(
    rowsOf(cur, null, "delta").map((r) => r.reductions),
    [60, 5000, 10, 300],
  );
});

test("the name column is the registered name, else the initial call", () => {
  const rows = rowsOf(cur, prev, "delta");
  assert.equal(rows[2].name, ":ticker");
  assert.equal(rows[2].registered, true);
  assert.equal(rows[0].name, ":erlang.apply/2");
});

test("sorting by reductions puts the busiest process first and breaks ties by pid", () => {
  const rows = sortRows(rowsOf(cur, prev, "delta"), "reductions", true);
  assert.deepEqual(
    rows.map((r) => r.id),
    [101, 103, 100, 102],
  );
  const asc = sortRows(rowsOf(cur, prev, "delta"), "mqueue", false);
  assert.deepEqual(
    asc.map((r) => r.id),
    [100, 101, 103, 102],
  );
});

test("sorting by a text column orders alphabetically", () => {
  const rows = sortRows(rowsOf(cur, prev, "delta"), "current", false);
  assert.deepEqual(
    rows.map((r) => r.current),
    ["Demo.Spin.spin/1", "Demo.Worker.loop/1", "Demo.Worker.loop/1", "Demo.Worker.loop/1"],
  );
});

test("the filter matches pid, name, current function or status, ignoring case", () => {
  const rows = rowsOf(cur, prev, "delta");
  assert.deepEqual(
    filterRows(rows, "SPIN").map((r) => r.id),
    [101],
  );
  assert.deepEqual(
    filterRows(rows, "0.102").map((r) => r.id),
    [102],
  );
  assert.deepEqual(
    filterRows(rows, "runnable").map((r) => r.id),
    [101],
  );
  assert.equal(filterRows(rows, "  ").length, 4);
});

test("queryRows filters then sorts", () => {
  const rows = queryRows(cur, prev, { mode: "delta", sort: "reductions", desc: true, filter: "worker" });
  assert.deepEqual(
    rows.map((r) => r.id),
    [103, 100, 102],
  );
});

test("reductions per second include processes that exited (total counter)", () => {
  const a = snapshot(1000, [], 10_000);
  const b = snapshot(1500, [], 30_000);
  assert.equal(reductionsPerSecond(b, a), 40_000);
  assert.equal(reductionsPerSecond(b, null), 0);
});

test("the selection follows its pid across re-sorting and falls back to a nearby row when it is gone", () => {
  const rows = [{ id: 5 }, { id: 9 }, { id: 7 }];
  assert.equal(selectionIndex(rows, 7, 0), 2);
  assert.equal(selectionIndex(rows, 42, 1), 1);
  assert.equal(selectionIndex(rows, 42, 10), 2);
  assert.equal(selectionIndex([], 42, 3), 0);
});

test("scrolling keeps the selection on screen, moving as little as possible", () => {
  assert.equal(scrollTop(0, 5, 10, 100), 0);
  assert.equal(scrollTop(0, 12, 10, 100), 3);
  assert.equal(scrollTop(20, 15, 10, 100), 15);
  assert.equal(scrollTop(95, 99, 10, 100), 90);
  assert.equal(scrollTop(0, 0, 10, 3), 0);
});

test("page figures for the footer", () => {
  assert.deepEqual(pageInfo(0, 20, 10_000), { page: 1, pages: 500 });
  assert.deepEqual(pageInfo(40, 20, 10_000), { page: 3, pages: 500 });
  assert.deepEqual(pageInfo(0, 20, 0), { page: 1, pages: 1 });
});

test("column widths fill the terminal width", () => {
  for (const w of [80, 120, 200]) {
    const widths = columnWidths(w);
    assert.equal(widths.reduce((n, x) => n + x, 0) + widths.length - 1 + 2, w);
  }
});

test("names and numbers are printed the Elixir way and compactly", () => {
  assert.equal(moduleName("Elixir.Demo.Spin"), "Demo.Spin");
  assert.equal(mfa("erlang", "apply", 2), ":erlang.apply/2");
  assert.equal(compactNumber(9999), "9999");
  assert.equal(compactNumber(12_345), "12.3K");
  assert.equal(compactNumber(2_500_000), "2.5M");
  assert.equal(bytes(2816), "2.8 KiB");
  assert.equal(duration(3_723_000), "01:02:03");
  assert.equal(duration(90_000_000), "1d 01:00:00");
});
