// The library's documentation, as h/1 and Code.fetch_docs/1 show it: beamsh's own text
// (text/*.md), built into docs.json by docs.gen.exs with each function's signature and
// @spec from Elixir and each example's result computed by Elixir.
import { readFileSync } from "node:fs";

export interface FunctionDoc {
  name: string;
  kind: "def" | "defmacro";
  /** As Elixir writes it, `\\` marking default arguments. */
  signature: string;
  /** The arities the entry covers (one per default argument left out). */
  arities: number[];
  spec: string;
  doc: string;
}

export interface ModuleDoc {
  module: string;
  moduledoc: string;
  functions: FunctionDoc[];
}

type Raw = { module: string; moduledoc: string; functions: [string, number, "def" | "defmacro", string, string, string][] };

let table: Map<string, ModuleDoc> | null = null;

/** All documented modules by module name ("Elixir.Enum"). */
export function docModules(): Map<string, ModuleDoc> {
  if (table === null) {
    // src/stdlib/docs/docs.json, next to this file's source (dist/src/stdlib/docs → src/stdlib/docs).
    const file = new URL("../../../../src/stdlib/docs/docs.json", import.meta.url);
    let raw: Raw[] = [];
    try {
      raw = JSON.parse(readFileSync(file, "utf8"));
    } catch {
      raw = [];
    }
    table = new Map(raw.map((m) => [m.module, { module: m.module, moduledoc: m.moduledoc, functions: m.functions.map(entry) }]));
  }
  return table;
}

function entry([name, arity, kind, signature, spec, doc]: Raw["functions"][number]): FunctionDoc {
  const defaults = (signature.match(/\\\\/g) ?? []).length;
  const arities: number[] = [];
  for (let n = arity - defaults; n <= arity; n++) arities.push(n);
  return { name, kind, signature, arities, spec, doc };
}
