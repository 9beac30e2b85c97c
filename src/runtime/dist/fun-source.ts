// The source a shell closure keeps so another beamsh node can rebuild it: the quoted form
// of its `fn` (aliases and __MODULE__ already resolved, as Elixir resolves them before
// erl_eval sees a shell fun) and the names of the variables it captures.
import { Ast, AstNode, isNode } from "../../lang/ast.js";
import type { Code } from "../code.js";
import { aliasName } from "../compiler/expr.js";
import type { Unit } from "../compiler/unit.js";

export interface FunSource {
  /** The `fn ... end` (or `&...`) expression: JSON of the quoted form (integers as {"$i": digits}). */
  json: string;
  /** Names of the captured variables, in the order of the fun's environment. */
  names: string[];
  file: string;
}

const sources = new WeakMap<Code, FunSource>();

/** Records the source of a compiled closure's code. */
export function keepFunSource(code: Code, src: FunSource): void {
  sources.set(code, src);
}

/** The source of a closure's code, when it was compiled in the shell. */
export function funSourceOfCode(code: Code | null): FunSource | undefined {
  return code === null ? undefined : sources.get(code);
}

/** The aliases in effect where a closure was compiled. */
type AliasScope = { env: { aliases: Map<string, string> }; module: string };

/**
 * What the compiler records for a shell closure. The JSON is made when first asked for (a
 * fun sent to another node): made at once, nested closures would each write out their whole
 * body again, quadratic in the nesting (5,000 nested fns took minutes).
 */
export function funSourceOf(unit: Unit, node: AstNode, names: string[]): FunSource {
  const scope: AliasScope = { env: { aliases: new Map(unit.env.aliases) }, module: unit.module };
  let json: string | undefined;
  return {
    get json() {
      return (json ??= astToJson(resolveAliases(scope, node)));
    },
    names,
    file: unit.file,
  };
}

/** The AST with every alias replaced by the module atom it stands for here. */
function resolveAliases(unit: AliasScope, ast: Ast): Ast {
  if (Array.isArray(ast)) return ast.map((x) => resolveAliases(unit, x));
  if (typeof ast !== "object" || ast === null) return ast;
  if ("tuple" in ast) return { tuple: [resolveAliases(unit, ast.tuple[0]), resolveAliases(unit, ast.tuple[1])] };
  if (!isNode(ast)) return ast;
  if (ast.name === "__aliases__") {
    try {
      return { atom: aliasName(unit, ast) };
    } catch {
      return ast;
    }
  }
  const name = typeof ast.name === "string" ? ast.name : resolveAliases(unit, ast.name);
  return { name, meta: ast.meta, args: ast.args === null ? null : ast.args.map((x) => resolveAliases(unit, x)) };
}

export function astToJson(ast: Ast): string {
  return JSON.stringify(ast, (_k, v) => (typeof v === "bigint" ? { $i: v.toString() } : v));
}

export function astFromJson(json: string): Ast {
  return JSON.parse(json, (_k, v) => (v !== null && typeof v === "object" && !Array.isArray(v) && typeof v.$i === "string" && Object.keys(v).length === 1 ? BigInt(v.$i) : v)) as Ast;
}
