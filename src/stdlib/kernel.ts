// Kernel functions that are not compiled inline (see compiler/intrinsics.ts): processes,
// apply, inspect, exits and throws, and the function forms of guards for captures.
import { TailCall, fcall } from "../runtime/calls.js";
import { toStr } from "../runtime/compiler/support.js";
import type { Code, NativeFn } from "../runtime/code.js";
import { BeamError, argumentError, badArgs, raise } from "../runtime/errors.js";
import { Fun } from "../runtime/fun.js";
import { inspect, optionsFromKeyword } from "../runtime/inspect.js";
import { MapTerm } from "../runtime/map.js";
import * as ops from "../runtime/ops.js";
import type { Process } from "../runtime/process.js";
import type { Runtime } from "../runtime/runtime.js";
import { Atom, Pid, Term, a, atomName, list, listToArray, tuple } from "../runtime/term.js";
import { compare } from "../runtime/term-order.js";

type P = Process;

/** A code unit that calls a fun with no arguments: the entry of `spawn(fun)`. */
export const APPLY_FUN: Code = {
  module: "erlang",
  name: "apply",
  arity: 2,
  file: "",
  fn: (f, p) => {
    if (f.pc === 0) {
      f.pc = 1;
      return fcall(p, f, f.r[0], f.r[1]);
    }
    return 0;
  },
};

function argsArray(l: Term): Term[] {
  const arr = listToArray(l);
  if (arr === null) throw argumentError("argument error");
  return arr;
}

/** Spawns a process running `fun` (or `mod.fun(args)`), optionally linked/monitored. */
export function spawnFrom(p: P, target: Term[], link: boolean, monitor: boolean): Term {
  const rt = p.rt as Runtime;
  let child: Process;
  if (target.length === 1) {
    const fun = target[0];
    if (!(fun instanceof Fun) || fun.arity !== 0) throw badArgs([[1, "not a fun"]]);
    child = rt.spawn(APPLY_FUN, [fun, []], p);
    child.initialCall = fun.module ? [fun.module, fun.name, 0] : [a("erlang"), a("apply"), 2];
  } else {
    const [mod, name, args] = target;
    const fun = new Fun(listToArray(args)?.length ?? 0, null, [], mod, name);
    child = rt.spawn(APPLY_FUN, [fun, argsArray(args)], p);
    child.initialCall = [mod, name, fun.arity];
  }
  if (link) rt.signals.link(p, child.pid);
  if (monitor) return tuple(child.pid, rt.signals.monitor(p, child.pid));
  return child.pid;
}

export function sendTo(p: P, dest: Term, msg: Term): Term {
  const rt = p.rt as Runtime;
  if (dest instanceof Pid) {
    rt.send(dest, msg);
    return msg;
  }
  if (dest instanceof Atom) {
    const pid = rt.whereis(dest);
    if (pid === null) throw badArgs([[1, "not an already registered name"]]);
    rt.send(pid, msg);
    return msg;
  }
  if (Array.isArray(dest) && dest.length === 2) {
    return sendTo(p, dest[0], msg);
  }
  throw badArgs([[1, "not a pid or an already registered name"]]);
}

const inspectFn: NativeFn = ([t, opts]) => inspect(t, opts === undefined ? {} : optionsFromKeyword(opts));

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.Kernel",
  fns: {
    "inspect/1": inspectFn,
    "inspect/2": inspectFn,
    "spawn/1": (args, p) => spawnFrom(p as P, args, false, false),
    "spawn/3": (args, p) => spawnFrom(p as P, args, false, false),
    "spawn_link/1": (args, p) => spawnFrom(p as P, args, true, false),
    "spawn_link/3": (args, p) => spawnFrom(p as P, args, true, false),
    "spawn_monitor/1": (args, p) => spawnFrom(p as P, args, false, true),
    "spawn_monitor/3": (args, p) => spawnFrom(p as P, args, false, true),
    "send/2": ([d, m], p) => sendTo(p as P, d, m),
    "self/0": (_, p) => (p as P).pid,
    "node/0": () => a("nonode@nohost"),
    "node/1": () => a("nonode@nohost"),
    "make_ref/0": (_, p) => (p.rt as Runtime).makeRef(),
    "exit/1": ([r]) => {
      throw new BeamError("exit", r);
    },
    "throw/1": ([v]) => {
      throw new BeamError("throw", v);
    },
    "apply/2": ([f, args]) => new TailCall(f, argsArray(args)),
    "apply/3": ([m, f, args]) => new TailCall(new Fun(listToArray(args)?.length ?? 0, null, [], m, f), argsArray(args)),
    "max/2": ([x, y]) => (compare(x, y) >= 0 ? x : y),
    "min/2": ([x, y]) => (compare(x, y) <= 0 ? x : y),
    "elem/2": ([t, i]) => ops.elem(t, i),
    "put_elem/3": ([t, i, v]) => {
      ops.elem(t, i);
      const c = [...t];
      c[i] = v;
      return c;
    },
    "tuple_size/1": ([t]) => ops.tupleSize(t),
    "length/1": ([l]) => ops.length(l),
    "hd/1": ([l]) => ops.hd(l),
    "tl/1": ([l]) => ops.tl(l),
    "map_size/1": ([m]) => ops.mapSize(m),
    "byte_size/1": ([b]) => ops.bsize(b),
    "abs/1": ([x]) => ops.abs(x),
    "div/2": ([x, y]) => ops.idiv(x, y),
    "rem/2": ([x, y]) => ops.irem(x, y),
    "not/1": ([x]) => ops.not(x),
    "is_nil/1": ([x]) => x === null,
    "to_string/1": ([x]) => toStr(x),
    "struct/1": ([m], p) => structOf(p as P, m, list([])),
    "struct/2": ([m, kv], p) => structOf(p as P, m, kv),
    "function_exported?/3": ([m, f, n], p) => (p.rt as Runtime).lookup(atomName(m), atomName(f), n) !== null,
    "macro_exported?/3": () => false,
    "binding/0": () => list([]),
  },
};

function structOf(p: P, m: Term, kv: Term): Term {
  const rt = p.rt as Runtime;
  const mod = m instanceof MapTerm ? m.get(a("__struct__")) : m;
  const def = rt.modules.get(atomName(mod));
  if (!def || !def.struct) throw raise("UndefinedFunctionError", { module: mod, function: a("__struct__"), arity: 0, reason: null, message: null });
  let s = MapTerm.fromPairs([[a("__struct__"), mod], ...def.struct.map(([k, v]) => [a(k), v] as [Term, Term])]);
  if (m instanceof MapTerm) s = m;
  const pairs = listToArray(kv) ?? [];
  for (const pair of pairs) {
    const [k, v] = pair as Term[];
    if (s.has(k) && k !== a("__struct__")) s = s.put(k, v);
  }
  return s;
}
