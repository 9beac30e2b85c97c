// Shell closures between beamsh and real nodes. A fun typed in real iex is an `erl_eval`
// closure: one of erl_eval's own funs (one per arity: `fun (A) -> eval_fun([A], Info) end`)
// whose single free variable, Info, holds the bindings it captured and its clauses in
// Erlang's abstract format; any node runs it with its own erl_eval. The wire identity of
// those funs (index, uniq, the MD5 of erl_eval's code) and the layout of Info change between
// OTP releases, so beamsh learns them from each peer when it connects: it asks the peer's
// rex to evaluate, with erl_eval, a match and a tuple of one fun per arity that uses the
// bound variable, and reads the funs that come back (`learnRequest`, `profileFromReply`).
//
// A beamsh closure going to such a peer (`erlEvalClosure`) becomes an erl_eval fun of the
// peer's kind whose clauses evaluate the closure's Elixir source with the peer's Elixir:
//
//   fun (A1, ..., An) -> erlang:apply(element(1, 'Elixir.Code':eval_quoted(Q, B)), [A1, ..., An]) end
//
// with Q (the quoted `fn`, aliases resolved) and B (the captured variables as a keyword list)
// in the closure's bindings: on the peer it does what the same `fn` typed in iex does there.
// A peer that cannot evaluate the request (another beamsh node) has no profile, and gets
// beamsh's own closure format (funs.ts).
import type { Fun } from "../fun.js";
import { MapTerm } from "../map.js";
import { Atom, Cons, NIL, Pid, Term, a, list, listToArray, tuple } from "../term.js";
import { astToTerm } from "../compiler/quoted.js";
import type { FunWire } from "./etf.js";
import { FunSource, astFromJson } from "./fun-source.js";

/** erl_eval makes funs of arity 0 to 20 (its "argument_limit" beyond). */
export const MAX_ERL_EVAL_ARITY = 20;

/** What a peer's erl_eval funs look like. */
export interface ErlEvalProfile {
  /** The wire fields of the peer's erl_eval fun of each arity (free variables aside). */
  funs: FunWire[];
  /** A sample Info tuple, and where in it the bindings and the clauses are. */
  info: Term[];
  bindingsAt: number;
  clausesAt: number;
  /** Bindings as a map (true) or as an orddict list (false). */
  mapBindings: boolean;
}

// ---- the abstract format -------------------------------------------------------------------

const L = 1; // annotation: line 1
const av = (name: string): Term => tuple(a("var"), L, a(name));
const aatom = (name: string): Term => tuple(a("atom"), L, a(name));
const remote = (m: string, f: string, args: Term[]): Term => tuple(a("call"), L, tuple(a("remote"), L, aatom(m), aatom(f)), list(args));
const alist = (items: Term[]): Term => items.reduceRight<Term>((tail, h) => tuple(a("cons"), L, h, tail), tuple(a("nil"), L));
const clause = (head: Term[], body: Term[]): Term => tuple(a("clause"), L, list(head), NIL, list(body));
const funExpr = (clauses: Term[]): Term => tuple(a("fun"), L, tuple(a("clauses"), list(clauses)));

/** The variable the learning request binds and every sample fun uses. */
const SAMPLE_VAR = "BeamshSample";

/**
 * The arguments of rex's `{call, erl_eval, exprs, Args, GroupLeader}`: evaluate
 * `BeamshSample = 1, {fun() -> BeamshSample end, fun(_) -> BeamshSample end, ...}`.
 */
export function learnRequestArgs(): Term {
  const funs: Term[] = [];
  for (let n = 0; n <= MAX_ERL_EVAL_ARITY; n++) {
    funs.push(funExpr([clause(Array.from({ length: n }, () => av("_")), [av(SAMPLE_VAR)])]));
  }
  const exprs = list([tuple(a("match"), L, av(SAMPLE_VAR), tuple(a("integer"), L, 1)), tuple(a("tuple"), L, list(funs))]);
  return list([exprs, NIL]);
}

/** Reads the profile from rex's answer `{value, {F0, ..., F20}, Bindings}` (null when it is not one). */
export function profileFromReply(reply: Term, wireOf: (f: Term) => FunWire | null): ErlEvalProfile | null {
  if (!Array.isArray(reply) || reply.length !== 3 || reply[0] !== a("value") || !Array.isArray(reply[1])) return null;
  const samples = reply[1];
  if (samples.length !== MAX_ERL_EVAL_ARITY + 1) return null;
  const funs: FunWire[] = [];
  for (const [n, f] of samples.entries()) {
    const w = wireOf(f);
    if (w === null || w.arity !== n || w.free.length !== 1 || !Array.isArray(w.free[0])) return null;
    funs.push(w);
  }
  const info = funs[0].free[0] as Term[];
  const bindingsAt = info.findIndex((x) => isSampleBindings(x));
  const clausesAt = info.findIndex((x) => isClauseList(x));
  if (bindingsAt < 0 || clausesAt < 0) return null;
  return { funs, info, bindingsAt, clausesAt, mapBindings: info[bindingsAt] instanceof MapTerm };
}

function isSampleBindings(t: Term): boolean {
  const pairs = t instanceof MapTerm ? [...t.entries.values()] : listToArray(t);
  if (pairs === null || pairs.length !== 1) return false;
  const p = pairs[0];
  return Array.isArray(p) && p[0] === a(SAMPLE_VAR) && p[1] === 1;
}

function isClauseList(t: Term): boolean {
  return t instanceof Cons && Array.isArray(t.h) && t.h[0] === a("clause");
}

/**
 * The wire form of beamsh closure `f` (compiled from `src`) as one of the peer's erl_eval
 * funs; null when the peer's erl_eval has no fun of that arity.
 */
export function erlEvalClosure(profile: ErlEvalProfile, f: Fun, src: FunSource, pid: Pid): FunWire | null {
  const sample = profile.funs[f.arity];
  if (sample === undefined) return null;
  const args = Array.from({ length: f.arity }, (_, i) => av(`BeamshArg${i + 1}`));
  const made = remote("erlang", "element", [tuple(a("integer"), L, 1), remote("Elixir.Code", "eval_quoted", [av("BeamshQuoted"), av("BeamshBinding")])]);
  const body = remote("erlang", "apply", [made, alist(args)]);
  const binding = list(src.names.map((name, i) => tuple(a(name), f.env[i])));
  const quoted = astToTerm(astFromJson(src.json));
  const pairs: [Term, Term][] = [
    [a("BeamshBinding"), binding],
    [a("BeamshQuoted"), quoted],
  ];
  const bindings = profile.mapBindings ? MapTerm.fromPairs(pairs) : list(pairs.map(([k, v]) => tuple(k, v)));
  const info = [...profile.info];
  info[profile.bindingsAt] = bindings;
  info[profile.clausesAt] = list([clause(args, [body])]);
  return { ...sample, pid, free: [info] };
}

/** True when `m` is erl_eval (a closure typed in a real shell). */
export function isErlEvalModule(m: Atom): boolean {
  return m === a("erl_eval");
}
