// Inspect.Algebra: Elixir's document model and its Wadler/Lindig ("Strictly Pretty")
// renderer, following Elixir 1.14 so that line-breaking decisions match iex exactly.
//
// Documents are plain strings (measured in UTF-8 bytes, like Elixir binaries), DOC_NIL,
// DOC_LINE, or node objects. The renderer works on persistent linked stacks so that the
// `fits` look-ahead of flex breaks can share the pending rest of the document.
// Elixir code sees documents as Elixir 1.14's terms ({:doc_cons, left, right}, ...):
// docToTerm and docFromTerm convert between the two.
import { raise } from "./errors.js";
import { graphemeLength } from "./graphemes.js";
import { inspectAtom } from "./inspect.js";
import { Atom, Bin, Cons, NIL, Term, a, atomName, binBytes, utf8Length } from "./term.js";

export const DOC_NIL = Symbol("doc_nil");
export const DOC_LINE = Symbol("doc_line");

export type Doc =
  | string
  | typeof DOC_NIL
  | typeof DOC_LINE
  | DocCons
  | DocNest
  | DocBreak
  | DocGroup
  | DocStr
  | DocLimit
  | DocForce
  | DocFits
  | DocCollapse
  | DocColor;

export interface DocCons { k: "cons"; l: Doc; r: Doc }
export interface DocNest { k: "nest"; d: Doc; indent: number | "cursor" | "reset"; always: boolean }
export interface DocBreak { k: "break"; s: string; flex: boolean }
export interface DocGroup { k: "group"; d: Doc; inherit: boolean }
/** A string measured in graphemes instead of bytes (Inspect.Algebra.string/1). */
export interface DocStr { k: "str"; s: string; len: number }
export interface DocLimit { k: "limit"; d: Doc; w: number }
export interface DocForce { k: "force"; d: Doc }
export interface DocFits { k: "fits"; d: Doc; enabled: boolean }
/** Collapses the new lines and spaces that follow into at most `max` new lines. */
export interface DocCollapse { k: "collapse"; max: number }
/** Emits the ANSI escape of `color` (IO.ANSI data) before `d`; takes no width. */
export interface DocColor { k: "color"; d: Doc; color: Term }

// ---------------------------------------------------------------------------
// Builders

export const empty = (): Doc => DOC_NIL;
export const line = (): Doc => DOC_LINE;

export function concat(a: Doc | Doc[], b?: Doc): Doc {
  if (Array.isArray(a)) return foldDoc(a, (x, y) => ({ k: "cons", l: x, r: y }));
  return { k: "cons", l: a, r: b as Doc };
}

export function nest(d: Doc, indent: number | "cursor" | "reset", mode: "always" | "break" = "always"): Doc {
  if (indent === 0) return d;
  return { k: "nest", d, indent, always: mode === "always" };
}

export const breakDoc = (s = " "): Doc => ({ k: "break", s, flex: false });
export const flexBreak = (s = " "): Doc => ({ k: "break", s, flex: true });
export const glue = (a: Doc, s: string, b: Doc): Doc => concat(a, concat(breakDoc(s), b));
export const flexGlue = (a: Doc, s: string, b: Doc): Doc => concat(a, concat(flexBreak(s), b));
export const group = (d: Doc, mode: "self" | "inherit" = "self"): Doc => ({ k: "group", d, inherit: mode === "inherit" });
export const space = (a: Doc, b: Doc): Doc => concat(a, concat(" ", b));
export const lineJoin = (a: Doc, b: Doc): Doc => concat(a, concat(DOC_LINE, b));
export const forceUnfit = (d: Doc): Doc => ({ k: "force", d });
export const nextBreakFits = (d: Doc, mode: "enabled" | "disabled" = "enabled"): Doc =>
  ({ k: "fits", d, enabled: mode === "enabled" });
export const noLimit = (d: Doc): Doc => ({ k: "limit", d, w: Infinity });

/** A document measured by grapheme count (Inspect.Algebra.string/1). */
export function string(s: string): Doc {
  return { k: "str", s, len: graphemeLength(s) };
}

/** Folds docs from the right: fold([a, b, c], f) = f(a, f(b, c)). Iterative. */
export function foldDoc(docs: Doc[], f: (d: Doc, acc: Doc) => Doc): Doc {
  if (docs.length === 0) return DOC_NIL;
  let acc = docs[docs.length - 1];
  for (let i = docs.length - 2; i >= 0; i--) acc = f(docs[i], acc);
  return acc;
}

/** UTF-8 byte length of a JS string (how Elixir measures binary documents). */
export function byteLength(s: string): number {
  return utf8Length(s, s.length);
}

// ---------------------------------------------------------------------------
// container_doc

export interface ContainerOpts {
  /** Number of items to show; Infinity for :infinity. */
  limit: number;
  /**
   * Renders one item through `render`, told the line of Inspect.Algebra's container_each/6
   * that calls the item's function in Elixir 1.14 (what a warning raised inside shows).
   */
  around?: (line: number, render: () => Doc) => Doc;
}

/**
 * Wraps `items` between `left` and `right` (Inspect.Algebra.container_doc/6).
 * `fun` renders one item with the decremented limit. `tail` handles improper lists:
 * it is called with the last [head | tail] pair's tail when `improperTail` is given.
 */
export function containerDoc<O extends ContainerOpts, T>(
  left: Doc,
  items: T[],
  right: Doc,
  opts: O,
  fun: (item: T, opts: O) => Doc,
  cfg: { separator?: Doc; breakMode?: "strict" | "flex" | "maybe"; improperTail?: { value: T } } = {},
): Doc {
  if (items.length === 0 && cfg.improperTail === undefined) return concat(left, right);
  const breakMode = cfg.breakMode ?? "maybe";
  const sep = cfg.separator ?? ",";
  const { docs, simple } = containerEach(items, opts, fun, breakMode === "maybe", cfg.improperTail);
  const flex = simple || breakMode === "flex";
  const joined = foldDoc(docs, (a, b) => join(a, b, flex, sep));
  if (flex) return group(concat(concat(left, nest(joined, 1)), right));
  return group(glue(nest(glue(left, "", joined), 2), "", right));
}

/** The lines of container_each/6's calls of the item function (lib/inspect/algebra.ex, 1.14). */
const EACH_LINE = 472;
const IMPROPER_LEFT_LINE = 479;

function containerEach<O extends ContainerOpts, T>(
  items: T[],
  opts: O,
  fun: (item: T, opts: O) => Doc,
  simple: boolean,
  improperTail: { value: T } | undefined,
): { docs: Doc[]; simple: boolean } {
  const docs: Doc[] = [];
  let limit = opts.limit;
  const last = improperTail === undefined ? items.length : items.length - 1;
  for (let i = 0; i < last; i++) {
    if (limit === 0) {
      docs.push("...");
      return { docs, simple };
    }
    const newLimit = limit - 1;
    const sub = { ...opts, limit: newLimit };
    const doc = opts.around === undefined ? fun(items[i], sub) : opts.around(EACH_LINE, () => fun(items[i], sub));
    if (doc !== DOC_NIL) limit = newLimit;
    docs.push(doc);
    simple = simple && isSimple(doc);
  }
  if (improperTail !== undefined) {
    if (limit === 0) {
      docs.push("...");
      return { docs, simple };
    }
    const sub = { ...opts, limit: limit - 1 };
    const around = opts.around ?? ((_line: number, render: () => Doc) => render());
    const l = around(IMPROPER_LEFT_LINE, () => fun(items[items.length - 1], sub));
    const r = around(IMPROPER_LEFT_LINE + 1, () => fun(improperTail.value, sub));
    simple = simple && isSimple(l) && isSimple(r);
    docs.push(join(l, r, simple, " |"));
  }
  return { docs, simple };
}

function join(a: Doc, b: Doc, flex: boolean, sep: Doc): Doc {
  if (b === DOC_NIL) return a;
  if (a === DOC_NIL) return b;
  return flex ? flexGlue(concat(a, sep), " ", b) : glue(concat(a, sep), " ", b);
}

function isSimple(d: Doc): boolean {
  if (typeof d === "string" || d === DOC_NIL) return true;
  if (typeof d === "symbol") return false;
  if (d.k === "cons") return isSimple(d.l) && isSimple(d.r);
  if (d.k === "color") return isSimple(d.d);
  return d.k === "str";
}

// ---------------------------------------------------------------------------
// Rendering

type Mode = 0 | 1 | 2 | 3; // flat, break, flat_no_break, break_no_flat
const FLAT = 0;
const BREAK = 1;
const FLAT_NO_BREAK = 2;
const BREAK_NO_FLAT = 3;

interface Entry { i: number; m: Mode; d: Doc; next: Stack; tail?: undefined }
interface Tail { tail: true; b: boolean; next: Stack }
type Stack = Entry | Tail | null;

const push = (i: number, m: Mode, d: Doc, next: Stack): Entry => ({ i, m, d, next });

function applyNesting(i: number, k: number, j: number | "cursor" | "reset"): number {
  if (j === "cursor") return k;
  if (j === "reset") return 0;
  return i + j;
}

/** Does the document fit in `w` columns from column `k`? (Elixir's fits?/4) */
function fits(w: number, k: number, b: boolean, s: Stack): boolean {
  for (;;) {
    if (k > w && b) return false;
    if (s === null) return true;
    if (s.tail) {
      b = s.b;
      s = s.next;
      continue;
    }
    const { i, m, d } = s;
    s = s.next;
    if (d === DOC_NIL) continue;
    if (d === DOC_LINE) {
      if (m === BREAK || m === BREAK_NO_FLAT) return true;
      k = i;
      b = false;
      continue;
    }
    if (typeof d === "string") {
      k += byteLength(d);
      continue;
    }
    switch (d.k) {
      case "fits":
        if (!d.enabled || m === FLAT_NO_BREAK) s = push(i, FLAT_NO_BREAK, d.d, s);
        else s = push(i, BREAK_NO_FLAT, d.d, s);
        break;
      case "force":
        if (m !== BREAK_NO_FLAT) return false;
        s = push(i, m, d.d, s);
        break;
      case "break":
        if (m === BREAK || m === BREAK_NO_FLAT) return true;
        k += byteLength(d.s);
        b = true;
        break;
      case "group":
        s = push(i, m === BREAK ? FLAT : m, d.d, { tail: true, b, next: s });
        break;
      case "str":
        k += d.len;
        break;
      case "nest":
        s = push(d.always ? applyNesting(i, k, d.indent) : i, m, d.d, s);
        break;
      case "collapse":
        k = i;
        break;
      case "color":
        s = push(i, m, d.d, s);
        break;
      case "cons":
        s = push(i, m, d.l, push(i, m, d.r, s));
        break;
      case "limit":
        if (d.w === Infinity && w !== Infinity) {
          s = push(i, FLAT, d.d, push(i, m, { k: "limit", d: DOC_NIL, w }, s));
          w = Infinity;
        } else {
          w = d.w;
          s = push(i, m, d.d, s);
        }
        break;
    }
  }
}

const indent = (i: number): string => "\n" + " ".repeat(i);

/** Renders a document to a string for the given width (Infinity for :infinity). */
export function format(doc: Doc, width: number): string {
  return formatParts(doc, width).join("");
}

/** Inspect.Algebra.format/2: the rendered document as the same pieces (iodata) Elixir gives. */
export function formatParts(doc: Doc, width: number): string[] {
  const out: string[] = [];
  render(width, 0, push(0, FLAT, doc, null), out);
  return out;
}

function render(width: number, column: number, stack: Stack, out: string[]): void {
  let w = width;
  let k = column;
  let s = stack;
  while (s !== null) {
    const e = s as Entry;
    const { i, m, d } = e;
    s = e.next;
    if (d === DOC_NIL) continue;
    if (d === DOC_LINE) {
      out.push(indent(i));
      k = i;
      continue;
    }
    if (typeof d === "string") {
      out.push(d);
      k += byteLength(d);
      continue;
    }
    switch (d.k) {
      case "cons":
        s = push(i, m, d.l, push(i, m, d.r, s));
        break;
      case "str":
        out.push(d.s);
        k += d.len;
        break;
      case "force":
      case "fits":
        s = push(i, m, d.d, s);
        break;
      case "color":
        out.push(ansi(d.color));
        s = push(i, m, d.d, s);
        break;
      case "collapse": {
        // The rest is rendered first; the new lines and blanks it starts with collapse.
        const rest: string[] = [];
        render(w, i, s, rest);
        let count = 0;
        let j = 0;
        for (; j < rest.length; j++) {
          if (rest[j].startsWith("\n")) count++;
          else if (rest[j] !== "") break;
        }
        out.push("\n".repeat(Math.min(d.max, count)) + " ".repeat(i), ...rest.slice(j));
        return;
      }
      case "break": {
        const k2 = k + byteLength(d.s);
        const flat = d.flex ? w === Infinity || m === FLAT || fits(w, k2, true, s) : m !== BREAK;
        if (flat) {
          out.push(d.s);
          k = k2;
        } else {
          out.push(indent(i));
          k = i;
        }
        break;
      }
      case "nest":
        s = push(d.always || m === BREAK ? applyNesting(i, k, d.indent) : i, m, d.d, s);
        break;
      case "group":
        if (m === BREAK && d.inherit) s = push(i, BREAK, d.d, s);
        else if (w === Infinity || fits(w, k, false, push(i, FLAT, d.d, null))) s = push(i, FLAT, d.d, s);
        else s = push(i, BREAK, d.d, s);
        break;
      case "limit":
        if (d.w === Infinity && w !== Infinity) {
          s = push(i, FLAT, d.d, push(i, m, { k: "limit", d: DOC_NIL, w }, s));
          w = Infinity;
        } else {
          w = d.w;
          s = push(i, m, d.d, s);
        }
        break;
    }
  }
}

// IO.ANSI.format_fragment/2 with emit? = true for the colors documents carry.
const ANSI_CODES: Record<string, number> = {
  reset: 0, bright: 1, faint: 2, italic: 3, underline: 4, blink_slow: 5, blink_rapid: 6, inverse: 7,
  reverse: 7, conceal: 8, crossed_out: 9, primary_font: 10, normal: 22, not_italic: 23, no_underline: 24,
  blink_off: 25, inverse_off: 27, reverse_off: 27, default_color: 39, default_background: 49, framed: 51,
  encircled: 52, overlined: 53, not_framed_encircled: 54, not_overlined: 55,
};
for (let n = 1; n <= 9; n++) ANSI_CODES["font_" + n] = 10 + n;
const ANSI_OTHER: Record<string, string> = { home: "\x1b[H", clear: "\x1b[2J", clear_line: "\x1b[2K" };
const ANSI_COLORS = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"];
ANSI_COLORS.forEach((c, n) => {
  ANSI_CODES[c] = 30 + n;
  ANSI_CODES[c + "_background"] = 40 + n;
  ANSI_CODES["light_" + c] = 90 + n;
  ANSI_CODES["light_" + c + "_background"] = 100 + n;
});

/**
 * The text of IO.ANSI data (IO.ANSI.format_fragment/2 with emit? true): an atom naming a
 * sequence (:red, :font_1, :clear, ...), a binary, a byte, or a (possibly improper) list of
 * them. An unknown atom fails as IO.ANSI does ("invalid ANSI sequence specification"), and
 * anything else as the iodata it becomes does when the rendered document is joined.
 */
export function ansi(color: Term): string {
  return ansiPart(color);
}

function ansiPart(color: Term): string {
  if (typeof color === "string") return color;
  if (color instanceof Bin) return new TextDecoder("utf-8", { ignoreBOM: true }).decode(binBytes(color));
  if (color === null || typeof color === "boolean" || color instanceof Atom) {
    const name = atomName(color);
    const n = ANSI_CODES[name];
    if (n !== undefined) return `\x1b[${n}m`;
    const other = ANSI_OTHER[name];
    if (other !== undefined) return other;
    throw raise("ArgumentError", { message: "invalid ANSI sequence specification: " + inspectAtom("literal", color) });
  }
  if (typeof color === "number" && color >= 0 && color <= 255) return String.fromCharCode(color);
  if (color === NIL) return "";
  if (!(color instanceof Cons)) throw raise("ArgumentError", { message: "errors were found at the given arguments:\n\n  * 1st argument: not an iodata term\n" });
  let out = "";
  let l: Term = color;
  for (; l instanceof Cons; l = l.t) out += ansiPart(l.h);
  return l === NIL ? out : out + ansiPart(l);
}

// ---------------------------------------------------------------------------
// Elixir-side documents

const DOC_TAGS = new Set(["doc_cons", "doc_nest", "doc_break", "doc_group", "doc_string", "doc_limit", "doc_force", "doc_fits", "doc_collapse", "doc_color"]);

/** Inspect.Algebra's is_doc/1 guard: a binary, :doc_nil, :doc_line or a document record. */
export function isDocTerm(t: Term): boolean {
  if (typeof t === "string" || (t instanceof Bin && t.bits === 0)) return true;
  if (t instanceof Atom) return t.name === "doc_nil" || t.name === "doc_line";
  return Array.isArray(t) && t.length > 0 && t[0] instanceof Atom && DOC_TAGS.has(t[0].name);
}

const binText = (t: Term): string => (typeof t === "string" ? t : new TextDecoder("utf-8", { ignoreBOM: true }).decode(binBytes(t)));
const modeName = (x: Term): string => (x instanceof Atom || x === null || x === true || x === false ? atomName(x) : "");

/**
 * Converts an Inspect.Algebra document built by Elixir code ({:doc_cons, l, r},
 * {:doc_group, d, :self}, binaries, :doc_nil, ...) into a Doc; unknown shapes become
 * DOC_NIL. Iterative: documents nest as deep as the collections they show.
 */
export function docFromTerm(t: Term): Doc {
  // Post-order over an explicit stack: each node's children are converted first.
  const out: Doc[] = [];
  const todo: { t: Term; done: boolean }[] = [{ t, done: false }];
  while (todo.length > 0) {
    const top = todo.pop()!;
    const x = top.t;
    const kids = docChildren(x);
    if (!top.done && kids.length > 0) {
      todo.push({ t: x, done: true });
      for (let i = kids.length - 1; i >= 0; i--) todo.push({ t: kids[i], done: false });
      continue;
    }
    const args = kids.length > 0 ? out.splice(out.length - kids.length, kids.length) : [];
    out.push(docNode(x, args));
  }
  return out[0];
}

function docChildren(t: Term): Term[] {
  if (!Array.isArray(t) || !(t[0] instanceof Atom)) return [];
  switch (t[0].name) {
    case "doc_cons": return [t[1], t[2]];
    case "doc_nest": case "doc_group": case "doc_limit": case "doc_force": case "doc_fits": case "doc_color": return [t[1]];
  }
  return [];
}

function docNode(t: Term, kids: Doc[]): Doc {
  if (typeof t === "string") return t;
  if (t instanceof Bin) return binText(t);
  if (t instanceof Atom) return t.name === "doc_line" ? DOC_LINE : DOC_NIL;
  if (!Array.isArray(t) || !(t[0] instanceof Atom)) return DOC_NIL;
  switch (t[0].name) {
    case "doc_cons": return { k: "cons", l: kids[0], r: kids[1] };
    case "doc_nest": {
      const ind = typeof t[2] === "number" ? t[2] : (modeName(t[2]) as "cursor" | "reset");
      return { k: "nest", d: kids[0], indent: ind, always: modeName(t[3]) !== "break" };
    }
    case "doc_break": return { k: "break", s: binText(t[1]), flex: modeName(t[2]) === "flex" };
    case "doc_group": return { k: "group", d: kids[0], inherit: modeName(t[2]) === "inherit" };
    case "doc_string": return { k: "str", s: binText(t[1]), len: Number(t[2]) };
    case "doc_limit": return { k: "limit", d: kids[0], w: typeof t[2] === "number" ? t[2] : Infinity };
    case "doc_force": return { k: "force", d: kids[0] };
    case "doc_fits": return { k: "fits", d: kids[0], enabled: modeName(t[2]) !== "disabled" };
    case "doc_collapse": return { k: "collapse", max: Number(t[1]) };
    case "doc_color": return { k: "color", d: kids[0], color: t[2] };
  }
  return DOC_NIL;
}

const A = {
  nil: a("doc_nil"), line: a("doc_line"), cons: a("doc_cons"), nest: a("doc_nest"), brk: a("doc_break"),
  group: a("doc_group"), str: a("doc_string"), limit: a("doc_limit"), force: a("doc_force"), fits: a("doc_fits"),
  collapse: a("doc_collapse"), color: a("doc_color"), always: a("always"), break: a("break"), strict: a("strict"),
  flex: a("flex"), self: a("self"), inherit: a("inherit"), infinity: a("infinity"), cursor: a("cursor"),
  reset: a("reset"), enabled: a("enabled"), disabled: a("disabled"),
};

/** The Elixir term of a document (as Inspect.Algebra builds it). Iterative, like docFromTerm. */
export function docToTerm(doc: Doc): Term {
  const out: Term[] = [];
  const todo: { d: Doc; done: boolean }[] = [{ d: doc, done: false }];
  while (todo.length > 0) {
    const top = todo.pop()!;
    const d = top.d;
    const kids = childrenOf(d);
    if (!top.done && kids.length > 0) {
      todo.push({ d, done: true });
      for (let i = kids.length - 1; i >= 0; i--) todo.push({ d: kids[i], done: false });
      continue;
    }
    const args = kids.length > 0 ? out.splice(out.length - kids.length, kids.length) : [];
    out.push(termNode(d, args));
  }
  return out[0];
}

function childrenOf(d: Doc): Doc[] {
  if (typeof d !== "object") return [];
  switch (d.k) {
    case "cons": return [d.l, d.r];
    case "nest": case "group": case "limit": case "force": case "fits": case "color": return [d.d];
  }
  return [];
}

function termNode(d: Doc, kids: Term[]): Term {
  if (typeof d === "string") return d;
  if (d === DOC_NIL) return A.nil;
  if (d === DOC_LINE) return A.line;
  switch (d.k) {
    case "cons": return [A.cons, kids[0], kids[1]];
    case "nest": return [A.nest, kids[0], typeof d.indent === "number" ? d.indent : d.indent === "cursor" ? A.cursor : A.reset, d.always ? A.always : A.break];
    case "break": return [A.brk, d.s, d.flex ? A.flex : A.strict];
    case "group": return [A.group, kids[0], d.inherit ? A.inherit : A.self];
    case "str": return [A.str, d.s, d.len];
    case "limit": return [A.limit, kids[0], d.w === Infinity ? A.infinity : d.w];
    case "force": return [A.force, kids[0]];
    case "fits": return [A.fits, kids[0], d.enabled ? A.enabled : A.disabled];
    case "collapse": return [A.collapse, d.max];
    case "color": return [A.color, kids[0], d.color];
  }
}


