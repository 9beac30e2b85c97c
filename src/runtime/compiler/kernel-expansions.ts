// What some Kernel macros expand to, as quoted terms, for Macro.expand_once/2 and
// Macro.expand/2. The compiler itself never needs these (the code generator compiles if,
// &&, |> and the rest directly); they exist so that a program asking to see an expansion
// sees the one Elixir 1.14 gives. A Kernel macro not listed here is left unexpanded.
import { Atom, Bin, Cons, Float, NIL, Term, a, list } from "../term.js";

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
 * counter of this expansion; `context` the caller's (nil in a body, a guard, a pattern);
 * `expanded` the arguments as Macro.expand gives them, for the macros that expand theirs
 * first (in/2 its right side, the ranges their bounds).
 */
export function kernelExpansion(name: string, meta: Term, args: Term[], counter: number | bigint, context: "match" | "guard" | null = null, expanded?: Term[]): Term | undefined {
  const inBody = context === null;
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
      // (in a guard, Erlang's short-circuit operator)
      if (context === "guard") return remote(ERLANG, name === "and" ? "andalso" : "orelse", args);
      const other = v("other");
      const error = remote(a("erlang"), "error", [node(a("{}"), NIL, list([a("badbool"), a(name), other]))]);
      const [left, right] = args;
      const clauses = name === "and" ? [clause([false], false), clause([true], right)] : [clause([false], right), clause([true], true)];
      return caseOf(left, [...clauses, clause([other], error)], true);
    }
    case "in/2":
      return inExpansion(args[0], args[1], expanded?.[1] ?? args[1], v, counter, inBody);
    case "../0":
    case "../2":
    case "..///3":
      return rangeExpansion(expanded ?? args, context, counter);
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

/** A side of `<>`: a binary literal as it is, anything else as `x::binary`. */
function binaryPart(t: Term): Term {
  if (typeof t === "string") return t;
  return node(a("::"), NIL, list([t, node(a("binary"), NIL, null)]));
}

/** A term that is a number, atom or binary (Kernel's small_literal_list? takes only those). */
const isSmallLiteral = (t: Term): boolean => typeof t === "number" || typeof t === "bigint" || t instanceof Float || t instanceof Atom || t === null || t === true || t === false || typeof t === "string" || (t instanceof Bin && t.bits === 0);

const elixirAlias = (name: string, counter: number | bigint): Term => node(a("__aliases__"), list([[a("counter"), counter]]), list([a("Elixir"), a(name)]));

/** `{:%{}, [], [__struct__: Range, first: f, last: l, step: s]}`: the fields of a range map node, or null. */
function rangeFields(t: Term): [Term, Term, Term] | null {
  if (!Array.isArray(t) || t.length !== 3 || t[0] !== a("%{}") || !(t[2] instanceof Cons)) return null;
  const fields = new Map<string, Term>();
  for (let l: Term = t[2]; l instanceof Cons; l = l.t) {
    const p = l.h;
    if (!Array.isArray(p) || p.length !== 2 || !(p[0] instanceof Atom) || fields.has(p[0].name)) return null;
    fields.set(p[0].name, p[1]);
  }
  if (fields.size !== 4 || fields.get("__struct__") !== a("Elixir.Range") || !fields.has("first") || !fields.has("last") || !fields.has("step")) return null;
  return [fields.get("first")!, fields.get("last")!, fields.get("step")!];
}

const isIntT = (t: Term): t is number | bigint => typeof t === "number" || typeof t === "bigint";

/**
 * `left in right` as Kernel.in/2 expands it, `right` as Macro.expand gave it (`written`: as
 * written). Outside a body (a guard or pattern) every list is compared element by element;
 * in a body only a short list of literals is, a longer one is a :lists.member/2 call. A
 * range with literal bounds is a bounds check (with the step's remainder unless it is 1 or
 * -1), one with bounds known at run time a check of each in a guard; anything else is
 * Enum.member?/2 in a body. A left side that is not a variable is bound first in a body.
 * Undefined when Elixir raises (a right side a guard cannot take).
 */
function inExpansion(left: Term, written: Term, right: Term, v: (n: string) => Term, counter: number | bigint, inBody: boolean): Term | undefined {
  const erl = (fun: string, args: Term[]) => remote(ERLANG, fun, args);
  const eq = (x: Term, y: Term) => erl("=:=", [x, y]);
  const inVar = (fun: (x: Term) => Term | undefined): Term | undefined => {
    if (!inBody || isVarT(left)) return fun(left);
    const x = v("var");
    const body = fun(x);
    return body === undefined ? undefined : node(a("__block__"), NIL, list([node(a("="), NIL, list([x, left])), body]));
  };
  if (right === NIL) return inBody ? node(a("__block__"), NIL, list([node(a("="), NIL, list([node(a("_"), NIL, KERNEL), left])), false])) : false;
  if (right instanceof Cons) {
    const items: Term[] = [];
    let l: Term = right;
    for (; l instanceof Cons; l = l.t) items.push(l.h);
    const small = written instanceof Cons && l === NIL && items.length <= 32 && items.every(isSmallLiteral);
    if (inBody && !small) return remote(a("lists"), "member", [left, written]);
    const inList = (x: Term, elems: Term[]): Term | undefined => {
      const comps: Term[] = [];
      for (const e of elems) {
        const c = comp(x, e);
        if (c === undefined) return undefined;
        comps.push(c);
      }
      return comps.slice(1).reduce((acc, c) => erl("orelse", [acc, c]), comps[0]);
    };
    const comp = (x: Term, e: Term): Term | undefined => {
      if (!(Array.isArray(e) && e.length === 3 && e[0] === a("|") && e[2] instanceof Cons && e[2].t instanceof Cons)) return eq(x, e);
      const head = e[2].h;
      const tail = (e[2].t as Cons).h;
      if (tail === NIL) return eq(x, head);
      if (tail instanceof Cons) {
        const rest: Term[] = [];
        for (let t: Term = tail; t instanceof Cons; t = t.t) rest.push(t.h);
        const more = inList(x, rest);
        return more === undefined ? undefined : erl("orelse", [eq(x, head), more]);
      }
      return inBody ? erl("orelse", [eq(x, head), remote(a("lists"), "member", [x, tail])]) : undefined;
    };
    return inVar((x) => inList(x, items));
  }
  const range = rangeFields(right);
  if (range !== null) {
    const [first, last, step] = range;
    return inVar((x) => inRange(x, first, last, step));
  }
  if (inBody) return remote(elixirAlias("Enum", counter), "member?", [right, left]);
  return undefined;
}

/** Kernel's in_range: a bounds check of `x` against a range's first, last and step. */
function inRange(x: Term, first: Term, last: Term, step: Term): Term {
  const erl = (fun: string, args: Term[]) => remote(ERLANG, fun, args);
  const increasing = erl("andalso", [erl(">=", [x, first]), erl("=<", [x, last])]);
  const decreasing = erl("andalso", [erl("=<", [x, first]), erl(">=", [x, last])]);
  const withStep = (quoted: Term): Term =>
    isIntT(step) && (Number(step) === 1 || Number(step) === -1) ? quoted : erl("andalso", [quoted, erl("=:=", [erl("rem", [node(a("-"), kw([["context", KERNEL], ["imports", list([[1, KERNEL], [2, KERNEL]])]]), list([x, first])), step]), 0])]);
  if (isIntT(step)) {
    if (isIntT(first) && isIntT(last) && BigInt(first) === BigInt(last)) return erl("=:=", [x, first]);
    return withStep(erl("andalso", [erl("is_integer", [x]), Number(step) > 0 ? increasing : decreasing]));
  }
  const op = (name: string, l: Term, r: Term) => node(a(name), kw([["context", KERNEL], ["imports", list([[2, KERNEL]])]]), list([l, r]));
  const checks = op("and", op("and", op("and", erl("is_integer", [x]), erl("is_integer", [first])), erl("is_integer", [last])), op("or", op("and", erl(">", [step, 0]), increasing), op("and", erl("<", [step, 0]), decreasing)));
  return withStep(checks);
}

/**
 * `first..last` (and `first..last//step`, `..`) as Kernel expands them, the bounds as
 * Macro.expand gave them: integer bounds (and step) are a Range map; otherwise a
 * Range.new/2,3 call in a body, a map whose step a guard computes (`map_get` on which bound
 * is larger), or a map without a step in a pattern. Undefined for bounds Kernel refuses
 * (a float, atom, binary or list; a step that is 0 or one of those).
 */
function rangeExpansion(args: Term[], context: string | null, counter: number | bigint): Term | undefined {
  const refused = (t: Term) => t instanceof Float || t instanceof Atom || t === null || t === true || t === false || typeof t === "string" || t instanceof Bin || t === NIL || t instanceof Cons;
  const map = (first: Term, last: Term, step: Term | undefined): Term =>
    node(a("%{}"), NIL, list([[a("__struct__"), a("Elixir.Range")], [a("first"), first], [a("last"), last], ...(step === undefined ? [] : [[a("step"), step] as Term])]));
  if (args.length === 0) return context === null ? remote(elixirAlias("Range", counter), "new", [0, -1, 1]) : map(0, -1, 1);
  const [first, last, step] = args;
  if (refused(first) || refused(last)) return undefined;
  if (args.length === 3) {
    if (refused(step) || (isIntT(step) && Number(step) === 0)) return undefined;
    if ((isIntT(first) && isIntT(last) && isIntT(step)) || context !== null) return map(first, last, step);
    return remote(elixirAlias("Range", counter), "new", [first, last, step]);
  }
  if (isIntT(first) && isIntT(last)) return map(first, last, BigInt(first) <= BigInt(last) ? 1 : -1);
  if (context === null) return remote(elixirAlias("Range", counter), "new", [first, last]);
  if (context === "match") return map(first, last, undefined);
  const step2 = remote(ERLANG, "map_get", [remote(ERLANG, ">", [first, last]), node(a("%{}"), NIL, list([[false, 1], [true, -1]]))]);
  return map(first, last, step2);
}
