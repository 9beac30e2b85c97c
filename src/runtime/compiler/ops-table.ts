// The `O` object generated code sees: operators, term constructors, calling conventions and
// the runtime support for patterns, maps, binaries, comprehensions and receive.
import * as calls from "../calls.js";
import { CodeObj } from "../code.js";
import { BeamError, exception, matchError, caseClauseError, raise } from "../errors.js";
import { Fun, FunInfo } from "../fun.js";
import { MapTerm } from "../map.js";
import * as ops from "../ops.js";
import type { Process } from "../process.js";
import { clearReceiveTimeout } from "../scheduler.js";
import { EV } from "../events.js";
import { Atom, Bin, Cons, Float, NIL, Pid, Port, Ref, Term, a, atom, isAtom, isBinary, isBitstring, isBoolean, isInteger, isList, isNumber, list, truthy, tuple } from "../term.js";
import { binAppendByte, binBuild, binByte, binMatch, binRead, binReader, concatByte } from "./binaries.js";
import * as support from "./support.js";
import { DEADLINE_AT_WAIT, RESUME, SUSPEND, xregion, xunwind, Site, directFrame, spent, materialize, suspend, suspendH, suspendWait, sus, susWait, sc0, sc1, sc2, sc3, sc4, scN, scH } from "../protocol.js";
import { directCatch } from "../machine.js";

const STRUCT = a("__struct__");
const INFINITY = a("infinity");

/** FunctionClauseError as BEAM raises it: the arguments travel in the stack entry. */
function funClauseError(mod: Atom, name: string, args: Term[]): BeamError {
  const e = raise("FunctionClauseError", { module: mod, function: a(name), arity: args.length, kind: null, args: null, clauses: null });
  (e as BeamError & { native?: unknown }).native = [mod, name, args];
  return e;
}

/** A shell fun that matches no clause: erl_eval's interpreted fun, its arguments in the entry. */
function fnClauseError(arity: number, args: Term[]): BeamError {
  const e = raise("FunctionClauseError", { module: a("erl_eval"), function: a("-inside-an-interpreted-fun-"), arity, kind: null, args: null, clauses: null });
  (e as BeamError & { native?: unknown }).native = [a("erl_eval"), "-inside-an-interpreted-fun-", args];
  return e;
}

/** The largest timeout a receive's after takes (milliseconds, an unsigned 32-bit integer). */
const MAX_TIMEOUT = 0xffffffff;

/** Receive bookkeeping: start (with optional timeout), done, and timeout check. */
function recvStart(p: Process, timeout: Term, patterns?: Term, evaluated?: number): void {
  // Every receive starts from the oldest message (BEAM); only a resumed receive continues
  // from the save pointer.
  p.mailbox.reset();
  p.receivePatterns = patterns ?? null;
  p.timedOut = false;
  if (timeout === null || timeout === INFINITY) {
    p.deadline = -1;
    return;
  }
  if (typeof timeout !== "number" || !Number.isInteger(timeout) || timeout < 0 || timeout > MAX_TIMEOUT) {
    // BEAM's receive takes :infinity or an integer of 32 bits: anything else is the
    // timeout_value error (raised by prim_eval in code the shell evaluates)
    const err = new BeamError("error", a("timeout_value"));
    if (evaluated === 1) (err as { headFrames?: Term[] }).headFrames = [tuple(a("prim_eval"), a("receive"), 2, NIL)];
    throw err;
  }
  // The clock is read only if the receive blocks, as BEAM starts the timer then (most
  // receives with an after find their message: a GenServer.call's reply).
  if (timeout === 0) p.deadline = 0;
  else {
    p.deadline = DEADLINE_AT_WAIT;
    p.waitMs = timeout;
  }
  if (timeout === 0) p.timedOut = true;
}

/** A receive clause (`clause`, counted from 0) took message `m`. */
function recvDone(p: Process, m: Term, clause: number): void {
  p.deadline = -1;
  p.timedOut = false;
  clearReceiveTimeout(p);
  if ((p.rt.watching & EV.receive) !== 0) p.rt.events.emit("receive", { pid: p.pid, msg: m, clause });
}

function recvTimedOut(p: Process): boolean {
  if (!p.timedOut) return false;
  p.timedOut = false;
  p.deadline = -1;
  p.mailbox.reset();
  return true;
}

export const OPS = {
  ...ops,
  ...calls,
  ...support,
  Float, Cons, NIL, MapTerm, Pid, Ref, Port, Fun, FunInfo, Bin, STRUCT, CodeObj,
  list, truthy, atom, isInteger, isNumber, isAtom, isBoolean, isBinary, isBitstring, isList,
  matchError, caseClauseError, raise, exception, funClauseError, fnClauseError,
  recvStart, recvDone, recvTimedOut, binBuild, binByte, concatByte, binAppendByte, binMatch, binReader, binRead,
  RESUME, SUSPEND, xregion, xunwind, Site, spent, suspend, suspendH, suspendWait, sus, susWait, sc0, sc1, sc2, sc3, sc4, scN, scH, materialize, directFrame, directCatch,
};
