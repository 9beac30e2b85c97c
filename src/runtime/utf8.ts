// UTF-8 validity, checked without exceptions (TextDecoder's fatal mode throws, which is slow
// on the hot path of building binaries byte by byte).

export const VALID = 0;
export const INCOMPLETE = 1;
export const BROKEN = 2;

let end = 0;

/** Where the last scanUtf8 found the valid characters to end. */
export function scanEnd(): number {
  return end;
}

/** Whether bytes[from, to) are UTF-8 as the BEAM and TextDecoder see it (no overlong forms, surrogates or code points past 10FFFF): VALID, INCOMPLETE (valid but a character is cut off at `to`) or BROKEN (no continuation can make it valid); scanEnd() then says where the valid characters end. */
export function scanUtf8(b: Uint8Array, from: number, to: number): number {
  let i = from;
  while (i < to) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      if (c === 0xe0) lo = 0xa0;
      else if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      if (c === 0xf0) lo = 0x90;
      else if (c === 0xf4) hi = 0x8f;
    } else {
      end = i;
      return BROKEN;
    }
    for (let k = 1; k <= n; k++) {
      if (i + k >= to) {
        end = i;
        return INCOMPLETE;
      }
      const d = b[i + k];
      if (d < (k === 1 ? lo : 0x80) || d > (k === 1 ? hi : 0xbf)) {
        end = i;
        return BROKEN;
      }
    }
    i += n + 1;
  }
  end = to;
  return VALID;
}

const decoder = new TextDecoder("utf-8", { ignoreBOM: true });

/** bytes[from, to), known to be UTF-8, as a string. */
export function decode(b: Uint8Array, from: number, to: number): string {
  const n = to - from;
  if (n <= 16) {
    let s = "";
    for (let i = from; i < to; i++) {
      const c = b[i];
      if (c >= 0x80) return decoder.decode(b.subarray(from, to));
      s += String.fromCharCode(c);
    }
    return s;
  }
  return decoder.decode(b.subarray(from, to));
}
