// Access (fetch/get/pop on maps, keyword lists and nil) and the key-path helpers behind
// Kernel.get_in/2, put_in/3, update_in/3 and pop_in/2 for paths made of plain keys.
// Function accessors (Access.at/1, Access.key/2, Access.all/0...) and structs that
// implement Access themselves need Elixir code: the helpers raise for Fun keys, and
// structs get Elixir's UndefinedFunctionError ("X does not implement the Access
// behaviour"), so the prelude should route those cases to Elixir first.
import type { NativeFn } from "../runtime/code.js";
import { Fun } from "../runtime/fun.js";
import { TailCall } from "../runtime/calls.js";
import { MapTerm } from "../runtime/map.js";
import { BeamError, argumentError, badArgs, caseClauseError, raisedKeyError, undefinedFunction } from "../runtime/errors.js";
import { calledBifError } from "../runtime/ops.js";
import { natives as keywordNatives } from "./keyword.js";
import { inspect } from "../runtime/inspect.js";
import { a, Atom, Cons, NIL, Term, isAtom, list, listToArray } from "../runtime/term.js";
import { functionClause, structName } from "./enumerable.js";

const OK = a("ok");
const ERROR = a("error");
const isList = (t: Term) => t === NIL || t instanceof Cons;
const isPair = (x: Term): x is [Term, Term] => Array.isArray(x) && x.length === 2;

/** `update` result of a get_and_update callback: [get, newValue] or "pop". */
export type Update = [Term, Term] | "pop";

function notAccess(s: Atom, fn: string, arity: number): never {
  throw undefinedFunction(s, fn, arity,
    `${inspect(s)} does not implement the Access behaviour. If you are using get_in/put_in/update_in, ` +
    "you can specify the field to be accessed using Access.key!/1");
}

function kwKey(key: Term): void {
  if (!isAtom(key)) throw argumentError("the Access calls for keywords expect the key to be an atom, got: " + inspect(key));
}

/** `e` raised in Access's function `fun` (its stack entry), whichever native ran it. */
function raisedBy(e: unknown, fun: string, args: Term[]): unknown {
  const err = e as BeamError & { native?: unknown };
  if (e instanceof BeamError && err.stacktrace === null && err.native === undefined) err.native = [a("Elixir.Access"), fun, args];
  return e;
}

/** Access.fetch/2: [:ok, v] or :error. */
export function accessFetch(data: Term, key: Term): Term {
  const s = structName(data);
  if (s !== null) notAccess(s, "fetch", 2);
  if (data instanceof MapTerm) {
    const v = data.get(key);
    return v === undefined ? ERROR : [OK, v];
  }
  if (isList(data)) {
    // (raised by Access.fetch/2 itself, whichever function of the library asked it)
    try {
      kwKey(key);
    } catch (e) {
      throw raisedBy(e, "fetch", [data, key]);
    }
    // (:lists.keyfind/3, whose {_, value} or false the case takes: another tuple is a
    // CaseClauseError, an improper list without the key its badarg)
    let l = data;
    for (; l instanceof Cons; l = l.t) {
      if (Array.isArray(l.h) && l.h.length >= 1 && l.h[0] === key) {
        if (!isPair(l.h)) throw caseClauseError(l.h);
        return [OK, l.h[1]];
      }
    }
    if (l !== NIL) throw calledBifError(badArgs([[3, "not a proper list"]]), "keyfind", [key, 1, data], "lists");
    return ERROR;
  }
  if (data === null) return ERROR;
  throw functionClause("Access", "fetch", [data, key]);
}

/** Access.get/3. */
export function accessGet(data: Term, key: Term, d: Term = null): Term {
  if (!(data instanceof MapTerm) && !isList(data) && data !== null) throw functionClause("Access", "get", [data, key, d]);
  if (isList(data)) kwKey(key);
  const r = accessFetch(data, key);
  return r === ERROR ? d : r[1];
}

/** Access.pop/2: Map.pop / Keyword.pop semantics. */
export function accessPop(data: Term, key: Term): Term {
  const s = structName(data);
  if (s !== null) notAccess(s, "pop", 2);
  if (data instanceof MapTerm) {
    const v = data.get(key);
    return v === undefined ? [null, data] : [v, data.delete(key)];
  }
  if (isList(data)) {
    // (Keyword.pop/2, with its failures: a key not an atom, an improper list, a tuple of
    // another size, what is not a pair before the end)
    return keywordNatives.fns["pop/2"]!([data, key], undefined as never);
  }
  if (data === null) throw argumentError(`could not pop key ${inspect(key)} on a nil value`);
  throw functionClause("Access", "pop", [data, key]);
}


/** Access.get_and_update/3 with a JS callback. */
export function accessGetAndUpdate(data: Term, key: Term, f: (cur: Term) => Update): [Term, Term] {
  const s = structName(data);
  if (s !== null) notAccess(s, "get_and_update", 3);
  if (data instanceof MapTerm) {
    const cur = data.get(key) ?? null;
    const r = f(cur);
    if (r === "pop") return [cur, data.delete(key)];
    return [r[0], data.put(key, r[1])];
  }
  if (isList(data)) {
    if (!isAtom(key)) throw functionClause("Keyword", "get_and_update", [data, key, null]);
    const xs = listToArray(data) ?? [];
    const i = xs.findIndex((x) => isPair(x) && x[0] === key);
    const cur = i < 0 ? null : xs[i][1];
    const r = f(cur);
    if (r === "pop") return [cur, i < 0 ? data : list([...xs.slice(0, i), ...xs.slice(i + 1)])];
    if (i < 0) return [r[0], list([[key, r[1]], ...xs])];
    return [r[0], list([...xs.slice(0, i), [key, r[1]], ...xs.slice(i + 1)])];
  }
  if (data === null) throw argumentError(`could not put/update key ${inspect(key)} on a nil value`);
  throw functionClause("Access", "get_and_update", [data, key, null]);
}

function keyList(keys: Term, fn: string, args: Term[]): Term[] {
  const ks = isList(keys) ? listToArray(keys) : null;
  if (ks === null || ks.length === 0) throw functionClause("Kernel", fn, args);
  if (ks.some((k) => k instanceof Fun)) throw functionClause("Kernel", fn, args);
  return ks;
}

/** Kernel.get_in/2 for a list of plain keys. */
export function getIn(data: Term, keys: Term): Term {
  const ks = keyList(keys, "get_in", [data, keys]);
  let d = data;
  for (const k of ks) {
    if (d === null) return null;
    d = accessGet(d, k);
  }
  return d;
}

/** Kernel.get_and_update_in/3 for plain keys with a JS callback. */
export function getAndUpdateIn(data: Term, ks: Term[], f: (cur: Term) => Update): [Term, Term] {
  const [k, ...rest] = ks;
  if (rest.length === 0) return accessGetAndUpdate(data, k, f);
  return accessGetAndUpdate(data, k, (cur) => getAndUpdateIn(cur, rest, f));
}

/** Kernel.update_in/3 for plain keys with a JS function. */
export function updateIn(data: Term, keys: Term, f: (cur: Term) => Term, fn = "update_in"): Term {
  const ks = keyList(keys, fn, [data, keys, null]);
  return getAndUpdateIn(data, ks, (cur) => [null, f(cur)])[1];
}

/** Kernel.put_in/3 for plain keys. */
export function putIn(data: Term, keys: Term, value: Term): Term {
  return updateIn(data, keys, () => value, "put_in");
}

function popInData(data: Term, ks: Term[]): Update {
  if (data === null) return "pop";
  const [k, ...rest] = ks;
  if (rest.length === 0) return accessPop(data, k);
  return accessGetAndUpdate(data, k, (cur) => popInData(cur, rest));
}

/** Kernel.pop_in/2 for plain keys: {value, data}. */
export function popIn(data: Term, keys: Term): Term {
  const ks = keyList(keys, "pop_in", [data, keys]);
  if (data === null) throw argumentError(`could not pop key ${inspect(ks[0])} on a nil value`);
  return popInData(data, ks);
}

/**
 * A struct's Access.fetch/fetch!/get/pop: its module implements them (the Access behaviour),
 * so the call goes on in Elixir, Access.__struct_access__/3 in the prelude (which raises as Elixir's
 * Access does when the module does not).
 */
const STRUCT_ACCESS = new Fun(3, null, [], a("Elixir.Access"), a("__struct_access__"));
const viaStruct = (op: string, [container, ...rest]: Term[]): TailCall => new TailCall(STRUCT_ACCESS, [a(op), container, list(rest)]);

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.Access",
  fns: {
    "fetch/2": ([d, k]) => (structName(d) !== null ? viaStruct("fetch", [d, k]) : accessFetch(d, k)),
    "fetch!/2": ([d, k]) => {
      if (structName(d) !== null) return viaStruct("fetch!", [d, k]);
      const r = accessFetch(d, k);
      if (r === ERROR) throw raisedKeyError(k, d);
      return r[1];
    },
    "get/2": ([d, k]) => (structName(d) !== null ? viaStruct("get", [d, k, null]) : accessGet(d, k, null)),
    "get/3": ([d, k, def]) => (structName(d) !== null ? viaStruct("get", [d, k, def]) : accessGet(d, k, def)),
    "pop/2": ([d, k]) => (structName(d) !== null ? viaStruct("pop", [d, k]) : accessPop(d, k)),
    // For the prelude's Kernel.get_in/put_in/pop_in when every key is a plain key.
    "__get_in__/2": ([d, ks]) => getIn(d, ks),
    "__put_in__/3": ([d, ks, v]) => putIn(d, ks, v),
    "__pop_in__/2": ([d, ks]) => popIn(d, ks),
  },
};
