// IO: output goes to the runtime's writer (the shell's terminal or a test buffer).
import type { NativeFn } from "../runtime/code.js";
import { toStr } from "../runtime/compiler/support.js";
import { BeamError, argumentError } from "../runtime/errors.js";
import { bifError } from "../runtime/ops.js";
import { iolistToBinary } from "./unicode.js";
import { inspect, inspectForIO } from "../runtime/inspect.js";
import type { Runtime } from "../runtime/runtime.js";
import { Atom, Bin, Cons, NIL, Pid, Term, a, binBytes } from "../runtime/term.js";
import { TailCall } from "../runtime/calls.js";
import { beforeEffect } from "../runtime/elixir-callback.js";
import { Fun } from "../runtime/fun.js";

/** chardata → JS string for output. */
export function chardata(t: Term): string {
  if (typeof t === "string") return t;
  if (t instanceof Bin) return new TextDecoder().decode(binBytes(t));
  if (t === NIL || t instanceof Cons) return toStr(t) as string;
  if (typeof t === "number" || typeof t === "bigint" || t instanceof Atom || t === null || t === true || t === false) {
    return toStr(t) as string;
  }
  const s = toStr(t);
  return typeof s === "string" ? s : new TextDecoder().decode(binBytes(s));
}

const OK = a("ok");
const write = (p: { rt: unknown }, s: string) => {
  beforeEffect();
  (p.rt as Runtime).write(s);
};

function checkDevice(d: Term): void {
  if (d instanceof Atom && (d.name === "stdio" || d.name === "stderr" || d.name === "standard_io" || d.name === "standard_error")) return;
  if (d === null || typeof d === "object") return;
  throw argumentError("argument error");
}

function inspectText(item: Term, opts: Term): string {
  let label = "";
  for (let l = opts ?? NIL; l instanceof Cons; l = l.t) {
    const pair = l.h;
    if (Array.isArray(pair) && pair[0] === a("label")) label = chardata(pair[1]) + ": ";
  }
  return label + inspectForIO(item, opts ?? NIL) + "\n";
}

function inspectOut(p: { rt: unknown }, item: Term, opts: Term): Term {
  write(p, inspectText(item, opts));
  return item;
}

/** iodata's bytes as terminal text (UTF-8 where they are). */
function bytesText(t: Term): string {
  const b = iolistToBinary(t);
  return typeof b === "string" ? b : new TextDecoder().decode(binBytes(b));
}

/** Output to a process device goes through the I/O protocol (prelude IO.__put_chars__/2). */
function toDevice(d: Term, text: string, p: { rt: unknown }): Term {
  if (d instanceof Pid) return new TailCall(new Fun(2, null, [], a("Elixir.IO"), a("__put_chars__")), [d, text]);
  checkDevice(d);
  if (d instanceof Atom && (d.name === "stderr" || d.name === "standard_error")) (p.rt as Runtime).writeErr(text);
  else write(p, text);
  return OK;
}

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.IO",
  fns: {
    "puts/1": ([s], p) => (write(p, chardata(s) + "\n"), OK),
    "puts/2": ([d, s], p) => toDevice(d, chardata(s) + "\n", p),
    "write/1": ([s], p) => (write(p, chardata(s)), OK),
    "write/2": ([d, s], p) => toDevice(d, chardata(s), p),
    "inspect/1": ([t], p) => inspectOut(p, t, NIL),
    "inspect/2": ([t, o], p) => inspectOut(p, t, o),
    "inspect/3": ([d, t, o], p) => {
      if (d instanceof Pid) return new TailCall(new Fun(3, null, [], a("Elixir.IO"), a("__inspect_to__")), [d, inspectText(t, o), t]);
      checkDevice(d);
      return inspectOut(p, t, o);
    },
    // bytes, not characters: a process device gets them as latin1 (like :file.write/2)
    "binwrite/1": ([s], p) => (write(p, bytesText(s)), OK),
    "binwrite/2": ([d, s], p) => {
      if (d instanceof Pid) return new TailCall(new Fun(2, null, [], a("Elixir.IO"), a("__put_bytes__")), [d, s]);
      checkDevice(d);
      write(p, bytesText(s));
      return OK;
    },
    // Elixir compiles this to :erlang.iolist_to_binary/1: bytes, not code points.
    // Elixir compiles this to :erlang.iolist_to_binary/1, whose stack entry errors show.
    "iodata_to_binary/1": ([t]) => {
      try {
        return iolistToBinary(t);
      } catch (e) {
        throw e instanceof BeamError ? bifError(e, "iolist_to_binary", [t]) : e;
      }
    },
    "chardata_to_string/1": ([t]) => toStr(t),
    "iodata_length/1": ([t]) => new TextEncoder().encode(chardata(t)).length,
  },
};
