// Evaluating quoted code in the calling process, as Elixir's :elixir.eval_forms does: the
// top-level expressions one at a time — each expanded (macros may run), compiled and run
// before the next is expanded, so a module defined by one can be used by the next — with
// the variable bindings carried from one to the next. The shell, scripts, Code.eval_* and
// the prelude's compilation all go through here.
import type { Ast } from "../../lang/ast.js";
import { isNode } from "../../lang/ast.js";
import { parse } from "../../lang/parser.js";
import type { Code } from "../code.js";
import { Gen, generatorCode } from "../generator-code.js";
import type { Runtime } from "../runtime.js";
import { Atom, NIL, Term, a, list, listToArray } from "../term.js";
import { VarScope, XEnv, envToTerm, topEnv } from "./env.js";
import { compilerOption } from "../compiler-options.js";
import { BeamError } from "../errors.js";
import { Expander } from "./expand.js";
import { outerFrameFits } from "./expansion-trace.js";
import { LexicalTracker } from "./lexical-tracker.js";
import { afterVerifyScope, compileState, moduleHooks } from "./module-build.js";
import { compileEval } from "./module.js";
import { CompileError, newEnv } from "./unit.js";
import { undefinedCallWarnings } from "./xref.js";

export interface Binding {
  names: string[];
  values: Term[];
}

export interface EvalResult {
  value: Term;
  binding: Binding;
}

/**
 * A file's code (`elixir FILE`, Code.require_file/2), as elixir_compiler runs it: the whole
 * top level is expanded first — macros run, and an error anywhere is raised before anything
 * runs (a `defmodule` only becomes the call that compiles it when it runs, so a module defined
 * in the file cannot be required or its struct used at its top level) — then the variables
 * it leaves unused are warned about, then it is compiled and run as one.
 */
export function* evalFile(rt: Runtime, ast: Ast, binding: Binding, env: XEnv): Gen<EvalResult> {
  const s = compileState(rt);
  const from = s.compiled.length;
  // elixir_lexical:run: one tracker for the file and the modules it defines, whose unused
  // aliases and imports are warned about once the file has run without error
  const own = env.tracker === undefined;
  if (own) env.tracker = new LexicalTracker();
  // Code's :tracers compiler option: the file is traced (elixir_lexical:run), from :start
  // to :stop, with a Kernel.LexicalTracker started for it as its env's lexical_tracker
  const tracers = own ? tracerModules(rt) : [];
  if (tracers.length > 0) {
    const started = yield { module: "Elixir.Kernel.LexicalTracker", name: "start_link", args: [] };
    env.lexicalTracker = Array.isArray(started) ? started[1] : null;
    env.tracers = tracers;
    yield* traceEach(env, a("start"));
  }
  try {
    const r = yield* afterVerifyScope(rt, () => evalWhole(rt, ast, binding, env, from));
    if (own) for (const w of env.tracker!.warnings()) s.warn(w);
    if (own) env.tracker!.ended = true;
    return r;
  } catch (e) {
    // Code that raised is not checked (what it defined is forgotten).
    if (s.compiled.length > from) s.compiled.length = from;
    if (own) env.tracker!.ended = true;
    throw e;
  } finally {
    if (tracers.length > 0) {
      yield* traceEach(env, a("stop"));
      if (env.lexicalTracker !== null && env.lexicalTracker !== undefined) {
        yield { module: "erlang", name: "unlink", args: [env.lexicalTracker] };
        yield { module: "Elixir.Kernel.LexicalTracker", name: "stop", args: [env.lexicalTracker] };
      }
    }
  }
}

/** The modules of Code's :tracers compiler option. */
function tracerModules(rt: Runtime): string[] {
  return (listToArray(compilerOption(rt, "tracers") ?? NIL) ?? []).filter((m): m is Atom => m instanceof Atom).map((m) => m.name);
}

/** Calls each of env's tracers with `event` (an answer other than :ok is a MatchError). */
function* traceEach(env: XEnv, event: Term): Gen<void> {
  for (const tracer of env.tracers ?? []) {
    const r = yield { module: tracer, name: "trace", args: [event, envToTerm(env)] };
    if (r !== a("ok")) throw new BeamError("error", [a("badmatch"), r]);
  }
}

/**
 * A process's code that runs `source` as `elixir FILE` runs a script (evalFile: expanded whole,
 * macros included, then compiled and run) and returns the value of its last expression. For
 * programs run without a shell: the benchmarks, the observer's demo. A syntax error is thrown
 * here, as a ParseError.
 */
export function scriptCode(rt: Runtime, source: string, file: string): Code {
  const ast = parse(source, { file, line: 1 });
  return generatorCode("", "script", 0, function* (): Gen<Term> {
    const r = yield* evalFile(rt, ast, { names: [], values: [] }, topEnv(file, false));
    return r.value;
  });
}

function* evalWhole(rt: Runtime, ast: Ast, binding: Binding, env: XEnv, from: number): Gen<EvalResult> {
  const s = compileState(rt);
  env.vars = new VarScope(null);
  for (const n of binding.names) env.vars.vars.add(n);
  env.prematch = null;
  env.context = null;
  const x = new Expander(rt, s.host, moduleHooks(rt));
  const block = isNode(ast) && ast.name === "__block__";
  let expanded: Ast;
  try {
    expanded = yield* x.expand(ast, env);
    x.checkUnused(env);
  } catch (e) {
    // Only an error right at a top-level expression leaves room in the trace for the frame
    // of what ran the file (Code.require_file/2): deeper, Elixir's expander fills it.
    if (e instanceof CompileError && e.elixirFrames.length === 0 && !outerFrameFits(e.expansion, block ? 2 : 1)) e.hideFramesInScripts = true;
    throw e;
  } finally {
    for (const w of x.warnings) s.warn(w);
  }
  const codegenEnv = { ...newEnv(), defined: env.contextModules };
  const compiled = compileEval(s.host, expanded, binding.names, codegenEnv, env.file, { script: true });
  for (const w of compiled.warnings) s.warn(w);
  // (a file's code gives its last value alone, as elixir_compiler's dispatch does: no binding)
  const value = (yield { code: compiled.code, args: binding.values }) as Term;
  checkCompiled(rt, from);
  return { value, binding: { names: [], values: [] } };
}

/**
 * Evaluates `ast` with `binding`; `env` (aliases, imports, requires) is updated as it goes.
 * The remote calls of the modules it defines are checked (Module.ParallelChecker.verify)
 * once it has all run, as for a script or Code.eval_string/3 (a module may call one the
 * code defines later); the shell (`eachItem`) checks after each top-level expression.
 */
export function* evalQuoted(rt: Runtime, ast: Ast, binding: Binding, env: XEnv, eachItem = false, erlTop = false, room = 1): Gen<EvalResult> {
  const s = compileState(rt);
  const from = s.compiled.length;
  const items = isNode(ast) && ast.name === "__block__" && ast.args !== null && ast.args.length > 0 ? ast.args : [ast];
  try {
    return yield* afterVerifyScope(rt, () => evalItems(rt, items, binding, env, eachItem, from, erlTop, ast, room));
  } catch (e) {
    // Code that raised is not checked (what it defined is forgotten).
    if (s.compiled.length > from) s.compiled.length = from;
    throw e;
  }
}

function* evalItems(rt: Runtime, items: Ast[], binding: Binding, env: XEnv, eachItem: boolean, from: number, erlTop: boolean, block: Ast = null, room = 1): Gen<EvalResult> {
  const s = compileState(rt);
  const host = s.host;
  let value: Term = null;
  let current = binding;
  // iex evaluates an input the parser gave as a block in Enum.reduce/3, one expression at a
  // time: several expressions, or one the parser wraps (`not x`, `!x`).
  const reduced = eachItem && isNode(block) && block.name === "__block__";
  items = [...items];
  for (let i = 0; i < items.length; i++) {
    let item = items[i];
    env.vars = new VarScope(null);
    for (const n of current.names) env.vars.vars.add(n);
    env.prematch = null;
    env.context = null;
    const x = new Expander(rt, host, moduleHooks(rt));
    let expanded: Ast;
    try {
      // iex expands an import_file/import_file_if_available call among an input's
      // expressions first, and evaluates the file's expressions one by one in its place (a
      // module the file defines is there for the file's next expression to import).
      if (eachItem && isNode(item) && (item.name === "import_file" || item.name === "import_file_if_available") && item.args !== null && item.args.length > 0) {
        // (a macro giving nil reads as no expansion here, and one that raises raises again
        // below: both are expanded as any other expression, with the macro's frame)
        let spliced: Ast = item;
        try {
          spliced = yield* x.expandFully(item, env);
        } catch {
          spliced = item;
        }
        const parts = isNode(spliced) && spliced.name === "__block__" && spliced.args !== null ? spliced.args : [spliced];
        if (spliced !== item) items.splice(i, 1, ...parts);
        if (parts.length === 0) {
          i--;
          continue;
        }
        if (spliced !== item && isNode(items[i]) && ((items[i] as { name: unknown }).name === "import_file" || (items[i] as { name: unknown }).name === "import_file_if_available")) {
          i--;
          continue;
        }
        item = items[i];
      }
      expanded = yield* x.expand(item, env);
      // Code.eval_* expand the top-level block whole, so a value it drops is warned about
      // (iex evaluates its input's expressions one by one, and warns of none).
      if (!eachItem && i < items.length - 1 && isNode(block)) x.checkUseless(env, block, item, expanded);
    } catch (e) {
      // iex evaluates an input of several expressions one by one in Enum.reduce/3: its
      // frame shows under an error raised no deeper than an argument of one of them.
      if (reduced && e instanceof CompileError && (e.elixirFrames.length === 0 || e.framesFromExpansion) && outerFrameFits(e.expansion, 2)) e.elixirFrames = [...e.elixirFrames, REDUCE_FRAME];
      // Code.eval_*'s frame shows under an error raised at one of the code's expressions (or,
      // under `elixir -e`, whose caller's own frames are fewer, an argument of a lone one).
      const levels = room > 1 && items.length > 1 ? room - 1 : room;
      if (!eachItem && erlTop && e instanceof CompileError && e.elixirFrames.length === 0 && !outerFrameFits(e.expansion, levels)) e.callerHidden = true;
      throw e;
    } finally {
      // (What was warned before an error is printed too, before it.)
      for (const w of x.warnings) s.warn(w);
    }
    const codegenEnv = { ...newEnv(), defined: env.contextModules };
    // (iex evaluates each expression of a several-expression input on its own, in
    // Enum.reduce/3: erl_eval's top level, never in tail position, under that frame)
    const top = erlTop ? { more: i < items.length - 1 } : reduced ? { more: false, shellItem: true } : eachItem ? { more: false } : undefined;
    // (Code.eval_* evaluate the block whole: a variable a macro introduced is read by the
    // expressions after it, and left out of the binding given back)
    const compiled = compileEval(host, expanded, current.names, codegenEnv, env.file, { erlEval: true, erlTop: top, hygienic: !eachItem && i < items.length - 1 });
    for (const w of compiled.warnings) s.warn(w);
    const [v, values] = (yield { code: compiled.code, args: current.values }) as [Term, Term[]];
    value = v;
    current = { names: compiled.names, values };
    if (eachItem) checkCompiled(rt, from);
  }
  checkCompiled(rt, from);
  return { value, binding: current };
}

export const REDUCE_FRAME: Term = [a("Elixir.Enum"), a("-reduce/3-lists^foldl/2-0-"), 3, list([[a("file"), list(Array.from("lib/enum.ex", (c) => c.codePointAt(0)!))], [a("line"), 2468]])];

/** Warns about undefined remote calls in the modules compiled since the `from`th (and forgets them). */
export function checkCompiled(rt: Runtime, from = 0): void {
  const s = compileState(rt);
  if (s.compiled.length <= from || s.deferChecks) return;
  const mods = s.compiled.slice(from);
  s.compiled.length = from;
  for (const w of undefinedCallWarnings(s.host, mods)) s.warn(w);
}
