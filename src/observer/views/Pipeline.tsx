// GenStage pipelines as a graph: stages left to right, subscriptions as edges labelled with
// pending demand and events/s (the layout is pipeline.ts's). While the view is shown the
// source counts the events sent between stages; each sample becomes a new frame.
import { Box, Text } from "ink";
import { useEffect, useMemo, useRef } from "react";
import { useTheme } from "../hooks/use-theme.js";
import { Line, PipelineSample, pipelineLines } from "../pipeline.js";
import type { Theme } from "../theme.js";
import type { ObserverSource } from "../source.js";

export interface PipelineProps {
  source: ObserverSource;
  /** Changes with every sample (a new frame is sampled then). */
  tick: number;
  scroll: number;
  height: number;
}

export function Pipeline({ source, tick, scroll, height }: PipelineProps) {
  const t = useTheme();
  useEffect(() => source.watchPipeline(), [source]);
  const prev = useRef<PipelineSample | null>(null);
  const lines = useMemo(() => {
    const cur = source.pipeline();
    const out = pipelineLines(cur, prev.current);
    prev.current = cur;
    return out;
  }, [source, tick]);
  const body = Math.max(1, height - 1);
  const top = Math.min(scroll, Math.max(0, lines.length - body));
  return (
    <Box flexDirection="column" height={height}>
      <Text bold color={t.title}>
        Pipeline
      </Text>
      {lines.slice(top, top + body).map((line, i) => (
        <Text key={i} wrap="truncate">
          {renderLine(line, t)}
        </Text>
      ))}
    </Box>
  );
}

function renderLine(line: Line, t: Theme) {
  return line.map((s, i) => (
    <Text key={i} color={s.tone === "dim" ? t.dim : s.tone === "edge" ? t.key : s.tone === "warn" ? t.warn : undefined} bold={s.tone === "name"}>
      {s.text}
    </Text>
  ));
}
