// How a runtime reaches other nodes. The runtime knows other nodes only through these two
// interfaces: distribution (src/runtime/dist) implements them over the Erlang distribution
// protocol, and tests implement them with an in-process link between two runtimes.
//
// Outgoing: when a local process sends to, links to, monitors or signals an external pid
// (one whose `node` is set), the runtime asks `Distribution.connection(node)` and calls the
// matching method, with the terms as they are (the connection encodes them, turning internal
// identifiers into external ones). No connection means what BEAM does for a node that cannot
// be reached: messages are dropped, a link or monitor fails at once with `:noconnection`.
//
// Incoming: the connection decodes what arrives (external identifiers naming this node
// become internal ones) and calls the runtime's entry points: `rt.send` and
// `rt.sendNamed` for messages, `rt.signals.remote*` for links, exit signals and monitors,
// and `rt.signals.nodeDown` when the connection is lost.
import type { Atom, Pid, Ref, Term } from "./term.js";

export interface Distribution {
  /** The connection to `node` (it may connect on first use), or null when it cannot be reached. */
  connection(node: Atom): NodeConnection | null;
  /** The creation of `node` when this runtime knows the node (connected now or before), else null. */
  creationOf(node: Atom): number | null;
  /**
   * Resolves once nothing has arrived from other nodes for `quietMs` (or after `maxMs`): the
   * shell prints a result after the output other nodes already sent, as iex does.
   */
  settle?(quietMs: number, maxMs: number): Promise<void>;
  /** The nodes connected now, oldest connection first (the observer's Nodes view). */
  nodes?(): NodeInfo[];
}

/** What the runtime knows about one connected node. */
export interface NodeInfo {
  name: string;
  /** A real Erlang/Elixir node (it answered with its erl_eval), another beamsh node, or not known yet. */
  kind: "real" | "beamsh" | "unknown";
  /** Handshake version (5 or 6) and the peer's creation. */
  version: number;
  creation: number;
  /** When the connection came up (Date.now()). */
  since: number;
  bytesIn: number;
  bytesOut: number;
  messagesIn: number;
  messagesOut: number;
}

/** Signals to one other node, in BEAM's distribution terms (SEND, LINK, EXIT, MONITOR_P, ...). */
export interface NodeConnection {
  /** A message to a pid of that node (`from` is null when no process sends it, e.g. a timer). */
  send(from: Pid | null, to: Pid, msg: Term): void;
  /** A message to a name registered on that node (`send({name, node}, msg)`). */
  sendNamed(from: Pid, name: Atom, msg: Term): void;
  link(from: Pid, to: Pid): void;
  unlink(from: Pid, to: Pid): void;
  /** An exit signal: a link breaking (`viaLink`, `from` exited) or exit/2. */
  exit(from: Pid, to: Pid, reason: Term, viaLink: boolean): void;
  /** `from` monitors `target` (a pid, or a name registered on that node) under `ref`. */
  monitor(from: Pid, target: Pid | Atom, ref: Ref): void;
  demonitor(from: Pid, target: Pid | Atom, ref: Ref): void;
  /** A monitored local process (`object`: its pid, or the name it was monitored by) went down. */
  down(object: Pid | Atom, to: Pid, ref: Ref, reason: Term): void;
  /** A message to a process alias of that node (ALIAS_SEND). */
  aliasSend?(from: Pid | null, alias: Ref, msg: Term): void;
}
