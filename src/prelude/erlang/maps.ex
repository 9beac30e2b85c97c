defmodule :maps do
  # The fun-taking functions accept a map or an iterator (from iterator/1 or next/1). A fun
  # of the wrong arity is an ArgumentError, a map that is not one a BadMapError, a
  # predicate answering neither true nor false a CaseClauseError, as OTP 25's.
  # Laid out as OTP 25's maps.erl (the functions and helpers it has, so stack traces name
  # them): a bad argument raises from the function itself with its arguments, at the line
  # of maps.erl's inlined badarg_with_info/1 (578) or error_with_info/2 (581), explained as
  # erl_stdlib_errors explains them.
  def map(fun, map_or_iter) when is_function(fun, 2) do
    iter = if is_map(map_or_iter), do: iterator(map_or_iter), else: map_or_iter

    try do
      next(iter)
    rescue
      _ -> :beamsh_errors.raise_at({:badmap, map_or_iter}, :maps, :map, [fun, map_or_iter], 581, 1)
    else
      res -> :maps.from_list(map_1(fun, res))
    end
  end

  def map(fun, map), do: :beamsh_errors.raise_at(badarg([fun_problem(fun, 2), iter_problem(map)]), :maps, :map, [fun, map], 578, 1)

  defp map_1(fun, {k, v, iter}), do: [{k, fun.(k, v)} | map_1(fun, next(iter))]
  defp map_1(_fun, :none), do: []

  def filter(pred, map_or_iter) when is_function(pred, 2) do
    iter = if is_map(map_or_iter), do: iterator(map_or_iter), else: map_or_iter

    try do
      next(iter)
    rescue
      _ -> :beamsh_errors.raise_at({:badmap, map_or_iter}, :maps, :filter, [pred, map_or_iter], 581, 1)
    else
      res -> :maps.from_list(filter_1(pred, res))
    end
  end

  def filter(pred, map), do: :beamsh_errors.raise_at(badarg([fun_problem(pred, 2), iter_problem(map)]), :maps, :filter, [pred, map], 578, 1)

  defp filter_1(pred, {k, v, iter}) do
    case pred.(k, v) do
      true -> [{k, v} | filter_1(pred, next(iter))]
      false -> filter_1(pred, next(iter))
    end
  end

  defp filter_1(_pred, :none), do: []

  def filtermap(fun, map_or_iter) when is_function(fun, 2) do
    iter = if is_map(map_or_iter), do: iterator(map_or_iter), else: map_or_iter

    try do
      next(iter)
    rescue
      _ -> :beamsh_errors.raise_at({:badmap, map_or_iter}, :maps, :filtermap, [fun, map_or_iter], 581, 1)
    else
      res -> :maps.from_list(filtermap_1(fun, res))
    end
  end

  def filtermap(fun, map), do: :beamsh_errors.raise_at(badarg([fun_problem(fun, 2), iter_problem(map)]), :maps, :filtermap, [fun, map], 578, 1)

  defp filtermap_1(fun, {k, v, iter}) do
    case fun.(k, v) do
      true -> [{k, v} | filtermap_1(fun, next(iter))]
      {true, new_v} -> [{k, new_v} | filtermap_1(fun, next(iter))]
      false -> filtermap_1(fun, next(iter))
    end
  end

  defp filtermap_1(_fun, :none), do: []

  def foreach(fun, map_or_iter) when is_function(fun, 2) do
    iter = if is_map(map_or_iter), do: iterator(map_or_iter), else: map_or_iter

    try do
      next(iter)
    rescue
      _ -> :beamsh_errors.raise_at({:badmap, map_or_iter}, :maps, :foreach, [fun, map_or_iter], 581, 1)
    else
      res -> foreach_1(fun, res)
    end
  end

  def foreach(fun, map), do: :beamsh_errors.raise_at(badarg([fun_problem(fun, 2), iter_problem(map)]), :maps, :foreach, [fun, map], 578, 1)

  defp foreach_1(fun, {k, v, iter}) do
    fun.(k, v)
    foreach_1(fun, next(iter))
  end

  defp foreach_1(_fun, :none), do: :ok

  def fold(fun, init, map_or_iter) when is_function(fun, 3) do
    iter = if is_map(map_or_iter), do: iterator(map_or_iter), else: map_or_iter

    try do
      next(iter)
    rescue
      _ -> :beamsh_errors.raise_at({:badmap, map_or_iter}, :maps, :fold, [fun, init, map_or_iter], 581, 1)
    else
      res -> fold_1(fun, init, res)
    end
  end

  def fold(fun, init, map), do: :beamsh_errors.raise_at(badarg([fun_problem(fun, 3), nil, iter_problem(map)]), :maps, :fold, [fun, init, map], 578, 1)

  defp fold_1(fun, acc, {k, v, iter}), do: fold_1(fun, fun.(k, v, acc), next(iter))
  defp fold_1(_fun, acc, :none), do: acc

  def update_with(key, fun, map) when is_function(fun, 1) and is_map(map) do
    case map do
      %{^key => value} -> %{map | key => fun.(value)}
      %{} -> :erlang.error({:badkey, key}, [key, fun, map])
    end
  end

  def update_with(key, fun, map) do
    reason = if is_map(map), do: badarg([nil, fun_problem(fun, 1), nil]), else: {:badmap, map}
    :beamsh_errors.raise_at(reason, :maps, :update_with, [key, fun, map], 581, 1)
  end

  def update_with(key, fun, init, map) when is_function(fun, 1) and is_map(map) do
    case map do
      %{^key => value} -> %{map | key => fun.(value)}
      %{} -> Map.put(map, key, init)
    end
  end

  def update_with(key, fun, init, map) do
    reason = if is_map(map), do: badarg([nil, fun_problem(fun, 1), nil, nil]), else: {:badmap, map}
    :beamsh_errors.raise_at(reason, :maps, :update_with, [key, fun, init, map], 581, 1)
  end

  def merge_with(combiner, map1, map2) when is_map(map1) and is_map(map2) and is_function(combiner, 3) do
    if map_size(map1) >= map_size(map2) do
      merge_with_1(next(iterator(map2)), map1, map2, combiner)
    else
      merge_with_1(next(iterator(map1)), map2, map1, fn k, v1, v2 -> combiner.(k, v2, v1) end)
    end
  end

  def merge_with(combiner, map1, map2) do
    :beamsh_errors.raise_at(merge_intersect_error(combiner, map1, map2), :maps, :merge_with, [combiner, map1, map2], 581, 1)
  end

  defp merge_with_1({k, v2, iter}, map1, map2, combiner) do
    case map1 do
      %{^k => v1} -> merge_with_1(next(iter), %{map1 | k => combiner.(k, v1, v2)}, map2, combiner)
      %{} -> merge_with_1(next(iter), Map.put(map1, k, v2), map2, combiner)
    end
  end

  defp merge_with_1(:none, result, _map2, _combiner), do: result

  def intersect_with(combiner, map1, map2) when is_map(map1) and is_map(map2) and is_function(combiner, 3) do
    if map_size(map1) <= map_size(map2) do
      intersect_with_small_map_first(combiner, map1, map2)
    else
      intersect_with_small_map_first(fn k, v1, v2 -> combiner.(k, v2, v1) end, map2, map1)
    end
  end

  def intersect_with(combiner, map1, map2) do
    :beamsh_errors.raise_at(merge_intersect_error(combiner, map1, map2), :maps, :intersect_with, [combiner, map1, map2], 581, 1)
  end

  defp intersect_with_small_map_first(combiner, small, big) do
    intersect_with_iterate(next(iterator(small)), [], big, combiner)
  end

  defp intersect_with_iterate({k, v1, iter}, keep, big, combiner) do
    case big do
      %{^k => v2} -> intersect_with_iterate(next(iter), [{k, combiner.(k, v1, v2)} | keep], big, combiner)
      _ -> intersect_with_iterate(next(iter), keep, big, combiner)
    end
  end

  defp intersect_with_iterate(:none, keep, _big, _combiner), do: :maps.from_list(keep)

  # (a bad combiner is badarg; else the first argument that is no map is the bad map)
  defp merge_intersect_error(combiner, map1, map2) do
    cond do
      not is_function(combiner, 3) -> badarg([fun_problem(combiner, 3), map_problem(map1), map_problem(map2)])
      is_map(map1) -> {:badmap, map2}
      true -> {:badmap, map1}
    end
  end

  def groups_from_list(fun, list0) when is_function(fun, 1) do
    try do
      :lists.reverse(list0)
    rescue
      _ -> :beamsh_errors.raise_at(badarg([nil, list_problem(list0)]), :maps, :groups_from_list, [fun, list0], 578, 1)
    else
      list -> groups_from_list_1(fun, list, %{})
    end
  end

  def groups_from_list(fun, list) do
    :beamsh_errors.raise_at(badarg([fun_problem(fun, 1), list_problem(list)]), :maps, :groups_from_list, [fun, list], 578, 1)
  end

  defp groups_from_list_1(fun, [h | tail], acc) do
    k = fun.(h)

    new_acc =
      case acc do
        %{^k => vs} -> %{acc | k => [h | vs]}
        %{} -> Map.put(acc, k, [h])
      end

    groups_from_list_1(fun, tail, new_acc)
  end

  defp groups_from_list_1(_fun, [], acc), do: acc

  def groups_from_list(key_fun, value_fun, list0) when is_function(key_fun, 1) and is_function(value_fun, 1) do
    try do
      :lists.reverse(list0)
    rescue
      _ -> :beamsh_errors.raise_at(badarg([nil, nil, list_problem(list0)]), :maps, :groups_from_list, [key_fun, value_fun, list0], 578, 1)
    else
      list -> groups_from_list_2(key_fun, value_fun, list, %{})
    end
  end

  def groups_from_list(key_fun, value_fun, list) do
    problems = [fun_problem(key_fun, 1), fun_problem(value_fun, 1), list_problem(list)]
    :beamsh_errors.raise_at(badarg(problems), :maps, :groups_from_list, [key_fun, value_fun, list], 578, 1)
  end

  defp groups_from_list_2(key_fun, value_fun, [h | tail], acc) do
    k = key_fun.(h)
    v = value_fun.(h)

    new_acc =
      case acc do
        %{^k => vs} -> %{acc | k => [v | vs]}
        %{} -> Map.put(acc, k, [v])
      end

    groups_from_list_2(key_fun, value_fun, tail, new_acc)
  end

  defp groups_from_list_2(_key_fun, _value_fun, [], acc), do: acc

  # An iterator is [0 | map] until stepped; next/1 answers {key, value, rest} with the rest
  # as the same chain of triples, ending in :none.
  def iterator(map) when is_map(map), do: [0 | map]
  def iterator(other), do: :beamsh_errors.raise_at({:badmap, other}, :maps, :iterator, [other], 581, 1)

  def next({_k, _v, _rest} = it), do: it
  def next(:none), do: :none
  def next([0 | map]) when is_map(map), do: chain(:maps.__fold_list__(map))

  def next(other) do
    :beamsh_errors.raise_at(badarg(["not a valid iterator"]), :maps, :next, [other], 578, 1)
  end

  defp chain([]), do: :none
  defp chain([{k, v} | rest]), do: {k, v, chain(rest)}

  # erl_stdlib_errors' explanations, by argument (nil: nothing to say)
  defp badarg(problems) do
    lines =
      for {text, i} <- Enum.with_index(problems, 1), text != nil, into: "" do
        "  * #{ordinal(i)} argument: #{text}\n"
      end

    %ArgumentError{message: "errors were found at the given arguments:\n\n" <> lines}
  end

  defp ordinal(1), do: "1st"
  defp ordinal(2), do: "2nd"
  defp ordinal(3), do: "3rd"
  defp ordinal(n), do: "#{n}th"

  defp fun_problem(fun, arity) when is_function(fun, arity), do: nil
  defp fun_problem(_fun, 1), do: "not a fun that takes one argument"
  defp fun_problem(_fun, 2), do: "not a fun that takes two arguments"
  defp fun_problem(_fun, 3), do: "not a fun that takes three arguments"

  defp map_problem(map) when is_map(map), do: nil
  defp map_problem(_), do: "not a map"

  defp iter_problem(map) when is_map(map), do: nil

  defp iter_problem(iter) do
    try do
      next(iter)
      nil
    rescue
      _ -> "not a map or an iterator"
    end
  end

  defp list_problem(list) when is_list(list) do
    if proper?(list), do: nil, else: "not a proper list"
  end

  defp list_problem(_), do: "not a list"

  defp proper?([_ | t]), do: proper?(t)
  defp proper?([]), do: true
  defp proper?(_), do: false
end
