// Erlang's :math module. Arguments must be numbers (else ArgumentError "not a number", as
// the BIFs report it); results that are not finite floats raise ArithmeticError (badarith).
// erf/erfc use a series/continued fraction and may differ from libm in the last digit;
// exp/log/pow (float-libm.ts) and the trigonometric and hyperbolic functions and log10
// (float-trig.ts) are rounded as glibc rounds them; tanh/atanh are fdlibm's in both.
import type { NativeFn } from "../runtime/code.js";
import { arithmeticError, badArgs } from "../runtime/errors.js";
import { Float, Term, float } from "../runtime/term.js";
import { isNum, withFrame } from "../runtime/arith.js";
import { libmExp, libmLog, libmLog2, libmPow } from "./float-libm.js";
import { libmAcos, libmAcosh, libmAsin, libmAsinh, libmAtan, libmAtan2, libmCos, libmCosh, libmLog10, libmSin, libmSinh, libmTan } from "./float-trig.js";

function num(x: Term, pos: number): number {
  if (!isNum(x)) throw badArgs([[pos, "not a number"]]);
  return x instanceof Float ? x.v : Number(x);
}

function result(v: number): Float {
  if (!Number.isFinite(v)) throw arithmeticError();
  return float(v);
}

function erf(x: number): number {
  // (erf(-0.0) is -0.0)
  if (x === 0) return x;
  const ax = Math.abs(x);
  if (ax < 2.5) {
    // Maclaurin series: 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1))
    let term = ax;
    let sum = ax;
    const x2 = ax * ax;
    for (let n = 1; n < 200; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    const r = (2 / Math.sqrt(Math.PI)) * sum;
    return x < 0 ? -r : r;
  }
  const r = 1 - erfcPos(ax);
  return x < 0 ? -r : r;
}

/** erfc for x >= 2.5 by Lentz's continued fraction. */
function erfcPos(x: number): number {
  if (x > 27) return 0;
  // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...))))
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const an = n / 2;
    d = x + an * d;
    d = d === 0 ? 1e-300 : 1 / d;
    c = x + an / c;
    if (c === 0) c = 1e-300;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

function erfc(x: number): number {
  if (x >= 2.5) return erfcPos(x);
  if (x <= -2.5) return 2 - erfcPos(-x);
  return 1 - erf(x);
}

const unary = (name: string, f: (x: number) => number): Record<string, NativeFn> => ({
  [name + "/1"]: (args) => {
    try {
      return result(f(num(args[0], 1)));
    } catch (e) {
      throw withFrame(e as never, "math", name, args);
    }
  },
});

const binary = (name: string, f: (x: number, y: number) => number): Record<string, NativeFn> => ({
  [name + "/2"]: (args) => {
    try {
      // (every argument that is not a number is named, as erl_stdlib_errors does)
      const bad: [number, string][] = args.flatMap((x, i): [number, string][] => (isNum(x) ? [] : [[i + 1, "not a number"]]));
      if (bad.length > 0) throw badArgs(bad);
      return result(f(num(args[0], 1), num(args[1], 2)));
    } catch (e) {
      throw withFrame(e as never, "math", name, args);
    }
  },
});

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "math",
  fns: {
    "pi/0": () => float(Math.PI),
    ...unary("sqrt", Math.sqrt),
    ...unary("exp", libmExp),
    ...unary("log", (x) => (x <= 0 ? NaN : libmLog(x))),
    ...unary("log2", (x) => (x <= 0 ? NaN : libmLog2(x))),
    ...unary("log10", (x) => (x <= 0 ? NaN : libmLog10(x))),
    ...unary("sin", libmSin),
    ...unary("cos", libmCos),
    ...unary("tan", libmTan),
    ...unary("asin", libmAsin),
    ...unary("acos", libmAcos),
    ...unary("atan", libmAtan),
    ...unary("sinh", libmSinh),
    ...unary("cosh", libmCosh),
    ...unary("tanh", Math.tanh),
    ...unary("asinh", libmAsinh),
    ...unary("acosh", libmAcosh),
    ...unary("atanh", Math.atanh),
    ...unary("erf", erf),
    ...unary("erfc", erfc),
    ...unary("floor", Math.floor),
    ...unary("ceil", Math.ceil),
    ...binary("pow", libmPow),
    ...binary("atan2", libmAtan2),
    ...binary("fmod", (x, y) => (y === 0 ? NaN : x % y)),
  },
};
