// Functions: named functions (def clauses), anonymous fns (closures over captured
// registers) and captures (`&Mod.fun/2`, `&local/1`, `&(&1 + 1)`).
import { Ast, AstNode, Meta, isAtomAst, isNode } from "../../lang/ast.js";
import { a, list } from "../term.js";
import { SCRIPT_MODULE } from "../code.js";
import { Clause, emitClauses, readClauses } from "./control.js";
import { aliasName, displayModule, expr, undefinedFunction } from "./expr.js";
import { FnCtx, FunNode, Scope, Unit, defText, funText } from "./unit.js";
import { warnFalseGuards, warnShadowedClauses } from "./clause-warnings.js";
import { warnLiteralCalls } from "./literal-warnings.js";
import { funSourceOf } from "../dist/fun-source.js";
import { invalidCapture } from "./expand.js";

/** Compiles the clauses of one name/arity into code slot `idx`. */
export function compileFunction(unit: Unit, idx: number, name: string, arity: number, clauses: Clause[]): void {
  const fn = new FnCtx(unit, arity, null);
  fn.defName = `${name}/${arity}`;
  fn.codeIndex = idx;
  fn.selfIdx = idx;
  const values = Array.from({ length: arity }, (_, i) => `r[${i}]`);
  const mod = unit.constant(a(unit.module));
  const noMatch = `throw O.funClauseError(${mod},${unit.constant(name)},[${values.join(",")}]);`;
  // (a macro's clauses too, named as Elixir names it; a private macro is not compiled into the
  // module, so the Erlang compiler never sees its clauses)
  if (!name.startsWith("MACRO-")) warnShadowedClauses(unit, clauses, `${name}/${arity}`);
  else if (!unit.definitionPrivate) {
    // (the caller's env, the first argument, is a variable to the Erlang compiler)
    const caller: Ast = { name: "_", meta: { line: 0 } as Meta, args: null };
    warnShadowedClauses(unit, clauses.map((c) => ({ ...c, pats: [caller, ...c.pats.slice(1)] })), `${name.slice(6)}/${arity - 1}`);
  }
  // (a private macro is not compiled into the module: the Erlang compiler never sees it)
  if (!(name.startsWith("MACRO-") && unit.definitionPrivate)) warnFalseGuards(unit, clauses, clauses[0]?.line);
  warnLiteralCalls(unit, clauses);
  emitClauses(fn, fn.root, clauses, values, noMatch, true);
  unit.codes[idx].body = fn;
  unit.codes[idx].nslots = fn.nslots;
}

/** `fn clauses end` → a closure value. */
export function compileFn(outer: FnCtx, scope: Scope, node: AstNode): string {
  const clauses = readClauses(outer, node.args!);
  const arity = clauses[0].pats.length;
  if (clauses.some((c) => c.pats.length !== arity)) {
    throw outer.unit.error("cannot mix clauses with different arities in anonymous functions", node.meta);
  }
  return closure(outer, scope, arity, clauses, node);
}

function closure(outer: FnCtx, scope: Scope, arity: number, clauses: Clause[], source: AstNode): string {
  const unit = outer.unit;
  // Printed like BEAM funs: `#Function<index.uniq/arity in Mod.fun/n>`; in the shell,
  // erl_eval's funs (`#Function<41.3316493/2 in :erl_eval.expr/6>`, index by arity).
  // A script's are compiled funs of its module, elixir_compiler_0 (`#Function<0.N in file:F>`).
  const script = !unit.module && unit.script;
  const owner = script ? SCRIPT_MODULE : unit.module;
  const where = unit.module ? `${displayModule(unit.module)}.${defText(outer.defName)}` : script ? `file:${unit.file}` : ":erl_eval.expr/6";
  const idx = unit.reserveCode("", arity, owner);
  unit.codes[idx].line = outer.line;
  const fn = new FnCtx(unit, arity, scope);
  fn.selfIdx = idx;
  fn.erl = unit.module ? null : unit.erlSites;
  // (a user's module or script: its BEAM lambda index is given once the unit is compiled)
  const node = owner && !unit.host.library ? unit.funNode(outer) : null;
  fn.funNode = node;
  const values = Array.from({ length: arity }, (_, i) => `r[${i}]`);
  // A module's fun that matches no clause is "anonymous fn/N in Mod.fun/M" (the code's name,
  // given below); the shell's are erl_eval's interpreted funs.
  const noMatch = owner
    ? `throw O.funClauseError(${unit.constant(a(owner))},C[${idx}].name,[${values.join(",")}]);`
    : `throw O.fnClauseError(${arity},[${values.join(",")}]);`;
  warnShadowedClauses(unit, clauses);
  warnFalseGuards(unit, clauses, source.meta?.line as number | undefined);
  emitClauses(fn, fn.root, clauses, values, noMatch, true);
  // The environment holds the captured variables in the order they were bound outside (as
  // BEAM's does: fun_info(f, :env), and the free variables of a fun sent to a real node).
  fn.captures.sort((x, y) => x.outer - y.outer);
  // (the library's are numbered after their body, innermost first); like a BEAM lambda, the
  // code's arity counts the captured variables too.
  const index = node !== null ? -1 : owner ? unit.fnCounter++ : 43 - arity;
  if (unit.module) unit.lambdas.push({ index, idx, where, node: node ?? undefined });
  const code = unit.codes[idx];
  // (its name counts the funs of the function it is in, its index those of the module)
  code.name = owner ? unit.nextFunName(outer.defName) : `-fun-${index}-`;
  code.arity = arity + fn.captures.length;
  code.body = fn;
  code.envSlots = fn.captures.map((c) => c.inner);
  // (BEAM's lambda takes only the captured variables that are not literals: its stack entries' arity)
  const literals = fn.captures.filter((c) => c.constant).length;
  if (literals > 0) code.literalEnv = literals;
  // A shell closure keeps its source, so it can be sent to another beamsh node (dist/funs.ts).
  if (!unit.module) code.funSource = funSourceOf(unit, source, fn.captures.map((c) => c.name));
  const env = fn.captures.map((c) => `r[${c.outer}]`).join(",");
  const uniq = owner ? moduleUniq(script ? unit.file : owner) : 3316493;
  // (index, uniq and where are the definition's, made once with the code: module.ts link;
  // a fun that captures nothing is made there too, once)
  code.funInfo = { arity, index: node !== null ? funIndexMark(node) : String(index), uniq, where: unit.constant(where) };
  if (env === "") return `C[${idx}].lit`;
  return `new O.Fun(${arity},C[${idx}],[${env}],null,null,C[${idx}].funInfo)`;
}

/** BEAM's fun uniq of Elixir 1.14's (and OTP 25's) own modules whose funs users see printed. */
const ELIXIR_UNIQ: Record<string, number> = {
  sets: 72751922,
  dict: 6633983,
  array: 95345312,
  "Elixir.Stream": 103858489,
  "Elixir.Access": 73798650,
  "Elixir.Task": 106504518,
};

/** A stable 8-9 digit number per module, standing in for BEAM's module hash. */
function moduleUniq(module: string): number {
  if (ELIXIR_UNIQ[module] !== undefined) return ELIXIR_UNIQ[module];
  let h = 2166136261;
  for (let i = 0; i < module.length; i++) h = Math.imul(h ^ module.charCodeAt(i), 16777619) >>> 0;
  return 10000000 + (h % 90000000);
}

/** `&...` captures. */
export function compileCapture(fn: FnCtx, scope: Scope, node: AstNode): string {
  const body = node.args![0];
  if (typeof body === "bigint") throw fn.unit.error(`capture argument &${body} must be used within the capture operator &`, node.meta);
  if (isNode(body) && body.name === "/" && body.args!.length === 2 && typeof body.args![1] === "bigint") {
    const named = namedCapture(fn, body.args![0], Number(body.args![1]), scope);
    if (named !== null) return named;
  }
  const direct = node.meta?.expr_capture === true ? null : directCapture(fn, scope, body);
  if (direct !== null) return direct;
  const n = maxCaptureArg(body);
  if (n === 0) throw fn.unit.error(invalidCapture(body), node.meta);
  const used = [...captureArgs(body, new Set())].sort((x, y) => x - y);
  const gap = used.findIndex((k, i) => k !== i + 1);
  if (gap >= 0) {
    const err = fn.unit.error(`capture argument &${used[gap]} cannot be defined without &${gap + 1} (you cannot skip arguments, all arguments must be numbered)`, node.meta);
    // elixir_fn:validate/4 walks the numbers in order; past the first it is on the trace too.
    const at = (fun: string, arity: number, line: number) => [a("elixir_fn"), a(fun), arity, list([[a("file"), list(Array.from("src/elixir_fn.erl", (c) => c.codePointAt(0)!))], [a("line"), line]])];
    err.elixirFrames = gap > 0 ? [at("validate", 4, 125), at("capture_expr", 6, 116)] : [at("capture_expr", 6, 116)];
    throw err;
  }
  const params: Ast[] = Array.from({ length: n }, (_, i) => ({ name: `__cap${i + 1}`, meta: node.meta, args: null }));
  const clause: Clause = { pats: params, guard: null, body: replaceCaptureArgs(body) };
  return closure(fn, scope, n, [clause], node);
}

const NOT_FUNCTIONS = new Set(["{}", "%{}", "%", "<<>>", "__block__", "fn", "&", "=", "|>", "__aliases__", "@", "^", "..", "..//", "when", "and", "or", "&&", "||", "in", "case", "cond", "if", "unless", "with", "for", "try", "receive"]);

/** `&f(&1, &2)` with exactly the arguments in order is the capture `&f/2`, as Elixir rewrites it. */
function directCapture(fn: FnCtx, scope: Scope, body: Ast): string | null {
  if (!isNode(body) || body.args === null || body.args.length === 0) return null;
  if (typeof body.name === "string" && NOT_FUNCTIONS.has(body.name)) return null;
  if (isNode(body.name as Ast) && ((body.name as AstNode).args?.length ?? 0) !== 2) return null;
  const inOrder = body.args.every((x, i) => isNode(x) && x.name === "&" && x.args?.length === 1 && x.args[0] === BigInt(i + 1));
  if (!inOrder) return null;
  return namedCapture(fn, { name: body.name, meta: body.meta, args: [] }, body.args.length, scope);
}

/** `&name/arity` or `&Mod.name/arity`; null when it is really `&(x / y)`. */
function namedCapture(fn: FnCtx, target: Ast, arity: number, scope: Scope): string | null {
  if (!isNode(target)) return null;
  if (typeof target.name === "string" && (target.args === null || target.args.length === 0)) {
    const name = target.name;
    const local = fn.unit.locals.get(`${name}/${arity}`);
    if (local !== undefined) {
      const unit = fn.unit;
      if (!unit.module) return `new O.Fun(${arity},C[${local}],[],${unit.constant(a(unit.module))},${unit.constant(a(name))})`;
      // `&helper/1` in a module is a local fun, as on the BEAM (a lambda that is the function
      // itself): printed `#Function<index.uniq/1 in Mod.helper>`, not `&Mod.helper/1`.
      const node = unit.host.library ? null : unit.funNode(fn, `${name}/${arity}`);
      const index = node !== null ? -1 : unit.fnCounter++;
      const where = `${displayModule(unit.module)}.${funText(name)}`;
      unit.lambdas.push({ index, idx: local, where, node: node ?? undefined });
      return `new O.Fun(${arity},C[${local}],[],null,null,${node !== null ? funIndexMark(node) : index},${moduleUniq(unit.module)},${unit.constant(where)})`;
    }
    const mod = importedModule(fn, name, arity);
    if (mod === "Elixir.Kernel" && !fn.unit.host.hasFunction(mod, name, arity)) {
      if (!fn.unit.module && fn.unit.host.hasFunction("Elixir.IEx.Helpers", name, arity)) {
        return `new O.Fun(${arity},null,[],${fn.unit.constant(a("Elixir.IEx.Helpers"))},${fn.unit.constant(a(name))})`;
      }
      const err = undefinedFunction(fn, name, arity, target.meta);
      if (err !== null) throw err;
      // (The module is never loaded: a capture of itself only to go on.)
      return `new O.Fun(${arity},null,[],${fn.unit.constant(a(fn.unit.module))},${fn.unit.constant(a(name))})`;
    }
    const ename = mod === "erlang" ? ERLANG_NAMES[`${name}/${arity}`] ?? name : name;
    return `new O.Fun(${arity},null,[],${fn.unit.constant(a(mod))},${fn.unit.constant(a(ename))})`;
  }
  if (isNode(target.name as Ast) && (target.name as AstNode).name === "." && target.args!.length === 0) {
    const [modAst, funAst] = (target.name as AstNode).args!;
    if (!isAtomAst(funAst)) return null;
    let mod: string | null = null;
    if (isAtomAst(modAst)) mod = modAst.atom;
    else if (isNode(modAst) && modAst.name === "__aliases__") mod = aliasName(fn.unit, modAst);
    else if (isNode(modAst) && modAst.name === "__MODULE__") mod = fn.unit.module;
    if (mod === null) {
      // A module known at run time (&mod.fun/1): :erlang.make_fun/3, as Elixir compiles it.
      const makeFun = fn.unit.host.nativeCode("erlang", "make_fun", 3);
      if (makeFun === null) return null;
      return `O.runNative(p,${fn.unit.constant(makeFun)},[${expr(fn, scope, modAst)},${fn.unit.constant(a(funAst.atom))},${arity}])`;
    }
    let name = funAst.atom;
    if (mod === "Elixir.Kernel" && ERLANG_INLINED.has(`${name}/${arity}`)) {
      mod = "erlang";
      name = ERLANG_NAMES[`${name}/${arity}`] ?? name;
    } else {
      fn.unit.noteRemoteCall(fn, mod, name, arity, target.meta?.line ?? 0);
    }
    return `new O.Fun(${arity},null,[],${fn.unit.constant(a(mod))},${fn.unit.constant(a(name))})`;
  }
  return null;
}

/** Functions Kernel inlines from :erlang print as `&:erlang.name/arity` in iex. */
const ERLANG_INLINED = new Set([
  "length/1", "hd/1", "tl/1", "abs/1", "tuple_size/1", "map_size/1", "byte_size/1",
  "is_atom/1", "is_integer/1", "is_list/1", "is_map/1", "is_binary/1", "is_tuple/1", "is_float/1",
  "is_number/1", "is_pid/1", "is_function/1", "is_boolean/1", "+/2", "-/2", "*/2", "//2",
  "div/2", "rem/2", "==/2", "!=/2", "</2", ">/2", "<=/2", ">=/2", "self/0", "node/0",
  "round/1", "trunc/1", "binary_part/3", "bit_size/1", "make_ref/0", "spawn/1", "spawn/3",
  "spawn_link/1", "send/2", "throw/1", "exit/1", "===/2", "!==/2", "not/1", "tuple_size/1",
  "+/1", "-/1", "++/2", "--/2", "apply/2", "apply/3", "ceil/1", "floor/1", "function_exported?/3",
  "is_bitstring/1", "is_function/2", "is_port/1", "is_reference/1", "max/2", "min/2", "node/1",
  "spawn_link/3", "spawn_monitor/1", "spawn_monitor/3",
]);

const ERLANG_NAMES: Record<string, string> = {
  "!=/2": "/=", "<=/2": "=<", "===/2": "=:=", "!==/2": "=/=", "function_exported?/3": "function_exported",
};

function importedModule(fn: FnCtx, name: string, arity: number): string {
  const key = `${name}/${arity}`;
  for (const [mod, only] of fn.unit.env.imports) {
    if ((only === null || only.has(key)) && fn.unit.host.hasFunction(mod, name, arity)) return mod;
  }
  if (ERLANG_INLINED.has(key)) return "erlang";
  return "Elixir.Kernel";
}

function maxCaptureArg(ast: Ast): number {
  if (Array.isArray(ast)) return Math.max(0, ...ast.map(maxCaptureArg));
  if (isNode(ast)) {
    if (ast.name === "&" && ast.args?.length === 1 && typeof ast.args[0] === "bigint") return Number(ast.args[0]);
    // A nested capture has its own arguments; a `fn` inside uses the capture's (&1 in
    // `&Task.async(fn -> f.(&1) end)` is the capture's first argument).
    if (ast.name === "&") return 0;
    const own = isNode(ast.name as Ast) ? maxCaptureArg(ast.name as Ast) : 0;
    return Math.max(own, ...(ast.args ?? []).map(maxCaptureArg));
  }
  if (typeof ast === "object" && ast !== null && "tuple" in ast) return Math.max(...ast.tuple.map(maxCaptureArg));
  return 0;
}

/** The argument numbers a capture's body uses (&1, &2, ...), nested captures aside. */
function captureArgs(ast: Ast, out: Set<number>): Set<number> {
  if (Array.isArray(ast)) for (const x of ast) captureArgs(x, out);
  else if (isNode(ast)) {
    if (ast.name === "&" && ast.args?.length === 1 && typeof ast.args[0] === "bigint") out.add(Number(ast.args[0]));
    else if (ast.name !== "&") {
      if (isNode(ast.name as Ast)) captureArgs(ast.name as Ast, out);
      for (const x of ast.args ?? []) captureArgs(x, out);
    }
  } else if (typeof ast === "object" && ast !== null && "tuple" in ast) for (const x of ast.tuple) captureArgs(x, out);
  return out;
}

function replaceCaptureArgs(ast: Ast): Ast {
  if (Array.isArray(ast)) return ast.map(replaceCaptureArgs);
  if (isNode(ast)) {
    if (ast.name === "&" && ast.args?.length === 1 && typeof ast.args[0] === "bigint") {
      return { name: `__cap${ast.args[0]}`, meta: ast.meta, args: null };
    }
    const name = isNode(ast.name as Ast) ? replaceCaptureArgs(ast.name as Ast) : ast.name;
    return { name, meta: ast.meta, args: ast.args === null ? null : ast.args.map(replaceCaptureArgs) };
  }
  if (typeof ast === "object" && ast !== null && "tuple" in ast) {
    return { tuple: [replaceCaptureArgs(ast.tuple[0]), replaceCaptureArgs(ast.tuple[1])] };
  }
  return ast;
}

/** Where a fun's BEAM lambda index goes in generated code, until numberFuns gives it (module.ts link). */
export function funIndexMark(node: FunNode): string {
  return `$FI${node.n}$`;
}
