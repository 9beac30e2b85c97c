// What a stack trace shows of a shell fun. On BEAM the functions typed at the prompt (and
// Code.eval_*'s) are not compiled: erl_eval interprets them, so their frames are erl_eval's
// own, one for each construct the failing code sits in that erl_eval evaluates with a body
// call (a tail call leaves none). A match evaluates its right side in expr/6 and goes on
// with it; a tuple's elements go through expr_list/7 from expr/6; a call's arguments too,
// and applying the function is do_apply/7 (do_apply/6 for a fun) at a line that depends on
// whether the fun's body is in tail position there. The compiler records these entries for
// each point of a shell fun where a call is made or an error may be raised (a site), and
// sets the frame's line to that site's number (SITE_BASE + index), since a shell fun's
// frame never shows a line of its own; machine.ts turns the sites into entries.
import type { Code } from "./code.js";
import { Term, a, list, tuple } from "./term.js";

/** Where erl_eval is (OTP 25's stdlib 4.2): module, function, arity, line. */
export type ErlPlace = readonly [string, string, number, number];

const charlist = (s: string): Term => list(Array.from(s, (c) => c.codePointAt(0)!));
const entries = new Map<string, Term>();

/** The stack entry of `place` (one term per place, so entries compare by identity). */
export function erlEvalEntry(place: ErlPlace): Term {
  const key = place.join(":");
  let e = entries.get(key);
  if (e === undefined) {
    const [mod, fun, arity, line] = place;
    e = tuple(a(mod), a(fun), arity, list([tuple(a("file"), charlist(mod + ".erl")), tuple(a("line"), line)]));
    entries.set(key, e);
  }
  return e;
}

// The places of erl_eval.erl (and eval_bits.erl) a shell fun's constructs wait at.
export const P = {
  /** exprs/6: an expression of a body that is not its last. */
  BODY: ["erl_eval", "exprs", 6, 136],
  /** expr/6: a match's right side. */
  MATCH: ["erl_eval", "expr", 6, 492],
  /** expr/6: a list cell's head, its tail. */
  CONS_HEAD: ["erl_eval", "expr", 6, 282],
  CONS_TAIL: ["erl_eval", "expr", 6, 283],
  /** expr_list/7: an element of a list of expressions (a tuple's, a call's arguments). */
  LIST_ELEMENT: ["erl_eval", "expr_list", 7, 961],
  /** expr/6: a tuple's elements, a remote call's arguments, a fun call's arguments, its fun. */
  TUPLE: ["erl_eval", "expr", 6, 290],
  REMOTE_ARGS: ["erl_eval", "expr", 6, 454],
  FUN_ARGS: ["erl_eval", "expr", 6, 472],
  FUN_EXPR: ["erl_eval", "expr", 6, 471],
  /** expr/6: a map's fields (eval_map_fields/6: a key, a value), an update's. */
  MAP_FIELDS: ["erl_eval", "expr", 6, 313],
  MAP_KEY: ["erl_eval", "eval_map_fields", 6, 855],
  MAP_VALUE: ["erl_eval", "eval_map_fields", 6, 856],
  MAP_UPDATED: ["erl_eval", "expr", 6, 303],
  MAP_UPDATE_FIELDS: ["erl_eval", "expr", 6, 304],
  MAP_EXACT_KEY: ["erl_eval", "eval_map_fields", 6, 859],
  MAP_EXACT_VALUE: ["erl_eval", "eval_map_fields", 6, 860],
  /** expr/6: a case's subject (if, cond, &&, ||, with and an interpolation are cases). */
  CASE: ["erl_eval", "expr", 6, 323],
  /** expr/6: an operator's operand (unary; left, right). */
  UNARY: ["erl_eval", "expr", 6, 514],
  LEFT: ["erl_eval", "expr", 6, 537],
  RIGHT: ["erl_eval", "expr", 6, 538],
  /** expr/6: a binary's segments, evaluated by eval_bits (a value, a size). */
  BIN: ["erl_eval", "expr", 6, 543],
  BIN_GROUP: ["eval_bits", "expr_grp", 5, 67],
  BIN_FIELDS: ["eval_bits", "expr_grp1", 6, 71],
  BIN_VALUE: ["eval_bits", "eval_field", 5, 106],
  BIN_SIZE: ["eval_bits", "eval_field", 5, 109],
  /** try_clauses/10: a try's body, its else clauses, its rescue/catch clauses, its after. */
  TRY_BODY: ["erl_eval", "try_clauses", 10, 987],
  TRY_ELSE: ["erl_eval", "try_clauses", 10, 993],
  TRY_CATCH: ["erl_eval", "try_clauses", 10, 1004],
  TRY_AFTER: ["erl_eval", "try_clauses", 10, 1012],
  /** An Erlang list comprehension over a bitstring: its element (eval_lc1/7) for each chunk. */
  LC: ["erl_eval", "eval_lc", 7, 761],
  LC_ELEMENT: ["erl_eval", "eval_lc1", 7, 775],
  LC_BITS_GENERATOR: ["erl_eval", "eval_b_generate", 8, 821],
  /** expr/6: a receive's timeout. */
  RECEIVE_AFTER: ["erl_eval", "expr", 6, 330],
  /** receive_clauses/8: a receive waiting for a message (under prim_eval's receive/2). */
  RECEIVE_CLAUSES: ["erl_eval", "receive_clauses", 8, 1055],
  /** do_apply/7 applying a function (the fun's body goes on with its result; as its last call). */
  APPLY: ["erl_eval", "do_apply", 7, 744],
  APPLY_LAST: ["erl_eval", "do_apply", 7, 742],
  /** do_apply/6 applying a fun that is not a shell fun. */
  APPLY_FUN: ["erl_eval", "do_apply", 6, 731],
  APPLY_FUN_LAST: ["erl_eval", "do_apply", 6, 729],
  /** Where erl_eval raises a failed match, a case without a matching clause, a shell fun's clauses not matching. */
  BADMATCH: ["erl_eval", "expr", 6, 496],
  CASE_CLAUSE: ["erl_eval", "case_clauses", 8, 1041],
  FUN_CLAUSE: ["erl_eval", "eval_fun", 8, 898],
} as const satisfies Record<string, ErlPlace>;

/** A construct a shell fun's code is inside of: its entry, and whether it keeps the body's tail position. */
export interface ErlFrame {
  entry: Term;
  /** Identifies the entry (sites with the same entries are one site). */
  key: string;
  /** The construct evaluates its part in tail position (a try's rescue clauses do). */
  keep: boolean;
  /**
   * The entry is compiled code that called a fun erl_eval runs (Enum.reduce/3 running a
   * comprehension's body): what is inside is that fun's body, whose tail is its own.
   */
  fence?: boolean;
}

/** The construct waiting at `place`. */
export function erlFrame(place: ErlPlace, keep = false): ErlFrame {
  return { entry: erlEvalEntry(place), key: place.join(":"), keep };
}

/** A point of a shell fun (see the top of this file). */
export interface ErlSite {
  /** The source line. */
  line: number;
  /** Entries of the constructs it is inside of, innermost first. */
  ctx: Term[];
  /** Not in the fun's tail position: erl_eval goes on after what is done here. */
  nonTail: boolean;
  /** The call made here applies a fun value (`f.(x)`). */
  funCall: boolean;
}

/** Frame lines at and above this are sites of a shell fun. */
export const SITE_BASE = 1 << 26;

/** The site a frame of `code` at `line` is at, if it is one. */
export function siteAt(code: Code, line: number): ErlSite | null {
  const sites = (code as { erlSites?: ErlSite[] }).erlSites;
  return sites !== undefined && line >= SITE_BASE ? (sites[line - SITE_BASE] ?? null) : null;
}

/** The source line of a frame of `code` at `line` (a site's own line). */
export function sourceLine(code: Code, line: number): number {
  if (line < SITE_BASE) return line;
  return siteAt(code, line)?.line ?? (code as { forSites?: { line: number }[] }).forSites?.[line - SITE_BASE]?.line ?? line;
}

/** The most enclosing constructs a site records (more than a trace's 8 entries can show). */
const SITE_DEPTH = 24;

/** A unit's sites, numbered as they are first met. */
export class ErlSites {
  readonly sites: ErlSite[] = [];
  private readonly ids = new Map<string, number>();

  /**
   * The frame line of the site at `line` inside `stack` (outermost first). `runs[i]` is where
   * the run of frames with stack[i]'s entry that ends at i begins (a trace shows such a run
   * once); `generators` are the indexes of comprehension generators' frames.
   */
  lineOf(line: number, stack: readonly ErlFrame[], funCall: boolean, runs: readonly number[], generators: readonly number[]): number {
    if (stack.length === 0 && !funCall) return line;
    // Only the innermost constructs can show (a trace has 8 entries), so a site inside code
    // nested 100,000 deep keeps the innermost SITE_DEPTH runs of them, plus the innermost
    // comprehension generator beyond them (stacktraceOf reads whether one is there): copying
    // the whole nesting at every site made compiling deep code quadratic in time and memory.
    const kept: ErlFrame[] = [];
    let i = stack.length - 1;
    for (; i >= 0 && kept.length < SITE_DEPTH; i = runs[i] - 1) kept.push(stack[i]);
    for (let g = generators.length - 1; i >= 0 && g >= 0; g--) {
      if (generators[g] <= i) {
        kept.push(stack[generators[g]]);
        break;
      }
    }
    const ctx = kept.map((f) => f.entry);
    let nonTail = false;
    for (let i = stack.length - 1; i >= 0 && stack[i].fence !== true && !nonTail; i--) if (!stack[i].keep) nonTail = true;
    const key = `${line}|${nonTail}|${funCall}|${kept.map((f) => f.key).join(",")}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.sites.length;
      this.sites.push({ line, ctx, nonTail, funCall });
      this.ids.set(key, id);
    }
    return SITE_BASE + id;
  }
}

/** The construct at each place (the compiler's vocabulary). */
export const ERL = Object.fromEntries(Object.entries(P).map(([k, v]) => [k, erlFrame(v)])) as { readonly [K in keyof typeof P]: ErlFrame };

/** A try's else, rescue and catch clauses run in the try's own position (tail, when it is). */
export const TRY_ELSE_KEEP = erlFrame(P.TRY_ELSE, true);
export const TRY_CATCH_KEEP = erlFrame(P.TRY_CATCH, true);

/**
 * The most cells' tails an element is said to be inside: a stack trace shows 8 entries at
 * most (BEAM's backtrace depth), so deeper ones never show, and an element of a long list
 * literal (100,000 of them) must not cost as many frames as its index.
 */
const MAX_TAILS = 16;

/** The `i`th element of a list literal: the head of a cell inside i cells' tails. */
export function listElement(i: number): ErlFrame[] {
  return [ERL.CONS_HEAD, ...Array.from({ length: Math.min(i, MAX_TAILS) }, () => ERL.CONS_TAIL)];
}

/** The tail of a list literal `[a, b | t]` with `n` elements before it. */
export function listTail(n: number): ErlFrame[] {
  return Array.from({ length: Math.min(n, MAX_TAILS) }, () => ERL.CONS_TAIL);
}

/** An argument of a remote call, a fun call, an element of a tuple. */
export const REMOTE_ARG = [ERL.LIST_ELEMENT, ERL.REMOTE_ARGS] as const;
export const FUN_ARG = [ERL.LIST_ELEMENT, ERL.FUN_ARGS] as const;
export const TUPLE_ELEMENT = [ERL.LIST_ELEMENT, ERL.TUPLE] as const;
/** A segment's value in a binary. */
export const BIN_SEGMENT = [ERL.BIN_VALUE, ERL.BIN_FIELDS, ERL.BIN_GROUP, ERL.BIN] as const;

/**
 * The frame of the compiled function a comprehension's generator runs its body from, as
 * Elixir translates `for` (Enum.reduce/3 over the enumerable): a list's, a range's, a map's.
 */
export function generatorFrame(kind: "list" | "range" | "map"): ErlFrame {
  const loc = (file: string, line: number) => list([tuple(a("file"), charlist(file)), tuple(a("line"), line)]);
  const entry =
    kind === "list"
      ? tuple(a("Elixir.Enum"), a("-reduce/3-lists^foldl/2-0-"), 3, loc("lib/enum.ex", 2468))
      : kind === "range"
        ? tuple(a("Elixir.Enum"), a("reduce_range"), 5, loc("lib/enum.ex", 4299))
        : tuple(a("maps"), a("fold_1"), 3, loc("maps.erl", 411));
  let f = generatorFrames.get(kind);
  if (f === undefined) generatorFrames.set(kind, (f = { entry, key: "for:" + kind, keep: true, fence: true }));
  return f;
}
const generatorFrames = new Map<string, ErlFrame>();

/** Whether a stack entry is a comprehension generator's (generatorFrame). */
export function isGeneratorEntry(entry: Term): boolean {
  for (const f of generatorFrames.values()) if (f.entry === entry) return true;
  return false;
}
