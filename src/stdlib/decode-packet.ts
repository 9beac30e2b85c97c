// erlang:decode_packet/3 for the packet types that frame bytes (raw/0, 1, 2, 4, line, asn1,
// sunrm, cdr, fcgi, tpkt): {:ok, packet, rest} when the binary holds a whole packet,
// {:more, length | :undefined} when it does not yet ({:more, n} once the header tells the
// packet's whole length), {:error, :invalid} past packet_size. A 1/2/4 packet is given
// without its length header, a line with its delimiter; the others whole, header included.
// The HTTP types (http, httph and their _bin forms) take one line (a header with its
// continuation lines) and parse it as the BEAM's packet parser does: a request or status
// line (http), a header or the end of the headers (httph), {http_error, line} when the line
// is neither; strings are charlists, or binaries for the _bin types. ssl_tls frames a TLS
// record (or an SSLv2 client hello) as {ssl_tls, [], type, {major, minor}, data}.
import type { NativeFn } from "../runtime/code.js";
import { Atom, Bin, Cons, NIL, Term, a, binBytes, binFromBytes, isBinary, isInteger, list } from "../runtime/term.js";
import { bifError } from "./process.js";

const OK = a("ok");
const MORE = a("more");
const UNDEFINED = a("undefined");
const TYPES = new Set(["raw", "line", "asn1", "sunrm", "cdr", "fcgi", "tpkt", "http", "httph", "http_bin", "httph_bin", "ssl_tls"]);

interface Options {
  packetSize: number;
  lineLength: number;
  delimiter: number;
}

/** The options, or null when one is not valid. */
function options(t: Term, type: Term): Options | null {
  const o: Options = { packetSize: 0, lineLength: 0, delimiter: 10 };
  let l = t;
  for (; l instanceof Cons; l = l.t) {
    const x = l.h;
    if (!Array.isArray(x) || x.length !== 2 || !(x[0] instanceof Atom) || !isInteger(x[1]) || typeof x[1] !== "number" || x[1] < 0) return null;
    const v = x[1];
    if (x[0].name === "packet_size") o.packetSize = v;
    else if (x[0].name === "line_length") o.lineLength = v;
    else if (x[0].name === "line_delimiter" && v <= 255 && type instanceof Atom && type.name === "line") o.delimiter = v;
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
    case "http":
    case "http_bin":
    case "httph":
    case "httph_bin": {
      const header = name === "httph" || name === "httph_bin";
      const len = httpLength(b, header, o.packetSize > 0 ? o.packetSize : o.lineLength);
      if (len === "invalid") return invalid();
      if (len === null) return more(null);
      const str = name.endsWith("_bin") ? (x: Uint8Array) => binFromBytes(x) : (x: Uint8Array) => list(Array.from(x));
      const line = b.slice(0, len);
      return [OK, parseHttp(line, header, str) ?? [a("http_error"), str(line)], binFromBytes(b.slice(len))];
    }
    case "ssl_tls": {
      if (b.length < 5) return more(null);
      const v2 = (b[0] & 0x80) !== 0 && b[2] === 1;
      // (an SSLv2 length below 3 wraps around as the C unsigned does, past any limit)
      const body = v2 ? (((b[0] << 8) | b[1]) & 0x7fff) - 3 : (b[3] << 8) | b[4];
      if (body < 0 || (o.packetSize > 0 && body > o.packetSize)) return invalid();
      const total = 5 + body;
      if (b.length < total) return more(total);
      let record: Term;
      if (v2) {
        const data = new Uint8Array(total - 3 + 4);
        const n = total - 3;
        data.set([1, (n >> 16) & 255, (n >> 8) & 255, n & 255]);
        data.set(b.slice(3, total), 4);
        record = [a("ssl_tls"), NIL, 22, [b[3], b[4]], binFromBytes(data)];
      } else {
        record = [a("ssl_tls"), NIL, b[0], [b[1], b[2]], binFromBytes(b.slice(5, total))];
      }
      return [OK, record, binFromBytes(b.slice(total))];
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

// ---------------------------------------------------------------------------
// HTTP lines

/**
 * The length of the first HTTP line: through its newline, for a header also through the
 * continuation lines (those starting with a space or tab); a header's line is only whole
 * once the next line's first byte is there. Null when more is needed, "invalid" past `max`.
 */
function httpLength(b: Uint8Array, header: boolean, max: number): number | "invalid" | null {
  const n = b.length;
  if ((n === 1 && b[0] === 10) || (n === 2 && b[0] === 13 && b[1] === 10)) return n;
  let from = 0;
  for (;;) {
    const nl = b.indexOf(10, from);
    if (nl < 0) return max !== 0 && n >= max ? "invalid" : null;
    const len = nl + 1;
    if (max !== 0 && len > max) return "invalid";
    if (!header) return len;
    if (len >= n) return null;
    if ((b[len] === 32 || b[len] === 9) && len > 2) from = len;
    else return len;
  }
}

const isSp = (c: number | undefined): boolean => c === 32 || c === 9;
const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 48 && c <= 57;
/** HTTP's separators (and controls, space and non-ASCII): what ends a token. */
const SEPARATORS = new Set(Array.from('()<>@,;:\\"/[]?={} \t', (c) => c.charCodeAt(0)));
const isSpecial = (c: number): boolean => c <= 32 || c >= 128 || SEPARATORS.has(c);
const METHODS = new Set(["OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "TRACE"]);
/** The headers the parser knows, in its order: a known header's atom and its number (from 1). */
const HEADERS = [
  "Cache-Control", "Connection", "Date", "Pragma", "Transfer-Encoding", "Upgrade", "Via", "Accept", "Accept-Charset",
  "Accept-Encoding", "Accept-Language", "Authorization", "From", "Host", "If-Modified-Since", "If-Match", "If-None-Match",
  "If-Range", "If-Unmodified-Since", "Max-Forwards", "Proxy-Authorization", "Range", "Referer", "User-Agent", "Age",
  "Location", "Proxy-Authenticate", "Public", "Retry-After", "Server", "Vary", "Warning", "Www-Authenticate", "Allow",
  "Content-Base", "Content-Encoding", "Content-Language", "Content-Length", "Content-Location", "Content-Md5",
  "Content-Range", "Content-Type", "Etag", "Expires", "Last-Modified", "Accept-Ranges", "Set-Cookie", "Set-Cookie2",
  "X-Forwarded-For", "Cookie", "Keep-Alive", "Proxy-Connection",
];
const HEADER_INDEX = new Map(HEADERS.map((h, i) => [h, i + 1]));
const MAX_NAME = 50;
const latin1 = (b: Uint8Array): string => String.fromCharCode(...b);

/** Digits from `i`: [value, index after them]. */
function digits(b: Uint8Array, i: number, end: number): [number, number] {
  let v = 0;
  while (i < end && isDigit(b[i])) v = v * 10 + (b[i++] - 48);
  return [v, i];
}

/** "major.minor" from `i` (both at least a digit), or null. */
function version(b: Uint8Array, i: number, end: number): [number, number, number] | null {
  const [major, j] = digits(b, i, end);
  if (j === i || j >= end || b[j] !== 46) return null;
  const [minor, k] = digits(b, j + 1, end);
  if (k === j + 1) return null;
  return [major, minor, k];
}

/** A request's URI: '*', {abs_path, p}, {absoluteURI, http|https, host, port, path}, {scheme, s, rest}, or the string. */
function parseUri(u: Uint8Array, str: (x: Uint8Array) => Term): Term {
  if (u.length === 1 && u[0] === 42) return a("*");
  if (u.length <= 1 || u[0] === 47) return [a("abs_path"), str(u)];
  const lower = latin1(u.slice(0, 8)).toLowerCase();
  const scheme = lower.startsWith("http://") ? 7 : lower.startsWith("https://") ? 8 : 0;
  if (scheme > 0) {
    let rest = u.slice(scheme);
    const slash = rest.indexOf(47);
    const path = slash < 0 ? new Uint8Array([47]) : rest.slice(slash);
    if (slash >= 0) rest = rest.slice(0, slash);
    const colon = rest.indexOf(58);
    let port: Term = a("undefined");
    if (colon >= 0) {
      const [p, end] = digits(rest, colon + 1, rest.length);
      if (end === rest.length && p !== 0) port = p;
      rest = rest.slice(0, colon);
    }
    return [a("absoluteURI"), a(scheme === 7 ? "http" : "https"), str(rest), port, str(path)];
  }
  const colon = u.indexOf(58);
  if (colon < 0) return str(u);
  return [a("scheme"), str(u.slice(0, colon)), str(u.slice(colon + 1))];
}

/** One HTTP line (with its line end), or null when it is not one (an http_error). */
function parseHttp(line: Uint8Array, header: boolean, str: (x: Uint8Array) => Term): Term | null {
  let n = line.length;
  if (n >= 2 && line[n - 2] === 13) n -= 2;
  else if (n >= 1 && line[n - 1] === 10) n -= 1;
  const b = line.subarray(0, n);
  if (header) {
    if (n === 0) return a("http_eoh");
    // the name, with each word capitalized (the first letter and those after a '-')
    let i = 0;
    let up = true;
    const norm: number[] = [];
    while (!isSpecial(b[i])) {
      let c = b[i];
      if (up) {
        if (c >= 97 && c <= 122) c -= 32;
        up = false;
      } else if (c >= 65 && c <= 90) c += 32;
      else if (c === 45) up = true;
      if (norm.length < MAX_NAME) norm.push(c);
      i++;
      if (i === n) return null;
    }
    if (b[i] !== 58) return null;
    const long = i > MAX_NAME;
    const name = long ? b.slice(0, i) : new Uint8Array(norm);
    const known = long ? undefined : HEADER_INDEX.get(latin1(name));
    let v = i + 1;
    while (v < n && isSp(b[v])) v++;
    return [a("http_header"), known ?? 0, known !== undefined ? a(HEADERS[known - 1]) : str(name), str(b.slice(0, i)), str(b.slice(v))];
  }
  if (n >= 5 && latin1(b.subarray(0, 5)) === "HTTP/") {
    const ver = version(b, 5, n);
    if (ver === null) return null;
    let i = ver[2];
    const sp = i;
    while (i < n && isSp(b[i])) i++;
    if (i === sp) return null;
    const [status, j] = digits(b, i, n);
    i = j;
    while (i < n && isSp(b[i])) i++;
    if (i === j && i < n) return null;
    return [a("http_response"), [ver[0], ver[1]], status, str(b.slice(i))];
  }
  let i = 0;
  while (i < n && !isSpecial(b[i])) i++;
  if (i === n || i === 0 || !isSp(b[i])) return null;
  const methodName = latin1(b.subarray(0, i));
  const method = METHODS.has(methodName) ? a(methodName) : str(b.slice(0, i));
  while (i < n && isSp(b[i])) i++;
  const u = i;
  while (i < n && !isSp(b[i])) i++;
  if (i === u) return null;
  const uri = b.slice(u, i);
  while (i < n && isSp(b[i])) i++;
  if (i === n) return [a("http_request"), method, parseUri(uri, str), [0, 9]];
  if (n - i < 8 || latin1(b.subarray(i, i + 5)) !== "HTTP/") return null;
  const ver = version(b, i + 5, n);
  if (ver === null) return null;
  return [a("http_request"), method, parseUri(uri, str), [ver[0], ver[1]]];
}

const validType = (t: Term): boolean => t === 0 || t === 1 || t === 2 || t === 4 || (t instanceof Atom && TYPES.has(t.name));

export const decodePacketNatives: Record<string, NativeFn> = {
  "decode_packet/3": ([type, bin, opts]) => {
    const o = options(opts, type);
    const problems: [number, string][] = [];
    // (an unknown type is reported with the options as well, as erl_stdlib_errors does)
    if (!validType(type)) problems.push([1, "invalid packet type"]);
    if (!isBinary(bin)) problems.push([2, "not a binary"]);
    if (o === null || !validType(type)) problems.push([3, "invalid option in list"]);
    if (problems.length > 0) throw bifError("decode_packet", [type, bin, opts], problems);
    return decode(type, binBytes(bin as string | Bin), o!);
  },
};
