// One process in full: identity, stack, mailbox, dictionary, links and monitors, state.
import { Box, Text } from "ink";
import type { Line } from "../detail-lines.js";
import { useTheme } from "../hooks/use-theme.js";

export function Detail({ lines, scroll, height }: { lines: Line[] | null; scroll: number; height: number }) {
  const t = useTheme();
  if (lines === null) {
    return (
      <Box height={height}>
        <Text color={t.warn}>The process is no longer alive. Esc goes back.</Text>
      </Box>
    );
  }
  const top = Math.max(0, Math.min(scroll, lines.length - height));
  return (
    <Box flexDirection="column" height={height}>
      {lines.slice(top, top + height).map((l, i) => (
        <Text key={i} wrap="truncate" bold={l.style === "heading"} color={l.style === "heading" ? t.title : l.style === "dim" ? t.dim : undefined}>
          {l.text || " "}
        </Text>
      ))}
    </Box>
  );
}
