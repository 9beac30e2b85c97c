// Test helper: decodes Erlang's external term format (term_to_binary output) into beamsh
// terms, so test cases can be generated from real Elixir values.
import { MapTerm } from "../../src/runtime/map.js";
import { Bin, Cons, Float, NIL, Pid, Ref, Term, atom, binFromBytes, int } from "../../src/runtime/term.js";

class Reader {
  pos = 0;
  constructor(readonly b: Uint8Array) {}
  u8(): number {
    return this.b[this.pos++];
  }
  u16(): number {
    return (this.u8() << 8) | this.u8();
  }
  u32(): number {
    return ((this.u16() << 16) >>> 0) + this.u16();
  }
  i32(): number {
    return this.u32() | 0;
  }
  bytes(n: number): Uint8Array {
    const out = this.b.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  text(n: number): string {
    return new TextDecoder().decode(this.bytes(n));
  }
}

export function decodeEtf(base64: string): Term {
  const r = new Reader(new Uint8Array(Buffer.from(base64, "base64")));
  if (r.u8() !== 131) throw new Error("not ETF");
  return term(r);
}

function big(r: Reader, n: number): Term {
  const sign = r.u8();
  let v = 0n;
  const digits = r.bytes(n);
  for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(digits[i]);
  return int(sign ? -v : v);
}

function term(r: Reader): Term {
  const tag = r.u8();
  switch (tag) {
    case 97: return r.u8();
    case 98: return r.i32();
    case 70: return new Float(Buffer.from(r.bytes(8)).readDoubleBE(0));
    case 118: case 100: return atom(r.text(r.u16()));
    case 119: case 115: return atom(r.text(r.u8()));
    case 104: return tupleOf(r, r.u8());
    case 105: return tupleOf(r, r.u32());
    case 106: return NIL;
    case 107: {
      const bytes = r.bytes(r.u16());
      let l: Term = NIL;
      for (let i = bytes.length - 1; i >= 0; i--) l = new Cons(bytes[i], l);
      return l;
    }
    case 108: return listOf(r, r.u32());
    case 109: return binary(r.bytes(r.u32()));
    case 77: {
      const len = r.u32();
      const bits = r.u8();
      const bytes = r.bytes(len);
      return bits === 8 ? binary(bytes) : new Bin(bytes, bits);
    }
    case 110: return big(r, r.u8());
    case 111: return big(r, r.u32());
    case 116: {
      const n = r.u32();
      const pairs: [Term, Term][] = [];
      for (let i = 0; i < n; i++) pairs.push([term(r), term(r)]);
      return MapTerm.fromPairs(pairs);
    }
    case 88: {
      term(r);
      const id = r.u32();
      const serial = r.u32();
      r.u32();
      return new Pid(id, serial);
    }
    case 90: {
      const n = r.u16();
      term(r);
      r.u32();
      const ids: number[] = [];
      for (let i = 0; i < n; i++) ids.push(r.u32());
      // Local to the node that wrote it: an internal reference with the words it printed.
      return new Ref(ids[0], null, 0, ids);
    }
  }
  throw new Error("unsupported ETF tag " + tag);
}

// term.ts's binFromBytes drops a leading U+FEFF (TextDecoder strips the BOM), so decode here.
const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
function binary(bytes: Uint8Array): Term {
  try {
    return strict.decode(bytes);
  } catch {
    return binFromBytes(bytes);
  }
}

function tupleOf(r: Reader, n: number): Term[] {
  const out: Term[] = [];
  for (let i = 0; i < n; i++) out.push(term(r));
  return out;
}

function listOf(r: Reader, n: number): Term {
  const items: Term[] = [];
  for (let i = 0; i < n; i++) items.push(term(r));
  let l = term(r);
  for (let i = n - 1; i >= 0; i--) l = new Cons(items[i], l);
  return l;
}
