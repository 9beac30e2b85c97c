// Sequence diagrams: which processes a diagram follows, and how rows are drawn (lanes,
// arrows with their labels, notes, lanes that start with a spawn and end with an exit).
import assert from "node:assert/strict";
import { test } from "node:test";
import { SequenceRecorder } from "../../src/observer/recorder.js";
import { sequenceLines } from "../../src/observer/sequence.js";
import { evaluate, spawnEval, testRuntime } from "../helpers/eval.js";
import { a, tuple } from "../../src/runtime/term.js";

test("a diagram follows its root and whoever it talks to, not the rest of the system", () => {
  const t = testRuntime();
  evaluate("defmodule Noise do\n def loop() do\n send(self(), :tick)\n receive do\n :tick -> loop()\n end\n end\nend", t);
  spawnEval(t.rt, "spawn(fn -> Noise.loop() end); receive do end");
  t.rt.runUntilIdle(50);
  const root = spawnEval(t.rt, "me = self(); child = spawn(fn -> send(me, {:hello, self()}) end); receive do {:hello, ^child} -> :ok end; receive do end");
  const rec = new SequenceRecorder(t.rt, { roots: [root.pid], shells: [root.pid] });
  t.rt.runUntilIdle(200);
  rec.close();
  const d = rec.diagram();
  assert.equal(d.lanes.length, 2, "the root and its child, not the noisy process");
  const text = sequenceLines(d, { width: 60 }).map((l) => l.text);
  assert.match(text[0], /^iex \(shell\) {18}#PID<[\d.]+>$/);
  assert.match(text[1], /^#PID<[\d.]+> {16}:erlang\.apply\/2$/);
  assert.deepEqual(
    text.slice(2).map((l) => l.replace(/#PID<[\d.]+>/g, "#PID")),
    [
      "│",
      "│ spawn",
      "├───────────────────────────▶┬",
      "│ {:hello, #PID}    │",
      "│◀───────────────────────────┤",
      "│                            ✖ exit :normal",
      "● receive {:hello, #PID}",
    ],
  );
});

test("long runs: rows past maxRows are summarised, events past the capacity counted", () => {
  const t = testRuntime();
  const root = spawnEval(t.rt, "for i <- 1..20, do: send(self(), i); receive do end");
  const rec = new SequenceRecorder(t.rt, { roots: [root.pid], capacity: 5 });
  t.rt.runUntilIdle(200);
  rec.close();
  const lines = sequenceLines(rec.diagram(), { width: 60, maxRows: 3 }).map((l) => l.text);
  assert.match(lines[lines.length - 1], /^\(2 more events below; 15 events not recorded \(over the limit\)\)$/);
});

test("injected faults are drawn on the lane of the process whose messages they act on", () => {
  const t = testRuntime();
  const sink = spawnEval(t.rt, "receive do x -> receive do y -> {x, y} end end");
  t.rt.runUntilIdle(50);
  const root = spawnEval(t.rt, "receive do {:go, p} -> send(p, :a); send(p, :b); send(p, :c) end; receive do end");
  const rec = new SequenceRecorder(t.rt, { roots: [root.pid], shells: [root.pid] });
  const f = t.rt.faults.add({ kind: "drop", from: null, to: sink.pid, count: 1, until: null, delay: 0 });
  t.rt.send(root.pid, tuple(a("go"), sink.pid));
  t.rt.runUntilIdle(200);
  rec.close();
  const text = sequenceLines(rec.diagram(), { width: 60 }).map((l) => l.text.replace(/#PID<[\d.]+>/g, "#PID"));
  assert.equal(f.hits, 1);
  const notes = text.filter((l) => l.includes("⚑"));
  assert.deepEqual(
    notes.map((l) => l.replace(/^[│ ]*⚑ /, "")),
    ["fault #1 (drop): dropped :a", "fault #1 (drop) removed"],
  );
  assert.ok(text.some((l) => /● receive :b/.test(l)) && text.some((l) => /● receive :c/.test(l)));
  assert.ok(!text.some((l) => /receive :a/.test(l)), "the dropped message is never received");
});
