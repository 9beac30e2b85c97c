// Float formatting: inspect's (the shortest digits that round-trip; fixed notation when
// 0 <= exponent < 16, otherwise whichever of fixed/scientific is shorter, fixed on a tie) and
// Erlang's float_to_binary(F, [short]) (to_string, Float.to_string, io_lib's ~w and ~p).

/** Shortest round-trip decimal digits and decimal exponent of |v| (v finite, nonzero). */
function digitsOf(v: number): { digits: string; exp: number } {
  const [mant, e] = Math.abs(v).toExponential().split("e");
  return { digits: mant.replace(".", ""), exp: Number(e) };
}

function fixed(digits: string, exp: number): string {
  if (exp >= 0) {
    const intPart = digits.length > exp + 1 ? digits.slice(0, exp + 1) : digits.padEnd(exp + 1, "0");
    const frac = digits.length > exp + 1 ? digits.slice(exp + 1) : "0";
    return intPart + "." + frac;
  }
  return "0." + "0".repeat(-exp - 1) + digits;
}

function scientific(digits: string, exp: number): string {
  const frac = digits.length > 1 ? digits.slice(1) : "0";
  return digits[0] + "." + frac + "e" + exp;
}

export function formatFloat(v: number): string {
  if (v === 0) return Object.is(v, -0) ? "-0.0" : "0.0";
  const sign = v < 0 ? "-" : "";
  const { digits, exp } = digitsOf(v);
  if (exp >= 0) return sign + (exp < 16 ? fixed(digits, exp) : scientific(digits, exp));
  const f = fixed(digits, exp);
  const s = scientific(digits, exp);
  return sign + (s.length < f.length ? s : f);
}

/**
 * Erlang's float_to_list(F, [short]) (io_lib's ~w and ~p, to_string): OTP's Ryu printer. With
 * the shortest digits D (n of them) and the exponent e of their last digit (F = D * 10^e),
 * fixed notation is used when -(n + 2) <= e <= 1 (n = 1: -4 <= e <= 2; the first digit at
 * 10^10 or above: e <= 2), except for digits beyond 2^53 (D >= 2^53 at e = 0, D * 10 above
 * 2^53 at e = 1, D * 100 at e = 2), which are scientific; scientific otherwise.
 */
export function formatFloatShort(v: number): string {
  if (v === 0) return Object.is(v, -0) ? "-0.0" : "0.0";
  const { digits, exp } = digitsOf(v);
  const n = digits.length;
  const e = exp - n + 1;
  const lower = n === 1 ? -4 : -(n + 2);
  const upper = n === 1 || exp >= 10 ? 2 : 1;
  let useFixed = lower <= e && e <= upper;
  if (useFixed && e >= 0 && e <= 2) {
    const big = BigInt(digits);
    const limit = [2n ** 53n, 2n ** 52n / 5n, 2n ** 51n / 25n][e];
    if (e === 0 ? big >= limit : big > limit) useFixed = false;
  }
  return (v < 0 ? "-" : "") + (useFixed ? fixed(digits, exp) : scientific(digits, exp));
}
