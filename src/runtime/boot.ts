// Builds a ready runtime: natives, the prelude (library code written in Elixir), and the
// hooks that connect the machine to the library (inspect for messages, enumerables, regexes).
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "../lang/parser.js";
import { installNatives } from "../stdlib/index.js";
import { enumMember, enumToArray } from "../stdlib/enumerable.js";
import { toStringTerm } from "./string-chars.js";
import { makeRegex, regexMatch } from "../stdlib/regex.js";
import type { Code } from "./code.js";
import { enumHooks, regexHooks, strHooks } from "./compiler/support.js";
import { CompiledModule, compileModule } from "./compiler/module.js";
import { newEnv } from "./compiler/unit.js";
import { hostFor } from "./host.js";
import { setStructFieldsResolver } from "./inspect.js";
import { MapTerm } from "./map.js";
import { Runtime, RuntimeOptions } from "./runtime.js";
import { Bin, Term } from "./term.js";
import type { Ast, AstNode } from "../lang/ast.js";


// inspect() learns user struct field order from the runtimes alive in this JS process
// (newest first); a module name is looked up where it is defined.
const live: WeakRef<Runtime>[] = [];
setStructFieldsResolver((mod) => {
  for (let i = live.length - 1; i >= 0; i--) {
    const rt = live[i].deref();
    if (rt === undefined) {
      live.splice(i, 1);
      continue;
    }
    const def = rt.modules.get(mod.name);
    if (def?.struct) return def.struct.map(([k]) => k).filter((k) => k !== "__exception__");
  }
  return null;
});
enumHooks.toArray = (e) => enumToArray(e);
enumHooks.member = (e, x) => enumMember(e, x);
strHooks.toString = (t) => toStringTerm(t);
regexHooks.make = (src, opts) => makeRegex(src, opts);
regexHooks.match = (s: Term, re: Term) => regexMatch(re as MapTerm, s as string | Bin);

/** Where the prelude's .ex files live (src/prelude, next to the compiled dist/). */
function preludeDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // dist/src/runtime → ../../../src/prelude
  return join(here, "..", "..", "..", "src", "prelude");
}

let preludeCache: CompiledModule[] | null = null;
let usingCache: Map<string, Ast[]> | null = null;

/** `src/prelude/using/Mod.Name.ex`: the body `use Mod.Name` injects (def forms). */
function loadUsingTemplates(): Map<string, Ast[]> {
  const dir = join(preludeDir(), "using");
  const out = new Map<string, Ast[]>();
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir).filter((x) => x.endsWith(".ex"))) {
    const ast = parse(readFileSync(join(dir, f), "utf8"), { file: "lib/using/" + f }) as AstNode;
    const items = ast !== null && typeof ast === "object" && (ast as AstNode).name === "__block__" ? (ast.args as Ast[]) : [ast as Ast];
    out.set("Elixir." + f.slice(0, -3), items);
  }
  return out;
}

function compilePrelude(rt: Runtime): CompiledModule[] {
  const dir = preludeDir();
  // Kernel first: other prelude modules call its functions unqualified (implicit import).
  const files = readdirSync(dir).filter((f) => f.endsWith(".ex")).sort((x, y) => (x === "kernel.ex" ? -1 : y === "kernel.ex" ? 1 : x < y ? -1 : 1));
  const out: CompiledModule[] = [];
  for (const f of files) {
    const src = readFileSync(join(dir, f), "utf8");
    const ast = parse(src, { file: "lib/" + f });
    const items = (ast as AstNode).name === "__block__" ? (ast as AstNode).args! : [ast];
    for (const item of items) {
      const m = compileModule(hostFor(rt), item as AstNode, newEnv(), "lib/" + f);
      out.push(m);
      install(rt, m);
    }
  }
  return out;
}

/** Prelude modules extend the native modules of the same name. */
function install(rt: Runtime, m: CompiledModule): void {
  for (const n of m.nested) install(rt, n);
  rt.addFunctions(m.name, m.fns as Map<string, Code>);
  const def = rt.modules.get(m.name)!;
  if (m.struct) def.struct = m.struct;
  if (m.exception) def.exception = true;
}

/** A runtime with the whole library loaded. */
export function createRuntime(opts: RuntimeOptions = {}): Runtime {
  const rt = new Runtime(opts);
  live.push(new WeakRef(rt));
  installNatives(rt);
  if (usingCache === null) usingCache = loadUsingTemplates();
  for (const [k, v] of usingCache) rt.usingTemplates.set(k, v);
  if (preludeCache === null) preludeCache = compilePrelude(rt);
  else for (const m of preludeCache) install(rt, m);
  return rt;
}
