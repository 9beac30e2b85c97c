// Erlang's tokenizer as OTP 25's erl_scan scans (the natives of `:beamsh_erl_scan`; the
// module's API, options and annotations are `prelude/erlang/erl_scan.ex`). One call scans
// a list of characters from a location: up to the first full stop (the re-entrant
// tokens/3,4) or to the end (string/1,2,3), and answers
//
//   {:ok, raw_tokens, rest, line, col}      rest: the characters after the full stop, or :eof
//   {:more, line, col}                      the characters end where a token (starting there) may go on
//   {:error, {loc, :erl_scan, what}, end_loc, rest}
//
// Raw tokens carry what the Elixir side needs to make the annotation: {category, line,
// col, text} or {category, line, col, text, symbol}; a bare name is {:"$name", line, col,
// text, atom} (a reserved word or an atom, as the reserved_word_fun says). `col` is
// :no_col when no column is kept. White space comes out as OTP cuts it into tokens (runs of
// at most 16 spaces or 10 tabs, a newline with the blanks after it).
import type { NativeFn } from "../runtime/code.js";
import { BeamError } from "../runtime/errors.js";
import { Term, a, atom, float, list, listToArray, tuple } from "../runtime/term.js";

class More {}
const MORE = new More();

const NO_COL = a("no_col");
const isWhite = (c: number): boolean => (c >= 0 && c <= 32) || (c >= 128 && c <= 160);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isUnicode = (c: number): boolean => (c >= 0 && c < 0xd800) || (c > 0xdfff && c < 0xfffe) || (c > 0xffff && c <= 0x10ffff);
const isOct = (c: number): boolean => c >= 48 && c <= 55;
const isHex = (c: number): boolean => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const isLowerStart = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 0xdf && c <= 0xff && c !== 0xf7);
const isUpperStart = (c: number): boolean => (c >= 65 && c <= 90) || c === 95 || (c >= 0xc0 && c <= 0xde && c !== 0xd7);
const isNameChar = (c: number): boolean => isLowerStart(c) || isUpperStart(c) || isDigit(c) || c === 64;
const ESC: Record<number, number> = { 110: 10, 114: 13, 116: 9, 118: 11, 98: 8, 102: 12, 101: 27, 115: 32, 100: 127 };
const str = (cs: number[]): Term => list(cs);

/** The operators of two or three characters, longest first, and the prefixes that need more input. */
const MULTI = ["...", "=:=", "=/=", "?=", "<<", "<-", "<=", ">>", ">=", "->", "--", "++", "=<", "=>", "==", "/=", "||", ":=", "::", ".."];
const SINGLE = new Set("=:|#/?-+*<>!@\\^`~&,(){}[];".split("").map((c) => c.charCodeAt(0)));

interface ScanError {
  what: Term;
  line: number;
  col: number | null;
  endLine: number;
  endCol: number | null;
  rest: number | "eof";
}

class Scanner {
  i = 0;
  line: number;
  col: number | null;
  toks: Term[] = [];
  /** Where the token being scanned starts (what a continuation reports). */
  tokLine = 0;
  tokCol: number | null = null;
  constructor(
    readonly cs: number[],
    line: number,
    col: number | null,
    readonly eof: boolean,
    readonly ws: boolean,
    readonly comments: boolean,
  ) {
    this.line = line;
    this.col = col;
  }

  /** The character at i+k: -1 at an ended input; More when the input may go on. */
  at(k = 0): number {
    const j = this.i + k;
    if (j < this.cs.length) return this.cs[j];
    if (this.eof) return -1;
    throw MORE;
  }
  /** Whether the input ends exactly at i+k (and may go on). */
  endsAt(k: number): boolean {
    return this.i + k === this.cs.length && !this.eof;
  }
  loc(line: number, col: number | null): Term {
    return col === null ? line : tuple(line, col);
  }
  incr(n: number): void {
    if (this.col !== null) this.col += n;
  }
  text(from: number): Term {
    return str(this.cs.slice(from, this.i));
  }
  err(what: Term, line: number, col: number | null, endLine: number, endCol: number | null, rest: number | "eof"): never {
    throw { what, line, col, endLine, endCol, rest } as ScanError;
  }
  /** A token of `n` characters on one line from `start`. */
  push(cat: Term, start: number, n: number, sym?: Term): void {
    const line = this.line;
    const col = this.col;
    this.i = start + n;
    const text = str(this.cs.slice(start, start + n));
    this.toks.push(sym === undefined ? tuple(cat, line, col ?? NO_COL, text) : tuple(cat, line, col ?? NO_COL, text, sym));
    this.incr(n);
  }

  /** Scans tokens; true when it stopped after a full stop. */
  run(stopAtDot: boolean): boolean {
    for (;;) {
      if (this.i >= this.cs.length) {
        if (this.eof) return false;
        this.tokLine = this.line;
        this.tokCol = this.col;
        throw MORE;
      }
      if (this.token() && stopAtDot) return true;
    }
  }

  /** One token (or blank run); true when it was a full stop. */
  token(): boolean {
    this.tokLine = this.line;
    this.tokCol = this.col;
    const c = this.cs[this.i];
    const start = this.i;
    if (c === 32 || c === 10 || c === 9 || c === 13 || isWhite(c)) {
      if (!this.ws) return this.skipWhite(), false;
      return this.white(c), false;
    }
    if (isUpperStart(c)) return this.name(a("var")), false;
    if (isLowerStart(c)) return this.name(a("$name")), false;
    if (c === 37) return this.comment(), false;
    if (isDigit(c)) return this.number(), false;
    if (c === 34 || c === 39) return this.quoted(c), false;
    if (c === 36) return this.char(), false;
    if (c === 46) {
      // "...", "..", or a full stop (a dot followed by blank, a comment or the end)
      if (this.i + 2 < this.cs.length && this.cs[this.i + 1] === 46 && this.cs[this.i + 2] === 46) return this.push(a("..."), start, 3), false;
      if (this.endsAt(2) && this.cs[this.i + 1] === 46) throw MORE;
      if (this.i + 1 < this.cs.length && this.cs[this.i + 1] === 46) return this.push(a(".."), start, 2), false;
      if (this.endsAt(1)) throw MORE;
      return this.dot();
    }
    for (const op of MULTI) {
      if (op === "..." || op === "..") continue;
      let k = 0;
      while (k < op.length && this.i + k < this.cs.length && this.cs[this.i + k] === op.charCodeAt(k)) k++;
      if (k === op.length) return this.push(a(op), start, op.length), false;
    }
    // a prefix of an operator at the end of an input that may go on
    if (!this.eof) {
      const left = String.fromCodePoint(...this.cs.slice(this.i));
      if (["?", "<", ">", "-", "+", "=:", "=/", "=", "/", "|", ":"].includes(left)) throw MORE;
    }
    if (SINGLE.has(c) || c <= 255) return this.push(a(String.fromCharCode(c)), start, 1), false;
    const col = this.col;
    this.incr(1);
    this.err(tuple(a("illegal"), a("character")), this.line, col, this.line, this.col, start + 1);
  }

  skipWhite(): void {
    let n = 0;
    for (;;) {
      const c = this.at();
      if (c === 10) {
        this.i++;
        this.line++;
        if (this.col !== null) this.col = 1;
        n = 0;
      } else if (c >= 0 && isWhite(c)) {
        this.i++;
        n++;
      } else break;
    }
    this.incr(n);
  }

  /** Blanks as white_space tokens, cut as erl_scan cuts them. */
  white(c: number): void {
    const start = this.i;
    const run = (ch: number, max: number): number => {
      let n = 1;
      while (n < max && this.at(n) === ch) n++;
      return n;
    };
    if (c === 32 || c === 9) {
      const n = run(c, c === 32 ? 16 : 10);
      return this.push(a("white_space"), start, n, str(this.cs.slice(start, start + n)));
    }
    if (c === 13) return this.push(a("white_space"), start, 1, str([13]));
    if (c === 10) {
      const next = this.at(1);
      let n: number;
      if (next === 32) n = this.countFrom(1, 32, 17);
      else if (next === 9) n = this.countFrom(1, 9, 11);
      else if (next === 13 || next === 12) n = 2;
      else {
        // a newline and the blanks after it, up to the next newline
        n = 1;
        for (;;) {
          const d = this.at(n);
          if (d === 10 || d < 0 || !isWhite(d)) break;
          n++;
        }
      }
      const text = str(this.cs.slice(start, start + n));
      this.toks.push(tuple(a("white_space"), this.line, this.col ?? NO_COL, text, text));
      this.i = start + n;
      this.line++;
      if (this.col !== null) this.col = n;
      return;
    }
    // other blanks: up to a newline or something else
    let n = 1;
    for (;;) {
      const d = this.at(n);
      if (d === 10 || d < 0 || !isWhite(d)) break;
      n++;
    }
    this.push(a("white_space"), start, n, str(this.cs.slice(start, start + n)));
  }
  /** How many characters from i: the first, then `ch` repeated from k, at most max in all. */
  countFrom(k: number, ch: number, max: number): number {
    let n = k;
    while (n < max && this.at(n) === ch) n++;
    return n;
  }

  name(cat: Term): void {
    const start = this.i;
    let n = 1;
    while (true) {
      const c = this.at(n);
      if (c >= 0 && isNameChar(c)) n++;
      else break;
    }
    const cs = this.cs.slice(start, start + n);
    if (cs.length > 255) {
      const col = this.col;
      this.i = start + n;
      this.incr(n);
      this.err(tuple(a("illegal"), cat === a("var") ? a("var") : a("atom")), this.line, col, this.line, this.col, this.i);
    }
    const name = String.fromCodePoint(...cs);
    this.push(cat, start, n, atom(name));
  }

  comment(): void {
    const start = this.i;
    let n = 1;
    for (;;) {
      const c = this.at(n);
      if (c < 0 || c === 10) break;
      if (!isUnicode(c)) {
        const col = this.col;
        this.i = start + n + 1;
        this.incr(n + 1);
        this.err(tuple(a("illegal"), a("character")), this.line, col, this.line, this.col, this.i);
      }
      n++;
    }
    if (this.comments) this.push(a("comment"), start, n, str(this.cs.slice(start, start + n)));
    else {
      this.i = start + n;
      this.incr(n);
    }
  }

  /** Digits (with _ between digits) from i+k; returns the index after them. */
  digits(k: number, ok: (c: number) => boolean): number {
    while (true) {
      const c = this.at(k);
      if (c >= 0 && ok(c)) k++;
      else if (c === 95 && k > 0 && ok(this.cs[this.i + k - 1])) {
        const d = this.at(k + 1);
        if (d >= 0 && ok(d)) k += 2;
        else break;
      } else break;
    }
    return k;
  }

  number(): void {
    const start = this.i;
    let n = this.digits(1, isDigit);
    const c = this.at(n);
    const line = this.line;
    const col = this.col;
    const fail = (what: string, len: number, rest: number | "eof"): never => {
      this.err(tuple(a("illegal"), a(what)), line, col, line, col === null ? null : col + len, rest);
    };
    const clean = (from: number, to: number) => String.fromCodePoint(...this.cs.slice(from, to)).replace(/_/g, "");
    if (c === 46) {
      const d = this.at(n + 1);
      if (d >= 0 && isDigit(d)) {
        n = this.digits(n + 2, isDigit);
        const e = this.at(n);
        if (e === 101 || e === 69) {
          n++;
          const s = this.at(n);
          if (s === 43 || s === 45) n++;
          const m = this.digits(n, isDigit);
          if (m === n) fail("float", m, this.restAt(m));
          n = m;
        }
        const text = clean(start, start + n);
        const v = Number(text);
        if (!Number.isFinite(v)) fail("float", n, this.restAt(n));
        return this.push(a("float"), start, n, float(v));
      }
    }
    if (c === 35) {
      const base = Number(clean(start, start + n));
      if (!(base >= 2 && base <= 36)) {
        this.err(tuple(a("base"), base), line, col, line, col === null ? null : col + n, start + n);
      }
      const ok = (d: number) => (isDigit(d) && d < 48 + base) || (base > 10 && ((d >= 65 && d < 65 + base - 10) || (d >= 97 && d < 97 + base - 10)));
      const from = n + 1;
      const m = this.digitsFrom(from, ok);
      if (m === from) fail("integer", m, this.restAt(m));
      const digits = clean(start + from, start + m);
      let v = 0n;
      for (const ch of digits.toLowerCase()) v = v * BigInt(base) + BigInt(parseInt(ch, 36));
      return this.push(a("integer"), start, m, toInt(v));
    }
    return this.push(a("integer"), start, n, toInt(BigInt(clean(start, start + n))));
  }
  /** Like digits, for the digits after a base's # (the first has no digit before it). */
  digitsFrom(k: number, ok: (c: number) => boolean): number {
    const first = this.at(k);
    if (!(first >= 0 && ok(first))) return k;
    return this.digits(k + 1, ok);
  }
  restAt(k: number): number | "eof" {
    return this.i + k <= this.cs.length ? this.i + k : "eof";
  }

  /** An escape after a backslash at i+k: [value, length after the backslash, newline?]. */
  escape(k: number, errAt: (len: number, rest: number) => never, eofAt: (len: number) => never): [number, number, boolean] {
    const c = this.at(k);
    if (c < 0) return eofAt(0);
    if (isOct(c)) {
      let n = 1;
      while (n < 3) {
        const d = this.at(k + n);
        if (d >= 0 && isOct(d)) n++;
        else break;
      }
      let v = 0;
      for (let j = 0; j < n; j++) v = v * 8 + this.cs[this.i + k + j] - 48;
      return [v, n, false];
    }
    if (c === 120) {
      const d = this.at(k + 1);
      if (d === 123) {
        let n = 2;
        for (;;) {
          const h = this.at(k + n);
          if (h >= 0 && isHex(h)) n++;
          else break;
        }
        const end = this.at(k + n);
        if (end < 0) return eofAt(n);
        if (end !== 125) return errAt(n, this.i + k + n);
        const hex = String.fromCodePoint(...this.cs.slice(this.i + k + 2, this.i + k + n));
        const v = hex === "" ? -1 : parseInt(hex, 16);
        if (hex === "" || hex.length > 8 || !isUnicode(v)) return errAt(n + 1, this.i + k + n + 1);
        return [v, n + 1, false];
      }
      if (d < 0) return eofAt(1);
      if (isHex(d)) {
        const e = this.at(k + 2);
        if (e >= 0 && isHex(e)) return [parseInt(String.fromCharCode(d, e), 16), 3, false];
      }
      return errAt(1, this.i + k + 1);
    }
    if (c === 94) {
      const d = this.at(k + 1);
      if (d < 0) return eofAt(1);
      if (d === 10) return [10, 2, true];
      return [d & 31, 2, false];
    }
    if (c === 10) return [10, 1, true];
    if (isUnicode(c)) return [ESC[c] ?? c, 1, false];
    return errAt(1, this.i + k + 1);
  }

  char(): void {
    const start = this.i;
    const line = this.line;
    const col = this.col;
    const c = this.at(1);
    const cat = a("char");
    if (c < 0) this.err(a("char"), line, col, line, col === null ? null : col + 1, "eof");
    if (c === 92) {
      const [v, len, nl] = this.escape(
        2,
        (len, rest) => this.err(tuple(a("illegal"), a("character")), line, col, line, col === null ? null : col + 2 + len, rest),
        (len) => this.err(a("char"), line, col, line, col === null ? null : col + 2 + len, "eof"),
      );
      const n = 2 + len;
      const text = str(this.cs.slice(start, start + n));
      this.toks.push(tuple(cat, line, col ?? NO_COL, text, v));
      this.i = start + n;
      if (nl) {
        this.line++;
        if (this.col !== null) this.col = 1;
      } else this.incr(n);
      return;
    }
    if (c === 10) {
      this.toks.push(tuple(cat, line, col ?? NO_COL, str([36, 10]), 10));
      this.i = start + 2;
      this.line++;
      if (this.col !== null) this.col = 1;
      return;
    }
    if (isUnicode(c)) return this.push(cat, start, 2, c);
    this.err(tuple(a("illegal"), a("character")), line, col, line, col === null ? null : col + 1, "eof");
  }

  /** A string ("...") or quoted atom ('...'). */
  quoted(q: number): void {
    const start = this.i;
    const line0 = this.line;
    const col0 = this.col;
    let line = this.line;
    let col = col0 === null ? null : col0 + 1;
    const chars: number[] = [];
    let k = 1;
    for (;;) {
      const c = this.at(k);
      if (c < 0) {
        this.err(tuple(a("string"), q, str(chars.slice(0, 16))), line0, col0, line, col, "eof");
      }
      if (c === q) {
        k++;
        if (col !== null) col++;
        break;
      }
      if (c === 10) {
        chars.push(10);
        line++;
        if (col !== null) col = 1;
        k++;
        continue;
      }
      if (c === 92) {
        const escLine = line;
        const escCol = col;
        const [v, len, nl] = this.escape(
          k + 1,
          (len, rest) => this.err(tuple(a("illegal"), a("character")), escLine, escCol, escLine, escCol === null ? null : escCol + len + 1, rest),
          (len) => this.err(tuple(a("string"), q, str(chars.slice(0, 16))), line0, col0, escLine, escCol === null ? null : escCol + len + 1, "eof"),
        );
        chars.push(v);
        k += 1 + len;
        if (nl) {
          line++;
          if (col !== null) col = 1;
        } else if (col !== null) col += 1 + len;
        continue;
      }
      if (!isUnicode(c)) {
        this.err(tuple(a("illegal"), a("character")), line, col, line, col === null ? null : col + 1, this.i + k + 1);
      }
      chars.push(c);
      k++;
      if (col !== null) col++;
    }
    const text = str(this.cs.slice(start, start + k));
    this.i = start + k;
    if (q === 39) {
      if (chars.length > 255) this.err(tuple(a("illegal"), a("atom")), line0, col0, line, col, this.i);
      this.toks.push(tuple(a("atom"), line0, col0 ?? NO_COL, text, atom(String.fromCodePoint(...chars))));
    } else this.toks.push(tuple(a("string"), line0, col0 ?? NO_COL, text, str(chars)));
    this.line = line;
    this.col = col;
  }

  /** A dot: a full stop before blank, a comment or the end; else the '.' operator. */
  dot(): boolean {
    const start = this.i;
    const c = this.at(1);
    if (c === 37 || c < 0) {
      this.push(a("dot"), start, 1);
      return true;
    }
    if (c === 10) {
      this.toks.push(tuple(a("dot"), this.line, this.col ?? NO_COL, str([46, 10])));
      this.i = start + 2;
      this.line++;
      if (this.col !== null) this.col = 1;
      return true;
    }
    if (isWhite(c)) {
      this.push(a("dot"), start, 2);
      return true;
    }
    this.push(a("."), start, 1);
    return false;
  }
}

function toInt(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** scan(chars, line, col | :no_col, {ws, comments}, eof, stop_at_dot) */
function scan(args: Term[]): Term {
  const [chars, line, col, flags, eof, stop] = args;
  const cs = (listToArray(chars) ?? []) as number[];
  const [ws, comments] = flags as [Term, Term];
  const s = new Scanner(cs, line as number, col === NO_COL ? null : (col as number), eof === true, ws === true, comments === true);
  try {
    const dotted = s.run(stop === true);
    const rest = dotted && !(s.eof && s.i === cs.length) ? list(cs.slice(s.i)) : a("eof");
    return tuple(a("ok"), list(s.toks), rest, s.line, s.col ?? NO_COL);
  } catch (e) {
    if (e === MORE) return tuple(a("more"), s.tokLine, s.tokCol ?? NO_COL);
    if (e instanceof BeamError || e instanceof Error) throw e;
    const se = e as ScanError;
    const rest = se.rest === "eof" ? a("eof") : list(cs.slice(se.rest));
    return tuple(a("error"), tuple(s.loc(se.line, se.col), a("erl_scan"), se.what), s.loc(se.endLine, se.endCol), rest);
  }
}

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "beamsh_erl_scan",
  fns: {
    "scan/6": (args) => scan(args),
  },
};
