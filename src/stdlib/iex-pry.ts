// IEx.Pry's breakpoints (break/4,6, breaks/0, reset_break, remove_breaks): iex recompiles a
// module from its .beam's debug info with a check at the start of each broken function's
// clauses; beamsh instruments the module in memory instead. The module is defined again, a
// copy of its code as loaded (kept: :code.load_binary/3 of its object file brings it back,
// code-loading.ts), with the `iex_pry: [true]` attribute and, for each function with a
// breakpoint, an entry that asks IEx.Pry.__break__/4 (prelude/iex.ex: the breakpoint's table
// row, its condition, the pry session) before running the function's own code.
import type { Code, Frame, NativeFn, ProcLike, Status } from "../runtime/code.js";
import { resumableCode } from "../runtime/code.js";
import { enterTarget } from "../runtime/calls.js";
import { Fun } from "../runtime/fun.js";
import type { ModuleDef } from "../runtime/modules.js";
import type { Runtime } from "../runtime/runtime.js";
import { Atom, Term, a, atomName, list, listToArray, tuple } from "../runtime/term.js";
import { firstLine } from "./library-frames.js";
import { keepObjectCode, objectCodeOf, restoreObjectCode } from "./code-loading.js";

const OK = a("ok");
const error = (why: string): Term => tuple(a("error"), a(why));

/** The function's own code in `def`: a function, or a macro's ("MACRO-name", one argument more). */
function codeOf(def: ModuleDef, name: string, arity: number): [string, Code] | null {
  const f = def.fns.get(`${name}/${arity}`);
  if (f !== undefined) return [`${name}/${arity}`, f];
  const m = def.fns.get(`MACRO-${name}/${arity + 1}`);
  return m !== undefined ? [`MACRO-${name}/${arity + 1}`, m] : null;
}

/**
 * Whether a breakpoint can be set on `module`'s name/arity, as IEx.Pry checks the module's
 * .beam: a module without an object file (defined at the prompt or compiled in memory) has
 * no debug info to instrument; one not written in Elixir cannot be recompiled from it.
 */
function breakable([module, fa]: Term[], p: ProcLike): Term {
  const rt = p.rt as Runtime;
  const name = atomName(module);
  const def = objectCodeOf(rt, name) ?? rt.modules.get(name);
  if (def === undefined || !def.library) return error("no_beam_file");
  if (!name.startsWith("Elixir.")) return error("non_elixir_module");
  const [fun, arity] = fa as [Atom, number];
  return codeOf(def, fun.name, arity) === null ? error("unknown_function_arity") : OK;
}

/** An entry running `orig` with the arguments it is given (the fun IEx.Pry.__break__/4 applies). */
function entering(orig: Code): Code {
  return resumableCode(orig.module, orig.name, orig.arity, (f: Frame, p: ProcLike): Status => enterTarget(p, orig, f.r.slice(0, orig.arity), f.up));
}

/** The entry standing for a function with a breakpoint (`ref`, its row in the IEx.Pry table). */
function breakpointEntry(orig: Code, ref: Term, fa: Term, location: Term): Code {
  const original = new Fun(orig.arity, entering(orig), []);
  return resumableCode(orig.module, orig.name, orig.arity, (f: Frame, p: ProcLike): Status => {
    const args = f.r.slice(0, orig.arity);
    const check = (p.rt as Runtime).modules.lookup("Elixir.IEx.Pry", "__break__", 5);
    if (check === null) return enterTarget(p, orig, args, f.up);
    return enterTarget(p, check, [ref, tuple(a(orig.module), fa), list(args), location, original], f.up);
  });
}

/**
 * Defines `module` again from its code as loaded, with a breakpoint entry for each of
 * `entries` ([{ref, {name, arity}}]) and the iex_pry attribute.
 */
function instrument([module, entries]: Term[], p: ProcLike): Term {
  const rt = p.rt as Runtime;
  const name = atomName(module);
  const loaded = objectCodeOf(rt, name) ?? rt.modules.get(name);
  if (loaded === undefined) return error("no_beam_file");
  keepObjectCode(rt, loaded);
  const fns = new Map(loaded.fns);
  for (const entry of listToArray(entries) ?? []) {
    const [ref, fa] = entry as [Term, [Atom, number]];
    const found = codeOf(loaded, fa[0].name, fa[1]);
    if (found === null) continue;
    const [key, orig] = found;
    // (a library function stops where Elixir's source has its first expression)
    const file = orig.file || loaded.file || "nofile";
    const line = (loaded.library ? firstLine(name, `${fa[0].name}/${fa[1]}`) : undefined) ?? (orig.line || 1);
    const location = list([tuple(a("file"), file), tuple(a("line"), line)]);
    fns.set(key, breakpointEntry(orig, ref, fa, location));
  }
  const persisted: [string, Term][] = [["iex_pry", list([true])], ...(loaded.persisted ?? []).filter(([k]) => k !== "iex_pry")];
  rt.modules.define({ ...loaded, fns, persisted });
  return OK;
}

/** Puts `module`'s code as loaded back (its breakpoints gone): :ok, or {:error, :no_beam_file}. */
function deinstrument([module]: Term[], p: ProcLike): Term {
  const rt = p.rt as Runtime;
  return restoreObjectCode(rt, atomName(module)) ? OK : error("no_beam_file");
}

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "beamsh_pry_breaks",
  fns: {
    "breakable/2": breakable,
    "instrument/2": instrument,
    "deinstrument/1": deinstrument,
  },
};
