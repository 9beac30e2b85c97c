// Whether modules are there: Code.ensure_loaded/ensure_compiled and friends, :code's view
// of loaded modules, and macro_exported?/3. Every module beamsh knows is loaded (there are
// no .beam files to load later): a module is available exactly when the module table has it.
import type { Code, NativeFn } from "../runtime/code.js";
import { libraryBehaviourCodes } from "../runtime/compiler/behaviours.js";
import { argumentError } from "../runtime/errors.js";
import { fce } from "../runtime/arith.js";
import { inspectAtom } from "../runtime/inspect.js";
import { macrosOf } from "../runtime/module-info.js";
import type { Runtime } from "../runtime/runtime.js";
import { Atom, Cons, NIL, Term, a, atomName, list, tuple } from "../runtime/term.js";
import { ELIXIR_EBIN } from "./protocol.js";
import { cwdOf, fileName } from "./file.js";
import { existsSync } from "node:fs";
import { resolve } from "node:path";

const isAtomTerm = (t: Term): boolean => t instanceof Atom || t === null || t === true || t === false;
const loaded = (p: { rt: unknown }, m: Term): boolean => isAtomTerm(m) && (p.rt as Runtime).modules.has(atomName(m));
const MODULE = a("module");
const NOFILE = tuple(a("error"), a("nofile"));

/** A native of `mod.fun/1` that only accepts atoms (FunctionClauseError otherwise, as Elixir's guard). */
function onAtom(mod: string, fun: string, f: (m: Term, p: { rt: unknown }) => Term): NativeFn {
  return (args, p) => {
    if (!isAtomTerm(args[0])) throw fce(mod, fun, args);
    return f(args[0], p);
  };
}

function ensured(fun: string): NativeFn {
  return onAtom("Elixir.Code", fun, (m, p) => {
    if (loaded(p, m)) return fun.endsWith("!") ? m : tuple(MODULE, m);
    if (fun.endsWith("!")) throw argumentError(`could not load module ${inspectAtom("literal", m)} due to reason :nofile`);
    return NOFILE;
  });
}

const charlist = (s: string): Term => list(Array.from(s, (c) => c.codePointAt(0)!));

/** Where :code says an application's directories are (Elixir's and OTP's, as installed). */
const LIB_DIRS: Record<string, string> = {
  elixir: "/usr/lib/elixir/bin/../lib/elixir",
  iex: "/usr/lib/elixir/bin/../lib/iex",
  logger: "/usr/lib/elixir/bin/../lib/logger",
  mix: "/usr/lib/elixir/bin/../lib/mix",
  eex: "/usr/lib/elixir/bin/../lib/eex",
  ex_unit: "/usr/lib/elixir/bin/../lib/ex_unit",
  kernel: "/usr/lib/erlang/lib/kernel-8.5.3",
  stdlib: "/usr/lib/erlang/lib/stdlib-4.2",
  compiler: "/usr/lib/erlang/lib/compiler-8.2.3",
};

/** Where an application's directory is (`:code.lib_dir/1`), or null when it is not one we know. */
export function applicationDir(app: string): string | null {
  return LIB_DIRS[app] ?? null;
}

function libDir(app: Term, sub?: Term): Term {
  const dir = app instanceof Atom ? LIB_DIRS[app.name] : undefined;
  if (dir === undefined) return tuple(a("error"), a("bad_name"));
  if (sub === undefined) return charlist(dir);
  return charlist(dir + "/" + atomName(sub));
}

export const natives: { module: string; fns: Record<string, NativeFn> }[] = [
  {
    module: "Elixir.Code",
    fns: {
      "ensure_loaded/1": ensured("ensure_loaded"),
      "ensure_loaded?/1": onAtom("Elixir.Code", "ensure_loaded?", (m, p) => loaded(p, m)),
      "ensure_loaded!/1": ensured("ensure_loaded!"),
      "ensure_compiled/1": ensured("ensure_compiled"),
      "ensure_compiled!/1": ensured("ensure_compiled!"),
    },
  },
  {
    module: "code",
    fns: {
      "is_loaded/1": ([m], p) => {
        if (!loaded(p, m)) return false;
        const def = (p.rt as Runtime).modules.get(atomName(m))!;
        // Modules defined in the shell have no file; the library's stand in for Elixir's ebin.
        const where = def.library ? charlist(ELIXIR_EBIN + "/" + atomName(m) + ".beam") : NIL;
        return tuple(a("file"), where);
      },
      "ensure_loaded/1": ([m], p) => (loaded(p, m) ? tuple(MODULE, m) : NOFILE),
      "load_file/1": ([m], p) => {
        if (!(m instanceof Atom)) throw fce("code", "load_file", [m]);
        return loaded(p, m) ? tuple(MODULE, m) : NOFILE;
      },
      // A .beam file holds BEAM bytecode, which beamsh does not run: it cannot be loaded.
      "load_abs/1": ([f], p) => {
        if (!(f instanceof Atom || f === NIL || f instanceof Cons)) throw fce("code", "load_abs", [f]);
        const name = fileName(f);
        if (name === null) throw fce("code", "load_abs", [f]);
        return existsSync(resolve(cwdOf(p.rt as Runtime), name + ".beam")) ? tuple(a("error"), a("badfile")) : NOFILE;
      },
      "lib_dir/1": ([app]) => libDir(app),
      "lib_dir/2": ([app, sub]) => libDir(app, sub),
      "all_loaded/0": (_args, p) => list([...(p.rt as Runtime).modules.keys()].map((m) => tuple(a(m), NIL))),
    },
  },
  {
    module: "Elixir.Kernel",
    fns: {
      "macro_exported?/3": (args, p) => {
        const [m, name, arity] = args;
        if (!isAtomTerm(m) || !(name instanceof Atom) || typeof arity !== "number" || arity < 0 || arity > 255) {
          throw fce("Elixir.Kernel", "macro_exported?", args);
        }
        const def = (p.rt as Runtime).modules.get(atomName(m));
        return def !== undefined && macrosOf(def).some(([n, ar]) => n === name.name && ar === arity);
      },
    },
  },
];

/** behaviour_info/1 of the library's behaviours (GenServer, Supervisor, :gen_server, ...). */
export const behaviourNatives: { module: string; fns: Record<string, Code> }[] = libraryBehaviourCodes().map(([module, code]) => ({
  module,
  fns: { "behaviour_info/1": code },
}));
