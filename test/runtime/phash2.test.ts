// erlang:phash2/1,2 give the BEAM's values: random terms (integers of every width, floats,
// atoms, binaries, bitstrings, lists, tuples, maps small and large, external funs) hashed
// by real Elixir (phash2.gen.exs → phash2.generated.json).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { decode } from "../../src/runtime/dist/etf.js";
import { inspect } from "../../src/runtime/inspect.js";
import { phash2 } from "../../src/stdlib/erlang.js";

const cases = JSON.parse(readFileSync(join(process.cwd(), "test", "runtime", "phash2.generated.json"), "utf8")) as [string, number, number, number][];
const ctx = { node: null } as never;

test(`${cases.length} recorded terms hash as on the BEAM`, () => {
  let checked = 0;
  for (const [etf, h1, range, h2] of cases) {
    const term = decode(Buffer.from(etf, "base64"), ctx).term;
    assert.equal(phash2(term), h1, `phash2(${inspect(term, { limit: 8 })})`);
    assert.equal(phash2(term, range), h2, `phash2(${inspect(term, { limit: 8 })}, ${range})`);
    checked++;
  }
  assert.equal(checked, cases.length);
});
