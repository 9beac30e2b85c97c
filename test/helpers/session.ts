// Replays an iex session transcript (NAME.in, recorded output NAME.out) through the shell
// server in-process and normalises both sides the way the parity checker does.
import { createRuntime } from "../../src/boot.js";
import { ShellServer } from "../../src/shell/server.js";
import { encodeOutput } from "../../src/shell/host.js";
import { timeByReductions } from "../../src/runtime/seed.js";

/** A shell server on a fresh runtime whose output collects in a string (`take` empties it). */
export function testShell() {
  let out = "";
  const rt = createRuntime({ write: (s) => (out += s) });
  const sh = new ShellServer(rt, (s) => (out += s));
  return {
    sh,
    output: () => out,
    take: () => {
      const o = out;
      out = "";
      return o;
    },
  };
}

export async function runSession(input: string | Uint8Array): Promise<string> {
  const chunks: string[] = [];
  const rt = createRuntime({ write: (s) => chunks.push(s) });
  // Timers come due where the program's reductions put them, not where a loaded machine does.
  timeByReductions(rt);
  const shell = new ShellServer(rt, (s) => chunks.push(s));
  await shell.runPiped(input);
  shell.driver.stop();
  // As the program writes it and the recorder reads it back: raw bytes, decoded as UTF-8.
  return Buffer.from(encodeOutput(chunks.join(""))).toString("utf8");
}

/**
 * Drops what legitimately differs: banners, stacktrace lines (unless `traces`: then they
 * are compared too), pid/ref/fun numbers, BEAM bytes.
 */
export function normalise(text: string, traces = false): string {
  const kept: string[] = [];
  for (let line of text.replace(/\r/g, "").split("\n")) {
    if (/^Interactive \S+ .*Ctrl\+C/.test(line)) continue;
    if (/\d\d:\d\d:\d\d\.\d{3} \[notice\]/.test(line)) continue;
    if (!traces && /^ {4}(\([^)]*\) )?(\S+:\d+: \S|:?[A-Za-z_][\w.]*\.[^\s(]+\(.*\)$)/.test(line)) continue;
    line = line.replace(/\d\d:\d\d:\d\d\.\d{3} \[/, "[");
    line = line
      .replace(/#PID<\d+\.\d+\.\d+>/g, "#PID<>")
      // (pids as Erlang prints them: dbg's trace lines, :sys.trace's *DBG* lines)
      .replace(/<\d+\.\d+\.\d+>/g, "<>")
      .replace(/#Reference<[\d.]+>/g, "#Reference<>")
      .replace(/#Function<[^>]*>/g, "#Function<>")
      // hygiene counters are unique integers: they differ from run to run, as pids do
      .replace(/counter: -?\d+/g, "counter: N")
      // an ExUnit run's times differ from run to run
      .replace(/^Finished in \d+\.\d+ seconds \(.*\)$/, "Finished in X seconds (...)");
    kept.push(line.replace(/\s+$/, ""));
  }
  let joined = kept.join("\n");
  joined = joined.replace(/\{:module, ([\w.]+),\s*<<[\d,\s]*(?:\.\.\.)?>>,\s*/g, "{:module, $1, <<...>>, ");
  joined = joined.replace(/\n+$/, "");
  return joined.replace(/\n?(iex|\.\.\.)(\([^)]*\))?> ?$/, "");
}
