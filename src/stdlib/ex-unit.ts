// What ExUnit needs from the host: a line of a source file, for the "code:" line of a
// failure report (ExUnit reads the failing line of the test's file).
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { Atom, Pid, a, list, tuple } from "../runtime/term.js";
import { docsOf } from "../runtime/compiler/module-build.js";
import { LOG_RANKS } from "../runtime/logger.js";
import { MapTerm } from "../runtime/map.js";
import { inspect } from "../runtime/inspect.js";
import { functionClauseBlame } from "../runtime/exception-message.js";
import { errorContext } from "../runtime/error-context.js";
import type { Runtime } from "../runtime/runtime.js";
import type { NativeFn } from "../runtime/code.js";
import { Bin, Term } from "../runtime/term.js";

function text(t: Term): string | null {
  if (typeof t === "string") return t;
  if (t instanceof Bin) return Buffer.from(t.bytes).toString("utf8");
  return null;
}

export const runnerNatives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.ExUnit.Runner",
  fns: {
    // A test's @tag :tmp_dir: removes the directory if it exists and creates it empty.
    "__fresh_dir__/1": ([path]) => {
      const d = text(path);
      if (d === null) return a("error");
      rmSync(d, { recursive: true, force: true });
      mkdirSync(d, { recursive: true });
      return a("ok");
    },
  },
};

export const docTestNatives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.ExUnit.DocTest",
  fns: {
    // The docs beamsh kept when it compiled `module`: {file, {line, moduledoc}, [{{kind,
    // name, arity}, line, doc}]}, or nil for a module it did not compile (a library one).
    "__docs__/1": ([mod], p) => {
      if (!(mod instanceof Atom)) return null;
      const d = docsOf(p.rt as Runtime, mod.name);
      if (d === undefined) return null;
      const moduledoc = d.moduledoc === undefined ? null : tuple(d.moduledoc.line, d.moduledoc.value);
      const docs = d.docs.map((x) => tuple(tuple(a(x.kind), a(x.name), x.arity), x.line, x.doc));
      return tuple(d.file, moduledoc, list(docs));
    },
  },
};

export const captureIoNatives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.ExUnit.CaptureIO",
  fns: {
    // Standard error goes to `pid` (an I/O server) until __release_stderr__(pid).
    "__take_stderr__/1": ([pid], p) => {
      if (pid instanceof Pid) (p.rt as Runtime).stderrCaptures.push(pid);
      return a("ok");
    },
    "__release_stderr__/1": ([pid], p) => {
      const rt = p.rt as Runtime;
      rt.stderrCaptures = rt.stderrCaptures.filter((x) => !(x.id === (pid as Pid).id && x.node === null));
      return a("ok");
    },
  },
};

export const captureLogNatives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.ExUnit.CaptureLog",
  fns: {
    // Log events of `level` or more go to a capture (not the console) until __stop__(id).
    "__start__/1": ([level], p) => (p.rt as Runtime).logger.captureStart(LOG_RANKS[level instanceof Atom ? level.name : "all"] ?? 0),
    "__stop__/1": ([id], p) => (p.rt as Runtime).logger.captureStop(Number(id)),
  },
};

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.ExUnit.Formatter",
  fns: {
    // FunctionClauseError.blame/3's text: the arguments given (and the clauses tried), each
    // pattern or guard that did not hold between \u0001 and \u0002 (for the formatter's
    // :blame_diff).
    "__function_clause_blame__/1": ([e], p) =>
      e instanceof MapTerm
        ? functionClauseBlame(e, (t) => inspect(t), errorContext(p.rt as Runtime), (text, ok) => (ok ? text : `\u0001${text}\u0002`))
        : "",
    // The 1-based line `n` of file `path`, or nil when there is no such file or line.
    "__source_line__/2": ([path, n]) => {
      const f = text(path);
      if (f === null || typeof n !== "number" || n < 1) return null;
      try {
        const lines = readFileSync(f, "utf8").split("\n");
        return n <= lines.length ? lines[n - 1] : null;
      } catch {
        return null;
      }
    },
  },
};
