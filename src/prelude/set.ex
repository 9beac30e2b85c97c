# Set (deprecated since Elixir 1.3, still shipped by 1.14): the generic set API. Each
# function hands its work to the struct module of the set it is given (MapSet, HashSet);
# two sets of different kinds are combined member by member into the first one's kind.
defmodule Set do
  @moduledoc false

  @type value :: any
  @type values :: [value]
  @type t :: map

  message = "Use the MapSet module for working with sets"

  defmacrop target(set) do
    quote do
      case unquote(set) do
        %module{} -> module
        other -> unsupported_set(other)
      end
    end
  end

  @deprecated message
  def delete(set, value), do: target(set).delete(set, value)

  @deprecated message
  def difference(set1, set2) do
    target1 = target(set1)

    if target1 == target(set2) do
      target1.difference(set1, set2)
    else
      Enumerable.reduce(set2, {:cont, set1}, fn v, acc -> {:cont, target1.delete(acc, v)} end) |> elem(1)
    end
  end

  @deprecated message
  def disjoint?(set1, set2) do
    target1 = target(set1)

    if target1 == target(set2) do
      target1.disjoint?(set1, set2)
    else
      Enumerable.reduce(set2, {:cont, true}, fn v, acc -> if target1.member?(set1, v), do: {:halt, false}, else: {:cont, acc} end)
      |> elem(1)
    end
  end

  @deprecated message
  def empty(set), do: target(set).empty(set)

  @deprecated message
  def equal?(set1, set2) do
    target1 = target(set1)
    target2 = target(set2)

    cond do
      target1 == target2 -> target1.equal?(set1, set2)
      target1.size(set1) == target2.size(set2) -> members_in?(set1, target2, set2)
      true -> false
    end
  end

  @deprecated message
  def intersection(set1, set2) do
    target1 = target(set1)
    target2 = target(set2)

    if target1 == target2 do
      target1.intersection(set1, set2)
    else
      Enumerable.reduce(set1, {:cont, target1.new()}, fn v, acc ->
        {:cont, if(target2.member?(set2, v), do: target1.put(acc, v), else: acc)}
      end)
      |> elem(1)
    end
  end

  @deprecated message
  def member?(set, value), do: target(set).member?(set, value)

  @deprecated message
  def put(set, value), do: target(set).put(set, value)

  @deprecated message
  def size(set), do: target(set).size(set)

  @deprecated message
  def subset?(set1, set2) do
    target1 = target(set1)
    target2 = target(set2)
    if target1 == target2, do: target1.subset?(set1, set2), else: members_in?(set1, target2, set2)
  end

  @deprecated message
  def to_list(set), do: target(set).to_list(set)

  @deprecated message
  def union(set1, set2) do
    target1 = target(set1)

    if target1 == target(set2) do
      target1.union(set1, set2)
    else
      Enumerable.reduce(set2, {:cont, set1}, fn v, acc -> {:cont, target1.put(acc, v)} end) |> elem(1)
    end
  end

  # Every member of set1 is in set2.
  defp members_in?(set1, target2, set2) do
    Enumerable.reduce(set1, {:cont, true}, fn v, acc -> if target2.member?(set2, v), do: {:cont, acc}, else: {:halt, false} end)
    |> elem(1)
  end

  defp unsupported_set(set), do: raise(ArgumentError, "unsupported set: #{inspect(set)}")
end
