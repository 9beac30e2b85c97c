// What a stack trace shows of a comprehension in compiled code (a module's function, a
// script's top level). Elixir translates `for` into Enum.reduce/3 calls (elixir_erl_for),
// one per generator, each given a fun that runs the rest of the comprehension for one
// element; an inner generator's reduce is its outer fun's last call. So an error raised
// inside shows, innermost first: the fun it was raised in ("anonymous fn/N in M.f/1", N
// counting the element, the accumulator and the variables the fun closes over), the function
// of Enum calling it (a list's foldl, a range's reduce_range, a map's :maps.fold_1; an outer
// generator's, when it is another, since BEAM records a repeated return address once), the
// fun of an enclosing comprehension at the line of the inner one, and the function the
// comprehension is written in, at the line of its first generator (not when the comprehension
// is a `reduce:` in tail position: its reduce is then that function's last call).
//
// beamsh runs a comprehension inline in its function's frame. The compiler records, for each
// point inside one where a call is made or an error may be raised (a site), the generator
// level it is in, and sets the frame's line to the site's number; machine.ts turns the site
// into those entries. (Shell funs are interpreted on BEAM: erl-eval-trace.ts.)
import type { Code } from "./code.js";
import { Term, a, list, tuple } from "./term.js";
import { SITE_BASE } from "./erl-eval-trace.js";

/** A comprehension's fun on BEAM: its name and arity are known once its body is compiled. */
export interface ForFun {
  /** The module the fun belongs to (elixir_compiler_0 for a script's). */
  owner: string;
  /** As BEAM names it: "-f/1-fun-0-". */
  name: string;
  /** Its element and accumulator, and the variables it closes over. */
  arity: number;
}

/** One generator of a comprehension: its fun, the entry of the function calling it, and where that call is. */
export interface ForLevel {
  fun: ForFun;
  /** The entry of the Enum (or :maps) function that calls the fun. */
  generator: Term;
  /** The level whose fun this generator's reduce is called in (null: the function itself). */
  up: ForLevel | null;
  /** The reduce is the last call of what calls it (its caller's entry is gone). */
  tail: boolean;
  /** The line of the reduce call (the generator's). */
  line: number;
}

/** A point inside a comprehension of compiled code. */
export interface ForSite {
  line: number;
  level: ForLevel;
}

/** A unit's comprehension sites, numbered from SITE_BASE as they are first met. */
export class ForSites {
  readonly sites: ForSite[] = [];
  private readonly ids = new Map<ForLevel, Map<number, number>>();

  /** The frame line of the point at `line` inside `level`. */
  lineOf(line: number, level: ForLevel): number {
    let byLine = this.ids.get(level);
    if (byLine === undefined) this.ids.set(level, (byLine = new Map()));
    let id = byLine.get(line);
    if (id === undefined) {
      id = this.sites.length;
      this.sites.push({ line, level });
      byLine.set(line, id);
    }
    return SITE_BASE + id;
  }
}

/** The comprehension site a frame of `code` at `line` is at, if it is one. */
export function forSiteAt(code: Code, line: number): ForSite | null {
  const sites = (code as { forSites?: ForSite[] }).forSites;
  return sites !== undefined && line >= SITE_BASE ? (sites[line - SITE_BASE] ?? null) : null;
}

const charlist = (s: string): Term => list(Array.from(s, (c) => c.codePointAt(0)!));

/**
 * The entries a frame at `site` shows above its function's own (innermost first), and the
 * line of the function's own entry (null: it is gone, the comprehension being its last call).
 */
export function forSiteEntries(site: ForSite, file: string): { entries: Term[]; outerLine: number | null } {
  const funEntry = (fun: ForFun, line: number): Term => tuple(a(fun.owner), a(fun.name), fun.arity, list([tuple(a("file"), charlist(file)), tuple(a("line"), line)]));
  const entries: Term[] = [funEntry(site.level.fun, site.line)];
  for (let lv = site.level; ; lv = lv.up) {
    if (entries[entries.length - 1] !== lv.generator) entries.push(lv.generator);
    if (lv.up === null) return { entries, outerLine: lv.tail ? null : lv.line };
    if (!lv.tail) entries.push(funEntry(lv.up.fun, lv.line));
  }
}
