// Elixir's List module (functions without fun arguments; foldl/foldr/update_at and the
// diff-script form of myers_difference are for the prelude). Key functions use 0-based
// positions and delegate to the :lists primitives in ./lists.ts.
import type { NativeFn } from "../runtime/code.js";
import { BeamError, argumentError, badArgs, caseClauseError, keyError, raise } from "../runtime/errors.js";
import { bifError, calledBifError } from "../runtime/ops.js";
import { inspect } from "../runtime/inspect.js";
import { strictEquals } from "../runtime/term-order.js";
import { parseErlFloat } from "./float.js";
import {
  a, atom, Atom, Bin, Cons, Float, NIL, Term, int, isInteger, list, listToArray, fromCodePoints,
} from "../runtime/term.js";
import { functionClause, iadd, isub } from "./enumerable.js";
import { Fun } from "../runtime/fun.js";
import { locatedEntries } from "./library-frames.js";
import { elixirLocation } from "./clause-blame.js";
import { stringToCharlist } from "./unicode.js";
import { MapTerm } from "../runtime/map.js";
import { LIBRARY_LINE_OFFSET } from "../runtime/machine.js";
import { INCOMPLETE, badBinary, emptyChardata } from "../runtime/string-chars.js";
import {
  duplicateList, flatten, keydelete, keyfind, keymember, keyreplace, keysortArray, keystore, keytake,
} from "./lists.js";

const fc = (fn: string, args: Term[]) => functionClause("List", fn, args);
const lfc = (fn: string, args: Term[]) => functionClause("lists", fn, args);
const isList = (t: Term) => t === NIL || t instanceof Cons;

// ---------------------------------------------------------------------------
// Access by position

function first(l: Term, d: Term): Term {
  if (l === NIL) return d;
  if (l instanceof Cons) return l.h;
  throw fc("first", [l, d]);
}

/**
 * List.last/1,2. Elixir inlines last/2 into its callers, its own recursive call included:
 * last/1 is a case on {list, nil}, and last/2 takes one cell by its clauses and the next
 * by that case before calling itself. So an improper end (or no list) fails in a clause
 * (FunctionClauseError in last/2) or in the case (CaseClauseError, in last/1 when nothing
 * was taken, else in last/2), as it falls.
 */
function last(l: Term, d: Term, arity: number): Term {
  let c = l;
  let n = 0;
  for (; c instanceof Cons; c = c.t, n++) if (c.t === NIL) return c.h;
  if (c === NIL) return d;
  if ((n + arity) % 2 === 0) throw fc("last", [c, d]);
  const err = caseClauseError([c, d]);
  // (last/1's own case: its entry, which the table would show as last/2's, whose defaults it passes)
  if (n === 0) err.stacktrace = list([listEntry(a("last"), 1, 320)]);
  throw n === 0 ? err : bifError(err, "last", [c, d], "Elixir.List");
}

/** A proper list as an array (FunctionClauseError in List.fn otherwise). */
function arr(l: Term, fn: string, args: Term[]): Term[] {
  const xs = isList(l) ? listToArray(l) : null;
  if (xs === null) throw fc(fn, args);
  return xs;
}

/**
 * The first `k` elements of `l` and what follows them (shared, not copied), or null when
 * the list ends (or turns improper) before: Elixir's List functions walk only as far as
 * the position they change, so their cost is the position's, not the list's length.
 */
function splitAt(l: Term, k: number): [Term[], Term] | null {
  const head: Term[] = [];
  let rest = l;
  while (head.length < k) {
    if (!(rest instanceof Cons)) return null;
    head.push(rest.h);
    rest = rest.t;
  }
  return [head, rest];
}

/** Length of a proper list (FunctionClauseError in List.fn otherwise). */
/** length(list), as the List functions taking a negative index call it (the BIF's error above theirs). */
function lengthOf(l: Term): number {
  const xs = isList(l) ? listToArray(l) : null;
  if (xs === null) throw calledBifError(badArgs([[1, "not a list"]]), "length", [l]);
  return xs.length;
}

function popAt(l: Term, index: Term, d: Term): Term {
  if (!isInteger(index)) throw fc("pop_at", [l, index, d]);
  let k: Term = index < 0 ? iadd(lengthOf(l), index as number | bigint) : index;
  // do_pop_at/4: walks to the index (a negative one past the end), the cells passed kept
  const passed: Term[] = [];
  let c = l;
  for (;;) {
    if (c === NIL) return [d, l];
    if (!(c instanceof Cons)) throw fc("do_pop_at", [c, k, d, list([...passed].reverse())]);
    if (k === 0) return [c.h, list(passed, c.t)];
    passed.push(c.h);
    c = c.t;
    k = isub(k as number | bigint, 1);
  }
}

function insertAt(l: Term, index: Term, v: Term): Term {
  if (!isList(l) || !isInteger(index)) throw fc("insert_at", [l, index, v]);
  let i = Number(index);
  if (i === -1) return list([...arr(l, "insert_at", [l, index, v]), v]);
  if (i < 0) i = Math.max(lengthOf(l) + i + 1, 0);
  const split = splitAt(l, i);
  if (split === null) return list([...arr(l, "insert_at", [l, index, v]), v]);
  return list(split[0], new Cons(v, split[1]));
}

function replaceAt(l: Term, index: Term, v: Term): Term {
  if (!isList(l) || !isInteger(index)) throw fc("replace_at", [l, index, v]);
  const i = Number(index) < 0 ? lengthOf(l) + Number(index) : Number(index);
  if (i < 0) return l;
  const split = splitAt(l, i);
  if (split === null || !(split[1] instanceof Cons)) {
    arr(l, "replace_at", [l, index, v]);
    return l;
  }
  return list(split[0], new Cons(v, split[1].t));
}


/** The fn List.do_zip/2 folds with, as Elixir 1.14's compiled List numbers it. */
const ZIP_FUN = new Fun(2, null, [], null, null, 0, 70498610, "List.do_zip/2");
const LIST = a("Elixir.List");
const ZIP_MAPFOLDL = a("-do_zip/2-lists^mapfoldl/2-0-");

/** A stack entry of lib/list.ex at a known place, kept as it is by the library's frame rewriting. */
function listEntry(fun: Atom, arity: number, line: number): Term[] {
  const e: Term[] = [LIST, fun, arity, list([[a("file"), list([..."lib/list.ex"].map((c) => c.charCodeAt(0)))], [a("line"), line]])];
  locatedEntries.add(e);
  return e;
}

/**
 * `err` raised inside List.do_zip/2's fold (lists:mapfoldl/3, inlined) over the `index`th
 * list: under the fn converting it (`inFun`), the fold's entries (one waiting on the fn,
 * one on its recursive call for the lists before), then do_zip/2's.
 */
function inZipFold(err: BeamError, index: number, inFun: boolean): BeamError {
  const entries = err.stacktrace instanceof Cons ? (listToArray(err.stacktrace) ?? []) : [];
  if (inFun) entries.push(listEntry(a("-do_zip/2-fun-0-"), 2, 1379), listEntry(ZIP_MAPFOLDL, 3, 1381));
  if (index > 0) entries.push(listEntry(ZIP_MAPFOLDL, 3, 1381));
  entries.push(listEntry(a("do_zip"), 2, 1381));
  err.stacktrace = list(entries);
  return err;
}

/**
 * List.zip/1 as do_zip/2 goes: each round converts every list (a tuple's elements), takes
 * their heads and keeps their tails, until one of them ends; an element neither a list nor
 * a tuple fails in to_list/1, an improper list of lists in the fold.
 */
function zip(ls: Term): Term {
  if (ls === NIL) return NIL;
  if (!(ls instanceof Cons)) throw fc("zip", [ls]);
  const out: Term[] = [];
  let round: Term = ls;
  for (;;) {
    let heads: Term[] | null = [];
    const tails: Term[] = [];
    let c = round;
    let i = 0;
    for (; c instanceof Cons; c = c.t, i++) {
      const x = c.h;
      const xl = Array.isArray(x) ? list(x) : x;
      if (!isList(xl)) throw inZipFold(fc("to_list", [x]), i, true);
      if (heads === null) continue;
      if (xl instanceof Cons) {
        heads.push(xl.h);
        tails.push(xl.t);
      } else heads = null;
    }
    if (c !== NIL) {
      const err = functionClause("List", ZIP_MAPFOLDL.name, [ZIP_FUN, heads === null ? null : list([...heads].reverse()), c]);
      throw inZipFold(err, i, false);
    }
    if (heads === null) return list(out);
    out.push(heads);
    round = list(tails);
  }
}

// ---------------------------------------------------------------------------
// Keys (0-based positions)

function pos(fn: string, args: Term[], p: Term): number {
  if (!isInteger(p)) throw fc(fn, args);
  return (p as number) + 1;
}

/**
 * lists:keyfind/3 or keymember/3 called by a List function: the BIF's bad-argument error
 * shows the BIF's entry, with the List function's below it at the call (calledBifError).
 */
function keyBif(bif: "keyfind" | "keymember", key: Term, n: number, l: Term): Term {
  try {
    return bif === "keyfind" ? keyfind(key, n, l) : keymember(key, n, l);
  } catch (e) {
    throw e instanceof BeamError && e.stacktrace === null ? calledBifError(e, bif, [key, n, l], "lists") : e;
  }
}

/**
 * `f()`, a call to a :lists function that List's function waits on (its result is looked
 * at): an error raised there shows List's entry below the call (machine.ts `entered`).
 */
function waitingOn(f: () => Term): Term {
  try {
    return f();
  } catch (e) {
    if (e instanceof BeamError) (e as { viaCall?: boolean }).viaCall = true;
    throw e;
  }
}

function keyfindBang(l: Term, key: Term, p: Term): Term {
  const r = keyBif("keyfind", key, pos("keyfind!", [l, key, p], p), l);
  if (r === false) {
    throw keyError(key, l, `key ${inspect(key)} at position ${inspect(p)} not found in: ${inspect(l)}`);
  }
  return r;
}

// ---------------------------------------------------------------------------
// Conversions

const STRING_ERR =
  "cannot convert the given list to a string.\n\nTo be converted to a string, a list must either be empty or only\n" +
  "contain the following elements:\n\n  * strings\n  * integers representing Unicode code points\n" +
  "  * a list containing one of these three elements\n\nPlease check the given list or call inspect/1 to get the list representation, got:\n\n";
const CHARLIST_ERR =
  "cannot convert the given list to a charlist.\n\nTo be converted to a charlist, a list must contain only:\n\n" +
  "  * strings\n  * integers representing Unicode code points\n  * or a list containing one of these three elements\n\n" +
  "Please check the given list or call inspect/1 to get the list representation, got:\n\n";

/**
 * Code points of chardata (unicode:characters_to_list semantics). Throws ArgumentError
 * (`errPrefix` + inspect) for bad elements and UnicodeConversionError for bad code points.
 */
export function chardataCodepoints(l: Term, errPrefix: string = STRING_ERR): number[] {
  const out: number[] = [];
  const bad = () => argumentError(errPrefix + inspect(l) + "\n");
  // Iterative (an explicit stack of list tails still to visit): chardata built by
  // appending nests as deep as it is long.
  // (`after`: what is still to come after x, for the kind of a character cut short)
  const visit = (x: Term, after: Term): void => {
    if (typeof x === "string") {
      for (const ch of x) out.push(ch.codePointAt(0)!);
      return;
    }
    if (x.bits !== 0) throw bad();
    throw badBinary(fromCodePoints(out), x.bytes, emptyChardata(after) && pending.every(emptyChardata));
  };
  const pending: Term[] = [l];
  while (pending.length > 0) {
    let x = pending.pop();
    if (typeof x === "string" || x instanceof Bin) {
      visit(x, NIL);
      continue;
    }
    for (; x instanceof Cons; x = x.t) {
      const h = x.h;
      if (typeof h === "number") {
        if (!Number.isInteger(h)) throw bad();
        if (h < 0 || h > 0x10ffff || (h >= 0xd800 && h <= 0xdfff)) {
          throw raise("UnicodeConversionError", { message: `invalid code point ${h}` });
        }
        out.push(h);
      } else if (typeof h === "string" || h instanceof Bin) visit(h, x.t);
      else if (isList(h)) {
        pending.push(x.t, h);
        x = undefined;
        break;
      } else throw bad();
    }
    if (x === undefined || x === NIL) continue;
    if (typeof x === "string" || x instanceof Bin) visit(x, NIL);
    else throw bad();
  }
  return out;
}

export function toString(l: Term): Term {
  if (!isList(l)) throw fc("to_string", [l]);
  try {
    return fromCodePoints(chardataCodepoints(l, STRING_ERR));
  } catch (e) {
    throw atRaise(e, "to_string", [1084, 1103, 1106]);
  }
}

function toCharlist(l: Term): Term {
  if (!isList(l)) throw fc("to_charlist", [l]);
  try {
    return list(chardataCodepoints(l, CHARLIST_ERR));
  } catch (e) {
    throw atRaise(e, "to_charlist", [1137, 1155, 1158]);
  }
}

/**
 * List.to_string/1 and to_charlist/1 raise each of their errors on a line of its own in
 * Elixir 1.14 (the ArgumentError, an invalid character's UnicodeConversionError, one cut
 * short at the end): the entry stands at that line, for libraryFrames to keep.
 */
function atRaise(e: unknown, fun: string, [argument, invalid, incomplete]: number[]): unknown {
  if (!(e instanceof BeamError) || e.stacktrace !== null) return e;
  const first = elixirLocation(a("Elixir.List"), a(fun), 1);
  if (first === null) return e;
  const unicode = e.reason instanceof MapTerm && e.reason.get(a("__struct__")) === a("Elixir.UnicodeConversionError");
  const line = !unicode ? argument : INCOMPLETE.has(e) ? incomplete : invalid;
  const entry: Term[] = [a("Elixir.List"), a(fun), 1, list([[a("file"), stringToCharlist(first[0])], [a("line"), line]])];
  LIBRARY_LINE_OFFSET.set(entry, line - first[1]);
  e.stacktrace = list([entry]);
  return e;
}

/** Characters of a charlist for list_to_* BIFs (badArgs "not a list" otherwise). */
function charlistText(l: Term, what: string): string {
  const xs = isList(l) ? listToArray(l) : null;
  if (xs === null) throw badArgs([[1, "not a list"]]);
  if (!xs.every((c) => typeof c === "number" && c >= 0 && c <= 0x10ffff && !(c >= 0xd800 && c <= 0xdfff))) {
    throw badArgs([[1, what]]);
  }
  return fromCodePoints(xs as number[]);
}

function toAtom(l: Term): Term {
  const s = charlistText(l, "not a list of characters");
  if ([...s].length > 255) throw raise("SystemLimitError", { message: "a system limit has been reached" });
  return atom(s);
}

function toExistingAtom(l: Term): Term {
  const s = charlistText(l, "not a list of characters");
  if (!Atom.exists(s)) throw badArgs([[1, "not an already existing atom"]]);
  return atom(s);
}

/** list_to_integer/2 (and String-like parsing): optional sign, digits of `base`. */
export function parseInteger(s: string, base: number): number | bigint | null {
  const m = s.match(/^([+-]?)([0-9a-zA-Z]+)$/);
  if (!m) return null;
  let v = 0n;
  const b = BigInt(base);
  for (const ch of m[2].toLowerCase()) {
    const d = parseInt(ch, 36);
    if (d >= base) return null;
    v = v * b + BigInt(d);
  }
  return int(m[1] === "-" ? -v : v);
}

function toInteger(l: Term, base: Term): Term {
  const notText = "not a textual representation of an integer";
  const xs = isList(l) ? listToArray(l) : null;
  if (xs === null) throw badArgs([[1, "not a list"]]);
  if (!isInteger(base) || base < 2 || base > 36) throw badArgs([[2, "not an integer in the range 2 through 36"]]);
  if (!xs.every((c) => typeof c === "number" && c >= 0 && c < 0x110000)) throw badArgs([[1, notText]]);
  const r = parseInteger(fromCodePoints(xs as number[]), base as number);
  if (r === null) throw badArgs([[1, notText]]);
  return r;
}

function toFloat(l: Term): Term {
  const notText = "not a textual representation of a float";
  const xs = isList(l) ? listToArray(l) : null;
  if (xs === null) throw badArgs([[1, "not a list"]]);
  if (!xs.every((c) => typeof c === "number" && c >= 0 && c < 0x110000)) throw badArgs([[1, notText]]);
  const v = parseErlFloat(fromCodePoints(xs as number[]));
  if (v === null) throw badArgs([[1, notText]]);
  return new Float(v);
}

function asciiPrintable(l: Term, limit: Term): boolean {
  const inf = limit === a("infinity");
  if (!isList(l) || !(inf || (isInteger(limit) && limit >= 0))) throw fc("ascii_printable?", [l, limit]);
  let n = inf ? Infinity : Number(limit);
  let x = l;
  for (; n > 0 && x instanceof Cons; x = x.t, n--) {
    const c = x.h;
    if (!(typeof c === "number" && ((c >= 7 && c <= 13) || c === 27 || (c >= 32 && c <= 126)))) return false;
  }
  return n === 0 || x === NIL;
}

function improper(l: Term): boolean {
  if (!isList(l)) throw fc("improper?", [l]);
  while (l instanceof Cons) l = l.t;
  return l !== NIL;
}

function startsWith(l: Term, prefix: Term): boolean {
  let x = l, p = prefix;
  while (x instanceof Cons && p instanceof Cons && strictEquals(x.h, p.h)) {
    x = x.t;
    p = p.t;
  }
  if (p === NIL && isList(x)) return true;
  if (p instanceof Cons && isList(x)) return false;
  throw fc("starts_with?", [l, prefix]);
}

// ---------------------------------------------------------------------------
// Myers difference (a port of List.myers_difference/2 without diff script)

type Edit = { kind: Atom; elem: Term; next: Edit | null };
type Path = { y: number; i1: number; i2: number; edits: Edit | null };
const EQ = a("eq"), INS = a("ins"), DEL = a("del");

function myersDifference(l1: Term, l2: Term): Term {
  if (!isList(l1) || !isList(l2)) throw fc("myers_difference", [l1, l2]);
  const xs = listToArray(l1) ?? [], ys = listToArray(l2) ?? [];
  const push = (p: Path, kind: Atom, elem: Term): Edit => ({ kind, elem, next: p.edits });
  const snake = (p: Path): Path | Edit | null => {
    let { y, i1, i2, edits } = p;
    while (i1 < xs.length && i2 < ys.length && strictEquals(xs[i1], ys[i2])) {
      edits = { kind: EQ, elem: xs[i1], next: edits };
      y++; i1++; i2++;
    }
    if (i1 === xs.length && i2 === ys.length) return { kind: EQ, elem: null, next: edits } as Edit; // done marker
    return { y, i1, i2, edits };
  };
  const down = (p: Path): Path =>
    p.i1 < xs.length ? { y: p.y + 1, i1: p.i1 + 1, i2: p.i2, edits: push(p, DEL, xs[p.i1]) } : { ...p, y: p.y + 1 };
  const right = (p: Path): Path =>
    p.i2 < ys.length ? { ...p, i2: p.i2 + 1, edits: push(p, INS, ys[p.i2]) } : p;
  let paths: Path[] = [{ y: 0, i1: 0, i2: 0, edits: null }];
  for (let env = 0; ; env++) {
    const next: Path[] = [];
    let rest = paths;
    for (let diag = -env; diag <= env; diag += 2) {
      let path: Path;
      if (diag === 0 && env === 0) { path = rest[0]; rest = []; }
      else if (diag === -env) path = down(rest[0]);
      else if (diag === env && rest.length === 1) { path = right(rest[0]); rest = []; }
      else {
        const [p1, p2] = rest;
        path = p1.y > p2.y ? right(p1) : down(p2);
        rest = rest.slice(1);
      }
      const r = snake(path);
      if (r !== null && "kind" in r) return compactReverse(r.next);
      next.push(r as Path);
    }
    paths = next;
  }
}

function compactReverse(edits: Edit | null): Term {
  const acc: [Atom, Term[]][] = [];
  let e = edits;
  while (e !== null) {
    if (acc.length && acc[0][0] === e.kind) {
      acc[0][1].unshift(e.elem);
    } else if (acc.length >= 3 && acc[0][0] === EQ && acc[1][0] === INS && acc[2][0] === EQ &&
      strictEquals(list(acc[0][1]), list(acc[1][1]))) {
      acc.splice(0, 3, [INS, acc[0][1]], [EQ, [...acc[0][1], ...acc[2][1]]]);
      continue;
    } else acc.unshift([e.kind, [e.elem]]);
    e = e.next;
  }
  return list(acc.map(([k, xs]) => [k, list(xs)]));
}

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.List",
  fns: {
    "first/1": ([l]) => first(l, null),
    "first/2": ([l, d]) => first(l, d),
    "last/1": ([l]) => last(l, null, 1),
    "last/2": ([l, d]) => last(l, d, 2),
    // (:lists.flatten/1,2, their last calls)
    "flatten/1": ([l]) => flatten(l, NIL, [l]),
    "flatten/2": ([l, t]) => flatten(l, t, [l, t]),
    "delete_at/2": ([l, i]) => {
      if (!isInteger(i)) throw fc("delete_at", [l, i]);
      return popAt(l, i, null)[1];
    },
    "insert_at/3": ([l, i, v]) => insertAt(l, i, v),
    "replace_at/3": ([l, i, v]) => replaceAt(l, i, v),
    "pop_at/2": ([l, i]) => popAt(l, i, null),
    "pop_at/3": ([l, i, d]) => popAt(l, i, d),
    "duplicate/2": ([x, n]) => {
      if (!isInteger(n) || n < 0) throw lfc("duplicate", [n, x]);
      return duplicateList(x, n, "lists", "duplicate");
    },
    "wrap/1": ([x]) => (isList(x) ? x : x === null ? NIL : list([x])),
    "zip/1": ([ls]) => zip(ls),
    "keyfind/3": ([l, k, p]) => {
      const r = keyBif("keyfind", k, pos("keyfind", [l, k, p, null], p), l);
      return r === false ? null : r;
    },
    "keyfind/4": ([l, k, p, d]) => {
      const r = keyBif("keyfind", k, pos("keyfind", [l, k, p, d], p), l);
      return r === false ? d : r;
    },
    "keyfind!/3": ([l, k, p]) => keyfindBang(l, k, p),
    "keymember?/3": ([l, k, p]) => keyBif("keymember", k, pos("keymember?", [l, k, p], p), l),
    "keydelete/3": ([l, k, p]) => keydelete(k, pos("keydelete", [l, k, p], p), l),
    "keyreplace/4": ([l, k, p, t]) => keyreplace(k, pos("keyreplace", [l, k, p, t], p), l, t),
    "keystore/4": ([l, k, p, t]) => keystore(k, pos("keystore", [l, k, p, t], p), l, t),
    "keytake/3": ([l, k, p]) => {
      const r = waitingOn(() => keytake(k, pos("keytake", [l, k, p], p), l));
      return r === false ? null : [r[1], r[2]];
    },
    "to_tuple/1": ([l]) => {
      const xs = isList(l) ? listToArray(l) : null;
      if (xs === null) throw badArgs([[1, "not a list"]]);
      return xs;
    },
    "to_string/1": ([l]) => toString(l),
    "to_charlist/1": ([l]) => toCharlist(l),
    "to_atom/1": ([l]) => toAtom(l),
    "to_existing_atom/1": ([l]) => toExistingAtom(l),
    "to_integer/1": ([l]) => toInteger(l, 10),
    "to_integer/2": ([l, b]) => toInteger(l, b),
    "to_float/1": ([l]) => toFloat(l),
    "ascii_printable?/1": ([l]) => asciiPrintable(l, a("infinity")),
    "ascii_printable?/2": ([l, n]) => asciiPrintable(l, n),
    "improper?/1": ([l]) => improper(l),
    "starts_with?/2": ([l, p]) => startsWith(l, p),
    "myers_difference/2": ([l1, l2]) => myersDifference(l1, l2),
  },
};

