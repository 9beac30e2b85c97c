// Inspect tests generated from real Elixir 1.14 (see gen.exs / cases.txt): each term is
// decoded from term_to_binary output and must print exactly as iex prints it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect, InspectOptions } from "../../src/runtime/inspect.js";
import { Atom } from "../../src/runtime/term.js";
import { CASES, STRUCT_FIELDS } from "./cases.generated.js";
import { decodeEtf } from "./etf.js";
import { FUZZ } from "./fuzz.generated.js";

const structFields = (m: Atom): string[] | null => STRUCT_FIELDS[m.name] ?? null;

for (const [expr, etf, opts, expected] of CASES) {
  const label = Object.keys(opts).length ? `${expr} ;; ${JSON.stringify(opts)}` : expr;
  test(label, () => {
    const o = { pretty: true, width: 80, ...opts, structFields } as InspectOptions;
    assert.equal(inspect(decodeEtf(etf), o), expected);
  });
}

for (const [i, [etf, width, limit, expected]] of FUZZ.entries()) {
  test(`fuzz #${i} (width ${width}, limit ${limit})`, () => {
    assert.equal(inspect(decodeEtf(etf), { pretty: true, width, limit }), expected);
  });
}
