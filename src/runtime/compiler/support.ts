// Runtime support called from generated code: map/struct construction, field access,
// ranges, membership, sigils, comprehensions and error normalisation.
import { BeamError, badArgs, badMap, exception, keyError, raise } from "../errors.js";
import { inspect } from "../inspect.js";
import { binBuild } from "./binaries.js";
import { toStringBuiltIn } from "../string-chars.js";
import { NeedsElixir } from "../elixir-callback.js";
import { EMPTY_MAP, MapTerm, keyOf } from "../map.js";
import { mapFoldOrder } from "../map-order.js";
import { normalizeError as normalizeReason } from "../exception-message.js";
import { BsFailure, bifError, bsFail, eq, seq } from "../ops.js";
import type { Process } from "../process.js";
import { Fun } from "../fun.js";
import { Atom, Bin, Cons, NIL, Term, a, binBytes, isBinary, list, listToArray } from "../term.js";
import { fce } from "../arith.js";

const STRUCT = a("__struct__");
const EXCEPTION = a("__exception__");

export function mapNew(kv: Term[]): MapTerm {
  return EMPTY_MAP.putKv(kv);
}

/** `%{m | k => v}`: every key must already exist. */
export function mapUpdate(m: Term, kv: Term[], evaluated = false): MapTerm {
  if (!(m instanceof MapTerm)) throw badMap(m);
  const r = m.update(kv);
  if (typeof r !== "number") return r;
  // Code the shell evaluates updates through maps:update/3, as erl_eval does (its frame shows,
  // and KeyError's term is the map). Compiled code's update instruction fails with
  // {:badkey, key}, which names no map: its KeyError has term nil ("key :foo not found").
  if (evaluated) throw bifError(keyError(kv[r], m), "update", [kv[r], kv[r + 1], m], "maps");
  throw keyError(kv[r], null);
}

/** `%Mod{k: v}` given the struct's default map (built at compile time). */
export function structNew(defaults: MapTerm, kv: Term[]): MapTerm {
  return defaults.putKv(kv);
}

export function structUpdate(s: Term, mod: Atom, kv: Term[], evaluated = false): MapTerm {
  if (!(s instanceof MapTerm) || s.get(STRUCT) !== mod) {
    throw raise("BadStructError", { struct: mod, term: s });
  }
  return mapUpdate(s, kv, evaluated);
}

/**
 * `term.field` in a guard (map_get/2): a map's field; anything else fails, the guard with it
 * (outside guards, expr.ts `dotField`).
 */
export function dot(m: Term, key: Atom): Term {
  const v = dotValue(m, key, false);
  if (v === NOT_A_FIELD) throw new BeamError("error", [a("badkey"), key, m]);
  return v;
}

/** What `dotValue` answers when the field access must be made a call, `term.name()`. */
export const NOT_A_FIELD: Term = Object.freeze({ notAField: true }) as unknown as Term;

/**
 * `term.name` or `term.name()` answered in place when no call is needed (the common case:
 * a map with the field; or the KeyError of `term.name` on a term that is neither a map nor
 * a module), else NOT_A_FIELD: with parentheses or on a module atom (an atom other than
 * nil, true and false) Elixir's case calls `term.name()`.
 */
export function dotValue(m: Term, key: Atom, parens: boolean): Term {
  if (m instanceof MapTerm) {
    const v = m.getAtom(key);
    if (v !== undefined) return v;
    if (!parens) throw keyError(key, m);
    return NOT_A_FIELD;
  }
  if (parens || m instanceof Atom) return NOT_A_FIELD;
  throw new BeamError("error", [a("badkey"), key, m]);
}

/**
 * `first..last` and `first..last//step` of values known only when they run: Kernel expands
 * them to Range.new/2,3, so their error is raised by (and traced as) Range.new.
 */
export function range(first: Term, last: Term, step?: Term): MapTerm {
  const isInt = (x: Term) => typeof x === "number" || typeof x === "bigint";
  if (step !== undefined && (!isInt(first) || !isInt(last) || !isInt(step) || step === 0)) {
    const message = `ranges (first..last//step) expect both sides to be integers and the step to be a non-zero integer, got: ${inspect(first)}..${inspect(last)}//${inspect(step)}`;
    throw asRangeNew(raise("ArgumentError", { message }), [first, last, step]);
  }
  if (!isInt(first) || !isInt(last)) {
    throw asRangeNew(raise("ArgumentError", { message: `ranges (first..last) expect both sides to be integers, got: ${inspect(first)}..${inspect(last)}` }), [first, last]);
  }
  const s = step === undefined ? (last >= first ? 1 : -1) : step;
  return MapTerm.fromPairs([[STRUCT, a("Elixir.Range")], [a("first"), first], [a("last"), last], [a("step"), s]]);
}

/** Tags `e` as raised by the native Range.new with `args` (as calls.ts tags a native's error). */
function asRangeNew(e: BeamError, args: Term[]): BeamError {
  const t = e as BeamError & { native?: unknown; entered?: [string, string, number] };
  t.fromNative = true;
  t.entered = ["Elixir.Range", "new", args.length];
  t.native = [a("Elixir.Range"), "new", args];
  return e;
}

/**
 * `x in first..last` (and `//step`) of a range written in place: in a guard bounds that are no
 * integers make it false; elsewhere the range is built first, so they raise its ArgumentError.
 */
export function inRange(x: Term, lo: Term, hi: Term, guard = false): boolean {
  const isInt = (t: Term) => typeof t === "number" || typeof t === "bigint";
  if (!isInt(lo) || !isInt(hi)) {
    if (guard) return false;
    range(lo, hi);
  }
  if (!isInt(x)) return false;
  return lo <= hi ? x >= lo && x <= hi : x <= lo && x >= hi;
}

export function inRangeStep(x: Term, lo: Term, hi: Term, step: Term, guard = false): boolean {
  const isInt = (t: Term) => typeof t === "number" || typeof t === "bigint";
  if (!isInt(lo) || !isInt(hi) || !isInt(step) || Number(step) === 0) {
    if (guard) return false;
    range(lo, hi, step);
  }
  if (!isInt(x)) return false;
  const st = Number(step);
  if (st > 0 ? !(x >= lo && x <= hi) : !(x <= lo && x >= hi)) return false;
  return (BigInt(x as number | bigint) - BigInt(lo as number | bigint)) % BigInt(st) === 0n;
}

/**
 * :lists.member/2 (Kernel.in/2 of a list with a tail, Enumerable.List.member?/2): strict equality
 * (1.0 is not in [1]); a tail that is no list, or a list that is not proper, is its
 * ArgumentError once reached.
 */
export function listsMember(x: Term, l: Term): boolean {
  const fail = (why: string) => bifError(badArgs([[2, why]]), "member", [x, l], "lists");
  if (l !== NIL && !(l instanceof Cons)) throw fail("not a list");
  for (let c: Term = l; ; c = (c as Cons).t) {
    if (c === NIL) return false;
    if (!(c instanceof Cons)) throw fail("not a proper list");
    if (seq(c.h, x)) return true;
  }
}

/** `x in e` when no Elixir code is needed; undefined when Enum.member?/2 must run. */
export function memberFast(p: Process, x: Term, e: Term): boolean | undefined {
  // (a fun is Enumerable's Function implementation: Enum.member?/2, which runs it or raises
  // that only anonymous functions of arity 2 are enumerable)
  if (e instanceof Fun) return undefined;
  try {
    return member(p, x, e);
  } catch (err) {
    if (err instanceof NeedsElixir) return undefined;
    throw err;
  }
}

/** `x in enumerable` for non-literal right sides (lists, ranges, maps, MapSets). */
export function member(p: Process, x: Term, e: Term): boolean {
  if (e === NIL || e instanceof Cons) return listsMember(x, e);
  if (e instanceof MapTerm) {
    const s = e.get(STRUCT);
    if (s === a("Elixir.Range")) return inRangeStep(x, e.get(a("first")), e.get(a("last")), e.get(a("step")));
    if (s === a("Elixir.MapSet")) return (e.get(a("map")) as MapTerm).has(x);
    if (s !== undefined) return p.rt.hooks.enumMember(e, x);
    if (Array.isArray(x) && x.length === 2) {
      const v = e.get(x[0]);
      return v !== undefined && seq(v, x[1]);
    }
    return false;
  }
  throw raise("Protocol.UndefinedError", { protocol: a("Elixir.Enumerable"), value: e, description: "" });
}

/** String.Chars (interpolation and to_string/1): one implementation, in string-chars.ts. */
export { toStringTerm as toStr } from "../string-chars.js";

/** String.Chars when no Elixir code is needed; undefined when String.Chars.to_string/1 must run. */
export const toStrFast = (t: Term): Term => toStringBuiltIn(t);

export function charlist(s: Term): Term {
  return list(Array.from(s as string, (c) => c.codePointAt(0)!));
}

export function words(s: Term, mods: string): Term {
  const ws = (s as string).split(/\s+/).filter((w) => w.length > 0);
  if (mods.includes("a")) return list(ws.map((w) => a(w)));
  if (mods.includes("c")) return list(ws.map(charlist));
  return list(ws);
}

/**
 * The value of a built-in sigil (~s ~S ~c ~C ~w ~W ~r ~R) given its text and modifiers.
 * `p` is null when the compiler folds a literal sigil (never a regex).
 */
export function sigilValue(p: Process | null, name: string, text: Term, mods: string): Term {
  switch (name) {
    case "sigil_s":
    case "sigil_S":
      return text;
    case "sigil_c":
    case "sigil_C":
      return charlist(text);
    case "sigil_w":
    case "sigil_W":
      return words(text, mods);
    default:
      return regex(p!, text, mods);
  }
}

/** `~r/src/opts` (the library compiles it; see library.ts). */
export function regex(p: Process, src: Term, opts: string): Term {
  return p.rt.hooks.regexCompile(src as string, opts);
}

/** `l =~ r`. */
export function regexMatch(p: Process, l: Term, r: Term): boolean {
  if (!isBinary(l)) throw fce("Elixir.Kernel", "=~", [l, r]);
  if (typeof l === "string" && typeof r === "string") return l.includes(r);
  if (isBinary(r)) return bytesInclude(binBytes(l as string | Bin), binBytes(r as string | Bin));
  return p.rt.hooks.regexMatch(l, r);
}

/** Whether `needle` occurs in `hay` (as :binary.match/2 finds it). */
function bytesInclude(hay: Uint8Array, needle: Uint8Array): boolean {
  if (needle.length === 0) return true;
  return Buffer.from(hay.buffer, hay.byteOffset, hay.length).includes(Buffer.from(needle.buffer, needle.byteOffset, needle.length));
}

/**
 * The elements a comprehension's generator walks as an array: lists, ranges, maps and
 * MapSets. Null for anything else (streams, functions, other structs), which is walked
 * through Enumerable.reduce/3 one element at a time.
 */
export function forArray(p: Process, e: Term): Term[] | null {
  if (e === NIL || e instanceof Cons) return listElements(e);
  if (e instanceof MapTerm) {
    const s = e.get(STRUCT);
    // A map generator is walked as Enum.reduce/3 walks it: in :maps.fold/3's order.
    if (s === undefined) return mapFoldOrder(e).map(([k, v]) => [k, v]);
    if (s === RANGE || s === MAPSET) return p.rt.hooks.enumToArray(e);
  }
  return null;
}

const RANGE = a("Elixir.Range");
const MAPSET = a("Elixir.MapSet");

function listElements(l: Term): Term[] {
  const out: Term[] = [];
  for (; l instanceof Cons; l = l.t) out.push(l.h);
  if (l !== NIL) throw new BeamError("error", [a("bad_generator"), l]);
  return out;
}

/** `uniq: true`: whether `v` is seen for the first time (and remembers it). */
export function forFirst(seen: Set<unknown>, v: Term): boolean {
  const k = keyOf(v);
  if (seen.has(k)) return false;
  seen.add(k);
  return true;
}

/**
 * A bitstring generator given something else: a comprehension that Elixir compiles to an
 * Erlang binary comprehension fails with bad_generator, its general translation with badarg.
 */
export function forBadGenerator(v: Term, comprehension: boolean): BeamError {
  return new BeamError("error", [a(comprehension ? "bad_generator" : "badarg"), v]);
}

/** A value that is not a bitstring collected `into: ""`. */
export function forBadElement(v: Term, comprehension: boolean): BeamError {
  if (!comprehension) return new BeamError("error", [a("badarg"), v]);
  return bsFail(1, "binary", "type", v, `expected a binary but got: ${inspect(v)}`);
}

/** The bitstrings collected `into: ""`, joined. */
export function forBinary(items: Term[]): Term {
  if (items.every((x) => typeof x === "string")) return items.join("");
  return binBuild(items.map((x) => [x, "bitstring", undefined, 1, false, false]));
}

/** The {key, value} pairs collected `into: %{}` (:maps.from_list/1). */
export function forMap(items: Term[]): Term {
  for (const kv of items) {
    if (!Array.isArray(kv) || kv.length !== 2) throw bifError(raise("ArgumentError", { message: "argument error" }), "from_list", [list(items)], "maps");
  }
  return MapTerm.fromPairs(items as [Term, Term][]);
}

/** The exception struct for a caught error (raw Erlang reasons become ErlangError etc.). */
export function normalizeError(e: BeamError): Term {
  const r = e.reason;
  if (r instanceof MapTerm && r.get(EXCEPTION) === true) return r;
  if (e.kind !== "error") return r;
  // As ErlangError.normalize/2: :badarg, {:badarg, x}, {:case_clause, x}, ... become exceptions.
  // Caught in a direct body, the trace is not made yet: the entries known there (machine.ts directCatch).
  const partial = e.traced ? undefined : (e as BeamError & { partialTrace?: Term }).partialTrace;
  return normalizeReason(r, partial ?? e.stacktrace ?? NIL);
}

/**
 * Whether a rescued error is one `rescue ErlangError` takes as well as its own exception:
 * its raw reason is no exception (an error the VM or `:erlang.error/1` raised with another
 * term), which ErlangError.normalize/2 turned into the exception (elixir_erl_try's guard).
 */
export function rescuedAsErlangError(e: BeamError): boolean {
  if (e.kind !== "error") return false;
  const r = caughtReason(e);
  return !(r instanceof MapTerm && r.get(EXCEPTION) === true);
}

/**
 * What `catch :error, reason` sees: BEAM's raw reason for errors the VM raised itself
 * (`:badarith`, `{:badmatch, v}`, ...), the term as given for `raise`/`:erlang.error`.
 */
export function caughtReason(e: BeamError): Term {
  const r = e.reason;
  if (e.kind !== "error" || (e as BeamError & { explicit?: boolean }).explicit || !(r instanceof MapTerm)) return r;
  const f = (k: string) => r.get(a(k)) ?? null;
  switch ((r.get(STRUCT) as { name?: string } | undefined)?.name) {
    case "Elixir.ArithmeticError":
      return a("badarith");
    case "Elixir.MatchError":
      return [a("badmatch"), f("term")];
    case "Elixir.CaseClauseError":
      return [a("case_clause"), f("term")];
    case "Elixir.TryClauseError":
      return [a("try_clause"), f("term")];
    case "Elixir.FunctionClauseError":
      return a("function_clause");
    case "Elixir.BadMapError":
      return [a("badmap"), f("term")];
    case "Elixir.BadFunctionError":
      return [a("badfun"), f("term")];
    case "Elixir.BadArityError":
      return [a("badarity"), [f("function"), f("args")]];
    case "Elixir.UndefinedFunctionError":
      return a("undef");
    case "Elixir.SystemLimitError":
      return a("system_limit");
    case "Elixir.KeyError":
      // {:badkey, key, map} as a missing map.key raises; {:badkey, key} without the map
      // (:maps.get/2, :maps.update/3 and :erlang.map_get/2, which Map.fetch!/2 and the like are, raise {:badkey, key}:
      // the map is in their stack entry's arguments)
      if (f("message") !== null) return r;
      return f("term") === null || raisedBy(e, "maps") || raisedBy(e, "erlang") ? [a("badkey"), f("key")] : [a("badkey"), f("key"), f("term")];
    case "Elixir.ArgumentError":
      return String(f("message")).startsWith("errors were found at the given arguments") || (e as BsFailure).bsCause !== undefined || (f("message") === "argument error" && erlangBif(e)) ? a("badarg") : r;
  }
  return r;
}

/** Whether `e` was raised by a BIF of an Erlang module (ops.ts bifError), whose plain badarg is ArgumentError's "argument error". */
function erlangBif(e: BeamError): boolean {
  const native = (e as BeamError & { native?: [Term, string, Term[]] }).native;
  return native !== undefined && native[0] instanceof Atom && !native[0].name.startsWith("Elixir.");
}

/** Whether `e`'s stack trace starts with a function of `module` (a BIF it raised from). */
function raisedBy(e: BeamError, module: string): boolean {
  const st = e.stacktrace;
  if (!(st instanceof Cons)) return false;
  const top = st.h;
  return Array.isArray(top) && top[0] instanceof Atom && top[0].name === module;
}

export function isException(t: Term): boolean {
  return t instanceof MapTerm && t.get(EXCEPTION) === true;
}


/** Raises (again, each time it runs) an error found while compiling a definition. */
export function raiseAgain(kind: "error" | "throw" | "exit", reason: Term, stacktrace: Term): never {
  const e = new BeamError(kind, reason);
  if (stacktrace !== null) {
    e.stacktrace = stacktrace;
    e.traced = true;
  }
  throw e;
}
