// Erlang terms written as text, each ended by a dot, as :file.consult/1 reads them (config
// files, sys.config): atoms (bare or quoted), integers (with base# and $char), floats,
// strings (charlists; adjacent ones join), binaries (<<"text">>, <<"text"/utf8>>, bytes),
// tuples, lists (with | tails) and maps; % comments. No expressions, no variables.
import { MapTerm } from "../runtime/map.js";
import { Cons, NIL, Term, atom, binFromBytes, float, list, tuple } from "../runtime/term.js";

/** A syntax error at a line, with erl_parse's message. */
export class TermSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

const ESCAPES: Record<string, number> = { n: 10, r: 13, t: 9, v: 11, b: 8, f: 12, e: 27, s: 32, d: 127 };

class Reader {
  private i = 0;
  line = 1;
  constructor(private readonly text: string) {}

  private fail(message: string): never {
    throw new TermSyntaxError(this.line, message);
  }

  private peek(): string {
    return this.text[this.i] ?? "";
  }

  /** Skips blanks and comments; true when text is left. */
  skip(): boolean {
    while (this.i < this.text.length) {
      const c = this.text[this.i];
      if (c === "\n") this.line++;
      if (c === "%") {
        while (this.i < this.text.length && this.text[this.i] !== "\n") this.i++;
      } else if (/\s/.test(c)) this.i++;
      else return true;
    }
    return false;
  }

  private expect(s: string): void {
    this.skip();
    if (!this.text.startsWith(s, this.i)) this.fail(`syntax error before: ${this.here()}`);
    this.i += s.length;
  }

  private here(): string {
    const m = /^(\S+)/.exec(this.text.slice(this.i));
    return m === null ? "" : m[1];
  }

  /** One term followed by its dot. */
  form(): Term {
    const t = this.term();
    this.skip();
    if (this.peek() !== "." || !/^\.(\s|%|$)/.test(this.text.slice(this.i, this.i + 2))) this.fail(`syntax error before: ${this.here()}`);
    this.i++;
    return t;
  }

  term(): Term {
    this.skip();
    const c = this.peek();
    if (c === "{") return tuple(...this.seq("{", "}"));
    if (c === "[") return this.list();
    if (c === "#") {
      this.i++;
      this.expect("{");
      const pairs: [Term, Term][] = [];
      this.skip();
      if (this.peek() === "}") this.i++;
      else
        for (;;) {
          const k = this.term();
          this.expect("=>");
          pairs.push([k, this.term()]);
          this.skip();
          const d = this.text[this.i++];
          if (d === "}") break;
          if (d !== ",") this.fail(`syntax error before: ${d}`);
        }
      return MapTerm.fromPairs(pairs);
    }
    if (c === "<" && this.text.startsWith("<<", this.i)) return this.binary();
    if (c === '"') {
      const codes: number[] = [];
      do codes.push(...this.quoted('"'));
      while (this.skip() && this.peek() === '"');
      return list(codes);
    }
    if (c === "'") return atom(String.fromCodePoint(...this.quoted("'")));
    if (c === "$") {
      this.i++;
      return this.char();
    }
    if (c === "-" || c === "+" || /[0-9]/.test(c)) return this.number();
    const m = /^[a-z][A-Za-z0-9_@]*/u.exec(this.text.slice(this.i)) ?? /^[\p{Ll}ß-öø-ÿ][\p{L}\p{N}_@]*/u.exec(this.text.slice(this.i));
    if (m !== null) {
      this.i += m[0].length;
      return atom(m[0]);
    }
    this.fail(`syntax error before: ${this.here()}`);
  }

  private seq(open: string, close: string): Term[] {
    this.expect(open);
    const items: Term[] = [];
    this.skip();
    if (this.peek() === close) {
      this.i++;
      return items;
    }
    for (;;) {
      items.push(this.term());
      this.skip();
      const d = this.text[this.i++];
      if (d === close) return items;
      if (d !== ",") this.fail(`syntax error before: ${d ?? ""}`);
    }
  }

  private list(): Term {
    this.expect("[");
    const items: Term[] = [];
    let tail: Term = NIL;
    this.skip();
    if (this.peek() === "]") {
      this.i++;
      return NIL;
    }
    for (;;) {
      items.push(this.term());
      this.skip();
      const d = this.text[this.i++];
      if (d === "]") break;
      if (d === "|") {
        tail = this.term();
        this.expect("]");
        break;
      }
      if (d !== ",") this.fail(`syntax error before: ${d ?? ""}`);
    }
    let out = tail;
    for (let k = items.length - 1; k >= 0; k--) out = new Cons(items[k], out);
    return out;
  }

  private binary(): Term {
    this.i += 2;
    const bytes: number[] = [];
    this.skip();
    if (this.text.startsWith(">>", this.i)) {
      this.i += 2;
      return binFromBytes(new Uint8Array());
    }
    for (;;) {
      this.skip();
      let codes: number[];
      if (this.peek() === '"') {
        codes = [];
        do codes.push(...this.quoted('"'));
        while (this.skip() && this.peek() === '"');
      } else {
        const n = this.number();
        if (typeof n !== "number" && typeof n !== "bigint") this.fail("bad binary segment");
        codes = [Number(n)];
      }
      this.skip();
      let utf8 = false;
      if (this.peek() === "/") {
        this.i++;
        const m = /^[a-z0-9-]+/.exec(this.text.slice(this.i));
        if (m === null) this.fail(`syntax error before: ${this.here()}`);
        this.i += m[0].length;
        utf8 = m[0] === "utf8";
      }
      for (const c of codes) {
        if (utf8) bytes.push(...Buffer.from(String.fromCodePoint(c), "utf8"));
        else bytes.push(c & 255);
      }
      this.skip();
      if (this.text.startsWith(">>", this.i)) {
        this.i += 2;
        return binFromBytes(Uint8Array.from(bytes));
      }
      this.expect(",");
    }
  }

  /** The code points of a quoted text (the quote itself next), with Erlang's escapes. */
  private quoted(q: string): number[] {
    this.i++;
    const out: number[] = [];
    for (;;) {
      if (this.i >= this.text.length) this.fail(`unterminated ${q === '"' ? "string" : "atom"} starting with ${q}`);
      const c = this.text.codePointAt(this.i)!;
      const ch = String.fromCodePoint(c);
      this.i += ch.length;
      if (ch === q) return out;
      if (ch === "\n") this.line++;
      if (ch === "\\") out.push(this.escape());
      else out.push(c);
    }
  }

  private escape(): number {
    const c = this.text[this.i++];
    if (c in ESCAPES) return ESCAPES[c];
    if (/[0-7]/.test(c)) {
      const m = /^[0-7]{1,3}/.exec(this.text.slice(this.i - 1))!;
      this.i += m[0].length - 1;
      return parseInt(m[0], 8);
    }
    if (c === "x") {
      const m = /^\{([0-9a-fA-F]+)\}|^([0-9a-fA-F]{2})/.exec(this.text.slice(this.i));
      if (m === null) this.fail("illegal escape");
      this.i += m[0].length;
      return parseInt(m[1] ?? m[2], 16);
    }
    if (c === "^") return this.text.charCodeAt(this.i++) & 31;
    return this.text.codePointAt(this.i - 1)!;
  }

  private char(): Term {
    const c = this.text.codePointAt(this.i)!;
    const ch = String.fromCodePoint(c);
    this.i += ch.length;
    return ch === "\\" ? this.escape() : c;
  }

  private number(): Term {
    const m = /^[+-]?(\d+)(#[0-9a-zA-Z]+|\.\d+(?:[eE][+-]?\d+)?)?/.exec(this.text.slice(this.i));
    if (m === null) this.fail(`syntax error before: ${this.here()}`);
    this.i += m[0].length;
    const sign = m[0].startsWith("-") ? -1n : 1n;
    let v: bigint;
    if (m[2]?.startsWith("#")) {
      const base = Number(m[1]);
      v = [...m[2].slice(1).toLowerCase()].reduce((acc, d) => acc * BigInt(base) + BigInt(parseInt(d, 36)), 0n);
    } else if (m[2] !== undefined) return float(Number(m[0]));
    else v = BigInt(m[0].replace(/^[+-]/, ""));
    v *= sign;
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  }
}

/** The terms of `text`, each ended by a dot. */
export function readTerms(text: string): Term[] {
  const r = new Reader(text);
  const out: Term[] = [];
  while (r.skip()) out.push(r.form());
  return out;
}
