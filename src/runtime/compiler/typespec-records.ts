// `record(:name, field: type)` in a typespec, as Kernel.Typespec translates it: the record's
// macro (Record.defrecord's, reached from where the typespec is written) is expanded with an
// empty tuple, which gives `Record.__keyword__(tag, fields, ...)`: the record's tag and its
// fields. The typespec becomes the tuple `{tag, field :: type, ...}`, every field in the
// record's order, `term()` for those not given. A field the record lacks, or a name that is
// no record's macro, is the CompileError Elixir raises. Done as the attribute is set, in the
// environment it is written in (Elixir keeps that environment for the translation; the
// record's macro must be defined by then in both), before the typespec is kept.
import { Ast, AstNode, Meta, isAtomAst, isNode, isTupleAst } from "../../lang/ast.js";
import { Gen } from "../generator-code.js";
import { inspect } from "../inspect.js";
import { a } from "../term.js";
import type { Expander } from "./expand.js";
import type { XEnv } from "./env.js";

const NO_META = {} as Meta;

type Fail = (message: string, meta: Meta) => unknown;

/** Whether a typespec names a record (`record(...)` anywhere in it). */
export function hasRecordTypes(ast: Ast): boolean {
  if (Array.isArray(ast)) return ast.some(hasRecordTypes);
  if (isTupleAst(ast)) return ast.tuple.some(hasRecordTypes);
  if (!isNode(ast) || ast.args === null) return false;
  if (ast.name === "record") return true;
  return (typeof ast.name !== "string" && hasRecordTypes(ast.name)) || ast.args.some(hasRecordTypes);
}

/** The typespec with each `record(...)` replaced by its tuple type. */
export function* expandRecordTypes(x: Expander, ast: Ast, env: XEnv, fail: Fail): Gen<Ast> {
  if (Array.isArray(ast)) {
    const out: Ast[] = [];
    for (const item of ast) out.push(yield* expandRecordTypes(x, item, env, fail));
    return out;
  }
  if (isTupleAst(ast)) return { tuple: [yield* expandRecordTypes(x, ast.tuple[0], env, fail), yield* expandRecordTypes(x, ast.tuple[1], env, fail)] } as Ast;
  if (!isNode(ast) || ast.args === null) return ast;
  if (ast.name === "record" && (ast.args.length === 1 || ast.args.length === 2)) {
    const [tag, specs = []] = ast.args;
    // (anything else is left for the translation's "invalid record specification")
    if (isAtomAst(tag) && Array.isArray(specs)) return yield* recordType(x, ast, tag.atom, specs, env, fail);
  }
  const name = typeof ast.name === "string" ? ast.name : yield* expandRecordTypes(x, ast.name, env, fail);
  const args: Ast[] = [];
  for (const arg of ast.args) args.push(yield* expandRecordTypes(x, arg, env, fail));
  return { ...ast, name, args } as AstNode;
}

function* recordType(x: Expander, node: AstNode, tag: string, specs: Ast[], env: XEnv, fail: Fail): Gen<Ast> {
  const call: AstNode = { name: tag, meta: NO_META, args: [{ name: "{}", meta: NO_META, args: [] }] };
  let expanded: Ast;
  try {
    expanded = yield* x.expandFully(call, env, true);
  } catch {
    expanded = call;
  }
  const keyword = isNode(expanded) && typeof expanded.name !== "string" && isNode(expanded.name) && expanded.name.name === "." ? expanded.args : null;
  const [name, fields] = keyword ?? [];
  if (keyword === null || keyword.length < 2 || !Array.isArray(fields)) throw fail(`unknown record ${inspect(a(tag))}`, node.meta);
  const fieldNames = fields.map((f) => (isTupleAst(f) && isAtomAst(f.tuple[0]) ? f.tuple[0].atom : null));
  const given = new Map<string, Ast>();
  for (const s of specs) {
    if (!isTupleAst(s) || !isAtomAst(s.tuple[0])) continue;
    if (!given.has(s.tuple[0].atom)) given.set(s.tuple[0].atom, s.tuple[1]);
  }
  for (const s of specs) {
    if (isTupleAst(s) && isAtomAst(s.tuple[0]) && !fieldNames.includes(s.tuple[0].atom)) {
      throw fail(`undefined field ${s.tuple[0].atom} on record ${inspect(a(tag))}`, node.meta);
    }
  }
  const elements: Ast[] = [name];
  for (const field of fieldNames) {
    if (field === null) continue;
    const type = given.has(field) ? yield* expandRecordTypes(x, given.get(field)!, env, fail) : ({ name: "term", meta: NO_META, args: [] } as AstNode);
    elements.push({ name: "::", meta: NO_META, args: [{ name: field, meta: NO_META, args: null }, type] });
  }
  return { name: "{}", meta: node.meta, args: elements };
}
