// The system's own processes, as a node running iex (or a script) has them before the first
// input: init, the code server, the application controller and the supervision trees of the
// applications started at boot (kernel, elixir, logger and, in iex, iex), with the names they
// register. Process.registered/0, Process.whereis/1, Process.list/0 and Process.info/1,2 show
// them as the BEAM does: each has the pid number, initial call, current function (the
// receive loop it waits in), links, trap_exit flag and group leader that OTP 25's boot gives
// it under iex 1.14 (the logger application's processes are numbered from 94, below the
// shell's 100).
//
// They wait for messages and answer what a user can reasonably ask of them: :user and
// :standard_error are I/O servers writing to the node's output (put_chars, getopts, setopts;
// reading gives {:error, :enotsup}); the application controller is the prelude's own
// (erlang/application.ex); the others take every message and drop it (their own protocols
// are OTP's internals). The processes beamsh's prelude starts when first needed (IEx's
// supervisor, Logger's event manager) are not among them. Output to :user and :standard_error by name is written
// directly (Runtime.systemIo), so that it keeps its place among the shell's output.
import { Code, Frame, ProcLike, Status, WAIT, resumableCode } from "../runtime/code.js";
import { Process } from "../runtime/process.js";
import type { Runtime } from "../runtime/runtime.js";
import { Atom, Cons, NIL, Pid, Term, a, binBytes, isBinary, list, listToArray, pidKey } from "../runtime/term.js";
import { bytesAsText, putCharsText } from "./io.js";
import { addSystemPorts } from "./ports.js";
import { iodataBytes } from "./unicode.js";

type Behaviour = "drop" | "user" | "stderr" | "prelude" | "logger_proxy";

interface SystemProc {
  id: number;
  name: string | null;
  initial: [string, string, number];
  current: [string, string, number];
  trap: boolean;
  leader: number;
  links: number[];
  behaviour?: Behaviour;
  /** Only under iex (a script has no IEx application and no IEx.Server process). */
  iex?: true;
}

const PROC_LIB: [string, string, number] = ["proc_lib", "init_p", 5];
const APPLY: [string, string, number] = ["erlang", "apply", 2];
const GEN_SERVER: [string, string, number] = ["gen_server", "loop", 7];
const GEN_EVENT: [string, string, number] = ["gen_event", "fetch_msg", 6];
const MASTER: [string, string, number] = ["application_master", "main_loop", 2];
const START_IT: [string, string, number] = ["application_master", "start_it", 4];
const LOOP_IT: [string, string, number] = ["application_master", "loop_it", 4];

function gs(id: number, name: string | null, leader: number, links: number[], trap = true, current = GEN_SERVER): SystemProc {
  return { id, name, initial: PROC_LIB, current, trap, leader, links };
}

/** An application's master and the process running its start (each its own group leader). */
function app(master: number, links: number[], top: number, iex?: true): SystemProc[] {
  return [
    { id: master, name: null, initial: PROC_LIB, current: MASTER, trap: true, leader: master, links: [master + 1, ...links, 44], iex },
    { id: master + 1, name: null, initial: START_IT, current: LOOP_IT, trap: true, leader: master, links: [master, top], iex },
  ];
}

const KERNEL_CHILDREN = [53, 61, 64, 68, 69, 70, 67, 62, 58, 60, 55, 50, 51, 47];

const TREE: SystemProc[] = [
  { id: 0, name: "init", initial: ["erl_init", "start", 2], current: ["init", "loop", 1], trap: true, leader: 0, links: [42, 44, 10] },
  { id: 1, name: "erts_code_purger", initial: ["erts_code_purger", "start", 0], current: ["erts_code_purger", "wait_for_request", 0], trap: true, leader: 0, links: [] },
  { id: 2, name: null, initial: ["erts_literal_area_collector", "start", 0], current: ["erts_literal_area_collector", "msg_loop", 4], trap: true, leader: 0, links: [] },
  ...[3, 4, 5].map((id): SystemProc => ({ id, name: null, initial: ["erts_dirty_process_signal_handler", "start", 0], current: ["erts_dirty_process_signal_handler", "msg_loop", 0], trap: true, leader: 0, links: [] })),
  { id: 6, name: null, initial: ["prim_file", "start", 0], current: ["prim_file", "helper_loop", 0], trap: false, leader: 0, links: [] },
  { id: 7, name: "socket_registry", initial: ["socket_registry", "start", 0], current: ["socket_registry", "loop", 1], trap: true, leader: 0, links: [] },
  { id: 10, name: "erl_prim_loader", initial: APPLY, current: ["erl_prim_loader", "loop", 3], trap: true, leader: 0, links: [0] },
  { id: 42, name: "logger", initial: PROC_LIB, current: GEN_SERVER, trap: true, leader: 0, links: [0] },
  // (the application controller is the prelude's: erlang/application.ex)
  { id: 44, name: "application_controller", initial: APPLY, current: GEN_SERVER, trap: true, leader: 65, links: [46, 88, 94, 82, 0], behaviour: "prelude" },
  // kernel
  ...app(46, [66], 49),
  gs(49, "kernel_sup", 46, KERNEL_CHILDREN),
  { id: 50, name: "code_server", initial: APPLY, current: ["code_server", "loop", 1], trap: true, leader: 46, links: [49] },
  gs(51, "inet_db", 46, [49]),
  gs(53, "rex", 46, [49]),
  { id: 54, name: null, initial: APPLY, current: ["rpc", "nodes_observer_loop", 1], trap: true, leader: 46, links: [] },
  gs(55, "global_name_server", 46, [56, 57, 49]),
  { id: 56, name: null, initial: APPLY, current: ["global", "loop_the_locker", 1], trap: true, leader: 46, links: [55] },
  { id: 57, name: null, initial: APPLY, current: ["global", "loop_the_registrar", 0], trap: false, leader: 46, links: [55] },
  gs(58, "global_group", 46, [49, 59]),
  { id: 59, name: "global_group_check", initial: APPLY, current: ["global_group", "global_group_check_dispatcher", 0], trap: false, leader: 46, links: [58] },
  gs(60, "file_server_2", 46, [49]),
  gs(61, "erl_signal_server", 46, [49], true, GEN_EVENT),
  gs(62, "standard_error_sup", 46, [49, 63]),
  { id: 63, name: "standard_error", initial: APPLY, current: ["standard_error", "server_loop", 1], trap: true, leader: 46, links: [62], behaviour: "stderr" },
  gs(64, null, 46, [49, 65]),
  { id: 65, name: "user", initial: APPLY, current: ["user", "server_loop", 2], trap: true, leader: 46, links: [64], behaviour: "user" },
  { id: 66, name: null, initial: APPLY, current: ["Elixir.IEx.Server", "wait_eval", 3], trap: true, leader: 46, links: [46], iex: true },
  gs(67, null, 46, [49]),
  gs(68, "kernel_refc", 46, [49], false),
  gs(69, "kernel_safe_sup", 46, [49]),
  gs(70, "logger_sup", 46, [71, 72, 49]),
  gs(71, "logger_handler_watcher", 46, [70]),
  { ...gs(72, "logger_proxy", 46, [70]), behaviour: "logger_proxy" },
  // elixir
  ...app(82, [], 84),
  gs(84, "elixir_sup", 82, [85, 86, 83]),
  gs(85, "elixir_config", 82, [84], false),
  gs(86, "elixir_code_server", 82, [84], false),
  // iex (IEx.Supervisor, IEx.Config and IEx.Pry are started by the prelude when the shell
  // first needs them: iex.ex IEx.App.ensure_started/0)
  ...app(88, [], 90, true),
  { id: 92, name: "Elixir.IEx.Broker", initial: PROC_LIB, current: GEN_SERVER, trap: false, leader: 88, links: [], iex: true },
  // logger (Logger's event manager and Logger.BackendSupervisor are started by the prelude
  // with the first backend: logger/watcher.ex)
  ...app(94, [], 96),
  gs(96, "Elixir.Logger.Supervisor", 94, [95, 98]),
  gs(98, null, 94, [96]),
];

const codes = new Map<string, Code>();

/** The receive loop shown as `current` (one Code per function and behaviour, shared by runtimes). */
function loopCode(current: [string, string, number], behaviour: Behaviour): Code {
  const key = `${current.join("/")} ${behaviour}`;
  let c = codes.get(key);
  if (c === undefined) {
    c = resumableCode(current[0], current[1], current[2], (_f: Frame, p: ProcLike): Status => {
      const proc = p as Process;
      for (let m = proc.mailbox.shift(); m !== undefined; m = proc.mailbox.shift()) {
        if (behaviour === "user" || behaviour === "stderr") ioRequest(proc, m, behaviour === "stderr");
      }
      proc.deadline = -1;
      proc.mailbox.save = proc.mailbox.end;
      return WAIT;
    });
    codes.set(key, c);
  }
  return c;
}

const IO_REQUEST = a("io_request");
const IO_REPLY = a("io_reply");
const OK = a("ok");
const ERROR = a("error");

/** One message to :user or :standard_error: an I/O request is answered, anything else dropped. */
function ioRequest(proc: Process, m: Term, stderr: boolean): void {
  if (!Array.isArray(m) || m.length !== 4 || m[0] !== IO_REQUEST || !(m[1] instanceof Pid)) return;
  const rt = proc.rt as Runtime;
  rt.send(m[1], [IO_REPLY, m[2], answer(rt, m[3], stderr)], proc.pid);
}

function answer(rt: Runtime, req: Term, stderr: boolean): Term {
  if (req instanceof Atom) {
    if (req.name === "getopts") return list([[a("binary"), false], [a("encoding"), a("unicode")]]);
    return [ERROR, a("request")];
  }
  if (!Array.isArray(req) || !(req[0] instanceof Atom)) return [ERROR, a("request")];
  switch (req[0].name) {
    case "put_chars": {
      // {put_chars, Encoding, Chars} or the old {put_chars, Chars}
      const [enc, chars] = req.length === 3 ? [req[1], req[2]] : req.length === 2 ? [a("latin1"), req[1]] : [null, null];
      const text = enc === a("unicode") ? putCharsText(chars) : enc === a("latin1") ? latin1Text(chars) : null;
      if (text === null) return [ERROR, a("put_chars")];
      if (stderr) rt.writeErr(text);
      else rt.write(text);
      return OK;
    }
    case "requests": {
      let last: Term = OK;
      for (const r of listToArray(req[1]) ?? []) {
        last = answer(rt, r, stderr);
        if (Array.isArray(last) && last[0] === ERROR) return last;
      }
      return last;
    }
    case "setopts":
      return OK;
    case "get_geometry":
      return [ERROR, a("enotsup")];
    case "get_chars":
    case "get_line":
    case "get_until":
    case "get_password":
      return [ERROR, a("enotsup")];
    default:
      return [ERROR, a("request")];
  }
}

/** Latin-1 data (bytes) as the text the terminal shows: a binary's bytes, or a list of bytes. */
function latin1Text(t: Term): string | null {
  if (isBinary(t)) return bytesAsText(binBytes(t));
  if (t !== NIL && !(t instanceof Cons)) return null;
  const bytes = iodataBytes(t);
  return bytes === null ? null : bytesAsText(bytes);
}

/**
 * Starts the system's processes on `rt` (once): the whole tree for iex, or without the IEx
 * application's processes for a script.
 */
export function startSystemProcesses(rt: Runtime, mode: "iex" | "script"): void {
  if (rt.procs.has(0)) return;
  const tree = TREE.filter((s) => mode === "iex" || s.iex !== true);
  const ids = new Set(tree.map((s) => s.id));
  const made = new Map<number, Process>();
  for (const s of tree) {
    // (the application controller and logger_proxy run the prelude's code)
    const prelude =
      s.behaviour === "prelude" ? rt.modules.lookup("application", "__controller__", 0)
      : s.behaviour === "logger_proxy" ? rt.modules.lookup("logger_proxy", "__loop__", 0)
      : null;
    const p = new Process(new Pid(s.id, 0), rt, prelude ?? loopCode(s.current, s.behaviour ?? "drop"), []);
    p.status = "waiting";
    p.initialCall = [a(s.initial[0]), a(s.initial[1]), s.initial[2]];
    p.trapExit = s.trap;
    p.groupLeader = new Pid(s.leader, 0);
    rt.procs.set(s.id, p);
    rt.systemPids.add(s.id);
    made.set(s.id, p);
    if (s.behaviour === "user" || s.behaviour === "stderr") rt.systemIo.set(s.id, s.behaviour === "stderr" ? "err" : "out");
  }
  for (const s of tree) {
    const p = made.get(s.id)!;
    for (const l of s.links) {
      if (!ids.has(l)) continue;
      const other = made.get(l)!;
      p.linkTable().set(pidKey(other.pid), other.pid);
      other.linkTable().set(pidKey(p.pid), p.pid);
    }
    if (s.name !== null) rt.registry.register(a(s.name), p);
  }
  // The spawn driver's forker (connected to init), and the terminal's ports of
  // :standard_error (fd 2) and :user (fds 0 and 1): #Port<0.5> under iex, 0.4 in a script.
  addSystemPorts(rt, [
    { id: 0, name: "forker", connected: made.get(0)!.pid, linked: false },
    { id: 3, name: "2/2", connected: made.get(63)!.pid, linked: true },
    { id: mode === "iex" ? 5 : 4, name: "0/1", connected: made.get(65)!.pid, linked: true },
  ]);
}

/**
 * Gives the system's processes their names back where no other process took them (after
 * the distribution's own :user and :rex, which replaced them while the node was alive, end).
 */
export function restoreSystemNames(rt: Runtime): void {
  for (const s of TREE) {
    if (s.name === null) continue;
    const p = rt.process(new Pid(s.id, 0));
    if (p !== undefined && p.registeredName === null && rt.registry.whereis(a(s.name)) === null) rt.registry.register(a(s.name), p);
  }
}
