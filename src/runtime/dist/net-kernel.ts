// A distributed node: what `--sname`, `Node.start/2` and `:net_kernel.start/1` turn a runtime
// into. It listens for connections, registers with EPMD (starting beamsh's EPMD daemon when
// none runs), connects to other nodes on demand (Node.connect/1, or the first message to one
// of their processes, as BEAM auto-connects), runs the handshake both ways, and keeps one
// connection per node. What arrives on a connection goes to the runtime (see remote.ts);
// nodeup/nodedown go to every subscriber (net_kernel's monitor_nodes, Node.monitor/2).
import { Server, Socket, createConnection, createServer } from "node:net";
import { hostname } from "node:os";
import type { Runtime } from "../runtime.js";
import { inspect } from "../inspect.js";
import { Atom, a } from "../term.js";
import { Connection, Traffic } from "./connection.js";
import { connectionContext } from "./context.js";
import type { ErlEvalProfile } from "./erl-eval.js";
import { DistMessage } from "./control.js";
import { Registration, ensureEpmd, epmdPort, portPlease, register } from "./epmd.js";
import { HandshakeError, HandshakeIO, HandshakeNode, OUR_FLAGS, Peer, accept, initiate } from "./handshake.js";

export interface NodeOptions {
  /** `alex` or `alex@host` (short names) / `alex@host.domain` (long names). */
  name: string;
  longnames: boolean;
  cookie: string;
  /** net_ticktime in seconds (default 60). */
  ticktime?: number;
  /** Address to listen on (default: every interface, as erl). */
  listenHost?: string;
  epmdPort?: number;
  /** net_setuptime in milliseconds (default 7000): a handshake that takes longer is abandoned. */
  setupTime?: number;
}

/** Why a node went down, as nodedown_reason reports it. */
export type NodedownReason = "connection_closed" | "disconnect" | "net_tick_timeout" | "connection_setup_failed" | "no_network" | string;

export interface NodeEvents {
  nodeup(node: Atom): void;
  nodedown(node: Atom, reason: NodedownReason): void;
  /** A connection attempt failed (the node was never up): what waited on it fails too. */
  unreachable?(node: Atom): void;
}

/** A connection to a node and what BEAM keeps per connection. */
export interface NodeLink {
  node: Atom;
  conn: Connection;
  peer: Peer;
  /** When the connection came up (Date.now()). */
  since: number;
  /** The peer's erl_eval funs, when it is a real node (learned as it connects; see erl-eval.ts). */
  erlEval: ErlEvalProfile | null;
  /** Messages to the peer held while that is learned (in order), then null. */
  held: Build[] | null;
  /**
   * A real peer's MD5 of each module whose funs were sent to it (null: not loaded there), so
   * a fun of a module compiled on both sides goes as the peer's own fun of it (funs.ts).
   */
  md5s: Map<string, Uint8Array | null>;
}

/** Builds a control message for a peer with the given capability flags. */
export type Build = (flags: bigint) => DistMessage;

interface Pending {
  /** Messages to send once connected (sends auto-connect; nothing is lost while connecting). */
  queue: Build[];
  done: Promise<boolean>;
  resolve: (ok: boolean) => void;
  /** Our own outgoing socket, so a simultaneous connect can abort it. */
  socket: Socket | null;
  aborted: boolean;
}

export class NodeError extends Error {}

/** The host name erl uses for short names: this machine's name up to the first dot. */
export function shortHost(): string {
  return hostname().split(".")[0];
}

/** `alex` → alex@host; a full name is kept. Throws NodeError for a name erl would refuse. */
export function fullName(name: string, longnames: boolean): string {
  const at = name.indexOf("@");
  const alive = at < 0 ? name : name.slice(0, at);
  let host = at < 0 ? "" : name.slice(at + 1);
  if (alive === "" || !/^[\w-]+$/.test(alive)) throw new NodeError("Invalid node name!\nPlease check your configuration");
  if (host === "") {
    host = longnames ? hostname() : shortHost();
    if (longnames && !host.includes(".")) throw new NodeError("Can't set long node name!\nPlease check your configuration");
  }
  return `${alive}@${host}`;
}

export class NetKernel implements HandshakeNode {
  readonly name: string;
  readonly atom: Atom;
  creation = 0;
  readonly flags = OUR_FLAGS;
  cookie: string;
  /** Cookies set per node with erlang:set_cookie/2. */
  readonly cookies = new Map<string, string>();
  ticktime: number;
  /** net_setuptime (ms). */
  readonly setupTime: number;
  readonly links = new Map<Atom, NodeLink>();
  private readonly pending = new Map<Atom, Pending>();
  private readonly listeners = new Set<NodeEvents>();
  private server: Server | null = null;
  private registration: Registration | null = null;
  port = 0;
  /** When bytes last arrived on any connection (Date.now()). */
  lastReceived = 0;
  /** Set when stop() has begun: nothing new connects. */
  private stopping = false;
  /** Called for every message that arrives (remote.ts routes it into the runtime). */
  onMessage: (from: NodeLink, m: DistMessage) => void = () => {};
  /**
   * Asks a new peer what it needs to know before anything else is sent to it (wire.ts:
   * its erl_eval funs); messages to it wait meanwhile.
   */
  learn: ((link: NodeLink) => Promise<void>) | null = null;
  /**
   * What must be learned from the peer before `m` can be encoded for it (wire.ts: the MD5s
   * of modules whose funs it carries), and how; `m` and what follows it wait meanwhile.
   */
  toLearn: ((link: NodeLink, m: DistMessage) => (() => Promise<void>) | null) | null = null;
  /** Log events (wrong cookie, timeouts), formatted as Elixir's Logger prints them. */
  onLog: (level: "error" | "warning", text: string) => void = () => {};

  private constructor(
    readonly rt: Runtime,
    readonly opts: NodeOptions,
  ) {
    this.name = fullName(opts.name, opts.longnames);
    this.atom = a(this.name);
    this.cookie = opts.cookie;
    this.ticktime = opts.ticktime ?? 60;
    this.setupTime = opts.setupTime ?? 7000;
  }

  /**
   * Makes `rt` a distributed node: listens, registers with EPMD and renames the runtime's
   * node. Rejects (leaving the runtime as it was) when the name is taken or the network fails.
   */
  static async start(rt: Runtime, opts: NodeOptions): Promise<NetKernel> {
    const d = new NetKernel(rt, opts);
    await d.listen();
    try {
      const port = opts.epmdPort ?? epmdPort();
      await ensureEpmd(port);
      d.registration = await register(d.name.split("@")[0], d.port, { epmdPort: port });
    } catch (e) {
      d.server?.close();
      throw e;
    }
    d.creation = d.registration.creation;
    rt.node = d.atom;
    rt.creation = d.creation;
    return d;
  }

  /** Closes every connection (nodedown for each) and unregisters; the runtime is nonode@nohost again. */
  stop(): void {
    this.stopping = true;
    for (const l of [...this.links.values()]) l.conn.close("disconnect");
    for (const [node, p] of this.pending) this.failPending(node, p);
    this.server?.close();
    this.server = null;
    this.registration?.close();
    this.registration = null;
  }

  /** Resolves once no bytes have arrived for `quietMs`, or after `maxMs`. */
  async settle(quietMs: number, maxMs: number): Promise<void> {
    const until = Date.now() + maxMs;
    while (this.links.size > 0 && Date.now() < until && Date.now() - this.lastReceived < quietMs) {
      await new Promise((r) => setTimeout(r, 1));
    }
  }

  subscribe(l: NodeEvents): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** Connected nodes, oldest connection first. */
  nodes(): Atom[] {
    return [...this.links.keys()];
  }

  traffic(node: Atom): Traffic | null {
    return this.links.get(node)?.conn.traffic ?? null;
  }

  // ---- HandshakeNode --------------------------------------------------------------------

  cookieFor(node: string): string {
    return this.cookies.get(node) ?? this.cookie;
  }

  acceptStatus(node: string): "ok" | "ok_simultaneous" | "nok" | "alive" | "not_allowed" {
    if (this.stopping) return "not_allowed";
    const n = a(node);
    if (this.links.has(n)) return "alive";
    const p = this.pending.get(n);
    if (p !== undefined && p.socket !== null) {
      // Both sides are connecting: the greater name keeps its own attempt.
      if (node > this.name) {
        p.aborted = true;
        p.socket.destroy();
        return "ok_simultaneous";
      }
      return "nok";
    }
    return "ok";
  }

  replaceAlive(node: string): boolean {
    const l = this.links.get(a(node));
    if (l !== undefined) l.conn.close("connection_closed");
    return true;
  }

  // ---- connecting -----------------------------------------------------------------------

  /** Connects to `node` (resolving true when up, false when it cannot be reached or refuses). */
  connect(node: Atom): Promise<boolean> {
    if (node === this.atom) return Promise.resolve(true);
    if (this.links.has(node)) return Promise.resolve(true);
    const p = this.pending.get(node);
    if (p !== undefined) return p.done;
    if (this.stopping) return Promise.resolve(false);
    return this.startConnect(node).done;
  }

  /**
   * Sends a control message to `node`, connecting first if needed; queued messages go out
   * in order once connected, and are dropped if the connection cannot be made.
   */
  send(node: Atom, build: Build): void {
    const l = this.links.get(node);
    if (l !== undefined) {
      if (l.held !== null) {
        l.held.push(build);
        return;
      }
      const m = build(l.peer.flags);
      const learning = this.toLearn?.(l, m) ?? null;
      if (learning !== null) {
        l.held = [() => m];
        void learning().finally(() => this.release(l));
        return;
      }
      l.conn.send(m.ctrl, m.payload);
      return;
    }
    if (node === this.atom || this.stopping) return;
    const p = this.pending.get(node) ?? this.startConnect(node);
    p.queue.push(build);
  }

  /** Closes the connection to `node`: true if there was one (Node.disconnect/1). */
  disconnect(node: Atom): boolean {
    const l = this.links.get(node);
    if (l === undefined) return false;
    l.conn.close("disconnect");
    return true;
  }

  private startConnect(node: Atom): Pending {
    let resolve!: (ok: boolean) => void;
    const done = new Promise<boolean>((r) => (resolve = r));
    const p: Pending = { queue: [], done, resolve, socket: null, aborted: false };
    this.pending.set(node, p);
    void this.dial(node, p);
    return p;
  }

  private async dial(node: Atom, p: Pending): Promise<void> {
    const [alive, host] = node.name.split("@");
    if (host === undefined || alive === "") return this.failPending(node, p);
    let entry;
    try {
      entry = await portPlease(host, alive, this.opts.epmdPort ?? epmdPort());
    } catch {
      entry = null;
    }
    if (entry === null || p.aborted) return this.failPending(node, p);
    const socket = createConnection({ host, port: entry.port });
    p.socket = socket;
    const io = new HandshakeIO(socket);
    const timer = setTimeout(() => socket.destroy(), this.setupTime);
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", resolve);
        socket.once("error", reject);
      });
      const peer = await initiate(io, this, node.name, entry.highest);
      clearTimeout(timer);
      if (p.aborted || this.stopping) {
        socket.destroy();
        return this.failPending(node, p);
      }
      this.up(socket, io, peer);
    } catch (e) {
      clearTimeout(timer);
      socket.destroy();
      if (e instanceof HandshakeError && e.log !== null) this.onLog("error", e.log);
      // A simultaneous connect we gave up: the other side's connection completes the wait
      // (or, if that one fails too, the setup time runs out).
      if (p.aborted) setTimeout(() => this.failPending(node, p), this.setupTime).unref();
      else this.failPending(node, p);
    }
  }

  private failPending(node: Atom, p: Pending): void {
    if (this.pending.get(node) !== p) return;
    this.pending.delete(node);
    const up = this.links.has(node);
    p.resolve(up);
    if (!up) for (const l of this.listeners) l.unreachable?.(node);
  }

  // ---- accepting ------------------------------------------------------------------------

  private listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const server = createServer((s) => void this.acceptSocket(s));
      server.on("error", reject);
      server.listen({ port: 0, host: this.opts.listenHost }, () => {
        this.port = (server.address() as { port: number }).port;
        resolve();
      });
      this.server = server;
    });
  }

  private async acceptSocket(socket: Socket): Promise<void> {
    const io = new HandshakeIO(socket);
    socket.on("error", () => socket.destroy());
    const timer = setTimeout(() => socket.destroy(), this.setupTime);
    try {
      const peer = await accept(io, this);
      clearTimeout(timer);
      if (this.stopping) {
        socket.destroy();
        return;
      }
      this.up(socket, io, peer);
    } catch (e) {
      clearTimeout(timer);
      socket.destroy();
      if (e instanceof HandshakeError && e.log !== null) this.onLog("error", e.log);
    }
  }

  // ---- connections ----------------------------------------------------------------------

  private up(socket: Socket, io: HandshakeIO, peer: Peer): void {
    const node = a(peer.name);
    const rest = io.detach();
    const old = this.links.get(node);
    if (old !== undefined) old.conn.close("connection_closed");
    const link: NodeLink = { node, peer, since: Date.now(), conn: null as unknown as Connection, erlEval: null, held: this.learn === null ? null : [], md5s: new Map() };
    link.conn = new Connection(
      socket,
      peer,
      connectionContext(this.rt, () => link.erlEval, (module) => link.md5s.get(module)),
      {
        message: (m) => this.onMessage(link, m),
        closed: (reason) => this.down(link, reason),
        received: () => (this.lastReceived = Date.now()),
      },
      this.ticktime,
      rest,
    );
    this.links.set(node, link);
    for (const l of this.listeners) l.nodeup(node);
    const p = this.pending.get(node);
    if (p !== undefined) {
      this.pending.delete(node);
      for (const build of p.queue) this.send(node, build);
      p.resolve(true);
    }
    if (this.learn !== null) void this.learn(link).finally(() => this.release(link));
  }

  /** Sends what waited while the peer was being learned. */
  private release(link: NodeLink): void {
    const held = link.held ?? [];
    link.held = null;
    if (!link.conn.isOpen) return;
    for (let i = 0; i < held.length; i++) {
      const m = held[i](link.peer.flags);
      const learning = this.toLearn?.(link, m) ?? null;
      if (learning !== null) {
        link.held = [() => m, ...held.slice(i + 1)];
        void learning().finally(() => this.release(link));
        return;
      }
      link.conn.send(m.ctrl, m.payload);
    }
  }

  private down(link: NodeLink, reason: string): void {
    if (this.links.get(link.node) !== link) return;
    this.links.delete(link.node);
    if (reason === "net_tick_timeout") {
      this.onLog("error", `** Node ${inspectNode(link.node)} not responding **\n** Removing (timedout) connection **`);
    }
    for (const l of this.listeners) l.nodedown(link.node, reason);
  }
}

const inspectNode = (n: Atom): string => inspect(n);
