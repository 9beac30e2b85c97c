// OrderedObjects (ordered_set storage) against a plain sorted array under random operations.
import { test } from "node:test";
import assert from "node:assert/strict";
import { OrderedObjects } from "../../src/stdlib/ets-ordered.js";
import type { Term } from "../../src/runtime/term.js";

test("ordered_set storage agrees with a sorted array", () => {
  let seed = 42;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
  const store = new OrderedObjects(1);
  const ref = new Map<number, Term[]>();
  for (let step = 0; step < 20000; step++) {
    const k = rand(3000);
    const op = rand(10);
    if (op < 6) {
      const obj = [k, step];
      assert.equal(store.put(obj), !ref.has(k));
      ref.set(k, obj);
    } else if (op < 8) {
      assert.equal(store.delete(k), ref.delete(k));
    } else {
      assert.deepEqual(store.get(k), ref.get(k));
    }
    if (step % 997 === 0) {
      const keys = [...ref.keys()].sort((x, y) => x - y);
      assert.deepEqual(store.toArray().map((o) => o[0]), keys);
      assert.equal(store.size, keys.length);
      for (let probe = -1; probe <= 3001; probe += 37) {
        const next = keys.find((x) => x > probe);
        const prev = [...keys].reverse().find((x) => x < probe);
        assert.equal(store.after(probe)?.[0], next);
        assert.equal(store.before(probe)?.[0], prev);
        assert.deepEqual([...store.walk(false, probe)].map((o) => o[0]), keys.filter((x) => x > probe));
        assert.deepEqual([...store.walk(true, probe)].map((o) => o[0]), keys.filter((x) => x < probe).reverse());
      }
      assert.equal(store.first()?.[0], keys[0]);
      assert.equal(store.last()?.[0], keys[keys.length - 1]);
      assert.equal(store.at(5)?.[0], keys[5]);
    }
  }
});
