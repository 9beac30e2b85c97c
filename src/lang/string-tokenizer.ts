// Elixir's String.Tokenizer and String.Tokenizer.Security: what makes a run of code points an
// identifier, an alias or an atom's name, with UTS 39's rules as Elixir 1.14 applies them.
// An identifier of non-ASCII letters is taken in NFC form and must not mix scripts (its
// characters' script sets must share a script, or the identifier must be covered by one of
// the highly restrictive sets: Latin with Japanese, with Han and Bopomofo, or with Korean);
// a rejected one may get a hint (its compatibility form, or its confusable skeleton, when
// that tokenizes). Two identifiers of one input whose skeletons agree but whose characters
// differ get a warning. The character tables are generated (identifier-chars.ts).

import {
  CONFUSABLE_SKELETONS, SCRIPT_NAMES, SCRIPT_RANGES, SCRIPT_SETS, UNICODE_CONTINUE, UNICODE_START, UNICODE_UPPER, inRanges, runAt,
} from "./identifier-chars.js";

/** A script set: the indexes of its scripts (in SCRIPT_NAMES), or null for every script. */
type ScriptSet = readonly number[] | null;

const LATIN: ScriptSet = [0];
const BOTTOM: ScriptSet = [];

/** The characters the tokenizer writes in another form before anything else (µ as μ). */
const START_NORMALIZATIONS = new Map<number, number>([[0xb5, 0x3bc]]);

const isAsciiUpper = (c: number) => c >= 65 && c <= 90;
const isAsciiLower = (c: number) => c >= 97 && c <= 122;
const isAsciiContinue = (c: number) => (c >= 48 && c <= 57) || c === 95;

/** The script set of an identifier character (every script for one that has none of its own). */
function scriptSetOf(cp: number): ScriptSet {
  if (cp < 128) return isAsciiUpper(cp) || isAsciiLower(cp) ? LATIN : null;
  const normalized = START_NORMALIZATIONS.get(cp);
  if (normalized !== undefined) return scriptSetOf(normalized);
  const at = runAt(SCRIPT_RANGES, 3, cp);
  if (at >= 0) return SCRIPT_SETS[SCRIPT_RANGES[at + 2]];
  return null;
}

function intersect(a: ScriptSet, b: ScriptSet): ScriptSet {
  if (a === null) return b;
  if (b === null) return a;
  return a.filter((s) => b.includes(s));
}

const isBottom = (s: ScriptSet) => s !== null && s.length === 0;

/** Latin with Japanese, with Han and Bopomofo, with Korean (UTS 39's highly restrictive sets). */
const HIGHLY_RESTRICTIVE: ScriptSet[] = ["Japanese", "Han with Bopomofo", "Korean"].map((n) => [0, SCRIPT_NAMES.indexOf(n)]);

function highlyRestrictive(cps: readonly number[]): boolean {
  const sets = cps.map(scriptSetOf);
  return HIGHLY_RESTRICTIVE.some((r) => sets.every((s) => !isBottom(intersect(s, r))));
}

const isIdentifierChar = (cp: number) => inRanges(UNICODE_START, cp) || inRanges(UNICODE_UPPER, cp) || inRanges(UNICODE_CONTINUE, cp);

export type IdentifierKind = "alias" | "identifier" | "atom";

/** What the tokenizer found at the start of some code points. */
export type TokenizedIdentifier =
  | {
      kind: IdentifierKind;
      /** The identifier's code points (NFC for a non-ASCII one). */
      acc: number[];
      /** Where the rest of the input starts, in the code points given. */
      rest: number;
      ascii: boolean;
      /** It ends in ! or ?, has an @, or was written in another form than NFC. */
      punctuation: boolean;
      at: boolean;
      nfkc: boolean;
    }
  | { error: "empty" }
  | { error: "unexpected_token"; wrong: number[] }
  | { error: "not_highly_restrictive"; wrong: number[]; prefix: string; suffix: string };

/** String.Tokenizer.tokenize/1 over `cps` from `from`. */
export function tokenizeIdentifier(cps: readonly number[], from = 0): TokenizedIdentifier {
  const head = cps[from];
  if (head === undefined) return { error: "empty" };
  let kind: IdentifierKind;
  let set: ScriptSet;
  let first = head;
  let nfkc = false;
  if (isAsciiUpper(head)) [kind, set] = ["alias", LATIN];
  else if (isAsciiLower(head)) [kind, set] = ["identifier", LATIN];
  else if (head === 95) [kind, set] = ["identifier", null];
  else if (head > 127 && inRanges(UNICODE_UPPER, head)) [kind, set] = ["atom", scriptSetOf(head)];
  else if (head > 127 && START_NORMALIZATIONS.has(head)) {
    first = START_NORMALIZATIONS.get(head)!;
    [kind, set, nfkc] = ["identifier", scriptSetOf(first), true];
  } else if (head > 127 && inRanges(UNICODE_START, head)) [kind, set] = ["identifier", scriptSetOf(head)];
  else return { error: "empty" };
  const acc = [first];
  let ascii = head < 128;
  let punctuation = false;
  let at = false;
  let i = from + 1;
  for (; i < cps.length; i++) {
    const c = cps[i];
    if (c === 33 || c === 63) {
      acc.push(c);
      punctuation = true;
      i++;
      break;
    }
    if (c === 64) at = true;
    else if (isAsciiUpper(c) || isAsciiLower(c)) set = intersect(set, LATIN);
    else if (c < 128 && !isAsciiContinue(c)) break;
    else if (c >= 128) {
      const normalized = START_NORMALIZATIONS.get(c);
      if (normalized !== undefined) {
        set = intersect(set, scriptSetOf(normalized));
        nfkc = true;
        acc.push(normalized);
        ascii = false;
        continue;
      }
      if (!isIdentifierChar(c)) return { error: "unexpected_token", wrong: [...acc, c] };
      set = intersect(set, scriptSetOf(c));
      ascii = false;
    }
    acc.push(c);
  }
  if (ascii) return { kind, acc, rest: i, ascii, punctuation, at, nfkc };
  const nfc = toCodePoints(String.fromCodePoint(...acc).normalize("NFC"));
  if (nfc.length !== acc.length || nfc.some((c, k) => c !== acc[k])) nfkc = true;
  if (!isBottom(set) || highlyRestrictive(nfc)) return { kind, acc: nfc, rest: i, ascii, punctuation, at, nfkc };
  return { error: "not_highly_restrictive", wrong: nfc, ...mixedScriptMessage(nfc) };
}

function mixedScriptMessage(cps: number[]): { prefix: string; suffix: string } {
  const name = String.fromCodePoint(...cps);
  const breakdown = cps
    .map((c) => {
      const set = scriptSetOf(c);
      const scripts = set === null ? "" : ` {${set.map((s) => SCRIPT_NAMES[s]).join(",")}}`;
      return `  \\u${c.toString(16).toUpperCase().padStart(4, "0")} ${String.fromCodePoint(c)}${scripts}\n`;
    })
    .join("");
  return {
    prefix: "invalid mixed-script identifier found: ",
    suffix:
      `\n\nMixed-script identifiers are not supported for security reasons. '${name}' is made of the following scripts:\n\n${breakdown}\n` +
      "All characters in the identifier should resolve to a single script, or use a highly restrictive set of scripts.\n",
  };
}

function toCodePoints(s: string): number[] {
  return Array.from(s, (ch) => ch.codePointAt(0)!);
}

let skeletons: Map<number, string> | null = null;

/** UTS 39's skeleton of `s`: NFD, each character replaced by its prototype, NFD again. */
export function confusableSkeleton(s: string): string {
  if (skeletons === null) {
    skeletons = new Map();
    for (const line of CONFUSABLE_SKELETONS.split("\n")) {
      const cp = line.codePointAt(0)!;
      skeletons.set(cp, line.slice(cp > 0xffff ? 2 : 1));
    }
  }
  let out = "";
  for (const ch of s.normalize("NFD")) out += skeletons.get(ch.codePointAt(0)!) ?? ch;
  return out.normalize("NFD");
}

const MORE_INFO = "See https://hexdocs.pm/elixir/unicode-syntax.html for more information.";

const hexPoints = (cps: readonly number[]) => cps.map((c) => " 0x" + c.toString(16).toUpperCase().padStart(5, "0")).join("");

function suggestChange(intro: string, wrong: readonly number[], hint: string, hinted: readonly number[]): string {
  return (
    `${intro}\n\nGot:\n\n    "${String.fromCodePoint(...wrong)}" (code points${hexPoints(wrong)})\n\n` +
    `Hint: ${hint}\n\n    "${String.fromCodePoint(...hinted)}" (code points${hexPoints(hinted)})\n\n${MORE_INFO}`
  );
}

/**
 * elixir_tokenizer's suggestion for code points that are no identifier: their compatibility
 * form (NFKC) when that tokenizes, else their confusable skeleton when that does.
 */
export function suggestSimpler(wrong: readonly number[]): string | null {
  const nfkc = toCodePoints(String.fromCodePoint(...wrong).normalize("NFKC"));
  if (!("error" in tokenizeIdentifier(nfkc))) {
    return suggestChange(
      "Elixir expects unquoted Unicode atoms, variables, and calls to use allowed codepoints and to be in NFC form.",
      wrong, "You could write the above in a compatible format that is accepted by Elixir:", nfkc,
    );
  }
  const simpler = tokenizeIdentifier(toCodePoints(confusableSkeleton(String.fromCodePoint(...wrong))));
  if ("error" in simpler) return null;
  return suggestChange(
    "Codepoint failed identifier tokenization, but a simpler form was found.",
    wrong, "You could write the above in a similar way that is accepted by Elixir:", simpler.acc,
  );
}

/**
 * A mixed-script identifier's error, as elixir_tokenizer gives it: its column (the
 * identifier's, or its last character's when a hint follows) and message parts.
 */
export function mixedScriptError(
  error: { wrong: number[]; prefix: string; suffix: string }, column: number,
): { column: number; prefix: string; suffix: string } {
  const hint = suggestSimpler(error.wrong);
  if (hint === null) return { column, prefix: error.prefix, suffix: error.suffix + "\n" + MORE_INFO };
  return { column: column + error.wrong.length - 1, prefix: error.prefix, suffix: error.suffix + hint };
}

/** A token as the confusables check reads it. */
export interface NamedToken {
  line: number;
  column: number;
  name: string;
}

/**
 * String.Tokenizer.Security's confusables check over one input's identifiers, in order: each
 * whose skeleton an earlier one (written differently) has gives a warning.
 */
export function confusableWarnings(tokens: readonly NamedToken[]): { line: number; column: number; message: string }[] {
  const seen = new Map<string, NamedToken>();
  const warnings: { line: number; column: number; message: string }[] = [];
  for (const t of tokens) {
    const skeleton = confusableSkeleton(t.name);
    const previous = seen.get(skeleton);
    if (previous === undefined) seen.set(skeleton, t);
    else if (previous.name !== t.name) {
      warnings.push({
        line: t.line,
        column: t.column,
        message: `confusable identifier: '${t.name}' looks like '${previous.name}' on line ${previous.line}, but they are written using different characters`,
      });
    }
  }
  return warnings;
}
