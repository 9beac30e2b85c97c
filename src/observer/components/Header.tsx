// Top two lines: title and view tabs with the sampling state; the system summary.
import { Box, Text } from "ink";
import type { View } from "../keymap.js";
import { compactNumber, duration, intervalText } from "../format.js";
import { useTheme } from "../hooks/use-theme.js";
import type { Snapshot } from "../source.js";

const TABS: [View, string][] = [
  ["processes", "1 Processes"],
  ["tree", "2 Tree"],
  ["system", "3 System"],
  ["trace", "4 Trace"],
  ["pipeline", "5 Pipeline"],
  ["lanes", "6 Lanes"],
  ["nodes", "7 Nodes"],
  ["sequence", "8 Sequence"],
  ["crashes", "9 Crashes"],
];

export interface HeaderProps {
  view: View;
  cur: Snapshot | null;
  redsPerSec: number;
  paused: boolean;
  intervalMs: number;
  width: number;
  /** Time travel: the line that replaces the system summary (null: live). */
  travel?: string | null;
}

export function Header({ view, cur, redsPerSec, paused, intervalMs, width, travel = null }: HeaderProps) {
  const t = useTheme();
  const sys = cur?.system;
  const state = paused ? "paused" : `every ${intervalText(intervalMs)}`;
  return (
    <Box flexDirection="column" width={width}>
      <Box width={width} justifyContent="space-between">
        <Text wrap="truncate">
          <Text bold color={t.title}>
            beamsh observer{" "}
          </Text>
          {TABS.map(([v, label]) => (
            <Text key={v} inverse={v === view} color={v === view ? t.accent : undefined}>
              {" " + label + " "}
            </Text>
          ))}
        </Text>
        <Text wrap="truncate" color={paused ? t.warn : t.dim}>
          {(paused ? "⏸ " : "● ") + state}
        </Text>
      </Box>
      {travel !== null ? (
        <Text wrap="truncate" color={t.warn} bold>
          {travel}
        </Text>
      ) : (
      <Text wrap="truncate" color={t.dim}>
        {sys
          ? `uptime ${duration(sys.uptimeMs)} · processes ${sys.procCount} · run queue ${sys.runQueue} · reductions/s ${compactNumber(redsPerSec)} · sample ${cur!.costMs.toFixed(1)} ms`
          : "sampling…"}
      </Text>
      )}
    </Box>
  );
}
