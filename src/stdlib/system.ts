// System: clocks, scheduler facts, versions, environment and halting. (Time conversion and
// os/system time live with the calendar natives in calendar-iso.ts.)
import type { NativeFn, ProcLike } from "../runtime/code.js";
import type { Runtime } from "../runtime/runtime.js";
import { argumentError, raise } from "../runtime/errors.js";
import { Term, a, list } from "../runtime/term.js";
import * as erlang from "./erlang.js";
import { Fun } from "../runtime/fun.js";
import { fce } from "../runtime/arith.js";
import { accessSync, constants, statSync } from "node:fs";

/** System.tmp_dir/0: the first writable directory of $TMPDIR, $TEMP, $TMP, /tmp and the cwd. */
function tmpDir(): string | null {
  const writable = (d: string | undefined): boolean => {
    if (d === undefined || d === "") return false;
    try {
      if (!statSync(d).isDirectory()) return false;
      accessSync(d, constants.W_OK);
      return true;
    } catch {
      return false;
    }
  };
  for (const d of [process.env.TMPDIR, process.env.TEMP, process.env.TMP, "/tmp", process.cwd()]) if (writable(d)) return d!;
  return null;
}

const E = erlang.natives.fns;

function envValue(name: Term): Term {
  if (typeof name !== "string") throw argumentError("argument error");
  const v = process.env[name];
  return v === undefined ? null : v;
}

function halt(p: ProcLike, code: Term): Term {
  (p.rt as Runtime).halt(typeof code === "number" ? code : 1);
  return a("ok");
}

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.System",
  fns: {
    "monotonic_time/0": E["monotonic_time/0"],
    "monotonic_time/1": E["monotonic_time/1"],
    "unique_integer/0": E["unique_integer/0"],
    "unique_integer/1": E["unique_integer/1"],
    "schedulers/0": () => 1,
    "schedulers_online/0": () => 1,
    "version/0": () => "1.14.0",
    "otp_release/0": () => "25",
    "build_info/0": () => null,
    "argv/0": (_, p) => list((p.rt as Runtime).argv),
    "get_env/0": () => list(Object.entries(process.env).map(([k, v]) => [k, v ?? ""])),
    "get_env/1": ([n]) => envValue(n),
    "get_env/2": ([n, d]) => envValue(n) ?? d,
    "fetch_env/1": ([n]) => {
      const v = envValue(n);
      return v === null ? a("error") : [a("ok"), v];
    },
    // System.at_exit/1: the command line runs these after a script, newest first (each
    // given the exit status); see :beamsh_at_exit.
    "at_exit/1": ([fun], p) => {
      if (!(fun instanceof Fun && fun.arity === 1)) throw fce("Elixir.System", "at_exit", [fun]);
      (p.rt as Runtime).atExit.push(fun);
      return a("ok");
    },
    "__take_at_exit__/0": (_, p) => {
      const rt = p.rt as Runtime;
      const funs = rt.atExit.reverse();
      rt.atExit = [];
      return list(funs);
    },
    "halt/0": (_, p) => halt(p, 0),
    "halt/1": ([code], p) => halt(p, code),
    "stop/0": (_, p) => halt(p, 0),
    "stop/1": ([code], p) => halt(p, code),
    "pid/0": () => String(process.pid),
    "tmp_dir/0": () => tmpDir(),
    "tmp_dir!/0": () => {
      const dir = tmpDir();
      if (dir === null) throw raise("RuntimeError", { message: "could not get a writable temporary directory, please set the TMPDIR environment variable" });
      return dir;
    },
    "cwd/0": () => process.cwd(),
    "cwd!/0": () => process.cwd(),
    "user_home/0": () => process.env.HOME ?? null,
    "user_home!/0": () => {
      const home = process.env.HOME;
      if (home === undefined) throw raise("RuntimeError", { message: "could not find the user home, please set the HOME environment variable" });
      return home;
    },
  },
};
