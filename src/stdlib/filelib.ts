// :filelib's file-system questions (is_dir, is_file, is_regular, file_size, last_modified,
// ensure_dir, ensure_path) and wildcard/1,2 with Path.wildcard/2's walk (`:beamsh_wildcard`).
//
// A wildcard pattern is matched one path segment at a time, as filelib does: a segment with
// no wildcard is looked up by name (so a dot file named outright is found); one with `?`, `*`,
// `[...]` (ranges, no negation) or `{a,b}` lists its directory and keeps the names that match;
// `**` stands for any number of directories below. The matches come back sorted. Path's walk
// leaves out names starting with a dot unless match_dot is asked for.
import * as fs from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import type { NativeFn, ProcLike } from "../runtime/code.js";
import type { Runtime } from "../runtime/runtime.js";
import { Atom, Cons, NIL, Term, a, list, listToArray } from "../runtime/term.js";
import { cwdOf } from "./file.js";
import { iodataBytes } from "./unicode.js";

const charlist = (s: string): Term => list(Array.from(s, (c) => c.codePointAt(0)!));

/** A name argument (charlist, binary or atom) as text, or null. */
function nameText(t: Term): string | null {
  if (t instanceof Atom) return t.name;
  if (typeof t === "string") return t;
  if (t === NIL || t instanceof Cons) {
    const cs = listToArray(t);
    if (cs !== null && cs.every((c) => typeof c === "number")) return String.fromCodePoint(...(cs as number[]));
  }
  const b = iodataBytes(t);
  return b === null ? null : new TextDecoder().decode(b);
}

const WILD = /[?*[{\\]/;

/** One segment's pattern as a regular expression over a whole name. */
function segmentRegex(seg: string): RegExp {
  let out = "";
  let depth = 0;
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === "\\" && i + 1 < seg.length) out += escape(seg[++i]);
    else if (c === "?") out += "[^/]";
    else if (c === "*") out += "[^/]*";
    else if (c === "[") {
      const end = seg.indexOf("]", i + 1);
      if (end < 0) out += "\\[";
      else {
        const body = seg.slice(i + 1, end);
        out += "[" + body.replace(/[\\\]^]/g, (x) => "\\" + x) + "]";
        i = end;
      }
    } else if (c === "{") {
      depth++;
      out += "(?:";
    } else if (c === "}" && depth > 0) {
      depth--;
      out += ")";
    } else if (c === "," && depth > 0) out += "|";
    else out += escape(c);
  }
  while (depth-- > 0) out += ")";
  return new RegExp("^(?:" + out + ")$", "su");
}

function escape(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

function exists(path: string): boolean {
  try {
    fs.lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function isDir(path: string): boolean {
  try {
    return fs.statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function listDir(path: string, dots: boolean): string[] {
  try {
    const names = fs.readdirSync(path);
    return dots ? names : names.filter((n) => !n.startsWith("."));
  } catch {
    return [];
  }
}

/** The paths (relative as the pattern is) that `pattern` matches under `cwd`. */
export function wildcard(pattern: string, cwd: string, dots: boolean): string[] {
  const absolute = isAbsolute(pattern);
  const segs = pattern.split("/").filter((s) => s !== "");
  while (segs.length > 1 && segs[0] === ".") segs.shift();
  const on = (rel: string) => (absolute ? rel : resolve(cwd, rel));
  const joinRel = (base: string, name: string) => (base === "" ? name : base === "/" ? "/" + name : base + "/" + name);
  let bases = [absolute ? "/" : ""];
  segs.forEach((seg, k) => {
    const last = k === segs.length - 1;
    const next: string[] = [];
    if (!WILD.test(seg)) {
      for (const b of bases) {
        const p = joinRel(b, seg);
        if (exists(on(p === "" ? "." : p))) next.push(p);
      }
    } else if (seg === "**") {
      const walk = (b: string, into: string[]) => {
        for (const n of listDir(on(b === "" ? "." : b), dots)) {
          const p = joinRel(b, n);
          into.push(p);
          if (isDir(on(p))) walk(p, into);
        }
      };
      for (const b of bases) {
        if (!last) next.push(b);
        walk(b, next);
      }
    } else {
      const re = segmentRegex(seg);
      for (const b of bases) {
        for (const n of listDir(on(b === "" ? "." : b), dots)) if (re.test(n)) next.push(joinRel(b, n));
      }
    }
    bases = [...new Set(next)];
  });
  const out = segs.length === 0 ? [] : bases.filter((b) => b !== "" && b !== "/");
  return out.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
}

const rtOf = (p: ProcLike): Runtime => (p as { rt: Runtime }).rt;

function statOf(p: ProcLike, t: Term): fs.Stats | null {
  const name = nameText(t);
  if (name === null) return null;
  try {
    return fs.statSync(resolve(cwdOf(rtOf(p)), name));
  } catch {
    return null;
  }
}

export const natives: { module: string; fns: Record<string, NativeFn> }[] = [
  {
    module: "filelib",
    fns: {
      "is_dir/1": ([t], p) => statOf(p, t)?.isDirectory() ?? false,
      "is_file/1": ([t], p) => statOf(p, t) !== null,
      "is_regular/1": ([t], p) => statOf(p, t)?.isFile() ?? false,
      "file_size/1": ([t], p) => statOf(p, t)?.size ?? 0,
    },
  },
  {
    module: "beamsh_wildcard",
    // (pattern, cwd or :undefined, match dot files?): the matches as charlists
    fns: {
      "wildcard/3": ([pat, cwd, dots], p) => {
        const text = nameText(pat) ?? "";
        const dir = cwd === a("undefined") ? cwdOf(rtOf(p)) : resolve(cwdOf(rtOf(p)), nameText(cwd) ?? ".");
        return list(wildcard(text, dir, dots === true).map(charlist));
      },
      "ensure_dir/1": ([t], p) => {
        const name = nameText(t);
        if (name === null) return [a("error"), a("badarg")];
        const dir = resolve(cwdOf(rtOf(p)), join(name, ".."));
        try {
          fs.mkdirSync(dir, { recursive: true });
          return a("ok");
        } catch (e) {
          return [a("error"), a(((e as NodeJS.ErrnoException).code ?? "einval").toLowerCase())];
        }
      },
    },
  },
];
