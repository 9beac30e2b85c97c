// The compiled prelude, cached on disk: the generated JS of every prelude unit with its
// constants, and the modules built from them. Loading it skips parsing and compiling the
// library's Elixir source at every start (most of the start-up time, and most of the
// garbage a fresh shell makes).
//
// The cache is keyed by a hash of everything that decides the compiler's output (the
// prelude sources and the compiled runtime, language and library code), so a stale cache
// is never used: a mismatch compiles from source and rewrites the file.
import { ImplInfo, ProtocolInfo, implFunctions, protocolFunctions } from "./protocols.js";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { CallSite } from "./calls.js";
import { Fun } from "./fun.js";
import type { Code } from "./code.js";
import { CompiledModule, addStructFunctions, enforcedKeys } from "./compiler/module.js";
import type { CompilerHost } from "./compiler/unit.js";
import { MapTerm } from "./map.js";
import { Atom, Bin, Cons, EmptyList, Float, NIL, Term, a } from "./term.js";

/** One `link` of a unit: its generated source, constants and resulting codes. */
export interface LinkRecord {
  src: string;
  consts: Term[];
  codes: Code[];
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

class Unsupported extends Error {}

// ---- terms ----------------------------------------------------------------------

function encodeTerm(t: Term): Json {
  if (t === null || t === true || t === false || typeof t === "string") return t;
  if (typeof t === "number") return t;
  if (typeof t === "bigint") return ["n", t.toString()];
  if (t instanceof Atom) return ["a", t.name];
  if (t instanceof Float) return ["f", Object.is(t.v, -0) ? "-0" : t.v];
  if (t instanceof Bin) return ["b", Buffer.from(t.bytes).toString("base64"), t.bits];
  if (t instanceof EmptyList) return ["l"];
  if (t instanceof Cons) {
    const items: Json[] = [];
    let c: Term = t;
    for (; c instanceof Cons; c = c.t) items.push(encodeTerm(c.h));
    return ["c", items, encodeTerm(c)];
  }
  if (Array.isArray(t)) return ["t", ...t.map(encodeTerm)];
  if (t instanceof MapTerm) return ["m", [...t.entries.values()].map(([k, v]) => [encodeTerm(k), encodeTerm(v)])];
  if (t instanceof CallSite) return ["cs", t.module, t.name, t.arity, t.macroOnly];
  // A capture of a named function (`&Mod.fun/n`, a struct default such as Inspect.Opts'):
  // resolved through the module table, so its name is all it needs.
  if (t instanceof Fun && t.module !== null && t.name !== null && t.code === null) return ["ef", t.module.name, t.name.name, t.arity];
  if (t !== null && typeof t === "object" && typeof t.native === "function" && typeof t.module === "string") {
    return ["nc", t.module, t.name, t.arity];
  }
  throw new Unsupported("cannot cache the constant " + describe(t));
}

function describe(t: Term): string {
  if (t instanceof Fun) return t.where ? `fun in ${t.where}` : "fun";
  return String((t as { constructor?: { name?: string } } | null)?.constructor?.name ?? typeof t);
}

function decodeTerm(j: Json, host: CompilerHost): Term {
  if (j === null || typeof j === "boolean" || typeof j === "number" || typeof j === "string") return j;
  const x = j as Json[];
  switch (x[0]) {
    case "n":
      return BigInt(x[1] as string);
    case "a":
      return a(x[1] as string);
    case "f":
      return new Float(x[1] === "-0" ? -0 : (x[1] as number));
    case "b":
      return new Bin(new Uint8Array(Buffer.from(x[1] as string, "base64")), x[2] as number);
    case "l":
      return NIL;
    case "c": {
      let out = decodeTerm(x[2], host);
      const items = x[1] as Json[];
      for (let i = items.length - 1; i >= 0; i--) out = new Cons(decodeTerm(items[i], host), out);
      return out;
    }
    case "t":
      return x.slice(1).map((e) => decodeTerm(e, host));
    case "m":
      return MapTerm.fromPairs((x[1] as Json[][]).map(([k, v]) => [decodeTerm(k, host), decodeTerm(v, host)]));
    case "cs":
      return new CallSite(x[1] as string, x[2] as string, x[3] as number, x[4] === true);
    case "ef":
      return new Fun(x[3] as number, null, [], a(x[1] as string), a(x[2] as string));
    case "nc": {
      const c = host.nativeCode(x[1] as string, x[2] as string, x[3] as number);
      if (c === null) throw new Unsupported("native gone: " + x.slice(1).join("/"));
      return c;
    }
    default:
      throw new Unsupported("bad cached term tag " + String(x[0]));
  }
}

// ---- modules --------------------------------------------------------------------

function encodeModule(m: CompiledModule, where: Map<Code, [number, number]>): Json {
  const ref = (c: Code): Json => {
    const r = where.get(c);
    if (r === undefined) throw new Unsupported("code not from a recorded unit: " + c.name);
    return r;
  };
  return {
    name: m.name,
    // A struct's __struct__/0,1 are natives made from the fields (rebuilt on load).
    // So are the functions of protocols and implementations (rebuilt from their marks).
    fns: [...m.fns].filter(([, c]) => c.native === undefined || !generated(m, c)).map(([k, c]) => [k, ref(c)]),
    struct: m.struct ? m.struct.map(([k, v]) => [k, encodeTerm(v)]) : null,
    protocol: (m.protocol ?? null) as unknown as Json,
    impl: m.impl ? encodeImpl(m.impl) : null,
    exception: m.exception ?? false,
    attributes: [...m.attributes].map(([k, v]) => [k, encodeTerm(v)]),
    persisted: m.persisted ? m.persisted.map(([k, v]) => [k, encodeTerm(v)]) : null,
    behaviours: m.behaviours ?? null,
    last: encodeTerm(m.last),
    nested: m.nested.map((n) => encodeModule(n, where)),
  };
}

function decodeModule(j: Json, units: Code[][], host: CompilerHost): CompiledModule {
  const o = j as Record<string, Json>;
  const m: CompiledModule = {
    name: o.name as string,
    fns: new Map((o.fns as [string, [number, number]][]).map(([k, [u, i]]) => [k, units[u][i]])),
    attributes: new Map((o.attributes as [string, Json][]).map(([k, v]) => [k, decodeTerm(v, host)])),
    persisted: Array.isArray(o.persisted) ? (o.persisted as [string, Json][]).map(([k, v]) => [k, decodeTerm(v, host)] as [string, Term]) : undefined,
    last: decodeTerm(o.last, host),
    nested: (o.nested as Json[]).map((n) => decodeModule(n, units, host)),
    warnings: [],
  };
  if (o.struct !== null) {
    m.struct = (o.struct as [string, Json][]).map(([k, v]) => [k, decodeTerm(v, host)]);
    addStructFunctions(m.name, m.struct, m.fns, enforcedKeys(m.attributes.get("enforce_keys")));
  }
  if (o.exception === true) m.exception = true;
  if (Array.isArray(o.behaviours)) m.behaviours = o.behaviours as string[];
  if (o.protocol !== null && o.protocol !== undefined) {
    m.protocol = o.protocol as unknown as ProtocolInfo;
    for (const [k, c] of protocolFunctions(m.name, m.protocol)) m.fns.set(k, c);
  }
  if (o.impl !== null && o.impl !== undefined) {
    m.impl = decodeImpl(o.impl, host);
    for (const [k, c] of implFunctions(m.name, m.impl)) m.fns.set(k, c);
  }
  return m;
}

// A derived Inspect keeps the defaults of its optional fields: terms, encoded as terms.
function encodeImpl(impl: ImplInfo): Json {
  if (impl.inspect === undefined) return impl as unknown as Json;
  const optional = impl.inspect.optional.map(([k, v]) => [k, encodeTerm(v)]);
  return { ...impl, inspect: { ...impl.inspect, optional } } as unknown as Json;
}

function decodeImpl(j: Json, host: CompilerHost): ImplInfo {
  const impl = j as unknown as ImplInfo;
  if (impl.inspect === undefined) return impl;
  const optional = (impl.inspect.optional as unknown as [string, Json][]).map(([k, v]) => [k, decodeTerm(v, host)] as [string, Term]);
  return { ...impl, inspect: { ...impl.inspect, optional } };
}

/** Natives made from a module's struct fields or protocol marks, rebuilt when loading. */
function generated(m: CompiledModule, c: Code): boolean {
  return (m.struct !== undefined && c.name === "__struct__") || m.protocol !== undefined || m.impl !== undefined;
}

// ---- the cache file ---------------------------------------------------------------

/** Hash of the files (and folders of files) that decide what compiling the prelude produces. */
export function preludeKey(paths: string[]): string {
  const h = createHash("sha1");
  const walk = (path: string): void => {
    if (!existsSync(path)) return;
    if (!statSync(path).isDirectory()) {
      h.update(basename(path));
      h.update(readFileSync(path));
      return;
    }
    for (const name of readdirSync(path).sort()) {
      const p = join(path, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(".js") || name.endsWith(".ex")) walk(p);
    }
  };
  for (const d of paths) walk(d);
  return h.digest("hex");
}

/**
 * The serialized prelude: units in link order, then the modules in install order; or why it
 * cannot be serialized (a constant the cache cannot hold), as `{ error }`.
 */
export function encodePrelude(key: string, records: LinkRecord[], modules: CompiledModule[]): string | { error: string } {
  try {
    const where = new Map<Code, [number, number]>();
    records.forEach((r, u) => r.codes.forEach((c, i) => where.set(c, [u, i])));
    const json = {
      key,
      units: records.map((r) => ({ src: r.src, consts: r.consts.map(encodeTerm) })),
      modules: modules.map((m) => encodeModule(m, where)),
    };
    return JSON.stringify(json);
  } catch (e) {
    if (e instanceof Unsupported) return { error: e.message };
    throw e;
  }
}

/**
 * Rebuilds the prelude's modules from `text` with `instantiate` (which links one unit's
 * source and constants), or null when the text is for another key or cannot be used.
 */
export function decodePrelude(
  text: string,
  key: string,
  host: CompilerHost,
  instantiate: (src: string, consts: Term[]) => Code[],
): CompiledModule[] | null {
  let json: { key: string; units: { src: string; consts: Json[] }[]; modules: Json[] };
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  if (json.key !== key) return null;
  try {
    const units = json.units.map((u) => instantiate(u.src, u.consts.map((c) => decodeTerm(c, host))));
    return json.modules.map((m) => decodeModule(m, units, host));
  } catch (e) {
    if (e instanceof Unsupported) return null;
    throw e;
  }
}

export function readCache(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

/** Writes the cache atomically; a read-only install simply goes without. */
export function writeCache(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch {
    // not writable: compile from source next time too
  }
}
