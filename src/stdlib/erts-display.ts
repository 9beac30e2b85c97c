// erlang:display/1's text: the emulator's own term printer (erl_printf_term.c), which is not
// io_lib's: maps as #{k=>v}, floats as C's %e (2.500000e+00), printable byte lists as
// "...", printable ASCII binaries as <<"...">>, atoms quoted unless a Latin-1 lowercase
// letter followed by Latin-1 letters, digits and _. The result is bytes (a list's Latin-1
// characters are written as single bytes, as the emulator writes them).
import { Fun } from "../runtime/fun.js";
import { MapTerm } from "../runtime/map.js";
import { mapFoldOrder } from "../runtime/map-order.js";
import { inspectPid, inspectPort, inspectRef } from "../runtime/inspect.js";
import { Atom, Bin, Cons, Float, NIL, Pid, Port, Ref, Term, atomName, binBytes } from "../runtime/term.js";
import { pollStep } from "../runtime/heap-room.js";

const isLower = (c: number) => (c >= 97 && c <= 122) || (c >= 223 && c <= 255 && c !== 247);
const isUpper = (c: number) => (c >= 65 && c <= 90) || (c >= 192 && c <= 222 && c !== 215);
const isAlnum = (c: number) => (c >= 48 && c <= 57) || isLower(c) || isUpper(c);
const isSpace = (c: number) => c === 32 || c === 10 || c === 9 || c === 13;
const isCntrl = (c: number) => c < 32 || c === 127 || (c >= 128 && c < 160);

const ATOM_ESCAPES: Record<number, string> = { 39: "\\'", 92: "\\\\", 10: "\\n", 12: "\\f", 9: "\\t", 13: "\\r", 8: "\\b", 11: "\\v" };

function atomText(name: string, out: number[]): void {
  const cps = Array.from(name, (ch) => ch.codePointAt(0)!);
  if (cps.length === 0) {
    pushAscii("''", out);
    return;
  }
  const quote = !isLower(cps[0]) || cps.slice(1).some((c) => !isAlnum(c) && c !== 95);
  if (quote) out.push(39);
  for (const c of cps) {
    const esc = ATOM_ESCAPES[c];
    if (esc !== undefined) pushAscii(esc, out);
    else if (c < 32 || (c >= 128 && c <= 159)) pushAscii("\\" + c.toString(8).padStart(3, "0"), out);
    else out.push(...Buffer.from(String.fromCodePoint(c), "utf8"));
  }
  if (quote) out.push(39);
}

function pushAscii(s: string, out: number[]): void {
  for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i));
}

/** C's printf("%e"): six decimals and an exponent of at least two digits. */
function cFloat(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const [m, e] = v.toExponential(6).split("e");
  const n = Number(e);
  return `${Object.is(v, -0) ? "-" : ""}${m}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
}

/** The list's bytes when it is a non-empty proper list of printable (or space) bytes, else null. */
function printableBytes(t: Cons): number[] | null {
  const out: number[] = [];
  let l: Term = t;
  for (; l instanceof Cons; l = l.t) {
    const c = l.h;
    if (typeof c !== "number" || c < 0 || c > 255 || (isCntrl(c) && !isSpace(c))) return null;
    out.push(c);
  }
  return l === NIL ? out : null;
}

function write(t: Term, out: number[]): void {
  pollStep();
  if (t === NIL) return pushAscii("[]", out);
  if (t === null || t === true || t === false || t instanceof Atom) return atomText(atomName(t), out);
  if (typeof t === "number" || typeof t === "bigint") return pushAscii(String(t), out);
  if (t instanceof Float) return pushAscii(cFloat(t.v), out);
  if (t instanceof Pid) return pushAscii(inspectPid(t).replace(/^#PID/, ""), out);
  if (t instanceof Ref) return pushAscii(inspectRef(t).replace(/^#Reference/, "#Ref"), out);
  if (t instanceof Port) return pushAscii(inspectPort(t), out);
  if (t instanceof Cons) {
    const bytes = printableBytes(t);
    if (bytes !== null) {
      out.push(34);
      for (const c of bytes) {
        if (c === 10) pushAscii("\\n", out);
        else {
          if (c === 34) out.push(92);
          out.push(c);
        }
      }
      out.push(34);
      return;
    }
    out.push(91);
    let l: Term = t;
    let first = true;
    for (; l instanceof Cons; l = l.t) {
      if (!first) out.push(44);
      first = false;
      write(l.h, out);
    }
    if (l !== NIL) {
      out.push(124);
      write(l, out);
    }
    out.push(93);
    return;
  }
  if (Array.isArray(t)) {
    out.push(123);
    t.forEach((x, i) => {
      if (i > 0) out.push(44);
      write(x, out);
    });
    out.push(125);
    return;
  }
  if (typeof t === "string" || t instanceof Bin) {
    const bytes = binBytes(t);
    const bits = t instanceof Bin ? t.bits : 0;
    const whole = bits === 0 ? bytes : bytes.subarray(0, bytes.length - 1);
    if (bits === 0 && whole.length > 0 && whole.every((c) => c >= 32 && c < 127)) {
      pushAscii('<<"', out);
      for (const c of whole) {
        if (c === 34) out.push(92);
        out.push(c);
      }
      pushAscii('">>', out);
      return;
    }
    pushAscii("<<" + Array.from(whole).join(","), out);
    if (bits !== 0) pushAscii(`${whole.length > 0 ? "," : ""}${bytes[bytes.length - 1] >> (8 - bits)}:${bits}`, out);
    pushAscii(">>", out);
    return;
  }
  if (t instanceof MapTerm) {
    pushAscii("#{", out);
    mapFoldOrder(t).forEach(([k, v], i) => {
      if (i > 0) out.push(44);
      write(k, out);
      pushAscii("=>", out);
      write(v, out);
    });
    out.push(125);
    return;
  }
  if (t instanceof Fun) {
    if (t.isExternal && t.module !== null && t.name !== null) {
      pushAscii("fun ", out);
      atomText(atomName(t.module), out);
      out.push(58);
      atomText(atomName(t.name), out);
      pushAscii("/" + t.arity, out);
      return;
    }
    const mod = t.where.startsWith(":erl_eval") || t.where === "" ? "erl_eval" : "Elixir." + t.where.replace(/\.[^.]*\/\d+$/, "");
    return pushAscii(`#Fun<${mod}.${t.index}.${t.uniq}>`, out);
  }
  pushAscii(String(t), out);
}

/** erlang:display/1's line for `t` (with its newline), as bytes. */
export function ertsDisplay(t: Term): Uint8Array {
  const out: number[] = [];
  write(t, out);
  out.push(10);
  return Uint8Array.from(out);
}
