// The Sequence view: a live message sequence diagram (the layout is sequence.ts's, the same
// seq/1 prints). While the view is shown the source records the events of the followed
// processes (all of them when none is chosen); each sample redraws it, newest rows at the
// bottom, scrolled back with ↑/PgUp. Lane titles stay at the top.
import { Box, Text } from "ink";
import { useEffect, useMemo, useRef } from "react";
import { useTheme } from "../hooks/use-theme.js";
import { shortPid } from "../format.js";
import { SeqLine, sequenceLines } from "../sequence.js";
import type { Theme } from "../theme.js";
import type { ObserverSource, SequenceWatch } from "../source.js";

export interface SequenceProps {
  source: ObserverSource;
  /** Followed pid ids (empty: every process). */
  followed: number[];
  /** Bumped to start the recording afresh (x). */
  epoch: number;
  /** Changes with every sample (a new frame is drawn then). */
  tick: number;
  /** Rows back from the newest. */
  scroll: number;
  height: number;
  width: number;
}

export function Sequence({ source, followed, epoch, tick, scroll, height, width }: SequenceProps) {
  const t = useTheme();
  const watch = useRef<SequenceWatch | null>(null);
  const key = followed.join(",");
  // The recording lives while the view is shown with the same followed processes.
  const current = useMemo(() => {
    watch.current?.close();
    watch.current = source.watchSequence(followed);
    return watch.current;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [source, key, epoch]);
  useEffect(() => () => watch.current?.close(), []);
  const lines = useMemo(() => sequenceLines(current.diagram(), { width }), [current, tick, width]);
  const head = followed.length === 0 ? "Sequence · all processes (select one and press s to follow it)" : `Sequence · following ${followed.map((id) => shortPid(id)).join(", ")} and those they talk to (a: all)`;
  const titles = lines.slice(0, 2);
  const body = lines.slice(2);
  const room = Math.max(1, height - 3);
  const end = Math.max(Math.min(room, body.length), body.length - scroll);
  const shown = body.slice(Math.max(0, end - room), end);
  return (
    <Box flexDirection="column" height={height}>
      <Text bold color={t.title} wrap="truncate">
        {head}
        {scroll > 0 ? ` · ${scroll} rows back (↓ to follow)` : ""}
      </Text>
      {titles.map((l, i) => (
        <Text key={`h${i}`} wrap="truncate" bold>
          {l.text}
        </Text>
      ))}
      {shown.map((l, i) => (
        <Text key={i} wrap="truncate" color={colour(l, t)}>
          {l.text}
        </Text>
      ))}
    </Box>
  );
}

function colour(l: SeqLine, t: Theme): string | undefined {
  switch (l.tone) {
    case "crash":
    case "signal":
      return t.danger;
    case "arrow":
      return t.key;
    case "fault":
      return t.warn;
    case "dim":
      return t.dim;
    default:
      return undefined;
  }
}
