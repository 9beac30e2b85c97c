// Pids, references and ports on the wire: the node, creation and id words of each, and back.
// An internal identifier (node null) goes out with this node's name and creation; one that
// comes back with both equal to this node's is internal again (term.ts explains the model).
import { Atom, Pid, Port, Ref, refFromWords, refWords } from "../term.js";

/** The node the codec runs on. */
export interface NodeIds {
  /** The local node's name (`nonode@nohost` until the node is started). */
  readonly node: Atom;
  /** The local node's creation (0 when not distributed). */
  readonly creation: number;
}

const ours = (node: Atom, creation: number, ids: NodeIds) => node === ids.node && creation === ids.creation;

export function pidToWire(p: Pid, ids: NodeIds): [Atom, number, number, number] {
  return p.node === null ? [ids.node, p.id, p.serial, ids.creation] : [p.node, p.id, p.serial, p.creation];
}

export function pidFromWire(node: Atom, id: number, serial: number, creation: number, ids: NodeIds): Pid {
  return ours(node, creation, ids) ? new Pid(id, serial) : new Pid(id, serial, node, creation);
}

export function refToWire(r: Ref, ids: NodeIds): [Atom, number, readonly number[]] {
  return r.node === null ? [ids.node, ids.creation, refWords(r)] : [r.node, r.creation, refWords(r)];
}

export function refFromWire(node: Atom, creation: number, words: number[], ids: NodeIds): Ref {
  if (ours(node, creation, ids)) {
    const r = refFromWords(words);
    if (r !== null) return r;
  }
  return new Ref(0, node, creation, words);
}

export function portToWire(p: Port, ids: NodeIds): [Atom, number, number] {
  return p.node === null ? [ids.node, p.id, ids.creation] : [p.node, p.id, p.creation];
}

export function portFromWire(node: Atom, id: number, creation: number, ids: NodeIds): Port {
  return ours(node, creation, ids) ? new Port(id) : new Port(id, node, creation);
}
