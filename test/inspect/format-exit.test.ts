// Exception.format_exit/1 for :supervisor's child-spec reasons, as Elixir 1.14 prints them
// (expected texts recorded with IO.puts(Exception.format_exit(reason)) in real iex).
import assert from "node:assert/strict";
import { test } from "node:test";
import { evaluate } from "../helpers/eval.js";
import { formatExit } from "../../src/runtime/exception-message.js";

const exitText = (reason: string) => formatExit(evaluate(reason));

const DUPLICATE = `bad child specification, more than one child specification has the id: :a.
If using maps as child specifications, make sure the :id keys are unique.
If using a module or {module, arg} as child, use Supervisor.child_spec/2 to change the :id, for example:

    children = [
      Supervisor.child_spec({MyWorker, arg}, id: :my_worker_1),
      Supervisor.child_spec({MyWorker, arg}, id: :my_worker_2)
    ]
`;

const cases: [string, string][] = [
  ["{:start_spec, {:duplicate_child_name, :a}}", DUPLICATE],
  ["{:start_spec, {:invalid_child_spec, :x}}", "bad child specification, invalid child specification: :x"],
  ["{:start_spec, {:invalid_child_type, :x}}", "bad child specification, invalid child type: :x. Must be :worker or :supervisor."],
  ["{:start_spec, {:invalid_mfa, :x}}", "bad child specification, invalid mfa: :x"],
  ["{:start_spec, {:invalid_restart_type, :x}}", "bad child specification, invalid restart type: :x. Must be :permanent, :transient or :temporary."],
  ["{:start_spec, {:invalid_shutdown, :x}}", "bad child specification, invalid shutdown: :x. Must be an integer >= 0, :infinity or :brutal_kill."],
  ["{:start_spec, {:invalid_module, 1}}", "bad child specification, invalid module: 1. Must be an atom."],
  ["{:start_spec, {:invalid_modules, :x}}", "bad child specification, invalid modules: :x. Must be a list of atoms or :dynamic."],
  ["{:start_spec, {:invalid_significant, :x}}", "bad child specification, got: {:invalid_significant, :x}"],
  ["{:start_spec, :missing_id}", "bad child specification, got: :missing_id"],
  ["{:start_spec, {:bad_combination, [auto_shutdown: :never, significant: true]}}", "bad child specification, got: {:bad_combination, [auto_shutdown: :never, significant: true]}"],
  ["{:supervisor_data, {:invalid_auto_shutdown, :x}}", "bad supervisor configuration, got: {:invalid_auto_shutdown, :x}"],
  [
    "{:shutdown, {:failed_to_start_child, :a, {:start_spec, {:invalid_mfa, :bad}}}}",
    "shutdown: failed to start child: :a\n    ** (EXIT) bad child specification, invalid mfa: :bad",
  ],
  [
    "{:shutdown, {:failed_to_start_child, Foo, {:shutdown, {:failed_to_start_child, :b, {:EXIT, {:start_spec, :missing_start}}}}}}",
    "shutdown: failed to start child: Foo\n    ** (EXIT) shutdown: failed to start child: :b\n        ** (EXIT) bad child specification, got: :missing_start",
  ],
  [
    "{{:start_spec, {:duplicate_child_name, :a}}, {GenServer, :call, [:x, :y, 5000]}}",
    "exited in: GenServer.call(:x, :y, 5000)\n    ** (EXIT) " + DUPLICATE,
  ],
];

for (const [reason, expected] of cases) {
  test(`format_exit of ${reason}`, () => assert.equal(exitText(reason), expected));
}
