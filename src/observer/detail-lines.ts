// The Detail view's content as plain lines (pure, so it is tested without rendering).
import { bytes } from "./format.js";
import type { ProcDetail, StateResult } from "./source.js";

export interface Line {
  text: string;
  style?: "heading" | "dim" | "label";
}

/** The GenServer state as far as it is known: not asked, waiting, or the answer. */
export type StateView = "none" | "pending" | StateResult;

const LABEL = 18;

function field(label: string, value: string): Line[] {
  const [first, ...rest] = value.split("\n");
  return [{ text: "  " + label.padEnd(LABEL) + first, style: "label" }, ...rest.map((r) => ({ text: " ".repeat(LABEL + 2) + r }))];
}

function section(title: string, items: string[], empty = "(none)"): Line[] {
  const body = items.length === 0 ? [{ text: "  " + empty, style: "dim" as const }] : items.flatMap((s) => s.split("\n").map((l) => ({ text: "  " + l })));
  return [{ text: title, style: "heading" }, ...body];
}

const list = (xs: string[]) => (xs.length === 0 ? "—" : xs.join(", "));

export function detailLines(d: ProcDetail, state: StateView, traced: boolean): Line[] {
  const s = d.sample;
  const title = `Process ${d.pid}${s.name ? " " + s.name : ""}${s.kind === "shell" ? "  [iex shell]" : ""}${traced ? "  [traced]" : ""}`;
  return [
    { text: title, style: "heading" },
    ...field("registered name", s.name ?? "—"),
    ...field("initial call", s.initialCall ?? "—"),
    ...field("current function", s.current),
    ...field("status", s.status),
    ...field("reductions", String(s.reductions)),
    ...field("memory", bytes(s.memory) + " (estimate)"),
    ...field("message queue", String(s.mqueue)),
    ...field("trap_exit", String(s.trapExit)),
    ...(d.faults !== undefined && d.faults.length > 0 ? field("injected faults", d.faults.join("\n")) : []),
    ...field("links", list(d.links)),
    ...field("monitors", list(d.monitors)),
    ...field("monitored by", list(d.monitoredBy)),
    ...field("group leader", d.groupLeader ?? "—"),
    ...section("Stack (current function first)", d.stack.map((e) => e.mfa + (e.file ? `  (${e.file}${e.line ? ":" + e.line : ""})` : ""))),
    ...section("Arguments of the current function", d.args),
    ...mailboxLines(d),
    ...section("Process dictionary", d.dictionary.map(([k, v]) => `${k} => ${v}`), "(empty)"),
    ...stateLines(d, state),
  ];
}

function stateLines(d: ProcDetail, state: StateView): Line[] {
  if (!d.otp && state === "none") return [];
  const title = "State (:sys.get_state/2)";
  if (state === "none") return section(title, [], "press r to ask");
  if (state === "pending") return section(title, [], "asking…");
  return state.ok ? section(title, [state.text]) : section(title, [], state.why);
}

/** What the receive waits for: its clauses' patterns (and guards), and its `after`. */
function patternLines(patterns: string[] | null, timeoutMs: number | null): Line[] {
  if (patterns === null) return [];
  const after = timeoutMs === null ? [] : [{ text: `    after: times out in ${Math.ceil(timeoutMs)} ms`, style: "dim" as const }];
  if (patterns.length === 0) return [{ text: "  the receive has no clauses: it only waits", style: "dim" }, ...after];
  return [
    { text: `  it waits for a message matching ${patterns.length === 1 ? "its pattern" : `one of its ${patterns.length} patterns`}:`, style: "label" },
    ...patterns.flatMap((p) => p.split("\n").map((l, j) => ({ text: (j === 0 ? "    ⊳ " : "      ") + l }))),
    ...after,
  ];
}

/**
 * The mailbox, first messages first. For a process waiting in receive each message is
 * marked with what the receive did with it: ✗ tried, no clause matches (it stays in the
 * mailbox: selective receive), ⤼ not looked at (older than the reference the receive waits
 * for: the receive mark that spares GenServer.call a rescan), · arrived since the last scan.
 */
export function mailboxLines(d: ProcDetail): Line[] {
  const s = d.sample;
  const title = `Messages (first ${d.messages.length} of ${s.mqueue})`;
  const r = d.receive;
  if (r === null) return section(title, d.messages, "(empty mailbox)");
  if (d.messages.length === 0) {
    const [head, ...rest] = section(title, d.messages, "(empty mailbox)");
    return [{ ...head, text: `${head.text} · waiting in receive${d.stack[0]?.mfa ? " in " + d.stack[0].mfa : ""}` }, ...patternLines(r.patterns ?? null, r.timeoutMs ?? null), ...rest];
  }
  const where = d.stack[0]?.mfa ?? "";
  const mark = (i: number) => (i < r.skipped ? "⤼ " : i < r.skipped + r.tried ? "✗ " : "· ");
  const legend: string[] = [];
  if (r.tried > 0) legend.push(`✗ ${r.tried} tried: no clause of the receive matches (they stay in the mailbox)`);
  if (r.skipped > 0) legend.push(`⤼ ${r.skipped} not looked at: older than the reference the receive waits for`);
  if (r.untried > 0) legend.push(`· ${r.untried} arrived since the last scan`);
  return [
    { text: `${title} · waiting in receive${where === "" ? "" : " in " + where}`, style: "heading" },
    ...patternLines(r.patterns ?? null, r.timeoutMs ?? null),
    ...legend.map((l) => ({ text: "  " + l, style: "dim" as const })),
    ...d.messages.flatMap((m, i) => m.split("\n").map((l, j) => ({ text: (j === 0 ? "  " + mark(i) : "    ") + l }))),
  ];
}
