// Crash replay (crash-replay.ts): a crash step by step on the process tree as it was right
// before it (from the samples the observer kept, history.ts): the failing process, then
// each exit signal, trap, process taken down and restart, each marked on its process; the
// steps so far listed underneath, the current one highlighted.
import { Box, Text } from "ink";
import { useMemo } from "react";
import { duration, shortPid } from "../format.js";
import { useTheme } from "../hooks/use-theme.js";
import { CrashStory, marksAt } from "../crash-replay.js";
import type { SnapshotHistory } from "../history.js";
import type { Snapshot } from "../source.js";
import { buildForest, nodeLabel } from "../tree.js";

export interface CrashesProps {
  stories: CrashStory[];
  history: SnapshotHistory;
  /** The newest sample (the tree when none was taken before the crash). */
  live: Snapshot | null;
  crash: number;
  step: number;
  height: number;
}

export function Crashes({ stories, history, live, crash, step, height }: CrashesProps) {
  const t = useTheme();
  const story = stories[Math.min(crash, stories.length - 1)];
  const sample = useMemo(() => {
    if (story === undefined || story.at === null) return null;
    const seq = history.before(story.at);
    return seq === null ? null : history.get(seq);
  }, [story, history, history.last]);
  if (story === undefined) {
    return (
      <Box flexDirection="column" height={height}>
        <Text bold color={t.title}>
          Crash replay
        </Text>
        <Text color={t.dim}>No crash recorded yet: when a process crashes (or is killed), its steps can be replayed here.</Text>
      </Box>
    );
  }
  const k = Math.min(step, story.steps.length - 1);
  const marks = marksAt(story, k);
  const base = sample ?? live;
  const forest = buildForest(base?.procs ?? []);
  // Only the trees a step touches (the rest of the system stays out of the picture).
  const touched = new Set(story.steps.map((s) => s.pid.id));
  const lines = treesTouched(forest.lines, touched);
  const inTree = new Set(lines.map((l) => l.id));
  // Processes a step touched that the tree does not show (started after the sample), each once with its newest mark.
  const outside = [...new Map(story.steps.filter((s, i) => i <= k && !inTree.has(s.pid.id) && s.pid.node === null).map((s) => [s.pid.id, s])).values()];
  const treeRoom = Math.max(3, Math.floor((height - 5) / 2));
  const stepRoom = Math.max(2, height - 5 - Math.min(treeRoom, lines.length + outside.length));
  const first = Math.max(0, Math.min(k - Math.floor(stepRoom / 2), story.steps.length - stepRoom));
  const where = sample !== null ? `right before it (the sample at ${duration(sample.system.uptimeMs)})` : "now (no sample was taken before the crash: it happened before the observer opened)";
  return (
    <Box flexDirection="column" height={height}>
      <Text wrap="truncate">
        <Text bold color={t.title}>
          {`Crash replay · crash ${crash + 1} of ${stories.length}`}
        </Text>
        {` (↑↓ older/newer) · step ${k + 1} of ${story.steps.length} (←→)${story.at === null ? "" : ` · at ${duration(story.at)}`}`}
      </Text>
      <Text color={t.dim} wrap="truncate">{`The processes ${where}:`}</Text>
      {lines.slice(0, treeRoom).map((l) => {
        const m = marks.get(String(l.id));
        return (
          <Text key={l.id} wrap="truncate">
            {"  " + l.prefix + nodeLabel(l)}
            {m === undefined ? "" : "  "}
            {m === undefined ? null : (
              <Text color={t.danger} bold={m.current} inverse={m.current}>
                {m.mark}
              </Text>
            )}
          </Text>
        );
      })}
      {outside.slice(0, Math.max(0, treeRoom - lines.length)).map((s) => (
        <Text key={`o${s.id}${s.kind}`} wrap="truncate" color={t.dim}>
          {`  (not in that tree) ${shortPid(s.pid.id, s.pid.serial)}  `}
          <Text color={t.danger}>{s.mark}</Text>
        </Text>
      ))}
      <Text color={t.dim}>Steps:</Text>
      {story.steps.slice(first, first + stepRoom).map((s, i) => {
        const n = first + i;
        return (
          <Text key={n} wrap="truncate" color={n > k ? t.dim : n === k ? t.danger : undefined} bold={n === k}>
            {`${n === k ? "▶" : " "} ${String(n + 1).padStart(2)}. ${s.text}`}
          </Text>
        );
      })}
    </Box>
  );
}

/** The lines of the trees (whole roots) that contain a touched process. */
function treesTouched<L extends { id: number; depth: number }>(lines: L[], touched: Set<number>): L[] {
  const out: L[] = [];
  let group: L[] = [];
  let hit = false;
  const flush = () => {
    if (hit) out.push(...group);
    group = [];
    hit = false;
  };
  for (const l of lines) {
    if (l.depth === 0) flush();
    group.push(l);
    if (touched.has(l.id)) hit = true;
  }
  flush();
  return out;
}
