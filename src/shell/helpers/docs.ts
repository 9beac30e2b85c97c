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
import { quotedToAlgebra } from "../../runtime/compiler/code-formatter.js";
import { astToTerm } from "../../runtime/compiler/quoted.js";
import { NIL, a, list } from "../../runtime/term.js";
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
  // Modules compiled in the shell (or by c/1) have no docs chunk, as in iex.
  const def = t.module === null ? undefined : rt.modules.get(t.module);
  if (def !== undefined && !def.library && !docModules().has(t.module!)) return `${displayName(t.module!)} was not compiled with docs\n`;
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
