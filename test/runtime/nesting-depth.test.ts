// Deeply nested input must cost work linear in its depth at every stage. These tests count
// the work a stage does (no timing): each would count a quadratic amount before its fix.
import assert from "node:assert/strict";
import { test } from "node:test";
import { VarScope } from "../../src/runtime/compiler/env.js";
import { FnCtx, Unit } from "../../src/runtime/compiler/unit.js";
import { ErlSites, SITE_BASE } from "../../src/runtime/erl-eval-trace.js";
import { evalsTo } from "../helpers/eval.js";

test("a snapshot of a scope's names holds what was visible when it was taken", () => {
  const outer = new VarScope(null);
  outer.vars.add("a");
  const inner = new VarScope(outer);
  inner.vars.add("b");
  const snap = inner.snapshot();
  inner.vars.add("c");
  outer.vars.add("d");
  const deeper = new VarScope(inner);
  deeper.vars.add("e");
  // `a` rebound inside after the snapshot: it was visible before, so it is in it.
  inner.vars.add("a");
  assert.deepEqual(["a", "b", "c", "d", "e", "z"].map((k) => snap.has(k)), [true, true, false, false, false, false]);
  // Taken from a nested scope, it sees the names of the enclosing ones.
  const later = deeper.snapshot();
  assert.deepEqual(["a", "b", "c", "d", "e"].map((k) => later.has(k)), [true, true, true, true, true]);
});

test("a size in a binary pattern reads the variables bound before the match, not those of the same match outside the binary", () => {
  assert.equal(evalsTo(`x = 8; <<y::size(x)>> = <<5>>; y`), "5");
  assert.equal(evalsTo(`<<x::8, y::size(x)>> = <<3, 5::3>>; y`), "5");
  assert.equal(evalsTo(`x = 2; fn -> case <<1::2, 7::3>> do <<_::size(x), z::size(x + 1)>> -> z end end.()`), "7");
});

test("clause heads nested 200 deep do not copy the variables in scope at every level", () => {
  // Counts the scopes visited listing every visible name (VarScope.all): a clause head did
  // at each level, walking all the levels above it (~40,000 visits here).
  const all = VarScope.prototype.all;
  let visits = 0;
  VarScope.prototype.all = function (this: VarScope) {
    for (let s: VarScope | null = this; s !== null; s = s.parent) visits++;
    return all.call(this);
  };
  try {
    const depth = 200;
    assert.equal(evalsTo(`f = ${"fn -> ".repeat(depth)}:deep${" end".repeat(depth)}; is_function(f, 0)`), "true");
    assert.equal(evalsTo(`${"case 1 do _ -> ".repeat(depth)}:deep${" end".repeat(depth)}`), ":deep");
  } finally {
    VarScope.prototype.all = all;
  }
  assert.ok(visits < 10 * 200, `visited ${visits} scopes`);
});

test("a lookup remembers where it found a key until a scope of the chain gains it", () => {
  const top = new VarScope(null);
  top.vars.add("x");
  let s = top;
  for (let i = 0; i < 50; i++) s = new VarScope(s);
  assert.equal(s.version("x"), -1);
  assert.equal(s.has("y"), false);
  // gained in between: the remembered answer no longer stands
  const mid = s.parent!.parent!;
  mid.versions.set("x", 7);
  mid.vars.add("x");
  assert.equal(s.version("x"), 7);
  s.vars.add("y");
  assert.equal(s.has("y"), true);
  assert.equal(top.has("y"), false);
  assert.equal(top.version("x"), -1);
});

test("variables read 120 clauses deep are found without walking every level each time", () => {
  // Counts the scopes asked whether they name a key: each read of `x` (and each read passed
  // on to the enclosing clause) walked every level up to its binding (~30,000 here).
  const names = Object.getPrototypeOf(new VarScope(null).vars) as { has?: (k: string) => boolean };
  let asked = 0;
  names.has = function (this: Set<string>, k: string) {
    asked++;
    return Set.prototype.has.call(this, k);
  };
  try {
    const depth = 120;
    assert.equal(evalsTo(`x = 1; ${"case x do y -> ".repeat(depth)}x + y${" end".repeat(depth)}`), "2");
  } finally {
    delete names.has;
  }
  assert.ok(asked < 50 * 120, `asked ${asked} scopes`);
});

/** The most labelled JS blocks (`M1:{`) open at once in `src`. */
function maxOpenLabels(src: string): number {
  const open: boolean[] = [];
  let labelled = 0;
  let most = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === "{") {
      const isLabel = /M\d+:$/.test(src.slice(Math.max(0, i - 12), i));
      open.push(isLabel);
      if (isLabel) most = Math.max(most, ++labelled);
    } else if (c === "}" && open.pop()) labelled--;
  }
  return most;
}

test("clauses nested 300 deep do not nest their labelled JS blocks 300 deep", () => {
  // V8 checks each JS label against every label enclosing it: a clause body written inside
  // its clause's labelled block made nested cases quadratic to load (20,000: seconds).
  // Counts the labels open at once in the code generated for the expression.
  const source = FnCtx.prototype.source;
  let most = 0;
  FnCtx.prototype.source = function (this: FnCtx, l) {
    const js = source.call(this, l);
    most = Math.max(most, maxOpenLabels(js));
    return js;
  };
  try {
    const depth = 300;
    assert.equal(evalsTo(`${"case 1 do _ -> ".repeat(depth)}:deep${" end".repeat(depth)}`), ":deep");
    assert.equal(evalsTo(`x = 2; ${"case x do 1 -> :no; y -> ".repeat(depth)}y${" end".repeat(depth)}`), "2");
    assert.equal(evalsTo(`${"if true do ".repeat(depth)}:deep${" end".repeat(depth)}`), ":deep");
    assert.equal(evalsTo(`${"cond do false -> 1; true -> ".repeat(depth)}:deep${" end".repeat(depth)}`), ":deep");
  } finally {
    FnCtx.prototype.source = source;
  }
  assert.ok(most > 0 && most < 100, `${most} labels open at once`);
});

test("the code generator's variable lookups remember where a name is held", () => {
  // Counts the scopes asked whether they hold a name: binding a new name 250 functions deep
  // asked every enclosing scope whether it shadows one (~60,000 asks here), and a read at
  // every level of an outer variable walked up to it each time.
  const vars = Object.getPrototypeOf(new FnCtx(new Unit("", "nofile", null as never, null as never), 0, null).root.vars) as { has?: (k: string) => boolean };
  let asked = 0;
  vars.has = function (this: Map<string, number>, k: string) {
    asked++;
    return Map.prototype.has.call(this, k);
  };
  try {
    const depth = 250;
    let fns = "";
    for (let i = 0; i < depth; i++) fns += `fn a${i} -> `;
    assert.equal(evalsTo(`f = ${fns}:ok${" end".repeat(depth)}; is_function(f, 1)`), "true");
    assert.equal(evalsTo(`x = 1; ${"case x do _ -> ".repeat(depth)}x${" end".repeat(depth)}`), "1");
  } finally {
    delete vars.has;
  }
  assert.ok(asked < 60 * 250, `asked ${asked} scopes`);
});

test("a variable shadowed, rebound or captured deep inside is still found where it is held", () => {
  assert.equal(evalsTo(`x = 1; f = fn -> x = x + 1; g = fn -> x * 10 end; {x, g.()} end; {x, f.()}`), "{1, {2, 20}}");
  assert.equal(evalsTo(`x = 1; case 2 do y -> case x do 1 -> x = y + 1; {x, case 5 do z -> x + y + z end} end end`), "{3, 10}");
  assert.equal(evalsTo(`a = 1; f = fn b -> fn c -> fn -> a + b + c end end end; f.(2).(3).()`), "6");
});

test("a site of shell code nested 300 deep records a bounded part of what encloses it", () => {
  // Every site (a point a trace can show) of code erl_eval would run recorded all the
  // constructs around it: 300 nested sums made 45,000 entries (20,000: 8 GB).
  // Counts the entries of each site recorded.
  const lineOf = ErlSites.prototype.lineOf;
  let longest = 0;
  ErlSites.prototype.lineOf = function (this: ErlSites, ...args: Parameters<typeof lineOf>) {
    const at = lineOf.apply(this, args);
    if (at >= SITE_BASE) longest = Math.max(longest, this.sites[at - SITE_BASE].ctx.length);
    return at;
  };
  try {
    const depth = 300;
    const sum = (x: string) => `Enum.reduce(1..${depth}, ${x}, fn _, acc -> {:+, [], [acc, 1]} end)`;
    assert.equal(evalsTo(`Code.eval_quoted(${sum("1")}) |> elem(0)`), String(depth + 1));
    // (inside a comprehension, whose generator's frame is kept however deep the site is)
    assert.equal(evalsTo(`Code.eval_quoted(quote(do: for(x <- [1], do: unquote(${sum("quote(do: x)")})))) |> elem(0)`), `[${depth + 1}]`);
  } finally {
    ErlSites.prototype.lineOf = lineOf;
  }
  assert.ok(longest > 0 && longest < 30, `a site recorded ${longest} entries`);
});
