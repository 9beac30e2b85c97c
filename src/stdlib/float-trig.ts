// The trigonometric, inverse trigonometric and hyperbolic functions and log10 rounded as
// the C library the BEAM calls (glibc 2.36) rounds them.
//
// glibc's sin, cos, tan, atan, atan2, asin and acos are nearly correctly rounded (they
// misround a few arguments in ten thousand, within a hair of a rounding boundary); V8's are
// fdlibm's, within one unit in the last place, and differ from glibc's for two to three
// arguments in a hundred (`:math.cos(0.1)` is 0.9950041652780258 on the BEAM, V8's Math.cos
// gives ...257). These compute the value to about 2^-100 in double-double arithmetic and
// round it once: the argument of sin/cos/tan is reduced modulo pi/2 exactly (Payne-Hanek,
// with 2/pi to 1,400 bits in a BigInt, computed on first use), the reduced argument's sine
// and cosine come from their Taylor series; atan halves its argument twice
// (atan t = 2 atan(t / (1 + sqrt(1 + t^2)))) before its series; asin and acos are atan2 of
// sqrt(1 - x^2) computed as (1 - x)(1 + x).
//
// glibc's sinh, cosh, asinh, acosh and log10 are fdlibm's algorithms, as V8's are, but they
// call glibc's own exp and log (nearly correctly rounded, float-libm.ts), where V8 calls
// fdlibm's: the same formulas with libmExp/libmLog give glibc's results. tanh, atanh, expm1
// and log1p are left to Math (the same fdlibm code in both).
import { DD, quickTwoSum, twoProd, twoSum } from "./double-double.js";
import { libmExp, libmLog } from "./float-libm.js";


function add(a: DD, b: DD): DD {
  const [s, e0] = twoSum(a[0], b[0]);
  const [t, f] = twoSum(a[1], b[1]);
  const [s1, e1] = quickTwoSum(s, e0 + t);
  return quickTwoSum(s1, e1 + f);
}

const neg = (a: DD): DD => [-a[0], -a[1]];

function mul(a: DD, b: DD): DD {
  const [p, e] = twoProd(a[0], b[0]);
  return quickTwoSum(p, e + (a[0] * b[1] + a[1] * b[0]));
}

function div(a: DD, b: DD): DD {
  const q1 = a[0] / b[0];
  const r = add(a, neg(mul([q1, 0], b)));
  const q2 = r[0] / b[0];
  const r2 = add(r, neg(mul([q2, 0], b)));
  const q3 = r2[0] / b[0];
  const [s, e] = quickTwoSum(q1, q2);
  return add([s, e], [q3, 0]);
}

function sqrt(a: DD): DD {
  if (a[0] <= 0) return [0, 0];
  const s = Math.sqrt(a[0]);
  // one Newton step: s + (a - s^2) / 2s
  const r = add(a, neg(twoProd(s, s)));
  return quickTwoSum(s, r[0] / (2 * s));
}

const PI: DD = [3.141592653589793, 1.2246467991473532e-16];
const PI_2: DD = [1.5707963267948966, 6.123233995736766e-17];
const round = (a: DD): number => a[0] + a[1];

// --- reduction modulo pi/2 ---------------------------------------------------------------

/** Fraction bits of TWO_OVER_PI: enough for the largest double's exponent and 300 more. */
const TWO_OVER_PI_BITS = 1400n;
let twoOverPi: bigint | null = null;

/** 2/pi in fixed point (TWO_OVER_PI_BITS fraction bits), from Machin's formula for pi. */
function twoOverPiFixed(): bigint {
  if (twoOverPi !== null) return twoOverPi;
  const bits = TWO_OVER_PI_BITS + 64n;
  const one = 1n << bits;
  const atanInv = (m: bigint): bigint => {
    let power = one / m;
    let sum = power;
    for (let k = 1n; power !== 0n; k++) {
      power /= m * m;
      sum += (k % 2n === 1n ? -power : power) / (2n * k + 1n);
    }
    return sum;
  };
  const pi = 16n * atanInv(5n) - 4n * atanInv(239n);
  twoOverPi = ((2n * one) << TWO_OVER_PI_BITS) / pi;
  return twoOverPi;
}

const view = new DataView(new ArrayBuffer(8));

/** A finite nonzero x > 0 as m 2^e, m an integer. */
function decompose(x: number): [bigint, number] {
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const exp = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  return exp === 0 ? [frac, -1074] : [frac | (1n << 52n), exp - 1075];
}

/** pi/2 in four parts: three of 33 bits (k times each is exact for k < 2^20) and the rest. */
let pio2Parts: [number, number, number, number] | null = null;

function pio2(): [number, number, number, number] {
  if (pio2Parts !== null) return pio2Parts;
  // pi/2 = (2/pi)^-1, to 200 bits
  const t = twoOverPiFixed();
  const x = (1n << (TWO_OVER_PI_BITS + 200n)) / t;
  const top = BigInt(x.toString(2).length);
  const part = (i: bigint) => {
    const shift = top - 33n * (i + 1n);
    return Number((x >> shift) & ((1n << 33n) - 1n)) * 2 ** (Number(shift) - 200);
  };
  const restBits = top - 99n;
  const rest = Number(x & ((1n << restBits) - 1n)) * 2 ** -200;
  pio2Parts = [part(0n), part(1n), part(2n), rest];
  return pio2Parts;
}

/** x > 0 as k pi/2 + y, |y| <= pi/4 (about): [k mod 4, y]. */
function reduce(x: number): [number, DD] {
  if (x <= Math.PI / 4) return [0, [x, 0]];
  if (x < 2 ** 19) {
    // Cody and Waite: x - k p1 is exact, the other parts are subtracted in double-double
    const k = Math.round(x * (2 / Math.PI));
    const [p1, p2, p3, p4] = pio2();
    let y = twoSum(x - k * p1, -k * p2);
    y = add(y, [-k * p3, 0]);
    y = add(y, [-k * p4, 0]);
    return [k % 4, y];
  }
  return reducePayneHanek(x);
}

/** x > 0 as k pi/2 + y, |y| <= pi/4, from 2/pi's bits as far as x's exponent needs. */
function reducePayneHanek(x: number): [number, DD] {
  const [m, e] = decompose(x);
  // x 2/pi = m T 2^(e - F), T = 2/pi in fixed point with F fraction bits
  const f = BigInt(Math.max(300, e + 300));
  const t = twoOverPiFixed() >> (TWO_OVER_PI_BITS - f);
  const p = m * t;
  const shift = f - BigInt(e);
  let k = p >> shift;
  let frac = p & ((1n << shift) - 1n);
  if (frac >= 1n << (shift - 1n)) {
    k += 1n;
    frac -= 1n << shift;
  }
  // the fraction to 200 bits, as a double-double
  const top = shift > 200n ? frac >> (shift - 200n) : frac << (200n - shift);
  const h = Number(top);
  const l = Number(top - BigInt(h));
  const scale = 2 ** -200;
  return [Number(k & 3n), mul(quickTwoSum(h * scale, l * scale), PI_2)];
}

// --- kernels on |y| <= pi/4 --------------------------------------------------------------

// Taylor coefficients: the leading ones as double-doubles, the small ones as doubles (their
// rounding is below 2^-80 of the result for |y| <= pi/4).
let coefs: { sin: DD[]; sinTail: number[]; cos: DD[]; cosTail: number[] } | null = null;

function taylor(): { sin: DD[]; sinTail: number[]; cos: DD[]; cosTail: number[] } {
  if (coefs !== null) return coefs;
  // (-1)^n / (2n+1)! and (-1)^n / (2n)!, n = 0..13
  const sinC: DD[] = [];
  const cosC: DD[] = [];
  let c: DD = [1, 0];
  for (let k = 1; k <= 28; k++) {
    if (k > 1) c = div(c, [k, 0]);
    const sign = Math.floor(k / 2) % 2 === 0 ? 1 : -1;
    (k % 2 === 1 ? sinC : cosC).push([sign * c[0], sign * c[1]]);
  }
  cosC.unshift([1, 0]);
  coefs = { sin: sinC.slice(0, 5), sinTail: sinC.slice(5, 13).map((x) => x[0]), cos: cosC.slice(0, 6), cosTail: cosC.slice(6, 14).map((x) => x[0]) };
  return coefs;
}

/** sum c_n z^n: the tail in double (Horner on z's high part), then the leading terms in double-double. */
function horner(lead: DD[], tail: number[], z: DD): DD {
  let t = 0;
  for (let i = tail.length - 1; i >= 0; i--) t = t * z[0] + tail[i];
  let q: DD = [t, 0];
  for (let i = lead.length - 1; i >= 0; i--) q = add(mul(q, z), lead[i]);
  return q;
}

function sinKernel(y: DD): DD {
  const c = taylor();
  return mul(y, horner(c.sin, c.sinTail, mul(y, y)));
}

function cosKernel(y: DD): DD {
  const c = taylor();
  return horner(c.cos, c.cosTail, mul(y, y));
}

const EPS = 2 ** -110;

/** atan t for 0 <= t <= 1 by two halvings and the series: slow, for the table below. */
function atanSlow(t: DD): DD {
  // atan t = 2 atan(t / (1 + sqrt(1 + t^2))), to t <= tan(pi/16)
  let u = t;
  for (let i = 0; i < 2; i++) u = div(u, add([1, 0], sqrt(add([1, 0], mul(u, u)))));
  const u2 = mul(u, u);
  let power = u;
  let sum = u;
  for (let n = 1; Math.abs(power[0]) > EPS * Math.abs(sum[0]); n++) {
    power = neg(mul(power, u2));
    sum = add(sum, div(power, [2 * n + 1, 0]));
  }
  return [sum[0] * 4, sum[1] * 4];
}

/** atan(j/64), j = 0..64. */
let atanTable: DD[] | null = null;

/** atan t for 0 <= t <= 1: atan(c) + atan((t - c) / (1 + t c)) with c = j/64 nearest t. */
function atanKernel(t: DD): DD {
  atanTable ??= Array.from({ length: 65 }, (_, j) => atanSlow([j / 64, 0]));
  const j = Math.round(t[0] * 64);
  const c = j / 64;
  // u = (t - c) / (1 + t c), |u| <= 1/128
  const u = j === 0 ? t : div(add(t, [-c, 0]), add([1, 0], mul(t, [c, 0])));
  const u2 = mul(u, u);
  // atan u = u + u^3 (-1/3 + u^2/5 - ...): -1/3 as a double-double, the rest in double
  const z = u2[0];
  const tail = z * (1 / 5 + z * (-1 / 7 + z * (1 / 9 + z * (-1 / 11 + z * (1 / 13)))));
  const p = add(THIRD, [tail, 0]);
  const r = add(u, mul(mul(u, u2), p));
  return j === 0 ? r : add(atanTable[j], r);
}

/** -1/3 as a double-double. */
const THIRD: DD = [-0.3333333333333333, -1.850371707708594e-17];

/** v 2^k (exact unless the result is subnormal; in two steps where 2^k is not a double). */
const ldexp = (v: number, k: number): number => (Math.abs(k) > 1000 ? v * 2 ** Math.trunc(k / 2) * 2 ** (k - Math.trunc(k / 2)) : v * 2 ** k);

/** atan(y / x) in [0, pi/2] for y, x >= 0, not both zero. */
function atanRatio(y: DD, x: DD): DD {
  if (x[0] === 0) return PI_2;
  const small = y[0] <= x[0] ? y : x;
  const large = y[0] <= x[0] ? x : y;
  // scaled by a power of two to a large part near 1 (the double-double products would
  // overflow near the top of the range); a ratio below 2^-30 is its own arctangent
  const k = -Math.floor(Math.log2(large[0]));
  const sc = (v: number) => ldexp(v, k);
  const q = sc(small[0]) / sc(large[0]);
  let a: DD;
  if (q < 2 ** -30) a = [q, 0];
  else a = atanKernel(div([sc(small[0]), sc(small[1])], [sc(large[0]), sc(large[1])]));
  return y[0] <= x[0] ? a : add(PI_2, neg(a));
}

// --- the functions ------------------------------------------------------------------------

const TINY = 2 ** -27;

export function libmSin(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < TINY) return x;
  const [q, y] = reduce(ax);
  const r = q % 2 === 0 ? sinKernel(y) : cosKernel(y);
  const v = round(r);
  return (q >= 2) !== x < 0 ? -v : v;
}

export function libmCos(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < TINY) return 1;
  const [q, y] = reduce(ax);
  const v = round(q % 2 === 0 ? cosKernel(y) : sinKernel(y));
  return q === 1 || q === 2 ? -v : v;
}

export function libmTan(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < TINY) return x;
  const [q, y] = reduce(ax);
  const s = sinKernel(y);
  const c = cosKernel(y);
  const v = round(q % 2 === 0 ? div(s, c) : neg(div(c, s)));
  return x < 0 ? -v : v;
}

export function libmAtan(x: number): number {
  if (Number.isNaN(x)) return x;
  const ax = Math.abs(x);
  if (ax < TINY) return x;
  if (ax > 2 ** 60) return x < 0 ? -round(PI_2) : round(PI_2);
  const v = round(ax <= 1 ? atanKernel([ax, 0]) : add(PI_2, neg(atanKernel(div([1, 0], [ax, 0])))));
  return x < 0 ? -v : v;
}

export function libmAtan2(y: number, x: number): number {
  if (!Number.isFinite(x) || !Number.isFinite(y) || x === 0 || y === 0) return Math.atan2(y, x);
  const r = atanRatio([Math.abs(y), 0], [Math.abs(x), 0]);
  const v = round(x < 0 ? add(PI, neg(r)) : r);
  return y < 0 ? -v : v;
}

/** sqrt(1 - x^2) for 0 <= x <= 1, as (1 - x)(1 + x). */
const cofactor = (ax: number): DD => sqrt(mul(twoSum(1, -ax), twoSum(1, ax)));

export function libmAsin(x: number): number {
  const ax = Math.abs(x);
  if (!(ax <= 1)) return NaN;
  if (ax < TINY) return x;
  const v = round(atanRatio([ax, 0], cofactor(ax)));
  return x < 0 ? -v : v;
}

export function libmAcos(x: number): number {
  const ax = Math.abs(x);
  if (!(ax <= 1)) return NaN;
  if (x === 1) return 0;
  const r = atanRatio(cofactor(ax), [ax, 0]);
  return round(x < 0 ? add(PI, neg(r)) : r);
}

// --- fdlibm's formulas over glibc's exp and log -------------------------------------------

const LN2 = 6.93147180559945286227e-1;

export function libmSinh(x: number): number {
  if (!Number.isFinite(x)) return x;
  const h = x < 0 ? -0.5 : 0.5;
  const ax = Math.abs(x);
  if (ax < 22) {
    if (ax < 2 ** -28) return x;
    const t = Math.expm1(ax);
    if (ax < 1) return h * (2 * t - (t * t) / (t + 1));
    return h * (t + t / (t + 1));
  }
  if (ax < 709.7822265625) return h * libmExp(ax);
  if (ax <= 710.4758600739439) {
    const w = libmExp(0.5 * ax);
    return h * w * w;
  }
  return x * Infinity;
}

export function libmCosh(x: number): number {
  if (!Number.isFinite(x)) return Math.abs(x);
  const ax = Math.abs(x);
  if (ax < 22) {
    if (ax < 0.3465735902799726) {
      if (ax < 2 ** -55) return 1;
      const t = Math.expm1(ax);
      const w = 1 + t;
      return 1 + (t * t) / (w + w);
    }
    const t = libmExp(ax);
    return 0.5 * t + 0.5 / t;
  }
  if (ax < 709.7822265625) return 0.5 * libmExp(ax);
  if (ax <= 710.4758600739439) {
    const w = libmExp(0.5 * ax);
    return 0.5 * w * w;
  }
  return Infinity;
}

export function libmAsinh(x: number): number {
  if (!Number.isFinite(x)) return x;
  const ax = Math.abs(x);
  if (ax < 2 ** -28) return x;
  let w: number;
  if (ax > 2 ** 28) w = libmLog(ax) + LN2;
  else if (ax > 2) w = libmLog(2 * ax + 1 / (Math.sqrt(ax * ax + 1) + ax));
  else {
    const t = ax * ax;
    w = Math.log1p(ax + t / (1 + Math.sqrt(1 + t)));
  }
  return x < 0 ? -w : w;
}

export function libmAcosh(x: number): number {
  if (!(x >= 1)) return NaN;
  if (x >= 2 ** 28) return x === Infinity ? x : libmLog(x) + LN2;
  if (x === 1) return 0;
  if (x > 2) return libmLog(2 * x - 1 / (x + Math.sqrt(x * x - 1)));
  const t = x - 1;
  return Math.log1p(t + Math.sqrt(2 * t + t * t));
}

const IVLN10 = 4.34294481903251816668e-1;
const LOG10_2HI = 3.01029995663611771306e-1;
const LOG10_2LO = 3.69423907715893078616e-13;

export function libmLog10(x: number): number {
  if (!(x > 0) || x === Infinity) return Math.log10(x);
  let k = 0;
  let v = x;
  if (v < 2 ** -1022) {
    k -= 54;
    v *= 2 ** 54;
  }
  view.setFloat64(0, v);
  let hx = view.getUint32(0);
  k += (hx >>> 20) - 1023;
  // the mantissa scaled to [1, 2), or to [0.5, 1) when the exponent is negative
  const i = k < 0 ? 1 : 0;
  hx = (hx & 0x000fffff) | ((0x3ff - i) << 20);
  view.setUint32(0, hx);
  const m = view.getFloat64(0);
  const y = k + i;
  const z = y * LOG10_2LO + IVLN10 * libmLog(m);
  return z + y * LOG10_2HI;
}
