// `beamsh test`: lessons written as iex sessions run as tests.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { normaliseOutput, parseExamples, runLesson } from "../../src/shell/lesson-test.js";

const root = process.cwd();
const beamsh = (...args: string[]) => spawnSync(process.execPath, [join(root, "bin", "beamsh.js"), ...args], { encoding: "utf8" });

test("examples are read from iex> / ...> lines with their expected output", () => {
  const md = "Intro\n\n```elixir\niex> x = 1\niex> case x do\n...>   1 -> :one\n...> end\n:one\n```\n\n    iex(3)> IO.puts(\"a\")\n    a\n    :ok\n";
  assert.deepEqual(parseExamples(md), [
    { line: 4, input: ["x = 1"], expected: [] },
    { line: 5, input: ["case x do", "  1 -> :one", "end"], expected: [":one"] },
    { line: 11, input: ['IO.puts("a")'], expected: ["a", ":ok"] },
  ]);
});

test("pids, refs, funs and stacktrace lines match loosely", () => {
  assert.deepEqual(normaliseOutput(["#PID<0.1.0> #Reference<0.1.2.3>", "** (ArithmeticError) bad", "    :erlang.+(1, :a)", ""]), [
    "#PID<...> #Reference<...>",
    "** (ArithmeticError) bad",
  ]);
});

test("a lesson runs in one shell: bindings carry over, errors and IO are compared", async () => {
  const results = await runLesson("iex> a = 2\niex> a * 3\n6\niex> IO.puts(a)\n2\n:ok\niex> 1 / 0\n** (ArithmeticError) bad argument in arithmetic expression: 1 / 0\niex> a\n3\n");
  assert.deepEqual(results.map((r) => r.ok), [true, true, true, true, false]);
  assert.deepEqual(results[4].actual, ["2"]);
});

test("beamsh test passes on the bundled lessons", () => {
  const r = beamsh("test", join(root, "test", "shell", "lessons"));
  assert.equal(r.status, 0, r.stdout);
  assert.match(r.stdout, /^\d+ passed, 0 failed\n$/m);
});

test("beamsh test fails with a readable diff on a broken lesson", () => {
  const r = beamsh("test", join(root, "test", "shell", "fixtures", "broken_lesson.md"));
  assert.equal(r.status, 1);
  assert.equal(
    r.stdout.replace(/^FAIL \S+\//m, "FAIL "),
    "FAIL broken_lesson.md:6\n  iex> Enum.reverse([1, 2, 3])\n    expected:\n      [1, 2, 3]\n    got:\n      [3, 2, 1]\n1 passed, 1 failed\n",
  );
});
