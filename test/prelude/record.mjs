#!/usr/bin/env node
// Records the expected outputs of test/prelude/cases/NAME.exs from real Elixir 1.14 iex:
// every line of NAME.exs is one expression; the whole file runs in one iex session and the
// output is split at the prompts into NAME.json ([{input, output}], output normalised as
// prelude.test.ts normalises beamsh's). Usage: node test/prelude/record.mjs [NAME...]
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const dir = join(dirname(fileURLToPath(import.meta.url)), "cases");

/** Splits a piped iex transcript into the output of each prompt (prompts removed). */
export function splitTranscript(text) {
  const lines = text.replace(/\r/g, "").split("\n");
  const chunks = [];
  let cur = null;
  for (const line of lines) {
    const m = /^(?:iex|\.\.\.)\(\d+\)> ?(.*)$/.exec(line);
    if (m) {
      if (cur !== null) chunks.push(cur);
      cur = [m[1]];
    } else if (cur !== null) cur.push(line);
  }
  if (cur !== null) chunks.push(cur);
  return chunks
    .map((c) => normaliseChunk(c.join("\n")))
    .filter((c, i, all) => !(i === all.length - 1 && c === ""));
}

/** Drops stacktrace lines and numbers that legitimately differ (as parity.mjs does). */
export function normaliseChunk(text) {
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

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const names = process.argv.slice(2);
  const files = names.length ? names.map((n) => n + ".exs") : readdirSync(dir).filter((f) => f.endsWith(".exs"));
  for (const f of files) {
    const src = readFileSync(join(dir, f), "utf8");
    const inputs = src.split("\n").filter((l) => l.trim() !== "");
    const r = spawnSync("iex", [], { input: inputs.join("\n") + "\n", encoding: "utf8", env: { ...process.env, TERM: "dumb" } });
    const chunks = splitTranscript(r.stdout); // warnings (stderr) are not compared
    if (chunks.length !== inputs.length) {
      console.error(`${f}: ${inputs.length} inputs but ${chunks.length} outputs`);
      process.exitCode = 1;
    }
    const cases = inputs.map((input, i) => ({ input, output: chunks[i] ?? "" }));
    writeFileSync(join(dir, f.replace(/\.exs$/, ".json")), JSON.stringify(cases, null, 1) + "\n");
    console.log(`recorded ${cases.length} cases from ${f}`);
  }
}
