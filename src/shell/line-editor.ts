// A small Emacs-style line editor, independent of any terminal: it takes key events (as
// Node's readline `emitKeypressEvents` reports them) and keeps a buffer, a cursor and a
// kill buffer; `render` turns the state into terminal output. Tests feed keys directly.
//
// Keys: printable characters insert; Left/Right, Ctrl+B/F move; Home/End, Ctrl+A/E jump
// to the ends; Alt+B/F and Ctrl+Left/Right move by words; Backspace, Delete, Ctrl+D delete;
// Ctrl+K/U kill to the end/start, Ctrl+W and Alt+Backspace kill the previous word, Alt+D the
// next one, Ctrl+Y yanks; Up/Down, Ctrl+P/N walk the history; Ctrl+R searches it backwards;
// Tab completes; Enter submits; Ctrl+C and Ctrl+L are passed to the caller.
import type { History } from "./history.js";

/** A key event, as readline's `keypress` gives it. */
export interface Key {
  name?: string;
  ctrl?: boolean;
  meta?: boolean;
  shift?: boolean;
  sequence?: string;
}

export type EditorAction =
  | { type: "none" }
  | { type: "submit"; line: string }
  | { type: "complete" }
  | { type: "interrupt" }
  | { type: "clear-screen" }
  | { type: "eof" };

const NONE: EditorAction = { type: "none" };

interface SearchState {
  query: string;
  /** Index of the current match in the history, or -1 when nothing matches. */
  index: number;
  failed: boolean;
}

export class LineEditor {
  buffer = "";
  cursor = 0;
  private killed = "";
  search: SearchState | null = null;

  constructor(readonly history: History) {}

  /** Replaces the whole line, cursor at the end. */
  setLine(line: string): void {
    this.buffer = line;
    this.cursor = line.length;
  }

  /** Inserts text at the cursor (typing or pasting). */
  insert(text: string): void {
    this.buffer = this.buffer.slice(0, this.cursor) + text + this.buffer.slice(this.cursor);
    this.cursor += text.length;
  }

  /** Handles one key; returns what the caller must do. */
  handle(key: Key): EditorAction {
    if (this.search !== null) return this.handleSearch(key);
    const name = key.name ?? "";
    if (key.ctrl && !key.meta) return this.handleCtrl(name);
    if (key.meta) return this.handleMeta(name);
    return this.handlePlain(name, key.sequence ?? "");
  }

  private handlePlain(name: string, seq: string): EditorAction {
    switch (name) {
      case "return":
      case "enter":
        return this.submit();
      case "tab":
        return { type: "complete" };
      case "backspace":
        return this.deleteBack();
      case "delete":
        return this.deleteForward();
      case "left":
        this.cursor = Math.max(0, this.cursor - 1);
        return NONE;
      case "right":
        this.cursor = Math.min(this.buffer.length, this.cursor + 1);
        return NONE;
      case "home":
        this.cursor = 0;
        return NONE;
      case "end":
        this.cursor = this.buffer.length;
        return NONE;
      case "up":
        return this.historyPrevious();
      case "down":
        return this.historyNext();
      case "escape":
        return NONE;
    }
    if (seq.length > 0 && !/[\x00-\x1f\x7f]/.test(seq)) this.insert(seq);
    return NONE;
  }

  private handleCtrl(name: string): EditorAction {
    switch (name) {
      case "a":
        this.cursor = 0;
        return NONE;
      case "e":
        this.cursor = this.buffer.length;
        return NONE;
      case "b":
        return this.handlePlain("left", "");
      case "f":
        return this.handlePlain("right", "");
      case "left":
        this.cursor = wordLeft(this.buffer, this.cursor);
        return NONE;
      case "right":
        this.cursor = wordRight(this.buffer, this.cursor);
        return NONE;
      case "h":
        return this.deleteBack();
      case "d":
        if (this.buffer === "") return { type: "eof" };
        return this.deleteForward();
      case "k":
        return this.kill(this.cursor, this.buffer.length);
      case "u":
        return this.kill(0, this.cursor);
      case "w":
        return this.kill(wordLeft(this.buffer, this.cursor), this.cursor);
      case "y":
        this.insert(this.killed);
        return NONE;
      case "p":
        return this.historyPrevious();
      case "n":
        return this.historyNext();
      case "r":
        this.search = { query: "", index: -1, failed: false };
        return NONE;
      case "c":
        return { type: "interrupt" };
      case "l":
        return { type: "clear-screen" };
      case "j":
      case "m":
        return this.submit();
      case "i":
        return { type: "complete" };
    }
    return NONE;
  }

  private handleMeta(name: string): EditorAction {
    switch (name) {
      case "b":
      case "left":
        this.cursor = wordLeft(this.buffer, this.cursor);
        return NONE;
      case "f":
      case "right":
        this.cursor = wordRight(this.buffer, this.cursor);
        return NONE;
      case "d":
        return this.kill(this.cursor, wordRight(this.buffer, this.cursor));
      case "backspace":
        return this.kill(wordLeft(this.buffer, this.cursor), this.cursor);
    }
    return NONE;
  }

  private submit(): EditorAction {
    const line = this.buffer;
    this.history.add(line);
    this.buffer = "";
    this.cursor = 0;
    return { type: "submit", line };
  }

  private deleteBack(): EditorAction {
    if (this.cursor === 0) return NONE;
    this.buffer = this.buffer.slice(0, this.cursor - 1) + this.buffer.slice(this.cursor);
    this.cursor--;
    return NONE;
  }

  private deleteForward(): EditorAction {
    this.buffer = this.buffer.slice(0, this.cursor) + this.buffer.slice(this.cursor + 1);
    return NONE;
  }

  private kill(from: number, to: number): EditorAction {
    if (to <= from) return NONE;
    this.killed = this.buffer.slice(from, to);
    this.buffer = this.buffer.slice(0, from) + this.buffer.slice(to);
    this.cursor = from;
    return NONE;
  }

  private historyPrevious(): EditorAction {
    const line = this.history.previous(this.buffer);
    if (line !== null) this.setLine(line);
    return NONE;
  }

  private historyNext(): EditorAction {
    const line = this.history.next();
    if (line !== null) this.setLine(line);
    return NONE;
  }

  // ---- reverse search -------------------------------------------------------

  /** The prompt shown while searching, as the Erlang shell shows it. */
  searchPrompt(): string {
    const s = this.search!;
    return `(${s.failed ? "failed " : ""}search)\`${s.query}': `;
  }

  private handleSearch(key: Key): EditorAction {
    const s = this.search!;
    const name = key.name ?? "";
    if (key.ctrl && name === "r") {
      this.findMatch(s.query, s.index < 0 ? this.history.entries.length : s.index);
      return NONE;
    }
    if ((key.ctrl && (name === "g" || name === "c")) || name === "escape") {
      this.search = null;
      if (key.ctrl && name === "c") this.setLine("");
      return NONE;
    }
    if (name === "return" || name === "enter") {
      this.search = null;
      return this.submit();
    }
    if (name === "backspace") {
      s.query = s.query.slice(0, -1);
      this.findMatch(s.query, this.history.entries.length);
      return NONE;
    }
    const seq = key.sequence ?? "";
    if (!key.ctrl && !key.meta && seq.length > 0 && !/[\x00-\x1f\x7f]/.test(seq)) {
      s.query += seq;
      this.findMatch(s.query, s.index < 0 ? this.history.entries.length : s.index + 1);
      return NONE;
    }
    // Any other key (arrows, Ctrl+A/E, ...) accepts the match and is then handled normally.
    this.search = null;
    this.history.resetPosition();
    return this.handle(key);
  }

  private findMatch(query: string, before: number): void {
    const s = this.search!;
    const m = this.history.search(query, before);
    if (m === null) {
      s.failed = query !== "";
      return;
    }
    s.failed = false;
    s.index = m.index;
    this.setLine(m.line);
  }
}

const WORD = /[\p{L}\p{N}_?!]/u;

/** Start of the word before `pos` (skipping non-word characters first). */
export function wordLeft(s: string, pos: number): number {
  let i = pos;
  while (i > 0 && !WORD.test(s[i - 1])) i--;
  while (i > 0 && WORD.test(s[i - 1])) i--;
  return i;
}

/** End of the word after `pos`. */
export function wordRight(s: string, pos: number): number {
  let i = pos;
  while (i < s.length && !WORD.test(s[i])) i++;
  while (i < s.length && WORD.test(s[i])) i++;
  return i;
}

/**
 * Redraws prompt + buffer on the terminal. `prevRow` is the row (relative to the first
 * row of the input) where the cursor was left by the previous render; returns the output
 * and the new cursor row. Lines wrap at `cols` columns.
 */
export function renderLine(prompt: string, buffer: string, cursor: number, cols: number, prevRow: number): { out: string; row: number } {
  const width = Math.max(1, cols);
  const promptLen = visibleLength(prompt);
  const total = promptLen + [...buffer].length;
  const at = promptLen + [...buffer.slice(0, cursor)].length;
  let out = (prevRow > 0 ? `\x1b[${prevRow}A` : "") + "\r\x1b[J" + prompt + buffer;
  // A line filling the last column leaves the cursor pending: move to the next row.
  if (total > 0 && total % width === 0) out += "\r\n";
  const endRow = Math.floor(total / width);
  const row = Math.floor(at / width);
  const col = at % width;
  if (endRow > row) out += `\x1b[${endRow - row}A`;
  out += `\r` + (col > 0 ? `\x1b[${col}C` : "");
  return { out, row };
}

/** Length of text as displayed (escape sequences take no room). */
export function visibleLength(s: string): number {
  return [...s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "")].length;
}
