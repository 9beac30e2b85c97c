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
// Signals are asynchronous: a process handles an exit signal that kills it when it is next
// scheduled (or at once when another process asks whether it is alive, see settle), so the
// processes queued before it run first. A shell killed by the first of twenty linked tasks
// that crash lets the other nineteen run (and crash) before it dies, as on the BEAM.
import type { HeldMonitor, Process } from "./process.js";
import { EV } from "./events.js";
import type { Runtime } from "./runtime.js";
import { clearReceiveTimeout } from "./scheduler.js";
import { Atom, Pid, Ref, Term, a, pidKey, refKey, samePid, tuple } from "./term.js";

const NORMAL = a("normal");
const KILL = a("kill");
const KILLED = a("killed");
const EXIT = a("EXIT");
const DOWN = a("DOWN");
const PROCESS = a("process");
const NOPROC = a("noproc");
const NOCONNECTION = a("noconnection");

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
      if (this.dying.length !== 0) this.dying.length = 0;
      this.draining = false;
    }
  }

  /** The death of one process: tables cleared, links and monitors notified. */
  private finish(p: Process, reason: Term): void {
    if (p.status === "exited") return;
    p.status = "exited";
    p.exitReason = reason;
    p.pendingKill = undefined;
    p.pendingKillFrom = null;
    clearReceiveTimeout(p);
    const name = p.registeredName;
    if (name !== null) this.rt.registry.unregister(name);
    // The exit is the cause of the signals and DOWN messages it sends (see events.ts).
    const ev = this.rt.events;
    const outer = ev.cause;
    const told = ev.wantsExit(p.pid);
    if (ev.mask !== 0 || told) ev.cause = told ? ev.emit("exit", { pid: p.pid, reason, cause: p.exitCause, name }) : 0;
    this.notifyLinks(p, reason);
    this.notifyMonitors(p, reason);
    ev.cause = outer;
    this.rt.processExited(p);
  }

  /** Tells the event stream about an exit signal; its id (0 when nobody watches signals). */
  private signalEvent(from: Pid, to: Pid, reason: Term, viaLink: boolean): number {
    const ev = this.rt.events;
    return (ev.mask & EV.signal) !== 0 ? ev.emit("signal", { from, to, reason, link: viaLink, cause: ev.cause }) : 0;
  }

  private notifyLinks(p: Process, reason: Term): void {
    if (p.links.size === 0) return;
    const links = p.links;
    p.dropLinks();
    const self = pidKey(p.pid);
    for (const pid of links.values()) {
      if (pid.node !== null) {
        this.signalEvent(p.pid, pid, reason, true);
        this.rt.connection(pid.node)?.exit(p.pid, pid, reason, true);
        continue;
      }
      const other = this.rt.procs.get(pid.id);
      if (other === undefined) continue;
      other.links.delete(self);
      this.deliverExit(p.pid, other, reason, true);
    }
  }

  private notifyMonitors(p: Process, reason: Term): void {
    const watchers = p.monitoredBy;
    const held = p.monitors;
    p.clearTables();
    for (const { ref, watcher, object } of watchers.values()) {
      if (watcher.node !== null) {
        this.rt.connection(watcher.node)?.down(object instanceof Pid ? object : object[0], watcher, ref, reason);
        continue;
      }
      const w = this.rt.procs.get(watcher.id);
      if (w === undefined) continue;
      w.monitors.delete(refKey(ref));
      this.rt.send(w.pid, tuple(DOWN, ref, PROCESS, object, reason), p.pid);
    }
    for (const m of held.values()) this.dropMonitor(p, m);
  }

  /** Removes the other end of a monitor `p` held (`p` demonitored it or exited). */
  private dropMonitor(p: Process, m: HeldMonitor): void {
    if (m.node !== null) this.rt.connection(m.node)?.demonitor(p.pid, m.target, m.ref);
    else this.rt.procs.get((m.target as Pid).id)?.monitoredBy.delete(refKey(m.ref));
  }

  /**
   * An exit signal from `from` (any node) to the local process `to`: a link breaking
   * (`viaLink`) or exit/2. `now`: one that kills is acted on at once, not when `to` is
   * next scheduled (beamsh's own tools, such as the observer's kill).
   */
  deliverExit(from: Pid, to: Process, reason: Term, viaLink: boolean, now = false): void {
    if (to.status === "exited") return;
    const sig = this.signalEvent(from, to.pid, reason, viaLink);
    if (reason === KILL && !viaLink) return now ? this.kill(to, KILLED, sig) : this.killWhenScheduled(to, KILLED, sig, from);
    if (to.trapExit) {
      const ev = this.rt.events;
      const outer = ev.cause;
      ev.cause = sig;
      this.rt.send(to.pid, tuple(EXIT, from, reason), from);
      ev.cause = outer;
      return;
    }
    if (reason === NORMAL) {
      if (!viaLink && samePid(from, to.pid)) this.kill(to, NORMAL, sig);
      return;
    }
    if (now) this.kill(to, reason, sig);
    else this.killWhenScheduled(to, reason, sig, from);
  }

  /**
   * An exit signal that kills `p`, handled when `p` is next scheduled: a waiting process is
   * woken and goes to the end of the run queue. The first such signal decides the reason.
   * iex runs on several schedulers, one of which would take up a woken process at once
   * when no other is waiting to run: then (and for a suspended process, which would not be
   * scheduled) it is finished at once.
   */
  private killWhenScheduled(p: Process, reason: Term, cause: number, from: Pid): void {
    const sched = this.rt.scheduler;
    if (p.status === "suspended" || (p.status === "waiting" && !sched.hasRunnable)) return this.kill(p, reason, cause);
    if (p.pendingKill === undefined) {
      p.pendingKill = reason;
      p.pendingKillFrom = from;
      p.exitCause = cause;
    }
    if (p.status === "waiting") this.rt.scheduler.wake(p);
  }

  /**
   * Whether `p` is alive as process `asker` sees it: is_process_alive/1 and process_info/1,2
   * see every signal the asker sent before them, so an exit signal from the asker that kills
   * `p` is handled now. One from another process waits for `p`'s turn.
   */
  settle(p: Process, asker: Pid): boolean {
    if (p.status === "exited") return false;
    if (p.pendingKill === undefined || p.status === "running" || p.pendingKillFrom === null || !samePid(p.pendingKillFrom, asker)) return true;
    this.exitProcess(p, p.pendingKill);
    return false;
  }

  /** Sends an exit signal from `from` to `to` as exit/2 does, whichever node `to` is on. */
  exit(from: Pid, to: Pid, reason: Term): void {
    if (to.node !== null) {
      this.signalEvent(from, to, reason, false);
      this.rt.connection(to.node)?.exit(from, to, reason, false);
      return;
    }
    const proc = this.rt.process(to);
    if (proc !== undefined) this.deliverExit(from, proc, reason, false);
  }

  /**
   * Terminates `p` now, or when its slice ends if it is the running process. `cause` is the
   * event (a signal) that kills it, for the event stream.
   */
  kill(p: Process, reason: Term, cause = 0): void {
    if (p.status === "running") {
      if (p.pendingKill === undefined) {
        p.pendingKill = reason;
        p.exitCause = cause;
      }
      return;
    }
    p.exitCause = cause;
    this.exitProcess(p, reason);
  }

  /**
   * Links `p` and `other`; false when `other` is a local process that is not alive (the
   * caller decides what follows). A process of a node that cannot be reached is not linked:
   * `p` gets an exit signal `:noconnection` from it at once, as on BEAM.
   */
  link(p: Process, other: Pid): boolean {
    if (samePid(other, p.pid)) return true;
    if (other.node !== null) {
      const conn = this.rt.connection(other.node);
      if (conn === null) {
        this.deliverExit(other, p, NOCONNECTION, true);
        return true;
      }
      p.linkTable().set(pidKey(other), other);
      this.linkEvent("link", p.pid, other);
      conn.link(p.pid, other);
      return true;
    }
    const o = this.rt.process(other);
    if (o === undefined) return false;
    p.linkTable().set(o.pid.id, o.pid);
    o.linkTable().set(p.pid.id, p.pid);
    this.linkEvent("link", p.pid, o.pid);
    return true;
  }

  private linkEvent(kind: "link" | "unlink", pid: Pid, other: Pid): void {
    const ev = this.rt.events;
    if ((ev.mask & EV[kind]) !== 0) ev.emit(kind, { pid, other });
  }

  unlink(p: Process, other: Pid): void {
    const key = pidKey(other);
    if (other.node !== null) {
      if (p.links.delete(key)) {
        this.linkEvent("unlink", p.pid, other);
        this.rt.connection(other.node)?.unlink(p.pid, other);
      }
      return;
    }
    if (p.links.delete(key)) this.linkEvent("unlink", p.pid, other);
    this.rt.procs.get(other.id)?.links.delete(p.pid.id);
  }

  /**
   * Monitors `target` (`object` is what the DOWN message will name: the pid, or
   * `{name, node}` for a monitor by name). A dead target gets an immediate `:noproc` DOWN,
   * a node that cannot be reached an immediate `:noconnection` one.
   */
  monitor(p: Process, target: Pid | null, object: Term): Ref {
    const ref = this.rt.makeRef();
    p.mailbox.mark(ref);
    this.monitorEvent(p.pid, object, ref);
    if (target !== null && target.node !== null) return this.monitorRemote(p, target, target.node, object, ref);
    const t = target === null ? undefined : this.rt.process(target);
    if (t === undefined) {
      this.rt.send(p.pid, tuple(DOWN, ref, PROCESS, object, NOPROC));
      return ref;
    }
    const key = refKey(ref);
    p.monitorTable().set(key, { ref, target: t.pid, node: null, name: object });
    t.watcherTable().set(key, { ref, watcher: p.pid, object });
    return ref;
  }

  /** Monitors a process registered as `name` on `node`, another node. */
  monitorName(p: Process, name: Atom, node: Atom): Ref {
    const ref = this.rt.makeRef();
    p.mailbox.mark(ref);
    const object = tuple(name, node);
    this.monitorEvent(p.pid, object, ref);
    return this.monitorRemote(p, name, node, object, ref);
  }

  private monitorEvent(pid: Pid, target: Term, ref: Ref): void {
    const ev = this.rt.events;
    if ((ev.mask & EV.monitor) !== 0) ev.emit("monitor", { pid, target, ref });
  }

  private monitorRemote(p: Process, target: Pid | Atom, node: Atom, object: Term, ref: Ref): Ref {
    const conn = this.rt.connection(node);
    if (conn === null) {
      this.rt.send(p.pid, tuple(DOWN, ref, PROCESS, object, NOCONNECTION));
      return ref;
    }
    p.monitorTable().set(refKey(ref), { ref, target, node, name: object });
    conn.monitor(p.pid, target, ref);
    return ref;
  }

  /** Removes a monitor `p` holds; false when there was none with this ref. */
  demonitor(p: Process, ref: Ref): boolean {
    const key = refKey(ref);
    const m = p.monitors.get(key);
    if (m === undefined) return false;
    p.monitors.delete(key);
    const ev = this.rt.events;
    if ((ev.mask & EV.demonitor) !== 0) ev.emit("demonitor", { pid: p.pid, ref });
    this.dropMonitor(p, m);
    return true;
  }

  // ---- signals from other nodes (see nodes.ts) -------------------------------------------

  /** `from` (on another node) links to the local `to`; a dead `to` answers with `:noproc`. */
  remoteLink(from: Pid, to: Pid): void {
    const t = this.rt.process(to);
    if (t === undefined) {
      this.rt.connection(from.node!)?.exit(to, from, NOPROC, true);
      return;
    }
    t.linkTable().set(pidKey(from), from);
    this.linkEvent("link", from, to);
  }

  remoteUnlink(from: Pid, to: Pid): void {
    if (this.rt.process(to)?.links.delete(pidKey(from))) this.linkEvent("unlink", from, to);
  }

  /** An exit signal from `from` (on another node): its link to `to` broke, or exit/2. */
  remoteExit(from: Pid, to: Pid, reason: Term, viaLink: boolean): void {
    const t = this.rt.process(to);
    if (t === undefined) return;
    // A link exit signal whose link is already gone (unlinked meanwhile) is ignored.
    if (viaLink && !t.links.delete(pidKey(from))) return;
    this.deliverExit(from, t, reason, viaLink);
  }

  /** `from` (on another node) monitors the local `target` (a pid or a registered name). */
  remoteMonitor(from: Pid, target: Pid | Atom, ref: Ref): void {
    const pid = target instanceof Pid ? target : this.rt.registry.whereis(target);
    const t = pid === null ? undefined : this.rt.process(pid);
    if (t === undefined) {
      this.rt.connection(from.node!)?.down(target, from, ref, NOPROC);
      return;
    }
    const object = target instanceof Pid ? t.pid : tuple(target, this.rt.node);
    t.watcherTable().set(refKey(ref), { ref, watcher: from, object });
    this.monitorEvent(from, object, ref);
  }

  remoteDemonitor(from: Pid, target: Pid | Atom, ref: Ref): void {
    void from;
    const pid = target instanceof Pid ? target : this.rt.registry.whereis(target);
    if (pid !== null) this.rt.process(pid)?.monitoredBy.delete(refKey(ref));
  }

  /** A process monitored by the local `to` (under `ref`) went down on another node. */
  remoteDown(ref: Ref, to: Pid, reason: Term): void {
    const w = this.rt.process(to);
    const key = refKey(ref);
    const m = w?.monitors.get(key);
    if (w === undefined || m === undefined) return;
    w.monitors.delete(key);
    this.rt.deliver(w.pid, tuple(DOWN, ref, PROCESS, m.name, reason), m.target instanceof Pid ? m.target : null);
  }

  /**
   * The connection to `node` is gone: every link to one of its processes breaks with
   * `:noconnection`, and every monitor on one of them fires with `:noconnection`.
   */
  nodeDown(node: Atom): void {
    for (const p of [...this.rt.procs.values()]) {
      if (p.status === "exited") continue;
      for (const [key, pid] of p.links.entries()) {
        if (pid.node !== node) continue;
        p.links.delete(key);
        this.deliverExit(pid, p, NOCONNECTION, true);
      }
      for (const m of [...p.monitors.values()]) {
        if (m.node !== node && !(m.target instanceof Pid && m.target.node === node)) continue;
        p.monitors.delete(refKey(m.ref));
        this.rt.send(p.pid, tuple(DOWN, m.ref, PROCESS, m.name, NOCONNECTION));
      }
      for (const w of [...p.monitoredBy.values()]) if (w.watcher.node === node) p.monitoredBy.delete(refKey(w.ref));
    }
  }
}

export { NORMAL, KILL, KILLED };
