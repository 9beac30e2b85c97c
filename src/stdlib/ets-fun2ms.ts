// :ets.fun2ms/1 for funs written in the shell, as iex's erl_eval lets ms_transform do it:
// the fun's clauses (its source, kept by the compiler for shell closures) become a match
// specification. The head (one variable or one tuple) becomes the match pattern with
// variables numbered :"$1", :"$2"... by first appearance, `_` as :_ and a variable bound to
// the whole object as :"$_"; the guard and the body become match-spec expressions
// ({:>, :"$1", 1}, {{tuple}} for a tuple, {:const, v} for a value from outside the fun).
// A fun compiled elsewhere is refused as ets:fun2ms/1 refuses one outside the shell.
import { Ast, AstNode, isAtomAst, isLiteralAst, isNode, isTupleAst } from "../lang/ast.js";
import type { NativeFn, ProcLike } from "../runtime/code.js";
import { BeamError } from "../runtime/errors.js";
import { fce } from "../runtime/arith.js";
import { Fun } from "../runtime/fun.js";
import { MapTerm } from "../runtime/map.js";
import { astFromJson, funSourceOfCode } from "../runtime/dist/fun-source.js";
import { Term, a, atom, float, int, list } from "../runtime/term.js";
import type { Runtime } from "../runtime/runtime.js";
import { beforeEffect } from "../runtime/elixir-callback.js";

class TransformError {
  constructor(readonly text: string) {}
}

const PARAM_ERROR = "ets:fun2ms requires fun with single variable or tuple parameter";

/** Elixir operators and their match-spec names. */
const OPS: Record<string, string> = {
  and: "andalso", or: "orelse", not: "not", "==": "==", "!=": "/=", "===": "=:=", "!==": "=/=",
  "<": "<", ">": ">", "<=": "=<", ">=": ">=", "+": "+", "-": "-", "*": "*", "/": "/",
  div: "div", rem: "rem", band: "band", bor: "bor", bxor: "bxor", bnot: "bnot", bsl: "bsl", bsr: "bsr",
};

/** Guard BIFs callable in a match specification (Kernel's names are Erlang's). */
const BIFS = new Set([
  "is_atom", "is_float", "is_integer", "is_list", "is_number", "is_pid", "is_port", "is_reference", "is_tuple",
  "is_map", "is_map_key", "is_binary", "is_bitstring", "is_boolean", "is_function", "is_record", "abs", "hd", "tl",
  "length", "map_get", "map_size", "node", "round", "trunc", "float", "tuple_size", "byte_size", "bit_size",
  "binary_part", "self", "max", "min", "element", "size",
]);

interface Scope {
  vars: Map<string, Term>;
  next: number;
  whole: string | null;
  outer: Map<string, Term>;
}

const nodeName = (n: AstNode): string | null => (typeof n.name === "string" ? n.name : null);

function literal(ast: Ast): Term | undefined {
  if (typeof ast === "bigint") return int(ast);
  if (typeof ast === "number") return float(ast);
  if (typeof ast === "string" || ast === null || ast === true || ast === false) return ast;
  if (isAtomAst(ast)) return atom(ast.atom);
  if (isLiteralAst(ast)) return ast.literal as Term;
  return undefined;
}

function isVar(ast: Ast): ast is AstNode {
  return isNode(ast) && ast.args === null && typeof ast.name === "string";
}

/** A pattern: variables get numbers in order of first appearance. */
function pattern(ast: Ast, s: Scope): Term {
  const lit = literal(ast);
  if (lit !== undefined) return lit;
  if (Array.isArray(ast)) {
    const last = ast[ast.length - 1];
    if (ast.length > 0 && isNode(last) && nodeName(last) === "|" && last.args !== null) {
      return list([...ast.slice(0, -1), last.args[0]].map((x) => pattern(x, s)), pattern(last.args[1], s));
    }
    return list(ast.map((x) => pattern(x, s)));
  }
  if (isTupleAst(ast)) return ast.tuple.map((x) => pattern(x, s));
  if (isVar(ast)) {
    const name = ast.name as string;
    if (name === "_") return a("_");
    let v = s.vars.get(name);
    if (v === undefined) {
      v = a(`$${s.next++}`);
      s.vars.set(name, v);
    }
    return v;
  }
  if (isNode(ast) && ast.args !== null) {
    const n = nodeName(ast);
    if (n === "{}") return ast.args.map((x) => pattern(x, s));
    if (n === "%{}") return MapTerm.fromPairs(ast.args.map((kv) => (isTupleAst(kv) ? [literalOrFail(kv.tuple[0]), pattern(kv.tuple[1], s)] : fail())));
    if (n === "^") return constOf(ast.args[0], s);
  }
  return fail();
}

function literalOrFail(ast: Ast): Term {
  const v = literal(ast);
  return v === undefined ? fail() : v;
}

function fail(): never {
  throw new TransformError(PARAM_ERROR);
}

function constOf(ast: Ast, s: Scope): Term {
  if (isVar(ast) && s.outer.has(ast.name as string)) return s.outer.get(ast.name as string);
  throw new TransformError(`fun containing variable ${isVar(ast) ? ast.name : "?"} that is not bound cannot be translated into match_spec`);
}

/** A guard or body expression. */
function expr(ast: Ast, s: Scope): Term {
  const lit = literal(ast);
  if (lit !== undefined) return lit;
  if (Array.isArray(ast)) {
    const last = ast[ast.length - 1];
    if (ast.length > 0 && isNode(last) && nodeName(last) === "|" && last.args !== null) {
      return list([...ast.slice(0, -1), last.args[0]].map((x) => expr(x, s)), expr(last.args[1], s));
    }
    return list(ast.map((x) => expr(x, s)));
  }
  if (isTupleAst(ast)) return [ast.tuple.map((x) => expr(x, s))];
  if (isVar(ast)) {
    const name = ast.name as string;
    if (name === s.whole) return a("$_");
    const v = s.vars.get(name);
    if (v !== undefined) return v;
    if (s.outer.has(name)) return [a("const"), s.outer.get(name)];
    throw new TransformError(`fun containing variable ${name} that is not bound cannot be translated into match_spec`);
  }
  if (!isNode(ast) || ast.args === null) throw new TransformError("fun containing an expression that cannot be translated into match_spec");
  const n = nodeName(ast);
  const args = ast.args;
  if (n === "{}") return [args.map((x) => expr(x, s))];
  if (n === "%{}") return MapTerm.fromPairs(args.map((kv) => (isTupleAst(kv) ? [expr(kv.tuple[0], s), expr(kv.tuple[1], s)] : fail())));
  if (n === "^") return [a("const"), constOf(args[0], s)];
  if (n === "-" && args.length === 1) {
    const v = literal(args[0]);
    if (typeof v === "number" || typeof v === "bigint") return int(-BigInt(v));
    return [a("-"), expr(args[0], s)];
  }
  if (n === "is_nil" && args.length === 1) return [a("=="), expr(args[0], s), null];
  if (n === "elem" && args.length === 2) {
    const i = literal(args[1]);
    const index = typeof i === "number" || typeof i === "bigint" ? int(BigInt(i) + 1n) : [a("+"), expr(args[1], s), 1];
    return [a("element"), index, expr(args[0], s)];
  }
  if (n !== null && Object.hasOwn(OPS, n)) return [a(OPS[n]), ...args.map((x) => expr(x, s))];
  if (n !== null && BIFS.has(n)) return [a(n), ...args.map((x) => expr(x, s))];
  if (n === null && isNode(ast.name) && nodeName(ast.name) === "." && ast.name.args?.length === 2) {
    const [mod, fn] = ast.name.args;
    if (isAtomAst(mod) && mod.atom === "erlang" && isAtomAst(fn)) return [a(fn.atom), ...args.map((x) => expr(x, s))];
  }
  throw new TransformError(`fun containing local Erlang function calls ('${n ?? "?"}' called in ${s.whole === "\u0000body" ? "body" : "guard"}) cannot be translated into match_spec`);
}

/** One `head when guard -> body` clause. */
function clause(c: AstNode, outer: Map<string, Term>): Term {
  const [heads, body] = c.args as [Ast[], Ast];
  if (!Array.isArray(heads) || heads.length !== 1) fail();
  let head = heads[0];
  let guards: Ast[] = [];
  if (isNode(head) && nodeName(head) === "when" && head.args !== null) {
    guards = [head.args[1]];
    head = head.args[0];
  }
  const s: Scope = { vars: new Map(), next: 1, whole: null, outer };
  let pat: Term;
  if (isNode(head) && nodeName(head) === "=" && head.args !== null) {
    const [l, r] = head.args;
    const [v, p] = isVar(l) ? [l, r] : isVar(r) ? [r, l] : [null, null];
    if (v === null || p === null) fail();
    s.whole = v.name as string;
    pat = topPattern(p, s);
  } else pat = topPattern(head, s);
  const bodyExprs = isNode(body) && nodeName(body) === "__block__" && body.args !== null ? body.args : [body];
  return [pat, list(guards.map((g) => expr(g, s))), list(bodyExprs.map((b) => expr(b, s)))];
}

function topPattern(head: Ast, s: Scope): Term {
  if (isVar(head) || (isNode(head) && nodeName(head) === "{}") || isTupleAst(head)) return pattern(head, s);
  return fail();
}

/**
 * `&(expr)` as the clause Elixir expands it to (`fn x1, ..., xN -> expr end`, each `&i`
 * becoming a variable), so a capture written in the shell translates like the fn.
 */
function captureClause(body: Ast, arity: number): AstNode {
  const meta = isNode(body) ? body.meta : { line: 0, column: 0 };
  const param = (i: number): AstNode => ({ name: `x${i}__capture`, meta, args: null });
  const rewrite = (ast: Ast): Ast => {
    if (Array.isArray(ast)) return ast.map(rewrite);
    if (isTupleAst(ast)) return { tuple: [rewrite(ast.tuple[0]), rewrite(ast.tuple[1])] };
    if (!isNode(ast)) return ast;
    if (ast.name === "&" && ast.args !== null && ast.args.length === 1 && typeof ast.args[0] === "bigint") return param(Number(ast.args[0]));
    return { ...ast, name: typeof ast.name === "string" ? ast.name : rewrite(ast.name), args: ast.args === null ? null : ast.args.map(rewrite) };
  };
  const params = Array.from({ length: arity }, (_, i) => param(i + 1));
  return { name: "->", meta, args: [params, rewrite(body)] };
}

function fun2ms(f: Term, p: ProcLike): Term {
  if (!(f instanceof Fun)) throw fce("ets", "fun2ms", [f]);
  const src = f instanceof Fun ? funSourceOfCode(f.code) : undefined;
  if (src === undefined) {
    const words = "function called with real fun should be transformed with parse_transform or called with a fun generated in the shell";
    throw new BeamError("exit", [a("badarg"), [a("ets"), a("fun2ms"), list(words.split(" ").map(a))]]);
  }
  const fn = astFromJson(src.json);
  const outer = new Map<string, Term>(src.names.map((n, i) => [n, (f as Fun).env[i]]));
  const clauses = isNode(fn) && nodeName(fn) === "&" && fn.args !== null ? [captureClause(fn.args[0], (f as Fun).arity)] : isNode(fn) && fn.args !== null ? fn.args : [];
  try {
    return list(clauses.map((c) => clause(c as AstNode, outer)));
  } catch (e) {
    if (!(e instanceof TransformError)) throw e;
    // ms_transform prints the reason on standard output before answering.
    beforeEffect();
    (p.rt as Runtime).write(`Error: ${e.text}\n`);
    return [a("error"), a("transform_error")];
  }
}

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "ets",
  fns: { "fun2ms/1": ([f], p) => fun2ms(f, p) },
};
