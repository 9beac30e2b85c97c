// Shared arithmetic with Erlang's exact semantics, called by compiled code for operators
// (+ - * / div rem, unary -/+, abs, bitwise ops) and by the stdlib natives.
// Integers are JS numbers when safe, else bigints (always normalised with int()); floats
// are `Float` boxes. Failures throw ArithmeticError whose stacktrace head is the Erlang
// BIF frame (e.g. `{:erlang, :+, [1, :a], []}`), which is what Elixir's
// ArithmeticError.blame/2 uses to print "bad argument in arithmetic expression: 1 + :a".
//
// Also holds small error helpers shared by the stdlib files (fce, withFrame, sysLimit).
import { BeamError, arithmeticError, raise } from "./errors.js";
import { Atom, Float, NIL, Term, a, int, list } from "./term.js";
import { MapTerm } from "./map.js";
import { OTP_LINES } from "./otp-lines.js";
import { explainBifArgs } from "./erts-errors.js";

// ---------------------------------------------------------------------------
// Error helpers

/** Modules whose BIFs' errors erl_stdlib_errors explains (OTP 25). */
const STDLIB_BIF_MODULES = new Set(["binary", "ets", "lists", "maps", "math", "re", "unicode"]);

/**
 * The location part of a BIF's own stack entry: its error_info, naming the module that
 * explains its errors (erl_erts_errors for :erlang's, erl_stdlib_errors for stdlib's).
 */
export function bifInfo(mod: Term, cause?: Term): Term {
  const name = mod instanceof Atom ? mod.name : "";
  const explainer = name === "erlang" ? "erl_erts_errors" : STDLIB_BIF_MODULES.has(name) ? "erl_stdlib_errors" : null;
  if (explainer === null) return NIL;
  const info: [Term, Term][] = [[a("module"), a(explainer)]];
  // the BIF's own word on what was wrong (ets's `id`, `access`, `badkey`...), as BEAM's error_info has it
  if (cause !== undefined) info.unshift([a("cause"), cause]);
  return list([[a("error_info"), MapTerm.fromPairs(info)]]);
}

/** Sets the stacktrace of `err` to the BIF's single entry `{mod, fun, args, [error_info: ...]}` (if unset). */
export function withFrame(err: BeamError, mod: string, fun: string, args: Term[], info = true): BeamError {
  if (err.stacktrace === null && mod === "erlang") explainBifArgs(err, fun, args);
  if (err.stacktrace === null) err.stacktrace = list([[a(mod), a(fun), list(args), info ? bifInfo(a(mod), (err as { cause?: Term }).cause) : NIL]]);
  return err;
}

/** FunctionClauseError for `Mod.fun/arity` called with `args` (carried in the stacktrace). */
export function fce(mod: string, fun: string, args: Term[]): BeamError {
  const m = mod.includes(".") || mod === mod.toLowerCase() ? mod : "Elixir." + mod;
  const err = raise("FunctionClauseError", {
    module: a(m),
    function: a(fun),
    arity: args.length,
    kind: null,
    args: null,
    clauses: null,
  });
  // An OTP module's entry names its source line, as BEAM's does (string.erl:195).
  const line = OTP_LINES[m]?.[`${fun}/${args.length}`];
  if (line !== undefined) {
    const file = list([...`${m}.erl`].map((c) => c.charCodeAt(0)));
    err.stacktrace = list([[a(m), a(fun), list(args), list([[a("file"), file], [a("line"), line]])]]);
  }
  return withFrame(err, m, fun, args, false);
}

export function sysLimit(): BeamError {
  return raise("SystemLimitError", { message: "a system limit has been reached" });
}

/** ArithmeticError blamed on `:erlang.op(args)`. */
export function badarith(op: string, args: Term[]): BeamError {
  return withFrame(arithmeticError(), "erlang", op, args);
}

// ---------------------------------------------------------------------------
// Number helpers

export const isInt = (t: Term): t is number | bigint => typeof t === "number" || typeof t === "bigint";
export const isNum = (t: Term): boolean => isInt(t) || t instanceof Float;

/**
 * Largest integer magnitude, in bits, before SystemLimitError: BEAM's (a bignum has at most
 * 2^19 - 1 words of 64 bits, so `1 <<< 33_554_367` is the largest power of two it holds).
 */
export const MAX_BITS = ((1 << 19) - 1) * 64;

/** The number of bits of |n| (0 for 0). Linear in the size of n, as the operations it guards. */
export function bitLength(n: bigint): number {
  if (n < 0n) n = -n;
  if (n === 0n) return 0;
  const hex = n.toString(16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(parseInt(hex[0], 16)));
}

/**
 * Whether |n| surely has at most `bits` bits: n lies in [-2^(bits-1), 2^(bits-1)), so
 * |n| <= 2^(bits-1). Cheap (V8 answers BigInt.asIntN without copying when n already fits),
 * where bitLength is linear in n's size with a large constant: the guards of operations on
 * big integers ask this first and measure exactly only near the limit.
 */
function fitsBits(n: bigint, bits: number): boolean {
  return BigInt.asIntN(bits, n) === n;
}

/** log2(|n|) for n != 0, close enough to predict the size of a power. */
function log2Big(n: bigint): number {
  const bits = bitLength(n);
  if (bits <= 53) return Math.log2(Math.abs(Number(n)));
  const top = (n < 0n ? -n : n) >> BigInt(bits - 53);
  return bits - 53 + Math.log2(Number(top));
}

const big = (x: number | bigint): bigint => (typeof x === "bigint" ? x : BigInt(x));

/** Numeric value of an int or float term as a JS number (may be ±Infinity for huge bigints). */
export function toNumber(t: Term): number {
  return t instanceof Float ? t.v : Number(t);
}

/** A finite float result or badarith. */
function fres(v: number, op: string, args: Term[]): Float {
  if (!Number.isFinite(v)) throw badarith(op, args);
  return new Float(v);
}

/** Float value of an operand for mixed arithmetic, or badarith when too large. */
function fval(t: Term, op: string, args: Term[]): number {
  const v = t instanceof Float ? t.v : Number(t);
  if (!Number.isFinite(v)) throw badarith(op, args);
  return v;
}

function checkBits(n: bigint, op: string, args: Term[]): bigint {
  if (bitLength(n) > MAX_BITS) throw withFrame(sysLimit(), "erlang", op, args);
  return n;
}

// ---------------------------------------------------------------------------
// Operators

/** Small integers are unboxed JS numbers; a range test keeps them exact. */
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

export function add(x: Term, y: Term): Term {
  if (typeof x === "number" && typeof y === "number") {
    const r = x + y;
    return r <= MAX_SAFE && r >= -MAX_SAFE ? r : int(BigInt(x) + BigInt(y));
  }
  if (isInt(x) && isInt(y)) return int(big(x) + big(y));
  if (isNum(x) && isNum(y)) return fres(fval(x, "+", [x, y]) + fval(y, "+", [x, y]), "+", [x, y]);
  throw badarith("+", [x, y]);
}

export function sub(x: Term, y: Term): Term {
  if (typeof x === "number" && typeof y === "number") {
    const r = x - y;
    return r <= MAX_SAFE && r >= -MAX_SAFE ? r + 0 : int(BigInt(x) - BigInt(y));
  }
  if (isInt(x) && isInt(y)) return int(big(x) - big(y));
  if (isNum(x) && isNum(y)) return fres(fval(x, "-", [x, y]) - fval(y, "-", [x, y]), "-", [x, y]);
  throw badarith("-", [x, y]);
}

export function mul(x: Term, y: Term): Term {
  if (typeof x === "number" && typeof y === "number") {
    const r = x * y;
    return r <= MAX_SAFE && r >= -MAX_SAFE ? r + 0 : int(BigInt(x) * BigInt(y));
  }
  if (isInt(x) && isInt(y)) {
    const bx = big(x);
    const by = big(y);
    if (bx !== 0n && by !== 0n) {
      // The product has bits(x) + bits(y) or one fewer: operands of at most half the limit
      // each are surely fine.
      if (fitsBits(bx, MAX_BITS >> 1) && fitsBits(by, MAX_BITS >> 1)) return int(bx * by);
      const bits = bitLength(bx) + bitLength(by);
      if (bits - 1 > MAX_BITS) throw withFrame(sysLimit(), "erlang", "*", [x, y]);
      if (bits > MAX_BITS) return int(checkBits(bx * by, "*", [x, y]));
    }
    return int(bx * by);
  }
  if (isNum(x) && isNum(y)) return fres(fval(x, "*", [x, y]) * fval(y, "*", [x, y]), "*", [x, y]);
  throw badarith("*", [x, y]);
}

/** `/`: always a float; dividing by zero (0 or 0.0) is badarith. */
export function fdiv(x: Term, y: Term): Float {
  if (!isNum(x) || !isNum(y)) throw badarith("/", [x, y]);
  const d = fval(y, "/", [x, y]);
  if (d === 0) throw badarith("/", [x, y]);
  if (typeof x === "bigint" || typeof y === "bigint") {
    const n = Number(x instanceof Float ? x.v : x);
    if (Number.isFinite(n)) return fres(n / d, "/", [x, y]);
    // Huge integer numerator: divide exactly first when both are integers.
    if (isInt(x) && isInt(y)) return fres(Number(big(x) / big(y)), "/", [x, y]);
    throw badarith("/", [x, y]);
  }
  return fres(fval(x, "/", [x, y]) / d, "/", [x, y]);
}

/** `div`: truncating integer division. */
export function idiv(x: Term, y: Term): Term {
  if (!isInt(x) || !isInt(y) || y === 0) throw badarith("div", [x, y]);
  if (typeof x === "number" && typeof y === "number") return int(Math.trunc(x / y) + 0);
  return int(big(x) / big(y));
}

/** `rem`: remainder with the sign of the dividend. */
export function rem(x: Term, y: Term): Term {
  if (!isInt(x) || !isInt(y) || y === 0) throw badarith("rem", [x, y]);
  if (typeof x === "number" && typeof y === "number") return (x % y) + 0;
  return int(big(x) % big(y));
}

export function neg(x: Term): Term {
  if (typeof x === "number") return 0 - x;
  if (typeof x === "bigint") return int(-x);
  if (x instanceof Float) return new Float(-x.v);
  throw badarith("-", [x]);
}

export function pos(x: Term): Term {
  if (isNum(x)) return x;
  throw badarith("+", [x]);
}

/** `abs/1` (a BIF: bad arguments raise ArgumentError "not a number"). */
export function abs(x: Term): Term {
  if (typeof x === "number") return Math.abs(x);
  if (typeof x === "bigint") return int(x < 0n ? -x : x);
  // (a float's sign is only changed when it is below zero: abs(-0.0) stays -0.0, as on the BEAM)
  if (x instanceof Float) return x.v < 0 ? new Float(-x.v) : x;
  throw withFrame(badArgsNum(), "erlang", "abs", [x]);
}

function badArgsNum(): BeamError {
  return raise("ArgumentError", {
    message: "errors were found at the given arguments:\n\n  * 1st argument: not a number\n",
  });
}

/** Floor division (Integer.floor_div). */
export function floorDiv(x: number | bigint, y: number | bigint): number | bigint {
  if (typeof x === "number" && typeof y === "number") return Math.floor(x / y) + 0;
  const bx = big(x);
  const by = big(y);
  const q = bx / by;
  return int((bx % by !== 0n) && ((bx < 0n) !== (by < 0n)) ? q - 1n : q);
}

/** Modulo with the sign of the divisor (Integer.mod). */
export function mod(x: number | bigint, y: number | bigint): number | bigint {
  if (typeof x === "number" && typeof y === "number") {
    const r = x % y;
    return (r !== 0 && (r < 0) !== (y < 0) ? r + y : r) + 0;
  }
  const bx = big(x);
  const by = big(y);
  const r = bx % by;
  return int(r !== 0n && (r < 0n) !== (by < 0n) ? r + by : r);
}

// ---------------------------------------------------------------------------
// Bitwise (bigint-correct; non-integers are badarith)

function bitArgs(op: string, x: Term, y: Term): [bigint, bigint] {
  if (!isInt(x) || !isInt(y)) throw badarith(op, [x, y]);
  return [big(x), big(y)];
}

const small32 = (x: Term): boolean => typeof x === "number" && x >= -0x80000000 && x <= 0x7fffffff;

export function band(x: Term, y: Term): Term {
  if (small32(x) && small32(y)) return x & y;
  const [bx, by] = bitArgs("band", x, y);
  return int(bx & by);
}

export function bor(x: Term, y: Term): Term {
  if (small32(x) && small32(y)) return x | y;
  const [bx, by] = bitArgs("bor", x, y);
  return int(bx | by);
}

export function bxor(x: Term, y: Term): Term {
  if (small32(x) && small32(y)) return x ^ y;
  const [bx, by] = bitArgs("bxor", x, y);
  return int(bx ^ by);
}

export function bnot(x: Term): Term {
  if (small32(x)) return ~x;
  if (typeof x === "bigint") return int(~x);
  if (typeof x === "number") return int(~BigInt(x));
  throw badarith("bnot", [x]);
}

export function bsl(x: Term, y: Term): Term {
  const [bx, by] = bitArgs("bsl", x, y);
  return shift(bx, by, "bsl", [x, y]);
}

export function bsr(x: Term, y: Term): Term {
  const [bx, by] = bitArgs("bsr", x, y);
  return shift(bx, -by, "bsr", [x, y]);
}

/** x shifted left by s bits (right when negative); arithmetic right shift. */
function shift(x: bigint, s: bigint, op: string, args: Term[]): Term {
  if (x === 0n) return 0;
  if (s <= 0n) {
    if (-s > 1_000_000_000n) return x < 0n ? -1 : 0;
    return int(x >> -s);
  }
  if (!(s < BigInt(MAX_BITS) && fitsBits(x, MAX_BITS - Number(s))) && BigInt(bitLength(x)) + s > BigInt(MAX_BITS)) throw withFrame(sysLimit(), "erlang", op, args);
  return int(x << s);
}

/** Integer power with non-negative exponent, guarded against enormous results. */
export function ipow(base: number | bigint, exp: number | bigint, mod = "Elixir.Integer", fn = "pow"): number | bigint {
  const b = big(base);
  const e = big(exp);
  if (b === 0n || b === 1n || e === 0n) return e === 0n ? 1 : int(b);
  if (b === -1n) return e % 2n === 0n ? 1 : -1;
  // |b|^e has about e·log2|b| bits: refuse what surely exceeds the limit before computing.
  const predicted = log2Big(b) * Number(e);
  if (predicted > MAX_BITS + 1) throw withFrame(sysLimit(), mod, fn, [base, exp]);
  const r = b ** e;
  if (predicted > MAX_BITS - 1 && bitLength(r) > MAX_BITS) throw withFrame(sysLimit(), mod, fn, [base, exp]);
  return int(r);
}
