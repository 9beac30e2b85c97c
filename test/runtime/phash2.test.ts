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

// Integers of hundreds to thousands of 64-bit digits (the recorded terms stop at about 130
// bits): every digit is mixed, least significant first. Values from real Elixir 1.14/OTP 25.
test("big integers of many digits hash as on the BEAM", () => {
  const ns: [bigint, number, number][] = [
    [7n ** 300n, 117757813, 55157],
    [-(3n ** 2000n), 29096432, 63984],
    [2n ** 1000n + 1n, 112116524, 49964],
    [2n ** 4096n - 1n, 67901589, 6293],
    [-(5n ** 1234n), 44203075, 31811],
  ];
  for (const [n, h, h65536] of ns) {
    assert.equal(phash2(n), h, `phash2 of a ${n.toString(2).length}-bit integer`);
    assert.equal(phash2(n, 65536), h65536);
  }
});
