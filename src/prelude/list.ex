# The fun-taking functions of List, ported from Elixir 1.14 (the rest are natives).
defmodule List do
  # keysort/2,3 as Elixir's: :lists.keysort/2 for :asc, else :lists.sort/2 with the sorter
  # (a fun, :desc, a module with compare/2, {:asc | :desc, module}) applied to the keys
  def keysort(list, position, sorter \\ :asc)

  def keysort(list, position, :asc) when is_list(list) and is_integer(position) do
    :lists.keysort(position + 1, list)
  end

  def keysort(list, position, sorter) when is_list(list) and is_integer(position) do
    :lists.sort(keysort_fun(sorter, position + 1), list)
  end

  defp keysort_fun(sorter, position) when is_function(sorter, 2),
    do: &sorter.(:erlang.element(position, &1), :erlang.element(position, &2))

  defp keysort_fun(:desc, position),
    do: &(:erlang.element(position, &1) >= :erlang.element(position, &2))

  defp keysort_fun(module, position) when is_atom(module),
    do: &(module.compare(:erlang.element(position, &1), :erlang.element(position, &2)) != :gt)

  defp keysort_fun({:asc, module}, position) when is_atom(module),
    do: &(module.compare(:erlang.element(position, &1), :erlang.element(position, &2)) != :gt)

  defp keysort_fun({:desc, module}, position) when is_atom(module),
    do: &(module.compare(:erlang.element(position, &1), :erlang.element(position, &2)) != :lt)

  # foldl/3 and foldr/3 run :lists.foldl/3 and foldr/3 as Elixir's compiler inlines them,
  # loops named after the caller: an improper tail or an empty list given a fun that is not
  # 2-ary fails in the loop's clauses with (fun, acc, rest).
  def foldl(list, acc, fun) when is_list(list) and is_function(fun) do
    unquote(:"-foldl/3-lists^foldl/2-0-")(fun, acc, list)
  end

  def foldr(list, acc, fun) when is_list(list) and is_function(fun) do
    unquote(:"-foldr/3-lists^foldr/2-0-")(fun, acc, list)
  end

  defp unquote(:"-foldl/3-lists^foldl/2-0-")(fun, acc, [head | tail]) do
    unquote(:"-foldl/3-lists^foldl/2-0-")(fun, fun.(head, acc), tail)
  end

  defp unquote(:"-foldl/3-lists^foldl/2-0-")(fun, acc, []) when is_function(fun, 2), do: acc
  defp unquote(:"-foldl/3-lists^foldl/2-0-")(fun, acc, rest), do: :erlang.error(:function_clause, [fun, acc, rest])

  defp unquote(:"-foldr/3-lists^foldr/2-0-")(fun, acc, [head | tail]) do
    fun.(head, unquote(:"-foldr/3-lists^foldr/2-0-")(fun, acc, tail))
  end

  defp unquote(:"-foldr/3-lists^foldr/2-0-")(fun, acc, []) when is_function(fun, 2), do: acc
  defp unquote(:"-foldr/3-lists^foldr/2-0-")(fun, acc, rest), do: :erlang.error(:function_clause, [fun, acc, rest])

  # (body recursive as Elixir's: an improper tail fails in delete/2's clauses under the
  # frame of the call waiting on it)
  def delete([element | list], element), do: list
  def delete([other | list], element), do: [other | delete(list, element)]
  def delete([], _element), do: []

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
