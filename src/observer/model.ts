// The observer's pure model (observer_cli's get_* functions): snapshots in, table rows out.
// Reduction deltas over the sampling interval, sorting by any column, `/text` filtering,
// selection that follows a pid across refreshes, and scrolling/paging arithmetic.
import { shortPid } from "./format.js";
import type { ProcSample, Snapshot } from "./source.js";

export type Column = "pid" | "name" | "reductions" | "memory" | "mqueue" | "current" | "status";
/** Reductions shown as the change since the previous sample, or the running total. */
export type RedsMode = "delta" | "total";

export interface ColumnDef {
  id: Column;
  title: string;
  /** The key that sorts by this column (pressed again: reverse order). */
  key: string;
  align: "left" | "right";
  /** Fixed width, or 0 for a column that shares the remaining width. */
  width: number;
  /** Larger values first by default (numbers) or smaller first (names). */
  desc: boolean;
}

/** The process table's columns, in display order (each row documented by its title). */
export const COLUMNS: ColumnDef[] = [
  { id: "pid", title: "Pid", key: "P", align: "left", width: 12, desc: false },
  { id: "name", title: "Name or initial call", key: "N", align: "left", width: 0, desc: false },
  { id: "reductions", title: "Reds", key: "R", align: "right", width: 9, desc: true },
  { id: "memory", title: "Memory", key: "M", align: "right", width: 9, desc: true },
  { id: "mqueue", title: "MsgQ", key: "Q", align: "right", width: 6, desc: true },
  { id: "current", title: "Current function", key: "F", align: "left", width: 0, desc: false },
  { id: "status", title: "Status", key: "S", align: "left", width: 9, desc: false },
];

export interface Row {
  id: number;
  pid: string;
  name: string;
  /** Registered name (true) or initial call (false) in `name`. */
  registered: boolean;
  reductions: number;
  memory: number;
  mqueue: number;
  current: string;
  status: string;
  sample: ProcSample;
}

export interface RowQuery {
  mode: RedsMode;
  sort: Column;
  desc: boolean;
  filter: string;
}

export const DEFAULT_QUERY: RowQuery = { mode: "delta", sort: "reductions", desc: true, filter: "" };

/** One row per process; reductions as a delta against `prev` (new processes: all of theirs). */
export function rowsOf(cur: Snapshot, prev: Snapshot | null, mode: RedsMode): Row[] {
  const before = new Map<number, number>();
  if (prev && mode === "delta") for (const p of prev.procs) before.set(p.id, p.reductions);
  return cur.procs.map((s) => ({
    id: s.id,
    pid: shortPid(s.id, s.serial),
    name: s.name ?? s.initialCall ?? "",
    registered: s.name !== null,
    reductions: mode === "delta" ? s.reductions - (before.get(s.id) ?? 0) : s.reductions,
    memory: s.memory,
    mqueue: s.mqueue,
    current: s.current,
    status: s.status,
    sample: s,
  }));
}

/** Reductions per second between two snapshots (exited processes included). */
export function reductionsPerSecond(cur: Snapshot, prev: Snapshot | null): number {
  if (prev === null || cur.at <= prev.at) return 0;
  return ((cur.system.totalReductions - prev.system.totalReductions) * 1000) / (cur.at - prev.at);
}

function compareBy(col: Column): (x: Row, y: Row) => number {
  switch (col) {
    case "pid":
      return (x, y) => x.id - y.id;
    case "reductions":
    case "memory":
    case "mqueue":
      return (x, y) => x[col] - y[col];
    default:
      return (x, y) => (x[col] < y[col] ? -1 : x[col] > y[col] ? 1 : 0);
  }
}

/** Sorted copy; ties keep pid order so rows do not jump between refreshes. */
export function sortRows(rows: readonly Row[], col: Column, desc: boolean): Row[] {
  const cmp = compareBy(col);
  const dir = desc ? -1 : 1;
  return [...rows].sort((x, y) => dir * cmp(x, y) || x.id - y.id);
}

/** Rows whose pid, name, current function or status contains `text` (case-insensitive). */
export function filterRows(rows: readonly Row[], text: string): Row[] {
  const t = text.trim().toLowerCase();
  if (t === "") return [...rows];
  return rows.filter((r) => [r.pid, r.name, r.current, r.status].some((f) => f.toLowerCase().includes(t)));
}

/** The rows the Processes view shows: filtered, then sorted. */
export function queryRows(cur: Snapshot, prev: Snapshot | null, q: RowQuery): Row[] {
  return sortRows(filterRows(rowsOf(cur, prev, q.mode), q.filter), q.sort, q.desc);
}

/** Index of the selected process in `rows`; when it is gone, the nearest valid index. */
export function selectionIndex(rows: readonly { id: number }[], id: number | null, fallback: number): number {
  if (id !== null) {
    const i = rows.findIndex((r) => r.id === id);
    if (i >= 0) return i;
  }
  return clamp(fallback, 0, rows.length - 1);
}

export function clamp(n: number, lo: number, hi: number): number {
  return hi < lo ? lo : Math.min(hi, Math.max(lo, n));
}

/** First visible row, moved as little as possible to keep `selected` on screen. */
export function scrollTop(top: number, selected: number, height: number, total: number): number {
  if (height <= 0) return 0;
  let t = top;
  if (selected < t) t = selected;
  if (selected >= t + height) t = selected - height + 1;
  return clamp(t, 0, Math.max(0, total - height));
}

/** "page 2/40" figures for the footer. */
export function pageInfo(top: number, height: number, total: number): { page: number; pages: number } {
  if (height <= 0 || total === 0) return { page: 1, pages: 1 };
  return { page: Math.floor(top / height) + 1, pages: Math.ceil(total / height) };
}

/** Widths of the table's columns for a terminal `width` columns wide (one space between). */
export function columnWidths(width: number): number[] {
  const fixed = COLUMNS.reduce((n, c) => n + c.width, 0) + COLUMNS.length - 1 + 2;
  const flex = Math.max(10, width - fixed);
  const name = Math.max(8, Math.floor(flex * 0.45));
  return COLUMNS.map((c) => (c.width > 0 ? c.width : c.id === "name" ? name : flex - name));
}
