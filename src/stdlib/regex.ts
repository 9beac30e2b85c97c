// Elixir's Regex module on top of JS RegExp. A regex is the struct
// %Regex{opts, re_pattern, re_version, source}; the JS RegExp is compiled (and cached)
// from `source` + `opts`, so `re_pattern` is only a cosmetic, comparable tuple.
// PCRE syntax is translated to JS where they agree. Without the `u` option PCRE works on
// bytes: we then match against a latin1 view of the bytes (one char per byte) and offsets
// are byte offsets. With `u`, we match the JS string and convert UTF-16 indices to bytes.
// Known approximations: atomic groups/possessive quantifiers (treated as plain), inline
// option groups other than a leading `(?imsx)`, PCRE-exact compile error positions.
import type { NativeFn } from "../runtime/code.js";
import { BeamError, badArgs, matchError, raise } from "../runtime/errors.js";
import { MapTerm } from "../runtime/map.js";
import { Atom, Bin, Cons, NIL, Term, a, atomName, binBytes, binFromBytes, list, listToArray, truthy } from "../runtime/term.js";
import { fce, withFrame } from "../runtime/arith.js";
import { asLatin1, binFromLatin1, concat, isBin, isValidUtf8, utf8 } from "./unicode.js";

// ---------------------------------------------------------------------------
// Compiled form

export interface Compiled {
  re: RegExp;
  unicode: boolean;
  /** Names of capture groups by group number (index 1..n), "" for unnamed. */
  groupNames: string[];
  ngroups: number;
  /** The firstline option's newline convention (a match starts at or before the first newline), or null. */
  firstline: string | null;
}

export class RegexCompileError {
  constructor(readonly reason: string, readonly pos: number) {}
}

const OPT_LETTERS: Record<string, string[]> = {
  u: ["unicode", "ucp"],
  i: ["caseless"],
  x: ["extended"],
  f: ["firstline"],
  U: ["ungreedy"],
  s: ["dotall", "newline:anycrlf"],
  m: ["multiline"],
  r: ["ungreedy"],
};

/** What {newline, kind} may name (lf is the default); a set holds "newline:KIND" for the others. */
export const NEWLINE_KINDS = ["lf", "cr", "crlf", "anycrlf", "any"];

/** The newline convention a compile option set holds. */
export function newlineOf(set: Set<string>): string {
  for (const k of NEWLINE_KINDS) if (set.has("newline:" + k)) return k;
  return "lf";
}

const KNOWN_LIST_OPTS = new Set([
  "unicode", "ucp", "caseless", "extended", "firstline", "ungreedy", "dotall", "multiline",
  "anchored", "dollar_endonly", "no_auto_capture", "dupnames", "never_utf", "no_start_optimize",
]);

/** Option names from an opts term (binary of letters or list of atoms); null when invalid. */
/** What extended mode (x) skips in a pattern: PCRE2's pattern white space, not all of \s. */
const PATTERN_WHITE_SPACE = /^[\t\n\v\f\r \u0085\u200e\u200f\u2028\u2029]$/;

function optionSet(opts: Term): Set<string> | { invalid: string } {
  const set = new Set<string>();
  if (typeof opts === "string") {
    for (let i = 0; i < opts.length; i++) {
      const o = OPT_LETTERS[opts[i]];
      if (!o) return { invalid: opts.slice(i) };
      o.forEach((x) => set.add(x));
    }
    return set;
  }
  for (const o of listToArray(opts) ?? []) {
    if (o instanceof Atom && KNOWN_LIST_OPTS.has(o.name)) set.add(o.name);
    else if (Array.isArray(o) && o.length === 2 && o[0] === a("newline") && o[1] instanceof Atom && NEWLINE_KINDS.includes(o[1].name)) {
      if (o[1].name !== "lf") set.add("newline:" + o[1].name);
    }
    else return { invalid: "" };
  }
  return set;
}

const cache = new Map<string, Compiled>();

export function compileJs(source: string, set: Set<string>): Compiled {
  const key = source + "\0" + [...set].sort().join(",");
  const hit = cache.get(key);
  if (hit) return hit;
  const unicode = set.has("unicode");
  const tr = translate(source, {
    unicode,
    extended: set.has("extended"),
    ungreedy: set.has("ungreedy"),
    dotall: set.has("dotall"),
    multiline: set.has("multiline"),
    notbol: set.has("notbol"),
    noteol: set.has("noteol"),
    dollarEndonly: set.has("dollar_endonly"),
    noAutoCapture: set.has("no_auto_capture"),
    newline: newlineOf(set),
  });
  let flags = "gdu";
  if (set.has("caseless") || tr.caseless) flags += "i";
  let re: RegExp;
  try {
    re = new RegExp(tr.src, flags);
  } catch (e) {
    throw new RegexCompileError(jsErrorReason(String((e as Error).message)), source.length);
  }
  const firstline = set.has("firstline") ? newlineOf(set) : null;
  const c: Compiled = { re, unicode, groupNames: tr.names, ngroups: tr.names.length - 1, firstline };
  if (cache.size > 2000) cache.clear();
  cache.set(key, c);
  return c;
}

function jsErrorReason(msg: string): string {
  if (/Nothing to repeat/i.test(msg)) return "nothing to repeat";
  if (/Unterminated character class/i.test(msg)) return "missing terminating ] for character class";
  if (/Unmatched '\)'/i.test(msg)) return "unmatched parentheses";
  if (/Unterminated group/i.test(msg)) return "missing )";
  if (/Duplicate capture group name/i.test(msg)) return "two named subpatterns have the same name (PCRE2_DUPNAMES not set)";
  if (/Invalid named reference|Invalid named capture referenced/i.test(msg)) return "reference to non-existent subpattern";
  return "syntax error in pattern";
}

// ---------------------------------------------------------------------------
// PCRE → JS translation

interface TrOpts {
  unicode: boolean;
  extended: boolean;
  ungreedy: boolean;
  dotall: boolean;
  multiline: boolean;
  /** :re.run's notbol and noteol: the subject's start (end) is not a line's start (end). */
  notbol?: boolean;
  noteol?: boolean;
  /** dollar_endonly: a `$` outside multiline mode matches only at the very end. */
  dollarEndonly?: boolean;
  /** no_auto_capture: plain (...) groups do not capture (named ones still do). */
  noAutoCapture?: boolean;
  /** {newline, kind}: what ends a line for `.`, `^` and `$` (lf when absent). */
  newline?: string;
}

/** How `.`, `^` and `$` read under a newline convention (PCRE's NLTYPE). */
function newlineForms(kind: string) {
  const cls: Record<string, string> = { lf: "\\n", cr: "\\r", anycrlf: "\\r\\n", any: "\\n\\v\\f\\r\\x85\\u2028\\u2029" };
  if (kind === "crlf") {
    return { dot: "(?:(?!\\r\\n)[\\s\\S])", after: "(?<=\\r\\n)", before: "(?=\\r\\n)", seq: "\\r\\n" };
  }
  const c = cls[kind] ?? cls.lf!;
  // (in anycrlf and any, "\r\n" is one newline: no line starts between its two characters)
  const inPair = kind === "anycrlf" || kind === "any" ? "(?!(?<=\\r)\\n)" : "";
  const seq = kind === "anycrlf" || kind === "any" ? `\\r\\n|[${c}]` : `[${c}]`;
  return { dot: `[^${c}]`, after: `(?<=[${c}])${inPair}`, before: `(?=[${c}])`, seq };
}

const SPACE_U = "\\t\\n\\v\\f\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const SPACE_B = "\\t\\n\\v\\f\\r ";
const HSPACE_U = "\\t \\xa0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000";
const HSPACE_B = "\\t \\xa0";
const VSPACE_U = "\\n\\v\\f\\r\\x85\\u2028\\u2029";
const VSPACE_B = "\\n\\v\\f\\r\\x85";
const WORD_U = "\\p{L}\\p{N}_";
// Without `u`, Erlang's PCRE uses Latin-1 character tables for bytes >= 0x80.
const LOWER_B = "a-z\\xaa\\xb5\\xba\\xdf-\\xf6\\xf8-\\xff";
const UPPER_B = "A-Z\\xc0-\\xd6\\xd8-\\xde";
const WORD_B = LOWER_B + UPPER_B + "0-9_";
const wordOf = (byteMode: boolean) => (byteMode ? WORD_B : WORD_U);

const POSIX_B: Record<string, string> = {
  alpha: LOWER_B + UPPER_B, digit: "0-9", alnum: LOWER_B + UPPER_B + "0-9", space: SPACE_B, blank: " \\t",
  lower: LOWER_B, upper: UPPER_B, xdigit: "0-9A-Fa-f", word: WORD_B,
  punct: "!-\\/:-@\\[-`{-~\\xa1-\\xa9\\xab-\\xb4\\xb6-\\xb9\\xbb-\\xbf\\xd7\\xf7",
  cntrl: "\\x00-\\x1f\\x7f", graph: "!-~\\xa1-\\xff", print: " -~\\xa0-\\xff", ascii: "\\x00-\\x7f",
};
const POSIX_U: Record<string, string> = {
  ...POSIX_B, alpha: "\\p{L}", digit: "\\p{Nd}", alnum: "\\p{L}\\p{N}", space: SPACE_U,
  lower: "\\p{Ll}", upper: "\\p{Lu}", word: WORD_U,
  // With `u` (PCRE's UCP) the rest follow Unicode properties too: graph is letters, marks,
  // numbers, punctuation, symbols and format characters; print adds the space separators.
  graph: "\\p{L}\\p{M}\\p{N}\\p{P}\\p{S}\\p{Cf}", print: "\\p{L}\\p{M}\\p{N}\\p{P}\\p{S}\\p{Cf}\\p{Zs}",
  punct: "\\p{P}$+<=>^`|~\\xa2-\\xa6\\xa8\\xa9\\xac\\xae-\\xb1\\xb4\\xb8\\xd7\\xf7", cntrl: "\\p{Cc}", blank: HSPACE_U,
};

const SYNTAX = "^$\\.*+?()[]{}|/";

/** A literal character as a JS regex atom (valid in u-mode, in or out of a class). */
function lit(ch: string, byteMode: boolean, inClass = false): string {
  const cp = ch.codePointAt(0)!;
  if (byteMode && cp >= 0x80) {
    // PCRE without UTF: the pattern's UTF-8 bytes are matched one by one.
    return Array.from(utf8(ch)).map((b) => "\\x" + b.toString(16).padStart(2, "0")).join("");
  }
  if (SYNTAX.includes(ch) || (ch === "-" && inClass)) return "\\" + ch;
  if (/[a-zA-Z0-9_ ]/.test(ch)) return ch;
  if (cp < 0x80) return "\\x" + cp.toString(16).padStart(2, "0");
  return ch;
}

function translate(src: string, o: TrOpts): { src: string; names: string[]; caseless: boolean } {
  const byteMode = !o.unicode;
  const names: string[] = [""];
  // back references by number, checked against the groups once all are known
  const refs: { n: number; at: number }[] = [];
  let out = "";
  let i = 0;
  let caseless = false;
  let dotall = o.dotall;
  let multiline = o.multiline;
  let extended = o.extended;
  // Leading verbs like (*UTF8) and a leading option group (?imsx).
  let s = src;
  let verb: RegExpExecArray | null;
  let newline = o.newline ?? "lf";
  while ((verb = /^\(\*[A-Z_0-9=]+\)/.exec(s))) {
    // (*CR), (*LF), (*CRLF), (*ANYCRLF), (*ANY): the newline convention
    const kind = verb[0].slice(2, -1).toLowerCase();
    if (NEWLINE_KINDS.includes(kind)) newline = kind;
    s = s.slice(verb[0].length);
  }
  const nl = newlineForms(newline);
  const lead = /^\(\?([imsxU]+)\)/.exec(s);
  if (lead) {
    for (const f of lead[1]) {
      if (f === "i") caseless = true;
      if (f === "s") dotall = true;
      if (f === "m") multiline = true;
      if (f === "x") extended = true;
    }
    s = s.slice(lead[0].length);
  }
  const cs = Array.from(s);
  i = 0;
  let depth = 0;
  let lastAtomStart = -1; // -1: nothing to repeat
  const peek = (k = 0) => cs[i + k];
  const quant = (q: string) => {
    // q is a quantifier just read; handle lazy/possessive suffix and ungreedy mode.
    let lazy = false;
    if (peek() === "?") {
      lazy = true;
      i++;
    } else if (peek() === "+") i++; // possessive: approximate as greedy
    if (o.ungreedy) lazy = !lazy;
    out += q + (lazy ? "?" : "");
  };
  while (i < cs.length) {
    const c = cs[i];
    if (extended && PATTERN_WHITE_SPACE.test(c)) {
      i++;
      continue;
    }
    if (extended && c === "#") {
      while (i < cs.length && cs[i] !== "\n") i++;
      continue;
    }
    if (c === "\\") {
      lastAtomStart = out.length;
      i++;
      out += escapeOut(cs, () => i, (v) => (i = v), byteMode, false, names, refs);
      continue;
    }
    if (c === "[") {
      lastAtomStart = out.length;
      const r = readClass(cs, i, byteMode);
      if (r === null) throw new RegexCompileError("missing terminating ] for character class", src.length);
      out += r.out;
      i = r.end;
      continue;
    }
    if (c === "(") {
      if (peek(1) === "?" && peek(2) === "#") {
        while (i < cs.length && cs[i] !== ")") i++;
        i++;
        continue;
      }
      depth++;
      i++;
      lastAtomStart = -1;
      if (peek() === "?") {
        const rest = cs.slice(i, i + 40).join("");
        let m: RegExpExecArray | null;
        if ((m = /^\?P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest)) || (m = /^\?'([A-Za-z_][A-Za-z0-9_]*)'/.exec(rest))) {
          names.push(m[1]);
          out += "(?<" + m[1] + ">";
          i += m[0].length;
        } else if ((m = /^\?P=([A-Za-z_][A-Za-z0-9_]*)\)/.exec(rest))) {
          out += "(?:\\k<" + m[1] + ">)";
          i += m[0].length;
          depth--;
          lastAtomStart = out.length - 1;
        } else if (rest.startsWith("?>")) {
          out += "(?:";
          i += 2;
        } else if (rest.startsWith("?|")) {
          out += "(?:";
          i += 2;
        } else if ((m = /^\?([imsx]*)(?:-([imsx]*))?:/.exec(rest)) && m[0].length > 2) {
          out += "(?:"; // inline option groups: options ignored (approximation)
          i += m[0].length;
        } else if (rest.startsWith("?:") || rest.startsWith("?=") || rest.startsWith("?!")) {
          out += "(" + rest.slice(0, 2);
          i += 2;
        } else if (rest.startsWith("?<=") || rest.startsWith("?<!")) {
          out += "(" + rest.slice(0, 3);
          i += 3;
        } else {
          throw new RegexCompileError("unrecognized character after (? or (?-", i + 1);
        }
      } else if (o.noAutoCapture) out += "(?:";
      else {
        names.push("");
        out += "(";
      }
      continue;
    }
    if (c === ")") {
      if (depth === 0) throw new RegexCompileError("unmatched parentheses", i);
      depth--;
      out += ")";
      i++;
      lastAtomStart = out.length - 1;
      continue;
    }
    if (c === "*" || c === "+" || c === "?") {
      if (lastAtomStart < 0) throw new RegexCompileError("nothing to repeat", i);
      i++;
      quant(c);
      lastAtomStart = -1;
      continue;
    }
    if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(cs.slice(i, i + 30).join(""));
      if (m && lastAtomStart >= 0) {
        if (Number(m[1]) > 65535 || (m[3] !== undefined && m[3] !== "" && Number(m[3]) > 65535)) throw new RegexCompileError("number too big in {} quantifier", i + m[0].length - 1);
        if (m[3] !== undefined && m[3] !== "" && Number(m[3]) < Number(m[1])) throw new RegexCompileError("numbers out of order in {} quantifier", i + m[0].length - 1);
        i += m[0].length;
        quant(m[0]);
        lastAtomStart = -1;
        continue;
      }
      out += "\\{";
      i++;
      lastAtomStart = out.length - 2;
      continue;
    }
    if (c === "|") {
      out += "|";
      i++;
      lastAtomStart = -1;
      continue;
    }
    lastAtomStart = out.length;
    i++;
    if (c === ".") out += dotall ? "[\\s\\S]" : nl.dot;
    // (in multiline mode a line starts after each newline but the one ending the subject)
    else if (c === "^") out += multiline ? (o.notbol ? `(?:${nl.after}(?=[\\s\\S]))` : `(?:(?<![\\s\\S])|${nl.after}(?=[\\s\\S]))`) : o.notbol ? "(?!)" : "(?<![\\s\\S])";
    else if (c === "$") out += multiline ? (o.noteol ? nl.before : `(?:(?![\\s\\S])|${nl.before})`) : o.noteol ? "(?!)" : o.dollarEndonly ? "(?![\\s\\S])" : `(?=(?:${nl.seq})?(?![\\s\\S]))`;
    else out += lit(c, byteMode);
    if (c === "^" || c === "$") lastAtomStart = -1;
  }
  if (depth > 0) throw new RegexCompileError("missing )", src.length);
  for (const r of refs) if (r.n > names.length - 1) throw new RegexCompileError("reference to non-existent subpattern", r.at);
  return { src: out, names, caseless };
}

/** Translates an escape (the backslash already consumed) outside or inside a class. */
function escapeOut(
  cs: string[],
  get: () => number,
  set: (i: number) => void,
  byteMode: boolean,
  inClass: boolean,
  names: string[],
  refs: { n: number; at: number }[] = [],
): string {
  let i = get();
  const c = cs[i++];
  const rest = () => cs.slice(i, i + 20).join("");
  let r: string;
  let m: RegExpExecArray | null;
  switch (c) {
    case undefined:
      throw new RegexCompileError("\\ at end of pattern", cs.length);
    case "A":
      r = "(?<![\\s\\S])";
      break;
    case "z":
      r = "(?![\\s\\S])";
      break;
    case "Z":
      r = "(?=\\n?(?![\\s\\S]))";
      break;
    case "G":
      r = "";
      break;
    case "s":
      r = inClass ? (byteMode ? SPACE_B : SPACE_U) : "[" + (byteMode ? SPACE_B : SPACE_U) + "]";
      break;
    case "S":
      r = inClass ? "\\S" : "[^" + (byteMode ? SPACE_B : SPACE_U) + "]";
      break;
    case "h":
      r = inClass ? (byteMode ? HSPACE_B : HSPACE_U) : "[" + (byteMode ? HSPACE_B : HSPACE_U) + "]";
      break;
    case "H":
      r = "[^" + (byteMode ? HSPACE_B : HSPACE_U) + "]";
      break;
    case "v":
      r = inClass ? (byteMode ? VSPACE_B : VSPACE_U) : "[" + (byteMode ? VSPACE_B : VSPACE_U) + "]";
      break;
    case "V":
      r = "[^" + (byteMode ? VSPACE_B : VSPACE_U) + "]";
      break;
    case "R":
      r = "(?:\\r\\n|[" + (byteMode ? VSPACE_B : VSPACE_U) + "])";
      break;
    case "d":
      r = byteMode ? "\\d" : "\\p{Nd}";
      break;
    case "D":
      r = byteMode ? "\\D" : "\\P{Nd}";
      break;
    case "w":
      r = inClass ? wordOf(byteMode) : "[" + wordOf(byteMode) + "]";
      break;
    case "W":
      r = inClass ? "\\W" : "[^" + wordOf(byteMode) + "]";
      break;
    case "b": {
      const w = wordOf(byteMode);
      r = inClass ? "\\x08" : `(?:(?<=[${w}])(?![${w}])|(?<![${w}])(?=[${w}]))`;
      break;
    }
    case "B": {
      const w = wordOf(byteMode);
      r = `(?:(?<=[${w}])(?=[${w}])|(?<![${w}])(?![${w}]))`;
      break;
    }
    case "e":
      r = "\\x1b";
      break;
    case "a":
      r = "\\x07";
      break;
    case "n":
    case "r":
    case "t":
    case "f":
      r = "\\" + c;
      break;
    case "x":
      if ((m = /^\{([0-9a-fA-F]+)\}/.exec(rest()))) {
        i += m[0].length;
        const cp = parseInt(m[1], 16);
        if (cp > (byteMode ? 0xff : 0x10ffff)) throw new RegexCompileError("character value in \\x{} or \\o{} is too large", i - 1);
        r = "\\u{" + cp.toString(16) + "}";
      } else if ((m = /^[0-9a-fA-F]{1,2}/.exec(rest()))) {
        i += m[0].length;
        r = "\\x" + m[0].padStart(2, "0");
      } else r = "\\x00";
      break;
    case "p":
    case "P":
      if ((m = /^\{\^?[A-Za-z_&]+\}|^[A-Za-z]/.exec(rest()))) {
        i += m[0].length;
        let name = m[0].startsWith("{") ? m[0].slice(1, -1) : m[0];
        let neg = c === "P";
        if (name.startsWith("^")) {
          neg = !neg;
          name = name.slice(1);
        }
        if (name === "L&") name = "LC";
        if (name === "Xan") r = inClass || !neg ? "\\p{L}\\p{N}" : "[^\\p{L}\\p{N}]";
        else if (name === "Xwd") r = inClass || !neg ? WORD_U : "[^" + WORD_U + "]";
        else if (name === "Xsp" || name === "Xps") r = inClass || !neg ? SPACE_U : "[^" + SPACE_U + "]";
        else if (name === "Any") r = neg ? "[^\\s\\S]" : inClass ? "\\s\\S" : "[\\s\\S]";
        // a general category (L, Lu, ...) as JS names it; any other name is a script
        else {
          const prop = GENERAL_CATEGORY.test(name) ? name : "Script=" + name;
          if (!knownProperty(prop)) throw new RegexCompileError("unknown property name after \\P or \\p", i - 1);
          r = (neg ? "\\P{" : "\\p{") + prop + "}";
        }
        if (!inClass && (name === "Xan" || name === "Xwd" || name === "Xsp" || name === "Xps") && !neg) r = "[" + r + "]";
      } else throw new RegexCompileError("malformed \\P or \\p sequence", i);
      break;
    case "Q": {
      let s = "";
      while (i < cs.length && !(cs[i] === "\\" && cs[i + 1] === "E")) s += lit(cs[i++], byteMode);
      if (i < cs.length) i += 2;
      r = inClass ? s : "(?:" + s + ")";
      break;
    }
    case "E":
      r = "";
      break;
    case "g":
      if ((m = /^\{(-?\d+)\}|^(-?\d+)/.exec(rest()))) {
        // \gN, \g{N}: group N; \g{-N}: the Nth group opened before this point
        i += m[0].length;
        let n = parseInt(m[1] ?? m[2], 10);
        if (n === 0) throw new RegexCompileError("a numbered reference must not be zero", i);
        if (n < 0) {
          n = names.length + n;
          if (n <= 0) throw new RegexCompileError("reference to non-existent subpattern", i);
        } else refs.push({ n, at: i });
        r = "(?:\\" + n + ")";
      } else if ((m = /^\{([A-Za-z_]\w*)\}/.exec(rest()))) {
        i += m[0].length;
        r = "\\k<" + m[1] + ">";
      } else throw new RegexCompileError("a numbered reference must not be zero", i - 1);
      break;
    case "k":
      if ((m = /^[<{']([A-Za-z_]\w*)[>}']/.exec(rest()))) {
        i += m[0].length;
        r = "\\k<" + m[1] + ">";
      } else throw new RegexCompileError("\\k is not followed by a braced, angle-bracketed, or quoted name", i - 1);
      break;
    case "c": {
      // \cX: the control character of X (X upper-cased, bit 6 flipped); X must be ASCII
      const x = cs[i++];
      if (x === undefined) throw new RegexCompileError("\\c at end of pattern", i - 1);
      if (x.codePointAt(0)! > 0x7f) throw new RegexCompileError("\\c must be followed by an ASCII character", i);
      r = charEscape(x.toUpperCase().charCodeAt(0) ^ 0x40);
      break;
    }
    case "o":
      if ((m = /^\{([0-7]+)\}/.exec(rest()))) {
        i += m[0].length;
        const cp = parseInt(m[1], 8);
        if (cp > (byteMode ? 0xff : 0x10ffff)) throw new RegexCompileError("character value in \\x{} or \\o{} is too large", i - 1);
        r = "\\u{" + cp.toString(16) + "}";
      } else throw new RegexCompileError("missing opening brace after \\o", i - 1);
      break;
    case "N":
      if (cs[i] === "{" && !/^\{\d/.test(rest())) throw new RegexCompileError("PCRE does not support \\L, \\l, \\N{name}, \\U, or \\u", i - 1);
      if (inClass) throw new RegexCompileError("escape sequence is invalid in character class", i);
      r = "[^\\n]";
      break;
    default:
      if (/[1-9]/.test(c) && !inClass) {
        // PCRE reads the digits as a decimal number: a back reference when it is below 8
        // or there are that many capturing groups before it; else \8 and \9 are the
        // characters 8 and 9, and other digits up to three octal digits of a character.
        m = /^\d*/.exec(rest());
        const n = parseInt(c + m![0], 10);
        if (n < 8 || n <= names.length - 1) {
          i += m![0].length;
          refs.push({ n, at: i });
          r = "(?:\\" + c + m![0] + ")";
        } else if (c === "8" || c === "9") r = c;
        else {
          m = /^[0-7]{0,2}/.exec(rest());
          i += m![0].length;
          r = octalChar(c + m![0], byteMode, i);
        }
      } else if (/[0-7]/.test(c)) {
        // \0 and up to two more octal digits; in a class any \ddd is octal
        m = /^[0-7]{0,2}/.exec(rest());
        i += m![0].length;
        r = octalChar(c + m![0], byteMode, i);
      } else if (c === "L" || c === "l" || c === "U" || c === "u") {
        throw new RegexCompileError("PCRE does not support \\L, \\l, \\N{name}, \\U, or \\u", i - 1);
      } else if (c === "K") {
        // (\K leaves what matched before it out of the match; JS patterns cannot say that)
        throw new RegexCompileError("unrecognized character follows \\", i - 1);
      } else if (c === "X" && !inClass) {
        // an extended grapheme cluster, as far as a JS pattern can say it
        r = "(?:\\r\\n|\\P{M}\\p{M}*)";
      } else if (c === "C" && !inClass) {
        r = "[\\s\\S]";
      } else r = lit(c, byteMode); // (PCRE takes any other escaped letter as itself)
  }
  void names;
  set(i);
  return r;
}

/** PCRE's general category property names (the rest of \p{...} are scripts). */
const GENERAL_CATEGORY = /^(?:C[cfnos]?|L[Cclmotu]?|M[cen]?|N[dlo]?|P[cdefios]?|S[ckmo]?|Z[lps]?)$/;

/** Whether JS knows the Unicode property (a general category or Script=Name). */
function knownProperty(prop: string): boolean {
  try {
    new RegExp("\\p{" + prop + "}", "u");
    return true;
  } catch {
    return false;
  }
}

/** A character given by its code, as the JS text matching it. */
function charEscape(cp: number): string {
  return cp <= 0xff ? "\\x" + cp.toString(16).padStart(2, "0") : "\\u{" + cp.toString(16) + "}";
}

/** The character of an octal escape's digits (above \377 only in UTF-8 mode). */
function octalChar(digits: string, byteMode: boolean, end: number): string {
  const cp = parseInt(digits, 8);
  if (byteMode && cp > 0xff) throw new RegexCompileError("octal value is greater than \\377 in 8-bit non-UTF-8 mode", end - 1);
  return charEscape(cp);
}

/** Reads a character class starting at cs[start] === "["; returns the JS text. */
function readClass(cs: string[], start: number, byteMode: boolean): { out: string; end: number } | null {
  let i = start + 1;
  let out = "[";
  if (cs[i] === "^") {
    out += "^";
    i++;
  }
  if (cs[i] === "]") {
    out += "\\]";
    i++;
  }
  const posix = byteMode ? POSIX_B : POSIX_U;
  while (i < cs.length && cs[i] !== "]") {
    const c = cs[i];
    if (c === "[" && cs[i + 1] === ":") {
      const m = /^\[:(\^?)([a-z]+):\]/.exec(cs.slice(i, i + 12).join(""));
      if (m && posix[m[2]] !== undefined) {
        out += m[1] ? (m[2] === "digit" ? "\\D" : m[2] === "space" ? "\\S" : m[2] === "word" ? "\\W" : "") : posix[m[2]];
        i += m[0].length;
        continue;
      }
    }
    if (c === "\\") {
      let j = i + 1;
      out += escapeOut(cs, () => j, (v) => (j = v), byteMode, true, []);
      i = j;
      continue;
    }
    if (c === "-") {
      out += "-";
      i++;
      continue;
    }
    out += lit(c, byteMode, true);
    i++;
  }
  if (i >= cs.length) return null;
  // A trailing "-" before "]" is literal in PCRE.
  if (out.endsWith("-") && !out.endsWith("\\-")) out = out.slice(0, -1) + "\\-";
  return { out: out + "]", end: i + 1 };
}

// ---------------------------------------------------------------------------
// Struct

export const RE_VERSION = ["8.44 2020-02-12", a("little")];

// The binary of a compiled pattern ({:re_pattern, groups, unicode, crlf, binary}): on the BEAM
// it is PCRE's compiled program; here it holds what compiles it again, so :re.run and
// Regex take a pattern compiled by either, on this node or another: "ERCP", a two-byte mask
// of the compile options, then the source's bytes.
const PATTERN_OPTIONS = [
  "unicode", "ucp", "caseless", "extended", "firstline", "ungreedy", "dotall", "multiline",
  "anchored", "dollar_endonly", "no_auto_capture", "dupnames", "never_utf", "no_start_optimize",
];

export function encodePattern(source: string, set: Set<string>): string | Bin {
  let mask = 0;
  PATTERN_OPTIONS.forEach((o, i) => {
    if (set.has(o)) mask |= 1 << i;
  });
  const newline = NEWLINE_KINDS.indexOf(newlineOf(set));
  return binFromBytes(Uint8Array.from([69, 82, 67, 80, mask & 0xff, mask >> 8, newline, ...utf8(source)]));
}

/** The source and compile options an encodePattern binary holds; null for any other term. */
export function decodePattern(bin: Term): { source: string; set: Set<string> } | null {
  if (!isBin(bin)) return null;
  const bytes = binBytes(bin as string | Bin);
  if (bytes.length < 7 || bytes[0] !== 69 || bytes[1] !== 82 || bytes[2] !== 67 || bytes[3] !== 80) return null;
  const mask = bytes[4]! | (bytes[5]! << 8);
  const set = new Set(PATTERN_OPTIONS.filter((_, i) => mask & (1 << i)));
  const newline = NEWLINE_KINDS[bytes[6]!];
  if (newline === undefined) return null;
  if (newline !== "lf") set.add("newline:" + newline);
  const source = new TextDecoder("utf-8", { fatal: false }).decode(bytes.subarray(7));
  return { source, set };
}

/** Builds %Regex{} for `~r/source/opts` (opts a string of letters); throws on bad regex. */
export function makeRegex(source: string, opts: string): MapTerm {
  const r = compileTerm(source, opts);
  if (r instanceof RegexCompileError) {
    throw raise("Regex.CompileError", { message: `${r.reason} at position ${r.pos}` });
  }
  if ("invalid" in r) throw raise("Regex.CompileError", { message: `invalid option ${r.invalid}` });
  return r.struct;
}

/**
 * A pattern compiled with a set of compile options, and its {:re_pattern, groups, unicode,
 * crlf, binary} tuple (crlf: 1 when "\r\n" is one newline); the error when it does not compile.
 */
export function compilePattern(source: string, set: Set<string>): { c: Compiled; mp: Term[] } | RegexCompileError {
  let c: Compiled;
  try {
    c = compileJs(source, set);
  } catch (e) {
    if (e instanceof RegexCompileError) return e;
    throw e;
  }
  const crlf = ["crlf", "anycrlf", "any"].includes(newlineOf(set)) ? 1 : 0;
  return { c, mp: [a("re_pattern"), c.ngroups, c.unicode ? 1 : 0, crlf, encodePattern(source, set)] };
}

function compileTerm(source: string, opts: Term): { struct: MapTerm } | RegexCompileError | { invalid: string } {
  const set = optionSet(opts);
  if (!(set instanceof Set)) return set;
  const p = compilePattern(source, set);
  if (p instanceof RegexCompileError) return p;
  const struct = MapTerm.fromPairs([
    [a("__struct__"), a("Elixir.Regex")],
    [a("opts"), opts],
    [a("re_pattern"), p.mp],
    [a("re_version"), RE_VERSION],
    [a("source"), source],
  ]);
  return { struct };
}

export function isRegex(t: Term): t is MapTerm {
  return t instanceof MapTerm && t.get(a("__struct__")) === a("Elixir.Regex");
}

/** The compiled JS form of a %Regex{} struct. */
export function compiledOf(r: MapTerm): Compiled {
  const source = r.get(a("source"));
  const set = optionSet(r.get(a("opts")) ?? "");
  if (typeof source !== "string" || !(set instanceof Set)) throw badArgs([[2, "not a valid regular expression"]]);
  return compileJs(source, set);
}

// ---------------------------------------------------------------------------
// Matching

/** A subject prepared for matching: the text the JS regex sees and offset conversion. */
export interface Subject {
  text: string;
  orig: string | Bin;
  /** UTF-16 index → byte offset. */
  toByte(i: number): number;
  /** byte offset → UTF-16 index. */
  toIndex(b: number): number;
  /** A slice by byte offsets as a binary. */
  slice(b0: number, b1: number): string | Bin;
}

export function prepare(c: Compiled, subject: string | Bin): Subject {
  // (PCRE checks a unicode pattern's subject: :re.run/3 fails with badarg on invalid UTF-8)
  if (c.unicode && typeof subject !== "string" && !isValidUtf8(subject)) {
    throw withFrame(new BeamError("error", a("badarg")), "re", "run", [subject, a("re_pattern"), NIL], false);
  }
  if (!c.unicode || typeof subject !== "string") {
    const text = asLatin1(subject);
    const isAscii = typeof subject === "string" && text.length === subject.length;
    return {
      text,
      orig: subject,
      toByte: (i) => i,
      toIndex: (b) => b,
      slice: (b0, b1) => (isAscii ? (subject as string).slice(b0, b1) : binFromLatin1(text.slice(b0, b1))),
    };
  }
  const s = subject;
  let table: Int32Array | null = null;
  const build = () => {
    if (table) return table;
    table = new Int32Array(s.length + 1);
    let b = 0;
    for (let i = 0; i < s.length; i++) {
      table[i] = b;
      const cc = s.charCodeAt(i);
      if (cc < 0x80) b += 1;
      else if (cc < 0x800) b += 2;
      else if (cc >= 0xd800 && cc <= 0xdbff) {
        b += 4;
        table[++i] = b - 2;
      } else b += 3;
    }
    table[s.length] = b;
    return table;
  };
  const ascii = /^[\x00-\x7f]*$/.test(s);
  return {
    text: s,
    orig: s,
    toByte: (i) => (ascii ? i : build()[i]),
    toIndex: (b) => {
      if (ascii) return b;
      const t = build();
      let lo = 0;
      let hi = s.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (t[mid] < b) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    },
    slice: (b0, b1) => {
      if (ascii) return s.slice(b0, b1);
      const t = build();
      void t;
      return s.slice(slicePos(b0), slicePos(b1));
    },
  };
  function slicePos(b: number): number {
    const t = build();
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (t[mid] < b) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** One match: [byteStart, byteLen] per group (group 0 first); [-1, 0] when unset. */
export type Groups = [number, number][];

export function execAt(c: Compiled, sub: Subject, from: number): { groups: Groups; end: number; start: number } | null {
  c.re.lastIndex = from;
  const m = c.re.exec(sub.text);
  if (m === null) return null;
  const idx = (m as RegExpExecArray & { indices: [number, number][] }).indices;
  const groups: Groups = [];
  for (let g = 0; g < idx.length; g++) {
    const p = idx[g];
    if (p === undefined) groups.push([-1, 0]);
    else {
      const b0 = sub.toByte(p[0]);
      groups.push([b0, sub.toByte(p[1]) - b0]);
    }
  }
  return { groups, start: idx[0][0], end: idx[0][1] };
}

/** How a search may match (:re.run's anchored, notempty and notempty_atstart options). */
export interface SearchFlags {
  anchored?: boolean;
  notempty?: boolean;
  notemptyAtStart?: boolean;
  /** {newline, crlf | anycrlf | any}: an empty match's advance steps over "\r\n" whole. */
  crlf?: boolean;
}

type Match = { groups: Groups; end: number; start: number };

/** Lookbehind context kept when a non-empty match is looked for at a position. */
const CONTEXT = 256;
const nonEmptyVariants = new WeakMap<RegExp, Map<number, RegExp>>();

/**
 * The first non-empty match starting exactly at UTF-16 index `at`, as PCRE's backtracking
 * finds it when an empty match is not allowed there. The pattern runs sticky on the text from
 * at most CONTEXT characters before `at` (a sliced string costs nothing), followed by a
 * lookbehind that fails when the match ends where it started.
 */
function nonEmptyAt(c: Compiled, sub: Subject, at: number): Match | null {
  let from = Math.max(0, at - CONTEXT);
  const text = sub.text;
  const code = text.charCodeAt(from);
  if (from > 0 && code >= 0xdc00 && code <= 0xdfff) from--;
  let k = 0;
  for (let i = from; i < at; i++) {
    const cc = text.charCodeAt(i);
    if (!(cc >= 0xdc00 && cc <= 0xdfff && i > from)) k++;
  }
  let variants = nonEmptyVariants.get(c.re);
  if (variants === undefined) nonEmptyVariants.set(c.re, (variants = new Map()));
  let re = variants.get(k);
  if (re === undefined) {
    re = new RegExp(`(?:${c.re.source})(?<!^[\\s\\S]{${k}})`, c.re.flags.replace("g", "") + "y");
    variants.set(k, re);
  }
  re.lastIndex = at - from;
  const m = re.exec(from === 0 ? text : text.slice(from));
  if (m === null) return null;
  const idx = (m as RegExpExecArray & { indices: ([number, number] | undefined)[] }).indices;
  const groups: Groups = idx.map((p) => {
    if (p === undefined) return [-1, 0] as [number, number];
    const b0 = sub.toByte(p[0] + from);
    return [b0, sub.toByte(p[1] + from) - b0] as [number, number];
  });
  return { groups, start: idx[0]![0] + from, end: idx[0]![1] + from };
}

/** Where each newline convention's newlines are found. */
const NEWLINE_RE: Record<string, RegExp> = {
  lf: /\n/g, cr: /\r/g, crlf: /\r\n/g, anycrlf: /[\r\n]/g, any: /[\n\v\f\r\x85\u2028\u2029]/g,
};

/**
 * The last UTF-16 index a match may start at when searching from `from`: with firstline,
 * PCRE stops looking at the first newline after the start of each search (one re:run call,
 * or each step of a global one).
 */
function startLimit(c: Compiled, sub: Subject, from: number): number {
  if (c.firstline === null) return Infinity;
  const re = NEWLINE_RE[c.firstline]!;
  re.lastIndex = from;
  const m = re.exec(sub.text);
  return m === null ? Infinity : m.index;
}

/** The first match at or after UTF-16 index `from` that the flags allow. */
function searchFrom(c: Compiled, sub: Subject, from: number, flags: SearchFlags): Match | null {
  let pos = from;
  const limit = startLimit(c, sub, from);
  while (pos <= sub.text.length) {
    const r = execAt(c, sub, pos);
    if (r === null || (flags.anchored && r.start !== from) || r.start > limit) return null;
    if (r.end > r.start || !(flags.notempty || (flags.notemptyAtStart && r.start === from))) return r;
    const longer = nonEmptyAt(c, sub, r.start);
    if (longer !== null) return longer;
    if (flags.anchored) return null;
    pos = step(sub, r.start, false);
  }
  return null;
}

/** The index one character after `at` ("\r\n" as one when `crlf`). */
function step(sub: Subject, at: number, crlf: boolean): number {
  if (crlf && sub.text.startsWith("\r\n", at)) return at + 2;
  const cp = sub.text.codePointAt(at);
  return at + (cp !== undefined && cp > 0xffff ? 2 : 1);
}

/**
 * All matches from byte offset `offset`, as :re.run's global option finds them: after an
 * empty match the search is tried again at the same place, anchored and not empty, and only
 * when that fails does it move on by one character.
 */
export function matches(c: Compiled, sub: Subject, offset: number, global: boolean, flags: SearchFlags = {}): Groups[] {
  const out: Groups[] = [];
  let pos = sub.toIndex(offset);
  while (pos <= sub.text.length) {
    const r = searchFrom(c, sub, pos, flags);
    if (r === null) break;
    out.push(r.groups);
    if (!global) break;
    if (r.end > r.start) {
      pos = r.end;
      continue;
    }
    const longer = r.start === pos ? nonEmptyAt(c, sub, r.start) : null;
    if (longer !== null) {
      out.push(longer.groups);
      pos = longer.end;
    } else pos = step(sub, r.start, flags.crlf === true);
  }
  return out;
}

type CaptureSpec = { kind: "all" | "first" | "all_but_first" | "none" } | { kind: "list"; items: number[] };

function captureSpec(c: Compiled, t: Term): CaptureSpec {
  if (t === a("all") || t === a("first") || t === a("all_but_first") || t === a("none")) {
    return { kind: atomName(t) as "all" };
  }
  if (t === a("all_names")) return { kind: "list", items: sortedNames(c).map((n) => c.groupNames.indexOf(n)) };
  const arr = listToArray(t);
  if (arr === null) throw badArgs([[3, "invalid capture option"]]);
  return {
    kind: "list",
    items: arr.map((x) => {
      if (typeof x === "number") return x;
      const name = typeof x === "string" ? x : atomName(x);
      return c.groupNames.indexOf(name);
    }),
  };
}

function sortedNames(c: Compiled): string[] {
  return c.groupNames.filter((n) => n !== "").sort();
}

/** Selects and converts the captures of one match (Erlang :re.run capture semantics). */
function pick(groups: Groups, spec: CaptureSpec, sub: Subject, index: boolean): Term[] | null {
  let sel: ([number, number] | undefined)[];
  switch (spec.kind) {
    case "none":
      return null;
    case "first":
      sel = [groups[0]];
      break;
    case "all":
    case "all_but_first": {
      let last = groups.length - 1;
      while (last > 0 && groups[last][0] < 0) last--;
      sel = groups.slice(spec.kind === "all" ? 0 : 1, last + 1);
      break;
    }
    default:
      sel = spec.items.map((g) => groups[g] ?? [-1, 0]);
  }
  return sel.map((g) => {
    const [p, l] = g ?? [-1, 0];
    if (index) return [p, l];
    return p < 0 ? "" : sub.slice(p, p + l);
  });
}

// ---------------------------------------------------------------------------
// Public operations (also used by String)

interface RunOpts {
  capture: Term;
  index: boolean;
  offset: number;
}

function runOpts(opts: Term, fn: string, args: Term[]): RunOpts {
  const arr = listToArray(opts);
  if (arr === null) throw fce("Regex", fn, args);
  let capture: Term = a("all");
  let index = false;
  let offset = 0;
  for (const kv of arr) {
    if (!Array.isArray(kv) || kv.length !== 2) continue;
    if (kv[0] === a("capture")) capture = kv[1];
    else if (kv[0] === a("return")) index = kv[1] === a("index");
    else if (kv[0] === a("offset")) offset = kv[1];
  }
  return { capture, index, offset };
}

export function regexRun(re: MapTerm, subject: string | Bin, opts: Term, args: Term[]): Term {
  const c = compiledOf(re);
  const o = runOpts(opts, "run", args);
  const sub = prepare(c, subject);
  const ms = matches(c, sub, o.offset, false);
  if (ms.length === 0) return null;
  const r = pick(ms[0], captureSpec(c, o.capture), sub, o.index);
  return r === null ? NIL : list(r);
}

export function regexScan(re: MapTerm, subject: string | Bin, opts: Term, args: Term[]): Term {
  const c = compiledOf(re);
  const o = runOpts(opts, "scan", args);
  const sub = prepare(c, subject);
  const spec = captureSpec(c, o.capture);
  const ms = matches(c, sub, o.offset, true);
  // (no group asked for: :re.run's bare :match, which scan gives as [])
  if (spec.kind === "none" || (spec.kind === "list" && spec.items.length === 0)) return NIL;
  return list(ms.map((g) => list(pick(g, spec, sub, o.index)!)));
}

export function regexMatch(re: MapTerm, subject: string | Bin): boolean {
  const c = compiledOf(re);
  const sub = prepare(c, subject);
  const r = execAt(c, sub, 0);
  return r !== null && r.start <= startLimit(c, sub, 0);
}

function kw(opts: Term, key: string, dflt: Term): Term {
  for (const kv of listToArray(opts) ?? []) {
    if (Array.isArray(kv) && kv.length === 2 && kv[0] === a(key)) return kv[1];
  }
  return dflt;
}

export function regexSplit(re: MapTerm, subject: string | Bin, opts: Term): Term {
  // (:trim is compared with true where do_split/6's clause heads do, and is only truthy in
  // its `keep == 0 and trim` tests; :parts is checked once there are matches)
  const trimOpt = kw(opts, "trim", false);
  const trim = trimOpt === true;
  if (subject === "") return truthy(trimOpt) ? NIL : list([""]);
  const c = compiledOf(re);
  const sub = prepare(c, subject);
  const on = kw(opts, "on", a("first"));
  const spec = captureSpec(c, on);
  const parts = kw(opts, "parts", a("infinity"));
  const withCaptures = kw(opts, "include_captures", false) === true;
  const ms = matches(c, sub, 0, true).map((g) => {
    const sel = pick(g, spec, sub, true);
    return (sel ?? []) as [number, number][];
  });
  if (ms.length > 0 && parts !== a("infinity") && !(typeof parts === "number" && parts > 0)) throw fce("Regex", "parts_to_index", [parts]);
  const size = sub.toByte(sub.text.length);
  const out: Term[] = [];
  let counter = parts === a("infinity") ? 0 : (parts as number);
  let offset = 0;
  const rest = () => sub.slice(offset, size);
  outer: for (const m of ms) {
    for (const [pos, len] of m) {
      if (trim && size <= offset) return list(out);
      if (counter === 1) break outer;
      if (pos - offset < 0) continue;
      const keep = pos - offset;
      if (keep === 0 && truthy(trimOpt)) {
        if (withCaptures) {
          out.push(sub.slice(pos, pos + len));
          counter--;
        }
      } else {
        out.push(sub.slice(offset, pos));
        if (withCaptures) out.push(sub.slice(pos, pos + len));
        counter--;
      }
      offset = pos + len;
    }
  }
  if (trim && size <= offset) return list(out);
  out.push(rest());
  return list(out);
}

type ReplPart = string | number;

/**
 * Parses a replacement string with \N, \g{N} and \\ escapes, as Elixir's
 * precompile_replacement/1 reads it (byte by byte: `text` is a latin1 view when `bin`):
 * "\g{" must be followed by digits and "}" (a MatchError on the {digits, rest} it got), and
 * "\g{}" has no digits for List.to_integer/1.
 */
function parseReplacement(text: string, bin: boolean): ReplPart[] {
  const parts: ReplPart[] = [];
  let lit = "";
  let i = 0;
  const digitsFrom = (j: number): number => {
    while (j < text.length && text[j]! >= "0" && text[j]! <= "9") j++;
    return j;
  };
  const flush = () => {
    if (lit !== "") parts.push(lit);
    lit = "";
  };
  while (i < text.length) {
    if (text.startsWith("\\g{", i) && i + 3 < text.length) {
      const d = digitsFrom(i + 3);
      const ns = text.slice(i + 3, d);
      if (text[d] !== "}") {
        const rest = text.slice(d);
        throw matchError([list(Array.from(ns, (c) => c.charCodeAt(0))), bin ? binFromLatin1(rest) : rest]);
      }
      if (ns === "") throw withFrame(badArgs([[1, "not a textual representation of an integer"]]), "erlang", "list_to_integer", [NIL]);
      flush();
      parts.push(Number(ns));
      i = d + 1;
    } else if (text.startsWith("\\\\", i)) {
      lit += "\\";
      i += 2;
    } else if (text[i] === "\\" && i + 1 < text.length && text[i + 1]! >= "0" && text[i + 1]! <= "9") {
      const d = digitsFrom(i + 1);
      flush();
      parts.push(Number(text.slice(i + 1, d)));
      i = d;
    } else lit += text[i++];
  }
  flush();
  return parts;
}

export function regexReplace(re: MapTerm, subject: string | Bin, replacement: string | Bin, opts: Term): Term {
  const c = compiledOf(re);
  const sub = prepare(c, subject);
  const global = kw(opts, "global", true) !== false;
  const ms = matches(c, sub, 0, global);
  if (ms.length === 0) return subject;
  const replBin = typeof replacement !== "string";
  const repl = parseReplacement(replBin ? asLatin1(replacement) : replacement, replBin);
  const size = sub.toByte(sub.text.length);
  const pieces: (string | Bin)[] = [];
  let pos = 0;
  for (const g of ms) {
    const [mp, ml] = g[0];
    if (mp > pos) pieces.push(sub.slice(pos, mp));
    for (const p of repl) {
      if (typeof p === "string") pieces.push(replBin ? binFromLatin1(p) : p);
      else if (p < g.length && g[p][0] >= 0) pieces.push(sub.slice(g[p][0], g[p][0] + g[p][1]));
    }
    pos = mp + ml;
  }
  if (pos < size) pieces.push(sub.slice(pos, size));
  return concat(pieces);
}

/** Regex.escape/1. */
export function regexEscape(s: string | Bin): string | Bin {
  const esc = ".^$*+?()[]{}|#-\\\t\n\v\f\r ";
  const text = typeof s === "string" ? s : asLatin1(s);
  let out = "";
  for (const ch of text) out += esc.includes(ch) ? "\\" + ch : ch;
  return typeof s === "string" ? out : binFromLatin1(out);
}

// ---------------------------------------------------------------------------
// Natives

function needRegex(fn: string, args: Term[], ri = 0, si = 1): [MapTerm, string | Bin] {
  const re = args[ri];
  const s = args[si];
  if (!isRegex(re) || !isBin(s)) throw fce("Regex", fn, args);
  return [re, s];
}

function compileNative(args: Term[], bang: boolean): Term {
  const [source, opts] = args;
  if (!isBin(source) || typeof source !== "string") throw fce("Regex", bang ? "compile!" : "compile", args);
  if (typeof opts !== "string" && opts !== NIL && !(opts instanceof Cons)) {
    throw fce("Regex", bang ? "compile!" : "compile", args);
  }
  const r = compileTerm(source, opts);
  if (r instanceof RegexCompileError) {
    if (bang) throw raise("Regex.CompileError", { message: `${r.reason} at position ${r.pos}` });
    return [a("error"), [list(Array.from(r.reason, (ch) => ch.charCodeAt(0))), r.pos]];
  }
  if ("invalid" in r) {
    if (typeof opts !== "string") throw withFrame(badArgs([[2, "invalid options"]]), "re", "compile", [source, opts]);
    if (bang) throw raise("Regex.CompileError", { message: `invalid_option at position ${r.invalid}` });
    return [a("error"), [a("invalid_option"), r.invalid]];
  }
  return bang ? r.struct : [a("ok"), r.struct];
}

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.Regex",
  fns: {
    "__struct__/0": () => MapTerm.fromPairs([[a("__struct__"), a("Elixir.Regex")], [a("re_pattern"), null], [a("source"), ""], [a("opts"), ""], [a("re_version"), ""]]),
    "compile/1": ([s]) => compileNative([s, ""], false),
    "compile/2": (args) => compileNative(args, false),
    "compile!/1": ([s]) => compileNative([s, ""], true),
    "compile!/2": (args) => compileNative(args, true),
    "recompile/1": ([r]) => [a("ok"), r],
    "recompile!/1": ([r]) => r,
    "version/0": () => RE_VERSION,
    "match?/2": (args) => regexMatch(...needRegex("match?", args)),
    "regex?/1": ([t]) => isRegex(t),
    "run/2": (args) => regexRun(...needRegex("run", [...args, NIL]), NIL, [...args, NIL]),
    "run/3": (args) => regexRun(...needRegex("run", args), args[2], args),
    "scan/2": (args) => regexScan(...needRegex("scan", [...args, NIL]), NIL, [...args, NIL]),
    "scan/3": (args) => regexScan(...needRegex("scan", args), args[2], args),
    "named_captures/2": (args) => namedCaptures(args[0], args[1], NIL, [...args, NIL]),
    "named_captures/3": (args) => namedCaptures(args[0], args[1], args[2], args),
    "names/1": ([r]) => {
      if (!isRegex(r)) throw fce("Regex", "names", [r]);
      return list(sortedNames(compiledOf(r)));
    },
    "source/1": ([r]) => {
      if (!isRegex(r)) throw fce("Regex", "source", [r]);
      return r.get(a("source"));
    },
    "opts/1": ([r]) => {
      if (!isRegex(r)) throw fce("Regex", "opts", [r]);
      return r.get(a("opts"));
    },
    "re_pattern/1": ([r]) => {
      if (!isRegex(r)) throw fce("Regex", "re_pattern", [r]);
      return r.get(a("re_pattern"));
    },
    "split/2": (args) => regexSplit(...needRegex("split", [...args, NIL]), NIL),
    "split/3": (args) => regexSplit(...needRegex("split", args), args[2]),
    "replace/3": (args) => replaceNative([...args, NIL]),
    "replace/4": (args) => replaceNative(args),
    "escape/1": ([s]) => {
      if (!isBin(s)) throw fce("Regex", "escape", [s]);
      return regexEscape(s);
    },
  },
};

function replaceNative(args: Term[]): Term {
  const [re, s, repl, opts] = args;
  if (!isRegex(re) || !isBin(s) || listToArray(opts) === null || !isBin(repl)) throw fce("Regex", "replace", args);
  return regexReplace(re, s, repl, opts);
}

function namedCaptures(re: Term, s: Term, opts: Term, args: Term[]): Term {
  if (!isBin(s)) throw fce("Regex", "named_captures", args);
  // Elixir's named_captures/3 asks names/1 first: a non-regex fails there.
  if (!isRegex(re)) throw fce("Regex", "names", [re]);
  const names = sortedNames(compiledOf(re));
  const o = listToArray(opts) ?? [];
  const r = regexRun(re, s, list([...o, [a("capture"), list(names)]]), args);
  if (r === null) return null;
  const vals = listToArray(r)!;
  return MapTerm.fromPairs(names.map((n, i) => [n, vals[i]]));
}
