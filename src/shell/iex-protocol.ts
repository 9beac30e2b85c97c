// IEx's evaluator as Elixir code starts it: IEx.Server.start_evaluator/1 (and so
// IEx.Server.run/1, prelude/iex.ex) gets a shell evaluator process (evaluator.ts) speaking
// IEx's message protocol with the calling process as its server: `{:eval, server, code,
// %IEx.State{}}` in, `{:evaled, evaluator, status, new_state}` out, what it prints going
// through the group leader it was given. The helpers it runs (v/1) read its own history.
import { existsSync, readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { parseIex } from "../lang/parser.js";
import { envFromTerm, topEnv } from "../runtime/compiler/env.js";
import type { NativeFn } from "../runtime/code.js";
import type { Process } from "../runtime/process.js";
import type { Runtime } from "../runtime/runtime.js";
import { Cons, NIL, Pid, Term, a, atomName, isAtom } from "../runtime/term.js";
import { cwdOf } from "../stdlib/file.js";
import { chardata } from "../stdlib/io.js";
import { Evaluator, whereamiOf } from "./evaluator.js";
import { formatParseError } from "./errors.js";

/** The evaluators started this way, by process (for the helpers they run: v/1's history). */
const evaluators = new WeakMap<Process, Evaluator>();

/** The protocol evaluator `p` is, if it is one. */
export function protocolEvaluator(p: Process): Evaluator | undefined {
  return evaluators.get(p);
}

const keyword = (opts: Term, key: string): Term | undefined => {
  for (let l = opts; l instanceof Cons; l = l.t) {
    const kv = l.h;
    if (Array.isArray(kv) && kv.length === 2 && kv[0] === a(key)) return kv[1];
  }
  return undefined;
};

/**
 * `beamsh_iex:start_evaluator(server, leader, opts)`: a new evaluator whose group leader is
 * `leader`, with IEx.Evaluator's options: `binding` (its variables), `env` (a %Macro.Env{}
 * to evaluate in, IEx.Helpers imported too) and `dot_iex_path` ("" for no startup file, nil
 * for .iex.exs here or in the home directory, or a file's path).
 */
export function startEvaluator(rt: Runtime): NativeFn {
  return ([server, leader, opts]) => {
    const ev = new Evaluator(rt, "iex", { server, history: new Map(), counter: 1 });
    if (leader instanceof Pid) ev.proc.groupLeader = leader;
    evaluators.set(ev.proc, ev);
    const env = keyword(opts, "env");
    const given = env === undefined || env === null ? null : envFromTerm(env);
    if (given !== null) {
      const shellEnv = topEnv("iex", true);
      ev.env = {
        ...given,
        functions: new Map([...shellEnv.functions, ...given.functions]),
        macros: new Map([...shellEnv.macros, ...given.macros]),
        requires: new Set([...given.requires, ...shellEnv.requires]),
      };
    }
    if (given !== null) ev.whereami = whereamiOf(given);
    const binding = keyword(opts, "binding");
    for (let l = binding ?? NIL; l instanceof Cons; l = l.t) {
      const kv = l.h;
      if (Array.isArray(kv) && kv.length === 2 && isAtom(kv[0])) {
        ev.bindings.push(atomName(kv[0]));
        ev.values.push(kv[1]);
      }
    }
    const dotIex = dotIexFile(rt, keyword(opts, "dot_iex_path"));
    if (dotIex !== null) {
      // (a file named by the caller keeps that name: its __ENV__.file, and the path its own
      // import_file calls compare theirs, expanded, against)
      const st = parseIex(readFileSync(dotIex.path, "utf8"), { file: dotIex.name, line: 1 });
      if (st.status === "ok") ev.protocolStartup(st.ast, dotIex.name);
      else if (st.status === "error") rt.write(`Error while evaluating: ${dotIex.name}\n` + formatParseError(st.error));
    }
    return ev.proc.pid;
  };
}

/**
 * The startup file IEx.Evaluator loads: the one named (under the name given), or .iex.exs
 * here or at home (expanded).
 */
function dotIexFile(rt: Runtime, given: Term | undefined): { path: string; name: string } | null {
  const regular = (f: string) => existsSync(f) && statSync(f).isFile();
  if (given !== undefined && given !== null) {
    const name = chardata(given);
    if (name === "") return null;
    const file = path.resolve(cwdOf(rt), name);
    return regular(file) ? { path: file, name } : null;
  }
  for (const f of [path.join(cwdOf(rt), ".iex.exs"), path.join(homedir(), ".iex.exs")]) if (regular(f)) return { path: f, name: f };
  return null;
}
