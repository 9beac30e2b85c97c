// URI's native part: the struct, String.Chars (to_string/1 and interpolation) and the default
// ports (default_port/1,2, registered per runtime). Parsing, merging and the encodings are in
// src/prelude/uri.ex; URI.new/1 parses with :uri_string (uri-string.ts).
import { activeRuntime } from "../runtime/active.js";
import type { NativeFn } from "../runtime/code.js";
import { argumentError } from "../runtime/errors.js";
import { inspect } from "../runtime/inspect.js";
import { MapTerm } from "../runtime/map.js";
import type { Runtime } from "../runtime/runtime.js";
import { Bin, Term, a, binBytes, isInteger } from "../runtime/term.js";
import { fce } from "../runtime/arith.js";

const FIELDS = ["scheme", "authority", "userinfo", "host", "port", "path", "query", "fragment"];
const BUILTIN_PORTS: [string, number][] = [
  ["ftp", 21], ["sftp", 22], ["tftp", 69], ["http", 80], ["https", 443], ["ldap", 389], ["ws", 80], ["wss", 443],
];

/** Ports registered with URI.default_port/2, per runtime (Elixir keeps them node-wide). */
const registered = new WeakMap<Runtime, Map<string, Term>>();

function ports(rt: Runtime | null): Map<string, Term> {
  if (rt === null) return new Map(BUILTIN_PORTS);
  let m = registered.get(rt);
  if (m === undefined) {
    m = new Map(BUILTIN_PORTS);
    registered.set(rt, m);
  }
  return m;
}

const key = (scheme: string | Bin): string => (typeof scheme === "string" ? scheme : new TextDecoder("latin1").decode(binBytes(scheme)));

function defaultPort(rt: Runtime | null, scheme: Term): Term {
  return ports(rt).get(key(scheme)) ?? null;
}

/** String.Chars.URI.to_string/1. */
export function toString(u: MapTerm): string {
  const f = (k: string): Term => u.get(a(k)) ?? null;
  const [scheme, host, path, query, fragment] = [f("scheme"), f("host"), f("path"), f("query"), f("fragment")];
  if (host !== null && typeof path === "string" && path !== "" && !path.startsWith("/")) {
    throw argumentError(`:path in URI must be empty or an absolute path if URL has a :host, got: ${inspect(u)}`);
  }
  let port = f("port");
  if (scheme !== null && scheme !== false && port !== null && defaultPort(activeRuntime(), scheme) === port) port = null;
  let out = "";
  if (scheme !== null && scheme !== false) out += str(scheme) + ":";
  if (host === null) {
    const authority = f("authority");
    if (authority !== null) out += "//" + str(authority);
  } else {
    out += "//";
    if (f("userinfo") !== null) out += str(f("userinfo")) + "@";
    out += str(host).includes(":") ? `[${str(host)}]` : str(host);
    if (port !== null) out += ":" + String(port);
  }
  if (path !== null) out += str(path);
  if (query !== null) out += "?" + str(query);
  if (fragment !== null) out += "#" + str(fragment);
  return out;
}

const str = (t: Term): string => (typeof t === "string" ? t : String(t));

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.URI",
  fns: {
    "to_string/1": ([u]) => {
      if (!(u instanceof MapTerm) || !u.has(a("host")) || !u.has(a("path"))) throw fce("String.Chars.URI", "to_string", [u]);
      return toString(u);
    },
    "default_port/1": ([s], p) => {
      if (typeof s !== "string" && !(s instanceof Bin)) throw fce("URI", "default_port", [s]);
      return defaultPort(p.rt as Runtime, s);
    },
    "default_port/2": ([s, port], p) => {
      if ((typeof s !== "string" && !(s instanceof Bin)) || !isInteger(port) || Number(port) < 0) throw fce("URI", "default_port", [s, port]);
      ports(p.rt as Runtime).set(key(s), port);
      return a("ok");
    },
    "__struct__/0": () => MapTerm.fromPairs([[a("__struct__"), a("Elixir.URI")], ...FIELDS.map((f) => [a(f), null] as [Term, Term])]),
  },
};
