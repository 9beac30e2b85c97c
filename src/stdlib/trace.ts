// BEAM tracing: erlang:trace/3, trace_info/2, trace_delivered/1, trace_pattern/2,3 and
// system_monitor/0,1,2, as OTP 25 documents them. :dbg (prelude/erlang/dbg.ex) is built on
// these, as OTP's is.
//
// Process trace flags live here, per runtime, by pid. Trace messages are made from the
// runtime's one event stream (events.ts): while some process is traced, this module
// subscribes to the kinds its flags need and turns each event about a traced process into
// the trace message OTP sends its tracer ({:trace, pid, :send, msg, to}, ...). A trace message
// is put straight into the tracer's mailbox: it is the runtime's, not a process's send, so
// it makes no event of its own (and is never traced itself).
//
// Call tracing swaps a traced function's entry in the module table for a small resumable
// wrapper (call sites re-resolve when the table's generation changes), so calls to
// functions nobody traces cost nothing. The wrapper runs the trace pattern's match
// specification on the arguments, sends the call message, and tail-calls the function (or,
// for return_trace/exception_trace/return_to, :beamsh_trace.call/4 in the prelude, which
// reports how it returned). Calls a module makes to its own functions are compiled as local
// calls and do not pass through the table: they are not traced.
import { Code, Frame, ProcLike, Status, resumableCode } from "../runtime/code.js";
import { TailCall, enterTarget } from "../runtime/calls.js";
import { argumentError, badArgs } from "../runtime/errors.js";
import { EV, EventKind, RuntimeEvent, Subscription } from "../runtime/events.js";
import { Fun } from "../runtime/fun.js";
import { currentFunction, stackOf } from "../runtime/inspection.js";
import { functionsOf } from "../runtime/module-info.js";
import type { NativeModule } from "../runtime/library.js";
import type { Process } from "../runtime/process.js";
import type { Runtime } from "../runtime/runtime.js";
import { Atom, NIL, Pid, Port, Term, a, int, list, listToArray, tuple } from "../runtime/term.js";
import { monotonicNative } from "./erlang.js";
import { strictEquals } from "../runtime/term-order.js";
import { compileTraceSpec, runTraceSpec, TraceAction, TraceSpec } from "./ets.js";

// ---- flags ----------------------------------------------------------------------------

/** The process trace flags, in the order trace_info/2 lists them (erts's). */
const FLAG_ORDER = [
  "running_procs", "running_ports", "ports", "scheduler_id", "silent", "return_to", "arity", "garbage_collection",
  "exiting", "running", "set_on_first_link", "set_on_link", "set_on_first_spawn", "procs", "call", "set_on_spawn",
  "receive", "send", "monotonic_timestamp", "strict_monotonic_timestamp", "timestamp",
] as const;

const BIT: Record<string, number> = {};
FLAG_ORDER.forEach((f, i) => (BIT[f] = 1 << i));
const F = BIT as Record<(typeof FLAG_ORDER)[number], number>;
/** erlang:trace/3's `all`: every flag but tracer and cpu_timestamp. */
const ALL_FLAGS = FLAG_ORDER.reduce((m, f) => m | BIT[f], 0);
const TS_FLAGS = F.timestamp | F.monotonic_timestamp | F.strict_monotonic_timestamp;

interface Traced {
  flags: number;
  tracer: Pid | Port;
}

interface Pattern {
  /** The function's own code (restored when the pattern is cleared). */
  orig: Code;
  spec: TraceSpec[];
  /** The match specification as given ([] for true). */
  ms: Term;
  local: boolean;
}

/** Tracing state of one runtime. */
class Tracing {
  readonly procs = new Map<number, Traced>();
  /** Flags and tracer given to processes spawned from now on (trace(:new, ...)). */
  newFlags = 0;
  newTracer: Pid | Port | null = null;
  readonly patterns = new Map<string, Pattern>();
  /** seq_trace tokens by pid ({flags, label, serial, from, lastcnt}). */
  readonly seqTokens = new Map<number, Term[]>();
  /** Messages on their way that carry a token, by receiver pid: [message, token]. */
  readonly seqPending = new Map<number, [Term, Term[]][]>();
  /** The system's sequential tracer (seq_trace:set_system_tracer/1). */
  seqTracer: Pid | null = null;
  /** The node's serial clock: each send or print of a token takes the next value. */
  seqClock = 0;
  /** system_monitor/2's settings (null: none). */
  monitor: [Pid, Term] | null = null;
  private sub: Subscription | null = null;
  private kinds = 0;

  constructor(readonly rt: Runtime) {}

  /** Subscribes to what the flags now set need (or unsubscribes). */
  refresh(): void {
    let all = this.newFlags;
    for (const t of this.procs.values()) all |= t.flags;
    const kinds: EventKind[] = [];
    if (all & F.send) kinds.push("send");
    if (all & F.receive) kinds.push("deliver", "timeout");
    if (all & (F.procs | F.set_on_spawn | F.set_on_first_spawn) || this.newFlags !== 0) kinds.push("spawn");
    if (all & (F.procs | F.set_on_link | F.set_on_first_link)) kinds.push("link", "unlink", "signal");
    // (exit: also to forget a traced process that ended)
    if (all !== 0) kinds.push("exit");
    if (all & (F.running | F.running_procs)) kinds.push("scheduled", "preempted", "blocked");
    if (this.seqTokens.size !== 0 || this.seqPending.size !== 0) {
      if (!kinds.includes("send")) kinds.push("send");
      kinds.push("receive");
      if (!kinds.includes("exit")) kinds.push("exit");
    }
    let mask = 0;
    for (const k of kinds) mask |= EV[k];
    if (mask === this.kinds) return;
    this.sub?.close();
    this.sub = null;
    this.kinds = mask;
    if (mask !== 0) this.sub = this.rt.events.subscribe((e) => this.onEvent(e), kinds);
  }

  /** Sets the flags of one process (how: add or remove), keeping its tracer unless given. */
  set(pid: Pid, how: boolean, flags: number, tracer: Pid | Port): void {
    const cur = this.procs.get(pid.id);
    if (how) {
      if (cur === undefined) this.procs.set(pid.id, { flags, tracer });
      else {
        cur.flags |= flags;
        cur.tracer = tracer;
      }
    } else if (cur !== undefined) {
      cur.flags &= ~flags;
      if (cur.flags === 0) this.procs.delete(pid.id);
    }
  }

  // ---- trace messages ----------------------------------------------------------------

  /** Sends a trace message about `pid` to its tracer (with a timestamp when asked). */
  emit(pid: Pid, t: Traced, body: Term[]): void {
    const tracer = t.tracer;
    if (!(tracer instanceof Pid)) return;
    // A process is never its own tracer's subject: erts sends it nothing about itself.
    if (tracer.id === pid.id && tracer.node === null) return;
    const p = this.rt.process(tracer);
    if (p === undefined) {
      // The tracer is gone: as on the BEAM, the process is no longer traced.
      this.procs.delete(pid.id);
      return;
    }
    let msg: Term[];
    if (t.flags & TS_FLAGS) msg = [a("trace_ts"), pid, ...body, this.timestamp(t.flags)];
    else msg = [a("trace"), pid, ...body];
    this.deliver(p, msg);
  }

  deliver(p: Process, msg: Term): void {
    p.mailbox.push(msg);
    if (p.status === "waiting") this.rt.scheduler.wake(p);
  }

  private timestamp(flags: number): Term {
    if (flags & F.strict_monotonic_timestamp) return tuple(monotonicNs(this.rt), this.rt.nextUniqueInteger());
    if (flags & F.monotonic_timestamp) return monotonicNs(this.rt);
    return nowTuple();
  }

  private onEvent(e: RuntimeEvent): void {
    const procs = this.procs;
    switch (e.kind) {
      case "send": {
        if (e.from === null) return;
        if (this.seqTokens.size !== 0) this.seqSend(e.from, e.to, e.msg);
        const t = procs.get(e.from.id);
        if (t === undefined || !(t.flags & F.send) || e.from.node !== null) return;
        const gone = e.to.node === null && this.rt.process(e.to) === undefined;
        this.emit(e.from, t, [a(gone ? "send_to_non_existing_process" : "send"), e.msg, e.to]);
        return;
      }
      case "receive":
        return this.seqReceive(e.pid, e.msg);
      case "deliver": {
        const t = procs.get(e.to.id);
        if (t !== undefined && t.flags & F.receive && e.to.node === null) this.emit(e.to, t, [a("receive"), e.msg]);
        return;
      }
      case "timeout": {
        const t = procs.get(e.pid.id);
        if (t !== undefined && t.flags & F.receive) this.emit(e.pid, t, [a("receive"), a("timeout")]);
        return;
      }
      case "spawn":
        return this.spawned(e.pid, e.parent, e.fun);
      case "link": {
        const t = procs.get(e.pid.id);
        if (t !== undefined) {
          if (t.flags & F.procs) this.emit(e.pid, t, [a("link"), e.other]);
          this.inheritOnLink(t, e.other);
        }
        const o = e.other.node === null ? procs.get(e.other.id) : undefined;
        if (o !== undefined && o.flags & F.procs) this.emit(e.other, o, [a("getting_linked"), e.pid]);
        return;
      }
      case "unlink": {
        const t = procs.get(e.pid.id);
        if (t !== undefined && t.flags & F.procs) this.emit(e.pid, t, [a("unlink"), e.other]);
        const o = e.other.node === null ? procs.get(e.other.id) : undefined;
        if (o !== undefined && o.flags & F.procs) this.emit(e.other, o, [a("getting_unlinked"), e.pid]);
        return;
      }
      case "signal": {
        // A link broken by its other end's exit: the link is gone from this side too.
        if (!e.link) return;
        const t = procs.get(e.to.id);
        if (t !== undefined && t.flags & F.procs && e.to.node === null) this.emit(e.to, t, [a("getting_unlinked"), e.from]);
        return;
      }
      case "exit": {
        this.seqTokens.delete(e.pid.id);
        this.seqPending.delete(e.pid.id);
        if (this.seqTracer !== null && this.seqTracer.id === e.pid.id) this.seqTracer = null;
        const t = procs.get(e.pid.id);
        if (t !== undefined) {
          if (t.flags & F.procs) this.emit(e.pid, t, [a("exit"), e.reason]);
          procs.delete(e.pid.id);
        }
        // A tracer that ends leaves the processes it traced untraced.
        for (const [id, u] of procs) if (u.tracer instanceof Pid && u.tracer.node === null && u.tracer.id === e.pid.id) procs.delete(id);
        if (this.newTracer instanceof Pid && this.newTracer.id === e.pid.id) {
          this.newTracer = null;
          this.newFlags = 0;
        }
        if (procs.size === 0 && this.newFlags === 0) this.refresh();
        return;
      }
      case "scheduled":
      case "preempted":
      case "blocked": {
        const t = procs.get(e.pid.id);
        if (t === undefined || !(t.flags & (F.running | F.running_procs))) return;
        const p = this.rt.procs.get(e.pid.id);
        const cur = p === undefined ? null : currentFunction(p);
        const mfa = cur === null ? 0 : t.flags & F.arity || true ? tuple(a(cur[0]), a(cur[1]), cur[2]) : 0;
        this.emit(e.pid, t, [a(e.kind === "scheduled" ? "in" : "out"), mfa]);
        return;
      }
    }
  }

  /** A new process: inherited flags (set_on_spawn, trace(:new)), then spawn/spawned messages. */
  private spawned(pid: Pid, parent: Pid | null, fun: Term | undefined): void {
    const pt = parent === null ? undefined : this.procs.get(parent.id);
    let child: Traced | undefined;
    if (pt !== undefined && pt.flags & F.set_on_spawn) child = { flags: pt.flags, tracer: pt.tracer };
    else if (pt !== undefined && pt.flags & F.set_on_first_spawn) {
      child = { flags: pt.flags & ~F.set_on_first_spawn, tracer: pt.tracer };
      pt.flags &= ~F.set_on_first_spawn;
    }
    if (this.newFlags !== 0 && this.newTracer !== null && !this.isTracer(pid)) {
      if (child === undefined) child = { flags: this.newFlags, tracer: this.newTracer };
      else child.flags |= this.newFlags;
    }
    if (child !== undefined) this.procs.set(pid.id, child);
    if ((pt === undefined || !(pt.flags & F.procs)) && (child === undefined || !(child.flags & F.procs))) return;
    const call = fun !== undefined ? tuple(a("erlang"), a("apply"), list([fun, NIL])) : this.spawnCall(pid);
    if (pt !== undefined && pt.flags & F.procs && parent !== null) this.emit(parent, pt, [a("spawn"), pid, call]);
    if (child !== undefined && child.flags & F.procs && parent !== null) this.emit(pid, child, [a("spawned"), parent, call]);
    if (child !== undefined) this.refresh();
  }

  private inheritOnLink(t: Traced, other: Pid): void {
    if (!(t.flags & (F.set_on_link | F.set_on_first_link)) || other.node !== null) return;
    if (this.procs.has(other.id)) return;
    if (t.flags & F.set_on_link) this.procs.set(other.id, { flags: t.flags, tracer: t.tracer });
    else {
      this.procs.set(other.id, { flags: t.flags & ~F.set_on_first_link, tracer: t.tracer });
      t.flags &= ~F.set_on_first_link;
    }
  }

  /** `{m, f, args}` a spawn trace names: what the process was started with. */
  private spawnCall(pid: Pid): Term {
    const p = this.rt.procs.get(pid.id);
    if (p === undefined) return tuple(a("erlang"), a("apply"), list([]));
    const f = p.frame;
    // (the entry of a process spawned with a fun that is not entered directly: erlang:apply/2)
    if (f.code.module === "erlang" && f.code.name === "apply" && f.code.arity === 2 && f.code.native === undefined) {
      const fun = f.r[0];
      if (fun instanceof Fun && fun.module !== null && fun.name !== null) return tuple(fun.module, fun.name, f.r[1]);
      return tuple(a("erlang"), a("apply"), list([f.r[0], f.r[1]]));
    }
    const ic = p.initialCall;
    if (ic !== null) return tuple(ic[0], ic[1], list(f.r.slice(0, ic[2])));
    return tuple(a(f.code.module), a(f.code.name), list(f.r.slice(0, f.code.arity)));
  }

  // ---- seq_trace ---------------------------------------------------------------------

  /** A process with a token sends: its serial takes the clock's next tick, and the token goes with the message. */
  private seqSend(from: Pid, to: Pid, msg: Term): void {
    const tok = this.seqTokens.get(from.id);
    if (tok === undefined) return;
    const next = this.seqStep(tok, from);
    this.seqTokens.set(from.id, next);
    if (to.node === null && this.rt.process(to) !== undefined) {
      const q = this.seqPending.get(to.id);
      if (q === undefined) this.seqPending.set(to.id, [[msg, next]]);
      else q.push([msg, next]);
    }
    if ((next[0] as number) & SEQ_SEND) this.seqEmit(next, tuple(a("send"), tuple(next[4], next[2]), from, to, msg));
  }

  /** The token after a send or print by `pid`: serial := the clock's next tick (lastcnt stays). */
  seqStep(tok: Term[], pid: Pid): Term[] {
    this.seqClock = Math.max(this.seqClock, tok[2] as number) + 1;
    return [tok[0], tok[1], this.seqClock, pid, tok[4]];
  }

  /** A receive took `msg`: the receiver's token becomes the one the message carried (or none). */
  private seqReceive(pid: Pid, msg: Term): void {
    const q = this.seqPending.get(pid.id);
    let carried: Term[] | undefined;
    if (q !== undefined) {
      let i = q.findIndex(([m]) => m === msg);
      if (i < 0) i = q.findIndex(([m]) => strictEquals(m, msg));
      if (i >= 0) {
        carried = q[i][1];
        q.splice(i, 1);
        if (q.length === 0) this.seqPending.delete(pid.id);
      }
    }
    if (carried === undefined) {
      if (this.seqTokens.delete(pid.id)) this.refresh();
      return;
    }
    // (lastcnt := the serial the message carried; from: its sender)
    this.seqTokens.set(pid.id, [carried[0], carried[1], carried[2], carried[3], carried[2]]);
    if ((carried[0] as number) & SEQ_RECEIVE) this.seqEmit(carried, tuple(a("receive"), tuple(carried[4], carried[2]), carried[3], pid, msg));
  }

  /** A seq_trace message to the system tracer: {:seq_trace, label, info} (with a timestamp when the token asks). */
  seqEmit(tok: Term[], info: Term): void {
    const tracer = this.seqTracer;
    if (tracer === null) return;
    const p = this.rt.process(tracer);
    if (p === undefined) {
      this.seqTracer = null;
      return;
    }
    const flags = tok[0] as number;
    if (flags & (SEQ_TS | SEQ_MON_TS | SEQ_STRICT_TS)) {
      const ts = flags & SEQ_STRICT_TS ? tuple(monotonicNs(this.rt), this.rt.nextUniqueInteger()) : flags & SEQ_MON_TS ? monotonicNs(this.rt) : nowTuple();
      this.deliver(p, tuple(a("seq_trace"), tok[1], info, ts));
    } else this.deliver(p, tuple(a("seq_trace"), tok[1], info));
  }

  /** Whether `pid` is some traced process's tracer (a tracer is not traced by all/new). */
  isTracer(pid: Pid): boolean {
    if (this.newTracer instanceof Pid && this.newTracer.id === pid.id) return true;
    for (const t of this.procs.values()) if (t.tracer instanceof Pid && t.tracer.id === pid.id && t.tracer.node === null) return true;
    return false;
  }
}

/** The bits of erts's trace control word, which process_info(pid, :trace) answers. */
const ERTS_BITS: Record<string, number> = {
  timestamp: 1, strict_monotonic_timestamp: 2, monotonic_timestamp: 4, send: 16, receive: 32, set_on_spawn: 64,
  set_on_first_spawn: 128, set_on_link: 256, set_on_first_link: 512, call: 1024, procs: 2048, running: 8192,
  garbage_collection: 16384, arity: 32768, return_to: 65536, silent: 131072, running_ports: 1048576,
  running_procs: 2097152, ports: 4194304, scheduler_id: 8388608, exiting: 16777216,
};

/** process_info(pid, :trace): the process's trace flags as erts's trace control word. */
export function traceWord(rt: Runtime, pid: Pid): number {
  const t = states.get(rt)?.procs.get(pid.id);
  if (t === undefined) return 0;
  let w = 0;
  for (const f of FLAG_ORDER) if (t.flags & BIT[f]) w += ERTS_BITS[f] ?? 0;
  return w;
}

/** process_info(pid, :sequential_trace_token): [] or the process's token. */
export function seqTraceToken(rt: Runtime, pid: Pid): Term {
  return states.get(rt)?.seqTokens.get(pid.id) ?? NIL;
}

const states = new WeakMap<Runtime, Tracing>();

function stateOf(rt: Runtime): Tracing {
  let s = states.get(rt);
  if (s === undefined) states.set(rt, (s = new Tracing(rt)));
  return s;
}

const rtOf = (p: ProcLike): Runtime => p.rt as Runtime;
const pidOf = (p: ProcLike): Pid => (p as Process).pid;

function monotonicNs(rt: Runtime): Term {
  return int(monotonicNative({ rt } as unknown as ProcLike));
}

function nowTuple(): Term {
  const us = BigInt(Date.now()) * 1000n;
  const mega = Number(us / 1_000_000_000_000n);
  const sec = Number((us / 1_000_000n) % 1_000_000n);
  const micro = Number(us % 1_000_000n);
  return tuple(mega, sec, micro);
}

// ---- erlang:trace/3 -------------------------------------------------------------------

function traceBif(args: Term[], p: ProcLike): Term {
  const [spec, how, flagList] = args;
  const rt = rtOf(p);
  const st = stateOf(rt);
  const items = listToArray(flagList);
  if (items === null) throw badArgs([[3, "not a list"]]);
  let flags = 0;
  let tracer: Pid | Port | null = null;
  for (const it of items) {
    if (it instanceof Atom) {
      if (it.name === "all") flags |= ALL_FLAGS;
      else if (it.name === "cpu_timestamp") throw badArgs([[1, "invalid spec for pid or port"]]);
      else if (BIT[it.name] !== undefined) flags |= BIT[it.name];
      else throw badArgs([[3, "invalid option in list"]]);
    } else if (Array.isArray(it) && it.length === 2 && it[0] === a("tracer")) {
      const t = it[1];
      if (!(t instanceof Pid || t instanceof Port)) throw badArgs([[3, "invalid option in list"]]);
      if (t instanceof Pid && rt.process(t) === undefined) throw badArgs([[3, "invalid option in list"]]);
      tracer = t;
    } else throw badArgs([[3, "invalid option in list"]]);
  }
  if (how !== true && how !== false) throw badArgs([[2, "not a boolean ('true' or 'false')"]]);
  const by = tracer ?? pidOf(p);
  let matched = 0;
  const existing = (): void => {
    const tracers = new Set<number>();
    if (by instanceof Pid) tracers.add(by.id);
    for (const q of rt.procs.values()) {
      if (q.status === "exited" || tracers.has(q.pid.id)) continue;
      st.set(q.pid, how, flags, by);
      matched++;
    }
  };
  const fresh = (): void => {
    if (how) {
      st.newFlags |= flags;
      st.newTracer = by;
    } else {
      st.newFlags &= ~flags;
      if (st.newFlags === 0) st.newTracer = null;
    }
  };
  if (spec instanceof Pid) {
    if (spec.node !== null || rt.process(spec) === undefined) throw badArgs([[1, "invalid spec for pid or port"]]);
    st.set(spec, how, flags, by);
    matched = 1;
  } else if (spec instanceof Port) {
    matched = 1;
  } else if (spec instanceof Atom) {
    switch (spec.name) {
      case "all": case "processes": existing(); fresh(); break;
      case "existing": case "existing_processes": existing(); break;
      case "new": case "new_processes": fresh(); break;
      case "ports": case "existing_ports": case "new_ports": break;
      default: throw badArgs([[1, "invalid spec for pid or port"]]);
    }
  } else throw badArgs([[1, "invalid spec for pid or port"]]);
  st.refresh();
  return matched;
}

function flagList(flags: number): Term {
  return list(FLAG_ORDER.filter((f) => flags & BIT[f]).map((f) => a(f)));
}

// ---- erlang:trace_info/2 --------------------------------------------------------------

const INFO_ITEMS = new Set(["traced", "match_spec", "meta", "meta_match_spec", "call_count", "call_time", "all"]);

function traceInfo([what, item]: Term[], p: ProcLike): Term {
  const rt = rtOf(p);
  const st = stateOf(rt);
  if (what instanceof Pid || what instanceof Atom) {
    if (!(item instanceof Atom) || !["flags", "tracer"].includes(item.name)) {
      if (what instanceof Atom && what.name === "on_load" && item instanceof Atom && INFO_ITEMS.has(item.name)) return funInfo(null, item.name);
      throw badArgs([[2, "invalid trace item"]]);
    }
    let t: Traced | undefined;
    if (what instanceof Pid) {
      if (rt.process(what) === undefined) return a("undefined");
      t = st.procs.get(what.id);
    } else if (what.name === "new" || what.name === "new_processes") {
      t = st.newTracer === null ? undefined : { flags: st.newFlags, tracer: st.newTracer };
    } else if (what.name === "new_ports") {
      t = undefined;
    } else throw badArgs([[1, "invalid spec for pid or port"]]);
    if (item.name === "flags") return tuple(a("flags"), flagList(t?.flags ?? 0));
    return tuple(a("tracer"), t === undefined ? NIL : t.tracer);
  }
  if (Array.isArray(what) && what.length === 3) {
    const [m, f, ar] = what;
    if (!(item instanceof Atom) || !INFO_ITEMS.has(item.name)) throw badArgs([[2, "invalid trace item"]]);
    if (!(m instanceof Atom) || !(f instanceof Atom) || typeof ar !== "number") throw badArgs([[1, "invalid spec for pid or port"]]);
    const key = `${m.name}:${f.name}/${ar}`;
    const pat = st.patterns.get(key);
    if (pat === undefined) {
      const exists = rt.modules.get(m.name)?.fns.has(`${f.name}/${ar}`) === true;
      return funInfo(exists ? null : undefined, item.name);
    }
    return funInfo(pat, item.name);
  }
  throw badArgs([[1, "invalid spec for pid or port"]]);
}

/** A function's trace information: pat null = not traced, undefined = no such function. */
function funInfo(pat: Pattern | null | undefined, item: string): Term {
  const UNDEF = a("undefined");
  const one = (k: string): Term => {
    if (pat === undefined) return tuple(a(k), UNDEF);
    switch (k) {
      case "traced": return tuple(a(k), pat === null ? false : a(pat.local ? "local" : "global"));
      case "match_spec": return tuple(a(k), pat === null ? false : pat.ms);
      default: return tuple(a(k), false);
    }
  };
  if (item === "all") {
    if (pat === undefined) return tuple(a("all"), UNDEF);
    if (pat === null) return tuple(a("all"), false);
    return tuple(a("all"), list(["traced", "match_spec", "meta", "meta_match_spec", "call_time", "call_count"].map(one)));
  }
  return one(item);
}

// ---- erlang:trace_delivered/1 ---------------------------------------------------------

function traceDelivered([what]: Term[], p: ProcLike): Term {
  const rt = rtOf(p);
  if (!(what instanceof Pid) && what !== a("all")) throw badArgs([[1, "not a pid or 'all'"]]);
  const ref = rt.makeRef();
  // Trace messages are in their tracers' mailboxes as soon as they are made: all delivered.
  if (!(what instanceof Pid) || what.node !== null || rt.process(what) !== undefined || true) {
    const me = rt.process(pidOf(p));
    if (me !== undefined) stateOf(rt).deliver(me, tuple(a("trace_delivered"), what, ref));
  }
  return ref;
}

// ---- erlang:trace_pattern/2,3 ---------------------------------------------------------

const WILD = a("_");

function tracePattern(args: Term[], p: ProcLike): Term {
  const [mfa, ms, flagsArg] = args;
  const rt = rtOf(p);
  const st = stateOf(rt);
  const flagItems = flagsArg === undefined ? [] : listToArray(flagsArg);
  if (flagItems === null) throw badArgs([[3, "not a list"]]);
  let local = false;
  let global = false;
  for (const fl of flagItems) {
    if (fl === a("local")) local = true;
    else if (fl === a("global")) global = true;
    else if (fl === a("meta") || fl === a("call_count") || fl === a("call_time") || (Array.isArray(fl) && fl[0] === a("meta"))) {
      // (meta tracing and call counters are not kept: counted as matched, nothing traced)
    } else throw badArgs([[3, "invalid flag"]]);
  }
  if (local && global) throw badArgs([[3, "invalid flag"]]);
  if (mfa === a("on_load")) return 0;
  if (!Array.isArray(mfa) || mfa.length !== 3) throw badArgs([[1, "invalid MFA specification"]]);
  const [m, f, ar] = mfa;
  if (!(m instanceof Atom) || !(f instanceof Atom) || !(ar instanceof Atom || typeof ar === "number")) throw badArgs([[1, "invalid MFA specification"]]);
  if ((m === WILD && (f !== WILD || ar !== WILD)) || (f === WILD && ar !== WILD)) throw badArgs([[1, "invalid MFA specification"]]);
  let spec: TraceSpec[] | null;
  let shown: Term = NIL;
  if (ms === true) spec = [];
  else if (ms === false) spec = null;
  else if (ms === a("restart") || ms === a("pause")) spec = null;
  else {
    spec = compileTraceSpec(ms);
    if (spec === null) throw badArgs([[2, "invalid match specification"]]);
    shown = ms;
  }
  const modules = m === WILD ? [...rt.modules.keys()] : [m.name];
  let matched = 0;
  const changed = new Map<string, [string, Code][]>();
  for (const modName of modules) {
    const def = rt.modules.get(modName);
    if (def === undefined) continue;
    // module_info/0,1 and an Elixir module's __info__/1 are exported too (counted, never traced here)
    for (const [name, arity] of [["module_info", 0], ["module_info", 1], ...(modName.startsWith("Elixir.") ? [["__info__", 1]] : [])] as [string, number][]) {
      if ((f === WILD || f.name === name) && (ar === WILD || ar === arity)) matched++;
    }
    for (const [name, arity] of functionsOf(def)) {
      if (f !== WILD && f.name !== name) continue;
      if (ar !== WILD && ar !== arity) continue;
      const key = `${name}/${arity}`;
      const pkey = `${modName}:${key}`;
      const cur = st.patterns.get(pkey);
      matched++;
      if (spec === null) {
        if (cur === undefined) continue;
        st.patterns.delete(pkey);
        push(changed, modName, [key, cur.orig]);
        continue;
      }
      const orig = cur?.orig ?? def.fns.get(key);
      if (orig === undefined) continue;
      st.patterns.set(pkey, { orig, spec, ms: shown, local });
      if (cur === undefined) push(changed, modName, [key, wrapper(orig, pkey)]);
    }
  }
  for (const [modName, fns] of changed) rt.modules.addFunctions(modName, fns);
  return matched;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const xs = m.get(k);
  if (xs === undefined) m.set(k, [v]);
  else xs.push(v);
}

function patternKey(mfa: Term): string {
  const [m, f, ar] = mfa as [Atom, Atom, number];
  return `${m.name}:${f.name}/${ar}`;
}

const CALLER_OF_SHELL = tuple(a("erl_eval"), a("do_apply"), 7);

/** The function a frame runs, as a trace names it ({m, f, arity}; shell code is erl_eval's). */
function frameMfa(f: Frame | null): Term {
  // (a traced function running under :beamsh_trace.call/5 made a tail call: the caller is the helper's)
  while (f !== null && f.code.module === "beamsh_trace") f = f.up;
  if (f === null) return a("undefined");
  const c = f.code as Code & { erlTop?: boolean; shellItem?: boolean };
  if (c.module === "" || c.erlTop === true || c.shellItem === true || c.module.startsWith("elixir_eval")) return CALLER_OF_SHELL;
  return tuple(a(c.module), a(c.name), c.arity);
}

const entries = new WeakMap<Code, Code>();

/** A resumable Code entering `orig` (a native's too), for the fun :beamsh_trace.call/5 applies. */
function entryOf(orig: Code): Code {
  let c = entries.get(orig);
  if (c === undefined) {
    c = resumableCode(orig.module, orig.name, orig.arity, (f: Frame, p: ProcLike): Status => enterTarget(p, orig, f.r.slice(0, orig.arity), f.up));
    entries.set(orig, c);
  }
  return c;
}

/** The entry standing in the module table for a traced function. */
function wrapper(orig: Code, key: string): Code {
  return resumableCode(orig.module, orig.name, orig.arity, (f: Frame, p: ProcLike): Status => {
    const args = f.r.slice(0, orig.arity);
    const rt = rtOf(p);
    const st = stateOf(rt);
    const pat = st.patterns.get(key);
    const pid = pidOf(p);
    const t = st.procs.get(pid.id);
    if (pat !== undefined && t !== undefined && t.flags & F.call) {
      const actions: TraceAction = { caller: () => frameMfa(f.up), returnTrace: false, exceptionTrace: false, message: true, silent: false };
      const matched = runTraceSpec(pat.spec, list(args), p, actions);
      if (matched && !(t.flags & F.silent && actions.silent !== false) && actions.message !== false) {
        const mod = a(orig.module);
        const what = t.flags & F.arity ? tuple(mod, a(orig.name), orig.arity) : tuple(mod, a(orig.name), list(args));
        const body: Term[] = [a("call"), what];
        if (actions.message !== true) body.push(actions.message);
        st.emit(pid, t, body);
      }
      if (matched && (actions.returnTrace || actions.exceptionTrace || (t.flags & F.return_to && pat.local))) {
        const mode = actions.exceptionTrace ? 2 : actions.returnTrace ? 1 : 0;
        const helper = rt.modules.lookup("beamsh_trace", "call", 5);
        if (helper !== null) {
          const fn = new Fun(orig.arity, entryOf(orig), []);
          return enterTarget(p, helper, [fn, list(args), tuple(a(orig.module), a(orig.name), orig.arity), mode, frameMfa(f.up)], f.up);
        }
      }
    }
    return enterTarget(p, orig, args, f.up);
  });
}

/** :beamsh_trace.returned(mfa, value, mode, caller) and .exception(mfa, class, reason, mode): after a traced call. */
function returned([mfa, value, mode, caller]: Term[], p: ProcLike): Term {
  const st = stateOf(rtOf(p));
  const pid = pidOf(p);
  const t = st.procs.get(pid.id);
  if (t === undefined || !(t.flags & F.call)) return a("ok");
  if (mode !== 0) st.emit(pid, t, [a("return_from"), mfa, value]);
  if (t.flags & F.return_to && st.patterns.get(patternKey(mfa))?.local === true) st.emit(pid, t, [a("return_to"), caller]);
  return a("ok");
}

function excepted([mfa, kind, reason, mode]: Term[], p: ProcLike): Term {
  const st = stateOf(rtOf(p));
  const pid = pidOf(p);
  const t = st.procs.get(pid.id);
  if (t !== undefined && t.flags & F.call && mode === 2) st.emit(pid, t, [a("exception_from"), mfa, tuple(kind, reason)]);
  return a("ok");
}

/** The first call in a match specification's guards or body to a function it cannot have ([name, arity]). */
function unknownFunction(ms: Term): [string, number] | null {
  const walk = (e: Term): [string, number] | null => {
    if (Array.isArray(e)) {
      if (e.length === 1 && Array.isArray(e[0])) return walk(e[0]);
      if (e.length > 0 && e[0] instanceof Atom && compileTraceSpec(list([tuple(a("_"), NIL, list([e]))])) === null) {
        for (const x of e.slice(1)) {
          const r = walk(x);
          if (r !== null) return r;
        }
        return [e[0].name, e.length - 1];
      }
      return null;
    }
    const xs = listToArray(e);
    if (xs !== null && e !== NIL) {
      for (const x of xs) {
        const r = walk(x);
        if (r !== null) return r;
      }
    }
    return null;
  };
  for (const clause of listToArray(ms) ?? []) {
    if (!Array.isArray(clause) || clause.length !== 3) return null;
    for (const part of [clause[1], clause[2]]) {
      const r = walk(part);
      if (r !== null) return r;
    }
  }
  return null;
}

// ---- erlang:system_monitor/0,1,2 ------------------------------------------------------

const MONITOR_OPTS = new Set(["busy_port", "busy_dist_port"]);
const MONITOR_INT_OPTS = new Set(["long_gc", "long_schedule", "large_heap"]);

function monitorSettings(st: Tracing): Term {
  return st.monitor === null ? a("undefined") : tuple(st.monitor[0], st.monitor[1]);
}

function systemMonitor(args: Term[], p: ProcLike): Term {
  const st = stateOf(rtOf(p));
  const before = monitorSettings(st);
  if (args.length === 0) return before;
  let pid: Term;
  let opts: Term;
  if (args.length === 1) {
    const [arg] = args;
    if (arg === a("undefined")) {
      st.monitor = null;
      return before;
    }
    if (!Array.isArray(arg) || arg.length !== 2) throw badArgs([[1, "invalid monitor settings"]]);
    [pid, opts] = arg;
  } else [pid, opts] = args;
  const items = listToArray(opts);
  if (!(pid instanceof Pid) || items === null) throw badArgs([[args.length === 1 ? 1 : 2, "invalid option"]]);
  for (const o of items) {
    if (o instanceof Atom && MONITOR_OPTS.has(o.name)) continue;
    if (Array.isArray(o) && o.length === 2 && o[0] instanceof Atom && MONITOR_INT_OPTS.has(o[0].name) && typeof o[1] === "number" && o[1] >= 0) continue;
    throw badArgs([[args.length === 1 ? 1 : 2, "invalid option"]]);
  }
  st.monitor = items.length === 0 ? null : [pid, opts];
  return before;
}

// ---- erlang:process_display/2 ---------------------------------------------------------

const ZERO = "0x0000000000000000";

/** erlang:process_display(pid, :backtrace): the process's stack, printed by the emulator as erts does (without its addresses). */
function processDisplay([pid, type]: Term[], p: ProcLike): Term {
  const rt = rtOf(p);
  if (!(pid instanceof Pid) || pid.node !== null) throw badArgs([[1, "not a pid"]]);
  if (type !== a("backtrace")) throw badArgs([[2, "invalid value"]]);
  const target = rt.process(pid);
  if (target === undefined) throw badArgs([[1, "the pid does not refer to an existing process"]]);
  const cur = currentFunction(target);
  const lines: string[] = [];
  lines.push(`Program counter: ${ZERO} (${cur === null ? "unknown function" : `${erlAtom(cur[0])}:${erlAtom(cur[1])}/${cur[2]} + 0`})`);
  lines.push("");
  // (shell code has no module: erl_eval interprets it, and its frames are not the process's own)
  for (const fr of stackOf(target).slice(1).filter((x) => x.module !== "")) {
    lines.push(`${ZERO} Return addr ${ZERO} (${erlAtom(fr.module)}:${erlAtom(fr.name)}/${fr.arity} + 0)`);
    lines.push("");
  }
  lines.push(`${ZERO} Return addr ${ZERO} (<terminate process normally>)`);
  const text = lines.join("\n") + "\n";
  const show = rt.modules.lookup("beamsh_trace", "display", 1);
  return show === null ? true : new TailCall(show, [text]);
}

function erlAtom(name: string): string {
  return /^[a-z][A-Za-z0-9_@]*$/.test(name) ? name : `'${name.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

// ---- seq_trace (erlang:seq_trace/2, seq_trace_info/1, seq_trace_print/1,2) ----------------

const SEQ_SEND = 1;
const SEQ_RECEIVE = 2;
const SEQ_PRINT = 4;
const SEQ_TS = 8;
const SEQ_STRICT_TS = 16;
const SEQ_MON_TS = 32;
const SEQ_FLAGS: Record<string, number> = {
  send: SEQ_SEND, receive: SEQ_RECEIVE, print: SEQ_PRINT, timestamp: SEQ_TS,
  strict_monotonic_timestamp: SEQ_STRICT_TS, monotonic_timestamp: SEQ_MON_TS,
};

/** erlang:seq_trace(component, value): the component's old value ([] for a whole token). */
function seqTrace([what, val]: Term[], p: ProcLike): Term {
  const st = stateOf(rtOf(p));
  const pid = pidOf(p);
  const cur = st.seqTokens.get(pid.id);
  const set = (tok: Term[] | null): void => {
    if (tok === null) st.seqTokens.delete(pid.id);
    else st.seqTokens.set(pid.id, tok);
    st.refresh();
  };
  if (what === a("sequential_trace_token")) {
    if (val !== NIL) throw argumentError();
    set(null);
    return cur ?? NIL;
  }
  if (!(what instanceof Atom)) throw argumentError();
  // (a new token: label 0, serial {0, 0}, no flags)
  const tok = cur ?? [0, 0, 0, pid, 0];
  if (what.name === "label") {
    set([tok[0], val, tok[2], tok[3], tok[4]]);
    return tok[1];
  }
  if (what.name === "serial") {
    if (!Array.isArray(val) || val.length !== 2 || typeof val[0] !== "number" || typeof val[1] !== "number" || val[0] < 0 || val[1] < 0) throw argumentError();
    set([tok[0], tok[1], val[1], tok[3], val[0]]);
    return tuple(tok[4], tok[2]);
  }
  const bit = SEQ_FLAGS[what.name];
  if (bit === undefined || (val !== true && val !== false)) throw argumentError();
  const old = ((tok[0] as number) & bit) !== 0;
  set([val ? (tok[0] as number) | bit : (tok[0] as number) & ~bit, tok[1], tok[2], tok[3], tok[4]]);
  return old;
}

function seqTraceInfo([what]: Term[], p: ProcLike): Term {
  const tok = stateOf(rtOf(p)).seqTokens.get(pidOf(p).id);
  if (!(what instanceof Atom)) throw argumentError();
  // (without a token, label and serial are [])
  if (what.name === "label") return tok === undefined ? NIL : tuple(what, tok[1]);
  if (what.name === "serial") return tok === undefined ? NIL : tuple(what, tuple(tok[4], tok[2]));
  const bit = SEQ_FLAGS[what.name];
  if (bit === undefined) throw argumentError();
  return tuple(what, tok !== undefined && ((tok[0] as number) & bit) !== 0);
}

function seqTracePrint(args: Term[], p: ProcLike): Term {
  const st = stateOf(rtOf(p));
  const pid = pidOf(p);
  const tok = st.seqTokens.get(pid.id);
  const info = args[args.length - 1];
  if (tok === undefined || !((tok[0] as number) & SEQ_PRINT)) return false;
  if (args.length === 2 && !strictEquals(args[0], tok[1])) return false;
  const next = st.seqStep(tok, pid);
  st.seqTokens.set(pid.id, next);
  st.seqEmit(next, tuple(a("print"), tuple(next[4], next[2]), pid, NIL, info));
  return true;
}

export const natives: NativeModule[] = [
  {
    module: "erlang",
    fns: {
      "process_display/2": processDisplay,
      "seq_trace/2": seqTrace,
      "seq_trace_info/1": seqTraceInfo,
      "seq_trace_print/1": seqTracePrint,
      "seq_trace_print/2": seqTracePrint,
      "trace/3": traceBif,
      "trace_info/2": traceInfo,
      "trace_delivered/1": traceDelivered,
      "trace_pattern/2": tracePattern,
      "trace_pattern/3": tracePattern,
      "system_monitor/0": systemMonitor,
      "system_monitor/1": systemMonitor,
      "system_monitor/2": systemMonitor,
    },
  },
  {
    module: "beamsh_trace",
    fns: {
      "returned/4": returned,
      "exception/4": excepted,
      // a trace match specification erlang:trace_pattern/3 takes (dbg's lint)
      // seq_trace's system tracer and reset (erlang:system_flag(sequential_tracer | reset_seq_trace, ...))
      "set_seq_tracer/1": ([t]: Term[], p: ProcLike): Term => {
        const st = stateOf(rtOf(p));
        const old: Term = st.seqTracer ?? false;
        if (t === false) st.seqTracer = null;
        else if (t instanceof Pid && t.node === null && rtOf(p).process(t) !== undefined) st.seqTracer = t;
        else throw badArgs([[1, "invalid value"]]);
        return old;
      },
      "seq_tracer/0": (_: Term[], p: ProcLike): Term => stateOf(rtOf(p)).seqTracer ?? false,
      "reset_seq_trace/0": (_: Term[], p: ProcLike): Term => {
        const st = stateOf(rtOf(p));
        st.seqTokens.clear();
        st.seqPending.clear();
        st.refresh();
        return true;
      },
      "check_ms/1": ([ms]: Term[]): Term => {
        if (compileTraceSpec(ms) !== null) return true;
        const bad = unknownFunction(ms);
        const text = bad === null ? "Invalid match specification" : `Function ${bad[0]}/${bad[1]} does_not_exist.`;
        return list(Array.from(text, (c) => c.codePointAt(0)!));
      },
      // the processes some trace flag is set on (dbg:i/0)
      "traced/0": (_: Term[], p: ProcLike): Term => {
        const st = stateOf(rtOf(p));
        const rt = rtOf(p);
        return list([...st.procs.keys()].sort((x, y) => x - y).flatMap((id) => {
          const q = rt.procs.get(id);
          return q === undefined || q.status === "exited" ? [] : [q.pid];
        }));
      },
    },
  },
];

