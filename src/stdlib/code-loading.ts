// Whether modules are there: Code.ensure_loaded/ensure_compiled and friends, :code's view
// of loaded modules, and macro_exported?/3. Every module beamsh knows is loaded (there are
// no .beam files to load later): a module is available exactly when the module table has it.
import type { Code, NativeFn } from "../runtime/code.js";
import { libraryBehaviourCodes } from "../runtime/compiler/behaviours.js";
import { argumentError } from "../runtime/errors.js";
import { fce } from "../runtime/arith.js";
import { inspectAtom } from "../runtime/inspect.js";
import { macrosOf } from "../runtime/module-info.js";
import type { Runtime } from "../runtime/runtime.js";
import { Atom, Bin, Cons, NIL, Pid, Term, a, atomName, binBytes, list, listToArray, tuple } from "../runtime/term.js";
import { bifError } from "./process.js";
import { ELIXIR_EBIN } from "./protocol.js";
import { moduleApplication } from "../runtime/exception-message.js";
import { cwdOf, fileName } from "./file.js";
import { existsSync, readFileSync, statSync } from "node:fs";
import type { ModuleDef } from "../runtime/modules.js";
import { compilerOption, setCompilerOption } from "../runtime/compiler-options.js";
import { basename, dirname, resolve } from "node:path";
import { findObjectFile, objectFilePath } from "./object-file.js";

/** Modules :code.delete/1 took out, by runtime: "old" until purged. */
const deleted = new WeakMap<Runtime, Map<string, "old" | "purged">>();
function deletedOf(rt: Runtime): Map<string, "old" | "purged"> {
  let m = deleted.get(rt);
  if (m === undefined) deleted.set(rt, (m = new Map()));
  return m;
}

/**
 * The library modules changed in memory (IEx.Pry's breakpoints), as their object files have
 * them: :code.load_binary/3 of that file puts this code back.
 */
const objectCode = new WeakMap<Runtime, Map<string, ModuleDef>>();

/** Remembers `def` as `def.name`'s object code (the first time only: later changes are in memory). */
export function keepObjectCode(rt: Runtime, def: ModuleDef): void {
  let m = objectCode.get(rt);
  if (m === undefined) objectCode.set(rt, (m = new Map()));
  if (!m.has(def.name)) m.set(def.name, def);
}

/** The code `module`'s object file has, when what is loaded differs from it. */
export function objectCodeOf(rt: Runtime, module: string): ModuleDef | undefined {
  return objectCode.get(rt)?.get(module);
}

/** Puts `module`'s object code back when what is loaded differs from it (true when it was changed). */
export function restoreObjectCode(rt: Runtime, module: string): boolean {
  const original = objectCode.get(rt)?.get(module);
  if (original === undefined) return false;
  objectCode.get(rt)!.delete(module);
  rt.modules.define(original);
  return true;
}

/** The module a BEAM file's bytes define (its atom table's first atom), or null when they are no BEAM file. */
function beamModuleName(bytes: Uint8Array): string | null {
  const text = (i: number, n: number) => String.fromCharCode(...bytes.subarray(i, i + n));
  if (bytes.length < 12 || text(0, 4) !== "FOR1" || text(8, 4) !== "BEAM") return null;
  for (let i = 12; i + 8 <= bytes.length; ) {
    const id = text(i, 4);
    const size = ((bytes[i + 4] << 24) | (bytes[i + 5] << 16) | (bytes[i + 6] << 8) | bytes[i + 7]) >>> 0;
    const body = i + 8;
    if (id === "AtU8" || id === "Atom") {
      // (the count, then each atom: its length and bytes; a negative count means the lengths
      // are in the compact term encoding, else each is one byte)
      const count = (bytes[body] << 24) | (bytes[body + 1] << 16) | (bytes[body + 2] << 8) | bytes[body + 3];
      let j = body + 4;
      let len = bytes[j++];
      if (count < 0) len = (len & 0x08) === 0 ? len >> 4 : ((len & 0xe0) << 3) | bytes[j++];
      return new TextDecoder().decode(bytes.subarray(j, j + len));
    }
    i = body + ((size + 3) & ~3);
  }
  return null;
}

const isAtomTerm = (t: Term): boolean => t instanceof Atom || t === null || t === true || t === false;
const loaded = (p: { rt: unknown }, m: Term): boolean => isAtomTerm(m) && (p.rt as Runtime).modules.has(atomName(m));
const MODULE = a("module");
const NOFILE = tuple(a("error"), a("nofile"));

/** A native of `mod.fun/1` that only accepts atoms (FunctionClauseError otherwise, as Elixir's guard). */
function onAtom(mod: string, fun: string, f: (m: Term, p: { rt: unknown }) => Term): NativeFn {
  return (args, p) => {
    if (!isAtomTerm(args[0])) throw fce(mod, fun, args);
    return f(args[0], p);
  };
}

function ensured(fun: string): NativeFn {
  return onAtom("Elixir.Code", fun, (m, p) => {
    if (loaded(p, m)) return fun.endsWith("!") ? m : tuple(MODULE, m);
    if (fun.endsWith("!")) throw argumentError(`could not load module ${inspectAtom("literal", m)} due to reason :nofile`);
    return NOFILE;
  });
}

const charlist = (s: string): Term => list(Array.from(s, (c) => c.codePointAt(0)!));

/** Where :code says an application's directories are (Elixir's and OTP's, as installed). */
const LIB_DIRS: Record<string, string> = {
  elixir: "/usr/lib/elixir/bin/../lib/elixir",
  iex: "/usr/lib/elixir/bin/../lib/iex",
  logger: "/usr/lib/elixir/bin/../lib/logger",
  mix: "/usr/lib/elixir/bin/../lib/mix",
  eex: "/usr/lib/elixir/bin/../lib/eex",
  ex_unit: "/usr/lib/elixir/bin/../lib/ex_unit",
  kernel: "/usr/lib/erlang/lib/kernel-8.5.3",
  stdlib: "/usr/lib/erlang/lib/stdlib-4.2",
  compiler: "/usr/lib/erlang/lib/compiler-8.2.3",
  // the other OTP applications on the code path
  ...Object.fromEntries(
    ["tools-3.5.3", "tftp-1.0.3", "syntax_tools-3.0", "ssl-10.8.7", "sasl-4.2", "runtime_tools-1.19", "public_key-1.13.2", "parsetools-2.4.1",
      "mnesia-4.21.3", "inets-8.2.2", "ftp-1.1.3", "erts-13.1.5", "crypto-5.1.2", "asn1-5.0.21"].map((d) => [d.slice(0, d.lastIndexOf("-")), `/usr/lib/erlang/lib/${d}`]),
  ),
};

/** The object file of a loaded library module (null for one defined at the prompt or in memory). */
function whichPath(rt: Runtime, name: string): string | null {
  const def = rt.modules.get(name);
  if (def === undefined || PRELOADED.has(name) || !def.library) return null;
  const app = moduleApplication(name)?.split(" ")[0];
  const dir = app !== undefined ? LIB_DIRS[app] : undefined;
  return dir !== undefined ? `${dir}/ebin/${name}.beam` : `${ELIXIR_EBIN}/${name}.beam`;
}

/** OTP's own libraries: their ebin directories are sticky. */
const STICKY_DIRS = ["kernel", "stdlib", "compiler"].map((app) => LIB_DIRS[app] + "/ebin");

/** Where an application's directory is (`:code.lib_dir/1`), or null when it is not one we know. */
export function applicationDir(app: string): string | null {
  return LIB_DIRS[app] ?? null;
}

function libDir(app: Term, sub?: Term): Term {
  const dir = app instanceof Atom ? LIB_DIRS[app.name] : undefined;
  if (dir === undefined) return tuple(a("error"), a("bad_name"));
  if (sub === undefined) return charlist(dir);
  return charlist(dir + "/" + atomName(sub));
}

/** The modules the VM starts with (:erlang.pre_loaded/0): they have no object file. */
const PRELOADED = new Set(["erlang", "erts_internal", "erts_code_purger", "erts_literal_area_collector", "erts_dirty_process_signal_handler", "init", "prim_buffer", "prim_eval", "prim_file", "prim_inet", "prim_net", "prim_socket", "prim_zip", "socket_registry", "zlib", "atomics", "counters", "persistent_term", "erl_prim_loader", "erl_init", "erl_tracer"]);

/** The code path as a node starts with it: Elixir's applications, the cwd, then OTP's (`:code.get_path/0`). */
const INITIAL_PATH = [
  "/usr/lib/elixir/bin/../lib/mix/ebin", "/usr/lib/elixir/bin/../lib/logger/ebin", "/usr/lib/elixir/bin/../lib/iex/ebin",
  "/usr/lib/elixir/bin/../lib/ex_unit/ebin", "/usr/lib/elixir/bin/../lib/elixir/ebin", "/usr/lib/elixir/bin/../lib/eex/ebin", ".",
  ...["kernel-8.5.3", "stdlib-4.2", "tools-3.5.3", "tftp-1.0.3", "syntax_tools-3.0", "ssl-10.8.7", "sasl-4.2", "runtime_tools-1.19",
    "public_key-1.13.2", "parsetools-2.4.1", "mnesia-4.21.3", "inets-8.2.2", "ftp-1.1.3", "erts-13.1.5"].map((d) => `/usr/lib/erlang/lib/${d}/ebin`),
  "/usr/lib/erlang/lib/erl_interface-5.3",
  ...["crypto-5.1.2", "compiler-8.2.3", "asn1-5.0.21"].map((d) => `/usr/lib/erlang/lib/${d}/ebin`),
];
const codePaths = new WeakMap<object, string[]>();

/** This runtime's code path (the code server's list of directories), by reference. */
export function codePath(p: { rt: unknown }): string[] {
  let path = codePaths.get(p.rt as object);
  if (path === undefined) codePaths.set(p.rt as object, (path = [...INITIAL_PATH]));
  return path;
}

/** A directory name as filename:join/1 normalises it: no doubled or trailing slashes. */
function normalDir(d: string): string {
  const n = d.replace(/\/+/g, "/");
  return n.length > 1 && n.endsWith("/") ? n.slice(0, -1) : n;
}

const isDirectory = (p: { rt: unknown }, d: string): boolean => {
  try {
    return statSync(resolve(cwdOf(p.rt as Runtime), d)).isDirectory();
  } catch {
    return false;
  }
};

/** The directory a code-path argument names (a flat charlist), or null when it is not one. */
function pathArg(t: Term): string | null {
  if (!(t === NIL || t instanceof Cons)) return null;
  const items = listToArray(t);
  if (items === null || !items.every((c) => typeof c === "number")) return null;
  return String.fromCodePoint(...(items as number[]));
}

/** An application's name as the code server reads it from a directory (`.../stdlib-4.2/ebin` is stdlib). */
function appOfDir(dir: string): string {
  const base = basename(dir) === "ebin" ? basename(dirname(dir)) : basename(dir);
  const m = /^(.*)-[0-9][0-9.]*$/.exec(base);
  return m === null ? base : m[1];
}

const BAD_DIRECTORY = tuple(a("error"), a("bad_directory"));

/** add_patha/add_pathz: a directory goes first or last, once (moved when it is there already). */
function addPath(fun: string, first: boolean): NativeFn {
  return (args, p) => {
    const dir = pathArg(args[0]);
    if (dir === null) throw fce("code", fun, args);
    if (!isDirectory(p, dir)) return BAD_DIRECTORY;
    const path = codePath(p);
    const d = normalDir(dir);
    const at = path.indexOf(d);
    if (at >= 0) path.splice(at, 1);
    if (first) path.unshift(d);
    else path.push(d);
    return true;
  };
}

/** add_pathsa/add_pathsz: each directory that exists, in order (so add_pathsa puts the last one first). */
function addPaths(fun: string, first: boolean): NativeFn {
  return (args, p) => {
    const items = args[0] === NIL || args[0] instanceof Cons ? listToArray(args[0]) : null;
    const dirs = items?.map(pathArg);
    if (dirs === undefined || dirs.some((d) => d === null)) throw fce("code", fun, args);
    const add = addPath(fun, first);
    for (const d of dirs) add([charlist(d!)], p as never);
    return a("ok");
  };
}

/** del_path/1: by directory, or by the name of the application it holds. */
function delPath(args: Term[], p: { rt: unknown }): Term {
  const [name] = args;
  const path = codePath(p);
  let at: number;
  if (name instanceof Atom) at = path.findIndex((d) => appOfDir(d) === name.name);
  else {
    const dir = pathArg(name);
    if (dir === null) throw fce("code", "del_path", args);
    at = path.indexOf(normalDir(dir));
  }
  if (at < 0) return false;
  path.splice(at, 1);
  return true;
}

/**
 * replace_path/2: the directory of application `name` becomes `dir` (added last when there
 * is none); `dir` must be that application's (`name`, `name-vsn`, either with `/ebin`).
 */
function replacePath(args: Term[], p: { rt: unknown }): Term {
  const [name, dirT] = args;
  const dir = pathArg(dirT);
  if (!(name instanceof Atom) || dir === null) throw fce("code", "replace_path", args);
  const d = normalDir(dir);
  if (appOfDir(d) !== name.name) return tuple(a("error"), a("bad_name"));
  if (!isDirectory(p, d)) return BAD_DIRECTORY;
  const path = codePath(p);
  const at = path.findIndex((x) => appOfDir(x) === name.name);
  if (at < 0) path.push(d);
  else path[at] = d;
  return true;
}

/** set_path/1: every directory must exist. */
function setPath(args: Term[], p: { rt: unknown }): Term {
  const items = args[0] === NIL || args[0] instanceof Cons ? listToArray(args[0]) : null;
  const dirs = items?.map(pathArg);
  if (dirs === undefined || dirs.some((d) => d === null)) throw fce("code", "set_path", args);
  if (!dirs.every((d) => isDirectory(p, d!))) return BAD_DIRECTORY;
  codePaths.set(p.rt as object, dirs.map((d) => normalDir(d!)));
  return true;
}

/** A log event as the BEAM's error_logger writes one when it has no better place (erts's own messages). */
function logError(rt: Runtime, text: string): void {
  const d = new Date();
  const p2 = (n: number, w = 2) => String(n).padStart(w, "0");
  rt.logger.log(`\n${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}.${p2(d.getMilliseconds(), 3)} [error] ${text}\n`);
}

const notAtom = (fn: string, args: Term[]) => bifError(fn, args, [[1, "not an atom"]]);

/**
 * erlang's BIFs on a module's code: delete_module/1 makes the current code old (beamsh
 * keeps none: the module is taken out, and remembered as having old code until purged);
 * deleting a module whose old code is still there is refused (logged, and badarg as
 * erl_stdlib_errors words it); purge_module/1 drops the old code (badarg when there is
 * none); check_process_code/2,3 finds no process running old code. A library module stays
 * loaded (the BEAM would load it again from its ebin).
 */
const erlangCodeBifs: Record<string, NativeFn> = {
  "delete_module/1": ([m], p) => {
    if (!(m instanceof Atom)) throw notAtom("delete_module", [m]);
    const rt = p.rt as Runtime;
    const name = atomName(m);
    const states = deletedOf(rt);
    const def = rt.modules.get(name);
    if (def?.library === true) return true;
    if (states.get(name) === "old") {
      logError(rt, `Module ${inspectErlangAtom(name)} must be purged before deleting`);
      throw notAtom("delete_module", [m]);
    }
    // (a module once loaded keeps its entry in erts's table: deleting it again answers true)
    if (def === undefined) return states.get(name) === "purged" ? true : a("undefined");
    rt.modules.remove(name);
    states.set(name, "old");
    return true;
  },
  "purge_module/1": ([m], p) => {
    if (!(m instanceof Atom)) throw notAtom("purge_module", [m]);
    const states = deletedOf(p.rt as Runtime);
    if (states.get(atomName(m)) !== "old") {
      // (a plain badarg: erl_stdlib_errors has nothing to say of it)
      const e = argumentError() as ReturnType<typeof argumentError> & { native?: [Term, string, Term[]] };
      e.native = [a("erlang"), "purge_module", [m]];
      throw e;
    }
    states.set(atomName(m), "purged");
    return true;
  },
  "check_process_code/2": ([pid, m]) => checkProcessCode(pid, m, NIL, "check_process_code"),
  "check_process_code/3": ([pid, m, o], p) => {
    const r = checkProcessCode(pid, m, o, "check_process_code");
    // {async, RequestId}: the answer comes as a message
    const opts = listToArray(o) ?? [];
    const async = opts.find((x) => Array.isArray(x) && x.length === 2 && x[0] === a("async"));
    if (async === undefined) return r;
    (p.rt as Runtime).send((p as unknown as { pid: Pid }).pid, tuple(a("check_process_code"), (async as Term[])[1], r));
    return a("async");
  },
};

function checkProcessCode(pid: Term, m: Term, o: Term, fn: string): Term {
  const args = o === NIL ? [pid, m] : [pid, m, o];
  if (!(pid instanceof Pid)) throw bifError(fn, args, [[1, "not a pid"]]);
  if (!(m instanceof Atom)) throw bifError(fn, args, [[2, "not an atom"]]);
  const opts = listToArray(o);
  const valid = (x: Term) => Array.isArray(x) && x.length === 2 && (x[0] === a("async") || (x[0] === a("allow_gc") && typeof x[1] === "boolean"));
  if (opts === null || !opts.every(valid)) throw bifError(fn, args, [[3, "invalid option in list"]]);
  return false;
}

/** An atom as Erlang writes it in text ('Elixir.Foo' quoted, lists bare). */
function inspectErlangAtom(name: string): string {
  return /^[a-z][A-Za-z0-9_@]*$/.test(name) ? name : `'${name.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

export const natives: { module: string; fns: Record<string, NativeFn> }[] = [
  { module: "erlang", fns: erlangCodeBifs },
  {
    module: "Elixir.Code",
    fns: {
      "ensure_loaded/1": ensured("ensure_loaded"),
      "ensure_loaded?/1": onAtom("Elixir.Code", "ensure_loaded?", (m, p) => loaded(p, m)),
      "ensure_loaded!/1": ensured("ensure_loaded!"),
      "ensure_compiled/1": ensured("ensure_compiled"),
      "ensure_compiled!/1": ensured("ensure_compiled!"),
      // The store behind Code's compiler options (validated by Code in prelude/code.ex).
      "__compiler_option__/1": ([k], p) => compilerOption(p.rt as Runtime, atomName(k)) ?? NIL,
      "__put_compiler_option__/2": ([k, v], p) => (setCompilerOption(p.rt as Runtime, atomName(k), v), a("ok")),
    },
  },
  {
    module: "code",
    fns: {
      "is_loaded/1": ([m], p) => {
        if (!loaded(p, m)) return false;
        const def = (p.rt as Runtime).modules.get(atomName(m))!;
        // Modules defined in the shell have no file; the library's stand in for Elixir's ebin.
        const object = objectFilePath(p.rt as Runtime, atomName(m));
        const where = def.library ? charlist(ELIXIR_EBIN + "/" + atomName(m) + ".beam") : object !== undefined ? charlist(object) : NIL;
        return tuple(a("file"), where);
      },
      "ensure_loaded/1": ([m], p) => (loaded(p, m) ? tuple(MODULE, m) : NOFILE),
      // Loaded from its object file: the library's modules have one (in Elixir's or OTP's
      // ebin); a module defined at the prompt or by Code.eval_* has none.
      "load_file/1": ([m], p) => {
        if (!(m instanceof Atom)) throw fce("code", "load_file", [m]);
        return loaded(p, m) && (p.rt as Runtime).modules.get(atomName(m))!.library ? tuple(MODULE, m) : NOFILE;
      },
      // No old code is kept when a module is redefined: there is none to purge.
      // beamsh keeps no old code beside a module's current code: deleting takes the module
      // out (a library module stays, as the BEAM loads it again from its ebin when called);
      // purging kills no process. What a delete left is remembered as the code server's
      // state is: deleting again before a purge is refused.
      "delete/1": ([m], p) => {
        if (!isAtomTerm(m)) throw fce("code", "delete", [m]);
        const rt = p.rt as Runtime;
        const name = atomName(m);
        const states = deletedOf(rt);
        const def = rt.modules.get(name);
        if (def !== undefined) {
          if (def.library) return true;
          rt.modules.remove(name);
          states.set(name, "old");
          return true;
        }
        return states.get(name) === "purged";
      },
      "purge/1": ([m], p) => {
        if (!(m instanceof Atom)) throw fce("code", "purge", [m]);
        const states = deletedOf(p.rt as Runtime);
        if (states.get(atomName(m)) === "old") states.set(atomName(m), "purged");
        return false;
      },
      "soft_purge/1": ([m]) => {
        if (!(m instanceof Atom)) throw fce("code", "soft_purge", [m]);
        return true;
      },
      // A .beam file holds BEAM bytecode, which beamsh does not run: it cannot be loaded.
      "load_abs/1": ([f], p) => {
        if (!(f instanceof Atom || f === NIL || f instanceof Cons)) throw fce("code", "load_abs", [f]);
        const name = fileName(f);
        if (name === null) throw fce("code", "load_abs", [f]);
        return existsSync(resolve(cwdOf(p.rt as Runtime), name + ".beam")) ? tuple(a("error"), a("badfile")) : NOFILE;
      },
      // A BEAM file's bytes for `m`: a library module's object code (what it was before it was
      // changed in memory), as the code server loads a file; a module in a sticky directory
      // (OTP's kernel, stdlib, compiler) is not replaced. beamsh cannot load other BEAM code.
      "load_binary/3": ([m, file, bin], p) => {
        if (!(m instanceof Atom) || !(typeof bin === "string" || bin instanceof Bin) || !(file instanceof Atom || file === NIL || file instanceof Cons)) throw fce("code", "load_binary", [m, file, bin]);
        const rt = p.rt as Runtime;
        const name = atomName(m);
        if (STICKY_DIRS.some((d) => (whichPath(rt, name) ?? "").startsWith(d + "/"))) return tuple(a("error"), a("sticky_directory"));
        if (beamModuleName(binBytes(bin)) !== name) return tuple(a("error"), a("badfile"));
        const def = rt.modules.get(name);
        if (def === undefined || !def.library) return tuple(a("error"), a("badfile"));
        restoreObjectCode(rt, name);
        return tuple(MODULE, m);
      },
      // {module, its object file's bytes, the file}: the library's modules have the files of
      // the Elixir and OTP installed beside beamsh (:error where there is none).
      "get_object_code/1": ([m], p) => {
        if (!(m instanceof Atom)) throw fce("code", "get_object_code", [m]);
        const rt = p.rt as Runtime;
        const def = rt.modules.get(atomName(m));
        if (def === undefined || !def.library) {
          // (another module's object file: found in the code path, then the current directory)
          const found = findObjectFile(rt, atomName(m), codePath(p));
          return found === null ? a("error") : tuple(m, new Bin(found.bytes), charlist(found.file));
        }
        const path = whichPath(rt, atomName(m));
        if (path === null || !existsSync(path)) return a("error");
        return tuple(m, new Bin(new Uint8Array(readFileSync(path))), charlist(path));
      },
      "lib_dir/1": ([app]) => libDir(app),
      "lib_dir/2": ([app, sub]) => libDir(app, sub),
      // Where a module's object file is: the library's in its application's ebin (the VM's
      // own modules are preloaded); a module defined at the prompt has none.
      "which/1": ([m], p) => {
        if (!(m instanceof Atom)) throw fce("code", "which", [m]);
        if (!loaded(p, m)) return a("non_existing");
        const name = atomName(m);
        if (PRELOADED.has(name)) return a("preloaded");
        const path = whichPath(p.rt as Runtime, name) ?? objectFilePath(p.rt as Runtime, name) ?? null;
        return path === null ? NIL : charlist(path);
      },
      "get_path/0": (_args, p) => list(codePath(p).map(charlist)),
      "add_path/1": addPath("add_path", false),
      "add_pathz/1": addPath("add_pathz", false),
      "add_patha/1": addPath("add_patha", true),
      "add_paths/1": addPaths("add_paths", false),
      "add_pathsz/1": addPaths("add_pathsz", false),
      "add_pathsa/1": addPaths("add_pathsa", true),
      "del_path/1": delPath,
      "replace_path/2": replacePath,
      "set_path/1": setPath,
      "root_dir/0": () => charlist("/usr/lib/erlang"),
      "lib_dir/0": () => charlist("/usr/lib/erlang/lib"),
      "objfile_extension/0": () => charlist(".beam"),
      "all_loaded/0": (_args, p) => list([...(p.rt as Runtime).modules.keys()].map((m) => tuple(a(m), NIL))),
    },
  },
  {
    module: "Elixir.Kernel",
    fns: {
      "macro_exported?/3": (args, p) => {
        const [m, name, arity] = args;
        if (!isAtomTerm(m) || !(name instanceof Atom) || typeof arity !== "number" || arity < 0 || arity > 255) {
          throw fce("Elixir.Kernel", "macro_exported?", args);
        }
        const def = (p.rt as Runtime).modules.get(atomName(m));
        return def !== undefined && macrosOf(def).some(([n, ar]) => n === name.name && ar === arity);
      },
    },
  },
];

/** behaviour_info/1 of the library's behaviours (GenServer, Supervisor, :gen_server, ...). */
export const behaviourNatives: { module: string; fns: Record<string, Code> }[] = libraryBehaviourCodes().map(([module, code]) => ({
  module,
  fns: { "behaviour_info/1": code },
}));
