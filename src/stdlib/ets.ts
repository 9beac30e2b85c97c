// :ets — term storage tables owned by a process (natives), and :beamsh_otp, the native
// helpers of the OTP prelude (src/prelude/otp_*.ex): Logger output, :global names and the
// Erlang-syntax term printer used by :sys.trace.
//
// Tables: :set / :ordered_set / :bag / :duplicate_bag, :named_table, :public / :protected /
// :private (checked against the calling process, with Erlang's error texts), keypos. A table
// is deleted when its owner exits (a runtime onExit hook). Hashed tables keep the BEAM's
// layout and so its orders (ets-hash.ts); ordered_set is in term order.
import { wallClockMs } from "../runtime/seed.js";
import type { NativeFn, ProcLike } from "../runtime/code.js";
import { BeamError, argumentError, badArgs } from "../runtime/errors.js";
import { bifInfo } from "../runtime/arith.js";
import { Fun } from "../runtime/fun.js";
import { inspect } from "../runtime/inspect.js";
import { MapTerm, keyOf } from "../runtime/map.js";
import type { Process } from "../runtime/process.js";
import type { Runtime } from "../runtime/runtime.js";
import { Atom, Bin, Cons, Float, NIL, Pid, Port, Ref, Term, a, atomName, binBytes, int, list, listToArray, tuple, fromCodePoints } from "../runtime/term.js";
import { compare, looseEquals, strictEquals } from "../runtime/term-order.js";
import { EtsHashTable, NOT_IN_TABLE } from "./ets-hash.js";
import { OrderedObjects } from "./ets-ordered.js";

type Kind = "set" | "ordered_set" | "bag" | "duplicate_bag";
type Access = "public" | "protected" | "private";

interface Table {
  tid: Ref;
  name: Atom;
  named: boolean;
  kind: Kind;
  keypos: number;
  access: Access;
  owner: Pid;
  heir: Term;
  readConcurrency: boolean;
  writeConcurrency: boolean;
  decentralized: boolean;
  compressed: boolean;
  /** set/bag/duplicate_bag */
  hash: EtsHashTable;
  /** ordered_set: objects in key order. */
  ordered: OrderedObjects;
  /** safe_fixtable: how many times each process (by pid id) fixed the table */
  fixers: Map<number, number>;
  size: number;
}

interface EtsState {
  byRef: Map<number, Table>;
  byName: Map<Atom, Table>;
  globals: Map<unknown, [Term, Pid]>;
  /** Reply tags whose caller gave up (timed out): replies to them are dropped (BEAM aliases). */
  deadTags: Set<number>;
  /** Compiled match specs that select/1 continuations refer to (BEAM's magic references). */
  specs: Map<number, Compiled[]>;
  /** The references of every table made here, deleted ones too (a deleted table's id is not "not a table identifier"). */
  made: Set<number>;
  /** The table found by reference last (a loop works on one table), until it is dropped. */
  last: Table | null;
}

const states = new WeakMap<Runtime, EtsState>();

/** The runtime stateOf answered for last, and its state (every ETS call asks). */
let lastRt: Runtime | null = null;
let lastState: EtsState | null = null;

/** How many tables there are (erlang:system_info(ets_count)). */
export function etsTableCount(rt: Runtime): number {
  return states.get(rt)?.byRef.size ?? 0;
}

function stateOf(rt: Runtime): EtsState {
  if (rt === lastRt) return lastState!;
  let s = states.get(rt);
  if (s === undefined) {
    const st: EtsState = { byRef: new Map(), byName: new Map(), globals: new Map(), deadTags: new Set(), specs: new Map(), made: new Set(), last: null };
    s = st;
    states.set(rt, st);
    // (every process exit comes here: the tables are walked without copying them)
    rt.onExit.push((p: Process) => {
      const id = p.pid.id;
      let owned: Table[] | null = null;
      for (const t of st.byRef.values()) {
        if (t.owner.id === id) (owned ??= []).push(t);
        else if (t.fixers.size !== 0) {
          // a process's fixations end with it
          for (let n = t.fixers.get(id) ?? 0; n > 0; n--) t.hash.unfix();
          t.fixers.delete(id);
        }
      }
      if (owned !== null) for (const t of owned) dropTable(st, t);
      if (st.globals.size !== 0) for (const [k, [, pid]] of [...st.globals]) if (pid.id === id) st.globals.delete(k);
    });
  }
  lastRt = rt;
  lastState = s;
  return s;
}

function dropTable(st: EtsState, t: Table): void {
  st.byRef.delete(t.tid.id);
  if (st.last === t) st.last = null;
  if (t.named && st.byName.get(t.name) === t) st.byName.delete(t.name);
}

const rtOf = (p: ProcLike): Runtime => (p as Process).rt as Runtime;
const pidOf = (p: ProcLike): Pid => (p as Process).pid;

const TRUE = true;

/** A BIF's badarg with the cause BEAM puts in its error_info (erl_stdlib_errors explains it). */
function etsError(problems: [number, string][], cause?: string): BeamError {
  const e = badArgs(problems);
  if (cause !== undefined) (e as BeamError & { cause?: Term }).cause = a(cause);
  return e;
}
const NO_TABLE = "the table identifier does not refer to an existing ETS table";
const NO_ACCESS = "the table identifier refers to an ETS table with insufficient access rights";

function findTable(p: ProcLike, id: Term): Table | undefined {
  const st = stateOf(rtOf(p));
  if (id instanceof Ref) {
    const last = st.last;
    if (last !== null && last.tid.id === id.id) return last;
    const t = st.byRef.get(id.id);
    if (t !== undefined) st.last = t;
    return t;
  }
  if (id instanceof Atom) return st.byName.get(id);
  return undefined;
}

/** The table for reading (`write` false) or writing, or the BIF's badarg. */
function table(p: ProcLike, id: Term, write: boolean, others: () => [number, string][] = () => []): Table {
  const t = findTable(p, id);
  if (t === undefined) throw noTable(p, id, others());
  if (t.access !== "public" && t.owner.id !== pidOf(p).id) {
    if (write || t.access === "private") throw etsError([[1, NO_ACCESS]], "access");
  }
  return t;
}

/** Why `id` names no table: a table that is gone, or no table identifier at all. */
function noTable(p: ProcLike, id: Term, others: [number, string][] = []): BeamError {
  if (id instanceof Atom || (id instanceof Ref && stateOf(rtOf(p)).made.has(id.id))) return etsError([[1, NO_TABLE], ...others], "id");
  return etsError([[1, id instanceof Ref ? "not a valid table identifier" : "not an atom or a table identifier"], ...others], "type");
}

/** What erl_stdlib_errors says of insert's objects beside a bad table: their shape alone. */
function objectsProblems(objs: Term): [number, string][] {
  if (Array.isArray(objs)) return objs.length === 0 ? [[2, "is an empty tuple"]] : [];
  if (objs instanceof Cons || objs === NIL) {
    const items = listToArray(objs);
    return items === null || items.some((o) => !Array.isArray(o) || o.length === 0) ? [[2, "not a non-empty tuple or a list of non-empty tuples"]] : [];
  }
  return [[2, "not a tuple"]];
}

/** update_counter/3's operation beside a bad table: an increment, {pos, incr}, {pos, incr, threshold, set} or a list of them. */
function updateOpProblems(op: Term): [number, string][] {
  const isInt = (x: Term) => typeof x === "number" || typeof x === "bigint";
  const one = (x: Term) => isInt(x) || (Array.isArray(x) && (x.length === 2 || x.length === 4) && x.every(isInt));
  if (one(op)) return [];
  if (op instanceof Cons || op === NIL) {
    const items = listToArray(op);
    if (items !== null && items.every((x) => isInt(x) || Array.isArray(x))) return [];
  }
  return [[3, "not a valid update operation"]];
}

// ---- keys ------------------------------------------------------------------------------

function keyOfObj(t: Table, obj: Term[]): Term {
  return obj[t.keypos - 1];
}

function checkObject(t: Table, obj: Term, argn = 2): Term[] {
  if (!Array.isArray(obj)) throw badArgs([[argn, "not a tuple"]]);
  if (obj.length === 0) throw badArgs([[argn, "is an empty tuple"]]);
  if (obj.length < t.keypos) throw badArgs([[argn, "the tuple does not have enough elements for the key position of the table"]]);
  return obj;
}

function lookupObjs(t: Table, key: Term): Term[][] {
  if (t.kind === "ordered_set") {
    const o = t.ordered.get(key);
    return o === undefined ? [] : [o];
  }
  const e = t.hash.get(key);
  return e < 0 ? [] : t.hash.objectsAt(e);
}

/** lookup/2's list: a set's object goes straight into its one cell. */
function lookupList(t: Table, key: Term): Term {
  if (t.kind === "set") {
    const o = t.hash.getSet(key);
    return o === undefined ? NIL : new Cons(o, NIL);
  }
  return list(lookupObjs(t, key));
}

function insertObj(t: Table, obj: Term[]): void {
  const key = keyOfObj(t, obj);
  switch (t.kind) {
    case "ordered_set":
      t.ordered.put(obj);
      t.size = t.ordered.size;
      return;
    case "set":
      t.hash.putSet(key, obj);
      break;
    case "bag":
    case "duplicate_bag":
      t.hash.putBag(key, obj, t.kind === "duplicate_bag", strictEquals);
      break;
  }
  t.size = t.hash.size;
}

function deleteKey(t: Table, key: Term): void {
  if (t.kind === "ordered_set") {
    t.ordered.delete(key);
    t.size = t.ordered.size;
    return;
  }
  t.hash.remove(key);
  t.size = t.hash.size;
}

function deleteObject(t: Table, obj: Term[]): void {
  const key = keyOfObj(t, obj);
  if (t.kind === "ordered_set") {
    const cur = lookupObjs(t, key);
    if (cur.length > 0 && strictEquals(cur[0], obj)) deleteKey(t, key);
    return;
  }
  t.hash.remove(key, (o) => strictEquals(o, obj));
  t.size = t.hash.size;
}

/** The objects in the order tab2list, select and match give them. */
function allObjects(t: Table): Term[][] {
  if (t.kind === "ordered_set") return t.ordered.toArray();
  return t.hash.objects();
}

function clear(t: Table): void {
  t.hash.clear();
  t.ordered.clear();
  t.size = 0;
}

// ---- new ------------------------------------------------------------------------------

/** A table's hash table until its options are read. */
const NO_HASH = new EtsHashTable(false);

function newTable(p: ProcLike, name: Term, opts: Term): Term {
  const st = stateOf(rtOf(p));
  const items = listToArray(opts);
  if (!(name instanceof Atom)) throw badArgs([[1, "not an atom"]]);
  if (items === null) throw badArgs([[2, "not a list"]]);
  const t: Table = {
    tid: rtOf(p).makeRef(), name, named: false, kind: "set", keypos: 1, access: "protected", owner: pidOf(p),
    heir: a("none"), readConcurrency: false, writeConcurrency: false, decentralized: false, compressed: false,
    hash: NO_HASH, ordered: new OrderedObjects(1), size: 0, fixers: new Map(),
  };
  for (const o of items) {
    if (o instanceof Atom) {
      switch (o.name) {
        case "set": case "ordered_set": case "bag": case "duplicate_bag":
          t.kind = o.name;
          continue;
        case "public": case "protected": case "private":
          t.access = o.name;
          continue;
        case "named_table":
          t.named = true;
          continue;
        case "compressed":
          t.compressed = true;
          continue;
      }
    } else if (Array.isArray(o) && o.length === 2 && o[0] instanceof Atom) {
      const v = o[1];
      switch (o[0].name) {
        case "keypos":
          if (typeof v === "number" && v >= 1) {
            t.keypos = v;
            continue;
          }
          break;
        case "read_concurrency":
          if (typeof v === "boolean") {
            t.readConcurrency = v;
            continue;
          }
          break;
        case "write_concurrency":
          if (typeof v === "boolean" || v === a("auto")) {
            t.writeConcurrency = v !== false;
            continue;
          }
          break;
        case "decentralized_counters":
          if (typeof v === "boolean") {
            t.decentralized = v;
            continue;
          }
          break;
        case "heir":
          t.heir = v;
          continue;
      }
    } else if (Array.isArray(o) && o.length === 3 && o[0] === a("heir")) {
      t.heir = o[1];
      continue;
    }
    throw badArgs([[2, "invalid options"]]);
  }
  t.hash = new EtsHashTable(t.writeConcurrency, t.kind === "bag" || t.kind === "duplicate_bag");
  t.ordered = new OrderedObjects(t.keypos);
  if (t.named) {
    if (st.byName.has(name)) throw etsError([[1, "table name already exists"]], "already_exists");
    st.byName.set(name, t);
  }
  st.byRef.set(t.tid.id, t);
  st.made.add(t.tid.id);
  return t.named ? name : t.tid;
}

// ---- match specs ---------------------------------------------------------------------

type Bindings = Map<number, Term>;

function varNum(t: Term): number | null {
  if (!(t instanceof Atom)) return null;
  const n = t.name;
  if (n.length < 2 || n[0] !== "$") return null;
  const rest = n.slice(1);
  return /^\d+$/.test(rest) ? Number(rest) : null;
}

const WILD = a("_");
const OK = a("ok");

/** Matches an ETS pattern against a term, binding $N variables. */
function pmatch(pat: Term, t: Term, b: Bindings): boolean {
  if (pat === WILD) return true;
  const v = varNum(pat);
  if (v !== null) {
    const cur = b.get(v);
    if (cur === undefined) {
      b.set(v, t);
      return true;
    }
    return strictEquals(cur, t);
  }
  if (Array.isArray(pat)) {
    if (!Array.isArray(t) || t.length !== pat.length) return false;
    for (let i = 0; i < pat.length; i++) if (!pmatch(pat[i], t[i], b)) return false;
    return true;
  }
  if (pat instanceof Cons) {
    if (!(t instanceof Cons)) return false;
    return pmatch(pat.h, t.h, b) && pmatch(pat.t, t.t, b);
  }
  if (pat instanceof MapTerm) {
    if (!(t instanceof MapTerm)) return false;
    for (const [k, pv] of pat.entries.values()) {
      const tv = t.get(k);
      if (tv === undefined || !pmatch(pv, tv, b)) return false;
    }
    return true;
  }
  return strictEquals(pat, t);
}

class BadSpec extends Error {}

function num(x: Term): number {
  if (typeof x === "number") return x;
  if (x instanceof Float) return x.v;
  throw new BadSpec();
}

function arith(op: string, x: Term, y: Term): Term {
  if ((typeof x === "number" || typeof x === "bigint") && (typeof y === "number" || typeof y === "bigint")) {
    const bx = BigInt(x);
    const by = BigInt(y);
    switch (op) {
      case "+": return int(bx + by);
      case "-": return int(bx - by);
      case "*": return int(bx * by);
      case "div": if (by === 0n) throw new BadSpec(); return int(bx / by);
      case "rem": if (by === 0n) throw new BadSpec(); return int(bx % by);
    }
  }
  const fx = num(x);
  const fy = num(y);
  switch (op) {
    case "+": return new Float(fx + fy);
    case "-": return new Float(fx - fy);
    case "*": return new Float(fx * fy);
    case "/": if (fy === 0) throw new BadSpec(); return new Float(fx / fy);
  }
  throw new BadSpec();
}

/** Trace match specifications' action functions (return_trace, message, caller...): answered by the tracer (stdlib/trace.ts). */
type MsActions = (name: string, args: Term[]) => Term | undefined;

function evalMs(e: Term, b: Bindings, obj: Term, p: ProcLike, ext?: MsActions): Term {
  if (e instanceof Atom) {
    if (e.name === "$_") return obj;
    if (e.name === "$$") {
      const keys = [...b.keys()].sort((x, y) => x - y);
      return list(keys.map((k) => b.get(k)));
    }
    const v = varNum(e);
    if (v !== null) {
      const val = b.get(v);
      if (val === undefined) throw new BadSpec();
      return val;
    }
    return e;
  }
  if (Array.isArray(e)) {
    if (e.length === 1 && Array.isArray(e[0])) return e[0].map((x: Term) => evalMs(x, b, obj, p, ext));
    if (e.length === 0) return e;
    const op = e[0];
    if (!(op instanceof Atom)) throw new BadSpec();
    const args = e.slice(1);
    if (op.name === "const" && args.length === 1) return args[0];
    if (op.name === "andalso") return args.every((x: Term) => evalMs(x, b, obj, p, ext) === true);
    if (op.name === "orelse") return args.some((x: Term) => evalMs(x, b, obj, p, ext) === true);
    const vals = args.map((x: Term) => evalMs(x, b, obj, p, ext));
    if (ext !== undefined) {
      const r = ext(op.name, vals);
      if (r !== undefined) return r;
    }
    return callGuard(op.name, vals, p);
  }
  if (e instanceof Cons) {
    const items: Term[] = [];
    let l: Term = e;
    while (l instanceof Cons) {
      items.push(evalMs(l.h, b, obj, p, ext));
      l = l.t;
    }
    return list(items, l === NIL ? NIL : evalMs(l, b, obj, p, ext));
  }
  if (e instanceof MapTerm) {
    return MapTerm.fromPairs([...e.entries.values()].map(([k, v]) => [evalMs(k, b, obj, p, ext), evalMs(v, b, obj, p, ext)] as [Term, Term]));
  }
  return e;
}

function callGuard(name: string, v: Term[], p: ProcLike): Term {
  const [x, y] = v;
  switch (name) {
    case ">": return compare(x, y) > 0;
    case "<": return compare(x, y) < 0;
    case ">=": return compare(x, y) >= 0;
    case "=<": return compare(x, y) <= 0;
    case "==": return looseEquals(x, y);
    case "/=": return !looseEquals(x, y);
    case "=:=": return strictEquals(x, y);
    case "=/=": return !strictEquals(x, y);
    case "and": return x === true && y === true;
    case "or": return x === true || y === true;
    case "xor": return (x === true) !== (y === true);
    case "not": return x === false;
    case "is_atom": return x instanceof Atom || x === true || x === false || x === null;
    case "is_integer": return typeof x === "number" || typeof x === "bigint";
    case "is_float": return x instanceof Float;
    case "is_number": return typeof x === "number" || typeof x === "bigint" || x instanceof Float;
    case "is_binary": return typeof x === "string" || (x instanceof Bin && x.bits === 0);
    case "is_list": return x === NIL || x instanceof Cons;
    case "is_tuple": return Array.isArray(x);
    case "is_map": return x instanceof MapTerm;
    case "is_pid": return x instanceof Pid;
    case "is_reference": return x instanceof Ref;
    case "is_port": return x instanceof Port;
    case "is_function": return x instanceof Fun;
    case "is_boolean": return x === true || x === false;
    case "+": case "-": case "*": case "/": case "div": case "rem":
      if (v.length === 1 && name === "-") return arith("-", 0, x);
      return arith(name, x, y);
    case "abs": return compare(x, 0) < 0 ? arith("-", 0, x) : x;
    case "element":
      if (typeof x !== "number" || !Array.isArray(y) || x < 1 || x > y.length) throw new BadSpec();
      return y[x - 1];
    case "hd": if (!(x instanceof Cons)) throw new BadSpec(); return x.h;
    case "tl": if (!(x instanceof Cons)) throw new BadSpec(); return x.t;
    case "length": {
      const arr = listToArray(x);
      if (arr === null) throw new BadSpec();
      return arr.length;
    }
    case "tuple_size": if (!Array.isArray(x)) throw new BadSpec(); return x.length;
    case "map_size": if (!(x instanceof MapTerm)) throw new BadSpec(); return x.size;
    case "map_get": {
      if (!(y instanceof MapTerm)) throw new BadSpec();
      const r = y.get(x);
      if (r === undefined) throw new BadSpec();
      return r;
    }
    case "is_map_key": if (!(y instanceof MapTerm)) throw new BadSpec(); return y.has(x);
    case "self": return pidOf(p);
    case "node": return a("nonode@nohost");
    case "byte_size": if (typeof x !== "string" && !(x instanceof Bin)) throw new BadSpec(); return binBytes(x).length;
  }
  throw new BadSpec();
}

interface Compiled {
  head: Term;
  guards: Term[];
  body: Term[];
}

function compileSpec(ms: Term, argn = 2, invalid = "not a valid match specification"): Compiled[] {
  const items = listToArray(ms);
  if (items === null) throw badArgs([[argn, invalid]]);
  return items.map((it) => {
    if (!Array.isArray(it) || it.length !== 3) throw badArgs([[argn, invalid]]);
    const guards = listToArray(it[1]);
    const body = listToArray(it[2]);
    if (guards === null || body === null) throw badArgs([[argn, invalid]]);
    return { head: it[0], guards, body };
  });
}

/** Runs a match spec on one object: the body's last value, or undefined when no clause matches. */
function runSpec(spec: Compiled[], obj: Term, p: ProcLike): Term | undefined {
  for (const c of spec) {
    const b: Bindings = new Map();
    if (!pmatch(c.head, obj, b)) continue;
    try {
      if (!c.guards.every((g) => evalMs(g, b, obj, p) === true)) continue;
      let r: Term = undefined;
      for (const e of c.body) r = evalMs(e, b, obj, p);
      return r;
    } catch (e) {
      if (e instanceof BadSpec) continue;
      throw e;
    }
  }
  return undefined;
}

// ---- trace match specifications (erlang:trace_pattern/3, stdlib/trace.ts) -------------

export type TraceSpec = Compiled;

/** What a trace pattern's body asked for, filled in by runTraceSpec. */
export interface TraceAction {
  /** The calling function ({m, f, arity}), for {:caller}. */
  caller: () => Term;
  returnTrace: boolean;
  exceptionTrace: boolean;
  /** true: the plain call message; false: none; another term: sent as the message's last element. */
  message: Term;
  silent: boolean;
}

const GUARD_FNS = new Set([">", "<", ">=", "=<", "==", "/=", "=:=", "=/=", "and", "or", "xor", "not", "andalso", "orelse",
  "is_atom", "is_integer", "is_float", "is_number", "is_binary", "is_list", "is_tuple", "is_map", "is_pid", "is_reference",
  "is_port", "is_function", "is_boolean", "+", "-", "*", "/", "div", "rem", "abs", "element", "hd", "tl", "length",
  "tuple_size", "map_size", "map_get", "is_map_key", "self", "node", "byte_size", "const", "is_seq_trace", "get_tcw", "bit_size",
  "band", "bor", "bxor", "bnot", "bsl", "bsr", "float", "round", "trunc", "size", "binary_part", "is_record"]);
const TRACE_BODY_FNS = new Set(["return_trace", "exception_trace", "message", "caller", "process_dump", "display", "silent",
  "enable_trace", "disable_trace", "trace", "set_tcw", "set_seq_token", "get_seq_token", "caller_line", "current_stacktrace"]);

function validTraceExpr(e: Term, body: boolean): boolean {
  if (Array.isArray(e)) {
    if (e.length === 0) return true;
    if (e.length === 1 && Array.isArray(e[0])) return e[0].every((x: Term) => validTraceExpr(x, body));
    const op = e[0];
    if (!(op instanceof Atom)) return false;
    if (op.name === "const") return e.length === 2;
    if (!GUARD_FNS.has(op.name) && !(body && TRACE_BODY_FNS.has(op.name))) return false;
    return e.slice(1).every((x: Term) => validTraceExpr(x, body));
  }
  if (e instanceof Cons) {
    let l: Term = e;
    while (l instanceof Cons) {
      if (!validTraceExpr(l.h, body)) return false;
      l = l.t;
    }
    return l === NIL || validTraceExpr(l, body);
  }
  return true;
}

/** A trace pattern's match specification, checked as erts does (null: not a valid one). */
export function compileTraceSpec(ms: Term): Compiled[] | null {
  const items = listToArray(ms);
  if (items === null) return null;
  const out: Compiled[] = [];
  for (const it of items) {
    if (!Array.isArray(it) || it.length !== 3) return null;
    const [head] = it;
    if (!(head === WILD || varNum(head) !== null || head === NIL || head instanceof Cons)) return null;
    const guards = listToArray(it[1]);
    const body = listToArray(it[2]);
    if (guards === null || body === null) return null;
    if (!guards.every((g) => validTraceExpr(g, false)) || !body.every((x) => validTraceExpr(x, true))) return null;
    out.push({ head, guards, body });
  }
  return out;
}

/** Runs a trace pattern on a call's arguments (a list): whether it matched; `act` says what the body asked for. */
export function runTraceSpec(spec: Compiled[], args: Term, p: ProcLike, act: TraceAction): boolean {
  if (spec.length === 0) return true;
  const ext: MsActions = (name, vals) => {
    switch (name) {
      case "return_trace": act.returnTrace = true; return true;
      case "exception_trace": act.exceptionTrace = true; return true;
      case "message": act.message = vals[0]; return true;
      case "caller": return act.caller();
      case "silent": act.silent = vals[0] === true; return true;
      case "process_dump": return new Bin(new Uint8Array(0));
      case "display": case "enable_trace": case "disable_trace": case "trace": case "set_tcw": case "set_seq_token": return true;
      case "get_seq_token": return NIL;
      case "is_seq_trace": return false;
      case "get_tcw": return 0;
      case "caller_line": case "current_stacktrace": return act.caller();
    }
    return undefined;
  };
  for (const c of spec) {
    const b: Bindings = new Map();
    if (!pmatch(c.head, args, b)) continue;
    try {
      if (!c.guards.every((g) => evalMs(g, b, args, p, ext) === true)) continue;
      for (const e of c.body) evalMs(e, b, args, p, ext);
      return true;
    } catch (e) {
      if (e instanceof BadSpec) continue;
      throw e;
    }
  }
  return false;
}

/** Objects of the table that a pattern can match (narrowed by a bound key). */
function candidates(t: Table, pattern: Term): Term[][] {
  const k = boundKey(t, pattern);
  if (k !== undefined) return t.kind === "ordered_set" ? lookupObjs(t, k).slice() : t.hash.objectsInBucketsOf([k]);
  return allObjects(t);
}

/** The key a pattern fixes, if any. */
function boundKey(t: Table, pattern: Term): Term | undefined {
  if (Array.isArray(pattern) && pattern.length >= t.keypos) {
    const k = pattern[t.keypos - 1];
    if (isGround(k)) return k;
  }
  return undefined;
}

function isGround(t: Term): boolean {
  if (t === WILD || varNum(t) !== null) return false;
  if (t instanceof Atom && t.name.startsWith("$")) return false;
  if (Array.isArray(t)) return t.every(isGround);
  if (t instanceof Cons) return isGround(t.h) && isGround(t.t);
  if (t instanceof MapTerm) return [...t.entries.values()].every(([k, v]) => isGround(k) && isGround(v));
  return true;
}

/** Objects a match spec of several clauses can match: every clause binding its key narrows
 * the search to those keys (their buckets, in clause order, on hashed tables). */
function specObjects(t: Table, spec: Compiled[]): Term[][] {
  const keys = spec.map((c) => boundKey(t, c.head));
  if (keys.some((k) => k === undefined)) return allObjects(t);
  if (t.kind !== "ordered_set") return t.hash.objectsInBucketsOf(keys as Term[]);
  return allObjects(t).filter((o) => keys.some((k) => compare(o[t.keypos - 1], k) === 0));
}

function selectObjs(t: Table, spec: Compiled[], p: ProcLike): [Term[][], Term[]] {
  const objs = spec.length === 1 ? candidates(t, spec[0].head) : specObjects(t, spec);
  const matched: Term[][] = [];
  const results: Term[] = [];
  for (const o of objs) {
    const r = runSpec(spec, o, p);
    if (r !== undefined) {
      matched.push(o);
      results.push(r);
    }
  }
  return [matched, results];
}

// ---- select in chunks ---------------------------------------------------------------------

/** How many compiled specs continuations may refer to at once (older ones are dropped). */
const MAX_SPECS = 1000;

function specRef(p: ProcLike, spec: Compiled[]): Ref {
  const st = stateOf(rtOf(p));
  const ref = rtOf(p).makeRef();
  st.specs.set(ref.id, spec);
  if (st.specs.size > MAX_SPECS) st.specs.delete(st.specs.keys().next().value as number);
  return ref;
}

const EOT_ATOM = a("$end_of_table");

/**
 * ets:select/3, match/3 and match_object/3 (`reverse` for select_reverse/3): the first
 * `chunk` results and a continuation for select/1.
 */
/** select/3's limit: out of range is told together with what is wrong with the match spec. */
function checkLimit(p: ProcLike, id: Term, ms: Term, chunk: Term): void {
  table(p, id, false);
  if (typeof chunk === "number" && chunk > 0) return;
  let valid = ms !== NIL;
  try {
    compileSpec(ms);
  } catch {
    valid = false;
  }
  throw badArgs(valid ? [[3, "out of range"]] : [[2, "not a valid match specification"], [3, "out of range"]]);
}

function selectChunk(p: ProcLike, id: Term, spec: Compiled[], chunk: Term, reverse: boolean): Term {
  const t = table(p, id, false);
  if (typeof chunk !== "number" || chunk <= 0) throw badArgs([[3, "out of range"]]);
  if (t.kind === "ordered_set") return sortedChunk(p, t, spec, chunk, reverse, undefined, specRef(p, spec));
  const keys = spec.map((c) => boundKey(t, c.head));
  const bound = keys.every((k) => k !== undefined) ? (keys as Term[]) : null;
  return hashChunk(p, t, spec, chunk, 0, bound, [], true, specRef(p, spec));
}

/**
 * A hashed table's chunk: the walk from `slot` prepends its results to `pending` (newest
 * first), bucket by bucket until there are `chunk`; more than that are kept for the next
 * call, as erl_db_hash.c does.
 */
function hashChunk(p: ProcLike, t: Table, spec: Compiled[], chunk: number, slot: number, keys: Term[] | null, pending: Term[], first: boolean, ref: Ref): Term {
  const found: Term[] = [];
  let examined = 0;
  if (slot >= 0 && pending.length < chunk) {
    slot = t.hash.traverse(
      slot,
      keys,
      (o) => {
        examined++;
        const r = runSpec(spec, o, p);
        if (r !== undefined) found.push(r);
      },
      () => found.length + pending.length >= chunk,
    );
  }
  if (first && examined === 0) return EOT_ATOM;
  let results = [...found.reverse(), ...pending];
  let rest: Term[] = [];
  if (results.length > chunk) {
    const extra = results.length - chunk;
    rest = first ? results.slice(0, extra) : results.slice(0, extra).reverse();
    results = results.slice(extra);
  }
  if (rest.length > 0 || slot >= 0) return tuple(list(results), tuple(t.tid, slot, chunk, ref, list(rest), rest.length));
  return results.length > 0 ? tuple(list(results), EOT_ATOM) : EOT_ATOM;
}

/** An ordered_set's chunk: `chunk` results after (or before) `last` in key order. */
function sortedChunk(p: ProcLike, t: Table, spec: Compiled[], chunk: number, reverse: boolean, last: Term | undefined, ref: Ref): Term {
  const results: Term[] = [];
  let lastKey: Term = undefined;
  for (const o of t.ordered.walk(reverse, last)) {
    const k = o[t.keypos - 1];
    const r = runSpec(spec, o, p);
    if (r === undefined) continue;
    results.push(r);
    lastKey = k;
    if (results.length === chunk) break;
  }
  if (results.length === 0) return EOT_ATOM;
  if (results.length < chunk) return tuple(list(results), EOT_ATOM);
  return tuple(list(results), tuple(t.tid, lastKey, NIL, chunk, ref, NIL, reverse ? 1 : 0, 0));
}

/** ets:select/1 (also match/1 and match_object/1). */
function selectContinue(p: ProcLike, cont: Term): Term {
  if (cont === EOT_ATOM) return EOT_ATOM;
  const bad = () => badArgs([[1, "invalid continuation"]]);
  if (!Array.isArray(cont)) throw bad();
  const st = stateOf(rtOf(p));
  if (cont.length === 6) {
    const [tid, slot, chunk, ref, rest, restSize] = cont;
    const restList = listToArray(rest);
    if (typeof slot !== "number" || typeof chunk !== "number" || !(ref instanceof Ref) || restList === null || typeof restSize !== "number") throw bad();
    const spec = st.specs.get(ref.id);
    const t = findTable(p, tid);
    if (spec === undefined || t === undefined || t.kind === "ordered_set") throw bad();
    table(p, tid, false);
    return hashChunk(p, t, spec, chunk, slot, null, restList, false, ref);
  }
  if (cont.length === 8) {
    const [tid, last, , chunk, ref, , rev] = cont;
    if (typeof chunk !== "number" || !(ref instanceof Ref)) throw bad();
    const spec = st.specs.get(ref.id);
    const t = findTable(p, tid);
    if (spec === undefined || t === undefined || t.kind !== "ordered_set") throw bad();
    table(p, tid, false);
    return sortedChunk(p, t, spec, chunk, rev === 1, last, ref);
  }
  throw bad();
}

/** The match spec ets:match/3 and match_object/3 stand for. */
const patternSpec = (pattern: Term, body: string): Compiled[] => [{ head: pattern, guards: [], body: [a(body)] }];

// ---- update_counter -------------------------------------------------------------------

function updateCounter(p: ProcLike, id: Term, key: Term, op: Term, dflt?: Term): Term {
  const t = table(p, id, true, () => (dflt === undefined ? updateOpProblems(op) : []));
  if (t.kind === "bag" || t.kind === "duplicate_bag") throw etsError([[1, NOT_SUPPORTED]], "table_type");
  if (dflt !== undefined && (!Array.isArray(dflt) || dflt.length < t.keypos)) throw badArgs([[4, "not a tuple"]]);
  let cur = lookupObjs(t, key)[0];
  if (cur === undefined) {
    if (dflt === undefined) throw etsError([[2, "not a key that exists in the table"]], "badkey");
    if (!Array.isArray(dflt) || dflt.length < t.keypos) throw badArgs([[4, "not a tuple"]]);
    cur = dflt.slice();
    cur[t.keypos - 1] = key;
  }
  const obj = cur.slice();
  const ops = op instanceof Cons || op === NIL ? listToArray(op)! : [op];
  const results: Term[] = [];
  for (const o of ops) {
    let pos = t.keypos + 1;
    let incr: Term = o;
    let threshold: Term = undefined;
    let setTo: Term = undefined;
    if (Array.isArray(o)) {
      pos = o[0];
      incr = o[1];
      if (o.length === 4) {
        threshold = o[2];
        setTo = o[3];
      }
    }
    const isInt = (x: Term) => typeof x === "number" || typeof x === "bigint";
    if (typeof pos !== "number" || !Number.isInteger(pos) || !isInt(incr) || (threshold !== undefined && (!isInt(threshold) || !isInt(setTo)))) {
      throw badArgs([[3, "not a valid update operation"]]);
    }
    if (pos === t.keypos) throw etsError([[3, "the position is the same as the key position"]], "keypos");
    if (pos < 1 || pos > obj.length) throw etsError([[3, "the position in the update operation is out of range"]], "position");
    const before = obj[pos - 1];
    if (!isInt(before)) {
      throw badArgs([[3, "the value in the given position, in the object, is not an integer"]]);
    }
    let nv = int(BigInt(before) + BigInt(incr));
    if (threshold !== undefined) {
      if ((compare(incr, 0) >= 0 && compare(nv, threshold) > 0) || (compare(incr, 0) < 0 && compare(nv, threshold) < 0)) nv = setTo;
    }
    obj[pos - 1] = nv;
    results.push(nv);
  }
  insertObj(t, obj);
  return ops.length === 1 && !(op instanceof Cons) ? results[0] : list(results);
}

// ---- info ----------------------------------------------------------------------------

function memoryOf(t: Table): number {
  return 305 + t.size * 7;
}

function infoItem(t: Table, item: string): Term {
  switch (item) {
    case "id": return t.tid;
    case "decentralized_counters": return t.decentralized;
    case "read_concurrency": return t.readConcurrency;
    case "write_concurrency": return t.writeConcurrency;
    case "compressed": return t.compressed;
    case "memory": return memoryOf(t);
    case "owner": return t.owner;
    case "heir": return t.heir;
    case "name": return t.name;
    case "size": return t.size;
    case "node": return a("nonode@nohost");
    case "named_table": return t.named;
    case "type": return a(t.kind);
    case "keypos": return t.keypos;
    case "protection": return a(t.access);
  }
  return undefined;
}

const NOT_SUPPORTED = "the table identifier refers to an ETS table of a type not supported by this operation";

const INFO_ITEMS = ["id", "decentralized_counters", "read_concurrency", "write_concurrency", "compressed", "memory", "owner", "heir", "name", "size", "node", "named_table", "type", "keypos", "protection"];

function info(p: ProcLike, id: Term, item?: Term): Term {
  const t = findTable(p, id);
  if (t === undefined) {
    if (!(id instanceof Ref) && !(id instanceof Atom)) throw etsError([[1, "not an atom or a table identifier"]], "type");
    return a("undefined");
  }
  if (item === undefined) return list(INFO_ITEMS.map((k) => tuple(a(k), infoItem(t, k))));
  const r = item instanceof Atom ? infoItem(t, item.name) : undefined;
  if (r === undefined) throw badArgs([[2, "not a valid info item"]]);
  return r;
}

// ---- first/next -----------------------------------------------------------------------

const EOT = a("$end_of_table");

/** ets:first/1 and ets:last/1 (the same for hashed tables). */
function firstKey(p: ProcLike, id: Term, last: boolean): Term {
  const t = table(p, id, false);
  if (t.kind === "ordered_set") {
    const o = last ? t.ordered.last() : t.ordered.first();
    return o === undefined ? EOT : o[t.keypos - 1];
  }
  const k = t.hash.firstKey();
  return k === undefined ? EOT : k;
}

/** ets:next/2 and ets:prev/2 (the same for hashed tables). */
function nextKey(p: ProcLike, id: Term, key: Term, dir: 1 | -1): Term {
  const t = table(p, id, false);
  if (t.kind === "ordered_set") {
    const o = dir === 1 ? t.ordered.after(key) : t.ordered.before(key);
    return o === undefined ? EOT : o[t.keypos - 1];
  }
  const k = t.hash.nextKey(key);
  if (k === NOT_IN_TABLE) throw badArgs([[2, "not a key that exists in the table"]]);
  return k === undefined ? EOT : k;
}

// ---- natives ----------------------------------------------------------------------------

function insert(p: ProcLike, id: Term, objs: Term, onlyNew: boolean): Term {
  const t = table(p, id, true, () => objectsProblems(objs));
  if (!onlyNew && Array.isArray(objs)) {
    // One object (the common case): no list to walk.
    insertObj(t, checkObject(t, objs));
    return TRUE;
  }
  const items = objs instanceof Cons || objs === NIL ? listToArray(objs) : [objs];
  if (items === null) throw badArgs([[2, "not a tuple"]]);
  if (objs instanceof Cons && items.some((o) => !Array.isArray(o) || o.length === 0)) throw badArgs([[2, "not a non-empty tuple or a list of non-empty tuples"]]);
  const checked = items.map((o) => checkObject(t, o));
  if (onlyNew) {
    // only keys already in the table count (a list may repeat a key)
    if (checked.some((o) => lookupObjs(t, keyOfObj(t, o)).length > 0)) return false;
  }
  // A list goes into a bag last object first (as erl_db.c inserts it), so its objects of one
  // key come out of lookup newest first.
  if (t.kind === "bag") checked.reverse();
  for (const o of checked) insertObj(t, o);
  return TRUE;
}

function throwRange(): never {
  throw badArgs([[2, "out of range"]]);
}

function patternObjects(p: ProcLike, id: Term, pattern: Term): [Table, Term[][], Bindings[]] {
  const t = table(p, id, false);
  const objs = candidates(t, pattern);
  const out: Term[][] = [];
  const bs: Bindings[] = [];
  for (const o of objs) {
    const b: Bindings = new Map();
    if (pmatch(pattern, o, b)) {
      out.push(o);
      bs.push(b);
    }
  }
  return [t, out, bs];
}

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "ets",
  fns: {
    "new/2": ([n, o], p) => newTable(p, n, o),
    "insert/2": ([id, o], p) => insert(p, id, o, false),
    "insert_new/2": ([id, o], p) => insert(p, id, o, true),
    "lookup/2": ([id, k], p) => lookupList(table(p, id, false), k),
    "lookup_element/3": ([id, k, pos], p) => {
      const t = table(p, id, false);
      const objs = lookupObjs(t, k);
      if (objs.length === 0) throw etsError([[2, "not a key that exists in the table"]], "badkey");
      if (typeof pos !== "number") throw badArgs([[3, "not an integer"]]);
      if (pos < 1) throw badArgs([[3, "out of range"]]);
      if (objs.some((o) => pos > o.length)) throw badArgs([[3, "position is greater than the size of the object"]]);
      if (t.kind === "set" || t.kind === "ordered_set") return objs[0][pos - 1];
      return list(objs.map((o) => o[pos - 1]));
    },
    "lookup_element/4": ([id, k, pos, d], p) => {
      const t = table(p, id, false);
      const objs = lookupObjs(t, k);
      if (objs.length === 0) return d;
      if (t.kind === "set" || t.kind === "ordered_set") return objs[0][pos - 1];
      return list(objs.map((o) => o[pos - 1]));
    },
    "member/2": ([id, k], p) => lookupObjs(table(p, id, false), k).length > 0,
    "take/2": ([id, k], p) => {
      const t = table(p, id, true);
      const objs = lookupObjs(t, k).slice();
      deleteKey(t, k);
      return list(objs);
    },
    "delete/1": ([id], p) => {
      const t = table(p, id, true);
      if (t.access !== "public" && t.owner.id !== pidOf(p).id) throw etsError([[1, NO_ACCESS]], "access");
      dropTable(stateOf(rtOf(p)), t);
      return TRUE;
    },
    "delete/2": ([id, k], p) => {
      deleteKey(table(p, id, true), k);
      return TRUE;
    },
    "delete_object/2": ([id, o], p) => {
      const t = table(p, id, true);
      deleteObject(t, checkObject(t, o));
      return TRUE;
    },
    "delete_all_objects/1": ([id], p) => {
      clear(table(p, id, true));
      return TRUE;
    },
    "update_counter/3": ([id, k, op], p) => updateCounter(p, id, k, op),
    "update_counter/4": ([id, k, op, d], p) => updateCounter(p, id, k, op, d),
    "update_element/3": ([id, k, spec], p) => {
      const t = table(p, id, true);
      if (t.kind !== "set" && t.kind !== "ordered_set") throw badArgs([[3, "out of range"]]);
      const cur = lookupObjs(t, k)[0];
      if (cur === undefined) return false;
      const obj = cur.slice();
      const specs = spec instanceof Cons || spec === NIL ? listToArray(spec)! : [spec];
      for (const s of specs) {
        if (!Array.isArray(s) || s.length !== 2 || typeof s[0] !== "number") throw badArgs([[3, "is not a valid element specification"]]);
        if (s[0] === t.keypos) throw etsError([[3, "the position is the same as the key position"]], "keypos");
        if (s[0] < 1 || s[0] > obj.length) throw badArgs([[3, "out of range"]]);
        obj[s[0] - 1] = s[1];
      }
      insertObj(t, obj);
      return TRUE;
    },
    // ets.erl's tab2list/1 is match_object(Table, '_'): its errors are that BIF's
    "tab2list/1": ([id], p) => {
      try {
        return list(allObjects(table(p, id, false)));
      } catch (e) {
        if (e instanceof BeamError) {
          (e as BeamError & { headFrames?: Term[] }).headFrames = [
            tuple(a("ets"), a("match_object"), list([id, a("_")]), bifInfo(a("ets"), (e as BeamError & { cause?: Term }).cause)),
            tuple(a("ets"), a("tab2list"), 1, list([tuple(a("file"), list(Array.from("ets.erl", (c) => c.charCodeAt(0)))), tuple(a("line"), 771)])),
          ];
        }
        throw e;
      }
    },
    "info/1": ([id], p) => info(p, id),
    "info/2": ([id, item], p) => info(p, id, item),
    "whereis/1": ([n], p) => {
      if (!(n instanceof Atom)) throw badArgs([[1, "invalid table name (must be an atom)"]]);
      const t = stateOf(rtOf(p)).byName.get(n);
      return t === undefined ? a("undefined") : t.tid;
    },
    "all/0": (_, p) => list([...stateOf(rtOf(p)).byRef.values()].map((t) => (t.named ? t.name : t.tid))),
    "match/2": ([id, pat], p) => {
      const [, , bs] = patternObjects(p, id, pat);
      return list(bs.map((b) => list([...b.keys()].sort((x, y) => x - y).map((k) => b.get(k)))));
    },
    "match_object/2": ([id, pat], p) => list(patternObjects(p, id, pat)[1]),
    "match_delete/2": ([id, pat], p) => {
      const t = table(p, id, true);
      const [, objs] = patternObjects(p, id, pat);
      for (const o of objs) deleteObject(t, o);
      return TRUE;
    },
    "select/3": ([id, ms, n], p) => (checkLimit(p, id, ms, n), selectChunk(p, id, compileSpec(ms), n, false)),
    "select/1": ([c], p) => selectContinue(p, c),
    "match/3": ([id, pat, n], p) => selectChunk(p, id, patternSpec(pat, "$$"), n, false),
    "match/1": ([c], p) => selectContinue(p, c),
    "match_object/3": ([id, pat, n], p) => selectChunk(p, id, patternSpec(pat, "$_"), n, false),
    "match_object/1": ([c], p) => selectContinue(p, c),
    "select_reverse/3": ([id, ms, n], p) => (checkLimit(p, id, ms, n), selectChunk(p, id, compileSpec(ms), n, true)),
    "select_reverse/1": ([c], p) => selectContinue(p, c),
    "select_reverse/2": ([id, ms], p) => {
      const t = table(p, id, false);
      const r = selectObjs(t, compileSpec(ms), p)[1];
      return list(t.kind === "ordered_set" ? r.reverse() : r);
    },
    "slot/2": ([id, i], p) => {
      const t = table(p, id, false);
      if (typeof i !== "number" || i < 0) throw badArgs([[2, "out of range"]]);
      if (t.kind === "ordered_set") return i < t.ordered.size ? list([t.ordered.at(i)!]) : i === t.ordered.size ? EOT_ATOM : throwRange();
      const objs = t.hash.slot(i);
      if (objs !== null) return list(objs);
      if (i === t.hash.activeSlots) return EOT_ATOM;
      return throwRange();
    },
    "select/2": ([id, ms], p) => {
      const t = table(p, id, false);
      return list(selectObjs(t, compileSpec(ms), p)[1]);
    },
    "select_count/2": ([id, ms], p) => {
      const t = table(p, id, false);
      return selectObjs(t, compileSpec(ms), p)[1].filter((r) => r === true).length;
    },
    "select_delete/2": ([id, ms], p) => {
      const t = table(p, id, true);
      const [objs, res] = selectObjs(t, compileSpec(ms), p);
      let n = 0;
      objs.forEach((o, i) => {
        if (res[i] === true) {
          deleteObject(t, o);
          n++;
        }
      });
      return n;
    },
    "select_replace/2": ([id, ms], p) => {
      const t = table(p, id, true);
      const [objs, res] = selectObjs(t, compileSpec(ms), p);
      let n = 0;
      objs.forEach((o, i) => {
        const r = res[i];
        if (Array.isArray(r) && strictEquals(keyOfObj(t, r), keyOfObj(t, o))) {
          deleteObject(t, o);
          insertObj(t, r);
          n++;
        }
      });
      return n;
    },
    "first/1": ([id], p) => firstKey(p, id, false),
    "last/1": ([id], p) => firstKey(p, id, true),
    "next/2": ([id, k], p) => nextKey(p, id, k, 1),
    "prev/2": ([id, k], p) => nextKey(p, id, k, -1),
    "rename/2": ([id, n], p) => {
      const st = stateOf(rtOf(p));
      const t = table(p, id, true);
      if (!(n instanceof Atom)) throw badArgs([[2, "invalid table name (must be an atom)"]]);
      if (t.named) {
        if (st.byName.has(n)) throw badArgs([[2, "table name already exists"]]);
        st.byName.delete(t.name);
        st.byName.set(n, t);
      }
      t.name = n;
      return n;
    },
    "give_away/3": ([id, pid, _gift], p) => {
      const t = table(p, id, true);
      if (t.owner.id !== pidOf(p).id) throw etsError([[1, NO_ACCESS]], "access");
      if (!(pid instanceof Pid)) throw badArgs([[2, "not a pid"]]);
      if (pid.node === null && pid.id === t.owner.id) throw etsError([[2, "the process is already the owner of the table"]], "owner");
      if (rtOf(p).process(pid) === undefined) throw badArgs([[2, "the pid refers to a terminated process"]]);
      t.owner = pid;
      rtOf(p).send(pid, tuple(a("ETS-TRANSFER"), t.named ? t.name : t.tid, pidOf(p), _gift));
      return TRUE;
    },
    "setopts/2": ([id, opts], p) => {
      const t = table(p, id, true);
      if (t.owner.id !== pidOf(p).id) throw etsError([[1, NO_ACCESS]], "access");
      const items = opts instanceof Cons || opts === NIL ? listToArray(opts) : [opts];
      const bad = () => badArgs([[2, "invalid options"]]);
      const changes: (() => void)[] = [];
      for (const o of items ?? []) {
        if (!Array.isArray(o)) throw bad();
        if (o.length === 2 && o[0] === a("heir") && o[1] === a("none")) changes.push(() => (t.heir = a("none")));
        else if (o.length === 3 && o[0] === a("heir") && o[1] instanceof Pid) changes.push(() => (t.heir = o[1]));
        else if (o.length === 2 && o[0] === a("protection") && ["public", "protected", "private"].includes((o[1] as Atom)?.name)) {
          changes.push(() => (t.access = (o[1] as Atom).name as Table["access"]));
        } else throw bad();
      }
      if (items === null) throw bad();
      for (const c of changes) c();
      return TRUE;
    },
    "safe_fixtable/2": ([id, fix], p) => {
      const t = table(p, id, false);
      if (typeof fix !== "boolean") throw badArgs([[2, "not a boolean value"]]);
      const me = pidOf(p).id;
      const n = t.fixers.get(me) ?? 0;
      if (fix) {
        t.fixers.set(me, n + 1);
        t.hash.fix();
      } else if (n > 0) {
        if (n === 1) t.fixers.delete(me);
        else t.fixers.set(me, n - 1);
        t.hash.unfix();
      }
      return TRUE;
    },
    // Match specifications outside a table (compiled ones are references, as on the BEAM).
    "match_spec_compile/1": ([ms], p) => specRef(p, compileSpec(ms, 1, "not a valid match specification")),
    "match_spec_run/2": ([objs, ref], p) => {
      const spec = ref instanceof Ref ? stateOf(rtOf(p)).specs.get(ref.id) : undefined;
      const items = listToArray(objs);
      if (spec === undefined || items === null) throw argumentError();
      const out: Term[] = [];
      for (const o of items) {
        const r = runSpec(spec, o, p);
        if (r !== undefined) out.push(r);
      }
      return list(out);
    },
    "is_compiled_ms/1": ([t], p) => t instanceof Ref && stateOf(rtOf(p)).specs.has(t.id),
    "test_ms/2": ([obj, ms], p) => {
      if (listToArray(ms) === null) return tuple(a("error"), list([tuple(a("error"), list(Array.from("Match programs are not in a list.", (c) => c.charCodeAt(0))))]));
      const r = runSpec(compileSpec(ms, 2), obj, p);
      return tuple(a("ok"), r === undefined ? false : r);
    },
  },
};

// ---- :beamsh_otp ------------------------------------------------------------------------

const LEVELS: Record<string, number> = {
  all: 0, debug: 1, info: 2, notice: 3, warning: 4, warn: 4, error: 5, critical: 6, alert: 7, emergency: 8, none: 9,
};

function logTime(d = new Date()): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, "0")}`;
}

function levelName(l: Term): string {
  const n = atomName(l);
  return n === "warn" ? "warning" : n;
}

/** Erlang's ~p term syntax (for :sys.trace's *DBG* lines). */
export function erlFormat(t: Term): string {
  if (t === true) return "true";
  if (t === false) return "false";
  if (t === null) return "nil";
  if (typeof t === "number" || typeof t === "bigint") return String(t);
  if (t instanceof Float) return inspect(t);
  if (t instanceof Atom) {
    const n = t.name;
    if (/^[a-z][A-Za-z0-9_@]*$/.test(n) && !ERL_RESERVED.has(n)) return n;
    return "'" + n.replace(/\\/g, "\\\\").replace(/'/g, "\\'") + "'";
  }
  if (typeof t === "string") return "<<" + JSON.stringify(t) + ">>";
  if (t instanceof Bin) return "<<" + Array.from(t.bytes).join(",") + ">>";
  if (t instanceof Pid) return `<0.${t.id}.${t.serial}>`;
  if (t instanceof Ref) return inspect(t);
  if (Array.isArray(t)) return "{" + t.map(erlFormat).join(",") + "}";
  if (t === NIL) return "[]";
  if (t instanceof Cons) {
    const items: string[] = [];
    let l: Term = t;
    const codes: number[] = [];
    let printable = true;
    while (l instanceof Cons) {
      items.push(erlFormat(l.h));
      if (typeof l.h === "number" && l.h >= 32 && l.h < 127) codes.push(l.h);
      else printable = false;
      l = l.t;
    }
    if (l === NIL && printable) return JSON.stringify(fromCodePoints(codes));
    return "[" + items.join(",") + (l === NIL ? "" : "|" + erlFormat(l)) + "]";
  }
  if (t instanceof MapTerm) {
    const entries = [...t.entries.values()].sort((x, y) => compare(x[0], y[0]));
    return "#{" + entries.map(([k, v]) => erlFormat(k) + " => " + erlFormat(v)).join(",") + "}";
  }
  return inspect(t);
}

const ERL_RESERVED = new Set(["after", "and", "andalso", "band", "begin", "bnot", "bor", "bsl", "bsr", "bxor", "case", "catch", "cond", "div", "end", "fun", "if", "let", "not", "of", "or", "orelse", "receive", "rem", "try", "when", "xor", "maybe", "else"]);

export const otpNatives: { module: string; fns: Record<string, NativeFn> } = {
  module: "beamsh_otp",
  fns: {
    // A log event the calling process writes (after warming up, see :beamsh_otp.log/3): at
    // once, unless events written late are still due (it comes after them).
    "__log__/2": ([level, text], p) => {
      const rt = rtOf(p);
      rt.logger.writeAfter(`\n${logTime(new Date(wallClockMs(rt)))} [${levelName(level)}] ${String(text)}\n`, 0);
      return a("ok");
    },
    // One whose level Logger checked already (a module's own level may be below the primary one).
    "__log_allowed__/2": ([level, text], p) => {
      const rt = rtOf(p);
      rt.logger.writeAfter(`\n${logTime(new Date(wallClockMs(rt)))} [${levelName(level)}] ${String(text)}\n`, 0, true);
      return a("ok");
    },
    // An event Logger's console formatted itself (a format or metadata configure_backend set).
    "__log_text__/2": ([level, text], p) => {
      rtOf(p).logger.writeAfter(String(text), 0, true, levelName(level));
      return a("ok");
    },
    "__console__/0": (_, p) => rtOf(p).logger.consoleConfig,
    "__set_console__/1": ([config], p) => {
      rtOf(p).logger.consoleConfig = config;
      return a("ok");
    },
    "__console_on__/0": (_, p) => rtOf(p).logger.console,
    "__set_console_on__/1": ([on], p) => {
      rtOf(p).logger.console = on === true;
      return a("ok");
    },
    // A report a process writes itself (gen_server, Task) on its way out: at once (after any
    // event still on its way), before its exit signals, so whoever acts on the death prints
    // after it.
    "__log_report__/2": ([level, text], p) => {
      const rt = rtOf(p);
      rt.logger.flush();
      rt.logger.writeAfter(`\n${logTime(new Date(wallClockMs(rt)))} [${levelName(level)}] ${String(text)}\n`, 0);
      return a("ok");
    },
    // The events queued to be written after this turn, written now (a report a process logs
    // on its way out comes after them).
    "__log_flush__/0": (_, p) => {
      rtOf(p).logger.flush();
      return a("ok");
    },
    // A process about to write the first event of its kind waits as the BEAM's Logger would
    // take (see src/runtime/logger.ts): the token of the message that releases it, or nil.
    "__log_wait__/1": ([kind], p) => {
      const logger = rtOf(p).logger;
      return logger.hold((p as Process).pid, logger.coldDelay(atomName(kind as Atom)));
    },
    "__log_enabled__/1": ([level], p) => rtOf(p).logger.enabled(levelName(level)),
    "__log_level__/0": (_, p) => a(rtOf(p).logger.level),
    "__set_log_level__/1": ([l], p) => {
      rtOf(p).logger.level = levelName(l);
      return a("ok");
    },
    "__level_rank__/1": ([l]) => LEVELS[levelName(l)] ?? 9,
    // Per-module levels (:logger.set_module_level/2...), read by :logger_config.allow/2.
    "__module_levels__/0": (_, p) =>
      list([...rtOf(p).logger.moduleLevels.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([m, l]) => tuple(a(m), a(l)))),
    "__set_module_level__/2": ([mod, level], p) => {
      rtOf(p).logger.moduleLevels.set(atomName(mod), atomName(level));
      return OK;
    },
    "__unset_module_level__/1": ([mod], p) => {
      rtOf(p).logger.moduleLevels.delete(atomName(mod));
      return OK;
    },
    "__unset_module_levels__/0": (_, p) => {
      rtOf(p).logger.moduleLevels.clear();
      return OK;
    },
    "erl_format/1": ([t]) => erlFormat(t),
    // Reply tags are [:alias | ref] (gen calls) or ref (tasks): a caller that timed out
    // deactivates its tag, and a late reply is dropped as BEAM drops messages to a dead alias.
    "__kill_alias__/1": ([ref], p) => {
      if (ref instanceof Ref) stateOf(rtOf(p)).deadTags.add(ref.id);
      return a("ok");
    },
    "__reply__/3": ([pid, tag, reply], p) => {
      const rt = rtOf(p);
      const st = stateOf(rt);
      if (st.deadTags.size > 0) {
        const ref = tag instanceof Cons ? tag.t : tag;
        if (ref instanceof Ref && st.deadTags.delete(ref.id)) return OK;
      }
      if (pid instanceof Pid) rt.send(pid, tuple(tag, reply));
      return OK;
    },
    "__module_loaded__/1": ([m], p) => m instanceof Atom && rtOf(p).modules.has(m.name),
    "global_register/2": ([name, pid], p) => {
      const st = stateOf(rtOf(p));
      const k = keyOf(name);
      const cur = st.globals.get(k);
      if (cur !== undefined && rtOf(p).process(cur[1]) !== undefined) return a("no");
      if (!(pid instanceof Pid) || rtOf(p).process(pid) === undefined) return a("no");
      st.globals.set(k, [name, pid]);
      return a("yes");
    },
    "global_unregister/1": ([name], p) => {
      stateOf(rtOf(p)).globals.delete(keyOf(name));
      return a("ok");
    },
    "global_whereis/1": ([name], p) => {
      const cur = stateOf(rtOf(p)).globals.get(keyOf(name));
      if (cur === undefined || rtOf(p).process(cur[1]) === undefined) return a("undefined");
      return cur[1];
    },
    "global_names/0": (_, p) => list([...stateOf(rtOf(p)).globals.values()].map(([n]) => n)),
  },
};
