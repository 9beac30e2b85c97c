// The library refuses to start when its Elixir sources (src/prelude) call natives its
// compiled code (dist/) lacks: sources newer than the build (a merge without a rebuild)
// made Enum functions fail in every shell started afterwards, far from the cause.
import assert from "node:assert/strict";
import { test } from "node:test";
import { StaleBuildError, checkBuild, createRuntime } from "../../src/boot.js";
import type { CompiledModule } from "../../src/runtime/compiler/module.js";

const callerOf = (calls: [string, string, number][]): CompiledModule =>
  ({
    name: "Elixir.Enum",
    fns: new Map(),
    attributes: new Map(),
    last: null,
    nested: [],
    warnings: [],
    file: "lib/enum.ex",
    calls: calls.map(([module, name, arity], i) => ({ module, name, arity, file: "lib/enum.ex", line: 10 + i, caller: ["Elixir.Enum", "reduce", 3] })),
  }) as unknown as CompiledModule;

test("a prelude calling a native the build lacks is refused, naming the call and the cure", () => {
  const rt = createRuntime();
  rt.modules.get("Elixir.Enum")!.fns.delete("__fold_list__/1");
  assert.throws(
    () => checkBuild(rt, [callerOf([["Elixir.Enum", "__fold_list__", 1]])]),
    (e: unknown) =>
      e instanceof StaleBuildError &&
      e.message.includes("src/prelude") &&
      e.message.includes("npx tsc -p .") &&
      e.message.includes("Enum.__fold_list__/1 is undefined or private") &&
      e.message.includes("lib/enum.ex:10: Enum.reduce/3"),
  );
});

test("a prelude whose calls all exist passes", () => {
  const rt = createRuntime();
  assert.doesNotThrow(() => checkBuild(rt, [callerOf([["Elixir.Enum", "__fold_list__", 1], ["lists", "reverse", 1]])]));
});
