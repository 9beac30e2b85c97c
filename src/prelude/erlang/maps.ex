defmodule :maps do
  # The fun-taking functions accept a map or an iterator (from iterator/1 or next/1). A fun
  # of the wrong arity is an ArgumentError, a map that is not one a BadMapError, a
  # predicate answering neither true nor false a CaseClauseError, as OTP 25's.
  def map(fun, map_or_iter) do
    check_fun(fun, 2, [fun, map_or_iter])
    :maps.from_list(for {k, v} <- pairs(map_or_iter), do: {k, fun.(k, v)})
  end

  def filter(pred, map_or_iter) do
    check_fun(pred, 2, [pred, map_or_iter])
    :maps.from_list(for {k, v} <- pairs(map_or_iter), boolean!(pred.(k, v)), do: {k, v})
  end

  def filtermap(fun, map_or_iter) do
    check_fun(fun, 2, [fun, map_or_iter])
    :maps.from_list(filtermap_pairs(fun, pairs(map_or_iter), []))
  end

  def fold(fun, acc, map_or_iter) do
    check_fun(fun, 3, [fun, acc, map_or_iter])
    fold_pairs(fun, acc, pairs(map_or_iter))
  end

  def foreach(fun, map_or_iter) do
    check_fun(fun, 2, [fun, map_or_iter])
    foreach_pairs(fun, pairs(map_or_iter))
  end

  def update_with(key, fun, map) when is_function(fun, 1) and is_map(map) do
    case map do
      %{^key => value} -> Map.put(map, key, fun.(value))
      %{} -> :erlang.error({:badkey, key})
    end
  end

  def update_with(_key, fun, map) when is_function(fun, 1), do: :erlang.error({:badmap, map})

  def update_with(key, fun, init, map) when is_function(fun, 1) and is_map(map) do
    case map do
      %{^key => value} -> Map.put(map, key, fun.(value))
      %{} -> Map.put(map, key, init)
    end
  end

  def update_with(_key, fun, _init, map) when is_function(fun, 1), do: :erlang.error({:badmap, map})

  def merge_with(fun, map1, map2) when is_map(map1) and is_map(map2) and is_function(fun, 3) do
    fold_pairs(
      fn k, v2, acc ->
        case acc do
          %{^k => v1} -> Map.put(acc, k, fun.(k, v1, v2))
          %{} -> Map.put(acc, k, v2)
        end
      end,
      map1,
      :maps.to_list(map2)
    )
  end

  def merge_with(fun, map1, map2) do
    check_fun(fun, 3, [fun, map1, map2])
    :erlang.error({:badmap, if(is_map(map1), do: map2, else: map1)})
  end

  def intersect_with(fun, map1, map2) when is_map(map1) and is_map(map2) and is_function(fun, 3) do
    fold_pairs(
      fn k, v2, acc ->
        case map1 do
          %{^k => v1} -> Map.put(acc, k, fun.(k, v1, v2))
          %{} -> acc
        end
      end,
      %{},
      :maps.to_list(map2)
    )
  end

  def intersect_with(fun, map1, map2) do
    check_fun(fun, 3, [fun, map1, map2])
    :erlang.error({:badmap, if(is_map(map1), do: map2, else: map1)})
  end

  def groups_from_list(fun, list) when is_function(fun, 1) and is_list(list) do
    groups_from_list(fun, fn x -> x end, list)
  end

  def groups_from_list(fun, list), do: bad_groups([fun, list])

  def groups_from_list(key_fun, value_fun, list) when is_function(key_fun, 1) and is_function(value_fun, 1) and is_list(list) do
    groups = fold_list(list, %{}, fn x, acc ->
      k = key_fun.(x)
      v = value_fun.(x)

      case acc do
        %{^k => vs} -> Map.put(acc, k, [v | vs])
        %{} -> Map.put(acc, k, [v])
      end
    end)

    :maps.from_list(for {k, vs} <- :maps.to_list(groups), do: {k, :lists.reverse(vs)})
  end

  def groups_from_list(key_fun, value_fun, list), do: bad_groups([key_fun, value_fun, list])

  # An iterator is [0 | map] until stepped; next/1 answers {key, value, rest} with the rest
  # as the same chain of triples, ending in :none.
  def iterator(map) when is_map(map), do: [0 | map]
  def iterator(other), do: :erlang.error({:badmap, other})

  def next({_k, _v, _rest} = it), do: it
  def next(:none), do: :none
  def next([0 | map]) when is_map(map), do: chain(:maps.__fold_list__(map))

  def next(other) do
    raise ArgumentError, "errors were found at the given arguments:\n\n  * 1st argument: not a valid iterator\n"
    other
  end

  defp chain([]), do: :none
  defp chain([{k, v} | rest]), do: {k, v, chain(rest)}

  defp pairs(map) when is_map(map), do: :maps.__fold_list__(map)
  defp pairs(:none), do: []
  defp pairs({k, v, rest}), do: [{k, v} | pairs(rest)]
  defp pairs([0 | map]) when is_map(map), do: :maps.__fold_list__(map)
  defp pairs(other), do: :erlang.error({:badmap, other})

  @fun_words %{1 => "one argument", 2 => "two arguments", 3 => "three arguments"}

  defp check_fun(fun, arity, _args) when is_function(fun, arity), do: :ok

  defp check_fun(_fun, arity, _args) do
    raise ArgumentError,
          "errors were found at the given arguments:\n\n  * 1st argument: not a fun that takes #{@fun_words[arity]}\n"
  end

  defp bad_groups(args) do
    problems =
      args
      |> Enum.with_index(1)
      |> Enum.flat_map(fn
        {x, i} when i == length(args) -> if is_list(x), do: [], else: [{i, "not a list"}]
        {x, i} -> if is_function(x, 1), do: [], else: [{i, "not a fun that takes one argument"}]
      end)

    lines = Enum.map_join(problems, fn {i, text} -> "  * #{ordinal(i)} argument: #{text}\n" end)
    raise ArgumentError, "errors were found at the given arguments:\n\n" <> lines
  end

  defp ordinal(1), do: "1st"
  defp ordinal(2), do: "2nd"
  defp ordinal(3), do: "3rd"

  defp boolean!(true), do: true
  defp boolean!(false), do: false
  defp boolean!(other), do: raise(CaseClauseError, term: other)

  defp fold_pairs(fun, acc, [{k, v} | t]), do: fold_pairs(fun, fun.(k, v, acc), t)
  defp fold_pairs(_fun, acc, []), do: acc

  defp fold_list([x | t], acc, fun), do: fold_list(t, fun.(x, acc), fun)
  defp fold_list([], acc, _fun), do: acc

  defp foreach_pairs(fun, [{k, v} | t]) do
    fun.(k, v)
    foreach_pairs(fun, t)
  end

  defp foreach_pairs(_fun, []), do: :ok

  defp filtermap_pairs(fun, [{k, v} | t], acc) do
    case fun.(k, v) do
      true -> filtermap_pairs(fun, t, [{k, v} | acc])
      false -> filtermap_pairs(fun, t, acc)
      {true, v2} -> filtermap_pairs(fun, t, [{k, v2} | acc])
    end
  end

  defp filtermap_pairs(_fun, [], acc), do: acc
end
