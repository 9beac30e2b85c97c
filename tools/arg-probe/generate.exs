# Bad-argument probe inputs: for every exported function of the modules below, calls where
# one argument is a bad value (a SHAPE) and every other argument is one of a few fixed
# fillers (`fn x -> x end`, `fn x, _y -> x end`, `1`); one MODULE.in per module, one call a
# line. Run with real Elixir 1.14:
#
#   elixir tools/arg-probe/generate.exs OUT_DIR [SHAPE...]
#
# MODULES="String Map :lists" (environment) restricts the modules to those named.
#
# SHAPE is an Elixir expression; the default is the improper list `[1, 2 | 3]`. Other
# useful shapes: `:atom`, `-1`, `%{a: 1}`, `"bin"`, `{1, 2}`. Then record iex's answers and
# compare beamsh's (tools/arg-probe/compare.mjs):
#
#   for f in OUT_DIR/*.in; do iex < $f > ${f%.in}.out 2>&1; done
#   node tools/arg-probe/compare.mjs OUT_DIR
#
# Functions that halt, spawn, send, change global state or wait are left out.
[out | shapes] = System.argv()
shapes = if shapes == [], do: ["[1, 2 | 3]"], else: shapes
File.mkdir_p!(out)

mods = [:lists, Enum, List, Keyword, :proplists, :maps, Map, MapSet, :erlang, String, :string,
        :unicode, Stream, Tuple, :queue, Integer, Float, Range, Atom, Function, :binary, :io_lib,
        :calendar]

mods =
  case System.get_env("MODULES") do
    nil -> mods
    names -> for n <- String.split(names), do: elem(Code.eval_string(n), 0)
  end
fillers = ["fn x -> x end", "fn x, _y -> x end", "1"]

skip = ~w(halt open_port exit throw error raise spawn spawn_link spawn_monitor spawn_opt
  spawn_request setnode send process_flag system_flag apply load_nif purge_module
  delete_module garbage_collect hibernate suspend_process trace trace_pattern yield receive
  group_leader disconnect_node port_command port_control port_connect port_close set_cookie
  nif_error dt_put_tag dt_restore_tag dt_spread_tag dt_append_vm_tag_data
  dt_prepend_vm_tag_data dt_get_tag dt_get_tag_data erase put system_monitor system_profile
  resume_process register unregister exit_signal link unlink monitor demonitor alias unalias
  make_ref bump_reductions start_timer send_after send_nosuspend seq_trace seq_trace_info
  seq_trace_print cancel_timer read_timer)a

for m <- mods do
  elixir? = String.starts_with?(Atom.to_string(m), "Elixir.")
  exports = if elixir?, do: m.__info__(:functions), else: m.module_info(:exports)
  name = if elixir?, do: inspect(m), else: Atom.to_string(m)

  lines =
    for {f, ar} <- Enum.sort(exports), ar > 0, f not in skip,
        f not in [:module_info, :__info__, :__struct__],
        not String.starts_with?(Atom.to_string(f), "__"),
        shape <- shapes, i <- 0..(ar - 1), o <- (if ar == 1, do: ["x"], else: fillers) do
      args = for j <- 0..(ar - 1), do: if(j == i, do: shape, else: o)
      "#{inspect(m)}.#{inspect(f) |> String.trim_leading(":")}(#{Enum.join(args, ", ")})\n"
    end

  File.write!(Path.join(out, name <> ".in"), lines)
end
