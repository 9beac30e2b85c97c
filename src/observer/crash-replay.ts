// Crash replay: a crash told as the steps it took, for the observer's Crashes view (9) to
// step through on the process tree as it was right before: the failing process, then each
// exit signal its links carried, who trapped it (an {:EXIT, ...} message) and who it took
// down, and what supervisors restarted (or that they gave up).
//
// Pure: read from a crash log's facts (crashes.ts), which the shell keeps from its start.
import { inspect } from "../runtime/inspect.js";
import type { Pid } from "../runtime/term.js";
import { a } from "../runtime/term.js";
import { CrashFacts, ExitRecord, ownEnd, who } from "./crashes.js";
import { isCrash, pidKey, reasonText } from "./sequence.js";

export type StepKind = "end" | "signal" | "trapped" | "killed" | "restart" | "gaveUp";

export interface ReplayStep {
  /** The event's id (steps are in the order things happened). */
  id: number;
  kind: StepKind;
  /** The process the step happens to. */
  pid: Pid;
  /** The process the signal came from (signal steps). */
  from: Pid | null;
  /** One sentence. */
  text: string;
  /** A short mark for the process's line in the tree. */
  mark: string;
}

export interface CrashStory {
  /** The process whose exit began it. */
  root: Pid;
  /** When it began (runtime clock ms; null when not recorded). */
  at: number | null;
  steps: ReplayStep[];
}

const KILL = a("kill");
const KILLED = a("killed");
const MAX_STEPS = 60;

/** The crashes in the log, newest first: exits that were crashes and that no link brought on. */
export function crashStories(f: CrashFacts, max = 20): CrashStory[] {
  const out: CrashStory[] = [];
  const exits = [...f.exitsById.values()];
  for (let i = exits.length - 1; i >= 0 && out.length < max; i--) {
    const e = exits[i];
    const sig = f.signals.get(e.cause);
    if (sig !== undefined && sig.link) continue;
    if (!isCrash(e.reason)) continue;
    out.push(story(f, e));
  }
  return out;
}

/** The steps of the crash that began with exit `root`. */
export function story(f: CrashFacts, root: ExitRecord): CrashStory {
  const steps: ReplayStep[] = [];
  const sig = f.signals.get(root.cause);
  if (sig !== undefined) {
    // Killed or sent an exit signal by a live process (Process.exit/2).
    const how = sig.reason === KILL ? "with Process.exit(pid, :kill)" : `with Process.exit(pid, ${reasonText(sig.reason, 40)})`;
    steps.push({ id: sig.id, kind: "signal", pid: sig.to, from: sig.from, text: `${who(f, sig.from)} sent ${who(f, sig.to)} an exit signal ${how}`, mark: `⇐ exit signal from ${short(sig.from)}` });
    steps.push({ id: root.id, kind: "killed", pid: root.pid, from: null, text: `${who(f, root.pid)} exited with reason ${reasonText(root.reason, 60)}`, mark: `✖ ${reasonText(root.reason, 20)}` });
  } else {
    steps.push({ id: root.id, kind: "end", pid: root.pid, from: null, text: `${who(f, root.pid)} ${ownEnd(root.reason)}`, mark: `✖ ${shortEnd(root)}` });
  }
  const queue: ExitRecord[] = [root];
  const seen = new Set<number>([root.id]);
  while (queue.length > 0 && steps.length < MAX_STEPS) {
    const e = queue.shift()!;
    restartStep(f, e, steps);
    for (const s of f.signals.values()) {
      if (s.cause !== e.id || !s.link) continue;
      const reason = reasonText(s.reason, 40);
      steps.push({ id: s.id, kind: "signal", pid: s.to, from: s.from, text: `the link carries ${who(f, s.from)}'s exit signal (${reason}) to ${who(f, s.to)}`, mark: `⇐ exit signal from ${short(s.from)}` });
      if (s.trapped) {
        steps.push({ id: s.id, kind: "trapped", pid: s.to, from: s.from, text: `${who(f, s.to)} traps exits: the signal becomes the message {:EXIT, ${inspect(s.from)}, ${reason}} in its mailbox`, mark: "⚑ trapped it: {:EXIT, ...} message" });
        continue;
      }
      const next = [...f.exitsById.values()].find((x) => x.cause === s.id);
      if (next === undefined || seen.has(next.id)) continue;
      seen.add(next.id);
      steps.push({ id: next.id, kind: "killed", pid: next.pid, from: s.from, text: `${who(f, next.pid)} does not trap exits, so it exits too (${reasonText(next.reason, 40)})`, mark: `✖ taken down (${reasonText(next.reason, 16)})` });
      queue.push(next);
    }
  }
  steps.sort((x, y) => x.id - y.id || order(x.kind) - order(y.kind));
  return { root: root.pid, at: root.at ?? null, steps: steps.slice(0, MAX_STEPS) };
}

/** A supervisor's restart of the process that exited (or its giving up). */
function restartStep(f: CrashFacts, e: ExitRecord, steps: ReplayStep[]): void {
  const r = f.restarts.get(pidKey(e.pid));
  if (r === undefined) return;
  const within = `${r.restarts} restart${r.restarts === 1 ? "" : "s"} within ${r.maxSeconds}s, max_restarts ${r.maxRestarts}`;
  const id = r.id ?? e.id;
  if (r.new !== null) steps.push({ id, kind: "restart", pid: r.supervisor, from: null, text: `supervisor ${who(f, r.supervisor)} restarts the child as ${inspect(r.new)} (${within})`, mark: `↻ restarted it as ${short(r.new)}` });
  else if (r.gaveUp) steps.push({ id, kind: "gaveUp", pid: r.supervisor, from: null, text: `supervisor ${who(f, r.supervisor)} gives up (${within}) and exits with reason :shutdown`, mark: "✖ gave up" });
  else steps.push({ id, kind: "restart", pid: r.supervisor, from: null, text: `supervisor ${who(f, r.supervisor)} could not restart the child`, mark: "↻ could not restart it" });
}

const ORDER: StepKind[] = ["signal", "trapped", "end", "killed", "restart", "gaveUp"];
const order = (k: StepKind) => ORDER.indexOf(k);

function short(p: Pid): string {
  return inspect(p).replace(/^#PID/, "");
}

/** `raised RuntimeError`, `killed`: the end of a process in a few words. */
function shortEnd(e: ExitRecord): string {
  if (e.reason === KILLED) return "killed";
  const own = ownEnd(e.reason);
  const m = /^(raised \S+|failed with [^ ]+)/.exec(own);
  return m !== null ? m[1] : own.replace(/^exited with reason /, "");
}

/** The marks on each process after the first `upTo` steps (pid key → its newest mark). */
export function marksAt(s: CrashStory, upTo: number): Map<string, { mark: string; current: boolean }> {
  const out = new Map<string, { mark: string; current: boolean }>();
  s.steps.slice(0, upTo + 1).forEach((st, i) => out.set(pidKey(st.pid), { mark: st.mark, current: i === upTo }));
  return out;
}
