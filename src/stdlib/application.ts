// Application environment (Application.put_env/get_env/fetch_env/...): per runtime, per
// application, a table of keys to values, as the application controller keeps it. Whether an
// application is loaded is :application's (prelude/erlang/application.ex); a value can be
// put in the environment of one that is not, as on the BEAM.
import type { NativeFn, ProcLike } from "../runtime/code.js";
import type { Runtime } from "../runtime/runtime.js";
import { keyOf } from "../runtime/map.js";
import { applicationModules, moduleApplication } from "../runtime/exception-message.js";
import { Atom, NIL, Term, a, list, listToArray, tuple } from "../runtime/term.js";

/** An application's environment: each key (any term: compared as terms) with its value. */
class Env {
  private readonly entries = new Map<unknown, [Term, Term]>();
  has(key: Term): boolean {
    return this.entries.has(keyOf(key));
  }
  get(key: Term): Term | undefined {
    return this.entries.get(keyOf(key))?.[1];
  }
  set(key: Term, value: Term): void {
    const k = keyOf(key);
    const old = this.entries.get(k);
    if (old !== undefined) old[1] = value;
    else this.entries.set(k, [key, value]);
  }
  delete(key: Term): void {
    this.entries.delete(keyOf(key));
  }
  pairs(): [Term, Term][] {
    return [...this.entries.values()];
  }
}
const tables = new WeakMap<object, Map<Term, Env>>();

function apps(p: ProcLike): Map<Term, Env> {
  const rt = p.rt as Runtime;
  let t = tables.get(rt);
  if (t === undefined) {
    tables.set(rt, (t = new Map()));
    // What Elixir's own application starts with that beamsh reads: Kernel.dbg/2's debug function.
    const elixir = new Env();
    elixir.set(a("dbg_callback"), tuple(a("Elixir.Macro"), a("dbg"), list([])));
    t.set(a("elixir"), elixir);
    // Logger's, as its .app file gives them (Application.get_all_env(:logger)'s order: the
    // last one set is listed first).
    const logger = new Env();
    const loggerEnv: [string, Term][] = [
      ["discard_threshold_for_error_logger", 500],
      ["utc_log", false],
      ["compile_time_application", null],
      ["truncate", 8096],
      ["translator_inspect_opts", NIL],
      ["handle_sasl_reports", false],
      ["start_options", NIL],
      ["discard_threshold", 500],
      ["translators", list([tuple(a("Elixir.Logger.Translator"), a("translate"))])],
      ["handle_otp_reports", true],
      ["console", NIL],
      ["discard_threshold_periodic_check", 30000],
      ["backends", list([a("console")])],
      ["sync_threshold", 20],
      ["compile_time_purge_matching", NIL],
    ];
    for (const [k, v] of loggerEnv) logger.set(a(k), v);
    t.set(a("logger"), logger);
  }
  return t;
}

function env(p: ProcLike, app: Term, create: boolean): Env | undefined {
  const t = apps(p);
  let e = t.get(app);
  if (e === undefined && create) t.set(app, (e = new Env()));
  return e;
}

/**
 * A new key goes first in get_all_env/1's list; a replaced value keeps its key's place, as
 * in the application controller's table (an ETS set: a key's place is its hash's, which on
 * the BEAM takes the atoms' table indexes, so beamsh keeps the order keys came in instead).
 */
function put(p: ProcLike, app: Term, key: Term, value: Term): Term {
  env(p, app, true)!.set(key, value);
  return a("ok");
}

function allEnv(p: ProcLike, app: Term): Term {
  const e = env(p, app, false);
  if (e === undefined) return list([]);
  return list(e.pairs().reverse().map(([k, v]) => tuple(k, v)));
}

/** The value of `key` in application `app`'s environment on runtime `rt`, if it has one. */
export function applicationEnv(rt: Runtime, app: string, key: string): Term | undefined {
  return env({ rt } as ProcLike, a(app), false)?.get(a(key));
}

/** Application.put_env/3 from the host (the shell's own settings). */
export function putApplicationEnv(rt: Runtime, app: string, key: string, value: Term): void {
  put({ rt } as ProcLike, a(app), a(key), value);
}

/** Loads `app` with `defaults` unless it is loaded; true when it was not. */
export function loadApplication(p: ProcLike, app: Term, defaults: [Term, Term][]): boolean {
  if (env(p, app, false) !== undefined) return false;
  const e = env(p, app, true)!;
  for (const [k, v] of defaults) e.set(k, v);
  return true;
}

// The environment's table; Application's functions (prelude/application.ex) and :application's
// read and write it through these, after their own guards and checks.
export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.Application",
  fns: {
    "__env_fetch__/2": ([app, key], p) => {
      const e = env(p, app, false);
      return e !== undefined && e.has(key) ? tuple(a("ok"), e.get(key)!) : a("undefined");
    },
    "__env_all__/1": ([app], p) => allEnv(p, app),
    // The controller's list of loaded applications, whenever it changes.
    "__loaded__/1": ([apps], p) => {
      const rt = p.rt as Runtime;
      rt.loadedApplications = new Set(listToArray(apps)?.filter((x): x is Atom => x instanceof Atom).map((x) => x.name) ?? []);
      return a("ok");
    },
    "__env_put__/3": ([app, key, value], p) => put(p, app, key, value),
    // The application a library module ships in (:application.get_application/1 knows it
    // while that application is loaded), and the modules an application ships (its :modules).
    "__module_app__/1": ([mod]) => {
      const app = mod instanceof Atom ? moduleApplication(mod.name) : undefined;
      return app === undefined ? a("undefined") : a(app.split(" ")[0]);
    },
    "__app_modules__/1": ([app]) => list(applicationModules(app instanceof Atom ? app.name : "").map((m) => a(m))),
    "__env_delete__/2": ([app, key], p) => {
      env(p, app, false)?.delete(key);
      return a("ok");
    },
  },
};
