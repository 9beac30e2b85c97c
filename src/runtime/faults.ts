// Fault injection: what a network or an overloaded node does to messages, on purpose, to
// teach timeouts, handle_info, retries and idempotency. A fault applies to the messages
// from one process, to one process, or between two (`from`/`to`; null is any), for a number
// of messages (`count`) and/or a time (`until`, on the runtime's clock), until removed:
//
//   drop       the message is lost
//   delay      the message arrives `delay` ms later
//   duplicate  the message arrives twice
//   reorder    each matched message is held until the next one, which overtakes it
//
// Suspending a process (:erlang.suspend_process/1, :beamsh.suspend/1) is in scheduler.ts.
//
// Every message passes through Runtime.send, which hands it here only while a fault is
// installed or a delayed message is in flight (a bit of `rt.watching`): without faults the
// cost is the branch the send path already takes. Delivery otherwise keeps BEAM's promise
// between a pair of processes: messages arrive in the order sent, and none is lost. A delay
// holds back the messages sent after it on the same pair, so order is kept; removing a
// fault releases what it holds (a held reordered message at once, delayed ones at their
// time), so nothing is lost.
//
// Each thing a fault does is told to the event stream (`fault` events), for the views and
// sequence diagrams.
import { EV } from "./events.js";
import type { Runtime } from "./runtime.js";
import { Pid, Term, pidKey, samePid } from "./term.js";

export type FaultKind = "drop" | "delay" | "duplicate" | "reorder";

export const FAULT_KINDS: readonly FaultKind[] = ["drop", "delay", "duplicate", "reorder"];

/** What a fault applies to and for how long. */
export interface FaultSpec {
  kind: FaultKind;
  /** The sender, or null for any. */
  from: Pid | null;
  /** The receiver, or null for any. */
  to: Pid | null;
  /** How many more messages it applies to (null: no limit). */
  count: number | null;
  /** Until when (clock ms; null: until removed). */
  until: number | null;
  /** For `delay`: how late a message arrives (ms). */
  delay: number;
}

export interface Fault extends FaultSpec {
  readonly id: number;
  /** Messages it applied to so far. */
  hits: number;
}

interface Held {
  from: Pid | null;
  to: Pid;
  msg: Term;
}

/** A pair's messages in flight behind a delay, in the order sent. */
interface Flight {
  msgs: { at: number; msg: Term; from: Pid | null; to: Pid }[];
}

export class Faults {
  private faults: (Fault & { held: Held | null })[] = [];
  private nextId = 1;
  /** Messages held back by a delay, per pair (sender → receiver). */
  private flights = new Map<string, Flight>();

  constructor(
    private readonly rt: Runtime,
    /** Tells the runtime whether sends must come here (see Runtime.watching). */
    private readonly onActive: (active: boolean) => void,
  ) {}

  /** True while a fault is installed or a delayed message is in flight. */
  get active(): boolean {
    return this.faults.length > 0 || this.flights.size > 0;
  }

  /** The installed faults, oldest first. */
  list(): readonly Fault[] {
    return this.faults;
  }

  /** Installs a fault; answers it (its id identifies it). */
  add(spec: FaultSpec): Fault {
    const f = { ...spec, id: this.nextId++, hits: 0, held: null };
    this.faults.push(f);
    if (f.until !== null) this.rt.clock.setTimer(f.until, () => this.remove(f.id));
    this.tell("add", f, f.from, f.to, null);
    this.onActive(true);
    return f;
  }

  /** Removes a fault, releasing what it holds. False when there is no such fault. */
  remove(id: number): boolean {
    const i = this.faults.findIndex((f) => f.id === id);
    if (i < 0) return false;
    const [f] = this.faults.splice(i, 1);
    this.tell("remove", f, f.from, f.to, null);
    if (f.held !== null) {
      const h = f.held;
      f.held = null;
      this.pass(h.from, h.to, h.msg);
    }
    this.onActive(this.active);
    return true;
  }

  /** Removes every fault. */
  clear(): void {
    for (const f of [...this.faults]) this.remove(f.id);
  }

  /**
   * A message sent from `from` to `to` (after its send event). Delivers it as the faults
   * say: now, later, twice, after the next one, or never.
   */
  send(from: Pid | null, to: Pid, msg: Term): void {
    const f = this.match(from, to);
    if (f === null) return this.pass(from, to, msg);
    f.hits++;
    if (f.count !== null) f.count--;
    this.tell("apply", f, from, to, msg);
    switch (f.kind) {
      case "drop":
        break;
      case "delay":
        this.hold(from, to, msg, this.rt.clock.now() + f.delay);
        break;
      case "duplicate":
        this.pass(from, to, msg);
        this.pass(from, to, msg);
        break;
      case "reorder":
        if (f.held === null) f.held = { from, to, msg };
        else {
          const h = f.held;
          f.held = null;
          this.pass(from, to, msg);
          this.pass(h.from, h.to, h.msg);
        }
        break;
    }
    // A fault used up ends as a removed one does (what it holds is released).
    if (f.count !== null && f.count <= 0) this.remove(f.id);
  }

  /** The first installed fault for this pair that is still on. */
  private match(from: Pid | null, to: Pid): (Fault & { held: Held | null }) | null {
    for (const f of this.faults) {
      if (f.to !== null && !samePid(f.to, to)) continue;
      if (f.from !== null && (from === null || !samePid(f.from, from))) continue;
      return f;
    }
    return null;
  }

  /** Delivers now, unless earlier messages of the pair are still in flight (then after them). */
  private pass(from: Pid | null, to: Pid, msg: Term): void {
    const flight = this.flights.get(pairKey(from, to));
    if (flight === undefined) return this.rt.forward(to, msg, from);
    this.hold(from, to, msg, flight.msgs[flight.msgs.length - 1].at);
  }

  /** Holds a message of a pair until `at` (never before the pair's earlier messages). */
  private hold(from: Pid | null, to: Pid, msg: Term, at: number): void {
    const key = pairKey(from, to);
    let flight = this.flights.get(key);
    if (flight === undefined) this.flights.set(key, (flight = { msgs: [] }));
    const last = flight.msgs.length > 0 ? flight.msgs[flight.msgs.length - 1].at : at;
    const entry = { at: Math.max(at, last), msg, from, to };
    flight.msgs.push(entry);
    this.rt.clock.setTimer(entry.at, () => this.land(key));
  }

  /** The oldest message in flight on a pair arrives (timers of a pair fire in order). */
  private land(key: string): void {
    const flight = this.flights.get(key)!;
    const m = flight.msgs.shift()!;
    if (flight.msgs.length === 0) this.flights.delete(key);
    this.rt.forward(m.to, m.msg, m.from);
    this.onActive(this.active);
  }

  private tell(op: "add" | "remove" | "apply", f: Fault, from: Pid | null, to: Pid | null, msg: Term): void {
    const ev = this.rt.events;
    if ((ev.mask & EV.fault) !== 0) ev.emit("fault", { fault: f.id, type: f.kind, op, from, to, msg });
  }
}

function pairKey(from: Pid | null, to: Pid): string {
  return (from === null ? "-" : pidKey(from)) + ">" + pidKey(to);
}
