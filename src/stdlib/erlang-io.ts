// Erlang's :io (formatted and plain output to a device) and :io_lib (formatting to a
// character list), on the formatter in io-lib.ts. A device is :standard_io/:user (the
// shell's output), :standard_error, a registered name or a pid speaking the I/O protocol.
import type { NativeFn, ProcLike } from "../runtime/code.js";
import { BeamError, argumentError, arithmeticError, badArgs } from "../runtime/errors.js";
import type { Runtime } from "../runtime/runtime.js";
import { Atom, Cons, Float, NIL, Pid, Term, a, float, int, isAtom, list } from "../runtime/term.js";
import { badarith, fce, withFrame } from "../runtime/arith.js";
import { beforeEffect } from "../runtime/elixir-callback.js";
import { device as ioDevice, outputTo, putCharsText } from "./io.js";
import { bifError } from "./process.js";
import { locatedEntries } from "./library-frames.js";
import {
  FormatError, buildText, chars, charsLength, charsText, format, ioFormatError, prettyPrint, scanFormat, write,
  writeAtom, writeString,
} from "./io-lib.js";

const OK = a("ok");
const STANDARD_IO = a("standard_io");

type Device = "out" | "err" | Pid | null;

/**
 * Where output for `d` goes (null: no such device): as for Elixir's IO, standard output is
 * the group leader's (ExUnit.CaptureIO's StringIO, another node's shell), standard error what
 * capture_io(:stderr, ...) took.
 */
const device = (d: Term, p: ProcLike): Device => ioDevice(d, p);

const noDevice = (fn: string, args: Term[]) => withFrame(badArgs([[1, "the device does not exist"]]), "io", fn, args);

/** Writes text to a device: the shell's output, its error output, or a process by the I/O protocol. */
function output(dev: Device, text: string, p: ProcLike, fn: string, args: Term[]): Term {
  if (dev === null) throw noDevice(fn, args);
  if (dev instanceof Pid) return outputTo(dev, [a("put_chars"), a("unicode"), text], fn, args);
  beforeEffect();
  if (dev === "err") (p.rt as Runtime).writeErr(text);
  else (p.rt as Runtime).write(text);
  return OK;
}

/** io:format/1,2,3 (and fwrite). */
function ioFormat(fn: string, args: Term[], p: ProcLike): Term {
  const withDevice = args.length === 3;
  const [d, fmt, fargs] = withDevice ? args : [STANDARD_IO, args[0], args[1] ?? NIL];
  const dev = device(d, p);
  if (dev === null) throw noDevice(fn, args);
  let text: string;
  try {
    text = charsText(format(fmt, fargs));
  } catch (e) {
    if (!(e instanceof FormatError)) throw e;
    const fmtIsDeviceLike = !withDevice && (fmt instanceof Pid || isAtom(fmt));
    throw withFrame(ioFormatError(fmt, fargs, withDevice, fmtIsDeviceLike), "io", fn, args);
  }
  return output(dev, text, p, fn, args);
}

function putChars(args: Term[], p: ProcLike): Term {
  const [d, data] = args.length === 2 ? args : [STANDARD_IO, args[0]];
  const dev = device(d, p);
  if (dev === null) throw noDevice("put_chars", args);
  const text = putCharsText(data);
  if (text === null) {
    throw withFrame(badArgs([[args.length, "not valid character data (an iodata term)"]]), "io", "put_chars", args);
  }
  return output(dev, text, p, "put_chars", args);
}

/** A badarg io_lib.erl raises itself with error(badarg, args), at `line`. */
function ioLibBadarg(fn: string, args: Term[], line: number): BeamError {
  const err = argumentError();
  const entry: Term[] = [a("io_lib"), a(fn), list(args), list([[a("file"), list(Array.from("io_lib.erl", (c) => c.charCodeAt(0)))], [a("line"), line]])];
  locatedEntries.add(entry);
  err.stacktrace = list([entry]);
  // (the entry stands for the function called: format/3's names format and its first two
  // arguments, as error(badarg, [Format, Args]) makes it; no entry of the native below it)
  (err as BeamError & { entered?: [string, string, number] }).entered = ["io_lib", fn, args.length];
  return err;
}

/** io_lib's scan_format/2 and build_text/1,2, FormatError raised as io_lib.erl's badarg at `line`. */
function ioLibTry(fn: string, args: Term[], line: number, run: () => Term): Term {
  try {
    return run();
  } catch (e) {
    if (e instanceof FormatError) throw ioLibBadarg(fn, args, line);
    throw e;
  }
}

/**
 * io_lib_format's options (lists:keyfind/3 of chars_limit over them: a list, or the call
 * fails as a FormatError). chars_limit itself is not applied by beamsh's formatting.
 */
function ioLibOptions(o: Term, run: () => Term): Term {
  let l = o;
  while (l instanceof Cons) l = l.t;
  if (l !== NIL) throw new FormatError();
  try {
    return run();
  } catch (e) {
    if (e instanceof BeamError) throw new FormatError();
    throw e;
  }
}

/** An error of io_lib_format:indentation/2 at `line` of io_lib_format.erl. */
function indentationArith(line: number): BeamError {
  const err = arithmeticError();
  const entry: Term[] = [a("io_lib_format"), a("indentation"), 2, list([[a("file"), list(Array.from("io_lib_format.erl", (c) => c.charCodeAt(0)))], [a("line"), line]])];
  locatedEntries.add(entry);
  err.stacktrace = list([entry]);
  return err;
}

/** io_lib_format:indentation/2 clause by clause: the column after chars `t` written from column `i`. */
function indentationChecked(t: Term, i: Term): Term {
  let l = t;
  for (; l instanceof Cons; l = l.t) {
    const h = l.h;
    if (h === 10) i = 0;
    else if (h === 9) {
      if (typeof i === "number") i = Math.trunc((i + 8) / 8) * 8;
      else if (typeof i === "bigint") i = int(((i + 8n) / 8n) * 8n);
      else if (i instanceof Float) {
        // (I + 8 is a float: `div` fails, its operands shown)
        const err = badarith("div", [float(i.v + 8), 8]);
        const own = (indentationArith(317).stacktrace as Cons).h;
        err.stacktrace = list([(err.stacktrace as Cons).h, own]);
        throw err;
      } else throw indentationArith(317);
    } else if (typeof h === "number" || typeof h === "bigint") {
      if (typeof i === "number" || typeof i === "bigint") i = int(BigInt(i) + 1n);
      else if (i instanceof Float) i = float(i.v + 1);
      else throw indentationArith(319);
    } else i = indentationChecked(h, i);
  }
  if (l !== NIL) throw fce("io_lib_format", "indentation", [l, i]);
  return i;
}

function ioLibFormat(fn: string, fmt: Term, args: Term): Term {
  try {
    return format(fmt, args);
  } catch (e) {
    if (e instanceof FormatError) throw withFrame(argumentError(), "io_lib", fn, [fmt, args]);
    throw e;
  }
}

/** The options list of io_lib:write/2 and print: depth, encoding, chars_limit. */
function writeOptions(opts: Term): { depth: number; enc: "latin1" | "unicode" } {
  let depth = -1;
  let enc: "latin1" | "unicode" = "unicode";
  for (let l = opts; l instanceof Cons; l = l.t) {
    const o = l.h;
    if (!Array.isArray(o) || o.length !== 2) continue;
    if (o[0] === a("depth") && typeof o[1] === "number") depth = o[1];
    if (o[0] === a("encoding")) enc = o[1] === a("latin1") ? "latin1" : "unicode";
  }
  return { depth, enc };
}

const charList = (t: Term, ok: (c: number) => boolean, deep: boolean): boolean => {
  let l = t;
  for (; l instanceof Cons; l = l.t) {
    const h = l.h;
    if (deep && (h instanceof Cons || h === NIL)) {
      if (!charList(h, ok, deep)) return false;
    } else if (typeof h !== "number" || !ok(h)) return false;
  }
  return l === NIL;
};
const isUnicodeChar = (c: number) => c >= 0 && (c < 0xd800 || (c > 0xdfff && c < 0xfffe) || (c > 0xffff && c <= 0x10ffff));
const isLatin1 = (c: number) => c >= 0 && c <= 255;
const SPECIAL = [10, 13, 9, 11, 8, 12, 27];
const printableLatin1 = (c: number) => (c >= 32 && c <= 126) || (c >= 0xa0 && c <= 0xff) || SPECIAL.includes(c);
const printableUnicode = (c: number) =>
  (c >= 32 && c <= 126) || (c >= 0xa0 && c < 0xd800) || (c > 0xdfff && c < 0xfffe) || (c > 0xffff && c <= 0x10ffff) || SPECIAL.includes(c);

function codepoints(t: Term, fn: string): number[] {
  const out: number[] = [];
  let l = t;
  for (; l instanceof Cons; l = l.t) {
    if (typeof l.h !== "number") throw withFrame(argumentError(), "io_lib", fn, [t]);
    out.push(l.h);
  }
  return out;
}

export const ioNatives: { module: string; fns: Record<string, NativeFn> } = {
  module: "io",
  fns: {
    "format/1": ([f], p) => ioFormat("format", [f], p),
    "format/2": ([f, as], p) => ioFormat("format", [f, as], p),
    "format/3": ([d, f, as], p) => ioFormat("format", [d, f, as], p),
    "fwrite/1": ([f], p) => ioFormat("fwrite", [f], p),
    "fwrite/2": ([f, as], p) => ioFormat("fwrite", [f, as], p),
    "fwrite/3": ([d, f, as], p) => ioFormat("fwrite", [d, f, as], p),
    "put_chars/1": (args, p) => putChars(args, p),
    "put_chars/2": (args, p) => putChars(args, p),
    "write/1": ([t], p) => output(device(STANDARD_IO, p), charsText(write(t)), p, "write", [t]),
    "write/2": ([d, t], p) => output(device(d, p), charsText(write(t)), p, "write", [d, t]),
    "nl/0": (_, p) => output(device(STANDARD_IO, p), "\n", p, "nl", []),
    "nl/1": ([d], p) => output(device(d, p), "\n", p, "nl", [d]),
    "printable_range/0": () => a("latin1"),
  },
};

export const ioLibNatives: { module: string; fns: Record<string, NativeFn> } = {
  module: "io_lib",
  fns: {
    "format/2": ([f, as]) => ioLibFormat("format", f, as),
    // (format/3 raises error(badarg, [Format, Args]) from its own line; fwrite/2,3 are
    // format/2,3 called last, their entries format's)
    "format/3": ([f, as, o]) => ioLibTry("format", [f, as], 202, () => ioLibOptions(o, () => ioLibFormat("format", f, as))),
    "fwrite/2": ([f, as]) => ioLibFormat("format", f, as),
    "fwrite/3": ([f, as, o]) => ioLibTry("format", [f, as], 202, () => ioLibOptions(o, () => ioLibFormat("format", f, as))),
    "write/1": ([t]) => write(t, -1, "latin1"),
    "write/2": ([t, o]) => {
      if (typeof o === "number") return write(t, o, "latin1");
      const { depth, enc } = writeOptions(o);
      return depth === 0 ? chars("...") : write(t, depth, enc);
    },
    "write/3": ([t, d, pretty]) => (pretty === true ? prettyPrint(t, 1, 80, small(d), "latin1", true) : write(t, small(d), "latin1")),
    "print/1": ([t]) => prettyPrint(t, 1, 80, -1, "latin1", true),
    "print/4": ([t, col, ll, d]) => prettyPrint(t, small(col), small(ll), small(d), "latin1", true),
    "nl/0": () => list([10]),
    "scan_format/2": ([f, as]) => ioLibTry("scan_format", [f, as], 215, () => scanFormat(f, as)),
    "build_text/1": ([cs]) => ioLibTry("build_text", [cs], 234, () => buildText(cs)),
    // (options: chars_limit alone, which beamsh's formatting does not apply, as format/3)
    "build_text/2": ([cs, o]) => ioLibTry("build_text", [cs, o], 248, () => ioLibOptions(o, () => buildText(cs))),
    "char_list/1": ([t]) => charList(t, isUnicodeChar, false),
    "latin1_char_list/1": ([t]) => charList(t, isLatin1, false),
    "deep_char_list/1": ([t]) => charList(t, isUnicodeChar, true),
    "deep_unicode_char_list/1": ([t]) => charList(t, isUnicodeChar, true),
    "deep_latin1_char_list/1": ([t]) => charList(t, isLatin1, true),
    "printable_list/1": ([t]) => charList(t, printableLatin1, false),
    "printable_latin1_list/1": ([t]) => charList(t, printableLatin1, false),
    "printable_unicode_list/1": ([t]) => charList(t, printableUnicode, false),
    "indentation/2": ([t, i]) => indentationChecked(t, i),
    "chars_length/1": ([t]) => {
      try {
        return charsLength(t);
      } catch (e) {
        // Not chardata: OTP's grapheme walk finds no clause for it.
        if (e instanceof BeamError) throw e;
        throw fce("unicode_util", "cp", [t]);
      }
    },
  },
};

/** io_lib:write_char/1 and friends: `$a`, `$\\n`, `$\\s`. */
function writeChar(c: Term, enc: "latin1" | "unicode_as_unicode" | "unicode_as_latin1"): Term {
  if (typeof c !== "number" || c < 0) throw withFrame(argumentError(), "io_lib", "write_char", [c]);
  if (c === 32) return chars("$\\s");
  const s = writeString([c], -1, enc);
  const items: Term[] = [];
  for (let l = s; l instanceof Cons; l = l.t) items.push(l.h);
  return list([36, ...items.slice(1, -1)]);
}

/** write_atom's argument must be an atom: OTP's atom_to_list/1 fails on anything else. */
function notAtom(x: Term): Term {
  if (!isAtom(x)) throw bifError("atom_to_list", [x], [[1, "not an atom"]]);
  return x;
}

/** A column, width or depth given as a bignum: as large as a JS number goes (no limit in practice). */
function small(x: Term): number {
  return typeof x === "bigint" ? Number(x > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : x < BigInt(Number.MIN_SAFE_INTEGER) ? Number.MIN_SAFE_INTEGER : x) : (x as number);
}
