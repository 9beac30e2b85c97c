// Split mode in a real terminal: observer(:split) keeps a live view of the processes above
// the prompt; processes spawned by an input show its prompt number, the shell is marked, and
// typing at the prompt works while the view updates; observer(:split) again turns it off.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { BEAMSH, TmuxSession } from "./tmux.js";

let t: TmuxSession;
before(async () => {
  t = new TmuxSession(BEAMSH, 110, 30);
  await t.waitFor("iex(1)>");
});
after(() => t.kill());

test("observer(:split): a live view above the prompt while typing", async () => {
  t.type("observer(:split)");
  t.send("Enter");
  await t.waitFor(/^beamsh · \d+ processes · run queue/m);
  t.type("pids = for _ <- 1..3, do: spawn(fn -> Enum.reduce(1..200_000_000, 0, &+/2) end)");
  t.send("Enter");
  const s = await t.waitFor(/(^<0\.\d+\.0> +iex\(2\) +Enum\.reduce_range\/5 +runnable.*\n){3}/m);
  assert.match(s, /^<0\.\d+\.0> +iex shell +IEx\.Evaluator\.init\/5/m, "the shell's evaluator is listed");
  assert.match(s, /^─{20,}/m, "a rule between the view and the prompt");
  // The prompt works meanwhile.
  t.type("6 * 7");
  t.send("Enter");
  await t.waitFor(/^42\s*$/m);
  t.type("Enum.each(pids, &Process.exit(&1, :kill))");
  t.send("Enter");
  await t.waitFor(/^beamsh · 1 processes/m);
  t.type("observer(:split)");
  t.send("Enter");
  await t.waitFor("iex(6)>");
  await new Promise((r) => setTimeout(r, 1500));
  assert.doesNotMatch(t.screen(), /^beamsh · \d+ processes/m, "the view is gone");
});

test("v in the observer returns to the prompt in split mode", async () => {
  t.type("observer()");
  t.send("Enter");
  await t.waitFor("6 Lanes");
  t.send("v");
  await t.waitFor(/^beamsh · \d+ processes · run queue/m);
  t.type(":split_from_observer");
  t.send("Enter");
  const s = await t.waitFor(/^:split_from_observer\s*$/m);
  assert.match(s, /^<0\.\d+\.0> +iex shell/m);
});
