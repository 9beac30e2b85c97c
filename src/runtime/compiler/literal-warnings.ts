// The Erlang compiler's warnings about calls to BIFs, as Elixir 1.14 prints them for a
// module's functions (sys_core_fold, through elixir_erl_compiler's custom_format):
//
//   warning: the call to +/2 will fail with ArithmeticError          (1 + :a)
//   warning: use of operator == has no effect                       (x == 1 as a statement)
//   warning: the call to self/0 has no effect
//   warning: the result of evaluating operator '+'/2 is ignored (suppress the warning by
//            assigning the expression to the _ variable)           (x + 1 as a statement)
//   warning: the result of calling hd/1 is ignored (...)
//
// A model of what sys_core_fold sees: each function's body walked with the context each
// expression is in (a value is wanted, or only its effect: a statement of a block, a branch
// of a case that is itself a statement), Kernel's inlined functions as the Erlang BIFs they
// are (elixir_rewrite), and variables bound to constants replaced by them (so `x = :a; x + 1`
// fails too). A call to a pure BIF whose arguments are all constants is evaluated now; if it
// raises, the call will fail (named back in Elixir's terms). A safe BIF (comparisons, type
// tests, self/0) in effect context has no effect; another pure one's result is ignored.
// Constructed terms left unused, a warning Elixir silences, and guards are not looked at;
// a fn in effect context is dropped unvisited, as sys_core_fold drops it. Warnings are
// deduplicated per line and text, and printed with the module's other Erlang warnings, by line.
import { Ast, AstNode, isAtomAst, isLiteralAst, isNode, isTupleAst } from "../../lang/ast.js";
import { MapTerm } from "../map.js";
import { Atom, Bin, Cons, Float, NIL, Term, a, int, list } from "../term.js";
import { BeamError } from "../errors.js";
import { normalizeError } from "../exception-message.js";
import { inspectAtom } from "../inspect.js";
import { bareCalls } from "./expand.js";
import { INLINE, KERNEL_INLINE, erlangRewrite } from "./rewrite.js";
import type { Clause } from "./control.js";
import type { Unit } from "./unit.js";

const UNKNOWN = Symbol("unknown");
type V = Term | typeof UNKNOWN;
type Ctxt = "value" | "effect";

/** erl_bifs:is_pure/3 (erlang and math; maps and lists are reached only through rewrites). */
const PURE = new Set(qualified(
  (
    "erlang:*/2 +/1 +/2 ++/2 -/1 -/2 --/2 //2 /=/2 </2 =/=/2 =:=/2 =</2 ==/2 >/2 >=/2 and/2 band/2 bnot/1 bor/2 bsl/2 bsr/2 bxor/2 div/2 not/1 or/2 rem/2 xor/2 " +
    "abs/1 atom_to_binary/1 atom_to_binary/2 atom_to_list/1 binary_part/2 binary_part/3 binary_to_atom/1 binary_to_atom/2 binary_to_float/1 binary_to_integer/1 " +
    "binary_to_list/1 binary_to_list/3 bit_size/1 byte_size/1 ceil/1 element/2 float/1 float_to_list/1 float_to_binary/1 floor/1 hd/1 integer_to_binary/1 " +
    "integer_to_list/1 is_atom/1 is_boolean/1 is_binary/1 is_bitstring/1 is_float/1 is_function/1 is_function/2 is_integer/1 is_list/1 is_map/1 is_map_key/2 " +
    "is_number/1 is_pid/1 is_port/1 is_record/2 is_record/3 is_reference/1 is_tuple/1 length/1 list_to_atom/1 list_to_binary/1 list_to_float/1 list_to_integer/1 " +
    "list_to_integer/2 list_to_pid/1 list_to_tuple/1 max/2 make_fun/3 map_get/2 min/2 pid_to_list/1 round/1 setelement/3 size/1 split_binary/2 tl/1 trunc/1 " +
    "tuple_size/1 tuple_to_list/1 " +
    "math:acos/1 acosh/1 asin/1 asinh/1 atan/1 atan2/2 atanh/1 ceil/1 cos/1 cosh/1 erf/1 erfc/1 exp/1 floor/1 fmod/2 log/1 log2/1 log10/1 pow/2 sin/1 sinh/1 sqrt/1 tan/1 tanh/1 pi/0"
  ).split(" "),
));

/** "mod:f/a f/a mod2:f/a ..." → "mod:f/a" for each (a word without a module keeps the last one named). */
function qualified(words: string[]): string[] {
  let mod = "";
  return words.map((w) => {
    const m = /^(\w+):(.*)$/.exec(w);
    if (m !== null) mod = m[1];
    return `${mod}:${m === null ? w : m[2]}`;
  });
}

/** erl_bifs:is_safe/3: no effect, cannot fail. */
const SAFE = new Set(
  "/=/2 </2 =/=/2 =:=/2 =</2 ==/2 >/2 >=/2 date/0 get/0 get/1 get_cookie/0 get_keys/1 group_leader/0 is_alive/0 is_atom/1 is_boolean/1 is_binary/1 is_bitstring/1 is_float/1 is_function/1 is_integer/1 is_list/1 is_map/1 is_number/1 is_pid/1 is_port/1 is_reference/1 is_tuple/1 make_ref/0 max/2 min/2 node/0 nodes/0 ports/0 pre_loaded/0 processes/0 registered/0 self/0 term_to_binary/1 time/0"
    .split(" ")
    .map((w) => `erlang:${w}`),
);

/** erl_internal:comp_op/2 and the Elixir spelling of each (elixir_utils:erlang_comparison_op_to_elixir). */
const COMPARISON: Record<string, string> = { "==": "==", "/=": "!=", "=<": "<=", "<": "<", ">=": ">=", ">": ">", "=:=": "===", "=/=": "!==" };
/** erl_internal:op_type/2: the BIFs that are operators (arity 1 or 2 as given). */
const OPERATORS = new Set("+/1 -/1 bnot/1 not/1 +/2 -/2 //2 */2 div/2 rem/2 band/2 bor/2 bxor/2 bsl/2 bsr/2 and/2 or/2 xor/2 ++/2 --/2 ==/2 /=/2 =</2 </2 >=/2 >/2 =:=/2 =/=/2".split(" "));
/** Auto-imported BIFs among those above that are not operators (erl_internal:bif/2 is false for these). */
const NOT_AUTO_IMPORTED = new Set(["get_cookie/0", "ports/0"]);


/** elixir_rewrite:erl_to_ex/3 for a BIF (the first inline rule naming it), as Exception.format_mfa/3 writes it, Kernel's unprefixed. */
function elixirName(mod: string, fun: string, arity: number): string {
  for (const [key, erl] of Object.entries(KERNEL_INLINE)) {
    const at = key.lastIndexOf("/");
    if (mod === "erlang" && erl === fun && Number(key.slice(at + 1)) === arity) {
      const name = key.slice(0, at);
      // (the inline rules of Atom, Bitwise, Function and Integer come before Kernel's)
      const earlier = INLINE.find(([m, f, n, em, ef]) => em === mod && ef === fun && n === arity && m < "Kernel" && /^\w/.test(f));
      if (earlier === undefined) return `${inspectAtom("remote_call", name)}/${arity}`;
    }
  }
  const rule = INLINE.find(([, f, n, em, ef]) => em === mod && ef === fun && n === arity && /^\w/.test(f));
  if (rule !== undefined) return `${rule[0]}.${inspectAtom("remote_call", rule[1])}/${arity}`;
  return `:${mod}.${inspectAtom("remote_call", fun)}/${arity}`;
}

interface Found {
  line: number;
  /** Erlang's order of two warnings on one line (the description's term order). */
  order: string;
  text: string;
}

/** Variables bound to constants (or to unknown values, shadowing an outer constant). */
class Env {
  private readonly vars = new Map<string, V>();
  constructor(private readonly up: Env | null) {}
  get(name: string): V {
    for (let e: Env | null = this; e !== null; e = e.up) {
      const v = e.vars.get(name);
      if (v !== undefined) return v;
    }
    return UNKNOWN;
  }
  set(name: string, v: V): void {
    this.vars.set(name, v);
  }
}

/** Adds the warnings of a module function's clauses (or a macro's) to the unit's Erlang warnings. */
export function warnLiteralCalls(unit: Unit, clauses: Clause[]): void {
  if (unit.module === "" || unit.host.library) return;
  const w = new Walker(unit);
  for (const c of clauses) {
    const env = new Env(null);
    for (const p of c.pats) w.bind(p, env);
    w.expr(c.body, "value", env);
    // (the clauses after one that always matches are dropped unvisited)
    if ((c.guard === null || c.guard === true) && c.pats.every(isPlainVar)) break;
  }
  for (const f of w.found) unit.erlangWarnings.push({ line: f.line, order: f.order, text: f.text });
}

/**
 * Adds the warnings of a script's top level (`elixir FILE`): Elixir compiles it as the body
 * of elixir_compiler_0's `__FILE__/1`, so sys_core_fold looks at it as at a function's.
 */
export function warnScriptCalls(unit: Unit, body: Ast[]): void {
  if (unit.host.library) return;
  const w = new Walker(unit);
  w.expr({ name: "__block__", meta: {}, args: body } as AstNode, "value", new Env(null));
  for (const f of w.found) unit.erlangWarnings.push({ line: f.line, order: f.order, text: f.text });
}

class Walker {
  readonly found: Found[] = [];
  /** Inside the value of a match of a plain variable: failing calls are not warned about. */
  quiet = 0;
  private readonly seen = new Set<string>();
  constructor(private readonly unit: Unit) {}

  private warn(meta: AstNode["meta"], order: string, message: string): void {
    const line = meta?.line as number | undefined;
    if (line === undefined || line === 0 || meta?.generated === true) return;
    const key = `${line}\0${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.found.push({ line, order, text: `warning: ${message}\n  ${this.unit.file}:${line}\n\n` });
  }

  /** The variables of a pattern: bound to values not known now. */
  bind(p: Ast, env: Env): void {
    if (Array.isArray(p)) return p.forEach((x) => this.bind(x, env));
    if (isTupleAst(p)) return p.tuple.forEach((x) => this.bind(x, env));
    if (!isNode(p)) return;
    if (typeof p.name === "string" && p.args === null) {
      if (p.name !== "_") env.set(p.name, UNKNOWN);
      return;
    }
    if (p.name === "^") return;
    if (p.args !== null) p.args.forEach((x) => this.bind(x, env));
  }

  /** A block of statements: every one but the last only for its effect. */
  private block(items: Ast[], ctxt: Ctxt, env: Env): V {
    let v: V = null;
    items.forEach((x, i) => {
      v = this.expr(x, i < items.length - 1 ? "effect" : ctxt, env);
    });
    return v;
  }

  expr(x: Ast, ctxt: Ctxt, env: Env): V {
    if (typeof x === "bigint") return int(x);
    if (typeof x === "number") return new Float(x);
    if (typeof x === "string") return /[\uDC80-\uDCFF]/.test(x) ? UNKNOWN : x;
    if (x === null || x === true || x === false) return x;
    if (isAtomAst(x)) return a(x.atom);
    if (isLiteralAst(x)) return isConstant(x.literal as Term) ? (x.literal as Term) : UNKNOWN;
    if (Array.isArray(x)) return this.listExpr(x, ctxt, env);
    if (isTupleAst(x)) return this.tuple(x.tuple, ctxt, env);
    if (!isNode(x)) return UNKNOWN;
    const node = x;
    const { name, args } = node;
    if (typeof name === "string" && args === null) {
      if (bareCalls.has(node)) return this.call(node, [], ctxt, env);
      return env.get(name);
    }
    if (args === null) return UNKNOWN;
    if (typeof name !== "string") return this.remote(node, ctxt, env);
    switch (name) {
      case "__block__":
        return this.block(args, ctxt, env);
      case "{}":
        return this.tuple(args, ctxt, env);
      case "=": {
        // `a = b = value` is one match of the pattern `a = b`. A match of a plain variable
        // gives no warning for calls failing in its value (as Elixir 1.14 prints them).
        const pats = [args[0]];
        let value = args[1];
        while (isNode(value) && value.name === "=" && value.args?.length === 2) {
          pats.push(value.args[0]);
          value = value.args[1];
        }
        const quiet = pats.length === 1 && isPlainVar(pats[0]);
        if (quiet) this.quiet++;
        let v: V;
        try {
          v = this.expr(value, "value", env);
        } finally {
          if (quiet) this.quiet--;
        }
        for (const p of pats) this.match(p, v, env);
        return v;
      }
      case "%{}": {
        // (a map of constants is a literal to the Erlang compiler: `%{}`)
        const vs = this.values(args, env);
        if (ctxt === "value" && vs.every((v) => Array.isArray(v) && v.length === 2 && !v.includes(UNKNOWN as never))) {
          return MapTerm.fromPairs(vs as [Term, Term][]);
        }
        return UNKNOWN;
      }
      case "%":
      case "<<>>":
        // (terms built and, in effect context, thrown away: a warning Elixir silences)
        this.values(args, env);
        return UNKNOWN;
      case "fn":
        // sys_core_fold drops a fun made for its effect without looking into it.
        if (ctxt === "value") this.clauses(args, "value", env);
        return UNKNOWN;
      case "defmodule":
        // (its body is quoted for elixir_module to compile when the call runs)
        if (node.meta?.unimported !== true) return UNKNOWN;
        break;
      case "&":
      case "quote":
      case "__aliases__":
      case "@":
      case "super":
        return UNKNOWN;
      case "case": {
        const subject = this.expr(args[0], "value", env);
        this.caseClauses(kw(args[1], "do"), subject, ctxt, env);
        return UNKNOWN;
      }
      case "if":
      case "unless": {
        const cond = this.expr(args[0], "value", env);
        const truthy = cond === UNKNOWN ? null : cond !== null && cond !== false;
        const [yes, no] = name === "if" ? ["do", "else"] : ["else", "do"];
        // (a constant condition: the case on it keeps the branch taken alone)
        if (truthy !== false) this.branch(kw(args[1], yes), ctxt, env);
        if (truthy !== true) this.branch(kw(args[1], no), ctxt, env);
        return UNKNOWN;
      }
      case "cond": {
        for (const c of clausesOf(kw(args[0], "do"))) {
          const v = this.expr(c.head[0], "value", new Env(env));
          if (v !== UNKNOWN && (v === null || v === false)) continue;
          this.branch(c.body, ctxt, env);
          if (v !== UNKNOWN) break;
        }
        return UNKNOWN;
      }
      case "receive": {
        this.clauses(kw(args[0], "do"), ctxt, env);
        const after = kw(args[0], "after");
        if (Array.isArray(after)) {
          for (const c of clausesOf(after)) {
            this.expr(c.head[0], "value", env);
            this.branch(c.body, ctxt, env);
          }
        }
        return UNKNOWN;
      }
      case "try": {
        const opts = Array.isArray(args[0]) ? args[0] : [];
        for (const p of opts) {
          if (!isTupleAst(p) || !isAtomAst(p.tuple[0])) continue;
          const key = p.tuple[0].atom;
          if (key === "do" || key === "after") this.branch(p.tuple[1], key === "after" ? "effect" : "value", env);
          else this.clauses(p.tuple[1], "value", env);
        }
        return UNKNOWN;
      }
      case "with": {
        const inner = new Env(env);
        for (const q of args.slice(0, -1)) {
          if (isNode(q) && q.name === "<-" && q.args?.length === 2) {
            this.expr(q.args[1], "value", inner);
            this.bind(q.args[0], inner);
          } else this.expr(q, "value", inner);
        }
        const opts = args[args.length - 1];
        this.branch(kw(opts, "do"), ctxt, inner);
        this.clauses(kw(opts, "else"), ctxt, env);
        return UNKNOWN;
      }
      case "for": {
        const inner = new Env(env);
        for (const q of args.slice(0, -1)) {
          if (isNode(q) && (q.name === "<-" || q.name === "<<>>") && q.args?.length === 2 && q.name === "<-") {
            this.expr(q.args[1], "value", inner);
            this.bind(q.args[0], inner);
          } else if (!Array.isArray(q)) this.expr(q, "value", inner);
        }
        const opts = args[args.length - 1];
        const body = kw(opts, "do");
        if (Array.isArray(body)) this.clauses(body, "value", inner);
        else this.branch(body, "value", inner);
        return UNKNOWN;
      }
      case "and":
      case "or":
      case "&&":
      case "||": {
        // (a case on the left operand; the right is one of its branches)
        if (args.length !== 2) break;
        this.expr(args[0], "value", env);
        this.branch(args[1], ctxt, env);
        return UNKNOWN;
      }
      case "!":
        this.values(args, env);
        return UNKNOWN;
      case "is_nil":
        // Kernel.is_nil/1 is `x == nil`
        if (args.length === 1 && node.meta?.unimported !== true) return this.bif(node, "erlang", "==", [this.expr(args[0], "value", env), null], ctxt, [args[0], null]);
        break;
      case "elem":
      case "put_elem":
        if ((args.length === 2 || args.length === 3) && node.meta?.unimported !== true && (name === "elem") === (args.length === 2)) {
          const vs = this.values(args, env);
          const index = vs[1];
          const plus = index === UNKNOWN ? UNKNOWN : this.fold(node, "erlang", "+", [index, 1], false);
          return this.bif(node, "erlang", name === "elem" ? "element" : "setelement", [plus, vs[0], ...vs.slice(2)], ctxt, null);
        }
        break;
      case "in": {
        // Kernel.in/2 with a short list of literals, in a body: `x === a or ... or x === z`,
        // the last comparison a branch (left-nested orelse); otherwise a call.
        const [left, right] = args;
        this.expr(left, "value", env);
        const small = Array.isArray(right) && right.length > 0 && right.length <= 32 && right.every((e) => typeof e === "string" || typeof e === "bigint" || typeof e === "number" || e === null || e === true || e === false || isAtomAst(e));
        if (small && ctxt === "effect" && node.meta?.unimported !== true) this.warn(node.meta, "1ignored\0no_effect\0=:=", "use of operator === has no effect");
        if (!small) this.expr(right, "value", env);
        return UNKNOWN;
      }
      case "|>":
      case "..":
      case "..//":
      case "<>":
        this.values(args, env);
        return UNKNOWN;
    }
    return this.call(node, args, ctxt, env);
  }

  private values(args: Ast[], env: Env): V[] {
    return args.map((x) => this.expr(x, "value", env));
  }

  private listExpr(items: Ast[], ctxt: Ctxt, env: Env): V {
    const last = items[items.length - 1];
    const improper = isNode(last) && last.name === "|" && last.args?.length === 2;
    const elems = improper ? [...items.slice(0, -1), ...(last as AstNode).args!] : items;
    const vs = elems.map((e) => this.expr(e, ctxt, env));
    if (ctxt === "effect" || vs.some((v) => v === UNKNOWN)) return UNKNOWN;
    const terms = vs as Term[];
    return improper ? list(terms.slice(0, -1), terms[terms.length - 1]) : list(terms);
  }

  private tuple(items: Ast[], ctxt: Ctxt, env: Env): V {
    const vs = items.map((e) => this.expr(e, ctxt, env));
    if (ctxt === "effect" || vs.some((v) => v === UNKNOWN)) return UNKNOWN;
    return vs as Term[];
  }

  /** `pattern = value`: a plain variable keeps the value; any other pattern binds unknowns. */
  private match(p: Ast, v: V, env: Env): void {
    if (isNode(p) && typeof p.name === "string" && p.args === null) {
      if (p.name !== "_") env.set(p.name, v);
      return;
    }
    if (isNode(p) && p.name === "=" && p.args?.length === 2) {
      this.match(p.args[0], v, env);
      this.match(p.args[1], v, env);
      return;
    }
    this.bind(p, env);
  }

  private branch(body: Ast | undefined, ctxt: Ctxt, env: Env): void {
    if (body === undefined) return;
    this.expr(body, ctxt, new Env(env));
  }

  /** Clauses (`->`) whose patterns bind unknowns; their bodies in `ctxt` (up to one that always matches). */
  private clauses(cs: Ast | undefined, ctxt: Ctxt, env: Env): void {
    for (const c of clausesOf(cs)) {
      const inner = new Env(env);
      for (const p of c.head) this.bind(p, inner);
      this.expr(c.body, ctxt, inner);
      if (!c.guarded && c.head.every(isPlainVar)) break;
    }
  }

  /** A case's clauses: on a constant subject, the first clause matching it alone (a plain variable takes it). */
  private caseClauses(cs: Ast | undefined, subject: V, ctxt: Ctxt, env: Env): void {
    if (subject !== UNKNOWN) {
      for (const c of clausesOf(cs)) {
        const p = c.head[0];
        if (c.guarded || !(isNode(p) && typeof p.name === "string" && p.args === null)) break;
        const inner = new Env(env);
        if (p.name !== "_") inner.set(p.name, subject);
        this.expr(c.body, ctxt, inner);
        return;
      }
    }
    this.clauses(cs, ctxt, env);
  }

  /** A local call: Kernel's inlined BIFs, or a function of the module (its arguments are values). */
  private call(node: AstNode, args: Ast[], ctxt: Ctxt, env: Env): V {
    const name = node.name as string;
    const erl = node.meta?.unimported === true ? undefined : KERNEL_INLINE[`${name}/${args.length}`];
    const vs = this.values(args, env);
    if (erl === undefined) return UNKNOWN;
    return this.bif(node, "erlang", erl, vs, ctxt, args);
  }

  private remote(node: AstNode, ctxt: Ctxt, env: Env): V {
    const target = node.name as Ast;
    const args = node.args!;
    if (!(isNode(target) && target.name === "." && target.args?.length === 2)) {
      this.values(args, env);
      return UNKNOWN;
    }
    const [recv, fun] = target.args;
    if (!isAtomAst(fun)) {
      // (a call of a fun value, `f.(x)`, or a field `map.key`)
      this.expr(recv, "value", env);
      this.values(args, env);
      return UNKNOWN;
    }
    if (!isAtomAst(recv)) {
      this.expr(recv, "value", env);
      this.values(args, env);
      return UNKNOWN;
    }
    let mod = recv.atom;
    let f = fun.atom;
    let erlArgs = args;
    if (mod === "Elixir.Kernel") {
      const erl = KERNEL_INLINE[`${f}/${args.length}`];
      if (erl === undefined) return this.values(args, env), UNKNOWN;
      [mod, f] = ["erlang", erl];
    } else if (mod.startsWith("Elixir.")) {
      // (elixir_rewrite's inline and rewrite rules: String.to_atom(x) is :erlang.binary_to_atom(x, :utf8))
      const rule = erlangRewrite(mod, f, args, () => true);
      if (rule === null) return this.values(args, env), UNKNOWN;
      [mod, f, erlArgs] = [rule.mod, rule.fun, rule.args];
    }
    // (the Erlang compiler makes :maps.get/2 the :erlang.map_get/2 BIF: expr.ts compiledRemote)
    if (mod === "maps" && f === "get" && erlArgs.length === 2) [mod, f] = ["erlang", "map_get"];
    return this.bif(node, mod, f, this.values(erlArgs, env), ctxt, erlArgs);
  }

  /** A call of `mod:fun` with the arguments' values: sys_core_fold's useless_call, then its folding. */
  private bif(node: AstNode, mod: string, fun: string, vs: V[], ctxt: Ctxt, argAsts: Ast[] | null): V {
    const key = `${mod}:${fun}/${vs.length}`;
    if (ctxt === "effect") {
      if (SAFE.has(key)) {
        const fa = `${fun}/${vs.length}`;
        const text = COMPARISON[fun] !== undefined && vs.length === 2
          ? `use of operator ${COMPARISON[fun]} has no effect`
          : NOT_AUTO_IMPORTED.has(fa) ? `the call to :erlang.${fa} has no effect` : `the call to ${fa} has no effect`;
        this.warn(node.meta, `1ignored\0no_effect\0${fun}`, text);
        void argAsts;
        return UNKNOWN;
      }
      if (PURE.has(key)) {
        const fa = `${fun}/${vs.length}`;
        const what = mod === "erlang" && OPERATORS.has(fa) ? `evaluating operator '${fun}'/${vs.length}` : mod === "erlang" ? `calling ${fa}` : `calling ${mod}:${fa}`;
        this.warn(node.meta, `1ignored\0result\0${fun}`, `the result of ${what} is ignored (suppress the warning by assigning the expression to the _ variable)`);
      }
    }
    if (!PURE.has(key) || vs.some((v) => v === UNKNOWN)) return UNKNOWN;
    return this.fold(node, mod, fun, vs as Term[], true);
  }

  /** Evaluates a pure BIF on constants: its value, or (warned about) the failure. */
  private fold(node: AstNode, mod: string, fun: string, vs: Term[], warn: boolean): V {
    // (huge results are left to run time)
    if (fun === "bsl" && typeof vs[1] !== "object" && Number(vs[1]) > 65536) return UNKNOWN;
    const code = this.unit.host.nativeCode(mod, fun, vs.length);
    if (code === null || code.native === undefined) return UNKNOWN;
    let v: unknown;
    try {
      v = code.native(vs, undefined as never);
    } catch (e) {
      if (!(e instanceof BeamError) || e.kind !== "error") return UNKNOWN;
      if (!warn || this.quiet > 0) return UNKNOWN;
      const struct = normalizeError(e.reason).get(a("__struct__"));
      if (!(struct instanceof Atom)) return UNKNOWN;
      const exception = struct.name.startsWith("Elixir.") ? struct.name.slice(7) : `:${struct.name}`;
      this.warn(node.meta, `0failed\0${fun}`, `the call to ${elixirName(mod, fun, vs.length)} will fail with ${exception}`);
      return UNKNOWN;
    }
    return isConstant(v as Term) ? (v as Term) : UNKNOWN;
  }
}

/** What cerl:is_literal_term/1 accepts: data, no funs, pids, ports or references. */
function isConstant(t: Term): boolean {
  if (t === null || t === true || t === false || typeof t === "number" || typeof t === "bigint" || typeof t === "string") return true;
  if (t instanceof Atom || t instanceof Float || t instanceof Bin || t === NIL) return true;
  if (t instanceof Cons) {
    let c: Term = t;
    for (let n = 0; c instanceof Cons; c = c.t) if (++n > 10000 || !isConstant(c.h)) return false;
    return isConstant(c);
  }
  if (Array.isArray(t)) return t.every(isConstant);
  if (t instanceof MapTerm) return true;
  return false;
}

/** A pattern that matches anything (a variable, `_`). */
function isPlainVar(p: Ast): boolean {
  return isNode(p) && typeof p.name === "string" && p.args === null && /^[a-z_]/.test(p.name);
}

/** `kw[key]` of a keyword list in the AST. */
function kw(opts: Ast | undefined, key: string): Ast | undefined {
  if (!Array.isArray(opts)) return undefined;
  for (const p of opts) if (isTupleAst(p) && isAtomAst(p.tuple[0]) && p.tuple[0].atom === key) return p.tuple[1];
  return undefined;
}

/** The `->` clauses of a section: their heads (guards set apart) and bodies. */
function clausesOf(cs: Ast | undefined): { head: Ast[]; guarded: boolean; body: Ast }[] {
  if (!Array.isArray(cs)) return [];
  const out: { head: Ast[]; guarded: boolean; body: Ast }[] = [];
  for (const c of cs) {
    if (!isNode(c) || c.name !== "->" || c.args?.length !== 2 || !Array.isArray(c.args[0])) continue;
    let head = c.args[0] as Ast[];
    let guarded = false;
    if (head.length === 1 && isNode(head[0]) && head[0].name === "when" && head[0].args !== null) {
      head = head[0].args.slice(0, -1);
      guarded = true;
    }
    out.push({ head, guarded, body: c.args[1] });
  }
  return out;
}
