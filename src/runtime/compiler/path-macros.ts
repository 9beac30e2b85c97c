// Kernel's path macros: put_in/2, update_in/2, get_and_update_in/2 and pop_in/1 take a path
// written as access syntax (`data[key]`, `data.field`, chained) and expand to nested calls,
// as Elixir 1.14 expands them:
//   - `data[key]` goes through Access.get_and_update/3 (nil-safe, any Access container);
//   - `data.field` goes through Map.get_and_update!/3 (a map or struct field that must exist);
//   - when every segment is a field, put_in/update_in use Map.update!/3 instead;
//   - pop_in pops the last `[key]` with Access.pop/2 (nil-safe) and refuses a last `.field`.
// The path must start with a variable, a local or remote call, or a non-tuple value; a bad
// path is an ArgumentError raised while the macro expands (with Kernel's frames, as in iex).
import { Ast, AstNode, Meta, isAtomAst, isNode } from "../../lang/ast.js";
import { charlistOf } from "../term.js";
import { raise, BeamError } from "../errors.js";
import { Term, a, list, listToArray } from "../term.js";

type Segment = { kind: "access" | "map"; key: Ast };

/** The expansion of `name(path, ...rest)`; throws the ArgumentError Kernel raises. */
export function expandPathMacro(name: string, args: Ast[], meta: Meta, counter: number | bigint, text: (x: Ast) => string, caller: Term): Ast {
  const kind = `${name}/${args.length}`;
  try {
    return expansion(kind, args, meta, counter, text);
  } catch (e) {
    if (e instanceof BeamError && e.traced) e.stacktrace = list([...(listToArray(e.stacktrace) ?? []), caller]);
    throw e;
  }
}

function expansion(kind: string, args: Ast[], meta: Meta, counter: number | bigint, text: (x: Ast) => string): Ast {
  const [start, segments, allMap] = unnest(args[0], kind, text);
  const at: Meta = { line: meta.line, column: 0 };
  const x = (): AstNode => ({ name: "x", meta: { ...at, counter }, args: null, context: "Elixir.Kernel" });
  const remote = (mod: string, fun: string, argv: Ast[]): AstNode => ({ name: { name: ".", meta: at, args: [{ atom: mod }, { atom: fun }] }, meta: at, args: argv });
  const fn1 = (param: AstNode, body: Ast): AstNode => ({ name: "fn", meta: at, args: [{ name: "->", meta: at, args: [[param], body] }] });
  const tuple2 = (l: Ast, r: Ast): Ast => ({ tuple: [l, r] });

  // Map.update!(h, key, ...) down every field (all segments are fields).
  const nestUpdate = (h: Ast, rest: Segment[], fun: Ast): Ast => {
    const [seg, ...tail] = rest;
    const inner = tail.length === 0 ? fun : fn1(x(), nestUpdate(x(), tail, fun));
    return remote("Elixir.Map", "update!", [h, seg.key, inner]);
  };
  const nestGetAndUpdate = (h: Ast, rest: Segment[], fun: Ast): Ast => {
    const [seg, ...tail] = rest;
    const inner = tail.length === 0 ? fun : fn1(x(), nestGetAndUpdate(x(), tail, fun));
    return seg.kind === "access" ? remote("Elixir.Access", "get_and_update", [h, seg.key, inner]) : remote("Elixir.Map", "get_and_update!", [h, seg.key, inner]);
  };
  const element2 = (e: Ast): Ast => remote("erlang", "element", [2n, e]);

  switch (kind) {
    case "put_in/2": {
      const ignore: AstNode = { name: "_", meta: at, args: null, context: "Elixir.Kernel" };
      if (allMap) return nestUpdate(start, segments, fn1(ignore, args[1]));
      return element2(nestGetAndUpdate(start, segments, fn1(ignore, tuple2(null, args[1]))));
    }
    case "update_in/2": {
      if (allMap) return nestUpdate(start, segments, args[1]);
      const call: AstNode = { name: { name: ".", meta: at, args: [args[1]] }, meta: at, args: [x()] };
      return element2(nestGetAndUpdate(start, segments, fn1(x(), tuple2(null, call))));
    }
    case "get_and_update_in/2":
      return nestGetAndUpdate(start, segments, args[1]);
    default:
      return nestPop(start, segments, at, x, remote, fn1, tuple2);
  }
}

function nestPop(
  h: Ast,
  rest: Segment[],
  at: Meta,
  x: () => AstNode,
  remote: (mod: string, fun: string, argv: Ast[]) => AstNode,
  fn1: (param: AstNode, body: Ast) => AstNode,
  tuple2: (l: Ast, r: Ast) => Ast,
): Ast {
  // Frames of Kernel's recursion, innermost first, for the error a last `.field` raises.
  const frames: Term[] = [];
  const walk = (h: Ast, rest: Segment[], kind: "map" | "access"): Ast => {
    const [seg, ...tail] = rest;
    if (tail.length === 0) {
      if (seg.kind === "map") {
        throw pathError(`cannot use pop_in when the last segment is a map/struct field. This would effectively remove the field ${keyText(seg.key)} from the map/struct`, [kernelFrame("nest_pop_in", 3, 3105), ...frames.reverse()], "pop_in", 1);
      }
      // `case h do nil -> ...; h -> Access.pop(h, key) end` (nil gives {nil, nil} at the top, :pop below).
      const v = x();
      const onNil = kind === "map" ? tuple2(null, null) : { atom: "pop" };
      return {
        name: "case",
        meta: at,
        args: [h, [tuple2({ atom: "do" }, [
          { name: "->", meta: at, args: [[null], onNil] },
          { name: "->", meta: at, args: [[v], remote("Elixir.Access", "pop", [x(), seg.key])] },
        ])]],
      } as AstNode;
    }
    frames.push(kernelFrame("nest_pop_in", 3, seg.kind === "map" ? 3112 : 3127), kernelFrame("nest_pop_in", 2, 3091));
    const inner = fn1(x(), walk(x(), tail, seg.kind));
    return seg.kind === "map" ? remote("Elixir.Map", "get_and_update!", [h, seg.key, inner]) : remote("Elixir.Access", "get_and_update", [h, seg.key, inner]);
  };
  return walk(h, rest, "map");
}

/** The start of the path, its segments, and whether every segment is a `.field`. */
function unnest(path: Ast, kind: string, text: (x: Ast) => string): [Ast, Segment[], boolean] {
  const segments: Segment[] = [];
  let allMap = true;
  let node = path;
  for (;;) {
    if (isNode(node) && isNode(node.name as Ast) && (node.name as AstNode).name === "." && node.args !== null) {
      const target = (node.name as AstNode).args!;
      if (target.length === 2 && isAtomAst(target[0]) && target[0].atom === "Elixir.Access" && isAtomAst(target[1]) && target[1].atom === "get" && node.args.length === 2) {
        segments.unshift({ kind: "access", key: node.args[1] });
        allMap = false;
        node = node.args[0];
        continue;
      }
      const e = target[0];
      if (target.length === 2 && node.args.length === 0 && isAtomAst(target[1]) && isNode(e) && e.name !== "__aliases__" && e.name !== "__MODULE__") {
        segments.unshift({ kind: "map", key: target[1] });
        node = e;
        continue;
      }
    }
    break;
  }
  if (segments.length === 0) {
    throw pathError(`expected expression given to ${kind} to access at least one element, got: ${text(node)}`, [kernelFrame("unnest", 4, 3142)], ...nameArity(kind));
  }
  if (!properStart(node)) {
    throw pathError(`expression given to ${kind} must start with a variable, local or remote call and be followed by an element access, got: ${text(node)}`, [kernelFrame("unnest", 4, 3153)], ...nameArity(kind));
  }
  return [node, segments, allMap];
}

const nameArity = (kind: string): [string, number] => {
  const i = kind.lastIndexOf("/");
  return [kind.slice(0, i), Number(kind.slice(i + 1))];
};

/** Kernel's proper_start?/1: a call (local or on a module), or anything not a 3-tuple. */
function properStart(node: Ast): boolean {
  if (!isNode(node)) return true;
  if (typeof node.name === "string") return true;
  const callee = node.name;
  if (isNode(callee) && callee.name === "." && callee.args?.length === 2) {
    const e = callee.args[0];
    return isAtomAst(e) || e === null || e === true || e === false || (isNode(e) && (e.name === "__aliases__" || e.name === "__MODULE__"));
  }
  return false;
}

function keyText(key: Ast): string {
  return isAtomAst(key) ? `:${key.atom}` : String(key);
}


function kernelFrame(fun: string, arity: number, line: number): Term {
  return [a("Elixir.Kernel"), a(fun), arity, list([[a("file"), charlistOf("lib/kernel.ex")], [a("line"), line]])];
}

/** An ArgumentError raised inside the macro: Kernel's frames, then the expanding macro (the caller's frame follows). */
function pathError(message: string, frames: Term[], macro: string, arity: number): BeamError {
  const err = raise("ArgumentError", { message });
  err.stacktrace = list([...frames, [a("Elixir.Kernel"), a(macro), arity, list([[a("file"), charlistOf("expanding macro")]])]]);
  err.traced = true;
  err.complete = true;
  return err;
}
