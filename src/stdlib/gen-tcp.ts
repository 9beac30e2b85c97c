// :gen_tcp and :inet sockets on Node's net module (the natives of :beamsh_tcp; the Erlang
// API around them is prelude/erlang/gen_tcp.ex and inet.ex).
//
// A socket is a port (#Port<0.N>) owned by a process: the process that opened, accepted or
// connected it, or the one it was handed to with controlling_process/2. It closes when its
// owner exits. A call that waits (listen, accept, connect, recv) never blocks the
// scheduler: the native starts the work and returns :wait, and the reply comes later to the
// caller as the message {tag, reply} (tag a fresh reference) that the prelude receives, with
// its timeout; a caller that gives up cancels the work with cancel/1, which says whether the
// reply was already sent. Received bytes are kept in the socket's buffer and cut into
// packets (raw, 1/2/4-byte length headers, lines) as the owner takes them: by recv in
// passive mode, or as {:tcp, socket, data} messages in active mode (true, :once, N).
import * as dgram from "node:dgram";
import * as net from "node:net";
import * as os from "node:os";
import type { NativeFn, ProcLike } from "../runtime/code.js";
import { argumentError, badArgs, exit } from "../runtime/errors.js";
import { bifError } from "../runtime/ops.js";
import type { Process } from "../runtime/process.js";
import type { Runtime } from "../runtime/runtime.js";
import {
  Atom, Cons, NIL, Pid, Port, Ref, Term, a, binFromBytes, list, listToArray, refKey,
} from "../runtime/term.js";
import { iodataBytes } from "./unicode.js";

type Packet = 0 | 1 | 2 | 4 | "line";
type Active = boolean | "once" | number;

/** The options a socket keeps (getopts/2 answers from them). */
interface Opts {
  mode: "binary" | "list";
  packet: Packet;
  active: Active;
  header: number;
  packet_size: number;
  reuseaddr: boolean;
  nodelay: boolean;
  keepalive: boolean;
  exit_on_close: boolean;
  send_timeout: Term;
  delay_send: boolean;
  deliver: "term" | "port";
  show_econnreset: boolean;
  linger: Term;
  buffer: number;
  recbuf: number;
  sndbuf: number;
  /** setopts took {active, N} down to 0: the owner gets {:tcp_passive, socket}. */
  passiveNow?: boolean;
}

function defaultOpts(): Opts {
  return {
    mode: "list", packet: 0, active: true, header: 0, packet_size: 0, reuseaddr: false, nodelay: false,
    keepalive: false, exit_on_close: true, send_timeout: a("infinity"), delay_send: false, deliver: "term",
    show_econnreset: false, linger: [false, 0], buffer: 1460, recbuf: 131072, sndbuf: 16384,
  };
}

/** One waiting caller: replies go to pid as {tag, reply}. */
interface Waiter {
  tag: Ref;
  pid: Pid;
  /** recv: bytes asked for (0: whatever is there). */
  length: number;
}

interface Sock {
  port: Port;
  kind: "listen" | "conn" | "udp";
  owner: Pid;
  opts: Opts;
  server: net.Server | null;
  sock: net.Socket | null;
  /**
   * open; eof: the peer closed (not reported yet); dead: reported closed, the port remains;
   * ended: reported closed with exit_on_close false, so the socket can still send.
   */
  state: "open" | "eof" | "dead" | "ended";
  buf: Buffer;
  readers: Waiter[];
  /** Connections accepted by the OS, waiting for accept/1. */
  pending: net.Socket[];
  acceptors: Waiter[];
  readShut: boolean;
  /** While set, the socket is being handed to another owner and delivers nothing. */
  moving: boolean;
  /** sockname/peername kept once the socket is connected or listening. */
  local: [string, number] | null;
  remote: [string, number] | null;
  /** A UDP socket and the datagrams it received, not yet handed out. */
  udp: dgram.Socket | null;
  grams: { address: string; port: number; data: Buffer }[];
  /** Bytes received and sent (port_info's input and output). */
  input: number;
  output: number;
}

interface TcpState {
  socks: Map<number, Sock>;
  /** Work a caller waits for, by its tag: cancelling it drops the socket being made. */
  ops: Map<number | string, { pid: Pid; cancel: () => void }>;
  nextPort: number;
}

const states = new WeakMap<Runtime, TcpState>();
const rtOf = (p: ProcLike): Runtime => (p as Process).rt as Runtime;
const pidOf = (p: ProcLike): Pid => (p as Process).pid;

/** Ports before the first socket: a fresh BEAM's own ports take the first numbers. */
const FIRST_PORT = 5;

function stateOf(rt: Runtime): TcpState {
  let s = states.get(rt);
  if (s === undefined) {
    const st: TcpState = { socks: new Map(), ops: new Map(), nextPort: FIRST_PORT };
    s = st;
    states.set(rt, st);
    rt.onExit.push((p: Process) => {
      for (const [k, op] of [...st.ops]) if (op.pid.id === p.pid.id) (st.ops.delete(k), op.cancel());
      for (const so of [...st.socks.values()]) {
        if (so.owner.id === p.pid.id) closeSock(rt, st, so);
        else {
          so.readers = so.readers.filter((w) => w.pid.id !== p.pid.id);
          so.acceptors = so.acceptors.filter((w) => w.pid.id !== p.pid.id);
        }
      }
    });
  }
  return s;
}

const OK = a("ok");
/** The prelude exits with :badarg on this answer (as OTP's inet_tcp does on bad options). */
const BADARG_EXIT = a("$badarg");
const ERROR = a("error");
const WAIT = a("wait");
const err = (why: string): Term => [ERROR, a(why)];
const TCP = a("tcp");
const TCP_CLOSED = a("tcp_closed");
const TCP_ERROR = a("tcp_error");
const TCP_PASSIVE = a("tcp_passive");
const UDP = a("udp");
const UDP_PASSIVE = a("udp_passive");

function reply(rt: Runtime, st: TcpState, w: { tag: Ref; pid: Pid }, r: Term): void {
  st.ops.delete(refKey(w.tag));
  rt.send(w.pid, [w.tag, r]);
}

// ---- options -------------------------------------------------------------------------

/** Applies an option list; false when one is not a socket option (or has a bad value). */
function applyOpts(o: Opts, t: Term, extra?: (k: string, v: Term) => boolean): boolean {
  const items = listToArray(t);
  if (items === null) return false;
  for (const it of items) {
    if (it instanceof Atom) {
      switch (it.name) {
        case "binary": o.mode = "binary"; continue;
        case "list": o.mode = "list"; continue;
        case "inet": case "local": continue;
        default:
          if (extra?.(it.name, true)) continue;
          return false;
      }
    }
    if (!Array.isArray(it) || it.length !== 2 || !(it[0] instanceof Atom)) return false;
    const [k, v] = [(it[0] as Atom).name, it[1]];
    const bool = v === true || v === false;
    const nat = typeof v === "number" && Number.isInteger(v) && v >= 0;
    switch (k) {
      case "mode":
        if (v !== a("binary") && v !== a("list")) return false;
        o.mode = (v as Atom).name as Opts["mode"];
        break;
      case "packet": {
        const p = packetOf(v);
        if (p === null) return false;
        o.packet = p;
        break;
      }
      case "active":
        if (v === true || v === false) o.active = v;
        else if (v === a("once")) o.active = "once";
        else if (typeof v === "number" && Number.isInteger(v) && v >= -32768 && v <= 32767) {
          const n = (typeof o.active === "number" ? o.active : 0) + v;
          if (n > 32767) return false;
          o.active = n <= 0 ? false : n;
          o.passiveNow = n <= 0;
        } else return false;
        break;
      case "header": if (!nat) return false; o.header = v as number; break;
      case "packet_size": if (!nat) return false; o.packet_size = v as number; break;
      case "buffer": if (!nat) return false; o.buffer = v as number; break;
      case "recbuf": if (!nat) return false; o.recbuf = v as number; break;
      case "sndbuf": if (!nat) return false; o.sndbuf = v as number; break;
      case "reuseaddr": case "nodelay": case "keepalive": case "exit_on_close": case "delay_send": case "show_econnreset":
        if (!bool) return false;
        (o as unknown as Record<string, boolean>)[k] = v as boolean;
        break;
      case "send_timeout":
        if (!nat && v !== a("infinity")) return false;
        o.send_timeout = v;
        break;
      case "deliver":
        if (v !== a("term") && v !== a("port")) return false;
        o.deliver = (v as Atom).name as Opts["deliver"];
        break;
      case "linger":
        if (!Array.isArray(v) || v.length !== 2 || (v[0] !== true && v[0] !== false) || typeof v[1] !== "number") return false;
        o.linger = v;
        break;
      case "send_timeout_close": case "high_watermark": case "low_watermark": case "high_msgq_watermark":
      case "low_msgq_watermark": case "priority": case "tos": case "tclass": case "reuseport": case "reuseport_lb":
      case "exclusiveaddruse": case "dontroute": case "broadcast":
        break;
      default:
        if (extra?.(k, v)) break;
        return false;
    }
  }
  return true;
}

function packetOf(v: Term): Packet | null {
  if (v === 0 || v === a("raw")) return 0;
  if (v === 1 || v === 2 || v === 4) return v;
  if (v === a("line")) return "line";
  return null;
}

function packetTerm(p: Packet): Term {
  return p === "line" ? a("line") : p;
}

function activeTerm(v: Active): Term {
  return v === "once" ? a("once") : v;
}

/** getopts/2: the value of one option, or undefined when it cannot be read. */
function optValue(so: Sock, k: string): Term | undefined {
  const o = so.opts;
  switch (k) {
    case "mode": return a(o.mode);
    case "packet": return packetTerm(o.packet);
    case "active": return activeTerm(o.active);
    case "deliver": return a(o.deliver);
    case "header": case "packet_size": case "buffer": case "recbuf": case "sndbuf":
    case "reuseaddr": case "nodelay": case "keepalive": case "exit_on_close": case "delay_send":
    case "show_econnreset": case "send_timeout": case "linger":
      return (o as unknown as Record<string, Term>)[k];
  }
  return undefined;
}

// ---- addresses ------------------------------------------------------------------------

/** An address term ({a,b,c,d}, an IPv6 8-tuple, a charlist or atom host name) as Node takes it. */
function hostOf(t: Term): string | null {
  if (Array.isArray(t) && t.length === 4 && t.every((x) => typeof x === "number" && x >= 0 && x <= 255)) return t.join(".");
  if (Array.isArray(t) && t.length === 8 && t.every((x) => typeof x === "number" && x >= 0 && x <= 65535)) {
    return (t as number[]).map((x) => x.toString(16)).join(":");
  }
  if (t instanceof Atom) return t.name;
  if (t === NIL || t instanceof Cons) {
    const cs = listToArray(t);
    if (cs === null || !cs.every((c) => typeof c === "number")) return null;
    return String.fromCodePoint(...(cs as number[]));
  }
  return null;
}

/** A Node address as :inet gives it: {a,b,c,d} or an 8-tuple. */
function addressTerm(addr: string): Term {
  const v4 = /^(?:::ffff:)?(\d+)\.(\d+)\.(\d+)\.(\d+)$/i.exec(addr);
  if (v4 !== null && !addr.includes("::") ) return v4.slice(1).map(Number);
  if (v4 !== null) return v4.slice(1).map(Number);
  return ipv6Words(addr) ?? [0, 0, 0, 0];
}

function ipv6Words(s: string): number[] | null {
  const parts = s.split("::");
  if (parts.length > 2) return null;
  const side = (x: string) => (x === "" ? [] : x.split(":").map((h) => parseInt(h, 16)));
  const head = side(parts[0]);
  const tail = parts.length === 2 ? side(parts[1]) : [];
  const fill = 8 - head.length - tail.length;
  if (fill < 0 || (parts.length === 1 && fill !== 0)) return null;
  const w = [...head, ...new Array(fill).fill(0), ...tail];
  return w.some((x) => !Number.isInteger(x) || x < 0 || x > 65535) ? null : w;
}

function errnoAtom(e: NodeJS.ErrnoException): Term {
  if (e.code === "ENOTFOUND" || e.code === "EAI_NONAME" || e.code === "EAI_AGAIN") return a("nxdomain");
  return a((e.code ?? "einval").toLowerCase());
}

// ---- data -----------------------------------------------------------------------------

function dataTerm(so: Sock, b: Uint8Array): Term {
  if (so.opts.mode === "list") return list(Array.from(b));
  const h = Math.min(so.opts.header, b.length);
  if (h === 0) return binFromBytes(new Uint8Array(b));
  return list(Array.from(b.subarray(0, h)), binFromBytes(new Uint8Array(b.subarray(h))));
}

/** The next packet in the buffer (removed from it), null when none is whole yet, or an error. */
function takePacket(so: Sock, length: number): Uint8Array | null | "emsgsize" {
  const b = so.buf;
  const p = so.opts.packet;
  let start = 0;
  let end: number;
  if (p === 0) {
    if (length > 0) {
      if (b.length < length) return null;
      end = length;
    } else {
      if (b.length === 0) return null;
      end = b.length;
    }
  } else if (p === "line") {
    const nl = b.indexOf(10);
    if (nl < 0) return null;
    end = nl + 1;
  } else {
    if (b.length < p) return null;
    const n = p === 1 ? b[0] : p === 2 ? b.readUInt16BE(0) : b.readUInt32BE(0);
    if (so.opts.packet_size > 0 && n > so.opts.packet_size) return "emsgsize";
    if (b.length < p + n) return null;
    start = p;
    end = p + n;
  }
  const out = b.subarray(start, end);
  so.buf = b.subarray(end);
  return out;
}

/** One active-mode message to the owner; :once and {active, N} count it (N down to passive). */
function deliver(rt: Runtime, so: Sock, msg: Term, passive: Atom): void {
  const o = so.opts;
  rt.send(so.owner, msg);
  if (o.active === "once") o.active = false;
  else if (typeof o.active === "number") {
    o.active -= 1;
    if (o.active <= 0) {
      o.active = false;
      rt.send(so.owner, [passive, so.port]);
    }
  }
}

/** Hands out what the buffer holds: to the owner in active mode, else to waiting readers. */
function pump(rt: Runtime, st: TcpState, so: Sock): void {
  if (so.kind === "udp") return pumpUdp(rt, st, so);
  if (so.kind !== "conn" || so.moving) return;
  for (;;) {
    const o = so.opts;
    if (o.active !== false) {
      const pk = takePacket(so, 0);
      if (pk === "emsgsize") {
        rt.send(so.owner, [TCP_ERROR, so.port, a("emsgsize")]);
        so.buf = Buffer.alloc(0);
        continue;
      }
      if (pk === null) break;
      deliver(rt, so, [TCP, so.port, dataTerm(so, pk)], TCP_PASSIVE);
      continue;
    }
    const w = so.readers[0];
    if (w === undefined) break;
    const pk = takePacket(so, w.length);
    if (pk === "emsgsize") {
      so.readers.shift();
      so.buf = Buffer.alloc(0);
      reply(rt, st, w, err("emsgsize"));
      continue;
    }
    if (pk === null) break;
    so.readers.shift();
    reply(rt, st, w, [OK, dataTerm(so, pk)]);
  }
  if (so.state === "eof") {
    // what is left cannot make a packet any more: the peer's close is reported (a partial
    // packet is dropped). With exit_on_close an active socket closes with it and a passive
    // one stays, not connected; without, either can still send.
    const keep = !so.opts.exit_on_close;
    if (so.opts.active !== false) {
      so.state = keep ? "ended" : "dead";
      rt.send(so.owner, [TCP_CLOSED, so.port]);
      if (!keep) closeSock(rt, st, so);
    } else if (so.readers.length > 0) {
      so.state = keep ? "ended" : "dead";
      for (const w of so.readers.splice(0)) reply(rt, st, w, err("closed"));
      if (!keep) so.sock?.destroy();
    }
  }
  flow(so);
}

/** A UDP socket's datagrams: {:udp, socket, ip, port, data} in active mode, else to recv. */
function pumpUdp(rt: Runtime, st: TcpState, so: Sock): void {
  if (so.moving) return;
  while (so.grams.length > 0) {
    const o = so.opts;
    const g = so.grams[0];
    const from = (): Term[] => [addressTerm(g.address), g.port, dataTerm(so, g.data)];
    if (o.active !== false) {
      so.grams.shift();
      deliver(rt, so, [UDP, so.port, ...from()], UDP_PASSIVE);
      continue;
    }
    const w = so.readers.shift();
    if (w === undefined) break;
    so.grams.shift();
    reply(rt, st, w, [OK, from()]);
  }
}

const HIGH_WATER = 1 << 16;

/** Stops reading from the OS while a passive socket's buffer is full enough. */
function flow(so: Sock): void {
  const s = so.sock;
  if (s === null || so.readShut || so.state !== "open") return;
  if (so.opts.active === false && so.buf.length >= HIGH_WATER) s.pause();
  else s.resume();
}

// ---- sockets ---------------------------------------------------------------------------

function newSock(st: TcpState, kind: Sock["kind"], owner: Pid, opts: Opts): Sock {
  const so: Sock = {
    port: new Port(st.nextPort++), kind, owner, opts, server: null, sock: null, state: "open", buf: Buffer.alloc(0),
    readers: [], pending: [], acceptors: [], readShut: false, moving: false, local: null, remote: null, input: 0, output: 0, udp: null, grams: [],
  };
  return so;
}

/** Wires a connected Node socket to a port. */
function attach(rt: Runtime, st: TcpState, so: Sock, s: net.Socket): void {
  so.sock = s;
  so.local = s.localAddress !== undefined ? [s.localAddress, s.localPort ?? 0] : null;
  so.remote = s.remoteAddress !== undefined ? [s.remoteAddress, s.remotePort ?? 0] : null;
  s.setNoDelay(so.opts.nodelay);
  if (so.opts.keepalive) s.setKeepAlive(true);
  st.socks.set(so.port.id, so);
  s.on("data", (d: Buffer) => {
    if (so.readShut || st.socks.get(so.port.id) !== so) return;
    so.input += d.length;
    so.buf = so.buf.length === 0 ? d : Buffer.concat([so.buf, d]);
    pump(rt, st, so);
  });
  s.on("end", () => {
    if (st.socks.get(so.port.id) !== so || so.state !== "open") return;
    so.state = "eof";
    pump(rt, st, so);
  });
  s.on("error", (e: NodeJS.ErrnoException) => {
    if (st.socks.get(so.port.id) !== so || so.state !== "open") return;
    if (e.code === "ECONNRESET" && so.opts.show_econnreset) {
      if (so.opts.active !== false) rt.send(so.owner, [TCP_ERROR, so.port, a("econnreset")]);
      else for (const w of so.readers.splice(0)) reply(rt, st, w, err("econnreset"));
    }
    so.state = "eof";
    pump(rt, st, so);
  });
  s.on("close", () => {
    if (st.socks.get(so.port.id) !== so || so.state !== "open") return;
    so.state = "eof";
    pump(rt, st, so);
  });
}

function closeSock(rt: Runtime, st: TcpState, so: Sock): void {
  st.socks.delete(so.port.id);
  for (const w of so.readers.splice(0)) reply(rt, st, w, err("closed"));
  for (const w of so.acceptors.splice(0)) reply(rt, st, w, err("closed"));
  for (const s of so.pending.splice(0)) s.destroy();
  if (so.sock !== null) {
    const s = so.sock;
    if (so.state === "open") s.end(() => s.destroy());
    else s.destroy();
    // a peer that never closes its side must not keep the socket forever
    s.removeAllListeners("data");
    s.on("error", () => {});
  }
  so.server?.close();
  if (so.udp !== null) {
    const u = so.udp;
    so.udp = null;
    try {
      u.close();
    } catch {
      // already closed
    }
  }
}

/** The socket a port names, or undefined (a closed socket is no longer in the table). */
function sockOf(p: ProcLike, t: Term): Sock | undefined {
  return t instanceof Port ? stateOf(rtOf(p)).socks.get(t.id) : undefined;
}

// ---- the natives ---------------------------------------------------------------------

function listen(p: ProcLike, port: Term, optsT: Term, tag: Term): Term {
  const rt = rtOf(p);
  const st = stateOf(rt);
  const opts = defaultOpts();
  let host: string | null = null;
  let backlog = 5;
  let v6 = false;
  const ok = applyOpts(opts, optsT, (k, v) => {
    if (k === "ip" || k === "ifaddr") return (host = Array.isArray(v) ? hostOf(v) : null) !== null;
    if (k === "backlog") return typeof v === "number" && v >= 0 && ((backlog = v), true);
    if (k === "inet6") return (v6 = true);
    if (k === "port" || k === "fd") return typeof v === "number";
    if (k === "ipv6_v6only") return v === true || v === false;
    return false;
  });
  if (!ok || typeof port !== "number" || !Number.isInteger(port) || port < 0 || port > 65535) return BADARG_EXIT;
  delete opts.passiveNow;
  const so = newSock(st, "listen", pidOf(p), opts);
  const server = net.createServer({ pauseOnConnect: true, allowHalfOpen: true });
  so.server = server;
  const w = { tag: tag as Ref, pid: pidOf(p) };
  let done = false;
  st.ops.set(refKey(w.tag), { pid: w.pid, cancel: () => server.close() });
  server.on("error", (e: NodeJS.ErrnoException) => {
    if (done) return;
    done = true;
    reply(rt, st, w, [ERROR, errnoAtom(e)]);
  });
  server.on("connection", (s: net.Socket) => {
    if (st.socks.get(so.port.id) !== so) return void s.destroy();
    s.on("error", () => {});
    so.pending.push(s);
    serveAcceptors(rt, st, so);
  });
  server.listen({ port, host: host ?? (v6 ? "::" : "0.0.0.0"), backlog }, () => {
    if (done) return;
    done = true;
    const ad = server.address() as net.AddressInfo;
    so.local = [ad.address, ad.port];
    st.socks.set(so.port.id, so);
    reply(rt, st, w, [OK, so.port]);
  });
  return WAIT;
}

function serveAcceptors(rt: Runtime, st: TcpState, ls: Sock): void {
  while (ls.pending.length > 0 && ls.acceptors.length > 0) {
    const s = ls.pending.shift()!;
    const w = ls.acceptors.shift()!;
    s.removeAllListeners("error");
    const so = newSock(st, "conn", w.pid, { ...ls.opts });
    attach(rt, st, so, s);
    // a connection its peer dropped while it waited is accepted all the same, and reads closed
    if (s.destroyed) so.state = "eof";
    reply(rt, st, w, [OK, so.port]);
    flow(so);
  }
}

function accept(p: ProcLike, lt: Term, tag: Term): Term {
  const rt = rtOf(p);
  const st = stateOf(rt);
  const ls = sockOf(p, lt);
  if (ls === undefined) return err("closed");
  if (ls.kind !== "listen") return err("einval");
  const w = { tag: tag as Ref, pid: pidOf(p), length: 0 };
  st.ops.set(refKey(w.tag), { pid: w.pid, cancel: () => (ls.acceptors = ls.acceptors.filter((x) => x !== w)) });
  ls.acceptors.push(w);
  serveAcceptors(rt, st, ls);
  return WAIT;
}

function connect(p: ProcLike, addr: Term, port: Term, optsT: Term, tag: Term): Term {
  const rt = rtOf(p);
  const st = stateOf(rt);
  const opts = defaultOpts();
  let v6 = false;
  let localAddress: string | undefined;
  let localPort: number | undefined;
  const ok = applyOpts(opts, optsT, (k, v) => {
    if (k === "inet6") return (v6 = true);
    if (k === "ip" || k === "ifaddr") return (localAddress = hostOf(v) ?? undefined) !== undefined;
    if (k === "port") return typeof v === "number" && ((localPort = v), true);
    if (k === "fd" || k === "backlog") return typeof v === "number";
    return false;
  });
  const host = hostOf(addr);
  if (!ok || host === null || typeof port !== "number" || !Number.isInteger(port) || port < 0 || port > 65535) return BADARG_EXIT;
  delete opts.passiveNow;
  const w = { tag: tag as Ref, pid: pidOf(p) };
  const s = net.connect({ host, port, family: v6 ? 6 : 4, localAddress, localPort, autoSelectFamily: false, allowHalfOpen: true });
  let done = false;
  st.ops.set(refKey(w.tag), { pid: w.pid, cancel: () => ((done = true), s.destroy()) });
  s.once("error", (e: NodeJS.ErrnoException) => {
    if (done) return;
    done = true;
    reply(rt, st, w, [ERROR, errnoAtom(e)]);
  });
  s.once("connect", () => {
    if (done) return;
    done = true;
    s.removeAllListeners("error");
    const so = newSock(st, "conn", w.pid, opts);
    attach(rt, st, so, s);
    reply(rt, st, w, [OK, so.port]);
    flow(so);
  });
  return WAIT;
}

function recv(p: ProcLike, t: Term, length: Term, tag: Term): Term {
  const rt = rtOf(p);
  const st = stateOf(rt);
  const so = sockOf(p, t);
  if (typeof length !== "number" || !Number.isInteger(length) || length < 0) throw exit(a("badarg"));
  if (so === undefined) return err("closed");
  if (so.kind === "udp") {
    if (so.opts.active !== false) return err("einval");
  } else {
    if (so.kind !== "conn") return err("enotconn");
    if (so.opts.active !== false) return err("einval");
    if (length > 0 && so.opts.packet !== 0) return err("einval");
  }
  if (so.state === "dead") return err("enotconn");
  if (so.state === "ended") return err("closed");
  const w = { tag: tag as Ref, pid: pidOf(p), length };
  st.ops.set(refKey(w.tag), { pid: w.pid, cancel: () => (so.readers = so.readers.filter((x) => x !== w)) });
  so.readers.push(w);
  pump(rt, st, so);
  return WAIT;
}

function send(p: ProcLike, t: Term, data: Term): Term {
  const so = sockOf(p, t);
  if (so === undefined) return err("closed");
  if (so.kind !== "conn") return err("enotconn");
  if (so.state === "dead" || so.sock === null || so.sock.destroyed || so.sock.writableEnded) return err("closed");
  const bytes = iodataBytes(data);
  if (bytes === null) return err("einval");
  const pk = so.opts.packet;
  let out: Uint8Array = bytes;
  if (pk === 1 || pk === 2 || pk === 4) {
    if (bytes.length >= 2 ** (8 * pk)) return err("emsgsize");
    const h = Buffer.alloc(pk);
    h.writeUIntBE(bytes.length, 0, pk);
    out = Buffer.concat([h, bytes]);
  }
  so.output += out.length;
  so.sock.write(out);
  return OK;
}

function close(p: ProcLike, t: Term): Term {
  const rt = rtOf(p);
  const so = sockOf(p, t);
  if (so !== undefined) closeSock(rt, stateOf(rt), so);
  return OK;
}

function shutdown(p: ProcLike, t: Term, how: Term): Term {
  const rt = rtOf(p);
  const st = stateOf(rt);
  const so = sockOf(p, t);
  if (how !== a("read") && how !== a("write") && how !== a("read_write")) throw exit(a("badarg"));
  if (so === undefined) return err("closed");
  if (so.kind !== "conn" || so.state === "dead" || so.sock === null) return err("enotconn");
  if (how !== a("read")) so.sock.end();
  if (how !== a("write")) {
    so.readShut = true;
    so.buf = Buffer.alloc(0);
    if (how === a("read_write")) {
      so.state = "eof";
      pump(rt, st, so);
    }
  }
  return OK;
}

function setopts(p: ProcLike, t: Term, optsT: Term): Term {
  const rt = rtOf(p);
  const so = sockOf(p, t);
  if (so === undefined) return err("einval");
  const o = { ...so.opts };
  const ok = applyOpts(o, optsT, (k, v) => (k === "backlog" && so.kind === "listen" && typeof v === "number"));
  if (!ok) return err("einval");
  const passiveNow = o.passiveNow === true;
  delete o.passiveNow;
  so.opts = o;
  so.sock?.setNoDelay(o.nodelay);
  if (passiveNow && so.kind === "conn") rt.send(so.owner, [TCP_PASSIVE, so.port]);
  pump(rt, stateOf(rt), so);
  return OK;
}

function getopts(p: ProcLike, t: Term, names: Term): Term {
  const so = sockOf(p, t);
  const ks = listToArray(names);
  if (so === undefined || ks === null) return err("einval");
  const out: Term[] = [];
  for (const k of ks) {
    const v = k instanceof Atom ? optValue(so, k.name) : undefined;
    if (v === undefined) return err("einval");
    out.push([k, v]);
  }
  return [OK, list(out)];
}

function controllingProcess(p: ProcLike, t: Term, pid: Term): Term {
  const so = sockOf(p, t);
  if (!(pid instanceof Pid)) throw exit(a("badarg"));
  if (so === undefined) return err("closed");
  if (so.owner.id !== pidOf(p).id) return err("not_owner");
  const rt = rtOf(p);
  if (pid.node !== null || rt.process(pid) === undefined) return err("badarg");
  so.owner = pid;
  so.moving = true;
  return OK;
}

/** The handover is done (the old owner moved its socket messages): delivery goes on. */
function moved(p: ProcLike, t: Term): Term {
  const so = sockOf(p, t);
  if (so !== undefined) {
    so.moving = false;
    const rt = rtOf(p);
    pump(rt, stateOf(rt), so);
  }
  return OK;
}

function name(p: ProcLike, t: Term, peer: boolean): Term {
  const so = sockOf(p, t);
  if (so === undefined) return err("einval");
  if (so.state === "dead" || (peer && so.kind === "listen")) return err("enotconn");
  const at = peer ? so.remote : so.local;
  if (at === null) return err("enotconn");
  return [OK, [addressTerm(at[0]), at[1]]];
}

/** gen_udp:open/2: a UDP socket bound to `port` (0: any), its reply {:ok, socket} later. */
function udpOpen(p: ProcLike, port: Term, optsT: Term, tag: Term): Term {
  const rt = rtOf(p);
  const st = stateOf(rt);
  const opts = defaultOpts();
  let host: string | null = null;
  let v6 = false;
  const ok = applyOpts(opts, optsT, (k, v) => {
    if (k === "ip" || k === "ifaddr") return (host = hostOf(v)) !== null;
    if (k === "inet6") return (v6 = true);
    if (k === "add_membership" || k === "drop_membership" || k === "multicast_if") return Array.isArray(v);
    if (k === "multicast_loop" || k === "ipv6_v6only") return v === true || v === false;
    if (k === "multicast_ttl" || k === "fd") return typeof v === "number";
    return false;
  });
  if (!ok || typeof port !== "number" || !Number.isInteger(port) || port < 0 || port > 65535) return BADARG_EXIT;
  delete opts.passiveNow;
  const so = newSock(st, "udp", pidOf(p), opts);
  const u = dgram.createSocket({ type: v6 ? "udp6" : "udp4", reuseAddr: opts.reuseaddr });
  so.udp = u;
  const w = { tag: tag as Ref, pid: pidOf(p) };
  let done = false;
  st.ops.set(refKey(w.tag), { pid: w.pid, cancel: () => u.close() });
  u.on("error", (e: NodeJS.ErrnoException) => {
    if (done) return;
    done = true;
    reply(rt, st, w, [ERROR, errnoAtom(e)]);
  });
  u.on("message", (data: Buffer, from: dgram.RemoteInfo) => {
    if (st.socks.get(so.port.id) !== so) return;
    so.input += data.length;
    so.grams.push({ address: from.address, port: from.port, data });
    pumpUdp(rt, st, so);
  });
  u.bind({ port, address: host ?? (v6 ? "::" : "0.0.0.0") }, () => {
    if (done) return;
    done = true;
    const ad = u.address();
    so.local = [ad.address, ad.port];
    st.socks.set(so.port.id, so);
    reply(rt, st, w, [OK, so.port]);
  });
  return WAIT;
}

/** gen_udp:send/4: one datagram to host:port; the reply once it is sent (or the name not found). */
function udpSend(p: ProcLike, t: Term, addr: Term, port: Term, data: Term, tag: Term): Term {
  const rt = rtOf(p);
  const st = stateOf(rt);
  const so = sockOf(p, t);
  if (so === undefined || so.udp === null) return err("closed");
  const host = hostOf(addr);
  if (host === null || typeof port !== "number" || !Number.isInteger(port) || port < 0 || port > 65535) return BADARG_EXIT;
  const bytes = iodataBytes(data);
  if (bytes === null) return BADARG_EXIT;
  const w = { tag: tag as Ref, pid: pidOf(p) };
  st.ops.set(refKey(w.tag), { pid: w.pid, cancel: () => {} });
  so.output += bytes.length;
  so.udp.send(bytes, port, host, (e) => reply(rt, st, w, e ? [ERROR, errnoAtom(e as NodeJS.ErrnoException)] : OK));
  return WAIT;
}

function cancel(p: ProcLike, tag: Term): Term {
  const st = stateOf(rtOf(p));
  if (!(tag instanceof Ref)) return a("done");
  const op = st.ops.get(refKey(tag));
  if (op === undefined) return a("done");
  st.ops.delete(refKey(tag));
  op.cancel();
  return a("cancelled");
}

/** :inet.ntoa/1: an address as text. */
function ntoa(t: Term): Term {
  if (Array.isArray(t) && t.length === 4 && t.every((x) => typeof x === "number" && x >= 0 && x <= 255)) {
    return list(Array.from(t.join("."), (c) => c.charCodeAt(0)));
  }
  if (Array.isArray(t) && t.length === 8 && t.every((x) => typeof x === "number" && x >= 0 && x <= 65535)) {
    const ws = t as number[];
    let text: string;
    if (ws.slice(0, 5).every((x) => x === 0) && (ws[5] === 0xffff || (ws[5] === 0 && ws[6] !== 0))) {
      text = `::${ws[5] === 0xffff ? "ffff:" : ""}${ws[6] >> 8}.${ws[6] & 255}.${ws[7] >> 8}.${ws[7] & 255}`;
    } else {
      // the longest run of two or more zero words becomes ::
      let best = -1, bestLen = 0;
      for (let i = 0; i < 8; ) {
        if (ws[i] !== 0) { i++; continue; }
        let j = i;
        while (j < 8 && ws[j] === 0) j++;
        if (j - i > bestLen && j - i >= 2) (best = i), (bestLen = j - i);
        i = j;
      }
      const hex = (xs: number[]) => xs.map((x) => x.toString(16)).join(":");
      text = best < 0 ? hex(ws) : `${hex(ws.slice(0, best))}::${hex(ws.slice(best + bestLen))}`;
    }
    return list(Array.from(text, (c) => c.charCodeAt(0)));
  }
  return err("einval");
}

/** :inet.parse_address/1 (and the strict IPv4/IPv6 variants). */
function parseAddress(t: Term, only: 4 | 6 | null, strict: boolean): Term {
  const cs = listToArray(t);
  if (cs === null || !cs.every((c) => typeof c === "number")) return err("einval");
  const s = String.fromCodePoint(...(cs as number[]));
  if (only !== 6) {
    const m = (strict ? /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/ : /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?$/).exec(s);
    if (m !== null) {
      const parts = m.slice(1).filter((x) => x !== undefined).map(Number);
      // a.b.c.d, or the short forms a.b.c, a.b and a, whose last part fills the rest
      const last = parts.pop()!;
      const rest = 4 - parts.length;
      if (parts.every((x) => x <= 255) && last < 2 ** (8 * rest)) {
        const tail: number[] = [];
        for (let i = rest - 1; i >= 0; i--) tail.push(Math.floor(last / 2 ** (8 * i)) & 255);
        return [OK, [...parts, ...tail]];
      }
    }
    if (only === 4) return err("einval");
  }
  if (/^[0-9a-fA-F:.]+$/.test(s) && s.includes(":")) {
    let str = s;
    let tailV4: number[] = [];
    const m = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(s);
    if (m !== null) {
      tailV4 = m[2].split(".").map(Number);
      if (tailV4.some((x) => x > 255)) return err("einval");
      str = m[1] + "0:0";
    }
    if (!str.split(":").every((h) => h.length <= 4)) return err("einval");
    const w = ipv6Words(str.endsWith("::") || !str.endsWith(":") ? str : str);
    if (w !== null) {
      if (tailV4.length === 4) (w[6] = tailV4[0] * 256 + tailV4[1]), (w[7] = tailV4[2] * 256 + tailV4[3]);
      return [OK, w];
    }
  }
  return err("einval");
}

const PORT_INFO_KEYS = ["name", "links", "id", "connected", "input", "output", "os_pid"];

/** erlang:port_info/1,2 for a socket's port (the BEAM's port index is eight times its number). */
function portInfo(p: ProcLike, t: Term, key: string | null): Term {
  if (t instanceof Atom) return a("undefined");
  if (!(t instanceof Port)) throw bifError(badArgs([[1, "not a port"]]), "port_info", key === null ? [t] : [t, a(key)]);
  const so = sockOf(p, t);
  if (so === undefined) return a("undefined");
  const value = (k: string): Term | undefined => {
    switch (k) {
      case "name": return list(Array.from(so.kind === "udp" ? "udp_inet" : "tcp_inet", (c) => c.charCodeAt(0)));
      case "links": return list([so.owner]);
      case "id": return t.id * 8;
      case "connected": return so.owner;
      case "input": return so.input;
      case "output": return so.output;
      case "os_pid": return a("undefined");
      case "queue_size": return 0;
      case "memory": return 40;
      case "parallelism": return false;
      case "locking": return a("port_level");
      case "monitors": case "monitored_by": return NIL;
    }
    return undefined;
  };
  if (key === null) return list(PORT_INFO_KEYS.map((k) => [a(k), value(k)!]));
  const v = value(key);
  if (v === undefined) throw bifError(badArgs([[2, "invalid option in list"]]), "port_info", [t, a(key)]);
  return [a(key), v];
}

/** A fresh port number (sockets and program ports share them, as the BEAM's ports do). */
export function takePortNumber(rt: Runtime): number {
  return stateOf(rt).nextPort++;
}

/** The ports of open sockets. */
export function socketPorts(rt: Runtime): Port[] {
  return [...stateOf(rt).socks.values()].map((so) => so.port);
}

export function isSocketPort(rt: Runtime, t: Term): boolean {
  return t instanceof Port && stateOf(rt).socks.has(t.id);
}

/** The port BIFs for sockets (ports.ts hands them the ports that are not programs'). */
export const portNatives: { module: string; fns: Record<string, NativeFn> } = {
  module: "erlang",
  fns: {
    "port_info/1": ([t], p) => portInfo(p, t, null),
    "ports/0": (_, p) => list([...stateOf(rtOf(p)).socks.values()].map((so) => so.port)),
    "port_close/1": ([t], p) => {
      if (!(t instanceof Port) || sockOf(p, t) === undefined) throw bifError(argumentError("argument error"), "port_close", [t]);
      close(p, t);
      return true;
    },
    "port_info/2": ([t, k], p) => {
      // (the port is looked at first: no port or name of one is all that is explained)
      if (!(t instanceof Port) && !(t instanceof Atom)) throw bifError(badArgs([[1, "not a port"]]), "port_info", [t, k]);
      if (t instanceof Atom) return a("undefined");
      if (!(k instanceof Atom)) throw bifError(badArgs([[2, "invalid option in list"]]), "port_info", [t, k]);
      return portInfo(p, t, k.name);
    },
  },
};

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "beamsh_tcp",
  fns: {
    "listen/3": ([port, opts, tag], p) => listen(p, port, opts, tag),
    "accept/2": ([l, tag], p) => accept(p, l, tag),
    "udp_open/3": ([port, opts, tag], p) => udpOpen(p, port, opts, tag),
    "udp_send/5": ([s, addr, port, data, tag], p) => udpSend(p, s, addr, port, data, tag),
    "connect/4": ([addr, port, opts, tag], p) => connect(p, addr, port, opts, tag),
    "recv/3": ([s, n, tag], p) => recv(p, s, n, tag),
    "send/2": ([s, data], p) => send(p, s, data),
    "close/1": ([s], p) => close(p, s),
    "shutdown/2": ([s, how], p) => shutdown(p, s, how),
    "setopts/2": ([s, opts], p) => setopts(p, s, opts),
    "getopts/2": ([s, names], p) => getopts(p, s, names),
    "controlling_process/2": ([s, pid], p) => controllingProcess(p, s, pid),
    "moved/1": ([s], p) => moved(p, s),
    "sockname/1": ([s], p) => name(p, s, false),
    "peername/1": ([s], p) => name(p, s, true),
    "cancel/1": ([tag], p) => cancel(p, tag),
    "ntoa/1": ([t]) => ntoa(t),
    "hostname/0": () => os.hostname().split(".")[0],
    "parse_address/1": ([t]) => parseAddress(t, null, false),
    "parse_ipv4_address/1": ([t]) => parseAddress(t, 4, false),
    "parse_ipv4strict_address/1": ([t]) => parseAddress(t, 4, true),
    "parse_ipv6_address/1": ([t]) => parseAddress(t, 6, false),
    "parse_ipv6strict_address/1": ([t]) => parseAddress(t, 6, true),
  },
};
