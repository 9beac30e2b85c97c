// Scheduler lanes: the scheduler as a timeline. Each scheduling slice is one column; each
// process that ran is a lane (a row) with a mark in the columns of its slices: preempted
// (it used its whole budget of reductions and went back to the run queue), blocked (it
// waited in `receive` before its budget ran out) or exited. A last row shows the run queue's
// length when each slice began. With a CPU hog next to a server, the hog's lane is solid
// with preemptions and the server's lane still has its short slices between them.
//
// Injected faults (runtime/faults.ts) get a row of their own: a mark in the column of the
// slice in which a fault acted on a message (usually the sender's send), or in which a
// process was suspended or resumed.
//
// The model is plain data, fed by the event stream's slice events (scheduled, preempted,
// blocked) and exits, kept in a bounded log; views/Lanes.tsx draws it.
import type { RuntimeEvent } from "../runtime/events.js";

export type SliceEnd = "preempted" | "blocked" | "exited";

/** One scheduling slice. */
export interface Slice {
  pid: number;
  /** Reductions it used (null when the process exited in it: not counted then). */
  reductions: number | null;
  end: SliceEnd;
  /** Processes waiting in the run queue when it began. */
  queue: number;
  /** What injected faults did during it (FAULT_MARK characters), if anything. */
  faults?: string;
}

/** A fault's mark in the faults row. */
export const FAULT_MARK: Record<string, string> = { drop: "x", delay: "~", duplicate: "2", reorder: "r", suspend: "S", resume: "R" };

/** The event kinds a lane log needs. */
export const LANE_EVENTS = ["scheduled", "preempted", "blocked", "exit", "fault"] as const;

/** The newest slices (at most `capacity`), from the event stream. */
export class LaneLog {
  private buf: Slice[] = [];
  /** Slices seen since the log started (kept or not). */
  total = 0;
  private open: { pid: number; queue: number } | null = null;
  /** Fault marks seen since the last slice closed (they go to the next one to close). */
  private faults = "";

  constructor(readonly capacity = 2048) {}

  push(e: RuntimeEvent): void {
    switch (e.kind) {
      case "scheduled":
        if (e.pid.node === null) this.open = { pid: e.pid.id, queue: e.queue };
        break;
      case "preempted":
      case "blocked":
        this.close(e.pid.id, e.kind, e.reductions);
        break;
      case "exit":
        this.close(e.pid.id, "exited", null);
        break;
      case "fault": {
        const mark = FAULT_MARK[e.type];
        if (mark !== undefined && e.op === "apply" && this.faults.length < 8) this.faults += mark;
        break;
      }
    }
  }

  /** The kept slices, oldest first. */
  get slices(): readonly Slice[] {
    return this.buf;
  }

  private close(pid: number, end: SliceEnd, reductions: number | null): void {
    const o = this.open;
    if (o === null || o.pid !== pid) return;
    this.open = null;
    const slice: Slice = { pid, reductions, end, queue: o.queue };
    if (this.faults !== "") slice.faults = this.faults;
    this.faults = "";
    this.buf.push(slice);
    this.total++;
    // Trimmed in batches, so a push costs O(1) on average.
    if (this.buf.length >= this.capacity * 2) this.buf = this.buf.slice(-this.capacity);
  }
}

export interface Lane {
  pid: number;
  /** One character per column: see MARK. */
  cells: string;
  /** In the columns shown: slices, reductions, and how they ended. */
  slices: number;
  reductions: number;
  preempted: number;
  blocked: number;
}

export const MARK: Record<SliceEnd | "idle", string> = { preempted: "█", blocked: "▄", exited: "×", idle: "·" };

/**
 * The last `columns` slices (newest at the right) as lanes, one per process that ran in
 * them, in pid order, the run queue's length at each (a digit, `+` from 10), and the faults
 * row (empty when no fault acted in them).
 */
export function laneRows(slices: readonly Slice[], columns: number): { lanes: Lane[]; queue: string; faults: string } {
  const shown = slices.slice(Math.max(0, slices.length - Math.max(1, columns)));
  const lanes = new Map<number, Lane>();
  for (const s of shown) {
    if (!lanes.has(s.pid)) lanes.set(s.pid, { pid: s.pid, cells: "", slices: 0, reductions: 0, preempted: 0, blocked: 0 });
  }
  const cells = new Map<number, string[]>();
  for (const pid of lanes.keys()) cells.set(pid, new Array<string>(shown.length).fill(MARK.idle));
  shown.forEach((s, i) => {
    cells.get(s.pid)![i] = MARK[s.end];
    const lane = lanes.get(s.pid)!;
    lane.slices++;
    lane.reductions += s.reductions ?? 0;
    if (s.end === "preempted") lane.preempted++;
    else if (s.end === "blocked") lane.blocked++;
  });
  for (const [pid, c] of cells) lanes.get(pid)!.cells = c.join("");
  const queue = shown.map((s) => (s.queue >= 10 ? "+" : String(s.queue))).join("");
  // Several faults in one slice: the first one's mark (the trace log tells them all).
  const faults = shown.some((s) => s.faults !== undefined) ? shown.map((s) => s.faults?.[0] ?? " ").join("") : "";
  return { lanes: [...lanes.values()].sort((x, y) => x.pid - y.pid), queue, faults };
}
