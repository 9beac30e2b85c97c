// Scheduler lanes (lanes.ts): one row per process that ran lately, one column per
// scheduling slice, newest at the right, and the run queue underneath. While the view is
// shown the source tells it every slice; each sample draws a new frame.
import { Box, Text } from "ink";
import { useEffect, useMemo, useRef } from "react";
import { compactNumber, shortPid } from "../format.js";
import { useTheme } from "../hooks/use-theme.js";
import { FAULT_MARK, LaneLog, MARK, laneRows } from "../lanes.js";
import type { ObserverSource } from "../source.js";

export interface LanesProps {
  source: ObserverSource;
  /** Changes with every sample (a new frame is drawn then). */
  tick: number;
  /** A process's name or current function, for its lane. */
  labelOf: (id: number) => string;
  height: number;
  width: number;
}

const PID_W = 11;
const LABEL_W = 16;
const STATS_W = 20;
const FAULT_LEGEND = `${FAULT_MARK.drop} drop ${FAULT_MARK.delay} delay ${FAULT_MARK.duplicate} dup ${FAULT_MARK.reorder} reorder ${FAULT_MARK.suspend}/${FAULT_MARK.resume} suspend/resume`;

export function Lanes({ source, tick, labelOf, height, width }: LanesProps) {
  const t = useTheme();
  const log = useRef(new LaneLog());
  useEffect(() => source.watchSlices?.((e) => log.current.push(e)), [source]);
  const columns = Math.max(8, width - PID_W - LABEL_W - STATS_W - 3);
  const { lanes, queue, faults } = useMemo(() => laneRows(log.current.slices, columns), [tick, columns]);
  const body = Math.max(1, height - (faults === "" ? 3 : 4));
  const shown = lanes.slice(0, body);
  const legend = `${MARK.preempted} preempted  ${MARK.blocked} blocked in receive  ${MARK.exited} exited`;
  if (source.watchSlices === undefined) return <Text>Scheduler lanes are not available for this source.</Text>;
  return (
    <Box flexDirection="column" height={height}>
      <Text wrap="truncate">
        <Text bold color={t.title}>
          Scheduler lanes
        </Text>
        {source.runtimePaused?.() ? <Text color={t.warn}> · runtime paused (s step, z resume)</Text> : null}
        {` · ${log.current.total} slices · newest at the right · ${legend}`}
      </Text>
      {shown.length === 0 && <Text color={t.dim}>No slice yet: the lanes fill as processes run.</Text>}
      {shown.map((lane) => (
        <Text key={lane.pid} wrap="truncate">
          {shortPid(lane.pid).padEnd(PID_W)}
          <Text color={t.dim}>{labelOf(lane.pid).slice(0, LABEL_W - 1).padEnd(LABEL_W)}</Text>
          {lane.cells.padStart(columns)}
          <Text color={t.dim}>{`  ${lane.slices} sl ${compactNumber(lane.reductions)} reds`}</Text>
        </Text>
      ))}
      {lanes.length > shown.length && <Text color={t.dim}>{`… ${lanes.length - shown.length} more lanes`}</Text>}
      <Text wrap="truncate">
        {"run queue".padEnd(PID_W + LABEL_W)}
        <Text color={t.dim}>{queue.padStart(columns)}</Text>
      </Text>
      {faults !== "" && (
        <Text wrap="truncate">
          {"faults".padEnd(PID_W + LABEL_W)}
          <Text color={t.warn}>{faults.padStart(columns)}</Text>
          <Text color={t.dim}>{`  ${FAULT_LEGEND}`}</Text>
        </Text>
      )}
    </Box>
  );
}
