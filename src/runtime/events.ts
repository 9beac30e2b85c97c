// The event stream: everything that happens between processes, told once, by the runtime,
// to whoever listens. trace/1, the observer, :sys.trace's events, the shell (its
// evaluator's death) and the teaching views (sequence diagrams, crash explanations,
// scheduler lanes) are all subscribers; nothing else hooks into the runtime to watch it.
//
// Cost: each kind of event has a bit in `mask`, set while at least one subscriber wants
// that kind. Every place that could emit an event tests its bit first and builds nothing
// when it is clear, so with no subscriber the cost is one branch; a subscriber to exits
// alone does not make sends cost more. A watcher of one process's exit (the shell's
// evaluator watches its own process: watchExit) sets no bit, so that the other processes'
// exits build no event for it.
//
// Events are plain objects, immutable once emitted (terms are immutable, so keeping them is
// safe). Each has an `id` (in emission order, unique in the runtime) and `at`, the runtime's
// clock time. `cause` links an event to the one that brought it about: an exit signal to
// the exit of the process that sent it, a process's exit to the signal that killed it, an
// `{:EXIT, ...}` or `{:DOWN, ...}` message to the signal or exit behind it. Following causes
// backwards answers "why did this process die?".
//
// Listeners run inside the scheduler, synchronously: they must only record (see EventRing
// for a bounded buffer) and never call back into the runtime.
import type { Atom, Pid, Ref, Term } from "./term.js";

/** The kinds of events, each a bit of `EventStream.mask`. */
export const EV = {
  spawn: 1 << 0,
  /** A message leaves its sender (to a local or a remote pid). */
  send: 1 << 1,
  /** A message arrives in a mailbox. */
  deliver: 1 << 2,
  /** A receive clause takes a message from the mailbox. */
  receive: 1 << 3,
  link: 1 << 4,
  unlink: 1 << 5,
  monitor: 1 << 6,
  demonitor: 1 << 7,
  /** An exit signal (a link breaking, or exit/2). */
  signal: 1 << 8,
  exit: 1 << 9,
  /** A supervisor restarted a child, or gave up. */
  restart: 1 << 10,
  /** A slice starts. */
  scheduled: 1 << 11,
  /** A slice ends with the process still runnable (reductions used up, or it yielded). */
  preempted: 1 << 12,
  /** A slice ends with the process waiting in receive. */
  blocked: 1 << 13,
  /** A message timer (send_after) started, fired or was cancelled. */
  timer: 1 << 14,
  /** A `receive ... after` timed out. */
  timeout: 1 << 15,
  /**
   * A system debug event of an OTP process traced with :sys.trace/2 (what sys:handle_debug
   * gets: `{:in, msg}`, `{:out, reply, to, state}`, `{:noreply, state}`).
   */
  debug: 1 << 16,
  /**
   * An injected fault (faults.ts) was installed or removed, or did something to a message;
   * a process was suspended or resumed; the runtime was paused or resumed (pause.ts).
   */
  fault: 1 << 17,
} as const;

export type EventKind = keyof typeof EV;

export const ALL_KINDS = Object.keys(EV) as EventKind[];

interface Base {
  /** Unique in the runtime, in emission order. */
  id: number;
  /** The runtime's clock (ms). */
  at: number;
}

export type RuntimeEvent = Base &
  (
    /** `fun`: the fun a process spawned with spawn/1 runs (its first frame is the fun's code), for trace messages. */
    | { kind: "spawn"; pid: Pid; parent: Pid | null; initialCall: [Term, Term, number] | null; fun?: Term }
    | { kind: "send"; from: Pid | null; to: Pid; msg: Term; cause: number }
    | { kind: "deliver"; from: Pid | null; to: Pid; msg: Term }
    | { kind: "receive"; pid: Pid; msg: Term; clause: number }
    | { kind: "link"; pid: Pid; other: Pid }
    | { kind: "unlink"; pid: Pid; other: Pid }
    | { kind: "monitor"; pid: Pid; target: Term; ref: Ref }
    | { kind: "demonitor"; pid: Pid; ref: Ref }
    | { kind: "signal"; from: Pid; to: Pid; reason: Term; link: boolean; cause: number }
    /** `name`: the registered name it had (already released when the event is told). */
    | { kind: "exit"; pid: Pid; reason: Term; cause: number; name: Atom | null }
    | {
        kind: "restart";
        supervisor: Pid;
        child: Term;
        old: Pid | null;
        /** The new pid, or null when the supervisor gave up (too many restarts) or the start failed. */
        new: Pid | null;
        gaveUp: boolean;
        /** Restarts within the window, and the supervisor's limits. */
        restarts: number;
        maxRestarts: number;
        maxSeconds: number;
      }
    | { kind: "scheduled"; pid: Pid; queue: number }
    | { kind: "preempted"; pid: Pid; reductions: number }
    | { kind: "blocked"; pid: Pid; reductions: number }
    | { kind: "timer"; op: "start" | "fire" | "cancel"; ref: Ref; dest: Term; msg: Term }
    | { kind: "timeout"; pid: Pid }
    | { kind: "debug"; pid: Pid; event: Term }
    | {
        kind: "fault";
        /** The fault's id (0 for a suspension). */
        fault: number;
        /** A fault's kind; a process suspended or resumed (`to`); the runtime paused or resumed (`to` null). */
        type: "drop" | "delay" | "duplicate" | "reorder" | "suspend" | "resume" | "pause";
        /** `apply`: it acted on a message (`msg`) from `from` to `to` (or on process `to`). */
        op: "add" | "remove" | "apply";
        from: Pid | null;
        to: Pid | null;
        msg: Term;
      }
  );

/** The event of a kind, without what the stream adds. */
export type EventBody<K extends EventKind> = Omit<Extract<RuntimeEvent, { kind: K }>, "id" | "at">;

export type Listener = (e: RuntimeEvent) => void;

export interface Subscription {
  /** Stops delivery to this subscriber (any order, any time; idempotent). */
  close(): void;
}

interface Subscriber {
  listener: Listener;
  mask: number;
}

export class EventStream {
  /** The kinds some subscriber wants: test `(mask & EV.kind) !== 0` before building an event. */
  mask = 0;
  /**
   * The event behind what is being done now (0: none), given as `cause` to the events it
   * leads to: signals.ts sets it to a process's exit while sending its exit signals and DOWN
   * messages, and to a signal while turning it into an `{:EXIT, ...}` message.
   */
  cause = 0;
  private subscribers: Subscriber[] = [];
  /** Listeners to the exit of one local process each, by pid number (see watchExit). */
  private readonly exitWatchers = new Map<number, Listener[]>();
  private nextId = 1;

  /** `onMask` is told the mask whenever it changes (the runtime keeps a copy: `rt.watching`). */
  constructor(
    private readonly now: () => number,
    private readonly onMask: (mask: number) => void = () => {},
  ) {}

  /** Delivers events of `kinds` (default: all) to `listener` until the subscription is closed. */
  subscribe(listener: Listener, kinds: readonly EventKind[] = ALL_KINDS): Subscription {
    let mask = 0;
    for (const k of kinds) mask |= EV[k];
    const sub: Subscriber = { listener, mask };
    // Copy on write: a listener that subscribes or unsubscribes during an emit does not
    // disturb the emit under way.
    this.subscribers = [...this.subscribers, sub];
    this.mask |= mask;
    this.onMask(this.mask);
    let open = true;
    return {
      close: () => {
        if (!open) return;
        open = false;
        this.subscribers = this.subscribers.filter((s) => s !== sub);
        this.mask = this.subscribers.reduce((m, s) => m | s.mask, 0);
        this.onMask(this.mask);
      },
    };
  }

  /**
   * Delivers the exit event of the local process `pid` (alone) to `listener`, until the
   * subscription is closed. The exits of other processes are not built for it.
   */
  watchExit(pid: Pid, listener: Listener): Subscription {
    const id = pid.id;
    this.exitWatchers.set(id, [...(this.exitWatchers.get(id) ?? []), listener]);
    let open = true;
    return {
      close: () => {
        if (!open) return;
        open = false;
        const left = (this.exitWatchers.get(id) ?? []).filter((l) => l !== listener);
        if (left.length === 0) this.exitWatchers.delete(id);
        else this.exitWatchers.set(id, left);
      },
    };
  }

  /** Whether the exit of local process `pid` is to be told: someone wants every exit, or this one's. */
  wantsExit(pid: Pid): boolean {
    return (this.mask & EV.exit) !== 0 || (this.exitWatchers.size !== 0 && this.exitWatchers.has(pid.id));
  }

  /** Number of subscribers (for tests and the observer's system view). */
  get size(): number {
    return this.subscribers.length;
  }

  /**
   * Emits an event (callers test the mask first, so an event nobody wants is never built).
   * Returns its id, for events that later ones name as their cause.
   */
  emit<K extends EventKind>(kind: K, body: Omit<EventBody<K>, "kind">): number {
    const e = body as unknown as RuntimeEvent;
    e.kind = kind;
    e.id = this.nextId++;
    e.at = this.now();
    const bit = EV[kind];
    // (a process's own watchers first: the shell's evaluator learns of its death before any
    // view draws it, as when it was the runtime's first subscriber)
    if (kind === "exit" && this.exitWatchers.size !== 0) {
      const watchers = this.exitWatchers.get((e as { pid: Pid }).pid.id);
      if (watchers !== undefined) for (const l of watchers) l(e);
    }
    for (const s of this.subscribers) if ((s.mask & bit) !== 0) s.listener(e);
    return e.id;
  }
}

/** The pids an event is about (for per-process tracers). */
export function pidsOf(e: RuntimeEvent): Pid[] {
  switch (e.kind) {
    case "spawn":
      return e.parent === null ? [e.pid] : [e.pid, e.parent];
    case "send":
      return e.from === null ? [e.to] : [e.from, e.to];
    case "deliver":
      return e.from === null ? [e.to] : [e.from, e.to];
    case "link":
    case "unlink":
      return [e.pid, e.other];
    case "signal":
      return [e.from, e.to];
    case "restart":
      return [e.supervisor, ...(e.old ? [e.old] : []), ...(e.new ? [e.new] : [])];
    case "timer":
      return [];
    case "fault":
      return [...(e.from ? [e.from] : []), ...(e.to ? [e.to] : [])];
    default:
      return [e.pid];
  }
}

/**
 * A bounded buffer for a heavy subscriber (a view redrawn a few times a second): keeps the
 * newest `capacity` events, and takes at most `ratePerSecond` per second of the runtime's
 * clock; what it cannot keep it counts in `dropped`, so a flood of messages never costs more
 * than O(1) per event nor grows memory.
 */
export class EventRing {
  private readonly buf: (RuntimeEvent | undefined)[];
  private head = 0;
  private count = 0;
  /** Events not kept: overwritten when full, or over the rate. */
  dropped = 0;
  private windowStart = -Infinity;
  private inWindow = 0;

  constructor(
    readonly capacity = 1000,
    readonly ratePerSecond = Infinity,
  ) {
    this.buf = new Array(capacity);
  }

  /** A listener that fills this ring. */
  readonly push = (e: RuntimeEvent): void => {
    if (this.ratePerSecond !== Infinity) {
      if (e.at - this.windowStart >= 1000) {
        this.windowStart = e.at;
        this.inWindow = 0;
      }
      if (++this.inWindow > this.ratePerSecond) {
        this.dropped++;
        return;
      }
    }
    if (this.count === this.capacity) {
      this.head = (this.head + 1) % this.capacity;
      this.count--;
      this.dropped++;
    }
    this.buf[(this.head + this.count) % this.capacity] = e;
    this.count++;
  };

  get length(): number {
    return this.count;
  }

  /** The events held, oldest first; empties the ring. */
  drain(): RuntimeEvent[] {
    const out: RuntimeEvent[] = [];
    for (let i = 0; i < this.count; i++) {
      const j = (this.head + i) % this.capacity;
      out.push(this.buf[j]!);
      this.buf[j] = undefined;
    }
    this.head = 0;
    this.count = 0;
    return out;
  }
}
