// The runtime's view of other nodes (runtime/nodes.ts) over the Erlang distribution
// protocol: local operations on external identifiers become control messages on the
// node's connection, and control messages that arrive become runtime operations.
//
//   send / {name, node} send     SEND_SENDER (SEND from no process) / REG_SEND
//   link, unlink                 LINK, UNLINK_ID (answered with UNLINK_ID_ACK)
//   exit via a link, exit/2      PAYLOAD_EXIT, PAYLOAD_EXIT2
//   monitor, demonitor, DOWN     MONITOR_P, DEMONITOR_P, PAYLOAD_MONITOR_P_EXIT
//   Node.spawn*, :erpc           SPAWN_REQUEST, SPAWN_REPLY (see spawn.ts)
//   reply to an alias            ALIAS_SEND
//   group_leader/2 remotely      GROUP_LEADER
// A peer that lacks a newer form (an old node without SEND_SENDER or EXIT_PAYLOAD) gets the
// older one. Whatever arrives for a process that is gone is dropped, as BEAM drops it.
import type { Distribution, NodeConnection, NodeInfo } from "../nodes.js";
import type { Runtime } from "../runtime.js";
import { Fun } from "../fun.js";
import { Atom, Pid, Ref, Term, a, binBytes, isBinary, list, refKey, tuple } from "../term.js";
import { learnRequestArgs, profileFromReply } from "./erl-eval.js";
import { closureModules, isForeignFun } from "./funs.js";
import { DistMessage, Op, normalise } from "./control.js";
import { DFLAG } from "./handshake.js";
import type { NetKernel, NodeLink } from "./net-kernel.js";

/** Handlers for what the library implements (spawn requests, aliases, group leaders). */
export interface WireServices {
  /** SPAWN_REQUEST: spawn locally and answer with SPAWN_REPLY (spawn.ts). */
  spawnRequest(from: NodeLink, reqId: Ref, parent: Pid, groupLeader: Pid, mfa: Term, opts: Term, args: Term): void;
  /** SPAWN_REPLY for a request a local process made. */
  spawnReply(reqId: Ref, to: Pid, flags: number, result: Term): void;
  /** ALIAS_SEND to a local reference. */
  aliasSend(alias: Ref, msg: Term): void;
  /** GROUP_LEADER: `leader` becomes the group leader of the local `of`. */
  groupLeader(leader: Pid, of: Pid): void;
}

export class Wire implements Distribution {
  private readonly conns = new Map<Atom, RemoteNode>();
  private readonly learning = new Map<number | string, (reply?: Term) => void>();
  private unlinkIds = 0;
  services: WireServices | null = null;

  constructor(
    readonly rt: Runtime,
    readonly kernel: NetKernel,
  ) {
    kernel.onMessage = (link, m) => this.receive(link, m);
    kernel.learn = (link) => this.learn(link);
    kernel.toLearn = (link, m) => this.toLearn(link, m);
    kernel.subscribe({
      nodeup: () => {},
      nodedown: (node) => this.lost(node),
      unreachable: (node) => this.lost(node),
    });
  }

  connection(node: Atom): NodeConnection | null {
    if (node === this.rt.node || !/^[^@]+@[^@]+$/.test(node.name)) return null;
    let c = this.conns.get(node);
    if (c === undefined) {
      c = new RemoteNode(this, node);
      this.conns.set(node, c);
    }
    return c;
  }

  async settle(quietMs: number, maxMs: number): Promise<void> {
    await this.kernel.settle(quietMs, maxMs);
    // Let the processes that got what arrived (an I/O server, say) run before the caller goes on.
    for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
  }

  nodes(): NodeInfo[] {
    return [...this.kernel.links.values()].map((l) => ({
      name: l.node.name,
      kind: l.held !== null ? "unknown" : l.erlEval !== null ? "real" : "beamsh",
      version: l.peer.version,
      creation: l.peer.creation,
      since: l.since,
      ...l.conn.traffic,
    }));
  }

  creationOf(node: Atom): number | null {
    return this.kernel.links.get(node)?.peer.creation ?? null;
  }

  /** Links and monitors across the lost (or never made) connection fire with :noconnection. */
  private lost(node: Atom): void {
    this.conns.delete(node);
    this.rt.signals.nodeDown(node);
  }

  /**
   * Learns whether a new peer is a real node and what its erl_eval funs look like (see
   * erl-eval.ts), with a call to its rex from the distribution's own pid; a peer that
   * cannot answer (another beamsh node) or does not in time has no profile.
   */
  private async learn(link: NodeLink): Promise<void> {
    const reply = await this.rexCall(link, a("erl_eval"), a("exprs"), learnRequestArgs());
    if (reply !== undefined) link.erlEval = profileFromReply(reply, (f) => (f instanceof Fun && isForeignFun(f) ? f.wire : null));
  }

  /**
   * Before a message carrying closures of user modules goes to a real peer: a way to learn
   * the peer's MD5 of each such module it has not been asked about (`Mod.module_info(:md5)`;
   * null when it does not have the module), or null when nothing is missing.
   */
  private toLearn(link: NodeLink, m: DistMessage): (() => Promise<void>) | null {
    if (link.erlEval === null || m.payload === undefined) return null;
    const missing = [...closureModules(m.payload)].filter((mod) => !link.md5s.has(mod));
    if (missing.length === 0) return null;
    return async () => {
      const replies = await Promise.all(missing.map((mod) => this.rexCall(link, a(mod), a("module_info"), list([a("md5")]))));
      missing.forEach((mod, i) => {
        const r = replies[i];
        link.md5s.set(mod, isBinary(r) && r !== undefined ? binBytes(r).slice() : null);
      });
    };
  }

  /** Calls `m:f(args)` through the peer's rex from the distribution's own pid; undefined if no answer in time. */
  private rexCall(link: NodeLink, m: Atom, f: Atom, args: Term): Promise<Term | undefined> {
    const tag = this.rt.newRef();
    const key = refKey(tag);
    return new Promise((resolve) => {
      const done = (reply?: Term) => {
        clearTimeout(timer);
        this.learning.delete(key);
        resolve(reply);
      };
      const timer = setTimeout(() => done(), this.kernel.setupTime);
      timer.unref();
      this.learning.set(key, done);
      const call = tuple(a("call"), m, f, args, LEARNER);
      link.conn.send([Op.REG_SEND, LEARNER, a(""), a("rex")], tuple(a("$gen_call"), tuple(LEARNER, tag), call));
    });
  }

  /** A reply to a learning call: `{Tag, Reply}` sent to the distribution's own pid. */
  private learned(msg: Term): boolean {
    if (!Array.isArray(msg) || msg.length !== 2 || !(msg[0] instanceof Ref)) return false;
    const done = this.learning.get(refKey(msg[0]));
    if (done === undefined) return false;
    done(msg[1]);
    return true;
  }

  nextUnlinkId(): number {
    return ++this.unlinkIds;
  }

  /** Sends, choosing the form the peer understands once its flags are known. */
  post(node: Atom, build: (flags: bigint) => DistMessage): void {
    this.kernel.send(node, build);
  }

  // ---- incoming -------------------------------------------------------------------------

  private receive(link: NodeLink, raw: DistMessage): void {
    const m = normalise(raw);
    if (m === null) return;
    const c = m.ctrl;
    const signals = this.rt.signals;
    const pid = (t: Term): t is Pid => t instanceof Pid;
    switch (c[0]) {
      case Op.SEND:
      case Op.SEND_SENDER:
        if (pid(c[2]) && c[2].node === null) {
          if (c[2].id === LEARNER.id && c[2].serial === LEARNER.serial && this.learned(m.payload)) return;
          this.rt.send(c[2], m.payload);
        }
        return;
      case Op.REG_SEND:
        if (c[3] instanceof Atom) this.rt.sendNamed(c[3], m.payload);
        return;
      case Op.ALIAS_SEND:
        if (c[2] instanceof Ref && c[2].node === null) this.services?.aliasSend(c[2], m.payload);
        return;
      case Op.LINK:
        if (pid(c[1]) && pid(c[2])) signals.remoteLink(c[1], c[2]);
        return;
      case Op.UNLINK:
        if (pid(c[1]) && pid(c[2])) signals.remoteUnlink(c[1], c[2]);
        return;
      case Op.UNLINK_ID:
        if (pid(c[2]) && pid(c[3])) {
          signals.remoteUnlink(c[2], c[3]);
          link.conn.send([Op.UNLINK_ID_ACK, c[1], c[3], c[2]]);
        }
        return;
      case Op.UNLINK_ID_ACK:
        return; // the link was removed when the unlink was sent
      case Op.PAYLOAD_EXIT:
        if (pid(c[1]) && pid(c[2])) signals.remoteExit(c[1], c[2], m.payload, true);
        return;
      case Op.PAYLOAD_EXIT2:
        if (pid(c[1]) && pid(c[2])) signals.remoteExit(c[1], c[2], m.payload, false);
        return;
      case Op.MONITOR_P:
        if (pid(c[1]) && (pid(c[2]) || c[2] instanceof Atom) && c[3] instanceof Ref) signals.remoteMonitor(c[1], c[2], c[3]);
        return;
      case Op.DEMONITOR_P:
        if (pid(c[1]) && (pid(c[2]) || c[2] instanceof Atom) && c[3] instanceof Ref) signals.remoteDemonitor(c[1], c[2], c[3]);
        return;
      case Op.PAYLOAD_MONITOR_P_EXIT:
        if (pid(c[2]) && c[3] instanceof Ref) signals.remoteDown(c[3], c[2], m.payload);
        return;
      case Op.GROUP_LEADER:
        if (pid(c[1]) && pid(c[2])) this.services?.groupLeader(c[1], c[2]);
        return;
      case Op.SPAWN_REQUEST:
        if (c[1] instanceof Ref && pid(c[2]) && pid(c[3])) this.services?.spawnRequest(link, c[1], c[2], c[3], c[4], c[5], m.payload);
        return;
      case Op.SPAWN_REPLY:
        if (c[1] instanceof Ref && pid(c[2]) && typeof c[3] === "number") this.services?.spawnReply(c[1], c[2], c[3], c[4]);
        return;
    }
  }
}

/** The distribution's own pid, which learning calls come from (no process has it: pids start at 100). */
const LEARNER = new Pid(3, 0);

/** The sender named in an alias send no process makes (never delivered to). */
const NO_SENDER = new Pid(0, 0);

/** Operations on the processes of one other node. */
class RemoteNode implements NodeConnection {
  constructor(
    private readonly wire: Wire,
    private readonly node: Atom,
  ) {}

  send(from: Pid | null, to: Pid, msg: Term): void {
    this.wire.post(this.node, (flags) =>
      from !== null && (flags & DFLAG.SEND_SENDER) !== 0n ? { ctrl: [Op.SEND_SENDER, from, to], payload: msg } : { ctrl: [Op.SEND, a(""), to], payload: msg },
    );
  }

  sendNamed(from: Pid, name: Atom, msg: Term): void {
    this.wire.post(this.node, () => ({ ctrl: [Op.REG_SEND, from, a(""), name], payload: msg }));
  }

  link(from: Pid, to: Pid): void {
    this.wire.post(this.node, () => ({ ctrl: [Op.LINK, from, to] }));
  }

  unlink(from: Pid, to: Pid): void {
    const id = this.wire.nextUnlinkId();
    this.wire.post(this.node, (flags) => ((flags & DFLAG.UNLINK_ID) !== 0n ? { ctrl: [Op.UNLINK_ID, id, from, to] } : { ctrl: [Op.UNLINK, from, to] }));
  }

  exit(from: Pid, to: Pid, reason: Term, viaLink: boolean): void {
    this.wire.post(this.node, (flags) => {
      if ((flags & DFLAG.EXIT_PAYLOAD) !== 0n) return { ctrl: [viaLink ? Op.PAYLOAD_EXIT : Op.PAYLOAD_EXIT2, from, to], payload: reason };
      return { ctrl: [viaLink ? Op.EXIT : Op.EXIT2, from, to, reason] };
    });
  }

  monitor(from: Pid, target: Pid | Atom, ref: Ref): void {
    this.wire.post(this.node, () => ({ ctrl: [Op.MONITOR_P, from, target, ref] }));
  }

  demonitor(from: Pid, target: Pid | Atom, ref: Ref): void {
    this.wire.post(this.node, () => ({ ctrl: [Op.DEMONITOR_P, from, target, ref] }));
  }

  aliasSend(from: Pid | null, alias: Ref, msg: Term): void {
    const self = from ?? NO_SENDER;
    this.wire.post(this.node, () => ({ ctrl: [Op.ALIAS_SEND, self, alias], payload: msg }));
  }

  down(object: Pid | Atom, to: Pid, ref: Ref, reason: Term): void {
    this.wire.post(this.node, (flags) =>
      (flags & DFLAG.EXIT_PAYLOAD) !== 0n ? { ctrl: [Op.PAYLOAD_MONITOR_P_EXIT, object, to, ref], payload: reason } : { ctrl: [Op.MONITOR_P_EXIT, object, to, ref, reason] },
    );
  }
}

