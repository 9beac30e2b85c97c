// Exit signals, links and monitors with BEAM's semantics (the Erlang reference manual,
// "Processes: Receiving Exit Signals"):
//  - a process that exits sends an exit signal with its reason along every link, and a
//    `{:DOWN, ref, :process, object, reason}` message to every process monitoring it;
//  - a process that traps exits turns any exit signal into an `{:EXIT, from, reason}`
//    message, except an untrappable `:kill` sent with exit/2;
//  - otherwise `:normal` is ignored (unless a process sends it to itself with exit/2), `:kill`
//    sent with exit/2 kills with reason `:killed`, and any other reason kills with that
//    reason. A link signal carrying `:kill` (a process that called `exit(:kill)`) is an
//    ordinary reason: it kills non-trapping processes with reason `:kill`.
// Deaths caused by signals are processed from a queue, not by recursion, so a chain of
// 100k linked processes cannot overflow the JS stack.
import type { Process } from "./process.js";
import type { Runtime } from "./runtime.js";
import { clearReceiveTimeout } from "./scheduler.js";
import { Pid, Ref, Term, a, tuple } from "./term.js";

const NORMAL = a("normal");
const KILL = a("kill");
const KILLED = a("killed");
const EXIT = a("EXIT");
const DOWN = a("DOWN");
const PROCESS = a("process");
const NOPROC = a("noproc");

export class Signals {
  /** Processes to finish, in order (see exitProcess). */
  private readonly dying: [Process, Term][] = [];
  private draining = false;

  constructor(private readonly rt: Runtime) {}

  /** Finishes `p` with `reason`, then every process that dies because of it. */
  exitProcess(p: Process, reason: Term): void {
    if (this.draining) {
      this.dying.push([p, reason]);
      return;
    }
    this.draining = true;
    try {
      this.finish(p, reason);
      for (let i = 0; i < this.dying.length; i++) this.finish(this.dying[i][0], this.dying[i][1]);
    } finally {
      this.dying.length = 0;
      this.draining = false;
    }
  }

  /** The death of one process: tables cleared, links and monitors notified. */
  private finish(p: Process, reason: Term): void {
    if (p.status === "exited") return;
    p.status = "exited";
    p.exitReason = reason;
    p.pendingKill = undefined;
    clearReceiveTimeout(p);
    if (p.registeredName !== null) this.rt.registry.unregister(p.registeredName);
    this.notifyLinks(p, reason);
    this.notifyMonitors(p, reason);
    this.rt.processExited(p);
  }

  private notifyLinks(p: Process, reason: Term): void {
    if (p.links.size === 0) return;
    const links = p.links;
    p.links = new Set();
    for (const id of links) {
      const other = this.rt.procs.get(id);
      if (other === undefined) continue;
      other.links.delete(p.pid.id);
      this.deliverExit(p.pid, other, reason, true);
    }
  }

  private notifyMonitors(p: Process, reason: Term): void {
    const watchers = p.monitoredBy;
    const held = p.monitors;
    p.clearTables();
    for (const { ref, watcher, object } of watchers.values()) {
      const w = this.rt.procs.get(watcher);
      if (w === undefined) continue;
      w.monitors.delete(ref.id);
      this.rt.send(w.pid, tuple(DOWN, ref, PROCESS, object, reason));
    }
    for (const { ref, target } of held.values()) this.rt.procs.get(target.id)?.monitoredBy.delete(ref.id);
  }

  /** An exit signal from `from` to `to`: a link breaking (`viaLink`) or exit/2. */
  deliverExit(from: Pid, to: Process, reason: Term, viaLink: boolean): void {
    if (to.status === "exited") return;
    if (reason === KILL && !viaLink) return this.kill(to, KILLED);
    if (to.trapExit) {
      this.rt.send(to.pid, tuple(EXIT, from, reason));
      return;
    }
    if (reason === NORMAL) {
      if (!viaLink && from.id === to.pid.id) this.kill(to, NORMAL);
      return;
    }
    this.kill(to, reason);
  }

  /** Terminates `p` now, or when its slice ends if it is the running process. */
  kill(p: Process, reason: Term): void {
    if (p.status === "running") {
      if (p.pendingKill === undefined) p.pendingKill = reason;
      return;
    }
    this.exitProcess(p, reason);
  }

  /** Links `p` and `other`; false when `other` is not alive (the caller decides what follows). */
  link(p: Process, other: Pid): boolean {
    if (other.id === p.pid.id) return true;
    const o = this.rt.process(other);
    if (o === undefined) return false;
    p.linkTable().add(o.pid.id);
    o.linkTable().add(p.pid.id);
    return true;
  }

  unlink(p: Process, other: Pid): void {
    p.links.delete(other.id);
    this.rt.procs.get(other.id)?.links.delete(p.pid.id);
  }

  /**
   * Monitors `target` (`object` is what the DOWN message will name: the pid, or
   * `{name, node}` for a monitor by name). A dead target gets an immediate `:noproc` DOWN.
   */
  monitor(p: Process, target: Pid | null, object: Term): Ref {
    const ref = this.rt.makeRef();
    p.mailbox.mark(ref);
    const t = target === null ? undefined : this.rt.process(target);
    if (t === undefined) {
      this.rt.send(p.pid, tuple(DOWN, ref, PROCESS, object, NOPROC));
      return ref;
    }
    p.monitorTable().set(ref.id, { ref, target: t.pid, name: object });
    t.watcherTable().set(ref.id, { ref, watcher: p.pid.id, object });
    return ref;
  }

  /** Removes a monitor `p` holds; false when there was none with this ref. */
  demonitor(p: Process, ref: Ref): boolean {
    const m = p.monitors.get(ref.id);
    if (m === undefined) return false;
    p.monitors.delete(ref.id);
    this.rt.procs.get(m.target.id)?.monitoredBy.delete(ref.id);
    return true;
  }
}

export { NORMAL, KILL, KILLED };
