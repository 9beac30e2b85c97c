# Erlang's :sets as OTP 25 has it. Two representations, both visible to whoever inspects a
# set:
#
# - version 1 (the default of new/0 and from_list/1): the record
#   `{:set, size, n, maxn, bso, exp_size, con_size, empty, segs}`, Larson's linear dynamic
#   hashing: `segs` is a tuple of segments of 16 buckets (lists), the slot of an element is
#   `:beamsh_hash.phash(e, maxn)` folded back by `bso` when above `n`, and the table grows a
#   slot at a time when there are more than 5 elements per slot (splitting one bucket into
#   two), shrinks below 3, doubling or halving its segment tuple. to_list/1 and fold/3 walk
#   the segments last to first, so their order is that of the BEAM's buckets.
# - version 2 (`new(version: 2)`, `from_list(l, version: 2)`): a map of each element to [].
#
# Functions taking two sets work on mixed versions (the result is then version 1). Bad
# arguments fail where OTP's clauses do (FunctionClauseError of the function whose clauses
# did not match).
defmodule :sets do
  @seg_size 16
  @expand_load 5
  @contract_load 3

  def new() do
    empty = mk_seg(@seg_size)
    {:set, 0, @seg_size, @seg_size, div(@seg_size, 2), @seg_size * @expand_load,
     @seg_size * @contract_load, empty, {empty}}
  end

  def new([{:version, 2}]), do: %{}

  def new(opts) do
    case :proplists.get_value(:version, opts, 1) do
      1 -> new()
      2 -> new([{:version, 2}])
    end
  end

  def from_list(ls), do: :lists.foldl(fn e, s -> add_element(e, s) end, new(), ls)

  def from_list(ls, [{:version, 2}]), do: :maps.from_keys(ls, [])

  def from_list(ls, opts) do
    case :proplists.get_value(:version, opts, 1) do
      1 -> from_list(ls)
      2 -> from_list(ls, [{:version, 2}])
    end
  end

  def is_set(%{}), do: true
  def is_set({:set, _, _, _, _, _, _, _, _}), do: true
  def is_set(_), do: false

  def size(%{} = s), do: map_size(s)
  def size({:set, size, _, _, _, _, _, _, _}), do: size

  def is_empty(%{} = s), do: map_size(s) === 0
  def is_empty({:set, size, _, _, _, _, _, _, _}), do: size === 0

  def to_list(%{} = s), do: :maps.keys(s)
  def to_list({:set, _, _, _, _, _, _, _, _} = s), do: fold(fn elem, list -> [elem | list] end, [], s)

  def is_element(e, %{} = s) do
    case s do
      %{^e => _} -> true
      _ -> false
    end
  end

  def is_element(e, {:set, _, _, _, _, _, _, _, _} = s) do
    slot = get_slot(s, e)
    bkt = get_bucket(s, slot)
    :lists.member(e, bkt)
  end

  def add_element(e, %{} = s), do: :maps.put(e, [], s)

  def add_element(e, {:set, _, _, _, _, _, _, _, _} = s0) do
    slot = get_slot(s0, e)
    bkt = get_bucket(s0, slot)

    case :lists.member(e, bkt) do
      true -> s0
      false -> maybe_expand(update_bucket(s0, slot, [e | bkt]))
    end
  end

  def del_element(e, %{} = s), do: :maps.remove(e, s)

  def del_element(e, {:set, _, _, _, _, _, _, _, _} = s0) do
    slot = get_slot(s0, e)
    bkt = get_bucket(s0, slot)

    case :lists.member(e, bkt) do
      false -> s0
      true -> maybe_contract(update_bucket(s0, slot, :lists.delete(e, bkt)), 1)
    end
  end

  defp update_bucket(set, slot, new_bucket) do
    seg_i = div(slot - 1, @seg_size) + 1
    bkt_i = rem(slot - 1, @seg_size) + 1
    segs = :erlang.element(9, set)
    seg = :erlang.element(seg_i, segs)
    :erlang.setelement(9, set, :erlang.setelement(seg_i, segs, :erlang.setelement(bkt_i, seg, new_bucket)))
  end

  def union(%{} = s1, %{} = s2), do: :maps.merge(s1, s2)

  def union(s1, s2) do
    case size(s1) < size(s2) do
      true -> fold(fn e, s -> add_element(e, s) end, s2, s1)
      false -> fold(fn e, s -> add_element(e, s) end, s1, s2)
    end
  end

  def union([s1, s2 | ss]), do: union1(union(s1, s2), ss)
  def union([s]), do: s
  def union([]), do: new()

  defp union1(s1, [s2 | ss]), do: union1(union(s1, s2), ss)
  defp union1(s1, []), do: s1

  def intersection(%{} = s1, %{} = s2) do
    case map_size(s1) < map_size(s2) do
      true ->
        next = :maps.next(:maps.iterator(s1))
        intersection_heuristic(next, [], [], :erlang.floor(map_size(s1) * 0.75), s1, s2)

      false ->
        next = :maps.next(:maps.iterator(s2))
        intersection_heuristic(next, [], [], :erlang.floor(map_size(s2) * 0.75), s2, s1)
    end
  end

  def intersection(s1, s2) do
    case size(s1) < size(s2) do
      true -> filter(fn e -> is_element(e, s2) end, s1)
      false -> filter(fn e -> is_element(e, s1) end, s2)
    end
  end

  # Keeping more than 3/4 of the keys: cheaper to delete the others from the map.
  defp intersection_heuristic(next, _keep, delete, 0, acc, reference) do
    intersection_decided(next, remove_keys(delete, acc), reference)
  end

  defp intersection_heuristic({key, _value, iterator}, keep, delete, keep_count, acc, reference) do
    next = :maps.next(iterator)

    case reference do
      %{^key => _} -> intersection_heuristic(next, [key | keep], delete, keep_count - 1, acc, reference)
      _ -> intersection_heuristic(next, keep, [key | delete], keep_count, acc, reference)
    end
  end

  defp intersection_heuristic(:none, keep, _delete, _count, _acc, _reference), do: :maps.from_keys(keep, [])

  defp intersection_decided({key, _value, iterator}, acc0, reference) do
    acc1 =
      case reference do
        %{^key => _} -> acc0
        %{} -> :maps.remove(key, acc0)
      end

    intersection_decided(:maps.next(iterator), acc1, reference)
  end

  defp intersection_decided(:none, acc, _reference), do: acc

  defp remove_keys([k | ks], map), do: remove_keys(ks, :maps.remove(k, map))
  defp remove_keys([], map), do: map

  def intersection([s1, s2 | ss]), do: intersection1(intersection(s1, s2), ss)
  def intersection([s]), do: s

  defp intersection1(s1, [s2 | ss]), do: intersection1(intersection(s1, s2), ss)
  defp intersection1(s1, []), do: s1

  def is_disjoint(%{} = s1, %{} = s2) do
    if map_size(s1) < map_size(s2) do
      is_disjoint_1(s2, :maps.iterator(s1))
    else
      is_disjoint_1(s1, :maps.iterator(s2))
    end
  end

  def is_disjoint(s1, s2) do
    case size(s1) < size(s2) do
      true -> fold(&disjoint_step(&1, &2, s2), true, s1)
      false -> fold(&disjoint_step(&1, &2, s1), true, s2)
    end
  end

  defp disjoint_step(_, false, _), do: false
  defp disjoint_step(e, true, other), do: not is_element(e, other)

  defp is_disjoint_1(set, iter) do
    case :maps.next(iter) do
      {k, _, next_iter} ->
        case set do
          %{^k => _} -> false
          %{} -> is_disjoint_1(set, next_iter)
        end

      :none ->
        true
    end
  end

  def subtract(%{} = s1, %{} = s2) do
    next = :maps.next(:maps.iterator(s1))
    subtract_heuristic(next, [], [], :erlang.floor(map_size(s1) * 0.75), s1, s2)
  end

  def subtract(s1, s2), do: filter(fn e -> not is_element(e, s2) end, s1)

  defp subtract_heuristic(next, _keep, delete, 0, acc, reference) do
    subtract_decided(next, remove_keys(delete, acc), reference)
  end

  defp subtract_heuristic({key, _value, iterator}, keep, delete, keep_count, acc, reference) do
    next = :maps.next(iterator)

    case reference do
      %{^key => _} -> subtract_heuristic(next, keep, [key | delete], keep_count, acc, reference)
      _ -> subtract_heuristic(next, [key | keep], delete, keep_count - 1, acc, reference)
    end
  end

  defp subtract_heuristic(:none, keep, _delete, _count, _acc, _reference), do: :maps.from_keys(keep, [])

  defp subtract_decided({key, _value, iterator}, acc, reference) do
    case reference do
      %{^key => _} -> subtract_decided(:maps.next(iterator), :maps.remove(key, acc), reference)
      _ -> subtract_decided(:maps.next(iterator), acc, reference)
    end
  end

  defp subtract_decided(:none, acc, _reference), do: acc

  def is_subset(%{} = s1, %{} = s2) do
    if map_size(s1) > map_size(s2), do: false, else: is_subset_1(s2, :maps.iterator(s1))
  end

  def is_subset(s1, s2), do: fold(fn e, sub -> sub and is_element(e, s2) end, true, s1)

  defp is_subset_1(set, iter) do
    case :maps.next(iter) do
      {k, _, next_iter} ->
        case set do
          %{^k => _} -> is_subset_1(set, next_iter)
          %{} -> false
        end

      :none ->
        true
    end
  end

  def fold(f, acc, %{} = d) when is_function(f, 2), do: fold_1(f, acc, :maps.iterator(d))
  def fold(f, acc, {:set, _, _, _, _, _, _, _, _} = d) when is_function(f, 2), do: fold_set(f, acc, d)

  defp fold_1(fun, acc, iter) do
    case :maps.next(iter) do
      {k, _, next_iter} -> fold_1(fun, fun.(k, acc), next_iter)
      :none -> acc
    end
  end

  def filter(f, %{} = d) when is_function(f, 1), do: :maps.from_keys(filter_1(f, :maps.iterator(d)), [])
  def filter(f, {:set, _, _, _, _, _, _, _, _} = d) when is_function(f, 1), do: filter_set(f, d)

  defp filter_1(fun, iter) do
    case :maps.next(iter) do
      {k, _, next_iter} ->
        case fun.(k) do
          true -> [k | filter_1(fun, next_iter)]
          false -> filter_1(fun, next_iter)
        end

      :none ->
        []
    end
  end

  # --- the version 1 table ---------------------------------------------------------

  defp get_slot({:set, _, n, maxn, bso, _, _, _, _}, key) do
    h = :beamsh_hash.phash(key, maxn)
    if h > n, do: h - bso, else: h
  end

  defp get_bucket(t, slot), do: get_bucket_s(:erlang.element(9, t), slot)

  defp fold_set(f, acc, d) do
    segs = :erlang.element(9, d)
    fold_segs(f, acc, segs, tuple_size(segs))
  end

  defp fold_segs(f, acc, segs, i) when i >= 1 do
    seg = :erlang.element(i, segs)
    fold_segs(f, fold_seg(f, acc, seg, tuple_size(seg)), segs, i - 1)
  end

  defp fold_segs(_, acc, _, _), do: acc

  defp fold_seg(f, acc, seg, i) when i >= 1, do: fold_seg(f, fold_bucket(f, acc, :erlang.element(i, seg)), seg, i - 1)
  defp fold_seg(_, acc, _, _), do: acc

  defp fold_bucket(f, acc, [e | bkt]), do: fold_bucket(f, f.(e, acc), bkt)
  defp fold_bucket(_, acc, []), do: acc

  defp filter_set(f, d) do
    segs0 = :erlang.tuple_to_list(:erlang.element(9, d))
    {segs1, fc} = filter_seg_list(f, segs0, [], 0)
    maybe_contract(:erlang.setelement(9, d, :erlang.list_to_tuple(segs1)), fc)
  end

  defp filter_seg_list(f, [seg | segs], fss, fc0) do
    bkts0 = :erlang.tuple_to_list(seg)
    {bkts1, fc1} = filter_bkt_list(f, bkts0, [], fc0)
    filter_seg_list(f, segs, [:erlang.list_to_tuple(bkts1) | fss], fc1)
  end

  defp filter_seg_list(_, [], fss, fc), do: {:lists.reverse(fss, []), fc}

  defp filter_bkt_list(f, [bkt0 | bkts], fbs, fc0) do
    {bkt1, fc1} = filter_bucket(f, bkt0, [], fc0)
    filter_bkt_list(f, bkts, [bkt1 | fbs], fc1)
  end

  defp filter_bkt_list(_, [], fbs, fc), do: {:lists.reverse(fbs), fc}

  defp filter_bucket(f, [e | bkt], fb, fc) do
    case f.(e) do
      true -> filter_bucket(f, bkt, [e | fb], fc)
      false -> filter_bucket(f, bkt, fb, fc + 1)
    end
  end

  defp filter_bucket(_, [], fb, fc), do: {fb, fc}

  defp get_bucket_s(segs, slot) do
    seg_i = div(slot - 1, @seg_size) + 1
    bkt_i = rem(slot - 1, @seg_size) + 1
    :erlang.element(bkt_i, :erlang.element(seg_i, segs))
  end

  defp put_bucket_s(segs, slot, bkt) do
    seg_i = div(slot - 1, @seg_size) + 1
    bkt_i = rem(slot - 1, @seg_size) + 1
    seg = :erlang.setelement(bkt_i, :erlang.element(seg_i, segs), bkt)
    :erlang.setelement(seg_i, segs, seg)
  end

  # One element more: past the expansion size, slot n+1 opens and the bucket it splits
  # from (n+1-bso) is rehashed between the two.
  defp maybe_expand({:set, size, _, _, _, exp_size, _, _, _} = t0) when size + 1 > exp_size do
    {:set, size, n0, maxn, bso, _, _, empty, segs0} = maybe_expand_segs(t0)
    n = n0 + 1
    slot1 = n - bso
    b = get_bucket_s(segs0, slot1)
    slot2 = n
    {b1, b2} = rehash(b, slot1, slot2, maxn)
    segs1 = put_bucket_s(segs0, slot1, b1)
    segs2 = put_bucket_s(segs1, slot2, b2)
    {:set, size + 1, n, maxn, bso, n * @expand_load, n * @contract_load, empty, segs2}
  end

  defp maybe_expand({:set, size, n, maxn, bso, exp_size, con_size, empty, segs}) do
    {:set, size + 1, n, maxn, bso, exp_size, con_size, empty, segs}
  end

  defp maybe_expand_segs({:set, size, n, maxn, bso, exp_size, con_size, empty, segs}) when n === maxn do
    {:set, size, n, 2 * maxn, 2 * bso, exp_size, con_size, empty, expand_segs(segs, empty)}
  end

  defp maybe_expand_segs(t), do: t

  # dc elements fewer: below the contraction size (and above one segment), the last slot
  # is merged into its buddy.
  defp maybe_contract({:set, size, n, maxn, bso, _, con_size, empty, segs0}, dc)
       when size - dc < con_size and n > @seg_size do
    slot1 = n - bso
    b1 = get_bucket_s(segs0, slot1)
    slot2 = n
    b2 = get_bucket_s(segs0, slot2)
    segs1 = put_bucket_s(segs0, slot1, b1 ++ b2)
    segs2 = put_bucket_s(segs1, slot2, [])
    n1 = n - 1
    maybe_contract_segs({:set, size - dc, n1, maxn, bso, n1 * @expand_load, n1 * @contract_load, empty, segs2})
  end

  defp maybe_contract({:set, size, n, maxn, bso, exp_size, con_size, empty, segs}, dc) do
    {:set, size - dc, n, maxn, bso, exp_size, con_size, empty, segs}
  end

  defp maybe_contract_segs({:set, size, n, maxn, bso, exp_size, con_size, empty, segs}) when n === bso do
    {:set, size, n, div(maxn, 2), div(bso, 2), exp_size, con_size, empty, contract_segs(segs)}
  end

  defp maybe_contract_segs(t), do: t

  defp rehash([e | t], slot1, slot2, max_n) do
    {l1, l2} = rehash(t, slot1, slot2, max_n)

    case :beamsh_hash.phash(e, max_n) do
      ^slot1 -> {[e | l1], l2}
      ^slot2 -> {l1, [e | l2]}
    end
  end

  defp rehash([], _, _, _), do: {[], []}

  defp mk_seg(16), do: {[], [], [], [], [], [], [], [], [], [], [], [], [], [], [], []}

  # The segment tuple doubles, the new half empty segments; halves when contracting.
  defp expand_segs(segs, empty) do
    :erlang.list_to_tuple(:erlang.tuple_to_list(segs) ++ :lists.duplicate(tuple_size(segs), empty))
  end

  defp contract_segs(segs) do
    ss = div(tuple_size(segs), 2)
    :erlang.list_to_tuple(:lists.sublist(:erlang.tuple_to_list(segs), 1, ss))
  end
end
