// Where the library's modules would be loaded from on a real installation (Elixir 1.14 and
// OTP 25 as Debian installs them), and which of them the code server protects: what iex
// says when a shell defines a module of the same name as one of the library's.
import { defaultApplication } from "./exception-message.js";
import { a } from "./term.js";

/** The modules erts loads before any code path exists (`:erlang.pre_loaded/0`). */
const PRELOADED = new Set(
  "persistent_term counters atomics erts_dirty_process_signal_handler erts_literal_area_collector erl_tracer erts_internal erlang erl_prim_loader prim_zip prim_net prim_socket socket_registry zlib prim_file prim_inet prim_eval prim_buffer init erl_init erts_code_purger".split(" "),
);

/** OTP applications whose ebin directories the code server marks sticky. */
const STICKY_APPS = new Set(["kernel", "stdlib", "compiler"]);

/** The application ("stdlib", "4.2") a library module belongs to, or null when unknown. */
function applicationOf(module: string): [string, string] | null {
  const app = defaultApplication(a(module));
  if (app !== null) {
    const [name, vsn] = app.split(" ");
    return [name, vsn];
  }
  if (module.startsWith("Elixir.ExUnit")) return ["ex_unit", "1.14.0"];
  if (module.startsWith("Elixir.")) return ["elixir", "1.14.0"];
  if (module === "crypto") return ["crypto", "5.1.2"];
  return null;
}

/** The .beam file a library module is loaded from; null for preloaded (and unknown) ones. */
export function libraryBeamPath(module: string): string | null {
  if (PRELOADED.has(module)) return null;
  const app = applicationOf(module);
  if (app === null) return null;
  const [name, vsn] = app;
  if (module.startsWith("Elixir.")) return `/usr/lib/elixir/bin/../lib/${name}/ebin/${module}.beam`;
  return `/usr/lib/erlang/lib/${name}-${vsn}/ebin/${module}.beam`;
}

/** Whether the code server refuses to load a new version of a library module (sticky dirs). */
export function isStickyModule(module: string): boolean {
  if (PRELOADED.has(module)) return true;
  const app = module.startsWith("Elixir.") ? null : applicationOf(module);
  return app !== null && STICKY_APPS.has(app[0]);
}

/** The .beam file of a module a real installation ships (loadable though beamsh has no module of that name), or null. */
export function shippedBeamPath(module: string): string | null {
  return defaultApplication(a(module)) === null ? null : libraryBeamPath(module);
}
