// The interactive front end with a fake terminal: typing, results, Ctrl+C, the BREAK menu,
// completion, and output from other processes arriving while a line is being typed.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createRuntime } from "../../src/boot.js";
import { iexPalette } from "../../src/shell/colors.js";
import { History } from "../../src/shell/history.js";
import type { Key } from "../../src/shell/line-editor.js";
import { ShellServer } from "../../src/shell/server.js";
import { InteractiveShell } from "../../src/shell/terminal.js";
import { VTerm } from "./vterm.js";

const keys = (s: string): Key[] =>
  [...s].map((c) => (c === "\n" ? { name: "return", sequence: "\r" } : { name: c.toLowerCase(), sequence: c }));
const ctrl = (name: string): Key => ({ name, ctrl: true, sequence: "" });

/** Waits (a few seconds at most) until `done` holds: Tab's completion runs in a process. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !done(); i++) await new Promise((r) => setTimeout(r, 5));
}

function setup(opts: { color?: boolean } = {}) {
  let screen = "";
  let vt = new VTerm(80);
  let exited: number | null = null;
  const term = new InteractiveShell(
    { write: (s) => ((screen += s), vt.write(s.replace(/\n/g, "\r\n"))), columns: () => 80, exit: (c) => (exited = c) },
    new History(null),
  );
  const rt = createRuntime({ write: term.output });
  const server = new ShellServer(rt, term.output, opts.color ? { palette: iexPalette } : {});
  term.attach(server);
  return {
    term,
    server,
    type: (s: string | Key[]) => (typeof s === "string" ? keys(s) : s).forEach((k) => term.feedKey(k)),
    screen: () => vt.text(),
    raw: () => screen,
    clear: () => {
      screen = "";
      vt = new VTerm(80);
    },
    exited: () => exited,
    idle: async () => {
      for (let i = 0; i < 500 && !term.idle; i++) await new Promise((r) => setTimeout(r, 2));
    },
  };
}

test("a typed line is evaluated and the next prompt shown", async (t) => {
  const s = setup();
  t.after(() => s.server.driver.stop());
  s.type("x = 1 + 1\n");
  await s.idle();
  assert.match(s.screen(), /iex\(1\)> x = 1 \+ 1\n2\niex\(2\)>$/);
});

test("a pasted multi-line block is evaluated like iex, with continuation prompts", async (t) => {
  const s = setup();
  t.after(() => s.server.driver.stop());
  s.type("defmodule M do\n  def two, do: 2\nend\nM.two()\n");
  for (let i = 0; i < 3; i++) await s.idle();
  await new Promise((r) => setTimeout(r, 20));
  await s.idle();
  const screen = s.screen();
  assert.match(screen, /\.\.\.\(1\)>   def two, do: 2\n\.\.\.\(1\)> end\n\{:module, M,/);
  assert.match(screen, /iex\(2\)> M\.two\(\)\n2\n/);
});

test("Ctrl+C interrupts an infinite loop; the shell still answers and bindings stay", async (t) => {
  const s = setup();
  t.after(() => s.server.driver.stop());
  s.type("n = 7\n");
  await s.idle();
  s.type("defmodule Spin do def loop, do: loop() end\n");
  await s.idle();
  s.type("Spin.loop()\n");
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(s.term.idle, false);
  s.type([ctrl("c")]);
  await s.idle();
  s.type("n\n");
  await s.idle();
  assert.match(s.screen(), /\*\* \(EXIT\) interrupted\niex\(3\)> n\n7\niex\(4\)>$/);
});

test("Ctrl+C at the prompt opens the BREAK menu; c continues, Ctrl+C again exits", async (t) => {
  const s = setup();
  t.after(() => s.server.driver.stop());
  s.type([ctrl("c")]);
  assert.match(s.screen(), /BREAK: \(a\)bort \(A\)bort with dump \(c\)ontinue \(p\)roc info \(i\)nfo\n {7}\(l\)oaded/);
  s.type("c\n");
  assert.ok(s.term.idle);
  s.type([ctrl("c"), ctrl("c")]);
  assert.equal(s.exited(), 0);
});

test("the BREAK menu's (p)roc info lists the shell's evaluator process", async (t) => {
  const s = setup();
  t.after(() => s.server.driver.stop());
  s.type([ctrl("c")]);
  s.type("p\n");
  assert.match(s.screen(), /=proc:<0\.\d+\.0>\nState: \w+\nSpawned as: proc_lib:init_p\/5\n/);
  assert.ok(s.term.idle);
  s.type([ctrl("c")]);
  s.type("a\n");
  assert.equal(s.exited(), 0);
});

test("output from another process appears above the prompt and the line is redrawn", async (t) => {
  const s = setup();
  t.after(() => s.server.driver.stop());
  s.type('spawn(fn -> receive do :go -> IO.puts("crash report") end end)\n');
  await s.idle();
  s.type("pid = v()\n");
  await s.idle();
  s.type("send(pid, :go)\n");
  await s.idle();
  s.clear();
  s.server.rt.write("async line\n");
  s.type("Enum.su");
  s.server.rt.write("another\n");
  const raw = s.raw();
  assert.ok(raw.includes("\r\x1b[Jasync line\n"));
  assert.ok(raw.endsWith("\r\x1b[Jiex(4)> Enum.su\r\x1b[15C"), JSON.stringify(raw.slice(-60)));
  assert.match(s.screen(), /another\niex\(4\)> Enum\.su$/);
});

test("Tab completes a module function and lists candidates", async (t) => {
  const s = setup();
  t.after(() => s.server.driver.stop());
  s.type("String.up");
  s.type([{ name: "tab", sequence: "\t" }]);
  await until(() => s.term.editor.buffer === "String.upcase");
  assert.equal(s.term.editor.buffer, "String.upcase");
  s.type([ctrl("u")]);
  s.type("String.s");
  s.type([{ name: "tab", sequence: "\t" }]);
  await until(() => /split\/2/.test(s.screen()));
  assert.match(s.screen(), /split\/2/);
  assert.match(s.screen(), /iex\(1\)> String\.s$/);
});

test("results are coloured on a colour terminal", async (t) => {
  const s = setup({ color: true });
  t.after(() => s.server.driver.stop());
  s.type(":ok\n");
  await s.idle();
  assert.ok(s.raw().includes("\x1b[33m\x1b[36m:ok\x1b[0m\x1b[33m\x1b[0m\n"));
  s.type('raise "x"\n');
  await s.idle();
  assert.ok(s.raw().includes("\x1b[31m** (RuntimeError) x"));
});
