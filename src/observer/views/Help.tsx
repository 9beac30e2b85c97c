// Every key binding, from the keymap table.
import { Box, Text } from "ink";
import { KEYMAP } from "../keymap.js";
import { useTheme } from "../hooks/use-theme.js";

export function Help({ height, scroll }: { height: number; scroll: number }) {
  const t = useTheme();
  const lines = KEYMAP.map((b) => ({ keys: b.keys, text: (b.help ?? b.label) + (b.views ? `  (${b.views.join(", ")})` : "") }));
  return (
    <Box flexDirection="column" height={height}>
      <Text bold color={t.title}>
        Keys
      </Text>
      {lines.slice(scroll, scroll + height - 1).map((l) => (
        <Text key={l.keys} wrap="truncate">
          {"  "}
          <Text color={t.key} bold>
            {l.keys.padEnd(14)}
          </Text>
          {l.text}
        </Text>
      ))}
    </Box>
  );
}
