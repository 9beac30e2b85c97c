// Mailboxes and selective receive: order, save pointer, the make_ref mark.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Mailbox } from "../../src/runtime/mailbox.js";
import { resultOf, runSrc, spawnEval, testRuntime } from "./helpers.js";

test("selective receive skips non-matching messages and keeps their order", () => {
  const r = runSrc(`
    send(self(), {:b, 1}); send(self(), {:a, 2}); send(self(), {:b, 3}); send(self(), {:a, 4})
    first = receive do {:a, x} -> x end
    rest = for _ <- 1..3, do: receive(do: (m -> m))
    {first, rest}`);
  assert.equal(r, "{2, [b: 1, b: 3, a: 4]}");
});

test("a receive that found nothing resumes where it stopped when a message arrives", () => {
  const r = runSrc(`
    me = self()
    spawn(fn -> send(me, :noise); send(me, {:reply, 42}) end)
    receive do {:reply, v} -> v end`);
  assert.equal(r, "42");
});

test("messages between two processes arrive in the order they were sent", () => {
  const r = runSrc(`
    me = self()
    spawn(fn -> for i <- 1..1000, do: send(me, i) end)
    (for _ <- 1..1000, do: receive(do: (i -> i))) == :lists.seq(1, 1000)`);
  assert.equal(r, "true");
});

test("pinned references select the matching reply among many messages", () => {
  const r = runSrc(`
    me = self()
    for i <- 1..5000, do: send(me, {:junk, i})
    ref = make_ref()
    spawn(fn -> send(me, {ref, :answer}) end)
    v = receive do {^ref, a} -> a end
    {v, Process.info(self(), :message_queue_len)}`);
  assert.equal(r, "{:answer, {:message_queue_len, 5000}}");
});

test("the mailbox mark lets a receive for a new reference skip older messages", () => {
  const mb = new Mailbox();
  for (let i = 0; i < 10; i++) mb.push(i);
  const ref = {};
  mb.mark(ref);
  mb.push("reply");
  assert.equal(mb.seekMark(ref), true);
  assert.equal(mb.items[mb.save], "reply");
  assert.equal(mb.take(mb.save), "reply");
  assert.equal(mb.save, mb.head, "the next receive starts from the oldest message");
  assert.equal(mb.seekMark({}), false, "another reference does not move the scan");
});

test("the mark follows messages taken below it and compaction", () => {
  const mb = new Mailbox();
  for (let i = 0; i < 3000; i++) mb.push(i);
  const ref = {};
  mb.mark(ref);
  mb.push("reply");
  mb.take(5); // spliced from the middle: the mark moves down
  for (let i = 0; i < 2000; i++) mb.take(mb.head); // taken from the head: compaction
  mb.reset();
  assert.equal(mb.seekMark(ref), true);
  assert.equal(mb.items[mb.save], "reply");
});

test("a mailbox flooded with a million messages does not stall other processes", () => {
  const t = testRuntime(1000);
  const flood = spawnEval(t.rt, `for i <- 1..1_000_000, do: send(self(), i)`);
  const p = spawnEval(t.rt, `
    me = self()
    worker = spawn(fn -> receive do {:go, from} -> send(from, :done) end end)
    send(worker, {:go, me})
    receive do :done -> :ok end`);
  let slices = 0;
  while (p.status !== "exited" && t.rt.step()) slices++;
  assert.equal(resultOf(p), ":ok");
  assert.ok(slices < 20, `answered after ${slices} slices`);
  assert.notEqual(flood.status, "exited", "the flood was still going");
  t.rt.runUntilIdle();
  assert.equal(flood.mailbox.length, 1_000_000);
});
