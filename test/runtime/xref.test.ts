// The compiler's check of remote calls (compiler/xref.ts): a module's calls to a module or
// function that is not loaded once the input is compiled warn as Elixir 1.14's
// Module.ParallelChecker does; texts recorded from iex.
import assert from "node:assert/strict";
import { test } from "node:test";
import { parse } from "../../src/lang/parser.js";
import { preludeCallWarnings } from "../../src/boot.js";
import { evalQuoted } from "../../src/runtime/compiler/eval.js";
import { topEnv } from "../../src/runtime/compiler/env.js";
import { compileState } from "../../src/runtime/compiler/module-build.js";
import { Gen, generatorCode } from "../../src/runtime/generator-code.js";
import type { Term } from "../../src/runtime/term.js";
import { testRuntime } from "../helpers/eval.js";

/** The warnings evaluating `src` as one shell input prints (a fresh shell unless one is given). */
function warnings(src: string, shell = { rt: testRuntime().rt, env: topEnv("iex", true) }, eachItem = true): string {
  const out: string[] = [];
  const s = compileState(shell.rt);
  const saved = s.warn;
  s.warn = (w) => out.push(w);
  try {
    const ast = parse(src, { file: "iex" });
    shell.rt.spawn(generatorCode("", "eval", 0, () => evalQuoted(shell.rt, ast, { names: [], values: [] }, shell.env, eachItem) as Gen<Term>), []);
    shell.rt.runUntilIdle();
  } finally {
    s.warn = saved;
  }
  return out.join("");
}

test("calls to a missing module, then to missing functions, each with its location", () => {
  const src = [
    "defmodule A do",
    "  def f, do: B.g(1)",
    "  def h, do: Enum.foo(1)",
    "  def i, do: Enum.mapp([1], 2)",
    "  def j, do: :lists.foo(1)",
    "  def k, do: :nosuchmod.foo(1)",
    "end",
  ].join("\n");
  assert.equal(
    warnings(src),
    "warning: B.g/1 is undefined (module B is not available or is yet to be defined)\n  iex:2: A.f/0\n\n" +
      "warning: :nosuchmod.foo/1 is undefined (module :nosuchmod is not available or is yet to be defined)\n  iex:6: A.k/0\n\n" +
      "warning: Enum.foo/1 is undefined or private\n  iex:3: A.h/0\n\n" +
      "warning: Enum.mapp/2 is undefined or private. Did you mean:\n\n      * map/2\n\n  iex:4: A.i/0\n\n" +
      "warning: :lists.foo/1 is undefined or private\n  iex:5: A.j/0\n\n",
  );
});

test("one warning for a call made in several places", () => {
  const src = "defmodule A do\n  def f, do: B.g()\n  def h(x), do: x |> B.g()\n  def i, do: &B.g/0\nend";
  assert.equal(
    warnings(src),
    "warning: B.g/0 is undefined (module B is not available or is yet to be defined)\nInvalid call found at 2 locations:\n  iex:2: A.f/0\n  iex:4: A.i/0\n\n" +
      "warning: B.g/1 is undefined (module B is not available or is yet to be defined)\n  iex:3: A.h/1\n\n",
  );
});

test("calls typed at the prompt are not checked (they fail when run)", () => {
  assert.equal(warnings("B.g(1)\nEnum.foo(1)"), "");
});

test("existing modules and functions, the module's own functions and module_info do not warn", () => {
  const src = "defmodule A do\n  def f, do: {A.g(), Enum.map([], & &1), Enum.module_info(), A.__info__(:module), &Enum.count/1}\n  def g, do: :ok\nend";
  assert.equal(warnings(src), "");
});

test("a private function called by module name is undefined or private", () => {
  const src = "defmodule A do\n  def f, do: {g(), A.g()}\n  defp g, do: 1\nend";
  assert.equal(warnings(src), "warning: A.g/0 is undefined or private\n  iex:2: A.f/0\n\n");
});

test("each top-level expression is checked when compiled; a module defined later in it is not missing", () => {
  const later = "defmodule A do\n  def f, do: B.g()\nend; defmodule B do\n  def g, do: 1\nend";
  assert.equal(warnings(later), "warning: B.g/0 is undefined (module B is not available or is yet to be defined)\n  iex:2: A.f/0\n\n");
  const same = "if true do\n  defmodule A do\n    def f, do: B.g()\n  end\n  defmodule B do\n    def g, do: 1\n  end\nend";
  assert.equal(warnings(same), "");
});

test("a script or Code.eval_string checks once all of it has run: a module defined later in the file is not missing", () => {
  const later = "defmodule A do\n  def f, do: B.g()\n  def h, do: Nope.x()\nend\ndefmodule B do\n  def g, do: 1\nend";
  const script = { rt: testRuntime().rt, env: topEnv("t.exs", false) };
  assert.equal(warnings(later, script, false), "warning: Nope.x/0 is undefined (module Nope is not available or is yet to be defined)\n  t.exs:3: A.h/0\n\n");
});

test("a call, in a function, to a module a defmodule earlier in that function defined is not checked", () => {
  const src = "defmodule T do\n  def f do\n    defmodule Inner do\n      def x, do: 1\n    end\n    Inner.x() + Inner.y()\n  end\n  def g, do: T.Inner.z()\nend";
  assert.equal(warnings(src), "warning: T.Inner.z/0 is undefined (module T.Inner is not available or is yet to be defined)\n  iex:8: T.g/0\n\n");
});

test("after a nested defmodule, calls to modules of the context are not checked (but the module's own are)", () => {
  // Like iex's, the shell's environment keeps the modules defined at the prompt.
  const shell = { rt: testRuntime().rt, env: topEnv("iex", true) };
  warnings("defmodule C do\nend", shell);
  const src = "defmodule Y do\n  defmodule Z do\n  end\n  def f, do: C.nope()\n  def g, do: Y.Z.nope()\n  def h, do: Y.nope()\nend";
  assert.equal(warnings(src, shell), "warning: Y.nope/0 is undefined or private\n  iex:6: Y.h/0\n\n");
  // Without a nested module, C is checked.
  assert.equal(warnings("defmodule Y2 do\n  def f, do: C.nope()\nend", shell), "warning: C.nope/0 is undefined or private\n  iex:2: Y2.f/0\n\n");
});

test("unused-variable warnings of a module come before its undefined calls", () => {
  const src = "defmodule A do\n  def f(x) do\n    y = 1\n    B.g(x)\n  end\nend";
  assert.equal(
    warnings(src),
    'warning: variable "y" is unused (if the variable is not meant to be used, prefix it with an underscore)\n  iex:3: A.f/1\n\n' +
      "warning: B.g/1 is undefined (module B is not available or is yet to be defined)\n  iex:4: A.f/1\n\n",
  );
});

test("the prelude calls only functions that exist (checked once all of it is loaded)", () => {
  assert.deepEqual(preludeCallWarnings(), []);
});
