// The Nodes view's model: this node and the nodes it is connected to, with each connection's
// traffic (messages and bytes both ways, totals and per second between two samples). Pure
// (no runtime, no ink), so it is tested on plain samples.
import type { NodeInfo } from "../runtime/nodes.js";
import { bytes, compactNumber, duration } from "./format.js";

export interface NodesSample {
  /** When sampled (ms). */
  at: number;
  /** This node's name (`nonode@nohost` when it is not distributed). */
  self: string;
  alive: boolean;
  nodes: NodeInfo[];
}

const KIND: Record<NodeInfo["kind"], string> = { real: "Erlang/Elixir", beamsh: "beamsh", unknown: "connecting" };

/** The header line and one row per connected node (a table: columns padded). */
export function nodesLines(cur: NodesSample, prev: NodesSample | null): string[] {
  if (!cur.alive) {
    return [`${cur.self} · not distributed`, "", "Start a node with --sname/--name, Node.start/2 or :net_kernel.start/1 to connect to others."];
  }
  const head = `${cur.self} · ${cur.nodes.length === 1 ? "1 node" : `${cur.nodes.length} nodes`} connected`;
  if (cur.nodes.length === 0) return [head];
  const secs = prev === null ? 0 : (cur.at - prev.at) / 1000;
  const rate = (n: NodeInfo, f: (x: NodeInfo) => number): string => {
    const before = prev?.nodes.find((p) => p.name === n.name && p.since === n.since);
    return before === undefined || secs <= 0 ? "-" : compactNumber((f(n) - f(before)) / secs);
  };
  const rows = [
    ["Node", "Kind", "Up", "Msgs in", "Msgs out", "In/s", "Out/s", "Bytes in", "Bytes out"],
    ...cur.nodes.map((n) => [
      n.name,
      KIND[n.kind],
      duration(Math.max(0, cur.at - n.since)),
      String(n.messagesIn),
      String(n.messagesOut),
      rate(n, (x) => x.messagesIn),
      rate(n, (x) => x.messagesOut),
      bytes(n.bytesIn),
      bytes(n.bytesOut),
    ]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const table = rows.map((r) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ").trimEnd());
  return [head, "", ...table];
}
