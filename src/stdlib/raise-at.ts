// :beamsh_errors.raise_at/6, for the library's Erlang modules written in Elixir: raises
// `reason` with the stack entry OTP's function shows for it — `{mod, fun, args}` at a line
// of mod.erl — where OTP raises from an inlined helper (maps.erl's badarg_with_info/1 and
// error_with_info/2 name their own lines, 578 and 581, in the entry of the function that
// called them). `skip` is how many of the calling module's frames the entry stands for.
// `reason` is an exception (raised as it is) or a raw reason as erlang:error/2 takes it.
// The entry's error_info names erl_stdlib_errors, as those helpers' do; given an arity
// instead of arguments, the entry is the function's own, as for an error the BEAM raised.
import type { NativeFn } from "../runtime/code.js";
import { BeamError } from "../runtime/errors.js";
import { MapTerm } from "../runtime/map.js";
import { Atom, Term, a, list, listToArray } from "../runtime/term.js";
import { locatedEntries } from "./library-frames.js";

const charlist = (s: string): Term => list(Array.from(s, (c) => c.codePointAt(0)!));

function raiseAt([reason, mod, fun, args, line, skip]: Term[]): Term {
  // (an arity instead of the arguments: an entry as the BEAM makes for an error it raised
  // itself in the function, such as badarith)
  const given = typeof args === "number" ? args : listToArray(args);
  if (!(mod instanceof Atom) || !(fun instanceof Atom) || given === null || typeof line !== "number" || typeof skip !== "number") {
    throw new BeamError("error", a("badarg"));
  }
  const err = new BeamError("error", reason) as BeamError & { skipFrames?: number; explicit?: boolean };
  const where: Term[] = [[a("file"), charlist(mod.name + ".erl")], [a("line"), line]];
  if (typeof given !== "number") where.push([a("error_info"), MapTerm.fromPairs([[a("module"), a("erl_stdlib_errors")]])]);
  const entry: Term[] = [mod, fun, typeof given === "number" ? given : list(given), list(where)];
  locatedEntries.add(entry);
  err.stacktrace = list([entry]);
  err.skipFrames = skip;
  throw err;
}

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "beamsh_errors",
  fns: { "raise_at/6": raiseAt },
};
