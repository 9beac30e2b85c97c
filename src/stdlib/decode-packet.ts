// erlang:decode_packet/3 for the packet types that frame bytes (raw/0, 1, 2, 4, line, asn1,
// sunrm, cdr, fcgi, tpkt): {:ok, packet, rest} when the binary holds a whole packet,
// {:more, length | :undefined} when it does not yet ({:more, n} once the header tells the
// packet's whole length), {:error, :invalid} past packet_size. A 1/2/4 packet is given
// without its length header, a line with its delimiter; the others whole, header included.
// The HTTP types (http, httph, http_bin, httph_bin) are not among them.
import type { NativeFn } from "../runtime/code.js";
import { Atom, Bin, Cons, NIL, Term, a, binBytes, binFromBytes, isBinary, isInteger } from "../runtime/term.js";
import { bifError } from "./process.js";

const OK = a("ok");
const MORE = a("more");
const UNDEFINED = a("undefined");
const TYPES = new Set(["raw", "line", "asn1", "sunrm", "cdr", "fcgi", "tpkt"]);

interface Options {
  packetSize: number;
  lineLength: number;
  delimiter: number;
}

/** The options, or null when one is not valid. */
function options(t: Term): Options | null {
  const o: Options = { packetSize: 0, lineLength: 0, delimiter: 10 };
  let l = t;
  for (; l instanceof Cons; l = l.t) {
    const x = l.h;
    if (!Array.isArray(x) || x.length !== 2 || !(x[0] instanceof Atom) || !isInteger(x[1]) || typeof x[1] !== "number" || x[1] < 0) return null;
    const v = x[1];
    if (x[0].name === "packet_size") o.packetSize = v;
    else if (x[0].name === "line_length") o.lineLength = v;
    else if (x[0].name === "line_delimiter" && v <= 255) o.delimiter = v;
    else return null;
  }
  return l === NIL ? o : null;
}

const more = (n: number | null): Term => [MORE, n === null ? UNDEFINED : n];
const invalid = (): Term => [a("error"), a("invalid")];

/** The packet `total` bytes long (of which `skip` are a header left out) when all of it is there. */
function framed(b: Uint8Array, skip: number, total: number, o: Options): Term {
  if (o.packetSize > 0 && total - skip > o.packetSize) return invalid();
  if (b.length < total) return more(total);
  return [OK, binFromBytes(b.slice(skip, total)), binFromBytes(b.slice(total))];
}

/** An ASN.1 BER element's header length and content length, or null when not all there (or "bad"). */
function berLength(b: Uint8Array): [number, number] | null | "bad" {
  let i = 1;
  if (b.length < 1) return null;
  if ((b[0] & 0x1f) === 0x1f) {
    // a tag in several bytes, the last without its high bit
    for (;;) {
      if (i >= b.length) return null;
      if ((b[i++] & 0x80) === 0) break;
    }
  }
  if (i >= b.length) return null;
  const first = b[i++];
  if ((first & 0x80) === 0) return [i, first];
  const n = first & 0x7f;
  if (n === 0) return "bad";
  if (i + n > b.length) return null;
  let len = 0;
  for (let k = 0; k < n; k++) len = len * 256 + b[i + k];
  return [i + n, len];
}

function decode(type: Term, b: Uint8Array, o: Options): Term {
  const name = type instanceof Atom ? type.name : type;
  switch (name) {
    case "raw":
    case 0:
      if (b.length === 0) return more(null);
      return [OK, binFromBytes(b), binFromBytes(new Uint8Array(0))];
    case 1:
    case 2:
    case 4: {
      const h = name as number;
      if (b.length < h) return more(null);
      let len = 0;
      for (let k = 0; k < h; k++) len = len * 256 + b[k];
      return framed(b, h, h + len, o);
    }
    case "line": {
      const limit = o.lineLength > 0 ? o.lineLength : Infinity;
      const at = b.indexOf(o.delimiter);
      if (at >= 0 && at + 1 <= limit) {
        if (o.packetSize > 0 && at + 1 > o.packetSize) return invalid();
        return [OK, binFromBytes(b.slice(0, at + 1)), binFromBytes(b.slice(at + 1))];
      }
      if (b.length >= limit) {
        if (o.packetSize > 0 && limit > o.packetSize) return invalid();
        return [OK, binFromBytes(b.slice(0, limit)), binFromBytes(b.slice(limit))];
      }
      if (o.packetSize > 0 && b.length > o.packetSize) return invalid();
      return more(null);
    }
    case "asn1": {
      const r = berLength(b);
      if (r === "bad") return invalid();
      if (r === null) return more(null);
      return framed(b, 0, r[0] + r[1], o);
    }
    case "sunrm": {
      if (b.length < 4) return more(null);
      const len = ((b[0] & 0x7f) * 0x1000000) + (b[1] << 16) + (b[2] << 8) + b[3];
      return framed(b, 0, 4 + len, o);
    }
    case "tpkt": {
      if (b.length < 4) return more(null);
      if (b[0] !== 3) return invalid();
      const total = (b[2] << 8) | b[3];
      if (total < 4) return invalid();
      return framed(b, 0, total, o);
    }
    case "fcgi": {
      if (b.length < 8) return more(null);
      if (b[0] !== 1) return invalid();
      // (the record's padding is skipped: neither in the packet nor in the rest)
      const body = 8 + ((b[4] << 8) | b[5]);
      const total = body + b[6];
      if (o.packetSize > 0 && total > o.packetSize) return invalid();
      if (b.length < total) return more(total);
      return [OK, binFromBytes(b.slice(0, body)), binFromBytes(b.slice(total))];
    }
    case "cdr": {
      if (b.length < 12) return more(null);
      if (b[0] !== 0x47 || b[1] !== 0x49 || b[2] !== 0x4f || b[3] !== 0x50) return invalid();
      const little = (b[6] & 1) === 1;
      const size = little ? b[8] + (b[9] << 8) + (b[10] << 16) + b[11] * 0x1000000 : b[8] * 0x1000000 + (b[9] << 16) + (b[10] << 8) + b[11];
      return framed(b, 0, 12 + size, o);
    }
  }
  throw new Error("unreachable");
}

const validType = (t: Term): boolean => t === 0 || t === 1 || t === 2 || t === 4 || (t instanceof Atom && TYPES.has(t.name));

export const decodePacketNatives: Record<string, NativeFn> = {
  "decode_packet/3": ([type, bin, opts]) => {
    const o = options(opts);
    const problems: [number, string][] = [];
    // (an unknown type is reported with the options as well, as erl_stdlib_errors does)
    if (!validType(type)) problems.push([1, "invalid packet type"]);
    if (!isBinary(bin)) problems.push([2, "not a binary"]);
    if (o === null || !validType(type)) problems.push([3, "invalid option in list"]);
    if (problems.length > 0) throw bifError("decode_packet", [type, bin, opts], problems);
    return decode(type, binBytes(bin as string | Bin), o!);
  },
};
