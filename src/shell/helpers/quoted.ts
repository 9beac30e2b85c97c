// Helpers that take code rather than values (IEx's `h/1`, `t/1`, `b/1`, `open/1` are macros):
// before an input is compiled, `h(Enum.map/2)` is rewritten to `h({:__doc_target__, "Elixir.Enum", "map", 2})`
// so the native helper receives what was written, not the result of evaluating it.
import type { Ast, AstNode } from "../../lang/ast.js";
import { isAtomAst, isNode } from "../../lang/ast.js";

/** Marker atom of a rewritten helper argument. */
export const DOC_TARGET = "__doc_target__";

/** Helpers whose single argument is quoted. */
const QUOTING_HELPERS = new Set(["h", "t", "b", "open"]);

/** An operator's name (`h +/2`, `h ++`). */
const OPERATOR = /^[-+*\/<>=!&|^~\\.@:%]+$|^(and|or|not|in|when)$/;

export interface DocTarget {
  module: string | null;
  fun: string | null;
  arity: number | null;
}

/** Rewrites quoting helper calls anywhere in an input (but not inside module bodies). */
export function rewriteHelperCalls(ast: Ast): Ast {
  if (Array.isArray(ast)) return ast.map(rewriteHelperCalls);
  if (!isNode(ast)) return ast;
  if (ast.name === "defmodule") return ast;
  if (typeof ast.name === "string" && QUOTING_HELPERS.has(ast.name) && ast.args?.length === 1) {
    const target = docTarget(ast.args[0]);
    if (target !== null) return { ...ast, args: [targetAst(target, ast)] };
  }
  if (ast.args === null) return ast;
  const name = typeof ast.name === "string" ? ast.name : rewriteHelperCalls(ast.name);
  return { ...ast, name, args: ast.args.map(rewriteHelperCalls) };
}

function targetAst(t: DocTarget, at: AstNode): Ast {
  const arity = t.arity === null ? null : BigInt(t.arity);
  return { name: "{}", meta: at.meta, args: [{ atom: DOC_TARGET }, t.module, t.fun, arity] };
}

/** What `Enum`, `:lists`, `Enum.map`, `Enum.map/2`, `is_atom`, `v/1` refer to. */
export function docTarget(x: Ast): DocTarget | null {
  if (isAtomAst(x)) return { module: x.atom, fun: null, arity: null };
  if (!isNode(x)) return null;
  if (x.name === "__aliases__") return aliasTarget(x);
  if (x.name === "/" && x.args?.length === 2 && typeof x.args[1] === "bigint") {
    const inner = docTarget(x.args[0]);
    if (inner === null || inner.fun === null) return null;
    return { ...inner, arity: Number(x.args[1]) };
  }
  if (typeof x.name === "string" && (x.args === null || x.args.length === 0) && (/^[a-z_]/.test(x.name) || OPERATOR.test(x.name) || x.name === "%{}")) {
    return { module: null, fun: x.name, arity: null };
  }
  if (isNode(x.name) && x.name.name === "." && x.name.args?.length === 2 && (x.args?.length ?? 0) === 0) {
    const [mod, fun] = x.name.args;
    const m = docTarget(mod);
    if (m === null || m.fun !== null || !isAtomAst(fun)) return null;
    return { module: m.module, fun: fun.atom, arity: null };
  }
  return null;
}

function aliasTarget(x: AstNode): DocTarget | null {
  const parts = x.args ?? [];
  if (!parts.every(isAtomAst)) return null;
  return { module: "Elixir." + parts.map((p) => (p as { atom: string }).atom).join("."), fun: null, arity: null };
}
