// :erlang BIFs a learner meets that had no home yet: halting (halt/0,1,2), what code is
// loaded (module_loaded/1, function_exported/3, is_builtin/3, check_old_code/1), knobs on
// a process (process_flag/3, bump_reductions/1, garbage_collect/2), sending
// (send_nosuspend/2,3, start_timer/4), list and bitstring BIFs (subtract/2,
// list_to_bitstring/1, iolist_to_iovec/1), checksum combination (adler32_combine/3,
// crc32_combine/3), fun_info_mfa/1 and fun_to_list/1, MD5 a piece at a time (md5_init/0,
// md5_update/2, md5_final/1), writing past the I/O system (display_string/1,
// display_nl/0), what is loaded (loaded/0, pre_loaded/0, get_module_info/1,2), raising
// from a NIF's stub (nif_error/1,2), and the DTrace tags of an emulator built without
// DTrace (dt_*: nothing is kept, as there). Errors are the BIFs' own (erl_erts_errors' texts).
import type { NativeFn, ProcLike } from "../runtime/code.js";
import { badArgs } from "../runtime/errors.js";
import { getModuleInfo, isLibraryMacro } from "../runtime/module-info.js";
import { Fun } from "../runtime/fun.js";
import type { Process } from "../runtime/process.js";
import type { Runtime } from "../runtime/runtime.js";
import { Atom, Bin, Cons, NIL, Pid, Term, a, binBytes, binFromBytes, isBinary, isBitstring, isInteger, isList, list, listToArray } from "../runtime/term.js";
import * as erlang from "./erlang.js";
import { erlangExtras } from "./kernel.js";
import { subtract } from "./lists.js";
import { bifError, checkTimerTime, natives as processNatives } from "./process.js";
import { iodataBytes } from "./unicode.js";
import { BeamError } from "../runtime/errors.js";
import { MD5_CONTEXT_SIZE, md5Final, md5Init, md5Update } from "./md5-context.js";
import { flatChars, write } from "./io-lib.js";
import { tuple } from "../runtime/term.js";
import { decodePacketNatives } from "./decode-packet.js";

const rtOf = (p: ProcLike): Runtime => (p as Process).rt as Runtime;
const E = erlang.natives.fns;
const P = processNatives.find((n) => n.module === "erlang")!.fns;

/** A list of options each of which `ok` accepts; otherwise argument `n` is invalid. */
function options(opts: Term, n: number, ok: (o: Term) => boolean): Term[] {
  const xs = listToArray(opts);
  if (xs === null || !xs.every(ok)) throw badArgs([[n, "invalid option in list"]]);
  return xs;
}

function halt(p: ProcLike, status: Term, opts: Term): Term {
  const printable = isList(status) && (listToArray(status) ?? []).every((c) => typeof c === "number" && c >= 0 && c <= 0x10ffff);
  const valid = (typeof status === "number" && status >= 0) || status === a("abort") || printable;
  if (!valid) throw badArgs([[1, "invalid status"]]);
  options(opts, 2, (o) => Array.isArray(o) && o.length === 2 && o[0] === a("flush") && typeof o[1] === "boolean");
  // A slogan (a crash dump's title) or :abort ends the node as a failure.
  rtOf(p).halt(typeof status === "number" ? status : status === a("abort") ? 134 : 1);
  return a("ok");
}

// ---- loaded code ---------------------------------------------------------------------

// BIFs outside :erlang (they are implemented in C on the BEAM).
const OTHER_BIFS = new Set(["lists:keyfind/3", "lists:keymember/3", "lists:keysearch/3", "lists:member/2", "lists:reverse/2"]);

function isBuiltin(p: ProcLike, m: Term, f: Term, n: Term): Term {
  const problems: [number, string][] = [];
  if (!(m instanceof Atom)) problems.push([1, "not an atom"]);
  if (!(f instanceof Atom)) problems.push([2, "not an atom"]);
  if (typeof n !== "number" && typeof n !== "bigint") problems.push([3, "not an integer"]);
  // (a negative arity is no builtin's; erl_erts_errors calls it out of range when it
  // explains another argument)
  if (problems.length > 0) throw badArgs(n < 0 ? [...problems, [3, "out of range"]] : problems);
  if (n < 0) return false;
  const [mod, fun] = [(m as Atom).name, (f as Atom).name];
  if (mod === "erlang") return rtOf(p).modules.lookup("erlang", fun, n as number) !== null;
  return OTHER_BIFS.has(`${mod}:${fun}/${n}`);
}

function functionExported(p: ProcLike, m: Term, f: Term, n: Term): Term {
  const problems: [number, string][] = [];
  if (!(m instanceof Atom)) problems.push([1, "not an atom"]);
  if (!(f instanceof Atom)) problems.push([2, "not an atom"]);
  if (typeof n !== "number" || n < 0) problems.push([3, "not a small integer"]);
  if (problems.length > 0) throw badArgs(problems);
  // (A library macro implemented as a function is no exported function.)
  if (isLibraryMacro((m as Atom).name, (f as Atom).name, n as number)) return false;
  return rtOf(p).modules.lookup((m as Atom).name, (f as Atom).name, n as number) !== null;
}

function atomArg(t: Term, n = 1): string {
  if (!(t instanceof Atom)) throw badArgs([[n, "not an atom"]]);
  return t.name;
}

// ---- processes -------------------------------------------------------------------------

function processFlag3(p: ProcLike, pid: Term, flag: Term, value: Term): Term {
  if (!(pid instanceof Pid)) throw badArgs([[1, "not a pid"]]);
  if (flag !== a("save_calls")) throw badArgs([[2, "invalid process flag"]]);
  if (typeof value !== "number" || value < 0 || value > 10000) throw badArgs([[3, "invalid value for process flag 'save_calls'"]]);
  const target = rtOf(p).procs.get(pid.id) as (Process & { savedCalls?: number }) | undefined;
  if (target === undefined || target.pid !== pid) throw badArgs([[1, "not an existing process"]]);
  const old = target.savedCalls ?? 0;
  target.savedCalls = value;
  return old;
}

function bumpReductions(p: ProcLike, n: Term): Term {
  if (!isInteger(n)) throw badArgs([[1, "not an integer"]]);
  if (n < 0) throw badArgs([[1, "out of range"]]);
  const proc = p as Process;
  proc.reds -= Math.min(Number(n), Math.max(proc.reds - 1, 0));
  return true;
}

function garbageCollect2(p: ProcLike, pid: Term, opts: Term): Term {
  const xs = options(opts, 2, (o) =>
    Array.isArray(o) && o.length === 2 &&
    ((o[0] === a("async") && true) || (o[0] === a("type") && (o[1] === a("major") || o[1] === a("minor")))));
  if (!(pid instanceof Pid)) throw badArgs([[1, "not a pid"]]);
  const alive = rtOf(p).procs.get(pid.id)?.pid === pid;
  const asyncOpt = xs.find((o) => (o as Term[])[0] === a("async")) as Term[] | undefined;
  if (asyncOpt !== undefined) {
    P["send/2"]([(p as Process).pid, [a("garbage_collect"), asyncOpt[1], alive]], p);
    return a("async");
  }
  return alive;
}

// ---- lists and bitstrings -------------------------------------------------------------

/** The bits of a bitstring list (bytes, bitstrings and such lists, with a bitstring tail). */
function bitstringList(t: Term): Term {
  const bits: number[] = [];
  const walk = (x: Term): boolean => {
    while (x instanceof Cons) {
      const h = x.h;
      if (typeof h === "number" && h >= 0 && h <= 255) for (let i = 7; i >= 0; i--) bits.push((h >> i) & 1);
      else if (isBitstring(h)) pushBits(h);
      else if (isList(h)) {
        if (!walk(h)) return false;
      } else return false;
      x = x.t;
    }
    if (x === NIL) return true;
    if (isBitstring(x)) return pushBits(x), true;
    return false;
  };
  const pushBits = (b: Term): void => {
    const bytes = binBytes(b as Bin);
    const tail = b instanceof Bin ? b.bits : 0;
    const n = tail ? (bytes.length - 1) * 8 + tail : bytes.length * 8;
    for (let i = 0; i < n; i++) bits.push((bytes[i >> 3] >> (7 - (i & 7))) & 1);
  };
  if (!isList(t) || !walk(t)) throw badArgs([[1, "not a bitstring list"]]);
  const out = new Uint8Array(Math.ceil(bits.length / 8));
  bits.forEach((b, i) => (out[i >> 3] |= b << (7 - (i & 7))));
  return binFromBytes(out, bits.length & 7);
}

function iolistToIovec(t: Term): Term {
  let bytes: Uint8Array | null = null;
  try {
    if (isList(t) || isBinary(t)) bytes = iodataBytes(t);
  } catch {
    bytes = null;
  }
  if (bytes === null) throw badArgs([[1, "not an iodata term"]]);
  return bytes.length === 0 ? NIL : list([binFromBytes(bytes)]);
}

// ---- checksums (zlib's combination of two running checksums) ----------------------------

function checksum(t: Term, n: number): number {
  if (!isInteger(t)) throw badArgs([[n, "not an integer"]]);
  if (t < 0 || t > 0xffffffff) throw badArgs([[n, "out of range"]]);
  return Number(t);
}

export function adler32Combine(a1: number, a2: number, len2: number): number {
  const BASE = 65521;
  const rem = len2 % BASE;
  let sum1 = a1 & 0xffff;
  let sum2 = (rem * sum1) % BASE;
  sum1 += (a2 & 0xffff) + BASE - 1;
  sum2 += ((a1 >>> 16) & 0xffff) + ((a2 >>> 16) & 0xffff) + BASE - rem;
  if (sum1 >= BASE) sum1 -= BASE;
  if (sum1 >= BASE) sum1 -= BASE;
  if (sum2 >= BASE * 2) sum2 -= BASE * 2;
  if (sum2 >= BASE) sum2 -= BASE;
  return (sum1 + sum2 * 65536) >>> 0;
}

/** The CRC-32 of A ++ B from those of A and B and B's length (GF(2) matrix powers). */
export function crc32Combine(crc1: number, crc2: number, len2: number): number {
  if (len2 <= 0) return crc1;
  const times = (mat: number[], vec: number): number => {
    let sum = 0;
    for (let i = 0; vec !== 0; i++, vec >>>= 1) if (vec & 1) sum ^= mat[i];
    return sum >>> 0;
  };
  const square = (mat: number[]): number[] => mat.map((row) => times(mat, row));
  // The operator for one zero bit, then for two, four... zero bits.
  let odd = [0xedb88320, ...Array.from({ length: 31 }, (_, n) => (1 << n) >>> 0)];
  let even = square(odd);
  odd = square(even);
  let crc = crc1;
  let len = len2;
  do {
    even = square(odd);
    if (len & 1) crc = times(even, crc);
    len = Math.floor(len / 2);
    if (len === 0) break;
    odd = square(even);
    if (len & 1) crc = times(odd, crc);
    len = Math.floor(len / 2);
  } while (len !== 0);
  return (crc ^ crc2) >>> 0;
}

function combine(f: (x: number, y: number, n: number) => number): NativeFn {
  return ([x, y, n]) => {
    const c1 = checksum(x, 1);
    const c2 = checksum(y, 2);
    if (!isInteger(n)) throw badArgs([[3, "not an integer"]]);
    if (n < 0) throw badArgs([[3, "out of range"]]);
    return f(c1, c2, Number(n));
  };
}

// ---- MD5 a piece at a time -------------------------------------------------------------

function md5Context(t: Term): Uint8Array {
  if (!isBinary(t)) throw badArgs([[1, "not a binary"]]);
  const bytes = binBytes(t as Bin);
  if (bytes.length !== MD5_CONTEXT_SIZE) throw badArgs([[1, "invalid MD5 context"]]);
  return bytes;
}

function md5UpdateBif(ctx: Term, data: Term): Term {
  const problems: [number, string][] = [];
  let bytes: Uint8Array | null = null;
  if (!isBinary(ctx)) problems.push([1, "not a binary"]);
  else if (binBytes(ctx as Bin).length !== MD5_CONTEXT_SIZE) problems.push([1, "invalid MD5 context"]);
  try {
    bytes = iodataBytes(data);
  } catch {
    bytes = null;
  }
  if (bytes === null) problems.push([2, "not an iodata term"]);
  if (problems.length > 0) throw badArgs(problems);
  return binFromBytes(md5Update(binBytes(ctx as Bin), bytes as Uint8Array));
}

// ---- loaded code -------------------------------------------------------------------------

// The modules OTP 25's emulator has preloaded, in erlang:pre_loaded/0's order.
const PRE_LOADED = ["persistent_term", "counters", "atomics", "erts_dirty_process_signal_handler",
  "erts_literal_area_collector", "erl_tracer", "erts_internal", "erlang", "erl_prim_loader", "prim_zip",
  "prim_net", "prim_socket", "socket_registry", "zlib", "prim_file", "prim_inet", "prim_eval",
  "prim_buffer", "init", "erl_init", "erts_code_purger"];

/** get_module_info/1,2: module_info/0,1 of a loaded module; anything else is a plain badarg. */
function getModuleInfoBif(p: ProcLike, args: Term[]): Term {
  const [m, item] = args;
  const plain = () => {
    const e = new BeamError("error", a("badarg")) as BeamError & { native?: unknown };
    e.native = [a("erlang"), "get_module_info", args];
    return e;
  };
  if (!(m instanceof Atom) || !rtOf(p).modules.has(m.name)) throw plain();
  if (args.length === 2 && !(item instanceof Atom)) throw plain();
  const info = getModuleInfo(rtOf(p).modules, m.name, args.length === 2 ? (item as Atom).name : null);
  if (info === null) throw plain();
  return info;
}

/** A string a BIF writes itself: a list of characters (a flat list of code points). */
function characters(t: Term): string {
  const xs = listToArray(t);
  if (xs === null || !xs.every((c) => typeof c === "number" && c >= 0 && c <= 0x10ffff && (c < 0xd800 || c > 0xdfff))) {
    throw badArgs([[1, "not a list of characters"]]);
  }
  let out = "";
  for (const c of xs as number[]) out += String.fromCodePoint(c);
  return out;
}

function plainBadarg(name: string, args: Term[]): BeamError {
  const e = new BeamError("error", a("badarg")) as BeamError & { native?: unknown };
  e.native = [a("erlang"), name, args];
  return e;
}

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "erlang",
  fns: {
    ...decodePacketNatives,
    "halt/0": (_, p) => halt(p, 0, NIL),
    "halt/1": ([s], p) => halt(p, s, NIL),
    "halt/2": ([s, o], p) => halt(p, s, o),
    "module_loaded/1": ([m], p) => rtOf(p).modules.has(atomName1(m)),
    "function_exported/3": ([m, f, n], p) => functionExported(p, m, f, n),
    "is_builtin/3": ([m, f, n], p) => isBuiltin(p, m, f, n),
    "check_old_code/1": ([m]) => (atomArg(m), false),
    "process_flag/3": ([pid, flag, v], p) => processFlag3(p, pid, flag, v),
    "bump_reductions/1": ([n], p) => bumpReductions(p, n),
    "garbage_collect/2": ([pid, o], p) => garbageCollect2(p, pid, o),
    "send_nosuspend/2": ([dest, msg], p) => (P["send/2"]([dest, msg], p), true),
    "send_nosuspend/3": ([dest, msg, o], p) => {
      options(o, 3, (x) => x === a("noconnect") || x === a("nosuspend"));
      P["send/2"]([dest, msg], p);
      return true;
    },
    "start_timer/4": ([t, dest, msg, o], p) => {
      const xs = options(o, 3, (x) => Array.isArray(x) && x.length === 2 && x[0] === a("abs") && typeof x[1] === "boolean");
      const abs = xs.some((x) => (x as Term[])[1] === true);
      checkTimerTime("start_timer", [t, dest, msg, o], t, abs);
      if (!abs) return P["start_timer/3"]([t, dest, msg], p);
      // An absolute time is the monotonic clock's millisecond at which the timer fires.
      const now = E["monotonic_time/1"]([a("millisecond")], p) as number;
      return P["start_timer/3"]([typeof t === "number" ? Math.max(t - now, 0) : t, dest, msg], p);
    },
    "subtract/2": ([l1, l2]) => {
      if (!isList(l1)) throw badArgs([[1, "not a list"]]);
      if (!isList(l2)) throw badArgs([[2, "not a list"]]);
      return subtract(l1, l2);
    },
    "list_to_bitstring/1": ([l]) => bitstringList(l),
    "iolist_to_iovec/1": ([l]) => iolistToIovec(l),
    "adler32_combine/3": combine(adler32Combine),
    "crc32_combine/3": combine(crc32Combine),
    "fun_info_mfa/1": ([f], p) => {
      if (!(f instanceof Fun)) throw badArgs([[1, "not a fun"]]);
      const info = (k: string) => (erlangExtras.fns["fun_info/2"]([f, a(k)], p) as Term[])[1];
      return [info("module"), info("name"), info("arity")];
    },
    "fun_to_list/1": ([f]) => {
      if (!(f instanceof Fun)) throw badArgs([[1, "not a fun"]]);
      return list(flatChars(write(f)));
    },
    "md5_init/0": () => binFromBytes(md5Init()),
    "md5_update/2": ([ctx, data]) => md5UpdateBif(ctx, data),
    "md5_final/1": ([ctx]) => binFromBytes(md5Final(md5Context(ctx))),
    "display_string/1": ([s], p) => {
      rtOf(p).writeErr(characters(s));
      return true;
    },
    "display_nl/0": (_, p) => {
      rtOf(p).writeErr("\n");
      return true;
    },
    "pre_loaded/0": () => list(PRE_LOADED.map(a)),
    "loaded/0": (_, p) => list([...rtOf(p).modules.keys()].map(a)),
    "get_module_info/1": (args, p) => getModuleInfoBif(p, args),
    "get_module_info/2": (args, p) => getModuleInfoBif(p, args),
    "nif_error/1": (args) => {
      const e = new BeamError("error", args[0]) as BeamError & { native?: unknown };
      e.native = [a("erlang"), "nif_error", args];
      throw e;
    },
    "nif_error/2": (args) => {
      const e = new BeamError("error", args[0]) as BeamError & { native?: unknown };
      e.native = [a("erlang"), "nif_error", args];
      throw e;
    },
    // Gone from the emulator: its stub raises nif_error(undefined).
    "garbage_collect_message_area/0": () => {
      const e = new BeamError("error", a("undefined"));
      e.stacktrace = list([tuple(a("erlang"), a("nif_error"), list([a("undefined")]), NIL), tuple(a("erlang"), a("garbage_collect_message_area"), 0, NIL)]);
      throw e;
    },
    // DTrace tags: this emulator, like one built without DTrace, keeps none.
    "dt_get_tag/0": () => a("undefined"),
    "dt_get_tag_data/0": () => a("undefined"),
    "dt_put_tag/1": () => a("undefined"),
    "dt_spread_tag/1": (args) => {
      if (typeof args[0] !== "boolean") throw plainBadarg("dt_spread_tag", args);
      return true;
    },
    "dt_restore_tag/1": (args) => {
      if (args[0] !== true) throw plainBadarg("dt_restore_tag", args);
      return true;
    },
    "dt_prepend_vm_tag_data/1": ([x]) => x,
    "dt_append_vm_tag_data/1": ([x]) => x,
  },
};

function atomName1(m: Term): string {
  return atomArg(m, 1);
}
