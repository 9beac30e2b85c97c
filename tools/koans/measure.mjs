// See README.md. Measures beamsh against real Elixir on the Elixir Koans course.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { BEAMSH, lineParity, normalise as norm, pool, run } from "../lib/compare-runs.mjs";

const REPO = process.env.KOANS_REPO ?? "/work/.mirror/elixirkoans+elixir-koans/repo";
const WORK = process.env.WORK ?? "/tmp/koans";
const PARITY = process.env.PARITY ?? "/work/shared/parity/parity.mjs";
const HERE = path.dirname(fileURLToPath(import.meta.url));
const SRC = path.join(WORK, "src");
const EXU = path.join(WORK, process.env.WRONG ? "exunit_wrong" : "exunit");
const [cmd, ...rest] = process.argv.slice(2);
const names = () => (rest.length ? rest : fs.readdirSync(EXU).filter((f) => f.endsWith(".exs")).map((f) => f.slice(0, -4)).sort());

function extract() {
  fs.rmSync(WORK, { recursive: true, force: true });
  fs.mkdirSync(SRC, { recursive: true });
  const tar = execFileSync("git", ["--git-dir", REPO, "archive", "HEAD", "lib/koans", "test/koans"], { maxBuffer: 1 << 26 });
  execFileSync("tar", ["-x", "-C", SRC], { input: tar });
  execFileSync("elixir", [path.join(HERE, "to_koans.exs"), SRC, WORK], { stdio: "inherit" });
  console.log(`iex inputs in ${path.join(WORK, "iex")}, ExUnit scripts in ${EXU}`);
}

async function runOne(n, ref) {
  const { out, err, code, timedOut } = await run(ref, [`${n}.exs`], { cwd: EXU });
  const tag = ref ? "ref" : "beamsh";
  fs.writeFileSync(path.join(EXU, `${n}.${tag}.out`), norm(out) + "<<stderr>>\n" + norm(err + (timedOut ? "\n<<TIMEOUT>>" : "")) + `\n<<exit ${code}>>\n`);
}

const runAll = (ref) => pool(names(), async (n) => { await runOne(n, ref); process.stderr.write(`${n}\n`); });

function compare() {
  let total = 0, same = 0, lines = 0, linesSame = 0;
  for (const n of names()) {
    const read = (t) => { const f = path.join(EXU, `${n}.${t}.out`); return fs.existsSync(f) ? fs.readFileSync(f, "utf8") : null; };
    const r = read("ref"), b = read("beamsh");
    if (r === null || b === null) continue;
    total++;
    const p = lineParity(r, b);
    lines += p.lines;
    linesSame += p.positional;
    if (r === b) same++;
    else console.log(`${n}: differs${b.includes("<<TIMEOUT>>") ? " (timed out)" : ""}`);
  }
  console.log(`${total} ExUnit scripts: identical output ${same}; lines equal at the same position ${linesSame}/${lines}`);
}

if (cmd === "extract") extract();
else if (cmd === "record") execFileSync("node", [PARITY, "--record", "--cmd", "iex", path.join(WORK, "iex")], { stdio: "inherit" });
else if (cmd === "iex") { try { execFileSync("node", [PARITY, "--cmd", `node ${BEAMSH}`, ...(rest.length ? rest.map((n) => path.join(WORK, "iex", `${n}.in`)) : [path.join(WORK, "iex")])], { stdio: "inherit" }); } catch {} }
else if (cmd === "ref") await runAll(true);
else if (cmd === "beamsh") await runAll(false);
else if (cmd === "compare") compare();
else console.error("usage: measure.mjs extract | record | iex [names] | ref [names] | beamsh [names] | compare [names]");
