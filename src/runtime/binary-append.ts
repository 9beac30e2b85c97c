// Appending to a binary in amortised O(1), as the BEAM's writable binaries do. A binary made
// by an append shares an over-allocated buffer with the binary it was appended to and knows
// its own length; the buffer knows how many bytes are in use. Appending to the binary that
// ends where the buffer's used part ends writes in place (growing the buffer by doubling);
// appending to an older one (the buffer has moved on) copies into a new buffer, as BEAM does.
//
// Binaries that are valid UTF-8 are JS strings (term.ts), whose `+` is already cheap; a
// buffer exists only for binaries that are not. It remembers how far its bytes are valid
// UTF-8 (and that prefix as a string), so an append that completes a cut-off character turns
// the binary back into a string without decoding it all again.
import { Bin } from "./term.js";
import { BROKEN, VALID, decode, scanEnd, scanUtf8 } from "./utf8.js";

export class BinBuffer {
  constructor(
    /** The storage; bytes past `used` are free. */
    public bytes: Uint8Array,
    /** Bytes in use: the binary of this length may append in place. */
    public used: number,
    /** bytes[0, valid) are UTF-8 ending on a character boundary. */
    public valid: number,
    /** bytes[0, valid) as a string (unused once `broken`). */
    public text: string,
    /** bytes from `valid` on can never become UTF-8, whatever is appended. */
    public broken: boolean,
  ) {}
}

const encoder = new TextEncoder();

/** A new buffer holding `head` (with room to grow) and its UTF-8 state. */
function bufferOf(head: Uint8Array, extra: number, text: string | null): BinBuffer {
  const bytes = new Uint8Array(Math.max(64, (head.length + extra) * 2));
  bytes.set(head);
  if (text !== null) return new BinBuffer(bytes, head.length, head.length, text, false);
  const status = scanUtf8(bytes, 0, head.length);
  const valid = scanEnd();
  return new BinBuffer(bytes, head.length, valid, status === BROKEN ? "" : decode(bytes, 0, valid), status === BROKEN);
}

/** `x <> add` where `x` is a binary (not a bitstring) and `add` whole bytes. */
export function appendBytes(x: string | Bin, add: Uint8Array): string | Bin {
  if (add.length === 0) return x;
  let buf: BinBuffer;
  if (typeof x === "string") {
    if (scanUtf8(add, 0, add.length) === VALID) return x + decode(add, 0, add.length);
    buf = bufferOf(encoder.encode(x), add.length, x);
  } else {
    const b = x.buf;
    buf = b !== null && b.used === x.size ? b : bufferOf(x.bytes, add.length, null);
  }
  const start = buf.used;
  const end = start + add.length;
  if (end > buf.bytes.length) {
    const bigger = new Uint8Array(Math.max(end, buf.bytes.length * 2));
    bigger.set(buf.bytes.subarray(0, start));
    buf.bytes = bigger;
  }
  if (add.length <= 8) for (let i = 0; i < add.length; i++) buf.bytes[start + i] = add[i];
  else buf.bytes.set(add, start);
  if (!buf.broken) {
    const status = scanUtf8(buf.bytes, buf.valid, end);
    if (status === VALID) return buf.text + decode(buf.bytes, buf.valid, end); // the buffer stays at `start`
    const valid = scanEnd();
    if (valid > buf.valid) buf.text += decode(buf.bytes, buf.valid, valid);
    buf.valid = valid;
    if (status === BROKEN) {
      buf.broken = true;
      buf.text = "";
    }
  }
  buf.used = end;
  return new Bin(null, 0, buf, end);
}

/** A scratch array for appendByte's general case (appendBytes keeps nothing of what it is given). */
const ONE = new Uint8Array(1);

/**
 * `x <> <<byte>>` where `x` is a binary (not a bitstring): appendBytes without making an
 * array of the one byte. The usual case of a loop building a binary byte by byte (the
 * binary ends where its buffer's used part ends, and the buffer can no longer become UTF-8)
 * writes the byte and allocates nothing but the new binary.
 */
export function appendByte(x: string | Bin, byte: number): string | Bin {
  if (typeof x === "string") {
    if (byte < 0x80) return x + String.fromCharCode(byte);
  } else {
    const b = x.buf;
    const size = x.size;
    if (b !== null && b.broken && b.used === size && size < b.bytes.length) {
      b.bytes[size] = byte;
      b.used = size + 1;
      return new Bin(null, 0, b, size + 1);
    }
  }
  ONE[0] = byte;
  return appendBytes(x, ONE);
}
