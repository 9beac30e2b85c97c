// Test helpers: evaluate Elixir source on a fresh runtime with a virtual clock, driving the
// scheduler deterministically (no sleeps, no real time).
import { parse } from "../../src/lang/parser.js";
import { createRuntime } from "../../src/boot.js";
import { VirtualClock } from "../../src/runtime/clock.js";
import { evalQuoted } from "../../src/runtime/compiler/eval.js";
import { topEnv } from "../../src/runtime/compiler/env.js";
import { generatorCode } from "../../src/runtime/generator-code.js";
import { inspect } from "../../src/runtime/inspect.js";
import type { Process } from "../../src/runtime/process.js";
import type { Runtime } from "../../src/runtime/runtime.js";
import type { Term } from "../../src/runtime/term.js";

export interface TestRuntime {
  rt: Runtime;
  clock: VirtualClock;
  output: string[];
}

export function testRuntime(contextReds?: number): TestRuntime {
  const clock = new VirtualClock();
  const output: string[] = [];
  const rt = createRuntime({ clock, write: (s) => output.push(s), contextReds });
  return { rt, clock, output };
}

/**
 * Spawns a process evaluating `src` as a script is (macros expanded, modules compiled by
 * that process); returns it without running the scheduler. Its result is `[value]` in p.x.
 */
export function spawnEval(rt: Runtime, src: string): Process {
  const ast = parse(src, { file: "test" });
  const code = generatorCode("", "eval", 0, function* () {
    const r = yield* evalQuoted(rt, ast, { names: [], values: [] }, topEnv("test", false));
    return [r.value];
  });
  return rt.spawn(code, []);
}

/** Evaluates `src` to completion; returns the value (throws if the process died). */
export function evaluate(src: string, t: TestRuntime = testRuntime()): Term {
  const p = spawnEval(t.rt, src);
  t.rt.runUntilIdle();
  if (p.status !== "exited" || (p.exitReason as { name?: string })?.name !== "normal") {
    throw new Error("evaluation did not finish: " + inspect(p.exitReason ?? null) + " status " + p.status);
  }
  return (p.x as Term[])[0];
}

/** `inspect` of the value of `src`. */
export function evalsTo(src: string, t?: TestRuntime): string {
  return inspect(evaluate(src, t));
}
