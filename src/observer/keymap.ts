// The key table: every single-key command, the views it works in, and the hint shown in
// the footer. Key handling and the footer are both generated from this one table.
import type { Key } from "ink";
import { COLUMNS, Column } from "./model.js";

export type View = "processes" | "tree" | "system" | "trace" | "pipeline" | "lanes" | "nodes" | "sequence" | "crashes" | "help" | "detail";

export type Command =
  | { type: "quit" }
  /** Back to the prompt in split mode (observer(:split)). */
  | { type: "split" }
  | { type: "back" }
  | { type: "view"; view: View }
  | { type: "nextView" }
  | { type: "move"; by: number }
  | { type: "page"; by: number }
  | { type: "home" }
  | { type: "end" }
  | { type: "detail" }
  | { type: "sort"; column: Column }
  | { type: "sortShift"; by: number }
  | { type: "toggleMode" }
  /** Show or hide the system's own processes (init, the code server, the logger...). */
  | { type: "toggleSystem" }
  | { type: "filter" }
  | { type: "pause" }
  | { type: "interval"; by: number }
  | { type: "refresh" }
  | { type: "kill" }
  | { type: "trace" }
  | { type: "clearTrace" }
  | { type: "suspend" }
  /** Inject a fault on the selected process's messages (to it, or from it). */
  | { type: "fault"; dir: "to" | "from" }
  | { type: "runtimePause" }
  | { type: "runtimeStep" }
  /** Sequence view: follow the selected process (again: stop following it). */
  | { type: "follow" }
  | { type: "followAll" }
  | { type: "clearSequence" }
  | { type: "scroll"; by: number }
  /** Time travel: one snapshot back/forward, or to the one before processes started or ended. */
  | { type: "travel"; by: number }
  | { type: "travelChange"; by: number }
  | { type: "travelLive" }
  /** Crash replay: a step forward/back (`to`: first or last), or an older/newer crash. */
  | { type: "crashStep"; by: number; to?: "first" | "last" }
  | { type: "crashPick"; by: number };

export interface Binding {
  /** Keys as shown in the footer and the help view. */
  keys: string;
  label: string;
  /** Longer text for the help view (defaults to `label`). */
  help?: string;
  /** Views where it applies (all views when absent). */
  views?: View[];
  /** Listed in the help view only, not in the footer. */
  helpOnly?: boolean;
  /** The command for a key press, or null when this binding does not match it. */
  command: (input: string, key: Key) => Command | null;
}

const LISTS: View[] = ["processes", "tree"];
/** Views drawn from the sampled snapshots, which time travel can show from the past. */
const TRAVEL: View[] = [...LISTS, "system"];
const SCROLLING: View[] = [...LISTS, "detail", "trace", "pipeline", "nodes", "sequence", "help"];
const VIEW_KEYS: Record<string, View> = { "1": "processes", "2": "tree", "3": "system", "4": "trace", "5": "pipeline", "6": "lanes", "7": "nodes", "8": "sequence", "9": "crashes" };

/** `cmd` when the key is one of the plain characters `cs`. */
const on =
  (cmd: Command, ...cs: string[]) =>
  (input: string, key: Key): Command | null =>
    !key.ctrl && !key.meta && cs.includes(input) ? cmd : null;
const when = (test: (key: Key) => boolean, cmd: Command) => (_: string, key: Key) => (test(key) ? cmd : null);
const plain = (key: Key) => !key.ctrl && !key.meta;

/** The bindings, in footer order. */
export const KEYMAP: Binding[] = [
  { keys: "↑↓", label: "select", views: LISTS, command: (i, k) => (k.upArrow ? { type: "move", by: -1 } : k.downArrow || (plain(k) && i === "j") ? { type: "move", by: 1 } : null) },
  { keys: "Enter", label: "detail", views: LISTS, command: when((k) => k.return, { type: "detail" }) },
  { keys: "k", label: "kill", views: [...LISTS, "detail"], command: on({ type: "kill" }, "k") },
  { keys: "t", label: "trace", views: [...LISTS, "detail"], command: on({ type: "trace" }, "t") },
  { keys: "u", label: "suspend", help: "suspend or resume the selected process (its messages still arrive)", views: [...LISTS, "detail"], helpOnly: true, command: on({ type: "suspend" }, "u") },
  { keys: "f", label: "fault", help: "inject a fault on messages to the selected process: drop, delay, duplicate, reorder, or remove its faults (digits: for that many messages)", views: [...LISTS, "detail"], command: on({ type: "fault", dir: "to" }, "f") },
  { keys: "o", label: "fault on messages it sends", help: "the same on messages from the selected process (outgoing)", views: [...LISTS, "detail"], helpOnly: true, command: on({ type: "fault", dir: "from" }, "o") },
  {
    keys: COLUMNS.map((c) => c.key).join(""),
    label: "sort",
    help: "sort by Pid, Name, Reductions, Memory, Queue, Function, Status (again: reverse)",
    views: ["processes"],
    command: (i, k) => {
      const c = plain(k) ? COLUMNS.find((col) => col.key === i) : undefined;
      return c ? { type: "sort", column: c.id } : null;
    },
  },
  { keys: "c", label: "Δ/Σ reds", help: "reductions per interval (Δ) or since start (Σ)", views: ["processes"], command: on({ type: "toggleMode" }, "c") },
  { keys: "/", label: "filter", views: ["processes"], command: on({ type: "filter" }, "/") },
  { keys: "a", label: "system processes", help: "show or hide the system's own processes (init, the code server, the logger...): hidden at start", views: LISTS, helpOnly: true, command: on({ type: "toggleSystem" }, "a") },
  { keys: "s", label: "sequence", help: "follow the process in the Sequence view (8); again: stop following it", views: [...LISTS, "detail"], command: on({ type: "follow" }, "s") },
  { keys: "x", label: "clear log", views: ["trace"], command: on({ type: "clearTrace" }, "x") },
  { keys: "z", label: "pause runtime", help: "pause or resume the runtime (all processes; time stands still)", views: ["lanes"], command: on({ type: "runtimePause" }, "z") },
  { keys: "s", label: "step", help: "pause the runtime and run one scheduling slice", views: ["lanes"], command: on({ type: "runtimeStep" }, "s") },
  { keys: "↑↓", label: "scroll", views: ["sequence"], command: (i, k) => (k.upArrow || (plain(k) && i === "k") ? { type: "scroll", by: 1 } : k.downArrow || (plain(k) && i === "j") ? { type: "scroll", by: -1 } : null) },
  { keys: "a", label: "all processes", views: ["sequence"], command: on({ type: "followAll" }, "a") },
  { keys: "x", label: "clear", views: ["sequence"], command: on({ type: "clearSequence" }, "x") },
  { keys: "[ ]", label: "time travel", help: "time travel: one sample back / forward (forward to the newest: live again)", views: TRAVEL, command: (i, k) => on({ type: "travel", by: -1 }, "[")(i, k) ?? on({ type: "travel", by: 1 }, "]")(i, k) },
  { keys: "{ }", label: "back/forward to the sample before processes started or ended", views: TRAVEL, helpOnly: true, command: (i, k) => on({ type: "travelChange", by: -1 }, "{")(i, k) ?? on({ type: "travelChange", by: 1 }, "}")(i, k) },
  { keys: "L", label: "live: leave time travel", views: TRAVEL, helpOnly: true, command: on({ type: "travelLive" }, "L") },
  { keys: "←→", label: "step", help: "crash replay: the next / previous step (n / p too)", views: ["crashes"], command: (i, k) => (k.rightArrow || (plain(k) && i === "n") ? { type: "crashStep", by: 1 } : k.leftArrow || (plain(k) && i === "p") ? { type: "crashStep", by: -1 } : null) },
  { keys: "↑↓", label: "older/newer crash", views: ["crashes"], command: (i, k) => (k.downArrow || (plain(k) && i === "j") ? { type: "crashPick", by: 1 } : k.upArrow || (plain(k) && i === "k") ? { type: "crashPick", by: -1 } : null) },
  { keys: "g G", label: "first/last step", views: ["crashes"], helpOnly: true, command: (i, k) => (k.home || (plain(k) && i === "g") ? { type: "crashStep", by: 0, to: "first" } : k.end || (plain(k) && i === "G") ? { type: "crashStep", by: 0, to: "last" } : null) },
  { keys: "space", label: "pause", command: on({ type: "pause" }, " ", "p") },
  { keys: "+-", label: "interval", command: (i, k) => on({ type: "interval", by: 1 }, "+", "=")(i, k) ?? on({ type: "interval", by: -1 }, "-", "_")(i, k) },
  { keys: "1-9", label: "views", command: (i, k) => (plain(k) && VIEW_KEYS[i] ? { type: "view", view: VIEW_KEYS[i] } : null) },
  { keys: "?", label: "help", command: on({ type: "view", view: "help" }, "?", "h") },
  { keys: "Esc", label: "back", views: ["detail", "help"], command: when((k) => k.escape, { type: "back" }) },
  { keys: "q", label: "quit", command: (i, k) => (k.escape ? { type: "quit" } : on({ type: "quit" }, "q")(i, k)) },
  { keys: "PgUp PgDn", label: "page", views: SCROLLING, helpOnly: true, command: (_, k) => (k.pageUp ? { type: "page", by: -1 } : k.pageDown ? { type: "page", by: 1 } : null) },
  { keys: "Home End g G", label: "first/last row", views: LISTS, helpOnly: true, command: (i, k) => (k.home || (plain(k) && i === "g") ? { type: "home" } : k.end || (plain(k) && i === "G") ? { type: "end" } : null) },
  { keys: "< >", label: "sort by the column left/right", views: ["processes"], helpOnly: true, command: (i, k) => on({ type: "sortShift", by: -1 }, "<", ",")(i, k) ?? on({ type: "sortShift", by: 1 }, ">", ".")(i, k) },
  { keys: "v", label: "split: back to the prompt with a live view above it (observer(:split))", helpOnly: true, command: on({ type: "split" }, "v") },
  { keys: "Tab", label: "next view", helpOnly: true, command: when((k) => k.tab, { type: "nextView" }) },
  { keys: "r", label: "refresh now", helpOnly: true, command: on({ type: "refresh" }, "r") },
];

/** The command a key press means in `view` (first matching binding), if any. */
export function commandFor(view: View, input: string, key: Key): Command | null {
  for (const b of KEYMAP) {
    if (b.views && !b.views.includes(view)) continue;
    const c = b.command(input, key);
    if (c !== null) return c;
  }
  return null;
}

/** Bindings for a view: the footer's (`helpOnly` left out) or all of them (help view). */
export function bindingsFor(view: View, all = false): Binding[] {
  return KEYMAP.filter((b) => (all || !b.helpOnly) && (b.views === undefined || b.views.includes(view)));
}
