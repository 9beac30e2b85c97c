// The AST: Elixir's own quoted form (what `Code.string_to_quoted!/1` returns), encoded in JS.
// Using the quoted form as the contract lets the parser be checked against real Elixir.
//
// Encoding of quoted-form values:
//   integer            JS bigint                 (1 → 1n)
//   float              JS number                 (1.0 → 1)
//   atom               AstAtom {atom: "name"}    (true/false/nil are JS true/false/null)
//   binary (string)    JS string                 ("abc")
//   list               JS array                  ([1, 2] → [1n, 2n]; charlist 'ab' → [97n, 98n])
//   2-tuple            AstTuple {tuple: [a, b]}  (only 2-tuples are literal in quoted form)
//   3-tuple node       AstNode {name, meta, args}:
//                        name: a string for `{:name, meta, args}` (operators, special forms,
//                              local calls, variables), or an Ast for remote/anonymous calls
//                              (`{{:., meta, [Mod, :fun]}, meta, args}`)
//                        args: Ast[] for calls, null for variables (`{:x, meta, nil}`)
//
// Examples (Elixir quoted → JS):
//   x                  {name:"x", meta, args:null}
//   foo(1)             {name:"foo", meta, args:[1n]}
//   a + b              {name:"+", meta, args:[a, b]}
//   Foo.Bar            {name:"__aliases__", meta, args:[{atom:"Foo"}, {atom:"Bar"}]}
//   Mod.f(1)           {name:{name:".", meta, args:[Mod, {atom:"f"}]}, meta, args:[1n]}
//   f.(1)              {name:{name:".", meta, args:[f]}, meta, args:[1n]}
//   {1, 2, 3}          {name:"{}", meta, args:[1n, 2n, 3n]}
//   %{a: 1}            {name:"%{}", meta, args:[{tuple:[{atom:"a"}, 1n]}]}
//   if c do x else y end  {name:"if", meta, args:[c, [{tuple:[{atom:"do"}, x]}, {tuple:[{atom:"else"}, y]}]]}
export interface Meta {
  line: number;
  column: number;
  /** Other quoted-form metadata as Elixir gives it (e.g. `closing`, `delimiter`, `no_parens`). */
  [key: string]: unknown;
}

export interface AstAtom {
  atom: string;
}

export interface AstTuple {
  tuple: [Ast, Ast];
}

export interface AstNode {
  name: string | Ast;
  meta: Meta;
  args: Ast[] | null;
  /**
   * A variable's context (the third element of `{:x, meta, Context}`) when it is an atom
   * other than nil: variables written by `quote` carry their module, for hygiene.
   */
  context?: string;
  /**
   * Set on the `{:__block__, meta, [literal]}` wrapper the parser makes for a literal when
   * Code.string_to_quoted/2 is given a :literal_encoder (the encoder decides the term).
   */
  encoded?: true;
}

/**
 * A value the compiler made, standing for itself (a quoted term built at compile time, or
 * an escaped attribute value). Never produced by the parser.
 */
export interface AstLiteral {
  literal: unknown;
  /** Set when the value came from a term that is not valid quoted form (a macro returned it). */
  invalid?: boolean;
}

export type Ast = bigint | number | string | boolean | null | AstAtom | AstTuple | AstNode | AstLiteral | Ast[];

export const isAtomAst = (x: Ast): x is AstAtom =>
  typeof x === "object" && x !== null && !Array.isArray(x) && "atom" in x;
export const isTupleAst = (x: Ast): x is AstTuple =>
  typeof x === "object" && x !== null && !Array.isArray(x) && "tuple" in x;
export const isNode = (x: Ast): x is AstNode =>
  typeof x === "object" && x !== null && !Array.isArray(x) && "args" in x;
export const isLiteralAst = (x: Ast): x is AstLiteral =>
  typeof x === "object" && x !== null && !Array.isArray(x) && "literal" in x;

/** The alternatives of a guard written `when a when b ...`, in order (none for no guard). */
export function guardAlternatives(guard: Ast | null): Ast[] {
  const out: Ast[] = [];
  let g: Ast | null = guard;
  for (; isNode(g) && g.name === "when" && g.args?.length === 2; g = g.args[1]) out.push(g.args[0]);
  if (g !== null) out.push(g);
  return out;
}

/**
 * Metadata `a ++ b` where both may hold the same key (Elixir's keyword metadata can: a
 * literal in parentheses has two :line entries, and each enclosing pair of parentheses adds
 * two more). A repeated key is stored with "\0" and a count appended; it becomes the same key
 * again in the term (quoted.ts). `owned` is extended in place and returned: it must be a
 * metadata object no other node shares (the parser makes a fresh one for each node). Each
 * object's next free count per key is remembered, so an append costs the size of `second`
 * alone, not of what `owned` holds: 100,000 nested parentheses append to one object 100,000
 * times.
 */
export function appendMeta(owned: Record<string, unknown>, second: Record<string, unknown>): Meta {
  let next = metaSuffixes.get(owned);
  if (next === undefined) metaSuffixes.set(owned, (next = new Map()));
  for (const [k, v] of Object.entries(second)) {
    let key = k;
    if (key in owned) {
      let n = next.get(k) ?? 1;
      while ((key = `${k}\0${n}`) in owned) n++;
      next.set(k, n + 1);
    }
    owned[key] = v;
  }
  return owned as Meta;
}
/** The next "\0" count to try for each repeated key of a metadata object appendMeta extended. */
const metaSuffixes = new WeakMap<object, Map<string, number>>();
