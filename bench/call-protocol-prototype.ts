// Issue 15's proposed VM design, measured on a prototype before deciding (see
// docs/call-protocol-design.md): compiled functions run on the JS stack with native locals
// and arguments, and only when a process must stop (its reductions are spent, a receive
// blocks) is the JS stack captured into heap frames, which later resume the slow way
// (generalized stack inspection). Since a slice is at most CONTEXT_REDS calls, the JS stack
// never gets deeper than that: a 1,000,000-deep recursion becomes heap frames slice by slice.
//
// Hand-written here, in two variants of the capture, for fib and for a receive loop:
//   sentinel: a call returns SUSPEND when the callee had to stop; each call site checks it
//             and saves its own frame (one compare per call when nothing happens);
//   throw:    the callee throws a Capture and each call site catches it to save its frame.
// Compared with plain JS and with beamsh's current VM (heap frames for every call).
//
//   node dist/bench/call-protocol-prototype.js   (docs/call-protocol-design.md has its figures)
import { createRuntime } from "../src/boot.js";
import { CONTEXT_REDS } from "../src/runtime/scheduler.js";
import { run } from "./harness.js";

type Value = number | object;

/** A captured activation: which function, where to resume, its locals. */
interface HFrame {
  code: HCode;
  pc: number;
  n: number;
  a: Value;
  list: List | null;
}
interface HCode {
  /** Resumes `f` with `x`, the result of the call it waited for; returns its value or SUSPEND (then `f` is updated in place). */
  resume(p: Proc, f: HFrame, x: Value): Value;
}
interface List {
  h: number;
  t: List | null;
}

const SUSPEND: object = { suspend: true };
/** A resumed frame's tail call suspended: the frame is done; the callee's frames take its place. */
const SUSPEND_TAIL: object = { suspendTail: true };

class Proc {
  reds = 0;
  /** Frames saved by call sites while a suspension unwinds, innermost first. */
  captured: HFrame[] = [];
  /** The heap stack, innermost last. */
  stack: HFrame[] = [];
  x: Value = 0;
  mailbox: number[] = [];
  peer: Proc | null = null;
}

const frame = (code: HCode, pc: number, n: number, a: Value, list: List | null = null): HFrame => ({ code, pc, n, a, list });

/** Runs `p` for one slice; true when its first frame returned (result in p.x). */
function slice(p: Proc, budget: number): boolean {
  p.reds = budget;
  let x = p.x;
  for (;;) {
    const f = p.stack[p.stack.length - 1];
    const r = f.code.resume(p, f, x);
    if (r === SUSPEND || r === SUSPEND_TAIL) {
      if (r === SUSPEND_TAIL) p.stack.pop();
      for (let i = p.captured.length - 1; i >= 0; i--) p.stack.push(p.captured[i]);
      p.captured.length = 0;
      return false;
    }
    p.stack.pop();
    x = r;
    if (p.stack.length === 0) {
      p.x = r;
      return true;
    }
  }
}

// ---- fib, sentinel variant ---------------------------------------------------------------

function fibS(p: Proc, n: number): Value {
  if (--p.reds < 0) return suspendAt(p, frame(FIB_S, 0, n, 0));
  if (n < 2) return n;
  const a = fibS(p, n - 1);
  if (a === SUSPEND) return suspendAt(p, frame(FIB_S, 1, n, 0));
  const b = fibS(p, n - 2);
  if (b === SUSPEND) return suspendAt(p, frame(FIB_S, 2, n, a));
  return (a as number) + (b as number);
}

function suspendAt(p: Proc, f: HFrame): object {
  p.captured.push(f);
  return SUSPEND;
}

const FIB_S: HCode = {
  resume(p, f, x) {
    if (f.pc === 0) {
      if (f.n < 2) return f.n;
      const a = fibS(p, f.n - 1);
      if (a === SUSPEND) return (f.pc = 1), SUSPEND;
      x = a;
      f.pc = 1;
    }
    if (f.pc === 1) {
      f.a = x;
      const b = fibS(p, f.n - 2);
      if (b === SUSPEND) return (f.pc = 2), SUSPEND;
      return (f.a as number) + (b as number);
    }
    return (f.a as number) + (x as number);
  },
};

// ---- fib, throw variant -------------------------------------------------------------------

class Capture {
  frames: HFrame[] = [];
}

function fibT(p: Proc, n: number): number {
  if (--p.reds < 0) {
    const c = new Capture();
    c.frames.push(frame(FIB_T, 0, n, 0));
    throw c;
  }
  if (n < 2) return n;
  let a: number;
  try {
    a = fibT(p, n - 1);
  } catch (e) {
    if (e instanceof Capture) e.frames.push(frame(FIB_T, 1, n, 0));
    throw e;
  }
  let b: number;
  try {
    b = fibT(p, n - 2);
  } catch (e) {
    if (e instanceof Capture) e.frames.push(frame(FIB_T, 2, n, a));
    throw e;
  }
  return a + b;
}

const FIB_T: HCode = {
  resume(p, f, x) {
    try {
      if (f.pc === 0) {
        if (f.n < 2) return f.n;
        f.pc = 1;
        x = fibT(p, f.n - 1);
      }
      if (f.pc === 1) {
        f.a = x;
        f.pc = 2;
        return (f.a as number) + fibT(p, f.n - 2);
      }
      return (f.a as number) + (x as number);
    } catch (e) {
      if (!(e instanceof Capture)) throw e;
      p.captured.push(...e.frames);
      return SUSPEND;
    }
  },
};

// ---- body recursion over a list (sentinel) ---------------------------------------------------

function sumS(p: Proc, l: List | null): Value {
  if (--p.reds < 0) return suspendAt(p, frame(SUM_S, 0, 0, 0, l));
  if (l === null) return 0;
  const s = sumS(p, l.t);
  if (s === SUSPEND) return suspendAt(p, frame(SUM_S, 1, l.h, 0));
  return l.h + (s as number);
}

const SUM_S: HCode = {
  resume(p, f, x) {
    if (f.pc === 1) return f.n + (x as number);
    const l = f.list;
    if (l === null) return 0;
    const s = sumS(p, l.t);
    if (s === SUSPEND) return (f.pc = 1), (f.n = l.h), SUSPEND;
    return l.h + (s as number);
  },
};

// ---- a receive loop (sentinel): pong answers n pings, ping sends them one at a time -------------

/** pong(): receive n -> send(peer, n); pong() — a tail call, so a loop in the fast path. */
function pongS(p: Proc): Value {
  for (;;) {
    if (--p.reds < 0) return suspendAt(p, frame(PONG_S, 0, 0, 0));
    const m = p.mailbox.shift();
    if (m === undefined) return suspendAt(p, frame(PONG_S, 0, 0, 0)); // blocks: resume at the receive
    if (m < 0) return 0;
    p.peer!.mailbox.push(m);
  }
}
const PONG_S: HCode = { resume: (p) => tail(pongS(p)) };

/** A resumed frame's tail call: its frame is replaced when the callee suspended. */
function tail(r: Value): Value {
  return r === SUSPEND ? SUSPEND_TAIL : r;
}

/** ping(k): send(peer, k); receive _ -> ping(k - 1). */
function pingS(p: Proc, k: number): Value {
  for (;;) {
    if (--p.reds < 0) return suspendAt(p, frame(PING_S, 0, k, 0));
    if (k === 0) {
      p.peer!.mailbox.push(-1);
      return 0;
    }
    p.peer!.mailbox.push(k);
    const m = p.mailbox.shift();
    if (m === undefined) return suspendAt(p, frame(PING_S, 1, k, 0));
    k--;
  }
}
const PING_S: HCode = {
  resume(p, f) {
    if (f.pc === 1) {
      if (p.mailbox.shift() === undefined) return SUSPEND; // still nothing: wait at the receive
      return tail(pingS(p, f.n - 1));
    }
    return tail(pingS(p, f.n));
  },
};

function pingPong(rounds: number): void {
  const a = new Proc();
  const b = new Proc();
  a.peer = b;
  b.peer = a;
  a.stack.push(frame(PING_S, 0, rounds, 0));
  b.stack.push(frame(PONG_S, 0, 0, 0));
  const queue = [a, b];
  while (queue.length > 0) {
    const p = queue.shift()!;
    if (!slice(p, CONTEXT_REDS)) queue.push(p); // a real scheduler parks a blocked process instead
  }
}

// ---- measuring ----------------------------------------------------------------------------------

function plainFib(n: number): number {
  return n < 2 ? n : plainFib(n - 1) + plainFib(n - 2);
}

function best(times: number, f: () => void): number {
  let min = Infinity;
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    f();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}

function runFib(code: HCode, n: number, budget: number): Value {
  const p = new Proc();
  p.stack.push(frame(code, 0, n, 0));
  while (!slice(p, budget));
  return p.x;
}

function main(): void {
  const N = 30;
  const calls = 2 * 1_346_269 - 1; // calls made by fib(30)
  const want = plainFib(N);
  for (const [name, code] of [["sentinel", FIB_S], ["throw", FIB_T]] as const) {
    const got = runFib(code, N, CONTEXT_REDS);
    if (got !== want) throw new Error(`${name}: fib(${N}) = ${String(got)}, want ${want}`);
  }
  const plain = best(5, () => plainFib(N));
  const sentinel = best(5, () => runFib(FIB_S, N, CONTEXT_REDS));
  const thrown = best(5, () => runFib(FIB_T, N, CONTEXT_REDS));
  const rt = createRuntime({ write: () => {} });
  run(rt, "defmodule ProtoFib do\n def fib(0), do: 0\n def fib(1), do: 1\n def fib(n), do: fib(n - 1) + fib(n - 2)\nend");
  run(rt, "ProtoFib.fib(25)");
  const vm = best(5, () => run(rt, `ProtoFib.fib(${N})`));
  const ns = (ms: number): string => `${((ms * 1e6) / calls).toFixed(1)} ns/call`;
  console.log(`prototype fib(${N}), slices of ${CONTEXT_REDS} reductions: plain JS ${plain.toFixed(1)} ms (${ns(plain)}); sentinel capture ${sentinel.toFixed(1)} ms (${ns(sentinel)}); throw capture ${thrown.toFixed(1)} ms (${ns(thrown)}); beamsh VM today ${vm.toFixed(1)} ms (${ns(vm)})`);

  let list: List | null = null;
  for (let i = 1_000_000; i >= 1; i--) list = { h: i, t: list };
  const deep = best(3, () => {
    const p = new Proc();
    p.stack.push(frame(SUM_S, 0, 0, 0, list));
    while (!slice(p, CONTEXT_REDS));
    if (p.x !== 500_000_500_000) throw new Error("sum: " + String(p.x));
  });
  run(rt, "defmodule ProtoSum do\n def sum([]), do: 0\n def sum([h | t]), do: h + sum(t)\nend");
  const deepVm = best(3, () => run(rt, "ProtoSum.sum(Enum.to_list(1..1_000_000))"));
  console.log(`prototype body recursion 1,000,000 deep (sentinel, captured every ${CONTEXT_REDS} calls): ${deep.toFixed(1)} ms; beamsh VM today (with building the list) ${deepVm.toFixed(1)} ms`);

  const rounds = 200_000;
  const pp = best(3, () => pingPong(rounds));
  console.log(`prototype 200k ping-pong round trips (sentinel; a receive that blocks suspends): ${pp.toFixed(1)} ms, no real mailbox or scheduler`);
}

main();
