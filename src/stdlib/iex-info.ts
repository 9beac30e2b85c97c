// IEx.Info: what i/1 says about a term — data type, description, reference modules (the
// sections of IEx.Info.info/1, whose implementations for the built-in types are
// `beamsh_iex_info:sections/1`, prelude/iex/info.ex) and implemented protocols, in iex's
// "Heading\n  value" layout.
import { Fun } from "../runtime/fun.js";
import { processInfo } from "../runtime/inspection.js";
import { inspect, inspectAsAny, isKeyword } from "../runtime/inspect.js";
import { MapTerm } from "../runtime/map.js";
import { implFor, implsOf } from "../runtime/protocols.js";
import type { Runtime } from "../runtime/runtime.js";
import { Atom, Bin, Cons, Float, NIL, Pid, Ref, Term, a, byteSize, list, listToArray, tuple } from "../runtime/term.js";
import type { NativeFn } from "../runtime/code.js";

/** A section: its name and its text (a number or boolean where IEx.Info gives one). */
type Section = [string, string | number | boolean];

/** IEx.dont_display_result/0. */
const DONT_DISPLAY = "do not show this result in output";

/**
 * beamsh_iex_info:sections/1, the built-in types' IEx.Info.info/1: the sections i/1 shows
 * between "Term" and "Implemented protocols", as {name, text} pairs.
 */
export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "beamsh_iex_info",
  fns: {
    "sections/1": ([t], p) => list(infoSections(p.rt as Runtime, t, (p as { pid?: Pid }).pid).filter(([h]) => h !== "Implemented protocols").map(([h, body]) => tuple(h, body))),
  },
};

/** The text i/1 prints for `t`. */
export function infoText(rt: Runtime, t: Term): string {
  const sections: Section[] = [["Term", inspect(t)], ...infoSections(rt, t)];
  for (const s of sections) if (s[0] === "Implemented protocols") s[1] = implementedProtocols(rt, t);
  // (each text trimmed, as i/1 prints it)
  return sections.map(([h, body]) => h + "\n" + indent(String(body).trim())).join("\n") + "\n";
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((l) => "  " + l)
    .join("\n");
}

/** (`caller`: the process asking, whose exit signals to a pid are settled first, as on the BEAM) */
function infoSections(rt: Runtime, t: Term, caller?: Pid): Section[] {
  if (t === null || t === true || t === false || t instanceof Atom) return atomInfo(rt, t);
  if (typeof t === "number" || typeof t === "bigint") return simple("Integer", "Integer", "IEx.Info, Inspect, List.Chars, String.Chars");
  if (t instanceof Float) return simple("Float", "Float", "IEx.Info, Inspect, List.Chars, String.Chars");
  if (typeof t === "string" || t instanceof Bin) return binaryInfo(t);
  if (t === NIL || t instanceof Cons) return listInfo(t);
  if (Array.isArray(t)) return simple("Tuple", "Tuple", "IEx.Info, Inspect");
  if (t instanceof MapTerm) return mapInfo(t);
  if (t instanceof Pid) return pidInfo(rt, t, caller);
  if (t instanceof Ref) return [["Data type", "Reference"], ["Implemented protocols", "IEx.Info, Inspect"]];
  if (t instanceof Fun) return funInfo(t);
  return [["Data type", "Unknown"]];
}

function simple(type: string, refs: string, protocols: string): Section[] {
  return [
    ["Data type", type],
    ["Reference modules", refs],
    ["Implemented protocols", protocols],
  ];
}

function atomInfo(rt: Runtime, t: Term): Section[] {
  const name = t === null ? "nil" : t === true ? "true" : t === false ? "false" : (t as Atom).name;
  const mod = rt.modules.get(name);
  if (mod === undefined || name === "nil") {
    const sections: Section[] = [["Data type", "Atom"]];
    if (name === DONT_DISPLAY) sections.push(["Description", "This atom is returned by IEx when a function that should not print its\nreturn value on screen is executed.\n"]);
    // An atom spelled as a module alias is (Elixir.Name) shows its raw form too.
    if (name.startsWith("Elixir.")) sections.push(["Raw representation", ":" + inspect(name)]);
    sections.push(["Reference modules", "Atom"], ["Implemented protocols", "IEx.Info, Inspect, List.Chars, String.Chars"]);
    return sections;
  }
  const shown = inspect(t);
  const sections: Section[] = [["Data type", "Atom"]];
  const call = (fun: string, arg: Term) => rt.modules.lookup(name, fun, arg === undefined ? 0 : 1)?.native?.(arg === undefined ? [] : [arg], null as never);
  if (mod.library) {
    sections.push(["Module bytecode", "(built into beamsh)"]);
    sections.push(["Description", `Use h(${shown}) to access its documentation.\nCall ${shown}.module_info() to access metadata.`]);
  } else {
    // A module compiled in the shell, as iex describes it: no bytecode file, no docs.
    const attributes = call("module_info", a("attributes"));
    const vsn = listToArray(attributes)?.find((x) => Array.isArray(x) && x[0] === a("vsn"));
    const options = protocolCompileOptions(mod.protocol !== undefined);
    sections.push(["Module bytecode", "[]"], ["Source", mod.file ?? "iex"]);
    if (vsn !== undefined) sections.push(["Version", inspect(vsn[1])]);
    sections.push(["Compile options", options], ["Description", `Call ${shown}.module_info() to access metadata.`]);
  }
  if (mod.protocol !== undefined) {
    const impls = implsOf(rt, name).filter((f) => rt.modules.get(name + "." + f.replace(/^Elixir\./, ""))?.library).map((f) => inspect(a(f)));
    sections.push(["Protocol", "This module is a protocol. These data structures implement it:" + (impls.length > 0 ? "\n  " + impls.join(", ") : "")]);
  }
  sections.push(["Raw representation", `:"${name}"`], ["Reference modules", "Module, Atom"], ["Implemented protocols", "IEx.Info, Inspect, List.Chars, String.Chars"]);
  return sections;
}

function protocolCompileOptions(protocol: boolean): string {
  const base = "[:no_spawn_compiler_process, :from_core, :no_core_prepare, :no_auto_import";
  return base + (protocol ? ", {:inline, [struct_impl_for: 1]}]" : "]");
}

function binaryInfo(t: string | Bin): Section[] {
  const protocols = "Collectable, IEx.Info, Inspect, List.Chars, String.Chars";
  if (t instanceof Bin && t.bits !== 0) {
    const description = "This is a bitstring. It's a chunk of bits that are not divisible by 8\n(the number of bytes isn't whole).\n";
    return [["Data type", "BitString"], ["Bits size", t.bytes.length * 8 - (8 - t.bits)], ["Description", description], ["Implemented protocols", protocols]];
  }
  const bytes = typeof t === "string" ? new TextEncoder().encode(t) : t.bytes;
  const text = typeof t === "string" ? t : utf8(bytes);
  if (text === null) {
    const bad = (t as Bin).bytes[firstInvalid(bytes)];
    const description = "This is a binary: a collection of bytes. It's printed with the `<<>>`\nsyntax (as opposed to double quotes) because it is not a UTF-8 encoded\nbinary (the first invalid byte being `<<" + bad + ">>`)\n";
    return [["Data type", "BitString"], ["Byte size", bytes.length], ["Description", description], ["Reference modules", ":binary"], ["Implemented protocols", protocols]];
  }
  // Printable strings inspect as "..."; the first code point that does not is the culprit.
  const nonPrintable = [...text].find((cp) => !inspect(cp).startsWith('"'));
  if (nonPrintable !== undefined) {
    const description = "This is a string: a UTF-8 encoded binary. It's printed with the `<<>>`\nsyntax (as opposed to double quotes) because it contains non-printable\nUTF-8 encoded code points (the first non-printable code point being\n`" + inspect(nonPrintable) + "`).\n";
    return [["Data type", "BitString"], ["Byte size", bytes.length], ["Description", description], ["Reference modules", "String, :binary"], ["Implemented protocols", protocols]];
  }
  return [
    ["Data type", "BitString"],
    ["Byte size", bytes.length],
    ["Description", 'This is a string: a UTF-8 encoded binary. It\'s printed surrounded by\n"double quotes" because all UTF-8 encoded code points in it are printable.\n'],
    ["Raw representation", `<<${[...bytes].join(", ")}>>`],
    ["Reference modules", "String, :binary"],
    ["Implemented protocols", protocols],
  ];
}

function utf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

function firstInvalid(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) {
    try {
      new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes.slice(0, i + 1));
    } catch {
      return i;
    }
  }
  return 0;
}

function listInfo(t: Term): Section[] {
  const protocols = "Collectable, Enumerable, IEx.Info, Inspect, List.Chars, String.Chars";
  const items = listToArray(t);
  const shown = inspect(t);
  if (items !== null && items.length > 0 && shown.startsWith("'")) {
    const description =
      "This is a list of integers that is printed as a sequence of characters\ndelimited by single quotes because all the integers in it represent printable\nASCII characters. Conventionally, a list of Unicode code points is known as a\ncharlist and a list of ASCII characters is a subset of it.\n";
    return [
      ["Data type", "List"],
      ["Description", description],
      ["Raw representation", "[" + items.map((x) => inspect(x)).join(", ") + "]"],
      ["Reference modules", "List"],
      ["Implemented protocols", protocols],
    ];
  }
  if (items !== null && items.length > 0 && isKeyword(items)) {
    const description = 'This is what is referred to as a "keyword list". A keyword list is a list\nof two-element tuples where the first element of each tuple is an atom.\n';
    return [
      ["Data type", "List"],
      ["Description", description],
      ["Reference modules", "Keyword, List"],
      ["Implemented protocols", protocols],
    ];
  }
  if (items === null) {
    const description =
      'This is what is referred to as an "improper list". An improper list is a\nlist which its last tail is not to an empty list. For example: [1, 2, 3]\nis a proper list, as it is equivalent to [1, 2, 3 | []], as opposed to\n[1, 2 | 3] which is an improper list since its last tail returns 3.\n';
    return [["Data type", "List"], ["Description", description], ["Reference modules", "List"], ["Implemented protocols", protocols]];
  }
  return simple("List", "List", protocols);
}

/** The calendar structs IEx.Info describes with their sigil. */
const CALENDAR_TYPES: Record<string, [string, string]> = {
  "Elixir.Date": ["D", "date"],
  "Elixir.Time": ["T", "time"],
  "Elixir.NaiveDateTime": ["N", '"naive" datetime (that is, a datetime without a time zone)'],
};

function mapInfo(m: MapTerm): Section[] {
  const struct = m.get(a("__struct__"));
  const calendarKind = struct instanceof Atom ? CALENDAR_TYPES[struct.name] : undefined;
  if (calendarKind !== undefined) {
    const [sigil, what] = calendarKind;
    const name = inspect(struct);
    const description = `This is a struct representing a ${what}. It is commonly\nrepresented using the \`~${sigil}\` sigil syntax, that is\ndefined in the \`Kernel.sigil_${sigil}/2\` macro.\n`;
    return [
      ["Data type", name],
      ["Description", description],
      ["Raw representation", inspectAsAny(m, struct as Atom)],
      ["Reference modules", `${name}, Calendar, Map`],
      ["Implemented protocols", "IEx.Info, Inspect"],
    ];
  }
  if (struct instanceof Atom) {
    const name = inspect(struct);
    return [
      ["Data type", name],
      ["Description", "This is a struct. Structs are maps with a __struct__ key."],
      ["Reference modules", `${name}, Map`],
      ["Implemented protocols", "IEx.Info, Inspect"],
    ];
  }
  return simple("Map", "Map", "Collectable, Enumerable, IEx.Info, Inspect");
}

function pidInfo(rt: Runtime, pid: Pid, caller?: Pid): Section[] {
  const p = pid.node === null ? rt.process(pid) : undefined;
  if (p === undefined || (caller !== undefined && !rt.signals.settle(p, caller))) {
    return [
      ["Data type", "PID"],
      ["Alive", false],
      ["Description", "Use Process.info/1 to get more info about this process"],
      ["Reference modules", "Process, Node"],
      ["Implemented protocols", "IEx.Info, Inspect"],
    ];
  }
  const info = processInfo(p);
  const links = info.links.map((pid) => inspect(pid));
  return [
    ["Data type", "PID"],
    ["Alive", true],
    ["Name", info.registeredName !== null ? inspect(info.registeredName) : "not registered"],
    ["Links", links.length === 0 ? "none" : links.join(", ")],
    ["Message queue length", info.messageQueueLen],
    ["Description", "Use Process.info/1 to get more info about this process"],
    ["Reference modules", "Process, Node"],
    ["Implemented protocols", "IEx.Info, Inspect"],
  ];
}

function funInfo(f: Fun): Section[] {
  if (f.isExternal) {
    return [
      ["Data type", "Function"],
      ["Type", "external"],
      ["Arity", f.arity],
      ["Implemented protocols", "Enumerable, IEx.Info, Inspect"],
    ];
  }
  return [
    ["Data type", "Function"],
    ["Type", "local"],
    ["Arity", f.arity],
    ["Description", "This is an anonymous function."],
    ["Implemented protocols", "Enumerable, IEx.Info, Inspect"],
  ];
}

/** The loaded protocols that `t` has an implementation of, as IEx.Info lists them. */
export function implementedProtocols(rt: Runtime, t: Term): string {
  // IEx.Info is the protocol behind i/1 itself, implemented for every value.
  // (listed once: it is a protocol of the library too, prelude/iex/info.ex)
  const names = ["IEx.Info"];
  for (const def of rt.modules.values()) {
    if (def.protocol === undefined) continue;
    try {
      if (implFor(rt, def.name, t) !== null && def.name !== "Elixir.IEx.Info") names.push(inspect(a(def.name)));
    } catch {
      // A protocol falling back to an Any implementation that does not exist has none.
    }
  }
  return names.sort().join(", ");
}
