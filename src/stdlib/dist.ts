// Distribution as a library: starting and stopping the node (Node.start/3, --sname), the
// distribution BIFs of :erlang (node/1, nodes/0,1, is_alive/0, cookies, disconnect_node/1,
// monitor_node/2,3, spawn_request/1..5) and :beamsh_dist, the natives the prelude's
// :net_kernel, :net_adm, :erpc, :rpc and Node are written on. The protocol itself lives in
// runtime/dist; this file turns its events into messages to processes.
//
// Operations that wait for the network (starting the node, connecting) return a reference
// at once and later send `{ref, result}` to the calling process, which waits in `receive`.
import type { NativeFn, ProcLike } from "../runtime/code.js";
import { BeamError, badArgs, raise } from "../runtime/errors.js";
import { defaultCookie } from "../runtime/dist/cookie.js";
import { Op, SPAWN_FLAG_LINK, SPAWN_FLAG_MONITOR } from "../runtime/dist/control.js";
import { NetKernel, NodeError, fullName, shortHost } from "../runtime/dist/net-kernel.js";
import { Wire } from "../runtime/dist/wire.js";
import { EpmdError, names } from "../runtime/dist/epmd.js";
import type { NodeLink } from "../runtime/dist/net-kernel.js";
import { Fun } from "../runtime/fun.js";
import type { Process } from "../runtime/process.js";
import { LOCAL_NODE, Runtime } from "../runtime/runtime.js";
import { Atom, Cons, NIL, Pid, Port, Ref, Term, a, atomName, list, listToArray, pidKey, refKey, tuple } from "../runtime/term.js";
import { MapTerm } from "../runtime/map.js";
import { APPLY_FUN } from "./process.js";
import { restoreSystemNames } from "./system-procs.js";

const OK = a("ok");
const ERROR = a("error");
const TRUE_ = true;
const IGNORED = a("ignored");
const NODEUP = a("nodeup");
const NODEDOWN = a("nodedown");
const SPAWN_REPLY = a("spawn_reply");
const UNDEFINED = a("undefined");

type P = Process;
const rtOf = (p: ProcLike): Runtime => p.rt as Runtime;

/** What one runtime keeps while it is a distributed node. */
interface DistState {
  kernel: NetKernel;
  wire: Wire;
  /** Started from the command line (Node.stop/0 then answers {:error, :not_allowed}). */
  fromCommandLine: boolean;
  /** :net_kernel.monitor_nodes subscribers (pid key → pid and options). */
  nodeWatchers: Map<string | number, { pid: Pid; reason: boolean; all: boolean }>;
  /** erlang:monitor_node/2 monitors: node → pids (one entry per call). */
  nodeMonitors: Map<Atom, Pid[]>;
  /** Spawn requests this node made and has not had a reply to. */
  requests: Map<string | number, SpawnRequest>;
  /** The node's I/O server (registered as :user): remote processes spawned from here print through it. */
  ioServer: Pid | null;
}

interface SpawnRequest {
  reqId: Ref;
  pid: Pid;
  node: Atom;
  replyTag: Term;
  /** yes | no | error_only | success_only */
  reply: string;
  link: boolean;
  monitor: boolean;
}

const states = new WeakMap<Runtime, DistState>();
/** Cookie set with erlang:set_cookie/1 before the node is alive, per runtime. */
const cookies = new WeakMap<Runtime, string>();

/** `--cookie` without a name: the cookie a later Node.start/3 uses. */
export function setStartCookie(rt: Runtime, cookie: string): void {
  cookies.set(rt, cookie);
}

export function distState(rt: Runtime): DistState | undefined {
  return states.get(rt);
}

// ---- starting and stopping ---------------------------------------------------------------

export interface StartOptions {
  name: string;
  longnames: boolean;
  cookie?: string;
  ticktime?: number;
  fromCommandLine?: boolean;
  listenHost?: string;
  /** net_setuptime in milliseconds (default 7000). */
  setupTime?: number;
  /** Spawn the services (net_kernel, rex, user) here; false when the caller spawns them itself (:net_kernel.start/1). */
  services?: boolean;
}

/** Why a start failed, in the words erl logs ("notice") before its error tuple. */
export class StartError extends Error {
  constructor(
    readonly reason: "duplicate_name" | "longnames" | "bad_name" | "network",
    message: string,
  ) {
    super(message);
  }
}

/**
 * Makes `rt` a distributed node: the network part (runtime/dist), then the services other
 * nodes expect (net_kernel, rex, the I/O server), spawned from the prelude.
 */
export async function startNode(rt: Runtime, opts: StartOptions): Promise<void> {
  if (states.has(rt)) throw new StartError("network", "already started");
  let name: string;
  try {
    name = fullName(opts.name, opts.longnames);
  } catch (e) {
    if (e instanceof NodeError && e.message.startsWith("Can't")) throw new StartError("longnames", e.message);
    throw new StartError("bad_name", (e as Error).message);
  }
  const cookie = opts.cookie ?? cookies.get(rt) ?? defaultCookie();
  let kernel: NetKernel;
  try {
    kernel = await NetKernel.start(rt, { name, longnames: opts.longnames, cookie, ticktime: opts.ticktime, listenHost: opts.listenHost, setupTime: opts.setupTime });
  } catch (e) {
    if (e instanceof EpmdError && e.message === "duplicate_name") {
      throw new StartError("duplicate_name", `Protocol 'inet_tcp': the name ${name} seems to be in use by another Erlang node`);
    }
    throw new StartError("network", `Protocol 'inet_tcp': register/listen error: ${(e as Error).message}`);
  }
  const wire = new Wire(rt, kernel);
  const st: DistState = {
    kernel,
    wire,
    fromCommandLine: opts.fromCommandLine === true,
    nodeWatchers: new Map(),
    nodeMonitors: new Map(),
    requests: new Map(),
    ioServer: null,
  };
  states.set(rt, st);
  rt.distribution = wire;
  wire.services = {
    spawnRequest: (link, reqId, parent, gl, mfa, opts, args) => spawnRequest(rt, link, reqId, parent, gl, mfa, opts, args),
    spawnReply: (reqId, to, flags, result) => spawnReply(rt, st, reqId, to, flags, result),
    aliasSend: (alias, msg) => rt.sendAlias(alias, msg),
    groupLeader: (leader, of) => {
      const t = rt.process(of);
      if (t !== undefined) t.groupLeader = leader;
    },
  };
  kernel.onLog = (level, text) => rt.logger.log(`\n${logTime()} [${level}] ${text}\n`);
  kernel.subscribe({
    nodeup: (node) => nodeEvent(rt, st, node, true, ""),
    nodedown: (node, reason) => nodeEvent(rt, st, node, false, reason),
    unreachable: (node) => nodeUnreachable(rt, st, node),
  });
  if (opts.services !== false) startServices(rt);
}

/** Node.stop/0 and the end of a shell: every connection closes, the node is nonode@nohost again. */
export function stopNode(rt: Runtime): void {
  const st = states.get(rt);
  if (st === undefined) return;
  st.kernel.stop();
  states.delete(rt);
  rt.distribution = null;
  for (const name of ["net_kernel", "rex", "user", "global_name_server"]) {
    const pid = rt.registry.whereis(a(name));
    const proc = pid === null ? undefined : rt.process(pid);
    // (the boot's own processes, below pid 100, stay: system-procs.ts)
    if (proc !== undefined && proc.pid.id >= 100) rt.signals.kill(proc, a("kill"));
  }
  restoreSystemNames(rt);
  rt.node = LOCAL_NODE;
  rt.creation = 0;
}

/** Spawns the prelude's service processes (:net_kernel.__services__/0 registers them). */
function startServices(rt: Runtime): void {
  const code = rt.modules.lookup("net_kernel", "__services__", 0);
  if (code === null) return;
  const p = rt.spawn(APPLY_FUN, [new Fun(0, null, [], a("net_kernel"), a("__services__")), []]);
  p.initialCall = [a("net_kernel"), a("init"), 1];
}

function logTime(d = new Date()): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

// ---- node events ---------------------------------------------------------------------------

function nodeEvent(rt: Runtime, st: DistState, node: Atom, up: boolean, reason: string): void {
  for (const w of st.nodeWatchers.values()) {
    if (up) rt.send(w.pid, w.reason || w.all ? tuple(NODEUP, node, watcherInfo(w, "")) : tuple(NODEUP, node));
    else rt.send(w.pid, w.reason || w.all ? tuple(NODEDOWN, node, watcherInfo(w, reason)) : tuple(NODEDOWN, node));
  }
  if (!up) {
    fireNodeMonitors(rt, st, node);
    failRequests(rt, st, node);
  }
}

function watcherInfo(w: { reason: boolean; all: boolean }, reason: string): Term {
  const info: Term[] = [];
  if (w.all) info.push(tuple(a("node_type"), a("visible")));
  if (w.reason && reason !== "") info.push(tuple(a("nodedown_reason"), a(reason)));
  return list(info);
}

function nodeUnreachable(rt: Runtime, st: DistState, node: Atom): void {
  fireNodeMonitors(rt, st, node);
  failRequests(rt, st, node);
}

/** Spawn requests to a node that went away (or was never reached) fail with :noconnection. */
function failRequests(rt: Runtime, st: DistState, node: Atom): void {
  for (const [key, r] of st.requests) {
    if (r.node !== node) continue;
    st.requests.delete(key);
    if (r.reply === "yes" || r.reply === "error_only") rt.send(r.pid, tuple(r.replyTag, r.reqId, ERROR, a("noconnection")));
  }
}

function fireNodeMonitors(rt: Runtime, st: DistState, node: Atom): void {
  const pids = st.nodeMonitors.get(node);
  if (pids === undefined) return;
  st.nodeMonitors.delete(node);
  for (const pid of pids) rt.send(pid, tuple(NODEDOWN, node));
}

// ---- spawning on this node for another -----------------------------------------------------

const SPAWN_OPTS = new Set(["link", "monitor"]);
const SPAWN_OPT_PAIRS = new Set(["priority", "fullsweep_after", "min_heap_size", "min_bin_vheap_size", "max_heap_size", "message_queue_data", "async_dist"]);

function spawnRequest(rt: Runtime, from: NodeLink, reqId: Ref, parent: Pid, gl: Pid, mfa: Term, opts: Term, args: Term): void {
  const reply = (flags: number, result: Term) => from.conn.send([Op.SPAWN_REPLY, reqId, parent, flags, result]);
  const argv = listToArray(args);
  const optv = listToArray(opts);
  if (!Array.isArray(mfa) || mfa.length !== 3 || !(mfa[0] instanceof Atom) || !(mfa[1] instanceof Atom) || argv === null) return reply(0, a("badarg"));
  let link = false;
  let monitor = false;
  for (const o of optv ?? [null]) {
    if (o === a("link")) link = true;
    else if (o === a("monitor")) monitor = true;
    else if (o instanceof Atom && SPAWN_OPTS.has(o.name)) continue;
    else if (Array.isArray(o) && o.length === 2 && o[0] instanceof Atom && SPAWN_OPT_PAIRS.has(o[0].name)) continue;
    else return reply(0, a("badopt"));
  }
  const fun = new Fun(argv.length, null, [], mfa[0], mfa[1]);
  const child = rt.spawn(APPLY_FUN, [fun, argv]);
  child.groupLeader = gl;
  child.initialCall = [mfa[0], mfa[1], argv.length];
  let flags = 0;
  if (link) {
    child.linkTable().set(pidKey(parent), parent);
    flags |= SPAWN_FLAG_LINK;
  }
  if (monitor) {
    child.watcherTable().set(refKey(reqId), { ref: reqId, watcher: parent, object: child.pid });
    flags |= SPAWN_FLAG_MONITOR;
  }
  // The reply goes out before anything the new process does; then the process starts at
  // once (as a new BEAM process starts on a free scheduler), so what it sends right away
  // (output to its group leader on the requesting node) follows the reply closely.
  reply(flags, child.pid);
  rt.runUntilIdle(8);
}

// ---- spawn requests this node makes -----------------------------------------------------

function spawnReply(rt: Runtime, st: DistState, reqId: Ref, to: Pid, flags: number, result: Term): void {
  const key = refKey(reqId);
  const r = st.requests.get(key);
  if (r === undefined) return;
  st.requests.delete(key);
  const p = rt.process(to);
  if (result instanceof Pid) {
    if (p === undefined) {
      // The requester is gone: undo what the other node set up for it.
      if ((flags & SPAWN_FLAG_LINK) !== 0) rt.connection(r.node)?.exit(to, result, a("noproc"), true);
      if ((flags & SPAWN_FLAG_MONITOR) !== 0) rt.connection(r.node)?.demonitor(to, result, reqId);
      return;
    }
    if ((flags & SPAWN_FLAG_LINK) !== 0) p.linkTable().set(pidKey(result), result);
    if ((flags & SPAWN_FLAG_MONITOR) !== 0) p.monitorTable().set(key, { ref: reqId, target: result, node: null, name: result });
    if (r.reply === "yes" || r.reply === "success_only") rt.send(to, tuple(r.replyTag, reqId, OK, result));
  } else if (p !== undefined && (r.reply === "yes" || r.reply === "error_only")) {
    rt.send(to, tuple(r.replyTag, reqId, ERROR, result));
  }
}

/**
 * spawn_request(Node, M, F, A, Opts) to another node: sends SPAWN_REQUEST and returns the
 * request id; the reply arrives as a message (see spawnReply). Returns "badarg" for a bad
 * option list, as erts_internal:dist_spawn_request/4 does.
 */
function remoteSpawnRequest(p: P, node: Atom, mfa: Term[], opts: Term): Term {
  const rt = rtOf(p);
  const st = states.get(rt);
  const optv = listToArray(opts);
  if (optv === null) return a("badarg");
  const reqId = rt.makeRef();
  let replyTag: Term = SPAWN_REPLY;
  let reply = "yes";
  let link = false;
  let monitor = false;
  const passed: Term[] = [];
  for (const o of optv) {
    if (Array.isArray(o) && o.length === 2 && o[0] === a("reply_tag")) replyTag = o[1];
    else if (Array.isArray(o) && o.length === 2 && o[0] === a("reply") && o[1] instanceof Atom && ["yes", "no", "error_only", "success_only"].includes(o[1].name)) reply = o[1].name;
    else if (Array.isArray(o) && o.length === 2 && o[0] === a("reply")) return a("badarg");
    else {
      if (o === a("link")) link = true;
      if (o === a("monitor")) monitor = true;
      passed.push(o);
    }
  }
  const args = mfa[2];
  const gl = st?.ioServer ?? p.groupLeader ?? p.pid;
  const callerGl = p.groupLeader !== null && p.groupLeader.node === null && p.groupLeader !== p.pid ? p.groupLeader : gl;
  if (st === undefined || rt.connection(node) === null) {
    rt.send(p.pid, tuple(replyTag, reqId, ERROR, a("noconnection")));
    return reqId;
  }
  st.requests.set(refKey(reqId), { reqId, pid: p.pid, node, replyTag, reply, link, monitor });
  const len = listToArray(args)?.length ?? 0;
  st.wire.post(node, () => ({ ctrl: [Op.SPAWN_REQUEST, reqId, p.pid, callerGl, tuple(mfa[0], mfa[1], len), list(passed)], payload: args }));
  return reqId;
}

// ---- the BIFs -----------------------------------------------------------------------------

function bif(name: string, args: Term[], n: number, what: string): BeamError {
  const e = badArgs([[n, what]]) as BeamError & { native?: unknown };
  e.native = [a("erlang"), name, args];
  return e;
}

const NODE_TYPES = new Set(["visible", "hidden", "connected", "this", "known"]);

/** What is wrong with the node type (or list of them) of nodes/1,2, as erl_erts_errors says it; null when nothing. */
function nodeTypesVerdict(arg: Term): string | null {
  const valid = (t: Term) => t instanceof Atom && NODE_TYPES.has(t.name);
  if (arg instanceof Atom) return valid(arg) ? null : "not a valid node type";
  if (arg !== NIL && !(arg instanceof Cons)) return "not a valid node type or list of valid node types";
  const types = listToArray(arg);
  return types !== null && types.every(valid) ? null : "not a list of valid node types";
}

function nodes(p: ProcLike, args: Term[]): Term {
  const rt = rtOf(p);
  const st = states.get(rt);
  const arg = args.length === 0 ? a("visible") : args[0];
  const verdict = nodeTypesVerdict(arg);
  if (verdict !== null) throw bif("nodes", args, 1, verdict);
  const types = arg instanceof Atom ? [arg] : listToArray(arg)!;
  const out: Atom[] = [];
  const names = (types as Atom[]).map((t) => t.name);
  if (names.includes("this")) out.push(rt.node);
  if (names.some((n) => n === "visible" || n === "connected" || n === "known") && st !== undefined) out.push(...st.kernel.nodes());
  if (names.includes("known") && st === undefined) out.push(rt.node);
  return list([...new Set(out)]);
}

/** nodes/2: each node of nodes/1 with the information the options map asks for. */
const connectionIds = new WeakMap<object, number>();
let nextConnectionId = 1;

function nodesInfo(p: ProcLike, args: Term[]): Term {
  const [arg, opts] = args;
  const problems: [number, string][] = [];
  const verdict = nodeTypesVerdict(arg);
  if (verdict !== null) problems.push([1, verdict]);
  const types = verdict === null ? (arg instanceof Atom ? [arg] : listToArray(arg)!) : [];
  if (!(opts instanceof MapTerm)) problems.push([2, "not a map"]);
  else {
    for (const [k, v] of opts.entries.values()) {
      if ((k !== a("connection_id") && k !== a("node_type")) || typeof v !== "boolean") {
        problems.push([2, "invalid options in map"]);
        break;
      }
    }
  }
  if (problems.length > 0) {
    const e = badArgs(problems) as BeamError & { native?: unknown };
    e.native = [a("erlang"), "nodes", args];
    throw e;
  }
  const want = (k: string) => (opts as MapTerm).get(a(k)) === true;
  const rt = rtOf(p);
  const st = states.get(rt);
  const names = nodes(p, [arg]);
  return list((listToArray(names) as Atom[]).map((n) => {
    const pairs: [Term, Term][] = [];
    const link = n === rt.node ? undefined : st?.kernel.links.get(n);
    if (want("connection_id")) {
      let id: Term = a("undefined");
      if (link !== undefined) {
        if (!connectionIds.has(link)) connectionIds.set(link, nextConnectionId++);
        id = connectionIds.get(link) as number;
      }
      pairs.push([a("connection_id"), id]);
    }
    if (want("node_type")) pairs.push([a("node_type"), a(n === rt.node ? "this" : link !== undefined ? "visible" : "known")]);
    return tuple(n, MapTerm.fromPairs(pairs));
  }));
}

function setCookie(p: ProcLike, args: Term[]): Term {
  const rt = rtOf(p);
  const st = states.get(rt);
  const [x, y] = args;
  if (args.length === 1) {
    if (!(x instanceof Atom)) throw bif("set_cookie", args, 1, "not an atom");
    if (st === undefined) cookies.set(rt, x.name);
    else st.kernel.cookie = x.name;
    return TRUE_;
  }
  if (!(x instanceof Atom)) throw bif("set_cookie", args, 1, "not an atom");
  if (!(y instanceof Atom)) throw bif("set_cookie", args, 2, "not an atom");
  if (st === undefined) throw bif("set_cookie", args, 1, "the node is not alive");
  if (x === rt.node) st.kernel.cookie = y.name;
  else st.kernel.cookies.set(x.name, y.name);
  return TRUE_;
}

function getCookie(p: ProcLike, args: Term[]): Term {
  const st = states.get(rtOf(p));
  if (args.length === 1 && !(args[0] instanceof Atom)) throw bif("get_cookie", args, 1, "not an atom");
  if (st === undefined) return a("nocookie");
  if (args.length === 0) return a(st.kernel.cookie);
  return a(st.kernel.cookieFor((args[0] as Atom).name));
}

/**
 * monitor_node/2,3. As the BIF: a node that is no atom or options that are not a list of
 * allow_passive_connect are a badarg; then, on a node that is not alive, any node but this
 * one is the error notalive; then a flag that is no boolean is a badarg. Each error explains
 * every bad argument (erl_erts_errors), notalive's too.
 */
function monitorNode(p: ProcLike, args: Term[]): Term {
  const rt = rtOf(p);
  const st = states.get(rt);
  const [node, flag, opts] = args;
  const problems: [number, string][] = [];
  if (!(node instanceof Atom)) problems.push([1, "not an atom"]);
  if (flag !== true && flag !== false) problems.push([2, "not a boolean ('true' or 'false')"]);
  if (args.length === 3) {
    const l = opts === NIL || opts instanceof Cons ? listToArray(opts) : null;
    if (opts !== NIL && !(opts instanceof Cons)) problems.push([3, "not a list"]);
    else if (l === null) problems.push([3, "not a proper list"]);
    else if (!l.every((o) => o === a("allow_passive_connect"))) problems.push([3, "invalid option in list"]);
  }
  const raiseBad = (): never => {
    const e = badArgs(problems) as BeamError & { native?: unknown };
    e.native = [a("erlang"), "monitor_node", args];
    throw e;
  };
  if (problems.some(([n]) => n !== 2)) raiseBad();
  if (st === undefined && node !== rt.node) {
    const reason = problems.length === 0 ? null : ":\n\n" + problems.map(([n, why]) => `  * ${n === 2 ? "2nd" : n === 1 ? "1st" : "3rd"} argument: ${why}\n`).join("");
    const e = raise("ErlangError", { original: a("notalive"), reason }) as BeamError & { native?: unknown };
    e.native = [a("erlang"), "monitor_node", args];
    throw e;
  }
  if (problems.length > 0) raiseBad();
  const self = (p as P).pid;
  if (st === undefined) return TRUE_;
  const list_ = st.nodeMonitors.get(node) ?? [];
  if (flag) {
    if (node === rt.node) return TRUE_;
    list_.push(self);
    st.nodeMonitors.set(node, list_);
    void st.kernel.connect(node).then((ok) => {
      if (!ok) fireNodeMonitors(rt, st, node);
    });
  } else {
    const i = list_.findIndex((x) => x.id === self.id && x.node === null);
    if (i >= 0) list_.splice(i, 1);
  }
  return TRUE_;
}

function monitorNodes(p: ProcLike, args: Term[]): Term {
  const rt = rtOf(p);
  const st = states.get(rt);
  const [flag, opts] = args;
  if (flag !== true && flag !== false) return tuple(ERROR, a("badarg"));
  let reason = false;
  let all = false;
  for (const o of listToArray(opts ?? NIL) ?? []) {
    if (o === a("nodedown_reason")) reason = true;
    else if (Array.isArray(o) && o.length === 2 && o[0] === a("node_type") && o[1] instanceof Atom) all = true;
    else return tuple(ERROR, tuple(a("unknown_options"), opts));
  }
  if (st === undefined) return flag ? OK : OK;
  const self = (p as P).pid;
  if (flag) st.nodeWatchers.set(pidKey(self), { pid: self, reason, all });
  else st.nodeWatchers.delete(pidKey(self));
  return OK;
}

/** Sends `{ref, result}` to the caller once `work` settles. */
function later(p: ProcLike, work: Promise<Term>): Term {
  const rt = rtOf(p);
  const self = (p as P).pid;
  const ref = rt.makeRef();
  void work.then(
    (v) => rt.send(self, tuple(ref, v)),
    (e) => rt.send(self, tuple(ref, tuple(ERROR, a(String((e as Error).message))))),
  );
  return ref;
}

function startNative(p: ProcLike, args: Term[]): Term {
  const rt = rtOf(p);
  const [name, type, ticktime] = args;
  if (states.has(rt)) return tuple(ERROR, a("already_started"));
  const longnames = type !== a("shortnames");
  return later(
    p,
    startNode(rt, { name: atomName(name), longnames, ticktime: typeof ticktime === "number" ? ticktime : undefined, services: false }).then(
      () => OK,
      (e: unknown) => {
        if (e instanceof StartError) {
          // erl's info messages end with a newline of their own, and Logger adds one.
          rt.logger.log(`\n${logTime()} [notice] ${e.message}\n\n`);
          return tuple(ERROR, a(e.reason));
        }
        throw e;
      },
    ),
  );
}

function stopNative(p: ProcLike): Term {
  const rt = rtOf(p);
  const st = states.get(rt);
  if (st === undefined) return tuple(ERROR, a("not_found"));
  if (st.fromCommandLine) return tuple(ERROR, a("not_allowed"));
  stopNode(rt);
  return OK;
}

function connectNative(p: ProcLike, args: Term[]): Term {
  const rt = rtOf(p);
  const st = states.get(rt);
  const [node] = args;
  if (st === undefined) return IGNORED;
  if (!(node instanceof Atom) || !/^[^@]+@[^@]+$/.test(node.name)) {
    rt.logger.log(`\n${logTime()} [error] \n** Cannot get connection id for node ${inspectAtom(node)}\n\n`);
    return false;
  }
  return later(p, st.kernel.connect(node));
}

function inspectAtom(t: Term): string {
  return t instanceof Atom ? ":" + (/^[a-z_][\w@]*$/.test(t.name) ? t.name : JSON.stringify(t.name)) : String(t);
}

export const natives: { module: string; fns: Record<string, NativeFn> }[] = [
  {
    module: "erlang",
    fns: {
      "nodes/0": (args, p) => nodes(p, args),
      "nodes/1": (args, p) => nodes(p, args),
      "nodes/2": (args, p) => nodesInfo(p, args),
      "is_alive/0": (_, p) => states.has(rtOf(p)),
      "set_cookie/1": (args, p) => setCookie(p, args),
      "set_cookie/2": (args, p) => setCookie(p, args),
      "get_cookie/0": (args, p) => getCookie(p, args),
      "get_cookie/1": (args, p) => getCookie(p, args),
      "disconnect_node/1": ([n], p) => {
        const st = states.get(rtOf(p));
        if (!(n instanceof Atom)) throw bif("disconnect_node", [n], 1, "not an atom");
        return st === undefined ? IGNORED : st.kernel.disconnect(n);
      },
      // (a request of a node that is not alive, or one answered, is no longer there: false)
      "spawn_request_abandon/1": ([ref], p) => {
        if (!(ref instanceof Ref)) throw bif("spawn_request_abandon", [ref], 1, "not a reference");
        const st = states.get(rtOf(p));
        return st !== undefined && st.requests.delete(refKey(ref));
      },
      "monitor_node/2": (args, p) => monitorNode(p, args),
      "monitor_node/3": (args, p) => monitorNode(p, args),
    },
  },
  {
    module: "beamsh_dist",
    fns: {
      "start/3": (args, p) => startNative(p, args),
      "stop/0": (_, p) => stopNative(p),
      "connect/1": (args, p) => connectNative(p, args),
      "monitor_nodes/2": (args, p) => monitorNodes(p, args),
      "ticktime/0": (_, p) => states.get(rtOf(p))?.kernel.ticktime ?? a("ignored"),
      "spawn_request/3": ([node, mfa, opts], p) => remoteSpawnRequest(p as P, node as Atom, mfa as Term[], opts),
      "set_io_server/1": ([pid], p) => {
        const st = states.get(rtOf(p));
        if (st !== undefined && pid instanceof Pid) st.ioServer = pid;
        return OK;
      },
      "hostname/0": () => list([...shortHost()].map((c) => c.charCodeAt(0))),
      "names/1": ([host], p) => {
        const h = typeof host === "string" ? host : listToArray(host)?.map((c) => String.fromCharCode(c as number)).join("") ?? "";
        return later(
          p,
          names(h).then(
            (ns) => tuple(OK, list(ns.map(([n, port]) => tuple(list([...n].map((c) => c.charCodeAt(0))), port)))),
            () => tuple(ERROR, a("address")),
          ),
        );
      },
      "write/1": ([text], p) => {
        rtOf(p).write(typeof text === "string" ? text : String(text));
        return OK;
      },
    },
  },
];

export { Cons, UNDEFINED };
