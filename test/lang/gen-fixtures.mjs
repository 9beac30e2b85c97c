#!/usr/bin/env node
// Regenerates test/lang/fixtures/*.json with real Elixir 1.14 as the oracle:
//   node test/lang/gen-fixtures.mjs
// Sources: test/lang/cases/*.txt (snippets separated by lines "%%"), the ```elixir blocks of
// /work/shared/seeds/*.txt (whole blocks, plus their iex> sessions split into inputs), and the
// iex transcripts /work/shared/parity/**/*.in (split into inputs the way iex reads them).
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync, statSync, existsSync } from "node:fs";
import { join, basename, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const shared = "/work/shared";
const out = [];
const b64 = (s) => Buffer.from(s, "utf8").toString("base64");
const group = (name) => out.push(`GROUP ${name}`);
const src = (s) => out.push(`SRC ${b64(s)}`);
const split = (s) => out.push(`SPLIT ${b64(s)}`);

// Hand-written snippets.
for (const f of readdirSync(join(here, "cases")).filter((f) => f.endsWith(".txt")).sort()) {
  group(basename(f, ".txt"));
  const text = readFileSync(join(here, "cases", f), "utf8");
  for (const s of text.split(/^%%\n/m)) if (s.trim() !== "") src(s.replace(/\n$/, ""));
}

// Fenced ```elixir blocks of the lessons.
function elixirBlocks(text) {
  const blocks = [];
  const re = /^([ \t]*)```elixir[^\n]*\n([\s\S]*?)^[ \t]*```/gm;
  for (let m; (m = re.exec(text)); ) {
    const indent = m[1].length;
    blocks.push(m[2].split("\n").map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length))).join("\n"));
  }
  return blocks;
}

const seedDir = join(shared, "seeds");
if (existsSync(seedDir)) {
  for (const f of readdirSync(seedDir).filter((f) => f.endsWith(".txt")).sort()) {
    const blocks = elixirBlocks(readFileSync(join(seedDir, f), "utf8"));
    group(`seed_${basename(f, ".txt").slice(0, 3)}`);
    for (const b of blocks) src(b);
    const sessions = blocks.filter((b) => /^\s*iex(\([^)]*\))?>/m.test(b));
    group(`seed_${basename(f, ".txt").slice(0, 3)}_iex`);
    for (const b of sessions) {
      const inputs = b.split("\n").filter((l) => /^\s*(iex(\([^)]*\))?|\.\.\.(\([^)]*\))?)>/.test(l));
      split(inputs.map((l) => l.replace(/^\s*(iex(\([^)]*\))?|\.\.\.(\([^)]*\))?)> ?/, "")).join("\n") + "\n");
    }
  }
}

// iex transcripts.
function inFiles(dir, acc = []) {
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) inFiles(p, acc);
    else if (p.endsWith(".in")) acc.push(p);
  }
  return acc;
}
for (const sub of ["cases", "doctests"]) {
  const dir = join(shared, "parity", sub);
  if (!existsSync(dir)) continue;
  for (const f of inFiles(dir)) {
    group(`parity_${sub}_${f.slice(dir.length + 1).replace(/\.in$/, "").replace(/[\/]/g, "_")}`);
    split(readFileSync(f, "utf8"));
  }
}

const input = "/tmp/beamsh-fixture-input.txt";
writeFileSync(input, out.join("\n") + "\n");
execFileSync("elixir", [join(here, "gen-fixtures.exs"), input, join(here, "fixtures")], { stdio: "inherit" });
console.log("fixtures written to", join(here, "fixtures"));
