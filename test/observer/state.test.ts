// Scripted key input against the UI reducer (no rendering): selection, sorting, filter,
// pause/interval, kill prompt and trace toggling.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Key } from "ink";
import { Effect, UiState, ViewContext, initialState, pressKey } from "../../src/observer/state.js";

const NO_KEY: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false,
  home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false,
  backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false,
} as Key;

/** A key press as [input, key]: plain characters, or names of special keys. */
function key(k: string): [string, Key] {
  const special: Record<string, Partial<Key>> = {
    up: { upArrow: true }, down: { downArrow: true }, left: { leftArrow: true }, right: { rightArrow: true },
    enter: { return: true }, esc: { escape: true }, tab: { tab: true }, bs: { backspace: true },
    pgdn: { pageDown: true }, pgup: { pageUp: true }, home: { home: true }, end: { end: true },
  };
  return special[k] ? ["", { ...NO_KEY, ...special[k] }] : [k, NO_KEY];
}

const ctx: ViewContext = { rows: Array.from({ length: 50 }, (_, i) => ({ id: 100 + i })), labelOf: (id) => `p${id - 100}`, pageSize: 10 };

function run(keys: string[], s: UiState = initialState()): { state: UiState; effects: Effect[] } {
  const effects: Effect[] = [];
  for (const k of keys) {
    const [input, kk] = key(k);
    const [next, fx] = pressKey(s, input, kk, ctx);
    s = next;
    effects.push(...fx);
  }
  return { state: s, effects };
}

test("arrows and j move the selection and scroll to keep it visible", () => {
  const { state } = run(["down", "down", "j", "up"]);
  assert.equal(state.selected, 2);
  assert.equal(state.selectedId, 102);
  const paged = run(["pgdn", "pgdn", "down"]).state;
  assert.equal(paged.selected, 21);
  assert.equal(paged.top, 12);
  assert.equal(run(["end"]).state.selectedId, 149);
  assert.equal(run(["end", "home"]).state.selected, 0);
});

test("a sort key sorts by its column; pressing it again reverses", () => {
  let { state } = run(["M"]);
  assert.deepEqual([state.query.sort, state.query.desc], ["memory", true]);
  state = run(["M"], state).state;
  assert.deepEqual([state.query.sort, state.query.desc], ["memory", false]);
  state = run(["N"], state).state;
  assert.deepEqual([state.query.sort, state.query.desc], ["name", false]);
  state = run([">"], state).state;
  assert.equal(state.query.sort, "reductions");
});

test("c toggles reductions between delta and total", () => {
  assert.equal(run(["c"]).state.query.mode, "total");
  assert.equal(run(["c", "c"]).state.query.mode, "delta");
});

test("a shows the system's own processes in the lists and hides them again; not in the Sequence view", () => {
  const once = run(["a"]);
  assert.equal(once.state.showSystem, true);
  assert.deepEqual(once.effects, [{ type: "showSystem", on: true }]);
  const twice = run(["a", "a"]);
  assert.equal(twice.state.showSystem, false);
  assert.deepEqual(twice.effects.at(-1), { type: "showSystem", on: false });
  const tree = run(["2", "a"]);
  assert.equal(tree.state.showSystem, true);
  assert.equal(run(["8", "a"]).state.showSystem, false);
});

test("/ opens the filter; typed text filters live; Enter keeps it, Esc clears it", () => {
  let { state } = run(["/", "s", "p", "x", "bs", "i", "n"]);
  assert.deepEqual(state.prompt, { kind: "filter", text: "spin" });
  assert.equal(state.query.filter, "spin");
  state = run(["enter"], state).state;
  assert.equal(state.prompt, null);
  assert.equal(state.query.filter, "spin");
  state = run(["/", "esc"], state).state;
  assert.equal(state.query.filter, "");
  // Keys typed into the filter are not commands.
  assert.equal(run(["/", "q"]).effects.length, 0);
});

test("space pauses and resumes (resuming samples at once); + and - change the interval", () => {
  assert.equal(run([" "]).state.paused, true);
  assert.deepEqual(run([" ", " "]).effects, [{ type: "sample" }]);
  assert.equal(run(["+"]).state.intervalMs, 2000);
  assert.equal(run(["-", "-"]).state.intervalMs, 250);
  assert.equal(run(["-", "-", "-"]).state.intervalMs, 250);
});

test("k asks for a reason with :kill as the default; Enter sends the exit signal", () => {
  let { state } = run(["down", "k"]);
  assert.deepEqual(state.prompt, { kind: "kill", id: 101, label: "p1", choice: 0, text: "" });
  const sent = run(["enter"], state);
  assert.deepEqual(sent.effects, [{ type: "exit", id: 101, reason: ":kill" }]);
  assert.equal(sent.state.prompt, null);
  state = run(["tab"], state).state;
  assert.deepEqual(run(["enter"], state).effects, [{ type: "exit", id: 101, reason: ":shutdown" }]);
});

test("a typed reason replaces the choices; Esc cancels the kill", () => {
  const typed = run(["k", ":", "o", "o", "p", "s", "enter"]);
  assert.deepEqual(typed.effects, [{ type: "exit", id: 100, reason: ":oops" }]);
  const cancelled = run(["k", "esc"]);
  assert.deepEqual(cancelled.effects, []);
  assert.equal(cancelled.state.message, "kill cancelled");
});

test("Enter opens the detail of the selected process; Esc returns; q quits from anywhere", () => {
  const { state, effects } = run(["down", "enter"]);
  assert.equal(state.view, "detail");
  assert.equal(state.selectedId, 101);
  assert.deepEqual(effects, [{ type: "fetchState", id: 101 }]);
  assert.equal(run(["esc"], state).state.view, "processes");
  assert.deepEqual(run(["q"], state).effects, [{ type: "quit" }]);
  assert.deepEqual(run(["esc"]).effects, [{ type: "quit" }]);
});

test("t toggles tracing of the selected process", () => {
  const on = run(["t"]);
  assert.deepEqual(on.effects, [{ type: "trace", id: 100 }]);
  assert.equal(on.state.traced, 100);
  assert.deepEqual(run(["t"], on.state).effects, [{ type: "trace", id: null }]);
});

test("number keys and Tab switch views", () => {
  assert.equal(run(["2"]).state.view, "tree");
  assert.equal(run(["3"]).state.view, "system");
  assert.equal(run(["tab", "tab"]).state.view, "system");
  assert.equal(run(["?"]).state.view, "help");
  assert.equal(run(["3", "?", "esc"]).state.view, "system");
});

test("f asks which fault to inject on the selected process's messages; digits say for how many; o is for the messages it sends", () => {
  const { state } = run(["down", "f"]);
  assert.deepEqual(state.prompt, { kind: "fault", id: 101, label: "p1", dir: "to", choice: 0, text: "" });
  const drop = run(["down", "f", "3", "enter"]);
  assert.equal(drop.state.prompt, null);
  assert.deepEqual(drop.effects, [{ type: "fault", id: 101, dir: "to", choice: "drop", count: 3 }]);
  const delay = run(["f", "tab", "enter"]);
  assert.deepEqual(delay.effects, [{ type: "fault", id: 100, dir: "to", choice: "delay", count: null }]);
  const picked = run(["o", "u", "left", "right", "0", "2", "bs", "1", "enter"]);
  assert.deepEqual(picked.effects, [{ type: "fault", id: 100, dir: "from", choice: "duplicate", count: 1 }]);
  const remove = run(["f", "x", "enter"]);
  assert.deepEqual(remove.effects, [{ type: "fault", id: 100, dir: "to", choice: "remove", count: null }]);
  const cancelled = run(["f", "r", "esc"]);
  assert.deepEqual(cancelled.effects, []);
  assert.equal(cancelled.state.message, "no fault injected");
});
