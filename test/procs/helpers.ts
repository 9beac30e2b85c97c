// Helpers for process tests: run Elixir source in a process on a virtual-clock runtime and
// look at what it returned or how it died, without ever sleeping.
import type { Process } from "../../src/runtime/process.js";
import { inspect } from "../../src/runtime/inspect.js";
import { TestRuntime, spawnEval, testRuntime } from "../helpers/eval.js";

export { testRuntime, spawnEval };
export type { TestRuntime };

/** The inspected value a finished process returned ("<running>" / "<died: reason>" otherwise). */
export function resultOf(p: Process): string {
  if (p.status !== "exited") return "<" + p.status + ">";
  if ((p.exitReason as { name?: string })?.name !== "normal") return "<died: " + inspect(p.exitReason) + ">";
  return inspect((p.x as unknown[])[0]);
}

/**
 * Runs `src` in a new process until it ends; whenever every process is blocked, virtual
 * time jumps to the next timer (so `Process.sleep(10)` costs nothing).
 */
export function runSrc(src: string, t: TestRuntime = testRuntime()): string {
  const p = spawnEval(t.rt, src);
  runToEnd(t, p);
  return resultOf(p);
}

export function runToEnd(t: TestRuntime, p: Process, maxJumps = 10_000): void {
  t.rt.runUntilIdle();
  for (let i = 0; i < maxJumps && p.status !== "exited"; i++) {
    const next = t.rt.clock.nextDeadline();
    if (next === null) break;
    t.clock.advance(Math.max(0, next - t.clock.now()));
    t.rt.runUntilIdle();
  }
}

/** Advances virtual time in `stepMs` increments up to `totalMs`, running the scheduler each time. */
export function advance(t: TestRuntime, totalMs: number, stepMs = 1): void {
  for (let elapsed = 0; elapsed < totalMs; elapsed += stepMs) {
    t.clock.advance(stepMs);
    t.rt.runUntilIdle();
  }
}
