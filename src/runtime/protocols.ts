// Protocols as Elixir 1.14 runs them when they are not consolidated (as in iex): a call
// `Proto.fun(term, ...)` dispatches on the type of its first argument to the module
// `Proto.Type` (`Proto.MyStruct` for a struct; structs never fall back to `Proto.Map`),
// and to `Proto.Any` when the protocol sets `@fallback_to_any true`.
//
// A protocol module and an implementation module are ordinary modules of the runtime whose
// ModuleDef carries a ProtocolInfo or an ImplInfo; the functions Elixir generates for them
// (the dispatching functions, impl_for/1, impl_for!/1, __protocol__/1, behaviour_info/1,
// __impl__/1) are natives made here from that information. A dispatching function finds
// the implementation (cached per runtime until a module changes) and tail-calls it, so the
// implementation runs as an ordinary Elixir call and the protocol adds no stack frame.
import { docToTerm } from "./algebra.js";
import { TailCall } from "./calls.js";
import { derivedDoc, optsFromTerm } from "./inspect.js";
import { Code, nativeCode } from "./code.js";
import { BeamError, raise, undefinedFunction } from "./errors.js";
import { Fun } from "./fun.js";
import { MapTerm } from "./map.js";
import type { Runtime } from "./runtime.js";
import { Atom, Bin, Cons, Float, NIL, Pid, Port, Ref, Term, a, list, tuple } from "./term.js";

/** What a `defprotocol` defines. */
export interface ProtocolInfo {
  /** The protocol's functions in definition order. */
  functions: [string, number][];
  fallbackToAny: boolean;
  /** Where the protocol was defined (for the stack entries of Protocol.UndefinedError). */
  file: string;
  line: number;
  /** The line of each function's `def` in the protocol's body, parallel to `functions`. */
  functionLines?: number[];
}

/** What a `defimpl` (or a derivation) defines. */
export interface ImplInfo {
  protocol: string;
  /** The type or struct module implemented, as a module name ("Elixir.Integer", "Elixir.User"). */
  for: string;
  /** The module whose functions implement it (Proto.Any for a derivation without __deriving__). */
  target: string;
  /** A derived Inspect implementation: what it shows (see inspect.ts). */
  inspect?: DerivedInspect;
}

/** `@derive {Inspect, only: [...], except: [...], optional: [...]}`. */
export interface DerivedInspect {
  /** The fields shown, in definition order. */
  fields: string[];
  /** Fields left out when they hold their default: [field, default]. */
  optional: [string, Term][];
  /** `#Mod<...>` (some fields hidden) rather than `%Mod{...}`. */
  hash: boolean;
}

/** Module names of the built-in types, in the order impl_for/1 tests them. */
export const BUILT_IN_TYPES = [
  "Tuple", "Atom", "List", "Map", "BitString", "Integer", "Float", "Function", "PID", "Port", "Reference",
];

const STRUCT = a("__struct__");

/** The struct module of a struct, or null for anything else. */
export function structOf(t: Term): Atom | null {
  if (!(t instanceof MapTerm)) return null;
  const s = t.get(STRUCT);
  return s instanceof Atom ? s : null;
}

/** The built-in type of a term as protocols name it ("Integer", "BitString", ...). */
export function builtInType(t: Term): string {
  switch (typeof t) {
    case "number":
    case "bigint":
      return "Integer";
    case "string":
      return "BitString";
    case "boolean":
      return "Atom";
  }
  if (t === null || t instanceof Atom) return "Atom";
  if (Array.isArray(t)) return "Tuple";
  if (t === NIL || t instanceof Cons) return "List";
  if (t instanceof MapTerm) return "Map";
  if (t instanceof Bin) return "BitString";
  if (t instanceof Float) return "Float";
  if (t instanceof Fun) return "Function";
  if (t instanceof Pid) return "PID";
  if (t instanceof Port) return "Port";
  if (t instanceof Ref) return "Reference";
  return "Tuple";
}

/** Module.concat(protocol, suffix) for module atom names. */
export function implName(protocol: string, suffix: string): string {
  return protocol + "." + (suffix.startsWith("Elixir.") ? suffix.slice(7) : suffix);
}

/** The implementation module name Elixir looks for first (before any fallback). */
function candidate(protocol: string, t: Term): string {
  const s = structOf(t);
  return implName(protocol, s !== null ? s.name : builtInType(t));
}

interface Cache {
  gen: number;
  /** protocol → candidate implementation module → target (null: none). */
  byProtocol: Map<string, Map<string, string | null>>;
}

const caches = new WeakMap<Runtime, Cache>();

/**
 * The module implementing `protocol` for `t` (impl_for/1), or null. Raises like Elixir
 * when the protocol falls back to Any and there is no Any implementation.
 */
export function implFor(rt: Runtime, protocol: string, t: Term): string | null {
  let c = caches.get(rt);
  if (c === undefined || c.gen !== rt.modules.gen) {
    c = { gen: rt.modules.gen, byProtocol: new Map() };
    caches.set(rt, c);
  }
  let byName = c.byProtocol.get(protocol);
  if (byName === undefined) c.byProtocol.set(protocol, (byName = new Map()));
  const name = candidate(protocol, t);
  const known = byName.get(name);
  if (known !== undefined) return known;
  const target = resolve(rt, protocol, name);
  byName.set(name, target);
  return target;
}

function resolve(rt: Runtime, protocol: string, name: string): string | null {
  const impl = rt.modules.get(name)?.impl;
  if (impl !== undefined) return impl.target;
  if (!rt.modules.get(protocol)?.protocol?.fallbackToAny) return null;
  const any = implName(protocol, "Any");
  const anyImpl = rt.modules.get(any)?.impl;
  if (anyImpl === undefined) throw withStack(undefinedFunction(a(any), "__impl__", 1, null), [tuple(a(any), a("__impl__"), list([a("target")]), NIL)]);
  return anyImpl.target;
}

function withStack(e: BeamError, entries: Term[]): BeamError {
  e.stacktrace = list(entries);
  return e;
}

const charlist = (s: string): Term => list(Array.from(s, (ch) => ch.codePointAt(0)!));

function location(info: ProtocolInfo, line = info.line): Term {
  return list([tuple(a("file"), charlist(info.file)), tuple(a("line"), line)]);
}

/** Protocol.UndefinedError for `value`, raised from `Proto.impl_for!/1` called by `Proto.fun/arity`. */
export function undefinedImpl(protocol: string, info: ProtocolInfo | undefined, value: Term, caller?: [string, number]): BeamError {
  const e = raise("Protocol.UndefinedError", { protocol: a(protocol), value, description: "" });
  if (info === undefined) return e;
  const entries = [tuple(a(protocol), a("impl_for!"), 1, location(info))];
  if (caller !== undefined) {
    const i = info.functions.findIndex(([f, n]) => f === caller[0] && n === caller[1]);
    const line = info.functionLines?.[i] ?? info.line;
    entries.push(tuple(a(protocol), a(caller[0]), caller[1], location(info, line)));
  }
  return withStack(e, entries);
}

function infoOf(rt: Runtime, protocol: string): ProtocolInfo | undefined {
  return rt.modules.get(protocol)?.protocol;
}

/** FunctionClauseError of a function Elixir generates with a single inlined clause set. */
function clauseError(module: string, fun: string, args: Term[], inlined = true): BeamError {
  const mod = a(module);
  const name = inlined ? `-inlined-${fun}/${args.length}-` : fun;
  const e = raise("FunctionClauseError", { module: mod, function: a(name), arity: args.length, kind: null, args: null, clauses: null });
  (e as BeamError & { native?: unknown }).native = [mod, name, args];
  return e;
}

/**
 * The functions of a protocol module: the dispatching functions, impl_for/1, impl_for!/1,
 * __protocol__/1 and behaviour_info/1.
 */
export function protocolFunctions(protocol: string, info: ProtocolInfo): [string, Code][] {
  const out: [string, Code][] = [];
  for (const [name, arity] of info.functions) {
    out.push([`${name}/${arity}`, nativeCode(protocol, name, arity, (args, p) => {
      const rt = p.rt as Runtime;
      const target = implFor(rt, protocol, args[0]);
      if (target === null) {
        // The protocol function ran (its entry is in the trace): a caller that called it in
        // tail position is gone from the stack, as with any function.
        const e = undefinedImpl(protocol, infoOf(rt, protocol), args[0], [name, arity]);
        (e as { fromCall?: boolean }).fromCall = true;
        throw e;
      }
      const code = rt.modules.lookup(target, name, arity);
      if (code === null) throw rt.modules.undefinedError(target, name, arity);
      return new TailCall(code, args);
    })]);
  }
  out.push(["impl_for/1", nativeCode(protocol, "impl_for", 1, ([t], p) => {
    const target = implFor(p.rt as Runtime, protocol, t);
    return target === null ? null : a(target);
  })]);
  out.push(["impl_for!/1", nativeCode(protocol, "impl_for!", 1, ([t], p) => {
    const rt = p.rt as Runtime;
    const target = implFor(rt, protocol, t);
    if (target === null) throw undefinedImpl(protocol, infoOf(rt, protocol), t);
    return a(target);
  })]);
  const sorted = [...info.functions].sort(([n1, a1], [n2, a2]) => (n1 < n2 ? -1 : n1 > n2 ? 1 : a1 - a2));
  const functions = list(sorted.map(([n, ar]) => tuple(a(n), ar)));
  out.push(["__protocol__/1", nativeCode(protocol, "__protocol__", 1, ([what]) => {
    switch (what instanceof Atom ? what.name : "") {
      case "module": return a(protocol);
      case "functions": return functions;
      case "consolidated?": return false;
      case "impls": return a("not_consolidated");
    }
    throw clauseError(protocol, "__protocol__", [what]);
  })]);
  // Elixir records the callbacks newest first.
  const callbacks = list([...info.functions].reverse().map(([n, ar]) => tuple(a(n), ar)));
  out.push(["behaviour_info/1", nativeCode(protocol, "behaviour_info", 1, ([what]) => {
    const w = what instanceof Atom ? what.name : "";
    if (w === "callbacks") return callbacks;
    if (w === "optional_callbacks") return NIL;
    throw clauseError(protocol, "behaviour_info", [what]);
  })]);
  return out;
}

/** `__impl__/1` of an implementation module (and a derived Inspect implementation's inspect/2). */
export function implFunctions(module: string, info: ImplInfo): [string, Code][] {
  const answers: Record<string, Term> = { target: a(info.target), for: a(info.for), protocol: a(info.protocol) };
  const out: [string, Code][] = [["__impl__/1", nativeCode(module, "__impl__", 1, ([what]) => {
    const v = what instanceof Atom ? answers[what.name] : undefined;
    if (v === undefined) throw clauseError(module, "__impl__", [what]);
    return v;
  })]];
  const derived = info.inspect;
  if (derived !== undefined) {
    const mod = a(info.for);
    out.push(["inspect/2", nativeCode(module, "inspect", 2, (args) => {
      const [struct, opts] = args;
      if (!(struct instanceof MapTerm) || !(opts instanceof MapTerm)) throw clauseError(module, "inspect", args, false);
      return docToTerm(derivedDoc(struct, mod, derived, optsFromTerm(opts)));
    })]);
  }
  return out;
}

/** Implementations of `protocol` loaded in the runtime, as the types they are for. */
export function implsOf(rt: Runtime, protocol: string): string[] {
  const out: string[] = [];
  for (const def of rt.modules.values()) if (def.impl?.protocol === protocol && def.name === implName(protocol, def.impl.for)) out.push(def.impl.for);
  return out;
}
