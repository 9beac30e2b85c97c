// Erlang's :filename for Unix paths (what Path builds on): basename/1,2, dirname/1,
// extension/1, rootname/1,2, split/1, join/1,2 and pathtype/1. A binary gives a binary, a
// string (a possibly deep list of characters, binaries and atoms) a flat string; only '/' and
// '.' matter, so a name is worked on as text (a binary that is not UTF-8, byte by byte).
import type { NativeFn } from "../runtime/code.js";
import { fce } from "../runtime/arith.js";
import { Atom, Bin, Cons, NIL, Term, a, atomName, binBytes, binFromBytes, list, listToArray } from "../runtime/term.js";

type Kind = "utf8" | "bytes" | "list";
interface Name {
  s: string;
  kind: Kind;
}

/**
 * The text of a file name written as a deep list of characters, binaries and atoms
 * (:file and :filename accept these), or null when the list holds anything else.
 */
export function deepNameChars(t: Term): string | null {
    let s = "";
    const walk = (x: Term): boolean => {
      const xs = listToArray(x);
      if (xs === null) return false;
      for (const e of xs) {
        if (typeof e === "number" && Number.isInteger(e) && e >= 0 && e <= 0x10ffff) s += String.fromCodePoint(e);
        else if (typeof e === "string") s += e;
        else if (e instanceof Atom) s += atomName(e);
        else if (e === NIL || e instanceof Cons) {
          if (!walk(e)) return false;
        } else return false;
      }
      return true;
    };
  return walk(t) ? s : null;
}

/** A name's text, or null when it is not a name (the caller raises). */
function nameOf(t: Term): Name | null {
  if (typeof t === "string") return { s: t, kind: "utf8" };
  if (t instanceof Bin) return { s: Buffer.from(binBytes(t)).toString("latin1"), kind: "bytes" };
  if (t instanceof Atom || t === null || typeof t === "boolean") return { s: atomName(t as Atom), kind: "list" };
  if (t === NIL || t instanceof Cons) {
    const s = deepNameChars(t);
    return s === null ? null : { s, kind: "list" };
  }
  return null;
}

function out(s: string, kind: Kind): Term {
  if (kind === "utf8") return s;
  if (kind === "bytes") return binFromBytes(Buffer.from(s, "latin1"));
  return list([...s].map((c) => c.codePointAt(0)!));
}

/** The kind of a result from two names: a binary if either is one. */
const kind2 = (x: Name, y: Name): Kind => (x.kind === "list" ? y.kind : x.kind === "utf8" && y.kind === "bytes" ? "bytes" : x.kind);

function basename(s: string): string {
  const parts = s.split("/").filter((p) => p !== "");
  return parts.length === 0 ? "" : parts[parts.length - 1];
}

/** basename/2: the base name without `ext` when the whole name ends with it. */
function basenameExt(s: string, ext: string): string {
  const base = basename(s);
  const keep = base.length - ext.length;
  if (keep < 0 || !s.endsWith(ext)) return base;
  return s.slice(s.length - ext.length - keep, s.length - ext.length);
}

function dirname(s: string): string {
  const parts = s.split("/");
  parts.pop();
  while (parts.length >= 2 && parts[parts.length - 1] === "") parts.pop();
  if (parts.length === 0) return ".";
  // a leading "" is the root; an empty part elsewhere keeps its slash
  let acc = "";
  let i = 0;
  for (;;) {
    if (parts[i] === "" && i < parts.length) {
      acc += "/";
      i++;
    }
    if (i >= parts.length) return acc;
    if (i === parts.length - 1) return acc + parts[i];
    acc += parts[i] + "/";
    i++;
  }
}

/** The extension of the last component: from its last dot, "" for none or a leading dot. */
function extension(s: string): string {
  const dot = s.lastIndexOf(".");
  if (dot <= 0) return "";
  return s.slice(dot - 1).includes("/") ? "" : s.slice(dot);
}

/** The name without the last component's extension (a leading dot starts no extension). */
function rootname(s: string): string {
  let root = "";
  let ext = "";
  for (const c of s) {
    if (c === "/") {
      root += ext + "/";
      ext = "";
    } else if (c === "." && ext === "" && root.endsWith("/")) root += ".";
    else if (c === ".") {
      root += ext;
      ext = ".";
    } else if (ext === "") root += c;
    else ext += c;
  }
  return root;
}

/** rootname/2: without `ext` when the name ends with it (kept when it is a whole component). */
function rootnameExt(s: string, ext: string): string {
  if (!s.endsWith(ext)) return s;
  const prefix = s.slice(0, s.length - ext.length);
  return prefix.endsWith("/") ? s : prefix;
}

function split(s: string): string[] {
  const parts = s.split("/");
  if (parts[0] === "" && parts.length > 1) parts[0] = "/";
  return parts.filter((p) => p !== "");
}

/** join/2 for Unix: an absolute right side wins; separators collapse and "/." segments go. */
function join(left: string, right: string): string {
  const [first, second] = right.startsWith("/") ? [right, ""] : [left, right];
  let r = "";
  const feed = (name: string): void => {
    for (const c of name) {
      if (c === "/") {
        if (r.endsWith("/.")) r = r.slice(0, -1);
        else if (!r.endsWith("/")) r += "/";
      } else r += c;
    }
  };
  feed(first);
  if (second !== "") {
    if (r.endsWith("/.")) r = r.slice(0, -1);
    else if (!r.endsWith("/")) r += "/";
    feed(second);
  }
  return r.length > 1 && r.endsWith("/") ? r.slice(0, -1) : r;
}

function one(name: string, f: (s: string) => string): NativeFn {
  return ([t]) => {
    const n = nameOf(t);
    if (n === null) throw fce("filename", name, [t]);
    return out(f(n.s), n.kind);
  };
}

function two(name: string, f: (s: string, x: string) => string): NativeFn {
  return ([t, u]) => {
    const n = nameOf(t);
    const m = nameOf(u);
    if (n === null || m === null) throw fce("filename", name, [t, u]);
    return out(f(n.s, m.s), kind2(n, m));
  };
}

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "filename",
  fns: {
    "basename/1": one("basename", basename),
    "basename/2": two("basename", basenameExt),
    "dirname/1": one("dirname", dirname),
    "extension/1": one("extension", extension),
    "rootname/1": one("rootname", rootname),
    "rootname/2": two("rootname", rootnameExt),
    "join/2": two("join", join),
    "join/1": ([l]) => {
      const xs = listToArray(l);
      if (xs === null || xs.length === 0) throw fce("filename", "join", [l]);
      const names = xs.map((x) => nameOf(x));
      if (names.some((n) => n === null)) throw fce("filename", "join", [l]);
      let acc = names[0]!;
      let s = join(acc.s, "");
      for (const n of names.slice(1)) {
        s = join(s, n!.s);
        acc = { s, kind: kind2(acc, n!) };
      }
      return out(s, acc.kind);
    },
    "split/1": ([t]) => {
      const n = nameOf(t);
      if (n === null) throw fce("filename", "split", [t]);
      return list(split(n.s).map((p) => out(p, n.kind)));
    },
    "pathtype/1": ([t]) => {
      const n = nameOf(t);
      if (n === null) throw fce("filename", "pathtype", [t]);
      return a(n.s.startsWith("/") ? "absolute" : "relative");
    },
  },
};
