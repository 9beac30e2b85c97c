// Behaviours at compile time, as Elixir 1.14's Module does them when a module is done:
// `@callback`, `@macrocallback` and `@optional_callbacks` make a module a behaviour
// (behaviour_info/1); a module's `@behaviour`s and `@impl`s are checked against them,
// with iex's warnings (a missing callback, `@impl true` on a function no behaviour asks
// for, a callback without `@impl` once `@impl` is used, an unknown behaviour...).
// A protocol implementation is checked the same way against its protocol.
import { Ast, AstNode, isAtomAst, isNode, isTupleAst } from "../../lang/ast.js";
import { Code, nativeCode } from "../code.js";
import { raise } from "../errors.js";
import { inspectAtom } from "../inspect.js";
import { Atom, Term, a, list, tuple } from "../term.js";
import type { CompilerHost } from "./unit.js";

export type CallbackKind = "function" | "macro";

/** A callback a behaviour asks for. */
export interface Callback {
  kind: CallbackKind;
  name: string;
  arity: number;
}

/** What a behaviour module declares (@callback, @macrocallback, @optional_callbacks). */
export interface BehaviourInfo {
  callbacks: Callback[];
  /** "name/arity" of the optional ones (macros as their MACRO-name/arity+1). */
  optional: string[];
}

/** A definition of the module being checked. */
export interface Definition {
  kind: "def" | "defp" | "defmacro" | "defmacrop";
  name: string;
  arity: number;
  /** Arities its default arguments add below `arity`. */
  defaults: number;
  line: number;
  /** Injected by `use` (Elixir checks those in the context of the behaviour that injected them). */
  fromUse: boolean;
  /** The `@impl` set before it: true, false or a behaviour module; undefined when none. */
  impl?: Term;
  /** The @impl was given in generated code (inherited from an overridden definition), whatever `fromUse` says. */
  implFromUse?: boolean;
  /**
   * The quote's context it was written in (its meta's :context; null: the module's own code),
   * when known: Elixir checks a callback's missing @impl against the contexts the @impls of
   * its behaviour were given in. Without it, `fromUse` stands for it.
   */
  context?: string | null;
}

/** The context a definition (or an @impl entry) was written in, as the checks compare them. */
const contextOf = (d: Definition): string | null => (d.context !== undefined ? d.context : d.fromUse ? "(use)" : null);
const implContextOf = (d: Definition): string | null => (d.context === undefined && d.implFromUse !== undefined ? (d.implFromUse ? "(use)" : null) : contextOf(d));

/** The callbacks of the library's behaviours (beamsh implements them in TypeScript). */
const LIBRARY: Record<string, [string, string]> = {
  "Elixir.GenServer": ["terminate/2 init/1 handle_info/2 handle_continue/2 handle_cast/2 handle_call/3 format_status/2 code_change/3", "terminate/2 handle_info/2 handle_continue/2 handle_cast/2 handle_call/3 format_status/2 code_change/3"],
  "Elixir.Supervisor": ["init/1", ""],
  "Elixir.Config.Provider": ["load/2 init/1", ""],
  "Elixir.DynamicSupervisor": ["init/1", ""],
  "Elixir.Application": ["stop/1 start_phase/3 start/2 prep_stop/1 config_change/3", "start_phase/3 prep_stop/1 config_change/3"],
  "Elixir.Access": ["pop/2 get_and_update/3 fetch/2", ""],
  "Elixir.Exception": ["message/1 exception/1 blame/2", "blame/2"],
  "Elixir.GenStage": ["terminate/2 init/1 handle_subscribe/4 handle_info/2 handle_events/3 handle_demand/2 handle_cast/2 handle_cancel/3 handle_call/3 format_status/2 format_discarded/2 code_change/3", "terminate/2 handle_subscribe/4 handle_info/2 handle_events/3 handle_demand/2 handle_cast/2 handle_cancel/3 handle_call/3 format_status/2 format_discarded/2 code_change/3"],
  "Elixir.ConsumerSupervisor": ["init/1", ""],
  "Elixir.Mix.Task": ["run/1", ""],
  "Elixir.Mix.Shell": ["yes?/2 yes?/1 prompt/1 print_app/0 info/1 error/1 cmd/2 cmd/1", ""],
  "Elixir.EEx.Engine": ["init/1 handle_text/3 handle_expr/3 handle_end/1 handle_body/1 handle_begin/1", ""],
  "Elixir.Calendar": ["year_of_era/3 valid_time?/4 valid_date?/3 time_to_string/4 time_to_day_fraction/4 time_from_day_fraction/1 quarter_of_year/3 parse_utc_datetime/1 parse_time/1 parse_naive_datetime/1 parse_date/1 naive_datetime_to_string/7 naive_datetime_to_iso_days/7 naive_datetime_from_iso_days/1 months_in_year/1 leap_year?/1 days_in_month/2 day_rollover_relative_to_midnight_utc/0 day_of_year/3 day_of_week/4 day_of_era/3 datetime_to_string/11 date_to_string/3", ""],
  "Elixir.Calendar.TimeZoneDatabase": ["time_zone_periods_from_wall_datetime/2 time_zone_period_from_utc_iso_days/2", ""],
  "gen_server": ["init/1 handle_call/3 handle_cast/2 handle_info/2 handle_continue/2 terminate/2 code_change/3 format_status/2 format_status/1", "handle_info/2 handle_continue/2 terminate/2 code_change/3 format_status/1 format_status/2"],
  "gen_statem": ["init/1 callback_mode/0 state_name/3 handle_event/4 terminate/3 code_change/4 format_status/2 format_status/1", "format_status/1 format_status/2 terminate/3 code_change/4 state_name/3 handle_event/4"],
  "gen_event": ["init/1 handle_event/2 handle_call/2 handle_info/2 terminate/2 code_change/3 format_status/2 format_status/1", "handle_info/2 terminate/2 code_change/3 format_status/1 format_status/2"],
  "supervisor": ["init/1", ""],
  "application": ["start/2 stop/1", ""],
  "supervisor_bridge": ["init/1 terminate/2", ""],
};

const fa = (s: string): [string, number] => {
  const i = s.lastIndexOf("/");
  return [s.slice(0, i), Number(s.slice(i + 1))];
};

/** behaviour_info/1 of the library's behaviours, as [module, code]. */
export function libraryBehaviourCodes(): [string, Code][] {
  return Object.keys(LIBRARY).map((m) => [m, behaviourInfoCode(m, libraryBehaviour(m)!, false)]);
}

/** A library behaviour's callbacks, or undefined when `module` is not one. */
export function libraryBehaviour(module: string): BehaviourInfo | undefined {
  const row = LIBRARY[module];
  if (row === undefined) return undefined;
  const callbacks = row[0].split(" ").map((s) => {
    const [name, arity] = fa(s);
    return { kind: "function" as const, name, arity };
  });
  return { callbacks, optional: row[1] === "" ? [] : row[1].split(" ") };
}

// ---- declarations ---------------------------------------------------------------

/** `name(args) :: result` (or with `when`) of a @callback/@macrocallback: [name, arity]. */
export function callbackHead(spec: Ast): [string, number] | null {
  let s = spec;
  if (isNode(s) && s.name === "when") s = s.args![0];
  if (!isNode(s) || s.name !== "::") return null;
  const call = s.args![0];
  if (!isNode(call) || typeof call.name !== "string") return null;
  return [call.name, call.args === null ? 0 : call.args.length];
}

/** `@optional_callbacks name: arity, ...` as "name/arity" keys. */
export function optionalCallbacks(value: Ast): string[] {
  if (!Array.isArray(value)) return [];
  const out: string[] = [];
  for (const p of value) {
    if (isTupleAst(p) && isAtomAst(p.tuple[0]) && typeof p.tuple[1] === "bigint") out.push(`${p.tuple[0].atom}/${p.tuple[1]}`);
  }
  return out;
}

/** behaviour_info/1 of a module that declares callbacks (`compiled`: a user's module, not a library table). */
export function behaviourInfoCode(module: string, info: BehaviourInfo, compiled = true): Code {
  // Elixir emits one -callback attribute per name/arity, walking them sorted and prepending,
  // so behaviour_info lists them by descending name/arity; a macro callback as MACRO-name
  // with the caller's argument. The optional ones come in the same order.
  let ordered = info.callbacks;
  if (compiled) {
    const seen = new Set<string>();
    ordered = info.callbacks.filter((c) => !seen.has(key(c.name, c.arity)) && seen.add(key(c.name, c.arity)) !== undefined);
    ordered.sort((x, y) => (x.name < y.name ? 1 : x.name > y.name ? -1 : y.arity - x.arity));
  }
  const erlName = (c: Callback): [string, number] => (c.kind === "macro" ? ["MACRO-" + c.name, c.arity + 1] : [c.name, c.arity]);
  const callbacks = list(ordered.map((c) => {
    const [n, ar] = erlName(c);
    return tuple(a(n), ar);
  }));
  const optionalKeys = compiled
    ? ordered.filter((c) => info.optional.includes(key(c.name, c.arity)) || info.optional.includes(key(...erlName(c)))).map((c) => key(...erlName(c)))
    : info.optional;
  const optional = list(optionalKeys.map((k) => {
    const [n, ar] = fa(k);
    return tuple(a(n), ar);
  }));
  return nativeCode(module, "behaviour_info", 1, ([what]) => {
    const w = what instanceof Atom ? what.name : "";
    if (w === "callbacks") return callbacks;
    if (w === "optional_callbacks") return optional;
    const fun = "-inlined-behaviour_info/1-";
    const e = raise("FunctionClauseError", { module: a(module), function: a(fun), arity: 1, kind: null, args: null, clauses: null });
    (e as { native?: unknown }).native = [a(module), fun, [what]];
    throw e;
  });
}

// ---- checks ---------------------------------------------------------------------

const name = (m: string): string => inspectAtom("literal", a(m));
const kindWord = (k: Definition["kind"] | CallbackKind): string => (k === "defmacro" || k === "defmacrop" || k === "macro" ? "macro" : "function");
const key = (n: string, ar: number): string => `${n}/${ar}`;

interface Pending {
  kind: CallbackKind;
  behaviour: string;
  optional: boolean;
}

/** Where a warning points: the module ("Mod (module)") at a line. */
export type Warn = (message: string, line: number) => void;

/**
 * Module.check_behaviours_and_impls: warns as iex does. `behaviours` are the declared
 * ones in order; `definitions` the module's functions and macros.
 */
/**
 * `impls`: the @impl entries as Module keeps them, one per definition stored with an @impl
 * (an overridden definition's stays); by default the definitions with an @impl.
 */
export function checkBehaviours(host: CompilerHost, module: string, line: number, behaviours: string[], definitions: Definition[], warn: Warn, impls?: Definition[]): void {
  const callbacks = new Map<string, Pending>();
  for (const b of behaviours) {
    if (!host.moduleExists(b)) {
      warn(`@behaviour ${name(b)} does not exist (in module ${name(module)})`, line);
      continue;
    }
    const info = host.behaviourInfo?.(b) ?? null;
    if (info === null) {
      warn(`module ${name(b)} is not a behaviour (in module ${name(module)})`, line);
      continue;
    }
    for (const c of info.callbacks) {
      const k = key(c.name, c.arity);
      const known = callbacks.get(k);
      if (known !== undefined) {
        const what = `${kindWord(c.kind)} ${k}`;
        warn(known.behaviour === b
          ? `the behavior ${name(b)} has been declared twice (conflict in ${what} in module ${name(module)})`
          : `conflicting behaviours found. ${what} is required by ${name(known.behaviour)} and ${name(b)} (in module ${name(module)})`, line);
      }
      const optKey = c.kind === "macro" ? key("MACRO-" + c.name, c.arity + 1) : k;
      callbacks.set(k, { kind: c.kind, behaviour: b, optional: info.optional.includes(optKey) || info.optional.includes(k) });
    }
  }
  const withImpl = impls ?? definitions.filter((d) => d.impl !== undefined);
  let pending = callbacks;
  if (withImpl.length > 0) {
    pending = new Map(callbacks);
    // Behaviours some @impl was given for, with the contexts (a module's own code, or `use`)
    // it was given in: callbacks defined in such a context must say @impl too.
    const contexts = new Map<string, Set<string | null>>();
    for (const d of withImpl) {
      const found = implBehaviours(d, behaviours, callbacks);
      if (typeof found === "string") {
        warn(found, d.line);
        continue;
      }
      for (const [k, b] of found) {
        pending.delete(k);
        let ctx = contexts.get(b);
        if (ctx === undefined) contexts.set(b, (ctx = new Set()));
        ctx.add(implContextOf(d));
      }
    }
    // (in the order elixir_def's fetch_definitions gives them: {name, arity} sorted, reversed)
    const byKey = [...definitions].sort((x, y) => compareKeys(key(y.name, y.arity), key(x.name, x.arity)));
    for (const d of byKey) {
      if (d.kind !== "def" && d.kind !== "defmacro") continue;
      const p = pending.get(key(d.name, d.arity));
      if (p === undefined) continue;
      const ctx = contexts.get(p.behaviour);
      const missing = ctx !== undefined ? ctx.has(contextOf(d)) : contextOf(d) === null;
      if (!missing) continue;
      warn(`module attribute @impl was not set for ${kindWord(d.kind)} ${key(d.name, d.arity)} callback (specified in ${name(p.behaviour)}). ` +
        `This either means you forgot to add the "@impl true" annotation before the definition or that you are accidentally overriding this callback`, d.line);
    }
  }
  // (a definition with default arguments defines each of its lower arities too)
  const defined = new Map<string, Definition>();
  for (const d of definitions) for (let n = d.arity - d.defaults; n <= d.arity; n++) if (!defined.has(key(d.name, n))) defined.set(key(d.name, n), d);
  for (const [k, p] of [...pending].sort(([x], [y]) => compareKeys(x, y))) {
    const d = defined.get(k);
    const what = `${p.kind} ${k} required by ${host.protocolInfo?.(p.behaviour) ? "protocol" : "behaviour"} ${name(p.behaviour)}`;
    if (d === undefined) {
      if (!p.optional) warn(`${what} is not implemented (in module ${name(module)})`, line);
    } else if (kindWord(d.kind) !== p.kind) {
      warn(`${what} was implemented as "${d.kind}" but should have been "${p.kind === "macro" ? "defmacro" : "def"}" (in module ${name(module)})`, line);
    }
  }
}

/** [name/arity, behaviour] pairs an @impl covers, or the warning it gets. */
function implBehaviours(d: Definition, behaviours: string[], callbacks: Map<string, Pending>): [string, string][] | string {
  const what = `${kindWord(d.kind)} ${key(d.name, d.arity)}`;
  if (d.kind === "defp" || d.kind === "defmacrop") return `${what} is private, @impl attribute is always discarded for private functions/macros`;
  const value = d.impl;
  if (behaviours.length === 0) return `got "@impl ${inspectValue(value)}" for ${what} but no behaviour was declared`;
  const arities: string[] = [];
  for (let n = d.arity; n >= d.arity - d.defaults; n--) arities.push(key(d.name, n));
  const covered = arities.filter((k) => callbacks.has(k)).map((k) => [k, callbacks.get(k)!.behaviour] as [string, string]);
  if (value === false) {
    return covered.length === 0 ? [] : `got "@impl false" for ${kindWord(callbacks.get(covered[0][0])!.kind)} ${covered[0][0]} but it is a callback specified in ${name(covered[0][1])}`;
  }
  if (value === true) return covered.length > 0 ? covered : `got "@impl true" for ${what} but no behaviour specifies such callback${known(callbacks)}`;
  const b = value instanceof Atom ? value.name : String(value);
  const mine = covered.filter(([, cb]) => cb === b);
  if (mine.length > 0) return mine;
  if (!behaviours.includes(b)) return `got "@impl ${inspectValue(value)}" for ${what} but this behaviour was not declared with @behaviour`;
  return `got "@impl ${inspectValue(value)}" for ${what} but this behaviour does not specify such callback${known(callbacks)}`;
}

function inspectValue(v: Term): string {
  return v === true || v === false ? String(v) : inspectAtom("literal", v);
}

function known(callbacks: Map<string, Pending>): string {
  if (callbacks.size === 0) return ". There are no known callbacks, please specify the proper @behaviour and make sure it defines callbacks";
  const lines = [...callbacks].sort(([x], [y]) => compareKeys(x, y)).map(([k, p]) => {
    const [n, ar] = fa(k);
    return `\n  * ${name(p.behaviour)}.${inspectAtom("remote_call", a(n))}/${ar} (${p.kind})`;
  });
  return ". The known callbacks are:\n" + lines.join("") + "\n";
}

/** Term order of {name, arity} tuples: atoms alphabetically, then arity. */
function compareKeys(x: string, y: string): number {
  const [n1, a1] = fa(x);
  const [n2, a2] = fa(y);
  return n1 < n2 ? -1 : n1 > n2 ? 1 : a1 - a2;
}
