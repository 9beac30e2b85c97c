// t/1 (types) and b/1 (callbacks), laid out as IEx.Introspection prints them: each
// definition with its `@type`/`@callback` word coloured, a blank line after it, then the doc
// metadata. Definitions of the library's modules come from typespecs.json (facts generated
// from Elixir's and OTP's debug info); modules compiled in the shell carry no typespecs
// chunk, exactly as iex says of them.
import type { Runtime } from "../../runtime/runtime.js";
import type { Palette } from "../colors.js";
import { type CallbackSpec, type ModuleTypespecs, type TypeSpec, libraryTypespecs } from "../../stdlib/docs/index.js";
import { displayName } from "./docs.js";
import type { DocTarget } from "./open.js";

const RESET = "\x1b[0m";

/** The typespecs of a module, or the message iex gives when it cannot read them. */
function moduleSpecs(rt: Runtime, module: string): ModuleTypespecs | string {
  const def = rt.modules.get(module);
  if (def === undefined) return `Could not load module ${displayName(module)}, got: nofile\n`;
  if (!def.library) return `Beam code not available for ${displayName(module)} or debug info is missing, cannot load typespecs\n`;
  return libraryTypespecs().get(module) ?? { types: [], callbacks: [], optional: "" };
}

/** `@type t() :: ...` with the leading word in the doc-code colour. */
function definition(text: string, pal: Palette): string {
  if (!pal.enabled || pal.docCode === "") return text;
  const space = text.indexOf(" ");
  return pal.docCode + text.slice(0, space) + RESET + text.slice(space);
}

/** One entry as print_typespec shows it: definitions, a blank line, then metadata lines. */
function entry(texts: string[], meta: string, pal: Palette): string {
  const defs = texts.map((t) => definition(t, pal) + "\n").join("") + "\n";
  if (meta === "") return defs;
  const lines = meta.replace(/^(\w+):/gm, (_, k: string) => (pal.enabled ? pal.docHeading + k + ":" + RESET : k + ":"));
  return defs + lines + "\n";
}

/** t/1: a module's public types, or those of one name (and arity). */
export function typesHelp(rt: Runtime, t: DocTarget, pal: Palette): string {
  const specs = moduleSpecs(rt, t.module!);
  if (typeof specs === "string") return specs;
  const mod = displayName(t.module!);
  if (t.fun === null) {
    if (specs.types.length === 0) return `No type information for ${mod} was found\n`;
    return specs.types.map((ty) => definition(ty.text, pal) + "\n\n").join("");
  }
  const found = specs.types.filter((ty: TypeSpec) => ty.kind !== "typep" && ty.name === t.fun && (t.arity === null || ty.arity === t.arity));
  if (found.length === 0) return `No type information for ${mod}.${t.fun} was found or ${mod}.${t.fun} is private\n`;
  return found.map((ty) => entry([ty.text], ty.meta, pal)).join("");
}

/** b/1: a behaviour's callbacks (and its optional ones), or the callbacks of one name (and arity). */
export function callbacksHelp(rt: Runtime, t: DocTarget, pal: Palette): string {
  const specs = moduleSpecs(rt, t.module!);
  if (typeof specs === "string") return specs;
  const mod = displayName(t.module!);
  if (t.fun === null) {
    if (specs.callbacks.length === 0) return `No callbacks for ${mod} were found\n`;
    const all = specs.callbacks.map((c) => c.texts.map((x) => definition(x, pal) + "\n").join("") + "\n").join("");
    return all + (specs.optional === "" ? "" : definition(specs.optional, pal) + "\n\n");
  }
  const found = callbacksNamed(specs, t.fun, t.arity);
  if (found.length === 0) return `No documentation for ${mod}.${t.fun}${t.arity === null ? "" : "/" + t.arity} was found\n`;
  return found.map((c) => entry(c.texts, c.meta, pal)).join("");
}

function callbacksNamed(specs: ModuleTypespecs, fun: string, arity: number | null): CallbackSpec[] {
  return specs.callbacks.filter((c) => c.name === fun && (arity === null || c.arity === arity));
}

/**
 * What h/1 says of a name with no function docs that names a callback or a public type of
 * a library module (iex points to b/1 or t/1), or null.
 */
export function otherKindHint(module: string, fun: string, arity: number | null): string | null {
  const specs = libraryTypespecs().get(module);
  if (specs === undefined) return null;
  const shown = `${displayName(module)}.${fun}${arity === null ? "" : "/" + arity}`;
  if (callbacksNamed(specs, fun, arity).length > 0) {
    return `No documentation for function ${shown} was found, but there is a callback with the same name.\nYou can view callback documentation with the b/1 helper.\n\n`;
  }
  if (specs.types.some((ty) => ty.kind !== "typep" && ty.name === fun && (arity === null || ty.arity === arity))) {
    return `No documentation for function ${shown} was found, but there is a type with the same name.\nYou can view type documentation with the t/1 helper.\n\n`;
  }
  return null;
}
