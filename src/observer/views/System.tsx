// System overview: uptime, processes, run queue, reductions, memory, scheduler, versions.
import { Box, Text } from "ink";
import { bytes, compactNumber, duration } from "../format.js";
import { useTheme } from "../hooks/use-theme.js";
import type { Snapshot } from "../source.js";

export function systemLines(cur: Snapshot, redsPerSec: number): [string, string][] {
  const s = cur.system;
  return [
    ["Uptime", duration(s.uptimeMs)],
    ["Processes", String(s.procCount)],
    ["Run queue", `${s.runQueue} runnable`],
    ["Reductions/s", `${compactNumber(redsPerSec)}  (total ${s.totalReductions})`],
    ["Process memory", `${bytes(s.procMemory)} (sum of per-process estimates)`],
    ["Node heap", `${bytes(s.nodeHeapUsed)} used of ${bytes(s.nodeHeapTotal)}`],
    ["Node RSS", bytes(s.nodeRss)],
    ["Scheduler", `1 scheduler · ${s.contextReds} reductions per slice · ${s.sliceMs} ms per event-loop turn`],
    ["Atoms", String(s.atoms)],
    ["Sample cost", `${cur.costMs.toFixed(2)} ms`],
    ["Versions", `beamsh ${s.beamshVersion} · Node ${s.nodeVersion}`],
  ];
}

export function System({ cur, redsPerSec, height }: { cur: Snapshot | null; redsPerSec: number; height: number }) {
  const t = useTheme();
  return (
    <Box flexDirection="column" height={height}>
      <Text bold color={t.title}>
        System
      </Text>
      {cur &&
        systemLines(cur, redsPerSec).map(([k, v]) => (
          <Text key={k} wrap="truncate">
            {"  "}
            <Text color={t.dim}>{k.padEnd(16)}</Text>
            {v}
          </Text>
        ))}
    </Box>
  );
}
