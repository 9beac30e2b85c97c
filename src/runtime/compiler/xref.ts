// The check Elixir's compiler runs once modules are compiled (Module.ParallelChecker with
// Module.Types.Of.remote/5 in 1.14): every remote call in a module's functions must name a
// loaded module and one of its public functions, or it is reported, iex formatted:
//
//   warning: B.g/1 is undefined (module B is not available or is yet to be defined)
//     iex:2: A.f/0
//
// A call to a deprecated function (Elixir's @deprecated, OTP's obsolete/3) is reported too:
//
//   warning: Enum.chunk/2 is deprecated. Use Enum.chunk_every/2 instead
//
// Each module's warnings are grouped by call (one warning, several locations) and sorted
// as Elixir sorts the warning terms: missing modules ({:undefined_module, m, f, a}, a
// 4-tuple) before deprecated ones ({:deprecated, m, f, a, reason}) before missing functions
// ({:undefined_function, m, f, a, exports}).
import { didYouMeanFunction, formatMfa } from "../exception-message.js";
import { inspectAtom } from "../inspect.js";
import { a } from "../term.js";
import type { CompiledModule } from "./module.js";
import type { CompilerHost, RemoteCall } from "./unit.js";

/** Calls never reported (Module.Types.Of's warn_undefined?/4). */
function exempt(c: RemoteCall): boolean {
  if (c.name === "module_info" && (c.arity === 0 || c.arity === 1)) return true;
  if (c.name === "__impl__" && c.arity === 1) return true;
  return c.module === "erlang" && (c.name === "orelse" || c.name === "andalso") && c.arity === 2;
}

/**
 * Warnings for the undefined remote calls of `mods` (and the modules nested in them),
 * checked against what `host` has loaded now. Modules come in the order iex's checker
 * starts them: the last one compiled first.
 */
export function undefinedCallWarnings(host: CompilerHost, mods: CompiledModule[]): string[] {
  const order: CompiledModule[] = [];
  const visit = (m: CompiledModule): void => {
    m.nested.forEach(visit);
    order.push(m);
  };
  mods.forEach(visit);
  return order.reverse().flatMap((m) => moduleWarnings(host, m.calls ?? []));
}

interface Warning {
  /**
   * 0: the module is missing; 1: a macro called without requiring its module; 2: the
   * function is deprecated; 3: the function is missing (the order of Module.Types' warnings).
   */
  kind: 0 | 1 | 2 | 3;
  call: RemoteCall;
  locations: RemoteCall[];
  /** Why it is deprecated. */
  reason?: string;
}

function moduleWarnings(host: CompilerHost, calls: RemoteCall[]): string[] {
  const byCall = new Map<string, Warning>();
  for (const c of calls) {
    if (exempt(c)) continue;
    const undefinedIsFine = host.noWarnUndefined?.(c.module, c.name, c.arity) === true;
    if (!host.moduleExists(c.module)) {
      if (!undefinedIsFine) note(byCall, 0, c);
      continue;
    }
    // A macro called as a function is reported, and its deprecation too.
    if (c.unrequiredMacro === true || (!exported(host, c) && host.isMacro?.(c.module, c.name, c.arity) === true)) note(byCall, 1, c);
    else if (!exported(host, c)) {
      if (!undefinedIsFine) note(byCall, 3, c);
      continue;
    }
    const reason = host.deprecation?.(c.module, c.name, c.arity) ?? null;
    if (reason !== null) note(byCall, 2, c, reason);
  }
  const sorted = [...byCall.values()].sort((x, y) => x.kind - y.kind || compareCall(x.call, y.call));
  return sorted.map((w) => `warning: ${message(host, w)}\n${locations(w.locations.sort(compareLocation))}\n`);
}

function note(byCall: Map<string, Warning>, kind: Warning["kind"], c: RemoteCall, reason?: string): void {
  const key = `${kind}\0${c.module}\0${c.name}\0${c.arity}`;
  const w = byCall.get(key);
  if (w === undefined) byCall.set(key, { kind, call: c, locations: [c], reason });
  else if (!w.locations.some((l) => sameLocation(l, c))) w.locations.push(c);
}

/** Whether the call names a public function; `__info__/1` is in every Elixir module. */
function exported(host: CompilerHost, c: RemoteCall): boolean {
  if (c.name === "__info__" && c.arity === 1 && c.module.startsWith("Elixir.")) return true;
  return host.hasFunction(c.module, c.name, c.arity);
}

function message(host: CompilerHost, w: Warning): string {
  const { module, name, arity } = w.call;
  const mfa = formatMfa(a(module), a(name), arity);
  if (w.kind === 0) return `${mfa} is undefined (module ${inspectAtom("literal", a(module))} is not available or is yet to be defined)`;
  if (w.kind === 1) return `you must require ${inspectAtom("literal", a(module))} before invoking the macro ${mfa}`;
  if (w.kind === 2) return `${mfa} is deprecated. ${w.reason}`;
  return `${mfa} is undefined or private${didYouMeanFunction(name, exportsOf(host, module), new Set())}`;
}

/** ParallelChecker.all_exports/2: the module's functions with `__info__/1` (Elixir) or `module_info/0,1` (Erlang), sorted. */
function exportsOf(host: CompilerHost, module: string): [string, number][] {
  const keys = new Set(host.moduleFunctions?.(module) ?? []);
  if (module.startsWith("Elixir.")) keys.add("__info__/1");
  else keys.add("module_info/0").add("module_info/1");
  const out = [...keys].map((k) => {
    const i = k.lastIndexOf("/");
    return [k.slice(0, i), Number(k.slice(i + 1))] as [string, number];
  });
  return out.sort((x, y) => compareText(x[0], y[0]) || x[1] - y[1]);
}

/** ParallelChecker's location lines: one, or "Invalid call found at N locations:" and each. */
function locations(locs: RemoteCall[]): string {
  const lines = locs.map((l) => {
    const [m, f, n] = l.caller;
    return `  ${l.file}${l.line > 0 ? ":" + l.line : ""}: ${formatMfa(a(m), a(f), n)}\n`;
  });
  return lines.length === 1 ? lines[0] : `Invalid call found at ${lines.length} locations:\n${lines.join("")}`;
}

function sameLocation(x: RemoteCall, y: RemoteCall): boolean {
  return compareLocation(x, y) === 0;
}

/** Term order of `{file, line, {module, fun, arity}}`. */
function compareLocation(x: RemoteCall, y: RemoteCall): number {
  return compareText(x.file, y.file) || x.line - y.line || compareText(x.caller[0], y.caller[0]) || compareText(x.caller[1], y.caller[1]) || x.caller[2] - y.caller[2];
}

/** Term order of the called `module, fun, arity` (atoms compare by their text). */
function compareCall(x: RemoteCall, y: RemoteCall): number {
  return compareText(x.module, y.module) || compareText(x.name, y.name) || x.arity - y.arity;
}

/** Code point order (atoms and binaries), not JS's UTF-16 order. */
function compareText(x: string, y: string): number {
  if (x === y) return 0;
  const ax = Array.from(x);
  const ay = Array.from(y);
  for (let i = 0; i < Math.min(ax.length, ay.length); i++) {
    const d = ax[i].codePointAt(0)! - ay[i].codePointAt(0)!;
    if (d !== 0) return d;
  }
  return ax.length - ay.length;
}
