# :digraph, directed graphs as OTP's stdlib keeps them: three ETS tables owned by the
# creating process (vertices {v, label} in a set, edges {e, v1, v2, label} in a set, and a
# bag of {{:out, v}, e} / {{:in, v}, e} entries plus the id counters), so orders, ids and
# sharing between processes are those of the BEAM. The graph is the tuple
# {:digraph, vertices, edges, neighbours, cyclic?}.
defmodule :digraph do
  defp vtab({:digraph, v, _, _, _}), do: v
  defp etab({:digraph, _, e, _, _}), do: e
  defp ntab({:digraph, _, _, n, _}), do: n
  defp cyclic?({:digraph, _, _, _, c}), do: c

  def new(), do: new([])

  def new(type) do
    case parse_type(type, :protected, true) do
      {access, cyclic} ->
        v = :ets.new(:vertices, [:set, access])
        e = :ets.new(:edges, [:set, access])
        n = :ets.new(:neighbours, [:bag, access])
        :ets.insert(n, [{:"$vid", 0}, {:"$eid", 0}])
        {:digraph, v, e, n, cyclic}

      :error ->
        # Raised where OTP's digraph.erl raises it.
        :erlang.raise(:error, :badarg, [{:digraph, :new, 1, [file: 'digraph.erl', line: 83]}])
    end
  end

  # Options left to right; the last cyclicity given wins.
  defp parse_type([:acyclic | rest], access, _), do: parse_type(rest, access, false)
  defp parse_type([:cyclic | rest], access, _), do: parse_type(rest, access, true)
  defp parse_type([:protected | rest], _, cyclic), do: parse_type(rest, :protected, cyclic)
  defp parse_type([:private | rest], _, cyclic), do: parse_type(rest, :private, cyclic)
  defp parse_type([], access, cyclic), do: {access, cyclic}
  defp parse_type(_, _, _), do: :error

  def delete(g) do
    :ets.delete(vtab(g))
    :ets.delete(etab(g))
    :ets.delete(ntab(g))
  end

  def info(g) do
    memory = :ets.info(vtab(g), :memory) + :ets.info(etab(g), :memory) + :ets.info(ntab(g), :memory)
    [cyclicity: if(cyclic?(g), do: :cyclic, else: :acyclic), memory: memory, protection: :ets.info(vtab(g), :protection)]
  end

  def add_vertex(g), do: insert_vertex(g, next_id(g, :"$vid", :"$v"), [])
  def add_vertex(g, v), do: insert_vertex(g, v, [])
  def add_vertex(g, v, label), do: insert_vertex(g, v, label)

  defp insert_vertex(g, v, label) do
    :ets.insert(vtab(g), {v, label})
    v
  end

  # Ids of vertices and edges made by the graph: ['$v' | n] and ['$e' | n].
  defp next_id(g, counter, tag) do
    [{^counter, k}] = :ets.lookup(ntab(g), counter)
    true = :ets.delete(ntab(g), counter)
    true = :ets.insert(ntab(g), {counter, k + 1})
    [tag | k]
  end

  def del_vertex(g, v) do
    remove_incident(g, :ets.lookup(ntab(g), {:in, v}))
    remove_incident(g, :ets.lookup(ntab(g), {:out, v}))
    :ets.delete(vtab(g), v)
  end

  def del_vertices(g, vs) when is_list(vs) do
    Enum.each(vs, &del_vertex(g, &1))
    true
  end

  defp remove_incident(g, entries), do: del_edges(g, for({_, e} <- entries, do: e))

  def vertex(g, v) do
    case :ets.lookup(vtab(g), v) do
      [] -> false
      [found] -> found
    end
  end

  def no_vertices(g), do: :ets.info(vtab(g), :size)
  def vertices(g), do: :ets.select(vtab(g), [{{:"$1", :_}, [], [:"$1"]}])

  def source_vertices(g), do: vertices_without(g, :in)
  def sink_vertices(g), do: vertices_without(g, :out)

  defp vertices_without(g, side) do
    Enum.reduce(vertices(g), [], fn v, acc ->
      if :ets.member(ntab(g), {side, v}), do: acc, else: [v | acc]
    end)
  end

  def in_degree(g, v), do: length(:ets.lookup(ntab(g), {:in, v}))
  def out_degree(g, v), do: length(:ets.lookup(ntab(g), {:out, v}))

  def in_neighbours(g, v), do: ends(g, :ets.lookup(ntab(g), {:in, v}), 2)
  def out_neighbours(g, v), do: ends(g, :ets.lookup(ntab(g), {:out, v}), 3)

  # The vertex at `pos` of each edge, gathered in reverse.
  defp ends(g, entries, pos) do
    Enum.reduce(entries, [], fn {_, e}, acc -> [:ets.lookup_element(etab(g), e, pos) | acc] end)
  end

  def in_edges(g, v), do: for({{:in, _}, e} <- :ets.lookup(ntab(g), {:in, v}), do: e)
  def out_edges(g, v), do: for({{:out, _}, e} <- :ets.lookup(ntab(g), {:out, v}), do: e)

  def add_edge(g, v1, v2), do: insert_edge(g, next_id(g, :"$eid", :"$e"), v1, v2, [])
  def add_edge(g, v1, v2, label), do: insert_edge(g, next_id(g, :"$eid", :"$e"), v1, v2, label)
  def add_edge(g, e, v1, v2, label), do: insert_edge(g, e, v1, v2, label)

  defp insert_edge(g, e, v1, v2, label) do
    cond do
      not :ets.member(vtab(g), v1) -> {:error, {:bad_vertex, v1}}
      not :ets.member(vtab(g), v2) -> {:error, {:bad_vertex, v2}}
      edge_elsewhere?(g, e, v1, v2) -> {:error, {:bad_edge, [v1, v2]}}
      cyclic?(g) -> store_edge(g, e, v1, v2, label)
      v1 === v2 -> {:error, {:bad_edge, [v1, v2]}}
      true ->
        # An acyclic graph refuses an edge that closes a path back to its source.
        case get_path(g, v2, v1) do
          false -> store_edge(g, e, v1, v2, label)
          path -> {:error, {:bad_edge, path}}
        end
    end
  end

  # An edge id already joining other vertices cannot be reused.
  defp edge_elsewhere?(g, e, v1, v2) do
    case :ets.lookup(etab(g), e) do
      [{^e, a, b, _}] -> a !== v1 or b !== v2
      _ -> false
    end
  end

  defp store_edge(g, e, v1, v2, label) do
    :ets.insert(ntab(g), [{{:out, v1}, e}, {{:in, v2}, e}])
    :ets.insert(etab(g), {e, v1, v2, label})
    e
  end

  def del_edge(g, e), do: del_edges(g, [e])

  def del_edges(g, es) when is_list(es) do
    for e <- es do
      case :ets.lookup(etab(g), e) do
        [{^e, v1, v2, _}] -> remove_edge(g, e, v1, v2)
        [] -> :ok
      end
    end

    true
  end

  defp remove_edge(g, e, v1, v2) do
    :ets.select_delete(ntab(g), [{{{:in, v2}, e}, [], [true]}, {{{:out, v1}, e}, [], [true]}])
    :ets.delete(etab(g), e)
  end

  def no_edges(g), do: :ets.info(etab(g), :size)
  def edges(g), do: :ets.select(etab(g), [{{:"$1", :_, :_, :_}, [], [:"$1"]}])

  def edges(g, v) do
    :ets.select(ntab(g), [{{{:out, v}, :"$1"}, [], [:"$1"]}, {{{:in, v}, :"$1"}, [], [:"$1"]}])
  end

  def edge(g, e) do
    case :ets.lookup(etab(g), e) do
      [] -> false
      [found] -> found
    end
  end

  # Removes every path from v1 to v2, one found path's edges at a time.
  def del_path(g, v1, v2) do
    case get_path(g, v1, v2) do
      false ->
        true

      path ->
        remove_path_edges(g, path)
        del_path(g, v1, v2)
    end
  end

  defp remove_path_edges(g, [a, b | rest]) do
    for e <- out_edges(g, a) do
      case :ets.lookup(etab(g), e) do
        [{^e, ^a, ^b, _}] -> remove_edge(g, e, a, b)
        _ -> :ok
      end
    end

    remove_path_edges(g, [b | rest])
  end

  defp remove_path_edges(_g, _), do: true

  def get_path(g, v1, v2), do: search(out_neighbours(g, v1), v2, [], [v1], [v1], 1, g, 1)

  def get_cycle(g, v) do
    case search(out_neighbours(g, v), v, [], [v], [v], 2, g, 1) do
      false -> if v in out_neighbours(g, v), do: [v], else: false
      path -> path
    end
  end

  # Depth-first search for `target` following out-edges. `seen` are the visited vertices,
  # `path` the current path (reversed), `stack` the siblings left at each level, `depth`
  # the current path's length; a path shorter than `min` does not count (a cycle needs two).
  defp search([target | rest], target, stack, seen, path, min, g, depth) do
    if depth < min,
      do: search(rest, target, stack, seen, path, min, g, depth),
      else: Enum.reverse([target | path])
  end

  defp search([v | rest], target, stack, seen, path, min, g, depth) do
    if v in seen do
      search(rest, target, stack, seen, path, min, g, depth)
    else
      search(out_neighbours(g, v), target, [{rest, path} | stack], [v | seen], [v | path], min, g, depth + 1)
    end
  end

  defp search([], target, [{rest, path} | stack], seen, _path, min, g, depth),
    do: search(rest, target, stack, seen, path, min, g, depth - 1)

  defp search([], _target, [], _seen, _path, _min, _g, _depth), do: false

  def get_short_cycle(g, v), do: get_short_path(g, v, v)

  # Breadth-first over out-edges; the tree of predecessors is itself a digraph.
  def get_short_path(g, v1, v2) do
    tree = new()
    add_vertex(tree, v1)
    result = bfs(enqueue_out_edges(g, v1, :queue.new()), g, v2, tree)
    delete(tree)
    result
  end

  defp bfs(q, g, sink, tree) do
    case :queue.out(q) do
      {{:value, e}, q} ->
        {_, from, to, _} = edge(g, e)

        cond do
          to === sink ->
            back_to_root(tree, from, [to])

          vertex(tree, to) == false ->
            add_vertex(tree, to)
            add_edge(tree, to, from)
            bfs(enqueue_out_edges(g, to, q), g, sink, tree)

          true ->
            bfs(q, g, sink, tree)
        end

      {:empty, _} ->
        false
    end
  end

  defp back_to_root(tree, v, path) do
    case out_neighbours(tree, v) do
      [parent] -> back_to_root(tree, parent, [v | path])
      [] -> [v | path]
    end
  end

  defp enqueue_out_edges(g, v, q), do: Enum.reduce(out_edges(g, v), q, &:queue.in/2)
end
