// Process and the process BIFs of :erlang (spawn, send, exit/2, links, monitors, registered
// names, process_info, timers, the process dictionary, hibernate), with the arguments
// errors Elixir 1.14 prints: they carry the `:erlang.bif(args)` stack entry, as on BEAM.
import { ERL_EVAL_APPLY, IEX_RUNNER, SCRIPT_RUNNER } from "../runtime/runner-frames.js";
import { charlistOf } from "../runtime/term.js";
import { TailCall, dynLookup, ftail } from "../runtime/calls.js";
import { CALL, Code, Frame, ProcLike, RET, WAIT, YIELD, pushCall, resumableCode } from "../runtime/code.js";
import { BeamError, argumentError, badArgs, raise } from "../runtime/errors.js";
import { Fun } from "../runtime/fun.js";
import { catchLevel, currentFunction, heapSize, memoryOf, stackWords, statusOf } from "../runtime/inspection.js";
import { MapTerm, keyOf } from "../runtime/map.js";
import { stacktraceOf } from "../runtime/machine.js";
import type { Process } from "../runtime/process.js";
import type { Runtime } from "../runtime/runtime.js";
import { Atom, Cons, NIL, Pid, Port, Ref, Term, a, atomName, isAtom, isInteger, list, listToArray, isTuple, refFromWords, samePid, sameRef, tuple, pidKey, refKey } from "../runtime/term.js";
import { inspect, inspectPid, inspectPort, inspectRef } from "../runtime/inspect.js";
import { maxHeapTerm, parseMaxHeap } from "../runtime/heap-watch.js";
import { EV } from "../runtime/events.js";
import type { SmallTable } from "../runtime/small-table.js";
import type { NativeFn } from "../runtime/code.js";
import { demonitorPort, monitorPort, sendToPort, watchPorts } from "./ports.js";
import { seqTraceToken, traceWord } from "./trace.js";

type P = Process;
const rtOf = (p: ProcLike): Runtime => p.rt as Runtime;

const UNDEFINED = a("undefined");
const PROCESS = a("process");
const OK = a("ok");

/** An ArgumentError from BIF `:erlang.name(args)` with its stack entry. */
export function bifError(name: string, args: Term[], problems: [number, string][]): BeamError {
  const e = badArgs(problems) as BeamError & { native?: [Term, string, Term[]] };
  e.native = [a("erlang"), name, args];
  return e;
}

function pidArg(t: Term, name: string, args: Term[], n = 1): Pid {
  if (!(t instanceof Pid)) throw bifError(name, args, [[n, "not a pid"]]);
  return t;
}

function refArg(t: Term, name: string, args: Term[]): Ref {
  if (!(t instanceof Ref)) throw bifError(name, args, [[1, "not a reference"]]);
  return t;
}

// ---- yielding after a signal to self ----------------------------------------------

/**
 * A code unit that gives up the slice, then returns its argument. Natives that may have
 * killed the calling process (exit/2 to self, a link to it breaking) tail-call it, so the
 * scheduler finishes the process before it runs any further.
 */
const YIELD_THEN: Code = resumableCode("erlang", "yield", 1, (f, p) => {
  if (f.pc === 0) {
    f.pc = 1;
    return YIELD;
  }
  p.x = f.r[0];
  return RET;
});

function afterSignal(p: P, value: Term): Term {
  return p.pendingKill !== undefined ? new TailCall(YIELD_THEN, [value]) : value;
}

// ---- spawn ---------------------------------------------------------------------------

/**
 * The entry of every spawned process: tail-calls the fun with its arguments, so (as on BEAM)
 * no apply frame stays below the process's own code, except in the stack entry of a
 * BadArityError raised by the call itself.
 */
export const APPLY_FUN: Code = resumableCode("erlang", "apply", 2, (f, p) => ftail(p, f, f.r[0], f.r[1]));

const SHELL_INITIAL_CALL: [Term, Term, number] = [a("erlang"), a("apply"), 2];
const initialCalls = new WeakMap<Code, [Term, Term, number]>();

/** `{module, function, arity}` BEAM reports as a process's initial call (shared, never mutated). */
function initialCallOf(fun: Fun): [Term, Term, number] {
  if (fun.module !== null) return [fun.module, fun.name, fun.arity];
  const c = fun.code;
  if (c === null || c.module === "") return SHELL_INITIAL_CALL;
  let ic = initialCalls.get(c);
  if (ic === undefined) initialCalls.set(c, (ic = [a(c.module), a(c.name), fun.arity]));
  return ic;
}

/** A compiled closure of the right arity can be the process's first frame (no apply frame). */
function entersDirectly(fun: Fun, args: Term[]): boolean {
  return fun.code !== null && fun.code.fn !== undefined && fun.arity === args.length;
}

/** The closure's registers: arguments, then captured variables in their slots (as calls.ts enterFun). */
function closureArgs(fun: Fun, args: Term[]): Term[] {
  const slots = (fun.code as Code & { envSlots?: number[] }).envSlots;
  if (slots !== undefined) for (let i = 0; i < slots.length; i++) args[slots[i]] = fun.env[i];
  return args;
}

/**
 * spawn/1,3 and friends: starts `fun` (or `apply(mod, fun, args)`) in a new process,
 * linked and/or monitored. Returns the pid, or `{pid, ref}` when monitored.
 */
export function spawnFrom(p: P, target: Term[], link: boolean, monitor: boolean, bif = "spawn"): Term {
  const rt = rtOf(p);
  let fun: Fun;
  let args: Term[];
  if (target.length === 1) {
    fun = target[0];
    if (!(fun instanceof Fun)) throw bifError(bif, target, [[1, "not a fun"]]);
    args = []; // becomes the fun's register file: never shared
  } else {
    const [mod, name, argList] = target;
    const arr = listToArray(argList);
    if (!(mod instanceof Atom)) throw bifError(bif, target, [[1, "not an atom"]]);
    if (!(name instanceof Atom)) throw bifError(bif, target, [[2, "not an atom"]]);
    if (arr === null) throw bifError(bif, target, [[3, "not a list"]]);
    // A defined function of compiled code is the process's first frame at once, as the
    // apply would enter it (:proc_lib spawns this way for every OTP process and task).
    const code = dynLookup(rt, mod, name.name, arr.length);
    if (code !== null && code.fn !== undefined && code.native === undefined) {
      const child = rt.spawn(code, arr, p, [mod, name, arr.length]);
      if (link) rt.signals.link(p, child.pid);
      if (monitor) return tuple(child.pid, rt.signals.monitor(p, child.pid, child.pid));
      return child.pid;
    }
    fun = new Fun(arr.length, null, [], mod, name);
    args = arr;
  }
  const ic = initialCallOf(fun);
  const child = entersDirectly(fun, args) ? rt.spawn(fun.code!, closureArgs(fun, args), p, ic, fun) : rt.spawn(APPLY_FUN, [fun, args], p, ic);
  if (link) rt.signals.link(p, child.pid);
  if (monitor) return tuple(child.pid, rt.signals.monitor(p, child.pid, child.pid));
  return child.pid;
}

// ---- send ---------------------------------------------------------------------------

/** `send(dest, msg)` for a pid, a registered name or `{name, node}`; returns msg. */
export function sendTo(p: P, dest: Term, msg: Term, bif = "send", extra: Term[] = []): Term {
  const rt = rtOf(p);
  if (dest instanceof Pid) {
    rt.send(dest, msg);
    return msg;
  }
  if (Array.isArray(dest) && dest.length === 2 && dest[0] instanceof Atom && dest[1] instanceof Atom) {
    // `{name, node}`: an unknown name or an unreachable node is not an error (the message
    // is dropped, as on BEAM).
    if (dest[1] === rt.node) rt.sendNamed(dest[0], msg);
    else rt.connection(dest[1])?.sendNamed(p.pid, dest[0], msg);
    return msg;
  }
  if (dest instanceof Ref) {
    rt.sendAlias(dest, msg);
    return msg;
  }
  if (dest instanceof Port && dest.node === null) {
    sendToPort(p, dest, msg);
    return msg;
  }
  const port = dest instanceof Atom ? rt.registry.whereisPort(dest) : null;
  if (port !== null) {
    sendToPort(p, port, msg);
    return msg;
  }
  const pid = dest instanceof Atom ? rt.registry.whereis(dest) : null;
  if (pid === null) throw bifError(bif, [dest, msg, ...extra], [[1, "invalid destination"]]);
  rt.send(pid, msg);
  return msg;
}

/**
 * erlang:send/3: like send/2, returning :ok; with :noconnect, a message to a node that is
 * not connected is dropped and :noconnect returned (no connection is attempted).
 */
function send3(p: P, dest: Term, msg: Term, opts: Term): Term {
  const options = listToArray(opts);
  if (options === null || options.some((o) => o !== a("noconnect") && o !== a("nosuspend"))) {
    throw bifError("send", [dest, msg, opts], [[3, "invalid option in list"]]);
  }
  const rt = rtOf(p);
  const node = Array.isArray(dest) && dest.length === 2 ? dest[1] : dest instanceof Pid ? dest.node : null;
  if (options.includes(a("noconnect")) && node instanceof Atom && node !== rt.node && !rt.connection(node)) {
    return a("noconnect");
  }
  sendTo(p, dest, msg, "send", [opts]);
  return OK;
}

// ---- exit/2, links, trap_exit ----------------------------------------------------------

function exit2(p: P, target: Term, reason: Term): Term {
  const rt = rtOf(p);
  rt.signals.exit(p.pid, pidArg(target, "exit", [target, reason]), reason);
  return afterSignal(p, true);
}

function link(p: P, target: Term): Term {
  const rt = rtOf(p);
  const pid = pidArg(target, "link", [target]);
  if (rt.signals.link(p, pid)) return afterSignal(p, true);
  if (p.trapExit) {
    rt.send(p.pid, tuple(a("EXIT"), pid, a("noproc")));
    return true;
  }
  const e = raise("ErlangError", { original: a("noproc"), reason: ":\n\n  * 1st argument: the pid does not refer to an existing process\n" });
  (e as BeamError & { native?: unknown }).native = [a("erlang"), "link", [target]];
  throw e;
}

function unlink(p: P, target: Term): Term {
  rtOf(p).signals.unlink(p, pidArg(target, "unlink", [target]));
  return true;
}

const PRIORITIES = new Set(["low", "normal", "high", "max"]);

function processFlag(p: P, flag: Term, value: Term): Term {
  const args = [flag, value];
  const name = isAtom(flag) ? atomName(flag) : "";
  if (name === "trap_exit") {
    if (value !== true && value !== false) throw bifError("process_flag", args, [[2, "invalid value for this process flag"]]);
    const old = p.trapExit;
    p.trapExit = value;
    return old;
  }
  if (name === "priority") {
    if (!(value instanceof Atom) || !PRIORITIES.has(value.name)) throw bifError("process_flag", args, [[2, "invalid value for this process flag"]]);
    const old = p.priority ?? a("normal");
    p.priority = value;
    return old;
  }
  if (name === "max_heap_size") {
    const set = parseMaxHeap(value, p.maxHeap);
    if (set === null) throw bifError("process_flag", args, [[2, "invalid value for this process flag"]]);
    const old = maxHeapTerm(p.maxHeap);
    p.maxHeap = set;
    return old;
  }
  const simple: Record<string, Term> = { save_calls: 0, sensitive: false, message_queue_data: a("on_heap"), min_heap_size: 233, min_bin_vheap_size: 46422, fullsweep_after: 65535 };
  if (name in simple) return simple[name];
  throw bifError("process_flag", args, [[1, "invalid process flag"]]);
}

// ---- monitors -------------------------------------------------------------------------

const PORT = a("port");

function monitor(p: P, type: Term, target: Term): Term {
  const rt = rtOf(p);
  const args = [type, target];
  if (type === PORT) {
    if (!(target instanceof Port) && !(target instanceof Atom)) throw bifError("monitor", args, [[2, "invalid monitor target"]]);
    return monitorPort(p, target, rt.newRef());
  }
  if (type !== PROCESS) throw bifError("monitor", args, [[1, "invalid monitor type"]]);
  // (a process monitoring itself gets a reference and no monitor, as on the BEAM)
  if (target === p.pid) return rt.newRef();
  if (target instanceof Pid) return rt.signals.monitor(p, target, target);
  let name: Term = target;
  if (Array.isArray(target) && target.length === 2 && target[0] instanceof Atom && target[1] instanceof Atom) {
    name = target[0];
    if (target[1] !== rt.node) {
      // Another node: a node that is not distributed cannot name one (BEAM says "not a pid").
      if (rt.distribution === null) throw bifError("monitor", args, [[2, "not a pid"]]);
      return rt.signals.monitorName(p, name as Atom, target[1]);
    }
  }
  if (!(name instanceof Atom)) throw bifError("monitor", args, [[2, "invalid monitor target"]]);
  const pid = rt.registry.whereis(name);
  if (pid === p.pid) return rt.newRef();
  return rt.signals.monitor(p, pid, tuple(name, rt.node));
}

/** erlang:alias/1: [] or [:explicit_unalias] (until unalias) or [:reply] (one message). */
function makeAlias(p: P, opts: Term): Term {
  let mode: "explicit" | "reply" = "explicit";
  let l = opts;
  for (; l instanceof Cons; l = l.t) {
    if (l.h === a("reply")) mode = "reply";
    else if (l.h !== a("explicit_unalias")) throw bifError("alias", [opts], [[1, "invalid option in list"]]);
  }
  if (l !== NIL) throw bifError("alias", [opts], [[1, l === opts ? "not a list" : "not a proper list"]]);
  const rt = rtOf(p);
  const ref = rt.newRef();
  rt.makeAlias(ref, p.pid, mode);
  return ref;
}

const ALIAS_MODES: Record<string, "explicit" | "demonitor" | "reply_demonitor"> = { explicit_unalias: "explicit", demonitor: "demonitor", reply_demonitor: "reply_demonitor" };

/** monitor/3: monitor/2 with options ({:alias, mode}, {:tag, term} is OTP 27's). */
function monitor3(p: P, type: Term, target: Term, opts: Term): Term {
  let mode: "explicit" | "demonitor" | "reply_demonitor" | null = null;
  let l = opts;
  for (; l instanceof Cons; l = l.t) {
    const o = l.h;
    if (Array.isArray(o) && o.length === 2 && o[0] === a("alias") && o[1] instanceof Atom && ALIAS_MODES[o[1].name] !== undefined) mode = ALIAS_MODES[o[1].name];
    else throw bifError("monitor", [type, target, opts], [[3, "invalid option in list"]]);
  }
  if (l !== NIL) throw bifError("monitor", [type, target, opts], [[3, "not a list"]]);
  const ref = monitor(p, type, target);
  if (mode !== null && ref instanceof Ref) rtOf(p).makeAlias(ref, p.pid, mode);
  return ref;
}

function demonitor(p: P, ref: Term, opts: Term): Term {
  // (the options read in place: every GenServer.call ends with demonitor(ref, [:flush]))
  let flush = false;
  let info = false;
  let unknown = false;
  let l = opts === undefined ? NIL : opts;
  for (; l instanceof Cons; l = l.t) {
    if (l.h === FLUSH) flush = true;
    else if (l.h === INFO) info = true;
    else unknown = true;
  }
  if (!(ref instanceof Ref) || l !== NIL || unknown) {
    if (opts === undefined) throw bifError("demonitor", [ref], [[1, "not a reference"]]);
    // erl_erts_errors: the list's shape always, a bad option only beside a good reference
    const shape = !(opts instanceof Cons) && opts !== NIL ? "not a list" : l !== NIL ? "not a proper list" : null;
    const problems: [number, string][] = ref instanceof Ref ? [] : [[1, "not a reference"]];
    if (shape !== null) problems.push([2, shape]);
    else if (ref instanceof Ref) problems.push([2, "invalid option in list"]);
    throw bifError("demonitor", [ref, opts], problems);
  }
  const r = ref;
  const found = rtOf(p).signals.demonitor(p, r) || demonitorPort(p, r);
  if (flush && p.mailbox.length > 0) {
    p.mailbox.removeWhere((m) => Array.isArray(m) && m.length === 5 && m[0] === DOWN_ATOM && m[1] instanceof Ref && sameRef(m[1], r));
  }
  return info ? found : true;
}

const FLUSH = a("flush");
const INFO = a("info");
const DOWN_ATOM = a("DOWN");

// ---- registered names -----------------------------------------------------------------

function register(p: P, name: Term, target: Term): Term {
  const rt = rtOf(p);
  const args = [name, target];
  const fail = (reasons: [number, string][]) => bifError("register", args, reasons);
  // (explained as erl_erts_errors does: the arguments' shapes, then why a valid pair failed)
  const nameWrong = name === UNDEFINED ? "'undefined' is not a valid name" : name instanceof Atom ? null : "not an atom";
  const targetWrong =
    target instanceof Pid ? (target.node !== null ? "not a local pid" : null)
    : target instanceof Port ? (target.node !== null ? "not a local port" : null)
    : "not a pid or port";
  if (nameWrong !== null || targetWrong !== null) {
    const reasons: [number, string][] = [];
    if (nameWrong !== null) reasons.push([1, nameWrong]);
    if (targetWrong !== null) reasons.push([2, targetWrong]);
    throw fail(reasons);
  }
  const atom = name as Atom;
  if (target instanceof Pid) {
    const proc = rt.process(target);
    if (proc === undefined || proc.status === "exited") throw fail([[2, "the pid does not refer to an existing process"]]);
    if (proc.registeredName !== null) throw fail([[2, "this process or port already has a name"]]);
    if (!rt.registry.register(atom, proc)) throw fail([[1, "name is in use"]]);
    return true;
  }
  watchPorts(rt);
  if (rt.registry.portName(target as Port) !== null) throw fail([[2, "this process or port already has a name"]]);
  if (!rt.registry.registerPort(atom, target as Port)) throw fail([[1, "name is in use"]]);
  return true;
}

function unregister(p: P, name: Term): Term {
  const rt = rtOf(p);
  if (!(name instanceof Atom) || !rt.registry.unregister(name)) throw bifError("unregister", [name], [[1, "not a pid"]]);
  return true;
}

function whereis(p: P, name: Term): Term {
  if (!isAtom(name)) throw bifError("whereis", [name], [[1, "not an atom"]]);
  if (!(name instanceof Atom)) return UNDEFINED;
  const registry = rtOf(p).registry;
  return registry.whereis(name) ?? registry.whereisPort(name) ?? UNDEFINED;
}

// ---- process_info ---------------------------------------------------------------------

const GC_INFO = (p: P) =>
  list([
    tuple(a("max_heap_size"), maxHeapTerm(p.maxHeap)),
    tuple(a("min_bin_vheap_size"), 46422),
    tuple(a("min_heap_size"), 233),
    tuple(a("fullsweep_after"), 65535),
    tuple(a("minor_gcs"), 0),
  ]);

const mfa = (m: [string, string, number] | null): Term => (m === null ? UNDEFINED : tuple(a(m[0]), a(m[1]), m[2]));

/** The value of one process_info item, or undefined when the item is unknown. */
const INFO_ITEMS: Record<string, (p: P) => Term> = {
  registered_name: (p) => p.registeredName ?? NIL,
  current_function: (p) => mfa(currentFunction(p)),
  initial_call: (p) => (p.initialCall === null ? mfa(["erlang", "apply", 2]) : tuple(...p.initialCall)),
  status: (p) => a(statusOf(p)),
  message_queue_len: (p) => p.mailbox.length,
  messages: (p) => list(p.mailbox.toArray()),
  links: (p) => list([...p.links.values()]),
  monitors: (p) => list([...p.monitors.values()].map((m) => tuple(PROCESS, m.name))),
  monitored_by: (p) => list([...p.monitoredBy.values()].map((m) => m.watcher)),
  dictionary: (p) => list([...p.dictionary.values()].map(([k, v]) => tuple(k, v))),
  trap_exit: (p) => p.trapExit,
  error_handler: () => a("error_handler"),
  priority: (p) => p.priority ?? a("normal"),
  group_leader: (p) => p.groupLeader ?? p.pid,
  total_heap_size: (p) => heapSize(p),
  heap_size: (p) => heapSize(p),
  stack_size: (p) => stackWords(p),
  reductions: (p) => p.reductions,
  garbage_collection: GC_INFO,
  suspending: () => NIL,
  memory: (p) => memoryOf(p),
  current_stacktrace: (p) => currentStacktrace(p, null),
  message_queue_data: () => a("on_heap"),
  min_heap_size: () => 233,
  min_bin_vheap_size: () => 46422,
  fullsweep_after: () => 65535,
  max_heap_size: (p) => maxHeapTerm(p.maxHeap),
  trace: (p) => traceWord(rtOf(p), p.pid),
  sequential_trace_token: (p) => seqTraceToken(rtOf(p), p.pid),
  backtrace: (p) => backtrace(currentStacktrace(p, null)),
  binary: () => NIL,
  catchlevel: (p) => catchLevel(p),
  current_location: (p) => currentLocation(currentStacktrace(p, null), p),
  garbage_collection_info: (p) => {
    const heap = heapSize(p);
    const pairs: [string, number][] = [
      ["old_heap_block_size", 0], ["heap_block_size", heap], ["mbuf_size", 0], ["recent_size", 0],
      ["stack_size", stackWords(p)], ["old_heap_size", 0], ["heap_size", heapUsed(p, heap)],
      ["bin_vheap_size", 0], ["bin_vheap_block_size", 46422], ["bin_old_vheap_size", 0], ["bin_old_vheap_block_size", 46422],
    ];
    return list(pairs.map(([k, v]) => tuple(a(k), v)));
  },
  last_calls: () => false,
  parent: (p) => p.parent ?? UNDEFINED,
};

/** Words of the heap in use (a fresh process: about a quarter of its smallest heap, as BEAM's). */
const heapUsed = (p: P, block: number): number => Math.min(block, Math.max(64, Math.round(block * 0.27) + p.mailbox.length * 4));

/** process_info's :current_location: the top of the current stack trace ({m, f, a, []} when it has none). */
function currentLocation(stack: Term, p: P): Term {
  if (stack instanceof Cons) return stack.h;
  const mfaNow = currentFunction(p);
  return mfaNow === null ? tuple(UNDEFINED, UNDEFINED, 0, NIL) : tuple(a(mfaNow[0]), a(mfaNow[1]), mfaNow[2], NIL);
}

/**
 * process_info's :backtrace: the stack as BEAM's text dump lays it out (program counter,
 * then each return address, then the process's end), one entry per frame of the stack
 * trace. beamsh has no machine addresses: they are numbered from a fixed base, and the
 * frames' saved registers (BEAM's y(N) lines) are not shown.
 */
function backtrace(stack: Term): Term {
  const name = (t: Term): string => {
    const s = atomName(t as Atom);
    return /^[a-z][a-zA-Z0-9_@]*$/.test(s) ? s : "'" + s.replace(/\\/g, "\\\\").replace(/'/g, "\\'") + "'";
  };
  const addr = (n: number): string => "0x" + (0x7f0000000000 + n * 0x40).toString(16).padStart(16, "0");
  const lines: string[] = [];
  let i = 0;
  for (let l = stack; l instanceof Cons; l = l.t, i++) {
    const e = l.h as Term[];
    const arity = typeof e[2] === "number" ? e[2] : (listToArray(e[2]) ?? []).length;
    const where = `(${name(e[0])}:${name(e[1])}/${arity} + 0)`;
    lines.push(i === 0 ? `Program counter: ${addr(1000 + i)} ${where}\n\n` : `${addr(i)} Return addr ${addr(1000 + i)} ${where}\n\n`);
  }
  lines.push(`${addr(i)} Return addr ${addr(2000)} (<terminate process normally>)\n`);
  return lines.join("");
}

/** What process_info/1 returns, in BEAM's order (registered_name only when registered). */
const INFO_ALL = ["current_function", "initial_call", "status", "message_queue_len", "links", "dictionary", "trap_exit", "error_handler", "priority", "group_leader", "total_heap_size", "heap_size", "stack_size", "reductions", "garbage_collection", "suspending"];

function infoTarget(p: P, pid: Term, args: Term[]): P | undefined {
  const target = pidArg(pid, "process_info", args);
  if (target.node !== null) throw bifError("process_info", args, [[1, "not a local pid"]]);
  const t = rtOf(p).process(target);
  return t !== undefined && rtOf(p).signals.settle(t, p.pid) ? t : undefined;
}

/** Process.info/1 (nil for a dead process). */
function info1(p: P, pid: Term): Term {
  const t = infoTarget(p, pid, [pid]);
  if (t === undefined) return null;
  const keys = t.registeredName !== null ? ["registered_name", ...INFO_ALL] : INFO_ALL;
  return list(keys.map((k) => tuple(a(k), INFO_ITEMS[k](t))));
}

/** :erlang.process_info/2: `{item, value}` or a list of them; :undefined for a dead process. */
function processInfo2(p: P, pid: Term, spec: Term): Term {
  const args = [pid, spec];
  const invalid = () => bifError("process_info", args, [[2, "invalid item or item list"]]);
  // (a pid is looked at first: with a bad one, only it is explained)
  pidArg(pid, "process_info", args);
  const items = spec instanceof Atom ? [spec] : listToArray(spec);
  if (items === null || items.some((i) => !(i instanceof Atom) || INFO_ITEMS[i.name] === undefined)) throw invalid();
  const t = infoTarget(p, pid, args);
  if (t === undefined) return UNDEFINED;
  const pairs = (items as Atom[]).map((i) => tuple(i, INFO_ITEMS[i.name](t)));
  return spec instanceof Atom ? pairs[0] : list(pairs);
}

/** Process.info/2: nil for a dead process; `{:registered_name, []}` when unregistered. */
const charlist = (s: string): Term => list(Array.from(s, (c) => c.codePointAt(0)!));
const at = (mod: string, fun: string, arity: number, file: string, line: number): Term =>
  tuple(a(mod), a(fun), arity, list([tuple(a("file"), charlist(file)), tuple(a("line"), line)]));
/** What lies below an expression iex evaluates, innermost first (IEx.Evaluator running erl_eval). */
const IEX_EVALUATOR = [ERL_EVAL_APPLY, ...IEX_RUNNER];
/** Process.info/2's own entry: it is an Elixir function calling :erlang.process_info/2. */
const PROCESS_INFO = at("Elixir.Process", "info", 2, "lib/process.ex", 773);

/**
 * `current_stacktrace`: the process's frames (at most 8, as BEAM's backtrace depth), with
 * `head` first; code evaluated at the iex prompt sits on the evaluator's frames, as in iex.
 */
function currentStacktrace(p: P, head: Term | null): Term {
  // (the library's entries as on the BEAM: a function waiting in a receive at its line)
  const rt = rtOf(p);
  let own = listToArray(stacktraceOf(p.frame, undefined, null, rt.scriptFile, rt, head === null && statusOf(p) === "waiting")) ?? [];
  // (a library function yields before its receive, GenServer.call/3 letting the server run
  // first: on the BEAM it would be waiting in that receive)
  if (head === null && own.length > 1 && isYield(own[0]) && isTuple(own[1]) && (own[1] as Term[])[0] instanceof Atom
    && rt.modules.get(((own[1] as Term[])[0] as Atom).name)?.library === true) {
    own = (listToArray(stacktraceOf(p.frame?.up ?? null, undefined, null, rt.scriptFile, rt, true)) ?? []);
  }
  // (a library function that waits, on the BEAM, in a receive of OTP code it calls: that
  // code's entry, then the function's own at its call)
  // (another process than the caller: not running, so waiting there)
  if (head === null && own.length > 0) {
    const inside = WAITS_INSIDE.get(entryKey(own[0]));
    if (inside !== undefined) own = [...inside, ...own.slice(1)];
  }
  const entries = [...(head === null ? [] : [head]), ...own];
  // (Under the prompt's evaluation are the shell's own frames, not shown.)
  let atPrompt = false;
  let inScript = false;
  for (let f: Frame | null = p.frame; f !== null; f = f.up) {
    if (f.code.module === "" && f.code.name === "__eval__" && f.code.file === "iex") atPrompt = true;
    if ((f.code as { runsFile?: boolean }).runsFile === true && rt.scriptFile !== null) inScript = true;
  }
  if (inScript) entries.push(...SCRIPT_RUNNER);
  if (atPrompt) {
    const erlEval = entries.length > 0 && isTuple(entries[entries.length - 1]) && (entries[entries.length - 1] as Term[])[0] === a("erl_eval");
    entries.push(...(erlEval ? IEX_EVALUATOR.slice(1) : IEX_EVALUATOR));
  }
  return list(entries.slice(0, 8));
}

/**
 * Library functions whose Elixir code waits inside OTP's: GenServer.call/3 waits in
 * gen:do_call/4's receive, called from its line 1035 (Agent, Task.Supervisor and the rest
 * call through it).
 */
const WAITS_INSIDE = new Map<string, Term[]>([
  ["Elixir.GenServer.call/3", [at("gen", "do_call", 4, "gen.erl", 256), at("Elixir.GenServer", "call", 3, "lib/gen_server.ex", 1035)]],
]);
const entryKey = (e: Term): string => {
  if (!isTuple(e)) return "";
  const [m, f, ar] = e as Term[];
  return m instanceof Atom && f instanceof Atom ? `${m.name}.${f.name}/${typeof ar === "number" ? ar : (listToArray(ar) ?? []).length}` : "";
};

const isYield = (e: Term): boolean => isTuple(e) && (e as Term[])[0] === a("erlang") && (e as Term[])[1] === a("yield");

function info2(p: P, pid: Term, spec: Term): Term {
  if (spec === a("current_stacktrace") && pid instanceof Pid && samePid(pid, p.pid)) return tuple(spec, currentStacktrace(p, PROCESS_INFO));
  if (spec === a("current_location") && pid instanceof Pid && samePid(pid, p.pid)) return tuple(spec, PROCESS_INFO);
  const r = processInfo2(p, pid, spec);
  if (r === UNDEFINED) return null;
  return spec instanceof Atom ? asCaller(p, pid, r, PROCESS_INFO_MFA) : asCallerList(p, pid, r, PROCESS_INFO_MFA);
}
const CURRENT_FUNCTION = a("current_function");
const PROCESS_INFO_MFA = tuple(a("Elixir.Process"), a("info"), 2);
const PROCESS_INFO1_MFA = tuple(a("Elixir.Process"), a("info"), 1);

/**
 * A process asking about itself is running Process.info/1,2 (an Elixir function that called
 * the BIF): that is its current function, where :erlang.process_info called directly shows
 * the caller's.
 */
function asCaller(p: P, pid: Term, item: Term, mfa: Term): Term {
  const self = pid instanceof Pid && samePid(pid, p.pid);
  return self && Array.isArray(item) && item[0] === CURRENT_FUNCTION ? tuple(CURRENT_FUNCTION, mfa) : item;
}

function asCallerList(p: P, pid: Term, items: Term, mfa: Term): Term {
  return items === null ? null : list((listToArray(items) ?? []).map((x) => asCaller(p, pid, x, mfa)));
}

// ---- timers ---------------------------------------------------------------------------

/**
 * The largest timer BEAM takes, in milliseconds (its monotonic clock's range in
 * microseconds, 2^63, less a little it has used: the limit is not exact on BEAM either).
 */
const MAX_TIMER_MS = 9_223_372_036_000;

/** Checks a timer BIF's time argument as erlang:send_after/start_timer do. */
export function checkTimerTime(bif: string, args: Term[], time: Term, abs: boolean): asserts time is number {
  if (!isInteger(time)) throw bifError(bif, args, [[1, "not an integer"]]);
  if (typeof time !== "number" || Math.abs(time) > MAX_TIMER_MS) throw bifError(bif, args, [[1, "exceeds the maximum supported time value"]]);
  if (!abs && time < 0) throw bifError(bif, args, [[1, "out of range"]]);
}

function sendAfter(p: P, time: Term, dest: Term, msg: Term, opts: Term, bif: string): Term {
  const rt = rtOf(p);
  const args = opts === undefined ? [time, dest, msg] : [time, dest, msg, opts];
  const abs = opts !== undefined && (listToArray(opts) ?? []).some((o) => Array.isArray(o) && o[0] === a("abs") && o[1] === true);
  checkTimerTime(bif, args, time, abs);
  if (!(dest instanceof Pid) && !(dest instanceof Atom)) throw bifError(bif, args, [[2, "not a pid or an atom"]]);
  const at = abs ? time : rt.clock.now() + time;
  return rt.timers.sendAfter(dest, msg, at);
}

function startTimer(p: P, time: Term, dest: Term, msg: Term): Term {
  const rt = rtOf(p);
  checkTimerTime("start_timer", [time, dest, msg], time, false);
  const box: Term[] = [a("timeout"), null, msg];
  const ref = rt.timers.sendAfter(dest, box, rt.clock.now() + time);
  box[1] = ref;
  return ref;
}

function cancelTimer(p: P, ref: Term, bif = "cancel_timer"): Term {
  return rtOf(p).timers.cancel(refArg(ref, bif, [ref]));
}

/**
 * `:erlang.cancel_timer(ref, options)`: {:async, true} answers :ok and sends the result as
 * {:cancel_timer, ref, result} (unless {:info, false}); {:info, false} alone answers :ok.
 */
function cancelTimerOpts(p: P, ref: Term, opts: Term): Term {
  const args = [ref, opts];
  const o = listToArray(opts);
  if (o === null) throw bifError("cancel_timer", args, [[2, "not a list"]]);
  let async = false;
  let info = true;
  for (const x of o) {
    if (Array.isArray(x) && x.length === 2 && (x[1] === true || x[1] === false) && (x[0] === a("async") || x[0] === a("info"))) {
      if (x[0] === a("async")) async = x[1] as boolean;
      else info = x[1] as boolean;
    } else throw bifError("cancel_timer", args, [[2, "invalid option in list"]]);
  }
  const r = refArg(ref, "cancel_timer", args);
  const result = rtOf(p).timers.cancel(r);
  if (async) {
    if (info) rtOf(p).send(p.pid, tuple(a("cancel_timer"), r, result));
    return a("ok");
  }
  return info ? result : a("ok");
}

function readTimer(p: P, ref: Term): Term {
  return rtOf(p).timers.read(refArg(ref, "read_timer", [ref]));
}

// ---- process dictionary -----------------------------------------------------------------

function dict(p: P): SmallTable<[Term, Term], unknown> {
  return p.dictionaryTable();
}

export function put(p: P, k: Term, v: Term): Term {
  const d = dict(p);
  const key = keyOf(k);
  const old = d.get(key);
  d.set(key, [k, v]);
  return old === undefined ? UNDEFINED : old[1];
}

export function get(p: P, k: Term): Term {
  const e = p.dictionary.get(keyOf(k));
  return e === undefined ? UNDEFINED : e[1];
}

export function erase(p: P, k: Term): Term {
  const key = keyOf(k);
  const e = p.dictionary.get(key);
  if (e === undefined) return UNDEFINED;
  p.dictionary.delete(key);
  return e[1];
}

const getAll = (p: P): Term => list([...p.dictionary.values()].map(([k, v]) => tuple(k, v)));
const getKeys = (p: P, v?: Term): Term =>
  list([...p.dictionary.values()].filter((e) => v === undefined || strictSame(e[1], v)).map((e) => e[0]));

function strictSame(x: Term, y: Term): boolean {
  return keyOf(x) === keyOf(y);
}

const nilIfUndefined = (t: Term): Term => (t === UNDEFINED ? null : t);

// ---- hibernate --------------------------------------------------------------------------

/**
 * hibernate/3: drops the call stack and waits for a message (without taking it), then
 * continues with apply(m, f, args); when that returns, the process ends.
 */
const HIBERNATE: Code = resumableCode("erlang", "hibernate", 3, (f: Frame, p) => {
  const proc = p as P;
  f.up = null;
  if (proc.mailbox.length === 0) {
    proc.deadline = -1;
    proc.mailbox.save = proc.mailbox.end;
    return WAIT;
  }
  proc.mailbox.reset();
  const [m, fn, args] = f.r;
  const fun = new Fun(listToArray(args)?.length ?? 0, null, [], m, fn);
  pushCall(proc, APPLY_FUN, [fun, listToArray(args) ?? []], null);
  return CALL;
});

// ---- tables ------------------------------------------------------------------------------

const self: NativeFn = (_, p) => (p as P).pid;
const list0: NativeFn = (_, p) => list([...rtOf(p).procs.values()].filter((x) => x.status !== "exited").map((x) => x.pid));
const registered: NativeFn = (_, p) => list(rtOf(p).registry.registered());
const groupLeader: NativeFn = (_, p) => (p as P).groupLeader ?? (p as P).pid;
const alive: NativeFn = ([pid], p) => {
  // BEAM answers only for local pids.
  if (!(pid instanceof Pid) || pid.node !== null) throw bifError("is_process_alive", [pid], [[1, "not a pid"]]);
  const t = rtOf(p).process(pid);
  return t !== undefined && rtOf(p).signals.settle(t, (p as P).pid);
};

// ---- suspending processes ------------------------------------------------------------

const SUSPEND_OPTS = [a("asynchronous"), a("unless_suspending")];

/**
 * erlang:suspend_process/1,2: one more suspension of `pid` held by the caller (the process
 * runs no more until resumed as many times; see Scheduler.suspend). Options:
 * `unless_suspending` (false, and nothing done, when the caller already suspends it),
 * `asynchronous` and `{asynchronous, tag}` (no error for a dead process; with a tag the
 * caller gets `{tag, :suspended | :already_suspended | :badarg}`).
 */
function suspendProcess(p: P, pid: Term, opts: Term): Term {
  const args = opts === undefined ? [pid] : [pid, opts];
  const options = opts === undefined ? [] : listToArray(opts);
  const bad = (n: number, why: string) => bifError("suspend_process", args, [[n, why]]);
  if (options === null || options.some((o) => !SUSPEND_OPTS.includes(o) && !(isTuple(o) && (o as Term[]).length === 2 && (o as Term[])[0] === a("asynchronous")))) {
    throw bad(2, "invalid option in list");
  }
  if (!(pid instanceof Pid)) throw bad(1, "not a pid");
  if (pid instanceof Pid && samePid(pid, p.pid)) throw bad(1, "the pid refers to the current process");
  const tagged = options.find((o) => isTuple(o)) as Term[] | undefined;
  const async = tagged !== undefined || options.includes(a("asynchronous"));
  const reply = (state: string) => {
    if (tagged !== undefined) rtOf(p).send(p.pid, tuple(tagged[1], a(state)));
    return true;
  };
  const rt = rtOf(p);
  const target = rt.process(pid);
  if (target === undefined) {
    if (!async) throw bad(1, "the pid does not refer to an existing process");
    return reply("badarg");
  }
  if (options.includes(a("unless_suspending")) && rt.scheduler.suspensionsBy(target, p.pid) > 0) {
    return async ? reply("already_suspended") : false;
  }
  rt.scheduler.suspend(target, p.pid);
  return reply("suspended");
}

/** erlang:resume_process/1: lifts one suspension the caller holds on `pid`. */
function resumeProcess(p: P, pid: Term): Term {
  if (!(pid instanceof Pid)) throw bifError("resume_process", [pid], [[1, "not a pid"]]);
  const rt = rtOf(p);
  const target = rt.process(pid);
  if (target === undefined || !rt.scheduler.resume(target, p.pid)) {
    throw bifError("resume_process", [pid], [[1, "process is not suspended or is not alive"]]);
  }
  return true;
}

/** :erlang's process BIFs. */
// ---- pids, references and ports as text ----------------------------------------------

/** A charlist's text, or null when the term is not a list of code points. */
function charlistText(t: Term): string | null {
  const cps = listToArray(t);
  if (cps === null || !cps.every((c) => typeof c === "number" && c >= 0 && c <= 0x10ffff)) return null;
  return String.fromCodePoint(...(cps as number[]));
}


/**
 * The node a printed identifier names by number: null for this node, else the node whose
 * name has that atom index and that this runtime knows (undefined when there is none).
 */
function nodeByNumber(rt: Runtime, n: number): [Atom, number] | null | undefined {
  if (n === 0) return null;
  const node = Atom.byIndex(n);
  if (node === undefined) return undefined;
  if (node === rt.node) return null;
  const creation = rt.distribution?.creationOf(node);
  return creation === null || creation === undefined ? undefined : [node, creation];
}

/** :erlang.list_to_pid/1: `'<N.ID.SERIAL>'`. */
export function listToPid(p: ProcLike, t: Term): Pid {
  const text = charlistText(t);
  if (text === null) throw bifError("list_to_pid", [t], [[1, "not a list"]]);
  const m = /^<(\d+)\.(\d+)\.(\d+)>$/.exec(text);
  const node = m === null ? undefined : nodeByNumber(rtOf(p), Number(m[1]));
  // A local pid's number has 15 bits and its serial 13, as the BEAM's (beamsh numbers its own
  // processes on past 32767 without wrapping, so one of those is accepted too).
  const [id, serial] = m === null ? [0, 0] : [Number(m[2]), Number(m[3])];
  const outOfRange = node === null ? (id > 0x7fff || serial > 0x1fff) && !(serial === 0 && rtOf(p).procs.has(id)) : id > 0xffffffff || serial > 0xffffffff;
  if (m === null || node === undefined || outOfRange) throw bifError("list_to_pid", [t], [[1, "not a textual representation of a pid"]]);
  return node === null ? new Pid(id, serial) : new Pid(id, serial, node[0], node[1]);
}

/** :erlang.list_to_ref/1: `'#Ref<N.W2.W1.W0>'`. */
export function listToRef(p: ProcLike, t: Term): Ref {
  const text = charlistText(t);
  if (text === null) throw bifError("list_to_ref", [t], [[1, "not a list"]]);
  const m = /^#Ref<(\d+)\.(\d+)\.(\d+)\.(\d+)>$/.exec(text);
  const node = m === null ? undefined : nodeByNumber(rtOf(p), Number(m[1]));
  const words = m === null ? [] : [Number(m[4]), Number(m[3]), Number(m[2])];
  if (m === null || node === undefined || words.some((w) => w > 0xffffffff)) {
    throw bifError("list_to_ref", [t], [[1, "not a textual representation of a reference"]]);
  }
  if (node !== null) return new Ref(words[0], node[0], node[1], words);
  return refFromWords(words) ?? new Ref(words[0], null, 0, words);
}

/** :erlang.list_to_port/1: `'#Port<N.ID>'`. */
function listToPort(p: ProcLike, t: Term): Port {
  const text = charlistText(t);
  if (text === null) throw bifError("list_to_port", [t], [[1, "not a list"]]);
  const m = /^#Port<(\d+)\.(\d+)>$/.exec(text);
  const node = m === null ? undefined : nodeByNumber(rtOf(p), Number(m[1]));
  if (m === null || node === undefined) throw bifError("list_to_port", [t], [[1, "not a textual representation of a port"]]);
  return node === null ? new Port(Number(m[2])) : new Port(Number(m[2]), node[0], node[1]);
}

/** The text inside `#PID<...>`, `#Reference<...>` or `#Port<...>`. */
const inner = (printed: string): string => printed.slice(printed.indexOf("<") + 1, -1);

export const erlangNatives: Record<string, NativeFn> = {
  "pid_to_list/1": ([t]) => {
    if (!(t instanceof Pid)) throw bifError("pid_to_list", [t], [[1, "not a pid"]]);
    return charlistOf("<" + inner(inspectPid(t)) + ">");
  },
  "list_to_pid/1": ([t], p) => listToPid(p, t),
  "ref_to_list/1": ([t]) => {
    if (!(t instanceof Ref)) throw bifError("ref_to_list", [t], [[1, "not a reference"]]);
    return charlistOf("#Ref<" + inner(inspectRef(t)) + ">");
  },
  "list_to_ref/1": ([t], p) => listToRef(p, t),
  "port_to_list/1": ([t]) => {
    if (!(t instanceof Port)) throw bifError("port_to_list", [t], [[1, "not a port"]]);
    return charlistOf("#Port<" + inner(inspectPort(t)) + ">");
  },
  "list_to_port/1": ([t], p) => listToPort(p, t),
  "self/0": self,
  "make_ref/0": (_, p) => rtOf(p).makeRef(),
  "spawn/1": (args, p) => spawnFrom(p as P, args, false, false, "spawn"),
  "spawn/3": (args, p) => spawnFrom(p as P, args, false, false, "spawn"),
  "spawn_link/1": (args, p) => spawnFrom(p as P, args, true, false, "spawn_link"),
  "spawn_link/3": (args, p) => spawnFrom(p as P, args, true, false, "spawn_link"),
  "spawn_monitor/1": (args, p) => spawnFrom(p as P, args, false, true, "spawn_monitor"),
  "spawn_monitor/3": (args, p) => spawnFrom(p as P, args, false, true, "spawn_monitor"),
  "send/2": ([d, m], p) => sendTo(p as P, d, m),
  "send/3": ([d, m, o], p) => send3(p as P, d, m, o),
  // (the operator's BIF: a bad destination is the plain badarg, erl_erts_errors explains only send/2's)
  "!/2": ([d, m], p) => {
    try {
      return sendTo(p as P, d, m);
    } catch (e) {
      if (!(e instanceof BeamError) || (e as BeamError & { native?: unknown }).native === undefined) throw e;
      const plain = argumentError() as BeamError & { native?: unknown };
      plain.native = [a("erlang"), "!", [d, m]];
      throw plain;
    }
  },
  "exit/2": ([pid, r], p) => exit2(p as P, pid, r),
  "is_process_alive/1": alive,
  "suspend_process/1": ([pid], p) => suspendProcess(p as P, pid, undefined),
  "suspend_process/2": ([pid, o], p) => suspendProcess(p as P, pid, o),
  "resume_process/1": ([pid], p) => resumeProcess(p as P, pid),
  "process_flag/2": ([f, v], p) => processFlag(p as P, f, v),
  "link/1": ([t], p) => link(p as P, t),
  "unlink/1": ([t], p) => unlink(p as P, t),
  "monitor/2": ([t, x], p) => monitor(p as P, t, x),
  "monitor/3": ([t, x, o], p) => monitor3(p as P, t, x, o),
  "demonitor/1": ([r], p) => demonitor(p as P, r, undefined),
  "demonitor/2": ([r, o], p) => demonitor(p as P, r, o),
  "alias/0": (_, p) => makeAlias(p as P, NIL),
  "alias/1": ([o], p) => makeAlias(p as P, o),
  "unalias/1": ([r], p) => {
    if (!(r instanceof Ref)) throw bifError("unalias", [r], [[1, "not a reference"]]);
    return rtOf(p as P).unalias(refKey(r), (p as P).pid);
  },
  "register/2": ([n, t], p) => register(p as P, n, t),
  "unregister/1": ([n], p) => unregister(p as P, n),
  "whereis/1": ([n], p) => whereis(p as P, n),
  "registered/0": registered,
  "processes/0": list0,
  "process_info/1": ([pid], p) => info1(p as P, pid) ?? UNDEFINED,
  // an unregistered process's registered_name is [] itself (Process.info/2 keeps the pair)
  "process_info/2": ([pid, spec], p) => {
    const r = processInfo2(p as P, pid, spec);
    return spec === a("registered_name") && Array.isArray(r) && r[1] === NIL ? NIL : r;
  },
  "send_after/3": ([t, d, m], p) => sendAfter(p as P, t, d, m, undefined, "send_after"),
  "send_after/4": ([t, d, m, o], p) => sendAfter(p as P, t, d, m, o, "send_after"),
  "start_timer/3": ([t, d, m], p) => startTimer(p as P, t, d, m),
  "cancel_timer/1": ([r], p) => cancelTimer(p as P, r),
  "cancel_timer/2": ([r, o], p) => cancelTimerOpts(p as P, r, o),
  "read_timer/1": ([r], p) => readTimer(p as P, r),
  "read_timer/2": ([r], p) => readTimer(p as P, r),
  "put/2": ([k, v], p) => put(p as P, k, v),
  "get/0": (_, p) => getAll(p as P),
  "get/1": ([k], p) => get(p as P, k),
  "erase/0": (_, p) => {
    const all = getAll(p as P);
    (p as P).dictionary.clear();
    return all;
  },
  "erase/1": ([k], p) => erase(p as P, k),
  "get_keys/0": (_, p) => getKeys(p as P),
  "get_keys/1": ([v], p) => getKeys(p as P, v),
  "group_leader/0": groupLeader,
  "group_leader/2": ([gl, pid], p) => {
    const t = rtOf(p).process(pidArg(pid, "group_leader", [gl, pid], 2));
    if (t !== undefined) {
      const leader = pidArg(gl, "group_leader", [gl, pid]);
      t.groupLeader = leader;
      // A process leading others is their I/O server (a StringIO); a root process (the
      // shell's, a script's: no leader of its own) stands for the runtime's standard I/O.
      const lp = leader.node === null ? rtOf(p).process(leader) : undefined;
      if (lp !== undefined && lp.groupLeader !== null && leader.id !== t.pid.id) rtOf(p).ioLeaders.add(pidKey(leader));
    }
    return true;
  },
  "hibernate/3": (args) => new TailCall(HIBERNATE, args),
  "yield/0": () => new TailCall(YIELD_THEN, [true]),
  "garbage_collect/0": () => true,
  "garbage_collect/1": () => true,
};

/** The Process module (the parts that are not Elixir in src/prelude/process.ex). */
export const processNatives: Record<string, NativeFn> = {
  "alive?/1": alive,
  "exit/2": ([pid, r], p) => exit2(p as P, pid, r),
  "flag/2": ([f, v], p) => processFlag(p as P, f, v),
  "link/1": ([t], p) => link(p as P, t),
  "unlink/1": ([t], p) => unlink(p as P, t),
  "monitor/1": ([t], p) => monitor(p as P, PROCESS, t),
  "demonitor/1": ([r], p) => demonitor(p as P, r, undefined),
  "demonitor/2": ([r, o], p) => demonitor(p as P, r, o),
  "unregister/1": ([n], p) => unregister(p as P, n),
  "whereis/1": ([n], p) => nilIfUndefined(whereis(p as P, n)),
  "registered/0": registered,
  "list/0": list0,
  "info/1": ([pid], p) => asCallerList(p as P, pid, info1(p as P, pid), PROCESS_INFO1_MFA),
  "info/2": ([pid, spec], p) => info2(p as P, pid, spec),
  "send/3": ([d, m, o], p) => send3(p as P, d, m, o),
  "send_after/3": ([d, m, t], p) => sendAfter(p as P, t, d, m, undefined, "send_after"),
  "send_after/4": ([d, m, t, o], p) => sendAfter(p as P, t, d, m, o, "send_after"),
  "cancel_timer/1": ([r], p) => cancelTimer(p as P, r),
  "cancel_timer/2": ([r, o], p) => cancelTimerOpts(p as P, r, o),
  "read_timer/1": ([r], p) => readTimer(p as P, r),
  "put/2": ([k, v], p) => nilIfUndefined(put(p as P, k, v)),
  "get/0": (_, p) => getAll(p as P),
  "get/1": ([k], p) => nilIfUndefined(get(p as P, k)),
  "get/2": ([k, d], p) => {
    const v = get(p as P, k);
    return v === UNDEFINED && !(p as P).dictionary.has(keyOf(k)) ? d : v;
  },
  "get_keys/0": (_, p) => getKeys(p as P),
  "get_keys/1": ([v], p) => getKeys(p as P, v),
  "delete/1": ([k], p) => nilIfUndefined(erase(p as P, k)),
  "group_leader/0": groupLeader,
  "hibernate/3": (args) => new TailCall(HIBERNATE, args),
  "spawn/2": ([fun, opts], p) => spawnWithOpts(p as P, [fun], opts),
  "spawn/4": ([m, f, args, opts], p) => spawnWithOpts(p as P, [m, f, args], opts),
};

/**
 * `:erlang.spawn_opt/2,4` (Process.spawn/2,4): `:link`, `:monitor` and `{:priority, level}`
 * act; the memory-tuning options are checked and accepted. Anything else is BEAM's
 * "invalid spawn option" on the options argument.
 */
function spawnWithOpts(p: P, target: Term[], opts: Term): Term {
  const o = listToArray(opts);
  const bad = (why = "invalid spawn option") => bifError("spawn_opt", [...target, opts], [[target.length + 1, why]]);
  if (o === null) throw bad("not a list");
  let link = false;
  let monitor = false;
  let priority: Term = null;
  let maxHeap: Term = null;
  const nonNeg = (v: Term) => isInteger(v) && BigInt(v as number | bigint) >= 0n;
  for (const opt of o) {
    if (opt === a("link")) link = true;
    else if (opt === a("monitor")) monitor = true;
    else if (isTuple(opt) && opt.length === 2 && opt[0] instanceof Atom) {
      const [k, v] = opt;
      const name = (k as Atom).name;
      if (name === "priority" && v instanceof Atom && PRIORITIES.has(v.name)) priority = v;
      else if ((name === "fullsweep_after" || name === "min_heap_size" || name === "min_bin_vheap_size") && nonNeg(v)) continue;
      else if (name === "message_queue_data" && (v === a("on_heap") || v === a("off_heap"))) continue;
      else if (name === "async_dist" && (v === true || v === false)) continue;
      else if (name === "max_heap_size" && parseMaxHeap(v, p.maxHeap) !== null) maxHeap = v;
      else if (name === "monitor" && listToArray(v) !== null) monitor = true;
      else throw bad();
    } else throw bad();
  }
  const spawned = spawnFrom(p, target, link, monitor, "spawn_opt");
  if (priority !== null || maxHeap !== null) {
    const pid = monitor ? (spawned as Term[])[0] : spawned;
    const child = rtOf(p).process(pid as Pid);
    if (child !== undefined && priority !== null) child.priority = priority;
    if (child !== undefined && maxHeap !== null) child.maxHeap = parseMaxHeap(maxHeap, child.maxHeap)!;
  }
  return spawned;
}

/**
 * `:beamsh_events.restart(child_id, old_pid, result, restarts, max_restarts, max_seconds)`:
 * the supervisors of the prelude tell the event stream what they restarted (result: the
 * new pid, `:gave_up` when the restart intensity was exceeded, or the failed start's error).
 */
function restartEvent([child, old, result, restarts, maxRestarts, maxSeconds]: Term[], p: ProcLike): Term {
  const ev = rtOf(p).events;
  if ((ev.mask & EV.restart) !== 0) {
    ev.emit("restart", {
      supervisor: (p as P).pid,
      child,
      old: old instanceof Pid ? old : null,
      new: result instanceof Pid ? result : null,
      gaveUp: result === a("gave_up"),
      restarts: typeof restarts === "number" ? restarts : 0,
      maxRestarts: typeof maxRestarts === "number" ? maxRestarts : 0,
      maxSeconds: typeof maxSeconds === "number" ? maxSeconds : 0,
    });
  }
  return OK;
}

/** The process BIFs of :erlang and the native part of Process. */
export const natives = [
  { module: "erlang", fns: erlangNatives },
  { module: "Elixir.Process", fns: processNatives },
  {
    module: "beamsh_events",
    fns: {
      "restart/6": restartEvent,
      // An OTP process traced with :sys.trace/2 tells its debug events (see erlang/gen_server.ex).
      "debug/1": ([event]: Term[], p: ProcLike) => {
        const ev = rtOf(p).events;
        if ((ev.mask & EV.debug) !== 0) ev.emit("debug", { pid: (p as P).pid, event });
        return OK;
      },
    },
  },
];
