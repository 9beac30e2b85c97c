// Recorded sessions: `beamsh record FILE` runs a shell session (as `iex < input`: lines from
// standard input, typed or piped) on a seeded runtime and saves it: the seed, the input, and
// every input line and output chunk with its time. `beamsh replay FILE` plays it back at its
// pace (each input typed out after its prompt), faster or slower (--speed), or stepped (--step:
// Enter for each input). `beamsh test FILE.rec` runs the input again with the same seed and
// compares the output with the recorded one: a recording is a golden file. With the seed,
// the scheduling, pids, references, virtual time and injected faults (:beamsh.fault calls
// in the input) come out the same, so the same recording reproduces its output exactly.
//
// The file is JSON: {"beamsh": "recording", "version": 1, "seed", "input", "events"}, each
// event [ms since the start, "o" (standard output) | "e" (standard error) | "i" (an input
// line the shell read), text].
import { readFileSync, writeFileSync } from "node:fs";
import { createRuntime } from "../boot.js";
import type { Host } from "./host.js";
import { InputQueue } from "./input.js";
import { ShellServer } from "./server.js";

export type RecordedEvent = [number, "o" | "e" | "i", string];

export interface Recording {
  beamsh: "recording";
  version: 1;
  seed: number;
  /** Everything the session read from standard input. */
  input: string;
  events: RecordedEvent[];
}

/** Reads a recording, or throws a one-line reason. */
export function readRecording(file: string): Recording {
  let r: Partial<Recording>;
  try {
    r = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`${file}: not a beamsh recording (${(e as Error).message.split("\n")[0]})`);
  }
  if (r.beamsh !== "recording" || r.version !== 1 || typeof r.seed !== "number" || typeof r.input !== "string" || !Array.isArray(r.events)) {
    throw new Error(`${file}: not a beamsh recording (version 1)`);
  }
  return r as Recording;
}

/** The text of the recorded events of a kind. */
export function recordedText(r: Recording, kind: "o" | "e"): string {
  return r.events
    .filter((e) => e[1] === kind)
    .map((e) => e[2])
    .join("");
}

/** A seed for a recording made without --seed. */
export function freshSeed(): number {
  return Math.floor(Math.random() * 1_000_000);
}

/** `beamsh record FILE`: runs the session on standard input with `seed`, echoing it, and saves it. */
export async function recordSession(file: string, seed: number, host: Host): Promise<number> {
  const t0 = performance.now();
  const events: RecordedEvent[] = [];
  const at = () => Math.round(performance.now() - t0);
  let input = "";
  const out = (s: string) => {
    events.push([at(), "o", s]);
    host.out(s);
  };
  const err = (s: string) => {
    events.push([at(), "e", s]);
    host.err(s);
  };
  let saved = false;
  const save = () => {
    if (saved) return;
    saved = true;
    const rec: Recording = { beamsh: "recording", version: 1, seed, input, events };
    writeFileSync(file, JSON.stringify(rec, null, 0).replace(/\],\[/g, "],\n["));
    host.err(`recorded to ${file} (seed ${seed}; beamsh replay ${file} plays it back, beamsh test ${file} checks it)\n`);
  };
  let code = 0;
  const rt = createRuntime({ write: out, writeErr: err, halt: (c: number) => ((code = c), save(), host.exit(c)), chdir: host.chdir, seed });
  const shell = new ShellServer(rt, out);
  shell.onInputLine = (line) => events.push([at(), "i", line]);
  const stdin = host.stdin;
  stdin.on("data", (d: Buffer | string) => (input += typeof d === "string" ? d : d.toString("utf8")));
  try {
    await shell.runPiped(InputQueue.over(stdin));
  } finally {
    shell.driver.stop();
    save();
  }
  return code;
}

/** Runs a recording's input again with its seed: what the session writes now. */
export async function rerun(r: Recording): Promise<{ out: string; err: string }> {
  let out = "";
  let err = "";
  const rt = createRuntime({ write: (s) => (out += s), writeErr: (s) => (err += s), seed: r.seed });
  const shell = new ShellServer(rt, (s) => (out += s));
  try {
    await shell.runPiped(r.input);
  } finally {
    shell.driver.stop();
  }
  return { out, err };
}

/** `beamsh test FILE.rec`: whether the recording reproduces (standard output and error). */
export async function checkRecording(file: string): Promise<{ ok: boolean; expected: string[]; actual: string[] }> {
  const r = readRecording(file);
  const now = await rerun(r);
  const expected = (recordedText(r, "o") + sep(recordedText(r, "e"))).split("\n");
  const actual = (now.out + sep(now.err)).split("\n");
  return { ok: expected.length === actual.length && expected.every((l, i) => l === actual[i]), expected, actual };
}

const sep = (err: string) => (err === "" ? "" : "\n--- standard error ---\n" + err);

export interface ReplayOptions {
  /** Playback speed (2: twice as fast); ignored when stepping. */
  speed?: number;
  /** Wait for Enter before each input. */
  step?: boolean;
  /** How long typing one character of an input takes (ms, at speed 1). */
  typeMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Resolves when the user presses Enter (stepped replay). */
  nextStep?: () => Promise<void>;
}

/** `beamsh replay FILE`: writes the session as it happened, each input typed out after its prompt. */
export async function replay(r: Recording, write: (s: string) => void, opts: ReplayOptions = {}): Promise<void> {
  const speed = opts.speed !== undefined && opts.speed > 0 ? opts.speed : 1;
  const typeMs = opts.typeMs ?? 30;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((res) => setTimeout(res, ms)));
  let clock = 0;
  for (const [t, kind, text] of r.events) {
    if (!opts.step && t > clock) await sleep((t - clock) / speed);
    clock = Math.max(clock, t);
    if (kind !== "i") {
      write(text);
      continue;
    }
    if (opts.step) await opts.nextStep?.();
    for (const c of text.replace(/\n$/, "")) {
      write(c);
      if (typeMs > 0) await sleep(typeMs / (opts.step ? 1 : speed));
    }
    write("\n");
  }
}

const STOP = new Error("replay stopped");

/** `beamsh replay FILE [--speed X] [--step]`. */
export async function replayFile(file: string, host: Host, opts: { speed?: number; step?: boolean }): Promise<number> {
  let r: Recording;
  try {
    r = readRecording(file);
  } catch (e) {
    host.err((e as Error).message + "\n");
    return 1;
  }
  const step = opts.step === true;
  if (step) host.err("(stepped replay: press Enter for each input, q to stop)\n");
  // Stepping waits for a key: raw on a terminal (no echo), else a line of the input.
  const lines = step && !host.stdinIsTTY ? InputQueue.over(host.stdin) : null;
  if (step && host.stdinIsTTY) host.setRawMode(true);
  const nextStep = async () => {
    if (lines !== null) {
      if ((await lines.line()) === null) throw STOP;
      return;
    }
    const key = await new Promise<string>((res) => host.stdin.once("data", (d: Buffer | string) => res(String(d))));
    if (key === "q" || key === "\x03" || key === "\x04") throw STOP;
  };
  try {
    await replay(r, host.out, { speed: opts.speed, step, nextStep });
  } catch (e) {
    if (e !== STOP) throw e;
    host.out("\n");
  } finally {
    if (step && host.stdinIsTTY) host.setRawMode(false);
    host.stdin.pause();
  }
  return 0;
}
