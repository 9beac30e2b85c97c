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

/** Elixir float: boxed so it is never confused with an integer. */
export class Float {
  constructor(readonly v: number) {}
}

/** Interned atom. Use `atom(name)`; true/false/nil are represented as JS true/false/null. */
export class Atom {
  private constructor(readonly name: string) {}
  private static table = new Map<string, Atom>();
  /** Only for atom(): interns an Atom (never call with "true", "false", "nil"). */
  static intern(name: string): Atom {
    let a = Atom.table.get(name);
    if (a === undefined) {
      a = new Atom(name);
      Atom.table.set(name, a);
    }
    return a;
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
  /** `bits`: number of bits used in the last byte when this is a bitstring (1..7); 0 = whole bytes. */
  constructor(readonly bytes: Uint8Array, readonly bits = 0) {}
}

export class Pid {
  constructor(readonly id: number, readonly serial = 0, readonly node: Atom | null = null) {}
}

export class Ref {
  constructor(readonly id: number, readonly node: Atom | null = null) {}
}

/** A port placeholder (printed #Port<0.N>). */
export class Port {
  constructor(readonly id: number) {}
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
  let l = tail;
  for (let i = items.length - 1; i >= 0; i--) l = new Cons(items[i], l);
  return l;
}

export function tuple(...items: Term[]): Term[] {
  return items;
}

const utf8Decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const utf8Encoder = new TextEncoder();

/** A binary from raw bytes: a JS string when valid UTF-8, else a Bin. */
export function binFromBytes(bytes: Uint8Array, bits = 0): string | Bin {
  if (bits === 0) {
    try {
      return utf8Decoder.decode(bytes);
    } catch {
      return new Bin(bytes);
    }
  }
  return new Bin(bytes, bits);
}

/** The bytes of a binary (string or Bin). */
export function binBytes(b: string | Bin): Uint8Array {
  return typeof b === "string" ? utf8Encoder.encode(b) : b.bytes;
}

/** Number of bytes of a binary. */
export function byteSize(b: string | Bin): number {
  if (typeof b !== "string") return b.bytes.length;
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
