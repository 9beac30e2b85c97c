// Exit signals, links and monitors with BEAM's semantics:
//  - a process exiting sends its reason to every linked process and a DOWN message to
//    every monitor;
//  - a `:normal` exit signal is ignored by a process that does not trap exits;
//  - a trapping process receives `{:EXIT, from, reason}` instead of dying;
//  - `:kill` cannot be trapped and kills with reason `:killed` (links then see `:killed`).
import type { Process } from "./process.js";
import type { Runtime } from "./runtime.js";
import { Pid, Ref, Term, a, tuple } from "./term.js";
import { strictEquals } from "./term-order.js";

const NORMAL = a("normal");
const KILL = a("kill");
const KILLED = a("killed");
const EXIT = a("EXIT");
const DOWN = a("DOWN");
const PROCESS = a("process");
const NOPROC = a("noproc");

export class Signals {
  constructor(private readonly rt: Runtime) {}

  /** Finishes process `p` with `reason` and notifies links and monitors. */
  exitProcess(p: Process, reason: Term): void {
    if (p.status === "exited") return;
    p.status = "exited";
    p.exitReason = reason;
    this.rt.clearTimer(p);
    if (p.registeredName !== null) this.rt.registry.delete(p.registeredName);
    for (const id of p.links) {
      const other = this.rt.procs.get(id);
      if (other === undefined) continue;
      other.links.delete(p.pid.id);
      this.deliverExit(p.pid, other, reason === KILL ? KILLED : reason, true);
    }
    p.links.clear();
    for (const { ref, watcher } of p.monitoredBy.values()) {
      const w = this.rt.procs.get(watcher);
      if (w === undefined) continue;
      w.monitors.delete((ref as Ref).id);
      this.rt.send(w.pid, tuple(DOWN, ref, PROCESS, p.pid, reason));
    }
    p.monitoredBy.clear();
    for (const { ref, target } of p.monitors.values()) {
      const t = this.rt.procs.get((target as Pid).id);
      if (t) t.monitoredBy.delete((ref as Ref).id);
    }
    p.monitors.clear();
    for (const hook of this.rt.onExit) hook(p);
    this.rt.procs.delete(p.pid.id);
  }

  /** An exit signal from `from` to `to` (a link breaking, or Process.exit/2). */
  deliverExit(from: Pid, to: Process, reason: Term, viaLink: boolean): void {
    if (to.status === "exited") return;
    if (reason === KILL && !viaLink) return this.kill(to, KILLED);
    if (to.trapExit) {
      this.rt.send(to.pid, tuple(EXIT, from, reason));
      return;
    }
    if (reason === NORMAL && !strictEquals(from, to.pid)) return;
    this.kill(to, reason);
  }

  /** Terminates `p` now (or at the end of its slice if it is the running process). */
  kill(p: Process, reason: Term): void {
    if (p.status === "running") {
      p.pendingKill = reason;
      return;
    }
    this.exitProcess(p, reason);
  }

  link(p: Process, other: Pid): boolean {
    const o = this.rt.process(other);
    if (o === undefined) return false;
    p.links.add(o.pid.id);
    o.links.add(p.pid.id);
    return true;
  }

  unlink(p: Process, other: Pid): void {
    p.links.delete(other.id);
    this.rt.procs.get(other.id)?.links.delete(p.pid.id);
  }

  /** Monitors `target`; a dead target gets an immediate `:noproc` DOWN. */
  monitor(p: Process, target: Pid): Ref {
    const ref = this.rt.makeRef();
    const t = this.rt.process(target);
    if (t === undefined) {
      this.rt.send(p.pid, tuple(DOWN, ref, PROCESS, target, NOPROC));
      return ref;
    }
    p.monitors.set(ref.id, { ref, target });
    t.monitoredBy.set(ref.id, { ref, watcher: p.pid.id });
    return ref;
  }

  demonitor(p: Process, ref: Ref): boolean {
    const m = p.monitors.get(ref.id);
    if (m === undefined) return false;
    p.monitors.delete(ref.id);
    this.rt.procs.get((m.target as Pid).id)?.monitoredBy.delete(ref.id);
    return true;
  }
}
