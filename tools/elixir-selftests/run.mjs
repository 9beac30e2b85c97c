// Elixir 1.14's own unit tests of its standard library, run under real `elixir` and under
// beamsh, test by test. Reads the tests from the Elixir git mirror (never copied into this
// project), sets them up in WORK with our test_helper.exs, and writes per-test results.
// Usage: see README.md.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { run, pool } from "../lib/compare-runs.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const GIT_DIR = process.env.ELIXIR_GIT_DIR ?? "/work/.mirror/elixir-lang+elixir/repo";
const TAG = process.env.ELIXIR_TAG ?? "v1.14.0";
const WORK = process.env.WORK ?? "/tmp/elixir-selftests";
const TESTS = path.join(WORK, "lib/elixir/test/elixir");
const RESULTS = path.join(WORK, "results");
const TIMEOUT = Number(process.env.TIMEOUT ?? 600) * 1000;

// The test files of standard-library modules measured (paths under lib/elixir/test/elixir).
export const FILES = [
  "access_test.exs", "atom_test.exs", "base_test.exs", "bitwise_test.exs",
  "calendar_test.exs", "calendar/date_test.exs", "calendar/date_range_test.exs",
  "calendar/datetime_test.exs", "calendar/iso_test.exs", "calendar/naive_datetime_test.exs",
  "calendar/time_test.exs", "collectable_test.exs", "enum_test.exs", "exception_test.exs",
  "float_test.exs", "function_test.exs", "inspect_test.exs", "inspect/algebra_test.exs",
  "integer_test.exs", "io_test.exs", "io/ansi_test.exs", "keyword_test.exs",
  "kernel_test.exs", "kernel/alias_test.exs", "kernel/binary_test.exs",
  "kernel/charlist_test.exs", "kernel/comprehension_test.exs", "kernel/defaults_test.exs",
  "kernel/fn_test.exs", "kernel/guard_test.exs", "kernel/raise_test.exs",
  "kernel/sigils_test.exs", "kernel/special_forms_test.exs", "kernel/with_test.exs",
  "list_test.exs", "list/chars_test.exs", "map_test.exs", "map_set_test.exs",
  "option_parser_test.exs", "range_test.exs", "regex_test.exs",
  "stream_test.exs", "string_test.exs", "string/chars_test.exs", "string_io_test.exs",
  "tuple_test.exs", "uri_test.exs", "version_test.exs",
  "macro_test.exs", "code_test.exs", "protocol_test.exs", "path_test.exs",
  "kernel/errors_test.exs", "kernel/import_test.exs", "kernel/macros_test.exs",
  "kernel/quote_test.exs", "kernel/overridable_test.exs", "kernel/string_tokenizer_test.exs",
  "kernel/warning_test.exs", "kernel/expansion_test.exs",
  "process_test.exs", "agent_test.exs", "task_test.exs", "gen_server_test.exs",
  "registry_test.exs", "supervisor_test.exs", "dynamic_supervisor_test.exs",
];

// Tests that need what beamsh does not have (named by file and test name, with the reason).
// They are left out of both counts.
export const SKIP = JSON.parse(fs.readFileSync(path.join(HERE, "skip.json"), "utf8"));

function extract() {
  fs.rmSync(path.join(WORK, "lib"), { recursive: true, force: true });
  fs.mkdirSync(WORK, { recursive: true });
  const tar = execFileSync("git", ["--git-dir", GIT_DIR, "archive", TAG, "lib/elixir/test/elixir"], { maxBuffer: 1 << 28 });
  execFileSync("tar", ["x", "-C", WORK], { input: tar });
  fs.copyFileSync(path.join(HERE, "test_helper.exs"), path.join(TESTS, "test_helper.exs"));
  // `doctest Mod` reads Mod's documentation: beamsh's modules carry beamsh's own doc text, so
  // doctests are measured by the doctest extractor instead and taken out here for both runs.
  // (in every test file, not only FILES: any of them may be measured by name)
  for (const f of fs.readdirSync(TESTS, { recursive: true }).map(String).filter((x) => x.endsWith("_test.exs"))) {
    const p = path.join(TESTS, f);
    fs.writeFileSync(p, fs.readFileSync(p, "utf8").replace(/^(\s*)doctest\s.*$/gm, "$1# (doctest taken out)"));
  }
}

function parse(out) {
  const tests = new Map();
  for (const m of out.matchAll(/@@selftest (\S+) (\S+) (.*)$/gm)) tests.set(`${m[2]} ${m[3]}`, m[1]);
  return tests;
}

async function measure(which, files) {
  fs.mkdirSync(path.join(RESULTS, which), { recursive: true });
  await pool(files, async (f) => {
    const r = await run(which === "elixir", [f], { cwd: TESTS, timeout: TIMEOUT, env: { ELIXIR_ERL_OPTIONS: "" } });
    const base = path.join(RESULTS, which, f.replace(/\//g, "__"));
    fs.writeFileSync(base + ".out", r.out + (r.timedOut ? "\n@@timeout\n" : ""));
    fs.writeFileSync(base + ".err", r.err);
    fs.writeFileSync(base + ".json", JSON.stringify(Object.fromEntries(parse(r.out)), null, 1));
    process.stderr.write(`${which} ${f}: ${parse(r.out).size} tests${r.timedOut ? " (timed out)" : ""}\n`);
  }, Number(process.env.JOBS ?? 1));
}

function load(which, f) {
  const p = path.join(RESULTS, which, f.replace(/\//g, "__") + ".json");
  return fs.existsSync(p) ? new Map(Object.entries(JSON.parse(fs.readFileSync(p, "utf8")))) : null;
}

function table(files) {
  const rows = [["file", "tests", "skipped", "elixir", "beamsh"]];
  const tot = [0, 0, 0, 0];
  const failures = [];
  for (const f of files) {
    const ex = load("elixir", f), bs = load("beamsh", f);
    if (!ex) continue;
    const skip = new Set(Object.keys(SKIP[f] ?? {}));
    const names = [...ex.keys()].filter((n) => ex.get(n) !== "excluded");
    const counted = names.filter((n) => !skip.has(n));
    const exPass = counted.filter((n) => ex.get(n) === "pass").length;
    const bsPass = bs ? counted.filter((n) => bs.get(n) === "pass").length : 0;
    for (const n of counted) if (ex.get(n) === "pass" && bs?.get(n) !== "pass") failures.push(`${f}: ${n} (${bs?.get(n) ?? "not run"})`);
    rows.push([f, counted.length, names.length - counted.length, exPass, bs ? bsPass : "-"]);
    tot[0] += counted.length; tot[1] += names.length - counted.length; tot[2] += exPass; tot[3] += bsPass;
  }
  rows.push(["total", ...tot]);
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  const line = (r) => "| " + r.map((c, i) => (i ? String(c).padStart(w[i]) : String(c).padEnd(w[i]))).join(" | ") + " |";
  console.log([line(rows[0]), "|" + w.map((n, i) => (i ? "-".repeat(n + 1) + ":" : "-".repeat(n + 2))).join("|") + "|", ...rows.slice(1).map(line)].join("\n"));
  if (process.env.FAILURES) console.log("\n" + failures.join("\n"));
}

const [cmd = "table", ...rest] = process.argv.slice(2);
const files = rest.length ? rest : FILES;
if (cmd === "extract") extract();
else if (cmd === "elixir" || cmd === "beamsh") await measure(cmd, files);
else if (cmd === "all") { extract(); await measure("elixir", files); await measure("beamsh", files); table(files); }
else table(files);
