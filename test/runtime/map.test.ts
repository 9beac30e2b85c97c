// MapTerm, the persistent hash trie behind Elixir maps: every version stays intact, and
// random puts/deletes agree with a plain JS Map model (including keys whose hashes collide).
import assert from "node:assert/strict";
import { test } from "node:test";
import { EMPTY_MAP, MapTerm } from "../../src/runtime/map.js";
import { Float, a, list, tuple } from "../../src/runtime/term.js";
import { evalsTo } from "../helpers/eval.js";

/** A deterministic pseudo-random generator (xorshift). */
function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

test("random puts and deletes agree with a model, and old versions are unchanged", () => {
  const rand = rng(42);
  const model = new Map<number, number>();
  let m: MapTerm = EMPTY_MAP;
  const versions: [MapTerm, Map<number, number>][] = [];
  for (let i = 0; i < 60_000; i++) {
    const k = Math.floor(rand() * 5_000);
    if (rand() < 0.3) {
      m = m.delete(k);
      model.delete(k);
    } else {
      m = m.put(k, i);
      model.set(k, i);
    }
    if (i % 6_000 === 0) versions.push([m, new Map(model)]);
    assert.equal(m.size, model.size);
  }
  for (let k = 0; k < 5_000; k++) assert.equal(m.get(k), model.get(k));
  assert.equal(m.entries.size, model.size);
  for (const [v, snapshot] of versions) {
    assert.equal(v.size, snapshot.size);
    for (const [k, val] of snapshot) assert.equal(v.get(k), val);
  }
});

test("enough keys to hit 32-bit hash collisions still behave", () => {
  // 200k distinct string keys: a collision of the 32-bit hash is all but certain.
  let m: MapTerm = EMPTY_MAP;
  const n = 200_000;
  for (let i = 0; i < n; i++) m = m.put("k" + i, i);
  assert.equal(m.size, n);
  for (let i = 0; i < n; i += 1) assert.equal(m.get("k" + i), i);
  for (let i = 0; i < n; i += 2) m = m.delete("k" + i);
  assert.equal(m.size, n / 2);
  for (let i = 0; i < n; i++) assert.equal(m.get("k" + i), i % 2 === 0 ? undefined : i);
});

test("integer keys of every shape (ranges, strides, negatives, past 32 bits, next to other kinds) agree with a model", () => {
  // Integer keys hash by their bits, low digits last (map.ts: intHash): runs of keys that
  // share their low bits, or their high bits, or whose hash another kind of key may share.
  const rand = rng(5);
  const shapes: ((i: number) => number)[] = [
    (i) => i,
    (i) => -i,
    (i) => i * 32,
    (i) => i * 1024,
    (i) => i * 2 ** 20,
    (i) => i * 2 ** 25 + 7,
    (i) => 2 ** 31 - 1 - i,
    (i) => -(2 ** 31) + i,
    (i) => 2 ** 32 + i,
    (i) => 2 ** 40 * i,
    (i) => Math.floor(rand() * 2 ** 32) - 2 ** 31,
  ];
  for (const shape of shapes) {
    const model = new Map<unknown, number>();
    let m: MapTerm = EMPTY_MAP;
    for (let i = 0; i < 3_000; i++) {
      const k = shape(i);
      // now and then a string or an atom next to the integers (their hashes are of another kind)
      const key = i % 97 === 0 ? String(k) : i % 89 === 0 ? a("k" + k) : k;
      if (rand() < 0.2) {
        m = m.delete(key);
        model.delete(key);
      } else {
        m = m.put(key, i);
        model.set(key, i);
      }
      assert.equal(m.size, model.size);
    }
    for (const [k, v] of model) assert.equal(m.get(k), v);
    for (let i = 0; i < 3_000; i++) if (!model.has(shape(i))) assert.equal(m.get(shape(i)), undefined);
    assert.equal(m.entries.size, model.size);
  }
});

test("keys of every kind are told apart exactly", () => {
  const keys = [1, new Float(1), "1", a("one"), null, true, false, 2n ** 70n, tuple(1, 2), list([1]), list([])];
  let m: MapTerm = EMPTY_MAP;
  keys.forEach((k, i) => (m = m.put(k, i)));
  assert.equal(m.size, keys.length);
  keys.forEach((k, i) => assert.equal(m.get(k), i));
  assert.equal(m.put(tuple(1, 2), "x").get(tuple(1, 2)), "x");
  assert.equal(m.put(tuple(1, 2), "x").size, keys.length);
});

test("building a large map with Map.put in a loop is not quadratic", () => {
  assert.equal(evalsTo("Enum.reduce(1..50_000, %{}, fn i, acc -> Map.put(acc, i, i * i) end) |> Map.get(49_999)"), "2499900001");
  assert.equal(evalsTo("m = Map.new(1..100, &{&1, &1}); {map_size(Map.delete(m, 50)), map_size(m), m[50]}"), "{99, 100, 50}");
});

test("== on maps: keys compare exactly and values loosely, by looking keys up (big maps included)", () => {
  assert.equal(
    evalsTo(
      "m = Map.new(1..100_000, &{&1, &1}); [%{1 => :a} == %{1.0 => :a}, %{a: 1} == %{a: 1.0}, %{a: %{b: 2}} == %{a: %{b: 2.0}}, %{a: 1} == %{b: 1}, %{a: 1} == %{a: 1, b: 2}, %{a: 1} == [a: 1], [%{x: 1}] == [%{x: 1.0}], m == Map.put(m, 5, 5.0), m == Map.put(m, 5, 6), m == (Map.put(m, 100_001, 1) |> Map.delete(1)), %{1 => 1} != %{1.0 => 1}, %{} == %{}]",
    ),
    // As real Elixir answers.
    "[false, true, true, false, false, false, true, true, false, false, true, true]",
  );
});
