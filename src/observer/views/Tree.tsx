// Supervision trees and linked processes as an ASCII tree; the iex shell process is marked.
import { Box, Text } from "ink";
import { intensityBar, nodeLabel, TreeLine } from "../tree.js";
import { useTheme } from "../hooks/use-theme.js";

export interface TreeProps {
  /** The lines on screen only. */
  visible: TreeLine[];
  total: number;
  standalone: number;
  selected: number;
  top: number;
  height: number;
  /** Supervisors that gave up (newest last), shown below the tree. */
  escalations?: string[];
}

export function Tree({ visible, total, standalone, selected, top, height, escalations = [] }: TreeProps) {
  const t = useTheme();
  const shownEscalations = escalations.slice(-2);
  const bodyHeight = Math.max(1, height - 1 - shownEscalations.length);
  return (
    <Box flexDirection="column" height={height}>
      {visible.map((l, i) => {
        const sel = top + i === selected;
        const kind = l.sample.kind;
        const bar = intensityBar(l.sample);
        const i2 = l.sample.intensity;
        const hot = i2 != null && i2.restarts > 0 && i2.restarts >= i2.maxRestarts;
        return (
          <Text key={l.id} wrap="truncate" inverse={sel}>
            {(sel ? "▶ " : "  ") + l.prefix}
            <Text color={kind === "shell" ? t.shell : kind === "supervisor" ? t.accent : undefined} bold={kind !== "process"}>
              {nodeLabel(l)}
            </Text>
            {bar === null ? "" : "  "}
            {bar === null ? null : <Text color={hot ? t.danger : t.dim}>{bar}</Text>}
          </Text>
        );
      })}
      {Array.from({ length: bodyHeight - visible.length }, (_, i) => (
        <Text key={"pad" + i}> </Text>
      ))}
      {shownEscalations.map((e, i) => (
        <Text key={"esc" + i} color={t.danger} wrap="truncate">
          {"✖ " + e}
        </Text>
      ))}
      <Text color={t.dim} wrap="truncate">
        {`${total} processes in trees · ${standalone} without links (see Processes) · ⇄ = other links`}
      </Text>
    </Box>
  );
}
