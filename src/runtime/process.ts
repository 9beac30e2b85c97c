// The process control block: everything one lightweight process owns.
//
// Status transitions (the scheduler in scheduler.ts is the only writer):
//   runnable → running → runnable   (the slice's budget ran out, or the process yielded)
//                      → waiting    (blocked in receive; woken by a message, an exit
//                                    signal or its receive timeout → runnable)
//                      → exited     (returned, raised, or killed by an exit signal)
//   runnable | waiting → exited     (killed by an exit signal from another process)
//   runnable → suspended → runnable (suspended by erlang:suspend_process/1 or a fault
//                                    command, then resumed; a waiting process stays
//                                    waiting while suspended and becomes suspended, not
//                                    runnable, when woken)
// Only the running process is ever "running"; a signal that must kill it sets `pendingKill`
// and the scheduler finishes it when its slice ends.
//
// Memory: an idle process should cost well under 2 KB, so the link, monitor and dictionary
// tables start as shared read-only empty tables, replaced on first write (the *Table()
// methods), and the mailbox shares an empty array.
import { EmptyTable, SmallTable } from "./small-table.js";
import type { Code, Frame, ProcLike } from "./code.js";
import { NO_MAX_HEAP } from "./heap-watch.js";
import type { MaxHeap } from "./heap-watch.js";
import type { BeamError } from "./errors.js";
import { Mailbox } from "./mailbox.js";
import type { Runtime } from "./runtime.js";
import { Atom, Pid, Ref, Term } from "./term.js";

export type ProcStatus = "runnable" | "running" | "waiting" | "suspended" | "exited";

/**
 * A monitor this process holds: on `target`, a pid (a name registered on another node when
 * the monitor was by name there; a local name is resolved to its pid at once).
 */
export interface HeldMonitor {
  ref: Ref;
  target: Pid | Atom;
  /** The node of a target given by name on another node, else null. */
  node: Atom | null;
  /** What the DOWN message will name: the pid, or `{name, node}` for a monitor by name. */
  name: Term;
}

/** A monitor on this process, held by `watcher` (a local or a remote process). */
export interface WatchingMonitor {
  ref: Ref;
  watcher: Pid;
  /** What the DOWN message names as the monitored object (pid or `{name, node}`). */
  object: Term;
}

const NO_TABLE = new EmptyTable<never>();

export class Process implements ProcLike {
  frame!: Frame;
  /** Frame pool by call depth (see pushFrame in code.ts). */
  stack: Frame[];
  x: Term = null;
  /** Activations recorded by suspending direct bodies (protocol.ts), drained at once. */
  cap: unknown[] | undefined = undefined;
  capN = 0;
  capPool: unknown[][] | undefined = undefined;
  /** The recorded activations end in a receive that blocks (protocol.ts: suspendWait). */
  capWait = false;
  /** Some activation `cap` holds has try handlers (protocol.ts: materialize). */
  capH = false;
  /** The explicit stack of direct self calls (protocol.ts: XS), made on first use, and its height. */
  xs: unknown[] | null = null;
  xsN = 0;
  /** While direct bodies suspend: the lowest base of the regions recorded (protocol.ts: xregion). */
  xsCut = Infinity;
  status: ProcStatus = "runnable";
  readonly mailbox = new Mailbox();
  /** Linked processes, local or remote, by pidKey (a shared empty table until the first link). */
  links: SmallTable<Pid> = NO_TABLE;
  /** Monitors this process holds, by refKey. */
  monitors: SmallTable<HeldMonitor> = NO_TABLE;
  /** Monitors on this process, by refKey. */
  monitoredBy: SmallTable<WatchingMonitor> = NO_TABLE;
  trapExit = false;
  /** The process dictionary: normalised key → [key, value] (see stdlib/process.ts). */
  dictionary: SmallTable<[Term, Term], unknown> = NO_TABLE;
  /** Reductions used so far (all slices). */
  reductions = 0;
  /** Reductions left in the current slice (kept in sync by the dispatch loop). */
  reds = 0;
  /**
   * Reductions this slice may still run past its budget on the JS stack it has, while
   * nothing else wants to run (set by the scheduler for each slice; see Scheduler.extendSlice).
   */
  extend = 0;
  registeredName: Atom | null = null;
  /** Exception being handled by a catch/rescue handler in the current frame. */
  exc: BeamError | null = null;
  /**
   * receive ... after: absolute deadline (ms, runtime clock), -1 when none, or
   * DEADLINE_AT_WAIT until the receive blocks (`waitMs` from then: protocol.ts run).
   */
  deadline = -1;
  /** The timeout of the receive whose deadline is DEADLINE_AT_WAIT (ms). */
  waitMs = 0;
  /**
   * The first frame, while it tail-calls a direct body (protocol.ts
   * genResumableDirectTailCall): left, though still `frame`, so a stack trace leaves it out.
   */
  base: Frame | null = null;
  /** The patterns of the receive it is in, as text (a list of binaries; set as the receive starts), for inspection. */
  receivePatterns: Term = null;
  timedOut = false;
  timerId: unknown = null;
  exitReason: Term = undefined;
  /** Group leader (where IO goes): the shell process that started this one, or null. */
  groupLeader: Pid | null = null;
  /** The process that spawned this one (process_info's :parent), or null. */
  parent: Pid | null = null;
  /** `{module, function, arity}` of the spawn; null for the shell's evaluator. */
  initialCall: [Term, Term, number] | null = null;
  /** Set when an exit signal must kill this process while it is running. */
  pendingKill: Term = undefined;
  /** Who sent the exit signal behind `pendingKill` when it waits for this process's turn (signals.ts). */
  pendingKillFrom: Pid | null = null;
  /** The event (an exit signal) that killed this process, for the event stream (0: none). */
  exitCause = 0;
  /** `:low | :normal | :high | :max` (recorded; the scheduler has a single queue). */
  priority: Term = null;
  /** How many suspensions hold this process (it does not run while this is above 0). */
  suspends = 0;
  /** The max_heap_size flag (enforced by heap-watch.ts). */
  maxHeap: MaxHeap = NO_MAX_HEAP;

  constructor(
    readonly pid: Pid,
    readonly rt: Runtime,
    entry: Code,
    args: Term[],
  ) {
    this.frame = rt.newFrame(entry, args);
    this.stack = [this.frame];
  }

  /** The link table, created on first write. */
  linkTable(): SmallTable<Pid> {
    if (this.links === NO_TABLE) this.links = new SmallTable();
    return this.links;
  }

  monitorTable(): SmallTable<HeldMonitor> {
    if (this.monitors === NO_TABLE) this.monitors = new SmallTable();
    return this.monitors;
  }

  watcherTable(): SmallTable<WatchingMonitor> {
    if (this.monitoredBy === NO_TABLE) this.monitoredBy = new SmallTable();
    return this.monitoredBy;
  }

  dictionaryTable(): SmallTable<[Term, Term], unknown> {
    if (this.dictionary === NO_TABLE) this.dictionary = new SmallTable();
    return this.dictionary;
  }

  /** Drops the link table (the process has exited: nothing links to it again). */
  dropLinks(): void {
    this.links = NO_TABLE;
  }

  /** Drops every table (the process has exited). */
  clearTables(): void {
    this.links = NO_TABLE;
    this.monitors = NO_TABLE;
    this.monitoredBy = NO_TABLE;
  }
}
