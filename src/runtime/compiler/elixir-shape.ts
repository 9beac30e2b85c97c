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
import { bareCalls, concatNodes, renamedVars, specKey, structDefaults, structOriginalMeta, unpackSpecs, varVersions } from "./expand.js";

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

const noMeta = (): Meta => ({}) as Meta;
const spec0 = (name: string, meta: Meta = noMeta()): AstNode => ({ name, meta, args: [] });

type Alignment = bigint | "unknown";
const addAlignment = (x: Alignment, y: Alignment): Alignment => (typeof x === "bigint" && typeof y === "bigint" ? (x + y) % 8n : "unknown");

/** elixir_bitstring's compute_alignment/3: the bits a segment leaves over a byte, when known. */
function computeAlignment(type: string, size: Ast | undefined, unit: Ast | undefined): Alignment {
  if (typeof size === "bigint" && typeof unit === "bigint") return (size * unit) % 8n;
  if (type === "integer" && size === undefined) return computeAlignment(type, 8n, unit);
  if ((type === "integer" || type === "bitstring") && unit === undefined) return computeAlignment(type, size, 1n);
  if (type === "binary" && unit === undefined) return computeAlignment(type, size, 8n);
  if (["binary", "float", "utf8", "utf16", "utf32"].includes(type)) return 0n;
  return "unknown";
}

/** The type a segment's value has of its own (elixir_bitstring's expr_type/1). */
function exprType(value: Ast): string | null {
  if (typeof value === "bigint") return "integer";
  if (typeof value === "number") return "float";
  if (typeof value === "string") return "binary";
  if (isNode(value) && value.name === "<<>>") return "bitstring";
  return null;
}

/**
 * A segment's specifiers as elixir_bitstring's build_spec/8 leaves them: the type, then the
 * endianness and sign (numbers; endianness for utf types, none for binaries), unit and size,
 * joined by `-` with the segment's metadata. Gives the merged type, size and unit too.
 */
function normalSpec(value: Ast, spec: Ast, meta: Meta): { spec: Ast; type: string; size?: Ast; unit?: Ast } {
  const keys: Record<string, Ast> = {};
  for (const h of unpackSpecs(spec, [])) {
    if (!isNode(h) || typeof h.name !== "string") continue;
    const key = specKey(h.name, h.args ?? []);
    if (key === null) continue;
    keys[key] = key === "size" || key === "unit" ? elixirShape(h.args![0]) : h.name === "bytes" ? "binary" : h.name === "bits" ? "bitstring" : h.name;
  }
  const type = (keys.type as string | undefined) ?? exprType(value) ?? "integer";
  const { size, unit, endianness, sign } = keys as Record<string, Ast | undefined>;
  const sizeAndUnit: AstNode[] = [];
  if (unit !== undefined) sizeAndUnit.push({ name: "unit", meta: noMeta(), args: [unit] });
  if (size !== undefined) sizeAndUnit.push({ name: "size", meta: noMeta(), args: [size] });
  const parts: AstNode[] = [spec0(type)];
  if (type === "utf8" || type === "utf16" || type === "utf32") {
    if (endianness !== undefined) parts.push(spec0(endianness as string));
  } else if (type === "binary" || type === "bitstring") {
    parts.push(...sizeAndUnit);
  } else {
    if (endianness !== undefined) parts.push(spec0(endianness as string));
    if (sign !== undefined) parts.push(spec0(sign as string));
    parts.push(...sizeAndUnit);
  }
  const joined = parts.slice(1).reduce<Ast>((acc, x) => ({ name: "-", meta, args: [acc, x] }), parts[0]);
  return { spec: joined, type, size, unit };
}

/** `<<...>>` as elixir_bitstring expands it: each segment with its specifiers normalized, bitstrings inside merged. */
function shapeBitstring(node: AstNode): AstNode {
  // A comprehension's bitstring generator, `<<segments <- bin>>`: its segments are a bitstring of their own
  const segs = node.args ?? [];
  const last = segs[segs.length - 1];
  if (isNode(last ?? null) && (last as AstNode).name === "<-" && (last as AstNode).args?.length === 2) {
    const [left, right] = (last as AstNode).args!;
    const pattern = shapeBitstring({ name: "<<>>", meta: node.meta, args: [...segs.slice(0, -1), left] });
    return { ...node, args: [{ ...(last as AstNode), args: [pattern, elixirShape(right)] }] };
  }
  const out: Ast[] = [];
  let alignment: Alignment = 0n;
  for (const seg of node.args ?? []) {
    const written = isNode(seg) && seg.name === "::" && seg.args?.length === 2;
    const value = elixirShape(written ? seg.args![0] : seg);
    const meta = written ? seg.meta : (isNode(seg) ? seg.meta : undefined) ?? node.meta;
    let right: Ast;
    let type: string;
    if (written) {
      const n = normalSpec(value, seg.args![1], meta);
      right = n.spec;
      type = n.type;
      alignment = addAlignment(alignment, computeAlignment(n.type, n.size, n.unit));
    } else {
      type = exprType(value) ?? "integer";
      right = spec0(type, meta);
    }
    // (elixir_bitstring's concat_or_prepend_bitstring: a bitstring's parts join the outer ones)
    if (isNode(value) && value.name === "<<>>") {
      const parts = value.args ?? [];
      if (parts.length === 0) continue;
      if (type === "bitstring" || (type === "binary" && value.meta?.alignment === 0n)) {
        out.push(...parts);
        continue;
      }
    }
    out.push({ name: "::", meta: written ? meta : ({ inferred_bitstring_spec: true, ...meta } as Meta), args: [value, right] });
  }
  return { ...node, meta: { alignment: alignment === "unknown" ? { atom: "unknown" } : alignment, ...node.meta } as Meta, args: out };
}

/** A chain `a <> b <> c` the expander kept: Kernel.<>/2's `<<a::binary, b::binary, c::binary>>`. */
function shapeConcat(node: AstNode): AstNode {
  const parts: Ast[] = [];
  let n: Ast = node;
  for (; isNode(n) && concatNodes.has(n); n = n.args![1]) parts.push(n.args![0]);
  parts.push(n);
  const segs = parts.map((p): Ast => (typeof p === "string" ? p : { name: "::", meta: noMeta(), args: [p, { name: "binary", meta: noMeta(), args: null }] }));
  return shapeBitstring({ name: "<<>>", meta: noMeta(), args: segs });
}

/** `name/arity` as elixir_expand's expand_fn_capture builds it: `Mod.fun/arity` with bare metadata, a local as `{name, [], nil}`. */
function captured(ref: Ast, arity: bigint): AstNode {
  const slash = (x: Ast): AstNode => ({ name: "/", meta: noMeta(), args: [x, arity] });
  if (isNode(ref) && isNode(ref.name) && ref.name.name === "." && ref.name.args?.length === 2) {
    return slash({ name: { name: ".", meta: noMeta(), args: [elixirShape(ref.name.args[0]), ref.name.args[1]] }, meta: noMeta(), args: [] });
  }
  if (isNode(ref) && typeof ref.name === "string") return slash({ name: (renamedVars.get(ref) ?? ref).name, meta: noMeta(), args: null });
  return slash(elixirShape(ref));
}

const placeholder = (x: Ast): bigint | null => (isNode(x) && x.name === "&" && x.args?.length === 1 && typeof x.args[0] === "bigint" ? x.args[0] : null);

/**
 * `&(...)` as elixir_fn's capture gives it: a call whose arguments are `&1..&n` in order is a
 * function capture (`&Mod.fun/n`, a local's `&fun/n`); anything else an anonymous function
 * of `x1..xn` (variables of elixir_fn's context) with the placeholders replaced.
 */
function shapeCapture(node: AstNode, body: Ast): AstNode {
  const shaped = elixirShape(body);
  if (isNode(shaped) && Array.isArray(shaped.args) && shaped.args.length > 0 && shaped.args.every((x, i) => placeholder(x) === BigInt(i + 1))) {
    const n = BigInt(shaped.args.length);
    const callee = shaped.name;
    if (isNode(callee) && callee.name === "." && callee.args?.length === 2 && isAtomAst(callee.args[1])) {
      return { name: "&", meta: (({ expr_capture: _, ...m }) => m)(node.meta ?? noMeta()) as Meta, args: [{ name: "/", meta: noMeta(), args: [{ name: { name: ".", meta: noMeta(), args: callee.args }, meta: noMeta(), args: [] }, n] }] };
    }
    if (typeof callee === "string") return { name: "&", meta: node.meta, args: [{ name: "/", meta: noMeta(), args: [{ name: callee, meta: noMeta(), args: null }, n] }] };
  }
  let arity = 0n;
  const replace = (x: Ast): Ast => {
    const p = placeholder(x);
    if (p !== null) {
      if (p > arity) arity = p;
      return { name: `x${p}`, meta: noMeta(), args: null, context: "elixir_fn" } as AstNode;
    }
    if (Array.isArray(x)) return x.map(replace);
    if (isTupleAst(x)) return { tuple: x.tuple.map(replace) } as Ast;
    if (!isNode(x)) return x;
    return { ...x, name: typeof x.name === "string" ? x.name : (replace(x.name) as AstNode), args: x.args === null ? null : x.args.map(replace) };
  };
  const fnBody = replace(shaped);
  const vars = Array.from({ length: Number(arity) }, (_, i) => ({ name: `x${i + 1}`, meta: noMeta(), args: null, context: "elixir_fn" }) as AstNode);
  const meta = (({ expr_capture: _, ...m }) => m)(node.meta ?? noMeta()) as Meta;
  return { name: "fn", meta, args: [{ name: "->", meta, args: [vars, fnBody] }] };
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
    const version = varVersions.get(node);
    const original = renamedVars.get(node) ?? (version !== undefined ? node : undefined);
    if (original !== undefined) return version === undefined ? original : { ...original, meta: { version, ...original.meta } as Meta };
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
      if (typeof arity === "bigint") return { ...node, args: [captured(ref, arity)] };
    }
    // (a placeholder `&1` inside a capture's body stays as it is: the capture replaces it)
    if (typeof f !== "bigint") return shapeCapture(node, f);
    return node;
  }
  if (node.name === "%" && node.args.length === 2 && structOriginalMeta.has(node)) {
    const [name, map] = node.args.map(elixirShape);
    const defaults = structDefaults.get(node) ?? [];
    const filled = defaults.length > 0 && isNode(map) && map.name === "%{}" && map.args !== null ? { ...map, args: [...defaults, ...map.args] } : map;
    return { ...node, meta: structOriginalMeta.get(node) as Meta, args: [name, filled] };
  }
  if (node.name === "<<>>") return shapeBitstring(node);
  if (concatNodes.has(node)) return shapeConcat(node);
  // (Kernel.to_string/1, kept for the code generator: elixir_rewrite inlines it on a binary)
  if (node.name === "to_string" && node.args.length === 1 && node.meta?.kernel === true) {
    const [arg] = node.args.map(elixirShape);
    return typeof arg === "string" ? arg : remote("Elixir.String.Chars", "to_string", node.meta, [arg]);
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

/** The bits an expanded `<<...>>` leaves over a byte as elixir_bitstring counts them (null: not known when compiling). */
export function bitstringAlignment(node: AstNode): bigint | null {
  const alignment = shapeBitstring(node).meta.alignment;
  return typeof alignment === "bigint" ? alignment : null;
}
