// The complete doctest suites of Elixir's modules (test/doctests, see README.md there) replay
// through the shell. Every example must print what real iex printed, except the examples
// listed in expected-failures.txt, and that list must be exact: the test also fails when a
// listed example starts passing (take it off the list) or when an unlisted one fails. The
// only exception are lines marked `? ID  reason` (a result beamsh cannot make deterministic
// yet), which may go either way and are reported.
import assert from "node:assert/strict";
import { test } from "node:test";
import { loadExpectedFailures, loadSuite, outputPieces, runSuite, suiteNames } from "./suites.js";

const expectedFailures = loadExpectedFailures();

test("expected-failures.txt names only existing suites", () => {
  const names = new Set(suiteNames());
  for (const suite of expectedFailures.keys()) assert.ok(names.has(suite), `no suite ${suite}`);
});

for (const name of suiteNames()) {
  test(`doctests ${name}`, async (t) => {
    const suite = loadSuite(name);
    const result = await runSuite(suite);
    const entries = expectedFailures.get(name) ?? [];
    const unstable = new Set(entries.filter((e) => e.startsWith("? ")).map((e) => e.slice(2)));
    const listed = entries.filter((e) => !e.startsWith("? "));
    const ids = new Set(suite.examples.map((e) => e.id));
    const unknown = [...listed, ...unstable].filter((id) => !ids.has(id));
    const failing = new Set(result.failing);
    const nowPassing = listed.filter((id) => ids.has(id) && !failing.has(id));
    const newlyFailing = result.failing.filter((id) => !listed.includes(id) && !unstable.has(id));
    const passed = result.examples - result.failing.filter((id) => !id.endsWith(" (header)")).length;
    t.diagnostic(
      `${name}: ${passed}/${result.examples} examples, line parity ${result.linesMatched}/${result.linesTotal}`,
    );
    if (unstable.size) t.diagnostic(`${name}: not judged (nondeterministic for now): ${[...unstable].join(", ")}`);
    const problems: string[] = [];
    if (unknown.length) problems.push(`listed but not in the suite:\n  ${unknown.join("\n  ")}`);
    if (nowPassing.length) problems.push(`listed as failing but now pass (remove them):\n  ${nowPassing.join("\n  ")}`);
    const actual = outputPieces(result.actualOutput);
    for (const id of newlyFailing) {
      const i = suite.examples.findIndex((e) => e.id === id);
      const ex = suite.examples[i];
      problems.push(
        `${id} fails:\n  input:    ${ex.input.join("\n            ")}\n  expected: ${ex.expected}\n  actual:   ${actual[i]}`,
      );
    }
    assert.equal(problems.length, 0, problems.join("\n"));
  });
}
