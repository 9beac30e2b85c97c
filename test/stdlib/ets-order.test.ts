// Hashed ETS tables walk and list their objects in the BEAM's order, checked against orders
// recorded with real Elixir (ets-order.gen.exs → ets-order.generated.json): random sets,
// bags and duplicate bags (some with write_concurrency), some grown past their first
// segments or shrunk back, with keys deleted; ets:first/next and ets:tab2list/1 as OTP 25
// gave them.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { decode } from "../../src/runtime/dist/etf.js";
import { keyOf } from "../../src/runtime/map.js";
import { inspect } from "../../src/runtime/inspect.js";
import { Term, listToArray } from "../../src/runtime/term.js";
import { strictEquals } from "../../src/runtime/term-order.js";
import { EtsHashTable, NOT_IN_TABLE } from "../../src/stdlib/ets-hash.js";

type Case = [string, number, string, number[], number[], number[]];
const cases = JSON.parse(readFileSync(join(process.cwd(), "test", "stdlib", "ets-order.generated.json"), "utf8")) as Case[];
const ctx = { node: null } as never;

test(`${cases.length} recorded tables walk and list in the BEAM's order`, () => {
  for (const [type, wc, etf, deleted, walk, tab2list] of cases) {
    const objects = listToArray(decode(Buffer.from(etf, "base64"), ctx).term)! as Term[][];
    const table = new EtsHashTable(wc === 1, type !== "set");
    for (const o of objects) {
      if (type === "set") table.putSet(o[0], o);
      else table.putBag(o[0], o, type === "duplicate_bag", strictEquals);
    }
    for (const i of deleted) table.remove(objects[i][0]);
    const firstOfKey = new Map<unknown, number>();
    const indexOf = new Map<unknown, number>();
    objects.forEach((o, i) => {
      if (!firstOfKey.has(keyOf(o[0]))) firstOfKey.set(keyOf(o[0]), i);
      if (!indexOf.has(keyOf(o))) indexOf.set(keyOf(o), i);
    });
    const walked: number[] = [];
    for (let k = table.firstKey(); k !== undefined; ) {
      walked.push(firstOfKey.get(keyOf(k))!);
      const n = table.nextKey(k);
      assert.notEqual(n, NOT_IN_TABLE);
      k = n as Term | undefined;
    }
    const what = `${type}${wc ? " write_concurrency" : ""} of ${objects.length} objects, e.g. ${inspect(objects.slice(0, 4) as Term)}`;
    assert.deepEqual(walked, walk, `walk: ${what}`);
    assert.deepEqual(table.objects().map((o) => indexOf.get(keyOf(o))), tab2list, `tab2list: ${what}`);
  }
});
