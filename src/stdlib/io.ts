// IO: output goes to the runtime's writer (the shell's terminal or a test buffer).
import type { NativeFn, ProcLike } from "../runtime/code.js";
import { toStr } from "../runtime/compiler/support.js";
import { BeamError, argumentError, badArgs, raise } from "../runtime/errors.js";
import { posixMessage } from "../runtime/exception-message.js";
import { fce } from "../runtime/arith.js";
import { bifError } from "../runtime/ops.js";
import { iodataBytes, iolistToBinary, isValidUtf8, latin1 } from "./unicode.js";
import { toString as listToString } from "./list.js";
import { inspect, inspectForIO } from "../runtime/inspect.js";
import type { CharListsWarning } from "../runtime/inspect.js";
import { locatedEntries } from "./library-frames.js";
import type { Runtime } from "../runtime/runtime.js";
import type { StdinRequest } from "../runtime/stdio.js";
import { Atom, Bin, Cons, NIL, Pid, Term, a, binBytes, isBinary, list, pidKey } from "../runtime/term.js";
import { TailCall } from "../runtime/calls.js";
import { beforeEffect } from "../runtime/elixir-callback.js";
import { Fun } from "../runtime/fun.js";

/** chardata → JS string for output. */
export function chardata(t: Term): string {
  if (typeof t === "string") return t;
  if (t instanceof Bin) return new TextDecoder("utf-8", { ignoreBOM: true }).decode(binBytes(t));
  if (t === NIL || t instanceof Cons) return toStr(t) as string;
  if (typeof t === "number" || typeof t === "bigint" || t instanceof Atom || t === null || t === true || t === false) {
    return toStr(t) as string;
  }
  const s = toStr(t);
  return typeof s === "string" ? s : new TextDecoder("utf-8", { ignoreBOM: true }).decode(binBytes(s));
}

const OK = a("ok");
const FILE = a("file");
const LINE = a("line");
const STANDARD_IO = a("standard_io");
const STANDARD_ERROR = a("standard_error");

/** Erlang keeps file names in stack entries as charlists. */
const charlist = (s: string): Term => list(Array.from(s, (c) => c.codePointAt(0)!));

/** An ArgumentError raised inside :io.put_chars/2 (io.erl's line for that check). */
function putCharsError(arg: number, description: string, device: Term, data: Term, line: number, caller: Term[]): BeamError {
  const err = badArgs([[arg, description]]);
  err.stacktrace = list([[a("io"), a("put_chars"), list([device, data]), list([[FILE, charlist("io.erl")], [LINE, line]])], ...caller]);
  return err;
}

/** IO.inspect/3's entry where it makes the item's document (Inspect.Algebra.to_doc/2). */
const IO_INSPECT_DOC: Term = [a("Elixir.IO"), a("inspect"), 3, list([[FILE, charlist("lib/io.ex")], [LINE, 465]])];

/**
 * The warnings of the deprecated :char_lists inspect option that inspecting gave (see
 * CharListsWarnings in runtime/inspect.ts), written as IO.warn/1 writes them from inside
 * Inspect.List.inspect/2 — `entry` is the inspecting function's own entry, under the
 * library's — before `then` is applied to `args` (what the inspecting function goes on with).
 */
export function charListsWarnings(warnings: CharListsWarning[], entry: Term, then: Fun, args: Term[]): TailCall {
  const found = list(warnings.map(([message, entries]) => [message, list(entries)]));
  return new TailCall(new Fun(4, null, [], a("Elixir.IO"), a("__warn_inspect__")), [found, entry, then, list(args)]);
}

/** IO.inspect/3's own stack entry (it calls :io.put_chars/2 from Elixir code). */
const INSPECT_ENTRY: Term = [a("Elixir.IO"), a("inspect"), 3, list([[FILE, charlist("lib/io.ex")], [LINE, 467]])];

/**
 * Where output to `d` goes: stdout, stderr, or an I/O server process; null when no such
 * device. Standard output is the group leader's: a process spawned from another node (by
 * Node.spawn and friends) has its group leader there, and prints through the I/O protocol.
 */
export function device(d: Term, p: ProcLike): "out" | "err" | Pid | null {
  if (d instanceof Pid) return d;
  if (d instanceof Atom) {
    if (d === STDIO || d === STANDARD_IO) {
      const gl = (p as ProcLike & { groupLeader?: Pid | null }).groupLeader;
      return gl instanceof Pid && (gl.node !== null || (p.rt as Runtime).ioLeaders.has(pidKey(gl))) ? gl : "out";
    }
    if (d === STDERR || d === STANDARD_ERROR) {
      // ExUnit.CaptureIO.capture_io(:stderr, fun) takes standard error for a while
      const taken = (p.rt as Runtime).stderrCaptures;
      return taken.length > 0 ? taken[taken.length - 1] : "err";
    }
    // (:user is the shell's output until a process registers under that name; the system's
    // own :user and :standard_error write there at once: system-procs.ts)
    const rt = p.rt as Runtime;
    const pid = rt.registry.whereis(d);
    if (pid === null) return d === USER ? "out" : null;
    return rt.systemIo.get(pid.id) ?? pid;
  }
  return null;
}
const USER = a("user");
const STDIO = a("stdio");
const STDERR = a("stderr");

/** :stdio and :stderr are Elixir's names for Erlang's devices. */
function erlangDevice(d: Term): Term {
  return d === STDIO ? STANDARD_IO : d === STDERR ? STANDARD_ERROR : d;
}

/**
 * Writes chardata `data` to device `d` as :io.put_chars/2 does on a unicode device: every
 * character must be valid (a binary at the top is written as its bytes, whatever they are).
 */
function putChars(p: ProcLike, d: Term, data: Term, caller: Term[] = []): Term {
  const dev = device(d, p);
  if (dev === null) throw putCharsError(1, "the device does not exist", erlangDevice(d), data, 94, caller);
  if (dev instanceof Pid) return outputTo(dev, [PUT_CHARS, UNICODE, data], "put_chars", [erlangDevice(d), data]);
  const text = putCharsText(data);
  if (text === null) throw putCharsError(2, "not valid character data (an iodata term)", erlangDevice(d), data, 99, caller);
  beforeEffect();
  const rt = p.rt as Runtime;
  if (dev === "err") rt.writeErr(text);
  else rt.write(text);
  return OK;
}

const PUT_CHARS = a("put_chars");
const UNICODE = a("unicode");

/**
 * Output to a process device goes through the I/O protocol (IO.__output__/6 in the
 * prelude): `request` sent to `dev`, with `fun`(`args`) the :io call that stands for it in
 * a stack trace should it fail.
 */
export function outputTo(dev: Pid, request: Term, fun: string, args: Term[], via: Term = NIL): TailCall {
  return new TailCall(new Fun(6, null, [], a("Elixir.IO"), a("__output__")), [dev, request, a(fun), list(args), 1, via]);
}

/** IO's to_chardata/1: chardata as it is, anything else through String.Chars. */
function toChardata(t: Term): Term {
  return t === NIL || t instanceof Cons || isBinary(t) ? t : toStr(t);
}

/** IO.puts/2 and IO.write/2 take atoms and pids only (is_device). */
function needDevice(fn: string, d: Term, item: Term): void {
  if (!(d instanceof Atom) && !(d instanceof Pid)) throw fce("Elixir.IO", fn, [d, item]);
}

const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/**
 * The text :io.put_chars writes for `t`, or null when `t` is not chardata. Bytes of a
 * top-level binary that are not UTF-8 stay bytes: each is carried as U+DC80+byte (a lone
 * surrogate, which no text contains), and the program's writer turns it back into the byte.
 */
export function putCharsText(t: Term): string | null {
  if (typeof t === "string") return t;
  if (t instanceof Bin) return bytesAsText(binBytes(t));
  if (t !== NIL && !(t instanceof Cons)) return null;
  const out: string[] = [];
  const stack: Term[] = [t];
  while (stack.length > 0) {
    let l = stack.pop();
    while (l instanceof Cons) {
      const h = l.h;
      if (typeof h === "number") {
        if (h < 0 || h > 0x10ffff || (h >= 0xd800 && h <= 0xdfff)) return null;
        out.push(String.fromCodePoint(h));
      } else if (typeof h === "string") out.push(h);
      else if (h instanceof Bin) {
        const bytes = binBytes(h);
        if (h.bits !== 0 || !isValidUtf8(h)) return null;
        out.push(utf8.decode(bytes));
      } else if (h === NIL || h instanceof Cons) {
        stack.push(l.t);
        l = h;
        continue;
      } else return null;
      l = l.t;
    }
    if (l === NIL || l === undefined) continue;
    if (typeof l === "string") out.push(l);
    else if (l instanceof Bin && l.bits === 0 && isValidUtf8(l)) out.push(utf8.decode(binBytes(l)));
    else return null;
  }
  return out.join("");
}

/** Bytes as text: UTF-8 decoded, each byte of an invalid sequence as U+DC80+byte. */
export function bytesAsText(bytes: Uint8Array): string {
  const bad = firstInvalid(bytes, 0);
  if (bad < 0) return utf8.decode(bytes);
  let out = "";
  let i = 0;
  for (let at = bad; at >= 0; at = firstInvalid(bytes, i)) {
    out += utf8.decode(bytes.subarray(i, at)) + String.fromCharCode(0xdc00 + bytes[at]);
    i = at + 1;
  }
  return out + utf8.decode(bytes.subarray(i));
}

/** Index of the first byte at or after `from` that does not start a valid UTF-8 sequence, or -1. */
function firstInvalid(b: Uint8Array, from: number): number {
  let i = from;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    const len = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (len === 0 || i + len > b.length) return i;
    let cp = c & (0xff >> (len + 1));
    for (let k = 1; k < len; k++) {
      const d = b[i + k];
      if ((d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if ((len === 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) || (len === 4 && (cp < 0x10000 || cp > 0x10ffff))) return i;
    i += len;
  }
  return -1;
}

/** IO.binwrite: iodata bytes, each written as the latin1 character it is. */
function binwrite(p: ProcLike, d: Term, data: Term): Term {
  if (!(data === NIL || data instanceof Cons || isBinary(data))) throw fce("Elixir.IO", "binwrite", [d, data]);
  const dev = device(d, p);
  if (dev === null) return [a("error"), a("terminated")];
  // bytes, not characters: a process device gets them as latin1 (like :file.write/2)
  if (dev instanceof Pid) return new TailCall(new Fun(2, null, [], a("Elixir.IO"), a("__request__")), [dev, [PUT_CHARS, a("latin1"), data]]);
  const bytes = iodataBytes(data);
  if (bytes === null) return [a("error"), a("badarg")];
  const text = latin1(bytes);
  beforeEffect();
  const rt = p.rt as Runtime;
  if (dev === "err") rt.writeErr(text);
  else rt.write(text);
  return OK;
}

function inspectOut(p: ProcLike, d: Term, item: Term, opts: Term): Term {
  let label: Term = NIL;
  for (let l = opts ?? NIL; l instanceof Cons; l = l.t) {
    const pair = l.h;
    if (Array.isArray(pair) && pair[0] === a("label")) {
      label = list([toChardata(pair[1]), ": "]);
      break;
    }
  }
  const warnings: CharListsWarning[] = [];
  const data = list([list([label, list([inspectForIO(item, opts ?? NIL, warnings)])]), 10]);
  if (warnings.length > 0) return charListsWarnings(warnings, IO_INSPECT_DOC, new Fun(3, null, [], a("Elixir.IO"), a("__inspected__")), [d, data, item]);
  return inspected(p, d, data, item);
}

/** IO.inspect/3 once the item is inspected (as `data`): the text goes to the device, the item is returned. */
function inspected(p: ProcLike, d: Term, data: Term, item: Term): Term {
  // A process device gets the text through the I/O protocol, and IO.inspect returns the item.
  const dev = device(d, p);
  if (dev instanceof Pid) return new TailCall(new Fun(4, null, [], a("Elixir.IO"), a("__inspect_to__")), [dev, erlangDevice(d), data, item]);
  putChars(p, d, data, [INSPECT_ENTRY]);
  return item;
}

/**
 * :beamsh_io.output_error(origin, reason, fun, args, skip, via): an output request to a
 * process device failed (IO.__output__/6 in the prelude), raised as io's output functions
 * raise it. The reason is turned as io's conv_reason/1 turns it (terminated, calling_self and
 * no_translation stay, anything else is badarg) and explained for the device argument as
 * erl_stdlib_errors explains io's own errors (origin :io) and the device's (:device). The
 * trace starts with io's entry {io, fun, args} (io.erl's line of the raise for each origin)
 * in place of the prelude's `skip` frames, then IO.inspect/3's when `via` is :inspect.
 */
function outputError([origin, reason, fun, args, skip, via]: Term[]): never {
  const own = origin === a("io");
  const kind = reason instanceof Atom ? reason.name : Array.isArray(reason) && reason[0] instanceof Atom ? reason[0].name : "";
  let why: string | undefined;
  if (own) {
    why = { terminated: "the device has terminated", calling_self: "the device is not allowed to be the current process", arguments: "the device does not exist" }[kind];
  } else if (kind === "no_translation" && Array.isArray(reason) && reason.length === 3) {
    // (io_lib's ~p: an encoding is a plain atom)
    const enc = (x: Term) => (x instanceof Atom ? x.name : inspect(x));
    why = `device failed to transcode string from ${enc(reason[1])} to ${enc(reason[2])}`;
  } else if (reason instanceof Atom) {
    const m = posixMessage(reason);
    if (m !== undefined) why = `${m} (${reason.name})`;
  }
  // (conv_reason/1: the atoms terminated and calling_self, and {no_translation, In, Out})
  const kept = reason instanceof Atom ? kind === "terminated" || kind === "calling_self" : kind === "no_translation" && (reason as Term[]).length === 3;
  const err = !kept
    ? why === undefined ? argumentError() : badArgs([[1, why]])
    : raise("ErlangError", why === undefined ? { original: a(kind) } : { original: a(kind), reason: `:\n\n  * 1st argument: ${why}\n` });
  const entry: Term[] = [a("io"), fun, args, list([[FILE, charlist("io.erl")], [LINE, own ? 94 : 99]])];
  locatedEntries.add(entry);
  err.stacktrace = list(via === a("inspect") ? [entry, INSPECT_ENTRY] : [entry]);
  (err as BeamError & { skipFrames?: number }).skipFrames = typeof skip === "number" ? skip : 0;
  throw err;
}

/** The natives of the prelude's I/O protocol helpers. */
export const beamshIoNatives: { module: string; fns: Record<string, NativeFn> } = {
  module: "beamsh_io",
  fns: { "output_error/6": outputError },
};

const EOF = a("eof");
const IO_REPLY = a("io_reply");

/**
 * IO.__stdio_request__(ref, request): hands an I/O request for standard input to the
 * runtime's stdin device; the reply comes to the caller as {:io_reply, ref, reply}.
 */
function stdioRequest(p: ProcLike, ref: Term, request: Term): Term {
  const rt = p.rt as Runtime;
  const pid = (p as ProcLike & { pid: Pid }).pid;
  const reply = (r: Term) => rt.send(pid, [IO_REPLY, ref, r]);
  // a group leader that is an I/O server (ExUnit.CaptureIO's StringIO) answers it
  const gl = (p as ProcLike & { groupLeader?: Pid | null }).groupLeader;
  if (gl instanceof Pid && gl.node === null && rt.ioLeaders.has(pidKey(gl))) {
    rt.send(gl, [a("io_request"), pid, ref, request]);
    return OK;
  }
  const req = stdinRequest(request);
  if (req === null) reply([a("error"), a("request")]);
  else if (rt.stdin === null) reply(EOF);
  else rt.stdin.read(req, reply);
  return OK;
}

function stdinRequest(t: Term): StdinRequest | null {
  if (!Array.isArray(t) || !(t[0] instanceof Atom)) return null;
  const latin1 = t[1] === a("latin1");
  const prompt = putCharsText(t[2]) ?? "";
  switch (t[0].name) {
    case "get_line":
      return { what: "line", prompt, latin1 };
    case "get_chars":
      return typeof t[3] === "number" && t[3] >= 0 ? { what: t[3], prompt, latin1 } : null;
    case "get_until":
      return t[3] === EOF ? { what: "eof", prompt, latin1 } : null;
  }
  return null;
}

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.IO",
  fns: {
    "puts/1": ([s], p) => putChars(p, STDIO, list([toChardata(s), 10])),
    "puts/2": ([d, s], p) => (needDevice("puts", d, s), putChars(p, d, list([toChardata(s), 10]))),
    "write/1": ([s], p) => putChars(p, STDIO, toChardata(s)),
    "write/2": ([d, s], p) => putChars(p, d, toChardata(s)),
    "binwrite/1": ([s], p) => binwrite(p, STDIO, s),
    "__stdio_request__/2": ([ref, req], p) => stdioRequest(p, ref, req),
    "binwrite/2": ([d, s], p) => binwrite(p, d, s),
    "inspect/1": ([t], p) => inspectOut(p, STDIO, t, NIL),
    "__inspected__/3": ([d, data, item], p) => inspected(p, d, data, item),
    "inspect/2": ([t, o], p) => inspectOut(p, STDIO, t, o),
    "inspect/3": ([d, t, o], p) => {
      if (!(d instanceof Atom || d instanceof Pid) || !(o === NIL || o instanceof Cons)) throw fce("Elixir.IO", "inspect", [d, t, o]);
      return inspectOut(p, d, t, o);
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
    // A binary as it is, a list as List.to_string/1 converts it; anything else has no clause.
    "chardata_to_string/1": ([t]) => {
      if (isBinary(t)) return t;
      if (t === NIL || t instanceof Cons) {
        // (a last call of IO.chardata_to_string/1: what fails is List.to_string/1's own)
        try {
          return listToString(t);
        } catch (e) {
          const err = e as BeamError & { native?: unknown };
          if (e instanceof BeamError && err.stacktrace === null && err.native === undefined) err.native = [a("Elixir.List"), "to_string", [t]];
          throw e;
        }
      }
      throw fce("Elixir.IO", "chardata_to_string", [t]);
    },
    "iodata_length/1": ([t]) => new TextEncoder().encode(chardata(t)).length,
  },
};
