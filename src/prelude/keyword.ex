# The fun-taking functions of Map, Keyword, List and MapSet, ported from Elixir 1.14 (the
# rest are natives). Errors are raised with :erlang.error/1 in the failing function so
# the stacktrace keeps its frame.
defmodule Map do
  def new(%{__struct__: _} = enumerable, transform), do: new_from_enum(enumerable, transform)

  def new(%{} = map, transform) when is_function(transform, 1) do
    :maps.from_list(:lists.map(transform, :maps.to_list(map)))
  end

  def new(enumerable, transform), do: new_from_enum(enumerable, transform)

  defp new_from_enum(enumerable, transform) when is_function(transform, 1) do
    enumerable |> Enum.map(transform) |> :maps.from_list()
  end

  def replace_lazy(map, key, fun) when is_map(map) and is_function(fun, 1) do
    case map do
      %{^key => val} -> %{map | key => fun.(val)}
      %{} -> map
    end
  end

  def put_new_lazy(map, key, fun) when is_function(fun, 0) do
    case map do
      %{^key => _value} -> map
      %{} -> Map.put(map, key, fun.())
      other -> :erlang.error({:badmap, other})
    end
  end

  def get_lazy(map, key, fun) when is_function(fun, 0) do
    case map do
      %{^key => value} -> value
      %{} -> fun.()
      other -> :erlang.error({:badmap, other}, [map, key, fun])
    end
  end

  def merge(map1, map2, fun) when is_function(fun, 3) do
    if map_size(map1) > map_size(map2) do
      folder = fn key, val2, acc -> update(acc, key, val2, fn val1 -> fun.(key, val1, val2) end) end
      :maps.fold(folder, map1, map2)
    else
      folder = fn key, val2, acc -> update(acc, key, val2, fn val1 -> fun.(key, val2, val1) end) end
      :maps.fold(folder, map2, map1)
    end
  end

  def update(map, key, default, fun) when is_function(fun, 1) do
    case map do
      %{^key => value} -> %{map | key => fun.(value)}
      %{} -> Map.put(map, key, default)
      other -> :erlang.error({:badmap, other}, [map, key, default, fun])
    end
  end

  def update!(map, key, fun) when is_function(fun, 1) do
    value = Map.fetch!(map, key)
    %{map | key => fun.(value)}
  end

  def pop_lazy(map, key, fun) when is_function(fun, 0) do
    case :maps.take(key, map) do
      {_, _} = tuple -> tuple
      :error -> {fun.(), map}
    end
  end

  def get_and_update(map, key, fun) when is_function(fun, 1) do
    current = Map.get(map, key)

    case fun.(current) do
      {get, update} -> {get, Map.put(map, key, update)}
      :pop -> {current, Map.delete(map, key)}
      other -> :erlang.error(RuntimeError.exception(bad_return(other)))
    end
  end

  def get_and_update!(map, key, fun) when is_function(fun, 1) do
    value = Map.fetch!(map, key)

    case fun.(value) do
      {get, update} -> {get, %{map | key => update}}
      :pop -> {value, Map.delete(map, key)}
      other -> :erlang.error(RuntimeError.exception(bad_return(other)))
    end
  end

  def filter(map, fun) when is_map(map) and is_function(fun, 1) do
    :maps.from_list(:lists.filter(fun, :maps.to_list(map)))
  end

  def reject(map, fun) when is_map(map) and is_function(fun, 1) do
    :maps.from_list(for pair <- :maps.to_list(map), !fun.(pair), do: pair)
  end

  def map(map, fun) when is_map(map) do
    :maps.map(fn k, v -> fun.({k, v}) end, map)
  end

  defp bad_return(other) do
    "the given function must return a two-element tuple or :pop, got: #{inspect(other)}"
  end
end

defmodule Keyword do
  def new(pairs, transform) when is_function(transform, 1) do
    fun = fn el, acc ->
      {k, v} = transform.(el)
      Keyword.put_new(acc, k, v)
    end

    :lists.foldl(fun, [], Enum.reverse(pairs))
  end

  def get_lazy(keywords, key, fun) when is_list(keywords) and is_atom(key) and is_function(fun, 0) do
    case :lists.keyfind(key, 1, keywords) do
      {^key, value} -> value
      false -> fun.()
    end
  end

  def get_and_update(keywords, key, fun) when is_list(keywords) and is_atom(key),
    do: get_and_update(keywords, [], key, fun)

  defp get_and_update([{key, current} | t], acc, key, fun) do
    case fun.(current) do
      {get, value} -> {get, :lists.reverse(acc, [{key, value} | t])}
      :pop -> {current, :lists.reverse(acc, t)}
      other -> :erlang.error(RuntimeError.exception(bad_return(other)))
    end
  end

  defp get_and_update([{_, _} = h | t], acc, key, fun), do: get_and_update(t, [h | acc], key, fun)

  defp get_and_update([], acc, key, fun) do
    case fun.(nil) do
      {get, update} -> {get, [{key, update} | :lists.reverse(acc)]}
      :pop -> {nil, :lists.reverse(acc)}
      other -> :erlang.error(RuntimeError.exception(bad_return(other)))
    end
  end

  def get_and_update!(keywords, key, fun), do: get_and_update!(keywords, key, fun, [])

  defp get_and_update!([{key, value} | keywords], key, fun, acc) do
    case fun.(value) do
      {get, value} -> {get, :lists.reverse(acc, [{key, value} | Keyword.delete(keywords, key)])}
      :pop -> {value, :lists.reverse(acc, keywords)}
      other -> :erlang.error(RuntimeError.exception(bad_return(other)))
    end
  end

  defp get_and_update!([{_, _} = e | keywords], key, fun, acc), do: get_and_update!(keywords, key, fun, [e | acc])

  defp get_and_update!([], key, _fun, acc) when is_atom(key) do
    :erlang.error(KeyError.exception(key: key, term: acc))
  end

  def put_new_lazy(keywords, key, fun) when is_list(keywords) and is_atom(key) and is_function(fun, 0) do
    case :lists.keyfind(key, 1, keywords) do
      {^key, _} -> keywords
      false -> [{key, fun.()} | keywords]
    end
  end

  def replace_lazy(keywords, key, fun) when is_list(keywords) and is_atom(key) and is_function(fun, 1) do
    do_replace_lazy(keywords, key, fun)
  end

  defp do_replace_lazy([{key, value} | keywords], key, fun), do: [{key, fun.(value)} | Keyword.delete(keywords, key)]
  defp do_replace_lazy([{_, _} = e | keywords], key, fun), do: [e | do_replace_lazy(keywords, key, fun)]
  defp do_replace_lazy([], _key, _value), do: []

  def merge(keywords1, keywords2, fun) when is_list(keywords1) and is_list(keywords2) and is_function(fun, 3) do
    if Keyword.keyword?(keywords1) do
      do_merge(keywords2, [], keywords1, keywords1, fun, keywords2)
    else
      :erlang.error(
        ArgumentError.exception("expected a keyword list as the first argument, got: #{inspect(keywords1)}")
      )
    end
  end

  defp do_merge([{key, value2} | tail], acc, rest, original, fun, keywords2) when is_atom(key) do
    case :lists.keyfind(key, 1, original) do
      {^key, value1} ->
        acc = [{key, fun.(key, value1, value2)} | acc]
        original = :lists.keydelete(key, 1, original)
        do_merge(tail, acc, Keyword.delete(rest, key), original, fun, keywords2)

      false ->
        do_merge(tail, [{key, value2} | acc], rest, original, fun, keywords2)
    end
  end

  defp do_merge([], acc, rest, _original, _fun, _keywords2), do: rest ++ :lists.reverse(acc)

  defp do_merge(_other, _acc, _rest, _original, _fun, keywords2) do
    :erlang.error(
      ArgumentError.exception("expected a keyword list as the second argument, got: #{inspect(keywords2)}")
    )
  end

  def update!(keywords, key, fun) when is_list(keywords) and is_atom(key) and is_function(fun, 1) do
    update!(keywords, key, fun, keywords)
  end

  defp update!([{key, value} | keywords], key, fun, _original), do: [{key, fun.(value)} | Keyword.delete(keywords, key)]
  defp update!([{_, _} = pair | keywords], key, fun, original), do: [pair | update!(keywords, key, fun, original)]
  defp update!([], key, _fun, original), do: :erlang.error(KeyError.exception(key: key, term: original))

  def update(keywords, key, default, fun) when is_list(keywords) and is_atom(key) and is_function(fun, 1) do
    update_guarded(keywords, key, default, fun)
  end

  defp update_guarded([{key, value} | keywords], key, _default, fun) do
    [{key, fun.(value)} | Keyword.delete(keywords, key)]
  end

  defp update_guarded([{_, _} = pair | keywords], key, default, fun) do
    [pair | update_guarded(keywords, key, default, fun)]
  end

  defp update_guarded([], key, default, _fun), do: [{key, default}]

  def pop_lazy(keywords, key, fun) when is_list(keywords) and is_atom(key) and is_function(fun, 0) do
    case Keyword.fetch(keywords, key) do
      {:ok, value} -> {value, Keyword.delete(keywords, key)}
      :error -> {fun.(), keywords}
    end
  end

  def filter(keywords, fun) when is_list(keywords) and is_function(fun, 1), do: do_filter(keywords, fun)

  defp do_filter([], _fun), do: []

  defp do_filter([{_, _} = entry | entries], fun) do
    if fun.(entry), do: [entry | do_filter(entries, fun)], else: do_filter(entries, fun)
  end

  def reject(keywords, fun) when is_list(keywords) and is_function(fun, 1), do: do_reject(keywords, fun)

  defp do_reject([], _fun), do: []

  defp do_reject([{_, _} = entry | entries], fun) do
    if fun.(entry), do: do_reject(entries, fun), else: [entry | do_reject(entries, fun)]
  end

  def map(keywords, fun) when is_list(keywords) do
    Enum.map(keywords, fn {k, v} -> {k, fun.({k, v})} end)
  end

  defp bad_return(other) do
    "the given function must return a two-element tuple or :pop, got: #{inspect(other)}"
  end
end

defmodule List do
  def foldl(list, acc, fun) when is_list(list) and is_function(fun), do: :lists.foldl(fun, acc, list)
  def foldr(list, acc, fun) when is_list(list) and is_function(fun), do: :lists.foldr(fun, acc, list)

  def keysort(list, position, sorter) when is_list(list) and is_integer(position) do
    case sorter do
      :asc -> :lists.keysort(position + 1, list)
      _ -> :lists.sort(keysort_fun(sorter, position + 1), list)
    end
  end

  defp keysort_fun(sorter, position) when is_function(sorter, 2),
    do: &sorter.(:erlang.element(position, &1), :erlang.element(position, &2))

  defp keysort_fun(:desc, position), do: &(:erlang.element(position, &1) >= :erlang.element(position, &2))

  defp keysort_fun(module, position) when is_atom(module),
    do: &(module.compare(:erlang.element(position, &1), :erlang.element(position, &2)) != :gt)

  defp keysort_fun({:asc, module}, position) when is_atom(module),
    do: &(module.compare(:erlang.element(position, &1), :erlang.element(position, &2)) != :gt)

  defp keysort_fun({:desc, module}, position) when is_atom(module),
    do: &(module.compare(:erlang.element(position, &1), :erlang.element(position, &2)) != :lt)

  def update_at(list, index, fun) when is_list(list) and is_function(fun) and is_integer(index) do
    if index < 0 do
      case length(list) + index do
        index when index < 0 -> list
        index -> do_update_at(list, index, fun)
      end
    else
      do_update_at(list, index, fun)
    end
  end

  defp do_update_at([value | list], 0, fun), do: [fun.(value) | list]
  defp do_update_at([head | tail], index, fun), do: [head | do_update_at(tail, index - 1, fun)]
  defp do_update_at([], _index, _fun), do: []

  # myers_difference/3 (the /2 version is native).
  def myers_difference(list1, list2, diff_script)
      when is_list(list1) and is_list(list2) and is_function(diff_script) do
    myers_difference_with_diff_script(list1, list2, diff_script)
  end
  defp myers_difference_with_diff_script(list1, list2, diff_script) do
    path = {0, list1, list2, []}
    find_script(0, length(list1) + length(list2), [path], diff_script)
  end
  defp find_script(envelope, max, paths, diff_script) do
    case each_diagonal(-envelope, envelope, paths, [], diff_script) do
      {:done, edits} -> compact_reverse(edits, [])
      {:next, paths} -> find_script(envelope + 1, max, paths, diff_script)
    end
  end
  defp compact_reverse([], acc), do: acc
  defp compact_reverse([{:diff, _} = fragment | rest], acc) do
    compact_reverse(rest, [fragment | acc])
  end
  defp compact_reverse([{kind, elem} | rest], [{kind, result} | acc]) do
    compact_reverse(rest, [{kind, [elem | result]} | acc])
  end
  defp compact_reverse(rest, [{:eq, elem}, {:ins, elem}, {:eq, other} | acc]) do
    compact_reverse(rest, [{:ins, elem}, {:eq, elem ++ other} | acc])
  end
  defp compact_reverse([{kind, elem} | rest], acc) do
    compact_reverse(rest, [{kind, [elem]} | acc])
  end
  defp each_diagonal(diag, limit, _paths, next_paths, _diff_script) when diag > limit do
    {:next, :lists.reverse(next_paths)}
  end
  defp each_diagonal(diag, limit, paths, next_paths, diff_script) do
    {path, rest} = proceed_path(diag, limit, paths, diff_script)
    case follow_snake(path) do
      {:cont, path} -> each_diagonal(diag + 2, limit, rest, [path | next_paths], diff_script)
      {:done, edits} -> {:done, edits}
    end
  end
  defp proceed_path(0, 0, [path], _diff_script), do: {path, []}
  defp proceed_path(diag, limit, [path | _] = paths, diff_script) when diag == -limit do
    {move_down(path, diff_script), paths}
  end
  defp proceed_path(diag, limit, [path], diff_script) when diag == limit do
    {move_right(path, diff_script), []}
  end
  defp proceed_path(_diag, _limit, [path1, path2 | rest], diff_script) do
    if elem(path1, 0) > elem(path2, 0) do
      {move_right(path1, diff_script), [path2 | rest]}
    else
      {move_down(path2, diff_script), [path2 | rest]}
    end
  end
  defp move_right({y, [elem1 | rest1] = list1, [elem2 | rest2], edits}, diff_script)
       when diff_script != nil do
    if diff = diff_script.(elem1, elem2) do
      {y + 1, rest1, rest2, [{:diff, diff} | edits]}
    else
      {y, list1, rest2, [{:ins, elem2} | edits]}
    end
  end
  defp move_right({y, list1, [elem | rest], edits}, _diff_script) do
    {y, list1, rest, [{:ins, elem} | edits]}
  end
  defp move_right({y, list1, [], edits}, _diff_script) do
    {y, list1, [], edits}
  end
  defp move_down({y, [elem1 | rest1], [elem2 | rest2] = list2, edits}, diff_script)
       when diff_script != nil do
    if diff = diff_script.(elem1, elem2) do
      {y + 1, rest1, rest2, [{:diff, diff} | edits]}
    else
      {y + 1, rest1, list2, [{:del, elem1} | edits]}
    end
  end
  defp move_down({y, [elem | rest], list2, edits}, _diff_script) do
    {y + 1, rest, list2, [{:del, elem} | edits]}
  end
  defp move_down({y, [], list2, edits}, _diff_script) do
    {y + 1, [], list2, edits}
  end
  defp follow_snake({y, [elem | rest1], [elem | rest2], edits}) do
    follow_snake({y + 1, rest1, rest2, [{:eq, elem} | edits]})
  end
  defp follow_snake({_y, [], [], edits}) do
    {:done, edits}
  end
  defp follow_snake(path) do
    {:cont, path}
  end
end

defmodule MapSet do
  def new(enumerable, transform) when is_function(transform, 1) do
    MapSet.new(Enum.map(enumerable, transform))
  end

  def filter(%{__struct__: MapSet} = set, fun) when is_function(fun) do
    MapSet.new(:lists.filter(fun, MapSet.to_list(set)))
  end

  def reject(%{__struct__: MapSet} = set, fun) when is_function(fun) do
    MapSet.new(for x <- MapSet.to_list(set), !fun.(x), do: x)
  end
end
