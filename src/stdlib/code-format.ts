// Code.quoted_to_algebra/1,2: quoted form laid out as an Inspect.Algebra document by the
// code formatter (runtime/compiler/code-formatter.ts), with the options Elixir 1.14 takes:
// :comments (maps as Code.string_to_quoted_with_comments/2 gives them), :escape,
// :locals_without_parens, :force_do_end_blocks, :normalize_bitstring_modifiers.
import type { Code, NativeFn } from "../runtime/code.js";
import { Gen, call, generatorCode } from "../runtime/generator-code.js";
import { ParseError } from "../lang/parser.js";
import { parseException, quotedOptions, sourceUtf8 } from "./code-eval.js";
import type { NativeModule } from "../runtime/library.js";
import { docToTerm } from "../runtime/algebra.js";
import { fce } from "../runtime/arith.js";
import { Comment, formatStringParts, quotedToAlgebra } from "../runtime/compiler/code-formatter.js";
import type { LocalSpec } from "../runtime/compiler/code-formatter-tables.js";
import { argumentError } from "../runtime/errors.js";
import { inspect } from "../runtime/inspect.js";
import { MapTerm } from "../runtime/map.js";
import { Atom, Bin, Cons, NIL, Term, a, list } from "../runtime/term.js";
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

/**
 * Code.format_string!/2: the source parsed in the formatter's mode (token metadata, literals
 * wrapped with their metadata, escapes kept, comments collected), laid out by the code
 * formatter and rendered in :line_length columns (98) as the iodata pieces Elixir gives.
 */
function formatString(fun: string, src: string, args: Term[], extra: [string, Term][] = []): Term {
  const given = args[1] ?? NIL;
  if (!(given === NIL || given instanceof Cons)) throw fce("Elixir.Code", fun, args);
  const opts = new Map(optionList(fun, args));
  for (const [k, v] of extra) opts.set(k, v);
  const o = quotedOptions(list([...opts.entries()].map(([k, v]) => [a(k), v] as Term)));
  const flag = (k: string, dflt: boolean): boolean => {
    const v = opts.get(k);
    return v === undefined ? dflt : v !== false && v !== null;
  };
  const lineLength = opts.get("line_length") ?? 98;
  try {
    return list(formatStringParts(src, {
      file: o.file, line: o.line, column: o.column,
      lineLength: lineLength === a("infinity") ? Infinity : typeof lineLength === "number" ? lineLength : 98,
      localsWithoutParens: localsOption(opts.get("locals_without_parens")),
      forceDoEndBlocks: flag("force_do_end_blocks", false),
      normalizeBitstringModifiers: flag("normalize_bitstring_modifiers", true),
    }));
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    // Raised from Elixir's own code: these frames are the whole trace.
    const frame = (name: string, line: number): Term => [a("Elixir.Code"), a(name), 2, list([[a("file"), charlist("lib/code.ex")], [a("line"), line]])];
    if (fun !== "format_file!") throw parseException(e, [frame("format_string!", 773)]);
    // (format_file!/2's entry stands for its frame)
    const err = parseException(e, [frame("format_string!", 773), frame("format_file!", 789)]);
    (err as { skipFrames?: number }).skipFrames = 1;
    throw err;
  }
}

const charlist = (s: string): Term => list(Array.from(s, (c) => c.codePointAt(0)!));

/** The binary first argument (the one-argument forms fail as the two-argument clause, as in Elixir). */
function binaryArg(fun: string, args: Term[]): string {
  const t = args[0];
  if (typeof t === "string") return t;
  if (t instanceof Bin && t.bits === 0) return sourceUtf8(t.bytes);
  throw fce("Elixir.Code", fun, args.length === 1 ? [t, NIL] : args);
}

/** Code.format_file!/2: the file read with File.read!/1, formatted, and a final newline. */
function formatFile(fun: string, arity: number): Code {
  return generatorCode("Elixir.Code", fun, arity, function* (args): Gen<Term> {
    const file = binaryArg(fun, args);
    const given = args[1] ?? NIL;
    if (!(given === NIL || given instanceof Cons)) throw fce("Elixir.Code", fun, args);
    const content = yield* call("Elixir.File", "read!", [args[0]]);
    const src = typeof content === "string" ? content : bytesToString((content as Bin).bytes);
    const formatted = formatString(fun, src, [content, given], [["file", file], ["line", 1]]);
    return list([formatted, 10]);
  });
}

const fns: Record<string, NativeFn | Code> = {
  "quoted_to_algebra/1": (args) => quotedToAlgebraNative(args),
  "quoted_to_algebra/2": (args) => quotedToAlgebraNative(args),
  "format_string!/1": (args) => formatString("format_string!", binaryArg("format_string!", args), args),
  "format_string!/2": (args) => formatString("format_string!", binaryArg("format_string!", args), args),
  "format_file!/1": formatFile("format_file!", 1),
  "format_file!/2": formatFile("format_file!", 2),
};

export const natives: NativeModule[] = [{ module: "Elixir.Code", fns }];

