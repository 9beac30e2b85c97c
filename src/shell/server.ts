// The shell server: reads input, decides when an expression is complete (continuation
// prompts), hands complete inputs to the evaluator process and prints results and errors
// as iex does. The same loop serves piped input (`beamsh < file`) and the terminal.
import { parseStatus } from "../lang/parser.js";
import { Driver } from "../runtime/driver.js";
import { inspectForShell } from "../runtime/inspect.js";
import type { Runtime } from "../runtime/runtime.js";
import { Evaluator, EvalOutcome } from "./evaluator.js";
import { formatCompileError, formatEvalError, formatParseError } from "./errors.js";

export const VERSION = "0.1.0";
export const BANNER = `Interactive beamsh (${VERSION}) - press Ctrl+C to exit (type h() ENTER for help)`;

export class ShellServer {
  readonly evaluator: Evaluator;
  readonly driver: Driver;
  counter = 1;
  private buffer = "";
  private bufferLine = 1;

  constructor(
    readonly rt: Runtime,
    readonly write: (s: string) => void,
  ) {
    this.driver = new Driver(rt);
    this.evaluator = new Evaluator(rt);
    this.driver.kick();
  }

  /** The prompt for the next line. */
  prompt(): string {
    return this.buffer === "" ? `iex(${this.counter})> ` : `...(${this.counter})> `;
  }

  /** Feeds one line of input; resolves once it has been handled (evaluated if complete). */
  async feedLine(line: string): Promise<void> {
    if (this.buffer === "") this.bufferLine = this.counter;
    this.buffer += line + "\n";
    const st = parseStatus(this.buffer, { file: "iex", line: this.bufferLine });
    if (!st.ok) {
      if (st.error.incomplete) return;
      this.buffer = "";
      this.write(formatParseError(st.error));
      return;
    }
    this.buffer = "";
    const outcome = await this.evaluator.eval(st.ast);
    this.report(outcome);
  }

  private report(o: EvalOutcome): void {
    if (o.ok) {
      this.write(inspectForShell(o.value) + "\n");
      this.counter++;
      return;
    }
    if ("compileError" in o) this.write(formatCompileError(o.compileError));
    else if ("error" in o) this.write(formatEvalError(this.rt, o.error));
  }

  /** Runs a whole piped session: banner, a prompt before every line, results. */
  async runPiped(input: string): Promise<void> {
    this.write(BANNER + "\n");
    const lines = input.split("\n");
    if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
    for (const line of lines) {
      this.write(this.prompt());
      await this.feedLine(line.replace(/\r$/, ""));
    }
    this.write(this.prompt());
  }
}
