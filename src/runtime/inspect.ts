// Kernel.inspect/2 as Elixir 1.14 implements it: terms become Inspect.Algebra documents
// (./algebra.ts) that are rendered at the requested width. `inspectForShell` is what iex
// prints for an evaluation result (pretty: true, width: 80).
//
// Structs: built-in ones (Range, MapSet, Regex, calendar types, Stream, Date.Range,
// exceptions, URI, Version, ...) are handled here. User structs need their definition
// order, from opts.structFields or else the active runtime's module table; a struct
// whose module is unknown prints as a plain map with its __struct__ key, like Elixir.
import {
  Doc, DOC_NIL, concat, containerDoc, docFromTerm, flexGlue, format, group, isDocTerm, nest,
} from "./algebra.js";
import { tokenizeIdentifier as tokenizeName } from "../lang/string-tokenizer.js";
import { fce } from "./arith.js";
import { activeRuntime } from "./active.js";
import { memoized, request } from "./elixir-callback.js";
import { raise } from "./errors.js";
import type { DerivedInspect } from "./protocols.js";
import { implName } from "./protocols.js";
import { formatFloat } from "./float-format.js";
import { Fun } from "./fun.js";
import { MapTerm, keyOf } from "./map.js";
import { compare, looseEquals, mapKeyCompare } from "./term-order.js";
import { mapListOrder } from "./map-order.js";
import {
  a, Atom, Bin, Cons, Float, NIL, Pid, Port, Ref, Term, atomName, binBytes, isAtom, list, refWords, tuple,
} from "./term.js";

/** Field definition order of a struct module, or null when the module is not a known struct. */
export type StructFieldsResolver = (module: Atom) => string[] | null;

/** Inspect.Opts as accepted by `inspect` (everything optional). */
export interface InspectOptions {
  limit?: number | "infinity";
  printable_limit?: number | "infinity";
  pretty?: boolean;
  width?: number | "infinity";
  charlists?: "infer" | "as_lists" | "as_charlists";
  binaries?: "infer" | "as_binaries" | "as_strings";
  structs?: boolean;
  base?: "decimal" | "hex" | "binary" | "octal";
  custom_options?: Term;
  /** Inspect.Opts' :syntax_colors, a keyword list of color keys and IO.ANSI data. */
  syntax_colors?: Term;
  structFields?: StructFieldsResolver;
}

/** Resolved options (limits as numbers, Infinity for :infinity). */
export interface Opts {
  limit: number;
  printableLimit: number;
  pretty: boolean;
  width: number;
  charlists: "infer" | "as_lists" | "as_charlists";
  binaries: "infer" | "as_binaries" | "as_strings";
  structs: boolean;
  base: "decimal" | "hex" | "binary" | "octal";
  customOptions: Term;
  /** :syntax_colors as given ([] for none): see `color`. */
  colors: Term;
  structFields: StructFieldsResolver | null;
  /** The %Inspect.Opts{} these options came from, when Elixir code gave them. */
  source: MapTerm | null;
  /** The deprecated :char_lists option in effect, and the warnings it gave (charListsWarnings). */
  charListsDeprecated?: CharListsDeprecation;
  around?: (line: number, render: () => Doc) => Doc;
}

/**
 * Elixir 1.14's Inspect.List.inspect/2 reads the deprecated :char_lists option when
 * :charlists is left :infer: it warns (IO.warn/1) for every non-empty list it inspects and
 * treats the list as that option says (:as_char_lists as :as_charlists, anything else but
 * :as_charlists as lists). Each warning is kept with the library entries its stack shows
 * under IO.warn's caller, innermost first, down to the entry point's caller (Kernel.inspect/2,
 * IO.inspect/3), which adds its own: see charListsWarnings.
 */
export interface CharListsDeprecation {
  value: Term;
  /** The library's entries between the term being inspected and the entry point, outermost first. */
  trail: Term[];
  found: CharListsWarning[];
}
export type CharListsWarning = [message: string, entries: Term[]];

const elixirEntry = (mod: string, fun: string, arity: number, file: string, line: number): Term =>
  tuple(a(mod), a(fun), arity, list([tuple(a("file"), list(Array.from(file, (c) => c.codePointAt(0)!))), tuple(a("line"), line)]));
const CONTAINER_DOC = elixirEntry("Elixir.Inspect.Algebra", "container_doc", 6, "lib/inspect/algebra.ex", 449);
const CONTAINER_EACH = new Map<number, Term>();
const LIST_KEYWORD = elixirEntry("Elixir.Inspect.List", "keyword", 2, "lib/inspect.ex", 278);
const MAP_TO_ASSOC = elixirEntry("Elixir.Inspect.Map", "to_assoc", 3, "lib/inspect.ex", 324);
const STRUCT_TO_DOC = elixirEntry("Elixir.Inspect.Algebra", "to_doc", 2, "lib/inspect/algebra.ex", 341);
const LIST_INSPECT = elixirEntry("Elixir.Inspect.List", "inspect", 2, "lib/inspect.ex", 246);
const LIST_INSPECT_AS_CHAR_LISTS = elixirEntry("Elixir.Inspect.List", "inspect", 2, "lib/inspect.ex", 237);
const CHAR_LISTS = "the :char_lists inspect option is deprecated, use :charlists instead";
const AS_CHAR_LISTS = "the :char_lists inspect option and its :as_char_lists value are deprecated, use the :charlists option and its :as_charlists value instead";

/** Renders with `entries` (innermost first) on the trail of the deprecated :char_lists option's warnings. */
function traced(opts: Opts, entries: Term[], render: () => Doc): Doc {
  const dep = opts.charListsDeprecated;
  if (dep === undefined) return render();
  const n = dep.trail.length;
  for (let i = entries.length - 1; i >= 0; i--) dep.trail.push(entries[i]);
  try {
    return render();
  } finally {
    dep.trail.length = n;
  }
}

/**
 * Options that warn about the deprecated :char_lists option into `found` (see
 * CharListsDeprecation), when it is given and :charlists is :infer.
 */
function withCharListsWarnings(opts: Opts, found: CharListsWarning[] | undefined): Opts {
  const value = opts.source?.get(a("char_lists"));
  if (found === undefined || opts.charlists !== "infer" || value === undefined || value === a("infer")) return opts;
  const dep: CharListsDeprecation = { value, trail: [], found };
  const around = (line: number, render: () => Doc): Doc => {
    let each = CONTAINER_EACH.get(line);
    if (each === undefined) CONTAINER_EACH.set(line, (each = elixirEntry("Elixir.Inspect.Algebra", "container_each", 6, "lib/inspect/algebra.ex", line)));
    return traced(opts2, [each, CONTAINER_DOC], render);
  };
  const opts2: Opts = { ...opts, charListsDeprecated: dep, around };
  return opts2;
}

/** How Inspect.List.inspect/2 treats a non-empty list under the deprecated option (warning as it does). */
function deprecatedCharLists(dep: CharListsDeprecation): Opts["charlists"] {
  const asCharLists = dep.value === a("as_char_lists");
  dep.found.push([asCharLists ? AS_CHAR_LISTS : CHAR_LISTS, [asCharLists ? LIST_INSPECT_AS_CHAR_LISTS : LIST_INSPECT, ...[...dep.trail].reverse()]]);
  return asCharLists || dep.value === a("as_charlists") ? "as_charlists" : "as_lists";
}

const lim = (v: number | "infinity" | undefined, d: number): number =>
  v === undefined ? d : v === "infinity" ? Infinity : v;

export function resolveOpts(o: InspectOptions = {}): Opts {
  return {
    limit: lim(o.limit, 50),
    printableLimit: lim(o.printable_limit, 4096),
    pretty: o.pretty ?? false,
    width: lim(o.width, 80),
    charlists: o.charlists ?? "infer",
    binaries: o.binaries ?? "infer",
    structs: o.structs ?? true,
    base: o.base ?? "decimal",
    customOptions: o.custom_options ?? NIL,
    colors: o.syntax_colors ?? NIL,
    structFields: o.structFields ?? null,
    source: globalInspectFunSource(),
  };
}

/** Kernel.inspect/2. */
export function inspect(term: Term, options: InspectOptions = {}): string {
  const opts = resolveOpts(options);
  const width = opts.pretty ? opts.width : Infinity;
  return format(group(toDoc(term, opts)), width);
}

/** What iex prints for an evaluation result. */
export function inspectForShell(term: Term, options: InspectOptions = {}): string {
  return inspect(term, { ...options, pretty: true, width: options.width ?? 80 });
}

/**
 * Kernel.inspect/2 with Elixir's keyword options (Inspect.Opts.new/1: unknown keys are
 * ignored, and every option, :safe or :custom_options included, reaches the Inspect
 * implementations of structs).
 */
export function inspectWith(term: Term, kw: Term, warnings?: CharListsWarning[]): string {
  const opts = withCharListsWarnings(optsFromTerm(optsStruct(kw, true)), warnings);
  return format(group(toDoc(term, opts)), opts.pretty ? opts.width : Infinity);
}

/** IO.inspect/2,3's rendering: always at the options' width, pretty or not. */
export function inspectForIO(term: Term, kw: Term, warnings?: CharListsWarning[]): string {
  const opts = withCharListsWarnings(optsFromTerm(optsStruct(kw, true)), warnings);
  return format(group(toDoc(term, opts)), opts.width);
}

/** %Inspect.Opts{} with `kw` applied (`lax`: unknown keys ignored, as Inspect.Opts.new/1 does). */
export function optsStruct(kw: Term, lax: boolean): MapTerm {
  let m = MapTerm.fromPairs([[STRUCT, OPTS], ...defaultOptsFields().map(([k, v]) => [a(k), v] as [Term, Term])]);
  if (lax) {
    const fun = defaultInspectFun();
    if (fun !== DEFAULT_INSPECT_FUN) m = m.put(a("inspect_fun"), fun);
  }
  for (let l = kw; l instanceof Cons; l = l.t) {
    const p = l.h;
    if (!Array.isArray(p) || p.length !== 2) throw raise("ArgumentError", { message: "expected a keyword list, got: " + inspect(kw) });
    if (!m.has(p[0])) {
      if (lax) continue;
      throw raise("KeyError", { key: p[0], term: m, message: null });
    }
    m = m.put(p[0], p[1]);
  }
  return m;
}

/** Inspect.Opts from an Elixir keyword list (e.g. the second argument of inspect/2). */
export function optionsFromKeyword(kw: Term): InspectOptions {
  const o: Record<string, unknown> = {};
  for (let l = kw; l instanceof Cons; l = l.t) {
    const pair = l.h;
    if (!Array.isArray(pair) || pair.length !== 2 || !(pair[0] instanceof Atom)) continue;
    const key = pair[0].name;
    const v = pair[1];
    if (key === "custom_options") o[key] = v;
    else if (v instanceof Atom) o[key] = v.name;
    else if (typeof v === "number" || typeof v === "boolean") o[key] = v;
  }
  return o as InspectOptions;
}

// ---------------------------------------------------------------------------
// Syntax colors

const RESET = a("reset");

/**
 * Keyword.get/3 as Inspect.Algebra.color/3 calls it on the :syntax_colors option: the
 * is_list/is_atom guard fails with Keyword.get's FunctionClauseError (an improper list
 * too, as beamsh's Keyword.get/3 does); the first tuple with the key is the answer.
 */
export function syntaxColor(colors: Term, key: Term, dflt: Term): Term {
  const args = [colors, key, dflt];
  if (!isAtom(key) || (colors !== NIL && !(colors instanceof Cons))) throw fce("Elixir.Keyword", "get", args);
  let l = colors;
  for (; l instanceof Cons; l = l.t) {
    const p = l.h;
    if (Array.isArray(p) && p.length >= 1 && p[0] === key) {
      if (p.length === 2) return p[1];
      throw raise("CaseClauseError", { term: p });
    }
  }
  if (l !== NIL) throw fce("Elixir.Keyword", "get", args);
  return dflt;
}

/**
 * Inspect.Algebra.color/3: `doc` in the color the options give `key` (an atom, nil or a
 * boolean key as the library's implementations use them), followed by the :reset color;
 * `doc` itself when the key has no color.
 */
export function color(doc: Doc, key: Term, opts: Opts): Doc {
  if (opts.colors === NIL) return doc;
  const pre = syntaxColor(opts.colors, key, null);
  if (pre === null || pre === false) return doc;
  const post = syntaxColor(opts.colors, RESET, RESET);
  return concat({ k: "color", d: doc, color: pre }, { k: "color", d: DOC_NIL, color: post });
}

const K = {
  atom: a("atom"), boolean: a("boolean"), string: a("string"), binary: a("binary"), list: a("list"),
  charlist: a("charlist"), tuple: a("tuple"), map: a("map"), number: a("number"), regex: a("regex"),
} as const;

// ---------------------------------------------------------------------------
// Dispatch

/** Inspect.Algebra.to_doc/2. */
export function toDoc(t: Term, opts: Opts): Doc {
  if (opts.source !== null && customInspectFun(opts.source)) return inspectFunDoc(t, opts);
  if (builtinImplRedefined(t)) return elixirDoc(t, opts);
  return builtinDoc(t, opts);
}

/** The document of a library Inspect implementation for `t` (Inspect.Integer.inspect/2, ...): no :inspect_fun. */
export function implDoc(t: Term, opts: Opts): Doc {
  if (builtinImplRedefined(t)) return elixirDoc(t, opts);
  return builtinDoc(t, opts);
}

const DEFAULT_INSPECT_FUN = new Fun(2, null, [], a("Elixir.Inspect"), a("inspect"));

/** Options with Inspect.Opts.new/1's :inspect_fun when one was stored with default_inspect_fun/1, else null. */
function globalInspectFunSource(): MapTerm | null {
  const fun = defaultInspectFun();
  return fun === DEFAULT_INSPECT_FUN ? null : optsStruct(NIL, true);
}

/** Whether :inspect_fun is anything but Inspect.inspect/2 (Inspect.Opts.default_inspect_fun/0). */
function customInspectFun(source: MapTerm): boolean {
  const f = source.get(a("inspect_fun"));
  if (f === DEFAULT_INSPECT_FUN) return false;
  return !(f instanceof Fun && f.isExternal && f.module === DEFAULT_INSPECT_FUN.module && f.name === DEFAULT_INSPECT_FUN.name && f.arity === 2);
}

/**
 * to_doc/2 with a custom :inspect_fun: every term, at any depth, is given to it (structs
 * through the same rescue as a struct's own implementation), in Elixir:
 * Inspect.Algebra.__to_doc__/2 (prelude/inspect/algebra.ex).
 */
function inspectFunDoc(t: Term, opts: Opts): Doc {
  const sub = optsKey(opts) + "|fun";
  const done = memoized(t, sub);
  if (done !== undefined) {
    if (!isDocTerm(done)) throw fce("Elixir.Inspect.Algebra", "group", [done, a("self")]);
    return docFromTerm(done);
  }
  const reason = raise("ArgumentError", { message: "an inspect function cannot run outside a process" }).reason;
  if (request(reason, t, sub, "Elixir.Inspect.Algebra", "__to_doc__", [t, optsToTerm(opts)])) return "";
  return implDoc(t, opts);
}

/** The Inspect implementation Elixir dispatches a term that is no struct to (Inspect.PID, ...). */
function builtinImplFor(t: Term): string | null {
  switch (typeof t) {
    case "number":
    case "bigint":
      return "Elixir.Inspect.Integer";
    case "string":
      return "Elixir.Inspect.BitString";
    case "boolean":
      return "Elixir.Inspect.Atom";
  }
  if (t === null || t instanceof Atom) return "Elixir.Inspect.Atom";
  if (t instanceof Float) return "Elixir.Inspect.Float";
  if (t === NIL || t instanceof Cons) return "Elixir.Inspect.List";
  if (Array.isArray(t)) return "Elixir.Inspect.Tuple";
  if (t instanceof MapTerm) return t.get(STRUCT) instanceof Atom ? null : "Elixir.Inspect.Map";
  if (t instanceof Bin) return "Elixir.Inspect.BitString";
  if (t instanceof Fun) return "Elixir.Inspect.Function";
  if (t instanceof Pid) return "Elixir.Inspect.PID";
  if (t instanceof Ref) return "Elixir.Inspect.Reference";
  if (t instanceof Port) return "Elixir.Inspect.Port";
  return null;
}

/** Whether the user's code replaced the library's Inspect implementation for this term's type (`defimpl Inspect, for: PID`). */
function builtinImplRedefined(t: Term): boolean {
  const rt = activeRuntime();
  if (rt === null) return false;
  const name = builtinImplFor(t);
  if (name === null) return false;
  const def = rt.modules.get(name);
  return def !== undefined && def.library !== true;
}

function builtinDoc(t: Term, opts: Opts): Doc {
  switch (typeof t) {
    case "number":
    case "bigint":
      return integerDoc(t, opts);
    case "string":
      return inspectBinary(t, opts);
    case "boolean":
      return color(t ? "true" : "false", K.boolean, opts);
  }
  if (t === null) return color("nil", null, opts);
  if (t instanceof Atom) return color(inspectAtom("literal", t), K.atom, opts);
  if (t instanceof Float) return color(inspectFloat(t.v), K.number, opts);
  if (t === NIL) return color("[]", K.list, opts);
  if (t instanceof Cons) return inspectList(t, opts);
  if (Array.isArray(t)) return inspectTuple(t, opts);
  if (t instanceof MapTerm) return inspectMapOrStruct(t, opts);
  if (t instanceof Bin) return t.bits === 0 ? inspectBinary(t, opts) : inspectBitstring(t, opts);
  if (t instanceof Fun) return inspectFun(t);
  if (t instanceof Pid) return inspectPid(t);
  if (t instanceof Ref) return inspectRef(t);
  if (t instanceof Port) return inspectPort(t);
  return String(t);
}

// ---------------------------------------------------------------------------
// Numbers

const RADIX = { decimal: 10, hex: 16, binary: 2, octal: 8 } as const;
const PREFIX = { decimal: "", hex: "0x", binary: "0b", octal: "0o" } as const;

export function inspectInteger(n: number | bigint, opts: Opts): string {
  const neg = n < 0;
  const abs = neg ? -n : n;
  const digits = abs.toString(RADIX[opts.base]).toUpperCase();
  return (neg ? "-" : "") + PREFIX[opts.base] + digits;
}

/** Inspect.Integer.inspect/2: the integer in the options' base, in the :number color. */
export function integerDoc(n: number | bigint, opts: Opts): Doc {
  return color(inspectInteger(n, opts), K.number, opts);
}

/** Inspect for floats: integral values below 1.0e16 print as "N.0", others as Erlang's ~g. */
export function inspectFloat(v: number): string {
  const abs = Math.abs(v);
  if (abs >= 1.0 && abs < 1.0e16 && Math.trunc(v) === v) return BigInt(v).toString() + ".0";
  return formatFloat(v);
}

// ---------------------------------------------------------------------------
// Atoms (Macro.inspect_atom/2)

const NOT_CALLABLE = new Set(["%", "%{}", "{}", "<<>>", "...", "..", ".", "..//", "->"]);
const QUOTED_OPS = new Set(["::", "^^^", "~~~", "<|>"]);
const UNARY_OPS = ["&", "!", "^", "not", "+", "-", "~~~", "@"];
const BINARY_OPS = [
  "<-", "\\\\", "when", "::", "|", "=", "||", "|||", "or", "&&", "&&&", "and", "==", "!=", "=~",
  "===", "!==", "<", "<=", ">=", ">", "|>", "<<<", ">>>", "<~", "~>", "<<~", "~>>", "<~>", "<|>",
  "in", "^^^", "++", "--", "..", "<>", "+++", "---", "+", "-", "*", "/", "**", ".",
];
const OPERATORS = new Set([...UNARY_OPS, ...BINARY_OPS]);

type AtomClass = "not_callable" | "quoted_operator" | "unquoted_operator" | "alias" | "identifier" | "other";

function validAlias(name: string): boolean {
  return /^Elixir(\.[A-Z][a-zA-Z0-9_]*)*$/.test(name);
}

/** String.Tokenizer's reading of an atom's name (Macro.classify_atom/1's last case). */
function tokenizeIdentifier(name: string): AtomClass {
  const cps = Array.from(name, (ch) => ch.codePointAt(0)!);
  const r = tokenizeName(cps);
  if ("error" in r || r.rest !== cps.length) return "other";
  if (r.kind !== "identifier" || r.at) return "not_callable";
  // (a name not in NFC is quoted when printed, though the tokenizer takes it)
  if (r.nfkc) return "other";
  return "identifier";
}

function innerClassify(name: string): AtomClass {
  if (NOT_CALLABLE.has(name)) return "not_callable";
  if (QUOTED_OPS.has(name)) return "quoted_operator";
  if (OPERATORS.has(name)) return "unquoted_operator";
  if (validAlias(name)) return "alias";
  return tokenizeIdentifier(name);
}

/** Macro.classify_atom/1: "alias" | "identifier" | "unquoted" | "quoted". */
export function classifyAtom(name: string): "alias" | "identifier" | "unquoted" | "quoted" {
  const c = innerClassify(name);
  if (c === "alias" || c === "identifier") return c;
  if (c === "unquoted_operator" || c === "not_callable") return "unquoted";
  return "quoted";
}

/** Macro.inspect_atom/2 for :literal, :key and :remote_call. Accepts an atom term or a name. */
export function inspectAtom(kind: "literal" | "key" | "remote_call", atom: Term): string {
  const name = typeof atom === "string" ? atom : atomName(atom);
  if (kind === "remote_call") return inspectRemoteCall(name);
  if (kind === "literal" && (name === "nil" || name === "true" || name === "false")) return name;
  const c = classifyAtom(name);
  if (kind === "literal") {
    if (c === "alias") {
      if (name === "Elixir" || name === "Elixir.Elixir" || name.startsWith("Elixir.Elixir.")) return name;
      return name.slice(7);
    }
    if (c === "quoted") return ':"' + escapeString(name, '"', Infinity).escaped + '"';
    return ":" + name;
  }
  if (c === "alias") return '"' + name + '":';
  if (c === "quoted") return '"' + escapeString(name, '"', Infinity).escaped + '":';
  return name + ":";
}

function inspectRemoteCall(name: string): string {
  const c = innerClassify(name);
  if (c === "identifier" || c === "unquoted_operator" || c === "quoted_operator") return name;
  if (c === "not_callable" || c === "alias") return '"' + name + '"';
  return '"' + escapeString(name, '"', Infinity).escaped + '"';
}

/** An atom printed as a module name would be (`Foo.Bar`, `:math`). */
export const inspectModule = (m: Term): string => inspectAtom("literal", m);

// ---------------------------------------------------------------------------
// Binaries and escaping (Code.Identifier.escape/4)

/** Code points of a binary; invalid UTF-8 bytes appear as { byte }. */
function* binUnits(b: string | Uint8Array): Generator<number | { byte: number }> {
  if (typeof b === "string") {
    for (const ch of b) yield ch.codePointAt(0)!;
    return;
  }
  let i = 0;
  while (i < b.length) {
    const [cp, n] = decodeUtf8At(b, i);
    if (cp < 0) {
      yield { byte: b[i] };
      i++;
    } else {
      yield cp;
      i += n;
    }
  }
}

/** Decodes one UTF-8 code point at i: [codepoint, length] or [-1, 1] when invalid. */
function decodeUtf8At(b: Uint8Array, i: number): [number, number] {
  const c = b[i];
  if (c < 0x80) return [c, 1];
  let n: number;
  let cp: number;
  let min: number;
  if (c >= 0xc0 && c < 0xe0) [n, cp, min] = [2, c & 0x1f, 0x80];
  else if (c >= 0xe0 && c < 0xf0) [n, cp, min] = [3, c & 0x0f, 0x800];
  else if (c >= 0xf0 && c < 0xf8) [n, cp, min] = [4, c & 0x07, 0x10000];
  else return [-1, 1];
  if (i + n > b.length) return [-1, 1];
  for (let j = 1; j < n; j++) {
    const d = b[i + j];
    if ((d & 0xc0) !== 0x80) return [-1, 1];
    cp = (cp << 6) | (d & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return [-1, 1];
  return [cp, n];
}

const ESCAPES: Record<number, string> = {
  7: "\\a", 8: "\\b", 127: "\\d", 27: "\\e", 12: "\\f", 10: "\\n", 13: "\\r", 9: "\\t", 11: "\\v", 92: "\\\\",
};

const hex = (n: number, width: number): string => n.toString(16).toUpperCase().padStart(width, "0");

function escapeChar(cp: number): string {
  if (cp === 0) return "\\0";
  if (cp === 0xfeff) return "\\uFEFF";
  if ((cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff)) {
    return String.fromCodePoint(cp);
  }
  if (cp < 0x100) return "\\x" + hex(cp, 2);
  if (cp < 0x10000) return "\\x{" + hex(cp, 4) + "}";
  return "\\x{" + hex(cp, 6) + "}";
}

/**
 * Escapes a binary for printing between `quote` characters, stopping after `limit`
 * characters. `map` overrides the default escapes (Regex uses its own).
 */
export function escapeString(
  b: string | Uint8Array,
  quote: string,
  limit: number,
  map: (cp: number) => string | null = (cp) => ESCAPES[cp] ?? null,
): { escaped: string; truncated: boolean } {
  const q = quote.codePointAt(0)!;
  let out = "";
  let count = limit;
  const it = binUnits(b);
  let next = it.next();
  while (!next.done) {
    if (count === 0) return { escaped: out, truncated: true };
    const u = next.value;
    next = it.next();
    count--;
    if (typeof u !== "number") out += "\\x" + hex(u.byte, 2);
    else if (u === q) out += "\\" + quote;
    else if (u === 0x23 && !next.done && next.value === 0x7b) {
      out += "\\#{";
      next = it.next();
    } else out += map(u) ?? escapeChar(u);
  }
  return { escaped: out, truncated: false };
}

const PRINTABLE_CONTROLS = new Set([10, 13, 9, 11, 8, 12, 27, 127, 7]);

/** String.printable?/2. */
export function isPrintable(b: string | Bin, limit: number): boolean {
  let count = limit;
  for (const u of binUnits(typeof b === "string" ? b : b.bytes)) {
    if (count === 0) return true;
    if (typeof u !== "number") return false;
    const ok = (u >= 0x20 && u <= 0x7e) || PRINTABLE_CONTROLS.has(u) ||
      (u >= 0xa0 && u <= 0xd7ff) || (u >= 0xe000 && u <= 0xfffd) || (u >= 0x10000 && u <= 0x10ffff);
    if (!ok) return false;
    count--;
  }
  return true;
}

function inspectBinary(b: string | Bin, opts: Opts): Doc {
  const asString = opts.binaries === "as_strings" || (opts.binaries === "infer" && isPrintable(b, opts.printableLimit));
  if (opts.base === "decimal" && asString) {
    const { escaped, truncated } = escapeString(typeof b === "string" ? b : b.bytes, '"', opts.printableLimit);
    return color('"' + escaped + '"' + (truncated ? " <> ..." : ""), K.string, opts);
  }
  return inspectBitstring(b, opts);
}

function inspectBitstring(b: string | Bin, opts: Opts): Doc {
  const bytes = binBytes(b);
  const bits = b instanceof Bin ? b.bits : 0;
  if (bytes.length === 0) return color("<<>>", K.binary, opts);
  const fullBytes = bits === 0 ? bytes.length : bytes.length - 1;
  const items: Doc[] = [];
  let counter = opts.limit;
  for (let i = 0; i < fullBytes; i++) {
    if (counter === 0) break;
    items.push(integerDoc(bytes[i], opts));
    counter--;
  }
  let last: Doc = DOC_NIL;
  if (items.length < fullBytes || (counter === 0 && bits !== 0)) last = "...";
  else if (bits !== 0) last = concat(integerDoc(bytes[fullBytes] >> (8 - bits), opts), `::size(${bits})`);
  // Rebuild the right-nested flex_glue chain of each_bit/3.
  let inner: Doc = last;
  for (let i = items.length - 1; i >= 0; i--) {
    const isLast = i === items.length - 1 && last === DOC_NIL;
    inner = isLast ? items[i] : flexGlue(concat(items[i], ","), " ", inner);
  }
  return group(concat(concat(color("<<", K.binary, opts), nest(inner, 2)), color(">>", K.binary, opts)));
}

// ---------------------------------------------------------------------------
// Lists, tuples, maps

/** List.ascii_printable?/2 */
function asciiPrintable(l: Term, limit: number): boolean {
  let count = limit;
  while (l instanceof Cons) {
    if (count === 0) return true;
    const c = l.h;
    if (typeof c !== "number" || !((c >= 7 && c <= 13) || c === 27 || (c >= 32 && c <= 126))) return false;
    count--;
    l = l.t;
  }
  return count === 0 || l === NIL;
}

/**
 * List.to_string/1 with its errors (string-chars.ts registers it: that module imports this
 * one at load).
 */
let chardataOrRaise = (l: Term): string => {
  void l;
  throw new Error("List.to_string is not registered yet");
};
export function registerListToString(f: (l: Term) => string): void {
  chardataOrRaise = f;
}

/** Flattens chardata (a charlist possibly holding binaries and nested lists) to a string. */
function chardataToString(l: Term): string | null {
  let out = "";
  const stack: Term[] = [l];
  while (stack.length > 0) {
    const t = stack.pop();
    if (typeof t === "string") out += t;
    else if (typeof t === "number" && Number.isInteger(t) && t >= 0 && t <= 0x10ffff && !(t >= 0xd800 && t <= 0xdfff)) out += String.fromCodePoint(t);
    else if (t instanceof Cons) {
      // (an improper list may end in a binary only)
      if (!(t.t === NIL || t.t instanceof Cons || typeof t.t === "string")) return null;
      stack.push(t.t, t.h);
    } else if (t !== NIL) return null;
  }
  return out;
}

/** A keyword list: proper list of {atom, value} with no "Elixir." keys. */
export function isKeyword(items: Term[]): boolean {
  for (const it of items) {
    if (!Array.isArray(it) || it.length !== 2 || !isAtom(it[0])) return false;
    if (atomName(it[0]).startsWith("Elixir.")) return false;
  }
  return true;
}

export function keywordItem(pair: Term[], opts: Opts): Doc {
  return concat(color(inspectAtom("key", pair[0]), K.atom, opts), concat(" ", traced(opts, [LIST_KEYWORD], () => toDoc(pair[1], opts))));
}

/** Splits a list into items and (for improper lists) the final tail. */
function listParts(l: Term): { items: Term[]; tail: Term } {
  const items: Term[] = [];
  while (l instanceof Cons) {
    items.push(l.h);
    l = l.t;
  }
  return { items, tail: l };
}

export function inspectList(l: Term, opts: Opts): Doc {
  if (l === NIL) return color("[]", K.list, opts);
  const lists = opts.charListsDeprecated !== undefined && opts.charlists === "infer" ? deprecatedCharLists(opts.charListsDeprecated) : opts.charlists;
  if (lists === "as_charlists" || (lists === "infer" && asciiPrintable(l, opts.printableLimit))) {
    // (IO.chardata_to_string/1 of the list: one that is not chardata raises, as in Elixir, with
    // :as_charlists or when its first printable_limit elements are printable)
    const s = chardataToString(l) ?? chardataOrRaise(l);
    const { escaped, truncated } = escapeString(s, "'", opts.printableLimit);
    return color("'" + escaped + "'" + (truncated ? " ++ ..." : ""), K.charlist, opts);
  }
  const { items, tail } = listParts(l);
  const open = color("[", K.list, opts);
  const separator = color(",", K.list, opts);
  const close = color("]", K.list, opts);
  if (tail === NIL && isKeyword(items)) {
    return containerDoc(open, items, close, opts, keywordItem, { separator, breakMode: "strict" });
  }
  const improperTail = tail === NIL ? undefined : { value: tail };
  return containerDoc(open, items, close, opts, toDoc, { separator, improperTail });
}

function inspectTuple(t: Term[], opts: Opts): Doc {
  const separator = color(",", K.tuple, opts);
  return containerDoc(color("{", K.tuple, opts), t, color("}", K.tuple, opts), opts, toDoc, { separator, breakMode: "flex" });
}

/** Inspect.Map's container: `open` (e.g. "%{", "%Name{") ... "}", in the :map color. */
function mapContainer<T>(open: string, items: T[], close: string, opts: Opts, fun: (item: T, opts: Opts) => Doc): Doc {
  const separator = color(",", K.map, opts);
  return containerDoc(color(open, K.map, opts), items, color(close, K.map, opts), opts, fun, { separator, breakMode: "strict" });
}

/**
 * Map entries in printing order (:maps.to_list/1's): up to 32 keys Erlang's map key order,
 * which is term order except that every integer sorts before every float (at any depth),
 * e.g. %{2 => _, 1.5 => _}; above that the BEAM's hash order (map-order.ts).
 */
export function mapEntries(m: MapTerm): [Term, Term][] {
  return mapListOrder(m);
}

export { mapKeyCompare };

export function inspectPlainMap(m: MapTerm, opts: Opts): Doc {
  const entries = mapEntries(m);
  const arrow = isKeyword(entries) ? null : color(" => ", K.map, opts);
  const fun = arrow === null
    ? keywordItem
    : (e: Term[], o: Opts) => concat(concat(traced(o, [MAP_TO_ASSOC], () => toDoc(e[0], o)), arrow), traced(o, [MAP_TO_ASSOC], () => toDoc(e[1], o)));
  return mapContainer("%{", entries, "}", opts, fun);
}

/** %Name{field: value, ...} with the given fields (Inspect.Map.inspect/4). */
export function inspectStructFields(m: MapTerm, name: string, fields: string[], opts: Opts): Doc {
  const pairs = fields.map((f) => [a(f), m.get(a(f)) ?? null]);
  return mapContainer("%" + name + "{", pairs, "}", opts, keywordItem);
}

// ---------------------------------------------------------------------------
// Structs

const STRUCT = a("__struct__");

function inspectMapOrStruct(m: MapTerm, opts: Opts): Doc {
  const mod = m.get(STRUCT);
  if (mod instanceof Atom && opts.structs) return traced(opts, [STRUCT_TO_DOC], () => inspectStruct(m, mod, opts));
  return inspectPlainMap(m, opts);
}

function inspectStruct(m: MapTerm, mod: Atom, opts: Opts): Doc {
  const own = ownInspect(mod);
  if (own !== null) {
    if (own === "elixir") return elixirDoc(m, opts);
    return derivedDoc(m, mod, own, opts);
  }
  return defaultStructDoc(m, mod, opts);
}

/** How Inspect.Any (and the library's own implementations) show a struct. */
export function defaultStructDoc(m: MapTerm, mod: Atom, opts: Opts): Doc {
  const builtin = BUILTIN_INSPECT[mod.name];
  if (builtin !== undefined) {
    const d = builtin(m, opts);
    if (d !== null) return d;
  }
  const fields = structFieldsOf(mod, opts);
  const optional = OPTIONAL_FIELDS[mod.name];
  // (URI and Version derive Inspect: the derived implementation shows the module's fields,
  // Map.get/2 of each, whatever keys the map has; Inspect.Any wants exactly the module's keys)
  if (fields === null || (optional === undefined && !sameKeys(m, fields))) return inspectPlainMap(m, opts);
  const shown = optional ? fields.filter((f) => !isOptionalDefault(m, f, optional)) : fields;
  return inspectStructFields(m, inspectModule(mod), shown, opts);
}

/** A struct as Inspect.Any shows it (%Name{field: value, ...}, ignoring its own Inspect), on one line. */
export function inspectAsAny(m: MapTerm, mod: Atom): string {
  const opts = resolveOpts({});
  const fields = structFieldsOf(mod, opts);
  const doc = fields === null || !sameKeys(m, fields) ? inspectPlainMap(m, opts) : inspectStructFields(m, inspectModule(mod), fields, opts);
  return format(group(doc), Infinity);
}

function structFieldsOf(mod: Atom, opts: Opts): string[] | null {
  const user = opts.structFields !== null ? opts.structFields(mod) : (activeRuntime()?.modules.structFieldNames(mod.name) ?? null);
  const fields = user ?? BUILTIN_FIELDS[mod.name] ?? null;
  return fields === null ? null : fields.filter((f) => f !== "__struct__" && f !== "__exception__");
}

/** Inspect.Any prints %Name{} only when the struct has exactly the module's keys. */
function sameKeys(m: MapTerm, fields: string[]): boolean {
  let n = m.size - 1;
  if (m.has(a("__exception__"))) n--;
  if (n !== fields.length) return false;
  return fields.every((f) => m.has(a(f)));
}

const OPTIONAL_FIELDS: Record<string, Record<string, Term>> = {
  "Elixir.URI": { authority: null },
  "Elixir.Version": { pre: NIL, build: null },
};

function isOptionalDefault(m: MapTerm, f: string, optional: Record<string, Term>): boolean {
  if (!(f in optional)) return false;
  const v = m.get(a(f)) ?? null;
  return compare(v, optional[f]) === 0;
}

const E = (fields: string): string[] => fields.split(" ").filter((x) => x !== "");

/** Field order of Elixir's own structs (Mod.__info__(:struct) in 1.14). */
const BUILTIN_FIELDS: Record<string, string[]> = {
  "Elixir.RuntimeError": E("message"),
  "Elixir.ArgumentError": E("message"),
  "Elixir.ArithmeticError": E("message"),
  "Elixir.SystemLimitError": E("message"),
  "Elixir.SyntaxError": E("file line column snippet description"),
  "Elixir.TokenMissingError": E("file line snippet column description"),
  "Elixir.CompileError": E("file line description"),
  "Elixir.BadFunctionError": E("term"),
  "Elixir.BadStructError": E("struct term"),
  "Elixir.BadMapError": E("term"),
  "Elixir.BadBooleanError": E("term operator"),
  "Elixir.MatchError": E("term"),
  "Elixir.CaseClauseError": E("term"),
  "Elixir.WithClauseError": E("term"),
  "Elixir.CondClauseError": [],
  "Elixir.TryClauseError": E("term"),
  "Elixir.BadArityError": E("function args"),
  "Elixir.UndefinedFunctionError": E("module function arity reason message"),
  "Elixir.FunctionClauseError": E("module function arity kind args clauses"),
  "Elixir.Protocol.UndefinedError": E("protocol value description"),
  "Elixir.KeyError": E("key term message"),
  "Elixir.UnicodeConversionError": E("encoded message"),
  "Elixir.Enum.OutOfBoundsError": E("message"),
  "Elixir.Enum.EmptyError": E("message"),
  "Elixir.File.Error": E("reason path action"),
  "Elixir.File.CopyError": E("reason source destination on action"),
  "Elixir.File.RenameError": E("reason source destination on action"),
  "Elixir.File.LinkError": E("reason existing new action"),
  "Elixir.ErlangError": E("original reason"),
  "Elixir.Code.LoadError": E("file message reason"),
  "Elixir.Inspect.Error": E("exception_module exception_message stacktrace inspected_struct"),
  "Elixir.Inspect.Opts": E("base binaries char_lists charlists custom_options inspect_fun limit pretty printable_limit safe structs syntax_colors width"),
  "Elixir.Task": E("mfa owner pid ref"),
  "Elixir.Range": E("first last step"),
  "Elixir.MapSet": E("map version"),
  "Elixir.Date": E("year month day calendar"),
  "Elixir.Time": E("hour minute second microsecond calendar"),
  "Elixir.NaiveDateTime": E("year month day hour minute second microsecond calendar"),
  "Elixir.DateTime": E("year month day hour minute second time_zone zone_abbr utc_offset std_offset microsecond calendar"),
  "Elixir.Date.Range": E("first last first_in_iso_days last_in_iso_days step"),
  "Elixir.URI": E("scheme authority userinfo host port path query fragment"),
  "Elixir.Version": E("major minor patch pre build"),
  "Elixir.Version.Requirement": E("source lexed"),
  "Elixir.Regex": E("re_pattern source opts re_version"),
  "Elixir.Stream": E("enum funs accs done"),
  "Elixir.IO.Stream": E("device raw line_or_bytes"),
  "Elixir.File.Stream": E("path modes line_or_bytes raw"),
  "Elixir.File.Stat": E("size type access atime mtime ctime mode links major_device minor_device inode uid gid"),
  "Elixir.GenEvent.Stream": E("manager timeout"),
};

/** The @enforce_keys of Elixir's own structs that beamsh builds natively (Mod.__info__(:struct) in 1.14). */
const BUILTIN_ENFORCED: Record<string, string[]> = {
  "Elixir.Date": E("year month day"),
  "Elixir.Time": E("hour minute second"),
  "Elixir.NaiveDateTime": E("year month day hour minute second"),
  "Elixir.DateTime": E("year month day hour minute second time_zone zone_abbr utc_offset std_offset"),
  "Elixir.Date.Range": E("first last first_in_iso_days last_in_iso_days step"),
  "Elixir.Range": E("first last step"),
};

/** The keys a built-in struct enforces (empty when none or not known). */
export function builtinEnforcedKeys(module: string): string[] {
  return BUILTIN_ENFORCED[module] ?? [];
}

/** The definition order of a built-in struct's fields, if known. */
export function builtinStructFields(module: Atom): string[] | null {
  return BUILTIN_FIELDS[module.name] ?? null;
}

type BuiltinInspect = (m: MapTerm, opts: Opts) => Doc | null;

const get = (m: MapTerm, k: string): Term => m.get(a(k));
const isInt = (t: Term): boolean => typeof t === "number" || typeof t === "bigint";
const ISO = "Elixir.Calendar.ISO";
/**
 * An ISO calendar struct whose fields have the types its sigil needs (one built by hand,
 * `Time.__struct__()` say, has nils: it is shown as a plain struct, not a broken sigil).
 */
const isIso = (m: MapTerm): boolean => {
  const c = get(m, "calendar");
  if (!(c instanceof Atom) || c.name !== ISO) return false;
  for (const k of ["year", "month", "day", "hour", "minute", "second", "utc_offset", "std_offset"]) {
    const v = m.get(a(k));
    if (v !== undefined && typeof v !== "number" && typeof v !== "bigint") return false;
  }
  const us = m.get(a("microsecond"));
  return us === undefined || (Array.isArray(us) && us.length === 2 && typeof us[0] === "number" && typeof us[1] === "number");
};

function inspectRange(m: MapTerm, opts: Opts): Doc | null {
  // Inspect.Range's clauses match first..last//step whatever the values (term order decides
  // the short form); a range of Elixir < 1.12 without :step gets 1 or -1.
  const first = get(m, "first");
  const last = get(m, "last");
  let step = get(m, "step");
  if (first === undefined || last === undefined) return null;
  if (step === undefined) step = compare(first, last) <= 0 ? 1 : -1;
  const base = concat([toDoc(first, opts), "..", toDoc(last, opts)]);
  if (step === 1 && compare(last, first) >= 0) return base;
  return concat([base, "//", toDoc(step, opts)]);
}

function inspectMapSet(m: MapTerm, opts: Opts): Doc | null {
  const inner = get(m, "map");
  if (!(inner instanceof MapTerm)) return null;
  const keys = mapEntries(inner).map((e) => e[0]);
  let list: Term = NIL;
  for (let i = keys.length - 1; i >= 0; i--) list = new Cons(keys[i], list);
  return concat(["MapSet.new(", inspectList(list, { ...opts, charlists: "as_lists" }), ")"]);
}

/**
 * The entries of a HashDict's or HashSet's trie in its order: slots from the last to the
 * first, a slot's own entry before its deeper node (prelude/hash_dict.ex, hash_set.ex).
 */
function trieItems(node: Term, dict: boolean, out: Term[]): boolean {
  if (!Array.isArray(node) || node.length !== 8) return false;
  for (let i = 7; i >= 0; i--) {
    const slot = node[i];
    if (slot === NIL) continue;
    if (dict && slot instanceof Cons) out.push([slot.h, slot.t]);
    else if (dict && Array.isArray(slot) && slot.length === 3) {
      out.push([slot[0], slot[1]]);
      if (!trieItems(slot[2], dict, out)) return false;
    } else if (!dict && slot instanceof Cons) {
      out.push(slot.h);
      if (slot.t !== NIL && !trieItems(slot.t, dict, out)) return false;
    } else return false;
  }
  return true;
}

function inspectTrie(name: string, dict: boolean): BuiltinInspect {
  return (m, opts) => {
    const items: Term[] = [];
    if (!trieItems(get(m, "root"), dict, items)) return null;
    let l: Term = NIL;
    for (let i = items.length - 1; i >= 0; i--) l = new Cons(items[i], l);
    return concat([`#${name}<`, inspectList(l, opts), ">"]);
  };
}

const ESC_REGEX: Record<number, string> = { 7: "\\a", 12: "\\f", 10: "\\n", 13: "\\r", 9: "\\t", 11: "\\v" };

function inspectRegex(m: MapTerm, opts: Opts): Doc | null {
  const source = get(m, "source");
  const ropts = get(m, "opts");
  if (typeof source !== "string") return null;
  if (ropts === NIL || ropts instanceof Cons) {
    return concat(["Regex.compile!(", inspectBinary(source, opts), ", ", inspectList(ropts, opts), ")"]);
  }
  if (typeof ropts !== "string") return null;
  const normalized = source.replace(/\\\\|\\\//g, (s) => (s === "\\/" ? "/" : s));
  const { escaped } = escapeString(normalized, "/", Infinity, (cp) => ESC_REGEX[cp] ?? null);
  return color("~r/" + escaped + "/" + ropts, K.regex, opts);
}

function zeroPad(v: Term, n: number): string {
  const neg = v < 0;
  const s = (neg ? -v : v).toString();
  return (neg ? "-" : "") + s.padStart(n, "0");
}

function isoDate(m: MapTerm): string {
  return zeroPad(get(m, "year"), 4) + "-" + zeroPad(get(m, "month"), 2) + "-" + zeroPad(get(m, "day"), 2);
}

function isoTime(m: MapTerm): string {
  const base = zeroPad(get(m, "hour"), 2) + ":" + zeroPad(get(m, "minute"), 2) + ":" + zeroPad(get(m, "second"), 2);
  const us = get(m, "microsecond");
  if (!Array.isArray(us) || us[1] === 0) return base;
  return base + "." + zeroPad(us[0], 6).slice(0, us[1]);
}

function isoOffset(m: MapTerm): string {
  const utc = get(m, "utc_offset");
  const std = get(m, "std_offset");
  const zone = get(m, "time_zone");
  if (utc === 0 && std === 0 && zone === "Etc/UTC") return "Z";
  const total = utc + std;
  const sec = Math.abs(total);
  const sign = total < 0 ? "-" : "+";
  const off = sign + zeroPad(Math.floor(sec / 3600), 2) + ":" + zeroPad(Math.floor((sec % 3600) / 60), 2);
  return zone === "Etc/UTC" ? off : off + " " + get(m, "zone_abbr") + " " + zone;
}

/** The keys each calendar struct's String.Chars and Inspect implementations read. */
const CALENDAR_KEYS: Record<string, string[]> = {
  "Elixir.Date": ["year", "month", "day"],
  "Elixir.Time": ["hour", "minute", "second", "microsecond"],
  "Elixir.NaiveDateTime": ["year", "month", "day", "hour", "minute", "second", "microsecond"],
  "Elixir.DateTime": ["year", "month", "day", "hour", "minute", "second", "microsecond", "time_zone", "zone_abbr", "utc_offset", "std_offset"],
};

/**
 * A calendar struct's text in a calendar other than Calendar.ISO: its calendar module's
 * callbacks give it, so it is asked for in Elixir (Calendar.__text__/2, see
 * elixir-callback.ts). (Its to_string goes to String.Chars's implementation in Elixir.) Null
 * when the struct lacks a field the implementation reads, or outside a process.
 */
function otherCalendarText(m: MapTerm, kind: "inspect"): string | null {
  const mod = get(m, "__struct__");
  const cal = get(m, "calendar");
  if (!(mod instanceof Atom) || !(cal instanceof Atom) || cal.name === ISO) return null;
  const keys = CALENDAR_KEYS[mod.name];
  if (keys === undefined || keys.some((k) => !m.has(a(k)))) return null;
  const done = memoized(m, "calendar_" + kind);
  if (done !== undefined) return typeof done === "string" ? done : null;
  const reason = raise("ArgumentError", { message: "a calendar's callbacks cannot run outside a process" }).reason;
  return request(reason, m, "calendar_" + kind, "Elixir.Calendar", "__text__", [a(kind), m]) ? "" : null;
}

/** String.Chars for Date/Time/NaiveDateTime/DateTime in the ISO calendar; null otherwise. */
export function calendarToString(m: MapTerm): string | null {
  const mod = get(m, "__struct__");
  if (!(mod instanceof Atom) || !isIso(m)) return null;
  switch (mod.name) {
    case "Elixir.Date": return isoDate(m);
    case "Elixir.Time": return isoTime(m);
    case "Elixir.NaiveDateTime": return isoDate(m) + " " + isoTime(m);
    case "Elixir.DateTime": return isoDate(m) + " " + isoTime(m) + isoOffset(m);
  }
  return null;
}

function inspectDate(m: MapTerm): Doc | null {
  return isIso(m) ? "~D[" + isoDate(m) + "]" : otherCalendarText(m, "inspect");
}

function inspectTime(m: MapTerm): Doc | null {
  return isIso(m) ? "~T[" + isoTime(m) + "]" : otherCalendarText(m, "inspect");
}

function inspectNaive(m: MapTerm): Doc | null {
  return isIso(m) ? "~N[" + isoDate(m) + " " + isoTime(m) + "]" : otherCalendarText(m, "inspect");
}

function inspectDateTime(m: MapTerm): Doc | null {
  if (!isIso(m)) return otherCalendarText(m, "inspect");
  const s = isoDate(m) + " " + isoTime(m) + isoOffset(m);
  const utc = get(m, "utc_offset") === 0 && get(m, "std_offset") === 0 && get(m, "time_zone") === "Etc/UTC";
  return utc ? "~U[" + s + "]" : "#DateTime<" + s + ">";
}

function inspectDateRange(m: MapTerm, opts: Opts): Doc | null {
  const first = get(m, "first");
  const last = get(m, "last");
  let step = get(m, "step");
  if (!(first instanceof MapTerm) || !(last instanceof MapTerm)) return null;
  if (step === undefined) step = compare(first, last) <= 0 ? 1 : -1;
  const plain = { ...opts, pretty: false };
  const f = inspect(first, optsBack(plain));
  const l = inspect(last, optsBack(plain));
  return "Date.range(" + f + ", " + l + (step === 1 ? ")" : `, ${step})`);
}

function optsBack(o: Opts): InspectOptions {
  return { structFields: o.structFields ?? undefined };
}

function inspectStream(m: MapTerm, opts: Opts): Doc | null {
  const funs = get(m, "funs");
  const { items, tail } = listParts(funs);
  if (tail !== NIL) return null;
  let rev: Term = NIL;
  for (const f of items) rev = new Cons(f, rev);
  const inner = new Cons([a("enum"), get(m, "enum")], new Cons([a("funs"), rev], NIL));
  return concat(["#Stream<", toDoc(inner, opts), ">"]);
}

/** A Version.Requirement shows the call that builds it again, its source quoted as written. */
function inspectRequirement(m: MapTerm, opts: Opts): Doc | null {
  const source = get(m, "source");
  return typeof source === "string" ? concat(["Version.parse_requirement!(", color('"' + source + '"', K.string, opts), ")"]) : null;
}

const BUILTIN_INSPECT: Record<string, BuiltinInspect> = {
  "Elixir.Range": inspectRange,
  "Elixir.MapSet": inspectMapSet,
  "Elixir.Regex": inspectRegex,
  "Elixir.Date": inspectDate,
  "Elixir.Time": inspectTime,
  "Elixir.NaiveDateTime": inspectNaive,
  "Elixir.DateTime": inspectDateTime,
  "Elixir.Date.Range": inspectDateRange,
  "Elixir.Stream": inspectStream,
  "Elixir.Version.Requirement": inspectRequirement,
  "Elixir.HashDict": inspectTrie("HashDict", true),
  "Elixir.HashSet": inspectTrie("HashSet", false),
};

// ---------------------------------------------------------------------------
// Functions, pids, references

/** #Function<...> or &Mod.fun/arity. `where` is already formatted (":erl_eval.expr/6"). */
export function inspectFun(f: Fun): string {
  if (f.isExternal && f.module !== null && f.name !== null) {
    return "&" + inspectAtom("literal", f.module) + "." + inspectAtom("remote_call", f.name) + "/" + f.arity;
  }
  // (A script's funs, elixir_compiler's, are printed with the file and no arity.)
  const head = f.where.startsWith("file:") ? `#Function<${f.index}.${f.uniq}` : `#Function<${f.index}.${f.uniq}/${f.arity}`;
  return f.where === "" ? head + ">" : head + " in " + f.where + ">";
}

export function inspectPid(p: Pid): string {
  return `#PID<${nodeNumber(p.node)}.${p.id}.${p.serial}>`;
}

/** `#Reference<0.W2.W1.W0>`: the node, then the id words from the most significant. */
export function inspectRef(r: Ref): string {
  const w = refWords(r);
  let s = `#Reference<${nodeNumber(r.node)}`;
  for (let i = w.length - 1; i >= 0; i--) s += "." + w[i];
  return s + ">";
}

export function inspectPort(p: Port): string {
  return `#Port<${nodeNumber(p.node)}.${p.id}>`;
}

/**
 * The node part of a printed identifier: 0 for this node, else (as BEAM does) the index of
 * the node's name in the atom table.
 */
function nodeNumber(node: Atom | null): number {
  return node === null ? 0 : node.index;
}

// ---------------------------------------------------------------------------
// Structs with their own Inspect implementation

/**
 * How a struct module is inspected when it is not the default (Inspect.Any): "elixir" for
 * a user's `defimpl Inspect` (its inspect/2 runs in Elixir), or a derived implementation's
 * fields (`@derive {Inspect, only: ...}`), shown here. Null for the default.
 */
function ownInspect(mod: Atom): "elixir" | DerivedInspect | null {
  const rt = activeRuntime();
  if (rt === null) return null;
  const def = rt.modules.get(implName("Elixir.Inspect", mod.name));
  const impl = def?.impl;
  if (impl === undefined) return null;
  // the library's structs are inspected natively, but a derived Inspect (Macro.Env's) is its own
  if (impl.inspect !== undefined) return impl.inspect;
  if (def!.library) return LIBRARY_ELIXIR_IMPLS.has(mod.name) ? "elixir" : null;
  if (impl.target === "Elixir.Inspect.Any") return null;
  return "elixir";
}

/** The library's structs whose Inspect implementation is Elixir code (prelude/inspect.ex), not a native document. */
const LIBRARY_ELIXIR_IMPLS = new Set(["Elixir.Inspect.Error"]);

/** The document a user's Inspect implementation gives (asked for in Elixir, see elixir-callback.ts). */
function elixirDoc(m: Term, opts: Opts): Doc {
  const sub = optsKey(opts);
  const done = memoized(m, sub);
  if (done !== undefined) {
    // Kernel.inspect/2 groups what the implementation returned: a non-document fails there.
    if (!isDocTerm(done)) throw fce("Elixir.Inspect.Algebra", "group", [done, a("self")]);
    return docFromTerm(done);
  }
  const reason = raise("ArgumentError", { message: "an Inspect implementation cannot run outside a process" }).reason;
  if (request(reason, m, sub, "Elixir.Inspect.Algebra", "__struct_doc__", [m, optsToTerm(opts)])) return "";
  // Outside a process (a crash report, say) Elixir code cannot run: the raw struct (or the library's text) is shown.
  return m instanceof MapTerm && m.get(STRUCT) instanceof Atom ? inspectPlainMap(m, opts) : builtinDoc(m, opts);
}

/** `@derive {Inspect, only: [...], except: [...], optional: [...]}` (Inspect.Any.__deriving__/3). */
export function derivedDoc(m: MapTerm, mod: Atom, d: DerivedInspect, opts: Opts): Doc {
  const shown = d.fields.filter((f) => {
    const dflt = d.optional.find(([k]) => k === f);
    return dflt === undefined || !looseEquals(m.get(a(f)) ?? null, dflt[1]);
  });
  const name = inspectModule(mod);
  return d.hash ? hiddenFieldsDoc(m, name, shown, opts) : inspectStructFields(m, name, shown, opts);
}

/** `#Name<field: value, ..., ...>` (Inspect.Any.inspect/4): some fields are not shown. */
export function hiddenFieldsDoc(m: MapTerm, name: string, fields: string[], opts: Opts): Doc {
  const items: (string | null)[] = [...fields, null];
  const item = (f: string | null, o: Opts): Doc => (f === null ? "..." : keywordItem([a(f), m.get(a(f)) ?? null], o));
  return mapContainer("#" + name + "<", items, ">", opts, item);
}

const ids = new WeakMap<object, number>();
let nextId = 0;
const idOf = (t: Term): string => {
  if (t === null || typeof t !== "object") return String(t);
  let n = ids.get(t);
  if (n === undefined) ids.set(t, (n = ++nextId));
  return "#" + n;
};

/**
 * Options as a key: the same options give the same document. It must not depend on the
 * identity of the options struct, which a native running again builds anew.
 */
function optsKey(o: Opts): string {
  const key = [o.limit, o.printableLimit, o.pretty, o.width, o.charlists, o.binaries, o.structs, o.base, idOf(o.customOptions), idOf(o.colors)];
  const src = o.source;
  if (src !== null) key.push(String(src.get(a("safe"))), idOf(src.get(a("syntax_colors"))), idOf(src.get(a("inspect_fun"))));
  return key.join("|");
}

const OPTS = a("Elixir.Inspect.Opts");
const INFINITY = a("infinity");
const limitTerm = (n: number): Term => (n === Infinity ? INFINITY : n);
const limitOf = (t: Term, d: number): number => (t === INFINITY ? Infinity : typeof t === "number" ? t : d);

const OPTS_FIELDS: [string, Term][] = [
  ["base", a("decimal")], ["binaries", a("infer")], ["char_lists", a("infer")], ["charlists", a("infer")],
  ["custom_options", NIL], ["inspect_fun", DEFAULT_INSPECT_FUN],
  ["limit", 50], ["pretty", false], ["printable_limit", 4096], ["safe", true], ["structs", true],
  ["syntax_colors", NIL], ["width", 80],
];

/**
 * Inspect.Opts.default_inspect_fun/0: the fun Inspect.Opts.new/1 (so Kernel.inspect/2, IO.inspect
 * and iex's results) puts in :inspect_fun, kept in :persistent_term under
 * {Inspect.Opts, :inspect_fun} as Elixir keeps it (Inspect.inspect/2 when none was stored).
 */
export function defaultInspectFun(rt = activeRuntime()): Term {
  // (every inspect asks: an empty store answers without encoding the key)
  const terms = rt?.persistentTerms;
  if (terms === undefined || terms.size === 0) return DEFAULT_INSPECT_FUN;
  return terms.get(inspectFunKey())?.[1] ?? DEFAULT_INSPECT_FUN;
}

/** Inspect.Opts.default_inspect_fun/1: the fun stored for Inspect.Opts.new/1. */
export function setDefaultInspectFun(rt: { persistentTerms: Map<unknown, [Term, Term]> }, fun: Term): void {
  rt.persistentTerms.set(inspectFunKey(), [[OPTS, a("inspect_fun")], fun]);
}

/** {Inspect.Opts, :inspect_fun} as :persistent_term's store keys it (encoded once). */
let storedKey: unknown;
const inspectFunKey = (): unknown => (storedKey ??= keyOf([OPTS, a("inspect_fun")]));

/** The fields of a fresh %Inspect.Opts{}, in definition order. */
export function defaultOptsFields(): [string, Term][] {
  return OPTS_FIELDS;
}

/** The %Inspect.Opts{} Elixir code sees for these options. */
export function optsToTerm(o: Opts): MapTerm {
  let m = o.source ?? MapTerm.fromPairs([[STRUCT, OPTS], ...defaultOptsFields().map(([k, v]) => [a(k), v] as [Term, Term])]);
  const set = (k: string, v: Term) => {
    if (m.get(a(k)) !== v) m = m.put(a(k), v);
  };
  set("limit", limitTerm(o.limit));
  set("printable_limit", limitTerm(o.printableLimit));
  set("pretty", o.pretty);
  set("width", limitTerm(o.width));
  set("charlists", a(o.charlists));
  set("binaries", a(o.binaries));
  set("structs", o.structs);
  set("base", a(o.base));
  set("custom_options", o.customOptions);
  set("syntax_colors", o.colors);
  return m;
}

/** Options from an %Inspect.Opts{} given by Elixir code (e.g. to Inspect.Algebra.to_doc/2). */
export function optsFromTerm(t: MapTerm): Opts {
  const get = (k: string): Term => t.get(a(k));
  const name = (k: string, d: string): string => {
    const v = get(k);
    return v instanceof Atom ? v.name : d;
  };
  return {
    limit: limitOf(get("limit"), 50),
    printableLimit: limitOf(get("printable_limit"), 4096),
    pretty: get("pretty") === true,
    width: limitOf(get("width"), 80),
    charlists: name("charlists", "infer") as Opts["charlists"],
    binaries: name("binaries", "infer") as Opts["binaries"],
    structs: get("structs") !== false,
    base: name("base", "decimal") as Opts["base"],
    customOptions: get("custom_options") ?? NIL,
    colors: get("syntax_colors") ?? NIL,
    structFields: null,
    source: t,
  };
}
