// Writes a config's "iex" entries from the iex sessions a book prints in its AsciiDoc text
// (Études for Elixir: each étude's section, anchored [[CHnn-ETmm]], shows `iex(1)> c("file.ex")`
// and then the calls it makes; the étude's solution is code/chnn-mm/file.ex).
//
//   node tools/script-parity/iex-from-asciidoc.mjs CONFIG.json
//
// For each listing (between `----` lines) holding an `iex(N)>` prompt whose first input
// compiles a file, the inputs after it (prompts `iex(N)>` and continuations `...(N)>`) become
// that file's session; the file is looked for in the étude's folder (chnn-mm, then chnn-mmb),
// and listings that compile no file, or a file not found there, are left out (and listed).
import { execFileSync } from "node:child_process";
import fs from "node:fs";

const [configPath] = process.argv.slice(2);
const config = JSON.parse(fs.readFileSync(configPath, "utf8"));
const git = (...a) => execFileSync("git", ["--git-dir", config.repo, ...a], { encoding: "utf8", maxBuffer: 1 << 26 });
const commit = config.commit ?? "HEAD";
const files = new Set(git("ls-tree", "-r", "--name-only", commit).split("\n").filter(Boolean));
const chapters = [...files].filter((f) => /^ch\d\d-.*\.asciidoc$/.test(f)).sort();

const sessions = {};
const left = [];
for (const ch of chapters) {
  let anchor = null;
  let inListing = false;
  let block = [];
  for (const line of git("show", `${commit}:${ch}`).split(/\r?\n/)) {
    const m = /^\[\[CH(\d\d)-ET(\d\d)\]\]/.exec(line);
    if (m) anchor = `ch${m[1]}-${m[2]}`;
    if (line.trim() === "----") {
      if (inListing) take(ch, anchor, block);
      inListing = !inListing;
      block = [];
    } else if (inListing) block.push(line);
  }
}

function take(ch, anchor, block) {
  const inputs = [];
  for (const line of block) {
    const m = /^(?:iex|\.\.\.)\(\d+\)> ?(.*)$/.exec(line);
    if (m) inputs.push(m[1].replace(/\s+$/, ""));
  }
  if (inputs.length === 0) return;
  const c = /^c\(?\s*"([^"]+)"\s*\)?$/.exec(inputs[0]);
  const where = `${ch} (${anchor ?? "no étude"})`;
  if (anchor === null) return void left.push(`${where}: first input ${JSON.stringify(inputs[0])}`);
  const file = c ? [`code/${anchor}/${c[1]}`, `code/${anchor}b/${c[1]}`].find((f) => files.has(f)) : solution(anchor, inputs);
  if (!file) return void left.push(`${where}: ${c ? `${c[1]} not in code/${anchor}` : `no solution file in code/${anchor} for ${JSON.stringify(inputs[0])}`}`);
  sessions[file] = [...(sessions[file] ?? []), ...inputs.slice(c ? 1 : 0)];
}

// A listing that compiles nothing uses the étude's solution: its folder's only .ex file, or
// the one whose module (the file's name in CamelCase) the inputs name.
function solution(anchor, inputs) {
  const ex = [...files].filter((f) => f.startsWith(`code/${anchor}/`) && f.endsWith(".ex"));
  if (ex.length === 1) return ex[0];
  const camel = (f) => f.split("/").pop().slice(0, -3).split("_").map((w) => w[0].toUpperCase() + w.slice(1)).join("");
  return ex.find((f) => inputs.some((i) => i.includes(camel(f))));
}

config.iex = sessions;
fs.writeFileSync(configPath, JSON.stringify(config, null, 2) + "\n");
console.log(`${Object.keys(sessions).length} sessions written to ${configPath}`);
for (const l of left) console.log(`left out: ${l}`);
