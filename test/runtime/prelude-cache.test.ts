// The compiled prelude cache: a runtime loaded from the serialized prelude behaves like one
// compiled from source, and a cache made for other sources is refused.
import assert from "node:assert/strict";
import { test } from "node:test";
import { compiledPreludeText, runtimeFromPreludeText } from "../../src/boot.js";
import { VirtualClock } from "../../src/runtime/clock.js";
import { evalsTo, testRuntime } from "../helpers/eval.js";

const text = compiledPreludeText();

function fromCache() {
  const clock = new VirtualClock();
  const output: string[] = [];
  const rt = runtimeFromPreludeText(text!, { clock, write: (s) => output.push(s) });
  assert.ok(rt !== null, "the cache text loads");
  return { rt, clock, output };
}

test("the whole prelude can be serialized", () => {
  assert.ok(text !== null);
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
  const other = JSON.stringify({ ...JSON.parse(text!), key: "0000" });
  assert.equal(runtimeFromPreludeText(other), null);
  assert.equal(runtimeFromPreludeText("not json"), null);
});
