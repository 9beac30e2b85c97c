// Bottom line: the key hints of the current view, generated from the keymap table.
import { Text } from "ink";
import { Fragment } from "react";
import { View, bindingsFor } from "../keymap.js";
import { useTheme } from "../hooks/use-theme.js";

export function Footer({ view }: { view: View }) {
  const t = useTheme();
  const hints = bindingsFor(view);
  return (
    <Text wrap="truncate">
      {hints.map((h, i) => (
        <Fragment key={h.keys}>
          {i > 0 ? " " : ""}
          <Text color={t.key} bold>
            {h.keys}
          </Text>
          <Text color={t.dim}>{" " + h.label}</Text>
        </Fragment>
      ))}
    </Text>
  );
}
