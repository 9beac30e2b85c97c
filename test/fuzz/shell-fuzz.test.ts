// Fuzz: thousands of random and mutated inputs through the parser, compiler and machine.
// Whatever the input, the result is a value, an Elixir error or a parse/compile error —
// never a JS exception escaping, a hang (runaway evaluations are bounded and killed), or a
// broken runtime.
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseStatus } from "../../src/lang/parser.js";
import { compileEval } from "../../src/runtime/compiler/module.js";
import { CompileError, newEnv } from "../../src/runtime/compiler/unit.js";
import { hostFor } from "../../src/runtime/host.js";
import { inspect } from "../../src/runtime/inspect.js";
import { liveProcesses } from "../../src/runtime/inspection.js";
import { a } from "../../src/runtime/term.js";
import { testRuntime } from "../helpers/eval.js";
import { SEEDS, TOKENS } from "./corpus.js";

/** A small deterministic PRNG so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function mutate(src: string, r: () => number): string {
  const chars = [...src];
  const n = 1 + Math.floor(r() * 3);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(r() * (chars.length + 1));
    const op = r();
    if (op < 0.4) chars.splice(at, 1);
    else if (op < 0.8) chars.splice(at, 0, TOKENS[Math.floor(r() * TOKENS.length)]);
    else chars.splice(at, 0, chars[Math.floor(r() * chars.length)] ?? "");
  }
  return chars.join("");
}

function randomTokens(r: () => number): string {
  const n = 1 + Math.floor(r() * 12);
  return Array.from({ length: n }, () => TOKENS[Math.floor(r() * TOKENS.length)]).join(" ");
}

test("random and mutated inputs never crash or hang the runtime", () => {
  const t = testRuntime(500);
  const host = hostFor(t.rt);
  const r = rng(42);
  let values = 0;
  let errors = 0;
  for (let i = 0; i < 3000; i++) {
    const src = i % 3 === 0 ? randomTokens(r) : mutate(SEEDS[i % SEEDS.length], r);
    const st = parseStatus(src, { file: "fuzz" });
    if (!st.ok) continue;
    let code;
    try {
      code = compileEval(host, st.ast, [], newEnv(), "fuzz").code;
    } catch (e) {
      if (e instanceof CompileError && !(e as CompileError & { internal?: boolean }).internal) continue;
      throw new Error(`compiler crashed on ${JSON.stringify(src)}: ${(e as Error).message}`);
    }
    const p = t.rt.spawn(code, []);
    t.rt.runUntilIdle(200);
    if (p.status !== "exited") t.rt.signals.kill(p, a("kill"));
    t.rt.runUntilIdle(200);
    if (p.exitReason === a("normal")) values++;
    else errors++;
    inspect(p.exitReason ?? null);
  }
  assert.ok(values > 100, `${values} inputs evaluated to a value`);
  assert.ok(errors > 100, `${errors} inputs raised Elixir errors`);
  // The runtime is not broken: nothing is left mid-slice, processes the inputs left behind
  // are merely waiting or runnable, and a new evaluation still gives the right answer.
  assert.equal(t.rt.scheduler.current, null);
  for (const p of liveProcesses(t.rt)) assert.ok(p.status === "waiting" || p.status === "runnable", `${inspect(p.pid)} is ${p.status}`);
  const st = parseStatus("Enum.sum(for x <- 1..10, rem(x, 2) == 0, do: x * x)", { file: "fuzz" });
  assert.ok(st.ok);
  const check = t.rt.spawn(compileEval(host, st.ast, [], newEnv(), "fuzz").code, []);
  t.rt.runUntilIdle();
  assert.equal(inspect((check.x as unknown[])[0]), "220");
});

test("the shell fuzzer never sends input that waits for ever on iex too", async () => {
  const { isSafe } = await import("./shell-fuzzer.js");
  assert.equal(isSafe("receive do :tick -> :got_tick after 10001000 -> :timeout end"), false);
  assert.equal(isSafe("receive do x -> x end"), false);
  assert.equal(isSafe("m = receive do {:m, p} -> p end\nreceive do :x -> 1 after 1000 -> :timeout end"), false);
  assert.equal(isSafe("IO.gets(\"name? \")"), false);
  assert.equal(isSafe("receive do :tick -> :got_tick after 1000 -> :timeout end"), true);
  assert.equal(isSafe("Process.send_after(self(), :tick, 100000)"), true);
});
