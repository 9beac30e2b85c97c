// The compile-time side of protocols: `defprotocol`, `defimpl` and `@derive`, which Elixir
// defines as macros (Kernel.defprotocol/2, Kernel.defimpl/3, Protocol.__derive__/3). Each
// compiles to an ordinary module marked as a protocol or an implementation; the functions
// Elixir generates for those are natives built from the marks (see ../protocols.ts).
import { Ast, AstNode, isAtomAst, isNode, isTupleAst } from "../../lang/ast.js";
import { BeamError, raise } from "../errors.js";
import { DerivedInspect, ImplInfo, implFunctions, implName, protocolFunctions } from "../protocols.js";
import { inspect, inspectAtom } from "../inspect.js";
import { Atom, Cons, NIL, Term, a, list, tuple } from "../term.js";
import { literalTerm } from "./expr.js";
import { quotedToString } from "./code-formatter.js";
import { astToTerm } from "./quoted.js";
import { CompiledModule, ModState, compileModule, moduleWarning } from "./module.js";
import { CompilerHost, Env, FnCtx, Unit } from "./unit.js";

/** Definitions Kernel provides that `defprotocol` takes away (only its own `def/1` remains). */
export const PROTOCOL_FORBIDDEN = new Set([
  "def", "defp", "defmacro", "defmacrop", "defdelegate", "defguard", "defguardp",
]);

const name = (m: string): string => inspectAtom("literal", a(m));

/** `defmodule`, `defprotocol` or `defimpl` (several modules for `for: [A, B]`). */
export function compileDefinition(host: CompilerHost, node: AstNode, env: Env, file: string, enclosing = ""): CompiledModule[] {
  if (node.name === "defprotocol") return [compileModule(host, node, env, file, enclosing, { protocol: true })];
  if (node.name === "defimpl") return compileDefimpl(host, node, env, file, enclosing);
  return [compileModule(host, node, env, file, enclosing)];
}

/** `def name(args)` inside defprotocol: declares one of the protocol's functions. */
export function protocolFunction(unit: Unit, item: AstNode, st: ModState): void {
  const head = item.args![0];
  const fail = (message: string) => expanding(raise("ArgumentError", { message }), "Elixir.Protocol", "def", 1, unit, item.meta?.line ?? st.line);
  if (!isNode(head) || typeof head.name !== "string" || head.name === "when") throw fail("invalid arguments for def inside defprotocol");
  const arity = head.args?.length ?? 0;
  if (arity === 0) throw fail("protocol functions expect at least one argument");
  st.protocol!.functions.push([head.name, arity]);
  st.protocol!.lines.push(item.meta?.line ?? st.line);
  st.last = null;
}

/** An error raised by a macro while a module body expands: iex shows the macro and the module. */
function expanding(e: BeamError, mod: string, fun: string, arity: number, unit: { module: string; file: string }, line: number): BeamError {
  e.stacktrace = list([
    tuple(a(mod), a(fun), arity, at("expanding macro")),
    tuple(a(unit.module), a("__MODULE__"), 0, at(unit.file, line)),
  ]);
  e.traced = true;
  return e;
}

/** An error raised by Kernel.defimpl/2,3 while it expands (outside any module): in Protocol.__impl__/4 at `at` (below `above`). */
function inDefimpl(e: BeamError, arity: number, file: string, line: number, implLine = 929, above: Term[] = []): BeamError {
  e.stacktrace = list([
    ...above,
    tuple(a("Elixir.Protocol"), a("__impl__"), 4, at("lib/protocol.ex", implLine)),
    tuple(a("Elixir.Kernel"), a("defimpl"), arity, at("expanding macro")),
    tuple(a("elixir_compiler_0"), a("__FILE__"), 1, at(file, line)),
  ]);
  e.traced = true;
  return e;
}

/** A protocol module gets its dispatching functions once its body is compiled. */
export function finishProtocol(unit: Unit, st: ModState, m: CompiledModule): void {
  const fallback = unit.attributes.get("fallback_to_any");
  const info = {
    functions: st.protocol!.functions,
    functionLines: st.protocol!.lines,
    fallbackToAny: fallback !== undefined && fallback !== false && fallback !== null,
    file: unit.file,
    line: st.line,
  };
  if (info.functions.length === 0) unit.childWarnings.push(moduleWarning(unit, st, "protocols must define at least one function, but none was defined"));
  for (const [k, c] of protocolFunctions(unit.module, info)) m.fns.set(k, c);
  unit.attributes.set("__protocol__", list([tuple(a("fallback_to_any"), info.fallbackToAny)]));
  m.protocol = info;
  m.last = tuple(a("__protocol__"), 1);
}

/** Attributes an implementation's body sees: @protocol and @for. */
export function startImpl(unit: Unit, impl: ImplInfo): void {
  unit.attributes.set("protocol", a(impl.protocol));
  unit.attributes.set("for", a(impl.for));
}

/** An implementation gets `__impl__/1` (it is checked against its protocol like a behaviour). */
export function finishImpl(unit: Unit, st: ModState, m: CompiledModule): void {
  const impl = st.impl!;
  for (const [k, c] of implFunctions(unit.module, impl)) m.fns.set(k, c);
  unit.attributes.set("__impl__", list([tuple(a("protocol"), a(impl.protocol)), tuple(a("for"), a(impl.for))]));
  m.impl = impl;
}

/** Protocol.assert_protocol!/2: the module is loaded and is a protocol. */
export function assertProtocol(host: CompilerHost, protocol: string, extra = ""): void {
  if (!host.moduleExists(protocol)) throw inProtocol(notLoaded(protocol, extra), "assert_protocol!", 2, 323);
  if (!host.protocolInfo?.(protocol)) {
    throw inProtocol(raise("ArgumentError", { message: `${name(protocol)} is not a protocol${extra}` }), "assert_protocol!", 2, 330);
  }
}

function notLoaded(module: string, extra: string): BeamError {
  return raise("ArgumentError", { message: `could not load module ${name(module)} due to reason :nofile${extra}` });
}

const charlist = (s: string): Term => list(Array.from(s, (c) => c.codePointAt(0)!));
const at = (file: string, line?: number): Term =>
  list(line === undefined ? [tuple(a("file"), charlist(file))] : [tuple(a("file"), charlist(file)), tuple(a("line"), line)]);

/** An error raised by a function of Elixir's Protocol module (its stack entry as iex shows it). */
export function inProtocol(e: BeamError, fun: string, arity: number, line: number): BeamError {
  e.stacktrace = list([tuple(a("Elixir.Protocol"), a(fun), arity, at("lib/protocol.ex", line))]);
  e.traced = true;
  return e;
}

/** The options and do-block of `defimpl Proto, for: T do ... end`, merged like Keyword.merge. */
function defimplOptions(node: AstNode): [string, Ast][] {
  const out: [string, Ast][] = [];
  for (const arg of node.args!.slice(1)) {
    if (!Array.isArray(arg)) continue;
    for (const p of arg) {
      if (!isTupleAst(p) || !isAtomAst(p.tuple[0])) continue;
      const k = p.tuple[0].atom;
      const i = out.findIndex(([x]) => x === k);
      if (i >= 0) out.splice(i, 1);
      out.push([k, p.tuple[1]]);
    }
  }
  return out;
}

/**
 * What `defimpl` is given, as Protocol.__impl__/4 reads it while Kernel.defimpl expands: the
 * types it implements the protocol for (`for:` expanded, the enclosing module by default; a
 * list gives an implementation for each) and the do-block. Raises its ArgumentErrors. The
 * types are null when `for:` is no module name known now (the old path compiles those).
 */
export function defimplParts(node: AstNode, forAst: Ast | undefined, enclosing: string | null, file: string): { fors: string[] | null; body: Ast } {
  const opts = defimplOptions(node);
  const fail = (message: string, implLine: number, above: Term[] = []) => inDefimpl(raise("ArgumentError", { message }), node.args!.length, file, node.meta?.line ?? 0, implLine, above);
  if (forAst === undefined && enclosing === null) {
    // (raised by the function Keyword.pop_lazy/3 calls for the missing key)
    const above = [tuple(a("Elixir.Protocol"), a("-__impl__/4-fun-0-"), 1, at("lib/protocol.ex", 931)), tuple(a("Elixir.Keyword"), a("pop_lazy"), 3, at("lib/keyword.ex", 1344))];
    throw fail("defimpl/3 expects a :for option when declared outside a module", 929, above);
  }
  const rest = opts.filter(([k]) => k !== "for");
  if (rest.length === 0) throw fail("defimpl expects a do-end block", 937);
  const body = rest.find(([k]) => k === "do");
  if (rest.length !== 1 || body === undefined) {
    const written: Ast = rest.map(([k, v]) => ({ tuple: [{ atom: k }, v] }) as Ast);
    throw fail("unknown options given to defimpl, got: " + quotedToString(astToTerm(written)), 939);
  }
  const literal = (x: Ast): string | null => (isAtomAst(x) ? x.atom : x === null || x === true || x === false ? String(x === null ? "nil" : x) : null);
  let fors: (string | null)[];
  if (forAst === undefined) fors = [enclosing];
  else if (Array.isArray(forAst)) fors = forAst.map(literal);
  else fors = [literal(forAst)];
  return { fors: fors.every((f) => f !== null) ? (fors as string[]) : null, body: body[1] };
}

/** The `for:` of a defimpl as written (the last one given), if any. */
export function defimplFor(node: AstNode): Ast | undefined {
  return defimplOptions(node).find(([k]) => k === "for")?.[1];
}

/** `defimpl Proto, for: Type do ... end` (Protocol.__impl__/4). */
function compileDefimpl(host: CompilerHost, node: AstNode, env: Env, file: string, enclosing: string): CompiledModule[] {
  const scratch = new Unit(enclosing, file, env, host);
  const fn = new FnCtx(scratch, 0, null);
  const protoTerm = literalTerm(fn, node.args![0]);
  const opts = defimplOptions(node);
  const forAst = opts.find(([k]) => k === "for")?.[1];
  const fail = (message: string) => inDefimpl(raise("ArgumentError", { message }), node.args!.length, file, node.meta?.line ?? 0);
  let target: Term;
  if (forAst !== undefined) target = literalTerm(fn, forAst);
  else if (enclosing) target = a(enclosing);
  else throw fail("defimpl/3 expects a :for option when declared outside a module");
  const rest = opts.filter(([k]) => k !== "for");
  if (rest.length === 0) throw fail("defimpl expects a do-end block");
  const body = rest.find(([k]) => k === "do");
  if (rest.length !== 1 || body === undefined) throw fail("unknown options given to defimpl, got: " + rest.map(([k]) => k + ": ...").join(", "));
  const protocol = atomOf(protoTerm);
  const fors = target instanceof Cons || target === NIL ? listItems(target) : [target];
  return fors.map((f) => {
    const forName = atomOf(f);
    assertProtocol(host, protocol);
    const module = implName(protocol, forName);
    const modNode: AstNode = {
      name: "defmodule",
      meta: node.meta,
      args: [{ atom: module }, [{ tuple: [{ atom: "do" }, body[1]] }]],
    };
    return compileModule(host, modNode, env, file, "", { impl: { protocol, for: forName, target: module } });
  });
}

function atomOf(t: Term): string {
  if (t instanceof Atom) return t.name;
  if (t === null || t === true || t === false) return String(t === null ? "nil" : t);
  throw raise("ArgumentError", { message: "expected a module name, got: " + String(t) });
}

function listItems(l: Term): Term[] {
  const out: Term[] = [];
  for (; l instanceof Cons; l = l.t) out.push(l.h);
  return out;
}

// ---- @derive -------------------------------------------------------------------

/** `@derive ...` (accumulated until the next defstruct). */
export function isDerive(item: AstNode): boolean {
  const inner = item.args?.[0];
  return isNode(inner as Ast) && (inner as AstNode).name === "derive" && ((inner as AstNode).args?.length ?? 0) === 1;
}

/** Protocol.__derive__/3: an implementation for the struct module from each derived protocol. */
export function deriveAll(host: CompilerHost, unit: Unit, st: ModState, derives: Term[]): void {
  st.nested.push(...deriveImpls(host, unit, derives, st.struct ?? [], st.line));
}

/** Where a definition is being compiled (the struct's module and its file). */
type Where = { module: string; file: string };

/**
 * The implementations `@derive` values ask for, for struct module `forName` (each installed).
 * A protocol whose Any implementation defines `__deriving__/3` (a macro or a function, as
 * Protocol.__derive__/3 calls it) is left to the Elixir side: it is added to `deferred`
 * (each `{protocol, options}`), for Protocol.__derive__/3 (prelude/protocol.ex) to run.
 */
export function deriveImpls(host: CompilerHost, where: Where, derives: Term[], struct: [string, Term][], line: number, deferred?: Term[]): CompiledModule[] {
  const flat: Term[] = [];
  const flatten = (t: Term) => {
    if (t instanceof Cons || t === NIL) for (const x of listItems(t)) flatten(x);
    else flat.push(t);
  };
  derives.forEach(flatten);
  const out: CompiledModule[] = [];
  for (const d of flat) {
    const [proto, opts] = Array.isArray(d) && d.length === 2 ? [d[0], d[1]] : [d, NIL];
    const protocol = atomOf(proto);
    if (deferred !== undefined && checkDerive(host, where, protocol) === "deriving") {
      deferred.push(tuple(a(protocol), opts));
      continue;
    }
    const m = derive(host, where, protocol, opts, struct, line);
    host.defineModule(m);
    out.push(m);
  }
  return out;
}

/**
 * Protocol.__derive__/3's checks of `protocol` before deriving it for `where.module` (the
 * protocol, then its Any implementation), and what the Any implementation offers:
 * "deriving" when it defines `__deriving__/3` (Inspect.Any's is the library's own, done here).
 */
export function checkDerive(host: CompilerHost, where: Where, protocol: string): "deriving" | "plain" {
  const forName = where.module;
  const extra = `, cannot derive ${name(protocol)} for ${name(forName)}`;
  assertProtocol(host, protocol, extra);
  const any = implName(protocol, "Any");
  const fail = (e: BeamError) => inProtocol(e, "assert_impl!", 3, 354);
  if (!host.moduleExists(any)) throw fail(notLoaded(any, extra));
  const anyImpl = host.implInfo?.(any) ?? null;
  if (anyImpl === null) throw fail(raise("ArgumentError", { message: `${name(any)} is not an implementation of a protocol${extra}` }));
  if (anyImpl.protocol !== protocol) {
    throw fail(raise("ArgumentError", { message: `expected ${name(any)} to be an implementation of ${name(protocol)}, got: ${name(anyImpl.protocol)}${extra}` }));
  }
  if (protocol === "Elixir.Inspect") return "plain";
  return host.isMacro?.(any, "__deriving__", 3) || host.hasFunction(any, "__deriving__", 3) ? "deriving" : "plain";
}

/** The implementation of `protocol` for `unit.module` that @derive makes (no __deriving__/3). */
export function derive(host: CompilerHost, unit: Where, protocol: string, opts: Term, struct: [string, Term][], line: number): CompiledModule {
  const forName = unit.module;
  checkDerive(host, unit, protocol);
  const any = implName(protocol, "Any");
  const module = implName(protocol, forName);
  // Inspect.Any's __deriving__/3 makes an implementation of its own from the options.
  const impl: ImplInfo = protocol === "Elixir.Inspect"
    ? { protocol, for: forName, target: module, inspect: deriveInspect(unit, line, opts, struct) }
    : { protocol, for: forName, target: any };
  const attributes = new Map<string, Term>([["__impl__", list([tuple(a("protocol"), a(protocol)), tuple(a("for"), a(forName))])]]);
  // (in the file of the struct that derives it, as Protocol.__derive__ defines it there)
  return { name: module, fns: new Map(implFunctions(module, impl)), attributes, last: null, nested: [], warnings: [], impl, file: unit.file };
}

/** What `@derive {Inspect, only: ..., except: ..., optional: ...}` shows (Inspect.Any.__deriving__/3). */
function deriveInspect(unit: { module: string; file: string }, line: number, opts: Term, struct: [string, Term][]): DerivedInspect {
  const module = unit.module;
  const fields = struct.map(([k]) => k).filter((k) => k !== "__exception__");
  const option = (key: string, dflt: string[]): string[] => {
    for (let l = opts; l instanceof Cons; l = l.t) {
      const p = l.h;
      if (Array.isArray(p) && p[0] instanceof Atom && p[0].name === key) {
        const names = listItems(p[1]).map((x) => (x instanceof Atom ? x.name : String(x)));
        const unknown = listItems(p[1]).filter((x) => !(x instanceof Atom && fields.includes(x.name)));
        if (unknown.length > 0) {
          const e = raise("ArgumentError", {
            message: `unknown fields ${inspect(list(unknown))} in :${key} when deriving the Inspect protocol for ${name(module)}`,
          });
          throw expanding(e, "Elixir.Inspect.Any", "__deriving__", 3, unit, line);
        }
        return names;
      }
    }
    return dflt;
  };
  const only = option("only", fields);
  const except = option("except", []);
  const optional = option("optional", []);
  const hidden = only.length !== fields.length || !fields.every((f) => only.includes(f)) || except.length > 0;
  return {
    fields: fields.filter((f) => !except.includes(f) && only.includes(f)),
    optional: optional.map((f) => [f, struct.find(([k]) => k === f)![1]] as [string, Term]),
    hash: hidden,
  };
}
