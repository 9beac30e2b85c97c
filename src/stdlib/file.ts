// Erlang's :file on Node's fs (synchronous calls: a file operation is one reduction, as a
// BIF's), what Elixir's File (prelude/file.ex) builds on: read_file, write_file, list_dir,
// make_dir, del_dir, del_dir_r, delete, rename, copy, read_file_info, read_link_info,
// read_link, make_link, make_symlink, change_mode, get_cwd, set_cwd, format_error, and the
// raw handles File.open's device process uses (beamsh_file: open, read, read_line, write,
// close). Errors are `{:error, posix}` with the atoms the BEAM gives on Linux (Node's error
// codes, lowercased, with OTP's few renamings: a non-empty directory is :eexist, deleting a
// directory :eperm). Each runtime has its own current directory (a worker thread cannot
// chdir, and two runtimes in one process must not share one).
import { fce } from "../runtime/arith.js";
import * as fs from "node:fs";
import { isAbsolute, resolve } from "node:path";
import type { NativeFn, ProcLike } from "../runtime/code.js";
import type { Runtime } from "../runtime/runtime.js";
import { Atom, Bin, Cons, NIL, Term, a, atomName, binBytes, binFromBytes, isInteger, list, listToArray } from "../runtime/term.js";
import { deepNameChars } from "./filename.js";
import { TermSyntaxError, readTerms } from "./erl-terms.js";
import { iodataBytes } from "./unicode.js";

const OK = a("ok");
const ERROR = a("error");
const EOF = a("eof");
const err = (reason: string): Term => [ERROR, a(reason)];

const cwds = new WeakMap<object, string>();

/** The runtime's current directory (the process's when it never changed it). */
export function cwdOf(rt: Runtime): string {
  return cwds.get(rt) ?? process.cwd();
}

/**
 * Changes the runtime's current directory (:file.set_cwd/1, File.cd/1, IEx's cd/1), `dir`
 * taken from the current one: true, or the posix reason it failed.
 */
export function setCwd(rt: Runtime, dir: string): true | string {
  const path = resolve(cwdOf(rt), dir);
  try {
    if (!fs.statSync(path).isDirectory()) return "enotdir";
  } catch (e) {
    const reason = posix(e);
    return atomName((reason as Term[])[1] as Atom);
  }
  cwds.set(rt, path);
  return true;
}

/** A file name's text (binary, atom, or a deep list of characters, binaries and atoms), or null. */
export function fileName(t: Term): string | null {
  if (typeof t === "string") return t;
  if (t instanceof Bin) return Buffer.from(binBytes(t)).toString("latin1");
  if (t instanceof Atom) return atomName(t);
  if (t === NIL || t instanceof Cons) return deepNameChars(t);
  return null;
}

const charlist = (s: string): Term => list(Array.from(s, (c) => c.codePointAt(0)!));

/** Node's error as the BEAM's posix atom. */
function posix(e: unknown, renames: Record<string, string> = {}): Term {
  const code = (e as { code?: string }).code ?? "EIO";
  // (a name Node refuses, as one with a null byte, is the BEAM's badarg)
  if (code.startsWith("ERR_INVALID_ARG")) return err("badarg");
  const name = renames[code] ?? (code === "ENOTEMPTY" ? "eexist" : code.toLowerCase());
  return err(name);
}

/** Runs `f` on the name resolved against the runtime's directory; badarg when it is no name. */
function withPath(p: ProcLike, name: Term, f: (path: string) => Term, renames?: Record<string, string>): Term {
  const s = fileName(name);
  if (s === null) return err("badarg");
  try {
    return f(resolve(cwdOf(p.rt as Runtime), s));
  } catch (e) {
    return posix(e, renames);
  }
}

/**
 * `:file.copy(source, destination, byte_count)` between named files: each side a name or
 * `{name, modes}` (the destination's :exclusive refuses an existing file with eexist, :append
 * appends); `byte_count` (:infinity or an integer) caps what is copied. Devices (pids) are
 * copied by the prelude's File.copy/3 and :file.copy there.
 */
function copyFile(p: ProcLike, from: Term, to: Term, count: Term): Term {
  const side = (t: Term): [Term, string[]] | null => {
    if (Array.isArray(t) && t.length === 2) {
      const ms = listToArray(t[1]);
      if (ms === null || ms.some((m) => !(m instanceof Atom))) return null;
      return [t[0], ms.map((m) => (m as Atom).name)];
    }
    return [t, []];
  };
  const src = side(from);
  const dst = side(to);
  const limit = count === a("infinity") ? Infinity : typeof count === "number" && count >= 0 ? count : null;
  if (src === null || dst === null || limit === null) return err("badarg");
  const dest = fileName(dst[0]);
  if (dest === null) return err("badarg");
  return withPath(p, src[0], (path) => {
    const all = fs.readFileSync(path);
    const data = limit < all.length ? all.subarray(0, limit) : all;
    const flag = dst[1].includes("exclusive") ? "wx" : dst[1].includes("append") ? "a" : "w";
    fs.writeFileSync(resolve(cwdOf(p.rt as Runtime), dest), data, { flag });
    return [OK, data.length];
  });
}

function bytesOf(data: Term): Uint8Array | null {
  if (typeof data === "string") return Buffer.from(data, "utf8");
  if (data instanceof Bin) return binBytes(data);
  return iodataBytes(data);
}

const toBin = (b: Uint8Array): Term => binFromBytes(b);

function writeFile(p: ProcLike, name: Term, data: Term, modes: Term): Term {
  const bytes = bytesOf(data);
  if (bytes === null) return err("badarg");
  const ms = listToArray(modes);
  if (ms === null) return err("badarg");
  let flag = "w";
  for (const m of ms) {
    const k = m instanceof Atom ? m.name : "";
    if (k === "append") flag = "a";
    else if (k === "exclusive") flag = "wx";
  }
  return withPath(p, name, (path) => {
    fs.writeFileSync(path, bytes, { flag });
    return OK;
  });
}

// ---- file info ---------------------------------------------------------------------------

function typeOf(st: fs.Stats): string {
  if (st.isFile()) return "regular";
  if (st.isDirectory()) return "directory";
  if (st.isSymbolicLink()) return "symlink";
  if (st.isBlockDevice() || st.isCharacterDevice()) return "device";
  return "other";
}

function accessOf(path: string): string {
  const can = (mode: number) => {
    try {
      fs.accessSync(path, mode);
      return true;
    } catch {
      return false;
    }
  };
  const r = can(fs.constants.R_OK);
  const w = can(fs.constants.W_OK);
  return r && w ? "read_write" : r ? "read" : w ? "write" : "none";
}

/** A time as `{{y, m, d}, {h, min, s}}` (universal or local) or posix seconds. */
function timeTerm(ms: number, kind: string): Term {
  const secs = Math.floor(ms / 1000);
  if (kind === "posix") return secs;
  const d = new Date(secs * 1000);
  if (kind === "local") {
    return [[d.getFullYear(), d.getMonth() + 1, d.getDate()], [d.getHours(), d.getMinutes(), d.getSeconds()]];
  }
  return [[d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()], [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()]];
}

function timeOption(opts: Term): string | null {
  const xs = listToArray(opts);
  if (xs === null) return null;
  let kind = "local";
  for (const o of xs) {
    if (Array.isArray(o) && o.length === 2 && o[0] === a("time") && o[1] instanceof Atom && ["local", "universal", "posix"].includes(o[1].name)) kind = o[1].name;
    else if (o !== a("raw")) return null;
  }
  return kind;
}

function fileInfo(p: ProcLike, name: Term, opts: Term, link: boolean): Term {
  const kind = timeOption(opts);
  if (kind === null) return err("badarg");
  return withPath(p, name, (path) => {
    const st = link ? fs.lstatSync(path) : fs.statSync(path);
    const rdev = st.rdev;
    return [OK, [a("file_info"), st.size, a(typeOf(st)), a(accessOf(path)), timeTerm(st.atimeMs, kind), timeTerm(st.mtimeMs, kind),
      timeTerm(st.ctimeMs, kind), st.mode, st.nlink, st.dev, rdev, st.ino, st.uid, st.gid]];
  });
}

// ---- raw handles (File.open's device) ----------------------------------------------------

interface Handle {
  fd: number;
  /** Bytes read ahead of the position (for read_line). */
  buffer: Buffer;
  pos: number;
  append: boolean;
}
const handles = new WeakMap<object, Map<number, Handle>>();
function handlesOf(rt: Runtime): Map<number, Handle> {
  let m = handles.get(rt);
  if (m === undefined) handles.set(rt, (m = new Map()));
  return m;
}

function openRaw(p: ProcLike, name: Term, modes: Term): Term {
  const ms = listToArray(modes);
  if (ms === null) return err("badarg");
  const set = new Set(ms.map((m) => (m instanceof Atom ? m.name : "")));
  const read = set.has("read") || (!set.has("write") && !set.has("append"));
  const write = set.has("write") || set.has("append") || set.has("exclusive");
  let flag: string;
  if (set.has("exclusive")) flag = read ? "wx+" : "wx";
  else if (set.has("append")) flag = read ? "a+" : "a";
  else if (write && read) flag = fs.existsSync(resolve(cwdOf(p.rt as Runtime), fileName(name) ?? "")) ? "r+" : "w+";
  else flag = write ? "w" : "r";
  return withPath(p, name, (path) => {
    const fd = fs.openSync(path, flag);
    if (fs.fstatSync(fd).isDirectory() && !write) {
      fs.closeSync(fd);
      return err("eisdir");
    }
    handlesOf(p.rt as Runtime).set(fd, { fd, buffer: Buffer.alloc(0), pos: 0, append: set.has("append") });
    return [OK, fd];
  });
}

function handle(p: ProcLike, fd: Term): Handle | null {
  return typeof fd === "number" ? handlesOf(p.rt as Runtime).get(fd) ?? null : null;
}

/** Up to `n` bytes from the handle, or null at the end. */
function readBytes(h: Handle, n: number): Buffer | null {
  while (h.buffer.length < n) {
    const chunk = Buffer.alloc(Math.max(65536, n - h.buffer.length));
    const got = fs.readSync(h.fd, chunk, 0, chunk.length, h.pos);
    if (got === 0) break;
    h.pos += got;
    h.buffer = Buffer.concat([h.buffer, chunk.subarray(0, got)]);
  }
  if (h.buffer.length === 0) return null;
  const out = h.buffer.subarray(0, n);
  h.buffer = h.buffer.subarray(out.length);
  return out;
}

function readLine(h: Handle): Buffer | null {
  for (;;) {
    const nl = h.buffer.indexOf(10);
    if (nl >= 0) {
      const line = h.buffer.subarray(0, nl + 1);
      h.buffer = h.buffer.subarray(nl + 1);
      return line;
    }
    const chunk = Buffer.alloc(65536);
    const got = fs.readSync(h.fd, chunk, 0, chunk.length, h.pos);
    if (got === 0) {
      if (h.buffer.length === 0) return null;
      const rest = h.buffer;
      h.buffer = Buffer.alloc(0);
      return rest;
    }
    h.pos += got;
    h.buffer = Buffer.concat([h.buffer, chunk.subarray(0, got)]);
  }
}

/** `f` on the handle, its failure as {:error, posix}; {:error, :badarg} for what is no handle. */
function onHandle(p: ProcLike, fd: Term, f: (h: Handle) => Term): Term {
  const h = handle(p, fd);
  if (h === null) return err("badarg");
  try {
    return f(h);
  } catch (e) {
    return posix(e);
  }
}

const raw: Record<string, NativeFn> = {
  "open/2": ([name, modes], p) => openRaw(p, name, modes),
  "read/2": ([fd, n], p) => {
    const h = handle(p, fd);
    if (h === null || typeof n !== "number") return err("badarg");
    try {
      const b = readBytes(h, n);
      return b === null ? EOF : [OK, toBin(b)];
    } catch (e) {
      return posix(e);
    }
  },
  "read_line/1": ([fd], p) => {
    const h = handle(p, fd);
    if (h === null) return err("badarg");
    try {
      const b = readLine(h);
      return b === null ? EOF : [OK, toBin(b)];
    } catch (e) {
      return posix(e);
    }
  },
  "write/2": ([fd, data], p) => {
    const h = handle(p, fd);
    const bytes = bytesOf(data);
    if (h === null || bytes === null) return err("badarg");
    try {
      if (h.append) fs.writeSync(h.fd, bytes);
      else {
        // What was read ahead is given back: the write goes where the reader stands.
        h.pos -= h.buffer.length;
        h.buffer = Buffer.alloc(0);
        h.pos += fs.writeSync(h.fd, bytes, 0, bytes.length, h.pos);
      }
      return OK;
    } catch (e) {
      return posix(e);
    }
  },
  // file:position/2's locations: an offset from the start, bof/cur/eof, or {bof|cur|eof, Offset}.
  "position/2": ([fd, loc], p) => {
    const h = handle(p, fd);
    if (h === null) return err("badarg");
    let base: string;
    let offset: number;
    if (typeof loc === "number" && Number.isInteger(loc)) [base, offset] = ["bof", loc];
    else if (loc instanceof Atom && ["bof", "cur", "eof"].includes(loc.name)) [base, offset] = [loc.name, 0];
    else if (Array.isArray(loc) && loc.length === 2 && loc[0] instanceof Atom && ["bof", "cur", "eof"].includes(loc[0].name) && typeof loc[1] === "number" && Number.isInteger(loc[1])) [base, offset] = [loc[0].name, loc[1]];
    else return err("badarg");
    try {
      // (what was read ahead is not yet read: the reader stands before it)
      const from = base === "bof" ? 0 : base === "cur" ? h.pos - h.buffer.length : fs.fstatSync(h.fd).size;
      const at = from + offset;
      if (at < 0) return err("einval");
      h.pos = at;
      h.buffer = Buffer.alloc(0);
      return [OK, at];
    } catch (e) {
      return posix(e);
    }
  },
  // sync/datasync/truncate (at the reader's position)/allocate/advise, as prim_file does them
  "sync/1": ([fd], p) => onHandle(p, fd, (h) => (fs.fsyncSync(h.fd), OK)),
  "datasync/1": ([fd], p) => onHandle(p, fd, (h) => (fs.fdatasyncSync(h.fd), OK)),
  "truncate/1": ([fd], p) =>
    onHandle(p, fd, (h) => {
      const at = h.pos - h.buffer.length;
      fs.ftruncateSync(h.fd, at);
      h.pos = at;
      h.buffer = Buffer.alloc(0);
      return OK;
    }),
  // (posix_fallocate: the file grows to cover the range; what was there stays)
  "allocate/3": ([fd, offset, length], p) => {
    if (typeof offset !== "number" || typeof length !== "number" || offset < 0 || length <= 0) return err("einval");
    return onHandle(p, fd, (h) => {
      if (fs.fstatSync(h.fd).size < offset + length) fs.ftruncateSync(h.fd, offset + length);
      return OK;
    });
  },
  // (posix_fadvise is only a hint; Node offers none, so a valid one is taken and ignored)
  "advise/4": ([fd, offset, length, advice], p) => {
    const kinds = ["normal", "sequential", "random", "no_reuse", "will_need", "dont_need"];
    if (typeof offset !== "number" || typeof length !== "number" || !(advice instanceof Atom) || !kinds.includes(advice.name)) return err("einval");
    return onHandle(p, fd, () => OK);
  },
  "close/1": ([fd], p) => {
    const h = handle(p, fd);
    if (h === null) return err("einval");
    handlesOf(p.rt as Runtime).delete(h.fd);
    try {
      fs.closeSync(h.fd);
      return OK;
    } catch (e) {
      return posix(e);
    }
  },
};

// ---- :file ---------------------------------------------------------------------------------

/**
 * A directory's entries in the order the file system gives them (readdir(3)'s, as
 * prim_file:list_dir/1 returns them; fs.readdirSync would sort them), "." and ".." left out.
 */
function readDirectory(path: string): string[] {
  const dir = fs.opendirSync(path);
  const names: string[] = [];
  try {
    for (let e = dir.readSync(); e !== null; e = dir.readSync()) names.push(e.name);
  } finally {
    dir.closeSync();
  }
  return names;
}

const fileFns: Record<string, NativeFn> = {
  "get_cwd/0": (_, p) => [OK, charlist(cwdOf(p.rt as Runtime))],
  // The node's file names are read as UTF-8 (erl's +fnu default on a UTF-8 locale).
  "native_name_encoding/0": () => a("utf8"),
  "set_cwd/1": ([name], p) => {
    const s = fileName(name);
    if (s === null) return err("badarg");
    const r = setCwd(p.rt as Runtime, s);
    return r === true ? OK : err(r);
  },
  "read_file/1": ([name], p) => withPath(p, name, (path) => [OK, toBin(fs.readFileSync(path))]),
  "write_file/2": ([name, data], p) => writeFile(p, name, data, NIL),
  "write_file/3": ([name, data, modes], p) => writeFile(p, name, data, modes),
  "list_dir/1": ([name], p) => withPath(p, name, (path) => [OK, list(readDirectory(path).map(charlist))]),
  "list_dir_all/1": ([name], p) => withPath(p, name, (path) => [OK, list(readDirectory(path).map(charlist))]),
  "make_dir/1": ([name], p) =>
    withPath(p, name, (path) => {
      fs.mkdirSync(path);
      return OK;
    }),
  "del_dir/1": ([name], p) =>
    // rmdir(2) refuses a path ending in "." (resolving it first would remove the directory).
    /(^|\/)\.\/*$/.test(fileName(name) ?? "") ? err("einval") : withPath(p, name, (path) => {
      fs.rmdirSync(path);
      return OK;
    }),
  "del_dir_r/1": ([name], p) =>
    withPath(p, name, (path) => {
      if (!fs.lstatSync(path).isDirectory()) return err("enotdir");
      fs.rmSync(path, { recursive: true });
      return OK;
    }),
  "delete/1": ([name], p) =>
    withPath(p, name, (path) => {
      fs.unlinkSync(path);
      return OK;
    }, { EISDIR: "eperm" }),
  "rename/2": ([from, to], p) => {
    const dest = fileName(to);
    if (dest === null) return err("badarg");
    return withPath(p, from, (path) => {
      fs.renameSync(path, resolve(cwdOf(p.rt as Runtime), dest));
      return OK;
    });
  },
  // The file's terms (each ended by a dot), read as UTF-8 unless a coding comment on its
  // first two lines says latin-1 (as epp reads them).
  "consult/1": ([name], p) =>
    withPath(p, name, (path) => {
      const bytes = fs.readFileSync(path);
      const head = bytes.subarray(0, 200).toString("latin1").split("\n").slice(0, 2).join("\n");
      const text = /coding\s*[:=]\s*latin-?1/i.test(head) ? bytes.toString("latin1") : bytes.toString("utf8");
      try {
        return [OK, list(readTerms(text))];
      } catch (e) {
        if (e instanceof TermSyntaxError) return [a("error"), [e.line, a("erl_parse"), charlist(e.message)]];
        throw e;
      }
    }),
  "copy/2": ([from, to], p) => copyFile(p, from, to, a("infinity")),
  "copy/3": ([from, to, count], p) => copyFile(p, from, to, count),
  "read_file_info/1": ([name], p) => fileInfo(p, name, NIL, false),
  "read_file_info/2": ([name, opts], p) => fileInfo(p, name, opts, false),
  "read_link_info/1": ([name], p) => fileInfo(p, name, NIL, true),
  "read_link_info/2": ([name, opts], p) => fileInfo(p, name, opts, true),
  "read_link/1": ([name], p) => withPath(p, name, (path) => [OK, charlist(fs.readlinkSync(path))], { EINVAL: "einval" }),
  "read_link_all/1": ([name], p) => withPath(p, name, (path) => [OK, charlist(fs.readlinkSync(path))]),
  "make_link/2": ([existing, name], p) => {
    const target = fileName(existing);
    if (target === null) return err("badarg");
    return withPath(p, name, (path) => {
      fs.linkSync(resolve(cwdOf(p.rt as Runtime), target), path);
      return OK;
    });
  },
  "make_symlink/2": ([existing, name], p) => {
    const target = fileName(existing);
    if (target === null) return err("badarg");
    return withPath(p, name, (path) => {
      fs.symlinkSync(target, path);
      return OK;
    });
  },
  "change_mode/2": ([name, mode], p) =>
    typeof mode !== "number"
      ? err("badarg")
      : withPath(p, name, (path) => {
          fs.chmodSync(path, mode);
          return OK;
        }),
  "change_time/2": ([name, mtime], p) => withPath(p, name, (path) => touchAt(path, mtime)),
  "change_time/3": ([name, atime, mtime], p) => withPath(p, name, (path) => setTimes(path, atime, mtime, "local")),
  "change_owner/2": ([name, uid], p) => changeOwner(p, name, uid, -1, ["change_owner", [name, uid]]),
  "change_owner/3": ([name, uid, gid], p) => changeOwner(p, name, uid, gid, ["change_owner", [name, uid, gid]]),
  "change_group/2": ([name, gid], p) => changeOwner(p, name, -1, gid, ["change_group", [name, gid]]),
  "write_file_info/2": ([name, info], p) => writeFileInfo(p, name, info, null),
  "write_file_info/3": ([name, info, opts], p) => writeFileInfo(p, name, info, opts),
};

/** A time of a file_info record (or change_time's) as a Date, or null when it is not one. */
function timeOf(t: Term, kind: string): Date | null {
  if (typeof t === "number") return kind === "posix" ? new Date(t * 1000) : null;
  if (kind === "posix" || !(Array.isArray(t) && Array.isArray(t[0]) && Array.isArray(t[1]))) return null;
  const [[y, mo, d], [h, mi, s]] = t as number[][];
  if (![y, mo, d, h, mi, s].every((n) => typeof n === "number") || (t[0] as Term[]).length !== 3 || (t[1] as Term[]).length !== 3) return null;
  if (mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate() || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) return null;
  return kind === "universal" ? new Date(Date.UTC(y, mo - 1, d, h, mi, s)) : new Date(y, mo - 1, d, h, mi, s);
}

function setTimes(path: string, atime: Term, mtime: Term, kind: string): Term {
  const at = timeOf(atime, kind);
  const mt = timeOf(mtime, kind);
  if (at === null || mt === null) return err("badarg");
  fs.utimesSync(path, at, mt);
  return OK;
}

/** file:change_owner/2,3 and change_group/2 (-1 leaves that id as it is). */
function changeOwner(p: ProcLike, name: Term, uid: Term, gid: Term, call: [string, Term[]]): Term {
  if (!isInteger(uid) || !isInteger(gid)) throw fce("file", call[0], call[1]);
  return withPath(p, name, (path) => {
    fs.chownSync(path, Number(uid), Number(gid));
    return OK;
  });
}

/**
 * file:write_file_info/2,3 as prim_file does it: the times are read first (an undefined
 * atime is now, an undefined mtime is the atime, an undefined ctime the mtime; a bad one is
 * `{:error, :badarg}` before any change), then owner and group (undefined leaves one as it
 * is), mode, and the times, each step's failure returned as it comes (earlier steps stay).
 */
function writeFileInfo(p: ProcLike, name: Term, info: Term, opts: Term | null): Term {
  if (!Array.isArray(info) || info.length !== 14 || info[0] !== a("file_info")) {
    throw fce("file", "write_file_info", opts === null ? [name, info] : [name, info, opts]);
  }
  let kind = "local";
  for (const o of listToArray(opts ?? NIL) ?? []) if (Array.isArray(o) && o.length === 2 && o[0] === a("time") && o[1] instanceof Atom) { kind = o[1].name; break; }
  const undef = a("undefined");
  const [atime0, mtime0, ctime0, mode, uid, gid] = [info[4], info[5], info[6], info[7], info[12], info[13]];
  const at = atime0 === undef ? new Date() : timeOf(atime0, kind);
  const mt = mtime0 === undef ? at : timeOf(mtime0, kind);
  const ct = ctime0 === undef ? mt : timeOf(ctime0, kind);
  if (at === null || mt === null || ct === null) return err("badarg");
  return withPath(p, name, (path) => {
    const [u, g] = [uid, gid].map((id) => (id === undef ? -1 : id));
    if (!isInteger(u) || !isInteger(g)) return err("badarg");
    if (u !== -1 || g !== -1) fs.chownSync(path, Number(u), Number(g));
    if (mode !== undef) {
      if (!isInteger(mode)) return err("badarg");
      fs.chmodSync(path, Number(mode));
    }
    fs.utimesSync(path, at, mt);
    return OK;
  });
}

/** Sets a file's times (`{{y, m, d}, {h, min, s}}` local time, or posix seconds). */
function touchAt(path: string, t: Term): Term {
  let when: Date;
  if (typeof t === "number") when = new Date(t * 1000);
  else if (Array.isArray(t) && Array.isArray(t[0]) && Array.isArray(t[1])) {
    const [[y, mo, d], [h, mi, s]] = t as number[][];
    when = new Date(y, mo - 1, d, h, mi, s);
  } else return err("badarg");
  fs.utimesSync(path, when, when);
  return OK;
}

/** File.touch/2 (a native: create when missing, then set both times; posix seconds or a universal datetime). */
const touch: NativeFn = ([name, time], p) =>
  withPath(p, name, (path) => {
    if (!fs.existsSync(path)) fs.writeFileSync(path, "", { flag: "a" });
    let when: Date;
    if (typeof time === "number") when = new Date(time * 1000);
    else {
      const [[y, mo, d], [h, mi, s]] = time as number[][];
      when = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
    }
    fs.utimesSync(path, when, when);
    return OK;
  });

export const natives = [
  { module: "file", fns: fileFns },
  { module: "beamsh_file", fns: { ...raw, "touch/2": touch, "absolute/1": ([name], p) => {
    const s = fileName(name);
    return s === null ? null : isAbsolute(s) ? s : resolve(cwdOf(p.rt as Runtime), s);
  } } as Record<string, NativeFn> },
];
