// What Tab completion gives the line editor, and how it lists candidates. The completion
// itself is IEx.Autocomplete.expand/2 (prelude/iex.ex), which the shell runs for Tab
// (ShellServer.expand) as Elixir code calls it: aliases, Erlang modules, Mod.fun as
// fun/arity, map keys, the shell's variables and imports, structs, sigils, paths.

export interface Completion {
  /** Text to insert at the cursor (may be empty). */
  insert: string;
  /** Candidates to list when nothing can be inserted (empty otherwise). */
  entries: string[];
}

/** Lists entries in columns as edlin does: width = longest + 4, lines of at most 79. */
export function formatEntries(entries: string[]): string {
  if (entries.length === 0) return "";
  const longest = Math.max(...entries.map((e) => [...e].length));
  const width = longest < 76 ? longest + 4 : 79;
  const perLine = Math.max(1, Math.floor(79 / width));
  const lines: string[] = [];
  for (let i = 0; i < entries.length; i += perLine) {
    lines.push(
      entries
        .slice(i, i + perLine)
        .map((e) => e.padEnd(width))
        .join("")
        .trimEnd(),
    );
  }
  return lines.join("\n") + "\n";
}
