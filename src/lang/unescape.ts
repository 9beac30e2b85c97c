// String unescaping (elixir_interpolation:unescape_chars/3) and the conversion of the
// resulting bytes to JS strings. Elixir strings are UTF-8 binaries; a binary that is not
// valid UTF-8 (e.g. "\xFF") is decoded with each invalid byte mapped to the lone
// surrogate U+DC00+byte ("surrogateescape"), which `stringToBytes` reverses.

/** Thrown for an invalid escape; the lexer turns it into a ParseError. */
export class UnescapeFailure extends Error {
  constructor(message: string, readonly token: string) {
    super(message);
  }
}

const MAP: Record<string, number> = { "0": 0, a: 7, b: 8, d: 127, e: 27, f: 12, n: 10, r: 13, s: 32, t: 9, v: 11 };
const HEX = /^[0-9a-fA-F]$/;
const encoder = new TextEncoder();

/**
 * What elixir_interpolation writes to standard error (no location: it prints it at once) for
 * the deprecated hex escapes, `\xH` and `\x{H*}`, each time it unescapes one.
 */
export const HEX_ESCAPE_DEPRECATED = {
  single: "\\xH inside strings/sigils/chars is deprecated, please use \\xHH (byte) or \\uHHHH (code point) instead",
  braced: "\\x{H*} inside strings/sigils/chars is deprecated, please use \\xHH (byte) or \\uHHHH (code point) instead",
};

/**
 * Unescapes the raw text of a string part (backslash sequences) into a JS string; `warn`
 * is told of each deprecated escape (HEX_ESCAPE_DEPRECATED) as it is met.
 */
export function unescapeString(raw: string, warn?: (message: string) => void): string {
  if (!raw.includes("\\")) return raw;
  const bytes: number[] = [];
  const cps = Array.from(raw);
  for (let i = 0; i < cps.length; ) i = unescapeAt(cps, i, bytes, warn);
  return bytesToString(Uint8Array.from(bytes));
}

function unescapeAt(cps: string[], i: number, out: number[], warn?: (message: string) => void): number {
  const ch = cps[i];
  if (ch !== "\\" || i + 1 >= cps.length) {
    pushUtf8(out, ch);
    return i + 1;
  }
  const next = cps[i + 1];
  if (next === "x") return unescapeHex(cps, i + 2, out, warn);
  if (next === "u") return unescapeUnicode(cps, i + 2, out);
  if (next === "\n") return i + 2;
  if (next === "\r" && cps[i + 2] === "\n") return i + 3;
  const mapped = MAP[next];
  if (mapped !== undefined) out.push(mapped);
  else pushUtf8(out, next);
  return i + 2;
}

function pushUtf8(out: number[], ch: string): void {
  const cp = ch.codePointAt(0)!;
  if (cp < 0x80) out.push(cp);
  else if (cp >= 0xdc80 && cp <= 0xdcff) out.push(cp - 0xdc00);
  else out.push(...encoder.encode(ch));
}

function unescapeHex(cps: string[], i: number, out: number[], warn?: (message: string) => void): number {
  if (HEX.test(cps[i] ?? "") && HEX.test(cps[i + 1] ?? "")) {
    out.push(parseInt(cps[i] + cps[i + 1], 16));
    return i + 2;
  }
  if (HEX.test(cps[i] ?? "")) {
    warn?.(HEX_ESCAPE_DEPRECATED.single);
    return appendCodepoint(cps[i], i + 1, out);
  }
  const braced = bracedHex(cps, i, 6);
  if (braced) {
    warn?.(HEX_ESCAPE_DEPRECATED.braced);
    return appendCodepoint(braced.digits, braced.next, out);
  }
  throw new UnescapeFailure("invalid hex escape character, expected \\xHH where H is a hexadecimal digit", "\\x");
}

function unescapeUnicode(cps: string[], i: number, out: number[]): number {
  const four = cps.slice(i, i + 4);
  if (four.length === 4 && four.every((c) => HEX.test(c))) return appendCodepoint(four.join(""), i + 4, out);
  const braced = bracedHex(cps, i, 6);
  if (braced) return appendCodepoint(braced.digits, braced.next, out);
  throw new UnescapeFailure("invalid Unicode escape character, expected \\uHHHH or \\u{H*} where H is a hexadecimal digit", "\\u");
}

function bracedHex(cps: string[], i: number, max: number): { digits: string; next: number } | null {
  if (cps[i] !== "{") return null;
  let j = i + 1;
  while (j < cps.length && HEX.test(cps[j]) && j - i - 1 < max) j++;
  if (cps[j] !== "}" || j === i + 1) return null;
  return { digits: cps.slice(i + 1, j).join(""), next: j + 1 };
}

function appendCodepoint(digits: string, next: number, out: number[]): number {
  const cp = parseInt(digits, 16);
  if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
    throw new UnescapeFailure(`invalid or reserved Unicode code point \\u{${digits}}`, "\\u");
  }
  out.push(...encoder.encode(String.fromCodePoint(cp)));
  return next;
}

/** Decodes UTF-8, mapping invalid bytes to U+DC00+byte. */
export function bytesToString(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return decodeLossless(bytes);
  }
}

function decodeLossless(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; ) {
    const len = utf8Length(bytes, i);
    if (len === 0) {
      out += String.fromCharCode(0xdc00 + bytes[i]);
      i += 1;
    } else {
      out += new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes.subarray(i, i + len));
      i += len;
    }
  }
  return out;
}

function utf8Length(b: Uint8Array, i: number): number {
  const x = b[i];
  const len = x < 0x80 ? 1 : x >= 0xc2 && x < 0xe0 ? 2 : x >= 0xe0 && x < 0xf0 ? 3 : x >= 0xf0 && x < 0xf5 ? 4 : 0;
  if (len === 0 || i + len > b.length) return 0;
  for (let k = 1; k < len; k++) if ((b[i + k] & 0xc0) !== 0x80) return 0;
  try {
    new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(b.subarray(i, i + len));
    return len;
  } catch {
    return 0;
  }
}

/** The bytes of a string produced by this module (reverses the surrogate escape). */
export function stringToBytes(s: string): Uint8Array {
  const out: number[] = [];
  for (const ch of s) pushUtf8(out, ch);
  return Uint8Array.from(out);
}

/** Code points of a charlist literal's text, as bigints (the quoted form of 'abc'). */
export function charlistCodes(s: string): bigint[] {
  return Array.from(s, (ch) => BigInt(ch.codePointAt(0)!));
}

const REGEX_MAP: Record<string, string> = { f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", a: "\x07" };

/**
 * The text of a `~r` sigil's literal part as Kernel.sigil_r unescapes it (with
 * Regex.unescape_map/1): `\f \n \r \t \v \a` become their characters and a backslash before
 * a newline goes with it; every other escape (`\d`, `\x41`, `\\`) stays for the regex engine.
 */
export function unescapeRegex(raw: string): string {
  if (!raw.includes("\\")) return raw;
  let out = "";
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch !== "\\" || i + 1 >= raw.length) {
      out += ch;
      continue;
    }
    const next = raw[i + 1];
    if (next === "\n") i++;
    else if (next === "\r" && raw[i + 2] === "\n") i += 2;
    else if (REGEX_MAP[next] !== undefined) {
      out += REGEX_MAP[next];
      i++;
    } else {
      out += ch + next;
      i++;
    }
  }
  return out;
}
