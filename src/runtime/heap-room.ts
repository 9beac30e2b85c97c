// How full the JS heap is, and the check natives make before a large allocation.
//
// All processes share one JS heap, and V8 aborts the whole program when it cannot grow it.
// The heap watch (heap-watch.ts) kills the process holding the most between slices; but a
// single native building a huge term (List.duplicate(0, 1_000_000_000), a range turned into a
// list, a binary copied a billion times) fills the heap within one call, before any slice
// ends. Such natives call `reserve` with what they are about to build: when that cannot fit,
// it throws OutOfHeap, and the machine kills the calling process with the heap watch's report
// instead of letting V8 abort. The same loops poll for Ctrl+C (`pollInterrupt`): a native
// runs to its end in JS, and the terminal's keys are only read between natives. Imports
// nothing of the runtime, so term.ts can use it too.
import { getHeapSpaceStatistics, getHeapStatistics, setFlagsFromString } from "node:v8";
import { resourceLimits } from "node:worker_threads";
import { runInNewContext } from "node:vm";

/** The JS heap: bytes in use and the most it may hold. */
export interface HeapStats {
  used: number;
  limit: number;
}

/**
 * V8 dies when its old generation cannot grow, so that is what is compared: the old
 * generation's limit (a worker's resource limit, else the heap limit less the young
 * generation) and everything in use outside the young generation.
 */
export function v8Stats(): HeapStats {
  const s = getHeapStatistics();
  const old = resourceLimits.maxOldGenerationSizeMb;
  const limit = old !== undefined && old > 0 ? old * (1 << 20) : s.heap_size_limit;
  // Far from the limit even counting the young generation: no need to look closer.
  if (s.used_heap_size < limit / 2) return { used: s.used_heap_size, limit };
  let young = 0;
  for (const sp of getHeapSpaceStatistics()) if (sp.space_name === "new_space" || sp.space_name === "new_large_object_space") young += sp.space_used_size;
  return { used: s.used_heap_size - young, limit };
}

let fullGc: (() => void) | null | undefined;

/** A full garbage collection, when the engine lets us ask for one. */
export function collect(): void {
  if (fullGc === undefined) {
    const g = (globalThis as { gc?: () => void }).gc;
    if (typeof g === "function") fullGc = g;
    else {
      try {
        setFlagsFromString("--expose-gc");
        fullGc = runInNewContext("gc") as () => void;
      } catch {
        fullGc = null;
      }
    }
  }
  fullGc?.();
}

/**
 * Thrown by a native about to allocate more than the heap has room for (see `reserve`):
 * the machine kills the process that called it, as the heap watch would once the
 * allocation had filled the heap, but before V8 runs out and takes the whole program down.
 */
export class OutOfHeap extends Error {
  constructor(
    /** What the native asked for, in bytes. */
    readonly bytes: number,
    readonly stats: HeapStats,
  ) {
    super(`out of heap: ${bytes} bytes wanted`);
  }
}

/** Bytes V8 takes for one list cell (a Cons: object header and two fields). */
export const CONS_BYTES = 40;
/** Allocations below this are not checked (the heap watch between slices covers them). */
const RESERVE_MIN = 16 << 20;
/** The share of the heap limit the runtime lets processes fill (the heap watch's default ratio). */
const HEAP_SHARE = 0.75;

/**
 * Called by a native before it builds something of about `bytes` (a list of n cells, a
 * string of n bytes, an array of n elements): throws OutOfHeap when that would take the JS
 * heap past the share processes may fill, even after a full collection. Costs nothing for
 * small allocations. On the BEAM such a process grows its heap until it hits its
 * max_heap_size or the machine runs out; here it is stopped before it starts.
 */
let lastCollect = -Infinity;

export function reserve(bytes: number): void {
  if (!(bytes >= RESERVE_MIN)) return;
  const room = (s: HeapStats) => s.used + bytes <= s.limit * HEAP_SHARE;
  if (room(v8Stats())) return;
  // A full collection of a big heap takes a while: at most one a second (the last one's
  // result stands meanwhile).
  const now = performance.now();
  if (now - lastCollect >= 1000) {
    collect();
    lastCollect = performance.now();
  }
  const s = v8Stats();
  if (!room(s)) throw new OutOfHeap(bytes, s);
}


/**
 * The most elements a native puts in one JS array. V8 grows an array's store by half again
 * each time and aborts the whole program (no exception) when the store would pass its
 * largest size, which happens at about 112.8M elements; past this a native fails with a
 * RangeError, which the machine raises as SystemLimitError.
 */
export const ARRAY_LIMIT = 48 << 21;

/** Throws (SystemLimitError in the process) when an array of `n` elements cannot be built. */
export function arrayRoom(n: number): void {
  if (n > ARRAY_LIMIT) throw new RangeError(`an array of ${n} elements is beyond the largest V8 can hold`);
}

/**
 * Thrown by `pollInterrupt` when the user interrupted the evaluation a native is running
 * in: the machine ends the slice there, and the process, killed by the interrupt, exits.
 */
export class NativeInterrupted extends Error {
  constructor() {
    super("interrupted");
  }
}

/**
 * The program's Ctrl+C check, set by the interactive shell of this thread (there is one
 * terminal per thread, as there is one JS heap): true when a Ctrl+C came while this native
 * ran and its process was killed for it.
 */
let interruptCheck: (() => boolean) | null = null;

export function setInterruptCheck(check: (() => boolean) | null): void {
  interruptCheck = check;
}

/** Whether a Ctrl+C came and killed the running process (as pollInterrupt, without throwing). */
export function interrupted(): boolean {
  return interruptCheck !== null && interruptCheck();
}

/** Called now and then by natives walking or building long terms. */
export function pollInterrupt(): void {
  if (interruptCheck !== null && interruptCheck()) throw new NativeInterrupted();
}

let steps = 0;
/**
 * One step of a long walk inside a native (building or listing a big map, searching a big
 * binary): every 65,536th step polls for Ctrl+C, so a walk over millions of elements can
 * be interrupted without a check costing anything measurable.
 */
export function pollStep(): void {
  if ((++steps & 0xffff) === 0) pollInterrupt();
}
