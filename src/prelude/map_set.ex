# The fun-taking functions of MapSet, ported from Elixir 1.14 (the rest are natives).
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
