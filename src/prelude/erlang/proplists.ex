# :proplists, property lists as OTP's stdlib handles them: an atom `a` stands for {a, true},
# a tuple's first element is its key (compared with =:=), the first entry for a key wins,
# and entries that are neither atoms nor tuples are skipped.
defmodule :proplists do
  def property({key, true}) when is_atom(key), do: key
  def property(property), do: property

  def property(key, true) when is_atom(key), do: key
  def property(key, value), do: {key, value}

  def unfold([p | ps]) when is_atom(p), do: [{p, true} | unfold(ps)]
  def unfold([p | ps]), do: [p | unfold(ps)]
  def unfold([]), do: []

  def compact(list), do: for(p <- list, do: property(p))

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

  def get_keys(list) do
    keys = for p <- list, is_atom(p) or (is_tuple(p) and tuple_size(p) >= 1), into: %{}, do: {key_of(p), []}
    Map.keys(keys)
  end

  def delete(key, [p | ps]) do
    if (is_atom(p) and p === key) or keyed?(p, key), do: delete(key, ps), else: [p | delete(key, ps)]
  end

  def delete(_key, []), do: []

  def substitute_aliases(aliases, props), do: for(p <- props, do: alias_one(aliases, p))

  defp alias_one([{key, key1} | rest], p) do
    cond do
      is_atom(p) and p === key -> property(key1, true)
      keyed?(p, key) -> property(put_elem(p, 0, key1))
      true -> alias_one(rest, p)
    end
  end

  defp alias_one([], p), do: p

  def substitute_negations(negations, props), do: for(p <- props, do: negate_one(negations, p))

  defp negate_one([{key, key1} | rest], p) do
    cond do
      is_atom(p) and p === key -> property(key1, false)
      keyed?(p, key) -> property(key1, not match?({_, true}, p))
      true -> negate_one(rest, p)
    end
  end

  defp negate_one([], p), do: p

  def expand(expansions, props) when is_list(props) do
    expansions = uniq_keys(for {p, v} <- expansions, do: {property(p), v})
    expansions |> Enum.reduce(props, fn {p, l}, acc -> expand_one(p, l, acc) end) |> splice()
  end

  defp expand_one(p, l, props) do
    cond do
      is_atom(p) -> expand_key(p, p, l, props)
      is_tuple(p) and tuple_size(p) >= 1 -> expand_key(elem(p, 0), p, l, props)
      true -> props
    end
  end

  # The first entry for the key is replaced by the expansion when it equals the expanded
  # property, and every other entry for the key is then dropped; otherwise all is kept.
  defp expand_key(key, p1, l, [p | ps]) do
    cond do
      is_atom(p) and p === key -> replace_first(key, p1, p, l, ps)
      keyed?(p, key) -> replace_first(key, p1, property(p), l, ps)
      true -> [p | expand_key(key, p1, l, ps)]
    end
  end

  defp expand_key(_key, _p1, _l, []), do: []

  defp replace_first(key, p1, p, l, ps) do
    if p1 === p, do: [l | delete(key, ps)], else: [p | ps]
  end

  defp uniq_keys([{k, v} | rest]), do: [{k, v} | uniq_after(k, rest)]
  defp uniq_keys([]), do: []

  defp uniq_after(k, [{k1, v} | rest]) do
    if k === k1, do: uniq_after(k, rest), else: [{k1, v} | uniq_after(k1, rest)]
  end

  defp uniq_after(_k, []), do: []

  defp splice([e | es]) when is_list(e), do: e ++ splice(es)
  defp splice([e | es]), do: [e | splice(es)]
  defp splice([]), do: []

  def normalize(list, stages), do: compact(apply_stages(list, stages))

  defp apply_stages(list, [{:aliases, as} | rest]), do: apply_stages(substitute_aliases(as, list), rest)
  defp apply_stages(list, [{:expand, es} | rest]), do: apply_stages(expand(es, list), rest)
  defp apply_stages(list, [{:negations, ns} | rest]), do: apply_stages(substitute_negations(ns, list), rest)
  defp apply_stages(list, []), do: list

  def split(list, keys) do
    store = Map.new(keys, &{&1, []})

    {store, rest} =
      Enum.reduce(list, {store, []}, fn p, {store, rest} ->
        key = if is_atom(p) or (is_tuple(p) and tuple_size(p) >= 1), do: key_of(p), else: make_ref()

        if (is_atom(p) or is_tuple(p)) and is_map_key(store, key),
          do: {Map.update!(store, key, &[p | &1]), rest},
          else: {store, [p | rest]}
      end)

    {for(k <- keys, do: :lists.reverse(Map.fetch!(store, k))), :lists.reverse(rest)}
  end

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
  defp key_of(p) when is_atom(p), do: p
  defp key_of(p), do: elem(p, 0)
  defp value_of({_, value}, _default), do: value
  defp value_of(_, default), do: default
end
