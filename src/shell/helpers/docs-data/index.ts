// The documentation table for h/1: one entry per module, each function written as
// [signature, spec, doc]. Signatures use `\\` for default arguments, so one entry covers
// several arities (as Elixir's docs do).
import { ENUM } from "./enum.js";
import { GEN_SERVER } from "./gen-server.js";
import { IEX_HELPERS } from "./iex-helpers.js";
import { KERNEL } from "./kernel.js";
import { LIST } from "./list.js";
import { MAP } from "./map.js";
import { PROCESS } from "./process.js";
import { STRING } from "./string.js";

/** A module's docs as written in the data files. */
export interface RawModuleDoc {
  module: string;
  moduledoc: string;
  /** [signature (optionally prefixed with "defmacro "), spec ("" for none), doc]. */
  functions: [string, string, string][];
}

export interface FunctionDoc {
  name: string;
  kind: "def" | "defmacro";
  signature: string;
  arities: number[];
  spec: string;
  doc: string;
}

export interface ModuleDoc {
  module: string;
  moduledoc: string;
  functions: FunctionDoc[];
}

const RAW: RawModuleDoc[] = [ENUM, STRING, MAP, LIST, KERNEL, PROCESS, GEN_SERVER, IEX_HELPERS];

let table: Map<string, ModuleDoc> | null = null;

/** All documented modules by module name ("Elixir.Enum"). */
export function docModules(): Map<string, ModuleDoc> {
  if (table === null) table = new Map(RAW.map((m) => [m.module, parseModule(m)]));
  return table;
}

function parseModule(m: RawModuleDoc): ModuleDoc {
  return { module: m.module, moduledoc: m.moduledoc, functions: m.functions.map(parseFunction) };
}

/** `split(string, pattern, options \\ [])` → name "split", arities [2, 3]. */
export function parseFunction([sig, spec, doc]: [string, string, string]): FunctionDoc {
  const kind = sig.startsWith("defmacro ") ? "defmacro" : "def";
  const signature = sig.replace(/^defmacro /, "");
  const open = signature.indexOf("(");
  const name = open < 0 ? signature : signature.slice(0, open);
  const args = open < 0 ? [] : splitArgs(signature.slice(open + 1, signature.lastIndexOf(")")));
  const defaults = args.filter((x) => x.includes("\\\\")).length;
  const arities: number[] = [];
  for (let n = args.length - defaults; n <= args.length; n++) arities.push(n);
  return { name, kind, signature, arities, spec, doc };
}

/** Splits an argument list at top-level commas. */
function splitArgs(s: string): string[] {
  if (s.trim() === "") return [];
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (const c of s) {
    if ("([{".includes(c)) depth++;
    if (")]}".includes(c)) depth--;
    if (c === "," && depth === 0) {
      out.push(cur.trim());
      cur = "";
    } else cur += c;
  }
  out.push(cur.trim());
  return out;
}
