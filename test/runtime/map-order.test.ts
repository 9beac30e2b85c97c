// Maps of more than 32 keys come out in the BEAM's hash order, checked against orders
// recorded with real Elixir (map-order.gen.exs → map-order.generated.json): random sets of
// integers, floats, binaries, bitstrings, lists, tuples and maps, the order :maps.keys/1
// gave on OTP 25. The fold order (:maps.fold/3, Enum.reduce/3) is the reverse.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { decode } from "../../src/runtime/dist/etf.js";
import { MapTerm } from "../../src/runtime/map.js";
import { mapFoldOrder, mapListOrder } from "../../src/runtime/map-order.js";
import { inspect } from "../../src/runtime/inspect.js";
import { listToArray } from "../../src/runtime/term.js";

const cases = JSON.parse(readFileSync(join(process.cwd(), "test", "runtime", "map-order.generated.json"), "utf8")) as [string, number[]][];
const ctx = { node: null } as never;

test(`${cases.length} recorded key sets list in the BEAM's order`, () => {
  let checked = 0;
  for (const [etf, positions] of cases) {
    const keys = listToArray(decode(Buffer.from(etf, "base64"), ctx).term)!;
    const m = MapTerm.fromPairs(keys.map((k, i) => [k, i]));
    const got = mapListOrder(m).map(([, i]) => i as number);
    assert.deepEqual(got, positions, `keys ${inspect(keys, { limit: 8 })}`);
    assert.deepEqual(mapFoldOrder(m).map(([, i]) => i as number), [...positions].reverse());
    checked++;
  }
  assert.equal(checked, cases.length);
});

// The internal hash of big integers mixes all their 64-bit digits: 40 keys ±3**501..3**540
// (every third negative), in the order Map.keys/1 gave on real Elixir 1.14/OTP 25.
test("a map of big integer keys lists in the BEAM's order", () => {
  const keys = Array.from({ length: 40 }, (_, j) => 3n ** BigInt(501 + j) * ((j + 1) % 3 === 0 ? -1n : 1n));
  const m = MapTerm.fromPairs(keys.map((k, i) => [k, i]));
  const expected = [5, 9, 15, 16, 25, 0, 24, 23, 8, 14, 38, 18, 33, 31, 39, 6, 30, 20, 11, 27, 12, 19, 36, 10, 35, 1, 3, 22, 26, 37, 7, 2, 29, 34, 28, 13, 17, 4, 21, 32];
  assert.deepEqual(mapListOrder(m).map(([, i]) => i as number), expected);
});
