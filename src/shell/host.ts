// The shell's view of the program it runs in: standard output and error, standard input,
// the terminal (raw mode, size) and exiting. Two implementations:
//
//  - `directHost()` uses this thread's process streams (BEAMSH_WORKER=0, embedding);
//  - `workerHost()` runs inside the worker thread that launcher.ts starts with a large
//    native stack and heap: every stream is a message to the main thread, which owns the
//    real file descriptors and the terminal.
//
// Invariants: output is never dropped (exit() sends everything written before it, and the
// launcher exits only once its streams have flushed); stdout and stderr keep their relative
// order; when the reader of stdout is slower than the runtime, `onHold` tells the owner of
// the scheduler to pause until it catches up.
import { readSync } from "node:fs";
import { PassThrough, Writable } from "node:stream";
import { parentPort, workerData } from "node:worker_threads";

/** A terminal input stream (what readline and ink expect of process.stdin). */
export type HostInput = NodeJS.ReadStream;
/** A terminal output stream (what ink expects of process.stdout). */
export type HostOutput = NodeJS.WriteStream;

export interface Host {
  readonly stdinIsTTY: boolean;
  readonly stdoutIsTTY: boolean;
  /** Writes to standard output / standard error. */
  out(s: string): void;
  err(s: string): void;
  /** Standard input as a stream; nothing is read until the first listener asks for data. */
  readonly stdin: HostInput;
  /** Standard output as a stream, for ink (columns, rows, `resize`). */
  readonly stdout: HostOutput;
  columns(): number;
  setRawMode(on: boolean): void;
  /** Changes the program's working directory (throws as process.chdir does). */
  chdir(dir: string): void;
  /** Flushes every stream, then ends the program with `code`. Never returns normally. */
  exit(code: number): void;
  /** Called with true when output is backing up (pause the scheduler), false when drained. */
  onHold: ((hold: boolean) => void) | null;
  /**
   * True (once) when Ctrl+C was pressed at the terminal since the last call: readable while
   * a native runs, before the key itself arrives as input.
   */
  takeInterrupt(): boolean;
}

/**
 * What to hand a file descriptor for output text: raw bytes of a binary that is not UTF-8
 * travel inside the text as U+DC80+byte (see putCharsText) and are written as those bytes.
 */
export function encodeOutput(text: string): string | Buffer {
  if (!/[\udc80-\udcff]/.test(text)) return text;
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xdc80 || c > 0xdcff || (i > 0 && (text.charCodeAt(i - 1) & 0xfc00) === 0xd800)) continue;
    parts.push(Buffer.from(text.slice(start, i), "utf8"), Buffer.of(c - 0xdc00));
    start = i + 1;
  }
  parts.push(Buffer.from(text.slice(start), "utf8"));
  return Buffer.concat(parts);
}

/**
 * Ctrl+C while a native runs on this thread (BEAMSH_WORKER=0), where no other thread reads
 * the keyboard: the terminal's bytes are read here, synchronously (Node keeps a terminal's
 * descriptor non-blocking), and handed back to the input stream, in order, as soon as the
 * running JS returns, so the keys still arrive as typed. True when a Ctrl+C was among them.
 */
let heldKeys: Buffer[] = [];
function keysDuringNative(): boolean {
  const stdin = process.stdin;
  if (stdin.isTTY !== true || !stdin.isRaw) return false;
  const buf = Buffer.alloc(256);
  let n: number;
  try {
    n = readSync(0, buf, 0, buf.length, null);
  } catch {
    return false; // EAGAIN: nothing typed
  }
  if (n <= 0) return false;
  const keys = buf.subarray(0, n);
  if (heldKeys.length === 0) process.nextTick(() => stdin.unshift(Buffer.concat(heldKeys.splice(0))));
  heldKeys.push(Buffer.from(keys));
  return keys.includes(3);
}

/** The host over this thread's own process streams. */
export function directHost(): Host {
  const host: Host = {
    stdinIsTTY: process.stdin.isTTY === true,
    stdoutIsTTY: process.stdout.isTTY === true,
    out: (s) => void process.stdout.write(encodeOutput(s)),
    err: (s) => void process.stderr.write(encodeOutput(s)),
    stdin: process.stdin,
    stdout: process.stdout,
    columns: () => process.stdout.columns ?? 80,
    setRawMode: (on) => {
      if (process.stdin.isTTY) process.stdin.setRawMode(on);
    },
    chdir: (dir) => process.chdir(dir),
    exit: (code) => {
      let pending = 2;
      const done = () => {
        if (--pending === 0) process.exit(code);
      };
      process.stdout.write("", done);
      process.stderr.write("", done);
    },
    onHold: null,
    takeInterrupt: () => keysDuringNative(),
  };
  // The reader went away (`beamsh < f | head`): stop quietly, like a program killed by SIGPIPE.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EPIPE") process.exit(0);
      throw e;
    });
  }
  return host;
}

// ---- the worker side of the launcher's protocol ---------------------------------------

/** What the launcher passes to the worker. */
export interface WorkerData {
  argv: string[];
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  columns: number;
  rows: number;
  /** Int32Array over a SharedArrayBuffer: [state, errno] for synchronous requests, then INTERRUPT. */
  sync: SharedArrayBuffer;
}

/** Index in `sync` of the flag the launcher raises when a Ctrl+C byte arrives on a raw terminal. */
export const INTERRUPT = 2;

/** Messages from the worker to the launcher. */
export type ToLauncher =
  | { t: "write"; chunks: [fd: 1 | 2, text: string][] }
  | { t: "stdin"; on: boolean }
  | { t: "raw"; on: boolean }
  | { t: "chdir"; dir: string }
  | { t: "exit"; code: number };

/** Messages from the launcher to the worker. */
export type ToWorker =
  | { t: "in"; data: Uint8Array }
  | { t: "in-end" }
  | { t: "resize"; columns: number; rows: number }
  | { t: "hold"; on: boolean };

/** Output is sent in one message per turn of the event loop, or sooner past this size. */
const FLUSH_BYTES = 1 << 16;

/** The host inside the launcher's worker thread. */
export function workerHost(): Host {
  const port = parentPort!;
  const data = workerData as WorkerData;
  const sync = new Int32Array(data.sync);
  let chunks: [1 | 2, string][] = [];
  let size = 0;
  let scheduled = false;
  let exited = false;
  const flush = () => {
    scheduled = false;
    if (chunks.length === 0) return;
    port.postMessage({ t: "write", chunks } satisfies ToLauncher);
    chunks = [];
    size = 0;
  };
  const write = (fd: 1 | 2, s: string) => {
    if (s === "" || exited) return;
    const last = chunks[chunks.length - 1];
    if (last !== undefined && last[0] === fd && last[1].length < 4096) last[1] += s;
    else chunks.push([fd, s]);
    size += s.length;
    if (size >= FLUSH_BYTES) flush();
    else if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
  const post = (m: ToLauncher) => port.postMessage(m);

  // Standard input: bytes arrive as messages once the first reader resumes the stream.
  let reading = false;
  const stdin = new PassThrough() as unknown as HostInput & { isRaw: boolean };
  Object.assign(stdin, {
    isTTY: data.stdinIsTTY,
    isRaw: false,
    setRawMode(on: boolean) {
      stdin.isRaw = on;
      post({ t: "raw", on });
      return stdin;
    },
    // A file descriptor's handle keeps Node alive; this stream's source is the launcher.
    ref: () => stdin,
    unref: () => stdin,
  });
  const wantInput = (on: boolean) => {
    if (on === reading) return;
    reading = on;
    post({ t: "stdin", on });
  };
  stdin.on("resume", () => wantInput(true));
  stdin.on("newListener", (ev) => {
    if (ev === "data" || ev === "readable") wantInput(true);
  });
  stdin.on("pause", () => {
    // readline pauses between keypresses only when asked; a paused stream with a
    // 'readable' listener still reads.
    if (stdin.listenerCount("readable") === 0) wantInput(false);
  });

  let columns = data.columns;
  let rows = data.rows;
  const stdout = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      write(1, typeof chunk === "string" ? chunk : chunk.toString("utf8"));
      cb();
    },
  }) as unknown as HostOutput;
  Object.defineProperties(stdout, {
    isTTY: { value: data.stdoutIsTTY },
    columns: { get: () => columns },
    rows: { get: () => rows },
  });

  const host: Host = {
    stdinIsTTY: data.stdinIsTTY,
    stdoutIsTTY: data.stdoutIsTTY,
    out: (s) => write(1, s),
    err: (s) => write(2, s),
    stdin,
    stdout,
    columns: () => columns,
    setRawMode: (on) => (stdin as unknown as { setRawMode(on: boolean): void }).setRawMode(on),
    chdir: (dir) => {
      Atomics.store(sync, 0, 0);
      post({ t: "chdir", dir });
      Atomics.wait(sync, 0, 0);
      const errno = Atomics.load(sync, 1);
      if (errno !== 0) {
        const e = new Error(`ENOENT: no such file or directory, chdir '${dir}'`) as NodeJS.ErrnoException;
        e.code = errno === 2 ? "ENOENT" : errno === 20 ? "ENOTDIR" : "EACCES";
        throw e;
      }
    },
    exit: (code) => {
      flush();
      exited = true;
      post({ t: "exit", code });
      // The launcher ends the program once its streams have flushed; this thread stops now.
      process.exit(code);
    },
    onHold: null,
    takeInterrupt: () => Atomics.exchange(sync, INTERRUPT, 0) !== 0,
  };

  port.on("message", (m: ToWorker) => {
    switch (m.t) {
      case "in":
        stdin.write(m.data);
        return;
      case "in-end":
        stdin.end();
        return;
      case "resize":
        columns = m.columns;
        rows = m.rows;
        stdout.emit("resize");
        return;
      case "hold":
        host.onHold?.(m.on);
        return;
    }
  });
  return host;
}
