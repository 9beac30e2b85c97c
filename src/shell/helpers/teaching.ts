// The teaching helpers: seq/1,2 (a message sequence diagram of what a function makes happen
// between processes). They read the runtime only through its event stream (recorder.ts) and
// draw with the observer's pure models, so the shell's text and the observer's views agree.
import type { NativeFn, ProcLike } from "../../runtime/code.js";
import { TailCall } from "../../runtime/calls.js";
import { argumentError } from "../../runtime/errors.js";
import { Fun } from "../../runtime/fun.js";
import { inspect } from "../../runtime/inspect.js";
import type { NativeModule } from "../../runtime/library.js";
import type { Process } from "../../runtime/process.js";
import type { Runtime } from "../../runtime/runtime.js";
import { Atom, Cons, NIL, Term, a } from "../../runtime/term.js";
import { SequenceRecorder } from "../../observer/recorder.js";
import { sequenceLines } from "../../observer/sequence.js";

/** Recordings of seq/1 under way, by handle (per runtime: tests run many). */
const recordings = new WeakMap<Runtime, Map<number, SequenceRecorder>>();
let nextHandle = 1;

function table(rt: Runtime): Map<number, SequenceRecorder> {
  let t = recordings.get(rt);
  if (t === undefined) recordings.set(rt, (t = new Map()));
  return t;
}

/** seq(fun) / seq(fun, width: n): runs `fun` (arity 0) under :beamsh_seq.run/2. */
export function seqHelper(args: Term[], p: Process): Term {
  const [fun, opts] = args;
  if (!(fun instanceof Fun) || fun.arity !== 0) throw argumentError(`seq/1 expects a function of no arguments, got: ${inspect(fun)}`);
  const options = opts ?? NIL;
  if (!isKeyword(options)) throw argumentError(`seq/2 expects a keyword list of options, got: ${inspect(options)}`);
  const run = p.rt.modules.lookup("beamsh_seq", "run", 2);
  if (run === null) throw argumentError("seq/1 is not available (the :beamsh_seq module is missing)");
  return new TailCall(run, [fun, options]);
}

function isKeyword(t: Term): boolean {
  for (let l = t; l !== NIL; l = (l as Cons).t) {
    if (!(l instanceof Cons)) return false;
    const h = l.h;
    if (!Array.isArray(h) || h.length !== 2 || !(h[0] instanceof Atom)) return false;
  }
  return true;
}

const native =
  (fn: (args: Term[], p: Process) => Term): NativeFn =>
  (args: Term[], p: ProcLike) =>
    fn(args, p as Process);

/** The recording natives :beamsh_seq.run/2 calls. */
export const SEQ_NATIVES: NativeModule = {
  module: "beamsh_seq",
  fns: {
    "start/1": native(([opts], p) => {
      const h = nextHandle++;
      const rt = p.rt;
      // A linked crash can kill the shell before run/2's `after`: the diagram is printed
      // then, ahead of the shell's EXIT message.
      const onRootExit = () => rt.write(finish(rt, h, widthOf(opts)));
      table(rt).set(h, new SequenceRecorder(rt, { roots: [p.pid], shells: [p.pid], keep: "first", onRootExit }));
      return h;
    }),
    "busy/1": native(([h], p) => table(p.rt).get(h as number)?.busy(p.pid) ?? false),
    "stop/2": native(([h, width], p) => finish(p.rt, h as number, typeof width === "number" ? width : 80)),
  },
};

/** Ends recording `h` and draws its diagram (empty when it already ended). */
function finish(rt: Runtime, h: number, width: number): string {
  const rec = table(rt).get(h);
  if (rec === undefined) return "";
  rec.close();
  table(rt).delete(h);
  return sequenceLines(rec.diagram(), { width: Math.max(20, width) }).map((l) => l.text + "\n").join("");
}

function widthOf(opts: Term): number {
  for (let l = opts; l instanceof Cons; l = l.t) {
    const h = l.h;
    if (Array.isArray(h) && h[0] === WIDTH && typeof h[1] === "number") return h[1];
  }
  return 80;
}

const WIDTH = a("width");
