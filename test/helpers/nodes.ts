// Two (or more) runtimes in one JS process, joined by an in-process link that plays the part
// of distribution: each runtime reaches the others through the Distribution/NodeConnection
// interfaces (src/runtime/nodes.ts), and terms cross the link as the external term format
// would carry them — internal pids, references and ports become external ones naming the
// sending node, and external ones naming the receiving node become internal again.
// Signals queue on the link until `flush`, so delivery between nodes is asynchronous, as
// on a real connection.
import { createRuntime } from "../../src/boot.js";
import { VirtualClock } from "../../src/runtime/clock.js";
import { Fun } from "../../src/runtime/fun.js";
import { MapTerm } from "../../src/runtime/map.js";
import type { Distribution, NodeConnection } from "../../src/runtime/nodes.js";
import type { Runtime } from "../../src/runtime/runtime.js";
import { Atom, Cons, Pid, Port, Ref, Term, a, refFromWords, refWords } from "../../src/runtime/term.js";

export interface TestNode {
  rt: Runtime;
  clock: VirtualClock;
  output: string[];
}

/** A node that is started (named, with a creation) but connected to nothing yet. */
export function testNode(name: string, creation: number): TestNode {
  const clock = new VirtualClock();
  const output: string[] = [];
  const rt = createRuntime({ clock, write: (s) => output.push(s), node: a(name), creation });
  return { rt, clock, output };
}

/** A term as `to` sees it after crossing the link from `from`. */
export function carry(t: Term, from: Runtime, to: Runtime): Term {
  if (t instanceof Pid) {
    if (t.node === null) return new Pid(t.id, t.serial, from.node, from.creation);
    return t.node === to.node && t.creation === to.creation ? new Pid(t.id, t.serial) : t;
  }
  if (t instanceof Ref) {
    if (t.node === null) return new Ref(t.id, from.node, from.creation, refWords(t));
    if (t.node === to.node && t.creation === to.creation) return refFromWords(refWords(t)) ?? new Ref(t.id, null, 0, t.words);
    return t;
  }
  if (t instanceof Port) {
    if (t.node === null) return new Port(t.id, from.node, from.creation);
    return t.node === to.node && t.creation === to.creation ? new Port(t.id) : t;
  }
  if (Array.isArray(t)) return t.map((x) => carry(x, from, to));
  if (t instanceof Cons) {
    const items: Term[] = [];
    let l: Term = t;
    for (; l instanceof Cons; l = l.t) items.push(carry(l.h, from, to));
    let out = carry(l, from, to);
    for (let i = items.length - 1; i >= 0; i--) out = new Cons(items[i], out);
    return out;
  }
  if (t instanceof MapTerm) return MapTerm.fromPairs([...t.entries.values()].map(([k, v]) => [carry(k, from, to), carry(v, from, to)]));
  if (t instanceof Fun) throw new Error("funs do not cross the test link");
  return t;
}

/** Runtimes joined pairwise by in-process connections. */
export class TestNetwork {
  private readonly nodes = new Map<Atom, Runtime>();
  /** Connections that are up, as "from>to" of the node names. */
  private readonly up = new Set<string>();
  /** Connections that were ever up: a node knows the nodes it has seen (BEAM's dist entries). */
  private readonly known = new Set<string>();
  private readonly queue: (() => void)[] = [];

  add(rt: Runtime): void {
    this.nodes.set(rt.node, rt);
    const net = this;
    const dist: Distribution = {
      connection: (node) => net.connectionFrom(rt, node),
      creationOf: (node) => (net.known.has(rt.node.name + ">" + node.name) ? net.nodes.get(node)!.creation : null),
    };
    rt.distribution = dist;
  }

  connect(x: Runtime, y: Runtime): void {
    for (const k of [x.node.name + ">" + y.node.name, y.node.name + ">" + x.node.name]) {
      this.up.add(k);
      this.known.add(k);
    }
  }

  /** The connection between x and y breaks: both sides see the other node go down. */
  disconnect(x: Runtime, y: Runtime): void {
    this.up.delete(x.node.name + ">" + y.node.name);
    this.up.delete(y.node.name + ">" + x.node.name);
    this.queue.length = 0;
    x.signals.nodeDown(y.node);
    y.signals.nodeDown(x.node);
  }

  /** Delivers every queued signal; returns how many there were. */
  flush(): number {
    let n = 0;
    while (this.queue.length > 0) {
      this.queue.shift()!();
      n++;
    }
    return n;
  }

  /** Runs every node and the link until nothing moves. */
  settle(maxRounds = 1000): void {
    for (let i = 0; i < maxRounds; i++) {
      let moved = 0;
      for (const rt of this.nodes.values()) moved += rt.runUntilIdle();
      moved += this.flush();
      if (moved === 0) return;
    }
    throw new Error("the network did not settle");
  }

  private connectionFrom(from: Runtime, node: Atom): NodeConnection | null {
    const to = this.nodes.get(node);
    if (to === undefined || !this.up.has(from.node.name + ">" + node.name)) return null;
    const c = (t: Term) => carry(t, from, to);
    const later = (f: () => void) => this.queue.push(f);
    return {
      send: (_from, pid, msg) => later(() => to.send(c(pid), c(msg))),
      sendNamed: (_from, name, msg) => later(() => to.sendNamed(name, c(msg))),
      link: (f, t) => later(() => to.signals.remoteLink(c(f), c(t))),
      unlink: (f, t) => later(() => to.signals.remoteUnlink(c(f), c(t))),
      exit: (f, t, reason, viaLink) => later(() => to.signals.remoteExit(c(f), c(t), c(reason), viaLink)),
      monitor: (f, target, ref) => later(() => to.signals.remoteMonitor(c(f), c(target), c(ref))),
      demonitor: (f, target, ref) => later(() => to.signals.remoteDemonitor(c(f), c(target), c(ref))),
      down: (_object, t, ref, reason) => later(() => to.signals.remoteDown(c(ref), c(t), c(reason))),
    };
  }
}
