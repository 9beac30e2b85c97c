#!/usr/bin/env node
// Which exports of commonly used OTP modules beamsh lacks, measured against the real
// Elixir/OTP installed here (both asked for Mod.module_info(:exports)).
//
//   node tools/otp-exports/probe.mjs [--list] [module ...]
//
// Prints, per module, how many of OTP's exports beamsh has and (with --list) the missing
// name/arity pairs; then the totals. OTP 25 ships no docs chunks here, so "documented" is
// approximated by "exported": module_info/0,1 are left out, everything else counts
// (a few exports OTP does not document, such as erlang's internal ones, count too).
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const COMMON = [
  "lists", "maps", "string", "io", "io_lib", "unicode", "binary", "calendar", "erlang", "ets",
  "timer", "proplists", "queue", "math", "rand", "file", "filename", "filelib", "os", "crypto",
  "sets", "ordsets", "orddict", "gb_sets", "gb_trees", "dict", "array", "base64", "uri_string",
  "re", "zlib", "persistent_term", "atomics", "counters", "code", "application", "gen_server",
  "supervisor", "gen_statem", "gen_event", "proc_lib", "sys", "global", "net_kernel", "rpc",
  "erpc", "logger", "error_logger", "digraph", "digraph_utils", "random", "zip", "inet", "erl_pp", "erl_internal",
  "gen_tcp", "gen_udp", "dets", "mnesia", "erl_eval", "erl_scan", "erl_parse", "epp",
  "io_lib_format", "unicode_util", "beam_lib", "c", "sofs", "qlc", "heart",
];

const args = process.argv.slice(2);
const list = args.includes("--list");
const mods = args.filter((x) => !x.startsWith("--"));
const modules = mods.length > 0 ? mods : COMMON;

const script = `
for m <- [${modules.map((m) => ":" + JSON.stringify(m)).join(", ")}] do
  exports =
    try do
      m.module_info(:exports)
    rescue
      _ -> []
    end

  names = for {f, a} <- Enum.sort(exports -- [module_info: 0, module_info: 1]), do: "#{f}/#{a}"
  IO.puts(Enum.join([Atom.to_string(m) | names], " "))
end
`;

const dir = mkdtempSync(join(tmpdir(), "otp-exports-"));
const file = join(dir, "exports.exs");
writeFileSync(file, script);
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const run = (cmd, argv) => execFileSync(cmd, argv, { encoding: "utf8", maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "ignore"] });
const parse = (text) => new Map(text.trim().split("\n").map((l) => l.split(" ")).map(([m, ...fs]) => [m, new Set(fs)]));
let real, ours;
try {
  real = parse(run("elixir", [file]));
  ours = parse(run(process.execPath, [join(root, "bin", "beamsh.js"), file]));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

let total = 0, missing = 0;
const rows = [];
for (const m of modules) {
  const want = real.get(m) ?? new Set();
  const have = ours.get(m) ?? new Set();
  const lacking = [...want].filter((f) => !have.has(f));
  total += want.size;
  missing += lacking.length;
  rows.push([m, want.size, lacking]);
}
rows.sort((x, y) => y[2].length - x[2].length);
for (const [m, n, lacking] of rows) {
  if (n === 0) continue;
  console.log(`${m.padEnd(16)} ${String(n - lacking.length).padStart(4)}/${String(n).padEnd(4)} missing ${lacking.length}`);
  if (list && lacking.length > 0) console.log("    " + lacking.join(" "));
}
console.log(`total: ${total - missing}/${total} exports present, ${missing} missing in ${modules.length} modules`);
