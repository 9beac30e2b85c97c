# Collectable without protocols: Elixir 1.14's implementations for lists, maps, MapSets and
# binaries, dispatched on the type of the term.
defmodule Collectable do
  def into([] = list), do: {[], list_collector(list)}
  def into(list) when is_list(list), do: {[], list_collector(list)}

  def into(%{__struct__: MapSet} = set) do
    fun = fn
      list, {:cont, x} -> [x | list]
      list, :done -> MapSet.union(set, MapSet.new(list))
      _, :halt -> :ok
    end

    {[], fun}
  end

  def into(%{__struct__: _} = struct), do: undefined(struct)

  def into(map) when is_map(map) do
    fun = fn
      map_acc, {:cont, {key, value}} -> Map.put(map_acc, key, value)
      map_acc, :done -> map_acc
      _map_acc, :halt -> :ok
    end

    {map, fun}
  end

  def into(binary) when is_binary(binary) do
    fun = fn
      acc, {:cont, x} when is_binary(x) and is_list(acc) -> [acc | x]
      acc, {:cont, x} when is_bitstring(x) and is_bitstring(acc) -> <<acc::bitstring, x::bitstring>>
      acc, {:cont, x} when is_bitstring(x) -> <<IO.iodata_to_binary(acc)::bitstring, x::bitstring>>
      acc, :done when is_bitstring(acc) -> acc
      acc, :done -> IO.iodata_to_binary(acc)
      _acc, :halt -> :ok
    end

    {[binary], fun}
  end

  def into(bitstring) when is_bitstring(bitstring) do
    fun = fn
      acc, {:cont, x} when is_bitstring(x) -> <<acc::bitstring, x::bitstring>>
      acc, :done -> acc
      _acc, :halt -> :ok
    end

    {bitstring, fun}
  end

  def into(other), do: undefined(other)

  defp list_collector(list) do
    fn
      list_acc, {:cont, elem} -> [elem | list_acc]
      list_acc, :done -> list ++ :lists.reverse(list_acc)
      _list_acc, :halt -> :ok
    end
  end

  defp undefined(value), do: :erlang.error(Protocol.UndefinedError.exception(protocol: Collectable, value: value))
end
