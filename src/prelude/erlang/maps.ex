defmodule :maps do
  def map(fun, map) when is_function(fun, 2) and is_map(map) do
    :maps.from_list(for {k, v} <- :maps.to_list(map), do: {k, fun.(k, v)})
  end

  def filter(pred, map) when is_function(pred, 2) and is_map(map) do
    :maps.from_list(for {k, v} <- :maps.to_list(map), pred.(k, v), do: {k, v})
  end

  def filtermap(fun, map) when is_function(fun, 2) and is_map(map) do
    :maps.from_list(filtermap_pairs(fun, :maps.to_list(map), []))
  end

  def fold(fun, acc, map) when is_function(fun, 3) and is_map(map) do
    :lists.foldl(fn {k, v}, acc -> fun.(k, v, acc) end, acc, :maps.to_list(map))
  end

  def foreach(fun, map) when is_function(fun, 2) and is_map(map) do
    :lists.foreach(fn {k, v} -> fun.(k, v) end, :maps.to_list(map))
  end

  def update_with(key, fun, map) when is_function(fun, 1) and is_map(map) do
    case map do
      %{^key => value} -> Map.put(map, key, fun.(value))
      %{} -> :erlang.error({:badkey, key})
    end
  end

  def update_with(key, fun, init, map) when is_function(fun, 1) and is_map(map) do
    case map do
      %{^key => value} -> Map.put(map, key, fun.(value))
      %{} -> Map.put(map, key, init)
    end
  end

  defp filtermap_pairs(fun, [{k, v} | t], acc) do
    case fun.(k, v) do
      true -> filtermap_pairs(fun, t, [{k, v} | acc])
      false -> filtermap_pairs(fun, t, acc)
      {true, v2} -> filtermap_pairs(fun, t, [{k, v2} | acc])
    end
  end

  defp filtermap_pairs(_fun, [], acc), do: acc
end
