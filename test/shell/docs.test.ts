// The library's documentation (src/stdlib/docs): every documented function exists, every
// example gives in beamsh the result Elixir gave when docs.json was built, and h/1 prints
// an entry in iex's layout.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createRuntime } from "../../src/boot.js";
import { macrosOf } from "../../src/runtime/module-info.js";
import { helpDoc } from "../../src/shell/helpers/docs.js";
import { plainPalette } from "../../src/shell/colors.js";
import { docModules } from "../../src/stdlib/docs/index.js";
import { runSession } from "../helpers/session.js";

test("docs exist for the main modules", () => {
  for (const m of ["Kernel", "Enum", "List", "Map", "String", "Keyword", "Process", "GenServer", "IEx.Helpers"]) {
    assert.ok(docModules().has("Elixir." + m), m);
  }
});

test("every documented function or macro exists", () => {
  const rt = createRuntime({ write: () => {} });
  const missing: string[] = [];
  for (const [name, doc] of docModules()) {
    // The shell's helpers are installed with the shell (the prelude has only those written in Elixir).
    if (name === "Elixir.IEx.Helpers") continue;
    const def = rt.modules.get(name);
    if (def === undefined) {
      missing.push(name);
      continue;
    }
    const macros = new Set(macrosOf(def).map(([n, a]) => `${n}/${a}`));
    for (const f of doc.functions) {
      for (const arity of f.arities) {
        const key = `${f.name}/${arity}`;
        if (!macros.has(key) && (f.kind === "defmacro" || rt.modules.lookup(name, f.name, arity) === null)) missing.push(`${name}.${key}`);
      }
    }
  }
  assert.deepEqual(missing, []);
});

/** The examples of a doc text: each `iex>` expression with the result written under it. */
function examples(text: string): { code: string; result: string }[] {
  const out: { code: string; result: string }[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith("    iex> ")) continue;
    const code = lines[i].slice(9);
    const result: string[] = [];
    while (i + 1 < lines.length && lines[i + 1].startsWith("    ") && !lines[i + 1].startsWith("    iex> ")) result.push(lines[++i].slice(4));
    out.push({ code, result: result.join("\n") });
  }
  return out;
}

const MARK = "\u0001";

for (const [name, doc] of docModules()) {
  test(`the examples of ${name}'s docs give Elixir's results`, async () => {
    const all = [doc.moduledoc, ...doc.functions.map((f) => f.doc)].flatMap(examples);
    if (all.length === 0) return;
    // Each result is printed as docs.gen.exs computed it; an error prints iex's "** (...)".
    const input = all.map((e) => `IO.puts("${MARK}" <> inspect((${e.code}), pretty: true, width: 76)); :"do not show this result in output"`).join("\n") + "\n";
    const out = await runSession(input);
    const pieces = out.split(/iex\(\d+\)> /).slice(1);
    const got: string[] = [];
    for (const p of pieces) {
      const at = p.indexOf(MARK);
      if (at >= 0) got.push(p.slice(at + 1).replace(/\n+$/, ""));
      else if (p.startsWith("** (")) got.push(p.split("\n")[0]);
      else if (p.trim() !== "") got.push(p.trim().split("\n").filter((l) => l.startsWith("** (")).pop() ?? p.trim());
    }
    // Pids and references are numbered differently from run to run.
    const numbers = (s: string) => s.replace(/#PID<[\d.]+>/g, "#PID<>").replace(/#Reference<[\d.]+>/g, "#Reference<>");
    for (let i = 0; i < got.length; i++) got[i] = numbers(got[i]);
    const expected = all.map((e) => numbers(e.result));
    assert.equal(got.length, expected.length, `${name}: ${got.length} results for ${expected.length} examples`);
    for (let i = 0; i < all.length; i++) assert.equal(got[i], expected[i], `${name}: ${all[i].code}`);
  });
}

test("h/1 prints a documented function in iex's layout", () => {
  const rt = createRuntime({ write: () => {} });
  const text = helpDoc(rt, { module: "Elixir.Enum", fun: "at", arity: null }, plainPalette);
  const lines = text.split("\n");
  assert.equal(lines[0], "");
  assert.equal(lines[1], " ".repeat(19) + "def at(enumerable, index, default \\\\ nil)");
  assert.equal(lines[3], "  @spec at(t(), index(), default()) :: element() | default()");
  assert.ok(text.includes("    iex> Enum.at([:a, :b, :c], 1)\n    :b\n"));
});

test("h/1 with an arity shows only the specs of that arity, as IEx looks them up", () => {
  const rt = createRuntime({ write: () => {} });
  // Map.get/2 is get/3's doc (a default argument); the spec is get/3's.
  const two = helpDoc(rt, { module: "Elixir.Map", fun: "get", arity: 2 }, plainPalette).split("\n");
  assert.equal(two[1].trim(), "def get(map, key, default \\\\ nil)");
  assert.equal(two[2], "");
  assert.ok(!two.some((l) => l.includes("@spec")));
  for (const arity of [3, null]) {
    const text = helpDoc(rt, { module: "Elixir.Map", fun: "get", arity }, plainPalette).split("\n");
    assert.equal(text[3], "  @spec get(map(), key(), value()) :: value()");
  }
  // A function of its own arity keeps its spec.
  assert.ok(helpDoc(rt, { module: "Elixir.String", fun: "split", arity: 1 }, plainPalette).includes("@spec split(t()) :: [t()]"));
});

test("h/1 finds Kernel.SpecialForms as iex does: by module, by bare name, with arity", () => {
  const rt = createRuntime({ write: () => {} });
  const plain = (t: Parameters<typeof helpDoc>[1]) => helpDoc(rt, t, plainPalette);
  assert.ok(plain({ module: "Elixir.Kernel.SpecialForms", fun: null, arity: null }).startsWith("\n" + " ".repeat(30) + "Kernel.SpecialForms\n\n"));
  for (const t of [{ module: null, fun: "case", arity: null }, { module: "Elixir.Kernel.SpecialForms", fun: "case", arity: 2 }]) {
    assert.equal(plain(t).split("\n")[1], " ".repeat(23) + "defmacro case(condition, clauses)");
  }
  assert.equal(plain({ module: null, fun: "%{}", arity: 1 }).split("\n")[1], " ".repeat(34) + "defmacro %{}");
  assert.equal(plain({ module: "Elixir.Kernel.SpecialForms", fun: "nope", arity: null }), "No documentation for Kernel.SpecialForms.nope was found\n");
});
