// The line editor, driven by key events as readline reports them (no terminal needed).
import assert from "node:assert/strict";
import { test } from "node:test";
import { History } from "../../src/shell/history.js";
import { Key, LineEditor, renderLine, wordLeft, wordRight } from "../../src/shell/line-editor.js";

const ch = (s: string): Key[] => [...s].map((c) => ({ name: c.toLowerCase(), sequence: c }));
const ctrl = (name: string): Key => ({ name, ctrl: true, sequence: "" });
const meta = (name: string): Key => ({ name, meta: true, sequence: "" });
const k = (name: string): Key => ({ name, sequence: "" });

function editor(history = new History(null)): LineEditor {
  return new LineEditor(history);
}

function type(e: LineEditor, ...keys: (Key | Key[])[]) {
  let last;
  for (const key of keys.flat()) last = e.handle(key);
  return last;
}

test("typing inserts at the cursor and arrows move it", () => {
  const e = editor();
  type(e, ch("Enum.sum"), k("left"), k("left"), k("left"), ch("X"));
  assert.equal(e.buffer, "Enum.Xsum");
  assert.equal(e.cursor, 6);
  type(e, k("home"), ch(">"), k("end"), ch("<"));
  assert.equal(e.buffer, ">Enum.Xsum<");
});

test("Ctrl+A/E jump, Ctrl+K/U kill to the end/start and Ctrl+Y yanks", () => {
  const e = editor();
  type(e, ch("hello world"), ctrl("a"));
  assert.equal(e.cursor, 0);
  type(e, ctrl("e"));
  assert.equal(e.cursor, 11);
  type(e, meta("b"), ctrl("k"));
  assert.equal(e.buffer, "hello ");
  type(e, ctrl("a"), ctrl("y"));
  assert.equal(e.buffer, "worldhello ");
  type(e, ctrl("u"));
  assert.equal(e.buffer, "hello ");
  assert.equal(e.cursor, 0);
});

test("Ctrl+W kills the previous word, Alt+B/F jump by words", () => {
  const e = editor();
  type(e, ch("Enum.map(list, fun)"), ctrl("w"));
  assert.equal(e.buffer, "Enum.map(list, ");
  type(e, meta("b"), meta("b"));
  assert.equal(e.cursor, 5);
  type(e, meta("f"));
  assert.equal(e.cursor, 8);
  assert.equal(wordLeft("a bc", 4), 2);
  assert.equal(wordRight("ab  cd", 2), 6);
});

test("backspace, delete and Ctrl+D delete characters", () => {
  const e = editor();
  type(e, ch("abcd"), k("backspace"), k("home"), k("delete"), ctrl("d"));
  assert.equal(e.buffer, "c");
});

test("Enter submits the line and records it in the history", () => {
  const h = new History(null);
  const e = editor(h);
  const action = type(e, ch("1 + 1"), k("return"));
  assert.deepEqual(action, { type: "submit", line: "1 + 1" });
  assert.equal(e.buffer, "");
  assert.deepEqual(h.entries, ["1 + 1"]);
});

test("Up/Down walk the history and restore the line being typed", () => {
  const e = editor();
  type(e, ch("a = 1"), k("return"), ch("b = 2"), k("return"), ch("dra"));
  type(e, k("up"));
  assert.equal(e.buffer, "b = 2");
  type(e, k("up"), k("up"));
  assert.equal(e.buffer, "a = 1");
  type(e, k("down"), k("down"));
  assert.equal(e.buffer, "dra");
});

test("Ctrl+R searches the history backwards; Enter runs the match", () => {
  const e = editor();
  type(e, ch("Enum.sum([1])"), k("return"), ch("x = 2"), k("return"), ch("Enum.max([3])"), k("return"));
  type(e, ctrl("r"), ch("Enum"));
  assert.equal(e.searchPrompt(), "(search)`Enum': ");
  assert.equal(e.buffer, "Enum.max([3])");
  type(e, ctrl("r"));
  assert.equal(e.buffer, "Enum.sum([1])");
  assert.deepEqual(type(e, k("return")), { type: "submit", line: "Enum.sum([1])" });
  assert.equal(e.search, null);
});

test("a key other than typing ends the search and keeps the match for editing", () => {
  const e = editor();
  type(e, ch("abc"), k("return"), ctrl("r"), ch("b"), ctrl("e"), ch("d"));
  assert.equal(e.search, null);
  assert.equal(e.buffer, "abcd");
});

test("Tab asks for completion and Ctrl+C for an interrupt", () => {
  const e = editor();
  assert.deepEqual(e.handle(k("tab")), { type: "complete" });
  assert.deepEqual(e.handle(ctrl("c")), { type: "interrupt" });
  assert.deepEqual(e.handle(ctrl("l")), { type: "clear-screen" });
});

test("render redraws the prompt and input and places the cursor", () => {
  const r = renderLine("iex(1)> ", "abc", 1, 80, 0);
  assert.equal(r.out, "\r\x1b[Jiex(1)> abc\r\x1b[9C");
  assert.equal(r.row, 0);
});

test("render handles input wrapping over several rows", () => {
  // 8 columns of prompt + 12 characters on a 10-column terminal: rows 0..1, cursor on row 1.
  const r = renderLine("iex(1)> ", "abcdefghijkl", 12, 10, 0);
  assert.equal(r.row, 2);
  assert.ok(r.out.endsWith("\r\n\r"));
  const again = renderLine("iex(1)> ", "abcdefghijkl", 0, 10, r.row);
  assert.ok(again.out.startsWith("\x1b[2A\r\x1b[J"));
  assert.equal(again.row, 0);
});
