// `beamsh test PATH...`: runs lessons as tests. A lesson is a `.md` or `.exs` file whose
// examples are written as iex sessions, as in Elixir doctests:
//
//     iex> x = 1 + 1
//     2
//     iex> IO.puts("sum: #{x}")
//     sum: 2
//     :ok
//     iex> raise "boom"
//     ** (RuntimeError) boom
//
// Each file runs in a fresh shell, examples in order (bindings carry over). The printed
// output (IO and result, or the error without its stacktrace) must equal the expected lines;
// pids, references and funs match loosely (`#PID<...>`), as do the times and seed ExUnit reports and
// the bytes of a module defined in a session pair. An example with no expected lines is
// run but not checked. Banner lines (printed when the shell restarts) are not compared.
// `NAME.in` + `NAME.out` pairs (recorded iex sessions) are compared whole.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { createRuntime } from "../boot.js";
import { ShellServer } from "./server.js";
import { checkRecording } from "./recording.js";

export interface Example {
  line: number;
  /** Source lines (the `iex>` line and its `...>` continuations). */
  input: string[];
  expected: string[];
}

export interface ExampleResult {
  example: Example;
  actual: string[];
  ok: boolean;
}

const PROMPT = /^(\s*)iex(?:\(\d+\))?> ?(.*)$/;
const CONT = /^\s*\.\.\.(?:\(\d+\))?> ?(.*)$/;

/** Extracts the iex examples of a lesson file. */
export function parseExamples(text: string): Example[] {
  const lines = text.replace(/\r/g, "").split("\n");
  const out: Example[] = [];
  let i = 0;
  while (i < lines.length) {
    const m = PROMPT.exec(lines[i]);
    if (m === null) {
      i++;
      continue;
    }
    const indent = m[1].length;
    const ex: Example = { line: i + 1, input: [m[2]], expected: [] };
    i++;
    for (let c; i < lines.length && (c = CONT.exec(lines[i])) !== null; i++) ex.input.push(c[1]);
    for (; i < lines.length; i++) {
      const l = lines[i];
      if (l.trim() === "" || PROMPT.test(l) || /^\s*```/.test(l)) break;
      ex.expected.push(l.slice(Math.min(indent, l.length - l.trimStart().length)));
    }
    out.push(ex);
  }
  return out;
}

/** Loose comparison: pid/ref/fun numbers, trailing spaces and stacktrace lines ignored. */
export function normaliseOutput(lines: string[]): string[] {
  const kept = lines
    .filter((l) => !/^Interactive \S+ .*Ctrl\+C/.test(l))
    .filter((l) => !/^ {4}(\([^)]*\) )?(\S+:\d+: \S|:?[A-Za-z_][\w.]*\.[^\s(]+\(.*\)$|:erlang\.apply\/2$)/.test(l))
    .map((l) =>
      l
        .replace(/#PID<[\d.]+>/g, "#PID<...>")
        .replace(/#Reference<[\d.]+>/g, "#Reference<...>")
        .replace(/#Function<[^>]*>/g, "#Function<...>")
        // the times of an ExUnit run vary from run to run
        .replace(/^Finished in \d+\.\d+ seconds \(.*\)$/, "Finished in X seconds (...)")
        .replace(/^Randomized with seed \d+$/, "Randomized with seed N")
        .replace(/\s+$/, ""),
    );
  while (kept.length > 0 && kept[kept.length - 1] === "") kept.pop();
  return kept;
}

/** Runs one lesson's examples in a fresh shell. */
export async function runLesson(text: string): Promise<ExampleResult[]> {
  let captured = "";
  const write = (s: string) => (captured += s);
  const rt = createRuntime({ write });
  const shell = new ShellServer(rt, write);
  const results: ExampleResult[] = [];
  try {
    for (const ex of parseExamples(text)) {
      captured = "";
      for (const l of ex.input) await shell.feedLine(l);
      if (shell.continuing) {
        shell.discardBuffer();
        captured += "** (TokenMissingError) incomplete expression\n";
      }
      const actual = captured.replace(/\n$/, "").split("\n");
      const ok = ex.expected.length === 0 || sameLines(normaliseOutput(actual), normaliseOutput(ex.expected));
      results.push({ example: ex, actual, ok });
    }
  } finally {
    shell.driver.stop();
  }
  return results;
}

function sameLines(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((l, i) => l === b[i]);
}

/** A recorded session pair: NAME.in replayed, compared with NAME.out. */
export async function runSessionPair(inFile: string): Promise<{ ok: boolean; expected: string[]; actual: string[] }> {
  let captured = "";
  const write = (s: string) => (captured += s);
  const rt = createRuntime({ write });
  const shell = new ShellServer(rt, write);
  try {
    await shell.runPiped(readFileSync(inFile, "utf8"));
  } finally {
    shell.driver.stop();
  }
  // {:module, Name, <<bytes>>, ...}: the compiled code differs from BEAM's
  const bytes = (t: string) => t.replace(/\{:module, ([\w.]+),\s*<<[\d,\s]*(?:\.\.\.)?>>,\s*/g, "{:module, $1, <<...>>, ");
  const strip = (t: string) => normaliseOutput(bytes(t).split("\n").filter((l) => !/^Interactive \S+ .*Ctrl\+C/.test(l)));
  const expected = strip(readFileSync(inFile.replace(/\.in$/, ".out"), "utf8"));
  const actual = strip(captured);
  return { ok: sameLines(actual, expected), expected, actual };
}

function collect(path: string, acc: string[]): string[] {
  const st = statSync(path);
  if (st.isDirectory()) {
    for (const e of readdirSync(path).sort()) collect(join(path, e), acc);
  } else if (/\.(md|exs|in|rec)$/.test(path)) acc.push(path);
  return acc;
}

function diff(expected: string[], actual: string[]): string {
  return "    expected:\n" + expected.map((l) => "      " + l).join("\n") + "\n    got:\n" + actual.map((l) => "      " + l).join("\n") + "\n";
}

/** The `beamsh test` command: prints failures and `N passed, N failed`; returns the status. */
export async function runLessonTests(paths: string[], out: (s: string) => void): Promise<number> {
  if (paths.length === 0) {
    out("usage: beamsh test FILE_OR_DIR...\n");
    return 2;
  }
  let passed = 0;
  let failed = 0;
  const files: string[] = [];
  for (const p of paths) {
    try {
      collect(p, files);
    } catch {
      out(`beamsh test: no such file or directory: ${p}\n`);
      failed++;
    }
  }
  for (const f of files) {
    if (f.endsWith(".rec")) {
      const r = await checkRecording(f).catch((e: Error) => ({ ok: false, expected: [e.message], actual: [] }));
      if (r.ok) passed++;
      else {
        failed++;
        out(`FAIL ${f}\n` + diff(r.expected, r.actual));
      }
      continue;
    }
    if (f.endsWith(".in")) {
      const r = await runSessionPair(f);
      if (r.ok) passed++;
      else {
        failed++;
        out(`FAIL ${f}\n` + diff(r.expected, r.actual));
      }
      continue;
    }
    for (const r of await runLesson(readFileSync(f, "utf8"))) {
      if (r.ok) {
        passed++;
        continue;
      }
      failed++;
      out(`FAIL ${f}:${r.example.line}\n` + r.example.input.map((l, i) => (i === 0 ? "  iex> " : "  ...> ") + l).join("\n") + "\n" + diff(r.example.expected, r.actual));
    }
  }
  out(`${passed} passed, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}
