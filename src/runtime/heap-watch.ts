// The heap watch: BEAM's max_heap_size, for the processes that set it and for the runtime
// as a whole.
//
// On the BEAM each process has its own heap. One that grows past its `max_heap_size` flag is
// killed at its next garbage collection (or only reported, as its flag says), with an error
// report; one that grows without any limit ends when the machine runs out, taking the whole
// VM down. Here all processes share one JS heap, and V8 aborts the whole program when it is
// full. So the runtime itself acts as the limit of last resort: when the JS heap stays
// nearly full after a full collection, the process holding the most is killed with the same
// report a max_heap_size kill writes, and everything else (the shell included) goes on.
//
// Sizes are BEAM words, measured by walking what a process holds (its frames' registers,
// messages and dictionary) with each shared term counted once, up to a cap: a process is
// never walked further than needed to know it is over its limit.
import type { Frame } from "./code.js";
import { collect, v8Stats } from "./heap-room.js";
import { activationsIn, isRegion, isSpill, spilledActivations } from "./protocol.js";
import { isWork } from "./work-in-steps.js";
import type { HeapStats, OutOfHeap } from "./heap-room.js";
import { logTime } from "./crash-report.js";
import { Fun } from "./fun.js";
import { inspect } from "./inspect.js";
import { MapTerm } from "./map.js";
import type { Process } from "./process.js";
import type { Runtime } from "./runtime.js";
import { Atom, Bin, Cons, Float, Term, a, list, tuple } from "./term.js";

/** A process's max_heap_size flag (size in words; 0: no limit). */
export interface MaxHeap {
  size: number;
  kill: boolean;
  errorLogger: boolean;
}

export const NO_MAX_HEAP: MaxHeap = { size: 0, kill: true, errorLogger: true };

/** BEAM's smallest heap: a max_heap_size below it (other than 0) is refused. */
const MIN_HEAP = 233;
const WORD = 8;

/** The flag as Erlang shows it: `%{error_logger: true, kill: true, size: 0}`. */
export function maxHeapTerm(m: MaxHeap): Term {
  return MapTerm.fromPairs([
    [a("error_logger"), m.errorLogger],
    [a("kill"), m.kill],
    [a("size"), m.size],
  ]);
}

/**
 * The flag a process_flag(:max_heap_size, value) sets, or null when the value is invalid: a
 * size, or a map with `size` and optionally `kill` and `error_logger` (others from `old`).
 */
export function parseMaxHeap(value: Term, old: MaxHeap): MaxHeap | null {
  const validSize = (n: Term) => typeof n === "number" && Number.isInteger(n) && (n === 0 || n >= MIN_HEAP);
  if (typeof value === "bigint") return null;
  if (validSize(value)) return { ...old, size: value as number };
  if (!(value instanceof MapTerm)) return null;
  const size = value.get(a("size"));
  if (!validSize(size)) return null;
  const out: MaxHeap = { ...old, size: size as number };
  for (const [k, v] of value.entries.values()) {
    if (k === a("size")) continue;
    if (v !== true && v !== false) return null;
    if (k === a("kill")) out.kill = v;
    else if (k === a("error_logger")) out.errorLogger = v;
    else return null;
  }
  return out;
}

/** What a process holds, in words (BEAM's split: stack, heap, off-heap binaries). */
export interface Measure {
  stack: number;
  heap: number;
  bin: number;
}

/** Frames walked one by one; deeper ones are counted at the walked frames' average. */
const FRAME_WALK = 100_000;

/**
 * Measures `p`, walking at most until the total passes `cap` words. A term reachable from
 * several frames (a list passed down a recursion) counts once; sharing inside terms is not
 * looked for (the walk must stay cheap in memory: it runs when the heap is nearly full).
 */
export function measure(p: Process, cap = Infinity): Measure {
  const m: Measure = { stack: 0, heap: 0, bin: 0 };
  const roots = new Set<object>();
  const pending: Term[] = [];
  const over = () => m.stack + m.heap + m.bin > cap;
  /** Counts an immediate or a leaf; true when `x` has children to walk. */
  const leaf = (x: Term): boolean => {
    if (x === null || x === undefined || typeof x === "boolean" || typeof x === "number" || x instanceof Atom) return false;
    if (typeof x === "string") addBinary(m, x.length);
    else if (typeof x === "bigint") m.heap += 2 + Math.ceil(x.toString(16).length / 16);
    else if (x instanceof Float) m.heap += 3;
    else if (x instanceof Bin) addBinary(m, x.bytes.length);
    else return typeof x === "object";
    return false;
  };
  const walk = () => {
    while (pending.length > 0 && !over()) {
      const x = pending.pop();
      if (!leaf(x)) continue;
      if (x instanceof Cons) {
        let c: Term = x;
        for (; c instanceof Cons && !over(); c = c.t) {
          m.heap += 2;
          if (leaf(c.h)) pending.push(c.h);
        }
        if (leaf(c)) pending.push(c);
      } else if (Array.isArray(x)) {
        m.heap += 1 + x.length;
        for (const e of x) if (leaf(e)) pending.push(e);
      } else if (x instanceof MapTerm) {
        m.heap += 3;
        for (const [k, v] of x.entries.values()) {
          m.heap += 2;
          pending.push(k, v);
        }
      } else if (x instanceof Fun) {
        m.heap += 4 + x.env.length;
        for (const e of x.env) pending.push(e);
      } else if (isWork(x)) {
        // A native working in steps: what it has built so far is the process's.
        if (x.held !== undefined) pending.push(x.held());
      } else m.heap += 2;
    }
  };
  const root = (x: Term) => {
    if (typeof x === "object" && x !== null) {
      if (roots.has(x)) return;
      roots.add(x);
    }
    pending.push(x);
    walk();
  };
  let walked = 0;
  let f: Frame | null = p.frame ?? null;
  for (; f !== null && walked < FRAME_WALK && !over(); f = f.up, walked++) {
    if (isSpill(f) || isRegion(f)) {
      // (a run of activations kept as they were recorded: protocol.ts)
      for (const [code, regs] of spilledActivations(f)) {
        m.stack += 1 + code.arity;
        for (const r of regs) if (r !== undefined) root(r);
        walked++;
      }
      continue;
    }
    m.stack += 1 + f.code.arity;
    for (const r of f.r) if (r !== undefined) root(r);
  }
  if (f !== null && walked > 0) {
    let rest = 0;
    for (let g: Frame | null = f; g !== null; g = g.up) rest += activationsIn(g);
    m.stack += Math.ceil((m.stack / walked) * rest);
  }
  const mb = p.mailbox;
  for (let i = mb.head; i < mb.end && !over(); i++) {
    m.heap += 2;
    root(mb.items[i]);
  }
  for (const [k, v] of p.dictionary.values()) {
    if (over()) break;
    m.heap += 3;
    root(k);
    root(v);
  }
  return m;
}

/** Binaries up to 64 bytes live on the process heap; larger ones are off-heap, counted by size. */
function addBinary(m: Measure, bytes: number): void {
  if (bytes <= 64) m.heap += 3 + Math.ceil(bytes / WORD);
  else {
    m.heap += 6;
    m.bin += Math.ceil(bytes / WORD);
  }
}

const total = (m: Measure) => m.stack + m.heap + m.bin;

/** The report BEAM's garbage collector writes for a process past its max_heap_size. */
export function maxHeapReport(p: Process, limit: MaxHeap, m: Measure): string {
  const heap = m.stack + m.heap;
  const gcInfo = list([
    tuple(a("old_heap_block_size"), 0),
    tuple(a("heap_block_size"), heap),
    tuple(a("mbuf_size"), 0),
    tuple(a("recent_size"), 0),
    tuple(a("stack_size"), m.stack),
    tuple(a("old_heap_size"), 0),
    tuple(a("heap_size"), m.heap),
    tuple(a("bin_vheap_size"), m.bin),
    tuple(a("bin_vheap_block_size"), 46422),
    tuple(a("bin_old_vheap_size"), 0),
    tuple(a("bin_old_vheap_block_size"), 46422),
  ]);
  const rows: [string, string][] = [
    ["Process", `${inspect(p.pid)} `],
    ["Context", "maximum heap size reached"],
    ["Max Heap Size", String(limit.size)],
    ["Total Heap Size", String(total(m))],
    ["Kill", String(limit.kill)],
    ["Error Logger", String(limit.errorLogger)],
    ["Message Queue Len", String(p.mailbox.length)],
    ["GC Info", inspect(gcInfo, { pretty: true, width: 80 })],
  ];
  const body = rows.map(([k, v]) => `     ${(k + ":").padEnd(20)}${v}`).join("\n");
  return `\n${logTime()} [error] ${body}\n\n`;
}

export interface HeapWatchOptions {
  stats?: () => HeapStats;
  collect?: () => void;
  /** The share of the heap limit past which the runtime kills (default 0.75). */
  ratio?: number;
}

/** Milliseconds between two full collections the watch asks for. */
const GC_EVERY_MS = 1000;
/** Words walked per process when looking for the largest (all processes: TOTAL_WALK). */
const TOTAL_WALK = 4_000_000;
/** Words a process must hold to be worth killing when the heap is full. */
const MIN_VICTIM = 100_000;

/**
 * Lets go of what a killed process held (others may still point at its Process object:
 * the shell, a stale run-queue entry): its frames, their registers and its messages.
 */
function release(p: Process): void {
  if (p.status !== "exited") return;
  const top = p.frame;
  for (const f of p.stack) if (f !== undefined && f !== top) f.r.fill(undefined);
  top.up = null;
  p.stack = [top];
  p.mailbox.drop();
}

export class HeapWatch {
  private readonly stats: () => HeapStats;
  private readonly collect: () => void;
  private readonly ratio: number;
  private lastGc = -Infinity;
  /** Reductions of each max_heap_size process at its last measure, and its size then. */
  private readonly measured = new WeakMap<Process, { reds: number; words: number }>();

  constructor(
    private readonly rt: Runtime,
    opts: HeapWatchOptions = {},
  ) {
    this.stats = opts.stats ?? v8Stats;
    this.collect = opts.collect ?? collect;
    this.ratio = opts.ratio ?? 0.75;
  }

  /**
   * After a slice of a process with a max_heap_size: measures it now and then (as often as
   * BEAM would collect its garbage: when it may have allocated about a quarter of its
   * size again), and kills or reports it past its limit.
   */
  afterSlice(p: Process): void {
    const limit = p.maxHeap;
    if (limit.size === 0) return;
    const last = this.measured.get(p);
    if (last !== undefined && p.reductions - last.reds < Math.max(200, last.words / 4)) return;
    const m = measure(p, limit.size);
    this.measured.set(p, { reds: p.reductions, words: total(m) });
    if (total(m) <= limit.size) return;
    if (limit.errorLogger) this.rt.logger.log(maxHeapReport(p, limit, m));
    if (limit.kill) this.rt.signals.kill(p, a("killed"));
  }

  /**
   * Between slices: when the JS heap is nearly full even after a full collection, kills the
   * process holding the most (as BEAM with a max_heap_size of what the heap has left). True
   * when it killed one.
   */
  check(now = performance.now()): boolean {
    let s = this.stats();
    if (s.used < s.limit * this.ratio) return false;
    // A full collection of a big heap takes a while, so at most one a second while there
    // is room; but a process can allocate the rest of the heap within that second (deep
    // body recursion grows by hundreds of MB a second): past halfway from the share to the
    // limit, collect (and kill) whenever asked.
    const pressing = s.used >= s.limit * (this.ratio + (1 - this.ratio) / 2);
    if (!pressing && now - this.lastGc < GC_EVERY_MS) return false;
    this.lastGc = now;
    this.collect();
    s = this.stats();
    if (s.used < s.limit * this.ratio) return false;
    const victim = this.largest();
    // Killing a small process would not help: what fills the heap is elsewhere.
    if (victim === null || total(victim.m) < MIN_VICTIM) return false;
    // The victim is charged with the heap in use (words), against the share allowed.
    const limit: MaxHeap = { size: Math.floor((s.limit * this.ratio) / WORD), kill: true, errorLogger: true };
    const charged: Measure = { ...victim.m, heap: Math.max(victim.m.heap, Math.ceil(s.used / WORD) - victim.m.stack - victim.m.bin) };
    this.rt.logger.log(maxHeapReport(victim.p, limit, charged));
    this.rt.signals.kill(victim.p, a("killed"));
    release(victim.p);
    this.collect();
    return true;
  }

  /**
   * A native of `p` asked for more than the heap has room for (OutOfHeap): `p` is killed
   * with the report the heap watch writes, charged with the heap in use plus what it asked.
   */
  outOfHeap(p: Process, e: OutOfHeap): void {
    const m = measure(p, TOTAL_WALK);
    const limit: MaxHeap = { size: Math.floor((e.stats.limit * this.ratio) / WORD), kill: true, errorLogger: true };
    // A BEAM heap is killed at its first growth past the limit, so the charge stops at twice
    // the limit (what `:lists.seq(1, 1 <<< 128)` asks for is no count of words).
    const wanted = Math.min(Math.ceil((e.stats.used + e.bytes) / WORD), 2 * limit.size);
    const charged: Measure = { ...m, heap: Math.max(m.heap, wanted - m.stack - m.bin) };
    this.rt.logger.log(maxHeapReport(p, limit, charged));
    this.rt.signals.kill(p, a("killed"));
  }

  private largest(): { p: Process; m: Measure } | null {
    const live: Process[] = [];
    for (const p of this.rt.procs.values()) if (p.status !== "exited") live.push(p);
    // (never below twice what makes a victim: with the system's own processes counted, an even
    // share could stop every walk short of MIN_VICTIM and leave the heap to fill)
    const cap = Math.max(2 * MIN_VICTIM, Math.floor(TOTAL_WALK / Math.max(1, live.length)));
    let best: { p: Process; m: Measure } | null = null;
    for (const p of live) {
      const m = measure(p, cap);
      if (best === null || total(m) > total(best.m) || (total(m) === total(best.m) && p.reductions > best.p.reductions)) best = { p, m };
    }
    return best;
  }
}

const watches = new WeakMap<Runtime, HeapWatch>();

/** The runtime's heap watch (made on first use). */
export function heapWatch(rt: Runtime): HeapWatch {
  let w = watches.get(rt);
  if (w === undefined) watches.set(rt, (w = new HeapWatch(rt)));
  return w;
}
