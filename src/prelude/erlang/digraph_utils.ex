# :digraph_utils, algorithms over :digraph graphs (components, strong components,
# reachability, topological sort, pre/postorder, subgraphs, condensation), visiting vertices
# in the order OTP's depth-first traversals do so results come out in the BEAM's order.
defmodule :digraph_utils do
  def components(g), do: forest(g, &both/3)
  def strong_components(g), do: forest(g, &incoming/3, reverse_postorder(g))
  def cyclic_strong_components(g), do: keep_cyclic(strong_components(g), g, [])

  def reachable(vs, g) when is_list(vs), do: Enum.concat(forest(g, &outgoing/3, vs, :first))
  def reachable_neighbours(vs, g) when is_list(vs), do: Enum.concat(forest(g, &outgoing/3, vs, :not_first))
  def reaching(vs, g) when is_list(vs), do: Enum.concat(forest(g, &incoming/3, vs, :first))
  def reaching_neighbours(vs, g) when is_list(vs), do: Enum.concat(forest(g, &incoming/3, vs, :not_first))

  def topsort(g) do
    order = reverse_postorder(g)
    if length(forest(g, &incoming/3, order)) == length(:digraph.vertices(g)), do: order, else: false
  end

  def is_acyclic(g), do: loop_vertices(g) == [] and topsort(g) != false

  def arborescence_root(g) do
    if :digraph.no_edges(g) == :digraph.no_vertices(g) - 1 do
      roots =
        Enum.reduce_while(:digraph.vertices(g), [], fn v, acc ->
          case :digraph.in_degree(g, v) do
            1 -> {:cont, acc}
            0 when acc == [] -> {:cont, [v]}
            _ -> {:halt, :no}
          end
        end)

      case roots do
        [root] -> {:yes, root}
        _ -> :no
      end
    else
      :no
    end
  end

  def is_arborescence(g), do: arborescence_root(g) != :no

  def is_tree(g), do: :digraph.no_edges(g) == :digraph.no_vertices(g) - 1 and length(components(g)) == 1

  def loop_vertices(g), do: for(v <- :digraph.vertices(g), loop?(v, g), do: v)

  def subgraph(g, vs) do
    try do
      subgraph_with(g, vs, [])
    catch
      :throw, :badarg -> badarg(2, 169)
    end
  end

  def subgraph(g, vs, opts) do
    try do
      subgraph_with(g, vs, opts)
    catch
      :throw, :badarg -> badarg(3, 184)
    end
  end

  # :badarg raised where OTP's digraph_utils.erl raises it.
  defp badarg(arity, line), do: :erlang.raise(:error, :badarg, [{:digraph_utils, :subgraph, arity, [file: 'digraph_utils.erl', line: line]}])

  # The graph of strong components: one vertex per component (the list of its vertices),
  # an edge from a component to each other component its vertices point into.
  def condensation(g) do
    components = strong_components(g)
    index = components |> Enum.with_index(1) |> Enum.flat_map(fn {c, i} -> for v <- c, do: {v, i} end) |> Map.new()
    by_number = components |> Enum.with_index(1) |> Map.new(fn {c, i} -> {i, c} end)
    result = subgraph_with(g, [], [])

    for c <- components do
      targets = :ets.new(:condense, [])
      for v <- c, n <- :digraph.out_neighbours(g, v), do: :ets.insert(targets, {Map.fetch!(index, n)})
      :digraph.add_vertex(result, c)
      link_components(:ets.first(targets), targets, c, result, by_number)
      :ets.delete(targets)
    end

    result
  end

  defp link_components(:"$end_of_table", _targets, _c, _result, _by_number), do: :ok

  defp link_components(i, targets, c, result, by_number) do
    other = Map.fetch!(by_number, i)
    :digraph.add_vertex(result, other)
    if other != c, do: :digraph.add_edge(result, c, other)
    link_components(:ets.next(targets, i), targets, c, result, by_number)
  end

  def preorder(g), do: Enum.reverse(Enum.concat(forest(g, &outgoing/3)))
  def postorder(g), do: Enum.reverse(reverse_postorder(g))

  ## Traversals

  defp forest(g, step), do: forest(g, step, :digraph.vertices(g))
  defp forest(g, step, vs), do: forest(g, step, vs, :first)

  # Depth-first trees grown from each of `vs` in turn over `step` (which neighbours to
  # follow); each tree is the list of its vertices, most recently visited first.
  defp forest(g, step, vs, start) do
    visited = :ets.new(:forest, [:set])

    trees =
      Enum.reduce(vs, [], fn v, trees ->
        case start do
          :first ->
            grow([v], step, g, visited, [], trees)

          :not_first ->
            if :ets.member(visited, v), do: trees, else: grow(step.(g, v, []), step, g, visited, [], trees)
        end
      end)

    :ets.delete(visited)
    trees
  end

  defp grow([v | vs], step, g, visited, tree, trees) do
    if :ets.member(visited, v) do
      grow(vs, step, g, visited, tree, trees)
    else
      :ets.insert(visited, {v})
      grow(step.(g, v, vs), step, g, visited, [v | tree], trees)
    end
  end

  defp grow([], _step, _g, _visited, [], trees), do: trees
  defp grow([], _step, _g, _visited, tree, trees), do: [tree | trees]

  defp reverse_postorder(g) do
    visited = :ets.new(:forest, [:set])
    order = post(:digraph.vertices(g), g, visited, [])
    :ets.delete(visited)
    order
  end

  defp post([v | vs], g, visited, acc) do
    acc =
      if :ets.member(visited, v) do
        acc
      else
        :ets.insert(visited, {v})
        [v | post(outgoing(g, v, []), g, visited, acc)]
      end

    post(vs, g, visited, acc)
  end

  defp post([], _g, _visited, acc), do: acc

  defp incoming(g, v, vs), do: :digraph.in_neighbours(g, v) ++ vs
  defp outgoing(g, v, vs), do: :digraph.out_neighbours(g, v) ++ vs
  defp both(g, v, vs), do: incoming(g, v, outgoing(g, v, vs))

  # Strong components that contain a cycle: more than one vertex, or a vertex with a loop.
  defp keep_cyclic([[v] = c | cs], g, acc), do: keep_cyclic(cs, g, if(loop?(v, g), do: [c | acc], else: acc))
  defp keep_cyclic([c | cs], g, acc), do: keep_cyclic(cs, g, [c | acc])
  defp keep_cyclic([], _g, acc), do: acc

  defp loop?(v, g), do: v in :digraph.out_neighbours(g, v)

  ## Subgraphs

  defp subgraph_with(g, vs, opts), do: subgraph_opts(opts, :inherit, true, g, vs)

  defp subgraph_opts([{:type, type} | opts], _type, keep, g, vs) when type == :inherit or is_list(type),
    do: subgraph_opts(opts, type, keep, g, vs)

  defp subgraph_opts([{:keep_labels, keep} | opts], type, _keep, g, vs) when is_boolean(keep),
    do: subgraph_opts(opts, type, keep, g, vs)

  defp subgraph_opts([], :inherit, keep, g, vs) do
    info = :digraph.info(g)
    build_subgraph(g, vs, [info[:cyclicity], info[:protection]], keep)
  end

  defp subgraph_opts([], type, keep, g, vs), do: build_subgraph(g, vs, type, keep)
  defp subgraph_opts(_, _type, _keep, _g, _vs), do: throw(:badarg)

  defp build_subgraph(g, vs, type, keep) do
    sg =
      try do
        :digraph.new(type)
      rescue
        ArgumentError -> throw(:badarg)
      end

    for v <- vs do
      case :digraph.vertex(g, v) do
        false -> :ok
        {_, label} -> if keep, do: :digraph.add_vertex(sg, v, label), else: :digraph.add_vertex(sg, v)
      end
    end

    for v <- :digraph.vertices(sg), e <- :digraph.out_edges(g, v) do
      {_, v1, v2, label} = :digraph.edge(g, e)

      if :digraph.vertex(sg, v2) != false do
        :digraph.add_edge(sg, e, v1, v2, if(keep, do: label, else: []))
      end
    end

    sg
  end
end
