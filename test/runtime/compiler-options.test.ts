// Code's compiler options (one table per runtime) and the code path kept by :code.
import { test } from "node:test";
import assert from "node:assert/strict";
import { evalsTo, testRuntime } from "../helpers/eval.js";
import { compilerOption, noWarnUndefined, warnsModuleConflict } from "../../src/runtime/compiler-options.js";

test("options start at Elixir's defaults and are kept per runtime", () => {
  const t1 = testRuntime();
  const t2 = testRuntime();
  assert.equal(compilerOption(t1.rt, "docs"), true);
  assert.equal(compilerOption(t1.rt, "nope"), undefined);
  assert.equal(evalsTo("Code.put_compiler_option(:ignore_module_conflict, true)", t1), ":ok");
  assert.equal(warnsModuleConflict(t1.rt), false);
  assert.equal(warnsModuleConflict(t2.rt), true);
  assert.equal(evalsTo("Code.get_compiler_option(:ignore_module_conflict)", t2), "false");
});

test("compiler_options/1 answers the previous values and checks each option", () => {
  const t = testRuntime();
  assert.equal(evalsTo("Code.compiler_options(docs: false, tracers: [])", t), "%{docs: true, tracers: []}");
  assert.equal(evalsTo("Code.get_compiler_option(:docs)", t), "false");
  assert.throws(() => evalsTo("Code.put_compiler_option(:docs, 1)", t), /should be a boolean, got: 1/);
  assert.throws(() => evalsTo("Code.put_compiler_option(:parser_options, [1])", t), /should be a keyword list, got: \[1\]/);
  assert.throws(() => evalsTo("Code.put_compiler_option(:tracers, [\"x\"])", t), /should be a list of modules/);
  assert.throws(() => evalsTo("Code.put_compiler_option(:other, 1)", t), /unknown compiler option: :other/);
  assert.throws(() => evalsTo("Code.get_compiler_option(:other)", t), /function_clause.*get_compiler_option, \[:other\]/);
});

test("no_warn_undefined names modules, {m, f, a} or :all", () => {
  const t = testRuntime();
  assert.equal(noWarnUndefined(t.rt, "Elixir.Foo", "bar", 0), false);
  evalsTo("Code.put_compiler_option(:no_warn_undefined, [Foo, {Bar, :baz, 1}])", t);
  assert.equal(noWarnUndefined(t.rt, "Elixir.Foo", "anything", 3), true);
  assert.equal(noWarnUndefined(t.rt, "Elixir.Bar", "baz", 1), true);
  assert.equal(noWarnUndefined(t.rt, "Elixir.Bar", "baz", 2), false);
  evalsTo("Code.put_compiler_option(:no_warn_undefined, :all)", t);
  assert.equal(noWarnUndefined(t.rt, "Elixir.Bar", "baz", 2), true);
});

test("the code path: added once, first or last; deleted by directory or application", () => {
  const t = testRuntime();
  assert.equal(evalsTo("length(:code.get_path())", t), "25");
  assert.equal(evalsTo(":code.add_pathz('src/')", t), "true");
  assert.equal(evalsTo(":code.add_patha('src')", t), "true");
  assert.equal(evalsTo("{hd(:code.get_path()), length(:code.get_path())}", t), "{'src', 26}");
  assert.equal(evalsTo(":code.add_pathz('no_such_dir')", t), "{:error, :bad_directory}");
  assert.equal(evalsTo(":code.add_pathsa(['src', 'test'])", t), ":ok");
  assert.equal(evalsTo("Enum.take(:code.get_path(), 2)", t), "['test', 'src']");
  assert.equal(evalsTo(":code.replace_path(:kernel, 'src')", t), "{:error, :bad_name}");
  assert.equal(evalsTo(":code.del_path(:kernel)", t), "true");
  assert.equal(evalsTo(":code.del_path('test')", t), "true");
  assert.equal(evalsTo("length(:code.get_path())", t), "25");
  assert.equal(evalsTo("Code.append_path(\"src\")", t), "true");
  assert.equal(evalsTo("Code.delete_path(\"src\")", t), "true");
  assert.equal(evalsTo("Code.delete_path(\"src\")", t), "false");
});
