// Elixir's code formatter as beamsh lays code out, against what real Elixir 1.14 printed for
// the same inputs (test/format/*.expected.json, recorded by test/format/record.exs):
//   quote   Macro.to_string/1 of the case quoted with `quote do ... end` (no line metadata)
//   string  Macro.to_string/1 of Code.string_to_quoted!/1 of it (line metadata: arguments
//           written on separate lines stay on separate lines)
//   format  Code.format_string!/1 of it (the parser's formatting mode: token metadata, literals
//           wrapped with theirs, escapes kept, comments)
// FORMAT_REPORT=1 prints every difference instead of failing on the first.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { parse } from "../../src/lang/parser.js";
import { astToTerm } from "../../src/runtime/compiler/quoted.js";
import { formatString, quotedToString } from "../../src/runtime/compiler/code-formatter.js";
import { evaluate, testRuntime } from "../helpers/eval.js";

interface Case { src: string; quote: string; string: string; format: string }

const dir = new URL("../../../test/format/", import.meta.url);
const report = process.env.FORMAT_REPORT === "1";

function attempt(f: () => string): string {
  try {
    return f();
  } catch (e) {
    return "** " + String((e as Error).message ?? e);
  }
}

for (const file of readdirSync(dir).filter((f) => f.endsWith(".expected.json")).sort()) {
  const cases = JSON.parse(readFileSync(new URL(file, dir), "utf8")) as Case[];
  test(`format/${file}`, () => {
    const t = testRuntime();
    const failures: string[] = [];
    let checked = 0;
    for (const c of cases) {
      const runs: [string, string, () => string][] = [
        ["quote", c.quote, () => quotedToString(evaluate(`quote do\n${c.src}\nend`, t))],
        ["string", c.string, () => quotedToString(astToTerm(parse(c.src, { file: "nofile", line: 1, column: 1 })))],
        ["format", c.format, () => formatString(c.src)],
      ];
      for (const [mode, expected, run] of runs) {
        // A case real Elixir could not quote (an unquote outside of a macro) has nothing to compare.
        if (expected.startsWith("** ")) continue;
        checked++;
        const got = attempt(run);
        if (got === expected) continue;
        const msg = `${mode}: ${JSON.stringify(c.src)}\n  expected ${JSON.stringify(expected)}\n  got      ${JSON.stringify(got)}`;
        if (!report) assert.fail(msg);
        failures.push(msg);
      }
    }
    if (report) {
      console.log(failures.join("\n"));
      console.log(`${file}: ${checked - failures.length}/${checked} match`);
    }
  });
}
