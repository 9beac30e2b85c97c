// Renders ink components into a fake terminal and types keys into them (in the spirit of
// ink-testing-library, without its fixed delays: tests wait for the next frame instead).
import { EventEmitter } from "node:events";
import { render } from "ink";
import type { ReactElement } from "react";

export class FakeStdout extends EventEmitter {
  frames: string[] = [];
  isTTY = false;
  constructor(
    public columns = 100,
    public rows = 24,
  ) {
    super();
  }
  write(s: string): boolean {
    this.frames.push(s);
    this.emit("frame", s);
    return true;
  }
  get lastFrame(): string {
    return this.frames[this.frames.length - 1] ?? "";
  }
  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    this.emit("resize");
  }
}

export class FakeStdin extends EventEmitter {
  isTTY = true;
  isRaw = false;
  private queue: string[] = [];
  setRawMode(on: boolean): void {
    this.isRaw = on;
  }
  setEncoding(): void {}
  ref(): void {}
  unref(): void {}
  resume(): void {}
  pause(): void {}
  read(): string | null {
    return this.queue.shift() ?? null;
  }
  type(s: string): void {
    this.queue.push(s);
    this.emit("readable");
  }
}

export const KEYS = {
  up: "\x1b[A",
  down: "\x1b[B",
  right: "\x1b[C",
  left: "\x1b[D",
  enter: "\r",
  escape: "\x1b",
  tab: "\t",
  backspace: "\x7f",
  pageDown: "\x1b[6~",
  pageUp: "\x1b[5~",
};

export interface Mounted {
  stdout: FakeStdout;
  stdin: FakeStdin;
  /** The text of the last frame written. */
  frame(): string;
  /** Types keys, one at a time, each followed by the frame it produces. */
  press(...keys: string[]): Promise<string>;
  /** Resolves when the next frame has been written. */
  nextFrame(): Promise<string>;
  unmount(): void;
}

export function mount(el: ReactElement, columns = 100, rows = 24): Mounted {
  const stdout = new FakeStdout(columns, rows);
  const stdin = new FakeStdin();
  const app = render(el, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  const nextFrame = () => new Promise<string>((resolve) => stdout.once("frame", resolve));
  /** Waits for a frame, or returns the current one if nothing changes within a few ticks. */
  const settle = async (): Promise<string> => {
    const before = stdout.frames.length;
    for (let i = 0; i < 50 && stdout.frames.length === before; i++) await new Promise((r) => setImmediate(r));
    return stdout.lastFrame;
  };
  return {
    stdout,
    stdin,
    frame: () => stdout.lastFrame,
    nextFrame,
    async press(...keys: string[]) {
      for (const k of keys) {
        stdin.type(k);
        await settle();
      }
      return stdout.lastFrame;
    },
    unmount: () => {
      app.unmount();
      app.cleanup();
    },
  };
}
