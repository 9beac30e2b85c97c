// Supervision trees and linked processes as an ASCII tree; the iex shell process is marked.
import { Box, Text } from "ink";
import { nodeLabel, TreeLine } from "../tree.js";
import { useTheme } from "../hooks/use-theme.js";

export interface TreeProps {
  /** The lines on screen only. */
  visible: TreeLine[];
  total: number;
  standalone: number;
  selected: number;
  top: number;
  height: number;
}

export function Tree({ visible, total, standalone, selected, top, height }: TreeProps) {
  const t = useTheme();
  const bodyHeight = Math.max(1, height - 1);
  return (
    <Box flexDirection="column" height={height}>
      {visible.map((l, i) => {
        const sel = top + i === selected;
        const kind = l.sample.kind;
        return (
          <Text key={l.id} wrap="truncate" inverse={sel}>
            {(sel ? "▶ " : "  ") + l.prefix}
            <Text color={kind === "shell" ? t.shell : kind === "supervisor" ? t.accent : undefined} bold={kind !== "process"}>
              {nodeLabel(l)}
            </Text>
          </Text>
        );
      })}
      {Array.from({ length: bodyHeight - visible.length }, (_, i) => (
        <Text key={"pad" + i}> </Text>
      ))}
      <Text color={t.dim} wrap="truncate">
        {`${total} processes in trees · ${standalone} without links (see Processes) · ⇄ = other links`}
      </Text>
    </Box>
  );
}
