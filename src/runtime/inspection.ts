// The inspection API: plain-data snapshots of a runtime's processes and a feed of spawn/exit
// events. The observer reads the runtime only through this module (observer_cli's get_*
// functions, XState's system.inspect); Process.info/1,2 uses the same measurements.
import type { Frame } from "./code.js";
import { inspect } from "./inspect.js";
import type { Process } from "./process.js";
import type { Runtime } from "./runtime.js";
import { Atom, Pid, Term, atomName } from "./term.js";

/** `status` as Process.info reports it. */
export type InfoStatus = "running" | "runnable" | "waiting" | "exiting";

/** One process, as plain data. */
export interface ProcessSnapshot {
  /** "#PID<0.N.0>" */
  pid: string;
  id: number;
  registeredName: string | null;
  /** "Mod.fun/arity" in Erlang terms: [module, function, arity]. */
  initialCall: [string, string, number] | null;
  currentFunction: [string, string, number] | null;
  status: InfoStatus;
  reductions: number;
  messageQueueLen: number;
  /** Estimated bytes used by the process (control block, frames, mailbox, dictionary). */
  memory: number;
  links: string[];
  /** Pids (or "{name, node}") this process monitors. */
  monitors: string[];
  monitoredBy: string[];
  trapExit: boolean;
}

/** A snapshot of every live process, in pid order. */
export function snapshot(rt: Runtime): ProcessSnapshot[] {
  const out: ProcessSnapshot[] = [];
  for (const p of rt.procs.values()) if (p.status !== "exited") out.push(snapshotOf(p));
  return out.sort((x, y) => x.id - y.id);
}

export function snapshotOf(p: Process): ProcessSnapshot {
  const ic = p.initialCall;
  return {
    pid: inspect(p.pid),
    id: p.pid.id,
    registeredName: p.registeredName === null ? null : atomName(p.registeredName),
    initialCall: ic === null ? null : [atomName(ic[0]), atomName(ic[1]), ic[2]],
    currentFunction: currentFunction(p),
    status: statusOf(p),
    reductions: p.reductions,
    messageQueueLen: p.mailbox.length,
    memory: memoryOf(p),
    links: [...p.links.values()].map((pid) => inspect(pid)),
    monitors: [...p.monitors.values()].map((m) => inspect(m.name)),
    monitoredBy: [...p.monitoredBy.values()].map((m) => inspect(m.watcher)),
    trapExit: p.trapExit,
  };
}


export function statusOf(p: Process): InfoStatus {
  if (p.status === "running") return "running";
  if (p.status === "runnable") return "runnable";
  if (p.status === "waiting") return "waiting";
  return "exiting";
}

/**
 * The function the process is executing: its top frame's code. Code evaluated by the shell
 * has no module; iex reports erl_eval there (prim_eval while it waits in a receive).
 */
export function currentFunction(p: Process): [string, string, number] | null {
  const c = p.frame?.code;
  if (c === undefined) return null;
  if (c.module === "") return p.status === "waiting" ? ["prim_eval", "receive", 2] : ["erl_eval", "do_apply", 7];
  return [c.module, c.name, c.arity];
}

/** Call depth (frames on the process's stack). */
export function stackDepth(p: Process): number {
  let n = 0;
  for (let f: Frame | null = p.frame; f !== null && f !== undefined; f = f.up) n++;
  return n;
}

/** Bytes used, estimated from what the process holds (BEAM's idle process is ~2.6 KB). */
export function memoryOf(p: Process): number {
  let bytes = 1200 + 96 * stackDepth(p) + 16 * p.mailbox.items.length;
  for (const m of p.mailbox.toArray()) bytes += termBytes(m, 4);
  for (const [k, v] of p.dictionary.values()) bytes += 32 + termBytes(k, 4) + termBytes(v, 4);
  bytes += 48 * (p.links.size + p.monitors.size + p.monitoredBy.size);
  return bytes;
}

/** A rough size of a term (words on a BEAM heap, times 8), looking `depth` levels deep. */
function termBytes(t: Term, depth: number): number {
  if (t === null || typeof t !== "object") return typeof t === "string" ? 16 + t.length : 8;
  if (t instanceof Atom || t instanceof Pid || depth === 0) return 8;
  if (Array.isArray(t)) return t.reduce((s: number, x: Term) => s + termBytes(x, depth - 1), 8);
  if ("h" in t && "t" in t) return 16 + termBytes(t.h, depth - 1) + termBytes(t.t, depth - 1);
  return 32;
}
