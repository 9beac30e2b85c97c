// Code.Fragment: what the text before a cursor (or around a position) is, for completion and
// editors: cursor_context/2, surround_context/3 and container_cursor_to_quoted/2, with
// Elixir 1.14's results. The two context functions read the text backwards from the cursor
// (code points reversed, index 0 next to the cursor) and classify what they meet: aliases,
// dots, module attributes, operators, sigils, structs, unquoted atoms, calls and arities.
// container_cursor_to_quoted is the parser in its cursor-completion mode (lexer.ts).
import type { Code, NativeFn } from "../runtime/code.js";
import type { NativeModule } from "../runtime/library.js";
import { fce } from "../runtime/arith.js";
import { badArgs, raise } from "../runtime/errors.js";
import { binaryOp, unaryOp } from "../runtime/compiler/code-formatter-tables.js";
import { MapTerm } from "../runtime/map.js";
import { Atom, Bin, Cons, NIL, Term, a, list } from "../runtime/term.js";
import { bytesToString } from "../lang/unescape.js";
import { tokenize } from "../lang/lexer.js";
import { quotedCode } from "./code-eval.js";
import { TailCall } from "../runtime/calls.js";
import { Gen, call, generatorCode } from "../runtime/generator-code.js";

const codes = (s: string): number[] => Array.from(s, (c) => c.codePointAt(0)!);
const set = (s: string): Set<number> => new Set(codes(s));

const OPERATORS = set("\\<>+-*/:=|&~^%!");
const STARTER = set(",([{;");
const NON_STARTER = set(")]}\"'.$");
const SPACE = set("\t ");
const TRAILING = set("?!");
const TILDE_OP_PREFIX = set("<=~");
const NON_IDENTIFIER = new Set([...TRAILING, ...OPERATORS, ...STARTER, ...NON_STARTER, ...SPACE]);
const TEXTUAL_OPERATORS = ["when", "not", "and", "or", "in"];
const KEYWORDS = ["do", "end", "after", "else", "catch", "rescue", "fn", "true", "false", "nil"];

const C = (ch: string): number => ch.codePointAt(0)!;
const DOT = C(".");
const COLON = C(":");
const PERCENT = C("%");
const isAsciiUpper = (c: number | undefined): boolean => c !== undefined && c >= 65 && c <= 90;
const isAsciiLetter = (c: number | undefined): boolean => c !== undefined && (isAsciiUpper(c) || (c >= 97 && c <= 122));
const str = (cs: number[]): string => String.fromCodePoint(...cs);
const eq = (cs: number[], s: string): boolean => str(cs) === s;

/** A context as a term: atoms and charlists in tuples. */
type Ctx = Term;
type Res = [Ctx, number];
const NONE: Res = [a("none"), 0];
/**
 * An operator token that is no unary or binary operator (`=>`): Elixir's own code answers a
 * bare `:none` there, which its callers do not expect (a CaseClauseError, or an ArgumentError
 * from elem/2 at the top). Kept so the errors are the same.
 */
const BARE_NONE: Res = [a("none"), -1];
function checkBare(r: Res): Res {
  if (r[1] === -1) throw raise("CaseClauseError", { term: a("none") });
  return r;
}
const cl = (cs: number[]): Term => list(cs);
const tag = (t: Ctx): string | null => (Array.isArray(t) && t[0] instanceof Atom ? t[0].name : t instanceof Atom ? t.name : null);
/** The charlist element of a context tuple as code points. */
const chars = (t: Term): number[] => {
  const out: number[] = [];
  for (let l = t; l instanceof Cons; l = l.t) out.push(l.h as number);
  return out;
};
const isCharlist = (t: Term): boolean => t === NIL || t instanceof Cons;

function stripSpaces(r: number[], count: number): [number[], number] {
  let i = 0;
  while (i < r.length && SPACE.has(r[i])) i++;
  return [r.slice(i), count + i];
}

/** A dot that is not part of `..`: `r` starts with `.` and the next one is not `.`. */
const singleDot = (r: number[]): boolean => r[0] === DOT && (r.length === 1 || r[1] !== DOT);

// ---------------------------------------------------------------------------
// Identifier classification (what String.Tokenizer says of a would-be identifier)

interface IdentInfo {
  kind: "identifier" | "alias" | "atom";
  rest: number[];
  ascii: boolean;
  at: boolean;
}

const isUnicodeUpper = (c: number): boolean => /[\p{Lu}\p{Lt}]/u.test(String.fromCodePoint(c));
const isUnicodeStart = (c: number): boolean => /[\p{Ll}\p{Lm}\p{Lo}\p{Nl}]/u.test(String.fromCodePoint(c));
const isUnicodeContinue = (c: number): boolean => /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]/u.test(String.fromCodePoint(c));

function classifyIdentifier(cs: number[]): IdentInfo | null {
  if (cs.length === 0) return null;
  const h = cs[0];
  let kind: IdentInfo["kind"];
  if (isAsciiUpper(h)) kind = "alias";
  else if ((h >= 97 && h <= 122) || h === 95) kind = "identifier";
  else if (h > 127 && isUnicodeUpper(h)) kind = "atom";
  else if (h > 127 && isUnicodeStart(h)) kind = "identifier";
  else return null;
  let ascii = h < 128;
  let at = false;
  let i = 1;
  for (; i < cs.length; i++) {
    const c = cs[i];
    if (c === C("!") || c === C("?")) {
      i++;
      break;
    }
    if (c === C("@")) at = true;
    else if (c <= 127) {
      if (!(isAsciiLetter(c) || (c >= 48 && c <= 57) || c === 95)) break;
    } else if (isUnicodeContinue(c)) ascii = false;
    else return null;
  }
  return { kind, rest: cs.slice(i), ascii, at };
}

// ---------------------------------------------------------------------------
// cursor_context

function codepointCursorContext(rev: number[]): Res {
  const [s, spaces] = stripSpaces(rev, 0);
  if (s.length === 0) return [a("expr"), 0];
  const [h, h1, h2] = s;
  const restAfter = (n: number) => s.slice(n);
  if (h === PERCENT && h1 === COLON && h2 === COLON) return [[a("struct"), NIL], 1];
  if (h === PERCENT && h1 === COLON) return [[a("unquoted_atom"), cl([PERCENT])], 2];
  if (h === PERCENT) return [[a("struct"), NIL], 1];
  if (h === C(">") && (h1 === C("=") || h1 === C("-")) && (s.length === 2 || h2 !== COLON)) return [a("expr"), 0];
  if (h === C("<") && h1 === C("<") && (s.length === 2 || h2 !== C("<"))) return [a("expr"), 0];
  if (h === COLON && (s.length === 1 || h1 !== COLON)) return spaces === 0 ? [[a("unquoted_atom"), NIL], 1] : [a("expr"), 0];
  if (h === DOT && s.length === 1) return NONE;
  if (h === DOT && h1 !== DOT && h1 !== COLON) return dot(restAfter(1), spaces + 1, []);
  if (h === C("(")) return callContext(stripSpaces(restAfter(1), spaces + 1));
  if (h === C("/")) return arityContext(stripSpaces(restAfter(1), spaces + 1));
  if (STARTER.has(h)) return [a("expr"), 0];
  if (spaces > 0) return callContext([s, spaces]);
  return identifierContext(rev, 0, false);
}

function arityContext([r, spaces]: [number[], number]): Res {
  const [ctx, n] = checkBare(identifierContext(r, spaces, true));
  switch (tag(ctx)) {
    case "local_or_var": return [[a("local_arity"), (ctx as Term[])[1]], n];
    case "dot": return [[a("dot_arity"), (ctx as Term[])[1], (ctx as Term[])[2]], n];
    case "operator": return [[a("operator_arity"), (ctx as Term[])[1]], n];
    default: return NONE;
  }
}

function callContext([r, spaces]: [number[], number]): Res {
  const [ctx, n] = checkBare(identifierContext(r, spaces, true));
  switch (tag(ctx)) {
    case "local_or_var": return [[a("local_call"), (ctx as Term[])[1]], n];
    case "dot": return [[a("dot_call"), (ctx as Term[])[1], (ctx as Term[])[2]], n];
    case "operator": return [[a("operator_call"), (ctx as Term[])[1]], n];
    default: return NONE;
  }
}

type Ident =
  | { k: "none" }
  | { k: "operator" }
  | { k: "struct_attr"; acc: number[]; count: number }
  | { k: "module_attribute"; acc: number[]; count: number }
  | { k: "sigil"; acc: number[]; count: number }
  | { k: "unquoted_atom"; acc: number[]; count: number }
  | { k: "alias" | "identifier"; rest: number[]; acc: number[]; count: number };

function identifierContext(r: number[], count: number, callOp: boolean): Res {
  if (r[0] === DOT && r[1] === DOT && r[2] === COLON) return [[a("unquoted_atom"), cl(codes(".."))], count + 3];
  if (r[0] === DOT && r[1] === DOT && r[2] === DOT) return [[a("local_or_var"), cl(codes("..."))], count + 3];
  if (r[0] === DOT && r[1] === COLON) return [[a("unquoted_atom"), cl([DOT])], count + 2];
  if (r[0] === DOT && r[1] === DOT) return [[a("operator"), cl(codes(".."))], count + 2];
  const id = identifier(r, count);
  switch (id.k) {
    case "none": return NONE;
    case "operator": return operator(r, count, [], callOp);
    case "struct_attr": return [[a("struct"), [a("module_attribute"), cl(id.acc)]], id.count + 1];
    case "module_attribute": return [[a("module_attribute"), cl(id.acc)], id.count];
    case "sigil": return [[a("sigil"), cl(id.acc)], id.count];
    case "unquoted_atom": return [[a("unquoted_atom"), cl(id.acc)], id.count];
    case "alias": {
      const [rest, n] = stripSpaces(id.rest, id.count);
      if (singleDot(rest)) return nestedAlias(rest.slice(1), n + 1, id.acc);
      if (rest[0] === PERCENT) return [[a("struct"), cl(id.acc)], n + 1];
      return [[a("alias"), cl(id.acc)], id.count];
    }
    case "identifier": {
      const name = str(id.acc);
      if (callOp && TEXTUAL_OPERATORS.includes(name)) return [[a("operator"), cl(id.acc)], id.count];
      if (id.rest.length === 1 && id.rest[0] === PERCENT) {
        const [inner] = identifierContext([...id.acc].reverse(), id.count, true);
        return tag(inner) === "local_or_var" ? [[a("struct"), inner], id.count + 1] : NONE;
      }
      const [rest, n] = stripSpaces(id.rest, id.count);
      if (singleDot(rest)) return dot(rest.slice(1), n + 1, id.acc);
      return [[a("local_or_var"), cl(id.acc)], id.count];
    }
  }
}

function identifier(r: number[], count: number): Ident {
  if (r[0] === C("?") || r[0] === C("!")) return checkIdentifier(r.slice(1), count + 1, [r[0]]);
  return checkIdentifier(r, count, []);
}

function checkIdentifier(r: number[], count: number, acc: number[]): Ident {
  if (r.length > 0 && !NON_IDENTIFIER.has(r[0])) return restIdentifier(r, count, acc);
  return { k: "operator" };
}

/** Reads identifier characters backwards (`acc` is in forward order), then decides what they are. */
function restIdentifier(r: number[], count: number, acc: number[]): Ident {
  let i = 0;
  while (i < r.length && !NON_IDENTIFIER.has(r[i])) i++;
  acc = [...r.slice(0, i).reverse(), ...acc];
  count += i;
  const rest = r.slice(i);
  if (acc[0] === C("@")) {
    const inner = acc.slice(1);
    const t = tokenizeIdentifier(rest, count, inner);
    if (t.k === "identifier" && rest[0] === PERCENT) return { k: "struct_attr", acc: t.acc, count: t.count };
    if (t.k === "identifier") return { k: "module_attribute", acc: t.acc, count: t.count };
    if (t.k === "none" && inner.length === 0) return { k: "module_attribute", acc: [], count };
    return { k: "none" };
  }
  if (rest[0] === C("~") && acc.length === 1 && isAsciiLetter(acc[0]) && (rest.length === 1 || !TILDE_OP_PREFIX.has(rest[1]))) {
    return { k: "sigil", acc, count: count + 1 };
  }
  if (rest[0] === COLON && (rest.length === 1 || rest[1] !== COLON)) {
    const info = classifyIdentifier(acc);
    return info !== null && info.rest.length === 0 ? { k: "unquoted_atom", acc, count: count + 1 } : { k: "none" };
  }
  if (rest[0] === C("?")) return { k: "none" };
  return tokenizeIdentifier(rest, count, acc);
}

function tokenizeIdentifier(rest: number[], count: number, acc: number[]): Ident {
  const info = classifyIdentifier(acc);
  if (info === null || info.kind === "atom") return { k: "none" };
  if (info.kind === "alias" && !info.ascii) return { k: "none" };
  if (info.rest.length !== 0 || info.at) return { k: "none" };
  return { k: info.kind, rest, acc, count };
}

function nestedAlias(r: number[], count: number, acc: number[]): Res {
  const [rest, n] = stripSpaces(r, count);
  const [ctx, c] = checkBare(identifierContext(rest, n, true));
  const join = (prev: Term): Term => cl([...chars(prev), DOT, ...acc]);
  const t = ctx as Term[];
  switch (tag(ctx)) {
    case "struct":
      if (isCharlist(t[1])) return [[a("struct"), join(t[1])], c];
      if (tag(t[1]) === "alias" && (t[1] as Term[]).length === 3) {
        const [, parent, prev] = t[1] as Term[];
        return [[a("struct"), [a("alias"), parent, join(prev)]], c];
      }
      return [[a("struct"), [a("alias"), t[1], cl(acc)]], c];
    case "alias":
      if (t.length === 2) return [[a("alias"), join(t[1])], c];
      return [[a("alias"), t[1], join(t[2])], c];
    case "local_or_var": return [[a("alias"), [a("local_or_var"), t[1]], cl(acc)], c];
    case "module_attribute": return [[a("alias"), [a("module_attribute"), t[1]], cl(acc)], c];
    default: return NONE;
  }
}

function dot(r: number[], count: number, acc: number[]): Res {
  const [rest, n] = stripSpaces(r, count);
  const [ctx, c] = checkBare(identifierContext(rest, n, true));
  const t = ctx as Term[];
  switch (tag(ctx)) {
    case "local_or_var": return [[a("dot"), [a("var"), t[1]], cl(acc)], c];
    case "unquoted_atom": case "alias": case "dot": case "module_attribute": return [[a("dot"), ctx, cl(acc)], c];
    case "struct":
      if (isCharlist(t[1])) return [[a("struct"), [a("dot"), [a("alias"), t[1]], cl(acc)]], c];
      return [[a("struct"), [a("dot"), t[1], cl(acc)]], c];
    default: return NONE;
  }
}

function operator(r: number[], count: number, acc: number[], callOp: boolean): Res {
  let i = 0;
  while (i < r.length && OPERATORS.has(r[i])) i++;
  acc = [...r.slice(0, i).reverse(), ...acc];
  count += i;
  const rest = r.slice(i);
  // Opening a sigil (`~s<`, `~r/`, `~w|`): not an operator.
  if (acc.length === 1 && (acc[0] === C("<") || acc[0] === C("|") || acc[0] === C("/")) && isAsciiLetter(rest[0]) && rest[1] === C("~") &&
      (rest.length === 2 || !TILDE_OP_PREFIX.has(rest[2]))) {
    return NONE;
  }
  if (eq(acc, "~")) {
    const [r2] = stripSpaces(rest, count);
    return callOp || singleDot(r2) ? NONE : [[a("sigil"), NIL], count];
  }
  let toks;
  try {
    toks = tokenize(str(acc), 1, 1);
  } catch {
    return NONE;
  }
  if (toks.length !== 1) return NONE;
  const tok = toks[0];
  if (tok.kind === "atom") return [[a("unquoted_atom"), cl(acc.slice(1))], count];
  if (typeof tok.value !== "string") return NONE;
  const op = tok.value;
  const [r2, dotCount] = stripSpaces(rest, count);
  if (unaryOp(op) === null && binaryOp(op) === null) return BARE_NONE;
  if (singleDot(r2)) return dot(r2.slice(1), dotCount + 1, acc);
  return [[a("operator"), cl(acc)], count];
}

// ---------------------------------------------------------------------------
// Lines: the cursor's line, joined with the lines an expression continues over

/** ends_as_incomplete: the line up to a comment, reversed, and whether it ends open (`(`, `.`). */
function endsAsIncomplete(line: number[]): [number[], boolean] {
  const acc: number[] = [];
  let incomplete = true;
  for (const c of line) {
    if (c === C("#")) break;
    acc.unshift(c);
    if (c === C("(") || c === DOT) incomplete = true;
    else if (!SPACE.has(c)) incomplete = false;
  }
  return [acc, incomplete];
}

function startsWithDot(line: number[]): boolean {
  let i = 0;
  while (i < line.length && SPACE.has(line[i])) i++;
  return line[i] === DOT;
}

function splitLines(cs: number[]): number[][] {
  const lines: number[][] = [[]];
  for (let i = 0; i < cs.length; i++) {
    if (cs[i] === 13 && cs[i + 1] === 10) {
      lines.push([]);
      i++;
    } else if (cs[i] === 10) lines.push([]);
    else lines[lines.length - 1].push(cs[i]);
  }
  return lines;
}

function lastLine(cs: number[]): number[] {
  const lines = splitLines(cs);
  let last = lines.pop()!;
  while (lines.length > 0) {
    const [trimmed, incomplete] = endsAsIncomplete(lines[lines.length - 1]);
    if (!(incomplete || startsWithDot(last))) break;
    lines.pop();
    last = [...[...trimmed].reverse(), ...last];
  }
  return last;
}

// ---------------------------------------------------------------------------
// surround_context

const segmenter = new Intl.Segmenter();
const graphemes = (cs: number[]): string[] => Array.from(segmenter.segment(str(cs)), (s) => s.segment);
const glength = (cs: number[]): number => (cs.length === 0 ? 0 : graphemes(cs).length);

/** string_reverse_at: the first `n` graphemes reversed (code points), and the rest. */
function stringReverseAt(cs: number[], n: number): [number[], number[]] {
  const gs = graphemes(cs);
  const pre = codes(gs.slice(0, n).join("")).reverse();
  return [pre, codes(gs.slice(n).join(""))];
}

function moveSpaces(post: number[], acc: number[]): [number[], number[]] {
  let i = 0;
  while (i < post.length && SPACE.has(post[i])) i++;
  return [post.slice(i), [...post.slice(0, i).reverse(), ...acc]];
}

function adjustPosition(pre: number[], post: number[]): [number[], number[]] {
  if (post[0] === COLON && post.length > 1 && post[1] !== COLON && (pre.length === 0 || pre[0] !== COLON)) return [[COLON, ...pre], post.slice(1)];
  if (post[0] === PERCENT) return adjustPosition([PERCENT, ...pre], post.slice(1));
  const [post2, pre2] = moveSpaces(post, pre);
  if (post2[0] === DOT && post2.length > 1 && post2[1] !== DOT && pre2.length > 0 && pre2[0] !== DOT) {
    const [post3, pre3] = moveSpaces(post2.slice(1), [DOT, ...pre2]);
    return [pre3, post3];
  }
  const [stripped] = stripSpaces(pre, 0);
  if (stripped[0] === DOT && (stripped.length === 1 || (stripped[1] !== DOT && stripped[1] !== COLON))) {
    const [post3, pre3] = moveSpaces(post, pre);
    return [pre3, post3];
  }
  if (stripped[0] === PERCENT) {
    const [post3, pre3] = moveSpaces(post, pre);
    if (isAsciiUpper(post3[0])) return [pre3, post3];
  }
  return [pre, post];
}

type Taken = { kind: "identifier" | "alias"; acc: number[]; rest: number[] };

function takeIdentifier(post: number[]): Taken {
  let i = 0;
  const acc: number[] = [];
  for (; i < post.length; i++) {
    const h = post[i];
    if (TRAILING.has(h)) return { kind: "identifier", acc: [h, ...acc], rest: post.slice(i + 1) };
    if (NON_IDENTIFIER.has(h)) break;
    acc.unshift(h);
  }
  const rest = post.slice(i);
  const [afterSpaces] = stripSpaces(rest, 0);
  if (afterSpaces[0] === DOT && isAsciiUpper(stripSpaces(afterSpaces.slice(1), 0)[0][0])) return takeAlias(rest, acc);
  return { kind: "identifier", acc, rest };
}

function takeAlias(post: number[], acc: number[]): Taken {
  let i = 0;
  while (i < post.length && !NON_IDENTIFIER.has(post[i])) acc = [post[i++], ...acc];
  const rest = post.slice(i);
  const [r1, acc1] = moveSpaces(rest, acc);
  if (r1[0] === DOT) {
    const [r2, acc2] = moveSpaces(r1.slice(1), [DOT, ...acc1]);
    if (isAsciiUpper(r2[0])) return takeAlias(r2.slice(1), [r2[0], ...acc2]);
  }
  return { kind: "alias", acc, rest };
}

function takeOperator(post: number[]): [number[], number[]] {
  let i = 0;
  const acc: number[] = [];
  while (i < post.length && (OPERATORS.has(post[i]) || post[i] === DOT)) acc.unshift(post[i++]);
  return [acc, post.slice(i)];
}

interface Surround {
  context: Term;
  begin: [number, number];
  end: [number, number];
}

function buildSurround(context: Term, reversed: number[], line: number, offset: number): Surround {
  const post = reversed.slice(0, Math.max(offset, 0)).reverse();
  const pre = reversed.slice(Math.max(offset, 0)).reverse();
  const preLength = glength(pre) + 1;
  return { context, begin: [line, preLength], end: [line, preLength + glength(post)] };
}

function maybeOperator(pre: number[], post: number[], line: number): Surround | null {
  const [revPost, rest] = takeOperator(post);
  if (revPost.length === 0) return null;
  const reversed = [...revPost, ...pre];
  const [ctx, offset] = codepointCursorContext(reversed);
  const t = ctx as Term[];
  if (tag(ctx) === "operator") return buildSurround(ctx, reversed, line, offset);
  if (tag(ctx) === "sigil" && t[1] === NIL && isAsciiLetter(rest[0])) return buildSurround([a("sigil"), cl([rest[0]])], [rest[0], ...reversed], line, offset + 1);
  if (tag(ctx) === "dot" && t[2] instanceof Cons) return buildSurround(ctx, reversed, line, offset);
  return null;
}

function positionSurroundContext(cs: number[], line: number, column: number): Surround | null {
  let [pre, post] = stringReverseAt(cs, column - 1);
  [pre, post] = adjustPosition(pre, post);
  const taken = takeIdentifier(post);
  if (taken.acc.length === 0) return maybeOperator(pre, post, line);
  const reversed = [...taken.acc, ...pre];
  const [ctx, offset] = codepointCursorContext(reversed);
  const t = ctx as Term[];
  const k = tag(ctx);
  if (taken.kind === "alias") return k === "alias" || k === "struct" ? buildSurround(ctx, reversed, line, offset) : null;
  const [rest] = stripSpaces(taken.rest, 0);
  switch (k) {
    case "struct": case "alias": case "sigil": case "unquoted_atom":
      return buildSurround(ctx, reversed, line, offset);
    case "dot":
      if (t[2] instanceof Cons) return buildSurround(ctx, reversed, line, offset);
      break;
    case "local_or_var": {
      const name = str(chars(t[1]));
      if (rest[0] === C("(")) return buildSurround([a("local_call"), t[1]], reversed, line, offset);
      if (rest[0] === C("/")) return buildSurround([a("local_arity"), t[1]], reversed, line, offset);
      if (TEXTUAL_OPERATORS.includes(name)) return buildSurround([a("operator"), t[1]], reversed, line, offset);
      if (KEYWORDS.includes(name)) return buildSurround([a("keyword"), t[1]], reversed, line, offset);
      return buildSurround(ctx, reversed, line, offset);
    }
    case "module_attribute":
      if (t[1] === NIL) return buildSurround([a("operator"), cl([C("@")])], reversed, line, offset);
      return buildSurround(ctx, reversed, line, offset);
  }
  return maybeOperator(pre, post, line);
}

function surroundContext(cs: number[], line: number, column: number): Term {
  const lines = splitLines(cs);
  // split_at: the lines before (nearest first), the cursor's line (the last if beyond), the lines after.
  const idx = Math.min(line, lines.length) - 1;
  const before = lines.slice(0, idx).reverse();
  const cursorLine = lines[idx];
  const after = lines.slice(idx + 1);
  const [trimmed, incomplete0] = endsAsIncomplete(cursorLine);
  const revCursor = column - 1 > trimmed.length ? [...cursorLine].reverse() : trimmed;
  // Following lines the expression continues on.
  const accLines: number[][] = [revCursor];
  const afterLengths: number[] = [];
  let incomplete = incomplete0;
  for (const l of after) {
    if (!(incomplete || startsWithDot(l))) break;
    const [t, inc] = endsAsIncomplete(l);
    afterLengths.push(t.length);
    accLines.push(t);
    incomplete = inc;
  }
  let joined: number[] = [];
  for (const x of accLines) joined = [...joined, ...[...x].reverse()];
  // Preceding lines that continue into it.
  const beforeLengths: number[] = [];
  for (const l of before) {
    const [t, inc] = endsAsIncomplete(l);
    if (!(inc || startsWithDot(joined))) break;
    beforeLengths.push(t.length);
    joined = [...[...t].reverse(), ...joined];
  }
  const prepended = beforeLengths.reduce((x, y) => x + y, 0);
  const r = positionSurroundContext(joined, line, column + prepended);
  if (r === null) return a("none");
  let [bl, bc] = [r.begin[0], r.begin[1] - prepended];
  for (const len of beforeLengths) {
    if (bc >= 1) break;
    bl -= 1;
    bc += len;
  }
  let [el, ec] = [r.end[0], r.end[1] - prepended];
  for (const len of [revCursor.length, ...afterLengths]) {
    if (ec <= len + 1) break;
    el += 1;
    ec -= len;
  }
  return MapTerm.fromPairs([[a("context"), r.context], [a("begin"), [bl, bc]], [a("end"), [el, ec]]]);
}

// ---------------------------------------------------------------------------
// Natives

/** The fragment as code points: a binary, a charlist, or anything List.Chars takes. */
function fragmentCodes(t: Term): number[] | null {
  if (typeof t === "string") return codes(t);
  if (t instanceof Bin && t.bits === 0) return codes(bytesToString(t.bytes));
  if (t === NIL || t instanceof Cons) {
    const out: number[] = [];
    const walk = (x: Term): boolean => {
      for (; x instanceof Cons; x = x.t) {
        const h = x.h;
        if (typeof h === "number") out.push(h);
        else if (typeof h === "string") out.push(...codes(h));
        else if (h instanceof Bin) out.push(...codes(bytesToString(h.bytes)));
        else if (!walk(h)) return false;
      }
      return x === NIL;
    };
    return walk(t) ? out : null;
  }
  return null;
}

/** Anything else goes through List.Chars.to_charlist/1 first (which fails for a tuple, a map...). */
function viaToCharlist(fun: string, arity: number, run: (args: Term[]) => Term): Code {
  return generatorCode("Elixir.Code.Fragment", fun, arity, function* (args): Gen<Term> {
    const chars = yield* call("Elixir.List.Chars", "to_charlist", [args[0]]);
    return run([chars, ...args.slice(1)]);
  });
}
const cursorViaChars = viaToCharlist("cursor_context", 2, (args) => cursorContextNative(args));
const surroundViaChars = viaToCharlist("surround_context", 3, (args) => surroundContextNative(args));
const isChardata = (t: Term): boolean => typeof t === "string" || t instanceof Bin || t === NIL || t instanceof Cons;

const isList = (t: Term): boolean => t === NIL || t instanceof Cons;

function cursorContextNative(args: Term[]): Term | TailCall {
  const [fragment, opts = NIL] = args;
  if (isList(opts) && !isChardata(fragment)) return new TailCall(cursorViaChars, [fragment, opts]);
  const cs = isList(opts) ? fragmentCodes(fragment) : null;
  if (cs === null) throw fce("Elixir.Code.Fragment", "cursor_context", [fragment, opts]);
  const [ctx, n] = codepointCursorContext(lastLine(cs).reverse());
  if (n === -1) throw badArgs([[2, "not a tuple"]]);
  return ctx;
}

function surroundContextNative(args: Term[]): Term | TailCall {
  const [fragment, position, opts = NIL] = args;
  if (isList(opts) && Array.isArray(position) && position.length === 2 && !isChardata(fragment)) return new TailCall(surroundViaChars, [fragment, position, opts]);
  const cs = isList(opts) ? fragmentCodes(fragment) : null;
  const pos = Array.isArray(position) && position.length === 2 ? position : null;
  if (cs === null || pos === null) throw fce("Elixir.Code.Fragment", "surround_context", [fragment, position, opts]);
  const [line, column] = pos;
  if (!(typeof line === "number" && typeof column === "number" && line >= 1 && column >= 1)) {
    throw fce("Elixir.Code.Fragment", "position_surround_context", [cl(cs), line, column, opts]);
  }
  return surroundContext(cs, line, column);
}

const fns: Record<string, NativeFn | Code> = {
  "cursor_context/1": (args) => cursorContextNative(args),
  "cursor_context/2": (args) => cursorContextNative(args),
  "surround_context/2": (args) => surroundContextNative(args),
  "surround_context/3": (args) => surroundContextNative(args),
  "container_cursor_to_quoted/1": quotedCode("container_cursor_to_quoted", 1, false, false, true),
  "container_cursor_to_quoted/2": quotedCode("container_cursor_to_quoted", 2, false, false, true),
};

export const natives: NativeModule[] = [{ module: "Elixir.Code.Fragment", fns }];
