// IEx.Helpers for beamsh: natives in module `Elixir.IEx.Helpers`, which the compiler falls
// back to for unqualified calls typed at the shell (h/0, v/1, flush/0, ...). The shell
// installs them all; a script (`beamsh FILE.exs`) gets IEx's own (scriptHelperHost), as
// elixir has them for `import IEx.Helpers`. What they print goes through the caller's group
// leader (helperNative).
import type { Code, NativeFn, ProcLike } from "../../runtime/code.js";
import { TailCall } from "../../runtime/calls.js";
import { installNatives } from "../../runtime/library.js";
import { Work, inSteps, runToEnd } from "../../runtime/work-in-steps.js";
import { argumentError, badArgs, caseClauseError, raise } from "../../runtime/errors.js";
import { homedir } from "node:os";
import { fce } from "../../runtime/arith.js";
import type { Process } from "../../runtime/process.js";
import type { Runtime } from "../../runtime/runtime.js";
import { Atom, Bin, Pid, Term, a, atomName, isAtom, isBinary, isInteger, list, listToArray, tuple } from "../../runtime/term.js";
import type { ObserverOpening } from "../server.js";
import { inspect } from "../../runtime/inspect.js";
import { type Palette, paint, plainPalette } from "../colors.js";
import { helpDoc, helpH0 } from "./docs.js";
import { callbacksHelp, typesHelp } from "./typespecs.js";
import { libraryTypespecs } from "../../stdlib/docs/index.js";
import { implementedProtocols, infoText } from "../../stdlib/iex-info.js";
import { type DocTarget, openText } from "./open.js";
import { clearScreen, compileFile, exportsText, lsText, recompileModule } from "./system.js";
import { chardata } from "../../stdlib/io.js";
import { cwdOf, setCwd } from "../../stdlib/file.js";
import { startTrace } from "../../observer/trace.js";
import { listToPid, listToRef } from "../../stdlib/process.js";
import { seqHelper, startCrashLog, whyText } from "./teaching.js";
import { wrap } from "../../observer/crashes.js";
import { protocolEvaluator, startEvaluator } from "../iex-protocol.js";

/** What helpers need from the shell that runs them. */
export interface HelperHost {
  readonly rt: Runtime;
  readonly history: Map<number, Term>;
  readonly counter: number;
  readonly palette: Palette;
  write(s: string): void;
  requestRespawn(): void;
  /** continue/0 (false), next/0 and n/0 (true): ends the pry session; false outside one. */
  requestContinue(next: boolean): boolean;
  /** IEx.Pry.pry/2 from `p`: the nested loop to enter, or null when no shell can take it over. */
  takeOver(p: Process, binding: Term, env: Term, location: string): Code | null;
  requestObserver(opening?: ObserverOpening): void;
  requestSplit(): void;
  /** The shell's evaluator (unset while the shell is being built). */
  readonly evaluator?: { readonly proc: Process };
  /** The terminal's width when the shell runs in one (null when piped). */
  readonly terminalColumns?: (() => number) | null;
}

export const HELPERS_MODULE = "Elixir.IEx.Helpers";
const INTROSPECTION_MODULE = "Elixir.IEx.Introspection";
const DONT_DISPLAY = a("do not show this result in output");
const OK = a("ok");
const SPLIT = a("split");

type HelperFn = (args: Term[], p: Process, host: HelperHost) => Term;

/** The helpers table: "name/arity" → implementation (documented in src/stdlib/docs/text/IEx.Helpers.md). */
const HELPERS: Record<string, HelperFn> = {
  "h/0": (_a, _p, host) => (host.write(helpH0(host.palette)), DONT_DISPLAY),
  "i/0": (_a, _p, host) => info(host, lastValue(host, -1)),
  "i/1": ([t], _p, host) => info(host, t),
  "v/0": (_a, _p, host) => lastValue(host, -1),
  "v/1": ([n], _p, host) => lastValue(host, n),
  "flush/0": (_a, p, host) => flush(p, host),
  "pid/1": ([s], p) => pidFromString(p, s),
  "pid/3": ([x, y, z], p) => pidFromInts(p, x, y, z),
  "ref/1": ([s], p) => refFromString(p, s),
  "ref/4": ([w, x, y, z], p) => refFromInts(p, w, x, y, z),
  "c/1": ([f], _p, host) => compileFile(host.rt, fileList(f)),
  "c/2": ([f, path], _p, host) => {
    if (path === a("in_memory")) return compileFile(host.rt, fileList(f));
    if (!isBinary(path)) throw fce(HELPERS_MODULE, "c", [f, path]);
    return compileFile(host.rt, fileList(f), chardata(path));
  },
  "r/1": ([m], _p, host) => recompileModule(host.rt, m),
  // a shell without a Mix project, as `iex` outside `iex -S mix`
  "recompile/0": (_a, _p, host) => mixNotRunning(host),
  "recompile/1": (_a, _p, host) => mixNotRunning(host),
  "clear/0": (_a, _p, host) => (host.write(clearScreen(host.rt, host.palette)), DONT_DISPLAY),
  "exports/0": (_a, _p, host) => (host.write(exportsText(host.rt, a("Elixir.Kernel"))), DONT_DISPLAY),
  "exports/1": ([m], _p, host) => (host.write(exportsText(host.rt, m)), DONT_DISPLAY),
  "respawn/0": (_a, _p, host) => (host.requestRespawn(), DONT_DISPLAY),
  // In a pry session these end it; outside one the shell's server answers them with a new
  // evaluator, as respawn/0 (IEx's evaluator ends on the server's :done).
  "continue/0": (_a, _p, host) => (host.requestContinue(false) || host.requestRespawn(), DONT_DISPLAY),
  "next/0": (_a, _p, host) => (host.requestContinue(true) || host.requestRespawn(), DONT_DISPLAY),
  "n/0": (_a, _p, host) => (host.requestContinue(true) || host.requestRespawn(), DONT_DISPLAY),
  "pwd/0": (_a, _p, host) => (host.write(cwdOf(host.rt) + "\n"), DONT_DISPLAY),
  "cd/1": ([d], _p, host) => cd(host, d),
  "ls/0": (_a, _p, host) => (host.write(lsText(host.rt, ".")), DONT_DISPLAY),
  "ls/1": ([d], _p, host) => {
    if (typeof d !== "string") throw fce(HELPERS_MODULE, "ls", [d]);
    return host.write(lsText(host.rt, d)), DONT_DISPLAY;
  },
  "observer/0": (_a, _p, host) => (host.requestObserver(), OK),
  "observer/1": ([mode], _p, host) => {
    if (mode !== SPLIT) throw argumentError(`observer/1 expects :split (a live view above the prompt; again to turn it off), got: ${inspect(mode)}`);
    host.requestSplit();
    return OK;
  },
  "trace/1": ([pid], _p, host) => toggleTrace(host, pid),
  "process_info/1": ([pid], p) => processInfo(p, pid),
  "seq/1": ([x], p, host) => (x instanceof Pid || isPidList(x) ? followInObserver(host, x) : seqHelper([x], p, host.terminalColumns?.())),
  "seq/2": ([fun, opts], p, host) => seqHelper([fun, opts], p, host.terminalColumns?.()),
  "why/0": (_a, _p, host) => (host.write(wrap(whyText(host.rt, undefined)) + "\n"), DONT_DISPLAY),
  "why/1": ([t], _p, host) => (host.write(wrap(whyText(host.rt, t)) + "\n"), DONT_DISPLAY),
};

/** c/1,2's files: a binary or a list of binaries (List.wrap/1 of them). */
function fileList(f: Term): string[] {
  const files = isBinary(f) ? [f] : listToArray(f);
  if (files === null || !files.every(isBinary)) throw argumentError("expected a binary or a list of binaries as argument");
  return files.map((x) => chardata(x));
}

/**
 * IEx.Introspection's helpers: what IEx.Helpers' h/1, t/1, b/1 and open/1 macros call with
 * the value their code named (IEx.Introspection.decompose/2, prelude/iex.ex): a module,
 * {module, name} or {module, name, arity}; anything else is not something they can show.
 */
const INTROSPECTION: Record<string, HelperFn> = {
  "h/1": ([t], _p, host) => {
    const target = toTarget(t);
    host.write(target === null ? invalidTarget("h", t) : helpDoc(host.rt, target, host.palette));
    return DONT_DISPLAY;
  },
  "t/1": ([t], _p, host) => typespecHelper(host, "t", t),
  "b/1": ([t], _p, host) => typespecHelper(host, "b", t),
  "open/1": ([t], _p, host) => (host.write(openText(host.rt, t, host.palette)), DONT_DISPLAY),
};

/**
 * i/1: IEx.Introspection.__i__/2 (prelude/iex.ex) prints the term, what IEx.Info.info/1 says
 * of it (a struct's own implementation included) and the protocols it implements.
 */
function info(host: HelperHost, t: Term): Term {
  const code = host.rt.modules.lookup(INTROSPECTION_MODULE, "__i__", 2);
  if (code === null) return host.write(infoText(host.rt, t)), DONT_DISPLAY;
  return new TailCall(code, [t, implementedProtocols(host.rt, t)]);
}

/** seq(pids): opens the observer's Sequence view following those processes (q returns). */
function followInObserver(host: HelperHost, x: Term): Term {
  const pids = x instanceof Pid ? [x] : (listToArray(x) as Pid[]);
  host.requestObserver({ view: "sequence", followed: pids.filter((p) => p.node === null).map((p) => p.id) });
  return OK;
}

function isPidList(x: Term): boolean {
  const items = listToArray(x);
  return items !== null && items.length > 0 && items.every((i) => i instanceof Pid);
}

/**
 * cd/1: as IEx.Helpers.cd/1 — File.cd/1 of the runtime's directory ("No directory" for a
 * missing one, a CaseClauseError for any other failure), then pwd/0. The program's own
 * directory follows, for what the host runs without naming one.
 */
function cd(host: HelperHost, d: Term): Term {
  if (typeof d !== "string") throw fce("Elixir.IEx.Helpers", "cd", [d]);
  const dir = d.startsWith("~") ? homedir() + d.slice(1) : d;
  const result = setCwd(host.rt, dir);
  if (result !== true) {
    if (result !== "enoent") throw caseClauseError([a("error"), a(result)]);
    host.write(paint(host.palette.error, `No directory ${d}`) + "\n");
    return DONT_DISPLAY;
  }
  try {
    host.rt.chdir(cwdOf(host.rt));
  } catch {
    // (the runtime's directory is what beamsh's code reads)
  }
  host.write(cwdOf(host.rt) + "\n");
  return DONT_DISPLAY;
}

const tracing = new WeakMap<Runtime, Map<number, () => void>>();

/**
 * trace(pid): toggles a live log of what the process sends, receives, spawns, links and
 * exits with, printed above the prompt (the observer's trace, without the UI).
 */
function toggleTrace(host: HelperHost, pid: Term): Term {
  if (!(pid instanceof Pid)) throw argumentError("trace/1 expects a pid, got: " + inspect(pid));
  let active = tracing.get(host.rt);
  if (active === undefined) tracing.set(host.rt, (active = new Map()));
  const stop = active.get(pid.id);
  if (stop !== undefined) {
    stop();
    active.delete(pid.id);
    host.write(`Stopped tracing ${inspect(pid)}\n`);
    return OK;
  }
  if (host.rt.process(pid) === undefined) throw argumentError(`process ${inspect(pid)} is not alive`);
  active.set(pid.id, startTrace(host.rt, pid.id, (line) => host.write(line)));
  host.write(`Tracing ${inspect(pid)} (call trace(pid) again to stop)\n`);
  return OK;
}

/** process_info/1: Process.info/1 of a pid. */
function processInfo(p: Process, pid: Term): Term {
  const info = p.rt.modules.lookup("Elixir.Process", "info", 1);
  if (info === null || info.native === undefined) throw argumentError("Process.info/1 is not available");
  return info.native([pid], p);
}

/**
 * A helper as a native: what it prints while it runs goes out through the calling process's
 * group leader (IEx.Introspection.__print__/2, prelude/iex.ex, IO.write then the helper's result),
 * as IEx's helpers print with IO: capture_io/1 takes it, and at the prompt it reaches the
 * terminal as before. What a helper prints later (trace/1's lines) is written directly.
 */
function helperNative(rt: Runtime, shellHost: HelperHost, fn: HelperFn): NativeFn {
  return (args: Term[], p: ProcLike) => {
    const host = hostOf(shellHost, p as Process);
    const out: string[] = [];
    let capturing = true;
    const write = (s: string): void => void (capturing ? out.push(s) : host.write(s));
    const local = new Proxy(host, { get: (t, k) => (k === "write" ? write : Reflect.get(t, k, t)) });
    let result: Term;
    try {
      result = fn(args, p as Process, local);
    } catch (e) {
      // (what it printed before its error goes out at once)
      capturing = false;
      if (out.length > 0) host.write(out.join(""));
      throw e;
    }
    capturing = false;
    if (out.length === 0) return result;
    const print = rt.modules.lookup(INTROSPECTION_MODULE, "__print__", 2);
    if (print === null) return host.write(out.join("")), result;
    return new TailCall(print, [out.join(""), result]);
  };
}

/**
 * The host of a helper that `p` runs: an evaluator IEx.Server.start_evaluator/1 started has
 * its own history and counter, and respawn/0 asks its server for a new one.
 */
function hostOf(host: HelperHost, p: Process): HelperHost {
  const ev = protocolEvaluator(p);
  const protocol = ev?.protocol;
  if (ev === undefined || protocol == null) return host;
  return new Proxy(host, {
    get: (t, k) => {
      if (k === "history") return protocol.history;
      if (k === "counter") return protocol.counter;
      if (k === "evaluator") return ev;
      if (k === "requestRespawn") return () => protocol.server instanceof Pid && host.rt.send(protocol.server, tuple(a("respawn"), ev.proc.pid));
      return Reflect.get(t, k, t);
    },
  });
}

/**
 * Installs the helpers into `rt`, bound to `host` (the shell server). `only`: the helpers
 * to install (a script gets IEx's own, not beamsh's teaching helpers); `crashLog`: keep
 * the exits why/0,1 read (the shell's).
 */
export function installHelpers(rt: Runtime, host: HelperHost, opts: { only?: ReadonlySet<string>; crashLog?: boolean } = {}): void {
  const helpers: Record<string, NativeFn> = {};
  for (const [key, fn] of Object.entries(HELPERS)) if (opts.only === undefined || opts.only.has(key)) helpers[key] = helperNative(rt, host, fn);
  const introspection: Record<string, NativeFn> = {};
  for (const [key, fn] of Object.entries(INTROSPECTION)) introspection[key] = helperNative(rt, host, fn);
  introspection["__typespec_names__/2"] = ([m, what]) => typespecNames(rt, m, what);
  installNatives(rt, [
    { module: HELPERS_MODULE, fns: helpers },
    { module: INTROSPECTION_MODULE, fns: introspection },
    // IEx.Pry.pry/2's way into the shell (prelude/iex.ex): {:ok, next?} once the session
    // ends, or :no_iex when the caller is not the shell's evaluator running an input.
    {
      module: "beamsh_pry",
      fns: {
        "take_over/3": ([binding, env, location], p) => {
          const code = typeof location === "string" ? host.takeOver(p as Process, binding, env, location) : null;
          return code === null ? a("no_iex") : new TailCall(code, []);
        },
      },
    },
    // IEx.Server.start_evaluator/1's evaluator (prelude/iex.ex)
    { module: "beamsh_iex", fns: { "start_evaluator/3": startEvaluator(rt) } },
    // Erlang's :observer.start/0 opens the same observer.
    { module: "observer", fns: { "start/0": () => (host.requestObserver(), OK) } },
  ]);
  rt.modules.get(HELPERS_MODULE)!.library = true;
  rt.modules.get(INTROSPECTION_MODULE)!.library = true;
  // why/0,1 need the exits from now on (bounded; see observer/crashes.ts).
  if (opts.crashLog !== false) startCrashLog(rt, (pid) => pid.node === null && host.evaluator?.proc.pid.id === pid.id, () => host.counter);
}

/**
 * IEx.Introspection.__typespec_names__/2 (IEx.Autocomplete's `t Mod.` and `b Mod.`): the
 * public types (`:types`) or callbacks (`:callbacks`) of a library module as {name, arity},
 * from the same facts t/1 and b/1 show; nil for a module of the user's (read with Code.Typespec).
 */
function typespecNames(rt: Runtime, m: Term, what: Term): Term {
  if (!isAtom(m)) return null;
  const def = rt.modules.get(atomName(m));
  if (def === undefined || !def.library) return null;
  const specs = libraryTypespecs().get(atomName(m));
  if (specs === undefined) return list([]);
  if (what === a("callbacks")) return list(specs.callbacks.map((c) => tuple(a(c.name), c.arity)));
  return list(specs.types.filter((t) => t.kind !== "typep").map((t) => tuple(a(t.name), t.arity)));
}

/** Names of all helpers as "name/arity" (for completion and exports(IEx.Helpers)). */
export function helperNames(): string[] {
  return Object.keys(HELPERS);
}

function mixNotRunning(host: HelperHost): Term {
  host.write(paint(host.palette.error, "Mix is not running. Please start IEx with: iex -S mix") + "\n");
  return a("error");
}

/** What IEx says when h/t/b is given something that is not a module or function. */
function invalidTarget(helper: string, t: Term): string {
  const what = helper === "h" ? "Module, Module.fun or Module.fun/arity" : helper === "t" ? "Module, Module.Type or Module.Type/arity" : "Module, Module.fun or Module.fun/arity";
  return `The "${helper}" helper expects a ${what}, got: ${inspect(t)}\n` +
    `If instead of accessing documentation you would like more information about a value or about the result of an expression, use the "i" helper instead\n`;
}

/** t/1 and b/1: types and callbacks of a module (see typespecs.ts). */
function typespecHelper(host: HelperHost, helper: "t" | "b", t: Term): Term {
  const target = toTarget(t);
  if (target === null) host.write(`Invalid arguments for ${helper} helper: ${inspect(t)}\n`);
  else host.write(helper === "t" ? typesHelp(host.rt, target, host.palette) : callbacksHelp(host.rt, target, host.palette));
  return DONT_DISPLAY;
}

/** A module (any atom), {module, name} or {module, name, arity}, as IEx.Introspection takes them. */
function toTarget(t: Term): DocTarget | null {
  if (isAtom(t)) return { module: atomName(t), fun: null, arity: null };
  if (!Array.isArray(t) || !isAtom(t[0]) || !isAtom(t[1])) return null;
  if (t.length === 2) return { module: atomName(t[0]), fun: atomName(t[1]), arity: null };
  if (t.length === 3 && isInteger(t[2])) return { module: atomName(t[0]), fun: atomName(t[1]), arity: Number(t[2]) };
  return null;
}

/** v/1: the value of input `n` (or n inputs back when negative), as IEx.History.nth/2. */
function lastValue(host: HelperHost, n: Term): Term {
  const key = typeof n === "number" ? (n < 0 ? host.counter + n : n) : NaN;
  if (host.history.has(key)) return host.history.get(key);
  const shown = n instanceof Atom ? n.name : inspect(n);
  const err = raise("RuntimeError", { message: `v(${shown}) is out of bounds` });
  // raised in IEx.History.nth/2, called by v/1 (iex 1.14's lines)
  const at = (file: string, line: number): Term => list([[a("file"), list(Array.from(file, (c) => c.charCodeAt(0)))], [a("line"), line]]);
  err.stacktrace = list([
    [a("Elixir.IEx.History"), a("nth"), 2, at("lib/iex/history.ex", 54)],
    [a("Elixir.IEx.Helpers"), a("v"), 1, at("lib/iex/helpers.ex", 402)],
  ]);
  throw err;
}

/** flush/0: prints every message in the evaluator's mailbox, in order. */
/** flush/0: prints and drops every message, a few hundred at a time (a long mailbox takes steps). */
function flush(p: Process, host: HelperHost): Term {
  const work: Work = {
    step() {
      for (let i = 0; i < 256; i++) {
        const m = p.mailbox.shift();
        if (m === undefined) return true;
        host.write(inspect(m, { pretty: true, width: 80 }) + "\n");
      }
      return false;
    },
    result: () => OK,
  };
  return p.mailbox.length < 1024 ? runToEnd(work) : inSteps(HELPERS_MODULE, "flush", 0, work);
}

/** pid/1 ("0.108.0") and pid/3, as IEx.Helpers: through :erlang.list_to_pid/1. */
/** pid/1: from "0.1.2" (through :erlang.list_to_pid/1), or the pid registered under a name. */
function pidFromString(p: Process, s: Term): Term {
  if (isAtom(s)) {
    const pid = p.rt.registry.whereis(s as Atom);
    if (pid instanceof Pid) return pid;
    throw argumentError(`could not find registered process with name: ${inspect(s)}`);
  }
  if (typeof s !== "string" && !(s instanceof Bin)) throw fce(HELPERS_MODULE, "pid", [s]);
  return listToPid(p, charlist("<" + chardata(s) + ">"));
}

/** Whether every term is a non-negative integer (pid/3's and ref/4's guards). */
const naturals = (ts: Term[]): boolean => ts.every((v) => (typeof v === "number" && Number.isInteger(v) && v >= 0) || (typeof v === "bigint" && v >= 0n));

function pidFromInts(p: Process, x: Term, y: Term, z: Term): Term {
  if (!naturals([x, y, z])) throw fce(HELPERS_MODULE, "pid", [x, y, z]);
  return listToPid(p, charlist(`<${x}.${y}.${z}>`));
}

/** ref/1 ("0.1.2.3") and ref/4, as IEx.Helpers: through :erlang.list_to_ref/1. */
function refFromString(p: Process, s: Term): Term {
  if (typeof s !== "string" && !(s instanceof Bin)) throw fce(HELPERS_MODULE, "ref", [s]);
  return listToRef(p, charlist("#Ref<" + chardata(s) + ">"));
}

function refFromInts(p: Process, w: Term, x: Term, y: Term, z: Term): Term {
  if (!naturals([w, x, y, z])) throw fce(HELPERS_MODULE, "ref", [w, x, y, z]);
  return listToRef(p, charlist(`#Ref<${w}.${x}.${y}.${z}>`));
}

const charlist = (s: string): Term => list(Array.from(s, (c) => c.codePointAt(0)!));

/**
 * The helpers' host under a script (`beamsh file.exs`, -e): IEx.Helpers' functions exist
 * there as in elixir, printing through the caller's group leader; there is no history, no
 * evaluator to respawn and no pry session to take over.
 */
export function scriptHelperHost(rt: Runtime): HelperHost {
  return {
    rt,
    history: new Map(),
    counter: 1,
    palette: plainPalette,
    write: (s) => rt.write(s),
    requestRespawn: () => {},
    requestContinue: () => false,
    takeOver: () => null,
    requestObserver: () => {},
    requestSplit: () => {},
  };
}
