// :re, Erlang's regular expressions, on the engine Regex runs on (regex.ts translates PCRE to
// JS RegExp). A compiled pattern is the tuple {:re_pattern, groups, unicode, crlf, binary}
// that Regex structs carry too; its binary holds the source and the compile options, so a
// pattern from either module (or another node) runs here.
//
// run/2,3 follows OTP 25's re: capture specs (all, all_but_first, first, none, all_names, a
// list of group numbers and names) and types (index, list, binary), global matching with
// PCRE's rule for empty matches, offset, anchored, notempty(_atstart), notbol, noteol. split
// and replace build their results as re.erl does: replace's iodata keeps the untouched parts,
// the literal runs and the groups as separate binaries, with the subject's rest as the tail.
// Bad arguments get erl_stdlib_errors' explanations.
import type { NativeFn } from "../runtime/code.js";
import { argumentError, badArgs, type BeamError } from "../runtime/errors.js";
import { Atom, Bin, Cons, NIL, Term, a, binBytes, binFromBytes, isBinary, isInteger, list, listToArray } from "../runtime/term.js";
import { MapTerm } from "../runtime/map.js";
import { LIBRARY_LINE_OFFSET } from "../runtime/machine.js";
import { elixirLocation } from "./clause-blame.js";
import {
  Compiled,
  Groups,
  RE_VERSION,
  RegexCompileError,
  SearchFlags,
  Subject,
  compileJs,
  compilePattern,
  NEWLINE_KINDS,
  decodePattern,
  newlineOf,
  matches,
  prepare,
} from "./regex.js";
import { iodataBytes, isValidUtf8, latin1, stringToCharlist } from "./unicode.js";

/** Options that only compile a pattern (re.erl's copt/1) and those that compile or run it. */
const COMPILE_ONLY = new Set([
  "caseless", "no_start_optimize", "never_utf", "ucp", "dollar_endonly", "dotall", "extended",
  "firstline", "multiline", "no_auto_capture", "dupnames", "ungreedy", "unicode",
]);
const BOTH = new Set(["anchored", "bsr_anycrlf", "bsr_unicode"]);
const RUN_ONLY = new Set(["global", "notbol", "noteol", "notempty", "notempty_atstart", "report_errors"]);
const NEWLINES = new Set(NEWLINE_KINDS);

/** Thrown while reading arguments; the native turns it into the BEAM's error. */
class Bad {
  constructor(readonly kind: "badopt" | "badarg") {}
}

// ---------------------------------------------------------------------------
// Subjects and patterns

/** chardata (codepoints, binaries, nested lists) as UTF-8 bytes; null when it is not. */
function chardataBytes(t: Term): Uint8Array | null {
  if (isBinary(t)) return binBytes(t as string | Bin);
  const out: number[] = [];
  const stack: Term[] = [t];
  while (stack.length > 0) {
    let l = stack.pop()!;
    for (; l instanceof Cons; l = l.t) {
      const h = l.h;
      if (typeof h === "number") {
        if (h < 0 || h > 0x10ffff || (h >= 0xd800 && h <= 0xdfff)) return null;
        for (const b of new TextEncoder().encode(String.fromCodePoint(h))) out.push(b);
      } else if (isBinary(h)) for (const b of binBytes(h as string | Bin)) out.push(b);
      else if (h === NIL || h instanceof Cons) {
        stack.push(l.t);
        stack.push(h);
        l = NIL;
        break;
      } else return null;
    }
    if (l === NIL) continue;
    if (isBinary(l)) for (const b of binBytes(l as string | Bin)) out.push(b);
    else return null;
  }
  return Uint8Array.from(out);
}

/** A subject as the flat binary re works on (UTF-8 of chardata with `unicode`, else iodata). */
function flatten(t: Term, unicode: boolean): string | Bin | null {
  if (isBinary(t)) return t as string | Bin;
  const bytes = unicode ? chardataBytes(t) : iodataBytes(t);
  return bytes === null ? null : binFromBytes(bytes);
}

const isMp = (t: Term): t is Term[] => Array.isArray(t) && t.length === 5 && t[0] === a("re_pattern");

interface Pattern {
  c: Compiled;
  set: Set<string>;
  mp: Term[];
}

/** Compiles `source` with the compile options in `set`; a RegexCompileError when it does not. */
function compileSource(src: Term, set: Set<string>): Pattern | RegexCompileError {
  const unicode = set.has("unicode");
  const bytes = isBinary(src) ? binBytes(src as string | Bin) : unicode ? chardataBytes(src) : iodataBytes(src);
  if (bytes === null) throw new Bad("badarg");
  // (a binary made of valid UTF-8 is a string: binFromBytes decodes it once)
  const bin = binFromBytes(bytes);
  if (unicode && !isValidUtf8(bin)) throw new Bad("badarg");
  const source = typeof bin === "string" ? bin : latin1(bytes);
  const p = compilePattern(source, set);
  return p instanceof RegexCompileError ? p : { ...p, set };
}

/** A compiled pattern tuple's program; null when the tuple is not one. */
function fromMp(mp: Term[]): Pattern | null {
  const d = decodePattern(mp[4]!);
  if (d === null) return null;
  try {
    return { c: compileJs(d.source, d.set), set: d.set, mp };
  } catch {
    return null;
  }
}

/** The compile options of an option list, as a set (false for an option compile refuses). */
function compileOptions(items: Term[], acceptRun: boolean): Set<string> | false {
  const set = new Set<string>();
  for (const o of items) {
    if (o instanceof Atom && (COMPILE_ONLY.has(o.name) || BOTH.has(o.name))) set.add(o.name);
    else if (Array.isArray(o) && o.length === 2 && o[0] === a("newline") && o[1] instanceof Atom && NEWLINES.has(o[1].name)) {
      if (o[1].name !== "lf") set.add("newline:" + o[1].name);
    } else if (!acceptRun) return false;
  }
  return set;
}

// ---------------------------------------------------------------------------
// run

type CaptureType = "index" | "list" | "binary";
type Selection = { kind: "all" | "first" | "all_but_first" | "none" } | { kind: "ids"; ids: Term[] };

interface RunOptions {
  global: boolean;
  offset: number;
  flags: SearchFlags;
  notbol: boolean;
  noteol: boolean;
  firstline: boolean;
  reportErrors: boolean;
  select: Selection;
  type: CaptureType;
  compile: Set<string>;
  /** {newline, kind} given to run: for a pattern it compiles, and over a compiled one's */
  newline?: string;
}

const CAPTURE_TYPES = new Set(["index", "list", "binary"]);

/** run/3's options; compile options are kept for a pattern given as a string. */
function runOptions(opts: Term, precompiled: boolean): RunOptions {
  const items = listToArray(opts);
  if (items === null) throw new Bad("badopt");
  const o: RunOptions = {
    global: false, offset: 0, flags: {}, notbol: false, noteol: false, firstline: false,
    reportErrors: false, select: { kind: "all" }, type: "index", compile: new Set(),
  };
  let capture: Term[] | null = null;
  for (const x of items) {
    if (x instanceof Atom && RUN_ONLY.has(x.name)) {
      if (x.name === "global") o.global = true;
      else if (x.name === "notbol") o.notbol = true;
      else if (x.name === "noteol") o.noteol = true;
      else if (x.name === "notempty") o.flags.notempty = true;
      else if (x.name === "notempty_atstart") o.flags.notemptyAtStart = true;
      else o.reportErrors = true;
    } else if (x instanceof Atom && BOTH.has(x.name)) {
      if (x.name === "anchored") o.flags.anchored = true;
    } else if (x instanceof Atom && COMPILE_ONLY.has(x.name)) {
      // a compiled pattern takes no compile options: re:run's plain badarg
      if (precompiled) throw new Bad("badarg");
      o.compile.add(x.name);
    } else if (Array.isArray(x) && x.length === 2 && x[0] === a("offset")) {
      if (!isInteger(x[1]!) || Number(x[1]) < 0) throw new Bad("badopt");
      o.offset = Number(x[1]);
    } else if (Array.isArray(x) && x.length === 2 && (x[0] === a("match_limit") || x[0] === a("match_limit_recursion"))) {
      if (!isInteger(x[1]!) || Number(x[1]) < 0) throw new Bad("badopt");
    } else if (Array.isArray(x) && x.length === 2 && x[0] === a("newline")) {
      if (!(x[1] instanceof Atom && NEWLINES.has(x[1].name))) throw new Bad("badopt");
      o.newline = x[1].name;
    } else if (Array.isArray(x) && (x.length === 2 || x.length === 3) && x[0] === a("capture")) capture = x;
    else throw new Bad("badopt");
  }
  if (capture !== null) {
    // the last capture option wins, as re.erl's process_parameters reads them
    const spec = capture[1]!;
    if (capture.length === 3) {
      const t = capture[2];
      if (!(t instanceof Atom && CAPTURE_TYPES.has(t.name))) throw new Bad("badarg");
      o.type = t.name as CaptureType;
    }
    if (spec === a("all") || spec === a("first") || spec === a("all_but_first") || spec === a("none")) o.select = { kind: (spec as Atom).name as "all" };
    else if (spec === a("all_names")) o.select = { kind: "ids", ids: [a("__all_names__")] };
    else {
      const ids = listToArray(spec);
      if (ids === null || !ids.every((i) => isInteger(i) || i instanceof Atom || isBinary(i) || charlistName(i) !== null)) throw new Bad("badarg");
      o.select = ids.length === 0 ? { kind: "none" } : { kind: "ids", ids };
    }
  }
  o.firstline = o.compile.has("firstline");
  if (o.newline !== undefined && o.newline !== "lf") o.compile.add("newline:" + o.newline);
  return o;
}

function charlistName(t: Term): string | null {
  if (t !== NIL && !(t instanceof Cons)) return null;
  const items = listToArray(t);
  if (items === null || !items.every((c) => typeof c === "number" && c >= 0 && c <= 0x10ffff)) return null;
  return String.fromCodePoint(...(items as number[]));
}

/** The group number a capture id names (-1: none). */
function groupOf(c: Compiled, id: Term): number {
  if (isInteger(id)) {
    const n = Number(id);
    return n >= 0 && n <= c.ngroups ? n : -1;
  }
  const name = id instanceof Atom ? id.name : isBinary(id) ? new TextDecoder().decode(binBytes(id as string | Bin)) : charlistName(id);
  return name === null || name === "" ? -1 : c.groupNames.indexOf(name);
}

const sortedNames = (c: Compiled): string[] => [...new Set(c.groupNames.filter((n) => n !== ""))].sort();

/** One match's captures as re:run returns them. */
function captures(groups: Groups, sel: Selection, c: Compiled, sub: Subject, type: CaptureType, unicode: boolean): Term {
  let picked: [number, number][];
  if (sel.kind === "first") picked = [groups[0]!];
  else if (sel.kind === "all" || sel.kind === "all_but_first") {
    // PCRE leaves the unset groups at the end out
    let last = groups.length - 1;
    while (last > 0 && groups[last]![0] < 0) last--;
    picked = groups.slice(sel.kind === "all" ? 0 : 1, last + 1);
  } else if (sel.kind === "ids") {
    const ids = sel.ids[0] === a("__all_names__") ? sortedNames(c).map((n) => c.groupNames.indexOf(n)) : sel.ids.map((i) => groupOf(c, i));
    picked = ids.map((g) => (g >= 0 ? groups[g] ?? [-1, 0] : [-1, 0]));
  } else picked = [];
  return list(
    picked.map(([pos, len]): Term => {
      if (type === "index") return [pos, len];
      if (type === "binary") return pos < 0 ? "" : sub.slice(pos, pos + len);
      return len === 0 ? NIL : toList(sub.slice(pos, pos + len), unicode);
    }),
  );
}

/** What re:run returns for a subject, pattern and options already read. */
function runWith(subject: string | Bin, p: Pattern, o: RunOptions): Term {
  const size = binBytes(subject).length;
  if (o.offset > size) {
    if (o.global) return a("nomatch");
    throw new Bad("badarg");
  }
  let c = p.c;
  const newline = o.newline ?? newlineOf(p.set);
  if (o.notbol || o.noteol || newline !== newlineOf(p.set)) {
    const d = decodePattern(p.mp[4]!)!;
    const set = new Set([...d.set].filter((x) => !x.startsWith("newline:")));
    if (newline !== "lf") set.add("newline:" + newline);
    if (o.notbol) set.add("notbol");
    if (o.noteol) set.add("noteol");
    c = compileJs(d.source, set);
  }
  const unicode = p.set.has("unicode");
  const sub = prepare(c, subject);
  const crlf = newline === "crlf" || newline === "anycrlf" || newline === "any";
  const flags: SearchFlags = { ...o.flags, anchored: o.flags.anchored || p.set.has("anchored"), crlf };
  const found = matches(c, sub, o.offset, o.global, flags);
  if (found.length === 0) return a("nomatch");
  if (o.select.kind === "none") return a("match");
  if (o.select.kind === "ids" && o.select.ids[0] === a("__all_names__") && sortedNames(c).length === 0) return a("match");
  const each = found.map((g) => captures(g, o.select, c, sub, o.type, unicode));
  return [a("match"), o.global ? list(each) : each[0]!];
}

/** The pattern argument of run/split/replace, compiled with the options' compile part. */
function patternOf(re: Term, compile: Set<string>): Pattern | RegexCompileError {
  if (isMp(re)) {
    const p = fromMp(re);
    if (p === null) throw new Bad("badarg");
    return p;
  }
  return compileSource(re, compile);
}

function run(args: Term[]): Term {
  const [subject, re, opts] = args as [Term, Term, Term];
  const o = runOptions(opts, isMp(re));
  const p = patternOf(re, o.compile);
  if (p instanceof RegexCompileError) {
    if (o.reportErrors) return [a("error"), [a("compile"), compileErrorTerm(p)]];
    throw new Bad("badarg");
  }
  const flat = flatten(subject, p.set.has("unicode"));
  if (flat === null) throw new Bad("badarg");
  if (p.set.has("unicode") && !isValidUtf8(flat)) throw new Bad("badarg");
  return runWith(flat, p, o);
}

const charlist = stringToCharlist;
const compileErrorTerm = (e: RegexCompileError): Term => [charlist(e.reason), e.pos];

// ---------------------------------------------------------------------------
// split and replace

type ReturnType = "iodata" | "list" | "binary";

/** The options split and replace hand on to re:run: one it refuses is a plain badarg there. */
function innerRunOptions(rest: Term[], re: Term): RunOptions {
  try {
    return runOptions(list(rest), isMp(re));
  } catch (e) {
    if (e instanceof Bad) throw new Bad("badarg");
    throw e;
  }
}

function returnOption(x: Term): ReturnType | null {
  if (!(Array.isArray(x) && x.length === 2 && x[0] === a("return"))) return null;
  const t = x[1];
  if (t === a("iodata") || t === a("list") || t === a("binary")) return (t as Atom).name as ReturnType;
  throw new Bad("badopt");
}

/** A binary part of the subject. */
const part = (sub: Subject, pos: number, len: number): string | Bin => (pos < 0 ? "" : sub.slice(pos, pos + len));

/** A binary as re's list type: codepoints with `unicode`, else bytes. */
function toList(b: string | Bin, unicode: boolean): Term {
  const bytes = binBytes(b);
  return unicode ? charlist(new TextDecoder().decode(bytes)) : list(Array.from(bytes));
}

function split(args: Term[]): Term {
  const [subject, re, opts] = args as [Term, Term, Term];
  const items = listToArray(opts);
  if (items === null) throw new Bad("badopt");
  let ret: ReturnType = "iodata";
  let limit = -1;
  let trim = false;
  let group = false;
  const rest: Term[] = [];
  for (const x of items) {
    const r = returnOption(x);
    if (r !== null) ret = r;
    else if (x === a("trim")) [limit, trim] = [-1, true];
    else if (x === a("group")) group = true;
    else if (x === a("global") || x === a("report_errors") || (Array.isArray(x) && x[0] === a("capture"))) throw new Bad("badopt");
    else if (Array.isArray(x) && x.length === 2 && x[0] === a("parts")) {
      const n = x[1]!;
      if (n === a("infinity")) [limit, trim] = [-1, false];
      else if (isInteger(n) && Number(n) === 0) [limit, trim] = [-1, true];
      else if (isInteger(n) && Number(n) >= 1) [limit, trim] = [Number(n) - 1, false];
      else throw new Bad("badopt");
    } else rest.push(x);
  }
  const o = innerRunOptions(rest, re);
  const p = patternOf(re, o.compile);
  if (p instanceof RegexCompileError) throw new Bad("badarg");
  const unicode = p.set.has("unicode");
  const flat = flatten(subject, unicode);
  if (flat === null) throw new Bad("badarg");
  const sub = prepare(p.c, flat);
  const size = binBytes(flat).length;
  const result = runWith(flat, p, { ...o, global: true, select: { kind: "all" }, type: "index" });
  const convert = (parts: (string | Bin)[]): Term => list(parts.map((b) => (ret === "list" ? toList(b, unicode) : b)));
  if (result === a("nomatch")) return group ? list([convert([flat])]) : convert([flat]);
  const found = listToArray((result as Term[])[1]!) as Cons[];
  // the pieces between matches, each followed by the match's groups (all of them, unset or not)
  const pieces: (string | Bin)[][] = [];
  let offset = 0;
  let left = limit;
  let ended = false;
  for (const m of found) {
    if (left === 0) break;
    const [main, ...subs] = (listToArray(m) as [number, number][]).map(([i, l]) => [i, l] as [number, number]);
    const [mi, ml] = main!;
    const subsEmpty = subs.every(([, l]) => l === 0);
    if (mi - offset === 0 && subsEmpty && ml === 0) {
      offset = mi + ml;
      continue;
    }
    if (size <= offset) {
      ended = true;
      break;
    }
    const groups: (string | Bin)[] = [];
    for (let g = 0; g < p.c.ngroups; g++) {
      const s = subs[g];
      groups.push(s === undefined ? "" : part(sub, s[0], s[1]));
    }
    pieces.push([sub.slice(offset, mi), ...groups]);
    offset = mi + ml;
    left--;
  }
  pieces.push([ended || (size <= offset && left !== 0) ? "" : sub.slice(offset, size)]);
  if (trim) {
    // the empty parts at the end go (all of a group's parts must be empty for it to go)
    if (group) {
      while (pieces.length > 0 && pieces[pieces.length - 1]!.every((b) => binBytes(b).length === 0)) pieces.pop();
    } else {
      const flatPieces = pieces.flat();
      while (flatPieces.length > 0 && binBytes(flatPieces[flatPieces.length - 1]!).length === 0) flatPieces.pop();
      return convert(flatPieces);
    }
  }
  return group ? list(pieces.map(convert)) : convert(pieces.flat());
}

/** A replacement as re.erl reads it: literal runs (binaries) and group numbers. */
function replacementParts(bytes: Uint8Array): (Uint8Array | number)[] {
  const out: (Uint8Array | number)[] = [];
  let lit: number[] = [];
  const flush = () => {
    if (lit.length > 0) out.push(Uint8Array.from(lit));
    lit = [];
  };
  const digitsAt = (i: number): [number, number] => {
    let j = i;
    while (j < bytes.length && bytes[j]! >= 48 && bytes[j]! <= 57) j++;
    if (j === i) throw new Bad("badarg");
    return [Number(latin1(bytes.subarray(i, j))), j];
  };
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b === 92 /* \ */ && i + 1 < bytes.length) {
      const x = bytes[i + 1]!;
      if (x === 103 /* g */ && i + 2 < bytes.length) {
        flush();
        if (bytes[i + 2] === 123 /* { */) {
          const [n, j] = digitsAt(i + 3);
          if (bytes[j] !== 125 /* } */) throw new Bad("badarg");
          out.push(n);
          i = j + 1;
        } else {
          const [n, j] = digitsAt(i + 2);
          out.push(n);
          i = j;
        }
      } else if (x >= 49 && x <= 57) {
        flush();
        const [n, j] = digitsAt(i + 1);
        out.push(n);
        i = j;
      } else {
        lit.push(x);
        i += 2;
      }
    } else if (b === 38 /* & */) {
      flush();
      out.push(0);
      i++;
    } else {
      lit.push(b);
      i++;
    }
  }
  flush();
  return out;
}

function replace(args: Term[]): Term {
  const [subject, re, replacement, opts] = args as [Term, Term, Term, Term];
  const items = listToArray(opts);
  if (items === null) throw new Bad("badopt");
  let ret: ReturnType = "iodata";
  const rest: Term[] = [];
  for (const x of items) {
    const r = returnOption(x);
    if (r !== null) ret = r;
    else if (x === a("report_errors") || (Array.isArray(x) && x[0] === a("capture"))) throw new Bad("badopt");
    else rest.push(x);
  }
  const o = innerRunOptions(rest, re);
  const p = patternOf(re, o.compile);
  if (p instanceof RegexCompileError) throw new Bad("badarg");
  const unicode = p.set.has("unicode");
  const flat = flatten(subject, unicode);
  const replFlat = flatten(replacement, unicode);
  if (flat === null || replFlat === null) throw new Bad("badarg");
  const sub = prepare(p.c, flat);
  const result = runWith(flat, p, { ...o, select: { kind: "all" }, type: "index" });
  let data: Term;
  if (result === a("nomatch")) data = subject;
  else {
    const m = (result as Term[])[1] as Cons;
    const found = (o.global ? (listToArray(m) as Cons[]) : [m]).map((g) => listToArray(g) as [number, number][]);
    const parts = replacementParts(binBytes(replFlat));
    const size = binBytes(flat).length;
    const out: Term[] = [];
    let pos = 0;
    for (const groups of found) {
      const [mpos, mlen] = groups[0]!;
      if (mpos > pos) out.push(sub.slice(pos, mpos));
      if (parts.length === 1 && parts[0] instanceof Uint8Array) out.push(binFromBytes(parts[0]));
      else
        out.push(
          list(parts.map((x) => (x instanceof Uint8Array ? binFromBytes(x) : x < groups.length ? part(sub, groups[x]![0], groups[x]![1]) : ""))),
        );
      pos = mpos + mlen;
    }
    data = list(out, pos < size ? sub.slice(pos, size) : NIL);
  }
  if (ret === "iodata") return data;
  const bytes = unicode ? chardataBytes(data) : iodataBytes(data);
  if (bytes === null) throw new Bad("badarg");
  return ret === "binary" ? binFromBytes(bytes) : toList(binFromBytes(bytes), unicode);
}

// ---------------------------------------------------------------------------
// Errors

const NOT_IODATA = "not an iodata term";

function isIodata(t: Term): boolean {
  return isBinary(t) || ((t === NIL || t instanceof Cons) && iodataBytes(t) !== null);
}

/** erl_stdlib_errors' judgement of a pattern argument. */
function patternVerdict(re: Term): string | null {
  if (isMp(re) && fromMp(re) !== null) return null;
  if (isMp(re) || !isIodata(re)) return "neither an iodata term nor a compiled regular expression";
  const p = compileSource(re, new Set());
  if (p instanceof RegexCompileError) return `could not parse regular expression\n${p.reason} on character ${p.pos}`;
  return null;
}

/** The ArgumentError of a failed :re call, explained as erl_stdlib_errors explains it. */
function reError(fn: string, args: Term[], kind: "badopt" | "badarg"): BeamError {
  const verdicts: (string | null)[] = [];
  if (fn === "compile") {
    verdicts.push(args.length === 1 || !isIodata(args[0]!) ? NOT_IODATA : patternVerdict(args[0]!));
    if (kind === "badopt") verdicts.push("invalid options");
  } else if (fn === "inspect") {
    const mpOk = isMp(args[0]!) && fromMp(args[0] as Term[]) !== null;
    verdicts.push(mpOk ? null : "not a compiled regular expression");
    if (mpOk || !(args[1] instanceof Atom)) verdicts.push("not a valid item");
  } else {
    verdicts.push(isIodata(args[0]!) ? null : NOT_IODATA, patternVerdict(args[1]!));
    if (fn === "replace") verdicts.push(isIodata(args[2]!) ? null : NOT_IODATA);
    if (kind === "badopt" && args.length === (fn === "replace" ? 4 : 3)) {
      while (verdicts.length < args.length - 1) verdicts.push(null);
      verdicts.push("invalid options");
    }
  }
  const problems = verdicts.flatMap((v, i): [number, string][] => (v === null ? [] : [[i + 1, v]]));
  const err = problems.length > 0 ? badArgs(problems) : argumentError();
  // (a BIF's own entry is added by the caller, with the cause in its error_info)
  if (kind === "badopt") (err as { cause?: Term }).cause = a("badopt");
  // split and replace are Erlang functions: their entry names the line of OTP 25's re.erl
  // that raised (its bad-option clause, or the one for any other badarg)
  if (fn === "split" || fn === "replace") {
    const info = list([
      [a("file"), charlist("re.erl")],
      [a("line"), kind === "badopt" ? 965 : 969],
      [a("error_info"), errorInfo(kind)],
    ]);
    const entry: Term[] = [a("re"), a(fn), list(args), info];
    // (the library's stack entries take their lines from re.erl's table: this tells which
    // of the function's raises it was)
    const first = elixirLocation(a("re"), a(fn), args.length);
    if (first !== null) LIBRARY_LINE_OFFSET.set(entry, (kind === "badopt" ? 965 : 969) - first[1]);
    err.stacktrace = list([entry]);
  }
  return err;
}

function errorInfo(kind: "badopt" | "badarg"): Term {
  const pairs: [Term, Term][] = [[a("module"), a("erl_stdlib_errors")]];
  if (kind === "badopt") pairs.unshift([a("cause"), a("badopt")]);
  return MapTerm.fromPairs(pairs);
}


/** Runs `body`; a Bad thrown inside becomes the BEAM's error for `fn` called with `args`. */
function guarded(fn: string, args: Term[], body: () => Term): Term {
  try {
    return body();
  } catch (e) {
    if (e instanceof Bad) throw reError(fn, args, e.kind);
    throw e;
  }
}

// ---------------------------------------------------------------------------
// Natives

function compile(args: Term[]): Term {
  const [re, opts] = args as [Term, Term];
  const items = listToArray(opts);
  if (items === null) throw new Bad("badopt");
  const set = compileOptions(items, false);
  if (set === false) throw new Bad("badopt");
  if (!isIodata(re) && !(set.has("unicode") && chardataBytes(re) !== null)) throw new Bad("badarg");
  const p = compileSource(re, set);
  if (p instanceof RegexCompileError) return [a("error"), compileErrorTerm(p)];
  return [a("ok"), p.mp];
}

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "re",
  fns: {
    "version/0": () => RE_VERSION[0]!,
    "compile/1": ([re]) => guarded("compile", [re!], () => compile([re!, NIL])),
    "compile/2": (args) => guarded("compile", args, () => compile(args)),
    "run/2": (args) => guarded("run", args, () => run([args[0]!, args[1]!, NIL])),
    "run/3": (args) => guarded("run", args, () => run(args)),
    "split/2": (args) => guarded("split", args, () => split([args[0]!, args[1]!, NIL])),
    "split/3": (args) => guarded("split", args, () => split(args)),
    "replace/3": (args) => guarded("replace", args, () => replace([args[0]!, args[1]!, args[2]!, NIL])),
    "replace/4": (args) => guarded("replace", args, () => replace(args)),
    "inspect/2": (args) =>
      guarded("inspect", args, () => {
        const [mp, item] = args as [Term, Term];
        const p = isMp(mp) ? fromMp(mp) : null;
        if (p === null || item !== a("namelist")) throw new Bad("badarg");
        return [a("namelist"), list(sortedNames(p.c))];
      }),
  },
};
