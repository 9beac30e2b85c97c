// :beamsh — beamsh's own controls, callable from the shell and from programs:
//
//   :beamsh.seed(n)             run seeded from now on (runtime/seed.ts): reproducible
//                               scheduling and virtual time; another seed, another interleaving
//   :beamsh.seed()              the seed in use, or nil
//   :beamsh.fault(kind, opts)   inject a fault on messages (runtime/faults.ts); answers its id.
//                               kind: :drop | :delay | :duplicate | :reorder
//                               opts: from: pid or name, to: pid or name (at least one),
//                                     count: messages, for: milliseconds, delay: ms (:delay)
//   :beamsh.faults()            the installed faults, as maps
//   :beamsh.remove_fault(id)    :ok, or {:error, :not_found}
//   :beamsh.clear_faults()      removes every fault
//   :beamsh.suspend(pid)        the process runs no more until :beamsh.resume(pid) (messages
//   :beamsh.resume(pid)         still arrive); as erlang:suspend_process/1, not tied to the caller
//   :beamsh.pause()             pause the runtime: only the shell (and the caller) run on, the
//                               clock stands still (runtime/pause.ts)
//   :beamsh.step()              pause if needed, run one slice of a held process, and report it
//   :beamsh.step(n)             n slices; :beamsh.step(:message): until a message is delivered
//   :beamsh.resume()            resume the paused runtime
//   :beamsh.speed(f)            slow motion: run at f (0 < f <= 1) of full speed; speed() reads it
import type { NativeFn, ProcLike } from "../runtime/code.js";
import { argumentError, badArgs } from "../runtime/errors.js";
import { FAULT_KINDS, type Fault, type FaultKind } from "../runtime/faults.js";
import { MapTerm } from "../runtime/map.js";
import type { Runtime } from "../runtime/runtime.js";
import { seedOf, seedRuntime } from "../runtime/seed.js";
import { pauseRuntime, resumeRuntime, setSpeed } from "../runtime/pause.js";
import { TailCall } from "../runtime/calls.js";
import type { Process } from "../runtime/process.js";
import { inspect } from "../runtime/inspect.js";
import { Atom, Float, Pid, Term, a, isInteger, list, listToArray, tuple } from "../runtime/term.js";

const OK = a("ok");
const NIL = null;
const INFINITY = a("infinity");
const rtOf = (p: ProcLike): Runtime => p.rt as Runtime;

/** A process given by pid or registered name (alive, on this node). */
function processArg(rt: Runtime, t: Term, what: string) {
  const pid = t instanceof Atom ? rt.registry.whereis(t) : t;
  if (!(pid instanceof Pid)) throw argumentError(`${what}: expected a pid or a registered name, got: ${inspect(t)}`);
  const proc = rt.process(pid);
  if (proc === undefined) throw argumentError(`${what}: process ${inspect(t)} is not alive on this node`);
  return proc;
}

const ms = (t: Term, what: string): number => {
  if (!isInteger(t) || Number(t) < 0) throw argumentError(`${what}: expected a non-negative integer (milliseconds), got: ${inspect(t)}`);
  return Number(t);
};

/** :beamsh.fault(kind, opts). */
function fault(rt: Runtime, kind: Term, opts: Term): Term {
  if (!(kind instanceof Atom) || !FAULT_KINDS.includes(kind.name as FaultKind)) {
    throw argumentError(`unknown fault ${inspect(kind)}, expected one of: ${FAULT_KINDS.map((k) => ":" + k).join(", ")}`);
  }
  const pairs = listToArray(opts);
  if (pairs === null || pairs.some((x) => !Array.isArray(x) || x.length !== 2 || !(x[0] instanceof Atom))) {
    throw argumentError(`expected a keyword list of options, got: ${inspect(opts)}`);
  }
  let from: Pid | null = null;
  let to: Pid | null = null;
  let count: number | null = null;
  let until: number | null = null;
  let delay: number | null = null;
  for (const [key, v] of pairs as [Atom, Term][]) {
    switch (key.name) {
      case "from":
        from = processArg(rt, v, "from").pid;
        break;
      case "to":
        to = processArg(rt, v, "to").pid;
        break;
      case "count":
        if (!isInteger(v) || Number(v) < 1) throw argumentError(`count: expected a positive integer, got: ${inspect(v)}`);
        count = Number(v);
        break;
      case "for":
        until = rt.clock.now() + ms(v, "for");
        break;
      case "delay":
        delay = ms(v, "delay");
        break;
      default:
        throw argumentError(`unknown option ${inspect(key)}, expected :from, :to, :count, :for or :delay`);
    }
  }
  if (from === null && to === null) throw argumentError("a fault needs from: or to: (or both)");
  if (delay !== null && kind.name !== "delay") throw argumentError(`delay: is an option of :delay faults only`);
  const f = rt.faults.add({ kind: kind.name as FaultKind, from, to, count, until, delay: delay ?? 1000 });
  return f.id;
}

function faultTerm(rt: Runtime, f: Fault): Term {
  const pairs: [Term, Term][] = [
    [a("id"), f.id],
    [a("kind"), a(f.kind)],
    [a("from"), f.from ?? NIL],
    [a("to"), f.to ?? NIL],
    [a("count"), f.count ?? INFINITY],
    [a("for"), f.until === null ? INFINITY : Math.max(0, Math.ceil(f.until - rt.clock.now()))],
    [a("hits"), f.hits],
  ];
  if (f.kind === "delay") pairs.push([a("delay"), f.delay]);
  return MapTerm.fromPairs(pairs);
}

/** :beamsh.step/0,1: asks the scheduler for a step and waits for its report. */
function step(p: Process, what: Term, single: boolean): Term {
  const rt = p.rt;
  let kind: "slice" | "delivery" = "slice";
  let n = 1;
  if (what instanceof Atom && what.name === "message") kind = "delivery";
  else if (isInteger(what) && Number(what) >= 1) n = Number(what);
  else throw argumentError(`step: expected a positive number of slices or :message, got: ${inspect(what)}`);
  pauseRuntime(rt, p.pid);
  const tag = rt.makeRef();
  rt.scheduler.pause!.request(p.pid, tag, kind, n, single);
  const wait = rt.modules.lookup("beamsh_control", "await", 1);
  if (wait === null) throw argumentError("step: :beamsh_control is not loaded");
  return new TailCall(wait, [tag]);
}

const fns: Record<string, NativeFn> = {
  "seed/0": (_, p) => seedOf(rtOf(p)) ?? NIL,
  "seed/1": ([n]: Term[], p) => {
    if (!isInteger(n)) throw badArgs([[1, "not an integer"]]);
    seedRuntime(rtOf(p), typeof n === "number" ? n : Number(BigInt.asUintN(32, n as bigint)));
    return OK;
  },
  "fault/2": ([kind, opts], p) => fault(rtOf(p), kind, opts),
  "faults/0": (_, p) => list(rtOf(p).faults.list().map((f) => faultTerm(rtOf(p), f))),
  "remove_fault/1": ([id], p) => (rtOf(p).faults.remove(Number(id)) ? OK : tuple(a("error"), a("not_found"))),
  "clear_faults/0": (_, p) => (rtOf(p).faults.clear(), OK),
  "suspend/1": ([t], p) => {
    const rt = rtOf(p);
    const proc = processArg(rt, t, "suspend");
    if (proc === p) throw argumentError("suspend: a process cannot suspend itself");
    rt.scheduler.suspend(proc, null);
    return OK;
  },
  "pause/0": (_, p) => (pauseRuntime(rtOf(p), (p as Process).pid), OK),
  "resume/0": (_, p) => (resumeRuntime(rtOf(p)), OK),
  "paused/0": (_, p) => rtOf(p).scheduler.pause !== null,
  "step/0": (_, p) => step(p as Process, 1, true),
  "step/1": ([what], p) => step(p as Process, what, false),
  "speed/0": (_, p) => new Float(rtOf(p).scheduler.speed),
  "speed/1": ([f], p) => {
    const x = typeof f === "number" ? f : f instanceof Float ? f.v : NaN;
    if (!(x > 0 && x <= 1)) throw argumentError(`speed: expected a number above 0 and at most 1, got: ${inspect(f)}`);
    setSpeed(rtOf(p), x);
    return OK;
  },
  "resume/1": ([t], p) => {
    const rt = rtOf(p);
    const proc = processArg(rt, t, "resume");
    return rt.scheduler.resume(proc, null) ? OK : tuple(a("error"), a("not_suspended"));
  },
};

export const natives = { module: "beamsh", fns };
