// The Pipeline view's model: GenStage stages as a graph, laid out as text. Pure (no runtime,
// no React): the source samples the stages (source.ts `pipeline`), this file turns two
// samples into rates and lines.
//
//   GenstageExample.Producer ──[500/1000 · 60.1k/s]──▶ GenstageExample.ProducerConsumer ─┬─[1000/1000 · 15k/s]──▶ Consumer <0.110.0>
//   producer · buffer 0 · out 60.1k/s                   producer_consumer · buffer 242     │                       consumer · in 15k/s
//                                                       in 60.1k/s · out 30k/s             └─[998/1000 · 15k/s]───▶ Consumer <0.111.0>
//
// Stages are placed left to right by depth (a producer first, then whoever subscribes to
// it); a stage with several consumers branches down. An edge is a subscription, labelled
// with the demand its consumer still expects from the producer (of max_demand) and the
// events per second that went along it; back-pressure shows as a consumer's pending demand
// falling while the producer's buffer grows.
import { compactNumber } from "./format.js";

export type StageType = "producer" | "producer_consumer" | "consumer" | "external";

/** One stage (or a process consuming from one, like a GenStage.stream), as plain data. */
export interface StageSample {
  id: number;
  /** What the graph shows: a registered name, or the module and a short pid. */
  label: string;
  type: StageType;
  /** Events waiting in the producer's buffer (producers and producer_consumers). */
  buffered: number | null;
  /** A producer_consumer's upstream batches waiting for downstream demand. */
  queued: number;
  /** A producer whose demand mode is :accumulate. */
  accumulating: boolean;
  /** Children of a ConsumerSupervisor. */
  children: number | null;
}

/** A subscription: `consumer` takes events from `producer`. */
export interface EdgeSample {
  producer: number;
  consumer: number;
  /** Demand the consumer still expects (its own count, or the producer's); null for :manual. */
  pending: number | null;
  max: number | null;
  /** Events sent along the subscription since the source started watching. */
  sent: number;
}

export interface PipelineSample {
  /** The runtime's clock when sampled (ms). */
  at: number;
  stages: StageSample[];
  edges: EdgeSample[];
}

/** Events per second along each edge between two samples (key `producer>consumer`). */
export function edgeRates(cur: PipelineSample, prev: PipelineSample | null): Map<string, number> {
  const out = new Map<string, number>();
  const dt = prev === null ? 0 : (cur.at - prev.at) / 1000;
  const before = new Map<string, number>();
  for (const e of prev?.edges ?? []) before.set(key(e), e.sent);
  for (const e of cur.edges) {
    const was = before.get(key(e));
    out.set(key(e), dt > 0 && was !== undefined ? Math.max(0, e.sent - was) / dt : 0);
  }
  return out;
}

const key = (e: { producer: number; consumer: number }) => `${e.producer}>${e.consumer}`;

/** A piece of a line, with how it is shown. */
export interface Segment {
  text: string;
  tone?: "name" | "dim" | "edge" | "warn";
}

export type Line = Segment[];

/** The most a stage's column takes (longer names are cut with an ellipsis). */
const MAX_NODE = 34;

interface Placed {
  stage: StageSample;
  depth: number;
  row: number;
  /** Edges to consumers, in the order drawn, with the row each consumer is on. */
  out: { edge: EdgeSample; row: number; joined: boolean }[];
}

/** The view's lines: a summary, then the graph (2 lines per stage, branches going down). */
export function pipelineLines(cur: PipelineSample, prev: PipelineSample | null): Line[] {
  if (cur.stages.length === 0) {
    return [[{ text: "No GenStage stages are running. Start a pipeline (GenStage.start_link/3) and it shows here.", tone: "dim" }]];
  }
  const rates = edgeRates(cur, prev);
  const byId = new Map(cur.stages.map((s) => [s.id, s]));
  const outOf = new Map<number, EdgeSample[]>();
  const inOf = new Map<number, EdgeSample[]>();
  for (const e of cur.edges) {
    if (!byId.has(e.producer) || !byId.has(e.consumer)) continue;
    push(outOf, e.producer, e);
    push(inOf, e.consumer, e);
  }
  const rateIn = (id: number) => sum((inOf.get(id) ?? []).map((e) => rates.get(key(e)) ?? 0));
  const rateOut = (id: number) => sum((outOf.get(id) ?? []).map((e) => rates.get(key(e)) ?? 0));

  // Depth-first from the sources: a stage is placed once (where first reached); its first
  // consumer shares its row, the others go below, each after the rows of the one before.
  const placed = new Map<number, Placed>();
  let nextRow = 0;
  const place = (s: StageSample, depth: number): number => {
    const p: Placed = { stage: s, depth, row: nextRow, out: [] };
    placed.set(s.id, p);
    let bottom = p.row;
    const consumers = [...(outOf.get(s.id) ?? [])].sort((x, y) => x.consumer - y.consumer);
    consumers.forEach((e, i) => {
      if (i > 0) nextRow = bottom + 1;
      const already = placed.get(e.consumer);
      if (already !== undefined) {
        p.out.push({ edge: e, row: nextRow, joined: true });
        bottom = Math.max(bottom, nextRow);
        return;
      }
      const row = nextRow;
      const end = place(byId.get(e.consumer)!, depth + 1);
      p.out.push({ edge: e, row, joined: false });
      bottom = Math.max(bottom, end);
    });
    nextRow = bottom + 1;
    return bottom;
  };
  const sources = cur.stages.filter((s) => (inOf.get(s.id) ?? []).length === 0);
  for (const s of [...sources, ...cur.stages]) if (!placed.has(s.id)) place(s, 0);

  const depth = Math.max(...[...placed.values()].map((p) => p.depth)) + 1;
  const nameOf = (s: StageSample) => cut(s.label, MAX_NODE);
  const statsOf = (s: StageSample) => statsLines(s, rateIn(s.id), rateOut(s.id));
  const nodeWidth = Array.from({ length: depth }, (_, d) =>
    Math.max(0, ...[...placed.values()].filter((p) => p.depth === d).flatMap((p) => [nameOf(p.stage), ...statsOf(p.stage)].map((t) => t.length))),
  );
  const labelOf = (e: EdgeSample) => `[${e.pending === null ? "manual" : e.max === null ? String(e.pending) : `${e.pending}/${e.max}`} · ${compactNumber(rates.get(key(e)) ?? 0)}/s]`;
  const labelWidth = Math.max(0, ...cur.edges.map((e) => labelOf(e).length));

  // Each row is two lines: a stage's name, then its figures (a producer_consumer may need a
  // third line, taken from the row below when that row is free).
  const rows = nextRow;
  const lines: Line[] = Array.from({ length: rows * 2 }, () => []);
  const atDepth = (d: number) => [...placed.values()].filter((p) => p.depth === d);
  for (let d = 0; d < depth; d++) {
    const cells: (Segment | null)[] = Array.from({ length: rows * 2 }, () => null);
    for (const p of atDepth(d)) {
      cells[p.row * 2] = { text: nameOf(p.stage), tone: "name" };
      statsOf(p.stage).forEach((t, i) => {
        if (p.row * 2 + 1 + i < cells.length && cells[p.row * 2 + 1 + i] === null) cells[p.row * 2 + 1 + i] = { text: t, tone: "dim" };
      });
    }
    cells.forEach((c, i) => lines[i].push({ text: (c?.text ?? "").padEnd(nodeWidth[d]), tone: c?.tone }));
    if (d === depth - 1) break;
    // The gap to the next column: each stage's edges to its consumers.
    const gap: Segment[] = Array.from({ length: rows * 2 }, () => ({ text: "" }));
    for (const p of atDepth(d)) {
      const last = p.out.length - 1;
      p.out.forEach(({ edge, row, joined }, i) => {
        const branch = i === 0 ? (last > 0 ? "─┬─" : "───") : i === last ? " └─" : " ├─";
        const target = joined ? ` ↪ ${cut(byId.get(edge.consumer)!.label, MAX_NODE)}` : "";
        gap[row * 2] = { text: branch + labelOf(edge).padEnd(labelWidth, "─") + "─▶ " + target, tone: "edge" };
      });
      if (last > 0) for (let l = p.row * 2 + 1; l < p.out[last].row * 2; l++) if (gap[l].text === "") gap[l] = { text: " │", tone: "edge" };
    }
    const gapWidth = 3 + labelWidth + 3;
    gap.forEach((g, i) => lines[i].push({ text: g.text.length > gapWidth ? g.text : g.text.padEnd(gapWidth), tone: g.tone }));
  }
  // Joined edges point at a stage drawn elsewhere: their text runs past the column.
  const total = cur.edges.reduce((n, e) => n + (byId.get(e.consumer)?.type === "consumer" || byId.get(e.consumer)?.type === "external" ? (rates.get(key(e)) ?? 0) : 0), 0);
  const summary: Line = [
    { text: `${cur.stages.filter((s) => s.type !== "external").length} stages · ${cur.edges.length} subscriptions · ${compactNumber(total)} events/s into consumers`, tone: "dim" },
  ];
  const legend: Line = [{ text: "edges: [demand the consumer still expects/max_demand · events/s]", tone: "dim" }];
  return [summary, legend, [], ...lines.map(trimEnd)];
}

/** A stage's figures, one or two lines. */
function statsLines(s: StageSample, rateIn: number, rateOut: number): string[] {
  const parts: string[] = [s.type === "external" ? "stream" : s.type];
  if (s.accumulating) parts.push("accumulating");
  if (s.buffered !== null) parts.push(`buffer ${s.buffered}`);
  if (s.queued > 0) parts.push(`${s.queued} batch${s.queued === 1 ? "" : "es"} waiting`);
  if (s.children !== null) parts.push(`${s.children} children`);
  const flow =
    s.type === "producer" ? [`out ${compactNumber(rateOut)}/s`] : s.type === "producer_consumer" ? [`in ${compactNumber(rateIn)}/s`, `out ${compactNumber(rateOut)}/s`] : [`in ${compactNumber(rateIn)}/s`];
  const one = [...parts, ...flow].join(" · ");
  if (one.length <= MAX_NODE) return [one];
  return [parts.join(" · "), flow.join(" · ")];
}

function cut(text: string, n: number): string {
  return text.length <= n ? text : text.slice(0, n - 1) + "…";
}

function trimEnd(line: Line): Line {
  const out = [...line];
  while (out.length > 0 && out[out.length - 1].text.trim() === "") out.pop();
  if (out.length > 0) out[out.length - 1] = { ...out[out.length - 1], text: out[out.length - 1].text.trimEnd() };
  return out;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l === undefined) m.set(k, [v]);
  else l.push(v);
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
