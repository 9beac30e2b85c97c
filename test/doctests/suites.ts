// The doctest suites (test/doctests/MODULE.in + MODULE.out, extracted by extract.exs and
// recorded with real iex) split into examples, so that each `iex>` input can be judged on
// its own while the whole file still runs as one shell session, as it did in iex.
//
// An iex transcript prints a prompt before every input line: `iex(N)> ` for a new
// expression and `...(N)> ` for a continuation. Cutting the output at each `iex(N)> `
// gives one piece per expression, and the continuation prompts inside a piece say how many
// input lines it consumed, which ties every piece to its lines in MODULE.in and to the
// `# Module.fun/arity` header above them.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { normalise, runSession } from "../helpers/session.js";

export const suitesDir = join(process.cwd(), "test", "doctests");

export interface Example {
  /** `Module.fun/arity #k`: the k-th input under that header (headers themselves are not examples). */
  id: string;
  input: string[];
  expected: string;
}

export interface Suite {
  name: string;
  input: string;
  expectedOutput: string;
  examples: Example[];
}

const PROMPT = /iex\(\d+\)> /g;
const CONTINUATION = /\.\.\.\(\d+\)> /g;

/** The normalised output cut into one piece per `iex(N)>` prompt (text before the first is dropped). */
export function outputPieces(output: string): string[] {
  const text = normalise(output);
  const starts = [...text.matchAll(PROMPT)].map((m) => m.index!);
  return starts.map((s, i) =>
    text
      .slice(s, i + 1 < starts.length ? starts[i + 1] : text.length)
      .replace(/\n+$/, "")
      // an error does not advance iex's counter: numbers are compared by the line-parity
      // figure, not per example, so one failure does not fail every later example
      .replace(/^iex\(\d+\)> /, "iex> ")
      .replace(CONTINUATION, "...> ")
      // hygiene counters come from :erlang.unique_integer and differ between iex runs
      .replace(/counter: -?\d+/g, "counter: N"),
  );
}

export function loadSuite(name: string): Suite {
  const input = readFileSync(join(suitesDir, `${name}.in`), "utf8");
  const expectedOutput = readFileSync(join(suitesDir, `${name}.out`), "utf8");
  const lines = input.replace(/\n$/, "").split("\n");
  const examples: Example[] = [];
  let header = `${name} (no header)`;
  let k = 0;
  let at = 0;
  for (const piece of outputPieces(expectedOutput)) {
    if (at >= lines.length) break; // the final bare prompt after the last input
    const consumed = 1 + (piece.match(/\.\.\.> /g)?.length ?? 0);
    const input = lines.slice(at, at + consumed);
    at += consumed;
    if (consumed === 1 && input[0].startsWith("# ")) {
      header = input[0].slice(2);
      k = 0;
      examples.push({ id: `${header} (header)`, input, expected: piece });
      continue;
    }
    examples.push({ id: `${header} #${++k}`, input, expected: piece });
  }
  if (at !== lines.length) throw new Error(`${name}.out does not account for all of ${name}.in (${at}/${lines.length} lines)`);
  return { name, input, expectedOutput, examples };
}

export function suiteNames(): string[] {
  return readdirSync(suitesDir)
    .filter((f) => f.endsWith(".in"))
    .map((f) => f.slice(0, -3))
    .sort();
}

export interface SuiteResult {
  suite: Suite;
  actualOutput: string;
  /** Ids of the examples (headers excluded) whose output differs from iex's. */
  failing: string[];
  examples: number;
  /** Expected output lines reproduced in order (the parity checker's measure). */
  linesMatched: number;
  linesTotal: number;
}

export async function runSuite(suite: Suite): Promise<SuiteResult> {
  const actualOutput = await runSession(suite.input);
  const actual = outputPieces(actualOutput);
  const failing: string[] = [];
  let examples = 0;
  suite.examples.forEach((ex, i) => {
    const header = ex.id.endsWith(" (header)");
    if (!header) examples++;
    if (actual[i] !== ex.expected) failing.push(ex.id);
  });
  const { matched, total } = matchedLines(normalise(suite.expectedOutput), normalise(actualOutput));
  return { suite, actualOutput, failing, examples, linesMatched: matched, linesTotal: total };
}

/** Longest common subsequence of lines, as ../shared/parity/parity.mjs measures line parity. */
export function matchedLines(expected: string, actual: string): { matched: number; total: number } {
  const a = expected.split("\n");
  const b = actual.split("\n");
  let prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
    }
    prev = cur;
  }
  return { matched: prev[b.length], total: a.length };
}

/**
 * expected-failures.txt: `[Suite]` sections listing example ids that do not pass yet. A line
 * `? ID  reason` marks an example whose result beamsh cannot yet make deterministic (it may
 * pass or fail); every such line must give its reason. Returns suite name -> ids (with the
 * `? ` prefix kept for those).
 */
export function loadExpectedFailures(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const raw of readFileSync(join(suitesDir, "expected-failures.txt"), "utf8").split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const section = /^\[([\w.]+)\]$/.exec(line);
    if (section) {
      current = [];
      out.set(section[1], current);
    } else if (current) {
      const unstable = /^\? (.+? #\d+|.+? \(header\))  +\S/.exec(line);
      if (line.startsWith("?") && !unstable) throw new Error(`expected-failures.txt: "${line}" needs "? ID  reason"`);
      current.push(unstable ? `? ${unstable[1]}` : line);
    }
    else throw new Error(`expected-failures.txt: "${line}" is outside a [Suite] section`);
  }
  return out;
}
