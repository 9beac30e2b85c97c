// Code.quoted_to_algebra/1,2: quoted form laid out as an Inspect.Algebra document by the
// code formatter (runtime/compiler/code-formatter.ts), with the options Elixir 1.14 takes:
// :comments (maps as Code.string_to_quoted_with_comments/2 gives them), :escape,
// :locals_without_parens, :force_do_end_blocks, :normalize_bitstring_modifiers.
import type { NativeFn } from "../runtime/code.js";
import type { NativeModule } from "../runtime/library.js";
import { docToTerm } from "../runtime/algebra.js";
import { fce } from "../runtime/arith.js";
import { Comment, quotedToAlgebra } from "../runtime/compiler/code-formatter.js";
import type { LocalSpec } from "../runtime/compiler/code-formatter-tables.js";
import { argumentError } from "../runtime/errors.js";
import { inspect } from "../runtime/inspect.js";
import { MapTerm } from "../runtime/map.js";
import { Atom, Bin, Cons, NIL, Term, a } from "../runtime/term.js";
import { bytesToString } from "../lang/unescape.js";

function optionList(fun: string, args: Term[]): Map<string, Term> {
  const out = new Map<string, Term>();
  let l = args[1] ?? NIL;
  for (; l instanceof Cons; l = l.t) {
    const p = l.h;
    if (!(Array.isArray(p) && p.length === 2 && p[0] instanceof Atom)) throw fce("Elixir.Code", fun, args);
    if (!out.has(p[0].name)) out.set(p[0].name, p[1]);
  }
  if (l !== NIL) throw fce("Elixir.Code", fun, args);
  return out;
}

function localsOption(t: Term | undefined): LocalSpec[] {
  const out: LocalSpec[] = [];
  for (let l = t ?? NIL; l instanceof Cons; l = l.t) {
    const p = l.h;
    if (Array.isArray(p) && p.length === 2 && p[0] instanceof Atom) {
      if (typeof p[1] === "number") out.push([p[0].name, p[1]]);
      else if (p[1] instanceof Atom && p[1].name === "*") out.push([p[0].name, "*"]);
    }
  }
  return out;
}

function commentsOption(t: Term | undefined): Comment[] {
  const out: Comment[] = [];
  for (let l = t ?? NIL; l instanceof Cons; l = l.t) {
    const c = l.h;
    if (!(c instanceof MapTerm)) throw argumentError("expected :comments to be a list of maps, got: " + inspect(t ?? NIL));
    const num = (k: string): number => {
      const v = c.get(a(k));
      return typeof v === "number" ? v : 0;
    };
    const text = c.get(a("text"));
    out.push({
      line: num("line"),
      previousEol: num("previous_eol_count"),
      nextEol: num("next_eol_count"),
      text: typeof text === "string" ? text : text instanceof Bin ? bytesToString(text.bytes) : "#",
    });
  }
  return out;
}

function quotedToAlgebraNative(args: Term[]): Term {
  const opts = optionList("quoted_to_algebra", args);
  const flag = (k: string, dflt: boolean): boolean => {
    const v = opts.get(k);
    return v === undefined ? dflt : v !== false && v !== null;
  };
  const doc = quotedToAlgebra(args[0], {
    comments: commentsOption(opts.get("comments")),
    escape: flag("escape", true),
    localsWithoutParens: localsOption(opts.get("locals_without_parens")),
    forceDoEndBlocks: flag("force_do_end_blocks", false),
    normalizeBitstringModifiers: flag("normalize_bitstring_modifiers", true),
    line: opts.get("line") ?? null,
  });
  return docToTerm(doc);
}

const fns: Record<string, NativeFn> = {
  "quoted_to_algebra/1": (args) => quotedToAlgebraNative(args),
  "quoted_to_algebra/2": (args) => quotedToAlgebraNative(args),
};

export const natives: NativeModule[] = [{ module: "Elixir.Code", fns }];

