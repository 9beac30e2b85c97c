// The compiled prelude cache: a runtime loaded from the serialized prelude behaves like one
// compiled from source, and a cache made for other sources is refused.
import assert from "node:assert/strict";
import { test } from "node:test";
import { compiledPreludeText, runtimeFromPreludeText } from "../../src/boot.js";
import { Fun } from "../../src/runtime/fun.js";
import { decodePrelude, encodePrelude } from "../../src/runtime/prelude-cache.js";
import { a } from "../../src/runtime/term.js";
import { VirtualClock } from "../../src/runtime/clock.js";
import { evalsTo, testRuntime } from "../helpers/eval.js";

const text = compiledPreludeText();

function fromCache() {
  const clock = new VirtualClock();
  const output: string[] = [];
  const rt = runtimeFromPreludeText(text as string, { clock, write: (s) => output.push(s) });
  assert.ok(rt !== null, "the cache text loads");
  return { rt, clock, output };
}

test("the whole prelude can be serialized", () => {
  assert.ok(typeof text === "string", typeof text === "string" ? "" : text.error);
  const json = JSON.parse(text);
  assert.ok(json.units.length > 20 && json.modules.length > 20);
});

test("a runtime from the cache has the same modules and functions as one compiled from source", () => {
  const cached = fromCache().rt;
  const source = testRuntime().rt;
  const names = (rt: typeof cached) => [...rt.modules.keys()].sort();
  assert.deepEqual(names(cached), names(source));
  for (const m of source.modules.keys()) {
    const fns = (rt: typeof cached) => [...rt.modules.get(m)!.fns.keys()].sort();
    assert.deepEqual(fns(cached), fns(source), m);
  }
});

test("code from the cache runs: Enum, structs, exceptions, GenServer", () => {
  const t = fromCache();
  assert.equal(evalsTo("Enum.map(1..3, &(&1 * 2)) |> Enum.sum()", t), "12");
  assert.equal(evalsTo("MapSet.new([3, 1, 3]) |> MapSet.to_list()", t), "[1, 3]");
  assert.equal(evalsTo("%Range{first: 1, last: 3, step: 1} |> Enum.to_list()", t), "[1, 2, 3]");
  assert.equal(evalsTo(`try do raise ArgumentError, "x" rescue e -> Exception.message(e) end`, t), `"x"`);
  assert.equal(evalsTo("{:ok, pid} = Agent.start_link(fn -> 41 end); Agent.update(pid, &(&1 + 1)); Agent.get(pid, & &1)", t), "42");
  assert.equal(evalsTo("Stream.iterate(1, &(&1 * 2)) |> Enum.take(5)", t), "[1, 2, 4, 8, 16]");
});

test("a cache made for other sources is refused", () => {
  const other = JSON.stringify({ ...JSON.parse(text as string), key: "0000" });
  assert.equal(runtimeFromPreludeText(other), null);
  assert.equal(runtimeFromPreludeText("not json"), null);
});

test("a capture of a named function is a constant the cache holds; a closure is reported", () => {
  const capture = new Fun(2, null, [], a("Elixir.Inspect"), a("inspect"));
  const text = encodePrelude("k", [{ src: "function(){}", consts: [capture], codes: [] }], []);
  assert.ok(typeof text === "string");
  const got: unknown[] = [];
  const mods = decodePrelude(text, "k", {} as never, (_src, consts) => (got.push(...consts), []));
  assert.deepEqual(mods, []);
  const back = got[0] as Fun;
  assert.ok(back instanceof Fun);
  assert.deepEqual([back.module, back.name, back.arity, back.code], [a("Elixir.Inspect"), a("inspect"), 2, null]);
  const closure = new Fun(1, testRuntime().rt.modules.lookup("Elixir.Enum", "map", 2), [], null, null, 0, 0, "Foo.bar/0");
  const refused = encodePrelude("k", [{ src: "", consts: [closure], codes: [] }], []);
  assert.deepEqual(refused, { error: "cannot cache the constant fun in Foo.bar/0" });
});
