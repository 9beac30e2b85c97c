// Code.Normalizer: quoted form as macros and `quote` build it, rewritten into the shape the
// formatter reads from the parser in its formatting mode. Literals are wrapped in
// `{:__block__, meta, [literal]}` (numbers carry their text as :token), module atoms become
// `__aliases__`, strings and atoms are escaped as source text, charlists get a ' delimiter,
// keyword lists get their keys marked `format: :keyword`, calls that would be written with
// parentheses get a :closing, and `do:` keyword blocks become do/end blocks. Line numbers
// flow down from the nearest parent that has one.
import { fce } from "../arith.js";
import { badArgs } from "../errors.js";
import { escapeString, classifyAtom } from "../inspect.js";
import { MapTerm } from "../map.js";
import { Atom, Bin, Cons, Float, NIL, Term, a, list } from "../term.js";
import { formatFloat } from "../float-format.js";
import { DEFAULT_LOCALS_WITHOUT_PARENS, LocalSpec, isLocalWithoutParens, isOperatorCall } from "./code-formatter-tables.js";

export interface NormalizeOptions {
  line: Term;
  escape: boolean;
  localsWithoutParens: LocalSpec[];
}

interface State {
  escape: boolean;
  parentLine: Term;
  locals: LocalSpec[];
}

// ---------------------------------------------------------------------------
// Keyword-list metadata helpers (shared with the formatter)

export const isAtomT = (t: Term): boolean => t instanceof Atom || t === null || t === true || t === false;
export const isListT = (t: Term): boolean => t === NIL || t instanceof Cons;

export function items(l: Term): Term[] {
  const out: Term[] = [];
  for (; l instanceof Cons; l = l.t) out.push(l.h);
  return out;
}

export function kwGet(meta: Term, key: string): Term | undefined {
  const k = a(key);
  for (let l = meta; l instanceof Cons; l = l.t) {
    const p = l.h;
    if (Array.isArray(p) && p.length === 2 && p[0] === k) return p[1];
  }
  return undefined;
}

export const kwHas = (meta: Term, key: string): boolean => kwGet(meta, key) !== undefined;
export const kwPrepend = (meta: Term, key: string, value: Term): Term => new Cons([a(key), value], meta);
export function kwPutNew(meta: Term, key: string, value: Term): Term {
  return kwHas(meta, key) ? meta : kwPrepend(meta, key, value);
}
export function kwDelete(meta: Term, key: string): Term {
  const k = a(key);
  return list(items(meta).filter((p) => !(Array.isArray(p) && p[0] === k)));
}
export function kwAppend(meta: Term, pairs: [string, Term][]): Term {
  return list([...items(meta), ...pairs.map(([k, v]) => [a(k), v])]);
}

/** `{name, meta, args}`: a 3-tuple whose meta is a list. */
export const isCall = (t: Term): t is [Term, Term, Term] => Array.isArray(t) && t.length === 3 && isListT(t[1]);
const atomIs = (t: Term, name: string): boolean => t instanceof Atom && t.name === name;

// ---------------------------------------------------------------------------

export function normalize(quoted: Term, opts: NormalizeOptions): Term {
  const state: State = { escape: opts.escape, parentLine: opts.line, locals: [...opts.localsWithoutParens, ...DEFAULT_LOCALS_WITHOUT_PARENS] };
  return norm(quoted, state);
}

const withLine = (state: State, meta: Term): State => ({ ...state, parentLine: kwGet(meta, "line") ?? null });
const lineMeta = (state: State): Term => (typeof state.parentLine === "number" ? list([[a("line"), state.parentLine]]) : NIL);

function patchLine(meta: Term, parentLine: Term): Term {
  const own = kwGet(meta, "line");
  if ((own === undefined || own === null) && typeof parentLine === "number") return kwPrepend(meta, "line", parentLine);
  return meta;
}

function isRange(t: Term): t is MapTerm {
  return t instanceof MapTerm && t.get(a("__struct__")) === a("Elixir.Range");
}

function norm(q: Term, state: State): Term {
  if (Array.isArray(q)) {
    if (q.length === 3 && isListT(q[1])) return normTriple(q as [Term, Term, Term], state);
    if (q.length === 2) return normLiteral(q, NIL, state);
    return normLiteral(q, NIL, state);
  }
  if (isRange(q)) {
    const left = norm(q.get(a("first")), state);
    const right = norm(q.get(a("last")), state);
    const step = q.get(a("step"));
    const meta = lineMeta(state);
    if (step === 1) return [a(".."), meta, list([left, right])];
    return [a("..//"), meta, list([left, right, norm(step, state)])];
  }
  if (isListT(q) && q instanceof Cons && isCall(q.h) && atomIs(q.h[0], "->") && q.h[2] instanceof Cons) {
    return normArgs(q, state);
  }
  return normLiteral(q, NIL, state);
}

function normTriple(q: [Term, Term, Term], state: State): Term {
  const [form, meta, args] = q;
  const argList = isListT(args) ? items(args) : null;

  if (atomIs(form, "__block__") && argList !== null && argList.length === 1) {
    const lit = argList[0];
    if (!Array.isArray(lit) || lit.length === 2) return normLiteral(lit, meta, state);
  }
  if (atomIs(form, "__aliases__") && argList !== null) {
    if (argList.length > 0 && !isAtomT(argList[0])) {
      const m = patchLine(meta, state.parentLine);
      const first = norm(argList[0], withLine(state, m));
      return [form, m, list([first, ...argList.slice(1)])];
    }
    return q;
  }
  if (atomIs(form, "&") && argList !== null && argList.length === 1 && typeof argList[0] === "number") {
    return [form, patchLine(meta, state.parentLine), args];
  }
  if (atomIs(form, "<<>>") && argList !== null) return normBitstring(q, state, false);

  // :"interpolated #{atom}"
  if (isCall(form) && atomIs(form[0], ".") && argList !== null && argList.length === 2) {
    const dotArgs = items(form[2]);
    if (dotArgs.length === 2 && atomIs(dotArgs[0], "erlang") && atomIs(dotArgs[1], "binary_to_atom") && atomIs(argList[1], "utf8") &&
      isCall(argList[0]) && atomIs(argList[0][0], "<<>>") && isListT(argList[0][2])) {
      const dotMeta = patchLine(form[1], state.parentLine);
      const callMeta = patchLine(meta, kwGet(dotMeta, "line") ?? null);
      const str = normBitstring(argList[0] as [Term, Term, Term], state, state.escape);
      return [[form[0], dotMeta, form[2]], callMeta, list([str, a("utf8")])];
    }
  }
  // 'charlist #{interpolation}'
  if (isCall(form) && atomIs(form[0], ".") && argList !== null && argList.length === 1) {
    const dotArgs = items(form[2]);
    if (dotArgs.length === 2 && atomIs(dotArgs[0], "Elixir.List") && atomIs(dotArgs[1], "to_charlist") && isListT(argList[0])) {
      const parts = items(argList[0]).map((part) => {
        if (isCall(part) && isCall(part[0]) && atomIs(part[0][0], ".")) {
          const d = items(part[0][2]);
          if (d.length === 2 && atomIs(d[0], "Elixir.Kernel") && atomIs(d[1], "to_string") && isListT(part[2])) {
            return [part[0], part[1], normArgs(part[2], state)];
          }
        }
        return state.escape ? escapeLiteral(part) : part;
      });
      return [form, meta, list([list(parts)])];
    }
  }
  if (atomIs(form, ".") && argList !== null && argList.length === 2) {
    const m = patchLine(meta, state.parentLine);
    if (atomIs(argList[0], "Elixir.Access") && atomIs(argList[1], "get")) return [form, m, args];
    return [form, m, list([norm(argList[0], withLine(state, m)), argList[1]])];
  }
  if (atomIs(form, "->") && argList !== null && argList.length === 2) {
    const m = patchLine(meta, state.parentLine);
    const s = withLine(state, m);
    const left = isListT(argList[0]) ? normArgs(argList[0], s) : norm(argList[0], s);
    return [form, m, list([left, norm(argList[1], s)])];
  }
  if (atomIs(form, "%{}") && argList !== null) {
    let m = meta;
    if (meta === NIL) {
      const line = state.parentLine;
      m = list([[a("line"), line], [a("closing"), list([[a("line"), line]])]]);
    }
    const s = withLine(state, m);
    let out: Term[];
    if (argList.length === 1 && isCall(argList[0]) && atomIs(argList[0][0], "|") && items(argList[0][2]).length === 2) {
      const [pl, pr] = items(argList[0][2]);
      out = [[argList[0][0], argList[0][1], list([norm(pl, s), normMapArgs(pr, s)])]];
    } else if (argList.length === 1 && isCall(argList[0])) {
      out = [norm(argList[0], s)];
    } else {
      out = items(normMapArgs(args, s));
    }
    return [form, m, list(out)];
  }
  // Sigils: ~r/.../i
  if (form instanceof Atom && argList !== null && argList.length === 2 && isCall(argList[0]) && atomIs(argList[0][0], "<<>>") &&
    isListT(argList[0][2]) && form.name.startsWith("sigil_") && utf8Len(form.name) === 7) {
    let m = patchLine(meta, state.parentLine);
    m = kwPutNew(m, "delimiter", '"');
    return [form, m, list([norm(argList[0], withLine(state, m)), argList[1]])];
  }
  if (atomIs(form, "{}") && argList !== null) {
    const last = argList[argList.length - 1];
    const rest = argList.slice(0, -1);
    if (rest.length > 0 && last instanceof Cons && isKeywordList(last)) {
      return [form, meta, list([...items(normArgs(list(rest), state)), ...items(normKwArgs(last, state, true))])];
    }
    return normCall(q, state);
  }
  if (atomIs(form, "@") && argList !== null && argList.length === 1 && isCall(argList[0]) && isListT(argList[0][2]) && items(argList[0][2]).length === 1) {
    const [name, nameMeta, inner] = argList[0];
    const value = items(inner)[0];
    let v: Term;
    if (isKeywordList(value) && value !== NIL) v = normKwArgs(value, state, true);
    else if (isListT(value)) v = normLiteral(value, meta, state);
    else v = norm(value, state);
    return [form, meta, list([[name, nameMeta, list([v])]])];
  }
  if (atomIs(form, "__block__") && argList !== null) return [form, meta, normArgs(args, state)];
  if (argList !== null) return normCall(q, state);
  if (isAtomT(args)) return q;
  return normLiteral(q, NIL, state);
}

function utf8Len(s: string): number {
  return Buffer.byteLength(s, "utf8");
}

function escapeLiteral(t: Term): Term {
  if (typeof t === "string") return escapeString(t, "", Infinity).escaped;
  if (t instanceof Bin && t.bits === 0) return escapeString(t.bytes, "", Infinity).escaped;
  if (t instanceof Atom) return a(escapeString(t.name, "", Infinity).escaped);
  return t;
}

function normLiteral(lit: Term, meta: Term, state: State): Term {
  if (typeof lit === "number" || typeof lit === "bigint" || lit instanceof Float) {
    const m = patchLine(kwPutNew(meta, "token", numberText(lit)), state.parentLine);
    return [a("__block__"), m, list([lit])];
  }
  if (isAtomT(lit) || typeof lit === "string" || (lit instanceof Bin && lit.bits === 0)) {
    const m = patchLine(meta, state.parentLine);
    const value = state.escape ? escapeLiteral(lit) : lit;
    if (value instanceof Atom && classifyAtom(value.name) === "alias" && kwGet(m, "delimiter") === undefined) {
      const segments = value.name === "Elixir" ? [a("Elixir")] : value.name.slice(7).split(".").map((s) => a(s));
      return [a("__aliases__"), m, list(segments)];
    }
    return [a("__block__"), m, list([value])];
  }
  if (Array.isArray(lit) && lit.length === 2) {
    const m = patchLine(meta, state.parentLine);
    const s = withLine(state, m);
    const [l, r] = lit;
    const right = r instanceof Cons && isKeywordList(r) ? normKwArgs(r, s, true) : norm(r, s);
    return [a("__block__"), m, list([[norm(l, s), right]])];
  }
  if (isListT(lit)) {
    if (lit !== NIL && properList(lit) && asciiPrintable(lit)) {
      let chars = lit;
      if (state.escape) {
        const text = String.fromCharCode(...items(lit).map((c) => c as number));
        chars = list([...escapeString(text, "", Infinity).escaped].map((c) => c.charCodeAt(0)));
      }
      const m = patchLine(kwPutNew(meta, "delimiter", "'"), state.parentLine);
      return [a("__block__"), m, list([chars])];
    }
    let m = meta;
    if (typeof state.parentLine === "number") {
      m = patchLine(kwPutNew(meta, "closing", list([[a("line"), state.parentLine]])), state.parentLine);
    }
    return [a("__block__"), m, list([normKwArgs(lit, state, false)])];
  }
  return [a("__block__"), meta, list([lit])];
}

function properList(l: Term): boolean {
  for (; l instanceof Cons; l = l.t);
  return l === NIL;
}

function asciiPrintable(l: Term): boolean {
  for (; l instanceof Cons; l = l.t) {
    const c = l.h;
    if (typeof c !== "number" || !((c >= 7 && c <= 13) || c === 27 || (c >= 32 && c <= 126))) return false;
  }
  return l === NIL;
}

/** inspect/1 of a number: the :token a literal carries. */
function numberText(n: Term): string {
  if (n instanceof Float) return formatFloat(n.v);
  return String(n);
}


function normCall(q: [Term, Term, Term], state: State): Term {
  const [form0, meta0, args0] = q;
  if (!properList(args0)) throw badArgs([[1, "not a list"]]);
  let meta = patchLine(meta0, state.parentLine);
  const args = items(args0);
  const arity = args.length;
  const form = form0 instanceof Atom || isAtomT(form0) ? form0 : norm(form0, withLine(state, meta));

  if (kwGet(meta, "no_parens") === undefined && kwGet(meta, "closing") === undefined && kwGet(meta, "do") === undefined &&
    !(form instanceof Atom && isLocalWithoutParens(form.name, arity, state.locals))) {
    meta = kwPrepend(meta, "closing", list([[a("line"), kwGet(meta, "line") ?? null]]));
  }
  const last = args[arity - 1];
  if (kwHas(meta, "do") || isBlockKeywords(last, true)) return normKwBlocks(form, meta, args, state);
  if (isBlockKeywords(last, false)) {
    const line = state.parentLine;
    meta = kwAppend(meta, [["do", list([[a("line"), line]])], ["end", list([[a("line"), line]])]]);
    return normKwBlocks(form, meta, args, state);
  }
  const normalized = items(normArgs(args0, state));
  if (allowKeyword(form, arity)) {
    if (normalized.length === 0) return [form, meta, NIL];
    const lastArg = normalized[normalized.length - 1];
    const leading = normalized.slice(0, -1);
    let tail: Term[] = [lastArg];
    if (isCall(lastArg) && atomIs(lastArg[0], "__block__")) {
      const inner = items(lastArg[2]);
      if (inner.length === 1 && inner[0] instanceof Cons) {
        const first = inner[0].h;
        if (Array.isArray(first) && first.length === 2 && isCall(first[0]) && atomIs(first[0][0], "__block__") &&
          kwGet(first[0][1], "format") === a("keyword")) tail = [inner[0]];
      }
    }
    return [form, meta, list([...leading, ...tail])];
  }
  return [form, meta, list(normalized)];
}

/** `[do: ...]` (raw) or `[{{:__block__, _, [:do]}, _} | _]` (wrapped) as a call's last argument. */
function isBlockKeywords(t: Term, wrapped: boolean): boolean {
  if (!(t instanceof Cons)) return false;
  const first = t.h;
  if (!Array.isArray(first) || first.length !== 2) return false;
  if (wrapped) return isCall(first[0]) && atomIs(first[0][0], "__block__") && items(first[0][2]).length === 1 && atomIs(items(first[0][2])[0], "do");
  return atomIs(first[0], "do");
}

function allowKeyword(form: Term, arity: number): boolean {
  if (atomIs(form, "when") && arity === 2) return true;
  if (atomIs(form, "{}")) return false;
  return !(form instanceof Atom && isOperatorCall(form.name, arity));
}

function normBitstring(q: [Term, Term, Term], state: State, escapeInterpolation: boolean): Term {
  const [form, meta0, parts0] = q;
  const meta = patchLine(meta0, state.parentLine);
  const s = withLine(state, meta);
  const parts = items(parts0);
  let out: Term[];
  if (isInterpolated(parts)) {
    out = parts.map((part) => {
      if (isInterpolationPart(part)) {
        const [, imeta, iargs] = part;
        const [call, binary] = items(iargs);
        const [dot, middleMeta, middleArgs] = call;
        const middle = norm(items(middleArgs)[0], { ...state, parentLine: kwGet(dot[1], "line") ?? null });
        return [a("::"), imeta, list([[dot, middleMeta, list([middle])], binary])];
      }
      return escapeInterpolation ? escapeLiteral(part) : part;
    });
  } else {
    out = parts.map((part) => {
      if (isCall(part) && atomIs(part[0], "::") && kwGet(part[1], "inferred_bitstring_spec") === true) {
        return norm(items(part[2])[0], s);
      }
      return norm(part, s);
    });
  }
  return [form, meta, list(out)];
}

/** `{:"::", _, [{{:., _, [Kernel, :to_string]}, _, [x]}, {:binary, _, _}]}`: an interpolation. */
export function isInterpolationPart(part: Term): boolean {
  if (!isCall(part) || !atomIs(part[0], "::")) return false;
  const args = items(part[2]);
  if (args.length !== 2) return false;
  const [call, bin] = args;
  return isKernelToString(call) && isCall(bin) && atomIs(bin[0], "binary");
}

export function isKernelToString(call: Term): boolean {
  if (!isCall(call) || !isCall(call[0]) || !atomIs(call[0][0], ".")) return false;
  const d = items(call[0][2]);
  return d.length === 2 && atomIs(d[0], "Elixir.Kernel") && atomIs(d[1], "to_string") && isListT(call[2]) && items(call[2]).length === 1;
}

export function isInterpolated(parts: Term[]): boolean {
  return parts.length > 0 && parts.every((p) => typeof p === "string" || (p instanceof Bin && p.bits === 0) || isInterpolationPart(p));
}

function normMapArgs(args: Term, state: State): Term {
  return list(items(normKwArgs(args, state, false)).map((pair) => {
    if (isCall(pair) && atomIs(pair[0], "__block__")) {
      const inner = items(pair[2]);
      if (inner.length === 1 && Array.isArray(inner[0]) && inner[0].length === 2) return inner[0];
    }
    return pair;
  }));
}

function normKwBlocks(form: Term, meta: Term, args: Term[], state: State): Term {
  const blocks = args[args.length - 1];
  const leading = args.slice(0, -1);
  const s = withLine(state, meta);
  const kw = items(blocks).map((pair) => {
    const [tag, value] = pair as Term[];
    let block = norm(value, s);
    if (isCall(block)) {
      const inner = isListT(block[2]) ? items(block[2]) : [];
      if (inner.length === 1 && inner[0] instanceof Cons && isCall(inner[0].h) && atomIs(inner[0].h[0], "->")) block = inner[0];
    }
    const t = isCall(tag) && atomIs(tag[0], "__block__") ? tag : [a("__block__"), list([[a("line"), kwGet(meta, "line") ?? null]]), list([tag])];
    return [t, block];
  });
  return [form, meta, list([...items(normArgs(list(leading), s)), list(kw)])];
}

function normKwArgs(elems: Term, state: State, keyword0: boolean): Term {
  const out: Term[] = [];
  let keyword = keyword0;
  let l = elems;
  for (; l instanceof Cons; l = l.t) {
    const first = l.h;
    if (Array.isArray(first) && first.length === 2) {
      const [left, right] = first;
      if (isCall(left) && atomIs(left[0], "__block__") && items(left[2]).length === 1 && isAtomT(items(left[2])[0])) {
        keyword = keyword || isKeywordList(l);
        if (kwGet(left[1], "format") === a("keyword") && !keyword) {
          const keyMeta = kwDelete(left[1], "format");
          const line = kwGet(keyMeta, "line") ?? state.parentLine;
          out.push([a("__block__"), typeof line === "number" ? list([[a("line"), line]]) : NIL, list([[[left[0], keyMeta, left[2]], right]])]);
        } else out.push(first);
        continue;
      }
      keyword = keyword || isKeywordList(l);
      let leftN: Term;
      if (keyword) {
        const m = list([[a("format"), a("keyword")], ...items(lineMeta(state))]);
        leftN = [a("__block__"), m, list([state.escape ? escapeLiteral(left) : left])];
      } else leftN = norm(left, state);
      const rightN = norm(right, state);
      if (isCall(leftN) && atomIs(leftN[0], "__block__") && kwGet(leftN[1], "format") === a("keyword")) out.push([leftN, rightN]);
      else out.push([a("__block__"), lineMeta(state), list([[leftN, rightN]])]);
      continue;
    }
    out.push(norm(first, state));
  }
  if (l !== NIL) throw fce("Elixir.Code.Normalizer", "normalize_kw_args", [l, MapTerm.fromPairs([]), keyword]);
  return list(out);
}

function normArgs(args: Term, state: State): Term {
  return list(items(args).map((x) => norm(x, state)));
}

/** Keyword?/1 as the normalizer decides it: atom keys (not module names), or keys marked :keyword. */
function isKeywordList(l: Term): boolean {
  for (; l instanceof Cons; l = l.t) {
    const p = l.h;
    if (!Array.isArray(p) || p.length !== 2) return false;
    const k = p[0];
    if (isCall(k) && atomIs(k[0], "__block__") && items(k[2]).length === 1 && isAtomT(items(k[2])[0])) {
      if (kwGet(k[1], "format") !== a("keyword")) return false;
      continue;
    }
    if (!isAtomT(k)) return false;
    if (k instanceof Atom && k.name.startsWith("Elixir.")) return false;
  }
  return l === NIL;
}
