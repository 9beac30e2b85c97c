// The inspection API: what can be known about a runtime's processes, each fact measured in
// one place, as plain data. Process.info/1,2, i/1, the BREAK menu and the observer all read
// processes through it (observer_cli's get_* functions, XState's system.inspect), so they
// agree. What happens over time comes from the event stream (events.ts), not from here.
//
// Cost: every measurement is bounded (stack walks and term sizes are capped) and never runs
// Elixir code, so the observer can sample thousands of processes a few times a second.
import { shownAs, type Frame } from "./code.js";
import { activationsIn, explodeSpills } from "./protocol.js";

/** Frames readers walk are ordinary ones: spill frames among them are expanded (protocol.ts). */
export { explodeSpills };
import { sourceLine } from "./erl-eval-trace.js";
import type { NodeInfo } from "./nodes.js";
import type { Process } from "./process.js";
import type { Runtime } from "./runtime.js";
import { WORD, termWords } from "./term-size.js";
import { Atom, Cons, NIL, Pid, Term, a, tuple } from "./term.js";

/** `status` as Process.info reports it. */
export type InfoStatus = "running" | "runnable" | "waiting" | "suspended" | "exiting";

/** One process, as plain data (terms where Process.info gives terms). */
export interface ProcessInfo {
  pid: Pid;
  registeredName: Atom | null;
  /** `{module, function, arity}` the process was spawned with (`:erlang.apply/2` for a fun of the shell). */
  initialCall: [Term, Term, number];
  currentFunction: [string, string, number] | null;
  status: InfoStatus;
  reductions: number;
  messageQueueLen: number;
  /** Words, as BEAM's heap sizes grow (233, 376, 610, ...). */
  heapSize: number;
  /** Words. */
  stackSize: number;
  /** Bytes: the process control block and its heap (BEAM: 2640 for a fresh process). */
  memory: number;
  links: Pid[];
  /** What the process monitors: pids, or `{name, node}` for monitors by name. */
  monitors: Term[];
  monitoredBy: Pid[];
  trapExit: boolean;
  groupLeader: Pid;
  priority: Atom;
}

/** BEAM's process control block, in bytes (64-bit): memory minus the heap of a fresh process. */
const PCB_BYTES = 776;
/** BEAM's smallest heap, in words. */
const MIN_HEAP = 233;
/** Frames and messages looked at when measuring (past them, a flat estimate). */
const MAX_FRAMES = 64;
const MAX_MESSAGES = 32;
/** Term nodes visited per argument, message and dictionary value (the figure is a floor past them). */
const TERM_BUDGET = 1024;

export function processInfo(p: Process): ProcessInfo {
  const heap = heapSize(p);
  return {
    pid: p.pid,
    registeredName: p.registeredName,
    initialCall: p.initialCall ?? SHELL_CALL,
    currentFunction: currentFunction(p),
    status: statusOf(p),
    reductions: p.reductions,
    messageQueueLen: p.mailbox.length,
    heapSize: heap,
    stackSize: stackWords(p),
    memory: PCB_BYTES + heap * WORD,
    links: [...p.links.values()],
    monitors: [...p.monitors.values()].map((m) => m.name),
    monitoredBy: [...p.monitoredBy.values()].map((m) => m.watcher),
    trapExit: p.trapExit,
    groupLeader: p.groupLeader ?? p.pid,
    priority: p.priority ?? NORMAL,
  };
}

const SHELL_CALL: [Term, Term, number] = tuple(a("erlang"), a("apply"), 2) as [Term, Term, number];
const NORMAL = a("normal");

/** The live processes of `rt`, in pid order. */
export function liveProcesses(rt: Runtime): Process[] {
  const out: Process[] = [];
  for (const p of rt.procs.values()) if (p.status !== "exited") out.push(p);
  return out.sort((x, y) => x.pid.id - y.pid.id);
}

export function statusOf(p: Process): InfoStatus {
  // As on BEAM, a suspended process is :suspended whatever it was doing.
  if (p.suspends !== 0 && p.status !== "exited") return "suspended";
  if (p.status === "running") return "running";
  if (p.status === "runnable") return "runnable";
  if (p.status === "waiting") return "waiting";
  if (p.status === "suspended") return "suspended";
  return "exiting";
}

/**
 * The function the process is executing: its top frame's code. Code evaluated by the shell
 * has no module; iex reports erl_eval there (prim_eval while it waits in a receive).
 */
export function currentFunction(p: Process): [string, string, number] | null {
  const c = p.frame?.code;
  if (c === undefined) return null;
  if (c.module === "") return p.status === "waiting" ? ["prim_eval", "receive", 2] : ["erl_eval", "do_apply", 7];
  const [name, arity] = shownAs(c);
  return [c.module, name, arity];
}

/** One frame of a process's stack, innermost first. */
export interface StackFrame {
  module: string;
  name: string;
  arity: number;
  file: string;
  line: number;
}

/** The frames of `p`'s stack, innermost first (at most `max`). */
export function stackOf(p: Process, max = 30): StackFrame[] {
  const out: StackFrame[] = [];
  explodeSpills(p.frame ?? null, max);
  for (let f: Frame | null = p.frame ?? null; f !== null && out.length < max; f = f.up) {
    const c = f.code;
    const [name, arity] = shownAs(c);
    out.push({ module: c.module, name, arity, file: c.file, line: sourceLine(c, f.line) });
  }
  return out;
}

/** Call depth (frames on the process's stack). */
export function stackDepth(p: Process): number {
  let n = 0;
  for (let f: Frame | null = p.frame ?? null; f !== null; f = f.up) n += activationsIn(f);
  return n;
}

/** Stack words: a return address and the arguments of each frame (bounded walk). */
/** The catches the process is inside (process_info's :catchlevel): its frames with handlers. */
export function catchLevel(p: Process): number {
  explodeSpills(p.frame ?? null);
  let n = 0;
  for (let f: Frame | null = p.frame ?? null; f !== null; f = f.up) if (f.h !== null && f.h.length > 0) n++;
  return n;
}

export function stackWords(p: Process): number {
  let words = 0;
  explodeSpills(p.frame ?? null, MAX_FRAMES);
  let f: Frame | null = p.frame ?? null;
  for (let i = 0; f !== null && i < MAX_FRAMES; i++, f = f.up) words += 1 + f.code.arity;
  return words;
}

/**
 * Words the process's terms take (bounded walk): the arguments of its frames, its messages
 * (on its heap, as BEAM's default message_queue_data: on_heap) and its dictionary.
 */
export function heapWords(p: Process): number {
  let words = stackWords(p);
  let f: Frame | null = p.frame ?? null;
  for (let i = 0; f !== null && i < MAX_FRAMES; i++, f = f.up) {
    for (let j = 0; j < f.code.arity && j < f.r.length; j++) words += termWords(f.r[j], TERM_BUDGET);
  }
  const mb = p.mailbox;
  for (let i = mb.head, n = 0; i < mb.end && n < MAX_MESSAGES; i++, n++) words += termWords(mb.items[i], TERM_BUDGET) + 2;
  if (mb.length > MAX_MESSAGES) words += (mb.length - MAX_MESSAGES) * 4;
  for (const [k, v] of p.dictionary.values()) words += termWords(k, 8) + termWords(v, TERM_BUDGET) + 3;
  return words;
}

/** The heap size BEAM would have grown to for `heapWords(p)` (its Fibonacci-like steps). */
export function heapSize(p: Process): number {
  const need = heapWords(p);
  let [size, next] = [MIN_HEAP, 376];
  while (size < need) [size, next] = [next, size + next + 1];
  return size;
}

/** Bytes used: the process control block and its heap. */
export function memoryOf(p: Process): number {
  return PCB_BYTES + heapSize(p) * WORD;
}

/** The nodes this runtime is connected to (none when it is not distributed). */
export function connectedNodes(rt: Runtime): NodeInfo[] {
  return rt.distribution?.nodes?.() ?? [];
}

/**
 * Where a process's receive stands with its mailbox, oldest message first: `skipped`
 * messages were never looked at (the receive waits for a reference made after they arrived,
 * BEAM's receive mark: GenServer.call does not rescan), `tried` ones matched no clause and
 * stay in the mailbox, the rest arrived since the last scan. Null unless it waits in receive.
 */
export function receiveScan(p: Process): { skipped: number; tried: number; untried: number; patterns: string[] | null; timeoutMs: number | null } | null {
  if (p.status !== "waiting") return null;
  const mb = p.mailbox;
  const save = Math.min(Math.max(mb.save, mb.head), mb.end);
  const skipped = mb.seekedTo >= mb.head ? Math.min(mb.seekedTo, save) - mb.head : 0;
  // The receive's clauses as the compiler wrote them (none for receives written natively).
  let patterns: string[] | null = null;
  if (p.receivePatterns instanceof Cons || p.receivePatterns === NIL) {
    patterns = [];
    for (let l: Term = p.receivePatterns; l instanceof Cons; l = l.t) if (typeof l.h === "string") patterns.push(l.h);
  }
  const timeoutMs = p.deadline >= 0 ? Math.max(0, p.deadline - p.rt.clock.now()) : null;
  return { skipped, tried: save - mb.head - skipped, untried: mb.end - save, patterns, timeoutMs };
}
