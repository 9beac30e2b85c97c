// Control forms: case, cond, if/unless, with, try, receive, for. Clauses become labeled
// blocks of pattern tests that jump to their body blocks; bodies join at one block (or
// return directly in tail position).
import { Ast, AstNode, guardAlternatives, isAtomAst, isNode, isTupleAst } from "../../lang/ast.js";
import { GEN_DIRECT_TRY_POP, GEN_WAIT, genDirectTryCaught, genDirectTryPush, genDirectWait } from "../protocol.js";
import { a, list } from "../term.js";
import { astToTerm } from "./quoted.js";
import { quotedToString } from "./code-formatter.js";
import { CallSite } from "../calls.js";
import { aliasName, block, expr, tailExpr, toReg } from "./expr.js";
import { guardExpr } from "./intrinsics.js";
import { Bound, matchPattern } from "./patterns.js";
import { FnCtx, Scope } from "./unit.js";
import { compileFor } from "./comprehensions.js";
import { ERL, ErlFrame, TRY_CATCH_KEEP, TRY_ELSE_KEEP } from "../erl-eval-trace.js";

/** A case's subject (if, cond, &&, with and the like are cases once Elixir translates them). */
const SUBJECT = [ERL.CASE];
import { isLiteralSubject, warnFalseGuards, warnShadowedClauses } from "./clause-warnings.js";

export const CONTROL_FORMS = new Set(["case", "cond", "if", "unless", "with", "try", "receive", "for"]);

export interface Clause {
  pats: Ast[];
  guard: Ast | null;
  body: Ast;
  /** Where the clause was written (none for clauses the compiler generates). */
  line?: number;
}

/** Reads `do:`-style keyword sections: [{:do, x}, {:else, y}] → {do: x, else: y}. */
export function sections(fn: FnCtx, kw: Ast): Record<string, Ast> {
  const out: Record<string, Ast> = {};
  if (!Array.isArray(kw)) throw fn.unit.error("invalid do block");
  for (const p of kw) {
    if (isTupleAst(p) && isAtomAst(p.tuple[0])) out[p.tuple[0].atom] = p.tuple[1];
  }
  return out;
}

/** `[{:->, _, [[pats...], body]}]` → clauses (splitting off `when` guards). */
export function readClauses(fn: FnCtx, ast: Ast): Clause[] {
  if (!Array.isArray(ast)) throw fn.unit.error("expected -> clauses");
  return ast.map((c) => {
    if (!isNode(c) || c.name !== "->") throw fn.unit.error("expected -> clauses", isNode(c) ? c.meta : null);
    const [head, body] = c.args! as [Ast[], Ast];
    const clause = splitGuard(head, body);
    // A generated clause (quote generated: true) has no line: it is never warned about.
    if (c.meta?.line && c.meta?.generated !== true) clause.line = c.meta.line as number;
    return clause;
  });
}

function splitGuard(head: Ast[], body: Ast): Clause {
  if (head.length === 1 && isNode(head[0]) && head[0].name === "when") {
    const w = head[0].args!;
    return { pats: w.slice(0, -1), guard: w[w.length - 1], body };
  }
  return { pats: head, guard: null, body };
}

/**
 * Emits clause tests against `values`; matched clause bodies store into a result register
 * and jump to a join block (or return, in tail position). `noMatch` is the JS statement run
 * when no clause matches. Returns the result register (null in tail position).
 */
export function emitClauses(fn: FnCtx, scope: Scope, clauses: Clause[], values: string[], noMatch: string, tail: boolean, bodyFrames: readonly ErlFrame[] = []): string | null {
  const res = tail ? -1 : fn.slot();
  const join = tail ? -1 : fn.newBlock();
  const start = fn.cur;
  for (const c of clauses) {
    if (c.pats.length !== values.length) throw fn.unit.error(`expected ${values.length} pattern(s) in clause, got ${c.pats.length}`);
    const cs = scope.child();
    const L = fn.freshLabel();
    fn.setBlock(start);
    fn.emit(`${L}:{`);
    fn.openClauses[start]++;
    const bound = new Bound();
    c.pats.forEach((p, i) => matchPattern(fn, cs, p, values[i], L, bound));
    if (c.guard !== null) emitGuard(fn, cs, c.guard, L);
    // The body follows its tests inline (unless clauses nest too deep here); every path
    // through it ends in a return or jump.
    fn.bodyBlock();
    if (tail) fn.withinTail(bodyFrames, () => tailExpr(fn, cs, c.body));
    else {
      fn.emit(`r[${res}]=${fn.within(bodyFrames, () => expr(fn, cs, c.body))};`);
      fn.jump(join);
    }
    fn.blocks[start].push("}");
    fn.openClauses[start]--;
  }
  fn.setBlock(start);
  fn.emit(noMatch);
  if (tail) return null;
  fn.setBlock(join);
  return `r[${res}]`;
}

/**
 * Guard: must evaluate to exactly `true`; an exception inside a guard means false. A guard
 * written `when a when b` holds when any of its alternatives does, each tried on its own: one
 * raising (map_size of a tuple) makes that alternative false and the next is tried.
 */
export function emitGuard(fn: FnCtx, scope: Scope, guard: Ast, fail: string): void {
  const alternatives = guardAlternatives(guard);
  if (alternatives.length <= 1) return emitOneGuard(fn, scope, guard, fail);
  const ok = fn.freshLabel();
  fn.emit(`${ok}:{`);
  for (const alt of alternatives) {
    const next = fn.freshLabel();
    fn.emit(`${next}:{`);
    emitOneGuard(fn, scope, alt, next);
    fn.emit(`break ${ok};}`);
  }
  fn.emit(`break ${fail};}`);
}

function emitOneGuard(fn: FnCtx, scope: Scope, guard: Ast, fail: string): void {
  const block = fn.blocks[fn.currentBlock()];
  const mark = block.length;
  const g = guardExpr(fn, scope, guard);
  // Whatever the guard computed before its value fails the guard too when it raises.
  const before = block.splice(mark).join("");
  // (a guard BIF run as a native, :erlang.round/1, raises as a function: it fails the guard too)
  if (before !== "" || /O\.(add|sub|mul|fdiv|idiv|irem|elem|hd|tl|length|tupleSize|mapSize|bsize|abs|neg|bool|not|isMapKey|isStructNamed|dot|g|runNative)\(/.test(g)) {
    const t = fn.temp();
    fn.emit(`let ${t};try{${before}${t}=${g};}catch(e){${t}=false;}if(${t}!==true)break ${fail};`);
  } else {
    fn.emit(`if((${g})!==true)break ${fail};`);
  }
}

/** `pattern = value` outside clauses: MatchError on failure. */
export function compileMatch(fn: FnCtx, scope: Scope, pat: Ast, v: string): void {
  const ok = fn.freshLabel();
  const L = fn.freshLabel();
  fn.emit(`${ok}:{${L}:{`);
  matchPattern(fn, scope, pat, v, L, new Bound());
  fn.emit(`break ${ok};}f.line=${fn.siteLine()};throw O.matchError(${v});}`);
}

export function compileControl(fn: FnCtx, scope: Scope, node: AstNode, tail: boolean): string | null {
  const args = node.args!;
  switch (node.name) {
    case "case":
      return compileCase(fn, scope, args, tail, node.meta?.line as number | undefined);
    case "cond":
      return compileCond(fn, scope, args, tail);
    case "if":
    case "unless":
      return compileIf(fn, scope, node, tail);
    case "with":
      return compileWith(fn, scope, node, tail);
    case "try":
      return compileTry(fn, scope, node, tail);
    case "receive":
      return compileReceive(fn, scope, node, tail);
    case "for":
      return compileFor(fn, scope, node, tail);
  }
  throw fn.unit.error("unknown form");
}

function compileCase(fn: FnCtx, scope: Scope, args: Ast[], tail: boolean, line?: number): string | null {
  const v = toReg(fn, fn.within(SUBJECT, () => expr(fn, scope, args[0])));
  const clauses = readClauses(fn, sections(fn, args[1]).do);
  if (!isLiteralSubject(args[0])) warnShadowedClauses(fn.unit, clauses);
  warnFalseGuards(fn.unit, clauses, line);
  return emitClauses(fn, scope, clauses, [v], `f.line=${fn.siteLine()};throw O.caseClauseError(${v});`, tail);
}

function compileCond(fn: FnCtx, scope: Scope, args: Ast[], tail: boolean): string | null {
  const clauses = readClauses(fn, sections(fn, args[0]).do);
  const res = tail ? -1 : fn.slot();
  const join = tail ? -1 : fn.newBlock();
  for (const c of clauses) {
    const cs = scope.child();
    const v = fn.within(SUBJECT, () => expr(fn, cs, c.pats[0]));
    const body = fn.newBlock();
    const next = fn.newBlock();
    fn.emit(`if(O.truthy(${v})){f.pc=${body};continue L;}`);
    fn.jump(next);
    fn.setBlock(body);
    if (tail) tailExpr(fn, cs, c.body);
    else {
      fn.emit(`r[${res}]=${expr(fn, cs, c.body)};`);
      fn.jump(join);
    }
    fn.setBlock(next);
  }
  fn.emit(`f.line=${fn.siteLine()};throw O.raise("CondClauseError",{});`);
  if (tail) return null;
  fn.setBlock(join);
  return `r[${res}]`;
}

function compileIf(fn: FnCtx, scope: Scope, node: AstNode, tail: boolean): string | null {
  const [cond, kw] = node.args!;
  if (kw === undefined) throw fn.unit.error(`missing :do option in "${node.name}"`, node.meta);
  const s = sections(fn, kw);
  const c = fn.within(SUBJECT, () => expr(fn, scope, cond));
  const yes = fn.newBlock();
  const no = fn.newBlock();
  const test = node.name === "if" ? `O.truthy(${c})` : `!O.truthy(${c})`;
  fn.emit(`if(${test}){f.pc=${yes};continue L;}`);
  fn.jump(no);
  return branches(fn, scope, [[yes, s.do ?? null], [no, s.else ?? null]], tail);
}

/** Compiles bodies into the given blocks, joining them. */
function branches(fn: FnCtx, scope: Scope, list: [number, Ast][], tail: boolean): string | null {
  const res = tail ? -1 : fn.slot();
  const join = tail ? -1 : fn.newBlock();
  for (const [k, body] of list) {
    fn.setBlock(k);
    const bs = scope.child();
    if (tail) tailExpr(fn, bs, body);
    else {
      fn.emit(`r[${res}]=${expr(fn, bs, body)};`);
      fn.jump(join);
    }
  }
  if (tail) return null;
  fn.setBlock(join);
  return `r[${res}]`;
}

function compileWith(fn: FnCtx, scope: Scope, node: AstNode, tail: boolean): string | null {
  const args = node.args!;
  const s = sections(fn, args[args.length - 1]);
  const steps = args.slice(0, -1);
  const inner = scope.child();
  const res = tail ? -1 : fn.slot();
  const join = tail ? -1 : fn.newBlock();
  const failed = fn.slot();
  const elseBlock = fn.newBlock();
  for (const st of steps) {
    if (isNode(st) && st.name === "<-") {
      const [patAst, valAst] = st.args!;
      const clause = splitGuard([patAst], null);
      const v = toReg(fn, fn.within(SUBJECT, () => expr(fn, inner, valAst)));
      const L = fn.freshLabel();
      const ok = fn.freshLabel();
      fn.emit(`${ok}:{${L}:{`);
      matchPattern(fn, inner, clause.pats[0], v, L, new Bound());
      if (clause.guard) emitGuard(fn, inner, clause.guard, L);
      fn.emit(`break ${ok};}r[${failed}]=${v};f.pc=${elseBlock};continue L;}`);
    } else {
      const v = expr(fn, inner, st);
      if (v) fn.emit(`${v};`);
    }
  }
  if (tail) tailExpr(fn, inner, s.do);
  else {
    fn.emit(`r[${res}]=${expr(fn, inner, s.do)};`);
    fn.jump(join);
  }
  fn.setBlock(elseBlock);
  const v = `r[${failed}]`;
  if (s.else === undefined) {
    if (tail) fn.ret(v);
    else {
      fn.emit(`r[${res}]=${v};`);
      fn.jump(join);
    }
  } else {
    const r = emitClauses(fn, scope, readClauses(fn, s.else), [v], `f.line=${fn.siteLine()};throw O.raise("WithClauseError",{term:${v}});`, tail);
    if (!tail) {
      fn.emit(`r[${res}]=${r};`);
      fn.jump(join);
    }
  }
  if (tail) return null;
  fn.setBlock(join);
  return `r[${res}]`;
}

// ---- try ---------------------------------------------------------------------

function compileTry(fn: FnCtx, scope: Scope, node: AstNode, tail: boolean): string | null {
  const s = sections(fn, node.args![0]);
  // Without `after`, the else, rescue and catch clauses run once the try's handlers are
  // gone: in tail position their calls are tail calls, as on BEAM (a Stream.resource, whose
  // every element goes through a try's else, runs in constant space).
  const tailClauses = tail && s.after === undefined;
  const res = fn.slot();
  const join = fn.newBlock();
  const hasHandlers = s.rescue !== undefined || s.catch !== undefined;
  const afterBlock = s.after !== undefined ? fn.newBlock() : -1;
  const handler = hasHandlers ? fn.newBlock() : -1;
  // Handlers open inside this try's extent (its body and clauses): an upper bound on how
  // many are active at once.
  const opened = (afterBlock >= 0 ? 1 : 0) + (hasHandlers ? 1 : 0);
  fn.handlerNest += opened;
  fn.maxHandlerNest = Math.max(fn.maxHandlerNest, fn.handlerNest);
  if (afterBlock >= 0) pushHandler(fn, afterBlock);
  if (hasHandlers) pushHandler(fn, handler);
  fn.tryDepth++;
  // The body's value is computed while the handlers are still installed.
  const v = toReg(fn, fn.within([ERL.TRY_BODY], () => expr(fn, scope.child(), s.do ?? null)));
  if (hasHandlers) popHandler(fn);
  if (s.else !== undefined) {
    const vr = toReg(fn, v);
    const noMatch = `f.line=${fn.siteLine()};throw O.raise("TryClauseError",{term:${vr}});`;
    if (tailClauses) {
      fn.tryDepth--;
      emitClauses(fn, scope, readClauses(fn, s.else), [vr], noMatch, true, [TRY_ELSE_KEEP]);
      fn.tryDepth++;
    } else {
      const r = emitClauses(fn, scope, readClauses(fn, s.else), [vr], noMatch, false, [TRY_ELSE_KEEP]);
      fn.emit(`r[${res}]=${r};`);
      finishTry(fn, scope, s, afterBlock, join);
    }
  } else {
    fn.emit(`r[${res}]=${v};`);
    finishTry(fn, scope, s, afterBlock, join);
  }
  if (hasHandlers) {
    fn.setBlock(handler);
    const e = fn.slot();
    caught(fn, e);
    const clauses = [...rescueClauses(fn, s.rescue), ...catchClauses(fn, s.catch)];
    const values = [`r[${e}].kind`, `O.normalizeError(r[${e}])`, `r[${e}]`];
    if (tailClauses) {
      fn.tryDepth--;
      emitClausesWithErr(fn, scope, clauses, values, `throw r[${e}];`, e, true);
      fn.tryDepth++;
    } else {
      const r = emitClausesWithErr(fn, scope, clauses, values, `throw r[${e}];`, e, false);
      fn.emit(`r[${res}]=${r};`);
      finishTry(fn, scope, s, afterBlock, join);
    }
  }
  fn.tryDepth--;
  if (afterBlock >= 0) {
    fn.setBlock(afterBlock);
    const e = fn.slot();
    caught(fn, e);
    const av = fn.within(AFTER, () => expr(fn, scope.child(), s.after));
    if (av) fn.emit(`${av};`);
    fn.emit(`throw r[${e}];`);
  }
  fn.handlerNest -= opened;
  fn.setBlock(join);
  if (tail) {
    fn.ret(`r[${res}]`);
    return null;
  }
  return `r[${res}]`;
}

/** Installs the try handler at block `pc` (the frame's `h`, or the direct body's `$h`). */
function pushHandler(fn: FnCtx, pc: number): void {
  fn.hasTry = true;
  fn.emitPoint({ res: () => `(f.h||(f.h=[])).push({pc:${pc}});`, dir: () => genDirectTryPush(pc) });
}

/** Removes the innermost try handler. */
function popHandler(fn: FnCtx): void {
  fn.emitPoint({ res: () => `f.h.pop();`, dir: () => GEN_DIRECT_TRY_POP });
}

/** A handler's block starts by taking the exception it caught into register `e`. */
function caught(fn: FnCtx, e: number): void {
  fn.emitPoint({ res: () => `r[${e}]=p.exc;p.exc=null;`, dir: () => genDirectTryCaught(`r[${e}]`) });
}

/** After the protected part: pop the after-handler, run `after`, go to join. */
function finishTry(fn: FnCtx, scope: Scope, s: Record<string, Ast>, afterBlock: number, join: number): void {
  if (afterBlock >= 0) {
    popHandler(fn);
    const av = fn.within(AFTER, () => expr(fn, scope.child(), s.after));
    if (av) fn.emit(`${av};`);
  }
  fn.jump(join);
}

const AFTER = [ERL.TRY_AFTER];

interface ErrClause {
  kind: string | null; // "error" for rescue; null = any kind (catch kind, value)
  test: (fn: FnCtx, scope: Scope, values: string[], fail: string, bound: Bound) => void;
  body: Ast;
  /**
   * For `kind, reason -> ...; :erlang.raise(kind, reason, __STACKTRACE__)`: the body before
   * that last call. The call raises the exception caught, as caught, so it is compiled as
   * rethrowing it (see emitClausesWithErr), which needs no __STACKTRACE__: the function
   * keeps its direct body.
   */
  rethrowAfter?: Ast[];
}

function rescueClauses(fn: FnCtx, ast: Ast | undefined): ErrClause[] {
  if (ast === undefined) return [];
  return readClauses(fn, ast).map((c) => {
    const pat = c.pats[0];
    return {
      kind: "error",
      body: c.body,
      test: (fn2, scope, values, fail, bound) => {
        fn2.emit(`if(${values[0]}!=="error")break ${fail};`);
        rescueTest(fn2, scope, pat, values[1], values[2], fail, bound);
      },
    };
  });
}

/**
 * A rescue clause's test of the exception `exc` (normalized from the error `err`). ErlangError
 * also takes any error whose raw reason is no exception (elixir_erl_try's guard for it).
 */
function rescueTest(fn: FnCtx, scope: Scope, pat: Ast, exc: string, err: string, fail: string, bound: Bound): void {
  const erlang = (mods: Ast[]) => (mods.some((m) => aliasName(fn.unit, m as AstNode) === "Elixir.ErlangError") ? `||O.rescuedAsErlangError(${err})` : "");
  if (isNode(pat) && pat.name === "in") {
    const [v, mods] = pat.args!;
    const list = Array.isArray(mods) ? mods : [mods];
    const names = list.map((m) => fn.unit.constant(a(aliasName(fn.unit, m as AstNode))));
    fn.emit(`if(!([${names.join(",")}].includes(${exc}.get(O.STRUCT))${erlang(list)}))break ${fail};`);
    matchPattern(fn, scope, v, exc, fail, bound);
    return;
  }
  if ((isNode(pat) && pat.name === "__aliases__") || isAtomAst(pat)) {
    const m = fn.unit.constant(a(aliasName(fn.unit, pat as AstNode)));
    fn.emit(`if(!(${exc}.get(O.STRUCT)===${m}${erlang([pat])}))break ${fail};`);
    return;
  }
  matchPattern(fn, scope, pat, exc, fail, bound);
}

/** The same variable (name and hygiene context). */
function sameVar(x: Ast, y: Ast): boolean {
  return isNode(x) && isNode(y) && typeof x.name === "string" && x.name === y.name && x.args === null && y.args === null && x.context === y.context;
}

/** Whether `ast` binds a variable like `v` anywhere (the left side of some `=`). */
function rebinds(ast: Ast, v: Ast): boolean {
  if (Array.isArray(ast)) return ast.some((x) => rebinds(x, v));
  if (isTupleAst(ast)) return ast.tuple.some((x) => rebinds(x, v));
  if (!isNode(ast)) return false;
  if (ast.name === "=" && ast.args !== null && mentions(ast.args[0], v)) return true;
  return (isNode(ast.name as Ast) && rebinds(ast.name as Ast, v)) || (ast.args !== null && ast.args.some((x) => rebinds(x, v)));
}

function mentions(ast: Ast, v: Ast): boolean {
  if (sameVar(ast, v)) return true;
  if (Array.isArray(ast)) return ast.some((x) => mentions(x, v));
  if (isTupleAst(ast)) return ast.tuple.some((x) => mentions(x, v));
  return isNode(ast) && ast.args !== null && ast.args.some((x) => mentions(x, v));
}

/**
 * The expressions before a catch clause's last one when that is
 * `:erlang.raise(kind, reason, __STACKTRACE__)` of the clause's own `kind, reason` (not
 * bound again on the way), else undefined.
 */
function rethrowPrefix(c: Clause): Ast[] | undefined {
  if (c.pats.length !== 2) return undefined;
  const [k, r] = c.pats;
  const items = isNode(c.body) && c.body.name === "__block__" && c.body.args !== null ? c.body.args : [c.body];
  const last = items[items.length - 1];
  if (!isNode(last) || last.args === null || last.args.length !== 3 || !isNode(last.name as Ast)) return undefined;
  const callee = last.name as AstNode;
  if (callee.name !== "." || callee.args === null || callee.args.length !== 2) return undefined;
  const [m, f] = callee.args;
  if (!isAtomAst(m) || m.atom !== "erlang" || !isAtomAst(f) || f.atom !== "raise") return undefined;
  const [ka, ra, st] = last.args;
  if (!sameVar(ka, k) || !sameVar(ra, r) || !isNode(st) || st.name !== "__STACKTRACE__" || st.args !== null) return undefined;
  if (sameVar(k, r) || (isNode(k) && (k.name as string).startsWith("_")) || (isNode(r) && (r.name as string).startsWith("_"))) return undefined;
  const prefix = items.slice(0, -1);
  if (rebinds(prefix, k) || rebinds(prefix, r)) return undefined;
  return prefix;
}

function catchClauses(fn: FnCtx, ast: Ast | undefined): ErrClause[] {
  if (ast === undefined) return [];
  return readClauses(fn, ast).map((c) => ({
    kind: null,
    body: c.body,
    rethrowAfter: rethrowPrefix(c),
    test: (fn2, scope, values, fail, bound) => {
      if (c.pats.length === 2) {
        fn2.emit(`const ck=O.atom(${values[0]});`);
        matchPattern(fn2, scope, c.pats[0], "ck", fail, bound);
      } else fn2.emit(`if(${values[0]}!=="throw")break ${fail};`);
      matchPattern(fn2, scope, c.pats[c.pats.length - 1], `O.caughtReason(${values[2]})`, fail, bound);
      if (c.guard) emitGuard(fn2, scope, c.guard, fail);
    },
  }));
}

const CATCH = [TRY_CATCH_KEEP];

/**
 * The rescue and catch clauses of a try, tested against the exception; a matched clause's
 * body stores into a result register (returned) or, in tail position, returns (null).
 */
function emitClausesWithErr(fn: FnCtx, scope: Scope, clauses: ErrClause[], values: string[], noMatch: string, errSlot: number, tail: boolean): string | null {
  const bodies: { scope: Scope; body: Ast; block: number }[] = [];
  const rethrows: { scope: Scope; before: Ast[]; block: number }[] = [];
  // (the line where the exception was caught, for a rethrow after calls made in the clause)
  const caughtLine = clauses.some((c) => c.rethrowAfter !== undefined) ? fn.slot() : -1;
  if (caughtLine >= 0) fn.emitPoint({ res: () => `r[${caughtLine}]=f.line;`, dir: () => `r[${caughtLine}]=$ln;` });
  for (const c of clauses) {
    const cs = scope.child();
    cs.vars.set("__STACKTRACE__", errSlot);
    const L = fn.freshLabel();
    fn.emit(`${L}:{`);
    c.test(fn, cs, values, L, new Bound());
    const k = fn.newBlock();
    if (c.rethrowAfter !== undefined) rethrows.push({ scope: cs, before: c.rethrowAfter, block: k });
    else bodies.push({ scope: cs, body: c.body, block: k });
    fn.emit(`f.pc=${k};continue L;}`);
  }
  fn.emit(noMatch);
  // `...; :erlang.raise(kind, reason, __STACKTRACE__)`: the expressions, then the exception
  // caught thrown again as it was, at the line where it was caught (its trace is the one it
  // was raised with, as :erlang.raise/3 gives it).
  for (const b of rethrows) {
    fn.setBlock(b.block);
    if (b.before.length > 0) {
      const v = fn.within(CATCH, () => block(fn, b.scope, b.before));
      if (v) fn.emit(`${v};`);
    }
    fn.emit(`f.line=r[${caughtLine}];throw r[${errSlot}];`);
  }
  if (tail) {
    for (const b of bodies) {
      fn.setBlock(b.block);
      fn.withinTail(CATCH, () => tailExpr(fn, b.scope, b.body));
    }
    return null;
  }
  const res = fn.slot();
  const join = fn.newBlock();
  for (const b of bodies) {
    fn.setBlock(b.block);
    fn.emit(`r[${res}]=${fn.within(CATCH, () => expr(fn, b.scope, b.body))};`);
    fn.jump(join);
  }
  fn.setBlock(join);
  return `r[${res}]`;
}

// ---- receive ---------------------------------------------------------------------

function compileReceive(fn: FnCtx, scope: Scope, node: AstNode, tail: boolean): string | null {
  const s = sections(fn, node.args![0]);
  const empty = s.do === undefined || s.do === null || (isNode(s.do) && s.do.name === "__block__" && s.do.args!.length === 0);
  const clauses = empty ? [] : readClauses(fn, s.do);
  const after = s.after !== undefined ? readClauses(fn, s.after)[0] : null;
  if (after !== null && after.pats.length !== 1) throw fn.unit.error(`expected a single -> clause for :after in "receive"`);
  for (const c of clauses) if (c.pats.length !== 1) throw fn.unit.error(`expected -> clauses for :do in "receive"`);
  warnShadowedClauses(fn.unit, clauses);
  warnFalseGuards(fn.unit, clauses, node.meta?.line as number | undefined);
  fn.hasReceive = true;
  const tmo = after ? toReg(fn, fn.within([ERL.RECEIVE_AFTER], () => expr(fn, scope, after.pats[0]))) : "null";
  // The clauses' patterns as text, for the observer's detail of a process waiting here.
  // (code the shell evaluates says so: a bad timeout is prim_eval's error there)
  const evaluated = fn.unit.module === "" ? ",1" : "";
  fn.emit(`O.recvStart(p,${tmo},${fn.unit.constant(list(clauses.map(patternText)))}${evaluated});`);
  // When every clause needs the same pinned reference, the scan may start at the mailbox
  // mark set when that reference was made (BEAM's recv_mark: GenServer.call never rescans).
  const pinned = commonPin(clauses);
  if (pinned !== null) {
    const slot = fn.lookup(scope, pinned);
    if (slot !== null) fn.emit(`p.mailbox.seekMark(r[${slot}]);`);
  }
  const scan = fn.newBlock();
  fn.jump(scan);
  fn.setBlock(scan);
  const bodies: { scope: Scope; body: Ast; block: number }[] = [];
  fn.emit(`const mb=p.mailbox;for(let i=mb.save;i<mb.end;i++){const m=mb.items[i];`);
  clauses.forEach((c, clause) => {
    const cs = scope.child();
    const L = fn.freshLabel();
    fn.emit(`${L}:{`);
    matchPattern(fn, cs, c.pats[0], "m", L, new Bound());
    if (c.guard !== null) emitGuard(fn, cs, c.guard, L);
    const k = fn.newBlock();
    bodies.push({ scope: cs, body: c.body, block: k });
    fn.emit(`O.recvDone(p,mb.take(i),${clause});f.pc=${k};continue L;}`);
  });
  fn.emit(`}mb.save=mb.end;`);
  const afterBlock = after ? fn.newBlock() : -1;
  if (after) fn.emit(`if(O.recvTimedOut(p)){f.pc=${afterBlock};continue L;}`);
  fn.emitPoint({ res: () => GEN_WAIT, dir: () => genDirectWait(scan, `C[${fn.selfIdx}]`, fn.nslots, fn.hasTry) });
  if (after) bodies.push({ scope: scope.child(), body: after.body, block: afterBlock });
  const res = tail ? -1 : fn.slot();
  const join = tail ? -1 : fn.newBlock();
  for (const b of bodies) {
    fn.setBlock(b.block);
    if (tail) tailExpr(fn, b.scope, b.body);
    else {
      fn.emit(`r[${res}]=${expr(fn, b.scope, b.body)};`);
      fn.jump(join);
    }
  }
  if (tail) return null;
  fn.setBlock(join);
  return `r[${res}]`;
}

/** A receive clause's pattern (and guard) as Elixir source. */
function patternText(c: Clause): string {
  try {
    const pat = quotedToString(astToTerm(c.pats[0]));
    return c.guard === null ? pat : `${pat} when ${quotedToString(astToTerm(c.guard))}`;
  } catch {
    return "(a pattern)";
  }
}

/** The variable every clause pins (`^ref`), or null. */
function commonPin(clauses: Clause[]): string | null {
  let common: string | null = null;
  for (const c of clauses) {
    const pins = new Set<string>();
    collectPins(c.pats[0], pins);
    if (pins.size === 0) return null;
    if (common === null) {
      if (pins.size !== 1) return null;
      common = [...pins][0];
    } else if (!pins.has(common)) return null;
  }
  return common;
}

function collectPins(ast: Ast, out: Set<string>): void {
  if (Array.isArray(ast)) ast.forEach((x) => collectPins(x, out));
  else if (isTupleAst(ast)) ast.tuple.forEach((x) => collectPins(x, out));
  else if (isNode(ast)) {
    if (ast.name === "^" && isNode(ast.args![0]) && typeof (ast.args![0] as AstNode).name === "string") {
      out.add((ast.args![0] as AstNode).name as string);
    } else if (ast.args) ast.args.forEach((x) => collectPins(x, out));
  }
}
