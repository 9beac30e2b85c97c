// Command line entry: `beamsh` (interactive or piped shell), `beamsh FILE.exs [args]`,
// `beamsh -e EXPR`, `beamsh test PATH...`, `--help`, `--version`.
import { startSystemProcesses } from "../stdlib/system-procs.js";
import { setInterruptCheck } from "../runtime/heap-room.js";
import { Command, InvalidArgumentError } from "commander";
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { emitKeypressEvents } from "node:readline";
import { ParseWarning, formatParseWarning, parseStatus } from "../lang/parser.js";
import { createRuntime } from "../boot.js";
import { Driver } from "../runtime/driver.js";
import type { Runtime } from "../runtime/runtime.js";
import { errorContext } from "../runtime/error-context.js";
import { formatBannerPlain } from "../runtime/exception-message.js";
import { relativeToCwd } from "../runtime/relative-to-cwd.js";
import { Term, a } from "../runtime/term.js";
import { EVAL_RUNNER, SCRIPT_RUNNER } from "../runtime/runner-frames.js";
import { paletteFor } from "./colors.js";
import { EvalOutcome, Evaluator } from "./evaluator.js";
import { formatCompileError, formatEvalError, formatParseError } from "./errors.js";
import { History, historyFileFromEnv } from "./history.js";
import { runLessonTests } from "./lesson-test.js";
import { BANNER, ShellServer, VERSION } from "./server.js";
import { InteractiveShell } from "./terminal.js";
import { SplitPane } from "./split-pane.js";
import { shellCrashLog } from "./helpers/teaching.js";
import { installHelpers, scriptHelperHost } from "./helpers/index.js";
import { IEX_FUNCTIONS } from "../runtime/compiler/env.js";
import { freshSeed, recordSession, replayFile } from "./recording.js";
import { RuntimeSource } from "../observer/source.js";
import type { Host } from "./host.js";
import { InputQueue, queueDevice } from "./input.js";
import { setStartCookie, startNode } from "../stdlib/dist.js";

/**
 * Runs source as a script (like `elixir FILE` / `elixir -e`, file "nofile"); returns the
 * exit status. As Elixir's command line does: a script that exits with `:normal` or
 * `:shutdown` ends with status 0 and `{:shutdown, n}` with n, silently; anything else that
 * stops it is printed to stderr with its stack trace, which ends in the frame that ran the
 * script (Code.require_file/2, or Code.validated_eval_string/3 for -e), and gives status 1.
 */
export async function runScript(rt: Runtime, source: string, file: string, host: Host): Promise<number> {
  const isEval = file === "nofile";
  // (the file expanded, then relative to the current directory, as Code.require_file/2 names it)
  const label = isEval ? file : relativeToCwd(resolve(file), process.cwd());
  if (!isEval) rt.scriptFile = label;
  startSystemProcesses(rt, "script");
  const driver = new Driver(rt);
  holdWhileOutputBacksUp(host, driver);
  rt.stdin = queueDevice(InputQueue.over(host.stdin), host.out);
  // IEx.Helpers' functions exist under a script too, as in elixir (`import IEx.Helpers`).
  installHelpers(rt, scriptHelperHost(rt), { only: IEX_FUNCTIONS, crashLog: false });
  const ev = new Evaluator(rt, label);
  if (!isEval) ev.setEnvFile(resolve(file));
  ev.runner = isEval ? EVAL_RUNNER : SCRIPT_RUNNER;
  ev.cliErrors = true;
  driver.kick();
  const warnings: ParseWarning[] = [];
  const st = parseStatus(source, { file: label, line: 1, warnings });
  // (given while the source was read: before its syntax error, if it has one)
  for (const w of warnings) rt.writeErr(formatParseWarning(w, label));
  if (!st.ok) {
    host.err(formatParseError(st.error).trimEnd() + "\n" + runnerFrame(isEval ? 421 : null));
    return 1;
  }
  const keepAlive = setInterval(() => {}, 1 << 30);
  // A file is expanded whole before it runs (elixir_compiler); -e's string is evaluated as
  // Code.eval_string does, expression by expression.
  const o = await ev.eval(st.ast, undefined, !isEval);
  const status = scriptStatus(rt, o, ev, host, isEval);
  // System.at_exit/1 hooks (ExUnit runs the tests there), given the script's status.
  const final = rt.atExit.length === 0 ? status : await runAtExit(ev, status, label);
  clearInterval(keepAlive);
  driver.stop();
  return final;
}

/** The status a script's evaluation ends with (printing its error, as elixir does). */
function scriptStatus(rt: Runtime, o: EvalOutcome, ev: Evaluator, host: Host, isEval: boolean): number {
  if (o.ok) return 0;
  if ("compileError" in o) {
    host.err(isEval ? formatCompileError(o.compileError).trimEnd() + "\n" + runnerFrame(422) : formatCompileError(o.compileError));
    return 1;
  }
  if ("error" in o) {
    const status = o.error.kind === "exit" ? exitStatus(o.error.reason) : null;
    if (status !== null) return status;
    host.err(o.text ?? formatEvalError(rt, o.error, undefined, true));
    return 1;
  }
  // (a script's evaluator is no shell: nothing pries it)
  if (!("died" in o)) return 1;
  // The script's process was killed by an exit signal (a linked process crashed).
  const status = exitStatus(o.died);
  if (status !== null) return status;
  host.err(formatBannerPlain({ exitFrom: ev.proc.pid }, o.died, null, errorContext(rt)) + "\n\n");
  return 1;
}

/** Runs the at_exit hooks (:beamsh_at_exit.run/1) and returns the status they leave. */
async function runAtExit(ev: Evaluator, status: number, label: string): Promise<number> {
  const st = parseStatus(`:beamsh_at_exit.run(${status})`, { file: label, line: 1, warnings: [] });
  if (!st.ok) return status;
  const o = await ev.eval(st.ast);
  return o.ok && typeof o.value === "number" ? o.value : 1;
}

/** The status `elixir` ends with for a script that exits with `reason`, or null when it is an error. */
function exitStatus(reason: Term): number | null {
  if (reason === a("normal") || reason === a("shutdown")) return 0;
  if (Array.isArray(reason) && reason.length === 2 && reason[0] === a("shutdown") && typeof reason[1] === "number") return reason[1];
  return null;
}

/** The stack line of what ran the script when it failed before running (null: Code.require_file/2). */
function runnerFrame(evalLine: number | null): string {
  return evalLine === null ? "    (elixir 1.14.0) lib/code.ex:1245: Code.require_file/2\n" : `    (elixir 1.14.0) lib/code.ex:${evalLine}: Code.validated_eval_string/3\n`;
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
  /** --no-pry: dbg/2 keeps Macro.dbg/3 as its backend (iex's flag). */
  pry: boolean;
  node: NodeFlags;
  /** --seed N: a seeded run (runtime/seed.ts). */
  seed?: number;
}

/** --sname / --name / --cookie. */
interface NodeFlags {
  sname?: string;
  name?: string;
  cookie?: string;
}

/**
 * Starts the node the flags name before anything runs, as `iex --sname` does; a name in use
 * ends the program with erl's message.
 */
async function startNamedNode(rt: Runtime, f: NodeFlags, host: Host): Promise<void> {
  const name = f.sname ?? f.name;
  if (name === undefined) {
    if (f.cookie !== undefined) setStartCookie(rt, f.cookie);
    return;
  }
  try {
    await startNode(rt, { name, longnames: f.sname === undefined, cookie: f.cookie, fromCommandLine: true });
  } catch (e) {
    host.out((e as Error).message + "\n");
    host.exit(1);
  }
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
      takeInterrupt: host.takeInterrupt,
    },
    history,
  );
  const rt = createRuntime({ write: term.output, halt: host.exit, chdir: host.chdir, seed: flags.seed });
  rt.stdin = term.stdin;
  await startNamedNode(rt, flags.node, host);
  const palette = flags.color ? paletteFor({ isTTY: host.stdoutIsTTY }) : paletteFor({ isTTY: false });
  const shell = new ShellServer(rt, term.output, { palette, pry: flags.pry });
  holdWhileOutputBacksUp(host, shell.driver);
  host.out(BANNER + "\n");
  if (flags.dotIex) await loadStartup(shell);
  emitKeypressEvents(stdin);
  host.setRawMode(true);
  const onKey = (_s: string, key: { name?: string; ctrl?: boolean; meta?: boolean; shift?: boolean; sequence?: string } | undefined) => {
    term.feedKey(key ?? { sequence: _s });
  };
  stdin.on("keypress", onKey);
  // Ctrl+C while a native runs: natives poll for it (heap-room.ts); it stops the native when
  // the interrupt killed the process running it. Not while the observer has the keyboard.
  let keysOurs = true;
  setInterruptCheck(() => keysOurs && term.interruptDuringNative() && rt.scheduler.current?.pendingKill !== undefined);
  // observer() / :observer.start(): the observer takes over the screen and the keyboard
  // until `q`; the runtime keeps running meanwhile.
  shell.onObserver = async (opening) => {
    stdin.off("keypress", onKey);
    keysOurs = false;
    // Split mode's painter stays off while the observer has the screen.
    const wasSplit = split?.on === true;
    if (wasSplit) split!.stop();
    try {
      // Loaded on first use: ink and React take most of a cold start otherwise.
      const { openObserver } = await import("../observer/index.js");
      const crashLog = shellCrashLog(rt);
      const { split: wantsSplit } = await openObserver(rt, { stdin, stdout: host.stdout, shellIds: () => [shell.evaluator.proc.pid.id], opening, crashLog });
      if ((wantsSplit || wasSplit) && split?.on !== true) shell.onSplit?.();
    } finally {
      host.setRawMode(true);
      stdin.resume();
      stdin.on("keypress", onKey);
      host.takeInterrupt();
      keysOurs = true;
    }
  };
  // seq/1 draws its diagram to the terminal's width.
  shell.terminalColumns = host.columns;
  // observer(:split): a live view of the processes above the prompt, until called again.
  let split: SplitPane | null = null;
  shell.onSplit = () => {
    if (split === null) {
      const shellId = () => shell.evaluator.proc.pid.id;
      const source = new RuntimeSource(rt, { shellIds: () => [shellId()] });
      split = new SplitPane(rt, source, { write: host.out, columns: host.columns, rows: () => host.stdout.rows ?? 24 }, shellId, () => shell.counter);
      host.stdout.on("resize", () => split?.on && split.layout());
    }
    if (split.on) split.stop();
    else split.start();
  };
  stdin.on("end", () => term.port.exit(0));
  term.attach(shell);
}

async function piped(rt: Runtime, flags: ShellFlags, host: Host): Promise<void> {
  const shell = new ShellServer(rt, host.out, { pry: flags.pry });
  holdWhileOutputBacksUp(host, shell.driver);
  const input = InputQueue.over(host.stdin);
  rt.stdin = queueDevice(input, host.out);
  if (flags.dotIex) await loadStartup(shell);
  await shell.runPiped(input);
  host.exit(0);
}

/** --speed's value: a positive number. */
function parseSpeed(v: string): number {
  const x = Number(v);
  if (!(x > 0) || !Number.isFinite(x)) throw new InvalidArgumentError("the speed must be a positive number");
  return x;
}

/** --seed's value: an integer. */
function parseSeed(v: string): number {
  if (!/^-?\d+$/.test(v.trim())) throw new InvalidArgumentError("the seed must be an integer");
  return Number(v);
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
    .option("--no-pry", "dbg/2 prints without opening a pry session")
    .option("--sname <name>", "make this a distributed node with a short name (name or name@host)")
    .option("--name <name>", "make this a distributed node with a long name (name@host.domain)")
    .option("--cookie <cookie>", "the magic cookie (default: ~/.erlang.cookie)")
    .option("--seed <n>", "run deterministically: the same seed gives the same scheduling, pids, timings and output", parseSeed)
    .option("--speed <x>", "beamsh replay: play back at this speed (2: twice as fast)", parseSpeed)
    .option("--step", "beamsh replay: wait for a key before each input")
    .argument("[file]", "an .exs script to run")
    .argument("[args...]", "arguments for the script")
    .allowExcessArguments(true)
    .configureOutput({ writeOut: host.out, writeErr: host.err })
    .exitOverride((e) => host.exit(e.exitCode))
    .action(async (file: string | undefined, args: string[], opts: { eval?: string; history: boolean; color: boolean; dotIex: boolean; pry: boolean; seed?: number; speed?: number; step?: boolean } & NodeFlags) => {
      if (file === "test" && opts.eval === undefined) return host.exit(await runLessonTests(args, host.out));
      if ((file === "record" || file === "replay") && opts.eval === undefined) {
        if (args.length !== 1) {
          host.err(`usage: beamsh ${file === "record" ? "record FILE [--seed N] [< input]" : "replay FILE [--speed X] [--step]"}\n`);
          return host.exit(2);
        }
        if (file === "record") return host.exit(await recordSession(args[0], opts.seed ?? freshSeed(), host));
        return host.exit(await replayFile(args[0], host, { speed: opts.speed, step: opts.step }));
      }
      const node = { sname: opts.sname, name: opts.name, cookie: opts.cookie };
      const flags = { history: opts.history, color: opts.color, dotIex: opts.dotIex, pry: opts.pry, node, seed: opts.seed };
      if (opts.eval === undefined && file === undefined && host.stdinIsTTY) return interactive(flags, host);
      const rt = createRuntime({ write: host.out, writeErr: host.err, halt: host.exit, chdir: host.chdir, seed: opts.seed });
      await startNamedNode(rt, node, host);
      // System.argv/0: with -e every positional argument is the script's; else those after FILE.
      rt.argv = opts.eval !== undefined ? [file, ...args].filter((x): x is string => x !== undefined) : args;
      if (opts.eval !== undefined) return host.exit(await runScript(rt, opts.eval, "nofile", host));
      if (file !== undefined) return host.exit(await runScript(rt, readFileSync(file, "utf8"), file, host));
      return piped(rt, flags, host);
    });
  await program.parseAsync(argv);
}
