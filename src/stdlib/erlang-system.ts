// The :erlang BIFs about the running system and the calendar: memory/0,1, system_info/1
// for the items programs ask about, statistics/1, the local and universal time of day
// (localtime, universaltime and their conversions, date, time, now, timestamp), and
// checksums and small list/bitstring BIFs (md5, crc32, adler32, append, subtract, size,
// bitstring_to_list, list_to_bitstring, display). Values about the machine are beamsh's own
// (its processes, atoms, ETS tables and the JS heap), in the BEAM's shapes.
import { ertsDisplay } from "./erts-display.js";
import { etsTableCount } from "./ets.js";
import { createHash } from "node:crypto";
import { availableParallelism } from "node:os";
import type { NativeFn, ProcLike } from "../runtime/code.js";
import { BeamError, badArgs } from "../runtime/errors.js";
import { memoryOf } from "../runtime/inspection.js";
import { functionClause } from "./enumerable.js";
import { locatedEntries } from "./library-frames.js";
import { MapTerm } from "../runtime/map.js";
import type { Process } from "../runtime/process.js";
import type { Runtime } from "../runtime/runtime.js";
import {
  Atom, Bin, Cons, NIL, Term, a, binBytes, binFromBytes, int, isBinary, isBitstring, isInteger, list, listToArray,
} from "../runtime/term.js";
import { charsText, write } from "./io-lib.js";
import { convertTime, natives as erlangNatives, systemTimeNative } from "./erlang.js";
import { iodataBytes, stringToCharlist } from "./unicode.js";

const rtOf = (p: ProcLike): Runtime => (p as Process).rt as Runtime;
const chars = (s: string): Term => stringToCharlist(s);
const cores = (): number => availableParallelism();

// ---------------------------------------------------------------------------
// memory/0,1

const MEMORY_TYPES = ["total", "processes", "processes_used", "system", "atom", "atom_used", "binary", "code", "ets"];

function memory(p: ProcLike): Map<string, number> {
  const rt = rtOf(p);
  let procs = 0;
  for (const q of rt.procs.values()) procs += memoryOf(q);
  const heap = process.memoryUsage();
  const system = Math.max(heap.heapUsed + heap.external - procs, 0);
  const m = new Map<string, number>([
    ["processes", procs], ["processes_used", procs], ["system", system], ["atom", 1_000_000], ["atom_used", 500_000],
    ["binary", heap.arrayBuffers], ["code", 10_000_000], ["ets", 500_000],
  ]);
  m.set("total", procs + system);
  return m;
}

/**
 * memory/1 of a type or a list of them. A bad type alone is "invalid memory type option",
 * one in a proper list "invalid option in list", anything else (a bad element before an
 * improper end included) "not an atom or a list of atoms"; a list of good types with an
 * improper end fails in erlang.erl's memory_1/2 with the memory record it walks with.
 */
function memory1(p: ProcLike, what: Term): Term {
  const m = memory(p);
  const valid = (x: Term) => x instanceof Atom && MEMORY_TYPES.includes(x.name);
  if (what instanceof Atom) {
    if (valid(what)) return m.get(what.name)!;
    throw badArgs([[1, "invalid memory type option"]]);
  }
  if (what !== NIL && !(what instanceof Cons)) throw badArgs([[1, "not an atom or a list of atoms"]]);
  const items: Term[] = [];
  let c = what;
  for (; c instanceof Cons; c = c.t) items.push(c.h);
  if (!items.every(valid)) throw badArgs([[1, c === NIL ? "invalid option in list" : "not an atom or a list of atoms"]]);
  if (c !== NIL) {
    const record = [a("memory"), ...MEMORY_TYPES.map((t) => m.get(t)!)];
    const err = functionClause("erlang", "memory_1", [c, record]);
    const entry = (f: string, n: Term): Term[] => {
      const e: Term[] = [a("erlang"), a(f), n, NIL];
      locatedEntries.add(e);
      return e;
    };
    err.stacktrace = list([entry("memory_1", list([c, record])), entry("memory_1", 2), entry("memory", 1)]);
    throw err;
  }
  return list(items.map((x) => [x, m.get((x as Atom).name)!]));
}

// ---------------------------------------------------------------------------
// system_info/1

function systemInfo(p: ProcLike, item: Term): Term {
  const rt = rtOf(p);
  const n = cores();
  const key = item instanceof Atom ? item.name : Array.isArray(item) && item.length === 2 && item[0] === a("wordsize") ? "wordsize" : "";
  switch (key) {
    case "otp_release": return chars("25");
    case "version": return chars("13.1.5");
    case "system_version": return chars(`Erlang/OTP 25 [erts-13.1.5] [source] [64-bit] [smp:${n}:${n}] [ds:${n}:${n}:10] [async-threads:1] [jit:ns]\n`);
    case "machine": return chars("BEAM");
    case "wordsize": return 8;
    case "schedulers": case "schedulers_online": case "logical_processors": case "logical_processors_available":
    case "logical_processors_online": case "dirty_cpu_schedulers": case "dirty_cpu_schedulers_online": return n;
    case "dirty_io_schedulers": return 10;
    case "process_count": return rt.procs.size;
    case "process_limit": return 262144;
    case "atom_limit": return 1048576;
    case "atom_count": return Atom.count();
    case "port_count": return 0;
    case "port_limit": return 65536;
    case "ets_limit": return 8192;
    case "ets_count": return etsTableCount(rt);
    case "smp_support": case "threads": case "kernel_poll": return true;
    case "thread_pool_size": return 1;
    case "build_type": case "emu_type": return a("opt");
    case "emu_flavor": return a("jit");
    case "system_architecture": return chars(`${process.arch === "arm64" ? "aarch64" : "x86_64"}-pc-linux-gnu`);
    case "nif_version": return chars("2.16");
    case "driver_version": return chars("3.3");
    case "time_offset": return a("final");
    case "time_warp_mode": return a("no_time_warp");
    case "tolerant_timeofday": return a("enabled");
    case "heap_type": return a("private");
    case "debug_compiled": case "port_parallelism": return false;
    case "max_heap_size": return MapTerm.fromPairs([[a("error_logger"), true], [a("kill"), true], [a("size"), 0]]);
    case "min_heap_size": return [a("min_heap_size"), 233];
    case "min_bin_vheap_size": return [a("min_bin_vheap_size"), 46422];
    case "fullsweep_after": return [a("fullsweep_after"), 65535];
    case "trace_control_word": case "creation": return 0;
    case "delayed_node_table_gc": return 60;
    case "multi_scheduling": return a("enabled");
    case "scheduler_id": return 1;
    case "context_reductions": return 4000;
    case "compat_rel": return 25;
    case "start_time": return -576460752000000000n;
    case "end_time": return 8646911283000000000n;
    case "cpu_topology": return list([[a("processor"), list(Array.from({ length: n }, (_, i) => [a("core"), [a("logical"), i]]))]]);
    case "os_monotonic_time_source": case "os_system_time_source": return list([[a("function"), a("clock_gettime")], [a("clock_id"), a(key.startsWith("os_mono") ? "CLOCK_MONOTONIC" : "CLOCK_REALTIME")], [a("resolution"), 1000000000], [a("parallel"), a("yes")], [a("time"), int(systemTimeNative())]]);
  }
  throw badArgs([[1, "invalid system info item"]]);
}

// ---------------------------------------------------------------------------
// statistics/1

const started = Date.now();
let lastWall = started;
let lastRuntime = 0;

function statistics(p: ProcLike, item: Term): Term {
  const rt = rtOf(p);
  const name = item instanceof Atom ? item.name : "";
  switch (name) {
    case "wall_clock": {
      const now = Date.now();
      const r = [now - started, now - lastWall];
      lastWall = now;
      return r;
    }
    case "runtime": {
      const cpu = Math.floor(process.cpuUsage().user / 1000);
      const r = [cpu, cpu - lastRuntime];
      lastRuntime = cpu;
      return r;
    }
    case "reductions": case "exact_reductions": {
      let total = 0;
      for (const q of rt.procs.values()) total += q.reductions;
      return [total, total];
    }
    case "run_queue": case "total_run_queue_lengths": case "total_run_queue_lengths_all": return 0;
    case "total_active_tasks": case "total_active_tasks_all": return 1;
    case "run_queue_lengths": case "run_queue_lengths_all": return list(Array.from({ length: cores() + 1 }, () => 0));
    case "active_tasks": case "active_tasks_all": return list(Array.from({ length: cores() + 1 }, (_, i) => (i === 0 ? 1 : 0)));
    case "context_switches": return [0, 0];
    case "garbage_collection": return [0, 0, 0];
    case "io": return [[a("input"), 0], [a("output"), 0]];
  }
  throw badArgs([[1, "invalid statistics item"]]);
}

// ---------------------------------------------------------------------------
// Time of day

type DateTime = [[number, number, number], [number, number, number]];

const dt = (d: Date, utc: boolean): Term => utc
  ? [[d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()], [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()]]
  : [[d.getFullYear(), d.getMonth() + 1, d.getDate()], [d.getHours(), d.getMinutes(), d.getSeconds()]];

/** A {{Y, M, D}, {H, Mi, S}} term with a valid date and time; null otherwise. */
function datetimeArg(t: Term): DateTime | null {
  if (!Array.isArray(t) || t.length !== 2) return null;
  const [d, tm] = t;
  if (!Array.isArray(d) || d.length !== 3 || !Array.isArray(tm) || tm.length !== 3) return null;
  if (![...d, ...tm].every((x) => typeof x === "number" && Number.isInteger(x))) return null;
  const [y, mo, day] = d as number[];
  const [h, mi, s] = tm as number[];
  if (y < 0 || mo < 1 || mo > 12 || day < 1 || day > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return null;
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) return null;
  return [[y, mo, day], [h, mi, s]];
}

const utcMs = ([[y, mo, d], [h, mi, s]]: DateTime): number => {
  const date = new Date(Date.UTC(2000, mo - 1, d, h, mi, s));
  date.setUTCFullYear(y);
  return date.getTime();
};

/** The UTC instant whose local time is `local` (the later one when the clock went back). */
function localToUtc(local: DateTime, isDst: Term): Term {
  const wall = utcMs(local);
  // The offset at a guess, then corrected once (an offset change near the time shifts it).
  let t = wall - (-new Date(wall).getTimezoneOffset()) * 60000;
  t = wall - (-new Date(t).getTimezoneOffset()) * 60000;
  if (isDst === true || isDst === false) {
    const off = -new Date(t).getTimezoneOffset();
    const jan = -new Date(new Date(t).getFullYear(), 0, 1).getTimezoneOffset();
    const jul = -new Date(new Date(t).getFullYear(), 6, 1).getTimezoneOffset();
    const std = Math.min(jan, jul);
    const dst = Math.max(jan, jul);
    if (jan !== jul && (off === dst) !== isDst) t = wall - (isDst ? dst : std) * 60000;
    // (a zone without summer time: the C library's mktime takes a time said to be in
    // summer time as an hour ahead of the zone's own, as the emulator's conversion does)
    else if (jan === jul && isDst) t = wall - (off + 60) * 60000;
  }
  return dt(new Date(t), true);
}

function nowTriple(us: bigint): Term {
  return [Number(us / 1_000_000_000_000n), Number((us / 1_000_000n) % 1_000_000n), Number(us % 1_000_000n)];
}

// ---------------------------------------------------------------------------
// Checksums

let crcTable: Uint32Array | null = null;
export function crc32(crc: number, bytes: Uint8Array): number {
  if (crcTable === null) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = (crc ^ 0xffffffff) >>> 0;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function adler32(adler: number, bytes: Uint8Array): number {
  let s1 = adler & 0xffff;
  let s2 = (adler >>> 16) & 0xffff;
  for (const b of bytes) {
    s1 = (s1 + b) % 65521;
    s2 = (s2 + s1) % 65521;
  }
  return ((s2 << 16) | s1) >>> 0;
}

function iodataArg(t: Term, pos: number): Uint8Array {
  const b = iodataBytes(t);
  if (b === null) throw badArgs([[pos, "not an iodata term"]]);
  return b;
}

function checksumArg(t: Term): number {
  if (!isInteger(t) || t < 0 || t > 0xffffffff) throw badArgs([[1, "out of range"]]);
  return Number(t);
}

// ---------------------------------------------------------------------------
// Bitstrings as lists

function bitstringToList(b: Term): Term {
  if (!isBitstring(b)) throw badArgs([[1, "not a bitstring"]]);
  const bytes = binBytes(b);
  if (b instanceof Bin && b.bits > 0) {
    const whole = Array.from(bytes.subarray(0, bytes.length - 1));
    const last = bytes[bytes.length - 1] >> (8 - b.bits);
    return list([...whole, binFromBytes(Uint8Array.of(last << (8 - b.bits)), b.bits)]);
  }
  return list(Array.from(bytes));
}

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "erlang",
  fns: {
    "memory/0": (_, p) => list(MEMORY_TYPES.map((k) => [a(k), memory(p).get(k)!])),
    "memory/1": ([w], p) => memory1(p, w),
    "system_info/1": ([item], p) => systemInfo(p, item),
    "statistics/1": ([item], p) => statistics(p, item),
    "localtime/0": () => dt(new Date(), false),
    "universaltime/0": () => dt(new Date(), true),
    "date/0": () => dt(new Date(), false)[0],
    "time/0": () => dt(new Date(), false)[1],
    "now/0": () => nowTriple(systemTimeNative() / 1000n),
    "timestamp/0": () => nowTriple(systemTimeNative() / 1000n),
    "localtime_to_universaltime/1": ([t]) => {
      const d = datetimeArg(t);
      if (d === null) throw badArgs([[1, "not a valid local time"]]);
      return localToUtc(d, a("undefined"));
    },
    "localtime_to_universaltime/2": ([t, isDst]) => {
      const d = datetimeArg(t);
      const badDst = isDst !== true && isDst !== false && isDst !== a("undefined");
      if (d === null || badDst) throw badArgs([...(d === null ? [[1, "not a valid local time"]] : []), ...(badDst ? [[2, "not 'true', 'false', or 'undefined'"]] : [])] as [number, string][]);
      return localToUtc(d, isDst);
    },
    "universaltime_to_localtime/1": ([t]) => {
      const d = datetimeArg(t);
      if (d === null) throw badArgs([[1, "not a valid universal time"]]);
      return dt(new Date(utcMs(d)), false);
    },
    "universaltime_to_posixtime/1": ([t]) => {
      const d = datetimeArg(t);
      if (d === null) throw badArgs([[1, "not a valid universal time"]]);
      return utcMs(d) / 1000;
    },
    "posixtime_to_universaltime/1": ([n]) => {
      if (!isInteger(n)) throw badArgs([[1, "not an integer"]]);
      return dt(new Date(Number(n) * 1000), true);
    },
    "md5/1": ([d]) => binFromBytes(createHash("md5").update(iodataArg(d, 1)).digest()),
    "crc32/1": ([d]) => crc32(0, iodataArg(d, 1)),
    "crc32/2": ([c, d]) => crc32(checksumArg(c), iodataArg(d, 2)),
    "adler32/1": ([d]) => adler32(1, iodataArg(d, 1)),
    "adler32/2": ([c, d]) => adler32(checksumArg(c), iodataArg(d, 2)),
    "append/2": ([l, tail]) => {
      const xs = listToArray(l);
      if (xs === null) throw badArgs([[1, "not a list"]]);
      return list(xs, tail);
    },
    "size/1": ([t]) => {
      if (Array.isArray(t)) return t.length;
      if (isBinary(t)) return binBytes(t).length;
      if (isBitstring(t)) return binBytes(t).length - 1;
      throw badArgs([[1, "not tuple or binary"]]);
    },
    "bitstring_to_list/1": ([b]) => bitstringToList(b),
    "display/1": ([t]) => {
      // The emulator prints the term itself, with its own printer, past any group leader.
      process.stdout.write(ertsDisplay(t));
      return true;
    },
    "time_offset/1": ([u], p) => {
      if (!(u instanceof Atom) && !isInteger(u)) throw badArgs([[1, "invalid time unit"]]);
      try {
        return convertTime(erlangNatives.fns["time_offset/0"]([], p) as Term, a("native"), u);
      } catch {
        throw badArgs([[1, "invalid time unit"]]);
      }
    },
    "system_flag/2": ([flag]) => {
      if (!(flag instanceof Atom)) throw badArgs([[1, "invalid system flag"]]);
      throw new BeamError("error", a("notsup"));
    },
  },
};
