// The stack entries of what runs code on the BEAM under everything the code itself calls:
// IEx's evaluator for an iex prompt's input, Elixir's compiler and command line for a script
// (`elixir FILE`) or `elixir -e`. beamsh runs that code on its own evaluator, so a stack
// trace ends with these entries instead (machine.ts stacktraceOf, as far as 8 entries go),
// and what iex and elixir leave out of what they print they leave out here too (shell/errors.ts).
import { Term, a, list, tuple } from "./term.js";

const charlist = (s: string): Term => list(Array.from(s, (c) => c.codePointAt(0)!));
const at = (mod: string, fun: string, arity: number, file: string, line: number): Term =>
  tuple(a(mod), a(fun), arity, list([tuple(a("file"), charlist(file)), tuple(a("line"), line)]));

/** Code.eval_*'s evaluation of its code: :elixir.eval_forms/3 under Module.ParallelChecker.verify/1. */
export const EVAL_FORMS: readonly Term[] = [
  at("elixir", "eval_forms", 3, "src/elixir.erl", 283),
  at("Elixir.Module.ParallelChecker", "verify", 1, "lib/module/parallel_checker.ex", 100),
];

/** erl_eval applying a call of the code it evaluates (a shell input's, Code.eval_*'s). */
export const ERL_EVAL_APPLY: Term = at("erl_eval", "do_apply", 7, "erl_eval.erl", 744);

/** Code.eval_string/3's evaluation (its last call), under which the string's code runs. */
export const VALIDATED_EVAL_STRING: Term = at("Elixir.Code", "validated_eval_string", 3, "lib/code.ex", 422);
/** Code.eval_quoted/1,2's, under which the quoted code runs. */
export const EVAL_QUOTED: Term = at("Elixir.Code", "eval_quoted", 3, "lib/code.ex", 825);

/** Kernel.CLI running the command line's files and strings. */
const CLI: readonly Term[] = [
  at("Elixir.Kernel.CLI", "wrapper", 1, "lib/kernel/cli.ex", 574),
  at("Elixir.Enum", "-map/2-lists^map/1-0-", 2, "lib/enum.ex", 1658),
  at("Elixir.Kernel.CLI", "process_commands", 1, "lib/kernel/cli.ex", 83),
  at("Elixir.Kernel.CLI", "-main/1-fun-2-", 2, "lib/kernel/cli.ex", 37),
  at("Elixir.Kernel.CLI", "-exec_fun/2-fun-0-", 3, "lib/kernel/cli.ex", 131),
];

/** Under an iex prompt's input (erl_eval's own entries for it come first: the walk adds them). */
export const IEX_RUNNER: readonly Term[] = [
  ...EVAL_FORMS,
  at("Elixir.IEx.Evaluator", "eval_and_inspect", 3, "lib/iex/evaluator.ex", 329),
  at("Elixir.IEx.Evaluator", "eval_and_inspect_parsed", 3, "lib/iex/evaluator.ex", 303),
  at("Elixir.IEx.Evaluator", "parse_eval_inspect", 3, "lib/iex/evaluator.ex", 292),
  at("Elixir.IEx.Evaluator", "loop", 1, "lib/iex/evaluator.ex", 187),
  at("Elixir.IEx.Evaluator", "init", 4, "lib/iex/evaluator.ex", 32),
  at("proc_lib", "init_p_do_apply", 3, "proc_lib.erl", 240),
];

/** Under a script's top level (`elixir FILE`): Elixir's compiler running it for Code.require_file/2. */
export const SCRIPT_RUNNER: readonly Term[] = [
  at("elixir_compiler", "dispatch", 4, "src/elixir_compiler.erl", 65),
  at("elixir_compiler", "compile", 3, "src/elixir_compiler.erl", 50),
  at("elixir_lexical", "run", 3, "src/elixir_lexical.erl", 15),
  at("elixir_compiler", "quoted", 3, "src/elixir_compiler.erl", 17),
  at("Elixir.Module.ParallelChecker", "verify", 1, "lib/module/parallel_checker.ex", 100),
  at("Elixir.Code", "require_file", 2, "lib/code.ex", 1245),
  ...CLI,
];

/** Under `elixir -e`'s string, which Code.eval_string/3 evaluates. */
export const EVAL_RUNNER: readonly Term[] = [...EVAL_FORMS, VALIDATED_EVAL_STRING, ...CLI];
