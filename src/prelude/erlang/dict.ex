# Erlang's :dict as OTP 25 has it: the record
# `{:dict, size, n, maxn, bso, exp_size, con_size, empty, segs}`, the same linear dynamic
# hashing as version 1 :sets (buckets placed by erlang:phash/2, a slot opened or merged at a
# time), each bucket a list of [key | value] cells. Keys match with =:= (1 and 1.0 are two
# keys). Orders of to_list/fetch_keys/fold and inspect are the BEAM's; a term that is no
# dict fails as OTP's record access does ({:badrecord, term}) or where its clauses do.
defmodule :dict do
  @seg_size 16
  @expand_load 5
  @contract_load 3

  def new() do
    empty = mk_seg(@seg_size)
    {:dict, 0, @seg_size, @seg_size, div(@seg_size, 2), @seg_size * @expand_load,
     @seg_size * @contract_load, empty, {empty}}
  end

  def is_key(key, d) do
    slot = get_slot(d, key)
    bkt = get_bucket(d, slot)
    find_key(key, bkt)
  end

  defp find_key(k, [[k | _val] | _]), do: true
  defp find_key(k, [_ | bkt]), do: find_key(k, bkt)
  defp find_key(_, []), do: false

  def to_list(d), do: fold(fn key, val, list -> [{key, val} | list] end, [], d)

  def from_list(l), do: :lists.foldl(fn {k, v}, d -> store(k, v, d) end, new(), l)

  def size({:dict, n, _, _, _, _, _, _, _}) when is_integer(n) and n >= 0, do: n

  def is_empty({:dict, n, _, _, _, _, _, _, _}), do: n === 0

  def fetch(key, d) do
    slot = get_slot(d, key)
    bkt = get_bucket(d, slot)

    # (OTP raises from its catch clause; the error is raised after the try here, where the
    # frame of fetch/2 still holds its arguments for the stack entry)
    case (try do
            {:ok, fetch_val(key, bkt)}
          catch
            :throw, :badarg -> :badarg
          end) do
      {:ok, val} -> val
      :badarg -> :erlang.error(:badarg, [key, d])
    end
  end

  defp fetch_val(k, [[k | val] | _]), do: val
  defp fetch_val(k, [_ | bkt]), do: fetch_val(k, bkt)
  defp fetch_val(_, []), do: throw(:badarg)

  def find(key, d) do
    slot = get_slot(d, key)
    bkt = get_bucket(d, slot)
    find_val(key, bkt)
  end

  defp find_val(k, [[k | val] | _]), do: {:ok, val}
  defp find_val(k, [_ | bkt]), do: find_val(k, bkt)
  defp find_val(_, []), do: :error

  def fetch_keys(d), do: fold(fn key, _val, keys -> [key | keys] end, [], d)

  def erase(key, d0) do
    slot = get_slot(d0, key)
    {d1, dc} = on_bucket(fn b0 -> erase_key(key, b0) end, d0, slot)
    maybe_contract(d1, dc)
  end

  defp erase_key(key, [[key | _val] | bkt]), do: {bkt, 1}

  defp erase_key(key, [e | bkt0]) do
    {bkt1, dc} = erase_key(key, bkt0)
    {[e | bkt1], dc}
  end

  defp erase_key(_, []), do: {[], 0}

  def take(key, d0) do
    slot = get_slot(d0, key)

    case on_bucket(fn b0 -> take_key(key, b0) end, d0, slot) do
      {d1, {value, dc}} -> {value, maybe_contract(d1, dc)}
      {_, :error} -> :error
    end
  end

  defp take_key(key, [[key | val] | bkt]), do: {bkt, {val, 1}}

  defp take_key(key, [e | bkt0]) do
    {bkt1, res} = take_key(key, bkt0)
    {[e | bkt1], res}
  end

  defp take_key(_, []), do: {[], :error}

  def store(key, val, d0) do
    slot = get_slot(d0, key)
    {d1, ic} = on_bucket(fn b0 -> store_bkt_val(key, val, b0) end, d0, slot)
    maybe_expand(d1, ic)
  end

  defp store_bkt_val(key, new, [[key | _old] | bkt]), do: {[[key | new] | bkt], 0}

  defp store_bkt_val(key, new, [other | bkt0]) do
    {bkt1, ic} = store_bkt_val(key, new, bkt0)
    {[other | bkt1], ic}
  end

  defp store_bkt_val(key, new, []), do: {[[key | new]], 1}

  def append(key, val, d0) do
    slot = get_slot(d0, key)
    {d1, ic} = on_bucket(fn b0 -> append_bkt(key, val, b0) end, d0, slot)
    maybe_expand(d1, ic)
  end

  defp append_bkt(key, val, [[key | bag] | bkt]), do: {[[key | bag ++ [val]] | bkt], 0}

  defp append_bkt(key, val, [other | bkt0]) do
    {bkt1, ic} = append_bkt(key, val, bkt0)
    {[other | bkt1], ic}
  end

  defp append_bkt(key, val, []), do: {[[key, val]], 1}

  def append_list(key, l, d0) do
    slot = get_slot(d0, key)
    {d1, ic} = on_bucket(fn b0 -> app_list_bkt(key, l, b0) end, d0, slot)
    maybe_expand(d1, ic)
  end

  defp app_list_bkt(key, l, [[key | bag] | bkt]), do: {[[key | bag ++ l] | bkt], 0}

  defp app_list_bkt(key, l, [other | bkt0]) do
    {bkt1, ic} = app_list_bkt(key, l, bkt0)
    {[other | bkt1], ic}
  end

  defp app_list_bkt(key, l, []), do: {[[key | l]], 1}

  def update(key, f, d0) do
    slot = get_slot(d0, key)

    try do
      on_bucket(fn b0 -> update_bkt(key, f, b0) end, d0, slot)
    catch
      :throw, :badarg -> :erlang.error(:badarg, [key, f, d0])
    else
      {d1, _uv} -> d1
    end
  end

  defp update_bkt(key, f, [[key | val] | bkt]) do
    upd = f.(val)
    {[[key | upd] | bkt], upd}
  end

  defp update_bkt(key, f, [other | bkt0]) do
    {bkt1, upd} = update_bkt(key, f, bkt0)
    {[other | bkt1], upd}
  end

  defp update_bkt(_key, _f, []), do: throw(:badarg)

  def update(key, f, init, d0) do
    slot = get_slot(d0, key)
    {d1, ic} = on_bucket(fn b0 -> update_bkt(key, f, init, b0) end, d0, slot)
    maybe_expand(d1, ic)
  end

  defp update_bkt(key, f, _, [[key | val] | bkt]), do: {[[key | f.(val)] | bkt], 0}

  defp update_bkt(key, f, i, [other | bkt0]) do
    {bkt1, ic} = update_bkt(key, f, i, bkt0)
    {[other | bkt1], ic}
  end

  defp update_bkt(key, f, i, []) when is_function(f, 1), do: {[[key | i]], 1}

  def update_counter(key, incr, d0) when is_number(incr) do
    slot = get_slot(d0, key)
    {d1, ic} = on_bucket(fn b0 -> counter_bkt(key, incr, b0) end, d0, slot)
    maybe_expand(d1, ic)
  end

  defp counter_bkt(key, i, [[key | val] | bkt]), do: {[[key | val + i] | bkt], 0}

  defp counter_bkt(key, i, [other | bkt0]) do
    {bkt1, ic} = counter_bkt(key, i, bkt0)
    {[other | bkt1], ic}
  end

  defp counter_bkt(key, i, []), do: {[[key | i]], 1}

  def fold(f, acc, d), do: fold_dict(f, acc, d)

  def map(f, d), do: map_dict(f, d)

  def filter(f, d), do: filter_dict(f, d)

  def merge(f, {:dict, size1, _, _, _, _, _, _, _} = d1, {:dict, size2, _, _, _, _, _, _, _} = d2)
      when size1 < size2 do
    fold_dict(fn k, v1, d -> update(k, fn v2 -> f.(k, v1, v2) end, v1, d) end, d2, d1)
  end

  def merge(f, d1, d2) do
    fold_dict(fn k, v2, d -> update(k, fn v1 -> f.(k, v1, v2) end, v2, d) end, d1, d2)
  end

  defp get_slot(t, key) do
    case t do
      {:dict, _, n, maxn, bso, _, _, _, _} ->
        h = :beamsh_hash.phash(key, maxn)
        if h > n, do: h - bso, else: h

      _ ->
        :erlang.error({:badrecord, t})
    end
  end

  defp get_bucket(t, slot), do: get_bucket_s(:erlang.element(9, t), slot)

  defp on_bucket(f, t, slot) do
    seg_i = div(slot - 1, @seg_size) + 1
    bkt_i = rem(slot - 1, @seg_size) + 1
    segs = :erlang.element(9, t)
    seg = :erlang.element(seg_i, segs)
    b0 = :erlang.element(bkt_i, seg)
    {b1, res} = f.(b0)
    {:erlang.setelement(9, t, :erlang.setelement(seg_i, segs, :erlang.setelement(bkt_i, seg, b1))), res}
  end

  defp fold_dict(f, acc, {:dict, 0, _, _, _, _, _, _, _}) when is_function(f, 3), do: acc

  defp fold_dict(f, acc, d) do
    segs =
      case d do
        {:dict, _, _, _, _, _, _, _, segs} -> segs
        _ -> :erlang.error({:badrecord, d})
      end

    fold_segs(f, acc, segs, tuple_size(segs))
  end

  defp fold_segs(f, acc, segs, i) when i >= 1 do
    seg = :erlang.element(i, segs)
    fold_segs(f, fold_seg(f, acc, seg, tuple_size(seg)), segs, i - 1)
  end

  defp fold_segs(f, acc, _, 0) when is_function(f, 3), do: acc

  defp fold_seg(f, acc, seg, i) when i >= 1, do: fold_seg(f, fold_bucket(f, acc, :erlang.element(i, seg)), seg, i - 1)
  defp fold_seg(f, acc, _, 0) when is_function(f, 3), do: acc

  defp fold_bucket(f, acc, [[key | val] | bkt]), do: fold_bucket(f, f.(key, val, acc), bkt)
  defp fold_bucket(f, acc, []) when is_function(f, 3), do: acc

  defp map_dict(f, {:dict, 0, _, _, _, _, _, _, _} = dict) when is_function(f, 2), do: dict

  defp map_dict(f, d) do
    segs0 =
      case d do
        {:dict, _, _, _, _, _, _, _, segs} -> :erlang.tuple_to_list(segs)
        _ -> :erlang.error({:badrecord, d})
      end

    segs1 = map_seg_list(f, segs0)
    :erlang.setelement(9, d, :erlang.list_to_tuple(segs1))
  end

  defp map_seg_list(f, [seg | segs]) do
    bkts0 = :erlang.tuple_to_list(seg)
    bkts1 = map_bkt_list(f, bkts0)
    [:erlang.list_to_tuple(bkts1) | map_seg_list(f, segs)]
  end

  defp map_seg_list(f, []) when is_function(f, 2), do: []

  defp map_bkt_list(f, [bkt0 | bkts]), do: [map_bucket(f, bkt0) | map_bkt_list(f, bkts)]
  defp map_bkt_list(f, []) when is_function(f, 2), do: []

  defp map_bucket(f, [[key | val] | bkt]), do: [[key | f.(key, val)] | map_bucket(f, bkt)]
  defp map_bucket(f, []) when is_function(f, 2), do: []

  defp filter_dict(f, {:dict, 0, _, _, _, _, _, _, _} = dict) when is_function(f, 2), do: dict

  defp filter_dict(f, d) do
    segs0 =
      case d do
        {:dict, _, _, _, _, _, _, _, segs} -> :erlang.tuple_to_list(segs)
        _ -> :erlang.error({:badrecord, d})
      end

    {segs1, fc} = filter_seg_list(f, segs0, [], 0)
    maybe_contract(:erlang.setelement(9, d, :erlang.list_to_tuple(segs1)), fc)
  end

  defp filter_seg_list(f, [seg | segs], fss, fc0) do
    bkts0 = :erlang.tuple_to_list(seg)
    {bkts1, fc1} = filter_bkt_list(f, bkts0, [], fc0)
    filter_seg_list(f, segs, [:erlang.list_to_tuple(bkts1) | fss], fc1)
  end

  defp filter_seg_list(f, [], fss, fc) when is_function(f, 2), do: {:lists.reverse(fss, []), fc}

  defp filter_bkt_list(f, [bkt0 | bkts], fbs, fc0) do
    {bkt1, fc1} = filter_bucket(f, bkt0, [], fc0)
    filter_bkt_list(f, bkts, [bkt1 | fbs], fc1)
  end

  defp filter_bkt_list(f, [], fbs, fc) when is_function(f, 2), do: {:lists.reverse(fbs), fc}

  defp filter_bucket(f, [[key | val] = e | bkt], fb, fc) do
    case f.(key, val) do
      true -> filter_bucket(f, bkt, [e | fb], fc)
      false -> filter_bucket(f, bkt, fb, fc + 1)
    end
  end

  defp filter_bucket(f, [], fb, fc) when is_function(f, 2), do: {:lists.reverse(fb), fc}

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

  defp maybe_expand(t, 0), do: maybe_expand_aux(t, 0)
  defp maybe_expand(t, 1), do: maybe_expand_aux(t, 1)

  defp maybe_expand_aux({:dict, size, _, _, _, exp_size, _, _, _} = t0, ic) when size + ic > exp_size do
    {:dict, size, n0, maxn, bso, _, _, empty, segs0} = maybe_expand_segs(t0)
    n = n0 + 1
    slot1 = n - bso
    b = get_bucket_s(segs0, slot1)
    slot2 = n
    [b1 | b2] = rehash(b, slot1, slot2, maxn)
    segs1 = put_bucket_s(segs0, slot1, b1)
    segs2 = put_bucket_s(segs1, slot2, b2)
    {:dict, size + ic, n, maxn, bso, n * @expand_load, n * @contract_load, empty, segs2}
  end

  defp maybe_expand_aux(t, ic), do: :erlang.setelement(2, t, :erlang.element(2, t) + ic)

  defp maybe_expand_segs({:dict, size, n, maxn, bso, exp_size, con_size, empty, segs}) when n === maxn do
    {:dict, size, n, 2 * maxn, 2 * bso, exp_size, con_size, empty, expand_segs(segs, empty)}
  end

  defp maybe_expand_segs(t), do: t

  defp maybe_contract({:dict, size, n, maxn, bso, _, con_size, empty, segs0}, dc)
       when size - dc < con_size and n > @seg_size do
    slot1 = n - bso
    b1 = get_bucket_s(segs0, slot1)
    slot2 = n
    b2 = get_bucket_s(segs0, slot2)
    segs1 = put_bucket_s(segs0, slot1, b1 ++ b2)
    segs2 = put_bucket_s(segs1, slot2, [])
    n1 = n - 1
    maybe_contract_segs({:dict, size - dc, n1, maxn, bso, n1 * @expand_load, n1 * @contract_load, empty, segs2})
  end

  defp maybe_contract(t, dc), do: :erlang.setelement(2, t, :erlang.element(2, t) - dc)

  defp maybe_contract_segs({:dict, size, n, maxn, bso, exp_size, con_size, empty, segs}) when n === bso do
    {:dict, size, n, div(maxn, 2), div(bso, 2), exp_size, con_size, empty, contract_segs(segs)}
  end

  defp maybe_contract_segs(t), do: t

  # [bucket of slot1 | bucket of slot2], each in the order of the bucket split.
  defp rehash([[key | _bag] = key_bag | t], slot1, slot2, max_n) do
    [l1 | l2] = rehash(t, slot1, slot2, max_n)

    case :beamsh_hash.phash(key, max_n) do
      ^slot1 -> [[key_bag | l1] | l2]
      ^slot2 -> [l1, key_bag | l2]
    end
  end

  defp rehash([], _slot1, _slot2, _max_n), do: [[]]

  defp mk_seg(16), do: {[], [], [], [], [], [], [], [], [], [], [], [], [], [], [], []}

  defp expand_segs(segs, empty) do
    :erlang.list_to_tuple(:erlang.tuple_to_list(segs) ++ :lists.duplicate(tuple_size(segs), empty))
  end

  defp contract_segs(segs) do
    ss = div(tuple_size(segs), 2)
    :erlang.list_to_tuple(:lists.sublist(:erlang.tuple_to_list(segs), 1, ss))
  end
end
