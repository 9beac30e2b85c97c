// Exit reasons typed at the kill prompt: Elixir literals (atoms, numbers, strings, tuples,
// lists, aliases) read with the project's parser and turned into terms without running code.
import { isAtomAst, isNode, isTupleAst, type Ast } from "../lang/ast.js";
import { parse } from "../lang/parser.js";
import { Float, Term, a, int, list, tuple } from "../runtime/term.js";

/** The reasons offered at the kill prompt, `:kill` first (the default). */
export const KILL_REASONS = [":kill", ":shutdown", ":normal"];

export type ParsedReason = { ok: true; term: Term } | { ok: false; error: string };

export function parseReason(text: string): ParsedReason {
  let ast: Ast;
  try {
    ast = parse(text.trim(), { file: "observer" });
  } catch (e) {
    return { ok: false, error: "cannot parse: " + (e instanceof Error ? e.message.split("\n")[0] : String(e)) };
  }
  const term = literal(ast);
  return term === undefined ? { ok: false, error: "only literal terms can be exit reasons here" } : { ok: true, term };
}

/** The term a literal's quoted form stands for; undefined when it is not a literal. */
function literal(x: Ast): Term | undefined {
  if (typeof x === "bigint") return int(x);
  if (typeof x === "number") return new Float(x);
  if (typeof x === "string" || typeof x === "boolean" || x === null) return x;
  if (Array.isArray(x)) return all(x, (items) => list(items));
  if (isAtomAst(x)) return a(x.atom);
  if (isTupleAst(x)) return all(x.tuple, (items) => tuple(...items));
  if (isNode(x) && x.args !== null) {
    if (x.name === "{}") return all(x.args, (items) => tuple(...items));
    if (x.name === "__aliases__" && x.args.every(isAtomAst)) return a("Elixir." + x.args.map((p) => (p as { atom: string }).atom).join("."));
    if (x.name === "-" && x.args.length === 1 && typeof x.args[0] === "bigint") return int(-x.args[0]);
  }
  return undefined;
}

function all(items: Ast[], build: (terms: Term[]) => Term): Term | undefined {
  const terms = items.map(literal);
  return terms.some((t) => t === undefined) ? undefined : build(terms);
}
