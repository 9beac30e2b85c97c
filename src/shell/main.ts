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
import type { Host } from "./host.js";
import { InputQueue, queueDevice } from "./input.js";

/** Runs source as a script (like `elixir FILE` / `elixir -e`); returns the exit status. */
export async function runScript(rt: Runtime, source: string, file: string, host: Host): Promise<number> {
  const driver = new Driver(rt);
  holdWhileOutputBacksUp(host, driver);
  rt.stdin = queueDevice(InputQueue.over(host.stdin), host.out);
  const ev = new Evaluator(rt, file);
  driver.kick();
  const st = parseStatus(source, { file, line: 1 });
  if (!st.ok) {
    host.err(formatParseError(st.error));
    return 1;
  }
  const keepAlive = setInterval(() => {}, 1 << 30);
  const o = await ev.eval(st.ast);
  clearInterval(keepAlive);
  driver.stop();
  if (o.ok) return 0;
  if ("compileError" in o) host.err(formatCompileError(o.compileError));
  else if ("error" in o) host.err(o.text ?? formatEvalError(rt, o.error));
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

async function interactive(flags: ShellFlags, host: Host): Promise<void> {
  const stdin = host.stdin;
  const history = new History(flags.history ? historyFileFromEnv() : null);
  const term = new InteractiveShell(
    {
      write: host.out,
      columns: host.columns,
      exit: (code) => {
        host.setRawMode(false);
        host.out("\n");
        host.exit(code);
      },
    },
    history,
  );
  const rt = createRuntime({ write: term.output, halt: host.exit, chdir: host.chdir });
  rt.stdin = term.stdin;
  const palette = flags.color ? paletteFor({ isTTY: host.stdoutIsTTY }) : paletteFor({ isTTY: false });
  const shell = new ShellServer(rt, term.output, { palette });
  holdWhileOutputBacksUp(host, shell.driver);
  host.out(BANNER + "\n");
  if (flags.dotIex) await loadStartup(shell);
  emitKeypressEvents(stdin);
  host.setRawMode(true);
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
      await openObserver(rt, { stdin, stdout: host.stdout, shellIds: () => [shell.evaluator.proc.pid.id] });
    } finally {
      host.setRawMode(true);
      stdin.resume();
      stdin.on("keypress", onKey);
    }
  };
  stdin.on("end", () => term.port.exit(0));
  term.attach(shell);
}

async function piped(rt: Runtime, flags: ShellFlags, host: Host): Promise<void> {
  const shell = new ShellServer(rt, host.out);
  holdWhileOutputBacksUp(host, shell.driver);
  const input = InputQueue.over(host.stdin);
  rt.stdin = queueDevice(input, host.out);
  if (flags.dotIex) await loadStartup(shell);
  await shell.runPiped(input);
  host.exit(0);
}

/** Pauses the scheduler while the reader of our output lags (as a BEAM process blocks in io). */
function holdWhileOutputBacksUp(host: Host, driver: Driver): void {
  host.onHold = (hold) => driver.hold(hold);
}

export async function main(argv: string[], host: Host): Promise<void> {
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
    .configureOutput({ writeOut: host.out, writeErr: host.err })
    .exitOverride((e) => host.exit(e.exitCode))
    .action(async (file: string | undefined, args: string[], opts: { eval?: string; history: boolean; color: boolean; dotIex: boolean }) => {
      if (file === "test" && opts.eval === undefined) return host.exit(await runLessonTests(args, host.out));
      const flags = { history: opts.history, color: opts.color, dotIex: opts.dotIex };
      if (opts.eval === undefined && file === undefined && host.stdinIsTTY) return interactive(flags, host);
      const rt = createRuntime({ write: host.out, writeErr: host.err, halt: host.exit, chdir: host.chdir });
      // System.argv/0: with -e every positional argument is the script's; else those after FILE.
      rt.argv = opts.eval !== undefined ? [file, ...args].filter((x): x is string => x !== undefined) : args;
      if (opts.eval !== undefined) return host.exit(await runScript(rt, opts.eval, "nofile", host));
      if (file !== undefined) return host.exit(await runScript(rt, readFileSync(file, "utf8"), file, host));
      return piped(rt, flags, host);
    });
  await program.parseAsync(argv);
}
