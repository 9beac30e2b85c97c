// h/0 and h/1: documentation for beamsh's built-in modules and functions, printed in
// IEx.Introspection's layout (centred heading, @spec, Markdown-ish body). The text is
// beamsh's own (src/stdlib/docs); a function entry covers every arity its default
// arguments allow.
import type { Runtime } from "../../runtime/runtime.js";
import type { Palette } from "../colors.js";
import { DocMetadata, FunctionDoc, ModuleDoc, UndocumentedFunction, docModules, undocumented } from "../../stdlib/docs/index.js";
import { parse } from "../../lang/parser.js";
import { isNode } from "../../lang/ast.js";
import { format } from "../../runtime/algebra.js";
import { quotedToAlgebra, quotedToString } from "../../runtime/compiler/code-formatter.js";
import { astToTerm } from "../../runtime/compiler/quoted.js";
import { Atom, Bin, NIL, Term, a, atomName, binBytes, isBinary, list, listToArray } from "../../runtime/term.js";
import { MapTerm } from "../../runtime/map.js";
import { debugInfoOfObject, docsOfObject, findObjectFile } from "../../stdlib/object-file.js";
import { codePath } from "../../stdlib/code-loading.js";
import { inspect } from "../../runtime/inspect.js";
import type { DocTarget } from "./open.js";
import { otherKindHint } from "./typespecs.js";

const WIDTH = 80;
const RESET = "\x1b[0m";

/** h/0: IEx.Helpers' module doc. */
export function helpH0(pal: Palette): string {
  return renderBlock("IEx.Helpers", docModules().get("Elixir.IEx.Helpers")?.moduledoc ?? "", pal);
}

/** h/1: docs for a module, a function (all arities) or one function/arity. */
export function helpDoc(rt: Runtime, t: DocTarget, pal: Palette): string {
  if (t.module === null && t.fun === null) return "Invalid arguments for h helper\n";
  if (t.fun === null) return moduleHelp(rt, t.module!, pal);
  // Modules compiled in the shell (or by c/1) have no docs chunk, as in iex; those compiled
  // to a directory (c/2) have theirs in their object file.
  const def = t.module === null ? undefined : rt.modules.get(t.module);
  if (def !== undefined && !def.library && !docModules().has(t.module!)) {
    const docs = objectDocs(rt, t.module!);
    if (docs === null) return `${displayName(t.module!)} was not compiled with docs\n`;
    return objectFunctionHelp(docs, t.module!, t.fun, t.arity, pal);
  }
  const modules = t.module === null ? ["Elixir.Kernel", "Elixir.IEx.Helpers", "Elixir.Kernel.SpecialForms"] : [t.module];
  for (const m of modules) {
    const doc = docModules().get(m);
    const found: [number, string][] = (doc ? functionDocs(doc, t.fun, t.arity) : []).map((f) => [f.arities[f.arities.length - 1], functionBlock(f, pal, t.arity)]);
    // What Elixir leaves undocumented shows its heading and specs only, as in iex.
    for (const u of undocumented().functions.get(m) ?? []) {
      if (u.name === t.fun && (t.arity === null || (t.arity <= u.arity && t.arity >= u.arity - u.defaults))) found.push([u.arity, undocumentedBlock(u, pal)]);
    }
    if (found.length > 0) return found.sort((x, y) => x[0] - y[0]).map(([, s]) => s).join("");
  }
  if (t.module !== null && (def?.library || docModules().has(t.module))) {
    const hint = otherKindHint(t.module, t.fun, t.arity);
    if (hint !== null) return hint;
  }
  const shown = (t.module === null ? "Kernel." : displayName(t.module) + ".") + t.fun + (t.arity === null ? "" : "/" + t.arity);
  if (t.module !== null && !rt.modules.has(t.module) && !docModules().has(t.module)) {
    return `Could not load module ${displayName(t.module)}, got: nofile\n`;
  }
  // An Erlang module has no docs chunk here: IEx could show only a function's specs, and
  // without one it says the module has no docs.
  if (t.module !== null && !t.module.startsWith("Elixir.") && !docModules().has(t.module)) return `${displayName(t.module)} was not compiled with docs\n`;
  return `No documentation for ${shown} was found\n`;
}

function moduleHelp(rt: Runtime, module: string, pal: Palette): string {
  const def = rt.modules.get(module);
  if (def !== undefined && !def.library && !docModules().has(module)) {
    const docs = objectDocs(rt, module);
    if (docs === null) return `${displayName(module)} was not compiled with docs\n`;
    const [, , , , moduledoc, meta] = docs as Term[];
    const text = docText(moduledoc);
    if (text === null) return `No documentation for ${displayName(module)} was found\n`;
    return headingBlock(displayName(module), pal) + metadataLines(metadataOf(meta), pal) + renderMarkdown(text.replace(/^\n+|\s+$/g, ""), pal) + "\n\n";
  }
  const doc = docModules().get(module);
  if (doc !== undefined) return renderBlock(displayName(module), doc.moduledoc, pal);
  if (rt.modules.has(module) && undocumented().modules.has(module)) return `No documentation for ${displayName(module)} was found\n`;
  if (rt.modules.has(module)) return `${displayName(module)} was not compiled with docs\n`;
  return `Could not load module ${displayName(module)}, got: nofile\n`;
}

/** `Elixir.Enum` → `Enum`, `lists` → `:lists`. */
export function displayName(module: string): string {
  return inspect(module === "nil" ? null : module === "true" ? true : module === "false" ? false : a(module));
}

function functionDocs(doc: ModuleDoc, fun: string, arity: number | null): FunctionDoc[] {
  return doc.functions.filter((f) => f.name === fun && (arity === null || f.arities.includes(arity)));
}

/**
 * A function's entry. Asked for one arity, IEx shows the specs of that arity only: `h
 * Map.get/2` shows get/3's doc (its default argument gives get/2) without get/3's spec.
 */
function functionBlock(f: FunctionDoc, pal: Palette, arity: number | null = null): string {
  const shown = f.specs.filter((s) => arity === null || (specArity(s) ?? arity) === arity);
  const spec = shown.length > 0 ? shown.map((s) => specLines(s, pal)).join("") + "\n" : "";
  const meta = metadataLines(f.meta, pal);
  const body = f.doc.replace(/^\n+|\s+$/g, "");
  const rest = body === "" ? (spec === "" && meta === "" ? "\n\n" : "") : renderMarkdown(body, pal) + "\n\n";
  return headingBlock(`${f.kind} ${f.signature}`, pal) + spec + meta + rest;
}

/** A function Elixir leaves undocumented: its heading, its specs and its metadata. */
function undocumentedBlock(u: UndocumentedFunction, pal: Palette): string {
  const specs = u.specs.length > 0 ? u.specs.map((s) => specLines(s, pal)).join("") + "\n" : "";
  return headingBlock(`${u.kind} ${u.signature}`, pal) + specs + metadataLines(u.meta, pal);
}

/**
 * `  @spec ...` as IEx prints a spec: laid out by the code formatter in 80 columns, `@spec`
 * in the inline-code colour, every line indented by two.
 */
function specLines(spec: string, pal: Palette): string {
  let text = "@spec " + spec;
  try {
    const quoted = [a("@"), NIL, list([[a("spec"), NIL, list([stripLines(astToTerm(parse(spec)))])]])];
    text = format(quotedToAlgebra(quoted), WIDTH);
  } catch {
    // a spec our parser cannot read stays on one line
  }
  const space = text.indexOf(" ");
  const colored = paint(pal.docCode, text.slice(0, space)) + text.slice(space);
  return "  " + colored.replace(/\n/g, "\n  ") + "\n";
}

/** How many arguments a spec's function head takes (its own arity when unreadable: shown). */
function specArity(spec: string): number | null {
  try {
    let head = parse(spec);
    while (isNode(head) && (head.name === "when" || head.name === "::") && head.args?.length === 2) head = head.args[0];
    return isNode(head) && head.args !== null ? head.args.length : null;
  } catch {
    return null;
  }
}

/** Quoted form without line numbers (IEx formats specs that carry none that matter). */
function stripLines(t: unknown): unknown {
  if (Array.isArray(t)) {
    if (t.length === 3) return [stripLines(t[0]), NIL, stripLines(t[2])];
    return t.map(stripLines);
  }
  if (t !== null && typeof t === "object" && "h" in t && "t" in t) {
    const c = t as { h: unknown; t: unknown };
    return list([stripLines(c.h), ...listItems(c.t).map(stripLines)]);
  }
  return t;
}

function listItems(l: unknown): unknown[] {
  const out: unknown[] = [];
  let x = l as { h?: unknown; t?: unknown };
  while (x !== null && typeof x === "object" && "h" in x) {
    out.push(x.h);
    x = x.t as { h?: unknown; t?: unknown };
  }
  return out;
}

/** IO.ANSI.Docs.print_metadata: `key: value` lines (long values wrapped), then a blank line. */
function metadataLines(meta: DocMetadata, pal: Palette): string {
  let out = "";
  for (const key of ["delegate_to", "deprecated", "guard", "since"] as const) {
    const value = meta[key];
    if (value === undefined) continue;
    const label = paint(pal.docHeading, key + ":");
    if (typeof value === "boolean" || key === "delegate_to") out += label + " " + String(value) + "\n";
    else out += wrapWords([key + ":", ...value.split(/[ \n\t]/)], " ".repeat(key.length + 2)).replace(key + ":", label) + "\n";
  }
  return out === "" ? "" : out + "\n";
}

/** Words filled into lines of fewer than 80 columns, continuation lines indented. */
function wrapWords(words: string[], indent: string): string {
  const lines: string[] = [];
  let i = 0;
  while (i < words.length) {
    let available = WIDTH;
    const taken: string[] = [];
    while (i < words.length) {
      const left = available - words[i].length;
      if (left > 0) {
        taken.push(words[i++]);
        available = left - 1;
      } else {
        if (taken.length === 0) taken.push(words[i++]);
        break;
      }
    }
    lines.push((lines.length === 0 ? "" : indent) + taken.join(" "));
  }
  return lines.join("\n");
}

function headingBlock(heading: string, pal: Palette): string {
  const left = Math.max(0, Math.floor((WIDTH - heading.length) / 2));
  const head = " ".repeat(left) + heading;
  if (pal.enabled) return RESET + "\n\x1b[7m" + pal.docHeading + head.padEnd(WIDTH) + RESET + "\n" + RESET + "\n";
  return "\n" + head + "\n\n";
}

/** A heading centred in 80 columns, then the body (Markdown rendered for the terminal). */
function renderBlock(heading: string, body: string, pal: Palette): string {
  return headingBlock(heading, pal) + renderMarkdown(body.replace(/^\n+|\s+$/g, ""), pal) + "\n\n";
}

/** Renders the small Markdown subset the docs use: headings, code blocks, `inline code`. */
export function renderMarkdown(text: string, pal: Palette): string {
  const lines = text.split("\n");
  // A blank line inside a code block keeps the block's indentation, as iex prints it.
  const isCode = (l: string | undefined) => l !== undefined && l.startsWith("    ");
  const filled = lines.map((l, i) => (l === "" && isCode(lines[i - 1]) && isCode(lines[i + 1]) ? "    " : l));
  if (!pal.enabled) return filled.join("\n");
  return filled
    .map((line) => {
      if (/^#+ /.test(line)) return paint(pal.docHeading, line);
      if (line.startsWith("    ")) return paint(pal.docCode, line);
      return line.replace(/`([^`]+)`/g, (_, code: string) => paint(pal.docCode, code));
    })
    .join("\n");
}

function paint(color: string, s: string): string {
  return color === "" ? s : color + s + RESET;
}

/** The docs_v1 term of a module compiled to an object file with docs, or null. */
function objectDocs(rt: Runtime, module: string): Term | null {
  const found = findObjectFile(rt, module, codePath({ rt }));
  if (found === null) return null;
  const docs = docsOfObject(rt, found.bytes);
  if (typeof docs === "string") return null;
  specsOfDocs.set(docs as object, debugInfoOfObject(rt, found.bytes)?.typespecs ?? NIL);
  return docs;
}

/** The typespecs kept beside each docs term read (from the same object file). */
const specsOfDocs = new WeakMap<object, Term>();

/**
 * The @spec clauses of `fun`/`arity` in an object file's typespecs, as Code.Typespec gives
 * them back: a type named without parentheses is a call (`p` → `p()`), except the variables
 * a `when` binds.
 */
function objectSpecs(typespecs: Term, fun: string, arity: number): string[] {
  const out: string[] = [];
  for (const entry of listToArray(typespecs) ?? []) {
    const [kind, quoted] = entry as [Atom, Term];
    if (kind.name !== "spec") continue;
    let body = quoted as Term[];
    const bound = new Set<string>();
    if (Array.isArray(body) && body[0] === a("when")) {
      const [, , args] = body as [Term, Term, Term];
      const [spec, constraints] = listToArray(args) as Term[];
      for (const c of listToArray(constraints) ?? []) if (Array.isArray(c) && c[0] instanceof Atom) bound.add(c[0].name);
      body = spec as Term[];
    }
    if (!Array.isArray(body) || body[0] !== a("::")) continue;
    const head = (listToArray(body[2]) ?? [])[0] as Term[];
    if (!Array.isArray(head) || head[0] !== a(fun) || (listToArray(head[2]) ?? []).length !== arity) continue;
    out.push(quotedToString(typeCalls(quoted, bound)));
  }
  return out;
}

function typeCalls(t: Term, bound: Set<string>): Term {
  if (Array.isArray(t) && t.length === 3) {
    const [name, meta, args] = t;
    if (name instanceof Atom && (args === null || args instanceof Atom)) return bound.has(name.name) ? [name, NIL, args] : [name, NIL, NIL];
    const items = listToArray(args);
    return [typeCalls(name, bound), NIL, items === null ? args : list(items.map((x) => typeCalls(x, bound)))];
  }
  if (Array.isArray(t)) return t.map((x) => typeCalls(x, bound));
  const items = t instanceof Object && "h" in (t as object) ? listToArray(t) : null;
  return items === null ? t : list(items.map((x) => typeCalls(x, bound)));
}

/** A doc entry's text: the "en" text, or null when there is none (or it is hidden). */
function docText(doc: Term): string | null {
  if (!(doc instanceof MapTerm)) return null;
  const en = doc.get("en");
  return en === undefined ? null : Buffer.from(binBytes(en as Bin)).toString("utf8");
}

/** The metadata IEx prints, from a docs_v1 entry's map. */
function metadataOf(meta: Term): DocMetadata {
  const out: DocMetadata = {};
  if (!(meta instanceof MapTerm)) return out;
  const text = (t: Term | undefined) => (t !== undefined && isBinary(t) ? Buffer.from(binBytes(t)).toString("utf8") : undefined);
  const delegate = meta.get(a("delegate_to"));
  if (Array.isArray(delegate) && delegate.length === 3) out.delegate_to = `${displayName(atomName(delegate[0]))}.${atomName(delegate[1])}/${String(delegate[2])}`;
  const deprecated = text(meta.get(a("deprecated")));
  if (deprecated !== undefined) out.deprecated = deprecated;
  if (meta.get(a("guard")) === true) out.guard = true;
  const since = text(meta.get(a("since")));
  if (since !== undefined) out.since = since;
  return out;
}

/**
 * h/1 of a function of a module with an object file: each documented arity (a default's
 * lower arities included) with its heading, specs and metadata; hidden ones are not found,
 * and a callback or type of that name is pointed to.
 */
function objectFunctionHelp(docs: Term, module: string, fun: string, arity: number | null, pal: Palette): string {
  const entries = listToArray((docs as Term[])[6]) ?? [];
  const blocks: string[] = [];
  let other: "callback" | "type" | null = null;
  for (const e of entries) {
    const [[kind, name, ar], , sig, doc, meta] = e as [[Atom, Atom, number], Term, Term, Term, Term];
    if (name.name !== fun) continue;
    const defaults = meta instanceof MapTerm && typeof meta.get(a("defaults")) === "number" ? (meta.get(a("defaults")) as number) : 0;
    const matches = arity === null || (arity <= ar && arity >= ar - defaults);
    if (!matches) continue;
    if (kind.name === "callback" || kind.name === "macrocallback") {
      other ??= "callback";
      continue;
    }
    if (kind.name === "type") {
      other ??= "type";
      continue;
    }
    if (doc === a("hidden")) continue;
    const signature = Buffer.from(binBytes((listToArray(sig) ?? [""])[0] as Bin)).toString("utf8");
    const text = docText(doc);
    const body = text === null ? "" : text.replace(/^\n+|\s+$/g, "");
    const arities = arity === null ? Array.from({ length: defaults + 1 }, (_, i) => ar - defaults + i) : [arity];
    const specs = arities.flatMap((n) => objectSpecs(specsOfDocs.get(docs as object) ?? NIL, fun, n));
    const spec = specs.length > 0 ? specs.map((x) => specLines(x, pal)).join("") + "\n" : "";
    blocks.push(headingBlock(`${kind.name === "macro" ? "defmacro" : "def"} ${signature}`, pal) + spec + metadataLines(metadataOf(meta), pal) + (body === "" ? "" : renderMarkdown(body, pal) + "\n\n"));
  }
  if (blocks.length > 0) return blocks.join("");
  const shown = `${displayName(module)}.${fun}${arity === null ? "" : "/" + arity}`;
  if (other !== null) return `No documentation for function ${shown} was found, but there is a ${other} with the same name.\nYou can view ${other} documentation with the ${other === "callback" ? "b" : "t"}/1 helper.\n\n`;
  return `No documentation for ${shown} was found\n`;
}
