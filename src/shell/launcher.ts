// The program's main thread: starts the shell in a worker thread with a large native stack
// and heap, and owns the real streams and the terminal on its behalf (see host.ts for the
// protocol).
//
// Why a worker: parsing, compiling, inspecting and comparing deeply nested input walk it
// recursively on the JS stack, as Elixir's own compiler walks it on the BEAM's growable
// process heap. The main thread's stack is fixed by the OS (8 MB); a worker's stack is
// whatever we ask for, so input as deep as iex accepts (a million nested brackets) fits.
// A worker's heap limit is also ours to choose, and a worker that still runs out of memory
// ends alone: this thread reports it instead of V8 aborting the whole program.
//
// Imports only Node built-ins, so start-up costs one extra isolate (~30 ms), nothing more.
import { totalmem } from "node:os";
import { setFlagsFromString } from "node:v8";
import { Worker } from "node:worker_threads";
import { encodeOutput } from "./host.js";
import { INTERRUPT } from "./host.js";
import type { ToLauncher, ToWorker, WorkerData } from "./host.js";

/** Native stack for the worker: ~5 M JS frames, enough for a 1 MB line of nested brackets. */
const STACK_MB = 4096;
/**
 * Young generation: V8 grows it only while much of what is allocated survives. A larger
 * ceiling than V8's default (48 MB) matters when deep input is walked recursively: every
 * scavenge scans the whole native stack, so fewer scavenges keep deep walks linear. 768 MB
 * makes each semi-space at most 256 MB (V8's largest): a pipeline that builds a list of a
 * million cells (40 bytes each) and consumes it in the next step has that list alive at most
 * scavenges, and each such scavenge copies it, so the fewer of them the better.
 */
const YOUNG_MB = 768;
/**
 * The young generation's starting size (each semi-space, in MB; V8 starts at 1 MB and
 * doubles it while much of what is allocated survives). Started at 1 MB it was still growing
 * during the first several runs of such a pipeline, each growth step a scavenge that copied
 * and promoted the live list. 96 MB (measured against 64 and 128: at 128 a million-deep body
 * recursion over a list made just before took twice the CPU, its list and stack copied by the
 * first scavenge, which came later). `BEAMSH_SEMI_MB` sets it (0: V8's default). Pages are
 * committed as allocation reaches them: an idle shell takes about 30 MB more.
 */
const SEMI_MB = 96;
/** Output queued towards stdout past which the runtime is asked to pause. */
const HOLD_BYTES = 4 << 20;

/**
 * The heap limit: most of the machine's memory, keeping room for the system and the stack
 * (`BEAMSH_HEAP_MB` sets it, in MB).
 */
export function heapLimitMb(total = totalmem()): number {
  const set = Number(process.env.BEAMSH_HEAP_MB);
  if (Number.isInteger(set) && set > 0) return set;
  const mb = Math.floor(total / (1 << 20));
  return Math.max(2048, Math.min(Math.floor(mb * 0.75), mb - 2048));
}

export function launch(argv: string[]): void {
  const stdin = process.stdin;
  const sync = new SharedArrayBuffer(12);
  const syncView = new Int32Array(sync);
  const data: WorkerData = {
    argv,
    stdinIsTTY: stdin.isTTY === true,
    stdoutIsTTY: process.stdout.isTTY === true,
    columns: process.stdout.columns ?? 80,
    rows: process.stdout.rows ?? 24,
    sync,
  };
  // (V8 reads its flags when an isolate's heap is set up: this one's is, the worker's is not yet)
  // (never more than a third of the young generation, whose three semi-spaces it sizes: a
  // smaller young generation asked for, as a small heap wants, keeps a small start too)
  const young = Number(process.env.BEAMSH_YOUNG_MB ?? YOUNG_MB);
  const semi = Math.min(Number(process.env.BEAMSH_SEMI_MB ?? SEMI_MB), Math.floor(young / 3));
  if (Number.isInteger(semi) && semi > 0) setFlagsFromString(`--min-semi-space-size=${semi}`);
  const worker = new Worker(new URL("./worker-entry.js", import.meta.url), {
    workerData: data,
    resourceLimits: { stackSizeMb: STACK_MB, maxOldGenerationSizeMb: heapLimitMb(), maxYoungGenerationSizeMb: young },
    stdout: false,
    stderr: false,
  });
  const send = (m: ToWorker) => worker.postMessage(m);
  let exiting = false;
  let held = false;
  let rawMode = false;

  const restoreTerminal = () => {
    if (rawMode && stdin.isTTY) stdin.setRawMode(false);
    rawMode = false;
  };
  process.on("exit", restoreTerminal);

  // Flushes both streams, then ends the program.
  const exit = (code: number) => {
    if (exiting) return;
    exiting = true;
    restoreTerminal();
    let pending = 2;
    const done = () => {
      if (--pending === 0) process.exit(code);
    };
    process.stdout.write("", done);
    process.stderr.write("", done);
  };

  // The reader of our output went away (`beamsh < f | head`): stop quietly, as a program
  // killed by SIGPIPE does.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EPIPE") process.exit(0);
      throw e;
    });
  }

  const checkHold = () => {
    const backlog = process.stdout.writableLength + process.stderr.writableLength;
    if (!held && backlog > HOLD_BYTES) {
      held = true;
      send({ t: "hold", on: true });
    } else if (held && backlog <= HOLD_BYTES / 4) {
      held = false;
      send({ t: "hold", on: false });
    }
  };
  process.stdout.on("drain", checkHold);
  process.stderr.on("drain", checkHold);

  const onData = (d: Buffer) => {
    // Ctrl+C at the terminal: raised at once where the worker can see it mid-native (the
    // keys themselves are read only between natives).
    if (rawMode && d.includes(3)) Atomics.store(syncView, INTERRUPT, 1);
    send({ t: "in", data: d });
  };
  const onEnd = () => send({ t: "in-end" });
  let listening = false;

  worker.on("message", (m: ToLauncher) => {
    if (exiting) return;
    switch (m.t) {
      case "write":
        for (const [fd, text] of m.chunks) (fd === 1 ? process.stdout : process.stderr).write(encodeOutput(text));
        checkHold();
        return;
      case "stdin":
        if (m.on && !listening) {
          listening = true;
          stdin.on("data", onData);
          stdin.on("end", onEnd);
        }
        if (m.on) stdin.resume();
        else stdin.pause();
        return;
      case "raw":
        if (stdin.isTTY) {
          stdin.setRawMode(m.on);
          rawMode = m.on;
        }
        return;
      case "chdir": {
        let errno = 0;
        try {
          process.chdir(m.dir);
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          errno = code === "ENOENT" ? 2 : code === "ENOTDIR" ? 20 : 13;
        }
        Atomics.store(syncView, 1, errno);
        Atomics.store(syncView, 0, 1);
        Atomics.notify(syncView, 0);
        return;
      }
      case "exit":
        return exit(m.code);
    }
  });
  process.stdout.on("resize", () => send({ t: "resize", columns: process.stdout.columns, rows: process.stdout.rows }));

  worker.on("error", (e: Error & { code?: string }) => {
    if (exiting) return;
    restoreTerminal();
    if (e.code === "ERR_WORKER_OUT_OF_MEMORY") {
      process.stderr.write(`\nbeamsh: the runtime ran out of memory (heap limit ${heapLimitMb()} MB) and stopped\n`);
    } else if (e.name === "StaleBuildError") {
      process.stderr.write(e.message);
    } else {
      process.stderr.write(`\nbeamsh: internal error: ${e.stack ?? e.message}\n`);
    }
    exit(1);
  });
  worker.on("exit", (code) => {
    // The worker ends only through its exit message (handled above) or an error.
    if (!exiting) exit(code === 0 ? 0 : 1);
  });
}
