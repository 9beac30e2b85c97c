// URI: parsing (RFC 3986, as Elixir 1.14's URI.parse/1), to_string, and the query and
// www-form encodings.
import { compare } from "../runtime/term-order.js";
import type { NativeFn } from "../runtime/code.js";
import { argumentError } from "../runtime/errors.js";
import { MapTerm } from "../runtime/map.js";
import { Term, a, listToArray } from "../runtime/term.js";
import { toStr } from "../runtime/compiler/support.js";

const FIELDS = ["scheme", "authority", "userinfo", "host", "port", "path", "query", "fragment"];
const DEFAULT_PORTS: Record<string, number> = { ftp: 21, sftp: 22, tftp: 69, http: 80, https: 443, ldap: 389, ws: 80, wss: 443 };

function uri(fields: Record<string, Term>): MapTerm {
  return MapTerm.fromPairs([[a("__struct__"), a("Elixir.URI")], ...FIELDS.map((f) => [a(f), fields[f] ?? null] as [Term, Term])]);
}

const nonEmpty = (s: string | undefined): string | null => (s === undefined || s === "" ? null : s);

function parse(s: Term): MapTerm {
  if (s instanceof MapTerm) return s;
  if (typeof s !== "string") throw argumentError("argument error");
  const m = /^(([a-zA-Z][a-zA-Z0-9+\-.]*):)?(\/\/([^/?#]*))?([^?#]*)(\?([^#]*))?(#(.*))?$/s.exec(s)!;
  const scheme = m[2] !== undefined ? m[2].toLowerCase() : null;
  const authority = m[3] !== undefined ? m[4] : null;
  let userinfo: string | null = null;
  let host: string | null = null;
  let port: number | null = null;
  if (authority !== null) {
    const at = authority.lastIndexOf("@");
    userinfo = at >= 0 ? authority.slice(0, at) : null;
    const hostPort = at >= 0 ? authority.slice(at + 1) : authority;
    const pm = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(hostPort);
    host = pm ? pm[1].replace(/^\[(.*)\]$/, "$1") : hostPort;
    port = pm && pm[2] ? Number(pm[2]) : null;
  }
  if (port === null && scheme !== null && DEFAULT_PORTS[scheme] !== undefined) port = DEFAULT_PORTS[scheme];
  return uri({
    scheme, authority: authority === null ? null : authority, userinfo, host, port,
    path: nonEmpty(m[5]), query: m[6] !== undefined ? m[7] : null, fragment: m[8] !== undefined ? m[9] : null,
  });
}

export function toString(u: MapTerm): string {
  const f = (k: string) => u.get(a(k)) ?? null;
  let out = "";
  const scheme = f("scheme");
  if (scheme !== null) out += scheme + ":";
  const host = f("host");
  if (host !== null) {
    out += "//";
    if (f("userinfo") !== null) out += f("userinfo") + "@";
    out += String(host).includes(":") ? `[${host}]` : host;
    const port = f("port");
    if (port !== null && !(scheme !== null && DEFAULT_PORTS[scheme as string] === port)) out += ":" + port;
  }
  if (f("path") !== null) out += f("path");
  if (f("query") !== null) out += "?" + f("query");
  if (f("fragment") !== null) out += "#" + f("fragment");
  return out;
}

const encodeWww = (s: string) =>
  encodeURIComponent(s).replace(/%20/g, "+").replace(/[!'()*~]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
const decodeWww = (s: string) => decodeURIComponent(s.replace(/\+/g, " "));

function encodeQuery(enumerable: Term): string {
  // A map is enumerated in key order, as Enum does.
  const pairs = enumerable instanceof MapTerm ? enumerable.sorted(compare) : (listToArray(enumerable) ?? []).map((t) => t as [Term, Term]);
  return pairs.map(([k, v]) => `${encodeWww(String(toStr(k)))}=${encodeWww(String(toStr(v)))}`).join("&");
}

function decodeQuery(q: string): MapTerm {
  const pairs: [Term, Term][] = [];
  for (const part of q.split("&")) {
    if (part === "") continue;
    const i = part.indexOf("=");
    pairs.push(i < 0 ? [decodeWww(part), ""] : [decodeWww(part.slice(0, i)), decodeWww(part.slice(i + 1))]);
  }
  return MapTerm.fromPairs(pairs);
}

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.URI",
  fns: {
    "parse/1": ([s]) => parse(s),
    "new/1": ([s]) => [a("ok"), parse(s)],
    "new!/1": ([s]) => parse(s),
    "to_string/1": ([u]) => toString(u as MapTerm),
    "encode_www_form/1": ([s]) => encodeWww(s as string),
    "decode_www_form/1": ([s]) => decodeWww(s as string),
    "encode/1": ([s]) => encodeURI(s as string),
    "decode/1": ([s]) => decodeURIComponent(s as string),
    "encode_query/1": ([e]) => encodeQuery(e),
    "decode_query/1": ([q]) => decodeQuery(q as string),
    "default_port/1": ([s]) => DEFAULT_PORTS[s as string] ?? null,
    "__struct__/0": () => uri({}),
  },
};
