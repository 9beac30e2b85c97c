# The fun-taking functions of Erlang's :lists and :maps (the rest are natives). Enum and
# List build on these, so they are plain tail-recursive loops.
defmodule :lists do
  # As OTP's: a fun of the wrong arity fails the entry guard (FunctionClauseError), a
  # predicate answering neither true nor false is a CaseClauseError, and an improper list
  # fails in the helper walking it (e.g. :lists.map_1/2).
  def foldl(fun, acc, list) when is_function(fun, 2) do
    case list do
      [h | t] -> foldl_1(fun, fun.(h, acc), t)
      [] -> acc
    end
  end

  defp foldl_1(fun, acc, [h | t]), do: foldl_1(fun, fun.(h, acc), t)
  defp foldl_1(_fun, acc, []), do: acc

  def foldr(fun, acc, list) when is_function(fun, 2), do: foldr_1(fun, acc, list)
  defp foldr_1(fun, acc, [h | t]), do: fun.(h, foldr_1(fun, acc, t))
  defp foldr_1(_fun, acc, []), do: acc

  def map(fun, list) when is_function(fun, 1) do
    case list do
      [h | t] -> [fun.(h) | map_1(fun, t, [])]
      [] -> []
    end
  end

  defp map_1(fun, [h | t], acc), do: map_1(fun, t, [fun.(h) | acc])
  defp map_1(_fun, [], acc), do: :lists.reverse(acc)
  defp map_1(fun, other, _acc), do: raise(FunctionClauseError, module: :lists, function: :map_1, arity: 2, args: [fun, other])

  def foreach(fun, list) when is_function(fun, 1), do: foreach_1(fun, list)

  defp foreach_1(fun, [h | t]) do
    fun.(h)
    foreach_1(fun, t)
  end

  defp foreach_1(_fun, []), do: :ok

  # A list comprehension in OTP: the generator must be a list, the filter a boolean.
  def filter(pred, list) when is_function(pred, 1), do: filter_1(pred, list, [])

  defp filter_1(pred, [h | t], acc) do
    case pred.(h) do
      true -> filter_1(pred, t, [h | acc])
      false -> filter_1(pred, t, acc)
      other -> :erlang.error({:bad_filter, other})
    end
  end

  defp filter_1(_pred, [], acc), do: :lists.reverse(acc)
  defp filter_1(_pred, other, _acc), do: :erlang.error({:bad_generator, other})

  def filtermap(fun, list) when is_function(fun, 1), do: filtermap_1(fun, list, [])

  defp filtermap_1(fun, [h | t], acc) do
    case fun.(h) do
      false -> filtermap_1(fun, t, acc)
      true -> filtermap_1(fun, t, [h | acc])
      {true, v} -> filtermap_1(fun, t, [v | acc])
    end
  end

  defp filtermap_1(_fun, [], acc), do: :lists.reverse(acc)

  def flatmap(fun, list) when is_function(fun, 1), do: flatmap_1(fun, list)

  defp flatmap_1(fun, [h | t]) do
    first = fun.(h)
    first ++ flatmap_1(fun, t)
  end

  defp flatmap_1(_fun, []), do: []

  def mapfoldl(fun, acc, list) when is_function(fun, 2), do: mapfoldl_1(fun, acc, list)

  defp mapfoldl_1(fun, acc0, [h | t]) do
    {r, acc1} = fun.(h, acc0)
    {rs, acc2} = mapfoldl_1(fun, acc1, t)
    {[r | rs], acc2}
  end

  defp mapfoldl_1(_fun, acc, []), do: {[], acc}

  def mapfoldr(fun, acc, list) when is_function(fun, 2), do: mapfoldr_1(fun, acc, list)

  defp mapfoldr_1(fun, acc0, [h | t]) do
    {rs, acc1} = mapfoldr_1(fun, acc0, t)
    {r, acc2} = fun.(h, acc1)
    {[r | rs], acc2}
  end

  defp mapfoldr_1(_fun, acc, []), do: {[], acc}

  def all(pred, list) when is_function(pred, 1) do
    case list do
      [h | t] ->
        case pred.(h) do
          true -> all_1(pred, t)
          false -> false
        end

      [] ->
        true
    end
  end

  defp all_1(pred, [h | t]) do
    case pred.(h) do
      true -> all_1(pred, t)
      false -> false
    end
  end

  defp all_1(_pred, []), do: true

  def any(pred, list) when is_function(pred, 1) do
    case list do
      [h | t] ->
        case pred.(h) do
          true -> true
          false -> any_1(pred, t)
        end

      [] ->
        false
    end
  end

  defp any_1(pred, [h | t]) do
    case pred.(h) do
      true -> true
      false -> any_1(pred, t)
    end
  end

  defp any_1(_pred, []), do: false

  def dropwhile(pred, list) when is_function(pred, 1), do: dropwhile_1(pred, list)

  defp dropwhile_1(pred, [h | t] = list) do
    case pred.(h) do
      true -> dropwhile_1(pred, t)
      false -> list
    end
  end

  defp dropwhile_1(_pred, []), do: []

  def takewhile(pred, list) when is_function(pred, 1), do: takewhile_1(pred, list, [])

  defp takewhile_1(pred, [h | t], acc) do
    case pred.(h) do
      true -> takewhile_1(pred, t, [h | acc])
      false -> :lists.reverse(acc)
    end
  end

  defp takewhile_1(_pred, [], acc), do: :lists.reverse(acc)

  def splitwith(pred, list) when is_function(pred, 1), do: splitwith_1(pred, list, [])

  defp splitwith_1(pred, [h | t] = list, acc) do
    case pred.(h) do
      true -> splitwith_1(pred, t, [h | acc])
      false -> {:lists.reverse(acc), list}
    end
  end

  defp splitwith_1(_pred, [], acc), do: {:lists.reverse(acc), []}

  def partition(pred, list) when is_function(pred, 1), do: partition_1(pred, list, [], [])

  defp partition_1(pred, [h | t], yes, no) do
    case pred.(h) do
      true -> partition_1(pred, t, [h | yes], no)
      false -> partition_1(pred, t, yes, [h | no])
    end
  end

  defp partition_1(_pred, [], yes, no), do: {:lists.reverse(yes), :lists.reverse(no)}

  def search(pred, list) when is_function(pred, 1), do: search_1(pred, list)

  defp search_1(pred, [h | t]) do
    case pred.(h) do
      true -> {:value, h}
      false -> search_1(pred, t)
    end
  end

  defp search_1(_pred, []), do: false

  def zipwith(fun, [x | xs], [y | ys]), do: [fun.(x, y) | zipwith(fun, xs, ys)]
  def zipwith(fun, [], []) when is_function(fun, 2), do: []

  def zipwith3(fun, [x | xs], [y | ys], [z | zs]), do: [fun.(x, y, z) | zipwith3(fun, xs, ys, zs)]
  def zipwith3(fun, [], [], []) when is_function(fun, 3), do: []

  def keymap(fun, n, [tup | t]), do: [:erlang.setelement(n, tup, fun.(:erlang.element(n, tup))) | keymap(fun, n, t)]
  def keymap(fun, n, []) when is_function(fun, 1) and is_integer(n), do: []

  # Stable merge sort: `fun.(a, b)` is true when a may come before b. (As OTP's, only
  # the short lists check that fun is a fun.)
  def sort(fun, []) when is_function(fun, 2), do: []
  def sort(fun, [_] = list) when is_function(fun, 2), do: list
  def sort(fun, [_, _ | _] = list), do: merge_sort(list, length(list), fun)

  def usort(fun, []) when is_function(fun, 2), do: []
  def usort(fun, [_] = list) when is_function(fun, 2), do: list
  def usort(fun, [_, _ | _] = list), do: dedup_sorted(sort(fun, list), fun)

  # The merges with a fun, named and laid out as OTP's helpers (so a bad list fails where
  # OTP's does, in the helper walking it, below the merge waiting on its result): each
  # helper gathers the merged elements in reverse and the merge turns them round. merge
  # takes from the first list while fun.(h1, h2); rmerge from the second while
  # fun.(h1, h2); umerge drops an element of the second list equal to the one just taken
  # from the first; rumerge lets an element of the first replace an equal one of the second.
  def merge(fun, list1, [h2 | t2]) when is_function(fun, 2), do: :lists.reverse(fmerge2_1(list1, h2, fun, t2, []), [])
  def merge(fun, list1, []) when is_function(fun, 2), do: list1

  defp fmerge2_1([h1 | t1], h2, fun, t2, acc) do
    case fun.(h1, h2) do
      true -> fmerge2_1(t1, h2, fun, t2, [h1 | acc])
      false -> fmerge2_2(h1, t1, fun, t2, [h2 | acc])
    end
  end

  defp fmerge2_1([], h2, _fun, t2, acc), do: :lists.reverse(t2, [h2 | acc])

  defp fmerge2_2(h1, t1, fun, [h2 | t2], acc) do
    case fun.(h1, h2) do
      true -> fmerge2_1(t1, h2, fun, t2, [h1 | acc])
      false -> fmerge2_2(h1, t1, fun, t2, [h2 | acc])
    end
  end

  defp fmerge2_2(h1, t1, _fun, [], acc), do: :lists.reverse(t1, [h1 | acc])

  def rmerge(fun, list1, [h2 | t2]) when is_function(fun, 2), do: :lists.reverse(rfmerge2_1(list1, h2, fun, t2, []), [])
  def rmerge(fun, list1, []) when is_function(fun, 2), do: list1

  defp rfmerge2_1([h1 | t1], h2, fun, t2, acc) do
    case fun.(h1, h2) do
      true -> rfmerge2_2(h1, t1, fun, t2, [h2 | acc])
      false -> rfmerge2_1(t1, h2, fun, t2, [h1 | acc])
    end
  end

  defp rfmerge2_1([], h2, _fun, t2, acc), do: :lists.reverse(t2, [h2 | acc])

  defp rfmerge2_2(h1, t1, fun, [h2 | t2], acc) do
    case fun.(h1, h2) do
      true -> rfmerge2_2(h1, t1, fun, t2, [h2 | acc])
      false -> rfmerge2_1(t1, h2, fun, t2, [h1 | acc])
    end
  end

  defp rfmerge2_2(h1, t1, _fun, [], acc), do: :lists.reverse(t1, [h1 | acc])

  def umerge(fun, [], list2) when is_function(fun, 2), do: list2
  def umerge(fun, [h1 | t1], list2) when is_function(fun, 2), do: :lists.reverse(ufmerge2_2(h1, t1, fun, list2, []), [])

  defp ufmerge2_1([h1 | t1], h2, fun, t2, acc, last) do
    case fun.(h1, h2) do
      true ->
        ufmerge2_1(t1, h2, fun, t2, [h1 | acc], h1)

      false ->
        case fun.(h2, last) do
          true -> ufmerge2_2(h1, t1, fun, t2, acc)
          false -> ufmerge2_2(h1, t1, fun, t2, [h2 | acc])
        end
    end
  end

  defp ufmerge2_1([], h2, fun, t2, acc, last) do
    case fun.(h2, last) do
      true -> :lists.reverse(t2, acc)
      false -> :lists.reverse(t2, [h2 | acc])
    end
  end

  defp ufmerge2_2(h1, t1, fun, [h2 | t2], acc) do
    case fun.(h1, h2) do
      true -> ufmerge2_1(t1, h2, fun, t2, [h1 | acc], h1)
      false -> ufmerge2_2(h1, t1, fun, t2, [h2 | acc])
    end
  end

  defp ufmerge2_2(h1, t1, _fun, [], acc), do: :lists.reverse(t1, [h1 | acc])

  def rumerge(fun, list1, []) when is_function(fun, 2), do: list1
  def rumerge(fun, list1, [h2 | t2]) when is_function(fun, 2), do: :lists.reverse(rufmerge2_1(list1, h2, fun, t2, []), [])

  defp rufmerge2_1([h1 | t1], h2, fun, t2, acc) do
    case fun.(h1, h2) do
      true -> rufmerge2_2(h1, t1, fun, t2, acc, h2)
      false -> rufmerge2_1(t1, h2, fun, t2, [h1 | acc])
    end
  end

  defp rufmerge2_1([], h2, _fun, t2, acc), do: :lists.reverse(t2, [h2 | acc])

  defp rufmerge2_2(h1, t1, fun, [h2 | t2], acc, h2m) do
    case fun.(h1, h2) do
      true ->
        rufmerge2_2(h1, t1, fun, t2, [h2m | acc], h2)

      false ->
        case fun.(h2m, h1) do
          true -> rufmerge2_1(t1, h2, fun, t2, [h1 | acc])
          false -> rufmerge2_1(t1, h2, fun, t2, [h1, h2m | acc])
        end
    end
  end

  defp rufmerge2_2(h1, t1, fun, [], acc, h2m) do
    case fun.(h2m, h1) do
      true -> :lists.reverse(t1, [h1 | acc])
      false -> :lists.reverse(t1, [h1, h2m | acc])
    end
  end

  # An old name of filtermap/2.
  def zf(fun, list), do: filtermap(fun, list)

  def uniq(fun, list) when is_function(fun, 1), do: uniq_2(list, fun, %{})

  defp uniq_2([h | t], fun, seen) do
    key = fun.(h)

    case seen do
      %{^key => _} -> uniq_2(t, fun, seen)
      %{} -> [h | uniq_2(t, fun, Map.put(seen, key, true))]
    end
  end

  defp uniq_2([], _fun, _seen), do: []

  defp merge_sort(list, n, _fun) when n < 2, do: list

  defp merge_sort(list, n, fun) do
    half = div(n, 2)
    {left, right} = :lists.split(half, list)
    merge_lists(merge_sort(left, half, fun), merge_sort(right, n - half, fun), fun, [])
  end

  defp merge_lists([l | lt] = left, [r | rt] = right, fun, acc) do
    if bool!(fun.(l, r)) do
      merge_lists(lt, right, fun, [l | acc])
    else
      merge_lists(left, rt, fun, [r | acc])
    end
  end

  defp merge_lists([], right, _fun, acc), do: :lists.reverse(acc, right)
  defp merge_lists(left, [], _fun, acc), do: :lists.reverse(acc, left)

  # usort/2 keeps the first of elements that sort both ways (a <= b and b <= a).
  defp dedup_sorted([a, b | t], fun) do
    if bool!(fun.(b, a)), do: dedup_sorted([a | t], fun), else: [a | dedup_sorted([b | t], fun)]
  end

  defp dedup_sorted(list, _fun), do: list

  # The answer of a comparison fun, which OTP matches against true and false.
  defp bool!(true), do: true
  defp bool!(false), do: false
  defp bool!(other), do: raise(CaseClauseError, term: other)
end
