// The line above the footer: an open prompt (filter, kill reason), or the last message.
import { Text } from "ink";
import { KILL_REASONS } from "../reason.js";
import { FAULT_CHOICES, type Prompt } from "../state.js";
import { useTheme } from "../hooks/use-theme.js";
import { shortPid } from "../format.js";

export function StatusLine({ prompt, message, filter }: { prompt: Prompt | null; message: string | null; filter: string }) {
  const t = useTheme();
  if (prompt?.kind === "filter") {
    return (
      <Text wrap="truncate">
        <Text color={t.accent}>/</Text>
        {prompt.text}
        <Text inverse> </Text>
        <Text color={t.dim}>{"   Enter keep · Esc clear"}</Text>
      </Text>
    );
  }
  if (prompt?.kind === "kill") {
    return (
      <Text wrap="truncate">
        <Text color={t.danger} bold>
          {`Kill ${shortPid(prompt.id)}`}
        </Text>
        {` ${prompt.label}  reason:`}
        {KILL_REASONS.map((r, i) => (
          <Text key={r} inverse={i === prompt.choice}>{` ${r} `}</Text>
        ))}
        {" or type "}
        <Text inverse={prompt.choice < 0}>{prompt.text + " "}</Text>
        <Text color={t.dim}>{" Enter send · Tab next · Esc cancel"}</Text>
      </Text>
    );
  }
  if (prompt?.kind === "fault") {
    return (
      <Text wrap="truncate">
        <Text color={t.warn} bold>
          {`Fault on messages ${prompt.dir} ${shortPid(prompt.id)}`}
        </Text>
        {` ${prompt.label}:`}
        {FAULT_CHOICES.map((c, i) => (
          <Text key={c} inverse={i === prompt.choice}>{` ${c} `}</Text>
        ))}
        {prompt.choice === FAULT_CHOICES.length - 1 ? "" : prompt.text === "" ? " until removed (or type how many messages)" : ` for ${prompt.text} message${prompt.text === "1" ? "" : "s"}`}
        <Text color={t.dim}>{" Enter inject · Tab next · Esc cancel"}</Text>
      </Text>
    );
  }
  if (message) return <Text wrap="truncate" color={t.warn}>{message}</Text>;
  return <Text wrap="truncate" color={t.dim}>{filter ? `filter: /${filter}  (/ to change, Esc in the prompt clears)` : " "}</Text>;
}
