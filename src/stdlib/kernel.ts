// Kernel functions that are not compiled inline (see compiler/intrinsics.ts): processes,
// apply, inspect, exits and throws, and the function forms of guards for captures.
// Importing ./process.js also registers the Process module and :erlang's process BIFs.
import { append, subtract } from "../runtime/ops.js";
import { TailCall, applyArgs, applyCall } from "../runtime/calls.js";
import { isLibraryMacro } from "../runtime/module-info.js";
import { regexMatch, toStr } from "../runtime/compiler/support.js";
import type { NativeFn } from "../runtime/code.js";
import { BeamError, argumentError, arithmeticError, badArgs, raise } from "../runtime/errors.js";
import * as erlang from "./erlang.js";
import { Fun } from "../runtime/fun.js";
import { inspect, inspectWith } from "../runtime/inspect.js";
import type { CharListsWarning } from "../runtime/inspect.js";
import { charListsWarnings } from "./io.js";
import { libmPow } from "./float-libm.js";
import { MapTerm } from "../runtime/map.js";
import * as ops from "../runtime/ops.js";
import type { Process } from "../runtime/process.js";
import type { Runtime } from "../runtime/runtime.js";
import { Atom, Cons, Float, NIL, Pid, Port, Ref, Term, a, atomName, binBytes, binFromBytes, int, isAtom, isBinary, isInteger, list, listToArray, tuple } from "../runtime/term.js";
import { bifError, erlangNatives as processErlang, sendTo, spawnFrom } from "./process.js";

/** The entry code of spawned processes (moved to ./process.js; re-exported for the observer). */
export { APPLY_FUN } from "./process.js";
import { compare } from "../runtime/term-order.js";
import { buildStruct } from "../runtime/compiler/module.js";
import { fce } from "../runtime/arith.js";
import { enumToArray, protocolError } from "./enumerable.js";
import { request } from "../runtime/elixir-callback.js";
import { locatedEntries } from "./library-frames.js";

type P = Process;

function argsArray(l: Term): Term[] {
  const arr = listToArray(l);
  if (arr === null) throw argumentError("argument error");
  return arr;
}

/** A stack entry of Elixir's code: `{mod, fun, arity | args, [file: file, line: line]}`. */
function entryAt(mod: string, fun: string, arityOrArgs: Term, file: string, line: number): Term {
  return tuple(a(mod), a(fun), arityOrArgs, list([tuple(a("file"), list(Array.from(file, (c) => c.codePointAt(0)!))), tuple(a("line"), line)]));
}

const inspectFn: NativeFn = ([t, opts], p) => {
  if (opts === undefined) return inspect(t);
  // def inspect(term, opts \\ []) when is_list(opts)
  if (!(opts === NIL || opts instanceof Cons)) throw fce("Kernel", "inspect", [t, opts]);
  // (its options are struct(Inspect.Opts, opts) first: a bad entry fails there, at line 2246)
  if (!(listToArray(opts) ?? [1]).every((x) => Array.isArray(x) && x.length === 2)) {
    try {
      structOf(p as P, a("Elixir.Inspect.Opts"), opts);
    } catch (e) {
      const head = (e as { headFrames?: Term[] }).headFrames;
      if (head !== undefined) head.push(entryAt("Elixir.Kernel", "inspect", 2, "lib/kernel.ex", 2246));
      throw e;
    }
  }
  const warnings: CharListsWarning[] = [];
  const s = inspectWith(t, opts, warnings);
  return warnings.length === 0 ? s : charListsWarnings(warnings, KERNEL_INSPECT, IDENTITY, [s]);
};
/** Kernel.inspect/2's entry where it makes the term's document (Inspect.Algebra.to_doc/2). */
const KERNEL_INSPECT = entryAt("Elixir.Kernel", "inspect", 2, "lib/kernel.ex", 2254);
const IDENTITY = new Fun(1, null, [], a("Elixir.Function"), a("identity"));

/** Kernel functions that are the :erlang BIFs under the same name (Kernel inlines them). */
const FROM_ERLANG = [
  "round/1", "trunc/1", "floor/1", "ceil/1", "bit_size/1", "binary_part/3", "is_atom/1",
  "is_binary/1", "is_bitstring/1", "is_boolean/1", "is_float/1", "is_function/1", "is_function/2",
  "is_integer/1", "is_list/1", "is_map/1", "is_number/1", "is_pid/1", "is_port/1", "is_reference/1",
  "is_tuple/1", "is_map_key/2", "map_size/1", "tuple_size/1", "length/1", "hd/1", "tl/1",
  "abs/1", "div/2", "rem/2", "byte_size/1", "+/2", "-/2", "*/2", "//2", "+/1", "-/1",
];

/** Kernel's comparison operators, which are :erlang's under Erlang's names. */
const COMPARISONS: Record<string, string> = {
  "==/2": "==/2", "!=/2": "/=/2", "===/2": "=:=/2", "!==/2": "=/=/2", "</2": "</2", "<=/2": "=</2", ">/2": ">/2", ">=/2": ">=/2",
};

function erlangAliases(): Record<string, NativeFn> {
  const out: Record<string, NativeFn> = {};
  for (const k of FROM_ERLANG) if (erlang.natives.fns[k]) out[k] = erlang.natives.fns[k];
  for (const [k, e] of Object.entries(COMPARISONS)) if (erlang.natives.fns[e]) out[k] = erlang.natives.fns[e];
  return out;
}

/** `binary_slice/2,3` (Elixir 1.14): byte-based slicing clamped to the binary. */
function binarySlice(b: Term, start: Term, len?: Term): Term {
  const isRange = (r: Term): r is MapTerm => r instanceof MapTerm && r.get(a("__struct__")) === a("Elixir.Range");
  if (len === undefined) {
    if (!isBinary(b) || !isRange(start)) throw fce("Kernel", "binary_slice", [b, start]);
    const [f, l, st] = ["first", "last", "step"].map((k) => BigInt(start.get(a(k)) as number | bigint));
    if (st <= 0n) throw argumentError("binary_slice/2 does not accept ranges with negative steps, got: " + inspect(start));
    const bytes = binBytes(b);
    const total = BigInt(bytes.length);
    const first = f < 0n ? (f + total > 0n ? f + total : 0n) : f;
    const last = l < 0n ? l + total : l;
    const amount = last - first + 1n;
    if (first >= total || amount <= 0n) return "";
    const part = bytes.subarray(Number(first), Number(first + (amount < total - first ? amount : total - first)));
    if (st === 1n) return binFromBytes(part.slice());
    const step = Number(st);
    const picked: number[] = [];
    for (let i = 0; i < part.length; i += step) picked.push(part[i]);
    return binFromBytes(Uint8Array.from(picked));
  }
  if (!isBinary(b) || !isInteger(start) || !isInteger(len) || len < 0) throw fce("Kernel", "binary_slice", [b, start, len]);
  const bytes = binBytes(b);
  const total = BigInt(bytes.length);
  let s = BigInt(start);
  if (s < 0n) s = s + total > 0n ? s + total : 0n;
  if (s >= total) return "";
  const size = BigInt(len) < total - s ? BigInt(len) : total - s;
  return binFromBytes(bytes.slice(Number(s), Number(s + size)));
}

/** Kernel power operator: integer power for integers, float power otherwise. */
function power(x: Term, y: Term): Term {
  const isInt = (t: Term) => typeof t === "number" || typeof t === "bigint";
  if (isInt(x) && isInt(y) && y >= 0) return int(BigInt(x) ** BigInt(y));
  const fx = x instanceof Float ? x.v : Number(x);
  const fy = y instanceof Float ? y.v : Number(y);
  const v = libmPow(fx, fy);
  if (!Number.isFinite(v)) throw arithmeticError();
  return new Float(v);
}

/** Kernel.to_charlist/1: List.Chars.to_charlist, done here for the built-in types. */
function toCharlist(t: Term): Term {
  if (t === NIL || t instanceof Cons) return t;
  // Anything else (a struct with its own implementation, a map, a pid) dispatches.
  if (!(isBinary(t) || t instanceof Atom || isInteger(t) || t instanceof Float)) return new TailCall(new Fun(1, null, [], a("Elixir.List.Chars"), a("to_charlist")), [t]);
  const s = toStr(t);
  return list(Array.from(typeof s === "string" ? s : new TextDecoder("utf-8", { ignoreBOM: true }).decode(binBytes(s)), (c) => c.codePointAt(0)!));
}

/** `destructure/2` support: the first n elements, padded with nil. */
function destructurePad(l: Term, n: Term): Term {
  if (l === null) return list(new Array(n).fill(null));
  const arr = listToArray(l) ?? [];
  const out = arr.slice(0, n as number);
  while (out.length < (n as number)) out.push(null);
  return list(out);
}

/** The entries `keys` of a natives table (Kernel shares :erlang's process BIFs). */
function pick(table: Record<string, NativeFn>, keys: string[]): Record<string, NativeFn> {
  return Object.fromEntries(keys.map((k) => [k, table[k]]));
}

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.Kernel",
  fns: {
    ...erlangAliases(),
    "**/2": ([x, y]) => power(x, y),
    "=~/2": ([l, r], p) => regexMatch(p as Process, l, r),
    "binary_slice/2": ([b, r]) => binarySlice(b, r),
    "binary_slice/3": ([b, s, l]) => binarySlice(b, s, l),
    "to_charlist/1": ([t]) => toCharlist(t),
    "is_exception/1": ([t]) => t instanceof MapTerm && t.get(a("__exception__")) === true,
    "is_exception/2": ([t, m]) => t instanceof MapTerm && t.get(a("__exception__")) === true && t.get(a("__struct__")) === m,
    "is_struct/1": ([t]) => t instanceof MapTerm && t.get(a("__struct__")) instanceof Atom,
    "is_struct/2": ([t, m]) => t instanceof MapTerm && t.get(a("__struct__")) === m,
    "__destructure__/2": ([l, n]) => destructurePad(l, n),
    "inspect/1": inspectFn,
    "inspect/2": inspectFn,
    ...pick(processErlang, ["spawn/1", "spawn/3", "spawn_link/1", "spawn_link/3", "spawn_monitor/1", "spawn_monitor/3", "send/2"]),
    "self/0": (_, p) => (p as P).pid,
    ...pick(erlang.natives.fns, ["node/0", "node/1"]),
    "make_ref/0": (_, p) => (p.rt as Runtime).makeRef(),
    "exit/1": ([r]) => {
      throw new BeamError("exit", r);
    },
    "throw/1": ([v]) => {
      throw new BeamError("throw", v);
    },
    "apply/2": ([f, args]) => new TailCall(f, argsArray(args)),
    "apply/3": ([m, f, args], p) => applyCall(p, m, f, applyArgs(m, f, args)),
    "max/2": ([x, y]) => (compare(x, y) >= 0 ? x : y),
    "min/2": ([x, y]) => (compare(x, y) <= 0 ? x : y),
    "elem/2": ([t, i]) => ops.elem(t, i),
    "put_elem/3": ([t, i, v]) => {
      ops.elem(t, i);
      const c = [...t];
      c[i] = v;
      return c;
    },
    "tuple_size/1": ([t]) => ops.tupleSize(t),
    "length/1": ([l]) => ops.length(l),
    "hd/1": ([l]) => ops.hd(l),
    "tl/1": ([l]) => ops.tl(l),
    "map_size/1": ([m]) => ops.mapSize(m),
    "byte_size/1": ([b]) => ops.bsize(b),
    "abs/1": ([x]) => ops.abs(x),
    "div/2": ([x, y]) => ops.idiv(x, y),
    "rem/2": ([x, y]) => ops.irem(x, y),
    "not/1": ([x]) => ops.not(x),
    "is_nil/1": ([x]) => x === null,
    "to_string/1": ([x]) => toStr(x),
    // The compiler inlines these; as functions they serve captures and apply/3.
    "++/2": ([x, y]) => append(x, y),
    "--/2": ([x, y]) => subtract(x, y),
    "struct/1": ([m], p) => structOf(p as P, m, list([])),
    "struct/2": ([m, kv], p) => structOf(p as P, m, kv),
    "struct!/1": ([m], p) => structStrict(p as P, m, list([])),
    "struct!/2": ([m, kv], p) => structStrict(p as P, m, kv),
    "function_exported?/3": ([m, f, n], p) => !isLibraryMacro(atomName(m), atomName(f), n) && (p.rt as Runtime).modules.lookup(atomName(m), atomName(f), n) !== null,
    "binding/0": () => list([]),
  },
};

function structOf(p: P, m: Term, kv: Term): Term {
  const rt = p.rt as Runtime;
  // Kernel.struct/3's clauses take a module or a struct (its reducer fun shown as Elixir's).
  const isStructMap = m instanceof MapTerm && m.get(a("__struct__")) instanceof Atom;
  if (!(m instanceof Atom || m === null || m === true || m === false || isStructMap)) {
    throw fce("Kernel", "struct", [m, kv, STRUCT_REDUCER]);
  }
  const mod = m instanceof MapTerm ? m.get(a("__struct__")) : m;
  const def = rt.modules.get(atomName(mod));
  // (a module's own __struct__/0, no defstruct's: Elixir code, whose result is checked)
  const own = m instanceof Atom && def !== undefined && !def.struct ? rt.modules.lookup(m.name, "__struct__", 0) : null;
  const user = own !== null && own !== undefined && own.native === undefined ? rt.modules.lookup("Elixir.Kernel", "__struct_of__", 2) : null;
  if (user !== null && user !== undefined) return new TailCall(user, [m, kv]) as unknown as Term;
  // A library struct (URI, Date, ...) has a native __struct__/0 and no fields recorded.
  const ctor = def?.struct ? undefined : rt.modules.lookup(atomName(mod), "__struct__", 0)?.native;
  if (!def || (!def.struct && ctor === undefined)) throw raise("UndefinedFunctionError", { module: mod, function: a("__struct__"), arity: 0, reason: null, message: null });
  let s = ctor !== undefined ? (ctor([], p) as MapTerm) : MapTerm.fromPairs([[a("__struct__"), mod], ...def.struct!.map(([k, v]) => [a(k), v] as [Term, Term])]);
  if (m instanceof MapTerm) s = m;
  // Enum.reduce(fields, struct, fn {:__struct__, _}, acc -> acc; {key, val}, acc -> ... end)
  let items: Term[] | null;
  try {
    items = kv === NIL ? [] : enumToArray(kv);
  } catch (e) {
    // (raised by Enum.reduce/3, which struct/3 hands the fields to)
    if (e instanceof BeamError && (e as { native?: unknown }).native === undefined) {
      (e as { native?: unknown }).native = [a("Elixir.Enum"), "reduce", [kv, s, STRUCT_REDUCER]];
      (e as { entered?: unknown }).entered = ["Elixir.Enum", "reduce", 3];
    }
    throw e;
  }
  if (items === null) {
    request(protocolError("Enumerable", kv).reason, kv, "", "Elixir.Enum", "to_list", [kv]);
    items = [];
  }
  for (const pair of items) {
    if (!(Array.isArray(pair) && pair.length === 2)) throw structReducerClause(pair, s);
    const [k, v] = pair as Term[];
    if (s.has(k) && k !== a("__struct__")) s = s.put(k, v);
  }
  return s;
}

const KERNEL_STRUCT_FUN = a("-struct/2-fun-0-");
/** struct/2's reducer fun, as Elixir's (for the entries of errors raised with it). */
const STRUCT_REDUCER = new Fun(2, null, [], null, null, 22, 98344383, "Kernel.struct/2");

/** A field of struct/2 that is no `{key, value}` pair: its reducer fun has no clause for it. */
function structReducerClause(item: Term, acc: MapTerm): BeamError {
  const err = raise("FunctionClauseError", { module: a("Elixir.Kernel"), function: KERNEL_STRUCT_FUN, arity: 2, kind: null, args: null, clauses: null });
  (err as { headFrames?: Term[] }).headFrames = [
    entryAt("Elixir.Kernel", KERNEL_STRUCT_FUN.name, list([item, acc]), "lib/kernel.ex", 2301),
    entryAt("Elixir.Enum", "-reduce/3-lists^foldl/2-0-", 3, "lib/enum.ex", 2468),
  ];
  (err as { headFinal?: boolean }).headFinal = true;
  return err;
}

/** The `{key, value}` pairs of a keyword list or a map given as a struct's fields. */
function fieldPairs(kv: Term): Term[] {
  if (kv instanceof MapTerm) return [...kv.entries.values()].map(([k, v]) => [k, v] as Term);
  return listToArray(kv) ?? [];
}

/**
 * Kernel.struct!/2: with a module, what its __struct__/1 builds (unknown keys and missing
 * @enforce_keys raise there); with a struct, each key must already be one of its fields.
 */
function structStrict(p: P, m: Term, kv: Term): Term {
  const rt = p.rt as Runtime;
  if (m instanceof Atom) {
    const own = rt.modules.get(m.name)?.struct ? null : rt.modules.lookup(m.name, "__struct__", 1);
    const user = own !== null && own !== undefined && own.native === undefined ? rt.modules.lookup("Elixir.Kernel", "__struct_of__!", 2) : null;
    if (user !== null && user !== undefined) return new TailCall(user, [m, kv]) as unknown as Term;
    const ctor = rt.modules.lookup(m.name, "__struct__", 1)?.native;
    // A library struct with only a native __struct__/0 (URI, Date, ...): its defaults, replaced.
    const defaults = ctor === undefined ? rt.modules.lookup(m.name, "__struct__", 0)?.native : undefined;
    if (defaults !== undefined) return buildStruct(m.name, defaults([], p) as MapTerm, [], list(fieldPairs(kv)));
    if (ctor === undefined) {
      throw raise("UndefinedFunctionError", { module: m, function: a("__struct__"), arity: 1, reason: null, message: null });
    }
    // (struct!/2 goes on after __struct__/1 returns: its entry stays under what that raised)
    try {
      return ctor([list(fieldPairs(kv))], p);
    } catch (e) {
      const head = (e as { headFrames?: Term[] }).headFrames;
      if (head !== undefined) {
        // (kept as it is: under __struct__/1's own entries, which its body does not call)
        const entry = entryAt("Elixir.Kernel", "struct!", 2, "lib/kernel.ex", 2336) as Term[];
        locatedEntries.add(entry);
        head.push(entry);
      }
      throw e;
    }
  }
  if (m instanceof MapTerm && m.get(a("__struct__")) instanceof Atom && !(kv === NIL || (kv instanceof MapTerm && kv.size === 0) || (listToArray(kv) ?? [1]).length === 0)) {
    let s = m;
    for (const pair of fieldPairs(kv)) {
      const [k, v] = pair as Term[];
      if (k === a("__struct__")) continue;
      if (!s.has(k)) throw raise("KeyError", { key: k, term: s, message: null });
      s = s.put(k, v);
    }
    return s;
  }
  if (m instanceof MapTerm && m.get(a("__struct__")) instanceof Atom) return m;
  throw raise("FunctionClauseError", { module: a("Elixir.Kernel"), function: a("struct"), arity: 3, kind: null, args: null, clauses: null });
}

/** The fun's `{key, value}` for :erlang.fun_info/2. */
/** erlang:fun_info/2. A local fun's pid is the process asking (funs do not record their creator). */
function funInfo(f: Term, key: Term, p?: { rt: unknown }): Term {
  if (!(f instanceof Fun)) throw bifError("fun_info", key === undefined ? [f] : [f, key], [[1, "not a fun"]]);
  const external = f.module !== null;
  // A closure received from another node keeps the fields it came with (runtime/dist/funs.ts).
  const wire = (f as Fun & { wire?: { module: Atom; pid: Term } }).wire;
  const UNDEFINED = a("undefined");
  const k = key instanceof Atom ? key.name : "";
  // A script's fun is its module's (elixir_compiler_0), named as its code is.
  const script = f.where.startsWith("file:") && f.code !== null ? f.code : null;
  const value = (() => {
    switch (k) {
      case "arity":
        return f.arity;
      case "module":
        if (script !== null) return a(script.module);
        return f.module ?? wire?.module ?? a(f.where.split(".")[0] === ":erl_eval" ? "erl_eval" : "Elixir." + f.where.replace(/\.[^.]*$/, ""));
      case "name":
        // BEAM names a lambda after the function it is in: -adder/1-fun-0-. erl_eval's funs
        // (the shell's, one per arity) are numbered the other way from their index.
        if (f.name !== null) return f.name;
        if (script !== null) return a(script.name);
        if (f.where === ":erl_eval.expr/6") return a(`-expr/6-fun-${45 - f.index}-`);
        // (a module's fun: its code's name, which counts the funs of its function)
        if (typeof f.code?.name === "string" && f.code.name.startsWith("-")) return a(f.code.name);
        return a(`-${f.where.replace(/^.*\.(?=[^.]*\/\d+$)/, "")}-fun-${f.index}-`);
      case "type":
        return a(external ? "external" : "local");
      case "env":
        return external ? NIL : list(f.env);
      case "pid":
        return external ? UNDEFINED : (wire?.pid ?? (p?.rt as Runtime | undefined)?.scheduler.current?.pid ?? UNDEFINED);
      case "index":
      case "new_index":
        return external ? UNDEFINED : f.index;
      case "uniq":
        return external ? UNDEFINED : f.uniq;
      case "new_uniq":
        return external ? UNDEFINED : binFromBytes(new Uint8Array(16));
      default:
        throw bifError("fun_info", [f, key], [[2, "invalid item"]]);
    }
  })();
  return tuple(key, value);
}

export const erlangExtras: { module: string; fns: Record<string, NativeFn> } = {
  module: "erlang",
  fns: {
    "++/2": ([x, y]) => append(x, y),
    "--/2": ([x, y]) => subtract(x, y),
    "fun_info/2": ([f, k], p) => funInfo(f, k, p),
    "fun_info/1": ([f], p) => {
      if (!(f instanceof Fun)) return funInfo(f, undefined);
      const external = f.module !== null;
      const keys = external ? ["module", "name", "arity", "env", "type"] : ["pid", "module", "new_index", "new_uniq", "index", "uniq", "name", "arity", "env", "type"];
      return list(keys.map((k) => funInfo(f, a(k), p)));
    },
    "make_fun/3": ([m, f, n]) => {
      const problems: [number, string][] = [];
      // (nil, true and false are atoms too: &nil.f/1)
      if (!isAtom(m)) problems.push([1, "not an atom"]);
      if (!isAtom(f)) problems.push([2, "not an atom"]);
      if (typeof n !== "number") problems.push([3, typeof n === "bigint" ? "out of range" : "not an integer"]);
      else if (n < 0 || n > 255) problems.push([3, "out of range"]);
      if (problems.length > 0) throw bifError("make_fun", [m, f, n], problems);
      const atomOf = (t: Term): Atom => (t instanceof Atom ? t : a(t === null ? "nil" : String(t)));
      return new Fun(n as number, null, [], atomOf(m), atomOf(f));
    },
    "apply/2": ([f, args]) => new TailCall(f, argsArray(args)),
    "apply/3": ([m, f, args], p) => applyCall(p, m, f, applyArgs(m, f, args)),
  },
};
