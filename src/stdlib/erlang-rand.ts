// :rand's generators, bit for bit as OTP 25 computes them, so a seeded sequence is the
// BEAM's: xorshift116** (exsss, the default), xorshift116+ (exsp, exsplus), xoroshiro116+
// (exrop), xorshift1024* (exs1024, exs1024s), xoroshiro928** (exro928ss), xorshift64*
// (exs64), seeded through splitmix64. A state is OTP's: {alg handler map, alg state}, the
// handler holding the algorithm's functions as funs of :rand. The functions that keep the
// state in the process dictionary (uniform/0, seed/1, ...) are Elixir, in
// src/prelude/erlang/rand.ex; everything here works on explicit states.
import { reserve } from "../runtime/heap-room.js";
import { libmExp, libmLog } from "./float-libm.js";
import { NativeFn, ProcLike, resumableCode } from "../runtime/code.js";
import { RET } from "../runtime/protocol.js";
import type { Process } from "../runtime/process.js";
import { natives as erlangNatives } from "./erlang.js";
import { BeamError, argumentError, arithmeticError } from "../runtime/errors.js";
import { get as getDict, put as putDict } from "./process.js";
import { badarith, fce } from "../runtime/arith.js";
import { Fun } from "../runtime/fun.js";
import { MapTerm } from "../runtime/map.js";
import { Atom, Cons, Float, NIL, Term, a, binFromBytes, float, int, isInteger, list, listToArray } from "../runtime/term.js";

const M58 = (1n << 58n) - 1n;
const M64 = (1n << 64n) - 1n;
const TWO_POW_MINUS53 = 2 ** -53;

const big = (t: Term): bigint => BigInt(t);
const bsl = (bits: bigint, x: bigint, n: bigint): bigint => (x & ((1n << (bits - n)) - 1n)) << n;
/**
 * The integer an mwc59 function masks to `bits` bits; anything else fails in the masking
 * `band`, below the function's own line of rand.erl, as OTP's code does.
 */
function masked(x: Term, bits: bigint, fn: string, line: number): bigint {
  const mask = (1n << bits) - 1n;
  if (!isInteger(x)) {
    const err = badarith("band", [x, int(mask)]);
    const at = list([[a("file"), list(Array.from("rand.erl", (c) => c.charCodeAt(0)))], [a("line"), line]]);
    err.stacktrace = list([...(listToArray(err.stacktrace ?? NIL) ?? []), [a("rand"), a(fn), 1, at]]);
    throw err;
  }
  return BigInt(x) & mask;
}
const rotl = (bits: bigint, x: bigint, n: bigint): bigint => bsl(bits, x, n) | (x >> (bits - n));

// ---------------------------------------------------------------------------
// Seeding

function splitmix64(x0: bigint): [bigint, bigint] {
  const x = (x0 + 0x9e3779b97f4a7c15n) & M64;
  let z = ((x ^ (x >> 30n)) * 0xbf58476d1ce4e5b9n) & M64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M64;
  return [z ^ (z >> 31n), x];
}

/** One non-zero 58-bit word from splitmix64, and the generator's next state. */
function seed58one(x: bigint): [bigint, bigint] {
  for (;;) {
    const [z0, nx] = splitmix64(x);
    const z = z0 & M58;
    if (z !== 0n) return [z, nx];
    x = nx;
  }
}

function seed58(n: number, x: bigint): bigint[] {
  const out: bigint[] = [];
  for (let i = 0; i < n; i++) {
    const [z, nx] = seed58one(x);
    out.push(z);
    x = nx;
  }
  return out;
}

function seed64(n: number, x: bigint): bigint[] {
  const out: bigint[] = [];
  for (let i = 0; i < n; i++) {
    let [z, nx] = splitmix64(x);
    while (z === 0n) [z, nx] = splitmix64(nx);
    out.push(z);
    x = nx;
  }
  return out;
}

/** Sets an error's stack to frames of rand.erl: [function, args or arity, line]. */
function inRand(err: BeamError, frames: [string, Term[] | number, number][]): BeamError {
  err.stacktrace = list(frames.map(([f, args, line]) => [
    a("rand"), a(f), Array.isArray(args) ? list(args) : args,
    list([[a("file"), list(Array.from("rand.erl", (c) => c.charCodeAt(0)))], [a("line"), line]]),
  ]));
  err.traced = true;
  return err;
}

/** A rand.erl function clause error: its arguments, and the callers' frames below. */
const randFce = (fn: string, args: Term[], line: number, callers: [string, number, number][] = []): BeamError =>
  inRand(fce("rand", fn, args), [[fn, args, line], ...callers]);

/** An error raised while seeding; the seed function's own frames are added by seedS. */
class SeedError {
  constructor(readonly err: BeamError, readonly frames: [string, Term[] | number, number][]) {}
}

const randError = (reason: string, line: number, depth: number) =>
  new SeedError(new BeamError("error", a(reason)), [["seed_nz", 4, line], ...Array.from({ length: Math.max(0, depth - 1) }, () => ["seed_nz", 4, 1587] as [string, number, number])]);

/** A list of seed integers taken as the state's words (masked), not all zero. */
function seedNz(n: number, l: Term[], bits: bigint): bigint[] {
  const mask = (1n << bits) - 1n;
  const out: bigint[] = [];
  let nz = false;
  let i = 0;
  for (; i < l.length; i++) {
    if (out.length === n) throw randError("too_many_seed_integers", 1578, i);
    if (!isInteger(l[i])) throw randError("non_integer_seed", 1589, i);
    const r = big(l[i]) & mask;
    if (r !== 0n) nz = true;
    out.push(r);
  }
  if (!nz) throw randError("zero_seed", 1576, i);
  while (out.length < n) out.push(0n);
  return out;
}

// ---------------------------------------------------------------------------
// Algorithms: each has a seed function and a next function on JS-side states.

type Next = (s: Term) => [bigint, Term];

const improper = (h: bigint, t: bigint): Term => new Cons(int(h), int(t));
function pair(s: Term): [bigint, bigint] {
  if (!(s instanceof Cons) || !isInteger(s.h) || !isInteger(s.t)) throw new BeamError("error", [a("badmatch"), s]);
  return [big(s.h), big(s.t)];
}

function exsNext(s0: bigint, s1: bigint): bigint {
  const s1b = (s1 & M58) ^ bsl(58n, s1, 24n);
  return s1b ^ s0 ^ (s1b >> 11n) ^ (s0 >> 41n);
}

function starstar(s: bigint): bigint {
  const va = s + bsl(58n, s, 2n);
  const vb = bsl(58n, va, 7n) | ((va >> 51n) & 0x7fn);
  return (vb + bsl(58n, vb, 3n)) & M58;
}

const exsssNext: Next = (s) => {
  const [s1, s0] = pair(s);
  const s01 = s0 & M58;
  return [starstar(s01), improper(s01, exsNext(s01, s1))];
};

const exspNext: Next = (s) => {
  const [s1, s0] = pair(s);
  const s01 = s0 & M58;
  const ns1 = exsNext(s01, s1);
  return [(s01 + ns1) & M58, improper(s01, ns1)];
};

function exropNextS(s0: bigint, s1: bigint): [bigint, bigint] {
  const s1a = s1 ^ s0;
  return [rotl(58n, s0, 24n) ^ s1a ^ bsl(58n, s1a, 2n), rotl(58n, s1a, 35n)];
}

const exropNext: Next = (s) => {
  const [s0, s1] = pair(s);
  const [a0, a1] = exropNextS(s0, s1);
  return [(s0 + s1) & M58, improper(a0, a1)];
};

function exs64Step(r: bigint): [bigint, bigint] {
  const r1 = r ^ (r >> 12n);
  const r2 = r1 ^ bsl(64n, r1, 25n);
  const r3 = r2 ^ (r2 >> 27n);
  return [(r3 * 2685821657736338717n) & M64, r3];
}

const exs64Next: Next = (s) => {
  const [v, r] = exs64Step(big(s));
  return [v, int(r)];
};

/** The ring states of exs1024 and exro928: {words ahead, words behind (reversed)}. */
function ring(s: Term): [bigint[], bigint[]] {
  if (!Array.isArray(s) || s.length !== 2) throw new BeamError("error", a("function_clause"));
  const l = listToArray(s[0]);
  const rl = listToArray(s[1]);
  if (l === null || rl === null || l.length === 0) throw new BeamError("error", a("function_clause"));
  return [l.map(big), rl.map(big)];
}
const ringTerm = (l: bigint[], rl: bigint[]): Term => [list(l.map(int)), list(rl.map(int))];

const exs1024Next: Next = (s) => {
  let [l, rl] = ring(s);
  if (l.length === 1) {
    l = [l[0], ...rl.reverse()];
    rl = [];
  }
  const [s0, s1] = l;
  const s11 = s1 ^ bsl(64n, s1, 31n);
  const s12 = s11 ^ (s11 >> 11n);
  const s01 = s0 ^ (s0 >> 30n);
  const ns1 = s01 ^ s12;
  return [(ns1 * 1181783497276652981n) & M64, ringTerm([ns1, ...l.slice(2)], [s0, ...rl])];
};

function exro928State(l: bigint[], rl: bigint[]): [bigint, bigint[], bigint[]] {
  if (l.length === 1) {
    l = [l[0], ...rl.reverse()];
    rl = [];
  }
  const [s15, s0] = l;
  const s01 = s0 & M58;
  const q = (s15 & M58) ^ s01;
  const ns15 = rotl(58n, s01, 44n) ^ q ^ bsl(58n, q, 9n);
  const ns0 = rotl(58n, q, 45n);
  return [s0, [ns0, ...l.slice(2)], [ns15, ...rl]];
}

const exro928Next: Next = (s) => {
  const [l, rl] = ring(s);
  const [s0, nl, nrl] = exro928State(l, rl);
  return [starstar(s0), ringTerm(nl, nrl)];
};

interface Alg {
  name: string;
  /** Bits of each output (a `bits` handler), or the largest output (a `max` handler). */
  bits?: number;
  max?: bigint;
  weakLowBits?: number;
  next: Next;
  nextName: string;
  /** Handler funs beyond next: key => [function name, arity]. */
  funs: [string, string, number][];
  seed: (s: Term) => Term;
  /** A handler's own uniform (uniform_s/1) and uniform_n (uniform_s/2), when not the generic ones. */
  uniform?: (h: MapTerm, r: Term) => [Term, Term];
  uniformN?: (h: MapTerm, r: Term, n: bigint) => [Term, Term];
}

function seedInt(s: Term): bigint | null {
  return isInteger(s) ? big(s) : null;
}

function seedTuple(s: Term): [bigint, bigint, bigint] | null {
  return Array.isArray(s) && s.length === 3 && s.every(isInteger) ? [big(s[0]), big(s[1]), big(s[2])] : null;
}

/** The seed of a two-word algorithm: a list of words, an integer, or a 3-tuple. */
function seed2(s: Term, fromTuple: (t: [bigint, bigint, bigint]) => Term, alg: string): Term {
  const l = s === NIL || s instanceof Cons ? listToArray(s) : null;
  if (l !== null) {
    const [x, y] = seedNz(2, l, 58n);
    return improper(x, y);
  }
  const n = seedInt(s);
  if (n !== null) {
    const [x, y] = seed58(2, n);
    return improper(x, y);
  }
  const t = seedTuple(s);
  if (t !== null) return fromTuple(t);
  throw seedFce(`${alg}_seed`, s);
}

/** No clause of ALG_seed/1 takes the seed (its first clause is at SEED_LINE). */
function seedFce(fn: string, s: Term): SeedError {
  return new SeedError(fce("rand", fn, [s]), [[fn, [s], SEED_LINE[fn]]]);
}

/** Where each seed function begins in rand.erl (stack frames of seeding errors). */
const SEED_LINE: Record<string, number> = {
  exs64_seed: 756, exsplus_seed: 820, exsss_seed: 839, exs1024_seed: 988, exro928_seed: 1177, exrop_seed: 1342,
  dummy_seed: 1431,
};

const tupleSeed58 = ([a1, a2, a3]: [bigint, bigint, bigint]): bigint[] => {
  const [, x0] = seed58one(a1);
  const [s0, x1] = seed58one(a2 ^ x0);
  const [s1, x2] = seed58one(a3 ^ x1);
  return [s0, s1, x2];
};

const ALGS: Record<string, Alg> = {
  exsss: {
    name: "exsss", bits: 58, next: exsssNext, nextName: "exsss_next",
    funs: [["uniform", "exsss_uniform", 1], ["uniform_n", "exsss_uniform", 2], ["jump", "exsplus_jump", 1]],
    seed: (s) => seed2(s, (t) => {
      const [s0, s1] = tupleSeed58(t);
      return improper(s0, s1);
    }, "exsss"),
  },
  exsp: {
    name: "exsp", bits: 58, weakLowBits: 1, next: exspNext, nextName: "exsp_next",
    funs: [["uniform", "exsp_uniform", 1], ["uniform_n", "exsp_uniform", 2], ["jump", "exsplus_jump", 1]],
    seed: (s) => exsplusSeed(s),
  },
  exsplus: {
    name: "exsplus", max: M58, next: exspNext, nextName: "exsp_next",
    funs: [["jump", "exsplus_jump", 1]],
    seed: (s) => exsplusSeed(s),
  },
  exrop: {
    name: "exrop", bits: 58, weakLowBits: 1, next: exropNext, nextName: "exrop_next",
    funs: [["uniform", "exrop_uniform", 1], ["uniform_n", "exrop_uniform", 2], ["jump", "exrop_jump", 1]],
    seed: (s) => seed2(s, ([a1, a2, a3]) => {
      const [, s1] = exropNextS((a1 * 4294967197n + 1n) & M58, (a2 * 4294967231n + 1n) & M58);
      const [x, y] = exropNextS((a3 * 4294967279n + 1n) & M58, s1);
      return improper(x, y);
    }, "exrop"),
  },
  exs1024: {
    name: "exs1024", max: M64, next: exs1024Next, nextName: "exs1024_next",
    funs: [["jump", "exs1024_jump", 1]], seed: (s) => exs1024Seed(s),
  },
  exs1024s: {
    name: "exs1024s", bits: 64, weakLowBits: 3, next: exs1024Next, nextName: "exs1024_next",
    funs: [["jump", "exs1024_jump", 1]], seed: (s) => exs1024Seed(s),
  },
  exro928ss: {
    name: "exro928ss", bits: 58, next: exro928Next, nextName: "exro928ss_next",
    funs: [["uniform", "exro928ss_uniform", 1], ["uniform_n", "exro928ss_uniform", 2], ["jump", "exro928_jump", 1]],
    seed: (s) => {
      const l = s === NIL || s instanceof Cons ? listToArray(s) : null;
      if (l !== null) return ringTerm(seedNz(16, l, 58n), []);
      const n = seedInt(s);
      if (n !== null) return ringTerm(seed58(16, n), []);
      const t = seedTuple(s);
      if (t === null) throw seedFce("exro928_seed", s);
      const [s0, x0] = seed58one(t[0]);
      const [s1, x1] = seed58one(t[1] ^ x0);
      const [s2, x2] = seed58one(t[2] ^ x1);
      return ringTerm([s0, s1, s2, ...seed58(13, x2)], []);
    },
  },
  // OTP's benchmark reference: the state flips its bits each draw; uniform is always 0.5
  // and uniform_n always 1.
  dummy: {
    name: "dummy", bits: 58, next: (r) => [big(r), int(big(r) ^ M58)], nextName: "dummy_next",
    funs: [["uniform", "dummy_uniform", 1], ["uniform_n", "dummy_uniform", 2]],
    uniform: (h, r) => [float(0.5), [h, int(big(r) ^ M58)]],
    uniformN: (h, r) => [1, [h, int(big(r) ^ M58)]],
    seed: (s) => {
      if (s === NIL) throw new SeedError(new BeamError("error", a("zero_seed")), [["dummy_seed", 1, 1434]]);
      if (s instanceof Cons) {
        if (!isInteger(s.h)) throw new SeedError(new BeamError("error", a("non_integer_seed")), [["dummy_seed", 1, 1440]]);
        if (s.t !== NIL) throw new SeedError(new BeamError("error", a("too_many_seed_integers")), [["dummy_seed", 1, 1438]]);
        return int(big(s.h) & M58);
      }
      const n = seedInt(s);
      if (n !== null) return int(splitmix64(n)[0] & M58);
      const t = seedTuple(s);
      if (t === null) throw seedFce("dummy_seed", s);
      const [, x1] = splitmix64(t[0]);
      const [, x2] = splitmix64(t[1] ^ x1);
      return int(splitmix64(t[2] ^ x2)[0] & M58);
    },
  },
  exs64: {
    name: "exs64", max: M64, next: exs64Next, nextName: "exs64_next", funs: [],
    seed: (s) => {
      const l = s === NIL || s instanceof Cons ? listToArray(s) : null;
      if (l !== null) return int(seedNz(1, l, 64n)[0]);
      const n = seedInt(s);
      if (n !== null) return int(seed64(1, n)[0]);
      const t = seedTuple(s);
      if (t === null) throw seedFce("exs64_seed", s);
      const [v1] = exs64Step(((t[0] & 0xffffffffn) * 4294967197n + 1n));
      const [v2] = exs64Step(((t[1] & 0xffffffffn) * 4294967231n + 1n));
      const [v3] = exs64Step(((t[2] & 0xffffffffn) * 4294967279n + 1n));
      return int(((v1 * v2 * v3) % (M64 - 1n)) + 1n);
    },
  },
};

function exsplusSeed(s: Term): Term {
  return seed2(s, ([a1, a2, a3]) => {
    const [, r1] = exspNext(improper((a1 * 4294967197n + 1n) & M58, (a2 * 4294967231n + 1n) & M58));
    const [, r2] = exspNext(improper((a3 * 4294967279n + 1n) & M58, big((r1 as Cons).t)));
    return r2;
  }, "exsplus");
}

function exs1024Seed(s: Term): Term {
  const l = s === NIL || s instanceof Cons ? listToArray(s) : null;
  if (l !== null) return ringTerm(seedNz(16, l, 64n), []);
  const n = seedInt(s);
  if (n !== null) return ringTerm(seed64(16, n), []);
  const t = seedTuple(s);
  if (t === null) throw seedFce("exs1024_seed", s);
  const m21 = (x: bigint) => x & ((1n << 21n) - 1n);
  const b1 = m21((m21(t[0]) + 1n) * 2097131n);
  const b2 = m21((m21(t[1]) + 1n) * 2097133n);
  const b3 = m21((m21(t[2]) + 1n) * 2097143n);
  let r = (b1 << 43n) | (b2 << 22n) | (b3 << 1n) | 1n;
  const words: bigint[] = [];
  for (let i = 0; i < 16; i++) {
    const [x, r2] = exs64Step(r);
    words.unshift(x);
    r = r2;
  }
  return ringTerm(words, []);
}

// ---------------------------------------------------------------------------
// Handlers and states

const TYPE = a("type");
const handlers = new Map<string, MapTerm>();

/**
 * The funs of OTP's handler maps are local funs of rand.erl (`fun exsss_next/1`), printed
 * as #Function<index.uniq/arity in :rand.name>: index is the fun's number in rand.erl and
 * uniq that module's (OTP 25's stdlib 4.2).
 */
const RAND_UNIQ = 34006561;
const FUN_INDEX: Record<string, number> = {
  "exsss_next/1": 0, "exsss_uniform/1": 1, "exsss_uniform/2": 2, "exsplus_jump/1": 3, "exsp_next/1": 5,
  "exsp_uniform/1": 7, "exsp_uniform/2": 8, "exs64_next/1": 9, "exs1024_next/1": 11, "exs1024_jump/1": 12,
  "exrop_next/1": 14, "exrop_uniform/1": 15, "exrop_uniform/2": 16, "exrop_jump/1": 17, "exro928ss_next/1": 19,
  "exro928ss_uniform/1": 20, "exro928ss_uniform/2": 21, "exro928_jump/1": 22,
  "dummy_next/1": 24, "dummy_uniform/1": 25, "dummy_uniform/2": 26,
};

function localFun(name: string, arity: number): Fun {
  const key = `${name}/${arity}`;
  const body = natives.fns[key];
  const code = resumableCode("rand", name, arity, (f, p) => {
    p.x = body(f.r.slice(0, arity), p);
    return RET;
  });
  return new Fun(arity, code, [], null, null, FUN_INDEX[key] ?? 0, RAND_UNIQ, `:rand.${name}`);
}

/** The alg handler map OTP's mk_alg builds. */
function handler(alg: Alg): MapTerm {
  let h = handlers.get(alg.name);
  if (h === undefined) {
    const pairs: [Term, Term][] = [[TYPE, a(alg.name)], [a("next"), localFun(alg.nextName, 1)]];
    if (alg.bits !== undefined) pairs.push([a("bits"), alg.bits]);
    if (alg.max !== undefined) pairs.push([a("max"), int(alg.max)]);
    if (alg.weakLowBits !== undefined) pairs.push([a("weak_low_bits"), alg.weakLowBits]);
    for (const [k, name, arity] of alg.funs) pairs.push([a(k), localFun(name, arity)]);
    h = MapTerm.fromPairs(pairs);
    handlers.set(alg.name, h);
  }
  return h;
}

function algOf(name: Term): Alg | null {
  return name instanceof Atom && Object.hasOwn(ALGS, name.name) ? ALGS[name.name] : null;
}

/** The algorithm of a state {handler, alg state}; its handler's type names it. */
function stateAlg(st: Term, fn: string, args: Term[], callers: [string, number, number][] = []): [Alg, MapTerm, Term] {
  if (Array.isArray(st) && st.length === 2 && st[0] instanceof MapTerm) {
    const alg = algOf(st[0].get(TYPE));
    if (alg !== null) return [alg, st[0], st[1]];
  }
  throw randFce(fn, args, CLAUSE_LINE[fn] ?? 0, callers);
}

/** Where the *_s functions' first clauses are in rand.erl. */
const CLAUSE_LINE: Record<string, number> = {
  uniform_s: 328, uniform_real_s: 411, bytes_s: 571, jump: 633, normal_s: 669, export_seed_s: 251,
};

// ---------------------------------------------------------------------------
// The process's own generator (the process dictionary's :rand_seed)

const SEED_KEY = a("rand_seed");
const UNDEFINED = a("undefined");

function seedPut(p: ProcLike, st: Term): Term {
  putDict(p as Process, SEED_KEY, st);
  return st;
}

function seedGet(p: ProcLike): Term {
  const st = getDict(p as Process, SEED_KEY);
  return st === UNDEFINED ? seedPut(p, seedS(a("exsss"), defaultSeed(p))) : st;
}

/** Draws from the process's generator with `draw`, keeping the new state. */
function drawOwn(p: ProcLike, draw: (st: Term) => [Term, Term]): Term {
  const [x, st] = draw(seedGet(p));
  seedPut(p, st);
  return x;
}

/** seed_s/2; `callers` are the frames below it (seed/2's when called from there). */
function seedS(algName: Term, seed: Term, callers: [string, number, number][] = []): Term {
  const name = algName === a("default") ? a("exsss") : algName;
  const alg = algOf(name);
  if (alg === null) throw randFce("mk_alg", [name], 706, [["seed_s", 2, 297], ...callers]);
  try {
    return [handler(alg), alg.seed(seed)];
  } catch (e) {
    if (!(e instanceof SeedError)) throw e;
    const seedFn = `${alg.name === "exsp" ? "exsplus" : alg.name === "exs1024s" ? "exs1024" : alg.name === "exro928ss" ? "exro928" : alg.name}_seed`;
    const own: [string, Term[] | number, number][] = e.frames[0][0] === seedFn ? [] : [[seedFn, 1, SEED_LINE[seedFn] + 1]];
    throw inRand(e.err, [...e.frames, ...own, ["seed_s", 2, 298], ...callers]);
  }
}

// ---------------------------------------------------------------------------
// Drawing numbers

function uniformFloat(alg: Alg, h: MapTerm, r: Term): Term {
  if (alg.uniform !== undefined) return alg.uniform(h, r);
  const [v, r1] = alg.next(r);
  const x = alg.bits !== undefined ? Number(v >> BigInt(alg.bits - 53)) * TWO_POW_MINUS53 : Number(v) / Number(alg.max! + 1n);
  return [float(x), [h, r1]];
}

/** A draw in 1..n. */
function uniformN(alg: Alg, h: MapTerm, r0: Term, n: bigint): [Term, Term] {
  if (alg.uniformN !== undefined) return alg.uniformN(h, r0, n);
  if (alg.bits === undefined) {
    const [v, r1] = alg.next(r0);
    if (n <= alg.max!) return [int((v % n) + 1n), [h, r1]];
    const f = Number(v) / (Number(alg.max!) + 1);
    return [int(BigInt(Math.trunc(f * Number(n))) + 1n), [h, r1]];
  }
  const bits = BigInt(alg.bits);
  let r = r0;
  for (;;) {
    const [v, r1] = alg.next(r);
    const maxMinus = (1n << bits) - n;
    if (maxMinus >= 0n) {
      if (v < n) return [int(v + 1n), [h, r1]];
      const i = v % n;
      if (v - i <= maxMinus) return [int(i + 1n), [h, r1]];
      r = r1;
      continue;
    }
    return uniformRange(alg, h, r1, v, n);
  }
}

/** A range wider than one output: outputs are concatenated (without weak low bits). */
function uniformRange(alg: Alg, h: MapTerm, r0: Term, v0: bigint, range: bigint): [Term, Term] {
  const bits = BigInt(alg.bits!);
  const weak = BigInt(alg.weakLowBits ?? 0);
  const shift = bits - weak;
  const shiftMask = ~((1n << weak) - 1n);
  let r = r0;
  let v = v0;
  for (;;) {
    const gather = (k: bigint): [bigint, Term, bigint] => {
      let b = bits;
      let acc = v;
      let rr = r;
      while (k > 1n) {
        const [v1, r1] = alg.next(rr);
        acc = ((acc & shiftMask) << shift) | v1;
        rr = r1;
        k >>= shift;
        b += shift;
      }
      return [acc, rr, b];
    };
    if ((range & (range - 1n)) === 0n) {
      const [v1, r1] = gather(range >> bits);
      return [int((v1 & (range - 1n)) + 1n), [h, r1]];
    }
    const [v1, r1, b] = gather(range >> (bits - 2n));
    const i = v1 % range;
    if (v1 - i <= (1n << b) - range) return [int(i + 1n), [h, r1]];
    const [v2, r2] = alg.next(r1);
    v = v2;
    r = r2;
  }
}

const bc = (v: bigint, n: number): number => {
  let b = 1n << BigInt(n - 1);
  let k = n;
  while (b > v) {
    b >>= 1n;
    k--;
  }
  return k;
};

/** uniform_real_s: a float in (0.0, 1.0) with the low values' full precision, as OTP's. */
function uniformReal(alg: Alg, h: MapTerm, r0: Term): [Term, Term] {
  const bits = alg.bits ?? 56;
  const draw = (r: Term): [bigint, Term] => {
    const [v, r1] = alg.next(r);
    return [alg.bits !== undefined ? v : v & ((1n << 56n) - 1n), r1];
  };
  const pow = (e: number) => Math.pow(2, e);
  const top = (m1: bigint, bitNo: number): number | null => {
    if (m1 >= 1n << 55n) return Number(m1 >> 3n) * pow(bitNo - 53);
    if (m1 >= 1n << 54n) return Number(m1 >> 2n) * pow(bitNo - 54);
    if (m1 >= 1n << 53n) return Number(m1 >> 1n) * pow(bitNo - 55);
    if (m1 >= 1n << 52n) return Number(m1) * pow(bitNo - 56);
    return null;
  };
  for (;;) {
    const [v1, r1] = draw(r0);
    const m1 = alg.bits !== undefined ? v1 >> BigInt(bits - 56) : v1;
    const t = top(m1, 0);
    if (t !== null) return [float(t), [h, r1]];
    // Few high bits: keep drawing, 56 bits further down each time.
    let m0 = m1;
    let bitNo = -56;
    let r = r1;
    let restart = false;
    for (;;) {
      // For a `max` generator, OTP masks every later word to 56 bits but not this first one.
      const [v, rn] = bitNo === -56 ? alg.next(r) : draw(r);
      r = rn;
      const vb = BigInt(bits);
      if (bitNo === -1064) {
        const b0 = BigInt(53 - bc(m0, 52));
        return [float(Number((m0 << b0) | (v >> (vb - b0))) * pow(-1064 - Number(b0))), [h, r]];
      }
      if (m0 >= 1n << 51n) return [float(Number((m0 << 1n) | (v >> (vb - 1n))) * pow(bitNo - 1)), [h, r]];
      if (m0 >= 1n << 50n) return [float(Number((m0 << 2n) | (v >> (vb - 2n))) * pow(bitNo - 2)), [h, r]];
      if (m0 >= 1n << 49n) return [float(Number((m0 << 3n) | (v >> (vb - 3n))) * pow(bitNo - 3)), [h, r]];
      if (m0 !== 0n) {
        const b0 = BigInt(53 - bc(m0, 49));
        return [float(Number((m0 << b0) | (v >> (vb - b0))) * pow(bitNo - Number(b0))), [h, r]];
      }
      const m = alg.bits !== undefined ? v >> (vb - 56n) : v;
      const t2 = top(m, bitNo);
      if (t2 !== null) return [float(t2), [h, r]];
      if (bitNo === -1008 && m < 1n << 42n) {
        r0 = r;
        restart = true;
        break;
      }
      m0 = m;
      bitNo -= 56;
    }
    if (!restart) break;
  }
  throw new Error("unreachable");
}

function bytesS(alg: Alg, h: MapTerm, r0: Term, n: number): [Term, Term] {
  const bits = alg.bits ?? 58;
  const weak = alg.bits !== undefined ? alg.weakLowBits ?? 0 : 2;
  const goodBytes = (bits - weak) >> 3;
  const goodBits = BigInt(goodBytes << 3);
  const shift = BigInt(bits) - goodBits;
  // (the bytes go straight into their binary: a count past the heap's room kills the caller
  // as a BEAM process growing past what it may hold; a JS array of them would abort V8)
  reserve(n);
  const out = new Uint8Array(n);
  let at = 0;
  const put = (v: bigint, nbits: bigint) => {
    for (let k = nbits - 8n; k >= 0n; k -= 8n) out[at++] = Number((v >> k) & 0xffn);
  };
  let r = r0;
  let left = n;
  while (left > goodBytes * 4) {
    for (let i = 0; i < 4; i++) {
      const [v, r1] = alg.next(r);
      put(v >> shift, goodBits);
      r = r1;
    }
    left -= goodBytes * 4;
  }
  while (left > goodBytes) {
    const [v, r1] = alg.next(r);
    put(v >> shift, goodBits);
    r = r1;
    left -= goodBytes;
  }
  const [v, r1] = alg.next(r);
  const nb = BigInt(left * 8);
  put((v >> (goodBits - nb)) & ((1n << nb) - 1n), nb);
  return [binFromBytes(out), [h, r1]];
}

// ---------------------------------------------------------------------------
// Normal distribution: the ziggurat method with 256 layers, as OTP's normal_s. OTP ships its
// layer table precomputed; the table is the ziggurat's, computed exactly (in 144-bit fixed
// point) from its defining constants and rounded once to doubles, which reproduces OTP's
// table digit for digit (computed in doubles, the recursion's rounding drifts in the last
// digits, and so did the draws).

const FX = 144n;
const FX_ONE = 1n << FX;
const fxMul = (x: bigint, y: bigint): bigint => (x * y) >> FX;
const fxDiv = (x: bigint, y: bigint): bigint => (x << FX) / y;
const fxToFloat = (x: bigint, extraShift = 0): number => Number(x) / 2 ** (Number(FX) + extraShift);
/** A decimal literal in fixed point (digits and one point only). */
function fxDecimal(s: string): bigint {
  const [ip, fp = ""] = s.split(".");
  return (BigInt(ip + fp) << FX) / 10n ** BigInt(fp.length);
}
function fxFromFloat(d: number): bigint {
  const e = Math.floor(Math.log2(Math.abs(d))) - 60;
  const m = BigInt(d / 2 ** e);
  const shift = FX + BigInt(e);
  return shift >= 0n ? m << shift : m >> -shift;
}
function fxExp(x: bigint): bigint {
  // e^x = (e^(x/2^8))^(2^8): the Taylor series on a small argument, then squarings
  const K = 8n;
  const y = x >> K;
  let term = FX_ONE;
  let sum = FX_ONE;
  for (let n = 1n; term !== 0n; n++) {
    term = fxMul(term, y) / n;
    sum += term;
  }
  for (let i = 0n; i < K; i++) sum = fxMul(sum, sum);
  return sum;
}
function fxLog(y: bigint): bigint {
  // Halley's iteration on e^z = y from the double's logarithm (each step triples the bits)
  let z = fxFromFloat(Math.log(fxToFloat(y)));
  for (let i = 0; i < 2; i++) {
    const e = fxExp(z);
    z += fxDiv(2n * (y - e), y + e);
  }
  return z;
}
function fxSqrt(x: bigint): bigint {
  const n = x << FX;
  let r = BigInt(Math.floor(Math.sqrt(fxToFloat(x)) * 2 ** 40)) << (FX - 40n);
  for (;;) {
    const next = (r + n / r) >> 1n;
    if (next >= r - 1n && next <= r + 1n) return next;
    r = next;
  }
}
/** atan(1/m) by its series, for Machin's pi. */
function fxAtanInv(m: bigint): bigint {
  let power = FX_ONE / m;
  let sum = power;
  for (let k = 1n; power !== 0n; k++) {
    power /= m * m;
    sum += (k % 2n === 1n ? -power : power) / (2n * k + 1n);
  }
  return sum;
}

const NOR_R = 3.6541528853610087963519472518;
let zig: { k: number[]; w: number[]; f: number[] } | null = null;

function ziggurat(): { k: number[]; w: number[]; f: number[] } {
  if (zig !== null) return zig;
  const r = fxDecimal("3.6541528853610087963519472518");
  const dens = (x: bigint) => fxExp(-(fxMul(x, x) >> 1n));
  const densR = dens(r);
  // The layer area: the base rectangle r*f(r) plus the tail, the integral of f beyond r:
  // sqrt(pi/2) less the integral up to r, e^(-r^2/2) * sum r^(2n+1)/(2n+1)!!
  const pi = 16n * fxAtanInv(5n) - 4n * fxAtanInv(239n);
  const r2 = fxMul(r, r);
  let term = r;
  let below = r;
  for (let n = 1n; term !== 0n; n++) {
    term = fxMul(term, r2) / (2n * n + 1n);
    below += term;
  }
  const v = fxMul(r, densR) + fxSqrt(pi >> 1n) - fxMul(densR, below);
  // x[i-1] = sqrt(-2 log(v/x[i] + f(x[i]))), so f(x[i-1]) = v/x[i] + f(x[i]) needs no exp
  const xs = new Array<bigint>(256);
  const fs = new Array<bigint>(256);
  xs[255] = r;
  fs[255] = densR;
  for (let i = 255; i > 1; i--) {
    fs[i - 1] = fxDiv(v, xs[i]) + fs[i];
    xs[i - 1] = fxSqrt(-2n * fxLog(fs[i - 1]));
  }
  xs[0] = 0n;
  fs[0] = FX_ONE;
  const k = [Number((fxMul(r, densR) << 51n) / v)];
  const w = [fxToFloat(fxDiv(v, densR), 51)];
  for (let i = 1; i < 256; i++) {
    k.push(Number((xs[i - 1] << 51n) / xs[i]));
    w.push(fxToFloat(xs[i], 51));
  }
  const f = fs.map((x) => fxToFloat(x));
  zig = { k, w, f };
  return zig;
}

function normalS(alg: Alg, h: MapTerm, r0: Term): [Term, Term] {
  const { k, w, f } = ziggurat();
  let st: Term = [h, r0];
  for (;;) {
    const [v, r1] = alg.next(st[1]);
    st = [h, r1];
    const sign = alg.bits !== undefined ? (v >> BigInt(alg.bits - 52)) & 1n : (v >> 51n) & 1n;
    const r = Number(alg.bits !== undefined ? v >> BigInt(alg.bits - 51) : v & ((1n << 51n) - 1n));
    const idx = r & 255;
    const x = r * w[idx];
    if (r < k[idx]) return [float(sign === 0n ? x : -x), st];
    if (idx === 0) {
      // The tail beyond r.
      for (;;) {
        const [u0, s1] = uniformFloat(alg, h, st[1]) as [Float, Term[]];
        const tx = (-1 / NOR_R) * libmLog(u0.v);
        const [u1, s2] = uniformFloat(alg, h, s1[1]) as [Float, Term[]];
        const ty = -libmLog(u1.v);
        st = s2;
        if (ty + ty > tx * tx) return [float(sign === 0n ? NOR_R + tx : -NOR_R - tx), st];
      }
    }
    const [u0, s1] = uniformFloat(alg, h, st[1]) as [Float, Term[]];
    st = s1;
    const signed = sign === 0n ? x : -x;
    if ((f[idx - 1] - f[idx]) * u0.v + f[idx] < libmExp(-0.5 * signed * signed)) return [float(signed), st];
  }
}

// ---------------------------------------------------------------------------
// Jumps (2^64 steps for the two-word generators, 2^512 for the rings)

function exsplusJump(s: Term): Term {
  let st = s;
  let [as0, as1] = [0n, 0n];
  for (const j0 of [0x02f8ea6bc32c797n, 0x345d2a0f85f788cn]) {
    let j = j0;
    for (let i = 0; i < 58; i++) {
      const [, ns] = exspNext(st);
      if (j & 1n) {
        const [s0, s1] = pair(st);
        as0 ^= s0;
        as1 ^= s1;
      }
      st = ns;
      j >>= 1n;
    }
  }
  return improper(as0, as1);
}

function exropJump(s: Term): Term {
  const jump = 0x9863200f83fcd4a11293241fcb12an;
  const words = [(1n << 58n) | (jump & M58), jump >> 58n];
  let [c0, c1] = pair(s);
  let s0 = 0n;
  let s1 = 0n;
  // The first word carries a stop bit above its 58 bits; the last runs out at zero.
  for (let w = 0; w < words.length; w++) {
    let j = words[w];
    const stop = w < words.length - 1 ? 1n : 0n;
    while (j > stop) {
      if (j & 1n) {
        s0 ^= c0;
        s1 ^= c1;
      }
      [c0, c1] = exropNextS(c0, c1);
      j >>= 1n;
    }
  }
  return improper(s0, s1);
}

/** The jump polynomial of xorshift1024 (2^512 steps), 58 bits a word, lowest word first. */
const EXS1024_JUMP = [
  0x00242f96eca9c41dn, 0x0196e1ddbe5a1561n, 0x0239f070b5837a3cn, 0x03f393cc68796cd2n, 0x0248316f404489afn,
  0x039a30088bffbac2n, 0x02fea70dc2d9891fn, 0x032ae0d9644caec4n, 0x0313aac17d8efa43n, 0x02f132e055642626n,
  0x01ee975283d71c93n, 0x00552321b06f5501n, 0x00c41d10a1e6a569n, 0x019158ecf8aa1e44n, 0x004e9fc949d0b5fcn,
  0x0363da172811fddan, 0x030e38c3b99181f2n, 0x0000000a118038fcn,
];

/** Jumps a ring state: the xor of the states at the polynomial's set bits, in the ring's shape. */
function exs1024Jump(s: Term): Term {
  const [, rl0] = ring(s);
  let st = s;
  let acc = new Array<bigint>(16).fill(0n);
  let steps = 1024;
  for (const word of EXS1024_JUMP) {
    let j = word;
    for (let b = 0; b < 58 && steps > 0; b++, steps--) {
      if (j & 1n) {
        const [l, rl] = ring(st);
        const whole = [...l, ...rl.reverse()];
        acc = acc.map((x, i) => x ^ whole[i]);
      }
      st = exs1024Next(st)[1];
      j >>= 1n;
    }
  }
  const cut = 16 - rl0.length;
  return ringTerm(acc.slice(0, cut), acc.slice(cut).reverse());
}

/**
 * xoroshiro928's jump polynomials (2^512 and 2^20 steps), as the reference implementation
 * publishes them: 64-bit words, lowest first. OTP walks them 58 bits a word.
 */
const EXRO928_JUMP_2POW512 = [
  0x44085302f77130can, 0xba05381fdfd14902n, 0x10a1de1d7d6813d2n, 0xb83fe51a1eb3be19n, 0xa81b0090567fd9f0n,
  0x5ac26d5d20f9b49fn, 0x4ddd98ee4be41e01n, 0x0657e19f00d4b358n, 0xf02f778573cf0f0an, 0xb45a3a8a3cef3cc0n,
  0x6e62a33cc2323831n, 0xbcb3b7c4cc049c53n, 0x83f240c6007e76cen, 0xe19f5fc1a1504acdn, 0x00000000b10773cbn,
];
const EXRO928_JUMP_2POW20 = [
  0xbdb966a3daf905e6n, 0x644807a56270cf78n, 0xda90f4a806c17e9en, 0x4a426866bfad3c77n, 0xaf699c306d8e7566n,
  0x8ebc73c700b8b091n, 0xc081a7bf148531fbn, 0xdc4d3af15f8a4dfdn, 0x90627c014098f4b6n, 0x06df2eb1feaf0fb6n,
  0x5bdeb1a5a90f2e6bn, 0xa480c5878c3549bdn, 0xff45ef33c82f3d48n, 0xa30bebc15fefcc78n, 0x00000000cb3d181cn,
];

/** exro928's jump: the xor of the ring's words at the polynomial's set bits, as a fresh ring {Words, []}. */
function exro928Jump(s: Term, poly: bigint[]): Term {
  let j = poly.reduceRight((acc, w) => (acc << 64n) | w, 0n);
  let [l, rl] = ring(s);
  let acc = new Array<bigint>(16).fill(0n);
  // 58-bit words, every bit of each taken (928 bits in all)
  for (let word = 0; word < 16; word++, j >>= 58n) {
    let bits = j & M58;
    for (let b = 0; b < 58; b++, bits >>= 1n) {
      if (bits & 1n) {
        const whole = [...l, ...[...rl].reverse()];
        acc = acc.map((x, i) => x ^ whole[i]);
      }
      const [, nl, nrl] = exro928State(l, rl);
      l = nl;
      rl = nrl;
    }
  }
  return ringTerm(acc, []);
}

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "rand",
  fns: {
    "seed_s/1": ([x], p) => {
      if (Array.isArray(x) && x.length === 2 && x[0] instanceof MapTerm) return x;
      if (x instanceof Atom) return seedS(x, defaultSeed(p));
      if (Array.isArray(x) && x.length === 2 && x[0] instanceof Atom) {
        const alg = algOf(x[0]);
        if (alg === null) throw fce("rand", "mk_alg", [x[0]]);
        return [handler(alg), x[1]];
      }
      throw new BeamError("error", a("need_default_seed"));
    },
    "seed_s/2": ([alg, seed]) => seedS(alg, seed),
    "export_seed_s/1": (args) => {
      const [alg, , r] = stateAlg(args[0], "export_seed_s", args);
      return [a(alg.name), r];
    },
    "uniform_s/1": (args) => {
      const [alg, h, r] = stateAlg(args[0], "uniform_s", args);
      return uniformFloat(alg, h, r);
    },
    "uniform_s/2": (args) => uniformS2(args),
    "uniform_real_s/1": (args) => {
      const [alg, h, r] = stateAlg(args[0], "uniform_real_s", args);
      return uniformReal(alg, h, r);
    },
    "bytes_s/2": (args) => bytesS2(args),
    "seed/1": ([x], p) => seedPut(p, natives.fns["seed_s/1"]([x], p)),
    "seed/2": ([alg, seed], p) => seedPut(p, seedS(alg, seed, [["seed", 2, 291]])),
    "export_seed/0": (_, p) => {
      const st = getDict(p as Process, SEED_KEY);
      if (Array.isArray(st) && st.length === 2 && st[0] instanceof MapTerm && st[0].get(TYPE) instanceof Atom) return [st[0].get(TYPE), st[1]];
      return UNDEFINED;
    },
    "uniform/0": (_, p) => drawOwn(p, (st) => {
      const [alg, h, r] = stateAlg(st, "uniform_s", [st], [["uniform", 0, 309]]);
      return uniformFloat(alg, h, r) as [Term, Term];
    }),
    "uniform/1": ([n], p) => drawOwn(p, (st) => uniformS2([n, st], [["uniform", 1, 319]])),
    "uniform_real/0": (_, p) => drawOwn(p, (st) => {
      const [alg, h, r] = stateAlg(st, "uniform_real_s", [st], [["uniform_real", 0, 372]]);
      return uniformReal(alg, h, r);
    }),
    "bytes/1": ([n], p) => drawOwn(p, (st) => bytesS2([n, st], [["bytes", 1, 561]])),
    "jump/0": (_, p) => seedPut(p, natives.fns["jump/1"]([seedGet(p)], p)),
    "normal/0": (_, p) => drawOwn(p, (st) => {
      const [alg, h, r] = stateAlg(st, "normal_s", [st], [["normal", 0, 653]]);
      return normalS(alg, h, r);
    }),
    "normal/2": ([mean, variance], p) => {
      const x = drawOwn(p, (st) => {
        const [alg, h, r] = stateAlg(st, "normal_s", [st], [["normal", 2, 662]]);
        return normalS(alg, h, r);
      }) as Float;
      return float(num(mean, "normal", [mean, variance]) + Math.sqrt(num(variance, "normal", [mean, variance])) * x.v);
    },
    "normal_s/3": (args) => {
      const [mean, variance, st] = args;
      const v = typeof variance === "number" ? variance : variance instanceof Float ? variance.v : NaN;
      if (!(v > 0)) throw randFce("normal_s", args, 687);
      const [alg, h, r] = stateAlg(st, "normal_s", [st], [["normal_s", 3, 688]]);
      const [x, st2] = normalS(alg, h, r);
      return [float(num(mean, "normal_s", args) + Math.sqrt(v) * (x as Float).v), st2];
    },
    "normal_s/1": (args) => {
      const [alg, h, r] = stateAlg(args[0], "normal_s", args);
      return normalS(alg, h, r);
    },
    "jump/1": (args) => {
      const [alg, h, r] = stateAlg(args[0], "jump", args);
      if (alg.name === "exsss" || alg.name === "exsp" || alg.name === "exsplus") return [h, exsplusJump(r)];
      if (alg.name === "exrop") return [h, exropJump(r)];
      if (alg.name === "exs1024" || alg.name === "exs1024s") return [h, exs1024Jump(r)];
      if (alg.name === "exro928ss") return [h, exro928Jump(r, EXRO928_JUMP_2POW512)];
      // a handler without a jump fun (exs64, dummy): OTP's jump/1 raises not_implemented
      throw inRand(new BeamError("error", a("not_implemented")), [["jump", 1, 636]]);
    },
    "splitmix64_next/1": ([x]) => {
      if (!isInteger(x)) throw argumentError();
      const [z, nx] = splitmix64(big(x));
      return [int(z), int(nx)];
    },
    "exsss_next/1": ([s]) => tupleNext(exsssNext(s)),
    "exsp_next/1": ([s]) => tupleNext(exspNext(s)),
    "exrop_next/1": ([s]) => tupleNext(exropNext(s)),
    "exs64_next/1": ([s]) => tupleNext(exs64Next(s)),
    "exs1024_next/1": ([s]) => tupleNext(exs1024Next(s)),
    "exro928ss_next/1": ([s]) => tupleNext(exro928Next(s)),
    "exsp_jump/1": ([s]) => exsplusJump(s),
    "exsplus_jump/1": ([st]) => [st[0], exsplusJump(st[1])],
    "exrop_jump/1": ([st]) => [st[0], exropJump(st[1])],
    "exs1024_jump/1": ([st]) => [st[0], exs1024Jump(st[1])],
    "exro928_jump/1": ([st]) => [st[0], exro928Jump(st[1], EXRO928_JUMP_2POW512)],
    "exro928_jump_2pow512/1": ([s]) => exro928Jump(s, EXRO928_JUMP_2POW512),
    "exro928_jump_2pow20/1": ([s]) => exro928Jump(s, EXRO928_JUMP_2POW20),
    "exro928_seed/1": ([s]) => ALGS.exro928ss.seed(s),
    "exro928_next/1": ([s]) => {
      const [l, rl] = ring(s);
      const [s0, nl, nrl] = exro928State(l, rl);
      const s15 = (l.length === 1 ? [l[0]] : l)[0];
      return [[int(s15), int(s0)], ringTerm(nl, nrl)];
    },
    "exro928_next_state/1": ([s]) => {
      const [l, rl] = ring(s);
      const [, nl, nrl] = exro928State(l, rl);
      return ringTerm(nl, nrl);
    },
    "seed58/2": ([n, x]) => {
      if (!isInteger(n) || !isInteger(x)) throw argumentError();
      return list(seed58(Number(n), big(x)).map(int));
    },
    "dummy_next/1": ([r]) => [r, int(big(r) ^ M58)],
    "dummy_uniform/1": ([st]) => ALGS.dummy.uniform!(st[0], st[1]),
    "dummy_uniform/2": ([n, st]) => ALGS.dummy.uniformN!(st[0], st[1], big(n)),
    "exsss_uniform/1": (args) => natives.fns["uniform_s/1"](args, null as never),
    "exsss_uniform/2": ([n, st]) => natives.fns["uniform_s/2"]([n, st], null as never),
    "exsp_uniform/1": (args) => natives.fns["uniform_s/1"](args, null as never),
    "exsp_uniform/2": ([n, st]) => natives.fns["uniform_s/2"]([n, st], null as never),
    "exrop_uniform/1": (args) => natives.fns["uniform_s/1"](args, null as never),
    "exrop_uniform/2": ([n, st]) => natives.fns["uniform_s/2"]([n, st], null as never),
    "exro928ss_uniform/1": (args) => natives.fns["uniform_s/1"](args, null as never),
    "exro928ss_uniform/2": ([n, st]) => natives.fns["uniform_s/2"]([n, st], null as never),
    "mwc59/1": ([cx0]) => {
      const cx = masked(cx0, 59n, "mwc59", 1506);
      return int(0x7fa6502n * (cx & 0xffffffffn) + (cx >> 32n));
    },
    "mwc59_value32/1": ([x]) => {
      const cx = masked(x, 32n, "mwc59_value32", 1525);
      return int(cx ^ bsl(32n, cx, 8n));
    },
    "mwc59_value/1": ([x]) => {
      const cx = masked(x, 59n, "mwc59_value", 1530);
      const cx2 = cx ^ bsl(59n, cx, 4n);
      return int(cx2 ^ bsl(59n, cx2, 27n));
    },
    "mwc59_float/1": ([x]) => {
      const cx = masked(x, 53n, "mwc59_float", 1536);
      const cx2 = cx ^ bsl(53n, cx, 4n);
      const cx3 = cx2 ^ bsl(53n, cx2, 27n);
      return float(Number(cx3) * TWO_POW_MINUS53);
    },
    "mwc59_seed/0": (_, p) => {
      const [a1, a2, a3] = defaultSeed(p).map(big);
      return int((hash58(a1) ^ hash58(a2) ^ hash58(a3)) + 1n);
    },
    "mwc59_seed/1": ([s]) => {
      if (!isInteger(s) || s < 0 || big(s) > M58) throw fce("rand", "mwc59_seed", [s]);
      return int(hash58(big(s)) + 1n);
    },
  },
};

/** OTP's default seed: a hash of {node, self}, the system time and a unique integer. */
function defaultSeed(p: ProcLike): Term[] {
  const E = erlangNatives.fns;
  return [E["phash2/1"]([list([[E["node/0"]([], p), (p as Process).pid]])], p), E["system_time/0"]([], p), E["unique_integer/0"]([], p)];
}

function uniformS2(args: Term[], callers: [string, number, number][] = []): [Term, Term] {
  const [n, st] = args;
  const [alg, h, r] = stateAlg(st, "uniform_s", args, callers);
  if (!isInteger(n) || n < 1) throw randFce("uniform_s", args, 346, callers);
  return uniformN(alg, h, r, big(n));
}

function bytesS2(args: Term[], callers: [string, number, number][] = []): [Term, Term] {
  const [n, st] = args;
  const [alg, h, r] = stateAlg(st, "bytes_s", args, callers);
  if (!isInteger(n) || n < 0) throw randFce("bytes_s", args, 571, callers);
  return bytesS(alg, h, r, Number(n));
}

/** A number argument of normal/2 (arithmetic on anything else is badarith, as in OTP). */
function num(t: Term, fn: string, args: Term[]): number {
  if (typeof t === "number") return t;
  if (typeof t === "bigint") return Number(t);
  if (t instanceof Float) return t.v;
  throw inRand(arithmeticError(), [[fn, args.length, 662]]);
}

function tupleNext([v, s]: [bigint, Term]): Term {
  return [int(v), s];
}

function hash58(x: bigint): bigint {
  const x0 = x & M58;
  const x1 = ((x0 ^ (x0 >> 29n)) * 0x351afd7ed558ccdn) & M58;
  const x2 = ((x1 ^ (x1 >> 29n)) * 0x0ceb9fe1a85ec53n) & M58;
  return x2 ^ (x2 >> 29n);
}
