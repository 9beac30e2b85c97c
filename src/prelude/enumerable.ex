# The Enumerable protocol with Elixir 1.14's implementations for lists, maps, functions,
# ranges, MapSets, streams and date ranges (Collectable is in collectable.ex). Enum's
# functions take fast paths for these types (natives and Enum.__to_list__/1) and come here
# for everything else, so a user's `defimpl Enumerable` is used by all of Enum and Stream.
defprotocol Enumerable do
  def reduce(enumerable, acc, fun)
  def count(enumerable)
  def member?(enumerable, element)
  def slice(enumerable)
end

defimpl Enumerable, for: List do
  def count(list), do: {:ok, length(list)}

  def member?([], _value), do: {:ok, false}
  def member?(_list, _value), do: {:error, __MODULE__}

  def slice([]), do: {:ok, 0, fn _, _, _ -> [] end}
  def slice(_list), do: {:error, __MODULE__}

  def reduce(_list, {:halt, acc}, _fun), do: {:halted, acc}
  def reduce(list, {:suspend, acc}, fun), do: {:suspended, acc, &reduce(list, &1, fun)}
  def reduce([], {:cont, acc}, _fun), do: {:done, acc}
  def reduce([head | tail], {:cont, acc}, fun), do: reduce(tail, fun.(head, acc), fun)
end

defimpl Enumerable, for: Map do
  def count(map), do: {:ok, map_size(map)}

  def member?(map, {key, value}) do
    case map do
      %{^key => ^value} -> {:ok, true}
      %{} -> {:ok, false}
    end
  end

  def member?(_map, _other), do: {:ok, false}

  def slice(map), do: {:ok, map_size(map), &:maps.to_list/1}

  def reduce(map, acc, fun), do: Enumerable.List.reduce(:maps.to_list(map), acc, fun)
end

defimpl Enumerable, for: Function do
  def count(_function), do: {:error, __MODULE__}
  def member?(_function, _value), do: {:error, __MODULE__}
  def slice(_function), do: {:error, __MODULE__}

  def reduce(function, acc, fun) when is_function(function, 2), do: function.(acc, fun)

  def reduce(function, _acc, _fun) do
    :erlang.error(
      Protocol.UndefinedError.exception(
        protocol: @protocol,
        value: function,
        description: "only anonymous functions of arity 2 are enumerable"
      )
    )
  end
end

defimpl Enumerable, for: Range do
  def reduce(%{first: first, last: last, step: step}, acc, fun), do: reduce(first, last, acc, fun, step)

  # A range built before steps existed (a map without :step) steps by 1 or -1.
  def reduce(%{__struct__: Range, first: first, last: last} = range, acc, fun),
    do: reduce(Map.put(range, :step, if(first <= last, do: 1, else: -1)), acc, fun)

  defp reduce(_first, _last, {:halt, acc}, _fun, _step), do: {:halted, acc}

  defp reduce(first, last, {:suspend, acc}, fun, step),
    do: {:suspended, acc, &reduce(first, last, &1, fun, step)}

  defp reduce(first, last, {:cont, acc}, fun, step) when step > 0 and first <= last,
    do: reduce(first + step, last, fun.(first, acc), fun, step)

  defp reduce(first, last, {:cont, acc}, fun, step) when step < 0 and first >= last,
    do: reduce(first + step, last, fun.(first, acc), fun, step)

  defp reduce(_, _, {:cont, acc}, _fun, _step), do: {:done, acc}

  def member?(%{first: first, last: last, step: step} = range, value) when is_integer(value) do
    cond do
      Range.size(range) == 0 -> {:ok, false}
      first <= last -> {:ok, first <= value and value <= last and rem(value - first, step) == 0}
      true -> {:ok, last <= value and value <= first and rem(value - first, step) == 0}
    end
  end

  def member?(%{__struct__: Range, first: first, last: last} = range, value) when is_integer(value) and not is_map_key(range, :step),
    do: member?(Map.put(range, :step, if(first <= last, do: 1, else: -1)), value)

  def member?(_range, _value), do: {:ok, false}

  def count(range), do: {:ok, Range.size(range)}

  def slice(%{first: first, step: step} = range) do
    # Elixir 1.14 computes the element step as `step + slice_step - 1`.
    {:ok, Range.size(range), &slice(first + &1 * step, step + &3 - 1, &2)}
  end

  def slice(%{__struct__: Range, first: first, last: last} = range),
    do: slice(Map.put(range, :step, if(first <= last, do: 1, else: -1)))

  defp slice(_current, _step, 0), do: []
  defp slice(current, step, remaining), do: [current | slice(current + step, step, remaining - 1)]
end

defimpl Enumerable, for: MapSet do
  def count(set), do: {:ok, MapSet.size(set)}
  def member?(set, value), do: {:ok, MapSet.member?(set, value)}
  def slice(set), do: {:ok, MapSet.size(set), &MapSet.to_list/1}
  def reduce(set, acc, fun), do: Enumerable.List.reduce(MapSet.to_list(set), acc, fun)
end

# A stream's reduction runs here, as Elixir's own implementation (its frames are
# Enumerable.Stream's: reduce/3 and do_reduce/3 go on to do_each/4 as last calls).
defimpl Enumerable, for: Stream do
  def count(_stream), do: {:error, __MODULE__}
  def member?(_stream, _value), do: {:error, __MODULE__}
  def slice(_stream), do: {:error, __MODULE__}

  def reduce(lazy, acc, fun) do
    do_reduce(lazy, acc, fn x, [acc] ->
      {reason, acc} = fun.(x, acc)
      {reason, [acc]}
    end)
  end

  defp do_reduce(%Stream{enum: enum, funs: funs, accs: accs, done: done}, acc, fun) do
    composed = compose(funs, fun)
    reduce = &Enumerable.reduce(enum, &1, composed)
    do_each(reduce, done && {done, fun}, :lists.reverse(accs), acc)
  end

  # each stage's function wraps the reducer of the stages after it
  defp compose([entry_fun | rest], acc), do: compose(rest, entry_fun.(acc))
  defp compose([], acc), do: acc

  defp do_each(reduce, done, accs, {command, acc}) do
    case reduce.({command, [acc | accs]}) do
      {:suspended, [acc | accs], continuation} ->
        {:suspended, acc, &do_each(continuation, done, accs, &1)}

      {:halted, accs} ->
        do_done({:halted, accs}, done)

      {:done, accs} ->
        do_done({:done, accs}, done)
    end
  end

  defp do_done({reason, [acc | _]}, nil), do: {reason, acc}

  defp do_done({reason, [acc | t]}, {done, fun}) do
    [h | _] = :lists.reverse(t)

    case done.([acc, h], fun) do
      {:cont, [acc | _]} -> {reason, acc}
      {:halt, [acc | _]} -> {:halted, acc}
      {:suspend, [acc | _]} -> {:suspended, acc, &{:done, elem(&1, 1)}}
    end
  end
end

defimpl Enumerable, for: Date.Range do
  def reduce(range, acc, fun), do: Enumerable.List.reduce(Enum.__to_list__(range), acc, fun)
  def count(range), do: {:ok, Date.Range.__count__(range)}
  def member?(range, value), do: {:ok, Date.Range.__member__(range, value)}
  def slice(range), do: {:ok, Date.Range.__count__(range), &Date.Range.__slice__(range, &1, &2, &3)}
end

# The deprecated HashDict and HashSet (hash_dict.ex, hash_set.ex); their functions are
# called through a variable so that these calls are not warned about as deprecated.
defimpl Enumerable, for: HashDict do
  def reduce(dict, acc, fun), do: mod().reduce(dict, acc, fun)
  def member?(dict, {key, value}), do: {:ok, match?({:ok, ^value}, mod().fetch(dict, key))}
  def member?(_dict, _other), do: {:ok, false}
  def count(dict), do: {:ok, mod().size(dict)}
  def slice(_dict), do: {:error, __MODULE__}
  defp mod, do: HashDict
end

defimpl Enumerable, for: HashSet do
  def reduce(set, acc, fun), do: mod().reduce(set, acc, fun)
  def member?(set, member), do: {:ok, mod().member?(set, member)}
  def count(set), do: {:ok, mod().size(set)}
  def slice(_set), do: {:error, __MODULE__}
  defp mod, do: HashSet
end
