// The Nodes view: this node and its connections with their traffic (nodes.ts), and key 7.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Observer } from "../../src/observer/Observer.js";
import { NodesSample, nodesLines } from "../../src/observer/nodes.js";
import { Sampler } from "../../src/observer/sampler.js";
import { ThemeContext } from "../../src/observer/hooks/use-theme.js";
import type { NodeInfo } from "../../src/runtime/nodes.js";
import { FakeSource, proc, snapshot } from "./fixtures.js";
import { mount } from "./ink-harness.js";

const node = (name: string, over: Partial<NodeInfo> = {}): NodeInfo => ({
  name,
  kind: "beamsh",
  version: 6,
  creation: 1,
  since: 0,
  bytesIn: 0,
  bytesOut: 0,
  messagesIn: 0,
  messagesOut: 0,
  ...over,
});

test("a node that is not distributed says how to become one", () => {
  const lines = nodesLines({ at: 0, self: "nonode@nohost", alive: false, nodes: [] }, null);
  assert.equal(lines[0], "nonode@nohost · not distributed");
});

test("connected nodes with their traffic, rates from the previous sample", () => {
  const prev: NodesSample = {
    at: 60_000,
    self: "alex@localhost",
    alive: true,
    nodes: [node("kate@localhost", { kind: "real", messagesIn: 10, messagesOut: 20, bytesIn: 1000, bytesOut: 2000 })],
  };
  const cur: NodesSample = {
    at: 62_000,
    self: "alex@localhost",
    alive: true,
    nodes: [
      node("kate@localhost", { kind: "real", messagesIn: 30, messagesOut: 24, bytesIn: 4096, bytesOut: 3000 }),
      node("moebi@localhost", { since: 61_000, messagesIn: 1, messagesOut: 1, bytesIn: 60, bytesOut: 70 }),
    ],
  };
  assert.deepEqual(nodesLines(cur, prev), [
    "alex@localhost · 2 nodes connected",
    "",
    "Node             Kind                 Up  Msgs in  Msgs out  In/s  Out/s  Bytes in  Bytes out",
    "kate@localhost   Erlang/Elixir  00:01:02       30        24    10      2   4.0 KiB    2.9 KiB",
    "moebi@localhost  beamsh         00:00:01        1         1     -      -      60 B       70 B",
  ]);
});

class NodesSource extends FakeSource {
  nodes(): NodesSample {
    return { at: 1000, self: "alex@localhost", alive: true, nodes: [node("kate@localhost", { messagesIn: 3 })] };
  }
}

test("7 opens the Nodes view", async () => {
  const source = new NodesSource([snapshot(1000, [proc(100)])]);
  const sampler = new Sampler(source, 1000);
  sampler.sample();
  const m = mount(
    <ThemeContext.Provider value={{}}>
      <Observer source={source} sampler={sampler} onQuit={() => {}} />
    </ThemeContext.Provider>,
    120,
    20,
  );
  await m.press("");
  await m.press("7");
  const f = (await m.press("")).split("\n");
  assert.match(f[0], /7 Nodes/);
  assert.ok(f.some((l) => l.startsWith("alex@localhost · 1 node connected")), f.join("\n"));
  assert.ok(f.some((l) => /^kate@localhost +beamsh +\d\d:\d\d:\d\d +3 +0/.test(l)), f.join("\n"));
  m.unmount();
});
