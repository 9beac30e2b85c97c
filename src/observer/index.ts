// Opening the observer: full screen on the terminal the shell runs in, until `q`/Esc.
// The runtime keeps running meanwhile; the observer only samples it (see source.ts).
import { render } from "ink";
import { createElement } from "react";
import type { Runtime } from "../runtime/runtime.js";
import { Observer } from "./Observer.js";
import { Sampler } from "./sampler.js";
import { ObserverSource, RuntimeSource } from "./source.js";
import { initialState } from "./state.js";
import type { View } from "./keymap.js";
import type { CrashLog } from "./crashes.js";

export { RuntimeSource } from "./source.js";
export type { ObserverSource, Snapshot, ProcSample, ProcDetail } from "./source.js";
export { startTrace, formatTraceEvent } from "./trace.js";

export interface OpenOptions {
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  /** Refresh interval in ms (default 1000). */
  intervalMs?: number;
  /** Pid ids of the shell's evaluator processes, marked in the tree. */
  shellIds?: () => Iterable<number>;
  /** Use the terminal's alternate screen, so the shell's scrollback comes back on quit. */
  altScreen?: boolean;
  /** A ready source (tests, or the inspection API); by default one over `rt`. */
  source?: ObserverSource;
  /** The shell's crash log (kept from its start): crash replay shows crashes from before the observer opened. */
  crashLog?: CrashLog;
  /** The view to open on (seq(pids): the Sequence view following those processes). */
  opening?: { view: View; followed?: number[] };
}

const ENTER_ALT = "\x1b[?1049h\x1b[H";
const LEAVE_ALT = "\x1b[?1049l";

/**
 * Opens the observer on `rt` and resolves when the user quits. The caller must not read
 * stdin meanwhile (pause its readline); stdin's raw mode is restored on exit.
 */
export async function openObserver(rt: Runtime, opts: OpenOptions = {}): Promise<{ split: boolean }> {
  const stdout = opts.stdout ?? process.stdout;
  const stdin = opts.stdin ?? process.stdin;
  const source = opts.source ?? new RuntimeSource(rt, { shellIds: opts.shellIds, crashLog: opts.crashLog });
  const sampler = new Sampler(source, opts.intervalMs ?? 1000);
  const alt = (opts.altScreen ?? true) && stdout.isTTY;
  const wasRaw = stdin.isTTY ? stdin.isRaw : false;
  if (alt) stdout.write(ENTER_ALT);
  sampler.start();
  let quit!: (split: boolean) => void;
  const done = new Promise<boolean>((resolve) => (quit = resolve));
  const initial = opts.opening === undefined ? undefined : { ...initialState(sampler.interval), view: opts.opening.view, followed: opts.opening.followed ?? [] };
  const app = render(createElement(Observer, { source, sampler, onQuit: (split?: boolean) => quit(split === true), initial }), {
    stdout,
    stdin,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  try {
    return { split: await done };
  } finally {
    app.unmount();
    app.cleanup();
    sampler.stop();
    if (opts.source === undefined) source.dispose();
    if (alt) stdout.write(LEAVE_ALT);
    if (stdin.isTTY) stdin.setRawMode(wasRaw);
  }
}
