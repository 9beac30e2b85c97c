// Test helper: sessions between several named nodes, as a class runs them in several
// terminals. A script says which node each line is typed into:
//
//   # nodes: alex kate            (started in this order: --sname NAME@localhost --cookie secret)
//   @kate
//   defmodule Kate do ... end
//   @alex
//   Node.spawn_link(:kate@localhost, fn -> Kate.say_name end)
//
// A line is typed once the previous one has finished and every node has been quiet for a
// moment, so output that arrives from other nodes lands where a person would see it. The
// result is each node's terminal, headed `== NAME`. The same scripts drive beamsh nodes (in
// this JS process, one runtime each, over real loopback connections) and real iex nodes
// (child processes), whose output is the reference (run-nodes.ts runs them).
import { EpmdServer } from "../../src/runtime/dist/epmd.js";

export interface Script {
  nodes: string[];
  /** Cookies other than "secret" (`# cookie NODE: COOKIE`). */
  cookies: Map<string, string>;
  /** A line typed into a node, or (`!kill NODE`) the node dying. */
  steps: { node: string; line: string; kill?: boolean }[];
  /** `# mixed`: no fun crosses nodes, so the script also runs between beamsh and real nodes. */
  mixed: boolean;
  /** `# plain NODE`: the node starts without a name (Node.start/3 may name it). */
  plain: Set<string>;
  /** `# real: NODE...`: the script also runs with these nodes real and the others beamsh. */
  real: string[][];
  /**
   * `# unordered`: output arrives from other nodes while a node evaluates, and where iex
   * reprints its prompt around it depends on timing: compare the lines printed, not their order.
   */
  unordered: boolean;
}

export function parseScript(text: string): Script {
  const nodes: string[] = [];
  const cookies = new Map<string, string>();
  const steps: Script["steps"] = [];
  let current: string | null = null;
  let mixed = false;
  const plain = new Set<string>();
  const real: string[][] = [];
  let unordered = false;
  for (const raw of text.replace(/\r/g, "").split("\n")) {
    const header = /^# nodes: (.*)$/.exec(raw);
    if (header) {
      nodes.push(...header[1].trim().split(/\s+/));
      continue;
    }
    if (raw === "# mixed") {
      mixed = true;
      continue;
    }
    if (raw === "# unordered") {
      unordered = true;
      continue;
    }
    const realNodes = /^# real: (.*)$/.exec(raw);
    if (realNodes) {
      real.push(realNodes[1].trim().split(/\s+/));
      continue;
    }
    const plainNode = /^# plain (\w+)$/.exec(raw);
    if (plainNode) {
      plain.add(plainNode[1]);
      continue;
    }
    const cookie = /^# cookie (\w+): (\S+)$/.exec(raw);
    if (cookie) {
      cookies.set(cookie[1], cookie[2]);
      continue;
    }
    const kill = /^!kill (\w+)\s*$/.exec(raw);
    if (kill) {
      steps.push({ node: kill[1], line: "", kill: true });
      continue;
    }
    const sw = /^@(\w+)\s*$/.exec(raw);
    if (sw) {
      current = sw[1];
      if (!nodes.includes(current)) nodes.push(current);
      continue;
    }
    if (current === null) continue;
    steps.push({ node: current, line: raw });
  }
  // Trailing empty lines of a block are layout, not input.
  while (steps.length > 0 && steps[steps.length - 1].line === "" && !steps[steps.length - 1].kill) steps.pop();
  return { nodes, cookies, steps, mixed, plain, real, unordered };
}

export function formatOutputs(nodes: string[], out: Map<string, string>): string {
  return nodes.map((n) => `== ${n}\n${out.get(n) ?? ""}`).join("\n");
}

export function splitOutputs(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let name: string | null = null;
  let buf: string[] = [];
  for (const line of text.split("\n")) {
    const h = /^== (\w+)$/.exec(line);
    if (h) {
      if (name !== null) out.set(name, buf.join("\n"));
      name = h[1];
      buf = [];
    } else buf.push(line);
  }
  if (name !== null) out.set(name, buf.join("\n"));
  return out;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A private EPMD on a free port, for one test: nothing is shared with other tests or users. */
export async function privateEpmd(): Promise<{ port: number; close(): void; idle(): Promise<void> }> {
  const server = new EpmdServer({ relaxed: true });
  const port = await server.listen(0, ["127.0.0.1"]);
  return {
    port,
    close: () => server.close(),
    /** Waits until the nodes of a previous run have gone (their names are free again). */
    idle: async () => {
      for (let i = 0; i < 250 && server.registered().length > 0; i++) await sleep(20);
    },
  };
}

// ---- terminals (tmux) -----------------------------------------------------------------------

/**
 * Runs a script with each node in its own terminal (a tmux session), typing lines as a
 * person would, and returns what each terminal shows at the end (scrollback included).
 * `command(name)` starts a node: real iex to record the reference, beamsh to test it.
 */
export async function runTerminals(script: Script, command: (node: string, cookie: string) => string, opts: { quietMs?: number; env?: Record<string, string> } = {}): Promise<Map<string, string>> {
  const { execFileSync } = await import("node:child_process");
  const tmux = (...args: string[]) => execFileSync("tmux", args).toString();
  const tag = `beamsh-nodes-${process.pid}-${Date.now() % 100000}`;
  const env = Object.entries({ TERM: "xterm-256color", CI: "false", ...opts.env })
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
  const started: string[] = [];
  const screens = () => new Map(started.map((n) => [n, tmux("capture-pane", "-p", "-J", "-t", `${tag}-${n}`, "-S", "-")]));
  const quiet = opts.quietMs ?? 400;
  const lastLine = (node: string) => {
    const lines = tmux("capture-pane", "-p", "-J", "-t", `${tag}-${node}`, "-S", "-").replace(/\s+$/, "").split("\n");
    return lines[lines.length - 1] ?? "";
  };
  // Waits until `node` shows a prompt again; after a complete input, until every terminal
  // has also been still for a while (output from other nodes lands first).
  const settle = async (node: string) => {
    for (;;) {
      await sleep(20);
      const last = lastLine(node);
      if (/^\.\.\.\([^)]*\)\d+>$/.test(last)) return;
      if (/^iex\([^)]*\)\d+>$/.test(last)) break;
    }
    let before = [...screens().values()].join("\f");
    let since = Date.now();
    for (;;) {
      await sleep(50);
      const now = [...screens().values()].join("\f");
      if (now !== before) {
        before = now;
        since = Date.now();
      } else if (Date.now() - since >= quiet && /^iex\([^)]*\)\d+>$/.test(lastLine(node))) return;
    }
  };
  try {
    for (const n of script.nodes) {
      const start = () => tmux("new-session", "-d", "-s", `${tag}-${n}`, "-x", "200", "-y", "50", `env ${env} ${command(n, script.cookies.get(n) ?? "secret")}`);
      // The tmux server may be exiting as another test closes its last session: try again.
      try {
        start();
      } catch {
        await sleep(300);
        start();
      }
      started.push(n);
      await settle(n);
    }
    for (const step of script.steps) {
      if (step.kill) {
        tmux("kill-session", "-t", `${tag}-${step.node}`);
        started.splice(started.indexOf(step.node), 1);
        continue;
      }
      if (step.line !== "") tmux("send-keys", "-t", `${tag}-${step.node}`, "-l", step.line);
      tmux("send-keys", "-t", `${tag}-${step.node}`, "Enter");
      await settle(step.node);
    }
    return screens();
  } finally {
    for (const n of started) {
      try {
        tmux("kill-session", "-t", `${tag}-${n}`);
      } catch {
        // already gone
      }
    }
  }
}

/** What differs between two terminals that show the same session (banners, pids, bytes). */
export function normaliseScreen(text: string): string {
  const kept: string[] = [];
  for (let line of text.replace(/\r/g, "").split("\n")) {
    if (/^Erlang\/OTP \d+/.test(line) || /^Interactive \S+ .*Ctrl\+C/.test(line)) continue;
    line = line.replace(/\d\d:\d\d:\d\d\.\d{3} \[/, "[").replace(/#PID<\d+\.\d+\.\d+>/g, "#PID<>").replace(/#Reference<[\d.]+>/g, "#Reference<>").replace(/#Function<[^>]*>/g, "#Function<>");
    kept.push(line.replace(/\s+$/, ""));
  }
  let joined = kept.join("\n").replace(/^\n+/, "").replace(/\n+$/, "");
  joined = joined.replace(/\{:module, ([\w.]+),\s*<<[\d,\s]*(?:\.\.\.)?>>,\s*/g, "{:module, $1, <<...>>, ");
  return joined;
}
