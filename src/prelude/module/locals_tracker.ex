# Module.LocalsTracker: the graph of a module's local calls, as Elixir 1.14's compiler keeps it
# while it builds a module (internal to the compiler; tools and Elixir's own tests call it).
# The graph lives in the module's two ETS tables, given as {set, bag}:
#
#   bag: {:local, {name, arity}} => {{name, arity}, line, macro_dispatch?} (a call from the key's
#        function to another, at a line; whether it was a macro's dispatch), and
#        :reattach => {name, arity} (definitions yanked and attached again)
#   set: {:import, {name, arity}} => module (a local name that was dispatched to an import),
#        {:def, {name, arity}} => {kind, ...} (the module's definitions, kept by the builder)
#
# beamsh's compiler reaches its own warnings from its record of the build
# (src/runtime/compiler/module-build.ts); this module gives the same answers over the tables.
defmodule Module.LocalsTracker do
  @moduledoc false

  @macro_kinds [:defmacro, :defmacrop]

  @doc false
  # A definition with `defaults` default arguments: each shorter arity calls the full one.
  def add_defaults({_set, bag}, kind, {name, arity} = target, defaults, meta) do
    line = meta_line(meta)
    macro? = kind in @macro_kinds

    Enum.each((arity - defaults)..(arity - 1)//1, fn shorter ->
      :ets.insert(bag, {{:local, {name, shorter}}, {target, line, macro?}})
    end)

    :ok
  end

  @doc false
  def add_local({_set, bag}, from, to, meta, macro_dispatch?)
      when is_tuple(from) and is_tuple(to) and is_boolean(macro_dispatch?) do
    :ets.insert(bag, {{:local, from}, {to, meta_line(meta), macro_dispatch?}})
    :ok
  end

  @doc false
  def add_import({set, _bag}, function, module, imported)
      when is_tuple(function) and is_atom(module) do
    :ets.insert(set, {{:import, imported}, module})
    :ok
  end

  @doc false
  # Takes a local's outgoing calls out of the graph; returns them (sorted, without repeats).
  def yank({_set, bag}, local) do
    bag
    |> :ets.take({:local, local})
    |> Enum.map(fn {_key, edge} -> edge end)
    |> :lists.usort()
  end

  @doc false
  # Puts back the calls `yank/2` took, now from `function`; when the definition was renamed
  # (`function` is not `tuple`), the old name calls the new one.
  def reattach({_set, bag}, tuple, kind, function, out_neighbours, meta) do
    Enum.each(out_neighbours, &:ets.insert(bag, {{:local, function}, &1}))

    if tuple != function do
      :ets.insert(bag, {{:local, function}, {tuple, meta_line(meta), kind in @macro_kinds}})
    end

    :ets.insert(bag, {:reattach, tuple})
    :ok
  end

  @doc false
  # {meta, {module, {name, arity}}} for each definition whose name was also dispatched to an
  # import, in the definitions' order.
  def collect_imports_conflicts({set, _bag}, all_defined) do
    Enum.flat_map(all_defined, fn {pair, _kind, meta, _defaults} ->
      case :ets.lookup(set, {:import, pair}) do
        [{_key, module} | _] -> [{meta, {module, pair}}]
        [] -> []
      end
    end)
  end

  @doc false
  # {unreachable private definitions, warnings}: what no public definition reaches, and the
  # unused_def / unused_args warnings for the privates (unused default arguments counted).
  def collect_unused_locals({_set, bag}, all_defined, private) do
    reachable =
      Enum.reduce(all_defined, %{}, fn
        {pair, kind, _meta, _defaults}, seen when kind in [:def, :defmacro] -> walk(bag, pair, seen)
        _, seen -> seen
      end)

    reattached = :lists.usort(edges(bag, :reattach))

    unreachable =
      for {pair, kind, _meta, _defaults} <- private,
          not reachable?(kind, pair, reachable, reattached),
          do: pair

    warnings =
      Enum.reduce(private, [], fn definition, acc ->
        case unused_warning(definition, reachable) do
          nil -> acc
          warning -> [warning | acc]
        end
      end)

    {unreachable, warnings}
  end

  defp reachable?(:defp, pair, reachable, _reattached), do: is_map_key(reachable, pair)

  # A private macro is expanded where it is called, so it is only reachable as a function
  # when it was reattached (made overridable and then called).
  defp reachable?(:defmacrop, pair, reachable, reattached),
    do: pair in reattached and is_map_key(reachable, pair)

  defp unused_warning({_pair, _kind, false, _defaults}, _reachable), do: nil

  defp unused_warning({pair, kind, meta, 0}, reachable) do
    if is_map_key(reachable, pair), do: nil, else: {meta, {:unused_def, pair, kind}}
  end

  defp unused_warning({{name, arity} = pair, kind, meta, defaults}, reachable) when defaults > 0 do
    lowest = arity - defaults
    # the smallest arity of the definition something calls
    called = Enum.find(lowest..arity, &is_map_key(reachable, {name, &1}))

    cond do
      called == nil -> {meta, {:unused_def, pair, kind}}
      called == lowest -> nil
      called == arity -> {meta, {:unused_args, pair}}
      true -> {meta, {:unused_args, pair, called}}
    end
  end

  @doc false
  # The local calls that reach no definition ({meta, {name, arity}, :undefined_function}),
  # and calls to a macro that were not dispatched as one (:incorrect_dispatch), sorted.
  def collect_undefined_locals({set, bag}, all_defined) do
    found =
      for {pair, _kind, meta, _defaults} <- all_defined,
          {target, line, macro_dispatch?} <- edges(bag, {:local, pair}),
          error = dispatch_error(set, target, macro_dispatch?),
          do: {call_meta(line, meta), target, error}

    :lists.usort(found)
  end

  defp dispatch_error(set, target, true) do
    if :ets.member(set, {:def, target}), do: false, else: :undefined_function
  end

  defp dispatch_error(set, target, false) do
    case :ets.lookup(set, {:def, target}) do
      [] -> :undefined_function
      [definition | _] -> if elem(definition, 1) in @macro_kinds, do: :incorrect_dispatch, else: false
    end
  end

  @doc false
  # Every local the given one reaches through its calls (itself included).
  def reachable_from({_set, bag}, local), do: Map.keys(walk(bag, local, %{}))

  defp walk(bag, local, seen) do
    bag
    |> edges({:local, local})
    |> Enum.reduce(Map.put(seen, local, true), fn {target, _line, _macro?}, acc ->
      if is_map_key(acc, target), do: acc, else: walk(bag, target, acc)
    end)
  end

  defp edges(table, key), do: Enum.map(:ets.lookup(table, key), fn {_key, edge} -> edge end)

  defp meta_line(meta), do: Keyword.get(meta, :line)

  # A definition under @file reports its calls in that file: the line becomes a :keep entry.
  defp call_meta(nil, _meta), do: []

  defp call_meta(line, meta) do
    case Keyword.get(meta, :file) do
      {file, _} -> [keep: {file, line}]
      _ -> [line: line]
    end
  end
end
