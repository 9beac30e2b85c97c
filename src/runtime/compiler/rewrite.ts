// Remote calls Elixir's compiler replaces by the Erlang function that implements them
// (elixir_rewrite.erl in Elixir 1.14): String.to_integer/1 is :erlang.binary_to_integer/1,
// Map.put(map, k, v) is :maps.put(k, v, map), Tuple.delete_at(t, i) is
// :erlang.delete_element(i + 1, t). The replacement is what runs, so a bad argument fails the
// way iex shows it: an Erlang BIF's ArgumentError ("errors were found at the given
// arguments") with its frame, or an ArithmeticError from the `+ 1`, never a clause error of
// the Elixir function. Kernel's own inlined functions are the compiler's intrinsics.
import type { Ast } from "../../lang/ast.js";

/** [Elixir module, function, arity, Erlang module, function]: same arguments, same order. */
export const INLINE: [string, string, number, string, string][] = [
  ["Atom", "to_charlist", 1, "erlang", "atom_to_list"],
  ["Atom", "to_string", 1, "erlang", "atom_to_binary"],
  ["Bitwise", "bnot", 1, "erlang", "bnot"],
  ["Bitwise", "band", 2, "erlang", "band"],
  ["Bitwise", "bor", 2, "erlang", "bor"],
  ["Bitwise", "bxor", 2, "erlang", "bxor"],
  ["Bitwise", "bsl", 2, "erlang", "bsl"],
  ["Bitwise", "bsr", 2, "erlang", "bsr"],
  ["Bitwise", "~~~", 1, "erlang", "bnot"],
  ["Bitwise", "&&&", 2, "erlang", "band"],
  ["Bitwise", "|||", 2, "erlang", "bor"],
  ["Bitwise", "^^^", 2, "erlang", "bxor"],
  ["Bitwise", "<<<", 2, "erlang", "bsl"],
  ["Bitwise", ">>>", 2, "erlang", "bsr"],
  ["Function", "capture", 3, "erlang", "make_fun"],
  ["Function", "info", 1, "erlang", "fun_info"],
  ["Function", "info", 2, "erlang", "fun_info"],
  ["Integer", "to_charlist", 1, "erlang", "integer_to_list"],
  ["Integer", "to_charlist", 2, "erlang", "integer_to_list"],
  ["Integer", "to_string", 1, "erlang", "integer_to_binary"],
  ["Integer", "to_string", 2, "erlang", "integer_to_binary"],
  ["IO", "iodata_length", 1, "erlang", "iolist_size"],
  ["IO", "iodata_to_binary", 1, "erlang", "iolist_to_binary"],
  ["List", "to_atom", 1, "erlang", "list_to_atom"],
  ["List", "to_existing_atom", 1, "erlang", "list_to_existing_atom"],
  ["List", "to_float", 1, "erlang", "list_to_float"],
  ["List", "to_integer", 1, "erlang", "list_to_integer"],
  ["List", "to_integer", 2, "erlang", "list_to_integer"],
  ["List", "to_tuple", 1, "erlang", "list_to_tuple"],
  ["Map", "keys", 1, "maps", "keys"],
  ["Map", "merge", 2, "maps", "merge"],
  ["Map", "to_list", 1, "maps", "to_list"],
  ["Map", "values", 1, "maps", "values"],
  ["Node", "list", 0, "erlang", "nodes"],
  ["Node", "list", 1, "erlang", "nodes"],
  ["Port", "close", 1, "erlang", "port_close"],
  ["Port", "command", 2, "erlang", "port_command"],
  ["Port", "command", 3, "erlang", "port_command"],
  ["Port", "connect", 2, "erlang", "port_connect"],
  ["Port", "list", 0, "erlang", "ports"],
  ["Port", "open", 2, "erlang", "open_port"],
  ["Process", "alive?", 1, "erlang", "is_process_alive"],
  ["Process", "cancel_timer", 1, "erlang", "cancel_timer"],
  ["Process", "cancel_timer", 2, "erlang", "cancel_timer"],
  ["Process", "demonitor", 1, "erlang", "demonitor"],
  ["Process", "demonitor", 2, "erlang", "demonitor"],
  ["Process", "exit", 2, "erlang", "exit"],
  ["Process", "flag", 2, "erlang", "process_flag"],
  ["Process", "flag", 3, "erlang", "process_flag"],
  ["Process", "get", 0, "erlang", "get"],
  ["Process", "get_keys", 0, "erlang", "get_keys"],
  ["Process", "get_keys", 1, "erlang", "get_keys"],
  ["Process", "group_leader", 0, "erlang", "group_leader"],
  ["Process", "hibernate", 3, "erlang", "hibernate"],
  ["Process", "link", 1, "erlang", "link"],
  ["Process", "list", 0, "erlang", "processes"],
  ["Process", "read_timer", 1, "erlang", "read_timer"],
  ["Process", "registered", 0, "erlang", "registered"],
  ["Process", "send", 3, "erlang", "send"],
  ["Process", "unlink", 1, "erlang", "unlink"],
  ["Process", "unregister", 1, "erlang", "unregister"],
  ["String", "duplicate", 2, "binary", "copy"],
  ["String", "to_float", 1, "erlang", "binary_to_float"],
  ["String", "to_integer", 1, "erlang", "binary_to_integer"],
  ["String", "to_integer", 2, "erlang", "binary_to_integer"],
  ["System", "monotonic_time", 0, "erlang", "monotonic_time"],
  ["System", "os_time", 0, "os", "system_time"],
  ["System", "system_time", 0, "erlang", "system_time"],
  ["System", "time_offset", 0, "erlang", "time_offset"],
  ["System", "unique_integer", 0, "erlang", "unique_integer"],
  ["System", "unique_integer", 1, "erlang", "unique_integer"],
  ["Tuple", "append", 2, "erlang", "append_element"],
  ["Tuple", "to_list", 1, "erlang", "tuple_to_list"],
];

const meta = { line: 0, column: 0 };
const atom = (name: string): Ast => ({ atom: name });
/** `index + 1` (folded when the index is a literal integer, as Elixir does). */
const increment = (index: Ast): Ast => (typeof index === "bigint" ? index + 1n : { name: "+", meta, args: [index, 1n] });

/** Calls whose arguments move (or change) on the way: [module, function, arity, rewrite]. */
const REWRITE: [string, string, number, string, string, (a: Ast[]) => Ast[]][] = [
  ["Map", "delete", 2, "maps", "remove", ([m, k]) => [k, m]],
  ["Map", "fetch", 2, "maps", "find", ([m, k]) => [k, m]],
  ["Map", "fetch!", 2, "maps", "get", ([m, k]) => [k, m]],
  ["Map", "has_key?", 2, "maps", "is_key", ([m, k]) => [k, m]],
  ["Map", "put", 3, "maps", "put", ([m, k, v]) => [k, v, m]],
  ["Map", "replace!", 3, "maps", "update", ([m, k, v]) => [k, v, m]],
  ["Port", "monitor", 1, "erlang", "monitor", ([x]) => [atom("port"), x]],
  ["Process", "group_leader", 2, "erlang", "group_leader", ([pid, leader]) => [leader, pid]],
  ["Process", "monitor", 1, "erlang", "monitor", ([x]) => [atom("process"), x]],
  ["Process", "send_after", 3, "erlang", "send_after", ([d, m, t]) => [t, d, m]],
  ["Process", "send_after", 4, "erlang", "send_after", ([d, m, t, o]) => [t, d, m, o]],
  ["String", "to_atom", 1, "erlang", "binary_to_atom", ([s]) => [s, atom("utf8")]],
  ["String", "to_existing_atom", 1, "erlang", "binary_to_existing_atom", ([s]) => [s, atom("utf8")]],
  ["Tuple", "duplicate", 2, "erlang", "make_tuple", ([data, size]) => [size, data]],
  ["Tuple", "delete_at", 2, "erlang", "delete_element", ([t, i]) => [increment(i), t]],
  ["Tuple", "insert_at", 3, "erlang", "insert_element", ([t, i, v]) => [increment(i), t, v]],
];

/**
 * Kernel's functions Elixir's compiler inlines as :erlang's ("name/arity" to the Erlang
 * name: elixir_rewrite's ?inline rules for Kernel).
 */
export const KERNEL_INLINE: Readonly<Record<string, string>> = {
  "!=/2": "/=", "!==/2": "=/=", "*/2": "*", "+/1": "+", "+/2": "+", "++/2": "++", "-/1": "-", "-/2": "-", "--/2": "--", "//2": "/",
  "</2": "<", "<=/2": "=<", "==/2": "==", "===/2": "=:=", ">/2": ">", ">=/2": ">=", "abs/1": "abs", "apply/2": "apply", "apply/3": "apply",
  "binary_part/3": "binary_part", "bit_size/1": "bit_size", "byte_size/1": "byte_size", "ceil/1": "ceil", "div/2": "div", "exit/1": "exit",
  "floor/1": "floor", "function_exported?/3": "function_exported", "hd/1": "hd", "is_atom/1": "is_atom", "is_binary/1": "is_binary",
  "is_bitstring/1": "is_bitstring", "is_boolean/1": "is_boolean", "is_float/1": "is_float", "is_function/1": "is_function",
  "is_function/2": "is_function", "is_integer/1": "is_integer", "is_list/1": "is_list", "is_map/1": "is_map", "is_number/1": "is_number",
  "is_pid/1": "is_pid", "is_port/1": "is_port", "is_reference/1": "is_reference", "is_tuple/1": "is_tuple", "length/1": "length",
  "make_ref/0": "make_ref", "map_size/1": "map_size", "max/2": "max", "min/2": "min", "node/0": "node", "node/1": "node", "not/1": "not",
  "rem/2": "rem", "round/1": "round", "self/0": "self", "send/2": "send", "spawn/1": "spawn", "spawn/3": "spawn", "spawn_link/1": "spawn_link",
  "spawn_link/3": "spawn_link", "spawn_monitor/1": "spawn_monitor", "spawn_monitor/3": "spawn_monitor", "throw/1": "throw", "tl/1": "tl",
  "trunc/1": "trunc", "tuple_size/1": "tuple_size",
};

/** Kernel's functions elixir_rewrite rewrites into :erlang's with other arguments. */
export const KERNEL_REWRITTEN: Readonly<Record<string, string>> = { "elem/2": "element", "put_elem/3": "setelement", "is_map_key/2": "is_map_key" };

const table = new Map<string, [string, string, (a: Ast[]) => Ast[]]>();
for (const [m, f, n, em, ef] of INLINE) table.set(`Elixir.${m}.${f}/${n}`, [em, ef, (a) => a]);
for (const [m, f, n, em, ef, re] of REWRITE) table.set(`Elixir.${m}.${f}/${n}`, [em, ef, re]);

/**
 * The Erlang call that `mod.fun(args)` compiles to, or null when Elixir keeps the call (or
 * beamsh lacks the Erlang function: `exists` decides).
 */
export function erlangRewrite(
  mod: string,
  fun: string,
  args: Ast[],
  exists: (mod: string, fun: string, arity: number) => boolean,
): { mod: string; fun: string; args: Ast[] } | null {
  const r = table.get(`${mod}.${fun}/${args.length}`);
  if (r === undefined) return null;
  const [em, ef, re] = r;
  const newArgs = re(args);
  if (!exists(em, ef, newArgs.length)) return null;
  return { mod: em, fun: ef, args: newArgs };
}
