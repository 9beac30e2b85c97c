// Standard input for the processes of a runtime (IO.gets, IO.read, IO.getn, IO.binread on
// :stdio). Whoever runs the runtime provides the device: the piped shell and scripts read
// a byte queue over stdin (shell/input.ts), the terminal reads a line with its editor.
// Without a device every read answers :eof, as when stdin is closed.
import type { Term } from "./term.js";

/** One read: what to read, the prompt to show first, and whether bytes are asked for. */
export interface StdinRequest {
  /** A line (with its newline), everything until the end, or this many characters. */
  what: "line" | "eof" | number;
  prompt: string;
  /** A latin1 request (IO.binread): characters become bytes. */
  latin1: boolean;
}

export interface StdinDevice {
  /** Starts a read; calls `done` exactly once, now or later, with the reply term. */
  read(req: StdinRequest, done: (reply: Term) => void): void;
}
