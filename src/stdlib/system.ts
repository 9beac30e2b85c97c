// System: clocks, scheduler facts, versions, environment and halting. (Time conversion and
// os/system time live with the calendar natives in calendar-iso.ts.)
import { MapTerm } from "../runtime/map.js";
import type { NativeFn, ProcLike } from "../runtime/code.js";
import type { Runtime } from "../runtime/runtime.js";
import { argumentError, raise } from "../runtime/errors.js";
import { strictEquals as deepEq } from "../runtime/term-order.js";
import { Term, a, list } from "../runtime/term.js";
import * as erlang from "./erlang.js";
import { Fun } from "../runtime/fun.js";
import { fce } from "../runtime/arith.js";
import { accessSync, constants, statSync } from "node:fs";
import { cwdOf } from "./file.js";
import { availableParallelism } from "node:os";
import { APPLY_FUN } from "./process.js";
import { listToArray } from "../runtime/term.js";
import { Atom } from "../runtime/term.js";
import { unitsPerSecond } from "./calendar-iso.js";

/** A runtime's trapped signals: per signal, `[id, fun]` newest first, and its OS listener. */
interface Trap {
  handlers: [Term, Fun][];
  listener: (() => void) | null;
}
const trapsOf = new WeakMap<Runtime, Map<string, Trap>>();

function traps(rt: Runtime): Map<string, Trap> {
  let m = trapsOf.get(rt);
  if (m === undefined) trapsOf.set(rt, (m = new Map()));
  return m;
}

/** On the signal, one process runs the signal's handlers, newest first. */
function listenTo(rt: Runtime, signal: string, trap: Trap): void {
  if (signal === "sigstop") return;
  trap.listener = () => {
    const funs = trap.handlers.map(([, f]) => f);
    if (funs.length === 0) return;
    rt.spawn(APPLY_FUN, [new Fun(1, null, [], a("Elixir.System"), a("__run_traps__")), list([list(funs)])]);
  };
  process.on(signal.toUpperCase() as NodeJS.Signals, trap.listener);
}


/** System.tmp_dir/0: the first writable directory of $TMPDIR, $TEMP, $TMP, /tmp and the cwd. */
function tmpDir(cwd: string): string | null {
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
  for (const d of [process.env.TMPDIR, process.env.TEMP, process.env.TMP, "/tmp", cwd]) if (writable(d)) return d!;
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
    // as many as :erlang.system_info(:schedulers) tells: one per core, as the BEAM starts
    "schedulers/0": () => availableParallelism(),
    "schedulers_online/0": () => availableParallelism(),
    "version/0": () => "1.14.0",
    "otp_release/0": () => "25",
    // the release beamsh stands for (Elixir 1.14.0 on OTP 25); Elixir's own build has its date and commit
    "build_info/0": () =>
      MapTerm.fromPairs([
        [a("build"), "1.14.0 (compiled with Erlang/OTP 25)"],
        [a("date"), "2022-09-01T00:00:00Z"],
        [a("otp_release"), "25"],
        [a("revision"), ""],
        [a("version"), "1.14.0"],
      ]),
    "argv/0": (_, p) => list((p.rt as Runtime).argv),
    "get_env/0": () => MapTerm.fromPairs(Object.entries(process.env).map(([k, v]) => [k, v ?? ""])),
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
    "argv/1": ([args], p) => {
      (p.rt as Runtime).argv = (listToArray(args) ?? []) as string[];
      return a("ok");
    },
    "no_halt/0": (_, p) => (p.rt as Runtime).noHalt,
    "no_halt/1": ([b], p) => {
      if (typeof b !== "boolean") throw fce("Elixir.System", "no_halt", [b]);
      (p.rt as Runtime).noHalt = b;
      return a("ok");
    },
    "endianness/0": () => a("little"),
    "compiled_endianness/0": () => a("little"),
    "time_offset/0": (_, p) => E["time_offset/0"]([], p),
    "time_offset/1": ([u], p) => {
      unitsPerSecond(u);
      return erlang.convertTime(E["time_offset/0"]([], p) as Term, a("native"), u);
    },
    "__trap__/3": ([sig, id, fun], p) => {
      const rt = p.rt as Runtime;
      const name = (sig as Atom).name;
      const all = traps(rt);
      let trap = all.get(name);
      if (trap?.handlers.some(([i]) => deepEq(i, id))) return [a("error"), a("already_registered")];
      if (trap === undefined) {
        all.set(name, (trap = { handlers: [], listener: null }));
        listenTo(rt, name, trap);
      }
      trap.handlers.unshift([id, fun as Fun]);
      return [a("ok"), id];
    },
    "__untrap__/2": ([sig, id], p) => {
      const all = traps(p.rt as Runtime);
      const name = (sig as Atom).name;
      const trap = all.get(name);
      const i = trap === undefined ? -1 : trap.handlers.findIndex(([x]) => deepEq(x, id));
      if (trap === undefined || i < 0) return [a("error"), a("not_found")];
      trap.handlers.splice(i, 1);
      if (trap.handlers.length === 0) {
        if (trap.listener !== null) process.off(name.toUpperCase() as NodeJS.Signals, trap.listener);
        all.delete(name);
      }
      return a("ok");
    },
    "halt/0": (_, p) => halt(p, 0),
    "halt/1": ([code], p) => halt(p, code),
    "stop/0": (_, p) => halt(p, 0),
    "stop/1": ([code], p) => halt(p, code),
    "pid/0": () => String(process.pid),
    "tmp_dir/0": (_, p) => tmpDir(cwdOf(p.rt as Runtime)),
    "tmp_dir!/0": (_, p) => {
      const dir = tmpDir(cwdOf(p.rt as Runtime));
      if (dir === null) throw raise("RuntimeError", { message: "could not get a writable temporary directory, please set the TMPDIR environment variable" });
      return dir;
    },
    "cwd/0": (_, p) => cwdOf(p.rt as Runtime),
    "cwd!/0": (_, p) => cwdOf(p.rt as Runtime),
    "user_home/0": () => process.env.HOME ?? null,
    "user_home!/0": () => {
      const home = process.env.HOME;
      if (home === undefined) throw raise("RuntimeError", { message: "could not find the user home, please set the HOME environment variable" });
      return home;
    },
  },
};
