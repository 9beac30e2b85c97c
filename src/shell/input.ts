// Standard input as iex and elixir read it: one queue of bytes that the shell's own reader
// (piped mode, `iex < file`) and the program's reads (IO.gets, IO.read, IO.binread) share,
// so a line read by IO.gets is not evaluated and what a read leaves of a line is.
//
// Invariants: bytes come out in the order they arrived, each exactly once; every
// operation is linear in what it returns (a 100 MB line arrives in many chunks and is
// joined once); the stream is paused while much is buffered and nobody reads.
import type { StdinDevice, StdinRequest } from "../runtime/stdio.js";
import { Term, a, binFromBytes } from "../runtime/term.js";

/** Past this many buffered bytes the source is paused until a reader takes some. */
const HIGH_WATER = 16 << 20;
const EMPTY = new Uint8Array(0);
const EOF = a("eof");

export class InputQueue {
  private chunks: Uint8Array[] = [];
  /** Read offset into chunks[0]. */
  private offset = 0;
  private buffered = 0;
  private ended = false;
  private wake: (() => void) | null = null;
  private source: NodeJS.ReadableStream | null = null;
  private started = false;

  /** A queue over `stream`, which is read only once something is asked of the queue. */
  static over(stream: NodeJS.ReadableStream): InputQueue {
    const q = new InputQueue();
    q.source = stream;
    return q;
  }

  /** Adds bytes (tests and the stream listener). */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    if (this.buffered > HIGH_WATER) this.source?.pause();
    this.notify();
  }

  /** No more bytes will come. */
  end(): void {
    this.ended = true;
    this.notify();
  }

  private notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private start(): void {
    if (this.started || this.source === null) return;
    this.started = true;
    this.source.on("data", (c: Buffer | string) => this.push(typeof c === "string" ? Buffer.from(c) : c));
    this.source.on("end", () => this.end());
    this.source.resume();
  }

  /** Resolves when more bytes arrived or the input ended. */
  private more(): Promise<void> {
    this.start();
    return new Promise((resolve) => (this.wake = resolve));
  }

  /** Takes `n` bytes from the front (n <= buffered). */
  private take(n: number): Uint8Array {
    if (n === 0) return EMPTY;
    const first = this.chunks[0];
    let out: Uint8Array;
    if (first.length - this.offset >= n) {
      out = first.subarray(this.offset, this.offset + n);
      this.offset += n;
      if (this.offset === first.length) {
        this.chunks.shift();
        this.offset = 0;
      }
    } else {
      out = new Uint8Array(n);
      let filled = 0;
      while (filled < n) {
        const c = this.chunks[0];
        const k = Math.min(n - filled, c.length - this.offset);
        out.set(c.subarray(this.offset, this.offset + k), filled);
        filled += k;
        this.offset += k;
        if (this.offset === c.length) {
          this.chunks.shift();
          this.offset = 0;
        }
      }
    }
    this.buffered -= n;
    if (this.buffered <= HIGH_WATER / 4 && this.started && this.source !== null && !this.ended) this.source.resume();
    return out;
  }

  /** Byte index (from the read position) just past the first newline at or after `from`, or -1. */
  private newlineAfter(from: number): number {
    let base = 0;
    for (let i = 0; i < this.chunks.length; i++) {
      const c = this.chunks[i];
      const start = i === 0 ? this.offset : 0;
      const len = c.length - start;
      if (from < base + len) {
        const at = c.indexOf(10, start + Math.max(0, from - base));
        if (at >= 0) return base + (at - start) + 1;
      }
      base += len;
    }
    return -1;
  }

  /** The next line with its newline (the last line may have none), or null at the end. */
  async line(): Promise<Uint8Array | null> {
    let scanned = 0;
    for (;;) {
      const at = this.newlineAfter(scanned);
      if (at >= 0) return this.take(at);
      scanned = this.buffered;
      if (this.ended) return this.buffered > 0 ? this.take(this.buffered) : null;
      await this.more();
    }
  }

  /** The next `count` characters (UTF-8; an invalid byte counts as one), or null at the end. */
  async chars(count: number): Promise<Uint8Array | null> {
    for (;;) {
      if (count === 0 && this.buffered > 0) return EMPTY;
      const n = this.charBytes(count);
      if (n >= 0) return this.take(n);
      if (this.ended) return this.buffered > 0 ? this.take(this.buffered) : null;
      await this.more();
    }
  }

  /** Bytes holding the first `count` characters, or -1 when fewer are buffered. */
  private charBytes(count: number): number {
    let bytes = 0;
    let chars = 0;
    const at = (k: number): number => {
      let i = k;
      for (let c = 0; c < this.chunks.length; c++) {
        const chunk = this.chunks[c];
        const start = c === 0 ? this.offset : 0;
        if (i < chunk.length - start) return chunk[start + i];
        i -= chunk.length - start;
      }
      return -1;
    };
    while (chars < count) {
      const b = at(bytes);
      if (b < 0) return -1;
      const len = b < 0x80 ? 1 : b >= 0xf0 && b < 0xf8 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 ? 2 : 1;
      let ok = true;
      for (let k = 1; k < len; k++) {
        const c = at(bytes + k);
        if (c < 0) return this.ended ? bytes + k : -1;
        if ((c & 0xc0) !== 0x80) ok = false;
      }
      bytes += ok ? len : 1;
      chars++;
    }
    return bytes;
  }

  /** Everything until the end of input, or null when nothing is left. */
  async all(): Promise<Uint8Array | null> {
    while (!this.ended) await this.more();
    return this.buffered > 0 ? this.take(this.buffered) : null;
  }
}

/**
 * Index of the first byte of `bytes` that does not start a valid UTF-8 sequence, or -1
 * when all of it is valid; `incomplete` says whether that sequence is only cut short by
 * the end of the bytes (UnicodeConversionError's "incomplete encoding").
 */
export function invalidUtf8(bytes: Uint8Array): { at: number; incomplete: boolean } | null {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let len: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) (len = 2), (min = 0x80);
    else if (b >= 0xe0 && b <= 0xef) (len = 3), (min = 0x800);
    else if (b >= 0xf0 && b <= 0xf4) (len = 4), (min = 0x10000);
    else return { at: i, incomplete: false };
    let cp = b & (0xff >> (len + 1));
    for (let k = 1; k < len; k++) {
      if (i + k >= n) return { at: i, incomplete: true };
      const c = bytes[i + k];
      if ((c & 0xc0) !== 0x80) return { at: i, incomplete: false };
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return { at: i, incomplete: false };
    i += len;
  }
  return null;
}

const utf8 = new TextDecoder("utf-8");

/** Bytes read from standard input as a term: a string when valid UTF-8, else the raw binary. */
export function bytesTerm(bytes: Uint8Array): Term {
  return invalidUtf8(bytes) === null ? utf8.decode(bytes) : binFromBytes(bytes);
}

/**
 * Bytes as a latin1 request gets them (IO.binread): characters 0..255 become bytes;
 * a larger character cannot be translated.
 */
function latin1Term(bytes: Uint8Array): Term {
  if (invalidUtf8(bytes) !== null) return binFromBytes(bytes);
  const text = utf8.decode(bytes);
  const out = new Uint8Array(text.length);
  let n = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp > 255) return [a("error"), [a("no_translation"), a("unicode"), a("latin1")]];
    out[n++] = cp;
  }
  return binFromBytes(out.subarray(0, n));
}

/** A reply to a read of text typed at the terminal. */
export function textReply(text: string, latin1: boolean): Term {
  return latin1 ? latin1Term(Buffer.from(text, "utf8")) : text;
}

/**
 * The standard-input device over a queue (piped shell and scripts): prompts go to `write`,
 * replies are read from the queue.
 */
export function queueDevice(queue: InputQueue, write: (s: string) => void): StdinDevice {
  // Requests are served one at a time, in the order they were made.
  let chain: Promise<unknown> = Promise.resolve();
  return {
    read(req: StdinRequest, done: (reply: Term) => void): void {
      chain = chain.then(async () => {
        if (req.prompt !== "") write(req.prompt);
        const bytes = await readFor(queue, req);
        done(bytes === null ? EOF : req.latin1 ? latin1Term(bytes) : bytesTerm(bytes));
      });
    },
  };
}

async function readFor(queue: InputQueue, req: StdinRequest): Promise<Uint8Array | null> {
  if (req.what === "line") return queue.line();
  if (req.what === "eof") return queue.all();
  return queue.chars(req.what);
}
