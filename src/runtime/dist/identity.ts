// Pids, references and ports on the wire: the node, creation and id words of each, and back.
// Local identifiers carry the local node's name and creation on the wire; an identifier
// coming back with both equal to ours is a local one again.
import { Atom, Pid, Port, Ref, refFromWords, refWords } from "../term.js";

/** The node the codec runs on. */
export interface NodeIds {
  /** The local node's name (`nonode@nohost` until the node is started). */
  readonly node: Atom;
  /** The local node's creation (0 when not distributed). */
  readonly creation: number;
}

export function pidToWire(p: Pid, ids: NodeIds): [Atom, number, number, number] {
  if (p.node === null) return [ids.node, p.id, p.serial, ids.creation];
  return [p.node, p.id, p.serial, p.creation];
}

export function pidFromWire(node: Atom, id: number, serial: number, creation: number, ids: NodeIds): Pid {
  if (node === ids.node && creation === ids.creation) return new Pid(id, serial);
  return new Pid(id, serial, node, creation);
}

export function refToWire(r: Ref, ids: NodeIds): [Atom, number, readonly number[]] {
  if (r.node === null) return [ids.node, ids.creation, refWords(r)];
  return [r.node, r.creation, refWords(r)];
}

export function refFromWire(node: Atom, creation: number, words: number[], ids: NodeIds): Ref {
  if (node === ids.node && creation === ids.creation) return refFromWords(words) ?? new Ref(words[0], null, 0, words);
  return new Ref(words[0], node, creation, words);
}

export function portToWire(p: Port, ids: NodeIds): [Atom, number, number] {
  if (p.node === null) return [ids.node, p.id, ids.creation];
  return [p.node, p.id, p.creation];
}

export function portFromWire(node: Atom, id: number, creation: number, ids: NodeIds): Port {
  if (node === ids.node && creation === ids.creation) return new Port(id);
  return new Port(id, node, creation);
}
