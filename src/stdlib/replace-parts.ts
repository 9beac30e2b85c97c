// Support for the replace functions that take a replacement function (String.replace/4 and
// Regex.replace/4 with a fun live in the prelude): natives that cut a subject into the text
// between matches and the matches themselves, so the prelude can call the user's function.
import type { NativeFn } from "../runtime/code.js";
import { MapTerm } from "../runtime/map.js";
import { Bin, Cons, Term, a, binBytes, binFromBytes, list, listToArray } from "../runtime/term.js";
import { badArgs } from "../runtime/errors.js";
import { bifError } from "../runtime/ops.js";
import * as regexMod from "./regex.js";
import * as stringMod from "./string.js";

type Span = [number, number];

/** Byte spans of the matches of string patterns (leftmost, longest pattern first). */
function stringSpans(subject: Uint8Array, patterns: Uint8Array[], global: boolean): Span[] {
  const spans: Span[] = [];
  let i = 0;
  while (i <= subject.length) {
    let best = -1;
    for (const p of patterns) {
      if (p.length === 0 || p.length <= best || i + p.length > subject.length) continue;
      let ok = true;
      for (let k = 0; k < p.length && ok; k++) if (subject[i + k] !== p[k]) ok = false;
      if (ok) best = p.length;
    }
    if (best > 0) {
      spans.push([i, best]);
      if (!global) break;
      i += best;
    } else i++;
  }
  return spans;
}

/** Matches of a Regex as [span of whole match, spans of groups]. */
function regexSpans(re: MapTerm, subject: Term, global: boolean): Span[][] {
  const opts = list([[a("return"), a("index")]]);
  const res = global ? regexMod.regexScan(re, subject, opts, [re, subject]) : regexMod.regexRun(re, subject, opts, [re, subject]);
  if (res === null) return [];
  const toSpans = (l: Term): Span[] => (listToArray(l) ?? []).map((t) => [t[0], t[1]] as Span);
  return global ? (listToArray(res) ?? []).map(toSpans) : [toSpans(res)];
}

/** Alternating [text, match, text, ..., text]; a match is the matched binary, or [whole | groups] for regexes. */
function parts(subject: Term, matches: Span[][], withGroups: boolean): Term {
  const bytes = binBytes(subject);
  const out: Term[] = [];
  let pos = 0;
  const slice = (s: number, l: number) => (s < 0 ? "" : binFromBytes(bytes.slice(s, s + l)));
  for (const m of matches) {
    const [s, l] = m[0];
    out.push(slice(pos, s - pos));
    out.push(withGroups ? list(m.map(([gs, gl]) => slice(gs, gl))) : slice(s, l));
    pos = s + l;
  }
  out.push(slice(pos, bytes.length - pos));
  return list(out);
}

/**
 * The patterns :binary.matches/2 (:binary.match/2 when not global) takes: a non-empty
 * binary, a proper, non-empty list of them or a :binary.compile_pattern/1 one; anything else is its badarg.
 */
function patternList(subject: Term, p: Term, global: boolean): Uint8Array[] {
  const compiled = stringMod.compiledOf(p);
  if (compiled !== null) return compiled.map((x) => binBytes(x));
  const xs = p instanceof Cons ? listToArray(p) : typeof p === "string" || p instanceof Bin ? [p] : null;
  const ok = xs !== null && xs.length > 0 && xs.every((x) => (typeof x === "string" || (x instanceof Bin && !x.bits)) && binBytes(x).length > 0);
  if (!ok) throw bifError(badArgs([[2, "not a valid pattern"]]), global ? "matches" : "match", [subject, p], "binary");
  return xs!.map((x) => binBytes(x));
}

export const stringNatives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.String",
  fns: {
    "__replace__/4": stringMod.natives.fns["replace/4"],
    "__replace_parts__/3": ([subject, pattern, global]) => {
      if (regexMod.isRegex(pattern)) return parts(subject, regexSpans(pattern, subject, global === true), false);
      // (any truthy :global is global, as Elixir's `if` reads it)
      const g = global !== false && global !== null;
      const spans = stringSpans(binBytes(subject), patternList(subject, pattern, g), g);
      return parts(subject, spans.map((s) => [s]), false);
    },
  },
};

export const regexNatives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.Regex",
  fns: {
    "__replace__/4": regexMod.natives.fns["replace/4"],
    "__replace_parts__/3": ([re, subject, global]) => parts(subject, regexSpans(re, subject, global === true), true),
  },
};
