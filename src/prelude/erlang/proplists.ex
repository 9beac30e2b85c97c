# :proplists, property lists as OTP's stdlib handles them: an atom `a` stands for {a, true},
# a tuple's first element is its key (compared with =:=), the first entry for a key wins,
# and entries that are neither atoms nor tuples are skipped.
defmodule :proplists do
  def property({key, true}) when is_atom(key), do: key
  def property(property), do: property

  def property(key, true) when is_atom(key), do: key
  def property(key, value), do: {key, value}

  # (laid out as proplists.erl's clauses, whose lines a stack trace names; its list
  # comprehensions are the functions the Erlang compiler makes of them, failing with
  # bad_generator on what is no list)
  def unfold([p | ps]) do
    if is_atom(p) do
      [{p, true} | unfold(ps)]
    else
      [p | unfold(ps)]
    end
  end

  def unfold([]), do: []

  def compact(list_in), do: unquote(:"-compact/1-lc$^0/1-0-")(list_in)

  defp unquote(:"-compact/1-lc$^0/1-0-")([p | ps]), do: [property(p) | unquote(:"-compact/1-lc$^0/1-0-")(ps)]
  defp unquote(:"-compact/1-lc$^0/1-0-")([]), do: []
  defp unquote(:"-compact/1-lc$^0/1-0-")(other), do: :erlang.error({:bad_generator, other})

  def lookup(key, [p | ps]) do
    cond do
      is_atom(p) and p === key -> {key, true}
      keyed?(p, key) -> p
      true -> lookup(key, ps)
    end
  end

  def lookup(_key, []), do: :none

  def lookup_all(key, [p | ps]) do
    cond do
      is_atom(p) and p === key -> [{key, true} | lookup_all(key, ps)]
      keyed?(p, key) -> [p | lookup_all(key, ps)]
      true -> lookup_all(key, ps)
    end
  end

  def lookup_all(_key, []), do: []

  def is_defined(key, [p | ps]) do
    cond do
      is_atom(p) and p === key -> true
      keyed?(p, key) -> true
      true -> is_defined(key, ps)
    end
  end

  def is_defined(_key, []), do: false

  def get_value(key, list), do: get_value(key, list, :undefined)

  def get_value(key, [p | ps], default) do
    cond do
      is_atom(p) and p === key -> true
      keyed?(p, key) -> value_of(p, default)
      true -> get_value(key, ps, default)
    end
  end

  def get_value(_key, [], default), do: default

  def get_all_values(key, [p | ps]) do
    cond do
      is_atom(p) and p === key -> [true | get_all_values(key, ps)]
      keyed?(p, key) and tuple_size(p) == 2 -> [elem(p, 1) | get_all_values(key, ps)]
      true -> get_all_values(key, ps)
    end
  end

  def get_all_values(_key, []), do: []

  def append_values(key, [p | ps]) do
    cond do
      is_atom(p) and p === key -> [true | append_values(key, ps)]
      keyed?(p, key) and tuple_size(p) == 2 and is_list(elem(p, 1)) -> elem(p, 1) ++ append_values(key, ps)
      keyed?(p, key) and tuple_size(p) == 2 -> [elem(p, 1) | append_values(key, ps)]
      true -> append_values(key, ps)
    end
  end

  def append_values(_key, []), do: []

  def get_bool(key, [p | ps]) do
    cond do
      is_atom(p) and p === key -> true
      keyed?(p, key) -> match?({_, true}, p)
      true -> get_bool(key, ps)
    end
  end

  def get_bool(_key, []), do: false

  def get_keys(ps), do: :sets.to_list(get_keys(ps, :sets.new()))

  defp get_keys([p | ps], keys) do
    cond do
      is_atom(p) -> get_keys(ps, :sets.add_element(p, keys))
      is_tuple(p) and tuple_size(p) >= 1 -> get_keys(ps, :sets.add_element(elem(p, 0), keys))
      true -> get_keys(ps, keys)
    end
  end

  defp get_keys([], keys), do: keys

  def delete(key, [p | ps]) do
    cond do
      is_atom(p) and p === key -> delete(key, ps)
      keyed?(p, key) -> delete(key, ps)
      true -> [p | delete(key, ps)]
    end
  end

  def delete(_key, []), do: []

  def substitute_aliases(aliases, props), do: unquote(:"-substitute_aliases/2-lc$^0/1-0-")(props, aliases)

  defp unquote(:"-substitute_aliases/2-lc$^0/1-0-")([p | ps], as), do: [substitute_aliases_1(as, p) | unquote(:"-substitute_aliases/2-lc$^0/1-0-")(ps, as)]
  defp unquote(:"-substitute_aliases/2-lc$^0/1-0-")([], _as), do: []
  defp unquote(:"-substitute_aliases/2-lc$^0/1-0-")(other, _as), do: :erlang.error({:bad_generator, other})

  defp substitute_aliases_1([{key, key1} | rest], p) do
    cond do
      is_atom(p) and p === key -> property(key1, true)
      keyed?(p, key) -> property(put_elem(p, 0, key1))
      true -> substitute_aliases_1(rest, p)
    end
  end

  defp substitute_aliases_1([], p), do: p

  def substitute_negations(negations, props), do: unquote(:"-substitute_negations/2-lc$^0/1-0-")(props, negations)

  defp unquote(:"-substitute_negations/2-lc$^0/1-0-")([p | ps], ns), do: [substitute_negations_1(ns, p) | unquote(:"-substitute_negations/2-lc$^0/1-0-")(ps, ns)]
  defp unquote(:"-substitute_negations/2-lc$^0/1-0-")([], _ns), do: []
  defp unquote(:"-substitute_negations/2-lc$^0/1-0-")(other, _ns), do: :erlang.error({:bad_generator, other})

  defp substitute_negations_1([{key, key1} | rest], p) do
    cond do
      is_atom(p) and p === key -> property(key1, false)
      keyed?(p, key) -> property(key1, not match?({_, true}, p))
      true -> substitute_negations_1(rest, p)
    end
  end

  defp substitute_negations_1([], p), do: p

  def expand(expansions, props) when is_list(props) do
    expansions = uniq_keys(unquote(:"-expand/2-lc$^0/1-0-")(expansions))
    expansions |> Enum.reduce(props, fn {p, l}, acc -> expand_1(p, l, acc) end) |> flatten()
  end

  defp unquote(:"-expand/2-lc$^0/1-0-")([{p, v} | es]), do: [{property(p), v} | unquote(:"-expand/2-lc$^0/1-0-")(es)]
  defp unquote(:"-expand/2-lc$^0/1-0-")([_ | es]), do: unquote(:"-expand/2-lc$^0/1-0-")(es)
  defp unquote(:"-expand/2-lc$^0/1-0-")([]), do: []
  defp unquote(:"-expand/2-lc$^0/1-0-")(other), do: :erlang.error({:bad_generator, other})

  defp expand_1(p, l, props) do
    cond do
      is_atom(p) -> expand_2(p, p, l, props)
      is_tuple(p) and tuple_size(p) >= 1 -> expand_2(elem(p, 0), p, l, props)
      true -> props
    end
  end

  # The first entry for the key is replaced by the expansion when it equals the expanded
  # property, and every other entry for the key is then dropped; otherwise all is kept.
  defp expand_2(key, p1, l, [p | ps]) do
    cond do
      is_atom(p) and p === key -> expand_3(key, p1, p, l, ps)
      keyed?(p, key) -> expand_3(key, p1, property(p), l, ps)
      true -> [p | expand_2(key, p1, l, ps)]
    end
  end

  defp expand_2(_key, _p1, _l, []), do: []

  defp expand_3(key, p1, p, l, ps) do
    if p1 === p, do: [l | delete(key, ps)], else: [p | ps]
  end

  defp uniq_keys([{k, v} | rest]), do: [{k, v} | uniq_after(k, rest)]
  defp uniq_keys([]), do: []

  defp uniq_after(k, [{k1, v} | rest]) do
    if k === k1, do: uniq_after(k, rest), else: [{k1, v} | uniq_after(k1, rest)]
  end

  defp uniq_after(_k, []), do: []

  defp flatten([e | es]) when is_list(e), do: e ++ flatten(es)
  defp flatten([e | es]), do: [e | flatten(es)]
  defp flatten([]), do: []

  def normalize(list, stages), do: compact(apply_stages(list, stages))

  defp apply_stages(list, [{:aliases, as} | rest]), do: apply_stages(substitute_aliases(as, list), rest)
  defp apply_stages(list, [{:expand, es} | rest]), do: apply_stages(expand(es, list), rest)
  defp apply_stages(list, [{:negations, ns} | rest]), do: apply_stages(substitute_negations(ns, list), rest)
  defp apply_stages(list, []), do: list

  def split(list, keys) do
    {store, rest} = split(list, :maps.from_list(unquote(:"-split/2-lc$^0/1-0-")(keys)), [])
    {unquote(:"-split/2-lc$^1/1-1-")(keys, store), :lists.reverse(rest)}
  end

  defp unquote(:"-split/2-lc$^0/1-0-")([k | ks]), do: [{k, []} | unquote(:"-split/2-lc$^0/1-0-")(ks)]
  defp unquote(:"-split/2-lc$^0/1-0-")([]), do: []
  defp unquote(:"-split/2-lc$^0/1-0-")(other), do: :erlang.error({:bad_generator, other})

  defp unquote(:"-split/2-lc$^1/1-1-")([k | ks], store), do: [:lists.reverse(:erlang.map_get(k, store)) | unquote(:"-split/2-lc$^1/1-1-")(ks, store)]
  defp unquote(:"-split/2-lc$^1/1-1-")([], _store), do: []
  defp unquote(:"-split/2-lc$^1/1-1-")(other, _store), do: :erlang.error({:bad_generator, other})

  defp split([p | ps], store, rest) do
    cond do
      is_atom(p) and is_map_key(store, p) -> split(ps, %{store | p => [p | :erlang.map_get(p, store)]}, rest)
      is_tuple(p) and tuple_size(p) >= 1 and is_map_key(store, elem(p, 0)) ->
        k = elem(p, 0)
        split(ps, %{store | k => [p | :erlang.map_get(k, store)]}, rest)
      true -> split(ps, store, [p | rest])
    end
  end

  defp split([], store, rest), do: {store, rest}

  def from_map(map), do: :maps.to_list(map)

  def to_map(list) do
    :lists.foldr(
      fn
        {k, v}, m -> Map.put(m, k, v)
        t, m when is_tuple(t) and tuple_size(t) >= 1 -> Map.delete(m, elem(t, 0))
        k, m when is_atom(k) -> Map.put(m, k, true)
        _, m -> m
      end,
      %{},
      list
    )
  end

  def to_map(list, stages), do: to_map(apply_stages(list, stages))

  defp keyed?(p, key), do: is_tuple(p) and tuple_size(p) >= 1 and elem(p, 0) === key
  defp value_of({_, value}, _default), do: value
  defp value_of(_, default), do: default
end
