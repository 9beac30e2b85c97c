// What was wrong with each argument of a failed :erlang BIF, as OTP 25's erl_erts_errors
// explains a badarg: every argument is judged on its own from the arguments alone, so a call
// with two bad arguments lists both ("1st argument: not an integer", "2nd argument: not a
// tuple"), whichever one the BIF itself tripped over first.
//
// Natives report the problem they meet (badArgs); `explainBifArgs` then replaces that list
// with this judgement of all the arguments for the BIFs the table knows, as the error_info
// formatter does on the BEAM. A BIF the table does not know keeps its native's list.
import { MapTerm } from "./map.js";
import { Atom, Bin, Cons, Float, NIL, Term, a, byteSize, isAtom, isBinary, isInteger, isTuple, listToArray } from "./term.js";
import type { BeamError } from "./errors.js";

/** A judgement of one argument: null when it is fine, else the text for it. */
type Verdict = string | null;

const NOT_INTEGER = "not an integer";
const RANGE = "out of range";
const NOT_BINARY = "not a binary";
const NOT_TUPLE = "not a tuple";
const NOT_ATOM = "not an atom";
const NOT_LIST = "not a list";
const NOT_PROPER = "not a proper list";
const NOT_IODATA = "not an iodata term";
const BAD_BASE = "not an integer in the range 2 through 36";
const BAD_OPTION = "invalid option in list";
const BAD_ENCODING = "not one of the atoms: latin1, utf8, or unicode";
const BAD_TIME_UNIT = "invalid time unit";

const big = (t: Term): bigint => BigInt(t as number | bigint);
const isInt = (t: Term): boolean => isInteger(t);
const byteLength = (b: Term): number => byteSize(b as string | Bin);

function intIn(t: Term, min: bigint, max: bigint | null): Verdict {
  if (!isInt(t)) return NOT_INTEGER;
  const n = big(t);
  return n < min || (max !== null && n > max) ? RANGE : null;
}
const nonNegInt = (t: Term): Verdict => intIn(t, 0n, null);
const posInt = (t: Term): Verdict => intIn(t, 1n, null);
const mustBeInt = (t: Term): Verdict => (isInt(t) ? null : NOT_INTEGER);
const mustBeAtom = (t: Term): Verdict => (isAtom(t) ? null : NOT_ATOM);
const mustBeBinary = (t: Term): Verdict => (isBinary(t) ? null : NOT_BINARY);
const mustBeTuple = (t: Term): Verdict => (isTuple(t) ? null : NOT_TUPLE);
const mustBeBase = (t: Term): Verdict => (isInt(t) && big(t) >= 2n && big(t) <= 36n ? null : BAD_BASE);
const mustBeFloat = (t: Term): Verdict => (t instanceof Float ? null : "not a float");
const checksum = (t: Term): Verdict => intIn(t, 0n, (1n << 32n) - 1n);
const mustBeSize = (t: Term): Verdict => (!isInt(t) ? NOT_INTEGER : big(t) < 0n ? RANGE : null);

/** A proper list: null; else what it is not. `otherwise` is the verdict for a proper one. */
function mustBeList(t: Term, otherwise: Verdict = null): Verdict {
  if (t !== NIL && !(t instanceof Cons)) return NOT_LIST;
  return listToArray(t) === null ? NOT_PROPER : otherwise;
}

/**
 * An option list after another argument: when that one is fine, the options must be what
 * is wrong (a bad option if they are a proper list); when it is not, only a list that is
 * no proper list is reported.
 */
function optionsAfter(options: Term, previous: Verdict): Verdict {
  const l = mustBeList(options);
  return previous === null && l === null ? BAD_OPTION : l;
}

function isIodata(t: Term): boolean {
  const stack: Term[] = [t];
  let top = true;
  while (stack.length > 0) {
    let x = stack.pop()!;
    if (isBinary(x)) {
      if (top) return true;
      continue;
    }
    top = false;
    while (x instanceof Cons) {
      const h = x.h;
      if (isInt(h)) {
        if (big(h) < 0n || big(h) > 255n) return false;
      } else if (isBinary(h) || h === NIL || h instanceof Cons) stack.push(h);
      else return false;
      x = x.t;
    }
    if (x !== NIL && !isBinary(x)) return false;
  }
  return true;
}
const mustBeIodata = (t: Term): Verdict => (isIodata(t) ? null : NOT_IODATA);

const TIME_UNITS = new Set([
  "second", "seconds", "millisecond", "milli_seconds", "microsecond", "micro_seconds",
  "nanosecond", "nano_seconds", "native", "perf_counter",
]);
function mustBeTimeUnit(t: Term): Verdict {
  if (isInt(t)) return big(t) > 0n ? null : BAD_TIME_UNIT;
  return t instanceof Atom && TIME_UNITS.has(t.name) ? null : BAD_TIME_UNIT;
}

function element(index: Term, tuple: Term): Verdict[] {
  let first: Verdict = null;
  if (!isInt(index)) first = NOT_INTEGER;
  else if (big(index) <= 0n || (isTuple(tuple) && big(index) > BigInt(tuple.length))) first = RANGE;
  return [first, mustBeTuple(tuple)];
}

function adler32(args: Term[]): Verdict[] {
  return args.length === 1 ? [NOT_IODATA] : [checksum(args[0]), mustBeIodata(args[1])];
}

function binaryPart3(bin: Term, pos: Term, len: Term): Verdict[] {
  const errors = [mustBeBinary(bin), nonNegInt(pos), mustBeInt(len)];
  if (errors.some((e) => e !== null)) return errors;
  return big(pos) > BigInt(byteLength(bin)) ? [null, RANGE] : [null, null, RANGE];
}

function binaryToAtom(bin: Term, enc: Term, existing: boolean): Verdict[] {
  const name = enc instanceof Atom ? enc.name : "";
  if (name === "latin1") return [isBinary(bin) ? (existing ? "not an already existing atom" : null) : NOT_BINARY];
  if (name === "unicode" || name === "utf8") {
    if (!isBinary(bin)) return [NOT_BINARY];
    // (a binary held as text is valid UTF-8; one held as bytes is not)
    return [typeof bin === "string" ? "not an already existing atom" : "invalid UTF8 encoding"];
  }
  return [mustBeBinary(bin), BAD_ENCODING];
}

/** No explanation at all: the plain "argument error". */
const PLAIN: Verdict[] = [];
type Explainer = (args: Term[]) => Verdict[];

/** name/arity -> the judgement of each argument (erl_erts_errors' format_erlang_error). */
const EXPLAIN: Record<string, Explainer> = {
  "adler32/2": adler32,
  "crc32/2": adler32,
  "adler32_combine/3": ([x, y, n]) => [checksum(x), checksum(y), mustBeSize(n)],
  "crc32_combine/3": ([x, y, n]) => [checksum(x), checksum(y), mustBeSize(n)],
  "atom_to_binary/2": ([atom, enc]) => [
    !isAtom(atom) ? NOT_ATOM : enc === a("latin1") ? "contains a character not expressible in latin1" : null,
    enc === a("latin1") || enc === a("unicode") || enc === a("utf8") ? null : "is an invalid encoding option",
  ],
  "binary_part/2": ([bin, posLen]) => {
    if (isTuple(posLen) && posLen.length === 2 && isInt(posLen[0]) && isInt(posLen[1])) {
      // (a start beyond the end is judged as binary_part/3 does, in a shape erl_erts_errors
      // does not expect here: its explanation fails, and the error is the plain one)
      const three = binaryPart3(bin, posLen[0], posLen[1]);
      if (three.length !== 3) return PLAIN;
      return three[1] === null && three[2] === null ? [three[0]] : [three[0], RANGE];
    }
    return [mustBeBinary(bin), "not a valid {Pos,Length} tuple"];
  },
  "binary_part/3": ([bin, pos, len]) => binaryPart3(bin, pos, len),
  "binary_to_atom/2": ([bin, enc]) => binaryToAtom(bin, enc, false),
  "binary_to_existing_atom/2": ([bin, enc]) => binaryToAtom(bin, enc, true),
  "binary_to_integer/2": ([bin, base]) => {
    const b = mustBeBase(base);
    return b === null ? [isBinary(bin) ? "not a textual representation of an integer" : NOT_BINARY] : [mustBeBinary(bin), b];
  },
  "binary_to_list/3": ([bin, start, stop]) => {
    const errors = [mustBeBinary(bin), posInt(start), posInt(stop)];
    if (errors.some((e) => e !== null)) return errors;
    if (big(start) > big(stop)) return [null, "start position greater than stop position"];
    const size = BigInt(byteLength(bin));
    return [null, big(start) > size ? RANGE : null, big(stop) > size ? RANGE : null];
  },
  "binary_to_term/2": ([bin, opts]) => {
    const first = mustBeBinary(bin);
    const l = mustBeList(opts);
    if (l !== null) return [first, l];
    const known = (listToArray(opts) ?? []).every((o) => o === a("safe") || o === a("used"));
    return [first, known || first !== null ? null : BAD_OPTION];
  },
  "convert_time_unit/3": ([t, from, to]) => [mustBeInt(t), mustBeTimeUnit(from), mustBeTimeUnit(to)],
  "element/2": ([i, t]) => element(i, t),
  "delete_element/2": ([i, t]) => element(i, t),
  "insert_element/3": ([i, t]) => element(i, t),
  "setelement/3": ([i, t]) => element(i, t),
  "float_to_binary/2": ([f, opts]) => {
    const first = mustBeFloat(f);
    return [first, optionsAfter(opts, first)];
  },
  "float_to_list/2": ([f, opts]) => {
    const first = mustBeFloat(f);
    return [first, optionsAfter(opts, first)];
  },
  "function_exported/3": ([m, f, n]) => [mustBeAtom(m), mustBeAtom(f), nonNegInt(n)],
  "integer_to_binary/2": ([n, base]) => [mustBeInt(n), mustBeBase(base)],
  "integer_to_list/2": ([n, base]) => [mustBeInt(n), mustBeBase(base)],
  "is_function/2": ([, n]) => [null, isInt(n) ? RANGE : NOT_INTEGER],
  "is_record/3": ([, tag, size]) => [null, mustBeAtom(tag), mustBeInt(size)],
  "list_to_integer/2": ([l, base]) => {
    const b = mustBeBase(base);
    return b === null ? [mustBeList(l, "not a textual representation of an integer")] : [mustBeList(l), b];
  },
  "make_tuple/3": ([n, , init]) => {
    const first = nonNegInt(n);
    return [first, null, optionsAfter(init, first)];
  },
  "monitor_node/2": ([node, flag]) => [mustBeAtom(node), flag === true || flag === false ? null : "not a boolean ('true' or 'false')"],
  // (OTP 25 names the range's argument as the first)
  "phash/2": ([, n]) => [posInt(n)],
  "phash2/2": ([, n]) => [posInt(n)],
  "is_record/2": () => [NOT_ATOM],
  "make_tuple/2": () => [RANGE],
  "subtract/2": ([x, y]) => [mustBeList(x), mustBeList(y)],
  "--/2": ([x, y]) => [mustBeList(x), mustBeList(y)],
  "split_binary/2": ([bin, pos]) => {
    const errors = [mustBeBinary(bin), nonNegInt(pos)];
    if (errors.some((e) => e !== null)) return errors;
    return big(pos) > BigInt(byteLength(bin)) ? [null, RANGE] : [null];
  },
};

const ORDINALS = ["1st", "2nd", "3rd"];
const ord = (n: number): string => ORDINALS[n - 1] ?? `${n}th`;
const MESSAGE = a("message");
const HEADER = "errors were found at the given arguments:\n\n";

/**
 * For an ArgumentError a native raised for `:erlang.name(args)` with the per-argument
 * explanation: the explanation of every argument, as erl_erts_errors gives it, when the
 * table knows the BIF and finds something wrong. The error is changed in place.
 */
export function explainBifArgs(err: BeamError, name: string, args: Term[]): BeamError {
  const explain = EXPLAIN[`${name}/${args.length}`];
  const r = err.reason;
  if (explain === undefined || !(r instanceof MapTerm)) return err;
  const message = r.get(MESSAGE);
  if (typeof message !== "string" || !message.startsWith(HEADER)) return err;
  const verdicts = explain(args);
  if (verdicts === PLAIN) {
    (err as { reason: Term }).reason = r.put(MESSAGE, "argument error");
    return err;
  }
  const lines = verdicts.map((v, i) => (v === null ? "" : `  * ${ord(i + 1)} argument: ${v}\n`)).join("");
  if (lines === "") return err;
  (err as { reason: Term }).reason = r.put(MESSAGE, HEADER + lines);
  return err;
}
