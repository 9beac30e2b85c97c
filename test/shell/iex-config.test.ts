// IEx.configure/1 as the shell sees it: prompts and the inspect options of results, the
// IEx.Config agent's checks, and IEx's functions outside a shell.
import assert from "node:assert/strict";
import { test } from "node:test";
import { testShell } from "../helpers/session.js";
import { evalsTo, testRuntime } from "../helpers/eval.js";

const shell = testShell;

test("the prompts follow default_prompt and continuation_prompt", async (t) => {
  const s = shell();
  t.after(() => s.sh.driver.stop());
  assert.equal(s.sh.prompt(), "iex(1)> ");
  await s.sh.feedLine('IEx.configure(default_prompt: "%prefix<%counter>")');
  assert.equal(s.sh.prompt(), "iex<2> ");
  await s.sh.feedLine("[1,");
  assert.equal(s.sh.prompt(), "...<2> ");
  await s.sh.feedLine("2]");
  await s.sh.feedLine('IEx.configure(continuation_prompt: "%prefix%counter+")');
  await s.sh.feedLine("{");
  assert.equal(s.sh.prompt(), "...4+ ");
  await s.sh.feedLine("}");
});

test("results are inspected with the configured options, at the configured width", async (t) => {
  const s = shell();
  t.after(() => s.sh.driver.stop());
  await s.sh.feedLine("IEx.configure(inspect: [limit: 2])");
  s.take();
  await s.sh.feedLine("[1, 2, 3]");
  assert.equal(s.take(), "[1, 2, ...]\n");
  await s.sh.feedLine("IEx.configure(inspect: [limit: :infinity], width: 10)");
  s.take();
  await s.sh.feedLine("Enum.to_list(1..6)");
  assert.equal(s.take(), "[1, 2, 3,\n 4, 5, 6]\n");
  await s.sh.feedLine("IEx.inspect_opts()");
  assert.equal(s.take(), "[\n  width: 10,\n  pretty: true,\n  limit: :infinity\n]\n");
});

test("IEx.configure/1 merges colors and inspect, replaces the rest, and rejects bad options", async (t) => {
  const s = shell();
  t.after(() => s.sh.driver.stop());
  await s.sh.feedLine("IEx.configure(colors: [enabled: false], inspect: [limit: 5], history_size: 3)");
  await s.sh.feedLine("IEx.configure(colors: [eval_result: [:red]], inspect: [pretty: false], history_size: 4)");
  s.take();
  await s.sh.feedLine("{IEx.configuration()[:colors], IEx.configuration()[:inspect], IEx.configuration()[:history_size]}");
  assert.equal(s.take(), "{[enabled: false, eval_result: [:red]], [limit: 5, pretty: false], 4}\n");
  await s.sh.feedLine("IEx.configure(width: :wide)");
  assert.match(s.take(), /\*\* \(ArgumentError\) invalid configuration \{:width, :wide\}/);
});

test("IEx.color/2 paints with the configured or default colour when colours are on", () => {
  const t = testRuntime();
  assert.equal(evalsTo('IEx.color(:eval_info, "hi")', t), '"hi"');
  evalsTo("Application.put_env(:iex, :colors, enabled: true, eval_info: [:green, :bright])", t);
  assert.equal(evalsTo('IEx.color(:eval_info, "x")', t), '"\\e[32m\\e[1mx\\e[0m"');
  assert.equal(evalsTo('IEx.color(:eval_error, ["a", "b"])', t), '"\\e[31mab\\e[0m"');
  assert.throws(() => evalsTo('IEx.color(:no_such_color, "x")', t), /KeyError\{key: :no_such_color/);
});

test("outside a shell IEx is not started and pry answers that no shell can take over", () => {
  const t = testRuntime();
  assert.equal(evalsTo("IEx.started?()", t), "false");
  assert.equal(evalsTo("IEx.width()", t), "80");
  assert.equal(evalsTo("IEx.inspect_opts()", t), "[width: 80]");
  assert.equal(evalsTo("require IEx; IEx.pry()", t), "{:error, :no_iex}");
  assert.match(t.output.join(""), /Cannot pry #PID<0\.\d+\.0> at test:1\. Is an IEx shell running\?/);
});
