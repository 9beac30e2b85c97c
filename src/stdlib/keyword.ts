// Elixir's Keyword module (functions without fun arguments). Keyword lists are lists of
// {atom, value} tuples; guards and errors follow Elixir 1.14 (FunctionClauseError when the
// list/key guards fail, KeyError for the bang variants, ArgumentError for merge/keys/
// validate with the same inspected messages).
import type { NativeFn } from "../runtime/code.js";
import { argumentError, badArgs, caseClauseError, raisedKeyError, matchError } from "../runtime/errors.js";
import { calledBifError } from "../runtime/ops.js";
import { withFrame } from "../runtime/arith.js";
import { Fun } from "../runtime/fun.js";
import { locatedEntries } from "./library-frames.js";
import { inspect } from "../runtime/inspect.js";
import { compare, strictEquals } from "../runtime/term-order.js";
import { a, Atom, Cons, NIL, Term, isAtom, list, listToArray } from "../runtime/term.js";
import { enumMember, enumToArray, functionClause, lazyError } from "./enumerable.js";
import { NeedsElixir } from "../runtime/elixir-callback.js";

const OK = a("ok");
const ERROR = a("error");
const fc = (fn: string, args: Term[]) => functionClause("Keyword", fn, args);
const isList = (t: Term) => t === NIL || t instanceof Cons;
const isPair = (x: Term): x is [Term, Term] => Array.isArray(x) && x.length === 2;
const isKw = (x: Term) => isPair(x) && isAtom(x[0]);

/** Checks the `is_list(keywords) and is_atom(key)` guard and returns the list's items. */
function kwArgs(fn: string, args: Term[]): Term[] {
  const [kw, key] = args;
  const xs = isList(kw) && isAtom(key) ? listToArray(kw) : null;
  if (xs === null) throw fc(fn, args);
  return xs;
}

/** Items of a list argument (guard is_list). */
function items(fn: string, args: Term[], t: Term): Term[] {
  const xs = isList(t) ? listToArray(t) : null;
  if (xs === null) throw fc(fn, args);
  return xs;
}

/** An improper list where a keyword list goes, with an atom key. */
const improper = (kw: Term, key: Term): boolean => kw instanceof Cons && isAtom(key) && listToArray(kw) === null;

/**
 * Elixir's :lists.keyfind/3 (or keymember/3) on an improper list: a key before the tail is
 * found, else the tail fails it.
 */
function keyfindImproper(kw: Term, key: Term, bif = "keyfind"): Term[] {
  for (let l = kw; l instanceof Cons; l = l.t) {
    const x = l.h;
    if (Array.isArray(x) && x.length >= 1 && x[0] === key) return x;
  }
  throw calledBifError(badArgs([[3, "not a proper list"]]), bif, [key, 1, kw], "lists");
}

/** delete/2 on an improper list holding the key: delete_key/2 fails at the tail (or at a non-pair). */
function deleteImproper(kw: Term, key: Term): never {
  keyfindImproper(kw, key, "keymember");
  let l = kw;
  while (l instanceof Cons && isPair(l.h)) l = l.t;
  throw fc("delete_key", [l, key]);
}

/**
 * pop/3 and pop!/2 (their `fn`): fetch/2's :lists.keyfind/3 and case, then delete/2, inlined,
 * whose delete_key/2 keeps the pairs before each {key, _} waiting and fails at what is not
 * a pair (an improper tail too). Their failures carry the entries Elixir's code has.
 */
function popWalk(kw: Term, key: Term, fn: "pop" | "pop!"): [Term, Term] | undefined {
  const own = fn === "pop" ? kwEntry("pop", 3, 1251) : kwEntry("pop!", 2, 1277);
  const below = [kwEntry("fetch", 2, 572), own];
  let found: Term[] | undefined;
  let l = kw;
  for (; l instanceof Cons; l = l.t) {
    if (Array.isArray(l.h) && l.h.length >= 1 && l.h[0] === key) {
      found = l.h;
      break;
    }
  }
  if (found === undefined && l !== NIL) {
    const e = withFrame(badArgs([[3, "not a proper list"]]), "lists", "keyfind", [key, 1, kw]);
    e.stacktrace = list([...listToArray(e.stacktrace)!, ...below]);
    throw e;
  }
  if (found === undefined) return undefined;
  if (found.length !== 2) {
    const e = caseClauseError(found);
    e.stacktrace = list(below);
    throw e;
  }
  const kept: Term[] = [];
  let waiting = 0;
  for (l = kw; l instanceof Cons && isPair(l.h); l = l.t) {
    if (l.h[0] !== key) {
      kept.push(l.h);
      waiting++;
    }
  }
  if (l !== NIL) {
    const e = fc("delete_key", [l, key]);
    // (however many wait, one entry of them shows, as in lists.ts)
    const waits = waiting > 0 ? [kwEntry("delete_key", 2, 720)] : [];
    e.stacktrace = list([kwEntry("delete_key", list([l, key]), 719), ...waits, kwEntry(fn, fn === "pop" ? 3 : 2, 714)]);
    throw e;
  }
  return [found[1], list(kept)];
}

/** First {key, value} pair (lists:keyfind semantics on position 1). */
function find(xs: Term[], key: Term): Term[] | undefined {
  return xs.find((x) => Array.isArray(x) && x.length >= 1 && x[0] === key);
}

/**
 * What :lists.keyfind/3 found, as the `case` of get/fetch/put_new/pop takes it: `{^key, value}`
 * or false, so another tuple with the key first is their CaseClauseError.
 */
function pairOr<T extends Term[] | undefined>(p: T): T {
  if (p !== undefined && p.length !== 2) throw caseClauseError(p);
  return p;
}

/** Removes every {key, _} (delete_key): non-pairs before the end raise FunctionClauseError. */
function deleteKey(xs: Term[], key: Term, helper = "delete_key"): Term[] {
  if (!find(xs, key)) return xs;
  const out: Term[] = [];
  for (const x of xs) {
    if (!isPair(x)) throw fc(helper, [list(xs), key]);
    if (x[0] !== key) out.push(x);
  }
  return out;
}

function get(args: Term[], d: Term): Term {
  const xs = kwArgs("get", [args[0], args[1], d]);
  const p = pairOr(find(xs, args[1]));
  return p ? p[1] : d;
}

function put(kw: Term, key: Term, v: Term): Term {
  const xs = kwArgs("put", [kw, key, v]);
  return list([[key, v], ...deleteKey(xs, key)]);
}

function putNew(kw: Term, key: Term, v: Term): Term {
  const xs = kwArgs("put_new", [kw, key, v]);
  return pairOr(find(xs, key)) ? kw : list([[key, v], ...xs]);
}

/** Keyword.new/1: later keys win, in the order of their last occurrence. */
function kwNew(pairs: Term): Term {
  const xs = isList(pairs) ? listToArray(pairs) : enumToArray(pairs);
  // An improper list: Keyword.new reverses its argument with Enum.reverse/1 first, whose
  // error it is (asking Enum.to_list again, as for a lazy enumerable, would loop).
  if (xs === null && isList(pairs)) throw new NeedsElixir(functionClause("Enum", "-reverse/1-lists^foldl/2-0-", 3).reason, [{ key: pairs, sub: "reverse", module: "Elixir.Enum", name: "reverse", args: [pairs] }]);
  if (xs === null) throw lazyError(pairs);
  let acc: Term[] = [];
  for (let i = xs.length - 1; i >= 0; i--) {
    const p = xs[i];
    if (!isPair(p)) throw matchError(p);
    if (!isAtom(p[0])) throw fc("put_new", [list(acc), p[0], p[1]]);
    if (!find(acc, p[0])) acc = [p, ...acc];
  }
  return list(acc);
}

/**
 * Keyword.merge/2: is_list guards (an improper list passes them); the second list must be a
 * keyword list, and the first's entries are looked at as :lists.filter/2 reaches them (its
 * inlined comprehension's FunctionClauseError at an improper tail).
 */
function merge(kw1: Term, kw2: Term): Term {
  if (!isList(kw1) || !isList(kw2)) throw fc("merge", [kw1, kw2]);
  if (kw2 === NIL) return kw1;
  if (kw1 === NIL) return kw2;
  const ys = listToArray(kw2);
  if (ys === null || !ys.every(isKw)) throw argumentError("expected a keyword list as the second argument, got: " + inspect(kw2));
  const kept: Term[] = [];
  let c: Term = kw1;
  for (; c instanceof Cons; c = c.t) {
    const x = c.h;
    if (!isKw(x)) throw argumentError("expected a keyword list as the first argument, got: " + inspect(kw1));
    if (!find(ys, (x as Term[])[0])) kept.push(x);
  }
  if (c !== NIL) throw functionClause("Keyword", "-merge/2-lists^filter/1-0-", 2);
  return list([...kept, ...ys]);
}

// keys/1, values/1 and from_keys/2 are :lists.map/2 calls, which Elixir's compiler inlines
// into each as a function of its own ("-values/1-lists^map/1-0-"/2): the fn is applied to
// an element before the rest is mapped, and an improper end fails in that function's
// clauses. Their funs as Elixir 1.14's compiled Keyword numbers them:
const KEYS_FUN = new Fun(1, null, [], null, null, 2, 7745086, "Keyword.keys/1");
const VALUES_FUN = new Fun(1, null, [], null, null, 11, 7745086, "Keyword.values/1");
const FROM_KEYS_FUN = new Fun(1, null, [], null, null, 1, 7745086, "Keyword.from_keys/2");
const KEYWORD = a("Elixir.Keyword");

/** A stack entry of lib/keyword.ex at a known place, kept as it is by the library's frame rewriting. */
function kwEntry(fun: string, arityOrArgs: Term, line: number): Term[] {
  const e: Term[] = [KEYWORD, a(fun), arityOrArgs, list([[a("file"), list([..."lib/keyword.ex"].map((c) => c.charCodeAt(0)))], [a("line"), line]])];
  locatedEntries.add(e);
  return e;
}

/**
 * :lists.map(fun, l) inlined into Keyword's `owner` ("values/1") at `line`: `f` gives each
 * element's result (or raises, `map` entries below it: one waiting on the fn, one on the
 * recursive call for the elements before). An improper end fails in the map function.
 * `below` are the entries under the map's (keys/1's own, which waits in a try).
 */
function inlinedMap(owner: string, line: number, fun: Fun, l: Term, f: (x: Term, entries: () => Term[]) => Term, below: Term[] = []): Term {
  const name = `-${owner}-lists^map/1-0-`;
  const out: Term[] = [];
  let c = l;
  let i = 0;
  for (; c instanceof Cons; c = c.t, i++) {
    const index = i;
    out.push(f(c.h, () => [kwEntry(name, 2, line), ...(index > 0 ? [kwEntry(name, 2, line)] : []), ...below]));
  }
  if (c !== NIL) {
    const err = functionClause("Keyword", name, [fun, c]);
    err.stacktrace = list([kwEntry(name, list([fun, c]), line), ...(i > 0 ? [kwEntry(name, 2, line)] : []), ...below]);
    throw err;
  }
  return list(out);
}

function keys(kw: Term): Term {
  if (!isList(kw)) throw fc("keys", [kw]);
  return inlinedMap("keys/1", 640, KEYS_FUN, kw, (x) => {
    // (the fn throws the entry, keys/1 catches it and raises)
    if (!isKw(x)) {
      throw argumentError("expected a keyword list, but an entry in the list is not a two-element tuple with an atom as its first element, got: " + inspect(x));
    }
    return x[0];
  }, [kwEntry("keys", 1, 640)]);
}

function values(kw: Term): Term {
  if (!isList(kw)) throw fc("values", [kw]);
  return inlinedMap("values/1", 669, VALUES_FUN, kw, (x, entries) => {
    if (isPair(x)) return x[1];
    const err = functionClause("Keyword", "-values/1-fun-0-", [x]);
    err.stacktrace = list([kwEntry("-values/1-fun-0-", list([x]), 669), ...entries()]);
    throw err;
  });
}

function fromKeys(ks: Term, v: Term): Term {
  if (!isList(ks)) throw fc("from_keys", [ks, v]);
  return inlinedMap("from_keys/2", 118, FROM_KEYS_FUN, ks, (k) => [k, v]);
}

function keyword(t: Term): boolean {
  const xs = isList(t) ? listToArray(t) : null;
  return xs !== null && xs.every(isKw);
}

function pop(kw: Term, key: Term, d: Term, fn: "pop" | "pop!" = "pop"): Term {
  // (pop!/2 has no default)
  if (!isList(kw) || !isAtom(key)) throw fc(fn, fn === "pop!" ? [kw, key] : [kw, key, d]);
  const r = popWalk(kw, key, fn);
  if (r === undefined) {
    if (fn === "pop!") throw raisedKeyError(key, kw);
    return [d, kw];
  }
  return r;
}

function popFirst(kw: Term, key: Term, d: Term): Term {
  const xs = kwArgs("pop_first", [kw, key, d]);
  const i = xs.findIndex((x) => Array.isArray(x) && x.length >= 1 && x[0] === key);
  if (i < 0) return [d, kw];
  const rest = list([...xs.slice(0, i), ...xs.slice(i + 1)]);
  // (:lists.keytake/3's {:value, {^key, value}, rest} is what the case takes)
  if (xs[i].length !== 2) throw caseClauseError([a("value"), xs[i], rest]);
  return [xs[i][1], rest];
}

/** pop_first/3 on an improper list: :lists.keytake/3 takes a key before the tail, else fails at it. */
function popFirstImproper(kw: Term, key: Term): Term {
  const before: Term[] = [];
  let l = kw;
  for (; l instanceof Cons; l = l.t) {
    const x = l.h;
    if (Array.isArray(x) && x.length >= 1 && x[0] === key) {
      let rest = l.t;
      for (let i = before.length - 1; i >= 0; i--) rest = new Cons(before[i], rest);
      if (x.length !== 2) throw caseClauseError([a("value"), x, rest]);
      return [x[1], rest];
    }
    before.push(x);
  }
  throw functionClause("lists", "keytake", [key, 1, l, list(before.slice().reverse())]);
}

/** :lists.keymember(key, 1, kw) as delete/3 and delete_first/2 ask it first (a proper or improper list). */
function keymember(kw: Term, key: Term): boolean {
  return improper(kw, key) ? (keyfindImproper(kw, key, "keymember"), true) : find(listToArray(kw)!, key) !== undefined;
}

/** delete_first/2: delete_first_key/2 drops the first {key, _}, failing at a non-pair before it. */
function deleteFirst(kw: Term, key: Term): Term {
  if (!isList(kw) || !isAtom(key)) throw fc("delete_first", [kw, key]);
  if (!keymember(kw, key)) return kw;
  const before: Term[] = [];
  let l = kw;
  for (; l instanceof Cons && isPair(l.h); l = l.t) {
    if (l.h[0] === key) return list(before, l.t);
    before.push(l.h);
  }
  throw fc("delete_first_key", [l, key]);
}

/** delete/3: delete_key_value/3 walks the whole list, failing at a non-pair or an improper tail. */
function delete3(kw: Term, key: Term, v: Term): Term {
  if (!isList(kw) || !isAtom(key)) throw fc("delete", [kw, key, v]);
  if (!keymember(kw, key)) return kw;
  const out: Term[] = [];
  let l = kw;
  for (; l instanceof Cons && isPair(l.h); l = l.t) if (!(l.h[0] === key && strictEquals(l.h[1], v))) out.push(l.h);
  if (l !== NIL) throw fc("delete_key_value", [l, key, v]);
  return list(out);
}

function equal(l: Term, r: Term): boolean {
  if (!isList(l) || !isList(r)) throw fc("equal?", [l, r]);
  // (an improper list fails in :lists.sort/1)
  const sortable = (t: Term): Term[] => {
    const xs = listToArray(t);
    if (xs === null) throw functionClause("lists", "sort", [t]);
    return xs;
  };
  const xs = sortable(l), ys = sortable(r);
  return strictEquals(list([...xs].sort(compare)), list([...ys].sort(compare)));
}

// ---------------------------------------------------------------------------
// validate/2 (a literal port, so the order of the result matches Elixir's)

function findKey(key: Term, xs: Term[], acc: Term[]): [Term[], Term[]] | null {
  let accum = acc;
  for (let i = 0; i < xs.length; i++) {
    const h = xs[i];
    if (h === key || (isPair(h) && h[0] === key)) return [xs.slice(i + 1), accum];
    accum = [h, ...accum];
  }
  return null;
}

function movePairs(xs: Term[], acc: Term[]): Term[] {
  let out = acc;
  for (const x of xs) {
    if (x instanceof Atom || x === true || x === false || x === null) continue;
    if (isKw(x)) out = [x, ...out];
    else throw argumentError("expected the second argument to be a list of atoms or tuples, got: " + inspect(x));
  }
  return out;
}

function validate(kw: Term, vals: Term): Term {
  if (!isList(kw)) throw fc("validate", [kw, vals]);
  let v1 = items("validate", [kw, vals], vals);
  let v2: Term[] = [];
  const acc: Term[] = [];
  const bad: Term[] = [];
  let l = kw;
  for (; l instanceof Cons; l = l.t) {
    const pair = l.h;
    if (!isKw(pair)) {
      if (bad.length === 0) throw argumentError("expected a keyword list as first argument, got invalid entry: " + inspect(pair));
      break;
    }
    const r = findKey(pair[0], v1, v2) ?? findKey(pair[0], v2, v1);
    if (r) {
      [v1, v2] = r;
      acc.unshift(pair);
    } else bad.unshift(pair[0]);
  }
  // (no validate/5 clause takes an improper tail, or a non-pair once a key was bad)
  if (l !== NIL) throw fc("validate", [l, list(v1), list(v2), list(acc), list(bad)]);
  if (bad.length) return [ERROR, list(bad)];
  return [OK, list(movePairs(v1, movePairs(v2, acc)))];
}

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.Keyword",
  fns: {
    "new/0": () => NIL,
    "new/1": ([p]) => kwNew(p),
    "get/2": (args) => (improper(args[0], args[1]) ? pairOr(keyfindImproper(args[0], args[1]))[1] : get(args, null)),
    "get/3": ([kw, k, d]) => (improper(kw, k) ? pairOr(keyfindImproper(kw, k))[1] : get([kw, k], d)),
    "fetch/2": ([kw, k]) => {
      if (improper(kw, k)) return [OK, pairOr(keyfindImproper(kw, k))[1]];
      const p = pairOr(find(kwArgs("fetch", [kw, k]), k));
      return p ? [OK, p[1]] : ERROR;
    },
    "fetch!/2": ([kw, k]) => {
      if (improper(kw, k)) return pairOr(keyfindImproper(kw, k))[1];
      const p = pairOr(find(kwArgs("fetch!", [kw, k]), k));
      if (!p) throw raisedKeyError(k, kw);
      return p[1];
    },
    "has_key?/2": ([kw, k]) => (improper(kw, k) && keyfindImproper(kw, k, "keymember") !== undefined) || find(kwArgs("has_key?", [kw, k]), k) !== undefined,
    "put/3": ([kw, k, v]) => (improper(kw, k) ? deleteImproper(kw, k) : put(kw, k, v)),
    "put_new/3": ([kw, k, v]) => (improper(kw, k) ? (pairOr(keyfindImproper(kw, k)), kw) : putNew(kw, k, v)),
    "delete/2": ([kw, k]) => {
      if (improper(kw, k)) deleteImproper(kw, k);
      const xs = kwArgs("delete", [kw, k]);
      return find(xs, k) ? list(deleteKey(xs, k)) : kw;
    },
    "delete/3": ([kw, k, v]) => delete3(kw, k, v),
    "delete_first/2": ([kw, k]) => deleteFirst(kw, k),
    "keys/1": ([kw]) => keys(kw),
    "values/1": ([kw]) => values(kw),
    "keyword?/1": ([t]) => keyword(t),
    "merge/2": ([a1, a2]) => merge(a1, a2),
    "pop/2": ([kw, k]) => pop(kw, k, null),
    "pop/3": ([kw, k, d]) => pop(kw, k, d),
    "pop!/2": ([kw, k]) => pop(kw, k, null, "pop!"),
    "pop_first/2": ([kw, k]) => (improper(kw, k) ? popFirstImproper(kw, k) : popFirst(kw, k, null)),
    "pop_first/3": ([kw, k, d]) => (improper(kw, k) ? popFirstImproper(kw, k) : popFirst(kw, k, d)),
    "to_list/1": ([kw]) => (isList(kw) ? kw : (() => { throw fc("to_list", [kw]); })()),
    "equal?/2": ([l, r]) => equal(l, r),
    "from_keys/2": ([ks, v]) => fromKeys(ks, v),
    // (length/1, the BIF's error above size/1's entry)
    "size/1": ([kw]) => {
      const xs = isList(kw) ? listToArray(kw) : null;
      if (xs === null) throw calledBifError(badArgs([[1, "not a list"]]), "length", [kw]);
      return xs.length;
    },
    "validate/2": ([kw, v]) => validate(kw, v),
  },
};
