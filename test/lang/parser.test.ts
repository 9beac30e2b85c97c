// Golden tests: every fixture source (generated with real Elixir 1.14 by gen-fixtures.mjs)
// must parse to the same quoted form, or fail with the same error iex would print.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse, ParseError } from "../../src/lang/parser.js";
import { toJson, type Fixture, type FixtureError } from "./fixture-json.js";

const dir = fileURLToPath(new URL("../../../test/lang/fixtures/", import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();

/** Returns a description of the mismatch, or null when the parser agrees with Elixir. */
export function check(fx: Fixture): string | null {
  let ast;
  try {
    ast = parse(fx.src, { file: "iex", line: 1 });
  } catch (e) {
    if (!(e instanceof ParseError)) return `crashed: ${(e as Error).stack}`;
    if (!fx.error) return `unexpected error: ${e.message}`;
    return compareError(e, fx.error);
  }
  if (fx.error) return `expected error ${fx.error.kind}: ${fx.error.message}`;
  try {
    assert.deepStrictEqual(toJson(ast), fx.ast);
    return null;
  } catch (e) {
    return `AST differs:\n${(e as Error).message.slice(0, 3000)}`;
  }
}

function compareError(e: ParseError, want: FixtureError): string | null {
  const got = {
    kind: e.kind,
    line: e.line,
    column: e.showColumn ? e.column : null,
    description: e.description,
    message: e.formatMessage(),
    incomplete: e.incomplete,
  };
  try {
    assert.deepStrictEqual(got, { ...want, column: want.column ?? null });
    return null;
  } catch (err) {
    return `error differs:\n${(err as Error).message.slice(0, 3000)}`;
  }
}

for (const file of files) {
  test(`fixtures ${file}`, () => {
    const fixtures: Fixture[] = JSON.parse(readFileSync(dir + file, "utf8"));
    const failures: string[] = [];
    for (const fx of fixtures) {
      const problem = check(fx);
      if (problem) failures.push(`--- ${JSON.stringify(fx.src)}\n${problem}`);
    }
    assert.equal(failures.length, 0, `${failures.length}/${fixtures.length} failed\n${failures.slice(0, 5).join("\n")}`);
  });
}
