// Elixir's Float module, plus exact float↔text helpers shared with :erlang
// (float_to_binary's {decimals, N} / {scientific, N}, binary_to_float's grammar).
// Float.round/floor/ceil with a precision are a port of Elixir 1.14's exact algorithm.
import type { NativeFn } from "../runtime/code.js";
import { argumentError, arithmeticError, badArgs } from "../runtime/errors.js";
import { formatFloatShort } from "../runtime/float-format.js";
import { Float, Term, a, float, int, list } from "../runtime/term.js";
import { fce, withFrame } from "../runtime/arith.js";
import { asLatin1, binFromLatin1, isBin } from "./unicode.js";
import { libmPow } from "./float-libm.js";

// ---------------------------------------------------------------------------
// Exact decimal expansion of doubles

/** |v| = m * 2^e exactly (v finite). */
export function decompose(v: number): { m: bigint; e: number } {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, v);
  const hi = dv.getUint32(0);
  const lo = dv.getUint32(4);
  const exp = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (exp === 0) return { m: frac, e: -1074 };
  return { m: frac | (1n << 52n), e: exp - 1075 };
}

const P10: bigint[] = [1n];
export function pow10(n: number): bigint {
  while (P10.length <= n) P10.push(P10[P10.length - 1] * 10n);
  return P10[n];
}

/** |v| * 10^d as {q, r, den}: exact quotient and remainder over den. */
function scaled(v: number, d: number): { q: bigint; r: bigint; den: bigint } {
  const { m, e } = decompose(v);
  let num = m;
  let den = 1n;
  if (e >= 0) num <<= BigInt(e);
  else den <<= BigInt(-e);
  if (d >= 0) num *= pow10(d);
  else den *= pow10(-d);
  return { q: num / den, r: num % den, den };
}

/** Fixed notation with `d` decimals, ties away from zero (Erlang's {decimals, D}). */
export function toFixedExact(v: number, d: number, compact = false): string {
  const neg = v < 0 || Object.is(v, -0);
  const { q, r, den } = scaled(v, d);
  const n = 2n * r >= den ? q + 1n : q;
  let digits = n.toString().padStart(d + 1, "0");
  let intPart = digits.slice(0, digits.length - d);
  let frac = digits.slice(digits.length - d);
  if (compact && frac.length > 0) {
    frac = frac.replace(/0+$/, "");
    if (frac === "") frac = "0";
  }
  digits = d === 0 ? intPart : intPart + "." + frac;
  return (neg ? "-" : "") + digits;
}

/** Scientific notation with `d` fraction digits, ties to even (C printf %.*e). */
export function toScientificExact(v: number, d: number): string {
  const neg = v < 0 || Object.is(v, -0);
  let exp = 0;
  let digits: string;
  if (v === 0) digits = "0".repeat(d + 1);
  else {
    exp = Math.floor(Math.log10(Math.abs(v)));
    // Fix the estimate so that 10^exp <= |v| < 10^(exp+1).
    for (;;) {
      const { q } = scaled(v, -exp);
      if (q < 1n) exp--;
      else if (q >= 10n) exp++;
      else break;
    }
    const { q, r, den } = scaled(v, d - exp);
    let n = q;
    if (2n * r > den || (2n * r === den && (q & 1n) === 1n)) n += 1n;
    if (n >= pow10(d + 1)) {
      n /= 10n;
      exp++;
    }
    digits = n.toString();
  }
  const mant = d === 0 ? digits : digits[0] + "." + digits.slice(1);
  const es = Math.abs(exp).toString().padStart(2, "0");
  return (neg ? "-" : "") + mant + "e" + (exp < 0 ? "-" : "+") + es;
}

/** Erlang's binary_to_float grammar: [+-]D+.D+([eE][+-]?D+)?; null when invalid/overflow. */
export function parseErlFloat(s: string): number | null {
  if (!/^[+-]?[0-9]+\.[0-9]+([eE][+-]?[0-9]+)?$/.test(s)) return null;
  const v = Number(s);
  return Number.isFinite(v) ? v : null;
}

/** float_to_binary/2 options (last of short/decimals/scientific wins); null if invalid. */
export function formatFloatOpts(v: number, opts: Term[] | null): string | null {
  if (opts === null) return null;
  let mode: "short" | "decimals" | "scientific" = "scientific";
  let n = 20;
  let compact = false;
  for (const o of opts) {
    if (o === a("short")) mode = "short";
    else if (o === a("compact")) compact = true;
    else if (Array.isArray(o) && o.length === 2 && typeof o[1] === "number" && o[1] >= 0) {
      if (o[0] === a("decimals") && o[1] <= 253) mode = "decimals";
      else if (o[0] === a("scientific") && o[1] <= 249) mode = "scientific";
      else return null;
      n = o[1];
    } else return null;
  }
  if (mode === "short") return formatFloatShort(v);
  if (mode === "decimals") return toFixedExact(v, n, compact);
  return toScientificExact(v, n);
}

// ---------------------------------------------------------------------------
// Float.round/floor/ceil with precision (port of Elixir 1.14 float.ex)

type Rounding = "floor" | "ceil" | "half_up";

function roundPrec(v: number, precision: number, rounding: Rounding): number {
  if (v === 0) return v;
  const { m, e } = decompose(v);
  const sign = v < 0 ? 1 : 0;
  // Strip trailing zero bits: num * 2^-count == |v| with num odd (count may be <= 0).
  let num = m;
  let ex = e;
  while (num !== 0n && (num & 1n) === 0n) {
    num >>= 1n;
    ex++;
  }
  const count = -ex;
  if (count >= 104) {
    if (rounding === "ceil" && sign === 0) return 1 / Number(pow10(precision));
    if (rounding === "floor" && sign === 1) return -1 / Number(pow10(precision));
    return 0;
  }
  if (count <= precision) return v;
  const diff = count - precision - 1;
  let n = (num * 5n ** BigInt(count)) / pow10(diff);
  const dv = n / 10n;
  if (rounding === "floor") n = sign === 1 ? dv + 1n : dv;
  else if (rounding === "ceil") n = sign === 0 ? dv + 1n : dv;
  else n = n % 10n >= 5n ? dv + 1n : dv;
  if (n === 0n) return 0;
  const r = Number(`${n}e-${precision}`);
  return sign === 1 ? -r : r;
}

// ---------------------------------------------------------------------------
// Natives


/** Float.__round__/3: the rounding of floor/2, ceil/2 and round/2 once their precision held (prelude/float.ex). */
const roundNative: NativeFn = ([f, p, how]) => {
  const rounding = (how as { name: string }).name as Rounding;
  return float(roundPrec((f as Float).v, p as number, rounding));
};

/** Erlang round/1 on a double: half away from zero. */
export function erlRound(v: number): number {
  return v < 0 ? -Math.round(-v) : Math.round(v);
}

/** Float.parse/1 (also used by String/Integer helpers). Returns [value, rest] or null. */
export function parseFloatPrefix(s: string): { v: number; rest: string } | "error" | "overflow" {
  const m = /^([+-]?)([0-9]+)(\.[0-9]+)?(?:([eE][+-]?[0-9]+))?/.exec(s);
  if (!m) return "error";
  const text = m[1] + m[2] + (m[3] ?? "") + (m[4] ?? "");
  const v = Number(text);
  if (!Number.isFinite(v)) return m[4] !== undefined ? "error" : "overflow";
  return { v: m[1] === "-" && v === 0 ? -0 : v, rest: s.slice(m[0].length) };
}

function ratio(v: number): Term {
  if (v === 0) return [0, 1];
  let { m, e } = decompose(v);
  while ((m & 1n) === 0n) {
    m >>= 1n;
    e++;
  }
  if (v < 0) m = -m;
  if (e >= 0) return [int(m << BigInt(e)), 1];
  return [int(m), int(1n << BigInt(-e))];
}

const mustFloat = (name: string, fn: (v: number) => Term): NativeFn => (args) => {
  if (!(args[0] instanceof Float)) throw fce("Float", name, args);
  return fn(args[0].v);
};

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.Float",
  fns: {
    "max_finite/0": () => float(Number.MAX_VALUE),
    "min_finite/0": () => float(-Number.MAX_VALUE),
    "__round__/3": roundNative,
    "pow/2": (args) => {
      const [b, e] = args;
      if (!(b instanceof Float) || !(typeof e === "number" || typeof e === "bigint" || e instanceof Float)) {
        throw fce("Float", "pow", args);
      }
      const ev = e instanceof Float ? e.v : Number(e);
      const r = libmPow(b.v, ev);
      if (!Number.isFinite(r)) throw withFrame(arithmeticError(), "math", "pow", [b, e]);
      return float(r);
    },
    // (Float.parse/1 of a binary: prelude/float.ex)
    "__parse__/1": (args) => {
      const [s] = args;
      if (typeof s !== "string") {
        // Invalid UTF-8: parse the ASCII prefix only.
        return parseBin(s);
      }
      const r = parseFloatPrefix(s);
      if (r === "error") return a("error");
      if (r === "overflow") {
        throw withFrame(badArgs([[1, "not a textual representation of a float"]]), "erlang", "binary_to_float", [s]);
      }
      return [float(r.v), r.rest];
    },
    "ratio/1": mustFloat("ratio", ratio),
    "to_string/1": mustFloat("to_string", (v) => formatFloatShort(v)),
    "to_charlist/1": mustFloat("to_charlist", (v) => list([...formatFloatShort(v)].map((c) => c.charCodeAt(0)))),
  },
};

function parseBin(b: Term): Term {
  const s = asLatin1(b);
  const r = parseFloatPrefix(s);
  if (r === "error") return a("error");
  if (r === "overflow") throw badArgs([[1, "not a textual representation of a float"]]);
  return [float(r.v), binFromLatin1(r.rest)];
}
