// Tab completion as IEx.Autocomplete does it: aliases (`En` → `Enum`), Erlang modules
// (`:li` → `:lists`), `Module.` → its functions as `fun/arity` (and nested modules), and
// bound variables with the imported Kernel functions for a bare name. A unique match (or a
// longer common prefix) is inserted; otherwise the candidates are listed in columns the way
// the Erlang line editor (edlin) prints them.

/** What completion needs to know: the loaded modules and the current bindings. */
export interface CompletionSource {
  /** Module names as the runtime stores them ("Elixir.Enum", "lists"). */
  modules(): Iterable<string>;
  /** "name/arity" keys of a module's public functions, or null if no such module. */
  functions(module: string): Iterable<string> | null;
  /** Variables bound in the shell. */
  bindings(): Iterable<string>;
}

export interface Completion {
  /** Text to insert at the cursor (may be empty). */
  insert: string;
  /** Candidates to list when nothing can be inserted (empty otherwise). */
  entries: string[];
}

const IMPORTED = ["Elixir.Kernel", "Elixir.IEx.Helpers"];

/** Completes the expression ending at the cursor (`before` is the text before it). */
export function complete(before: string, src: CompletionSource): Completion {
  const m = /(:?[\p{L}\p{N}_.@?!]*)$/u.exec(before)!;
  const word = m[1];
  if (word.startsWith(":")) return erlangModule(word.slice(1), src);
  const dot = word.lastIndexOf(".");
  if (dot >= 0) return remote(word.slice(0, dot), word.slice(dot + 1), src);
  if (/^[A-Z]/.test(word)) return aliases("", word, src);
  if (/^[a-z_]/.test(word) || word === "") return locals(word, src);
  return { insert: "", entries: [] };
}

/** `Enum.ma`, `String.`, `:lists.rev`, `Enum.Empt`. */
function remote(modText: string, prefix: string, src: CompletionSource): Completion {
  const module = modText.startsWith(":") ? modText.slice(1) : "Elixir." + modText;
  if (!/^[A-Z]/.test(modText) && !modText.startsWith(":")) return { insert: "", entries: [] };
  if (/^[A-Z]/.test(prefix) || prefix === "") {
    const nested = modText.startsWith(":") ? [] : nestedAliases(module, prefix, src);
    const fns = prefix === "" ? functionCandidates(module, "", src) : [];
    return pick(prefix, [...nested, ...fns]);
  }
  return pick(prefix, functionCandidates(module, prefix, src));
}

/** Function candidates `name/arity` whose name starts with `prefix`. */
function functionCandidates(module: string, prefix: string, src: CompletionSource): Candidate[] {
  const keys = src.functions(module);
  if (keys === null) return [];
  const out: Candidate[] = [];
  for (const key of keys) {
    const name = key.slice(0, key.lastIndexOf("/"));
    if (!name.startsWith(prefix) || name.startsWith("__") || name === "module_info") continue;
    out.push({ name, label: key });
  }
  return out;
}

/** Aliases under `parent` ("" for top level) whose next segment starts with `prefix`. */
function nestedAliases(parent: string, prefix: string, src: CompletionSource): Candidate[] {
  const base = parent === "" ? "Elixir." : parent + ".";
  const seen = new Set<string>();
  for (const mod of src.modules()) {
    if (!mod.startsWith(base)) continue;
    const segment = mod.slice(base.length).split(".")[0];
    if (segment.startsWith(prefix) && /^[A-Z]/.test(segment)) seen.add(segment);
  }
  return [...seen].map((s) => ({ name: s, label: s }));
}

function aliases(parent: string, prefix: string, src: CompletionSource): Completion {
  return pick(prefix, nestedAliases(parent, prefix, src));
}

function erlangModule(prefix: string, src: CompletionSource): Completion {
  const out: Candidate[] = [];
  for (const mod of src.modules()) {
    if (!mod.startsWith("Elixir.") && mod !== "" && mod.startsWith(prefix)) out.push({ name: mod, label: mod });
  }
  return pick(prefix, out);
}

/** A bare name: variables, then imported functions. */
function locals(prefix: string, src: CompletionSource): Completion {
  const out: Candidate[] = [];
  for (const v of src.bindings()) if (v.startsWith(prefix) && !v.startsWith("_")) out.push({ name: v, label: v });
  if (prefix !== "") for (const mod of IMPORTED) out.push(...functionCandidates(mod, prefix, src));
  return pick(prefix, out);
}

interface Candidate {
  /** The text completed (a name). */
  name: string;
  /** How it is listed (`name/arity` for functions). */
  label: string;
}

/** Inserts a unique or common-prefix completion, else returns the list. */
function pick(prefix: string, candidates: Candidate[]): Completion {
  const labels = [...new Set(candidates.map((c) => c.label))].sort(byCodeUnits);
  const names = [...new Set(candidates.map((c) => c.name))];
  if (names.length === 0) return { insert: "", entries: [] };
  const common = commonPrefix(names);
  if (common.length > prefix.length) return { insert: common.slice(prefix.length), entries: [] };
  if (names.length === 1) return { insert: "", entries: [] };
  return { insert: "", entries: labels };
}

function byCodeUnits(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

function commonPrefix(items: string[]): string {
  let p = items[0];
  for (const s of items) {
    let i = 0;
    while (i < p.length && i < s.length && p[i] === s[i]) i++;
    p = p.slice(0, i);
  }
  return p;
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
