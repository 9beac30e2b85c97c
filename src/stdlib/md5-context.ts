// erlang:md5_init/0, md5_update/2 and md5_final/1: MD5 computed a piece at a time, its
// running state kept in a binary laid out as the emulator's MD5_CTX (RFC 1321's reference
// structure): four state words, the count of bits hashed as two words (low, high), then
// the 64-byte block being filled, all little-endian: 88 bytes. (The emulator leaves the
// block's unused bytes as they were in memory; here they are zero.)

export const MD5_CONTEXT_SIZE = 88;

const S = [7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
  4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21];
const K = Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) >>> 0);

function transform(state: Uint32Array, block: Uint8Array, at: number): void {
  const x = new Uint32Array(16);
  for (let i = 0; i < 16; i++) {
    const j = at + i * 4;
    x[i] = (block[j] | (block[j + 1] << 8) | (block[j + 2] << 16) | (block[j + 3] << 24)) >>> 0;
  }
  let [a, b, c, d] = state;
  for (let i = 0; i < 64; i++) {
    let f: number, g: number;
    if (i < 16) (f = (b & c) | (~b & d)), (g = i);
    else if (i < 32) (f = (d & b) | (~d & c)), (g = (5 * i + 1) % 16);
    else if (i < 48) (f = b ^ c ^ d), (g = (3 * i + 5) % 16);
    else (f = c ^ (b | ~d)), (g = (7 * i) % 16);
    const t = d;
    d = c;
    c = b;
    const sum = (a + f + K[i] + x[g]) >>> 0;
    b = (b + ((sum << S[i]) | (sum >>> (32 - S[i])))) >>> 0;
    a = t;
  }
  state[0] = (state[0] + a) >>> 0;
  state[1] = (state[1] + b) >>> 0;
  state[2] = (state[2] + c) >>> 0;
  state[3] = (state[3] + d) >>> 0;
}

export function md5Init(): Uint8Array {
  const ctx = new Uint8Array(MD5_CONTEXT_SIZE);
  const v = new DataView(ctx.buffer);
  [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476].forEach((w, i) => v.setUint32(i * 4, w, true));
  return ctx;
}

/** A new context: `ctx` (88 bytes) with `data` hashed on. */
export function md5Update(ctx: Uint8Array, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(ctx);
  const v = new DataView(out.buffer);
  const state = new Uint32Array(4);
  for (let i = 0; i < 4; i++) state[i] = v.getUint32(i * 4, true);
  const low = v.getUint32(16, true);
  const high = v.getUint32(20, true);
  let fill = (low >>> 3) & 63;
  // The bit count, modulo 2^64.
  const bits = BigInt(high) * 2n ** 32n + BigInt(low) + BigInt(data.length) * 8n;
  v.setUint32(16, Number(bits & 0xffffffffn), true);
  v.setUint32(20, Number((bits >> 32n) & 0xffffffffn), true);
  const block = out.subarray(24, 88);
  let i = 0;
  if (fill > 0) {
    const take = Math.min(64 - fill, data.length);
    block.set(data.subarray(0, take), fill);
    i = take;
    fill += take;
    if (fill < 64) {
      for (let k = 0; k < 4; k++) v.setUint32(k * 4, state[k], true);
      return out;
    }
    transform(state, block, 0);
  }
  for (; i + 64 <= data.length; i += 64) transform(state, data, i);
  block.set(data.subarray(i), 0);
  for (let k = 0; k < 4; k++) v.setUint32(k * 4, state[k], true);
  return out;
}

/** The 16-byte digest of what `ctx` has hashed. */
export function md5Final(ctx: Uint8Array): Uint8Array {
  const v = new DataView(ctx.buffer, ctx.byteOffset, ctx.byteLength);
  const low = v.getUint32(16, true);
  const high = v.getUint32(20, true);
  const fill = (low >>> 3) & 63;
  const pad = new Uint8Array((fill < 56 ? 56 : 120) - fill + 8);
  pad[0] = 0x80;
  const pv = new DataView(pad.buffer);
  pv.setUint32(pad.length - 8, low, true);
  pv.setUint32(pad.length - 4, high, true);
  const done = md5Update(ctx, pad);
  return done.slice(0, 16);
}
