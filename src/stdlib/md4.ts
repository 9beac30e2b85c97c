// MD4 (RFC 1320) for :crypto.hash(:md4, ...): OpenSSL 3, under Node, keeps it in the legacy
// provider, which Node does not load. The same update/copy/digest shape as Node's Hash.
const F = (x: number, y: number, z: number) => (x & y) | (~x & z);
const G = (x: number, y: number, z: number) => (x & y) | (x & z) | (y & z);
const H = (x: number, y: number, z: number) => x ^ y ^ z;
const rotl = (x: number, n: number) => (x << n) | (x >>> (32 - n));

export class Md4 {
  private state = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];
  private buffer = new Uint8Array(64);
  private buffered = 0;
  private length = 0;

  update(data: Uint8Array): this {
    this.length += data.length;
    for (const byte of data) {
      this.buffer[this.buffered++] = byte;
      if (this.buffered === 64) {
        this.block(this.buffer);
        this.buffered = 0;
      }
    }
    return this;
  }

  copy(): Md4 {
    const c = new Md4();
    c.state = [...this.state];
    c.buffer = this.buffer.slice();
    c.buffered = this.buffered;
    c.length = this.length;
    return c;
  }

  digest(): Buffer {
    const bits = this.length * 8;
    const pad = new Uint8Array(((this.buffered < 56 ? 56 : 120) - this.buffered) + 8);
    pad[0] = 0x80;
    const view = new DataView(pad.buffer);
    view.setUint32(pad.length - 8, bits >>> 0, true);
    view.setUint32(pad.length - 4, Math.floor(bits / 2 ** 32), true);
    this.update(pad);
    const out = Buffer.alloc(16);
    this.state.forEach((w, i) => out.writeUInt32LE(w >>> 0, i * 4));
    return out;
  }

  private block(b: Uint8Array): void {
    const x = new Array<number>(16);
    for (let i = 0; i < 16; i++) x[i] = b[i * 4] | (b[i * 4 + 1] << 8) | (b[i * 4 + 2] << 16) | (b[i * 4 + 3] << 24);
    let [a, bb, c, d] = this.state;
    const r1 = [3, 7, 11, 19];
    for (let i = 0; i < 16; i++) {
      const t = rotl((a + F(bb, c, d) + x[i]) | 0, r1[i % 4]);
      [a, bb, c, d] = [d, t, bb, c];
    }
    const r2 = [3, 5, 9, 13];
    const o2 = [0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15];
    for (let i = 0; i < 16; i++) {
      const t = rotl((a + G(bb, c, d) + x[o2[i]] + 0x5a827999) | 0, r2[i % 4]);
      [a, bb, c, d] = [d, t, bb, c];
    }
    const r3 = [3, 9, 11, 15];
    const o3 = [0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15];
    for (let i = 0; i < 16; i++) {
      const t = rotl((a + H(bb, c, d) + x[o3[i]] + 0x6ed9eba1) | 0, r3[i % 4]);
      [a, bb, c, d] = [d, t, bb, c];
    }
    this.state = [(this.state[0] + a) | 0, (this.state[1] + bb) | 0, (this.state[2] + c) | 0, (this.state[3] + d) | 0];
  }
}

/** HMAC (RFC 2104) over MD4. */
export function hmacMd4(key: Uint8Array, text: Uint8Array): Buffer {
  let k = key.length > 64 ? new Uint8Array(new Md4().update(key).digest()) : key;
  const padded = new Uint8Array(64);
  padded.set(k);
  k = padded;
  const inner = new Md4().update(k.map((v) => v ^ 0x36)).update(text).digest();
  return new Md4().update(k.map((v) => v ^ 0x5c)).update(inner).digest();
}
