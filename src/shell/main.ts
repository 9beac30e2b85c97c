// Command line entry: `beamsh` (interactive or piped shell), `beamsh FILE.exs [args]`,
// `beamsh -e EXPR`, `--help`, `--version`.
import { Command } from "commander";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { parseStatus } from "../lang/parser.js";
import { createRuntime } from "../runtime/boot.js";
import { Driver } from "../runtime/driver.js";
import type { Runtime } from "../runtime/runtime.js";
import { Evaluator } from "./evaluator.js";
import { formatCompileError, formatEvalError, formatParseError } from "./errors.js";
import { ShellServer, VERSION } from "./server.js";

const out = (s: string) => process.stdout.write(s);

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
  const o = await ev.eval(st.ast);
  driver.stop();
  if (o.ok) return 0;
  if ("compileError" in o) process.stderr.write(formatCompileError(o.compileError));
  else if ("error" in o) process.stderr.write(formatEvalError(rt, o.error));
  return 1;
}

async function interactive(rt: Runtime): Promise<void> {
  const shell = new ShellServer(rt, out);
  out(`Interactive beamsh (${VERSION}) - press Ctrl+C to exit (type h() ENTER for help)\n`);
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  rl.setPrompt(shell.prompt());
  rl.prompt();
  let busy = Promise.resolve();
  rl.on("line", (line) => {
    busy = busy.then(async () => {
      await shell.feedLine(line);
      rl.setPrompt(shell.prompt());
      rl.prompt();
    });
  });
  rl.on("SIGINT", () => process.exit(0));
  rl.on("close", () => process.exit(0));
}

export async function main(argv: string[]): Promise<void> {
  const program = new Command();
  program
    .name("beamsh")
    .description("An iex-like Elixir shell on a BEAM-like runtime")
    .version(VERSION, "-v, --version")
    .option("-e, --eval <expr>", "evaluate the given expression and exit")
    .argument("[file]", "an .exs script to run")
    .argument("[args...]", "arguments for the script")
    .allowExcessArguments(true)
    .action(async (file: string | undefined, _args: string[], opts: { eval?: string }) => {
      const rt = createRuntime({ write: out });
      if (opts.eval !== undefined) process.exit(await runScript(rt, opts.eval, "nofile"));
      if (file !== undefined) process.exit(await runScript(rt, readFileSync(file, "utf8"), file));
      if (process.stdin.isTTY) return interactive(rt);
      const shell = new ShellServer(rt, out);
      await shell.runPiped(await readStdin());
      process.stdout.write("", () => process.exit(0));
    });
  await program.parseAsync(argv);
}
