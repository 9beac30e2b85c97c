// Erlang's abstract format as Elixir source: how beamsh runs a closure typed in a real iex.
// Such a closure is an erl_eval fun whose clauses are in the abstract format (what Elixir's
// compiler hands to erl_eval: remote calls, operators, matches, case, receive, try, funs,
// maps, binaries, list comprehensions) and whose bindings are Erlang variables. `funSource`
// writes the clauses as one Elixir `fn` over renamed variables, which the shell's compiler
// then compiles like a closure typed here. A form this translation does not know makes it
// fail (TranslateError): the fun then stays foreign, and calling it fails as BEAM fails for
// a fun whose code is missing.
import { Atom, Float, Term, a, listToArray } from "../term.js";
import { inspect } from "../inspect.js";

export class TranslateError extends Error {}

const fail = (what: string): never => {
  throw new TranslateError(what);
};

const isTuple = (t: Term): t is Term[] => Array.isArray(t);
const atomOf = (t: Term): string => {
  if (t === true) return "true";
  if (t === false) return "false";
  if (t === null) return "nil";
  return t instanceof Atom ? t.name : fail("not an atom");
};
/** A form's tag (`nil` is an atom too: {nil, Anno} is the empty list). */
const tag = (t: Term): string => (isTuple(t) && t.length > 0 ? atomOf(t[0]) : fail("not a form: " + inspect(t)));
const items = (t: Term): Term[] => listToArray(t) ?? fail("not a list");

/** An Elixir variable name for an Erlang one (`_x@1` -> `ex_x_1`); `_` stays. */
export function varName(erl: string): string {
  if (erl === "_") return "_";
  const safe = erl.replace(/[^A-Za-z0-9_]/g, (c) => "_" + c.charCodeAt(0).toString(16) + "_");
  return "ev_" + safe;
}

/** `:"name"` for any atom. */
function atomLiteral(name: string): string {
  if (name === "true" || name === "false" || name === "nil") return name;
  if (/^[a-z_][A-Za-z0-9_@]*[?!]?$/.test(name)) return ":" + name;
  return ":" + JSON.stringify(name).replace(/\\u00([0-9a-f]{2})/g, "\\x$1");
}

function floatLiteral(v: number): string {
  if (!Number.isFinite(v)) fail("float");
  let s = String(v);
  if (!/[.e]/.test(s)) s += ".0";
  s = s.replace(/^(-?\d+)e/, "$1.0e").replace("e+", "e");
  return s;
}

const OPS: Record<string, string> = {
  "+": "+",
  "-": "-",
  "*": "*",
  "/": "/",
  "==": "==",
  "/=": "!=",
  "=:=": "===",
  "=/=": "!==",
  "<": "<",
  ">": ">",
  "=<": "<=",
  ">=": ">=",
  "++": "++",
  "--": "--",
};

/** Operators written as calls to :erlang (same semantics, guard-safe where Erlang's are). */
const ERLANG_OPS = new Set(["div", "rem", "band", "bor", "bxor", "bsl", "bsr", "and", "or", "xor"]);

class Writer {
  /** Erlang variables bound here (the closure's bindings, then what patterns bind). */
  scope = new Set<string>();
  /** Writing a pattern: bound variables are matched (`^v`), others bound (collected). */
  private pattern: Set<string> | null = null;

  constructor(bound: Iterable<string>) {
    for (const v of bound) this.scope.add(v);
  }

  /** Source of pattern `f`; the variables it binds join the scope afterwards. */
  pat(f: Term, pin = true): string {
    const outer = this.pattern;
    const fresh = new Set<string>();
    this.pattern = fresh;
    const saved = this.scope;
    if (!pin) this.scope = new Set();
    try {
      return this.expr(f);
    } finally {
      this.pattern = outer;
      this.scope = saved;
      for (const v of fresh) this.scope.add(v);
    }
  }

  /** Runs `write` in a copy of the scope (a clause's variables stay in the clause). */
  private nested<T>(write: () => T): T {
    const saved = this.scope;
    this.scope = new Set(saved);
    try {
      return write();
    } finally {
      this.scope = saved;
    }
  }

  /** Expression source of a form. */
  expr(f: Term): string {
    const t = f as Term[];
    switch (tag(f)) {
      case "var": {
        const v = atomOf(t[2]);
        if (this.pattern === null || v === "_") return varName(v);
        if (this.scope.has(v)) return "^" + varName(v);
        this.pattern.add(v);
        return varName(v);
      }
      case "integer":
        return String(t[2]);
      case "float":
        return floatLiteral(t[2] instanceof Float ? t[2].v : Number(t[2]));
      case "atom":
        return atomLiteral(atomOf(t[2]));
      case "char":
        return String(t[2]);
      case "string":
        return this.charlist(t[2]);
      case "nil":
        return "[]";
      case "cons":
        return this.cons(f);
      case "tuple":
        return "{" + items(t[2]).map((x) => this.expr(x)).join(", ") + "}";
      case "map":
        return t.length === 3 ? "%{" + this.assocs(t[2]) + "}" : "%{" + this.expr(t[2]) + " | " + this.assocs(t[3]) + "}";
      case "bin":
        return this.bin(t[2]);
      case "match": {
        if (this.pattern !== null) return `(${this.expr(t[2])} = ${this.expr(t[3])})`;
        const rhs = this.expr(t[3]);
        return `(${this.pat(t[2])} = ${rhs})`;
      }
      case "op":
        return this.op(t);
      case "call":
        return this.call(t);
      case "case":
        return `case ${this.expr(t[2])} do\n${this.clauses(t[3])}\nend`;
      case "if":
        return `cond do\n${items(t[2]).map((c) => this.ifClause(c)).join("\n")}\nend`;
      case "receive":
        return this.receive(t);
      case "try":
        return this.try(t);
      case "block":
        return "(\n" + items(t[2]).map((x) => this.expr(x)).join("\n") + "\n)";
      case "fun":
        return this.fun(t[2]);
      case "lc":
        return this.lc(t);
      case "catch":
        return `(try do\n${this.expr(t[2])}\ncatch\n:throw, ev_t -> ev_t\n:exit, ev_r -> {:EXIT, ev_r}\n:error, ev_r -> {:EXIT, {ev_r, __STACKTRACE__}}\nend)`;
      default:
        return fail("form " + tag(f));
    }
  }

  /** An expression inside a pattern (a binary field's size): variables are used, not bound. */
  private plain(f: Term): string {
    const outer = this.pattern;
    this.pattern = null;
    try {
      return this.expr(f);
    } finally {
      this.pattern = outer;
    }
  }

  private charlist(chars: Term): string {
    const cps = typeof chars === "string" ? [...chars].map((c) => c.codePointAt(0)!) : (items(chars) as number[]);
    return "[" + cps.join(", ") + "]";
  }

  private cons(f: Term): string {
    const heads: string[] = [];
    let l: Term = f;
    while (isTuple(l) && tag(l) === "cons") {
      heads.push(this.expr(l[2]));
      l = l[3];
    }
    return isTuple(l) && tag(l) === "nil" ? `[${heads.join(", ")}]` : `[${heads.join(", ")} | ${this.expr(l)}]`;
  }

  private assocs(list: Term): string {
    return items(list)
      .map((x) => {
        const t = x as Term[];
        if (tag(x) !== "map_field_assoc" && tag(x) !== "map_field_exact") fail("map field");
        return `${this.expr(t[2])} => ${this.expr(t[3])}`;
      })
      .join(", ");
  }

  private bin(elements: Term): string {
    const parts = items(elements).map((e) => {
      const t = e as Term[];
      if (tag(e) !== "bin_element") fail("bin element");
      const value = tag(t[2]) === "string" ? JSON.stringify(String.fromCodePoint(...(this.charlistCodes(t[2] as Term[])))) : this.expr(t[2]);
      const mods: string[] = [];
      if (t[4] !== DEFAULT) {
        for (const s of items(t[4])) {
          if (isTuple(s)) mods.push(`${atomOf(s[0])}(${String(s[1])})`);
          else mods.push(atomOf(s));
        }
      }
      if (t[3] !== DEFAULT) mods.push(`size(${this.plain(t[3])})`);
      if (tag(t[2]) === "string") return mods.length === 0 ? value : `${value}::${mods.join("-")}`;
      return mods.length === 0 ? value : `${value}::${mods.join("-")}`;
    });
    return "<<" + parts.join(", ") + ">>";
  }

  private charlistCodes(s: Term[]): number[] {
    const chars = s[2];
    return typeof chars === "string" ? [...chars].map((c) => c.codePointAt(0)!) : (items(chars) as number[]);
  }

  private op(t: Term[]): string {
    const op = atomOf(t[2]);
    if (t.length === 4) {
      const x = this.expr(t[3]);
      if (op === "-") return `-(${x})`;
      if (op === "+") return `+(${x})`;
      if (op === "not") return `:erlang.not(${x})`;
      if (op === "bnot") return `:erlang.bnot(${x})`;
      return fail("unary " + op);
    }
    const x = this.expr(t[3]);
    const y = this.expr(t[4]);
    if (op === "andalso") return `(${x} and ${y})`;
    if (op === "orelse") return `(${x} or ${y})`;
    if (op === "!") return `send(${x}, ${y})`;
    if (OPS[op] !== undefined) return `(${x} ${OPS[op]} ${y})`;
    if (ERLANG_OPS.has(op)) return `:erlang.${op}(${x}, ${y})`;
    return fail("operator " + op);
  }

  private call(t: Term[]): string {
    const target = t[2];
    const args = items(t[3]).map((x) => this.expr(x));
    if (isTuple(target) && tag(target) === "remote") {
      const [m, f] = [target[2], target[3]];
      if (tag(m) === "atom" && tag(f) === "atom") return `${atomLiteral(atomOf((m as Term[])[2]))}.${atomLiteral(atomOf((f as Term[])[2])).slice(1)}(${args.join(", ")})`;
      return `apply(${this.expr(m)}, ${this.expr(f)}, [${args.join(", ")}])`;
    }
    if (isTuple(target) && tag(target) === "atom") return fail("local call " + atomOf(target[2]));
    return `(${this.expr(target)}).(${args.join(", ")})`;
  }

  private receive(t: Term[]): string {
    const body = items(t[2]).length > 0 ? this.clauses(t[2]) : "";
    const after = t.length === 5 ? `\nafter\n${this.expr(t[3])} ->\n${this.body(t[4])}` : "";
    return `receive do\n${body}${after}\nend`;
  }

  private try(t: Term[]): string {
    const [body, cases, catches, after] = [t[2], t[3], t[4], t[5]];
    let s = `try do\n${this.body(body)}`;
    if (items(cases).length > 0) s += `\nelse\n${this.clauses(cases)}`;
    if (items(catches).length > 0) s += `\ncatch\n${items(catches).map((c) => this.catchClause(c)).join("\n")}`;
    if (items(after).length > 0) s += `\nafter\n${this.body(after)}`;
    return s + "\nend";
  }

  private catchClause(c: Term): string {
    return this.nested(() => {
      const [, , heads, guards, body] = c as Term[];
      const [p] = items(heads);
      if (tag(p) !== "tuple") fail("catch pattern");
      const [kind, reason, stack] = items((p as Term[])[2]);
      const head = `${this.pat(kind)}, ${this.pat(reason)}`;
      const st = stack !== undefined && tag(stack) === "var" && atomOf((stack as Term[])[2]) !== "_" ? `${this.pat(stack, false)} = __STACKTRACE__\n` : "";
      return `${head}${this.guards(guards)} ->\n${st}${this.body(body)}`;
    });
  }

  private fun(what: Term): string {
    const w = what as Term[];
    if (tag(what) === "clauses") return `fn\n${this.clauses(w[1], false)}\nend`;
    if (tag(what) === "function" && w.length === 4) {
      const [m, f, n] = [w[1], w[2], w[3]];
      if (tag(m) === "atom" && tag(f) === "atom" && tag(n) === "integer") return `&${atomLiteral(atomOf((m as Term[])[2]))}.${atomLiteral(atomOf((f as Term[])[2])).slice(1)}/${String((n as Term[])[2])}`;
      return `:erlang.make_fun(${this.expr(m)}, ${this.expr(f)}, ${this.expr(n)})`;
    }
    return fail("fun form");
  }

  private lc(t: Term[]): string {
    return this.nested(() => {
      const quals = items(t[3]).map((q) => {
        const qt = q as Term[];
        if (tag(q) === "generate") {
          const source = this.expr(qt[3]);
          return `${this.pat(qt[2], false)} <- ${source}`;
        }
        if (tag(q) === "b_generate") {
          const source = this.expr(qt[3]);
          return `<<${this.pat(qt[2], false).slice(2, -2)} <- ${source}>>`;
        }
        return this.expr(q);
      });
      return `for ${quals.join(", ")}, do: ${this.expr(t[2])}`;
    });
  }

  body(list: Term): string {
    return items(list)
      .map((x) => this.expr(x))
      .join("\n");
  }

  guards(g: Term): string {
    const alts = items(g);
    if (alts.length === 0) return "";
    return alts.map((conj) => " when " + items(conj).map((x) => this.expr(x)).join(" and ")).join("");
  }

  /** A clause; `pin` false for a fun's (its head's variables shadow the outer ones). */
  clause(c: Term, pin = true): string {
    return this.nested(() => {
      const [name, , heads, guards, body] = c as Term[];
      if (atomOf(name) !== "clause") fail("clause");
      const hs = items(heads).map((h) => this.pat(h, pin));
      const head = hs.length === 0 ? "()" : hs.join(", ");
      return `${head}${this.guards(guards)} ->\n${this.body(body)}`;
    });
  }

  clauses(list: Term, pin = true): string {
    return items(list)
      .map((c) => this.clause(c, pin))
      .join("\n");
  }

  private ifClause(c: Term): string {
    const [, , , guards, body] = c as Term[];
    const alts = items(guards).map((conj) => "(" + items(conj).map((x) => this.expr(x)).join(" and ") + ")");
    return `${alts.join(" or ")} ->\n${this.body(body)}`;
  }
}

const DEFAULT = a("default");

/**
 * Elixir source of a `fn` with the clauses of an erl_eval closure whose bindings name
 * `bound` (Erlang variable names); a zero-arity clause is written `() -> ...`.
 */
export function funSource(clauses: Term, bound: Iterable<string>): string {
  const w = new Writer(bound);
  return `fn\n${w.clauses(clauses, false)}\nend`;
}

/** The binding pairs of erl_eval bindings (an orddict list or a map). */
export function bindingPairs(bs: Term): [string, Term][] {
  const pairs = listToArray(bs) ?? (bs !== null && typeof bs === "object" && "entries" in bs ? [...(bs as { entries: Map<unknown, [Term, Term]> }).entries.values()] : null);
  if (pairs === null) return fail("bindings");
  return pairs.map((p) => {
    if (!isTuple(p) || p.length !== 2) return fail("binding");
    return [atomOf(p[0]), p[1]];
  });
}

