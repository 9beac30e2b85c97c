// exp, log, log2 and pow rounded as the C library the BEAM calls (glibc) rounds them.
//
// :math.exp/1, :math.log/1, :math.log2/1 and :math.pow/2 (so Kernel.**/2 and Float.pow/2 of
// floats) are the C library's functions on the BEAM. glibc's are nearly correctly rounded
// (within 0.52 units in the last place); V8's Math.exp, Math.log and Math.pow are fdlibm's,
// within one unit, and differ from glibc's in the last digit for about one argument in ten
// (exp, pow) or fifty (log): `:math.pow(30.040518354904265, -0.5)` is 0.1824510171581928 on
// the BEAM and 0.18245101715819279 in V8. These compute the exact value to about 2^-75 in
// double-double arithmetic (a pair hi + lo of doubles) and round it once, which is glibc's
// result except where glibc itself misrounds (values within a few hundredths of a unit of a
// rounding boundary: a few in ten thousand). The trigonometric and hyperbolic functions and
// log10 are in float-trig.ts, on the same double-double steps (double-double.ts).
//
// exp: x = k ln2/128 + r with |r| <= ln2/256; e^x = 2^(k/128) e^r, with 2^(j/128) from a table
// and e^r from its Taylor series. log: x = 2^e m with m in [1, 2), m = c (1 + t) with
// c = 1 + j/256 and |t| <= 1/512; log x = e ln2 + log c + log(1 + t), log c from a table and
// log(1 + t) from its series. pow: e^(y log x) with log x kept as double-double. The tables
// are computed once, on first use, by a slower method exact to about 2^-95.
//
// Arguments outside the ordinary range (not finite, zero, negative, results that overflow,
// underflow or are subnormal) are left to Math's functions, which give the IEEE special
// values; the callers raise where :math raises.
import { DD, SPLITTER, quickTwoSum, twoProd, twoSum } from "./double-double.js";

function add(ah: number, al: number, bh: number, bl: number): DD {
  const [s, e0] = twoSum(ah, bh);
  const [t, f] = twoSum(al, bl);
  const [s1, e1] = quickTwoSum(s, e0 + t);
  return quickTwoSum(s1, e1 + f);
}

function mul(ah: number, al: number, bh: number, bl: number): DD {
  const [p, e] = twoProd(ah, bh);
  return quickTwoSum(p, e + (ah * bl + al * bh));
}

function divNum(ah: number, al: number, b: number): DD {
  const q = ah / b;
  const [p, e] = twoProd(q, b);
  return quickTwoSum(q, (ah - p - e + al) / b);
}

/** ln 2 as double-double. */
const LN2_HI = 0.6931471805599453;
const LN2_LO = 2.3190468138462996e-17;

// --- the slow, more exact method the tables are computed with -------------------------

/** e^(h + l) as [hi, lo, k]: (hi + lo) 2^k. Taylor series of e^(r/1024), squared 10 times. */
function slowExp(h: number, l: number): [number, number, number] {
  const k = Math.round(h / LN2_HI);
  const [kh, kl] = mul(LN2_HI, LN2_LO, -k, 0);
  let [rh, rl] = add(h, l, kh, kl);
  rh /= 1024;
  rl /= 1024;
  let th = rh, tl = rl;
  let sh = rh, sl = rl;
  for (let i = 2; i <= 14; i++) {
    [th, tl] = mul(th, tl, rh, rl);
    [th, tl] = divNum(th, tl, i);
    [sh, sl] = add(sh, sl, th, tl);
  }
  // e^(2s) - 1 = 2 (e^s - 1) + (e^s - 1)^2
  for (let i = 0; i < 10; i++) {
    const [qh, ql] = mul(sh, sl, sh, sl);
    [sh, sl] = add(2 * sh, 2 * sl, qh, ql);
  }
  const [eh, el] = add(1, 0, sh, sl);
  return [eh, el, k];
}

/** log x for a normal x > 0: Math.log corrected by one Newton step on e^y = x. */
function slowLog(x: number): DD {
  const l0 = Math.log(x);
  if (l0 === 0) return [0, 0];
  const [eh, el, k] = slowExp(-l0, 0);
  let [ph, pl] = mul(eh, el, x, 0);
  ph *= 2 ** k;
  pl *= 2 ** k;
  const [uh, ul] = add(ph, pl, -1, 0);
  const u2 = uh * uh;
  return add(l0, 0, uh, ul - u2 / 2 + (u2 * uh) / 3);
}

// --- tables ----------------------------------------------------------------------------

/** 2^(j/128), j = 0..127, as double-double (hi at 2j, lo at 2j + 1). */
let EXP2: Float64Array | null = null;
/** log(1 + j/256), j = 0..256, as double-double. */
let LOGC: Float64Array | null = null;

function exp2Table(): Float64Array {
  if (EXP2 !== null) return EXP2;
  const t = new Float64Array(256);
  for (let j = 0; j < 128; j++) {
    const [h, l] = divNum(...mul(LN2_HI, LN2_LO, j, 0), 128);
    const [eh, el, k] = slowExp(h, l);
    t[2 * j] = eh * 2 ** k;
    t[2 * j + 1] = el * 2 ** k;
  }
  return (EXP2 = t);
}

function logTable(): Float64Array {
  if (LOGC !== null) return LOGC;
  const t = new Float64Array(514);
  for (let j = 1; j <= 256; j++) {
    const [h, l] = slowLog(1 + j / 256);
    t[2 * j] = h;
    t[2 * j + 1] = l;
  }
  return (LOGC = t);
}

// --- the functions ---------------------------------------------------------------------

const MIN_SAFE = 2.2250738585072014e-308 * 2 ** 60;
const MAX_SAFE = 1.7976931348623157e308;
const LN2_128_HI = LN2_HI / 128;
const LN2_128_LO = LN2_LO / 128;
const INV_LN2_128 = 128 / Math.LN2;

// The functions below are the hot path (a `:math.pow` call runs them once): the same
// operations as the pair-returning helpers above, in the same order (so the same results),
// but a double-double's low half travels in `LO` instead of a new array per operation,
// which cost about a microsecond per call. Each helper answers the high half and sets LO.
let LO = 0;

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** twoProd's high half; its low half in LO. */
function tp(a: number, b: number): number {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  LO = ah * bh - p + ah * bl + al * bh + al * bl;
  return p;
}

/** add's high half (of (ah + al) + (bh + bl)); its low half in LO. */
function ad(ah: number, al: number, bh: number, bl: number): number {
  const s = ah + bh;
  let bb = s - ah;
  const e0 = ah - (s - bb) + (bh - bb);
  const t = al + bl;
  bb = t - al;
  const f = al - (t - bb) + (bl - bb);
  const u = e0 + t;
  const s1 = s + u;
  const e1 = u - (s1 - s);
  const v = e1 + f;
  const r = s1 + v;
  LO = v - (r - s1);
  return r;
}

/** mul's high half (of (ah + al)(bh + bl)); its low half in LO. */
function ml(ah: number, al: number, bh: number, bl: number): number {
  const p = tp(ah, bh);
  const v = LO + (ah * bl + al * bh);
  const s = p + v;
  LO = v - (s - p);
  return s;
}

/** e^(zh + zl) rounded once; zh within the range where the result is normal. */
function expDD(zh: number, zl: number): number {
  const k = Math.round(zh * INV_LN2_128);
  const p = tp(k, LN2_128_HI);
  const pe = LO;
  // zh - p is exact (the two are within a factor of 2, or p is 0)
  const a = zh - p;
  const b = zl - pe - k * LN2_128_LO;
  const rh = a + b;
  const bb = rh - a;
  const rl = a - (rh - bb) + (b - bb);
  // e^r - 1 - r - r^2/2, small enough for double arithmetic
  const r = rh;
  const tail = r * r * r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r * (1 / 720 + r * (1 / 5040 + r / 40320)))));
  const qh = tp(rh, rh);
  const ql = LO;
  let sh = ad(rh, rl, qh / 2, (ql + 2 * rh * rl) / 2 + tail);
  let sl = LO;
  // 2^(j/128) (1 + s); k is an integer of at most 18 bits here, so `& 127` is k mod 128
  const j = k & 127;
  const tab = exp2Table();
  const th = tab[2 * j], tl = tab[2 * j + 1];
  const mh = ml(th, tl, sh, sl);
  sh = ad(th, tl, mh, LO);
  sl = LO;
  // (2^1024 is not a double: a result just below the largest double takes 2^1023 twice)
  const n = (k - j) / 128;
  return n > 1023 ? (sh + sl) * 2 * pow2(n - 1) : (sh + sl) * pow2(n);
}

/** 2^n for an integer n, exactly (as `2 ** n`), made from its bits when it is normal. */
function pow2(n: number): number {
  if (n < -1022 || n > 1023) return 2 ** n;
  U32[HI] = (n + 1023) << 20;
  U32[1 - HI] = 0;
  return F64[0];
}

/** log x's high half for a normal x > 0; its low half in LO. */
function logDD(x: number): number {
  F64[0] = x;
  const e = ((U32[HI] >>> 20) & 0x7ff) - 1023;
  U32[HI] = (U32[HI] & 0x800fffff) | 0x3ff00000;
  const m = F64[0];
  const j = Math.round((m - 1) * 256);
  const c = 1 + j / 256;
  // t = (m - c) / c; m - c is exact
  const d = m - c;
  const th = d / c;
  const p = tp(th, c);
  const tl = (d - p - LO) / c;
  // log(1 + t) = t - t^2/2 + t^3/3 - ...; from t^3 on in double arithmetic
  const t = th;
  const tail = t * t * t * (1 / 3 - t * (1 / 4 - t * (1 / 5 - t * (1 / 6 - t * (1 / 7 - t * (1 / 8 - t / 9))))));
  const qh = tp(th, th);
  const ql = LO;
  let sh = ad(th, tl, -qh / 2, -(ql + 2 * th * tl) / 2 + tail);
  let sl = LO;
  if (j > 0) {
    const tab = logTable();
    sh = ad(tab[2 * j], tab[2 * j + 1], sh, sl);
    sl = LO;
  }
  if (e !== 0) {
    const eh = tp(e, LN2_HI);
    sh = ad(eh, LO + e * LN2_LO, sh, sl);
    sl = LO;
  }
  LO = sl;
  return sh;
}

/**
 * Bounds on the exponent z of e^z within which the result is well inside the normal range
 * (between MIN_SAFE and MAX_SAFE, with room for Math's error): there the general way needs
 * no look at Math's result first.
 */
const Z_SAFE = 650;

export function libmExp(x: number): number {
  if (x > -Z_SAFE && x < Z_SAFE && x !== 0) return expDD(x, 0);
  const r = Math.exp(x);
  if (!(r > MIN_SAFE && r < MAX_SAFE) || x === 0) return r;
  return expDD(x, 0);
}

export function libmLog(x: number): number {
  if (!(x >= 2.2250738585072014e-308 && x < Infinity)) return Math.log(x);
  const h = logDD(x);
  return h + LO;
}

/** 1/ln 2 as double-double. */
const INV_LN2_HI = 1.4426950408889634;
const INV_LN2_LO = 2.0355273740931033e-17;

export function libmLog2(x: number): number {
  if (!(x >= 2.2250738585072014e-308 && x < Infinity)) return Math.log2(x);
  const h = ml(logDD(x), LO, INV_LN2_HI, INV_LN2_LO);
  return h + LO;
}

export function libmPow(x: number, y: number): number {
  // the common case: a positive normal base and an exponent that keep the result ordinary
  if (x >= 2.2250738585072014e-308 && x < Infinity && x !== 1 && y !== 0 && y !== 2 && y > -Infinity && y < Infinity) {
    const zh = ml(logDD(x), LO, y, 0);
    if (zh > -Z_SAFE && zh < Z_SAFE) return expDD(zh, LO);
  }
  const r = Math.pow(x, y);
  if (!Number.isFinite(r) || !Number.isFinite(x) || !Number.isFinite(y) || r === 0 || y === 0 || x === 1) return r;
  if (x < 0) {
    // only an integral exponent gives a number (r would be NaN otherwise)
    const v = libmPow(-x, y);
    return Math.abs(y) % 2 === 1 ? -v : v;
  }
  if (x === 0 || x < 2.2250738585072014e-308 || !(r > MIN_SAFE && r < MAX_SAFE)) return r;
  // exactly rounded as a product (the square of a double is near a rounding boundary more
  // often than the 2^-75 the general way is exact to)
  if (y === 2) return x * x;
  const lh = logDD(x);
  const zh = ml(lh, LO, y, 0);
  return expDD(zh, LO);
}
