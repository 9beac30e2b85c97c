// Elixir 1.14's own unit tests of its standard library (or of another app of Elixir's
// repository: APP=iex, eex, logger, ex_unit), run under real `elixir` and under beamsh, test by
// test. Reads the tests from the Elixir git mirror (never copied into this project), sets them
// up in WORK with our test helper, and writes per-test results.
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
const TIMEOUT = Number(process.env.TIMEOUT ?? 600) * 1000;
const APP = process.env.APP ?? "elixir";

// The test files of standard-library modules measured (paths under lib/elixir/test/elixir).
const ELIXIR_FILES = [
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
  "typespec_test.exs", "module_test.exs", "kernel/parser_test.exs", "file_test.exs",
  "application_test.exs", "partition_supervisor_test.exs",
  "config_test.exs", "config/reader_test.exs", "config/provider_test.exs",
  "io/ansi/docs_test.exs", "kernel/impl_test.exs", "kernel/lexical_tracker_test.exs",
  "module/locals_tracker_test.exs", "code_fragment_test.exs", "task/supervisor_test.exs",
  "kernel/tracers_test.exs", "kernel/docs_test.exs", "kernel/deprecated_test.exs",
  "code_normalizer/formatted_ast_test.exs", "code_normalizer/quoted_ast_test.exs",
  "code_formatter/calls_test.exs", "code_formatter/comments_test.exs",
  "code_formatter/containers_test.exs", "code_formatter/general_test.exs",
  "code_formatter/integration_test.exs", "code_formatter/literals_test.exs",
  "code_formatter/operators_test.exs",
];

// The apps measured. tests: the test tree in Elixir's repository (files are named under it);
// cwd: where a file runs, as Elixir's `make test_<app>` runs it (for the other apps: from
// lib/<app>, the file given as test/<file>, so file paths print as in Elixir's own runs);
// helper: our stand-in for the app's test_helper.exs; files: measured by default; results: per
// app under WORK; skip: tests that need what beamsh does not have (by file and test name, with
// the reason), left out of both counts.
const app = (name, files) => ({
  tests: `lib/${name}/test`,
  cwd: `lib/${name}`,
  arg: (f) => `test/${f}`,
  helper: `test_helper.${name}.exs`,
  files,
  results: path.join(WORK, "results", name),
  skip: `skip.${name}.json`,
});
const APPS = {
  elixir: {
    tests: "lib/elixir/test/elixir", cwd: "lib/elixir/test/elixir", arg: (f) => f,
    helper: "test_helper.exs", files: ELIXIR_FILES, results: path.join(WORK, "results"), skip: "skip.json",
  },
  iex: app("iex", [
    "iex/helpers_test.exs", "iex/autocomplete_test.exs", "iex/interaction_test.exs", "iex/info_test.exs",
    "iex/pry_test.exs", "iex/server_test.exs",
  ]),
  eex: app("eex", ["eex_test.exs", "eex/tokenizer_test.exs", "eex/smart_engine_test.exs"]),
  logger: app("logger", [
    "logger_test.exs", "logger/formatter_test.exs", "logger/translator_test.exs", "logger/utils_test.exs",
    "logger/handler_test.exs", "logger/backends/console_test.exs",
  ]),
  ex_unit: app("ex_unit", [
    "ex_unit_test.exs", "ex_unit/assertions_test.exs", "ex_unit/callbacks_test.exs",
    "ex_unit/capture_io_test.exs", "ex_unit/capture_log_test.exs", "ex_unit/case_template_test.exs",
    "ex_unit/case_test.exs", "ex_unit/describe_test.exs", "ex_unit/diff_test.exs",
    "ex_unit/doc_test_test.exs", "ex_unit/failures_manifest_test.exs", "ex_unit/filters_test.exs",
    "ex_unit/formatter_test.exs", "ex_unit/register_test.exs", "ex_unit/runner_stats_test.exs",
    "ex_unit/supervised_test.exs",
  ]),
};
const A = APPS[APP];
if (!A) throw new Error(`APP=${APP}: not one of ${Object.keys(APPS).join(", ")}`);
const TESTS = path.join(WORK, A.tests);
const RESULTS = A.results;
export const FILES = A.files;
const skipFile = path.join(HERE, A.skip);
export const SKIP = fs.existsSync(skipFile) ? JSON.parse(fs.readFileSync(skipFile, "utf8")) : {};

// Takes out `doctest Mod` lines (and their continuation lines) naming a module the file does
// not define: beamsh's library modules carry beamsh's own doc text, not Elixir's. Doctests of
// modules a test file defines itself (ExUnit's doc_test_test) stay: they test the doctest runner.
function dropLibraryDoctests(src) {
  const lines = src.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)doctest\s+([A-Z][\w.]*)/.exec(lines[i]);
    if (!m || new RegExp(`defmodule\\s+(${m[2].replace(/\./g, "\\.")}|${m[2].split(".").pop()})\\s+do`).test(src)) continue;
    let j = i;
    while (/,\s*$/.test(lines[j]) && j + 1 < lines.length) j++;
    for (let k = i; k <= j; k++) lines[k] = k === i ? `${m[1]}# (doctest taken out)` : "";
  }
  return lines.join("\n");
}

// Elixir's `make test_<app>` loads test/test_helper.exs first (elixir -r); the test files of
// logger and ex_unit count on it. beamsh has no -r, so a file that does not require the helper
// itself does it first, on its first line (the file's line numbers stay as they are).
function requireHelper(f, src) {
  if (/Code\.require_file\(.*test_helper\.exs/.test(src)) return src;
  const rel = path.posix.relative(path.posix.dirname(f), "test_helper.exs");
  return `Code.require_file(${JSON.stringify(rel)}, __DIR__); ${src}`;
}

function extract() {
  fs.rmSync(path.join(WORK, "lib", APP), { recursive: true, force: true });
  fs.mkdirSync(WORK, { recursive: true });
  const tar = execFileSync("git", ["--git-dir", GIT_DIR, "archive", TAG, A.tests], { maxBuffer: 1 << 28 });
  execFileSync("tar", ["x", "-C", WORK], { input: tar });
  const helper = [fs.readFileSync(path.join(HERE, "selftest_results.exs"), "utf8"), fs.readFileSync(path.join(HERE, A.helper), "utf8")];
  fs.writeFileSync(path.join(TESTS, "test_helper.exs"), helper.join("\n"));
  // `doctest Mod` reads Mod's documentation: beamsh's modules carry beamsh's own doc text, so
  // doctests are measured by the doctest extractor instead and taken out here for both runs.
  // (in every test file, not only FILES: any of them may be measured by name)
  for (const f of fs.readdirSync(TESTS, { recursive: true }).map(String).filter((x) => x.endsWith("_test.exs"))) {
    const p = path.join(TESTS, f);
    const src = fs.readFileSync(p, "utf8");
    fs.writeFileSync(p, APP === "elixir" ? src.replace(/^(\s*)doctest\s.*$/gm, "$1# (doctest taken out)") : requireHelper(f, dropLibraryDoctests(src)));
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
    const r = await run(which === "elixir", [A.arg(f)], { cwd: path.join(WORK, A.cwd), timeout: TIMEOUT, env: { ELIXIR_ERL_OPTIONS: "" } });
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
