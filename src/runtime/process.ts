// The process control block: everything one lightweight process owns.
//
// Status transitions: runnable → running → (runnable | waiting | exited);
// waiting → runnable when a message or exit signal arrives or its receive times out.
import type { Code, Frame, ProcLike } from "./code.js";
import type { BeamError } from "./errors.js";
import { Mailbox } from "./mailbox.js";
import type { Runtime } from "./runtime.js";
import { Pid, Term } from "./term.js";

export type ProcStatus = "runnable" | "running" | "waiting" | "exited";

export class Process implements ProcLike {
  frame!: Frame;
  /** Frame pool by call depth (see pushFrame in code.ts). */
  stack: Frame[];
  x: Term = null;
  status: ProcStatus = "runnable";
  readonly mailbox = new Mailbox();
  /** Pid ids of linked processes. */
  readonly links = new Set<number>();
  /** Monitors this process holds: ref id → monitored pid id. */
  readonly monitors = new Map<number, { ref: Term; target: Term }>();
  /** Monitors on this process: ref id → { ref, watcher pid id }. */
  readonly monitoredBy = new Map<number, { ref: Term; watcher: number }>();
  trapExit = false;
  readonly dictionary = new Map<unknown, [Term, Term]>();
  reductions = 0;
  /** Reductions left in the current slice (kept in sync by the dispatch loop). */
  reds = 0;
  registeredName: Term = null;
  /** Exception being handled by a catch/rescue handler in the current frame. */
  exc: BeamError | null = null;
  /** receive ... after: absolute deadline (ms, runtime clock), or -1 when none. */
  deadline = -1;
  timedOut = false;
  timerId: unknown = null;
  exitReason: Term = undefined;
  /** Group leader / output owner: the shell process that started this one (for IO). */
  groupLeader: Pid | null = null;
  initialCall: [Term, Term, number] | null = null;
  /** Set when the process must be interrupted (exit signal arrived while running). */
  pendingKill: Term = undefined;

  constructor(
    readonly pid: Pid,
    readonly rt: Runtime,
    entry: Code,
    args: Term[],
  ) {
    this.frame = rt.newFrame(entry, args);
    this.stack = [this.frame];
  }
}
