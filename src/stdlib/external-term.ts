// :erlang.term_to_binary/1,2, term_to_iovec/1,2, binary_to_term/1,2 and external_size/1,2:
// the external term format as a library, on the same codec the distribution uses
// (runtime/dist/etf.ts), with BEAM's options and its argument errors.
import type { NativeFn, ProcLike } from "../runtime/code.js";
import { BeamError, badArgs } from "../runtime/errors.js";
import { etfContext } from "../runtime/dist/context.js";
import { EncodeOptions, EtfError, decode, encode } from "../runtime/dist/etf.js";
import type { Runtime } from "../runtime/runtime.js";
import { Bin, Cons, NIL, Term, a, binBytes, binFromBytes, isBinary, list, tuple } from "../runtime/term.js";

const COMPRESSED = a("compressed");
const MINOR_VERSION = a("minor_version");
const DETERMINISTIC = a("deterministic");
const SAFE = a("safe");
const USED = a("used");

function bif(name: string, args: Term[], n: number, what: string): BeamError {
  const e = badArgs([[n, what]]) as BeamError & { native?: unknown };
  e.native = [a("erlang"), name, args];
  return e;
}

/** The options list as an array, or the error BEAM gives for a non-list. */
function optionList(name: string, args: Term[]): Term[] {
  const opts = args[1];
  if (opts !== NIL && !(opts instanceof Cons)) throw bif(name, args, 2, "not a list");
  const out: Term[] = [];
  let l: Term = opts;
  for (; l instanceof Cons; l = l.t) out.push(l.h);
  if (l !== NIL) throw bif(name, args, 2, "not a proper list");
  return out;
}

/** term_to_binary's options (`external_size/2` takes only minor_version). */
function encodeOptions(name: string, args: Term[], sizeOnly = false): EncodeOptions {
  const o: EncodeOptions = {};
  for (const opt of optionList(name, args)) {
    if (!sizeOnly && opt === COMPRESSED) o.compressed = 6;
    else if (!sizeOnly && opt === DETERMINISTIC) o.deterministic = true;
    else if (Array.isArray(opt) && opt.length === 2 && opt[0] === COMPRESSED && !sizeOnly && isLevel(opt[1], 9)) o.compressed = opt[1];
    else if (Array.isArray(opt) && opt.length === 2 && opt[0] === MINOR_VERSION && isLevel(opt[1], 2)) o.minorVersion = opt[1];
    else throw bif(name, args, 2, "invalid option in list");
  }
  return o;
}

const isLevel = (t: Term, max: number): t is number => typeof t === "number" && Number.isInteger(t) && t >= 0 && t <= max;

const rtOf = (p: ProcLike): Runtime => p.rt as Runtime;

function toBinary(p: ProcLike, t: Term, o: EncodeOptions): Term {
  return binFromBytes(encode(t, etfContext(rtOf(p)), o));
}

/**
 * term_to_iovec: the same bytes as term_to_binary, with binaries longer than 64 bytes
 * (BEAM's reference-counted ones) as their own elements instead of copied in.
 */
function toIovec(p: ProcLike, t: Term, o: EncodeOptions): Term {
  const large: [number, number][] = [];
  const bytes = encode(t, etfContext(rtOf(p)), { ...o, largeBinaries: large });
  if (bytes[1] === 80) return list([binFromBytes(bytes)]);
  const parts: Term[] = [];
  let from = 0;
  for (const [at, len] of large) {
    if (at > from) parts.push(binFromBytes(bytes.subarray(from, at)));
    parts.push(binFromBytes(bytes.slice(at, at + len)));
    from = at + len;
  }
  if (from < bytes.length) parts.push(binFromBytes(bytes.subarray(from)));
  return list(parts);
}

function fromBinary(p: ProcLike, args: Term[], withOpts: boolean): Term {
  const [bin] = args;
  // (both arguments are judged: options that are no proper list are named beside a bad
  // binary; an unknown option only when the binary is one)
  let options: Term[] = [];
  let optionsWrong: string | null = null;
  if (withOpts) {
    try {
      options = optionList("binary_to_term", args);
    } catch (e) {
      optionsWrong = args[1] !== NIL && !(args[1] instanceof Cons) ? "not a list" : "not a proper list";
    }
  }
  if (!isBinary(bin)) {
    const e = badArgs([[1, "not a binary"], ...(optionsWrong === null ? [] : [[2, optionsWrong] as [number, string]])]) as BeamError & { native?: unknown };
    e.native = [a("erlang"), "binary_to_term", args];
    throw e;
  }
  if (optionsWrong !== null) throw bif("binary_to_term", args, 2, optionsWrong);
  let safe = false;
  let used = false;
  for (const opt of options) {
    if (opt === SAFE) safe = true;
    else if (opt === USED) used = true;
    else throw bif("binary_to_term", args, 2, "invalid option in list");
  }
  try {
    const r = decode(binBytes(bin as string | Bin), etfContext(rtOf(p)), { safe });
    return used ? tuple(r.term, r.used) : r.term;
  } catch (e) {
    if (!(e instanceof EtfError)) throw e;
    const what = safe ? "invalid or unsafe external representation of a term" : "invalid external representation of a term";
    throw bif("binary_to_term", args, 1, what);
  }
}

/** Encoding errors name no argument problem BEAM would report; a fun it cannot encode is one. */
function guarded(name: string, args: Term[], f: () => Term): Term {
  try {
    return f();
  } catch (e) {
    if (e instanceof EtfError) throw bif(name, args, 1, "not a valid term");
    throw e;
  }
}

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "erlang",
  fns: {
    "term_to_binary/1": (args, p) => guarded("term_to_binary", args, () => toBinary(p, args[0], {})),
    "term_to_binary/2": (args, p) => toBinary(p, args[0], encodeOptions("term_to_binary", args)),
    "term_to_iovec/1": (args, p) => guarded("term_to_iovec", args, () => toIovec(p, args[0], {})),
    "term_to_iovec/2": (args, p) => toIovec(p, args[0], encodeOptions("term_to_iovec", args)),
    "binary_to_term/1": (args, p) => fromBinary(p, args, false),
    "binary_to_term/2": (args, p) => fromBinary(p, args, true),
    "external_size/1": (args, p) => encode(args[0], etfContext(rtOf(p))).length,
    "external_size/2": (args, p) => encode(args[0], etfContext(rtOf(p)), encodeOptions("external_size", args, true)).length,
  },
};

