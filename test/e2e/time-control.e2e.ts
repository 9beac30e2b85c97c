// Controlling time in a real terminal, as a teacher would: pause the runtime, step it and
// resume it while the shell keeps answering; slow motion; each kind of fault on a process's
// messages; the observer's scheduler lanes with CPU hogs next to a responsive process, and
// pausing and stepping the runtime from there.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { BEAMSH, TmuxSession } from "./tmux.js";

const sessions: TmuxSession[] = [];
after(() => sessions.forEach((s) => s.kill()));

async function shell(width = 120, height = 40): Promise<TmuxSession> {
  const t = new TmuxSession(BEAMSH, width, height);
  sessions.push(t);
  await t.waitFor("iex(1)>");
  return t;
}

/** Types a line and waits for the prompt `n` that follows it. */
async function enter(t: TmuxSession, line: string, n: number): Promise<string> {
  t.type(line);
  t.send("Enter");
  return t.waitFor(`iex(${n})>`);
}

test("pause, step and resume from the shell: the shell answers while the rest is held", async () => {
  const t = await shell();
  await enter(t, "defmodule Ping, do: def loop(n), do: receive(do: ({:ping, from} -> send(from, {:pong, n}); loop(n + 1)))", 2);
  await enter(t, ":beamsh.pause()", 3);
  await enter(t, "server = spawn(fn -> Ping.loop(0) end)", 4);
  await enter(t, 'client = spawn(fn -> send(server, {:ping, self()}); receive do {:pong, n} -> IO.puts("pong #{n}") end end)', 5);
  let s = await enter(t, "Enum.sum(1..10)", 6);
  assert.match(s, /iex\(5\)> Enum.sum\(1..10\)\n55\n/);
  s = await enter(t, "Process.info(client, :status)", 7);
  assert.match(s, /\{:status, :runnable\}/);
  s = await enter(t, ":beamsh.step()", 8);
  assert.match(s, /\{:ran, #PID<0\.\d+\.0>, \d+, :waiting\}/);
  s = await enter(t, ":beamsh.step(:message)", 9);
  assert.match(s, /\{:delivered, #PID<0\.\d+\.0>, #PID<0\.\d+\.0>, \{:ping, #PID<0\.\d+\.0>\}\}/);
  assert.doesNotMatch(s, /pong 0/);
  s = await enter(t, ":beamsh.resume()", 10);
  assert.match(s, /pong 0/);
});

test("slow motion: at a tenth of the speed a 100 ms sleep takes a second", async () => {
  const t = await shell();
  await enter(t, ":beamsh.speed(0.1)", 2);
  const started = Date.now();
  let s = await enter(t, "{us, :ok} = :timer.tc(fn -> Process.sleep(100) end); us >= 100_000", 3);
  assert.ok(Date.now() - started >= 900, "the sleep took about a second of real time");
  assert.match(s, /true\n/);
  await enter(t, ":beamsh.speed(1)", 4);
  const back = Date.now();
  s = await enter(t, "Process.sleep(100)", 5);
  assert.ok(Date.now() - back < 900, "full speed again");
});

test("faults from the shell: drop, duplicate, reorder, delay, suspend", async () => {
  const t = await shell(120, 60);
  await enter(t, 'p = spawn(fn -> Stream.repeatedly(fn -> receive do x -> IO.puts("got #{inspect(x)}") end end) |> Stream.run() end)', 2);
  let s = await enter(t, ":beamsh.fault(:drop, to: p, count: 1); send(p, :a); send(p, :b)", 3);
  await t.waitFor("got :b");
  assert.doesNotMatch(t.screen(), /got :a/);
  await enter(t, ":beamsh.fault(:duplicate, to: p, count: 1); send(p, :c)", 4);
  s = await t.waitFor(/got :c\n(.*\n)?got :c/);
  await enter(t, ":beamsh.fault(:reorder, to: p, count: 2); send(p, :d); send(p, :e)", 5);
  s = await t.waitFor(/got :e\n(.*\n)?got :d/);
  await enter(t, ":beamsh.fault(:delay, to: p, delay: 1500, for: 60_000); send(p, :f)", 6);
  assert.doesNotMatch(t.screen(), /got :f/);
  s = await enter(t, ":beamsh.faults()", 7);
  assert.match(s, /kind: :delay/);
  // Removed, the fault still lets the delayed message arrive (nothing is lost).
  await enter(t, ":beamsh.clear_faults()", 8);
  await t.waitFor("got :f", 5000);
  await enter(t, ":beamsh.suspend(p); send(p, :g); Process.info(p, :status)", 9);
  s = await t.waitFor("{:status, :suspended}");
  assert.doesNotMatch(s, /got :g/);
  await enter(t, ":beamsh.resume(p)", 10);
  await t.waitFor("got :g");
  s = await enter(t, ":beamsh.faults()", 11);
  assert.match(s, /iex\(10\)> :beamsh.faults\(\)\n\[\]/);
});

test("the observer's scheduler lanes: hogs preempted slice after slice, a responsive process between them", async () => {
  const t = await shell(150, 30);
  await enter(t, "defmodule Hog, do: def spin(n), do: spin(n + 1)", 2);
  await enter(t, "hogs = for _ <- 1..2, do: spawn(fn -> Hog.spin(0) end)", 3);
  await enter(t, "ticker = spawn(fn -> Stream.repeatedly(fn -> receive do after 5 -> :tick end end) |> Stream.run() end)", 4);
  t.type("observer()");
  t.send("Enter");
  await t.waitFor("6 Lanes");
  t.send("6");
  const s = await t.waitFor(/Scheduler lanes · \d+ slices/);
  const lanes = (await t.waitFor(/Hog\.spin\/1 +[█·]*█/)).split("\n");
  const hog = lanes.filter((l) => /Hog\.spin\/1/.test(l));
  assert.equal(hog.length, 2, s);
  for (const l of hog) assert.ok((l.match(/█/g) ?? []).length >= 5, l);
  assert.ok(lanes.some((l) => /^run queue +[\d+]+/.test(l)), lanes.join("\n"));
  // Pause the runtime from the observer, step one slice, resume.
  t.send("z");
  await t.waitFor("runtime paused: s steps one slice, z resumes");
  t.send("s");
  await t.waitFor(/paused; #PID<0\.\d+\.0> ran \d+ reductions: :(preempted|waiting)/);
  t.send("z");
  await t.waitFor("runtime resumed");
  t.send("q");
  await t.waitFor("iex(5)>");
  await enter(t, "Enum.each([ticker | hogs], &Process.exit(&1, :kill))", 6);
});

/** Opens the observer on the process registered as `name` (filtered to it). */
async function observeOnly(t: TmuxSession, name: string): Promise<void> {
  t.type("observer()");
  t.send("Enter");
  await t.waitFor("1 Processes");
  t.send("/");
  t.type(name);
  await t.waitFor(`filter /${name}`);
  t.send("Enter");
  await t.waitFor(new RegExp(`1/1 · page 1/1 · filter /${name}`));
}

test("faults from the observer's keys: f on the selected process drops, duplicates, reorders or delays its messages, and removes them; seq and the lanes draw them", async () => {
  const t = await shell(130, 40);
  let n = 2;
  const line = (text: string) => enter(t, text, ++n);
  /** Leaves the observer: its observer() line gave :ok and the next prompt. */
  const quit = async () => {
    t.send("q");
    await t.waitFor(`iex(${++n})>`);
  };
  await enter(t, 'p = spawn(fn -> Stream.repeatedly(fn -> receive do x -> IO.puts("got #{inspect(x)}") end end) |> Stream.run() end); Process.register(p, :sink)', 2);
  // drop, for one message
  await observeOnly(t, "sink");
  t.send("f");
  await t.waitFor(/Fault on messages to <0\.\d+\.0> :sink: .*drop.*until removed/);
  t.send("1");
  await t.waitFor("for 1 message ");
  t.send("Enter");
  await t.waitFor(/fault #1: drop messages to <0\.\d+\.0> for 1 message/);
  await quit();
  await line("send(:sink, :a); send(:sink, :b)");
  await t.waitFor("got :b");
  assert.doesNotMatch(t.screen(), /got :a/);
  // duplicate (u), drawn in seq
  await observeOnly(t, "sink");
  t.send("f");
  t.send("u");
  t.send("1");
  t.send("Enter");
  await t.waitFor(/fault #2: duplicate messages to <0\.\d+\.0> for 1 message/);
  await quit();
  let s = await line("seq(fn -> send(:sink, :c); Process.sleep(50) end)");
  assert.match(s, /got :c\n(.*\n)?got :c/);
  assert.match(s, /⚑ fault #2 \(duplicate\): duplicated :c/);
  // reorder (r) for two messages
  await observeOnly(t, "sink");
  t.send("f");
  t.send("r");
  t.send("2");
  t.send("Enter");
  await t.waitFor(/fault #3: reorder messages to <0\.\d+\.0> for 2 messages/);
  await quit();
  await line("send(:sink, :d); send(:sink, :e)");
  await t.waitFor(/got :e\n(.*\n)?got :d/);
  // delay (l) until removed: the detail view lists it; removing it (x) lets the message in
  await observeOnly(t, "sink");
  t.send("f");
  t.send("l");
  t.send("Enter");
  await t.waitFor(/fault #4: delay 1000 ms messages to <0\.\d+\.0> until removed/);
  t.send("Enter");
  await t.waitFor(/injected faults +#4 delay 1000 ms any → #PID<0\.\d+\.0> \(0 so far\)/);
  await quit();
  s = await line("send(:sink, :f); hd(:beamsh.faults()).hits");
  assert.match(s, /send\(:sink, :f\); hd\(:beamsh.faults\(\)\).hits\n1\n/);
  await t.waitFor("got :f");
  // The lanes view marks the slices in which the fault acted (~ delay) while it watches.
  await line("spawn(fn -> for i <- 1..50, do: (send(:sink, i); Process.sleep(100)) end)");
  t.type("observer()");
  t.send("Enter");
  await t.waitFor(/Processes/);
  t.send("6");
  await t.waitFor(/faults +.*~.*~ delay/);
  t.send("1");
  t.send("/");
  t.type("sink");
  t.send("Enter");
  await t.waitFor(/1\/1 · page 1\/1 · filter \/sink/);
  t.send("f");
  t.send("x");
  t.send("Enter");
  await t.waitFor(/removed 1 fault on messages to <0\.\d+\.0>/);
  await quit();
  s = await line(":beamsh.faults()");
  assert.match(s, /> :beamsh.faults\(\)\n\[\]/);
});
