// The stack trace Elixir 1.14 shows for a compile error raised while it expands top-level
// code (an undefined function, say): the entries of its own expander that are on the Erlang
// stack at that point. Each construct the failing code sits in (a fn clause, a case clause,
// a try, a remote call's arguments) contributes the entries its expansion leaves on the stack
// (tail calls leave none); a macro whose result is being expanded cuts the trace there and adds
// `expanding macro: M.f/n` and its caller's line (elixir_dispatch). Erlang keeps 8 entries
// (7 once elixir_errors drops its own), and iex then hides the expander's internal modules,
// which still count towards the 8. The expander records the constructs; the code generator,
// The same record says how deep (in nested expansions) an error was raised: a shallow one
// leaves room in Erlang's 8 entries for the frame of what ran the code (eval.ts).
import { Term, a, list } from "../term.js";
import type { Gen } from "../generator-code.js";

/** One entry of Elixir's stack: hidden ones are from modules iex leaves out of traces. */
export interface TraceFrame {
  module: string;
  fun: string;
  arity: number;
  file: string;
  line: number;
  hidden: boolean;
}

/** A macro whose result is being expanded, and the entry of the code that called it. */
export interface MacroFrame {
  module: string;
  name: string;
  arity: number;
  caller: Term;
  /** Whether the expander adds this macro's entries to an exception raised inside as it leaves (a called macro's, not Kernel's built in ones). */
  rethrows?: boolean;
}

/** What the expander is inside of: a macro, or a construct's stack entries (innermost first). */
export type TraceEntry = { macro: MacroFrame } | { frames: TraceFrame[] };

const hidden = (module: string, fun: string, arity: number, line: number): TraceFrame => ({ module, fun, arity, file: `src/${module}.erl`, line, hidden: true });
const mapfoldl = (index: number): TraceFrame[] => [
  { module: "lists", fun: "mapfoldl_1", arity: 3, file: "lists.erl", line: 1462, hidden: false },
  ...Array.from({ length: index }, () => ({ module: "lists", fun: "mapfoldl_1", arity: 3, file: "lists.erl", line: 1463, hidden: false })),
];
const clause = hidden("elixir_clauses", "clause", 6, 45);

/**
 * A `<<>>` pattern that is itself an argument of the `k`th clause of a fn: below the clause,
 * elixir_clauses' match and elixir_expand's expand of the argument.
 */
export function fnHeadArg(k: number): TraceEntry {
  return { frames: [hidden("elixir_expand", "expand_arg", 3, 618), hidden("elixir_clauses", "match", 5, 31), ...(fnClause(k) as { frames: TraceFrame[] }).frames] };
}

/** The `k`th clause of a fn. */
export function fnClause(k: number): TraceEntry {
  const fnFile = "src/elixir_fn.erl";
  return {
    frames: [
      clause,
      { module: "elixir_fn", fun: "-expand/4-fun-1-", arity: 4, file: fnFile, line: 17, hidden: false },
      ...mapfoldl(k),
      { module: "elixir_fn", fun: "expand", arity: 4, file: fnFile, line: 23, hidden: false },
    ],
  };
}

/** The `k`th clause of the block at `keyIndex` of a case, cond, receive or try. */
export function formClause(form: "case" | "cond" | "receive" | "try", k: number, keyIndex: number): TraceEntry {
  const inner = [clause, hidden("elixir_clauses", "-expand_clauses_origin/6-fun-0-", 7, 343), ...mapfoldl(k), hidden("elixir_clauses", "expand_clauses_origin", 6, 347)];
  switch (form) {
    case "case":
      return { frames: [...inner, ...mapfoldl(keyIndex), hidden("elixir_clauses", "case", 4, 98), hidden("elixir_expand", "expand_case", 5, 708)] };
    case "cond":
      return { frames: [...inner, ...mapfoldl(keyIndex), hidden("elixir_clauses", "cond", 4, 117), hidden("elixir_expand", "expand", 3, 237)] };
    case "receive":
      return { frames: [...inner, ...mapfoldl(keyIndex), hidden("elixir_clauses", "receive", 4, 138), hidden("elixir_expand", "expand", 3, 246)] };
    default:
      return { frames: [...inner, hidden("elixir_clauses", "expand_clauses_with_stacktrace", 5, 258), ...mapfoldl(keyIndex), ...tryTail] };
  }
}

const tryTail = [hidden("elixir_clauses", "try", 4, 236), hidden("elixir_expand", "expand", 3, 251)];

/** A try's `do` body (at `keyIndex` of its blocks, 0 as written). */
export function tryBody(keyIndex: number): TraceEntry {
  return { frames: [hidden("elixir_clauses", "expand_try", 4, 240), ...mapfoldl(keyIndex), ...tryTail] };
}

/** What elixir_clauses' with/4 (called by elixir_expand's expand/3) leaves below its parts. */
const withTail = (line: number) => [hidden("elixir_clauses", "with", 4, line), hidden("elixir_expand", "expand", 3, 300)];

/**
 * The `k`th step of a with (`pat <- expr` or a bare expression), expanded by lists:mapfoldl:
 * its expression (`arrow`: the right side of `<-`).
 */
export function withStep(k: number, arrow: boolean): TraceEntry {
  return { frames: [hidden("elixir_clauses", "expand_with", 2, arrow ? 180 : 185), ...mapfoldl(k), ...withTail(166)] };
}

/**
 * The pattern of the `k`th step of a with (`pat <- expr`): elixir_clauses' head/3 matches it
 * (expand_args/3 under match/5) for expand_with/2, which lists:mapfoldl calls step by step.
 */
export function withLeft(k: number): TraceEntry {
  return { frames: [hidden("elixir_expand", "expand_args", 3, 622), hidden("elixir_clauses", "match", 5, 31), hidden("elixir_clauses", "expand_with", 2, 181), ...mapfoldl(k), ...withTail(166)] };
}

/** A clause's lone pattern, as elixir_clauses' head/3 expands it (expand_args/3 under match/5). */
export const CLAUSE_HEAD: TraceEntry = { frames: [hidden("elixir_expand", "expand_args", 3, 622), hidden("elixir_clauses", "match", 5, 31)] };

/** A with's do block. */
export const WITH_DO: TraceEntry = { frames: [hidden("elixir_clauses", "expand_with_do", 5, 190), ...withTail(167)] };

/** The `k`th clause of a with's else block. */
export function withElse(k: number): TraceEntry {
  return {
    frames: [
      clause, hidden("elixir_clauses", "-expand_clauses_origin/6-fun-0-", 7, 343), ...mapfoldl(k), hidden("elixir_clauses", "expand_clauses_origin", 6, 347),
      hidden("elixir_clauses", "expand_with_else", 5, 205), ...withTail(168),
    ],
  };
}

/**
 * A try's `after` body (at `keyIndex` of its blocks). (iex 1.14 shows lists:mapfoldl's two
 * entries for an after block whatever blocks come before it, at index 1, 2 or 3, with room
 * left in the trace: measured, as the source would predict one entry per block before it.)
 */
export function tryAfter(keyIndex: number): TraceEntry {
  return { frames: [hidden("elixir_clauses", "expand_try", 4, 243), ...mapfoldl(Math.min(keyIndex, 1)), ...tryTail] };
}

const bitstring = (fun: string, arity: number, line: number): TraceFrame => ({ module: "elixir_bitstring", fun, arity, file: "src/elixir_bitstring.erl", line, hidden: false });

/**
 * A segment's value inside `<<>>` (`typed`: written `value::spec`), which elixir_bitstring's
 * expand_expr/5 expands with elixir_expand's expand_arg/3, or in a match its own expand_match/3.
 */
export function bitstringValue(typed: boolean, match: boolean): TraceEntry {
  const fun = match ? bitstring("expand_match", 3, 7) : hidden("elixir_expand", "expand_arg", 3, 618);
  return { frames: [fun, bitstring("expand_expr", 5, 143), bitstring("expand", 8, typed ? 34 : 44), bitstring("expand", 5, match ? 14 : 26)] };
}

/** A segment's size or unit (expand_spec_arg/4's expansion is its last call outside a match). */
export function bitstringSpecArg(match: boolean): TraceEntry {
  const specs = [bitstring("expand_each_spec", 6, 190), bitstring("expand_specs", 7, 160), bitstring("expand", 8, 38), bitstring("expand", 5, match ? 14 : 26)];
  return { frames: match ? [bitstring("expand_spec_arg", 4, 254), ...specs] : specs };
}

/** elixir_map's check of a map's pairs (validate_kv/4: a fun lists:foldl/3 applies to each). */
export const MAP_PAIRS: TraceEntry = {
  frames: [hidden("elixir_map", "-validate_kv/4-fun-0-", 3, 102), { module: "lists", fun: "foldl_1", arity: 3, file: "lists.erl", line: 1355, hidden: false }, hidden("elixir_map", "expand_map", 4, 14)],
};

/** The same check at a map's first element, which lists:foldl/3 applies itself. */
export const MAP_FIRST_PAIR: TraceEntry = {
  frames: [hidden("elixir_map", "-validate_kv/4-fun-0-", 3, 102), { module: "lists", fun: "foldl", arity: 3, file: "lists.erl", line: 1350, hidden: false }, hidden("elixir_map", "expand_map", 4, 14)],
};

/** The right side of `=` (elixir_expand expands it before the pattern). */
export const MATCH_RIGHT: TraceEntry = { frames: [hidden("elixir_expand", "expand", 3, 10)] };

/** The left side of `=`, a pattern (elixir_clauses' match/5 expands it, under the `=`'s expand/3). */
export const MATCH_LEFT: TraceEntry = { frames: [hidden("elixir_clauses", "match", 5, 24), hidden("elixir_expand", "expand", 3, 11)] };

/** An expression of a block (elixir_expand's expand_block/5, under the block's own expand/3). */
export const BLOCK_ITEM: TraceEntry = { frames: [hidden("elixir_expand", "expand_block", 5, 567), hidden("elixir_expand", "expand", 3, 37)] };

/** An argument of a remote call `Mod.fun(...)`. */
export const REMOTE_ARG: TraceEntry = { frames: [hidden("elixir_expand", "expand_arg", 3, 618), hidden("elixir_expand", "mapfold", 5, 634), hidden("elixir_expand", "expand_remote", 8, 848)] };

const charlist = (s: string): Term => list(Array.from(s, (c) => c.codePointAt(0)!));
const frameTerm = (f: TraceFrame): Term => [a(f.module), a(f.fun), f.arity, list([[a("file"), charlist(f.file)], [a("line"), f.line]])];

/**
 * An element of a tuple that is no pair (`{:{}, meta, args}`): elixir_expand's expand/3 expands
 * its `count` elements with expand_args/3 (one alone directly; more with mapfold/5, through
 * expand_arg/3 outside a pattern).
 */
export function tupleArgs(count: number, match: boolean): TraceEntry {
  const expand = hidden("elixir_expand", "expand", 3, 18);
  if (count === 1) return { frames: [hidden("elixir_expand", "expand_args", 3, 622), expand] };
  if (match) return { frames: [hidden("elixir_expand", "mapfold", 5, 634), expand] };
  return { frames: [hidden("elixir_expand", "expand_arg", 3, 618), hidden("elixir_expand", "mapfold", 5, 634), hidden("elixir_expand", "expand_args", 3, 627), expand] };
}

/** Two elements of a 2-tuple (elixir_expand expands them as a call's arguments). */
export const TUPLE_ELEMENT: TraceEntry = {
  frames: [hidden("elixir_expand", "expand_arg", 3, 618), hidden("elixir_expand", "mapfold", 5, 634), hidden("elixir_expand", "expand_args", 3, 627), hidden("elixir_expand", "expand", 3, 458)],
};

/** An element of a list (in a pattern, expanded one by one without expand_arg). */
export const LIST_ELEMENT: TraceEntry = { frames: [hidden("elixir_expand", "expand_arg", 3, 618), hidden("elixir_expand", "expand_list", 5, 556), hidden("elixir_expand", "expand", 3, 466)] };
export const LIST_PATTERN_ELEMENT: TraceEntry = { frames: [hidden("elixir_expand", "expand_list", 5, 556), hidden("elixir_expand", "expand", 3, 462)] };

/**
 * Where the expander is when an error is raised: the constructs and macros it is inside of
 * (outermost first) and how many expansions deep (1: the expression it was given).
 */
export interface Expansion {
  entries: TraceEntry[];
  depth: number;
}

/** The expander's record of where it is (see Expansion). */
export class ExpansionStack {
  private readonly entries: TraceEntry[] = [];
  depth = 0;

  /** Runs `gen` with `entries` on the stack. */
  *within<T>(entries: TraceEntry[], gen: Gen<T>): Gen<T> {
    const at = this.entries.length;
    this.entries.push(...entries);
    try {
      return yield* gen;
    } finally {
      this.entries.length = at;
    }
  }

  here(extraDepth = 0): Expansion {
    return { entries: this.entries.slice(), depth: this.depth + extraDepth };
  }
}

/** How many entries of the expander a construct may leave and still let the frame of what ran the code show. */
const OUTER_ROOM = 3;

/**
 * Whether the frame of what ran the code (a script's Code.require_file/2, the Enum.reduce/3
 * of a several-expression iex input) is still within the 8 entries Erlang keeps under an
 * error raised at `x`: only when it was raised at most `levels` expansions deep, inside no
 * macro (elixir_dispatch cuts the trace there) and constructs whose expander entries leave
 * room for it (a remote call's argument does, a tuple's element or a fn clause does not).
 */
export function outerFrameFits(x: Expansion | null, levels: number): boolean {
  if (x === null || x.depth < 1 || x.depth > levels) return false;
  let used = 0;
  for (const e of x.entries) {
    if ("macro" in e) return false;
    used += e.frames.length;
  }
  return used <= OUTER_ROOM;
}

/** The trace (visible entries) of an error raised inside `entries` (outermost first). */
export function expansionTrace(entries: TraceEntry[]): Term[] {
  let stack: { term: Term; hidden: boolean }[] = [];
  let cut = false;
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i];
    if ("macro" in e) {
      // elixir_dispatch keeps what is above its own entry (of the 7 Erlang kept), adds the
      // macro and its caller, and re-raises (Erlang keeps 8); what is outside is not seen.
      if (!cut) stack = stack.slice(0, 7);
      cut = true;
      const m = e.macro;
      const expanding: Term = [a(m.module), a(m.name), m.arity, list([[a("file"), charlist("expanding macro")]])];
      stack = [...stack, { term: expanding, hidden: false }, { term: m.caller, hidden: false }].slice(0, 8);
    } else if (!cut) {
      stack.push(...e.frames.map((f) => ({ term: frameTerm(f), hidden: f.hidden })));
    }
  }
  if (!cut) stack = stack.slice(0, 7);
  return stack.filter((f) => !f.hidden).map((f) => f.term);
}
