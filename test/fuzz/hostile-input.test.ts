// The real program (bin/beamsh.js, in its worker with a large stack) under input a hostile
// user would type: inputs as deep and as long as iex accepts, output larger than a pipe
// buffer, output to stderr. Expected answers are real iex's.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";

const BIN = join(process.cwd(), "bin", "beamsh.js");

function beamsh(args: string[], input = ""): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync("node", [BIN, ...args], { input, encoding: "utf8", maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: "1" } });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** The answers of a piped session, one per prompt (the banner dropped). */
function answers(input: string): string[] {
  const { stdout, status } = beamsh([], input);
  assert.equal(status, 0);
  return stdout.split(/iex\(\d+\)> /).slice(1).map((s) => s.trimEnd());
}

test("a 100,000-term operator chain evaluates (iex: 100000)", () => {
  assert.deepEqual(answers(Array(100_000).fill("1").join("+") + "\n"), ["100000", ""]);
});

test("pipes and dots chained 20,000 times evaluate", () => {
  const pipes = "[1]" + " |> Enum.reverse()".repeat(20_000) + "\n";
  const dots = "m = Enum.reduce(1..20_000, :end, fn _, acc -> %{a: acc} end); :ok\nm" + ".a".repeat(20_000) + "\n";
  assert.deepEqual(answers(pipes + dots), ["[1]", ":ok", ":end", ""]);
});

test("lists nested 100,000 deep parse, compile and run (iex: [])", () => {
  const n = 100_000;
  assert.deepEqual(answers("[".repeat(n) + "]".repeat(n) + " |> List.flatten()\n"), ["[]", ""]);
});

test("a list literal of 150,000 elements compiles (linear)", () => {
  const xs = Array.from({ length: 150_000 }, (_, i) => String(i));
  assert.deepEqual(answers(`x = [${xs.join(",")}]; {length(x), Enum.sum(x)}\n`), [`{150000, ${(149_999 * 150_000) / 2}}`, ""]);
});

test("-e output larger than a pipe buffer arrives whole", () => {
  const { stdout, status } = beamsh(["-e", 'IO.puts(String.duplicate("a", 1_000_000)); IO.write("end")']);
  assert.equal(status, 0);
  assert.equal(stdout.length, 1_000_000 + 1 + 3);
});

test("IO.puts(:stderr, ...) writes to stderr, in order with stdout", () => {
  const { stdout, stderr } = beamsh(["-e", 'IO.puts("out1"); IO.puts(:stderr, "err"); IO.puts(:standard_error, "err2"); IO.puts("out2")']);
  assert.equal(stdout, "out1\nout2\n");
  assert.equal(stderr, "err\nerr2\n");
});

test("System.halt/1 ends with its status after flushing output", () => {
  const { stdout, status } = beamsh(["-e", 'IO.puts(String.duplicate("b", 200_000)); System.halt(3); IO.puts("never")']);
  assert.equal(status, 3);
  assert.equal(stdout, "b".repeat(200_000) + "\n");
});

test("a process growing without bound is killed with a report; the shell restarts and answers (heap limited to 400 MB)", () => {
  const input = [
    "defmodule Grow do",
    "  def deep(n), do: [n | deep(n + 1)]",
    "end",
    "Grow.deep(0)",
    "1 + 1",
    "Enum.reduce(Stream.iterate(0, &(&1 + 1)), [], fn x, acc -> [x | acc] end)",
    ":still_here",
    "",
  ].join("\n");
  const r = spawnSync("node", [BIN], { input, encoding: "utf8", maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: "1", BEAMSH_HEAP_MB: "400", BEAMSH_YOUNG_MB: "32" } });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, "");
  const kills = r.stdout.match(/\*\* \(EXIT from #PID<0\.\d+\.0>\) shell process exited with reason: killed\n/g) ?? [];
  assert.equal(kills.length, 2, r.stdout);
  assert.equal((r.stdout.match(/     Context:            maximum heap size reached\n/g) ?? []).length, 2);
  assert.match(r.stdout, /iex\(1\)> 2\n/);
  assert.match(r.stdout, /iex\(1\)> :still_here\n/);
});

test("a single native asked for more than the heap holds kills only the shell's process; the shell restarts and answers (heap limited to 400 MB)", () => {
  const huge = [
    "List.duplicate(0, 1_000_000_000) |> length()",
    'String.duplicate("ab", 200_000_000) |> byte_size()',
    ':binary.copy("a", 1_000_000_000) |> byte_size()',
    "Enum.to_list(1..1_000_000_000) |> length()",
    "try do Enum.reverse(1..1_000_000_000) catch _, _ -> :caught end",
  ];
  const input = huge.flatMap((e) => [e, ":still_here"]).join("\n") + "\n";
  const r = spawnSync("node", [BIN], { input, encoding: "utf8", maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: "1", BEAMSH_HEAP_MB: "400", BEAMSH_YOUNG_MB: "32" } });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, "");
  assert.equal((r.stdout.match(/\*\* \(EXIT from #PID<0\.\d+\.0>\) shell process exited with reason: killed\n/g) ?? []).length, huge.length, r.stdout);
  assert.equal((r.stdout.match(/     Context:            maximum heap size reached\n/g) ?? []).length, huge.length);
  assert.equal((r.stdout.match(/iex\(1\)> :still_here\n/g) ?? []).length, huge.length);
});
