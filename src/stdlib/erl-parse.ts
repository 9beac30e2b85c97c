// Erlang's grammar as OTP 25's erl_parse (erl_parse.yrl) reads it: one form (a function or
// an attribute, types and specs included) from a list of erl_scan tokens, in the abstract
// format, each node annotated as the grammar annotates it (an operator by its token, a
// match or call by its first token, a clause by its head). Errors are yecc's: "syntax
// error before: " and the token as yecctoken2string writes it, at the token's location
// (at the end, the last token's), or the grammar's own ("head mismatch", "bad attribute",
// "bad record declaration"...). The natives of `:beamsh_erl_parse`; the module's API
// (parse_exprs, parse_term, normalise, abstract, tokens...) is `prelude/erlang/erl_parse.ex`.
import type { NativeFn } from "../runtime/code.js";
import { Atom, Cons, Float, NIL, Term, a, atom, list, listToArray, tuple } from "../runtime/term.js";
import { inspect } from "../runtime/inspect.js";

interface Tok {
  cat: string;
  anno: Term;
  val: Term | undefined;
  raw: Term;
}

/** A syntax error before a token (undefined: the end of the tokens). */
class SyntaxErr {
  constructor(readonly tok: Tok | undefined) {}
}
/** One of the grammar's own errors: a message at an annotation. */
class GrammarErr {
  constructor(
    readonly anno: Term,
    readonly message: string,
  ) {}
}

const catOf = (t: Term): string => {
  if (t === true) return "true";
  if (t === false) return "false";
  if (t === null) return "nil";
  return (t as Atom).name;
};

/** The location in an annotation: a line, {line, column}, or a list's location item. */
export function locationOf(anno: Term): Term {
  if (typeof anno === "number" || Array.isArray(anno)) return anno;
  const items = listToArray(anno) ?? [];
  for (const it of items) if (Array.isArray(it) && it[0] === a("location")) return it[1];
  return anno;
}
function textOf(anno: Term): Term[] | null {
  if (!(anno instanceof Cons)) return null;
  for (const it of listToArray(anno) ?? []) if (Array.isArray(it) && it[0] === a("text")) return listToArray(it[1]);
  return null;
}
/** [line, column] of an annotation (column 1 when it has none), to compare locations. */
function lc(anno: Term): [number, number] {
  const loc = locationOf(anno);
  if (typeof loc === "number") return [loc, 1];
  if (Array.isArray(loc)) return [loc[0] as number, loc[1] as number];
  return [0, 1];
}
const lte = (x: Term, y: Term): boolean => {
  const [l1, c1] = lc(x);
  const [l2, c2] = lc(y);
  return l1 < l2 || (l1 === l2 && c1 <= c2);
};

/** A tree's annotations in the order erl_parse's modify_anno1 visits them. */
function annos(t: Term, out: Term[]): void {
  if (t instanceof Cons) {
    for (const x of listToArray(t) ?? []) annos(x, out);
    return;
  }
  if (!Array.isArray(t) || t.length < 2) return;
  const tag = t[0];
  if (tag === a("function") && t.length === 3) return;
  if (tag === a("function") && t.length === 4) return annos([t[1], t[2], t[3]] as unknown as Term, out);
  if (tag === a("attribute") && t.length === 4) {
    out.push(t[1]);
    const v = t[3] as Term[];
    const kind = t[2];
    if ((kind === a("record") || kind === a("spec") || kind === a("callback")) && Array.isArray(v) && v.length === 2) annos(v[1], out);
    else if ((kind === a("type") || kind === a("opaque")) && Array.isArray(v) && v.length === 3) {
      annos(v[1], out);
      annos(v[2], out);
    }
    return;
  }
  if ((tag === a("warning") || tag === a("error") || tag === a("eof")) && t.length === 2) return;
  if (tag === a("clauses") && t.length === 2) return annos(t[1], out);
  if (tag === a("typed_record_field") && t.length === 3) {
    annos(t[1], out);
    annos(t[2], out);
    return;
  }
  if (t.length > 6) return;
  out.push(t[1]);
  const last = tag === a("bin_element") ? 4 : t.length;
  for (let i = 2; i < last; i++) annos(t[i], out);
}
/** erl_parse:first_anno/1: the annotation with the least location. */
export function firstAnno(t: Term): Term {
  const all: Term[] = [];
  annos(t, all);
  // fold_anno from the node's own annotation: each one at or before the running best
  // becomes it; the first one after it ends the walk (OTP's throw)
  let best = all[0];
  for (const x of all) {
    if (!lte(x, best)) return best;
    best = x;
  }
  return best;
}
/** erl_parse's last_anno/1: the greatest location, moved to its end when it has text. */
function lastAnno(t: Term): Term {
  const all: Term[] = [];
  annos(t, all);
  let best: Term | undefined;
  for (const x of all) best = best === undefined ? x : lte(x, best) ? best : x;
  const anno = best!;
  const text = textOf(anno);
  if (text === null) return anno;
  let [line, col] = lc(anno);
  const loc = locationOf(anno);
  for (const c of text as number[]) {
    if (c === 10) {
      line++;
      col = 1;
    } else col++;
  }
  const end = typeof loc === "number" ? line : tuple(line, col);
  return list((listToArray(anno) ?? []).map((it) => (Array.isArray(it) && it[0] === a("location") ? tuple(a("location"), end) : it)));
}

const PREFIX = new Set(["+", "-", "bnot", "not"]);
type Assoc = "left" | "right" | "non";
const BINOPS: Record<string, [number, Assoc]> = {
  "=": [100, "right"], "!": [100, "right"],
  orelse: [150, "right"], andalso: [160, "right"],
  "==": [200, "non"], "/=": [200, "non"], "=<": [200, "non"], "<": [200, "non"], ">=": [200, "non"], ">": [200, "non"], "=:=": [200, "non"], "=/=": [200, "non"],
  "++": [300, "right"], "--": [300, "right"],
  "+": [400, "left"], "-": [400, "left"], bor: [400, "left"], bxor: [400, "left"], bsl: [400, "left"], bsr: [400, "left"], or: [400, "left"], xor: [400, "left"],
  "/": [500, "left"], "*": [500, "left"], div: [500, "left"], rem: [500, "left"], band: [500, "left"], and: [500, "left"],
};
const PAT_OPS = new Set(["=", "==", "/=", "=<", "<", ">=", ">", "=:=", "=/=", "++", "--", "+", "-", "bor", "bxor", "bsl", "bsr", "or", "xor", "/", "*", "div", "rem", "band", "and"]);

/** Type names that are built-in types (erl_internal:is_type/2). */
const BUILTIN_TYPES: Record<string, number[]> = {
  any: [0], arity: [0], atom: [0], binary: [0, 2], bitstring: [0], bool: [0], boolean: [0], byte: [0], char: [0], cons: [2], deep_string: [0],
  float: [0], function: [0], identifier: [0], integer: [0], iodata: [0], iolist: [0], list: [0, 1], map: [0], maybe_improper_list: [0, 2], mfa: [0],
  module: [0], neg_integer: [0], nil: [0], no_return: [0], node: [0], non_neg_integer: [0], none: [0], nonempty_binary: [0], nonempty_bitstring: [0],
  nonempty_improper_list: [2], nonempty_list: [0, 1], nonempty_maybe_improper_list: [0, 2], nonempty_string: [0], number: [0], pid: [0], port: [0],
  pos_integer: [0], reference: [0], string: [0], term: [0], timeout: [0], tuple: [0], fun: [0, 2], range: [2], record: [], product: [],
  union: [], map_field_assoc: [], map_field_exact: [], dynamic: [],
};
const isBuiltinType = (name: string, n: number): boolean => (BUILTIN_TYPES[name] ?? []).includes(n);

class Parser {
  i = 0;
  constructor(
    readonly toks: Tok[],
    /** erl_parse:parse/1: `spec` and `callback` after `-` are atoms (parse_form/1 makes them keywords) */
    readonly plain = false,
  ) {}

  peek(k = 0): Tok | undefined {
    return this.toks[this.i + k];
  }
  is(cat: string, k = 0): boolean {
    return this.toks[this.i + k]?.cat === cat;
  }
  next(): Tok {
    const t = this.toks[this.i];
    if (t === undefined) throw new SyntaxErr(undefined);
    this.i++;
    return t;
  }
  fail(): never {
    throw new SyntaxErr(this.peek());
  }
  expect(cat: string): Tok {
    if (!this.is(cat)) this.fail();
    return this.next();
  }
  leaf(t: Tok): Term {
    return tuple(a(t.cat), t.anno, t.val!);
  }

  // ---- forms

  form(): Term {
    let f: Term;
    if (this.is("-")) f = this.attribute();
    else f = this.func();
    this.expect("dot");
    if (this.peek() !== undefined) this.fail();
    return f;
  }

  func(): Term {
    const clauses: Term[][] = [];
    for (;;) {
      if (!this.is("atom")) this.fail();
      const name = this.next();
      const [args] = this.patArgs();
      const guard = this.clauseGuard();
      const body = this.body();
      clauses.push([name.anno, name.val!, args, guard, body]);
      if (!this.is(";")) break;
      this.next();
    }
    const [anno0, name0, args0] = clauses[0];
    const arity = listToArray(args0)!.length;
    const checked = clauses.map(([an, n, as, g, b]) => {
      if (n !== name0 || listToArray(as)!.length !== arity) throw new GrammarErr(an, "head mismatch");
      return tuple(a("clause"), an, as, g, b);
    });
    return tuple(a("function"), anno0, name0, arity, list(checked));
  }

  attribute(): Term {
    const dash = this.next();
    if (!this.plain && this.is("atom") && (this.peek()!.val === a("spec") || this.peek()!.val === a("callback"))) {
      const kind = this.next();
      return this.typeSpec(kind);
    }
    if (!this.is("atom")) this.fail();
    const name = this.next();
    void dash;
    const attr = catOf(name.val!);
    // typed_attr_val, possibly in parentheses
    const save = this.i;
    const paren = this.is("(");
    if (paren) this.next();
    const first = this.expr();
    if (this.is("::")) {
      this.next();
      const type = this.topType();
      if (paren) this.expect(")");
      return this.typedAttribute(name, first, tuple(a("type_def"), first, type));
    }
    if (this.is(",") && this.isTypedRecordFields()) {
      this.next();
      const fields = this.typedRecordFields();
      if (paren) this.expect(")");
      return this.typedAttribute(name, first, tuple(a("typed_record"), first, fields));
    }
    // attr_val: expr | expr ',' exprs | '(' expr ',' exprs ')'
    this.i = save;
    let vals: Term[];
    if (paren) {
      // '(' expr ')' is an expr_max; '(' expr ',' exprs ')' is the attribute's own list
      this.next();
      const e = this.expr();
      if (this.is(",")) {
        this.next();
        vals = [e, ...this.exprs()];
        this.expect(")");
      } else {
        this.i = save;
        vals = [this.expr()];
        if (this.is(",")) {
          this.next();
          vals.push(...this.exprs());
        }
      }
    } else {
      vals = [this.expr()];
      if (this.is(",")) {
        this.next();
        vals.push(...this.exprs());
      }
    }
    return this.buildAttribute(name, attr, vals);
  }

  /** After `-record(Name`, whether the fields are a typed tuple (a field with ::). */
  isTypedRecordFields(): boolean {
    if (!this.is("{", 1)) return false;
    let depth = 0;
    for (let k = this.i + 1; k < this.toks.length; k++) {
      const c = this.toks[k].cat;
      if (c === "{" || c === "(" || c === "[" || c === "<<") depth++;
      else if (c === "}" || c === ")" || c === "]" || c === ">>") {
        depth--;
        if (depth === 0) return false;
      } else if (c === "::" && depth === 1) return true;
      else if (c === "dot") return false;
    }
    return false;
  }

  typedRecordFields(): Term {
    const open = this.expect("{");
    const fields: Term[] = [];
    for (;;) {
      const e = this.expr();
      if (this.is("::")) {
        this.next();
        fields.push(tuple(a("typed"), e, this.topType()));
      } else fields.push(e);
      if (!this.is(",")) break;
      this.next();
    }
    this.expect("}");
    return tuple(a("tuple"), open.anno, list(fields));
  }

  typedAttribute(name: Tok, _first: Term, val: Term): Term {
    const attr = catOf(name.val!);
    const v = val as Term[];
    if (attr === "record" && catOf(v[0]) === "typed_record") {
      const rec = v[1] as Term[];
      if (Array.isArray(rec) && rec[0] === a("atom")) return tuple(a("attribute"), name.anno, a("record"), tuple(rec[2], this.recordTuple(v[2])));
    }
    if ((attr === "type" || attr === "opaque") && catOf(v[0]) === "type_def") {
      const head = v[1] as Term[];
      if (Array.isArray(head) && head[0] === a("call") && Array.isArray(head[2]) && (head[2] as Term[])[0] === a("atom")) {
        const args = listToArray(head[3])!;
        for (const x of args) if (Array.isArray(x) && x[0] === a("var") && x[2] === a("_")) throw new GrammarErr(x[1], "bad type variable");
        for (const x of args) if (!(Array.isArray(x) && x[0] === a("var"))) throw new GrammarErr(firstAnno(x), "bad type variable");
        return tuple(a("attribute"), name.anno, name.val!, tuple((head[2] as Term[])[2], v[2], head[3]));
      }
    }
    if (attr === "record" || attr === "type" || attr === "opaque") throw new GrammarErr(name.anno, `bad ${attr} declaration`);
    throw new GrammarErr(name.anno, "bad attribute");
  }

  buildAttribute(name: Tok, attr: string, vals: Term[]): Term {
    const A = name.anno;
    const bad = (node: Term, what: string): never => {
      throw new GrammarErr(firstAnno(node), what);
    };
    const isNode = (t: Term, tag: string): t is Term[] => Array.isArray(t) && t[0] === a(tag);
    switch (attr) {
      case "module": {
        const [m, exps] = vals;
        if (isNode(m, "atom") && vals.length === 1) return tuple(a("attribute"), A, a("module"), m[2]);
        if (isNode(m, "atom") && vals.length === 2) return tuple(a("attribute"), A, a("module"), tuple(m[2], list(this.varList(exps))));
        return bad(vals[0], "bad module declaration");
      }
      case "export":
        if (vals.length === 1) return tuple(a("attribute"), A, a("export"), list(this.farityList(vals[0])));
        return bad(vals[1], "bad export declaration");
      case "import":
        if (vals.length === 2 && isNode(vals[0], "atom")) return tuple(a("attribute"), A, a("import"), tuple(vals[0][2], list(this.farityList(vals[1]))));
        return bad(vals[1] ?? vals[0], "bad import declaration");
      case "record":
        if (vals.length === 2 && isNode(vals[0], "atom")) return tuple(a("attribute"), A, a("record"), tuple(vals[0][2], this.recordTuple(vals[1])));
        return bad(vals[0], "bad record declaration");
      case "file":
        if (vals.length === 2 && isNode(vals[0], "string") && isNode(vals[1], "integer")) return tuple(a("attribute"), A, a("file"), tuple(vals[0][2], vals[1][2]));
        return bad(vals[0], "bad file declaration");
    }
    if (vals.length !== 1) return bad(vals[1], "bad attribute");
    const expr = attributeFarity(vals[0]);
    const term = normaliseOrNull(expr);
    if (term === undefined) return bad(expr, "bad attribute");
    return tuple(a("attribute"), A, name.val!, term);
  }

  varList(t: Term): Term[] {
    const out: Term[] = [];
    for (;;) {
      const n = t as Term[];
      if (Array.isArray(n) && n[0] === a("cons") && Array.isArray(n[2]) && (n[2] as Term[])[0] === a("var")) {
        out.push((n[2] as Term[])[2]);
        t = n[3];
      } else if (Array.isArray(n) && n[0] === null) return out;
      else throw new GrammarErr(firstAnno(t), "bad variable list");
    }
  }

  farityList(t: Term): Term[] {
    const out: Term[] = [];
    for (;;) {
      const n = t as Term[];
      if (Array.isArray(n) && n[0] === a("cons")) {
        const op = n[2] as Term[];
        if (Array.isArray(op) && op[0] === a("op") && op[2] === a("/")) {
          const f = op[3] as Term[];
          const ar = op[4] as Term[];
          if (!(Array.isArray(f) && f[0] === a("atom"))) throw new GrammarErr(firstAnno(f), "bad function name");
          if (!(Array.isArray(ar) && ar[0] === a("integer"))) throw new GrammarErr(firstAnno(ar), "bad function arity");
          out.push(tuple(f[2], ar[2]));
          t = n[3];
          continue;
        }
      } else if (Array.isArray(n) && n[0] === null) return out;
      throw new GrammarErr(firstAnno(t), "bad Name/Arity");
    }
  }

  recordTuple(t: Term): Term {
    const n = t as Term[];
    if (!(Array.isArray(n) && n[0] === a("tuple"))) throw new GrammarErr(firstAnno(t), "bad record declaration");
    const field = (f: Term): Term => {
      const x = f as Term[];
      if (Array.isArray(x) && x[0] === a("atom")) return tuple(a("record_field"), x[1], tuple(a("atom"), x[1], x[2]));
      if (Array.isArray(x) && x[0] === a("match") && Array.isArray(x[2]) && (x[2] as Term[])[0] === a("atom")) {
        const at = x[2] as Term[];
        return tuple(a("record_field"), at[1], tuple(a("atom"), at[1], at[2]), x[3]);
      }
      if (Array.isArray(x) && x[0] === a("typed")) return tuple(a("typed_record_field"), field(x[1]), x[2]);
      throw new GrammarErr(firstAnno(f), "bad record field");
    };
    return list(listToArray(n[2])!.map(field));
  }

  // ---- types

  typeSpec(kind: Tok): Term {
    const paren = this.is("(");
    if (paren) this.next();
    if (!this.is("atom")) this.fail();
    const f = this.next();
    let specFun: Term;
    let mod: Tok | null = null;
    let fun = f;
    if (this.is(":")) {
      this.next();
      if (!this.is("atom")) this.fail();
      mod = f;
      fun = this.next();
    }
    const sigs: Term[] = [this.typeSig()];
    while (this.is(";")) {
      this.next();
      sigs.push(this.typeSig());
    }
    if (paren) this.expect(")");
    const first = sigs[0] as Term[];
    const ft = (first[2] === a("bounded_fun") ? listToArray(first[3])![0] : first) as Term[];
    const product = listToArray(ft[3])![0] as Term[];
    const arity = listToArray(product[3])!.length;
    specFun = mod === null ? tuple(fun.val!, arity) : tuple(mod.val!, fun.val!, arity);
    return tuple(a("attribute"), kind.anno, kind.val!, tuple(specFun, list(sigs)));
  }

  typeSig(): Term {
    const ft = this.funType();
    if (this.is("when")) {
      this.next();
      const guards: Term[] = [this.typeGuard()];
      while (this.is(",")) {
        this.next();
        guards.push(this.typeGuard());
      }
      return tuple(a("type"), (ft as Term[])[1], a("bounded_fun"), list([ft, list(guards)]));
    }
    return ft;
  }

  typeGuard(): Term {
    if (this.is("atom") && this.is("(", 1)) {
      const name = this.next();
      this.next();
      const types = this.topTypes();
      this.expect(")");
      if (name.val === a("is_subtype")) {
        const [lhs, type] = types;
        if (Array.isArray(lhs) && lhs[0] === a("var")) return this.constraint(lhs, type);
        throw new GrammarErr(firstAnno(lhs), "bad type variable");
      }
      throw new GrammarErr(name.anno, `unsupported constraint ${inspectAtom(name.val!)}`);
    }
    if (!this.is("var")) this.fail();
    const v = this.next();
    this.expect("::");
    const t = this.topType();
    if (v.val === a("_")) throw new GrammarErr(v.anno, "bad type variable");
    return this.constraint(this.leaf(v), t);
  }

  constraint(lhs: Term, type: Term): Term {
    const anno = firstAnno(lhs);
    return tuple(a("type"), anno, a("constraint"), list([tuple(a("atom"), anno, a("is_subtype")), list([lhs, type])]));
  }

  funType(): Term {
    const open = this.expect("(");
    let product: Term;
    if (this.is("...")) {
      this.next();
      this.expect(")");
      this.expect("->");
      const ret = this.topType();
      return tuple(a("type"), open.anno, a("fun"), list([tuple(a("type"), open.anno, a("any")), ret]));
    }
    if (this.is(")")) {
      this.next();
      product = tuple(a("type"), open.anno, a("product"), NIL);
    } else {
      const ts = this.topTypes();
      this.expect(")");
      product = tuple(a("type"), open.anno, a("product"), list(ts));
    }
    this.expect("->");
    const ret = this.topType();
    return tuple(a("type"), open.anno, a("fun"), list([product, ret]));
  }

  topTypes(): Term[] {
    const out = [this.topType()];
    while (this.is(",")) {
      this.next();
      out.push(this.topType());
    }
    return out;
  }

  topType(): Term {
    if (this.is("var") && this.is("::", 1)) {
      const v = this.next();
      this.next();
      const t = this.topType();
      return tuple(a("ann_type"), v.anno, list([this.leaf(v), t]));
    }
    const t = this.type(0);
    if (this.is("|")) {
      this.next();
      const rest = this.topType() as Term[];
      if (rest[0] === a("type") && rest[2] === a("union")) return tuple(a("type"), firstAnno(t), a("union"), list([t, ...listToArray(rest[3])!]));
      return tuple(a("type"), firstAnno(t), a("union"), list([t, rest]));
    }
    return t;
  }

  /** type with '..' (200, nonassoc), add_op (400) and mult_op (500) as binary operators. */
  type(min: number): Term {
    let left: Term;
    const t = this.peek();
    if (t !== undefined && PREFIX.has(t.cat)) {
      this.next();
      left = tuple(a("op"), t.anno, a(t.cat), this.type(600));
    } else left = this.typeMax();
    for (;;) {
      const op = this.peek();
      if (op === undefined) break;
      let prec: number;
      if (op.cat === "..") prec = 200;
      else if (op.cat === "*" ) prec = 500;
      else if (BINOPS[op.cat] && BINOPS[op.cat][0] >= 400) prec = BINOPS[op.cat][0];
      else break;
      if (prec < min) break;
      this.next();
      if (op.cat === "..") {
        const right = this.type(201);
        left = tuple(a("type"), (left as Term[])[1], a("range"), list([left, right]));
        if (this.is("..")) this.fail();
      } else left = tuple(a("op"), op.anno, a(op.cat), left, this.type(prec + 1));
    }
    return left;
  }

  typeMax(): Term {
    const t = this.peek();
    if (t === undefined) this.fail();
    switch (t.cat) {
      case "(": {
        this.next();
        const inner = this.topType();
        this.expect(")");
        return inner;
      }
      case "var":
        this.next();
        return this.leaf(t);
      case "integer":
      case "char":
        this.next();
        return this.leaf(t);
      case "atom": {
        this.next();
        if (this.is(":") && this.is("atom", 1)) {
          this.next();
          const name = this.next();
          this.expect("(");
          const args = this.is(")") ? [] : this.topTypes();
          this.expect(")");
          return tuple(a("remote_type"), t.anno, list([this.leaf(t), this.leaf(name), list(args)]));
        }
        if (this.is("(")) {
          this.next();
          if (this.is(")")) {
            this.next();
            const name = catOf(t.val!);
            if (name === "tuple" || name === "map") return tuple(a("type"), t.anno, t.val!, a("any"));
            return tuple(a(isBuiltinType(name, 0) ? "type" : "user_type"), t.anno, t.val!, NIL);
          }
          const args = this.topTypes();
          this.expect(")");
          return tuple(a(isBuiltinType(catOf(t.val!), args.length) ? "type" : "user_type"), t.anno, t.val!, list(args));
        }
        return this.leaf(t);
      }
      case "[": {
        this.next();
        if (this.is("]")) {
          this.next();
          return tuple(a("type"), t.anno, null, NIL);
        }
        const inner = this.topType();
        if (this.is(",")) {
          this.next();
          this.expect("...");
          this.expect("]");
          return tuple(a("type"), t.anno, a("nonempty_list"), list([inner]));
        }
        this.expect("]");
        return tuple(a("type"), t.anno, a("list"), list([inner]));
      }
      case "#": {
        this.next();
        if (this.is("{")) {
          this.next();
          if (this.is("}")) {
            this.next();
            return tuple(a("type"), t.anno, a("map"), NIL);
          }
          const pairs: Term[] = [];
          for (;;) {
            const k = this.topType();
            const op = this.peek();
            if (op?.cat !== "=>" && op?.cat !== ":=") this.fail();
            this.next();
            const v = this.topType();
            pairs.push(tuple(a("type"), op.anno, a(op.cat === "=>" ? "map_field_assoc" : "map_field_exact"), list([k, v])));
            if (!this.is(",")) break;
            this.next();
          }
          this.expect("}");
          return tuple(a("type"), t.anno, a("map"), list(pairs));
        }
        if (!this.is("atom")) this.fail();
        const name = this.next();
        this.expect("{");
        const fields: Term[] = [];
        if (!this.is("}")) {
          for (;;) {
            if (!this.is("atom")) this.fail();
            const f = this.next();
            this.expect("::");
            fields.push(tuple(a("type"), f.anno, a("field_type"), list([this.leaf(f), this.topType()])));
            if (!this.is(",")) break;
            this.next();
          }
        }
        this.expect("}");
        return tuple(a("type"), t.anno, a("record"), list([this.leaf(name), ...fields]));
      }
      case "{": {
        this.next();
        if (this.is("}")) {
          this.next();
          return tuple(a("type"), t.anno, a("tuple"), NIL);
        }
        const ts = this.topTypes();
        this.expect("}");
        return tuple(a("type"), t.anno, a("tuple"), list(ts));
      }
      case "<<": {
        this.next();
        const line = locLine(t.anno);
        const zero = tuple(a("integer"), line, 0);
        if (this.is(">>")) {
          this.next();
          return tuple(a("type"), t.anno, a("binary"), list([zero, zero]));
        }
        // var ':' type  |  var ':' var '*' type  |  both
        const v1 = this.expect("var");
        this.expect(":");
        if (this.is("var") && this.is("*", 1)) {
          const v2 = this.next();
          this.next();
          const unit = this.type(0);
          this.expect(">>");
          return tuple(a("type"), t.anno, a("binary"), list([zero, this.binType([v1, v2], unit)]));
        }
        const base = this.binType([v1], this.type(0));
        if (this.is(",")) {
          this.next();
          const u1 = this.expect("var");
          this.expect(":");
          const u2 = this.expect("var");
          this.expect("*");
          const unit = this.type(0);
          this.expect(">>");
          return tuple(a("type"), t.anno, a("binary"), list([base, this.binType([u1, u2], unit)]));
        }
        this.expect(">>");
        return tuple(a("type"), t.anno, a("binary"), list([base, zero]));
      }
      case "fun": {
        this.next();
        this.expect("(");
        if (this.is(")")) {
          this.next();
          return tuple(a("type"), t.anno, a("fun"), NIL);
        }
        const ft = this.funType();
        this.expect(")");
        return ft;
      }
    }
    this.fail();
  }

  binType(vars: Tok[], type: Term): Term {
    for (const v of vars) if (v.val !== a("_")) throw new GrammarErr(v.anno, "Bad binary type");
    return type;
  }

  // ---- expressions

  exprs(): Term[] {
    const out = [this.expr()];
    while (this.is(",")) {
      this.next();
      out.push(this.expr());
    }
    return out;
  }

  expr(min = 0, pat = false): Term {
    const t = this.peek();
    let left: Term;
    if (t?.cat === "catch" && !pat) {
      this.next();
      return tuple(a("catch"), t.anno, this.expr(0));
    }
    if (t !== undefined && PREFIX.has(t.cat)) {
      this.next();
      left = tuple(a("op"), t.anno, a(t.cat), this.prefixOperand(pat));
    } else left = pat ? this.patMax() : this.postfix();
    for (;;) {
      const op = this.peek();
      if (op === undefined) break;
      const info = BINOPS[op.cat];
      if (info === undefined) break;
      if (pat && !PAT_OPS.has(op.cat)) break;
      const [prec, assoc] = info;
      if (prec < min) break;
      this.next();
      const right = this.expr(assoc === "right" ? prec : prec + 1, pat);
      left = op.cat === "=" ? tuple(a("match"), firstAnno(left), left, right) : tuple(a("op"), op.anno, a(op.cat), left, right);
      if (assoc === "non") {
        const n = this.peek();
        if (n !== undefined && BINOPS[n.cat]?.[0] === prec) this.fail();
      }
    }
    return left;
  }

  /** What a prefix operator applies to: another prefix expression, a catch, or an expression with its postfixes. */
  prefixOperand(pat: boolean): Term {
    const t = this.peek();
    if (t?.cat === "catch" && !pat) {
      this.next();
      return tuple(a("catch"), t.anno, this.expr(0));
    }
    if (t !== undefined && PREFIX.has(t.cat)) {
      this.next();
      return tuple(a("op"), t.anno, a(t.cat), this.prefixOperand(pat));
    }
    return pat ? this.patMax() : this.postfix();
  }

  /** expr_max with what may follow it: a remote name, a call, map and record operations. */
  postfix(): Term {
    const startsWithHash = this.is("#");
    let base = this.exprMax();
    let kind: "max" | "map" | "record" = "max";
    if (startsWithHash) kind = (base as Term[])[0] === a("map") ? "map" : "record";
    if (this.is(":") && !startsWithHash) {
      const colon = this.next();
      const right = this.exprMax();
      base = tuple(a("remote"), colon.anno, base, right);
      if (this.is("(")) return this.call(base);
      return base;
    }
    if (this.is("(") && !startsWithHash) return this.call(base);
    while (this.is("#")) {
      const hash = this.next();
      if (this.is("{")) {
        if (kind === "record") this.fail();
        base = tuple(a("map"), hash.anno, base, list(this.mapFields()));
        kind = "map";
      } else if (this.is("atom")) {
        if (kind === "map") {
          this.fail();
        }
        const name = this.next();
        if (this.is(".")) {
          this.next();
          if (!this.is("atom")) this.fail();
          base = tuple(a("record_field"), hash.anno, base, name.val!, this.leaf(this.next()));
        } else if (this.is("{")) base = tuple(a("record"), hash.anno, base, name.val!, list(this.recordFields()));
        else this.fail();
        kind = "record";
      } else this.fail();
    }
    return base;
  }

  call(fn: Term): Term {
    this.expect("(");
    const args = this.is(")") ? [] : this.exprs();
    this.expect(")");
    return tuple(a("call"), firstAnno(fn), fn, list(args));
  }

  mapFields(): Term[] {
    this.expect("{");
    const out: Term[] = [];
    if (this.is("}")) {
      this.next();
      return out;
    }
    for (;;) {
      const k = this.expr();
      const op = this.peek();
      if (op?.cat !== "=>" && op?.cat !== ":=") this.fail();
      this.next();
      const v = this.expr();
      out.push(tuple(a(op.cat === "=>" ? "map_field_assoc" : "map_field_exact"), op.anno, k, v));
      if (!this.is(",")) break;
      this.next();
    }
    this.expect("}");
    return out;
  }

  recordFields(): Term[] {
    this.expect("{");
    const out: Term[] = [];
    if (this.is("}")) {
      this.next();
      return out;
    }
    for (;;) {
      if (!this.is("var") && !this.is("atom")) this.fail();
      const f = this.next();
      this.expect("=");
      out.push(tuple(a("record_field"), f.anno, this.leaf(f), this.expr()));
      if (!this.is(",")) break;
      this.next();
    }
    this.expect("}");
    return out;
  }

  /** '#' forms at the start of an expression or pattern. */
  hashForm(pat: boolean): Term {
    const hash = this.next();
    if (this.is("{")) return tuple(a("map"), hash.anno, list(this.mapFields()));
    if (!this.is("atom")) this.fail();
    const name = this.next();
    if (this.is(".")) {
      this.next();
      if (!this.is("atom")) this.fail();
      return tuple(a("record_index"), hash.anno, name.val!, this.leaf(this.next()));
    }
    if (this.is("{")) return tuple(a("record"), hash.anno, name.val!, list(this.recordFields()));
    void pat;
    this.fail();
  }

  /** pat_expr_max, and the map and record patterns. */
  patMax(): Term {
    const t = this.peek();
    if (t === undefined) this.fail();
    if (t.cat === "#") return this.hashForm(true);
    if (t.cat === "(") {
      this.next();
      const e = this.expr(0, true);
      this.expect(")");
      return e;
    }
    if (["var", "char", "integer", "float", "atom", "string", "[", "<<", "{"].includes(t.cat)) return this.exprMax(true);
    this.fail();
  }

  exprMax(pat = false): Term {
    const t = this.peek();
    if (t === undefined) this.fail();
    switch (t.cat) {
      case "var":
      case "char":
      case "integer":
      case "float":
      case "atom":
        this.next();
        return this.leaf(t);
      case "string": {
        this.next();
        let s = listToArray(t.val!)!;
        while (this.is("string")) s = s.concat(listToArray(this.next().val!)!);
        return tuple(a("string"), t.anno, list(s));
      }
      case "#":
        return this.hashForm(false);
      case "[":
        return this.listOrLc(pat);
      case "<<":
        return this.binaryOrBc(pat);
      case "{": {
        this.next();
        if (this.is("}")) {
          this.next();
          return tuple(a("tuple"), t.anno, NIL);
        }
        const es = this.exprs();
        this.expect("}");
        return tuple(a("tuple"), t.anno, list(es));
      }
      case "(": {
        this.next();
        const e = this.expr();
        this.expect(")");
        return e;
      }
    }
    if (pat) this.fail();
    switch (t.cat) {
      case "begin": {
        this.next();
        const es = this.exprs();
        this.expect("end");
        return tuple(a("block"), t.anno, list(es));
      }
      case "if": {
        this.next();
        const clauses: Term[] = [];
        for (;;) {
          const g = this.guard();
          const b = this.body();
          const firstTest = listToArray(listToArray(g)![0])![0];
          clauses.push(tuple(a("clause"), firstAnno(firstTest), NIL, g, b));
          if (!this.is(";")) break;
          this.next();
        }
        this.expect("end");
        return tuple(a("if"), t.anno, list(clauses));
      }
      case "case": {
        this.next();
        const e = this.expr();
        this.expect("of");
        const cs = this.crClauses();
        this.expect("end");
        return tuple(a("case"), t.anno, e, list(cs));
      }
      case "receive": {
        this.next();
        if (this.is("after")) {
          this.next();
          const after = this.expr();
          const b = this.body();
          this.expect("end");
          return tuple(a("receive"), t.anno, NIL, after, b);
        }
        const cs = this.crClauses();
        if (this.is("after")) {
          this.next();
          const after = this.expr();
          const b = this.body();
          this.expect("end");
          return tuple(a("receive"), t.anno, list(cs), after, b);
        }
        this.expect("end");
        return tuple(a("receive"), t.anno, list(cs));
      }
      case "fun":
        return this.fun();
      case "try":
        return this.tryExpr();
    }
    this.fail();
  }

  listOrLc(pat: boolean): Term {
    const open = this.next();
    if (this.is("]")) {
      this.next();
      return tuple(null, open.anno);
    }
    const first = this.expr();
    if (this.is("||") && !pat) {
      this.next();
      const qs = this.lcExprs();
      this.expect("]");
      return tuple(a("lc"), open.anno, first, list(qs));
    }
    const tail = (): Term => {
      const t = this.peek();
      if (t?.cat === "]") {
        this.next();
        return tuple(null, t.anno);
      }
      if (t?.cat === "|") {
        this.next();
        const e = this.expr();
        this.expect("]");
        return e;
      }
      if (t?.cat === ",") {
        this.next();
        const e = this.expr();
        return tuple(a("cons"), firstAnno(e), e, tail());
      }
      this.fail();
    };
    return tuple(a("cons"), open.anno, first, tail());
  }

  lcExprs(): Term[] {
    const out: Term[] = [];
    for (;;) {
      const e = this.expr();
      if (this.is("<-")) {
        const arrow = this.next();
        out.push(tuple(a("generate"), arrow.anno, e, this.expr()));
      } else if (this.is("<=") && Array.isArray(e) && e[0] === a("bin")) {
        const arrow = this.next();
        out.push(tuple(a("b_generate"), arrow.anno, e, this.expr()));
      } else out.push(e);
      if (!this.is(",")) break;
      this.next();
    }
    return out;
  }

  binaryOrBc(pat: boolean): Term {
    const open = this.next();
    if (this.is(">>")) {
      this.next();
      return tuple(a("bin"), open.anno, NIL);
    }
    const elements: Term[] = [];
    let firstElement = true;
    for (;;) {
      const t = this.peek();
      let bitExpr: Term;
      if (t !== undefined && PREFIX.has(t.cat)) {
        this.next();
        bitExpr = tuple(a("op"), t.anno, a(t.cat), this.exprMax());
      } else {
        bitExpr = this.exprMax();
        if (firstElement && this.is("||") && !pat) {
          this.next();
          const qs = this.lcExprs();
          this.expect(">>");
          return tuple(a("bc"), open.anno, bitExpr, list(qs));
        }
      }
      firstElement = false;
      let size: Term = a("default");
      let types: Term = a("default");
      if (this.is(":")) {
        this.next();
        size = this.exprMax();
      }
      if (this.is("/")) {
        this.next();
        const ts: Term[] = [];
        for (;;) {
          if (!this.is("atom")) this.fail();
          const ty = this.next();
          if (this.is(":")) {
            this.next();
            if (!this.is("integer")) this.fail();
            ts.push(tuple(ty.val!, this.next().val!));
          } else ts.push(ty.val!);
          if (!this.is("-")) break;
          this.next();
        }
        types = list(ts);
      }
      elements.push(tuple(a("bin_element"), firstAnno(bitExpr), bitExpr, size, types));
      if (!this.is(",")) break;
      this.next();
    }
    this.expect(">>");
    return tuple(a("bin"), open.anno, list(elements));
  }

  guard(): Term {
    const out: Term[] = [list(this.exprs())];
    while (this.is(";")) {
      this.next();
      out.push(list(this.exprs()));
    }
    return list(out);
  }
  clauseGuard(): Term {
    if (!this.is("when")) return NIL;
    this.next();
    return this.guard();
  }
  body(): Term {
    this.expect("->");
    return list(this.exprs());
  }

  crClauses(): Term[] {
    const out: Term[] = [];
    for (;;) {
      const p = this.expr();
      const g = this.clauseGuard();
      const b = this.body();
      out.push(tuple(a("clause"), firstAnno(p), list([p]), g, b));
      if (!this.is(";")) break;
      this.next();
    }
    return out;
  }

  patArgs(): [Term, Term] {
    const open = this.expect("(");
    if (this.is(")")) {
      this.next();
      return [NIL, open.anno];
    }
    const ps = [this.expr(0, true)];
    while (this.is(",")) {
      this.next();
      ps.push(this.expr(0, true));
    }
    this.expect(")");
    return [list(ps), open.anno];
  }

  fun(): Term {
    const f = this.next();
    const t = this.peek();
    if (t?.cat === "atom" && this.is("/", 1)) {
      this.next();
      this.next();
      if (!this.is("integer")) this.fail();
      return tuple(a("fun"), f.anno, tuple(a("function"), t.val!, this.next().val!));
    }
    if ((t?.cat === "atom" || t?.cat === "var") && this.is(":", 1)) {
      this.next();
      this.next();
      if (!this.is("atom") && !this.is("var")) this.fail();
      const fn = this.next();
      this.expect("/");
      if (!this.is("integer") && !this.is("var")) this.fail();
      const ar = this.next();
      return tuple(a("fun"), f.anno, tuple(a("function"), this.leaf(t), this.leaf(fn), this.leaf(ar)));
    }
    const clauses: [Term, Term, Term, Term, Term][] = [];
    for (;;) {
      if (this.is("var")) {
        const v = this.next();
        const [args] = this.patArgs();
        clauses.push([v.anno, v.val!, args, this.clauseGuard(), this.body()]);
      } else {
        const [args, anno] = this.patArgs();
        clauses.push([anno, a("fun"), args, this.clauseGuard(), this.body()]);
      }
      if (!this.is(";")) break;
      this.next();
    }
    this.expect("end");
    const name = clauses[0][1];
    const arity = listToArray(clauses[0][2])!.length;
    const checked = clauses.map(([an, n, as, g, b]) => {
      if (n !== name || listToArray(as)!.length !== arity) throw new GrammarErr(an, "head mismatch");
      return tuple(a("clause"), an, as, g, b);
    });
    if (name === a("fun")) return tuple(a("fun"), f.anno, tuple(a("clauses"), list(checked)));
    return tuple(a("named_fun"), f.anno, name, list(checked));
  }

  tryExpr(): Term {
    const t = this.next();
    const es = this.exprs();
    let of: Term[] = [];
    if (this.is("of")) {
      this.next();
      of = this.crClauses();
    }
    let catches: Term[] = [];
    let after: Term[] = [];
    if (this.is("catch")) {
      this.next();
      for (;;) {
        catches.push(this.tryClause());
        if (!this.is(";")) break;
        this.next();
      }
      if (this.is("after")) {
        this.next();
        after = this.exprs();
      }
      this.expect("end");
    } else if (this.is("after")) {
      this.next();
      after = this.exprs();
      this.expect("end");
    } else this.fail();
    return tuple(a("try"), t.anno, list(es), list(of), list(catches), list(after));
  }

  tryClause(): Term {
    const t = this.peek();
    if ((t?.cat === "atom" || t?.cat === "var") && this.is(":", 1)) {
      this.next();
      this.next();
      const p = this.expr(0, true);
      let st: Term;
      if (this.is(":")) {
        this.next();
        if (!this.is("var")) this.fail();
        st = this.leaf(this.next());
      } else st = tuple(a("var"), lastAnno(p), a("_"));
      const g = this.clauseGuard();
      const b = this.body();
      const A = t.anno;
      return tuple(a("clause"), A, list([tuple(a("tuple"), A, list([this.leaf(t), p, st]))]), g, b);
    }
    const p = this.expr(0, true);
    const g = this.clauseGuard();
    const b = this.body();
    const A = firstAnno(p);
    const Az = lastAnno(p);
    return tuple(a("clause"), A, list([tuple(a("tuple"), A, list([tuple(a("atom"), A, a("throw")), p, tuple(a("var"), Az, a("_"))]))]), g, b);
  }
}

function locLine(anno: Term): number {
  return lc(anno)[0];
}

function inspectAtom(t: Term): string {
  return inspect(t).replace(/^:/, "");
}

/** attribute_farity: Name/Arity inside an attribute's value becomes {Name, Arity}. */
function attributeFarity(t: Term): Term {
  if (!Array.isArray(t)) return t;
  const tag = t[0];
  if (tag === a("cons")) return tuple(a("cons"), t[1], attributeFarity(t[2]), attributeFarity(t[3]));
  if (tag === a("tuple")) return tuple(a("tuple"), t[1], list(listToArray(t[2])!.map(attributeFarity)));
  if (tag === a("map")) {
    if (t.length !== 3) return t;
    return tuple(a("map"), t[1], list(listToArray(t[2])!.map((f) => { const x = f as Term[]; return tuple(x[0], x[1], x[2], attributeFarity(x[3])); })));
  }
  if (tag === a("op") && t.length === 5 && t[2] === a("/") && Array.isArray(t[3]) && (t[3] as Term[])[0] === a("atom") && Array.isArray(t[4]) && (t[4] as Term[])[0] === a("integer"))
    return tuple(a("tuple"), t[1], list([t[3], t[4]]));
  return t;
}

/** erl_parse:normalise/1 for what an attribute holds (binaries left to the Elixir side: undefined). */
function normaliseOrNull(t: Term): Term | undefined {
  if (!Array.isArray(t)) return undefined;
  const tag = catOf(t[0]);
  switch (tag) {
    case "char":
    case "integer":
    case "float":
    case "atom":
    case "string":
      return t[2];
    case "nil":
      return NIL;
    case "cons": {
      const h = normaliseOrNull(t[2]);
      const tl = normaliseOrNull(t[3]);
      return h === undefined || tl === undefined ? undefined : new Cons(h, tl);
    }
    case "tuple": {
      const out: Term[] = [];
      for (const x of listToArray(t[2])!) {
        const v = normaliseOrNull(x);
        if (v === undefined) return undefined;
        out.push(v);
      }
      return tuple(...out);
    }
    case "op":
      if (t.length === 4 && Array.isArray(t[3])) {
        const inner = t[3] as Term[];
        const it = catOf(inner[0]);
        if (it === "char" || it === "integer" || it === "float") {
          if (t[2] === a("+")) return inner[2];
          if (t[2] === a("-")) {
            const v = inner[2];
            if (v instanceof Float) return new Float(-v.v);
            return typeof v === "bigint" ? -v : -(v as number);
          }
        }
      }
      return undefined;
  }
  return undefined;
}

/** yecctoken2string: how a syntax error shows the token it stopped before. */
function tokenString(t: Tok | undefined): Term {
  if (t === undefined) return NIL;
  const raw = t.raw as Term[];
  if (raw.length === 2) {
    if (t.cat === "dot") return list([..."'.'"].map((c) => c.charCodeAt(0)));
    return charlist(quoteAtom(t.cat));
  }
  switch (t.cat) {
    case "atom":
      return charlist(quoteAtom(catOf(t.val!)));
    case "var":
      return charlist(catOf(t.val!));
    case "char":
      return a("$char");
    case "string":
      return a("$string");
  }
  return a("$write");
}
const charlist = (s: string): Term => list([...s].map((c) => c.codePointAt(0)!));

const RESERVED = new Set(["after", "begin", "case", "try", "cond", "catch", "andalso", "orelse", "end", "fun", "if", "let", "of", "receive", "when", "bnot", "not", "div", "rem", "band", "and", "bor", "bxor", "bsl", "bsr", "or", "xor"]);
/** io_lib:write_atom: quoted unless a lowercase name that is not a reserved word. */
export function quoteAtom(name: string): string {
  if (/^[a-zß-öø-ÿ][A-Za-z0-9_@À-ÖØ-Þß-öø-ÿ]*$/.test(name) && !RESERVED.has(name)) return name;
  let out = "'";
  for (const ch of name) {
    const c = ch.codePointAt(0)!;
    if (ch === "'") out += "\\'";
    else if (ch === "\\") out += "\\\\";
    else if (c === 10) out += "\\n";
    else if (c === 13) out += "\\r";
    else if (c === 9) out += "\\t";
    else if (c === 11) out += "\\v";
    else if (c === 8) out += "\\b";
    else if (c === 12) out += "\\f";
    else if (c === 27) out += "\\e";
    else if (c === 127) out += "\\d";
    else if (c < 32) out += "\\^" + String.fromCharCode(c + 64);
    else out += ch;
  }
  return out + "'";
}

function toToks(tokens: Term): Tok[] | null {
  const items = listToArray(tokens);
  if (items === null) return null;
  const out: Tok[] = [];
  for (const t of items) {
    if (!Array.isArray(t) || t.length < 2 || t.length > 3) return null;
    out.push({ cat: catOf(t[0]), anno: t[1], val: t.length === 3 ? t[2] : undefined, raw: t });
  }
  return out;
}

/**
 * parse(tokens): {:ok, form} | {:error, {loc, :erl_parse, message}}; a syntax error's
 * token text is left to the Elixir side when it needs io_lib (:"$char", :"$string",
 * :"$write": {:error, {loc, :erl_parse, {:before, kind, token}}}).
 */
function parse(tokens: Term, plain = false): Term {
  const toks = toToks(tokens);
  if (toks === null) return a("badarg");
  const p = new Parser(toks, plain);
  try {
    return tuple(a("ok"), p.form());
  } catch (e) {
    if (e instanceof SyntaxErr) {
      const tok = e.tok ?? toks[toks.length - 1];
      const loc = tok === undefined ? 999999 : e.tok === undefined ? endLocation(tok.anno) : locationOf(tok.anno);
      const str = tokenString(e.tok);
      if (str instanceof Atom) return tuple(a("error"), tuple(loc, a("erl_parse"), tuple(a("before"), str, e.tok!.raw)));
      return tuple(a("error"), tuple(loc, a("erl_parse"), list([charlist("syntax error before: "), str])));
    }
    if (e instanceof GrammarErr) return tuple(a("error"), tuple(locationOf(e.anno), a("erl_parse"), charlist(e.message)));
    throw e;
  }
}

/** Where the tokens end: the last token's end when its annotation has text, else its location. */
function endLocation(anno: Term): Term {
  const text = textOf(anno);
  const loc = locationOf(anno);
  if (text === null) return loc;
  let [line, col] = lc(anno);
  for (const c of text as number[]) {
    if (c === 10) {
      line++;
      col = 1;
    } else col++;
  }
  return typeof loc === "number" ? line : tuple(line, col);
}

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "beamsh_erl_parse",
  fns: {
    "parse/1": ([tokens]) => parse(tokens),
    "parse_plain/1": ([tokens]) => parse(tokens, true),
    "first_anno/1": ([t]) => firstAnno(t),
  },
};
void atom;
