// See README.md. Runs every .exs script of a folder under real elixir and under beamsh and
// compares their stdout, stderr and exit status exactly (after normalising only what differs
// by time or identity: see ../lib/compare-runs.mjs); modules meant to be pasted into iex
// (`c "file.ex"` then a few inputs) are compared the same way under iex and beamsh's shell.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { lineParity, normalise, pool, run } from "../lib/compare-runs.mjs";

const usage = `usage: run.mjs [--config FILE] [--work DIR] [--dir DIR] extract | ref | beamsh | compare | diff [FILES...]`;
const argv = process.argv.slice(2);
const opt = {};
const rest = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i].startsWith("--")) opt[argv[i].slice(2)] = argv[++i];
  else rest.push(argv[i]);
}
const [cmd, ...only] = rest;
const config = opt.config ? JSON.parse(fs.readFileSync(opt.config, "utf8")) : {};
const WORK = opt.work ?? process.env.WORK ?? `/tmp/script-parity/${opt.config ? path.basename(opt.config, ".json") : "run"}`;
const DIR = path.resolve(opt.dir ?? (config.repo ? path.join(WORK, "src") : "."));
const OUT = path.join(WORK, "out");
const TIMEOUT = (config.timeout ?? 60) * 1000;

// The scripts: every .exs under DIR, and each module listed under "iex" as one shell session.
function items() {
  const found = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) { if (!e.name.startsWith(".")) walk(p); } else if (e.name.endsWith(".exs")) found.push(path.relative(DIR, p));
    }
  };
  if (config.mix) for (const root of mixRoots()) walk(path.join(DIR, root, MIX_DIR));
  else walk(DIR);
  const all = [...found.map((f) => ({ name: f, file: f })), ...Object.entries(config.iex ?? {}).map(([f, inputs]) => ({ name: `${f}.iex`, file: f, inputs }))];
  const wanted = only.length ? all.filter((it) => only.some((o) => it.name === o || it.file === o || it.name.startsWith(o))) : all;
  return wanted.map((it) => ({ ...it, skip: skipReason(it.name) }));
}

function skipReason(name) {
  for (const [k, why] of Object.entries(config.skip ?? {})) if (name === k || (k.endsWith("/") && name.startsWith(k))) return why;
  return null;
}

// "mix": a Mix project's tests without Mix: `extract` writes one script per test file under
// _mix/, run from the project's root (as `mix test` runs them): it requires every lib/ file but
// Mix tasks' (in the order Path.wildcard gives, retried while one fails for a module another
// defines: a compile-time dependency), then test/test_helper.exs, fixes ExUnit's seed (0) and
// runs the test file. Only those scripts are compared.
// "mix": true for the project at the root, or a list of the projects' folders.
const MIX_DIR = "_mix";
const mixRoots = () => (config.mix === true ? ["."] : config.mix);
// A run's project root and its script, relative to it.
const mixPlace = (file) => {
  const root = mixRoots().find((r) => file.startsWith(path.join(r, MIX_DIR) + "/") || (r === "." && file.startsWith(MIX_DIR + "/")));
  return { cwd: path.join(DIR, root), rel: path.relative(root, file) };
};
const mixScript = (test) => `# ${test} as mix test runs it (see tools/script-parity/README.md)
pending = Enum.reject(Path.wildcard("lib/**/*.ex"), &String.starts_with?(&1, "lib/mix/"))
Stream.unfold(pending, fn
  [] -> nil
  files ->
    {ok, failed} = Enum.split_with(files, fn f ->
      try do
        Code.require_file(f)
        true
      rescue
        e in [CompileError, UndefinedFunctionError] -> if length(files) == 1, do: reraise(e, __STACKTRACE__), else: false
      end
    end)
    if ok == [], do: (Enum.each(failed, &Code.require_file/1); nil), else: {:ok, failed}
end) |> Stream.run()
if File.exists?("test/test_helper.exs"), do: Code.require_file("test/test_helper.exs"), else: ExUnit.start()
ExUnit.configure(seed: 0, max_cases: 1${config.exunit ? ", " + config.exunit : ""})
Code.require_file(${JSON.stringify(test)})
`;

function writeMixScripts() {
  for (const root of mixRoots()) writeMixScriptsOf(path.join(DIR, root));
}

function writeMixScriptsOf(DIR) {
  if (config.exemplar) useExemplar(DIR);
  const tests = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(path.join(DIR, d), { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith("_test.exs")) tests.push(p);
    }
  };
  if (fs.existsSync(path.join(DIR, "test"))) walk("test");
  for (const t of tests) {
    const f = path.join(DIR, MIX_DIR, t.replace(/^test\//, "").replace(/_test\.exs$/, ".exs"));
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, mixScript(t));
  }
  console.log(`${tests.length} test files as scripts under ${path.join(DIR, MIX_DIR)}`);
}

// "exemplar": an exercism exercise's reference solution replaces the stub a student starts
// from: each file its .meta/config.json lists under files.exemplar is copied over the file at
// the same place in files.solution.
function useExemplar(DIR) {
  const meta = path.join(DIR, ".meta", "config.json");
  if (!fs.existsSync(meta)) return;
  const { solution = [], exemplar = [] } = JSON.parse(fs.readFileSync(meta, "utf8")).files ?? {};
  exemplar.forEach((from, i) => { if (solution[i]) fs.copyFileSync(path.join(DIR, from), path.join(DIR, solution[i])); });
}

const outFile = (it, tag) => path.join(OUT, `${it.name}.${tag}`);

// One run: the script by its name relative to its folder (or the shell fed `c "file"` and the
// inputs), in its own folder unless the config says "cwd": "root", stdin as configured.
async function runItem(it, ref) {
  const cwd = config.mix ? mixPlace(it.file).cwd : config.cwd === "root" ? DIR : path.join(DIR, path.dirname(it.file));
  const rel = config.mix ? mixPlace(it.file).rel : config.cwd === "root" ? it.file : path.basename(it.file);
  let r;
  if (it.inputs) {
    const stdin = [`c "${rel}"`, ...it.inputs].join("\n") + "\n";
    r = await run(ref, [], { cwd, stdin, shell: true, timeout: TIMEOUT, env: { NO_COLOR: "1", TERM: "dumb", ELIXIR_ERL_OPTIONS: "" } });
    r.out = r.out.replace(/^Interactive (Elixir|beamsh) \([^)]*\) - /, "Interactive SHELL - ");
  } else {
    r = await run(ref, [rel], { cwd, stdin: config.stdin?.[it.name] ?? null, timeout: TIMEOUT });
  }
  const text = `${normalise(r.out)}\n<<stderr>>\n${normalise(r.err)}\n<<exit ${r.timedOut ? "timeout" : r.code}>>\n`;
  fs.mkdirSync(path.dirname(outFile(it, "x")), { recursive: true });
  fs.writeFileSync(outFile(it, ref ? "ref" : "beamsh"), text);
}

function extract() {
  fs.rmSync(DIR, { recursive: true, force: true });
  fs.mkdirSync(DIR, { recursive: true });
  const globs = (config.paths ?? []).map((g) => `:(glob)${g}`);
  const tar = execFileSync("git", ["--git-dir", config.repo, "archive", config.commit ?? "HEAD", ...globs], { maxBuffer: 1 << 28 });
  execFileSync("tar", ["-x", "-C", DIR], { input: tar });
  if (config.flatten) flatten(config.flatten);
  if (config.mix) writeMixScripts();
  console.log(`${config.repo} extracted to ${DIR}`);
}

// "flatten": { ".suffix": ".exs" }: every file under DIR whose name ends in a listed suffix is
// moved to DIR itself with that suffix replaced (so a corpus kept as Task/NAME/Lang/name.lang
// becomes name.exs); everything else extracted is removed.
function flatten(suffixes) {
  const moved = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const suf = Object.keys(suffixes).find((x) => e.name.endsWith(x));
        if (suf) moved.push([p, e.name.slice(0, -suf.length) + suffixes[suf]]);
      }
    }
  };
  walk(DIR);
  const tmp = fs.mkdtempSync(path.join(path.dirname(DIR), "flatten-"));
  for (const [from, name] of moved) {
    if (fs.existsSync(path.join(tmp, name))) throw new Error(`flatten: two files would be ${name}`);
    fs.renameSync(from, path.join(tmp, name));
  }
  fs.rmSync(DIR, { recursive: true, force: true });
  fs.renameSync(tmp, DIR);
}

const parts = (t) => { const m = /^([\s\S]*)\n<<stderr>>\n([\s\S]*)\n<<exit (\S+)>>\n$/.exec(t); return m ? { out: m[1], err: m[2], exit: m[3] } : { out: t, err: "", exit: "?" }; };

function compare(list) {
  let files = 0, exact = 0, lines = 0, inOrder = 0, positional = 0;
  const skipped = [];
  for (const it of list) {
    if (it.skip) { skipped.push(it); continue; }
    const read = (t) => (fs.existsSync(outFile(it, t)) ? fs.readFileSync(outFile(it, t), "utf8") : null);
    const r = read("ref"), b = read("beamsh");
    if (r === null || b === null) { console.log(`${it.name}: not run (${r === null ? "ref" : "beamsh"})`); continue; }
    files++;
    const pr = parts(r), pb = parts(b);
    const p = lineParity(pr.out + "\n" + pr.err, pb.out + "\n" + pb.err);
    lines += p.lines; inOrder += p.inOrder; positional += p.positional;
    if (r === b) { exact++; continue; }
    const what = ["out", "err", "exit"].filter((k) => pr[k] !== pb[k]).map((k) => (k === "exit" ? `exit ${pr.exit} vs ${pb.exit}` : `std${k}`));
    console.log(`${it.name}: differs in ${what.join(", ")}; lines ${p.inOrder}/${p.lines}`);
  }
  for (const it of skipped) console.log(`${it.name}: skipped (${it.skip})`);
  console.log(`${files} runs compared (${skipped.length} skipped): exact ${exact}/${files}; reference lines reproduced in order ${inOrder}/${lines}, at the same position ${positional}/${lines}`);
}

function diff(list) {
  for (const it of list) {
    if (!fs.existsSync(outFile(it, "ref")) || !fs.existsSync(outFile(it, "beamsh"))) continue;
    try { execFileSync("diff", ["-u", "--label", `${it.name} (elixir)`, "--label", `${it.name} (beamsh)`, outFile(it, "ref"), outFile(it, "beamsh")], { stdio: "inherit" }); } catch {}
  }
}

const list = cmd === "extract" ? [] : items();
const todo = list.filter((it) => !it.skip);
if (cmd === "extract") extract();
else if (cmd === "ref" || cmd === "beamsh") await pool(todo, async (it) => { await runItem(it, cmd === "ref"); process.stderr.write(`${it.name}\n`); }, Number(opt.jobs ?? process.env.JOBS ?? 2));
else if (cmd === "compare") compare(list);
else if (cmd === "diff") diff(todo);
else { console.error(usage); process.exit(2); }
