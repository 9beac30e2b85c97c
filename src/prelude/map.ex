# The fun-taking functions of Map, ported from Elixir 1.14 (the rest are natives; the same
# split holds for Keyword, List and MapSet). Errors are raised with :erlang.error/1 in the
# failing function so the stacktrace keeps its frame.
defmodule Map do
  # (a struct's module: its default struct, asked of the module as Elixir does)
  def from_struct(struct) when is_atom(struct) do
    Map.delete(struct.__struct__(), :__struct__)
  end

  def from_struct(%_{} = struct) do
    Map.delete(struct, :__struct__)
  end

  def new(%{__struct__: _} = enumerable, transform), do: new_from_enum(enumerable, transform)
  def new(%{} = map, transform), do: new_from_map(map, transform)
  def new(enumerable, transform), do: new_from_enum(enumerable, transform)

  # Maps are walked with :maps.iterator/1 (above 32 keys that is :maps.fold/3's order),
  # as are Map.filter/2 and Map.reject/2's.
  defp new_from_map(map, transform) when is_function(transform, 1) do
    :maps.from_list(do_map(:maps.next(:maps.iterator(map)), transform))
  end

  defp do_map(:none, _fun), do: []
  defp do_map({key, value, iter}, transform), do: [transform.({key, value}) | do_map(:maps.next(iter), transform)]

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
    # (Map.fetch!/2, which Elixir's compiler inlines here)
    value = :erlang.map_get(key, map)
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
    # (Map.fetch!/2, which Elixir's compiler inlines here)
    value = :erlang.map_get(key, map)

    case fun.(value) do
      {get, update} -> {get, %{map | key => update}}
      :pop -> {value, Map.delete(map, key)}
      other -> :erlang.error(RuntimeError.exception(bad_return(other)))
    end
  end

  def filter(map, fun) when is_map(map) and is_function(fun, 1) do
    :maps.from_list(do_filter(:maps.next(:maps.iterator(map)), fun))
  end

  defp do_filter(:none, _fun), do: []

  defp do_filter({key, value, iter}, fun) do
    if fun.({key, value}) do
      [{key, value} | do_filter(:maps.next(iter), fun)]
    else
      do_filter(:maps.next(iter), fun)
    end
  end

  def reject(map, fun) when is_map(map) and is_function(fun, 1) do
    :maps.from_list(do_reject(:maps.next(:maps.iterator(map)), fun))
  end

  defp do_reject(:none, _fun), do: []

  defp do_reject({key, value, iter}, fun) do
    if fun.({key, value}) do
      do_reject(:maps.next(iter), fun)
    else
      [{key, value} | do_reject(:maps.next(iter), fun)]
    end
  end

  def map(map, fun) when is_map(map) do
    :maps.map(fn k, v -> fun.({k, v}) end, map)
  end

  # (laid out as Elixir's: which clause raised is the line its entry shows)
  def equal?(%{} = map1, %{} = map2), do: map1 === map2
  def equal?(%{} = map1, map2), do: :erlang.error({:badmap, map2}, [map1, map2])
  def equal?(term, other), do: :erlang.error({:badmap, term}, [term, other])

  defp bad_return(other) do
    "the given function must return a two-element tuple or :pop, got: #{inspect(other)}"
  end
end
