// Test helper: runs a multi-node script (see nodes.ts) with each node either a beamsh node
// (a runtime in this JS process with its own shell, over real loopback connections) or a
// real iex node (a child process fed through a pipe), in any mix: all iex to record the
// reference, all beamsh, or beamsh and real nodes talking to each other.
//
// Like `iex < pipe`, whose I/O server holds other processes' output while the shell waits
// for its next line, output that reaches an idle node shows up when its next line is read
// (log events excepted: they show at once, followed by the prompt again); beamsh nodes are
// driven the same way so the transcripts compare.
import { ChildProcess, spawn } from "node:child_process";
import { createRuntime } from "../../src/boot.js";
import type { Runtime } from "../../src/runtime/runtime.js";
import { ShellServer } from "../../src/shell/server.js";
import { startNode, stopNode } from "../../src/stdlib/dist.js";
import { Script, sleep } from "./nodes.js";

export type NodeKind = "beamsh" | "iex";

interface NodeDriver {
  name: string;
  /** Types one line; resolves once the node is back at a prompt. */
  type(line: string): Promise<void>;
  /** True while the node is evaluating. */
  busy(): boolean;
  /** The terminal so far (for beamsh, with what is held written out first). */
  finish(): string;
  /** Ends the node abruptly (its connections drop, as when the OS process dies). */
  kill(): void;
}

let lastOutput = Date.now();

/** iex's prompt at the end of the output: iex(alex@host)1> on a node, iex(1)> otherwise. */
const PROMPT = /(iex|\.\.\.)\(([^)]*\)\d+|\d+\))> $/;

class BeamshNode implements NodeDriver {
  private readonly out: string[] = [];
  private readonly held: string[] = [];
  private active = true;
  rt!: Runtime;
  shell!: ShellServer;
  dead = false;

  constructor(readonly name: string) {}

  async start(cookie: string, plain: boolean): Promise<void> {
    const write = (s: string) => {
      if (this.dead) return;
      lastOutput = Date.now();
      if (this.active) this.out.push(s);
      // iex's Logger writes at once, even while the shell waits, and the prompt is shown again.
      else if (/^\n\d\d:\d\d:\d\d\.\d{3} \[/.test(s)) this.out.push(this.shell.prompt(), ...this.held.splice(0), s, "\n");
      else this.held.push(s);
    };
    this.rt = createRuntime({ write });
    if (!plain) await startNode(this.rt, { name: `${this.name}@localhost`, longnames: false, cookie, fromCommandLine: true, listenHost: "127.0.0.1" });
    this.shell = new ShellServer(this.rt, write);
    this.shell.beginPiped();
    this.active = false;
  }

  private wake(): void {
    this.active = true;
    this.out.push(this.shell.prompt(), ...this.held.splice(0));
  }

  async type(line: string): Promise<void> {
    if (this.dead) return;
    this.wake();
    await this.shell.feedLine(line);
    this.active = false;
  }

  busy(): boolean {
    return !this.dead && (this.rt.scheduler.hasRunnable || this.shell.busy);
  }

  finish(): string {
    if (!this.dead) {
      const held = this.held.length > 0;
      this.wake();
      if (held) this.out.push(this.shell.prompt());
    }
    this.stop();
    this.dead = true;
    return this.out.join("");
  }

  kill(): void {
    // The terminal showed the prompt the node was waiting at.
    if (!this.dead && !this.active) this.wake();
    this.stop();
    this.dead = true;
  }

  private stop(): void {
    if (this.rt !== undefined) stopNode(this.rt);
    this.shell?.driver.stop();
  }
}

class IexNode implements NodeDriver {
  private readonly out: string[] = [];
  private child!: ChildProcess;

  constructor(readonly name: string) {}

  async start(cookie: string, plain: boolean, env: NodeJS.ProcessEnv): Promise<void> {
    this.child = spawn("iex", plain ? [] : ["--sname", `${this.name}@localhost`, "--cookie", cookie], { env, stdio: ["pipe", "pipe", "pipe"] });
    const take = (d: Buffer) => {
      this.out.push(d.toString("utf8"));
      lastOutput = Date.now();
    };
    this.child.stdout!.on("data", take);
    this.child.stderr!.on("data", take);
    await this.prompt();
  }

  private async prompt(): Promise<void> {
    for (let i = 0; i < 1500; i++) {
      await sleep(20);
      if (PROMPT.test(this.out.join(""))) return;
      if (this.child.exitCode !== null) return;
    }
  }

  async type(line: string): Promise<void> {
    if (this.child.exitCode !== null) return;
    const before = this.out.join("").length;
    this.child.stdin!.write(line + "\n");
    for (let i = 0; i < 1500; i++) {
      await sleep(20);
      const text = this.out.join("");
      if (text.length > before && PROMPT.test(text)) return;
      if (this.child.exitCode !== null) return;
    }
  }

  busy(): boolean {
    return false;
  }

  finish(): string {
    this.kill();
    return this.out.join("");
  }

  kill(): void {
    this.child.stdin!.end();
    this.child.kill("SIGKILL");
  }
}

/**
 * Runs `script` with each node of the kind `kindOf` gives it; returns each node's terminal.
 * Every node uses cookie "secret" unless the script sets another (`# cookie NODE: COOKIE`).
 */
export async function runNodes(script: Script, opts: { epmdPort: number; kindOf: (node: string) => NodeKind; quietMs?: number }): Promise<Map<string, string>> {
  const env = { ...process.env, ERL_EPMD_PORT: String(opts.epmdPort), NO_COLOR: "1", TERM: "dumb", ELIXIR_ERL_OPTIONS: "" };
  const prevPort = process.env.ERL_EPMD_PORT;
  process.env.ERL_EPMD_PORT = String(opts.epmdPort);
  const nodes = new Map<string, NodeDriver>();
  const quiet = opts.quietMs ?? (script.nodes.every((n) => opts.kindOf(n) === "beamsh") ? 100 : 250);
  const settle = async () => {
    for (;;) {
      await sleep(20);
      if ([...nodes.values()].some((n) => n.busy())) continue;
      if (Date.now() - lastOutput >= quiet) return;
    }
  };
  try {
    for (const name of script.nodes) {
      const cookie = script.cookies.get(name) ?? "secret";
      if (opts.kindOf(name) === "beamsh") {
        const n = new BeamshNode(name);
        nodes.set(name, n);
        await n.start(cookie, script.plain.has(name));
      } else {
        const n = new IexNode(name);
        nodes.set(name, n);
        await n.start(cookie, script.plain.has(name), env);
      }
    }
    await settle();
    for (const step of script.steps) {
      const n = nodes.get(step.node)!;
      if (process.env.DEBUG_NODES) process.stderr.write(`[${step.node}] ${step.line}\n`);
      if (step.kill) {
        n.kill();
        // A killed OS process takes a moment to go (its sockets close when it is gone):
        // produces no output for settle() to wait on.
        if (opts.kindOf(step.node) === "iex") await sleep(1000);
      } else await n.type(step.line);
      await settle();
    }
    return new Map([...nodes].map(([name, n]) => [name, n.finish()]));
  } finally {
    for (const n of nodes.values()) n.kill();
    if (prevPort === undefined) delete process.env.ERL_EPMD_PORT;
    else process.env.ERL_EPMD_PORT = prevPort;
  }
}
