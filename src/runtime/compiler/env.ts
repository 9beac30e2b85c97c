// The compile-time environment the expander threads through code (Elixir's Macro.Env):
// where the code is (file, line, module, function), what it may refer to by short names
// (aliases, imports, requires), whether it is a pattern or a guard, and which variables
// are bound. `__ENV__` and a macro's `__CALLER__` are this, as a %Macro.Env{} struct.
//
// Collections are never changed in place (an `import` makes a new map), so entering a
// scope only copies the object; variables live in a chain of scopes.
import type { LexicalTracker } from "./lexical-tracker.js";
import { MapTerm } from "../map.js";
import { cwdOfRuntime, relativeToCwd } from "../relative-to-cwd.js";
import { activeRuntime } from "../active.js";
import { Atom, Cons, NIL, Term, a, atomName, list } from "../term.js";

/** Elixir 1.14's Kernel functions and macros, imported everywhere unless excluded. */
export const KERNEL_FUNCTIONS = words(
  "!=/2 !==/2 */2 **/2 +/1 +/2 ++/2 -/1 -/2 --/2 //2 </2 <=/2 ==/2 ===/2 =~/2 >/2 >=/2 abs/1 apply/2 apply/3 binary_part/3 binary_slice/2 binary_slice/3 bit_size/1 byte_size/1 ceil/1 div/2 elem/2 exit/1 floor/1 function_exported?/3 get_and_update_in/3 get_in/2 hd/1 inspect/1 inspect/2 is_atom/1 is_binary/1 is_bitstring/1 is_boolean/1 is_float/1 is_function/1 is_function/2 is_integer/1 is_list/1 is_map/1 is_map_key/2 is_number/1 is_pid/1 is_port/1 is_reference/1 is_tuple/1 length/1 macro_exported?/3 make_ref/0 map_size/1 max/2 min/2 node/0 node/1 not/1 pop_in/2 put_elem/3 put_in/3 rem/2 round/1 self/0 send/2 spawn/1 spawn/3 spawn_link/1 spawn_link/3 spawn_monitor/1 spawn_monitor/3 struct/1 struct/2 struct!/1 struct!/2 throw/1 tl/1 trunc/1 tuple_size/1 update_in/3",
);
export const KERNEL_MACROS = words(
  "!/1 &&/2 ../0 ../2 ..///3 <>/2 @/1 alias!/1 and/2 binding/0 binding/1 dbg/0 dbg/1 dbg/2 def/1 def/2 defdelegate/2 defexception/1 defguard/1 defguardp/1 defimpl/2 defimpl/3 defmacro/1 defmacro/2 defmacrop/1 defmacrop/2 defmodule/2 defoverridable/1 defp/1 defp/2 defprotocol/2 defstruct/1 destructure/2 get_and_update_in/2 if/2 in/2 is_exception/1 is_exception/2 is_nil/1 is_struct/1 is_struct/2 match?/2 or/2 pop_in/1 put_in/2 raise/1 raise/2 reraise/2 reraise/3 sigil_C/2 sigil_D/2 sigil_N/2 sigil_R/2 sigil_S/2 sigil_T/2 sigil_U/2 sigil_W/2 sigil_c/2 sigil_r/2 sigil_s/2 sigil_w/2 tap/2 then/2 to_char_list/1 to_charlist/1 to_string/1 unless/2 update_in/2 use/1 use/2 var!/1 var!/2 |>/2 ||/2",
);
/** What iex imports from IEx.Helpers. */
export const IEX_FUNCTIONS = words(
  "break!/3 break!/4 breaks/0 c/1 c/2 cd/1 clear/0 continue/0 exports/0 exports/1 flush/0 h/0 i/0 i/1 l/1 ls/0 ls/1 n/0 next/0 nl/1 nl/2 open/0 pid/1 pid/3 port/1 port/2 pwd/0 r/1 recompile/0 recompile/1 ref/1 ref/4 remove_breaks/0 remove_breaks/1 reset_break/1 reset_break/3 respawn/0 runtime_info/0 runtime_info/1 v/0 v/1 whereami/0 whereami/1",
);
export const IEX_MACROS = words(
  "b/1 break!/1 break!/2 h/1 import_file/1 import_file/2 import_file_if_available/1 import_if_available/1 import_if_available/2 open/1 t/1 use_if_available/1 use_if_available/2",
);

function words(s: string): Set<string> {
  return new Set(s.split(" "));
}

/**
 * Arguments of one call, tuple, list, map or binary, expanded side by side (elixir_expand's
 * expand_args): a later argument reads a variable as it was before the first, even when an
 * earlier one rebound it. Such a read is given `snaps`' name for the variable, bound to its
 * value before the group runs (the code generator binds variables in evaluation order).
 */
export interface SiblingGroup {
  snaps: Map<string, string>;
}

/** The name the value of variable `key` before a group of arguments is kept under (never a binding the shell keeps). */
export function snapshotKey(key: string, n: number): string {
  return `${key}\u0002${n}`;
}

/** Whether a code generator's variable name is a snapshot (snapshotKey). */
export function isSnapshotKey(name: string): boolean {
  return name.includes("\u0002");
}

/** Names read as they were at one moment (VarScope.snapshot), or any set of names. */
export interface VarNames {
  has(key: string): boolean;
}

/**
 * What the scopes of one chain share: a clock counting additions (what a snapshot compares)
 * and, for each key, how many times a scope of the chain came to hold it (what keeps a
 * remembered lookup valid).
 */
interface ChainState {
  n: number;
  holds: Map<string, number>;
}

/** A scope's variable names, each stamped with when it was added (what a snapshot compares). */
class StampedNames extends Set<string> {
  readonly stamps = new Map<string, number>();
  constructor(private readonly owner: VarScope, private readonly chain: ChainState) {
    super();
  }
  override add(key: string): this {
    if (!super.has(key)) {
      this.stamps.set(key, this.chain.n++);
      if (!this.owner.versions.has(key)) this.chain.holds.set(key, (this.chain.holds.get(key) ?? 0) + 1);
    }
    return super.add(key);
  }
}

/** A scope's variable versions; a key versioned here that was not named here makes it a holder. */
class Versions extends Map<string, number> {
  constructor(private readonly owner: VarScope, private readonly chain: ChainState) {
    super();
  }
  override set(key: string, version: number): this {
    // (the Map constructor calls set before the fields exist: nothing to count then)
    if (this.owner !== undefined && !super.has(key) && !this.owner.vars.has(key)) this.chain.holds.set(key, (this.chain.holds.get(key) ?? 0) + 1);
    return super.set(key, version);
  }
}

/**
 * A scope of variables; lookups find the nearest enclosing scope holding the key. Keys are
 * the names the code generator sees. A lookup remembers, in each scope it passed, where it
 * found the key: code nested thousands deep reads its outer variables without walking every
 * level each time. What is remembered stands while no scope of the chain gains the key.
 */
export class VarScope {
  /** Shared with the scopes nested in this one. */
  private readonly chain: ChainState;
  readonly vars: Set<string>;
  /**
   * The version of each variable bound in this scope by the expander (elixir_expand numbers
   * every binding: a rebinding is a new version, read or left unused on its own).
   */
  readonly versions: Map<string, number>;
  /** Lookups that passed here: the scope holding the key (null: none), and the chain's count of holders of it then. */
  private found: Map<string, { at: VarScope | null; holds: number }> | null = null;
  /**
   * Set on the scope one of several sibling arguments expands in (expand.ts `siblings`): its
   * group, and the variables the arguments before it bound (which it must not see).
   */
  sibling: { group: SiblingGroup; written: ReadonlySet<string> } | null = null;
  constructor(readonly parent: VarScope | null) {
    this.chain = parent === null ? { n: 0, holds: new Map() } : parent.chain;
    this.vars = new StampedNames(this, this.chain);
    this.versions = new Versions(this, this.chain);
  }
  /** The nearest scope, from this one outwards, holding `key` (naming or versioning it). */
  private holder(key: string): VarScope | null {
    const holds = this.chain.holds.get(key);
    if (holds === undefined) return null;
    const passed: VarScope[] = [];
    let at: VarScope | null = null;
    for (let s: VarScope | null = this; s !== null; s = s.parent) {
      if (s.vars.has(key) || s.versions.has(key)) {
        at = s;
        break;
      }
      const known = s.found?.get(key);
      if (known !== undefined && known.holds === holds) {
        at = known.at;
        break;
      }
      passed.push(s);
    }
    for (const s of passed) (s.found ??= new Map()).set(key, { at, holds });
    return at;
  }
  /** The version `key` has here: undefined when it is no variable, -1 when bound outside the expander (a binding). */
  version(key: string): number | undefined {
    const s = this.holder(key);
    if (s === null) return undefined;
    return s.versions.get(key) ?? -1;
  }
  has(key: string): boolean {
    return this.holder(key) !== null;
  }
  /** Every key visible here. */
  all(): Set<string> {
    const out = new Set<string>();
    for (let s: VarScope | null = this; s !== null; s = s.parent) for (const v of s.vars) out.add(v);
    return out;
  }
  /**
   * The keys visible here now, as a set read later: taken in O(1) (a clause head takes one at
   * every level of nesting, so copying every visible name there would make deep nesting
   * quadratic); a key added since, here or in an enclosing scope, is not in it.
   */
  snapshot(): VarNames {
    const at = this.chain.n;
    const scope: VarScope = this;
    return {
      has(key: string): boolean {
        for (let s: VarScope | null = scope; s !== null; s = s.parent) {
          const t = (s.vars as StampedNames).stamps.get(key);
          if (t !== undefined && t < at) return true;
        }
        return false;
      },
    };
  }
}

export interface XEnv {
  /** How messages and stack entries name the file (a script's relative to the current directory). */
  file: string;
  /**
   * The file as __ENV__.file and __DIR__ give it, when it differs from `file`: a script or a
   * compiled file expanded to an absolute path, as Elixir's compiler has it.
   */
  envFile?: string;
  line: number;
  /** The module being defined ("Elixir.Foo"), or null. */
  module: string | null;
  function: [string, number] | null;
  context: "match" | "guard" | null;
  /** Short alias ("Elixir.Bar") → module ("Elixir.Foo.Bar"). */
  aliases: Map<string, string>;
  /**
   * The aliases quoted code defined (an `alias` with a hygiene counter, from a macro's quote
   * or Module.create/3): short alias → [counter key, module]. An alias such code writes
   * (`alias: false`) finds only these, with its own counter (elixir_aliases' macro_aliases).
   */
  macroAliases?: Map<string, [string, string]>;
  requires: Set<string>;
  /** Imported functions and macros by module ("name/arity"). */
  functions: Map<string, Set<string>>;
  macros: Map<string, Set<string>>;
  contextModules: string[];
  vars: VarScope;
  /** The variables bound before the pattern being expanded (what a pin may refer to). */
  prematch: VarScope | null;
  /** Inside a module: the aliases and imports its code uses (for unused ones' warnings). */
  tracker?: LexicalTracker;
  /**
   * The compiler tracers (modules whose trace/2 the expander calls with each event: Code's
   * :tracers compiler option, for a file compiled as a whole) and the Kernel.LexicalTracker
   * process started for it: __ENV__.tracers and __ENV__.lexical_tracker.
   */
  tracers?: string[];
  lexicalTracker?: Term;
}

/**
 * The environment of a file compiled as a whole (a script, Code.require_file, c/1): named
 * `shown` in messages and stack entries, and `absolute` in __ENV__.file and __DIR__.
 */
export function fileEnv(shown: string, absolute: string): XEnv {
  const env = topEnv(shown, false);
  if (absolute !== shown) env.envFile = absolute;
  return env;
}

/** The environment of code outside any module: Kernel imported; iex adds IEx.Helpers. */
export function topEnv(file: string, shell: boolean): XEnv {
  const functions = new Map<string, Set<string>>();
  const macros = new Map<string, Set<string>>();
  if (shell) {
    functions.set("Elixir.IEx.Helpers", IEX_FUNCTIONS);
    macros.set("Elixir.IEx.Helpers", IEX_MACROS);
  }
  functions.set("Elixir.Kernel", KERNEL_FUNCTIONS);
  macros.set("Elixir.Kernel", KERNEL_MACROS);
  const requires = new Set(shell ? ["Elixir.Application", "Elixir.IEx.Helpers", "Elixir.Kernel", "Elixir.Kernel.Typespec"] : ["Elixir.Application", "Elixir.Kernel", "Elixir.Kernel.Typespec"]);
  return {
    file,
    line: 1,
    module: null,
    function: null,
    context: null,
    aliases: new Map(),
    requires,
    functions,
    macros,
    contextModules: [],
    vars: new VarScope(null),
    prematch: null,
  };
}

/** A copy for a nested lexical scope (a clause, a function body). */
export function scoped(env: XEnv): XEnv {
  return { ...env, vars: new VarScope(env.vars) };
}

// ---- as a %Macro.Env{} --------------------------------------------------------------

const ENV_FIELDS = ["aliases", "context", "context_modules", "file", "function", "functions", "lexical_tracker", "line", "macro_aliases", "macros", "module", "requires", "tracers", "versioned_vars"];

function sortedNames(s: Set<string>): Term {
  const pairs = [...s].map((k) => {
    const i = k.lastIndexOf("/");
    return [k.slice(0, i), Number(k.slice(i + 1))] as [string, number];
  });
  pairs.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] - y[1]));
  return list(pairs.map(([n, ar]) => [a(n), ar]));
}

/** Imports newest first, as Elixir keeps them (Kernel, imported first, comes last). */
function importsTerm(m: Map<string, Set<string>>): Term {
  const mods = [...m.keys()].filter((k) => m.get(k)!.size > 0);
  return list(mods.map((k) => [a(k), sortedNames(m.get(k)!)]));
}

/** A hygiene counter as it appears in a variable's key ("c" and the integer), or null. */
export function counterKey(c: unknown): string | null {
  return typeof c === "number" || typeof c === "bigint" ? "c" + String(c) : null;
}

/** The counter a variable key's context part stands for, or null if it is a module context. */
export function counterOfKey(ctx: string): Term | null {
  if (!/^c-?\d+$/.test(ctx)) return null;
  const n = BigInt(ctx.slice(1));
  return Number.isSafeInteger(Number(n)) ? Number(n) : n;
}

/** The variable key as Elixir names it: `{name, context}`. */
function varTuple(key: string): Term {
  const i = key.indexOf("\0");
  if (i < 0) return [a(key), null];
  const ctx = key.slice(i + 1);
  return [a(key.slice(0, i)), counterOfKey(ctx) ?? a(ctx)];
}

export function envToTerm(env: XEnv): MapTerm {
  const vars = [...env.vars.all()].filter((k) => !k.startsWith("_"));
  const fields: Record<string, Term> = {
    aliases: list([...env.aliases].map(([k, v]) => [a(k), a(v)])),
    context: env.context === null ? null : a(env.context),
    context_modules: list(env.contextModules.map((m) => a(m))),
    file: env.envFile ?? env.file,
    function: env.function === null ? null : [a(env.function[0]), env.function[1]],
    functions: importsTerm(env.functions),
    lexical_tracker: env.lexicalTracker ?? null,
    line: env.line,
    macro_aliases: NIL,
    macros: importsTerm(env.macros),
    module: env.module === null ? null : a(env.module),
    requires: list([...env.requires].sort().map((m) => a(m))),
    tracers: list((env.tracers ?? []).map((m) => a(m))),
    versioned_vars: MapTerm.fromPairs(vars.map((k, i) => [varTuple(k), i] as [Term, Term])),
  };
  return MapTerm.fromPairs([[a("__struct__"), a("Elixir.Macro.Env")], ...ENV_FIELDS.map((f) => [a(f), fields[f]] as [Term, Term])]);
}

function importsFrom(t: Term): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (let l = t; l instanceof Cons; l = l.t) {
    const [m, fs] = l.h as Term[];
    const set = new Set<string>();
    for (let f = fs; f instanceof Cons; f = f.t) {
      const [n, ar] = f.h as Term[];
      set.add(`${atomName(n)}/${ar}`);
    }
    out.set(atomName(m), set);
  }
  return out;
}

/** An XEnv from a %Macro.Env{} (Macro.expand/2, Code.eval_quoted with an env). */
export function envFromTerm(t: Term): XEnv | null {
  if (!(t instanceof MapTerm) || t.get(a("__struct__")) !== a("Elixir.Macro.Env")) return null;
  const f = (k: string): Term => t.get(a(k)) ?? null;
  const file = typeof f("file") === "string" ? (f("file") as string) : "nofile";
  // (an absolute file is named relative to the current directory, as Elixir prints it)
  const shown = file.startsWith("/") ? relativeToCwd(file, cwdOfRuntime(activeRuntime())) : file;
  const env = topEnv(shown, false);
  if (shown !== file) env.envFile = file;
  env.line = typeof f("line") === "number" ? f("line") : 0;
  env.module = f("module") instanceof Atom ? atomName(f("module")) : null;
  const fun = f("function");
  env.function = Array.isArray(fun) ? [atomName(fun[0]), fun[1]] : null;
  env.context = f("context") === a("match") ? "match" : f("context") === a("guard") ? "guard" : null;
  const aliases = new Map<string, string>();
  for (let l = f("aliases"); l instanceof Cons; l = l.t) {
    const [k, v] = l.h as Term[];
    aliases.set(atomName(k), atomName(v));
  }
  env.aliases = aliases;
  const requires = new Set<string>();
  for (let l = f("requires"); l instanceof Cons; l = l.t) requires.add(atomName(l.h));
  env.requires = requires;
  env.functions = importsFrom(f("functions"));
  env.macros = importsFrom(f("macros"));
  const mods: string[] = [];
  for (let l = f("context_modules"); l instanceof Cons; l = l.t) mods.push(atomName(l.h));
  env.contextModules = mods;
  const tracers: string[] = [];
  for (let l = f("tracers"); l instanceof Cons; l = l.t) if (l.h instanceof Atom) tracers.push(l.h.name);
  if (tracers.length > 0) env.tracers = tracers;
  if (f("lexical_tracker") !== null) env.lexicalTracker = f("lexical_tracker");
  const vv = f("versioned_vars");
  if (vv instanceof MapTerm) {
    for (const [k] of vv.entries.values()) {
      if (!Array.isArray(k)) continue;
      const ctx = k[1];
      env.vars.vars.add(ctx === null ? atomName(k[0]) : `${atomName(k[0])}\0${counterKey(ctx) ?? atomName(ctx)}`);
    }
  }
  return env;
}
