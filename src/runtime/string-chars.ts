// String.Chars (to_string/1 and string interpolation) as Elixir 1.14 implements it for
// built-in types: binaries as-is, atoms (nil → ""), numbers, chardata lists (List.to_string
// semantics, including its UnicodeConversionError/ArgumentError failures), ISO calendar
// structs, and the library's other structs (URI, ... : library.ts). Anything else is the
// String.Chars protocol's business: a request for String.Chars.to_string/1 (see
// elixir-callback.ts), which calls a user's implementation or raises
// Protocol.UndefinedError like Elixir does.
import { activeRuntime } from "./active.js";
import { BeamError, raise } from "./errors.js";
import { LIBRARY_LINE_OFFSET } from "./machine.js";
import { memoized, request } from "./elixir-callback.js";
import { formatFloatShort } from "./float-format.js";
import { calendarToString, inspect, registerListToString } from "./inspect.js";
import { MapTerm } from "./map.js";
import { a, Atom, Bin, Cons, Float, list, NIL, Term } from "./term.js";

const STRING_CHARS = a("Elixir.String.Chars");


/**
 * String.Chars for the built-in types and the library's structs; undefined when the
 * protocol must be dispatched in Elixir.
 */
export function toStringBuiltIn(t: Term): string | Bin | undefined {
  switch (typeof t) {
    case "string":
      return t;
    case "number":
    case "bigint":
      return t.toString();
    case "boolean":
      return t ? "true" : "false";
  }
  if (t === null) return "";
  if (t instanceof Atom) return t.name;
  // (Float.to_string/1: float_to_binary(f, [:short]); inspect keeps fixed notation below 1.0e16)
  if (t instanceof Float) return formatFloatShort(t.v);
  if (t instanceof Bin) {
    if (t.bits === 0) return t;
    throw raise("Protocol.UndefinedError", { protocol: STRING_CHARS, value: t, description: "cannot convert a bitstring to a string" });
  }
  if (t === NIL || t instanceof Cons) {
    try {
      return listToString(t);
    } catch (e) {
      throw underListToString(e);
    }
  }
  if (t instanceof MapTerm) {
    const s = calendarToString(t);
    if (s !== null) return s;
    const rt = activeRuntime();
    const v = rt === null ? undefined : rt.hooks.structToString(t);
    if (v !== undefined) return v as string | Bin;
  }
  return undefined;
}

/**
 * String.Chars.List.to_string/1 is List.to_string/1, whose entry is what iex shows of a list
 * that fails: the raise of its ArgumentError (list.ex:1084) or of its UnicodeConversionError
 * (list.ex:1103).
 */
function underListToString(e: unknown): unknown {
  if (!(e instanceof BeamError) || e.stacktrace !== null) return e;
  const unicode = e.reason instanceof MapTerm && e.reason.get(STRUCT) === UNICODE_ERROR;
  // (where Elixir 1.14's List.to_string/1 begins and raises each)
  const line = !unicode ? 1084 : INCOMPLETE.has(e) ? 1106 : 1103;
  const file = list([..."lib/list.ex"].map((c) => c.charCodeAt(0)));
  const entry: Term[] = [LIST, TO_STRING, 1, list([[FILE, file], [LINE, line]])];
  LIBRARY_LINE_OFFSET.set(entry, line - 1079);
  e.stacktrace = list([entry]);
  return e;
}

const STRUCT = a("__struct__");
const UNICODE_ERROR = a("Elixir.UnicodeConversionError");
const LIST = a("Elixir.List");
const TO_STRING = a("to_string");
const FILE = a("file");
const LINE = a("line");

/** to_string/1. Returns a JS string (always valid UTF-8) or the binary itself. */
export function toStringTerm(t: Term): string | Bin {
  const s = toStringBuiltIn(t);
  if (s !== undefined) return s;
  // What the implementation returned (Kernel.to_string/1 does not check it is a binary).
  const done = memoized(t);
  if (done !== undefined) return done as string | Bin;
  const undef = raise("Protocol.UndefinedError", { protocol: STRING_CHARS, value: t, description: "" });
  if (!request(undef.reason, t, "", "Elixir.String.Chars", "to_string", [t])) throw undef;
  return "";
}

const LIST_ERROR = `cannot convert the given list to a string.

To be converted to a string, a list must either be empty or only
contain the following elements:

  * strings
  * integers representing Unicode code points
  * a list containing one of these three elements

Please check the given list or call inspect/1 to get the list representation, got:

`;

/** List.to_string/1: flattens chardata (code points, binaries, nested/improper lists). */
export function listToString(list: Term): string {
  let out = "";
  const stack: Term[] = [list];
  while (stack.length > 0) {
    const t = stack.pop();
    if (t === NIL) continue;
    if (t instanceof Cons) {
      // an improper list may end in a binary only (unicode:characters_to_binary's chardata)
      const tail = t.t;
      if (tail !== NIL && !(tail instanceof Cons) && typeof tail !== "string" && !(tail instanceof Bin && tail.bits === 0)) {
        throw raise("ArgumentError", { message: LIST_ERROR + inspect(list) + "\n" });
      }
      stack.push(tail, t.h);
    } else if (typeof t === "string") {
      out += t;
    } else if (typeof t === "number" || typeof t === "bigint") {
      if (typeof t === "bigint" || t < 0 || t > 0x10ffff || (t >= 0xd800 && t <= 0xdfff)) {
        throw unicodeError(out, "invalid code point " + t.toString());
      }
      out += String.fromCodePoint(t);
    } else if (t instanceof Bin && t.bits === 0) {
      throw badBinary(out, t.bytes, stack.every(emptyChardata));
    } else {
      throw raise("ArgumentError", { message: LIST_ERROR + inspect(list) + "\n" });
    }
  }
  return out;
}

registerListToString(listToString);

function unicodeError(encoded: string, message: string): unknown {
  return raise("UnicodeConversionError", { encoded, message });
}

/** UnicodeConversionErrors of a character cut short at the end (Elixir raises them on a line of their own). */
export const INCOMPLETE = new WeakSet<object>();

/**
 * Whether chardata holds no character (empty lists and binaries): what follows a binary
 * cut short in the middle of a character, which unicode:characters_to_binary calls
 * incomplete only at the end of its input.
 */
export function emptyChardata(t: Term): boolean {
  const stack: Term[] = [t];
  while (stack.length > 0) {
    const x = stack.pop();
    if (x === NIL || x === "") continue;
    if (x instanceof Bin) {
      if (x.bytes.length === 0 && x.bits === 0) continue;
      return false;
    }
    if (x instanceof Cons) {
      stack.push(x.t, x.h);
      continue;
    }
    return false;
  }
  return true;
}

/**
 * The error for a non-UTF-8 binary inside chardata, as List.to_string/1 raises it from
 * unicode:characters_to_binary's answer: the rest from the first byte that is no character,
 * incomplete when it is a character cut short and nothing follows it (`atEnd`), else invalid.
 */
export function badBinary(encoded: string, bytes: Uint8Array, atEnd: boolean): unknown {
  let i = 0;
  let prefix = "";
  while (i < bytes.length) {
    const n = seqLength(bytes, i);
    if (n <= 0) break;
    prefix += new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes.subarray(i, i + n));
    i += n;
  }
  const rest = new Bin(bytes.slice(i));
  const kind = atEnd && isIncomplete(bytes, i) ? "incomplete" : "invalid";
  const err = unicodeError(encoded + prefix, `${kind} encoding starting at ${inspect(rest)}`);
  if (kind === "incomplete") INCOMPLETE.add(err as object);
  return err;
}

/** Length of the valid UTF-8 sequence at i, or 0 when invalid. */
function seqLength(b: Uint8Array, i: number): number {
  const c = b[i];
  const n = c < 0x80 ? 1 : c >= 0xc2 && c < 0xe0 ? 2 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xf0 && c < 0xf5 ? 4 : 0;
  if (n === 0 || i + n > b.length) return 0;
  for (let j = 1; j < n; j++) if ((b[i + j] & 0xc0) !== 0x80) return 0;
  const s = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  try {
    s.decode(b.subarray(i, i + n));
    return n;
  } catch {
    return 0;
  }
}

/** True when the bytes from i are a truncated (but so far valid) UTF-8 sequence. */
function isIncomplete(b: Uint8Array, i: number): boolean {
  const c = b[i];
  const n = c >= 0xc2 && c < 0xe0 ? 2 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xf0 && c < 0xf5 ? 4 : 0;
  if (n === 0 || i + n <= b.length) return false;
  for (let j = i + 1; j < b.length; j++) if ((b[j] & 0xc0) !== 0x80) return false;
  return true;
}
