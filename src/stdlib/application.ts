// Application environment (Application.put_env/get_env/fetch_env/...): per runtime, per
// application, a table of keys to values, as the application controller keeps it. An
// application counts as loaded once something put a value in its environment or it was
// started (ExUnit.start/1 starts :ex_unit with its defaults).
import type { NativeFn, ProcLike } from "../runtime/code.js";
import type { Runtime } from "../runtime/runtime.js";
import { argumentError } from "../runtime/errors.js";
import { Atom, Term, a, list, listToArray, tuple } from "../runtime/term.js";
import { inspect } from "../runtime/inspect.js";

type Env = Map<Term, Term>;
const BOOTED = new Set(["kernel", "stdlib", "compiler", "elixir", "iex", "logger"]);
const tables = new WeakMap<object, Map<Term, Env>>();

function apps(p: ProcLike): Map<Term, Env> {
  const rt = p.rt as Runtime;
  let t = tables.get(rt);
  if (t === undefined) {
    tables.set(rt, (t = new Map()));
    // What Elixir's own application starts with that beamsh reads: Kernel.dbg/2's debug function.
    t.set(a("elixir"), new Map([[a("dbg_callback"), tuple(a("Elixir.Macro"), a("dbg"), list([]))]]));
  }
  return t;
}

function env(p: ProcLike, app: Term, create: boolean): Env | undefined {
  const t = apps(p);
  let e = t.get(app);
  if (e === undefined && create) t.set(app, (e = new Map()));
  return e;
}

function put(p: ProcLike, app: Term, key: Term, value: Term): Term {
  const e = env(p, app, true)!;
  e.delete(key);
  e.set(key, value);
  return a("ok");
}

function fetchBang(p: ProcLike, app: Term, key: Term): Term {
  const e = env(p, app, false);
  if (e !== undefined && e.has(key)) return e.get(key)!;
  // The applications a shell starts with are loaded (:application's controller, prelude/erlang/application.ex).
  const loaded = e !== undefined || (app instanceof Atom && BOOTED.has(app.name));
  const why = !loaded ? "the application was not loaded nor configured" : `configuration at ${inspect(key)} was not set`;
  throw argumentError(`could not fetch application environment ${inspect(key)} for application ${inspect(app)} because ${why}`);
}

function allEnv(p: ProcLike, app: Term): Term {
  const e = env(p, app, false);
  if (e === undefined) return list([]);
  return list([...e.entries()].reverse().map(([k, v]) => tuple(k, v)));
}

/** The value of `key` in application `app`'s environment on runtime `rt`, if it has one. */
export function applicationEnv(rt: Runtime, app: string, key: string): Term | undefined {
  return env({ rt } as ProcLike, a(app), false)?.get(a(key));
}

/** Loads `app` with `defaults` unless it is loaded; true when it was not. */
export function loadApplication(p: ProcLike, app: Term, defaults: [Term, Term][]): boolean {
  if (env(p, app, false) !== undefined) return false;
  const e = env(p, app, true)!;
  for (const [k, v] of defaults) e.set(k, v);
  return true;
}

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.Application",
  fns: {
    "get_env/2": ([app, key], p) => env(p, app, false)?.get(key) ?? null,
    "get_env/3": ([app, key, d], p) => {
      const e = env(p, app, false);
      return e !== undefined && e.has(key) ? e.get(key)! : d;
    },
    "fetch_env/2": ([app, key], p) => {
      const e = env(p, app, false);
      return e !== undefined && e.has(key) ? tuple(a("ok"), e.get(key)!) : a("error");
    },
    "fetch_env!/2": ([app, key], p) => fetchBang(p, app, key),
    "get_all_env/1": ([app], p) => allEnv(p, app),
    "put_env/3": ([app, key, value], p) => put(p, app, key, value),
    "put_env/4": ([app, key, value], p) => put(p, app, key, value),
    "put_all_env/1": ([config], p) => {
      for (const entry of listToArray(config) ?? []) {
        const [app, kv] = entry as Term[];
        for (const pair of listToArray(kv) ?? []) put(p, app, (pair as Term[])[0], (pair as Term[])[1]);
      }
      return a("ok");
    },
    "put_all_env/2": ([config], p) => {
      for (const entry of listToArray(config) ?? []) {
        const [app, kv] = entry as Term[];
        for (const pair of listToArray(kv) ?? []) put(p, app, (pair as Term[])[0], (pair as Term[])[1]);
      }
      return a("ok");
    },
    "delete_env/2": ([app, key], p) => {
      env(p, app, false)?.delete(key);
      return a("ok");
    },
    "delete_env/3": ([app, key], p) => {
      env(p, app, false)?.delete(key);
      return a("ok");
    },
  },
};
