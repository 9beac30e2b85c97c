// Ports to programs: erlang:open_port/2 with {:spawn, command} (run by /bin/sh as
// `exec command`, as OTP's spawn driver does) and {:spawn_executable, file} on Node's
// child processes, and what Port and erlang do with them: port_command/2,3, port_connect/2,
// port_close/1, port_info/1,2, ports/0, monitors, and the messages a port exchanges with the
// process it is connected to ({port, {:data, d}}, {port, :eof}, {port, {:exit_status, n}},
// {port, :closed}, {port, :connected}; {pid, {:command, d}}, {pid, :close}, {pid,
// {:connect, new}} sent to it). A port is linked to the process that opened it (and to those
// it was connected to): when it ends, they get its exit signal ({:EXIT, port, reason} when
// trapping exits); when its connected process ends, it closes. Sockets are ports too
// (gen-tcp.ts): the port BIFs here hand theirs to it. The program's output arrives from
// Node's event loop and is sent as messages, which wakes the driver.
import { ChildProcess, spawn } from "node:child_process";
import { accessSync, constants as fsConstants, statSync } from "node:fs";
import { resolve } from "node:path";
import { cwdOf } from "./file.js";
import type { NativeFn, ProcLike } from "../runtime/code.js";
import { BeamError, argumentError, badArgs } from "../runtime/errors.js";
import { bifError } from "../runtime/ops.js";
import type { Process } from "../runtime/process.js";
import type { Runtime } from "../runtime/runtime.js";
import {
  Atom, Bin, NIL, Pid, Port, Ref, Term, a, binFromBytes, isBinary, binBytes, list, listToArray, refKey, samePid,
} from "../runtime/term.js";
import { iodataBytes } from "./unicode.js";
import { isSocketPort, portNatives as socketPortNatives, takePortNumber, socketPorts } from "./gen-tcp.js";

interface ProgramPort {
  port: Port;
  /** What port_info's name gives: the command or the executable, as given. */
  name: string;
  connected: Pid;
  links: Pid[];
  child: ChildProcess;
  mode: "binary" | "list";
  packet: 0 | 1 | 2 | 4;
  /** {line, L}: the longest line delivered whole (0: not line mode). */
  line: number;
  exitStatus: boolean;
  eof: boolean;
  /** Bytes received not yet delivered (a packet's or a line's beginning). */
  buf: Buffer;
  input: number;
  output: number;
  monitors: { ref: Ref; pid: Pid }[];
  open: boolean;
  /** Its output ended (the program's status may still come). */
  outputEnded: boolean;
}

/** A port of the system's own (stdlib/system-procs.ts): the spawn driver's forker, the terminal's. */
interface SystemPort {
  port: Port;
  name: string;
  connected: Pid;
  links: Pid[];
}

interface PortsState {
  ports: Map<number, ProgramPort>;
  system: Map<number, SystemPort>;
}

const states = new WeakMap<Runtime, PortsState>();
const rtOf = (p: ProcLike): Runtime => (p as Process).rt as Runtime;
const DATA = a("data");
const EXIT = a("EXIT");
const NORMAL = a("normal");

function stateOf(rt: Runtime): PortsState {
  let s = states.get(rt);
  if (s === undefined) {
    const st: PortsState = { ports: new Map(), system: new Map() };
    s = st;
    states.set(rt, st);
    rt.registry.portOpen = (t) => st.ports.get(t.id)?.open === true || isSocketPort(rt, t);
    rt.onExit.push((p: Process) => {
      for (const pp of [...st.ports.values()]) {
        if (!pp.open) continue;
        pp.monitors = pp.monitors.filter((m) => !samePid(m.pid, p.pid));
        if (!pp.links.some((l) => samePid(l, p.pid))) continue;
        pp.links = pp.links.filter((l) => !samePid(l, p.pid));
        // Its connected process ending closes it; another linked one only when it failed.
        const reason = p.exitReason;
        if (samePid(pp.connected, p.pid)) terminate(rt, st, pp, reason);
        else if (reason !== NORMAL) terminate(rt, st, pp, reason);
      }
    });
  }
  return s;
}

const charlist = (s: string): Term => list(Array.from(Buffer.from(s, "utf8"), (b) => b));

/** A string argument as open_port takes it: a charlist, a binary or (for names) an atom. */
function textOf(t: Term): string | null {
  if (isBinary(t)) return Buffer.from(binBytes(t as string | Bin)).toString("utf8");
  if (t instanceof Atom) return t.name;
  const items = listToArray(t);
  if (items === null || !items.every((c) => typeof c === "number" && Number.isInteger(c) && c >= 0 && c <= 0x10ffff)) return null;
  return String.fromCodePoint(...(items as number[]));
}

const badOption = (args: Term[]) => bifError(badArgs([[2, "invalid option in list"]]), "open_port", args);

/** erlang:open_port/2 for {:spawn, command} and {:spawn_executable, file}. */
function openPort(p: ProcLike, name: Term, settings: Term): Term {
  const args = [name, settings];
  const rt = rtOf(p);
  const owner = (p as Process).pid;
  const badName = () => bifError(badArgs([[1, "invalid port name"]]), "open_port", args);
  if (!Array.isArray(name) || name.length !== 2 || !(name[0] instanceof Atom)) throw badName();
  const kind = name[0].name;
  if (kind !== "spawn" && kind !== "spawn_executable") throw badName();
  const target = kind === "spawn" && name[1] instanceof Atom ? null : textOf(name[1]);
  if (target === null || target === "") throw badName();
  const opts = listToArray(settings);
  if (opts === null) throw badOption(args);
  let mode: "binary" | "list" = "list";
  let packet: 0 | 1 | 2 | 4 = 0;
  let line = 0;
  let exitStatus = false;
  let eof = false;
  let stderrToStdout = false;
  let useStdio = true;
  let cd: string | undefined;
  let arg0: string | undefined;
  let argv: string[] = [];
  let input = true;
  let output = true;
  const env: Record<string, string | undefined> = { ...process.env };
  for (const o of opts) {
    if (o instanceof Atom) {
      switch (o.name) {
        case "binary": mode = "binary"; continue;
        case "stream": packet = 0; line = 0; continue;
        case "exit_status": exitStatus = true; continue;
        case "eof": eof = true; continue;
        case "stderr_to_stdout": stderrToStdout = true; continue;
        case "use_stdio": useStdio = true; continue;
        case "nouse_stdio": useStdio = false; continue;
        case "hide": case "overlapped_io": continue;
        case "in": input = true; output = false; continue;
        case "out": output = true; input = false; continue;
      }
      throw badOption(args);
    }
    if (!Array.isArray(o) || o.length !== 2 || !(o[0] instanceof Atom)) throw badOption(args);
    const v = o[1];
    switch (o[0].name) {
      case "packet":
        if (v !== 1 && v !== 2 && v !== 4) throw badOption(args);
        packet = v;
        continue;
      case "line":
        if (typeof v !== "number" || !Number.isInteger(v) || v <= 0) throw badOption(args);
        line = v;
        continue;
      case "cd": {
        const d = textOf(v);
        if (d === null) throw badOption(args);
        cd = d;
        continue;
      }
      case "arg0": {
        const s = textOf(v);
        if (s === null) throw badOption(args);
        arg0 = s;
        continue;
      }
      case "args": {
        if (kind !== "spawn_executable") throw badOption(args);
        const items = listToArray(v);
        const texts = items?.map((x) => (x instanceof Atom ? null : textOf(x)));
        if (texts === undefined || texts.some((x) => x === null)) throw badOption(args);
        argv = texts as string[];
        continue;
      }
      case "env": {
        const items = listToArray(v);
        if (items === null) throw badOption(args);
        for (const kv of items) {
          if (!Array.isArray(kv) || kv.length !== 2) throw badOption(args);
          const k = textOf(kv[0]);
          if (k === null || kv[0] instanceof Atom) throw badOption(args);
          if (kv[1] === false) delete env[k];
          else {
            const val = textOf(kv[1]);
            if (val === null || kv[1] instanceof Atom) throw badOption(args);
            env[k] = val;
          }
        }
        continue;
      }
      case "parallelism":
        if (v !== true && v !== false) throw badOption(args);
        continue;
      case "busy_limits_port": case "busy_limits_msgq":
        continue;
    }
    throw badOption(args);
  }
  if (kind === "spawn_executable" && !runnable(target)) throw bifError(new BeamError("error", a("eacces")), "open_port", args);
  // stderr_to_stdout: the program's stderr is its stdout (one pipe, as OTP's spawn driver
  // dup2s it), so their output keeps the order the program wrote it in. A shell that sets
  // that up runs the program; only with an arg0 of its own are the two pipes merged here.
  const merge = stderrToStdout && (kind === "spawn" || arg0 === undefined);
  const [file, fileArgs] = kind === "spawn"
    ? ["/bin/sh", ["-c", `${merge ? "exec 2>&1; " : ""}exec ${target}`]]
    : merge ? ["/bin/sh", ["-c", 'exec 2>&1; exec "$0" "$@"', target, ...argv]] : [target, argv];
  const child = spawn(file, fileArgs, {
    // (the runtime's current directory, which File.cd/1 changes, unless {:cd, dir} names one)
    cwd: resolve(cwdOf(rtOf(p)), cd ?? "."),
    env,
    argv0: kind === "spawn" || merge ? undefined : arg0,
    stdio: [useStdio && output ? "pipe" : "ignore", useStdio && input ? "pipe" : "ignore", stderrToStdout ? "pipe" : "inherit"],
  });
  const st = stateOf(rt);
  const pp: ProgramPort = {
    port: new Port(takePortNumber(rt)), name: target, connected: owner, links: [owner], child, mode, packet, line, exitStatus, eof,
    buf: Buffer.alloc(0), input: 0, output: 0, monitors: [], open: true, outputEnded: false,
  };
  st.ports.set(pp.port.id, pp);
  // (no unref: the program's output keeps the shell waiting for it, as the BEAM would)
  child.stdin?.on("error", () => {});
  const onData = (d: Buffer) => received(rt, pp, d);
  child.stdout?.on("data", onData);
  if (stderrToStdout) child.stderr?.on("data", onData);
  let status: number | null = null;
  let closedOut = child.stdout === null;
  const finish = () => {
    if (!pp.open) return;
    flushLine(rt, pp);
    if (pp.eof) {
      if (!pp.outputEnded) send(rt, pp, a("eof"));
      pp.outputEnded = true;
      return;
    }
    if (pp.exitStatus && status !== null) send(rt, pp, [a("exit_status"), status]);
    terminate(rt, st, pp, NORMAL);
  };
  child.stdout?.on("close", () => {
    closedOut = true;
    if (!pp.exitStatus || status !== null) finish();
  });
  child.on("error", () => {
    // exec failed (a missing or unrunnable file): the program's status is what the forker reports
    status = 13;
    closedOut = true;
    finish();
  });
  child.on("exit", (code, signal) => {
    status = code ?? 128 + signalNumber(signal);
    if (closedOut) finish();
  });
  return pp.port;
}

/** A file that exists but cannot be run (no execute permission, a directory) is refused at once. */
function runnable(file: string): boolean {
  try {
    if (statSync(file).isDirectory()) return false;
  } catch {
    // (a missing file gives a port whose program fails)
    return true;
  }
  try {
    accessSync(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function signalNumber(sig: NodeJS.Signals | null): number {
  return ({ SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGABRT: 6, SIGKILL: 9, SIGSEGV: 11, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15 } as Record<string, number>)[sig ?? ""] ?? 0;
}

function send(rt: Runtime, pp: ProgramPort, what: Term): void {
  rt.send(pp.connected, [pp.port, what]);
}

function dataTerm(pp: ProgramPort, bytes: Buffer): Term {
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return pp.mode === "binary" ? binFromBytes(copy) : list(Array.from(copy));
}

/** Output of the program, cut as the port's options say (stream, packets, lines). */
function received(rt: Runtime, pp: ProgramPort, d: Buffer): void {
  if (!pp.open) return;
  pp.input += d.length;
  if (pp.packet === 0 && pp.line === 0) return send(rt, pp, [DATA, dataTerm(pp, d)]);
  pp.buf = pp.buf.length === 0 ? d : Buffer.concat([pp.buf, d]);
  if (pp.packet !== 0) {
    for (;;) {
      if (pp.buf.length < pp.packet) return;
      const n = pp.buf.readUIntBE(0, pp.packet);
      if (pp.buf.length < pp.packet + n) return;
      send(rt, pp, [DATA, dataTerm(pp, pp.buf.subarray(pp.packet, pp.packet + n))]);
      pp.buf = pp.buf.subarray(pp.packet + n);
    }
  }
  for (;;) {
    const nl = pp.buf.indexOf(10);
    if (nl >= 0 && nl <= pp.line) {
      send(rt, pp, [DATA, [a("eol"), dataTerm(pp, pp.buf.subarray(0, nl))]]);
      pp.buf = pp.buf.subarray(nl + 1);
      continue;
    }
    if (pp.buf.length > pp.line || (nl > pp.line)) {
      send(rt, pp, [DATA, [a("noeol"), dataTerm(pp, pp.buf.subarray(0, pp.line))]]);
      pp.buf = pp.buf.subarray(pp.line);
      continue;
    }
    return;
  }
}

/** At the end of the output, a line without its newline comes as :noeol. */
function flushLine(rt: Runtime, pp: ProgramPort): void {
  if (pp.line === 0 || pp.buf.length === 0) return;
  send(rt, pp, [DATA, [a("noeol"), dataTerm(pp, pp.buf)]]);
  pp.buf = Buffer.alloc(0);
}

/** The port ends with `reason`: its program's pipes closed, its links and monitors told. */
function terminate(rt: Runtime, st: PortsState, pp: ProgramPort, reason: Term): void {
  if (!pp.open) return;
  pp.open = false;
  st.ports.delete(pp.port.id);
  pp.child.stdin?.destroy();
  pp.child.stdout?.destroy();
  pp.child.stderr?.destroy();
  for (const l of pp.links) {
    const proc = rt.process(l);
    if (proc === undefined || proc.status === "exited") continue;
    if (proc.trapExit) rt.send(l, [EXIT, pp.port, reason]);
    else if (reason !== NORMAL) rt.signals.kill(proc, reason);
  }
  for (const m of pp.monitors) rt.send(m.pid, [a("DOWN"), m.ref, a("port"), pp.port, reason]);
  pp.links = [];
  pp.monitors = [];
}

function programPort(p: ProcLike, t: Term): ProgramPort | undefined {
  const port = t instanceof Atom ? registeredPort(rtOf(p), t) : t;
  return port instanceof Port ? stateOf(rtOf(p)).ports.get(port.id) : undefined;
}

/** The open port registered as `name` (the registry learns which ports are open from here). */
export function registeredPort(rt: Runtime, name: Atom): Port | null {
  stateOf(rt);
  return rt.registry.whereisPort(name);
}

/** Makes the registry able to tell open ports (before a port is registered). */
export function watchPorts(rt: Runtime): void {
  stateOf(rt);
}

/** port_command/2,3: the bytes written to the program's input (with a packet's header). */
function command(p: ProcLike, t: Term, data: Term, opts: Term | undefined): Term {
  const args = opts === undefined ? [t, data] : [t, data, opts];
  const name = "port_command";
  if (!(t instanceof Port) && !(t instanceof Atom)) throw bifError(badArgs([[1, "not a port"]]), name, args);
  const bytes = iodataBytes(data);
  if (bytes === null) throw bifError(badArgs([[2, "not an iodata term"]]), name, args);
  if (opts !== undefined) {
    const items = listToArray(opts);
    if (items === null || items.some((o) => o !== a("force") && o !== a("nosuspend"))) throw bifError(badArgs([[3, "invalid option in list"]]), name, args);
  }
  const pp = programPort(p, t);
  if (pp === undefined || !pp.open) throw bifError(argumentError(), name, args);
  write(pp, bytes);
  return true;
}

function write(pp: ProgramPort, bytes: Uint8Array): void {
  let out = Buffer.from(bytes);
  if (pp.packet !== 0) {
    const head = Buffer.alloc(pp.packet);
    head.writeUIntBE(bytes.length, 0, pp.packet);
    out = Buffer.concat([head, out]);
  }
  pp.output += out.length;
  pp.child.stdin?.write(out);
}

/**
 * A message sent to a port: {pid, {:command, data}}, {pid, :close}, {pid, {:connect, new}}
 * from its connected process; anything else (or from another process) makes it end with
 * :badsig. A message to a closed port is dropped.
 */
export function sendToPort(p: ProcLike, t: Port, msg: Term): void {
  const rt = rtOf(p);
  const st = stateOf(rt);
  const pp = st.ports.get(t.id);
  if (pp === undefined || !pp.open) return;
  if (!Array.isArray(msg) || msg.length !== 2 || !(msg[0] instanceof Pid) || !samePid(msg[0], pp.connected)) return terminate(rt, st, pp, a("badsig"));
  const what = msg[1];
  if (what === a("close")) {
    send(rt, pp, a("closed"));
    return terminate(rt, st, pp, NORMAL);
  }
  if (Array.isArray(what) && what.length === 2 && what[0] === a("command")) {
    const bytes = iodataBytes(what[1]);
    if (bytes === null) return terminate(rt, st, pp, a("badsig"));
    return write(pp, bytes);
  }
  if (Array.isArray(what) && what.length === 2 && what[0] === a("connect") && what[1] instanceof Pid) {
    const old = pp.connected;
    connect(rt, pp, what[1]);
    rt.send(old, [pp.port, a("connected")]);
    return;
  }
  terminate(rt, st, pp, a("badsig"));
}

function connect(rt: Runtime, pp: ProgramPort, pid: Pid): void {
  pp.connected = pid;
  if (!pp.links.some((l) => samePid(l, pid))) pp.links.push(pid);
  const proc = rt.process(pid);
  if (proc === undefined || proc.status === "exited") terminate(rt, stateOf(rt), pp, a("noproc"));
}

const INFO_KEYS = ["name", "links", "id", "connected", "input", "output", "os_pid"];

function info(p: ProcLike, pp: ProgramPort, key: string): Term | undefined {
  switch (key) {
    case "name": return charlist(pp.name);
    case "links": return list(pp.links);
    case "id": return pp.port.id * 8;
    case "connected": return pp.connected;
    case "input": return pp.input;
    case "output": return pp.output;
    case "os_pid": return pp.child.pid ?? a("undefined");
    case "registered_name": return rtOf(p).registry.portName(pp.port) ?? NIL;
    case "queue_size": return 0;
    case "memory": return 528;
    case "parallelism": return false;
    case "locking": return a("port_level");
    case "monitors": return list(pp.monitors.map((m) => [a("process"), m.pid]));
    case "monitored_by": return list(pp.monitors.map((m) => m.pid));
  }
  void p;
  return undefined;
}

/** A system port's port_info item (the terminal's byte counts are not kept: 0). */
function systemInfo(sp: SystemPort, key: string): Term | undefined {
  switch (key) {
    case "name": return charlist(sp.name);
    case "links": return list(sp.links);
    case "id": return sp.port.id * 8;
    case "connected": return sp.connected;
    case "input": case "output": case "queue_size": case "memory": return 0;
    case "os_pid": return a("undefined");
    case "registered_name": return NIL;
    case "parallelism": return false;
    case "locking": return a("driver_level");
    case "monitors": case "monitored_by": return NIL;
  }
  return undefined;
}

function systemPort(p: ProcLike, t: Term): SystemPort | undefined {
  return t instanceof Port && t.node === null ? stateOf(rtOf(p)).system.get(t.id) : undefined;
}

/** Adds the system's own ports (stdlib/system-procs.ts), each connected to (and linked with) a process or none. */
export function addSystemPorts(rt: Runtime, ports: { id: number; name: string; connected: Pid; linked: boolean }[]): void {
  const st = stateOf(rt);
  for (const sp of ports) st.system.set(sp.id, { port: new Port(sp.id), name: sp.name, connected: sp.connected, links: sp.linked ? [sp.connected] : [] });
}

/**
 * erlang:monitor(:port, port): {:DOWN, ref, :port, port, reason} when it ends (:noproc at
 * once for a port that is not open; a socket's port is watched by its own code).
 */
export function monitorPort(p: ProcLike, t: Term, ref: Ref): Ref {
  const pp = programPort(p, t);
  const pid = (p as Process).pid;
  if (pp !== undefined && pp.open) pp.monitors.push({ ref, pid });
  else if (!isSocketPort(rtOf(p), t)) rtOf(p).send(pid, [a("DOWN"), ref, a("port"), t, a("noproc")]);
  return ref;
}

/** erlang:demonitor/1,2 of a port monitor: whether there was one. */
export function demonitorPort(p: ProcLike, ref: Ref): boolean {
  let found = false;
  for (const pp of stateOf(rtOf(p)).ports.values()) {
    const before = pp.monitors.length;
    pp.monitors = pp.monitors.filter((m) => refKey(m.ref) !== refKey(ref));
    found ||= pp.monitors.length !== before;
  }
  return found;
}

const socketFns = socketPortNatives.fns;

export const natives: { module: string; fns: Record<string, NativeFn> }[] = [
  {
    module: "erlang",
    fns: {
      "open_port/2": ([name, settings], p) => openPort(p, name, settings),
      "port_command/2": ([t, d], p) => command(p, t, d, undefined),
      "port_command/3": ([t, d, o], p) => command(p, t, d, o),
      "port_connect/2": ([t, pid], p) => {
        if (!(t instanceof Port) && !(t instanceof Atom)) throw bifError(badArgs([[1, "not a port"]]), "port_connect", [t, pid]);
        if (!(pid instanceof Pid)) throw bifError(badArgs([[2, "not a pid"]]), "port_connect", [t, pid]);
        const pp = programPort(p, t);
        if (pp === undefined || !pp.open) throw bifError(argumentError(), "port_connect", [t, pid]);
        connect(rtOf(p), pp, pid);
        return true;
      },
      "port_close/1": ([t], p) => {
        const pp = programPort(p, t);
        if (pp === undefined) return socketFns["port_close/1"]([t], p);
        if (!pp.open) throw bifError(argumentError(), "port_close", [t]);
        terminate(rtOf(p), stateOf(rtOf(p)), pp, NORMAL);
        return true;
      },
      "port_info/1": ([t], p) => {
        const pp = programPort(p, t);
        const sp = pp === undefined ? systemPort(p, t) : undefined;
        if (sp !== undefined) return list(INFO_KEYS.map((k) => [a(k), systemInfo(sp, k)!]));
        if (pp === undefined) return socketFns["port_info/1"]([t], p);
        const keys = rtOf(p).registry.portName(pp.port) === null ? INFO_KEYS : ["registered_name", ...INFO_KEYS];
        return list(keys.map((k) => [a(k), info(p, pp, k)!]));
      },
      "port_info/2": ([t, k], p) => {
        const pp = programPort(p, t);
        const sp = pp === undefined && k instanceof Atom ? systemPort(p, t) : undefined;
        if (sp !== undefined) {
          const v = systemInfo(sp, (k as Atom).name);
          if (v === undefined) throw bifError(badArgs([[2, "invalid option in list"]]), "port_info", [t, k]);
          return [k, v];
        }
        if (pp === undefined || !(k instanceof Atom)) return socketFns["port_info/2"]([t, k], p);
        const v = info(p, pp, k.name);
        if (v === undefined) throw bifError(badArgs([[2, "invalid option in list"]]), "port_info", [t, k]);
        return [k, v];
      },
      "ports/0": (_, p) => {
        const st = stateOf(rtOf(p));
        const all = [...socketPorts(rtOf(p)), ...[...st.ports.values(), ...st.system.values()].map((pp) => pp.port)];
        return list(all.sort((x, y) => x.id - y.id));
      },
    },
  },
];

