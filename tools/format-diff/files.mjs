// Whole-file formatter comparison: Code.format_string!/1 of beamsh against real Elixir 1.14
// on whole source files. By default the inputs are every .ex file of Elixir 1.14's own
// lib/ folders (read from the Elixir git mirror; they are formatted already, so real Elixir
// gives each back unchanged); any other files (deliberately unformatted code) can be given.
// The expected outputs come from real `elixir` (one run formats every input). Needs a built
// dist/ (npx tsc -p .).
//   node tools/format-diff/files.mjs [--repo DIR] [--tag v1.14.0] [--show N] [--opts EXS] [--unformat] [FILE...]
// --opts takes an Elixir keyword list given to both formatters (e.g. "[line_length: 60]").
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  if (i < 0) return dflt;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const repo = opt("--repo", "/work/.mirror/elixir-lang+elixir/repo");
const tag = opt("--tag", "v1.14.0");
const show = Number(opt("--show", "3"));
const optsExs = opt("--opts", "[]");
// --unformat: each input with its indentation removed and every ", " widened, still valid code
// that the formatter must lay out again (strings' contents change too, consistently on both sides).
const unformat = args.includes("--unformat");
if (unformat) args.splice(args.indexOf("--unformat"), 1);
const root = new URL("../../", import.meta.url).pathname;

const tmp = mkdtempSync(join(tmpdir(), "format-files-"));
try {
  let inputs;
  if (args.length > 0) inputs = args.map((f) => ({ name: f, src: readFileSync(f, "utf8") }));
  else {
    const listing = execFileSync("git", ["-C", repo, "ls-tree", "-r", "--name-only", tag, "lib/"], { encoding: "utf8", maxBuffer: 1 << 26 });
    inputs = listing.split("\n").filter((f) => /^lib\/[a-z_]+\/lib\/.*\.ex$/.test(f))
      .map((f) => ({ name: f, src: execFileSync("git", ["-C", repo, "show", `${tag}:${f}`], { encoding: "utf8", maxBuffer: 1 << 26 }) }));
  }
  if (unformat) for (const x of inputs) x.src = x.src.split("\n").map((l) => l.trimStart().replaceAll(", ", ",   ")).join("\n");
  inputs.forEach((x, i) => writeFileSync(join(tmp, `${i}.in`), x.src));
  const script = `
    opts = ${optsExs}
    for i <- 0..${inputs.length - 1} do
      src = File.read!(Path.join("${tmp}", "#{i}.in"))
      out = try do
        IO.iodata_to_binary(Code.format_string!(src, opts))
      rescue
        e -> "** " <> Exception.message(e)
      end
      File.write!(Path.join("${tmp}", "#{i}.out"), out)
    end`;
  execFileSync("elixir", ["-e", script], { stdio: ["ignore", "inherit", "inherit"] });

  const { formatString } = await import(join(root, "dist/src/runtime/compiler/code-formatter.js"));
  const beamshOpts = JSON.parse(execFileSync("elixir", ["-e", `
    opts = ${optsExs}
    IO.write("{" <> Enum.map_join(opts, ",", fn
      {:line_length, n} -> ~s("lineLength":#{n})
      {:force_do_end_blocks, b} -> ~s("forceDoEndBlocks":#{b})
      {:normalize_bitstring_modifiers, b} -> ~s("normalizeBitstringModifiers":#{b})
      {:locals_without_parens, l} -> ~s("localsWithoutParens":[) <> Enum.map_join(l, ",", fn {k, v} -> ~s(["#{k}",#{inspect(to_string(v))}]) end) <> "]"
    end) <> "}")`], { encoding: "utf8" }));
  if (beamshOpts.localsWithoutParens) beamshOpts.localsWithoutParens = beamshOpts.localsWithoutParens.map(([k, v]) => [k, v === "*" ? "*" : Number(v)]);
  let ok = 0, n = 0, lines = 0, okLines = 0;
  const diffs = [];
  inputs.forEach((x, i) => {
    const expected = readFileSync(join(tmp, `${i}.out`), "utf8");
    n++;
    const count = expected.split("\n").length;
    lines += count;
    let got;
    try {
      got = formatString(x.src, beamshOpts);
    } catch (e) {
      got = "** " + (e?.message ?? e);
    }
    if (got === expected) {
      ok++;
      okLines += count;
      return;
    }
    const g = got.split("\n"), e = expected.split("\n");
    let k = 0;
    while (k < g.length && k < e.length && g[k] === e[k]) k++;
    diffs.push(`--- ${x.name}: first difference at line ${k + 1}\n` +
      `expected: ${e.slice(Math.max(0, k - 2), k + 4).join("\n          ")}\n` +
      `got:      ${g.slice(Math.max(0, k - 2), k + 4).join("\n          ")}\n`);
  });
  console.log(`files: ${ok}/${n} identical (${((100 * ok) / Math.max(n, 1)).toFixed(1)}%), lines in identical files ${okLines}/${lines}`);
  for (const d of diffs.slice(0, show)) console.log(d);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
