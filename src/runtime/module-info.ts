// What every module answers about itself: `Mod.__info__/1` (Elixir modules) and
// `module_info/0,1` (every module), as Elixir 1.14 / OTP 25 define them. They are not stored
// in a module's functions: the module table makes them on first lookup (ModuleTable.lookup),
// from the module's current definition.
import { deprecationsOf } from "./deprecations.js";
import { createHash } from "node:crypto";
import { Code, nativeCode } from "./code.js";
import { raise } from "./errors.js";
import { MapTerm } from "./map.js";
import { builtinEnforcedKeys, builtinStructFields } from "./inspect.js";
import type { ModuleDef, ModuleTable } from "./modules.js";
import { Atom, Bin, Cons, NIL, Term, a, list, tuple } from "./term.js";
import { cwdOfRuntime } from "./relative-to-cwd.js";
import { activeRuntime } from "./active.js";

/** Macros of the library's modules (the library implements them in the compiler). */
const LIBRARY_MACROS: Record<string, string> = {
  "Elixir.Kernel": "!/1 &&/2 ../0 ../2 ..///3 <>/2 @/1 alias!/1 and/2 binding/0 binding/1 dbg/0 dbg/1 dbg/2 def/1 def/2 defdelegate/2 defexception/1 defguard/1 defguardp/1 defimpl/2 defimpl/3 defmacro/1 defmacro/2 defmacrop/1 defmacrop/2 defmodule/2 defoverridable/1 defp/1 defp/2 defprotocol/2 defstruct/1 destructure/2 get_and_update_in/2 if/2 in/2 is_exception/1 is_exception/2 is_nil/1 is_struct/1 is_struct/2 match?/2 or/2 pop_in/1 put_in/2 raise/1 raise/2 reraise/2 reraise/3 sigil_C/2 sigil_D/2 sigil_N/2 sigil_R/2 sigil_S/2 sigil_T/2 sigil_U/2 sigil_W/2 sigil_c/2 sigil_r/2 sigil_s/2 sigil_w/2 tap/2 then/2 to_char_list/1 to_charlist/1 to_string/1 unless/2 update_in/2 use/1 use/2 var!/1 var!/2 |>/2 ||/2",
  "Elixir.Kernel.SpecialForms": "%/2 %{}/1 &/1 ./2 ::/2 <<>>/1 =/2 ^/1 __CALLER__/0 __DIR__/0 __ENV__/0 __MODULE__/0 __STACKTRACE__/0 __aliases__/1 __block__/1 alias/2 case/2 cond/1 fn/1 for/1 import/2 quote/2 receive/1 require/2 super/1 try/1 unquote/1 unquote_splicing/1 with/1 {}/1",
  "Elixir.Integer": "is_even/1 is_odd/1",
  "Elixir.Logger": "alert/1 alert/2 critical/1 critical/2 debug/1 debug/2 emergency/1 emergency/2 error/1 error/2 info/1 info/2 log/2 log/3 notice/1 notice/2 warn/1 warn/2 warning/1 warning/2",
  "Elixir.Record": "defrecord/2 defrecord/3 defrecordp/2 defrecordp/3 is_record/1 is_record/2",
  "Elixir.Bitwise": "__using__/1",
  "Elixir.Protocol": "def/1 derive/2 derive/3",
  "Elixir.Inspect.Algebra": "is_doc/1",
  "Elixir.Application": "__using__/1 compile_env/2 compile_env/3 compile_env!/2",
  "Elixir.Agent": "__using__/1",
  "Elixir.GenServer": "__before_compile__/1 __using__/1",
  "Elixir.Supervisor": "__using__/1",
  "Elixir.DynamicSupervisor": "__using__/1",
  "Elixir.Task": "__using__/1",
};

/** Whether the library's `module` has the macro `name/arity` (Integer.is_odd/1, Record.defrecord/2...). */
export function isLibraryMacro(module: string, name: string, arity: number): boolean {
  return LIBRARY_MACROS[module]?.split(" ").includes(`${name}/${arity}`) ?? false;
}

/** Library functions named `__name__` that Elixir's modules export too (others are beamsh's own). */
const PUBLIC_DUNDER = new Set(["__struct__", "__impl__", "__protocol__"]);

const splitKey = (k: string): [string, number] => {
  const i = k.lastIndexOf("/");
  return [k.slice(0, i), Number(k.slice(i + 1))];
};
const byNameArity = ([n1, a1]: [string, number], [n2, a2]: [string, number]): number => (n1 < n2 ? -1 : n1 > n2 ? 1 : a1 - a2);
const pairs = (xs: [string, number][]): Term => list(xs.map(([n, ar]) => tuple(a(n), ar)));

/** The macros a module exports, as [name, arity]. */
export function macrosOf(def: ModuleDef): [string, number][] {
  const own = (def.macros ?? []).map(splitKey);
  // Macros compiled from defmacro are the module's MACRO-name/arity+1 functions.
  for (const k of def.fns.keys()) {
    const [n, ar] = splitKey(k);
    if (n.startsWith("MACRO-")) own.push([n.slice(6), ar - 1]);
  }
  const lib = LIBRARY_MACROS[def.name];
  const all = lib === undefined ? own : [...own, ...lib.split(" ").map(splitKey)];
  const seen = new Set<string>();
  return all.filter(([n, ar]) => !seen.has(n + "/" + ar) && (seen.add(n + "/" + ar), true)).sort(byNameArity);
}

/** A library function named `__name__` (or `__name__!`/`__name__?`) that Elixir's module does not have. */
function isLibraryInternal(n: string): boolean {
  const base = n.replace(/[!?]$/, "");
  return base.startsWith("__") && base.endsWith("__") && !PUBLIC_DUNDER.has(base);
}

/** The public functions a module exports (its macros and generated functions aside), sorted. */
export function functionsOf(def: ModuleDef): [string, number][] {
  const out: [string, number][] = [];
  // (Library macros implemented as functions, Integer.is_odd/1, are macros, not functions.)
  const lib = LIBRARY_MACROS[def.name]?.split(" ");
  for (const k of def.fns.keys()) {
    const [n, ar] = splitKey(k);
    if (n.startsWith("MACRO-") || n === "behaviour_info" || n === "__info__" || n === "module_info") continue;
    if (lib?.includes(k)) continue;
    if (def.library && isLibraryInternal(n)) continue;
    out.push([n, ar]);
  }
  return out.sort(byNameArity);
}

const isElixir = (name: string): boolean => name.startsWith("Elixir.");
const charlist = (s: string): Term => list(Array.from(s, (c) => c.codePointAt(0)!));

/** A stand-in for the BEAM file's MD5: stable for the same module definition. */
function md5(def: ModuleDef): Bin {
  const h = createHash("md5").update(def.name);
  for (const k of [...def.fns.keys()].sort()) h.update(k);
  return new Bin(new Uint8Array(h.digest()));
}

function vsn(def: ModuleDef): Term {
  const bytes = md5(def).bytes;
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return list([n]);
}

/** Persisted attributes: vsn, then the ones Elixir keeps (@behaviour, protocol marks...). */
function attributesOf(def: ModuleDef): Term {
  // the compiler adds a vsn (the module's md5) first unless the module set @vsn
  const own = def.persisted ?? [];
  const out: Term[] = own.some(([k]) => k === "vsn") ? [] : [tuple(a("vsn"), vsn(def))];
  const behaviours = def.behaviours ?? (def.impl !== undefined ? [def.impl.protocol] : []);
  if (behaviours.length > 0) out.push(tuple(a("behaviour"), list(behaviours.map((b) => a(b)))));
  if (def.persisted === undefined) {
    // (a module built without a module body: the library's)
    const v = def.attributes?.get("dialyzer");
    if (v !== undefined) out.push(tuple(a("dialyzer"), v));
  }
  for (const [k, v] of own) out.push(tuple(a(k), v));
  for (const key of PERSISTED) {
    const v = def.attributes?.get(key);
    if (v !== undefined) out.push(tuple(a(key), v));
  }
  return list(out);
}

const PERSISTED = ["__impl__", "__protocol__"];

function compileInfo(def: ModuleDef): Term {
  const options = isElixir(def.name) ? list([a("no_spawn_compiler_process"), a("from_core"), a("no_core_prepare"), a("no_auto_import")]) : NIL;
  const source = def.file === undefined ? [] : [tuple(a("source"), charlist(def.file.startsWith("/") ? def.file : cwdOfRuntime(activeRuntime()) + "/" + def.file))];
  return list([tuple(a("version"), charlist("8.2.3")), tuple(a("options"), options), ...source]);
}

/** module_info(:exports): __info__/1 first, then functions and macros (MACRO-name), module_info/0,1 last. */
function exportsOf(def: ModuleDef): [string, number][] {
  const fns = functionsOf(def);
  const macros = macrosOf(def).filter(() => !def.library).map(([n, ar]) => [n, ar, true] as [string, number, boolean]);
  const both = [...fns.map(([n, ar]) => [n, ar, false] as [string, number, boolean]), ...macros].sort((x, y) => byNameArity([x[0], x[1]], [y[0], y[1]]));
  const head: [string, number][] = isElixir(def.name) ? [["__info__", 1]] : [];
  return [...head, ...both.map(([n, ar, m]) => (m ? ["MACRO-" + n, ar + 1] : [n, ar]) as [string, number]), ["module_info", 0], ["module_info", 1]];
}

function structInfo(def: ModuleDef): Term {
  const row = (k: string, required: boolean): Term => MapTerm.fromPairs([[a("field"), a(k)], [a("required"), required]]);
  if (def.struct === undefined) {
    // A struct of Elixir's that the library builds natively (Date, URI, the exceptions...):
    // its fields in defstruct's order and its @enforce_keys, as Elixir's module has them.
    const fields = def.library && def.fns.has("__struct__/0") ? builtinStructFields(a(def.name)) : null;
    if (fields === null) return null;
    const enforced = new Set(builtinEnforcedKeys(def.name));
    const exception = def.exception === true || def.fns.has("exception/1");
    return list([...(exception ? ["__exception__"] : []), ...fields].map((k) => row(k, enforced.has(k))));
  }
  const enforced = new Set<Term>();
  const keys = def.attributes?.get("enforce_keys") ?? NIL;
  if (!(keys instanceof Cons)) enforced.add(keys);
  for (let l = keys; l instanceof Cons; l = l.t) enforced.add(l.h);
  return list(def.struct.map(([k]) => row(k, enforced.has(a(k)))));
}

/** `__info__/1` of an Elixir module. */
function info(table: ModuleTable, name: string): Code {
  return nativeCode(name, "__info__", 1, ([what]) => {
    const def = table.get(name);
    const key = what instanceof Atom ? what.name : "";
    if (def !== undefined) {
      switch (key) {
        case "functions": return pairs(functionsOf(def));
        case "macros": return pairs(macrosOf(def));
        case "attributes": return attributesOf(def);
        case "module": return a(name);
        case "md5": return md5(def);
        case "compile": return compileInfo(def);
        case "struct": return structInfo(def);
        case "deprecated": return list(deprecationsOf(table, def).map(([f, n, reason]) => tuple(tuple(a(f), n), reason)));
      }
    }
    const mod = a(name);
    const fun = "-inlined-__info__/1-";
    const e = raise("FunctionClauseError", { module: mod, function: a(fun), arity: 1, kind: null, args: null, clauses: null });
    (e as { native?: unknown }).native = [mod, fun, [what]];
    throw e;
  });
}

function moduleInfo(table: ModuleTable, name: string, key: string): Term {
  const def = table.get(name);
  if (def === undefined) throw raise("ArgumentError", { message: "argument error" });
  switch (key) {
    case "module": return a(name);
    case "exports": return pairs(exportsOf(def));
    case "functions": return pairs(exportsOf(def));
    case "attributes": return attributesOf(def);
    case "compile": return compileInfo(def);
    case "md5": return md5(def);
    case "native": return false;
  }
  const e = raise("ArgumentError", { message: "argument error" });
  e.stacktrace = list([tuple(a("erlang"), a("get_module_info"), list([a(name), a(key)]), NIL), tuple(a(name), a("module_info"), 1, NIL)]);
  e.traced = true;
  throw e;
}

/** erlang:get_module_info/1,2 of a loaded module: module_info/0's list, or one item (null for an item there is not). */
export function getModuleInfo(table: ModuleTable, name: string, key: string | null): Term | null {
  const keys = ["module", "exports", "attributes", "compile", "md5"];
  if (key === null) return list(keys.map((k) => tuple(a(k), moduleInfo(table, name, k))));
  if (key === "nifs") return NIL;
  if (!keys.includes(key) && key !== "functions" && key !== "native") return null;
  return moduleInfo(table, name, key);
}

const made = new WeakMap<ModuleDef, Map<string, Code>>();

/** `__info__/1` or `module_info/0,1` of a loaded module (null for any other function). */
export function introspection(table: ModuleTable, def: ModuleDef, fun: string, arity: number): Code | null {
  const key = fun + "/" + arity;
  if (key !== "__info__/1" && key !== "module_info/0" && key !== "module_info/1") return null;
  if (key === "__info__/1" && !isElixir(def.name)) return null;
  let codes = made.get(def);
  if (codes === undefined) made.set(def, (codes = new Map()));
  let c = codes.get(key);
  if (c === undefined) {
    const name = def.name;
    if (key === "__info__/1") c = info(table, name);
    else if (key === "module_info/0") {
      c = nativeCode(name, "module_info", 0, () =>
        list(["module", "exports", "attributes", "compile", "md5"].map((k) => tuple(a(k), moduleInfo(table, name, k)))));
    } else c = nativeCode(name, "module_info", 1, ([k]) => moduleInfo(table, name, k instanceof Atom ? k.name : ""));
    codes.set(key, c);
  }
  return c;
}
