// Elixir's Protocol module (1.14): checks on protocols and implementations. Protocols are
// never consolidated in beamsh (as in iex, where Elixir's own protocols are not either).
import { fce } from "../runtime/arith.js";
import { TailCall } from "../runtime/calls.js";
import type { NativeFn } from "../runtime/code.js";
import { BeamError, argumentError, undefinedFunction } from "../runtime/errors.js";
import { inspect, inspectAtom } from "../runtime/inspect.js";
import { checkDerive, derive, inProtocol } from "../runtime/compiler/protocols.js";
import { compileState } from "../runtime/compiler/module-build.js";
import { MapTerm } from "../runtime/map.js";
import { implName } from "../runtime/protocols.js";
import type { Runtime } from "../runtime/runtime.js";
import { Atom, Term, a, atomName, isAtom, list } from "../runtime/term.js";
import { listToString } from "../runtime/string-chars.js";

const name = (m: Term): string => inspectAtom("literal", m);

/** "could not load module X due to reason :nofile" (Code.ensure_compiled!/1). */
function notLoaded(module: string, extra: string): BeamError {
  return argumentError(`could not load module ${name(a(module))} due to reason :nofile${extra}`);
}

function modName(t: Term): string {
  if (t instanceof Atom) return t.name;
  if (t === null || t === true || t === false) return atomName(t);
  // (Elixir's own calls fail earlier on a non-atom: what they raise is the caller's; this
  // says the same without asking inspectAtom for the name of what is no atom)
  throw argumentError(`could not load module ${inspect(t)} due to reason :nofile`);
}

// Errors carry the frame of the private Protocol.assert_protocol!/2 or assert_impl!/3 that
// raises them in Elixir, with its line, as iex prints it.
export function assertProtocol(rt: Runtime, module: string, extra = ""): void {
  const def = rt.modules.get(module);
  if (def === undefined) throw inProtocol(notLoaded(module, extra), "assert_protocol!", 2, 323);
  if (def.protocol === undefined) {
    throw inProtocol(argumentError(`${name(a(module))} is not a protocol${extra}`), "assert_protocol!", 2, 330);
  }
}

export function assertImpl(rt: Runtime, protocol: string, base: string, extra = ""): void {
  const impl = implName(protocol, base);
  const def = rt.modules.get(impl);
  if (def === undefined) throw inProtocol(notLoaded(impl, extra), "assert_impl!", 3, 354);
  if (def.impl === undefined) {
    throw inProtocol(argumentError(`${name(a(impl))} is not an implementation of a protocol${extra}`), "assert_impl!", 3, 361);
  }
  if (def.impl.protocol !== protocol) {
    const message = `expected ${name(a(impl))} to be an implementation of ${name(a(protocol))}, got: ${name(a(def.impl.protocol))}${extra}`;
    throw inProtocol(argumentError(message), "assert_impl!", 3, 367);
  }
}

/** Whether `path` (a charlist) names Elixir's ebin directory, for which the library stands in. */
function isLibraryPath(path: Term): boolean {
  let s: string;
  try {
    s = typeof path === "string" ? path : listToString(path);
  } catch {
    return false;
  }
  return s === ELIXIR_EBIN || s === ELIXIR_EBIN + "/";
}

/** Where `:code.lib_dir(:elixir, :ebin)` says Elixir's modules are. */
export const ELIXIR_EBIN = "/usr/lib/elixir/bin/../lib/elixir/ebin";

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.Protocol",
  fns: {
    "assert_protocol!/1": ([m], p) => {
      // (Code.ensure_compiled!/1 hands a non-atom to :code.ensure_loaded/1, which has no clause for it)
      if (!isAtom(m)) throw fce("code", "ensure_loaded", [m]);
      assertProtocol(p.rt as Runtime, modName(m));
      return a("ok");
    },
    "assert_impl!/2": ([proto, base], p) => {
      // (the implementation's name is Module.concat/2 of both, which takes atoms and binaries)
      if (!isAtom(proto) || !isAtom(base)) throw fce("Elixir.Module", "concat", [proto, base]);
      assertImpl(p.rt as Runtime, modName(proto), modName(base));
      return a("ok");
    },
    "consolidated?/1": ([m], p) => {
      const rt = p.rt as Runtime;
      const module = modName(m);
      if (rt.modules.get(module)?.protocol !== undefined) return false;
      const code = rt.modules.lookup(module, "__protocol__", 1);
      if (code !== null) return new TailCall(code, [a("consolidated?")]);
      const e = undefinedFunction(a(module), "__protocol__", 1, null);
      (e as BeamError & { native?: unknown }).native = [a(module), "__protocol__", [a("consolidated?")]];
      throw e;
    },
    // Protocol.__derive__/3 (prelude/protocol.ex) for one protocol: the checks, then the
    // implementation made here, unless the Any implementation has __deriving__/3 (:deriving).
    "__derive_plain__/4": ([proto, forName, opts, env], p) => {
      const rt = p.rt as Runtime;
      const host = compileState(rt).host;
      const envMap = env instanceof MapTerm ? env : null;
      const file = envMap?.get(a("file"));
      const line = envMap?.get(a("line"));
      const where = { module: modName(forName), file: typeof file === "string" ? file : "nofile" };
      const protocol = modName(proto);
      if (checkDerive(host, where, protocol) === "deriving") return a("deriving");
      const fields = host.buildingStruct?.(where.module) ?? host.structFields(where.module) ?? [];
      host.defineModule(derive(host, where, protocol, opts, fields, typeof line === "number" ? line : 0));
      return a("ok");
    },
    // What Protocol.extract_protocols/1 and extract_impls/2 (prelude/protocol.ex) find in
    // Elixir's ebin directory when it cannot be listed: the library's own modules.
    "__library_path__/1": ([path]) => isLibraryPath(path),
    "__library__/1": ([what], p) => {
      const rt = p.rt as Runtime;
      if (what === a("protocols")) {
        return list([...rt.modules.values()].filter((d) => d.library && d.protocol).map((d) => a(d.name)));
      }
      const protocol = modName((what as Term[])[1]);
      const out: Term[] = [];
      for (const d of rt.modules.values()) {
        if (d.library && d.impl?.protocol === protocol && d.name === implName(protocol, d.impl.for)) out.push(a(d.impl.for));
      }
      return list(out);
    },
  },
};
