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
    ...field("links", list(d.links)),
    ...field("monitors", list(d.monitors)),
    ...field("monitored by", list(d.monitoredBy)),
    ...field("group leader", d.groupLeader ?? "—"),
    ...section("Stack (current function first)", d.stack.map((e) => e.mfa + (e.file ? `  (${e.file}${e.line ? ":" + e.line : ""})` : ""))),
    ...section("Arguments of the current function", d.args),
    ...section(`Messages (first ${d.messages.length} of ${s.mqueue})`, d.messages, "(empty mailbox)"),
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
