// The CompileError of a function call written inside a pattern: Elixir names the remote
// function it would call, after its inliner has turned a Kernel function into Erlang's.

// Kernel functions and operators Elixir compiles to Erlang's (elixir_rewrite's inline list):
// "name/arity" -> the :erlang function's name.
const KERNEL_INLINE = new Map<string, string>([
  ..."abs/1 apply/2 apply/3 binary_part/3 bit_size/1 byte_size/1 ceil/1 div/2 exit/1 floor/1 hd/1 is_atom/1 is_binary/1 is_bitstring/1 is_boolean/1 is_float/1 is_function/1 is_function/2 is_integer/1 is_list/1 is_map/1 is_number/1 is_pid/1 is_port/1 is_reference/1 is_tuple/1 length/1 make_ref/0 map_size/1 max/2 min/2 node/0 node/1 not/1 rem/2 round/1 self/0 send/2 spawn/1 spawn/3 spawn_link/1 spawn_link/3 spawn_monitor/1 spawn_monitor/3 throw/1 tl/1 trunc/1 tuple_size/1 */2 +/1 +/2 ++/2 -/1 -/2 --/2 //2 </2 ==/2 >/2 >=/2"
    .split(" ").map((k) => [k, k.slice(0, k.lastIndexOf("/"))] as [string, string]),
  ["function_exported?/3", "function_exported"],
  ["!=/2", "/="],
  ["!==/2", "=/="],
  ["<=/2", "=<"],
  ["===/2", "=:="],
]);

/** `cannot invoke remote function Mod.name/arity inside a match` (module as Elixir names it). */
/** The :erlang function Elixir compiles Kernel's `name/arity` to, if it inlines it. */
export function kernelInlined(name: string, arity: number): string | undefined {
  return KERNEL_INLINE.get(`${name}/${arity}`);
}

export function remoteInMatch(mod: string, name: string, arity: number): string {
  const inlined = mod === "Elixir.Kernel" ? KERNEL_INLINE.get(`${name}/${arity}`) : undefined;
  const shown = mod.startsWith("Elixir.") ? mod.slice(7) : ":" + mod;
  const target = inlined !== undefined ? `:erlang.${inlined}` : `${shown}.${name}`;
  return `cannot invoke remote function ${target}/${arity} inside a match`;
}
