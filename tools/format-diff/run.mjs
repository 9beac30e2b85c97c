// Differential formatter harness: runs Elixir code through real Elixir 1.14 and through
// beamsh's formatter and compares Macro.to_string/1 (with and without line metadata) and
// Code.format_string!/1 output. The inputs are every definition in Elixir's own library
// sources (read from the Elixir git mirror, not kept in this repository), printed by real
// Macro.to_string/1. Needs `elixir` and a built dist/ (npx tsc -p .).
//   node tools/format-diff/run.mjs [--repo DIR] [--tag v1.14.0] [--show N] [lib/elixir/lib/enum.ex ...]
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
const show = Number(opt("--show", "5"));
const root = new URL("../../", import.meta.url).pathname;
const files = args.length > 0 ? args : execFileSync("git", ["-C", repo, "ls-tree", "--name-only", tag, "lib/elixir/lib/"], { encoding: "utf8" })
  .split("\n").filter((f) => f.endsWith(".ex"));

const tmp = mkdtempSync(join(tmpdir(), "format-diff-"));
try {
  const paths = files.map((f, i) => {
    const p = join(tmp, `${i}-${f.split("/").pop()}`);
    writeFileSync(p, execFileSync("git", ["-C", repo, "show", `${tag}:${f}`], { encoding: "utf8" }));
    return p;
  });
  const out = join(tmp, "expected.json");
  execFileSync("elixir", [join(root, "tools/format-diff/extract.exs"), out, ...paths], { stdio: ["ignore", "inherit", "inherit"] });
  const cases = JSON.parse(readFileSync(out, "utf8"));

  const { parse } = await import(join(root, "dist/src/lang/parser.js"));
  const { astToTerm } = await import(join(root, "dist/src/runtime/compiler/quoted.js"));
  const formatter = await import(join(root, "dist/src/runtime/compiler/code-formatter.js"));
  const { NIL, Cons } = await import(join(root, "dist/src/runtime/term.js"));

  const strip = (t) => {
    if (Array.isArray(t) && t.length === 3 && (t[1] === NIL || t[1] instanceof Cons)) return [strip(t[0]), NIL, strip(t[2])];
    if (Array.isArray(t)) return t.map(strip);
    if (t instanceof Cons) return new Cons(strip(t.h), strip(t.t));
    return t;
  };
  const quoted = (src) => astToTerm(parse(src, { file: "nofile", line: 1, column: 1 }));
  const runs = {
    string: (c) => formatter.quotedToString(quoted(c.src)),
    bare: (c) => formatter.quotedToString(strip(quoted(c.src))),
    format: (c) => (formatter.formatString ? formatter.formatString(c.src, {}) : "** not implemented"),
  };
  for (const [mode, run] of Object.entries(runs)) {
    let ok = 0, n = 0;
    const diffs = [];
    for (const c of cases) {
      if (c[mode].startsWith("** ")) continue;
      n++;
      let got;
      try {
        got = run(c);
      } catch (e) {
        got = "** " + (e?.message ?? e);
      }
      if (got === c[mode]) ok++;
      else diffs.push(`--- ${c.file}\n${c.src}\n--- expected\n${c[mode]}\n--- got\n${got}\n`);
    }
    console.log(`${mode}: ${ok}/${n} match (${((100 * ok) / Math.max(n, 1)).toFixed(1)}%)`);
    for (const d of diffs.slice(0, show)) console.log(d);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
