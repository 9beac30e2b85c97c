// The checks Kernel.Typespec makes as it translates a module's typespecs when the module is
// compiled (translate_typespecs_for_module): every @type/@typep/@opaque names a type once and
// no built-in one, every type a typespec names is built in or defined by the module, type
// variables are used at least twice, specs have a return type, ranges, binaries, maps,
// keyword lists and remotes are well formed. The first failure is the CompileError Elixir
// raises (at the attribute's line); when all pass, the translation itself is left to
// Code.Typespec (prelude/code/typespec.ex), which reads the typespecs from the module's binary.
import { Atom, Cons, NIL, Term, a, charlistOf, list } from "../term.js";
import { inspect } from "../inspect.js";
import { BeamError, raise } from "../errors.js";
import { quotedToString } from "./code-formatter.js";
import { CompileError } from "./unit.js";
import { ERL_COMPILER_FRAME, displayModule } from "./expr.js";

/** erl_internal:is_type/2: the types Erlang has built in. */
const ERLANG_TYPES = new Set([
  "any/0", "arity/0", "atom/0", "binary/0", "bitstring/0", "bool/0", "boolean/0", "byte/0", "char/0",
  "float/0", "function/0", "identifier/0", "integer/0", "iodata/0", "iolist/0", "list/0", "list/1",
  "map/0", "maybe_improper_list/0", "maybe_improper_list/2", "mfa/0", "module/0", "neg_integer/0",
  "nil/0", "no_return/0", "node/0", "non_neg_integer/0", "none/0", "nonempty_binary/0",
  "nonempty_bitstring/0", "nonempty_improper_list/2", "nonempty_list/0", "nonempty_list/1",
  "nonempty_maybe_improper_list/0", "nonempty_maybe_improper_list/2", "nonempty_string/0",
  "number/0", "pid/0", "port/0", "pos_integer/0", "reference/0", "string/0", "term/0", "timeout/0",
  "tuple/0",
]);

/** The types Elixir adds (and `var`), which no module may define either. */
const ELIXIR_TYPES = new Set(["char_list/0", "charlist/0", "as_boolean/1", "struct/0", "nonempty_charlist/0", "keyword/0", "keyword/1", "var/0"]);

export interface TypespecModule {
  name: string;
  file: string;
  /** `{kind, quoted, line}` in definition order. */
  typespecs: Term[];
  /** The module's attribute values (for `@attr.type` remotes). */
  attribute(name: string): Term | undefined;
  /** A protocol: it has `@type t :: term` unless it defines t/0 itself (Protocol's __before_compile__). */
  protocol: boolean;
  /** A struct's fields and defaults (the module's own, once defstruct ran), or null when there is none. */
  structFields(module: string): [string, Term][] | null;
}

/** A stack entry: module, function, arity, file, line (null: none, as "expanding struct" has). */
type Frame = [string, string, number, string, number | null];
const TS = "Elixir.Kernel.Typespec";
const TS_FILE = "lib/kernel/typespec.ex";
const COMPILE_ERROR: Frame = [TS, "compile_error", 2, TS_FILE, 936];
const MAPFOLDL: Frame = ["lists", "mapfoldl_1", 3, "lists.erl", 1462];
/** lists:mapfoldl_1/3 at its element `index`: the fun's call, under a recursive call per element before it. */
const mapfoldlAt = (index: number): Frame[] => [MAPFOLDL, ...Array.from({ length: index }, (): Frame => ["lists", "mapfoldl_1", 3, "lists.erl", 1463])];

class TypespecError extends Error {
  constructor(readonly description: string, readonly line: number, readonly frames: Frame[]) {
    super(description);
  }
}

const isList = (t: Term): t is Cons | typeof NIL => t === NIL || t instanceof Cons;
const items = (t: Term): Term[] => {
  const out: Term[] = [];
  for (let l = t; l instanceof Cons; l = l.t) out.push(l.h);
  return out;
};
const isAtom = (t: Term, name?: string): t is Atom => t instanceof Atom && (name === undefined || t.name === name);
/** Any atom, true, false and nil too (which terms hold as JS values). */
const isAtomTerm = (t: Term): boolean => t instanceof Atom || t === true || t === false || t === null;
const node3 = (t: Term): t is [Term, Term, Term] => Array.isArray(t) && t.length === 3;
/** `{name, meta, context}`: a variable (or a call without parentheses). */
const isVarAst = (t: Term): t is [Atom, Term, Atom] => node3(t) && t[0] instanceof Atom && (t[2] === null || t[2] instanceof Atom);
const lineOf = (meta: Term): number => {
  for (const p of items(meta)) if (Array.isArray(p) && p[0] === a("line") && typeof p[1] === "number") return p[1];
  return 0;
};
const show = (t: Term): string => quotedToString(t);
const atomText = (t: Term): string => (t instanceof Atom ? t.name : t === null ? "nil" : String(t));

/**
 * Checks the module's typespecs as Kernel.Typespec translates them; returns the CompileError
 * of the first that fails (null when none does).
 */
export function typespecError(m: TypespecModule, warnings: string[] = []): CompileError | BeamError | null {
  try {
    check(m, warnings);
    return null;
  } catch (e) {
    if (e instanceof ArgumentErrorInTypespec) return raise("ArgumentError", { message: e.message });
    if (!(e instanceof TypespecError)) throw e;
    const err = new CompileError(e.description, m.file, e.line);
    // (raised by the struct's expansion in the module's body: no compiler process below it)
    const inBody = e.frames.some((f) => f[1] === "__MODULE__");
    err.elixirFrames = [...e.frames.map(frameTerm), ...(inBody ? [] : [ERL_COMPILER_FRAME])].slice(0, 8);
    return err;
  }
}

function frameTerm([mod, fun, arity, file, line]: Frame): Term {
  return [a(mod), a(fun), arity, list(line === null ? [[a("file"), charlistOf(file)]] : [[a("file"), charlistOf(file)], [a("line"), line]])];
}

interface State {
  module: string;
  file: string;
  defined: Map<string, number>;
  locals: Map<string, number>;
  undefinedErrors: boolean;
  attribute(name: string): Term | undefined;
  /** The warnings Kernel.Typespec gives as it translates (erl_warn: the file and line). */
  warnings: string[];
  structFields(module: string): [string, Term][] | null;
}

function warn(s: State, line: number, message: string): void {
  s.warnings.push(`warning: ${message}\n  ${s.file}:${line}\n\n`);
}

function check(m: TypespecModule, warnings: string[]): void {
  const entries = m.typespecs.map((e) => e as [Atom, Term, Term]);
  const lineOfEntry = (e: [Atom, Term, Term]): number => (typeof e[2] === "number" ? e[2] : 0);
  // (taken kind by kind, each in the order defined: the @types, then @opaques, then @typeps)
  const types = ["type", "opaque", "typep"].flatMap((kind) => entries.filter((e) => e[0].name === kind));
  // the types the module defines, each once and none built in
  const defined = new Map<string, number>();
  for (const e of types) {
    const line = lineOfEntry(e);
    const sig = typeSignature(e[1]);
    const frames: Frame[] = [COMPILE_ERROR, ["lists", "foldl", 3, "lists.erl", 1350], [TS, "translate_typespecs_for_module", 2, TS_FILE, 226]];
    if (sig === null) throw new TypespecError(`invalid type specification: ${show(e[1])}`, line, frames);
    if (ERLANG_TYPES.has(sig) || ELIXIR_TYPES.has(sig)) throw new TypespecError(`type ${sig} is a built-in type and it cannot be redefined`, line, frames);
    const before = defined.get(sig);
    if (before !== undefined) throw new TypespecError(`type ${sig} is already defined in ${m.file}:${before}`, line, frames);
    defined.set(sig, line);
  }
  if (m.protocol && !defined.has("t/0")) defined.set("t/0", 0);
  const s: State = { module: m.name, file: m.file, defined, locals: new Map(), undefinedErrors: true, attribute: m.attribute, warnings, structFields: m.structFields };
  for (const [i, e] of types.entries()) checkType(e[0].name, e[1], lineOfEntry(e), s, i);
  for (const kind of ["spec", "callback", "macrocallback"]) {
    for (const [i, e] of entries.filter((x) => x[0].name === kind).entries()) checkSpec(e[1], lineOfEntry(e), s, kind === "spec" ? 236 : kind === "callback" ? 237 : 240, i);
  }
}

/** `name(args) :: definition`'s name/arity (Kernel.Typespec's type_to_signature), or null. */
function typeSignature(expr: Term): string | null {
  if (!node3(expr) || !isAtom(expr[0], "::") || !(expr[2] instanceof Cons)) return null;
  const [head] = items(expr[2]);
  if (!node3(head) || !(head[0] instanceof Atom)) return null;
  if (head[2] === null || head[2] instanceof Atom) return `${head[0].name}/0`;
  if (!isList(head[2])) return null;
  return `${head[0].name}/${items(head[2]).length}`;
}

function checkType(kind: string, expr: Term, line: number, s: State, index: number): void {
  const [head, definition] = items((expr as Term[])[2]);
  const rawArgs = (head as Term[])[2];
  const args = isList(rawArgs) ? items(rawArgs) : [];
  const vars = args.filter(isVarAst).map((v) => v[0].name);
  s.locals = new Map();
  for (const v of vars) useVar(s, v);
  const frames: Frame[] = [COMPILE_ERROR, [TS, "translate_type", 2, TS_FILE, 307], ...mapfoldlAt(index), [TS, "translate_typespecs_for_module", 2, TS_FILE, 235]];
  typespec(definition, vars, line, s, frames);
  if (vars.includes("_")) throw new TypespecError("type variable '_' is invalid", line, frames);
  unusedVars(s, line, frames);
  const invalid = args.filter((x) => !isVarAst(x));
  if (invalid.length > 0) {
    const [name, arity] = typeSignature(expr)!.split("/");
    throw new TypespecError(`@type definitions expect all arguments to be variables. The type ${name}/${arity} has an invalid argument(s): ${invalid.map(show).join(", ")}`, line, frames);
  }
  // an opaque type of no arguments that is any() or term() hides nothing
  if (kind === "opaque" && args.length === 0 && isBareType(definition, ["any", "term"])) {
    warn(s, line, `@opaque type ${typeSignature(expr)} is underspecified and therefore meaningless`);
  }
}

/** `name` or `name()` of one of `names` (what Kernel.Typespec translates to {:type, _, name, []}). */
function isBareType(t: Term, names: string[]): boolean {
  if (node3(t) && isAtom(t[0], "__block__") && t[2] instanceof Cons && items(t[2]).length === 1) return isBareType(items(t[2])[0], names);
  return node3(t) && t[0] instanceof Atom && names.includes(t[0].name) && (t[2] === null || t[2] instanceof Atom || t[2] === NIL);
}

function checkSpec(spec: Term, line: number, s: State, at: number, index: number): void {
  let guard: Term = NIL;
  if (node3(spec) && isAtom(spec[0], "when") && spec[2] instanceof Cons && items(spec[2]).length === 2) [spec, guard] = items(spec[2]);
  const top: Frame[] = [COMPILE_ERROR, ...mapfoldlAt(index), [TS, "translate_typespecs_for_module", 2, TS_FILE, at]];
  if (!(node3(spec) && isAtom(spec[0], "::") && spec[2] instanceof Cons && items(spec[2]).length === 2 && node3(items(spec[2])[0]) && (items(spec[2])[0] as Term[])[0] instanceof Atom && !isAtom((items(spec[2])[0] as Term[])[0], "::"))) {
    if (node3(spec) && spec[0] instanceof Atom && !isAtom(spec[0], "::")) throw new TypespecError(`type specification missing return type: ${show(spec)}`, line, top);
    throw new TypespecError(`invalid type specification: ${show(spec)}`, line, top);
  }
  const [call, ret] = items(spec[2]);
  const rawArgs = (call as Term[])[2];
  const args = isList(rawArgs) ? items(rawArgs) : [];
  for (const arg of args) {
    const parts = node3(arg) && isAtom(arg[0], "::") && arg[2] instanceof Cons ? items(arg[2]) : [arg];
    for (const p of parts) {
      if (node3(p) && isAtom(p[0], "\\\\")) throw new ArgumentErrorInTypespec("default arguments \\\\ not supported in typespecs");
    }
  }
  s.locals = new Map();
  const frames: Frame[] = [COMPILE_ERROR, MAPFOLDL, [TS, "fn_args", 5, TS_FILE, 988], [TS, "fn_args", 6, TS_FILE, 974], [TS, "translate_spec", 8, TS_FILE, 390], ...top.slice(1)];
  if (!isKeyword(guard)) throw new TypespecError(`expected keywords as guard in type specification, got: ${show(guard)}`, line, top);
  const vars = items(guard).map((p) => atomText((p as Term[])[0]));
  fnArgs(args, ret, vars, line, s, frames);
  for (const p of items(guard)) {
    const [name, type] = p as [Term, Term];
    if (isVarAst(type) && isAtom(type[0], "var")) continue;
    typespec(type, vars, line, s, frames);
    useVar(s, atomText(name));
  }
  unusedVars(s, line, top);
}

/** Raised as Elixir raises it (an ArgumentError, not a compile error). */
export class ArgumentErrorInTypespec extends Error {}

const isKeyword = (t: Term): boolean => isList(t) && items(t).every((p) => Array.isArray(p) && p.length === 2 && isAtomTerm(p[0]));

function fnArgs(args: Term[], ret: Term, vars: string[], line: number, s: State, frames: Frame[]): void {
  const onlyDots = args.length === 1 && node3(args[0]) && isAtom(args[0][0], "...");
  if (!onlyDots) for (const x of args) typespec(x, vars, line, s, frames);
  typespec(ret, vars, line, s, frames);
}

function useVar(s: State, name: string): void {
  s.locals.set(name, (s.locals.get(name) ?? 0) + 1);
}

function unusedVars(s: State, line: number, frames: Frame[]): void {
  // (in the order of the names, as Kernel.Typespec walks its map of them)
  for (const [name, times] of [...s.locals].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
    if (name.startsWith("_") && times > 1) {
      warn(s, line, `the underscored type variable "${name}" is used more than once in the type specification. A leading underscore indicates that the value of the variable should be ignored. If this is intended please rename the variable to remove the underscore`);
    }
    if (!name.startsWith("_") && times === 1) {
      throw new TypespecError(`type variable ${name} is used only once. Type variables in typespecs must be referenced at least twice, otherwise it is equivalent to term()`, line, frames);
    }
  }
}

const BINARY_ERROR = "invalid binary specification, expected <<_::size>>, <<_::_*unit>>, or <<_::size, _::_*unit>> with size being non-negative integers, and unit being an integer between 1 and 256";
const RANGE_ERROR = "invalid range specification, expected both sides to be integers, with the left side lower than the right side";

/** `_` with any context. */
const isUnderscore = (t: Term): boolean => isVarAst(t) && t[0].name === "_";
/** `_::size` (a non-negative integer), `_::_*unit` (1..256): which, or null. */
function binaryPart(t: Term): "size" | "unit" | null {
  if (!node3(t) || !isAtom(t[0], "::") || !(t[2] instanceof Cons)) return null;
  const [left, right] = items(t[2]);
  if (!isUnderscore(left)) return null;
  if (typeof right === "number" && right >= 0) return "size";
  if (node3(right) && isAtom(right[0], "*") && right[2] instanceof Cons) {
    const [u, unit] = items(right[2]);
    if (isUnderscore(u) && typeof unit === "number" && unit >= 1 && unit <= 256) return "unit";
  }
  return null;
}

function rangeBound(t: Term): number | bigint | null {
  if (typeof t === "number" || typeof t === "bigint") return t;
  if (node3(t) && isAtom(t[0], "-") && t[2] instanceof Cons) {
    const [x] = items(t[2]);
    if (typeof x === "number") return -x;
    if (typeof x === "bigint") return -x;
  }
  return null;
}

/** An alias or module attribute's module as the typespec's remote, or null when it is none. */
function expandRemote(t: Term, module: string): Term {
  if (node3(t) && isAtom(t[0], "__MODULE__") && (t[2] === null || t[2] instanceof Atom)) return a(module);
  if (node3(t) && isAtom(t[0], "__aliases__") && t[2] instanceof Cons) {
    const parts = items(t[2]);
    let aliased: Term = false;
    for (const p of items(t[1])) if (Array.isArray(p) && p[0] === a("alias")) aliased = p[1];
    const names = parts.map((p) => (p instanceof Atom ? p.name : null));
    if (names.some((n) => n === null)) return t;
    const strip = (n: string) => (n.startsWith("Elixir.") ? n.slice(7) : n);
    if (aliased instanceof Atom) return a([aliased.name, ...names.slice(1)].join("."));
    if (names[0] === "__MODULE__") return a([module, ...names.slice(1)].join("."));
    return a("Elixir." + names.map((n) => strip(n!)).join("."));
  }
  return t;
}

function typespec(t: Term, vars: string[], line: number, s: State, frames: Frame[]): void {
  const fail = (msg: string, at: Frame[] = frames): never => {
    throw new TypespecError(msg, line, at);
  };
  const rec = (x: Term) => typespec(x, vars, line, s, frames);
  if (isAtomTerm(t) || typeof t === "number" || typeof t === "bigint") return;
  if (t === NIL) return;
  if (t instanceof Cons) {
    const xs = items(t);
    const dots = (x: Term) => node3(x) && isAtom(x[0], "...") && (x[2] === null || x[2] instanceof Atom);
    if (xs.length === 1 && node3(xs[0]) && isAtom(xs[0][0], "->") && xs[0][2] instanceof Cons) {
      const [args, ret] = items(xs[0][2]);
      if (isList(args)) return fnArgs(items(args), ret, vars, line, s, frames);
    }
    if (xs.length === 1 && dots(xs[0])) return;
    if (xs.length === 2 && dots(xs[1])) return rec(xs[0]);
    if (xs.length === 1) return rec(xs[0]);
    for (const x of xs) {
      if (!(Array.isArray(x) && x.length === 2 && isAtomTerm(x[0]))) fail(`unexpected list in typespec: ${show(t)}`);
    }
    for (const x of xs) rec((x as Term[])[1]);
    return;
  }
  if (Array.isArray(t) && t.length === 2) {
    rec(t[0]);
    rec(t[1]);
    return;
  }
  if (!node3(t)) return fail(`unexpected expression in typespec: ${show(t)}`);
  const [head, meta, args] = t;
  const argList = isList(args) ? items(args) : null;
  if (head instanceof Atom) {
    const name = head.name;
    if (name === "|" && argList?.length === 2) return argList.forEach(rec);
    if (name === "<<>>" && argList !== null) {
      const kinds = argList.map(binaryPart);
      const ok = argList.length === 0 || (argList.length === 1 && kinds[0] !== null) || (argList.length === 2 && kinds[0] === "size" && kinds[1] === "unit");
      if (!ok) fail(BINARY_ERROR);
      return;
    }
    if (name === "map" && (argList === null || argList.length === 0)) return;
    if (name === "%{}" && argList !== null) {
      for (const f of argList) {
        if (Array.isArray(f) && f.length === 2) {
          const [k, v] = f;
          if (node3(k) && (isAtom(k[0], "required") || isAtom(k[0], "optional")) && k[2] instanceof Cons && items(k[2]).length === 1) rec(items(k[2])[0]);
          else rec(k);
          rec(v);
        } else if (node3(f) && isAtom(f[0], "|") && f[2] instanceof Cons && items(f[2]).length === 2) {
          fail(`invalid map specification. When using the | operator in the map key, make sure to wrap the key type in parentheses: ${show(t)}`);
        } else fail(`invalid map specification: ${show(t)}`);
      }
      return;
    }
    if (name === "%" && argList?.length === 2 && node3(argList[1]) && isAtom(argList[1][0], "%{}")) {
      // (Macro.struct!/2 first: the struct must be defined, the module's own by now)
      const struct = structOf(argList[0], line, s, fail);
      const fields = argList[1][2];
      if (!isKeyword(fields)) fail(`expected key-value pairs in struct ${show(argList[0])}`);
      for (const f of items(fields)) rec((f as Term[])[1]);
      for (const f of items(fields)) {
        const key = (f as Term[])[0];
        if (!struct.fields.some(([k]) => k === atomText(key))) fail(`undefined field ${inspect(key)} on struct ${inspect(struct.module)}`);
      }
      return;
    }
    if (name === "record" && argList !== null && (argList.length === 1 || argList.length === 2)) {
      if (!isAtomTerm(argList[0]) || (argList.length === 2 && !isList(argList[1]))) fail("invalid record specification, expected the record name to be an atom literal");
      if (argList.length === 2) for (const f of items(argList[1])) if (Array.isArray(f) && f.length === 2) rec(f[1]);
      return;
    }
    if (name === ".." && argList?.length === 2) {
      argList.forEach(rec);
      const [l, r] = argList.map(rangeBound);
      // (validate_range fails in the typespec/4 clause that called it)
      if (l === null || r === null || !(l < r)) throw new TypespecError(RANGE_ERROR, line, [COMPILE_ERROR, [TS, "typespec", 4, TS_FILE, 636], ...frames.slice(1)]);
      return;
    }
    if (name === "__MODULE__" && (args === null || args instanceof Atom)) return;
    if (name === "__aliases__") return;
    if (name === "::" && argList?.length === 2) {
      const [left, right] = argList;
      if (isVarAst(left)) {
        // an annotation of an annotation: warned about, and the right side translated again
        // (what the first translation counted is dropped, its warnings are not)
        if (node3(right) && isAtom(right[0], "::") && right[2] instanceof Cons && items(right[2]).length === 2) {
          const locals = new Map(s.locals);
          rec(right);
          s.locals = locals;
          warn(s, line, `invalid type annotation. Type annotations cannot be nested: ${show(t)}`);
        }
        return rec(right);
      }
      // (a warning in Elixir 1.14; the left side's types need not be defined)
      const union = node3(left) && isAtom(left[0], "|");
      warn(s, line, `invalid type annotation. The left side of :: must be a variable, got: ${show(left)}${union ? `. Note "left | right :: ann" is the same as "(left | right) :: ann". To solve this, use parentheses around the union operands: "left | (right :: ann)"` : ""}`);
      const before = s.undefinedErrors;
      s.undefinedErrors = false;
      rec(left);
      s.undefinedErrors = before;
      return rec(right);
    }
    if ((name === "string" || name === "nonempty_string") && argList !== null) {
      const text = name === "string" ? "string() type use is discouraged. For character lists, use charlist() type, for strings, String.t()" : "nonempty_string() type use is discouraged. For non-empty character lists, use nonempty_charlist() type, for strings, String.t()";
      // (with the caller's stack entry, Macro.Env.stacktrace/1 of the module's body)
      warn(s, line, `${text}\n    ${s.file}:${line}: ${displayModule(s.module)} (module)\n`);
      (argList ?? []).forEach(rec);
      return;
    }
    if ((name === "+" || name === "-") && argList?.length === 1 && (typeof argList[0] === "number" || typeof argList[0] === "bigint")) return;
    if (name === "tuple" && argList?.length === 0) return;
    if (name === "{}" && argList !== null) return argList.forEach(rec);
    if (name === "__block__" && argList?.length === 1) return rec(argList[0]);
    if (args === null || args instanceof Atom) {
      if (vars.includes(name)) return useVar(s, name);
      return typespec([head, meta, NIL], vars, line, s, frames);
    }
    if (argList === null) return fail(`unexpected expression in typespec: ${show(t)}`);
    argList.forEach(rec);
    const sig = `${name}/${argList.length}`;
    if (["charlist/0", "char_list/0", "nonempty_charlist/0", "struct/0", "as_boolean/1"].includes(sig) || (name === "keyword" && argList.length <= 1) || name === "fun") return;
    if (ERLANG_TYPES.has(sig)) return;
    if (s.undefinedErrors && !s.defined.has(sig)) fail(`type ${sig} undefined (no such type in ${inspect(a(s.module))})`);
    return;
  }
  // remote types: Mod.type(args), @attr.type(args)
  if (node3(head) && isAtom(head[0], ".") && head[2] instanceof Cons && argList !== null) {
    const [remote, name] = items(head[2]);
    if (node3(remote) && isAtom(remote[0], "@") && remote[2] instanceof Cons) {
      const attr = items(remote[2])[0];
      const attrName = node3(attr) && attr[0] instanceof Atom ? attr[0].name : "";
      const value = s.attribute(attrName) ?? null;
      if (!(value instanceof Atom || value === true || value === false)) fail(`invalid remote in typespec: ${show(t)} (@${attrName} is ${inspect(value)})`);
      return argList.forEach(rec);
    }
    const expanded = expandRemote(remote, s.module);
    if (!isAtomTerm(expanded)) fail(`invalid remote in typespec: ${show(t)}`);
    if (expanded instanceof Atom && expanded.name === s.module && name instanceof Atom) return typespec([name, head[1], args], vars, line, s, frames);
    return argList.forEach(rec);
  }
  fail(`unexpected expression in typespec: ${show(t)}`);
}

/**
 * What elixir_erl checks of a module's callbacks as it writes their forms (after the
 * typespecs are translated, before specs of undefined functions): no @callback or
 * @macrocallback beside a behaviour_info/1 of the module's own (named by the first of them),
 * then each entry of @optional_callbacks (all of them flattened, in order) a `name: arity`
 * pair naming a callback, given once. Raised at the module's line.
 */
export function callbackFormError(m: {
  file: string;
  line: number;
  /** @callback then @macrocallback signatures, each in definition order. */
  callbacks: { kind: "callback" | "macrocallback"; name: string; arity: number }[];
  /** @optional_callbacks' values, as given, oldest first. */
  optional: Term[];
  definesBehaviourInfo: boolean;
}): CompileError | null {
  // (in the compiler's process: the fold over @optional_callbacks' entries, by its position)
  const fail = (msg: string, index: number | null = null) => {
    const err = new CompileError(msg, m.file, m.line);
    const fold: Frame[] = index === null ? [] : [index === 0 ? ["lists", "foldl", 3, "lists.erl", 1350] : ["lists", "foldl_1", 3, "lists.erl", 1355]];
    err.elixirFrames = [...fold.map(frameTerm), ERL_COMPILER_FRAME];
    return err;
  };
  if (m.definesBehaviourInfo && m.callbacks.length > 0) {
    const c = m.callbacks[0];
    return fail(`cannot define @${c.kind} attribute for ${c.name}/${c.arity} when behaviour_info/1 is defined`);
  }
  const flat: Term[] = [];
  const flatten = (t: Term): void => {
    if (t instanceof Cons) for (const x of items(t)) flatten(x);
    else if (t !== NIL) flat.push(t);
  };
  m.optional.forEach(flatten);
  const seen = new Set<string>();
  for (const [i, c] of flat.entries()) {
    const pair = Array.isArray(c) && c.length === 2 && isAtomTerm(c[0]) && (typeof c[1] === "number" || typeof c[1] === "bigint");
    if (!pair) return fail(`invalid optional callback ${inspect(c)}. @optional_callbacks expects a keyword list of callback names and arities`, i);
    const key = `${atomText(c[0])}/${c[1]}`;
    if (!m.callbacks.some((k) => `${k.name}/${k.arity}` === key)) return fail(`unknown callback ${key} given as optional callback`, i);
    if (seen.has(key)) return fail(`${key} has been specified as optional callback more than once`, i);
    seen.add(key);
  }
  return null;
}

/** The struct a typespec's `%Name{}` names, as Macro.struct!/2 finds it (or its CompileError). */
function structOf(name: Term, line: number, s: { module: string; file: string; structFields(module: string): [string, Term][] | null }, fail: (msg: string, frames?: Frame[]) => never): { module: Atom; fields: [string, Term][] } {
  const module = expandRemote(name, s.module);
  if (!(module instanceof Atom)) return fail(`expected a struct name, got: ${show(name)}`);
  const fields = s.structFields(module.name);
  if (fields !== null) return { module, fields };
  // (elixir_map's errors: the struct's entry, then the module body's, where the translation runs)
  const frames: Frame[] = [[module.name, "__struct__", 0, "expanding struct", null], [s.module, "__MODULE__", 0, s.file, line]];
  if (module.name === s.module) {
    return fail(`cannot access struct ${inspect(module)}, the struct was not yet defined or the struct is being accessed in the same context that defines it`, frames);
  }
  return fail(`${inspect(module)}.__struct__/0 is undefined, cannot expand struct ${inspect(module)}. Make sure the struct name is correct. If the struct name exists and is correct but it still cannot be found, you likely have cyclic module usage in your code`, frames);
}

/**
 * The typespecs with what Kernel.Typespec reads from the module as it translates them put in,
 * so the module's binary holds all that Code.Typespec needs once the module is gone: each
 * `%Name{field: type}` becomes the map type of the struct's fields (sorted, `term()` for those
 * not given, `__exception__: true` kept) after its `__struct__: Name`, and each
 * `@attr.type(...)` remote names the attribute's module. Run after `typespecError` passed.
 */
export function resolveTypespecs(m: TypespecModule, entries: Term[]): Term[] {
  const fail = (msg: string): never => {
    throw new Error(msg);
  };
  const walk = (t: Term): Term => {
    if (t instanceof Cons) return list(items(t).map(walk));
    if (!Array.isArray(t)) return t;
    if (t.length !== 3) return t.map(walk);
    const [head, meta, args] = t;
    if (isAtom(head, "%") && args instanceof Cons) {
      const [name, map] = items(args);
      if (node3(map) && isAtom(map[0], "%{}") && isKeyword(map[2])) {
        const struct = structOf(name, 0, { module: m.name, file: m.file, structFields: m.structFields }, fail);
        const given = items(map[2]) as [Term, Term][];
        const sorted = [...struct.fields].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
        const types = sorted.map(([field, value]): Term => {
          const found = given.find(([k]) => atomText(k) === field);
          if (found !== undefined) return [a(field), walk(found[1])];
          if (field === "__exception__" && value === true) return [a(field), true];
          return [a(field), [a("term"), NIL, NIL]];
        });
        return [a("%{}"), map[1], list([[a("__struct__"), struct.module], ...types])];
      }
    }
    if (Array.isArray(head) && head.length === 3 && isAtom(head[0], ".") && head[2] instanceof Cons) {
      const [remote, name] = items(head[2]);
      if (node3(remote) && isAtom(remote[0], "@") && remote[2] instanceof Cons) {
        const attr = items(remote[2])[0];
        const value = node3(attr) && attr[0] instanceof Atom ? m.attribute(attr[0].name) : undefined;
        if (value !== undefined && isAtomTerm(value)) return [[head[0], head[1], list([value, name])], meta, walk(args)];
      }
    }
    return [walk(head), meta, walk(args)];
  };
  return entries.map((e) => {
    const [kind, quoted, line] = e as [Term, Term, Term];
    return [kind, walk(quoted), line];
  });
}
