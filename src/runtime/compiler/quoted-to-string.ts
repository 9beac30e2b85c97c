// Quoted form back to source text, as Macro.to_string/1 prints it (Elixir 1.14 runs the code
// formatter over the quoted form). This printer follows the formatter's choices for the forms
// programs build: operators with the parentheses precedence requires, calls with and without
// parentheses (Kernel's definition and directive macros go without), do/end blocks, fn and
// clause bodies, keyword lists, maps and structs, sigils, interpolated strings, bitstrings,
// captures, integers with underscores past five digits. It does not break long lines at the
// formatter's 98 columns: a long expression stays on one line.
import { escapeString, inspect, inspectAtom, inspectFloat } from "../inspect.js";
import { Atom, Bin, Cons, Float, NIL, Term, a, atomName } from "../term.js";
import { bytesToString } from "../../lang/unescape.js";

/** Calls Elixir's formatter writes without parentheses (its default locals_without_parens). */
const NO_PARENS: Record<string, number[] | "*"> = {
  alias: [1, 2], case: [2], cond: [1], for: "*", import: [1, 2], quote: [1, 2], receive: [1], require: [1, 2], try: [1], with: "*",
  def: [1, 2], defp: [1, 2], defguard: [1], defguardp: [1], defmacro: [1, 2], defmacrop: [1, 2], defmodule: [2], defdelegate: [2],
  defexception: [1], defoverridable: [1], defstruct: [1], destructure: [2], raise: [1, 2], reraise: [2, 3], if: [2], unless: [2],
  use: [1, 2], defrecord: [2, 3], defrecordp: [2, 3], assert: [1, 2], refute: [1, 2], test: [1, 2], setup: [1, 2], config: [2, 3],
  doctest: [1, 2], import_config: [1],
};

type Assoc = "left" | "right";
const BINARY: Record<string, [Assoc, number]> = {};
const def = (ops: string[], assoc: Assoc, prec: number) => ops.forEach((o) => (BINARY[o] = [assoc, prec]));
def(["<-", "\\\\"], "left", 40);
def(["when"], "right", 50);
def(["::"], "right", 60);
def(["|"], "right", 70);
def(["="], "right", 100);
def(["||", "|||", "or"], "left", 120);
def(["&&", "&&&", "and"], "left", 130);
def(["==", "!=", "=~", "===", "!=="], "left", 140);
def(["<", "<=", ">=", ">"], "left", 150);
def(["|>", "<<<", ">>>", "<~", "~>", "<<~", "~>>", "<~>", "<|>"], "left", 160);
def(["in", "not in"], "left", 170);
def(["^^^"], "left", 180);
def(["//"], "right", 190);
def(["++", "--", "..", "<>", "+++", "---"], "right", 200);
def(["+", "-"], "left", 210);
def(["*", "/"], "left", 220);
def(["**"], "left", 230);
const UNARY = new Set(["!", "^", "not", "+", "-", "~~~", "&", "@"]);
/** Operators written without spaces around them. */
const TIGHT = new Set(["..", "//"]);
const BLOCK_KEYS = ["do", "else", "after", "rescue", "catch"];

const isList = (t: Term): boolean => t === NIL || t instanceof Cons;
function items(l: Term): Term[] {
  const out: Term[] = [];
  for (; l instanceof Cons; l = l.t) out.push(l.h);
  return out;
}
const isNodeT = (t: Term): t is Term[] => Array.isArray(t) && t.length === 3 && isList(t[1]);
const nameOf = (t: Term[]): string | null => (t[0] instanceof Atom ? t[0].name : null);
const argsOf = (t: Term[]): Term[] | null => (isList(t[2]) ? items(t[2]) : null);
function metaGet(t: Term[], key: string): Term | undefined {
  for (const p of items(t[1])) if (Array.isArray(p) && p[0] === a(key)) return p[1];
  return undefined;
}
const isVar = (t: Term): boolean => isNodeT(t) && t[0] instanceof Atom && (t[2] instanceof Atom || t[2] === null);

function isKeyword(l: Term[]): boolean {
  return l.length > 0 && l.every((p) => Array.isArray(p) && p.length === 2 && (p[0] instanceof Atom || p[0] === null || p[0] === true || p[0] === false));
}
const atomKeyName = (k: Term): string => (k === null ? "nil" : k === true ? "true" : k === false ? "false" : atomName(k));

/** A do/end keyword list (`[do: ..., else: ...]`) as the last argument of a call. */
function isBlockKeyword(t: Term): boolean {
  if (!(t instanceof Cons)) return false;
  const l = items(t);
  return isKeyword(l) && atomKeyName((l[0] as Term[])[0]) === "do" && l.every((p) => BLOCK_KEYS.includes(atomKeyName((p as Term[])[0])));
}

const indent = (s: string): string => s.split("\n").map((x) => (x === "" ? x : "  " + x)).join("\n");

export function quotedToString(t: Term): string {
  return new Printer().expr(t);
}

function underscored(digits: string): string {
  if (digits.length < 6) return digits;
  let out = "";
  for (let i = digits.length; i > 0; i -= 3) out = digits.slice(Math.max(0, i - 3), i) + (out === "" ? "" : "_" + out);
  return out;
}

class Printer {
  expr(t: Term): string {
    if (typeof t === "number" || typeof t === "bigint") return underscored(String(t));
    if (t instanceof Float) {
      const s = inspectFloat(t.v);
      const m = /^(-?)(\d+)(.*)$/.exec(s);
      return m === null ? s : m[1] + underscored(m[2]) + m[3];
    }
    if (t === null || t === true || t === false || t instanceof Atom) return inspectAtom("literal", t);
    if (typeof t === "string" || t instanceof Bin) return this.stringLiteral(t);
    if (isList(t)) return this.list(items(t));
    if (Array.isArray(t) && t.length === 2) return this.tuple(t);
    if (isNodeT(t)) return this.node(t);
    // Not quoted code (a map, a pid, a fun...): Elixir's formatter shows such a literal as
    // inspect does.
    return inspect(t);
  }

  private stringLiteral(t: string | Bin): string {
    if (t instanceof Bin && t.bits !== 0) return "<<>>";
    // Invalid UTF-8 bytes are written \xNN, as iex does.
    return '"' + this.escape(typeof t === "string" ? t : t.bytes, '"') + '"';
  }

  private escape(s: string | Uint8Array, quote: string): string {
    return escapeString(s, quote, Infinity).escaped.replace(/#\{/g, "\\#{");
  }

  private list(l: Term[]): string {
    if (l.length > 0 && l.every((c) => typeof c === "number" && c >= 32 && c <= 126)) {
      return "'" + this.escape(String.fromCharCode(...(l as number[])), "'") + "'";
    }
    // A keyword suffix is written `key: value`: [1, a: 2].
    let split = l.length;
    while (split > 0 && isKeyword([l[split - 1]])) split--;
    if (split === l.length) return "[" + this.args(l) + "]";
    return "[" + [...l.slice(0, split).map((x) => this.expr(x)), this.keywordPairs(l.slice(split))].join(", ") + "]";
  }

  private tuple(t: Term[]): string {
    return "{" + this.args(t) + "}";
  }

  /** Comma-separated arguments; a trailing keyword list is written as `key: value`. */
  private args(l: Term[]): string {
    if (l.length === 0) return "";
    const last = l[l.length - 1];
    if (isList(last) && isKeyword(items(last))) return [...l.slice(0, -1).map((x) => this.expr(x)), this.keywordPairs(items(last))].join(", ");
    // [1, 2 | t] is quoted as [1, {:|, _, [2, t]}]
    return l.map((x) => this.expr(x)).join(", ");
  }

  private keywordPairs(pairs: Term[]): string {
    return pairs.map((p) => inspectAtom("key", (p as Term[])[0]) + " " + this.expr((p as Term[])[1])).join(", ");
  }

  private node(t: Term[]): string {
    const name = nameOf(t);
    const args = argsOf(t);
    if (name !== null && args === null) return name; // a variable
    if (name === null) return this.callOnExpr(t);
    const as = args!;
    switch (name) {
      case "__block__":
        if (as.length === 1) return this.expr(as[0]);
        return as.map((x) => this.expr(x)).join("\n");
      case "__aliases__":
        return as.map((p, i) => (p instanceof Atom && (i > 0 || !p.name.startsWith("Elixir.")) ? p.name : this.expr(p))).join(".");
      case "{}":
        return this.tuple(as);
      case "%{}":
        return "%{" + this.mapBody(as) + "}";
      case "%":
        if (as.length === 2 && isNodeT(as[1]) && nameOf(as[1] as Term[]) === "%{}") {
          return "%" + this.structName(as[0]) + "{" + this.mapBody(argsOf(as[1] as Term[]) ?? []) + "}";
        }
        break;
      case "<<>>":
        return this.bitstring(t, as);
      case "fn":
        return this.fn(as);
      case "->":
        return this.clauses([t]);
      case "&":
        if (as.length === 1) return this.capture(as[0]);
        break;
      case "..":
        if (as.length === 0) return "..";
        break;
      case "..//":
        if (as.length === 3) return `${this.operand(as[0], "..", "left")}..${this.operand(as[1], "..", "right")}//${this.operand(as[2], "//", "right")}`;
        break;
      case "@":
        if (as.length === 1 && isNodeT(as[0]) && nameOf(as[0] as Term[]) !== null) return this.attribute(as[0] as Term[]);
        break;
      case "not":
        if (as.length === 1 && isNodeT(as[0]) && nameOf(as[0] as Term[]) === "in" && argsOf(as[0] as Term[])?.length === 2) {
          const [l, r] = argsOf(as[0] as Term[])!;
          return this.binary("not in", l, r);
        }
        break;
    }
    if (name.startsWith("sigil_") && name.length > 6 && as.length === 2) {
      const s = this.sigil(t, name.slice(6), as);
      if (s !== null) return s;
    }
    if (as.length === 2 && BINARY[name] !== undefined) return this.binary(name, as[0], as[1]);
    if (as.length === 1 && UNARY.has(name)) return this.unary(name, as[0]);
    return this.call(name, as, t, null);
  }

  private structName(t: Term): string {
    if (isVar(t) || (isNodeT(t) && nameOf(t as Term[]) === "__aliases__") || t instanceof Atom) return this.expr(t);
    return "(" + this.expr(t) + ")";
  }

  private mapBody(as: Term[]): string {
    if (as.length === 1 && isNodeT(as[0]) && nameOf(as[0] as Term[]) === "|") {
      const [m, pairs] = argsOf(as[0] as Term[])!;
      return this.expr(m) + " | " + this.pairs(isList(pairs) ? items(pairs) : [pairs]);
    }
    return this.pairs(as);
  }

  /** Map pairs: `k => v`, and trailing atom keys as `k: v`. */
  private pairs(ps: Term[]): string {
    let split = ps.length;
    while (split > 0) {
      const p = ps[split - 1];
      if (Array.isArray(p) && p.length === 2 && (p[0] instanceof Atom || p[0] === null || p[0] === true || p[0] === false)) split--;
      else break;
    }
    const arrows = ps.slice(0, split).map((p) => (Array.isArray(p) && p.length === 2 ? this.expr(p[0]) + " => " + this.expr(p[1]) : this.expr(p)));
    const kws = split < ps.length ? [this.keywordPairs(ps.slice(split))] : [];
    return [...arrows, ...kws].join(", ");
  }

  private bitstring(t: Term[], as: Term[]): string {
    // An interpolated string: binaries and `Kernel.to_string(x)::binary` segments.
    const interp = as.every((p) => typeof p === "string" || (isNodeT(p) && nameOf(p as Term[]) === "::" && this.interpolation(p as Term[]) !== null));
    if (as.length > 0 && interp && as.some((p) => typeof p !== "string")) {
      return '"' + as.map((p) => (typeof p === "string" ? this.escape(p, '"') : "#{" + this.expr(this.interpolation(p as Term[])!) + "}")).join("") + '"';
    }
    void t;
    const parts = as.map((p) => {
      const s = isNodeT(p) && nameOf(p as Term[]) === "::" && argsOf(p as Term[])?.length === 2
        ? this.expr(argsOf(p as Term[])![0]) + "::" + this.segmentSpec(argsOf(p as Term[])![1])
        : this.expr(p);
      return s.startsWith("<") || s.endsWith(">") ? "(" + s + ")" : s;
    });
    return "<<" + parts.join(", ") + ">>";
  }

  /** A segment's type and modifiers: `binary-size(2)`, written without spaces around `-` and `*`. */
  private segmentSpec(t: Term): string {
    if (isNodeT(t)) {
      const n = nameOf(t as Term[]);
      const as = argsOf(t as Term[]);
      if ((n === "-" || n === "*") && as?.length === 2) return this.segmentSpec(as[0]) + n + this.segmentSpec(as[1]);
    }
    return this.expr(t);
  }

  /** The expression inside `#{...}`: `Kernel.to_string(x)::binary` → x. */
  private interpolation(seg: Term[]): Term | null {
    const [value, spec] = argsOf(seg) ?? [];
    if (!(isNodeT(spec) && nameOf(spec as Term[]) === "binary")) return null;
    if (isNodeT(value)) {
      const v = value as Term[];
      const callee = v[0];
      if (isNodeT(callee) && nameOf(callee as Term[]) === ".") {
        const [mod, fun] = argsOf(callee as Term[]) ?? [];
        if (mod === a("Elixir.Kernel") && fun === a("to_string")) return (argsOf(v) ?? [])[0] ?? null;
      }
    }
    return null;
  }

  private sigil(t: Term[], letter: string, as: Term[]): string | null {
    const [body, mods] = as;
    if (!(isNodeT(body) && nameOf(body as Term[]) === "<<>>") || !isList(mods)) return null;
    const delim = metaGet(t, "delimiter");
    const open = typeof delim === "string" ? delim : '"';
    const close = ({ "(": ")", "[": "]", "{": "}", "<": ">" } as Record<string, string>)[open] ?? open;
    const parts = argsOf(body as Term[]) ?? [];
    const inner = parts.map((p) => (typeof p === "string" ? p : "#{" + this.expr(this.interpolation(p as Term[]) ?? p) + "}")).join("");
    const modifiers = items(mods).map((c) => String.fromCharCode(c as number)).join("");
    return "~" + letter + open + inner + close + modifiers;
  }

  private attribute(inner: Term[]): string {
    const name = nameOf(inner)!;
    const args = argsOf(inner);
    if (args === null || args.length === 0) return "@" + name;
    if (args.length === 1) return "@" + name + " " + this.expr(args[0]);
    return "@" + name + "(" + this.args(args) + ")";
  }

  private capture(arg: Term): string {
    if (typeof arg === "number") return "&" + arg;
    if (isNodeT(arg)) {
      const n = nameOf(arg as Term[]);
      const as = argsOf(arg as Term[]);
      if (n === "/" && as?.length === 2) {
        // &Mod.fun/arity and &fun/arity: the function's name without parentheses.
        const f = as[0];
        let name = this.expr(f);
        if (isNodeT(f) && argsOf(f as Term[])?.length === 0) name = name.replace(/\(\)$/, "");
        return "&" + name + "/" + this.expr(as[1]);
      }
      if (n !== null && as !== null && (BINARY[n] !== undefined && as.length === 2)) return "&(" + this.expr(arg) + ")";
      if (n === "&" && as?.length === 1 && typeof as[0] === "number") return "& " + this.expr(arg);
    }
    return "&" + this.expr(arg);
  }

  // ---- operators ------------------------------------------------------------------------

  private binary(op: string, left: Term, right: Term): string {
    if (op === "|>" ) return this.operand(left, op, "left") + " |> " + this.operand(right, op, "right");
    const l = this.operand(left, op, "left");
    const r = this.operand(right, op, "right");
    if (TIGHT.has(op)) return l + op + r;
    // A right operand laid out on several lines (a do/end block) starts on its own line.
    if (r.includes("\n") && isNodeT(right) && this.hasDoBlock(right as Term[])) return `${l} ${op}\n${indent(r)}`;
    return `${l} ${op} ${r}`;
  }

  /** An operand, in parentheses when precedence or associativity requires them. */
  private operand(t: Term, parent: string, side: "left" | "right"): string {
    const s = this.expr(t);
    if (this.needsParens(t, parent, side)) return "(" + s + ")";
    return s;
  }

  private needsParens(t: Term, parent: string, side: "left" | "right"): boolean {
    if (!isNodeT(t)) return false;
    const n = nameOf(t as Term[]);
    const as = argsOf(t as Term[]);
    if (as === null) return false;
    if (n === "__block__" && as.length !== 1) return true;
    if (n === null) return false;
    let op = n;
    if (n === "not" && as.length === 1 && isNodeT(as[0]) && nameOf(as[0] as Term[]) === "in") op = "not in";
    else if (as.length !== 2 || BINARY[n] === undefined) return false;
    const [assoc, prec] = BINARY[op];
    const [, pprec] = BINARY[parent] ?? ["left", 0];
    if (prec < pprec) return true;
    if (prec > pprec) return this.mixedBoolean(op, parent);
    if (op !== parent && this.mixedBoolean(op, parent)) return true;
    if (op === "|>" && parent === "|>") return false;
    return side === "left" ? assoc === "right" : assoc === "left";
  }

  /** The formatter adds parentheses between && and ||, and between `and` and `or`. */
  private mixedBoolean(op: string, parent: string): boolean {
    const group = (o: string) => (o === "&&" || o === "||" ? 1 : o === "and" || o === "or" ? 2 : 0);
    return group(op) !== 0 && group(op) === group(parent) && op !== parent;
  }

  private unary(op: string, arg: Term): string {
    const s = this.expr(arg);
    const wrapped = isNodeT(arg) && nameOf(arg as Term[]) !== null && argsOf(arg as Term[])?.length === 2 && BINARY[nameOf(arg as Term[])!] !== undefined;
    if (op === "not") return wrapped ? "not (" + s + ")" : "not " + s;
    if (wrapped || this.hasDoBlock(arg as Term[])) return op + "(" + s + ")";
    return op + s;
  }

  // ---- calls ----------------------------------------------------------------------------

  private hasDoBlock(t: Term[]): boolean {
    if (!isNodeT(t)) return false;
    const as = argsOf(t);
    return as !== null && as.length > 0 && isBlockKeyword(as[as.length - 1]);
  }

  /** `name(args)`, `name args` or `name args do ... end`; `target` is the remote prefix or null. */
  private call(name: string, as: Term[], t: Term[], target: string | null): string {
    const shown = target === null ? name : target + "." + inspectAtom("remote_call", a(name));
    if (as.length > 0 && isBlockKeyword(as[as.length - 1])) {
      const head = as.slice(0, -1);
      const headText = head.length === 0 ? shown : shown + " " + this.args(head);
      return headText + " " + this.doBlock(items(as[as.length - 1]));
    }
    const spec = target === null ? NO_PARENS[name] : undefined;
    const noParens = spec !== undefined && as.length > 0 && (spec === "*" || spec.includes(as.length));
    if (noParens) return shown + " " + this.args(as);
    const aliasTarget = target !== null && /^[A-Z:]/.test(target);
    if (target !== null && !aliasTarget && as.length === 0 && metaGet(t, "no_parens") === true) return shown;
    const inner = this.args(as);
    // Arguments laid out on several lines go one per line inside the parentheses.
    if (inner.includes("\n")) return shown + "(\n" + indent(as.map((x) => this.expr(x)).join(",\n")) + "\n)";
    return shown + "(" + inner + ")";
  }

  /** A call whose callee is not an atom: remote `a.b(...)`, anonymous `f.(...)`. */
  private callOnExpr(t: Term[]): string {
    const callee = t[0];
    const as = argsOf(t) ?? [];
    if (isNodeT(callee) && nameOf(callee as Term[]) === ".") {
      const dotArgs = argsOf(callee as Term[]) ?? [];
      if (dotArgs.length === 1) {
        const f = dotArgs[0];
        const fs = isVar(f) || (isNodeT(f) && nameOf(f as Term[]) === null) ? this.expr(f) : isNodeT(f) && nameOf(f as Term[]) !== "__aliases__" && argsOf(f as Term[]) !== null && nameOf(f as Term[]) !== "." ? "(" + this.expr(f) + ")" : this.expr(f);
        return fs + ".(" + this.args(as) + ")";
      }
      if (dotArgs.length === 2 && dotArgs[1] instanceof Atom) {
        const [left, fun] = dotArgs;
        const ls = this.remoteTarget(left);
        return this.call((fun as Atom).name, as, t, ls);
      }
    }
    return this.expr(callee) + "(" + this.args(as) + ")";
  }

  private remoteTarget(left: Term): string {
    if (left instanceof Atom) return inspectAtom("literal", left);
    const s = this.expr(left);
    if (isNodeT(left)) {
      const n = nameOf(left as Term[]);
      const as = argsOf(left as Term[]);
      if (as !== null && n !== null && n !== "__aliases__" && ((as.length === 2 && BINARY[n] !== undefined) || (as.length === 1 && UNARY.has(n)) || n === "fn")) return "(" + s + ")";
    }
    return s;
  }

  // ---- blocks -----------------------------------------------------------------------------

  private doBlock(pairs: Term[]): string {
    let out = "do";
    for (const p of pairs) {
      const [k, v] = p as Term[];
      const key = atomKeyName(k);
      if (key !== "do") out += "\n" + key;
      const body = this.blockBody(v);
      if (body !== "") out += "\n" + indent(body);
    }
    return out + "\nend";
  }

  private blockBody(v: Term): string {
    if (isList(v) && items(v).length > 0 && items(v).every((c) => isNodeT(c) && nameOf(c as Term[]) === "->")) return this.clauses(items(v));
    if (v === null) return "nil";
    return this.expr(v);
  }

  private clauses(cs: Term[]): string {
    return cs.map((c) => this.clause(c as Term[])).join("\n");
  }

  private clause(c: Term[]): string {
    const [head, body] = argsOf(c) ?? [NIL, null];
    const h = this.clauseHead(head);
    const b = this.expr(body);
    if (b.includes("\n")) return h + " ->\n" + indent(b);
    return h + " -> " + b;
  }

  private clauseHead(head: Term): string {
    const hs = isList(head) ? items(head) : [head];
    if (hs.length === 1 && isNodeT(hs[0]) && nameOf(hs[0] as Term[]) === "when") {
      const wargs = argsOf(hs[0] as Term[]) ?? [];
      const guard = wargs[wargs.length - 1];
      return this.args(wargs.slice(0, -1)) + " when " + this.expr(guard);
    }
    return this.args(hs);
  }

  private fn(cs: Term[]): string {
    if (cs.length === 1) {
      const c = cs[0] as Term[];
      const [head, body] = argsOf(c) ?? [NIL, null];
      const h = this.clauseHead(head);
      const b = this.expr(body);
      const prefix = h === "" ? "fn ->" : "fn " + h + " ->";
      if (b.includes("\n")) return prefix + "\n" + indent(b) + "\nend";
      return prefix + " " + b + " end";
    }
    return "fn\n" + indent(this.clauses(cs)) + "\nend";
  }
}
