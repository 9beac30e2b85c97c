// The interactive front end: raw-mode keys → line editor → shell server, and every piece of
// output (results, IO from other processes, crash reports) written so that it appears above
// the prompt, with the line being typed redrawn below it.
//
// States: `idle` (prompt shown, keys edit the line), `busy` (an input is being evaluated:
// keys are queued as type-ahead, Ctrl+C interrupts the evaluation), `break` (the BREAK menu
// reads a line: a/c/p/i/l/v/k; Ctrl+C again exits).
import { Completion, formatEntries } from "./autocomplete.js";
import { BREAK_MENU, breakChoice } from "./break-menu.js";
import { History } from "./history.js";
import { Key, LineEditor, renderLine } from "./line-editor.js";
import type { ShellServer } from "./server.js";
import type { StdinDevice, StdinRequest } from "../runtime/stdio.js";
import { Term, a } from "../runtime/term.js";
import { textReply } from "./input.js";

const EOF = a("eof");

export interface TerminalPort {
  write(s: string): void;
  columns(): number;
  /** Ends the program (restoring the terminal first). */
  exit(code: number): void;
  /** True (once) when Ctrl+C was pressed since the last call, seen before its key arrives. */
  takeInterrupt?(): boolean;
}

type State = "idle" | "busy" | "break" | "reading";

/** A read of standard input in progress (IO.gets and friends): the editor collects lines. */
interface PendingRead {
  req: StdinRequest;
  done: (reply: Term) => void;
  /** The prompt's last line, shown before the line being typed. */
  prompt: string;
  /** Lines typed so far (reads of many characters or to the end span lines). */
  acc: string;
  /** The state to return to afterwards. */
  resume: State;
}

export class InteractiveShell {
  readonly editor: LineEditor;
  private state: State = "busy";
  private promptShown = false;
  private prevRow = 0;
  private queue: Key[] = [];
  private breakLine = "";
  /** Ctrl+C keys still to come that interruptDuringNative has acted on. */
  private swallowCtrlC = 0;
  private read: PendingRead | null = null;
  /** What a counted read left of its line: the next read takes from it first. */
  private leftover = "";
  /** Standard input for the runtime's processes: lines typed at this terminal. */
  readonly stdin: StdinDevice = { read: (req, done) => this.startRead(req, done) };
  /** True when the last output did not end with a newline. */
  private partialLine = false;
  server!: ShellServer;

  constructor(
    readonly port: TerminalPort,
    history: History,
  ) {
    this.editor = new LineEditor(history);
  }

  /** Binds the server (created with `output` as its writer) and shows the first prompt. */
  attach(server: ShellServer): void {
    this.server = server;
    server.onRestart = () => {
      if (this.state === "idle") this.showPrompt();
    };
    this.state = "idle";
    this.showPrompt();
  }

  /**
   * A Ctrl+C pressed while a native runs (the keys are read only between natives): the
   * evaluation is interrupted as its key would interrupt it, and the key, when it arrives,
   * is not acted on again. True when it interrupted.
   */
  interruptDuringNative(): boolean {
    if (this.state !== "busy" || this.port.takeInterrupt?.() !== true) return false;
    this.swallowCtrlC++;
    this.queue = [];
    this.server.interrupt();
    return true;
  }

  /** True when the prompt is shown and keys edit the line (tests wait for this). */
  get idle(): boolean {
    return this.state === "idle";
  }

  /** Marks the shell busy while something else (e.g. the startup file) is evaluated. */
  setBusy(busy: boolean): void {
    this.state = busy ? "busy" : "idle";
  }

  /** The writer for everything the shell and the runtime print. */
  readonly output = (text: string): void => {
    if (text === "") return;
    // Keys typed before this output arrived are in the line it redraws.
    if (this.typed !== "") this.flushTyped();
    if ((this.state !== "idle" && this.state !== "reading") || !this.promptShown) {
      this.port.write(text);
      this.partialLine = !text.endsWith("\n");
      return;
    }
    // Clear the input lines, print above them, then redraw the prompt and the input.
    this.port.write((this.prevRow > 0 ? `\x1b[${this.prevRow}A` : "") + "\r\x1b[J" + text + (text.endsWith("\n") ? "" : "\n"));
    this.partialLine = false;
    this.prevRow = 0;
    this.redraw();
  };

  /**
   * Feeds one key event. Printable characters are collected and inserted together, with one
   * redraw, once the keys at hand are handled: a pasted 40 KB line costs one insert and one
   * redraw instead of one per character (which made pasting quadratic).
   */
  feedKey(key: Key): void {
    if (key.ctrl && key.name === "c") {
      // Already acted on while a native ran (interruptDuringNative).
      if (this.swallowCtrlC > 0) return void this.swallowCtrlC--;
      this.port.takeInterrupt?.();
    }
    if ((this.state === "idle" || this.state === "reading") && this.isTyped(key)) {
      if (this.typed === "") queueMicrotask(() => this.flushTyped());
      this.typed += key.sequence;
      return;
    }
    this.flushTyped();
    if (this.state === "break") return this.breakKey(key);
    if (this.state === "reading") return this.readKey(key);
    if (this.state === "busy") {
      if (key.ctrl && key.name === "c") {
        this.queue = [];
        this.server.interrupt();
      } else this.queue.push(key);
      return;
    }
    const action = this.editor.handle(key);
    switch (action.type) {
      case "submit":
        return void this.submit(action.line);
      case "complete":
        return this.complete();
      case "interrupt":
        return this.openBreak();
      case "clear-screen":
        this.port.write("\x1b[H\x1b[2J");
        this.prevRow = 0;
        return this.redraw();
      default:
        return this.redraw();
    }
  }

  /** Characters typed (or pasted) and not yet in the editor. */
  private typed = "";

  private isTyped(key: Key): boolean {
    const seq = key.sequence;
    return !key.ctrl && !key.meta && seq !== undefined && seq !== "" && this.editor.search === null && !/[\x00-\x1f\x7f]/.test(seq);
  }

  private flushTyped(): void {
    if (this.typed === "") return;
    const text = this.typed;
    this.typed = "";
    if (this.state !== "idle" && this.state !== "reading") {
      // The state changed meanwhile (Enter submitted): the characters are type-ahead.
      for (const ch of text) this.queue.push({ name: ch, sequence: ch });
      return;
    }
    this.editor.insert(text);
    this.redraw();
  }

  private prompt(): string {
    if (this.editor.search !== null) return this.editor.searchPrompt();
    return this.read !== null ? this.read.prompt : this.server.prompt();
  }

  /** Shows a fresh prompt on a new line. */
  showPrompt(): void {
    if (this.partialLine) this.port.write("\n");
    this.partialLine = false;
    this.prevRow = 0;
    this.promptShown = true;
    this.redraw();
  }

  private redraw(): void {
    const r = renderLine(this.prompt(), this.editor.buffer, this.editor.cursor, this.port.columns(), this.prevRow);
    this.port.write(r.out);
    this.prevRow = r.row;
  }

  /** Leaves the cursor after the input and moves to a new line. */
  private finishLine(): void {
    const r = renderLine(this.prompt(), this.editor.buffer, this.editor.buffer.length, this.port.columns(), this.prevRow);
    this.port.write(r.out + "\n");
    this.prevRow = 0;
    this.promptShown = false;
  }

  private async submit(line: string): Promise<void> {
    // The line is already out of the editor: show it as typed, then evaluate.
    const r = renderLine(this.server.prompt(), line, line.length, this.port.columns(), this.prevRow);
    this.port.write(r.out + "\n");
    this.prevRow = 0;
    this.promptShown = false;
    this.state = "busy";
    this.partialLine = false;
    await this.server.feedLine(line);
    // Another process may be reading a line now: the prompt comes once it has its line.
    if (this.read !== null) return void (this.read.resume = "idle");
    this.state = "idle";
    this.showPrompt();
    this.drainQueue();
  }

  private drainQueue(): void {
    while ((this.state === "idle" || this.state === "reading") && this.queue.length > 0) this.feedKey(this.queue.shift()!);
  }

  // ---- reads of standard input ---------------------------------------------------

  private startRead(req: StdinRequest, done: (reply: Term) => void): void {
    if (this.read !== null) {
      // One read at a time, as an I/O server serves them: this one waits its turn.
      const prev = this.read.done;
      this.read.done = (r) => (prev(r), this.startRead(req, done));
      return;
    }
    if (this.leftover !== "" && req.what !== "eof" && this.serveLeftover(req, done)) return;
    const nl = req.prompt.lastIndexOf("\n");
    if (this.state === "idle") {
      // The shell's prompt is showing: take it down while the line is read.
      this.port.write((this.prevRow > 0 ? `\x1b[${this.prevRow}A` : "") + "\r\x1b[J");
      this.prevRow = 0;
    }
    if (nl >= 0) this.port.write(req.prompt.slice(0, nl + 1));
    this.read = { req, done, prompt: req.prompt.slice(nl + 1), acc: "", resume: this.state === "idle" ? "idle" : "busy" };
    this.state = "reading";
    this.editor.history.pause();
    this.editor.setLine("");
    this.showPrompt();
    this.drainQueue();
  }

  /** A read served from what an earlier counted read left; false when more must be typed. */
  private serveLeftover(req: StdinRequest, done: (reply: Term) => void): boolean {
    const text = this.leftover;
    if (req.what === "line") {
      const nl = text.indexOf("\n");
      if (nl < 0) return false;
      this.leftover = text.slice(nl + 1);
      done(textReply(text.slice(0, nl + 1), req.latin1));
      return true;
    }
    const chars = Array.from(text);
    if (typeof req.what !== "number" || chars.length < req.what) return false;
    this.leftover = chars.slice(req.what).join("");
    done(textReply(chars.slice(0, req.what).join(""), req.latin1));
    return true;
  }

  private readKey(key: Key): void {
    const read = this.read!;
    if (key.ctrl && key.name === "c") {
      // Ctrl+C interrupts the evaluation waiting for the line, as when it is busy.
      this.finishLine();
      this.finishRead(null);
      this.queue = [];
      this.server.interrupt();
      return;
    }
    if (key.name === "tab") return;
    const action = this.editor.handle(key);
    if (action.type === "eof") {
      this.finishLine();
      const text = this.leftover + read.acc;
      this.leftover = "";
      return this.finishRead(text === "" ? EOF : textReply(text, read.req.latin1));
    }
    if (action.type !== "submit") return this.redraw();
    const r = renderLine(read.prompt, action.line, action.line.length, this.port.columns(), this.prevRow);
    this.port.write(r.out + "\n");
    this.prevRow = 0;
    read.acc += action.line + "\n";
    read.prompt = "";
    const what = read.req.what;
    if (what === "eof") return this.showPrompt();
    let text = this.leftover + read.acc;
    this.leftover = "";
    if (typeof what === "number") {
      const chars = Array.from(text);
      if (chars.length < what) {
        read.acc = text;
        return this.showPrompt();
      }
      this.leftover = chars.slice(what).join("");
      text = chars.slice(0, what).join("");
    }
    this.finishRead(textReply(text, read.req.latin1));
  }

  /** Ends the read in progress with `reply` (null: abandoned) and returns to where we were. */
  private finishRead(reply: Term | null): void {
    const read = this.read!;
    this.read = null;
    this.editor.history.resume();
    this.promptShown = false;
    this.state = read.resume;
    if (this.state === "idle") this.showPrompt();
    if (reply !== null) read.done(reply);
  }

  /** Tab: IEx.Autocomplete's answer (ShellServer.expand), applied unless the line changed meanwhile. */
  private complete(): void {
    const before = this.editor.buffer.slice(0, this.editor.cursor);
    void this.server.expand(before).then((c) => {
      if (this.state !== "idle" || this.editor.buffer.slice(0, this.editor.cursor) !== before) return;
      this.completed(c);
    });
  }

  private completed(c: Completion): void {
    if (c.insert !== "") {
      this.editor.insert(c.insert);
      return this.redraw();
    }
    if (c.entries.length === 0) return;
    this.finishLine();
    this.port.write(formatEntries(c.entries));
    this.showPrompt();
  }

  // ---- BREAK menu -------------------------------------------------------------

  private openBreak(): void {
    this.finishLine();
    this.port.write(BREAK_MENU.slice(1));
    this.state = "break";
    this.breakLine = "";
  }

  private breakKey(key: Key): void {
    if (key.ctrl && key.name === "c") return this.port.exit(0);
    if (key.name === "return" || key.name === "enter") {
      this.port.write("\n");
      return this.breakChoice();
    }
    if (key.name === "backspace") {
      if (this.breakLine !== "") this.port.write("\b \b");
      this.breakLine = this.breakLine.slice(0, -1);
      return;
    }
    const seq = key.sequence ?? "";
    if (seq.length === 1 && seq >= " ") {
      this.breakLine += seq;
      this.port.write(seq);
    }
  }

  private breakChoice(): void {
    const choice = breakChoice(this.server.rt, this.breakLine, (s) => this.port.write(s));
    this.breakLine = "";
    if (choice === "abort") return this.port.exit(0);
    if (choice === "again") return void this.port.write(BREAK_MENU);
    this.state = "idle";
    this.showPrompt();
  }
}
