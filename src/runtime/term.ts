// Terms: how Elixir/Erlang values are represented in JS. Every other runtime and
// library module builds on these constructors and guards.
//
// Representation (the invariants every module relies on):
//   integer   JS number when a safe integer (|n| <= 2^53-1), else JS bigint.
//             Never a bigint in the safe range: always pass results through `int()`.
//   float     `Float` box (so 1.0 and 1 stay distinct). `Float.v` is a JS number.
//   atom      `Atom` (interned: compare with ===). true/false/nil are JS true/false/null.
//   binary    JS string when the bytes are valid UTF-8 (the common case: Elixir strings);
//             otherwise a `Bin` holding the raw bytes. Never a Bin whose bytes are valid
//             UTF-8: always build through `binFromBytes()`.
//   list      `Cons` cells ending in `NIL` (the empty list), or in any term (improper).
//   tuple     a plain JS array (never mutated after construction).
//   map       `MapTerm` (immutable; structs are maps with a `__struct__` key).
//   pid/ref   `Pid` / `Ref`; funs are `Fun` (defined in ./fun.ts).
import { CONS_BYTES, arrayRoom, pollInterrupt, reserve } from "./heap-room.js";
import type { BinBuffer } from "./binary-append.js";
import { VALID, decode, scanUtf8 } from "./utf8.js";

/** Elixir float: boxed so it is never confused with an integer. */
export class Float {
  constructor(readonly v: number) {}
}

/** Interned atom. Use `atom(name)`; true/false/nil are represented as JS true/false/null. */
export class Atom {
  private constructor(
    readonly name: string,
    /** Position in the atom table (BEAM prints a remote node's pids with its name's index). */
    readonly index: number,
  ) {}
  /** The atom's hash as a map key (map.ts computes it on first use; -1 until then). */
  mapHash = -1;
  /** The hash of the atom's name as the atom table computes it (term-hash.ts atomTextHash; -1 until asked). */
  textHash = -1;
  private static table = new Map<string, Atom>();
  /** Only for atom(): interns an Atom (never call with "true", "false", "nil"). */
  static intern(name: string): Atom {
    let a = Atom.table.get(name);
    if (a === undefined) {
      // BEAM's atom table starts with false, true and _ (indexes 0..2).
      a = new Atom(name, Atom.table.size + 3);
      Atom.table.set(name, a);
    }
    return a;
  }
  /** The atom at `index` in the table, if any. */
  static byIndex(index: number): Atom | undefined {
    if (index < 3) return undefined;
    let i = 3;
    for (const a of Atom.table.values()) if (i++ === index) return a;
    return undefined;
  }
  /** How many atoms exist (erlang:system_info(atom_count)), true/false/nil included. */
  static count(): number {
    return Atom.table.size + 3;
  }
  static exists(name: string): boolean {
    return name === "true" || name === "false" || name === "nil" || Atom.table.has(name);
  }
}

/** The empty list. */
export class EmptyList {
  static readonly instance = new EmptyList();
  private constructor() {}
}
export const NIL = EmptyList.instance;

/** A list cell. `t` is another Cons, NIL, or (improper list) any other term. */
export class Cons {
  constructor(readonly h: Term, readonly t: Term) {}
}

/** A binary that is not valid UTF-8 (or a bitstring when `bits` is set). */
export class Bin {
  /** The bytes; made on first use for a binary appended into a buffer. */
  private view: Uint8Array | null;
  /** Number of bytes. */
  readonly size: number;
  constructor(
    bytes: Uint8Array | null,
    /** Number of bits used in the last byte when this is a bitstring (1..7); 0 = whole bytes. */
    readonly bits = 0,
    /** The buffer this binary was appended into, if any (binary-append.ts): its first `size` bytes. */
    readonly buf: BinBuffer | null = null,
    size?: number,
  ) {
    this.view = bytes;
    this.size = size ?? bytes!.length;
  }

  get bytes(): Uint8Array {
    return (this.view ??= this.buf!.bytes.subarray(0, this.size));
  }
}

// Pids, references and ports are BEAM's internal or external identifiers. An internal one
// (node null) belongs to the runtime that holds it: its node is that runtime's node, whatever
// that node is called (a node may be started after its first processes). An external one
// names another node and that node's creation (which incarnation of it), as the external term
// format does; distribution turns internal identifiers into external ones on the way out and
// back on the way in, so the same identifier is never both.

export class Pid {
  constructor(
    /** The process number (BEAM's "ID"). */
    readonly id: number,
    readonly serial = 0,
    /** The other node, or null for a process of the runtime holding this pid. */
    readonly node: Atom | null = null,
    readonly creation = 0,
  ) {}
}

/** An ordinary reference holds three id words; another node's may hold one to five. */
export class Ref {
  constructor(
    /** Internal: a number unique in its runtime (its id words are derived from it, see refWords). */
    readonly id: number,
    readonly node: Atom | null = null,
    readonly creation = 0,
    /** The id words as another node gave them, least significant first (null: derived from id). */
    readonly words: readonly number[] | null = null,
  ) {}
}

/** A port (printed #Port<0.N>). */
export class Port {
  constructor(
    readonly id: number,
    readonly node: Atom | null = null,
    readonly creation = 0,
  ) {}
}

/** Id words of a reference, least significant first (the first holds 18 bits, as on BEAM). */
export function refWords(r: Ref): readonly number[] {
  if (r.words !== null) return r.words;
  return [r.id % 0x40000, (REF_WORD1 + Math.floor(r.id / 0x40000)) >>> 0, REF_WORD2];
}

/** The fixed high words of this implementation's internal references. */
const REF_WORD1 = 2157182977;
const REF_WORD2 = 3291846017;

/** A key for tables of pids (links, monitors): the number of an internal pid, else a string. */
export type PidKey = number | string;

export function pidKey(p: Pid): PidKey {
  return p.node === null ? p.id : `${p.node.name}/${p.creation}/${p.id}.${p.serial}`;
}

/** A key for tables of references (monitors, timers). */
export function refKey(r: Ref): number | string {
  if (r.node === null && r.words === null) return r.id;
  return `${r.node === null ? "" : r.node.name}/${r.creation}/${refWords(r).join(".")}`;
}

export function samePid(x: Pid, y: Pid): boolean {
  return x.id === y.id && x.serial === y.serial && x.node === y.node && x.creation === y.creation;
}

export function sameRef(x: Ref, y: Ref): boolean {
  if (x.node !== y.node || x.creation !== y.creation) return false;
  if (x.words === null && y.words === null) return x.id === y.id;
  const a = refWords(x);
  const b = refWords(y);
  return a.length === b.length && a.every((w, i) => w === b[i]);
}

export function samePort(x: Port, y: Port): boolean {
  return x.id === y.id && x.node === y.node && x.creation === y.creation;
}

/** The internal reference with these words (on this runtime's node), or null when it is not one of ours. */
export function refFromWords(words: readonly number[]): Ref | null {
  if (words.length !== 3 || words[2] !== REF_WORD2) return null;
  const hi = (words[1] - REF_WORD1) >>> 0;
  const id = words[0] + hi * 0x40000;
  return Number.isSafeInteger(id) ? new Ref(id) : null;
}

/** A term is any of the above. `Fun` and `MapTerm` are classes from fun.ts and map.ts. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Term = any;

// ---------------------------------------------------------------------------
// Constructors

/** Interns an atom by name; "true"/"false"/"nil" give JS true/false/null. */
export function atom(name: string): Atom | boolean | null {
  if (name === "true") return true;
  if (name === "false") return false;
  if (name === "nil") return null;
  return Atom.intern(name);
}

/** Like atom() but typed as Atom (for names that are never true/false/nil). */
export function a(name: string): Atom {
  return Atom.intern(name);
}

/** Normalises an integer result: bigint in the safe range becomes a number. */
export function int(n: number | bigint): number | bigint {
  if (typeof n === "bigint") {
    if (n >= -9007199254740991n && n <= 9007199254740991n) return Number(n);
    return n;
  }
  return n;
}

export function float(v: number): Float {
  return new Float(v);
}

/** Builds a proper list from a JS array (optionally with an improper tail). */
export function list(items: readonly Term[], tail: Term = NIL): Term {
  reserve(items.length * CONS_BYTES);
  const n = items.length;
  if (n === 0) return tail;
  // Front to back, so that the cells lie in memory in the order a walk down the list reads
  // them (built back to front, a long list took two to three times longer to walk).
  const l = new Cons(items[0], tail);
  let end = l;
  for (let i = 1; i < n; i++) {
    const cell = new Cons(items[i], tail);
    (end as { t: Term }).t = cell;
    end = cell;
    if ((i & 0xffff) === 0) pollInterrupt();
  }
  return l;
}

/** The charlist of a string's code points (a stack entry's file, an Erlang string). */
export function charlistOf(s: string): Term {
  return list(Array.from(s, (c) => c.codePointAt(0)!));
}

export function tuple(...items: Term[]): Term[] {
  return items;
}

const utf8Encoder = new TextEncoder();

/** A binary from raw bytes: a JS string when valid UTF-8, else a Bin. */
export function binFromBytes(bytes: Uint8Array, bits = 0): string | Bin {
  if (bits === 0) return scanUtf8(bytes, 0, bytes.length) === VALID ? decode(bytes, 0, bytes.length) : new Bin(bytes);
  return new Bin(bytes, bits);
}

/** The bytes of a binary (string or Bin). */
export function binBytes(b: string | Bin): Uint8Array {
  if (typeof b !== "string") return b.bytes;
  if (b.length <= 8) {
    const out = new Uint8Array(b.length);
    for (let i = 0; i < b.length; i++) {
      const c = b.charCodeAt(i);
      if (c >= 0x80) return utf8Encoder.encode(b);
      out[i] = c;
    }
    return out;
  }
  return utf8Encoder.encode(b);
}

/** Number of bytes of a binary. */
export function byteSize(b: string | Bin): number {
  if (typeof b !== "string") return b.size;
  return utf8Length(b, b.length);
}

/** UTF-8 byte length of the first `end` UTF-16 units of a JS string. */
export function utf8Length(b: string, end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) {
    const c = b.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

// ---------------------------------------------------------------------------
// Guards (the is_* BIFs)

export const isInteger = (t: Term): boolean =>
  (typeof t === "number") || typeof t === "bigint";
export const isFloat = (t: Term): t is Float => t instanceof Float;
export const isNumber = (t: Term): boolean =>
  typeof t === "number" || typeof t === "bigint" || t instanceof Float;
export const isAtom = (t: Term): boolean =>
  t instanceof Atom || t === true || t === false || t === null;
export const isBoolean = (t: Term): boolean => t === true || t === false;
export const isBinary = (t: Term): boolean =>
  typeof t === "string" || (t instanceof Bin && t.bits === 0);
export const isBitstring = (t: Term): boolean => typeof t === "string" || t instanceof Bin;
export const isList = (t: Term): boolean => t === NIL || t instanceof Cons;
export const isTuple = (t: Term): t is Term[] => Array.isArray(t);
export const isPid = (t: Term): t is Pid => t instanceof Pid;
export const isRef = (t: Term): t is Ref => t instanceof Ref;
/** Elixir truthiness: everything but false and nil. */
export const truthy = (t: Term): boolean => t !== false && t !== null;

// ---------------------------------------------------------------------------
// Lists

/** A proper list to a JS array; returns null for an improper list. */
export function listToArray(l: Term): Term[] | null {
  const out: Term[] = [];
  while (l instanceof Cons) {
    out.push(l.h);
    l = l.t;
    // A long list's array takes heap too: make sure it fits, now and then.
    if ((out.length & 0xffff) === 0) {
      pollInterrupt();
      if ((out.length & 0x1fffff) === 0) {
        reserve(0x200000 * 8);
        arrayRoom(out.length + 1);
      }
    }
  }
  return l === NIL ? out : null;
}

export function listLength(l: Term): number {
  let n = 0;
  while (l instanceof Cons) {
    n++;
    l = l.t;
  }
  return n;
}

/** Atom name for any atom (including true/false/nil). */
export function atomName(t: Term): string {
  if (t === true) return "true";
  if (t === false) return "false";
  if (t === null) return "nil";
  return (t as Atom).name;
}

/** The string of a list of code points (in chunks: a spread of a long list overflows). */
export function fromCodePoints(cps: ArrayLike<number>): string {
  let out = "";
  for (let i = 0; i < cps.length; i += 8192) {
    out += String.fromCodePoint(...Array.prototype.slice.call(cps, i, Math.min(cps.length, i + 8192)));
  }
  return out;
}
