// Command line entry: `beamsh` (interactive or piped shell), `beamsh FILE.exs [args]`,
// `beamsh -e EXPR`, `beamsh test PATH...`, `--help`, `--version`.
import { Command } from "commander";
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { emitKeypressEvents } from "node:readline";
import { parseStatus } from "../lang/parser.js";
import { createRuntime } from "../boot.js";
import { Driver } from "../runtime/driver.js";
import type { Runtime } from "../runtime/runtime.js";
import { paletteFor } from "./colors.js";
import { Evaluator } from "./evaluator.js";
import { formatCompileError, formatEvalError, formatParseError } from "./errors.js";
import { History, historyFileFromEnv } from "./history.js";
import { runLessonTests } from "./lesson-test.js";
import { BANNER, ShellServer, VERSION } from "./server.js";
import { InteractiveShell } from "./terminal.js";

const out = (s: string) => process.stdout.write(s);

// The reader went away (`beamsh < f | head`): stop quietly, like a program killed by SIGPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(0);
    throw e;
  });
}

function readStdin(): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    process.stdin.on("data", (c) => chunks.push(c));
    process.stdin.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });
}

/** Runs source as a script (like `elixir FILE` / `elixir -e`); returns the exit status. */
export async function runScript(rt: Runtime, source: string, file: string): Promise<number> {
  const driver = new Driver(rt);
  const ev = new Evaluator(rt, file);
  driver.kick();
  const st = parseStatus(source, { file, line: 1 });
  if (!st.ok) {
    process.stderr.write(formatParseError(st.error));
    return 1;
  }
  const keepAlive = setInterval(() => {}, 1 << 30);
  const o = await ev.eval(st.ast);
  clearInterval(keepAlive);
  driver.stop();
  if (o.ok) return 0;
  if ("compileError" in o) process.stderr.write(formatCompileError(o.compileError));
  else if ("error" in o) process.stderr.write(formatEvalError(rt, o.error, o.message));
  return 1;
}

/** `.iex.exs` in the current directory, else in the home directory (as iex looks for it). */
export function startupFile(): string | null {
  for (const dir of [process.cwd(), homedir()]) {
    const f = join(dir, ".iex.exs");
    if (existsSync(f)) return f;
  }
  return null;
}

async function loadStartup(shell: ShellServer): Promise<void> {
  const f = startupFile();
  if (f !== null) await shell.loadStartupFile(readFileSync(f, "utf8"), f);
}

interface ShellFlags {
  history: boolean;
  color: boolean;
  dotIex: boolean;
}

async function interactive(flags: ShellFlags): Promise<void> {
  const stdin = process.stdin;
  const history = new History(flags.history ? historyFileFromEnv() : null);
  const restore = () => {
    if (stdin.isTTY) stdin.setRawMode(false);
  };
  const term = new InteractiveShell(
    {
      write: out,
      columns: () => process.stdout.columns ?? 80,
      exit: (code) => {
        restore();
        process.stdout.write("\n", () => process.exit(code));
      },
    },
    history,
  );
  const rt = createRuntime({ write: term.output });
  const palette = flags.color ? paletteFor(process.stdout) : paletteFor({ isTTY: false });
  const shell = new ShellServer(rt, term.output, { palette });
  out(BANNER + "\n");
  if (flags.dotIex) await loadStartup(shell);
  emitKeypressEvents(stdin);
  if (stdin.isTTY) stdin.setRawMode(true);
  const onKey = (_s: string, key: { name?: string; ctrl?: boolean; meta?: boolean; shift?: boolean; sequence?: string } | undefined) => {
    term.feedKey(key ?? { sequence: _s });
  };
  stdin.on("keypress", onKey);
  // observer() / :observer.start(): the observer takes over the screen and the keyboard
  // until `q`; the runtime keeps running meanwhile.
  shell.onObserver = async () => {
    stdin.off("keypress", onKey);
    try {
      // Loaded on first use: ink and React take most of a cold start otherwise.
      const { openObserver } = await import("../observer/index.js");
      await openObserver(rt, { stdin, stdout: process.stdout, shellIds: () => [shell.evaluator.proc.pid.id] });
    } finally {
      if (stdin.isTTY) stdin.setRawMode(true);
      stdin.resume();
      stdin.on("keypress", onKey);
    }
  };
  stdin.on("end", () => term.port.exit(0));
  process.on("exit", restore);
  term.attach(shell);
}

async function piped(rt: Runtime, flags: ShellFlags): Promise<void> {
  const shell = new ShellServer(rt, out);
  const input = await readStdin();
  if (flags.dotIex) await loadStartup(shell);
  await shell.runPiped(input);
  process.stdout.write("", () => process.exit(0));
}

export async function main(argv: string[]): Promise<void> {
  const program = new Command();
  program
    .name("beamsh")
    .description("An iex-like Elixir shell on a BEAM-like runtime")
    .version(VERSION, "-v, --version")
    .option("-e, --eval <expr>", "evaluate the given expression and exit")
    .option("--no-history", "do not load or save the input history (also BEAMSH_HISTORY=0)")
    .option("--no-color", "print without colours (also NO_COLOR=1)")
    .option("--no-dot-iex", "do not evaluate .iex.exs at start")
    .argument("[file]", "an .exs script to run")
    .argument("[args...]", "arguments for the script")
    .allowExcessArguments(true)
    .action(async (file: string | undefined, args: string[], opts: { eval?: string; history: boolean; color: boolean; dotIex: boolean }) => {
      if (file === "test" && opts.eval === undefined) process.exit(await runLessonTests(args, out));
      const flags = { history: opts.history, color: opts.color, dotIex: opts.dotIex };
      if (opts.eval === undefined && file === undefined && process.stdin.isTTY) return interactive(flags);
      const rt = createRuntime({ write: out });
      // System.argv/0: with -e every positional argument is the script's; else those after FILE.
      rt.argv = opts.eval !== undefined ? [file, ...args].filter((x): x is string => x !== undefined) : args;
      if (opts.eval !== undefined) process.exit(await runScript(rt, opts.eval, "nofile"));
      if (file !== undefined) process.exit(await runScript(rt, readFileSync(file, "utf8"), file));
      return piped(rt, flags);
    });
  await program.parseAsync(argv);
}
