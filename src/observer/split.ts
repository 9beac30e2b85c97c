// The compact view shown above the prompt in split mode (observer(:split)): the busiest
// processes, one line each, the shell's evaluator marked and every process tagged with the
// shell input that spawned it (`iex(4)`), so a class sees processes appear, run and die
// while the teacher types. Pure: a snapshot (and the one before) in, lines out.
import { compactNumber, shortPid } from "./format.js";
import type { ProcSample, Snapshot } from "./source.js";

export interface SplitLine {
  text: string;
  /** The shell's evaluator (drawn highlighted). */
  shell: boolean;
}

/**
 * Up to `height` lines: a title, then processes by reductions since the last sample (new
 * and busy first), the shell's evaluator always among them.
 */
export function splitLines(cur: Snapshot, prev: Snapshot | null, tags: ReadonlyMap<number, number>, width: number, height: number): SplitLine[] {
  const before = new Map((prev?.procs ?? []).map((p) => [p.id, p.reductions]));
  const delta = (p: ProcSample) => p.reductions - (before.get(p.id) ?? 0);
  const rows = [...cur.procs].sort((x, y) => delta(y) - delta(x) || y.id - x.id);
  const room = Math.max(1, height - 1);
  let shown = rows.slice(0, room);
  const shell = rows.find((p) => p.kind === "shell");
  if (shell !== undefined && !shown.includes(shell)) shown = [...shown.slice(0, room - 1), shell];
  const title = `beamsh · ${cur.procs.length} processes · run queue ${cur.system.runQueue} · busiest since the last second first (observer() for more)`;
  const line = (p: ProcSample): SplitLine => {
    const tag = p.kind === "shell" ? "iex shell" : tags.has(p.id) ? `iex(${tags.get(p.id)})` : "";
    const name = p.name ?? (p.initialCall === ":erlang.apply/2" || p.initialCall === null ? p.current : p.initialCall);
    const text = `${shortPid(p.id, p.serial).padEnd(11)} ${tag.padEnd(9)} ${cut(name, 34).padEnd(34)} ${p.status.padEnd(8)} reds ${compactNumber(delta(p)).padStart(6)}/s  mq ${p.mqueue}`;
    return { text: cut(text, width), shell: p.kind === "shell" };
  };
  return [{ text: cut(title, width), shell: false }, ...shown.map(line)];
}

function cut(s: string, n: number): string {
  return s.length <= n ? s : s.slice(0, Math.max(0, n - 1)) + "…";
}
