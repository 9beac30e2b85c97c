// Macro expansion: quoted form in, expanded quoted form out (Elixir's elixir_expand), in
// front of the code generator. It
//   - expands aliases to module atoms and imported calls to remote calls;
//   - handles the special forms whose meaning is lexical (alias, import, require, quote,
//     __MODULE__, __ENV__, __CALLER__, __DIR__) and scopes variables as Elixir does;
//   - calls macros (user macros, `use`'s `__using__/1`, a module's own earlier macros)
//     through the runtime, with the caller's %Macro.Env{}, and expands what they return;
//   - renames variables by hygiene context, so a macro's `x` is not the caller's `x`;
//   - turns module-level forms (def, @attr, defstruct, ...) into calls that the module's
//     body makes when it runs (module-build.ts).
// Forms the code generator compiles itself (if, case, for, |> after rewriting, ...) are
// left in place with their parts expanded. A call to Elixir code is a `yield`
// (generator-code.ts), so expansion runs inside the compiling process.
import { unescapeRegex } from "../../lang/unescape.js";
import { dirname } from "node:path";
import { charlistOf } from "../term.js";
import { Ast, AstLiteral, AstNode, Meta, isAtomAst, isLiteralAst, isNode, isTupleAst } from "../../lang/ast.js";
import { MapTerm } from "../map.js";
import { compare, strictEquals } from "../term-order.js";
import { mapListOrder } from "../map-order.js";
import { Atom, Bin, Cons, Float, NIL, Term, a, list } from "../term.js";
import { inspect } from "../inspect.js";
import { formatStacktraceEntry } from "../exception-message.js";
import type { CompilerHost } from "./unit.js";
import { CompileError, defText, funText } from "./unit.js";
import { concatChain, concatError, isConcatLiteral, literalSigil } from "./intrinsics.js";
import { BeamError, raise } from "../errors.js";
import { Pid, listToArray } from "../term.js";
import { checkFor } from "./comprehensions.js";
import { KERNEL_FUNCTIONS, KERNEL_MACROS, SiblingGroup, VarNames, VarScope, XEnv, counterKey, envToTerm, scoped, snapshotKey } from "./env.js";
import { functionsOf, isLibraryMacro, macrosOf } from "../module-info.js";
import { QUOTE_CONTEXT_PLACEHOLDER, QuoteError, QuoteOptions, Quoter } from "./quote.js";
import { astToTerm, metaToTerm, termToAst } from "./quoted.js";
import { kernelExpansion } from "./kernel-expansions.js";
import { kernelInlined, remoteInMatch } from "./match-calls.js";
import { quotedToString } from "./code-formatter.js";
import { bitstringAlignment, elixirShape } from "./elixir-shape.js";
import { isOperatorCall } from "./code-formatter-tables.js";
import { expandPathMacro } from "./path-macros.js";
import { escape, unescapable } from "./escape.js";
import {
  BLOCK_ITEM, ExpansionStack, LIST_ELEMENT, LIST_PATTERN_ELEMENT, MacroFrame, MAP_FIRST_PAIR, MAP_PAIRS, MATCH_LEFT, MATCH_RIGHT, bitstringSpecArg, bitstringValue, REMOTE_ARG, TUPLE_ELEMENT, tupleArgs, CLAUSE_HEAD, TraceEntry, TraceFrame, WITH_DO,
  expansionTrace, fnClause, fnHeadArg, formClause, tryAfter, tryBody, withElse, withLeft, withStep,
} from "./expansion-trace.js";
import { Gen, call } from "../generator-code.js";
import { compilerOption } from "../compiler-options.js";
import type { Runtime } from "../runtime.js";

const M0 = { line: 0, column: 0 } as Meta;
export const dot = (mod: string, fun: string, args: Ast[], meta: Meta = M0): AstNode => ({ name: { name: ".", meta, args: [{ atom: mod }, { atom: fun }] }, meta, args });

/** Names of special forms (Kernel.SpecialForms): never imports, never overridable. */
/** The options of each form that must hold `->` clauses. */
const CLAUSE_KEYS: Record<string, string[]> = { cond: ["do"], receive: ["do", "after"], try: ["catch", "rescue", "else"] };

/**
 * How many arguments each clause of a form's section takes, as Elixir checks them while it
 * expands the clauses in order: "head" one pattern (a guard with several is refused), "one"
 * one expression or pattern, "catch" one or two.
 */
type ArityRule = "head" | "one" | "catch";
const ARITY_RULES: Record<string, ArityRule> = { "case do": "head", "receive do": "head", "try else": "head", "try catch": "catch", "try rescue": "one" };
interface ArityCheck { rule: ArityRule; form: string; key: string; meta: Meta; index: number | null }

/** How many arguments an expanded `fn` clause takes (its guard aside), or -1 when it is no clause. */
function fnArity(c: Ast): number {
  if (!isNode(c) || c.name !== "->" || !Array.isArray(c.args?.[0])) return -1;
  const head = c.args![0] as Ast[];
  if (head.length === 1 && isNode(head[0]) && head[0].name === "when" && head[0].args !== null) return head[0].args.length - 1;
  return head.length;
}

/** The options quote takes (elixir_expand). */
const QUOTE_OPTIONS = ["context", "location", "line", "file", "unquote", "bind_quoted", "generated"];

/** The options case, cond and receive take (elixir_clauses). */
const FORM_OPTIONS: Record<string, string[]> = { case: ["do"], cond: ["do"], receive: ["do", "after"] };

/** :erlang's ordering comparisons and min/max, as Elixir's operators name them. */
const ERLANG_COMPARISONS: Record<string, string> = { "<": "<", ">": ">", "=<": "<=", ">=": ">=", min: "min", max: "max" };

/** The function a call node calls: its local name, or `fun` of a remote call to `module`. */
function callName(n: AstNode, module: string): string | null {
  if (typeof n.name === "string") return n.args === null ? null : n.name;
  const dot = n.name;
  if (isNode(dot) && dot.name === "." && dot.args?.length === 2 && isAtomAst(dot.args[0]) && dot.args[0].atom === module && isAtomAst(dot.args[1])) return dot.args[1].atom;
  return null;
}

/** The construct a form's clauses are reported under: `origin` in its meta (a def's implicit try), else its own name. */
function clauseOrigin(meta: Meta | null | undefined, form: string): string {
  const o = meta?.origin as { atom?: string } | undefined;
  return typeof o?.atom === "string" ? o.atom : form;
}

/** `do end` with nothing in it. */
const isEmptyBlock = (v: Ast): boolean => v === null || (isNode(v) && v.name === "__block__" && (v.args?.length ?? 0) === 0);

const SPECIAL = new Set([
  "=", "{}", "%{}", "%", "<<>>", "^", "__block__", "__aliases__", "fn", "&", "case", "cond", "receive", "try", "with", "for",
  "quote", "unquote", "unquote_splicing", "alias", "import", "require", "super", "::", ".",
]);

/**
 * Kernel.SpecialForms' forms that take a fixed number of arguments. Called with another
 * number (`receive [] do ... end`, `case 1`) the name is no special form: a local call,
 * "undefined function receive/2 (there is no such import)" as Elixir reports it.
 */
const SPECIAL_ARITIES: Record<string, readonly number[]> = {
  case: [2], cond: [1], receive: [1], try: [1], quote: [1, 2], alias: [1, 2], import: [1, 2], require: [1, 2],
  unquote: [1], unquote_splicing: [1], "^": [1], "=": [2], "%": [2], "&": [1], "::": [2],
};

const isSpecialForm = (name: string, arity: number): boolean => SPECIAL.has(name) && (SPECIAL_ARITIES[name]?.includes(arity) ?? true);

/** What the expander needs from the module being defined (module-build.ts implements it). */
export interface ModuleHooks {
  /** A defguard's macro body, built as the macro is stored (module-build's guardBody). */
  guardBody?(x: Expander, node: AstNode, env: XEnv): Gen<Ast>;
  /** A Kernel definition macro used in a module body (def, @, defstruct, use, ...), or null if not one. */
  moduleForm(x: Expander, node: AstNode, env: XEnv): Gen<Ast> | null;
  /** `@name` read inside a function body: the attribute's current value. */
  readAttribute(env: XEnv, name: string, meta: Meta): Ast;
  /** A macro of the module being defined, defined before `name/arity` is used, as a callable code. */
  localMacro(env: XEnv, name: string, arity: number): Gen<import("../code.js").Code | null>;
  /** `defmodule` anywhere: the code that compiles it when it runs. */
  defmodule(x: Expander, node: AstNode, env: XEnv): Gen<Ast>;
  /** `defprotocol`/`defimpl`: compiled by the static compiler (protocols.ts) when it runs. */
  staticDefinition(x: Expander, node: AstNode, env: XEnv): Gen<Ast>;
  /**
   * A call (or capture) `name/arity` in a function of the module being defined that an
   * import answers (elixir_locals reports it if the module defines that function too).
   */
  importDispatch?(env: XEnv, key: string, module: string): void;
  /** Every "name/arity" ever made overridable in the module being defined, in the order made so (null: no build). */
  overridables?(env: XEnv): string[] | null;
}

/** The variable name the code generator sees: a hygienic variable carries its context. */
/** Names without parentheses that expanded to local calls of arity 0 (`loop` for `loop()`). */
export const bareCalls = new WeakSet<AstNode>();

/**
 * The variables the expander renamed (to their key: name and context or counter, or to a
 * snapshot's name), each to the variable as written: what elixir-shape.ts gives back when
 * the expansion is shown as Elixir's expander returns it.
 */
export const renamedVars = new WeakMap<AstNode, AstNode>();

/** The version of each variable the expander bound or read (shown as `version:` metadata by elixir-shape.ts). */
export const varVersions = new WeakMap<AstNode, number>();

/** A struct's metadata as written (the expander gives one built by quote the caller's line). */
export const structOriginalMeta = new WeakMap<AstNode, Meta | undefined>();
/** The default fields elixir_map puts first in a struct built (escaped, in :maps.to_list order); beamsh's code generator fills them itself. */
export const structDefaults = new WeakMap<AstNode, Ast[]>();

/** The links of `a <> b <> c` chains the expander keeps for the code generator (Kernel.<>/2 outside a match). */
export const concatNodes = new WeakSet<AstNode>();
function renamedVar(node: AstNode, name: string): AstNode {
  const out: AstNode = { name, meta: node.meta, args: null };
  renamedVars.set(out, node);
  return out;
}

export function varKey(node: AstNode): string {
  const name = node.name as string;
  // (elixir_utils:var_context: a counter in the metadata tells the variable apart, whatever
  // its context, nil too)
  const counter = counterKey(node.meta?.counter);
  if (counter !== null) return `${name}\0${counter}`;
  if (node.context === undefined) return name;
  return `${name}\0${node.context}`;
}

const displayName = (m: string) => (m.startsWith("Elixir.") ? m.slice(7) : ":" + m);

/**
 * The counter that tells one macro expansion's variables from another's: a fresh
 * :erlang.unique_integer/0 value of the runtime, as Elixir takes it (so counters print as
 * iex prints them, e.g. -576460752303423487).
 */
export function nextCounter(rt: Runtime): Counter {
  const n = BigInt(rt.nextUniqueInteger()) - 576460752303423489n;
  return Number.isSafeInteger(Number(n)) ? Number(n) : n;
}
export type Counter = number | bigint;

export class Expander {
  readonly warnings: string[] = [];
  /**
   * Where in the code being expanded we are: the constructs and macros around it and how
   * deep. A compile error records it (CompileError.expansion): at the top level it is the
   * trace of Elixir's expander stack iex shows, and says whether the frame of what ran the
   * code still fits under it (eval.ts).
   */
  readonly at = new ExpansionStack();
  constructor(
    readonly rt: Runtime,
    readonly host: CompilerHost,
    readonly hooks: ModuleHooks,
  ) {}

  error(env: XEnv, message: string, meta?: Meta | null): CompileError {
    const err = new CompileError(message, env.file, meta?.line || env.line);
    this.locate(err, env);
    return err;
  }

  /** Records where `err` was raised (`extraDepth` expansions below the current one). */
  locate(err: CompileError, env: XEnv, extraDepth = 0): void {
    err.expansion = this.at.here(extraDepth);
    // In a module, Elixir's definition machinery (hidden entries) is on the stack below the
    // expander's: it fills what the 8 entries leave, so only the expander's entries show.
    if (err.expansion.entries.length > 0) {
      err.elixirFrames = expansionTrace(err.expansion.entries);
      err.framesFromExpansion = true;
    }
  }

  /** Raises a compile error where the expander is now (a generator, to run inside `within`). */
  // eslint-disable-next-line require-yield
  *raise(env: XEnv, message: string, meta?: Meta | null): Gen<never> {
    throw this.error(env, message, meta);
  }

  /**
   * A value computed in a block and dropped, as elixir_expand's expand_block sees it in the
   * code as written (before expansion): a string or number literal (the block's line, which
   * the parser gives only to a parenthesised block), a module attribute, a variable still a
   * variable once expanded. Atoms are let be (unquoted code leaves them about).
   */
  checkUseless(env: XEnv, block: AstNode, x: Ast, expanded: Ast): void {
    if (typeof x === "string" || typeof x === "bigint" || typeof x === "number") {
      const text = quotedToString(astToTerm(x));
      this.warn(env, `code block contains unused literal ${text} (remove the literal or assign it to _ to avoid warnings)`, block.meta?.line ? block.meta : { line: this.macroLine } as Meta, false);
    } else if (isNode(x) && x.name === "@" && x.args?.length === 1) {
      const v = x.args[0];
      if (isNode(v) && typeof v.name === "string" && (v.args === null || v.args.length === 0)) {
        this.warn(env, `module attribute @${v.name} in code block has no effect as it is never returned (remove the attribute or assign it to _ to avoid warnings)`, x.meta, false);
      }
    } else if (isNode(x) && typeof x.name === "string" && x.args === null && isNode(expanded) && expanded.args === null && !bareCalls.has(expanded)) {
      this.warn(env, `variable ${x.name} in code block has no effect as it is never returned (remove the variable or assign it to _ to avoid warnings)`, x.meta, false);
    }
  }

  /** Warns as elixir_errors:form_warn does; `orEnvLine` false: a meta without a line gives none. */
  warn(env: XEnv, message: string, meta?: Meta | null, orEnvLine = true, where_ = true): void {
    const line = meta?.line || (orEnvLine ? env.line : 0);
    // elixir_errors:form_warn: the function, else the module being defined, else nothing
    // (nothing when it is given the file rather than the env).
    const where = env.module === null || !where_ ? "" : env.function !== null ? `: ${displayName(env.module)}.${funText(env.function[0])}/${env.function[1]}` : `: ${displayName(env.module)}`;
    this.warnings.push(`warning: ${message}\n  ${env.file}${line ? `:${line}` : ""}${where}\n\n`);
  }

  // ---- unused variables ------------------------------------------------------------
  // As elixir_expand tracks them: every binding of a variable written without a context is
  // a new version, noted unused (its line, whether it shadows a variable) until read. Each
  // clause (of fn, case, receive, try, cond, with, for) starts its own record; when the
  // clause is expanded its unused versions are warned about at once, and its reads of outer
  // variables passed on to the enclosing record. A definition's clause, a script's top level
  // and a module body check what is left at their end. So the warnings come out as Elixir
  // prints them: clause by clause, before an error raised later in the expansion.

  /** The current clause's versions: unused (where bound) or false once read. */
  private unused = new Map<string, UnusedVar | false>();
  private versionCounter = 0;
  /** The version counter when the pattern being expanded began (bound since: the same match). */
  private prematchVersion = 0;
  /** The version a variable rebound by a pattern had before it (what a pin in it reads). */
  private shadowed = new Map<string, number>();

  /** A variable bound in a pattern (`key`: as the scope names it). */
  private bindVar(env: XEnv, key: string, node: AstNode): void {
    const current = env.vars.version(key);
    if (current !== undefined && current >= this.prematchVersion) {
      // bound earlier in the same match: this is a read of it (an underscored one is warned
      // about, as elixir_expand's maybe_warn_underscored_var_repeat does)
      // (whatever the variable's context, named in the warning as context_info does)
      if (typeof node.name === "string" && node.name.startsWith("_") && node.meta?.generated !== true) {
        const ctx = node.context === undefined ? "" : ` (context ${displayName(node.context)})`;
        this.warn(env, `the underscored variable "${node.name}"${ctx} appears more than once in a match. This means the pattern will only match if all "${node.name}" bind to the same value. If this is the intended behaviour, please remove the leading underscore from the variable name, otherwise give the variables different names`, node.meta);
      }
      this.useVar(env, key);
      return;
    }
    const version = this.versionCounter++;
    if (current !== undefined) this.shadowed.set(key, current);
    env.vars.versions.set(key, version);
    if (key !== node.name || node.meta?.generated === true) return;
    const line = (node.meta?.line as number) || env.line;
    this.unused.set(`${key}\u0001${version}`, { name: key, version, line, overridden: current !== undefined });
  }

  /** `out`, the variable `key` as expanded, noted with the version it has now (elixir_expand's `version:` metadata). */
  private versioned(env: XEnv, key: string, out: AstNode): AstNode {
    const version = env.vars.version(key);
    if (version !== undefined && version >= 0) varVersions.set(out, version);
    return out;
  }

  /** A read of the variable `key` as it is bound now. */
  useVar(env: XEnv, key: string): void {
    const version = env.vars.version(key);
    if (version === undefined || version < 0 || key.includes("\0")) return;
    this.unused.set(`${key}\u0001${version}`, false);
  }

  /** Expands one clause: its own record of unused variables, checked when it is done. */
  *clauseScope<T>(env: XEnv, body: Gen<T>): Gen<T> {
    const parent = this.unused;
    this.unused = new Map();
    let out: T;
    try {
      out = yield* body;
    } catch (e) {
      this.unused = parent;
      throw e;
    }
    const clause = this.unused;
    this.unused = parent;
    // elixir_env:merge_and_check_unused_vars: reads of the enclosing variables go up.
    for (const [k, u] of sortedUnused(clause)) {
      if (u === false) {
        const name = k.slice(0, k.indexOf("\u0001"));
        const version = Number(k.slice(k.indexOf("\u0001") + 1));
        const current = env.vars.version(name);
        if (current !== undefined && version <= current) parent.set(k, false);
      } else this.warnUnused(env, u);
    }
    return out;
  }

  /** elixir_env:check_unused_vars: what is left unused at the end of a definition's clause, a script, a module body. */
  checkUnused(env: XEnv): void {
    for (const [, u] of sortedUnused(this.unused)) if (u !== false) this.warnUnused(env, u);
    this.unused = new Map();
  }

  /** Marks every variable visible in `env` read (what defmodule and binding/0 do). */
  useAllVars(env: XEnv): void {
    for (const k of env.vars.all()) this.useVar(env, k);
  }

  private warnUnused(env: XEnv, u: UnusedVar): void {
    const name = u.name;
    let text: string;
    if (name.startsWith("_")) {
      if (!/^[_A-Z]*_$/.test(name.slice(1))) return;
      text = `unknown compiler variable "${name}" (expected one of __MODULE__, __ENV__, __DIR__, __CALLER__, __STACKTRACE__)`;
    } else if (u.overridden) {
      text = `variable "${name}" is unused (there is a variable with the same name in the context, use the pin operator (^) to match on it or prefix this variable with underscore if it is not meant to be used)`;
    } else text = `variable "${name}" is unused (if the variable is not meant to be used, prefix it with an underscore)`;
    this.warn(env, text, { line: u.line, column: 0 } as Meta);
  }

  /**
   * elixir_dispatch's check_deprecated: a call to a deprecated function of an Elixir module
   * warns here when it is made outside a function (at the prompt, in a module body; calls in
   * functions are checked with the module's other remote calls, xref.ts), a deprecated macro
   * wherever it is expanded. Kernel is exempt, and so are Erlang modules (they have no
   * `__info__/1`). Application's get_env/fetch_env in a module body are discouraged.
   */
  checkDeprecated(env: XEnv, meta: Meta | null | undefined, module: string, name: string, arity: number, macro: boolean): void {
    if (this.host.library || (!macro && env.function !== null)) return;
    if (!module.startsWith("Elixir.") || module === "Elixir.Kernel") return;
    if (module === "Elixir.Application") {
      if (env.module !== null && env.function === null && (name === "get_env" || name === "fetch_env" || name === "fetch_env!")) {
        this.warn(env, `Application.${name}/${arity} is discouraged in the module body, use Application.compile_env/3 instead`, meta);
      }
      return;
    }
    const reason = this.host.deprecation?.(module, name, arity) ?? null;
    if (reason === null) return;
    const what = name === "__using__" && arity === 1 ? `use ${displayName(module)}` : `${displayName(module)}.${name}/${arity}`;
    this.warn(env, `${what} is deprecated. ${reason}`, meta);
  }

  // ---- entry points ---------------------------------------------------------------

  /**
   * Expands `ast`. `wrap` false: where a block may not stand (a map's pair, a struct's map), the
   * snapshots a group of arguments inside needs are left to the enclosing expression.
   */
  *expand(ast: Ast, env: XEnv, wrap = true): Gen<Ast> {
    this.at.depth++;
    const mark = this.pendingSnaps.length;
    try {
      if (this.traceQueue.length > 0) yield* this.flushTraces();
      const out = yield* this.expandNode(ast, env);
      if (this.traceQueue.length > 0) yield* this.flushTraces();
      if (!wrap || this.pendingSnaps.length === mark) return out;
      return { name: "__block__", meta: { line: 0, column: 0, generated: true } as Meta, args: [...this.pendingSnaps.splice(mark), out] };
    } catch (e) {
      this.pendingSnaps.length = mark;
      throw e;
    } finally {
      this.at.depth--;
    }
  }

  // ---- compiler tracers -----------------------------------------------------------------
  // A file compiled with Code's :tracers option has them in its env: each event the compiler
  // traces (Code's documentation lists them) calls every tracer's trace(event, env), as
  // elixir_env:trace does. Events arise where the expander decides (often outside a
  // generator): they are queued with the env as it was, and made at the next step of the
  // expansion, in order.

  private traceQueue: [Term, Term, string[]][] = [];

  /** Queues `event()` (made only when there are tracers) for env's tracers. */
  trace(env: XEnv, event: () => Term): void {
    if (env.tracers === undefined || env.tracers.length === 0) return;
    this.traceQueue.push([event(), envToTerm(env), env.tracers]);
  }

  /** An event's metadata: the call's, with columns when the parser was asked for them. */
  traceMeta(meta: Meta | undefined): Term {
    const parser = compilerOption(this.rt, "parser_options");
    const columns = listToArray(parser ?? NIL)?.some((p) => Array.isArray(p) && p[0] === a("columns") && p[1] === true) ?? false;
    return metaToTerm(meta, { columns });
  }

  /** Calls the tracers with the queued events (a tracer's answer other than :ok is a MatchError). */
  *flushTraces(): Gen<void> {
    while (this.traceQueue.length > 0) {
      const [event, envTerm, tracers] = this.traceQueue.shift()!;
      for (const t of tracers) {
        const r = yield* call(t, "trace", [event, envTerm]);
        if (r !== a("ok")) throw new BeamError("error", [a("badmatch"), r]);
      }
    }
  }

  // ---- sibling arguments ------------------------------------------------------------
  // elixir_expand's expand_args: the arguments of a call, tuple, list, map or binary each
  // read the variables as they were before the first of them (`x = 1; {x = 2, x}` is
  // {2, 1}), and what they bind is visible after (x is then 2; of two bindings of one
  // name, the later argument's). Each argument that may bind expands in a scope of its own
  // under the group's; the scopes join the group's when it is done. The code generator binds
  // variables in evaluation order, so a read of a variable an earlier argument rebound is
  // given a name of its own, bound to the variable's value before the group (a snapshot).

  /** For each variable, how many open groups have an argument that bound it. */
  private siblingWrites = new Map<string, number>();
  /** Snapshot bindings waiting for the expression they must precede (`expand` puts them there). */
  private pendingSnaps: Ast[] = [];
  private snapCounter = 0;

  /** A group of `n` arguments about to expand (null: nothing to keep apart, in a pattern or a guard, or one argument alone). */
  private openGroup(env: XEnv, n: number): OpenGroup | null {
    if (env.context !== null || n < 2) return null;
    return { group: { snaps: new Map() }, base: env.vars, written: new Set(), child: null, children: [] };
  }

  /** Expands one argument `x` of group `g` (run by `gen`). */
  private *arg<T>(g: OpenGroup | null, env: XEnv, x: Ast, gen: Gen<T>): Gen<T> {
    // (a literal neither binds nor reads: expand_arg passes it by)
    if (g === null || x === null || typeof x !== "object" || isAtomAst(x)) return yield* gen;
    let c = g.child;
    if (c === null || c.vars.size > 0 || c.versions.size > 0) {
      c = new VarScope(g.base);
      c.sibling = { group: g.group, written: g.written };
      g.child = c;
      g.children.push(c);
    }
    const saved = env.vars;
    env.vars = c;
    try {
      return yield* gen;
    } finally {
      env.vars = saved;
      for (const k of c.vars) this.noteWrite(g, k);
      for (const k of c.versions.keys()) this.noteWrite(g, k);
    }
  }

  private noteWrite(g: OpenGroup, key: string): void {
    if (g.written.has(key)) return;
    g.written.add(key);
    this.siblingWrites.set(key, (this.siblingWrites.get(key) ?? 0) + 1);
  }

  /** The group is expanded: what its arguments bound joins its scope; its snapshots go before it. */
  private closeGroup(g: OpenGroup | null, env: XEnv): void {
    if (g === null) return;
    for (const c of g.children) {
      for (const k of c.vars) g.base.vars.add(k);
      for (const [k, v] of c.versions) g.base.versions.set(k, v);
    }
    this.pendingSnaps.push(...this.endGroup(g, env));
  }

  /** The bindings of the snapshots group `g` needs (the group's writes are no longer looked for). */
  private endGroup(g: OpenGroup, env: XEnv): Ast[] {
    for (const k of g.written) {
      const n = this.siblingWrites.get(k)! - 1;
      if (n === 0) this.siblingWrites.delete(k);
      else this.siblingWrites.set(k, n);
    }
    const meta = { line: env.line, column: 0, generated: true } as Meta;
    return [...g.group.snaps].map(([key, snap]) => ({ name: "=", meta, args: [{ name: snap, meta, args: null }, { name: key, meta, args: null }] }));
  }

  /**
   * A comprehension's generator source (elixir_expand's expand_for): what it binds is not
   * seen by the rest of the comprehension, which reads the variables as they were before it
   * (it expands on in `inner` with a scope of its own). `done` gives the source with the
   * snapshots the rest needed bound before it, once the rest is expanded.
   */
  private *generatorSource(src: Ast, inner: XEnv): Gen<{ right: Ast; done: () => Ast }> {
    const g: OpenGroup = { group: { snaps: new Map() }, base: inner.vars, written: new Set(), child: null, children: [] };
    const right = yield* this.arg(g, inner, src, this.expand(src, inner));
    const rest = new VarScope(g.base);
    rest.sibling = { group: g.group, written: g.written };
    inner.vars = rest;
    return {
      right,
      done: () => {
        const snaps = this.endGroup(g, inner);
        return snaps.length === 0 ? right : { name: "__block__", meta: { line: 0, column: 0, generated: true } as Meta, args: [...snaps, right] };
      },
    };
  }

  /**
   * The name a read of variable `key` here must use: null for the variable itself, or the
   * snapshot of the outermost group in which an earlier argument rebound it.
   */
  private siblingRead(env: XEnv, key: string): string | null {
    if (!this.siblingWrites.has(key)) return null;
    let outer: SiblingGroup | null = null;
    for (let s: VarScope | null = env.vars; s !== null; s = s.parent) {
      if (s.vars.has(key) || s.versions.has(key)) break;
      if (s.sibling !== null && s.sibling.written.has(key)) outer = s.sibling.group;
    }
    if (outer === null) return null;
    let snap = outer.snaps.get(key);
    if (snap === undefined) {
      snap = snapshotKey(key, this.snapCounter++);
      outer.snaps.set(key, snap);
    }
    return snap;
  }

  /** Runs `gen` inside `entries` (a macro whose result it expands, a construct's clause...). */
  private within<T>(entries: TraceEntry[], gen: Gen<T>): Gen<T> {
    return this.at.within(entries, gen);
  }

  /**
   * Expands `ast` where Kernel's macro `name/arity` called at `line` put it in its result,
   * inside the constructs `inner` of that result: an error raised there shows the macro and
   * its caller on its trace (when Erlang's 8 entries leave room for them).
   */
  *expandInMacro(name: string, arity: number, line: number, inner: TraceEntry[], ast: Ast, env: XEnv): Gen<Ast> {
    return yield* this.within([this.macroFrame("Elixir.Kernel", name, arity, line, env), ...inner], this.expand(ast, env));
  }

  /** A macro being expanded, as its error trace shows it. */
  private macroFrame(module: string, name: string, arity: number, line: number, env: XEnv): TraceEntry {
    return { macro: { module, name, arity, caller: callerFrame(env, line) } };
  }

  private *expandNode(ast: Ast, env: XEnv): Gen<Ast> {
    if (Array.isArray(ast)) return yield* this.within([env.context === "match" ? LIST_PATTERN_ELEMENT : LIST_ELEMENT], this.expandList(ast, env, true));
    if (isTupleAst(ast)) return yield* this.within([TUPLE_ELEMENT], this.pairElements(ast, env));
    if (isLiteralAst(ast)) return this.literal(ast, env);
    if (!isNode(ast)) return ast;
    if (ast.meta?.line) env.line = ast.meta.line as number;
    if (typeof ast.name !== "string") return yield* this.dotCall(ast, env);
    if (ast.args === null) return yield* this.variable(ast, env);
    if (isSpecialForm(ast.name, ast.args.length)) return yield* this.special(ast, env);
    return yield* this.localCall(ast, env);
  }

  private *pairElements(ast: { tuple: [Ast, Ast] }, env: XEnv): Gen<Ast> {
    const g = this.openGroup(env, 2);
    const out: Ast = { tuple: [yield* this.arg(g, env, ast.tuple[0], this.expand(ast.tuple[0], env)), yield* this.arg(g, env, ast.tuple[1], this.expand(ast.tuple[1], env))] };
    this.closeGroup(g, env);
    return out;
  }

  /** Each item expanded in order; `withTail`: the items are a list's, whose last may be `h | t`. */
  *expandList(items: Ast[], env: XEnv, withTail = false): Gen<Ast[]> {
    const out: Ast[] = [];
    const last = items[items.length - 1];
    const tailed = withTail && isNode(last ?? null) && (last as AstNode).name === "|" && (last as AstNode).args?.length === 2;
    // (the items, and a tail's two sides, are siblings)
    const g = this.openGroup(env, items.length + (tailed ? 1 : 0));
    for (const [i, x] of items.entries()) {
      // a list's tail, `[h | t]`: its two sides expand (elixir_expand's expand_list)
      if (tailed && i === items.length - 1) {
        const [h, t] = (x as AstNode).args!;
        const head = yield* this.arg(g, env, h, this.expand(h, env));
        const tail = yield* this.arg(g, env, t, this.expand(t, env));
        out.push({ ...(x as AstNode), args: [head, tail] });
      } else out.push(yield* this.arg(g, env, x, this.expand(x, env)));
    }
    this.closeGroup(g, env);
    return out;
  }

  /**
   * elixir_map's validate_kv/4: a literal key given twice is overridden by the later pair, a
   * warning (an error in a pattern). Keys that are not literals (variables, calls) are not compared.
   */
  private *checkRepeatedKeys(pairs: Ast[], meta: Meta | undefined, env: XEnv, original: Ast[] = pairs): Gen<void> {
    const seen = new Set<string>();
    for (const [i, p] of pairs.entries()) {
      // an element that is no pair once expanded: shown as it was written
      if (!isTupleAst(p) || p.tuple.length !== 2) {
        yield* this.within([i === 0 ? MAP_FIRST_PAIR : MAP_PAIRS], this.raise(env, `expected key-value pairs in a map, got: ${astText(original[i] ?? p)}`, meta));
        continue;
      }
      if (env.context === "match" && isTupleAst(p)) {
        // (elixir_map's validate_match_key/3: a key in a pattern holds no variable but a pinned one)
        const name = variableInMapKey(p.tuple[0]);
        if (name !== null) {
          const message = `cannot use variable ${name} as map key inside a pattern. Map keys in patterns can only be literals (such as atoms, strings, tuples, and the like) or an existing variable matched with the pin operator (such as ^some_var)`;
          yield* this.within([i === 0 ? MAP_FIRST_PAIR : MAP_PAIRS], this.raise(env, message, meta));
        }
      }
      if (!literalKey(p.tuple[0])) continue;
      const text = quotedToString(astToTerm(p.tuple[0]));
      if (!seen.has(text)) {
        seen.add(text);
        continue;
      }
      const message = `key ${text} will be overridden in map`;
      // (form_warn and form_error are given the file alone: no function or module named)
      if (env.context !== "match") this.warnings.push(`warning: ${message}\n  ${env.file}${meta?.line ? `:${meta.line}` : ""}\n\n`);
      else yield* this.within([MAP_PAIRS], this.raise(env, message, meta));
    }
  }

  /** A term that is not quoted form (a macro returned it): only some are valid code. */
  private literal(ast: AstLiteral, env: XEnv): Ast {
    const t = ast.literal as Term;
    if (ast.invalid && (t instanceof MapTerm || Array.isArray(t) || t instanceof Cons)) {
      // (elixir_expand reports it at line 0: the term has no line, and the file alone shows)
      const err = new CompileError(`invalid quoted expression: ${inspectTerm(this.rt, t)}\n\nPlease make sure your quoted expressions are made of valid AST nodes. If you would like to introduce a value into the AST, such as a four-element tuple or a map, make sure to call Macro.escape/1 before`, env.file, 0);
      this.locate(err, env);
      throw err;
    }
    return ast;
  }

  // ---- variables ----------------------------------------------------------------

  private *variable(node: AstNode, env: XEnv): Gen<Ast> {
    const name = node.name as string;
    switch (name) {
      case "__MODULE__":
        return env.module === null ? null : { atom: env.module };
      case "__DIR__":
        return dirname(env.envFile ?? env.file);
      case "__ENV__":
        return { literal: envToTerm({ ...env, line: (node.meta?.line as number) || env.line }) };
      case "__CALLER__":
        if (!env.vars.has("__CALLER__")) throw this.error(env, "__CALLER__ is available only inside defmacro and defmacrop", node.meta);
        return { name: "__CALLER__", meta: node.meta, args: null };
      case "__STACKTRACE__":
        return { name, meta: node.meta, args: null };
    }
    const key = varKey(node);
    if (env.context === "match") {
      if (name !== "_") {
        this.bindVar(env, key, node);
        env.vars.vars.add(key);
      }
      // `_` ignores its value whatever its context or counter (`{_, _, x}` from a quote).
      if (name === "_") return key === name ? node : renamedVar(node, name);
      return this.versioned(env, key, key === name ? node : renamedVar(node, key));
    }
    // `_` is a pattern's placeholder: as a value it fails while expanding (before what follows it).
    if (name === "_") throw this.error(env, `invalid use of _. "_" represents a value to be ignored in a pattern and cannot be used in expressions`, node.meta);
    if (env.vars.has(key) && this.bitsize !== null && !this.bitsize.pre.has(key) && this.bitsize.original.has(key)) {
      throw this.error(env, `undefined variable "${name}"`, node.meta);
    }
    if (env.vars.has(key)) {
      this.useVar(env, key);
      if (key === name && name.startsWith("_") && name !== "_" && node.context === undefined) {
        this.warn(env, `the underscored variable "${name}" is used after being set. A leading underscore indicates that the value of the variable should be ignored. If this is intended please rename the variable to remove the underscore`, node.meta);
      }
      const snap = this.siblingRead(env, key);
      if (snap !== null) return this.versioned(env, key, renamedVar(node, snap));
      return this.versioned(env, key, key === name ? node : renamedVar(node, key));
    }
    // `if_undefined: :raise` in the variable's metadata makes this an error (Macro.var-built
    // code can ask for it); otherwise Elixir 1.14 warns and treats it as a call.
    const ifUndefined = node.meta?.if_undefined;
    // (a size in a match is expanded as a guard that may read only variables bound before
    // the pattern: elixir_expand's bitsize prematch has no fallback to a call)
    const apply = ifUndefined instanceof Atom && ifUndefined.name === "apply";
    if ((ifUndefined instanceof Atom && ifUndefined.name === "raise") || (this.bitsize !== null && !apply)) {
      const ctx = node.context === undefined ? "" : ` (context ${displayName(node.context)})`;
      throw this.error(env, `undefined variable "${name}"${ctx}`, node.meta);
    }
    // Not a variable: a call without parentheses, with a warning unless the name is marked
    // `if_undefined: :apply` (as iex marks the names its shell imports).
    const call: AstNode = { name, meta: node.meta, args: [] };
    if (!(ifUndefined instanceof Atom && ifUndefined.name === "apply")) {
      this.warn(env, `variable "${name}" does not exist and is being expanded to "${name}()", please use parentheses to remove the ambiguity or change the variable name`, node.meta);
    }
    const out = yield* this.localCall(call, env);
    // A plain local call stays a bare name, as the code generator reads it (marked as a call,
    // for the checks that tell calls from variables: unused private functions).
    if (isNode(out) && out.name === name && Array.isArray(out.args) && out.args.length === 0) {
      const bare = { ...node };
      bareCalls.add(bare);
      return bare;
    }
    return out;
  }

  // ---- calls ---------------------------------------------------------------------

  /** Where `name/arity` written as a local call comes from: an import (function or macro), or null. */
  resolve(name: string, arity: number, meta: Meta | undefined, env: XEnv, via?: "call" | "capture"): { module: string; macro: boolean } | null {
    const key = `${name}/${arity}`;
    // A macro's code calls what was imported where it was written (quote's `imports:` meta).
    const imports = meta?.imports;
    if (imports !== undefined) {
      for (const [ar, mod] of listPairs(imports)) {
        if (ar === arity && mod instanceof Atom) return { module: mod.name, macro: this.isMacro(mod.name, name, arity) };
      }
    }
    if (via !== undefined) this.checkAmbiguous(name, arity, meta, env, via);
    for (const [mod, names] of env.macros) if (names.has(key)) return this.imported(env, mod, key, true);
    for (const [mod, names] of env.functions) if (names.has(key)) return this.imported(env, mod, key, false);
    return null;
  }

  /**
   * A call (or capture) of name/arity imported from two modules is ambiguous, as
   * elixir_dispatch finds it: the functions' modules then the macros', newest import first.
   */
  private checkAmbiguous(name: string, arity: number, meta: Meta | undefined, env: XEnv, via: "call" | "capture"): void {
    const key = `${name}/${arity}`;
    const from: string[] = [];
    for (const [mod, names] of env.functions) if (names.has(key)) from.push(mod);
    for (const [mod, names] of env.macros) if (names.has(key)) from.push(mod);
    if (from.length < 2) return;
    const err = this.error(env, `function ${name}/${arity} imported from both ${displayName(from[0])} and ${displayName(from[1])}, call is ambiguous`, meta);
    err.elixirFrames =
      via === "call"
        ? [erlangFrame("elixir_dispatch", "expand_import", 7, "src/elixir_dispatch.erl", 149), erlangFrame("elixir_dispatch", "dispatch_import", 6, "src/elixir_dispatch.erl", 119)]
        : [erlangFrame("elixir_dispatch", "import_function", 4, "src/elixir_dispatch.erl", 69), erlangFrame("elixir_fn", "capture_import", 5, "src/elixir_fn.erl", 79)];
    // in a module, the body that was running the definition ("iex:4: (module)")
    if (env.module !== null) err.elixirFrames.push(erlangFrame(env.module, "__MODULE__", 1, env.file, (meta?.line as number) || env.line));
    throw err;
  }

  private imported(env: XEnv, module: string, key: string, macro: boolean): { module: string; macro: boolean } {
    env.tracker?.importUsed(module, key);
    return { module, macro };
  }

  /**
   * A local macro called where a function or macro of that name and arity is imported too
   * (from another module): elixir_dispatch's macro_conflict, an error.
   */
  private macroConflict(name: string, arity: number, meta: Meta | undefined, env: XEnv): void {
    const imported = this.resolve(name, arity, meta, env, "call");
    if (imported !== null && imported.module !== env.module) {
      const err = this.error(env, `call to local macro ${name}/${arity} conflicts with imported ${displayName(imported.module)}.${name}/${arity}, please rename the local macro or remove the conflicting import`, meta);
      err.elixirFrames = [erlangFrame("elixir_dispatch", "dispatch_import", 6, "src/elixir_dispatch.erl", 119), erlangFrame(env.module!, "__MODULE__", 1, env.file, (meta?.line as number) || env.line)];
      throw err;
    }
  }

  /** Whether `module` exports the macro `name/arity`. */
  isMacro(module: string, name: string, arity: number): boolean {
    if (module === "Elixir.Kernel") return KERNEL_MACROS.has(`${name}/${arity}`);
    return this.rt.modules.lookup(module, `MACRO-${name}`, arity + 1) !== null;
  }

  private *localCall(node: AstNode, env: XEnv): Gen<Ast> {
    const name = node.name as string;
    const args = node.args!;
    const arity = args.length;
    // A clause arrow outside the constructs made of clauses (elixir_expand's first clause).
    if (name === "->") throw this.error(env, "unhandled operator ->", node.meta);
    // `[a, b] ++ rest` in a match is the list `[a, b | rest]` (elixir_rewrite's match
    // rewrite of :erlang.++/2, once its operands are expanded: `~c"ab" ++ rest` too).
    if (env.context === "match" && name === "++" && arity === 2) return this.matchRewrite("erlang", "++", yield* this.expandArgs(args, env), node.meta, env);
    if (env.module !== null && env.function === null) {
      const form = this.hooks.moduleForm(this, node, env);
      if (form !== null) {
        // (def, defmacro, @ and the other forms a module body has are Kernel's macros)
        if (env.tracers !== undefined && env.tracers.length > 0 && KERNEL_MACROS.has(`${name}/${arity}`) && this.resolve(name, arity, node.meta, env, "call")?.module === "Elixir.Kernel") {
          this.trace(env, () => [a("imported_macro"), this.traceMeta(node.meta), a("Elixir.Kernel"), a(name), arity]);
        }
        return yield* form;
      }
    }
    if (name === "__beamsh_defguard__" && arity === 2 && env.function !== null && this.hooks.guardBody !== undefined) return yield* this.hooks.guardBody(this, node, env);
    // A local macro answers unless the call names its import (quote's `imports:` meta, with
    // its context) or is made inside that macro itself (elixir_dispatch's expand_import).
    const metaImport = node.meta?.imports !== undefined && node.meta?.context !== undefined && listPairs(node.meta.imports).some(([ar]) => ar === arity);
    const self = env.function !== null && env.function[0] === name && env.function[1] === arity;
    const local = env.module !== null && env.function !== null && !metaImport && !self ? yield* this.hooks.localMacro(env, name, arity) : null;
    if (local !== null) {
      this.macroConflict(name, arity, node.meta, env);
      this.trace(env, () => [a("local_macro"), this.traceMeta(node.meta), a(name), arity]);
      return yield* this.callMacro(local, env.module!, name, node, env);
    }
    const target = this.resolve(name, arity, node.meta, env, "call");
    if (target !== null && env.module !== null && env.function !== null) this.hooks.importDispatch?.(env, `${name}/${arity}`, target.module);
    if (target !== null) {
      const kind = target.macro || (!this.host.library && isLibraryMacro(target.module, name, arity)) ? "imported_macro" : "imported_function";
      this.trace(env, () => [a(kind), this.traceMeta(node.meta), a(target.module), a(name), arity]);
    }
    if (target !== null && target.macro) {
      if (target.module === "Elixir.Kernel") return yield* this.kernelMacro(node, env);
      const code = this.rt.modules.lookup(target.module, `MACRO-${name}`, arity + 1);
      this.checkDeprecated(env, node.meta, target.module, name, arity, true);
      if (code !== null) return yield* this.callMacro(code, target.module, name, node, env);
    }
    if (target !== null && !target.macro) {
      // An imported function is a remote call, which no pattern may hold but for what
      // elixir_rewrite's match rewrite takes (`-1` is a number), once its arguments expanded.
      if (env.context === "match") return this.matchRewrite(target.module, name, yield* this.expandArgs(args, env), node.meta, env);
      this.checkDeprecated(env, node.meta, target.module, name, arity, false);
    }
    // Outside a function (the prompt, a script, a module body) a local call that is no
    // import fails before its arguments expand, as elixir_expand's expand_local does (so
    // `foo(z)` with z unbound gives no warning for z).
    // (beamsh's own shell helpers, why/1..., are IEx.Helpers functions too.)
    // `|` and `::` outside the constructs that take them (a list's tail, a map update, a
    // bitstring segment, a typespec) are misplaced, wherever they are (elixir_expand's
    // expand_local), before their operands expand.
    // (In a function's body they are undefined locals, reported with the module's others.)
    if (target === null && arity === 2 && (name === "|" || name === "::") && (env.function === null || env.context !== null)) throw this.error(env, misplacedOperator(name), node.meta);
    const helper = env.functions.has("Elixir.IEx.Helpers") && this.host.hasFunction("Elixir.IEx.Helpers", name, arity);
    if (target === null && env.function === null && name !== "|" && !helper) {
      throw this.error(env, `undefined function ${name}/${arity} (there is no such import)`, node.meta);
    }
    // (an imported function's arguments expand as a remote call's: elixir_dispatch hands it on)
    const eargs = target !== null && !target.macro ? yield* this.within([REMOTE_ARG], this.expandArgs(args, env)) : yield* this.expandArgs(args, env);
    if (target !== null && !target.macro) this.warnComparison(target.module, name, args, eargs, node.meta, env);
    // (an imported function is then a remote call: Kernel's inlined ones of :erlang)
    if (target !== null && !target.macro && !isLibraryMacro(target.module, name, arity)) {
      const inlined = target.module === "Elixir.Kernel" ? kernelInlined(name, arity) : undefined;
      this.trace(env, () => [a("remote_function"), this.traceMeta(node.meta), a(inlined === undefined ? target.module : "erlang"), a(inlined ?? name), arity]);
    }
    // (A library macro the library implements as a function, Integer.is_odd/1, is called as one.
    // A module defined at the prompt imports IEx.Helpers as the prompt does.)
    if (target !== null && target.module !== "Elixir.Kernel" && (target.module !== "Elixir.IEx.Helpers" || env.module !== null)) {
      return { ...dot(target.module, name, eargs, node.meta), meta: { ...node.meta, import: a(target.module) } as Meta };
    }
    // Not imported (`import Kernel, except: [+: 2]`): only a function of the module may answer it.
    if (target === null && env.function !== null) this.trace(env, () => [a("local_function"), this.traceMeta(node.meta), a(name), arity]);
    if (target === null && (KERNEL_FUNCTIONS.has(`${name}/${arity}`) || KERNEL_MACROS.has(`${name}/${arity}`))) {
      return { name, meta: { ...node.meta, unimported: true } as Meta, args: eargs };
    }
    return { name, meta: node.meta, args: eargs };
  }

  /**
   * A remote call (an imported function is one) in a match, its arguments expanded:
   * elixir_rewrite's match_rewrite takes :erlang.+/1 and -/1 of a number (the number) and
   * :erlang.++/2 whose left operand is a literal proper list (the list ending in the right
   * one); anything else is no pattern. Kernel's functions are the :erlang ones they inline to.
   */
  private matchRewrite(mod: string, name: string, eargs: Ast[], meta: Meta, env: XEnv): Ast {
    const erl = mod === "erlang" ? name : mod === "Elixir.Kernel" ? kernelInlined(name, eargs.length) : undefined;
    if ((erl === "+" || erl === "-") && eargs.length === 1 && (typeof eargs[0] === "bigint" || typeof eargs[0] === "number")) return { name: erl, meta, args: eargs };
    if (erl === "++" && eargs.length === 2) {
      // (a sigil without interpolation stands for its value, as Kernel's sigil macros give it)
      const left = literalSigilAst(eargs[0]);
      const joined = staticAppend(left, eargs[1], meta);
      if (joined === undefined) throw this.error(env, `invalid argument for ++ operator inside a match, expected a literal proper list, got: ${astText(left)}`, meta);
      return joined;
    }
    throw this.error(env, remoteInMatch(mod, name, eargs.length), meta);
  }

  /** Arguments of a call (keyword lists and do-blocks are ordinary lists): siblings. */
  *expandArgs(args: Ast[], env: XEnv): Gen<Ast[]> {
    return yield* this.expandList(args, env);
  }

  /** Expressions each of which sees what the ones before it bound. */
  private *expandSequence(items: Ast[], env: XEnv): Gen<Ast[]> {
    const out: Ast[] = [];
    for (const x of items) out.push(yield* this.expand(x, env));
    return out;
  }

  private *dotCall(node: AstNode, env: XEnv): Gen<Ast> {
    const target = node.name as Ast;
    if (isNode(target) && target.name === "." && target.args?.length === 2 && node.args !== null) {
      const [left, right] = target.args;
      // `__ENV__.field`: the field's value, read as the code expands (elixir_expand), so a
      // guard may read it; a field the env lacks is looked up when the code runs.
      if (isNode(left) && left.name === "__ENV__" && left.args === null && (left.context === undefined || typeof left.context === "string") && isAtomAst(right) && node.args.length === 0 && env.context !== "match") {
        const envTerm = envToTerm({ ...env, line: (left.meta?.line as number) || env.line });
        const value = envTerm.get(a(right.atom));
        if (value !== undefined) return termToAst(escape(value, false));
      }
      // (the receiver and the arguments are siblings, elixir_expand's expand_remote; an alias binds and reads nothing)
      const g = node.args.length === 0 || (isNode(left) && left.name === "__aliases__") ? null : this.openGroup(env, 2);
      const eleft = yield* this.arg(g, env, left, this.expand(left, env));
      // The receiver of a remote call must be an atom or an expression (elixir_expand's
      // expand_remote): a literal list, number or string is no module and no map.
      if (Array.isArray(eleft) || typeof eleft === "string" || typeof eleft === "bigint" || typeof eleft === "number") {
        throw this.error(env, `invalid call ${astText({ ...node, name: { ...target, args: [eleft, right] } })}`, node.meta);
      }
      if (isAtomAst(right)) {
        const fun = right.atom;
        const mod = isAtomAst(eleft) ? eleft.atom : eleft === null || eleft === true || eleft === false ? String(eleft === null ? "nil" : eleft) : null;
        if (mod !== null && isAtomAst(eleft)) {
          const arity = node.args.length;
          if (mod === "Elixir.Kernel" && KERNEL_MACROS.has(`${fun}/${arity}`)) {
            // Written Kernel.name(...) (string interpolation's Kernel.to_string/1 too): never a
            // function of the module being compiled that has the same name.
            this.trace(env, () => [a("remote_macro"), this.traceMeta(node.meta), a(mod), a(fun), arity]);
            const local: AstNode = { name: fun, meta: { ...node.meta, kernel: true } as Meta, args: node.args };
            // (Kernel.def/2, Kernel.@/1... in a module's body define as the forms written without Kernel. do)
            if (env.module !== null && env.function === null) {
              const form = this.hooks.moduleForm(this, local, env);
              if (form !== null) return yield* form;
            }
            return yield* this.kernelMacro(local, env);
          }
          // A macro of a module not required is not expanded: the call stays a function call,
          // which fails when it runs (UndefinedFunctionError says to require the module).
          if (this.isMacro(mod, fun, arity) && (env.requires.has(mod) || mod === env.module)) {
            this.checkDeprecated(env, node.meta, mod, fun, arity, true);
            const code = this.rt.modules.lookup(mod, `MACRO-${fun}`, arity + 1)!;
            this.closeGroup(g, env);
            this.trace(env, () => [a("remote_macro"), this.traceMeta(node.meta), a(mod), a(fun), arity]);
            return yield* this.callMacro(code, mod, fun, { name: fun, meta: node.meta, args: node.args }, env);
          }
          if (env.context !== "match") this.checkDeprecated(env, node.meta, mod, fun, arity, false);
        }
        // A function call is no pattern (Elixir says so as it expands it, inside the macros
        // that produced it).
        if (env.context === "match") {
          if (mod !== null && isAtomAst(eleft)) {
            const margs = yield* this.expandArgs(node.args, env);
            this.closeGroup(g, env);
            return this.matchRewrite(mod, fun, margs, node.meta, env);
          }
          if (isNode(eleft) && typeof eleft.name === "string" && eleft.args === null) {
            throw this.error(env, `cannot invoke remote function ${astText(eleft)}.${fun}/${node.args.length} inside a match`, node.meta);
          }
        }
        const eargs = env.context === "match" ? node.args : yield* this.within([REMOTE_ARG], this.arg(g, env, node.args, this.expandArgs(node.args, env)));
        this.closeGroup(g, env);
        if (mod !== null && isAtomAst(eleft) && env.context !== "match") this.warnComparison(mod, fun, node.args, eargs, node.meta, env);
        if (mod !== null && isAtomAst(eleft) && env.context !== "match") {
          // (a library macro beamsh implements as a function is a macro to the tracers too)
          const macro = !this.host.library && env.requires.has(mod) && isLibraryMacro(mod, fun, node.args.length);
          this.trace(env, () => [a(macro ? "remote_macro" : "remote_function"), this.traceMeta(node.meta), a(mod), a(fun), node.args!.length]);
        }
        // A library macro implemented as a function (Integer.is_odd/1) is still a macro: not
        // required, the call fails when it runs, as a call to a macro does.
        if (mod !== null && isAtomAst(eleft) && !this.host.library && mod !== env.module && !env.requires.has(mod) && isLibraryMacro(mod, fun, node.args.length)) {
          return { name: { ...target, args: [eleft, right] }, meta: { ...contextMeta(eleft.atom, node.meta, env), unrequired_macro: true } as Meta, args: eargs };
        }
        return { name: { ...target, args: [eleft, right] }, meta: isAtomAst(eleft) ? contextMeta(eleft.atom, node.meta, env) : node.meta, args: eargs };
      }
      const eright = yield* this.arg(g, env, right, this.expand(right, env));
      const eargs = yield* this.arg(g, env, node.args, this.expandArgs(node.args, env));
      this.closeGroup(g, env);
      return { name: { ...target, args: [eleft, eright] }, meta: node.meta, args: eargs };
    }
    // f.(args), or a call on anything else (the fun and the arguments are siblings)
    // (a size in a match is a guard: elixir_expand refuses the call before expanding the fun)
    if (this.bitsize !== null && isNode(target) && target.name === "." && target.args?.length === 1 && node.args !== null) {
      throw this.error(env, "anonymous call is not allowed in bitstring size specifier. The size specifier in matches works like guards. To learn more about guards, visit: https://hexdocs.pm/elixir/patterns-and-guards.html", node.meta);
    }
    const g = node.args === null || node.args.length === 0 ? null : this.openGroup(env, 2);
    const ename = yield* this.arg(g, env, target, this.expand(target, env));
    const eargs = node.args === null ? null : yield* this.arg(g, env, node.args, this.expandArgs(node.args, env));
    this.closeGroup(g, env);
    // (an atom called as a fun is elixir_expand's invalid_function_call, once all is expanded)
    if (eargs !== null && isNode(ename) && ename.name === "." && ename.args?.length === 1) {
      const f = ename.args[0];
      const atom = isAtomAst(f) ? f.atom : f === null ? "nil" : f === true || f === false ? String(f) : null;
      if (atom !== null) throw this.error(env, `invalid function call :${atom}.()`, node.meta);
    }
    return { name: ename, meta: node.meta, args: eargs };
  }

  /**
   * Calls a macro: its arguments as quoted terms after the caller's %Macro.Env{}, then expands
   * what it returned (with line and hygiene counter applied, as elixir_dispatch does).
   */
  *callMacro(code: import("../code.js").Code, module: string, name: string, node: AstNode, env: XEnv): Gen<Ast> {
    const line = (node.meta?.line as number) || env.line;
    const caller = envToTerm({ ...env, line });
    const args = node.args!.map((x) => astToTerm(x));
    let result: Term;
    try {
      result = yield { code, args: [caller, ...args], fenced: true };
    } catch (e) {
      throw this.expandingMacro(e, module, name, args.length, env, line, true);
    }
    const counter = nextCounter(this.rt);
    const ast = linify(termToAst(result), line, module, counter, node.meta?.generated === true);
    try {
      const frame = this.macroFrame(module, name, args.length, line, env) as { macro: MacroFrame };
      return yield* this.within([{ macro: { ...frame.macro, rethrows: true } }], this.expand(ast, env));
    } catch (e) {
      throw this.expandingMacro(e, module, name, args.length, env, line, false);
    }
  }

  /**
   * `dbg(code \\\\ binding(), options \\\\ [])`, as Kernel.dbg/2 expands: the debug function
   * configured as the :elixir application's :dbg_callback ({Macro, :dbg, []} unless set), a
   * `{mod, fun, args}` called at compile time with the code, the options (both quoted) and
   * the caller's %Macro.Env{} before `args`; what it returns is the code that runs.
   */
  private *dbg(node: AstNode, env: XEnv): Gen<Ast> {
    const line = (node.meta?.line as number) || env.line;
    const args = node.args!;
    const code = args.length > 0 ? astToTerm(args[0]) : ([a("binding"), list([[a("context"), a("Elixir.Kernel")]]), NIL] as Term);
    const options = args.length > 1 ? astToTerm(args[1]) : NIL;
    const caller = envToTerm({ ...env, line });
    const getEnv = this.rt.modules.lookup("Elixir.Application", "get_env", 3)!;
    const apply = this.rt.modules.lookup("erlang", "apply", 3)!;
    let result: Term;
    try {
      const callback = yield { code: getEnv, args: [a("elixir"), a("dbg_callback"), [a("Elixir.Macro"), a("dbg"), NIL]] };
      // (Kernel.dbg matches {mod, fun, args}: anything else is its MatchError, raised in the macro.)
      if (!Array.isArray(callback) || callback.length !== 3) {
        throw this.kernelRaise(raise("MatchError", { term: callback }), "MACRO-dbg", 3, 5852, "dbg", args.length, env, line);
      }
      const [mod, fun, extra] = callback;
      result = yield { code: apply, args: [mod, fun, list([code, options, caller, ...(listToArray(extra) ?? [])])], fenced: true };
    } catch (e) {
      if (e instanceof BeamError && e.complete) throw e;
      throw this.expandingMacro(e, "Elixir.Kernel", "dbg", args.length, env, line, true);
    }
    const ast = linify(termToAst(result), line, "Elixir.Kernel", nextCounter(this.rt));
    return yield* this.within([this.macroFrame("Elixir.Kernel", "dbg", args.length, line, env)], this.expand(ast, env));
  }

  /**
   * An exception raised by a macro (`inMacro`) or while expanding what it returned, as
   * elixir_dispatch re-raises it: the frames above the macro's own, then the macro
   * ("expanding macro: Mod.name/arity") and where it was called, at most the BEAM's 8.
   * (Compile errors of Elixir's expander itself keep their frames.)
   */
  /**
   * An error Kernel's function `fun`/`arity` raised (at lib/kernel.ex:`kernelLine`) while
   * Kernel's macro `name`/`macroArity` expanded: that entry, the macro's, and the caller's.
   */
  private kernelRaise(err: BeamError, fun: string, arity: number, kernelLine: number, name: string, macroArity: number, env: XEnv, line: number): unknown {
    err.stacktrace = list([[a("Elixir.Kernel"), a(fun), arity, list([[a("file"), charlistOf("lib/kernel.ex")], [a("line"), kernelLine]])]]);
    err.traced = true;
    return this.expandingMacro(err, "Elixir.Kernel", name, macroArity, env, line, false);
  }

  private expandingMacro(e: unknown, module: string, name: string, arity: number, env: XEnv, line: number, inMacro: boolean): unknown {
    if (!(e instanceof BeamError) || e.kind !== "error") return e;
    if (!inMacro && !e.traced) return e;
    const frames = listToArray(e.stacktrace) ?? [];
    const kept: Term[] = [];
    for (const f of frames) {
      if (inMacro && Array.isArray(f) && f[0] === a(module) && f[1] === a(`MACRO-${name}`)) break;
      kept.push(f);
    }
    e.stacktrace = list([...kept, [a(module), a(name), arity, list([[a("file"), charlistOf("expanding macro")]])], callerFrame(env, line)].slice(0, 8));
    e.traced = true;
    e.complete = true;
    return e;
  }

  /**
   * One step of Macro.expand_once/2: an alias becomes its module, __MODULE__, __DIR__ and
   * __ENV__ their values, and a call to a macro (imported, or a required module's) what the
   * macro returns, not expanded further. Anything else gives null (left as it is).
   */
  /** Macro.expand/2: expandOnce until nothing changes. */
  *expandFully(ast: Ast, env: XEnv, external = false): Gen<Ast> {
    for (let more = yield* this.expandOnce(ast, env, true, external); more !== null; more = yield* this.expandOnce(ast, env, true, external)) ast = more;
    return ast;
  }

  /**
   * `external`: asked by code (Macro.expand_once/2, Macro.expand/2, a typespec's record), for
   * which the macros of the module being defined come first even outside its functions.
   */
  *expandOnce(ast: Ast, env: XEnv, kernel = true, external = false): Gen<Ast | null> {
    if (!isNode(ast)) return null;
    const line = (ast.meta?.line as number) || 0;
    if (typeof ast.name === "string") {
      const name = ast.name;
      if (name === "__aliases__" && ast.args !== null) {
        const r = this.aliasReference(ast, env);
        return isAtomAst(r) ? r : null;
      }
      if (ast.args === null) {
        if (name === "__MODULE__") return env.module === null ? { literal: null } : { atom: env.module };
        if (name === "__DIR__") return dirname(env.envFile ?? env.file);
        // (the env's fields as they are, in a map node: Macro.expand_once's `{:%{}, [], Map.to_list(env)}`)
        if (name === "__ENV__") {
          const fields = (envToTerm(env) as MapTerm).sorted(compare);
          return termToAst([a("%{}"), NIL, list(fields.map(([k, v]) => [k, v] as Term))]);
        }
        return null;
      }
      if (SPECIAL.has(name)) return null;
      const arity = ast.args.length;
      // Inside a function, a macro of the module being defined comes first (elixir_dispatch's
      // expand_import with locals allowed): a bitstring segment's `::my_spec` expands so.
      // (unless the call names its import, or is made inside that macro: see localCall)
      const metaImport = ast.meta?.imports !== undefined && ast.meta?.context !== undefined && listPairs(ast.meta.imports).some(([ar]) => ar === arity);
      const self = env.function !== null && env.function[0] === name && env.function[1] === arity;
      const allowLocals = external || (env.function !== null && !self);
      const local = env.module !== null && allowLocals && !metaImport ? yield* this.hooks.localMacro(env, name, arity) : null;
      if (local !== null) {
        this.macroConflict(name, arity, ast.meta, env);
        return yield* this.macroResult(local, env.module!, ast, env, line);
      }
      const target = this.resolve(name, arity, ast.meta, env);
      // (Kernel's unary + and - of an integer are the integer: Macro.expand_once/2)
      if (kernel && target !== null && !target.macro && target.module === "Elixir.Kernel" && arity === 1 && (name === "-" || name === "+")) {
        const arg = ast.args[0];
        const n = typeof arg === "bigint" ? arg : yield* this.expandOnce(arg, env);
        return typeof n === "bigint" ? (name === "-" ? -n : n) : null;
      }
      if (target === null || !target.macro) return null;
      if (target.module === "Elixir.Kernel") return kernel ? yield* this.kernelOnce(name, ast, line, env) : null;
      const code = this.rt.modules.lookup(target.module, `MACRO-${name}`, arity + 1);
      return code === null ? null : yield* this.macroResult(code, target.module, ast, env, line);
    }
    const callee = ast.name;
    if (!isNode(callee) || callee.name !== "." || callee.args?.length !== 2 || ast.args === null) return null;
    const [left, right] = callee.args;
    if (!isAtomAst(right)) return null;
    // `__ENV__.field`: the field's value (left as it is when the env has no such field)
    if (isNode(left) && left.name === "__ENV__" && left.args === null && ast.args.length === 0) {
      const value = (envToTerm(env) as MapTerm).get(a(right.atom));
      return value === undefined ? null : value === null ? { literal: null } : termToAst(value);
    }
    const mod = isNode(left) && left.name === "__aliases__" ? this.aliasAtom(left, env) : left;
    if (!isAtomAst(mod)) return null;
    const fun = right.atom;
    const arity = ast.args.length;
    if (mod.atom === "Elixir.Kernel") {
      return kernel && KERNEL_MACROS.has(`${fun}/${arity}`) ? yield* this.kernelOnce(fun, { name: fun, meta: ast.meta, args: ast.args }, line, env) : null;
    }
    if (!this.isMacro(mod.atom, fun, arity)) return null;
    if (!env.requires.has(mod.atom) && mod.atom !== env.module) return null;
    const code = this.rt.modules.lookup(mod.atom, `MACRO-${fun}`, arity + 1)!;
    return yield* this.macroResult(code, mod.atom, { name: fun, meta: ast.meta, args: ast.args }, env, line);
  }

  private *kernelOnce(name: string, node: AstNode, line: number, env: XEnv): Gen<Ast | null> {
    // in/2 expands its right side first, the ranges their bounds (Macro.expand/2)
    const arity = node.args!.length;
    if (name === "@" && arity === 1) return yield* this.attributeOnce(node.args![0], line, env);
    if ((name === "sigil_w" || name === "sigil_W") && arity === 2) {
      this.checkWordsModifier(name, node.args!, env, line);
      this.checkWordsLiteral(node.args!, env, line);
    }
    // (Kernel's sigils of a literal text give its value: ~s(a) "a", ~w(a b)a [:a, :b])
    if (/^sigil_[sScCwW]$/.test(name) && arity === 2) {
      const [body, mods] = node.args!;
      const plain = /^sigil_[sScC]$/.test(name) ? Array.isArray(mods) && mods.length === 0 : Array.isArray(mods);
      if (plain && isNode(body) && body.name === "<<>>" && body.args !== null) {
        const v = literalSigil(name, body.args, mods);
        if (v !== undefined) return { literal: v };
      }
    }
    // (Kernel's calendar sigils of a literal text: the struct parsed at
    // expansion, as `{:%{}, [], [__struct__: Date, calendar: ..., year: ...]}` in Elixir's order)
    if (/^sigil_[DTNU]$/.test(name) && arity === 2) {
      const [body, mods] = node.args!;
      if (Array.isArray(mods) && isNode(body) && body.name === "<<>>" && body.args?.length === 1 && typeof body.args[0] === "string") {
        // (modifiers fail in the sigil, as Kernel's clauses take none)
        const value = (yield { module: "Elixir.Kernel", name, args: [body.args[0], astToTerm(mods)] }) as Term;
        const order = CALENDAR_SIGIL_FIELDS[name];
        if (value instanceof MapTerm && order !== undefined) {
          const pairs: Term[] = [[a("__struct__"), value.get(a("__struct__"))!]];
          for (const f of order) pairs.push([a(f), value.get(a(f))!]);
          return linify(termToAst([a("%{}"), NIL, list(pairs.map((p) => escape(p, false)))]), line, "Elixir.Kernel", nextCounter(this.rt));
        }
      }
    }
    let expanded: Term[] | undefined;
    if ((name === "in" && arity === 2) || (name === ".." && arity === 2) || (name === "..//" && arity === 3)) {
      const out: Ast[] = [];
      for (const [i, x] of node.args!.entries()) out.push(name === "in" && i === 0 ? x : yield* this.expandFully(x, env));
      expanded = out.map((x) => astToTerm(x));
    }
    const counter = nextCounter(this.rt);
    const t = kernelExpansion(name, metaToTerm(node.meta), node.args!.map((x) => astToTerm(x)), counter, env.context, expanded);
    return t === undefined ? null : linify(termToAst(t), line, "Elixir.Kernel", counter, node.meta?.generated === true);
  }

  /**
   * Kernel.@/1 as Macro.expand_once/2 expands it (its do_at clauses): outside a module an
   * ArgumentError; inside a function a read is the attribute's value, escaped (read now, so
   * the module must still be open), a write an ArgumentError; in a module's body a read is
   * `Module.__get_attribute__(__MODULE__, name, line, true)` (a doc attribute's text out of its
   * {line, doc}), a write `Module.__put_attribute__(__MODULE__, name, value, line, traces)`.
   * Typespec attributes are left as they are (beamsh reads them as the module is built).
   */
  private *attributeOnce(arg: Ast, line: number, env: XEnv): Gen<Ast | null> {
    const fail = (message: string) => raise("ArgumentError", { message });
    if (isNode(arg) && arg.name === "__aliases__") throw fail("module attributes set via @ cannot start with an uppercase letter");
    if (!isNode(arg) || typeof arg.name !== "string") return null;
    if (env.module === null) throw fail("cannot invoke @/1 outside module");
    const fn = env.function !== null;
    const name = arg.name;
    const args = arg.args;
    const K = a("Elixir.Kernel");
    const moduleCall = (fun: string, xs: Term[]): Term => [[a("."), NIL, list([[a("__aliases__"), list([[a("alias"), false]]), list([a("Module")])], a(fun)])], NIL, list([[a("__MODULE__"), NIL, K], ...xs])];
    const doc = name === "moduledoc" || name === "typedoc" || name === "doc";
    // (the caller's line is the call's own, as Macro.expand_once/2 gives the macro its env)
    const at = line;
    if (!fn && env.context === "match") {
      throw fail("invalid write attribute syntax. If you want to define an attribute, don't do this:\n\n    @foo = :value\n\nInstead, do this:\n\n    @foo :value\n");
    }
    if (args !== null && ["type", "typep", "opaque", "spec", "callback", "macrocallback"].includes(name)) return null;
    if (args === null || args.length === 0) {
      if (fn) {
        let value = yield { module: "Elixir.Module", name: "__get_attribute__", args: [a(env.module), a(name), at, false] };
        if (doc && Array.isArray(value) && value.length === 2) value = value[1];
        const bad = unescapable(value);
        if (bad !== undefined) {
          throw fail(`cannot inject attribute @${name} into function/macro because cannot escape ${inspect(bad)}. The supported values are: lists, tuples, maps, atoms, numbers, bitstrings, PIDs and remote functions in the format &Mod.fun/arity`);
        }
        return value === null ? { literal: null } : termToAst(escape(value, false));
      }
      const read = moduleCall("__get_attribute__", [a(name), at, !doc]);
      if (!doc) return linify(termToAst(read), line, "Elixir.Kernel", nextCounter(this.rt));
      const docVar: Term = [a("doc"), NIL, K];
      const other: Term = [a("other"), NIL, K];
      const clauses = list([[a("->"), NIL, list([list([[[a("_"), NIL, K], docVar]]), docVar])], [a("->"), NIL, list([list([other]), other])]]);
      return linify(termToAst([a("case"), NIL, list([read, list([[a("do"), clauses]])])]), line, "Elixir.Kernel", nextCounter(this.rt));
    }
    if (args.length !== 1) return null;
    if (fn) throw fail(`cannot set attribute @${name} inside function/macro`);
    if (name === "behavior") throw fail("@behavior attribute is not supported, please use @behaviour instead");
    const writeLine: Term = arg.meta?.context !== undefined ? null : at;
    let value = astToTerm(args[0]);
    let traces: Term = NIL;
    // (collect_traces: the aliases in a literal value, expanded, for the lexical tracker)
    if (!doc && !["before_compile", "after_compile", "after_verify", "on_definition"].includes(name) && env.lexicalTracker instanceof Pid && quotedLiteral(value)) {
      const seen: Term[] = [];
      const walk = (t: Term): Term => {
        if (Array.isArray(t) && t.length === 3 && t[0] === a("__aliases__")) {
          const m = this.aliasReference(termToAst(t) as AstNode, { ...env, function: ["__info__", 1] });
          if (isAtomAst(m)) {
            if (!seen.includes(a(m.atom))) seen.push(a(m.atom));
            return a(m.atom);
          }
          return t;
        }
        if (Array.isArray(t)) return t.map(walk);
        if (t instanceof Cons) return list((listToArray(t) ?? []).map(walk));
        if (t instanceof MapTerm) return t;
        return t;
      };
      value = walk(value);
      if (seen.length > 0) traces = list([[at, env.lexicalTracker, list((env.tracers ?? []).map((t) => a(t))), list(seen)]]);
    }
    const put = doc ? moduleCall("__put_attribute__", [a(name), [at, value], writeLine, NIL]) : moduleCall("__put_attribute__", [a(name), value, writeLine, escape(traces, false)]);
    return linify(termToAst(put), line, "Elixir.Kernel", nextCounter(this.rt));
  }

  /** A macro's result for Macro.expand_once: called with the caller's env, linified, not expanded. */
  private *macroResult(code: import("../code.js").Code, module: string, node: AstNode, env: XEnv, line: number): Gen<Ast> {
    const caller = envToTerm({ ...env, line: line || env.line });
    const result = yield { code, args: [caller, ...node.args!.map((x) => astToTerm(x))] };
    return linify(termToAst(result), line, module, nextCounter(this.rt), node.meta?.generated === true);
  }

  // ---- special forms --------------------------------------------------------------

  private *special(node: AstNode, env: XEnv): Gen<Ast> {
    const args = node.args!;
    switch (node.name) {
      case "__block__": {
        const out: Ast[] = [];
        for (const [i, x] of args.entries()) {
          // (each expression, the last too, is expanded under elixir_expand's expand_block/5)
          const ex = yield* this.within([BLOCK_ITEM], this.expand(x, env));
          if (i < args.length - 1) this.checkUseless(env, node, x, ex);
          out.push(ex);
        }
        return { ...node, args: out };
      }
      case "__aliases__":
        return this.aliasReference(node, env);
      case "=": {
        if (env.context === "match") {
          const [left, right] = yield* this.expandList(args, env);
          this.refuteParallelBitstrings(left, right, env, true);
          return { ...node, args: [left, right] };
        }
        const right = yield* this.within([MATCH_RIGHT], this.expand(args[1], env));
        const left = yield* this.within([MATCH_LEFT], this.pattern(args[0], env));
        this.refuteParallelBitstrings(left, right, env, false);
        return { ...node, args: [left, right] };
      }
      case "^": {
        if (env.context !== "match") throw this.error(env, `cannot use ^${astText(args[0])} outside of match clauses`, node.meta);
        const v = args[0];
        if (isNode(v) && typeof v.name === "string" && v.args === null) {
          const key = varKey(v);
          let version = env.vars.version(key);
          if (version !== undefined && version >= this.prematchVersion) version = this.shadowed.get(key);
          if (version !== undefined && version >= 0 && !key.includes("\0")) this.unused.set(`${key}\u0001${version}`, false);
          const snap = this.siblingRead(env, key);
          if (snap !== null) return { ...node, args: [renamedVar(v, snap)] };
          return { ...node, args: [key === v.name ? v : renamedVar(v, key)] };
        }
        // elixir_expand: what is pinned expands first, outside the match, so a macro giving a
        // variable (^var!(a, Ctx)) pins that variable; anything else stays an invalid pin.
        if (isNode(v) && v.args !== null && v.name !== "^") {
          const saved = env.context;
          env.context = null;
          let ev: Ast;
          try {
            ev = yield* this.expand(v, env);
          } finally {
            env.context = saved;
          }
          if (isNode(ev) && typeof ev.name === "string" && ev.args === null) return yield* this.expand({ ...node, args: [ev] }, env);
        }
        return node;
      }
      case "{}":
        return { ...node, args: yield* this.within([tupleArgs(args.length, env.context === "match")], this.expandList(args, env)) };
      case "%{}": {
        // (`%{map | k: v}`: an update, its `|` taken as a list's tail is)
        if (env.context !== null) {
          const pairs = yield* this.expandList(args, env, true);
          const last = pairs[pairs.length - 1];
          const update = isNode(last) && last.name === "|" && last.args?.length === 2 && Array.isArray(last.args[1]);
          const lastArg = args[args.length - 1];
          yield* this.checkRepeatedKeys(update ? ((last as AstNode).args![1] as Ast[]) : pairs, node.meta, env, update && isNode(lastArg) && Array.isArray(lastArg.args?.[1]) ? (lastArg.args![1] as Ast[]) : args);
          return { ...node, args: pairs };
        }
        // The map updated and the pairs are siblings, as are a pair's key and value; a pair
        // is no expression, so the snapshots it needs go before the map.
        const last = args[args.length - 1];
        if (args.length === 1 && isNode(last) && last.name === "|" && last.args?.length === 2 && Array.isArray(last.args[1])) {
          const [m, kvs] = last.args as [Ast, Ast[]];
          const g = this.openGroup(env, 1 + kvs.length);
          const em = yield* this.arg(g, env, m, this.expand(m, env));
          const ekvs: Ast[] = [];
          yield* this.within([LIST_ELEMENT], (function* (x: Expander) {
            for (const kv of kvs) ekvs.push(yield* x.arg(g, env, kv, x.expand(kv, env, false)));
          })(this));
          this.closeGroup(g, env);
          yield* this.checkRepeatedKeys(ekvs, node.meta, env, kvs);
          return { ...node, args: [{ ...last, args: [em, ekvs] }] };
        }
        const g = this.openGroup(env, args.length);
        const pairs: Ast[] = [];
        for (const kv of args) pairs.push(yield* this.arg(g, env, kv, this.expand(kv, env, false)));
        this.closeGroup(g, env);
        yield* this.checkRepeatedKeys(pairs, node.meta, env, args);
        return { ...node, args: pairs };
      }
      case "%":
        return yield* this.struct(node, env);
      case "<<>>":
        return yield* this.bitstring(node, env);
      case "fn":
        this.noGuardScope(env, "fn", node.meta);
        const clauses = yield* this.clauses(args, env, (k) => [fnClause(k)], undefined, (k) => [fnHeadArg(k)], node.meta);
        // (elixir_fn: once its clauses are expanded, they must take as many arguments each)
        if (new Set(clauses.map(fnArity)).size > 1) throw this.error(env, "cannot mix clauses with different arities in anonymous functions", node.meta);
        return { ...node, args: clauses };
      case "&":
        return yield* this.capture(node, env);
      case "case": {
        this.noGuardScope(env, "case", node.meta);
        const subject = yield* this.expand(args[0], env);
        this.clauseOptions(args[1], env, "case", node.meta);
        return { ...node, args: [subject, yield* this.blocks(args[1], env, ["do"], { name: "case", keys: ["do"], meta: node.meta }, (_key, j, k) => (k < 0 ? [] : [formClause("case", k, j)]))] };
      }
      case "cond":
        this.noGuardScope(env, "cond", node.meta);
        this.clauseOptions(args[0], env, "cond", node.meta);
        return { ...node, args: [yield* this.condBlocks(args[0], env, node.meta)] };
      case "receive":
      case "try":
        this.noGuardScope(env, node.name, node.meta);
        if (node.name === "receive") this.clauseOptions(args[0], env, "receive", node.meta);
        else if (!Array.isArray(args[0])) throw this.error(env, `invalid arguments for "try"`, node.meta);
        return { ...node, args: [yield* this.blocks(args[0], env, ["do", "catch", "rescue", "else"], { name: node.name, keys: CLAUSE_KEYS[node.name], meta: node.meta }, formFrames(node.name))] };
      case "with":
        this.noGuardScope(env, "with", node.meta);
        return yield* this.withForm(node, env);
      case "for":
        return yield* this.clauseScope(env, this.forForm(node, env));
      case "quote":
        return yield* this.quote(node, env);
      case "unquote":
      case "unquote_splicing":
        throw this.error(env, `${node.name} called outside quote`, node.meta);
      case "alias":
      case "import":
      case "require":
        this.noGuardScope(env, node.name, node.meta);
        return yield* this.directive(node, env);
      case "super": {
        // elixir_expand's resolve_super: in a function of a module, with its arity, one made
        // overridable (elixir_overridable lists those there are).
        if (env.context === "match") throw this.error(env, "invalid pattern in match, super is not allowed in matches", node.meta);
        this.noGuardScope(env, "super", node.meta);
        this.resolveSuper(env, args.length, node.meta);
        return { ...node, args: yield* this.expandList(args, env) };
      }
      case "::":
        if (env.function === null || env.context !== null) throw this.error(env, misplacedOperator("::"), node.meta);
        // (in a function's body, an undefined local, as elixir_expand records it)
        return { ...node, args: yield* this.expandList(args, env) };
      case ".":
        return { ...node, args: yield* this.expandList(args, env) };
    }
    return node;
  }

  /** A pattern: expanded in match context; the variables it binds join `env`. */
  /** `before`: the variables bound before the match this pattern is part of (a function head's). */
  *pattern(ast: Ast, env: XEnv, before0?: VarNames): Gen<Ast> {
    const before = env.context;
    const prematch = env.prematch;
    const names = this.prematchNames;
    const version = this.prematchVersion;
    if (env.prematch === null) {
      this.prematchNames = before0 ?? env.vars.snapshot();
      if (before0 === undefined) this.prematchVersion = this.versionCounter;
    }
    env.prematch = env.prematch ?? env.vars;
    env.context = "match";
    try {
      return yield* this.expand(ast, env);
    } finally {
      env.context = before;
      env.prematch = prematch;
      this.prematchNames = names;
      this.prematchVersion = version;
    }
  }

  /** The variables bound before the pattern being expanded (null outside patterns). */
  private prematchNames: VarNames | null = null;
  /**
   * Expanding a size in a binary pattern: it may read a variable bound before the pattern
   * or by an earlier segment of the same binary, not one bound elsewhere in the pattern
   * (elixir_bitstring's prematch rule; `original`: the variables when the binary began).
   */
  private bitsize: { pre: VarNames; original: VarNames } | null = null;

  /**
   * elixir_expand's assert_no_guard_scope, for the special forms whose own checks here would
   * come first (a directive's target, super's overridable, with's clauses): in a guard, the
   * form is refused as the code generator refuses the others (intrinsics.ts checkGuard).
   */
  private noGuardScope(env: XEnv, kind: string, meta: Meta | undefined): void {
    if (env.context !== "guard") return;
    const err = this.error(env, this.bitsize !== null
      ? `${kind} is not allowed in bitstring size specifier. The size specifier in matches works like guards. To learn more about guards, visit: https://hexdocs.pm/elixir/patterns-and-guards.html`
      : `invalid expression in guards, ${kind} is not allowed in guards. To learn more about guards, visit: https://hexdocs.pm/elixir/patterns-and-guards.html`, meta);
    // (raised under elixir_clauses' guard expansion, whose hidden entries fill the trace)
    if (err.elixirFrames.length === 0) err.callerHidden = true;
    throw err;
  }

  *guard(ast: Ast, env: XEnv): Gen<Ast> {
    // `when a when b`: alternatives, each a guard of its own (elixir_utils:extract_guards).
    if (isNode(ast) && ast.name === "when" && ast.args?.length === 2) {
      const left = yield* this.guard(ast.args[0], env);
      const right = yield* this.guard(ast.args[1], env);
      return { ...ast, args: [left, right] };
    }
    const before = env.context;
    env.context = "guard";
    try {
      const g = yield* this.expand(ast, env);
      // (A remote call that is the whole guard: where it fails, its trace differs.)
      if (isNode(g) && isNode(g.name as Ast) && (g.name as AstNode).name === ".") return { ...g, meta: { ...g.meta, guard_top: true } as Meta };
      return g;
    } catch (e) {
      // An undefined function that is the whole guard fails where elixir_clauses expands the
      // guards, with :lists.mapfoldl/3 (deeper inside, the expander's own entries).
      if (e instanceof CompileError && e.elixirFrames.length === 0 && isNode(ast) && typeof ast.name === "string" && e.description === `undefined function ${ast.name}/${ast.args?.length ?? 0} (there is no such import)`) {
        e.elixirFrames = [[a("lists"), a("mapfoldl_1"), 3, list([[a("file"), charlistOf("lists.erl")], [a("line"), 1462]])]];
      }
      throw e;
    } finally {
      env.context = before;
    }
  }

  /** `->` clauses (fn, case, receive, ...): each its own scope. */
  /** `fnMeta`: the clauses of a fn (at that meta), whose arguments take no defaults (elixir_fn checks each clause as it comes to it). */
  *clauses(list: Ast[], env: XEnv, frames?: (clause: number) => TraceEntry[], check?: ArityCheck, binaryArgFrames?: (clause: number) => TraceEntry[], fnMeta?: Meta): Gen<Ast[]> {
    const out: Ast[] = [];
    for (const [k, c] of list.entries()) {
      if (!isNode(c) || c.name !== "->" || c.args?.length !== 2) {
        out.push(yield* this.expand(c, scoped(env)));
        continue;
      }
      if (fnMeta !== undefined && Array.isArray(c.args[0]) && c.args[0].some((a) => isNode(a) && a.name === "\\\\")) {
        const err = this.error(env, "anonymous functions cannot have optional arguments", fnMeta);
        // (raised in elixir_fn's transformer, which lists:mapfoldl/3 calls clause by clause)
        err.elixirFrames = [...(k > 0 ? [1462, 1463] : [1462]).map((line) => erlangFrame("lists", "mapfoldl_1", 3, "lists.erl", line)), erlangFrame("elixir_fn", "expand", 4, "src/elixir_fn.erl", 23)];
        throw err;
      }
      if (check !== undefined) this.checkClauseArity(env, c, k, check);
      out.push(yield* this.clauseScope(env, this.clause(c, k, env, frames, binaryArgFrames)));
    }
    return out;
  }

  private *clause(c: AstNode, k: number, env: XEnv, frames?: (clause: number) => TraceEntry[], binaryArgFrames?: (clause: number) => TraceEntry[]): Gen<Ast> {
    const cenv = scoped(env);
    const [head, body] = c.args as [Ast[], Ast];
    const ehead = yield* this.clauseHead(Array.isArray(head) ? head : [head], cenv, binaryArgFrames?.(k));
    const ebody = frames === undefined ? yield* this.expand(body, cenv) : yield* this.within(frames(k), this.expand(body, cenv));
    return { ...c, args: [ehead, ebody] };
  }

  /**
   * A clause with the wrong number of arguments for its section: Elixir's CompileError, with
   * the frames of the two lists:mapfoldl/3 walks it is raised in (over the clauses, then over
   * the form's sections), a return address repeated by recursion recorded once, as BEAM does.
   */
  private checkClauseArity(env: XEnv, c: AstNode, j: number, check: ArityCheck): void {
    const head = c.args![0];
    const n = Array.isArray(head) ? head.length : 1;
    const first = Array.isArray(head) ? head[0] : head;
    const manyPatterns = isNode(first) && first.name === "when" && (first.args?.length ?? 0) >= 3;
    const ok = check.rule === "catch" ? n === 1 || n === 2 : n === 1 && !(check.rule === "head" && manyPatterns);
    if (ok) return;
    const what = check.rule === "catch" ? "one or two args" : "one argument";
    // (try's catch and rescue clauses are checked by functions given the clause's own meta)
    const own = check.form === "try" && (check.key === "catch" || check.key === "rescue");
    const err = this.error(env, `expected ${what} for :${check.key} clauses (->) in "${check.form}"`, own ? c.meta : check.meta);
    const walk = (i: number) => [1462, ...(i > 0 ? [1463] : [])];
    const lines = [...walk(j), ...(check.index === null ? [] : walk(check.index))].slice(0, 3);
    err.elixirFrames = lines.map((line) => erlangFrame("lists", "mapfoldl_1", 3, "lists.erl", line));
    throw err;
  }

  /** `cond do c -> body end`: each condition is an expression (not a pattern), then its body. */
  private *condBlocks(kw: Ast, env: XEnv, meta: Meta): Gen<Ast> {
    if (!Array.isArray(kw)) return yield* this.expand(kw, env);
    const out: Ast[] = [];
    for (const [index, p] of kw.entries()) {
      const v = isTupleAst(p) ? p.tuple[1] : null;
      if (isTupleAst(p) && isAtomAst(p.tuple[0])) this.unexpectedOption(env, "cond", p.tuple[0].atom, meta, index);
      if (!isTupleAst(p) || !Array.isArray(v) || !v.every((c) => isNode(c) && c.name === "->" && c.args?.length === 2)) {
        out.push(...((yield* this.blocks([p], env, [], { name: "cond", keys: CLAUSE_KEYS.cond, meta })) as Ast[]));
        continue;
      }
      const clauses: Ast[] = [];
      const key = isAtomAst(p.tuple[0]) ? p.tuple[0].atom : "";
      for (const [k, c] of (v as AstNode[]).entries()) {
        if (key === "do") this.checkClauseArity(env, c, k, { rule: "one", form: "cond", key, meta, index });
        clauses.push(yield* this.clauseScope(env, this.condClause(c, k, env)));
      }
      out.push({ tuple: [p.tuple[0], clauses] });
    }
    return out;
  }

  private *condClause(c: AstNode, k: number, env: XEnv): Gen<Ast> {
    const cenv = scoped(env);
    const [head, body] = c.args as [Ast[], Ast];
    const ehead: Ast[] = [];
    for (const h of Array.isArray(head) ? head : [head]) ehead.push(yield* this.expand(h, cenv));
    return { ...c, args: [ehead, yield* this.within([formClause("cond", k, 0)], this.expand(body, cenv))] };
  }

  /**
   * elixir_clauses' warning for a clause's guard (each of a `when ... when ...`) that is
   * `length(list) == 0` or `length(list) > 0`, as it is written (under `and`, `not` ... it
   * is not looked for). Not for a definition's guards, which Elixir does not check.
   */
  private warnLengthGuard(g: Ast, env: XEnv): void {
    if (!isNode(g)) return;
    if (g.name === "when" && g.args?.length === 2) {
      for (const side of g.args) this.warnLengthGuard(side, env);
      return;
    }
    const op = callName(g, "erlang");
    if ((op !== "==" && op !== ">") || g.args?.length !== 2 || g.args[1] !== 0n) return;
    const left = g.args[0];
    if (!isNode(left) || callName(left, "erlang") !== "length" || left.args?.length !== 1) return;
    const arg = quotedToString(astToTerm(left.args[0]));
    const text = op === "=="
      ? `do not use "length(${arg}) == 0" to check if a list is empty since length always traverses the whole list. Prefer to pattern match on an empty list or use "${arg} == []" as a guard`
      : `do not use "length(${arg}) > 0" to check if a list is not empty since length always traverses the whole list. Prefer to pattern match on a non-empty list, such as [_ | _], or use "${arg} != []" as a guard`;
    this.warn(env, text, g.meta, true, false);
  }

  /** Patterns of a clause head, with an optional trailing `when` guard. */
  /** A clause's patterns and guard; `binaryArg`: the trace entries of a `<<>>` or `%{}` that is an argument itself (in a fn without guard). */
  *clauseHead(head: Ast[], env: XEnv, binaryArg?: TraceEntry[]): Gen<Ast[]> {
    if (head.length === 1 && isNode(head[0]) && head[0].name === "when" && head[0].args !== null) {
      const w = head[0];
      const epats = yield* this.headPatterns(w.args!.slice(0, -1), env);
      const g = yield* this.guard(w.args![w.args!.length - 1], env);
      this.warnLengthGuard(g, env);
      return [{ ...w, args: [...epats, g] }];
    }
    return yield* this.headPatterns(head, env, binaryArg);
  }

  /** A clause's patterns: one match, with the variables bound before the first as its prematch. */
  private *headPatterns(pats: Ast[], env: XEnv, binaryArg?: TraceEntry[]): Gen<Ast[]> {
    const prematch = env.prematch;
    const names = this.prematchNames;
    const version = this.prematchVersion;
    if (env.prematch === null) {
      this.prematchNames = env.vars.snapshot();
      this.prematchVersion = this.versionCounter;
      env.prematch = env.vars;
    }
    try {
      const out: Ast[] = [];
      for (const p of pats) out.push(binaryArg !== undefined && isNode(p) && (p.name === "<<>>" || p.name === "%{}") ? yield* this.within(binaryArg, this.pattern(p, env)) : yield* this.pattern(p, env));
      return out;
    } finally {
      env.prematch = prematch;
      this.prematchNames = names;
      this.prematchVersion = version;
    }
  }

  /**
   * elixir_expand's maybe_warn_comparison: an ordering comparison (Kernel's or :erlang's
   * <, >, <=, >=, min, max) with a struct literal on a side (written `%S{}` or built by a macro
   * such as ~D), else with another ordering comparison on a side (`1 < x < 5`), is warned
   * about, naming the side or the comparison as written.
   */
  private warnComparison(module: string, name: string, args: Ast[], eargs: Ast[], meta: Meta | undefined, env: XEnv): void {
    if (eargs.length !== 2 || (module !== "Elixir.Kernel" && module !== "erlang")) return;
    const op = module === "erlang" ? ERLANG_COMPARISONS[name] : name;
    if (op === undefined || !["<", ">", "<=", ">=", "min", "max"].includes(op)) return;
    const isStruct = (e: Ast): boolean => {
      if (!isNode(e)) return false;
      // (Kernel's ~D ~T ~N ~U, which beamsh builds when they run: Elixir's macros give the struct's map)
      if (typeof e.name === "string" && /^sigil_[DTNU]$/.test(e.name) && e.args?.length === 2) return true;
      if (e.name === "%" && e.args?.length === 2) return isAtomAst(e.args[0]);
      if (e.name === "%{}" && e.args !== null) {
        const pair = e.args.find((p) => isTupleAst(p) && isAtomAst(p.tuple[0]) && p.tuple[0].atom === "__struct__");
        return pair !== undefined && isAtomAst((pair as { tuple: [Ast, Ast] }).tuple[1]);
      }
      return false;
    };
    const side = isStruct(eargs[0]) ? args[0] : isStruct(eargs[1]) ? args[1] : undefined;
    if (side !== undefined) {
      this.warn(env, `invalid comparison with struct literal ${quotedToString(astToTerm(side))}. Comparison operators (>, <, >=, <=, min, and max) perform structural and not semantic comparison. Comparing with a struct literal is unlikely to give a meaningful result. Struct modules typically define a compare/2 function that can be used for semantic comparison`, meta);
      return;
    }
    const isComparison = (e: Ast): boolean => {
      if (!isNode(e) || e.args?.length !== 2) return false;
      const k = callName(e, "Elixir.Kernel") ?? callName(e, "erlang");
      if (k === null) return false;
      const o = typeof e.name === "string" || callName(e, "Elixir.Kernel") !== null ? k : ERLANG_COMPARISONS[k];
      return o === "<" || o === ">" || o === "<=" || o === ">=";
    };
    if (isComparison(eargs[0]) || isComparison(eargs[1])) {
      const written = quotedToString(astToTerm({ name: op, meta: {} as Meta, args }));
      this.warn(env, `Elixir does not support nested comparisons. Something like\n\n     x < y < z\n\nis equivalent to\n\n     (x < y) < z\n\nwhich ultimately compares z with the boolean result of (x < y). Instead, consider joining together each comparison segment with an "and", for example,\n\n     x < y and y < z\n\nYou wrote: ${written}`, meta);
    }
  }

  /** A keyword list of blocks (`do:`, `else:`, `rescue:` ...): clause lists or bodies. */
  *blocks(kw: Ast, env: XEnv, clauseKeys: string[], form?: { name: string; keys: string[]; meta: Meta }, frames?: (key: string, keyIndex: number, clause: number) => TraceEntry[]): Gen<Ast> {
    if (!Array.isArray(kw)) return yield* this.expand(kw, env);
    if (form?.name === "try") this.tryOptions(kw, env, form.meta);
    const out: Ast[] = [];
    for (const [index, p] of kw.entries()) {
      if (!isTupleAst(p) || !isAtomAst(p.tuple[0])) {
        out.push(yield* this.expand(p, env));
        continue;
      }
      const key = p.tuple[0].atom;
      const v = p.tuple[1];
      if (form !== undefined) this.unexpectedOption(env, form.name, key, form.meta, index);
      const isClauses = Array.isArray(v) && v.length > 0 && v.every((c) => isNode(c) && c.name === "->");
      if (form !== undefined && form.keys.includes(key)) {
        // (`receive do after ... end` waits for nothing; its `after` takes exactly one clause.)
        const emptyReceive = form.name === "receive" && key === "do" && isEmptyBlock(v);
        if (form.name === "receive" && key === "after") {
          if (!isClauses || (v as Ast[]).length !== 1) throw this.clausesExpected(env, key, form.name, form.meta, index, true);
        } else if (!isClauses && !emptyReceive) throw this.clausesExpected(env, key, form.name, form.meta, index);
      }
      let ev: Ast;
      const at = frames === undefined ? undefined : (k: number) => frames(key, index, k);
      const rule = form === undefined ? undefined : ARITY_RULES[`${form.name} ${key}`];
      const check = rule === undefined ? undefined : { rule, form: form!.name, key, meta: form!.meta, index };
      if (key === "rescue" && isClauses) ev = yield* this.rescueClauses(v as Ast[], env, at, check);
      else if (form?.name === "receive" && key === "after" && isClauses) ev = yield* this.afterClause(v as AstNode[], env);
      else if (isClauses || clauseKeys.includes(key) && Array.isArray(v)) ev = yield* this.clauses(v as Ast[], env, at, check);
      else if (at !== undefined) ev = yield* this.clauseScope(env, this.within(at(-1), this.expand(v, scoped(env))));
      else ev = yield* this.clauseScope(env, this.expand(v, scoped(env)));
      out.push({ tuple: [p.tuple[0], ev] });
    }
    return out;
  }

  /**
   * What elixir_clauses checks of try's options before it expands them: the options there
   * must be, the warning for an `else` alone and for `catch` before `rescue` (naming the
   * definition the try came from: `def f do ... rescue ... end` is a try with origin def),
   * a section given twice. Its warnings name the file only, as form_warn given a file does.
   */
  private tryOptions(kw: Ast[], env: XEnv, meta: Meta): void {
    const keys = kw.map((p) => (isTupleAst(p) && isAtomAst(p.tuple[0]) ? p.tuple[0].atom : null));
    if (keys.length === 0) throw this.error(env, `missing :do option in "try"`, meta);
    if (keys.length === 1 && keys[0] === "do") throw this.error(env, `missing :catch/:rescue/:after option in "try"`, meta);
    const origin = clauseOrigin(meta, "try");
    if (keys.length === 2 && keys[0] === "do" && keys[1] === "else") {
      this.warn(env, `"else" shouldn't be used as the only clause in "${origin}", use "case" instead`, meta, true, false);
    }
    for (const key of ["do", "rescue", "catch", "else", "after"]) {
      if (keys.filter((k) => k === key).length > 1) throw this.error(env, `duplicated :${key} clauses given for "try"`, meta);
    }
    const firstCatch = keys.indexOf("catch");
    if (firstCatch >= 0 && keys.indexOf("rescue", firstCatch) > firstCatch) this.warn(env, `"catch" should always come after "rescue" in ${origin}`, meta, true, false);
    for (const k of keys) {
      if (k !== null && !["do", "rescue", "catch", "else", "after"].includes(k)) throw this.error(env, `unexpected option ${quotedToString(astToTerm({ atom: k }))} in "try"`, meta);
    }
  }

  /**
   * What elixir_clauses checks of case's, cond's and receive's options before it expands
   * them: some are given (`missing :do option in "case"`), as a list, none twice.
   */
  private clauseOptions(kw: Ast, env: XEnv, form: "case" | "cond" | "receive", meta: Meta): void {
    const allowed = FORM_OPTIONS[form];
    if (Array.isArray(kw) && kw.length === 0) throw this.error(env, `missing ${allowed.map((k) => ":" + k).join("/")} option in "${form}"`, meta);
    if (!Array.isArray(kw)) throw this.error(env, `invalid arguments for "${form}"`, meta);
    const keys = kw.map((p) => (isTupleAst(p) && isAtomAst(p.tuple[0]) ? p.tuple[0].atom : null));
    for (const key of allowed) {
      if (keys.filter((k) => k === key).length > 1) throw this.error(env, `duplicated :${key} clauses given for "${form}"`, meta);
    }
  }

  /** An option a form does not take, as elixir_clauses finds it while it maps over the options (the `index`th). */
  private unexpectedOption(env: XEnv, form: string, key: string, meta: Meta, index: number): void {
    const allowed = FORM_OPTIONS[form];
    if (allowed === undefined || allowed.includes(key)) return;
    const err = this.error(env, `unexpected option ${quotedToString(astToTerm({ atom: key }))} in "${form}"`, meta);
    err.elixirFrames = [erlangFrame("lists", "mapfoldl_1", 3, "lists.erl", 1462), ...Array.from({ length: index }, () => erlangFrame("lists", "mapfoldl_1", 3, "lists.erl", 1463))];
    throw err;
  }

  /** receive's `after timeout -> body`: the timeout is an expression, not a pattern. */
  private *afterClause(clauses: AstNode[], env: XEnv): Gen<Ast[]> {
    const [c] = clauses;
    const [head, body] = c.args as [Ast[], Ast];
    const cenv = scoped(env);
    const ehead: Ast[] = [];
    for (const h of head) ehead.push(yield* this.expand(h, cenv));
    return [{ ...c, args: [ehead, yield* this.clauseScope(env, this.expand(body, cenv))] }];
  }

  /** What Elixir raises for `case x do 1 end` and the like (as it expands the form's options in order). */
  private clausesExpected(env: XEnv, key: string, form: string, meta: Meta, index: number | null, single = false): CompileError {
    const err = this.error(env, `expected ${single ? "a single -> clause" : "-> clauses"} for :${key} in "${single ? form : clauseOrigin(meta, form)}"`, meta);
    if (index !== null) {
      err.elixirFrames = [erlangFrame("lists", "mapfoldl_1", 3, "lists.erl", 1462), ...Array.from({ length: index }, () => erlangFrame("lists", "mapfoldl_1", 3, "lists.erl", 1463))];
    }
    return err;
  }

  /** `rescue e in [A, B] -> ...`: module names are expanded, `e` is bound. */
  private *rescueClauses(list: Ast[], env: XEnv, frames?: (clause: number) => TraceEntry[], check?: ArityCheck): Gen<Ast[]> {
    const out: Ast[] = [];
    for (const [k, c] of (list as AstNode[]).entries()) {
      if (check !== undefined) this.checkClauseArity(env, c, k, check);
      out.push(yield* this.clauseScope(env, this.rescueClause(c, k, env, frames)));
    }
    return out;
  }

  private *rescueClause(c: AstNode, k: number, env: XEnv, frames?: (clause: number) => TraceEntry[]): Gen<Ast> {
    {
      const cenv = scoped(env);
      const [head, body] = c.args as [Ast[], Ast];
      const ehead: Ast[] = [];
      for (const h of head) ehead.push(yield* this.rescueHead(h, c.meta, cenv));
      const ebody = frames === undefined ? yield* this.expand(body, cenv) : yield* this.within(frames(k), this.expand(body, cenv));
      return { ...c, args: [ehead, ebody] };
    }
  }

  /**
   * A rescue clause's head, as elixir_clauses' expand_rescue reads it: a variable; `var in _`
   * (any exception, the variable alone); `var in Alias` or `var in [Alias, ...]` (atoms once
   * expanded); anything else is `_ in head`. Other heads are an invalid rescue clause.
   */
  private *rescueHead(h: Ast, meta: Meta | undefined, env: XEnv): Gen<Ast> {
    const isVar = (x: Ast): x is AstNode => isNode(x) && typeof x.name === "string" && x.args === null;
    const invalid = () => this.error(env, `invalid "rescue" clause. The clause should match on an alias, a variable or be in the "var in [alias]" format`, meta);
    if (isVar(h)) return yield* this.pattern(h, env);
    let left: Ast = { name: "_", meta: meta as Meta, args: null };
    let right: Ast = h;
    if (isNode(h) && h.name === "in" && h.args?.length === 2) {
      if (isVar(h.args[0]) && isVar(h.args[1]) && h.args[1].name === "_") return yield* this.pattern(h.args[0], env);
      [left, right] = h.args;
    }
    const eleft = yield* this.pattern(left, env);
    const eright = isNode(right) && right.name === "__aliases__" ? this.aliasAtom(right, env) : yield* this.expand(right, env);
    if (!isVar(eleft)) throw invalid();
    const inMeta = isNode(h) ? h.meta : meta;
    if (isAtomAst(eright)) return { name: "in", meta: inMeta, args: [eleft, [eright]] } as Ast;
    if (Array.isArray(eright) && eright.every(isAtomAst)) return { name: "in", meta: inMeta, args: [eleft, eright] } as Ast;
    throw invalid();
  }

  private *withForm(node: AstNode, env: XEnv): Gen<Ast> {
    const args = node.args!;
    const last = args[args.length - 1];
    const hasOpts = Array.isArray(last);
    // (the steps and the do block are one clause, elixir_clauses' with/4; each else clause another)
    const doIndex = hasOpts ? (last as Ast[]).findIndex((p) => isTupleAst(p) && isAtomAst(p.tuple[0]) && p.tuple[0].atom === "do") : -1;
    const expanded = new Map<number, Ast>();
    const main = yield* this.clauseScope(env, this.withMain(node, env, expanded, doIndex));
    // as elixir_clauses' with/4: the steps, then the do block (required), then one else; any
    // other keyword is an error once those are expanded, and what is not a keyword is dropped
    const opts: Ast[] = [];
    let elseSeen = false;
    const leftover: Ast[] = [];
    for (const [i, p] of (last as Ast[]).entries()) {
      if (i === doIndex) opts.push(expanded.get(i)!);
      else if (!elseSeen && isTupleAst(p) && isAtomAst(p.tuple[0]) && p.tuple[0].atom === "else") {
        elseSeen = true;
        const v = p.tuple[1];
        if (!(Array.isArray(v) && v.length > 0 && v.every((c) => isNode(c) && c.name === "->"))) throw this.clausesExpected(env, "else", "with", node.meta, null);
        opts.push({ tuple: [p.tuple[0], yield* this.clauses(v, env, (k) => [withElse(k)], { rule: "head", form: "with", key: "else", meta: node.meta, index: null })] });
      } else leftover.push(p);
    }
    const first = leftover[0];
    if (first !== undefined && isTupleAst(first)) throw this.error(env, `unexpected option ${quotedToString(astToTerm(first.tuple[0]))} in "with"`, node.meta);
    // (elixir_clauses' case on the leftovers has no clause for a list not starting with a pair)
    if (first !== undefined) throw raise("CaseClauseError", { term: astToTerm(leftover) });
    return { ...node, args: [...((main as AstNode).args as Ast[]), opts] };
  }

  /** with's steps and its do block (left in `expanded` by index). */
  private *withMain(node: AstNode, env: XEnv, expanded: Map<number, Ast>, doIndex: number): Gen<Ast> {
    const args = node.args!;
    const last = args[args.length - 1];
    const hasOpts = Array.isArray(last);
    const steps = hasOpts ? args.slice(0, -1) : args;
    const inner = scoped(env);
    const out: Ast[] = [];
    // (what a step's source binds is not seen after it, as in a comprehension's generator)
    const sources: { at: number; done: () => Ast }[] = [];
    for (const [k, s] of steps.entries()) {
      if (isNode(s) && s.name === "<-" && s.args?.length === 2) {
        const { right, done } = yield* this.within([withStep(k, true)], this.generatorSource(s.args[1], inner));
        const left = yield* this.within([withLeft(k)], this.clauseHead([s.args[0]], inner));
        sources.push({ at: out.length, done });
        out.push({ ...s, args: [left[0], right] });
      } else out.push(yield* this.within([withStep(k, false)], this.expand(s, inner)));
    }
    // (before the scope's unused variables are reported, as elixir_clauses' expand_with_do)
    if (doIndex < 0) throw this.error(env, `missing :do option in "with"`, node.meta);
    {
      const p = (last as Ast[])[doIndex] as { tuple: [Ast, Ast] };
      expanded.set(doIndex, { tuple: [p.tuple[0], yield* this.within([WITH_DO], this.expand(p.tuple[1], inner))] });
    }
    for (const { at, done } of sources) {
      const s = out[at] as AstNode;
      out[at] = { ...s, args: [s.args![0], done()] };
    }
    return { ...node, args: out };
  }

  private *forForm(node: AstNode, env: XEnv): Gen<Ast> {
    const args = node.args!;
    const inner = scoped(env);
    const out: Ast[] = [];
    // Options (`into:`, `uniq:`, `reduce:`) are expanded outside the generators' scope.
    const optIndex = (i: number) => Array.isArray(args[i]) && (i === args.length - 1 || (i === args.length - 2 && Array.isArray(args[args.length - 1])));
    const isDo = (p: Ast) => isTupleAst(p) && isAtomAst(p.tuple[0]) && p.tuple[0].atom === "do";
    // elixir_expand checks the form as it goes: the do block first, the generators and the
    // options once those are expanded (before the do block is).
    const error = (message: string, meta: Meta | undefined) => this.error(env, message, meta);
    if (!args.some((q, i) => optIndex(i) && (q as Ast[]).some(isDo))) checkFor(node, error);
    const optLists = args.filter((_q, i) => optIndex(i)) as Ast[][];
    const expandedOpts = new Map<Ast, Ast>();
    // (the generators' sources, given the snapshots the rest needs once it is expanded)
    const sources: { at: number; done: () => Ast }[] = [];
    for (let i = 0; i < args.length; i++) {
      const q = args[i];
      if (optIndex(i)) {
        if (q === optLists[0]) {
          for (const p of optLists.flat()) {
            if (isDo(p)) continue;
            expandedOpts.set(p, isTupleAst(p) ? { tuple: [p.tuple[0], yield* this.expand(p.tuple[1], env)] } : yield* this.expand(p, env));
          }
          checkFor({ ...node, args: [...out, optLists.flat().map((p) => expandedOpts.get(p) ?? p)] }, error);
        }
        const opts: Ast[] = [];
        for (const p of q as Ast[]) {
          if (isDo(p)) {
            const d = p as { tuple: [Ast, Ast] };
            const body = d.tuple[1];
            const isClauses = Array.isArray(body) && body.length > 0 && body.every((c) => isNode(c) && c.name === "->");
            opts.push({ tuple: [d.tuple[0], isClauses ? yield* this.clauses(body as Ast[], inner) : yield* this.expand(body, scoped(inner))] });
          } else opts.push(expandedOpts.get(p)!);
        }
        out.push(opts);
        continue;
      }
      if (isNode(q) && q.name === "<-" && q.args?.length === 2) {
        const { right, done } = yield* this.generatorSource(q.args[1], inner);
        const left = yield* this.clauseHead([q.args[0]], inner);
        sources.push({ at: out.length, done });
        out.push({ ...q, args: [left[0], right] });
      } else if (isNode(q) && q.name === "<<>>" && q.args !== null && q.args.length > 0) {
        const lastSeg = q.args[q.args.length - 1];
        if (isNode(lastSeg) && lastSeg.name === "<-" && lastSeg.args?.length === 2) {
          const { right, done } = yield* this.generatorSource(lastSeg.args[1], inner);
          const segs = yield* this.pattern({ ...q, args: [...q.args.slice(0, -1), lastSeg.args[0]] }, inner);
          const esegs = (segs as AstNode).args!;
          sources.push({ at: out.length, done });
          out.push({ ...q, args: [...esegs.slice(0, -1), { ...lastSeg, args: [esegs[esegs.length - 1], right] }] });
        } else out.push(yield* this.expand(q, inner));
      } else out.push(yield* this.expand(q, inner));
    }
    for (const { at, done } of sources) {
      const right = done();
      const q = out[at] as AstNode;
      if (q.name === "<-") out[at] = { ...q, args: [q.args![0], right] };
      else {
        const segs = q.args!;
        const lastSeg = segs[segs.length - 1] as AstNode;
        out[at] = { ...q, args: [...segs.slice(0, -1), { ...lastSeg, args: [lastSeg.args![0], right] }] };
      }
    }
    return { ...node, args: out };
  }

  private *struct(node: AstNode, env: XEnv): Gen<Ast> {
    const nameAst = node.args![0];
    const mapAst = this.cleanStructKey(node.meta, node.args![1], env);
    let ename: Ast;
    if (isNode(nameAst) && nameAst.name === "__aliases__") ename = this.aliasReference(nameAst, env);
    else ename = yield* this.expand(nameAst, env);
    // A struct without a line of its own (built by quote) expands at the caller's line, as
    // elixir_map reports it.
    const meta = node.meta?.line || !env.line ? node.meta : { ...node.meta, line: env.line };
    // elixir_map expands the name and the map (an update's base too) before it looks at
    // either: an undefined variable in the map is reported before an unknown struct.
    // (the map is no expression of its own: what its pairs need goes before the struct)
    const emap = yield* this.expand(mapAst, env, false);
    if (!structNameShape(ename, env.context === "match")) {
      const got = quotedToString(inlineKernel(astToTerm(ename)));
      throw this.error(env, env.context === "match" ? `expected struct name in a match to be a compile time atom, alias or a variable, got: ${got}` : `expected struct name to be a compile time atom or alias, got: ${got}`, node.meta);
    }
    // (an update, like a pattern, loads the struct with Mod.__struct__/0; building one, /1)
    const update = isNode(mapAst) && mapAst.name === "%{}" && mapAst.args?.length === 1 && isNode(mapAst.args[0]) && (mapAst.args[0] as AstNode).name === "|";
    const arity = update || env.context === "match" ? 0 : 1;
    if (isAtomAst(ename)) yield* this.loadStruct(ename.atom, arity, emap, meta, env);
    if (isAtomAst(ename)) yield* this.learnStruct(ename.atom, env);
    if (isAtomAst(ename)) this.trace(env, () => [a("struct_expansion"), this.traceMeta(node.meta), a(ename.atom), list(structKeys(emap))]);
    if (isAtomAst(ename) && env.context === null) this.checkStructInMacro(ename.atom, arity, meta, env);
    if (isAtomAst(ename)) this.checkStructInContext(ename.atom, arity, meta, env);
    const out: AstNode = { ...node, meta, args: [ename, emap] };
    structOriginalMeta.set(out, node.meta);
    // (elixir_map fills a struct built, not updated nor matched, with its other fields' defaults)
    const fields = isAtomAst(ename) && env.context === null && !update ? this.host.structFields(ename.atom) : null;
    if (fields !== null && isNode(emap) && emap.args !== null) {
      const given = new Set(structKeys(emap).map((k) => (k instanceof Atom ? k.name : "")));
      const rest = MapTerm.fromPairs(fields.filter(([k]) => !given.has(k)).map(([k, v]) => [a(k), v] as [Term, Term]));
      structDefaults.set(out, mapListOrder(rest).map(([k, v]) => ({ tuple: [{ atom: (k as Atom).name }, termToAst(escape(v, false))] }) as Ast));
    }
    return out;
  }

  /**
   * A struct's `__struct__:` key is dropped with a warning (elixir_map's
   * clean_struct_key_from_map_args: the first one, in a struct built, updated or matched).
   */
  private cleanStructKey(meta: Meta | undefined, mapAst: Ast, env: XEnv): Ast {
    if (!isNode(mapAst) || mapAst.name !== "%{}" || mapAst.args === null) return mapAst;
    const take = (pairs: Ast[]): Ast[] | null => {
      const i = pairs.findIndex((p) => isTupleAst(p) && p.tuple.length === 2 && isAtomAst(p.tuple[0]) && p.tuple[0].atom === "__struct__");
      if (i < 0) return null;
      this.warn(env, "key :__struct__ is ignored when using structs", meta, false, false);
      return [...pairs.slice(0, i), ...pairs.slice(i + 1)];
    };
    const args = mapAst.args;
    const bar = args.length === 1 && isNode(args[0]) && args[0].name === "|" && args[0].args?.length === 2 ? args[0] : null;
    if (bar !== null) {
      const right = bar.args![1];
      const rest = Array.isArray(right) ? take(right) : null;
      return rest === null ? mapAst : { ...mapAst, args: [{ ...bar, args: [bar.args![0], rest] }] };
    }
    const rest = take(args);
    return rest === null ? mapAst : { ...mapAst, args: rest };
  }

  /**
   * A loaded module whose struct is its own `__struct__` function rather than a defstruct:
   * elixir_map's load_struct calls it as the struct expands (with the given pairs to build
   * one, with none to update or match) and checks what it returns: a map whose :__struct__
   * is the module, else a CompileError (another struct name, or no struct at all).
   */
  private *loadStruct(module: string, arity: number, emap: Ast, meta: Meta | undefined, env: XEnv): Gen<void> {
    if (module === env.module || this.host.structFields(module) !== null || !this.host.hasFunction(module, "__struct__", arity)) return;
    const code = this.rt.modules.lookup(module, "__struct__", arity);
    if (code === null || code.native !== undefined) return;
    let args: Term[] = [];
    if (arity === 1) {
      const pairs = isNode(emap) && emap.name === "%{}" && emap.args !== null ? emap.args : [];
      args = [list(pairs.filter((p) => isTupleAst(p) && p.tuple.length === 2).map((p) => [astToTerm((p as { tuple: Ast[] }).tuple[0]), astToTerm((p as { tuple: Ast[] }).tuple[1])] as Term))];
    }
    const struct = yield { code, args };
    const name = struct instanceof MapTerm ? struct.get(a("__struct__")) : undefined;
    if (name === a(module)) return;
    const shown = displayName(module);
    const description = name instanceof Atom
      ? `expected struct name returned by ${shown}.__struct__/${arity} to be ${shown}, got: ${displayName(name.name)}`
      : `expected ${shown}.__struct__/${arity} to return a map with a :__struct__ key that holds the name of the struct (atom), got: ${inspect(struct)}`;
    const line = (meta?.line as number) || env.line;
    const err = new CompileError(description, env.file, line);
    err.elixirFrames = [[a(module), a("__struct__"), arity, list([[a("file"), charlistOf("expanding struct")]])], callerFrame(env, line)];
    throw err;
  }

  /**
   * A loaded module whose struct is its own `__struct__/0` function rather than a defstruct:
   * elixir_map calls it as the struct expands; its fields and defaults are learned so.
   */
  private *learnStruct(module: string, env: XEnv): Gen<void> {
    if (module === env.module || this.host.learnStruct === undefined) return;
    if (this.host.structFields(module) !== null || !this.host.hasFunction(module, "__struct__", 0)) return;
    const code = this.rt.modules.lookup(module, "__struct__", 0);
    if (code === null || code.native !== undefined) return;
    const struct = yield { code, args: [] };
    if (!(struct instanceof MapTerm) || struct.get(a("__struct__")) !== a(module)) return;
    const fields: [string, Term][] = [];
    for (const [k, v] of struct.entries.values()) if (k instanceof Atom && k !== a("__struct__")) fields.push([k.name, v]);
    this.host.learnStruct(module, fields);
  }

  /**
   * A struct of a module that defines none, written inside a macro's result (`%Mod{} |> f`):
   * elixir_map's CompileError (Mod.__struct__/1 and where the struct is written), then
   * each macro being expanded and its caller, as elixir_dispatch adds them. Raised while
   * expanding, as elixir_map does (before the warnings of the clauses after it).
   */
  private checkStructInMacro(module: string, arity: number, meta: Meta | undefined, env: XEnv): void {
    const macros = this.at.here().entries.filter((e) => "macro" in e);
    if (module === env.module || env.contextModules.includes(module)) return;
    if (this.host.structFields(module) !== null) return;
    const name = displayName(module);
    const line = (meta?.line as number) || env.line;
    const err = new CompileError(`${name}.__struct__/${arity} is undefined, cannot expand struct ${name}. Make sure the struct name is correct. If the struct name exists and is correct but it still cannot be found, you likely have cyclic module usage in your code`, env.file, line);
    const struct: Term = [a(module), a("__struct__"), arity, list([[a("file"), charlistOf("expanding struct")]])];
    err.elixirFrames = [struct, callerFrame(env, line), ...expansionTrace(macros)].slice(0, 8);
    throw err;
  }

  /**
   * A struct of a module this code defines, used at its top level (a script's, an input's)
   * before the module is compiled: elixir_map's inaccessible struct, raised as the struct
   * expands (before the warnings of what comes after it). Mod.__struct__/1 builds one, /0
   * checks a pattern's keys.
   */
  private checkStructInContext(module: string, arity: number, meta: Meta | undefined, env: XEnv): void {
    if (env.module !== null || env.function !== null || !env.contextModules.includes(module)) return;
    if (this.host.structFields(module) !== null || this.host.hasFunction(module, "__struct__", 0)) return;
    const line = (meta?.line as number) || env.line;
    const err = new CompileError(`cannot access struct ${displayName(module)}, the struct was not yet defined or the struct is being accessed in the same context that defines it`, env.file, line);
    const struct: Term = [a(module), a("__struct__"), arity, list([[a("file"), charlistOf("expanding struct")]])];
    err.elixirFrames = [struct, callerFrame(env, line)];
    throw err;
  }

  /**
   * `a <> b <> rest` in a match, as Kernel.<>/2 expands it: one binary pattern
   * `<<a::binary, b::binary, rest::binary>>` (a binary literal stays as it is). An operand on
   * the left must have a known size: a variable or a pin there is an ArgumentError of the macro.
   */
  private *concatPattern(node: AstNode, env: XEnv): Gen<Ast> {
    const parts = concatChain(node.args!);
    const caller = (): Term => {
      const loc = list([[a("file"), charlistOf(env.file)], [a("line"), lineOf(node, env)]]);
      return env.module === null ? [a("elixir_eval"), a("__FILE__"), 1, loc] : env.function === null ? [a(env.module), a("__MODULE__"), 0, loc] : [a(env.module), a(env.function[0]), env.function[1], loc];
    };
    const segs: Ast[] = [];
    for (const [i, p] of parts.entries()) {
      if (typeof p === "string") {
        segs.push(p);
        continue;
      }
      if (isConcatLiteral(p)) throw concatError(`expected binary argument in <> operator but got: ${quotedToString(astToTerm(p))}`, i, parts.length, false, caller());
      if (i < parts.length - 1 && isNode(p)) {
        const plainVar = (x: Ast): boolean => isNode(x) && typeof x.name === "string" && x.args === null && x.context === undefined;
        const pinned = p.name === "^" && p.args?.length === 1 && plainVar(p.args[0]);
        if (plainVar(p) || pinned) {
          const text = pinned ? `^${(p.args![0] as AstNode).name as string}` : (p.name as string);
          throw concatError(`the left argument of <> operator inside a match should always be a literal binary because its size can't be verified. Got: ${text}`, i, parts.length, true, caller());
        }
      }
      const m = (isNode(p) ? p.meta : undefined) ?? node.meta;
      segs.push({ name: "::", meta: m, args: [p, { name: "binary", meta: m, args: null }] });
    }
    try {
      return yield* this.expand({ name: "<<>>", meta: node.meta, args: segs }, env);
    } catch (e) {
      // Raised while expanding what the macro gave: elixir_dispatch adds the macro and its caller.
      if (e instanceof CompileError && e.elixirFrames.length > 0) {
        e.elixirFrames = [...e.elixirFrames, [a("Elixir.Kernel"), a("<>"), 2, list([[a("file"), charlistOf("expanding macro")]])], caller()].slice(0, 8);
      }
      throw e;
    }
  }

  /**
   * `a <> b <> c` outside a match: Kernel.<>/2 gives `<<a::binary, b::binary, c::binary>>`
   * (its right-nested chain flattened, a binary literal left as it is), so each operand
   * expands as a segment's value inside the macro's result (elixir_bitstring's entries
   * under the macro's in an error's trace). The chain keeps its shape for the code generator.
   */
  private *concat(node: AstNode, env: XEnv, macro: TraceEntry): Gen<Ast> {
    const parts = concatChain(node.args!);
    const out: Ast[] = [];
    // (the operands are the segments of one binary: siblings)
    const g = this.openGroup(env, parts.length);
    for (const p of parts) out.push(typeof p === "string" ? p : yield* this.arg(g, env, p, this.within([macro, bitstringValue(true, false)], this.expand(p, env))));
    this.closeGroup(g, env);
    // (each operand is a `::binary` segment of Kernel.<>/2's bitstring)
    for (const p of out) {
      if (isNode(p) && p.name === "<<>>" && (p.args ?? []).length > 0) {
        // eslint-disable-next-line require-yield
        yield* this.within([macro], (function* (x: Expander): Gen<void> {
          x.checkAligned(p, node.meta, env, 40);
        })(this));
      }
    }
    const links: AstNode[] = [];
    for (let n = node; links.length < parts.length - 1; n = n.args![1] as AstNode) links.push(n);
    let result = out[out.length - 1];
    for (let i = links.length - 1; i >= 0; i--) {
      result = { ...links[i], args: [out[i], result] };
      concatNodes.add(result);
    }
    return result;
  }

  /** `<<...>>`: segment values expand in the current context; types and sizes do not bind. */
  /** The string a `to_string(arg)` segment value stands for when arg expands to one. */
  private *inlinedToString(value: Ast, env: XEnv): Gen<string | undefined> {
    if (!isNode(value) || !isNode(value.name) || value.name.name !== "." || value.args?.length !== 1) return undefined;
    const [mod, fun] = value.name.args ?? [];
    if (!isAtomAst(fun) || fun.atom !== "to_string" || !isAtomAst(mod) || (mod.atom !== "Elixir.Kernel" && mod.atom !== "Elixir.String.Chars")) return undefined;
    const arg = value.args[0];
    // (a def head has its module attributes read already: their values are literals)
    if (isLiteralAst(arg)) return typeof arg.literal === "string" ? arg.literal : undefined;
    // (what is no string once expanded is expanded again with the call, which raises)
    const expanded = yield* this.expand(arg, env);
    if (isLiteralAst(expanded)) return typeof expanded.literal === "string" ? expanded.literal : undefined;
    return typeof expanded === "string" ? expanded : undefined;
  }

  private *bitstring(node: AstNode, env: XEnv): Gen<Ast> {
    const out: Ast[] = [];
    const original = env.context === "match" ? env.vars.snapshot() : null;
    const segs = node.args!;
    // elixir_bitstring's expand_expr: a segment whose value is a list or an atom literal
    const checkLiteral = (value: Ast, meta: Meta | undefined, line: number) => {
      // (an empty block, `<<()>>`, is nil, and has no line for the error)
      const empty = isNode(value) && value.name === "__block__" && (value.args ?? []).length === 0;
      if (!(empty || Array.isArray(value) || isAtomAst(value) || value === null || value === true || value === false)) return;
      const at = (fun: string, arity: number, l: number): TraceFrame => ({ module: "elixir_bitstring", fun, arity, file: "src/elixir_bitstring.erl", line: l, hidden: false });
      const message = `invalid literal ${empty ? "nil" : quotedToString(astToTerm(value))} in <<>>`;
      const err = empty ? new CompileError(message, env.file, 0) : this.error(env, message, meta);
      if (empty) this.locate(err, env);
      throw this.bitstringTrace(err, env, [at("expand", 8, line), at("expand", 5, env.context === "match" ? 14 : 26)]);
    };
    // (outside a match the segments are siblings; a size reads the variables as they were before them too)
    const g = this.openGroup(env, segs.length);
    for (const [i, seg] of segs.entries()) {
      if (isNode(seg) && seg.name === "::" && seg.args?.length === 2) {
        // elixir_bitstring's expand_expr: in a match or a guard, an interpolation
        // (Kernel.to_string/1, String.Chars.to_string/1) of what expands to a literal
        // string (a module attribute's value) is that string.
        const inlined = env.context !== null ? yield* this.inlinedToString(seg.args[0], env) : undefined;
        const value = inlined !== undefined ? inlined : yield* this.arg(g, env, seg.args[0], this.within([bitstringValue(true, env.context === "match")], this.expand(seg.args[0], env)));
        checkLiteral(value, seg.meta ?? node.meta, 34);
        const checked = yield* this.checkedSpecs(seg.args[1], value, seg.meta, env, original);
        const spec = yield* this.arg(g, env, checked, this.segmentSpec(checked, env, original));
        if (isNode(value) && value.name === "<<>>" && (value.args ?? []).length > 0) {
          const names = specNames(spec);
          if ((names.has("binary") || names.has("bytes")) && !names.has("size") && !names.has("*")) this.checkAligned(value, seg.meta ?? node.meta, env, 40);
        }
        if (env.context === "match") {
          // elixir_bitstring: a segment that is not the last needs a size in a match.
          const requireSize = i < segs.length - 1;
          const names = specNames(spec);
          const type = names.has("binary") || names.has("bytes") ? "binary" : names.has("bitstring") || names.has("bits") ? "bitstring" : null;
          const sized = names.has("size") || names.has("*");
          if (isNode(value) && value.name === "<<>>" && type !== null && !sized) {
            // A binary pattern inside one (`<<_>> <> rest`): its segments join the outer ones.
            const inner = value.args ?? [];
            const last = inner[inner.length - 1];
            if (requireSize && isNode(last ?? null) && (last as AstNode).name === "::") {
              const [lv, ls] = (last as AstNode).args!;
              const ln = specNames(ls);
              const lsized = ln.has("size") || ln.has("*");
              if (!lsized && (((ln.has("binary") || ln.has("bytes")) && typeof lv !== "string") || ln.has("bitstring") || ln.has("bits"))) {
                throw this.unsizedBinary(env, seg.meta, [["concat_or_prepend_bitstring", 6, 81], ["expand", 8, 40], ["expand", 5, 14]]);
              }
            }
            out.push(...inner);
            continue;
          }
          // (a module attribute read in a function's pattern is its value: a literal)
          const known = typeof value === "string" || typeof value === "bigint" || typeof value === "number" || isLiteralAst(value) || (isNode(value) && value.name === "<<>>");
          if (requireSize && !known && type !== null && !sized) {
            throw this.unsizedBinary(env, seg.meta, [["expand_specs", 7, 163], ["expand", 8, 38], ["expand", 5, 14]]);
          }
        }
        out.push({ ...seg, args: [value, spec] });
      } else {
        const value = yield* this.arg(g, env, seg, this.within([bitstringValue(false, env.context === "match")], this.expand(seg, env)));
        checkLiteral(value, (isNode(seg) ? seg.meta : undefined) ?? node.meta, 44);
        if (isNode(value) && value.name === "<<>>") {
          // A bitstring written bare inside one (its inferred type is bitstring): its segments
          // join the outer ones, as elixir_bitstring's concat_or_prepend_bitstring does, so
          // `<<1, <<y, 3>>, 5>> = bin` matches; in a match one that is not the last must end sized.
          const inner = value.args ?? [];
          const last = inner[inner.length - 1];
          if (env.context === "match" && i < segs.length - 1 && isNode(last ?? null) && (last as AstNode).name === "::") {
            const [lv, ls] = (last as AstNode).args!;
            const ln = specNames(ls);
            const lsized = ln.has("size") || ln.has("*");
            if (!lsized && (((ln.has("binary") || ln.has("bytes")) && typeof lv !== "string") || ln.has("bitstring") || ln.has("bits"))) {
              throw this.unsizedBinary(env, (isNode(seg) ? seg.meta : undefined) ?? node.meta, [["concat_or_prepend_bitstring", 6, 81], ["expand", 8, 50], ["expand", 5, 14]]);
            }
          }
          out.push(...inner);
          continue;
        }
        out.push(value);
      }
    }
    this.closeGroup(g, env);
    // elixir_bitstring: a pattern cannot match inside a bitstring pattern (`<<a = b>> = bin`)
    if (env.context === "match") {
      const found = findMatch(out);
      if (found !== null) throw this.error(env, `cannot pattern match inside a bitstring that is already in match, got: ${quotedToString(astToTerm(elixirShape(found)))}`, node.meta);
    }
    return { ...node, args: out };
  }

  /**
   * A segment's type and size specifiers as elixir_bitstring reads them: `-` chains, `s*u`
   * and a bare integer size unpacked into one list; each a known specifier with its
   * arguments, or a macro call expanded into more of them; anything else is its "unknown
   * bitstring specifier" error, and the same key given twice with different literal values
   * its "conflicting ... specification" error. Gives the specifiers joined by `-` again.
   */
  private *checkedSpecs(spec: Ast, value: Ast, meta: Meta | undefined, env: XEnv, original: VarNames | null = null): Gen<Ast> {
    const at = (fun: string, arity: number, line: number): TraceFrame => ({ module: "elixir_bitstring", fun, arity, file: "src/elixir_bitstring.erl", line, hidden: false });
    const fail = (message: string, inner: TraceFrame[] = [], specsLine = 160) => {
      const outer = [at("expand_specs", 7, specsLine), at("expand", 8, 38), at("expand", 5, env.context === "match" ? 14 : 26)];
      return this.bitstringTrace(this.error(env, message, meta), env, [...inner, ...outer]);
    };
    const pending = unpackSpecs(spec, []);
    const out: Ast[] = [];
    const seen = new Map<string, Ast>();
    while (pending.length > 0) {
      const h = pending.shift()!;
      const key = isNode(h) && typeof h.name === "string" ? specKey(h.name, h.args ?? []) : null;
      if (key === "unit" && typeof (h as AstNode).args![0] !== "bigint") {
        // elixir_bitstring's validate_spec_arg: a unit is an integer once expanded
        const expanded = (yield* this.segmentSpec(h, env, original)) as AstNode;
        const unit = expanded.args![0];
        if (typeof unit !== "bigint") {
          throw fail(`unit in bitstring expects an integer as argument, got: ${quotedToString(astToTerm(elixirShape(unit)))}`, [at("expand_each_spec", 6, 191)]);
        }
        pending.unshift({ ...(h as AstNode), args: [unit] });
        continue;
      }
      if (key !== null) {
        const name = (h as AstNode).name as string;
        const value = key === "size" || key === "unit" ? (h as AstNode).args![0] : name === "bytes" ? "binary" : name === "bits" ? "bitstring" : name;
        const before = seen.get(key);
        const literal = (x: Ast | undefined) => typeof x === "bigint" || typeof x === "string";
        if (before !== undefined && literal(before) && literal(value) && before !== value) {
          const show = (x: Ast) => `"${String(x)}"`;
          throw fail(`conflicting ${key === "sign" ? "sign" : key} specification for bit field: ${show(value)} and ${show(before)}`, [at("expand_each_spec", 6, 196)]);
        }
        seen.set(key, value);
        out.push(h);
        continue;
      }
      const expanded = isNode(h) && (typeof h.name === "string" || isNode(h.name)) ? yield* this.expandOnce(h, env) : null;
      if (expanded === null || !isNode(h) || typeof h.name !== "string") throw fail(`unknown bitstring specifier: ${astText(h)}`);
      let full: Ast = expanded;
      for (let more = yield* this.expandOnce(full, env); more !== null; more = yield* this.expandOnce(full, env)) full = more;
      pending.unshift(...unpackSpecs(full, []));
    }
    // The type given must suit a literal value's own (elixir_bitstring's type/4).
    const own = typeof value === "bigint" ? "integer" : typeof value === "number" ? "float" : typeof value === "string" ? "binary" : isNode(value) && value.name === "<<>>" ? "bitstring" : null;
    const type = seen.get("type") as string | undefined;
    const suits: Record<string, string[]> = { integer: ["integer", "float", "utf8", "utf16", "utf32"], float: ["float"], binary: ["binary", "bitstring", "utf8", "utf16", "utf32"], bitstring: ["binary", "bitstring"] };
    if (own !== null && type !== undefined && !suits[own].includes(type)) {
      throw fail(`conflicting type specification for bit field: "${type}" and "${own}"`, [], 162);
    }
    // elixir_bitstring's size_and_unit/5 and build_spec/8: what each type takes.
    const size = seen.get("size");
    const unit = seen.get("unit");
    const sized = size !== undefined || unit !== undefined;
    if (own === "bitstring" && sized) throw fail("literal <<>> in bitstring supports only type specifiers, which must be one of: binary or bitstring", [], 164);
    if (own === "binary" && sized) {
      throw fail("literal string in bitstring supports only endianness and type specifiers, which must be one of: little, big, native, utf8, utf16, utf32, bits, bytes, binary or bitstring", [], 164);
    }
    const merged = type ?? own ?? "integer";
    const signed = seen.get("sign") !== undefined;
    const signedError = "signed and unsigned specifiers are supported only on integer and float types";
    if (merged === "utf8" || merged === "utf16" || merged === "utf32") {
      if (sized) throw fail("size and unit are not supported on utf types", [], 167);
      if (signed) throw fail(signedError, [], 167);
    } else if (merged === "binary" || merged === "bitstring") {
      if (merged === "bitstring" && typeof unit === "bigint" && unit !== 1n) throw fail(`conflicting unit specification for bit field: "${unit}" and "1"`, [], 167);
      if (signed) throw fail(signedError, [], 167);
    } else if (merged === "integer" || merged === "float") {
      const bits = typeof size === "bigint" ? (typeof unit === "bigint" ? size * unit : unit === undefined ? size : undefined) : undefined;
      if (merged === "float" && bits !== undefined) {
        if (bits !== 16n && bits !== 32n && bits !== 64n) throw fail(`float requires size*unit to be 16, 32, or 64 (default), got: ${bits}`, [], 167);
      } else if (size === undefined && unit !== undefined) {
        throw fail("integer and float types require a size specifier if the unit specifier is given", [], 167);
      }
    }
    // (a literal string or <<>> with only an endianness is of its own type, as build_spec makes it)
    if (type === undefined && (own === "binary" || own === "bitstring")) out.push({ name: own, meta: (isNode(spec) ? spec.meta : meta) ?? { line: 0, column: 0 }, args: null } as AstNode);
    return out.reduce((acc, x) => ({ name: "-", meta: isNode(spec) ? spec.meta : meta, args: [acc, x] }) as AstNode);
  }

  /**
   * elixir_expand's refute_parallel_bitstring_match: one value matched by two binary
   * patterns (`<<a>> = <<b>> = bin`, also at the same place inside tuples, lists, maps'
   * values and structs) is refused, as the BEAM cannot match a binary twice in parallel.
   * `parallel`: the right side is itself matched against another pattern.
   */
  private refuteParallelBitstrings(left: Ast, right: Ast, env: XEnv, parallel: boolean, nested = false): void {
    const each = (ls: Ast[], rs: Ast[], p: boolean) => {
      for (let i = 0; i < ls.length && i < rs.length; i++) this.refuteParallelBitstrings(ls[i], rs[i], env, p, nested);
    };
    if (isNode(left) && left.name === "<<>>" && isNode(right) && right.name === "<<>>" && parallel) {
      const err = this.error(env, `binary patterns cannot be matched in parallel using "=", excess pattern: ${quotedToString(astToTerm(elixirShape(right)))}`, right.meta);
      // (under the `=`'s expand/3; the walk's own entry when it went into a `=` on the right first)
      const at = (fun: string, arity: number, line: number): TraceFrame => ({ module: "elixir_expand", fun, arity, file: "src/elixir_expand.erl", line, hidden: true });
      throw this.bitstringTrace(err, env, [...(nested ? [at("refute_parallel_bitstring_match", 4, 1066)] : []), at("expand", 3, 12)]);
    }
    if (isNode(right) && right.name === "=" && right.args?.length === 2) {
      this.refuteParallelBitstrings(left, right.args[0], env, true, true);
      this.refuteParallelBitstrings(left, right.args[1], env, parallel, nested);
    } else if (Array.isArray(left) && left.length > 0 && Array.isArray(right) && right.length > 0) {
      each(left, right, parallel);
    } else if (isTupleAst(left) && isTupleAst(right)) {
      each(left.tuple, right.tuple, parallel);
    } else if (isNode(left) && left.name === "{}" && isNode(right) && right.name === "{}") {
      each(left.args ?? [], right.args ?? [], parallel);
    } else if (isNode(left) && left.name === "%{}" && isNode(right) && right.name === "%{}") {
      // (the pairs in term order, walked together by key)
      const sorted = (xs: Ast[]) => xs.map((x) => ({ x, t: astToTerm(x) })).sort((p, q) => compare(p.t, q.t));
      const ls = sorted(left.args ?? []);
      const rs = sorted(right.args ?? []);
      let i = 0;
      let j = 0;
      while (i < ls.length && j < rs.length) {
        const l = ls[i].x;
        const r = rs[j].x;
        if (isTupleAst(l) && isTupleAst(r) && compare(astToTerm(l.tuple[0]), astToTerm(r.tuple[0])) === 0 && strictEqualsAst(l.tuple[0], r.tuple[0])) {
          this.refuteParallelBitstrings(l.tuple[1], r.tuple[1], env, parallel, nested);
          i++;
          j++;
        } else if (compare(ls[i].t, rs[j].t) > 0) j++;
        else i++;
      }
    } else if (isNode(left) && left.name === "%" && left.args?.length === 2) {
      this.refuteParallelBitstrings(left.args[1], right, env, parallel, nested);
    } else if (isNode(right) && right.name === "%" && right.args?.length === 2) {
      this.refuteParallelBitstrings(left, right.args[1], env, parallel, nested);
    }
  }

  /** elixir_bitstring's concat_or_prepend_bitstring: a bitstring given as a binary must be whole bytes when that is known. */
  private checkAligned(value: AstNode, meta: Meta | undefined, env: XEnv, line: number): void {
    const alignment = bitstringAlignment(value);
    if (alignment === null || alignment === 0n) return;
    const err = this.error(env, `expected ${quotedToString(astToTerm(elixirShape(value)))} to be a binary but its number of bits is not divisible by 8`, meta);
    const at = (fun: string, arity: number, l: number): TraceFrame => ({ module: "elixir_bitstring", fun, arity, file: "src/elixir_bitstring.erl", line: l, hidden: false });
    throw this.bitstringTrace(err, env, [at("expand", 8, line), at("expand", 5, env.context === "match" ? 14 : 26)]);
  }

  /** elixir_bitstring's error for a segment without a size before the end of a binary pattern. */
  private unsizedBinary(env: XEnv, meta: Meta | undefined, frames: [string, number, number][]): CompileError {
    const err = this.error(
      env,
      "a binary field without size is only allowed at the end of a binary pattern, at the right side of binary concatenation and and never allowed in binary generators. The following examples are invalid:\n\n" +
        '    rest <> "foo"\n    <<rest::binary, "foo">>\n\nThey are invalid because there is a bits/bitstring component not at the end. However, the "reverse" would work:\n\n' +
        '    "foo" <> rest\n    <<"foo", rest::binary>>\n\n',
      meta,
    );
    return this.bitstringTrace(err, env, frames.map(([fun, n, line]) => ({ module: "elixir_bitstring", fun, arity: n, file: "src/elixir_bitstring.erl", line, hidden: false })));
  }

  /** An error of elixir_bitstring's with its own entries, inside whatever the segment is in (a fn clause...). */
  private bitstringTrace(err: CompileError, env: XEnv, frames: TraceFrame[]): CompileError {
    err.elixirFrames = expansionTrace([...(env.module === null ? err.expansion?.entries ?? [] : []), { frames }]);
    return err;
  }

  private *segmentSpec(spec: Ast, env: XEnv, original: VarNames | null = null): Gen<Ast> {
    if (!isNode(spec)) return spec;
    if (spec.name === "-" && spec.args?.length === 2) return { ...spec, args: [yield* this.segmentSpec(spec.args[0], env, original), yield* this.segmentSpec(spec.args[1], env, original)] };
    if (spec.name === "*" && spec.args?.length === 2) return { ...spec, args: [yield* this.segmentSpec(spec.args[0], env, original), spec.args[1]] };
    if ((spec.name === "size" || spec.name === "unit") && spec.args?.length === 1) {
      const arg = spec.args[0];
      if (isNode(arg) && arg.name === "^" && arg.args?.length === 1) {
        // A size is read, never matched: Elixir expands it outside the match (elixir_bitstring).
        const err = this.error(env, `cannot use ^${astText(arg.args[0])} outside of match clauses`, arg.meta);
        const at = (fun: string, arity: number, line: number): TraceFrame => ({ module: "elixir_bitstring", fun, arity, file: "src/elixir_bitstring.erl", line, hidden: false });
        const inner = [at("expand_each_spec", 6, 190), at("expand_specs", 7, 160), at("expand", 8, 38)];
        throw this.bitstringTrace(err, env, env.context === "match" ? [at("expand_spec_arg", 4, 254), ...inner, at("expand", 5, 14)] : [...inner, at("expand", 5, 26)]);
      }
      const before = env.context;
      const bitsize = this.bitsize;
      // (in a match, elixir_bitstring expands it as a guard: the compiler checks it as one)
      if (before === "match" && original !== null) this.bitsize = { pre: this.prematchNames ?? new Set(), original };
      env.context = null;
      try {
        return { ...spec, args: [yield* this.within([bitstringSpecArg(before === "match")], this.expand(spec.args[0], env))] };
      } finally {
        env.context = before;
        this.bitsize = bitsize;
      }
    }
    return spec;
  }

  /** elixir_expand's resolve_super: super/N (or &super/N) in a function of arity N made overridable. */
  private resolveSuper(env: XEnv, arity: number, meta: Meta | undefined): void {
    if (env.module === null) throw this.error(env, "cannot invoke super outside module", meta);
    if (env.function === null) throw this.error(env, "cannot invoke super outside function", meta);
    const [fname, farity] = env.function;
    if (farity !== arity) throw this.error(env, "super must be called with the same number of arguments as the current definition", meta);
    const known = this.hooks.overridables?.(env) ?? null;
    if (known !== null && !known.includes(`${fname}/${farity}`)) {
      const available = known.map(defText);
      throw this.error(env, `no super defined for ${funText(fname)}/${farity} in module ${displayName(env.module)}. Overridable functions available are: ${available.join(", ")}`, meta);
    }
  }

  /** `&...`: named captures resolve their import; `&(... &1 ...)` expands its body. */
  private *capture(node: AstNode, env: XEnv): Gen<Ast> {
    const [body] = node.args!;
    if (typeof body === "bigint") return node;
    this.checkCapture(node, body, env);
    if (isNode(body) && body.name === "/" && body.args?.length === 2 && typeof body.args[1] === "bigint") {
      const [target, arity] = body.args;
      // &super/N: the replaced definition's function (module-build rewrites the ones it may capture)
      if (isNode(target) && target.name === "super" && target.args === null) this.resolveSuper(env, Number(arity), node.meta);
      if (isNode(target) && typeof target.name === "string" && (target.args === null || target.args.length === 0)) {
        const r = this.resolve(target.name, Number(arity), target.meta, env, "capture");
        if (r !== null && env.module !== null && env.function !== null) this.hooks.importDispatch?.(env, `${target.name}/${arity}`, r.module);
        if (r !== null && !r.macro && !isLibraryMacro(r.module, target.name, Number(arity))) {
          this.trace(env, () => [a("imported_function"), this.traceMeta(target.meta), a(r.module), a(target.name as string), Number(arity)]);
          const inlined = r.module === "Elixir.Kernel" ? kernelInlined(target.name as string, Number(arity)) : undefined;
          this.trace(env, () => [a("remote_function"), this.traceMeta(node.meta), a(inlined === undefined ? r.module : "erlang"), a(inlined ?? (target.name as string)), Number(arity)]);
        } else if (r !== null && !r.macro) {
          // (a library macro beamsh implements as a function: a macro's capture expands and traces itself)
          this.trace(env, () => [a("imported_macro"), this.traceMeta(target.meta), a(r.module), a(target.name as string), Number(arity)]);
        } else if (env.function !== null && env.module !== null) {
          // A local macro (not the one being defined) is captured as `&foo(&1)`, the macro
          // expanded (elixir_dispatch's import_function gives way to it); else a local function.
          const self = env.function[0] === target.name && env.function[1] === Number(arity);
          if (!self && (yield* this.hooks.localMacro(env, target.name, Number(arity))) !== null) {
            return yield* this.macroCapture(node, { name: target.name, meta: target.meta, args: [] }, Number(arity), env);
          }
          this.trace(env, () => [a("local_function"), this.traceMeta(target.meta), a(target.name as string), Number(arity)]);
        }
        // A macro has no function to capture: `&||/2` is `&(&1 || &2)`, the macro expanded
        // with the capture's arguments (an anonymous fn, as Elixir builds it).
        if (r !== null && r.macro) return yield* this.macroCapture(node, { name: target.name, meta: target.meta, args: [] }, Number(arity), env);
        // Outside a function a capture of nothing imported fails as the call would.
        if (r === null && env.function === null && !(env.functions.has("Elixir.IEx.Helpers") && this.host.hasFunction("Elixir.IEx.Helpers", target.name, Number(arity)))) {
          throw this.error(env, `undefined function ${target.name}/${arity} (there is no such import)`, target.meta);
        }
        if (r !== null && !r.macro) this.checkDeprecated(env, target.meta, r.module, target.name, Number(arity), false);
        if (r !== null && !r.macro && r.module !== "Elixir.Kernel" && (r.module !== "Elixir.IEx.Helpers" || env.module !== null)) {
          return { ...node, args: [{ ...body, args: [{ ...dot(r.module, target.name, [], target.meta), meta: { ...target.meta, no_parens: true } as Meta }, arity] }] };
        }
        return node;
      }
      if (isNode(target) && isNode(target.name) && target.name.name === "." && target.name.args?.length === 2) {
        // elixir_fn's handle_capture_possible_warning: `&Mod.fun()/0`
        if (arity === 0n && target.args?.length === 0 && target.meta?.no_parens !== true && isAtomAst(target.name.args[1])) {
          const m = quotedToString(astToTerm(target.name.args[0]));
          const f = target.name.args[1].atom;
          this.warn(env, `extra parentheses on a remote function capture &${m}.${f}()/0 have been deprecated. Please remove the parentheses: &${m}.${f}/0`, node.meta);
        }
        const mod = yield* this.expand(target.name.args[0], env);
        const fun = target.name.args[1];
        // (A library macro implemented as a function, Integer.is_even/1, is captured as a macro too.)
        const macro = isAtomAst(mod) && isAtomAst(fun) && (this.isMacro(mod.atom, fun.atom, Number(arity)) || (!this.host.library && isLibraryMacro(mod.atom, fun.atom, Number(arity))));
        if (macro && (mod.atom === "Elixir.Kernel" || mod.atom === env.module || env.requires.has(mod.atom))) {
          // (the module as expanded: its alias is not referred to twice)
          return yield* this.macroCapture(node, { name: { ...target.name, args: [mod, target.name.args[1]] }, meta: target.meta, args: [] }, Number(arity), env);
        }
        // (traced twice, as Elixir does: elixir_fn's capture_require, then the remote call's own expansion)
        if (isAtomAst(mod) && isAtomAst(fun)) {
          for (let i = 0; i < 2; i++) this.trace(env, () => [a("remote_function"), this.traceMeta(target.meta), a(mod.atom), a(fun.atom), Number(arity)]);
        }
        if (isAtomAst(mod) && isAtomAst(fun) && !this.isMacro(mod.atom, fun.atom, Number(arity))) this.checkDeprecated(env, target.meta, mod.atom, fun.atom, Number(arity), false);
        return { ...node, args: [{ ...body, args: [{ ...target, name: { ...target.name, args: [mod, target.name.args[1]] } }, arity] }] };
      }
    }
    // `&name(&1, &2)` of a macro is an expression capture too, never rewritten to `&name/2`.
    if (isNode(body) && body.args !== null && body.args.length > 0 && body.args.every((x, i) => isNode(x) && x.name === "&" && x.args?.length === 1 && x.args[0] === BigInt(i + 1))) {
      if (this.callsMacro(body, env)) return { ...node, meta: { ...node.meta, expr_capture: true } as Meta, args: [yield* this.captureBody(body, env)] };
    }
    // A variable or a literal is no capture at all (elixir_fn's invalid_capture), whatever
    // the variable would expand to.
    if ((isNode(body) && typeof body.name === "string" && body.args === null) || body === null || typeof body === "boolean" || typeof body === "number" || typeof body === "string" || isAtomAst(body)) {
      throw this.error(env, invalidCapture(body), node.meta);
    }
    return { ...node, args: [yield* this.captureBody(body, env)] };
  }

  /**
   * elixir_fn's capture/4 checks, in its order, before anything in the capture expands: a
   * `&fun/arity` arity in 0..255; a block of several expressions; an expression capture's
   * placeholders (`&0`, a capture inside, `&2` without `&1`) and that it has one at all (a
   * call whose arguments are `&1..&n` in order is a function capture, not walked).
   */
  private checkCapture(node: AstNode, body: Ast, env: XEnv): void {
    // (with elixir_fn's entries where its error is raised below them)
    const at = (fun: string, arity: number, line: number): TraceFrame => ({ module: "elixir_fn", fun, arity, file: "src/elixir_fn.erl", line, hidden: false });
    const fail = (message: string, meta: Meta | undefined = node.meta, frames: TraceFrame[] = []): never => {
      const err = this.error(env, message, meta);
      throw frames.length === 0 ? err : this.bitstringTrace(err, env, frames);
    };
    if (isNode(body) && body.name === "/" && body.args?.length === 2 && typeof body.args[1] === "bigint") {
      const [target, arity] = body.args;
      const remote = isNode(target) && isNode(target.name) && target.name.name === "." && target.name.args?.length === 2 && isAtomAst(target.name.args[1]) && Array.isArray(target.args) && target.args.length === 0;
      const local = isNode(target) && typeof target.name === "string" && target.args === null;
      if ((remote || local) && (arity < 0n || arity > 255n)) fail(`capture argument &${arity} must be numbered between 1 and 255`, node.meta, [at("capture", 4, remote ? 42 : 47)]);
      if (remote || local) return;
    }
    if (isNode(body) && body.name === "__block__" && body.args !== null) {
      if (body.args.length === 1) return this.checkCapture(node, body.args[0], env);
      fail(`block expressions are not allowed inside the capture operator &, got: ${astText(body)}`);
    }
    if (typeof body === "bigint") fail(`capture argument &${body} must be used within the capture operator &`);
    const isPlaceholder = (x: Ast, i: number) => isNode(x) && x.name === "&" && x.args?.length === 1 && x.args[0] === BigInt(i + 1);
    const sequential = (xs: Ast[]) => xs.length > 0 && xs.every(isPlaceholder);
    let seq: boolean;
    if (isNode(body) && body.args !== null && isNode(body.name) && body.name.name === "." && body.name.args?.length === 1) seq = false;
    else if (isNode(body) && body.args !== null && (typeof body.name === "string" || (isNode(body.name) && body.name.name === "." && body.name.args?.length === 2 && isAtomAst(body.name.args[1])))) {
      seq = sequential(body.args);
      // (a function capture: elixir_dispatch finds the function, nothing is walked; a special
      // form is no function: `&(& &1)` is walked)
      if (seq && !(typeof body.name === "string" && SPECIAL.has(body.name))) return;
    } else if (Array.isArray(body)) seq = sequential(body);
    else if (isTupleAst(body)) seq = false;
    else return;
    // elixir_fn's escape/3: the placeholders, walked through everything
    const positions = new Set<bigint>();
    const walk = (x: Ast): void => {
      if (Array.isArray(x)) return x.forEach(walk);
      if (isTupleAst(x)) return x.tuple.forEach(walk);
      if (!isNode(x)) return;
      if (x.name === "&" && x.args?.length === 1 && typeof x.args[0] === "bigint") {
        if (x.args[0] <= 0n) {
          const mapfoldl: TraceFrame = { module: "lists", fun: "mapfoldl_1", arity: 3, file: "lists.erl", line: 1462, hidden: false };
          fail(`capture argument &${x.args[0]} must be numbered between 1 and 255`, x.meta, [mapfoldl, at("escape", 3, 140), at("capture_expr", 6, 112)]);
        }
        positions.add(x.args[0]);
        return;
      }
      if (x.name === "&") fail(`nested captures are not allowed. You cannot define a function using  the capture operator & inside another function defined via &. Got invalid nested capture: ${astText(x)}`, x.meta, [at("capture_expr", 6, 112)]);
      if (typeof x.name !== "string") walk(x.name);
      if (x.args !== null) walk(x.args);
    };
    walk(body);
    if (positions.size === 0 && !seq) fail(invalidCapture(body));
    const sorted = [...positions].sort((p, q) => (p < q ? -1 : p > q ? 1 : 0));
    for (const [i, pos] of sorted.entries()) {
      if (pos !== BigInt(i + 1)) fail(`capture argument &${pos} cannot be defined without &${i + 1} (you cannot skip arguments, all arguments must be numbered)`, node.meta, [at("capture_expr", 6, 116)]);
    }
  }

  /** `&macro/n`: the macro called with `&1..&n`, as an expression capture. */
  private *macroCapture(node: AstNode, callee: AstNode, arity: number, env: XEnv): Gen<Ast> {
    const args: Ast[] = Array.from({ length: arity }, (_, i) => ({ name: "&", meta: node.meta, args: [BigInt(i + 1)] }));
    const call: AstNode = { name: callee.name, meta: callee.meta, args };
    return { ...node, meta: { ...node.meta, expr_capture: true } as Meta, args: [yield* this.captureBody(call, env)] };
  }

  /** Whether a call as written (`name(...)` or `Mod.name(...)`) is a macro call here. */
  private callsMacro(call: AstNode, env: XEnv): boolean {
    const arity = call.args!.length;
    if (typeof call.name === "string") {
      const r = this.resolve(call.name, arity, call.meta, env);
      return r !== null && r.macro;
    }
    const target = call.name as Ast;
    if (isNode(target) && target.name === "." && target.args?.length === 2 && isAtomAst(target.args[1])) {
      const m = target.args[0];
      const ma = isAtomAst(m) ? m : isNode(m) && m.name === "__aliases__" ? this.aliasAtom(m, env) : null;
      if (ma === null || !isAtomAst(ma)) return false;
      const name = ma.atom;
      const fun = target.args[1].atom;
      return this.isMacro(name, fun, arity) && (name === "Elixir.Kernel" || name === env.module || env.requires.has(name));
    }
    return false;
  }

  /** The body of `&(...)`: `&1`-style placeholders stay as they are. */
  private *captureBody(ast: Ast, env: XEnv): Gen<Ast> {
    if (isNode(ast) && ast.name === "&" && ast.args?.length === 1 && typeof ast.args[0] === "bigint") return ast;
    if (isNode(ast) && ast.args !== null && typeof ast.name === "string" && !SPECIAL.has(ast.name)) {
      // Placeholders inside arguments must survive macro expansion of the call itself.
      return yield* this.expand(ast, env);
    }
    return yield* this.expand(ast, env);
  }

  /** An alias written in the code (not a directive's module): traced as a reference. */
  private aliasReference(node: AstNode, env: XEnv): Ast {
    const r = this.aliasAtom(node, env);
    if (isAtomAst(r)) this.trace(env, () => [a("alias_reference"), this.traceMeta(node.meta), a(r.atom)]);
    return r;
  }

  /** An alias as the module atom it stands for here. */
  aliasAtom(node: AstNode, env: XEnv): Ast {
    const parts = node.args!;
    const annotated = node.meta?.alias;
    if (annotated instanceof Atom) {
      return { atom: annotated.name };
    }
    const names: string[] = [];
    let runtime: Ast | null = null;
    for (const [i, p] of parts.entries()) {
      if (isAtomAst(p)) names.push(p.atom);
      else if (i === 0 && isNode(p) && p.name === "__MODULE__") {
        // (outside a module __MODULE__ is nil, which Module.concat leaves out: __MODULE__.Foo is Foo)
        if (env.module === null) continue;
        // (the module itself, never an alias of its last name; an Erlang-named one is put under Elixir)
        names.push("\0" + env.module);
      } else if (i === 0) runtime = p;
      else return node;
    }
    if (runtime !== null) {
      // `unquote(mod).Foo`: Module.concat at run time.
      return dot("Elixir.Module", "concat", [[runtime, ...names.map((n) => ({ atom: n }))]]);
    }
    const head = names[0];
    if (head.startsWith("\0")) return { atom: concatAliases(head.slice(1), names.slice(1)) };
    if (head === "Elixir" || head.startsWith("Elixir.")) return { atom: names.join(".") };
    const aliased = annotated === false ? macroAlias(env, "Elixir." + head, counterKey(node.meta?.counter)) : env.aliases.get("Elixir." + head);
    if (aliased !== undefined) env.tracker?.aliasUsed("Elixir." + head);
    if (aliased !== undefined) this.trace(env, () => [a("alias_expansion"), this.traceMeta(node.meta), a("Elixir." + head), a(aliased)]);
    return { atom: concatAliases(aliased ?? "Elixir." + head, names.slice(1)) };
  }

  // ---- alias / import / require -------------------------------------------------------

  private *directive(node: AstNode, env: XEnv): Gen<Ast> {
    const [targetAst, optsAst] = node.args!;
    const opts = optsAst === undefined ? [] : ((yield* this.expand(rawAsOption(optsAst), env)) as Ast);
    // alias Foo.{Bar, Baz}: elixir_expand's expand_multi_alias_call, the directive applied to
    // each module (with the same options) in turn; its value is the list of the modules.
    if (isNode(targetAst) && isNode(targetAst.name) && targetAst.name.name === "." && isAtomAst(targetAst.name.args?.[1] ?? null) && (targetAst.name.args![1] as { atom: string }).atom === "{}") {
      if (keywordPairs(opts).has("as")) throw this.error(env, ":as option is not supported by multi-alias call", node.meta);
      const base = yield* this.expand(targetAst.name.args![0], env);
      const baseName = base === null || (isAtomAst(base) && base.atom === "nil") ? null : typeof base === "boolean" ? String(base) : isAtomAst(base) ? base.atom : typeof base === "string" ? base : undefined;
      if (baseName === undefined) throw this.error(env, `invalid alias`, node.meta);
      const modules: Ast[] = [];
      for (const t of targetAst.args!) {
        const parts = isNode(t) && t.name === "__aliases__" && t.args !== null ? t.args : isAtomAst(t) ? [t] : null;
        if (parts === null || !parts.every((p) => isAtomAst(p))) {
          throw this.error(env, `invalid argument for ${node.name}, expected a compile time atom or alias, got: ${astText(t)}`, node.meta);
        }
        const full = moduleConcat([baseName, ...parts.map((p) => ((p as { atom: string }).atom === "nil" ? null : (p as { atom: string }).atom))]);
        const one: AstNode = { name: node.name, meta: node.meta, args: optsAst === undefined ? [{ atom: full }] : [{ atom: full }, optsAst] };
        modules.push(yield* this.directive(one, env));
      }
      return modules;
    }
    // (the module a directive names is no reference to it: elixir_expand's expand_without_aliases_report)
    const expanded = isNode(targetAst) && targetAst.name === "__aliases__" ? this.aliasAtom(targetAst, env) : yield* this.expand(targetAst, env);
    const target = expanded === null ? { atom: "nil" } : typeof expanded === "boolean" ? { atom: String(expanded) } : expanded;
    // elixir_expand's validate_opts: a keyword list of the options the directive takes
    if (!Array.isArray(opts)) throw this.error(env, `invalid options for ${node.name}, expected a keyword list, got: ${astText(opts)}`, node.meta);
    const allowed = node.name === "import" ? ["only", "except", "warn"] : ["as", "warn"];
    for (const p of opts) {
      if (isTupleAst(p) && p.tuple.length === 2 && isAtomAst(p.tuple[0]) && !allowed.includes(p.tuple[0].atom)) {
        throw this.error(env, `unsupported option ${quotedToString(astToTerm(p.tuple[0]))} given to ${node.name}`, node.meta);
      }
    }
    if (!isAtomAst(target)) {
      throw this.error(env, `invalid argument for ${node.name}, expected a compile time atom or alias, got: ${astText(targetAst)}`, node.meta);
    }
    const mod = target.atom;
    const kw = keywordPairs(opts);
    if (node.name === "alias") {
      if (mod === "Elixir.True" || mod === "Elixir.False" || mod === "Elixir.Nil") {
        const text = astText(targetAst);
        this.warn(env, `reserved alias "${text}" expands to the atom :"Elixir.${text}". Perhaps you meant to write "${text.toLowerCase()}" instead?`, node.meta);
      }
      const short = this.alias(env, mod, kw.get("as"), node.meta);
      if (short !== null && tracked(node, opts)) env.tracker?.addAlias(short, env.file, lineOf(node, env));
      if (short !== null) this.trace(env, () => [a("alias"), this.traceMeta(node.meta), a(mod), a(short), astToTerm(opts)]);
      return target;
    }
    if (node.name === "require") {
      if (!this.rt.modules.has(mod)) throw this.notLoaded(env, mod, node.meta);
      this.trace(env, () => [a("require"), this.traceMeta(node.meta), a(mod), astToTerm(opts)]);
      env.requires = new Set([...env.requires, mod]);
      const as = kw.get("as");
      if (as !== undefined) {
        const short = this.alias(env, mod, as, node.meta);
        if (short !== null) this.trace(env, () => [a("alias"), this.traceMeta(node.meta), a(mod), a(short), astToTerm(opts)]);
      }
      return target;
    }
    const added = this.importModule(env, mod, opts as Ast[], node.meta, tracked(node, opts));
    this.trace(env, () => [a("import"), new Cons([a("imported"), added], this.traceMeta(node.meta)), a(mod), astToTerm(opts)]);
    this.trace(env, () => [a("require"), this.traceMeta(node.meta), a(mod), astToTerm(opts)]);
    return target;
  }

  /**
   * elixir_aliases' ensure_loaded error for a module that is not loaded: one defined in this
   * context is not compiled yet (a module defined earlier in the same script, or nested in
   * the module using it), or is the module being defined.
   */
  notLoaded(env: XEnv, mod: string, meta: Meta | undefined): CompileError {
    const err = this.notLoadedError(env, mod, meta);
    // (Raised from elixir_aliases, a frame deeper than the expression that asked.)
    this.locate(err, env, 1);
    return err;
  }

  private notLoadedError(env: XEnv, mod: string, meta: Meta | undefined): CompileError {
    const name = displayName(mod);
    if (!env.contextModules.includes(mod)) return this.error(env, `module ${name} is not loaded and could not be found`, meta);
    if (env.module === mod) {
      return this.error(
        env,
        `you are trying to use the module ${name} which is currently being defined.\n\nThis may happen if you accidentally override the module you want to use. For example:\n\n` +
          "    defmodule MyApp do\n      defmodule Supervisor do\n        use Supervisor\n      end\n    end\n\n" +
          "In the example above, the new Supervisor conflicts with Elixir's Supervisor. This may be fixed by using the fully qualified name in the definition:\n\n" +
          "    defmodule MyApp.Supervisor do\n      use Supervisor\n    end\n",
        meta,
      );
    }
    return this.error(
      env,
      `module ${name} is not loaded but was defined. This happens when you depend on a module in the same context in which it is defined. For example:\n\n` +
        "    defmodule MyApp do\n      defmodule Mod do\n      end\n\n      use Mod\n    end\n\n" +
        "Try defining the module outside the context that uses it:\n\n    defmodule MyApp.Mod do\n    end\n\n    defmodule MyApp do\n      use MyApp.Mod\n    end\n\n" +
        "If the module is defined at the top-level and you are trying to use it at the top-level, this is not supported by Elixir",
      meta,
    );
  }

  /** Defines an alias; returns the short alias it defined (null when none). */
  private alias(env: XEnv, mod: string, as: Ast | undefined, meta: Meta): string | null {
    // (quoted code's alias, with its hygiene counter, is also one of its macro aliases)
    const counter = counterKey(meta?.counter);
    const store = (short: string): void => {
      env.aliases = withStoredEntry(env.aliases, short, mod);
      if (counter !== null) env.macroAliases = withStoredEntry(env.macroAliases ?? new Map(), short, [counter, mod] as [string, string]);
    };
    const remove = (short: string): void => {
      env.aliases = withoutEntry(env.aliases, short);
      if (counter !== null && env.macroAliases !== undefined) env.macroAliases = withoutEntry(env.macroAliases, short);
    };
    if (as === undefined) {
      // elixir_aliases:last/1: only an Elixir module (Elixir. and a capital) names its alias.
      if (!/^Elixir\.[A-Z]/.test(mod)) {
        throw this.error(env, `alias cannot be inferred automatically for module: ${astText({ atom: mod })}, please use the :as option. Implicit aliasing is only supported with Elixir modules`, meta);
      }
      const short = "Elixir." + mod.split(".").pop()!;
      // (`alias Enum` names the module itself: elixir_aliases stores nothing, tracks nothing)
      if (short === mod) {
        remove(short);
        return null;
      }
      store(short);
      return short;
    }
    if (as === null || (isAtomAst(as) && as.atom === "nil")) {
      // `as: nil`: the module's alias is itself (what aliased it before is forgotten)
      remove(mod);
      return null;
    }
    if (!isAtomAst(as) || !/^Elixir\.[A-Z]/.test(as.atom)) throw this.error({ ...env }, `invalid value for option :as, expected an alias, got: ${astText(as)}`, meta);
    if (as.atom.slice(7).includes(".")) throw this.error({ ...env }, `invalid value for option :as, expected a simple alias, got nested alias: ${astText(as)}`, meta);
    if (mod === as.atom) {
      remove(as.atom);
      return null;
    }
    store(as.atom);
    return as.atom;
  }

  /**
   * `import Mod, only: ..., except: ...` (`track`: warn if it ends up unused), as elixir_import
   * computes it: `only:` a list picks among what the module exports (each name must exist),
   * `only: :functions/:macros/:sigils` picks a kind, and `except:` takes away from what an
   * earlier import of the module brought in (or from everything, when there was none).
   */
  importModule(env: XEnv, mod: string, opts: Ast[], meta: Meta, track = false): boolean {
    const kw = keywordPairs(opts);
    const only = kw.get("only");
    const def = this.rt.modules.get(mod);
    if (mod !== "Elixir.Kernel" && def === undefined) throw this.notLoaded(env, mod, meta);
    const key = (n: string, ar: number): string => `${n}/${ar}`;
    const funs = (): string[] => (mod === "Elixir.Kernel" ? [...KERNEL_FUNCTIONS] : functionsOf(def!).map(([n, ar]) => key(n, ar)));
    const macs = (): string[] => (mod === "Elixir.Kernel" ? [...KERNEL_MACROS] : macrosOf(def!).map(([n, ar]) => key(n, ar)));
    const sigils = (xs: string[]): string[] => xs.filter((k) => /^sigil_[a-zA-Z]\//.test(k));
    const kind = isAtomAst(only ?? null) ? (only as { atom: string }).atom : null;
    // Where elixir_import:import/4 computes the first import list, for the error's stacktrace.
    const importLine = kind === "functions" ? 12 : kind === "macros" ? 15 : kind === "sigils" ? 18 : Array.isArray(only) ? 22 : 28;
    const fail = (msg: string, calculateLine: number, folding = false): never => {
      const err = this.error(env, msg, meta);
      err.elixirFrames = [
        ...(folding ? [erlangFrame("lists", "foldl_1", 3, "lists.erl", 1355)] : []),
        erlangFrame("elixir_import", "calculate", 6, "src/elixir_import.erl", calculateLine),
        erlangFrame("elixir_import", "import", 4, "src/elixir_import.erl", importLine),
      ];
      throw err;
    };
    const pairsOf = (v: Ast, kind: "only" | "except"): string[] => {
      const out: string[] = [];
      const at = kind === "only" ? 81 : 100;
      for (const p of v as Ast[]) {
        if (!isTupleAst(p) || !isAtomAst(p.tuple[0]) || typeof p.tuple[1] !== "bigint") fail(`invalid :${kind} option for import, expected a keyword list with integer values`, at);
      }
      for (const p of v as { tuple: [{ atom: string }, bigint] }[]) {
        const k = key(p.tuple[0].atom, Number(p.tuple[1]));
        if (out.includes(k)) fail(`invalid :${kind} option for import, ${k} is duplicated`, at + 1, true);
        out.push(k);
      }
      return out;
    };
    // elixir_import:calculate/6 for one kind (functions or macros): the new import list.
    const calculate = (old: ReadonlyMap<string, Set<string>>, existing: () => string[]): Set<string> => {
      let out: string[];
      if (Array.isArray(only)) {
        const wanted = pairsOf(only, "only");
        if (kw.has("except")) fail(":only and :except can only be given together to import when :only is :functions, :macros, or :sigils", 87);
        const exports = new Set([...funs(), ...macs()]);
        const missing = wanted.find((k) => !exports.has(k));
        if (missing !== undefined) fail(`cannot import ${displayName(mod)}.${missing} because it is undefined or private`, 91);
        const have = new Set(existing());
        out = wanted.filter((k) => have.has(k));
      } else {
        const except = kw.get("except");
        const visible = (): string[] => existing().filter((k) => !k.startsWith("_"));
        if (except === undefined) out = visible();
        else if (Array.isArray(except)) {
          const drop = new Set(pairsOf(except, "except"));
          const before = old.get(mod);
          out = (before === undefined ? visible() : [...before]).filter((k) => !drop.has(k));
        } else fail(`invalid :except option for import, expected value to be a list literal, got: ${astText(except)}`, 111);
      }
      return new Set(out!.filter((k) => k !== "module_info/0" && k !== "module_info/1").sort());
    };
    let functions: Set<string>;
    let macros: Set<string>;
    if (kind === "functions") {
      functions = calculate(env.functions, funs);
      macros = new Set();
    } else if (kind === "macros") {
      if (mod !== "Elixir.Kernel" && !def!.name.startsWith("Elixir.")) {
        const err = this.error(env, `could not load macros from module ${displayName(mod)}`, meta);
        err.elixirFrames = [erlangFrame("elixir_import", "calculate", 6, "src/elixir_import.erl", Array.isArray(kw.get("except")) ? 107 : 98), erlangFrame("elixir_import", "import", 4, "src/elixir_import.erl", 15)];
        throw err;
      }
      macros = calculate(env.macros, macs);
      functions = new Set();
    } else if (kind === "sigils") {
      functions = calculate(env.functions, () => sigils(funs()));
      macros = calculate(env.macros, () => sigils(macs()));
    } else if (only === undefined || Array.isArray(only)) {
      functions = calculate(env.functions, funs);
      macros = calculate(env.macros, macs);
    } else {
      const err = this.error(env, `invalid :only option for import, expected value to be an atom :functions, :macros, or a list literal, got: ${astText(only)}`, meta);
      err.elixirFrames = [erlangFrame("elixir_import", "import", 4, "src/elixir_import.erl", 26)];
      throw err;
    }
    env.functions = functions.size === 0 ? withoutEntry(env.functions, mod) : withFirstEntry(env.functions, mod, functions);
    env.macros = macros.size === 0 ? withoutEntry(env.macros, mod) : withFirstEntry(env.macros, mod, macros);
    env.requires = new Set([...env.requires, mod]);
    // (Kernel's `def` and friends are always used: a module cannot do without them.)
    if (track && mod !== "Elixir.Kernel") env.tracker?.addImport(mod, Array.isArray(only) ? [...functions, ...macros] : [], env.file, (meta?.line as number) || env.line);
    // (whether it imported anything: the :import trace's :imported)
    return functions.size > 0 || macros.size > 0;
  }

  // ---- quote ----------------------------------------------------------------------

  private *quote(node: AstNode, env: XEnv): Gen<Ast> {
    const args = node.args!;
    let opts: Ast[] = [];
    let body: Ast | undefined;
    if (args.length === 1 && Array.isArray(args[0])) {
      const kw = args[0] as Ast[];
      const doPair = kw.find((p) => isTupleAst(p) && isAtomAst(p.tuple[0]) && p.tuple[0].atom === "do") as { tuple: [Ast, Ast] } | undefined;
      if (doPair === undefined) throw this.error(env, `missing :do option in "quote"`, node.meta);
      body = doPair.tuple[1];
      opts = kw.filter((p) => p !== doPair);
    } else if (args.length === 2 && Array.isArray(args[1])) {
      const doPair = (args[1] as Ast[]).find((p) => isTupleAst(p) && isAtomAst(p.tuple[0]) && p.tuple[0].atom === "do") as { tuple: [Ast, Ast] } | undefined;
      if (doPair === undefined) throw this.error(env, `missing :do option in "quote"`, node.meta);
      body = doPair.tuple[1];
      // (then the options are expanded, a macro may give them, and must be a keyword list)
      const o = Array.isArray(args[0]) ? args[0] : yield* this.expand(args[0], env);
      if (!Array.isArray(o)) throw this.error(env, `invalid options for quote, expected a keyword list, got: ${astText(o)}`, node.meta);
      opts = o;
    } else throw this.error(env, `invalid arguments for "quote"`, node.meta);
    for (const p of opts) {
      if (isTupleAst(p) && p.tuple.length === 2 && isAtomAst(p.tuple[0]) && !QUOTE_OPTIONS.includes(p.tuple[0].atom)) {
        throw this.error(env, `unsupported option ${quotedToString(astToTerm(p.tuple[0]))} given to quote`, node.meta);
      }
    }
    const kw = keywordPairs(opts);
    const bind = kw.get("bind_quoted");
    const q: QuoteOptions = {
      context: env.module ?? "Elixir",
      unquote: bind === undefined,
      line: false,
      file: null,
      generated: false,
      hygiene: true,
    };
    const ctx = kw.get("context");
    // (a context that is no atom when compiling is checked, and put in, when the quote runs)
    let contextCode: Ast | undefined;
    if (ctx !== undefined) {
      const ectx = yield* this.expand(ctx, env);
      if (isAtomAst(ectx)) q.context = ectx.atom;
      else {
        q.context = QUOTE_CONTEXT_PLACEHOLDER;
        contextCode = dot("elixir_quote", "validate_runtime", [{ atom: "context" }, ectx], node.meta);
      }
    }
    const unq = kw.get("unquote");
    if (unq === true || unq === false) q.unquote = unq;
    const line = kw.get("line");
    if (typeof line === "bigint") q.line = Number(line);
    else if (line === true) q.line = true;
    else if (line !== undefined && line !== null && line !== false) {
      q.line = true;
      q.lineCode = dot("elixir_quote", "validate_runtime", [{ atom: "line" }, yield* this.expand(line, env)], node.meta);
    }
    const loc = kw.get("location");
    if (isAtomAst(loc ?? null) && (loc as { atom: string }).atom === "keep") {
      q.file = env.file;
      q.line = true;
    }
    const gen = kw.get("generated");
    if (gen === true) q.generated = true;
    let quoted: Ast;
    try {
      const quoter = new Quoter(q, this.quoteEnv(env));
      quoted = quoter.quote(body);
      if (bind !== undefined) {
        if (!Array.isArray(bind) || !bind.every((p) => isTupleAst(p) && isAtomAst(p.tuple[0]))) {
          throw this.error(env, `invalid :bind_quoted for quote, expected a keyword list of variable names, got: ${astText(bind)}`, node.meta);
        }
        // (each variable bound carries the quote's own metadata, as elixir_quote:quote/6 gives
        // it: a quote a macro wrote has the caller's line and the expansion's counter)
        const meta: Ast = { literal: metaToTerm(node.meta) } as Ast;
        const assigns: Ast[] = (bind as { tuple: [{ atom: string }, Ast] }[]).map((p) => ({
          name: "{}",
          meta: M0,
          args: [{ atom: "=" }, [], [{ name: "{}", meta: M0, args: [{ atom: p.tuple[0].atom }, meta, { atom: q.context }] } as Ast, p.tuple[1]]],
        }));
        quoted = { name: "{}", meta: M0, args: [{ atom: "__block__" }, [], [...assigns, quoted]] };
      }
      if (contextCode !== undefined) quoted = dot("beamsh_module", "__quote_context__", [contextCode, quoted], node.meta);
    } catch (e) {
      if (e instanceof QuoteError) {
        // Elixir's quote raises it as an ArgumentError from elixir_quote.
        const err = raise("ArgumentError", { message: e.message });
        err.stacktrace = list([erlangFrame("elixir_quote", "argument_error", 1, "src/elixir_quote.erl", 505)]);
        err.traced = true;
        err.complete = true;
        throw err;
      }
      throw e;
    }
    return yield* this.expand(quoted, env);
  }

  quoteEnv(env: XEnv) {
    return {
      aliasAnnotation: (first: string): string | false => {
        const m = env.aliases.get("Elixir." + first);
        if (m !== undefined) env.tracker?.aliasUsed("Elixir." + first);
        return m ?? false;
      },
      imports: (name: string): [number, string][] => {
        const byArity = new Map<number, string>();
        const scan = (m: Map<string, Set<string>>) => {
          for (const [mod, names] of m) for (const k of names) {
            const i = k.lastIndexOf("/");
            if (k.slice(0, i) === name) byArity.set(Number(k.slice(i + 1)), mod);
          }
        };
        scan(env.functions);
        scan(env.macros);
        // Quoting a call to an import counts as using it.
        for (const [ar, mod] of byArity) env.tracker?.importUsed(mod, `${name}/${ar}`);
        return [...byArity].sort((x, y) => x[0] - y[0] || (x[1] < y[1] ? -1 : 1));
      },
      importOf: (name: string, arity: number): string | null => {
        const r = this.resolve(name, arity, undefined, env);
        return r === null ? null : r.module;
      },
    };
  }

  // ---- Kernel macros ------------------------------------------------------------------

  /** A Kernel macro: rewritten here, or left for the code generator with its parts expanded. */
  /**
   * A Kernel macro beamsh expands itself. Elixir linifies a macro's result: every node in it
   * without a line (the blocks of its arguments, at any depth) takes the call's line, the
   * outermost macro's first.
   */
  *kernelMacro(node: AstNode, env: XEnv): Gen<Ast> {
    const saved = this.macroLine;
    if (saved === 0) this.macroLine = (node.meta?.line as number | undefined) ?? 0;
    try {
      return yield* this.kernelMacroBody(node, env);
    } finally {
      this.macroLine = saved;
    }
  }

  /** The line a Kernel macro being expanded gives to the nodes of its arguments without one (0: none). */
  private macroLine = 0;

  private *kernelMacroBody(node: AstNode, env: XEnv): Gen<Ast> {
    const name = node.name as string;
    const args = node.args!;
    const line = lineOf(node, env);
    const shallow = this.macroFrame("Elixir.Kernel", name, args.length, line, env);
    // in/2 given a map value (a range unquoted into the code unescaped): Kernel.in/2 refuses
    // it before anything expands it
    const right = args[1];
    if (name === "in" && args.length === 2 && isLiteralAst(right) && right.invalid === true && right.literal instanceof MapTerm) {
      const err = raise("ArgumentError", { message: `found unescaped value on the right side of in/2: ${inspectTerm(this.rt, right.literal as Term)}` });
      err.stacktrace = list([[a("Elixir.Kernel"), a("in"), 2, list([[a("file"), charlistOf("expanding macro")]])], callerFrame(env, line)]);
      err.traced = true;
      err.complete = true;
      throw err;
    }
    if (env.context === "match" && NOT_IN_MATCH.has(`${name}/${args.length}`)) {
      // Kernel's boolean operators and is_struct/is_exception refuse a match as they expand.
      const err = raise("ArgumentError", { message: `invalid expression in match, ${name} is not allowed in patterns such as function clauses, case clauses or on the left side of the = operator` });
      throw this.kernelRaise(err, "invalid_match!", 1, 6401, name, args.length, env, line);
    }
    if (env.context === "match") {
      // Kernel macros that expand to a function call, which no pattern may hold.
      const call = MATCH_CALLS.get(`${name}/${args.length}`);
      if (call !== undefined && !(name === "to_string" && typeof args[0] === "string")) {
        const fail = (): Gen<never> => this.raise(env, remoteInMatch(...call), node.meta);
        return yield* this.within([shallow], fail());
      }
    }
    switch (`${name}/${args.length}`) {
      case "to_char_list/1": {
        // Kept by Kernel for old code: it warns through IO.warn with the caller's stack entry
        // (Macro.Env.stacktrace: "(file)", "M (module)" or "M.f/1") and is to_charlist/1.
        this.warnings.push(`warning: Kernel.to_char_list/1 is deprecated, use Kernel.to_charlist/1 instead\n  ${formatStacktraceEntry(callerFrame(env, line))}\n\n`);
        return yield* this.within([shallow], this.kernelMacro({ ...node, name: "to_charlist" }, env));
      }
      case "if/2":
      case "unless/2": {
        // Kernel's build_if/build_unless take `do:` alone or `do:` then `else:`, as written.
        const keys = Array.isArray(args[1]) ? args[1].map((p) => (isTupleAst(p) && isAtomAst(p.tuple[0]) ? p.tuple[0].atom : "")) : null;
        if (keys === null || !(keys.join() === "do" || keys.join() === "do,else")) {
          const err = raise("ArgumentError", { message: `invalid or duplicate keys for ${name}, only "do" and an optional "else" are permitted` });
          throw this.kernelRaise(err, name === "if" ? "build_if" : "build_unless", 2, name === "if" ? 3731 : 3775, name, 2, env, line);
        }
        // if is `case cond do x when x in [false, nil] -> else; _ -> do end`; unless is an if
        // with the branches swapped (both macros are on the trace of an error inside).
        const asIf = this.macroFrame("Elixir.Kernel", "if", 2, line, env);
        const outer = name === "unless" ? [shallow] : [];
        const elseClause = name === "unless" ? 1 : 0;
        const cond = yield* this.within([...outer, asIf], this.expand(args[0], env));
        // (the case's clauses in their order: if's else comes first, unless's do)
        const kw = args[1];
        const keyOf = (p: Ast) => (isTupleAst(p) && isAtomAst(p.tuple[0]) ? p.tuple[0].atom : null);
        const first = name === "if" ? "else" : "do";
        const swap = Array.isArray(kw) && kw.length === 2 && keyOf(kw[1]) === first && keyOf(kw[0]) === (first === "do" ? "else" : "do");
        const frames = (key: string) => [...outer, asIf, formClause("case", key === "else" ? elseClause : 1 - elseClause, 0)];
        const branches = swap ? ((yield* this.blocks([kw[1], kw[0]], env, [], undefined, frames)) as Ast[]).reverse() : yield* this.blocks(kw, env, [], undefined, frames);
        return { ...node, args: [cond, branches] };
      }
      case "&&/2":
      case "||/2": {
        // `case left do x when x in [false, nil] -> (&&: x, ||: right); _ -> (&&: right, ||: x) end`
        if (env.context !== null) break;
        const left = yield* this.within([shallow], this.expand(args[0], env));
        return { ...node, args: [left, yield* this.within([shallow, formClause("case", name === "&&" ? 1 : 0, 0)], this.clauseScope(env, this.expand(args[1], scoped(env))))] };
      }
      case "|>/2": {
        // Kernel.|> unpipes its right side too: `a |> (b |> c)` pipes a into b, then into c.
        const right = args[1];
        if (isNode(right) && right.name === "|>" && right.args?.length === 2) {
          const inner: AstNode = { ...node, args: [args[0], right.args[0]] };
          return yield* this.kernelMacro({ ...node, args: [inner, right.args[1]] }, env);
        }
        return yield* this.within([shallow], this.expand(pipeInto(this, env, node), env));
      }
      case "match?/2": {
        // `case expr do pattern -> true; _ -> false end`: the macro is on the trace of an error in either
        const value = yield* this.within([shallow], this.expand(args[1], env));
        const pat = yield* this.within([shallow, formClause("case", 0, 0), CLAUSE_HEAD], this.clauseScope(env, this.clauseHead([args[0]], scoped(env))));
        return { ...node, args: [pat[0], value] };
      }
      case "destructure/2": {
        const value = yield* this.expand(args[1], env);
        return { ...node, args: [yield* this.pattern(args[0], env), value] };
      }
      case "var!/1":
      case "var!/2": {
        // Kernel.var!/2: a variable (its counter dropped, and made to raise when undefined:
        // `if_undefined: :raise`) in the context given, expanded to an atom
        const v = args[0];
        if (!isNode(v) || typeof v.name !== "string" || v.args !== null || (v.context !== undefined && typeof v.context !== "string")) {
          const err = raise("ArgumentError", { message: `expected a variable to be given to var!, got: ${astText(v)}` });
          throw this.kernelRaise(err, "MACRO-var!", 3, 4515, name, args.length, env, line);
        }
        let ctx: string | undefined;
        if (args.length === 2) {
          const c = yield* this.expand(args[1], env);
          if (!isAtomAst(c) && c !== null && typeof c !== "boolean") {
            const err = raise("ArgumentError", { message: `expected var! context to expand to an atom, got: ${astText(c)}` });
            err.stacktrace = NIL;
            err.traced = true;
            throw this.expandingMacro(err, "Elixir.Kernel", name, args.length, env, line, false);
          }
          ctx = isAtomAst(c) ? c.atom : c === null ? undefined : String(c);
        }
        const meta = { ...v.meta, if_undefined: a("raise") } as Meta;
        delete meta.counter;
        const plain: AstNode = { name: v.name, meta, args: null, ...(ctx === undefined ? {} : { context: ctx }) };
        return yield* this.within([this.macroFrame("Elixir.Kernel", "var!", args.length, line, env)], this.expand(plain, env));
      }
      case "alias!/1": {
        const x = args[0];
        if (isNode(x) && x.name === "__aliases__") {
          const meta = { ...x.meta };
          delete meta.alias;
          delete meta.counter;
          return this.aliasAtom({ ...x, meta } as AstNode, env);
        }
        return yield* this.expand(x, env);
      }
      case "binding/0":
      case "binding/1": {
        let ctx: string | null = null;
        if (args.length === 1) {
          const c = yield* this.expand(args[0], env);
          ctx = isAtomAst(c) ? c.atom : null;
        }
        const keys = [...env.vars.all()].filter((k) => {
          const i = k.indexOf("\0");
          // (underscored variables are bindings too; a macro's __CALLER__ is no variable of its code)
          if (ctx === null) return i < 0 && k !== "__CALLER__";
          return i >= 0 && k.slice(i + 1) === ctx;
        });
        keys.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
        for (const k of keys) this.useVar(env, k);
        return keys.map((k) => ({ tuple: [{ atom: k.split("\0")[0] }, { name: this.siblingRead(env, k) ?? k, meta: node.meta, args: null }] } as Ast));
      }
      case "dbg/0":
      case "dbg/1":
      case "dbg/2":
        return yield* this.dbg(node, env);
      case "use/1":
      case "use/2":
        return yield* this.use(node, env);
      case "defmodule/2":
        // (Kernel.defmodule hands the variables in scope to the module's body: they are read)
        this.useAllVars(env);
        return yield* this.hooks.defmodule(this, node, env);
      case "defprotocol/2":
      case "defimpl/2":
      case "defimpl/3":
        return yield* this.hooks.staticDefinition(this, node, env);
      case "@/1":
        return yield* this.attribute(node, env);
      case "<>/2":
        if (env.context === "match") return yield* this.concatPattern(node, env);
        return yield* this.concat(node, env, shallow);
      case "sigil_r/2":
      case "sigil_R/2":
        this.checkRegexLiteral(name, args, env, line);
        break;
      case "sigil_w/2":
      case "sigil_W/2":
        this.checkWordsModifier(name, args, env, line);
        this.checkWordsLiteral(args, env, line);
        break;
      case "../2":
      case "..///3": {
        // Kernel's `..` and `..//` refuse sides (and a step) that are literals of another
        // type once expanded (validate_range!/2, validate_step!/1), in any context.
        const sides = yield* this.within([shallow], this.expandArgs(args, env));
        const notInteger = (x: Ast): boolean => {
          if (x !== null && typeof x === "object" && "literal" in x) {
            // (a module attribute's value)
            const t = (x as { literal: Term }).literal;
            return t instanceof Atom || t instanceof Float || typeof t === "string" || t instanceof Bin || t === NIL || t instanceof Cons;
          }
          return typeof x === "number" || x === null || typeof x === "boolean" || isAtomAst(x) || typeof x === "string" || Array.isArray(x);
        };
        if (notInteger(sides[0]) || notInteger(sides[1])) {
          const message = `ranges (first..last//step) expect both sides to be integers, got: ${astText({ name: "..", meta: {}, args: [sides[0], sides[1]] } as Ast)}`;
          throw this.kernelRaise(raise("ArgumentError", { message }), "validate_range!", 2, 3938, name, args.length, env, line);
        }
        if (sides.length === 3 && (notInteger(sides[2]) || sides[2] === 0n)) {
          const message = `ranges (first..last//step) expect the step to be a non-zero integer, got: ${astText(sides[2])}`;
          throw this.kernelRaise(raise("ArgumentError", { message }), "validate_step!", 1, 3947, name, args.length, env, line);
        }
        return { ...node, args: sides };
      }
      case "put_in/2":
      case "update_in/2":
      case "get_and_update_in/2":
      case "pop_in/1": {
        const line = lineOf(node, env);
        const loc = list([[a("file"), charlistOf(env.file)], [a("line"), line]]);
        const caller: Term = env.module !== null && env.function !== null ? [a(env.module), a(env.function[0]), env.function[1], loc] : [a("elixir_eval"), a("__FILE__"), 1, loc];
        return yield* this.within([shallow], this.expand(expandPathMacro(name, args, node.meta, nextCounter(this.rt), astText, caller), env));
      }
    }
    if (name.startsWith("def") && KERNEL_MACROS.has(`${name}/${args.length}`) && !["defmodule"].includes(name)) {
      throw outsideModule(env, name, args.length, node.meta?.line || env.line, this.at.here().entries);
    }
    // (`and`/`or` are a case on the left side: the right one sees what it bound; outside a
    // guard it is the body of one of the case's clauses, and:`true ->`, or:`false ->`)
    if ((name === "and" || name === "or") && env.context === null) {
      const left = yield* this.within([shallow], this.expand(args[0], env));
      return { ...node, args: [left, yield* this.within([shallow, formClause("case", name === "and" ? 1 : 0, 0)], this.clauseScope(env, this.expand(args[1], scoped(env))))] };
    }
    if (name === "and" || name === "or") return { ...node, args: yield* this.within([shallow], this.expandSequence(args, env)) };
    return { ...node, args: yield* this.within([shallow], this.expandArgs(args, env)) };
  }

  /**
   * Kernel's sigil_r/sigil_R compile a regex without interpolation while they expand: a bad
   * one (or a bad modifier) is Regex.compile!'s error at compile time, under the macro's frame,
   * wherever the sigil sits (a fn body that never runs, a pattern).
   */
  /**
   * Kernel's sigil_w/sigil_W (split_words/3) warn, with the caller's stack entry, when a word
   * of a literal string ends with a comma (`~w(a, b)`), for the modifiers s, a and c.
   */
  private checkWordsLiteral(args: Ast[], env: XEnv, line: number): void {
    const [str, mods] = args;
    if (!isNode(str) || str.name !== "<<>>" || str.args?.length !== 1 || typeof str.args[0] !== "string") return;
    if (!Array.isArray(mods) || mods.length > 1 || (mods.length === 1 && !(mods[0] === 115n || mods[0] === 97n || mods[0] === 99n))) return;
    const words = str.args[0].split(/[\s\u0085\u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000]+/u).filter((w) => w !== "");
    if (!words.some((w) => Buffer.byteLength(w) > 1 && w.endsWith(","))) return;
    // (once for a literal, which Macro.expand/2 and then the expansion may both look at)
    if (this.wordsWarned.has(str)) return;
    this.wordsWarned.add(str);
    this.warnings.push(`warning: the sigils ~w/~W do not allow trailing commas at the end of each word. If the comma is necessary, define a regular list with [...], otherwise remove the comma.\n  ${formatStacktraceEntry(callerFrame(env, line))}\n\n`);
  }
  private readonly wordsWarned = new WeakSet<AstNode>();

  /** Kernel's split_words/3: ~w and ~W take one modifier of s, a and c, or none. */
  private checkWordsModifier(name: string, args: Ast[], env: XEnv, line: number): void {
    const mods = args[1];
    if (!Array.isArray(mods)) return;
    if (mods.length === 0 || (mods.length === 1 && (mods[0] === 115n || mods[0] === 97n || mods[0] === 99n))) return;
    throw this.kernelRaise(raise("ArgumentError", { message: "modifier must be one of: s, a, c" }), "split_words", 3, 6366, name, 2, env, line);
  }

  private checkRegexLiteral(name: string, args: Ast[], env: XEnv, line: number): void {
    const [body, mods] = args;
    if (this.host.library || !isNode(body) || body.name !== "<<>>" || !body.args!.every((p) => typeof p === "string") || !Array.isArray(mods)) return;
    const compile = this.host.nativeCode("Elixir.Regex", "compile!", 2);
    if (compile === null) return;
    try {
      const source = (body.args as string[]).join("");
      compile.native!([name === "sigil_r" ? unescapeRegex(source) : source, mods.map((c) => String.fromCharCode(Number(c))).join("")], null as never);
    } catch (e) {
      if (e instanceof BeamError && e.kind === "error") {
        const regexAt = list([[a("file"), charlistOf("lib/regex.ex")], [a("line"), 231]]);
        const frames: Term[] = [[a("Elixir.Regex"), a("compile!"), 2, regexAt], [a("Elixir.Kernel"), a(name), 2, list([[a("file"), charlistOf("expanding macro")]])], callerFrame(env, line)];
        e.stacktrace = list(frames);
        e.traced = true;
        e.complete = true;
      }
      throw e;
    }
  }

  /** `@name` read outside a module body: inside a function, its value now. */
  /** Kernel.@/1's warning for `@name()`, with the caller's stack entry (IO.warn/2 given Macro.Env.stacktrace/1). */
  attributeParens(env: XEnv, name: string, node: AstNode): void {
    this.warnings.push(`warning: the @${name}() notation (with parenthesis) is deprecated, please use @${name} (without parenthesis) instead\n  ${formatStacktraceEntry(callerFrame(env, lineOf(node, env)))}\n\n`);
  }

  private *attribute(node: AstNode, env: XEnv): Gen<Ast> {
    const inner = node.args![0];
    if (env.module === null) throw outsideModule(env, "@", 1, node.meta?.line || env.line, this.at.here().entries);
    if (!isNode(inner) || typeof inner.name !== "string") throw this.error(env, `invalid write attribute syntax. If you want to define an attribute, don't use parentheses`, node.meta);
    if (inner.args !== null && inner.args.length > 0) {
      throw this.error(env, `cannot set attribute @${inner.name} inside function/macro`, node.meta);
    }
    if (inner.args !== null) this.attributeParens(env, inner.name, node);
    return this.hooks.readAttribute(env, inner.name, node.meta);
  }

  /**
   * `use Mod, opts` as Kernel.use expands it: the module (each module of `use Base.{A, B}`),
   * expanded as Macro.expand does, must be an atom; each is required, then
   * `Mod.__using__(opts)` expanded (a macro's code, else left a call that fails when it runs).
   */
  private *use(node: AstNode, env: XEnv): Gen<Ast> {
    const [modAst, opts] = node.args!;
    const line = lineOf(node, env);
    const macroExpand = function* (this: Expander, x: Ast): Gen<Ast> {
      for (let more = yield* this.expandOnce(x, env); more !== null; more = yield* this.expandOnce(x, env)) x = more;
      return x;
    };
    let mods: Ast[];
    const callee = isNode(modAst) ? modAst.name : null;
    if (isNode(modAst) && isNode(callee) && callee.name === "." && callee.args?.length === 2 && isAtomAst(callee.args[1]) && callee.args[1].atom === "{}" && modAst.args !== null) {
      // Kernel.use's expand_aliases: Module.concat of the base and each alias or atom given.
      const expandedBase = yield* macroExpand.call(this, callee.args[0]);
      const name = (p: Ast): string | null | undefined =>
        p === null ? null : typeof p === "boolean" ? String(p) : isAtomAst(p) ? (p.atom === "nil" ? null : p.atom) : typeof p === "string" ? p : undefined;
      mods = modAst.args.map((ref) => {
        const parts = isNode(ref) && ref.name === "__aliases__" && ref.args !== null ? [expandedBase, ...ref.args] : isAtomAst(ref) ? [expandedBase, ref] : null;
        const names = parts?.map((p, i) => (i > 0 && !isAtomAst(p) ? undefined : name(p)));
        return names !== undefined && !names.includes(undefined) ? { atom: moduleConcat(names as (string | null)[]) } : ref;
      });
    } else mods = [yield* macroExpand.call(this, modAst)];
    mods = mods.map((m) => (m === null ? { atom: "nil" } : typeof m === "boolean" ? { atom: String(m) } : m));
    const out: Ast[] = [];
    for (let i = 0; i < mods.length; i++) {
      const mod = mods[i];
      if (!isAtomAst(mod)) {
        // Raised inside Kernel.use's Enum.map over the modules (one frame per element mapped).
        const err = raise("ArgumentError", { message: `invalid arguments for use, expected a compile time atom or alias, got: ${astText(modAst)}` });
        const at = (file: string, l: number) => list([[a("file"), charlistOf(file)], [a("line"), l]]);
        err.stacktrace = list([
          [a("Elixir.Kernel"), a("-MACRO-use/3-fun-0-"), 3, at("lib/kernel.ex", 5684)],
          ...Array.from({ length: i + 1 }, (): Term => [a("Elixir.Enum"), a("-map/2-lists^map/1-0-"), 2, at("lib/enum.ex", 1658)]),
          [a("Elixir.Kernel"), a("MACRO-use"), 3, at("lib/kernel.ex", 5676)],
          [a("Elixir.Kernel"), a("use"), node.args!.length, list([[a("file"), charlistOf("expanding macro")]])],
          callerFrame(env, line),
        ]);
        err.traced = true;
        err.complete = true;
        throw err;
      }
    }
    for (const mod of mods as { atom: string }[]) {
      if (!this.rt.modules.has(mod.atom)) {
        // Raised by Kernel.use while it expands: iex shows that macro, then where it is used.
        const err = this.notLoaded(env, mod.atom, node.meta);
        const loc = list([[a("file"), charlistOf(env.file)], [a("line"), line]]);
        err.elixirFrames = [
          [a("Elixir.Kernel"), a("use"), node.args!.length, list([[a("file"), charlistOf("expanding macro")]])],
          env.module ? [a(env.module), a("__MODULE__"), 0, loc] : [a("elixir_eval"), a("__FILE__"), 1, loc],
        ];
        throw err;
      }
      env.requires = new Set([...env.requires, mod.atom]);
      const code = this.rt.modules.lookup(mod.atom, "MACRO-__using__", 2);
      const using: AstNode = { name: { name: ".", meta: node.meta, args: [mod, { atom: "__using__" }] }, meta: node.meta, args: [opts === undefined ? [] : opts] };
      if (code === null) {
        // Not a macro: the call stays a function call (an UndefinedFunctionError when it runs).
        out.push(yield* this.expand(using, env));
        continue;
      }
      this.checkDeprecated(env, node.meta, mod.atom, "__using__", 1, true);
      const call: AstNode = { name: "__using__", meta: node.meta, args: [opts === undefined ? [] : opts] };
      out.push(yield* this.callMacro(code, mod.atom, "__using__", call, env));
    }
    return out.length === 1 ? out[0] : { name: "__block__", meta: node.meta, args: out };
  }
}

/**
 * elixir_aliases:concat/1 (Module.concat/1) of atom names and binaries (the atom nil is left
 * out): a first part that is "Elixir" or starts with "Elixir." starts the name as it is; each
 * other part loses an "Elixir." or "." prefix.
 */
function moduleConcat(parts: (string | null)[]): string {
  let acc = "Elixir";
  let rest = parts;
  const first = parts[0];
  if (typeof first === "string" && (first === "Elixir" || first.startsWith("Elixir."))) {
    acc = first;
    rest = parts.slice(1);
  }
  for (const p of rest) {
    if (p === null) continue;
    acc += "." + (p.startsWith("Elixir.") ? p.slice(7) : p.startsWith(".") ? p.slice(1) : p);
  }
  return acc;
}

/** The names in a segment's type specification (`binary-size(4)`: binary, size). */
/** elixir_fn's error for `&` around what is no capture, with the text of what it got. */
export function invalidCapture(body: Ast): string {
  return `invalid args for &, expected one of:\n\n  * &Mod.fun/arity to capture a remote function, such as &Enum.map/2\n  * &fun/arity to capture a local or imported function, such as &is_atom/1\n  * &some_code(&1, ...) containing at least one argument as &1, such as &List.flatten(&1)\n\nGot: ${astText(body)}`;
}

/** elixir_bitstring's flat list of a segment's specifiers (a name's call without parentheses gets `()`). */
/** The first `=` among `args` or inside their calls (elixir_bitstring's find_match/1). */
function findMatch(args: Ast[]): AstNode | null {
  for (const x of args) {
    if (!isNode(x) || x.args === null) continue;
    if (x.name === "=" && x.args.length === 2) return x;
    const inner = findMatch(x.args);
    if (inner !== null) return inner;
  }
  return null;
}

/** Two keys of a map pattern are the same key (the same term, integers and floats apart). */
const strictEqualsAst = (x: Ast, y: Ast): boolean => strictEquals(astToTerm(x), astToTerm(y));

export function unpackSpecs(spec: Ast, acc: Ast[]): Ast[] {
  if (isNode(spec) && spec.name === "-" && spec.args?.length === 2) return unpackSpecs(spec.args[0], unpackSpecs(spec.args[1], acc));
  if (isNode(spec) && spec.name === "*" && spec.args?.length === 2) {
    const [size, unit] = spec.args;
    const unitCall: AstNode = { name: "unit", meta: spec.meta, args: [unit] };
    if (isNode(size) && size.name === "_" && size.args === null) return [unitCall, ...acc];
    return [{ name: "size", meta: spec.meta, args: [size] }, unitCall, ...acc];
  }
  if (typeof spec === "bigint") return [{ name: "size", meta: {} as Meta, args: [spec] }, ...acc];
  if (isNode(spec) && typeof spec.name === "string") return [{ ...spec, args: spec.args ?? [] }, ...acc];
  return [spec, ...acc];
}

/** The key a known specifier sets (elixir_bitstring's validate_spec), or null. */
export function specKey(name: string, args: Ast[]): string | null {
  if (args.length === 1) return name === "size" || name === "unit" ? name : null;
  if (args.length !== 0) return null;
  if (name === "big" || name === "little" || name === "native") return "endianness";
  if (["integer", "float", "binary", "bytes", "bitstring", "bits", "utf8", "utf16", "utf32"].includes(name)) return "type";
  if (name === "signed" || name === "unsigned") return "sign";
  return null;
}

function specNames(spec: Ast, out = new Set<string>()): Set<string> {
  if (isNode(spec) && typeof spec.name === "string") {
    if (spec.name === "-" && spec.args?.length === 2) for (const x of spec.args) specNames(x, out);
    else if (spec.name === "*" && spec.args?.length === 2) out.add("*");
    else out.add(spec.name);
  } else if (typeof spec === "bigint") out.add("size");
  return out;
}

/** Kernel macros that raise ArgumentError when expanded in a pattern. */
const NOT_IN_MATCH = new Set(["and/2", "or/2", "!/1", "&&/2", "||/2", "is_struct/1", "is_struct/2", "is_exception/1", "is_exception/2"]);

/** Kernel macros whose expansion is a function call: "name/arity" -> the call's [module, name, arity]. */
const MATCH_CALLS = new Map<string, [string, string, number]>([
  ["to_string/1", ["Elixir.String.Chars", "to_string", 1]],
  ["to_charlist/1", ["Elixir.List.Chars", "to_charlist", 1]],
  ["is_nil/1", ["Elixir.Kernel", "==", 2]],
]);

/** A file name as Erlang keeps it in stack entries: a charlist. */

/** The entry of the code that called a macro, at `line` (elixir_dispatch adds it to traces). */
function callerFrame(env: XEnv, line: number): Term {
  const loc = list([[a("file"), charlistOf(env.file)], [a("line"), line]]);
  return env.module === null ? [a("elixir_eval"), a("__FILE__"), 1, loc] : env.function === null ? [a(env.module), a("__MODULE__"), 0, loc] : [a(env.module), a(env.function[0]), env.function[1], loc];
}

/** Where receive's and try's blocks sit on Elixir's stack, per block and clause (-1: a plain body). */
function formFrames(form: string): (key: string, keyIndex: number, clause: number) => TraceEntry[] {
  return (key, keyIndex, clause) => {
    if (form === "receive") return key === "do" && clause >= 0 ? [formClause("receive", clause, keyIndex)] : [];
    if (key === "do") return clause < 0 ? [tryBody(keyIndex)] : [];
    if (key === "after") return clause < 0 ? [tryAfter(keyIndex)] : [];
    return clause >= 0 && key !== "after" ? [formClause("try", clause, keyIndex)] : [];
  };
}

/**
 * A module-only Kernel macro used outside a module fails as it fails in Elixir: the macro
 * raises while it expands (Kernel.assert_module_scope/3 for the definitions and @, an ETS
 * lookup of the module's table for defstruct, Module's check for defoverridable), and the
 * trace shows the macros being expanded with the caller's line.
 */
function outsideModule(env: XEnv, name: string, arity: number, line: number, outer: TraceEntry[] = []): BeamError {
  const here = [a("elixir_compiler_1"), a("__FILE__"), 1, list([[a("file"), charlistOf(env.file)], [a("line"), line]])];
  const expanding = (mod: string, fun: string, n: number): Term => [a(mod), a(fun), n, list([[a("file"), charlistOf("expanding macro")]])];
  const kernel = (fun: string, n: number, ln: number) => erlangFrame("Elixir.Kernel", fun, n, "lib/kernel.ex", ln);
  const assertScope = kernel("assert_module_scope", 3, 6373);
  const define = kernel("define", 4, 5070);
  const atOutside = "cannot invoke @/1 outside module";
  let message: string;
  let frames: Term[];
  switch (name) {
    case "defguard":
    case "defguardp":
      message = `cannot invoke ${name === "defguard" ? "defmacro" : "defmacrop"}/2 outside module`;
      frames = [assertScope, define, kernel("define_guard", 3, 5549), expanding("Elixir.Kernel", name, arity), here];
      break;
    case "@":
      message = atOutside;
      frames = [assertScope, expanding("Elixir.Kernel", "@", 1), here];
      break;
    case "defexception":
    case "defdelegate":
      message = atOutside;
      frames = [assertScope, expanding("Elixir.Kernel", "@", 1), here, expanding("Elixir.Kernel", name, arity), here];
      break;
    case "defstruct":
      message = "errors were found at the given arguments:\n\n  * 2nd argument: not a key that exists in the table\n";
      frames = [
        [a("ets"), a("lookup_element"), list([a("elixir_modules"), null, 2]), NIL],
        erlangFrame("elixir_locals", "cache_env", 1, "src/elixir_locals.erl", 67),
        erlangFrame("elixir_bootstrap", "define", 4, "src/elixir_bootstrap.erl", 43),
        expanding("elixir_bootstrap", "def", 2),
        here,
        expanding("Elixir.Kernel", name, arity),
        here,
      ];
      break;
    case "defoverridable":
      message = "could not call Module.make_overridable/2 because the module nil is already compiled";
      frames = [
        erlangFrame("Elixir.Module", "assert_not_readonly!", 2, "lib/module.ex", 2500),
        erlangFrame("Elixir.Module", "make_overridable", 2, "lib/module.ex", 1345),
      ];
      break;
    default:
      // def, defp, defmacro, defmacrop (with or without a body): Kernel.define/4 names arity 2.
      message = `cannot invoke ${name}/2 outside module`;
      frames = [assertScope, define, expanding("Elixir.Kernel", name, arity), here];
  }
  if (name !== "defoverridable") frames = withOuterMacros(frames, outer);
  const err = raise("ArgumentError", { message });
  err.stacktrace = list(frames);
  err.traced = true;
  err.complete = true;
  return err;
}

/**
 * The macros whose results an error was raised in (`@a || 1`, `to_string(x |> +1)`):
 * elixir_dispatch's expand_quoted adds each one's entry and its caller's as the error leaves
 * it, innermost first, within Erlang's 8 entries. `outer`: the expander's trace entries there.
 */
function withOuterMacros(frames: Term[], outer: TraceEntry[]): Term[] {
  for (let i = outer.length - 1; i >= 0; i--) {
    const e = outer[i];
    if (!("macro" in e)) continue;
    // (a called macro adds its own entries as the error leaves it, and those of the macros outside)
    if (e.macro.rethrows === true) break;
    frames = [...frames, [a(e.macro.module), a(e.macro.name), e.macro.arity, list([[a("file"), charlistOf("expanding macro")]])], e.macro.caller].slice(0, 8);
  }
  return frames;
}

/** A stack entry of Elixir's own compiler `{mod, fun, arity, [file: ..., line: ...]}`. */
function erlangFrame(mod: string, fun: string, arity: number, file: string, line: number): Term {
  return [a(mod), a(fun), arity, list([[a("file"), charlistOf(file)], [a("line"), line]])];
}

/** `use M` where M defines no `__using__/1` (raised as UndefinedFunctionError). */

/**
 * The map with k's entry stored as lists:keystore/4 stores an alias (elixir_aliases): in its
 * place when k has one, else last.
 */
function withStoredEntry<K, V>(m: Map<K, V>, k: K, v: V): Map<K, V> {
  return new Map(m).set(k, v);
}

/** The map with k's entry first (an import is the newest entry of Macro.Env's lists, as elixir_import keeps them). */
function withFirstEntry<K, V>(m: Map<K, V>, k: K, v: V): Map<K, V> {
  const out = new Map<K, V>([[k, v]]);
  for (const [key, value] of m) if (key !== k) out.set(key, value);
  return out;
}

/**
 * elixir_aliases' lookup in the macro aliases: the module an alias quoted code wrote stands
 * for, when an alias of the same expansion (counter) defined it (followed while it leads to
 * another such alias); undefined when none did.
 */
function macroAlias(env: XEnv, short: string, counter: string | null): string | undefined {
  if (counter === null || env.macroAliases === undefined) return undefined;
  let found: string | undefined;
  for (let name = short, seen = 0; seen < 100; seen++) {
    const entry = env.macroAliases.get(name);
    if (entry === undefined || entry[0] !== counter) break;
    found = name = entry[1];
  }
  return found;
}

function withoutEntry<K, V>(m: Map<K, V>, k: K): Map<K, V> {
  const out = new Map(m);
  out.delete(k);
  return out;
}

/** [key, value] pairs of a keyword list Ast (values as written). */
/**
 * `as: Name` names the alias being made: Elixir takes it as written, not through the
 * aliases in effect (after `alias A.User`, `alias A.User, as: User` is still plain User).
 */
function rawAsOption(opts: Ast): Ast {
  if (!Array.isArray(opts)) return opts;
  return opts.map((p) => {
    if (!isTupleAst(p) || !isAtomAst(p.tuple[0]) || p.tuple[0].atom !== "as") return p;
    const v = p.tuple[1];
    if (!isNode(v) || v.name !== "__aliases__" || !v.args?.every((x) => isAtomAst(x))) return p;
    return { ...p, tuple: [p.tuple[0], { atom: "Elixir." + (v.args as { atom: string }[]).map((x) => x.atom).join(".") }] } as Ast;
  });
}

export function keywordPairs(kw: Ast): Map<string, Ast> {
  const out = new Map<string, Ast>();
  if (!Array.isArray(kw)) return out;
  for (const p of kw) if (isTupleAst(p) && isAtomAst(p.tuple[0]) && !out.has(p.tuple[0].atom)) out.set(p.tuple[0].atom, p.tuple[1]);
  return out;
}

function listPairs(t: Term): [Term, Term][] {
  const out: [Term, Term][] = [];
  for (let l = t; l !== null && typeof l === "object" && "h" in l; l = (l as { t: Term }).t) {
    const p = (l as { h: Term }).h;
    if (Array.isArray(p) && p.length === 2) out.push([p[0], p[1]]);
  }
  return out;
}

/**
 * elixir_quote:linify_with_context_counter: the caller's line where a node has none, and
 * the expansion's counter on the macro module's variables (and aliases/imports) so they stay
 * apart from the caller's and from other expansions'.
 */
/** `generated`: the call had `generated: true`, which every node of what it expanded to gets (first), as elixir_quote's linify_with_context_counter gives it. */
/** A metadata value that is the atom `name` (as the quoted term or as the parser writes one). */
function isAtomMeta(v: unknown, name: string): boolean {
  if (v instanceof Atom) return v.name === name;
  return typeof v === "object" && v !== null && (v as { atom?: unknown }).atom === name;
}

export function linify(ast: Ast, line: number, module: string, counter: Counter, generated = false): Ast {
  const walk = (x: Ast): Ast => {
    if (Array.isArray(x)) return x.map(walk);
    if (isTupleAst(x)) return { tuple: [walk(x.tuple[0]), walk(x.tuple[1])] };
    if (!isNode(x)) return x;
    let meta = { ...x.meta } as Meta;
    // (what it adds goes first, as keynew puts it: the line before the counter)
    const addLine = line !== 0 && !("line" in meta && meta.line !== undefined);
    // (and a quote written in the macro's module, which a quote inside a quote marks with the
    // context: the variables its bind_quoted binds are the macro's)
    const counted =
      x.args === null
        ? x.context === module && x.name !== "_"
        : x.name === "__aliases__" || x.name === "import" || x.name === "alias" || x.name === "require" || (x.name === "quote" && x.args.length > 0 && isAtomMeta(meta.context, module));
    if (counted && !("counter" in meta)) meta = { counter, ...meta } as Meta;
    if (addLine) meta = Object.assign({ line }, Object.fromEntries(Object.entries(meta).filter(([k]) => k !== "line"))) as Meta;
    if (generated) meta = { generated: true, ...meta } as Meta;
    const name = typeof x.name === "string" ? x.name : walk(x.name);
    return { ...x, name, meta, args: x.args === null ? null : x.args.map(walk) };
  };
  return walk(ast);
}

/**
 * `left |> call(args)` → `call(left, args)`, as Kernel.|>/2 expands it through Macro.pipe/3,
 * whose clauses (in their order) refuse what is no call: a capture, a tuple, map, alias or
 * binary, unquote, an anonymous function not called, a unary operator and an operator that
 * would get too many arguments. Each refusal is Macro.pipe's ArgumentError, raised while the
 * macro expands: its line in lib/macro.ex, the :lists.foldl/3 of Kernel.|>/2, the macro
 * being expanded and the caller.
 */
function pipeInto(x: Expander, env: XEnv, node: AstNode): Ast {
  const [left, right] = node.args!;
  const refuse = (macroLine: number, message: string): BeamError => {
    const err = raise("ArgumentError", { message });
    err.stacktrace = list(withOuterMacros([
      erlangFrame("Elixir.Macro", "pipe", 3, "lib/macro.ex", macroLine),
      erlangFrame("lists", "foldl", 3, "lists.erl", 1350),
      [a("Elixir.Kernel"), a("|>"), 2, list([[a("file"), charlistOf("expanding macro")]])],
      callerFrame(env, lineOf(node, env)),
    ], x.at.here().entries));
    err.traced = true;
    err.complete = true;
    return err;
  };
  const bad = (macroLine: number) =>
    refuse(macroLine, `cannot pipe ${astText(left)} into ${astText(right)}, can only pipe into local calls foo(), remote calls Foo.bar() or anonymous function calls foo.()`);
  if (!isNode(right)) throw bad(333);
  const name = right.name;
  if (name === "&") throw bad(274);
  if (name === "{}" || name === "%{}") throw bad(278);
  if (name === "__aliases__") throw bad(283);
  if (name === "<<>>") throw bad(287);
  if ((name === "unquote" || name === "unquote_splicing") && right.args !== null && right.args.length === 0) {
    throw refuse(291, `cannot pipe ${astText(left)} into the special form ${name}/1 since ${name}/1 is used to build the Elixir AST itself`);
  }
  if (name === "fn") {
    throw refuse(299, `cannot pipe ${astText(left)} into an anonymous function without calling the function; use Kernel.then/2 instead or define the anonymous function as a regular private function`);
  }
  // `x |> foo` is `foo(x)` (Elixir warns about the missing parentheses).
  if (right.args === null) return typeof name === "string" ? { name, meta: right.meta, args: [left] } : { ...right, args: [left] };
  if ((name === "+" || name === "-") && right.args.length === 1) {
    const arg = astText(right.args[0]);
    throw refuse(310, `piping into a unary operator is not supported, please use the qualified name: Kernel.${name}(${arg}), instead of ${name}${arg}`);
  }
  if (typeof name === "string" && isOperatorCall(name, 1)) {
    throw refuse(318, `cannot pipe ${astText(left)} into ${astText(right)}, the ${inspect(a(name))} operator can only take one argument`);
  }
  if (typeof name === "string" && isOperatorCall(name, 2)) {
    throw refuse(323, `cannot pipe ${astText(left)} into ${astText(right)}, the ${inspect(a(name))} operator can only take two arguments`);
  }
  return { ...right, args: [left, ...right.args] };
}

/**
 * Whether an expanded struct name can name a struct, as elixir_map validates it: an atom
 * (or what the code generator still resolves to one: `__MODULE__`, `@attr`), and in a match
 * also a variable or a pinned one. Anything else (`%-Bag{}`, `%x.y{}`, a variable outside a
 * match) is the CompileError "expected struct name ...".
 */
function structNameShape(x: Ast, match: boolean): boolean {
  if (x === null || x === true || x === false || isAtomAst(x)) return true;
  if (!isNode(x) || typeof x.name !== "string") return false;
  if (x.name === "__MODULE__" || x.name === "@" || x.name === "__aliases__") return true;
  if (!match) return false;
  if (x.args === null) return true;
  return x.name === "^" && x.args.length === 1 && isNode(x.args[0]) && x.args[0].args === null;
}

/** The quoted term with Kernel's inlined operators as the :erlang calls Elixir expands them to. */
function inlineKernel(t: Term): Term {
  if (!Array.isArray(t) || t.length !== 3 || !(t[0] instanceof Atom) || !(t[2] instanceof Cons || t[2] === NIL)) return t;
  const items = listToArray(t[2] as Term);
  if (items === null) return t;
  const args = items.map(inlineKernel);
  // Kernel.!/1 outside guards: the case it expands to.
  if (t[0].name === "!" && args.length === 1) {
    const x: Term = [a("x"), NIL, a("Elixir.Kernel")];
    const erl = (f: string, xs: Term[]): Term => [[a("."), NIL, list([a("erlang"), a(f)])], NIL, list(xs)];
    const guard = erl("orelse", [erl("=:=", [x, false]), erl("=:=", [x, null])]);
    const clause = (pat: Term, body: Term): Term => [a("->"), NIL, list([list([pat]), body])];
    const clauses = list([clause([a("when"), NIL, list([x, guard])], true), clause([a("_"), NIL, null], false)]);
    return [a("case"), t[1], list([args[0], list([[a("do"), clauses]])])];
  }
  const inlined = kernelInlined(t[0].name, args.length);
  const head: Term = inlined === undefined ? t[0] : [a("."), list([]), list([a("erlang"), a(inlined)])];
  return [head, t[1], list(args)];
}

/** Macro.to_string of `x`, for error messages. */
/** `~c"ab"`, `~w(a b)` (a sigil Kernel expands to a literal) as that literal; anything else as it is. */
/** The fields of the struct a calendar sigil expands to, in Kernel's order (after __struct__). */
const CALENDAR_SIGIL_FIELDS: Record<string, string[]> = {
  sigil_D: ["calendar", "year", "month", "day"],
  sigil_T: ["calendar", "hour", "minute", "second", "microsecond"],
  sigil_N: ["calendar", "year", "month", "day", "hour", "minute", "second", "microsecond"],
  sigil_U: ["calendar", "year", "month", "day", "hour", "minute", "second", "microsecond", "time_zone", "zone_abbr", "utc_offset", "std_offset"],
};

function literalSigilAst(x: Ast): Ast {
  if (!isNode(x) || typeof x.name !== "string" || !x.name.startsWith("sigil_") || x.args?.length !== 2) return x;
  const [body, mods] = x.args;
  if (!isNode(body) || body.name !== "<<>>" || body.args === null || !Array.isArray(mods)) return x;
  const v = literalSigil(x.name, body.args, mods);
  return v === undefined ? x : termToAst(escape(v, false));
}

/** elixir_rewrite's static_append: `left ++ right` as one list, when `left` is a literal proper list. */
function staticAppend(left: Ast, right: Ast, meta: Meta): Ast | undefined {
  if (!Array.isArray(left)) return undefined;
  if (left.length === 0) return right;
  const last = left[left.length - 1];
  if (isNode(last) && last.name === "|" && last.args?.length === 2) {
    const tail = staticAppend(last.args[1], right, meta);
    if (!Array.isArray(last.args[1]) || tail === undefined) return undefined;
    return [...left.slice(0, -1), { ...last, args: [last.args[0], tail] }];
  }
  return [...left.slice(0, -1), { name: "|", meta, args: [last, right] }];
}

export function astText(x: Ast): string {
  try {
    return quotedToString(astToTerm(x));
  } catch {
    return roughText(x);
  }
}

function roughText(x: Ast): string {
  if (typeof x === "bigint") return String(x);
  if (typeof x === "string") return JSON.stringify(x);
  if (x === null) return "nil";
  if (x === true || x === false) return String(x);
  if (isAtomAst(x)) return x.atom.startsWith("Elixir.") ? x.atom.slice(7) : ":" + x.atom;
  if (isNode(x) && x.name === "__aliases__") return (x.args ?? []).map((p) => (isAtomAst(p) ? p.atom : "?")).join(".");
  if (isNode(x) && typeof x.name === "string" && x.args === null) return x.name;
  if (isNode(x) && typeof x.name === "string") return `${x.name}(${(x.args ?? []).map(roughText).join(", ")})`;
  return "...";
}

function inspectTerm(rt: Runtime, t: Term): string {
  void rt;
  try {
    return inspect(t);
  } catch {
    return String(t);
  }
}

/** Whether a directive's use is tracked: not one a macro wrote, and not `warn: false`. */
function tracked(node: AstNode, opts: Ast): boolean {
  if (node.meta !== undefined && node.meta !== null && "context" in node.meta) return false;
  return keywordPairs(opts).get("warn") !== false;
}

function lineOf(node: AstNode, env: XEnv): number {
  return (node.meta?.line as number) || env.line;
}

/**
 * elixir_expand's attach_context_module: a remote call, inside a function, to a module of
 * the lexical context (one a defmodule written before it defined there) is marked
 * `context_module: true`, and the compiler's check of remote calls skips it (the module may
 * be defined only when the function runs). Not when the context is the module itself.
 */
function contextMeta(receiver: string, meta: Meta, env: XEnv): Meta {
  if (env.function === null || env.contextModules.length === 0) return meta;
  if (env.contextModules[0] === env.module || receiver === env.module) return meta;
  if (!env.contextModules.includes(receiver)) return meta;
  return { ...meta, context_module: true } as Meta;
}

/** elixir_expand's error for `|` or `::` used where no construct takes it. */
function misplacedOperator(name: "|" | "::"): string {
  if (name === "|") {
    return "misplaced operator |/2\n\n" +
      "The | operator is typically used between brackets as the cons operator:\n\n" +
      "    [head | tail]\n\n" +
      "where head is a single element and the tail is the remaining of a list.\n" +
      "It is also used to update maps and structs, via the %{map | key: value} notation,\n" +
      "and in typespecs, such as @type and @spec, to express the union of two types";
  }
  return "misplaced operator ::/2\n\n" +
    "The :: operator is typically used in bitstrings to specify types and sizes of segments:\n\n" +
    "    <<size::32-integer, letter::utf8, rest::binary>>\n\n" +
    "It is also used in typespecs, such as @type and @spec, to describe inputs and outputs";
}

/** A variable version bound and not (yet) read. */
/** A group of sibling arguments being expanded (Expander.openGroup). */
interface OpenGroup {
  group: SiblingGroup;
  /** The scope the arguments read (and what they bind joins, once all are expanded). */
  base: VarScope;
  /** What the arguments expanded so far bound. */
  written: Set<string>;
  /** The scope the last argument expanded in (the next reuses it when it bound nothing). */
  child: VarScope | null;
  children: VarScope[];
}

interface UnusedVar {
  name: string;
  version: number;
  line: number;
  /** A variable of that name was visible when it was bound. */
  overridden: boolean;
}

/** A clause's record in the order Erlang's maps:fold walks it: by name, then version. */
function sortedUnused(m: Map<string, UnusedVar | false>): [string, UnusedVar | false][] {
  const version = (k: string) => Number(k.slice(k.indexOf("\u0001") + 1));
  const name = (k: string) => k.slice(0, k.indexOf("\u0001"));
  return [...m].sort(([x], [y]) => (name(x) < name(y) ? -1 : name(x) > name(y) ? 1 : version(x) - version(y)));
}

/**
 * The variable a map key in a pattern holds, as elixir_map's validate_match_key/3 looks for one
 * in the expanded key: a pinned variable, a non-empty map, a module attribute's value and a
 * segment's type are let be.
 */
function variableInMapKey(x: Ast): string | null {
  if (isTupleAst(x)) return firstVariable(x.tuple);
  if (Array.isArray(x)) return firstVariable(x);
  if (!isNode(x)) return null;
  if (x.args === null) return typeof x.name === "string" ? x.name : null;
  if (x.name === "^" || x.name === "@" || (x.name === "%{}" && x.args.length > 0)) return null;
  if (x.name === "::") return variableInMapKey(x.args[0]);
  return (isNode(x.name as Ast) ? variableInMapKey(x.name as Ast) : null) ?? firstVariable(x.args);
}

function firstVariable(xs: Ast[]): string | null {
  for (const x of xs) {
    const name = variableInMapKey(x);
    if (name !== null) return name;
  }
  return null;
}

/** elixir_map's is_literal/1: a key that is no expression (3-tuple) and holds none. */
function literalKey(x: Ast): boolean {
  if (isTupleAst(x)) return literalKey(x.tuple[0]) && literalKey(x.tuple[1]);
  if (Array.isArray(x)) return x.every(literalKey);
  if (isLiteralAst(x)) return literalTerm(x.literal as Term);
  return !isNode(x);
}

/** A value standing for itself in quoted form that is a literal key (Macro.escape keeps it as it is). */
function literalTerm(t: Term): boolean {
  if (t instanceof Cons) {
    const items = listToArray(t);
    return items !== null && items.every(literalTerm);
  }
  if (Array.isArray(t)) return t.length === 2 && t.every(literalTerm);
  return t === NIL || typeof t === "number" || typeof t === "bigint" || typeof t === "string" || t instanceof Atom || t === null || t === true || t === false || t instanceof Float || (t instanceof Bin && t.bits === 0);
}

/** The keys a struct's map gives (the :struct_expansion trace's), an update's after its `|`. */
function structKeys(emap: Ast): Term[] {
  if (!isNode(emap) || emap.name !== "%{}" || emap.args === null) return [];
  let pairs: Ast[] = emap.args;
  if (pairs.length === 1 && isNode(pairs[0]) && (pairs[0] as AstNode).name === "|") {
    const right = (pairs[0] as AstNode).args?.[1];
    pairs = Array.isArray(right) ? right : [];
  }
  const keys: Term[] = [];
  for (const p of pairs) if (isTupleAst(p) && p.tuple.length === 2 && isAtomAst(p.tuple[0])) keys.push(a(p.tuple[0].atom));
  return keys;
}

/**
 * elixir_aliases:concat/1 of a module and the names after it: one that is no Elixir alias
 * (`alias :lists, as: L`) is put under Elixir, so `L.Bar` is :"Elixir.lists.Bar".
 */
function concatAliases(first: string, rest: string[]): string {
  if (rest.length === 0) return first;
  const root = first === "Elixir" || first.startsWith("Elixir.") ? first : "Elixir." + first;
  return [root, ...rest].join(".");
}

/** Macro.quoted_literal?/1: a quoted form made only of literals, aliases, tuples, lists, maps and structs. */
function quotedLiteral(t: Term): boolean {
  if (t instanceof Cons || t === NIL) return (listToArray(t) ?? []).every(quotedLiteral);
  if (Array.isArray(t)) {
    if (t.length === 2) return quotedLiteral(t[0]) && quotedLiteral(t[1]);
    if (t.length === 3 && (t[0] === a("__aliases__") || t[0] === a("%{}") || t[0] === a("{}"))) return quotedLiteral(t[2]);
    if (t.length === 3 && t[0] === a("%")) {
      const xs = listToArray(t[2]);
      return xs !== null && xs.length === 2 && quotedLiteral(xs[0]) && quotedLiteral(xs[1]);
    }
    return false;
  }
  return t === null || typeof t === "boolean" || t instanceof Atom || typeof t === "number" || typeof t === "bigint" || t instanceof Float || typeof t === "string" || (t instanceof Bin && t.bits === 0);
}
