// :uri_string.parse/1 (OTP 25): the strict RFC 3986 parser URI.new/1 uses. It splits a URI
// reference into scheme, userinfo, host, port, path, query and fragment, refusing any
// character a component may not hold: {:error, :invalid_uri, part}.
//
// OTP's parser has observable quirks this one keeps: a scheme whose remainder does not parse
// is retried as a relative reference (so "http://a b" fails on the ":" of "http:"); the
// userinfo is tried first and the authority is re-read as a host when no "@" ends it; an
// empty port (":" then nothing) is :undefined; the text between "[" and "]" must be a strict
// IPv6 address; after "]" hex digits, ":" and "." are still accepted.
import type { NativeFn, ProcLike } from "../runtime/code.js";
import { fce } from "../runtime/arith.js";
import { natives as unicodeNatives } from "./erlang-unicode.js";
import { MapTerm } from "../runtime/map.js";
import { Cons, NIL, Term, a, binBytes, int, isBinary, list, listToArray } from "../runtime/term.js";

type Parts = { scheme?: string; userinfo?: string; host?: string; port?: number | "undefined"; path?: string; query?: string; fragment?: string };

/** Thrown with the offending part (a code point, or a text such as an invalid address). */
class Invalid {
  constructor(readonly part: string) {}
}

const isAlpha = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number) => c >= 48 && c <= 57;
const isHex = (c: number) => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const isUnreserved = (c: number) => isAlpha(c) || isDigit(c) || c === 45 || c === 46 || c === 95 || c === 126;
const isSubDelim = (c: number) => "!$&'()*+,;=".includes(String.fromCodePoint(c));
const isPchar = (c: number) => c === 37 || c === 58 || c === 64 || isUnreserved(c) || isSubDelim(c);
const isSegmentNzNc = (c: number) => c === 37 || c === 64 || isUnreserved(c) || isSubDelim(c);
const isScheme = (c: number) => isAlpha(c) || isDigit(c) || c === 43 || c === 45 || c === 46;
const isUserinfo = (c: number) => c === 37 || c === 58 || isUnreserved(c) || isSubDelim(c);
const isRegName = (c: number) => c === 37 || isUnreserved(c) || isSubDelim(c);
const isQueryOrFragment = (c: number) => c === 47 || c === 63 || isPchar(c);
const isIpv6 = (c: number) => c === 58 || c === 46 || isHex(c);

/** A parser over the code points of the input. */
class Reader {
  readonly cps: number[];
  constructor(text: string) {
    this.cps = Array.from(text, (ch) => ch.codePointAt(0)!);
  }
  text(from: number, to: number): string {
    return String.fromCodePoint(...this.cps.slice(from, to));
  }
  invalid(i: number): never {
    throw new Invalid(String.fromCodePoint(this.cps[i]));
  }
}

export function parseUriString(input: string): Parts {
  if (input === "") return { path: "" };
  const r = new Reader(input);
  try {
    return withPath(schemed(r));
  } catch (e) {
    if (!(e instanceof Invalid)) throw e;
    return relative(r);
  }
}

const withPath = (p: Parts): Parts => (p.path === undefined ? { ...p, path: "" } : p);

function schemed(r: Reader): Parts {
  const cps = r.cps;
  if (!isAlpha(cps[0])) r.invalid(0);
  let i = 1;
  while (i < cps.length && cps[i] !== 58) {
    if (!isScheme(cps[i])) r.invalid(i);
    i++;
  }
  if (i >= cps.length) throw new Invalid("");
  const p: Parts = { scheme: r.text(0, i) };
  hierPart(r, i + 1, p);
  return p;
}

function relative(r: Reader): Parts {
  const cps = r.cps;
  const p: Parts = {};
  if (cps[0] === 47 && cps[1] === 47) {
    authority(r, 2, p);
    return withPath(p);
  }
  if (cps[0] === 47) return (path(r, 0, true, p), p);
  if (cps[0] === 63 || cps[0] === 35) return (afterPath(r, 0, p), withPath(p));
  if (!isSegmentNzNc(cps[0])) r.invalid(0);
  path(r, 0, false, p);
  return p;
}

/** After "scheme:": "//" authority, an absolute or rootless path, or nothing. */
function hierPart(r: Reader, i: number, p: Parts): void {
  const cps = r.cps;
  if (cps[i] === 47 && cps[i + 1] === 47) return authority(r, i + 2, p);
  if (i >= cps.length) return;
  if (cps[i] === 47) return path(r, i, true, p);
  if (cps[i] === 63 || cps[i] === 35) return afterPath(r, i, p);
  if (!isPchar(cps[i])) r.invalid(i);
  path(r, i, true, p);
}

/** userinfo "@" host, or host alone when no "@" closes a userinfo. */
function authority(r: Reader, i: number, p: Parts): void {
  const cps = r.cps;
  let j = i;
  while (j < cps.length && cps[j] !== 64 && isUserinfo(cps[j])) j++;
  if (j < cps.length && cps[j] === 64) {
    p.userinfo = r.text(i, j);
    if (j + 1 >= cps.length) {
      p.host = "";
      return;
    }
    return host(r, j + 1, p);
  }
  host(r, i, p);
}

function host(r: Reader, i: number, p: Parts): void {
  const cps = r.cps;
  let j = i;
  if (cps[i] === 91) {
    j = i + 1;
    while (j < cps.length && cps[j] !== 93) {
      if (!isIpv6(cps[j])) r.invalid(j);
      j++;
    }
    if (j >= cps.length) throw new Invalid("");
    const addr = r.text(i + 1, j);
    if (!isStrictIpv6(addr)) throw new Invalid(addr);
    j++;
    while (j < cps.length && ![58, 47, 63, 35].includes(cps[j])) {
      if (!isIpv6(cps[j])) r.invalid(j);
      j++;
    }
    const text = r.text(i, j);
    p.host = text.endsWith("]") ? text.slice(1, -1) : text.slice(1);
  } else {
    while (j < cps.length && ![58, 47, 63, 35].includes(cps[j])) {
      if (!isRegName(cps[j])) r.invalid(j);
      j++;
    }
    p.host = r.text(i, j);
  }
  if (cps[j] === 58) {
    let k = j + 1;
    while (k < cps.length && ![47, 63, 35].includes(cps[k])) {
      if (!isDigit(cps[k])) r.invalid(k);
      k++;
    }
    p.port = k === j + 1 ? "undefined" : Number(r.text(j + 1, k));
    j = k;
  }
  if (j >= cps.length) return;
  if (cps[j] === 47) return path(r, j, true, p);
  afterPath(r, j, p);
}

/** A path from `i` (colons allowed in its first segment unless `colonOk` is false). */
function path(r: Reader, i: number, colonOk: boolean, p: Parts): void {
  const cps = r.cps;
  let j = i;
  let first = !colonOk;
  for (; j < cps.length && cps[j] !== 63 && cps[j] !== 35; j++) {
    if (cps[j] === 47) first = false;
    else if (!(first ? isSegmentNzNc(cps[j]) : isPchar(cps[j]))) r.invalid(j);
  }
  p.path = r.text(i, j);
  afterPath(r, j, p);
}

/** "?" query and/or "#" fragment starting at `i` (or nothing). */
function afterPath(r: Reader, i: number, p: Parts): void {
  const cps = r.cps;
  let j = i;
  if (cps[j] === 63) {
    let k = j + 1;
    for (; k < cps.length && cps[k] !== 35; k++) if (!isQueryOrFragment(cps[k])) r.invalid(k);
    p.query = r.text(j + 1, k);
    j = k;
  }
  if (cps[j] === 35) {
    let k = j + 1;
    for (; k < cps.length; k++) if (!isQueryOrFragment(cps[k])) r.invalid(k);
    p.fragment = r.text(j + 1, k);
  }
}

/** inet:parse_ipv6strict_address/1: 8 groups of 1-4 hex digits, one "::", an IPv4 tail. */
export function isStrictIpv6(s: string): boolean {
  const ipv4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
  const halves = s.split("::");
  if (halves.length > 2) return false;
  const groups = (part: string): number | null => {
    if (part === "") return 0;
    const items = part.split(":");
    let n = 0;
    for (let i = 0; i < items.length; i++) {
      const g = items[i];
      if (i === items.length - 1 && g.includes(".")) {
        const m = ipv4.exec(g);
        if (!m || m.slice(1).some((x) => Number(x) > 255)) return null;
        n += 2;
      } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) n++;
      else return null;
    }
    return n;
  };
  if (halves.length === 1) return groups(s) === 8;
  const [l, rr] = [groups(halves[0]), groups(halves[1])];
  if (l === null || rr === null) return false;
  if (halves[0].includes(".")) return false;
  return l + rr <= 7;
}

/** The parts as :uri_string.parse/1 returns them: a map of binaries (and the port). */
function toMap(parts: Parts): MapTerm {
  const pairs: [Term, Term][] = [];
  for (const k of ["fragment", "host", "path", "port", "query", "scheme", "userinfo"] as const) {
    const v = parts[k];
    if (v === undefined) continue;
    pairs.push([a(k), k === "port" ? (v === "undefined" ? a("undefined") : int(v as number)) : v]);
  }
  return MapTerm.fromPairs(pairs);
}

function parse(arg: Term, p: ProcLike): Term {
  let text: string;
  const isCharlist = arg === NIL || arg instanceof Cons;
  if (typeof arg === "string") text = arg;
  else if (isCharlist) {
    // unicode:characters_to_binary/1 first (its badarg for what is not chardata); code points
    // it refuses give an error tuple, which OTP's parser then fails to match
    const bin = unicodeNatives.fns["characters_to_binary/1"]([arg], p);
    if (!isBinary(bin)) {
      const err = fce("uri_string", "parse_scheme_start", [bin, MapTerm.fromPairs([])]);
      // (raised two calls down: parse/1 calls parse_uri_reference/2, which calls it)
      const at = (line: number) => list([[a("file"), list([..."uri_string.erl"].map((c) => c.charCodeAt(0)))], [a("line"), line]]);
      const entries = listToArray(err.stacktrace ?? NIL) ?? [];
      err.stacktrace = list([...entries, [a("uri_string"), a("parse_uri_reference"), 2, at(647)], [a("uri_string"), a("parse"), 1, at(369)]]);
      throw err;
    }
    text = typeof bin === "string" ? bin : Buffer.from(binBytes(bin)).toString("utf8");
  } else if (isBinary(arg)) text = new TextDecoder("latin1").decode(binBytes(arg));
  else throw fce("uri_string", "parse", [arg]);
  try {
    const map = toMap(parseUriString(text));
    if (!isCharlist) return map;
    // a charlist in, charlists out
    let out = map;
    for (const [k, v] of map.entries.values()) if (typeof v === "string") out = out.put(k, listOf(v));
    return out;
  } catch (e) {
    if (!(e instanceof Invalid)) throw e;
    // OTP throws the offending character or address as a charlist, the end of the input as <<>>
    return [a("error"), a("invalid_uri"), e.part === "" ? "" : listOf(e.part)];
  }
}

function listOf(s: string): Term {
  let l: Term = NIL;
  const cps = Array.from(s, (ch) => ch.codePointAt(0)!);
  for (let i = cps.length - 1; i >= 0; i--) l = new Cons(cps[i], l);
  return l;
}

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "uri_string",
  fns: {
    "parse/1": ([s], p) => parse(s, p),
  },
};
