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
