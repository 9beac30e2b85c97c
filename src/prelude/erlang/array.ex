# Erlang's :array as OTP 25 has it: the record `{:array, size, max, default, elements}`, a
# functional array of fixed-arity tuples. A leaf is a tuple of 10 elements; an inner node a
# tuple of 10 subtrees and, last, how many indices each subtree covers; an integer stands
# for a subtree not made yet (all defaults). `max` is 0 for a fixed array (no growth past
# `size`), else the capacity before the tree grows another level. Every function builds and
# walks the tree as OTP's does, so inspect shows the same terms, and bad arguments raise
# badarg (or {:badarg, rest} from from_orddict/2) where OTP's do.
defmodule :array do
  @leafsize 10
  @nodesize 10

  def new(), do: new([])

  def new(options), do: new_0(options, 0, false)

  def new(size, options) when is_integer(size) and size >= 0, do: new_0(options, size, true)
  def new(_, _), do: :erlang.error(:badarg)

  defp new_0(options, size, fixed) when is_list(options), do: new_1(options, size, fixed, :undefined)
  defp new_0(options, size, fixed), do: new_1([options], size, fixed, :undefined)

  defp new_1([:fixed | options], size, _, default), do: new_1(options, size, true, default)
  defp new_1([{:fixed, fixed} | options], size, _, default) when is_boolean(fixed), do: new_1(options, size, fixed, default)
  defp new_1([{:default, default} | options], size, fixed, _), do: new_1(options, size, fixed, default)
  defp new_1([{:size, size} | options], _, _, default) when is_integer(size) and size >= 0, do: new_1(options, size, true, default)
  defp new_1([size | options], _, _, default) when is_integer(size) and size >= 0, do: new_1(options, size, true, default)
  defp new_1([], size, fixed, default), do: new(size, fixed, default)
  defp new_1(_options, _size, _fixed, _default), do: :erlang.error(:badarg)

  defp new(0, false, :undefined), do: {:array, 0, @leafsize, :undefined, @leafsize}

  defp new(size, fixed, default) do
    e = find_max(size - 1, @leafsize)
    m = if fixed, do: 0, else: e
    {:array, size, m, default, e}
  end

  defp find_max(i, m) when i >= m, do: find_max(i, m * @nodesize)
  defp find_max(_i, m), do: m

  def is_array({:array, size, max, _, _}) when is_integer(size) and is_integer(max), do: true
  def is_array(_), do: false

  def size({:array, n, _, _, _}), do: n
  def size(_), do: :erlang.error(:badarg)

  def default({:array, _, _, d, _}), do: d
  def default(_), do: :erlang.error(:badarg)

  def fix({:array, n, _, d, e}), do: {:array, n, 0, d, e}

  def is_fix({:array, _, 0, _, _}), do: true
  def is_fix({:array, _, _, _, _}), do: false

  def relax({:array, n, _, d, e}), do: {:array, n, find_max(n - 1, @leafsize), d, e}

  def resize(size, {:array, n, m, d, e} = a) when is_integer(size) and size >= 0 do
    cond do
      size > n ->
        {e1, m1} = grow(size - 1, e, if(m > 0, do: m, else: find_max(n - 1, @leafsize)))
        {:array, size, if(m > 0, do: m1, else: m), d, e1}

      size < n ->
        {:array, size, m, d, e}

      true ->
        a
    end
  end

  def resize(_size, _), do: :erlang.error(:badarg)

  def resize(array), do: resize(sparse_size(array), array)

  # (set/3, get/2 and reset/2 raise badarg at two places each, laid out as OTP's are: a
  # stack frame's line tells which)
  def set(i, value, {:array, n, m, d, e} = a) when is_integer(i) and i >= 0 do
    cond do
      i < n ->
        :erlang.setelement(5, a, set_1(i, e, value, d))

      i < m ->
        {:array, i + 1, m, d, set_1(i, e, value, d)}

      m > 0 ->
        {e1, m1} = grow(i, e, m)
        {:array, i + 1, m1, d, set_1(i, e1, value, d)}

      true ->
        :erlang.error(:badarg)
    end
  end
  def set(_i, _v, _a), do: :erlang.error(:badarg)

  defp set_1(i, {_, _, _, _, _, _, _, _, _, _, s} = e, x, d) do
    i1 = div(i, s) + 1
    :erlang.setelement(i1, e, set_1(rem(i, s), :erlang.element(i1, e), x, d))
  end

  defp set_1(i, e, x, d) when is_integer(e), do: expand(i, e, x, d)
  defp set_1(i, e, x, _d), do: :erlang.setelement(i + 1, e, x)

  # The tree gains levels (the old tree as the first subtree) until index i fits.
  defp grow(i, e, _m) when is_integer(e) do
    m1 = find_max(i, e)
    {m1, m1}
  end

  defp grow(i, e, m), do: grow_1(i, e, m)

  defp grow_1(i, e, m) when i >= m, do: grow_1(i, :erlang.setelement(1, :erlang.make_tuple(@nodesize + 1, m), e), m * @nodesize)
  defp grow_1(_i, e, m), do: {e, m}

  defp expand(i, s, x, d) when s > @leafsize do
    s1 = div(s, @nodesize)
    :erlang.setelement(div(i, s1) + 1, :erlang.make_tuple(@nodesize + 1, s1), expand(rem(i, s1), s1, x, d))
  end

  defp expand(i, _s, x, d), do: :erlang.setelement(i + 1, :erlang.make_tuple(@leafsize, d), x)

  def get(i, {:array, n, m, d, e}) when is_integer(i) and i >= 0 do
    cond do
      i < n ->
        get_1(i, e, d)

      m > 0 ->
        d

      true -> :erlang.error(:badarg)
    end
  end
  def get(_i, _a), do: :erlang.error(:badarg)

  defp get_1(i, {_, _, _, _, _, _, _, _, _, _, s} = e, d), do: get_1(rem(i, s), :erlang.element(div(i, s) + 1, e), d)
  defp get_1(_i, e, d) when is_integer(e), do: d
  defp get_1(i, e, _d), do: :erlang.element(i + 1, e)

  def reset(i, {:array, n, m, d, e} = a) when is_integer(i) and i >= 0 do
    cond do
      i < n ->
        try do
          :erlang.setelement(5, a, reset_1(i, e, d))
        catch
          :throw, :default -> a
        end

      m > 0 -> a
      true -> :erlang.error(:badarg)
    end
  end
  def reset(_i, _a), do: :erlang.error(:badarg)

  defp reset_1(i, {_, _, _, _, _, _, _, _, _, _, s} = e, d) do
    i1 = div(i, s) + 1
    :erlang.setelement(i1, e, reset_1(rem(i, s), :erlang.element(i1, e), d))
  end

  defp reset_1(_i, e, _d) when is_integer(e), do: throw(:default)

  defp reset_1(i, e, d) do
    indx = i + 1

    case :erlang.element(indx, e) do
      ^d -> throw(:default)
      _ -> :erlang.setelement(i + 1, e, d)
    end
  end

  def to_list({:array, 0, _, _, _}), do: []
  def to_list({:array, n, _, d, e}), do: to_list_1(e, d, n - 1)
  def to_list(_), do: :erlang.error(:badarg)

  defp to_list_1({_, _, _, _, _, _, _, _, _, _, s} = e, d, i) do
    n = div(i, s)
    to_list_3(n, d, to_list_1(:erlang.element(n + 1, e), d, rem(i, s)), e)
  end

  defp to_list_1(e, d, i) when is_integer(e), do: push(i + 1, d, [])
  defp to_list_1(e, _d, i), do: push_tuple(i + 1, e, [])

  defp to_list_2({_, _, _, _, _, _, _, _, _, _, _s} = e, d, l), do: to_list_3(@nodesize, d, l, e)
  defp to_list_2(e, d, l) when is_integer(e), do: push(e, d, l)
  defp to_list_2(e, _d, l), do: push_tuple(@leafsize, e, l)

  defp to_list_3(0, _d, l, _e), do: l
  defp to_list_3(n, d, l, e), do: to_list_3(n - 1, d, to_list_2(:erlang.element(n, e), d, l), e)

  defp push(0, _e, l), do: l
  defp push(n, e, l), do: push(n - 1, e, [e | l])

  defp push_tuple(0, _t, l), do: l
  defp push_tuple(n, t, l), do: push_tuple(n - 1, t, [:erlang.element(n, t) | l])

  def sparse_to_list({:array, 0, _, _, _}), do: []
  def sparse_to_list({:array, n, _, d, e}), do: sparse_to_list_1(e, d, n - 1)
  def sparse_to_list(_), do: :erlang.error(:badarg)

  defp sparse_to_list_1({_, _, _, _, _, _, _, _, _, _, s} = e, d, i) do
    n = div(i, s)
    sparse_to_list_3(n, d, sparse_to_list_1(:erlang.element(n + 1, e), d, rem(i, s)), e)
  end

  defp sparse_to_list_1(e, _d, _i) when is_integer(e), do: []
  defp sparse_to_list_1(e, d, i), do: sparse_push_tuple(i + 1, d, e, [])

  defp sparse_to_list_2({_, _, _, _, _, _, _, _, _, _, _s} = e, d, l), do: sparse_to_list_3(@nodesize, d, l, e)
  defp sparse_to_list_2(e, _d, l) when is_integer(e), do: l
  defp sparse_to_list_2(e, d, l), do: sparse_push_tuple(@leafsize, d, e, l)

  defp sparse_to_list_3(0, _d, l, _e), do: l
  defp sparse_to_list_3(n, d, l, e), do: sparse_to_list_3(n - 1, d, sparse_to_list_2(:erlang.element(n, e), d, l), e)

  defp sparse_push_tuple(0, _d, _t, l), do: l

  defp sparse_push_tuple(n, d, t, l) do
    case :erlang.element(n, t) do
      ^d -> sparse_push_tuple(n - 1, d, t, l)
      e -> sparse_push_tuple(n - 1, d, t, [e | l])
    end
  end

  def from_list(list), do: from_list(list, :undefined)

  def from_list([], default), do: new({:default, default})

  def from_list(list, default) when is_list(list) do
    {e, n, m} = from_list_1(@leafsize, list, default, 0, [], [])
    {:array, n, m, default, e}
  end

  def from_list(_, _), do: :erlang.error(:badarg)

  # Leaves of 10 (the last padded with the default), then levels of 10 nodes above them.
  defp from_list_1(0, xs, d, n, as, es) do
    e = :erlang.list_to_tuple(:lists.reverse(as))

    case xs do
      [] ->
        case es do
          [] -> {e, n, @leafsize}
          _ -> from_list_2_0(n, [e | es], @leafsize)
        end

      [_ | _] ->
        from_list_1(@leafsize, xs, d, n, [], [e | es])

      _ ->
        :erlang.error(:badarg)
    end
  end

  defp from_list_1(i, xs, d, n, as, es) do
    case xs do
      [x | xs1] -> from_list_1(i - 1, xs1, d, n + 1, [x | as], es)
      _ -> from_list_1(i - 1, xs, d, n, [d | as], es)
    end
  end

  defp from_list_2_0(n, es, s) do
    from_list_2(@nodesize, pad(div(n - 1, s) + 1, @nodesize, s, es), s, n, [s], [])
  end

  defp from_list_2(0, xs, s, n, as, es) do
    e = :erlang.list_to_tuple(as)

    case xs do
      [] ->
        case es do
          [] -> {e, n, s * @nodesize}
          _ -> from_list_2_0(n, :lists.reverse([e | es]), s * @nodesize)
        end

      _ ->
        from_list_2(@nodesize, xs, s, n, [s], [e | es])
    end
  end

  defp from_list_2(i, [x | xs], s, n, as, es), do: from_list_2(i - 1, xs, s, n, [x | as], es)

  defp pad(n, k, p, es), do: push(rem(k - rem(n, k), k), p, es)

  def to_orddict({:array, 0, _, _, _}), do: []

  def to_orddict({:array, n, _, d, e}) do
    i = n - 1
    to_orddict_1(e, i, d, i)
  end

  def to_orddict(_), do: :erlang.error(:badarg)

  defp to_orddict_1({_, _, _, _, _, _, _, _, _, _, s} = e, r, d, i) do
    n = div(i, s)
    i1 = rem(i, s)
    to_orddict_3(n, r - i1 - 1, d, to_orddict_1(:erlang.element(n + 1, e), r, d, i1), e, s)
  end

  defp to_orddict_1(e, r, d, i) when is_integer(e), do: push_pairs(i + 1, r, d, [])
  defp to_orddict_1(e, r, _d, i), do: push_tuple_pairs(i + 1, r, e, [])

  defp to_orddict_2({_, _, _, _, _, _, _, _, _, _, s} = e, r, d, l), do: to_orddict_3(@nodesize, r, d, l, e, s)
  defp to_orddict_2(e, r, d, l) when is_integer(e), do: push_pairs(e, r, d, l)
  defp to_orddict_2(e, r, _d, l), do: push_tuple_pairs(@leafsize, r, e, l)

  defp to_orddict_3(0, _r, _d, l, _e, _s), do: l
  defp to_orddict_3(n, r, d, l, e, s), do: to_orddict_3(n - 1, r - s, d, to_orddict_2(:erlang.element(n, e), r, d, l), e, s)

  defp push_pairs(0, _i, _e, l), do: l
  defp push_pairs(n, i, e, l), do: push_pairs(n - 1, i - 1, e, [{i, e} | l])

  defp push_tuple_pairs(0, _i, _t, l), do: l
  defp push_tuple_pairs(n, i, t, l), do: push_tuple_pairs(n - 1, i - 1, t, [{i, :erlang.element(n, t)} | l])

  def sparse_to_orddict({:array, 0, _, _, _}), do: []

  def sparse_to_orddict({:array, n, _, d, e}) do
    i = n - 1
    sparse_to_orddict_1(e, i, d, i)
  end

  def sparse_to_orddict(_), do: :erlang.error(:badarg)

  defp sparse_to_orddict_1({_, _, _, _, _, _, _, _, _, _, s} = e, r, d, i) do
    n = div(i, s)
    i1 = rem(i, s)
    sparse_to_orddict_3(n, r - i1 - 1, d, sparse_to_orddict_1(:erlang.element(n + 1, e), r, d, i1), e, s)
  end

  defp sparse_to_orddict_1(e, _r, _d, _i) when is_integer(e), do: []
  defp sparse_to_orddict_1(e, r, d, i), do: sparse_push_tuple_pairs(i + 1, r, d, e, [])

  defp sparse_to_orddict_2({_, _, _, _, _, _, _, _, _, _, s} = e, r, d, l), do: sparse_to_orddict_3(@nodesize, r, d, l, e, s)
  defp sparse_to_orddict_2(e, _r, _d, l) when is_integer(e), do: l
  defp sparse_to_orddict_2(e, r, d, l), do: sparse_push_tuple_pairs(@leafsize, r, d, e, l)

  defp sparse_to_orddict_3(0, _r, _d, l, _e, _s), do: l

  defp sparse_to_orddict_3(n, r, d, l, e, s) do
    sparse_to_orddict_3(n - 1, r - s, d, sparse_to_orddict_2(:erlang.element(n, e), r, d, l), e, s)
  end

  defp sparse_push_tuple_pairs(0, _i, _d, _t, l), do: l

  defp sparse_push_tuple_pairs(n, i, d, t, l) do
    case :erlang.element(n, t) do
      ^d -> sparse_push_tuple_pairs(n - 1, i - 1, d, t, l)
      e -> sparse_push_tuple_pairs(n - 1, i - 1, d, t, [{i, e} | l])
    end
  end

  def from_orddict(orddict), do: from_orddict(orddict, :undefined)

  def from_orddict([], default), do: new({:default, default})

  def from_orddict(list, default) when is_list(list) do
    {e, n, m} = from_orddict_0(list, 0, @leafsize, default, [])
    {:array, n, m, default, e}
  end

  def from_orddict(_, _), do: :erlang.error(:badarg)

  # Leaves (runs of defaults past the next index skipped as integers), then collect_leafs.
  defp from_orddict_0([], n, _max, _d, es) do
    case es do
      [e] -> {e, n, @leafsize}
      _ -> collect_leafs(n, es, @leafsize)
    end
  end

  defp from_orddict_0([{ix1, _} | _] = xs, ix, max0, d, es0) when ix1 > max0 and is_integer(ix1) do
    hole = ix1 - ix
    step = hole - rem(hole, @leafsize)
    next = ix + step
    from_orddict_0(xs, next, next + @leafsize, d, [step | es0])
  end

  defp from_orddict_0([{_, _} | _] = xs0, ix0, max, d, es) do
    {xs, e, ix} = from_orddict_1(ix0, max, xs0, ix0, d, [])
    from_orddict_0(xs, ix, ix + @leafsize, d, [e | es])
  end

  defp from_orddict_0(xs, _, _, _, _), do: :erlang.error({:badarg, xs})

  defp from_orddict_1(ix, ix, xs, n, _d, as) do
    e = :erlang.list_to_tuple(:lists.reverse(as))
    {xs, e, n}
  end

  defp from_orddict_1(ix, max, xs, n0, d, as) do
    case xs do
      [{^ix, val} | xs1] ->
        n = ix + 1
        from_orddict_1(n, max, xs1, n, d, [val | as])

      [{ix1, _} | _] when is_integer(ix1) and ix1 > ix ->
        n = ix + 1
        from_orddict_1(n, max, xs, n, d, [d | as])

      [_ | _] ->
        :erlang.error({:badarg, xs})

      _ ->
        from_orddict_1(ix + 1, max, xs, n0, d, [d | as])
    end
  end

  defp collect_leafs(n, es, s) do
    i = div(n - 1, s) + 1
    pad = rem(@nodesize - rem(i, @nodesize), @nodesize) * s

    case pad do
      0 -> collect_leafs(@nodesize, es, s, n, [s], [])
      _ -> collect_leafs(@nodesize, [pad | es], s, n, [s], [])
    end
  end

  defp collect_leafs(0, xs, s, n, as, es) do
    e = :erlang.list_to_tuple(as)

    case xs do
      [] ->
        case es do
          [] -> {e, n, s * @nodesize}
          _ -> collect_leafs(n, :lists.reverse([e | es]), s * @nodesize)
        end

      _ ->
        collect_leafs(@nodesize, xs, s, n, [s], [e | es])
    end
  end

  defp collect_leafs(i, [x | xs], s, n, as0, es0) when is_integer(x) do
    step0 = div(x, s)

    cond do
      step0 < i ->
        as = push(step0, s, as0)
        collect_leafs(i - step0, xs, s, n, as, es0)

      i === @nodesize ->
        step = rem(step0, @nodesize)
        as = push(step, s, as0)
        collect_leafs(i - step, xs, s, n, as, [x | es0])

      i === step0 ->
        as = push(i, s, as0)
        collect_leafs(0, xs, s, n, as, es0)

      true ->
        as = push(i, s, as0)
        step = step0 - i
        collect_leafs(0, [step * s | xs], s, n, as, es0)
    end
  end

  defp collect_leafs(i, [x | xs], s, n, as, es), do: collect_leafs(i - 1, xs, s, n, [x | as], es)
  defp collect_leafs(@nodesize, [], s, n, [_], es), do: collect_leafs(n, :lists.reverse(es), s * @nodesize)

  def map(function, {:array, n, _, d, e} = array) when is_function(function, 2) do
    if n > 0 do
      a = :erlang.setelement(5, array, [])
      :erlang.setelement(5, a, map_1(n - 1, e, 0, function, d))
    else
      array
    end
  end

  def map(_, _), do: :erlang.error(:badarg)

  defp map_1(n, {_, _, _, _, _, _, _, _, _, _, s} = e, ix, f, d) do
    :erlang.list_to_tuple(:lists.reverse([s | map_2(1, e, ix, f, d, [], div(n, s) + 1, rem(n, s), s)]))
  end

  defp map_1(n, e, ix, f, d) when is_integer(e), do: map_1(n, unfold(e, d), ix, f, d)
  defp map_1(n, e, ix, f, d), do: :erlang.list_to_tuple(:lists.reverse(map_3(1, e, ix, f, d, n + 1, [])))

  defp map_2(i, e, ix, f, d, l, i, r, _s), do: map_2_1(i + 1, e, [map_1(r, :erlang.element(i, e), ix, f, d) | l])

  defp map_2(i, e, ix, f, d, l, n, r, s) do
    map_2(i + 1, e, ix + s, f, d, [map_1(s - 1, :erlang.element(i, e), ix, f, d) | l], n, r, s)
  end

  defp map_2_1(i, e, l) when i <= @nodesize, do: map_2_1(i + 1, e, [:erlang.element(i, e) | l])
  defp map_2_1(_i, _e, l), do: l

  defp map_3(i, e, ix, f, d, n, l) when i <= n, do: map_3(i + 1, e, ix + 1, f, d, n, [f.(ix, :erlang.element(i, e)) | l])
  defp map_3(i, e, ix, f, d, n, l) when i <= @leafsize, do: map_3(i + 1, e, ix + 1, f, d, n, [d | l])
  defp map_3(_i, _e, _ix, _f, _d, _n, l), do: l

  defp unfold(s, _d) when s > @leafsize, do: :erlang.make_tuple(@nodesize + 1, div(s, @nodesize))
  defp unfold(_s, d), do: :erlang.make_tuple(@leafsize, d)

  def sparse_map(function, {:array, n, _, d, e} = array) when is_function(function, 2) do
    if n > 0 do
      a = :erlang.setelement(5, array, [])
      :erlang.setelement(5, a, sparse_map_1(n - 1, e, 0, function, d))
    else
      array
    end
  end

  def sparse_map(_, _), do: :erlang.error(:badarg)

  defp sparse_map_1(n, {_, _, _, _, _, _, _, _, _, _, s} = e, ix, f, d) do
    :erlang.list_to_tuple(:lists.reverse([s | sparse_map_2(1, e, ix, f, d, [], div(n, s) + 1, rem(n, s), s)]))
  end

  defp sparse_map_1(_n, e, _ix, _f, _d) when is_integer(e), do: e
  defp sparse_map_1(_n, e, ix, f, d), do: :erlang.list_to_tuple(:lists.reverse(sparse_map_3(1, e, ix, f, d, [])))

  defp sparse_map_2(i, e, ix, f, d, l, i, r, _s), do: sparse_map_2_1(i + 1, e, [sparse_map_1(r, :erlang.element(i, e), ix, f, d) | l])

  defp sparse_map_2(i, e, ix, f, d, l, n, r, s) do
    sparse_map_2(i + 1, e, ix + s, f, d, [sparse_map_1(s - 1, :erlang.element(i, e), ix, f, d) | l], n, r, s)
  end

  defp sparse_map_2_1(i, e, l) when i <= @nodesize, do: sparse_map_2_1(i + 1, e, [:erlang.element(i, e) | l])
  defp sparse_map_2_1(_i, _e, l), do: l

  defp sparse_map_3(i, t, ix, f, d, l) when i <= @leafsize do
    case :erlang.element(i, t) do
      ^d -> sparse_map_3(i + 1, t, ix + 1, f, d, [d | l])
      e -> sparse_map_3(i + 1, t, ix + 1, f, d, [f.(ix, e) | l])
    end
  end

  defp sparse_map_3(_i, _e, _ix, _f, _d, l), do: l

  def foldl(function, a, {:array, n, _, d, e}) when is_function(function, 3) do
    if n > 0, do: foldl_1(n - 1, e, a, 0, function, d), else: a
  end

  def foldl(_, _, _), do: :erlang.error(:badarg)

  defp foldl_1(n, {_, _, _, _, _, _, _, _, _, _, s} = e, a, ix, f, d), do: foldl_2(1, e, a, ix, f, d, div(n, s) + 1, rem(n, s), s)
  defp foldl_1(n, e, a, ix, f, d) when is_integer(e), do: foldl_1(n, unfold(e, d), a, ix, f, d)
  defp foldl_1(n, e, a, ix, f, _d), do: foldl_3(1, e, a, ix, f, n + 1)

  defp foldl_2(i, e, a, ix, f, d, i, r, _s), do: foldl_1(r, :erlang.element(i, e), a, ix, f, d)

  defp foldl_2(i, e, a, ix, f, d, n, r, s) do
    foldl_2(i + 1, e, foldl_1(s - 1, :erlang.element(i, e), a, ix, f, d), ix + s, f, d, n, r, s)
  end

  defp foldl_3(i, e, a, ix, f, n) when i <= n, do: foldl_3(i + 1, e, f.(ix, :erlang.element(i, e), a), ix + 1, f, n)
  defp foldl_3(_i, _e, a, _ix, _f, _n), do: a

  def sparse_foldl(function, a, {:array, n, _, d, e}) when is_function(function, 3) do
    if n > 0, do: sparse_foldl_1(n - 1, e, a, 0, function, d), else: a
  end

  def sparse_foldl(_, _, _), do: :erlang.error(:badarg)

  defp sparse_foldl_1(n, {_, _, _, _, _, _, _, _, _, _, s} = e, a, ix, f, d) do
    sparse_foldl_2(1, e, a, ix, f, d, div(n, s) + 1, rem(n, s), s)
  end

  defp sparse_foldl_1(_n, e, a, _ix, _f, _d) when is_integer(e), do: a
  defp sparse_foldl_1(n, e, a, ix, f, d), do: sparse_foldl_3(1, e, a, ix, f, d, n + 1)

  defp sparse_foldl_2(i, e, a, ix, f, d, i, r, _s), do: sparse_foldl_1(r, :erlang.element(i, e), a, ix, f, d)

  defp sparse_foldl_2(i, e, a, ix, f, d, n, r, s) do
    sparse_foldl_2(i + 1, e, sparse_foldl_1(s - 1, :erlang.element(i, e), a, ix, f, d), ix + s, f, d, n, r, s)
  end

  defp sparse_foldl_3(i, t, a, ix, f, d, n) when i <= n do
    case :erlang.element(i, t) do
      ^d -> sparse_foldl_3(i + 1, t, a, ix + 1, f, d, n)
      e -> sparse_foldl_3(i + 1, t, f.(ix, e, a), ix + 1, f, d, n)
    end
  end

  defp sparse_foldl_3(_i, _t, a, _ix, _f, _d, _n), do: a

  def foldr(function, a, {:array, n, _, d, e}) when is_function(function, 3) do
    if n > 0 do
      i = n - 1
      foldr_1(i, e, i, a, function, d)
    else
      a
    end
  end

  def foldr(_, _, _), do: :erlang.error(:badarg)

  defp foldr_1(i, {_, _, _, _, _, _, _, _, _, _, s} = e, ix, a, f, d), do: foldr_2(div(i, s) + 1, e, ix, a, f, d, rem(i, s), s - 1)
  defp foldr_1(i, e, ix, a, f, d) when is_integer(e), do: foldr_1(i, unfold(e, d), ix, a, f, d)

  defp foldr_1(i, e, ix, a, f, _d) do
    i1 = i + 1
    foldr_3(i1, e, ix - i1, a, f)
  end

  defp foldr_2(0, _e, _ix, a, _f, _d, _r, _r0), do: a

  defp foldr_2(i, e, ix, a, f, d, r, r0) do
    foldr_2(i - 1, e, ix - r - 1, foldr_1(r, :erlang.element(i, e), ix, a, f, d), f, d, r0, r0)
  end

  defp foldr_3(0, _e, _ix, a, _f), do: a
  defp foldr_3(i, e, ix, a, f), do: foldr_3(i - 1, e, ix, f.(ix + i, :erlang.element(i, e), a), f)

  def sparse_foldr(function, a, {:array, n, _, d, e}) when is_function(function, 3) do
    if n > 0 do
      i = n - 1
      sparse_foldr_1(i, e, i, a, function, d)
    else
      a
    end
  end

  def sparse_foldr(_, _, _), do: :erlang.error(:badarg)

  defp sparse_foldr_1(i, {_, _, _, _, _, _, _, _, _, _, s} = e, ix, a, f, d) do
    sparse_foldr_2(div(i, s) + 1, e, ix, a, f, d, rem(i, s), s - 1)
  end

  defp sparse_foldr_1(_i, e, _ix, a, _f, _d) when is_integer(e), do: a

  defp sparse_foldr_1(i, e, ix, a, f, d) do
    i1 = i + 1
    sparse_foldr_3(i1, e, ix - i1, a, f, d)
  end

  defp sparse_foldr_2(0, _e, _ix, a, _f, _d, _r, _r0), do: a

  defp sparse_foldr_2(i, e, ix, a, f, d, r, r0) do
    sparse_foldr_2(i - 1, e, ix - r - 1, sparse_foldr_1(r, :erlang.element(i, e), ix, a, f, d), f, d, r0, r0)
  end

  defp sparse_foldr_3(0, _t, _ix, a, _f, _d), do: a

  defp sparse_foldr_3(i, t, ix, a, f, d) do
    case :erlang.element(i, t) do
      ^d -> sparse_foldr_3(i - 1, t, ix, a, f, d)
      e -> sparse_foldr_3(i - 1, t, ix, f.(ix + i, e, a), f, d)
    end
  end

  # The highest index not holding the default, plus one: the first the right fold meets.
  def sparse_size(a) do
    f = fn i, _v, _a -> throw({:value, i}) end

    try do
      sparse_foldr(f, [], a)
    catch
      :throw, {:value, i} -> i + 1
    else
      [] -> 0
    end
  end
end
