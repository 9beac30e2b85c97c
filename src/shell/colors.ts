// Colours as iex uses them (IEx.Config defaults in Elixir 1.14): results are yellow with
// syntax colours inside (atoms cyan, strings green, numbers yellow, nil/booleans magenta,
// delimiters in the default colour), errors red, interrupts yellow. No colour when output
// is not a terminal or NO_COLOR is set.
//
// Results are coloured after inspection, by scanning the inspected text: inspect output is
// a small, regular subset of Elixir syntax, so the layout (line breaks) stays exactly that
// of the uncoloured text.

/** SGR codes by role; empty strings mean "no colour". */
export interface Palette {
  enabled: boolean;
  result: string;
  error: string;
  interrupt: string;
  atom: string;
  string: string;
  number: string;
  literal: string; // nil, true, false
  charlist: string;
  delimiter: string; // lists, tuples, maps, binaries (:default_color)
  docHeading: string;
  docCode: string;
}

const ESC = "\x1b[";
const RESET = ESC + "0m";

export const iexPalette: Palette = {
  enabled: true,
  result: ESC + "33m",
  error: ESC + "31m",
  interrupt: ESC + "33m",
  atom: ESC + "36m",
  string: ESC + "32m",
  number: ESC + "33m",
  literal: ESC + "35m",
  charlist: ESC + "33m",
  delimiter: ESC + "39m",
  docHeading: ESC + "33m",
  docCode: ESC + "36m",
};

export const plainPalette: Palette = {
  enabled: false,
  result: "",
  error: "",
  interrupt: "",
  atom: "",
  string: "",
  number: "",
  literal: "",
  charlist: "",
  delimiter: "",
  docHeading: "",
  docCode: "",
};

/** The palette for a stream: colours only on a terminal and without NO_COLOR. */
export function paletteFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Palette {
  if (!stream.isTTY) return plainPalette;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return plainPalette;
  if (env.TERM === "dumb") return plainPalette;
  return iexPalette;
}

/** Wraps text in a colour, line by line (so a trailing newline stays outside). */
export function paint(color: string, text: string): string {
  if (color === "" || text === "") return text;
  const m = /\n*$/.exec(text)!;
  const body = text.slice(0, m.index);
  return body === "" ? text : color + body + RESET + m[0];
}

/** Colours an inspected result the way iex's syntax colours render it. */
export function colorizeResult(text: string, pal: Palette): string {
  if (!pal.enabled) return text;
  const base = pal.result;
  const tok = (color: string, s: string) => color + s + RESET + base;
  let out = base;
  let binaryDepth = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    const rest = text.slice(i);
    let m: RegExpExecArray | null;
    if (c === '"') {
      const end = quotedEnd(text, i, '"');
      const isKey = text[end] === ":" && (text[end + 1] === " " || end + 1 === n);
      out += isKey ? tok(pal.atom, text.slice(i, end + 1)) : tok(pal.string, text.slice(i, end));
      i = isKey ? end + 1 : end;
    } else if (c === "'") {
      const end = quotedEnd(text, i, "'");
      out += tok(pal.charlist, text.slice(i, end));
      i = end;
    } else if (c === "#" && (m = /^#[A-Z][\w.]*</.exec(rest))) {
      const end = angleEnd(text, i + m[0].length);
      out += text.slice(i, end);
      i = end;
    } else if (c === "~" && (m = /^~[a-zA-Z]+/.exec(rest))) {
      const end = sigilEnd(text, i + m[0].length);
      out += text.slice(i, end);
      i = end;
    } else if (c === "&" && (m = /^&[\w.:!?]+\/\d+/.exec(rest))) {
      out += m[0];
      i += m[0].length;
    } else if (c === ":" && text[i + 1] === '"') {
      const end = quotedEnd(text, i + 1, '"');
      out += tok(pal.atom, text.slice(i, end));
      i = end;
    } else if (c === ":" && (m = /^:(?:[a-zA-Z_][\w@]*[?!]?|[-+*\/<>=!&|^~.\\]+|\[\]|\{\}|%\{\}|%|<<>>)/.exec(rest)) && !prevIsWordChar(text, i)) {
      out += tok(pal.atom, m[0]);
      i += m[0].length;
    } else if ((m = /^[a-z_][\w@]*[?!]?: /.exec(rest)) && !prevIsWordChar(text, i)) {
      const key = m[0].slice(0, -1);
      out += tok(pal.atom, key);
      i += key.length;
    } else if ((m = /^[A-Z][\w]*(?:\.[A-Z][\w]*)*/.exec(rest)) && !prevIsWordChar(text, i)) {
      const after = text.slice(i + m[0].length);
      if (/^\.[a-z_]/.test(after)) {
        // A call inside a custom inspect form, e.g. MapSet.new([1]): left plain.
        const call = /^\.[a-z_][\w]*[?!]?/.exec(after)!;
        out += m[0] + call[0];
        i += m[0].length + call[0].length;
      } else {
        out += tok(pal.atom, m[0]);
        i += m[0].length;
      }
    } else if ((m = /^(?:nil|true|false)\b/.exec(rest)) && !prevIsWordChar(text, i)) {
      out += tok(pal.literal, m[0]);
      i += m[0].length;
    } else if ((m = /^-?(?:0x[0-9A-F]+|0b[01]+|0o[0-7]+|\d[\d_]*(?:\.\d[\d_]*(?:e[-+]?\d+)?)?)/.exec(rest)) && !/[\w)\]]/.test(text[i - 1] ?? "")) {
      out += tok(pal.number, m[0]);
      i += m[0].length;
    } else if ((m = /^(?:%[A-Z][\w.]*\{|%\{|<<|>>|\[|\]|\{|\}|,| => )/.exec(rest))) {
      // Inside a binary the separators are not coloured (only the brackets are).
      if (m[0] === "<<") binaryDepth++;
      if (m[0] === ">>") binaryDepth--;
      out += m[0] === "," && binaryDepth > 0 ? m[0] : tok(pal.delimiter, m[0]);
      i += m[0].length;
    } else if ((m = /^[a-z_][\w]*[?!]?/.exec(rest))) {
      out += m[0];
      i += m[0].length;
    } else {
      out += c;
      i++;
    }
  }
  return out + RESET;
}

function prevIsWordChar(text: string, i: number): boolean {
  return i > 0 && /[\w.@]/.test(text[i - 1]);
}

/** Index just past the closing quote of a quoted run starting at `start`. */
function quotedEnd(text: string, start: number, q: string): number {
  let i = start + 1;
  while (i < text.length && text[i] !== q) i += text[i] === "\\" ? 2 : 1;
  return Math.min(i + 1, text.length);
}

/** Index just past the `>` closing a `#Name<...>` form (nesting respected). */
function angleEnd(text: string, start: number): number {
  let depth = 1;
  let i = start;
  while (i < text.length && depth > 0) {
    if (text[i] === "<") depth++;
    else if (text[i] === ">") depth--;
    i++;
  }
  return i;
}

const CLOSERS: Record<string, string> = { "(": ")", "[": "]", "{": "}", "<": ">", "/": "/", "|": "|", '"': '"', "'": "'" };

/** Index just past a sigil's closing delimiter and modifiers. */
function sigilEnd(text: string, start: number): number {
  const open = text[start];
  const close = CLOSERS[open];
  if (close === undefined) return start;
  let i = start + 1;
  while (i < text.length && text[i] !== close) i += text[i] === "\\" ? 2 : 1;
  i++;
  while (i < text.length && /[a-zA-Z]/.test(text[i])) i++;
  return i;
}
