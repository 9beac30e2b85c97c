// The mailbox's array (mailbox.ts): messages stay in arrival order through takes from the
// middle, the receive mark follows them, and a mailbox that empties keeps a small array
// whose free slots hold nothing (a taken message is not kept alive by it).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Mailbox } from "../../src/runtime/mailbox.js";
import { Ref } from "../../src/runtime/term.js";

test("takes from the head and the middle keep the others in order, with no message left in a free slot", () => {
  const mb = new Mailbox();
  for (const m of [1, 2, 3, 4, 5]) mb.push(m);
  assert.equal(mb.take(mb.head + 2), 3);
  assert.deepEqual(mb.toArray(), [1, 2, 4, 5]);
  assert.equal(mb.take(mb.head), 1);
  assert.equal(mb.take(mb.end - 1), 5);
  assert.deepEqual(mb.toArray(), [2, 4]);
  assert.equal(mb.length, 2);
  for (let i = 0; i < mb.items.length; i++) if (i < mb.head || i >= mb.end) assert.equal(mb.items[i], undefined);
  mb.push(6);
  assert.deepEqual(mb.toArray(), [2, 4, 6]);
  while (mb.length > 0) mb.shift();
  assert.equal(mb.head, 0);
  assert.equal(mb.end, 0);
  assert.ok(mb.items.every((m) => m === undefined));
});

test("an emptied mailbox takes its next messages into the same small array", () => {
  const mb = new Mailbox();
  mb.push("a");
  const items = mb.items;
  assert.equal(mb.take(mb.head), "a");
  assert.equal(mb.length, 0);
  mb.push("b");
  assert.equal(mb.items, items);
  assert.deepEqual(mb.toArray(), ["b"]);
});

test("the receive mark skips what arrived before its reference, also after takes below it", () => {
  const mb = new Mailbox();
  mb.push("old1");
  mb.push("old2");
  const ref = new Ref(1);
  mb.mark(ref);
  mb.push("new");
  // a take below the mark moves it down with the messages
  assert.equal(mb.take(mb.head + 1), "old2");
  assert.equal(mb.seekMark(ref), true);
  assert.equal(mb.items[mb.save], "new");
  mb.reset();
  mb.drop();
  assert.equal(mb.length, 0);
  assert.equal(mb.seekMark(ref), false);
});
