// Pids, references and ports on the wire: the node, creation and id words of each, and back.
// Local identifiers carry the local node's name and creation on the wire; an identifier
// coming back with both equal to ours is a local one again.
import { Atom, Pid, Port, Ref } from "../term.js";

/** The node the codec runs on. */
export interface NodeIds {
  /** The local node's name (`nonode@nohost` until the node is started). */
  readonly node: Atom;
  /** The local node's creation (0 when not distributed). */
  readonly creation: number;
}

export function pidToWire(p: Pid, ids: NodeIds): [Atom, number, number, number] {
  if (p.node === null || p.node === ids.node) return [ids.node, p.id, p.serial, ids.creation];
  return [p.node, p.id, p.serial, 0];
}

export function pidFromWire(node: Atom, id: number, serial: number, creation: number, ids: NodeIds): Pid {
  if (node === ids.node && creation === ids.creation) return new Pid(id, serial);
  return new Pid(id, serial, node);
}

export function refToWire(r: Ref, ids: NodeIds): [Atom, number, number[]] {
  const id = r.id;
  const words = [id % 0x40000, Math.floor(id / 0x40000) >>> 0, 0];
  if (r.node === null || r.node === ids.node) return [ids.node, ids.creation, words];
  return [r.node, 0, words];
}

export function refFromWire(node: Atom, creation: number, words: number[], ids: NodeIds): Ref {
  const id = (words[0] ?? 0) + (words[1] ?? 0) * 0x40000;
  if (node === ids.node && creation === ids.creation) return new Ref(id);
  return new Ref(id, node);
}

export function portToWire(p: Port, ids: NodeIds): [Atom, number, number] {
  return [ids.node, p.id, ids.creation];
}

export function portFromWire(node: Atom, id: number, creation: number, ids: NodeIds): Port {
  void node;
  void creation;
  void ids;
  return new Port(id);
}
