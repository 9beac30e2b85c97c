// The expander's output as Elixir's own expander (elixir_expand) returns it, for
// :elixir_expand.expand/3. beamsh's expander leaves some work to its code generator, in forms
// of its own: variables renamed to their key (name and context or hygiene counter), reads of a
// variable a sibling argument rebound as snapshots, variables that are calls as bare names, and
// Kernel's imported functions as local calls. Here they become what Elixir's expander gives:
// variables as written, `name()` calls, and imported functions as remote calls, those Elixir's
// compiler inlines (elixir_rewrite) as the Erlang call.
import { Ast, AstNode, Meta, isAtomAst, isLiteralAst, isNode, isTupleAst } from "../../lang/ast.js";
import type { Term } from "../term.js";
import { escape } from "./escape.js";
import { termToAst } from "./quoted.js";
import { KERNEL_FUNCTIONS, isSnapshotKey } from "./env.js";
import { KERNEL_INLINE, KERNEL_REWRITTEN, erlangRewrite } from "./rewrite.js";
import { bareCalls, renamedVars } from "./expand.js";

const remote = (mod: string, fun: string, meta: Meta, args: Ast[]): AstNode => ({
  name: { name: ".", meta, args: [{ atom: mod }, { atom: fun }] },
  meta,
  args,
});

/** `index + 1` as elixir_rewrite's increment/2 makes it (folded for an integer literal). */
const increment = (index: Ast, meta: Meta): Ast => (typeof index === "bigint" ? index + 1n : remote("erlang", "+", meta, [index, 1n]));

/** A call of Kernel's `name/arity` with its arguments, as Elixir's expander leaves it. */
function kernelCall(name: string, args: Ast[], meta: Meta): AstNode {
  const key = `${name}/${args.length}`;
  const erl = KERNEL_INLINE[key];
  if (erl !== undefined) return remote("erlang", erl, meta, args);
  const rewritten = KERNEL_REWRITTEN[key];
  if (rewritten === "element") return remote("erlang", "element", meta, [increment(args[1], meta), args[0]]);
  if (rewritten === "setelement") return remote("erlang", "setelement", meta, [increment(args[1], meta), args[0], args[2]]);
  if (rewritten === "is_map_key") return remote("erlang", "is_map_key", meta, [args[1], args[0]]);
  return remote("Elixir.Kernel", name, meta, args);
}

/** A remote call `mod.fun(args)` as elixir_rewrite leaves it. */
function remoteCall(node: AstNode, mod: string, fun: string, args: Ast[]): AstNode {
  const dotMeta = (node.name as AstNode).meta;
  if (mod === "Elixir.Kernel" && KERNEL_FUNCTIONS.has(`${fun}/${args.length}`)) {
    const k = kernelCall(fun, args, node.meta);
    return { ...k, name: { ...(k.name as AstNode), meta: dotMeta } };
  }
  const r = erlangRewrite(mod, fun, args, () => true);
  if (r !== null) return remote(r.mod, r.fun, node.meta, r.args.map((x) => x));
  return { ...node, args };
}

const isSnapshotAssign = (x: Ast): boolean =>
  isNode(x) && x.name === "=" && x.args?.length === 2 && isNode(x.args[0]) && typeof x.args[0].name === "string" && isSnapshotKey(x.args[0].name);

/** `ast` (the expander's output) as Elixir's expander would have returned it. */
export function elixirShape(ast: Ast): Ast {
  if (Array.isArray(ast)) return ast.map(elixirShape);
  if (isTupleAst(ast)) return { tuple: ast.tuple.map(elixirShape) } as Ast;
  // (a term the expander made, __ENV__'s struct: escaped, as elixir_expand's escape_map gives it)
  if (isLiteralAst(ast)) return termToAst(escape(ast.literal as Term, false));
  if (!isNode(ast)) return ast;
  const node = ast;
  if (node.args === null) {
    const original = renamedVars.get(node);
    if (original !== undefined) return original;
    if (typeof node.name === "string" && bareCalls.has(node)) {
      if (KERNEL_FUNCTIONS.has(`${node.name}/0`) && node.meta?.unimported !== true) return kernelCall(node.name, [], node.meta);
      return { name: node.name, meta: node.meta, args: [] };
    }
    return node;
  }
  if (node.name === "__block__") {
    const args = node.args.filter((x) => !isSnapshotAssign(x)).map(elixirShape);
    if (node.meta?.generated === true && args.length === 1 && args.length < node.args.length) return args[0];
    // (elixir_expand: an empty block is nil, a block of one expression that expression)
    if (args.length === 0) return null;
    if (args.length === 1) return args[0];
    return { ...node, args };
  }
  if (node.name === "&" && node.args.length === 1) {
    const [f] = node.args;
    // `&name/arity` of an imported Kernel function: the remote function it captures
    if (isNode(f) && f.name === "/" && f.args?.length === 2) {
      const [ref, arity] = f.args;
      if (isNode(ref) && typeof ref.name === "string" && ref.args === null && typeof arity === "bigint" && KERNEL_FUNCTIONS.has(`${ref.name}/${arity}`) && ref.meta?.unimported !== true && !renamedVars.has(ref)) {
        const args = new Array(Number(arity)).fill(null);
        const k = kernelCall(ref.name, args, { line: 0, column: 0 } as Meta);
        return { ...node, args: [{ name: "/", meta: {} as Meta, args: [{ ...k, meta: {} as Meta, name: { ...(k.name as AstNode), meta: {} as Meta }, args: [] }, arity] }] };
      }
      return { ...node, args: [isNode(f) && f.name === "/" && f.args?.length === 2 ? { ...f, args: [elixirShape(f.args[0]), f.args[1]] } : elixirShape(f)] };
    }
  }
  const args = node.args.map(elixirShape);
  if (typeof node.name === "string") {
    const key = `${node.name}/${args.length}`;
    if (KERNEL_FUNCTIONS.has(key) && node.meta?.unimported !== true) return kernelCall(node.name, args, node.meta);
    return { ...node, args };
  }
  const callee = node.name;
  if (isNode(callee) && callee.name === "." && callee.args?.length === 2 && isAtomAst(callee.args[0]) && isAtomAst(callee.args[1])) {
    return remoteCall(node, callee.args[0].atom, callee.args[1].atom, args);
  }
  return { ...node, name: elixirShape(callee), args };
}
