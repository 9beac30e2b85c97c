// The command line as a user runs it (bin/beamsh.js in a child process): `beamsh FILE.exs
// args`, `beamsh -e EXPR args` and the piped shell (`beamsh < file`). Every expected
// stdout, stderr and exit status was recorded from real `elixir` / `iex` (Elixir 1.14,
// OTP 25) with the same files and arguments.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { tempDir } from "../helpers/tmp.js";

const BIN = join(process.cwd(), "bin", "beamsh.js");
const dir = tempDir("beamsh-cli-");

const FILES: Record<string, string> = {
  "s.exs": 'IO.puts "hi #{Enum.sum(1..3)}"\nIO.inspect System.argv()\nraise "boom"\n',
  "x.exs": 'IO.puts "a"\nexit({:shutdown, 7})\n',
  "bad.exs": "IO.puts(\n",
};
for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dir, name), text);

interface Run {
  stdout: string;
  stderr: string;
  status: number | null;
}

function beamsh(args: string[], input = ""): Run {
  const r = spawnSync("node", [BIN, ...args], { cwd: dir, input, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", BEAMSH_HISTORY: "0" } });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

const EMPTY_PAREN =
  "warning: invalid expression (). If you want to invoke or define a function, make sure there are no spaces between the function name and its arguments. " +
  "If you wanted to pass an empty block or code, pass a value instead, such as a nil or an atom\n";
const EVAL_TRAILER = "    (stdlib 4.2) erl_eval.erl:744: :erl_eval.do_apply/7\n    (elixir 1.14.0) lib/code.ex:422: Code.validated_eval_string/3\n";

const ARITH = "** (ArithmeticError) bad argument in arithmetic expression: 1 / 0\n    :erlang./(1, 0)\n";
const ERL = "(stdlib 4.2) erl_eval.erl";
const FOLDL = '(elixir 1.14.0) lib/enum.ex:2468: Enum."-reduce/3-lists^foldl/2-0-"/3';

const CASES: [string[], Run][] = [
  [["s.exs", "a", "b"], { stdout: 'hi 6\n["a", "b"]\n', stderr: "** (RuntimeError) boom\n    s.exs:3: (file)\n    (elixir 1.14.0) lib/code.ex:1245: Code.require_file/2\n", status: 1 }],
  [["x.exs"], { stdout: "a\n", stderr: "", status: 7 }],
  [["bad.exs"], { stdout: "", stderr: '** (TokenMissingError) bad.exs:2:1: missing terminator: ) (for "(" starting at line 1)\n    (elixir 1.14.0) lib/code.ex:1245: Code.require_file/2\n', status: 1 }],
  [["-e", 'raise "x"'], { stdout: "", stderr: "** (RuntimeError) x\n" + EVAL_TRAILER, status: 1 }],
  // -e is evaluated as Code.eval_string/3 evaluates (erl_eval): a comprehension shows erl_eval's
  // entries for its top level; Code.validated_eval_string/3 shows only when there is room left
  // for it in BEAM's 8 entries besides the 2 that Kernel.CLI hides (recorded from elixir -e)
  [["-e", "for x <- [1, 2], do: 1 / (x - 1)"], { stdout: "", stderr: ARITH + `    ${ERL}:744: :erl_eval.do_apply/7\n    ${ERL}:282: :erl_eval.expr/6\n    ${FOLDL}\n    ${ERL}:744: :erl_eval.do_apply/7\n    ${ERL}:961: :erl_eval.expr_list/7\n    ${ERL}:454: :erl_eval.expr/6\n`, status: 1 }],
  [["-e", "x = 0; {[1 / x]}"], { stdout: "", stderr: ARITH + `    ${ERL}:744: :erl_eval.do_apply/7\n    ${ERL}:282: :erl_eval.expr/6\n    ${ERL}:961: :erl_eval.expr_list/7\n    ${ERL}:290: :erl_eval.expr/6\n    (elixir 1.14.0) lib/code.ex:422: Code.validated_eval_string/3\n`, status: 1 }],
  [["-e", "Enum.map([1], fn x -> Enum.map([0], fn y -> {x / y} end) end)"], { stdout: "", stderr: ARITH + `    ${ERL}:744: :erl_eval.do_apply/7\n    ${ERL}:961: :erl_eval.expr_list/7\n    ${ERL}:290: :erl_eval.expr/6\n    (elixir 1.14.0) lib/enum.ex:1658: Enum."-map/2-lists^map/1-0-"/2\n    ${ERL}:744: :erl_eval.do_apply/7\n`, status: 1 }],
  // (a compile error: Code.validated_eval_string/3 shows when the expander's entries leave room)
  [["-e", "[foo(1)]"], { stdout: "", stderr: "** (CompileError) nofile:1: undefined function foo/1 (there is no such import)\n    (elixir 1.14.0) lib/code.ex:422: Code.validated_eval_string/3\n", status: 1 }],
  [["-e", "a = 1; [foo(a)]"], { stdout: "", stderr: "** (CompileError) nofile:1: undefined function foo/1 (there is no such import)\n\n", status: 1 }],
  [["-e", "exit(:normal)"], { stdout: "", stderr: "", status: 0 }],
  [["-e", "exit(:shutdown)"], { stdout: "", stderr: "", status: 0 }],
  [["-e", "exit({:shutdown, 3})"], { stdout: "", stderr: "", status: 3 }],
  [["-e", "exit(:boom)"], { stdout: "", stderr: "** (exit) :boom\n" + EVAL_TRAILER, status: 1 }],
  [["-e", "throw 1"], { stdout: "", stderr: "** (throw) 1\n" + EVAL_TRAILER, status: 1 }],
  [["-e", "IO.puts("], { stdout: "", stderr: '** (TokenMissingError) nofile:1:9: missing terminator: ) (for "(" starting at line 1)\n    |\n  1 | IO.puts(\n    |         ^\n    (elixir 1.14.0) lib/code.ex:421: Code.validated_eval_string/3\n', status: 1 }],
  [["-e", "IO.inspect(System.argv())", "x", "y"], { stdout: '["x", "y"]\n', stderr: "", status: 0 }],
  [["-e", 'IO.puts(:stderr, "e"); IO.puts("o"); System.halt(2)'], { stdout: "o\n", stderr: "e\n", status: 2 }],
  // the parser's warning about `()` as an expression, also when a syntax error follows it
  [["-e", "IO.puts(:a)\nx = (); IO.inspect(x)"], { stdout: "a\nnil\n", stderr: EMPTY_PAREN + "  nofile:2:5\n\n", status: 0 }],
  [["-e", "(); 1 +* 2"], { stdout: "", stderr: EMPTY_PAREN + "  nofile:1:1\n\n** (SyntaxError) nofile:1:8: syntax error before: '*'\n    |\n  1 | (); 1 +* 2\n    |        ^\n    (elixir 1.14.0) lib/code.ex:421: Code.validated_eval_string/3\n", status: 1 }],
];

for (const [args, want] of CASES) {
  test(`beamsh ${args.map((x) => (/\s/.test(x) ? JSON.stringify(x) : x)).join(" ")}`, () => {
    assert.deepEqual(beamsh(args), want);
  });
}

test("a script killed by a linked process's exit says so on stderr and ends with status 1", () => {
  const r = beamsh(["-e", "spawn_link(fn -> exit(:bye) end); Process.sleep(50)"]);
  assert.match(r.stderr, /^\*\* \(EXIT from #PID<0\.\d+\.0>\) :bye\n\n$/);
  assert.equal(r.stdout, "");
  assert.equal(r.status, 1);
});

test("piped mode answers each input after an iex prompt, keeps bindings across an error, and ends at end of input", () => {
  const r = beamsh([], 'x = 1 + 1\nx * 10\nraise "oops"\nx\nEnum.map([1, 2], fn n ->\n  n * 2\nend)\n');
  // iex's banner names Elixir; beamsh's names itself. The rest is iex's transcript.
  const [banner, ...rest] = r.stdout.split("\n");
  assert.match(banner, /^Interactive beamsh \(.*\) - press Ctrl\+C to exit \(type h\(\) ENTER for help\)$/);
  assert.equal(rest.join("\n"), "iex(1)> 2\niex(2)> 20\niex(3)> ** (RuntimeError) oops\n\niex(3)> 2\niex(4)> ...(4)> ...(4)> [2, 4]\niex(5)> ");
  assert.equal(r.stderr, "");
  assert.equal(r.status, 0);
});
