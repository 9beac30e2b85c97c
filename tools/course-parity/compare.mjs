#!/usr/bin/env node
// Follows course pages in beamsh and compares what it prints with what real iex printed,
// leaving out what differs between two runs of iex itself or by the machine it runs on.
//
//   node tools/course-parity/compare.mjs --record [--cmd iex] DIR|FILE.in...
//   node tools/course-parity/compare.mjs [--cmd CMD] [--timeout S] [-v] [--dump DIR] DIR|FILE.in...
//
// --record runs each page (NAME.in, from extract.exs) through real iex twice, writing NAME.out
// and NAME.out2. Without it, each page runs through beamsh (CMD, `node bin/beamsh.js` of this
// checkout by default) and is compared with NAME.out. Every run happens in a fresh empty
// directory, so pages that write files find none left by an earlier run.
//
// What is not compared, because it is the environment and not the shell:
//  - what real iex printed differently in its two runs (NAME.out against NAME.out2): clock
//    readings, random numbers, unique integers, monotonic times, pid and reference numbers
//    whose order iex itself varies. Such an expected line counts as neither matched nor missed.
//  - where a warning lands among the other lines: iex writes warnings to standard error, which
//    piped iex flushes at its own moment, sometimes after later results. Warning blocks
//    ("warning: ..." with its indented location lines and the blank line after it) are taken
//    out of both outputs and compared as a collection, each expected block matched by an equal
//    block of beamsh's; the remaining lines are compared in order.
//  - the prose of `h` pages: beamsh writes its own documentation for the library (see the
//    brief), so of a documentation page only its headings (the centred title or signature) and
//    its @spec/@callback/@type lines are compared.
//  - pid, reference, port and fun numbers, the banner, log timestamps and stack trace entries
//    (as the shared parity checker normalises them); module bytecode in {:module, ...}.
//
// It prints each page as `ok` or `FAIL` with its matched/total lines (-v: the two texts), then
// the line parity over all pages and how many expected lines were left out as environment.
// --dump DIR writes NAME.exp and NAME.act (normalised, warnings and volatile lines marked) for
// diffing.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { BEAMSH } from "../lib/compare-runs.mjs";

const args = process.argv.slice(2);
let cmd = `node ${BEAMSH}`;
let timeoutS = 180;
let record = false;
let verbose = false;
let dump = null;
const paths = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === "--cmd") cmd = args[++i];
  else if (a === "--timeout") timeoutS = Number(args[++i]);
  else if (a === "--record") record = true;
  else if (a === "--dump") dump = args[++i];
  else if (a === "-v" || a === "--verbose") verbose = true;
  else paths.push(a);
}
if (record && !args.includes("--cmd")) cmd = "iex";
if (paths.length === 0) {
  console.error("usage: compare.mjs [--record] [--cmd CMD] [--timeout S] [-v] [--dump DIR] DIR|FILE.in...");
  process.exit(2);
}

function collect(p, out) {
  if (statSync(p).isDirectory()) for (const e of readdirSync(p).sort()) collect(join(p, e), out);
  else if (p.endsWith(".in")) out.push(resolve(p));
  return out;
}

// Runs the shell on one page in a fresh directory, standard error into standard output as
// `iex < page 2>&1` has them.
function runPage(file) {
  const cwd = mkdtempSync(join(tmpdir(), "course-page-"));
  return new Promise((done) => {
    const child = spawn("sh", ["-c", `${cmd} 2>&1`], {
      cwd,
      stdio: ["pipe", "pipe", "inherit"],
      env: { ...process.env, NO_COLOR: "1", TERM: "dumb", ELIXIR_ERL_OPTIONS: "", ERL_CRASH_DUMP: "/dev/null" },
      detached: true,
    });
    let out = "";
    let timedOut = false;
    child.stdout.on("data", (d) => (out += d));
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid, "SIGKILL"); } catch {}
    }, timeoutS * 1000);
    child.on("close", () => {
      clearTimeout(timer);
      try { rmSync(cwd, { recursive: true, force: true }); } catch {}
      done({ out, timedOut });
    });
    child.stdin.on("error", () => {});
    child.stdin.end(readFileSync(file));
  });
}

// What may differ between any two runs, iex's or beamsh's, removed or made uniform.
export function normalise(text) {
  text = text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "").replace(/\r/g, "");
  const kept = [];
  for (let line of text.split("\n")) {
    if (/^Interactive \S+ .*Ctrl\+C/.test(line)) continue;
    if (/\d\d:\d\d:\d\d\.\d{3} \[notice\]/.test(line)) continue;
    if (/^ {4}(\([^)]*\) )?(\S+:\d+: \S|:?[A-Za-z_][\w.]*\.[^\s(]+\(.*\)$)/.test(line)) continue;
    line = line.replace(/\d\d:\d\d:\d\d\.\d{3} \[/, "[");
    line = line.replace(/(iex|\.\.\.)\(([\w-]+)@[^)]+\)/g, "$1($2@host)");
    line = line
      .replace(/#PID<\d+\.\d+\.\d+>/g, "#PID<>")
      .replace(/#Reference<[\d.]+>/g, "#Reference<>")
      .replace(/#Function<[^>]*>/g, "#Function<>")
      .replace(/#Port<[\d.]+>/g, "#Port<>")
      // hygiene counters are unique integers, numbered by all that ran before
      .replace(/counter: -?\d+/g, "counter: N");
    kept.push(line.replace(/\s+$/, ""));
  }
  let joined = kept.join("\n");
  joined = joined.replace(/\{:module, ([\w.]+),\s*<<[\d,\s]*(?:\.\.\.)?>>,\s*/g, "{:module, $1, <<...>>, ");
  joined = joined.replace(/\n+$/, "");
  joined = joined.replace(/\n?(iex|\.\.\.)(\([^)]*\))?> ?$/, "");
  return joined;
}

// Takes the warning blocks out of a normalised output: {text, warnings}. A block starts at
// "warning: " (at a line's start or after a prompt) and runs through its indented lines and
// the blank line ending it; the text around it is joined as if it had not been written.
export function takeWarnings(text) {
  const warnings = [];
  const re = /warning: [^\n]*(?:\n  [^\n]*)*(?:\n\n|\n?$)/g;
  const rest = text.replace(re, (block) => {
    warnings.push(block.replace(/\n+$/, ""));
    return block.endsWith("\n\n") || !block.endsWith("\n") ? "" : "\n";
  });
  return { text: rest, warnings };
}

// Documentation pages (h's output) keep only their headings and type lines: a page starts with
// a line indented by eight spaces or more (the centred heading) right after a bare prompt, and
// runs to the next prompt.
export function docHeadingsOnly(lines) {
  const out = [];
  let inDoc = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (/^(iex|\.\.\.)(\([^)]*\))?>/.test(l)) {
      inDoc = /^iex(\([^)]*\))?>$/.test(l) && /^ {8,}\S/.test(lines[i + 1] ?? "");
      out.push(l);
    } else if (!inDoc || /^ {8,}\S/.test(l) || /^\s*@(spec|callback|macrocallback|type|typep|opaque) /.test(l)) {
      out.push(l);
    }
  }
  return out;
}

// The alignment of two line lists (longest common subsequence): for each line of `a`, whether
// it is matched. `weight(i)` is what matching a's line i is worth (0: may be skipped freely).
function alignment(a, b, eq = (x, y) => x === y) {
  const n = a.length, m = b.length;
  const dp = Array.from({ length: n + 1 }, () => new Int32Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      dp[i][j] = eq(a[i], b[j]) ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
  const matched = new Array(n).fill(false);
  let i = 0, j = 0;
  while (i < n && j < m) {
    if (eq(a[i], b[j])) { matched[i] = true; i++; j++; }
    else if (dp[i + 1][j] >= dp[i][j + 1]) i++;
    else j++;
  }
  return matched;
}

// Compares one page: the expected output (iex's first run), iex's second run (or null) and
// beamsh's. Returns {matched, total, excluded, same, exp, act}.
export function comparePage(expRaw, exp2Raw, actRaw) {
  const prep = (raw) => {
    const { text, warnings } = takeWarnings(normalise(raw));
    return { lines: docHeadingsOnly(text.split("\n")), warnings };
  };
  const e = prep(expRaw), a = prep(actRaw);
  // lines iex itself printed differently in its second run are the environment's
  let volatile = new Array(e.lines.length).fill(false);
  let volatileWarnings = new Set();
  if (exp2Raw !== null) {
    const e2 = prep(exp2Raw);
    volatile = alignment(e.lines, e2.lines).map((m) => !m);
    const left = [...e2.warnings];
    e.warnings.forEach((w, k) => {
      const at = left.indexOf(w);
      if (at >= 0) left.splice(at, 1);
      else volatileWarnings.add(k);
    });
  }
  const kept = e.lines.filter((_, i) => !volatile[i]);
  const matchedLines = alignment(kept, a.lines);
  let matched = matchedLines.filter(Boolean).length;
  let total = kept.length;
  const left = [...a.warnings];
  let warningsSame = true;
  e.warnings.forEach((w, k) => {
    if (volatileWarnings.has(k)) return;
    const n = w.split("\n").length;
    total += n;
    const at = left.indexOf(w);
    if (at >= 0) { left.splice(at, 1); matched += n; }
    else warningsSame = false;
  });
  if (left.length > volatileWarnings.size) warningsSame = false;
  // the page matches when every kept line is matched and beamsh printed nothing more than the
  // lines left out
  const extra = a.lines.length - matchedLines.filter(Boolean).length;
  const same = matched === total && warningsSame && extra <= volatile.filter(Boolean).length;
  const excluded = volatile.filter(Boolean).length +
    [...volatileWarnings].reduce((s, k) => s + e.warnings[k].split("\n").length, 0);
  const show = (lines, marks) => lines.map((l, i) => (marks && marks[i] ? `~ ${l}` : l)).join("\n");
  return {
    matched, total, excluded, same,
    exp: show(e.lines, volatile) + "\n---- warnings\n" + e.warnings.join("\n\n"),
    act: a.lines.join("\n") + "\n---- warnings\n" + a.warnings.join("\n\n"),
  };
}

const files = paths.flatMap((p) => collect(p, []));
if (dump) mkdirSync(dump, { recursive: true });
let passed = 0, failed = 0, linesMatched = 0, linesTotal = 0, linesExcluded = 0;
for (const f of files) {
  const name = f.split("/").slice(-2).join("/");
  const outFile = f.replace(/\.in$/, ".out");
  if (record) {
    const r1 = await runPage(f);
    writeFileSync(outFile, r1.out);
    const r2 = await runPage(f);
    writeFileSync(outFile + "2", r2.out);
    console.log(`recorded ${name}${r1.timedOut || r2.timedOut ? " (timed out)" : ""}`);
    continue;
  }
  if (!existsSync(outFile)) { console.log(`SKIP ${name} (no .out)`); continue; }
  const exp2 = existsSync(outFile + "2") ? readFileSync(outFile + "2", "utf8") : null;
  const { out, timedOut } = await runPage(f);
  const r = comparePage(readFileSync(outFile, "utf8"), exp2, out);
  linesMatched += r.matched;
  linesTotal += r.total;
  linesExcluded += r.excluded;
  if (dump) {
    const base = join(dump, name.replace(/\//g, "_").replace(/\.in$/, ""));
    writeFileSync(base + ".exp", r.exp + "\n");
    writeFileSync(base + ".act", r.act + "\n");
  }
  if (r.same) { passed++; console.log(`ok   ${name} ${r.matched}/${r.total}`); }
  else {
    failed++;
    console.log(`FAIL ${name} ${r.matched}/${r.total}${timedOut ? " (timed out)" : ""}`);
    if (verbose) console.log("---- expected\n" + r.exp + "\n---- actual\n" + r.act + "\n----");
  }
}
if (!record) {
  const pct = linesTotal ? ((100 * linesMatched) / linesTotal).toFixed(1) : "0.0";
  console.log(`line parity: ${pct}% (${linesMatched}/${linesTotal} expected lines reproduced; ${linesExcluded} left out as iex's own variation)`);
  console.log(`${passed} passed, ${failed} failed`);
}
process.exit(record || failed === 0 ? 0 : 1);
