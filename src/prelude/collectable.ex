# The Collectable protocol with Elixir 1.14's implementations for lists, binaries, maps and
# MapSets: Enum.into/2,3 and `for ... into:` use it for everything but their fast paths,
# so a user's `defimpl Collectable` works with both.
defprotocol Collectable do
  def into(collectable)
end

defimpl Collectable, for: List do
  def into(list) do
    if list != [] do
      IO.warn(
        "the Collectable protocol is deprecated for non-empty lists. The behaviour of " <>
          "Enum.into/2 and \"for\" comprehensions with an :into option is incorrect " <>
          "when collecting into non-empty lists. If you're collecting into a non-empty keyword " <>
          "list, consider using Keyword.merge/2 instead. If you're collecting into a non-empty " <>
          "list, consider concatenating the two lists with the ++ operator."
      )
    end

    fun = fn
      list_acc, {:cont, elem} -> [elem | list_acc]
      list_acc, :done -> list ++ :lists.reverse(list_acc)
      _list_acc, :halt -> :ok
    end

    {[], fun}
  end
end

defimpl Collectable, for: BitString do
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

  def into(bitstring) do
    fun = fn
      acc, {:cont, x} when is_bitstring(x) -> <<acc::bitstring, x::bitstring>>
      acc, :done -> acc
      _acc, :halt -> :ok
    end

    {bitstring, fun}
  end
end

defimpl Collectable, for: Map do
  def into(map) do
    fun = fn
      map_acc, {:cont, {key, value}} -> Map.put(map_acc, key, value)
      map_acc, :done -> map_acc
      _map_acc, :halt -> :ok
    end

    {map, fun}
  end
end

defimpl Collectable, for: MapSet do
  def into(set) do
    fun = fn
      list, {:cont, x} -> [x | list]
      list, :done -> MapSet.union(set, MapSet.new(list))
      _, :halt -> :ok
    end

    {[], fun}
  end
end

# The deprecated HashDict and HashSet (hash_dict.ex, hash_set.ex).
defimpl Collectable, for: HashDict do
  def into(original) do
    mod = HashDict

    {original,
     fn
       dict, {:cont, {key, value}} -> mod.put(dict, key, value)
       dict, :done -> dict
       _, :halt -> :ok
     end}
  end
end

defimpl Collectable, for: HashSet do
  def into(original) do
    mod = HashSet

    {original,
     fn
       set, {:cont, member} -> mod.put(set, member)
       set, :done -> set
       _, :halt -> :ok
     end}
  end
end
