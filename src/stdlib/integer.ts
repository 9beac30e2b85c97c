// Elixir's Integer module (1.14): parse, to_string/charlist, digits/undigits, pow, gcd,
// and is_even/is_odd as plain functions (mod, floor_div, undigits and extended_gcd: prelude/integer.ex).
import type { NativeFn } from "../runtime/code.js";
import { argumentError, arithmeticError } from "../runtime/errors.js";
import { Term, a, int, list } from "../runtime/term.js";
import { fce, ipow, isInt, withFrame } from "../runtime/arith.js";
import { natives as erlang, parseInteger } from "./erlang.js";
import { inspect } from "../runtime/inspect.js";
import { asLatin1, binFromLatin1, isBin } from "./unicode.js";

const I = "Integer";
const erl = (name: string, args: Term[]) => erlang.fns[name](args, null as never);
const big = (x: number | bigint): bigint => (typeof x === "bigint" ? x : BigInt(x));

const DIGIT_RE = "0123456789abcdefghijklmnopqrstuvwxyz";

function parse(args: Term[]): Term {
  const [s, base] = args;
  if (typeof base !== "number" || base < 2 || base > 36) throw argumentError(`invalid base ${inspect(base)}`);
  if (!isBin(s)) throw fce(I, "parse", args);
  const text = typeof s === "string" ? s : asLatin1(s);
  let i = text[0] === "+" || text[0] === "-" ? 1 : 0;
  const start = i;
  while (i < text.length) {
    const d = DIGIT_RE.indexOf(text[i].toLowerCase());
    if (d < 0 || d >= base || text.charCodeAt(i) > 0x7a) break;
    i++;
  }
  if (i === start) return a("error");
  const n = parseInteger(text.slice(0, i), base)!;
  const rest = typeof s === "string" ? s.slice(i) : binFromLatin1(text.slice(i));
  return [n, rest];
}

function digits(args: Term[]): Term {
  const [n, base] = args;
  if (!isInt(n) || typeof base !== "number" || base < 2) throw fce(I, "digits", args);
  if (typeof n === "number") {
    const out: number[] = [];
    let x = n;
    while (Math.abs(x) >= base) {
      out.push((x % base) + 0);
      x = Math.trunc(x / base);
    }
    out.push(x);
    return list(out.reverse());
  }
  const b = BigInt(base);
  const out: Term[] = [];
  let x = n;
  while ((x < 0n ? -x : x) >= b) {
    out.push(int(x % b));
    x = x / b;
  }
  out.push(int(x));
  return list(out.reverse());
}

function gcd(x: number | bigint, y: number | bigint): number | bigint {
  let p = big(x);
  let q = big(y);
  if (p < 0n) p = -p;
  if (q < 0n) q = -q;
  while (q !== 0n) [p, q] = [q, p % q];
  return int(p);
}

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.Integer",
  fns: {
    "parse/1": ([s]) => parse([s, 10]),
    "parse/2": parse,
    "to_string/1": ([n]) => erl("integer_to_binary/2", [n, 10]),
    "to_string/2": (args) => erl("integer_to_binary/2", args),
    "to_charlist/1": ([n]) => erl("integer_to_list/2", [n, 10]),
    "to_charlist/2": (args) => erl("integer_to_list/2", args),
    "digits/1": ([n]) => digits([n, 10]),
    "digits/2": digits,
    "pow/2": (args) => {
      const [b, e] = args;
      if (!isInt(b) || !isInt(e)) throw fce(I, "pow", args);
      if (e < 0) throw withFrame(arithmeticError(), "Elixir.Integer", "pow", args);
      return ipow(b, e);
    },
    "gcd/2": (args) => {
      if (!isInt(args[0]) || !isInt(args[1])) throw fce(I, "gcd", args);
      return gcd(args[0], args[1]);
    },
    "is_even/1": ([n]) => isInt(n) && big(n) % 2n === 0n,
    "is_odd/1": ([n]) => isInt(n) && big(n) % 2n !== 0n,
  },
};
