# Enumerable without protocols: Elixir 1.14's implementations for lists, ranges, maps,
# MapSets, functions and streams, dispatched on the type of the term (Collectable is in
# collectable.ex). Maps, MapSets and other finite enumerables are turned into lists by the
# native Enum.__to_list__/1, which returns :lazy for structs that have no implementation.
defmodule Enumerable do
  def reduce(list, acc, fun) when is_list(list), do: reduce_list(list, acc, fun)

  def reduce(%{__struct__: Range, first: first, last: last, step: step}, acc, fun),
    do: reduce_range(first, last, acc, fun, step)

  def reduce(%{__struct__: Stream} = stream, acc, fun), do: Stream.__reduce__(stream, acc, fun)
  def reduce(function, acc, fun) when is_function(function, 2), do: function.(acc, fun)

  def reduce(function, _acc, _fun) when is_function(function) do
    :erlang.error(
      Protocol.UndefinedError.exception(
        protocol: Enumerable,
        value: function,
        description: "only anonymous functions of arity 2 are enumerable"
      )
    )
  end

  def reduce(enumerable, acc, fun) do
    case Enum.__to_list__(enumerable) do
      :lazy -> undefined(enumerable)
      list -> reduce_list(list, acc, fun)
    end
  end

  @doc false
  def undefined(value), do: :erlang.error(Protocol.UndefinedError.exception(protocol: Enumerable, value: value))

  @doc false
  def reduce_list(_list, {:halt, acc}, _fun), do: {:halted, acc}
  def reduce_list(list, {:suspend, acc}, fun), do: {:suspended, acc, &reduce_list(list, &1, fun)}
  def reduce_list([], {:cont, acc}, _fun), do: {:done, acc}
  def reduce_list([head | tail], {:cont, acc}, fun), do: reduce_list(tail, fun.(head, acc), fun)

  defp reduce_range(_first, _last, {:halt, acc}, _fun, _step), do: {:halted, acc}

  defp reduce_range(first, last, {:suspend, acc}, fun, step),
    do: {:suspended, acc, &reduce_range(first, last, &1, fun, step)}

  defp reduce_range(first, last, {:cont, acc}, fun, step) when step > 0 and first <= last,
    do: reduce_range(first + step, last, fun.(first, acc), fun, step)

  defp reduce_range(first, last, {:cont, acc}, fun, step) when step < 0 and first >= last,
    do: reduce_range(first + step, last, fun.(first, acc), fun, step)

  defp reduce_range(_, _, {:cont, acc}, _fun, _step), do: {:done, acc}

  # count/1, member?/2 and slice/1 answer {:error, Enumerable} when only a reduce can tell.

  def count(list) when is_list(list), do: {:ok, length(list)}
  def count(%{__struct__: Range} = range), do: {:ok, Range.size(range)}
  def count(%{__struct__: MapSet} = set), do: {:ok, MapSet.size(set)}
  def count(%{__struct__: Date.Range} = range), do: {:ok, Date.Range.__count__(range)}
  def count(%{__struct__: _} = struct), do: lazy_or_undefined(struct)
  def count(map) when is_map(map), do: {:ok, map_size(map)}
  def count(other), do: lazy_or_undefined(other)

  def member?([], _value), do: {:ok, false}
  def member?(list, _value) when is_list(list), do: {:error, Enumerable}

  def member?(%{__struct__: Range, first: first, last: last, step: step} = range, value)
      when is_integer(value) do
    cond do
      Range.size(range) == 0 -> {:ok, false}
      first <= last -> {:ok, first <= value and value <= last and rem(value - first, step) == 0}
      true -> {:ok, last <= value and value <= first and rem(value - first, step) == 0}
    end
  end

  def member?(%{__struct__: Range}, _value), do: {:ok, false}
  def member?(%{__struct__: MapSet} = set, value), do: {:ok, MapSet.member?(set, value)}
  def member?(%{__struct__: Date.Range} = range, value), do: {:ok, Date.Range.__member__(range, value)}
  def member?(%{__struct__: _} = struct, _value), do: lazy_or_undefined(struct)
  def member?(map, {key, value}) when is_map(map) do
    case map do
      %{^key => ^value} -> {:ok, true}
      %{} -> {:ok, false}
    end
  end
  def member?(map, _other) when is_map(map), do: {:ok, false}
  def member?(other, _value), do: lazy_or_undefined(other)

  def slice([]), do: {:ok, 0, fn _, _, _ -> [] end}
  def slice(list) when is_list(list), do: {:error, Enumerable}

  def slice(%{__struct__: Range, first: first, step: step} = range) do
    # Elixir 1.14 computes the element step as `step + slice_step - 1`.
    {:ok, Range.size(range), &slice_range(first + &1 * step, step + &3 - 1, &2)}
  end

  def slice(%{__struct__: MapSet} = set), do: {:ok, MapSet.size(set), &MapSet.to_list/1}

  def slice(%{__struct__: Date.Range} = range),
    do: {:ok, Date.Range.__count__(range), &Date.Range.__slice__(range, &1, &2, &3)}
  def slice(%{__struct__: _} = struct), do: lazy_or_undefined(struct)
  def slice(map) when is_map(map), do: {:ok, map_size(map), &:maps.to_list/1}
  def slice(other), do: lazy_or_undefined(other)

  defp slice_range(current, _step, 1), do: [current]
  defp slice_range(current, step, remaining), do: [current | slice_range(current + step, step, remaining - 1)]

  defp lazy_or_undefined(%{__struct__: Stream}), do: {:error, Enumerable}
  defp lazy_or_undefined(function) when is_function(function), do: {:error, Enumerable}
  defp lazy_or_undefined(%{__struct__: _} = struct), do: undefined(struct)
  defp lazy_or_undefined(other), do: undefined(other)
end
