// This node and the nodes connected to it, with each connection's traffic (nodes.ts lays the
// table out); a new row of figures with every sample.
import { Box, Text } from "ink";
import { useMemo, useRef } from "react";
import { useTheme } from "../hooks/use-theme.js";
import { NodesSample, nodesLines } from "../nodes.js";
import type { ObserverSource } from "../source.js";

export interface NodesProps {
  source: ObserverSource;
  /** Changes with every sample (the nodes are read again then). */
  tick: number;
  scroll: number;
  height: number;
}

export function Nodes({ source, tick, scroll, height }: NodesProps) {
  const t = useTheme();
  const prev = useRef<NodesSample | null>(null);
  const lines = useMemo(() => {
    const cur = source.nodes?.() ?? { at: 0, self: "nonode@nohost", alive: false, nodes: [] };
    const out = nodesLines(cur, prev.current);
    prev.current = cur;
    return out;
  }, [source, tick]);
  const body = Math.max(1, height - 1);
  const top = Math.min(scroll, Math.max(0, lines.length - body));
  return (
    <Box flexDirection="column" height={height}>
      <Text bold color={t.title}>
        Nodes
      </Text>
      {lines.slice(top, top + body).map((line, i) => (
        <Text key={i} wrap="truncate" color={top + i === 2 ? t.dim : undefined}>
          {line}
        </Text>
      ))}
    </Box>
  );
}
