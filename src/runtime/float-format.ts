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

/** Erlang's float_to_list(F, [short]) (io_lib's ~w and ~p): whichever of fixed and scientific
 *  notation is shorter, fixed on a tie, at every exponent (Elixir keeps fixed below 1.0e16). */
export function formatFloatShort(v: number): string {
  if (v === 0) return Object.is(v, -0) ? "-0.0" : "0.0";
  const { digits, exp } = digitsOf(v);
  const f = fixed(digits, exp);
  const s = scientific(digits, exp);
  return (v < 0 ? "-" : "") + (s.length < f.length ? s : f);
}
