// JS-level checks of the shared enumerable helpers and of what the Elixir case files
// cannot express: lazy enumerables, funs, random functions and the prelude entry points.
import { NeedsElixir } from "../../src/runtime/elixir-callback.js";
import { test } from "node:test";
import assert from "node:assert/strict";
import { Fun } from "../../src/runtime/fun.js";
import { MapTerm } from "../../src/runtime/map.js";
import { BeamError } from "../../src/runtime/errors.js";
import { a, float, list, listToArray, NIL } from "../../src/runtime/term.js";
import {
  enumCount, enumMember, enumSlice, enumToArray, isLazy, keyCompare, makeMapSet, makeRange,
} from "../../src/stdlib/enumerable.js";
import { natives as E } from "../../src/stdlib/enum.js";
import { message, show } from "./helpers.js";
import { evalsTo, testRuntime } from "../helpers/eval.js";

const fun = new Fun(2, null, [], a("Elixir.Foo"), a("bar"));
const stream = MapTerm.fromPairs([[a("__struct__"), a("Elixir.Stream")], [a("enum"), NIL], [a("funs"), NIL]]);
const call = (name: string, ...args: unknown[]) => E.fns[name](args, null as never);

function raises(f: () => unknown, expected: string): void {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof BeamError, String(e));
    assert.equal(message(e), expected);
    return;
  }
  assert.fail("did not raise");
}

test("enumToArray converts lists, ranges, maps and MapSets", () => {
  assert.deepEqual(enumToArray(list([1, 2])), [1, 2]);
  assert.deepEqual(enumToArray(makeRange(3, 1, -1)), [3, 2, 1]);
  assert.equal(show(list(enumToArray(MapTerm.fromPairs([[a("b"), 1], [a("a"), 2]]))!)), "[a: 2, b: 1]");
  assert.deepEqual(enumToArray(makeMapSet([3, 1, 2])), [1, 2, 3]);
});

test("enumToArray: null for lazy enumerables, Protocol.UndefinedError otherwise", () => {
  assert.equal(enumToArray(fun), null);
  assert.equal(enumToArray(stream), null);
  assert.ok(isLazy(fun) && isLazy(stream) && !isLazy(makeRange(1, 2, 1)));
  raises(() => enumToArray(1), "** (Protocol.UndefinedError) protocol Enumerable not implemented for 1 of type Integer");
});

test("count, member? and slice do not materialise ranges", () => {
  const huge = makeRange(1, 10n ** 20n, 1);
  assert.equal(enumCount(huge), 10n ** 20n);
  assert.equal(enumMember(huge, 10n ** 19n), true);
  assert.equal(enumMember(huge, float(2)), false);
  assert.deepEqual(enumSlice(makeRange(1, 1e12, 1), -2, 5), [1e12 - 1, 1e12]);
});

test("map key order puts integers before floats", () => {
  const keys = [float(1), 2, 1, float(0.5)].sort(keyCompare);
  assert.equal(show(list(keys)), "[1, 2, 0.5, 1.0]");
});

test("Enum.__to_list__ and __into__ answer :lazy for streams and funs", () => {
  assert.equal(call("__to_list__/1", fun), a("lazy"));
  assert.equal(call("__to_list__/1", stream), a("lazy"));
  assert.equal(show(call("__to_list__/1", makeRange(1, 3, 1))), "[1, 2, 3]");
  const l = list([1, 2]);
  assert.equal(call("__to_list__/1", l), l);
  assert.equal(call("__into__/2", stream, NIL), a("lazy"));
  assert.equal(show(call("__into__/2", list([[a("a"), 1]]), MapTerm.fromPairs([]))), "%{a: 1}");
});

test("natives given a stream ask for Enum.to_list/1 of it (and run again with the list)", () => {
  assert.throws(() => call("count/1", stream), (e: unknown) => e instanceof NeedsElixir && e.requests[0].module === "Elixir.Enum" && e.requests[0].name === "to_list" && e.requests[0].key === stream);
});

test("random functions (Elixir code drawing from :rand)", () => {
  const t = testRuntime();
  assert.equal(evalsTo("Enum.shuffle(1..50) |> Enum.sort() == Enum.to_list(1..50)", t), "true");
  assert.equal(evalsTo("Enum.all?(1..20, fn _ -> Enum.random(1..1_000_000_000_000_000) in 1..1_000_000_000_000_000 end)", t), "true");
  assert.equal(evalsTo("Enum.take_random([1, 2, 3, 4], 3) |> Enum.uniq() |> length()", t), "3");
  assert.equal(evalsTo("Enum.take_random([1, 2], 10) |> length()", t), "2");
  assert.equal(evalsTo("{Enum.random(5..5), Enum.take_random(1..3, 0), Enum.shuffle([]), Enum.take_random([], 3)}", t), "{5, [], [], []}");
  assert.equal(evalsTo("try do Enum.random([]) rescue e -> inspect(e) end", t), '"%Enum.EmptyError{message: \\"empty error\\"}"');
  assert.equal(evalsTo("try do Enum.take_random(1..10, -1) rescue e in FunctionClauseError -> {e.function, e.arity} end", t), "{:take_random, 2}");
});
