// The observer's UI state and its one reducer: key commands in, new state and effects out.
// Pure (no runtime, no React), so scripted key sequences can be tested directly.
import type { Key } from "ink";
import { Command, View, commandFor } from "./keymap.js";
import { COLUMNS, DEFAULT_QUERY, RowQuery, clamp, scrollTop } from "./model.js";
import { KILL_REASONS } from "./reason.js";
import { shortPid } from "./format.js";
import type { HistoryIndex } from "./history.js";

/** Refresh intervals offered by `+`/`-` (ms). */
export const INTERVALS = [250, 500, 1000, 2000, 5000, 10000];
export const DEFAULT_INTERVAL = 1000;

export type Prompt =
  | { kind: "filter"; text: string }
  /** `choice` indexes KILL_REASONS; -1 means the typed `text` is the reason. */
  | { kind: "kill"; id: number; label: string; choice: number; text: string }
  /** A fault on the messages to (or from) a process: `choice` indexes FAULT_CHOICES; `text` is a count typed. */
  | { kind: "fault"; id: number; label: string; dir: "to" | "from"; choice: number; text: string };

/** What the fault prompt offers: a fault kind, or removing the faults on the process. */
export const FAULT_CHOICES = ["drop", "delay", "duplicate", "reorder", "remove"] as const;
export type FaultChoice = (typeof FAULT_CHOICES)[number];

export interface UiState {
  view: View;
  /** Where Esc returns to from detail/help. */
  back: View;
  query: RowQuery;
  /** The selected process (followed across refreshes), and its last known list position. */
  selectedId: number | null;
  selected: number;
  top: number;
  /** Scroll offset of the detail, trace and help views. */
  scroll: number;
  paused: boolean;
  intervalMs: number;
  prompt: Prompt | null;
  traced: number | null;
  /** Processes the Sequence view follows (empty: all). */
  followed: number[];
  /** Bumped to clear the Sequence view's recording. */
  sequenceEpoch: number;
  /** Time travel: the snapshot shown (its sequence number in the history), or null: live. */
  travel: number | null;
  /** Crash replay: which crash (0: the newest) and how many of its steps are shown (0: the first). */
  /** Whether the lists show the system's own processes too. */
  showSystem: boolean;
  crash: number;
  crashStep: number;
  message: string | null;
}

export type Effect =
  | { type: "quit"; split?: boolean }
  | { type: "exit"; id: number; reason: string }
  | { type: "trace"; id: number | null }
  | { type: "clearTrace" }
  | { type: "sample" }
  | { type: "fetchState"; id: number }
  | { type: "runtimePause" }
  | { type: "runtimeStep" }
  | { type: "suspend"; id: number }
  | { type: "showSystem"; on: boolean }
  /** A fault on the messages to/from a process (`count` null: until removed), or removing its faults. */
  | { type: "fault"; id: number; dir: "to" | "from"; choice: FaultChoice; count: number | null };

/** What the reducer needs to know about the screen: the list on display and its height. */
export interface ViewContext {
  /** The rows of the current list view (pid ids), in display order. */
  rows: readonly { id: number }[];
  /** How a process is named in prompts. */
  labelOf: (id: number) => string;
  pageSize: number;
  /** The sampler's snapshot history (time travel); absent: no time travel. */
  history?: HistoryIndex;
  /** Crash replay: how many steps each crash has (newest first). */
  crashSteps?: readonly number[];
}

export function initialState(intervalMs = DEFAULT_INTERVAL): UiState {
  return {
    view: "processes",
    back: "processes",
    query: DEFAULT_QUERY,
    selectedId: null,
    selected: 0,
    top: 0,
    scroll: 0,
    paused: false,
    intervalMs,
    prompt: null,
    traced: null,
    followed: [],
    sequenceEpoch: 0,
    travel: null,
    showSystem: false,
    crash: 0,
    crashStep: 0,
    message: null,
  };
}

export type Step = [UiState, Effect[]];

const TAB_ORDER: View[] = ["processes", "tree", "system", "trace", "pipeline", "lanes", "nodes", "sequence", "crashes"];

/** Handles one key press. */
export function pressKey(s: UiState, input: string, key: Key, ctx: ViewContext): Step {
  if (s.prompt !== null) return promptKey(s, s.prompt, input, key);
  const cmd = commandFor(s.view, input, key);
  return cmd === null ? [s, []] : reduce({ ...s, message: null }, cmd, ctx);
}

export function reduce(s: UiState, cmd: Command, ctx: ViewContext): Step {
  switch (cmd.type) {
    case "quit":
      return [s, [{ type: "quit" }]];
    case "split":
      return [s, [{ type: "quit", split: true }]];
    case "back":
      return [{ ...s, view: s.back, scroll: 0 }, []];
    case "view": {
      // Crash replay opens on the newest crash's first step.
      const replay = cmd.view === "crashes" && s.view !== "crashes" ? { crash: 0, crashStep: 0 } : {};
      return [{ ...s, ...replay, view: cmd.view, back: isMain(s.view) ? s.view : s.back, scroll: 0 }, []];
    }
    case "nextView": {
      const i = TAB_ORDER.indexOf(s.view);
      return [{ ...s, view: TAB_ORDER[(i + 1) % TAB_ORDER.length], scroll: 0 }, []];
    }
    case "move":
      return [select(s, s.selected + cmd.by, ctx), []];
    case "page":
      // The Sequence view counts its scroll back from the newest row.
      if (s.view === "sequence") return [{ ...s, scroll: Math.max(0, s.scroll - cmd.by * ctx.pageSize) }, []];
      if (!isList(s.view)) return [{ ...s, scroll: Math.max(0, s.scroll + cmd.by * ctx.pageSize) }, []];
      return [select(s, s.selected + cmd.by * ctx.pageSize, ctx), []];
    case "home":
      return [select(s, 0, ctx), []];
    case "end":
      return [select(s, ctx.rows.length - 1, ctx), []];
    default:
      return act(s, cmd, ctx);
  }
}

/** Commands that act on the selected process or on sampling. */
function act(s: UiState, cmd: Command, ctx: ViewContext): Step {
  const target = s.view === "detail" ? s.selectedId : (ctx.rows[s.selected]?.id ?? null);
  switch (cmd.type) {
    case "detail":
      if (target === null) return [s, []];
      return [{ ...s, view: "detail", back: s.view, selectedId: target, scroll: 0 }, [{ type: "fetchState", id: target }]];
    case "kill": {
      if (target === null) return [s, []];
      const label = ctx.labelOf(target);
      return [{ ...s, selectedId: target, prompt: { kind: "kill", id: target, label, choice: 0, text: "" } }, []];
    }
    case "trace": {
      if (target === null) return [s, []];
      const id = s.traced === target ? null : target;
      return [{ ...s, traced: id, message: id === null ? "trace stopped" : "tracing — press 4 for the trace log" }, [{ type: "trace", id }]];
    }
    case "clearTrace":
      return [s, [{ type: "clearTrace" }]];
    case "suspend":
      return target === null ? [s, []] : [{ ...s, selectedId: target }, [{ type: "suspend", id: target }]];
    case "fault":
      if (target === null) return [s, []];
      return [{ ...s, selectedId: target, prompt: { kind: "fault", id: target, label: ctx.labelOf(target), dir: cmd.dir, choice: 0, text: "" } }, []];
    case "runtimePause":
    case "runtimeStep":
      return [s, [{ type: cmd.type }]];
    case "follow": {
      if (target === null) return [s, []];
      const on = !s.followed.includes(target);
      const followed = on ? [...s.followed, target] : s.followed.filter((id) => id !== target);
      const who = followed.length === 0 ? "all processes" : followed.map((id) => shortPid(id)).join(", ");
      return [{ ...s, followed, message: `Sequence view (8) follows ${who}` }, []];
    }
    case "followAll":
      return [{ ...s, followed: [], scroll: 0, message: "Sequence view follows all processes" }, []];
    case "clearSequence":
      return [{ ...s, sequenceEpoch: s.sequenceEpoch + 1, scroll: 0 }, []];
    case "scroll":
      return [{ ...s, scroll: Math.max(0, s.scroll + cmd.by) }, []];
    case "crashPick": {
      const n = ctx.crashSteps?.length ?? 0;
      return [{ ...s, crash: clamp(s.crash + cmd.by, 0, Math.max(0, n - 1)), crashStep: 0 }, []];
    }
    case "crashStep": {
      const n = ctx.crashSteps?.[s.crash] ?? 0;
      const to = cmd.to === "first" ? 0 : cmd.to === "last" ? n - 1 : s.crashStep + cmd.by;
      return [{ ...s, crashStep: clamp(to, 0, Math.max(0, n - 1)) }, []];
    }
    case "travel":
    case "travelChange":
    case "travelLive":
      return [travel(s, cmd, ctx.history), []];
    case "sort": {
      const col = COLUMNS.find((c) => c.id === cmd.column)!;
      const desc = s.query.sort === cmd.column ? !s.query.desc : col.desc;
      return [{ ...s, query: { ...s.query, sort: cmd.column, desc } }, []];
    }
    case "sortShift": {
      const i = COLUMNS.findIndex((c) => c.id === s.query.sort);
      const col = COLUMNS[(i + cmd.by + COLUMNS.length) % COLUMNS.length];
      return [{ ...s, query: { ...s.query, sort: col.id, desc: col.desc } }, []];
    }
    case "toggleSystem": {
      const on = !s.showSystem;
      return [{ ...s, showSystem: on, message: on ? "showing the system's own processes (a: hide them)" : "the system's own processes are hidden" }, [{ type: "showSystem", on }]];
    }
    case "toggleMode":
      return [{ ...s, query: { ...s.query, mode: s.query.mode === "delta" ? "total" : "delta" } }, []];
    case "filter":
      return [{ ...s, prompt: { kind: "filter", text: s.query.filter } }, []];
    case "pause":
      return [{ ...s, paused: !s.paused }, s.paused ? [{ type: "sample" }] : []];
    case "interval":
      return [{ ...s, intervalMs: nextInterval(s.intervalMs, cmd.by) }, []];
    case "refresh":
      return [s, [{ type: "sample" }, ...(s.view === "detail" && s.selectedId !== null ? [{ type: "fetchState", id: s.selectedId } as Effect] : [])]];
    default:
      return [s, []];
  }
}

/** Moves through the snapshot history; forward to the newest is live again. */
function travel(s: UiState, cmd: Command & { type: "travel" | "travelChange" | "travelLive" }, h: HistoryIndex | undefined): UiState {
  if (cmd.type === "travelLive") return { ...s, travel: null, message: s.travel === null ? null : "live again" };
  if (h === undefined || h.first > h.last) return { ...s, message: "nothing recorded yet" };
  const at = s.travel === null ? h.last : Math.max(h.first, s.travel);
  let to: number | null;
  if (cmd.type === "travel") to = at + cmd.by;
  else if (cmd.by < 0) {
    const c = h.changeBefore(at);
    if (c === null) return { ...s, message: "no processes started or ended earlier in the recorded samples" };
    to = c - 1;
  } else {
    const c = h.changeAfter(at + 1);
    to = c === null ? h.last + 1 : c - 1;
  }
  // The newest sample is what the live view shows anyway.
  if (to >= h.last) return { ...s, travel: null, message: s.travel === null ? null : "live again" };
  if (to < h.first) return { ...s, travel: h.first, message: "the oldest sample kept" };
  return { ...s, travel: to };
}

function isMain(v: View): boolean {
  return v !== "detail" && v !== "help";
}

function isList(v: View): boolean {
  return v === "processes" || v === "tree";
}

/** Moves the selection to row `i` of the current list and keeps it on screen. */
export function select(s: UiState, i: number, ctx: ViewContext): UiState {
  if (!isList(s.view) || ctx.rows.length === 0) return s;
  const selected = clamp(i, 0, ctx.rows.length - 1);
  const top = scrollTop(s.top, selected, ctx.pageSize, ctx.rows.length);
  return { ...s, selected, top, selectedId: ctx.rows[selected].id };
}

export function nextInterval(ms: number, by: number): number {
  let i = INTERVALS.findIndex((x) => x >= ms);
  if (i < 0) i = INTERVALS.length - 1;
  return INTERVALS[clamp(i + by, 0, INTERVALS.length - 1)];
}

/** Keys while a prompt (filter or kill) is open. */
function promptKey(s: UiState, p: Prompt, input: string, key: Key): Step {
  if (key.escape) {
    const query = p.kind === "filter" ? { ...s.query, filter: "" } : s.query;
    return [{ ...s, prompt: null, query, message: p.kind === "kill" ? "kill cancelled" : p.kind === "fault" ? "no fault injected" : null }, []];
  }
  if (p.kind === "filter") return filterKey(s, p, input, key);
  if (p.kind === "fault") return faultKey(s, p, input, key);
  return killKey(s, p, input, key);
}

/** The fault prompt: Tab/←→ choose the kind, digits set how many messages, Enter injects. */
function faultKey(s: UiState, p: Prompt & { kind: "fault" }, input: string, key: Key): Step {
  if (key.return) {
    const count = p.text === "" ? null : Number(p.text);
    return [{ ...s, prompt: null }, [{ type: "fault", id: p.id, dir: p.dir, choice: FAULT_CHOICES[p.choice], count }]];
  }
  const n = FAULT_CHOICES.length;
  if (key.tab || key.rightArrow || key.leftArrow) {
    const by = key.leftArrow || key.shift ? -1 : 1;
    return [{ ...s, prompt: { ...p, choice: (p.choice + by + n) % n } }, []];
  }
  // The kinds' first letters choose too (d is drop; l delay, u duplicate, r reorder, x remove).
  const pick = { d: 0, l: 1, u: 2, r: 3, x: 4 }[input];
  if (pick !== undefined && !key.ctrl && !key.meta) return [{ ...s, prompt: { ...p, choice: pick } }, []];
  const text = edit(p.text, input, key).replace(/[^0-9]/g, "").slice(0, 6);
  return [{ ...s, prompt: { ...p, text: text.replace(/^0+/, "") } }, []];
}

function filterKey(s: UiState, p: Prompt & { kind: "filter" }, input: string, key: Key): Step {
  if (key.return) return [{ ...s, prompt: null, selected: 0, top: 0 }, []];
  const text = edit(p.text, input, key);
  return [{ ...s, prompt: { ...p, text }, query: { ...s.query, filter: text }, selected: 0, top: 0 }, []];
}

function killKey(s: UiState, p: Prompt & { kind: "kill" }, input: string, key: Key): Step {
  if (key.return) {
    const reason = p.choice >= 0 ? KILL_REASONS[p.choice] : p.text;
    if (reason.trim() === "") return [s, []];
    return [{ ...s, prompt: null }, [{ type: "exit", id: p.id, reason }]];
  }
  const n = KILL_REASONS.length;
  if (key.tab || key.rightArrow || key.leftArrow) {
    const by = key.leftArrow || key.shift ? -1 : 1;
    return [{ ...s, prompt: { ...p, choice: p.choice < 0 ? 0 : (p.choice + by + n) % n, text: "" } }, []];
  }
  const text = edit(p.choice >= 0 ? "" : p.text, input, key);
  return [{ ...s, prompt: { ...p, text, choice: text === "" ? 0 : -1 } }, []];
}

/** Line editing for prompts: printable characters append, Backspace deletes. */
function edit(text: string, input: string, key: Key): string {
  if (key.backspace || key.delete) return text.slice(0, -1);
  if (key.ctrl || key.meta || key.upArrow || key.downArrow || key.return) return text;
  return text + input.replace(/[\x00-\x1f\x7f]/g, "");
}
