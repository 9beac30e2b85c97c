// Trace events for chosen processes, taken from the runtime's message and signal paths.
// Part of the observer's runtime adapter (with source.ts): while at least one process is
// traced it wraps the runtime's `send`, `spawn` and link/exit-signal methods on that one
// runtime instance, and restores them when the last trace stops. Listeners get plain
// events and must not do more than queue them (they run inside the scheduler).
import type { Process } from "../runtime/process.js";
import type { Runtime } from "../runtime/runtime.js";
import type { Pid, Term } from "../runtime/term.js";

export type TraceKind = "receive" | "send" | "spawn" | "link" | "unlink" | "signal" | "exit";

export interface TraceEvent {
  /** Wall-clock time (ms since the epoch). */
  at: number;
  /** The traced process. */
  pid: number;
  kind: TraceKind;
  /** The other party: sender/receiver, spawned child, linked process, signal sender. */
  other: number | null;
  /** The message or exit reason (terms are immutable, so keeping the reference is safe). */
  term: Term;
}

export type TraceListener = (ev: TraceEvent) => void;

type Saved = Pick<Runtime, "send" | "spawn"> & Pick<Runtime["signals"], "link" | "unlink" | "deliverExit">;

export class TraceHub {
  private readonly listeners = new Map<number, Set<TraceListener>>();
  private saved: Saved | null = null;
  private readonly onExit = (p: Process) => this.emit(p.pid.id, "exit", null, p.exitReason);

  constructor(private readonly rt: Runtime) {}

  /** Starts delivering events about process `id` to `l`; returns the function that stops it. */
  add(id: number, l: TraceListener): () => void {
    let set = this.listeners.get(id);
    if (set === undefined) this.listeners.set(id, (set = new Set()));
    set.add(l);
    this.install();
    return () => {
      set!.delete(l);
      if (set!.size === 0) this.listeners.delete(id);
      if (this.listeners.size === 0) this.uninstall();
    };
  }

  dispose(): void {
    this.listeners.clear();
    this.uninstall();
  }

  private emit(pid: number, kind: TraceKind, other: number | null, term: Term): void {
    const set = this.listeners.get(pid);
    if (set === undefined) return;
    const ev: TraceEvent = { at: Date.now(), pid, kind, other, term };
    for (const l of set) l(ev);
  }

  /** The process running right now, if it is traced (only one process runs at a time). */
  private runningTraced(): number | null {
    for (const id of this.listeners.keys()) {
      if (this.rt.procs.get(id)?.status === "running") return id;
    }
    return null;
  }

  private install(): void {
    if (this.saved !== null) return;
    const rt = this.rt;
    const sig = rt.signals;
    const saved: Saved = { send: rt.send, spawn: rt.spawn, link: sig.link, unlink: sig.unlink, deliverExit: sig.deliverExit };
    this.saved = saved;
    rt.send = (to: Pid, msg: Term) => {
      const from = this.runningTraced();
      if (from !== null) this.emit(from, "send", to.id, msg);
      if (this.listeners.has(to.id) && rt.procs.has(to.id)) this.emit(to.id, "receive", from, msg);
      saved.send.call(rt, to, msg);
    };
    rt.spawn = (code, args, parent) => {
      const child = saved.spawn.call(rt, code, args, parent);
      if (parent) this.emit(parent.pid.id, "spawn", child.pid.id, null);
      return child;
    };
    sig.link = (p, other) => {
      const ok = saved.link.call(sig, p, other);
      if (ok) this.linkEvents("link", p.pid.id, other.id);
      return ok;
    };
    sig.unlink = (p, other) => {
      saved.unlink.call(sig, p, other);
      this.linkEvents("unlink", p.pid.id, other.id);
    };
    sig.deliverExit = (from, to, reason, viaLink) => {
      this.emit(to.pid.id, "signal", from.id, reason);
      saved.deliverExit.call(sig, from, to, reason, viaLink);
    };
    rt.onExit.push(this.onExit);
  }

  private linkEvents(kind: "link" | "unlink", a: number, b: number): void {
    this.emit(a, kind, b, null);
    this.emit(b, kind, a, null);
  }

  private uninstall(): void {
    if (this.saved === null) return;
    const rt = this.rt as unknown as Record<string, unknown>;
    const sig = this.rt.signals as unknown as Record<string, unknown>;
    for (const k of ["send", "spawn"]) delete rt[k];
    for (const k of ["link", "unlink", "deliverExit"]) delete sig[k];
    const i = this.rt.onExit.indexOf(this.onExit);
    if (i >= 0) this.rt.onExit.splice(i, 1);
    this.saved = null;
  }
}
