// See README.md. Measures beamsh against real Elixir on exercism's practice (or concept) exercises.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { normalise as norm, pool, run } from "../lib/compare-runs.mjs";

const REPO = process.env.EXERCISM_REPO ?? "/work/.mirror/exercism+elixir/repo";
const TRACK = process.env.EXERCISM_TRACK ?? "practice"; // or "concept"
const WORK = process.env.WORK ?? `/tmp/exercism-${TRACK}`;
const HERE = path.dirname(fileURLToPath(import.meta.url));
const EX = path.join(WORK, "ex");
const [cmd, ...rest] = process.argv.slice(2);
const git = (...a) => execFileSync("git", ["-C", REPO, ...a], { encoding: "utf8", maxBuffer: 1 << 26 });
const names = () => (rest.length ? rest : fs.readdirSync(EX).sort());

function extract() {
  const files = git("ls-tree", "-r", "--name-only", "HEAD", `exercises/${TRACK}`).split("\n").filter(Boolean);
  const all = [...new Set(files.map((f) => f.split("/")[2]))].sort();
  for (const n of all) {
    const base = `exercises/${TRACK}/${n}`;
    const cfg = JSON.parse(git("show", `HEAD:${base}/.meta/config.json`));
    const d = path.join(EX, n);
    fs.mkdirSync(d, { recursive: true });
    const src = [...(cfg.files.editor ?? []), ...(cfg.files.example ?? cfg.files.exemplar ?? [".meta/example.ex"])].map((f) => git("show", `HEAD:${base}/${f}`) + "\n").join("");
    const tests = cfg.files.test.map((f) => git("show", `HEAD:${base}/${f}`) + "\n").join("");
    fs.writeFileSync(path.join(d, "solution.ex"), src);
    fs.writeFileSync(path.join(d, "test.exs"), tests);
    fs.writeFileSync(path.join(d, "run.exs"), "ExUnit.start(include: [:pending], exclude: [], seed: 0, max_cases: 1, autorun: true)\n" + src + "\n" + tests);
  }
  console.log(`${all.length} exercises in ${EX}`);
}

async function runOne(n, ref) {
  const d = path.join(EX, n);
  const { out, err, code, timedOut } = await run(ref, ["run.exs"], { cwd: d });
  const tag = ref ? "ref" : "beamsh";
  fs.writeFileSync(path.join(d, `${tag}.out`), norm(out));
  fs.writeFileSync(path.join(d, `${tag}.err`), norm(err + (timedOut ? "\n<<TIMEOUT>>" : "")) + `\n<<exit ${code}>>\n`);
}

const runAll = (ref) => pool(names(), async (n) => { await runOne(n, ref); process.stderr.write(`${n}\n`); });

function compare() {
  const counts = (s) => { const m = /(\d+) tests?, (\d+) failures?/.exec(s); return m ? [+m[1], +m[2]] : null; };
  let total = 0, same = 0, sameCounts = 0, tests = 0, passing = 0;
  for (const n of names()) {
    const d = path.join(EX, n);
    const read = (t) => fs.existsSync(path.join(d, `${t}.out`)) ? fs.readFileSync(path.join(d, `${t}.out`), "utf8") + fs.readFileSync(path.join(d, `${t}.err`), "utf8") : null;
    const r = read("ref"), b = read("beamsh");
    if (r === null || b === null) continue;
    total++;
    const cr = counts(r), cb = counts(b);
    if (cr) tests += cr[0];
    if (cr && cb && cr[0] === cb[0]) passing += cb[0] - cb[1];
    if (r === b) same++;
    else console.log(`${n}: elixir ${JSON.stringify(cr)} beamsh ${JSON.stringify(cb)}${b.includes("<<TIMEOUT>>") ? " (timed out)" : ""}`);
    if (JSON.stringify(cr) === JSON.stringify(cb)) sameCounts++;
  }
  console.log(`${total} exercises: identical output ${same}, same test/failure counts ${sameCounts}; tests passing under beamsh ${passing}/${tests}`);
}

function iex() {
  const dir = path.join(WORK, "iex");
  fs.mkdirSync(dir, { recursive: true });
  for (const n of names()) execFileSync("elixir", [path.join(HERE, "to_iex.exs"), path.join(EX, n), path.join(dir, `${n}.in`)], { stdio: "inherit" });
  console.log(`transcript inputs in ${dir}`);
}

if (cmd === "extract") extract();
else if (cmd === "ref") await runAll(true);
else if (cmd === "beamsh") await runAll(false);
else if (cmd === "compare") compare();
else if (cmd === "iex") iex();
else console.error("usage: measure.mjs extract | ref | beamsh [names] | compare [names] | iex [names]");
