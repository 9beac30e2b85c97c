// The tables Elixir's code formatter and normalizer decide by: operator precedence and
// associativity (Code.Identifier), Macro.operator?/2, and the calls written without
// parentheses by default (the formatter's locals_without_parens).

export type Assoc = "left" | "right" | "non_associative";

const BINARY_OPS = new Map<string, [Assoc, number]>();
const defOps = (ops: string[], assoc: Assoc, prec: number) => ops.forEach((o) => BINARY_OPS.set(o, [assoc, prec]));
defOps(["<-", "\\\\"], "left", 40);
defOps(["when"], "right", 50);
defOps(["::"], "right", 60);
defOps(["|"], "right", 70);
defOps(["="], "right", 100);
defOps(["||", "|||", "or"], "left", 120);
defOps(["&&", "&&&", "and"], "left", 130);
defOps(["==", "!=", "=~", "===", "!=="], "left", 140);
defOps(["<", "<=", ">=", ">"], "left", 150);
defOps(["|>", "<<<", ">>>", "<~", "~>", "<<~", "~>>", "<~>", "<|>"], "left", 160);
defOps(["in"], "left", 170);
defOps(["^^^"], "left", 180);
defOps(["//"], "right", 190);
defOps(["++", "--", "..", "<>", "+++", "---"], "right", 200);
defOps(["+", "-"], "left", 210);
defOps(["*", "/"], "left", 220);
defOps(["**"], "left", 230);
defOps(["."], "left", 310);

/** Code.Identifier.binary_op/1: [assoc, precedence], or null. */
export const binaryOp = (name: string): [Assoc, number] | null => BINARY_OPS.get(name) ?? null;

/** Code.Identifier.unary_op/1: the precedence, or null. */
export function unaryOp(name: string): number | null {
  if (name === "&") return 90;
  if (name === "!" || name === "^" || name === "not" || name === "+" || name === "-" || name === "~~~") return 300;
  if (name === "@") return 320;
  return null;
}

/** Macro.operator?/2. */
export function isOperatorCall(name: string, arity: number): boolean {
  if (arity === 3) return name === "..//";
  if (arity === 2) return binaryOp(name) !== null && name !== "//";
  if (arity === 1) return unaryOp(name) !== null;
  if (arity === 0) return name === "..";
  return false;
}

/** A name and the arities it goes without parentheses at ("*": any). */
export type LocalSpec = [string, number | "*"];

const spec = (name: string, ...arities: (number | "*")[]): LocalSpec[] => arities.map((n) => [name, n]);

export const DEFAULT_LOCALS_WITHOUT_PARENS: LocalSpec[] = [
  // special forms
  ...spec("alias", 1, 2), ...spec("case", 2), ...spec("cond", 1), ...spec("for", "*"), ...spec("import", 1, 2),
  ...spec("quote", 1, 2), ...spec("receive", 1), ...spec("require", 1, 2), ...spec("try", 1), ...spec("with", "*"),
  // Kernel
  ...spec("def", 1, 2), ...spec("defp", 1, 2), ...spec("defguard", 1), ...spec("defguardp", 1), ...spec("defmacro", 1, 2),
  ...spec("defmacrop", 1, 2), ...spec("defmodule", 2), ...spec("defdelegate", 2), ...spec("defexception", 1),
  ...spec("defoverridable", 1), ...spec("defstruct", 1), ...spec("destructure", 2), ...spec("raise", 1, 2),
  ...spec("reraise", 2, 3), ...spec("if", 2), ...spec("unless", 2), ...spec("use", 1, 2),
  // Record
  ...spec("defrecord", 2, 3), ...spec("defrecordp", 2, 3),
  // ExUnit
  ...spec("assert", 1, 2), ...spec("assert_in_delta", 3, 4), ...spec("assert_raise", 2, 3), ...spec("assert_receive", 1, 2, 3),
  ...spec("assert_received", 1, 2), ...spec("doctest", 1, 2), ...spec("refute", 1, 2), ...spec("refute_in_delta", 3, 4),
  ...spec("refute_receive", 1, 2, 3), ...spec("refute_received", 1, 2), ...spec("setup", 1, 2), ...spec("setup_all", 1, 2),
  ...spec("test", 1, 2),
  // Mix config
  ...spec("config", 2, 3), ...spec("import_config", 1),
];

/** Code.Formatter.local_without_parens?/3. */
export function isLocalWithoutParens(name: string, arity: number, locals: LocalSpec[]): boolean {
  return arity > 0 && locals.some(([n, a]) => n === name && (a === "*" || a === arity));
}
