// :os — the operating system as kernel's os module shows it: its type and version, the
// environment (names and values are charlists; "=" is not allowed in a name), clocks,
// the OS pid, running a shell command (os:cmd/1,2 returns its output as a list of bytes)
// and finding executables on the PATH.
import { execFileSync } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import { release } from "node:os";
import { delimiter, join } from "node:path";
import { cwdOf } from "./file.js";
import type { NativeFn } from "../runtime/code.js";
import type { Runtime } from "../runtime/runtime.js";
import { BeamError, badArgs } from "../runtime/errors.js";
import { MapTerm } from "../runtime/map.js";
import { Atom, Cons, NIL, Term, a, int, isAtom, list, atomName } from "../runtime/term.js";
import { convertTime, systemTimeNative } from "./erlang.js";
import { charlistToString, stringToCharlist } from "./unicode.js";

/**
 * An error raised by os.erl's own badarg_with_info/1, an inlined helper: the frame's line is
 * that helper's (446), wherever in os.erl the call failed.
 */
function osBadarg(err: BeamError, fun: string, args: Term[]): BeamError {
  err.stacktrace = list([[a("os"), a(fun), list(args), list([[a("file"), stringToCharlist("os.erl")], [a("line"), 446]])]]);
  return err;
}

/** A flat charlist as a JS string; null when the term is not one. */
function chars(t: Term): string | null {
  if (t !== NIL && !(t instanceof Cons)) return null;
  return charlistToString(t);
}

/** An environment variable name or value argument: a charlist, else "not a list". */
function envArg(t: Term, pos: number): string {
  const s = chars(t);
  if (s === null) throw badArgs([[pos, "not a list"]]);
  return s;
}

function getenv(name: Term): Term {
  const n = envArg(name, 1);
  if (n === "" || n.includes("=")) return false;
  const v = process.env[n];
  return v === undefined ? false : stringToCharlist(v);
}

function putenv(name: Term, value: Term): Term {
  const n = envArg(name, 1);
  const v = envArg(value, 2);
  if (n.includes("=")) throw badArgs([[1, '"=" characters is not allowed in environment variable names']]);
  process.env[n] = v;
  return true;
}

/** A command as os:cmd/1 takes it: an atom or a (possibly deep) list of characters. */
function commandText(c: Term, args: Term[]): string {
  if (isAtom(c)) return atomName(c);
  const out: string[] = [];
  const walk = (l: Term): boolean => {
    for (; l instanceof Cons; l = l.t) {
      const h = l.h;
      if (typeof h === "number" && h >= 0 && h <= 0x10ffff) out.push(String.fromCodePoint(h));
      else if (h === NIL || h instanceof Cons) {
        if (!walk(h)) return false;
      } else return false;
    }
    return l === NIL;
  };
  if (!walk(c)) throw osBadarg(badArgs([[1, "not a list of characters"]]), "cmd", args);
  return out.join("");
}

function cmd(c: Term, opts: Term, args: Term[], cwd: string): Term {
  const text = commandText(c, args);
  let max = Infinity;
  if (!(opts instanceof MapTerm)) throw badArgs([[2, "not a map"]]);
  const m = opts.get(a("max_size"));
  if (m !== undefined) {
    if (typeof m === "number" && m >= 0) max = m;
    else if (m !== a("infinity")) throw badArgs([[2, "invalid option"]]);
  }
  let bytes: Buffer;
  try {
    bytes = execFileSync("/bin/sh", ["-c", `exec 2>&1; ${text}`], { cwd, stdio: ["ignore", "pipe", "ignore"], maxBuffer: 1 << 30 });
  } catch (e) {
    const out = (e as { stdout?: Buffer }).stdout;
    bytes = out ?? Buffer.alloc(0);
  }
  return list(Array.from(bytes.subarray(0, Math.min(bytes.length, max))));
}

/** os:find_executable/1,2: the first file on the path that the user may execute. */
function findExecutable(name: Term, path: Term): Term {
  const n = chars(name);
  if (n === null) throw badArgs([[1, "not a list"]]);
  const p = chars(path);
  if (p === null) throw badArgs([[2, "not a list"]]);
  const executable = (f: string) => {
    try {
      if (!statSync(f).isFile()) return false;
      accessSync(f, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (n.includes("/")) return executable(n) ? stringToCharlist(n) : false;
  for (const dir of p.split(delimiter)) {
    const f = join(dir === "" ? "." : dir, n);
    if (executable(f)) return stringToCharlist(f);
  }
  return false;
}

function osVersion(): Term {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(release());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : list(Array.from(release(), (c) => c.codePointAt(0)!));
}

const SIGNALS = ["sighup", "sigquit", "sigabrt", "sigalrm", "sigterm", "sigusr1", "sigusr2", "sigchld", "sigstop", "sigtstp"];

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "os",
  fns: {
    "type/0": () => (process.platform === "win32" ? [a("win32"), a("nt")] : [a("unix"), a(process.platform === "darwin" ? "darwin" : process.platform)]),
    "version/0": () => osVersion(),
    "getenv/0": () => list(Object.entries(process.env).map(([k, v]) => stringToCharlist(`${k}=${v ?? ""}`))),
    "getenv/1": ([n]) => getenv(n),
    "getenv/2": ([n, d]) => {
      try {
        const v = getenv(n);
        return v === false ? d : v;
      } catch {
        throw osBadarg(badArgs([[1, "not a list"]]), "getenv", [n, d]);
      }
    },
    "env/0": () => list(Object.entries(process.env).map(([k, v]) => [stringToCharlist(k), stringToCharlist(v ?? "")])),
    "putenv/2": ([n, v]) => putenv(n, v),
    "unsetenv/1": ([n]) => {
      delete process.env[envArg(n, 1)];
      return true;
    },
    "getpid/0": () => stringToCharlist(String(process.pid)),
    "system_time/0": () => int(systemTimeNative()),
    "system_time/1": ([u]) => {
      try {
        return convertTime(int(systemTimeNative()), a("native"), u);
      } catch {
        throw badArgs([[1, "invalid time unit"]]);
      }
    },
    "timestamp/0": () => {
      const us = systemTimeNative() / 1000n;
      return [Number(us / 1_000_000_000_000n), Number((us / 1_000_000n) % 1_000_000n), Number(us % 1_000_000n)];
    },
    "perf_counter/0": () => int(process.hrtime.bigint()),
    "perf_counter/1": ([u]) => {
      try {
        return convertTime(int(process.hrtime.bigint()), a("perf_counter"), u);
      } catch {
        throw osBadarg(badArgs([[1, "invalid time unit"]]), "perf_counter", [u]);
      }
    },
    // (run in the runtime's current directory, which File.cd/1 changes)
    "cmd/1": ([c], p) => cmd(c, MapTerm.fromPairs([]), [c], cwdOf(p.rt as Runtime)),
    "cmd/2": ([c, o], p) => cmd(c, o, [c, o], cwdOf(p.rt as Runtime)),
    "find_executable/1": ([n]) => findExecutable(n, stringToCharlist(process.env.PATH ?? "")),
    "find_executable/2": ([n, p]) => findExecutable(n, p),
    "set_signal/2": ([s, o]) => {
      if (!(s instanceof Atom) || !SIGNALS.includes(s.name)) throw badArgs([[1, "invalid signal"]]);
      if (!(o instanceof Atom) || !["default", "handle", "ignore"].includes(o.name)) throw badArgs([[2, "invalid option"]]);
      return a("ok");
    },
  },
};
