// The trace log of the traced process: newest lines at the bottom, drops counted.
import { Box, Text } from "ink";
import { formatTraceEvent, TraceLog } from "../trace.js";
import { shortPid } from "../format.js";
import { useTheme } from "../hooks/use-theme.js";

export function TraceView({ log, traced, scroll, height, width }: { log: TraceLog; traced: number | null; scroll: number; height: number; width: number }) {
  const t = useTheme();
  const body = Math.max(1, height - 1);
  const end = Math.max(0, log.events.length - scroll);
  const shown = log.events.slice(Math.max(0, end - body), end);
  const head =
    traced === null
      ? "Not tracing. Select a process and press t."
      : `Tracing ${shortPid(traced)} · ${log.events.length} events kept · ${log.dropped} dropped (rate limit)`;
  return (
    <Box flexDirection="column" height={height}>
      <Text bold color={t.title} wrap="truncate">
        {head}
      </Text>
      {shown.map((ev, i) => (
        <Text key={i} wrap="truncate" color={ev.kind === "exit" || ev.kind === "signal" ? t.danger : undefined}>
          {formatTraceEvent(ev, width)}
        </Text>
      ))}
    </Box>
  );
}
