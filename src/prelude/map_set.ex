# The fun-taking functions of MapSet, ported from Elixir 1.14 (the rest are natives).
defmodule MapSet do
  def new(enumerable, transform) when is_function(transform, 1) do
    MapSet.new(Enum.map(enumerable, transform))
  end

  # filter/2 and reject/2 keep the elements (in the map's order) for which the fun returns
  # a truthy (filter) or falsy (reject) value: any term, not only a boolean.
  def filter(%{__struct__: MapSet, map: map}, fun) when is_map(map) and is_function(fun) do
    %{__struct__: MapSet, map: Map.from_keys(kept(:maps.next(:maps.iterator(map)), fun, true), []), version: 2}
  end

  def reject(%{__struct__: MapSet, map: map}, fun) when is_map(map) and is_function(fun) do
    %{__struct__: MapSet, map: Map.from_keys(kept(:maps.next(:maps.iterator(map)), fun, false), []), version: 2}
  end

  defp kept(:none, _fun, _truthy?), do: []

  defp kept({key, _value, iter}, fun, truthy?) do
    if (!!fun.(key)) == truthy? do
      [key | kept(:maps.next(iter), fun, truthy?)]
    else
      kept(:maps.next(iter), fun, truthy?)
    end
  end
end
