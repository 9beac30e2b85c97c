// Process trees from links and supervision data (pure). A process's parent is the first
// entry of its `$ancestors` (proc_lib/OTP processes) or else the oldest process it is
// linked to that is older than itself (`spawn_link` links a child to its older parent).
// Links that are not parent/child edges are listed on the node. Processes with no links
// at all are not drawn one by one; the view reports how many there are.
import { shortPid } from "./format.js";
import type { ProcSample } from "./source.js";

export interface TreeLine {
  id: number;
  /** Box-drawing prefix, e.g. "│  ├─ ". */
  prefix: string;
  depth: number;
  sample: ProcSample;
  /** Pids linked to this process that are neither its parent nor its children. */
  otherLinks: number[];
}

export interface Forest {
  lines: TreeLine[];
  /** Processes drawn in no tree (no links, no ancestors). */
  standalone: number;
}

export function parentOf(p: ProcSample, alive: Map<number, ProcSample>): number | null {
  if (p.parent !== null && p.parent !== p.id && alive.has(p.parent)) return p.parent;
  let best: number | null = null;
  for (const l of p.links) if (l < p.id && alive.has(l) && (best === null || l < best)) best = l;
  return best;
}

/** Builds the forest: roots in pid order, children in pid order. */
export function buildForest(procs: readonly ProcSample[]): Forest {
  const alive = new Map(procs.map((p) => [p.id, p]));
  const children = new Map<number, number[]>();
  const parent = new Map<number, number>();
  for (const p of procs) {
    const up = parentOf(p, alive);
    if (up === null) continue;
    parent.set(p.id, up);
    let c = children.get(up);
    if (c === undefined) children.set(up, (c = []));
    c.push(p.id);
  }
  const lines: TreeLine[] = [];
  let standalone = 0;
  const roots = procs.filter((p) => !parent.has(p.id)).sort((x, y) => x.id - y.id);
  const seen = new Set<number>();
  for (const r of roots) {
    if (!children.has(r.id) && r.links.length === 0 && r.kind !== "shell") {
      standalone++;
      continue;
    }
    walk(r.id, "", "", 0);
  }
  return { lines, standalone };

  function walk(id: number, prefix: string, childPrefix: string, depth: number): void {
    if (seen.has(id)) return;
    seen.add(id);
    const s = alive.get(id)!;
    const kids = (children.get(id) ?? []).sort((x, y) => x - y);
    const tied = new Set([...kids, parent.get(id)]);
    lines.push({ id, prefix, depth, sample: s, otherLinks: s.links.filter((l) => !tied.has(l) && alive.has(l)).sort((x, y) => x - y) });
    kids.forEach((k, i) => {
      const last = i === kids.length - 1;
      walk(k, childPrefix + (last ? "└─ " : "├─ "), childPrefix + (last ? "   " : "│  "), depth + 1);
    });
  }
}

/**
 * A supervisor's restarts within its window against max_restarts, as a small bar:
 * `restarts ▮▮▯ 2/3 in 5s` (it gives up at one more than max_restarts).
 */
export function intensityBar(s: ProcSample): string | null {
  const i = s.intensity;
  if (i === null || i === undefined) return null;
  const cells = Math.min(Math.max(i.maxRestarts, 1), 10);
  const filled = i.maxRestarts === 0 ? (i.restarts > 0 ? cells : 0) : Math.min(cells, Math.round((i.restarts / i.maxRestarts) * cells));
  return `restarts ${"▮".repeat(filled)}${"▯".repeat(cells - filled)} ${i.restarts}/${i.maxRestarts} in ${i.maxSeconds}s`;
}

/** The label drawn for a tree node: pid, name or initial call, role. */
export function nodeLabel(l: TreeLine): string {
  const s = l.sample;
  const call = s.initialCall === null || s.initialCall === ":erlang.apply/2" ? s.current : s.initialCall;
  const name = s.name ?? call;
  const role =
    s.kind === "shell" ? " [iex shell]" : s.kind === "supervisor" ? ` [supervisor${s.strategy ? ", " + s.strategy : ""}]` : s.trapExit ? " [traps exits]" : "";
  const links = l.otherLinks.length > 0 ? "  ⇄ " + l.otherLinks.map((x) => shortPid(x)).join(" ") : "";
  return `${shortPid(s.id, s.serial)} ${name}${role}${links}`;
}
