// The teaching helpers: seq/1,2 (a message sequence diagram of what a function makes happen
// between processes) and why/0,1 (the cause chain of an exit, in one paragraph). They read the runtime only through its event stream (recorder.ts) and
// draw with the observer's pure models, so the shell's text and the observer's views agree.
import { TailCall } from "../../runtime/calls.js";
import { argumentError } from "../../runtime/errors.js";
import { Fun } from "../../runtime/fun.js";
import { inspect } from "../../runtime/inspect.js";
import { apply, call, generatorCode } from "../../runtime/generator-code.js";
import type { Process } from "../../runtime/process.js";
import type { Runtime } from "../../runtime/runtime.js";
import { Atom, Cons, NIL, Pid, Term, a } from "../../runtime/term.js";
import { SequenceRecorder } from "../../observer/recorder.js";
import { pidKey, sequenceLines } from "../../observer/sequence.js";
import { CrashLog, explain, explainShell } from "../../observer/crashes.js";

/**
 * seq(fun) / seq(fun, width: n): runs `fun` (arity 0) while recording what happens between
 * the shell and the processes it brings in, lets those run until none is runnable (a
 * bounded number of turns), then prints the diagram (also when `fun` raises). A linked
 * crash can kill the shell first: the diagram is printed then, as the shell restarts.
 * Without `width:` the diagram fits the terminal (`columns`), or 80 columns when piped.
 */
export function seqHelper(args: Term[], p: Process, columns: number | null = null): Term {
  const [fun, opts] = args;
  if (!(fun instanceof Fun) || fun.arity !== 0) throw argumentError(`seq/1 expects a function of no arguments, got: ${inspect(fun)}`);
  const options = opts ?? NIL;
  if (!isKeyword(options)) throw argumentError(`seq/2 expects a keyword list of options, got: ${inspect(options)}`);
  const width = Math.max(20, widthOf(options) ?? (columns !== null && columns > 0 ? columns - 1 : 80));
  const code = generatorCode("Elixir.IEx.Helpers", "seq", args.length, function* () {
    const rt = p.rt;
    let done = false;
    const draw = () => {
      done = true;
      rec.close();
      return sequenceLines(rec.diagram(), { width }).map((l) => l.text + "\n").join("");
    };
    const rec: SequenceRecorder = new SequenceRecorder(rt, { roots: [p.pid], shells: [p.pid], keep: "first", onRootExit: () => done || rt.write(draw()) });
    try {
      return yield* apply(fun, []);
    } finally {
      for (let turns = 0; turns < SETTLE_TURNS && rec.busy(p.pid); turns++) yield* call("erlang", "yield", []);
      if (!done) yield* call("Elixir.IO", "write", [draw()]);
    }
  });
  return new TailCall(code, args);
}

/** Turns seq/1 lets the diagram's processes run after `fun` returns. */
const SETTLE_TURNS = 1000;

function isKeyword(t: Term): boolean {
  for (let l = t; l !== NIL; l = (l as Cons).t) {
    if (!(l instanceof Cons)) return false;
    const h = l.h;
    if (!Array.isArray(h) || h.length !== 2 || !(h[0] instanceof Atom)) return false;
  }
  return true;
}

function widthOf(opts: Term): number | null {
  for (let l = opts; l instanceof Cons; l = l.t) {
    const h = l.h;
    if (Array.isArray(h) && h[0] === WIDTH && typeof h[1] === "number") return h[1];
  }
  return null;
}

const WIDTH = a("width");

/** The shell's crash log (one per runtime: why/0,1 read it). */
const crashLogs = new WeakMap<Runtime, CrashLog>();

/** Starts keeping exits' cause chains for why/0,1 (the shell does this once it starts). */
export function startCrashLog(rt: Runtime, isShell: (pid: Pid) => boolean, prompt: () => number | null): CrashLog {
  crashLogs.get(rt)?.close();
  const log = new CrashLog(rt, { isShell, prompt });
  crashLogs.set(rt, log);
  return log;
}

/** The shell's crash log, if it keeps one (the observer's crash replay reads it too). */
export function shellCrashLog(rt: Runtime): CrashLog | undefined {
  return crashLogs.get(rt);
}

/** why(): the shell's last exit. why(pid) / why(name): how that process exited. */
export function whyText(rt: Runtime, target: Term | undefined): string {
  const log = crashLogs.get(rt);
  if (log === undefined) return "Exits are not being recorded in this shell.";
  if (target === undefined) return explainShell(log);
  if (target instanceof Pid) return explain(log, target, target.node === null && rt.procs.get(target.id)?.status !== "exited" && rt.procs.has(target.id));
  if (target instanceof Atom) {
    // A name: the last process that had it and exited.
    const shown = inspect(target);
    let last: Pid | null = null;
    for (const e of log.exits.values()) if (log.names.get(pidKey(e.pid)) === shown) last = e.pid;
    if (last !== null) return explain(log, last, false);
    const live = rt.registry.whereis(target);
    return live !== null ? `${inspect(live)} (${shown}) is alive, and no earlier process named ${shown} exited while the shell watched.` : `No process named ${shown} is alive or was seen exiting.`;
  }
  throw argumentError(`why/1 expects a pid or a registered name, got: ${inspect(target)}`);
}
