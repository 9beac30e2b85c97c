// What some Kernel macros expand to, as quoted terms, for Macro.expand_once/2 and
// Macro.expand/2. The compiler itself never needs these (the code generator compiles if,
// &&, |> and the rest directly); they exist so that a program asking to see an expansion
// sees the one Elixir 1.14 gives. A Kernel macro not listed here is left unexpanded.
import { Atom, Cons, NIL, Term, a, list } from "../term.js";

const KERNEL = a("Elixir.Kernel");
const node = (name: Term, meta: Term, args: Term): Term => [name, meta, args];
const kw = (pairs: [string, Term][]): Term => list(pairs.map(([k, v]) => [a(k), v]));
const clause = (head: Term[], body: Term): Term => node(a("->"), NIL, list([list(head), body]));
const remote = (mod: Term, fun: string, args: Term[]): Term => node(node(a("."), NIL, list([mod, a(fun)])), NIL, list(args));

/** `x when x in [false, nil]` with a hygienic `x` of the Kernel context. */
function falsy(x: Term): Term {
  return node(a("when"), NIL, list([x, remote(KERNEL, "in", [x, list([false, null])])]));
}

function caseOf(subject: Term, clauses: Term[], optimizeBoolean: boolean): Term {
  const meta = optimizeBoolean ? kw([["optimize_boolean", true]]) : NIL;
  return node(a("case"), meta, list([subject, kw([["do", list(clauses)]])]));
}

function keywordGet(opts: Term, key: string): Term | undefined {
  for (let l = opts; l instanceof Cons; l = l.t) {
    const p = l.h;
    if (Array.isArray(p) && p.length === 2 && p[0] === a(key)) return p[1];
  }
  return undefined;
}

/** `cond, [do: a, else: b]` as [cond, a, b] (b nil when absent); undefined if not that shape. */
function doElse(args: Term[]): [Term, Term, Term] | undefined {
  const [cond, opts] = args;
  if (!(opts instanceof Cons)) return undefined;
  const doPart = keywordGet(opts, "do");
  if (doPart === undefined) return undefined;
  return [cond, doPart, keywordGet(opts, "else") ?? null];
}

/**
 * The expansion of Kernel's `name/args.length` call, or undefined when it is not one this
 * module knows (or its arguments are not of the expected shape). `counter` is the hygiene
 * counter of this expansion; `inBody` false: it is expanded in a pattern or a guard.
 */
export function kernelExpansion(name: string, meta: Term, args: Term[], counter: number | bigint, inBody = true): Term | undefined {
  const v = (n: string): Term => node(a(n), list([[a("counter"), counter]]), KERNEL);
  const underscore = node(a("_"), NIL, KERNEL);
  const importsMeta = (arity: number) => kw([["context", KERNEL], ["imports", list([[arity, KERNEL]])]]);
  switch (`${name}/${args.length}`) {
    case "if/2": {
      const parts = doElse(args);
      if (parts === undefined) return undefined;
      const [cond, doPart, elsePart] = parts;
      const x = v("x");
      return caseOf(cond, [clause([falsy(x)], elsePart), clause([underscore], doPart)], true);
    }
    case "unless/2": {
      const parts = doElse(args);
      if (parts === undefined) return undefined;
      const [cond, doPart, elsePart] = parts;
      return node(a("if"), importsMeta(2), list([cond, kw([["do", elsePart], ["else", doPart]])]));
    }
    case "&&/2": {
      const x = v("x");
      return caseOf(args[0], [clause([falsy(x)], x), clause([underscore], args[1])], false);
    }
    case "||/2": {
      const x = v("x");
      return caseOf(args[0], [clause([falsy(x)], args[1]), clause([x], x)], false);
    }
    case "!/1": {
      const x = v("x");
      return caseOf(args[0], [clause([falsy(x)], true), clause([underscore], false)], true);
    }
    case "and/2":
    case "or/2": {
      const other = v("other");
      const error = remote(a("erlang"), "error", [node(a("{}"), NIL, list([a("badbool"), a(name), other]))]);
      const [left, right] = args;
      const clauses = name === "and" ? [clause([false], false), clause([true], right)] : [clause([false], right), clause([true], true)];
      return caseOf(left, [...clauses, clause([other], error)], true);
    }
    case "in/2":
      return inExpansion(args[0], args[1], v, counter, inBody);
    case "<>/2":
      return node(a("<<>>"), NIL, list(args.map(binaryPart)));
    case "is_nil/1":
      return node(a("=="), importsMeta(2), list([args[0], null]));
    case "to_string/1":
      if (typeof args[0] === "string") return args[0];
      return remote(a("Elixir.String.Chars"), "to_string", [args[0]]);
    case "then/2":
      return node(node(a("."), NIL, list([args[1]])), NIL, list([args[0]]));
    case "|>/2": {
      const [left, right] = args;
      if (Array.isArray(right) && right.length === 3) {
        const [rname, rmeta, rargs] = right;
        if (rargs instanceof Atom) return node(rname, rmeta, list([left]));
        if (rargs === NIL || rargs instanceof Cons) {
          if (rname === a("fn") || rname === a("&") || rname === a("{}") || rname === a("%{}") || rname === a("<<>>") || rname === a("__aliases__")) return undefined;
          return node(rname, rmeta, new Cons(left, rargs));
        }
      }
      return undefined;
    }
  }
  void meta;
  return undefined;
}

const ERLANG = a("erlang");
const isVarT = (t: Term): boolean => Array.isArray(t) && t.length === 3 && t[0] instanceof Atom && (t[2] instanceof Atom || t[2] === null) && (t[1] === NIL || t[1] instanceof Cons);
const isLiteralT = (t: Term): boolean => !Array.isArray(t) || t.length === 2;

/** A side of `<>`: a binary literal as it is, anything else as `x::binary`. */
function binaryPart(t: Term): Term {
  if (typeof t === "string") return t;
  return node(a("::"), NIL, list([t, node(a("binary"), NIL, null)]));
}

/**
 * `left in right` as Kernel.in/2 expands it outside guards: a literal list becomes a chain
 * of `:erlang.orelse` over `=:=`, a literal integer range a bounds check, anything else a
 * call to Enum.member?/2. A left side that is not a variable or literal is bound first (in a
 * body; in a pattern or guard it stands as it is, and `x in []` is false).
 */
function inExpansion(left: Term, right: Term, v: (n: string) => Term, counter: number | bigint, inBody: boolean): Term {
  const eq = (x: Term, y: Term) => remote(ERLANG, "=:=", [x, y]);
  if (right === NIL && !inBody) return false;
  const simple = !inBody || isVarT(left) || isLiteralT(left);
  const subject = simple ? left : v("var");
  const wrap = (body: Term): Term => (simple ? body : node(a("__block__"), NIL, list([node(a("="), NIL, list([subject, left])), body])));
  if (right === NIL) return node(a("__block__"), NIL, list([node(a("="), NIL, list([node(a("_"), NIL, KERNEL), left])), false]));
  if (right instanceof Cons) {
    const items: Term[] = [];
    let l: Term = right;
    for (; l instanceof Cons; l = l.t) items.push(l.h);
    if (l !== NIL) return undefined as never;
    let acc = eq(subject, items[0]);
    for (const x of items.slice(1)) acc = remote(ERLANG, "orelse", [acc, eq(subject, x)]);
    return wrap(acc);
  }
  if (Array.isArray(right) && right.length === 3 && right[0] === a("..") && right[2] instanceof Cons) {
    const [first, last] = [right[2].h, (right[2].t as Cons).h];
    if (typeof first === "number" && typeof last === "number") {
      const [lo, hi] = first <= last ? [first, last] : [last, first];
      const bounds = remote(ERLANG, "andalso", [remote(ERLANG, ">=", [subject, lo]), remote(ERLANG, "=<", [subject, hi])]);
      return wrap(remote(ERLANG, "andalso", [remote(ERLANG, "is_integer", [subject]), bounds]));
    }
  }
  const enumAlias = node(a("__aliases__"), list([[a("counter"), counter]]), list([a("Elixir"), a("Enum")]));
  return remote(enumAlias, "member?", [right, left]);
}
