# Enum, ported from Elixir 1.14: every function that takes a function, plus the ones that
# must also accept lazy enumerables (streams, arity-2 funs). Lists take tight loops;
# ranges, maps and MapSets are turned into lists by the native Enum.__to_list__/1
# (which returns :lazy for streams and other structs, which go through Enumerable.reduce).
# Functions Elixir builds on reduce/3 use Enum.__fold_list__/1 instead: a map above 32 keys
# is folded in the reverse of the order :maps.to_list/1 (and so Enumerable) gives.
defmodule Enum do
  ## Predicates

  def all?(enumerable) when is_list(enumerable), do: all_list(enumerable)

  def all?(enumerable) do
    case Enum.__to_list__(enumerable) do
      :lazy ->
        Enumerable.reduce(enumerable, {:cont, true}, fn entry, _ ->
          if entry, do: {:cont, true}, else: {:halt, false}
        end)
        |> elem(1)

      list ->
        all_list(list)
    end
  end

  def all?(enumerable, fun) when is_list(enumerable), do: all_list(enumerable, fun)

  def all?(enumerable, fun) do
    Enumerable.reduce(enumerable, {:cont, true}, fn entry, _ ->
      if fun.(entry), do: {:cont, true}, else: {:halt, false}
    end)
    |> elem(1)
  end

  def any?(enumerable) when is_list(enumerable), do: any_list(enumerable)

  def any?(enumerable) do
    Enumerable.reduce(enumerable, {:cont, false}, fn entry, _ ->
      if entry, do: {:halt, true}, else: {:cont, false}
    end)
    |> elem(1)
  end

  def any?(enumerable, fun) when is_list(enumerable), do: any_list(enumerable, fun)

  def any?(enumerable, fun) do
    Enumerable.reduce(enumerable, {:cont, false}, fn entry, _ ->
      if fun.(entry), do: {:halt, true}, else: {:cont, false}
    end)
    |> elem(1)
  end

  def empty?(enumerable) when is_list(enumerable), do: enumerable == []

  def empty?(enumerable) do
    case Enumerable.slice(enumerable) do
      {:ok, value, _} ->
        value == 0

      {:error, module} ->
        enumerable
        |> module.reduce({:cont, true}, fn _, _ -> {:halt, false} end)
        |> elem(1)
    end
  end

  def member?(enumerable, element) when is_list(enumerable), do: :lists.member(element, enumerable)

  def member?(enumerable, element) do
    case Enumerable.member?(enumerable, element) do
      {:ok, element} when is_boolean(element) ->
        element

      {:error, module} ->
        module.reduce(enumerable, {:cont, false}, fn
          v, _ when v === element -> {:halt, true}
          _, _ -> {:cont, false}
        end)
        |> elem(1)
    end
  end

  ## Counting

  def count(enumerable) when is_list(enumerable), do: length(enumerable)

  def count(enumerable) do
    case Enumerable.count(enumerable) do
      {:ok, value} when is_integer(value) ->
        value

      {:error, module} ->
        enumerable |> module.reduce({:cont, 0}, fn _, acc -> {:cont, acc + 1} end) |> elem(1)
    end
  end

  def count(enumerable, fun) do
    reduce_count(enumerable, 0, fn entry, acc -> if(fun.(entry), do: acc + 1, else: acc) end)
  end

  def count_until(enumerable, limit) when is_integer(limit) and limit > 0 do
    stop_at = limit - 1

    case Enumerable.count(enumerable) do
      {:ok, value} ->
        Kernel.min(value, limit)

      {:error, module} ->
        enumerable
        |> module.reduce({:cont, 0}, fn
          _, ^stop_at -> {:halt, limit}
          _, acc -> {:cont, acc + 1}
        end)
        |> elem(1)
    end
  end

  def count_until(enumerable, fun, limit) when is_integer(limit) and limit > 0 do
    stop_at = limit - 1

    Enumerable.reduce(enumerable, {:cont, 0}, fn
      entry, ^stop_at ->
        if fun.(entry), do: {:halt, limit}, else: {:cont, stop_at}

      entry, acc ->
        if fun.(entry), do: {:cont, acc + 1}, else: {:cont, acc}
    end)
    |> elem(1)
  end

  ## Reducing

  def reduce([h | t], fun), do: unquote(:"-reduce/2-lists^foldl/2-0-")(fun, h, t)
  def reduce([], _fun), do: :erlang.error(Enum.EmptyError.exception([]))

  def reduce(enumerable, fun) do
    case Enum.__to_list__(enumerable) do
      :lazy ->
        Enumerable.reduce(enumerable, {:cont, :first}, fn
          x, {:acc, acc} -> {:cont, {:acc, fun.(x, acc)}}
          x, :first -> {:cont, {:acc, x}}
        end)
        |> elem(1)
        |> case do
          :first -> :erlang.error(Enum.EmptyError.exception([]))
          {:acc, acc} -> acc
        end

      # (the enumerable's own reduce applies the fun to each element and asks nothing of
      # it otherwise: one element is the answer whatever the fun)
      [only] ->
        only

      list ->
        reduce(list, fun)
    end
  end

  def reduce(enumerable, acc, fun) when is_list(enumerable), do: unquote(:"-reduce/3-lists^foldl/2-0-")(fun, acc, enumerable)

  def reduce(%{__struct__: Range, first: first, last: last, step: step}, acc, fun),
    do: reduce_range(first, last, step, acc, fun)

  def reduce(enumerable, acc, fun) do
    case Enum.__fold_list__(enumerable) do
      # (reduce_enumerable/3 written out: Elixir inlines it, so this is the frame that waits)
      :lazy -> Enumerable.reduce(enumerable, {:cont, acc}, fn x, acc -> {:cont, fun.(x, acc)} end) |> elem(1)
      # (an empty enumerable other than a list asks nothing of the fun)
      [] -> acc
      list -> unquote(:"-reduce/3-lists^foldl/2-0-")(fun, acc, list)
    end
  end

  def reduce_while(enumerable, acc, fun) do
    Enumerable.reduce(enumerable, {:cont, acc}, fun) |> elem(1)
  end

  def map_reduce(enumerable, acc, fun) when is_list(enumerable),
    do: unquote(:"-map_reduce/3-lists^mapfoldl/2-0-")(fun, acc, enumerable)

  def map_reduce(%{__struct__: Range, first: first, last: last, step: step}, acc, fun) do
    {list, acc} =
      reduce_range(first, last, step, {[], acc}, fn entry, {list, acc} ->
        {new_entry, acc} = fun.(entry, acc)
        {[new_entry | list], acc}
      end)

    {:lists.reverse(list), acc}
  end

  def map_reduce(enumerable, acc, fun) do
    case Enum.__fold_list__(enumerable) do
      :lazy ->
        {list, acc} =
          reduce_enumerable(enumerable, {[], acc}, fn entry, {list, acc} ->
            {new_entry, acc} = fun.(entry, acc)
            {[new_entry | list], acc}
          end)

        {:lists.reverse(list), acc}

      [] ->
        {[], acc}

      list ->
        :lists.mapfoldl(fun, acc, list)
    end
  end

  def flat_map_reduce(enumerable, acc, fun) do
    {_, {list, acc}} =
      Enumerable.reduce(enumerable, {:cont, {[], acc}}, fn entry, {list, acc} ->
        case fun.(entry, acc) do
          {:halt, acc} -> {:halt, {list, acc}}
          {[], acc} -> {:cont, {list, acc}}
          {[entry], acc} -> {:cont, {[entry | list], acc}}
          {entries, acc} -> {:cont, {reduce_flat_map_reduce(entries, list, &[&1 | &2]), acc}}
        end
      end)

    {:lists.reverse(list), acc}
  end

  def scan([], _fun), do: []
  def scan([elem | rest], fun), do: [elem | scan_list(rest, elem, fun)]

  def scan(enumerable, fun) do
    {res, _} =
      reduce_scan2(enumerable, {[], :first}, fn
        entry, {head, :first} ->
          {[entry | head], {:ok, entry}}

        entry, {head, {:ok, acc}} ->
          value = fun.(entry, acc)
          {[value | head], {:ok, value}}
      end)

    :lists.reverse(res)
  end

  def scan(enumerable, acc, fun) when is_list(enumerable), do: scan_list(enumerable, acc, fun)

  def scan(enumerable, acc, fun) do
    {res, _} =
      reduce_scan3(enumerable, {[], acc}, fn entry, {head, acc} ->
        value = fun.(entry, acc)
        {[value | head], value}
      end)

    :lists.reverse(res)
  end

  def sum(%{__struct__: Range, first: first, last: last, step: step} = range) do
    div(Range.size(range) * (first + last - rem(last - first, step)), 2)
  end

  # The native :lists.sum/1 is fast; on error, redo it in Elixir's order for Elixir's error.
  def sum(enumerable) when is_list(enumerable) do
    try do
      :lists.sum(enumerable)
    rescue
      _ -> unquote(:"-sum/1-lists^foldl/2-0-")(0, enumerable)
    end
  end

  def sum(enumerable), do: reduce(enumerable, 0, &+/2)

  def product(enumerable) when is_list(enumerable), do: unquote(:"-product/1-lists^foldl/2-0-")(1, enumerable)
  def product(enumerable), do: reduce(enumerable, 1, &*/2)

  # reduce/3's :lists.foldl/3 inlined into sum/1 and product/1 with their funs &+/2 and &*/2,
  # which the Erlang compiler then inlines too: a loop of two arguments, whose
  # FunctionClauseError still shows the three lists:foldl/3 had
  defp unquote(:"-sum/1-lists^foldl/2-0-")(acc, [head | tail]), do: unquote(:"-sum/1-lists^foldl/2-0-")(head + acc, tail)
  defp unquote(:"-sum/1-lists^foldl/2-0-")(acc, []), do: acc
  defp unquote(:"-sum/1-lists^foldl/2-0-")(acc, rest), do: :erlang.error(:function_clause, [&+/2, acc, rest])

  defp unquote(:"-product/1-lists^foldl/2-0-")(acc, [head | tail]), do: unquote(:"-product/1-lists^foldl/2-0-")(head * acc, tail)
  defp unquote(:"-product/1-lists^foldl/2-0-")(acc, []), do: acc
  defp unquote(:"-product/1-lists^foldl/2-0-")(acc, rest), do: :erlang.error(:function_clause, [&*/2, acc, rest])

  def frequencies(enumerable) do
    reduce_frequencies(enumerable, %{}, fn key, acc ->
      case acc do
        %{^key => value} -> %{acc | key => value + 1}
        %{} -> Map.put(acc, key, 1)
      end
    end)
  end

  def frequencies_by(enumerable, key_fun) when is_function(key_fun) do
    reduce_frequencies_by(enumerable, %{}, fn entry, acc ->
      key = key_fun.(entry)

      case acc do
        %{^key => value} -> %{acc | key => value + 1}
        %{} -> Map.put(acc, key, 1)
      end
    end)
  end

  def group_by(enumerable, key_fun, value_fun \\ fn x -> x end)

  def group_by(enumerable, key_fun, value_fun) when is_function(key_fun) do
    reduce_group_by(reverse(enumerable), %{}, fn entry, acc ->
      key = key_fun.(entry)
      value = value_fun.(entry)

      case acc do
        %{^key => existing} -> %{acc | key => [value | existing]}
        %{} -> Map.put(acc, key, [value])
      end
    end)
  end

  def group_by(enumerable, dict, fun) do
    IO.warn(
      "Enum.group_by/3 with a map/dictionary as second element is deprecated. " <>
        "A map is used by default and it is no longer required to pass one to this function"
    )

    # (the deprecated form: any Dict module's dictionary as the start, updated through Dict)
    dict_module = Dict

    reduce_group_by1(reverse(enumerable), dict, fn entry, categories ->
      dict_module.update(categories, fun.(entry), [entry], &[entry | &1])
    end)
  end

  ## Mapping and filtering

  def each(enumerable, fun) when is_list(enumerable), do: unquote(:"-each/2-lists^foreach/1-0-")(fun, enumerable)

  def each(%{__struct__: Range, first: first, last: last, step: step}, fun) do
    reduce_range(first, last, step, nil, fn entry, _ ->
      fun.(entry)
      nil
    end)

    :ok
  end

  def each(enumerable, fun) do
    case Enum.__fold_list__(enumerable) do
      :lazy ->
        reduce_enumerable(enumerable, nil, fn entry, _ ->
          fun.(entry)
          nil
        end)

        :ok

      [] ->
        :ok

      list ->
        :lists.foreach(fun, list)
    end
  end

  # Lists and ranges: resumable natives (src/stdlib/enum-hof.ts) that call `fun` through
  # the machine and build the result without an accumulator to reverse.
  def map(enumerable, fun) when is_list(enumerable), do: Enum.__map_list__(enumerable, fun)

  def map(%{__struct__: Range, first: first, last: last, step: step}, fun),
    do: Enum.__map_range__(first, last, step, fun)

  def map(enumerable, fun) do
    case Enum.__fold_list__(enumerable) do
      :lazy -> reduce_enumerable(enumerable, [], fn entry, acc -> [fun.(entry) | acc] end) |> :lists.reverse()
      [] -> []
      list -> Enum.__map_list__(list, fun)
    end
  end

  def map_every(enumerable, 1, fun), do: map(enumerable, fun)
  def map_every(enumerable, 0, _fun), do: to_list(enumerable)
  def map_every([], nth, _fun) when is_integer(nth) and nth > 1, do: []

  def map_every(enumerable, nth, fun) when is_integer(nth) and nth > 1 do
    {res, _} =
      reduce_map_every(enumerable, {[], :first}, fn
        entry, {head, curr} when curr in [nth, :first] -> {[fun.(entry) | head], 1}
        entry, {head, curr} -> {[entry | head], curr + 1}
      end)

    :lists.reverse(res)
  end

  def map_intersperse(enumerable, separator, mapper) when is_list(enumerable) do
    map_intersperse_list(enumerable, separator, mapper)
  end

  def map_intersperse(enumerable, separator, mapper) do
    reduced =
      reduce_map_intersperse(enumerable, :first, fn
        entry, :first -> [mapper.(entry)]
        entry, acc -> [mapper.(entry), separator | acc]
      end)

    if reduced == :first, do: [], else: :lists.reverse(reduced)
  end

  def map_join(enumerable, joiner \\ "", mapper) when is_binary(joiner) do
    enumerable
    |> map_intersperse(joiner, &entry_to_string(mapper.(&1)))
    |> IO.iodata_to_binary()
  end

  def flat_map(enumerable, fun) when is_list(enumerable), do: flat_map_list(enumerable, fun)

  def flat_map(enumerable, fun) do
    case Enum.__fold_list__(enumerable) do
      :lazy ->
        reduce_flat_map(enumerable, [], fn entry, acc ->
          case fun.(entry) do
            list when is_list(list) -> [list | acc]
            other -> [to_list(other) | acc]
          end
        end)
        |> flat_reverse([])

      list ->
        flat_map_list(list, fun)
    end
  end

  def filter(enumerable, fun) when is_list(enumerable), do: Enum.__filter_list__(enumerable, fun)

  def filter(%{__struct__: Range, first: first, last: last, step: step}, fun),
    do: Enum.__filter_range__(first, last, step, fun)

  def filter(enumerable, fun) do
    case Enum.__fold_list__(enumerable) do
      :lazy ->
        reduce_enumerable(enumerable, [], fn entry, acc -> if fun.(entry), do: [entry | acc], else: acc end)
        |> :lists.reverse()

      list ->
        Enum.__filter_list__(list, fun)
    end
  end

  def filter_map(enumerable, filter, mapper) do
    enumerable
    |> reduce([], fn entry, acc -> if filter.(entry), do: [mapper.(entry) | acc], else: acc end)
    |> :lists.reverse()
  end

  def reject(enumerable, fun) when is_list(enumerable), do: reject_list(enumerable, fun)

  def reject(enumerable, fun) do
    case Enum.__fold_list__(enumerable) do
      :lazy ->
        reduce_enumerable(enumerable, [], fn entry, acc -> if fun.(entry), do: acc, else: [entry | acc] end)
        |> :lists.reverse()

      list ->
        reject_list(list, fun)
    end
  end

  def split_with(enumerable, fun) do
    {acc1, acc2} =
      reduce_split_with(enumerable, {[], []}, fn entry, {acc1, acc2} ->
        if fun.(entry), do: {[entry | acc1], acc2}, else: {acc1, [entry | acc2]}
      end)

    {:lists.reverse(acc1), :lists.reverse(acc2)}
  end

  def partition(enumerable, fun), do: split_with(enumerable, fun)

  def with_index(enumerable, fun_or_offset \\ 0)

  def with_index(enumerable, offset) when is_list(enumerable) and is_integer(offset) do
    with_index_list(enumerable, offset)
  end

  def with_index(enumerable, fun) when is_list(enumerable) and is_function(fun, 2) do
    with_index_list(enumerable, 0, fun)
  end

  def with_index(enumerable, offset) when is_integer(offset) do
    enumerable
    |> map_reduce(offset, fn x, i -> {{x, i}, i + 1} end)
    |> elem(0)
  end

  def with_index(enumerable, fun) when is_function(fun, 2) do
    enumerable
    |> map_reduce(0, fn x, i -> {fun.(x, i), i + 1} end)
    |> elem(0)
  end

  ## Finding

  def find(enumerable, default \\ nil, fun)
  def find(enumerable, default, fun) when is_list(enumerable), do: find_list(enumerable, default, fun)

  def find(enumerable, default, fun) do
    Enumerable.reduce(enumerable, {:cont, default}, fn entry, default ->
      if fun.(entry), do: {:halt, entry}, else: {:cont, default}
    end)
    |> elem(1)
  end

  def find_index(enumerable, fun) when is_list(enumerable), do: find_index_list(enumerable, 0, fun)

  def find_index(enumerable, fun) do
    result =
      Enumerable.reduce(enumerable, {:cont, {:not_found, 0}}, fn entry, {_, index} ->
        if fun.(entry), do: {:halt, {:found, index}}, else: {:cont, {:not_found, index + 1}}
      end)

    case elem(result, 1) do
      {:found, index} -> index
      {:not_found, _} -> nil
    end
  end

  def find_value(enumerable, default \\ nil, fun)

  def find_value(enumerable, default, fun) when is_list(enumerable) do
    find_value_list(enumerable, default, fun)
  end

  def find_value(enumerable, default, fun) do
    Enumerable.reduce(enumerable, {:cont, default}, fn entry, default ->
      fun_entry = fun.(entry)
      if fun_entry, do: {:halt, fun_entry}, else: {:cont, default}
    end)
    |> elem(1)
  end

  ## Taking and dropping

  def take(_enumerable, 0), do: []

  def take(enumerable, amount) when is_list(enumerable) and is_integer(amount) and amount > 0 do
    take_list(enumerable, amount, [])
  end

  def take(enumerable, amount) when is_integer(amount) and amount > 0 do
    {_, {res, _}} =
      Enumerable.reduce(enumerable, {:cont, {[], amount}}, fn entry, {list, n} ->
        case n do
          1 -> {:halt, {[entry | list], n - 1}}
          _ -> {:cont, {[entry | list], n - 1}}
        end
      end)

    :lists.reverse(res)
  end

  def take(enumerable, amount) when is_integer(amount) and amount < 0 do
    {count, fun} = slice_count_and_fun(enumerable, 1)
    first = Kernel.max(amount + count, 0)
    fun.(first, count - first, 1)
  end

  def take_every(_enumerable, 0), do: []
  def take_every(enumerable, 1), do: to_list(enumerable)

  def take_every(list, nth) when is_list(list) and is_integer(nth) and nth > 1 do
    take_every_list(list, nth - 1)
  end

  def take_every(enumerable, nth) when is_integer(nth) and nth > 1 do
    {res, _} =
      reduce_take_every(enumerable, {[], :first}, fn
        entry, {head, curr} when curr in [nth, :first] -> {[entry | head], 1}
        _entry, {head, curr} -> {head, curr + 1}
      end)

    :lists.reverse(res)
  end

  def take_while(enumerable, fun) when is_list(enumerable), do: take_while_list(enumerable, fun)

  def take_while(enumerable, fun) do
    {_, res} =
      Enumerable.reduce(enumerable, {:cont, []}, fn entry, acc ->
        if fun.(entry), do: {:cont, [entry | acc]}, else: {:halt, acc}
      end)

    :lists.reverse(res)
  end

  def drop(enumerable, amount) when is_list(enumerable) and is_integer(amount) and amount >= 0 do
    drop_list(enumerable, amount)
  end

  def drop(enumerable, 0), do: to_list(enumerable)

  def drop(enumerable, amount) when is_integer(amount) and amount > 0 do
    {result, _} =
      reduce_drop(enumerable, {[], amount}, fn
        _entry, {head, amount} when amount > 0 -> {head, amount - 1}
        entry, {head, amount} -> {[entry | head], amount}
      end)

    if is_list(result), do: :lists.reverse(result), else: []
  end

  def drop(enumerable, amount) when is_integer(amount) and amount < 0 do
    {count, fun} = slice_count_and_fun(enumerable, 1)
    amount = Kernel.min(amount + count, count)
    if amount > 0, do: fun.(0, amount, 1), else: []
  end

  def drop_every(_enumerable, 1), do: []
  def drop_every(enumerable, 0), do: to_list(enumerable)
  def drop_every([], nth) when is_integer(nth), do: []

  def drop_every(enumerable, nth) when is_integer(nth) and nth > 1 do
    {res, _} =
      reduce_drop_every(enumerable, {[], :first}, fn
        _entry, {head, curr} when curr in [nth, :first] -> {head, 1}
        entry, {head, curr} -> {[entry | head], curr + 1}
      end)

    :lists.reverse(res)
  end

  def drop_while(enumerable, fun) when is_list(enumerable), do: drop_while_list(enumerable, fun)

  def drop_while(enumerable, fun) do
    {res, _} =
      reduce_drop_while(enumerable, {[], true}, fn entry, {head, bool} = original ->
        if bool and fun.(entry), do: original, else: {[entry | head], false}
      end)

    :lists.reverse(res)
  end

  def split(enumerable, count) when is_list(enumerable) and is_integer(count) and count >= 0 do
    split_list(enumerable, count, [])
  end

  def split(enumerable, count) when is_integer(count) and count >= 0 do
    {_, list1, list2} =
      reduce_split(enumerable, {count, [], []}, fn entry, {counter, acc1, acc2} ->
        if counter > 0 do
          {counter - 1, [entry | acc1], acc2}
        else
          {counter, acc1, [entry | acc2]}
        end
      end)

    {:lists.reverse(list1), :lists.reverse(list2)}
  end

  def split(enumerable, count) when is_integer(count) and count < 0 do
    split_reverse_list(reverse(enumerable), -count, [])
  end

  def split_while(enumerable, fun) when is_list(enumerable), do: split_while_list(enumerable, fun, [])

  def split_while(enumerable, fun) do
    {list1, list2} =
      reduce_split_while(enumerable, {[], []}, fn
        entry, {acc1, []} -> if(fun.(entry), do: {[entry | acc1], []}, else: {acc1, [entry]})
        entry, {acc1, acc2} -> {acc1, [entry | acc2]}
      end)

    {:lists.reverse(list1), :lists.reverse(list2)}
  end

  ## Indexing and slicing

  def at(enumerable, index, default \\ nil) when is_integer(index) do
    case slice_forward(enumerable, index, 1, 1) do
      [value] -> value
      [] -> default
    end
  end

  def fetch(enumerable, index) when is_integer(index) do
    case slice_forward(enumerable, index, 1, 1) do
      [value] -> {:ok, value}
      [] -> :error
    end
  end

  def fetch!(enumerable, index) when is_integer(index) do
    case slice_forward(enumerable, index, 1, 1) do
      [value] -> value
      [] -> :erlang.error(Enum.OutOfBoundsError.exception([]))
    end
  end

  def slice(enumerable, %{__struct__: Range, first: first, last: last, step: step} = index_range) do
    cond do
      step > 0 ->
        slice_range(enumerable, first, last, step)

      step == -1 and first > last ->
        slice_range(enumerable, first, last, 1)

      true ->
        :erlang.error(
          ArgumentError.exception(
            "Enum.slice/2 does not accept ranges with negative steps, got: #{inspect(index_range)}"
          )
        )
    end
  end

  # A range made before ranges had steps (a map without :step): its ends give the step.
  def slice(enumerable, %{__struct__: Range, first: first, last: last} = old_range) do
    slice(enumerable, Map.put(old_range, :step, if(first <= last, do: 1, else: -1)))
  end

  def slice(_enumerable, start_index, 0) when is_integer(start_index), do: []

  def slice(enumerable, start_index, amount)
      when is_integer(start_index) and start_index < 0 and is_integer(amount) and amount >= 0 do
    {count, fun} = slice_count_and_fun(enumerable, 1)
    start_index = Kernel.max(count + start_index, 0)
    amount = Kernel.min(amount, count - start_index)
    if amount > 0, do: fun.(start_index, amount, 1), else: []
  end

  def slice(enumerable, start_index, amount)
      when is_integer(start_index) and is_integer(amount) and amount >= 0 do
    slice_forward(enumerable, start_index, amount, 1)
  end

  ## Chunking

  def chunk(enumerable, count), do: chunk(enumerable, count, count, nil)
  def chunk(enum, n, step), do: chunk_every(enum, n, step, :discard)
  def chunk(enumerable, count, step, leftover), do: chunk_every(enumerable, count, step, leftover || :discard)

  def chunk_every(enumerable, count), do: chunk_every(enumerable, count, count, [])

  def chunk_every(enumerable, count, step, leftover \\ [])
      when is_integer(count) and count > 0 and is_integer(step) and step > 0 do
    Stream.Reducers.chunk_every(&chunk_while/4, enumerable, count, step, leftover)
  end

  def chunk_while(enumerable, acc, chunk_fun, after_fun) do
    {_, {res, acc}} =
      Enumerable.reduce(enumerable, {:cont, {[], acc}}, fn entry, {buffer, acc} ->
        case chunk_fun.(entry, acc) do
          {:cont, chunk, acc} -> {:cont, {[chunk | buffer], acc}}
          {:cont, acc} -> {:cont, {buffer, acc}}
          {:halt, acc} -> {:halt, {buffer, acc}}
        end
      end)

    case after_fun.(acc) do
      {:cont, _acc} -> :lists.reverse(res)
      {:cont, chunk, _acc} -> :lists.reverse([chunk | res])
    end
  end

  def chunk_by(enumerable, fun), do: Stream.Reducers.chunk_by(&chunk_while/4, enumerable, fun)

  ## Uniqueness

  def dedup(enumerable) when is_list(enumerable), do: dedup_list(enumerable, []) |> :lists.reverse()

  def dedup(enumerable) do
    reduce(enumerable, [], fn x, acc ->
      case acc do
        [^x | _] -> acc
        _ -> [x | acc]
      end
    end)
    |> :lists.reverse()
  end

  def dedup_by(enumerable, fun) do
    {list, _} =
      reduce_dedup_by(enumerable, {[], []}, fn entry, {head, prev} = acc ->
        value = fun.(entry)

        case prev do
          {:value, ^value} -> acc
          _ -> {[entry | head], {:value, value}}
        end
      end)

    :lists.reverse(list)
  end

  def uniq(enumerable), do: uniq_by(enumerable, fn x -> x end)
  def uniq(enumerable, fun), do: uniq_by(enumerable, fun)

  def uniq_by(enumerable, fun) when is_list(enumerable), do: uniq_list(enumerable, %{}, fun)

  def uniq_by(enumerable, fun) do
    {list, _} =
      reduce_uniq_by(enumerable, {[], %{}}, fn entry, {head, prev} = original ->
        value = fun.(entry)

        if Map.has_key?(prev, value) do
          original
        else
          {[entry | head], Map.put(prev, value, true)}
        end
      end)

    :lists.reverse(list)
  end

  ## Joining and concatenating

  def concat(list) when is_list(list), do: concat_list(list)
  def concat(enums), do: concat_enum(enums)

  def concat(left, right) when is_list(left) and is_list(right), do: left ++ right
  def concat(left, right), do: concat_enum([left, right])

  def intersperse(enumerable, separator) when is_list(enumerable) do
    case enumerable do
      [] -> []
      list -> intersperse_non_empty_list(list, separator)
    end
  end

  def intersperse(enumerable, separator) do
    list = enumerable |> reduce_intersperse([], fn x, acc -> [x, separator | acc] end) |> :lists.reverse()

    case list do
      [] -> []
      [_ | t] -> t
    end
  end

  def join(enumerable, joiner \\ "")

  def join(enumerable, "") do
    enumerable
    |> map(&entry_to_string(&1))
    |> IO.iodata_to_binary()
  end

  def join(enumerable, joiner) when is_list(enumerable) and is_binary(joiner) do
    join_list(enumerable, joiner)
  end

  def join(enumerable, joiner) when is_binary(joiner) do
    reduced =
      reduce_join(enumerable, :first, fn
        entry, :first -> entry_to_string(entry)
        entry, acc -> [acc, joiner | entry_to_string(entry)]
      end)

    if reduced == :first, do: "", else: IO.iodata_to_binary(reduced)
  end

  ## Conversion and collecting

  # (clauses laid out as Elixir's: a stack frame's line within them tells which one waits)
  def to_list(enumerable) when is_list(enumerable), do: enumerable
  def to_list(%_{} = enumerable), do: with(:lazy <- Enum.__to_list__(enumerable), do: reverse(enumerable) |> :lists.reverse())
  def to_list(%{} = enumerable), do: Map.to_list(enumerable)
  def to_list(enumerable), do: with(:lazy <- Enum.__to_list__(enumerable), do: reverse(enumerable) |> :lists.reverse())

  def reverse([]), do: []
  def reverse([_] = list), do: list
  def reverse([element1, element2]), do: [element2, element1]
  def reverse([element1, element2 | rest]), do: :lists.reverse(rest, [element2, element1])
  # (an improper list past those: reduce/3's :lists.foldl/3, inlined into reverse/1)
  def reverse([_ | _] = improper), do: reduce_reverse1(improper, [], &[&1 | &2])

  def reverse(enumerable) do
    case Enum.__fold_list__(enumerable) do
      # (reduce_enumerable/3 written out: Elixir inlines it, so this is the frame that waits)
      :lazy -> Enumerable.reduce(enumerable, {:cont, []}, fn x, acc -> {:cont, [x | acc]} end) |> elem(1)
      list -> :lists.reverse(list)
    end
  end

  def reverse(enumerable, tail) when is_list(enumerable), do: :lists.reverse(enumerable, to_list(tail))

  def reverse(enumerable, tail) do
    reduce_reverse2(enumerable, to_list(tail), fn entry, acc -> [entry | acc] end)
  end

  def into(enumerable, collectable) do
    case Enum.__into__(enumerable, collectable) do
      :lazy -> into_lazy(enumerable, collectable)
      result -> result
    end
  end

  # (what the native did not do, or could not: Elixir's clauses, so a failure is Elixir's)
  defp into_lazy(enumerable, []), do: to_list(enumerable)
  defp into_lazy(%_{} = enumerable, collectable), do: into_protocol(enumerable, collectable)
  defp into_lazy(enumerable, %_{} = collectable), do: into_protocol(enumerable, collectable)

  defp into_lazy(enumerable, %{} = collectable) do
    if map_size(collectable) == 0 do
      into_map(enumerable)
    else
      into_map(enumerable, collectable)
    end
  end

  defp into_lazy(enumerable, collectable), do: into_protocol(enumerable, collectable)

  defp into_map(%{} = enumerable), do: enumerable
  defp into_map(enumerable) when is_list(enumerable), do: :maps.from_list(enumerable)
  defp into_map(enumerable), do: enumerable |> Enum.to_list() |> :maps.from_list()

  defp into_map(%{} = enumerable, collectable), do: Map.merge(collectable, enumerable)

  defp into_map(enumerable, collectable) when is_list(enumerable),
    do: Map.merge(collectable, :maps.from_list(enumerable))

  defp into_map(enumerable, collectable),
    do: Enum.reduce(enumerable, collectable, fn {key, val}, acc -> Map.put(acc, key, val) end)

  defp into_protocol(enumerable, collectable) do
    {initial, fun} = Collectable.into(collectable)

    try do
      reduce_into_protocol(enumerable, initial, fun)
    catch
      kind, reason ->
        fun.(initial, :halt)
        :erlang.raise(kind, reason, __STACKTRACE__)
    else
      acc -> fun.(acc, :done)
    end
  end

  defp reduce_into_protocol(enumerable, initial, fun) when is_list(enumerable) do
    unquote(:"-reduce_into_protocol/3-lists^foldl/2-0-")(fn x, acc -> fun.(acc, {:cont, x}) end, initial, enumerable)
  end

  defp reduce_into_protocol(enumerable, initial, fun) do
    enumerable
    |> Enumerable.reduce({:cont, initial}, fn x, acc -> {:cont, fun.(acc, {:cont, x})} end)
    |> elem(1)
  end

  def into(enumerable, [], transform), do: Enum.map(enumerable, transform)
  def into(%{__struct__: _} = enumerable, collectable, transform), do: into_protocol(enumerable, collectable, transform)
  def into(enumerable, %{__struct__: _} = collectable, transform), do: into_protocol(enumerable, collectable, transform)

  def into(enumerable, %{} = collectable, transform) do
    if map_size(collectable) == 0 do
      enumerable |> Enum.map(transform) |> :maps.from_list()
    else
      Enum.reduce(enumerable, collectable, fn entry, acc ->
        {key, val} = transform.(entry)
        Map.put(acc, key, val)
      end)
    end
  end

  def into(enumerable, collectable, transform), do: into_protocol(enumerable, collectable, transform)

  defp into_protocol(enumerable, collectable, transform) do
    {initial, fun} = Collectable.into(collectable)

    try do
      reduce(enumerable, initial, fn x, acc -> fun.(acc, {:cont, transform.(x)}) end)
    catch
      kind, reason ->
        fun.(initial, :halt)
        :erlang.raise(kind, reason, __STACKTRACE__)
    else
      acc -> fun.(acc, :done)
    end
  end

  ## Max and min

  def max(list = [_ | _]), do: :lists.max(list)
  def max(enumerable), do: max(enumerable, &>=/2, fn -> raise Enum.EmptyError end)

  def max(list = [_ | _], empty_fallback) when is_function(empty_fallback, 0), do: :lists.max(list)
  def max(enumerable, empty_fallback) when is_function(empty_fallback, 0), do: max(enumerable, &>=/2, empty_fallback)
  def max(enumerable, sorter), do: max(enumerable, sorter, fn -> raise Enum.EmptyError end)

  def max(enumerable, sorter, empty_fallback), do: aggregate(enumerable, max_sort_fun(sorter), empty_fallback)

  defp max_sort_fun(sorter) when is_function(sorter, 2), do: sorter
  defp max_sort_fun(module) when is_atom(module), do: &(module.compare(&1, &2) != :lt)

  def min(list = [_ | _]), do: :lists.min(list)
  def min(enumerable), do: min(enumerable, &<=/2, fn -> raise Enum.EmptyError end)

  def min(list = [_ | _], empty_fallback) when is_function(empty_fallback, 0), do: :lists.min(list)
  def min(enumerable, empty_fallback) when is_function(empty_fallback, 0), do: min(enumerable, &<=/2, empty_fallback)
  # (the default fallback is Elixir's fn in min/1 and min/2: "anonymous fn/0 in Enum.min/2")
  def min(enumerable, sorter), do: min(enumerable, sorter, fn -> raise Enum.EmptyError end)

  def min(enumerable, sorter, empty_fallback), do: aggregate(enumerable, min_sort_fun(sorter), empty_fallback)

  defp min_sort_fun(sorter) when is_function(sorter, 2), do: sorter
  defp min_sort_fun(module) when is_atom(module), do: &(module.compare(&1, &2) != :gt)

  def max_by(enumerable, fun, empty_fallback) when is_function(fun, 1) and is_function(empty_fallback, 0) do
    max_by(enumerable, fun, &>=/2, empty_fallback)
  end

  def max_by(enumerable, fun, sorter \\ &>=/2, empty_fallback \\ &raise_empty/0)
      when is_function(fun, 1) do
    aggregate_by(enumerable, fun, max_sort_fun(sorter), empty_fallback)
  end

  def min_by(enumerable, fun, empty_fallback) when is_function(fun, 1) and is_function(empty_fallback, 0) do
    min_by(enumerable, fun, &<=/2, empty_fallback)
  end

  def min_by(enumerable, fun, sorter \\ &<=/2, empty_fallback \\ &raise_empty/0)
      when is_function(fun, 1) do
    aggregate_by(enumerable, fun, min_sort_fun(sorter), empty_fallback)
  end

  def min_max(enumerable, empty_fallback \\ &raise_empty/0)

  def min_max(%{__struct__: Range, first: first, last: last, step: step} = range, empty_fallback)
      when is_function(empty_fallback, 0) do
    case Range.size(range) do
      0 ->
        empty_fallback.()

      _ ->
        last = last - rem(last - first, step)
        {Kernel.min(first, last), Kernel.max(first, last)}
    end
  end

  def min_max(enumerable, empty_fallback) when is_function(empty_fallback, 0) do
    first_fun = &[&1 | &1]
    reduce_fun = fn entry, [min | max] -> [Kernel.min(min, entry) | Kernel.max(max, entry)] end

    case reduce_by_min_max(enumerable, first_fun, reduce_fun) do
      :empty -> empty_fallback.()
      [min | max] -> {min, max}
    end
  end

  def min_max_by(enumerable, fun, empty_fallback) when is_function(fun, 1) and is_function(empty_fallback, 0) do
    min_max_by(enumerable, fun, &</2, empty_fallback)
  end

  def min_max_by(enumerable, fun, sorter_or_empty_fallback \\ &</2, empty_fallback \\ &raise_empty/0)

  def min_max_by(enumerable, fun, sorter, empty_fallback)
      when is_function(fun, 1) and is_atom(sorter) and is_function(empty_fallback, 0) do
    min_max_by(enumerable, fun, &(sorter.compare(&1, &2) == :lt), empty_fallback)
  end

  def min_max_by(enumerable, fun, sorter, empty_fallback)
      when is_function(fun, 1) and is_function(sorter, 2) and is_function(empty_fallback, 0) do
    first_fun = fn entry ->
      fun_entry = fun.(entry)
      {entry, entry, fun_entry, fun_entry}
    end

    reduce_fun = fn entry, {prev_min, prev_max, fun_min, fun_max} = acc ->
      fun_entry = fun.(entry)

      cond do
        sorter.(fun_entry, fun_min) -> {entry, prev_max, fun_entry, fun_max}
        sorter.(fun_max, fun_entry) -> {prev_min, entry, fun_min, fun_entry}
        true -> acc
      end
    end

    case reduce_by_min_max_by(enumerable, first_fun, reduce_fun) do
      :empty -> empty_fallback.()
      {min, max, _, _} -> {min, max}
    end
  end

  ## Sorting

  def sort(enumerable) when is_list(enumerable), do: :lists.sort(enumerable)
  def sort(enumerable), do: :lists.sort(fold_list(enumerable))

  # A list is :lists.sort/2 by the sorter's fun, as Elixir's; a proper one sorted :asc or
  # :desc takes the native (stable) :lists.sort/1 for the same order (reversing before and
  # after a stable ascending sort gives the stable descending order of `&>=/2`).
  def sort(enumerable, :asc) when is_list(enumerable) and length(enumerable) >= 0, do: :lists.sort(enumerable)

  def sort(enumerable, :desc) when is_list(enumerable) and length(enumerable) >= 0,
    do: enumerable |> :lists.reverse() |> :lists.sort() |> :lists.reverse()

  def sort(enumerable, sorter) when is_list(enumerable), do: :lists.sort(to_sort_fun(sorter), enumerable)
  def sort(enumerable, :asc), do: :lists.sort(fold_list(enumerable))
  def sort(enumerable, :desc), do: enumerable |> reverse() |> :lists.sort() |> :lists.reverse()
  def sort(enumerable, sorter), do: :lists.sort(to_sort_fun(sorter), fold_list(enumerable))

  # The elements in Enum.reduce/3's order (maps above 32 keys: :maps.fold/3's), which is
  # what Elixir's sort sees first, so ties keep that order.
  defp fold_list(enumerable) do
    case Enum.__fold_list__(enumerable) do
      :lazy -> to_list(enumerable)
      list -> list
    end
  end

  defp to_sort_fun(sorter) when is_function(sorter, 2), do: sorter
  defp to_sort_fun(:asc), do: &<=/2
  defp to_sort_fun(:desc), do: &>=/2
  defp to_sort_fun(module) when is_atom(module), do: &(module.compare(&1, &2) != :gt)
  defp to_sort_fun({:asc, module}) when is_atom(module), do: &(module.compare(&1, &2) != :gt)
  defp to_sort_fun({:desc, module}) when is_atom(module), do: &(module.compare(&1, &2) != :lt)

  def sort_by(enumerable, mapper, sorter \\ :asc)

  def sort_by(enumerable, mapper, :desc) when is_function(mapper, 1) do
    enumerable
    |> Enum.reduce([], &[{&1, mapper.(&1)} | &2])
    |> List.keysort(1, :asc)
    |> List.foldl([], &[elem(&1, 0) | &2])
  end

  def sort_by(enumerable, mapper, sorter) when is_function(mapper, 1) do
    enumerable
    |> map(&{&1, mapper.(&1)})
    |> List.keysort(1, sorter)
    |> map(&elem(&1, 0))
  end

  ## Zipping

  def unzip([_ | _] = list), do: :lists.reverse(list) |> unzip([], [])
  def unzip([]), do: {[], []}

  def unzip(enumerable) do
    {list1, list2} =
      reduce_unzip(enumerable, {[], []}, fn {el1, el2}, {list1, list2} -> {[el1 | list1], [el2 | list2]} end)

    {:lists.reverse(list1), :lists.reverse(list2)}
  end

  defp unzip([{el1, el2} | reversed_list], list1, list2), do: unzip(reversed_list, [el1 | list1], [el2 | list2])
  defp unzip([], list1, list2), do: {list1, list2}

  def zip(enumerable1, enumerable2) when is_list(enumerable1) and is_list(enumerable2) do
    zip_list(enumerable1, enumerable2, [])
  end

  def zip(enumerable1, enumerable2), do: zip([enumerable1, enumerable2])

  def zip([]), do: []

  def zip(enumerables) do
    zip_reduce(enumerables, [], &[List.to_tuple(&1) | &2])
    |> :lists.reverse()
  end

  def zip_with(enumerable1, enumerable2, zip_fun)
      when is_list(enumerable1) and is_list(enumerable2) and is_function(zip_fun, 2) do
    zip_with_list(enumerable1, enumerable2, zip_fun)
  end

  def zip_with(enumerable1, enumerable2, zip_fun) when is_function(zip_fun, 2) do
    zip_reduce(enumerable1, enumerable2, [], fn l, r, acc -> [zip_fun.(l, r) | acc] end)
    |> :lists.reverse()
  end

  def zip_with([], _fun), do: []

  def zip_with(enumerables, zip_fun) do
    zip_reduce(enumerables, [], fn values, acc -> [zip_fun.(values) | acc] end)
    |> :lists.reverse()
  end

  def zip_reduce(left, right, acc, reducer) when is_list(left) and is_list(right) and is_function(reducer, 3) do
    zip_reduce_list(left, right, acc, reducer)
  end

  def zip_reduce(left, right, acc, reducer) when is_function(reducer, 3) do
    reduce = fn [l, r], acc -> {:cont, reducer.(l, r, acc)} end
    Stream.zip_with([left, right], & &1).({:cont, acc}, reduce) |> elem(1)
  end

  def zip_reduce([], acc, reducer) when is_function(reducer, 2), do: acc

  def zip_reduce(enums, acc, reducer) when is_function(reducer, 2) do
    Stream.zip_with(enums, & &1).({:cont, acc}, &{:cont, reducer.(&1, &2)}) |> elem(1)
  end

  ## Helpers

  defp raise_empty, do: :erlang.error(Enum.EmptyError.exception([]))

  defp entry_to_string(entry) when is_binary(entry), do: entry
  defp entry_to_string(entry), do: to_string(entry)

  # :lists.foldl/3 as Elixir's compiler inlines it (sys_core_fold_lists) into each function
  # that reduces a list: a loop of that function's own, named after it, taking the fun
  # first, that fails with function_clause and its (fun, acc, rest) on an improper list.
  # Each reduce_NAME/3 is reduce/3 inlined into NAME: a list runs its loop, anything
  # else reduce/3; reduce_by_NAME/3 the same for reduce_by/3.
  for {reducer, loop} <- [
        reduce_aggregate: :"-aggregate/3-lists^foldl/2-0-",
        reduce_concat_enum0: :"-concat_enum/1-lists^foldl/2-0-",
        reduce_concat_enum1: :"-concat_enum/1-lists^foldl/2-1-",
        reduce_count: :"-count/2-lists^foldl/2-0-",
        reduce_dedup_by: :"-dedup_by/2-lists^foldl/2-0-",
        reduce_drop: :"-drop/2-lists^foldl/2-0-",
        reduce_drop_every: :"-drop_every/2-lists^foldl/2-0-",
        reduce_drop_while: :"-drop_while/2-lists^foldl/2-0-",
        reduce_flat_map: :"-flat_map/2-lists^foldl/2-0-",
        reduce_flat_map_reduce: :"-flat_map_reduce/3-lists^foldl/2-0-",
        reduce_frequencies: :"-frequencies/1-lists^foldl/2-0-",
        reduce_frequencies_by: :"-frequencies_by/2-lists^foldl/2-0-",
        reduce_group_by: :"-group_by/3-lists^foldl/2-0-",
        reduce_group_by1: :"-group_by/3-lists^foldl/2-1-",
        reduce_intersperse: :"-intersperse/2-lists^foldl/2-0-",
        reduce_join: :"-join/2-lists^foldl/2-0-",
        reduce_map_every: :"-map_every/3-lists^foldl/2-0-",
        reduce_map_intersperse: :"-map_intersperse/3-lists^foldl/2-0-",
        reduce_reverse1: :"-reverse/1-lists^foldl/2-0-",
        reduce_reverse2: :"-reverse/2-lists^foldl/2-0-",
        reduce_scan2: :"-scan/2-lists^foldl/2-0-",
        reduce_scan3: :"-scan/3-lists^foldl/2-0-",
        reduce_shuffle: :"-shuffle/1-lists^foldl/2-0-",
        reduce_split: :"-split/2-lists^foldl/2-0-",
        reduce_split_while: :"-split_while/2-lists^foldl/2-0-",
        reduce_split_with: :"-split_with/2-lists^foldl/2-0-",
        reduce_take_every: :"-take_every/2-lists^foldl/2-0-",
        reduce_uniq_by: :"-uniq_by/2-lists^foldl/2-0-",
        reduce_unzip: :"-unzip/1-lists^foldl/2-0-"
      ] do
    defp unquote(reducer)(enumerable, acc, fun) when is_list(enumerable), do: unquote(loop)(fun, acc, enumerable)
    defp unquote(reducer)(enumerable, acc, fun), do: reduce(enumerable, acc, fun)
  end

  for {reducer, loop} <- [
        reduce_by_aggregate_by: :"-aggregate_by/4-lists^foldl/2-0-",
        reduce_by_min_max: :"-min_max/2-lists^foldl/2-0-",
        reduce_by_min_max_by: :"-min_max_by/4-lists^foldl/2-0-"
      ] do
    defp unquote(reducer)([head | tail], first, fun), do: unquote(loop)(fun, first.(head), tail)
    defp unquote(reducer)([], _first, _fun), do: :empty
    defp unquote(reducer)(enumerable, first, fun), do: reduce_by(enumerable, first, fun)
  end

  for loop <- [
        :"-aggregate/3-lists^foldl/2-0-",
        :"-concat_enum/1-lists^foldl/2-0-",
        :"-concat_enum/1-lists^foldl/2-1-",
        :"-count/2-lists^foldl/2-0-",
        :"-dedup_by/2-lists^foldl/2-0-",
        :"-drop/2-lists^foldl/2-0-",
        :"-drop_every/2-lists^foldl/2-0-",
        :"-drop_while/2-lists^foldl/2-0-",
        :"-flat_map/2-lists^foldl/2-0-",
        :"-flat_map_reduce/3-lists^foldl/2-0-",
        :"-frequencies/1-lists^foldl/2-0-",
        :"-frequencies_by/2-lists^foldl/2-0-",
        :"-group_by/3-lists^foldl/2-0-",
        :"-group_by/3-lists^foldl/2-1-",
        :"-intersperse/2-lists^foldl/2-0-",
        :"-join/2-lists^foldl/2-0-",
        :"-map_every/3-lists^foldl/2-0-",
        :"-map_intersperse/3-lists^foldl/2-0-",
        :"-reverse/1-lists^foldl/2-0-",
        :"-reverse/2-lists^foldl/2-0-",
        :"-scan/2-lists^foldl/2-0-",
        :"-scan/3-lists^foldl/2-0-",
        :"-shuffle/1-lists^foldl/2-0-",
        :"-split/2-lists^foldl/2-0-",
        :"-split_while/2-lists^foldl/2-0-",
        :"-split_with/2-lists^foldl/2-0-",
        :"-take_every/2-lists^foldl/2-0-",
        :"-uniq_by/2-lists^foldl/2-0-",
        :"-unzip/1-lists^foldl/2-0-",
        :"-aggregate_by/4-lists^foldl/2-0-",
        :"-min_max/2-lists^foldl/2-0-",
        :"-min_max_by/4-lists^foldl/2-0-",
        :"-reduce/3-lists^foldl/2-0-",
        :"-reduce/2-lists^foldl/2-0-",
        :"-reduce_into_protocol/3-lists^foldl/2-0-"
      ] do
    defp unquote(loop)(fun, acc, [head | tail]), do: unquote(loop)(fun, fun.(head, acc), tail)
    # (lists:foldl/3's last clause wants a fun of two arguments, and so do its copies)
    defp unquote(loop)(fun, acc, []) when is_function(fun, 2), do: acc
    defp unquote(loop)(fun, acc, rest), do: :erlang.error(:function_clause, [fun, acc, rest])
  end

  # (and :lists.foreach/2 and :lists.mapfoldl/3 inlined the same way)
  defp unquote(:"-each/2-lists^foreach/1-0-")(fun, [head | tail]) do
    fun.(head)
    unquote(:"-each/2-lists^foreach/1-0-")(fun, tail)
  end

  defp unquote(:"-each/2-lists^foreach/1-0-")(fun, []) when is_function(fun, 1), do: :ok
  defp unquote(:"-each/2-lists^foreach/1-0-")(fun, rest), do: :erlang.error(:function_clause, [fun, rest])

  defp unquote(:"-map_reduce/3-lists^mapfoldl/2-0-")(fun, acc, [head | tail]) do
    {mapped, acc} = fun.(head, acc)
    {rest, acc} = unquote(:"-map_reduce/3-lists^mapfoldl/2-0-")(fun, acc, tail)
    {[mapped | rest], acc}
  end

  defp unquote(:"-map_reduce/3-lists^mapfoldl/2-0-")(fun, acc, []) when is_function(fun, 2), do: {[], acc}
  defp unquote(:"-map_reduce/3-lists^mapfoldl/2-0-")(fun, acc, rest), do: :erlang.error(:function_clause, [fun, acc, rest])

  defp reduce_range(first, last, step, acc, fun) when step > 0 and first <= last do
    reduce_range(first + step, last, step, fun.(first, acc), fun)
  end

  defp reduce_range(first, last, step, acc, fun) when step < 0 and first >= last do
    reduce_range(first + step, last, step, fun.(first, acc), fun)
  end

  defp reduce_range(_first, _last, _step, acc, _fun), do: acc

  defp reduce_enumerable(enumerable, acc, fun) do
    Enumerable.reduce(enumerable, {:cont, acc}, fn x, acc -> {:cont, fun.(x, acc)} end) |> elem(1)
  end

  # (laid out as Elixir's: where a clause applies the empty fallback is its frame's line)
  defp aggregate([head | tail], fun, _empty) do
    aggregate_list(tail, head, fun)
  end

  defp aggregate([], _fun, empty) do
    empty.()
  end

  defp aggregate(%{__struct__: Range, first: first, last: last, step: step} = range, fun, empty) do
    case Range.size(range) do
      0 ->
        empty.()

      _ ->
        last = last - rem(last - first, step)

        case fun.(first, last) do
          true -> first
          false -> last
        end
    end
  end

  defp aggregate(enumerable, fun, empty) do
    ref = make_ref()

    enumerable
    |> reduce_aggregate(ref, fn
      element, ^ref ->
        element

      element, acc ->
        case fun.(acc, element) do
          true -> acc
          false -> element
        end
    end)
    |> case do
      ^ref -> empty.()
      result -> result
    end
  end

  defp aggregate_list([head | tail], acc, fun) do
    acc =
      case fun.(acc, head) do
        true -> acc
        false -> head
      end

    aggregate_list(tail, acc, fun)
  end

  defp aggregate_list([], acc, _fun), do: acc

  defp aggregate_by(enumerable, fun, sorter, empty_fallback) do
    first_fun = &[&1 | fun.(&1)]

    reduce_fun = fn entry, [_ | fun_ref] = old ->
      fun_entry = fun.(entry)

      case sorter.(fun_ref, fun_entry) do
        true -> old
        false -> [entry | fun_entry]
      end
    end

    case reduce_by_aggregate_by(enumerable, first_fun, reduce_fun) do
      :empty -> empty_fallback.()
      [entry | _] -> entry
    end
  end

  defp reduce_by([head | tail], first, fun), do: :lists.foldl(fun, first.(head), tail)
  defp reduce_by([], _first, _fun), do: :empty

  defp reduce_by(enumerable, first, fun) do
    reduce(enumerable, :empty, fn
      element, :empty -> first.(element)
      element, acc -> fun.(element, acc)
    end)
  end

  defp all_list([h | t]), do: if(h, do: all_list(t), else: false)
  defp all_list([]), do: true

  defp all_list([h | t], fun), do: if(fun.(h), do: all_list(t, fun), else: false)
  defp all_list([], _), do: true

  defp any_list([h | t]), do: if(h, do: true, else: any_list(t))
  defp any_list([]), do: false

  defp any_list([h | t], fun), do: if(fun.(h), do: true, else: any_list(t, fun))
  defp any_list([], _), do: false

  defp concat_list([h | t]) when is_list(h), do: h ++ concat_list(t)
  defp concat_list([h | t]), do: concat_enum([h | t])
  defp concat_list([]), do: []

  defp concat_enum(enum) do
    fun = &[&1 | &2]
    enum |> reduce_concat_enum1([], &reduce_concat_enum0(&1, &2, fun)) |> :lists.reverse()
  end

  defp dedup_list([value | tail], acc) do
    acc =
      case acc do
        [^value | _] -> acc
        _ -> [value | acc]
      end

    dedup_list(tail, acc)
  end

  defp dedup_list([], acc), do: acc

  defp drop_list(list, 0), do: list
  defp drop_list([_ | tail], counter), do: drop_list(tail, counter - 1)
  defp drop_list([], _), do: []

  defp drop_while_list([head | tail], fun) do
    if fun.(head), do: drop_while_list(tail, fun), else: [head | tail]
  end

  defp drop_while_list([], _), do: []

  defp find_list([head | tail], default, fun), do: if(fun.(head), do: head, else: find_list(tail, default, fun))
  defp find_list([], default, _), do: default

  defp find_index_list([head | tail], counter, fun) do
    if fun.(head), do: counter, else: find_index_list(tail, counter + 1, fun)
  end

  defp find_index_list([], _, _), do: nil

  defp find_value_list([head | tail], default, fun), do: fun.(head) || find_value_list(tail, default, fun)
  defp find_value_list([], default, _), do: default

  # Elixir's list helpers below (flat_map_list/2, reject_list/2, take_while_list/2,
  # uniq_list/3, with_index_list/2,3) are body recursive: a frame per element waits for the
  # rest. beamsh runs each as Elixir's function for the first element and the rest in a
  # loop of its own with an accumulator (`:"NAME/ARITY loop"`, whose frames show as NAME/ARITY:
  # code.ts shownAs), so a long list costs no frame per element. A stack trace shows what the
  # BEAM's would: the BEAM records a return address repeated by recursion once, so the frames
  # waiting below the loop show as the one frame of Elixir's function waiting under it (at the
  # line of its call), and the loop's own frame is where the element it was at failed. An
  # improper tail fails in the loop with Elixir's function's arguments.

  # (laid out as Elixir's: which of its two calls waits is the line its frame shows)
  defp flat_map_list([head | tail], fun) do
    case fun.(head) do
      list when is_list(list) -> list ++ unquote(:"flat_map_list/2 loop")(tail, fun, [], true)
      other -> to_list(other) ++ unquote(:"flat_map_list/2 loop")(tail, fun, [], false)
    end
  end

  defp flat_map_list([], _fun) do
    []
  end

  # The elements after the first: each one's list kept (`acc`, last first) while the fun
  # gives lists (`lists?`) as it did for the element whose frame waits below, or anything
  # else as it did; an element that changes that waits (a frame) at the line of its own
  # kind, as Elixir's frames then show one more line. Then the lists are joined from the
  # last, with ++ as Elixir's frames do (a list that is not proper fails there).
  defp unquote(:"flat_map_list/2 loop")([head | tail], fun, acc, lists?) do
    case fun.(head) do
      list when is_list(list) -> if lists?, do: unquote(:"flat_map_list/2 loop")(tail, fun, [list | acc], true), else: unquote(:"flat_map_list/2 loop")(acc, list ++ unquote(:"flat_map_list/2 loop")(tail, fun, [], true))
      other ->
        # (a line apart from the call that waits: a frame failing in to_list/1 and the
        # frame waiting for it are two return addresses on the BEAM, not one repeated)
        list = to_list(other)
        if lists?, do: unquote(:"flat_map_list/2 loop")(acc, list ++ unquote(:"flat_map_list/2 loop")(tail, fun, [], false)), else: unquote(:"flat_map_list/2 loop")(tail, fun, [list | acc], false)
    end
  end

  defp unquote(:"flat_map_list/2 loop")([], _fun, acc, _lists?), do: unquote(:"flat_map_list/2 loop")(acc, [])
  defp unquote(:"flat_map_list/2 loop")(tail, fun, _acc, _lists?), do: :erlang.error(:function_clause, [tail, fun])

  defp unquote(:"flat_map_list/2 loop")([list | lists], joined) do
    # (its ++ on the line of Elixir's that joins a list: a frame's line is its offset)
    unquote(:"flat_map_list/2 loop")(lists, list ++ joined)
  end

  defp unquote(:"flat_map_list/2 loop")([], joined), do: joined

  defp flat_reverse([h | t], acc), do: flat_reverse(t, h ++ acc)
  defp flat_reverse([], acc), do: acc

  defp intersperse_non_empty_list([head], _separator), do: [head]

  defp intersperse_non_empty_list([head | rest], separator) do
    [head, separator | intersperse_non_empty_list(rest, separator)]
  end

  defp join_list([], _joiner), do: ""

  defp join_list(list, joiner) do
    join_non_empty_list(list, joiner, [])
    |> :lists.reverse()
    |> IO.iodata_to_binary()
  end

  defp join_non_empty_list([first], _joiner, acc), do: [entry_to_string(first) | acc]

  defp join_non_empty_list([first | rest], joiner, acc) do
    join_non_empty_list(rest, joiner, [joiner, entry_to_string(first) | acc])
  end


  defp map_intersperse_list([], _, _), do: []
  defp map_intersperse_list([last], _, mapper), do: [mapper.(last)]

  defp map_intersperse_list([head | rest], separator, mapper) do
    [mapper.(head), separator | map_intersperse_list(rest, separator, mapper)]
  end

  defp reject_list([head | tail], fun) do
    if fun.(head) do
      reject_list(tail, fun)
    else
      [head | unquote(:"reject_list/2 loop")(tail, fun, [])]
    end
  end

  defp reject_list([], _fun) do
    []
  end

  # (past the first element kept: see flat_map_list/2)
  defp unquote(:"reject_list/2 loop")([head | tail], fun, acc) do
    if fun.(head) do
      unquote(:"reject_list/2 loop")(tail, fun, acc)
    else
      unquote(:"reject_list/2 loop")(tail, fun, [head | acc])
    end
  end

  defp unquote(:"reject_list/2 loop")([], _fun, acc), do: :lists.reverse(acc)
  defp unquote(:"reject_list/2 loop")(tail, fun, _acc), do: :erlang.error(:function_clause, [tail, fun])

  defp scan_list([], _acc, _fun), do: []

  defp scan_list([elem | rest], acc, fun) do
    acc = fun.(elem, acc)
    [acc | scan_list(rest, acc, fun)]
  end

  defp slice_forward(enumerable, start, amount, step) when start < 0 do
    {count, fun} = slice_count_and_fun(enumerable, step)
    start = count + start

    if start >= 0 do
      amount = Kernel.min(amount, count - start)
      amount = if step == 1, do: amount, else: div(amount - 1, step) + 1
      fun.(start, amount, step)
    else
      []
    end
  end

  defp slice_forward(list, start, amount, step) when is_list(list) do
    amount = if step == 1, do: amount, else: div(amount - 1, step) + 1
    slice_list(list, start, amount, step)
  end

  defp slice_forward(enumerable, start, amount, step) do
    case Enumerable.slice(enumerable) do
      {:ok, count, _} when start >= count ->
        []

      {:ok, count, fun} when is_function(fun, 1) ->
        amount = Kernel.min(amount, count - start)
        enumerable |> fun.() |> slice_exact(start, amount, step, count)

      # Slicing functions of two arguments are what Elixir before 1.14 asked for.
      {:ok, count, fun} when is_function(fun, 2) ->
        amount = Kernel.min(amount, count - start)

        if step == 1 do
          fun.(start, amount)
        else
          fun.(start, Kernel.min(amount * step, count - start)) |> take_every_list(amount, step - 1)
        end

      {:ok, count, fun} when is_function(fun, 3) ->
        amount = Kernel.min(amount, count - start)
        amount = if step == 1, do: amount, else: div(amount - 1, step) + 1
        fun.(start, amount, step)

      {:error, module} ->
        slice_enum(enumerable, module, start, amount, step)
    end
  end

  defp slice_range(enumerable, first, -1, step) when first >= 0 do
    if step == 1 do
      drop(enumerable, first)
    else
      enumerable |> drop(first) |> take_every_list(step - 1)
    end
  end

  defp slice_range(enumerable, first, last, step) when last >= first and last >= 0 and first >= 0 do
    slice_forward(enumerable, first, last - first + 1, step)
  end

  defp slice_range(enumerable, first, last, step) do
    {count, fun} = slice_count_and_fun(enumerable, step)
    first = if first >= 0, do: first, else: Kernel.max(first + count, 0)
    last = if last >= 0, do: last, else: last + count
    amount = last - first + 1

    if first < count and amount > 0 do
      amount = Kernel.min(amount, count - first)
      amount = if step == 1, do: amount, else: div(amount - 1, step) + 1
      fun.(first, amount, step)
    else
      []
    end
  end

  defp slice_list(list, start, amount, step) do
    if step == 1 do
      list |> drop_list(start) |> take_list(amount, [])
    else
      list |> drop_list(start) |> take_every_list(amount, step - 1)
    end
  end

  defp slice_enum(enumerable, module, start, amount, 1) do
    {_, {_, _, slice}} =
      module.reduce(enumerable, {:cont, {start, amount, []}}, fn
        _entry, {start, amount, _list} when start > 0 -> {:cont, {start - 1, amount, []}}
        entry, {start, amount, list} when amount > 1 -> {:cont, {start, amount - 1, [entry | list]}}
        entry, {start, amount, list} -> {:halt, {start, amount, [entry | list]}}
      end)

    :lists.reverse(slice)
  end

  defp slice_enum(enumerable, module, start, amount, step) do
    {_, {_, _, _, slice}} =
      module.reduce(enumerable, {:cont, {start, amount, 1, []}}, fn
        _entry, {start, amount, to_drop, _list} when start > 0 ->
          {:cont, {start - 1, amount, to_drop, []}}

        entry, {start, amount, to_drop, list} when amount > 1 ->
          case to_drop do
            1 -> {:cont, {start, amount - 1, step, [entry | list]}}
            _ -> {:cont, {start, amount - 1, to_drop - 1, list}}
          end

        entry, {start, amount, to_drop, list} ->
          case to_drop do
            1 -> {:halt, {start, amount, to_drop, [entry | list]}}
            _ -> {:halt, {start, amount, to_drop, list}}
          end
      end)

    :lists.reverse(slice)
  end

  defp slice_count_and_fun(list, _step) when is_list(list) do
    length = length(list)
    {length, &slice_exact(list, &1, &2, &3, length)}
  end

  defp slice_count_and_fun(enumerable, step) do
    case Enumerable.slice(enumerable) do
      {:ok, count, fun} when is_function(fun, 3) ->
        {count, fun}

      {:ok, count, fun} when is_function(fun, 2) ->
        if step == 1 do
          {count, fn start, amount, 1 -> fun.(start, amount) end}
        else
          {count,
           fn start, amount, step ->
             fun.(start, Kernel.min(amount * step, count - start)) |> take_every_list(amount, step - 1)
           end}
        end

      {:ok, count, fun} when is_function(fun, 1) ->
        {count, &slice_exact(fun.(enumerable), &1, &2, &3, count)}

      {:error, module} ->
        {list, count} =
          enumerable
          |> module.reduce({:cont, {[], 0}}, fn elem, {acc, count} -> {:cont, {[elem | acc], count + 1}} end)
          |> elem(1)

        {count, fn start, amount, step -> list |> :lists.reverse() |> slice_exact(start, amount, step, count) end}
    end
  end

  defp slice_exact(_list, _start, 0, _step, _), do: []
  defp slice_exact(list, start, amount, 1, size) when start + amount == size, do: list |> drop_exact(start)
  defp slice_exact(list, start, amount, 1, _), do: list |> drop_exact(start) |> take_exact(amount)
  defp slice_exact(list, start, amount, step, _), do: list |> drop_exact(start) |> take_every_list(amount, step - 1)

  defp drop_exact(list, 0), do: list
  defp drop_exact([_ | tail], amount), do: drop_exact(tail, amount - 1)

  defp take_exact(_list, 0), do: []
  defp take_exact([head | tail], amount), do: [head | take_exact(tail, amount - 1)]

  defp split_list([head | tail], counter, acc) when counter > 0, do: split_list(tail, counter - 1, [head | acc])
  defp split_list(list, 0, acc), do: {:lists.reverse(acc), list}
  defp split_list([], _, acc), do: {:lists.reverse(acc), []}

  defp split_reverse_list([head | tail], counter, acc) when counter > 0 do
    split_reverse_list(tail, counter - 1, [head | acc])
  end

  defp split_reverse_list(list, 0, acc), do: {:lists.reverse(list), acc}
  defp split_reverse_list([], _, acc), do: {[], acc}

  defp split_while_list([head | tail], fun, acc) do
    if fun.(head), do: split_while_list(tail, fun, [head | acc]), else: {:lists.reverse(acc), [head | tail]}
  end

  defp split_while_list([], _, acc), do: {:lists.reverse(acc), []}

  defp take_list(_list, 0, acc), do: :lists.reverse(acc)
  defp take_list([head | tail], counter, acc), do: take_list(tail, counter - 1, [head | acc])
  defp take_list([], _counter, acc), do: :lists.reverse(acc)

  defp take_every_list([head | tail], to_drop), do: [head | tail |> drop_list(to_drop) |> take_every_list(to_drop)]
  defp take_every_list([], _to_drop), do: []

  defp take_every_list(_list, 0, _to_drop), do: []

  defp take_every_list([head | tail], counter, to_drop),
    do: [head | tail |> drop_list(to_drop) |> take_every_list(counter - 1, to_drop)]

  defp take_every_list([], _counter, _to_drop), do: []

  defp take_while_list([head | tail], fun) do
    if fun.(head) do
      [head | unquote(:"take_while_list/2 loop")(tail, fun, [])]
    else
      []
    end
  end

  defp take_while_list([], _) do
    []
  end

  # (past the first element: see flat_map_list/2)
  defp unquote(:"take_while_list/2 loop")([head | tail], fun, acc) do
    if fun.(head) do
      unquote(:"take_while_list/2 loop")(tail, fun, [head | acc])
    else
      :lists.reverse(acc)
    end
  end

  defp unquote(:"take_while_list/2 loop")([], _fun, acc), do: :lists.reverse(acc)
  defp unquote(:"take_while_list/2 loop")(tail, fun, _acc), do: :erlang.error(:function_clause, [tail, fun])

  defp uniq_list([head | tail], set, fun) do
    value = fun.(head)

    case set do
      %{^value => true} -> uniq_list(tail, set, fun)
      %{} -> [head | unquote(:"uniq_list/3 loop")(tail, Map.put(set, value, true), fun, [])]
    end
  end

  defp uniq_list([], _set, _fun) do
    []
  end

  # (past the first element kept: see flat_map_list/2)
  defp unquote(:"uniq_list/3 loop")([head | tail], set, fun, acc) do
    value = fun.(head)

    case set do
      %{^value => true} -> unquote(:"uniq_list/3 loop")(tail, set, fun, acc)
      %{} -> unquote(:"uniq_list/3 loop")(tail, Map.put(set, value, true), fun, [head | acc])
    end
  end

  defp unquote(:"uniq_list/3 loop")([], _set, _fun, acc), do: :lists.reverse(acc)
  defp unquote(:"uniq_list/3 loop")(tail, set, fun, _acc), do: :erlang.error(:function_clause, [tail, set, fun])

  defp with_index_list([head | tail], offset) do
    [{head, offset} | unquote(:"with_index_list/2 loop")(tail, offset + 1, [])]
  end

  defp with_index_list([], _offset), do: []

  # (past the first element: see flat_map_list/2)
  defp unquote(:"with_index_list/2 loop")([head | tail], offset, acc) do
    unquote(:"with_index_list/2 loop")(tail, offset + 1, [{head, offset} | acc])
  end

  defp unquote(:"with_index_list/2 loop")([], _offset, acc), do: :lists.reverse(acc)
  defp unquote(:"with_index_list/2 loop")(tail, offset, _acc), do: :erlang.error(:function_clause, [tail, offset])

  defp with_index_list([head | tail], offset, fun) do
    [fun.(head, offset) | unquote(:"with_index_list/3 loop")(tail, offset + 1, fun, [])]
  end

  defp with_index_list([], _offset, _fun), do: []

  # (past the first element: see flat_map_list/2)
  defp unquote(:"with_index_list/3 loop")([head | tail], offset, fun, acc) do
    unquote(:"with_index_list/3 loop")(tail, offset + 1, fun, [fun.(head, offset) | acc])
  end

  defp unquote(:"with_index_list/3 loop")([], _offset, _fun, acc), do: :lists.reverse(acc)
  defp unquote(:"with_index_list/3 loop")(tail, offset, fun, _acc), do: :erlang.error(:function_clause, [tail, offset, fun])

  defp zip_list([head1 | next1], [head2 | next2], acc), do: zip_list(next1, next2, [{head1, head2} | acc])
  defp zip_list([], _, acc), do: :lists.reverse(acc)
  defp zip_list(_, [], acc), do: :lists.reverse(acc)

  defp zip_with_list([head1 | next1], [head2 | next2], fun), do: [fun.(head1, head2) | zip_with_list(next1, next2, fun)]
  defp zip_with_list(_, [], _fun), do: []
  defp zip_with_list([], _, _fun), do: []

  defp zip_reduce_list([head1 | next1], [head2 | next2], acc, fun) do
    zip_reduce_list(next1, next2, fun.(head1, head2, acc), fun)
  end

  defp zip_reduce_list(_, [], acc, _fun), do: acc
  defp zip_reduce_list([], _, acc, _fun), do: acc

  ## Random choices: each draws from :rand as Elixir's own Enum does, so a seeded process
  ## gets the BEAM's picks.

  def random(enumerable) when is_list(enumerable) do
    case length(enumerable) do
      0 -> raise Enum.EmptyError
      n -> enumerable |> drop_n(random_integer(0, n - 1)) |> hd()
    end
  end

  def random(enumerable) do
    picked =
      case Enumerable.slice(enumerable) do
        {:ok, 0, _} -> []
        {:ok, n, fun} when is_function(fun, 1) -> fun.(enumerable) |> drop_n(random_integer(0, n - 1)) |> :lists.sublist(1)
        {:ok, n, fun} when is_function(fun, 2) -> fun.(random_integer(0, n - 1), 1)
        {:ok, n, fun} when is_function(fun, 3) -> fun.(random_integer(0, n - 1), 1, 1)
        {:error, _} -> take_random(enumerable, 1)
      end

    case picked do
      [] -> raise Enum.EmptyError
      [x] -> x
    end
  end

  # Each element gets a random float; a stable sort by them, read backwards.
  def shuffle(enumerable) do
    tagged = reduce_shuffle(enumerable, [], fn x, acc -> [{:rand.uniform(), x} | acc] end)
    unwrap_shuffled(:lists.keysort(1, tagged), [])
  end

  defp unwrap_shuffled([{_, x} | rest], acc), do: unwrap_shuffled(rest, [x | acc])
  defp unwrap_shuffled([], acc), do: acc

  # Reservoir sampling: the i-th element (from 0) replaces a random one of the sample.
  def take_random(_enumerable, 0), do: []
  def take_random([], _count), do: []
  def take_random([h | t], 1), do: take_random_list_one(t, h, 1)

  def take_random(enumerable, 1) do
    reduced =
      reduce(enumerable, [], fn
        x, [] -> [x | 1]
        x, [current | seen] -> if :rand.uniform(seen + 1) == 1, do: [x | seen + 1], else: [current | seen + 1]
      end)

    case reduced do
      [] -> []
      [current | _seen] -> [current]
    end
  end

  def take_random(enumerable, count) when is_integer(count) and count in 0..128 do
    sample_in = fn x, {i, sample} ->
      j = random_integer(0, i)

      cond do
        i < count -> {i + 1, sample |> put_elem(i, elem(sample, j)) |> put_elem(j, x)}
        j < count -> {i + 1, put_elem(sample, j, x)}
        true -> {i + 1, sample}
      end
    end

    {size, sample} = reduce(enumerable, {0, Tuple.duplicate(nil, count)}, sample_in)
    sample |> Tuple.to_list() |> :lists.sublist(Kernel.min(count, size))
  end

  def take_random(enumerable, count) when is_integer(count) and count >= 0 do
    sample_in = fn x, {i, sample} ->
      j = random_integer(0, i)

      cond do
        i < count -> {i + 1, sample |> Map.put(i, Map.get(sample, j)) |> Map.put(j, x)}
        j < count -> {i + 1, Map.put(sample, j, x)}
        true -> {i + 1, sample}
      end
    end

    {size, sample} = reduce(enumerable, {0, %{}}, sample_in)
    sampled(sample, Kernel.min(count, size), [])
  end

  defp sampled(_sample, 0, acc), do: acc
  defp sampled(sample, n, acc), do: sampled(sample, n - 1, [Map.get(sample, n - 1) | acc])

  # (a list's one pick, walked with a last call each: an improper tail fails here)
  defp take_random_list_one([h | t], current, seen) do
    if :rand.uniform(seen + 1) == 1,
      do: take_random_list_one(t, h, seen + 1),
      else: take_random_list_one(t, current, seen + 1)
  end

  defp take_random_list_one([], current, _seen), do: [current]

  ## reverse_slice/3 and slide/3, with Elixir's clauses (where a bad argument fails)

  # The whole is reversed first (so an improper list fails in :lists.reverse/2 under
  # reverse/1), then walked back: up to the slice's end the elements go on in order, the
  # slice reversed, the rest after.
  def reverse_slice(enumerable, start_index, count)
      when is_integer(start_index) and start_index >= 0 and is_integer(count) and count >= 0 do
    reversed = reverse(enumerable)
    length = length(reversed)
    count = Kernel.min(count, length - start_index)

    if count > 0,
      do: reverse_slice(reversed, length, start_index + count, count, []),
      else: :lists.reverse(reversed)
  end

  defp reverse_slice(rest, stop, stop, count, acc) do
    {slice, rest} = head_slice(rest, count, [])
    :lists.reverse(rest, :lists.reverse(slice, acc))
  end

  defp reverse_slice([x | rest], at, stop, count, acc), do: reverse_slice(rest, at - 1, stop, count, [x | acc])

  defp head_slice(rest, 0, acc), do: {acc, rest}
  defp head_slice([x | rest], count, acc), do: head_slice(rest, count - 1, [x | acc])

  def slide(enumerable, single_index, insertion_index) when is_integer(single_index),
    do: slide(enumerable, single_index..single_index, insertion_index)

  def slide(_, %{__struct__: Range, step: step} = index_range, _insertion_index) when step != 1,
    do: raise(ArgumentError, "Enum.slide/3 does not accept ranges with custom steps, got: #{inspect(index_range)}")

  # negative indices count from the end (a count of the whole first)
  def slide(enumerable, %{__struct__: Range, first: first, last: last}, insertion_index)
      when first < 0 or last < 0 or insertion_index < 0 do
    count = Enum.count(enumerable)
    first = if first >= 0, do: first, else: Kernel.max(first + count, 0)
    last = if last >= 0, do: last, else: last + count
    insertion_index = if insertion_index >= 0, do: insertion_index, else: insertion_index + count

    if first < count and first != insertion_index,
      do: slide(enumerable, Range.new(first, last, 1), insertion_index),
      else: Enum.to_list(enumerable)
  end

  def slide(enumerable, %{__struct__: Range, first: insertion_index}, insertion_index), do: Enum.to_list(enumerable)

  def slide(_, %{__struct__: Range, first: first, last: last}, insertion_index)
      when insertion_index > first and insertion_index <= last do
    raise ArgumentError,
          "insertion index for slide must be outside the range being moved " <>
            "(tried to insert #{first}..#{last} at #{insertion_index})"
  end

  def slide(enumerable, %{__struct__: Range, first: first, last: last}, _insertion_index) when first > last,
    do: Enum.to_list(enumerable)

  # From here the range is ascending and the insertion index outside it: middle..last moves
  # in front of start.
  def slide(enumerable, %{__struct__: Range, first: first, last: last}, insertion_index) do
    impl = if is_list(enumerable), do: &slide_list_start/4, else: &slide_any/4

    cond do
      insertion_index <= first -> impl.(enumerable, insertion_index, first, last)
      insertion_index > last -> impl.(enumerable, first, last + 1, insertion_index)
    end
  end

  defp slide_any(enumerable, start, middle, last) do
    {_size, pre, post} =
      Enum.reduce(enumerable, {0, [], []}, fn x, {i, pre, post} ->
        cond do
          i < start -> {i + 1, [x | pre], post}
          i < middle -> {i + 1, pre, [x | post]}
          i <= last -> {i + 1, [x | pre], post}
          true -> {i + 1, pre, [x | post]}
        end
      end)

    :lists.reverse(pre, :lists.reverse(post))
  end

  defp slide_list_start([h | t], start, middle, last) when start > 0 and start <= middle and middle <= last,
    do: [h | slide_list_start(t, start - 1, middle - 1, last - 1)]

  defp slide_list_start(list, 0, middle, last), do: slide_list_middle(list, middle, last, [])
  defp slide_list_start([], _start, _middle, _last), do: []

  defp slide_list_middle([h | t], middle, last, acc) when middle > 0,
    do: slide_list_middle(t, middle - 1, last - 1, [h | acc])

  defp slide_list_middle(list, 0, last, start_to_middle) do
    {moved, tail} = slide_list_last(list, last + 1, [])
    moved ++ :lists.reverse(start_to_middle, tail)
  end

  # (a middle past the end: what there is)
  defp slide_list_middle([], _, _, acc), do: :lists.reverse(acc)

  defp slide_list_last([h | t], last, acc) when last > 0, do: slide_list_last(t, last - 1, [h | acc])
  defp slide_list_last(rest, 0, acc), do: {:lists.reverse(acc), rest}
  defp slide_list_last([], _, acc), do: {:lists.reverse(acc), []}

  defp drop_n(list, 0), do: list
  defp drop_n([_ | tail], n), do: drop_n(tail, n - 1)

  defp random_integer(limit, limit) when is_integer(limit), do: limit
  defp random_integer(lower, upper) when upper < lower, do: random_integer(upper, lower)
  defp random_integer(lower, upper), do: lower + :rand.uniform(upper - lower + 1) - 1

end
