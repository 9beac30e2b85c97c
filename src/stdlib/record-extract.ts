// :beamsh_record.read/1 ({:ok, records} or {:error, posix}), what Record.extract/2 and extract_all/1 read: the `-record(...)`
// declarations of an Erlang header file (and of the files it includes), in order, each as
// {name, [{field, default}]} with the default evaluated (a field without one is
// :undefined), as Erlang's preprocessor and evaluator would give them. Defaults may be the
// literal terms headers use: atoms, numbers, characters, strings, lists, tuples, binaries of
// literals and `#other{}` records; a record whose default is anything else is left out.
import * as fs from "node:fs";
import { dirname, resolve } from "node:path";
import type { NativeModule } from "../runtime/library.js";
import type { Runtime } from "../runtime/runtime.js";
import { Bin, Term, a, list, tuple } from "../runtime/term.js";
import { cwdOf } from "./file.js";
import { applicationDir } from "./code-loading.js";

type Tok = { k: "atom" | "var" | "str" | "int" | "float" | "char" | "punct"; v: string | bigint | number };

const PUNCT = ["<<", ">>", "::", "||", "->", "=>", ":=", "=<", ">=", "==", "=:=", "=/=", "/=", "++", "--", "(", ")", "{", "}", "[", "]", ",", ".", "=", "|", "-", "+", "#", "?", ":", "*", "/", "<", ">", "!", ";"];

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    if (c === "%") {
      while (i < n && src[i] !== "\n") i++;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      let s = "";
      i++;
      while (i < n && src[i] !== c) {
        if (src[i] === "\\") {
          const [ch, len] = escape(src, i + 1);
          s += ch;
          i += 1 + len;
        } else s += src[i++];
      }
      i++;
      out.push({ k: c === '"' ? "str" : "atom", v: s });
      continue;
    }
    if (c === "$") {
      if (src[i + 1] === "\\") {
        const [ch, len] = escape(src, i + 2);
        out.push({ k: "char", v: ch });
        i += 2 + len;
      } else {
        const cp = src.codePointAt(i + 1)!;
        out.push({ k: "char", v: String.fromCodePoint(cp) });
        i += 1 + (cp > 0xffff ? 2 : 1);
      }
      continue;
    }
    let m = /^(\d+)#([0-9a-zA-Z]+)/.exec(src.slice(i, i + 80));
    if (m) {
      out.push({ k: "int", v: parseBase(m[2], Number(m[1])) });
      i += m[0].length;
      continue;
    }
    m = /^\d+(\.\d+([eE][-+]?\d+)?)?/.exec(src.slice(i, i + 80));
    if (m) {
      out.push(m[1] ? { k: "float", v: Number(m[0]) } : { k: "int", v: BigInt(m[0]) });
      i += m[0].length;
      continue;
    }
    m = /^[a-z][A-Za-z0-9_@]*/.exec(src.slice(i, i + 256));
    if (m) {
      out.push({ k: "atom", v: m[0] });
      i += m[0].length;
      continue;
    }
    m = /^[A-Z_][A-Za-z0-9_@]*/.exec(src.slice(i, i + 256));
    if (m) {
      out.push({ k: "var", v: m[0] });
      i += m[0].length;
      continue;
    }
    const p = PUNCT.find((x) => src.startsWith(x, i));
    out.push({ k: "punct", v: p ?? c });
    i += p?.length ?? 1;
  }
  return out;
}

function parseBase(digits: string, base: number): bigint {
  let v = 0n;
  for (const d of digits.toLowerCase()) v = v * BigInt(base) + BigInt(parseInt(d, 36));
  return v;
}

/** An escape sequence after a backslash at `i`: the character and how many source characters it took. */
function escape(src: string, i: number): [string, number] {
  const c = src[i];
  const simple: Record<string, string> = { n: "\n", t: "\t", r: "\r", s: " ", e: "\x1b", b: "\b", f: "\f", v: "\v", d: "\x7f" };
  if (c in simple) return [simple[c], 1];
  const oct = /^[0-7]{1,3}/.exec(src.slice(i, i + 3));
  if (oct) return [String.fromCodePoint(parseInt(oct[0], 8)), oct[0].length];
  if (c === "x") {
    const br = /^x\{([0-9a-fA-F]+)\}/.exec(src.slice(i, i + 12));
    if (br) return [String.fromCodePoint(parseInt(br[1], 16)), br[0].length];
    const hx = /^x([0-9a-fA-F]{2})/.exec(src.slice(i, i + 3));
    if (hx) return [String.fromCodePoint(parseInt(hx[1], 16)), 3];
  }
  if (c === "^") return [String.fromCodePoint(src.charCodeAt(i + 1) % 32), 2];
  return [c, 1];
}

class Unsupported extends Error {}

type Records = Map<string, [string, Term][]>;

/** Evaluates the literal expression at toks[pos...] (up to a `,` `::` or closing bracket at depth 0). */
function literal(toks: Tok[], pos: { i: number }, records: Records): Term {
  const t = toks[pos.i++];
  if (t === undefined) throw new Unsupported();
  if (t.k === "atom") return a(t.v as string);
  if (t.k === "int") return t.v as bigint;
  if (t.k === "float") return t.v as number;
  if (t.k === "char") return (t.v as string).codePointAt(0)!;
  if (t.k === "str") {
    let s = t.v as string;
    while (toks[pos.i]?.k === "str") s += toks[pos.i++].v as string;
    return list(Array.from(s, (ch) => ch.codePointAt(0)!));
  }
  if (t.k === "punct") {
    if (t.v === "-" || t.v === "+") {
      const x = literal(toks, pos, records);
      if (typeof x === "bigint") return t.v === "-" ? -x : x;
      if (typeof x === "number") return t.v === "-" ? -x : x;
      throw new Unsupported();
    }
    if (t.v === "{" || t.v === "[") {
      const close = t.v === "{" ? "}" : "]";
      const items: Term[] = [];
      let tail: Term = list([]);
      if (toks[pos.i]?.v === close) {
        pos.i++;
        return t.v === "{" ? tuple(...items) : tail;
      }
      for (;;) {
        items.push(literal(toks, pos, records));
        const sep = toks[pos.i++];
        if (sep?.v === ",") continue;
        if (sep?.v === "|" && close === "]") {
          tail = literal(toks, pos, records);
          if (toks[pos.i++]?.v !== "]") throw new Unsupported();
          break;
        }
        if (sep?.v === close) break;
        throw new Unsupported();
      }
      if (t.v === "{") return tuple(...items);
      let l: Term = tail;
      for (let k = items.length - 1; k >= 0; k--) l = list([items[k]], l);
      return l;
    }
    if (t.v === "<<") {
      const bytes: number[] = [];
      if (toks[pos.i]?.v === ">>") {
        pos.i++;
        return new Bin(new Uint8Array());
      }
      for (;;) {
        const seg = toks[pos.i++];
        if (seg?.k === "str") for (const b of Buffer.from(seg.v as string, "latin1")) bytes.push(b);
        else if (seg?.k === "int") bytes.push(Number(BigInt.asUintN(8, seg.v as bigint)));
        else if (seg?.k === "char") bytes.push((seg.v as string).codePointAt(0)! & 255);
        else throw new Unsupported();
        const sep = toks[pos.i++];
        if (sep?.v === ",") continue;
        if (sep?.v === ">>") break;
        throw new Unsupported();
      }
      return new Bin(new Uint8Array(bytes));
    }
    if (t.v === "#" && toks[pos.i]?.k === "atom" && toks[pos.i + 1]?.v === "{") {
      const name = toks[pos.i].v as string;
      pos.i += 2;
      const fields = records.get(name);
      if (fields === undefined) throw new Unsupported();
      const values = new Map<string, Term>();
      while (toks[pos.i]?.v !== "}") {
        const key = toks[pos.i++];
        if (key?.k !== "atom" || toks[pos.i++]?.v !== "=") throw new Unsupported();
        values.set(key.v as string, literal(toks, pos, records));
        if (toks[pos.i]?.v === ",") pos.i++;
      }
      pos.i++;
      return tuple(a(name), ...fields.map(([f, d]) => values.get(f) ?? d));
    }
  }
  throw new Unsupported();
}

/** Skips a type (after `::`) up to the `,` or `}` that ends the field, at depth 0. */
function skipToFieldEnd(toks: Tok[], pos: { i: number }): void {
  let depth = 0;
  for (; pos.i < toks.length; pos.i++) {
    const v = toks[pos.i].k === "punct" ? toks[pos.i].v : null;
    if (v === "(" || v === "{" || v === "[" || v === "<<") depth++;
    else if (v === ")" || v === "]" || v === ">>") depth--;
    else if (v === "}") {
      if (depth === 0) return;
      depth--;
    } else if (v === "," && depth === 0) return;
  }
}

function readRecords(rt: Runtime, file: string, records: Records, seen: Set<string>): void {
  const abs = resolve(cwdOf(rt), file);
  if (seen.has(abs)) return;
  seen.add(abs);
  const toks = tokenize(fs.readFileSync(abs, "latin1"));
  for (let i = 0; i < toks.length; i++) {
    if (toks[i].v !== "-" || toks[i + 1]?.k !== "atom" || toks[i + 2]?.v !== "(") continue;
    if (i > 0 && toks[i - 1].v !== ".") continue;
    const attr = toks[i + 1].v as string;
    if ((attr === "include" || attr === "include_lib") && toks[i + 3]?.k === "str") {
      const target = toks[i + 3].v as string;
      const path = attr === "include" ? resolve(dirname(abs), target) : libPath(target);
      try {
        if (path !== null) readRecords(rt, path, records, seen);
      } catch {
        // (A missing include leaves its records out.)
      }
      continue;
    }
    if (attr !== "record" || toks[i + 3]?.k !== "atom" || toks[i + 4]?.v !== "," || toks[i + 5]?.v !== "{") continue;
    const name = toks[i + 3].v as string;
    const pos = { i: i + 6 };
    const fields: [string, Term][] = [];
    try {
      while (toks[pos.i]?.v !== "}") {
        const f = toks[pos.i++];
        if (f?.k !== "atom") throw new Unsupported();
        let value: Term = a("undefined");
        if (toks[pos.i]?.v === "=") {
          pos.i++;
          value = literal(toks, pos, records);
        }
        if (toks[pos.i]?.v === "::") skipToFieldEnd(toks, pos);
        fields.push([f.v as string, value]);
        if (toks[pos.i]?.v === ",") pos.i++;
        else if (toks[pos.i]?.v !== "}") throw new Unsupported();
      }
      records.set(name, fields);
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
    }
  }
}

/** "app/include/x.hrl" → the file in that application's directory (as :code.lib_dir/1 gives it). */
function libPath(target: string): string | null {
  const [app, ...rest] = target.split("/");
  const dir = applicationDir(app);
  return dir === null ? null : [dir, ...rest].join("/");
}

export const natives: NativeModule = {
  module: "beamsh_record",
  fns: {
    "read/1": ([file], p) => {
      const path = file instanceof Bin ? Buffer.from(file.bytes).toString("utf8") : String(file);
      const records: Records = new Map();
      try {
        readRecords(p.rt as Runtime, path, records, new Set());
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        const reason = code === "ENOENT" ? "enoent" : code === "EACCES" ? "eacces" : code === "EISDIR" ? "eisdir" : "einval";
        return tuple(a("error"), a(reason));
      }
      return tuple(a("ok"), list([...records].map(([name, fields]) => tuple(a(name), list(fields.map(([f, v]) => tuple(a(f), v)))))));
    },
  },
};
