// What the shell reads of IEx's configuration (IEx.configure/1 keeps it in the :iex
// application's environment, prelude/iex.ex): the prompts and the options results are
// inspected with, as IEx.Server and IEx.Evaluator read them before each input.
import { LOCAL_NODE, type Runtime } from "../runtime/runtime.js";
import { Atom, Cons, NIL, Term, a, atomName, list, tuple } from "../runtime/term.js";
import { applicationEnv, loadApplication, putApplicationEnv } from "../stdlib/application.js";

/** The :iex application's environment as iex starts with it (IEx.configuration/0's order). */
export function loadIexEnvironment(rt: Runtime, pry = true): void {
  // (kept newest first: the last one put is listed first)
  loadApplication({ rt } as never, a("iex"), [
    [a("default_prompt"), "%prefix(%counter)>"],
    [a("alive_prompt"), "%prefix(%node)%counter>"],
    [a("inspect"), list([tuple(a("pretty"), true)])],
    [a("history_size"), 20],
    [a("colors"), NIL],
  ]);
  // iex makes its pry the backend of Kernel.dbg/2 (IEx.Pry.dbg/3, prelude/iex.ex).
  // (unless started with --no-pry)
  if (pry) putApplicationEnv(rt, "elixir", "dbg_callback", tuple(a("Elixir.IEx.Pry"), a("dbg"), NIL));
}

const text = (t: Term | undefined): string | null => (typeof t === "string" ? t : null);

/**
 * The prompt before an input (`continuation`: inside an unfinished expression), as
 * IEx.Server makes it: the configured prompt with %counter, %prefix and %node filled in.
 */
export function iexPrompt(rt: Runtime, counter: number, continuation: boolean, prefix0 = "iex"): string {
  const alive = rt.node !== LOCAL_NODE;
  const main = alive ? "alive_prompt" : "default_prompt";
  const cont = alive ? "alive_continuation_prompt" : "continuation_prompt";
  const fallback = alive ? "%prefix(%node)%counter>" : "%prefix(%counter)>";
  const base = text(applicationEnv(rt, "iex", main)) ?? fallback;
  const template = continuation ? (text(applicationEnv(rt, "iex", cont)) ?? base) : base;
  const prefix = continuation ? "..." : prefix0;
  return template.replaceAll("%counter", String(counter)).replaceAll("%prefix", prefix).replaceAll("%node", atomName(rt.node)) + " ";
}

/**
 * The result of input `counter` kept for v/1, as IEx.History.append/3 keeps it: then the
 * oldest results go while more than IEx.Config.history_size/0 (20 by default; negative: all)
 * are kept, and v/1 of a dropped one is out of bounds, even after the size is raised again.
 */
export function appendHistory(rt: Runtime, history: Map<number, Term>, counter: number, value: Term): void {
  history.set(counter, value);
  const n = applicationEnv(rt, "iex", "history_size");
  const limit = typeof n === "number" ? n : typeof n === "bigint" ? Number(n) : 20;
  if (limit < 0) return;
  for (const key of history.keys()) {
    if (history.size <= limit) return;
    history.delete(key);
  }
}

/** IEx.Config.width/0: the configured width (80 by default), at most the terminal's columns. */
export function iexWidth(rt: Runtime, columns: number | null): number {
  const w = applicationEnv(rt, "iex", "width");
  const value = typeof w === "number" ? w : 80;
  return Math.min(value, columns ?? 80);
}

/**
 * The keyword options results are inspected with (IEx.Config.inspect_opts/0 without syntax
 * colours), or null when they are iex's defaults (pretty, at the width).
 */
export function iexInspectOptions(rt: Runtime, width: number): Term | null {
  const opts = applicationEnv(rt, "iex", "inspect");
  const pairs: [Term, Term][] = [];
  for (let l = opts ?? NIL; l instanceof Cons; l = l.t) {
    const p = l.h;
    if (Array.isArray(p) && p.length === 2) pairs.push([p[0], p[1]]);
  }
  const plain = pairs.length === 1 && pairs[0][0] instanceof Atom && (pairs[0][0] as Atom).name === "pretty" && pairs[0][1] === true;
  if (plain && applicationEnv(rt, "iex", "width") === undefined) return null;
  if (!pairs.some(([k]) => k instanceof Atom && k.name === "width")) pairs.unshift([a("width"), width]);
  return list(pairs.map(([k, v]) => tuple(k, v)));
}
