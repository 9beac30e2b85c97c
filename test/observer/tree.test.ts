// Tree building from links and `$ancestors`.
import assert from "node:assert/strict";
import { test } from "node:test";
import { buildForest, nodeLabel } from "../../src/observer/tree.js";
import { proc } from "./fixtures.js";

const lines = (procs: Parameters<typeof buildForest>[0]) => {
  const f = buildForest(procs);
  return f.lines.map((l) => l.prefix + nodeLabel(l));
};

test("a spawn_link chain becomes parent → children by pid age", () => {
  const procs = [
    proc(100, { kind: "shell", initialCall: null, current: "(iex evaluation)", links: [110] }),
    proc(110, { links: [100, 111, 112], trapExit: true, current: "Demo.Sup.loop/1" }),
    proc(111, { links: [110] }),
    proc(112, { links: [110] }),
    proc(120, { current: "Demo.Spin.spin/1" }),
  ];
  assert.deepEqual(lines(procs), [
    "<0.100.0> (iex evaluation) [iex shell]",
    "└─ <0.110.0> Demo.Sup.loop/1 [traps exits]",
    "   ├─ <0.111.0> Demo.Worker.loop/1",
    "   └─ <0.112.0> Demo.Worker.loop/1",
  ]);
  assert.equal(buildForest(procs).standalone, 1);
});

test("$ancestors decides the parent; other links are listed on the node", () => {
  const procs = [
    proc(100, { links: [102] }),
    proc(101, { kind: "supervisor", strategy: ":one_for_one", initialCall: ":supervisor.Demo.Sup/1", links: [] }),
    proc(102, { kind: "supervisor", strategy: ":rest_for_one", name: "Demo.Child", parent: 101, links: [100, 103] }),
    proc(103, { links: [102] }),
  ];
  assert.deepEqual(lines(procs), [
    "<0.100.0> Demo.Worker.loop/1  ⇄ <0.102.0>",
    "<0.101.0> :supervisor.Demo.Sup/1 [supervisor, :one_for_one]",
    "└─ <0.102.0> Demo.Child [supervisor, :rest_for_one]  ⇄ <0.100.0>",
    "   └─ <0.103.0> Demo.Worker.loop/1",
  ]);
});

test("a link to a dead process or to itself never creates a cycle", () => {
  const procs = [proc(200, { links: [201, 999] }), proc(201, { links: [200], parent: 201 })];
  assert.deepEqual(lines(procs), ["<0.200.0> Demo.Worker.loop/1", "└─ <0.201.0> Demo.Worker.loop/1"]);
});
