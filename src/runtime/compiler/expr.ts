// Expression compilation: each expression becomes a JS expression string valid in the
// current block; anything that calls Elixir code first emits the call (ending the block)
// and yields the register holding the result.
import { bareCalls } from "./expand.js";
import { astText } from "./comprehensions.js";
import { Ast, AstNode, Meta, isAtomAst, isLiteralAst, isNode, isTupleAst } from "../../lang/ast.js";
import { genAnswered, genDirectCall, genDirectSelfCall, genDirectSelfTailCall, genDirectTailCall, genLocalCallGo, genPushFrame, genResumableDirectCall, genResumableDirectTailCall, genReturn, genReuseFrame } from "../protocol.js";
import { CallSite } from "../calls.js";
import { MapTerm } from "../map.js";
import { Float, Term, a, binFromBytes, int, list, tuple } from "../term.js";
import { stringToBytes } from "../../lang/unescape.js";
import { applyDirective, fakeBeam } from "./module.js";
import { compileDefinition } from "./protocols.js";
import { BeamError, raise } from "../errors.js";
import { inspect } from "../inspect.js";
import { compileControl, compileMatch, CONTROL_FORMS } from "./control.js";
import { compileFn, compileCapture } from "./fns.js";
import { erlangRewrite } from "./rewrite.js";
import { isLibraryMacro } from "../module-info.js";
import { GUARD_CHECK, guardCheck, intrinsic, isConstant, localInGuardError, toStringValue } from "./intrinsics.js";
import { segmentSpec } from "./patterns.js";
import { kernelInlined } from "./match-calls.js";
import { CompileError, FnCtx, LinkInfo, Scope } from "./unit.js";
import { BIN_SEGMENT, ERL, ErlFrame, FUN_ARG, REMOTE_ARG, TUPLE_ELEMENT, listElement, listTail } from "../erl-eval-trace.js";

/**
 * Generated expressions longer than this are stored in a register as they are built, so
 * deeply nested input (`1 + 1 + ... + 1`, 100k terms) produces a flat sequence of short
 * statements: linear to build, and shallow for V8 to compile.
 */
const SPILL_CHARS = 2048;

/** Compiles `ast` for its value. */
export function expr(fn: FnCtx, scope: Scope, ast: Ast): string {
  const v = exprOf(fn, scope, ast);
  if (v.length <= SPILL_CHARS || fn.inGuard > 0) return v;
  // Safe to evaluate here: values to its left that it could reorder with are pinned (see args).
  const s = fn.slot();
  fn.emit(`r[${s}]=${v};`);
  return `r[${s}]`;
}

function exprOf(fn: FnCtx, scope: Scope, ast: Ast): string {
  if (typeof ast === "bigint") return intLiteral(ast);
  if (typeof ast === "number") return fn.unit.constant(new Float(ast));
  if (typeof ast === "string") return stringLiteral(fn, ast);
  if (ast === null || ast === true || ast === false) return String(ast);
  if (isAtomAst(ast)) return fn.unit.constant(a(ast.atom));
  if (isLiteralAst(ast)) return literalValue(fn, ast.literal as Term);
  if (Array.isArray(ast)) return listExpr(fn, scope, ast);
  if (isTupleAst(ast)) return `[${(fn.erl === null ? ast.tuple.map((x) => expr(fn, scope, x)) : argsIn(fn, scope, ast.tuple, () => TUPLE_ELEMENT)).join(",")}]`;
  return nodeExpr(fn, scope, ast as AstNode);
}

/** A value the expander made (a quoted term, an attribute's value): a constant. */
function literalValue(fn: FnCtx, t: Term): string {
  if (t === null || t === true || t === false) return String(t);
  if (typeof t === "number" && Number.isInteger(t) && Math.abs(t) < 2 ** 31) return t < 0 ? `(${t})` : String(t);
  return fn.unit.constant(t);
}

/** Node names that are data constructors or special forms, never tail calls. */
const NOT_CALLS = new Set(["__aliases__", "{}", "%{}", "%", "<<>>", "=", "fn", "&", "@", "^", "__MODULE__"]);

/** Compiles `ast` in tail position: always ends the block (return or tail call). */
export function tailExpr(fn: FnCtx, scope: Scope, ast: Ast): void {
  // `var = expr` ends the body as `expr` would: the Erlang compiler drops the binding nobody
  // reads, so a call there is a tail call on BEAM (its caller's frame is gone from a trace).
  // (erl_eval, which runs shell funs, evaluates the value first and matches it after; the
  // prelude writes `result = call(); result` to keep a frame BEAM's own code has there)
  const value = foldsMatches(fn) ? boundValue(ast) : null;
  if (value !== null) return tailExpr(fn, scope, value);
  if (isNode(ast)) {
    const name = ast.name;
    if (name === "__block__" && ast.args) return tailBlock(fn, scope, ast.args);
    if (typeof name === "string" && CONTROL_FORMS.has(name) && ast.args !== null) {
      const r = compileControl(fn, scope, ast, true);
      if (r === null) return;
      return fn.ret(r);
    }
    // (a bare name the expander made a zero-arity local call, `def main([]), do: notes`, too)
    if (fn.tryDepth === 0 && ast.args === null && typeof name === "string" && bareCalls.has(ast)) {
      if (ast.meta?.line) fn.line = ast.meta.line;
      const done = compileCall(fn, scope, { name, meta: ast.meta, args: [] }, true);
      if (done === null) return;
      return fn.ret(done);
    }
    if (fn.tryDepth === 0 && ast.args !== null && !(typeof name === "string" && NOT_CALLS.has(name))) {
      // The call's line is the frame's line (a raise in a clause's tail names it).
      if (ast.meta?.line) fn.line = ast.meta.line;
      const done = compileCall(fn, scope, ast, true);
      if (done === null) return;
      return fn.ret(done);
    }
  }
  fn.ret(expr(fn, scope, ast));
}

/**
 * Compiles a sequence; returns the value of the last expression. `after` (if given) runs
 * once each expression is compiled.
 */
export function block(fn: FnCtx, scope: Scope, items: Ast[], after?: () => void): string {
  if (items.length === 0) return "null";
  for (let i = 0; i < items.length - 1; i++) {
    const v = fn.within(BODY, () => expr(fn, scope, items[i]));
    if (hasEffect(v)) fn.emit(`${v};`);
    after?.();
  }
  const last = expr(fn, scope, items[items.length - 1]);
  after?.();
  return last;
}

export function tailBlock(fn: FnCtx, scope: Scope, items: Ast[], after?: () => void): void {
  if (items.length === 0) return fn.ret("null");
  // `var = expr` then `var`: the Erlang compiler folds the two into `expr` (a tail call).
  const n = items.length;
  const folded = n >= 2 && foldsMatches(fn) && sameVar(boundVar(items[n - 2]), items[n - 1]);
  const last = folded ? n - 2 : n - 1;
  for (let i = 0; i < last; i++) {
    const v = fn.within(BODY, () => expr(fn, scope, items[i]));
    if (hasEffect(v)) fn.emit(`${v};`);
    after?.();
  }
  tailExpr(fn, scope, items[last]);
  after?.();
}

/** Whether a match ending this body folds into a tail call (user code compiled as BEAM compiles it). */
function foldsMatches(fn: FnCtx): boolean {
  return fn.erl === null && fn.tryDepth === 0 && !fn.unit.host.library;
}

/** A variable (`_` and `_x` too): not a pin, a call or a literal. */
function isPlainVar(ast: Ast): ast is AstNode {
  return isNode(ast) && typeof ast.name === "string" && ast.args === null && /^[a-z_]/.test(ast.name) && !ast.name.startsWith("__");
}

/** `var = value` (a chain `a = b = value` too): the value; else null. */
function boundValue(ast: Ast): Ast | null {
  if (!isNode(ast) || ast.name !== "=" || ast.args === null || ast.args.length !== 2 || !isPlainVar(ast.args[0])) return null;
  return boundValue(ast.args[1]) ?? ast.args[1];
}

/** The variable `var = value` binds (the outermost of a chain), or null. */
function boundVar(ast: Ast): AstNode | null {
  return boundValue(ast) === null ? null : ((ast as AstNode).args![0] as AstNode);
}

function sameVar(v: AstNode | null, ast: Ast): boolean {
  return v !== null && isPlainVar(ast) && v.name === ast.name && v.name !== "_" && v.context === ast.context && v.meta?.counter === ast.meta?.counter;
}

/** A JS expression worth emitting as a statement (it may throw or have effects). */
function hasEffect(v: string): boolean {
  if (v.length > 64 && v.charCodeAt(0) !== 34) return true;
  return !/^(r\[\d+\]|K\[\d+\]|-?\d+n?|null|true|false|"([^"\\]|\\.)*")$/.test(v);
}

/** A string literal; invalid UTF-8 bytes (U+DC00+byte from the lexer) make it a raw binary. */
function stringLiteral(fn: FnCtx, s: string): string {
  return fn.unit.constant(/[\uDC80-\uDCFF]/.test(s) ? binFromBytes(stringToBytes(s)) : s);
}

export function intLiteral(n: bigint): string {
  const safe = n >= -9007199254740991n && n <= 9007199254740991n;
  return safe ? (n < 0n ? `(${n})` : String(n)) : `${n}n`;
}

/** Stores a value into a fresh register (so later code can rely on it after calls). */
export function toReg(fn: FnCtx, v: string): string {
  if (v.length <= 24 && (/^r\[\d+\]$/.test(v) || /^K\[\d+\]$/.test(v) || /^-?\d+$/.test(v))) return v;
  const s = fn.slot();
  fn.emit(`r[${s}]=${v};`);
  return `r[${s}]`;
}

const BODY = [ERL.BODY];

/**
 * Compiles several expressions as `args` does; in a shell fun each inside the erl_eval
 * constructs `framesOf` gives for its position (erl-eval-trace.ts).
 */
export function argsIn(fn: FnCtx, scope: Scope, items: Ast[], framesOf: (i: number) => readonly ErlFrame[]): string[] {
  if (fn.erl === null || fn.inGuard > 0) return args(fn, scope, items);
  return items.map((x, i) => fn.within(framesOf(i), () => expr(fn, scope, x)));
}

/** Compiles several argument expressions, keeping each value safe across later calls. */
export function args(fn: FnCtx, scope: Scope, items: Ast[]): string[] {
  // The last argument that might emit a call (conservative): every value computed before it
  // is pinned, since that call would overwrite p.x-dependent values or re-evaluate them.
  // Found once, so a long list literal compiles in linear time.
  let lastCall = items.length - 1;
  while (lastCall >= 0 && isSimple(items[lastCall])) lastCall--;
  const out: string[] = [];
  for (let i = 0; i < items.length; i++) {
    const v = expr(fn, scope, items[i]);
    // (an operand that sets the frame's line, a BIF that may fail, is computed before the
    // call, which then says its own line)
    // (a guard makes no calls: its operands stay inline, inside the guard's own failure
    // handling, and under `and`/`or` only when the left side lets them run)
    out.push(fn.inGuard === 0 && (i < lastCall || v.includes("f.line=")) ? toReg(fn, v) : v);
  }
  return out;
}

/**
 * Whether compiling `x` cannot emit a call. Looks at most at `budget` nested elements and
 * answers "may call" past that (safe: it only pins more values), so that checking every
 * level of deeply nested literals stays linear.
 */
function isSimple(x: Ast, budget = { n: 64 }): boolean {
  if (--budget.n < 0) return false;
  if (!isNode(x)) {
    if (Array.isArray(x)) return x.every((y) => isSimple(y, budget));
    if (isTupleAst(x)) return x.tuple.every((y) => isSimple(y, budget));
    return true;
  }
  return x.args === null;
}

function listExpr(fn: FnCtx, scope: Scope, items: Ast[]): string {
  if (items.length === 0) return "O.NIL";
  let tail = "O.NIL";
  let elems = items;
  const last = items[items.length - 1];
  if (isNode(last) && last.name === "|" && last.args?.length === 2) {
    elems = [...items.slice(0, -1), last.args[0]];
    const n = elems.length;
    const vals = argsIn(fn, scope, [...elems, last.args[1]], (i) => (i < n ? listElement(i) : listTail(n)));
    tail = vals.pop()!;
    return consCells(vals, tail);
  }
  return consCells(argsIn(fn, scope, elems, listElement), "O.NIL");
}

/** The cells of a list literal: written out for a short one (no array to build first). */
function consCells(vals: string[], tail: string): string {
  if (vals.length > 8) return `O.list([${vals.join(",")}],${tail})`;
  return vals.reduceRight((acc, v) => `new O.Cons(${v},${acc})`, tail);
}

// ---------------------------------------------------------------------------

/**
 * A node's code, at its own line: what it makes once its operands are computed (a call, a
 * match's MatchError) is at that line, as on the BEAM, not at an operand's (the last stage
 * of a pipeline written over several lines is at its own `|>` line). The line it was entered
 * at is back when it is done.
 */
function nodeExpr(fn: FnCtx, scope: Scope, node: AstNode): string {
  const outer = fn.line;
  const v = nodeExprAt(fn, scope, node);
  if (node.meta?.line) fn.line = outer;
  return v;
}

function nodeExprAt(fn: FnCtx, scope: Scope, node: AstNode): string {
  const { name, args: nargs } = node;
  if (node.meta?.line) fn.line = node.meta.line;
  if (typeof name === "string" && nargs === null) return variable(fn, scope, node);
  if (typeof name === "string") {
    switch (name) {
      case "__block__":
        return block(fn, scope, nargs!);
      case "__aliases__":
        return fn.unit.constant(a(aliasName(fn.unit, node)));
      case "{}":
        return `[${argsIn(fn, scope, nargs!, () => TUPLE_ELEMENT).join(",")}]`;
      case "%{}":
        return mapExpr(fn, scope, nargs!);
      case "%":
        return structExpr(fn, scope, node);
      case "<<>>":
        return binaryExpr(fn, scope, nargs!);
      case "=":
        return matchExpr(fn, scope, node);
      case "fn":
        return compileFn(fn, scope, node);
      case "&":
        return compileCapture(fn, scope, node);
      case "|>":
        return expr(fn, scope, pipe(fn, node));
      case "defmodule":
      case "defprotocol":
      case "defimpl":
        return defmoduleExpr(fn, node);
      case "alias":
      case "import":
      case "require":
        return fn.unit.constant(applyDirective(fn.unit.env, fn.unit, node));
      case "@":
        return fn.unit.constant(literalTerm(fn, node));
      case "^":
        throw fn.unit.error(`cannot use ^${printVar(nargs![0])} outside of match clauses`, node.meta);
      case GUARD_CHECK:
        return guardCheck(fn, scope, nargs![0]);
    }
    if (CONTROL_FORMS.has(name)) return compileControl(fn, scope, node, false)!;
  }
  const r = compileCall(fn, scope, node, false);
  return r!;
}

/**
 * `defmodule` (or defprotocol/defimpl) inside an expression (the shell): compiled and
 * installed now. An error Elixir raises while defining it (a missing protocol...) is raised
 * where the definition is evaluated.
 */
function defmoduleExpr(fn: FnCtx, node: AstNode): string {
  let ms;
  try {
    ms = compileDefinition(fn.unit.host, node, fn.unit.env, fn.unit.file, fn.unit.module);
  } catch (e) {
    if (e instanceof BeamError) {
      const trace = e.traced ? fn.unit.constant(e.stacktrace) : "null";
      return `O.raiseAgain(${fn.unit.constant(e.kind)},${fn.unit.constant(e.reason)},${trace})`;
    }
    throw e;
  }
  const results: Term[] = [];
  for (const m of ms) {
    fn.unit.host.defineModule(m);
    fn.unit.childWarnings.push(...m.warnings);
    fn.unit.pendingModules.push(m);
    results.push(tuple(a("module"), a(m.name), fakeBeam(m.name), m.last));
  }
  return fn.unit.constant(node.name === "defimpl" && results.length !== 1 ? list(results) : results[0]);
}

function printVar(x: Ast): string {
  return isNode(x) && typeof x.name === "string" ? x.name : "";
}

function variable(fn: FnCtx, scope: Scope, node: AstNode): string {
  const name = node.name as string;
  if (name === "__MODULE__") return fn.unit.module ? fn.unit.constant(a(fn.unit.module)) : "null";
  const slot = fn.lookup(scope, name);
  if (name === "__STACKTRACE__") {
    if (slot === null) throw fn.unit.error("__STACKTRACE__ is available only inside catch and rescue clauses of try expressions", node.meta);
    // The trace of an exception a direct body caught is not made yet (its callers are JS
    // activations then): the function whose try caught it, and any fn between, stay resumable.
    for (let g: FnCtx | null = fn; g !== null; g = g.captures.some((c) => c.name === name) ? (g.outer?.fn ?? null) : null) g.readsStacktrace = true;
    return `r[${slot}].stacktrace`;
  }
  if (slot !== null) return `r[${slot}]`;
  if (name === "_") throw fn.unit.error(`invalid use of _. "_" represents a value to be ignored in a pattern and cannot be used in expressions`, node.meta);
  // A bare name that is not a variable is a zero-arity call.
  return compileCall(fn, scope, { name, meta: node.meta, args: [] }, false)!;
}

/** `pattern = value` */
function matchExpr(fn: FnCtx, scope: Scope, node: AstNode): string {
  const [pat, valAst] = node.args!;
  const v = toReg(fn, fn.within(MATCH, () => expr(fn, scope, valAst)));
  compileMatch(fn, scope, pat, v);
  if (fn.compiled() && isNode(pat) && typeof pat.name === "string" && pat.args === null && knownValue(valAst)) {
    const b = scope.bindings.get(pat.name);
    if (b !== undefined) b.constant = true;
  }
  return v;
}

/** A value the Erlang compiler computes itself: a literal (an attribute's value too), or binaries of literal strings joined. */
function knownValue(x: Ast): boolean {
  if (isConstant(x) || isLiteralAst(x)) return true;
  if (isNode(x) && x.name === "<>" && x.args?.length === 2) return x.args.every(knownValue);
  if (isNode(x) && x.name === "%{}" && x.args !== null) return x.args.every((kv) => isTupleAst(kv) && kv.tuple.every(knownValue));
  // Kernel's word, string and charlist sigils without interpolation expand to literals
  if (isNode(x) && typeof x.name === "string" && LITERAL_SIGILS.has(x.name) && x.args?.length === 2) {
    const [parts] = x.args;
    return isNode(parts) && parts.name === "<<>>" && parts.args !== null && parts.args.every((p) => typeof p === "string");
  }
  return false;
}

const LITERAL_SIGILS = new Set(["sigil_w", "sigil_W", "sigil_s", "sigil_S", "sigil_c", "sigil_C"]);

// ---- maps and structs ----------------------------------------------------

const MATCH = [ERL.MATCH];

function mapExpr(fn: FnCtx, scope: Scope, items: Ast[]): string {
  if (items.length === 1 && isNode(items[0]) && items[0].name === "|") {
    const [base, pairs] = (items[0] as AstNode).args!;
    const b = toReg(fn, fn.within([ERL.MAP_UPDATED], () => expr(fn, scope, base)));
    return `O.mapUpdate(${b},${pairList(fn, scope, pairs as Ast[], UPDATE_FIELD)}${fn.unit.module || fn.unit.script ? "" : ",true"})`;
  }
  return `O.mapNew(${pairList(fn, scope, items)})`;
}

/** Where erl_eval evaluates a map's keys and values (in a new map; in an update). */
const NEW_FIELD = (i: number): readonly ErlFrame[] => (i % 2 === 0 ? [ERL.MAP_KEY, ERL.MAP_FIELDS] : [ERL.MAP_VALUE, ERL.MAP_FIELDS]);
const UPDATE_FIELD = (i: number): readonly ErlFrame[] => (i % 2 === 0 ? [ERL.MAP_EXACT_KEY, ERL.MAP_UPDATE_FIELDS] : [ERL.MAP_EXACT_VALUE, ERL.MAP_UPDATE_FIELDS]);

function pairList(fn: FnCtx, scope: Scope, pairs: Ast[], framesOf = NEW_FIELD): string {
  const flat: Ast[] = [];
  for (const p of pairs) {
    if (!isTupleAst(p)) {
      // As Elixir, the element is expanded first (`%{a b}`: undefined function a/1).
      expr(fn, scope, p);
      throw fn.unit.error("expected key-value pairs in a map, got: " + astText(p), isNode(p) ? p.meta : undefined);
    }
    flat.push(p.tuple[0], p.tuple[1]);
  }
  return `[${argsIn(fn, scope, flat, framesOf).join(",")}]`;
}

function structExpr(fn: FnCtx, scope: Scope, node: AstNode): string {
  const [nameAst, mapAst] = node.args!;
  const mod = literalTerm(fn, nameAst);
  const modName = mod === null ? "nil" : typeof mod === "object" ? (mod as { name: string }).name : String(mod);
  const known0 = structOf(fn, modName);
  // `%__MODULE__{}` outside any module names nil, the module "being defined" there.
  const current = modName === "nil" && !fn.unit.module;
  if (known0 === null && (current || (fn.unit.env.defined.includes(modName) && (fn.defName === "" || fn.defName === "__MODULE__/0")))) {
    // Defined in this context but not yet compiled (a script's top level is expanded whole
    // before it runs), outside any function: elixir_map's inaccessible struct.
    const err = fn.unit.error(`cannot access struct ${displayModule(modName)}, the struct was not yet defined or the struct is being accessed in the same context that defines it`, node.meta);
    const loc = list([[a("file"), erlFile(fn.unit.file)], [a("line"), (node.meta?.line as number) || fn.line || 0]]);
    err.elixirFrames = [[a(modName), a("__struct__"), 1, list([[a("file"), erlFile("expanding struct")]])], fn.unit.module ? [a(fn.unit.module), a("__MODULE__"), 0, loc] : [a("elixir_eval"), a("__FILE__"), 1, loc]];
    throw err;
  }
  const inner = (mapAst as AstNode).args!;
  const update = inner.length === 1 && isNode(inner[0]) && inner[0].name === "|";
  // (an update loads the struct with Mod.__struct__/0, building one with /1)
  const fields = loadStruct(fn, modName, update ? 0 : 1, node.meta);
  const known = (k: string) => fields.some(([f]) => f === k);
  if (update) {
    const [base, pairs] = (inner[0] as AstNode).args!;
    // As Elixir, the update's keys are checked against Mod.__struct__/0 when it expands.
    for (const p of pairs as Ast[]) {
      const k = isTupleAst(p) && isAtomAst(p.tuple[0]) ? p.tuple[0].atom : null;
      if (k !== null && !known(k)) {
        const err = fn.unit.error(`unknown key :${k} for struct ${displayModule(modName)}`, node.meta);
        err.elixirFrames = structFrames(fn, modName, 0, node.meta);
        throw err;
      }
    }
    // (Elixir checks the struct in a case, then updates the map.)
    const b = toReg(fn, fn.within([ERL.CASE], () => expr(fn, scope, base)));
    return `O.structUpdate(${b},${fn.unit.constant(mod)},${pairList(fn, scope, pairs as Ast[], UPDATE_FIELD)}${fn.unit.module || fn.unit.script ? "" : ",true"})`;
  }
  // Building one runs Mod.__struct__/1 as it expands: a key the struct lacks is a KeyError,
  // an @enforce_keys key not given an ArgumentError, both raised by the compiler.
  const enforce = enforcedOf(fn, modName);
  let missing = enforce;
  for (const p of inner) {
    const k = isTupleAst(p) && isAtomAst(p.tuple[0]) ? p.tuple[0].atom : null;
    if (k === null) continue;
    if (!known(k)) throw structError(fn, modName, raise("KeyError", { key: a(k), term: null, message: null }), node.meta);
    missing = missing.filter((x) => x !== a(k));
  }
  if (missing.length > 0) {
    const message = `the following keys must also be given when building struct ${displayModule(modName)}: ${inspect(list(missing))}`;
    throw structError(fn, modName, raise("ArgumentError", { message }), node.meta);
  }
  const defaults = MapTerm.fromPairs([[a("__struct__"), mod], ...fields.map(([k, v]) => [a(k), v] as [Term, Term])]);
  return `O.structNew(${fn.unit.constant(defaults)},${pairList(fn, scope, inner)})`;
}

/**
 * The fields of struct `modName`, or null: the module's own, an enclosing module's still
 * being built once its defstruct ran (elixir_map reads a module in context from its
 * definitions), else a loaded module's.
 */
function structOf(fn: FnCtx, modName: string): [string, Term][] | null {
  if (modName === fn.unit.module && fn.unit.ownStruct) return fn.unit.ownStruct;
  if (fn.unit.env.defined.includes(modName)) {
    const building = fn.unit.host.buildingStruct?.(modName) ?? null;
    if (building !== null) return building;
  }
  return fn.unit.host.structFields(modName);
}

/** The `@enforce_keys` of struct `modName`, found where structOf finds its fields. */
function enforcedOf(fn: FnCtx, modName: string): Term[] {
  if (modName === fn.unit.module && fn.unit.ownStruct) return fn.unit.ownEnforce;
  if (fn.unit.env.defined.includes(modName) && fn.unit.host.buildingStruct?.(modName)) return fn.unit.host.buildingEnforced?.(modName) ?? [];
  return fn.unit.host.structEnforced?.(modName) ?? [];
}

/**
 * The fields of struct `modName` as `%Mod{}` expands (Mod.__struct__/`arity`: 1 building one,
 * 0 in a pattern), or Elixir's CompileError when Mod defines no struct.
 */
export function loadStruct(fn: FnCtx, modName: string, arity: number, meta: Meta | undefined): [string, Term][] {
  const fields = structOf(fn, modName);
  if (fields !== null) return fields;
  const name = displayModule(modName);
  const err = fn.unit.error(`${name}.__struct__/${arity} is undefined, cannot expand struct ${name}. Make sure the struct name is correct. If the struct name exists and is correct but it still cannot be found, you likely have cyclic module usage in your code`, meta);
  err.elixirFrames = structFrames(fn, modName, arity, meta);
  throw err;
}

/** A pattern's `%Mod{key: ...}`: each literal key must be one of the struct's (Elixir checks them against Mod.__struct__/0). */
export function checkStructPatternKeys(fn: FnCtx, modName: string, keys: Ast[], meta: Meta | undefined): void {
  const fields = loadStruct(fn, modName, 0, meta);
  for (const k of keys) {
    if (!isAtomAst(k) || k.atom === "__struct__" || fields.some(([f]) => f === k.atom)) continue;
    const err = fn.unit.error(`unknown key :${k.atom} for struct ${displayModule(modName)}`, meta);
    err.elixirFrames = structFrames(fn, modName, 0, meta);
    throw err;
  }
}

/** The frames of an error raised while a struct expands: Mod.__struct__/N, then where it is written. */
function structFrames(fn: FnCtx, modName: string, arity: number, meta: Meta | undefined): Term[] {
  const loc = list([[a("file"), erlFile(fn.unit.file)], [a("line"), meta?.line || fn.line || 0]]);
  const i = fn.defName.lastIndexOf("/");
  const caller: Term = fn.unit.module && fn.defName
    ? [a(fn.unit.module), a(fn.defName.slice(0, i)), Number(fn.defName.slice(i + 1)), loc]
    : [a("elixir_eval"), a("__FILE__"), 1, loc];
  return [[a(modName), a("__struct__"), arity, list([[a("file"), erlFile("expanding struct")]])], caller];
}

function structError(fn: FnCtx, modName: string, err: BeamError, meta: Meta | undefined): BeamError {
  err.stacktrace = list(structFrames(fn, modName, 1, meta));
  err.traced = true;
  err.complete = true;
  return err;
}

export function displayModule(name: string): string {
  if (name === "nil" || name === "true" || name === "false") return name;
  return name.startsWith("Elixir.") ? name.slice(7) : ":" + name;
}

// ---- binaries --------------------------------------------------------------

function binaryExpr(fn: FnCtx, scope: Scope, segs: Ast[]): string {
  // Fast path: string interpolation (all parts strings or to_string(...)::binary).
  const parts: string[] = [];
  let simple = true;
  for (const s of segs) {
    if (typeof s !== "string" && !isInterpolation(s)) {
      simple = false;
      break;
    }
  }
  // Each interpolated value is converted (String.Chars) right after it is computed.
  if (simple) {
    for (const s of segs) {
      if (typeof s === "string") parts.push(stringLiteral(fn, s));
      else {
        // Elixir converts an interpolated value in a case on it (a binary is kept as it is).
        parts.push(fn.erl === null ? toStringValue(fn, toReg(fn, expr(fn, scope, ((s as AstNode).args![0] as AstNode).args![0]))) : interpolated(fn, scope, (s as AstNode).args![0] as AstNode));
      }
    }
  }
  if (simple) return parts.length === 0 ? fn.unit.constant("") : `O.binConcat([${parts.join(",")}])`;
  // (compiled code that fails building it shows the binary's line, as BEAM's does)
  const line = fn.compiled() ? fn.siteLine() : 0;
  const specs = segs.map((s) => segmentSpec(fn, scope, s));
  const vals =
    fn.erl === null
      ? args(fn, scope, specs.map((s) => s.pat))
      : specs.map((s, i) => (toStringCall(segs[i]) ? interpolated(fn, scope, s.pat as AstNode) : fn.within(BIN_SEGMENT, () => expr(fn, scope, s.pat))));
  // (Elixir's own modules were compiled by OTP 24, whose binary construction fails with the
  // plain badarg: ArgumentError "argument error"; OTP's modules and the user's explain it)
  const elixirLibrary = fn.unit.host.library === true && fn.unit.module.startsWith("Elixir.");
  const one = specs[0];
  const at = (call: string) => (line ? `(f.line=${line},${call})` : call);
  if (specs.length === 1 && one.type === '"integer"' && (one.size === "undefined" || one.size === "8") && one.unit === 1) return at(`O.binByte(${vals[0]}${elixirLibrary ? ",2" : ""})`);
  // <<acc::binary, byte>>: an append of one byte (binaries.ts: binAppendByte)
  const two = specs[1];
  if (specs.length === 2 && (one.type === '"binary"' || one.type === '"bitstring"') && one.size === "undefined" && one.unit === 1 && two.type === '"integer"' && (two.size === "undefined" || two.size === "8") && two.unit === 1)
    return at(`O.binAppendByte(${vals[0]},${vals[1]},${one.type === '"bitstring"' ? 1 : 0}${fn.compiled() ? (elixirLibrary ? ",2" : "") : ",1"})`);
  const built = specs.map((s, i) => `[${vals[i]},${s.type},${s.size},${s.unit},${s.signed},${s.little}]`);
  return at(`O.binBuild([${built.join(",")}]${fn.compiled() ? (elixirLibrary ? ",2" : "") : ",1"})`);
}

/**
 * An interpolated value (`to_string(x)` of `"#{x}"`) in a shell fun: Elixir converts it in a
 * case on the value, inside the binary's segment (erl-eval-trace.ts).
 */
function interpolated(fn: FnCtx, scope: Scope, call: AstNode): string {
  const x = call.args![0];
  return fn.within(BIN_SEGMENT, () => toStringValue(fn, toReg(fn, fn.within([ERL.CASE], () => expr(fn, scope, x)))));
}

/**
 * Whether segment `s` is an interpolation: `to_string(x)::binary` (Kernel's, as the parser
 * writes "#{x}", or String.Chars'). Another call's value is a binary segment like any other
 * (`<<String.upcase(s)::binary>>` is not `to_string(s)`).
 */
function toStringCall(s: Ast): boolean {
  if (!isNode(s) || s.name !== "::") return false;
  const [call, type] = s.args!;
  if (!isNode(type) || type.name !== "binary" || !isNode(call) || call.args?.length !== 1) return false;
  if (call.name === "to_string") return true;
  const dot = call.name;
  if (!(isNode(dot) && dot.name === "." && dot.args?.length === 2 && isAtomAst(dot.args[1]) && dot.args[1].atom === "to_string")) return false;
  const mod = dot.args[0];
  if (isAtomAst(mod)) return mod.atom === "Elixir.Kernel" || mod.atom === "Elixir.String.Chars";
  // (an alias as written: Kernel or String.Chars)
  return isNode(mod) && mod.name === "__aliases__" && ["Kernel", "String.Chars"].includes((mod.args ?? []).map((x) => (isAtomAst(x) ? x.atom : "?")).join("."));
}

const isInterpolation = toStringCall;

// ---- pipes -------------------------------------------------------------------

/** Rewrites `left |> call(args)` into `call(left, args)`. */
export function pipe(fn: FnCtx, node: AstNode): Ast {
  const [left, right] = node.args!;
  if (!isNode(right) || right.args === null) {
    if (isNode(right) && typeof right.name === "string") return { ...right, args: [left] };
    // Elixir raises this while expanding; here the input raises it when run (nothing ran before).
    const message = `cannot pipe ${astText(left)} into ${astText(right)}, can only pipe into local calls foo(), remote calls Foo.bar() or anonymous function calls foo.()`;
    const meta = node.meta;
    return { name: "raise", meta, args: [{ name: "__aliases__", meta, args: [{ atom: "ArgumentError" }] }, message] } as AstNode;
  }
  if (right.name === "fn" || right.name === "&") {
    throw fn.unit.error("cannot pipe into an anonymous function", node.meta);
  }
  return { ...right, args: [left, ...right.args] };
}

// ---- calls ----------------------------------------------------------------

/**
 * Compiles a call. In tail position it emits the tail call itself and returns null;
 * otherwise it returns the JS expression for the result.
 */
export function compileCall(fn: FnCtx, scope: Scope, node: AstNode, tail: boolean): string | null {
  const name = node.name;
  const argv = node.args ?? [];
  if (typeof name === "string") {
    if (name === "|>") return tail ? (tailExpr(fn, scope, pipe(fn, node)), null) : expr(fn, scope, pipe(fn, node));
    if (name === "__block__") return tail ? (tailExpr(fn, scope, node), null) : expr(fn, scope, node);
    return localCall(fn, scope, node, name, argv, tail);
  }
  if (isNode(name) && name.name === ".") {
    const target = name.args!;
    if (target.length === 1) return funCall(fn, scope, target[0], argv, tail);
    return remoteCall(fn, scope, node, target[0], target[1], argv, tail);
  }
  // Calling the result of an expression like `(fn -> 1 end)()` is invalid Elixir.
  throw fn.unit.error("invalid call", node.meta);
}

function funCall(fn: FnCtx, scope: Scope, target: Ast, argv: Ast[], tail: boolean): string | null {
  const f = toReg(fn, fn.within([ERL.FUN_EXPR], () => expr(fn, scope, target)));
  const vals = argsIn(fn, scope, argv, () => FUN_ARG);
  const t = tail && fn.tryDepth === 0;
  // One- and two-argument calls (Enum callbacks) pass arguments without an array.
  const small = vals.length === 1 || vals.length === 2;
  const st = small ? `O.fcall${vals.length}(p,${t ? "f.up" : "f"},${f},${vals.join(",")})` : `O.${t ? "ftail" : "fcall"}(p,f,${f},[${vals.join(",")}])`;
  // In a direct body a closure of the right arity is called here, through its own `direct`
  // (fun.ts): the call's target is then this site's alone, so a site that keeps calling one
  // closure (a Stream stage's next reducer) is a monomorphic call V8 can inline; any other
  // fun takes dfcall's general path.
  // An external fun (`&Mod.fun/2`) resolved before at this generation of the module table
  // is called the same way (its `direct` is its function's latest direct body, fun.ts).
  const fast = `${f} instanceof O.Fun&&${f}.arity===${vals.length}&&${f}.direct!==undefined&&(${f}.directGen===0||${f}.directGen===p.rt.modules.gen)?${f}.direct(p,${vals.join(",")},${f}.env):`;
  const dt = small ? `(${fast}O.dfcall${vals.length}(p,${f},${vals.join(",")}))` : `O.dfcall(p,${f},[${vals.join(",")}])`;
  fn.erlFunCall = true;
  try {
    if (t) {
      fn.tailCall(st, dt);
      return null;
    }
    return fn.call(st, dt);
  } finally {
    fn.erlFunCall = false;
  }
}

function remoteCall(fn: FnCtx, scope: Scope, node: AstNode, modAst: Ast, funAst: Ast, argv: Ast[], tail: boolean): string | null {
  if (fn.inGuard === 0 || node.meta?.guard_top !== true) return remoteCallBody(fn, scope, node, modAst, funAst, argv, tail);
  try {
    return remoteCallBody(fn, scope, node, modAst, funAst, argv, tail);
  } catch (e) {
    // The whole guard a remote call that is not allowed: elixir_clauses expands the guards
    // with :lists.mapfoldl/3, whose entry shows (deeper inside the guard, the expander's fill the trace).
    const mod = staticModule(fn, modAst);
    if (e instanceof CompileError && mod !== null && isAtomAst(funAst) && e.description === guardCallError(mod, funAst.atom, argv.length, fn.guardWhere)) {
      e.elixirFrames = [[a("lists"), a("mapfoldl_1"), 3, list([[a("file"), erlFile("lists.erl")], [a("line"), 1462]])]];
    }
    throw e;
  }
}

const guardCallError = (mod: string, name: string, arity: number, where: string): string => `cannot invoke remote function ${displayModule(mod)}.${name}/${arity} inside ${where}`;

function remoteCallBody(fn: FnCtx, scope: Scope, node: AstNode, modAst: Ast, funAst: Ast, argv: Ast[], tail: boolean): string | null {
  if (!isAtomAst(funAst)) throw fn.unit.error("invalid remote call", node.meta);
  const fname = funAst.atom;
  const modTerm = staticModule(fn, modAst);
  if (modTerm === null) {
    // Dynamic module or map field access (`map.field`).
    const m = toReg(fn, expr(fn, scope, modAst));
    const noParens = (node.meta as Meta).no_parens === true;
    if (argv.length === 0 && noParens && fn.inGuard > 0) return `O.dot(${m},${fn.unit.constant(a(fname))})`;
    if (argv.length === 0) return dotField(fn, m, fname, !noParens, tail && fn.tryDepth === 0);
    const vals = argsIn(fn, scope, argv, () => REMOTE_ARG);
    const t = tail && fn.tryDepth === 0;
    const st = `O.dcall(p,f,${m},${fn.unit.constant(fname)},[${vals.join(",")}],${t})`;
    const dt = `O.dmcall(p,${m},${fn.unit.constant(fname)},[${vals.join(",")}])`;
    if (t) return fn.tailCall(st, dt), null;
    return fn.call(st, dt);
  }
  if ((node.meta as Meta).unrequired_macro === true) {
    // (Module.Types reports it once the module is compiled: 'you must require ...'.)
    fn.unit.noteRemoteCall(fn, modTerm, fname, argv.length, node.meta?.line ?? 0, true);
    return emitRemote(fn, scope, modTerm, fname, argv, tail, true);
  }
  // defmodule hands the variables in scope to the module's compilation (its body may read
  // them through unquote): they count as used, as in Elixir.
  if (modTerm === "beamsh_module" && fname === "__compile__") {
    for (let s: Scope | null = scope; s !== null; s = s.parent) for (const b of s.bindings.values()) if (b) b.used = true;
  }
  const inl = intrinsic(fn, scope, modTerm, fname, argv);
  if (inl !== null) return inl;
  if (node.meta?.context_module !== true) fn.unit.noteRemoteCall(fn, modTerm, fname, argv.length, node.meta?.line ?? 0);
  // what Elixir's compiler turns the call into (String.to_integer/1 -> :erlang.binary_to_integer/1)
  const host = fn.unit.host;
  const rw = fn.inGuard > 0 ? null : erlangRewrite(modTerm, fname, argv, (m, f, n) => host.nativeCode(m, f, n) !== null || host.hasFunction(m, f, n));
  if (rw !== null) return compiledRemote(fn, scope, rw.mod, rw.fun, rw.args, tail);
  return compiledRemote(fn, scope, modTerm, fname, argv, tail);
}

/**
 * A remote call, as the Erlang compiler leaves it in compiled code (a module's, a script's):
 * :maps.get/2 becomes the :erlang.map_get/2 BIF (whose entry a failure shows), as it does
 * for Map.fetch!/2; erl_eval (shell code) calls :maps.get/2 itself.
 */
function compiledRemote(fn: FnCtx, scope: Scope, mod: string, fname: string, argv: Ast[], tail: boolean): string | null {
  if (mod === "maps" && fname === "get" && argv.length === 2 && fn.compiled() && fn.unit.host.nativeCode("erlang", "map_get", 2) !== null) {
    return emitRemote(fn, scope, "erlang", "map_get", argv, tail);
  }
  return emitRemote(fn, scope, mod, fname, argv, tail);
}

/**
 * `term.name` / `term.name()` with a term known only at run time: Elixir's case over the
 * term, a map's field or else a call of the module the term names. The field is read in
 * place (`dotValue`); only what must be a call goes to a block of its own, so reading a
 * field costs no call.
 */
function dotField(fn: FnCtx, m: string, fname: string, parens: boolean, tail: boolean): string {
  const key = fn.unit.constant(a(fname));
  const res = fn.slot();
  const slow = fn.newBlock();
  fn.emit(`f.line=${fn.siteLine()};r[${res}]=O.dotValue(${m},${key},${parens});if(r[${res}]===O.NOT_A_FIELD){f.pc=${slow};continue L;}`);
  const name = fn.unit.constant(fname);
  const st = `O.dcall(p,f,${m},${name},[],${tail})`;
  const dt = `O.dmcall(p,${m},${name},[])`;
  if (tail) {
    // the field is this function's value; the call replaces its frame
    const here = fn.currentBlock();
    fn.setBlock(slow);
    fn.tailCall(st, dt);
    fn.setBlock(here);
    return `r[${res}]`;
  }
  const join = fn.newBlock();
  fn.jump(join);
  fn.setBlock(slow);
  fn.emit(`r[${res}]=${fn.call(st, dt)};`);
  fn.jump(join);
  fn.setBlock(join);
  return `r[${res}]`;
}

export function emitRemote(fn: FnCtx, scope: Scope, mod: string, fname: string, argv: Ast[], tail: boolean, macroOnly = false): string | null {
  // raise/reraise keep the caller's frame (like BEAM's erlang:error BIF), so no tail call.
  if (mod === "Elixir.Kernel" && (fname === "raise" || fname === "reraise")) tail = false;
  if (fn.inGuard > 0) {
    // Guards may only call BIFs (a native runs inline, with no frame): Erlang's, Kernel's
    // guards, a library macro its module expands into them once required (Integer.is_odd/1),
    // and what Elixir inlines into a BIF (Bitwise.band/2, Map.size... elixir_rewrite).
    if (!macroOnly && mod !== "erlang" && mod !== "Elixir.Kernel" && !isLibraryMacro(mod, fname, argv.length)) {
      const rw = erlangRewrite(mod, fname, argv, (m, f, n) => m === "erlang" && fn.unit.host.nativeCode(m, f, n) !== null);
      if (rw !== null) return emitRemote(fn, scope, rw.mod, rw.fun, rw.args, tail);
    }
    if (mod === "Elixir.Kernel" && !macroOnly && !isLibraryMacro(mod, fname, argv.length)) {
      // Kernel's functions are :erlang's once inlined (min/2 is :erlang.min/2, no guard BIF);
      // the others are no guards at all (Kernel.inspect/1).
      const inlined = kernelInlined(fname, argv.length);
      const refused = inlined !== undefined ? (erlangGuard(inlined, argv.length) ? null : ["erlang", inlined]) : KERNEL_GUARDS.has(`${fname}/${argv.length}`) ? null : [mod, fname];
      if (refused !== null) throw fn.unit.error(guardCallError(refused[0], refused[1], argv.length, fn.guardWhere), { line: fn.line, column: 0 });
    }
    const allowed = !macroOnly && ((mod === "erlang" && erlangGuard(fname, argv.length)) || mod === "Elixir.Kernel" || isLibraryMacro(mod, fname, argv.length));
    const native = allowed ? fn.unit.host.nativeCode(mod, fname, argv.length) : null;
    if (native === null) throw fn.unit.error(guardCallError(mod, fname, argv.length, fn.guardWhere), { line: fn.line, column: 0 });
    return `O.runNative(p,${fn.unit.constant(native)},[${args(fn, scope, argv).join(",")}])`;
  }
  const cs = fn.unit.constant(new CallSite(mod, fname, argv.length, macroOnly));
  const vals = argsIn(fn, scope, argv, () => REMOTE_ARG);
  const dt = `O.drcall(p,${cs},[${vals.join(",")}])`;
  if (tail && fn.tryDepth === 0) {
    fn.tailCall(`O.rtail(p,f,${cs},[${vals.join(",")}])`, dt);
    return null;
  }
  return fn.call(`O.rcall(p,f,${cs},[${vals.join(",")}])`, dt);
}

/**
 * The :erlang functions a guard may call, as Elixir checks them (elixir_rewrite): Erlang's
 * guard BIFs (erl_internal:guard_bif/2, is_record/2,3 excepted) and operators.
 */
const ERLANG_GUARDS = new Set(
  (
    "is_map_key/2 map_get/2 ceil/1 floor/1 map_size/1 is_map/1 binary_part/3 binary_part/2 bit_size/1 byte_size/1 tuple_size/1 " +
    "is_bitstring/1 is_boolean/1 is_function/2 is_function/1 is_binary/1 is_reference/1 is_port/1 is_pid/1 is_number/1 is_integer/1 " +
    "is_float/1 is_tuple/1 is_list/1 is_atom/1 trunc/1 tl/1 size/1 self/0 round/1 node/0 node/1 length/1 hd/1 float/1 element/2 abs/1 " +
    "+/1 -/1 +/2 -/2 */2 //2 div/2 rem/2 band/2 bor/2 bxor/2 bsl/2 bsr/2 bnot/1 not/1 and/2 or/2 xor/2 andalso/2 orelse/2 " +
    "==/2 /=/2 =</2 </2 >=/2 >/2 =:=/2 =/=/2"
  ).split(" "),
);
const erlangGuard = (name: string, arity: number): boolean => ERLANG_GUARDS.has(`${name}/${arity}`);

/** Kernel's functions allowed in guards that Elixir does not inline (its operators, elem/2...). */
const KERNEL_GUARDS = new Set(
  "elem/2 is_map_key/2 !=/2 !==/2 */2 +/1 +/2 -/1 -/2 //2 </2 <=/2 ==/2 ===/2 >/2 >=/2 ceil/1 floor/1 map_size/1 binary_part/3 bit_size/1 byte_size/1 tuple_size/1 hd/1 tl/1 length/1 is_atom/1 is_binary/1 is_bitstring/1 is_boolean/1 is_float/1 is_function/1 is_function/2 is_integer/1 is_list/1 is_map/1 is_number/1 is_pid/1 is_port/1 is_reference/1 is_tuple/1 abs/1 div/2 rem/2 round/1 trunc/1 node/0 node/1 self/0 not/1".split(" "),
);

/** The module atom name when `ast` is a compile-time module (alias or atom). */
function staticModule(fn: FnCtx, ast: Ast): string | null {
  if (isAtomAst(ast)) return ast.atom;
  if (isNode(ast) && ast.name === "__aliases__") return aliasName(fn.unit, ast);
  if (isNode(ast) && ast.name === "__MODULE__" && ast.args === null && fn.unit.module) return fn.unit.module;
  return null;
}

/** Kernel functions and special forms that are imported everywhere. */
function localCall(fn: FnCtx, scope: Scope, node: AstNode, name: string, argv: Ast[], tail: boolean): string | null {
  const arity = argv.length;
  const key = `${name}/${arity}`;
  // Functions of the module being compiled come first (not for a Kernel.name(...) call).
  const local = node.meta?.kernel === true ? undefined : fn.unit.locals.get(key);
  // A function of the module is no guard (only macros are expanded there).
  if (local !== undefined && fn.inGuard > 0) throw fn.unit.error(localInGuardError(node, fn.guardWhere), node.meta);
  if (local !== undefined) {
    const vals = args(fn, scope, argv);
    const t = tail && fn.tryDepth === 0;
    // Arguments are computed first (a tail call reuses this very frame), then written in.
    const temps = vals.map((v, i) => `a${i}=${v}`).join(",");
    const writes = vals.map((_, i) => `q[${i}]=a${i};`).join("");
    const pre = vals.length ? `const ${temps};` : "";
    // A call to the function being compiled continues in this JS function on the callee's
    // frame (charging its reduction here); other local calls go back to the unit's loop.
    const self = local === fn.codeIndex;
    const code = self ? "SELF" : `C[${local}]`;
    // Leading clauses like `def fib(0), do: 0` are answered without entering the callee.
    const quick = constantClauses(fn, local);
    // In a direct body (protocol.ts), the callee's direct body is called, or dcode
    // suspends into it when it has none.
    const names = vals.map((_, i) => `a${i}`);
    const directCall = (l: LinkInfo): string => (l.direct[local] ? `D${local}(p${names.map((n) => "," + n).join("")})` : `O.dcode(p,C[${local}],[${names.join(",")}])`);
    const line = fn.line;
    if (t) {
      const early = quick.map(({ cond, value }) => `if(${cond}){${genReturn(value)}}`).join("");
      // A local tail call reuses this very frame (it is the pooled frame at this depth).
      fn.emitPoint({
        res: (l) => {
          const reuse = `${genReuseFrame(code)}${writes}${genLocalCallGo(self)}`;
          // A receive loop resumed on its heap frame (it blocked) stays there: going back to
          // its direct body would capture it again at its next blocking receive.
          const toDirect = l.direct[local] && !(self && fn.hasReceive);
          return `{${pre}${early}${toDirect ? genResumableDirectTailCall(directCall(l), reuse) : reuse}}`;
        },
        dir: (l) =>
          self
            ? `{${pre}${early}${names.map((n, i) => `r[${i}]=${n};`).join("")}${genDirectSelfTailCall(`C[${local}]`, fn.nslots)}}`
            : `{${pre}${early}${genDirectTailCall(line, directCall(l))}}`,
      });
      return null;
    }
    const k = fn.newBlock();
    const early = quick.map(({ cond, value }) => `if(${cond}){${genAnswered(value, k)}}`).join("");
    fn.emitPoint({
      res: (l) =>
        l.direct[local]
          ? `{${pre}f.line=${line};f.pc=${k};${early}${genResumableDirectCall(directCall(l))}}`
          : `{${pre}f.line=${line};f.pc=${k};${early}${genPushFrame(code)}${writes}${genLocalCallGo(self, "f=g;r=q;")}}`,
      dir: (l) => {
        if (self) fn.selfCalls++;
        if (self && fn.xsMode) {
          // (on the explicit stack: protocol.ts XS)
          const site = fn.directSite(k, line);
          if (site !== null) fn.xsSites.push(site);
          const js = `D${local}(p${names.map((n) => "," + n).join("")},$d+1)`;
          return `{${pre}f.pc=${k};${early}${genDirectSelfCall(`C[${local}]`, line, k, names, site, fn.nslots, genDirectCall(line, k, js, site))}}`;
        }
        return `{${pre}f.pc=${k};${early}${genDirectCall(line, k, directCall(l), fn.directSite(k, line), fn.hasTry)}}`;
      },
    });
    fn.setBlock(k);
    const res = fn.slot();
    fn.emit(`r[${res}]=p.x;`);
    return `r[${res}]`;
  }
  const unimported = node.meta?.unimported === true;
  const inl = unimported ? null : intrinsic(fn, scope, "Elixir.Kernel", name, argv);
  if (inl !== null) return inl;
  for (const [mod, only] of unimported ? [] : fn.unit.env.imports) {
    if ((only === null || only.has(key)) && fn.unit.host.hasFunction(mod, name, arity)) {
      return emitRemote(fn, scope, mod, name, argv, tail);
    }
  }
  if (!unimported && fn.unit.host.hasFunction("Elixir.Kernel", name, arity)) return emitRemote(fn, scope, "Elixir.Kernel", name, argv, tail);
  if (!fn.unit.module && fn.unit.host.hasFunction("Elixir.IEx.Helpers", name, arity)) {
    return emitRemote(fn, scope, "Elixir.IEx.Helpers", name, argv, tail);
  }
  // (in a guard, elixir_expand finds no such local before the module's other undefined ones)
  if (fn.inGuard > 0 && fn.unit.module) throw fn.unit.error(localInGuardError(node, fn.guardWhere), node.meta);
  const err = undefinedFunction(fn, name, arity, node.meta);
  if (err !== null) throw err;
  // (The module is never loaded: compiled as a call to itself only to go on.)
  return emitRemote(fn, scope, fn.unit.module!, name, argv, tail);
}

/**
 * A call or capture of `name/arity` that is neither local nor imported. In a module Elixir
 * finds it once the body has run (elixir_locals): recorded, and null while compiling goes
 * on; elsewhere (or when the module cannot go on) the CompileError to raise.
 */
export function undefinedFunction(fn: FnCtx, name: string, arity: number, meta: Meta | undefined): CompileError | null {
  // (elixir_locals reports it in the definition's file: a @file before it names another)
  const err = fn.unit.module && fn.unit.definitionFile !== null ? new CompileError(undefinedLocal(fn, name, arity), fn.unit.definitionFile, meta?.line ?? 0) : fn.unit.error(undefinedLocal(fn, name, arity), meta);
  if (fn.unit.module) {
    err.elixirFrames = LOCALS_FRAMES;
    err.hideFramesInScripts = true;
    if (fn.unit.undefinedLocals !== null) {
      fn.unit.undefinedLocals.push({ error: err, name, arity });
      return null;
    }
  }
  return err;
}

const erlFile = (s: string): Term => list(Array.from(s, (c) => c.codePointAt(0)!));
/** Where Elixir's compiler process raises what it finds once a module's body has run. */
export const ERL_COMPILER_FRAME: Term = [a("elixir_erl_compiler"), a("-spawn/1-fun-0-"), 2, list([[a("file"), erlFile("src/elixir_erl_compiler.erl")], [a("line"), 12]])];
const LOCALS_FRAMES: Term[] = [
  [a("elixir_locals"), a("-ensure_no_undefined_local/3-fun-0-"), 4, list([[a("file"), erlFile("src/elixir_locals.erl")], [a("line"), 115]])],
  ERL_COMPILER_FRAME,
];

/**
 * The leading clauses of local function `idx` that need no frame: no guard, every pattern a
 * literal (integer, atom, nil/true/false, []) or a variable, and a literal body. A call to
 * the function tries them inline, in order, before calling it (which tries them again).
 */
function constantClauses(fn: FnCtx, idx: number): { cond: string; value: string }[] {
  const clauses = fn.unit.localClauses.get(idx) ?? [];
  const out: { cond: string; value: string }[] = [];
  for (const c of clauses) {
    if (c.guard !== null) break;
    const value = literalJs(fn, c.body);
    if (value === null) break;
    // Tests on the call's argument temporaries a0, a1, ...; variables test nothing.
    const tests: string[] = [];
    const seen = new Set<string>();
    for (const [i, pat] of c.pats.entries()) {
      if (isNode(pat) && pat.args === null && typeof pat.name === "string" && pat.name !== "^" && !pat.name.startsWith("__")) {
        // A variable used twice (`def f(x, x)`) is an equality test: not a plain wildcard.
        if (!pat.name.startsWith("_") && seen.has(pat.name)) return out;
        seen.add(pat.name);
        continue;
      }
      const lit = literalJs(fn, pat);
      if (lit === null) return out;
      tests.push(`a${i}===${lit}`);
    }
    out.push({ cond: tests.length ? tests.join("&&") : "true", value });
  }
  return out;
}

/** JS for a literal whose value `===` identifies: small integers, atoms, nil, booleans, []. */
function literalJs(fn: FnCtx, ast: Ast): string | null {
  if (typeof ast === "bigint") return ast >= -(2n ** 31n) && ast < 2n ** 31n ? String(ast) : null;
  if (ast === null) return "null";
  if (ast === true || ast === false) return String(ast);
  if (isAtomAst(ast)) return fn.unit.constant(a(ast.atom));
  if (Array.isArray(ast) && ast.length === 0) return "O.NIL";
  return null;
}

function undefinedLocal(fn: FnCtx, name: string, arity: number): string {
  if (!fn.unit.module) return `undefined function ${name}/${arity} (there is no such import)`;
  // The module defines it as a macro, after the call: macros expand only once defined.
  if (fn.unit.locals.has(`MACRO-${name}/${arity + 1}`)) return `cannot invoke macro ${name}/${arity} before its definition`;
  // (the functions the compiler adds to every module, or to a behaviour, exist only as remotes)
  if ((name === "module_info" && arity <= 1) || ((name === "__info__" || name === "behaviour_info") && arity === 1)) {
    return `undefined function ${name}/${arity} (this function is auto-generated by the compiler and must always be called as a remote, as in __MODULE__.${name}/${arity})`;
  }
  return `undefined function ${name}/${arity} (expected ${displayModule(fn.unit.module)} to define such a function or for it to be imported, but none are available)`;
}

// ---- aliases and compile-time values ------------------------------------------

/** Expands `Foo.Bar` through the aliases in effect into a module atom name. */
export function aliasName(unit: { env: { aliases: Map<string, string> }; module: string }, node: AstNode): string {
  if (isAtomAst(node as Ast)) return (node as unknown as { atom: string }).atom;
  if (!isNode(node as Ast) || node.name !== "__aliases__" || !Array.isArray(node.args)) {
    throw new CompileError("expected an alias (a module name)", "iex", (node as AstNode | null)?.meta?.line ?? 0);
  }
  const parts = node.args!.map((p) => {
    if (isAtomAst(p)) return p.atom;
    if (isNode(p) && p.name === "__MODULE__") return unit.module.replace(/^Elixir\./, "");
    return "?";
  });
  const head = parts[0];
  // `Elixir.Foo` names the module Foo itself (no alias applies); `Elixir` alone is :Elixir.
  if (head === "Elixir" || head.startsWith("Elixir.")) return parts.join(".");
  const aliased = unit.env.aliases.get(head);
  const base = aliased ?? "Elixir." + head;
  return [base, ...parts.slice(1)].join(".");
}

/** Evaluates a compile-time constant (literals, aliases, attributes, ranges, sigil_w). */
export function literalTerm(fn: FnCtx, ast: Ast): Term {
  if (isLiteralAst(ast)) return ast.literal as Term;
  if (typeof ast === "bigint") return int(ast);
  if (typeof ast === "number") return new Float(ast);
  if (typeof ast === "string" || ast === null || ast === true || ast === false) return ast;
  if (isAtomAst(ast)) return a(ast.atom);
  if (Array.isArray(ast)) {
    const last = ast[ast.length - 1];
    if (ast.length > 0 && isNode(last) && last.name === "|") {
      const [h, t] = last.args!;
      return list([...ast.slice(0, -1).map((x) => literalTerm(fn, x)), literalTerm(fn, h)], literalTerm(fn, t));
    }
    return list(ast.map((x) => literalTerm(fn, x)));
  }
  if (isTupleAst(ast)) return ast.tuple.map((x) => literalTerm(fn, x));
  const node = ast as AstNode;
  switch (node.name) {
    case "__aliases__":
      return a(aliasName(fn.unit, node));
    case "__MODULE__":
      return fn.unit.module ? a(fn.unit.module) : null;
    case "{}":
      return node.args!.map((x) => literalTerm(fn, x));
    case "%{}":
      return MapTerm.fromPairs(node.args!.map((p) => {
        if (!isTupleAst(p)) throw fn.unit.error("invalid map literal");
        return [literalTerm(fn, p.tuple[0]), literalTerm(fn, p.tuple[1])] as [Term, Term];
      }));
    case "-":
      if (node.args!.length === 1) {
        const v = literalTerm(fn, node.args![0]);
        return v instanceof Float ? new Float(-v.v) : int(-BigInt(v));
      }
      break;
    case "@": {
      const attr = node.args![0] as AstNode;
      const v = fn.unit.attributes.get(attr.name as string);
      if (v === undefined) return null;
      return v;
    }
    case "..":
    case "..//": {
      const [first, last, step] = node.args!.map((x) => literalTerm(fn, x));
      return rangeTerm(first, last, step ?? (first <= last ? 1 : -1));
    }
    case "sigil_w": {
      const [parts, mods] = node.args!;
      const text = ((parts as AstNode).args as Ast[]).join("");
      const words = text.split(/\s+/).filter((w) => w.length > 0);
      const m = (mods as bigint[]).map((c) => String.fromCharCode(Number(c))).join("");
      return list(words.map((w) => (m.includes("a") ? a(w) : w)));
    }
  }
  if (node.name === "<<>>" && node.args!.every((x) => typeof x === "string")) return (node.args as string[]).join("");
  throw fn.unit.error(`invalid literal ${typeof node.name === "string" ? node.name : "expression"} in pattern or attribute`, node.meta);
}

export function rangeTerm(first: Term, last: Term, step: Term): MapTerm {
  return MapTerm.fromPairs([
    [a("__struct__"), a("Elixir.Range")],
    [a("first"), first],
    [a("last"), last],
    [a("step"), step],
  ]);
}
