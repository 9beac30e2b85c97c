// Prelude (Enum, Stream, Enumerable, Map/Keyword/List/MapSet, Access, Function, :lists)
// against outputs recorded from real Elixir 1.14 iex by test/prelude/record.mjs: each case
// file runs in one shell session and every line's output is compared on its own.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRuntime } from "../../src/boot.js";
import { ShellServer } from "../../src/shell/server.js";

interface Case {
  input: string;
  output: string;
}

// dist/test/prelude → test/prelude/cases
const casesDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "test", "prelude", "cases");

async function runShell(input: string): Promise<string> {
  const chunks: string[] = [];
  // Recorded from iex's standard output only (record.mjs): warnings and :stderr are not compared.
  const rt = createRuntime({ write: (s) => chunks.push(s), writeErr: () => {} });
  const shell = new ShellServer(rt, (s) => chunks.push(s));
  await shell.runPiped(input);
  shell.driver.stop();
  return chunks.join("");
}

/** The output of each prompt, prompts removed, normalised like parity.mjs (see record.mjs). */
function splitTranscript(text: string): string[] {
  const chunks: string[][] = [];
  for (const line of text.replace(/\r/g, "").split("\n")) {
    const m = /^(?:iex|\.\.\.)\(\d+\)> ?(.*)$/.exec(line);
    if (m) chunks.push([m[1]]);
    else if (chunks.length) chunks[chunks.length - 1].push(line);
  }
  const out = chunks.map((c) => normaliseChunk(c.join("\n")));
  if (out.length && out[out.length - 1] === "") out.pop();
  return out;
}

function normaliseChunk(text: string): string {
  return text
    .split("\n")
    .filter((l) => !/^ {4}(\([^)]*\) )?(\S+:\d+: \S|:?[A-Za-z_][\w.]*\.[^\s(]+\(.*\)$)/.test(l))
    .map((l) =>
      l
        .replace(/#PID<\d+\.\d+\.\d+>/g, "#PID<>")
        .replace(/#Reference<[\d.]+>/g, "#Reference<>")
        .replace(/#Function<[^>]*>/g, "#Function<>")
        .replace(/\s+$/, ""),
    )
    .join("\n")
    .replace(/\n+$/, "");
}


for (const file of readdirSync(casesDir).filter((f) => f.endsWith(".json")).sort()) {
  const cases: Case[] = JSON.parse(readFileSync(join(casesDir, file), "utf8"));
  test(`prelude cases: ${file}`, async (t) => {
    const outputs = splitTranscript(await runShell(cases.map((c) => c.input).join("\n") + "\n"));
    for (const [i, c] of cases.entries()) {
      await t.test(c.input, () => assert.equal(outputs[i], c.output, `${file}:${i + 1}`));
    }
  });
}
