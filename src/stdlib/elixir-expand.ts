// :elixir_expand.expand/3 and the :elixir_env functions Elixir's own tests call with it: code
// expanded in a Macro.Env by beamsh's expander, given back in the shapes Elixir's expander
// returns (elixir-shape.ts), with the scope (the variables bound, as an opaque
// `{:elixir_ex, versioned_vars}`) and the env after it. env_to_ex/1 makes that scope from an
// env, reset_vars/1 empties an env's variables, to_caller/1 gives the env at a line.
import type { NativeFn, Code } from "../runtime/code.js";
import { Gen, generatorCode } from "../runtime/generator-code.js";
import type { NativeModule } from "../runtime/library.js";
import { MapTerm } from "../runtime/map.js";
import type { Runtime } from "../runtime/runtime.js";
import { Term, a } from "../runtime/term.js";
import { compileState, moduleHooks } from "../runtime/compiler/module-build.js";
import { Expander } from "../runtime/compiler/expand.js";
import { envFromTerm, envToTerm } from "../runtime/compiler/env.js";
import { astToTerm, termToAst } from "../runtime/compiler/quoted.js";
import { fce } from "../runtime/arith.js";
import { elixirShape } from "../runtime/compiler/elixir-shape.js";

const rtOf = (p: unknown): Runtime => (p as { rt: Runtime }).rt;

const expand3: Code = generatorCode("elixir_expand", "expand", 3, function* ([quoted, scope, envTerm], p): Gen<Term> {
  const env = envFromTerm(envTerm);
  if (env === null) throw fce("elixir_expand", "expand", [quoted, scope, envTerm]);
  const rt = rtOf(p);
  const s = compileState(rt);
  const x = new Expander(rt, s.host, moduleHooks(rt));
  try {
    const out = yield* x.expand(termToAst(quoted), env);
    const e = envToTerm(env);
    return [astToTerm(elixirShape(out)), [a("elixir_ex"), e.get(a("versioned_vars")) ?? null], e];
  } finally {
    for (const w of x.warnings) s.warn(w);
  }
});

const elixirEnv: Record<string, NativeFn> = {
  "env_to_ex/1": ([env]) => [a("elixir_ex"), (env as MapTerm).get(a("versioned_vars")) ?? null],
  "reset_vars/1": ([env]) => (env as MapTerm).put(a("versioned_vars"), MapTerm.fromPairs([])),
  "to_caller/1": ([t]) => {
    const [line, , env] = t as Term[];
    return (env as MapTerm).put(a("line"), line);
  },
};

export const natives: NativeModule[] = [
  { module: "elixir_expand", fns: { "expand/3": expand3 } },
  { module: "elixir_env", fns: elixirEnv },
];
