// Stack entries of Elixir's (and Erlang's stdlib's) own functions, as iex prints them.
//
// beamsh's library is not Elixir's code: a function of the prelude has the prelude's lines,
// a native has none, and a native that raises leaves its arguments in its entry. On the
// BEAM, an entry's line is where the function was when the exception passed: the raise
// itself in the function that raised, the call it was waiting on in every function below.
// A table generated with real Elixir (elixir-bodies.json, by elixir-functions.gen.exs)
// keeps, for each compiled function (lifted funs and inlined list functions included),
// where its body raises what and calls what; an entry is given the line of the raise of
// the exception that passed (the raising frame) or of the call to the next entry's
// function (every frame below it). What the table does not know keeps the function's first
// line, where Elixir defines it.
import { readFileSync } from "node:fs";
import { Fun } from "../runtime/fun.js";
import { Atom, Term, a, isList, list, listLength, listToArray, tuple } from "../runtime/term.js";
import { elixirLocation, elixirModuleFile } from "./clause-blame.js";
import { ENTERED, LIBRARY_LINE_OFFSET, WAITING } from "../runtime/machine.js";

/** One function's events: calls by target ("Mod:fun/arity", "()/arity"), raises by exception. */
interface Body {
  /** [line, target, a last call (no frame of the function is left while it runs)] */
  calls: [number, string, boolean][];
  raises: [number, string][];
  /** where its receives wait */
  receives: number[];
  /** A function that passes its default arguments on: the full one's name/arity, which shows. */
  full?: string;
}

let bodies: Record<string, string> | null = null;
const parsed = new Map<string, Map<string, Body>>();
/** The functions Elixir's compiler inlines into their callers in the module, by module. */
const inlined = new Map<string, Set<string>>();

/** src/stdlib/elixir-bodies.json, read on the first library frame. */
function moduleBodies(mod: string): Map<string, Body> | undefined {
  let m = parsed.get(mod);
  if (m !== undefined) return m;
  if (bodies === null) {
    try {
      bodies = JSON.parse(readFileSync(new URL("../../../src/stdlib/elixir-bodies.json", import.meta.url), "utf8"));
    } catch {
      bodies = {}; // a broken install keeps first lines, not the error
    }
  }
  const text = bodies![mod];
  if (text === undefined) return undefined;
  m = new Map();
  for (const row of text.split("\n")) {
    const [fa, ...events] = row.split("\t");
    if (fa === "@inline") {
      inlined.set(mod, new Set(events));
      continue;
    }
    const body: Body = { calls: [], raises: [], receives: [] };
    for (const ev of events) {
      if (ev.startsWith("=")) {
        body.full = ev.slice(1);
        continue;
      }
      if (ev.endsWith("@")) {
        body.receives.push(Number(ev.slice(0, -1)));
        continue;
      }
      const call = ev.indexOf(">");
      const bang = ev.indexOf("!");
      if (call > 0 && (bang < 0 || call < bang)) {
        const last = ev[call + 1] === ">";
        body.calls.push([Number(ev.slice(0, call)), ev.slice(call + (last ? 2 : 1)), last]);
      }
      else if (bang > 0) body.raises.push([Number(ev.slice(0, bang)), ev.slice(bang + 1)]);
    }
    m.set(fa, body);
  }
  parsed.set(mod, m);
  return m;
}

const FILE = a("file");
const LINE = a("line");
const charlist = (s: string): Term => list(Array.from(s, (c) => c.codePointAt(0)!));

/** What a stack entry calls, as the table names call targets; null when not a function's entry. */
function calleeKey(e: Term): string | null {
  if (!Array.isArray(e)) return null;
  if (e.length === 3 && e[0] instanceof Fun) return "()";
  if (e.length !== 4 || !(e[0] instanceof Atom) || !(e[1] instanceof Atom)) return null;
  const arity = typeof e[2] === "number" ? e[2] : isList(e[2]) ? listLength(e[2]) : null;
  return arity === null ? null : `${e[0].name}:${e[1].name}/${arity}`;
}

/** "Elixir.Enumerable.List:reduce/3" -> the calls it may stand for ("Elixir.Enumerable:reduce/3"). */
function implementationOf(key: string): Set<string> | null {
  const colon = key.indexOf(":");
  const mod = key.slice(0, colon);
  const fa = key.slice(colon);
  const out = new Set<string>();
  for (let dot = mod.lastIndexOf("."); dot > "Elixir".length; dot = mod.lastIndexOf(".", dot - 1)) out.add(mod.slice(0, dot) + fa);
  return out.size === 0 ? null : out;
}

/** Whether an entry is a fun's or a function of code the library does not know (a caller's fun). */
function isFunCall(e: Term, key: string): boolean {
  if (key === "()") return true;
  const [m, f] = e as [Atom, Atom];
  return m.name === "erl_eval" || f.name.startsWith("-") || moduleBodies(m.name) === undefined;
}

/**
 * A line of a function's body, and whether it is a last call there (for a fun applied where
 * it raised: whether the function goes on after it; for a raise: whether erlang:error/2
 * raised it with the function's arguments, which its entry then shows).
 */
type Site = [number, boolean, boolean?, boolean?];


/**
 * The line of a library function's entry: of the raise of `exception` when it raised
 * (`callee` null), of its call to `callee`'s function otherwise; null when not known.
 */
function lineOf(body: Body, callee: Term | null, exception: string | null, near?: number, loose = true): Site | null {
  if (callee === null) {
    if (exception === WAITING) return body.receives.length > 0 ? [body.receives[0], false] : null;
    // (a failed binary construction is an ArgumentError too: of a prelude function laid out
    // as Elixir's, the site nearest where it stood; of a native, one where nothing else is known)
    const argument = exception === "Elixir.ArgumentError";
    const built = argument ? body.raises.filter(([, x]) => x === "<<") : [];
    // ("Exc(": raised by erlang:error/2 with the function's arguments, which then show)
    const exact = closest([...body.raises.filter(([, x]) => x === exception || x === exception + "("), ...(near === undefined ? [] : built)], near) ?? built[0];
    if (exact !== undefined) return [exact[0], false, false, exact[1].endsWith("(")];
    // what the BEAM raises itself where the body does it: applying what is not a fun (or
    // with the wrong number of arguments)
    if (exception === "Elixir.BadFunctionError" || exception === "Elixir.BadArityError") {
      // (of several, the one nearest where the prelude's function stood)
      const apply = closest(body.calls.filter(([, t]) => t.startsWith("()/")), near);
      if (apply !== undefined) return [apply[0], false, !apply[2]];
    }
    // (of several, the one nearest where the prelude's function stood)
    const unknown = closest(body.raises.filter(([, x]) => x === "?" || x === "?("), near);
    return unknown === undefined ? null : [unknown[0], false, false, unknown[1] === "?("];
  }
  const key = calleeKey(callee);
  if (key === null) return null;
  // (a frame waiting on a call the function makes both last and not, with nothing nearer to
  // tell them apart, waits on the one that is not: a last call leaves no frame to wait)
  const calls = body.calls.filter(([, t]) => t === key);
  const waiting = near === undefined && calls.some((c) => !c[2]) ? calls.filter((c) => !c[2]) : calls;
  const exact = closest(waiting, near) ?? body.calls.find(([, t]) => defaultsOf(t) === key);
  if (exact !== undefined) return [exact[0], exact[2]];
  // a protocol's implementation (Enumerable.List.reduce/3) runs for the call of the
  // protocol's function (Enumerable.reduce/3), which dispatched to it as its last call
  const impl = implementationOf(key);
  if (impl !== null) {
    const proto = body.calls.find(([, t]) => impl.has(t));
    if (proto !== undefined) return [proto[0], proto[2]];
    // (or a helper of the implementation by the same name, its function's last call:
    // Enumerable.Range's reduce/5 for reduce/3)
    const named = [...impl].map((t) => t.slice(0, t.lastIndexOf("/") + 1));
    const via = body.calls.find(([, t]) => named.some((m) => t.startsWith(m)));
    if (via !== undefined) return [via[0], via[2]];
  }
  // a function the compiler lifted out of another ("-map/2-lists^map/1-0-", a fun) runs
  // for a call of that one, which went on to it as its last call
  const lifted = /^(.*:)-(.+)-[^-]+-\d+-\/\d+$/.exec(key);
  if (lifted !== null) {
    const site = body.calls.find(([, t]) => t === lifted[1] + lifted[2]);
    if (site !== undefined) return [site[0], site[2]];
  }
  // a function the body called that went on to the callee as its own last call, leaving no
  // frame (IO.inspect/3 calls IO.puts/2, whose last call is :io.put_chars/2)
  // (or through more of them, or a protocol's function dispatching to its implementation:
  // Enumerable.reduce/3 to Enumerable.Stream.reduce/3, whose last calls reach do_each/4)
  for (const [line, t, last] of body.calls) {
    if (t.indexOf(":") > 0 && !t.startsWith("*") && goesOnTo(t, key, 3, false)) return [line, last];
  }
  // a function called by a name known when it runs (module.reduce(...), apply/3)
  const dynamic = body.calls.find(([, t]) => t === "*/" + key.slice(key.lastIndexOf("/") + 1));
  if (dynamic !== undefined) return [dynamic[0], dynamic[2]];
  // a function applied by erlang:apply/2,3 (proc_lib's init_p_do_apply/3, Task's invoke_mfa/2)
  const applied = body.calls.find(([, t]) => t === "erlang:apply/3" || t === "erlang:apply/2");
  if (applied !== undefined) return [applied[0], applied[2]];
  // a fun applied (an argument of Enum.map, ...) or a callback applied by name (apply/3);
  // for a function the body does not call, the one fun it applies, which called it last
  if (isFunCall(callee, key)) {
    const fun = closest(body.calls.filter(([, t]) => t.startsWith("()/") || t.startsWith("*/")), near);
    if (fun !== undefined) return [fun[0], fun[2]];
    // (a body that applies no fun of its own reached it through a protocol's function, as
    // below: Enum.reverse/1's Enumerable.reduce/3 running a stream's funs)
    if (!loose) return null;
  }
  // (or to a function or fun known only when it runs, as its last call: Enumerable.reduce/3
  // of a function stream applies the stream's fun, which was Stream.do_transform/5)
  // (not when looking for a way between two functions: loose false)
  if (loose) {
    for (const [line, t, last] of body.calls) {
      if (t.indexOf(":") > 0 && !t.startsWith("*") && goesOnTo(t, key, 3, true)) return [line, last];
    }
  }
  // (of several, the one where the prelude's function laid out as Elixir's stood)
  const funs = body.calls.filter(([, t]) => t.startsWith("()/"));
  if (funs.length === 0 || (new Set(funs.map(([l]) => l)).size !== 1 && near === undefined)) return null;
  const fun = closest(funs, near)!;
  return [fun[0], fun[2]];
}

/**
 * Of several sites of the same event, the one nearest `near` (where the prelude's function,
 * laid out as Elixir's, stood: LIBRARY_LINE_OFFSET), else the first.
 */
function closest<T extends [number, ...unknown[]]>(sites: T[], near: number | undefined): T | undefined {
  if (near === undefined || sites.length < 2) return sites[0];
  let best = sites[0];
  for (const s of sites) if (Math.abs(s[0] - near) < Math.abs(best[0] - near)) best = s;
  return best;
}

/**
 * Whether calling `from` ("Mod:fun/arity") reaches `goal` by last calls alone, leaving no
 * frame between them, within `depth` calls: a protocol's function goes on to the
 * implementation for the goal's module as its last call. With `applied`, a last call of a
 * fun or of a function named when it runs may be the way.
 */
function goesOnTo(from: string, goal: string, depth: number, applied: boolean): boolean {
  if (depth === 0) return false;
  const colon = from.indexOf(":");
  const mod = from.slice(0, colon);
  const fa = from.slice(colon + 1);
  const goalMod = goal.slice(0, goal.indexOf(":"));
  const bodies = moduleBodies(mod);
  if (bodies === undefined) return false;
  // a protocol (Enumerable: its functions dispatch through impl_for!/1) and its implementation
  if (goalMod.startsWith(mod + ".") && bodies.has("impl_for!/1")) {
    const impl = `${goalMod}:${fa}`;
    if (impl === goal) return true;
    if (moduleBodies(goalMod)?.has(fa) === true) return goesOnTo(impl, goal, depth - 1, applied);
  }
  const body = bodies.get(fa);
  if (body === undefined) return false;
  for (const [, t, last] of body.calls) {
    if (!last) continue;
    if (t.startsWith("*") || t.startsWith("()")) {
      if (applied) return true;
      continue;
    }
    if (t === goal || (t !== from && t.indexOf(":") > 0 && goesOnTo(t, goal, depth - 1, applied))) return true;
  }
  return false;
}

/**
 * `entry` ({mod, fun, arity | args, location}) of a library function as iex shows it, given
 * the entry above it (`callee`, null for the raising frame) and the module of the exception
 * raised (null when not an exception struct); null to keep the entry as it is.
 */
function libraryEntry(entry: Term[], callee: Term | null, caller: Term | null, exception: string | null): Term[] | null {
  const [mod, fun, arityOrArgs] = entry;
  if (!(mod instanceof Atom) || !(fun instanceof Atom)) return null;
  // an undefined function's entry is the call that failed, with its arguments
  if (exception === "Elixir.UndefinedFunctionError" && callee === null) return null;
  const withArgs = isList(arityOrArgs);
  let arity = withArgs ? listLength(arityOrArgs) : (arityOrArgs as number);
  // Arguments show only where no clause matched (FunctionClauseError), at the function's
  // first clause; an Elixir function that raised otherwise shows its arity (an Erlang
  // function may raise with its arguments: erlang:error(badarg, Args)).
  if (withArgs && callee === null && exception === "Elixir.FunctionClauseError") {
    const first = elixirLocation(mod, fun, arity) ?? funLocation(mod, fun, arity);
    return first === null ? null : located(mod, fun, arityOrArgs, first[0], first[1]);
  }
  let showArgs = withArgs && !(callee === null && mod.name.startsWith("Elixir."));
  const bodies = moduleBodies(mod.name);
  let body = bodies?.get(`${fun.name}/${arity}`);
  // (raised by erlang:error/2 with its arguments: they show)
  if (withArgs && !showArgs && body?.full === undefined && body !== undefined && lineOf(body, null, exception)?.[3] === true) showArgs = true;
  if (body?.full !== undefined && !showArgs) {
    arity = Number(body.full.slice(body.full.lastIndexOf("/") + 1));
    body = bodies!.get(body.full);
  }
  let name = fun;
  const first = elixirLocation(mod, fun, arity);
  const offset = arity === (withArgs ? listLength(arityOrArgs) : arityOrArgs) ? LIBRARY_LINE_OFFSET.get(entry) : undefined;
  const near = offset !== undefined && first !== null ? first[1] + offset : undefined;
  let site: Site | null = body === undefined ? null : lineOf(body, callee, exception, near);
  if (body === undefined && bodies !== undefined) {
    // a fun the compiler numbered otherwise, or a helper of beamsh's standing for a list
    // function Elixir's compiler inlined into the caller
    const anonymous = anonymousSite(bodies, fun.name, arity, callee, exception);
    const list = anonymous === null ? inlinedList(bodies, mod, fun.name, arity, caller, callee, exception) : null;
    if (anonymous === null && list === null) return null;
    if (list !== null) name = a(list[1]);
    site = anonymous ?? list![0];
  }
  // waiting on its last call, the function has no frame left on the BEAM (but a BIF that
  // raises is no call: the function whose code called it shows, as erts reads it off the
  // instruction pointer)
  if (site !== null && site[1] && !raisingBif(callee)) return LEFT_OUT;
  const line = site?.[0] ?? first?.[1];
  const file = first?.[0] ?? elixirModuleFile(mod);
  if (file === null || line === undefined) return null;
  const shown = located(mod, name, showArgs ? arityOrArgs : arity, file, line);
  if (site?.[2] === true) APPLIED_BEFORE_RETURNING.add(shown);
  return shown;
}

/**
 * Where an anonymous function of a library module ("-from_list/1-fun-0-") is: the first line
 * its body does anything at (the table of locations has named functions only); null if not known.
 */
function funLocation(mod: Atom, fun: Atom, arity: number): [string, number] | null {
  if (!fun.name.startsWith("-")) return null;
  const bodies = moduleBodies(mod.name);
  // (a list function's loop over a constant fun (Enum.sum's &+/2) has no argument for the
  // fun, but its function_clause error gives the fun first all the same: one more argument)
  // (a fn that uses variables of its function takes them as more arguments: Keyword.map/2's
  // fn of `fun` is "-map/2-fun-0-"/2)
  const body = bodies?.get(`${fun.name}/${arity}`) ?? bodies?.get(`${fun.name}/${arity - 1}`)
    ?? [...(bodies ?? new Map<string, Body>())].find(([fa]) => fa.startsWith(`${fun.name}/`) && Number(fa.slice(fun.name.length + 1)) > arity)?.[1];
  const file = elixirModuleFile(mod);
  if (body === undefined || file === null) return null;
  const lines = [...body.calls.map((c) => c[0]), ...body.raises.map((r) => r[0])];
  return lines.length === 0 ? null : [file, Math.min(...lines)];
}

/** Whether `e` is the entry of a BIF of an Erlang module that raised (with its arguments). */
function raisingBif(e: Term | null): boolean {
  if (!Array.isArray(e) || e.length !== 4 || !isList(e[2])) return false;
  const [mod, fun] = e;
  if (!(mod instanceof Atom) || !(fun instanceof Atom) || mod.name.startsWith("Elixir.")) return false;
  if (mod.name === "erlang") return true;
  return elixirModuleFile(mod) !== null && elixirLocation(mod, fun, listLength(e[2])) === null;
}

/** Raising entries of functions that applied what is no fun and would have gone on after it. */
const APPLIED_BEFORE_RETURNING = new WeakSet<Term[]>();

/** "Mod:fun/2" -> "Mod:fun/3" when fun/2 only passes its default arguments on to fun/3. */
function defaultsOf(target: string): string | undefined {
  const colon = target.indexOf(":");
  if (colon < 0) return undefined;
  const full = moduleBodies(target.slice(0, colon))?.get(target.slice(colon + 1))?.full;
  return full === undefined ? undefined : target.slice(0, colon + 1) + full;
}

/** A library function's body by its entry (a function passing its defaults on: the full one's). */
function bodyOfEntry(e: Term): Body | undefined {
  if (!Array.isArray(e) || e.length !== 4 || !(e[0] instanceof Atom) || !(e[1] instanceof Atom)) return undefined;
  const arity = typeof e[2] === "number" ? e[2] : isList(e[2]) ? listLength(e[2]) : null;
  const bodies = moduleBodies(e[0].name);
  const body = bodies?.get(`${e[1].name}/${arity}`);
  return body?.full !== undefined ? bodies!.get(body.full) : body;
}

/**
 * The functions between a library function's entry and the library function above it
 * (`callee`) that Elixir's code calls on the way (innermost first): [] when the one calls
 * the other itself, null when the table knows no way (or either is not Elixir's).
 */
function pathBetween(entry: Term[], callee: Term, exception: string | null): Term[][] | null {
  const body = bodyOfEntry(entry);
  const goal = calleeKey(callee);
  if (body === undefined || goal === null || !goal.startsWith("Elixir.") || bodyOfEntry(callee) === undefined) return null;
  if (lineOf(body, callee, exception, undefined, false) !== null) return [];
  const impl = implementationOf(goal);
  const reaches = (t: string) => t === goal || (impl?.has(t) ?? false);
  // breadth first over the calls of Elixir's functions, a few calls deep
  const start = calleeKey(entry)!;
  const from = new Map<string, string>([[start, ""]]);
  let level = [start];
  for (let depth = 0; depth < 4 && level.length > 0; depth++) {
    const next: string[] = [];
    for (const key of level) {
      const colon = key.indexOf(":");
      const b = moduleBodies(key.slice(0, colon))?.get(key.slice(colon + 1));
      if (b === undefined) continue;
      for (const [, t] of b.calls) {
        if (reaches(t) && key !== start) {
          const path: Term[][] = [];
          for (let k = key; k !== start; k = from.get(k)!) {
            const c = k.indexOf(":");
            const slash = k.lastIndexOf("/");
            path.push(tuple(a(k.slice(0, c)), a(k.slice(c + 1, slash)), Number(k.slice(slash + 1)), list([])) as Term[]);
          }
          return path;
        }
        if (from.has(t) || !t.startsWith("Elixir.")) continue;
        const c = t.indexOf(":");
        if (moduleBodies(t.slice(0, c))?.has(t.slice(c + 1)) !== true) continue;
        from.set(t, key);
        next.push(t);
      }
    }
    level = next;
  }
  return null;
}

/** libraryEntry's answer for an entry the BEAM would not have. */
const LEFT_OUT: Term[] = [];

/** "-reduce/3-fun-0-" -> the line of the same fun of Enum.reduce/3 however Elixir numbered it. */
function anonymousSite(bodies: Map<string, Body>, name: string, arity: number, callee: Term | null, exception: string | null): Site | null {
  const m = /^-(.+)-(?:fun|anonymous)-\d+-$/.exec(name);
  if (m === null) return null;
  // the fun written in the function first, then one the compiler made inlining a function
  let fallback: Site | null = null;
  for (const prefix of [`-${m[1]}-fun-`, `-${m[1]}-anonymous-`]) {
    for (const [fa, body] of bodies) {
      if (!fa.startsWith(prefix)) continue;
      const site = lineOf(body, callee, exception);
      if (site === null) continue;
      if (fa.endsWith(`/${arity}`)) return site;
      fallback ??= site;
    }
  }
  return fallback;
}

/**
 * A helper of beamsh's named after a list function (Enum.foldl/3) where Elixir's compiler
 * inlined :lists.foldl/3 into the caller: `Enum."-group_by/3-lists^foldl/2-0-"/3`.
 */
function inlinedList(
  bodies: Map<string, Body>, mod: Atom, name: string, arity: number, caller: Term | null, callee: Term | null, exception: string | null,
): [Site, string] | null {
  if (!Array.isArray(caller) || caller.length !== 4 || caller[0] !== mod || !(caller[1] instanceof Atom)) return null;
  const callerArity = isList(caller[2]) ? listLength(caller[2]) : caller[2];
  const body = bodies.get(`${caller[1].name}/${callerArity}`);
  if (body === undefined) return null;
  const own = `${mod.name}:`;
  for (const [, t] of body.calls) {
    if (!t.startsWith(own) || !t.endsWith(`/${arity}`) || !t.includes(`-lists^${name}/`)) continue;
    const fa = t.slice(own.length);
    const inlined = bodies.get(fa);
    const site = inlined === undefined ? null : lineOf(inlined, callee, exception);
    if (site !== null) return [site, fa.slice(0, fa.lastIndexOf("/"))];
  }
  return null;
}

function located(mod: Atom, fun: Atom, arityOrArgs: Term, file: string, line: number): Term[] {
  return tuple(mod, fun, arityOrArgs, list([tuple(FILE, charlist(file)), tuple(LINE, line)])) as Term[];
}

/**
 * The entries of a stack trace as iex shows them (LibraryHooks.libraryFrames): `library`
 * holds the indexes of the library's functions' entries.
 */
/**
 * Entries a native made knowing where the BEAM's would be (io's raise of a device's error,
 * line 99, where the table knows only io's first raise): kept as they are.
 */
export const locatedEntries = new WeakSet<Term[]>();

export function libraryFrames(entries: Term[], library: number[], exception: string | null): Term[] {
  const lib = new Set(library.filter((i) => !(Array.isArray(entries[i]) && locatedEntries.has(entries[i] as Term[]))));
  const kept: Term[] = [];
  const keptLib: boolean[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = lib.has(i) ? uninlined(entries[i], kept.length > 0 ? kept[kept.length - 1] : null, entries[i + 1]) : entries[i];
    if (entry === null) continue;
    kept.push(entry);
    keptLib.push(lib.has(i));
  }
  // (each entry's callee is the entry above it as beamsh made it: a function left out for
  // its last call is still what its caller called)
  const out: Term[] = [];
  for (let i = 0; i < kept.length; i++) {
    const entry = kept[i] as Term[];
    const entered = entry[3] === ENTERED;
    let callee = i > 0 ? kept[i - 1] : null;
    if (keptLib[i] && callee !== null) {
      // functions Elixir's code goes through from this one to its callee, which beamsh's
      // implementation calls directly (or a native's helpers run inside it)
      const path = pathBetween(entry, callee, exception);
      // (a native that raised as the function its defaults pass on to is that function)
      // (an Erlang function's native that raised as the BIF it calls shows at that call)
      const bifCallee = entered && Array.isArray(callee) && callee[0] instanceof Atom && !callee[0].name.startsWith("Elixir.") && isList(callee[2]);
      if (entered && !bifCallee && (path === null || bodyOfEntry(entry) === bodyOfEntry(callee))) continue;
      for (const mid of path ?? []) {
        const shown = libraryEntry(mid, callee, null, exception);
        if (shown !== null && shown !== LEFT_OUT) out.push(shown);
        callee = mid;
      }
    }
    const shown = keptLib[i] ? libraryEntry(entry, callee, kept[i + 1] ?? null, exception) : null;
    // (the entry below calls this one by the name it shows: Enum's helper for an inlined :lists function)
    if (shown !== null && shown !== LEFT_OUT && shown[1] !== entry[1]) kept[i] = shown;
    if (shown === LEFT_OUT) continue;
    if (shown === null) {
      if (!entered) out.push(entry);
      continue;
    }
    // what else the location said (error_info) stays
    const rest = (listToArray(entry[3]) ?? []).filter((kv) => !(Array.isArray(kv) && (kv[0] === FILE || kv[0] === LINE)));
    if (rest.length > 0) shown[3] = list([...(listToArray(shown[3]) ?? []), ...rest]);
    out.push(shown);
    // Applying what is no fun (or with the wrong arity) fails in the call itself: the
    // function's entry at the call, then the call's return address in the same function,
    // unless the call was the function's last (its frame already gone).
    if (i === 0 && APPLIED_BEFORE_RETURNING.has(shown)) out.push(shown);
  }
  return out;
}

/**
 * `entry` when its function is one Elixir's compiler inlines into its callers in the module
 * (Enum's reduce_enumerable/3, reduce/3): the BEAM has no frame of it. When its caller
 * (the entry below) calls it, the caller's frame stands for both: null (left out). When the
 * caller calls another function of the module that it is inlined into (Enum.dedup/1 calls
 * Enum.reduce/3, where beamsh has reduce_enumerable/3 run after a tail call), that one
 * shows. Anything else stays as it is.
 */
function uninlined(entry: Term, callee: Term | null, caller: Term): Term | null {
  if (!Array.isArray(entry) || entry.length !== 4 || !Array.isArray(caller) || caller.length !== 4) return entry;
  const [mod, fun, arity] = entry;
  if (!(mod instanceof Atom) || !(fun instanceof Atom) || caller[0] !== mod || typeof arity !== "number") return entry;
  const fa = `${fun.name}/${arity}`;
  const bodies = moduleBodies(mod.name);
  if (bodies === undefined || !inlined.get(mod.name)?.has(fa)) return entry;
  const callerArity = isList(caller[2]) ? listLength(caller[2]) : caller[2];
  const body = bodies.get(`${(caller[1] as Atom).name}/${callerArity}`);
  if (body === undefined) return null;
  // (a call the compiler did not inline, as Enum.reduce(...) written remote, keeps its frame)
  const own = `${mod.name}:`;
  if (body.calls.some(([, t]) => t === own + fa)) return entry;
  if (callee !== null && lineOf(body, callee, null) !== null) return null;
  for (const [, t] of body.calls) {
    if (!t.startsWith(own)) continue;
    const g = bodies.get(t.slice(own.length));
    if (g !== undefined && callee !== null && lineOf(g, callee, null) !== null) {
      const slash = t.lastIndexOf("/");
      return tuple(mod, a(t.slice(own.length, slash)), Number(t.slice(slash + 1)), entry[3]);
    }
  }
  return null;
}

/**
 * The line where the library function `mod`:`fa` ("name/arity") calls `target`
 * ("mod:name/arity"), from the table of compiled bodies; undefined when it does not.
 */
export function callSite(mod: string, fa: string, target: string): number | undefined {
  return moduleBodies(mod)?.get(fa)?.calls.find(([, t]) => t === target)?.[0];
}

/**
 * The first line of the library function `mod`:`fa` ("name/arity") that the table of compiled
 * bodies knows (its earliest call, raise or receive): where a breakpoint on it stops.
 */
export function firstLine(mod: string, fa: string): number | undefined {
  const body = moduleBodies(mod)?.get(fa);
  if (body === undefined) return undefined;
  if (body.full !== undefined && body.full !== fa) return firstLine(mod, body.full);
  const lines = [...body.calls.map(([l]) => l), ...body.raises.map(([l]) => l), ...body.receives].filter((l) => l > 0);
  return lines.length > 0 ? Math.min(...lines) : undefined;
}
