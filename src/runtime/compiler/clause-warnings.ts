// The Erlang compiler's warnings about clauses that can never run. Elixir prints them after
// its own warnings for the module, in line order:
//
//   warning: this clause for h/1 cannot match because a previous clause at line 7 always matches
//     iex:8
//
// Two passes give them, and both are modelled here. sys_core_fold drops every clause after
// one whose patterns are all variables (guard absent or `true`), naming the function for def
// clauses. v3_kernel's pattern-match compiler then finds a clause made unreachable by an
// earlier one with the same constructors (`{:ok, _}` before `{:ok, 1}`, `:a` twice): it
// splits the clauses into runs whose first pattern is a variable or a constructor, groups a
// constructor run by type and value, and matches the sub-patterns and the remaining columns
// the same way; where a clause has no patterns left and no guard, the next clause of its group
// (or the code of the runs after it, reached through variable runs) cannot match.
import { Ast, AstNode, isAtomAst, isLiteralAst, isNode, isTupleAst } from "../../lang/ast.js";
import { Atom, Cons, Float, NIL, Term, listToArray } from "../term.js";
import type { Clause } from "./control.js";
import type { Unit } from "./unit.js";

/**
 * Records the warnings for `clauses` (a function's when `fun` is "name/arity", else a case,
 * fn or receive). Clauses without a line were made by the compiler and are not reported.
 */
export function warnShadowedClauses(unit: Unit, clauses: Clause[], fun?: string): void {
  // Only compiled modules get these: iex evaluates its own input without the Erlang compiler.
  if (unit.module === "" || clauses.length < 2) return;
  const warn = (line: number | undefined, previous: number, text: string) => {
    if (line !== undefined) unit.erlangWarnings.push({ line, text: `warning: ${text} cannot match because a previous clause at line ${previous} always matches\n  ${unit.file}:${line}\n\n` });
  };
  // sys_core_fold: a clause that always matches ends the list.
  let kept = clauses;
  const at = clauses.findIndex((c) => isTrueGuard(c) && c.pats.every(isVarPattern) && !repeatsVariable(c.pats));
  if (at >= 0 && at < clauses.length - 1) {
    kept = clauses.slice(0, at + 1);
    const line = clauses[at].line;
    if (line !== undefined) for (const c of clauses.slice(at + 1)) warn(c.line, line, fun === undefined ? "this clause" : `this clause for ${fun}`);
  }
  // v3_kernel.
  const rows: Row[] = kept.map((c) => ({ pats: c.pats.map(unalias), line: c.line, trueGuard: isTrueGuard(c) && !repeatsVariable(c.pats) }));
  match(rows, null, (line, previous) => warn(line, previous, "this clause"));
}

/**
 * sys_core_fold's warnings about guards that are `false` once expanded (`x in []`): each such
 * clause, and the construct itself (a function at its first clause, a case, fn or receive)
 * when none of its clauses can match, "this check/guard will always yield the same result".
 */
export function warnFalseGuards(unit: Unit, clauses: Clause[], line: number | undefined): void {
  if (unit.module === "") return;
  const text = (at: number) => `warning: this check/guard will always yield the same result\n  ${unit.file}:${at}\n\n`;
  const falses = clauses.filter((c) => isFalseGuard(c.guard));
  if (falses.length === 0) return;
  if (falses.length === clauses.length && line !== undefined && line > 0) unit.erlangWarnings.push({ line, text: text(line) });
  for (const c of falses) if (c.line !== undefined) unit.erlangWarnings.push({ line: c.line, text: text(c.line) });
}

/** `false`, or `x in []` (which Kernel.in/2 expands to false in a guard). */
function isFalseGuard(g: Ast | null): boolean {
  if (g === false) return true;
  return isNode(g) && g.name === "in" && g.args?.length === 2 && Array.isArray(g.args[1]) && g.args[1].length === 0;
}

/** A case on a literal may leave clauses unreachable on purpose (the compiler says nothing). */
export function isLiteralSubject(x: Ast): boolean {
  if (x === null || typeof x === "boolean" || typeof x === "bigint" || typeof x === "number" || typeof x === "string" || isAtomAst(x)) return true;
  if (Array.isArray(x)) return x.every(isLiteralSubject);
  if (isTupleAst(x)) return x.tuple.every(isLiteralSubject);
  return isNode(x) && x.name === "{}" && x.args !== null && x.args.every(isLiteralSubject);
}

interface Row {
  pats: Ast[];
  line: number | undefined;
  /** No guard (or `true`), and no pin or repeated variable (which the compiler turns into guards). */
  trueGuard: boolean;
}

/** What a match compiles to, as a default for the runs before it: null when it always fails. */
type Compiled = { line: number | undefined } | null;

type Warn = (line: number | undefined, previous: number) => void;

function match(rows: Row[], def: Compiled, warn: Warn): Compiled {
  if (rows.length === 0) return def;
  if (rows[0].pats.length === 0) return matchGuard(rows, def, warn);
  // Runs of clauses whose first pattern is a variable, or a constructor; each later run is
  // the default of the one before it.
  const runs: Row[][] = [];
  for (const r of rows) {
    const last = runs[runs.length - 1];
    if (last !== undefined && isVarPattern(last[0].pats[0]) === isVarPattern(r.pats[0])) last.push(r);
    else runs.push([r]);
  }
  let result = def;
  for (let i = runs.length - 1; i >= 0; i--) {
    const run = runs[i];
    if (isVarPattern(run[0].pats[0])) result = match(run.map((r) => ({ ...r, pats: r.pats.slice(1) })), result, warn);
    else result = matchConstructors(run, warn) ?? result;
  }
  return result;
}

/** The clauses left when every pattern matched: the first without a guard wins. */
function matchGuard(rows: Row[], def: Compiled, warn: Warn): Compiled {
  for (let i = 0; i < rows.length; i++) {
    if (!rows[i].trueGuard) continue;
    const line = rows[i].line;
    if (line !== undefined) {
      if (i + 1 < rows.length) warn(rows[i + 1].line, line);
      else if (def !== null) warn(def.line, line);
    }
    break;
  }
  return { line: rows[0].line };
}

/** Type order of v3_kernel's select_types (it decides which clause stands for the select). */
const TYPE_ORDER = ["bin", "cons", "tuple", "map", "atom", "float", "int", "nil"];

function matchConstructors(run: Row[], warn: Warn): Compiled {
  const groups = new Map<string, { type: string; rows: Row[] }>();
  for (const r of run) {
    const { type, key, sub } = constructor(r.pats[0], r);
    const k = type + ":" + key;
    let g = groups.get(k);
    if (g === undefined) groups.set(k, (g = { type, rows: [] }));
    g.rows.push({ ...r, pats: [...sub, ...r.pats.slice(1)] });
  }
  let first: Compiled = null;
  for (const type of TYPE_ORDER) {
    for (const g of groups.values()) {
      if (g.type !== type) continue;
      // Inside a constructor's group the default is failure (the runs after are tried outside).
      match(g.rows, null, warn);
      if (first === null) first = { line: g.rows[0].line };
    }
  }
  return first;
}

let unique = 0;

/** A pattern's constructor: its type, its value (for literals and sizes) and its sub-patterns. */
function constructor(p: Ast, row: Row): { type: string; key: string; sub: Ast[] } {
  if (typeof p === "bigint") return { type: "int", key: String(p), sub: [] };
  if (typeof p === "number") return { type: "float", key: String(p), sub: [] };
  if (typeof p === "string") return { type: "bin", key: JSON.stringify(p), sub: [] };
  if (p === null || p === true || p === false) return { type: "atom", key: String(p), sub: [] };
  if (isAtomAst(p)) return { type: "atom", key: p.atom, sub: [] };
  if (Array.isArray(p)) {
    if (p.length === 0) return { type: "nil", key: "", sub: [] };
    const last = p[p.length - 1];
    if (p.length === 1 && isNode(last) && last.name === "|" && last.args?.length === 2) return { type: "cons", key: "", sub: [last.args[0], last.args[1]] };
    return { type: "cons", key: "", sub: [p[0], p.slice(1)] };
  }
  if (isTupleAst(p)) return { type: "tuple", key: "2", sub: p.tuple };
  if (isNode(p) && p.name === "{}" && p.args !== null) return { type: "tuple", key: String(p.args.length), sub: p.args };
  if (isNode(p) && p.name === "-" && p.args?.length === 1 && (typeof p.args[0] === "bigint" || typeof p.args[0] === "number")) {
    const n = p.args[0];
    return typeof n === "bigint" ? { type: "int", key: String(-n), sub: [] } : { type: "float", key: String(-n), sub: [] };
  }
  if (isLiteralAst(p)) return constructor(termPattern(p.literal as Term), row);
  // ~c"ab" is the list [97, 98].
  if (isNode(p) && (p.name === "sigil_c" || p.name === "sigil_C") && p.args?.length === 2) {
    const [bin] = p.args;
    if (isNode(bin) && bin.name === "<<>>" && bin.args?.length === 1 && typeof bin.args[0] === "string") {
      return constructor(Array.from(bin.args[0], (c) => BigInt(c.codePointAt(0)!)), row);
    }
  }
  // A map (or struct) pattern with literal keys: the same keys, the same constructor.
  const map = mapEntries(p);
  if (map !== null) {
    map.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
    return { type: "map", key: map.map((e) => e[0]).join(","), sub: map.map((e) => e[1]) };
  }
  // Binaries with segments and other values: never the same constructor.
  void row;
  return { type: isNode(p) && (p.name === "%{}" || p.name === "%") ? "map" : "bin", key: "#" + unique++, sub: [] };
}

/** `%{a: 1}` / `%S{a: 1}` → [["atom:a", 1], ...], or null when a key is not a literal. */
function mapEntries(p: Ast): [string, Ast][] | null {
  if (!isNode(p)) return null;
  if (p.name === "%" && p.args?.length === 2) {
    const inner = mapEntries(p.args[1]);
    const name = p.args[0];
    if (inner === null || !isAtomAst(name)) return null;
    return [["atom:__struct__", name], ...inner];
  }
  if (p.name !== "%{}" || p.args === null) return null;
  const out: [string, Ast][] = [];
  for (const e of p.args) {
    if (!isTupleAst(e)) return null;
    const [k, v] = e.tuple;
    if (isAtomAst(k)) out.push(["atom:" + k.atom, v]);
    else if (typeof k === "string" || typeof k === "bigint") out.push([typeof k + ":" + String(k), v]);
    else return null;
  }
  return out;
}

/** A value the expander left in a pattern (`~c"ab"`, an attribute) as the pattern it stands for. */
function termPattern(t: Term): Ast {
  if (t === null || t === true || t === false || typeof t === "string") return t;
  if (t instanceof Atom) return { atom: t.name };
  if (typeof t === "number") return BigInt(t);
  if (typeof t === "bigint") return t;
  if (t instanceof Float) return t.v;
  if (t === NIL || t instanceof Cons) {
    const items = listToArray(t);
    if (items !== null) return items.map(termPattern);
  }
  if (Array.isArray(t)) return { name: "{}", meta: { line: 0, column: 0 }, args: t.map(termPattern) };
  return { name: "<<>>", meta: { line: 0, column: 0 }, args: [] };
}

/** A variable (a pin counts too: the compiler matches a fresh variable and compares in a guard). */
function isVarPattern(p: Ast): boolean {
  if (isLiteralAst(p) || !isNode(p) || typeof p.name !== "string") return false;
  if (p.name === "^" && p.args?.length === 1) return true;
  return p.args === null && /^[a-z_]/.test(p.name) && !p.name.startsWith("__");
}

/** `x = pattern` and `pattern = x` match as the pattern. */
function unalias(p: Ast): Ast {
  if (isNode(p) && p.name === "=" && p.args?.length === 2) {
    const [l, r] = p.args.map(unalias);
    return isVarPattern(l) ? r : l;
  }
  if (Array.isArray(p)) return p.map(unalias);
  if (isTupleAst(p)) return { tuple: [unalias(p.tuple[0]), unalias(p.tuple[1])] };
  if (isNode(p) && (p.name === "{}" || p.name === "|") && p.args !== null) return { ...p, args: p.args.map(unalias) } as AstNode;
  return p;
}

function isTrueGuard(c: Clause): boolean {
  return c.guard === null || c.guard === true;
}

/** Pins and a variable used twice (`{x, x}`) are compared in a guard. */
function repeatsVariable(pats: Ast[]): boolean {
  const seen = new Set<string>();
  let found = false;
  const walk = (p: Ast): void => {
    if (found) return;
    if (Array.isArray(p)) return p.forEach(walk);
    if (isTupleAst(p)) return p.tuple.forEach(walk);
    if (!isNode(p) || typeof p.name !== "string") return;
    if (p.name === "^") {
      found = true;
      return;
    }
    if (p.args === null) {
      if (/^[a-z]/.test(p.name)) {
        if (seen.has(p.name)) found = true;
        seen.add(p.name);
      }
      return;
    }
    p.args.forEach(walk);
  };
  pats.forEach(walk);
  return found;
}
