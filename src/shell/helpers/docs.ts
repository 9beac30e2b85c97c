// h/0 and h/1: documentation for beamsh's built-in modules and functions, printed in
// IEx.Introspection's layout (centred heading, @spec, Markdown-ish body). The text is
// beamsh's own (src/stdlib/docs); a function entry covers every arity its default
// arguments allow.
import type { Runtime } from "../../runtime/runtime.js";
import type { Palette } from "../colors.js";
import { FunctionDoc, ModuleDoc, docModules } from "../../stdlib/docs/index.js";
import type { DocTarget } from "./quoted.js";
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
    const found = doc ? functionDocs(doc, t.fun, t.arity) : [];
    if (found.length > 0) return found.map((f) => functionBlock(f, pal)).join("");
  }
  if (t.module !== null && (def?.library || docModules().has(t.module))) {
    const hint = otherKindHint(t.module, t.fun, t.arity);
    if (hint !== null) return hint;
  }
  const shown = (t.module === null ? "Kernel." : displayName(t.module) + ".") + t.fun + (t.arity === null ? "" : "/" + t.arity);
  if (t.module !== null && !rt.modules.has(t.module) && !docModules().has(t.module)) {
    return `Could not load module ${displayName(t.module)}, got: nofile\n`;
  }
  return `No documentation for ${shown} was found\n`;
}

function moduleHelp(rt: Runtime, module: string, pal: Palette): string {
  const doc = docModules().get(module);
  if (doc !== undefined) return renderBlock(displayName(module), doc.moduledoc, pal);
  if (rt.modules.has(module)) return `${displayName(module)} was not compiled with docs\n`;
  return `Could not load module ${displayName(module)}, got: nofile\n`;
}

/** `Elixir.Enum` → `Enum`, `lists` → `:lists`. */
export function displayName(module: string): string {
  return module.startsWith("Elixir.") ? module.slice(7) : ":" + module;
}

function functionDocs(doc: ModuleDoc, fun: string, arity: number | null): FunctionDoc[] {
  return doc.functions.filter((f) => f.name === fun && (arity === null || f.arities.includes(arity)));
}

function functionBlock(f: FunctionDoc, pal: Palette): string {
  const spec = f.spec ? "  " + paint(pal.docCode, "@spec") + " " + f.spec + "\n\n" : "";
  return renderBlock(`${f.kind} ${f.signature}`, spec + f.doc.replace(/^\n+/, ""), pal);
}

/** A heading centred in 80 columns, then the body (Markdown rendered for the terminal). */
function renderBlock(heading: string, body: string, pal: Palette): string {
  const left = Math.max(0, Math.floor((WIDTH - heading.length) / 2));
  let head = " ".repeat(left) + heading;
  if (pal.enabled) head = RESET + "\n\x1b[7m" + pal.docHeading + head.padEnd(WIDTH) + RESET + "\n" + RESET + "\n";
  else head = "\n" + head + "\n\n";
  return head + renderMarkdown(body.replace(/^\n+|\s+$/g, ""), pal) + "\n\n";
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
