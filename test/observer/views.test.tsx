// The observer rendered into a fake terminal: columns, sort order, selection, views, the
// kill prompt and quitting, driven by typed keys. Data comes from a scripted source.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Observer } from "../../src/observer/Observer.js";
import { Sampler } from "../../src/observer/sampler.js";
import { ThemeContext } from "../../src/observer/hooks/use-theme.js";
import { FakeSource, proc, snapshot } from "./fixtures.js";
import { KEYS, mount } from "./ink-harness.js";

function world() {
  const before = [
    proc(100, { kind: "shell", initialCall: "IEx.Evaluator.init/5", current: "(iex evaluation)", links: [110], reductions: 100 }),
    proc(110, { name: "Demo.Supervisor", kind: "supervisor", strategy: ":one_for_one", current: "Demo.Sup.loop/1", links: [100, 111], trapExit: true }),
    proc(111, { links: [110], reductions: 5 }),
    ...Array.from({ length: 10 }, (_, i) => proc(120 + i, { current: "Demo.Spin.spin/1", status: "runnable", reductions: 1000 * (i + 1) })),
    proc(140, { name: ":flooded", mqueue: 250, memory: 13_000 }),
  ];
  const after = before.map((p) => ({ ...p, reductions: p.reductions + (p.status === "runnable" ? 40_000 + p.id : 3) }));
  return new FakeSource([snapshot(1000, before), snapshot(2000, after)]);
}

function open(columns = 100, rows = 24) {
  const source = world();
  const sampler = new Sampler(source, 1000);
  sampler.sample();
  sampler.sample();
  let quit = false;
  const m = mount(
    <ThemeContext.Provider value={{}}>
      <Observer source={source} sampler={sampler} onQuit={() => (quit = true)} />
    </ThemeContext.Provider>,
    columns,
    rows,
  );
  return { m, source, sampler, quitted: () => quit };
}

const lines = (frame: string) => frame.split("\n");

test("the process table shows every column and the busiest processes first", async () => {
  const { m } = open();
  await m.press("");
  const f = lines(m.frame());
  assert.match(f[0], /beamsh observer/);
  assert.match(f[1], /processes 14 · run queue 10/);
  assert.match(f[2], /Pid +Name or initial call +Reds Δ▼ +Memory +MsgQ +Current function +Status/);
  assert.match(f[3], /^▶ <0\.129\.0> +:erlang\.apply\/2 +40\.1K .* Demo\.Spin\.spin\/1 +runnable/);
  assert.match(f[4], /^ {2}<0\.128\.0>/);
  assert.match(f[f.length - 1], /↑↓ select Enter detail k kill t trace f fault PNRMQFS sort/);
  assert.equal(f.length, 23, "one row short of the terminal, so ink never clears the screen");
  m.unmount();
});

test("sorting by message queue and moving the selection", async () => {
  const { m } = open();
  let f = lines(await m.press("Q"));
  assert.match(f[2], /MsgQ▼/);
  assert.match(f[3], /^▶ <0\.140\.0> +:flooded .* 250 /);
  f = lines(await m.press(KEYS.down, KEYS.down));
  assert.match(f[5], /^▶ <0\.110\.0> +Demo\.Supervisor/);
  assert.match(f[f.length - 3], /^3\/14 · page 1\/1/);
  m.unmount();
});

test("the filter narrows the table while typing", async () => {
  const { m } = open();
  const f = lines(await m.press("/", "f", "l", "o", KEYS.enter));
  assert.match(f[3], /<0\.140\.0> +:flooded/);
  assert.match(f[4], /^ *$/);
  assert.match(f[f.length - 3], /1\/1 · page 1\/1 · filter \/flo/);
  m.unmount();
});

test("k opens the kill prompt; Enter sends :kill and the process disappears", async () => {
  const { m, source } = open();
  await m.press("k");
  assert.match(m.frame(), /Kill <0\.129\.0> Demo\.Spin\.spin\/1 +reason: +:kill +:shutdown +:normal/);
  const f = lines(await m.press(KEYS.enter));
  assert.equal(source.exits.length, 1);
  assert.equal(source.exits[0][0], 129);
  assert.match(f[1], /processes 13/);
  assert.match(m.frame(), /sent exit signal :kill to <0\.129\.0>/);
  assert.doesNotMatch(m.frame(), /<0\.129\.0>  /);
  m.unmount();
});

test("Enter shows the detail with current function and stack; Esc goes back", async () => {
  const { m } = open();
  let f = lines(await m.press(KEYS.enter));
  assert.match(f[2], /^Process #PID<0\.129\.0>/);
  assert.match(m.frame(), /current function +Demo\.Spin\.spin\/1/);
  assert.match(m.frame(), /Stack \(current function first\)\n {2}Demo\.Spin\.spin\/1 {2}\(demo\.exs:3\)\n {2}:erlang\.apply\/2/);
  f = lines(await m.press(KEYS.escape));
  assert.match(f[2], /Pid +Name or initial call/);
  m.unmount();
});

test("the tree view draws the supervision tree and marks the shell", async () => {
  const { m } = open();
  const f = lines(await m.press("2"));
  assert.equal(f[2], "▶ <0.100.0> IEx.Evaluator.init/5 [iex shell]");
  assert.equal(f[3], "  └─ <0.110.0> Demo.Supervisor [supervisor, :one_for_one]");
  assert.equal(f[4], "     └─ <0.111.0> Demo.Worker.loop/1");
  assert.match(m.frame(), /3 processes in trees · 11 without links/);
  m.unmount();
});

test("the system view lists uptime, processes, run queue, reductions/s and memory", async () => {
  const { m } = open();
  const f = await m.press("3");
  for (const re of [/Uptime +00:00:02/, /Processes +14/, /Run queue +10 runnable/, /Reductions\/s +/, /Node heap +30 MiB used of 50 MiB/, /Atoms +1234/, /Versions +beamsh 0\.1\.0 · Node v20\.0\.0/]) {
    assert.match(f, re);
  }
  m.unmount();
});

test("the layout follows the terminal size", async () => {
  const { m } = open(80, 12);
  const f = lines(await m.press(""));
  assert.equal(f.length, 11);
  assert.ok(f.every((l) => l.length <= 80));
  m.unmount();
});

test("q quits", async () => {
  const { m, quitted } = open();
  await m.press("q");
  assert.equal(quitted(), true);
  m.unmount();
});

test("keys arriving in one chunk are each applied", async () => {
  const { m } = open();
  const f = lines(await m.press(KEYS.down + KEYS.down + KEYS.down));
  assert.match(f[6], /^▶ <0\.126\.0>/);
  assert.match(m.frame(), /4\/14 · page 1\/1/);
  m.unmount();
});

test("characters typed faster than a frame (one input string) are each applied", async () => {
  const { m } = open();
  await m.press("/flo");
  assert.match(m.frame(), /\/flo +Enter keep · Esc clear/);
  assert.match(m.frame(), /1\/1 · page 1\/1 · filter \/flo/);
  m.unmount();
});
